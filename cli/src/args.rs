//! The command line: global options and commands, each with an example in its `--help`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// The end of `cloudfront --help`: an example and the exit codes.
pub const AFTER_HELP: &str = "\
Example (a deploy script):
  ids=$(cloudfront invalidate E2QWRUHAPOMQZL /index.html '/img/*' --wait --timeout 20m)

Exit codes:
  0  success
  1  other error (network, credentials, bad file, service error)
  2  usage error (bad arguments)
  3  not found (no such distribution or invalidation)
  4  precondition failed: someone else changed the resource (stale ETag)
  5  timed out waiting

Credentials and settings are found as the library's Client::from_env() finds them:
AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, ~/.aws/credentials and ~/.aws/config
(AWS_PROFILE or --profile), AWS_ENDPOINT_URL (or --endpoint-url).";

/// `cloudfront`: Amazon CloudFront from deploy scripts.
#[derive(Debug, Parser)]
#[command(
    name = "cloudfront",
    version,
    about = "Amazon CloudFront from deploy scripts: distributions, configs as AWS CLI JSON, invalidations with progress",
    after_help = AFTER_HELP,
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options for every command.
#[derive(Debug, Args)]
pub struct Global {
    /// Credentials profile of ~/.aws/credentials and ~/.aws/config (default: AWS_PROFILE, else `default`)
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// Endpoint URL (default: AWS_ENDPOINT_URL_CLOUDFRONT, AWS_ENDPOINT_URL, else CloudFront's); plain http only to loopback
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Output format on stdout
    #[arg(long, global = true, value_enum, default_value_t = Output::Text)]
    pub output: Output,
    /// Progress on stderr: bars on a terminal and timestamped lines elsewhere (auto), bars even when stderr is not a terminal (always), or none (never)
    #[arg(long, global = true, value_enum, default_value_t = Progress::Auto)]
    pub progress: Progress,
    /// More detail on stderr (-v: the library's info log, -vv: debug)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Nothing on stderr but errors (no progress)
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
}

/// `--output`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Output {
    /// Tab-separated fields, one record per line (configs: JSON)
    Text,
    /// JSON in the AWS CLI's shape
    Json,
    /// Aligned columns with a header
    Table,
    /// CloudFront's XML (configs and distributions)
    Xml,
}

/// `--progress`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Progress {
    /// Bars on a terminal, timestamped lines otherwise
    Auto,
    /// Bars, even when stderr is not a terminal
    Always,
    /// No progress
    Never,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List distributions: id, domain, status, enabled, aliases, comment
    #[command(after_help = "Example:\n  cloudfront ls --output table")]
    Ls,
    /// Show one distribution (with its ETag)
    #[command(after_help = "Example:\n  cloudfront get E2QWRUHAPOMQZL --output json")]
    Get {
        /// Distribution id
        id: String,
    },
    /// Read or write a distribution's configuration (AWS CLI JSON, or XML)
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Enable a distribution
    #[command(after_help = "Example:\n  cloudfront enable E2QWRUHAPOMQZL")]
    Enable {
        /// Distribution id
        id: String,
    },
    /// Disable a distribution
    #[command(after_help = "Example:\n  cloudfront disable E2QWRUHAPOMQZL")]
    Disable {
        /// Distribution id
        id: String,
    },
    /// Set, add or remove alternate domain names (CNAMEs)
    #[command(subcommand)]
    Aliases(AliasesCommand),
    /// Delete a distribution (it must be disabled and deployed; --disable does that first)
    #[command(after_help = "Example:\n  cloudfront delete E2QWRUHAPOMQZL --disable --wait")]
    Delete {
        /// Distribution id
        id: String,
        /// Disable it first and wait until it is deployed
        #[arg(long)]
        disable: bool,
        /// Wait until the distribution is deployed before deleting (needed after --disable)
        #[arg(long)]
        wait: bool,
        /// Give up waiting after this long (e.g. 30s, 20m, 1h)
        #[arg(long, value_name = "DUR", value_parser = parse_duration)]
        timeout: Option<std::time::Duration>,
    },
    /// Wait until a distribution is deployed or an invalidation completed
    #[command(subcommand)]
    Wait(WaitCommand),
    /// Invalidate paths (any number: split into batches within CloudFront's quotas)
    #[command(
        after_help = "Examples:\n  cloudfront invalidate E2QWRUHAPOMQZL /index.html '/img/*' --wait\n  git diff --name-only HEAD~1 -- public | sed 's|^public||' | cloudfront invalidate E2QWRUHAPOMQZL --paths-from - --wait --timeout 20m\n\nPrints the invalidation ids on stdout, one per line."
    )]
    Invalidate {
        /// Distribution id
        id: String,
        /// Paths to invalidate (`/index.html`, `/img/*`)
        paths: Vec<String>,
        /// Read more paths from FILE, one per line (`-`: standard input); blank lines and lines starting with # are skipped
        #[arg(long, value_name = "FILE|-")]
        paths_from: Option<String>,
        /// Wait until every batch is completed, with progress
        #[arg(long)]
        wait: bool,
        /// Give up after this long (e.g. 30s, 20m, 1h)
        #[arg(long, value_name = "DUR", value_parser = parse_duration)]
        timeout: Option<std::time::Duration>,
        /// Time between status polls while waiting
        #[arg(long, value_name = "DUR", value_parser = parse_duration, default_value = "20s")]
        poll_interval: std::time::Duration,
    },
    /// List a distribution's invalidations, newest first
    #[command(
        after_help = "Example:\n  cloudfront invalidations E2QWRUHAPOMQZL --max-items 10\n  cloudfront invalidations E2QWRUHAPOMQZL --max-items 10 --marker \"$next\"\n\nWith --max-items, the last line is `NextMarker<TAB>marker` when there are more."
    )]
    Invalidations {
        /// Distribution id
        id: String,
        /// At most this many (one request); prints the marker to continue from
        #[arg(long, value_name = "N")]
        max_items: Option<u32>,
        /// Start after this marker (from a previous --max-items listing)
        #[arg(long, value_name = "M")]
        marker: Option<String>,
    },
    /// Show one invalidation
    #[command(after_help = "Example:\n  cloudfront invalidation E2QWRUHAPOMQZL I2J0I21PCUYOIK")]
    Invalidation {
        /// Distribution id
        id: String,
        /// Invalidation id
        invalidation: String,
    },
    /// Sign a URL for private content (canned policy with --expires, custom with --policy)
    #[command(
        after_help = "Example:\n  cloudfront sign-url https://d111111abcdef8.cloudfront.net/private/a.mp4 --key-pair-id K2JCJMDEHXQW5F --private-key key.pem --expires 2026-12-31T00:00:00Z"
    )]
    SignUrl(SignArgs),
    /// Sign cookies for private content; prints Set-Cookie header values
    #[command(
        after_help = "Example:\n  cloudfront sign-cookies 'https://d111111abcdef8.cloudfront.net/private/*' --key-pair-id K2JCJMDEHXQW5F --private-key key.pem --expires +1h"
    )]
    SignCookies(SignArgs),
    /// CloudFront KeyValueStore: get, put, rm, ls, sync a JSON file (signed with SigV4A)
    #[command(subcommand)]
    Kvs(crate::kvs::KvsCommand),
}

/// `config ...`.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the configuration with its ETag: {"ETag": ..., "DistributionConfig": {...}} (as `aws cloudfront get-distribution-config`)
    #[command(after_help = "Example:\n  cloudfront config get E2QWRUHAPOMQZL > cfg.json")]
    Get {
        /// Distribution id
        id: String,
    },
    /// Write a configuration from FILE (AWS CLI JSON, with or without ETag, or .xml)
    #[command(
        after_help = "Example:\n  cloudfront config get E2QWRUHAPOMQZL > cfg.json\n  $EDITOR cfg.json\n  cloudfront config put E2QWRUHAPOMQZL cfg.json\n\nIf-Match is the file's ETag (a newer config is refused: exit 4) or, when the file has none, a fresh read."
    )]
    Put {
        /// Distribution id
        id: String,
        /// The configuration (`-`: standard input)
        file: PathBuf,
        /// Overwrite even if the distribution changed since the file's ETag
        #[arg(long)]
        force: bool,
    },
    /// Open the configuration in $EDITOR and write it back with If-Match (as `kubectl edit`)
    #[command(after_help = "Example:\n  EDITOR=vim cloudfront config edit E2QWRUHAPOMQZL")]
    Edit {
        /// Distribution id
        id: String,
    },
}

/// `aliases ...`.
#[derive(Debug, Subcommand)]
pub enum AliasesCommand {
    /// Replace the aliases with NAMEs (none: remove all)
    #[command(
        after_help = "Example:\n  cloudfront aliases set E2QWRUHAPOMQZL www.example.com example.com"
    )]
    Set {
        /// Distribution id
        id: String,
        /// Domain names
        names: Vec<String>,
    },
    /// Add NAMEs
    #[command(after_help = "Example:\n  cloudfront aliases add E2QWRUHAPOMQZL cdn.example.com")]
    Add {
        /// Distribution id
        id: String,
        /// Domain names
        #[arg(required = true)]
        names: Vec<String>,
    },
    /// Remove NAMEs
    #[command(after_help = "Example:\n  cloudfront aliases rm E2QWRUHAPOMQZL cdn.example.com")]
    Rm {
        /// Distribution id
        id: String,
        /// Domain names
        #[arg(required = true)]
        names: Vec<String>,
    },
}

/// `wait ...`.
#[derive(Debug, Subcommand)]
pub enum WaitCommand {
    /// Until the distribution's status is Deployed
    #[command(after_help = "Example:\n  cloudfront wait deployed E2QWRUHAPOMQZL --timeout 45m")]
    Deployed {
        /// Distribution id
        id: String,
        /// Give up after this long (default: AWS's waiter, 35 polls a minute apart)
        #[arg(long, value_name = "DUR", value_parser = parse_duration)]
        timeout: Option<std::time::Duration>,
        /// Time between polls
        #[arg(long, value_name = "DUR", value_parser = parse_duration, default_value = "60s")]
        poll_interval: std::time::Duration,
    },
    /// Until the invalidation's status is Completed
    #[command(
        after_help = "Example:\n  cloudfront wait invalidation E2QWRUHAPOMQZL I2J0I21PCUYOIK"
    )]
    Invalidation {
        /// Distribution id
        id: String,
        /// Invalidation id
        invalidation: String,
        /// Give up after this long (default: AWS's waiter, 30 polls 20 s apart)
        #[arg(long, value_name = "DUR", value_parser = parse_duration)]
        timeout: Option<std::time::Duration>,
        /// Time between polls
        #[arg(long, value_name = "DUR", value_parser = parse_duration, default_value = "20s")]
        poll_interval: std::time::Duration,
    },
}

/// `sign-url` and `sign-cookies`.
#[derive(Debug, Args)]
pub struct SignArgs {
    /// The URL (or, for a custom policy, the resource pattern with `*`)
    pub url: String,
    /// The CloudFront public key id (key group) or key pair id
    #[arg(long, value_name = "K")]
    pub key_pair_id: String,
    /// PEM file with the private key: RSA (PKCS#1 or PKCS#8) or ECDSA P-256 (SEC1 or PKCS#8)
    #[arg(long, value_name = "FILE")]
    pub private_key: PathBuf,
    /// Hash to sign with; SHA256 adds Hash-Algorithm=SHA256 [default: SHA1 for RSA keys,
    /// SHA256 for ECDSA keys]
    #[arg(long, value_name = "H", value_parser = ["SHA1", "SHA256"], ignore_case = true)]
    pub hash_algorithm: Option<String>,
    /// Expiry: an RFC 3339 time (2026-12-31T00:00:00Z) or +DUR from now (+1h)
    #[arg(
        long,
        value_name = "T",
        conflicts_with = "policy",
        required_unless_present = "policy"
    )]
    pub expires: Option<String>,
    /// A custom policy JSON file ({"Statement": [...]}), signed as is
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
}

/// `30`, `30s`, `20m`, `1h`, `1h30m`, `250ms`.
pub fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    let bad = || format!("{text:?} is not a duration (examples: 30s, 20m, 1h, 1h30m)");
    let t = text.trim();
    if t.is_empty() {
        return Err(bad());
    }
    if t.bytes().all(|b| b.is_ascii_digit()) {
        return t
            .parse::<u64>()
            .map(std::time::Duration::from_secs)
            .map_err(|_| bad());
    }
    let mut total = std::time::Duration::ZERO;
    let mut rest = t;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return Err(bad());
        }
        let n: u64 = rest[..digits].parse().map_err(|_| bad())?;
        rest = &rest[digits..];
        let unit = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        let part = match &rest[..unit] {
            "ms" => std::time::Duration::from_millis(n),
            "s" => std::time::Duration::from_secs(n),
            "m" => std::time::Duration::from_secs(n.checked_mul(60).ok_or_else(bad)?),
            "h" => std::time::Duration::from_secs(n.checked_mul(3600).ok_or_else(bad)?),
            _ => return Err(bad()),
        };
        total = total.checked_add(part).ok_or_else(bad)?;
        rest = &rest[unit..];
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("5d").is_err());
        assert!(parse_duration("99999999999999999999h").is_err());
    }

    #[test]
    fn the_command_line_is_consistent() {
        <Cli as clap::CommandFactory>::command().debug_assert();
    }
}
