//! Peak memory of a lazy listing: 1 page versus 100 pages.
//!
//! Run: `cargo bench --bench paging_memory` (a plain `main`, no criterion).
//!
//! A counting global allocator (`peak_alloc`: current and peak bytes of live heap
//! allocations, process-wide) measures the peak heap growth while
//! `client.distributions()` lists (a) one page of 100 distributions and (b) 10,000
//! distributions in 100 pages, over the `ureq` transport against an in-process keep-alive
//! server on 127.0.0.1. Each item is inspected and dropped as it comes, as a caller
//! streaming the listing would. The pager holds one page at a time, so (b)'s peak must
//! equal (a)'s within noise; the process exits non-zero if (b) exceeds (a) by more than
//! 10% + 64 KiB.

#[path = "support/paging_server.rs"]
mod paging_server;

use std::hint::black_box;

use cloudfront::{Client, Credentials};
use paging_server::{Listing, PagingServer};
use peak_alloc::PeakAlloc;

#[global_allocator]
static ALLOC: PeakAlloc = PeakAlloc;

const PER_PAGE: usize = 100;

/// Peak and final heap growth (bytes) while listing everything `server` serves.
fn measure(client: &Client, expect: usize) -> (usize, isize) {
    let base = ALLOC.current_usage();
    ALLOC.reset_peak_usage();
    let mut n = 0usize;
    let mut id_bytes = 0usize;
    for summary in client.distributions() {
        let summary = summary.expect("listing succeeds");
        id_bytes += summary.id.len();
        black_box(&summary);
        n += 1;
    }
    assert_eq!(n, expect);
    black_box(id_bytes);
    let peak = ALLOC.peak_usage() - base;
    let after = ALLOC.current_usage() as isize - base as isize;
    (peak, after)
}

fn client_for(server: &PagingServer) -> Client {
    Client::builder()
        .credentials(Credentials::new(
            "AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        ))
        .endpoint(server.endpoint())
        .build()
        .expect("client")
}

fn median(mut v: Vec<usize>) -> usize {
    v.sort_unstable();
    v[v.len() / 2]
}

fn main() {
    // `cargo bench` passes `--bench`; a filter that excludes this bench skips it.
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(filter) = args.iter().find(|a| !a.starts_with('-')) {
        if !"paging_memory".contains(filter.as_str()) {
            return;
        }
    }
    let one = PagingServer::start(Listing::new(PER_PAGE, PER_PAGE));
    let hundred = PagingServer::start(Listing::new(100 * PER_PAGE, PER_PAGE));
    let c1 = client_for(&one);
    let c100 = client_for(&hundred);
    // Warm up both (connection, lazily initialized state), then measure alternately.
    measure(&c1, PER_PAGE);
    measure(&c100, 100 * PER_PAGE);
    let runs = 5;
    let (mut p1, mut p100, mut leftovers) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let (peak, after) = measure(&c1, PER_PAGE);
        p1.push(peak);
        leftovers.push(after);
        let (peak, after) = measure(&c100, 100 * PER_PAGE);
        p100.push(peak);
        leftovers.push(after);
    }
    assert_eq!(
        one.accepts() + hundred.accepts(),
        2,
        "one connection per client"
    );
    let (m1, m100) = (median(p1.clone()), median(p100.clone()));
    let kib = |b: usize| b as f64 / 1024.0;
    println!("paging_memory: peak heap growth while listing ({runs} runs each, median [min..max])");
    println!(
        "  1 page    (100 items):    {:.0} KiB [{:.0}..{:.0}]",
        kib(m1),
        kib(*p1.iter().min().unwrap_or(&0)),
        kib(*p1.iter().max().unwrap_or(&0))
    );
    println!(
        "  100 pages (10,000 items): {:.0} KiB [{:.0}..{:.0}]",
        kib(m100),
        kib(*p100.iter().min().unwrap_or(&0)),
        kib(*p100.iter().max().unwrap_or(&0))
    );
    println!(
        "  ratio 100 pages / 1 page: {:.3}; heap left after each listing: {:?} bytes",
        m100 as f64 / m1 as f64,
        leftovers
    );
    let within = m100 <= m1 + m1 / 10 + 64 * 1024;
    println!(
        "  peak independent of the number of pages: {}",
        if within { "yes" } else { "NO" }
    );
    if !within {
        std::process::exit(1);
    }
}
