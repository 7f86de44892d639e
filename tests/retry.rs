//! The request pipeline's retries, on a scripted transport and a manual clock: which faults
//! are retried, how many attempts are made, how long it waits, that every attempt sends the
//! same body, and what error comes back when the budget is spent.

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use cloudfront::clock::ManualClock;
use cloudfront::transport::{Expectation, MockTransport, TransportErrorKind};
use cloudfront::{Client, Credentials, Error, InvalidationBatch, RawRequest, RetryPolicy};

const INVALIDATION: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>I2J0I21PCUYOIK</Id><Status>InProgress</Status><CreateTime>2026-11-24T22:53:10.538Z</CreateTime><InvalidationBatch><Paths><Quantity>1</Quantity><Items><Path>/index.html</Path></Items></Paths><CallerReference>ref-1</CallerReference></InvalidationBatch></Invalidation>"#;

const EMPTY_LIST: &str = r#"<?xml version="1.0"?><InvalidationList xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Marker></Marker><MaxItems>10</MaxItems><IsTruncated>false</IsTruncated><Quantity>0</Quantity></InvalidationList>"#;

const GET_PATH: &str = "/2020-05-31/distribution/E1/invalidation/I2J0I21PCUYOIK";
const CREATE_PATH: &str = "/2020-05-31/distribution/E1/invalidation";

fn error_body(code: &str) -> String {
    format!(
        r#"<?xml version="1.0"?><ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Error><Type>Sender</Type><Code>{code}</Code><Message>m</Message></Error><RequestId>req-1</RequestId></ErrorResponse>"#
    )
}

fn setup(policy: RetryPolicy) -> (Client, Arc<MockTransport>, Arc<ManualClock>) {
    let mock = Arc::new(MockTransport::new());
    let clock = Arc::new(ManualClock::new(
        UNIX_EPOCH + Duration::from_secs(1_795_560_790),
    ));
    let client = Client::builder()
        .credentials(Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        ))
        .endpoint("https://cloudfront.amazonaws.com")
        .shared_transport(mock.clone())
        .clock(clock.clone())
        .retry(policy)
        .build()
        .unwrap();
    (client, mock, clock)
}

fn ok_get() -> Expectation {
    Expectation::get(GET_PATH)
        .respond(200)
        .response_body(INVALIDATION)
}

#[test]
fn every_retryable_fault_is_retried_until_success() {
    let faults: Vec<(&str, Expectation)> = vec![
        (
            "dns",
            Expectation::get(GET_PATH).fail(TransportErrorKind::Dns),
        ),
        (
            "connect",
            Expectation::get(GET_PATH).fail(TransportErrorKind::Connect),
        ),
        (
            "timeout",
            Expectation::get(GET_PATH).fail(TransportErrorKind::Timeout),
        ),
        (
            "io",
            Expectation::get(GET_PATH).fail(TransportErrorKind::Io),
        ),
        (
            "500",
            Expectation::get(GET_PATH)
                .respond(500)
                .response_body(error_body("InternalError")),
        ),
        (
            "502 html",
            Expectation::get(GET_PATH)
                .respond(502)
                .response_body("<html>Bad Gateway</html>"),
        ),
        (
            "503",
            Expectation::get(GET_PATH)
                .respond(503)
                .response_body(error_body("ServiceUnavailable")),
        ),
        ("504 empty", Expectation::get(GET_PATH).respond(504)),
        ("429", Expectation::get(GET_PATH).respond(429)),
        (
            "Throttling",
            Expectation::get(GET_PATH)
                .respond(400)
                .response_body(error_body("Throttling")),
        ),
        (
            "ThrottlingException",
            Expectation::get(GET_PATH)
                .respond(400)
                .response_body(error_body("ThrottlingException")),
        ),
        (
            "RequestLimitExceeded",
            Expectation::get(GET_PATH)
                .respond(400)
                .response_body(error_body("RequestLimitExceeded")),
        ),
        (
            "TooManyRequestsException",
            Expectation::get(GET_PATH)
                .respond(400)
                .response_body(error_body("TooManyRequestsException")),
        ),
        (
            "RequestTimeout",
            Expectation::get(GET_PATH)
                .respond(400)
                .response_body(error_body("RequestTimeout")),
        ),
    ];
    for (name, fault) in faults {
        let (client, mock, clock) = setup(RetryPolicy::default());
        mock.expect(fault).expect(ok_get());
        let inv = client
            .invalidation("E1", "I2J0I21PCUYOIK")
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(inv.id, "I2J0I21PCUYOIK", "{name}");
        assert_eq!(mock.requests().len(), 2, "{name}: attempts");
        assert_eq!(clock.sleeps().len(), 1, "{name}: one backoff");
        mock.verify().unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn budget_is_spent_then_a_typed_error_is_returned() {
    let (client, mock, clock) = setup(RetryPolicy::default());
    mock.expect(
        Expectation::get(GET_PATH)
            .respond(503)
            .response_body(error_body("ServiceUnavailable"))
            .times(3),
    );
    let err = client.invalidation("E1", "I2J0I21PCUYOIK").unwrap_err();
    assert_eq!(err.code(), Some("ServiceUnavailable"));
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.request_id(), Some("req-1"));
    assert!(err.is_retryable());
    assert_eq!(mock.requests().len(), 3, "3 attempts by default");
    assert_eq!(clock.sleeps().len(), 2);
    mock.verify().unwrap();
}

#[test]
fn transport_error_after_budget_keeps_its_kind() {
    let (client, mock, _clock) = setup(RetryPolicy::default().max_attempts(5));
    mock.expect(
        Expectation::get(GET_PATH)
            .fail(TransportErrorKind::Connect)
            .times(5),
    );
    match client.invalidation("E1", "I2J0I21PCUYOIK").unwrap_err() {
        Error::Transport(t) => assert_eq!(t.kind(), TransportErrorKind::Connect),
        other => panic!("{other:?}"),
    }
    assert_eq!(mock.requests().len(), 5);
}

#[test]
fn backoff_is_bounded_by_the_doubling_ceiling_and_the_cap() {
    let policy = RetryPolicy::default()
        .max_attempts(8)
        .initial_backoff(Duration::from_millis(100))
        .max_backoff(Duration::from_millis(1000));
    let (client, mock, clock) = setup(policy.clone());
    mock.expect(Expectation::get(GET_PATH).respond(503).times(8));
    assert!(client.invalidation("E1", "I2J0I21PCUYOIK").is_err());
    let sleeps = clock.sleeps();
    assert_eq!(sleeps.len(), 7);
    for (i, s) in sleeps.iter().enumerate() {
        let ceiling = policy.backoff_ceiling(i as u32 + 1);
        assert!(*s <= ceiling, "retry {}: slept {s:?} > {ceiling:?}", i + 1);
        assert!(*s <= Duration::from_millis(1000));
    }
    assert_eq!(policy.backoff_ceiling(7), Duration::from_millis(1000));
}

/// Full jitter, as `RetryPolicy` promises: the client's waits are uniform over the whole of
/// `[0, ceiling)`, not bunched in part of it. 4,000 waits with a fixed ceiling of 1 s (the
/// cap equals the first ceiling): the 10th, 50th and 90th percentiles lie within 0.05 of
/// 0.1, 0.5 and 0.9 of the ceiling (the standard error is at most 0.008, so over 6 of them:
/// no flake), and both ends of the interval are reached.
#[test]
fn jittered_waits_cover_the_whole_interval_below_the_ceiling() {
    const RETRIES: usize = 4_000;
    let ceiling = Duration::from_secs(1);
    let policy = RetryPolicy::default()
        .max_attempts(RETRIES as u32 + 1)
        .initial_backoff(ceiling)
        .max_backoff(ceiling);
    let (client, mock, clock) = setup(policy);
    // 4,000 waits of half a second on average: far past the default call deadline, which is
    // not what this test is about.
    let client = client.with_call_timeout(Duration::ZERO);
    mock.expect(Expectation::get(GET_PATH).respond(503).times(RETRIES))
        .expect(ok_get());
    client.invalidation("E1", "I2J0I21PCUYOIK").unwrap();
    let mut waits: Vec<f64> = clock
        .sleeps()
        .iter()
        .map(|s| s.as_secs_f64() / ceiling.as_secs_f64())
        .collect();
    assert_eq!(waits.len(), RETRIES);
    assert!(
        waits.iter().all(|w| (0.0..1.0).contains(w)),
        "a wait reached the ceiling"
    );
    waits.sort_by(f64::total_cmp);
    for q in [0.1, 0.5, 0.9] {
        let at = waits[(q * RETRIES as f64) as usize];
        assert!(
            (at - q).abs() < 0.05,
            "percentile {q} of the waits: {at} of the ceiling"
        );
    }
    assert!(waits[0] < 0.02, "shortest wait {} of the ceiling", waits[0]);
    assert!(
        waits[RETRIES - 1] > 0.98,
        "longest wait {} of the ceiling",
        waits[RETRIES - 1]
    );
}

#[test]
fn without_jitter_waits_exactly_the_ceiling() {
    let policy = RetryPolicy::default()
        .initial_backoff(Duration::from_millis(100))
        .jitter(false);
    let (client, mock, clock) = setup(policy);
    mock.expect(Expectation::get(GET_PATH).respond(500).times(2))
        .expect(ok_get());
    client.invalidation("E1", "I2J0I21PCUYOIK").unwrap();
    assert_eq!(
        clock.sleeps(),
        vec![Duration::from_millis(100), Duration::from_millis(200)]
    );
}

#[test]
fn a_retried_create_sends_the_identical_body_and_is_signed_afresh() {
    let (client, mock, _clock) = setup(
        RetryPolicy::default()
            .jitter(false)
            .initial_backoff(Duration::from_secs(2)),
    );
    mock.expect(Expectation::post(CREATE_PATH).respond(503))
        .expect(
            Expectation::post(CREATE_PATH)
                .respond(500)
                .response_body(error_body("InternalError")),
        )
        // A 500 may come after the service acted: before resending, the client looks for
        // its caller reference among the newest invalidations (none here).
        .expect(
            Expectation::get(CREATE_PATH)
                .query("MaxItems", "10")
                .respond(200)
                .response_body(EMPTY_LIST),
        )
        .expect(
            Expectation::post(CREATE_PATH)
                .respond(201)
                .response_body(INVALIDATION),
        );
    let batch = InvalidationBatch::new(["/index.html"]).unwrap();
    client.create_invalidation_batch("E1", &batch).unwrap();
    mock.verify().unwrap();
    let requests: Vec<_> = mock
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST")
        .collect();
    assert_eq!(requests.len(), 3);
    let body = String::from_utf8(requests[0].body.clone()).unwrap();
    assert!(body.contains(&format!(
        "<CallerReference>{}</CallerReference>",
        batch.caller_reference
    )));
    for r in &requests {
        assert_eq!(r.body, requests[0].body, "same bytes on every attempt");
        assert!(r.header("authorization").is_some());
    }
    // Each attempt is signed at its own time (the manual clock moved by the backoff).
    assert_ne!(
        requests[0].header("x-amz-date"),
        requests[2].header("x-amz-date")
    );
    assert_ne!(
        requests[0].header("authorization"),
        requests[2].header("authorization")
    );
}

#[test]
fn non_retryable_errors_are_returned_at_once() {
    for (status, code) in [
        (404, "NoSuchInvalidation"),
        (400, "InvalidArgument"),
        (403, "AccessDenied"),
        (412, "PreconditionFailed"),
        (400, "TooManyInvalidationsInProgress"),
    ] {
        let (client, mock, clock) = setup(RetryPolicy::default());
        mock.expect(
            Expectation::get(GET_PATH)
                .respond(status)
                .response_body(error_body(code)),
        );
        let err = client.invalidation("E1", "I2J0I21PCUYOIK").unwrap_err();
        assert_eq!(err.code(), Some(code));
        assert_eq!(mock.requests().len(), 1, "{code}");
        assert!(clock.sleeps().is_empty());
    }
}

#[test]
fn body_too_large_is_not_retried() {
    let (client, mock, _clock) = setup(RetryPolicy::default());
    mock.expect(Expectation::get(GET_PATH).fail(TransportErrorKind::BodyTooLarge));
    match client.invalidation("E1", "I2J0I21PCUYOIK").unwrap_err() {
        Error::Transport(t) => assert_eq!(t.kind(), TransportErrorKind::BodyTooLarge),
        other => panic!("{other:?}"),
    }
    assert_eq!(mock.requests().len(), 1);
}

#[test]
fn retry_policy_none_makes_one_attempt() {
    let (client, mock, _clock) = setup(RetryPolicy::none());
    mock.expect(Expectation::get(GET_PATH).respond(503));
    assert!(client.invalidation("E1", "I2J0I21PCUYOIK").is_err());
    assert_eq!(mock.requests().len(), 1);
}

#[test]
fn a_lost_create_response_is_found_instead_of_sending_the_batch_again() {
    let (client, mock, _clock) = setup(RetryPolicy::default());
    let batch = InvalidationBatch::new(["/index.html"])
        .unwrap()
        .with_caller_reference("ref-1");
    let listed = r#"<?xml version="1.0"?><InvalidationList xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Marker></Marker><MaxItems>10</MaxItems><IsTruncated>false</IsTruncated><Quantity>2</Quantity><Items><InvalidationSummary><Id>I2J0I21PCUYOIK</Id><CreateTime>2026-11-24T22:53:10.538Z</CreateTime><Status>InProgress</Status></InvalidationSummary><InvalidationSummary><Id>IOLDER</Id><CreateTime>2026-11-24T20:00:00.000Z</CreateTime><Status>Completed</Status></InvalidationSummary></Items></InvalidationList>"#;
    mock.expect(Expectation::post(CREATE_PATH).fail(TransportErrorKind::Io))
        .expect(
            Expectation::get(CREATE_PATH)
                .respond(200)
                .response_body(listed),
        )
        .expect(ok_get());
    let inv = client.create_invalidation_batch("E1", &batch).unwrap();
    assert_eq!(inv.id, "I2J0I21PCUYOIK");
    mock.verify().unwrap();
    let posts = mock
        .requests()
        .iter()
        .filter(|r| r.method == "POST")
        .count();
    assert_eq!(posts, 1, "the batch was not sent a second time");
}

/// A request that is not idempotent (a raw POST by default) is never sent again after a
/// failure in which the server may have acted on it: a timeout or broken connection after
/// sending, a 500, or a proxy's 502/504. The caller gets that attempt's typed error. A failure
/// that says nothing was processed (connection refused, 503, throttling) is still retried.
#[test]
fn a_non_idempotent_request_is_not_resent_after_the_server_may_have_acted() {
    let ambiguous: Vec<(&str, Expectation)> = vec![
        (
            "timeout",
            Expectation::post(CREATE_PATH).fail(TransportErrorKind::Timeout),
        ),
        (
            "io",
            Expectation::post(CREATE_PATH).fail(TransportErrorKind::Io),
        ),
        (
            "500",
            Expectation::post(CREATE_PATH)
                .respond(500)
                .response_body(error_body("InternalError")),
        ),
        ("502", Expectation::post(CREATE_PATH).respond(502)),
        ("504", Expectation::post(CREATE_PATH).respond(504)),
    ];
    let raw = || RawRequest::post(CREATE_PATH, "<InvalidationBatch/>");
    for (name, fault) in ambiguous {
        let (client, mock, clock) = setup(RetryPolicy::default());
        mock.expect(fault);
        let err = client.send_raw(raw()).unwrap_err();
        match (name, &err) {
            ("timeout", Error::Transport(t)) => {
                assert_eq!(t.kind(), TransportErrorKind::Timeout)
            }
            ("io", Error::Transport(t)) => assert_eq!(t.kind(), TransportErrorKind::Io),
            ("500" | "502" | "504", e) => {
                assert_eq!(e.status(), Some(name.parse().unwrap()), "{name}: {e:?}")
            }
            _ => panic!("{name}: {err:?}"),
        }
        assert_eq!(mock.requests().len(), 1, "{name}: sent once, never again");
        assert!(clock.sleeps().is_empty(), "{name}: no backoff");
        mock.verify().unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    for (name, fault) in [
        (
            "connect",
            Expectation::post(CREATE_PATH).fail(TransportErrorKind::Connect),
        ),
        ("503", Expectation::post(CREATE_PATH).respond(503)),
        (
            "throttling",
            Expectation::post(CREATE_PATH)
                .respond(400)
                .response_body(error_body("Throttling")),
        ),
    ] {
        let (client, mock, _clock) = setup(RetryPolicy::default());
        mock.expect(fault)
            .expect(Expectation::post(CREATE_PATH).respond(201));
        let resp = client
            .send_raw(raw())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(resp.status, 201, "{name}");
        assert_eq!(mock.requests().len(), 2, "{name}: not processed, so resent");
        mock.verify().unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    // Marked idempotent by the caller, the same request is retried after a lost response.
    let (client, mock, _clock) = setup(RetryPolicy::default());
    mock.expect(Expectation::post(CREATE_PATH).fail(TransportErrorKind::Io))
        .expect(Expectation::post(CREATE_PATH).respond(201));
    assert_eq!(client.send_raw(raw().idempotent(true)).unwrap().status, 201);
    assert_eq!(mock.requests().len(), 2);
}
