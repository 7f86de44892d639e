//! `cloudfront kvs get|put|rm|ls|sync`: the CloudFront KeyValueStore data plane (the
//! library's `kvs` feature). Writes read the store's ETag first and send it as `If-Match`;
//! `sync` makes the store hold exactly a JSON file's keys, in batches, with `--dry-run`.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use cloudfront::Client;
use cloudfront::kvs::{KeyValueStore, SyncEvent, SyncOptions, SyncPlan, SyncReport, WriteOutput};
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::{Value, json};

use crate::args::Output;
use crate::output::{print, print_json, table, text_rows};
use crate::progress::{Mode, line};

/// `kvs ...`.
#[derive(Debug, Subcommand)]
pub enum KvsCommand {
    /// Print one key's value
    #[command(
        after_help = "Example:\n  cloudfront kvs get --arn arn:aws:cloudfront::123456789012:key-value-store/37d5f4d4-52c6-4d48-9a6f-2b8f1a3c7e90 /old-path"
    )]
    Get {
        #[command(flatten)]
        store: StoreArgs,
        /// The key
        key: String,
    },
    /// Set one key (reads the store's ETag, then writes with If-Match)
    #[command(after_help = "Example:\n  cloudfront kvs put --arn ARN /old-path /new-path")]
    Put {
        #[command(flatten)]
        store: StoreArgs,
        /// The key
        key: String,
        /// The value
        value: String,
    },
    /// Delete one key
    #[command(after_help = "Example:\n  cloudfront kvs rm --arn ARN /old-path")]
    Rm {
        #[command(flatten)]
        store: StoreArgs,
        /// The key
        key: String,
    },
    /// List every key and value
    #[command(after_help = "Example:\n  cloudfront kvs ls --arn ARN --output json")]
    Ls {
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Make the store hold exactly the keys of FILE.json: {"key": "value", ...} or the import format {"data": [{"key": ..., "value": ...}]}
    #[command(
        after_help = "Examples:\n  cloudfront kvs sync --arn ARN redirects.json --dry-run --output json\n  cloudfront kvs sync --arn ARN redirects.json\n\nPuts and deletes go in UpdateKeys batches (50 keys, 3 MB each); a concurrent change is re-read and re-planned."
    )]
    Sync {
        #[command(flatten)]
        store: StoreArgs,
        /// The desired keys and values (`-`: standard input)
        file: String,
        /// Print the plan (puts, deletes, batches) and write nothing
        #[arg(long)]
        dry_run: bool,
    },
}

/// The store every `kvs` command works on.
#[derive(Debug, Args)]
pub struct StoreArgs {
    /// The store's ARN (arn:aws:cloudfront::ACCOUNT:key-value-store/ID)
    #[arg(long, value_name = "ARN")]
    pub arn: String,
    /// Endpoint override, as the AWS rule set uses it: {scheme}://{account}.{authority}{path} (default: AWS_ENDPOINT_URL_CLOUDFRONT_KEYVALUESTORE, else the global endpoint)
    #[arg(long, value_name = "URL")]
    pub kvs_endpoint_url: Option<String>,
}

impl StoreArgs {
    fn open(&self, client: &Client) -> Result<KeyValueStore> {
        let endpoint = self.kvs_endpoint_url.clone().or_else(|| {
            std::env::var("AWS_ENDPOINT_URL_CLOUDFRONT_KEYVALUESTORE")
                .ok()
                .filter(|s| !s.trim().is_empty())
        });
        let store = match endpoint {
            Some(url) => client.key_value_store_at(&self.arn, url.trim()),
            None => client.key_value_store(&self.arn),
        };
        store.with_context(|| format!("key value store {}", self.arn))
    }
}

/// Runs one `kvs` command.
pub fn run(client: &Client, command: KvsCommand, output: Output, mode: Mode) -> Result<()> {
    match command {
        KvsCommand::Get { store, key } => {
            let got = store
                .open(client)?
                .get(&key)
                .with_context(|| format!("reading key {key:?}"))?;
            match output {
                Output::Json => print_json(&json!({
                    "Key": got.key, "Value": got.value,
                    "ItemCount": got.item_count, "TotalSizeInBytes": got.total_size_in_bytes,
                })),
                _ => print(&format!("{}\n", got.value)),
            }
        }
        KvsCommand::Put { store, key, value } => {
            let kvs = store.open(client)?;
            let etag = kvs.describe().context("reading the store's ETag")?.etag;
            let out = kvs
                .put(&key, &value, &etag)
                .with_context(|| format!("putting key {key:?}"))?;
            show_write(&out, output)
        }
        KvsCommand::Rm { store, key } => {
            let kvs = store.open(client)?;
            let etag = kvs.describe().context("reading the store's ETag")?.etag;
            let out = kvs
                .delete(&key, &etag)
                .with_context(|| format!("deleting key {key:?}"))?;
            show_write(&out, output)
        }
        KvsCommand::Ls { store } => {
            let rows: Vec<Vec<String>> = store
                .open(client)?
                .keys()
                .map(|p| p.map(|p| vec![p.key, p.value]))
                .collect::<Result<_, _>>()
                .context("listing keys")?;
            match output {
                Output::Json => print_json(&json!({
                    "Items": rows.iter().map(|r| json!({"Key": r[0], "Value": r[1]})).collect::<Vec<_>>()
                })),
                Output::Table => print(&table(&["KEY", "VALUE"], &rows)),
                _ => print(&text_rows(&rows)),
            }
        }
        KvsCommand::Sync {
            store,
            file,
            dry_run,
        } => {
            let desired = read_desired(&file)?;
            let kvs = store.open(client)?;
            let options = SyncOptions::default();
            if dry_run {
                let plan = kvs
                    .plan_sync(&desired, &options)
                    .context("planning the sync")?;
                return show_plan(&plan, output);
            }
            let report = kvs
                .sync_keys(&desired, &options, &mut |event| {
                    if mode != Mode::Off {
                        line(&Shown(event).to_string());
                    }
                })
                .context("syncing the store")?;
            show_report(&report, output)
        }
    }
}

/// A sync event as one progress line.
struct Shown<'a>(&'a SyncEvent);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            SyncEvent::Planned {
                puts,
                deletes,
                unchanged,
                batches,
                ..
            } => write!(
                f,
                "planned {puts} put(s), {deletes} delete(s), {unchanged} unchanged, in {batches} batch(es)"
            ),
            SyncEvent::BatchApplied {
                batch,
                batches,
                puts,
                deletes,
                etag,
                ..
            } => write!(
                f,
                "batch {batch}/{batches}: {puts} put(s), {deletes} delete(s), now {etag}"
            ),
            SyncEvent::Conflict {
                batch,
                retry,
                max_retries,
                ..
            } => write!(
                f,
                "batch {batch}: the store changed meanwhile; re-reading ({retry}/{max_retries})"
            ),
            other => write!(f, "{other:?}"),
        }
    }
}

fn show_write(out: &WriteOutput, output: Output) -> Result<()> {
    match output {
        Output::Json => print_json(&json!({
            "ItemCount": out.item_count, "TotalSizeInBytes": out.total_size_in_bytes, "ETag": out.etag,
        })),
        _ => print(&text_rows(&[vec![
            out.etag.clone(),
            out.item_count.to_string(),
            out.total_size_in_bytes.to_string(),
        ]])),
    }
}

fn show_plan(plan: &SyncPlan, output: Output) -> Result<()> {
    match output {
        Output::Json => print_json(&json!({
            "ETag": plan.etag,
            "Puts": plan.puts.iter().map(|p| json!({"Key": p.key, "Value": p.value})).collect::<Vec<_>>(),
            "Deletes": plan.deletes.iter().map(|k| json!({"Key": k})).collect::<Vec<_>>(),
            "Unchanged": plan.unchanged,
            "Batches": plan.batches.iter().map(|b| json!({"Puts": b.puts, "Deletes": b.deletes, "Bytes": b.bytes})).collect::<Vec<_>>(),
        })),
        _ => {
            let mut rows: Vec<Vec<String>> = plan
                .puts
                .iter()
                .map(|p| vec!["put".to_string(), p.key.clone(), p.value.clone()])
                .collect();
            rows.extend(
                plan.deletes
                    .iter()
                    .map(|k| vec!["delete".to_string(), k.clone(), String::new()]),
            );
            print(&text_rows(&rows))
        }
    }
}

fn show_report(report: &SyncReport, output: Output) -> Result<()> {
    match output {
        Output::Json => print_json(&json!({
            "Puts": report.puts, "Deletes": report.deletes, "Batches": report.batches,
            "Conflicts": report.conflicts, "ETag": report.etag,
            "ItemCount": report.item_count, "TotalSizeInBytes": report.total_size_in_bytes,
        })),
        _ => print(&text_rows(&[vec![
            report.etag.clone(),
            report.puts.to_string(),
            report.deletes.to_string(),
            report.batches.to_string(),
        ]])),
    }
}

/// The desired map from FILE.json: a flat object of strings, or CloudFront's import format
/// `{"data": [{"key": ..., "value": ...}]}`. A key given twice is an error, not a silent
/// overwrite.
fn read_desired(file: &str) -> Result<BTreeMap<String, String>> {
    let text = if file == "-" {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s).context("reading stdin")?;
        s
    } else {
        std::fs::read_to_string(Path::new(file)).with_context(|| format!("reading {file}"))?
    };
    let pairs =
        parse_desired(&text).with_context(|| format!("{file}: not a key-value JSON file"))?;
    let mut map = BTreeMap::new();
    for (k, v) in pairs {
        if map.insert(k.clone(), v).is_some() {
            bail!("{file}: the key {k:?} is given twice");
        }
    }
    Ok(map)
}

fn parse_desired(text: &str) -> Result<Vec<(String, String)>> {
    let Pairs(pairs) = serde_json::from_str(text)?;
    if pairs.len() == 1 && pairs[0].0 == "data" {
        if let Value::Array(items) = &pairs[0].1 {
            return items
                .iter()
                .map(|item| match (item.get("key"), item.get("value")) {
                    (Some(Value::String(k)), Some(Value::String(v))) => Ok((k.clone(), v.clone())),
                    _ => {
                        bail!("each item of \"data\" needs a string \"key\" and a string \"value\"")
                    }
                })
                .collect();
        }
    }
    pairs
        .into_iter()
        .map(|(k, v)| match v {
            Value::String(v) => Ok((k, v)),
            _ => bail!("the value of {k:?} is not a string"),
        })
        .collect()
}

/// An object's members in order, duplicates kept (serde_json's map would keep the last).
struct Pairs(Vec<(String, Value)>);

impl<'de> serde::Deserialize<'de> for Pairs {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Pairs, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Pairs;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Pairs, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry::<String, Value>()? {
                    out.push(entry);
                }
                Ok(Pairs(out))
            }
        }
        d.deserialize_map(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_file_formats_are_read_and_duplicates_are_kept_for_the_check() {
        assert_eq!(
            parse_desired(r#"{"/a":"1","/b":"2"}"#).unwrap(),
            [("/a".into(), "1".into()), ("/b".into(), "2".into())]
        );
        assert_eq!(
            parse_desired(r#"{"data":[{"key":"k","value":"v"}]}"#).unwrap(),
            [("k".to_string(), "v".to_string())]
        );
        assert_eq!(parse_desired(r#"{"a":"1","a":"2"}"#).unwrap().len(), 2);
        assert!(parse_desired(r#"{"a":1}"#).is_err());
        assert!(parse_desired(r#"{"data":[{"key":"k"}]}"#).is_err());
        assert!(parse_desired("[1]").is_err());
    }
}
