//! The AWS SDK for Rust against the loopback server of `benches/peers/compare.sh`.
//!
//! ```text
//! aws-sdk-rust-peer list   http://127.0.0.1:PORT   # every page of ListDistributions
//! aws-sdk-rust-peer create http://127.0.0.1:PORT N # N CreateInvalidation, one after another
//! ```
//!
//! Prints one line: `sdk <workload> items=<n> cpu_us=<process CPU of the workload>
//! maxrss_kib=<peak RSS of the process>`. The CPU is the whole process's
//! (`CLOCK_PROCESS_CPUTIME_ID`, every thread) from just before the first request to just
//! after the last; building the client and the runtime is outside it, as it is for the
//! other peers.
use aws_sdk_cloudfront::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_cloudfront::types::{InvalidationBatch, Paths};
use aws_sdk_cloudfront::{Client, Config};

fn process_cpu_us() -> u64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: a valid pointer to a timespec; the clock id is a constant.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0);
    ts.tv_sec as u64 * 1_000_000 + ts.tv_nsec as u64 / 1_000
}

fn max_rss_kib() -> i64 {
    // SAFETY: getrusage writes into the zeroed struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    assert_eq!(rc, 0);
    usage.ru_maxrss
}

async fn list(client: &Client) -> usize {
    let mut marker: Option<String> = None;
    let mut items = 0;
    loop {
        let out = client
            .list_distributions()
            .set_marker(marker.take())
            .send()
            .await
            .expect("ListDistributions");
        let list = out.distribution_list.expect("DistributionList");
        items += list.items.as_ref().map_or(0, Vec::len);
        if !list.is_truncated {
            return items;
        }
        marker = Some(list.next_marker.expect("NextMarker"));
    }
}

async fn create(client: &Client, n: usize) -> usize {
    for i in 0..n {
        let paths = Paths::builder()
            .quantity(2)
            .items("/index.html")
            .items("/img/*")
            .build()
            .unwrap();
        let batch = InvalidationBatch::builder()
            .paths(paths)
            .caller_reference(format!("ref-{i}"))
            .build()
            .unwrap();
        let out = client
            .create_invalidation()
            .distribution_id("E2QWRUHAPOMQZL")
            .invalidation_batch(batch)
            .send()
            .await
            .expect("CreateInvalidation");
        assert!(out.invalidation.is_some());
    }
    n
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (workload, endpoint) = match args.as_slice() {
        [_, w, e, ..] => (w.as_str(), e.clone()),
        _ => panic!("usage: aws-sdk-rust-peer list|create ENDPOINT [N]"),
    };
    let n: usize = args.get(3).map_or(200, |s| s.parse().expect("N"));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let config = Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(
            "AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
            None,
            "static",
        ))
        .endpoint_url(endpoint)
        .build();
    let client = Client::from_conf(config);
    let start = process_cpu_us();
    let items = runtime.block_on(async {
        match workload {
            "list" => list(&client).await,
            "create" => create(&client, n).await,
            other => panic!("unknown workload {other}"),
        }
    });
    let cpu = process_cpu_us() - start;
    println!(
        "sdk {workload} items={items} cpu_us={cpu} maxrss_kib={}",
        max_rss_kib()
    );
}
