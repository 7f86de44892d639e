//! AWS Signature Version 4, header form (`Authorization: AWS4-HMAC-SHA256 ...`).
//!
//! Pure: no I/O, no clock reads (the signing time is a parameter). Each stage of the
//! algorithm is a small public function with its own tests against AWS's published
//! intermediate values, so a broken stage fails its own test:
//!
//! | stage | function |
//! |---|---|
//! | canonical URI (normalized, each segment encoded once more) | [`canonical_uri`] |
//! | canonical query string | [`canonical_query_string`] |
//! | canonical headers and signed header list | [`canonical_headers`] |
//! | payload hash | [`payload_hash`] |
//! | canonical request | [`canonical_request`] |
//! | credential scope, string to sign | [`credential_scope`], [`string_to_sign`] |
//! | signing key | [`signing_key`] |
//! | signature, `Authorization` value | [`signature`], [`authorization`] |
//!
//! [`sign_request`] runs them all on an [`HttpRequest`] (what [`crate::Client`] does for every
//! attempt); [`sign_parts`] does the same on loose parts and returns every intermediate
//! value. The hot path writes each product into one pre-sized `String` rather than
//! assembling it from the public helpers' return values.
//!
//! Canonicalization follows the rules for every service but S3 (CloudFront included):
//! the path is normalized (`.`, `..` and empty segments removed) and each segment is
//! percent-encoded as it appears on the wire, so an `%3A` already in the path is signed as
//! `%253A`.
//!
//! ```
//! use std::time::{Duration, UNIX_EPOCH};
//! use cloudfront::Credentials;
//! use cloudfront::auth::sigv4::{SigningParams, sign_request};
//! use cloudfront::transport::HttpRequest;
//!
//! let credentials = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
//! let mut request = HttpRequest {
//!     method: "GET".into(),
//!     url: "https://cloudfront.amazonaws.com/2020-05-31/distribution?MaxItems=2".into(),
//!     headers: Vec::new(),
//!     body: Vec::new(),
//! };
//! sign_request(
//!     &mut request,
//!     &SigningParams {
//!         credentials: &credentials,
//!         region: "us-east-1",
//!         service: "cloudfront",
//!         time: UNIX_EPOCH + Duration::from_secs(1_440_938_160), // 2015-08-30T12:36:00Z
//!     },
//! )?;
//! assert_eq!(request.header("x-amz-date"), Some("20150830T123600Z"));
//! let authorization = request.header("authorization").unwrap();
//! assert!(authorization.starts_with(
//!     "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/cloudfront/aws4_request, \
//!      SignedHeaders=host;x-amz-date, Signature="
//! ));
//! // The Host header is signed but left for the HTTP client to add.
//! assert_eq!(request.header("host"), None);
//! # Ok::<(), cloudfront::InvalidInput>(())
//! ```

use std::fmt;
use std::ops::Range;
use std::time::SystemTime;

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

use crate::auth::Credentials;
use crate::error::InvalidInput;
use crate::transport::HttpRequest;

type HmacSha256 = Hmac<Sha256>;

/// The signing algorithm's name, first word of the string to sign and of the
/// `Authorization` header.
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// The header that carries the signing time (`20150830T123600Z`).
pub const AMZ_DATE_HEADER: &str = "x-amz-date";
/// The header that carries a session token.
pub const SECURITY_TOKEN_HEADER: &str = "x-amz-security-token";
/// The header that carries the payload hash when [`SigningSettings::payload_hash_header`] is on.
pub const CONTENT_SHA256_HEADER: &str = "x-amz-content-sha256";

const AUTHORIZATION_HEADER: &str = "authorization";

/// What to sign with.
///
/// `Debug` is safe to log: [`Credentials`] redacts its secret and token.
#[derive(Debug, Clone, Copy)]
pub struct SigningParams<'a> {
    /// The credentials.
    pub credentials: &'a Credentials,
    /// Region, `us-east-1` for CloudFront.
    pub region: &'a str,
    /// Service, `cloudfront`.
    pub service: &'a str,
    /// The signing time.
    pub time: SystemTime,
}

/// Signing variants beyond what CloudFront needs; [`SigningSettings::new`] is CloudFront's.
///
/// ```
/// use cloudfront::auth::sigv4::SigningSettings;
///
/// // What S3-style callers would use: the path is signed as is.
/// let settings = SigningSettings::new().normalize_path(false).payload_hash_header(true);
/// assert_ne!(settings, SigningSettings::default());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SigningSettings {
    normalize_path: bool,
    payload_hash_header: bool,
    sign_session_token: bool,
}

impl SigningSettings {
    /// CloudFront's settings: normalize the path, no `x-amz-content-sha256` header,
    /// session token signed.
    pub const fn new() -> Self {
        SigningSettings {
            normalize_path: true,
            payload_hash_header: false,
            sign_session_token: true,
        }
    }

    /// Whether `.`/`..` segments and repeated `/` are removed from the path before it is
    /// canonicalized (default `true`; every AWS service but S3 wants this).
    pub const fn normalize_path(mut self, on: bool) -> Self {
        self.normalize_path = on;
        self
    }

    /// Whether to add (and sign) an `x-amz-content-sha256` header holding the payload hash
    /// (default `false`; S3 requires it, CloudFront does not).
    pub const fn payload_hash_header(mut self, on: bool) -> Self {
        self.payload_hash_header = on;
        self
    }

    /// Whether the session token header is part of the signature (default `true`). When
    /// `false` it is still sent, but added after signing, as a few services require.
    pub const fn sign_session_token(mut self, on: bool) -> Self {
        self.sign_session_token = on;
        self
    }
}

impl Default for SigningSettings {
    fn default() -> Self {
        Self::new()
    }
}

/// Every product of one signing, for callers that want to inspect or compare the stages
/// (see [`sign_parts`]).
///
/// `Debug` redacts the signature (in [`signature`](Self::signature) and
/// [`authorization`](Self::authorization)) and any session token in the canonical request.
#[derive(Clone, PartialEq, Eq)]
pub struct SignatureParts {
    /// The signing time in SigV4's format, `20150830T123600Z`: the `x-amz-date` value.
    pub amz_date: String,
    /// Hex SHA-256 of the body.
    pub payload_hash: String,
    /// The canonical request.
    pub canonical_request: String,
    /// The signed header names, `;`-separated (`host;x-amz-date`).
    pub signed_headers: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// The hex signature. Secret: valid for this request until it expires.
    pub signature: String,
    /// The `Authorization` header value (it contains the signature).
    pub authorization: String,
}

impl fmt::Debug for SignatureParts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignatureParts")
            .field("amz_date", &self.amz_date)
            .field("payload_hash", &self.payload_hash)
            .field(
                "canonical_request",
                &RedactedCanonicalRequest(&self.canonical_request),
            )
            .field("signed_headers", &self.signed_headers)
            .field("string_to_sign", &self.string_to_sign)
            .field("signature", &"<redacted>")
            .field(
                "authorization",
                &crate::transport::redact_header_value(AUTHORIZATION_HEADER, &self.authorization),
            )
            .finish()
    }
}

/// Shows a canonical request with the value of its `x-amz-security-token` line redacted.
struct RedactedCanonicalRequest<'a>(&'a str);

impl fmt::Debug for RedactedCanonicalRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = String::with_capacity(self.0.len());
        for (i, line) in self.0.split('\n').enumerate() {
            if i > 0 {
                shown.push('\n');
            }
            match line.split_once(':') {
                Some((name, _)) if name == SECURITY_TOKEN_HEADER => {
                    shown.push_str(name);
                    shown.push_str(":<redacted>");
                }
                _ => shown.push_str(line),
            }
        }
        fmt::Debug::fmt(&shown, f)
    }
}

/// A derived SigV4 signing key: `HMAC` of `AWS4` + secret over date, region, service and
/// `aws4_request`. Valid for one day, region and service; `Debug` redacts it.
#[derive(Clone, PartialEq, Eq)]
pub struct SigningKey([u8; 32]);

impl SigningKey {
    /// The key's 32 bytes. Secret: do not log them.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey(<redacted>)")
    }
}

/// The canonical header block and the signed header list, as produced by
/// [`canonical_headers`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CanonicalHeaders {
    /// One `name:value\n` line per header name, sorted, names lowercase.
    pub canonical: String,
    /// The names, `;`-separated (`host;x-amz-date`).
    pub signed: String,
}

// ---------------------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------------------

/// Signs `request` in place with CloudFront's [`SigningSettings`].
///
/// Adds `x-amz-security-token` (when the credentials have a token), `x-amz-date` and
/// `authorization` to `request.headers`, replacing any earlier value of those headers (so
/// re-signing a request for a retry is fine). Every other header present is signed as it
/// is. The `host` signed is the request's `Host` header if it has one, otherwise the URL's
/// `host[:port]` (the port only when it is not the scheme's default), and no `Host` header is
/// added: the HTTP client writes that one.
///
/// # Errors
/// [`InvalidInput`] when the URL is not absolute, a header name or value cannot be sent over
/// HTTP (control characters, line breaks), or the region, service or access key id is empty
/// or holds characters the credential scope cannot carry. The message never quotes a
/// header value.
///
/// ```
/// use std::time::UNIX_EPOCH;
/// use cloudfront::Credentials;
/// use cloudfront::auth::sigv4::{SigningParams, sign_request};
/// use cloudfront::transport::HttpRequest;
///
/// let credentials = Credentials::new("AKIDEXAMPLE", "secret");
/// let params = SigningParams {
///     credentials: &credentials,
///     region: "us-east-1",
///     service: "cloudfront",
///     time: UNIX_EPOCH,
/// };
/// let mut bad = HttpRequest {
///     method: "GET".into(),
///     url: "https://cloudfront.amazonaws.com/".into(),
///     headers: vec![("x-note".into(), "line\r\nInjected: yes".into())],
///     body: Vec::new(),
/// };
/// assert!(sign_request(&mut bad, &params).is_err());
/// ```
pub fn sign_request(
    request: &mut HttpRequest,
    params: &SigningParams<'_>,
) -> Result<(), InvalidInput> {
    sign_request_with(request, params, &SigningSettings::new())
}

/// [`sign_request`] with explicit [`SigningSettings`].
///
/// With [`SigningSettings::payload_hash_header`] on, an `x-amz-content-sha256` header is
/// added too; with [`SigningSettings::sign_session_token`] off, the token header is added
/// but not signed.
///
/// # Errors
/// As [`sign_request`].
pub fn sign_request_with(
    request: &mut HttpRequest,
    params: &SigningParams<'_>,
    settings: &SigningSettings,
) -> Result<(), InvalidInput> {
    sign_request_impl(request, params, settings, None)
}

/// Signs `request` in place, with `key` when given (else derived from the credentials).
fn sign_request_impl(
    request: &mut HttpRequest,
    params: &SigningParams<'_>,
    settings: &SigningSettings,
    key: Option<&SigningKey>,
) -> Result<(), InvalidInput> {
    let parts = {
        let fallback_host = if request.header("host").is_some() {
            None
        } else {
            Some(host_from_url(&request.url)?)
        };
        sign_core(
            &request.method,
            request.path(),
            request.query(),
            &request.headers,
            fallback_host,
            &request.body,
            params,
            settings,
            key,
        )?
    };
    let headers = &mut request.headers;
    headers.reserve(3);
    if let Some(token) = params.credentials.session_token() {
        set_header(headers, SECURITY_TOKEN_HEADER, token.to_string());
    }
    set_header(headers, AMZ_DATE_HEADER, parts.amz_date);
    if settings.payload_hash_header {
        set_header(headers, CONTENT_SHA256_HEADER, parts.payload_hash);
    }
    set_header(headers, AUTHORIZATION_HEADER, parts.authorization);
    Ok(())
}

/// [`sign_request`] with a signing key derived beforehand, for callers that sign many
/// requests and keep the key for the day (the key is the costliest part of a signature
/// after hashing a large body: four HMACs).
///
/// `key` must be [`signing_key`] of the credentials' secret, the UTC date (`YYYYMMDD`) of
/// `params.time`, `params.region` and `params.service`; the result is then identical to
/// [`sign_request`]'s. A key for another date, region, service or secret gives a signature
/// that the service rejects: this function cannot tell, since a key does not say what it was
/// derived from. [`crate::Client`] caches the key and checks all four before reusing it.
///
/// # Errors
/// As [`sign_request`].
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use cloudfront::Credentials;
/// use cloudfront::auth::sigv4::{SigningParams, sign_request, sign_request_with_key, signing_key};
/// use cloudfront::transport::HttpRequest;
///
/// let credentials = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
/// let params = SigningParams {
///     credentials: &credentials,
///     region: "us-east-1",
///     service: "cloudfront",
///     time: UNIX_EPOCH + Duration::from_secs(1_440_938_160), // 2015-08-30T12:36:00Z
/// };
/// let request = HttpRequest {
///     method: "GET".into(),
///     url: "https://cloudfront.amazonaws.com/2020-05-31/distribution".into(),
///     headers: Vec::new(),
///     body: Vec::new(),
/// };
/// let key = signing_key(credentials.secret_access_key(), "20150830", "us-east-1", "cloudfront");
/// let (mut a, mut b) = (request.clone(), request);
/// sign_request(&mut a, &params)?;
/// sign_request_with_key(&mut b, &params, &key)?;
/// assert_eq!(a, b);
/// # Ok::<(), cloudfront::InvalidInput>(())
/// ```
pub fn sign_request_with_key(
    request: &mut HttpRequest,
    params: &SigningParams<'_>,
    key: &SigningKey,
) -> Result<(), InvalidInput> {
    sign_request_impl(request, params, &SigningSettings::new(), Some(key))
}

/// Signs loose request parts and returns every intermediate value; nothing is modified.
///
/// `path_and_query` is the request target as sent (`/2020-05-31/distribution?MaxItems=2`).
/// `headers` are the headers the request will carry, and must include `Host`. The headers to
/// add to the request are `x-amz-date` ([`SignatureParts::amz_date`]), the session token if
/// any, `x-amz-content-sha256` if asked for, and `authorization`
/// ([`SignatureParts::authorization`]). An `authorization`, `x-amz-date` (and, when the
/// signer sets them, `x-amz-security-token` and `x-amz-content-sha256`) header already in
/// `headers` is ignored: its replacement is signed instead.
///
/// # Errors
/// As [`sign_request`], and when `headers` has no `Host`.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use cloudfront::Credentials;
/// use cloudfront::auth::sigv4::{SigningParams, SigningSettings, sign_parts};
///
/// // AWS's `get-vanilla` test vector.
/// let credentials = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
/// let params = SigningParams {
///     credentials: &credentials,
///     region: "us-east-1",
///     service: "service",
///     time: UNIX_EPOCH + Duration::from_secs(1_440_938_160),
/// };
/// let parts = sign_parts(
///     "GET",
///     "/",
///     &[("Host", "example.amazonaws.com")],
///     b"",
///     &params,
///     &SigningSettings::new(),
/// )?;
/// assert_eq!(
///     parts.signature,
///     "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
/// );
/// # Ok::<(), cloudfront::InvalidInput>(())
/// ```
pub fn sign_parts<N: AsRef<str>, V: AsRef<str>>(
    method: &str,
    path_and_query: &str,
    headers: &[(N, V)],
    body: &[u8],
    params: &SigningParams<'_>,
    settings: &SigningSettings,
) -> Result<SignatureParts, InvalidInput> {
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    sign_core(
        method, path, query, headers, None, body, params, settings, None,
    )
}

// ---------------------------------------------------------------------------------------
// Stages
// ---------------------------------------------------------------------------------------

/// Stage 1: the canonical URI of `path` (the request target without its query).
///
/// With `normalize`, `.` and empty segments are dropped and `..` removes the segment before
/// it (a trailing `/`, `/.` or `/..` keeps the result a directory). Then every byte but
/// `/` and RFC 3986's unreserved characters is percent-encoded, `%` included: the path is
/// encoded once more as it is on the wire, the way every AWS service but S3 checks it.
///
/// ```
/// use cloudfront::auth::sigv4::canonical_uri;
///
/// assert_eq!(canonical_uri("/example/../a//b/./c%3Ad", true), "/a/b/c%253Ad");
/// assert_eq!(canonical_uri("/example space/", false), "/example%20space/");
/// assert_eq!(canonical_uri("", true), "/");
/// ```
pub fn canonical_uri(path: &str, normalize: bool) -> String {
    let mut out = String::with_capacity(path.len() + 16);
    write_canonical_uri(&mut out, path, normalize);
    out
}

/// Stage 2: the canonical query string of `query` (without `?`).
///
/// Parameters are split on `&` (empty ones dropped) and at their first `=`; keys and values
/// are percent-decoded and encoded again per RFC 3986 (so `%e1%88%b4`, `%E1%88%B4` and the
/// raw character all give `%E1%88%B4`; `+` is a literal plus and is signed as `%2B`; a `%`
/// not followed by two hex digits is signed as `%25`). They are sorted by encoded key, then
/// value; repeated keys are all kept and a missing value is written `key=`.
///
/// ```
/// use cloudfront::auth::sigv4::canonical_query_string;
///
/// assert_eq!(
///     canonical_query_string("b=2&a=&c&a=1&x=%7e%20y"),
///     "a=&a=1&b=2&c=&x=~%20y"
/// );
/// ```
pub fn canonical_query_string(query: &str) -> String {
    let mut out = String::with_capacity(query.len() + 16);
    write_canonical_query(&mut out, query);
    out
}

/// Stage 3: the canonical headers and the signed header list of `headers`, all of which
/// are signed.
///
/// Names are lowercased and sorted; values are trimmed and each inner run of whitespace
/// becomes one space; a value folded over several lines (a line break followed by a space
/// or tab) becomes one line; values of a repeated name are joined with `,` in the order
/// given.
///
/// # Errors
/// [`InvalidInput`] for a name that is not an HTTP token, or a value with a control
/// character or a line break that is not a fold.
///
/// ```
/// use cloudfront::auth::sigv4::canonical_headers;
///
/// let h = canonical_headers(&[
///     ("Host", "example.amazonaws.com"),
///     ("My-Header1", " a   b "),
///     ("my-header1", "c"),
/// ])?;
/// assert_eq!(h.canonical, "host:example.amazonaws.com\nmy-header1:a b,c\n");
/// assert_eq!(h.signed, "host;my-header1");
/// # Ok::<(), cloudfront::InvalidInput>(())
/// ```
pub fn canonical_headers<N: AsRef<str>, V: AsRef<str>>(
    headers: &[(N, V)],
) -> Result<CanonicalHeaders, InvalidInput> {
    let mut entries: Vec<(&str, &str)> = Vec::with_capacity(headers.len());
    for (name, value) in headers {
        let (name, value) = (name.as_ref(), value.as_ref());
        check_header(name, value, true)?;
        entries.push((name, value));
    }
    sort_headers(&mut entries);
    let mut canonical = String::with_capacity(64 * entries.len());
    write_canonical_headers(&mut canonical, &entries);
    let mut signed = String::with_capacity(16 * entries.len());
    write_signed_headers(&mut signed, &entries);
    Ok(CanonicalHeaders { canonical, signed })
}

/// Stage 4: the payload hash, hex SHA-256 of the body.
///
/// ```
/// use cloudfront::auth::sigv4::payload_hash;
///
/// assert_eq!(
///     payload_hash(b""),
///     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
/// );
/// ```
pub fn payload_hash(body: &[u8]) -> String {
    if body.is_empty() {
        // GET and DELETE: no need to hash nothing on every request.
        return EMPTY_PAYLOAD_HASH.to_string();
    }
    let mut out = String::with_capacity(64);
    push_hex(&mut out, &sha256(body));
    out
}

/// Hex SHA-256 of the empty string.
const EMPTY_PAYLOAD_HASH: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// Stage 5: the canonical request from the products of stages 1–4.
///
/// `method`, canonical URI, canonical query, the canonical header block (which ends with a
/// newline), the signed header list and the payload hash, on lines of their own.
///
/// ```
/// use cloudfront::auth::sigv4::{CanonicalHeaders, canonical_request};
///
/// let headers = CanonicalHeaders {
///     canonical: "host:example.amazonaws.com\nx-amz-date:20150830T123600Z\n".into(),
///     signed: "host;x-amz-date".into(),
/// };
/// let creq = canonical_request("GET", "/", "", &headers, "e3b0c442...");
/// assert_eq!(
///     creq,
///     "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c442..."
/// );
/// ```
pub fn canonical_request(
    method: &str,
    canonical_uri: &str,
    canonical_query: &str,
    headers: &CanonicalHeaders,
    payload_hash: &str,
) -> String {
    let mut out = String::with_capacity(
        method.len()
            + canonical_uri.len()
            + canonical_query.len()
            + headers.canonical.len()
            + headers.signed.len()
            + payload_hash.len()
            + 5,
    );
    for (i, part) in [
        method,
        canonical_uri,
        canonical_query,
        &headers.canonical,
        &headers.signed,
        payload_hash,
    ]
    .into_iter()
    .enumerate()
    {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(part);
    }
    out
}

/// The credential scope: `<date>/<region>/<service>/aws4_request`, `date` as `YYYYMMDD`.
///
/// ```
/// use cloudfront::auth::sigv4::credential_scope;
///
/// assert_eq!(
///     credential_scope("20150830", "us-east-1", "cloudfront"),
///     "20150830/us-east-1/cloudfront/aws4_request"
/// );
/// ```
pub fn credential_scope(date: &str, region: &str, service: &str) -> String {
    let mut out = String::with_capacity(date.len() + region.len() + service.len() + 15);
    write_scope(&mut out, date, region, service);
    out
}

/// Stage 6: the string to sign: the algorithm, the timestamp (`20150830T123600Z`), the
/// credential scope and the hex SHA-256 of the canonical request, one per line.
///
/// ```
/// use cloudfront::auth::sigv4::string_to_sign;
///
/// let sts = string_to_sign("20150830T123600Z", "20150830/us-east-1/service/aws4_request", "");
/// assert_eq!(
///     sts,
///     "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n\
///      e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
/// );
/// ```
pub fn string_to_sign(amz_date: &str, scope: &str, canonical_request: &str) -> String {
    let mut out = String::with_capacity(ALGORITHM.len() + amz_date.len() + scope.len() + 67);
    write_string_to_sign(&mut out, amz_date, scope, canonical_request);
    out
}

/// Stage 7: the signing key, `HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region),
/// service), "aws4_request")` with HMAC-SHA256; `date` as `YYYYMMDD`.
///
/// ```
/// use cloudfront::auth::sigv4::signing_key;
///
/// let key = signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "iam");
/// assert_eq!(key.as_bytes()[..4], [0xc4, 0xaf, 0xb1, 0xcc]);
/// assert_eq!(format!("{key:?}"), "SigningKey(<redacted>)");
/// ```
pub fn signing_key(secret_access_key: &str, date: &str, region: &str, service: &str) -> SigningKey {
    // HMAC's first key is "AWS4" + secret. Secret access keys are 40 characters; build the
    // key on the stack (wiped after use) and fall back to the heap for unusually long ones.
    let secret = secret_access_key.as_bytes();
    let k_date = if secret.len() <= 124 {
        let mut first = [0u8; 128];
        first[..4].copy_from_slice(b"AWS4");
        first[4..4 + secret.len()].copy_from_slice(secret);
        let k = hmac(&first[..4 + secret.len()], date.as_bytes());
        first.fill(0);
        k
    } else {
        let mut first = Vec::with_capacity(4 + secret.len());
        first.extend_from_slice(b"AWS4");
        first.extend_from_slice(secret);
        let k = hmac(&first, date.as_bytes());
        first.fill(0);
        k
    };
    let k_region = hmac(&k_date, region.as_bytes());
    let k_service = hmac(&k_region, service.as_bytes());
    SigningKey(hmac(&k_service, b"aws4_request"))
}

/// Stage 8: the hex signature, HMAC-SHA256 of the string to sign under the signing key.
///
/// ```
/// use cloudfront::auth::sigv4::{signature, signing_key};
///
/// let key = signing_key("secret", "20150830", "us-east-1", "cloudfront");
/// assert_eq!(signature(&key, "AWS4-HMAC-SHA256\n...").len(), 64);
/// ```
pub fn signature(key: &SigningKey, string_to_sign: &str) -> String {
    let mut out = String::with_capacity(64);
    push_hex(&mut out, &hmac(&key.0, string_to_sign.as_bytes()));
    out
}

/// Stage 9: the `Authorization` header value.
///
/// ```
/// use cloudfront::auth::sigv4::authorization;
///
/// assert_eq!(
///     authorization("AKIDEXAMPLE", "20150830/us-east-1/service/aws4_request", "host;x-amz-date", "5fa0"),
///     "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
///      SignedHeaders=host;x-amz-date, Signature=5fa0"
/// );
/// ```
pub fn authorization(
    access_key_id: &str,
    scope: &str,
    signed_headers: &str,
    signature: &str,
) -> String {
    let mut out = String::with_capacity(
        ALGORITHM.len()
            + access_key_id.len()
            + scope.len()
            + signed_headers.len()
            + signature.len()
            + 40,
    );
    write_authorization(&mut out, access_key_id, scope, signed_headers, signature);
    out
}

// ---------------------------------------------------------------------------------------
// The pipeline
// ---------------------------------------------------------------------------------------

#[allow(clippy::too_many_arguments)]
fn sign_core<N: AsRef<str>, V: AsRef<str>>(
    method: &str,
    path: &str,
    query: &str,
    headers: &[(N, V)],
    fallback_host: Option<&str>,
    body: &[u8],
    params: &SigningParams<'_>,
    settings: &SigningSettings,
    key: Option<&SigningKey>,
) -> Result<SignatureParts, InvalidInput> {
    check_token("HTTP method", method)?;
    check_scope_part("region", params.region)?;
    check_scope_part("service", params.service)?;
    check_scope_part("access key id", params.credentials.access_key_id())?;
    let token = params.credentials.session_token();
    if let Some(token) = token {
        check_value(SECURITY_TOKEN_HEADER, token, false)?;
    }
    let sign_token = token.filter(|_| settings.sign_session_token);

    let amz_date = crate::time::amz_date(params.time);
    let date = crate::time::date_of_amz_date(&amz_date);
    let payload_hash = payload_hash(body);

    // The headers to sign: the request's, less those this signer sets, plus those.
    let mut entries: Vec<(&str, &str)> = Vec::with_capacity(headers.len() + 4);
    let mut has_host = false;
    for (name, value) in headers {
        let (name, value) = (name.as_ref(), value.as_ref());
        check_header(name, value, false)?;
        let replaced = name.eq_ignore_ascii_case(AUTHORIZATION_HEADER)
            || name.eq_ignore_ascii_case(AMZ_DATE_HEADER)
            || (token.is_some() && name.eq_ignore_ascii_case(SECURITY_TOKEN_HEADER))
            || (settings.payload_hash_header && name.eq_ignore_ascii_case(CONTENT_SHA256_HEADER));
        if replaced {
            continue;
        }
        has_host |= name.eq_ignore_ascii_case("host");
        entries.push((name, value));
    }
    if !has_host {
        let host = fallback_host
            .ok_or_else(|| InvalidInput::new("the request has no Host header to sign"))?;
        check_value("host", host, false)?;
        entries.push(("host", host));
    }
    entries.push((AMZ_DATE_HEADER, &amz_date));
    if let Some(token) = sign_token {
        entries.push((SECURITY_TOKEN_HEADER, token));
    }
    if settings.payload_hash_header {
        entries.push((CONTENT_SHA256_HEADER, &payload_hash));
    }
    sort_headers(&mut entries);

    // The canonical request, in one buffer.
    let headers_len: usize = entries.iter().map(|(n, v)| n.len() + v.len() + 3).sum();
    let mut creq = String::with_capacity(
        method.len() + path.len() * 3 / 2 + query.len() * 3 / 2 + headers_len * 2 + 64 + 8,
    );
    creq.push_str(method);
    creq.push('\n');
    write_canonical_uri(&mut creq, path, settings.normalize_path);
    creq.push('\n');
    write_canonical_query(&mut creq, query);
    creq.push('\n');
    write_canonical_headers(&mut creq, &entries);
    creq.push('\n');
    let signed: Range<usize> = {
        let start = creq.len();
        write_signed_headers(&mut creq, &entries);
        start..creq.len()
    };
    creq.push('\n');
    creq.push_str(&payload_hash);

    let mut scope =
        String::with_capacity(date.len() + params.region.len() + params.service.len() + 15);
    write_scope(&mut scope, date, params.region, params.service);
    let mut sts = String::with_capacity(ALGORITHM.len() + amz_date.len() + scope.len() + 67);
    write_string_to_sign(&mut sts, &amz_date, &scope, &creq);

    let derived;
    let key = match key {
        Some(key) => key,
        None => {
            derived = signing_key(
                params.credentials.secret_access_key(),
                date,
                params.region,
                params.service,
            );
            &derived
        }
    };
    let signature = signature(key, &sts);
    let signed_headers = creq[signed].to_string();
    let authorization = authorization(
        params.credentials.access_key_id(),
        &scope,
        &signed_headers,
        &signature,
    );
    Ok(SignatureParts {
        amz_date,
        payload_hash,
        canonical_request: creq,
        signed_headers,
        string_to_sign: sts,
        signature,
        authorization,
    })
}

/// The `host[:port]` of an absolute URL, the port only when it is not the scheme's default:
/// what an HTTP client puts in the `Host` header.
fn host_from_url(url: &str) -> Result<&str, InvalidInput> {
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| InvalidInput::new(format!("URL {url:?} is not absolute")))?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    if authority.contains('@') {
        return Err(InvalidInput::new(
            "URLs with user information cannot be signed",
        ));
    }
    if authority.is_empty() {
        return Err(InvalidInput::new(format!("URL {url:?} has no host")));
    }
    let default_port = if scheme.eq_ignore_ascii_case("https") {
        Some("443")
    } else if scheme.eq_ignore_ascii_case("http") {
        Some("80")
    } else {
        None
    };
    // A port follows the last ':' unless that ':' is inside an IPv6 literal (`[::1]`).
    if let Some(colon) = authority.rfind(':') {
        let port = &authority[colon + 1..];
        if !port.contains(']') && (port.is_empty() || Some(port) == default_port) {
            return Ok(&authority[..colon]);
        }
    }
    Ok(authority)
}

/// Replaces the first header called `name` (any case) with `value` and removes the other
/// ones, or appends `name: value` when there is none.
fn set_header(headers: &mut Vec<(String, String)>, name: &str, value: String) {
    let mut value = Some(value);
    headers.retain_mut(|(k, v)| {
        if !k.eq_ignore_ascii_case(name) {
            return true;
        }
        match value.take() {
            Some(new) => {
                *v = new;
                true
            }
            None => false, // a second one: drop it
        }
    });
    if let Some(value) = value {
        headers.push((name.to_string(), value));
    }
}

// ---------------------------------------------------------------------------------------
// Writers: each appends one product to `out`
// ---------------------------------------------------------------------------------------

const UPPER_HEX: &[u8; 16] = b"0123456789ABCDEF";
const LOWER_HEX: &[u8; 16] = b"0123456789abcdef";

/// RFC 3986 unreserved characters: never encoded.
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

fn push_encoded_byte(out: &mut String, b: u8) {
    if is_unreserved(b) {
        out.push(b as char);
    } else {
        out.push('%');
        out.push(UPPER_HEX[usize::from(b >> 4)] as char);
        out.push(UPPER_HEX[usize::from(b & 0x0f)] as char);
    }
}

fn push_encoded(out: &mut String, s: &str) {
    for &b in s.as_bytes() {
        push_encoded_byte(out, b);
    }
}

/// Lowercase hex, the encoding SigV4 uses for hashes and signatures.
fn push_hex(out: &mut String, bytes: &[u8]) {
    out.reserve(bytes.len() * 2);
    for &b in bytes {
        out.push(LOWER_HEX[usize::from(b >> 4)] as char);
        out.push(LOWER_HEX[usize::from(b & 0x0f)] as char);
    }
}

fn write_canonical_uri(out: &mut String, path: &str, normalize: bool) {
    let start = out.len();
    out.push('/');
    if !normalize {
        let path = path.strip_prefix('/').unwrap_or(path);
        for &b in path.as_bytes() {
            if b == b'/' {
                out.push('/');
            } else {
                push_encoded_byte(out, b);
            }
        }
        return;
    }
    // Invariant: out[start..] starts and ends with '/', and encoded segments hold no '/'.
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if out.len() > start + 1 {
                    let without_slash = &out[start..out.len() - 1];
                    let cut = without_slash.rfind('/').map_or(0, |i| i + 1);
                    out.truncate(start + cut);
                }
            }
            _ => {
                push_encoded(out, segment);
                out.push('/');
            }
        }
    }
    let is_dir = path.ends_with('/')
        || path.ends_with("/.")
        || path.ends_with("/..")
        || path == "."
        || path == "..";
    if out.len() > start + 1 && !is_dir {
        out.pop();
    }
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Decodes `%XX` escapes in `s` and encodes the result again, in one pass.
fn push_reencoded(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let mut b = bytes[i];
        if b == b'%' && i + 2 < bytes.len() {
            if let (Some(hi), Some(lo)) = (hex_value(bytes[i + 1]), hex_value(bytes[i + 2])) {
                b = hi << 4 | lo;
                i += 2;
            }
        }
        push_encoded_byte(out, b);
        i += 1;
    }
}

fn write_canonical_query(out: &mut String, query: &str) {
    if query.is_empty() {
        return;
    }
    if !query.contains('&') {
        // One parameter (the usual case): nothing to sort.
        let (key, value) = query.split_once('=').unwrap_or((query, ""));
        push_reencoded(out, key);
        out.push('=');
        push_reencoded(out, value);
        return;
    }
    // Encode every key and value once into `scratch`, sort ranges of it, then copy.
    let mut scratch = String::with_capacity(query.len() + query.len() / 2);
    let mut params: Vec<(Range<usize>, Range<usize>)> = Vec::with_capacity(8);
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let k0 = scratch.len();
        push_reencoded(&mut scratch, key);
        let k1 = scratch.len();
        push_reencoded(&mut scratch, value);
        params.push((k0..k1, k1..scratch.len()));
    }
    params.sort_unstable_by(|(ka, va), (kb, vb)| {
        scratch[ka.clone()]
            .cmp(&scratch[kb.clone()])
            .then_with(|| scratch[va.clone()].cmp(&scratch[vb.clone()]))
    });
    out.reserve(scratch.len() + 2 * params.len());
    for (i, (k, v)) in params.into_iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(&scratch[k]);
        out.push('=');
        out.push_str(&scratch[v]);
    }
}

/// Orders headers by lowercase name; stable, so repeated names keep their order.
fn sort_headers(entries: &mut [(&str, &str)]) {
    entries.sort_by(|(a, _), (b, _)| {
        a.bytes()
            .map(|c| c.to_ascii_lowercase())
            .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
    });
}

fn push_lowercase(out: &mut String, name: &str) {
    let start = out.len();
    out.push_str(name);
    out[start..].make_ascii_lowercase();
}

/// `entries` sorted by [`sort_headers`].
fn write_canonical_headers(out: &mut String, entries: &[(&str, &str)]) {
    let mut i = 0;
    while i < entries.len() {
        let name = entries[i].0;
        push_lowercase(out, name);
        out.push(':');
        let mut first = true;
        while i < entries.len() && entries[i].0.eq_ignore_ascii_case(name) {
            if !first {
                out.push(',');
            }
            first = false;
            push_trimmed(out, entries[i].1);
            i += 1;
        }
        out.push('\n');
    }
}

/// `entries` sorted by [`sort_headers`].
fn write_signed_headers(out: &mut String, entries: &[(&str, &str)]) {
    let mut previous: Option<&str> = None;
    for &(name, _) in entries {
        if previous.is_some_and(|p| p.eq_ignore_ascii_case(name)) {
            continue;
        }
        if previous.is_some() {
            out.push(';');
        }
        push_lowercase(out, name);
        previous = Some(name);
    }
}

/// The value without leading or trailing whitespace, each inner run of whitespace (folds
/// included) written as one space.
fn push_trimmed(out: &mut String, value: &str) {
    let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
    let value = value.trim_matches(|c: char| c.is_ascii() && is_space(c as u8));
    let bytes = value.as_bytes();
    // Fast path, the usual case: no whitespace to rewrite. A branch-free scan (no early
    // exit) so that long values (session tokens) are checked a vector at a time.
    let rewrite = bytes
        .iter()
        .fold(false, |acc, &b| acc | matches!(b, b'\t' | b'\r' | b'\n'))
        || bytes
            .iter()
            .zip(bytes.iter().skip(1))
            .fold(false, |acc, (&a, &b)| acc | (a == b' ' && b == b' '));
    if !rewrite {
        out.push_str(value);
        return;
    }
    // Whitespace bytes are ASCII, so every index cut below is a char boundary.
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if is_space(bytes[i]) {
            out.push_str(&value[start..i]);
            out.push(' ');
            while i < bytes.len() && is_space(bytes[i]) {
                i += 1;
            }
            start = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&value[start..]);
}

fn write_scope(out: &mut String, date: &str, region: &str, service: &str) {
    out.push_str(date);
    out.push('/');
    out.push_str(region);
    out.push('/');
    out.push_str(service);
    out.push_str("/aws4_request");
}

fn write_string_to_sign(out: &mut String, amz_date: &str, scope: &str, canonical_request: &str) {
    out.push_str(ALGORITHM);
    out.push('\n');
    out.push_str(amz_date);
    out.push('\n');
    out.push_str(scope);
    out.push('\n');
    push_hex(out, &sha256(canonical_request.as_bytes()));
}

fn write_authorization(
    out: &mut String,
    access_key_id: &str,
    scope: &str,
    signed_headers: &str,
    signature: &str,
) {
    out.push_str(ALGORITHM);
    out.push_str(" Credential=");
    out.push_str(access_key_id);
    out.push('/');
    out.push_str(scope);
    out.push_str(", SignedHeaders=");
    out.push_str(signed_headers);
    out.push_str(", Signature=");
    out.push_str(signature);
}

// ---------------------------------------------------------------------------------------
// Hashing
// ---------------------------------------------------------------------------------------

fn sha256(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    // `new_from_slice` cannot fail for HMAC: keys of any length are accepted (longer ones
    // are hashed), so the error branch is unreachable.
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC-SHA256 accepts keys of any length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

// ---------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------

/// RFC 9110 `tchar`.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn check_token(what: &str, s: &str) -> Result<(), InvalidInput> {
    if s.is_empty() || !s.bytes().all(is_tchar) {
        return Err(InvalidInput::new(format!(
            "{what} {:?} is not a valid HTTP token",
            s
        )));
    }
    Ok(())
}

fn check_header(name: &str, value: &str, allow_fold: bool) -> Result<(), InvalidInput> {
    check_token("header name", name)?;
    check_value(name, value, allow_fold)
}

/// A header value may hold any byte but controls (HTAB allowed). With `allow_fold`, a line
/// break followed by a space or tab (an obsolete fold) is allowed too.
fn check_value(name: &str, value: &str, allow_fold: bool) -> Result<(), InvalidInput> {
    let bytes = value.as_bytes();
    // Fast path: no control byte at all (branch-free, so it vectorizes).
    let has_control = bytes.iter().fold(false, |acc, &b| {
        acc | ((b < 0x20 && b != b'\t') || b == 0x7f)
    });
    if !has_control {
        return Ok(());
    }
    for (i, &b) in bytes.iter().enumerate() {
        let ok = match b {
            b'\t' => true,
            b'\r' => allow_fold && bytes.get(i + 1) == Some(&b'\n'),
            b'\n' => allow_fold && matches!(bytes.get(i + 1), Some(b' ' | b'\t')),
            0x00..=0x1f | 0x7f => false,
            _ => true,
        };
        if !ok {
            return Err(InvalidInput::new(format!(
                "the value of header {name:?} holds control character 0x{b:02x} at byte {i}; \
                 it cannot be sent over HTTP"
            )));
        }
    }
    Ok(())
}

/// Region, service and access key id go into the credential scope: no `/`, `,`,
/// whitespace or controls, and not empty.
fn check_scope_part(what: &str, s: &str) -> Result<(), InvalidInput> {
    let bad = |b: u8| b <= b' ' || b == 0x7f || b == b'/' || b == b',';
    if s.is_empty() || s.bytes().any(bad) {
        return Err(InvalidInput::new(format!(
            "the {what} {s:?} cannot be used in a SigV4 credential scope"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    const TOKEN: &str = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267";
    const EMPTY_HASH: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    /// get-vanilla, from AWS's suite.
    const VANILLA_CREQ: &str = "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    const VANILLA_STS: &str = "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63";
    const VANILLA_SIGNATURE: &str =
        "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";

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
        assert!(
            authz.ends_with("07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8")
        );
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
        let err =
            sign_request(&mut get("https://h/"), &params(&bad_token, "cloudfront")).unwrap_err();
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
}
