//! The classic boto CloudFront tutorial, step by step, with this crate.
//!
//! By default it runs offline: every HTTP exchange is replayed from the recorded fixtures in
//! `fixtures/tour/` (no network, no credentials). With `CLOUDFRONT_ENDPOINT` set it talks to
//! that endpoint instead, e.g. a local moto server:
//!
//! ```text
//! cargo run --example tour
//! CLOUDFRONT_ENDPOINT=http://127.0.0.1:5000 cargo run --example tour
//! # re-record the fixtures (against moto):
//! CLOUDFRONT_ENDPOINT=http://127.0.0.1:5000 CLOUDFRONT_RECORD_DIR=fixtures/tour cargo run --example tour
//! ```

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use anyhow::Context;
use cloudfront::clock::ManualClock;
use cloudfront::transport::{RecordingTransport, ReplayTransport, UreqTransport};
use cloudfront::{Client, Credentials, CredentialsChain, DistributionConfig, Origin, WaitOptions};

fn main() -> anyhow::Result<()> {
    let client = connect()?;

    // 1. Create a distribution with an S3 origin, disabled, with a comment.
    let config = DistributionConfig::new(Origin::s3("mybucket.s3.amazonaws.com"))
        .enabled(false)
        .comment("My new Distribution");
    let distro = client.create_distribution(config)?;
    println!("Created distribution {}", distro.id);
    println!("  domain name: {}", distro.domain_name);
    println!("  status:      {}", distro.status);
    println!("  enabled:     {}", distro.distribution_config.enabled);
    println!("  comment:     {}", distro.distribution_config.comment);
    println!("  etag:        {}", distro.etag);

    // 2. List all distributions (pages are fetched as the loop reaches them).
    println!("\nAll distributions:");
    let mut summaries = Vec::new();
    for summary in client.distributions() {
        let summary = summary?;
        println!(
            "  {}  {}  {}",
            summary.id, summary.domain_name, summary.status
        );
        summaries.push(summary);
    }

    // 3. From a summary to the full distribution.
    let summary = summaries
        .iter()
        .find(|s| s.id == distro.id)
        .context("the new distribution is not listed")?;
    let distro = summary.distribution(&client)?;
    println!(
        "\nFrom the summary: {} has origin {}",
        distro.id, distro.distribution_config.origins.items[0].domain_name
    );

    // 4. Update the comment (read-modify-write with If-Match; every other setting is kept).
    let distro = client.set_distribution_comment(&distro.id, "New Comment")?;
    println!(
        "Comment is now {:?} (etag {})",
        distro.distribution_config.comment, distro.etag
    );

    // 5. Enable, then disable.
    let distro = client.enable_distribution(&distro.id)?;
    println!("Enabled: {}", distro.distribution_config.enabled);
    let distro = client.disable_distribution(&distro.id)?;
    println!("Enabled: {}", distro.distribution_config.enabled);

    // 6. Invalidate some paths (validated and encoded; a fresh uuid caller reference).
    let paths = [
        "/index.html",
        "/images/logo one.png",
        "/search?lang=en",
        "/css/*",
    ];
    let inval = client.create_invalidation(&distro.id, paths)?;
    println!(
        "\nCreated invalidation {}: {:?}",
        inval.id, inval.batch.paths
    );

    // 7. Its status.
    let status = client.invalidation(&distro.id, &inval.id)?.status;
    println!("Invalidation {} is {}", inval.id, status);

    // Two more, so that there is something to page through.
    client.create_invalidation(&distro.id, ["/about.html"])?;
    client.create_invalidation(&distro.id, ["/contact.html"])?;

    // 8. All invalidations of the distribution.
    println!("\nAll invalidations:");
    for summary in client.invalidations(&distro.id) {
        let summary = summary?;
        println!("  {}  {}", summary.id, summary.status);
    }

    // 9. Page by hand: at most 2 per request, continuing from next_marker.
    println!("\nTwo at a time:");
    let mut page = client.invalidations(&distro.id).max_items(2);
    let mut page_number = 1;
    loop {
        let items: Vec<_> = page.by_ref().collect::<Result<_, _>>()?;
        let ids: Vec<&str> = items.iter().map(|s| s.id.as_str()).collect();
        println!("  page {page_number}: {ids:?}");
        match page.next_marker() {
            Some(marker) => {
                let marker = marker.to_string();
                page = client.invalidations(&distro.id).marker(marker).max_items(2);
                page_number += 1;
            }
            None => break,
        }
    }

    // 10. From an invalidation summary to the invalidation and to its distribution.
    let first = client
        .invalidations(&distro.id)
        .max_items(1)
        .next()
        .context("no invalidations listed")??;
    let full = first.invalidation(&client)?;
    println!(
        "\nSummary {} -> invalidation of {:?} (reference {})",
        first.id, full.batch.paths, full.batch.caller_reference
    );
    let parent = first.distribution(&client)?;
    println!(
        "Summary {} -> distribution {} ({})",
        first.id, parent.id, parent.domain_name
    );

    // 11. Delete: it is disabled; wait until Deployed, then delete with the fresh ETag.
    let poll = WaitOptions::new(Duration::from_secs(20), 90).on_progress(|p| {
        println!(
            "  waiting: {} (poll {}, {:?})",
            p.status, p.attempt, p.elapsed
        )
    });
    client.disable_and_delete_distribution(&distro.id, poll)?;
    println!("\nDeleted distribution {}", distro.id);
    Ok(())
}

/// Offline replay by default; a live endpoint with `CLOUDFRONT_ENDPOINT`.
fn connect() -> anyhow::Result<Client> {
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/tour");
    match std::env::var("CLOUDFRONT_ENDPOINT") {
        Ok(endpoint) if !endpoint.trim().is_empty() => {
            let credentials = CredentialsChain::default().resolve().unwrap_or_else(|_| {
                eprintln!(
                    "(no AWS credentials found; using dummy ones, fine for a local emulator)"
                );
                Credentials::new("AKIDTOUR", "tour-secret")
            });
            let builder = Client::builder()
                .endpoint(endpoint.trim())
                .credentials(credentials);
            let client = match std::env::var("CLOUDFRONT_RECORD_DIR") {
                Ok(dir) => {
                    let recorder =
                        RecordingTransport::new(UreqTransport::new(), PathBuf::from(dir))?;
                    builder.transport(recorder).build()?
                }
                Err(_) => builder.build()?,
            };
            println!("Connected to {}\n", client.endpoint());
            Ok(client)
        }
        _ => {
            let replay = ReplayTransport::from_dir(&fixtures)
                .with_context(|| format!("loading fixtures from {}", fixtures.display()))?;
            // Replayed waits need no real time: a manual clock advances by what is slept.
            let clock = Arc::new(ManualClock::new(SystemTime::now()));
            let client = Client::builder()
                .endpoint("https://cloudfront.amazonaws.com")
                .credentials(Credentials::new(
                    "AKIDEXAMPLE",
                    "offline-replay-needs-no-secret",
                ))
                .transport(replay)
                .clock(clock)
                .build()?;
            println!(
                "Replaying recorded exchanges from {} (offline)\n",
                fixtures.display()
            );
            Ok(client)
        }
    }
}
