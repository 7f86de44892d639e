//! `MockTransport`: scripted exchanges for unit tests.

use std::sync::Arc;

use cloudfront::transport::{
    Expectation, HttpRequest, HttpResponse, MockTransport, Transport, TransportError,
    TransportErrorKind,
};

const BASE: &str = "https://cloudfront.amazonaws.com";

fn request(method: &str, path_and_query: &str) -> HttpRequest {
    HttpRequest {
        method: method.into(),
        url: format!("{BASE}{path_and_query}"),
        headers: vec![],
        body: vec![],
    }
}

fn err(result: Result<HttpResponse, TransportError>) -> TransportError {
    match result {
        Ok(r) => panic!("expected an error, got {r:?}"),
        Err(e) => e,
    }
}

#[test]
fn expectations_are_consumed_in_order_with_canned_responses() {
    let mock = MockTransport::new();
    mock.expect(
        Expectation::get("/2020-05-31/distribution")
            .respond(200)
            .response_header("ETag", "E1")
            .response_body("<DistributionList/>"),
    )
    .expect(Expectation::delete("/2020-05-31/distribution/E1").respond(204));

    let first = mock
        .send(&request("GET", "/2020-05-31/distribution"))
        .unwrap();
    assert_eq!(first.status, 200);
    assert_eq!(first.header("etag"), Some("E1"));
    assert_eq!(first.body, b"<DistributionList/>");
    assert_eq!(mock.remaining(), 1);

    let second = mock
        .send(&request("DELETE", "/2020-05-31/distribution/E1"))
        .unwrap();
    assert_eq!(second.status, 204);
    assert!(second.body.is_empty());
    assert!(mock.is_done());
    assert_eq!(mock.verify(), Ok(()));
}

#[test]
fn out_of_order_request_is_a_mismatch() {
    let mock = MockTransport::new();
    mock.expect(Expectation::get("/a"))
        .expect(Expectation::get("/b"));
    let e = err(mock.send(&request("GET", "/b")));
    assert_eq!(e.kind(), TransportErrorKind::Other);
    assert!(e.message().contains("path: expected /a, got /b"), "{e}");
}

#[test]
fn query_header_and_body_are_matched() {
    let mock = MockTransport::new();
    mock.expect(
        Expectation::put("/2020-05-31/distribution/E1/config")
            .query("x", "a b")
            .header("If-Match", "E2QWRUHAPOMQZL")
            .header_present("content-type")
            .body_contains("<Comment>x</Comment>"),
    );
    let mut req = request("PUT", "/2020-05-31/distribution/E1/config?y=2&x=a%20b");
    req.headers
        .push(("if-match".into(), "E2QWRUHAPOMQZL".into()));
    req.headers
        .push(("Content-Type".into(), "application/xml".into()));
    req.body = b"<DistributionConfig><Comment>x</Comment></DistributionConfig>".to_vec();
    assert_eq!(mock.send(&req).unwrap().status, 200);
    assert_eq!(mock.verify(), Ok(()));
}

#[test]
fn query_in_the_path_is_expected_too() {
    let mock = MockTransport::new();
    mock.expect(Expectation::get("/2020-05-31/distribution?MaxItems=1"));
    let e = err(mock.send(&request("GET", "/2020-05-31/distribution?MaxItems=2")));
    assert!(
        e.message()
            .contains("query MaxItems: expected \"1\", got [\"2\"]"),
        "{e}"
    );
    mock.send(&request("GET", "/2020-05-31/distribution?MaxItems=1"))
        .unwrap();
}

#[test]
fn body_eq_requires_the_exact_body() {
    let mock = MockTransport::new();
    mock.expect(Expectation::post("/p").body_eq("abc"));
    let mut req = request("POST", "/p");
    req.body = b"abcd".to_vec();
    let e = err(mock.send(&req));
    assert!(e.message().contains("body: expected \"abc\""), "{e}");
    req.body = b"abc".to_vec();
    mock.send(&req).unwrap();
}

#[test]
fn mismatch_message_shows_what_came_and_what_was_expected_without_secrets() {
    let mock = MockTransport::new();
    mock.expect(
        Expectation::get("/2020-05-31/distribution")
            .query("MaxItems", "1")
            .header("If-Match", "E2QWRUHAPOMQZL"),
    );
    let mut req = request("POST", "/2020-05-31/invalidation?MaxItems=5");
    req.headers.push(("If-Match".into(), "STALE".into()));
    req.headers.push((
        "Authorization".into(),
        "AWS4-HMAC-SHA256 Credential=AKID/20261125/us-east-1/cloudfront/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123deadbeef".into(),
    ));
    req.headers
        .push(("X-Amz-Security-Token".into(), "SESSIONTOKENSECRET".into()));
    req.body = b"<InvalidationBatch><Paths/></InvalidationBatch>".to_vec();
    let e = err(mock.send(&req));
    let msg = e.to_string();
    // What came.
    assert!(
        msg.contains("POST /2020-05-31/invalidation?MaxItems=5"),
        "{msg}"
    );
    assert!(msg.contains("If-Match: STALE"), "{msg}");
    assert!(msg.contains("<InvalidationBatch>"), "{msg}");
    // What was expected.
    assert!(msg.contains("GET /2020-05-31/distribution"), "{msg}");
    assert!(msg.contains("query MaxItems=1"), "{msg}");
    assert!(msg.contains("header If-Match: E2QWRUHAPOMQZL"), "{msg}");
    // Each difference.
    assert!(msg.contains("method: expected GET, got POST"), "{msg}");
    assert!(
        msg.contains("path: expected /2020-05-31/distribution"),
        "{msg}"
    );
    // No secret.
    assert!(!msg.contains("0123deadbeef"), "{msg}");
    assert!(!msg.contains("SESSIONTOKENSECRET"), "{msg}");
    let report = mock.verify().unwrap_err();
    assert!(!report.contains("0123deadbeef"), "{report}");
    assert!(!format!("{mock:?}").contains("0123deadbeef"));
}

#[test]
fn unexpected_request_with_empty_queue_fails_and_is_reported() {
    let mock = MockTransport::new();
    let e = err(mock.send(&request("GET", "/2020-05-31/distribution")));
    assert_eq!(e.kind(), TransportErrorKind::Other);
    assert!(e.message().contains("no expectation left"), "{e}");
    assert!(e.message().contains("GET /2020-05-31/distribution"), "{e}");
    assert!(!mock.is_done());
    let report = mock.verify().unwrap_err();
    assert!(report.contains("1 unexpected request"), "{report}");
}

#[test]
fn swallowed_error_still_fails_verify() {
    let mock = MockTransport::new();
    mock.expect(Expectation::get("/expected"));
    // The code under test ignores the error...
    let _ = mock.send(&request("GET", "/other"));
    // ... and then does the right thing.
    mock.send(&request("GET", "/expected")).unwrap();
    assert_eq!(mock.remaining(), 0);
    let report = mock.verify().unwrap_err();
    assert!(report.contains("/other"), "{report}");
    assert!(!mock.is_done());
}

#[test]
fn verify_lists_unmet_expectations() {
    let mock = MockTransport::new();
    mock.expect(Expectation::get("/one"))
        .expect(Expectation::put("/two").header("If-Match", "E9"));
    mock.send(&request("GET", "/one")).unwrap();
    let report = mock.verify().unwrap_err();
    assert!(report.contains("1 unmet expectation"), "{report}");
    assert!(
        report.contains("#2: PUT /two (header If-Match: E9)"),
        "{report}"
    );
    assert!(!report.contains("/one"), "{report}");
}

#[test]
fn injected_faults_have_the_requested_kind() {
    let mock = MockTransport::new();
    mock.expect(Expectation::any().fail(TransportErrorKind::Connect))
        .expect(Expectation::any().fail_with(TransportErrorKind::Timeout, "read timed out"))
        .expect(Expectation::any().respond(200));
    let first = err(mock.send(&request("GET", "/x")));
    assert_eq!(first.kind(), TransportErrorKind::Connect);
    let second = err(mock.send(&request("POST", "/y")));
    assert_eq!(second.kind(), TransportErrorKind::Timeout);
    assert_eq!(second.message(), "read timed out");
    assert_eq!(mock.send(&request("GET", "/z")).unwrap().status, 200);
    // Injected faults are expected: they do not fail verify.
    assert_eq!(mock.verify(), Ok(()));
}

#[test]
fn times_repeats_an_expectation() {
    let mock = MockTransport::new();
    mock.expect(
        Expectation::any()
            .respond(503)
            .response_body("busy")
            .times(3),
    )
    .expect(Expectation::any().respond(200));
    assert_eq!(mock.remaining(), 4);
    for _ in 0..3 {
        assert_eq!(mock.send(&request("GET", "/")).unwrap().status, 503);
    }
    assert_eq!(mock.send(&request("GET", "/")).unwrap().status, 200);
    assert!(mock.is_done());
}

#[test]
fn requests_log_keeps_every_request_for_comparing_retries() {
    let mock = MockTransport::new();
    mock.expect(Expectation::post("/2020-05-31/distribution").fail(TransportErrorKind::Io))
        .expect(Expectation::post("/2020-05-31/distribution").respond(201));
    let mut req = request("POST", "/2020-05-31/distribution");
    req.body = b"<DistributionConfig><CallerReference>fixed</CallerReference></DistributionConfig>"
        .to_vec();
    let _ = mock.send(&req);
    mock.send(&req).unwrap();
    let _ = mock.send(&request("GET", "/unexpected"));
    let log = mock.requests();
    assert_eq!(log.len(), 3, "unexpected requests are logged too");
    assert_eq!(log[0].body, log[1].body);
    assert_eq!(log[2].path(), "/unexpected");
}

#[test]
fn response_body_file_is_read_or_reported() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("list.xml");
    std::fs::write(&file, "<DistributionList/>").unwrap();
    let missing = dir.path().join("missing.xml");

    let mock = MockTransport::new();
    mock.expect(Expectation::any().response_body_file(&file))
        .expect(Expectation::any().response_body_file(&missing));
    assert_eq!(
        mock.send(&request("GET", "/")).unwrap().body,
        b"<DistributionList/>"
    );
    let e = err(mock.send(&request("GET", "/")));
    assert!(e.message().contains("missing.xml"), "{e}");
    let report = mock.verify().unwrap_err();
    assert!(report.contains("missing.xml"), "{report}");
}

#[test]
fn mock_is_send_sync_and_shareable() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<MockTransport>();
    assert_send_sync::<Expectation>();

    let mock = Arc::new(MockTransport::new());
    mock.expect(Expectation::get("/t").times(8));
    let shared: Arc<dyn Transport> = mock.clone();
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let t = Arc::clone(&shared);
            std::thread::spawn(move || t.send(&request("GET", "/t")).map(|r| r.status))
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap().unwrap(), 200);
    }
    assert!(mock.is_done());
    assert_eq!(mock.requests().len(), 8);
}

/// The mock is what a client built with it sends through: a typed call goes to the mock,
/// signed for the configured endpoint, and its scripted answer comes back decoded.
#[test]
fn mock_plugs_into_the_client_builder() {
    let mock = Arc::new(MockTransport::new());
    mock.expect(
        Expectation::get("/2020-05-31/distribution/E1/invalidation/I1")
            .respond(200)
            .response_body(r#"<Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>I1</Id><Status>Completed</Status><CreateTime>2026-11-24T22:53:10.538Z</CreateTime><InvalidationBatch><Paths><Quantity>1</Quantity><Items><Path>/a</Path></Items></Paths><CallerReference>r</CallerReference></InvalidationBatch></Invalidation>"#),
    );
    let client = cloudfront::Client::builder()
        .credentials(cloudfront::Credentials::new("AKIDEXAMPLE", "secret"))
        .endpoint("http://127.0.0.1:9")
        .shared_transport(mock.clone())
        .build()
        .unwrap();
    let invalidation = client.invalidation("E1", "I1").unwrap();
    assert_eq!(invalidation.id, "I1");
    assert!(invalidation.status.is_completed());
    assert_eq!(invalidation.batch.paths, ["/a"]);
    mock.verify().unwrap();
    let sent = mock.requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0].url,
        "http://127.0.0.1:9/2020-05-31/distribution/E1/invalidation/I1"
    );
    assert!(
        sent[0]
            .header("authorization")
            .is_some_and(|a| a.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")),
        "{:?}",
        sent[0].header("authorization")
    );
}

#[test]
fn debug_of_expectation_redacts_secrets() {
    let e = Expectation::get("/x").header("X-Amz-Security-Token", "TOKENSECRET");
    let text = format!("{e:?}");
    assert!(!text.contains("TOKENSECRET"), "{text}");
    assert!(text.contains("GET /x"), "{text}");
}
