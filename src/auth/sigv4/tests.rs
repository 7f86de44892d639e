//! Unit tests of every stage, against AWS's published intermediate values.

use super::canonical::push_trimmed;
use super::key::hmac;
use super::validate::host_from_url;
use super::*;
use crate::encoding::push_hex;
use crate::transport::HttpRequest;
use std::time::{Duration, UNIX_EPOCH};

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const TOKEN: &str = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267";
const EMPTY_HASH: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
/// get-vanilla, from AWS's suite.
const VANILLA_CREQ: &str = "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const VANILLA_STS: &str = "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63";
const VANILLA_SIGNATURE: &str = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";

/// 2015-08-30T12:36:00Z, the suite's signing time.
fn suite_time() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_440_938_160)
}

fn params<'a>(credentials: &'a Credentials, service: &'a str) -> SigningParams<'a> {
    SigningParams {
        credentials,
        region: "us-east-1",
        service,
        time: suite_time(),
    }
}

fn get(url: &str) -> HttpRequest {
    HttpRequest {
        method: "GET".into(),
        url: url.into(),
        headers: Vec::new(),
        body: Vec::new(),
    }
}

fn hex(bytes: &[u8]) -> String {
    let mut s = String::new();
    push_hex(&mut s, bytes);
    s
}

// --- stage 1: canonical URI --------------------------------------------------------

#[test]
fn canonical_uri_normalizes_like_the_suite() {
    for (path, want) in [
        ("/", "/"),
        ("", "/"),
        ("/example/..", "/"),              // get-relative
        ("/example1/example2/../..", "/"), // get-relative-relative
        ("/./", "/"),                      // get-slash-dot-slash
        ("/./example", "/example"),        // get-slash-pointless-dot
        ("//", "/"),                       // get-slash
        ("//example//", "/example/"),      // get-slashes
        ("/a/b/..", "/a/"),                // RFC 3986: `..` leaves a directory
        ("/a/b/.", "/a/b/"),
        ("/a/./b/../c", "/a/c"),
        ("/../../a", "/a"), // cannot climb above the root
    ] {
        assert_eq!(canonical_uri(path, true), want, "{path:?}");
    }
}

#[test]
fn canonical_uri_without_normalization_keeps_the_path() {
    for path in [
        "/example1/example2/../..",
        "/./",
        "//example//",
        "/./example",
    ] {
        assert_eq!(canonical_uri(path, false), path);
    }
    assert_eq!(canonical_uri("/example space/", false), "/example%20space/");
}

#[test]
fn canonical_uri_encodes_each_segment_once_more() {
    for (path, want) in [
        ("/example space/", "/example%20space/"),   // get-space
        ("/ሴ", "/%E1%88%B4"),                       // get-utf8
        ("/example/$delete", "/example/%24delete"), // get-special-character
        (
            "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
            "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
        ), // get-unreserved
        (
            "/test/@connections/JBDvjfGEIAMCERw%3D",
            "/test/%40connections/JBDvjfGEIAMCERw%253D",
        ), // double-encode-path
        (
            "/2015-03-31/functions/arn%3Aaws%3Alambda/invocations",
            "/2015-03-31/functions/arn%253Aaws%253Alambda/invocations",
        ), // double-url-encode
        (
            "/2020-05-31/distribution/EDFDVBD6EXAMPLE/config",
            "/2020-05-31/distribution/EDFDVBD6EXAMPLE/config",
        ),
    ] {
        assert_eq!(canonical_uri(path, true), want, "{path:?}");
    }
}

// --- stage 2: canonical query string -----------------------------------------------

#[test]
fn canonical_query_sorts_by_key_then_value_and_keeps_repeats() {
    for (query, want) in [
        ("", ""),
        ("Param1=value1", "Param1=value1"),
        ("Param2=value2&Param1=value1", "Param1=value1&Param2=value2"), // get-vanilla-query
        ("Param1=value2&Param1=Value1", "Param1=Value1&Param1=value2"), // order-key
        ("Param1=value2&Param1=value1", "Param1=value1&Param1=value2"), // order-value
        (
            "Param-3=Value3&Param=Value2&%E1%88%B4=Value1",
            "%E1%88%B4=Value1&Param=Value2&Param-3=Value3",
        ), // order-encoded
        ("ሴ=bar", "%E1%88%B4=bar"),                                     // utf8-query
        ("MaxItems=2&Marker=", "Marker=&MaxItems=2"),
    ] {
        assert_eq!(canonical_query_string(query), want, "{query:?}");
    }
}

#[test]
fn canonical_query_decodes_then_encodes_and_fills_missing_values() {
    assert_eq!(
        canonical_query_string("a=%7e&b=%e1%88%b4"),
        "a=~&b=%E1%88%B4"
    );
    assert_eq!(canonical_query_string("flag&x="), "flag=&x=");
    assert_eq!(canonical_query_string("a=1&&b=2&"), "a=1&b=2");
    assert_eq!(canonical_query_string("a=x+y"), "a=x%2By");
    assert_eq!(
        canonical_query_string("a=50%&b=%zz%4"),
        "a=50%25&b=%25zz%254"
    );
    assert_eq!(canonical_query_string("k=a=b"), "k=a%3Db");
    assert_eq!(canonical_query_string("q=%20%2F"), "q=%20%2F");
}

// --- stage 3: canonical headers ----------------------------------------------------

#[test]
fn canonical_headers_trims_collapses_folds_and_joins() {
    let h = canonical_headers(&[
        ("Host", "example.amazonaws.com"),
        ("My-Header1", " value1"), // get-header-value-trim
        ("My-Header2", "\"a   b   c\""),
        ("My-Header3", "value1\n  value2\r\n     value3"), // get-header-value-multiline
        ("My-Header4", "value4"),                          // get-header-value-order
        ("my-header4", "value1"),
        ("MY-HEADER4", "\tvalue3 "),
        ("x-amz-date", "20150830T123600Z"),
    ])
    .unwrap();
    assert_eq!(
        h.canonical,
        "host:example.amazonaws.com\nmy-header1:value1\nmy-header2:\"a b c\"\n\
         my-header3:value1 value2 value3\nmy-header4:value4,value1,value3\n\
         x-amz-date:20150830T123600Z\n"
    );
    assert_eq!(
        h.signed,
        "host;my-header1;my-header2;my-header3;my-header4;x-amz-date"
    );
}

#[test]
fn header_values_are_trimmed_and_whitespace_runs_collapsed() {
    for (value, want) in [
        ("a", "a"),
        ("", ""),
        ("   ", ""),
        (" a ", "a"),
        ("a b c", "a b c"),
        ("a  b", "a b"),
        ("a\t\tb", "a b"),
        ("a\tb", "a b"),
        ("\ta b\t", "a b"),
        ("a \t b", "a b"),
        ("a\r\n  b", "a b"),
        ("é  ü ", "é ü"),
        ("\u{a0}a\u{a0}", "\u{a0}a\u{a0}"), // only ASCII whitespace is trimmed
    ] {
        let mut out = String::from("x:");
        push_trimmed(&mut out, value);
        assert_eq!(out, format!("x:{want}"), "{value:?}");
    }
}

#[test]
fn canonical_headers_sort_by_lowercase_name() {
    // post-header-key-sort / post-header-key-case
    let h = canonical_headers(&[
        ("X-Amz-Date", "20150830T123600Z"),
        ("My-Header1", "VALUE1"),
        ("HOST", "example.amazonaws.com"),
        ("a", ""),
    ])
    .unwrap();
    assert_eq!(
        h.canonical,
        "a:\nhost:example.amazonaws.com\nmy-header1:VALUE1\nx-amz-date:20150830T123600Z\n"
    );
    assert_eq!(h.signed, "a;host;my-header1;x-amz-date");
}

#[test]
fn canonical_headers_reject_what_http_cannot_carry() {
    let secret_value = "s3cr3t\r\nX-Injected: 1";
    let err = canonical_headers(&[("x-note", secret_value)]).unwrap_err();
    assert!(err.message.contains("x-note"), "{err}");
    assert!(
        !err.message.contains("s3cr3t"),
        "the value must not be quoted: {err}"
    );
    for (name, value) in [
        ("bad name", "v"),
        ("", "v"),
        ("x:y", "v"),
        ("ok", "a\nb"),  // line break that is not a fold
        ("ok", "a\r b"), // bare CR
        ("ok", "a\0b"),
        ("ok", "a\x7fb"),
    ] {
        assert!(
            canonical_headers(&[(name, value)]).is_err(),
            "{name:?}: {value:?}"
        );
    }
}

// --- stage 4: payload hash ---------------------------------------------------------

#[test]
fn payload_hash_is_hex_sha256() {
    assert_eq!(payload_hash(b""), EMPTY_HASH);
    // post-x-www-form-urlencoded
    assert_eq!(
        payload_hash(b"Param1=value1"),
        "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"
    );
}

// --- stages 5-9 on get-vanilla ----------------------------------------------------

#[test]
fn canonical_request_of_get_vanilla() {
    let headers = canonical_headers(&[
        ("Host", "example.amazonaws.com"),
        ("X-Amz-Date", "20150830T123600Z"),
    ])
    .unwrap();
    let creq = canonical_request(
        "GET",
        &canonical_uri("/", true),
        &canonical_query_string(""),
        &headers,
        &payload_hash(b""),
    );
    assert_eq!(creq, VANILLA_CREQ);
}

#[test]
fn string_to_sign_of_get_vanilla() {
    let scope = credential_scope("20150830", "us-east-1", "service");
    assert_eq!(scope, "20150830/us-east-1/service/aws4_request");
    assert_eq!(
        string_to_sign("20150830T123600Z", &scope, VANILLA_CREQ),
        VANILLA_STS
    );
}

#[test]
fn signing_key_of_the_aws_docs_example() {
    let key = signing_key(SECRET, "20150830", "us-east-1", "iam");
    assert_eq!(
        hex(key.as_bytes()),
        "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9"
    );
}

#[test]
fn signing_key_handles_secrets_longer_than_the_stack_buffer() {
    let long = "k".repeat(300);
    let mut first = b"AWS4".to_vec();
    first.extend_from_slice(long.as_bytes());
    let want = hmac(
        &hmac(&hmac(&hmac(&first, b"20150830"), b"r"), b"s"),
        b"aws4_request",
    );
    assert_eq!(signing_key(&long, "20150830", "r", "s").as_bytes(), &want);
    // And the boundary between the two code paths.
    for len in [123, 124, 125] {
        let secret = "x".repeat(len);
        let mut first = b"AWS4".to_vec();
        first.extend_from_slice(secret.as_bytes());
        let want = hmac(
            &hmac(&hmac(&hmac(&first, b"d"), b"r"), b"s"),
            b"aws4_request",
        );
        assert_eq!(
            signing_key(&secret, "d", "r", "s").as_bytes(),
            &want,
            "{len}"
        );
    }
}

#[test]
fn signature_and_authorization_of_get_vanilla() {
    let key = signing_key(SECRET, "20150830", "us-east-1", "service");
    let sig = signature(&key, VANILLA_STS);
    assert_eq!(sig, VANILLA_SIGNATURE);
    assert_eq!(
        authorization(
            "AKIDEXAMPLE",
            "20150830/us-east-1/service/aws4_request",
            "host;x-amz-date",
            &sig
        ),
        format!(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
             SignedHeaders=host;x-amz-date, Signature={VANILLA_SIGNATURE}"
        )
    );
}

#[test]
fn sign_parts_reproduces_every_stage_of_get_vanilla() {
    let creds = Credentials::new("AKIDEXAMPLE", SECRET);
    let parts = sign_parts(
        "GET",
        "/",
        &[("Host", "example.amazonaws.com")],
        b"",
        &params(&creds, "service"),
        &SigningSettings::new(),
    )
    .unwrap();
    assert_eq!(parts.amz_date, "20150830T123600Z");
    assert_eq!(parts.payload_hash, EMPTY_HASH);
    assert_eq!(parts.canonical_request, VANILLA_CREQ);
    assert_eq!(parts.signed_headers, "host;x-amz-date");
    assert_eq!(parts.string_to_sign, VANILLA_STS);
    assert_eq!(parts.signature, VANILLA_SIGNATURE);
    assert!(parts.authorization.ends_with(VANILLA_SIGNATURE));
}

#[test]
fn sign_parts_needs_a_host() {
    let creds = Credentials::new("AKIDEXAMPLE", SECRET);
    let err = sign_parts::<&str, &str>(
        "GET",
        "/",
        &[],
        b"",
        &params(&creds, "service"),
        &SigningSettings::new(),
    )
    .unwrap_err();
    assert!(err.message.contains("Host"), "{err}");
}

// --- sign_request ------------------------------------------------------------------

#[test]
fn cloudfront_request_is_scoped_to_us_east_1_cloudfront() {
    let creds = Credentials::new("AKIDEXAMPLE", SECRET);
    let mut req = get("https://cloudfront.amazonaws.com/2020-05-31/distribution?MaxItems=2");
    sign_request(&mut req, &params(&creds, "cloudfront")).unwrap();
    let authz = req.header("authorization").unwrap();
    assert!(
        authz.starts_with(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/cloudfront/aws4_request, \
             SignedHeaders=host;x-amz-date, Signature="
        ),
        "{authz}"
    );
    assert_eq!(req.header("x-amz-date"), Some("20150830T123600Z"));
    assert_eq!(req.header("host"), None, "the HTTP client adds Host");
    assert_eq!(req.headers.len(), 2);

    // And it is the signature of the expected canonical request.
    let parts = sign_parts(
        "GET",
        "/2020-05-31/distribution?MaxItems=2",
        &[("host", "cloudfront.amazonaws.com")],
        b"",
        &params(&creds, "cloudfront"),
        &SigningSettings::new(),
    )
    .unwrap();
    assert_eq!(
        parts.canonical_request,
        format!(
            "GET\n/2020-05-31/distribution\nMaxItems=2\nhost:cloudfront.amazonaws.com\n\
             x-amz-date:20150830T123600Z\n\nhost;x-amz-date\n{EMPTY_HASH}"
        )
    );
    assert_eq!(authz, parts.authorization);
}

#[test]
fn put_signs_content_type_and_if_match_and_body_hash() {
    let creds = Credentials::new("AKIDEXAMPLE", SECRET);
    let body = b"<DistributionConfig/>".to_vec();
    let mut req = HttpRequest {
        method: "PUT".into(),
        url: "https://cloudfront.amazonaws.com/2020-05-31/distribution/EDFDVBD6EXAMPLE/config"
            .into(),
        headers: vec![
            ("content-type".into(), "application/xml".into()),
            ("If-Match".into(), "E2QWRUHEXAMPLE".into()),
        ],
        body: body.clone(),
    };
    sign_request(&mut req, &params(&creds, "cloudfront")).unwrap();
    let authz = req.header("authorization").unwrap();
    assert!(
        authz.contains("SignedHeaders=content-type;host;if-match;x-amz-date,"),
        "{authz}"
    );
    let parts = sign_parts(
        "PUT",
        "/2020-05-31/distribution/EDFDVBD6EXAMPLE/config",
        &[
            ("host", "cloudfront.amazonaws.com"),
            ("content-type", "application/xml"),
            ("If-Match", "E2QWRUHEXAMPLE"),
        ],
        &body,
        &params(&creds, "cloudfront"),
        &SigningSettings::new(),
    )
    .unwrap();
    assert!(parts.canonical_request.ends_with(&payload_hash(&body)));
    assert_eq!(authz, parts.authorization);
}

#[test]
fn host_comes_from_the_url_without_the_default_port() {
    for (url, host) in [
        (
            "https://cloudfront.amazonaws.com/2020-05-31/distribution",
            "cloudfront.amazonaws.com",
        ),
        (
            "https://cloudfront.amazonaws.com:443/x",
            "cloudfront.amazonaws.com",
        ),
        (
            "https://cloudfront.amazonaws.com:8443/x",
            "cloudfront.amazonaws.com:8443",
        ),
        (
            "http://127.0.0.1:5000/2020-05-31/distribution",
            "127.0.0.1:5000",
        ),
        ("http://127.0.0.1:80", "127.0.0.1"),
        ("HTTP://localhost:80?x=1", "localhost"),
        ("http://[::1]:5000/", "[::1]:5000"),
        ("http://[::1]/", "[::1]"),
        ("https://example.com:/", "example.com"),
    ] {
        assert_eq!(host_from_url(url).unwrap(), host, "{url}");
    }
    for bad in ["/relative", "https:///path", "https://user:pw@host/", ""] {
        assert!(host_from_url(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn an_explicit_host_header_wins_over_the_url() {
    let creds = Credentials::new("AKIDEXAMPLE", SECRET);
    let mut req = get("http://127.0.0.1:5000/");
    req.headers
        .push(("Host".into(), "example.amazonaws.com".into()));
    sign_request(&mut req, &params(&creds, "service")).unwrap();
    assert!(
        req.header("authorization")
            .unwrap()
            .ends_with(VANILLA_SIGNATURE)
    );
    assert_eq!(req.header("host"), Some("example.amazonaws.com"));
}

#[test]
fn session_token_is_added_and_signed() {
    let creds = Credentials::new("AKIDEXAMPLE", SECRET).with_session_token(TOKEN);
    let mut req = get("https://example.amazonaws.com/");
    sign_request(&mut req, &params(&creds, "service")).unwrap();
    assert_eq!(req.header("x-amz-security-token"), Some(TOKEN));
    let authz = req.header("authorization").unwrap();
    assert!(
        authz.contains("SignedHeaders=host;x-amz-date;x-amz-security-token,"),
        "{authz}"
    );
    // get-vanilla-with-session-token
    assert!(authz.ends_with("07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8"));
}

#[test]
fn session_token_can_be_added_after_signing() {
    let token = "AQoDYXdzEPT//////////wEXAMPLE";
    let creds = Credentials::new("AKIDEXAMPLE", SECRET).with_session_token(token);
    let mut req = HttpRequest {
        method: "POST".into(),
        ..get("https://example.amazonaws.com/")
    };
    let settings = SigningSettings::new().sign_session_token(false);
    sign_request_with(&mut req, &params(&creds, "service"), &settings).unwrap();
    assert_eq!(req.header("x-amz-security-token"), Some(token));
    // post-sts-header-after: the signature does not depend on the token.
    assert!(req.header("authorization").unwrap().ends_with(
        "SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"
    ));
}

#[test]
fn payload_hash_header_is_added_and_signed_when_asked() {
    let creds = Credentials::new("AKIDEXAMPLE", SECRET);
    let mut req = HttpRequest {
        method: "POST".into(),
        body: b"Param1=value1".to_vec(),
        ..get("https://example.amazonaws.com/")
    };
    let settings = SigningSettings::new().payload_hash_header(true);
    sign_request_with(&mut req, &params(&creds, "service"), &settings).unwrap();
    assert_eq!(
        req.header("x-amz-content-sha256"),
        Some("9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e")
    );
    assert!(
        req.header("authorization")
            .unwrap()
            .contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date,")
    );
}

#[test]
fn signing_again_replaces_instead_of_duplicating() {
    let creds = Credentials::new("AKIDEXAMPLE", SECRET).with_session_token(TOKEN);
    let mut req = get("https://example.amazonaws.com/");
    sign_request(&mut req, &params(&creds, "service")).unwrap();
    let first = req.clone();
    // A retry, an hour later, on the already-signed request (names in another case).
    for (k, _) in &mut req.headers {
        k.make_ascii_uppercase();
    }
    req.headers.push(("Authorization".into(), "stale".into()));
    let later = SigningParams {
        time: suite_time() + Duration::from_secs(3600),
        ..params(&creds, "service")
    };
    sign_request(&mut req, &later).unwrap();
    let count = |name: &str| {
        req.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .count()
    };
    assert_eq!(count("authorization"), 1);
    assert_eq!(count("x-amz-date"), 1);
    assert_eq!(count("x-amz-security-token"), 1);
    assert_eq!(req.header("x-amz-date"), Some("20150830T133600Z"));
    assert_ne!(req.header("authorization"), first.header("authorization"));
    // Signing the first request again at the first time gives the first signature.
    let mut again = first.clone();
    sign_request(&mut again, &params(&creds, "service")).unwrap();
    assert_eq!(again, first);
}

#[test]
fn invalid_input_is_an_error_not_a_panic() {
    let creds = Credentials::new("AKIDEXAMPLE", SECRET);
    let p = params(&creds, "cloudfront");
    let mut req = get("https://cloudfront.amazonaws.com/");
    req.headers
        .push(("x-note".into(), "a\r\nInjected: yes".into()));
    assert!(sign_request(&mut req, &p).is_err());
    assert!(
        req.header("authorization").is_none(),
        "nothing is added on error"
    );

    let mut req = get("https://cloudfront.amazonaws.com/");
    req.headers.push(("bad name".into(), "v".into()));
    assert!(sign_request(&mut req, &p).is_err());

    let mut req = get("https://cloudfront.amazonaws.com/");
    req.method = "GET /evil".into();
    assert!(sign_request(&mut req, &p).is_err());

    assert!(sign_request(&mut get("not a url"), &p).is_err());

    for region in ["", "us-east-1/x", "us east"] {
        let bad = SigningParams { region, ..p };
        assert!(
            sign_request(&mut get("https://h/"), &bad).is_err(),
            "{region:?}"
        );
    }
    let bad_token = Credentials::new("AKIDEXAMPLE", SECRET).with_session_token("t\nu");
    let err = sign_request(&mut get("https://h/"), &params(&bad_token, "cloudfront")).unwrap_err();
    assert!(!err.message.contains("t\nu"));
}

#[test]
fn non_ascii_and_odd_inputs_do_not_panic() {
    let creds = Credentials::new("AKIDEXAMPLE", "ключ");
    let p = params(&creds, "cloudfront");
    for url in [
        "https://h/ä/../ö?é=ü&%&=&==",
        "https://h/%",
        "https://h/%E",
        "https://h?",
        "https://h/a?b=%F0%9F%98%80",
        "https://ħ.example/",
    ] {
        let mut req = get(url);
        req.headers.push(("x-é-not-a-token".into(), "v".into()));
        assert!(sign_request(&mut req, &p).is_err(), "{url}");
        let mut req = get(url);
        req.headers
            .push(("x-value".into(), "non-ascii é value".into()));
        sign_request(&mut req, &p).unwrap_or_else(|e| panic!("{url}: {e}"));
    }
}

// --- secrets stay out of Debug -----------------------------------------------------

#[test]
fn debug_output_holds_no_secret() {
    let creds = Credentials::new("AKIDEXAMPLE", SECRET).with_session_token(TOKEN);
    let p = params(&creds, "service");
    let parts = sign_parts(
        "GET",
        "/",
        &[("Host", "example.amazonaws.com")],
        b"",
        &p,
        &SigningSettings::new(),
    )
    .unwrap();
    let key = signing_key(SECRET, "20150830", "us-east-1", "service");
    for shown in [
        format!("{parts:?}"),
        format!("{p:?}"),
        format!("{key:?}"),
        format!("{:?}", SigningSettings::new()),
    ] {
        assert!(!shown.contains(SECRET), "{shown}");
        assert!(!shown.contains(TOKEN), "{shown}");
        assert!(!shown.contains(&parts.signature), "{shown}");
        assert!(!shown.contains(&hex(key.as_bytes())), "{shown}");
    }
    let shown = format!("{parts:?}");
    assert!(shown.contains("x-amz-security-token:<redacted>"), "{shown}");
    assert!(
        shown.contains("SignedHeaders=host;x-amz-date;x-amz-security-token"),
        "{shown}"
    );
}
