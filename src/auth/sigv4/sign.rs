//! The entry points: every stage run on an [`HttpRequest`] or on loose parts, the products
//! written into pre-sized buffers, and the headers set on the request.

use std::ops::Range;
use std::time::SystemTime;

use super::canonical::{
    payload_hash, sort_headers, write_canonical_headers, write_canonical_query,
    write_canonical_uri, write_signed_headers,
};
use super::key::{SigningKey, signature, signing_key};
use super::string_to_sign::{write_scope, write_string_to_sign};
use super::validate::{check_header, check_scope_part, check_token, check_value, host_from_url};
use super::{
    ALGORITHM, AMZ_DATE_HEADER, AUTHORIZATION_HEADER, CONTENT_SHA256_HEADER, SECURITY_TOKEN_HEADER,
    SignatureParts, SigningParams, SigningSettings,
};
use crate::auth::Credentials;
use crate::error::InvalidInput;
use crate::transport::HttpRequest;

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
    let parts = { sign_core(&Unsigned::from_request(request)?, params, settings, key)? };
    set_signature_headers(
        request,
        params.credentials,
        settings,
        parts.amz_date,
        parts.payload_hash,
        None,
        parts.authorization,
    );
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
    let unsigned = Unsigned::from_parts(method, path_and_query, headers, body);
    sign_core(&unsigned, params, settings, None)
}

/// A request as the canonical stages see it: what SigV4 and SigV4A both sign.
pub(crate) struct Unsigned<'a, N, V> {
    pub method: &'a str,
    pub path: &'a str,
    pub query: &'a str,
    pub headers: &'a [(N, V)],
    /// The `host[:port]` to sign when `headers` has no `Host`.
    pub fallback_host: Option<&'a str>,
    pub body: &'a [u8],
}

impl<'a, N, V> Unsigned<'a, N, V> {
    /// Loose parts; `path_and_query` is the request target as sent, `headers` include `Host`.
    pub(crate) fn from_parts(
        method: &'a str,
        path_and_query: &'a str,
        headers: &'a [(N, V)],
        body: &'a [u8],
    ) -> Self {
        let (path, query) = path_and_query
            .split_once('?')
            .unwrap_or((path_and_query, ""));
        Unsigned {
            method,
            path,
            query,
            headers,
            fallback_host: None,
            body,
        }
    }
}

impl<'a> Unsigned<'a, String, String> {
    /// A request about to be sent; its `Host` is the header's, or else the URL's.
    pub(crate) fn from_request(request: &'a HttpRequest) -> Result<Self, InvalidInput> {
        Ok(Unsigned {
            method: &request.method,
            path: request.path(),
            query: request.query(),
            headers: &request.headers,
            fallback_host: fallback_host(request)?,
            body: &request.body,
        })
    }
}

/// The products of stages 1–5, shared by SigV4 and SigV4A.
pub(crate) struct Canonical {
    /// `20150830T123600Z`.
    pub amz_date: String,
    pub payload_hash: String,
    /// The canonical request.
    pub creq: String,
    /// Where the signed header list is in `creq`.
    pub signed: Range<usize>,
}

/// Stages 1–5 on `request`: checks what is signed, adds the headers the signer sets
/// (`x-amz-date`, the session token when signed, `x-amz-content-sha256` when asked for, and
/// `extra`, such as SigV4A's `x-amz-region-set`), and writes the canonical request into one
/// buffer.
pub(crate) fn canonicalize<N: AsRef<str>, V: AsRef<str>>(
    request: &Unsigned<'_, N, V>,
    credentials: &Credentials,
    time: SystemTime,
    settings: &SigningSettings,
    extra: Option<(&str, &str)>,
) -> Result<Canonical, InvalidInput> {
    let Unsigned {
        method,
        path,
        query,
        headers,
        fallback_host,
        body,
    } = *request;
    check_token("HTTP method", method)?;
    check_scope_part("access key id", credentials.access_key_id())?;
    let token = credentials.session_token();
    if let Some(token) = token {
        check_value(SECURITY_TOKEN_HEADER, token, false)?;
    }
    if let Some((name, value)) = extra {
        check_header(name, value, false)?;
    }
    let sign_token = token.filter(|_| settings.sign_session_token);

    let amz_date = crate::time::amz_date(time);
    let payload_hash = payload_hash(body);

    // The headers to sign: the request's, less those this signer sets, plus those.
    let mut entries: Vec<(&str, &str)> = Vec::with_capacity(headers.len() + 5);
    let mut has_host = false;
    for (name, value) in headers {
        let (name, value) = (name.as_ref(), value.as_ref());
        check_header(name, value, false)?;
        let replaced = name.eq_ignore_ascii_case(AUTHORIZATION_HEADER)
            || name.eq_ignore_ascii_case(AMZ_DATE_HEADER)
            || (token.is_some() && name.eq_ignore_ascii_case(SECURITY_TOKEN_HEADER))
            || (settings.payload_hash_header && name.eq_ignore_ascii_case(CONTENT_SHA256_HEADER))
            || extra.is_some_and(|(extra, _)| name.eq_ignore_ascii_case(extra));
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
    if let Some(extra) = extra {
        entries.push(extra);
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
    Ok(Canonical {
        amz_date,
        payload_hash,
        creq,
        signed,
    })
}

#[allow(clippy::too_many_arguments)]
/// Sets the headers a signature adds to `request`: the session token (when the credentials
/// have one), `x-amz-date`, `x-amz-content-sha256` when asked for, `extra`, and
/// `authorization`; each replaces any earlier value (re-signing for a retry is fine).
pub(crate) fn set_signature_headers(
    request: &mut HttpRequest,
    credentials: &Credentials,
    settings: &SigningSettings,
    amz_date: String,
    payload_hash: String,
    extra: Option<(&str, &str)>,
    authorization: String,
) {
    let headers = &mut request.headers;
    headers.reserve(4);
    if let Some(token) = credentials.session_token() {
        set_header(headers, SECURITY_TOKEN_HEADER, token.to_string());
    }
    set_header(headers, AMZ_DATE_HEADER, amz_date);
    if settings.payload_hash_header {
        set_header(headers, CONTENT_SHA256_HEADER, payload_hash);
    }
    if let Some((name, value)) = extra {
        set_header(headers, name, value.to_string());
    }
    set_header(headers, AUTHORIZATION_HEADER, authorization);
}

/// The `host[:port]` to sign for `request` when it carries no `Host` header.
fn fallback_host(request: &HttpRequest) -> Result<Option<&str>, InvalidInput> {
    if request.header("host").is_some() {
        Ok(None)
    } else {
        host_from_url(&request.url).map(Some)
    }
}

/// SigV4 proper: stages 1–5 through [`canonicalize`], then the scope, string to sign,
/// signature and `Authorization` value.
fn sign_core<N: AsRef<str>, V: AsRef<str>>(
    request: &Unsigned<'_, N, V>,
    params: &SigningParams<'_>,
    settings: &SigningSettings,
    key: Option<&SigningKey>,
) -> Result<SignatureParts, InvalidInput> {
    check_scope_part("region", params.region)?;
    check_scope_part("service", params.service)?;
    let canonical = canonicalize(request, params.credentials, params.time, settings, None)?;
    let date = crate::time::date_of_amz_date(&canonical.amz_date);

    let mut scope =
        String::with_capacity(date.len() + params.region.len() + params.service.len() + 15);
    write_scope(&mut scope, date, params.region, params.service);
    let mut sts =
        String::with_capacity(ALGORITHM.len() + canonical.amz_date.len() + scope.len() + 67);
    write_string_to_sign(&mut sts, &canonical.amz_date, &scope, &canonical.creq);

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
    let signed_headers = canonical.creq[canonical.signed.clone()].to_string();
    let authorization = authorization(
        params.credentials.access_key_id(),
        &scope,
        &signed_headers,
        &signature,
    );
    Ok(SignatureParts {
        amz_date: canonical.amz_date,
        payload_hash: canonical.payload_hash,
        canonical_request: canonical.creq,
        signed_headers,
        string_to_sign: sts,
        signature,
        authorization,
    })
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

fn write_authorization(
    out: &mut String,
    access_key_id: &str,
    scope: &str,
    signed_headers: &str,
    signature: &str,
) {
    write_authorization_for(
        out,
        ALGORITHM,
        access_key_id,
        scope,
        signed_headers,
        signature,
    );
}

/// The `Authorization` value of `algorithm` (SigV4's, or SigV4A's).
pub(crate) fn write_authorization_for(
    out: &mut String,
    algorithm: &str,
    access_key_id: &str,
    scope: &str,
    signed_headers: &str,
    signature: &str,
) {
    out.push_str(algorithm);
    out.push_str(" Credential=");
    out.push_str(access_key_id);
    out.push('/');
    out.push_str(scope);
    out.push_str(", SignedHeaders=");
    out.push_str(signed_headers);
    out.push_str(", Signature=");
    out.push_str(signature);
}
