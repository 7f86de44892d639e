//! The AWS CLI's order of credential sources, tested case by case: with every source
//! configured at once, removing them one at a time from the top makes each next one win.
//! (Unix only: the `credential_process` is a shell script.)
#![cfg(unix)]

mod credentials_support;

use std::sync::Arc;
use std::time::Duration;

use cloudfront::clock::ManualClock;
use cloudfront::transport::{Expectation, MockTransport};
use cloudfront::{CredentialsChain, Environment};
use credentials_support::*;

/// The AWS CLI's order. With every source configured at once, each is the winner once the
/// ones above it are removed.
const ORDER: [&str; 10] = [
    "environment",
    "assume role",
    "web identity",
    "sso",
    "credentials file",
    "credential_process",
    "config file",
    "boto",
    "container",
    "instance metadata",
];

/// A home and environment with the sources `ORDER[from..]` configured; resolves with a mock
/// that only answers the expected winner's requests.
fn winner_with_sources_from(from: usize) -> String {
    let home = Home::new();
    let on = |name: &str| ORDER[from..].contains(&name);
    let mut vars: Vec<(String, String)> = Vec::new();
    let mut config = String::from("[default]\n");
    let mut creds_file = String::new();
    if on("environment") {
        vars.push(("AWS_ACCESS_KEY_ID".into(), "AKIDENV".into()));
        vars.push(("AWS_SECRET_ACCESS_KEY".into(), "s".into()));
    }
    if on("assume role") {
        config.push_str("role_arn = arn:aws:iam::1:role/r\nsource_profile = base\n");
    }
    if on("web identity") {
        let token = home.write("token", "jwt");
        vars.push((
            "AWS_WEB_IDENTITY_TOKEN_FILE".into(),
            token.display().to_string(),
        ));
        vars.push(("AWS_ROLE_ARN".into(), "arn:aws:iam::1:role/web".into()));
    }
    if on("sso") {
        config.push_str("sso_session = corp\nsso_account_id = 1\nsso_role_name = R\n");
        write_sso_cache(
            &home,
            &format!(
                r#"{{"accessToken":"a","expiresAt":"{}"}}"#,
                iso(start() + Duration::from_secs(3600))
            ),
        );
    }
    if on("credentials file") {
        creds_file
            .push_str("[default]\naws_access_key_id = AKIDCREDFILE\naws_secret_access_key = s\n");
    }
    if on("credential_process") {
        let s = script(
            &home,
            "p.sh",
            r#"echo '{"Version":1,"AccessKeyId":"AKIDPROCESS","SecretAccessKey":"s"}'"#,
        );
        config.push_str(&format!("credential_process = {}\n", s.display()));
    }
    if on("config file") {
        config.push_str("aws_access_key_id = AKIDCONFIG\naws_secret_access_key = s\n");
    }
    config.push_str("[profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n");
    config.push_str(
        "[sso-session corp]\nsso_start_url = https://x.awsapps.com/start\nsso_region = eu-west-1\n",
    );
    home.write(".aws/config", &config);
    home.write(".aws/credentials", &creds_file);
    if on("boto") {
        home.write(
            ".boto",
            "[Credentials]\naws_access_key_id = AKIDBOTO\naws_secret_access_key = s\n",
        );
    }
    if on("container") {
        vars.push((
            "AWS_CONTAINER_CREDENTIALS_FULL_URI".into(),
            "http://127.0.0.1:1/creds".into(),
        ));
    }
    vars.push((
        "AWS_EC2_METADATA_SERVICE_ENDPOINT".into(),
        "http://127.0.0.1:2".into(),
    ));
    let later = start() + Duration::from_secs(3600);
    let mock = Arc::new(MockTransport::new());
    match ORDER[from] {
        "assume role" => {
            mock.expect(
                Expectation::post("/")
                    .body_contains("Action=AssumeRole&")
                    .respond(200)
                    .response_body(sts_response("AssumeRole", "ASIAROLE", "t", later)),
            );
        }
        "web identity" => {
            mock.expect(
                Expectation::post("/")
                    .body_contains("AssumeRoleWithWebIdentity")
                    .respond(200)
                    .response_body(sts_response(
                        "AssumeRoleWithWebIdentity",
                        "ASIAWEB",
                        "t",
                        later,
                    )),
            );
        }
        "sso" => {
            mock.expect(
                Expectation::get("/federation/credentials")
                    .respond(200)
                    .response_body(role_credentials("ASIASSO", later)),
            );
        }
        "container" => {
            mock.expect(
                Expectation::get("/creds")
                    .respond(200)
                    .response_body(container_json("ASIACONTAINER", "t", later)),
            );
        }
        "instance metadata" => {
            mock.expect(
                Expectation::put("/latest/api/token")
                    .respond(200)
                    .response_body("tok"),
            );
            mock.expect(
                Expectation::get("/latest/meta-data/iam/security-credentials/")
                    .respond(200)
                    .response_body("r"),
            );
            mock.expect(
                Expectation::get("/latest/meta-data/iam/security-credentials/r")
                    .respond(200)
                    .response_body(container_json("ASIAIMDS", "t", later)),
            );
        }
        _ => {}
    }
    let env = Environment::from_vars(vars).home_dir(home.path());
    let creds = CredentialsChain::from_environment(env)
        .system_boto_config(home.path().join("no-system-boto"))
        .transport(mock.clone())
        .metadata_transport(mock.clone())
        .clock(Arc::new(ManualClock::new(start())))
        .resolve()
        .unwrap_or_else(|e| panic!("sources from {}: {e}", ORDER[from]));
    mock.verify().unwrap();
    creds.access_key_id().to_string()
}

#[test]
fn every_source_wins_over_the_ones_after_it_in_the_clis_order() {
    let expected = [
        "AKIDENV",
        "ASIAROLE",
        "ASIAWEB",
        "ASIASSO",
        "AKIDCREDFILE",
        "AKIDPROCESS",
        "AKIDCONFIG",
        "AKIDBOTO",
        "ASIACONTAINER",
        "ASIAIMDS",
    ];
    for (from, want) in expected.iter().enumerate() {
        assert_eq!(
            &winner_with_sources_from(from),
            want,
            "sources from {}",
            ORDER[from]
        );
    }
}
