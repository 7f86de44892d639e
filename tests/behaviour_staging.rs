//! Staging / blue-green (`cloudfront::resources::staging`): copy the primary to a staging
//! distribution with the primary's ETag, create a continuous deployment policy for the staging
//! domain name, attach it to the primary (read-modify-write), and promote with
//! UpdateDistributionWithStagingConfig and `If-Match: <primary ETag>, <staging ETag>`. moto
//! has none of these operations: answered from `fixtures/staging/` (real-service shapes).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use cloudfront::resources::staging::StagingTraffic;
use cloudfront::transport::{Expectation, MockTransport};
use cloudfront::{Client, Credentials, Error, RetryPolicy};

const PRIMARY: &str = "E2QWRUHAPOMQZL";
const STAGING: &str = "E1STAGING7EXAMPLE";
const POLICY: &str = "a1b2c3d4-5678-90ab-cdef-EXAMPLE22222";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/staging")
        .join(name)
}

fn mock_client() -> (Client, Arc<MockTransport>) {
    let mock = Arc::new(MockTransport::new());
    let client = Client::builder()
        .credentials(Credentials::new("AKIDEXAMPLE", "fixture-secret"))
        .retry(RetryPolicy::default().jitter(false))
        .shared_transport(mock.clone())
        .build()
        .unwrap();
    (client, mock)
}

fn get(id: &str, etag: &str, body: &str) -> Expectation {
    Expectation::get(&format!("/2020-05-31/distribution/{id}"))
        .respond(200)
        .response_header("ETag", etag)
        .response_header("Content-Type", "text/xml")
        .response_body_file(fixture(body))
}

#[test]
fn start_staging_copies_with_the_primary_etag_creates_the_policy_and_attaches_it() {
    let (client, mock) = mock_client();
    mock.expect(get(PRIMARY, "E1PRIMARY0ETAG", "primary.xml"))
        .expect(
            Expectation::post(&format!("/2020-05-31/distribution/{PRIMARY}/copy"))
                .header("Staging", "true")
                .header("If-Match", "E1PRIMARY0ETAG")
                .body_contains("<CallerReference>")
                .body_contains("<Enabled>true</Enabled></CopyDistributionRequest>")
                .respond(201)
                .response_header("ETag", "E1STAGING0ETAG")
                .response_header(
                    "Location",
                    &format!("https://cloudfront.amazonaws.com/2020-05-31/distribution/{STAGING}"),
                )
                .response_body_file(fixture("staging.xml")),
        )
        .expect(
            Expectation::post("/2020-05-31/continuous-deployment-policy")
                .body_contains("<StagingDistributionDnsNames><Quantity>1</Quantity><Items><DnsName>d222222abcdef8.cloudfront.net</DnsName></Items></StagingDistributionDnsNames><Enabled>true</Enabled>")
                .body_contains("<SingleWeightConfig><Weight>0.05</Weight></SingleWeightConfig><Type>SingleWeight</Type>")
                .respond(201)
                .response_header("ETag", "E1POLICY0ETAG")
                .response_body_file(fixture("policy.xml")),
        )
        .expect(get(PRIMARY, "E1PRIMARY0ETAG", "primary.xml"))
        .expect(
            Expectation::put(&format!("/2020-05-31/distribution/{PRIMARY}/config"))
                .header("If-Match", "E1PRIMARY0ETAG")
                .body_contains(format!(
                    "<ContinuousDeploymentPolicyId>{POLICY}</ContinuousDeploymentPolicyId><Staging>false</Staging>"
                ))
                .respond(200)
                .response_header("ETag", "E2PRIMARY1ETAG")
                .response_body_file(fixture("primary-with-policy.xml")),
        );
    let deployment = client
        .start_staging(PRIMARY, &StagingTraffic::Weight(0.05))
        .unwrap();
    mock.verify().unwrap();
    assert_eq!(deployment.staging.id, STAGING);
    assert_eq!(deployment.staging.etag, "E1STAGING0ETAG");
    assert_eq!(deployment.staging.distribution_config.staging, Some(true));
    assert_eq!(deployment.policy.id, POLICY);
    assert_eq!(deployment.primary.etag, "E2PRIMARY1ETAG");
    assert_eq!(
        deployment
            .primary
            .distribution_config
            .continuous_deployment_policy_id
            .as_deref(),
        Some(POLICY)
    );
}

#[test]
fn promote_sends_both_fresh_etags_primary_first() {
    let (client, mock) = mock_client();
    mock.expect(get(PRIMARY, "E2PRIMARY1ETAG", "primary-with-policy.xml"))
        .expect(get(STAGING, "E1STAGING1ETAG", "staging.xml"))
        .expect(
            Expectation::put(&format!(
                "/2020-05-31/distribution/{PRIMARY}/promote-staging-config"
            ))
            .query("StagingDistributionId", STAGING)
            .header("If-Match", "E2PRIMARY1ETAG, E1STAGING1ETAG")
            .respond(200)
            .response_header("ETag", "E3PRIMARY2ETAG")
            .response_body_file(fixture("promoted.xml")),
        );
    let primary = client.promote_staging(PRIMARY, STAGING).unwrap();
    mock.verify().unwrap();
    assert_eq!(primary.etag, "E3PRIMARY2ETAG");
    assert_eq!(primary.id, PRIMARY);
    assert_eq!(
        primary.distribution_config.default_root_object.as_deref(),
        Some("v2.html")
    );
    // The primary keeps its aliases and its policy id.
    assert_eq!(primary.distribution_config.aliases(), ["www.example.com"]);
    assert_eq!(
        primary
            .distribution_config
            .continuous_deployment_policy_id
            .as_deref(),
        Some(POLICY)
    );
}

#[test]
fn a_stale_etag_on_promote_is_precondition_failed() {
    let (client, mock) = mock_client();
    mock.expect(
        Expectation::put(&format!(
            "/2020-05-31/distribution/{PRIMARY}/promote-staging-config"
        ))
        .header("If-Match", "EOLD, E1STAGING1ETAG")
        .respond(412)
        .response_body(
            r#"<?xml version="1.0"?><ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Error><Type>Sender</Type><Code>PreconditionFailed</Code><Message>The request failed because it didn't meet the preconditions in one or more request-header fields.</Message></Error><RequestId>9b2d8f3a-1c4e-4b6a-8d0f-2e4a6c8b0d1f</RequestId></ErrorResponse>"#,
        ),
    );
    let err = client
        .promote_staging_with_etags(PRIMARY, "EOLD", STAGING, "E1STAGING1ETAG")
        .unwrap_err();
    mock.verify().unwrap();
    assert!(err.is_precondition_failed(), "{err}");
}

#[test]
fn invalid_traffic_missing_etags_and_self_promotion_send_nothing() {
    let (client, mock) = mock_client();
    let header = |name: &str| StagingTraffic::Header {
        name: name.into(),
        value: "1".into(),
    };
    let errors = [
        client
            .start_staging(PRIMARY, &StagingTraffic::Weight(0.0))
            .unwrap_err(),
        client
            .start_staging(PRIMARY, &StagingTraffic::Weight(0.5))
            .unwrap_err(),
        client
            .start_staging(PRIMARY, &StagingTraffic::Weight(f64::NAN))
            .unwrap_err(),
        client
            .start_staging(PRIMARY, &header("x-beta"))
            .unwrap_err(),
        client
            .start_staging(PRIMARY, &header("aws-cf-cd-"))
            .unwrap_err(),
        client
            .promote_staging_with_etags(PRIMARY, "", STAGING, "E1")
            .unwrap_err(),
        client
            .promote_staging_with_etags(PRIMARY, "E1", PRIMARY, "E1")
            .unwrap_err(),
    ];
    for err in errors {
        assert!(matches!(err, Error::InvalidInput(_)), "{err}");
    }
    assert!(mock.requests().is_empty());
    assert!(header("aws-cf-cd-staging").traffic_config().is_ok());
}
