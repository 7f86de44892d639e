//! The KeyValueStore's inputs and outputs (`model/cloudfront-keyvaluestore/service-2.json`)
//! and their JSON: request bodies written with a fixed member order (the same bytes on every
//! attempt), responses read through the crate's JSON seam with every required member checked.
//!
//! Values are marked `sensitive` in the model: `Debug` shows their length, never their text,
//! and no error quotes one.

use std::fmt;
use std::time::{Duration, UNIX_EPOCH};

use crate::error::{DecodeError, Error};
use crate::json_doc::{self, Json, json_f64, json_string, member};
use crate::timestamp::Timestamp;
use crate::transport::HttpResponse;

/// A response body larger than this is refused before parsing. A `ListKeys` page (50 pairs of
/// at most 512-byte keys and 1 KB values) is under 100 KB.
pub const MAX_RESPONSE_BODY: usize = 1 << 20;

/// What `DescribeKeyValueStore` returns.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct StoreInfo {
    /// Number of key-value pairs.
    pub item_count: u64,
    /// Total size of the store, in bytes.
    pub total_size_in_bytes: u64,
    /// The store's ARN.
    pub arn: String,
    /// When it was created.
    pub created: Timestamp,
    /// The version to send as `If-Match` with the next write.
    pub etag: String,
    /// When it was last modified.
    pub last_modified: Option<Timestamp>,
    /// Its status (`READY`, `PROVISIONING`, ...; not modelled as an enum by AWS).
    pub status: Option<String>,
    /// Why provisioning failed, if it did.
    pub failure_reason: Option<String>,
}

/// A key and its value (`ListKeys` items).
#[derive(Clone, PartialEq, Eq)]
pub struct KeyValue {
    /// The key.
    pub key: String,
    /// The value (sensitive: `Debug` shows its length only).
    pub value: String,
}

impl fmt::Debug for KeyValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyValue")
            .field("key", &self.key)
            .field("value", &format_args!("<{} bytes>", self.value.len()))
            .finish()
    }
}

/// What `GetKey` returns: the pair and the store's size.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetKeyOutput {
    /// The key.
    pub key: String,
    /// The value (sensitive: `Debug` shows its length only).
    pub value: String,
    /// Number of key-value pairs in the store.
    pub item_count: u64,
    /// Total size of the store, in bytes.
    pub total_size_in_bytes: u64,
}

impl fmt::Debug for GetKeyOutput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GetKeyOutput")
            .field("key", &self.key)
            .field("value", &format_args!("<{} bytes>", self.value.len()))
            .field("item_count", &self.item_count)
            .field("total_size_in_bytes", &self.total_size_in_bytes)
            .finish()
    }
}

/// What `PutKey`, `DeleteKey` and `UpdateKeys` return: the store after the write and its new
/// version.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct WriteOutput {
    /// Number of key-value pairs after the write.
    pub item_count: u64,
    /// Total size after the write, in bytes.
    pub total_size_in_bytes: u64,
    /// The store's new version: the `If-Match` of the next write.
    pub etag: String,
}

/// One page of `ListKeys`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ListKeysPage {
    pub items: Vec<KeyValue>,
    pub next_token: Option<String>,
}

fn decode_error(operation: &str, message: impl Into<String>) -> Error {
    Error::Decode(DecodeError::new(operation, message))
}

/// The body parsed as a JSON object, bounded in size and depth.
fn object(operation: &str, resp: &HttpResponse) -> Result<Json, Error> {
    if resp.body.len() > MAX_RESPONSE_BODY {
        return Err(decode_error(
            operation,
            format!(
                "the response body has {} bytes, more than the {MAX_RESPONSE_BODY} accepted",
                resp.body.len()
            ),
        ));
    }
    let doc =
        json_doc::parse_json(&resp.body).map_err(|e| decode_error(operation, e.to_string()))?;
    match doc {
        Json::Object(_) => Ok(doc),
        _ => Err(decode_error(operation, "the response is not a JSON object")),
    }
}

fn required_string(operation: &str, doc: &Json, name: &str) -> Result<String, Error> {
    json_string(doc, name)
        .map(str::to_string)
        .ok_or_else(|| missing(operation, name, "a string"))
}

fn optional_string(operation: &str, doc: &Json, name: &str) -> Result<Option<String>, Error> {
    match member(doc, name) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(missing(operation, name, "a string")),
    }
}

fn required_count(operation: &str, doc: &Json, name: &str) -> Result<u64, Error> {
    json_doc::json_u64(doc, name).ok_or_else(|| missing(operation, name, "a whole number"))
}

fn timestamp(operation: &str, doc: &Json, name: &str) -> Result<Option<Timestamp>, Error> {
    match member(doc, name) {
        None | Some(Json::Null) => Ok(None),
        Some(_) => {
            // rest-json timestamps are epoch seconds, possibly with a fraction.
            let secs = json_f64(doc, name)
                .filter(|s| s.is_finite() && (0.0..1e11).contains(s))
                .ok_or_else(|| missing(operation, name, "epoch seconds"))?;
            Ok(Some(Timestamp::from(
                UNIX_EPOCH + Duration::from_secs_f64(secs),
            )))
        }
    }
}

fn missing(operation: &str, name: &str, kind: &str) -> Error {
    decode_error(
        operation,
        format!("the member {name} is missing or is not {kind}"),
    )
}

fn etag(operation: &str, resp: &HttpResponse) -> Result<String, Error> {
    match resp.header("etag").map(str::trim) {
        Some(tag) if !tag.is_empty() => Ok(crate::error::bounded_owned(tag)),
        _ => Err(decode_error(operation, "the response has no ETag header")),
    }
}

pub(crate) fn decode_describe(resp: &HttpResponse) -> Result<StoreInfo, Error> {
    const OP: &str = "DescribeKeyValueStore";
    let doc = object(OP, resp)?;
    Ok(StoreInfo {
        item_count: required_count(OP, &doc, "ItemCount")?,
        total_size_in_bytes: required_count(OP, &doc, "TotalSizeInBytes")?,
        arn: required_string(OP, &doc, "KvsARN")?,
        created: timestamp(OP, &doc, "Created")?
            .ok_or_else(|| missing(OP, "Created", "epoch seconds"))?,
        etag: etag(OP, resp)?,
        last_modified: timestamp(OP, &doc, "LastModified")?,
        status: optional_string(OP, &doc, "Status")?,
        failure_reason: optional_string(OP, &doc, "FailureReason")?,
    })
}

pub(crate) fn decode_get(resp: &HttpResponse) -> Result<GetKeyOutput, Error> {
    const OP: &str = "GetKey";
    let doc = object(OP, resp)?;
    Ok(GetKeyOutput {
        key: required_string(OP, &doc, "Key")?,
        value: required_string(OP, &doc, "Value")?,
        item_count: required_count(OP, &doc, "ItemCount")?,
        total_size_in_bytes: required_count(OP, &doc, "TotalSizeInBytes")?,
    })
}

pub(crate) fn decode_list(resp: &HttpResponse) -> Result<ListKeysPage, Error> {
    const OP: &str = "ListKeys";
    let doc = object(OP, resp)?;
    let items = match member(&doc, "Items") {
        None | Some(Json::Null) => Vec::new(),
        Some(Json::Array(items)) => items
            .iter()
            .map(|item| {
                Ok(KeyValue {
                    key: required_string(OP, item, "Key")?,
                    value: required_string(OP, item, "Value")?,
                })
            })
            .collect::<Result<Vec<_>, Error>>()?,
        Some(_) => return Err(missing(OP, "Items", "an array")),
    };
    let next_token = optional_string(OP, &doc, "NextToken")?.filter(|t| !t.is_empty());
    Ok(ListKeysPage { items, next_token })
}

pub(crate) fn decode_write(operation: &str, resp: &HttpResponse) -> Result<WriteOutput, Error> {
    let doc = object(operation, resp)?;
    Ok(WriteOutput {
        item_count: required_count(operation, &doc, "ItemCount")?,
        total_size_in_bytes: required_count(operation, &doc, "TotalSizeInBytes")?,
        etag: etag(operation, resp)?,
    })
}

/// `PutKey`'s body: `{"Value":"…"}`.
pub(crate) fn put_body(value: &str) -> String {
    format!("{{\"Value\":{}}}", json_doc::quote(value))
}

/// One `Puts` item of `UpdateKeys`: `{"Key":"…","Value":"…"}`.
pub(crate) fn put_item(key: &str, value: &str) -> String {
    format!(
        "{{\"Key\":{},\"Value\":{}}}",
        json_doc::quote(key),
        json_doc::quote(value)
    )
}

/// One `Deletes` item of `UpdateKeys`: `{"Key":"…"}`.
pub(crate) fn delete_item(key: &str) -> String {
    format!("{{\"Key\":{}}}", json_doc::quote(key))
}

/// `UpdateKeys`' body from items written by [`put_item`] and [`delete_item`]: members
/// present only when non-empty, `Puts` first.
pub(crate) fn update_body<P: AsRef<str>, D: AsRef<str>>(puts: &[P], deletes: &[D]) -> String {
    let mut out = String::from("{");
    let list = |name: &str, items: &mut dyn Iterator<Item = &str>, out: &mut String| {
        let mut first = true;
        for item in items {
            if first {
                if out.len() > 1 {
                    out.push(',');
                }
                out.push('"');
                out.push_str(name);
                out.push_str("\":[");
                first = false;
            } else {
                out.push(',');
            }
            out.push_str(item);
        }
        if !first {
            out.push(']');
        }
    };
    list("Puts", &mut puts.iter().map(AsRef::as_ref), &mut out);
    list("Deletes", &mut deletes.iter().map(AsRef::as_ref), &mut out);
    out.push('}');
    out
}

/// The bytes `update_body` adds around its items: `{"Puts":[…],"Deletes":[…]}` with commas.
pub(crate) const UPDATE_BODY_OVERHEAD: usize = r#"{"Puts":[],"Deletes":[]}"#.len();

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn update_bodies_have_a_fixed_shape() {
        let none: [&str; 0] = [];
        assert_eq!(update_body(&none, &none), "{}");
        assert_eq!(
            update_body(&[put_item("a", "1"), put_item("b\"", "")], &none),
            r#"{"Puts":[{"Key":"a","Value":"1"},{"Key":"b\"","Value":""}]}"#
        );
        assert_eq!(
            update_body(&none, &[delete_item("x")]),
            r#"{"Deletes":[{"Key":"x"}]}"#
        );
        let both = update_body(&[put_item("a", "1")], &[delete_item("x"), delete_item("y")]);
        assert_eq!(
            both,
            r#"{"Puts":[{"Key":"a","Value":"1"}],"Deletes":[{"Key":"x"},{"Key":"y"}]}"#
        );
        // The overhead estimate is exact: items plus their separating commas plus it.
        let items = put_item("a", "1").len() + delete_item("x").len() + delete_item("y").len();
        assert_eq!(both.len(), items + 1 + UPDATE_BODY_OVERHEAD);
    }

    #[test]
    fn values_do_not_show_in_debug() {
        let kv = KeyValue {
            key: "k".into(),
            value: "s3cr3t".into(),
        };
        assert_eq!(
            format!("{kv:?}"),
            r#"KeyValue { key: "k", value: <6 bytes> }"#
        );
    }
}
