//! The classic boto CloudFront tutorial, step by step, with this crate. Each step prints the
//! boto call it stands for.
//!
//! By default it runs offline: every HTTP exchange is replayed from `fixtures/tour/`, written
//! after the CloudFront API reference (a new ETag after every write, `Completed`, newest
//! invalidations first, opaque markers). No network, no credentials.
//!
//! With `AWS_ENDPOINT_URL_CLOUDFRONT` (or `AWS_ENDPOINT_URL`) set, it talks to that endpoint
//! instead, e.g. a local moto server, with credentials from the environment or `~/.aws`
//! (dummy ones when there are none: fine for an emulator):
//!
//! ```text
//! cargo run --example tour
//! AWS_ENDPOINT_URL_CLOUDFRONT=http://127.0.0.1:5000 cargo run --example tour
//! ```

use std::sync::Arc;

use anyhow::Context;
use cloudfront::transport::ReplayTransport;
use cloudfront::{
    Client, Credentials, CredentialsChain, DistributionConfig, InvalidatePathsOptions, Origin,
    WaitOptions, WaitProgress,
};

/// Prints a step's title and the classic boto call it stands for.
fn step(n: u32, title: &str, boto: &str) {
    println!("\n== {n}. {title}\n   boto: {boto}");
}

fn main() -> anyhow::Result<()> {
    // ---- 1. Connect ---------------------------------------------------------------------
    step(
        1,
        "Connect",
        "boto.connect_cloudfront(key, secret) / boto.connect_cloudfront()",
    );
    // Explicit keys:
    let explicit = Client::builder()
        .credentials(Credentials::new("AKIDEXAMPLE", "secret"))
        .build()?;
    println!("   explicit keys -> {}", explicit.endpoint());
    // From the environment, ~/.aws or ~/.boto (nothing is sent until a call is made):
    match Client::from_env() {
        Ok(c) => println!("   Client::from_env() -> {}", c.endpoint()),
        Err(e) => println!("   Client::from_env() -> no credentials here ({e})"),
    }
    // The client this tour uses: offline replay, or a live endpoint (see connect()).
    let (client, replay) = connect()?;

    // ---- 2. Create a distribution with an S3 origin ---------------------------------------
    step(
        2,
        "Create a distribution with an S3 origin",
        "c.create_distribution(origin=S3Origin('mybucket.s3.amazonaws.com'), enabled=False, comment='My new Distribution')",
    );
    let config = DistributionConfig::new(Origin::s3("mybucket.s3.amazonaws.com"))
        .enabled(false)
        .comment("My new Distribution");
    let distro = client.create_distribution(config)?;
    println!("   created {}", distro.id);

    // ---- 3. Read its attributes -----------------------------------------------------------
    step(
        3,
        "Read its attributes",
        "distro.id, distro.domain_name, distro.status, distro.config.comment, distro.etag",
    );
    let distro = client.distribution(&distro.id)?;
    println!("   id:            {}", distro.id);
    println!("   domain name:   {}", distro.domain_name);
    println!("   status:        {}", distro.status);
    println!("   last modified: {}", distro.last_modified_time);
    println!("   enabled:       {}", distro.distribution_config.enabled);
    println!("   comment:       {}", distro.distribution_config.comment);
    println!("   etag:          {}", distro.etag);

    // ---- 4. List distributions, then summary -> distribution ------------------------------
    step(
        4,
        "List distributions; from a summary to the distribution",
        "rs = c.get_all_distributions(); rs[0].get_distribution()",
    );
    let mut ours = None;
    for summary in client.distributions() {
        let summary = summary?;
        println!(
            "   {}  {}  {}  {:?}",
            summary.id, summary.domain_name, summary.status, summary.comment
        );
        if summary.id == distro.id {
            ours = Some(summary);
        }
    }
    let summary = ours.context("the new distribution is not listed")?;
    let full = summary.distribution(&client)?;
    println!(
        "   summary {} -> distribution with origin {}",
        summary.id, full.distribution_config.origins.items[0].domain_name
    );

    // ---- 5. Update the comment ------------------------------------------------------------
    step(
        5,
        "Update the comment",
        "distro.update(comment='New Comment')",
    );
    let distro = client.set_distribution_comment(&distro.id, "New Comment")?;
    println!(
        "   comment {:?}, new etag {}",
        distro.distribution_config.comment, distro.etag
    );

    // ---- 6. Replace the CNAMEs ------------------------------------------------------------
    step(
        6,
        "Replace the CNAMEs",
        "distro.update(cnames=['www.example.com', 'static.example.com'])",
    );
    let distro =
        client.set_distribution_aliases(&distro.id, ["www.example.com", "static.example.com"])?;
    println!(
        "   aliases {:?}, new etag {}",
        distro.distribution_config.aliases(),
        distro.etag
    );

    // ---- 7. Enable, then disable ----------------------------------------------------------
    step(
        7,
        "Enable, then disable",
        "distro.enable(); distro.disable()",
    );
    let distro = client.enable_distribution(&distro.id)?;
    println!(
        "   enabled: {} (etag {})",
        distro.distribution_config.enabled, distro.etag
    );
    let distro = client.disable_distribution(&distro.id)?;
    println!(
        "   enabled: {} (etag {})",
        distro.distribution_config.enabled, distro.etag
    );

    // ---- 8. Invalidate paths --------------------------------------------------------------
    step(
        8,
        "Invalidate paths (checked and percent-encoded; split within quotas)",
        "c.create_invalidation_request(distro.id, ['/index.html', ...])",
    );
    let paths = [
        "/index.html",
        "/images/logo one.png",
        "/search?lang=en",
        "/css/*",
    ];
    let created = client.invalidate_paths(&distro.id, paths, &InvalidatePathsOptions::default())?;
    let inval = created.first().context("no invalidation created")?;
    println!("   invalidation {} of {:?}", inval.id, inval.batch.paths);

    // ---- 9. Its status --------------------------------------------------------------------
    step(
        9,
        "Its status",
        "c.invalidation_request_status(distro.id, inval_req.id).status",
    );
    let status = client.invalidation(&distro.id, &inval.id)?.status;
    println!("   {} is {}", inval.id, status);

    // Two more, so that there is something to page through.
    let about = client.create_invalidation(&distro.id, ["/about.html"])?;
    let contact = client.create_invalidation(&distro.id, ["/contact.html"])?;
    println!("   and two more: {} {}", about.id, contact.id);

    // ---- 10. List invalidations, two at a time --------------------------------------------
    step(
        10,
        "List invalidations with max_items, then continue from next_marker",
        "invals = c.get_invalidation_requests(distro.id, max_items=2); ...(marker=invals.next_marker)",
    );
    let mut page = client.invalidations(&distro.id).max_items(2);
    let first_page: Vec<_> = page.by_ref().collect::<Result<_, _>>()?;
    for s in &first_page {
        println!("   page 1: {}  {}  {}", s.id, s.status, s.create_time);
    }
    let marker = page.next_marker().map(str::to_string);
    println!("   next_marker: {marker:?}");
    if let Some(marker) = marker {
        for s in client.invalidations(&distro.id).marker(marker).max_items(2) {
            let s = s?;
            println!("   page 2: {}  {}  {}", s.id, s.status, s.create_time);
        }
    }

    // ---- 11. Summary -> invalidation, summary -> distribution -----------------------------
    step(
        11,
        "From an invalidation summary to the invalidation and to its distribution",
        "inval.get_invalidation_request(); inval.get_distribution()",
    );
    let newest = first_page.first().context("no invalidations listed")?;
    let full = newest.invalidation(&client)?;
    println!(
        "   summary {} -> invalidation of {:?}",
        newest.id, full.batch.paths
    );
    let parent = newest.distribution(&client)?;
    println!(
        "   summary {} -> distribution {} ({})",
        newest.id, parent.id, parent.domain_name
    );

    // ---- 12. Wait, with progress ----------------------------------------------------------
    step(
        12,
        "Wait until the first invalidation is completed, with progress",
        "(boto3) client.get_waiter('invalidation_completed').wait(...)",
    );
    let options = WaitOptions::invalidation_completed().on_progress(show_progress);
    let done = client.wait_until_completed(&distro.id, &inval.id, options)?;
    println!("   {} is {}", done.id, done.status);

    // ---- 13. Disable and delete -----------------------------------------------------------
    step(
        13,
        "Disable, wait until Deployed, delete",
        "distro.disable(); ...wait...; distro.delete()",
    );
    let options = WaitOptions::distribution_deployed().on_progress(show_progress);
    client.disable_and_delete_distribution(&distro.id, options)?;
    println!("   deleted {}", distro.id);

    if let Some(replay) = replay {
        replay.verify().map_err(anyhow::Error::msg)?; // offline: every fixture used, in order
    }
    Ok(())
}

/// A waiter's progress callback: one line per poll.
fn show_progress(p: &WaitProgress<'_>) {
    println!("   poll {}: {} after {:?}", p.attempt, p.status, p.elapsed);
}

/// The client the tour uses: offline replay of `fixtures/tour` by default (with the replay,
/// to check at the end that every exchange was used); a live endpoint when
/// `AWS_ENDPOINT_URL_CLOUDFRONT` or `AWS_ENDPOINT_URL` is set.
fn connect() -> anyhow::Result<(Client, Option<Arc<ReplayTransport>>)> {
    let endpoint = ["AWS_ENDPOINT_URL_CLOUDFRONT", "AWS_ENDPOINT_URL"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()));
    let Some(endpoint) = endpoint else {
        let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/tour");
        println!("   (offline: replaying fixtures/tour)");
        // For a one-liner without the final check: Client::replay(fixtures)?
        let replay = Arc::new(ReplayTransport::from_dir(fixtures)?);
        return Ok((Client::with_replay(replay.clone())?, Some(replay)));
    };
    let credentials = CredentialsChain::default().resolve().unwrap_or_else(|_| {
        println!("   (no AWS credentials found; dummy ones, fine for an emulator)");
        Credentials::new("AKIDTOUR", "tour-secret")
    });
    let client = Client::builder()
        .endpoint(endpoint.trim())
        .credentials(credentials)
        .build()?;
    println!("   (live: {})", client.endpoint());
    Ok((client, None))
}
