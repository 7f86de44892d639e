//! The one codec for CloudFront's list wrapper:
//! `<Wrapper><Quantity>N</Quantity><Items><Item/>...</Items></Wrapper>`.
//!
//! Every list in the API (aliases, origins, cache behaviors, paths, methods, ...) goes
//! through [`read_list`] and [`write_list`]. Reading checks that `Quantity` equals the number
//! of items and never pre-allocates from `Quantity`; writing always derives `Quantity` from the
//! items, so the two can never disagree.

use roxmltree::Node;

use crate::error::DecodeError;
use crate::xml::read::{self, error_at};
use crate::xml::unknown::UnknownElements;
use crate::xml::write::XmlOut;

/// Anchors for unknown children of a list wrapper: before `Quantity`, after `Quantity`,
/// after `Items`.
pub const ANCHOR_AFTER_QUANTITY: usize = 1;
/// See [`ANCHOR_AFTER_QUANTITY`].
pub const ANCHOR_AFTER_ITEMS: usize = 2;

/// Decodes a list wrapper. `item` is the element name of each entry (`CNAME`, `Origin`,
/// `Path`, ...); `decode` turns one entry element into a value. Unknown children of the wrapper
/// are returned so that they can be written back.
pub fn read_list<'a, 'i, T>(
    wrapper: Node<'a, 'i>,
    item: &str,
    mut decode: impl FnMut(Node<'a, 'i>) -> Result<T, DecodeError>,
) -> Result<(Vec<T>, UnknownElements), DecodeError> {
    let mut quantity: Option<u64> = None;
    let mut items = Vec::new();
    let mut unknown = UnknownElements::new();
    let mut anchor = 0;
    for c in read::elements(wrapper) {
        match c.tag_name().name() {
            "Quantity" => {
                quantity = Some(read::integer(c)?);
                anchor = ANCHOR_AFTER_QUANTITY;
            }
            "Items" => {
                for entry in read::elements(c) {
                    if entry.tag_name().name() != item {
                        return Err(error_at(entry, format!("expected <{item}> inside <Items>")));
                    }
                    items.push(decode(entry)?);
                }
                anchor = ANCHOR_AFTER_ITEMS;
            }
            _ => unknown.capture(anchor, c)?,
        }
    }
    match quantity {
        None => Err(DecodeError::new(
            format!("{}/Quantity", read::node_path(wrapper)),
            "required element is missing",
        )),
        Some(q) if q != items.len() as u64 => Err(error_at(
            wrapper,
            format!("Quantity is {q} but there are {} items", items.len()),
        )),
        Some(_) => Ok((items, unknown)),
    }
}

/// Decodes a list of plain strings (`Aliases`, `Paths`, `AllowedMethods`, ...).
pub fn read_string_list(
    wrapper: Node<'_, '_>,
    item: &str,
) -> Result<(Vec<String>, UnknownElements), DecodeError> {
    read_list(wrapper, item, read::string)
}

/// Encodes a list wrapper named `wrapper` with `Quantity` = `items.len()` and, when there
/// are items, `<Items>` holding one `<item>` element per entry, whose content `encode`
/// writes. Unknown wrapper children (from decoding) are written back in place.
pub fn write_list<T>(
    out: &mut XmlOut,
    wrapper: &'static str,
    item: &'static str,
    items: &[T],
    unknown: &UnknownElements,
    mut encode: impl FnMut(&mut XmlOut, &T),
) {
    out.start(wrapper);
    unknown.write_at(0, out);
    out.display_element("Quantity", items.len());
    unknown.write_at(ANCHOR_AFTER_QUANTITY, out);
    if !items.is_empty() {
        out.start("Items");
        for it in items {
            out.start(item);
            encode(out, it);
            out.end();
        }
        out.end();
    }
    unknown.write_from(ANCHOR_AFTER_ITEMS, out);
    out.end();
}

/// Encodes a list of plain strings.
pub fn write_string_list<S: AsRef<str>>(
    out: &mut XmlOut,
    wrapper: &'static str,
    item: &'static str,
    items: &[S],
    unknown: &UnknownElements,
) {
    write_list(out, wrapper, item, items, unknown, |out, s| {
        out.text(s.as_ref())
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_with_quantity_from_items() {
        let mut out = XmlOut::new("Aliases");
        write_string_list(
            &mut out,
            "Aliases",
            "CNAME",
            &["a.example.com", "b.example.com"],
            &UnknownElements::new(),
        );
        let xml = out.finish().unwrap();
        assert!(xml.contains("<Aliases><Quantity>2</Quantity><Items><CNAME>a.example.com</CNAME><CNAME>b.example.com</CNAME></Items></Aliases>"), "{xml}");
        let doc = read::parse_document(&xml).unwrap();
        let w = read::child(doc.root_element(), "Aliases").unwrap();
        let (items, unknown) = read_string_list(w, "CNAME").unwrap();
        assert_eq!(items, vec!["a.example.com", "b.example.com"]);
        assert!(unknown.is_empty());
    }

    #[test]
    fn zero_items_writes_no_items_element_and_reads_either_form() {
        let mut out = XmlOut::new("R");
        write_string_list::<&str>(&mut out, "Aliases", "CNAME", &[], &UnknownElements::new());
        let xml = out.finish().unwrap();
        assert!(
            xml.contains("<Aliases><Quantity>0</Quantity></Aliases>"),
            "{xml}"
        );
        for body in [
            "<R><Aliases><Quantity>0</Quantity></Aliases></R>",
            "<R><Aliases><Quantity>0</Quantity><Items/></Aliases></R>",
        ] {
            let doc = read::parse_document(body).unwrap();
            let w = read::child(doc.root_element(), "Aliases").unwrap();
            assert!(read_string_list(w, "CNAME").unwrap().0.is_empty());
        }
    }

    #[test]
    fn quantity_mismatch_and_huge_quantity_are_errors_without_allocation() {
        let doc = read::parse_document(
            "<R><Aliases><Quantity>18446744073709551615</Quantity><Items><CNAME>a</CNAME></Items></Aliases></R>",
        )
        .unwrap();
        let w = read::child(doc.root_element(), "Aliases").unwrap();
        let err = read_string_list(w, "CNAME").unwrap_err();
        assert_eq!(err.path, "R/Aliases");
        assert!(err.message.contains("but there are 1 items"), "{err}");
    }

    #[test]
    fn unknown_wrapper_children_survive() {
        let body = "<R><Aliases><Quantity>1</Quantity><Future>x</Future><Items><CNAME>a</CNAME></Items><Later/></Aliases></R>";
        let doc = read::parse_document(body).unwrap();
        let w = read::child(doc.root_element(), "Aliases").unwrap();
        let (items, unknown) = read_string_list(w, "CNAME").unwrap();
        assert_eq!(unknown.len(), 2);
        let mut out = XmlOut::new("R");
        write_string_list(&mut out, "Aliases", "CNAME", &items, &unknown);
        let xml = out.finish().unwrap();
        assert!(xml.contains("<Aliases><Quantity>1</Quantity><Future>x</Future><Items><CNAME>a</CNAME></Items><Later/></Aliases>"), "{xml}");
    }

    #[test]
    fn wrong_item_name_is_an_error_not_a_silent_drop() {
        let doc = read::parse_document(
            "<R><Aliases><Quantity>1</Quantity><Items><Alias>a</Alias></Items></Aliases></R>",
        )
        .unwrap();
        let w = read::child(doc.root_element(), "Aliases").unwrap();
        assert!(read_string_list(w, "CNAME").is_err());
    }
}
