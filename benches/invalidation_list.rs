//! Decoding a 1,000-item `InvalidationList` page, compared with parsing the same bytes with
//! `roxmltree` alone.
//!
//! Run: `cargo bench --no-default-features --bench invalidation_list`.
//!
//! The list decoder is reached the way callers reach it: `client.invalidations(id)` with
//! `max_items(1000)` over an in-memory transport that answers every request with the same
//! pre-rendered page. That adds the request pipeline (build, sign, copy the body) once per
//! page; `pipeline_empty_page` measures it alone on an empty list so it can be told apart.

use std::hint::black_box;
use std::time::Instant;

use cloudfront::transport::{HttpRequest, HttpResponse, Transport, TransportError};
use cloudfront::{Client, Credentials};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// An `InvalidationList` page of `n` summaries, on one line as CloudFront sends it.
fn page_of(n: usize) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><InvalidationList xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\"><Marker></Marker>",
    );
    out.push_str(&format!(
        "<MaxItems>{n}</MaxItems><IsTruncated>false</IsTruncated><Quantity>{n}</Quantity>"
    ));
    if n > 0 {
        out.push_str("<Items>");
        for i in 0..n {
            let (status, ms) = if i % 10 == 0 {
                ("InProgress", 538)
            } else {
                ("Completed", i % 1000)
            };
            out.push_str(&format!(
                "<InvalidationSummary><Id>I{i:013}</Id><CreateTime>2026-11-{:02}T{:02}:{:02}:10.{ms:03}Z</CreateTime><Status>{status}</Status></InvalidationSummary>",
                1 + i % 28,
                i % 24,
                i % 60
            ));
        }
        out.push_str("</Items>");
    }
    out.push_str("</InvalidationList>");
    out
}

/// Answers every request with the same 200 response.
#[derive(Debug)]
struct Canned(Vec<u8>);

impl Transport for Canned {
    fn send(&self, _request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        Ok(HttpResponse::new(200, Vec::new(), self.0.clone()))
    }
}

fn client(body: String) -> Client {
    Client::builder()
        .credentials(Credentials::new(
            "AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        ))
        .transport(Canned(body.into_bytes()))
        .build()
        .expect("client")
}

fn list(client: &Client, n: u32) -> usize {
    let mut count = 0;
    for summary in client.invalidations("EDFDVBD6EXAMPLE").max_items(n.max(1)) {
        black_box(summary.expect("decodes"));
        count += 1;
    }
    count
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn bench(c: &mut Criterion) {
    const N: usize = 1000;
    let page = page_of(N);
    let full = client(page.clone());
    let empty = client(page_of(0));
    assert_eq!(list(&full, N as u32), N);
    assert_eq!(list(&empty, 1), 0);

    let mut g = c.benchmark_group("invalidation_list_1000");
    g.throughput(Throughput::Bytes(page.len() as u64));
    g.bench_function("decode_via_pager", |b| {
        b.iter(|| assert_eq!(list(&full, N as u32), N))
    });
    g.bench_function("roxmltree_parse_only", |b| {
        b.iter(|| roxmltree::Document::parse(black_box(&page)).expect("parses"))
    });
    g.bench_function("pipeline_empty_page", |b| {
        b.iter(|| assert_eq!(list(&empty, 1), 0))
    });
    g.finish();

    // The ratio, from interleaved single runs (decode, parse, decode, ...: both see the same
    // machine load and cache state), medians; the fixed cost from batches of 20.
    let runs = 301;
    let (mut decode, mut parse, mut fixed) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let t = Instant::now();
        black_box(list(&full, N as u32));
        decode.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        black_box(roxmltree::Document::parse(black_box(&page)).expect("parses"));
        parse.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        for _ in 0..20 {
            black_box(list(&empty, 1));
        }
        fixed.push(t.elapsed().as_secs_f64() / 20.0);
    }
    let (d, p, f) = (median(&mut decode), median(&mut parse), median(&mut fixed));
    println!(
        "\nInvalidationList page: {N} summaries, {} bytes ({runs} interleaved runs, medians; min in brackets)",
        page.len()
    );
    println!(
        "  through the pager: {:.1} µs [{:.1}]; request pipeline alone (empty page): {:.1} µs [{:.1}]",
        d * 1e6,
        decode[0] * 1e6,
        f * 1e6,
        fixed[0] * 1e6
    );
    println!(
        "  roxmltree parse alone: {:.1} µs [{:.1}]; ratio typed decode / raw parse = {:.2} (pipeline excluded: {:.2})",
        p * 1e6,
        parse[0] * 1e6,
        d / p,
        (d - f) / p
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
