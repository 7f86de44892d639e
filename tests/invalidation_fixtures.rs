//! Invalidation behaviour moto does not emulate, replayed from hand-written fixtures with
//! real CloudFront shapes (`fixtures/invalidations/<scenario>/`): idempotent caller
//! references, `InvalidationBatchAlreadyExists`, `TooManyInvalidationsInProgress`
//! back-pressure, `BatchTooLarge`, quotas checked before sending, and a real-shaped listing.

use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};

use cloudfront::clock::ManualClock;
use cloudfront::transport::{
    Expectation, HttpRequest, HttpResponse, MockTransport, ReplayTransport, Transport,
    TransportError,
};
use cloudfront::{
    Client, Credentials, Error, InvalidatePathsOptions, InvalidationBatch, InvalidationStatus,
    RetryPolicy, WaitOptions,
};

const DIST: &str = "EDFDVBD6EXAMPLE";
const INVALIDATIONS: &str = "/2020-05-31/distribution/EDFDVBD6EXAMPLE/invalidation";

/// Passes requests to `inner` and keeps a copy of each, so that a test can look at what the
/// client sent (e.g. that a resent batch kept its caller reference).
#[derive(Debug)]
struct Recorded<T> {
    inner: T,
    requests: Mutex<Vec<HttpRequest>>,
}

impl<T: Transport> Recorded<T> {
    fn new(inner: T) -> Self {
        Recorded {
            inner,
            requests: Mutex::new(Vec::new()),
        }
    }

    fn requests(&self) -> Vec<HttpRequest> {
        self.requests.lock().unwrap().clone()
    }
}

impl<T: Transport> Transport for Recorded<T> {
    fn send(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        self.requests.lock().unwrap().push(request.clone());
        self.inner.send(request)
    }
}

fn fixture_dir(scenario: &str) -> String {
    format!(
        "{}/fixtures/invalidations/{scenario}",
        env!("CARGO_MANIFEST_DIR")
    )
}

struct Harness {
    client: Client,
    transport: Arc<Recorded<ReplayTransport>>,
    clock: Arc<ManualClock>,
}

impl Harness {
    /// A client replaying `scenario`, with the default retry policy (so that a retried
    /// request would show up as one request too many) and a manual clock (no real sleep).
    fn new(scenario: &str, ignore_caller_reference: bool) -> Harness {
        let replay = ReplayTransport::from_dir(fixture_dir(scenario))
            .unwrap_or_else(|e| panic!("{e}"))
            .strict(true)
            .ignore_caller_reference(ignore_caller_reference);
        let transport = Arc::new(Recorded::new(replay));
        let clock = Arc::new(ManualClock::new(
            UNIX_EPOCH + Duration::from_secs(1_795_601_730),
        ));
        let client = Client::builder()
            .credentials(Credentials::new("AKIDEXAMPLE", "fixture-secret"))
            .shared_transport(transport.clone())
            .clock(clock.clone())
            .retry(RetryPolicy::default())
            .build()
            .unwrap();
        Harness {
            client,
            transport,
            clock,
        }
    }

    /// Every fixture replayed, every request matched.
    fn verify(&self) {
        if let Err(report) = self.transport.inner.verify() {
            panic!("{report}");
        }
    }

    fn bodies(&self) -> Vec<String> {
        self.transport
            .requests()
            .iter()
            .map(|r| String::from_utf8(r.body.clone()).unwrap())
            .collect()
    }
}

/// The text of the `<CallerReference>` element of a request body.
fn caller_reference(body: &str) -> &str {
    let start = body.find("<CallerReference>").expect("a CallerReference") + 17;
    let end = body[start..].find("</CallerReference>").unwrap() + start;
    &body[start..end]
}

fn timestamp(text: &str) -> std::time::SystemTime {
    cloudfront::time::parse_iso8601(text).unwrap()
}

#[test]
fn same_batch_twice_returns_the_original_invalidation() {
    // Bodies compared exactly, caller reference included.
    let h = Harness::new("idempotent-caller-reference", false);
    let batch = InvalidationBatch::new(["/index.html", "/img/*"])
        .unwrap()
        .with_caller_reference("deploy-2026-11-25-001");

    let first = h.client.create_invalidation_batch(DIST, &batch).unwrap();
    let again = h.client.create_invalidation_batch(DIST, &batch).unwrap();
    assert_eq!(first.id, "I2J0I21PCUYOIK");
    assert_eq!(
        again.id, first.id,
        "the original invalidation, not a new one"
    );
    assert_eq!(again, first);
    assert_eq!(first.status, InvalidationStatus::InProgress);
    assert_eq!(first.create_time, timestamp("2026-11-25T10:15:30.123Z"));
    assert_eq!(first.batch, batch);

    // Byte-identical bodies: that is what makes CloudFront recognise the batch.
    let bodies = h.bodies();
    assert_eq!(bodies.len(), 2);
    assert_eq!(bodies[0], bodies[1]);
    assert_eq!(caller_reference(&bodies[0]), "deploy-2026-11-25-001");
    assert!(h.clock.sleeps().is_empty());
    h.verify();
}

#[test]
fn same_reference_other_paths_is_a_typed_conflict() {
    let h = Harness::new("batch-already-exists", false);
    let original = InvalidationBatch::new(["/index.html"])
        .unwrap()
        .with_caller_reference("deploy-2026-11-25-002");
    let created = h.client.create_invalidation_batch(DIST, &original).unwrap();
    assert_eq!(created.id, "I3ZRHDXW5ZEQKX");

    let other = InvalidationBatch::new(["/about.html"])
        .unwrap()
        .with_caller_reference("deploy-2026-11-25-002");
    let err = h
        .client
        .create_invalidation_batch(DIST, &other)
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidationBatchAlreadyExists"), "{err}");
    assert_eq!(err.status(), Some(409));
    assert_eq!(
        err.request_id(),
        Some("6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c02")
    );
    let service = err.as_service().expect("a service error");
    assert_eq!(service.error_type.as_deref(), Some("Sender"));
    assert!(service.message.contains("caller reference"), "{err}");
    assert!(!err.is_retryable());
    // Not retried: one request each.
    assert_eq!(h.transport.requests().len(), 2);
    assert!(h.clock.sleeps().is_empty());
    h.verify();
}

#[test]
fn back_pressure_waits_for_own_batch_then_resends_with_same_reference() {
    let h = Harness::new("back-pressure", true);
    let options = InvalidatePathsOptions::new()
        .max_file_paths_per_batch(2)
        .max_wildcards_per_batch(1)
        .poll_delay(Duration::from_secs(7))
        .max_polls(5)
        .back_pressure_delay(Duration::from_secs(90))
        .max_back_pressure_waits(3);
    let created = h
        .client
        .invalidate_paths(
            DIST,
            [
                "/index.html",
                "/about.html",
                "/css/site.css",
                "/js/app.js",
                "/img/*",
            ],
            &options,
        )
        .unwrap();

    // Both invalidations, in order; the first as last read (Completed).
    let ids: Vec<&str> = created.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["I1BATCHONEXMPL", "I2BATCHTWOXMPL"]);
    assert_eq!(created[0].status, InvalidationStatus::Completed);
    assert_eq!(created[1].status, InvalidationStatus::InProgress);
    assert_eq!(
        created[0].batch.paths,
        ["/index.html", "/about.html", "/img/*"]
    );
    assert_eq!(created[1].batch.paths, ["/css/site.css", "/js/app.js"]);

    // What was sent: create 1, create 2 (refused), poll 1 twice, create 2 again.
    let requests = h.transport.requests();
    let shape: Vec<(String, String)> = requests
        .iter()
        .map(|r| (r.method.clone(), r.path().to_string()))
        .collect();
    let get = format!("{INVALIDATIONS}/I1BATCHONEXMPL");
    assert_eq!(
        shape,
        [
            ("POST".to_string(), INVALIDATIONS.to_string()),
            ("POST".to_string(), INVALIDATIONS.to_string()),
            ("GET".to_string(), get.clone()),
            ("GET".to_string(), get),
            ("POST".to_string(), INVALIDATIONS.to_string()),
        ]
    );
    let bodies = h.bodies();
    let (ref1, ref2, ref2_again) = (
        caller_reference(&bodies[0]),
        caller_reference(&bodies[1]),
        caller_reference(&bodies[4]),
    );
    assert_eq!(
        ref2_again, ref2,
        "the resent batch keeps its caller reference"
    );
    assert_eq!(bodies[4], bodies[1], "and is byte-identical");
    assert_ne!(ref1, ref2, "each batch has its own reference");
    assert_eq!(ref1.len(), 36, "a uuid v4: {ref1}");
    // The returned invalidations carry the references the server echoed.
    assert_eq!(
        created[1].batch.caller_reference,
        "22222222-2222-4222-8222-222222222222"
    );

    // One poll interval slept (between the two GETs), no retry backoff, no blind delay.
    assert_eq!(h.clock.sleeps(), [Duration::from_secs(7)]);
    h.verify();
}

#[test]
fn batch_too_large_is_typed_and_not_retried() {
    let h = Harness::new("batch-too-large", false);
    let batch = InvalidationBatch::new(["/index.html"])
        .unwrap()
        .with_caller_reference("deploy-2026-11-25-003");
    let err = h
        .client
        .create_invalidation_batch(DIST, &batch)
        .unwrap_err();
    assert_eq!(err.code(), Some("BatchTooLarge"), "{err}");
    assert_eq!(err.status(), Some(413));
    assert_eq!(
        err.request_id(),
        Some("8d000000-0000-4000-8000-000000000001")
    );
    assert!(!err.is_retryable());
    assert_eq!(h.transport.requests().len(), 1, "not retried");
    assert!(h.clock.sleeps().is_empty(), "no backoff");
    h.verify();
}

#[test]
fn missing_invalidation_is_not_found() {
    let h = Harness::new("not-found", true);
    let err = h.client.invalidation(DIST, "INOSUCHEXAMPLE").unwrap_err();
    assert!(err.is_not_found(), "{err}");
    assert_eq!(err.code(), Some("NoSuchInvalidation"));
    assert_eq!(err.status(), Some(404));
    assert_eq!(
        err.request_id(),
        Some("9e000000-0000-4000-8000-000000000001")
    );
    h.verify();
}

#[test]
fn real_shaped_listing_pages_by_last_id_and_navigates() {
    let h = Harness::new("list-pages", true);
    let mut pager = h.client.invalidations(DIST).page_size(2);
    let all: Vec<_> = pager.by_ref().collect::<Result<_, _>>().unwrap();
    assert_eq!(pager.pages_fetched(), 2);
    assert_eq!(pager.next_marker(), None);
    // Newest first, as the service sends them.
    let ids: Vec<&str> = all.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["I2J0I21PCUYOIK", "I3ZRHDXW5ZEQKX", "I1OLDESTEXMPLE"]);
    let statuses: Vec<&InvalidationStatus> = all.iter().map(|s| &s.status).collect();
    assert_eq!(
        statuses,
        [
            &InvalidationStatus::InProgress,
            &InvalidationStatus::Completed,
            &InvalidationStatus::Completed
        ]
    );
    assert_eq!(all[0].create_time, timestamp("2026-11-25T10:15:30.123Z"));
    assert_eq!(
        all[2].create_time,
        UNIX_EPOCH + Duration::from_secs(1_793_520_000) + Duration::from_millis(7)
    );
    assert!(all.iter().all(|s| s.distribution_id == DIST));

    let full = all[1].invalidation(&h.client).unwrap();
    assert_eq!(full.id, "I3ZRHDXW5ZEQKX");
    assert_eq!(
        full.batch.paths,
        ["/docs/read%20me.html", "/search?lang=en"]
    );
    assert_eq!(full.batch.caller_reference, "deploy-2026-11-24-007");
    h.verify();
}

// ---------------------------------------------------------------------------------------
// Quotas and back-pressure corner cases, scripted inline with MockTransport.

fn mock_client(mock: &Arc<MockTransport>, clock: &Arc<ManualClock>) -> Client {
    Client::builder()
        .credentials(Credentials::new("AKIDEXAMPLE", "mock-secret"))
        .shared_transport(mock.clone())
        .clock(clock.clone())
        .build()
        .unwrap()
}

fn manual_clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(
        UNIX_EPOCH + Duration::from_secs(1_795_601_730),
    ))
}

fn invalidation_xml(id: &str, status: &str, reference: &str, paths: &[&str]) -> String {
    let items: String = paths.iter().map(|p| format!("<Path>{p}</Path>")).collect();
    format!(
        r#"<?xml version="1.0"?>
<Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>{id}</Id><Status>{status}</Status><CreateTime>2026-11-25T12:00:00.101Z</CreateTime><InvalidationBatch><Paths><Quantity>{}</Quantity><Items>{items}</Items></Paths><CallerReference>{reference}</CallerReference></InvalidationBatch></Invalidation>"#,
        paths.len()
    )
}

fn too_many() -> Expectation {
    Expectation::post(INVALIDATIONS)
        .respond(400)
        .response_header("x-amz-request-id", "req-too-many")
        .response_body(
            r#"<?xml version="1.0"?>
<ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Error><Type>Sender</Type><Code>TooManyInvalidationsInProgress</Code><Message>You have exceeded the maximum number of allowable InProgress invalidation batch requests, or invalidation objects.</Message></Error><RequestId>req-too-many</RequestId></ErrorResponse>"#,
        )
}

#[test]
fn over_quota_batches_fail_before_any_request() {
    let mock = Arc::new(MockTransport::new());
    let clock = manual_clock();
    let client = mock_client(&mock, &clock);

    let files: Vec<String> = (0..3001).map(|i| format!("/f/{i}.html")).collect();
    let err = client.create_invalidation(DIST, &files).unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err}");
    assert!(err.to_string().contains("3001"), "{err}");

    let wildcards: Vec<String> = (0..16).map(|i| format!("/w/{i}/*")).collect();
    let err = client.create_invalidation(DIST, &wildcards).unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err}");
    assert!(err.to_string().contains("16"), "{err}");

    // A wildcard at the end of a query string is a wildcard too.
    let query_wildcards: Vec<String> = (0..16).map(|i| format!("/s{i}?q=*")).collect();
    let err = client
        .create_invalidation(DIST, &query_wildcards)
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err}");

    // A hand-built batch is checked too.
    let batch = InvalidationBatch {
        paths: wildcards.clone(),
        caller_reference: "ref".into(),
    };
    let err = client.create_invalidation_batch(DIST, &batch).unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err}");

    assert!(mock.requests().is_empty(), "nothing was sent");

    // Exactly at the quotas (3,000 file paths and 15 wildcards, counted separately): sent.
    let mut at_limit: Vec<String> = files[..3000].to_vec();
    at_limit.extend(wildcards[..15].iter().cloned());
    mock.expect(
        Expectation::post(INVALIDATIONS)
            .body_contains("<Quantity>3015</Quantity>")
            .respond(201)
            .response_body(invalidation_xml(
                "IATLIMIT",
                "InProgress",
                "r",
                &["/f/0.html"],
            )),
    );
    client.create_invalidation(DIST, &at_limit).unwrap();
    assert_eq!(mock.requests().len(), 1);
    mock.verify().unwrap();
}

#[test]
fn back_pressure_from_others_sleeps_then_resends() {
    // The quota is held by invalidations this call did not create: nothing of its own to
    // wait for, so it sleeps `back_pressure_delay` and sends the same batch again.
    let mock = Arc::new(MockTransport::new());
    let clock = manual_clock();
    let client = mock_client(&mock, &clock);
    mock.expect(too_many().times(2));
    mock.expect(
        Expectation::post(INVALIDATIONS)
            .respond(201)
            .response_body(invalidation_xml("IONLY", "InProgress", "r", &["/a"])),
    );
    let options = InvalidatePathsOptions::new().back_pressure_delay(Duration::from_secs(90));
    let created = client.invalidate_paths(DIST, ["/a"], &options).unwrap();
    assert_eq!(created.len(), 1);
    assert_eq!(clock.sleeps(), [Duration::from_secs(90); 2]);
    let bodies: Vec<Vec<u8>> = mock.requests().into_iter().map(|r| r.body).collect();
    assert_eq!(bodies.len(), 3);
    assert!(
        bodies.iter().all(|b| *b == bodies[0]),
        "same batch, same reference"
    );
    mock.verify().unwrap();
}

#[test]
fn back_pressure_gives_up_after_max_waits() {
    let mock = Arc::new(MockTransport::new());
    let clock = manual_clock();
    let client = mock_client(&mock, &clock);
    mock.expect(too_many().times(3));
    let options = InvalidatePathsOptions::new()
        .back_pressure_delay(Duration::from_secs(60))
        .max_back_pressure_waits(2);
    let err = client.invalidate_paths(DIST, ["/a"], &options).unwrap_err();
    assert_eq!(err.code(), Some("TooManyInvalidationsInProgress"), "{err}");
    assert_eq!(err.status(), Some(400));
    assert_eq!(clock.sleeps(), [Duration::from_secs(60); 2]);
    assert_eq!(mock.requests().len(), 3);
    mock.verify().unwrap();
}

#[test]
fn waiting_for_a_missing_invalidation_ends_at_once() {
    let h = Harness::new("not-found", true);
    let err = h
        .client
        .wait_until_completed(
            DIST,
            "INOSUCHEXAMPLE",
            WaitOptions::invalidation_completed(),
        )
        .unwrap_err();
    assert_eq!(err.code(), Some("NoSuchInvalidation"), "{err}");
    assert!(h.clock.sleeps().is_empty());
    h.verify();
}
