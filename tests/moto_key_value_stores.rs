//! The KeyValueStore control plane through the generated typed methods against moto 5.2.5 (a
//! CloudFront emulator written independently of this crate), over real HTTP on 127.0.0.1.
//!
//! moto emulates CreateKeyValueStore, DescribeKeyValueStore, ListKeyValueStores,
//! UpdateKeyValueStore and DeleteKeyValueStore (all five of the control plane).
#![cfg(all(feature = "ureq", feature = "key-value-stores"))]

mod common;

use cloudfront::model::key_value_store::{
    CreateKeyValueStoreRequest, DeleteKeyValueStoreRequest, DescribeKeyValueStoreRequest,
    ListKeyValueStoresRequest, UpdateKeyValueStoreRequest,
};
use common::moto::moto;

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn key_value_store_create_describe_list_update_delete_round_trip() {
    let moto = moto();
    let client = moto.client();

    let created = client
        .create_key_value_store(CreateKeyValueStoreRequest {
            name: "redirects".into(),
            comment: Some("path redirects".into()),
            import_source: None,
            tags: None,
        })
        .expect("CreateKeyValueStore on moto");
    let store = created
        .key_value_store
        .expect("CreateKeyValueStore returns the store");
    assert_eq!(store.name, "redirects");
    assert_eq!(store.comment, "path redirects");
    assert!(
        store
            .arn
            .ends_with(&format!(":key-value-store/{}", store.id)),
        "{}",
        store.arn
    );
    assert!(created.etag.is_some());
    assert!(
        created
            .location
            .as_deref()
            .is_some_and(|l| l.ends_with(&format!("/key-value-store/{}", store.id))),
        "{:?}",
        created.location
    );

    let described = client
        .describe_key_value_store(DescribeKeyValueStoreRequest {
            name: "redirects".into(),
        })
        .expect("DescribeKeyValueStore on moto");
    assert_eq!(described.key_value_store.as_ref(), Some(&store));
    let etag = described
        .etag
        .expect("DescribeKeyValueStore returns an ETag");

    let listed: Vec<_> = client
        .list_key_value_stores_pager(ListKeyValueStoresRequest::default())
        .map(|s| s.expect("ListKeyValueStores on moto"))
        .collect();
    assert_eq!(listed, vec![store.clone()]);

    let updated = client
        .update_key_value_store(UpdateKeyValueStoreRequest {
            name: "redirects".into(),
            comment: "path redirects, v2".into(),
            if_match: etag,
        })
        .expect("UpdateKeyValueStore on moto");
    let after_update = updated
        .key_value_store
        .expect("UpdateKeyValueStore returns the store");
    assert_eq!(after_update.id, store.id);
    assert_eq!(after_update.comment, "path redirects, v2");
    let new_etag = updated.etag.expect("UpdateKeyValueStore returns an ETag");
    let reread = client
        .describe_key_value_store(DescribeKeyValueStoreRequest {
            name: "redirects".into(),
        })
        .expect("DescribeKeyValueStore on moto")
        .key_value_store
        .expect("the store");
    assert_eq!(reread.comment, "path redirects, v2");

    client
        .delete_key_value_store(DeleteKeyValueStoreRequest {
            name: "redirects".into(),
            if_match: new_etag,
        })
        .expect("DeleteKeyValueStore on moto");
    let remaining = client
        .list_key_value_stores(ListKeyValueStoresRequest::default())
        .expect("ListKeyValueStores on moto")
        .key_value_store_list
        .expect("a list");
    assert!(remaining.items.is_empty(), "{:?}", remaining.items);
}
