//! One fixture-replay test per resource group that moto does not emulate (or emulates only in
//! part): each replays `fixtures/groups/<group>/` (real-service shapes; sources in
//! `fixtures/groups/README.md`) through the generated typed methods and checks the decoded
//! result member by member, and that no element of the response was left unknown (every
//! element the service sends maps to a typed member).
//!
//! A replayed request must match its fixture (method, path, query) and every fixture must be
//! used, so a missing, extra or retried request fails the test.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use cloudfront::clock::ManualClock;
use cloudfront::transport::ReplayTransport;
use cloudfront::xml::XmlValue;
use cloudfront::{Client, Credentials, RetryPolicy};

struct Replay {
    client: Client,
    replay: Arc<ReplayTransport>,
}

impl Replay {
    fn new(group: &str) -> Replay {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/groups")
            .join(group);
        let replay =
            Arc::new(ReplayTransport::from_dir(&dir).unwrap_or_else(|e| panic!("{group}: {e}")));
        let client = Client::builder()
            .credentials(Credentials::new("AKIDEXAMPLE", "fixture-secret"))
            .clock(Arc::new(ManualClock::new(
                UNIX_EPOCH + Duration::from_secs(1_795_608_000), // 2026-11-25T12:00:00Z
            )))
            .retry(RetryPolicy::default().jitter(false))
            .shared_transport(replay.clone())
            .build()
            .unwrap();
        Replay { client, replay }
    }
}

impl Drop for Replay {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        if let Err(report) = self.replay.verify() {
            panic!("{report}");
        }
    }
}

/// Every element of `value` mapped to a typed member.
fn fully_typed<T: XmlValue + std::fmt::Debug>(value: &T) {
    assert_eq!(
        value.unknown_element_count(),
        0,
        "unknown elements in {value:?}"
    );
}

#[test]
fn origin_request_policy_get_decodes_the_service_shape() {
    use cloudfront::model::origin_request_policy::GetOriginRequestPolicyRequest;
    let r = Replay::new("origin-request-policy");
    let got = r
        .client
        .get_origin_request_policy(GetOriginRequestPolicyRequest {
            id: "a1b2c3d4-5678-90ab-cdef-EXAMPLE22222".into(),
        })
        .unwrap();
    assert_eq!(got.etag.as_deref(), Some("E3UN6WX5RRO2AG"));
    let policy = got.origin_request_policy.expect("the policy");
    fully_typed(&policy);
    assert_eq!(policy.id, "a1b2c3d4-5678-90ab-cdef-EXAMPLE22222");
    let config = &policy.origin_request_policy_config;
    assert_eq!(config.name, "app-origin");
    assert_eq!(
        config.comment.as_deref(),
        Some("forward what the app needs")
    );
    let headers = config.headers_config.headers.as_ref().expect("headers");
    assert_eq!(
        headers.items,
        vec![
            "Accept-Language".to_string(),
            "CloudFront-Viewer-Country".into()
        ]
    );
    let cookies = config.cookies_config.cookies.as_ref().expect("cookies");
    assert_eq!(cookies.items, vec!["session-id".to_string()]);
    assert!(config.query_strings_config.query_strings.is_none());
}

#[test]
fn response_headers_policy_get_decodes_the_service_shape() {
    use cloudfront::model::response_headers_policy::GetResponseHeadersPolicyRequest;
    let r = Replay::new("response-headers-policy");
    let got = r
        .client
        .get_response_headers_policy(GetResponseHeadersPolicyRequest {
            id: "a1b2c3d4-5678-90ab-cdef-EXAMPLE33333".into(),
        })
        .unwrap();
    assert_eq!(got.etag.as_deref(), Some("E23ZP02F085DFQ"));
    let policy = got.response_headers_policy.expect("the policy");
    fully_typed(&policy);
    let config = &policy.response_headers_policy_config;
    assert_eq!(config.name, "site-headers");
    let cors = config.cors_config.as_ref().expect("CORS");
    assert_eq!(
        cors.access_control_allow_origins.items,
        vec!["https://www.example.com".to_string()]
    );
    assert_eq!(cors.access_control_allow_methods.items.len(), 2);
    assert_eq!(cors.access_control_max_age_sec, Some(600));
    let security = config.security_headers_config.as_ref().expect("security");
    let hsts = security.strict_transport_security.as_ref().expect("HSTS");
    assert_eq!(hsts.access_control_max_age_sec, 63_072_000);
    assert_eq!(hsts.preload, Some(true));
    let timing = config
        .server_timing_headers_config
        .as_ref()
        .expect("timing");
    assert!(timing.enabled);
    let custom = config.custom_headers_config.as_ref().expect("custom");
    assert_eq!(custom.items[0].header, "X-Served-By");
    assert_eq!(custom.items[0].value, "cloudfront");
    let removed = config.remove_headers_config.as_ref().expect("remove");
    assert_eq!(removed.items[0].header, "Server");
}

#[test]
fn function_test_function_decodes_the_service_shape() {
    use cloudfront::Blob;
    use cloudfront::model::function::TestFunctionRequest;
    let r = Replay::new("function");
    let got = r
        .client
        .test_function(TestFunctionRequest {
            name: "add-header".into(),
            if_match: "ETVPDKIKX0DER".into(),
            stage: None,
            event_object: Blob::from(r#"{"version":"1.0","context":{"eventType":"viewer-request"},"viewer":{"ip":"198.51.100.11"},"request":{"method":"GET","uri":"/index.html","headers":{},"cookies":{},"querystring":{}}}"#),
        })
        .unwrap();
    let result = got.test_result.expect("the test result");
    fully_typed(&result);
    let summary = result.function_summary.as_ref().expect("summary");
    assert_eq!(summary.name, "add-header");
    assert_eq!(
        summary.function_metadata.function_arn,
        "arn:aws:cloudfront::111122223333:function/add-header"
    );
    assert_eq!(result.compute_utilization.as_deref(), Some("12"));
    let logs = result.function_execution_logs.as_ref().expect("logs");
    assert_eq!(logs.items, vec!["adding x-from".to_string(), "done".into()]);
    assert!(
        result
            .function_output
            .as_deref()
            .is_some_and(|o| o.contains(r#""x-from":{"value":"edge"}"#)),
        "{:?}",
        result.function_output
    );
}

#[test]
fn key_groups_and_public_keys_decode_the_service_shape() {
    use cloudfront::model::key_group::{GetPublicKeyConfigRequest, ListKeyGroupsRequest};
    let r = Replay::new("key-group");
    let list = r
        .client
        .list_key_groups(ListKeyGroupsRequest::default())
        .unwrap()
        .key_group_list
        .expect("the list");
    fully_typed(&list);
    assert_eq!(list.items.len(), 1);
    let group = &list.items[0].key_group;
    assert_eq!(group.id, "K2JCJMDEHXQW5F");
    assert_eq!(group.key_group_config.name, "site-signers");
    assert_eq!(
        group.key_group_config.items.as_ref().expect("keys").items,
        vec!["K3D5EWEUDCCXON".to_string(), "K1LRT2FRN3GXA7".into()]
    );
    assert_eq!(
        group.key_group_config.comment.as_deref(),
        Some("signed URLs of the site")
    );

    let got = r
        .client
        .get_public_key_config(GetPublicKeyConfigRequest {
            id: "K3D5EWEUDCCXON".into(),
        })
        .unwrap();
    assert_eq!(got.etag.as_deref(), Some("E2QWRUHEXAMPLE"));
    let config = got.public_key_config.expect("the config");
    fully_typed(&config);
    assert_eq!(config.name, "signer-2026");
    assert_eq!(config.caller_reference, "pk-2026-11-20");
    assert!(config.encoded_key.starts_with("-----BEGIN PUBLIC KEY-----"));
    assert_eq!(config.comment.as_deref(), Some("ECDSA P-256 signer"));
}

#[cfg(feature = "field-level-encryption")]
#[test]
fn field_level_encryption_config_decodes_the_service_shape() {
    use cloudfront::model::field_level_encryption::GetFieldLevelEncryptionConfigRequest;
    let r = Replay::new("field-level-encryption");
    let got = r
        .client
        .get_field_level_encryption_config(GetFieldLevelEncryptionConfigRequest {
            id: "C3KM2WVD605UNQ".into(),
        })
        .unwrap();
    assert_eq!(got.etag.as_deref(), Some("E1KOXZ4EXAMPLE"));
    let config = got.field_level_encryption_config.expect("the config");
    fully_typed(&config);
    assert_eq!(config.caller_reference, "fle-2026-11-20");
    let query = config
        .query_arg_profile_config
        .as_ref()
        .expect("query args");
    assert!(!query.forward_when_query_arg_profile_is_unknown);
    let profiles = query.query_arg_profiles.as_ref().expect("profiles");
    assert_eq!(profiles.items[0].query_arg, "profile");
    assert_eq!(profiles.items[0].profile_id, "P2PV3J7BS3KWEB");
    let content = config
        .content_type_profile_config
        .as_ref()
        .expect("content types");
    let profiles = content.content_type_profiles.as_ref().expect("profiles");
    assert_eq!(
        profiles.items[0].content_type,
        "application/x-www-form-urlencoded"
    );
}

#[cfg(feature = "realtime-logs")]
#[test]
fn realtime_log_configs_list_decodes_the_service_shape() {
    use cloudfront::model::realtime_log_config::ListRealtimeLogConfigsRequest;
    let r = Replay::new("realtime-log-config");
    let list = r
        .client
        .list_realtime_log_configs(ListRealtimeLogConfigsRequest::default())
        .unwrap()
        .realtime_log_configs
        .expect("the list");
    fully_typed(&list);
    assert!(!list.is_truncated);
    let items = &list.items.as_ref().expect("items").items;
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].name, "ExampleNameForRealtimeLogConfig");
    assert_eq!(items[0].sampling_rate, 100);
    assert_eq!(
        items[0].fields.as_ref().expect("fields").items,
        vec!["timestamp", "c-ip", "sc-status"]
    );
    let endpoint = &items[0].end_points.as_ref().expect("endpoints").items[0];
    assert_eq!(endpoint.stream_type, "Kinesis");
    assert_eq!(
        endpoint
            .kinesis_stream_config
            .as_ref()
            .expect("kinesis")
            .stream_arn,
        "arn:aws:kinesis:us-east-1:111122223333:stream/cloudfront-logs"
    );
}

#[cfg(feature = "monitoring-subscriptions")]
#[test]
fn monitoring_subscription_get_decodes_the_service_shape() {
    use cloudfront::model::monitoring_subscription::GetMonitoringSubscriptionRequest;
    let r = Replay::new("monitoring-subscription");
    let got = r
        .client
        .get_monitoring_subscription(GetMonitoringSubscriptionRequest {
            distribution_id: "EDFDVBD6EXAMPLE".into(),
        })
        .unwrap()
        .monitoring_subscription
        .expect("the subscription");
    fully_typed(&got);
    let config = got
        .realtime_metrics_subscription_config
        .as_ref()
        .expect("the config");
    assert_eq!(
        format!("{:?}", config.realtime_metrics_subscription_status),
        "Enabled"
    );
}

#[test]
fn continuous_deployment_policy_get_decodes_the_service_shape() {
    use cloudfront::model::continuous_deployment_policy::GetContinuousDeploymentPolicyRequest;
    let r = Replay::new("continuous-deployment-policy");
    let got = r
        .client
        .get_continuous_deployment_policy(GetContinuousDeploymentPolicyRequest {
            id: "a1b2c3d4-5678-90ab-cdef-EXAMPLE44444".into(),
        })
        .unwrap();
    assert_eq!(got.etag.as_deref(), Some("E1XNX8R2EXAMPLE"));
    let policy = got.continuous_deployment_policy.expect("the policy");
    fully_typed(&policy);
    let config = &policy.continuous_deployment_policy_config;
    assert!(config.enabled);
    assert_eq!(
        config.staging_distribution_dns_names.items,
        vec!["d111111abcdef8.cloudfront.net".to_string()]
    );
    let traffic = config.traffic_config.as_ref().expect("traffic");
    let weight = traffic.single_weight_config.as_ref().expect("weight");
    assert_eq!(weight.weight.0, 0.05);
    let stickiness = weight.session_stickiness_config.as_ref().expect("sticky");
    assert_eq!((stickiness.idle_ttl, stickiness.maximum_ttl), (300, 600));
}

#[cfg(feature = "key-value-stores")]
#[test]
fn key_value_store_describe_decodes_the_service_shape() {
    use cloudfront::model::key_value_store::DescribeKeyValueStoreRequest;
    let r = Replay::new("key-value-store");
    let got = r
        .client
        .describe_key_value_store(DescribeKeyValueStoreRequest {
            name: "redirects".into(),
        })
        .unwrap();
    assert_eq!(got.etag.as_deref(), Some("ETVPDKIKX0DER"));
    let store = got.key_value_store.expect("the store");
    fully_typed(&store);
    assert_eq!(store.name, "redirects");
    assert_eq!(store.id, "a1b2c3d4-5678-90ab-cdef-EXAMPLE55555");
    assert_eq!(store.comment, "path redirects");
    assert_eq!(store.status.as_deref(), Some("READY"));
}

#[cfg(feature = "vpc-origins")]
#[test]
fn vpc_origin_get_decodes_the_service_shape() {
    use cloudfront::model::vpc_origin::GetVpcOriginRequest;
    let r = Replay::new("vpc-origin");
    let got = r
        .client
        .get_vpc_origin(GetVpcOriginRequest {
            id: "vo_EXAMPLE1234567890".into(),
        })
        .unwrap();
    assert_eq!(got.etag.as_deref(), Some("E3QWRUHEXAMPLE"));
    let origin = got.vpc_origin.expect("the origin");
    fully_typed(&origin);
    assert_eq!(origin.status, "Deployed");
    assert_eq!(origin.account_id.as_deref(), Some("111122223333"));
    let endpoint = &origin.vpc_origin_endpoint_config;
    assert_eq!(endpoint.name, "internal-alb");
    assert_eq!((endpoint.http_port, endpoint.https_port), (80, 443));
    assert_eq!(
        endpoint
            .origin_ssl_protocols
            .as_ref()
            .expect("protocols")
            .items
            .len(),
        1
    );
}

#[cfg(feature = "anycast-ip-lists")]
#[test]
fn anycast_ip_list_get_decodes_the_service_shape() {
    use cloudfront::model::anycast_ip_list::GetAnycastIpListRequest;
    let r = Replay::new("anycast-ip-list");
    let got = r
        .client
        .get_anycast_ip_list(GetAnycastIpListRequest {
            id: "aip_EXAMPLE123".into(),
        })
        .unwrap();
    assert_eq!(got.etag.as_deref(), Some("E2ANYEXAMPLE"));
    let list = got.anycast_ip_list.expect("the list");
    fully_typed(&list);
    assert_eq!(list.name, "static-ips");
    assert_eq!(list.ip_count, 3);
    assert_eq!(
        list.anycast_ips.as_ref().expect("addresses").items,
        vec!["192.0.2.10", "192.0.2.11", "192.0.2.12"]
    );
}

#[cfg(feature = "tenants")]
#[test]
fn tenant_and_connection_group_get_decode_the_service_shape() {
    use cloudfront::model::distribution_tenant::{
        GetConnectionGroupRequest, GetDistributionTenantRequest,
    };
    let r = Replay::new("tenant");
    let got = r
        .client
        .get_distribution_tenant(GetDistributionTenantRequest {
            identifier: "dt_EXAMPLE2Abc".into(),
        })
        .unwrap();
    assert_eq!(got.etag.as_deref(), Some("E1TENANTEXAMPLE"));
    let tenant = got.distribution_tenant.expect("the tenant");
    fully_typed(&tenant);
    assert_eq!(tenant.name.as_deref(), Some("tenant-acme"));
    let domains = &tenant.domains.as_ref().expect("domains").items;
    assert_eq!(domains[0].domain, "acme.example.com");
    let parameters = &tenant.parameters.as_ref().expect("parameters").items;
    assert_eq!(
        (parameters[0].name.as_str(), parameters[0].value.as_str()),
        ("tenantName", "acme")
    );
    let geo = tenant
        .customizations
        .as_ref()
        .and_then(|c| c.geo_restrictions.as_ref())
        .expect("geo restrictions");
    assert_eq!(
        geo.locations.as_ref().expect("locations").items,
        vec!["US", "CA"]
    );
    let group_id = tenant
        .connection_group_id
        .clone()
        .expect("a connection group");

    let got = r
        .client
        .get_connection_group(GetConnectionGroupRequest {
            identifier: group_id.clone(),
        })
        .unwrap();
    assert_eq!(got.etag.as_deref(), Some("E1CGEXAMPLE"));
    let group = got.connection_group.expect("the group");
    fully_typed(&group);
    assert_eq!(group.id.as_deref(), Some(group_id.as_str()));
    assert_eq!(group.ipv6_enabled, Some(true));
    assert_eq!(group.is_default, Some(false));
    assert_eq!(
        group.routing_endpoint.as_deref(),
        Some("d111111abcdef8.cloudfront.net")
    );
}

#[cfg(feature = "connection-functions")]
#[test]
fn connection_function_describe_decodes_the_service_shape() {
    use cloudfront::model::connection_function::DescribeConnectionFunctionRequest;
    let r = Replay::new("connection-function");
    let got = r
        .client
        .describe_connection_function(DescribeConnectionFunctionRequest {
            identifier: "mtls-check".into(),
            stage: None,
        })
        .unwrap();
    assert_eq!(got.etag.as_deref(), Some("E1CFEXAMPLE"));
    let summary = got.connection_function_summary.expect("the summary");
    fully_typed(&summary);
    assert_eq!(summary.name, "mtls-check");
    assert_eq!(summary.id, "cf_EXAMPLE123");
    assert_eq!(
        summary.connection_function_config.comment,
        "checks client certificates"
    );
    assert_eq!(summary.status, "UNPUBLISHED");
}

#[cfg(feature = "trust-stores")]
#[test]
fn trust_store_get_decodes_the_service_shape() {
    use cloudfront::model::trust_store::GetTrustStoreRequest;
    let r = Replay::new("trust-store");
    let got = r
        .client
        .get_trust_store(GetTrustStoreRequest {
            identifier: "ts_EXAMPLE123".into(),
        })
        .unwrap();
    assert_eq!(got.etag.as_deref(), Some("E1TSEXAMPLE"));
    let store = got.trust_store.expect("the trust store");
    fully_typed(&store);
    assert_eq!(store.name.as_deref(), Some("partner-cas"));
    assert_eq!(store.number_of_ca_certificates, Some(2));
    assert_eq!(store.use_client_certificate_ocsp_endpoint, Some(false));
}

#[cfg(feature = "resource-policies")]
#[test]
fn resource_policy_get_decodes_the_service_shape() {
    use cloudfront::model::resource_policy::GetResourcePolicyRequest;
    let r = Replay::new("resource-policy");
    let arn = "arn:aws:cloudfront::111122223333:vpcorigin/vo_EXAMPLE1234567890";
    let got = r
        .client
        .get_resource_policy(GetResourcePolicyRequest {
            resource_arn: arn.into(),
        })
        .unwrap();
    assert_eq!(got.resource_arn.as_deref(), Some(arn));
    let policy: serde_json::Value =
        serde_json::from_str(got.policy_document.as_deref().expect("the policy")).unwrap();
    assert_eq!(policy["Statement"][0]["Action"], "cloudfront:GetVpcOrigin");
}

#[cfg(feature = "streaming-distributions")]
#[test]
#[allow(deprecated)]
fn streaming_distribution_get_decodes_the_service_shape() {
    use cloudfront::model::streaming_distribution::GetStreamingDistributionRequest;
    let r = Replay::new("streaming-distribution");
    let got = r
        .client
        .get_streaming_distribution(GetStreamingDistributionRequest {
            id: "EGTXBD79EXAMPLE".into(),
        })
        .unwrap();
    assert_eq!(got.etag.as_deref(), Some("E2QWRUHAPOMQZL"));
    let distribution = got.streaming_distribution.expect("the distribution");
    fully_typed(&distribution);
    assert_eq!(distribution.domain_name, "s5c39gqb8ow64r.cloudfront.net");
    let config = &distribution.streaming_distribution_config;
    assert_eq!(config.s3_origin.domain_name, "media.s3.amazonaws.com");
    assert_eq!(
        config.aliases.as_ref().expect("aliases").items,
        vec!["media.example.com".to_string()]
    );
    assert!(!config.enabled);
}

#[test]
fn aliases_list_conflicting_decodes_the_service_shape() {
    use cloudfront::model::alias::ListConflictingAliasesRequest;
    let r = Replay::new("alias");
    let list = r
        .client
        .list_conflicting_aliases(ListConflictingAliasesRequest {
            distribution_id: "EDFDVBD6EXAMPLE".into(),
            alias: "www.example.com".into(),
            marker: None,
            max_items: None,
        })
        .unwrap()
        .conflicting_aliases_list
        .expect("the list");
    fully_typed(&list);
    let items = &list.items;
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].alias.as_deref(), Some("www.example.com"));
    assert_eq!(items[0].distribution_id.as_deref(), Some("*******EXAMPLE"));
    assert_eq!(items[1].alias.as_deref(), Some("*.example.com"));
}
