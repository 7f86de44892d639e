//! JSON in the AWS CLI's shape (feature `serde`): every structure, enumeration and list of
//! the model serializes to, and deserializes from, the JSON that `aws cloudfront ...` prints,
//! so files move freely between the AWS CLI and this crate.
//!
//! # The shape
//!
//! As botocore prints a parsed response: members under their model (XML) names in
//! PascalCase and in model order; lists as `{"Quantity": n, "Items": [...]}` exactly as in
//! the XML (`Items` left out when the list is empty, as this crate writes the XML; an
//! `"Items": []` is accepted); lists without `Quantity` as JSON arrays; booleans and
//! integers as JSON booleans and numbers; enumerations as strings; timestamps as ISO 8601
//! the way Python's `datetime.isoformat()` writes them (`2026-11-24T22:53:10.538000+00:00`;
//! any RFC 3339 UTC or offset form is read). A whole document (`GetDistributionConfig`,
//! `GetDistribution`) is `{"ETag": ..., "DistributionConfig": {...}}`:
//! [`Versioned`](crate::Versioned) serializes to that (see [`JsonDocument`]), and its
//! deserializer also takes the bare inner object (what `aws cloudfront update-distribution
//! --distribution-config file://cfg.json` reads), with an empty ETag.
//!
//! When reading, a `Quantity` that disagrees with the number of items is an error (as in
//! XML); a missing `Quantity` is derived from the items. A missing required member, a value
//! of the wrong JSON type, or a known member given twice is a [`DecodeError`](crate::DecodeError) naming the
//! path (`DistributionConfig/Origins/Items/0/DomainName`).
//!
//! # Elements unknown to this crate
//!
//! A structure's [`unknown`](crate::xml::UnknownElements) elements (XML members added to the
//! API after this crate was written) appear in its JSON object as ordinary members, named
//! after the element and placed where the element was (after the same known member), so a
//! newer setting read from CloudFront is visible, editable, and written back. Their values
//! are mapped without a schema, both ways:
//!
//! | XML element | JSON value |
//! |---|---|
//! | text only (`<A>x</A>`, `<A/>` = `""`) | a string; `true`/`false` as a boolean, and a canonical integer (`0`, `-12`, `300`, no leading zero) as a number, as the AWS CLI prints booleans and integers |
//! | child elements with distinct names, no attributes | an object of those children, in order, each mapped by these rules |
//! | anything else (attributes, repeated child names such as a list's `<Items>`, mixed text and elements) | `{"@xml": "<A ...>...</A>"}`: the element verbatim |
//!
//! Reading JSON, an unknown member becomes an unknown element by the same rules backwards
//! (a string, number or boolean becomes the element's text; an object its children; an
//! `{"@xml": ...}` object is parsed and must be one element of that name). So XML → JSON →
//! XML keeps every unknown element (the `@xml` escape is verbatim), and JSON → value → JSON
//! keeps every unknown member, with two documented limits: a JSON array under an unknown
//! member is refused with a clear error (an XML list needs its item element name, which only
//! the model knows: write such a member as `{"@xml": ...}` or upgrade the crate), and a
//! string that looks like a boolean or an integer comes back as one (`"300"` → `300`; the XML
//! text, which is all CloudFront sees, is the same). `null` is refused.
//!
//! ```
//! use cloudfront::DistributionConfig;
//!
//! let xml = r#"<DistributionConfig xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">
//!   <CallerReference>r</CallerReference>
//!   <Origins><Quantity>1</Quantity><Items><Origin><Id>o</Id><DomainName>o.example.com</DomainName>
//!     <CustomOriginConfig><HTTPPort>80</HTTPPort><HTTPSPort>443</HTTPSPort>
//!       <OriginProtocolPolicy>https-only</OriginProtocolPolicy></CustomOriginConfig></Origin></Items></Origins>
//!   <DefaultCacheBehavior><TargetOriginId>o</TargetOriginId>
//!     <ViewerProtocolPolicy>allow-all</ViewerProtocolPolicy></DefaultCacheBehavior>
//!   <Comment>c</Comment><FutureSetting>on</FutureSetting><Enabled>true</Enabled>
//! </DistributionConfig>"#;
//! let config = DistributionConfig::from_xml(xml)?;
//! let json = serde_json::to_value(&config)?;
//! assert_eq!(json["Origins"]["Quantity"], 1);
//! assert_eq!(json["Origins"]["Items"][0]["CustomOriginConfig"]["HTTPPort"], 80);
//! assert_eq!(json["FutureSetting"], "on"); // unknown to this crate, kept in place
//! let back: DistributionConfig = serde_json::from_value(json)?;
//! assert_eq!(back, config);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod tree;
mod unknown;
mod value;

pub use tree::Json;
pub use value::{JsonDocument, JsonValue};
pub(crate) use value::{ObjectReader, ObjectWriter};

/// Implements [`JsonValue`], `serde::Serialize` and `serde::Deserialize` for a structure
/// declared with `xml_structure!` (called by that macro; the same member list).
macro_rules! json_structure {
    ($name:ident [$($names:ident)*] { $( [$xml:literal] $kind:ident $(($($karg:tt)*))? $f:ident $(: $t:ty)? ; )* }) => {
        impl $crate::json::JsonValue for $name {
            fn to_json(&self) -> $crate::json::Json {
                #[allow(non_camel_case_types, dead_code, clippy::enum_variant_names)]
                enum Member { $($f,)* }
                let mut out = $crate::json::ObjectWriter::new(&self.unknown);
                out.unknown_at(0);
                $(
                    $crate::json::__json_member!(@put $kind self $f out $xml $(, $($karg)*)?);
                    out.unknown_at(Member::$f as usize + 1);
                )*
                out.finish()
            }

            fn from_json(
                value: $crate::json::Json,
                path: &str,
            ) -> ::core::result::Result<Self, $crate::DecodeError> {
                #[allow(non_camel_case_types, dead_code, clippy::enum_variant_names)]
                enum Member { $($f,)* }
                let mut reader = $crate::json::ObjectReader::new(value, path)?;
                $( $crate::json::__json_member!(@slot $kind $f $($t)?); )*
                while let Some((key, value)) = reader.next_entry() {
                    match key.as_str() {
                        $( $xml => {
                            $crate::json::__json_member!(@get $kind $f reader value $xml $($t)?);
                            reader.set_anchor(Member::$f as usize + 1);
                        } )*
                        _ => reader.keep_unknown(key, value)?,
                    }
                }
                $( $crate::json::__json_member!(@finish $kind $f reader $xml $(, $($karg)*)?); )*
                Ok($name { $($names,)* unknown: reader.into_unknown() })
            }
        }

        $crate::json::json_serde!($name);
    };
}

/// Per-kind pieces of [`json_structure!`].
#[doc(hidden)]
macro_rules! __json_member {
    (@put quantity $s:ident $f:ident $out:ident $xml:literal, $items:ident) => {
        $out.put_u64($xml, $s.$items.len() as u64);
    };
    (@put items $s:ident $f:ident $out:ident $xml:literal $(, $($a:tt)*)?) => {
        if !$s.$f.is_empty() {
            $out.put($xml, &$s.$f);
        }
    };
    (@put $kind:ident $s:ident $f:ident $out:ident $xml:literal $(, $($a:tt)*)?) => {
        $crate::json::__json_member!(@put_kind $kind $s $f $out $xml);
    };
    (@put_kind opt $s:ident $f:ident $out:ident $xml:literal) => {
        if let Some(v) = &$s.$f { $out.put($xml, v); }
    };
    (@put_kind opt_list $s:ident $f:ident $out:ident $xml:literal) => {
        if let Some(v) = &$s.$f { $out.put($xml, v); }
    };
    (@put_kind opt_plain_list $s:ident $f:ident $out:ident $xml:literal) => {
        if let Some(v) = &$s.$f { $out.put($xml, v); }
    };
    (@put_kind $kind:ident $s:ident $f:ident $out:ident $xml:literal) => {
        $out.put($xml, &$s.$f);
    };

    (@slot quantity $f:ident) => {
        let mut $f: ::core::option::Option<u64> = None;
    };
    (@slot items $f:ident $t:ty) => {
        let mut $f: ::core::option::Option<::std::vec::Vec<$t>> = None;
    };
    (@slot opt $f:ident $t:ty) => {
        let mut $f: ::core::option::Option<::core::option::Option<$t>> = None;
    };
    (@slot opt_list $f:ident $t:ty) => {
        let mut $f: ::core::option::Option<::core::option::Option<$t>> = None;
    };
    (@slot opt_plain_list $f:ident $t:ty) => {
        let mut $f: ::core::option::Option<::core::option::Option<$t>> = None;
    };
    (@slot $kind:ident $f:ident $t:ty) => {
        let mut $f: ::core::option::Option<$t> = None;
    };

    (@get quantity $f:ident $r:ident $v:ident $xml:literal) => {
        $r.check_new($f.is_some(), $xml)?;
        $f = Some($r.quantity($v, $xml)?);
    };
    (@get opt $f:ident $r:ident $v:ident $xml:literal $t:ty) => {
        $r.check_new($f.is_some(), $xml)?;
        $f = Some(Some($r.value($v, $xml)?));
    };
    (@get opt_list $f:ident $r:ident $v:ident $xml:literal $t:ty) => {
        $r.check_new($f.is_some(), $xml)?;
        $f = Some(Some($r.value($v, $xml)?));
    };
    (@get opt_plain_list $f:ident $r:ident $v:ident $xml:literal $t:ty) => {
        $r.check_new($f.is_some(), $xml)?;
        $f = Some(Some($r.value($v, $xml)?));
    };
    (@get $kind:ident $f:ident $r:ident $v:ident $xml:literal $t:ty) => {
        $r.check_new($f.is_some(), $xml)?;
        $f = Some($r.value($v, $xml)?);
    };

    (@finish quantity $f:ident $r:ident $xml:literal, $items:ident) => {
        $r.check_quantity($f, $crate::xml::list::ItemsRead::items_read(&$items))?;
    };
    (@finish req $f:ident $r:ident $xml:literal) => {
        let Some($f) = $f else { return Err($r.missing($xml)); };
    };
    (@finish req_list $f:ident $r:ident $xml:literal $(, $($a:tt)*)?) => {
        let Some($f) = $f else { return Err($r.missing($xml)); };
    };
    (@finish $kind:ident $f:ident $r:ident $xml:literal $(, $($a:tt)*)?) => {
        let $f = $f.unwrap_or_default();
    };
}

/// `serde::Serialize` and `serde::Deserialize` through [`JsonValue`].
#[doc(hidden)]
macro_rules! json_serde {
    ($name:ident $(<$g:ident>)?) => {
        impl$(<$g: $crate::json::JsonValue>)? ::serde::Serialize for $name$(<$g>)? {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                ::serde::Serialize::serialize(&$crate::json::JsonValue::to_json(self), s)
            }
        }

        impl<'de $(, $g: $crate::json::JsonValue)?> ::serde::Deserialize<'de> for $name$(<$g>)? {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                let tree = <$crate::json::Json as ::serde::Deserialize>::deserialize(d)?;
                $crate::json::JsonValue::from_json(tree, stringify!($name))
                    .map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }
    };
}

/// Implements [`JsonValue`] (a JSON string) and serde for an `xml_enum!` enumeration.
macro_rules! json_enum {
    ($name:ident) => {
        impl $crate::json::JsonValue for $name {
            fn to_json(&self) -> $crate::json::Json {
                $crate::json::Json::String(self.as_str().to_string())
            }
            fn from_json(
                value: $crate::json::Json,
                path: &str,
            ) -> ::core::result::Result<Self, $crate::DecodeError> {
                let s: String = $crate::json::JsonValue::from_json(value, path)?;
                Ok($name::from(s))
            }
        }
        $crate::json::json_serde!($name);
    };
}

pub(crate) use {__json_member, json_enum, json_serde, json_structure};
