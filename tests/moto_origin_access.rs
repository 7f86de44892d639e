//! Origin access controls against moto, a CloudFront emulator written independently of this
//! crate, over real HTTP on 127.0.0.1 (started by `scripts/test.sh`).
//!
//! moto 5.2.5 emulates CreateOriginAccessControl, GetOriginAccessControl,
//! UpdateOriginAccessControl, ListOriginAccessControls and DeleteOriginAccessControl. It does
//! not emulate GetOriginAccessControlConfig (500), stale-ETag checks, `MaxItems` (it returns
//! every control on one page), or origin access identities at all: those are tested with
//! fixtures in `tests/origin_access_fixtures.rs`.
//!
//! Needs the `ureq` transport (real HTTP to moto).
#![cfg(feature = "ureq")]

mod common;

use std::sync::Arc;
use std::time::Duration;

use cloudfront::resources::origin_access_control::{
    OriginAccessControlOriginType, OriginAccessControlSigningBehavior,
    OriginAccessControlSigningProtocol,
};
use cloudfront::transport::{
    Exchange, Fault, FaultTransport, RecordingTransport, Transport, UreqTransport,
};
use cloudfront::{Client, Credentials, Error, OriginAccessControlConfig, RetryPolicy};
use common::moto::{Moto, moto};

/// A client for moto whose exchanges are recorded (on top of `transport`).
fn client_with(moto: &Moto, transport: Arc<dyn Transport>) -> Client {
    Client::builder()
        .credentials(Credentials::new(
            "AKIDMOTOTEST",
            "moto-secret-never-checked",
        ))
        .endpoint(moto.endpoint())
        .shared_transport(transport)
        .retry(RetryPolicy::default().initial_backoff(Duration::from_millis(10)))
        .build()
        .expect("client for moto")
}

fn recording(moto: &Moto) -> (Client, Arc<RecordingTransport>) {
    let recorder = Arc::new(RecordingTransport::in_memory(UreqTransport::new()));
    (client_with(moto, recorder.clone()), recorder)
}

fn calls(sent: &[Exchange]) -> Vec<String> {
    sent.iter()
        .map(|e| format!("{} {}", e.method, e.path_and_query))
        .collect()
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn names(client: &Client) -> Vec<String> {
    let mut names: Vec<String> = client
        .origin_access_controls()
        .map(|s| s.expect("listing on moto").name)
        .collect();
    names.sort();
    names
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn origin_access_control_create_get_update_list_delete() {
    let moto = moto();
    let (client, recorder) = recording(&moto);

    // Create two: an S3 one with a description, a Lambda one without.
    let site_config = OriginAccessControlConfig::s3("site-oac").description("site bucket");
    let site = client
        .create_origin_access_control(site_config.clone())
        .unwrap();
    assert!(!site.id.is_empty());
    assert!(!site.etag.is_empty());
    assert_eq!(
        site.origin_access_control_config.as_ref(),
        Some(&site_config)
    );
    let lambda_config =
        OriginAccessControlConfig::new("fn-oac", OriginAccessControlOriginType::Lambda)
            .signing_behavior(OriginAccessControlSigningBehavior::AlwaysAmzAuth);
    let lambda = client
        .create_origin_access_control(lambda_config.clone())
        .unwrap();
    assert_ne!(lambda.id, site.id);
    assert_eq!(
        lambda.origin_access_control_config.as_ref(),
        Some(&lambda_config)
    );

    // Read one back.
    let got = client.origin_access_control(&site.id).unwrap();
    assert_eq!(got.value, site.value);
    assert!(!got.etag.is_empty());

    // The listing has both, every summary field decoded.
    let summaries: Vec<_> = client
        .origin_access_controls()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(summaries.len(), 2);
    let s = summaries.iter().find(|s| s.id == site.id).unwrap();
    assert_eq!(
        (s.name.as_str(), s.description.as_str()),
        ("site-oac", "site bucket")
    );
    assert_eq!(
        s.signing_protocol,
        OriginAccessControlSigningProtocol::SigV4
    );
    assert_eq!(
        s.signing_behavior,
        OriginAccessControlSigningBehavior::Always
    );
    assert_eq!(
        s.origin_access_control_origin_type,
        OriginAccessControlOriginType::S3
    );
    let l = summaries.iter().find(|s| s.id == lambda.id).unwrap();
    assert_eq!(l.description, "", "no description given, none listed");
    assert_eq!(
        l.origin_access_control_origin_type,
        OriginAccessControlOriginType::Lambda
    );
    assert_eq!(
        l.origin_access_control(&client).unwrap().value,
        lambda.value
    );

    // Update: read, change, PUT with If-Match = the ETag just read.
    let before = recorder.exchanges().len();
    let updated = client
        .update_origin_access_control(&site.id, |c| {
            c.description = Some("site bucket (prod)".into());
            c.signing_behavior = OriginAccessControlSigningBehavior::NoOverride;
        })
        .unwrap();
    let sent = recorder.exchanges()[before..].to_vec();
    assert_eq!(
        calls(&sent),
        [
            format!("GET /2020-05-31/origin-access-control/{}", site.id),
            format!("PUT /2020-05-31/origin-access-control/{}/config", site.id),
        ]
    );
    assert_eq!(
        header(&sent[1].request_headers, "if-match"),
        header(&sent[0].response_headers, "etag")
    );
    let expected = site_config
        .clone()
        .description("site bucket (prod)")
        .signing_behavior(OriginAccessControlSigningBehavior::NoOverride);
    assert_eq!(
        updated.origin_access_control_config.as_ref(),
        Some(&expected)
    );
    assert_eq!(
        client
            .origin_access_control(&site.id)
            .unwrap()
            .origin_access_control_config,
        Some(expected.clone())
    );

    // An update that changes nothing sends no PUT.
    let before = recorder.exchanges().len();
    let same = client
        .update_origin_access_control(&site.id, |c| c.name = "site-oac".into())
        .unwrap();
    assert_eq!(same.origin_access_control_config, Some(expected));
    let sent = recorder.exchanges()[before..].to_vec();
    assert_eq!(calls(&sent).len(), 1, "{:?}", calls(&sent));
    assert_eq!(sent[0].method, "GET");

    // Delete with the fresh ETag; it is gone afterwards.
    let before = recorder.exchanges().len();
    client.delete_origin_access_control(&site.id).unwrap();
    let sent = recorder.exchanges()[before..].to_vec();
    assert_eq!(
        calls(&sent),
        [
            format!("GET /2020-05-31/origin-access-control/{}", site.id),
            format!("DELETE /2020-05-31/origin-access-control/{}", site.id),
        ]
    );
    assert_eq!(
        header(&sent[1].request_headers, "if-match"),
        header(&sent[0].response_headers, "etag")
    );
    assert_eq!(sent[1].status, 204);
    let err = client.origin_access_control(&site.id).unwrap_err();
    assert!(err.is_not_found(), "{err}");
    assert_eq!(err.code(), Some("NoSuchOriginAccessControl"));
    assert_eq!(err.status(), Some(404));
    assert_eq!(names(&client), ["fn-oac"]);

    client.delete_origin_access_control(&lambda.id).unwrap();
    assert!(names(&client).is_empty());
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn origin_access_control_listing_is_lazy_and_complete() {
    let moto = moto();
    let (client, recorder) = recording(&moto);
    let mut made: Vec<String> = (0..5)
        .map(|i| format!("oac-{i}"))
        .inspect(|name| {
            client
                .create_origin_access_control(OriginAccessControlConfig::s3(name.clone()))
                .unwrap();
        })
        .collect();
    made.sort();

    let before = recorder.exchanges().len();
    let mut pager = client.origin_access_controls();
    assert_eq!(
        recorder.exchanges().len(),
        before,
        "nothing sent before iterating"
    );
    let first = pager.next().unwrap().unwrap();
    assert!(made.contains(&first.name));
    let rest: Vec<_> = pager.by_ref().collect::<Result<_, _>>().unwrap();
    assert_eq!(rest.len(), 4);
    // moto has no NextMarker here (it ignores MaxItems): one page, and the listing is done.
    assert_eq!(pager.pages_fetched(), 1);
    assert_eq!(pager.next_marker(), None);
    assert_eq!(names(&client), made);

    // With max_items, exactly one request.
    let mut one = client.origin_access_controls().max_items(2);
    assert!(one.by_ref().count() >= 1);
    assert_eq!(one.pages_fetched(), 1);
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn origin_access_control_missing_is_not_found_and_nothing_is_written() {
    let moto = moto();
    let (client, recorder) = recording(&moto);
    for err in [
        client.origin_access_control("E0NOSUCHOAC").unwrap_err(),
        client
            .update_origin_access_control("E0NOSUCHOAC", |c| c.description = Some("x".into()))
            .unwrap_err(),
        client
            .delete_origin_access_control("E0NOSUCHOAC")
            .unwrap_err(),
    ] {
        assert!(err.is_not_found(), "{err}");
        assert_eq!(err.code(), Some("NoSuchOriginAccessControl"));
    }
    let sent = recorder.exchanges();
    assert_eq!(sent.len(), 3, "{:?}", calls(&sent));
    assert!(sent.iter().all(|e| e.method == "GET"), "{:?}", calls(&sent));
}

/// The POST reaches moto, which creates the control, and the response is lost. Before
/// resending, the client finds the control in the listing: one control, not two (moto, unlike
/// CloudFront, would accept a second one with the same name).
#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn origin_access_control_create_whose_response_was_lost_is_not_made_twice() {
    let moto = moto();
    let faulty =
        Arc::new(FaultTransport::new(UreqTransport::new()).schedule([Fault::ResponseLost]));
    let client = client_with(&moto, faulty.clone());
    let config = OriginAccessControlConfig::s3("lost-oac").description("response lost");
    let created = client.create_origin_access_control(config.clone()).unwrap();
    assert_eq!(faulty.injected().len(), 1);
    assert_eq!(created.origin_access_control_config, Some(config));
    let plain = moto.client();
    let all: Vec<_> = plain
        .origin_access_controls()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(all.len(), 1, "created once");
    assert_eq!(all[0].id, created.id);
}

/// moto does not implement GetOriginAccessControlConfig: it answers an HTML 500. That must be
/// a typed error with the status kept (after the retries a 500 gets), never a panic or a
/// decode error; the real exchange is tested with fixtures.
#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn origin_access_control_config_read_where_moto_lacks_it_is_a_typed_error() {
    let moto = moto();
    let (client, recorder) = recording(&moto);
    let oac = client
        .create_origin_access_control(OriginAccessControlConfig::s3("cfg-oac"))
        .unwrap();
    match client.origin_access_control_config(&oac.id) {
        // A later moto that implements it must return the same configuration.
        Ok(config) => assert_eq!(Some(config.value), oac.value.origin_access_control_config),
        Err(Error::UnexpectedResponse(e)) => {
            assert_eq!(e.status, 500);
            let attempts = recorder
                .exchanges()
                .iter()
                .filter(|x| x.path_and_query.ends_with("/config"))
                .count();
            assert_eq!(attempts, 3, "a 500 is retried up to the budget");
        }
        Err(other) => panic!("expected a typed UnexpectedResponse, got {other:?}"),
    }
}
