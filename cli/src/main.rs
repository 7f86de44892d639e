//! `cloudfront`: the command-line tool of the `cloudfront` crate, for deploy scripts.
//! Results on stdout, progress and errors on stderr, documented exit codes (`--help`).
#![forbid(unsafe_code)]

mod args;
mod commands;
mod edit;
mod exit;
mod kvs;
mod output;
mod progress;
mod sign;

use anyhow::{Context, Result};
use clap::Parser;
use cloudfront::{Client, CredentialsChain};

use crate::args::{Cli, Command, Global};

/// The library's log records on stderr, at the level `-v` chose.
struct StderrLogger;

impl log::Log for StderrLogger {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.level() <= log::max_level()
    }
    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            progress::line(&format!("{}: {}", record.level(), record.args()));
        }
    }
    fn flush(&self) {}
}

static LOGGER: StderrLogger = StderrLogger;

/// `Client::from_env()`, or the builder when `--profile` / `--endpoint-url` are given.
fn client(global: &Global) -> Result<Client> {
    if global.profile.is_none() && global.endpoint_url.is_none() {
        return Client::from_env().context("setting up the CloudFront client");
    }
    let mut builder = Client::builder();
    if let Some(profile) = &global.profile {
        builder = builder.credentials_provider(CredentialsChain::default().profile(profile));
    }
    let endpoint = global.endpoint_url.clone().or_else(|| {
        ["AWS_ENDPOINT_URL_CLOUDFRONT", "AWS_ENDPOINT_URL"]
            .iter()
            .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
    });
    if let Some(url) = endpoint {
        builder = builder.endpoint(url.trim());
    }
    builder.build().context("setting up the CloudFront client")
}

fn run(cli: Cli) -> Result<()> {
    let mode = progress::Mode::choose(cli.global.progress, cli.global.quiet);
    // Signing is local: no client, no credentials.
    match &cli.command {
        Command::SignUrl(args) => return sign::sign_url(args, cli.global.output),
        Command::SignCookies(args) => return sign::sign_cookies(args, cli.global.output),
        _ => {}
    }
    let client = client(&cli.global)?;
    commands::run(&client, cli.command, cli.global.output, mode)
}

fn main() {
    let cli = Cli::parse();
    let level = match (cli.global.quiet, cli.global.verbose) {
        (true, _) => log::LevelFilter::Error,
        (_, 0) => log::LevelFilter::Warn,
        (_, 1) => log::LevelFilter::Info,
        _ => log::LevelFilter::Debug,
    };
    if log::set_logger(&LOGGER).is_ok() {
        log::set_max_level(level);
    }
    let code = match run(cli) {
        Ok(()) => exit::OK,
        Err(err) => {
            let (code, hint) = exit::classify(&err);
            eprintln!("cloudfront: error: {err:#}");
            if !hint.is_empty() {
                eprintln!("cloudfront: hint: {hint}");
            }
            code
        }
    };
    std::process::exit(code);
}
