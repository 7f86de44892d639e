//! What each command does: one library call (or a few), then the result on stdout.

use std::io::Read;
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use cloudfront::{
    Client, Distribution, DistributionConfig, InvalidateAndWaitOptions, InvalidatePathsOptions,
    Invalidation, Versioned, WaitOptions,
};
use serde_json::json;

use crate::args::{AliasesCommand, Command, ConfigCommand, Output, WaitCommand};
use crate::exit::Stale;
use crate::output::{
    invalidation_json, invalidation_summary_json, json_text, print, print_json, table, text_rows,
    time_text,
};
use crate::progress::{InvalidationProgress, Mode, Spinner};

/// Runs one command.
pub fn run(client: &Client, command: Command, output: Output, mode: Mode) -> Result<()> {
    match command {
        Command::Ls => ls(client, output).context("listing distributions"),
        Command::Get { id } => {
            let d = client
                .distribution(&id)
                .with_context(|| format!("reading distribution {id}"))?;
            show_distribution(&d, output)
        }
        Command::Config(c) => config(client, c, output),
        Command::Enable { id } => {
            let d = client
                .enable_distribution(&id)
                .with_context(|| format!("enabling distribution {id}"))?;
            show_distribution(&d, output)
        }
        Command::Disable { id } => {
            let d = client
                .disable_distribution(&id)
                .with_context(|| format!("disabling distribution {id}"))?;
            show_distribution(&d, output)
        }
        Command::Aliases(a) => aliases(client, a, output),
        Command::Delete {
            id,
            disable,
            wait,
            timeout,
        } => delete(client, &id, disable, wait, timeout, mode),
        Command::Wait(w) => wait_command(client, w, output, mode),
        Command::Invalidate {
            id,
            paths,
            paths_from,
            wait,
            timeout,
            poll_interval,
        } => {
            let mut all = paths;
            if let Some(source) = paths_from {
                all.extend(read_paths(&source)?);
            }
            if all.is_empty() {
                bail!("invalidate {id}: no paths given (as arguments or with --paths-from)");
            }
            invalidate(
                client,
                &id,
                &all,
                wait,
                timeout,
                poll_interval,
                output,
                mode,
            )
        }
        Command::Invalidations {
            id,
            max_items,
            marker,
        } => invalidations(client, &id, max_items, marker, output),
        Command::Invalidation { id, invalidation } => {
            let inv = client
                .invalidation(&id, &invalidation)
                .with_context(|| format!("reading invalidation {invalidation} of {id}"))?;
            show_invalidations(&[inv], output)
        }
        Command::SignUrl(args) => crate::sign::sign_url(&args, output),
        Command::SignCookies(args) => crate::sign::sign_cookies(&args, output),
        Command::Kvs(k) => crate::kvs::run(client, k, output, mode),
    }
}

fn ls(client: &Client, output: Output) -> Result<()> {
    let mut summaries = Vec::new();
    for s in client.distributions() {
        summaries.push(s?);
    }
    match output {
        Output::Json => print_json(&json!({
            "DistributionList": {
                "Quantity": summaries.len(),
                "Items": summaries,
            }
        })),
        Output::Xml => bail!("--output xml is not available for ls (use json)"),
        Output::Text | Output::Table => {
            let rows: Vec<Vec<String>> = summaries
                .iter()
                .map(|s| {
                    vec![
                        s.id.to_string(),
                        s.domain_name.clone(),
                        s.status.to_string(),
                        s.enabled.to_string(),
                        s.aliases.items.join(","),
                        s.comment.clone(),
                    ]
                })
                .collect();
            if output == Output::Table {
                print(&table(
                    &["ID", "DOMAIN", "STATUS", "ENABLED", "ALIASES", "COMMENT"],
                    &rows,
                ))
            } else {
                print(&text_rows(&rows))
            }
        }
    }
}

fn show_distribution(d: &Versioned<Distribution>, output: Output) -> Result<()> {
    match output {
        Output::Json => print_json(d),
        Output::Xml => print(&(d.value.to_xml()? + "\n")),
        Output::Text | Output::Table => {
            let c = &d.distribution_config;
            let rows = vec![
                vec!["Id".into(), d.id.to_string()],
                vec!["ETag".into(), d.etag.clone()],
                vec!["DomainName".into(), d.domain_name.clone()],
                vec!["Status".into(), d.status.to_string()],
                vec!["Enabled".into(), c.enabled.to_string()],
                vec![
                    "Aliases".into(),
                    c.aliases
                        .as_ref()
                        .map(|a| a.items.join(","))
                        .unwrap_or_default(),
                ],
                vec!["Comment".into(), c.comment.clone()],
                vec!["LastModifiedTime".into(), time_text(d.last_modified_time)],
            ];
            if output == Output::Table {
                print(&table(&["FIELD", "VALUE"], &rows))
            } else {
                print(&text_rows(&rows))
            }
        }
    }
}

fn config(client: &Client, command: ConfigCommand, output: Output) -> Result<()> {
    match command {
        ConfigCommand::Get { id } => {
            let c = client
                .distribution_config(&id)
                .with_context(|| format!("reading the config of distribution {id}"))?;
            match output {
                Output::Xml => print(&(c.value.to_xml()? + "\n")),
                _ => print_json(&c),
            }
        }
        ConfigCommand::Put { id, file, force } => {
            let (config, etag) = read_config(&file)?;
            let d = put_config(client, &id, &config, &etag, force)?;
            show_distribution(&d, output)
        }
        ConfigCommand::Edit { id } => crate::edit::edit(client, &id, output),
    }
}

/// Reads a config file: `.xml` (no ETag), or JSON (`{"ETag", "DistributionConfig"}` or the
/// bare config). `-` is standard input (JSON).
pub fn read_config(file: &Path) -> Result<(DistributionConfig, String)> {
    let text = if file.as_os_str() == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .context("reading the config from standard input")?;
        s
    } else {
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?
    };
    parse_config(&text, file.extension().is_some_and(|e| e == "xml"))
        .with_context(|| format!("{} is not a distribution config", file.display()))
}

/// Parses a config document (XML when `xml` or when it starts with `<`).
pub fn parse_config(text: &str, xml: bool) -> Result<(DistributionConfig, String)> {
    if xml || text.trim_start().starts_with('<') {
        return Ok((DistributionConfig::from_xml(text)?, String::new()));
    }
    let v: Versioned<DistributionConfig> = serde_json::from_str(text)?;
    Ok((v.value, v.etag))
}

/// Writes `config` with `If-Match`: the given ETag, or a fresh read's when empty (or with
/// `force`). A stale ETag is refused by CloudFront (412) and reported as [`Stale`].
pub fn put_config(
    client: &Client,
    id: &str,
    config: &DistributionConfig,
    etag: &str,
    force: bool,
) -> Result<Versioned<Distribution>> {
    let etag = if etag.is_empty() || force {
        client
            .distribution_config(id)
            .with_context(|| format!("reading the current ETag of distribution {id}"))?
            .etag
    } else {
        etag.to_string()
    };
    match client.put_distribution_config(id, config, &etag) {
        Ok(d) => Ok(d),
        Err(e) if e.is_precondition_failed() => Err(anyhow::Error::new(Stale {
            id: id.to_string(),
            etag,
        })
        .context(e)),
        Err(e) => Err(anyhow::Error::new(e).context(format!("updating distribution {id}"))),
    }
}

fn aliases(client: &Client, command: AliasesCommand, output: Output) -> Result<()> {
    let d = match command {
        AliasesCommand::Set { id, names } => client
            .update_distribution(&id, |c| {
                let mut aliases = c.aliases.take().unwrap_or_default();
                aliases.items = names.clone();
                c.aliases = Some(aliases);
            })
            .with_context(|| format!("setting the aliases of {id}"))?,
        AliasesCommand::Add { id, names } => client
            .add_distribution_aliases(&id, &names)
            .with_context(|| format!("adding aliases to {id}"))?,
        AliasesCommand::Rm { id, names } => client
            .remove_distribution_aliases(&id, &names)
            .with_context(|| format!("removing aliases from {id}"))?,
    };
    show_distribution(&d, output)
}

fn wait_options(defaults: WaitOptions, poll: Duration, timeout: Option<Duration>) -> WaitOptions {
    let mut o = defaults.delay(poll);
    if let Some(t) = timeout {
        // The deadline rules; enough polls to reach it.
        let polls = t.as_secs_f64() / poll.as_secs_f64().max(0.001);
        o = o
            .timeout(t)
            .max_attempts(polls.ceil().clamp(1.0, u32::MAX as f64) as u32 + 1);
    }
    o
}

fn delete(
    client: &Client,
    id: &str,
    disable: bool,
    wait: bool,
    timeout: Option<Duration>,
    mode: Mode,
) -> Result<()> {
    if disable {
        client
            .disable_distribution(id)
            .with_context(|| format!("disabling distribution {id}"))?;
    }
    if wait {
        wait_deployed(client, id, Duration::from_secs(60), timeout, mode)?;
    }
    client
        .delete_distribution(id)
        .with_context(|| format!("deleting distribution {id}"))?;
    print(&format!("{id}\n"))
}

fn wait_deployed(
    client: &Client,
    id: &str,
    poll: Duration,
    timeout: Option<Duration>,
    mode: Mode,
) -> Result<Versioned<Distribution>> {
    let what = format!("distribution {id} to be Deployed");
    let spinner = Spinner::new(mode, &format!("waiting for {what}"));
    let options = wait_options(WaitOptions::distribution_deployed(), poll, timeout)
        .on_progress(spinner.waiter(id.to_string()));
    let result = client.wait_until_deployed(id, options);
    spinner.finish();
    result.with_context(|| format!("waiting for {what}"))
}

fn wait_command(client: &Client, command: WaitCommand, output: Output, mode: Mode) -> Result<()> {
    match command {
        WaitCommand::Deployed {
            id,
            timeout,
            poll_interval,
        } => {
            let d = wait_deployed(client, &id, poll_interval, timeout, mode)?;
            show_distribution(&d, output)
        }
        WaitCommand::Invalidation {
            id,
            invalidation,
            timeout,
            poll_interval,
        } => {
            let what = format!("invalidation {invalidation} of {id} to be Completed");
            let spinner = Spinner::new(mode, &format!("waiting for {what}"));
            let options = wait_options(
                WaitOptions::invalidation_completed(),
                poll_interval,
                timeout,
            )
            .on_progress(spinner.waiter(invalidation.clone()));
            let result = client.wait_until_completed(&id, &invalidation, options);
            spinner.finish();
            let inv = result.with_context(|| format!("waiting for {what}"))?;
            show_invalidations(&[inv], output)
        }
    }
}

/// Paths from a file or standard input: one per line, blank lines and `#` comments skipped.
fn read_paths(source: &str) -> Result<Vec<String>> {
    let text = if source == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .context("reading paths from standard input")?;
        s
    } else {
        std::fs::read_to_string(source).with_context(|| format!("reading paths from {source}"))?
    };
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect())
}

#[allow(clippy::too_many_arguments)]
fn invalidate(
    client: &Client,
    id: &str,
    paths: &[String],
    wait: bool,
    timeout: Option<Duration>,
    poll: Duration,
    output: Output,
    mode: Mode,
) -> Result<()> {
    let batching = InvalidatePathsOptions::new().poll_delay(poll);
    let created = if wait {
        let options = InvalidateAndWaitOptions { batching, timeout };
        let mut progress = InvalidationProgress::new(mode);
        let result = client.invalidate_and_wait(id, paths, &options, &mut |e| progress.event(e));
        progress.finish();
        match result {
            Ok(done) => done,
            Err(e) => {
                // The ids already created go to stdout too: a script can report or resume.
                let ids: String = e.created().iter().map(|i| format!("{}\n", i.id)).collect();
                if output == Output::Text {
                    print(&ids)?;
                }
                let message = e.to_string();
                return Err(anyhow::Error::new(e.error).context(message));
            }
        }
    } else {
        client
            .invalidate_paths(id, paths, &batching)
            .with_context(|| format!("invalidating {} paths of {id}", paths.len()))?
    };
    show_invalidations(&created, output)
}

fn show_invalidations(list: &[Invalidation], output: Output) -> Result<()> {
    match output {
        Output::Json if list.len() == 1 => print_json(&json!({
            "Invalidation": invalidation_json(&list[0]),
        })),
        Output::Json => print_json(&json!({
            "Invalidations": list.iter().map(invalidation_json).collect::<Vec<_>>(),
        })),
        Output::Xml => bail!("--output xml is not available for invalidations (use json)"),
        Output::Text => print(
            &list
                .iter()
                .map(|i| format!("{}\n", i.id))
                .collect::<String>(),
        ),
        Output::Table => {
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|i| {
                    vec![
                        i.id.to_string(),
                        i.status.to_string(),
                        time_text(i.create_time),
                        i.batch.paths.len().to_string(),
                    ]
                })
                .collect();
            print(&table(&["ID", "STATUS", "CREATED", "PATHS"], &rows))
        }
    }
}

fn invalidations(
    client: &Client,
    id: &str,
    max_items: Option<u32>,
    marker: Option<String>,
    output: Output,
) -> Result<()> {
    let mut pager = client.invalidations(id);
    if let Some(n) = max_items {
        pager = pager.max_items(n);
    }
    if let Some(m) = marker {
        pager = pager.marker(m);
    }
    let mut items = Vec::new();
    for s in pager.by_ref() {
        items.push(s.with_context(|| format!("listing the invalidations of {id}"))?);
    }
    let next = pager.next_marker().map(str::to_string);
    match output {
        Output::Json => {
            let mut list = json!({
                "Quantity": items.len(),
                "Items": items.iter().map(invalidation_summary_json).collect::<Vec<_>>(),
            });
            if let Some(m) = &next {
                list["NextMarker"] = json!(m);
            }
            print(&json_text(&json!({ "InvalidationList": list }))?)
        }
        Output::Xml => bail!("--output xml is not available for invalidations (use json)"),
        Output::Text | Output::Table => {
            let rows: Vec<Vec<String>> = items
                .iter()
                .map(|s| {
                    vec![
                        s.id.to_string(),
                        s.status.to_string(),
                        time_text(s.create_time),
                    ]
                })
                .collect();
            let mut out = if output == Output::Table {
                table(&["ID", "STATUS", "CREATED"], &rows)
            } else {
                text_rows(&rows)
            };
            if let Some(m) = next {
                out.push_str(&format!("NextMarker\t{m}\n"));
            }
            print(&out)
        }
    }
}
