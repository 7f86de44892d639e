//! One client shared by 8 threads over the default transport, against a keep-alive server
//! on 127.0.0.1: every call gets its own answer, and connections are pooled and reused
//! (about one per thread, not one per request). Throughput is measured in
//! `cargo bench --bench request_cost` (BENCHMARKS.md), not here.
#![cfg(feature = "ureq")]

mod support;

use std::thread;

use cloudfront::{Client, Credentials};
use support::{Reply, TestServer};

const THREADS: usize = 8;
const EACH: usize = 50;

fn invalidation(id: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<Invalidation xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\">\
         <Id>{id}</Id><Status>InProgress</Status><CreateTime>2026-11-25T19:35:24.106Z</CreateTime>\
         <InvalidationBatch><Paths><Quantity>1</Quantity><Items><Path>/index.html</Path></Items>\
         </Paths><CallerReference>ref-1</CallerReference></InvalidationBatch></Invalidation>"
    )
}

fn client(server: &TestServer, builder: cloudfront::ClientBuilder) -> Client {
    builder
        .credentials(Credentials::new("AKIDEXAMPLE", "secret"))
        .endpoint(server.endpoint())
        .build()
        .expect("client")
}

/// Runs `THREADS × EACH` GetInvalidation calls on `client`; every one must succeed.
fn hammer(client: &Client) {
    let workers: Vec<_> = (0..THREADS)
        .map(|t| {
            let client = client.clone();
            thread::spawn(move || {
                for i in 0..EACH {
                    let inv = client
                        .invalidation("E2QWRUHAPOMQZL", "I2J0I21PCUYOIK")
                        .unwrap_or_else(|e| panic!("thread {t}, call {i}: {e}"));
                    assert_eq!(inv.id, "I2J0I21PCUYOIK");
                    assert_eq!(inv.batch.paths, ["/index.html"]);
                }
            })
        })
        .collect();
    for w in workers {
        w.join().expect("a worker panicked");
    }
}

fn replies() -> Vec<Reply> {
    (0..THREADS * EACH)
        .map(|_| {
            Reply::new(200)
                .header("content-type", "text/xml")
                .body(invalidation("I2J0I21PCUYOIK"))
        })
        .collect()
}

#[test]
fn eight_threads_share_one_client_and_its_pooled_connections() {
    let server = TestServer::start(replies());
    let client = client(&server, Client::builder());
    hammer(&client);
    let requests = server.requests();
    assert_eq!(requests.len(), THREADS * EACH);
    assert!(
        requests
            .iter()
            .all(|r| r.method == "GET" && r.target.ends_with("/invalidation/I2J0I21PCUYOIK")),
        "every request is the one sent"
    );
    // With the default pool (8 idle connections per host) each thread keeps reusing a
    // connection. Before, 3 were kept: the other threads connected anew for most calls.
    assert!(
        server.connections() <= 2 * THREADS,
        "{} connections for {} requests",
        server.connections(),
        requests.len()
    );
}

#[test]
fn the_pool_size_is_configurable() {
    // No idle connection kept: every call connects anew, and still gets its answer.
    let server = TestServer::start(replies());
    let client = client(&server, Client::builder().max_idle_connections_per_host(0));
    hammer(&client);
    assert_eq!(server.requests().len(), THREADS * EACH);
    assert_eq!(server.connections(), THREADS * EACH);
}
