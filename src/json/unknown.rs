//! Elements unknown to this crate, as JSON members and back (the rules are in the
//! [module documentation](super)).

use super::Json;
use crate::error::DecodeError;
use crate::xml::read;
use crate::xml::{RawElement, RawNode};

/// The member name of the verbatim form, `{"@xml": "<A>...</A>"}`.
pub const VERBATIM: &str = "@xml";

/// An unknown element's JSON value.
pub fn element_to_json(e: &RawElement) -> Json {
    if !e.attributes.is_empty() {
        return verbatim(e);
    }
    let mut text = String::new();
    let mut children = Vec::new();
    for c in &e.children {
        match c {
            RawNode::Text(t) => text.push_str(t),
            RawNode::Element(child) => children.push(child),
        }
    }
    if children.is_empty() {
        return scalar(text);
    }
    let mixed = !text.trim().is_empty();
    let repeated = children
        .iter()
        .enumerate()
        .any(|(i, c)| children[..i].iter().any(|d| d.name == c.name));
    if mixed || repeated {
        return verbatim(e);
    }
    Json::Object(
        children
            .into_iter()
            .map(|c| (c.name.clone(), element_to_json(c)))
            .collect(),
    )
}

/// Text as the AWS CLI would most likely print it: booleans and canonical integers typed.
fn scalar(text: String) -> Json {
    match text.as_str() {
        "true" => return Json::Bool(true),
        "false" => return Json::Bool(false),
        _ => {}
    }
    let digits = text.strip_prefix('-').unwrap_or(&text);
    let canonical = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
        && text != "-0";
    if canonical {
        if let Ok(n) = text.parse::<i64>() {
            return if n >= 0 {
                Json::UInt(n as u64)
            } else {
                Json::Int(n)
            };
        }
    }
    Json::String(text)
}

/// `{"@xml": "<A ...>...</A>"}`: the element written out verbatim.
pub fn verbatim(e: &RawElement) -> Json {
    Json::Object(vec![(VERBATIM.to_string(), Json::String(xml_of(e)))])
}

/// The element as an XML fragment (no declaration, no namespace declaration).
fn xml_of(e: &RawElement) -> String {
    let mut out = String::new();
    write_fragment(e, &mut out);
    out
}

fn write_fragment(e: &RawElement, out: &mut String) {
    out.push('<');
    out.push_str(&e.name);
    for (k, v) in &e.attributes {
        out.push(' ');
        out.push_str(k);
        out.push_str("=\"");
        escape(v, true, out);
        out.push('"');
    }
    if e.children.is_empty() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    for c in &e.children {
        match c {
            RawNode::Text(t) => escape(t, false, out),
            RawNode::Element(child) => write_fragment(child, out),
        }
    }
    out.push_str("</");
    out.push_str(&e.name);
    out.push('>');
}

fn escape(text: &str, attribute: bool, out: &mut String) {
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// When `value` is the verbatim form, the element it holds.
pub fn from_verbatim(value: &Json, path: &str) -> Result<Option<RawElement>, DecodeError> {
    let Json::Object(members) = value else {
        return Ok(None);
    };
    let [(key, Json::String(xml))] = members.as_slice() else {
        return Ok(None);
    };
    if key != VERBATIM {
        return Ok(None);
    }
    let doc = read::parse_document(xml)
        .map_err(|e| DecodeError::new(path, format!("bad {VERBATIM} fragment: {e}")))?;
    RawElement::from_node(doc.root_element()).map(Some)
}

/// An unknown member `name` with JSON `value`, as an element. Nested deeper than the XML
/// layer accepts ([`MAX_DEPTH`](crate::xml::read::MAX_DEPTH)): an error.
pub fn json_to_element(name: &str, value: Json, path: &str) -> Result<RawElement, DecodeError> {
    to_element(name, value, path, 0)
}

fn to_element(
    name: &str,
    value: Json,
    path: &str,
    depth: usize,
) -> Result<RawElement, DecodeError> {
    if depth > read::MAX_DEPTH {
        return Err(DecodeError::new(path, "nested too deeply"));
    }
    if let Some(e) = from_verbatim(&value, path)? {
        if e.name != name {
            return Err(DecodeError::new(
                path,
                format!("the {VERBATIM} fragment is <{}>, not <{name}>", e.name),
            ));
        }
        return Ok(e);
    }
    let text = |t: String| {
        if t.is_empty() {
            Vec::new()
        } else {
            vec![RawNode::Text(t)]
        }
    };
    let children = match value {
        Json::String(s) => text(s),
        Json::Bool(b) => text(b.to_string()),
        Json::Int(n) => text(n.to_string()),
        Json::UInt(n) => text(n.to_string()),
        Json::Float(f) => text(f.to_string()),
        Json::Object(members) => members
            .into_iter()
            .map(|(k, v)| {
                let p = format!("{path}/{k}");
                to_element(&k, v, &p, depth + 1).map(RawNode::Element)
            })
            .collect::<Result<_, _>>()?,
        Json::Array(_) => {
            return Err(DecodeError::new(
                path,
                format!(
                    "a list under a member this crate does not know cannot be written as XML (the item element name is not known): write it as {{\"{VERBATIM}\": \"<{name}>...</{name}>\"}}, or use a newer version of this crate"
                ),
            ));
        }
        Json::Null => {
            return Err(DecodeError::new(
                path,
                "null is not a value CloudFront accepts",
            ));
        }
    };
    Ok(RawElement {
        name: name.to_string(),
        attributes: Vec::new(),
        children,
    })
}
