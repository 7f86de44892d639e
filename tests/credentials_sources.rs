//! `Client::from_env` (as `Client::builder().environment(..)`, the same code over an injected
//! environment) authenticating in each setup of issue 11, against loopback fakes and the mock
//! transport: environment keys, profile keys, an assume-role chain, web identity, SSO (cached
//! token, then refreshed), `credential_process`, the ECS container endpoint, EKS Pod
//! Identity, IMDSv2 and `~/.boto`. Each test has its own temporary HOME; the process
//! environment is never read or changed.

mod credentials_support;
mod support;

use std::fs;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use cloudfront::clock::ManualClock;
use cloudfront::transport::{Expectation, MockTransport};
use cloudfront::{Client, CredentialsChain, CredentialsError, Error};
use credentials_support::*;
use support::{Reply, TestServer};

// ---- environment, profile, boto ------------------------------------------------------------

#[test]
fn env_keys_authenticate_with_session_token() {
    let home = Home::new();
    let mock = Arc::new(MockTransport::new());
    mock.expect(cloudfront_ok());
    let client = mock_client(
        &home,
        &[
            ("AWS_ACCESS_KEY_ID", "AKIDENV"),
            ("AWS_SECRET_ACCESS_KEY", "s"),
            ("AWS_SESSION_TOKEN", "envtoken"),
            ("AWS_CREDENTIAL_EXPIRATION", "2030-01-01T00:00:00Z"),
        ],
        &mock,
    )
    .unwrap();
    probe(&client);
    let sent = &mock.requests()[0];
    assert_eq!(key_id(sent.header("authorization")), "AKIDENV");
    assert_eq!(sent.header("x-amz-security-token"), Some("envtoken"));
}

#[test]
fn profile_keys_authenticate() {
    let home = Home::new();
    home.write(
        ".aws/credentials",
        "[dev]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = s\n",
    );
    let mock = Arc::new(MockTransport::new());
    mock.expect(cloudfront_ok());
    let client = mock_client(&home, &[("AWS_PROFILE", "dev")], &mock).unwrap();
    probe(&client);
    assert_eq!(
        key_id(mock.requests()[0].header("authorization")),
        "AKIDPROFILE"
    );
}

#[test]
fn boto_file_authenticates() {
    let home = Home::new();
    home.write(
        ".boto",
        "[Credentials]\naws_access_key_id = AKIDBOTO\naws_secret_access_key = s\n",
    );
    let mock = Arc::new(MockTransport::new());
    mock.expect(cloudfront_ok());
    let client = mock_client(&home, &[], &mock).unwrap();
    probe(&client);
    assert_eq!(
        key_id(mock.requests()[0].header("authorization")),
        "AKIDBOTO"
    );
}

// ---- assume role ---------------------------------------------------------------------------

const CHAIN_CONFIG: &str = "[profile app]\nrole_arn = arn:aws:iam::111111111111:role/app\nsource_profile = middle\nrole_session_name = deploy\nexternal_id = ext-1\nduration_seconds = 1800\n\
[profile middle]\nrole_arn = arn:aws:iam::222222222222:role/middle\nsource_profile = base\n\
[profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = basesecret\n";

#[test]
fn assume_role_chain_of_three_profiles_signs_each_link_with_the_previous_credentials() {
    let home = Home::new();
    home.write(".aws/config", CHAIN_CONFIG);
    let later = start() + Duration::from_secs(3600);
    let mock = Arc::new(MockTransport::new());
    mock.expect(
        Expectation::post("/")
            .body_contains("Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A222222222222%3Arole%2Fmiddle")
            .respond(200)
            .response_body(sts_response("AssumeRole", "ASIAMIDDLE", "tok-middle", later)),
    );
    mock.expect(
        Expectation::post("/")
            .body_contains("RoleArn=arn%3Aaws%3Aiam%3A%3A111111111111%3Arole%2Fapp&RoleSessionName=deploy&ExternalId=ext-1&DurationSeconds=1800")
            .respond(200)
            .response_body(sts_response("AssumeRole", "ASIAAPP", "tok-app", later)),
    );
    mock.expect(cloudfront_ok());
    let client = mock_client(
        &home,
        &[
            ("AWS_PROFILE", "app"),
            ("AWS_REGION", "eu-west-1"),
            ("AWS_ENDPOINT_URL_STS", "https://sts.test.example"),
        ],
        &mock,
    )
    .unwrap();
    probe(&client);
    let sent = mock.requests();
    assert_eq!(sent.len(), 3);
    assert_eq!(sent[0].url, "https://sts.test.example/");
    assert_eq!(key_id(sent[0].header("authorization")), "AKIDBASE");
    assert_eq!(
        scope(sent[0].header("authorization")),
        "20261124/eu-west-1/sts"
    );
    assert_eq!(sent[0].header("x-amz-security-token"), None);
    assert_eq!(key_id(sent[1].header("authorization")), "ASIAMIDDLE");
    assert_eq!(sent[1].header("x-amz-security-token"), Some("tok-middle"));
    assert_eq!(key_id(sent[2].header("authorization")), "ASIAAPP");
    assert_eq!(sent[2].header("x-amz-security-token"), Some("tok-app"));
    assert_eq!(
        scope(sent[2].header("authorization")),
        "20261124/us-east-1/cloudfront"
    );
    mock.verify().unwrap();
}

#[test]
fn sts_endpoint_is_regional_by_default() {
    let home = Home::new();
    home.write(
        ".aws/config",
        CHAIN_CONFIG
            .replace("source_profile = middle", "source_profile = base")
            .as_str(),
    );
    let mock = Arc::new(MockTransport::new());
    expect_assume_role(&mock, "ASIAAPP");
    mock.expect(cloudfront_ok());
    let client = mock_client(
        &home,
        &[("AWS_PROFILE", "app"), ("AWS_REGION", "ap-south-1")],
        &mock,
    )
    .unwrap();
    probe(&client);
    assert_eq!(
        mock.requests()[0].url,
        "https://sts.ap-south-1.amazonaws.com/"
    );
}

#[test]
fn source_profile_loop_is_reported_with_the_loop() {
    let home = Home::new();
    home.write(
        ".aws/config",
        "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n\
         [profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = c\n\
         [profile c]\nrole_arn = arn:aws:iam::1:role/c\nsource_profile = a\n",
    );
    let mock = Arc::new(MockTransport::new());
    let err = mock_client(&home, &[("AWS_PROFILE", "a")], &mock).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("a -> b -> c -> a"), "{text}");
    assert!(mock.requests().is_empty(), "nothing sent");
}

#[test]
fn profile_naming_itself_with_static_keys_is_not_a_loop() {
    let home = Home::new();
    home.write(
        ".aws/config",
        "[profile self]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = self\naws_access_key_id = AKIDSELF\naws_secret_access_key = s\n",
    );
    let mock = Arc::new(MockTransport::new());
    expect_assume_role(&mock, "ASIAX");
    mock.expect(cloudfront_ok());
    let client = mock_client(&home, &[("AWS_PROFILE", "self")], &mock).unwrap();
    probe(&client);
    assert_eq!(
        key_id(mock.requests()[0].header("authorization")),
        "AKIDSELF"
    );
    assert_eq!(key_id(mock.requests()[1].header("authorization")), "ASIAX");
}

#[test]
fn mfa_serial_is_a_clear_error() {
    let home = Home::new();
    home.write(
        ".aws/config",
        "[profile m]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = base\nmfa_serial = arn:aws:iam::1:mfa/me\n\
         [profile base]\naws_access_key_id = AKID\naws_secret_access_key = s\n",
    );
    let err = mock_client(
        &home,
        &[("AWS_PROFILE", "m")],
        &Arc::new(MockTransport::new()),
    )
    .unwrap_err();
    assert!(err.to_string().contains("MFA"), "{err}");
}

#[test]
fn credential_source_environment_is_the_source_of_the_role() {
    let home = Home::new();
    home.write(
        ".aws/config",
        "[profile ci]\nrole_arn = arn:aws:iam::1:role/ci\ncredential_source = Environment\n",
    );
    let mock = Arc::new(MockTransport::new());
    expect_assume_role(&mock, "ASIACI");
    mock.expect(cloudfront_ok());
    let client = Client::builder()
        .environment(home.env(&[
            ("AWS_ACCESS_KEY_ID", "AKIDENV"),
            ("AWS_SECRET_ACCESS_KEY", "s"),
        ]))
        .profile("ci")
        .shared_transport(mock.clone())
        .clock(Arc::new(ManualClock::new(start())))
        .build()
        .unwrap();
    probe(&client);
    assert_eq!(
        key_id(mock.requests()[0].header("authorization")),
        "AKIDENV"
    );
    assert_eq!(key_id(mock.requests()[1].header("authorization")), "ASIACI");
}

#[test]
fn sts_refusal_is_a_provider_error_with_the_code_and_no_secret() {
    let home = Home::new();
    home.write(".aws/config", CHAIN_CONFIG);
    let mock = Arc::new(MockTransport::new());
    mock.expect(Expectation::post("/").respond(403).response_body(
        r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform: sts:AssumeRole</Message></Error><RequestId>x</RequestId></ErrorResponse>"#,
    ));
    let err = mock_client(&home, &[("AWS_PROFILE", "app")], &mock).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("AccessDenied"), "{text}");
    assert!(!text.contains("basesecret"), "{text}");
    assert!(
        matches!(err, Error::Credentials(CredentialsError::Provider { .. })),
        "{err:?}"
    );
}

// ---- web identity --------------------------------------------------------------------------

#[test]
fn web_identity_from_the_environment_is_unsigned_and_sends_the_token() {
    let home = Home::new();
    let token_file = home.write("token", "eyJ.header.sig\n");
    let mock = Arc::new(MockTransport::new());
    mock.expect(
        Expectation::post("/")
            .body_contains("Action=AssumeRoleWithWebIdentity")
            .body_contains("RoleSessionName=gha")
            .body_contains("WebIdentityToken=eyJ.header.sig")
            .respond(200)
            .response_body(sts_response(
                "AssumeRoleWithWebIdentity",
                "ASIAWEB",
                "tok-web",
                start() + Duration::from_secs(3600),
            )),
    );
    mock.expect(cloudfront_ok());
    let client = mock_client(
        &home,
        &[
            ("AWS_WEB_IDENTITY_TOKEN_FILE", token_file.to_str().unwrap()),
            ("AWS_ROLE_ARN", "arn:aws:iam::1:role/gha"),
            ("AWS_ROLE_SESSION_NAME", "gha"),
        ],
        &mock,
    )
    .unwrap();
    probe(&client);
    let sent = mock.requests();
    assert_eq!(sent[0].header("authorization"), None);
    assert_eq!(key_id(sent[1].header("authorization")), "ASIAWEB");
    mock.verify().unwrap();
}

#[test]
fn web_identity_from_a_profile() {
    let home = Home::new();
    let token_file = home.write("token", "profile-token");
    home.write(
        ".aws/config",
        &format!(
            "[default]\nrole_arn = arn:aws:iam::1:role/eks\nweb_identity_token_file = {}\n",
            token_file.display()
        ),
    );
    let mock = Arc::new(MockTransport::new());
    mock.expect(
        Expectation::post("/")
            .body_contains("WebIdentityToken=profile-token")
            .respond(200)
            .response_body(sts_response(
                "AssumeRoleWithWebIdentity",
                "ASIAEKS",
                "t",
                start() + Duration::from_secs(3600),
            )),
    );
    mock.expect(cloudfront_ok());
    let client = mock_client(&home, &[], &mock).unwrap();
    probe(&client);
    assert_eq!(
        key_id(mock.requests()[1].header("authorization")),
        "ASIAEKS"
    );
}

// ---- SSO -----------------------------------------------------------------------------------

const SSO_CONFIG: &str = "[profile dev]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Deployer\n\
[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n";

/// SHA-1 of "corp": the AWS CLI's cache file name for session `corp`.
/// Computed independently with `printf corp | sha1sum`.
#[test]
fn sso_with_a_cached_token_gets_role_credentials() {
    let home = Home::new();
    home.write(".aws/config", SSO_CONFIG);
    let now = SystemTime::now();
    write_sso_cache(
        &home,
        &format!(
            r#"{{"startUrl":"https://corp.awsapps.com/start","region":"eu-west-1","accessToken":"cached-access","expiresAt":"{}"}}"#,
            iso(now + Duration::from_secs(3600))
        ),
    );
    let server = TestServer::start([
        Reply::new(200).body(role_credentials("ASIASSO", now + Duration::from_secs(3600))),
        Reply::new(200),
    ]);
    let client = Client::builder()
        .environment(home.env(&[
            ("AWS_PROFILE", "dev"),
            ("AWS_ENDPOINT_URL_SSO", &server.endpoint()),
            ("AWS_ENDPOINT_URL_CLOUDFRONT", &server.endpoint()),
        ]))
        .build()
        .unwrap();
    probe(&client);
    let got = server.requests();
    assert_eq!(got[0].method, "GET");
    assert_eq!(
        got[0].target,
        "/federation/credentials?account_id=123456789012&role_name=Deployer"
    );
    assert_eq!(
        got[0].header("x-amz-sso_bearer_token"),
        Some("cached-access")
    );
    assert_eq!(key_id(got[1].header("authorization")), "ASIASSO");
    assert_eq!(got[1].header("x-amz-security-token"), Some("sso-token"));
}

#[test]
fn sso_token_near_expiry_is_refreshed_and_the_cache_rewritten() {
    let home = Home::new();
    home.write(".aws/config", SSO_CONFIG);
    let now = SystemTime::now();
    let cache = write_sso_cache(
        &home,
        &format!(
            r#"{{"startUrl":"https://corp.awsapps.com/start","region":"eu-west-1","accessToken":"old-access","expiresAt":"{}","refreshToken":"refresh-1","clientId":"cid","clientSecret":"csecret","registrationExpiresAt":"{}"}}"#,
            iso(now + Duration::from_secs(300)),
            iso(now + Duration::from_secs(30 * 86400))
        ),
    );
    let server = TestServer::start([
        Reply::new(200).body(r#"{"accessToken":"new-access","expiresIn":28800,"refreshToken":"refresh-2","tokenType":"Bearer"}"#),
        Reply::new(200).body(role_credentials("ASIASSO2", now + Duration::from_secs(3600))),
        Reply::new(200),
    ]);
    let client = Client::builder()
        .environment(home.env(&[
            ("AWS_PROFILE", "dev"),
            ("AWS_ENDPOINT_URL_SSO", &server.endpoint()),
            ("AWS_ENDPOINT_URL_SSO_OIDC", &server.endpoint()),
            ("AWS_ENDPOINT_URL_CLOUDFRONT", &server.endpoint()),
        ]))
        .build()
        .unwrap();
    probe(&client);
    let got = server.requests();
    assert_eq!(
        (got[0].method.as_str(), got[0].target.as_str()),
        ("POST", "/token")
    );
    let body: serde_json::Value = serde_json::from_slice(&got[0].body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"clientId":"cid","clientSecret":"csecret","grantType":"refresh_token","refreshToken":"refresh-1"})
    );
    assert_eq!(got[1].header("x-amz-sso_bearer_token"), Some("new-access"));
    assert_eq!(key_id(got[2].header("authorization")), "ASIASSO2");
    let written: serde_json::Value = serde_json::from_slice(&fs::read(&cache).unwrap()).unwrap();
    assert_eq!(written["accessToken"], "new-access");
    assert_eq!(written["refreshToken"], "refresh-2");
    assert_eq!(written["clientId"], "cid", "other fields are kept");
    let expires = cloudfront::time::parse_iso8601(written["expiresAt"].as_str().unwrap()).unwrap();
    assert!(expires > now + Duration::from_secs(8 * 3600 - 60));
    // No temporary file is left beside it.
    let names: Vec<_> = fs::read_dir(cache.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn expired_sso_login_says_to_run_aws_sso_login() {
    let home = Home::new();
    home.write(".aws/config", SSO_CONFIG);
    let now = SystemTime::now();
    write_sso_cache(
        &home,
        &format!(
            r#"{{"accessToken":"old","expiresAt":"{}"}}"#,
            iso(now - Duration::from_secs(60))
        ),
    );
    let err = Client::builder()
        .environment(home.env(&[
            ("AWS_PROFILE", "dev"),
            ("AWS_ENDPOINT_URL_SSO", "http://127.0.0.1:9"),
        ]))
        .build()
        .unwrap_err();
    assert!(
        err.to_string().contains("aws sso login --profile dev"),
        "{err}"
    );
    assert!(!err.to_string().contains("old\""), "{err}");
}

#[test]
fn missing_sso_login_says_to_run_aws_sso_login() {
    let home = Home::new();
    home.write(".aws/config", SSO_CONFIG);
    let err = Client::builder()
        .environment(home.env(&[("AWS_PROFILE", "dev")]))
        .build()
        .unwrap_err();
    assert!(
        err.to_string().contains("aws sso login --profile dev"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn credential_process_authenticates_and_honours_expiration() {
    let home = Home::new();
    let s = script(
        &home,
        "creds.sh",
        r#"echo '{"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": "proc-secret", "SessionToken": "proc-token", "Expiration": "2030-01-01T00:00:00Z"}'"#,
    );
    let quoted = format!("\"{}\" --arg 'with space'", s.display());
    home.write(
        ".aws/config",
        &format!("[default]\ncredential_process = {quoted}\n"),
    );
    let mock = Arc::new(MockTransport::new());
    mock.expect(cloudfront_ok());
    let client = mock_client(&home, &[], &mock).unwrap();
    probe(&client);
    assert_eq!(
        key_id(mock.requests()[0].header("authorization")),
        "AKIDPROC"
    );
    let creds = process_chain(&home, &quoted).resolve().unwrap();
    assert_eq!(
        creds.expiry(),
        cloudfront::time::parse_iso8601("2030-01-01T00:00:00Z")
    );
}

#[cfg(unix)]
#[test]
fn credential_process_that_hangs_is_stopped() {
    let home = Home::new();
    let s = script(&home, "hang.sh", "exec sleep 30");
    let err = process_chain(&home, &s.display().to_string())
        .resolve()
        .unwrap_err();
    assert!(err.to_string().contains("did not finish"), "{err}");
}

#[cfg(unix)]
#[test]
fn credential_process_printing_garbage_is_an_error_without_the_output() {
    let home = Home::new();
    let s = script(&home, "garbage.sh", "echo 'AKIDLEAK secretleak not json'");
    let err = process_chain(&home, &s.display().to_string())
        .resolve()
        .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("JSON"), "{text}");
    assert!(!text.contains("secretleak"), "{text}");
    let s = script(
        &home,
        "v2.sh",
        r#"echo '{"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "B"}'"#,
    );
    let err = process_chain(&home, &s.display().to_string())
        .resolve()
        .unwrap_err();
    assert!(err.to_string().contains("Version"), "{err}");
}

#[cfg(unix)]
#[test]
fn credential_process_failing_quotes_standard_error() {
    let home = Home::new();
    let s = script(
        &home,
        "fail.sh",
        "echo 'token expired, run login' >&2; echo '{\"Version\":1}'; exit 3",
    );
    let err = process_chain(&home, &s.display().to_string())
        .resolve()
        .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("token expired, run login"), "{text}");
    assert!(text.contains('3'), "{text}");
}

// ---- container and instance metadata -------------------------------------------------------

#[test]
fn ecs_container_relative_uri_authenticates() {
    let home = Home::new();
    let mock = Arc::new(MockTransport::new());
    mock.expect(
        Expectation::get("/v2/credentials/abc-123")
            .respond(200)
            .response_body(container_json(
                "ASIAECS",
                "ecs-token",
                start() + Duration::from_secs(3600),
            )),
    );
    mock.expect(cloudfront_ok());
    let client = mock_client(
        &home,
        &[(
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
            "/v2/credentials/abc-123",
        )],
        &mock,
    )
    .unwrap();
    probe(&client);
    let sent = mock.requests();
    assert_eq!(sent[0].url, "http://169.254.170.2/v2/credentials/abc-123");
    assert_eq!(key_id(sent[1].header("authorization")), "ASIAECS");
    assert_eq!(sent[1].header("x-amz-security-token"), Some("ecs-token"));
}

#[test]
fn eks_pod_identity_full_uri_sends_the_token_file() {
    let home = Home::new();
    let token = home.write("eks-token", "pod-identity-token\n");
    let server = TestServer::start([
        Reply::new(200).body(container_json(
            "ASIAEKS",
            "t",
            SystemTime::now() + Duration::from_secs(3600),
        )),
        Reply::new(200),
    ]);
    let full = server.url("/v1/credentials");
    let client = Client::builder()
        .environment(home.env(&[
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &full),
            (
                "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
                token.to_str().unwrap(),
            ),
            (
                "AWS_CONTAINER_AUTHORIZATION_TOKEN",
                "ignored-when-the-file-is-set",
            ),
            ("AWS_ENDPOINT_URL_CLOUDFRONT", &server.endpoint()),
        ]))
        .build()
        .unwrap();
    probe(&client);
    let got = server.requests();
    assert_eq!(got[0].target, "/v1/credentials");
    assert_eq!(got[0].header("authorization"), Some("pod-identity-token"));
    assert_eq!(key_id(got[1].header("authorization")), "ASIAEKS");
}

#[test]
fn container_full_uri_on_another_host_is_refused() {
    let home = Home::new();
    let err = mock_client(
        &home,
        &[(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "http://metadata.example.com/creds",
        )],
        &Arc::new(MockTransport::new()),
    )
    .unwrap_err();
    assert!(err.to_string().contains("loopback"), "{err}");
}

#[test]
fn imdsv2_gets_a_session_token_then_the_role_then_its_credentials() {
    let home = Home::new();
    let server = TestServer::start([
        Reply::new(200).body("imds-session-token"),
        Reply::new(200).body("my-instance-role\n"),
        Reply::new(200).body(format!(
            r#"{{"Code":"Success","LastUpdated":"{}","Type":"AWS-HMAC","AccessKeyId":"ASIAIMDS","SecretAccessKey":"imds-secret","Token":"imds-token","Expiration":"{}"}}"#,
            iso(SystemTime::now()),
            iso(SystemTime::now() + Duration::from_secs(6 * 3600))
        )),
        Reply::new(200),
    ]);
    let client = Client::builder()
        .environment(home.env(&[
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT", &server.endpoint()),
            ("AWS_ENDPOINT_URL_CLOUDFRONT", &server.endpoint()),
        ]))
        .build()
        .unwrap();
    probe(&client);
    let got = server.requests();
    assert_eq!(
        (got[0].method.as_str(), got[0].target.as_str()),
        ("PUT", "/latest/api/token")
    );
    assert_eq!(
        got[0].header("x-aws-ec2-metadata-token-ttl-seconds"),
        Some("21600")
    );
    assert_eq!(got[1].target, "/latest/meta-data/iam/security-credentials/");
    assert_eq!(
        got[1].header("x-aws-ec2-metadata-token"),
        Some("imds-session-token")
    );
    assert_eq!(
        got[2].target,
        "/latest/meta-data/iam/security-credentials/my-instance-role"
    );
    assert_eq!(
        got[2].header("x-aws-ec2-metadata-token"),
        Some("imds-session-token")
    );
    assert_eq!(key_id(got[3].header("authorization")), "ASIAIMDS");
}

#[test]
fn no_metadata_service_fails_fast_with_not_found_listing_every_source() {
    let home = Home::new();
    let port = support::closed_port();
    let err = Client::builder()
        .environment(home.env(&[(
            "AWS_EC2_METADATA_SERVICE_ENDPOINT",
            &format!("http://127.0.0.1:{port}"),
        )]))
        .build()
        .unwrap_err();
    match err {
        Error::Credentials(CredentialsError::NotFound { searched }) => {
            let last = searched.last().unwrap();
            assert!(last.starts_with("instance metadata"), "{searched:?}");
            assert!(
                searched.iter().any(|s| s.starts_with("container")),
                "{searched:?}"
            );
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
}

#[test]
fn imds_falls_back_to_v1_when_the_token_request_is_refused() {
    let home = Home::new();
    let mock = Arc::new(MockTransport::new());
    mock.expect(Expectation::put("/latest/api/token").respond(405));
    mock.expect(
        Expectation::get("/latest/meta-data/iam/security-credentials/")
            .respond(200)
            .response_body("r"),
    );
    mock.expect(
        Expectation::get("/latest/meta-data/iam/security-credentials/r")
            .respond(200)
            .response_body(container_json(
                "ASIAV1",
                "t",
                start() + Duration::from_secs(3600),
            )),
    );
    let vars = [("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:3")];
    let creds = imds_chain(&home, &vars, &mock).resolve().unwrap();
    assert_eq!(creds.access_key_id(), "ASIAV1");
    assert!(
        mock.requests()[1]
            .header("x-aws-ec2-metadata-token")
            .is_none()
    );
    mock.verify().unwrap();

    // With v1 disabled, the refusal is an error.
    let mock = Arc::new(MockTransport::new());
    mock.expect(Expectation::put("/latest/api/token").respond(405));
    let vars = [
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:3"),
        ("AWS_EC2_METADATA_V1_DISABLED", "true"),
    ];
    assert!(imds_chain(&home, &vars, &mock).resolve().is_err());
}

#[test]
fn imds_ipv6_mode_and_retry_once() {
    let home = Home::new();
    let mock = Arc::new(MockTransport::new());
    // The first token request fails to connect, the retry answers.
    mock.expect(
        Expectation::put("/latest/api/token")
            .fail(cloudfront::transport::TransportErrorKind::Connect),
    );
    mock.expect(
        Expectation::put("/latest/api/token")
            .respond(200)
            .response_body("tok"),
    );
    mock.expect(
        Expectation::get("/latest/meta-data/iam/security-credentials/")
            .header("x-aws-ec2-metadata-token", "tok")
            .respond(200)
            .response_body("r"),
    );
    mock.expect(
        Expectation::get("/latest/meta-data/iam/security-credentials/r")
            .respond(200)
            .response_body(container_json(
                "ASIAV6",
                "t",
                start() + Duration::from_secs(3600),
            )),
    );
    let vars = [("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6")];
    let creds = imds_chain(&home, &vars, &mock).resolve().unwrap();
    assert_eq!(creds.access_key_id(), "ASIAV6");
    assert_eq!(
        mock.requests()[0].url,
        "http://[fd00:ec2::254]/latest/api/token"
    );
    mock.verify().unwrap();
}

#[test]
fn legacy_sso_profile_reads_the_cache_named_by_the_start_url() {
    let home = Home::new();
    home.write(
        ".aws/config",
        "[profile old]\nsso_start_url = https://legacy.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\n",
    );
    // `printf https://legacy.awsapps.com/start | sha1sum`
    home.write(
        ".aws/sso/cache/79e435d7a515078e81c9dffc35f38d5687ebd3a7.json",
        &format!(
            r#"{{"startUrl":"https://legacy.awsapps.com/start","region":"us-east-1","accessToken":"legacy-access","expiresAt":"{}"}}"#,
            iso(start() + Duration::from_secs(1800))
        ),
    );
    let mock = Arc::new(MockTransport::new());
    mock.expect(
        Expectation::get("/federation/credentials")
            .query("account_id", "111122223333")
            .query("role_name", "ReadOnly")
            .header("x-amz-sso_bearer_token", "legacy-access")
            .respond(200)
            .response_body(role_credentials(
                "ASIALEGACY",
                start() + Duration::from_secs(3600),
            )),
    );
    mock.expect(cloudfront_ok());
    let client = mock_client(&home, &[("AWS_PROFILE", "old")], &mock).unwrap();
    probe(&client);
    assert_eq!(
        mock.requests()[0].url.split('?').next(),
        Some("https://portal.sso.us-east-1.amazonaws.com/federation/credentials")
    );
    assert_eq!(
        key_id(mock.requests()[1].header("authorization")),
        "ASIALEGACY"
    );
    mock.verify().unwrap();
}

#[test]
fn web_identity_token_file_without_a_role_is_an_error() {
    let home = Home::new();
    let token = home.write("token", "jwt");
    let err = mock_client(
        &home,
        &[("AWS_WEB_IDENTITY_TOKEN_FILE", token.to_str().unwrap())],
        &Arc::new(MockTransport::new()),
    )
    .unwrap_err();
    assert!(err.to_string().contains("AWS_ROLE_ARN"), "{err}");
}

#[test]
fn hostile_credential_documents_are_typed_errors_without_the_secret() {
    let home = Home::new();
    let nested = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let bodies = [
        String::new(),
        "not json SECRETVALUE".to_string(),
        r#"{"AccessKeyId":"A","SecretAccessKey":"SECRETVALUE""#.to_string(),
        r#"{"AccessKeyId":"A"}"#.to_string(),
        r#"{"AccessKeyId":1,"SecretAccessKey":"SECRETVALUE"}"#.to_string(),
        r#"{"AccessKeyId":"A","SecretAccessKey":"SECRETVALUE","Expiration":"soon"}"#.to_string(),
        r#"{"AccessKeyId":"A","SecretAccessKey":"SECRETVALUE","Expiration":"9999-99-99T99:99:99Z"}"#.to_string(),
        "[]".to_string(),
        nested,
        "\u{0}\u{ffff}".to_string(),
    ];
    for body in bodies {
        let mock = Arc::new(MockTransport::new());
        mock.expect(
            Expectation::get("/creds")
                .respond(200)
                .response_body(body.clone()),
        );
        let err = CredentialsChain::from_environment(home.env(&[(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "http://127.0.0.1:1/creds",
        )]))
        .metadata_transport(mock)
        .resolve()
        .unwrap_err();
        assert!(matches!(err, CredentialsError::Provider { .. }), "{err:?}");
        let text = format!("{err} {err:?}");
        assert!(!text.contains("SECRETVALUE"), "{text}");
    }
}

#[test]
fn instance_without_a_role_is_not_found_with_the_reason() {
    let home = Home::new();
    let mock = Arc::new(MockTransport::new());
    mock.expect(
        Expectation::put("/latest/api/token")
            .respond(200)
            .response_body("tok"),
    );
    mock.expect(Expectation::get("/latest/meta-data/iam/security-credentials/").respond(404));
    let vars = [("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:3")];
    match imds_chain(&home, &vars, &mock).resolve() {
        Err(CredentialsError::NotFound { searched }) => {
            let last = searched.last().unwrap();
            assert!(last.contains("no IAM role"), "{last}");
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
}

#[test]
fn recording_a_credential_exchange_keeps_no_secret_and_debug_shows_none() {
    use cloudfront::transport::RecordingTransport;
    let home = Home::new();
    home.write(".aws/config", CHAIN_CONFIG);
    let mock = MockTransport::new();
    for (id, token) in [("ASIAMIDDLE", "tok-middle"), ("ASIAAPP", "tok-app")] {
        mock.expect(
            Expectation::post("/")
                .respond(200)
                .response_body(sts_response(
                    "AssumeRole",
                    id,
                    token,
                    start() + Duration::from_secs(3600),
                )),
        );
    }
    mock.expect(cloudfront_ok());
    let recorder = Arc::new(RecordingTransport::in_memory(mock));
    let client = Client::builder()
        .environment(home.env(&[("AWS_PROFILE", "app")]))
        .shared_transport(recorder.clone())
        .clock(Arc::new(ManualClock::new(start())))
        .build()
        .unwrap();
    probe(&client);
    let recorded: String = recorder.exchanges().iter().map(|e| e.to_text()).collect();
    let shown = format!("{client:?}");
    for secret in [
        "basesecret",
        "secret-ASIAAPP",
        "tok-app",
        "secret-ASIAMIDDLE",
        "tok-middle",
    ] {
        assert!(!recorded.contains(secret), "{secret} recorded:\n{recorded}");
        assert!(!shown.contains(secret), "{secret} in Debug: {shown}");
    }
    assert!(recorded.contains("<redacted: credentials>"));
}
