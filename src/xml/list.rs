//! The one codec for CloudFront's list wrapper:
//! `<Wrapper><Quantity>N</Quantity><Items><Item/>...</Items></Wrapper>`.
//!
//! Every list in the API (aliases, origins, cache behaviors, paths, methods, ...) goes
//! through [`read_list`] and [`write_list`]. Reading checks that `Quantity` equals the number
//! of items and never pre-allocates from `Quantity`; writing always derives `Quantity` from the
//! items, so the two can never disagree.
//!
//! Typed lists use [`QuantityList`] (a wrapper with exactly `Quantity` and `Items`, such as
//! `Aliases`), which goes through [`read_list`]/[`write_list`]. The few structures whose
//! `Quantity` and `Items` sit beside other members (`TrustedSigners` has `Enabled`,
//! `DistributionList` has `Marker`, ...) use the building blocks those two are made of:
//! [`read_quantity`], [`read_items`], [`check_quantity`], [`write_quantity`], [`write_items`].
//! A handful of lists have no `Quantity` at all (`AliasICPRecordals`, `ParameterDefinitions`):
//! [`PlainList`] is their codec.

use roxmltree::Node;

use crate::error::DecodeError;
use crate::xml::read::{self, error_at};
use crate::xml::structure::{XmlValue, duplicate};
use crate::xml::unknown::UnknownElements;
use crate::xml::write::XmlOut;

/// Anchors for unknown children of a list wrapper: before `Quantity`, after `Quantity`,
/// after `Items`.
pub const ANCHOR_AFTER_QUANTITY: usize = 1;
/// See [`ANCHOR_AFTER_QUANTITY`].
pub const ANCHOR_AFTER_ITEMS: usize = 2;

/// Decodes a list wrapper. `item` is the element name of each entry (`CNAME`, `Origin`,
/// `Path`, ...); `decode` turns one entry element into a value. Unknown children of the wrapper
/// are returned so that they can be written back. A repeated `Quantity` or `Items` is an
/// error, not a silent overwrite.
pub fn read_list<'a, 'i, T>(
    wrapper: Node<'a, 'i>,
    item: &str,
    mut decode: impl FnMut(Node<'a, 'i>) -> Result<T, DecodeError>,
) -> Result<(Vec<T>, UnknownElements), DecodeError> {
    let mut quantity: Option<u64> = None;
    let mut items: Option<Vec<T>> = None;
    let mut unknown = UnknownElements::new();
    let mut anchor = 0;
    for c in read::elements(wrapper) {
        match c.tag_name().name() {
            "Quantity" => {
                quantity = Some(read_quantity(c, quantity.is_some())?);
                anchor = ANCHOR_AFTER_QUANTITY;
            }
            "Items" => {
                if items.is_some() {
                    return Err(duplicate(c));
                }
                items = Some(read_items(c, item, &mut decode)?);
                anchor = ANCHOR_AFTER_ITEMS;
            }
            _ => unknown.capture(anchor, c)?,
        }
    }
    let items = items.unwrap_or_default();
    check_quantity(wrapper, quantity, items.len())?;
    Ok((items, unknown))
}

/// Reads the text of a `Quantity` element. `seen_before` says whether the enclosing wrapper
/// already had one: a second `Quantity` is an error.
pub fn read_quantity(quantity: Node<'_, '_>, seen_before: bool) -> Result<u64, DecodeError> {
    if seen_before {
        return Err(duplicate(quantity));
    }
    read::integer(quantity)
}

/// The most entries [`read_items`] reserves room for up front (CloudFront pages hold at most
/// 1,000; longer lists grow as they are decoded).
pub const MAX_PREALLOCATED_ITEMS: usize = 1000;

/// Decodes the entries of an `<Items>` element, each of which must be named `item`. Nothing
/// is pre-allocated from `Quantity` (a number a hostile server could inflate): the vector is
/// sized from the entries actually in the document, counted first (a walk over sibling
/// links, far cheaper than the reallocations it saves: a page of 100 distribution summaries
/// of ~2 KB each was copied seven times while growing), but never beyond
/// [`MAX_PREALLOCATED_ITEMS`]: a decoded entry can be a hundred times larger than the
/// `<Item/>` that stands for it, so a body of a million empty entries must not reserve
/// gigabytes before the first one fails to decode.
pub fn read_items<'a, 'i, T>(
    items: Node<'a, 'i>,
    item: &str,
    mut decode: impl FnMut(Node<'a, 'i>) -> Result<T, DecodeError>,
) -> Result<Vec<T>, DecodeError> {
    let mut out = Vec::with_capacity(read::elements(items).count().min(MAX_PREALLOCATED_ITEMS));
    for entry in read::elements(items) {
        if entry.tag_name().name() != item {
            return Err(error_at(entry, format!("expected <{item}> inside <Items>")));
        }
        out.push(decode(entry)?);
    }
    Ok(out)
}

/// The number of items read so far by a structure's generated decoder: its `items` slot is
/// an `Option<Vec<T>>` until that member's own finishing step turns it into a `Vec<T>`
/// (which comes first when the model puts `Quantity` after `Items`, as in
/// `AnycastIpListCollection`).
#[doc(hidden)]
pub trait ItemsRead {
    /// How many items.
    fn items_read(&self) -> usize;
}

impl<T> ItemsRead for Option<Vec<T>> {
    fn items_read(&self) -> usize {
        self.as_ref().map_or(0, Vec::len)
    }
}

impl<T> ItemsRead for Vec<T> {
    fn items_read(&self) -> usize {
        self.len()
    }
}

/// Checks that the wrapper had a `Quantity` and that it equals the number of items read.
pub fn check_quantity(
    wrapper: Node<'_, '_>,
    quantity: Option<u64>,
    items: usize,
) -> Result<(), DecodeError> {
    match quantity {
        None => Err(DecodeError::new(
            format!("{}/Quantity", read::node_path(wrapper)),
            "required element is missing",
        )),
        Some(q) if q != items as u64 => Err(error_at(
            wrapper,
            format!("Quantity is {q} but there are {items} items"),
        )),
        Some(_) => Ok(()),
    }
}

/// Writes `<Quantity>n</Quantity>` with `n` = `count`.
pub fn write_quantity(out: &mut XmlOut, count: usize) {
    out.display_element("Quantity", count);
}

/// Writes `<Items>` with one `<item>` element per entry, whose content `encode` writes;
/// writes nothing when there are no items (what CloudFront expects for an empty list).
pub fn write_items<T>(
    out: &mut XmlOut,
    item: &'static str,
    items: &[T],
    mut encode: impl FnMut(&mut XmlOut, &T),
) {
    if !items.is_empty() {
        out.start("Items");
        for it in items {
            out.start(item);
            encode(out, it);
            out.end();
        }
        out.end();
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
    encode: impl FnMut(&mut XmlOut, &T),
) {
    out.start(wrapper);
    unknown.write_at(0, out);
    write_quantity(out, items.len());
    unknown.write_at(ANCHOR_AFTER_QUANTITY, out);
    write_items(out, item, items, encode);
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

/// A CloudFront list wrapper made of exactly `Quantity` and `Items` (`Aliases`, `Origins`,
/// `CacheBehaviors`, ...), with the wrapper's unknown children kept for lossless round trips.
///
/// `Quantity` is not stored: it is checked against the items when decoding and derived from
/// them when encoding. The item element name (`CNAME`, `Origin`, ...) belongs to the member
/// that holds the list, so it is passed to [`QuantityList::decode`] and
/// [`QuantityList::encode`].
///
/// ```
/// use cloudfront::xml::list::QuantityList;
///
/// let mut aliases: QuantityList<String> = ["www.example.com"].into_iter().map(String::from).collect();
/// aliases.push("cdn.example.com".to_string());
/// assert_eq!(aliases.len(), 2);
/// assert!(aliases.iter().any(|a| a == "cdn.example.com"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuantityList<T> {
    /// The entries, in document order.
    pub items: Vec<T>,
    /// Unknown children of the wrapper (anchors: 0 before `Quantity`,
    /// [`ANCHOR_AFTER_QUANTITY`], [`ANCHOR_AFTER_ITEMS`]).
    pub unknown: UnknownElements,
}

impl<T> Default for QuantityList<T> {
    fn default() -> Self {
        QuantityList {
            items: Vec::new(),
            unknown: UnknownElements::new(),
        }
    }
}

impl<T> QuantityList<T> {
    /// A list holding `items`.
    pub fn new(items: Vec<T>) -> Self {
        QuantityList {
            items,
            unknown: UnknownElements::new(),
        }
    }

    /// Number of entries (what `Quantity` will say).
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when there are no entries.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The entries.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    /// Appends an entry.
    pub fn push(&mut self, item: T) {
        self.items.push(item);
    }
}

impl<T: XmlValue> QuantityList<T> {
    /// Decodes the wrapper element `wrapper`, whose entries are named `item`.
    pub fn decode(wrapper: Node<'_, '_>, item: &str) -> Result<Self, DecodeError> {
        let (items, unknown) = read_list(wrapper, item, T::decode_xml)?;
        Ok(QuantityList { items, unknown })
    }

    /// Writes the wrapper element `wrapper` with entries named `item`.
    pub fn encode(&self, out: &mut XmlOut, wrapper: &'static str, item: &'static str) {
        write_list(out, wrapper, item, &self.items, &self.unknown, |out, v| {
            v.encode_content(out)
        });
    }

    /// Unknown elements kept in the wrapper and in every entry.
    pub fn unknown_element_count(&self) -> usize {
        self.unknown.len()
            + self
                .items
                .iter()
                .map(XmlValue::unknown_element_count)
                .sum::<usize>()
    }
}

impl<T> From<Vec<T>> for QuantityList<T> {
    fn from(items: Vec<T>) -> Self {
        QuantityList::new(items)
    }
}

impl<T> FromIterator<T> for QuantityList<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        QuantityList::new(iter.into_iter().collect())
    }
}

impl<'a, T> IntoIterator for &'a QuantityList<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

/// A list without `Quantity`: `<Wrapper><Item/><Item/>...</Wrapper>`, as `AliasICPRecordals`
/// and `ParameterDefinitions` are written. Unknown children of the wrapper are kept, anchored
/// at the number of entries that preceded them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainList<T> {
    /// The entries, in document order.
    pub items: Vec<T>,
    /// Unknown children of the wrapper (anchor `n`: after the `n`th entry).
    pub unknown: UnknownElements,
}

impl<T> Default for PlainList<T> {
    fn default() -> Self {
        PlainList {
            items: Vec::new(),
            unknown: UnknownElements::new(),
        }
    }
}

impl<T> PlainList<T> {
    /// A list holding `items`.
    pub fn new(items: Vec<T>) -> Self {
        PlainList {
            items,
            unknown: UnknownElements::new(),
        }
    }
}

impl<T: XmlValue> PlainList<T> {
    /// Decodes the wrapper element `wrapper`, whose entries are named `item`.
    pub fn decode(wrapper: Node<'_, '_>, item: &str) -> Result<Self, DecodeError> {
        let mut items = Vec::new();
        let mut unknown = UnknownElements::new();
        for c in read::elements(wrapper) {
            if c.tag_name().name() == item {
                items.push(T::decode_xml(c)?);
            } else {
                unknown.capture(items.len(), c)?;
            }
        }
        Ok(PlainList { items, unknown })
    }

    /// Writes the wrapper element `wrapper` with entries named `item`.
    pub fn encode(&self, out: &mut XmlOut, wrapper: &'static str, item: &'static str) {
        out.start(wrapper);
        for (i, v) in self.items.iter().enumerate() {
            self.unknown.write_at(i, out);
            v.encode_xml(item, out);
        }
        self.unknown.write_from(self.items.len(), out);
        out.end();
    }

    /// Unknown elements kept in the wrapper and in every entry.
    pub fn unknown_element_count(&self) -> usize {
        self.unknown.len()
            + self
                .items
                .iter()
                .map(XmlValue::unknown_element_count)
                .sum::<usize>()
    }
}

impl<T> From<Vec<T>> for PlainList<T> {
    fn from(items: Vec<T>) -> Self {
        PlainList::new(items)
    }
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

    #[test]
    fn plain_list_keeps_unknown_children_between_entries() {
        let body = "<R><L><Odd/><S>a</S><Mid>m</Mid><S>b</S><Tail/></L></R>";
        let doc = read::parse_document(body).unwrap();
        let w = read::child(doc.root_element(), "L").unwrap();
        let list = PlainList::<String>::decode(w, "S").unwrap();
        assert_eq!(list.items, vec!["a", "b"]);
        assert_eq!(list.unknown_element_count(), 3);
        let mut out = XmlOut::new("R");
        list.encode(&mut out, "L", "S");
        let xml = out.finish().unwrap();
        assert!(
            xml.contains("<L><Odd/><S>a</S><Mid>m</Mid><S>b</S><Tail/></L>"),
            "{xml}"
        );
    }

    #[test]
    fn quantity_list_decodes_typed_items_and_rejects_bad_ones() {
        let doc = read::parse_document(
            "<R><C><Quantity>2</Quantity><Items><N>500</N><N>x</N></Items></C></R>",
        )
        .unwrap();
        let w = read::child(doc.root_element(), "C").unwrap();
        let err = QuantityList::<i32>::decode(w, "N").unwrap_err();
        assert_eq!(err.path, "R/C/Items/N");
        let doc = read::parse_document(
            "<R><C><Quantity>2</Quantity><Items><N>500</N><N>503</N></Items></C></R>",
        )
        .unwrap();
        let w = read::child(doc.root_element(), "C").unwrap();
        let list = QuantityList::<i32>::decode(w, "N").unwrap();
        assert_eq!(list.items, vec![500, 503]);
        let mut out = XmlOut::new("R");
        list.encode(&mut out, "C", "N");
        assert!(
            out.finish()
                .unwrap()
                .contains("<C><Quantity>2</Quantity><Items><N>500</N><N>503</N></Items></C>")
        );
    }
}
