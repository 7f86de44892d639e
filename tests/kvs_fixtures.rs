//! Every KeyValueStore operation replayed from `fixtures/kvs/<scenario>/` (hand-written in the
//! real service's shapes, see its README). A replayed request must match its fixture (method,
//! path, query, `If-Match`, `content-type` and the body byte for byte) and every fixture must
//! be used, so a missing, extra or retried request fails the test.
#![cfg(feature = "kvs")]

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use cloudfront::clock::ManualClock;
use cloudfront::kvs::{ErrorKind, KeyValueStore};
use cloudfront::transport::{ReplayTransport, Transport};
use cloudfront::{Client, Credentials, Error, RetryPolicy, Timestamp};

const ARN: &str =
    "arn:aws:cloudfront::123456789012:key-value-store/37d5f4d4-52c6-4d48-9a6f-2b8f1a3c7e90";

struct Replay {
    store: KeyValueStore,
    replay: Arc<ReplayTransport>,
}

impl Replay {
    fn new(scenario: &str) -> Replay {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/kvs")
            .join(scenario);
        let replay =
            Arc::new(ReplayTransport::from_dir(&dir).unwrap_or_else(|e| panic!("{scenario}: {e}")));
        let client = Client::builder()
            .credentials(Credentials::new("AKIDEXAMPLE", "fixture-secret"))
            .clock(Arc::new(ManualClock::new(
                UNIX_EPOCH + Duration::from_secs(1_764_676_800), // 2025-12-02T12:00:00Z
            )))
            .retry(RetryPolicy::default().jitter(false))
            .shared_transport(replay.clone() as Arc<dyn Transport>)
            .build()
            .unwrap();
        Replay {
            store: client.key_value_store(ARN).unwrap(),
            replay,
        }
    }

    fn verify(&self) {
        if let Err(report) = self.replay.verify() {
            panic!("{report}");
        }
    }
}

#[test]
fn describe_key_value_store_reads_the_metadata_and_the_etag_header() {
    let r = Replay::new("describe");
    let info = r.store.describe().unwrap();
    assert_eq!(info.item_count, 2);
    assert_eq!(info.total_size_in_bytes, 43);
    assert_eq!(info.arn, ARN);
    assert_eq!(info.etag, "KV1F83G8C2ARO7P");
    assert_eq!(
        info.created,
        Timestamp::from(UNIX_EPOCH + Duration::from_secs(1_764_590_400))
    );
    assert_eq!(
        info.last_modified,
        Some(Timestamp::from(
            UNIX_EPOCH + Duration::from_millis(1_764_676_800_500)
        ))
    );
    assert_eq!(info.status.as_deref(), Some("READY"));
    assert_eq!(info.failure_reason, None);
    r.verify();
}

#[test]
fn get_key_percent_encodes_the_key_label() {
    let r = Replay::new("get");
    let got = r.store.get("/old path").unwrap();
    assert_eq!(got.key, "/old path");
    assert_eq!(got.value, "/new-path");
    assert_eq!((got.item_count, got.total_size_in_bytes), (2, 43));
    assert!(
        !format!("{got:?}").contains("/new-path"),
        "values are sensitive"
    );
    r.verify();
}

#[test]
fn get_key_of_a_missing_key_is_resource_not_found() {
    let r = Replay::new("get-missing");
    let err = r.store.get("nope").unwrap_err();
    assert_eq!(ErrorKind::of(&err), Some(ErrorKind::ResourceNotFound));
    assert!(err.is_not_found());
    assert_eq!(err.operation(), Some("GetKey"));
    assert_eq!(
        err.request_id(),
        Some("7d1c3e5a-2b8f-4e3c-9c9a-3f4e5d6c7b82")
    );
    assert_eq!(err.as_service().unwrap().message, "Key not found");
    r.verify();
}

#[test]
fn list_keys_pages_lazily_with_next_token() {
    let r = Replay::new("list");
    let pairs: Vec<(String, String)> = r
        .store
        .keys()
        .page_size(2)
        .map(|p| p.map(|p| (p.key, p.value)))
        .collect::<Result<_, Error>>()
        .unwrap();
    assert_eq!(
        pairs,
        [("/a", "1"), ("/b", "2"), ("/c", "3")].map(|(k, v)| (k.to_string(), v.to_string()))
    );
    r.verify();
}

#[test]
fn list_keys_sends_nothing_until_iterated_and_max_items_makes_one_request() {
    let r = Replay::new("list");
    let pager = r.store.keys();
    assert_eq!(r.replay.remaining(), 2);
    drop(pager);
    let mut one = r.store.keys().max_items(2);
    assert_eq!(one.by_ref().count(), 2);
    assert_eq!(one.next_marker(), Some("eyJrIjoiL2IifQ=="));
    assert_eq!(r.replay.remaining(), 1);
}

#[test]
fn put_key_sends_if_match_and_a_json_value_and_returns_the_new_etag() {
    let r = Replay::new("put");
    let out = r
        .store
        .put("/old", "/new \"quoted\"", "KV1F83G8C2ARO7P")
        .unwrap();
    assert_eq!(out.etag, "KV2G94H9D3BSP8Q");
    assert_eq!((out.item_count, out.total_size_in_bytes), (3, 62));
    r.verify();
}

#[test]
fn put_key_with_a_stale_etag_is_a_conflict_and_is_not_retried() {
    let r = Replay::new("put-conflict");
    let err = r.store.put("/old", "/new", "KV0STALE0ETAG00").unwrap_err();
    assert_eq!(ErrorKind::of(&err), Some(ErrorKind::Conflict));
    assert_eq!(err.status(), Some(409));
    assert!(!err.is_retryable());
    r.verify(); // exactly one request
}

#[test]
fn delete_key_sends_if_match() {
    let r = Replay::new("delete");
    let out = r.store.delete("/old", "KV2G94H9D3BSP8Q").unwrap();
    assert_eq!(out.etag, "KV3HA5IAE4CTQ9R");
    r.verify();
}

#[test]
fn update_keys_sends_puts_then_deletes() {
    let r = Replay::new("update");
    let out = r
        .store
        .update(&[("/a", "1"), ("/b", "two")], &["/c"], "KV3HA5IAE4CTQ9R")
        .unwrap();
    assert_eq!(out.etag, "KV4IB6JBF5DUR0S");
    assert_eq!(out.item_count, 2);
    r.verify();
}

#[test]
fn a_validation_error_named_only_in_the_body_is_typed() {
    let r = Replay::new("validation");
    let no_puts: [(&str, &str); 0] = [];
    let err = r
        .store
        .update(&no_puts, &["/x"], "KV4IB6JBF5DUR0S")
        .unwrap_err();
    assert_eq!(ErrorKind::of(&err), Some(ErrorKind::Validation));
    assert_eq!(err.code(), Some("ValidationException"));
    r.verify();
}

#[test]
fn writes_without_an_etag_or_with_bad_keys_send_nothing() {
    let r = Replay::new("put");
    assert!(matches!(
        r.store.put("/old", "v", " "),
        Err(Error::InvalidInput(_))
    ));
    assert!(matches!(
        r.store.put("", "v", "E"),
        Err(Error::InvalidInput(_))
    ));
    assert!(matches!(
        r.store.delete("..", "E"),
        Err(Error::InvalidInput(_))
    ));
    let long = "k".repeat(1025);
    assert!(matches!(r.store.get(&long), Err(Error::InvalidInput(_))));
    assert_eq!(r.replay.remaining(), 1);
}

/// A store whose every request is answered with `status`, `headers` and `body`.
fn answering(status: u16, headers: &[(&str, &str)], body: &[u8]) -> KeyValueStore {
    use cloudfront::transport::{Expectation, MockTransport};
    let mock = Arc::new(MockTransport::new());
    let mut e = Expectation::any()
        .respond(status)
        .response_body(body.to_vec())
        .times(3);
    for (k, v) in headers {
        e = e.response_header(k, v);
    }
    mock.expect(e);
    Client::builder()
        .credentials(Credentials::new("AKIDEXAMPLE", "fixture-secret"))
        .shared_transport(mock)
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
        .key_value_store(ARN)
        .unwrap()
}

fn decode_message(result: Result<impl std::fmt::Debug, Error>) -> String {
    match result {
        Err(Error::Decode(e)) => e.to_string(),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[test]
fn bad_success_bodies_are_typed_decode_errors_that_quote_nothing() {
    let etag = [("ETag", "KV1")];
    let msg =
        decode_message(answering(200, &etag, br#"{"Key":"k","Value":"s3cr3t" oops"#).get("k"));
    assert!(
        msg.contains("not a JSON document") && !msg.contains("s3cr3t"),
        "{msg}"
    );
    let msg = decode_message(
        answering(
            200,
            &etag,
            br#"{"Key":"k","ItemCount":1,"TotalSizeInBytes":2}"#,
        )
        .get("k"),
    );
    assert!(msg.contains("Value"), "{msg}");
    let msg = decode_message(
        answering(200, &[], br#"{"ItemCount":1,"TotalSizeInBytes":2}"#).put("k", "v", "E"),
    );
    assert!(msg.contains("ETag"), "{msg}");
    let msg = decode_message(
        answering(200, &etag, br#"{"ItemCount":-1,"TotalSizeInBytes":2}"#).delete("k", "E"),
    );
    assert!(msg.contains("ItemCount"), "{msg}");
    let msg = decode_message(answering(200, &etag, b"[1,2]").describe());
    assert!(msg.contains("not a JSON object"), "{msg}");
    let deep = "[".repeat(100_000);
    let msg = decode_message(answering(200, &etag, deep.as_bytes()).describe());
    assert!(msg.contains("nested deeper"), "{msg}");
    let huge = format!(
        r#"{{"Items":[],"pad":"{}"}}"#,
        "x".repeat(cloudfront::kvs::MAX_RESPONSE_BODY)
    );
    let err = answering(200, &etag, huge.as_bytes())
        .keys()
        .next()
        .unwrap()
        .unwrap_err();
    assert!(
        matches!(err, Error::Decode(_)) && err.to_string().contains("more than"),
        "{err}"
    );
    let msg = decode_message(
        answering(200, &etag, br#"{"Items":[{"Key":"k"}]}"#)
            .keys()
            .next()
            .unwrap(),
    );
    assert!(msg.contains("Value"), "{msg}");
}

#[test]
fn a_server_error_is_retried_for_writes_with_if_match() {
    use cloudfront::transport::{Expectation, MockTransport};
    let mock = Arc::new(MockTransport::new());
    mock.expect(
        Expectation::new("PUT", "/key-value-stores/arn%3Aaws%3Acloudfront%3A%3A123456789012%3Akey-value-store%2F37d5f4d4-52c6-4d48-9a6f-2b8f1a3c7e90/keys/k")
            .header("if-match", "KV1")
            .respond(500)
            .response_header("x-amzn-ErrorType", "InternalServerException")
            .response_body(r#"{"Message":"Internal server error"}"#),
    );
    mock.expect(
        Expectation::any()
            .respond(200)
            .response_header("ETag", "KV2")
            .response_body(r#"{"ItemCount":1,"TotalSizeInBytes":2}"#),
    );
    let store = Client::builder()
        .credentials(Credentials::new("AKIDEXAMPLE", "fixture-secret"))
        .shared_transport(mock.clone())
        .retry(
            RetryPolicy::default()
                .jitter(false)
                .initial_backoff(Duration::from_millis(1)),
        )
        .build()
        .unwrap()
        .key_value_store(ARN)
        .unwrap();
    assert_eq!(store.put("k", "v", "KV1").unwrap().etag, "KV2");
    let sent = mock.requests();
    assert_eq!(sent.len(), 2);
    assert_eq!(
        sent[1].header("if-match"),
        Some("KV1"),
        "the same If-Match on the retry"
    );
    assert!(
        sent[1]
            .header("authorization")
            .unwrap()
            .starts_with("AWS4-ECDSA-P256-SHA256 ")
    );
    assert_eq!(sent[1].header("x-amz-region-set"), Some("*"));
    assert_eq!(sent[1].header("content-type"), Some("application/json"));
}
