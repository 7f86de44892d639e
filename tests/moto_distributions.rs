//! Distributions against moto, a CloudFront emulator written independently of this crate,
//! over real HTTP on 127.0.0.1 (started by `scripts/test.sh`).

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use cloudfront::{DistributionConfig, Origin, WaitOptions};
use common::moto::moto;

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn list_distributions_first_page_end_to_end() {
    let moto = moto();
    let client = moto.client();
    // Empty account: one request, no items, no marker.
    let mut pager = client.distributions();
    assert!(pager.next().is_none());
    assert_eq!(pager.pages_fetched(), 1);
    assert_eq!(pager.next_marker(), None);

    let created = client
        .create_distribution(
            DistributionConfig::new(Origin::s3("mybucket.s3.amazonaws.com")).comment("first page"),
        )
        .unwrap();
    let first: Vec<_> = client
        .distributions()
        .max_items(10)
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].id, created.id);
    assert_eq!(first[0].comment, "first page");
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn distribution_lifecycle() {
    let moto = moto();
    let client = moto.client();

    // Create with an S3 origin, a custom origin and CNAMEs.
    let config = DistributionConfig::new(Origin::s3("mybucket.s3.amazonaws.com"))
        .origin(Origin::custom("www.example.com"))
        .alias("cdn.example.com")
        .alias("static.example.com")
        .comment("lifecycle")
        .enabled(false);
    let created = client.create_distribution(config).unwrap();
    assert!(!created.etag.is_empty());
    assert!(created.id.len() > 5);
    assert!(
        !created.distribution_config.caller_reference.is_empty(),
        "a uuid was generated"
    );
    let origins = &created.distribution_config.origins;
    assert_eq!(origins.len(), 2);
    assert_eq!(
        created.distribution_config.aliases(),
        ["cdn.example.com", "static.example.com"]
    );

    // Get, and get the config: same ETag, same caller reference.
    let got = client.distribution(&created.id).unwrap();
    assert_eq!(got.id, created.id);
    let config = client.distribution_config(&created.id).unwrap();
    assert_eq!(config.etag, got.etag);
    assert_eq!(
        config.caller_reference,
        created.distribution_config.caller_reference
    );

    // List, and navigate from the summary to the full distribution.
    let summaries: Vec<_> = client.distributions().collect::<Result<_, _>>().unwrap();
    let summary = summaries.iter().find(|s| s.id == created.id).unwrap();
    assert_eq!(summary.comment, "lifecycle");
    let full = summary.distribution(&client).unwrap();
    assert_eq!(full.domain_name, created.domain_name);

    // Update the comment (read-modify-write with If-Match).
    let updated = client
        .set_distribution_comment(&created.id, "updated comment")
        .unwrap();
    assert_eq!(updated.distribution_config.comment, "updated comment");
    assert_eq!(
        client
            .distribution(&created.id)
            .unwrap()
            .distribution_config
            .comment,
        "updated comment"
    );

    // CNAMEs: add one, remove one.
    client
        .add_distribution_aliases(&created.id, ["new.example.com"])
        .unwrap();
    let after_remove = client
        .remove_distribution_aliases(&created.id, ["cdn.example.com"])
        .unwrap();
    assert_eq!(
        after_remove.distribution_config.aliases(),
        ["static.example.com", "new.example.com"]
    );

    // Enable, then disable.
    let enabled = client.enable_distribution(&created.id).unwrap();
    assert!(enabled.distribution_config.enabled);
    let disabled = client.disable_distribution(&created.id).unwrap();
    assert!(!disabled.distribution_config.enabled);

    // Wait until deployed (moto reports Deployed from the first read), then delete.
    client
        .disable_and_delete_distribution(
            &created.id,
            WaitOptions::new(Duration::from_millis(10), 5),
        )
        .unwrap();
    let err = client.distribution(&created.id).unwrap_err();
    assert!(err.is_not_found(), "{err}");
    assert_eq!(err.code(), Some("NoSuchDistribution"));
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn paging_across_more_than_two_pages_with_max_items_one() {
    let moto = moto();
    let client = moto.client();
    let mut ids = Vec::new();
    for i in 0..4 {
        let d = client
            .create_distribution(
                DistributionConfig::new(Origin::s3("mybucket.s3.amazonaws.com"))
                    .comment(format!("page {i}")),
            )
            .unwrap();
        ids.push(d.id.clone());
    }
    // Manual paging, one item per request, continuing from next_marker.
    let mut seen = Vec::new();
    let mut marker: Option<String> = None;
    let mut requests = 0;
    loop {
        let mut pager = client.distributions().max_items(1);
        if let Some(m) = &marker {
            pager = pager.marker(m.clone());
        }
        let page: Vec<_> = pager.by_ref().collect::<Result<_, _>>().unwrap();
        requests += 1;
        assert!(page.len() <= 1);
        seen.extend(page.into_iter().map(|s| s.id));
        match pager.next_marker() {
            Some(m) => marker = Some(m.to_string()),
            None => break,
        }
        assert!(requests < 10, "paging does not end");
    }
    assert_eq!(requests, 4);
    let mut expected = ids.clone();
    expected.sort();
    seen.sort();
    assert_eq!(seen, expected);

    // Automatic paging with a page size of 1 walks all four, lazily.
    let mut pager = client.distributions().page_size(1);
    let first = pager.next().unwrap().unwrap();
    assert_eq!(pager.pages_fetched(), 1);
    let rest: Vec<_> = pager.by_ref().collect::<Result<_, _>>().unwrap();
    assert_eq!(rest.len() + 1, 4);
    assert!(pager.pages_fetched() >= 4);
    assert!(!rest.iter().any(|s| s.id == first.id));
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn wait_until_deployed_reports_progress() {
    let moto = moto();
    let client = moto.client();
    moto.slow_distribution_deploys(2);
    let created = client
        .create_distribution(DistributionConfig::new(Origin::s3(
            "mybucket.s3.amazonaws.com",
        )))
        .unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let deployed = client
        .wait_until_deployed(
            &created.id,
            WaitOptions::new(Duration::from_millis(5), 10)
                .on_progress(move |p| log.lock().unwrap().push((p.status.to_string(), p.attempt))),
        )
        .unwrap();
    assert_eq!(deployed.status, "Deployed");
    let seen = seen.lock().unwrap();
    assert!(seen.len() >= 2, "{seen:?}");
    assert_eq!(seen.first().unwrap().0, "InProgress");
    assert_eq!(seen.last().unwrap().0, "Deployed");
    assert_eq!(seen.last().unwrap().1 as usize, seen.len());
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn errors_from_moto_are_typed() {
    let moto = moto();
    let client = moto.client();
    let err = client.distribution("ENOSUCHDIST").unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(err.code(), Some("NoSuchDistribution"));
    assert!(err.request_id().is_some());
    // A marker moto did not issue: moto answers 400 with a JSON body, not XML.
    let err = client
        .distributions()
        .marker("not-a-moto-marker")
        .next()
        .unwrap()
        .unwrap_err();
    assert_eq!(err.status(), Some(400), "{err}");
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn tags_and_create_with_tags() {
    let moto = moto();
    let client = moto.client();
    let created = client
        .create_distribution_with_tags(
            DistributionConfig::new(Origin::s3("mybucket.s3.amazonaws.com"))
                .alias("tagged.example.com"),
            cloudfront::Tags::new([("env", "test"), ("owner", "deployer")]).unwrap(),
        )
        .unwrap();
    let mut tags: Vec<(String, Option<String>)> = client
        .tags_for_resource(&created.arn)
        .unwrap()
        .into_iter()
        .map(|t| (t.key, t.value))
        .collect();
    tags.sort();
    assert_eq!(
        tags,
        vec![
            ("env".to_string(), Some("test".to_string())),
            ("owner".to_string(), Some("deployer".to_string()))
        ]
    );
    client
        .tag_resource(&created.arn, [cloudfront::Tag::new("stage", "blue")])
        .unwrap();
    client.untag_resource(&created.arn, ["owner"]).unwrap();
    let mut keys: Vec<String> = client
        .tags_for_resource(&created.arn)
        .unwrap()
        .into_iter()
        .map(|t| t.key)
        .collect();
    keys.sort();
    assert_eq!(keys, ["env", "stage"]);

    // Find it by its CNAME, ignoring case; an unknown CNAME finds nothing.
    let found = client
        .find_distribution_by_alias("TAGGED.example.com")
        .unwrap()
        .unwrap();
    assert_eq!(found.id, created.id);
    assert!(
        client
            .find_distribution_by_alias("nobody.example.com")
            .unwrap()
            .is_none()
    );
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn raw_requests_use_the_same_pipeline() {
    let moto = moto();
    let client = moto.client();
    let created = client
        .create_distribution(DistributionConfig::new(Origin::s3(
            "mybucket.s3.amazonaws.com",
        )))
        .unwrap();
    // GetDistributionConfig by hand: signed, sent, and its ETag header returned as is.
    let resp = client
        .send_raw(cloudfront::RawRequest::get(format!(
            "/2020-05-31/distribution/{}/config",
            created.id
        )))
        .unwrap();
    assert_eq!(resp.status, 200);
    assert_eq!(resp.header("etag"), Some(created.etag.as_str()));
    let config = DistributionConfig::from_xml(std::str::from_utf8(&resp.body).unwrap()).unwrap();
    assert_eq!(
        config.caller_reference,
        created.distribution_config.caller_reference
    );
    // Errors are typed as for any other call.
    let err = client
        .send_raw(cloudfront::RawRequest::get(
            "/2020-05-31/distribution/ENOSUCH",
        ))
        .unwrap_err();
    assert_eq!(err.code(), Some("NoSuchDistribution"));
}
