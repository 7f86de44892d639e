//! Lists every distribution of the account, one line each: the smallest useful program,
//! used to measure the size of a binary built on this crate (see BENCHMARKS.md).
//!
//! ```text
//! cargo run --release --example list_distributions
//! ```
//!
//! Credentials and endpoint come from the environment, `~/.aws` or `~/.boto`
//! (`Client::from_env`).

fn main() -> Result<(), cloudfront::Error> {
    let client = cloudfront::Client::from_env()?;
    for summary in client.distributions() {
        let d = summary?;
        println!("{}\t{}\t{}\t{}", d.id, d.domain_name, d.status, d.comment);
    }
    Ok(())
}
