//! Heap allocations per decoded item and per request, counted exactly by a counting global
//! allocator (`stats_alloc`), deterministic whatever the machine's load.
//!
//! ```sh
//! cargo bench --bench allocations
//! ```
//!
//! - `DistributionList::from_xml` on the page of 100 summaries the paging benches serve
//!   (250 KB; parse, decode, drop): allocations per summary, with the parse's share
//!   (`roxmltree::Document::parse` alone on the same bytes) shown beside it.
//! - A whole listing of 10 such pages through `client.distributions()` over an in-memory
//!   transport (request, signing, the body's copy, decoding, the pager): allocations per
//!   summary.
//! - CreateInvalidation over an in-memory transport (build, sign, send, decode the 201):
//!   allocations per request.

#[path = "support/paging_server.rs"]
mod paging_server;

use std::alloc::System;
use std::collections::HashMap;
use std::hint::black_box;

use cloudfront::transport::{HttpRequest, HttpResponse, Transport, TransportError};
use cloudfront::{Client, Credentials, DistributionList};
use paging_server::{id, render_page, summary_template};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Answers a ListDistributions by its `Marker` with pre-rendered pages, and anything else
/// with the CreateInvalidation 201.
#[derive(Debug)]
struct InMemory {
    pages: HashMap<String, Vec<u8>>,
    created: Vec<u8>,
}

impl Transport for InMemory {
    fn send(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        if request.method == "POST" {
            return Ok(HttpResponse::new(
                201,
                vec![("content-type".into(), "text/xml".into())],
                self.created.clone(),
            ));
        }
        let marker = request
            .url
            .split_once('?')
            .map_or("", |(_, q)| q)
            .split('&')
            .find_map(|p| p.strip_prefix("Marker="))
            .unwrap_or("");
        let body = self.pages.get(marker).expect("a known marker").clone();
        Ok(HttpResponse::new(
            200,
            vec![("content-type".into(), "text/xml".into())],
            body,
        ))
    }
}

const INVALIDATION: &str = "<?xml version=\"1.0\"?>\n<Invalidation xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\"><Id>I2J0I21PCUYOIK</Id><Status>InProgress</Status><CreateTime>2026-11-25T19:35:24.106Z</CreateTime><InvalidationBatch><Paths><Quantity>2</Quantity><Items><Path>/index.html</Path><Path>/img/*</Path></Items></Paths><CallerReference>ref-1</CallerReference></InvalidationBatch></Invalidation>";

/// Allocations (and reallocations) made while `f` runs.
fn allocations(f: impl FnOnce()) -> usize {
    let region = Region::new(GLOBAL);
    f();
    let stats = region.change();
    stats.allocations + stats.reallocations
}

fn main() {
    let template = summary_template();
    let page = render_page(&template, 0, 100, 1000);

    // Warm-up: thread-locals, lazy statics.
    black_box(DistributionList::from_xml(&page).expect("decodes"));
    let decode = allocations(|| {
        black_box(DistributionList::from_xml(&page).expect("decodes"));
    });
    let parse = allocations(|| {
        black_box(roxmltree::Document::parse(&page).expect("parses"));
    });
    println!(
        "DistributionList::from_xml, page of 100: {decode} allocations ({:.2} per summary); \
         roxmltree::Document::parse alone: {parse} ({:.2} per summary)",
        decode as f64 / 100.0,
        parse as f64 / 100.0
    );

    let pages = 10;
    let total = pages * 100;
    let mut bodies = HashMap::new();
    for first in (0..total).step_by(100) {
        let marker = if first == 0 {
            String::new()
        } else {
            id(first - 1)
        };
        bodies.insert(
            marker,
            render_page(&template, first, 100, total).into_bytes(),
        );
    }
    let client = Client::builder()
        .credentials(Credentials::new(
            "AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        ))
        .transport(InMemory {
            pages: bodies,
            created: INVALIDATION.as_bytes().to_vec(),
        })
        .build()
        .expect("client");
    let mut items = 0;
    let listing = allocations(|| {
        for summary in client.distributions() {
            black_box(summary.expect("decodes"));
            items += 1;
        }
    });
    assert_eq!(items, total);
    println!(
        "client.distributions(), {pages} pages of 100 in memory: {listing} allocations \
         ({:.2} per summary, the transport's copy of each body included)",
        listing as f64 / total as f64
    );

    black_box(
        client
            .create_invalidation("E2QWRUHAPOMQZL", ["/index.html", "/img/*"])
            .expect("created"),
    );
    let n = 100;
    let create = allocations(|| {
        for _ in 0..n {
            black_box(
                client
                    .create_invalidation("E2QWRUHAPOMQZL", ["/index.html", "/img/*"])
                    .expect("created"),
            );
        }
    });
    println!(
        "CreateInvalidation in memory: {:.1} allocations per request",
        create as f64 / n as f64
    );
}
