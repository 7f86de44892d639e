//! Signed URLs and cookies with the `rsa` feature: boto's published test vectors (AWS's
//! documentation examples, signed with boto's 1024-bit test key) reproduced byte for byte,
//! SHA-256 signatures checked with the public key, and key-parsing failures.
#![cfg(feature = "rsa")]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cloudfront::presign::{
    CannedPolicy, CustomPolicy, HashAlgorithm, PolicySigner, RsaKeySigner, SignError, SignedUrl,
    sign_policy,
};
use rsa::PublicKey;
use rsa::pkcs8::DecodePublicKey;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/signed-urls");
const KEY_PAIR_ID: &str = "PK123456789754";

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURES}/{name}")).expect("fixture file")
}

fn pkcs1_signer() -> RsaKeySigner {
    RsaKeySigner::from_pem(&fixture("boto-test-key.pem")).expect("boto test key parses")
}

fn public_key() -> PublicKey {
    PublicKey::from_public_key_pem(&fixture("boto-test-key.pub.pem")).expect("public key parses")
}

fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

/// Inverse of CloudFront's URL-safe base64, for checking signatures.
fn decode(s: &str) -> Vec<u8> {
    let value = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'-' => 62,
            b'~' => 63,
            _ => panic!("not CloudFront base64: {c:?}"),
        }
    };
    let mut out = Vec::new();
    for chunk in s.as_bytes().chunks(4) {
        let data: Vec<u8> = chunk.iter().copied().filter(|&c| c != b'_').collect();
        let mut n = 0u32;
        for (i, &c) in data.iter().enumerate() {
            n |= value(c) << (18 - 6 * i);
        }
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..data.len()]);
    }
    out
}

fn query_param<'a>(url: &'a str, name: &str) -> Option<&'a str> {
    let query = url.split_once('?')?.1;
    query
        .split('&')
        .filter_map(|p| p.split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v)
}

// boto tests/unit/cloudfront/test_signed_urls.py
const BOTO_CANNED_POLICY: &str = concat!(
    r#"{"Statement":[{"Resource":"#,
    r#""http://d604721fxaaqy9.cloudfront.net/horizon.jpg"#,
    r#"?large=yes&license=yes","#,
    r#""Condition":{"DateLessThan":{"AWS:EpochTime":1258237200}}}]}"#
);
const BOTO_CANNED_SIGNATURE: &str = concat!(
    "Nql641NHEUkUaXQHZINK1FZ~SYeUSoBJMxjdgqrzIdzV2gyEXPDN",
    "v0pYdWJkflDKJ3xIu7lbwRpSkG98NBlgPi4ZJpRRnVX4kXAJK6td",
    "Nx6FucDB7OVqzcxkxHsGFd8VCG1BkC-Afh9~lOCMIYHIaiOB6~5j",
    "t9w2EOwi6sIIqrg_"
);
const BOTO_CUSTOM_POLICY_1: &str = "{ \n   \"Statement\": [{ \n      \"Resource\":\"http://d604721fxaaqy9.cloudfront.net/training/*\", \n      \"Condition\":{ \n         \"IpAddress\":{\"AWS:SourceIp\":\"145.168.143.0/24\"}, \n         \"DateLessThan\":{\"AWS:EpochTime\":1258237200}      \n      } \n   }] \n}\n";
const BOTO_CUSTOM_POLICY_2: &str = "{ \n   \"Statement\": [{ \n      \"Resource\":\"http://*\", \n      \"Condition\":{ \n         \"IpAddress\":{\"AWS:SourceIp\":\"216.98.35.1/32\"},\n         \"DateGreaterThan\":{\"AWS:EpochTime\":1241073790},\n         \"DateLessThan\":{\"AWS:EpochTime\":1255674716}\n      } \n   }] \n}\n";

#[test]
fn boto_canned_policy_signature_is_reproduced() {
    assert_eq!(
        sign_policy(BOTO_CANNED_POLICY, &pkcs1_signer()).unwrap(),
        BOTO_CANNED_SIGNATURE
    );
}

#[test]
fn boto_custom_policy_1_signature_is_reproduced() {
    let expected = concat!(
        "cPFtRKvUfYNYmxek6ZNs6vgKEZP6G3Cb4cyVt~FjqbHOnMdxdT7e",
        "T6pYmhHYzuDsFH4Jpsctke2Ux6PCXcKxUcTIm8SO4b29~1QvhMl-",
        "CIojki3Hd3~Unxjw7Cpo1qRjtvrimW0DPZBZYHFZtiZXsaPt87yB",
        "P9GWnTQoaVysMxQ_"
    );
    assert_eq!(
        sign_policy(BOTO_CUSTOM_POLICY_1, &pkcs1_signer()).unwrap(),
        expected
    );
}

#[test]
fn boto_custom_policy_2_signature_is_reproduced() {
    let expected = concat!(
        "rc~5Qbbm8EJXjUTQ6Cn0LAxR72g1DOPrTmdtfbWVVgQNw0q~KHUA",
        "mBa2Zv1Wjj8dDET4XSL~Myh44CLQdu4dOH~N9huH7QfPSR~O4tIO",
        "S1WWcP~2JmtVPoQyLlEc8YHRCuN3nVNZJ0m4EZcXXNAS-0x6Zco2",
        "SYx~hywTRxWR~5Q_"
    );
    assert_eq!(
        sign_policy(BOTO_CUSTOM_POLICY_2, &pkcs1_signer()).unwrap(),
        expected
    );
}

#[test]
fn boto_canned_signed_url_is_reproduced_exactly() {
    // boto test_canned_policy: the full expected URL.
    let url = SignedUrl::canned(
        "http://d604721fxaaqy9.cloudfront.net/horizon.jpg?large=yes&license=yes",
        at(1258237200),
    )
    .key_pair_id(KEY_PAIR_ID)
    .sign(&pkcs1_signer())
    .unwrap();
    assert_eq!(
        url,
        format!(
            "http://d604721fxaaqy9.cloudfront.net/horizon.jpg?large=yes&license=yes&Expires=1258237200&Signature={BOTO_CANNED_SIGNATURE}&Key-Pair-Id=PK123456789754"
        )
    );
}

#[test]
fn pkcs8_pem_of_the_same_key_signs_identically() {
    let pkcs8 = RsaKeySigner::from_pem(&fixture("boto-test-key.pkcs8.pem")).unwrap();
    assert_eq!(
        sign_policy(BOTO_CANNED_POLICY, &pkcs8).unwrap(),
        BOTO_CANNED_SIGNATURE
    );
}

#[test]
fn sha256_url_carries_hash_algorithm_and_its_signature_verifies_with_the_public_key() {
    let signer = pkcs1_signer().with_algorithm(HashAlgorithm::Sha256);
    assert_eq!(signer.algorithm(), HashAlgorithm::Sha256);
    let url = SignedUrl::canned(
        "http://d604721fxaaqy9.cloudfront.net/horizon.jpg?large=yes&license=yes",
        at(1258237200),
    )
    .key_pair_id(KEY_PAIR_ID)
    .sign(&signer)
    .unwrap();
    assert!(
        url.ends_with("&Key-Pair-Id=PK123456789754&Hash-Algorithm=SHA256"),
        "{url}"
    );
    assert_eq!(query_param(&url, "Hash-Algorithm"), Some("SHA256"));

    let signature = query_param(&url, "Signature").unwrap();
    // Same value as `openssl dgst -sha256 -sign boto-test-key.pem` over the policy, an
    // implementation independent of this crate's.
    assert_eq!(
        signature,
        concat!(
            "j6FqeNS88JZDAJktNZpO~CgTYzluV9ahHUssgkxRiJYb3JbRtF7HqA1eYD9v8p1XMGpEGI00xN7qlbAftV-qw8R0",
            "kaIZzCMcDKemo4ksrxKZ061HYOMk6BEZIY4D0IFy1SRVAvLqs38scygzg8OE6SL2OgoFXxupdeOjtY9ROAM_"
        )
    );
    let raw = decode(signature);
    let public = public_key();
    public
        .pkcs1v15_verify::<sha2::Sha256>(BOTO_CANNED_POLICY.as_bytes(), &raw)
        .expect("SHA-256 signature verifies");
    // It really is SHA-256: the same bytes do not verify as SHA-1, nor for another policy.
    assert!(
        public
            .pkcs1v15_verify::<sha1::Sha1>(BOTO_CANNED_POLICY.as_bytes(), &raw)
            .is_err()
    );
    let other = BOTO_CANNED_POLICY.replace("1258237200", "1258237201");
    assert!(
        public
            .pkcs1v15_verify::<sha2::Sha256>(other.as_bytes(), &raw)
            .is_err()
    );
}

#[test]
fn sha1_signature_verifies_with_the_public_key_and_url_has_no_hash_algorithm() {
    let url = SignedUrl::canned(
        "https://d111111abcdef8.cloudfront.net/a.jpg",
        at(1767290400),
    )
    .key_pair_id(KEY_PAIR_ID)
    .sign(&pkcs1_signer())
    .unwrap();
    assert_eq!(query_param(&url, "Hash-Algorithm"), None);
    let policy = CannedPolicy::new(
        "https://d111111abcdef8.cloudfront.net/a.jpg",
        at(1767290400),
    )
    .to_json()
    .unwrap();
    let raw = decode(query_param(&url, "Signature").unwrap());
    public_key()
        .pkcs1v15_verify::<sha1::Sha1>(policy.as_bytes(), &raw)
        .expect("SHA-1 signature verifies");
}

#[test]
fn custom_policy_url_and_cookies_verify_with_the_public_key() {
    let signer = pkcs1_signer().with_algorithm(HashAlgorithm::Sha256);
    let policy = CustomPolicy::new("https://d111111abcdef8.cloudfront.net/training/*")
        .not_before(at(1357034400))
        .not_after(at(1357120800))
        .source_ip("192.0.2.10");
    let url = policy
        .signed_url(
            "https://d111111abcdef8.cloudfront.net/training/a.pdf",
            KEY_PAIR_ID,
            &signer,
        )
        .unwrap();
    let policy_json = decode(query_param(&url, "Policy").unwrap());
    assert_eq!(policy_json, policy.to_json().unwrap().into_bytes());
    let public = public_key();
    public
        .pkcs1v15_verify::<sha2::Sha256>(
            &policy_json,
            &decode(query_param(&url, "Signature").unwrap()),
        )
        .expect("URL signature verifies");

    let cookies = policy.signed_cookies(KEY_PAIR_ID, &signer).unwrap();
    assert_eq!(cookies.get("CloudFront-Hash-Algorithm"), Some("SHA256"));
    assert_eq!(cookies.get("CloudFront-Key-Pair-Id"), Some(KEY_PAIR_ID));
    let cookie_policy = decode(cookies.get("CloudFront-Policy").unwrap());
    assert_eq!(cookie_policy, policy_json);
    public
        .pkcs1v15_verify::<sha2::Sha256>(
            &cookie_policy,
            &decode(cookies.get("CloudFront-Signature").unwrap()),
        )
        .expect("cookie signature verifies");
}

#[test]
fn public_key_pem_matches_openssl_and_key_size_is_reported() {
    let signer = pkcs1_signer();
    assert_eq!(
        signer.public_key_pem().unwrap(),
        fixture("boto-test-key.pub.pem")
    );
    assert_eq!(signer.key_bits(), 1024);
}

#[test]
fn pem_with_surrounding_text_and_crlf_line_endings_is_accepted() {
    let pem = fixture("boto-test-key.pem");
    let crlf = format!(
        "Bag Attributes\r\n    friendlyName: test\r\n{}",
        pem.replace('\n', "\r\n")
    );
    let signer = RsaKeySigner::from_pem(&crlf).unwrap();
    assert_eq!(
        sign_policy(BOTO_CANNED_POLICY, &signer).unwrap(),
        BOTO_CANNED_SIGNATURE
    );
    // boto's own test string starts with a newline.
    assert!(RsaKeySigner::from_pem(&format!("\n{pem}")).is_ok());
}

#[test]
fn debug_output_never_shows_the_private_key() {
    let pem = fixture("boto-test-key.pem");
    for signer in [
        pkcs1_signer(),
        pkcs1_signer().with_algorithm(HashAlgorithm::Sha256),
    ] {
        let debug = format!("{signer:?}");
        let pretty = format!("{signer:#?}");
        assert!(
            debug.starts_with("RsaKeySigner { algorithm: Sha"),
            "{debug}"
        );
        assert!(
            debug.ends_with(", key_bits: 1024, key: \"<redacted>\" }"),
            "{debug}"
        );
        for body_line in pem.lines().filter(|l| !l.starts_with("-----")) {
            for window in body_line.as_bytes().windows(8) {
                let window = std::str::from_utf8(window).unwrap();
                assert!(
                    !debug.contains(window) && !pretty.contains(window),
                    "{window}"
                );
            }
        }
        // No long run of digits or hex (a private exponent or prime) either.
        let longest_run = debug
            .split(|c: char| !c.is_ascii_hexdigit())
            .map(str::len)
            .max()
            .unwrap_or(0);
        assert!(longest_run < 16, "{debug}");
    }
}

#[test]
fn unsupported_and_malformed_keys_are_typed_errors() {
    let pem = fixture("boto-test-key.pem");
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let cases: Vec<(String, &str)> = vec![
        (String::new(), "no PEM block"),
        ("not a key at all".into(), "no PEM block"),
        (body.clone(), "no PEM block"),
        (
            "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n".into(),
            "no -----END RSA PRIVATE KEY----- line",
        ),
        (
            "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n".into(),
            "malformed PKCS#1",
        ),
        (
            "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n".into(),
            "malformed PKCS#8",
        ),
        (
            "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n".into(),
            "ECDSA",
        ),
        (
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n"
                .into(),
            "encrypted",
        ),
        (
            pem.replace(
                "-----BEGIN RSA PRIVATE KEY-----\n",
                "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n",
            ),
            "encrypted",
        ),
        (fixture("boto-test-key.pub.pem"), "public key"),
        (
            "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n".into(),
            "OpenSSH",
        ),
        (
            "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n".into(),
            "expected -----BEGIN RSA PRIVATE KEY",
        ),
    ];
    for (text, expected) in cases {
        match RsaKeySigner::from_pem(&text) {
            Err(SignError::InvalidKey { reason }) => {
                assert!(reason.contains(expected), "{expected:?} not in {reason:?}")
            }
            other => panic!("{text:?}: expected InvalidKey, got {other:?}"),
        }
    }
}

#[test]
fn mangled_keys_never_panic_and_errors_never_quote_the_key() {
    let pem = fixture("boto-test-key.pem");
    let windows: Vec<String> = pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .flat_map(|l| {
            l.as_bytes()
                .windows(12)
                .map(|w| String::from_utf8(w.to_vec()).unwrap())
                .collect::<Vec<_>>()
        })
        .collect();
    let check = |text: &str| {
        if let Err(err) = RsaKeySigner::from_pem(text) {
            let shown = format!("{err} {err:?}");
            for w in &windows {
                assert!(
                    !shown.contains(w.as_str()),
                    "error quotes key material: {shown}"
                );
            }
        }
    };
    // Truncated anywhere: never a valid key, always an error.
    for cut in (0..pem.len()).step_by(7) {
        let truncated = &pem[..cut];
        assert!(RsaKeySigner::from_pem(truncated).is_err(), "cut at {cut}");
        check(truncated);
    }
    // One character of the body replaced: an error or (rarely) some other valid key, never a
    // panic.
    let first_body = pem.find('\n').unwrap() + 1;
    let last_body = pem.rfind("-----END").unwrap() - 1;
    for (n, i) in (first_body..last_body).step_by(5).enumerate() {
        if pem.as_bytes()[i] == b'\n' {
            continue;
        }
        let replacement = ["A", "/", "z", "=", "*"][n % 5];
        let mut mangled = pem.clone();
        mangled.replace_range(i..i + 1, replacement);
        check(&mangled);
    }
}
