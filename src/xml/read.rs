//! Reading CloudFront XML with `roxmltree`: namespace-aware element lookup, typed text,
//! and error paths computed only when something fails (no allocation on the happy path).

use std::str::FromStr;
use std::time::SystemTime;

use roxmltree::{Document, Node, ParsingOptions};

use crate::error::{DecodeError, bounded_owned, quote_bounded};

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
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
        ..ParsingOptions::default()
    };
    let doc = Document::parse_with_options(text, options).map_err(|e| {
        DecodeError::new(
            "",
            format!("malformed XML: {}", bounded_owned(&e.to_string())),
        )
    })?;
    check_depth(&doc)?;
    Ok(doc)
}

/// Refuses element nesting deeper than [`MAX_DEPTH`], so that no later recursive walk can
/// exhaust the stack. (`roxmltree` itself parses nesting iteratively, so the check can run on
/// the parsed tree.)
///
/// One pass over the nodes in document order (a slice walk in `roxmltree`), keeping the chain
/// of open ancestors in a fixed array: no allocation, no recursion, exact (comments, CDATA
/// and attribute values cannot fool it). It replaced a scan of the text for `<` and `>`
/// that took ~10% of decoding a 250 KB `DistributionList` page, more than this walk.
fn check_depth(doc: &Document<'_>) -> Result<(), DecodeError> {
    // Ids of the open elements from the outermost; the document node (id 0) is never in it.
    let mut chain = [0u32; MAX_DEPTH];
    let mut depth = 0usize;
    for node in doc.root().descendants().filter(Node::is_element) {
        let parent = node.parent().map_or(0, |p| p.id().get());
        // The parent is open (document order), so it is in the chain or is the document.
        while depth > 0 && chain[depth - 1] != parent {
            depth -= 1;
        }
        if depth == MAX_DEPTH {
            return Err(DecodeError::new(
                "",
                format!("XML nested deeper than {MAX_DEPTH} levels"),
            ));
        }
        chain[depth] = node.id().get();
        depth += 1;
    }
    Ok(())
}

/// The slash-separated path of element names from the root to `node`, for error messages.
/// Element names come from the server: the path is cut to a bounded size (with a note), so
/// that a hostile name cannot make the error as large as the response.
pub fn node_path(node: Node<'_, '_>) -> String {
    let mut names: Vec<&str> = node
        .ancestors()
        .filter(|n| n.is_element())
        .map(|n| n.tag_name().name())
        .collect();
    names.reverse();
    bounded_owned(&names.join("/"))
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
            format!("expected true or false, found {}", quote_bounded(other)),
        )),
    }
}

/// A decimal integer of type `T` (overflow is an error, never a wrap).
pub fn integer<T: FromStr>(node: Node<'_, '_>) -> Result<T, DecodeError> {
    let t = text(node)?;
    t.trim().parse::<T>().map_err(|_| {
        error_at(
            node,
            format!("expected an integer, found {}", quote_bounded(&t)),
        )
    })
}

/// An ISO 8601 UTC timestamp with 0 to 9 fractional digits.
pub fn timestamp(node: Node<'_, '_>) -> Result<SystemTime, DecodeError> {
    let t = text(node)?;
    crate::time::parse_iso8601(&t).ok_or_else(|| {
        error_at(
            node,
            format!(
                "expected an ISO 8601 timestamp, found {}",
                quote_bounded(&t)
            ),
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

    /// Nesting depth computed the obvious way (recursion; fine for test inputs).
    fn max_depth(node: Node<'_, '_>) -> usize {
        node.children()
            .filter(Node::is_element)
            .map(|c| 1 + max_depth(c))
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn depth_check_is_exact() {
        let n = MAX_DEPTH;
        let deep = |levels: usize| "<a>".repeat(levels) + &"</a>".repeat(levels);
        let cases = [
            deep(n),
            deep(n + 1),
            // Siblings at every level, then climbing back and going down again.
            "<r>".to_string() + &"<e/><f>x</f>".repeat(3 * n) + &deep(n - 1) + &deep(n) + "</r>",
            "<r>".to_string() + &"<e/>".repeat(10 * n) + &deep(n - 1) + "</r>",
            // Tags inside comments, CDATA and attribute values are not elements.
            "<r>".to_string() + &"<!-- <b><b> -->".repeat(n) + &deep(n - 1) + "</r>",
            "<r>".to_string() + &"<![CDATA[<x><y>]]>".repeat(n) + "</r>",
            "<r>".to_string() + &"<a x=\"/>\">".repeat(n) + &"</a>".repeat(n) + "</r>",
            "<?xml version=\"1.0\"?><r>".to_string() + &deep(n - 1) + "</r>",
        ];
        for case in &cases {
            let doc = Document::parse(case).unwrap();
            let depth = max_depth(doc.root());
            assert_eq!(
                check_depth(&doc).is_ok(),
                depth <= MAX_DEPTH,
                "depth {depth}: {case:.60}"
            );
        }
        assert!(parse_document(&cases[0]).is_ok());
        assert!(parse_document(&cases[1]).is_err());
        // An attribute value holding "/>" used to hide a level from the text scan.
        assert!(parse_document(&cases[6]).is_err());
    }

    #[test]
    fn very_deep_documents_are_refused_without_exhausting_the_stack() {
        let levels = 200_000;
        let deep = "<a>".repeat(levels) + &"</a>".repeat(levels);
        let err = parse_document(&deep).unwrap_err();
        assert!(err.message.contains("nested deeper"), "{err}");
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
