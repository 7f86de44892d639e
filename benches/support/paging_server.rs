//! Shared by the paging benches: realistic `DistributionList` pages and a std-only
//! keep-alive HTTP/1.1 server on 127.0.0.1 that answers the `Marker` the client sends.
//!
//! (`tests/support/mod.rs` serves scripted replies in a fixed order; these benches need a
//! server that routes on `Marker` like the real service, so it is a separate, smaller one.)

// Each bench uses a different subset.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::thread::{self, JoinHandle};
use std::time::Duration;

const FIXTURE_PAGE: &str = include_str!("../../fixtures/distribution/list-page.xml");

/// The id of the `i`-th distribution of the synthetic listing: `E` and 13 digits, the shape
/// of a real id.
pub fn id(i: usize) -> String {
    format!("E{i:013}")
}

/// The plainest summary of the fixture page on one line (one S3 origin and the defaults
/// the service fills in: about 2.5 KB), with `E2QWRUHAPOMQZL` as its id.
pub fn summary_template() -> String {
    let page: String = FIXTURE_PAGE.lines().map(str::trim).collect();
    let start = page
        .find("<DistributionSummary><Id>E2QWRUHAPOMQZL</Id>")
        .expect("the plain summary is in the fixture");
    let len = page[start..]
        .find("</DistributionSummary>")
        .expect("its end")
        + "</DistributionSummary>".len();
    page[start..start + len].to_string()
}

/// One `DistributionList` page holding summaries `first..first + n` of a listing of
/// `total`, with the real service's markers: `Marker` echoes the request's marker and
/// `NextMarker` is the id of the page's last item (absent on the last page).
pub fn render_page(template: &str, first: usize, n: usize, total: usize) -> String {
    let end = (first + n).min(total);
    let truncated = end < total;
    let marker = if first == 0 {
        String::new()
    } else {
        id(first - 1)
    };
    let mut out = String::with_capacity(template.len() * (end - first) + 512);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?><DistributionList xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\">");
    out.push_str(&format!("<Marker>{marker}</Marker>"));
    if truncated {
        out.push_str(&format!("<NextMarker>{}</NextMarker>", id(end - 1)));
    }
    out.push_str(&format!(
        "<MaxItems>{n}</MaxItems><IsTruncated>{truncated}</IsTruncated><Quantity>{}</Quantity>",
        end - first
    ));
    if end > first {
        out.push_str("<Items>");
        for i in first..end {
            out.push_str(&template.replace("E2QWRUHAPOMQZL", &id(i)));
        }
        out.push_str("</Items>");
    }
    out.push_str("</DistributionList>");
    out
}

/// A listing of `total` distributions in pages of `per_page`, pre-rendered as complete
/// HTTP responses, keyed by the `Marker` that asks for each page (`""` for the first).
pub struct Listing {
    /// Marker -> index into `responses`.
    by_marker: HashMap<String, usize>,
    /// Head and body of each page's response, ready to write.
    responses: Vec<Vec<u8>>,
    /// The body of the first page (for decode-only measurements).
    pub first_body: String,
    /// Total items.
    pub total: usize,
    /// Pages.
    pub pages: usize,
    /// The whole response to every POST, if any (otherwise a POST is routed like a GET).
    pub post_response: Option<Vec<u8>>,
}

impl Listing {
    /// Renders the listing.
    pub fn new(total: usize, per_page: usize) -> Listing {
        let template = summary_template();
        let mut by_marker = HashMap::new();
        let mut responses = Vec::new();
        let mut first_body = String::new();
        let mut first = 0;
        while first < total || (total == 0 && responses.is_empty()) {
            let body = render_page(&template, first, per_page, total);
            let marker = if first == 0 {
                String::new()
            } else {
                id(first - 1)
            };
            by_marker.insert(marker, responses.len());
            let mut response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: text/xml\r\nx-amzn-requestid: bench\r\ncontent-length: {}\r\n\r\n",
                body.len()
            )
            .into_bytes();
            response.extend_from_slice(body.as_bytes());
            responses.push(response);
            if first == 0 {
                first_body = body;
            }
            first += per_page;
        }
        Listing {
            by_marker,
            pages: responses.len(),
            responses,
            first_body,
            total,
            post_response: None,
        }
    }

    /// Answers every POST with `response` (a whole HTTP response), whatever its target.
    pub fn answer_posts_with(mut self, response: Vec<u8>) -> Listing {
        self.post_response = Some(response);
        self
    }
}

#[derive(Default)]
struct Counters {
    accepts: AtomicUsize,
    requests: AtomicUsize,
    unknown_markers: AtomicUsize,
    /// CPU time of the server's connection threads, in ns (Linux schedstat; 0 elsewhere).
    cpu_ns: AtomicU64,
    stop: AtomicBool,
}

/// The server. Stops accepting when dropped.
pub struct PagingServer {
    addr: SocketAddr,
    counters: Arc<Counters>,
    accept_thread: Option<JoinHandle<()>>,
}

impl PagingServer {
    /// Serves `listing` on `127.0.0.1:0`.
    pub fn start(listing: Listing) -> PagingServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let counters = Arc::new(Counters::default());
        let listing = Arc::new(listing);
        let c = Arc::clone(&counters);
        let accept_thread = thread::spawn(move || {
            for stream in listener.incoming() {
                if c.stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                c.accepts.fetch_add(1, Ordering::SeqCst);
                let (c, listing) = (Arc::clone(&c), Arc::clone(&listing));
                thread::spawn(move || serve(stream, &listing, &c));
            }
        });
        PagingServer {
            addr,
            counters,
            accept_thread: Some(accept_thread),
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Connections accepted so far.
    pub fn accepts(&self) -> usize {
        self.counters.accepts.load(Ordering::SeqCst)
    }

    /// Requests answered so far.
    pub fn requests(&self) -> usize {
        self.counters.requests.load(Ordering::SeqCst)
    }

    /// Requests whose marker matched no page (answered 400).
    pub fn unknown_markers(&self) -> usize {
        self.counters.unknown_markers.load(Ordering::SeqCst)
    }

    /// CPU time the connection threads spent so far (ns; 0 where unavailable).
    pub fn cpu_ns(&self) -> u64 {
        self.counters.cpu_ns.load(Ordering::SeqCst)
    }
}

impl Drop for PagingServer {
    fn drop(&mut self) {
        self.counters.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
        if let Some(t) = self.accept_thread.take() {
            let _ = t.join();
        }
    }
}

/// CPU time of the calling thread in ns, from `/proc/thread-self/schedstat` (Linux);
/// `None` elsewhere.
pub fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn serve(stream: TcpStream, listing: &Listing, c: &Counters) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let _ = stream.set_nodelay(true);
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    let mut cpu_start = thread_cpu_ns();
    loop {
        line.clear();
        if !matches!(reader.read_line(&mut line), Ok(n) if n > 0) {
            return;
        }
        let post = line.starts_with("POST ");
        let target = line.split(' ').nth(1).unwrap_or("").to_string();
        let mut content_length = 0usize;
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
                    content_length = v.trim().parse().unwrap_or(0);
                }
            }
        }
        if content_length > 0 {
            let mut sink = vec![0u8; content_length];
            if reader.read_exact(&mut sink).is_err() {
                return;
            }
        }
        let marker = target
            .split_once('?')
            .map(|(_, q)| q)
            .unwrap_or("")
            .split('&')
            .find_map(|p| p.strip_prefix("Marker="))
            .unwrap_or("");
        // Counted before answering, so that a client that has read the answer sees it.
        c.requests.fetch_add(1, Ordering::SeqCst);
        let ok = match (post, &listing.post_response, listing.by_marker.get(marker)) {
            (true, Some(response), _) => writer.write_all(response).is_ok(),
            (_, _, Some(&page)) => writer.write_all(&listing.responses[page]).is_ok(),
            _ => {
                c.unknown_markers.fetch_add(1, Ordering::SeqCst);
                writer
                    .write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n")
                    .is_ok()
            }
        };
        if let (Some(start), Some(now)) = (cpu_start, thread_cpu_ns()) {
            c.cpu_ns
                .fetch_add(now.saturating_sub(start), Ordering::SeqCst);
            cpu_start = Some(now);
        }
        if !ok {
            return;
        }
    }
}
