//! What may be signed: HTTP tokens, header values, credential-scope parts and the URL's
//! host. Every check returns a typed error that never quotes a header value.

use crate::error::InvalidInput;

/// RFC 9110 `tchar`.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

pub(super) fn check_token(what: &str, s: &str) -> Result<(), InvalidInput> {
    if s.is_empty() || !s.bytes().all(is_tchar) {
        return Err(InvalidInput::new(format!(
            "{what} {:?} is not a valid HTTP token",
            s
        )));
    }
    Ok(())
}

pub(super) fn check_header(name: &str, value: &str, allow_fold: bool) -> Result<(), InvalidInput> {
    check_token("header name", name)?;
    check_value(name, value, allow_fold)
}

/// A header value may hold any byte but controls (HTAB allowed). With `allow_fold`, a line
/// break followed by a space or tab (an obsolete fold) is allowed too.
pub(super) fn check_value(name: &str, value: &str, allow_fold: bool) -> Result<(), InvalidInput> {
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
pub(super) fn check_scope_part(what: &str, s: &str) -> Result<(), InvalidInput> {
    let bad = |b: u8| b <= b' ' || b == 0x7f || b == b'/' || b == b',';
    if s.is_empty() || s.bytes().any(bad) {
        return Err(InvalidInput::new(format!(
            "the {what} {s:?} cannot be used in a SigV4 credential scope"
        )));
    }
    Ok(())
}

/// The `host[:port]` of an absolute URL, the port only when it is not the scheme's default:
/// what an HTTP client puts in the `Host` header.
pub(super) fn host_from_url(url: &str) -> Result<&str, InvalidInput> {
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
