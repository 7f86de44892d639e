//! Signed URLs and cookies with the `ecdsa` feature: an ECDSA P-256 test key (fixtures/
//! signed-urls/, made with OpenSSL) signs deterministically (RFC 6979); every signature is
//! checked with the public key, an OpenSSL-made signature verifies the same way (so the DER
//! form is the one CloudFront gets from `openssl dgst -sign`), and key-parsing failures.
#![cfg(feature = "ecdsa")]

use std::time::{Duration, UNIX_EPOCH};

use base64::Engine as _;
use cloudfront::presign::{
    CannedPolicy, EcdsaKeySigner, HashAlgorithm, PolicySigner, SignError, SignedUrl, sign_policy,
};
use p256::ecdsa::signature::hazmat::PrehashVerifier;
use p256::ecdsa::{Signature, VerifyingKey};
use p256::pkcs8::DecodePublicKey;
use sha1::Digest as _;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/signed-urls");
const KEY_PAIR_ID: &str = "K2JCJMDEHXQW5F";
const URL: &str = "https://d111111abcdef8.cloudfront.net/image.jpg?color=red&size=medium";
const EXPIRES: u64 = 1767290400;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURES}/{name}")).expect("fixture file")
}

fn signer() -> EcdsaKeySigner {
    EcdsaKeySigner::from_pem(&fixture("ecdsa-p256-test-key.pem")).expect("test key parses")
}

fn public_key() -> VerifyingKey {
    VerifyingKey::from_public_key_pem(&fixture("ecdsa-p256-test-key.pub.pem"))
        .expect("public key parses")
}

/// CloudFront's URL-safe base64 back to bytes.
fn decode(s: &str) -> Vec<u8> {
    let standard: String = s
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '=',
            '~' => '/',
            c => c,
        })
        .collect();
    base64::engine::general_purpose::STANDARD
        .decode(standard)
        .expect("CloudFront base64")
}

fn query_param<'a>(url: &'a str, name: &str) -> Option<&'a str> {
    url.split_once('?')?
        .1
        .split('&')
        .filter_map(|p| p.split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v)
}

fn verifies(policy: &[u8], der: &[u8], algorithm: HashAlgorithm) -> bool {
    let Ok(signature) = Signature::from_der(der) else {
        return false;
    };
    let digest = match algorithm {
        HashAlgorithm::Sha1 => sha1::Sha1::digest(policy).to_vec(),
        _ => sha2::Sha256::digest(policy).to_vec(),
    };
    public_key().verify_prehash(&digest, &signature).is_ok()
}

fn canned_policy() -> String {
    CannedPolicy::new(URL, UNIX_EPOCH + Duration::from_secs(EXPIRES))
        .to_json()
        .expect("canned policy")
}

#[test]
fn canned_url_with_sha256_carries_the_hash_algorithm_and_verifies_with_the_public_key() {
    let url = SignedUrl::canned(URL, UNIX_EPOCH + Duration::from_secs(EXPIRES))
        .key_pair_id(KEY_PAIR_ID)
        .sign(&signer())
        .unwrap();
    assert!(url.starts_with(&format!("{URL}&Expires={EXPIRES}&Signature=")));
    assert!(url.ends_with(&format!("&Key-Pair-Id={KEY_PAIR_ID}&Hash-Algorithm=SHA256")));
    let signature = decode(query_param(&url, "Signature").unwrap());
    assert!(verifies(
        canned_policy().as_bytes(),
        &signature,
        HashAlgorithm::Sha256
    ));
    assert!(!verifies(
        b"another policy",
        &signature,
        HashAlgorithm::Sha256
    ));
}

/// This crate's SHA-256 signature of the canned policy with the test key; `openssl dgst
/// -sha256 -verify ecdsa-p256-test-key.pub.pem` accepts it (fixtures/signed-urls/README.md).
const CANNED_SHA256_SIGNATURE: &str = concat!(
    "MEQCIA1eVx827ZR64eyVVgzUtzskPVbnUMZo5NBoSXIpP6eaAiABUXRkbNbCcPaG6IVaeFjLfTltNte4jQA0",
    "D7ej9pYR4g__"
);

#[test]
fn signatures_are_deterministic_der_and_the_same_from_sec1_and_pkcs8() {
    let policy = canned_policy();
    let sec1 = sign_policy(&policy, &signer()).unwrap();
    assert_eq!(sec1, CANNED_SHA256_SIGNATURE);
    let pkcs8 = EcdsaKeySigner::from_pem(&fixture("ecdsa-p256-test-key.pkcs8.pem")).unwrap();
    assert_eq!(sign_policy(&policy, &pkcs8).unwrap(), sec1);
    assert_eq!(sign_policy(&policy, &signer()).unwrap(), sec1, "RFC 6979");
    let der = decode(&sec1);
    assert_eq!(der[0], 0x30, "a DER SEQUENCE");
    assert_eq!(usize::from(der[1]) + 2, der.len());
}

#[test]
fn sha1_signatures_verify_and_send_no_hash_algorithm() {
    let signer = signer().with_algorithm(HashAlgorithm::Sha1);
    assert_eq!(signer.algorithm(), HashAlgorithm::Sha1);
    let url = SignedUrl::canned(URL, UNIX_EPOCH + Duration::from_secs(EXPIRES))
        .key_pair_id(KEY_PAIR_ID)
        .sign(&signer)
        .unwrap();
    assert_eq!(query_param(&url, "Hash-Algorithm"), None);
    let signature = decode(query_param(&url, "Signature").unwrap());
    assert!(verifies(
        canned_policy().as_bytes(),
        &signature,
        HashAlgorithm::Sha1
    ));
    assert!(!verifies(
        canned_policy().as_bytes(),
        &signature,
        HashAlgorithm::Sha256
    ));
}

#[test]
fn an_openssl_signature_of_the_same_policy_verifies_the_same_way() {
    // fixtures/signed-urls/README.md: `openssl dgst -sha256 -sign ecdsa-p256-test-key.pem`
    // over this exact canned policy (randomized, so other bytes than ours, same key).
    let policy = fixture("ecdsa-canned-policy.json");
    assert_eq!(policy, canned_policy());
    let der = std::fs::read(format!("{FIXTURES}/ecdsa-canned-policy.sha256.sig")).unwrap();
    assert!(verifies(policy.as_bytes(), &der, HashAlgorithm::Sha256));
}

#[test]
fn signed_cookies_name_the_hash_algorithm() {
    let cookies = CannedPolicy::new(URL, UNIX_EPOCH + Duration::from_secs(EXPIRES))
        .signed_cookies(KEY_PAIR_ID, &signer())
        .unwrap();
    assert_eq!(cookies.get("CloudFront-Hash-Algorithm"), Some("SHA256"));
    let signature = decode(cookies.get("CloudFront-Signature").unwrap());
    assert!(verifies(
        canned_policy().as_bytes(),
        &signature,
        HashAlgorithm::Sha256
    ));
}

#[test]
fn the_public_key_is_the_one_openssl_derived() {
    assert_eq!(
        signer().public_key_pem().unwrap(),
        fixture("ecdsa-p256-test-key.pub.pem")
    );
}

#[test]
fn keys_that_are_not_p256_private_keys_are_refused_without_quoting_them() {
    let p384 = fixture("ecdsa-p384-not-supported.pem");
    let cases = [
        (fixture("boto-test-key.pem"), "this is an RSA key"),
        (p384.clone(), "not a P-256 key"),
        (
            fixture("ecdsa-p256-test-key.pub.pem"),
            "this is a public key",
        ),
        ("no key here".to_string(), "no PEM block"),
        (
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n"
                .to_string(),
            "encrypted",
        ),
        (
            "-----BEGIN EC PRIVATE KEY-----\nbm90IGEga2V5\n-----END EC PRIVATE KEY-----\n"
                .to_string(),
            "malformed SEC1",
        ),
    ];
    for (pem, expected) in cases {
        let err = EcdsaKeySigner::from_pem(&pem).unwrap_err();
        assert!(matches!(err, SignError::InvalidKey { .. }), "{err:?}");
        let text = err.to_string();
        assert!(text.contains(expected), "{text}");
        for line in pem
            .lines()
            .filter(|l| !l.starts_with("-----") && l.len() > 8)
        {
            assert!(!text.contains(line), "the error quotes the key: {text}");
        }
    }
}

#[test]
fn debug_never_shows_the_key() {
    let shown = format!("{:?}", signer());
    assert!(
        shown.contains("<redacted>") && shown.contains("P-256"),
        "{shown}"
    );
    let key_line = fixture("ecdsa-p256-test-key.pem")
        .lines()
        .find(|l| l.starts_with("MHc"))
        .unwrap()
        .to_string();
    assert!(!shown.contains(&key_line[..16]));
}
