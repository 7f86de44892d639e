//! Cache policies on the engine, replayed from `fixtures/cache-policy/<scenario>/` (real-service
//! shapes; moto has no cache policies). A replayed request must match its fixture (method,
//! path, query, `If-Match`, `content-type` and the body byte for byte) and every fixture must
//! be used, so a missing, extra or retried request fails the test.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use cloudfront::clock::ManualClock;
use cloudfront::resources::cache_policy::{
    CachePolicyConfig, CachePolicyCookieBehavior, CachePolicyCookiesConfig,
    CachePolicyHeaderBehavior, CachePolicyHeadersConfig, CachePolicyQueryStringBehavior,
    CachePolicyQueryStringsConfig, CachePolicyType, ParametersInCacheKeyAndForwardedToOrigin,
    QueryStringNames,
};
use cloudfront::resources::distribution::Headers;
use cloudfront::transport::{RecordingTransport, ReplayTransport};
use cloudfront::{Client, Credentials, RetryPolicy, UpdateOptions};

const ID: &str = "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111";
const BASE: &str = "/2020-05-31/cache-policy";

struct Replay {
    client: Client,
    replay: Arc<ReplayTransport>,
    recorder: Arc<RecordingTransport>,
}

impl Replay {
    fn new(scenario: &str) -> Replay {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/cache-policy")
            .join(scenario);
        let replay =
            Arc::new(ReplayTransport::from_dir(&dir).unwrap_or_else(|e| panic!("{scenario}: {e}")));
        let recorder = Arc::new(RecordingTransport::in_memory(replay.clone()));
        let client = Client::builder()
            .credentials(Credentials::new("AKIDEXAMPLE", "fixture-secret"))
            .clock(Arc::new(ManualClock::new(
                UNIX_EPOCH + Duration::from_secs(1_795_608_000), // 2026-11-25T12:00:00Z
            )))
            .retry(RetryPolicy::default().jitter(false))
            .shared_transport(recorder.clone())
            .build()
            .unwrap();
        Replay {
            client,
            replay,
            recorder,
        }
    }

    fn verify(&self) {
        if let Err(report) = self.replay.verify() {
            panic!("{report}");
        }
    }

    fn calls(&self) -> Vec<String> {
        self.recorder
            .exchanges()
            .iter()
            .map(|e| format!("{} {}", e.method, e.path_and_query))
            .collect()
    }
}

/// The configuration the fixtures hold: `site-cache`, one day by default, `Origin` in the
/// key, every query string but `utm_source`.
fn site_cache() -> CachePolicyConfig {
    CachePolicyConfig {
        comment: Some("site pages".into()),
        name: "site-cache".into(),
        default_ttl: Some(86_400),
        max_ttl: Some(31_536_000),
        min_ttl: 1,
        parameters_in_cache_key_and_forwarded_to_origin: Some(
            ParametersInCacheKeyAndForwardedToOrigin {
                enable_accept_encoding_gzip: true,
                enable_accept_encoding_brotli: Some(true),
                headers_config: CachePolicyHeadersConfig {
                    header_behavior: CachePolicyHeaderBehavior::Whitelist,
                    headers: Some(Headers::new(vec!["Origin".to_string()])),
                    unknown: Default::default(),
                },
                cookies_config: CachePolicyCookiesConfig {
                    cookie_behavior: CachePolicyCookieBehavior::None,
                    cookies: None,
                    unknown: Default::default(),
                },
                query_strings_config: CachePolicyQueryStringsConfig {
                    query_string_behavior: CachePolicyQueryStringBehavior::AllExcept,
                    query_strings: Some(QueryStringNames::new(vec!["utm_source".to_string()])),
                    unknown: Default::default(),
                },
                unknown: Default::default(),
            },
        ),
        unknown: Default::default(),
    }
}

#[test]
fn create_posts_the_config_and_returns_the_policy_with_its_etag() {
    let r = Replay::new("create");
    let created = r.client.create_cache_policy(site_cache()).unwrap();
    r.verify();
    assert_eq!(r.calls(), [format!("POST {BASE}")]);
    assert_eq!(created.etag, "E2QWRUHAPOMQZL");
    assert_eq!(created.id, ID);
    assert_eq!(created.cache_policy_config, site_cache());
    assert_eq!(created.unknown_element_count(), 0);
}

#[test]
fn get_config_returns_the_configuration_with_its_etag() {
    let r = Replay::new("get-config");
    let config = r.client.cache_policy_config(ID).unwrap();
    r.verify();
    assert_eq!(config.etag, "E2QWRUHAPOMQZL");
    assert_eq!(config.value, site_cache());
}

#[test]
fn listing_custom_policies_sends_the_type_filter_and_follows_next_marker() {
    let r = Replay::new("list-custom-pages");
    let mut pager = r
        .client
        .cache_policies(Some(CachePolicyType::Custom))
        .page_size(1);
    let names: Vec<String> = pager
        .by_ref()
        .map(|s| {
            let s = s.unwrap();
            assert_eq!(s.policy_type, CachePolicyType::Custom);
            s.cache_policy.cache_policy_config.name
        })
        .collect();
    r.verify();
    assert_eq!(names, ["site-cache", "api-cache"]);
    assert_eq!(
        r.calls(),
        [
            format!("GET {BASE}?Type=custom&MaxItems=1"),
            format!("GET {BASE}?Type=custom&Marker={ID}&MaxItems=1"),
        ]
    );
    assert_eq!(pager.next_marker(), None, "the listing is complete");
}

#[test]
fn listing_managed_policies_decodes_aws_caching_optimized() {
    let r = Replay::new("list-managed");
    let all: Vec<_> = r
        .client
        .cache_policies(Some(CachePolicyType::Managed))
        .collect::<Result<_, _>>()
        .unwrap();
    r.verify();
    assert_eq!(r.calls(), [format!("GET {BASE}?Type=managed")]);
    assert_eq!(all.len(), 1);
    let policy = &all[0].cache_policy;
    assert_eq!(
        policy.id,
        cloudfront::resources::distribution::CACHING_OPTIMIZED_POLICY_ID
    );
    assert_eq!(policy.cache_policy_config.name, "Managed-CachingOptimized");
    let params = policy
        .cache_policy_config
        .parameters_in_cache_key_and_forwarded_to_origin
        .as_ref()
        .unwrap();
    assert_eq!(
        params.headers_config.header_behavior,
        CachePolicyHeaderBehavior::None
    );
    assert_eq!(params.headers_config.headers, None);
}

#[test]
fn update_reads_then_puts_the_changed_config_with_if_match() {
    let r = Replay::new("update");
    let updated = r
        .client
        .update_cache_policy(ID, |c| c.default_ttl = Some(3600))
        .unwrap();
    r.verify();
    assert_eq!(
        r.calls(),
        [format!("GET {BASE}/{ID}"), format!("PUT {BASE}/{ID}")]
    );
    assert_eq!(updated.etag, "E3UN6WX5RRO2AG");
    assert_eq!(updated.cache_policy_config.default_ttl, Some(3600));
}

#[test]
fn an_update_that_changes_nothing_sends_nothing() {
    let r = Replay::new("update-nothing-changed");
    let same = r
        .client
        .update_cache_policy(ID, |c| c.default_ttl = Some(86_400))
        .unwrap();
    r.verify();
    assert_eq!(r.calls(), [format!("GET {BASE}/{ID}")]);
    assert_eq!(same.etag, "E2QWRUHAPOMQZL");
}

#[test]
fn a_conflict_is_retried_on_a_fresh_read_when_asked() {
    let r = Replay::new("update-conflict-retry");
    let updated = r
        .client
        .update_cache_policy_with(ID, UpdateOptions::new().conflict_retries(1), |c| {
            c.default_ttl = Some(3600)
        })
        .unwrap();
    r.verify();
    assert_eq!(r.calls().len(), 4);
    assert_eq!(updated.etag, "E3UN6WX5RRO2AG");
    // Our change, on top of the other writer's comment.
    assert_eq!(
        updated.cache_policy_config.comment.as_deref(),
        Some("site pages (theirs)")
    );
    assert_eq!(updated.cache_policy_config.default_ttl, Some(3600));
}

#[test]
fn delete_uses_the_etag_of_a_fresh_read() {
    let r = Replay::new("delete");
    r.client.delete_cache_policy(ID).unwrap();
    r.verify();
    assert_eq!(
        r.calls(),
        [format!("GET {BASE}/{ID}"), format!("DELETE {BASE}/{ID}")]
    );
}

#[test]
fn a_policy_in_use_is_a_typed_conflict_and_not_retried() {
    let r = Replay::new("delete-in-use");
    let e = r.client.delete_cache_policy(ID).unwrap_err();
    r.verify();
    assert_eq!(e.code(), Some("CachePolicyInUse"));
    assert_eq!(e.status(), Some(409));
}
