//! Keeping what we do not understand: elements AWS adds after this crate was written are
//! captured on decode, with their position, and written back in place on encode, so a
//! read-modify-write never drops a setting.

use std::cell::Cell;

use roxmltree::Node;

use crate::error::DecodeError;
use crate::xml::read::{MAX_DEPTH, error_at};
use crate::xml::write::XmlOut;

/// The unknown elements kept from one document may take one heap byte per this many bytes
/// of its text (plus [`KEPT_MARGIN`]). A copy costs far more than the text it copies (an
/// empty `<a/>` of 4 bytes becomes a ~160-byte [`RawElement`]), so without a budget a body
/// made of unknown elements would cost dozens of times its size.
pub const INPUT_BYTES_PER_KEPT_BYTE: usize = 2;

/// Heap bytes of unknown elements every document may keep whatever its size. Real
/// responses keep a handful of elements AWS added after this crate was written.
pub const KEPT_MARGIN: usize = 4 * 1024 * 1024;

/// Estimated heap cost of one kept element (struct, its slot in the parent's list with
/// growth slack, and the name's allocation), before its name's bytes.
const ELEMENT_COST: usize = 160;
/// Estimated heap cost of one kept attribute or text, before its bytes.
const PIECE_COST: usize = 64;

thread_local! {
    /// What is left of the unknown-element budget of the document being decoded on this
    /// thread, with the document's identity (address and length of its text).
    static KEPT_BUDGET: Cell<(usize, usize, usize)> = const { Cell::new((0, 0, 0)) };
}

/// The unknown-element budget of a document of `len` bytes.
fn kept_budget(len: usize) -> usize {
    (len / INPUT_BYTES_PER_KEPT_BYTE).saturating_add(KEPT_MARGIN)
}

/// Gives the document whose text is `text` a fresh budget (called when it is parsed).
pub(crate) fn start_document(text: &str) {
    let id = (text.as_ptr() as usize, text.len());
    KEPT_BUDGET.with(|b| b.set((id.0, id.1, kept_budget(text.len()))));
}

/// Takes `cost` bytes from the budget of `node`'s document, or fails naming `node`. A
/// document this thread did not parse last (decoded later, or interleaved with another)
/// starts over with a fresh budget: the bound is per document decode, never shared.
fn charge(node: Node<'_, '_>, cost: usize) -> Result<(), DecodeError> {
    let text = node.document().input_text();
    let id = (text.as_ptr() as usize, text.len());
    KEPT_BUDGET.with(|b| {
        let (ptr, len, mut left) = b.get();
        if (ptr, len) != id {
            left = kept_budget(text.len());
        }
        if cost > left {
            b.set((id.0, id.1, 0));
            return Err(error_at(
                node,
                format!(
                    "more unknown elements than a {}-byte CloudFront response can hold \
                     (budget for kept unknown elements: {} bytes); refused",
                    text.len(),
                    kept_budget(text.len())
                ),
            ));
        }
        b.set((id.0, id.1, left - cost));
        Ok(())
    })
}

/// An XML element kept verbatim: name, attributes and children (elements and text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawElement {
    /// The element's local name.
    pub name: String,
    /// Attributes, in document order. One in a namespace is named with its prefix (`p:x`),
    /// and the declarations of those prefixes (`xmlns:p`) follow the attributes; other
    /// namespace declarations are not kept.
    pub attributes: Vec<(String, String)>,
    /// Child elements and text, in document order.
    pub children: Vec<RawNode>,
}

/// A child of a [`RawElement`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawNode {
    /// A nested element.
    Element(RawElement),
    /// Text (entities resolved; CDATA included).
    Text(String),
}

/// The attributes of `node`. An attribute in a namespace keeps its prefix (`p:x`), and the
/// prefix's declaration (`xmlns:p`) is added after the attributes, so that the element is
/// written back well-formed: by local name alone, `x` and `p:x` would both become `x`, a
/// duplicate attribute that no parser accepts.
fn capture_attributes(node: Node<'_, '_>) -> Vec<(String, String)> {
    let mut attributes = Vec::new();
    let mut declarations: Vec<(String, String)> = Vec::new();
    for (i, a) in node.attributes().enumerate() {
        let Some(uri) = a.namespace() else {
            attributes.push((a.name().to_string(), a.value().to_string()));
            continue;
        };
        let prefix = if uri == XML_NAMESPACE {
            "xml".to_string()
        } else {
            let prefix = node
                .namespaces()
                .find(|ns| ns.uri() == uri && ns.name().is_some())
                .and_then(|ns| ns.name())
                .map_or_else(|| format!("ns{i}"), str::to_string);
            let declaration = format!("xmlns:{prefix}");
            if !declarations.iter().any(|(k, _)| *k == declaration) {
                declarations.push((declaration, uri.to_string()));
            }
            prefix
        };
        attributes.push((format!("{prefix}:{}", a.name()), a.value().to_string()));
    }
    attributes.extend(declarations);
    attributes
}

/// The namespace the `xml:` prefix is bound to without a declaration.
const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

impl RawElement {
    /// Captures `node` and everything below it.
    pub fn from_node(node: Node<'_, '_>) -> Result<Self, DecodeError> {
        Self::capture(node, 0)
    }

    fn capture(node: Node<'_, '_>, depth: usize) -> Result<Self, DecodeError> {
        if depth > MAX_DEPTH {
            return Err(error_at(node, "unknown element nested too deeply"));
        }
        let attributes_cost: usize = node
            .attributes()
            .map(|a| PIECE_COST + a.name().len() + a.value().len())
            .sum();
        charge(
            node,
            ELEMENT_COST + node.tag_name().name().len() + attributes_cost,
        )?;
        let attributes = capture_attributes(node);
        let mut children = Vec::new();
        for c in node.children() {
            if c.is_element() {
                children.push(RawNode::Element(Self::capture(c, depth + 1)?));
            } else if let Some(t) = c.text() {
                if c.is_text() {
                    charge(c, PIECE_COST + t.len())?;
                    children.push(RawNode::Text(t.to_string()));
                }
            }
        }
        Ok(RawElement {
            name: node.tag_name().name().to_string(),
            attributes,
            children,
        })
    }

    /// Writes the element back.
    pub fn write(&self, out: &mut XmlOut) {
        out.start_dynamic(&self.name);
        for (k, v) in &self.attributes {
            out.attribute(k, v);
        }
        for c in &self.children {
            match c {
                RawNode::Element(e) => e.write(out),
                RawNode::Text(t) => out.text(t),
            }
        }
        out.end();
    }
}

/// Unknown child elements of one structure, each anchored after the known member that
/// preceded it (anchor 0: before the first known member; anchor `i + 1`: after member `i` in
/// model order), so encoding puts each back where it was.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnknownElements(Vec<(usize, RawElement)>);

impl UnknownElements {
    /// No unknown elements.
    pub const fn new() -> Self {
        UnknownElements(Vec::new())
    }

    /// True when nothing unknown was seen.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many unknown elements are kept.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The kept elements, in document order.
    pub fn iter(&self) -> impl Iterator<Item = &RawElement> {
        self.0.iter().map(|(_, e)| e)
    }

    /// The kept elements with their anchors, in document order.
    pub fn anchored(&self) -> impl Iterator<Item = (usize, &RawElement)> {
        self.0.iter().map(|(a, e)| (*a, e))
    }

    /// Keeps `node`, anchored at `anchor`.
    pub fn capture(&mut self, anchor: usize, node: Node<'_, '_>) -> Result<(), DecodeError> {
        self.0.push((anchor, RawElement::from_node(node)?));
        Ok(())
    }

    /// Adds an element at `anchor` (for building documents by hand).
    pub fn push(&mut self, anchor: usize, element: RawElement) {
        self.0.push((anchor, element));
    }

    /// Writes the elements anchored at `anchor`.
    #[inline]
    pub fn write_at(&self, anchor: usize, out: &mut XmlOut) {
        if self.0.is_empty() {
            return;
        }
        for (a, e) in &self.0 {
            if *a == anchor {
                e.write(out);
            }
        }
    }

    /// Writes the elements anchored at or after `anchor` (the tail of a structure).
    pub fn write_from(&self, anchor: usize, out: &mut XmlOut) {
        for (a, e) in &self.0 {
            if *a >= anchor {
                e.write(out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::DistributionConfig;

    const CONFIG: &str = include_str!("../../fixtures/distribution/maximal-config.xml");

    fn round_trip(future: &str) -> DistributionConfig {
        let doc = CONFIG.replacen("<Comment>", &format!("{future}<Comment>"), 1);
        let config = DistributionConfig::from_xml(&doc).unwrap();
        let xml = config.to_xml().unwrap();
        let again = DistributionConfig::from_xml(&xml)
            .unwrap_or_else(|e| panic!("our own encoding does not decode: {e}\n{xml}"));
        assert_eq!(again, config);
        again
    }

    #[test]
    fn namespaced_attributes_keep_their_prefix_and_stay_well_formed() {
        // By local name alone these were written as x="1" x="2": malformed XML.
        let c = round_trip(r#"<Future xmlns:p="urn:p" x="1" p:x="2"><Inner p:y="3"/></Future>"#);
        let future = c.unknown.iter().find(|e| e.name == "Future").unwrap();
        assert_eq!(
            future.attributes,
            [
                ("x".to_string(), "1".to_string()),
                ("p:x".to_string(), "2".to_string()),
                ("xmlns:p".to_string(), "urn:p".to_string()),
            ]
        );
        // The same URI also bound as the default namespace, and the predeclared xml prefix.
        round_trip(r#"<Future xmlns="urn:p" xmlns:q="urn:p" q:x="1" x="2" xml:lang="en"/>"#);
    }
}
