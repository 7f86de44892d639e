//! The settings people set, read by `Client::from_env` (here over an injected environment):
//! endpoint, partition and signing region, FIPS, attempts, retry mode, CA bundle.

mod credentials_support;

use std::sync::Arc;

use cloudfront::Client;
use cloudfront::RawRequest;
use cloudfront::transport::{Expectation, MockTransport};
use credentials_support::*;

#[test]
fn settings_choose_endpoint_region_fips_and_attempts() {
    let home = Home::new();
    home.write(
        ".aws/config",
        "[default]\nregion = cn-north-1\nmax_attempts = 5\n",
    );
    let keys = [
        ("AWS_ACCESS_KEY_ID", "AKID"),
        ("AWS_SECRET_ACCESS_KEY", "s"),
    ];
    let mock = Arc::new(MockTransport::new());
    mock.expect(cloudfront_ok());
    let client = mock_client(&home, &keys, &mock).unwrap();
    assert_eq!(
        client.endpoint(),
        "https://cloudfront.cn-northwest-1.amazonaws.com.cn"
    );
    probe(&client);
    assert_eq!(
        scope(mock.requests()[0].header("authorization")),
        "20261124/cn-northwest-1/cloudfront"
    );
    // max_attempts = 5 from the profile: five attempts on a retryable error.
    let mock = Arc::new(MockTransport::new());
    mock.expect(Expectation::any().respond(503).times(5));
    let client = mock_client(&home, &keys, &mock).unwrap();
    assert!(
        client
            .send_raw(RawRequest::get("/2020-05-31/distribution"))
            .is_err()
    );
    assert_eq!(mock.requests().len(), 5);
    mock.verify().unwrap();

    let mut vars = keys.to_vec();
    vars.push(("AWS_USE_FIPS_ENDPOINT", "true"));
    vars.push(("AWS_REGION", "us-east-1"));
    let client = mock_client(&home, &vars, &Arc::new(MockTransport::new())).unwrap();
    assert_eq!(client.endpoint(), "https://cloudfront-fips.amazonaws.com");

    let mut vars = keys.to_vec();
    vars.push(("AWS_RETRY_MODE", "adaptive"));
    let err = mock_client(&home, &vars, &Arc::new(MockTransport::new())).unwrap_err();
    assert!(err.to_string().contains("adaptive"), "{err}");

    let mut vars = keys.to_vec();
    vars.push(("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"));
    let client = mock_client(&home, &vars, &Arc::new(MockTransport::new())).unwrap();
    assert_eq!(client.endpoint(), "http://127.0.0.1:4566");
    let mut vars = keys.to_vec();
    vars.push(("AWS_ENDPOINT_URL_CLOUDFRONT", "http://10.0.0.1:4566"));
    assert!(
        mock_client(&home, &vars, &Arc::new(MockTransport::new())).is_err(),
        "plain http only to loopback"
    );
}

#[test]
fn ca_bundle_is_read_and_checked() {
    let home = Home::new();
    let keys = [
        ("AWS_ACCESS_KEY_ID", "AKID"),
        ("AWS_SECRET_ACCESS_KEY", "s"),
    ];
    let bundle = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/ca-bundle/test-root.pem"
    );
    let with = |path: &str| {
        let mut vars = keys.to_vec();
        vars.push(("AWS_CA_BUNDLE", path));
        Client::builder().environment(home.env(&vars)).build()
    };
    with(bundle).expect("a PEM bundle with a certificate is accepted");
    let missing = home.path().join("missing.pem");
    let err = with(missing.to_str().unwrap()).unwrap_err();
    assert!(err.to_string().contains("missing.pem"), "{err}");
    let garbage = home.write("garbage.pem", "not a certificate\n");
    let err = with(garbage.to_str().unwrap()).unwrap_err();
    assert!(err.to_string().contains("CERTIFICATE"), "{err}");
    // From the profile too.
    home.write(
        ".aws/config",
        &format!("[default]\nca_bundle = {}\n", garbage.display()),
    );
    let err = Client::builder()
        .environment(home.env(&keys))
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("CA bundle"), "{err}");
}

#[test]
fn plain_http_to_a_non_loopback_emulator_needs_the_explicit_opt_in() {
    use cloudfront::{Client, Environment};
    let home = tempfile::tempdir().unwrap();
    let vars = |extra: &[(&str, &str)]| {
        let mut v = vec![
            ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
            ("AWS_SECRET_ACCESS_KEY", "secret"),
            ("AWS_ENDPOINT_URL_CLOUDFRONT", "http://moto:5000"),
            ("AWS_EC2_METADATA_DISABLED", "true"),
        ];
        v.extend_from_slice(extra);
        Environment::from_vars(v).home_dir(home.path())
    };
    let refused = Client::builder()
        .environment(vars(&[]))
        .build()
        .unwrap_err();
    assert!(refused.to_string().contains("plain http"), "{refused}");
    let client = Client::builder()
        .environment(vars(&[("CLOUDFRONT_ALLOW_HTTP", "true")]))
        .build()
        .unwrap();
    assert_eq!(client.endpoint(), "http://moto:5000");
    let bad = Client::builder()
        .environment(vars(&[("CLOUDFRONT_ALLOW_HTTP", "yes please")]))
        .build()
        .unwrap_err();
    assert!(bad.to_string().contains("CLOUDFRONT_ALLOW_HTTP"), "{bad}");
}
