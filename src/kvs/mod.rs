//! The CloudFront KeyValueStore data plane (API `cloudfront-keyvaluestore`, 2022-07-26), the
//! data CloudFront Functions read: feature `kvs`.
//!
//! A [`KeyValueStore`] is a handle on one store, built from a [`Client`] with
//! [`Client::key_value_store`]: it shares the client's transport, credentials, retry policy
//! and call deadline, and sends rest-json requests to the store's own endpoint
//! ([`resolve_endpoint`]: `https://{account}.cloudfront-kvs.global.api.aws`) signed with
//! SigV4A (region set `*`, the derived ECDSA key cached per credentials, see
//! [`crate::auth::sigv4a::KeyCache`]).
//!
//! | operation | method |
//! |---|---|
//! | `DescribeKeyValueStore` | [`KeyValueStore::describe`] |
//! | `GetKey` | [`KeyValueStore::get`] |
//! | `ListKeys` | [`KeyValueStore::keys`] (a lazy [`Pager`]) |
//! | `PutKey` | [`KeyValueStore::put`] |
//! | `DeleteKey` | [`KeyValueStore::delete`] |
//! | `UpdateKeys` | [`KeyValueStore::update`] |
//! | a whole deploy | [`KeyValueStore::sync_keys`], [`KeyValueStore::plan_sync`] (dry run) |
//!
//! Every write takes the store's current ETag as `If-Match` (the API requires it) and returns
//! the new one ([`WriteOutput::etag`]); a stale ETag is a `ConflictException` (409,
//! [`ErrorKind::Conflict`]). Writes are retried by the client's policy on throttling and
//! server errors: with `If-Match`, a resend after a lost response cannot apply twice (the
//! ETag has changed, so it meets a conflict instead).
//!
//! ```no_run
//! # fn main() -> Result<(), cloudfront::Error> {
//! use std::collections::BTreeMap;
//! use cloudfront::kvs::SyncOptions;
//!
//! let client = cloudfront::Client::from_env()?;
//! let store = client.key_value_store(
//!     "arn:aws:cloudfront::123456789012:key-value-store/37d5f4d4-52c6-4d48-9a6f-2b8f1a3c7e90",
//! )?;
//! let info = store.describe()?;
//! let written = store.put("/old-path", "/new-path", &info.etag)?;
//! println!("{} keys, version {}", written.item_count, written.etag);
//! for pair in store.keys() {
//!     let pair = pair?;
//!     println!("{} -> {}", pair.key, pair.value);
//! }
//! let desired: BTreeMap<String, String> =
//!     [("/a".to_string(), "/b".to_string())].into_iter().collect();
//! let report = store.sync_keys(&desired, &SyncOptions::default(), &mut |event| {
//!     eprintln!("{event:?}")
//! })?;
//! println!("{} put, {} deleted", report.puts, report.deletes);
//! # Ok(()) }
//! ```

mod endpoint;
mod error;
mod shapes;
mod sync;
mod wire;

use std::sync::Arc;

pub use endpoint::{
    EndpointError, GLOBAL_SUFFIX, KvsArn, MAX_ARN_LEN, parse_arn, resolve_endpoint,
};
pub use error::ErrorKind;
pub use shapes::{GetKeyOutput, KeyValue, MAX_RESPONSE_BODY, StoreInfo, WriteOutput};
pub use sync::{BatchSize, SyncEvent, SyncOptions, SyncPlan, SyncReport};
pub use wire::{REGION_SET, SIGNING_SERVICE, error_from_json_response};

use crate::auth::sigv4a::KeyCache;
use crate::client::Client;
use crate::error::Error;
use crate::operation::{Operation, path_segment, percent_encode};
use crate::paging::{Page, Pager};

/// Most items `ListKeys` returns per page (`MaxResults`: 1 to 50).
pub const MAX_LIST_PAGE: u32 = 50;
/// Longest key the model accepts (1 to 1024 characters; the service's quota is 512 bytes,
/// see [`SyncOptions`]).
pub const MAX_KEY_CHARS: usize = 1024;

/// A handle on one KeyValueStore (module docs). Cheap to clone; clones share the client and
/// the SigV4A key cache.
#[derive(Debug, Clone)]
pub struct KeyValueStore {
    client: Client,
    arn: KvsArn,
    /// The ARN as a path segment.
    label: String,
    wire: wire::KvsWire,
}

impl Client {
    /// A handle on the KeyValueStore `arn`, at its global endpoint
    /// (`https://{account}.cloudfront-kvs.global.api.aws`). Feature `kvs`.
    ///
    /// ```
    /// # let client = cloudfront::Client::builder()
    /// #     .credentials(cloudfront::Credentials::new("AKIDEXAMPLE", "secret")).build()?;
    /// let store = client.key_value_store("arn:aws:cloudfront::123456789012:key-value-store/my-store")?;
    /// assert_eq!(store.endpoint(), "https://123456789012.cloudfront-kvs.global.api.aws");
    /// assert!(client.key_value_store("arn:aws:cloudfront::123456789012:distribution/E1").is_err());
    /// # Ok::<(), cloudfront::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidInput`] with an [`EndpointError`]'s message when the ARN is not a
    /// KeyValueStore's.
    #[cfg_attr(docsrs, doc(cfg(feature = "kvs")))]
    pub fn key_value_store(&self, arn: &str) -> Result<KeyValueStore, Error> {
        KeyValueStore::new(self, arn, None)
    }

    /// [`Client::key_value_store`] at an endpoint override, as the rule set builds it:
    /// `{scheme}://{account}.{authority}{path}` (plain `http` only to `localhost` or its
    /// subdomains). Feature `kvs`.
    ///
    /// ```
    /// # let client = cloudfront::Client::builder()
    /// #     .credentials(cloudfront::Credentials::new("AKIDEXAMPLE", "secret")).build()?;
    /// let store = client.key_value_store_at(
    ///     "arn:aws:cloudfront::123456789012:key-value-store/my-store",
    ///     "http://localhost:8080",
    /// )?;
    /// assert_eq!(store.endpoint(), "http://123456789012.localhost:8080");
    /// # Ok::<(), cloudfront::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Client::key_value_store`], and for an endpoint that is not a valid URL.
    #[cfg_attr(docsrs, doc(cfg(feature = "kvs")))]
    pub fn key_value_store_at(&self, arn: &str, endpoint: &str) -> Result<KeyValueStore, Error> {
        KeyValueStore::new(self, arn, Some(endpoint))
    }
}

impl KeyValueStore {
    fn new(client: &Client, arn: &str, endpoint: Option<&str>) -> Result<KeyValueStore, Error> {
        let parsed = parse_arn(arn)?;
        let base_url = resolve_endpoint(arn, endpoint, false)?;
        Ok(KeyValueStore {
            client: client.clone(),
            label: percent_encode(arn, false),
            arn: parsed,
            wire: wire::KvsWire {
                base_url,
                keys: Arc::new(KeyCache::new()),
            },
        })
    }

    /// The store's ARN.
    pub fn arn(&self) -> &str {
        &self.arn.arn
    }

    /// Where requests go: `https://{account}.cloudfront-kvs.global.api.aws`.
    pub fn endpoint(&self) -> &str {
        &self.wire.base_url
    }

    /// How many SigV4A keys this handle (and its clones) derived: one per credentials.
    pub fn key_derivations(&self) -> usize {
        self.wire.keys.derivations()
    }

    fn path(&self, key: Option<&str>) -> Result<String, Error> {
        let mut path = format!("/key-value-stores/{}", self.label);
        if let Some(key) = key {
            check_key(key)?;
            path.push_str("/keys/");
            path.push_str(&path_segment("key", key)?);
        }
        Ok(path)
    }

    fn send(&self, op: &Operation) -> Result<crate::transport::HttpResponse, Error> {
        self.client.execute_via(&self.wire, op)
    }

    /// `DescribeKeyValueStore`: the store's size, status and current ETag.
    ///
    /// # Errors
    /// [`ErrorKind::ResourceNotFound`] for no such store; transport and decode errors.
    pub fn describe(&self) -> Result<StoreInfo, Error> {
        let op = Operation::new("DescribeKeyValueStore", "GET", self.path(None)?);
        shapes::decode_describe(&self.send(&op)?)
    }

    /// `GetKey`: one key's value.
    ///
    /// # Errors
    /// [`ErrorKind::ResourceNotFound`] (and [`Error::is_not_found`]) for no such key.
    pub fn get(&self, key: &str) -> Result<GetKeyOutput, Error> {
        let op = Operation::new("GetKey", "GET", self.path(Some(key))?);
        shapes::decode_get(&self.send(&op)?)
    }

    /// `ListKeys`: every pair, lazily, one page (up to [`MAX_LIST_PAGE`]) at a time.
    /// `max_items(n)` makes one request; `next_marker()` is the `NextToken`.
    pub fn keys(&self) -> Pager<KeyValue> {
        let store = self.clone();
        Pager::new("ListKeys", move |token, max| {
            let mut op = Operation::new("ListKeys", "GET", format!("{}/keys", store.path(None)?));
            if let Some(n) = max {
                op = op.query("MaxResults", n.clamp(1, MAX_LIST_PAGE).to_string());
            }
            if let Some(t) = token {
                op = op.query("NextToken", t);
            }
            let page = shapes::decode_list(&store.send(&op)?)?;
            Ok(Page {
                items: page.items,
                is_truncated: page.next_token.is_some(),
                next_marker: page.next_token,
            })
        })
    }

    /// `PutKey`: sets `key` to `value`, if the store is still at version `if_match`.
    ///
    /// # Errors
    /// [`ErrorKind::Conflict`] for a stale ETag; [`ErrorKind::Validation`],
    /// [`ErrorKind::ServiceQuotaExceeded`].
    pub fn put(&self, key: &str, value: &str, if_match: &str) -> Result<WriteOutput, Error> {
        let op = write_op("PutKey", "PUT", self.path(Some(key))?, if_match)?
            .body(shapes::put_body(value));
        shapes::decode_write("PutKey", &self.send(&op)?)
    }

    /// `DeleteKey`: removes `key`, if the store is still at version `if_match`.
    ///
    /// # Errors
    /// As [`KeyValueStore::put`]; [`ErrorKind::ResourceNotFound`] for no such key.
    pub fn delete(&self, key: &str, if_match: &str) -> Result<WriteOutput, Error> {
        let op = write_op("DeleteKey", "DELETE", self.path(Some(key))?, if_match)?;
        shapes::decode_write("DeleteKey", &self.send(&op)?)
    }

    /// `UpdateKeys`: puts and deletes in one all-or-nothing request, if the store is still at
    /// version `if_match`. The API's limits apply (see [`SyncOptions`]);
    /// [`KeyValueStore::sync_keys`] splits a larger change into batches.
    ///
    /// # Errors
    /// As [`KeyValueStore::put`].
    pub fn update<K: AsRef<str>, V: AsRef<str>, D: AsRef<str>>(
        &self,
        puts: &[(K, V)],
        deletes: &[D],
        if_match: &str,
    ) -> Result<WriteOutput, Error> {
        for (k, _) in puts {
            check_key(k.as_ref())?;
        }
        for k in deletes {
            check_key(k.as_ref())?;
        }
        let puts: Vec<String> = puts
            .iter()
            .map(|(k, v)| shapes::put_item(k.as_ref(), v.as_ref()))
            .collect();
        let deletes: Vec<String> = deletes
            .iter()
            .map(|k| shapes::delete_item(k.as_ref()))
            .collect();
        self.update_items(&puts, &deletes, if_match)
    }

    /// `UpdateKeys` from items already written as JSON (what the sync planner sized).
    fn update_items(
        &self,
        puts: &[String],
        deletes: &[String],
        if_match: &str,
    ) -> Result<WriteOutput, Error> {
        let op = write_op(
            "UpdateKeys",
            "POST",
            format!("{}/keys", self.path(None)?),
            if_match,
        )?
        .body(shapes::update_body(puts, deletes));
        shapes::decode_write("UpdateKeys", &self.send(&op)?)
    }
}

/// A write: `If-Match` required, safe to resend (see the module docs).
fn write_op(
    name: &'static str,
    method: &'static str,
    path: String,
    if_match: &str,
) -> Result<Operation, Error> {
    if if_match.trim().is_empty() {
        return Err(Error::invalid_input(format!(
            "{name}: If-Match (the store's ETag, from describe() or the last write) must not be empty"
        )));
    }
    Ok(Operation::new(name, method, path)
        .header("If-Match", if_match)
        .idempotent(true))
}

/// The model's constraint on keys: 1 to 1024 characters.
fn check_key(key: &str) -> Result<(), Error> {
    let chars = key.chars().count();
    if chars == 0 || chars > MAX_KEY_CHARS {
        return Err(Error::invalid_input(format!(
            "a key must have 1 to {MAX_KEY_CHARS} characters (this one has {chars})"
        )));
    }
    Ok(())
}
