//! Signed URLs end to end (`cloudfront::resources::signing_keys`) against moto: register the
//! ECDSA signer's public key and a key group, make the default cache behavior trust the group,
//! sign a URL with the registered key's id, and verify the signature with the public key as
//! CloudFront stores it (read back with GetPublicKey). Plus what is refused before anything is
//! sent. Needs the `ecdsa` feature (and `ureq`, over which the moto exchanges are recorded).
#![cfg(all(feature = "ecdsa", feature = "ureq"))]

mod common;

use std::time::{Duration, UNIX_EPOCH};

use base64::Engine as _;
use cloudfront::model::key_group::{GetPublicKeyRequest, ListPublicKeysRequest};
use cloudfront::presign::{EcdsaKeySigner, SignedUrl};
use std::sync::Arc;

use cloudfront::transport::{MockTransport, RecordingTransport, UreqTransport};
use cloudfront::{Client, Credentials, DistributionConfig, Error, Origin};
use common::moto::moto;
use p256::ecdsa::signature::hazmat::PrehashVerifier;
use p256::ecdsa::{Signature, VerifyingKey};
use p256::pkcs8::DecodePublicKey;
use sha2::Digest as _;

const KEY: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/fixtures/signed-urls/ecdsa-p256-test-key.pem"
);

fn signer() -> EcdsaKeySigner {
    EcdsaKeySigner::from_pem(&std::fs::read_to_string(KEY).expect("test key")).expect("parses")
}

/// The value of query parameter `name` in `url`.
fn param<'a>(url: &'a str, name: &str) -> &'a str {
    url.split_once('?')
        .expect("query")
        .1
        .split('&')
        .filter_map(|p| p.split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v)
        .unwrap_or_else(|| panic!("{name} in {url}"))
}

/// CloudFront's URL-safe base64 back to bytes.
fn unbase64(s: &str) -> Vec<u8> {
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
        .expect("base64")
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn key_group_trusted_by_the_default_behavior_verifies_a_signed_url() {
    let moto = moto();
    let client = moto.client();
    let signer = signer();

    let keys = client
        .create_signing_key_group("site-signers", &signer.public_key_pem().unwrap())
        .unwrap();
    assert!(!keys.public_key_id.is_empty() && !keys.key_group_id.is_empty());

    // The key group holds exactly the new public key. (Not read with GetKeyGroup: moto's
    // KeyGroup has no LastModifiedTime, which the model requires; the listing of public keys
    // shows the key under its name.)
    let listed: Vec<_> = client
        .list_public_keys_pager(ListPublicKeysRequest::default())
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, keys.public_key_id);
    assert_eq!(listed[0].name, "site-signers");

    // The default cache behavior trusts the group.
    let created = client
        .create_distribution(
            DistributionConfig::new(Origin::custom("www.example.com")).comment("private"),
        )
        .unwrap();
    let updated = client
        .trust_key_group(&created.id, &keys.key_group_id, None)
        .unwrap();
    let trusted = updated
        .distribution_config
        .default_cache_behavior
        .trusted_key_groups
        .as_ref()
        .expect("TrustedKeyGroups read back");
    assert!(trusted.enabled);
    assert_eq!(trusted.items, std::slice::from_ref(&keys.key_group_id));

    // Sign, then verify with the public key as CloudFront holds it.
    let url = SignedUrl::canned(
        "https://d111111abcdef8.cloudfront.net/private/report.pdf",
        UNIX_EPOCH + Duration::from_secs(1_767_290_400),
    )
    .key_pair_id(&keys.public_key_id)
    .sign(&signer)
    .unwrap();
    assert_eq!(param(&url, "Key-Pair-Id"), keys.public_key_id);
    assert_eq!(param(&url, "Hash-Algorithm"), "SHA256");
    let stored = client
        .get_public_key(GetPublicKeyRequest {
            id: keys.public_key_id.clone(),
        })
        .unwrap()
        .public_key
        .expect("PublicKey");
    let verifying = VerifyingKey::from_public_key_pem(stored.public_key_config.encoded_key.trim())
        .expect("stored key is the P-256 public key");
    let policy = r#"{"Statement":[{"Resource":"https://d111111abcdef8.cloudfront.net/private/report.pdf","Condition":{"DateLessThan":{"AWS:EpochTime":1767290400}}}]}"#;
    let signature = Signature::from_der(&unbase64(param(&url, "Signature"))).expect("DER");
    verifying
        .verify_prehash(&sha2::Sha256::digest(policy.as_bytes()), &signature)
        .expect("the signed URL verifies with the registered public key");
    // ... and a different resource does not.
    assert!(
        verifying
            .verify_prehash(
                &sha2::Sha256::digest(policy.replace("report", "other").as_bytes()),
                &signature
            )
            .is_err()
    );
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn trusting_twice_sends_no_second_update_and_an_unknown_path_pattern_is_refused() {
    let moto = moto();
    let recorder = Arc::new(RecordingTransport::in_memory(UreqTransport::new()));
    let client = Client::builder()
        .credentials(Credentials::new(
            "AKIDMOTOTEST",
            "moto-secret-never-checked",
        ))
        .endpoint(moto.endpoint())
        .shared_transport(recorder.clone())
        .build()
        .unwrap();
    let keys = client
        .create_signing_key_group("twice", &signer().public_key_pem().unwrap())
        .unwrap();
    let created = client
        .create_distribution(DistributionConfig::new(Origin::custom("www.example.com")))
        .unwrap();
    let puts = || {
        recorder
            .exchanges()
            .iter()
            .filter(|e| e.method == "PUT")
            .count()
    };
    client
        .trust_key_group(&created.id, &keys.key_group_id, None)
        .unwrap();
    assert_eq!(puts(), 1);
    client
        .trust_key_group(&created.id, &keys.key_group_id, None)
        .unwrap();
    assert_eq!(puts(), 1, "the group was trusted already: no second update");
    let err = client
        .trust_key_group(&created.id, &keys.key_group_id, Some("/private/*"))
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err}");
    assert!(err.to_string().contains("/private/*"), "{err}");
    assert_eq!(puts(), 1);
}

#[test]
fn a_private_key_or_junk_is_refused_before_anything_is_sent() {
    let mock = std::sync::Arc::new(MockTransport::new());
    let client = Client::builder()
        .credentials(Credentials::new("AKIDEXAMPLE", "secret"))
        .shared_transport(mock.clone())
        .build()
        .unwrap();
    let private = std::fs::read_to_string(KEY).unwrap();
    for bad in [private.as_str(), "", "not a key"] {
        let err = client.create_signing_key_group("g", bad).unwrap_err();
        assert!(matches!(err, Error::InvalidInput(_)), "{err}");
        assert!(!err.to_string().contains("PRIVATE KEY-----\nM"), "{err}");
    }
    assert!(mock.requests().is_empty());
}
