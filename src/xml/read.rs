//! Reading CloudFront XML with `roxmltree`: namespace-aware element lookup, typed text,
//! and error paths computed only when something fails (no allocation on the happy path).

use std::str::FromStr;
use std::time::SystemTime;

use roxmltree::{Document, Node, ParsingOptions};

use crate::error::DecodeError;

/// The XML namespace of API 2020-05-31, on the root of every request and response body.
pub const NAMESPACE: &str = "http://cloudfront.amazonaws.com/doc/2020-05-31/";

/// Most nodes a response document may have. A 16 MiB body cannot hold more than about
/// 5.6 million (`<a/>` is 4 bytes); this bounds memory for hostile input regardless of the cap.
pub const MAX_NODES: u32 = 8_000_000;

/// Deepest element nesting accepted. CloudFront's deepest documents nest about a dozen
/// levels; anything far deeper is hostile and is refused before any recursive decoding.
pub const MAX_DEPTH: usize = 64;

/// Parses `text` into a document, with DTDs refused, a node limit, and a depth limit.
pub fn parse_document(text: &str) -> Result<Document<'_>, DecodeError> {
    check_depth(text.as_bytes())?;
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(text, options)
        .map_err(|e| DecodeError::new("", format!("malformed XML: {e}")))
}

/// A linear pre-scan that refuses nesting deeper than [`MAX_DEPTH`], so that no later
/// recursive walk can exhaust the stack. Comments, CDATA sections, processing instructions
/// and quoted attribute values are skipped whole, so markup-like text inside them can neither
/// hide nesting (`<a x="/>">` opens an element) nor add to it.
fn check_depth(bytes: &[u8]) -> Result<(), DecodeError> {
    let mut depth: usize = 0;
    let mut i = 0;
    while let Some(off) = bytes[i..].iter().position(|&b| b == b'<') {
        let start = i + off;
        let rest = &bytes[start..];
        let skip = |from: usize, end: &[u8]| skip_past(bytes, start + from, end);
        if rest.starts_with(b"<!--") {
            i = skip(4, b"-->");
        } else if rest.starts_with(b"<![CDATA[") {
            i = skip(9, b"]]>");
        } else if rest.starts_with(b"<?") {
            i = skip(2, b"?>");
        } else if rest.starts_with(b"<!") {
            // A DOCTYPE: the parser refuses it anyway.
            i = skip(2, b">");
        } else if rest.starts_with(b"</") {
            depth = depth.saturating_sub(1);
            i = skip(2, b">");
        } else {
            // A start tag: its end is the first `>` outside a quoted attribute value.
            let mut quote = None;
            let Some(end_off) = rest.iter().enumerate().skip(1).position(|(_, &b)| {
                match quote {
                    Some(q) if b == q => quote = None,
                    Some(_) => {}
                    None if b == b'"' || b == b'\'' => quote = Some(b),
                    None => return b == b'>',
                }
                false
            }) else {
                break;
            };
            let end = start + 1 + end_off;
            // `end - 1` is at least `start`: the `>` is never the `<` itself.
            if bytes[end - 1] != b'/' {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(DecodeError::new(
                        "",
                        format!("XML nested deeper than {MAX_DEPTH} levels"),
                    ));
                }
            }
            i = end + 1;
        }
    }
    Ok(())
}

/// The index just past the first `end` at or after `from`, or the end of `bytes`.
fn skip_past(bytes: &[u8], from: usize, end: &[u8]) -> usize {
    bytes
        .get(from..)
        .and_then(|rest| rest.windows(end.len()).position(|w| w == end))
        .map_or(bytes.len(), |p| from + p + end.len())
}

/// The slash-separated path of element names from the root to `node`, for error messages.
pub fn node_path(node: Node<'_, '_>) -> String {
    let mut names: Vec<&str> = node
        .ancestors()
        .filter(|n| n.is_element())
        .map(|n| n.tag_name().name())
        .collect();
    names.reverse();
    names.join("/")
}

/// A decode error located at `node`.
pub fn error_at(node: Node<'_, '_>, message: impl Into<String>) -> DecodeError {
    DecodeError::new(node_path(node), message)
}

/// The document's root element, checked to be `name` (namespace not enforced: moto and
/// proxies sometimes omit it).
pub fn root<'a, 'i>(doc: &'a Document<'i>, name: &str) -> Result<Node<'a, 'i>, DecodeError> {
    let root = doc.root_element();
    if root.tag_name().name() != name {
        return Err(DecodeError::new(
            root.tag_name().name(),
            format!("expected root element <{name}>"),
        ));
    }
    Ok(root)
}

/// The element children of `node`, in document order.
pub fn elements<'a, 'i>(node: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children().filter(Node::is_element)
}

/// The first child element named `name`.
pub fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

/// The first child element named `name`, or an error naming the path where it is missing.
pub fn required_child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Result<Node<'a, 'i>, DecodeError> {
    child(node, name).ok_or_else(|| {
        DecodeError::new(
            format!("{}/{name}", node_path(node)),
            "required element is missing",
        )
    })
}

/// The text content of an element: its text and CDATA children concatenated (entities are
/// already resolved by the parser). An empty element gives `""`. An element with element
/// children is an error.
pub fn text<'a, 'i>(node: Node<'a, 'i>) -> Result<std::borrow::Cow<'a, str>, DecodeError> {
    let mut children = node.children();
    match (children.next(), children.next()) {
        (None, _) => Ok(std::borrow::Cow::Borrowed("")),
        (Some(only), None) if only.is_text() => {
            Ok(std::borrow::Cow::Borrowed(only.text().unwrap_or("")))
        }
        _ => {
            let mut out = String::new();
            for c in node.children() {
                if c.is_element() {
                    return Err(error_at(node, "expected text, found an element"));
                }
                if let Some(t) = c.text() {
                    out.push_str(t);
                }
            }
            Ok(std::borrow::Cow::Owned(out))
        }
    }
}

/// The text of an element as an owned string.
pub fn string(node: Node<'_, '_>) -> Result<String, DecodeError> {
    text(node).map(|t| t.into_owned())
}

/// `true` or `false` (as CloudFront writes them; surrounding white space tolerated).
pub fn boolean(node: Node<'_, '_>) -> Result<bool, DecodeError> {
    match text(node)?.trim() {
        "true" => Ok(true),
        "false" => Ok(false),
        other => Err(error_at(
            node,
            format!("expected true or false, found {other:?}"),
        )),
    }
}

/// A decimal integer of type `T` (overflow is an error, never a wrap).
pub fn integer<T: FromStr>(node: Node<'_, '_>) -> Result<T, DecodeError> {
    let t = text(node)?;
    t.trim()
        .parse::<T>()
        .map_err(|_| error_at(node, format!("expected an integer, found {:?}", t.as_ref())))
}

/// An ISO 8601 UTC timestamp with 0 to 9 fractional digits.
pub fn timestamp(node: Node<'_, '_>) -> Result<SystemTime, DecodeError> {
    let t = text(node)?;
    crate::time::parse_iso8601(&t).ok_or_else(|| {
        error_at(
            node,
            format!("expected an ISO 8601 timestamp, found {:?}", t.as_ref()),
        )
    })
}

/// Text of the required child `name`.
pub fn child_string(node: Node<'_, '_>, name: &str) -> Result<String, DecodeError> {
    string(required_child(node, name)?)
}

/// Text of the optional child `name`.
pub fn opt_child_string(node: Node<'_, '_>, name: &str) -> Result<Option<String>, DecodeError> {
    child(node, name).map(string).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_path_names_the_element() {
        let doc = parse_document(
            "<Distribution xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\"><DistributionConfig><Enabled>yes</Enabled></DistributionConfig></Distribution>",
        )
        .unwrap();
        let cfg = required_child(doc.root_element(), "DistributionConfig").unwrap();
        let err = boolean(required_child(cfg, "Enabled").unwrap()).unwrap_err();
        assert_eq!(err.path, "Distribution/DistributionConfig/Enabled");
        let missing = required_child(cfg, "Comment").unwrap_err();
        assert_eq!(missing.path, "Distribution/DistributionConfig/Comment");
    }

    #[test]
    fn text_resolves_entities_and_cdata() {
        let doc = parse_document("<a><b>x &amp; <![CDATA[<y>]]> z</b></a>").unwrap();
        let b = child(doc.root_element(), "b").unwrap();
        assert_eq!(text(b).unwrap(), "x & <y> z");
    }

    #[test]
    fn integers_do_not_wrap() {
        let doc = parse_document("<a><q>99999999999999999999</q></a>").unwrap();
        assert!(integer::<i64>(child(doc.root_element(), "q").unwrap()).is_err());
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = "<a>".repeat(10_000) + &"</a>".repeat(10_000);
        let err = parse_document(&deep).unwrap_err();
        assert!(err.message.contains("nested deeper"), "{err}");
        let ok = "<a>".repeat(MAX_DEPTH) + &"</a>".repeat(MAX_DEPTH);
        assert!(parse_document(&ok).is_ok());
    }

    #[test]
    fn nesting_hidden_in_attribute_values_or_comments_is_refused() {
        // Before the pre-scan skipped quoted values and comments, each of these hid its
        // nesting from it (recursive decoding was still bounded by its own guard).
        let n = MAX_DEPTH + 10;
        let attr = "<a x=\"/>\">".repeat(n) + &"</a>".repeat(n);
        let single = "<a x='/>'>".repeat(n) + &"</a>".repeat(n);
        let comment = "<a>".repeat(60)
            + "<!--"
            + &"</a>".repeat(60)
            + "-->"
            + &"<a>".repeat(60)
            + &"</a>".repeat(120);
        for doc in [attr, single, comment] {
            let err = parse_document(&doc).unwrap_err();
            assert!(err.message.contains("nested deeper"), "{err}");
        }
        // Markup-like text in comments, CDATA and attribute values does not count.
        let fine = format!(
            "<a x=\"/>>/>\" y='>'><!-- {} --><![CDATA[{}]]><?pi <c><c>?></a>",
            "<d>".repeat(100),
            "<e>".repeat(100)
        );
        assert!(parse_document(&fine).is_ok());
    }

    #[test]
    fn dtd_is_refused() {
        let bomb = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">]><a>&lol;</a>";
        assert!(parse_document(bomb).is_err());
    }
}
