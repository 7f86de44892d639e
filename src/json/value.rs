//! [`JsonValue`], the JSON counterpart of [`XmlValue`](crate::xml::XmlValue): leaf values,
//! lists, and the object reader and writer that the generated structure codecs use.

use std::time::SystemTime;

use super::Json;
use super::unknown::{element_to_json, json_to_element};
use crate::Versioned;
use crate::error::DecodeError;
use crate::xml::UnknownElements;
use crate::xml::list::{PlainList, QuantityList};

/// A value with a JSON form in the AWS CLI's shape.
pub trait JsonValue: Sized {
    /// This value as JSON.
    fn to_json(&self) -> Json;

    /// Decodes `value`; `path` names it in errors (`DistributionConfig/Origins`).
    fn from_json(value: Json, path: &str) -> Result<Self, DecodeError>;
}

fn wrong_type(path: &str, expected: &str, got: &Json) -> DecodeError {
    DecodeError::new(path, format!("expected {expected}, found {}", got.kind()))
}

impl JsonValue for String {
    fn to_json(&self) -> Json {
        Json::String(self.clone())
    }
    fn from_json(value: Json, path: &str) -> Result<Self, DecodeError> {
        match value {
            Json::String(s) => Ok(s),
            other => Err(wrong_type(path, "a string", &other)),
        }
    }
}

impl JsonValue for bool {
    fn to_json(&self) -> Json {
        Json::Bool(*self)
    }
    fn from_json(value: Json, path: &str) -> Result<Self, DecodeError> {
        match value {
            Json::Bool(b) => Ok(b),
            other => Err(wrong_type(path, "a boolean", &other)),
        }
    }
}

macro_rules! json_integer {
    ($t:ty) => {
        impl JsonValue for $t {
            fn to_json(&self) -> Json {
                Json::Int(i64::from(*self))
            }
            fn from_json(value: Json, path: &str) -> Result<Self, DecodeError> {
                match value.as_i64().map(<$t>::try_from) {
                    Some(Ok(n)) => Ok(n),
                    Some(Err(_)) => Err(DecodeError::new(
                        path,
                        concat!("integer out of range for ", stringify!($t)),
                    )),
                    None => Err(wrong_type(path, "an integer", &value)),
                }
            }
        }
    };
}
json_integer!(i32);
json_integer!(i64);

impl JsonValue for SystemTime {
    /// `2026-11-24T22:53:10.538000+00:00`, as Python's `isoformat()` (fraction left out
    /// when zero).
    fn to_json(&self) -> Json {
        let c = crate::time::to_civil(*self);
        let micros = c.nanos / 1000;
        let fraction = if micros == 0 {
            String::new()
        } else {
            format!(".{micros:06}")
        };
        Json::String(format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{fraction}+00:00",
            c.year, c.month, c.day, c.hour, c.minute, c.second
        ))
    }
    fn from_json(value: Json, path: &str) -> Result<Self, DecodeError> {
        let text = String::from_json(value, path)?;
        crate::time::parse_iso8601(&text)
            .ok_or_else(|| DecodeError::new(path, format!("not an ISO 8601 timestamp: {text:?}")))
    }
}

impl<T: JsonValue> JsonValue for Vec<T> {
    fn to_json(&self) -> Json {
        Json::Array(self.iter().map(JsonValue::to_json).collect())
    }
    fn from_json(value: Json, path: &str) -> Result<Self, DecodeError> {
        match value {
            Json::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| T::from_json(v, &format!("{path}/{i}")))
                .collect(),
            other => Err(wrong_type(path, "an array", &other)),
        }
    }
}

/// Anchors of a `Quantity` + `Items` wrapper, as in [`crate::xml::list`].
const QUANTITY: usize = crate::xml::list::ANCHOR_AFTER_QUANTITY;
const ITEMS: usize = crate::xml::list::ANCHOR_AFTER_ITEMS;

/// `{"Quantity": n, "Items": [...]}` (no `Items` when empty), unknown wrapper members in
/// their places.
impl<T: JsonValue> JsonValue for QuantityList<T> {
    fn to_json(&self) -> Json {
        let mut out = ObjectWriter::new(&self.unknown);
        out.unknown_at(0);
        out.put_u64("Quantity", self.items.len() as u64);
        out.unknown_at(QUANTITY);
        if !self.items.is_empty() {
            out.put("Items", &self.items);
        }
        out.unknown_at(ITEMS);
        out.finish()
    }
    fn from_json(value: Json, path: &str) -> Result<Self, DecodeError> {
        let mut reader = ObjectReader::new(value, path)?;
        let mut quantity = None;
        let mut items: Option<Vec<T>> = None;
        while let Some((key, value)) = reader.next_entry() {
            match key.as_str() {
                "Quantity" => {
                    reader.check_new(quantity.is_some(), "Quantity")?;
                    quantity = Some(reader.quantity(value, "Quantity")?);
                    reader.set_anchor(QUANTITY);
                }
                "Items" => {
                    reader.check_new(items.is_some(), "Items")?;
                    items = Some(reader.value(value, "Items")?);
                    reader.set_anchor(ITEMS);
                }
                _ => reader.keep_unknown(key, value)?,
            }
        }
        let items = items.unwrap_or_default();
        reader.check_quantity(quantity, items.len())?;
        Ok(QuantityList {
            items,
            unknown: reader.into_unknown(),
        })
    }
}

super::json_serde!(QuantityList<T>);
super::json_serde!(PlainList<T>);

/// A JSON array; unknown children of the wrapper are `{"@xml": ...}` entries in their places.
impl<T: JsonValue> JsonValue for PlainList<T> {
    fn to_json(&self) -> Json {
        let mut out = Vec::with_capacity(self.items.len() + self.unknown.len());
        let mut unknown = self.unknown.anchored().peekable();
        for (i, item) in self.items.iter().enumerate() {
            while let Some((_, e)) = unknown.next_if(|(a, _)| *a <= i) {
                out.push(super::unknown::verbatim(e));
            }
            out.push(item.to_json());
        }
        out.extend(unknown.map(|(_, e)| super::unknown::verbatim(e)));
        Json::Array(out)
    }
    fn from_json(value: Json, path: &str) -> Result<Self, DecodeError> {
        let Json::Array(entries) = value else {
            return Err(wrong_type(path, "an array", &value));
        };
        let mut list = PlainList::default();
        for (i, entry) in entries.into_iter().enumerate() {
            let entry_path = format!("{path}/{i}");
            if let Some(element) = super::unknown::from_verbatim(&entry, &entry_path)? {
                list.unknown.push(list.items.len(), element);
            } else {
                list.items.push(T::from_json(entry, &entry_path)?);
            }
        }
        Ok(list)
    }
}

/// Builds a structure's JSON object: known members in model order, unknown elements at
/// their anchors.
#[derive(Debug)]
pub(crate) struct ObjectWriter<'a> {
    unknown: &'a UnknownElements,
    members: Vec<(String, Json)>,
}

impl<'a> ObjectWriter<'a> {
    /// An empty object whose unknown members come from `unknown`.
    pub fn new(unknown: &'a UnknownElements) -> Self {
        ObjectWriter {
            unknown,
            members: Vec::new(),
        }
    }

    /// Adds the unknown elements anchored at `anchor`.
    pub fn unknown_at(&mut self, anchor: usize) {
        for (a, e) in self.unknown.anchored() {
            if a == anchor {
                self.members.push((e.name.clone(), element_to_json(e)));
            }
        }
    }

    /// Adds a member.
    pub fn put<T: JsonValue>(&mut self, name: &str, value: &T) {
        self.members.push((name.to_string(), value.to_json()));
    }

    /// Adds a numeric member (a `Quantity`).
    pub fn put_u64(&mut self, name: &str, value: u64) {
        self.members.push((name.to_string(), Json::UInt(value)));
    }

    /// The object.
    pub fn finish(self) -> Json {
        Json::Object(self.members)
    }
}

/// Walks a structure's JSON object member by member, keeping unknown members (as unknown
/// elements, anchored after the last known member seen) and naming paths in errors.
#[derive(Debug)]
pub(crate) struct ObjectReader {
    path: String,
    members: std::vec::IntoIter<(String, Json)>,
    anchor: usize,
    unknown: UnknownElements,
}

impl ObjectReader {
    /// Starts reading `value`, which must be an object.
    pub fn new(value: Json, path: &str) -> Result<Self, DecodeError> {
        match value {
            Json::Object(members) => Ok(ObjectReader {
                path: path.to_string(),
                members: members.into_iter(),
                anchor: 0,
                unknown: UnknownElements::new(),
            }),
            other => Err(wrong_type(path, "an object", &other)),
        }
    }

    /// The next member, in document order.
    pub fn next_entry(&mut self) -> Option<(String, Json)> {
        self.members.next()
    }

    /// Records that the last member read was the known member anchoring `anchor`.
    pub fn set_anchor(&mut self, anchor: usize) {
        self.anchor = anchor;
    }

    /// An error if a known member `name` was already seen.
    pub fn check_new(&self, seen: bool, name: &str) -> Result<(), DecodeError> {
        if seen {
            return Err(DecodeError::new(
                format!("{}/{name}", self.path),
                "member appears more than once",
            ));
        }
        Ok(())
    }

    /// Decodes member `name`.
    pub fn value<T: JsonValue>(&self, value: Json, name: &str) -> Result<T, DecodeError> {
        T::from_json(value, &format!("{}/{name}", self.path))
    }

    /// Decodes a `Quantity`.
    pub fn quantity(&self, value: Json, name: &str) -> Result<u64, DecodeError> {
        match value {
            Json::UInt(n) => Ok(n),
            Json::Int(n) if n >= 0 => Ok(n as u64),
            other => Err(wrong_type(
                &format!("{}/{name}", self.path),
                "a non-negative integer",
                &other,
            )),
        }
    }

    /// Checks a `Quantity` (when given) against the number of items.
    pub fn check_quantity(&self, quantity: Option<u64>, items: usize) -> Result<(), DecodeError> {
        match quantity {
            Some(q) if q != items as u64 => Err(DecodeError::new(
                self.path.clone(),
                format!("Quantity is {q} but there are {items} items"),
            )),
            _ => Ok(()),
        }
    }

    /// The error for a missing required member.
    pub fn missing(&self, name: &str) -> DecodeError {
        DecodeError::new(
            format!("{}/{name}", self.path),
            "required member is missing",
        )
    }

    /// Keeps a member this crate does not know, as an unknown element at the current anchor.
    pub fn keep_unknown(&mut self, name: String, value: Json) -> Result<(), DecodeError> {
        let element = json_to_element(&name, value, &format!("{}/{name}", self.path))?;
        self.unknown.push(self.anchor, element);
        Ok(())
    }

    /// The unknown members kept.
    pub fn into_unknown(self) -> UnknownElements {
        self.unknown
    }
}

/// A type that is a whole document of the API: its JSON is wrapped in an object under
/// `ROOT` (`{"DistributionConfig": {...}}`), beside the `ETag` for a [`Versioned`] value.
pub trait JsonDocument: JsonValue {
    /// The member name of the document (the XML root element's name).
    const ROOT: &'static str;
}

/// `{"ETag": ..., "<ROOT>": {...}}`, as `aws cloudfront get-distribution-config` prints it.
/// Reading also takes `{"<ROOT>": {...}}` without an ETag and the bare inner object (an
/// empty ETag).
impl<T: JsonDocument> JsonValue for Versioned<T> {
    fn to_json(&self) -> Json {
        Json::Object(vec![
            ("ETag".to_string(), Json::String(self.etag.clone())),
            (T::ROOT.to_string(), self.value.to_json()),
        ])
    }
    fn from_json(value: Json, path: &str) -> Result<Self, DecodeError> {
        let Json::Object(members) = value else {
            return Err(wrong_type(path, "an object", &value));
        };
        let wrapped = members
            .iter()
            .all(|(k, _)| k == "ETag" || k == T::ROOT || k == "Location")
            && members.iter().any(|(k, _)| k == T::ROOT);
        if !wrapped {
            let value = T::from_json(Json::Object(members), T::ROOT)?;
            return Ok(Versioned {
                value,
                etag: String::new(),
            });
        }
        let mut etag = String::new();
        let mut inner = None;
        for (k, v) in members {
            if k == "ETag" {
                etag = String::from_json(v, &format!("{path}/ETag"))?;
            } else if k == T::ROOT {
                inner = Some(T::from_json(v, T::ROOT)?);
            }
        }
        let value = inner.ok_or_else(|| DecodeError::new(path, "no document"))?;
        Ok(Versioned { value, etag })
    }
}

impl<T: JsonDocument> serde::Serialize for Versioned<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(&self.to_json(), s)
    }
}

impl<'de, T: JsonDocument> serde::Deserialize<'de> for Versioned<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let tree = <Json as serde::Deserialize>::deserialize(d)?;
        JsonValue::from_json(tree, "").map_err(<D::Error as serde::de::Error>::custom)
    }
}

impl JsonValue for crate::timestamp::Timestamp {
    fn to_json(&self) -> Json {
        self.as_system_time().to_json()
    }
    fn from_json(value: Json, path: &str) -> Result<Self, DecodeError> {
        SystemTime::from_json(value, path).map(Self::from)
    }
}

impl JsonValue for crate::ids::DistributionId {
    fn to_json(&self) -> Json {
        Json::String(self.to_string())
    }
    fn from_json(value: Json, path: &str) -> Result<Self, DecodeError> {
        String::from_json(value, path).map(Self::new)
    }
}

impl JsonValue for crate::ids::InvalidationId {
    fn to_json(&self) -> Json {
        Json::String(self.to_string())
    }
    fn from_json(value: Json, path: &str) -> Result<Self, DecodeError> {
        String::from_json(value, path).map(Self::new)
    }
}

impl JsonValue for crate::resources::distribution::DistributionStatus {
    fn to_json(&self) -> Json {
        Json::String(self.as_str().to_string())
    }
    fn from_json(value: Json, path: &str) -> Result<Self, DecodeError> {
        String::from_json(value, path).map(|s| Self::parse(&s))
    }
}
