//! Reading CloudFront XML with `roxmltree`: namespace-aware element lookup, typed text,
//! and error paths computed only when something fails (no allocation on the happy path).

use std::str::FromStr;
use std::time::SystemTime;

use roxmltree::{Document, Node, ParsingOptions};

use crate::error::{DecodeError, bounded_owned, quote_bounded};

/// The XML namespace of API 2020-05-31, on the root of every request and response body.
pub const NAMESPACE: &str = "http://cloudfront.amazonaws.com/doc/2020-05-31/";

/// Most nodes a response document may have, whatever its size (a 16 MiB body cannot hold
/// more than about 5.6 million; the [parse budget](parse_document) is usually far lower).
pub const MAX_NODES: u32 = 8_000_000;

/// Deepest element nesting accepted. CloudFront's deepest documents nest about a dozen
/// levels; anything far deeper is hostile and is refused before any recursive decoding.
pub const MAX_DEPTH: usize = 64;

/// Heap bytes a parsed document may take per byte of its text (the parse budget, with
/// [`TREE_MARGIN`]).
pub const TREE_BYTES_PER_INPUT_BYTE: usize = 2;

/// Heap bytes every parsed document may take whatever its size: room for the largest
/// legitimate CloudFront responses (a page of 100 distributions with large configurations
/// is about 1.5 MB of text and 6 MB of tree).
pub const TREE_MARGIN: usize = 24 * 1024 * 1024;

/// Heap bytes per node of a `roxmltree` tree (56, measured with `positions` off), plus the
/// header of the string it allocates when a text holds entities.
const NODE_BYTES: usize = 72;
/// Heap bytes per attribute of a `roxmltree` tree (measured).
const ATTRIBUTE_BYTES: usize = 48;

/// Most attributes (namespace declarations included) on one element. CloudFront sends
/// none but the root's `xmlns`; the parser checks each attribute against the element's
/// others, so thousands on one element would cost quadratic time.
pub const MAX_ATTRIBUTES_PER_ELEMENT: usize = 64;

/// Below this many `=` in a whole document, attributes per element are not counted (even
/// all on one element, the parser's duplicate check stays cheap).
const FEW_EQUALS: usize = 4096;

/// The parse budget of a document of `len` bytes.
fn tree_budget(len: usize) -> usize {
    len.saturating_mul(TREE_BYTES_PER_INPUT_BYTE)
        .saturating_add(TREE_MARGIN)
}

/// Parses `text` into a document, with DTDs refused, a depth limit, and a memory budget.
///
/// # The parse budget
///
/// A tree costs about 56 bytes per node and 48 per attribute, whatever the node holds, so
/// a body of tiny elements (`<a/>` is 4 bytes) would cost 14 times its size. Before
/// anything is parsed, the `<` and `=` of the text are counted (an upper bound on elements
/// and attributes, which is also what `roxmltree` reserves room for) and the tree's size is
/// estimated; a document whose tree would exceed [`TREE_BYTES_PER_INPUT_BYTE`] bytes per
/// byte of text plus [`TREE_MARGIN`] is refused with a [`DecodeError`], and the node limit
/// given to the parser keeps it within that bound. With the body itself and the unknown
/// elements kept (see [`crate::xml::UnknownElements`]), one response costs at most about
/// 4 times its size plus a fixed margin, whatever its shape. CloudFront's real responses are
/// far within it (a full page of distributions is about 1.5 MB).
///
/// The first document of 32 KB or more a process parses also allocates and frees one
/// untouched 4 MiB block, once, so that glibc's `malloc` serves later page-sized trees from
/// its heap instead of a fresh `mmap` each (`warm_allocator` in the source says why).
pub fn parse_document(text: &str) -> Result<Document<'_>, DecodeError> {
    let nodes_limit = nodes_limit(text)?;
    if text.len() >= LARGE_DOCUMENT {
        warm_allocator();
    }
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit,
        ..ParsingOptions::default()
    };
    let doc = Document::parse_with_options(text, options).map_err(|e| match e {
        roxmltree::Error::NodesLimitReached => over_budget(text.len()),
        e => DecodeError::new(
            "",
            format!("malformed XML: {}", bounded_owned(&e.to_string())),
        ),
    })?;
    check_depth(&doc)?;
    crate::xml::unknown::start_document(text);
    Ok(doc)
}

/// Documents from this size on (in bytes of text) have a tree larger than glibc's initial
/// `mmap` threshold (128 KiB): see [`warm_allocator`].
const LARGE_DOCUMENT: usize = 32 * 1024;

/// The size of the one allocation [`warm_allocator`] makes and frees.
const ALLOCATOR_WARM_UP: usize = 4 * 1024 * 1024;

/// Once per process, before the first large document is parsed: allocates and frees
/// [`ALLOCATOR_WARM_UP`] bytes (never touched, so never resident).
///
/// Why: a page of 100 distributions (250 KB) parses into a ~700 KB tree. glibc's `malloc`
/// serves blocks over its `mmap` threshold (128 KiB at start) with a fresh `mmap` and gives
/// them back with `munmap` on `free`, so every page's tree was a fresh mapping, faulted in
/// 4 KiB at a time and zeroed by the kernel: about 170 page faults per page, 17,000 for a
/// listing of 10,000, a fifth of the listing's CPU time. glibc raises that threshold by
/// itself to the size of the largest mapped block freed so far (its "dynamic threshold",
/// at most 32 MiB) and keeps up to twice that of free memory at the top of its heap; this
/// frees one 4 MiB block early, so that trees up to 4 MiB come from the heap and are
/// reused from page to page (at most 8 MiB of freed heap stays with the process). Other
/// allocators ignore it: an allocation and a free, nothing else.
fn warm_allocator() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let block = Vec::<u8>::with_capacity(ALLOCATOR_WARM_UP);
        // Keeps the optimizer from removing the allocation and its free.
        drop(std::hint::black_box(block));
    });
}

/// The node limit for `text` under the parse budget, or the budget error when even the
/// room the parser reserves up front (one node per `<`, one attribute per `=`) exceeds it.
///
/// Nodes are at most twice the `<` (each element or text run ends at one) plus one. When
/// that many fit, that is the limit; otherwise the limit is the `<` count, so that the
/// node array never grows past what was reserved (a compact document, without white space
/// between elements, has fewer nodes than `<`).
fn nodes_limit(text: &str) -> Result<u32, DecodeError> {
    let bytes = text.as_bytes();
    let lt = memchr::memchr_iter(b'<', bytes).count();
    let eq = memchr::memchr_iter(b'=', bytes).count();
    let budget = tree_budget(text.len());
    let cost = |nodes: usize| {
        nodes
            .saturating_mul(NODE_BYTES)
            .saturating_add(eq.saturating_mul(ATTRIBUTE_BYTES))
            .saturating_add(text.len())
    };
    if eq > FEW_EQUALS && most_attributes_on_one_element(bytes) > MAX_ATTRIBUTES_PER_ELEMENT {
        return Err(DecodeError::new(
            "",
            format!("an element has more than {MAX_ATTRIBUTES_PER_ELEMENT} attributes; refused"),
        ));
    }
    let limit = if cost(2 * lt + 1) <= budget {
        2 * lt + 1
    } else if cost(lt) <= budget {
        lt.max(1)
    } else {
        return Err(over_budget(text.len()));
    };
    Ok(u32::try_from(limit).unwrap_or(u32::MAX).min(MAX_NODES))
}

/// The most `=` outside quoted values within one tag (`<` to `>`): an upper bound on the
/// attributes and namespace declarations of any element. Only tags are scanned byte by
/// byte; the text between them is skipped with `memchr`.
fn most_attributes_on_one_element(bytes: &[u8]) -> usize {
    let mut most = 0;
    let mut at = 0;
    while let Some(start) = memchr::memchr(b'<', &bytes[at..]).map(|i| at + i) {
        let mut count = 0;
        let mut quote = None;
        let mut i = start + 1;
        while i < bytes.len() {
            let b = bytes[i];
            match quote {
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None if b == b'"' || b == b'\'' => quote = Some(b),
                None if b == b'=' => count += 1,
                None if b == b'>' || b == b'<' => break,
                None => {}
            }
            i += 1;
        }
        most = most.max(count);
        at = i.max(start + 1);
    }
    most
}

/// The error for a document whose tree would exceed the parse budget.
fn over_budget(len: usize) -> DecodeError {
    DecodeError::new(
        "",
        format!(
            "the document has more elements and attributes than a {len}-byte CloudFront \
             response can hold (parse budget: {} bytes); refused",
            tree_budget(len)
        ),
    )
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
            bounded_owned(root.tag_name().name()),
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

/// `t` without surrounding white space. What CloudFront sends has none, and a text whose
/// first and last bytes are printable ASCII has none to trim: that case skips `str::trim`'s
/// Unicode-aware scan of both ends (half the cost of decoding a `Quantity` or an `Enabled`).
fn trimmed(t: &str) -> &str {
    match t.as_bytes() {
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => t,
        [only] if only.is_ascii_graphic() => t,
        _ => t.trim(),
    }
}

/// `true` or `false` (as CloudFront writes them; surrounding white space tolerated).
pub fn boolean(node: Node<'_, '_>) -> Result<bool, DecodeError> {
    match trimmed(&text(node)?) {
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
    trimmed(&t).parse::<T>().map_err(|_| {
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
        // 100,000 levels fit the parse budget and reach the depth check; 200,000 do not
        // (their tree would be about 20 times the text).
        for (levels, why) in [(100_000, "nested deeper"), (200_000, "parse budget")] {
            let deep = "<a>".repeat(levels) + &"</a>".repeat(levels);
            let err = parse_document(&deep).unwrap_err();
            assert!(err.message.contains(why), "{levels}: {err}");
        }
    }

    #[test]
    fn the_parse_budget_refuses_dense_documents_before_parsing() {
        // 4 bytes per node: 56 bytes of tree each, 14 times the text.
        let dense = format!("<r>{}</r>", "<a/>".repeat(2_000_000));
        let err = parse_document(&dense).unwrap_err();
        assert!(err.message.contains("parse budget"), "{err}");
        // The same number of nodes with more text each is fine.
        let sparse = format!(
            "<r>{}</r>",
            format!("<a>{}</a>", "x".repeat(64)).repeat(100_000)
        );
        assert!(parse_document(&sparse).is_ok());
    }

    #[test]
    fn the_node_limit_never_lets_the_tree_grow_past_its_reservation() {
        // Documents over the budget for 2 nodes per `<` but within it for one: the limit is
        // the `<` count. A compact one (fewer nodes than `<`) parses; one where every
        // element is followed by text (twice as many nodes) is stopped at the limit.
        let compact = format!("<r>{}</r>", "<a>xxxxxxxxxxxxxxxx</a>".repeat(150_000));
        let limit = nodes_limit(&compact).unwrap() as usize;
        let lt = compact.matches('<').count();
        assert_eq!(limit, lt, "the tight tier");
        assert!(parse_document(&compact).is_ok());
        let loose = format!("<r>{}</r>", "<a/>x".repeat(300_000));
        assert_eq!(
            nodes_limit(&loose).unwrap() as usize,
            loose.matches('<').count()
        );
        let err = parse_document(&loose).unwrap_err();
        assert!(err.message.contains("parse budget"), "{err}");
    }

    #[test]
    fn attributes_per_element_are_counted_outside_quoted_values() {
        let tag = |n: usize| {
            let attrs: String = (0..n).map(|i| format!(" a{i}='=\">'")).collect();
            format!("<e{attrs}/>")
        };
        assert_eq!(most_attributes_on_one_element(tag(3).as_bytes()), 3);
        assert_eq!(
            most_attributes_on_one_element(format!("<r>{}{}</r>", tag(2), tag(70)).as_bytes()),
            70
        );
        // `=` in text does not count.
        assert_eq!(most_attributes_on_one_element(b"<a>x=1&amp;y=2</a>"), 0);
        let many = format!("<r>{}{}</r>", "<a b=''/>".repeat(5000), tag(65));
        let err = parse_document(&many).unwrap_err();
        assert!(err.message.contains("attributes"), "{err}");
        let fine = format!("<r>{}{}</r>", "<a b=''/>".repeat(5000), tag(64));
        assert!(parse_document(&fine).is_ok());
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
    fn trimming_skips_only_texts_with_nothing_to_trim() {
        for (t, want) in [
            ("42", "42"),
            ("7", "7"),
            ("", ""),
            (" 42", "42"),
            ("42\n", "42"),
            ("\t true \r\n", "true"),
            ("\u{a0}5\u{2003}", "5"),
            ("é", "é"),
            (" ", ""),
        ] {
            assert_eq!(trimmed(t), want, "{t:?}");
            assert_eq!(trimmed(t), t.trim(), "{t:?}");
        }
        let doc = parse_document("<a><q> 12 </q><b>\ntrue\n</b></a>").unwrap();
        let q = child(doc.root_element(), "q").unwrap();
        assert_eq!(integer::<i32>(q).unwrap(), 12);
        assert!(boolean(child(doc.root_element(), "b").unwrap()).unwrap());
    }

    #[test]
    fn dtd_is_refused() {
        let bomb = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">]><a>&lol;</a>";
        assert!(parse_document(bomb).is_err());
    }
}
