//! Declaring a modelled structure once and getting its codec for free.
//!
//! [`XmlValue`] is what every typed value on the wire implements: strings, booleans,
//! integers, timestamps, enumerations and structures. Two macros generate the
//! implementations for a resource's shapes:
//!
//! - `xml_structure!` declares a struct from its members in model (wire) order and
//!   generates `decode` (one pass over the child elements; known names dispatched by a
//!   `match`; unknown elements captured with their anchor; a missing required member or a
//!   repeated known member is a [`DecodeError`] naming the path), `encode` (members in model
//!   order, unknown elements written back where they were), and
//!   [`XmlValue::unknown_element_count`].
//! - `xml_enum!` declares an enumeration with an `Other(String)` variant that keeps values
//!   this crate does not know, `as_str`, `FromStr`, `From<&str>`, `Display` and `AsRef<str>`.
//!
//! Both macros are crate-internal (`pub(crate) use`); the types they declare are public.
//!
//! # `xml_structure!` syntax
//!
//! ```text
//! xml_structure! {
//!     /// Doc of the struct.
//!     #[derive(Default)]                 // extra attributes (Debug, Clone, PartialEq, Eq are derived)
//!     pub struct TrustedSigners {
//!         /// Doc of the field.
//!         ["Enabled"] req enabled: bool;                    // required member: `bool`
//!         ["Quantity"] quantity(items) quantity;            // `Quantity` of the `items` member: no field
//!         ["Items"] items("AwsAccountNumber") items: String; // `Items` entries: `Vec<String>`
//!     }
//! }
//! ```
//!
//! Each member is `[<XML name>] <kind> <field>: <type>;`, in model order (list types are
//! usually named by a type alias, `pub type Aliases = QuantityList<String>;`):
//!
//! | kind | field type | wire form |
//! |---|---|---|
//! | `req` | `T` | required element, `T: XmlValue` |
//! | `req_default` | `T` | required in the model, but a response that omits it decodes to `T::default()` (Smithy's "client error correction", for members added late to response-only shapes that older servers and emulators do not send); always written |
//! | `opt` | `Option<T>` | optional element, `T: XmlValue` |
//! | `req_list("Item")` | `T` = `QuantityList<U>` | required `Quantity` + `Items` wrapper |
//! | `opt_list("Item")` | `Option<T>`, `T` = `QuantityList<U>` | optional `Quantity` + `Items` wrapper |
//! | `opt_plain_list("Item")` | `Option<T>`, `T` = `PlainList<U>` | optional wrapper without `Quantity` |
//! | `quantity(items_field)` | none | `Quantity` of a structure that has other members too |
//! | `items("Item")` | `Vec<U>` | `Items` of such a structure (absent when empty) |
//!
//! A `quantity` member must come before its `items` member (as it does in every shape of the
//! model). Every struct gets a `pub unknown: UnknownElements` field: anchor 0 is before the
//! first member, anchor `i + 1` after member `i` (counting `quantity` members too).
//!
//! [`DecodeError`]: crate::DecodeError

use std::time::SystemTime;

use roxmltree::Node;

use crate::error::DecodeError;
use crate::xml::read::{self, error_at};
use crate::xml::write::XmlOut;

/// A value with an XML form: decoded from an element, written as an element's content.
pub trait XmlValue: Sized {
    /// Decodes the element `node` (its text, or its children for a structure).
    fn decode_xml(node: Node<'_, '_>) -> Result<Self, DecodeError>;

    /// Writes the content of the element that holds this value (text or children).
    fn encode_content(&self, out: &mut XmlOut);

    /// Writes `<name>content</name>`.
    fn encode_xml(&self, name: &'static str, out: &mut XmlOut) {
        out.start(name);
        self.encode_content(out);
        out.end();
    }

    /// How many unknown elements are kept in this value and everything below it (always 0
    /// for text values). Zero after decoding means this crate understood every element.
    fn unknown_element_count(&self) -> usize {
        0
    }
}

impl XmlValue for String {
    fn decode_xml(node: Node<'_, '_>) -> Result<Self, DecodeError> {
        read::string(node)
    }
    fn encode_content(&self, out: &mut XmlOut) {
        if !self.is_empty() {
            out.text(self);
        }
    }
}

impl XmlValue for bool {
    fn decode_xml(node: Node<'_, '_>) -> Result<Self, DecodeError> {
        read::boolean(node)
    }
    fn encode_content(&self, out: &mut XmlOut) {
        out.display(if *self { "true" } else { "false" });
    }
}

impl XmlValue for i32 {
    fn decode_xml(node: Node<'_, '_>) -> Result<Self, DecodeError> {
        read::integer(node)
    }
    fn encode_content(&self, out: &mut XmlOut) {
        out.display(self);
    }
}

impl XmlValue for i64 {
    fn decode_xml(node: Node<'_, '_>) -> Result<Self, DecodeError> {
        read::integer(node)
    }
    fn encode_content(&self, out: &mut XmlOut) {
        out.display(self);
    }
}

impl XmlValue for SystemTime {
    fn decode_xml(node: Node<'_, '_>) -> Result<Self, DecodeError> {
        read::timestamp(node)
    }
    fn encode_content(&self, out: &mut XmlOut) {
        out.display(crate::time::format_iso8601(*self));
    }
}

/// The error for a required member that is missing from `node`.
pub fn missing(node: Node<'_, '_>, name: &str) -> DecodeError {
    DecodeError::new(
        format!("{}/{name}", read::node_path(node)),
        "required element is missing",
    )
}

/// The error for a known member that appears a second time (`node` is the repeat).
pub fn duplicate(node: Node<'_, '_>) -> DecodeError {
    error_at(
        node,
        format!("<{}> appears more than once", node.tag_name().name()),
    )
}

/// Parses a whole document whose root must be `root` and decodes it as `T`.
pub fn from_xml<T: XmlValue>(text: &str, root: &str) -> Result<T, DecodeError> {
    let doc = read::parse_document(text)?;
    T::decode_xml(read::root(&doc, root)?)
}

/// Writes `value` as a whole document: XML declaration, root `root` in CloudFront's
/// namespace. Text XML cannot carry is an [`InvalidInput`](crate::InvalidInput) naming the
/// path.
pub fn to_xml<T: XmlValue>(
    value: &T,
    root: &'static str,
) -> Result<String, crate::error::InvalidInput> {
    let mut out = XmlOut::with_capacity(root, 4096);
    value.encode_content(&mut out);
    out.finish()
}

/// Declares a structure and its codec; see the [module documentation](self).
macro_rules! xml_structure {
    // Entry: split the members into struct fields (every kind but `quantity`).
    (
        $(#[$attr:meta])*
        $vis:vis struct $name:ident { $($members:tt)* }
    ) => {
        $crate::xml::structure::xml_structure!(@fields
            [$(#[$attr])* $vis struct $name]
            {} {}
            [$($members)*]
            [$($members)*]
        );
    };

    // All fields collected: emit.
    (@fields
        [$(#[$attr:meta])* $vis:vis struct $name:ident]
        {$($fields:tt)*} {$($names:ident)*}
        []
        [$( $(#[$doc:meta])* [$xml:literal] $kind:ident $(($($karg:tt)*))? $f:ident $(: $t:ty)? ; )*]
    ) => {
        $(#[$attr])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        $vis struct $name {
            $($fields)*
            /// Child elements this crate does not know (added to the API after it was
            /// written), kept with their position so that encoding writes them back in place.
            pub unknown: $crate::xml::UnknownElements,
        }

        impl $name {
            /// Decodes this structure from its element: one pass over the children.
            pub fn decode(
                node: ::roxmltree::Node<'_, '_>,
            ) -> ::core::result::Result<Self, $crate::DecodeError> {
                #[allow(non_camel_case_types, dead_code, clippy::enum_variant_names)]
                enum Member { $($f,)* }
                $( $crate::xml::structure::__xml_member!(@slot $kind $f $($t)?); )*
                let mut unknown = $crate::xml::UnknownElements::new();
                let mut anchor: usize = 0;
                for c in $crate::xml::read::elements(node) {
                    match c.tag_name().name() {
                        $( $xml => {
                            $crate::xml::structure::__xml_member!(
                                @decode $kind ($($($karg)*)?) $f c
                            );
                            anchor = Member::$f as usize + 1;
                        } )*
                        _ => unknown.capture(anchor, c)?,
                    }
                }
                $( $crate::xml::structure::__xml_member!(
                    @finish $kind ($($($karg)*)?) $f node $xml
                ); )*
                Ok($name { $($names,)* unknown })
            }

            /// Writes this structure's members (not its own element) in model order, with
            /// kept unknown elements in their places.
            pub fn encode(&self, out: &mut $crate::xml::XmlOut) {
                #[allow(non_camel_case_types, dead_code, clippy::enum_variant_names)]
                enum Member { $($f,)* }
                self.unknown.write_at(0, out);
                $(
                    $crate::xml::structure::__xml_member!(
                        @encode $kind ($($($karg)*)?) self $f out $xml
                    );
                    self.unknown.write_at(Member::$f as usize + 1, out);
                )*
            }
        }

        impl $crate::xml::structure::XmlValue for $name {
            fn decode_xml(
                node: ::roxmltree::Node<'_, '_>,
            ) -> ::core::result::Result<Self, $crate::DecodeError> {
                Self::decode(node)
            }
            fn encode_content(&self, out: &mut $crate::xml::XmlOut) {
                self.encode(out)
            }
            fn unknown_element_count(&self) -> usize {
                self.unknown.len()
                    $( + $crate::xml::structure::__xml_member!(@count $kind self $f) )*
            }
        }

        // JSON in the AWS CLI's shape (src/json/), from the same member list.
        #[cfg(feature = "serde")]
        $crate::json::json_structure! {
            $name [$($names)*] { $( [$xml] $kind $(($($karg)*))? $f $(: $t)? ; )* }
        }
    };

    // `Quantity` pseudo-member: no field.
    (@fields $head:tt {$($fields:tt)*} {$($names:ident)*}
        [ $(#[$doc:meta])* [$xml:literal] quantity($items:ident) $f:ident ; $($rest:tt)* ]
        $all:tt
    ) => {
        $crate::xml::structure::xml_structure!(@fields $head
            {$($fields)*} {$($names)*} [$($rest)*] $all);
    };

    // Any other member: a field.
    (@fields $head:tt {$($fields:tt)*} {$($names:ident)*}
        [ $(#[$doc:meta])* [$xml:literal] $kind:ident $(($($karg:tt)*))? $f:ident : $t:ty ; $($rest:tt)* ]
        $all:tt
    ) => {
        $crate::xml::structure::xml_structure!(@fields $head
            {$($fields)* $(#[$doc])* pub $f: $crate::xml::structure::__xml_field_type!($kind $t),}
            {$($names)* $f}
            [$($rest)*] $all);
    };
}

/// The Rust type of a member's field, by kind (internal to `xml_structure!`).
#[doc(hidden)]
macro_rules! __xml_field_type {
    (req $t:ty) => { $t };
    (req_default $t:ty) => { $t };
    (opt $t:ty) => { ::core::option::Option<$t> };
    (req_list $t:ty) => { $t };
    (opt_list $t:ty) => { ::core::option::Option<$t> };
    (opt_plain_list $t:ty) => { ::core::option::Option<$t> };
    (items $t:ty) => { ::std::vec::Vec<$t> };
    (slot req $t:ty) => { $t };
    (slot req_default $t:ty) => { $t };
    (slot opt $t:ty) => { $t };
    (slot req_list $t:ty) => { $t };
    (slot opt_list $t:ty) => { $t };
    (slot opt_plain_list $t:ty) => { $t };
}

/// Per-kind pieces of the generated codec (internal to `xml_structure!`).
#[doc(hidden)]
macro_rules! __xml_member {
    // Slots: one `Option` per member, `Some` once the element was seen.
    (@slot quantity $f:ident) => {
        let mut $f: ::core::option::Option<u64> = None;
    };
    (@slot items $f:ident $t:ty) => {
        let mut $f: ::core::option::Option<::std::vec::Vec<$t>> = None;
    };
    (@slot $kind:ident $f:ident $t:ty) => {
        let mut $f: ::core::option::Option<$crate::xml::structure::__xml_field_type!(slot $kind $t)> = None;
    };

    // Decoding one child element `c` that has the member's name.
    (@decode quantity ($items:ident) $f:ident $c:ident) => {
        $f = Some($crate::xml::list::read_quantity($c, $f.is_some())?);
    };
    (@decode items ($item:literal) $f:ident $c:ident) => {
        if $f.is_some() {
            return Err($crate::xml::structure::duplicate($c));
        }
        $f = Some($crate::xml::list::read_items(
            $c,
            $item,
            $crate::xml::structure::XmlValue::decode_xml,
        )?);
    };
    (@decode $kind:ident ($($item:literal)?) $f:ident $c:ident) => {
        if $f.is_some() {
            return Err($crate::xml::structure::duplicate($c));
        }
        $f = Some($crate::xml::structure::__xml_member!(@decode_value $kind ($($item)?) $c));
    };
    (@decode_value req () $c:ident) => { $crate::xml::structure::XmlValue::decode_xml($c)? };
    (@decode_value req_default () $c:ident) => { $crate::xml::structure::XmlValue::decode_xml($c)? };
    (@decode_value opt () $c:ident) => { $crate::xml::structure::XmlValue::decode_xml($c)? };
    (@decode_value req_list ($item:literal) $c:ident) => {
        $crate::xml::list::QuantityList::decode($c, $item)?
    };
    (@decode_value opt_list ($item:literal) $c:ident) => {
        $crate::xml::list::QuantityList::decode($c, $item)?
    };
    (@decode_value opt_plain_list ($item:literal) $c:ident) => {
        $crate::xml::list::PlainList::decode($c, $item)?
    };

    // After the loop: required members must be there; Quantity must match Items.
    (@finish quantity ($items:ident) $f:ident $node:ident $xml:literal) => {
        $crate::xml::list::check_quantity(
            $node,
            $f,
            $crate::xml::list::ItemsRead::items_read(&$items),
        )?;
    };
    (@finish items ($item:literal) $f:ident $node:ident $xml:literal) => {
        let $f = $f.unwrap_or_default();
    };
    (@finish req () $f:ident $node:ident $xml:literal) => {
        let Some($f) = $f else {
            return Err($crate::xml::structure::missing($node, $xml));
        };
    };
    (@finish req_default () $f:ident $node:ident $xml:literal) => {
        let $f = $f.unwrap_or_default();
    };
    (@finish req_list ($item:literal) $f:ident $node:ident $xml:literal) => {
        let Some($f) = $f else {
            return Err($crate::xml::structure::missing($node, $xml));
        };
    };
    (@finish $kind:ident ($($item:literal)?) $f:ident $node:ident $xml:literal) => {};

    // Encoding.
    (@encode quantity ($items:ident) $s:ident $f:ident $out:ident $xml:literal) => {
        $crate::xml::list::write_quantity($out, $s.$items.len());
    };
    (@encode items ($item:literal) $s:ident $f:ident $out:ident $xml:literal) => {
        $crate::xml::list::write_items($out, $item, &$s.$f, |out, v| {
            $crate::xml::structure::XmlValue::encode_content(v, out)
        });
    };
    (@encode req () $s:ident $f:ident $out:ident $xml:literal) => {
        $crate::xml::structure::XmlValue::encode_xml(&$s.$f, $xml, $out);
    };
    (@encode req_default () $s:ident $f:ident $out:ident $xml:literal) => {
        $crate::xml::structure::XmlValue::encode_xml(&$s.$f, $xml, $out);
    };
    (@encode opt () $s:ident $f:ident $out:ident $xml:literal) => {
        if let Some(v) = &$s.$f {
            $crate::xml::structure::XmlValue::encode_xml(v, $xml, $out);
        }
    };
    (@encode req_list ($item:literal) $s:ident $f:ident $out:ident $xml:literal) => {
        $s.$f.encode($out, $xml, $item);
    };
    (@encode opt_list ($item:literal) $s:ident $f:ident $out:ident $xml:literal) => {
        if let Some(v) = &$s.$f {
            v.encode($out, $xml, $item);
        }
    };
    (@encode opt_plain_list ($item:literal) $s:ident $f:ident $out:ident $xml:literal) => {
        if let Some(v) = &$s.$f {
            v.encode($out, $xml, $item);
        }
    };

    // Unknown elements below a member.
    (@count quantity $s:ident $f:ident) => { 0 };
    (@count items $s:ident $f:ident) => {
        $s.$f
            .iter()
            .map($crate::xml::structure::XmlValue::unknown_element_count)
            .sum::<usize>()
    };
    (@count req $s:ident $f:ident) => {
        $crate::xml::structure::XmlValue::unknown_element_count(&$s.$f)
    };
    (@count req_default $s:ident $f:ident) => {
        $crate::xml::structure::XmlValue::unknown_element_count(&$s.$f)
    };
    (@count opt $s:ident $f:ident) => {
        $s.$f
            .as_ref()
            .map_or(0, $crate::xml::structure::XmlValue::unknown_element_count)
    };
    (@count req_list $s:ident $f:ident) => { $s.$f.unknown_element_count() };
    (@count opt_list $s:ident $f:ident) => {
        $s.$f.as_ref().map_or(0, |v| v.unknown_element_count())
    };
    (@count opt_plain_list $s:ident $f:ident) => {
        $s.$f.as_ref().map_or(0, |v| v.unknown_element_count())
    };
}

/// Declares an enumeration of string values with an `Other(String)` variant; see the
/// [module documentation](self).
macro_rules! xml_enum {
    (
        $(#[$attr:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vdoc:meta])* $variant:ident = $value:literal, )*
        }
    ) => {
        $(#[$attr])*
        ///
        /// Values this crate does not know decode to `Other` and encode back unchanged.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vdoc])* #[doc = concat!("\n\nOn the wire: `", $value, "`.")] $variant, )*
            /// A value this crate does not know, kept verbatim.
            Other(::std::string::String),
        }

        impl $name {
            /// The values known to this crate, as on the wire, in model order.
            pub const KNOWN_VALUES: &'static [&'static str] = &[$($value),*];

            /// The value as on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $value, )*
                    $name::Other(s) => s,
                }
            }
        }

        impl ::core::convert::From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $( $value => $name::$variant, )*
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl ::core::convert::From<::std::string::String> for $name {
            fn from(s: ::std::string::String) -> Self {
                match s.as_str() {
                    $( $value => $name::$variant, )*
                    _ => $name::Other(s),
                }
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = ::core::convert::Infallible;
            fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                Ok($name::from(s))
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::core::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl $crate::xml::structure::XmlValue for $name {
            fn decode_xml(
                node: ::roxmltree::Node<'_, '_>,
            ) -> ::core::result::Result<Self, $crate::DecodeError> {
                Ok($name::from($crate::xml::read::text(node)?.as_ref()))
            }
            fn encode_content(&self, out: &mut $crate::xml::XmlOut) {
                out.text(self.as_str());
            }
        }
        #[cfg(feature = "serde")]
        $crate::json::json_enum!($name);
    };
}

/// Gives a structure that is a whole document (request or response body) `ROOT`,
/// `from_xml`, `to_xml` and `unknown_element_count`: `xml_document!(Type, "Root", "what it is")`.
macro_rules! xml_document {
    ($ty:ident, $root:literal, $what:literal) => {
        // Crate-internal wire types (the invalidation model) need only some of these.
        #[allow(dead_code)]
        impl $ty {
            #[doc = concat!("The root element name of a `", $root, "` document.")]
            pub const ROOT: &'static str = $root;

            #[doc = concat!("Decodes a `<", $root, ">` document (", $what, ").")]
            pub fn from_xml(xml: &str) -> ::core::result::Result<Self, $crate::DecodeError> {
                $crate::xml::structure::from_xml(xml, Self::ROOT)
            }

            #[doc = concat!("Encodes a `<", $root, ">` document in CloudFront's namespace.")]
            pub fn to_xml(&self) -> ::core::result::Result<String, $crate::InvalidInput> {
                $crate::xml::structure::to_xml(self, Self::ROOT)
            }

            /// How many elements unknown to this crate were kept, at any depth.
            pub fn unknown_element_count(&self) -> usize {
                $crate::xml::structure::XmlValue::unknown_element_count(self)
            }
        }
        #[cfg(feature = "serde")]
        impl $crate::json::JsonDocument for $ty {
            const ROOT: &'static str = $root;
        }
    };
}

pub(crate) use {__xml_field_type, __xml_member, xml_document, xml_enum, xml_structure};

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Decodes `<V>text</V>` as `T` (shared with the other leaf types' tests).
    pub(crate) fn value<T: XmlValue>(text: &str) -> Result<T, DecodeError> {
        let xml = format!("<V>{text}</V>");
        let doc = read::parse_document(&xml).unwrap();
        T::decode_xml(doc.root_element())
    }

    /// `v` written as `<V>` inside a document `<R>`.
    pub(crate) fn written<T: XmlValue>(v: &T) -> String {
        let mut out = XmlOut::new("R");
        v.encode_xml("V", &mut out);
        out.finish().unwrap()
    }

    #[test]
    fn leaf_values_decode_strictly_and_encode_back() {
        assert!(value::<bool>("true").unwrap());
        assert!(value::<bool>("True").is_err());
        assert_eq!(value::<i32>("-7").unwrap(), -7);
        assert!(value::<i32>("2147483648").is_err());
        assert_eq!(value::<i64>("2147483648").unwrap(), 2_147_483_648);
        assert_eq!(value::<String>("a &amp; b").unwrap(), "a & b");
        assert!(value::<String>("<x/>").is_err());
        let t = value::<SystemTime>("2026-11-24T22:53:10.538Z").unwrap();
        assert!(written(&t).ends_with("<V>2026-11-24T22:53:10.538Z</V></R>"));
        assert!(written(&false).ends_with("<V>false</V></R>"));
        assert!(written(&-7i32).ends_with("<V>-7</V></R>"));
        assert!(written(&String::from("a<b")).ends_with("<V>a&lt;b</V></R>"));
        assert!(written(&String::new()).ends_with("<V/></R>"));
    }
}
