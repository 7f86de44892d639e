//! Client cost per request over the default `ureq` transport against an in-process
//! keep-alive server on 127.0.0.1, made for instruction counts under callgrind (which are
//! deterministic on this shared machine, where wall time is not).
//!
//! ```sh
//! cargo bench --bench request_cost                    # both workloads, CPU time per request
//! cargo bench --bench request_cost -- list 10         # list 10 pages of 100 distributions
//! cargo bench --bench request_cost -- create 200      # 200 CreateInvalidation one after another
//! cargo bench --bench request_cost -- concurrent 8 400 # 8 threads sharing one client, 400 GETs each
//! ```
//!
//! Per-request instructions: run a workload under
//! `valgrind --tool=callgrind --separate-threads=yes` with n and 2n and difference the
//! client (main) thread's totals; the number of per-thread output files is the number of
//! threads the process started (BENCHMARKS.md has the script).

#[path = "support/paging_server.rs"]
mod paging_server;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Instant;

use cloudfront::{Client, Credentials};
use paging_server::{Listing, PagingServer, thread_cpu_ns};

fn client_for(endpoint: String) -> Client {
    Client::builder()
        .credentials(Credentials::new(
            "AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        ))
        .endpoint(endpoint)
        .build()
        .expect("client")
}

/// A keep-alive server answering every request with the same bytes; counts connections.
struct FixedServer {
    endpoint: String,
    accepts: Arc<AtomicUsize>,
}

impl FixedServer {
    fn start(response: Vec<u8>) -> FixedServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        let response = Arc::new(response);
        let accepts = Arc::new(AtomicUsize::new(0));
        let counted = accepts.clone();
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                counted.fetch_add(1, Ordering::SeqCst);
                let response = response.clone();
                thread::spawn(move || answer(stream, &response));
            }
        });
        FixedServer { endpoint, accepts }
    }
}

fn answer(stream: TcpStream, response: &[u8]) {
    let _ = stream.set_nodelay(true);
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    loop {
        let mut length = 0usize;
        loop {
            line.clear();
            if !matches!(reader.read_line(&mut line), Ok(n) if n > 0) {
                return;
            }
            let h = line.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut body = vec![0u8; length];
        if reader.read_exact(&mut body).is_err() || writer.write_all(response).is_err() {
            return;
        }
    }
}

const INVALIDATION: &str = "<?xml version=\"1.0\"?>\n<Invalidation xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\"><Id>I2J0I21PCUYOIK</Id><Status>InProgress</Status><CreateTime>2026-11-25T19:35:24.106Z</CreateTime><InvalidationBatch><Paths><Quantity>2</Quantity><Items><Path>/index.html</Path><Path>/img/*</Path></Items></Paths><CallerReference>ref-1</CallerReference></InvalidationBatch></Invalidation>";

fn http_response(status: &str, headers: &[(&str, &str)], body: &str) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\ncontent-length: {}\r\n", body.len());
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    out.push_str(body);
    out.into_bytes()
}

/// Lists `pages` pages of 100; returns (items, connections).
fn list(pages: usize) -> (usize, usize) {
    let server = PagingServer::start(Listing::new(pages * 100, 100));
    let client = client_for(server.endpoint());
    let mut items = 0;
    for summary in client.distributions() {
        std::hint::black_box(summary.expect("item"));
        items += 1;
    }
    (items, server.accepts())
}

/// `n` CreateInvalidation calls one after another; returns connections.
fn create(n: usize) -> usize {
    let server = FixedServer::start(http_response(
        "201 Created",
        &[
            ("content-type", "text/xml"),
            (
                "location",
                "https://cloudfront.amazonaws.com/2020-05-31/distribution/E1/invalidation/I2J0I21PCUYOIK",
            ),
        ],
        INVALIDATION,
    ));
    let client = client_for(server.endpoint.clone());
    for _ in 0..n {
        let inv = client
            .create_invalidation("E2QWRUHAPOMQZL", ["/index.html", "/img/*"])
            .expect("created");
        std::hint::black_box(inv);
    }
    server.accepts.load(Ordering::SeqCst)
}

/// `threads` threads sharing one client, `each` GetInvalidation calls each; returns
/// connections.
fn concurrent(threads: usize, each: usize) -> usize {
    let server = FixedServer::start(http_response(
        "200 OK",
        &[("content-type", "text/xml")],
        INVALIDATION,
    ));
    let client = client_for(server.endpoint.clone());
    let workers: Vec<_> = (0..threads)
        .map(|_| {
            let client = client.clone();
            thread::spawn(move || {
                for _ in 0..each {
                    let inv = client
                        .invalidation("E2QWRUHAPOMQZL", "I2J0I21PCUYOIK")
                        .expect("read");
                    assert_eq!(inv.id, "I2J0I21PCUYOIK");
                }
            })
        })
        .collect();
    for w in workers {
        w.join().expect("worker");
    }
    server.accepts.load(Ordering::SeqCst)
}

fn timed(label: &str, requests: usize, f: impl FnOnce() -> usize) {
    let (cpu0, wall0) = (thread_cpu_ns(), Instant::now());
    let connections = f();
    let wall = wall0.elapsed();
    let cpu = match (cpu0, thread_cpu_ns()) {
        (Some(a), Some(b)) => format!("{:.1} µs", (b - a) as f64 / 1e3 / requests as f64),
        _ => "n/a".into(),
    };
    println!(
        "{label}: {requests} requests, wall {:.1} µs/request, client thread CPU {cpu}/request, {connections} connection(s)",
        wall.as_secs_f64() * 1e6 / requests as f64
    );
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let num =
        |i: usize, default: usize| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    match args.first().map(String::as_str) {
        Some("list") => {
            let pages = num(1, 10);
            let (items, conns) = list(pages);
            assert_eq!(items, pages * 100);
            println!("listed {items} items over {conns} connection(s)");
        }
        Some("create") => {
            let n = num(1, 200);
            println!("{n} invalidations over {} connection(s)", create(n));
        }
        Some("concurrent") => {
            let (threads, each) = (num(1, 8), num(2, 400));
            let wall = Instant::now();
            let conns = concurrent(threads, each);
            let secs = wall.elapsed().as_secs_f64();
            println!(
                "{threads} threads × {each} GETs: {:.0} requests/s over {conns} connection(s)",
                (threads * each) as f64 / secs
            );
        }
        _ => {
            timed("list 100 pages of 100", 100, || list(100).1);
            timed("create 200 invalidations", 200, || create(200));
            for threads in [1, 2, 8] {
                let each = 1600 / threads;
                let wall = Instant::now();
                let conns = concurrent(threads, each);
                println!(
                    "{threads} thread(s) sharing one client: {:.0} GETs/s, {conns} connection(s)",
                    1600.0 / wall.elapsed().as_secs_f64()
                );
            }
        }
    }
}
