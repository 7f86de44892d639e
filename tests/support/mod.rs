//! A tiny std-only HTTP/1.1 test server on `127.0.0.1:0`, shared by integration tests.
//!
//! - Serves scripted [`Reply`]s in order (one queue shared by all connections); when the
//!   queue is empty it answers `500 no scripted reply`.
//! - Keep-alive: a connection serves requests until the client closes it (or a reply says
//!   to close). [`TestServer::connections`] counts accepted connections.
//! - Records every request it read ([`TestServer::requests`]).
//! - Faults: stall until the client gives up, hang up without answering, send fewer body
//!   bytes than declared, send raw bytes, sleep before answering.
//!
//! ```ignore
//! mod support;
//! let server = support::TestServer::start([support::Reply::new(200).body("hello")]);
//! let url = server.url("/path");
//! ```

// Each test crate that includes this module uses a different subset of it.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// How long a server connection waits for the next request before closing: a safety net
/// so that no thread outlives a test by much. Not a test timing.
const IDLE_READ_TIMEOUT: Duration = Duration::from_secs(20);

/// A request as the server read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedRequest {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The request target: path and query, e.g. `/2020-05-31/distribution?MaxItems=1`.
    pub target: String,
    /// Header names (lowercased) and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// Which accepted connection (1-based) carried it.
    pub connection: usize,
}

impl ReceivedRequest {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone)]
enum Action {
    /// Send the response.
    Respond,
    /// Send the head with `content-length: declared`, then `body` (shorter), then close.
    Truncate { declared: usize },
    /// Read until the client closes the connection; never answer.
    Stall,
    /// Close the connection without answering.
    HangUp,
    /// Write these bytes verbatim, then close.
    Raw(Vec<u8>),
}

/// One scripted answer.
#[derive(Debug, Clone)]
pub struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    action: Action,
    close: bool,
    /// Close the connection after this response without saying so (no `connection: close`).
    silent_close: bool,
    delay: Option<Duration>,
}

impl Reply {
    /// A response with `status`, no headers and an empty body.
    pub fn new(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            action: Action::Respond,
            close: false,
            silent_close: false,
            delay: None,
        }
    }

    /// Adds a response header. `content-length` is added automatically.
    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Sets the body.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Reply {
        self.body = body.into();
        self
    }

    /// Sends `connection: close` and closes the connection after this response.
    pub fn close(mut self) -> Reply {
        self.close = true;
        self
    }

    /// Closes the connection after this response without `connection: close` (as a server
    /// does when its keep-alive timeout passes right after answering).
    pub fn then_hang_up(mut self) -> Reply {
        self.silent_close = true;
        self
    }

    /// Sleeps this long before answering (for tests that need a slow server).
    pub fn delay(mut self, delay: Duration) -> Reply {
        self.delay = Some(delay);
        self
    }

    /// Never answers: reads until the client closes the connection.
    pub fn stall() -> Reply {
        Reply {
            action: Action::Stall,
            ..Reply::new(0)
        }
    }

    /// Closes the connection right after reading the request, without answering.
    pub fn hang_up() -> Reply {
        Reply {
            action: Action::HangUp,
            ..Reply::new(0)
        }
    }

    /// Declares `content-length: declared` but sends only `body`, then closes.
    pub fn truncated(status: u16, declared: usize, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            action: Action::Truncate { declared },
            ..Reply::new(status).body(body)
        }
    }

    /// Writes `bytes` verbatim as the response, then closes.
    pub fn raw(bytes: impl Into<Vec<u8>>) -> Reply {
        Reply {
            action: Action::Raw(bytes.into()),
            ..Reply::new(0)
        }
    }
}

struct Shared {
    replies: Mutex<VecDeque<Reply>>,
    requests: Mutex<Vec<ReceivedRequest>>,
    connections: AtomicUsize,
    stop: AtomicBool,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The server. Stops accepting when dropped.
pub struct TestServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    accept_thread: Option<JoinHandle<()>>,
}

impl TestServer {
    /// Starts a server on `127.0.0.1:0` that answers with `replies`, in order.
    pub fn start(replies: impl IntoIterator<Item = Reply>) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let shared = Arc::new(Shared {
            replies: Mutex::new(replies.into_iter().collect()),
            requests: Mutex::new(Vec::new()),
            connections: AtomicUsize::new(0),
            stop: AtomicBool::new(false),
        });
        let accept_shared = Arc::clone(&shared);
        let accept_thread = thread::spawn(move || {
            for stream in listener.incoming() {
                if accept_shared.stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let n = accept_shared.connections.fetch_add(1, Ordering::SeqCst) + 1;
                let conn_shared = Arc::clone(&accept_shared);
                thread::spawn(move || serve_connection(stream, n, &conn_shared));
            }
        });
        TestServer {
            addr,
            shared,
            accept_thread: Some(accept_thread),
        }
    }

    /// `http://127.0.0.1:<port><path>`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// `http://127.0.0.1:<port>`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Queues one more reply.
    pub fn push(&self, reply: Reply) {
        lock(&self.shared.replies).push_back(reply);
    }

    /// How many connections were accepted so far.
    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }

    /// Every request read so far, in order.
    pub fn requests(&self) -> Vec<ReceivedRequest> {
        lock(&self.shared.requests).clone()
    }

    /// Replies not yet used.
    pub fn remaining_replies(&self) -> usize {
        lock(&self.shared.replies).len()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(t) = self.accept_thread.take() {
            let _ = t.join();
        }
    }
}

/// A port on 127.0.0.1 with nothing listening (bound, then released).
pub fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let port = listener.local_addr().expect("local addr").port();
    drop(listener);
    port
}

fn serve_connection(stream: TcpStream, connection: usize, shared: &Shared) {
    let _ = stream.set_read_timeout(Some(IDLE_READ_TIMEOUT));
    let Ok(write_half) = stream.try_clone() else {
        return;
    };
    let mut writer = write_half;
    let mut reader = BufReader::new(stream);
    loop {
        let Some((method, target, headers, body)) = read_request(&mut reader) else {
            return;
        };
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        lock(&shared.requests).push(ReceivedRequest {
            method,
            target,
            headers,
            body,
            connection,
        });
        let reply = lock(&shared.replies)
            .pop_front()
            .unwrap_or_else(|| Reply::new(500).body("test server: no scripted reply"));
        if let Some(d) = reply.delay {
            thread::sleep(d);
        }
        match reply.action {
            Action::Respond => {
                let head = response_head(&reply, reply.body.len());
                let ok = writer.write_all(&head).is_ok()
                    && writer.write_all(&reply.body).is_ok()
                    && writer.flush().is_ok();
                if !ok || reply.close || reply.silent_close {
                    return;
                }
            }
            Action::Truncate { declared } => {
                let head = response_head(&reply, declared);
                let _ = writer.write_all(&head);
                let _ = writer.write_all(&reply.body);
                let _ = writer.flush();
                return;
            }
            Action::Stall => {
                // Read (and discard) until the client hangs up.
                let mut sink = [0u8; 1024];
                while matches!(reader.read(&mut sink), Ok(n) if n > 0) {}
                return;
            }
            Action::HangUp => return,
            Action::Raw(bytes) => {
                let _ = writer.write_all(&bytes);
                let _ = writer.flush();
                return;
            }
        }
    }
}

fn response_head(reply: &Reply, content_length: usize) -> Vec<u8> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", reply.status, reason(reply.status));
    for (k, v) in &reply.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!("content-length: {content_length}\r\n"));
    if reply.close {
        head.push_str("connection: close\r\n");
    }
    head.push_str("\r\n");
    head.into_bytes()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        302 => "Found",
        400 => "Bad Request",
        404 => "Not Found",
        412 => "Precondition Failed",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

type Parsed = (String, String, Vec<(String, String)>, Vec<u8>);

/// Reads one request. `None` on EOF, timeout or garbage (the connection is then closed).
fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Parsed> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.trim_end().splitn(3, ' ');
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let mut headers = Vec::new();
    let mut total = line.len();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).ok()? == 0 {
            return None;
        }
        total += h.len();
        if total > 64 * 1024 {
            return None;
        }
        let h = h.trim_end_matches(['\r', '\n']);
        if h.is_empty() {
            break;
        }
        let (k, v) = h.split_once(':')?;
        headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
    }
    let len = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; len];
    reader.read_exact(&mut body).ok()?;
    Some((method, target, headers, body))
}
