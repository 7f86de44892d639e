//! `config edit`: the configuration in `$EDITOR`, written back with `If-Match` (as
//! `kubectl edit` does). Unchanged: nothing is sent.

use std::process::Command;

use anyhow::{Context, Result, bail};
use cloudfront::Client;

use crate::args::Output;
use crate::commands::{parse_config, put_config};
use crate::output::{json_text, print};

/// Edits the configuration of distribution `id`.
pub fn edit(client: &Client, id: &str, output: Output) -> Result<()> {
    let current = client
        .distribution_config(id)
        .with_context(|| format!("reading the config of distribution {id}"))?;
    let xml = output == Output::Xml;
    let text = if xml {
        current.value.to_xml()? + "\n"
    } else {
        json_text(&current)?
    };
    let file = tempfile::Builder::new()
        .prefix(&format!("cloudfront-{id}-"))
        .suffix(if xml { ".xml" } else { ".json" })
        .tempfile()
        .context("creating a temporary file for the editor")?;
    std::fs::write(file.path(), &text).context("writing the temporary file")?;
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .unwrap_or_else(|_| "vi".to_string());
    // Through the shell, so that EDITOR="code --wait" works as it does for git.
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(file.path())
        .status()
        .with_context(|| format!("starting the editor ({editor})"))?;
    if !status.success() {
        bail!("the editor ({editor}) failed ({status}); nothing was written");
    }
    let edited = std::fs::read_to_string(file.path()).context("reading the edited file")?;
    let (config, etag) = parse_config(&edited, xml)
        .context("the edited config is not valid; nothing was written")?;
    if config == current.value {
        eprintln!("cloudfront: no changes to distribution {id}");
        return Ok(());
    }
    // The ETag of the read, unless the user changed it in the file on purpose.
    let etag = if etag.is_empty() {
        current.etag.clone()
    } else {
        etag
    };
    let d = put_config(client, id, &config, &etag, false)?;
    print(&format!("{}\t{}\n", d.id, d.etag))
}
