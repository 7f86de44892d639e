//! What the SigV4 and SigV4A vector suites share: reading the vendored files
//! (`tests/data/sigv4-testsuite/`), the raw request format, and the small JSON context files.
#![allow(dead_code)] // each suite uses a part

use std::fs;
use std::path::Path;
use std::time::SystemTime;

pub fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// An expected file's content: the file without one final newline (a file-format detail).
pub fn expected(path: &Path) -> String {
    let text = read(path).replace("\r\n", "\n");
    match text.strip_suffix('\n') {
        Some(t) => t.to_string(),
        None => text,
    }
}

/// A raw HTTP request from the suites: request line, `Name:value` headers (continuation lines
/// start with whitespace), a blank line, the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRequest {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

pub fn parse_request(text: &str) -> RawRequest {
    let text = text.replace("\r\n", "\n");
    let (head, body) = match text.split_once("\n\n") {
        Some((h, b)) => (h.to_string(), b.as_bytes().to_vec()),
        None => (text.trim_end_matches('\n').to_string(), Vec::new()),
    };
    let mut lines = head.split('\n');
    let request_line = lines.next().expect("a request line");
    // The target may hold a literal space (`GET /example space/ HTTP/1.1`): the method ends
    // at the first space, the version starts at the last. (`double-url-encode`'s expected
    // signed request has no version.)
    let (method, rest) = request_line.split_once(' ').expect("method SP target");
    let target = match rest.rsplit_once(' ') {
        Some((target, version)) if version.starts_with("HTTP/") => target,
        _ => rest,
    };
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with([' ', '\t']) {
            // An obsolete line fold: RFC 9112 says to replace it with a space.
            let (_, value) = headers.last_mut().expect("a fold follows a header");
            value.push(' ');
            value.push_str(line.trim_start());
        } else {
            let (name, value) = line
                .split_once(':')
                .unwrap_or_else(|| panic!("not a header line: {line:?}"));
            headers.push((name.to_string(), value.to_string()));
        }
    }
    RawRequest {
        method: method.to_string(),
        target: target.to_string(),
        headers,
        body,
    }
}

pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// `20150830T123600Z` or `2015-08-30T12:36:00Z` as a time.
pub fn parse_time(text: &str) -> SystemTime {
    let iso = if text.contains('-') {
        text.to_string()
    } else {
        let b = text;
        format!(
            "{}-{}-{}T{}:{}:{}Z",
            &b[0..4],
            &b[4..6],
            &b[6..8],
            &b[9..11],
            &b[11..13],
            &b[13..15]
        )
    };
    cloudfront::time::parse_iso8601(&iso).unwrap_or_else(|| panic!("bad time {text:?}"))
}

/// The string value of `"key": "..."` in a small JSON document (the suite's `context.json`
/// files hold no escapes other than none; an escape would fail loudly).
pub fn json_string(json: &str, key: &str) -> Option<String> {
    let rest = &json[json.find(&format!("\"{key}\""))? + key.len() + 2..];
    let rest = rest.trim_start().strip_prefix(':')?.trim_start();
    let rest = rest.strip_prefix('"')?;
    let end = rest.find('"')?;
    let value = &rest[..end];
    assert!(!value.contains('\\'), "escapes in {key} are not handled");
    Some(value.to_string())
}

pub fn json_bool(json: &str, key: &str) -> Option<bool> {
    let rest = &json[json.find(&format!("\"{key}\""))? + key.len() + 2..];
    let rest = rest.trim_start().strip_prefix(':')?.trim_start();
    if rest.starts_with("true") {
        Some(true)
    } else if rest.starts_with("false") {
        Some(false)
    } else {
        None
    }
}
