//! The crate's one percent-encoding, base64 and hex: thin wrappers over the
//! `percent-encoding` and `base64` crates (both already in the tree through `ureq`), with the
//! character sets the API needs named once.
//!
//! - [`STRICT`]: every byte but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`) is
//!   encoded, the encoding SigV4 signs and this crate puts in paths and queries.
//! - [`STRICT_KEEP_SLASH`]: the same, with `/` kept (multi-segment paths).
//! - [`INVALIDATION_PATH`]: the characters an invalidation path must not carry raw (space,
//!   `" < > # { } | \ ^ ` [ ]`, controls and every non-ASCII byte).

use base64::Engine as _;
use percent_encoding::{AsciiSet, CONTROLS, NON_ALPHANUMERIC};

/// Everything but RFC 3986's unreserved characters.
pub(crate) const STRICT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// [`STRICT`] with `/` left as it is.
pub(crate) const STRICT_KEEP_SLASH: &AsciiSet = &STRICT.remove(b'/');

/// What an invalidation path may not carry raw (a `%` is handled by the caller: kept when it
/// starts an escape, encoded otherwise).
pub(crate) const INVALIDATION_PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'#')
    .add(b'{')
    .add(b'}')
    .add(b'|')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'[')
    .add(b']');

/// Percent-encodes `s` per RFC 3986 ([`STRICT`], or [`STRICT_KEEP_SLASH`] when
/// `keep_slash`).
pub(crate) fn percent_encode(s: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(s.len());
    push_percent_encoded(
        &mut out,
        s.as_bytes(),
        if keep_slash {
            STRICT_KEEP_SLASH
        } else {
            STRICT
        },
    );
    out
}

/// Appends `bytes` to `out`, percent-encoding those in `set` (and every non-ASCII byte).
pub(crate) fn push_percent_encoded(out: &mut String, bytes: &[u8], set: &'static AsciiSet) {
    out.extend(percent_encoding::percent_encode(bytes, set));
}

/// Decodes `%XX` escapes; a `%` not followed by two hex digits stays as it is, `+` stays `+`,
/// and bytes that are not UTF-8 become U+FFFD.
pub(crate) fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Appends the lowercase hex of `bytes` to `out` (SigV4's hashes and signatures).
pub(crate) fn push_hex(out: &mut String, bytes: &[u8]) {
    const LOWER_HEX: &[u8; 16] = b"0123456789abcdef";
    out.reserve(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(LOWER_HEX[usize::from(b >> 4)]));
        out.push(char::from(LOWER_HEX[usize::from(b & 0x0f)]));
    }
}

/// Decodes hex (either case); `None` for an odd length or a non-hex digit.
#[cfg(feature = "sigv4a")]
pub(crate) fn decode_hex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    let digit = |c: u8| {
        char::from(c)
            .to_digit(16)
            .and_then(|d| u8::try_from(d).ok())
    };
    s.as_bytes()
        .chunks_exact(2)
        .map(|pair| Some(digit(pair[0])? << 4 | digit(pair[1])?))
        .collect()
}

/// Decodes standard, padded base64; `None` when `s` is not canonical base64.
pub(crate) fn base64_decode(s: &str) -> Option<Vec<u8>> {
    base64::engine::general_purpose::STANDARD.decode(s).ok()
}

/// Standard, padded base64 (RFC 4648 §4).
pub(crate) fn base64_encode(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_encoding_keeps_only_unreserved_characters() {
        assert_eq!(
            percent_encode("a b/c+=~-._é", false),
            "a%20b%2Fc%2B%3D~-._%C3%A9"
        );
        assert_eq!(percent_encode("/a b/c", true), "/a%20b/c");
    }

    #[test]
    fn decoding_leaves_broken_escapes_alone() {
        assert_eq!(percent_decode("a%20b%2Fc%zz%4+"), "a b/c%zz%4+");
        assert_eq!(percent_decode("%"), "%");
        assert_eq!(percent_decode("%ff"), "\u{fffd}");
    }

    #[test]
    fn hex_is_lowercase() {
        let mut s = String::new();
        push_hex(&mut s, &[0x00, 0xab, 0xff]);
        assert_eq!(s, "00abff");
    }

    #[test]
    fn base64_round_trips_and_refuses_what_is_not_base64() {
        let all: Vec<u8> = (0..=255).collect();
        for len in 0..all.len() {
            let encoded = base64_encode(&all[..len]);
            assert_eq!(encoded.len(), len.div_ceil(3) * 4);
            assert_eq!(base64_decode(&encoded).as_deref(), Some(&all[..len]));
        }
        assert_eq!(base64_encode(b"Man"), "TWFu");
        assert_eq!(base64_encode(b"Ma"), "TWE=");
        for bad in ["TQ=", "T===", "TQ==TQ==", "T!=="] {
            assert_eq!(base64_decode(bad), None, "{bad}");
        }
    }
}
