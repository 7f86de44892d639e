//! `cloudfront kvs ...` end to end: the real binary (its ureq transport, which resolves
//! `ACCOUNT.localhost` to 127.0.0.1 per RFC 6761) against the library's loopback fake store,
//! which verifies every SigV4A signature and enforces `If-Match`.

#[path = "../../tests/kvs_fake/mod.rs"]
mod kvs_fake;
mod support;

use std::collections::BTreeMap;

use cloudfront::Credentials;
use kvs_fake::{ARN, FakeStore};
use support::{cloudfront, stderr, stdout};

fn fake(items: &[(&str, &str)]) -> FakeStore {
    FakeStore::start(
        &Credentials::new("AKIDMOTOTEST", "moto-secret"),
        items
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
}

fn kvs(fake: &FakeStore, args: &[&str]) -> std::process::Output {
    cloudfront()
        .arg("kvs")
        .args(args)
        .args(["--arn", ARN, "--kvs-endpoint-url", &fake.endpoint()])
        .output()
        .unwrap()
}

#[test]
fn get_put_rm_and_ls() {
    let fake = fake(&[("/a", "1")]);
    let out = kvs(&fake, &["get", "/a"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "1\n");
    let out = kvs(&fake, &["put", "/b", "two", "--output", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["ItemCount"], 2);
    assert_eq!(v["ETag"], fake.etag());
    let out = kvs(&fake, &["rm", "/a"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = kvs(&fake, &["ls", "--output", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"Items": [{"Key": "/b", "Value": "two"}]})
    );
    let out = kvs(&fake, &["get", "/nope"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(fake.bad_signatures(), 0);
}

#[test]
fn sync_a_file_with_a_dry_run_first() {
    let fake = fake(&[("/keep", "k"), ("/gone", "g"), ("/change", "old")]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("desired.json");
    std::fs::write(
        &file,
        r#"{"data":[{"key":"/keep","value":"k"},{"key":"/change","value":"new"},{"key":"/added","value":"a"}]}"#,
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let out = kvs(&fake, &["sync", path, "--dry-run", "--output", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let plan: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        plan["Puts"],
        serde_json::json!([{"Key": "/added", "Value": "a"}, {"Key": "/change", "Value": "new"}])
    );
    assert_eq!(plan["Deletes"], serde_json::json!([{"Key": "/gone"}]));
    assert_eq!(plan["Unchanged"], 1);
    assert_eq!(fake.items().len(), 3, "the dry run wrote nothing");

    let out = kvs(
        &fake,
        &["sync", path, "--output", "json", "--progress", "never"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        (report["Puts"].as_u64(), report["Deletes"].as_u64()),
        (Some(2), Some(1))
    );
    let expected: BTreeMap<String, String> = [("/keep", "k"), ("/change", "new"), ("/added", "a")]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    assert_eq!(fake.items(), expected);
}

#[test]
fn a_file_with_a_key_twice_is_refused_before_anything_is_sent() {
    let fake = fake(&[]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dup.json");
    std::fs::write(&file, r#"{"/a":"1","/a":"2"}"#).unwrap();
    let out = kvs(&fake, &["sync", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("given twice"), "{}", stderr(&out));
    assert!(fake.seen().is_empty());
}
