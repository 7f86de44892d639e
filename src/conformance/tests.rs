//! Conformance of every typed operation to AWS's model (tests only).
//!
//! `scripts/generate_model.py` writes `crate::model::cases` from the model alone: for each
//! operation a maximal input (every member set: labels, query and header members, the whole
//! body) with the request the model prescribes for it (method, path with the labels
//! percent-encoded, query, headers, the body's root element, namespace and members in model
//! order under their XML names), and a maximal response. This file sends each case through
//! the generated `Client` method and a [`MockTransport`], and compares both sides; it also
//! walks the model files to count what is typed (`typed operations: 167 of 167`).

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use crate::clock::ManualClock;
use crate::model::cases::{CASES, ENABLED, PAGERS, WAITERS};
use crate::model::operations::ALL;
use crate::transport::{Expectation, HttpRequest, MockTransport};
use crate::waiter::WaitOptions;
use crate::xml::structure::{self, XmlValue};
use crate::{Client, Credentials};

/// One operation's case (generated).
pub(crate) struct Case {
    pub op: &'static str,
    pub method: &'static str,
    pub path_and_query: &'static str,
    pub headers: &'static [(&'static str, &'static str)],
    pub request: Option<&'static str>,
    pub status: u16,
    pub response_headers: &'static [(&'static str, &'static str)],
    pub response: &'static str,
    /// Builds the maximal input, sends it through the generated method, checks the output.
    pub run: fn(&Client, &Case) -> Result<(), String>,
}

/// A paginated operation's case: two pages, the first with a next marker.
pub(crate) struct PagerCase {
    pub op: &'static str,
    pub first: &'static str,
    pub second: &'static str,
    pub next_marker: &'static str,
    /// Walks the listing with the generated `_pager` method; returns the number of items.
    pub run: fn(&Client, &Case) -> Result<usize, String>,
}

/// A waiter's case: a response with a pending status, then one with the expected status.
pub(crate) struct WaiterCase {
    pub name: &'static str,
    pub op: &'static str,
    pub options: fn() -> WaitOptions,
    pub pending: &'static str,
    pub done: &'static str,
    pub run: fn(&Client, &Case, WaitOptions) -> Result<(), String>,
}

/// Decodes a case's request body as `T`; every element must be known.
pub(crate) fn decode<T: XmlValue>(xml: Option<&str>, root: &str) -> Result<T, String> {
    let xml = xml.ok_or("the case has no request body")?;
    let value: T = structure::from_xml(xml, root).map_err(|e| e.to_string())?;
    match value.unknown_element_count() {
        0 => Ok(value),
        n => Err(format!(
            "{n} elements of the maximal {root} are unknown to the declaration"
        )),
    }
}

/// The decoded output document: present, every element known, and re-encoded identically.
pub(crate) fn expect_document<T: XmlValue>(
    value: Option<&T>,
    xml: &str,
    root: &'static str,
) -> Result<(), String> {
    let value = value.ok_or_else(|| format!("no {root} decoded"))?;
    if value.unknown_element_count() != 0 {
        return Err(format!(
            "{root}: elements of the maximal response are unknown"
        ));
    }
    let again = structure::to_xml(value, root).map_err(|e| e.to_string())?;
    if again != xml {
        return Err(format!("{root} re-encodes as\n{again}\nnot\n{xml}"));
    }
    Ok(())
}

pub(crate) fn expect_eq<T: PartialEq + std::fmt::Debug>(
    got: T,
    want: T,
    what: &str,
) -> Result<(), String> {
    if got == want {
        Ok(())
    } else {
        Err(format!("{what}: got {got:?}, want {want:?}"))
    }
}

fn client(mock: &Arc<MockTransport>, clock: Option<Arc<ManualClock>>) -> Client {
    let mut b = Client::builder()
        .credentials(Credentials::new("AKIDEXAMPLE", "secret"))
        .shared_transport(mock.clone());
    if let Some(c) = clock {
        b = b.clock(c);
    }
    b.build().expect("a client")
}

fn respond(status: u16, headers: &[(&str, &str)], body: &str) -> Expectation {
    let mut e = Expectation::any().respond(status);
    for (k, v) in headers {
        e = e.response_header(k, v);
    }
    e.response_body(body.as_bytes().to_vec())
}

/// The request the case prescribes, compared with the one sent.
fn check_request(case: &Case, sent: &HttpRequest) -> Result<(), String> {
    expect_eq(sent.method.as_str(), case.method, "method")?;
    expect_eq(sent.path_and_query(), case.path_and_query, "path and query")?;
    for (name, value) in case.headers {
        expect_eq(sent.header(name), Some(*value), name)?;
    }
    let body = std::str::from_utf8(&sent.body).map_err(|e| e.to_string())?;
    expect_eq(body, case.request.unwrap_or(""), "body")
}

fn case(op: &str) -> &'static Case {
    CASES
        .iter()
        .find(|c| c.op == op)
        .expect("a case per operation")
}

#[test]
fn every_operation_sends_its_maximal_input_as_the_model_says_and_decodes_its_maximal_output() {
    let mut failures = Vec::new();
    for case in CASES {
        let mock = Arc::new(MockTransport::new());
        mock.expect(respond(case.status, case.response_headers, case.response));
        let result = (case.run)(&client(&mock, None), case).and_then(|()| {
            let sent = mock.requests();
            expect_eq(sent.len(), 1, "requests sent")?;
            check_request(case, &sent[0])
        });
        if let Err(e) = result {
            failures.push(format!("{}: {e}", case.op));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_pager_follows_the_next_marker_to_the_last_page() {
    let mut failures = Vec::new();
    for p in PAGERS {
        let case = case(p.op);
        let mock = Arc::new(MockTransport::new());
        mock.expect(respond(case.status, &[], p.first));
        mock.expect(respond(case.status, &[], p.second));
        let result = (p.run)(&client(&mock, None), case).and_then(|n| {
            expect_eq(n, 2, "items over two pages")?;
            let sent = mock.requests();
            expect_eq(sent.len(), 2, "requests sent")?;
            // The second request carries the first page's next marker (query or body).
            let second = format!(
                "{} {}",
                sent[1].path_and_query(),
                String::from_utf8_lossy(&sent[1].body)
            );
            expect_eq(second.contains(p.next_marker), true, "next marker sent")
        });
        if let Err(e) = result {
            failures.push(format!("{}: {e}", p.op));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_waiter_polls_until_the_models_status_with_its_delay() {
    let model = Json::parse(&model_file("waiters-2.json")).unwrap();
    let mut failures = Vec::new();
    for w in WAITERS {
        let spec = model.get("waiters").and_then(|ws| ws.get(w.name)).unwrap();
        let delay = spec.get("delay").and_then(Json::number).unwrap();
        let attempts = spec.get("maxAttempts").and_then(Json::number).unwrap();
        let options = (w.options)();
        let result = expect_eq(
            (options.poll_delay(), options.attempts()),
            (Duration::from_secs(delay), attempts as u32),
            "delay and attempts",
        )
        .and_then(|()| {
            let case = case(w.op);
            let mock = Arc::new(MockTransport::new());
            mock.expect(respond(case.status, &[], w.pending));
            mock.expect(respond(case.status, &[], w.done));
            let clock = Arc::new(ManualClock::new(UNIX_EPOCH));
            (w.run)(&client(&mock, Some(clock.clone())), case, options)?;
            expect_eq(mock.requests().len(), 2, "polls")?;
            expect_eq(clock.sleeps(), vec![Duration::from_secs(delay)], "sleeps")
        });
        if let Err(e) = result {
            failures.push(format!("{}: {e}", w.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn model_file(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("model/cloudfront")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Whether `op`'s resource group is compiled in (cargo features; all with `--all-features`,
/// as CI runs the tests).
fn enabled(op: &str) -> bool {
    ENABLED.iter().any(|(name, on)| *name == op && *on)
}

/// Operations of the model that have a spec, a typed request with its generated method and a
/// conformance case are what this counts; the model's own files say what exists. Every
/// operation whose group is compiled in must be typed (all of them with `--all-features`).
#[test]
fn typed_operations_paginators_and_waiters_cover_the_model() {
    let service = Json::parse(&model_file("service-2.json")).unwrap();
    let ops = service.get("operations").and_then(Json::keys).unwrap();
    let typed = ops
        .iter()
        .filter(|op| {
            ALL.iter().any(|s| s.name == op.as_str()) && CASES.iter().any(|c| c.op == op.as_str())
        })
        .count();
    println!("typed operations: {typed} of {}", ops.len());
    let compiled = ops.iter().filter(|op| enabled(op)).count();
    assert_eq!(typed, compiled, "operations compiled in but not typed");

    let paginators = Json::parse(&model_file("paginators-1.json")).unwrap();
    let names = paginators.get("pagination").and_then(Json::keys).unwrap();
    let paged = names
        .iter()
        .filter(|op| PAGERS.iter().any(|p| p.op == op.as_str()))
        .count();
    println!("paginators: {paged} of {}", names.len());
    let compiled = names.iter().filter(|op| enabled(op)).count();
    assert_eq!(paged, compiled, "paginators compiled in but not typed");

    let waiters = Json::parse(&model_file("waiters-2.json")).unwrap();
    let all = waiters.get("waiters").unwrap();
    let names = all.keys().unwrap();
    let waiting = names
        .iter()
        .filter(|w| WAITERS.iter().any(|c| c.name == w.as_str()))
        .count();
    println!("waiters: {waiting} of {}", names.len());
    let compiled = names
        .iter()
        .filter(|w| {
            matches!(all.get(w).and_then(|s| s.get("operation")), Some(Json::String(op)) if enabled(op))
        })
        .count();
    assert_eq!(waiting, compiled, "waiters compiled in but not typed");
    if cfg!(feature = "all-resources") {
        assert_eq!(typed, ops.len());
    }
}

/// Just enough JSON to walk AWS's model files in tests (objects, arrays, strings, numbers,
/// literals), so that the counts do not depend on the library's optional JSON support.
#[derive(Debug)]
enum Json {
    Object(Vec<(String, Json)>),
    Array(Vec<Json>),
    String(String),
    Number(f64),
    Literal,
}

impl Json {
    fn parse(text: &str) -> Result<Json, String> {
        let mut p = Parser {
            s: text.as_bytes(),
            i: 0,
        };
        let v = p.value()?;
        p.ws();
        if p.i != p.s.len() {
            return Err(format!("trailing data at {}", p.i));
        }
        Ok(v)
    }

    fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn keys(&self) -> Option<Vec<String>> {
        match self {
            Json::Object(m) => Some(m.iter().map(|(k, _)| k.clone()).collect()),
            _ => None,
        }
    }

    fn number(&self) -> Option<u64> {
        match self {
            Json::Number(n) if *n >= 0.0 && n.fract() == 0.0 => Some(*n as u64),
            _ => None,
        }
    }
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> Result<(), String> {
        self.ws();
        if self.s.get(self.i) == Some(&c) {
            self.i += 1;
            Ok(())
        } else {
            Err(format!("expected {:?} at {}", c as char, self.i))
        }
    }

    fn value(&mut self) -> Result<Json, String> {
        self.ws();
        match self.s.get(self.i) {
            Some(b'{') => {
                self.i += 1;
                let mut members = Vec::new();
                self.ws();
                if self.s.get(self.i) == Some(&b'}') {
                    self.i += 1;
                    return Ok(Json::Object(members));
                }
                loop {
                    self.ws();
                    let Json::String(k) = self.value()? else {
                        return Err(format!("expected a key at {}", self.i));
                    };
                    self.eat(b':')?;
                    members.push((k, self.value()?));
                    self.ws();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return Ok(Json::Object(members));
                        }
                        _ => return Err(format!("expected , or }} at {}", self.i)),
                    }
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.s.get(self.i) == Some(&b']') {
                    self.i += 1;
                    return Ok(Json::Array(items));
                }
                loop {
                    items.push(self.value()?);
                    self.ws();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(Json::Array(items));
                        }
                        _ => return Err(format!("expected , or ] at {}", self.i)),
                    }
                }
            }
            Some(b'"') => {
                self.i += 1;
                let mut out = Vec::new();
                while let Some(&c) = self.s.get(self.i) {
                    self.i += 1;
                    match c {
                        b'"' => {
                            return String::from_utf8(out)
                                .map(Json::String)
                                .map_err(|e| e.to_string());
                        }
                        b'\\' => {
                            let e = *self.s.get(self.i).ok_or("unterminated escape")?;
                            self.i += 1;
                            match e {
                                b'u' => {
                                    // Model keys never need one; keep the escape verbatim.
                                    out.extend_from_slice(b"\\u");
                                }
                                b'n' => out.push(b'\n'),
                                b't' => out.push(b'\t'),
                                b'r' => out.push(b'\r'),
                                b'b' => out.push(8),
                                b'f' => out.push(12),
                                other => out.push(other),
                            }
                        }
                        _ => out.push(c),
                    }
                }
                Err("unterminated string".into())
            }
            Some(b't' | b'f' | b'n') => {
                while self.i < self.s.len() && self.s[self.i].is_ascii_alphabetic() {
                    self.i += 1;
                }
                Ok(Json::Literal)
            }
            Some(_) => {
                let start = self.i;
                while self.i < self.s.len() && b"+-.eE0123456789".contains(&self.s[self.i]) {
                    self.i += 1;
                }
                std::str::from_utf8(&self.s[start..self.i])
                    .ok()
                    .and_then(|t| t.parse().ok())
                    .map(Json::Number)
                    .ok_or_else(|| format!("bad value at {start}"))
            }
            None => Err("unexpected end".into()),
        }
    }
}

#[test]
fn the_test_json_reader_reads_what_the_counts_rely_on() {
    let v = Json::parse(r#"{"a": {"x": 1, "y": [true, null, "s\"q"]}, "b": 20}"#).unwrap();
    assert_eq!(v.keys().unwrap(), ["a", "b"]);
    assert_eq!(v.get("b").and_then(Json::number), Some(20));
    assert_eq!(v.get("a").and_then(Json::keys).unwrap(), ["x", "y"]);
    assert!(Json::parse("{\"a\": 1").is_err());
    assert!(Json::parse("[1, 2] x").is_err());
    assert!(
        matches!(v.get("a").and_then(|a| a.get("y")), Some(Json::Array(items)) if items.len() == 3)
    );
}
