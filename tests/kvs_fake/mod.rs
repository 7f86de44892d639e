//! A loopback fake of the KeyValueStore data plane for the tests (127.0.0.1 only): an HTTP/1.1
//! server on an ephemeral port that VERIFIES each request's SigV4A signature with the public
//! key derived from the test credentials (rebuilding the canonical request from what arrived
//! on the socket, with the SigV4 stage functions tested against AWS's vectors), and enforces
//! `If-Match` as the service does (missing: 400 `ValidationException`; stale: 409
//! `ConflictException`, the only precondition error the model declares), the `UpdateKeys`
//! limits (50 keys, 3 MB body, 512-byte keys, 1 KB values: 400 `ValidationException`) and the
//! 5 MB store size (402 `ServiceQuotaExceededException`). Emulator behaviour, not recorded
//! from the service: the `NextToken` format, the ETag values, and `UpdateKeys` deleting an
//! absent key being a no-op are this fake's choices.
//!
//! [`LoopbackTransport`] sends the client's requests to this server: it connects to
//! 127.0.0.1 at the URL's port whatever the host, and sends the URL's authority
//! (`123456789012.localhost:PORT`, the host the rule set builds from the ARN and a
//! `http://localhost:PORT` override) as `Host`, so the signed host is the one that arrives.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use cloudfront::Credentials;
use cloudfront::auth::sigv4::{
    canonical_headers, canonical_query_string, canonical_request, canonical_uri, payload_hash,
};
use cloudfront::auth::sigv4a::{PublicKey, derive_key, string_to_sign};
use cloudfront::transport::{
    HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind,
};

pub const ACCOUNT: &str = "123456789012";
pub const ARN: &str =
    "arn:aws:cloudfront::123456789012:key-value-store/37d5f4d4-52c6-4d48-9a6f-2b8f1a3c7e90";
const MAX_HEAD: usize = 64 * 1024;
const MAX_BODY: usize = 4 * 1024 * 1024;

/// One request as the fake saw it (after its signature verified).
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub if_match: Option<String>,
    pub status: u16,
    /// For `UpdateKeys`: puts and deletes.
    pub puts: usize,
    pub deletes: usize,
    pub body_bytes: usize,
}

#[derive(Debug, Default)]
struct State {
    items: BTreeMap<String, String>,
    version: u64,
    seen: Vec<Seen>,
    bad_signatures: usize,
}

impl State {
    fn etag(&self) -> String {
        format!("KVFAKE{:06}", self.version)
    }
    fn size(&self) -> u64 {
        self.items
            .iter()
            .map(|(k, v)| (k.len() + v.len()) as u64)
            .sum()
    }
}

/// The fake store (see the module docs). Dropping it stops the server.
pub struct FakeStore {
    pub port: u16,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl FakeStore {
    /// A server holding `items`, accepting signatures of `credentials` only.
    pub fn start(credentials: &Credentials, items: BTreeMap<String, String>) -> FakeStore {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(Mutex::new(State {
            items,
            version: 1,
            ..State::default()
        }));
        let stop = Arc::new(AtomicBool::new(false));
        let key = derive_key(credentials).unwrap().public_key();
        let access_key_id = credentials.access_key_id().to_string();
        let (st, sp) = (state.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if sp.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(mut stream) = stream else { continue };
                let response = match read_request(&mut stream) {
                    Some(req) => handle(&st, &key, &access_key_id, &req),
                    None => respond(400, &[], "{\"message\":\"bad request\"}"),
                };
                let _ = stream.write_all(&response);
            }
        });
        FakeStore {
            port,
            state,
            stop,
            thread: Some(thread),
        }
    }

    /// The endpoint override for `Client::key_value_store_at`.
    pub fn endpoint(&self) -> String {
        format!("http://localhost:{}", self.port)
    }

    pub fn items(&self) -> BTreeMap<String, String> {
        self.state.lock().unwrap().items.clone()
    }

    pub fn etag(&self) -> String {
        self.state.lock().unwrap().etag()
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.state.lock().unwrap().seen.clone()
    }

    pub fn bad_signatures(&self) -> usize {
        self.state.lock().unwrap().bad_signatures
    }

    /// Another writer: changes the store (and its version) behind the client's back.
    pub fn write_behind_the_back(&self, key: &str, value: &str) {
        let mut s = self.state.lock().unwrap();
        s.items.insert(key.to_string(), value.to_string());
        s.version += 1;
    }
}

impl Drop for FakeStore {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

struct Request {
    method: String,
    path: String,
    query: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        if buf.len() > MAX_HEAD {
            return None;
        }
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = std::str::from_utf8(&buf[..head_end]).ok()?.to_string();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_string();
    let target = request_line.next()?;
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    if length > MAX_BODY {
        return None;
    }
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    body.truncate(length);
    Some(Request {
        method,
        path: path.to_string(),
        query: query.to_string(),
        headers,
        body,
    })
}

fn respond(status: u16, headers: &[(&str, String)], body: &str) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status} Fake\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    if !body.is_empty() {
        out.push_str("Content-Type: application/json\r\n");
    }
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    out.push_str(body);
    out.into_bytes()
}

fn error(status: u16, code: &str, message: &str) -> (u16, Vec<(&'static str, String)>, String) {
    (
        status,
        vec![(
            "x-amzn-ErrorType",
            format!(
                "{code}:http://internal.amazon.com/coral/com.amazonaws.cloudfrontkeyvaluestore/"
            ),
        )],
        serde_json::json!({ "Message": message }).to_string(),
    )
}

/// Whether the request carries a valid SigV4A signature of `access_key_id` (module docs).
fn signature_ok(req: &Request, key: &PublicKey, access_key_id: &str) -> bool {
    let Some(auth) = req
        .header("authorization")
        .and_then(|a| a.strip_prefix("AWS4-ECDSA-P256-SHA256 "))
    else {
        return false;
    };
    let field = |name: &str| {
        auth.split(", ")
            .find_map(|p| p.strip_prefix(name)?.strip_prefix('='))
    };
    let (Some(credential), Some(signed), Some(signature)) = (
        field("Credential"),
        field("SignedHeaders"),
        field("Signature"),
    ) else {
        return false;
    };
    let scope: Vec<&str> = credential.split('/').collect();
    if scope.len() != 4
        || scope[0] != access_key_id
        || scope[2] != "cloudfront-keyvaluestore"
        || scope[3] != "aws4_request"
        || req.header("x-amz-region-set") != Some("*")
    {
        return false;
    }
    let names: Vec<&str> = signed.split(';').collect();
    if !names.contains(&"host") || !names.contains(&"x-amz-region-set") {
        return false;
    }
    let mut pairs = Vec::new();
    for name in &names {
        let Some(value) = req.header(name) else {
            return false;
        };
        pairs.push((name.to_string(), value.to_string()));
    }
    let Ok(headers) = canonical_headers(&pairs) else {
        return false;
    };
    let Some(amz_date) = req.header("x-amz-date") else {
        return false;
    };
    if !amz_date.starts_with(scope[1]) {
        return false;
    }
    let creq = canonical_request(
        &req.method,
        &canonical_uri(&req.path, true),
        &canonical_query_string(&req.query),
        &headers,
        &payload_hash(&req.body),
    );
    let sts = string_to_sign(amz_date, &scope[1..].join("/"), &creq);
    key.verify(&sts, signature)
}

fn decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn handle(state: &Mutex<State>, key: &PublicKey, access_key_id: &str, req: &Request) -> Vec<u8> {
    let mut s = state.lock().unwrap();
    if !signature_ok(req, key, access_key_id) {
        s.bad_signatures += 1;
        let (st, h, b) = error(
            403,
            "InvalidSignatureException",
            "The request signature we calculated does not match the signature you provided.",
        );
        return respond(st, &h, &b);
    }
    let prefix = format!("/key-value-stores/{}", cloudfront_label(ARN));
    let Some(rest) = req.path.strip_prefix(&prefix) else {
        let (st, h, b) = error(
            404,
            "ResourceNotFoundException",
            "Key value store not found",
        );
        return respond(st, &h, &b);
    };
    let key_of = rest.strip_prefix("/keys/").map(decode);
    let is_write = matches!(req.method.as_str(), "PUT" | "DELETE" | "POST");
    let (mut puts, mut deletes) = (0, 0);
    let (status, headers, body) = 'answer: {
        if is_write {
            match req.header("if-match") {
                None => {
                    break 'answer error(400, "ValidationException", "If-Match header is required");
                }
                Some(tag) if tag != s.etag() => {
                    break 'answer error(
                        409,
                        "ConflictException",
                        "Pre-Condition failed, ETag does not match.",
                    );
                }
                Some(_) => {}
            }
        }
        let written = |s: &mut State| {
            s.version += 1;
            (
                200,
                vec![("ETag", s.etag())],
                serde_json::json!({"ItemCount": s.items.len(), "TotalSizeInBytes": s.size()})
                    .to_string(),
            )
        };
        match (req.method.as_str(), rest, key_of) {
            ("GET", "", None) => (
                200,
                vec![("ETag", s.etag())],
                serde_json::json!({
                    "ItemCount": s.items.len(), "TotalSizeInBytes": s.size(), "KvsARN": ARN,
                    "Created": 1764590400.0, "LastModified": 1764676800.0, "Status": "READY"
                })
                .to_string(),
            ),
            ("GET", "/keys", None) => {
                let q: BTreeMap<String, String> = req
                    .query
                    .split('&')
                    .filter_map(|p| p.split_once('='))
                    .map(|(k, v)| (k.to_string(), decode(v)))
                    .collect();
                let max: usize = q.get("MaxResults").and_then(|m| m.parse().ok()).unwrap_or(10);
                if !(1..=50).contains(&max) {
                    break 'answer error(400, "ValidationException", "MaxResults must be 1 to 50");
                }
                let start: usize = q
                    .get("NextToken")
                    .and_then(|t| t.strip_prefix("fake-token-"))
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(0);
                let items: Vec<_> = s
                    .items
                    .iter()
                    .skip(start)
                    .take(max)
                    .map(|(k, v)| serde_json::json!({"Key": k, "Value": v}))
                    .collect();
                let mut doc = serde_json::json!({ "Items": items });
                if start + max < s.items.len() {
                    doc["NextToken"] = format!("fake-token-{}", start + max).into();
                }
                (200, vec![], doc.to_string())
            }
            ("GET", _, Some(k)) => match s.items.get(&k) {
                Some(v) => (
                    200,
                    vec![],
                    serde_json::json!({"Key": k, "Value": v, "ItemCount": s.items.len(), "TotalSizeInBytes": s.size()}).to_string(),
                ),
                None => error(404, "ResourceNotFoundException", "Key not found"),
            },
            ("PUT", _, Some(k)) => {
                let doc: serde_json::Value = match serde_json::from_slice(&req.body) {
                    Ok(d) => d,
                    Err(_) => break 'answer error(400, "ValidationException", "bad JSON"),
                };
                let Some(v) = doc["Value"].as_str() else {
                    break 'answer error(400, "ValidationException", "Value is required");
                };
                s.items.insert(k, v.to_string());
                written(&mut s)
            }
            ("DELETE", _, Some(k)) => {
                if s.items.remove(&k).is_none() {
                    break 'answer error(404, "ResourceNotFoundException", "Key not found");
                }
                written(&mut s)
            }
            ("POST", "/keys", None) => {
                if req.body.len() > 3_000_000 {
                    break 'answer error(400, "ValidationException", "Request payload is too large");
                }
                let doc: serde_json::Value = match serde_json::from_slice(&req.body) {
                    Ok(d) => d,
                    Err(_) => break 'answer error(400, "ValidationException", "bad JSON"),
                };
                let p = doc["Puts"].as_array().cloned().unwrap_or_default();
                let d = doc["Deletes"].as_array().cloned().unwrap_or_default();
                (puts, deletes) = (p.len(), d.len());
                if p.len() + d.len() > 50 {
                    break 'answer error(400, "ValidationException", "Too many keys in one request");
                }
                let mut next = s.items.clone();
                for item in &p {
                    let (Some(k), Some(v)) = (item["Key"].as_str(), item["Value"].as_str()) else {
                        break 'answer error(400, "ValidationException", "Key and Value are required");
                    };
                    if k.len() > 512 || v.len() > 1024 {
                        break 'answer error(400, "ValidationException", "Key or value too large");
                    }
                    next.insert(k.to_string(), v.to_string());
                }
                for item in &d {
                    let Some(k) = item["Key"].as_str() else {
                        break 'answer error(400, "ValidationException", "Key is required");
                    };
                    next.remove(k);
                }
                let size: u64 = next.iter().map(|(k, v)| (k.len() + v.len()) as u64).sum();
                if size > 5_000_000 {
                    break 'answer error(402, "ServiceQuotaExceededException", "Key value store is full");
                }
                s.items = next;
                written(&mut s)
            }
            _ => error(400, "ValidationException", "unknown operation"),
        }
    };
    let seen = Seen {
        method: req.method.clone(),
        path: req.path.clone(),
        if_match: req.header("if-match").map(str::to_string),
        status,
        puts,
        deletes,
        body_bytes: req.body.len(),
    };
    s.seen.push(seen);
    respond(status, &headers, &body)
}

/// The ARN as the client's path label (RFC 3986 unreserved characters kept).
pub fn cloudfront_label(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Sends every request to 127.0.0.1 at the URL's port, with the URL's authority as `Host`
/// (module docs). Refuses any host that is not a subdomain of `localhost`.
#[derive(Debug)]
pub struct LoopbackTransport;

impl Transport for LoopbackTransport {
    fn send(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        let fail = |m: &str| TransportError::new(TransportErrorKind::Connect, m.to_string());
        let rest = request
            .url
            .strip_prefix("http://")
            .ok_or_else(|| fail("not http"))?;
        let (authority, path_and_query) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let (host, port) = authority.rsplit_once(':').ok_or_else(|| fail("no port"))?;
        if !host.ends_with(".localhost") {
            return Err(fail("LoopbackTransport only serves *.localhost"));
        }
        let port: u16 = port.parse().map_err(|_| fail("bad port"))?;
        let mut stream =
            TcpStream::connect(("127.0.0.1", port)).map_err(|e| fail(&e.to_string()))?;
        let mut head = format!(
            "{} {} HTTP/1.1\r\nHost: {authority}\r\n",
            request.method,
            if path_and_query.is_empty() {
                "/"
            } else {
                path_and_query
            }
        );
        for (k, v) in &request.headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str(&format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            request.body.len()
        ));
        let io = |e: std::io::Error| TransportError::new(TransportErrorKind::Io, e.to_string());
        stream.write_all(head.as_bytes()).map_err(io)?;
        stream.write_all(&request.body).map_err(io)?;
        let mut raw = Vec::new();
        stream
            .take(8 * 1024 * 1024)
            .read_to_end(&mut raw)
            .map_err(io)?;
        let end = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .ok_or_else(|| fail("no response head"))?;
        let head = String::from_utf8_lossy(&raw[..end]).into_owned();
        let mut lines = head.split("\r\n");
        let status: u16 = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| fail("bad status line"))?;
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .collect();
        Ok(HttpResponse::new(status, headers, raw[end + 4..].to_vec()))
    }
}
