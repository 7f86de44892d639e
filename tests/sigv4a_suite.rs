//! The SigV4A signer against AWS's 38-case `v4a/` suite (vendored under
//! `tests/data/sigv4-testsuite/v4a/`, from the `aws-sigv4` crate 1.6.4; see its README).
//!
//! For every case, exactly: the canonical request, the string to sign and the public key
//! derived from the case's credentials. ECDSA signatures are randomized in the suite (and
//! deterministic here), so bytes cannot match; instead our signature must verify with the
//! derived public key, and so must the suite's own signature of the expected string to sign
//! (which proves the key and the string to sign are the ones AWS used). The signed request's
//! headers are compared as HTTP defines them, with the `Authorization` header's signature
//! replaced by a check that it verifies.
#![cfg(feature = "sigv4a")]

use std::path::{Path, PathBuf};

use cloudfront::Credentials;
use cloudfront::auth::sigv4::SigningSettings;
use cloudfront::auth::sigv4a::{SigningParams, derive_key, sign_parts, sign_request};
use cloudfront::transport::HttpRequest;

mod sigv4_vectors;
use sigv4_vectors::{expected, header, json_bool, json_string, parse_request, parse_time, read};

fn suite_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sigv4-testsuite/v4a");
    assert!(
        dir.is_dir(),
        "the vendored SigV4A vectors are missing at {}",
        dir.display()
    );
    dir
}

fn case_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(suite_dir())
        .expect("the v4a directory is readable")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.join("context.json").is_file())
        .collect();
    dirs.sort();
    dirs
}

/// Runs one case; returns the differences found (empty when it passes).
fn run_case(dir: &Path) -> Vec<String> {
    let mut failures: Vec<String> = Vec::new();
    fn eq(failures: &mut Vec<String>, what: &str, got: &str, want: &str) {
        if got != want {
            failures.push(format!(
                "{what} differs\n--- got:\n{got}\n--- want:\n{want}"
            ));
        }
    }
    let context = read(&dir.join("context.json"));
    let access_key = json_string(&context, "access_key_id").expect("access_key_id");
    let secret_key = json_string(&context, "secret_access_key").expect("secret_access_key");
    let mut credentials = Credentials::new(access_key, secret_key);
    if let Some(token) = json_string(&context, "token") {
        credentials = credentials.with_session_token(token);
    }
    let region_set = json_string(&context, "region").expect("region");
    let service = json_string(&context, "service").expect("service");
    let time = parse_time(&json_string(&context, "timestamp").expect("timestamp"));
    let settings = SigningSettings::new()
        .normalize_path(json_bool(&context, "normalize").unwrap_or(true))
        .payload_hash_header(json_bool(&context, "sign_body").unwrap_or(false))
        .sign_session_token(!json_bool(&context, "omit_session_token").unwrap_or(false));
    let params = SigningParams {
        credentials: &credentials,
        region_set: &region_set,
        service: &service,
        time,
    };

    // The key: derived exactly.
    let key = match derive_key(&credentials) {
        Ok(key) => key,
        Err(e) => return vec![format!("derive_key failed: {e}")],
    };
    let public = std::fs::read_to_string(dir.join("public-key.json")).expect("public-key.json");
    eq(
        &mut failures,
        "public key x",
        &key.public_key().x_hex(),
        &json_string(&public, "X").expect("X").to_ascii_lowercase(),
    );
    eq(
        &mut failures,
        "public key y",
        &key.public_key().y_hex(),
        &json_string(&public, "Y").expect("Y").to_ascii_lowercase(),
    );

    // Canonical request and string to sign: exactly.
    let raw = parse_request(&read(&dir.join("request.txt")));
    let parts = match sign_parts(
        &raw.method,
        &raw.target,
        &raw.headers,
        &raw.body,
        &params,
        &settings,
        &key,
    ) {
        Ok(parts) => parts,
        Err(e) => {
            failures.push(format!("sign_parts failed: {e}"));
            return failures;
        }
    };
    let want_sts = expected(&dir.join("header-string-to-sign.txt"));
    eq(
        &mut failures,
        "canonical request",
        &parts.canonical_request,
        &expected(&dir.join("header-canonical-request.txt")),
    );
    eq(
        &mut failures,
        "string to sign",
        &parts.string_to_sign,
        &want_sts,
    );

    // Signatures: ours and the suite's verify with the derived public key.
    if !key
        .public_key()
        .verify(&parts.string_to_sign, &parts.signature)
    {
        failures.push("our signature does not verify with the derived public key".into());
    }
    let suite_signature = expected(&dir.join("header-signature.txt"));
    if !key.public_key().verify(&want_sts, &suite_signature) {
        failures.push("the suite's signature does not verify with the derived public key".into());
    }
    if key.public_key().verify("another string", &parts.signature) {
        failures.push("our signature verifies for another string to sign".into());
    }

    // The signed request: the same headers as the suite's, the signature verifying.
    let host = header(&raw.headers, "host").expect("every case has a Host header");
    let mut request = HttpRequest {
        method: raw.method.clone(),
        url: format!("https://{host}{}", raw.target),
        headers: raw.headers.clone(),
        body: raw.body.clone(),
    };
    match sign_request(&mut request, &params, &settings, &key) {
        Ok(signed) => {
            eq(
                &mut failures,
                "string to sign from sign_request",
                &signed.string_to_sign,
                &want_sts,
            );
            let want = parse_request(&read(&dir.join("header-signed-request.txt")));
            let without_signature = |headers: &[(String, String)]| {
                let mut fields: Vec<String> = headers
                    .iter()
                    .map(|(k, v)| {
                        let v = v.trim();
                        let v = v.split(", Signature=").next().unwrap_or(v);
                        format!("{}:{v}", k.to_ascii_lowercase())
                    })
                    .collect();
                fields.sort();
                fields.join("\n")
            };
            eq(
                &mut failures,
                "signed request headers (signature aside)",
                &without_signature(&request.headers),
                &without_signature(&want.headers),
            );
            let authorization = request.header("authorization").unwrap_or_default();
            let signature = authorization
                .rsplit("Signature=")
                .next()
                .unwrap_or_default();
            if !key.public_key().verify(&want_sts, signature) {
                failures.push("the signed request's signature does not verify".into());
            }
        }
        Err(e) => failures.push(format!("sign_request failed: {e}")),
    }
    failures
}

#[test]
fn aws_v4a_suite_all_38_cases() {
    let cases = case_dirs();
    assert_eq!(cases.len(), 38, "the v4a suite has 38 cases");
    let mut report = String::new();
    let mut passed = 0;
    for dir in &cases {
        let failures = run_case(dir);
        if failures.is_empty() {
            passed += 1;
        } else {
            let name = dir.file_name().unwrap_or_default().to_string_lossy();
            report.push_str(&format!("=== {name} FAILED\n{}\n", failures.join("\n")));
        }
    }
    println!("SigV4A vectors: passed {passed} of {}", cases.len());
    assert!(report.is_empty(), "{report}");
    assert_eq!(passed, 38);
}

#[test]
fn a_key_for_other_credentials_is_refused() {
    let a = Credentials::new("AKIDA", "secret");
    let b = Credentials::new("AKIDB", "secret");
    let key = derive_key(&a).expect("a key");
    let params = SigningParams {
        credentials: &b,
        region_set: "*",
        service: "cloudfront-keyvaluestore",
        time: std::time::UNIX_EPOCH,
    };
    let result = sign_parts(
        "GET",
        "/",
        &[("host", "example.com")],
        b"",
        &params,
        &SigningSettings::new(),
        &key,
    );
    assert!(result.is_err());
}
