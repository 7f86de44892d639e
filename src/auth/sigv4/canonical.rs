//! SigV4 stages 1–5: canonical URI, canonical query string, canonical headers, payload
//! hash and the canonical request. Each public function is one stage; the `write_*`
//! functions append the same products to a buffer for the hot path in `sign.rs`.

use std::ops::Range;

use percent_encoding::percent_decode_str;

use super::sha256;
use super::validate::check_header;
use crate::encoding::{STRICT, push_hex, push_percent_encoded};
use crate::error::InvalidInput;

/// The canonical header block and the signed header list, as produced by
/// [`canonical_headers`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CanonicalHeaders {
    /// One `name:value\n` line per header name, sorted, names lowercase.
    pub canonical: String,
    /// The names, `;`-separated (`host;x-amz-date`).
    pub signed: String,
}

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
pub(super) const EMPTY_PAYLOAD_HASH: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

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

pub(super) fn write_canonical_uri(out: &mut String, path: &str, normalize: bool) {
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
                push_percent_encoded(out, segment.as_bytes(), STRICT);
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

/// Decodes `%XX` escapes in `s` and encodes the result again, in one pass (a `%` that does
/// not start an escape is a literal `%`, signed as `%25`).
fn push_reencoded(out: &mut String, s: &str) {
    for b in percent_decode_str(s) {
        push_encoded_byte(out, b);
    }
}

pub(super) fn write_canonical_query(out: &mut String, query: &str) {
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
pub(super) fn sort_headers(entries: &mut [(&str, &str)]) {
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
pub(super) fn write_canonical_headers(out: &mut String, entries: &[(&str, &str)]) {
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
pub(super) fn write_signed_headers(out: &mut String, entries: &[(&str, &str)]) {
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
pub(super) fn push_trimmed(out: &mut String, value: &str) {
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

/// Appends `b` percent-encoded per RFC 3986 (unreserved characters as they are).
fn push_encoded_byte(out: &mut String, b: u8) {
    push_percent_encoded(out, std::slice::from_ref(&b), STRICT);
}
