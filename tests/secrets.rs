//! No secret leaks: the secret access key, the session token and every request signature
//! must be absent from `Debug`/`Display` of clients, builders, credentials, the credentials
//! chain, every error this crate can be made to return, signed requests, trace-level logs and
//! recorded fixtures.
//!
//! Signatures are not guessed: each is read from the `Authorization` header of a request the
//! `MockTransport` actually received, and then searched for.

use std::path::Path;
use std::sync::{Arc, Mutex, Once};
use std::time::{Duration, UNIX_EPOCH};

use cloudfront::clock::ManualClock;
use cloudfront::transport::{
    Expectation, HttpRequest, MockTransport, RecordingTransport, TransportErrorKind,
};
use cloudfront::{
    Client, ClientBuilder, Credentials, CredentialsChain, DistributionConfig, Error, Origin,
    RetryPolicy, WaitOptions,
};

const ACCESS_KEY: &str = "AKIDLEAKTEST0001";
const SECRET: &str = "wJalrXUtnFEMIqz7LEAKTESTsecretKEYbPxRfiCY";
const TOKEN: &str = "IQoJb3JpZ2luLEAKTESTsessionTOKENzEHsaCXVzLWVhc3QtMSJHMEUCIQ";
/// Fragments of the secret and the token: a partial leak (truncated, wrapped) is a leak too.
const FRAGMENTS: [&str; 4] = [
    "qz7LEAKTESTsecret",
    "wJalrXUtnFEMIqz7",
    "LEAKTESTsessionTOKEN",
    "zEHsaCXVzLWVhc3Qt",
];

const DISTRIBUTION_XML: &str = include_str!("../fixtures/distribution/distribution.xml");
const INVALIDATION_XML: &str = "<?xml version=\"1.0\"?>\
<Invalidation xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\"><Id>I2J0I21PCUYOIK</Id>\
<Status>InProgress</Status><CreateTime>2026-11-25T19:35:24.838Z</CreateTime><InvalidationBatch>\
<Paths><Quantity>1</Quantity><Items><Path>/index.html</Path></Items></Paths>\
<CallerReference>ref-1</CallerReference></InvalidationBatch></Invalidation>";

// ---------------------------------------------------------------------------------------
// A logger that keeps every record, at every level, for the whole test binary.

static RECORDS: Mutex<Vec<String>> = Mutex::new(Vec::new());

struct Capture;

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        let line = format!("{} {} {}", record.level(), record.target(), record.args());
        RECORDS.lock().unwrap_or_else(|p| p.into_inner()).push(line);
    }
    fn flush(&self) {}
}

static CAPTURE: Capture = Capture;

fn install_logger() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        log::set_logger(&CAPTURE).expect("no other logger in this test binary");
        log::set_max_level(log::LevelFilter::Trace);
    });
}

fn log_records() -> Vec<String> {
    RECORDS.lock().unwrap_or_else(|p| p.into_inner()).clone()
}

// ---------------------------------------------------------------------------------------

fn credentials() -> Credentials {
    Credentials::new(ACCESS_KEY, SECRET).with_session_token(TOKEN)
}

/// The `Signature=` value of every request the mock received.
fn signatures(requests: &[HttpRequest]) -> Vec<String> {
    let sigs: Vec<String> = requests
        .iter()
        .map(|r| {
            let auth = r.header("authorization").expect("every request is signed");
            let sig = auth
                .split("Signature=")
                .nth(1)
                .expect("Authorization has a Signature=")
                .trim()
                .to_string();
            assert_eq!(sig.len(), 64, "hex SHA-256 signature in {auth:?}");
            sig
        })
        .collect();
    assert!(!sigs.is_empty(), "the flow sent signed requests");
    sigs
}

/// Fails when `text` holds the secret key, the session token (or a fragment of either), or
/// one of `signatures` (or its first half).
#[track_caller]
fn assert_clean(what: &str, text: &str, signatures: &[String]) {
    assert!(
        !text.contains(SECRET),
        "{what} leaks the secret key:\n{text}"
    );
    assert!(
        !text.contains(TOKEN),
        "{what} leaks the session token:\n{text}"
    );
    for f in FRAGMENTS {
        assert!(
            !text.contains(f),
            "{what} leaks part of a secret ({f}):\n{text}"
        );
    }
    for s in signatures {
        assert!(
            !text.contains(s.as_str()),
            "{what} leaks a signature:\n{text}"
        );
        assert!(
            !text.contains(&s[..32]),
            "{what} leaks half a signature:\n{text}"
        );
    }
}

fn client_on(transport: Arc<dyn cloudfront::transport::Transport>, retry: RetryPolicy) -> Client {
    Client::builder()
        .credentials(credentials())
        .shared_transport(transport)
        .retry(retry)
        .clock(Arc::new(ManualClock::new(
            UNIX_EPOCH + Duration::from_secs(1_795_000_000),
        )))
        .build()
        .expect("valid builder")
}

fn distribution_reply(status: u16) -> Expectation {
    Expectation::any()
        .respond(status)
        .response_header("ETag", "E2QWRUHAPOMQZL")
        .response_header("x-amz-request-id", "req-1")
        .response_body(DISTRIBUTION_XML)
}

/// A full create / read / update / invalidate / retry / delete flow through a
/// `RecordingTransport` over a `MockTransport`; returns the mock, the recorder and the
/// signatures it saw, and the results' text.
fn full_flow(
    record_dir: Option<&Path>,
) -> (
    Arc<MockTransport>,
    Arc<RecordingTransport>,
    Vec<String>,
    Vec<String>,
) {
    install_logger();
    let mock = Arc::new(MockTransport::new());
    mock.expect(distribution_reply(201)) // create
        .expect(distribution_reply(200)) // get
        .expect(distribution_reply(200)) // update: get
        .expect(distribution_reply(200)) // update: put
        .expect(
            Expectation::any()
                .respond(500)
                .response_body("<html>oops</html>"),
        ) // retried
        .expect(distribution_reply(200)) // ... get succeeds
        .expect(
            Expectation::any()
                .respond(201)
                .response_header("Location", "https://cloudfront.amazonaws.com/x")
                .response_body(INVALIDATION_XML),
        )
        .expect(Expectation::any().respond(204)); // delete
    let recorder = Arc::new(match record_dir {
        Some(dir) => RecordingTransport::new(mock.clone(), dir).expect("record dir"),
        None => RecordingTransport::in_memory(mock.clone()),
    });
    let client = client_on(
        recorder.clone(),
        RetryPolicy::default().max_attempts(3).jitter(false),
    );
    let mut outputs = Vec::new();
    let created = client
        .create_distribution(
            DistributionConfig::new(Origin::s3("bucket.s3.amazonaws.com")).comment("leak test"),
        )
        .expect("create");
    outputs.push(format!("{created:?}"));
    outputs.push(format!(
        "{:?}",
        client.distribution(&created.id).expect("get")
    ));
    let updated = client
        .update_distribution(&created.id, |c| c.comment = "updated".into())
        .expect("update");
    outputs.push(format!("{updated:?}"));
    outputs.push(format!(
        "{:?}",
        client.distribution(&created.id).expect("retried get")
    ));
    outputs.push(format!(
        "{:?}",
        client
            .create_invalidation(&created.id, ["/index.html"])
            .expect("invalidate")
    ));
    client
        .delete_distribution_with_etag(&created.id, &updated.etag)
        .expect("delete");
    outputs.push(format!("{client:?}"));
    mock.verify().expect("every scripted exchange was used");
    let sigs = signatures(&mock.requests());
    (mock, recorder, sigs, outputs)
}

#[test]
fn signed_requests_debug_shows_no_signature_or_token() {
    let (mock, _, sigs, outputs) = full_flow(None);
    let requests = mock.requests();
    assert_eq!(requests.len(), 8);
    for r in &requests {
        // The requests do carry them (so the test can fail) ...
        assert!(r.headers.iter().any(|(_, v)| v == TOKEN));
        // ... and Debug hides them.
        assert_clean("HttpRequest Debug", &format!("{r:?}"), &sigs);
    }
    for o in &outputs {
        assert_clean("results of the flow", o, &sigs);
    }
    assert_clean("MockTransport Debug", &format!("{mock:?}"), &sigs);
}

#[test]
fn trace_logs_of_a_full_flow_hold_no_secret() {
    let (_, _, sigs, _) = full_flow(None);
    let logs = log_records();
    // The flow logged something to inspect: attempts, statuses, the retry.
    assert!(
        logs.iter()
            .any(|l| l.contains("CreateDistribution attempt 1/")),
        "{logs:#?}"
    );
    assert!(logs.iter().any(|l| l.contains("retrying")), "{logs:#?}");
    for line in &logs {
        assert_clean("a log record", line, &sigs);
    }
}

#[test]
fn recorded_fixtures_hold_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    let (_, recorder, sigs, _) = full_flow(Some(dir.path()));
    let exchanges = recorder.exchanges();
    assert_eq!(exchanges.len(), 8);
    for ex in &exchanges {
        assert_clean("Exchange::to_text", &ex.to_text(), &sigs);
        assert_clean("Exchange Debug", &format!("{ex:?}"), &sigs);
    }
    assert_clean("RecordingTransport Debug", &format!("{recorder:?}"), &sigs);
    let mut files = 0;
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        assert!(text.contains("authorization: <redacted>"), "{text}");
        assert_clean("a fixture file", &text, &sigs);
        files += 1;
    }
    assert_eq!(files, 8);
}

#[test]
fn client_builder_and_credentials_debug_hold_no_secret() {
    let creds = credentials();
    let debug = format!("{creds:?}");
    assert!(
        debug.contains(ACCESS_KEY),
        "the access key id is not secret: {debug}"
    );
    assert_clean("Credentials Debug", &debug, &[]);
    assert_clean("Credentials Debug (pretty)", &format!("{creds:#?}"), &[]);

    let builder: ClientBuilder = Client::builder()
        .credentials(credentials())
        .endpoint("http://127.0.0.1:5000")
        .transport(MockTransport::new());
    assert_clean("ClientBuilder Debug", &format!("{builder:?}"), &[]);
    let client = builder.build().unwrap();
    assert_clean("Client Debug", &format!("{client:?}"), &[]);
    assert_clean("Client Debug (pretty)", &format!("{client:#?}"), &[]);
}

#[test]
fn credentials_chain_and_its_errors_hold_no_secret() {
    install_logger();
    let home = tempfile::tempdir().unwrap();
    let aws = home.path().join(".aws");
    std::fs::create_dir_all(&aws).unwrap();
    std::fs::write(
        aws.join("credentials"),
        format!(
            "[default]\naws_access_key_id = {ACCESS_KEY}\naws_secret_access_key = {SECRET}\n\
             aws_session_token = {TOKEN}\n"
        ),
    )
    .unwrap();
    let chain = CredentialsChain::with_env(|_| None).home_dir(home.path());
    assert_clean("CredentialsChain Debug", &format!("{chain:?}"), &[]);
    let resolved = chain.resolve().expect("from the file");
    assert_eq!(resolved.secret_access_key(), SECRET);
    assert_clean("resolved Credentials Debug", &format!("{resolved:?}"), &[]);

    // A malformed line holding the secret: the error names the line, never its content.
    std::fs::write(
        aws.join("credentials"),
        format!("[default]\naws_access_key_id = {ACCESS_KEY}\n{SECRET}\n{TOKEN}\n"),
    )
    .unwrap();
    let err = chain.resolve().unwrap_err();
    assert!(err.to_string().contains("line 3"), "{err}");
    assert_clean(
        "CredentialsError::Malformed",
        &format!("{err} {err:?}"),
        &[],
    );

    // A profile with a secret but no key id.
    std::fs::write(
        aws.join("credentials"),
        format!("[default]\naws_secret_access_key = {SECRET}\naws_session_token = {TOKEN}\n"),
    )
    .unwrap();
    let err = chain.resolve().unwrap_err();
    assert_clean(
        "CredentialsError (incomplete profile)",
        &format!("{err} {err:?}"),
        &[],
    );

    // Environment variables holding the secret but no key id.
    let env_chain = CredentialsChain::with_env(|name| match name {
        "AWS_SECRET_ACCESS_KEY" => Some(SECRET.to_string()),
        "AWS_SESSION_TOKEN" => Some(TOKEN.to_string()),
        _ => None,
    })
    .home_dir(home.path().join("nowhere"));
    assert_clean(
        "CredentialsChain Debug (env)",
        &format!("{env_chain:?}"),
        &[],
    );
    if let Err(err) = env_chain.resolve() {
        assert_clean("CredentialsError (env)", &format!("{err} {err:?}"), &[]);
        let as_error = Error::from(err);
        assert_clean(
            "Error::Credentials",
            &format!("{as_error} {as_error:?}"),
            &[],
        );
    }
    for line in log_records() {
        assert_clean("a log record", &line, &[]);
    }
}

/// Every `Error` variant the client can be driven to, in `Display` and `Debug`.
#[test]
fn every_error_variant_holds_no_secret() {
    install_logger();
    let mock = Arc::new(MockTransport::new());
    let client = client_on(mock.clone(), RetryPolicy::none());
    let mut errors: Vec<(&str, Error)> = Vec::new();

    // Service: a 412 with CloudFront's error document.
    mock.expect(Expectation::any().respond(412).response_body(
        "<ErrorResponse><Error><Type>Sender</Type><Code>PreconditionFailed</Code>\
         <Message>The If-Match version is missing or not valid.</Message></Error>\
         <RequestId>r-412</RequestId></ErrorResponse>",
    ));
    errors.push((
        "Service",
        client
            .delete_distribution_with_etag("E1", "STALE")
            .unwrap_err(),
    ));
    // UnexpectedResponse: an HTML page from a proxy.
    mock.expect(
        Expectation::any()
            .respond(403)
            .response_body("<html>denied</html>"),
    );
    errors.push(("UnexpectedResponse", client.distribution("E1").unwrap_err()));
    // Transport: the connection fails.
    mock.expect(Expectation::any().fail(TransportErrorKind::Connect));
    errors.push(("Transport", client.distribution("E1").unwrap_err()));
    // Transport from the mock itself: a request nobody expected (it describes the request).
    errors.push((
        "Transport (unexpected request)",
        client.distribution("E9").unwrap_err(),
    ));
    // Decode: a success with a body of the wrong shape.
    mock.expect(
        Expectation::any()
            .respond(200)
            .response_header("ETag", "E1")
            .response_body("<Distribution><Id>E1</Id></Distribution>"),
    );
    errors.push(("Decode", client.distribution("E1").unwrap_err()));
    // InvalidInput: text XML cannot carry, and a bad id.
    errors.push((
        "InvalidInput (XML)",
        client
            .create_distribution(
                DistributionConfig::new(Origin::s3("b.s3.amazonaws.com")).comment("\u{1}"),
            )
            .unwrap_err(),
    ));
    errors.push((
        "InvalidInput (id)",
        client.distribution("../E1").unwrap_err(),
    ));
    // InvalidInput from the signer: a session token that cannot be sent as a header. The
    // message must not quote the token.
    let bad_token = Client::builder()
        .credentials(Credentials::new(ACCESS_KEY, SECRET).with_session_token(format!("{TOKEN}\n")))
        .shared_transport(mock.clone())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    errors.push((
        "InvalidInput (token)",
        bad_token.distribution("E1").unwrap_err(),
    ));
    // Credentials: none anywhere.
    let nowhere = tempfile::tempdir().unwrap();
    errors.push((
        "Credentials",
        Client::builder()
            .credentials_provider(
                CredentialsChain::with_env(|_| None)
                    .home_dir(nowhere.path())
                    .system_boto_config(nowhere.path().join("boto.cfg")),
            )
            .shared_transport(mock.clone())
            .build()
            .and_then(|c| c.distribution("E1").map(|_| ()))
            .unwrap_err(),
    ));
    // WaiterTimeout: the distribution stays InProgress.
    mock.expect(distribution_reply(200));
    errors.push((
        "WaiterTimeout",
        client
            .wait_until_deployed(
                "E2QWRUHAPOMQZL",
                WaitOptions::new(Duration::from_secs(1), 1),
            )
            .unwrap_err(),
    ));
    // AlreadyCreated: the first attempt's response is lost (500), the retry meets
    // DistributionAlreadyExists.
    let retrying = client_on(
        mock.clone(),
        RetryPolicy::default().max_attempts(2).jitter(false),
    );
    mock.expect(
        Expectation::any()
            .respond(500)
            .response_body("<html>lost</html>"),
    )
    .expect(Expectation::any().respond(409).response_body(
        "<ErrorResponse><Error><Code>DistributionAlreadyExists</Code>\
             <Message>The caller reference that you are using to create a distribution is \
             associated with another distribution.</Message></Error></ErrorResponse>",
    ));
    errors.push((
        "AlreadyCreated",
        retrying
            .create_distribution(DistributionConfig::new(Origin::s3("b.s3.amazonaws.com")))
            .unwrap_err(),
    ));

    let sigs = signatures(&mock.requests());
    let mut seen = std::collections::HashSet::new();
    for (what, err) in &errors {
        seen.insert(std::mem::discriminant(err));
        assert_clean(what, &format!("{err}"), &sigs);
        assert_clean(what, &format!("{err:?}"), &sigs);
        assert_clean(what, &format!("{err:#?}"), &sigs);
    }
    assert!(matches!(errors[0].1, Error::Service(_)));
    assert!(matches!(errors[1].1, Error::UnexpectedResponse(_)));
    assert!(matches!(errors[2].1, Error::Transport(_)));
    assert!(matches!(errors[4].1, Error::Decode(_)));
    assert!(matches!(errors[5].1, Error::InvalidInput(_)));
    assert!(
        matches!(errors[7].1, Error::InvalidInput(_)),
        "{:?}",
        errors[7].1
    );
    assert!(
        matches!(errors[8].1, Error::Credentials(_)),
        "{:?}",
        errors[8].1
    );
    assert!(
        matches!(errors[9].1, Error::WaiterTimeout(_)),
        "{:?}",
        errors[9].1
    );
    assert!(
        matches!(errors[10].1, Error::AlreadyCreated(_)),
        "{:?}",
        errors[10].1
    );
    // All eight variants.
    assert_eq!(seen.len(), 8);
    for line in log_records() {
        assert_clean("a log record", &line, &sigs);
    }
}
