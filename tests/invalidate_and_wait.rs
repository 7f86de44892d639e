//! `Client::invalidate_and_wait` and `Client::resume_invalidation` on scripted exchanges
//! (MockTransport, real CloudFront response shapes) and a manual clock: the events reported,
//! back-pressure on `TooManyInvalidationsInProgress`, a failure midway that carries what was
//! created, a resume that creates nothing twice, and the overall deadline.

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use cloudfront::clock::ManualClock;
use cloudfront::transport::{Expectation, MockTransport};
use cloudfront::{
    Client, Credentials, Error, InvalidateAndWaitOptions, InvalidatePathsOptions,
    InvalidationEvent, InvalidationStatus, RetryPolicy,
};

const DIST: &str = "EDFDVBD6EXAMPLE";
const INVALIDATIONS: &str = "/2020-05-31/distribution/EDFDVBD6EXAMPLE/invalidation";

fn setup() -> (Arc<MockTransport>, Arc<ManualClock>, Client) {
    let mock = Arc::new(MockTransport::new());
    let clock = Arc::new(ManualClock::new(
        UNIX_EPOCH + Duration::from_secs(1_795_601_730),
    ));
    let client = Client::builder()
        .credentials(Credentials::new("AKIDEXAMPLE", "mock-secret"))
        .shared_transport(mock.clone())
        .clock(clock.clone())
        .retry(RetryPolicy::default())
        .build()
        .unwrap();
    (mock, clock, client)
}

/// Two file paths per batch, polls every 20 s, back-pressure waits of 60 s.
fn options() -> InvalidateAndWaitOptions {
    InvalidateAndWaitOptions {
        batching: InvalidatePathsOptions::new()
            .max_file_paths_per_batch(2)
            .poll_delay(Duration::from_secs(20))
            .max_polls(5)
            .back_pressure_delay(Duration::from_secs(60))
            .max_back_pressure_waits(3),
        timeout: None,
    }
}

fn invalidation_xml(id: &str, status: &str, paths: &[&str]) -> String {
    let items: String = paths.iter().map(|p| format!("<Path>{p}</Path>")).collect();
    format!(
        r#"<?xml version="1.0"?>
<Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>{id}</Id><Status>{status}</Status><CreateTime>2026-11-25T12:00:00.101Z</CreateTime><InvalidationBatch><Paths><Quantity>{}</Quantity><Items>{items}</Items></Paths><CallerReference>ref-{id}</CallerReference></InvalidationBatch></Invalidation>"#,
        paths.len()
    )
}

fn created(id: &str, paths: &[&str]) -> Expectation {
    Expectation::post(INVALIDATIONS)
        .respond(201)
        .response_header(
            "Location",
            &format!("https://cloudfront.amazonaws.com{INVALIDATIONS}/{id}"),
        )
        .response_body(invalidation_xml(id, "InProgress", paths))
}

fn polled(id: &str, status: &str, paths: &[&str]) -> Expectation {
    Expectation::get(&format!("{INVALIDATIONS}/{id}"))
        .respond(200)
        .response_body(invalidation_xml(id, status, paths))
}

fn service_error(status: u16, code: &str, message: &str) -> Expectation {
    Expectation::post(INVALIDATIONS)
        .respond(status)
        .response_header("x-amz-request-id", "req-1")
        .response_body(format!(
            r#"<?xml version="1.0"?>
<ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>req-1</RequestId></ErrorResponse>"#
        ))
}

fn too_many() -> Expectation {
    service_error(
        400,
        "TooManyInvalidationsInProgress",
        "You have exceeded the maximum number of allowable InProgress invalidation batch requests, or invalidation objects.",
    )
}

fn caller_reference(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let start = text.find("<CallerReference>").unwrap() + "<CallerReference>".len();
    let end = text.find("</CallerReference>").unwrap();
    text[start..end].to_string()
}

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

#[test]
fn creates_every_batch_then_waits_for_each_reporting_every_step() {
    let (mock, clock, client) = setup();
    mock.expect(created("I1", &["/a", "/b"]))
        .expect(created("I2", &["/c"]))
        .expect(polled("I1", "InProgress", &["/a", "/b"]))
        .expect(polled("I1", "Completed", &["/a", "/b"]))
        .expect(polled("I2", "Completed", &["/c"]));
    let mut events = Vec::new();
    let done = client
        .invalidate_and_wait(DIST, ["/a", "/b", "/c"], &options(), &mut |e| {
            events.push(e.clone())
        })
        .unwrap();

    assert_eq!(
        done.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
        ["I1", "I2"]
    );
    assert!(
        done.iter()
            .all(|i| i.status == InvalidationStatus::Completed)
    );
    use InvalidationEvent::*;
    assert_eq!(
        events,
        [
            Planned {
                batches: 2,
                paths: 3,
                elapsed: secs(0)
            },
            BatchCreated {
                batch: 1,
                batches: 2,
                invalidation_id: "I1".into(),
                paths: 2,
                elapsed: secs(0)
            },
            BatchCreated {
                batch: 2,
                batches: 2,
                invalidation_id: "I2".into(),
                paths: 1,
                elapsed: secs(0)
            },
            Polled {
                invalidation_id: "I1".into(),
                status: "InProgress".into(),
                completed: 0,
                batches: 2,
                elapsed: secs(0)
            },
            Polled {
                invalidation_id: "I1".into(),
                status: "Completed".into(),
                completed: 1,
                batches: 2,
                elapsed: secs(20)
            },
            BatchCompleted {
                batch: 1,
                invalidation_id: "I1".into(),
                completed: 1,
                batches: 2,
                elapsed: secs(20)
            },
            Polled {
                invalidation_id: "I2".into(),
                status: "Completed".into(),
                completed: 2,
                batches: 2,
                elapsed: secs(20)
            },
            BatchCompleted {
                batch: 2,
                invalidation_id: "I2".into(),
                completed: 2,
                batches: 2,
                elapsed: secs(20)
            },
            Done {
                batches: 2,
                elapsed: secs(20)
            },
        ]
    );
    assert_eq!(clock.sleeps(), [secs(20)]);
    let refs: Vec<String> = mock.requests()[..2]
        .iter()
        .map(|r| caller_reference(&r.body))
        .collect();
    assert_ne!(refs[0], refs[1], "each batch has its own caller reference");
    mock.verify().unwrap();
}

#[test]
fn throttled_batch_waits_for_the_calls_own_oldest_then_resends_it_unchanged() {
    let (mock, clock, client) = setup();
    mock.expect(created("I1", &["/a", "/b"]))
        .expect(too_many())
        .expect(polled("I1", "Completed", &["/a", "/b"]))
        .expect(created("I2", &["/c"]))
        .expect(polled("I2", "InProgress", &["/c"]))
        .expect(polled("I2", "Completed", &["/c"]));
    let mut events = Vec::new();
    let done = client
        .invalidate_and_wait(DIST, ["/a", "/b", "/c"], &options(), &mut |e| {
            events.push(e.clone())
        })
        .unwrap();
    assert_eq!(done.len(), 2);

    let throttled: Vec<&InvalidationEvent> = events
        .iter()
        .filter(|e| matches!(e, InvalidationEvent::Throttled { .. }))
        .collect();
    assert_eq!(
        throttled,
        [&InvalidationEvent::Throttled {
            batch: 2,
            waiting_for: Some("I1".into()),
            delay: None,
            wait: 1,
            max_waits: 3,
            elapsed: secs(0),
        }]
    );
    assert!(
        throttled[0]
            .to_string()
            .contains("waiting for I1 to complete"),
        "{}",
        throttled[0]
    );
    // The refused batch and its resend are byte-identical (same caller reference).
    let requests = mock.requests();
    assert_eq!(requests[1].body, requests[3].body);
    // No blind sleep: it waited for its own batch (which was done at the first poll), then
    // polled the second batch once more after one interval.
    assert_eq!(clock.sleeps(), [secs(20)]);
    mock.verify().unwrap();
}

#[test]
fn throttling_by_others_sleeps_the_back_pressure_delay_and_gives_up_with_the_plan() {
    let (mock, clock, client) = setup();
    mock.expect(too_many().times(4));
    let mut events = Vec::new();
    let err = client
        .invalidate_and_wait(DIST, ["/a"], &options(), &mut |e| events.push(e.clone()))
        .unwrap_err();
    assert_eq!(err.error.code(), Some("TooManyInvalidationsInProgress"));
    assert!(err.created().is_empty());
    assert_eq!(err.plan.pending.len(), 1, "the batch not created is kept");
    assert_eq!(clock.sleeps(), [secs(60); 3]);
    let delays: Vec<Option<Duration>> = events
        .iter()
        .filter_map(|e| match e {
            InvalidationEvent::Throttled { delay, .. } => Some(*delay),
            _ => None,
        })
        .collect();
    assert_eq!(delays, [Some(secs(60)); 3]);
    mock.verify().unwrap();
}

#[test]
fn failure_midway_carries_what_was_created_and_resume_creates_nothing_twice() {
    let (mock, _clock, client) = setup();
    mock.expect(created("I1", &["/a", "/b"]))
        .expect(service_error(
            403,
            "AccessDenied",
            "User is not authorized to perform cloudfront:CreateInvalidation",
        ));
    let paths = ["/a", "/b", "/c", "/d", "/e"];
    let err = client
        .invalidate_and_wait(DIST, paths, &options(), &mut |_| {})
        .unwrap_err();
    assert_eq!(err.error.code(), Some("AccessDenied"));
    assert_eq!(
        err.created()
            .iter()
            .map(|i| i.id.as_str())
            .collect::<Vec<_>>(),
        ["I1"]
    );
    assert_eq!(
        err.plan
            .pending
            .iter()
            .map(|b| b.paths.clone())
            .collect::<Vec<_>>(),
        [
            vec!["/c".to_string(), "/d".to_string()],
            vec!["/e".to_string()]
        ]
    );
    let message = err.to_string();
    assert!(
        message.contains("1 of 3 batches created") && message.contains("I1"),
        "{message}"
    );
    let refused_reference = caller_reference(&mock.requests()[1].body);
    assert_eq!(refused_reference, err.plan.pending[0].caller_reference);
    mock.verify().unwrap();

    // Resume: the two pending batches with their own references, then every wait; batch 1
    // is polled, never created again.
    let plan = err.into_plan();
    let pending_refs: Vec<String> = plan
        .pending
        .iter()
        .map(|b| b.caller_reference.clone())
        .collect();
    mock.expect(created("I2", &["/c", "/d"]))
        .expect(created("I3", &["/e"]))
        .expect(polled("I1", "Completed", &["/a", "/b"]))
        .expect(polled("I2", "Completed", &["/c", "/d"]))
        .expect(polled("I3", "Completed", &["/e"]));
    let mut events = Vec::new();
    let done = client
        .resume_invalidation(plan, &options(), &mut |e| events.push(e.clone()))
        .unwrap();
    assert_eq!(
        done.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
        ["I1", "I2", "I3"]
    );
    let requests = mock.requests();
    let posts: Vec<String> = requests[2..]
        .iter()
        .filter(|r| r.method == "POST")
        .map(|r| caller_reference(&r.body))
        .collect();
    assert_eq!(posts, pending_refs);
    assert_eq!(
        events.first(),
        Some(&InvalidationEvent::Planned {
            batches: 3,
            paths: 3,
            elapsed: secs(0)
        })
    );
    assert!(matches!(
        events.last(),
        Some(InvalidationEvent::Done { batches: 3, .. })
    ));
    mock.verify().unwrap();
}

#[test]
fn deadline_ends_the_wait_with_a_typed_timeout_and_the_created_invalidations() {
    let (mock, clock, client) = setup();
    mock.expect(created("I1", &["/a"]))
        .expect(polled("I1", "InProgress", &["/a"]).times(4));
    let err = client
        .invalidate_and_wait(DIST, ["/a"], &options().timeout(secs(50)), &mut |_| {})
        .unwrap_err();
    match &err.error {
        Error::WaiterTimeout(t) => {
            assert_eq!(t.last_status, "InProgress");
            assert_eq!(t.attempts, 4);
            assert_eq!(t.elapsed, secs(50));
        }
        other => panic!("expected a timeout, got {other}"),
    }
    assert_eq!(err.created()[0].id, "I1");
    assert!(err.plan.pending.is_empty());
    // 20 + 20 + the 10 s left before the deadline.
    assert_eq!(clock.sleeps(), [secs(20), secs(20), secs(10)]);
    mock.verify().unwrap();
}

#[test]
fn a_bad_path_is_refused_before_anything_is_sent() {
    let (mock, _clock, client) = setup();
    let err = client
        .invalidate_and_wait(DIST, ["/ok", "no-slash"], &options(), &mut |_| {})
        .unwrap_err();
    assert!(matches!(err.error, Error::InvalidInput(_)), "{err}");
    assert_eq!(err.plan.batches(), 0);
    assert!(mock.requests().is_empty());
}
