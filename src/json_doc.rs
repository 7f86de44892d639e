//! The crate's JSON reader and writer: the documents of the credential sources (the container
//! endpoint, the instance metadata, SSO, SSO-OIDC, the SSO token cache, `credential_process`)
//! and the CloudFront KeyValueStore's bodies (feature `kvs`), parsed with the dependency-free
//! `tinyjson` crate behind this small seam, so that no other module names it.
//!
//! What the crate does not bound, this module does before parsing: the nesting depth (the
//! parser recurses once per level, so a hostile `[[[[…` could otherwise exhaust the stack).
//! Errors give a position, never the text (a document may hold a secret).

use std::collections::HashMap;

/// A parsed JSON value.
pub(crate) type Json = tinyjson::JsonValue;

/// Arrays and objects nested deeper than this are refused before parsing; the documents read
/// here nest three levels at most.
pub(crate) const MAX_DEPTH: usize = 32;

/// Why a body is not a JSON document: a position or a reason, never the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NotJson(String);

impl std::fmt::Display for NotJson {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the response is not a JSON document ({})", self.0)
    }
}

/// Parses a JSON document; the error never repeats the body (it may hold secrets).
pub(crate) fn parse_json(body: &[u8]) -> Result<Json, NotJson> {
    let text = std::str::from_utf8(body)
        .map_err(|e| NotJson(format!("not UTF-8 at byte {}", e.valid_up_to())))?;
    if nesting_depth(body) > MAX_DEPTH {
        return Err(NotJson(format!("nested deeper than {MAX_DEPTH} levels")));
    }
    text.parse::<Json>()
        .map_err(|e| NotJson(format!("line {}, column {}", e.line(), e.column())))
}

/// The deepest nesting of arrays and objects in `body`, brackets inside strings not counted.
/// Linear in the length; malformed input only gives a number the parser then refuses.
fn nesting_depth(body: &[u8]) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for &b in body {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// The member `key` of an object (`None` for a missing member or a value that is no object).
pub(crate) fn member<'a>(v: &'a Json, key: &str) -> Option<&'a Json> {
    match v {
        Json::Object(map) => map.get(key),
        _ => None,
    }
}

/// A non-empty string member of an object.
pub(crate) fn json_str<'a>(v: &'a Json, key: &str) -> Option<&'a str> {
    match member(v, key)? {
        Json::String(s) if !s.is_empty() => Some(s),
        _ => None,
    }
}

#[cfg_attr(not(feature = "kvs"), allow(dead_code))]
/// A string member of an object, empty or not.
pub(crate) fn json_string<'a>(v: &'a Json, key: &str) -> Option<&'a str> {
    match member(v, key)? {
        Json::String(s) => Some(s),
        _ => None,
    }
}

#[cfg_attr(not(feature = "kvs"), allow(dead_code))]
/// A number member of an object.
pub(crate) fn json_f64(v: &Json, key: &str) -> Option<f64> {
    match member(v, key)? {
        Json::Number(n) => Some(*n),
        _ => None,
    }
}

#[cfg_attr(not(feature = "kvs"), allow(dead_code))]
/// `s` as a JSON string literal, quotes included (for writers that fix the member order).
pub(crate) fn quote(s: &str) -> String {
    // Stringifying a string cannot fail; the fallback is never reached.
    Json::String(s.to_string())
        .stringify()
        .unwrap_or_else(|_| String::from("\"\""))
}

/// A whole, non-negative number member of an object, exact in a double (below 2^53).
pub(crate) fn json_u64(v: &Json, key: &str) -> Option<u64> {
    match member(v, key)? {
        Json::Number(n) if n.fract() == 0.0 && (0.0..9_007_199_254_740_992.0).contains(n) => {
            Some(*n as u64)
        }
        _ => None,
    }
}

/// Sets the string member `key` of an object; does nothing to a value that is no object.
pub(crate) fn set_str(v: &mut Json, key: &str, value: &str) {
    if let Json::Object(map) = v {
        map.insert(key.to_string(), Json::String(value.to_string()));
    }
}

/// An object of string members.
pub(crate) fn object_of_strings(members: &[(&str, &str)]) -> Json {
    Json::Object(
        members
            .iter()
            .map(|(k, v)| (k.to_string(), Json::String(v.to_string())))
            .collect::<HashMap<_, _>>(),
    )
}

/// The document as compact JSON text.
pub(crate) fn to_text(v: &Json) -> std::io::Result<String> {
    v.stringify().map_err(std::io::Error::other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_depth_counts_brackets_outside_strings_only() {
        assert_eq!(nesting_depth(br#"{"a":[1,{"b":2}]}"#), 3);
        assert_eq!(nesting_depth(br#"{"a":"[[[[{{{{"}"#), 1);
        assert_eq!(nesting_depth(br#"{"a":"\"[[[["}"#), 1);
        assert_eq!(nesting_depth(b"]]]]"), 0);
    }

    #[test]
    fn a_deeply_nested_document_is_refused_without_parsing() {
        let body = "[".repeat(1_000_000);
        let err = parse_json(body.as_bytes()).unwrap_err().to_string();
        assert!(err.contains("nested deeper than 32 levels"), "{err}");
        let ok = format!("{}1{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse_json(ok.as_bytes()).is_ok());
    }

    #[test]
    fn errors_give_a_position_and_never_the_text() {
        let err = parse_json(br#"{"SecretAccessKey": "s3cr3t" oops}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 1"), "{err}");
        assert!(!err.contains("s3cr3t") && !err.contains("oops"), "{err}");
        let err = parse_json(b"{\"a\": \"\xff\"}").unwrap_err().to_string();
        assert!(err.contains("not UTF-8 at byte 7"), "{err}");
    }

    #[test]
    fn members_are_read_by_kind() {
        let v =
            parse_json(br#"{"s":"x","e":"","n":12,"f":1.5,"neg":-1,"big":1e300,"o":{"k":"v"}}"#)
                .unwrap();
        assert_eq!(json_str(&v, "s"), Some("x"));
        assert_eq!(json_str(&v, "e"), None);
        assert_eq!(json_str(&v, "n"), None);
        assert_eq!(json_u64(&v, "n"), Some(12));
        assert_eq!(json_u64(&v, "f"), None);
        assert_eq!(json_u64(&v, "neg"), None);
        assert_eq!(json_u64(&v, "big"), None);
        assert_eq!(json_str(member(&v, "o").unwrap(), "k"), Some("v"));
        assert_eq!(member(&Json::Null, "o"), None);
    }

    #[test]
    fn quoted_strings_read_back() {
        for s in [
            "",
            "plain",
            "quote \" backslash \\ newline \n tab \t",
            "\u{1}\u{e9}\u{1f600}",
        ] {
            let doc = format!("{{\"k\":{}}}", quote(s));
            assert_eq!(
                json_string(&parse_json(doc.as_bytes()).unwrap(), "k"),
                Some(s)
            );
        }
    }

    #[test]
    fn written_documents_read_back() {
        let mut doc = object_of_strings(&[("clientId", "id \"quoted\" \u{e9}")]);
        set_str(&mut doc, "accessToken", "t");
        let back = parse_json(to_text(&doc).unwrap().as_bytes()).unwrap();
        assert_eq!(json_str(&back, "clientId"), Some("id \"quoted\" \u{e9}"));
        assert_eq!(json_str(&back, "accessToken"), Some("t"));
    }
}
