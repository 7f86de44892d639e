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
