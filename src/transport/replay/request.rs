//! Reading live requests for replay and mock matching: the path and query of a URL, query
//! strings as multisets, bounded previews for messages, and which headers change on every
//! run.

use std::sync::{Mutex, MutexGuard};

use crate::transport::{HttpRequest, redact_header_value};

/// Request headers that replay does not compare: they change on every run.
pub(super) const VOLATILE_HEADERS: &[&str] = &[
    "authorization",
    "x-amz-security-token",
    "x-amz-date",
    "x-amz-content-sha256",
    "host",
    "user-agent",
    "content-length",
    "accept",
    "accept-encoding",
    "connection",
];

pub(in crate::transport) use crate::transport::url_path_and_query as path_and_query;

use crate::encoding::percent_decode;

/// The decoded `name=value` pairs of a query string, sorted (a multiset).
pub(in crate::transport) fn query_pairs(query: &str) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect();
    pairs.sort();
    pairs
}
/// A bounded, escaped preview of a body for error messages.
pub(in crate::transport) fn body_preview(body: &[u8], limit: usize) -> String {
    if body.is_empty() {
        return "(empty)".to_string();
    }
    let cut = body.len().min(limit);
    let text = String::from_utf8_lossy(&body[..cut]);
    if body.len() > limit {
        format!("{text:?}... ({} bytes)", body.len())
    } else {
        format!("{text:?} ({} bytes)", body.len())
    }
}
/// `METHOD path?query` and the headers worth showing of a live request: all but the
/// volatile ones, plus those named in `also`. Secret values are redacted.
pub(in crate::transport) fn describe_request(request: &HttpRequest, also: &[&str]) -> String {
    let headers: Vec<String> = request
        .headers
        .iter()
        .filter(|(k, _)| {
            also.iter().any(|a| k.eq_ignore_ascii_case(a))
                || !VOLATILE_HEADERS.iter().any(|v| k.eq_ignore_ascii_case(v))
        })
        .map(|(k, v)| format!("{k}: {}", redact_header_value(k, v)))
        .collect();
    format!(
        "{} {}\n            headers: {}\n            body: {}",
        request.method,
        path_and_query(&request.url),
        if headers.is_empty() {
            "(none besides signing headers)".to_string()
        } else {
            headers.join(", ")
        },
        body_preview(&request.body, 200)
    )
}
/// Takes a lock even if another thread panicked while holding it.
pub(super) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic in another thread while holding the lock leaves the data consistent (every
    // update is a single push or increment), so a poisoned lock is simply taken over.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_and_query_multiset() {
        assert_eq!(percent_decode("a%20b%2Fc%zz%4"), "a b/c%zz%4");
        assert_eq!(percent_decode("%"), "%");
        assert_eq!(
            query_pairs("b=2&a=1&a=%31&c"),
            vec![
                ("a".into(), "1".into()),
                ("a".into(), "1".into()),
                ("b".into(), "2".into()),
                ("c".into(), "".into())
            ]
        );
    }

    #[test]
    fn path_and_query_of_urls() {
        assert_eq!(path_and_query("https://h/a?b=1"), "/a?b=1");
        assert_eq!(path_and_query("https://h"), "/");
        assert_eq!(path_and_query("http://127.0.0.1:5000/x"), "/x");
    }
}
