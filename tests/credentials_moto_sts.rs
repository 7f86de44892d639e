//! STS `AssumeRole` and `AssumeRoleWithWebIdentity` against moto (an emulator, not AWS) on
//! 127.0.0.1, through `AWS_ENDPOINT_URL_STS`, then a CloudFront call signed with what STS
//! gave. Ignored unless asked for (`scripts/test.sh` runs them with `--include-ignored` and
//! `CLOUDFRONT_MOTO_ENDPOINT` set); with `CLOUDFRONT_MOTO_ENDPOINT` unset or moto down they
//! fail (the convention of tests/common/moto.rs).

use std::fs;

use cloudfront::{Client, CredentialsChain, Environment};

mod common;
use common::moto::{Moto, moto};

fn env(moto: &Moto, home: &tempfile::TempDir, vars: &[(&str, &str)]) -> Environment {
    let moto = moto.endpoint().to_string();
    let mut all: Vec<(String, String)> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    all.push(("AWS_ENDPOINT_URL_STS".into(), moto.clone()));
    all.push(("AWS_ENDPOINT_URL_CLOUDFRONT".into(), moto));
    all.push(("AWS_EC2_METADATA_DISABLED".into(), "true".into()));
    Environment::from_vars(all).home_dir(home.path())
}

fn assert_temporary(chain: &CredentialsChain) {
    let creds = chain.resolve().expect("STS credentials from moto");
    assert!(
        creds.access_key_id().starts_with("ASIA"),
        "{}",
        creds.access_key_id()
    );
    assert!(creds.session_token().is_some());
    assert!(creds.expiry().is_some());
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn assume_role_chain_against_moto_then_cloudfront() {
    let m = moto();
    let home = tempfile::tempdir().unwrap();
    fs::create_dir(home.path().join(".aws")).unwrap();
    fs::write(
        home.path().join(".aws/config"),
        "[profile app]\nrole_arn = arn:aws:iam::123456789012:role/app\nsource_profile = middle\nrole_session_name = moto-test\n\
         [profile middle]\nrole_arn = arn:aws:iam::123456789012:role/middle\nsource_profile = base\n\
         [profile base]\naws_access_key_id = AKIDMOTOBASE\naws_secret_access_key = base-secret\n",
    )
    .unwrap();
    let e = env(
        &m,
        &home,
        &[("AWS_PROFILE", "app"), ("AWS_REGION", "us-east-1")],
    );
    assert_temporary(&CredentialsChain::from_environment(e.clone()));
    let client = Client::builder().environment(e).build().unwrap();
    let page: Vec<_> = client
        .distributions()
        .max_items(1)
        .collect::<Result<_, _>>()
        .expect("CloudFront call signed with the assumed role's credentials");
    assert!(page.len() <= 1);
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn web_identity_against_moto() {
    let m = moto();
    let home = tempfile::tempdir().unwrap();
    let token = home.path().join("token");
    fs::write(&token, "eyJhbGciOiJSUzI1NiJ9.e30.sig").unwrap();
    let e = env(
        &m,
        &home,
        &[
            ("AWS_WEB_IDENTITY_TOKEN_FILE", token.to_str().unwrap()),
            ("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/gha"),
        ],
    );
    assert_temporary(&CredentialsChain::from_environment(e.clone()));
    let client = Client::builder().environment(e).build().unwrap();
    client
        .distributions()
        .max_items(1)
        .collect::<Result<Vec<_>, _>>()
        .expect("CloudFront call signed with the web identity role's credentials");
}
