//! This crate's client in `benches/peers/compare.sh`: the same two workloads as the AWS SDK
//! for Rust peer (`aws-sdk-rust/`) and boto3 (`boto3_peer.py`), against the same loopback
//! server (`peer-server`), in a process of its own.
//!
//! ```text
//! cloudfront-peer list   http://127.0.0.1:PORT    # every page of ListDistributions
//! cloudfront-peer create http://127.0.0.1:PORT N  # N CreateInvalidation, one after another
//! ```
//!
//! Prints `cloudfront <workload> items=<n> cpu_us=<process CPU of the workload>
//! maxrss_kib=<peak RSS> threads=<threads alive at the end>`; building the client is outside
//! the CPU figure, as it is for the other peers.

mod proc;

use cloudfront::{Client, Credentials};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (workload, endpoint) = match args.as_slice() {
        [_, w, e, ..] => (w.clone(), e.clone()),
        _ => panic!("usage: cloudfront-peer list|create ENDPOINT [N]"),
    };
    let n: usize = args.get(3).map_or(200, |s| s.parse().expect("N"));
    let client = Client::builder()
        .credentials(Credentials::new(
            "AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        ))
        .endpoint(endpoint)
        .build()
        .expect("client");
    let start = proc::process_cpu_us();
    let items = match workload.as_str() {
        "list" => {
            let mut items = 0;
            for summary in client.distributions() {
                std::hint::black_box(summary.expect("ListDistributions"));
                items += 1;
            }
            items
        }
        "create" => {
            for _ in 0..n {
                // A fresh caller reference (a UUID) each, as the other peers' `ref-{i}`.
                let inv = client
                    .create_invalidation("E2QWRUHAPOMQZL", ["/index.html", "/img/*"])
                    .expect("CreateInvalidation");
                std::hint::black_box(inv);
            }
            n
        }
        other => panic!("unknown workload {other}"),
    };
    let cpu = proc::process_cpu_us() - start;
    println!(
        "cloudfront {workload} items={items} cpu_us={cpu} maxrss_kib={} threads={}",
        proc::peak_rss_kib(),
        proc::threads()
    );
}
