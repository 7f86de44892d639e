//! End to end paging: `client.distributions()` over the `ureq` transport against an
//! in-process keep-alive HTTP server on 127.0.0.1 serving 10,000 distributions in 100
//! pre-rendered pages of 100 (~250 KB each), answering the `Marker` each request carries.
//!
//! Run: `cargo bench --bench paging_e2e`.
//!
//! Prints, besides criterion's timing of one whole listing: the wall time per page, the
//! client thread's CPU time per page (Linux `schedstat`), how much of it is decoding, the
//! server's CPU per page, and the number of TCP connections the server accepted (must be 1:
//! the client reuses its connection for every page).

#[path = "support/paging_server.rs"]
mod paging_server;

use std::hint::black_box;
use std::time::{Duration, Instant};

use cloudfront::{Client, Credentials, DistributionList};
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use paging_server::{Listing, PagingServer, thread_cpu_ns};

const TOTAL: usize = 10_000;
const PER_PAGE: usize = 100;

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

/// Lists everything; returns the number of items and checks their order.
fn list_all(client: &Client) -> usize {
    let mut n = 0;
    for summary in client.distributions() {
        let summary = summary.expect("listing succeeds");
        debug_assert_eq!(summary.id, paging_server::id(n));
        black_box(&summary);
        n += 1;
    }
    n
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn bench(c: &mut Criterion) {
    let listing = Listing::new(TOTAL, PER_PAGE);
    let first_body = listing.first_body.clone();
    let pages = listing.pages;
    let server = PagingServer::start(listing);
    let client = client_for(&server);

    // Correctness first: every item, in order, every page over one connection.
    let mut ids = client
        .distributions()
        .map(|s| s.expect("listing succeeds").id);
    for i in 0..TOTAL {
        assert_eq!(ids.next().as_deref(), Some(paging_server::id(i).as_str()));
    }
    assert!(ids.next().is_none());
    drop(ids);
    assert_eq!(server.requests(), pages, "one request per page");
    assert_eq!(server.unknown_markers(), 0, "every marker named a page");
    assert_eq!(server.accepts(), 1, "all pages over one connection");

    let mut g = c.benchmark_group("paging_e2e");
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(8));
    g.throughput(Throughput::Elements(TOTAL as u64));
    g.bench_function("list_10000_in_100_pages_ureq", |b| {
        b.iter(|| assert_eq!(list_all(&client), TOTAL))
    });
    g.finish();

    // Per-page figures, from several whole listings: wall time, and CPU time of this
    // (the client's) thread and of the server's connection thread.
    let runs = 7;
    let (mut wall, mut cpu, mut server_cpu) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let server_before = server.cpu_ns();
        let cpu_before = thread_cpu_ns();
        let start = Instant::now();
        assert_eq!(list_all(&client), TOTAL);
        wall.push(start.elapsed().as_secs_f64() / pages as f64);
        if let (Some(a), Some(b)) = (cpu_before, thread_cpu_ns()) {
            cpu.push((b - a) as f64 / 1e9 / pages as f64);
        }
        server_cpu.push((server.cpu_ns() - server_before) as f64 / 1e9 / pages as f64);
    }
    // Decoding one page alone, for the share of the client's cost it takes: CPU time of this
    // thread too, so that both figures are unaffected by waiting for a core.
    let mut decode = Vec::new();
    for _ in 0..runs {
        let (cpu_before, start) = (thread_cpu_ns(), Instant::now());
        for _ in 0..10 {
            black_box(DistributionList::from_xml(black_box(&first_body)).expect("decodes"));
        }
        let spent = match (cpu_before, thread_cpu_ns()) {
            (Some(a), Some(b)) => (b - a) as f64 / 1e9,
            _ => start.elapsed().as_secs_f64(),
        };
        decode.push(spent / 10.0);
    }
    let us = |s: f64| s * 1e6;
    println!(
        "\npaging_e2e: {TOTAL} distributions in {pages} pages of {PER_PAGE} ({} bytes per page), {runs} listings",
        first_body.len()
    );
    println!(
        "  wall per page:          median {:.0} µs (min {:.0} µs)",
        us(median(&mut wall)),
        us(wall[0])
    );
    if !cpu.is_empty() {
        println!(
            "  client CPU per page:    median {:.0} µs (min {:.0} µs)",
            us(median(&mut cpu)),
            us(cpu[0])
        );
    }
    println!(
        "  of which decode:        median {:.0} µs (min {:.0} µs)  [CPU of DistributionList::from_xml on one page]",
        us(median(&mut decode)),
        us(decode[0])
    );
    println!(
        "  server CPU per page:    median {:.0} µs",
        us(median(&mut server_cpu))
    );
    println!(
        "  connections accepted:   {} for {} requests (keep-alive reuse: {})",
        server.accepts(),
        server.requests(),
        if server.accepts() == 1 { "yes" } else { "NO" }
    );
    assert_eq!(server.accepts(), 1, "connection reuse");
}

criterion_group!(benches, bench);
criterion_main!(benches);
