//! Invalidations against moto, a CloudFront emulator written independently of this crate,
//! over real HTTP on 127.0.0.1 (started by `scripts/test.sh`).
//!
//! moto stores the paths it is sent, answers `COMPLETED` (upper case) at once and pages
//! with opaque markers; what it does not emulate (idempotent caller references, quotas,
//! back-pressure) is tested with fixtures in `tests/invalidation_fixtures.rs`.

mod common;

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cloudfront::{
    Client, DistributionConfig, InvalidatePathsOptions, InvalidationStatus, Origin, WaitOptions,
    encode_path,
};
use common::moto::moto;

fn new_distribution(client: &Client, comment: &str) -> String {
    client
        .create_distribution(
            DistributionConfig::new(Origin::s3("mybucket.s3.amazonaws.com")).comment(comment),
        )
        .expect("create distribution on moto")
        .id
        .to_string()
}

/// Pages through the distribution's invalidations `per_page` at a time, each page a new
/// pager started from the previous `next_marker`. Returns the ids in order and the number
/// of requests made.
fn page_manually(client: &Client, distribution_id: &str, per_page: u32) -> (Vec<String>, u32) {
    let mut seen = Vec::new();
    let mut marker: Option<String> = None;
    let mut requests = 0;
    loop {
        let mut pager = client.invalidations(distribution_id).max_items(per_page);
        if let Some(m) = &marker {
            pager = pager.marker(m.clone());
        }
        let page: Vec<_> = pager.by_ref().collect::<Result<_, _>>().unwrap();
        requests += pager.pages_fetched();
        assert_eq!(
            pager.pages_fetched(),
            1,
            "max_items makes exactly one request"
        );
        assert!(
            page.len() <= per_page as usize,
            "{} > {per_page}",
            page.len()
        );
        for s in &page {
            assert_eq!(s.distribution_id, distribution_id);
        }
        seen.extend(page.into_iter().map(|s| s.id.into_string()));
        match pager.next_marker() {
            Some(m) => marker = Some(m.to_string()),
            None => break,
        }
        assert!(requests < 50, "paging does not end");
    }
    (seen, requests)
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn invalidation_lifecycle() {
    let moto = moto();
    let client = moto.client();
    let dist = new_distribution(&client, "invalidations");

    // Three invalidations (and a fourth), with paths that need encoding.
    let batches: Vec<Vec<&str>> = vec![
        vec!["/docs/read me.html", "/index.html"],
        vec!["/café/menü.html", "/日本語/*"],
        vec!["/search?lang=en", "/search?q=a b", "/already%20encoded.css"],
        vec!["/*"],
    ];
    let mut created = Vec::new();
    for paths in &batches {
        let inv = client.create_invalidation(&dist, paths).unwrap();
        assert!(!inv.id.is_empty());
        assert_eq!(inv.batch.caller_reference.len(), 36, "a uuid v4");
        created.push(inv);
    }
    let ids: BTreeSet<String> = created.iter().map(|i| i.id.to_string()).collect();
    assert_eq!(ids.len(), 4, "four distinct invalidations");

    // moto stored our encoded paths, exactly.
    let expected_paths: Vec<Vec<String>> = vec![
        vec!["/docs/read%20me.html".into(), "/index.html".into()],
        vec![
            "/caf%C3%A9/men%C3%BC.html".into(),
            "/%E6%97%A5%E6%9C%AC%E8%AA%9E/*".into(),
        ],
        vec![
            "/search?lang=en".into(),
            "/search?q=a%20b".into(),
            "/already%20encoded.css".into(),
        ],
        vec!["/*".into()],
    ];
    for (inv, want) in created.iter().zip(&expected_paths) {
        assert_eq!(&inv.batch.paths, want, "create response of {}", inv.id);
        let got = client.invalidation(&dist, &inv.id).unwrap();
        assert_eq!(&got.batch.paths, want, "GetInvalidation of {}", inv.id);
        assert_eq!(got.batch.caller_reference, inv.batch.caller_reference);
        assert_eq!(got.id, inv.id);
        // moto answers `COMPLETED`; our status is case-insensitive.
        assert_eq!(got.status, InvalidationStatus::Completed);
        assert!(got.status.is_completed());
        assert_eq!(got.status.to_string(), "Completed");
    }

    // The whole listing (newest first on the real service; moto's order may differ).
    let mut pager = client.invalidations(&dist);
    let all: Vec<_> = pager.by_ref().collect::<Result<_, _>>().unwrap();
    assert_eq!(pager.pages_fetched(), 1);
    assert_eq!(pager.next_marker(), None);
    let listed: BTreeSet<String> = all.iter().map(|s| s.id.to_string()).collect();
    assert_eq!(listed, ids);
    assert_eq!(all.len(), 4, "no duplicates");
    assert!(all.iter().all(|s| s.status.is_completed()));

    // Paging by hand, one and two at a time, until exhausted.
    for (per_page, want_requests) in [(1, 4), (2, 2), (3, 2), (4, 1)] {
        let (seen, requests) = page_manually(&client, &dist, per_page);
        assert_eq!(
            requests, want_requests,
            "max_items({per_page}) over 4 invalidations"
        );
        let unique: BTreeSet<String> = seen.iter().cloned().collect();
        assert_eq!(
            unique.len(),
            seen.len(),
            "duplicates with max_items({per_page})"
        );
        assert_eq!(unique, ids, "all seen with max_items({per_page})");
    }

    // Automatic paging with a page size: lazy, and the same set.
    let mut pager = client.invalidations(&dist).page_size(1);
    let first = pager.next().unwrap().unwrap();
    assert_eq!(pager.pages_fetched(), 1);
    let rest: Vec<_> = pager.by_ref().collect::<Result<_, _>>().unwrap();
    assert_eq!(pager.pages_fetched(), 4);
    let walked: BTreeSet<String> = std::iter::once(first.id.into_string())
        .chain(rest.into_iter().map(|s| s.id.into_string()))
        .collect();
    assert_eq!(walked, ids);

    // Navigation: summary -> invalidation, summary -> distribution.
    let summary = all.iter().find(|s| s.id == created[1].id).unwrap();
    let full = summary.invalidation(&client).unwrap();
    assert_eq!(full.id, created[1].id);
    assert_eq!(full.batch.paths, expected_paths[1]);
    assert_eq!(full.create_time, summary.create_time);
    let parent = summary.distribution(&client).unwrap();
    assert_eq!(parent.id, dist);
    assert_eq!(parent.distribution_config.comment, "invalidations");
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn wait_until_completed_reports_progress() {
    let moto = moto();
    let client = moto.client();
    let dist = new_distribution(&client, "wait");
    let inv = client.create_invalidation(&dist, ["/index.html"]).unwrap();

    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let done = client
        .wait_until_completed(
            &dist,
            &inv.id,
            WaitOptions::new(Duration::from_millis(5), 5).on_progress(move |p| {
                log.lock()
                    .unwrap()
                    .push((p.status.to_string(), p.attempt, p.done))
            }),
        )
        .unwrap();
    assert_eq!(done.id, inv.id);
    assert!(done.status.is_completed());
    // moto completes at once: one poll, reported with the canonical spelling.
    assert_eq!(
        seen.lock().unwrap().as_slice(),
        &[("Completed".to_string(), 1, true)]
    );

    // Waiting on an invalidation that does not exist ends at once with a typed error.
    let err = client
        .wait_until_completed(
            &dist,
            "INOSUCHINVALIDATION",
            WaitOptions::new(Duration::ZERO, 3),
        )
        .unwrap_err();
    assert!(err.is_not_found(), "{err}");
    assert_eq!(err.code(), Some("NoSuchInvalidation"));
    assert_eq!(err.status(), Some(404));
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn invalidate_paths_splits_into_small_batches() {
    let moto = moto();
    let client = moto.client();
    let dist = new_distribution(&client, "deploy");

    let input = [
        "/index.html",
        "/about us.html",
        "/css/site.css",
        "/js/app.js?v=2",
        "/ünicode.txt",
        "/img/*",
        "/fonts/*",
        "/downloads/2026*",
        // Ends with the wildcard: a wildcard path, although the `*` is in the query string.
        "/search?q=*",
        // Duplicates (once encoded) are sent once.
        "/about%20us.html",
        "/img/*",
    ];
    let options = InvalidatePathsOptions::new()
        .max_file_paths_per_batch(2)
        .max_wildcards_per_batch(1)
        .poll_delay(Duration::from_millis(5));
    let created = client.invalidate_paths(&dist, input, &options).unwrap();

    // 5 file paths in twos, 4 wildcards in ones: 4 batches.
    assert_eq!(created.len(), 4);
    let mut union = Vec::new();
    for inv in &created {
        let wildcards = inv.batch.paths.iter().filter(|p| p.ends_with('*')).count();
        assert!(wildcards <= 1, "{:?}", inv.batch.paths);
        assert!(
            inv.batch.paths.len() - wildcards <= 2,
            "{:?}",
            inv.batch.paths
        );
        union.extend(inv.batch.paths.iter().cloned());
    }
    assert_eq!(union.len(), 9, "no path sent twice: {union:?}");
    let union: BTreeSet<String> = union.into_iter().collect();
    let want: BTreeSet<String> = input.iter().map(|p| encode_path(p).unwrap()).collect();
    assert_eq!(union, want);
    let refs: BTreeSet<&str> = created
        .iter()
        .map(|i| i.batch.caller_reference.as_str())
        .collect();
    assert_eq!(refs.len(), 4, "one caller reference per batch");

    // moto holds exactly these invalidations, with these paths.
    let listed: BTreeSet<String> = client
        .invalidations(&dist)
        .map(|s| s.unwrap().id.into_string())
        .collect();
    let ids: BTreeSet<String> = created.iter().map(|i| i.id.to_string()).collect();
    assert_eq!(listed, ids);
    for inv in &created {
        assert_eq!(
            client.invalidation(&dist, &inv.id).unwrap().batch.paths,
            inv.batch.paths
        );
    }
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn invalidation_errors_from_moto_are_typed() {
    let moto = moto();
    let client = moto.client();
    let dist = new_distribution(&client, "errors");
    let err = client
        .invalidation(&dist, "INOSUCHINVALIDATION")
        .unwrap_err();
    assert!(err.is_not_found(), "{err}");
    assert_eq!(err.code(), Some("NoSuchInvalidation"));
    assert!(err.request_id().is_some());
    // Invalid paths never reach moto (which would store them as given).
    let err = client
        .create_invalidation(&dist, ["index.html"])
        .unwrap_err();
    assert!(matches!(err, cloudfront::Error::InvalidInput(_)), "{err}");
    assert_eq!(client.invalidations(&dist).count(), 0);
}
