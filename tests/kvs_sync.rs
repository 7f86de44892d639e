//! `sync_keys` and the signed client against the loopback fake store (`tests/kvs_fake`), which
//! verifies every SigV4A signature with the public key derived from the test credentials and
//! enforces `If-Match` and the `UpdateKeys` limits as the service does.
#![cfg(feature = "kvs")]

mod kvs_fake;

use std::collections::BTreeMap;
use std::sync::Arc;

use cloudfront::kvs::{ErrorKind, KeyValueStore, SyncEvent, SyncOptions};
use cloudfront::{Client, Credentials, RetryPolicy};
use kvs_fake::{ARN, FakeStore, LoopbackTransport};

fn credentials() -> Credentials {
    Credentials::new("AKIDKVSFAKE", "kvs-fake-secret-key")
}

fn store_for(fake: &FakeStore, credentials: Credentials) -> KeyValueStore {
    let client = Client::builder()
        .credentials(credentials)
        .transport(LoopbackTransport)
        .retry(RetryPolicy::default().jitter(false))
        .build()
        .unwrap();
    client.key_value_store_at(ARN, &fake.endpoint()).unwrap()
}

fn map<const N: usize>(pairs: [(&str, &str); N]) -> BTreeMap<String, String> {
    pairs
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn updates(fake: &FakeStore) -> Vec<kvs_fake::Seen> {
    fake.seen()
        .into_iter()
        .filter(|s| s.method == "POST")
        .collect()
}

#[test]
fn every_operation_works_against_the_verifying_fake() {
    let fake = FakeStore::start(&credentials(), map([("/a", "1")]));
    let store = store_for(&fake, credentials());
    assert_eq!(
        store.endpoint(),
        format!("http://123456789012.localhost:{}", fake.port)
    );
    let info = store.describe().unwrap();
    assert_eq!((info.item_count, info.etag.as_str()), (1, "KVFAKE000001"));
    let put = store.put("/b c", "two", &info.etag).unwrap();
    assert_eq!(put.item_count, 2);
    assert_eq!(store.get("/b c").unwrap().value, "two");
    let deleted = store.delete("/a", &put.etag).unwrap();
    let none: [&str; 0] = [];
    let updated = store
        .update(&[("x", "1"), ("y", "2")], &none, &deleted.etag)
        .unwrap();
    assert_eq!(updated.item_count, 3);
    let keys: Vec<String> = store.keys().page_size(2).map(|p| p.unwrap().key).collect();
    assert_eq!(keys, ["/b c", "x", "y"]);
    assert_eq!(fake.bad_signatures(), 0);
    assert_eq!(
        store.key_derivations(),
        1,
        "one SigV4A key for every request"
    );
}

#[test]
fn a_wrong_secret_fails_the_fakes_signature_check() {
    let fake = FakeStore::start(&credentials(), BTreeMap::new());
    let store = store_for(&fake, Credentials::new("AKIDKVSFAKE", "another-secret"));
    let err = store.describe().unwrap_err();
    assert_eq!(err.status(), Some(403));
    assert_eq!(err.code(), Some("InvalidSignatureException"));
    assert!(fake.bad_signatures() >= 1);
}

#[test]
fn a_stale_etag_is_a_conflict_and_a_write_without_one_is_never_sent() {
    let fake = FakeStore::start(&credentials(), map([("k", "v")]));
    let store = store_for(&fake, credentials());
    let etag = store.describe().unwrap().etag;
    fake.write_behind_the_back("k", "theirs");
    let err = store.put("k", "ours", &etag).unwrap_err();
    assert_eq!(ErrorKind::of(&err), Some(ErrorKind::Conflict));
    assert_eq!(err.status(), Some(409));
    assert!(store.put("k", "ours", "").is_err());
    assert_eq!(fake.items()["k"], "theirs");
    assert_eq!(fake.seen().len(), 2, "describe and the refused put only");
}

#[test]
fn sync_into_an_empty_store_puts_everything_in_one_batch() {
    let fake = FakeStore::start(&credentials(), BTreeMap::new());
    let store = store_for(&fake, credentials());
    let desired = map([
        ("/old", "/new"),
        ("/blog", "https://blog.example.com/"),
        ("flag", "on"),
    ]);
    let mut events = Vec::new();
    let report = store
        .sync_keys(&desired, &SyncOptions::default(), &mut |e| {
            events.push(e.clone())
        })
        .unwrap();
    assert_eq!(fake.items(), desired);
    assert_eq!(
        (
            report.puts,
            report.deletes,
            report.batches,
            report.conflicts
        ),
        (3, 0, 1, 0)
    );
    assert_eq!(report.etag, fake.etag());
    assert_eq!(report.item_count, Some(3));
    assert!(matches!(
        events[0],
        SyncEvent::Planned {
            puts: 3,
            deletes: 0,
            unchanged: 0,
            batches: 1,
            ..
        }
    ));
    assert!(matches!(
        events[1],
        SyncEvent::BatchApplied {
            batch: 1,
            batches: 1,
            puts: 3,
            ..
        }
    ));
    assert_eq!(events.len(), 2);
    let methods: Vec<String> = fake.seen().iter().map(|s| s.method.clone()).collect();
    assert_eq!(
        methods,
        ["GET", "GET", "POST"],
        "describe, list, one UpdateKeys"
    );
    assert_eq!(updates(&fake)[0].if_match.as_deref(), Some("KVFAKE000001"));
}

#[test]
fn a_large_diff_goes_in_batches_within_the_limits_with_the_etag_chained() {
    // 80 keys now: 0..40 stay, 40..60 change, 60..80 go; 60 new ones come.
    let current: BTreeMap<String, String> = (0..80)
        .map(|i| (format!("key-{i:03}"), format!("old-{i}")))
        .collect();
    let mut desired: BTreeMap<String, String> = (0..60)
        .map(|i| {
            (
                format!("key-{i:03}"),
                if i < 40 {
                    format!("old-{i}")
                } else {
                    format!("new-{i}")
                },
            )
        })
        .collect();
    desired.extend((100..160).map(|i| (format!("key-{i:03}"), "v".repeat(1024))));
    let fake = FakeStore::start(&credentials(), current);
    let store = store_for(&fake, credentials());

    let plan = store.plan_sync(&desired, &SyncOptions::default()).unwrap();
    assert_eq!(
        (plan.puts.len(), plan.deletes.len(), plan.unchanged),
        (80, 20, 40)
    );
    assert_eq!(plan.batches.len(), 2);
    assert!(updates(&fake).is_empty(), "the dry run writes nothing");

    // A smaller byte budget than the service's forces more, smaller batches.
    let options = SyncOptions::default().max_batch_bytes(20_000);
    let mut applied = Vec::new();
    let report = store
        .sync_keys(&desired, &options, &mut |e| {
            if let SyncEvent::BatchApplied {
                etag,
                puts,
                deletes,
                ..
            } = e
            {
                applied.push((etag.clone(), *puts, *deletes));
            }
        })
        .unwrap();
    assert_eq!(fake.items(), desired);
    assert_eq!((report.puts, report.deletes), (80, 20));
    let sent = updates(&fake);
    // 20 small puts, 60 puts of about 1 KB, 20 deletes: at most ~19 large puts per 20 KB.
    assert_eq!(sent.len(), 4);
    assert_eq!(sent.len(), report.batches);
    let mut expected_if_match = "KVFAKE000001".to_string();
    for (batch, (etag, puts, deletes)) in sent.iter().zip(&applied) {
        assert_eq!(batch.status, 200);
        assert!(batch.puts + batch.deletes <= 50);
        assert!(batch.body_bytes <= 20_000);
        assert_eq!((batch.puts, batch.deletes), (*puts, *deletes));
        assert_eq!(batch.if_match.as_deref(), Some(expected_if_match.as_str()));
        expected_if_match = etag.clone();
    }
    // Everything in place: a second sync plans nothing and writes nothing.
    let again = store.sync_keys(&desired, &options, &mut |_| {}).unwrap();
    assert_eq!((again.puts, again.deletes, again.batches), (0, 0, 0));
    assert_eq!(updates(&fake).len(), sent.len());
    assert_eq!(fake.bad_signatures(), 0);
}

#[test]
fn a_concurrent_writer_causes_a_conflict_that_the_retry_resolves() {
    let fake = Arc::new(FakeStore::start(&credentials(), BTreeMap::new()));
    let store = store_for(&fake, credentials());
    let desired: BTreeMap<String, String> = (0..120)
        .map(|i| (format!("k{i:03}"), format!("v{i}")))
        .collect();
    let mut events = Vec::new();
    let other = fake.clone();
    let report = store
        .sync_keys(&desired, &SyncOptions::default(), &mut |e| {
            // Right after the first batch, someone else writes: a key we want, with their
            // value, and a key we do not want.
            if let SyncEvent::BatchApplied { batch: 1, .. } = e {
                if !events
                    .iter()
                    .any(|e| matches!(e, SyncEvent::Conflict { .. }))
                {
                    other.write_behind_the_back("k000", "theirs");
                    other.write_behind_the_back("stray", "x");
                }
            }
            events.push(e.clone());
        })
        .unwrap();
    assert_eq!(
        fake.items(),
        desired,
        "their changes were re-read and undone"
    );
    assert_eq!(report.conflicts, 1);
    assert!(events.iter().any(|e| matches!(
        e,
        SyncEvent::Conflict {
            batch: 2,
            retry: 1,
            ..
        }
    )));
    let planned: Vec<(usize, usize)> = events
        .iter()
        .filter_map(|e| match e {
            SyncEvent::Planned { puts, deletes, .. } => Some((*puts, *deletes)),
            _ => None,
        })
        .collect();
    // First plan: 120 puts. Re-plan after batch 1 (50 applied) and the other writer: the 70
    // left, k000 back to ours, and the stray key deleted.
    assert_eq!(planned, [(120, 0), (71, 1)]);
    let statuses: Vec<u16> = updates(&fake).iter().map(|s| s.status).collect();
    assert_eq!(statuses, [200, 409, 200, 200]);
}

#[test]
fn conflicts_beyond_the_budget_return_the_conflict() {
    let fake = Arc::new(FakeStore::start(&credentials(), BTreeMap::new()));
    let store = store_for(&fake, credentials());
    let desired: BTreeMap<String, String> = (0..60)
        .map(|i| (format!("k{i:03}"), "v".to_string()))
        .collect();
    let other = fake.clone();
    let err = store
        .sync_keys(
            &desired,
            &SyncOptions::default().max_conflict_retries(0),
            &mut |e| {
                if let SyncEvent::BatchApplied { .. } = e {
                    other.write_behind_the_back("stray", "x");
                }
            },
        )
        .unwrap_err();
    assert_eq!(ErrorKind::of(&err), Some(ErrorKind::Conflict));
    assert_eq!(
        fake.items().len(),
        51,
        "the first batch and the other writer's key"
    );
}

#[test]
fn desired_maps_over_the_quotas_are_refused_before_anything_is_sent() {
    let fake = FakeStore::start(&credentials(), BTreeMap::new());
    let store = store_for(&fake, credentials());
    let desired = map([("k", &"v".repeat(1025))]);
    let err = store
        .sync_keys(&desired, &SyncOptions::default(), &mut |_| {})
        .unwrap_err();
    assert!(matches!(err, cloudfront::Error::InvalidInput(_)), "{err}");
    assert!(fake.seen().is_empty());
}
