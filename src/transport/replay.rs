//! Fixture files: replay recorded exchanges ([`ReplayTransport`]) and record new ones
//! ([`RecordingTransport`]). The file format is documented on [`Exchange`].

use std::borrow::Cow;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use crate::transport::{
    HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind, redact_header_value,
};

/// The line between the request and the response.
const DELIMITER: &str = "<<< response";
/// The line that introduces a base64 body.
const BASE64_MARKER: &str = ":base64";
/// File extension of fixture files.
const EXTENSION: &str = "http";
/// Request headers that replay does not compare: they change on every run.
const VOLATILE_HEADERS: &[&str] = &[
    "authorization",
    "x-amz-security-token",
    "x-amz-date",
    "x-amz-content-sha256",
    "host",
    "user-agent",
    "content-length",
    "accept",
    "accept-encoding",
    "connection",
];

/// One recorded HTTP exchange: a request and its response, one fixture file.
///
/// # The fixture format
///
/// One file per exchange, plain UTF-8 text, extension `.http`, replayed in file-name order
/// (so name them `001-list-distributions.http`, `002-...`). Example:
///
/// ```text
/// # Listing the first two distributions.
/// # Lines starting with `#` before the request line are comments.
/// GET /2020-05-31/distribution?MaxItems=2
/// x-amz-date: 20261125T120000Z
/// authorization: <redacted>
/// <<< response
/// HTTP 200
/// content-type: text/xml
/// x-amz-request-id: 1b2c3d4e-0000-4000-8000-000000000000
///
/// <?xml version="1.0" encoding="UTF-8"?>
/// <DistributionList><Marker></Marker><MaxItems>2</MaxItems><IsTruncated>false</IsTruncated><Quantity>0</Quantity></DistributionList>
/// ```
///
/// Structure, line by line (lines end with `\n`; a `\r` before it is ignored on every line
/// that is not body):
///
/// 1. **Comments**: any number of lines starting with `#`, and blank lines, before the
///    request line. `# ` (hash and one space) is stripped; the rest is the comment.
/// 2. **Request line**: `METHOD /path?query`, e.g. `PUT /2020-05-31/distribution/E1/config`.
///    The path starts with `/` and contains no whitespace (percent-encode it).
/// 3. **Request headers**: zero or more `name: value` lines. Spaces after the colon are
///    skipped; the value is the rest of the line.
/// 4. **Request body** (optional): a blank line, then the body, then the delimiter line.
///    The newline just before the delimiter line ends the body and is **not** part of it.
///    Without a body, the delimiter line follows the headers directly.
/// 5. **Delimiter**: the line `<<< response`. It cannot appear in a well-formed XML body (a
///    raw `<` in XML always starts markup, and `<<` is never valid markup); should a body
///    contain that line anyway, the writer switches that body to base64 (below).
/// 6. **Status line**: `HTTP 200` (a reason phrase after the code, or `HTTP/1.1 200 OK`,
///    is accepted and ignored).
/// 7. **Response headers**: as for the request.
/// 8. **Response body** (optional): a blank line, then the body up to the end of the file.
///    One newline at the very end of the file is **not** part of the body (so a file saved
///    by an editor that adds a final newline still means the same body).
///
/// Bodies are byte-exact: CRLF inside a body stays CRLF, nothing is trimmed except the one
/// terminating newline described above. A body that itself ends with a newline is
/// therefore written with one extra newline after it. A body that is not valid UTF-8 (or
/// a request body containing a `<<< response` line) is written as base64: the line
/// `:base64` takes the place of the blank line, followed by base64 text (standard
/// alphabet, padded, whitespace and line breaks ignored).
///
/// Keep fixture files away from end-of-line conversion (`*.http -text` in
/// `.gitattributes`), or CRLF inside bodies would not survive a checkout.
///
/// # In code
///
/// Build one with [`Exchange::new`] and set the public fields, read one with
/// [`Exchange::parse`] or [`Exchange::from_file`], write one with [`Exchange::to_text`].
///
/// ```
/// use cloudfront::transport::Exchange;
///
/// let mut ex = Exchange::new("DELETE", "/2020-05-31/distribution/E1");
/// ex.request_headers.push(("if-match".into(), "E2QWRUHAPOMQZL".into()));
/// ex.status = 204;
/// let text = ex.to_text();
/// assert_eq!(Exchange::parse(&text)?, ex);
/// # Ok::<(), cloudfront::transport::FixtureError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Exchange {
    /// Comment lines (without the leading `# `).
    pub comments: Vec<String>,
    /// The request method, e.g. `GET`.
    pub method: String,
    /// The request path and query, e.g. `/2020-05-31/distribution?MaxItems=2`.
    pub path_and_query: String,
    /// The request headers worth keeping (secrets redacted when recorded).
    pub request_headers: Vec<(String, String)>,
    /// The request body (empty for none).
    pub request_body: Vec<u8>,
    /// The response status.
    pub status: u16,
    /// The response headers.
    pub response_headers: Vec<(String, String)>,
    /// The response body.
    pub response_body: Vec<u8>,
}

impl fmt::Debug for Exchange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, String)> = self
            .request_headers
            .iter()
            .map(|(k, v)| (k.as_str(), redact_header_value(k, v)))
            .collect();
        f.debug_struct("Exchange")
            .field("method", &self.method)
            .field("path_and_query", &self.path_and_query)
            .field("request_headers", &headers)
            .field("request_body", &super::BodyPreview(&self.request_body))
            .field("status", &self.status)
            .field("response_headers", &self.response_headers)
            .field("response_body", &super::BodyPreview(&self.response_body))
            .finish()
    }
}

impl Exchange {
    /// An exchange for `method path_and_query` answered by an empty `200`.
    pub fn new(method: impl Into<String>, path_and_query: impl Into<String>) -> Exchange {
        Exchange {
            comments: Vec::new(),
            method: method.into(),
            path_and_query: path_and_query.into(),
            request_headers: Vec::new(),
            request_body: Vec::new(),
            status: 200,
            response_headers: Vec::new(),
            response_body: Vec::new(),
        }
    }

    /// The response part as an [`HttpResponse`].
    pub fn response(&self) -> HttpResponse {
        HttpResponse::new(
            self.status,
            self.response_headers.clone(),
            self.response_body.clone(),
        )
    }

    /// Builds the exchange to record from a live request and its response: secrets are
    /// redacted, headers useless for replay are dropped.
    fn recorded(request: &HttpRequest, response: &HttpResponse) -> Exchange {
        let request_headers = request
            .headers
            .iter()
            .filter(|(k, _)| {
                !k.eq_ignore_ascii_case("user-agent") && !k.eq_ignore_ascii_case("content-length")
            })
            .map(|(k, v)| {
                let v = if super::is_secret_header(k) {
                    "<redacted>".to_string()
                } else {
                    v.clone()
                };
                (k.clone(), v)
            })
            .collect();
        Exchange {
            comments: vec![
                "Recorded by cloudfront RecordingTransport.".to_string(),
                "Authorization and X-Amz-Security-Token are redacted.".to_string(),
            ],
            method: request.method.clone(),
            path_and_query: path_and_query(&request.url).to_string(),
            request_headers,
            request_body: redact_credentials_body(&request.body),
            status: response.status,
            response_headers: response.headers.clone(),
            response_body: if path_and_query(&request.url).starts_with("/latest/api/token") {
                REDACTED_BODY.to_vec()
            } else {
                redact_credentials_body(&response.body)
            },
        }
    }

    /// Reads a fixture file. Errors name the file and the line.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Exchange, FixtureError> {
        let path = path.as_ref();
        let bytes = fs::read(path)
            .map_err(|e| FixtureError::new(0, format!("cannot read: {e}")).in_file(path))?;
        let text = std::str::from_utf8(&bytes).map_err(|e| {
            let line = 1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            FixtureError::new(
                line,
                "not valid UTF-8 (use a `:base64` body for binary data)",
            )
            .in_file(path)
        })?;
        Exchange::parse(text).map_err(|e| e.in_file(path))
    }

    /// Parses the text of one fixture (see [`Exchange`] for the format).
    /// Never panics; errors carry the 1-based line number.
    pub fn parse(text: &str) -> Result<Exchange, FixtureError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut lines = Lines::new(text);
        let mut comments = Vec::new();

        // 1-2: comments, then the request line.
        let (line_no, request_line) = loop {
            match lines.next() {
                None => {
                    return Err(FixtureError::new(
                        lines.line_no(),
                        "expected a request line such as `GET /2020-05-31/distribution`",
                    ));
                }
                Some(l) if l.text.trim().is_empty() => continue,
                Some(l) if l.text.starts_with('#') => {
                    let c = &l.text[1..];
                    comments.push(c.strip_prefix(' ').unwrap_or(c).to_string());
                }
                Some(l) => break (l.no, l.text),
            }
        };
        let (method, path_and_query) = parse_request_line(request_line)
            .map_err(|message| FixtureError::new(line_no, message))?;

        // 3-5: request headers, body, delimiter.
        let (request_headers, body_start) = parse_headers(&mut lines, Section::Request)?;
        let request_body = match body_start {
            BodyStart::None => Vec::new(),
            BodyStart::Raw => {
                let start = lines.pos();
                loop {
                    match lines.next() {
                        None => {
                            return Err(FixtureError::new(
                                lines.line_no(),
                                format!("missing the `{DELIMITER}` line after the request body"),
                            ));
                        }
                        Some(l) if l.text == DELIMITER => {
                            // The newline before the delimiter line ends the body.
                            let end = l.start.saturating_sub(1).max(start);
                            break text.as_bytes()[start..end].to_vec();
                        }
                        Some(_) => {}
                    }
                }
            }
            BodyStart::Base64 => parse_base64_body(&mut lines, Section::Request)?,
        };

        // 6: status line.
        let status = match lines.next() {
            None => {
                return Err(FixtureError::new(
                    lines.line_no(),
                    "expected a status line such as `HTTP 200`",
                ));
            }
            Some(l) => parse_status_line(l.text).map_err(|m| FixtureError::new(l.no, m))?,
        };

        // 7-8: response headers and body.
        let (response_headers, body_start) = parse_headers(&mut lines, Section::Response)?;
        let response_body = match body_start {
            BodyStart::None => Vec::new(),
            BodyStart::Raw => {
                let rest = &text[lines.pos()..];
                rest.strip_suffix('\n').unwrap_or(rest).as_bytes().to_vec()
            }
            BodyStart::Base64 => parse_base64_body(&mut lines, Section::Response)?,
        };

        Ok(Exchange {
            comments,
            method,
            path_and_query,
            request_headers,
            request_body,
            status,
            response_headers,
            response_body,
        })
    }

    /// Writes the exchange in the fixture format; [`Exchange::parse`] reads it back
    /// unchanged. Values the format cannot hold are made representable rather than
    /// producing a broken file: a newline in a header value becomes a space, in a comment
    /// it starts a new comment line; leading spaces of a header value are dropped; invalid
    /// header-name characters become `-`; whitespace in the path is percent-encoded.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for comment in &self.comments {
            for line in comment.split('\n') {
                if line.is_empty() {
                    push_line(&mut out, "#");
                } else {
                    push_line(&mut out, &format!("# {line}"));
                }
            }
        }
        out.push_str(&sanitize_method(&self.method));
        out.push(' ');
        out.push_str(&sanitize_path(&self.path_and_query));
        out.push('\n');
        write_headers(&mut out, &self.request_headers);
        write_body(&mut out, &self.request_body, Section::Request);
        out.push_str(DELIMITER);
        out.push('\n');
        out.push_str(&format!("HTTP {}\n", self.status));
        write_headers(&mut out, &self.response_headers);
        write_body(&mut out, &self.response_body, Section::Response);
        out
    }
}

/// A fixture that could not be read or parsed: which file, which line, what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixtureError {
    path: Option<PathBuf>,
    line: usize,
    message: String,
}

impl FixtureError {
    fn new(line: usize, message: impl Into<String>) -> FixtureError {
        FixtureError {
            path: None,
            line,
            message: message.into(),
        }
    }

    fn in_file(mut self, path: &Path) -> FixtureError {
        self.path = Some(path.to_path_buf());
        self
    }

    /// The file, when the fixture came from one.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The 1-based line number, or 0 when the error is not about a line (e.g. I/O).
    pub fn line(&self) -> usize {
        self.line
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for FixtureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.path, self.line) {
            (Some(p), 0) => write!(f, "{}: {}", p.display(), self.message),
            (Some(p), n) => write!(f, "{}:{}: {}", p.display(), n, self.message),
            (None, 0) => f.write_str(&self.message),
            (None, n) => write!(f, "line {}: {}", n, self.message),
        }
    }
}

impl std::error::Error for FixtureError {}

// ---------------------------------------------------------------------------------------
// Parsing helpers

struct Line<'a> {
    /// Byte offset of the line start.
    start: usize,
    /// 1-based line number.
    no: usize,
    /// The line without `\n` and without one trailing `\r`.
    text: &'a str,
}

struct Lines<'a> {
    text: &'a str,
    pos: usize,
    no: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Lines {
            text,
            pos: 0,
            no: 1,
        }
    }

    /// Byte offset of the next line.
    fn pos(&self) -> usize {
        self.pos
    }

    /// Number of the next line (or of the line after the last one at the end).
    fn line_no(&self) -> usize {
        self.no
    }

    fn next(&mut self) -> Option<Line<'a>> {
        if self.pos >= self.text.len() {
            return None;
        }
        let rest = &self.text[self.pos..];
        let (raw, advance) = match rest.find('\n') {
            Some(i) => (&rest[..i], i + 1),
            None => (rest, rest.len()),
        };
        let line = Line {
            start: self.pos,
            no: self.no,
            text: raw.strip_suffix('\r').unwrap_or(raw),
        };
        self.pos += advance;
        self.no += 1;
        Some(line)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Request,
    Response,
}

enum BodyStart {
    None,
    Raw,
    Base64,
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

fn is_path_forbidden(c: char) -> bool {
    c.is_whitespace() || c.is_control()
}

fn parse_request_line(line: &str) -> Result<(String, String), String> {
    let (method, rest) = line
        .split_once(' ')
        .ok_or_else(|| format!("expected `METHOD /path`, got {:?}", preview(line)))?;
    if method.is_empty() || !method.chars().all(is_token_char) {
        return Err(format!("invalid method {:?}", preview(method)));
    }
    let path = rest.trim_matches(|c| c == ' ' || c == '\t');
    if !path.starts_with('/') {
        return Err(format!(
            "the path must start with `/`, got {:?}",
            preview(path)
        ));
    }
    if path.chars().any(is_path_forbidden) {
        return Err("the path contains whitespace: percent-encode it (`%20`)".to_string());
    }
    Ok((method.to_string(), path.to_string()))
}

fn parse_status_line(line: &str) -> Result<u16, String> {
    let bad = || {
        format!(
            "expected a status line such as `HTTP 200`, got {:?}",
            preview(line)
        )
    };
    let rest = line.strip_prefix("HTTP").ok_or_else(bad)?;
    let rest = match rest.strip_prefix('/') {
        // `HTTP/1.1 200 OK`
        Some(version) => version.split_once(' ').map(|(_, r)| r).ok_or_else(bad)?,
        None => rest.strip_prefix(' ').ok_or_else(bad)?,
    };
    let code = rest.trim_start().split(' ').next().unwrap_or("");
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let status: u16 = code.parse().map_err(|_| bad())?;
    if status < 100 {
        return Err(format!("status {status} is not a valid HTTP status"));
    }
    Ok(status)
}

fn parse_headers(
    lines: &mut Lines<'_>,
    section: Section,
) -> Result<(Vec<(String, String)>, BodyStart), FixtureError> {
    let mut headers = Vec::new();
    loop {
        let Some(l) = lines.next() else {
            return match section {
                Section::Request => Err(FixtureError::new(
                    lines.line_no(),
                    format!("missing the `{DELIMITER}` line"),
                )),
                Section::Response => Ok((headers, BodyStart::None)),
            };
        };
        if l.text.is_empty() {
            return Ok((headers, BodyStart::Raw));
        }
        if l.text == BASE64_MARKER {
            return Ok((headers, BodyStart::Base64));
        }
        if section == Section::Request && l.text == DELIMITER {
            return Ok((headers, BodyStart::None));
        }
        let parsed = l.text.split_once(':').and_then(|(name, value)| {
            (!name.is_empty() && name.chars().all(is_token_char)).then(|| {
                let value = value.trim_start_matches([' ', '\t']);
                (name.to_string(), value.to_string())
            })
        });
        match parsed {
            Some(h) => headers.push(h),
            None => {
                let expected = match section {
                    Section::Request => {
                        format!(
                            "a `name: value` header, a blank line before the body, or `{DELIMITER}`"
                        )
                    }
                    Section::Response => {
                        "a `name: value` header or a blank line before the body".to_string()
                    }
                };
                return Err(FixtureError::new(
                    l.no,
                    format!("expected {expected}, got {:?}", preview(l.text)),
                ));
            }
        }
    }
}

fn parse_base64_body(lines: &mut Lines<'_>, section: Section) -> Result<Vec<u8>, FixtureError> {
    let mut encoded = String::new();
    let first_line = lines.line_no();
    loop {
        match lines.next() {
            None if section == Section::Request => {
                return Err(FixtureError::new(
                    lines.line_no(),
                    format!("missing the `{DELIMITER}` line after the request body"),
                ));
            }
            None => break,
            Some(l) if section == Section::Request && l.text == DELIMITER => break,
            Some(l) => {
                if let Some(bad) = l
                    .text
                    .chars()
                    .find(|c| !c.is_ascii_whitespace() && base64_value(*c).is_none() && *c != '=')
                {
                    return Err(FixtureError::new(
                        l.no,
                        format!("invalid character {bad:?} in a base64 body"),
                    ));
                }
                encoded.extend(l.text.chars().filter(|c| !c.is_ascii_whitespace()));
            }
        }
    }
    base64_decode(&encoded).ok_or_else(|| {
        FixtureError::new(
            first_line,
            "malformed base64 body (bad length or misplaced `=` padding)",
        )
    })
}

// ---------------------------------------------------------------------------------------
// Writing helpers

fn sanitize_method(method: &str) -> String {
    let mut s: String = method
        .chars()
        .map(|c| if is_token_char(c) { c } else { '_' })
        .collect();
    if s.is_empty() {
        s.push('_');
    }
    if s.starts_with('#') {
        s.replace_range(0..1, "_");
    }
    s
}

fn sanitize_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 1);
    if !path.starts_with('/') {
        out.push('/');
    }
    for c in path.chars() {
        if is_path_forbidden(c) {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Writes one line. The reader strips one `\r` before each `\n`, so a line that itself
/// ends with `\r` gets one more.
fn push_line(out: &mut String, line: &str) {
    out.push_str(line);
    if line.ends_with('\r') {
        out.push('\r');
    }
    out.push('\n');
}

fn write_headers(out: &mut String, headers: &[(String, String)]) {
    for (name, value) in headers {
        let mut name: String = name
            .chars()
            .map(|c| if is_token_char(c) { c } else { '-' })
            .collect();
        if name.is_empty() {
            name.push('-');
        }
        let value = value.replace('\n', " ");
        let value = value.trim_start_matches([' ', '\t']);
        push_line(out, &format!("{name}: {value}"));
    }
}

fn write_body(out: &mut String, body: &[u8], section: Section) {
    if body.is_empty() {
        return;
    }
    match std::str::from_utf8(body) {
        Ok(text)
            if !(section == Section::Request
                && text
                    .split('\n')
                    .any(|l| l.strip_suffix('\r').unwrap_or(l) == DELIMITER)) =>
        {
            out.push('\n');
            out.push_str(text);
            out.push('\n');
        }
        _ => {
            out.push_str(BASE64_MARKER);
            out.push('\n');
            let encoded = base64_encode(body);
            for chunk in encoded.as_bytes().chunks(76) {
                // base64 output is ASCII: every chunk is valid UTF-8.
                out.push_str(&String::from_utf8_lossy(chunk));
                out.push('\n');
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Base64 (standard alphabet, padded): small enough not to warrant a dependency.

const BASE64_ALPHABET: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64_encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                let idx = ((n >> (18 - 6 * i)) & 0x3f) as usize;
                out.push(char::from(BASE64_ALPHABET[idx]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn base64_value(c: char) -> Option<u32> {
    match c {
        'A'..='Z' => Some(c as u32 - 'A' as u32),
        'a'..='z' => Some(c as u32 - 'a' as u32 + 26),
        '0'..='9' => Some(c as u32 - '0' as u32 + 52),
        '+' => Some(62),
        '/' => Some(63),
        _ => None,
    }
}

fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() % 4 != 0 {
        return None;
    }
    let mut out = Vec::with_capacity(chars.len() / 4 * 3);
    let quads = chars.len() / 4;
    for (qi, quad) in chars.chunks(4).enumerate() {
        let last = qi + 1 == quads;
        let pad = quad.iter().rev().take_while(|c| **c == '=').count();
        if pad > 2 || (pad > 0 && !last) {
            return None;
        }
        let mut n = 0u32;
        for (i, c) in quad.iter().enumerate() {
            let v = if i >= 4 - pad { 0 } else { base64_value(*c)? };
            n = (n << 6) | v;
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------
// Helpers shared with the mock transport.

/// The path and query of an absolute URL (`/` when it has no path).
pub(super) fn path_and_query(url: &str) -> &str {
    let after_scheme = url.find("://").map(|i| &url[i + 3..]).unwrap_or(url);
    after_scheme
        .find('/')
        .map(|i| &after_scheme[i..])
        .unwrap_or("/")
}

/// Decodes `%XX` escapes (invalid ones are kept as is); `+` stays `+`.
pub(super) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The decoded `name=value` pairs of a query string, sorted (a multiset).
pub(super) fn query_pairs(query: &str) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect();
    pairs.sort();
    pairs
}

/// A short, single-line, escaped preview of a text.
fn preview(s: &str) -> String {
    const LIMIT: usize = 80;
    match s.char_indices().nth(LIMIT) {
        Some((i, _)) => format!("{}...", &s[..i]),
        None => s.to_string(),
    }
}

/// A bounded, escaped preview of a body for error messages.
pub(super) fn body_preview(body: &[u8], limit: usize) -> String {
    if body.is_empty() {
        return "(empty)".to_string();
    }
    let cut = body.len().min(limit);
    let text = String::from_utf8_lossy(&body[..cut]);
    if body.len() > limit {
        format!("{text:?}... ({} bytes)", body.len())
    } else {
        format!("{text:?} ({} bytes)", body.len())
    }
}

/// A preview of `body` around byte `at`.
fn body_window(body: &[u8], at: usize) -> String {
    const BEFORE: usize = 40;
    const AFTER: usize = 60;
    let start = at.saturating_sub(BEFORE);
    let end = (at + AFTER).min(body.len());
    let text = String::from_utf8_lossy(&body[start.min(end)..end]);
    format!(
        "{}{:?}{}",
        if start > 0 { "..." } else { "" },
        text,
        if end < body.len() { "..." } else { "" }
    )
}

/// Replaces the text of every `<CallerReference>` element with `*`.
fn mask_caller_reference(body: &[u8]) -> Cow<'_, [u8]> {
    const OPEN: &str = "<CallerReference>";
    const CLOSE: &str = "</CallerReference>";
    let Ok(text) = std::str::from_utf8(body) else {
        return Cow::Borrowed(body);
    };
    if !text.contains(OPEN) {
        return Cow::Borrowed(body);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(OPEN) {
        let after_open = i + OPEN.len();
        out.push_str(&rest[..after_open]);
        match rest[after_open..].find(CLOSE) {
            Some(j) => {
                out.push('*');
                rest = &rest[after_open + j..];
                out.push_str(CLOSE);
                rest = &rest[CLOSE.len()..];
            }
            None => {
                rest = &rest[after_open..];
                break;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out.into_bytes())
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic in another thread while holding the lock leaves the data consistent (every
    // update is a single push or increment), so a poisoned lock is simply taken over.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

// ---------------------------------------------------------------------------------------
// ReplayTransport

struct Fixture {
    /// The file name, or `#n` for exchanges given in memory.
    label: String,
    exchange: Exchange,
}

#[derive(Default)]
struct ReplayState {
    next: usize,
    failures: Vec<String>,
}

/// Answers requests from recorded [`Exchange`]s, in order, checking that each request
/// matches its fixture.
///
/// ```
/// use cloudfront::transport::{Exchange, HttpRequest, ReplayTransport, Transport};
///
/// let text = "GET /2020-05-31/distribution?MaxItems=2\n\
///             <<< response\n\
///             HTTP 200\n\
///             content-type: text/xml\n\
///             \n\
///             <DistributionList/>\n";
/// let replay = ReplayTransport::new(vec![Exchange::parse(text)?]);
/// let response = replay.send(&HttpRequest {
///     method: "GET".into(),
///     url: "https://cloudfront.amazonaws.com/2020-05-31/distribution?MaxItems=2".into(),
///     headers: vec![],
///     body: vec![],
/// })?;
/// assert_eq!(response.body, b"<DistributionList/>");
/// assert!(replay.verify().is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Matching
///
/// A request matches the next fixture when
/// - the method is the same and the path is the same, byte for byte;
/// - the query strings hold the same (percent-decoded) pairs, in any order;
/// - every fixture request header is present with the same value (names compared without
///   case), except the volatile ones, which are ignored: `authorization`,
///   `x-amz-security-token`, `x-amz-date`, `x-amz-content-sha256`, `host`, `user-agent`,
///   `content-length`, `accept`, `accept-encoding`, `connection`;
/// - when the fixture has a request body, the bodies are equal; by default the text of
///   every `<CallerReference>` element is ignored on both sides, since it is a fresh uuid
///   on every run (see [`ReplayTransport::ignore_caller_reference`]).
///
/// # Failures
///
/// A request that does not match, or one too many, gets a [`TransportError`] of kind
/// [`TransportErrorKind::Other`] whose message shows expected and actual; the failure is
/// also remembered, so [`ReplayTransport::verify`] reports it even if the code under test
/// swallowed the error. `Send + Sync`; share it with `Arc` to keep a handle.
///
/// ```no_run
/// use std::sync::Arc;
/// use cloudfront::transport::ReplayTransport;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let replay = Arc::new(ReplayTransport::from_dir("fixtures/list-distributions")?);
/// let client = cloudfront::Client::builder()
///     .credentials(cloudfront::Credentials::new("AKIDEXAMPLE", "secret"))
///     .shared_transport(replay.clone())
///     .build()?;
/// // ... exercise `client` ...
/// replay.verify()?;
/// # let _ = client;
/// # Ok(()) }
/// ```
pub struct ReplayTransport {
    fixtures: Vec<Fixture>,
    ignore_caller_reference: bool,
    state: Mutex<ReplayState>,
}

impl fmt::Debug for ReplayTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = lock(&self.state);
        f.debug_struct("ReplayTransport")
            .field("fixtures", &self.fixtures.len())
            .field("replayed", &state.next)
            .field("failures", &state.failures.len())
            .field("ignore_caller_reference", &self.ignore_caller_reference)
            .finish()
    }
}

impl ReplayTransport {
    /// Replays `exchanges` in order.
    pub fn new(exchanges: Vec<Exchange>) -> ReplayTransport {
        let fixtures = exchanges
            .into_iter()
            .enumerate()
            .map(|(i, exchange)| Fixture {
                label: format!("exchange #{}", i + 1),
                exchange,
            })
            .collect();
        ReplayTransport {
            fixtures,
            ignore_caller_reference: true,
            state: Mutex::new(ReplayState::default()),
        }
    }

    /// Loads every `*.http` file of `dir`, in file-name order. Fails on the first file
    /// that cannot be read or parsed, and when the directory holds no fixture at all.
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<ReplayTransport, FixtureError> {
        let dir = dir.as_ref();
        let files = fixture_files(dir)?;
        if files.is_empty() {
            return Err(
                FixtureError::new(0, format!("no *.{EXTENSION} fixture files")).in_file(dir),
            );
        }
        let mut fixtures = Vec::with_capacity(files.len());
        for path in files {
            let exchange = Exchange::from_file(&path)?;
            let label = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string());
            fixtures.push(Fixture { label, exchange });
        }
        Ok(ReplayTransport {
            fixtures,
            ignore_caller_reference: true,
            state: Mutex::new(ReplayState::default()),
        })
    }

    /// Whether to ignore the text of `<CallerReference>` elements when comparing request
    /// bodies. Default `true`: the client puts a fresh uuid there on every run, so a
    /// recorded body would otherwise never match again.
    pub fn ignore_caller_reference(mut self, ignore: bool) -> ReplayTransport {
        self.ignore_caller_reference = ignore;
        self
    }

    /// How many fixtures have not been replayed yet.
    pub fn remaining(&self) -> usize {
        self.fixtures.len() - lock(&self.state).next.min(self.fixtures.len())
    }

    /// How many fixtures were loaded.
    pub fn len(&self) -> usize {
        self.fixtures.len()
    }

    /// True when no fixture was loaded.
    pub fn is_empty(&self) -> bool {
        self.fixtures.is_empty()
    }

    /// `Ok` when every fixture was replayed and no request failed to match; otherwise
    /// the list of problems, one per line.
    pub fn verify(&self) -> Result<(), String> {
        let state = lock(&self.state);
        let mut problems = state.failures.clone();
        for f in self.fixtures.iter().skip(state.next) {
            problems.push(format!(
                "fixture {} was never replayed: {} {}",
                f.label, f.exchange.method, f.exchange.path_and_query
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "ReplayTransport: {} problem(s):\n{}",
                problems.len(),
                problems.join("\n")
            ))
        }
    }

    fn mismatches(&self, expected: &Exchange, request: &HttpRequest) -> Vec<String> {
        let mut out = Vec::new();
        if expected.method != request.method {
            out.push(format!(
                "method: expected {}, got {}",
                expected.method, request.method
            ));
        }
        let (exp_path, exp_query) = expected
            .path_and_query
            .split_once('?')
            .unwrap_or((&expected.path_and_query, ""));
        if exp_path != request.path() {
            out.push(format!("path: expected {exp_path}, got {}", request.path()));
        }
        let (exp_pairs, got_pairs) = (query_pairs(exp_query), query_pairs(request.query()));
        if exp_pairs != got_pairs {
            out.push(format!(
                "query: expected {:?}, got {:?}",
                exp_query,
                request.query()
            ));
        }
        for (name, value) in &expected.request_headers {
            if VOLATILE_HEADERS
                .iter()
                .any(|v| name.eq_ignore_ascii_case(v))
            {
                continue;
            }
            let found = request
                .headers
                .iter()
                .any(|(k, v)| k.eq_ignore_ascii_case(name) && v == value);
            if !found {
                let got = request.header(name).map(|v| redact_header_value(name, v));
                out.push(format!(
                    "header {name}: expected {:?}, got {}",
                    redact_header_value(name, value),
                    got.map(|g| format!("{g:?}"))
                        .unwrap_or_else(|| "none".into())
                ));
            }
        }
        if !expected.request_body.is_empty() {
            let (exp, got) = if self.ignore_caller_reference {
                (
                    mask_caller_reference(&expected.request_body),
                    mask_caller_reference(&request.body),
                )
            } else {
                (
                    Cow::Borrowed(expected.request_body.as_slice()),
                    Cow::Borrowed(request.body.as_slice()),
                )
            };
            if exp != got {
                let at = exp
                    .iter()
                    .zip(got.iter())
                    .position(|(a, b)| a != b)
                    .unwrap_or_else(|| exp.len().min(got.len()));
                out.push(format!(
                    "body differs at byte {at} (expected {} bytes, got {}):\n      expected: {}\n      got:      {}",
                    exp.len(),
                    got.len(),
                    body_window(&exp, at),
                    body_window(&got, at)
                ));
            }
        }
        out
    }
}

/// The `*.http` files of `dir`, sorted by file name.
fn fixture_files(dir: &Path) -> Result<Vec<PathBuf>, FixtureError> {
    let entries = fs::read_dir(dir)
        .map_err(|e| FixtureError::new(0, format!("cannot read directory: {e}")).in_file(dir))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| {
            FixtureError::new(0, format!("cannot read directory: {e}")).in_file(dir)
        })?;
        let path = entry.path();
        if path.extension().is_some_and(|e| e == EXTENSION) && path.is_file() {
            files.push(path);
        }
    }
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    Ok(files)
}

/// `METHOD path?query` and the headers worth showing of a live request: all but the
/// volatile ones, plus those named in `also`. Secret values are redacted.
pub(super) fn describe_request(request: &HttpRequest, also: &[&str]) -> String {
    let headers: Vec<String> = request
        .headers
        .iter()
        .filter(|(k, _)| {
            also.iter().any(|a| k.eq_ignore_ascii_case(a))
                || !VOLATILE_HEADERS.iter().any(|v| k.eq_ignore_ascii_case(v))
        })
        .map(|(k, v)| format!("{k}: {}", redact_header_value(k, v)))
        .collect();
    format!(
        "{} {}\n            headers: {}\n            body: {}",
        request.method,
        path_and_query(&request.url),
        if headers.is_empty() {
            "(none besides signing headers)".to_string()
        } else {
            headers.join(", ")
        },
        body_preview(&request.body, 200)
    )
}

impl Transport for ReplayTransport {
    fn send(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        let mut state = lock(&self.state);
        let number = state.next + state.failures.len() + 1;
        let Some(fixture) = self.fixtures.get(state.next) else {
            let message = format!(
                "unexpected request (all {} fixtures already replayed):\n  got:      {}",
                self.fixtures.len(),
                describe_request(request, &[])
            );
            state.failures.push(message.clone());
            return Err(TransportError::new(
                TransportErrorKind::Other,
                format!("ReplayTransport: {message}"),
            ));
        };
        let problems = self.mismatches(&fixture.exchange, request);
        if problems.is_empty() {
            state.next += 1;
            return Ok(fixture.exchange.response());
        }
        let message = format!(
            "request #{number} does not match fixture {}:\n  expected: {} {}\n  got:      {}\n  differences:\n    - {}",
            fixture.label,
            fixture.exchange.method,
            fixture.exchange.path_and_query,
            describe_request(request, &[]),
            problems.join("\n    - ")
        );
        state.failures.push(message.clone());
        Err(TransportError::new(
            TransportErrorKind::Other,
            format!("ReplayTransport: {message}"),
        ))
    }
}

// ---------------------------------------------------------------------------------------
// RecordingTransport

struct RecordingState {
    next_number: usize,
    exchanges: Vec<Exchange>,
}

/// Forwards requests to another transport and records every exchange, as fixture files
/// in a directory ([`RecordingTransport::new`]) and in memory
/// ([`RecordingTransport::exchanges`]).
///
/// Recorded request headers: `Authorization` and `X-Amz-Security-Token` are replaced by
/// `<redacted>` (entirely: neither signature nor credential scope is kept), `User-Agent`
/// and `Content-Length` are dropped, everything else (`x-amz-date`, `if-match`,
/// `content-type`, ...) is kept. Responses are recorded whole. A recorded file replays with
/// [`ReplayTransport`] as is.
///
/// Files are named `NNN-method-path.http`, numbered after the highest number already in
/// the directory, e.g. `001-get-distribution.http`, `002-put-distribution-e1-config.http`.
/// A request that fails in the inner transport (no response) is passed through and not
/// recorded. Failing to write a file is reported as a [`TransportError`] of kind
/// [`TransportErrorKind::Other`] (the request did reach the server).
///
/// ```no_run
/// use std::sync::Arc;
/// use cloudfront::transport::{RecordingTransport, Transport};
///
/// // Run once against the real service, e.g. `record(UreqTransport::new())`.
/// fn record(real: impl Transport + 'static) -> Result<(), Box<dyn std::error::Error>> {
///     let recorder = Arc::new(RecordingTransport::new(real, "fixtures/new-test")?);
///     let client = cloudfront::Client::builder()
///         .shared_transport(recorder.clone())
///         .build()?;
///     // ... run the scenario with `client` ...
///     println!("recorded {} exchanges", recorder.exchanges().len());
/// #   let _ = client;
///     Ok(())
/// }
/// ```
pub struct RecordingTransport {
    inner: Box<dyn Transport>,
    dir: Option<PathBuf>,
    state: Mutex<RecordingState>,
}

impl fmt::Debug for RecordingTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordingTransport")
            .field("inner", &self.inner)
            .field("dir", &self.dir)
            .field("recorded", &lock(&self.state).exchanges.len())
            .finish()
    }
}

/// What a recorded body that carried credentials is replaced with.
const REDACTED_BODY: &[u8] = b"<redacted: credentials>";

/// Bodies of credential exchanges (STS, SSO, SSO-OIDC, the container endpoint, instance
/// metadata) hold secrets and tokens: they are recorded as [`REDACTED_BODY`].
fn redact_credentials_body(body: &[u8]) -> Vec<u8> {
    const MARKERS: &[&[u8]] = &[
        b"SecretAccessKey",
        b"secretAccessKey",
        b"WebIdentityToken",
        b"\"accessToken\"",
        b"\"refreshToken\"",
        b"\"clientSecret\"",
    ];
    if MARKERS
        .iter()
        .any(|m| body.windows(m.len()).any(|w| w == *m))
    {
        REDACTED_BODY.to_vec()
    } else {
        body.to_vec()
    }
}

impl RecordingTransport {
    /// Records into `dir` (created if missing) and into memory.
    pub fn new(
        inner: impl Transport + 'static,
        dir: impl AsRef<Path>,
    ) -> Result<RecordingTransport, FixtureError> {
        let dir = dir.as_ref();
        fs::create_dir_all(dir).map_err(|e| {
            FixtureError::new(0, format!("cannot create directory: {e}")).in_file(dir)
        })?;
        let highest = fixture_files(dir)?
            .iter()
            .filter_map(|p| {
                let name = p.file_name()?.to_str()?;
                let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
                digits.parse::<usize>().ok()
            })
            .max()
            .unwrap_or(0);
        Ok(RecordingTransport {
            inner: Box::new(inner),
            dir: Some(dir.to_path_buf()),
            state: Mutex::new(RecordingState {
                next_number: highest + 1,
                exchanges: Vec::new(),
            }),
        })
    }

    /// Records into memory only; read them back with [`RecordingTransport::exchanges`].
    ///
    /// ```
    /// use cloudfront::transport::{
    ///     Expectation, HttpRequest, MockTransport, RecordingTransport, Transport,
    /// };
    ///
    /// let mock = MockTransport::new();
    /// mock.expect(Expectation::get("/2020-05-31/distribution").respond(200).response_body("<L/>"));
    /// let recorder = RecordingTransport::in_memory(mock);
    /// recorder.send(&HttpRequest {
    ///     method: "GET".into(),
    ///     url: "https://cloudfront.amazonaws.com/2020-05-31/distribution".into(),
    ///     headers: vec![("Authorization".into(), "AWS4-HMAC-SHA256 ... Signature=abc".into())],
    ///     body: vec![],
    /// })?;
    /// let recorded = recorder.exchanges();
    /// assert_eq!(recorded[0].response_body, b"<L/>");
    /// assert_eq!(recorded[0].request_headers[0].1, "<redacted>");
    /// # Ok::<(), cloudfront::transport::TransportError>(())
    /// ```
    pub fn in_memory(inner: impl Transport + 'static) -> RecordingTransport {
        RecordingTransport {
            inner: Box::new(inner),
            dir: None,
            state: Mutex::new(RecordingState {
                next_number: 1,
                exchanges: Vec::new(),
            }),
        }
    }

    /// Every exchange recorded so far, in order.
    pub fn exchanges(&self) -> Vec<Exchange> {
        lock(&self.state).exchanges.clone()
    }

    /// The directory files are written to, if any.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }
}

/// `get-distribution-e1-config` from `GET /2020-05-31/distribution/E1/config?x=y`.
fn file_slug(method: &str, path_and_query: &str) -> String {
    let path = path_and_query.split('?').next().unwrap_or("");
    let path = path.strip_prefix("/2020-05-31").unwrap_or(path);
    let mut slug = method.to_ascii_lowercase();
    for c in path.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= 60 {
            break;
        }
    }
    slug.trim_end_matches('-').to_string()
}

impl Transport for RecordingTransport {
    fn send(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        let response = self.inner.send(request)?;
        let exchange = Exchange::recorded(request, &response);
        let mut state = lock(&self.state);
        if let Some(dir) = &self.dir {
            let name = format!(
                "{:03}-{}.{EXTENSION}",
                state.next_number,
                file_slug(&exchange.method, &exchange.path_and_query)
            );
            let path = dir.join(name);
            let written = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
                .and_then(|mut f| std::io::Write::write_all(&mut f, exchange.to_text().as_bytes()));
            if let Err(e) = written {
                return Err(TransportError::new(
                    TransportErrorKind::Other,
                    format!(
                        "RecordingTransport: got HTTP {} but could not write {}: {e}",
                        response.status,
                        path.display()
                    ),
                )
                .with_source(e));
            }
        }
        state.next_number += 1;
        state.exchanges.push(exchange);
        Ok(response)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_every_length() {
        for len in 0..20 {
            let data: Vec<u8> = (0..len).map(|i| (i * 37 + 200) as u8).collect();
            let enc = base64_encode(&data);
            assert_eq!(
                base64_decode(&enc).as_deref(),
                Some(data.as_slice()),
                "{enc}"
            );
        }
        assert_eq!(base64_encode(b"Man"), "TWFu");
        assert_eq!(base64_encode(b"Ma"), "TWE=");
        assert_eq!(base64_decode("TQ==").as_deref(), Some(&b"M"[..]));
        assert_eq!(base64_decode("TQ="), None);
        assert_eq!(base64_decode("T==="), None);
        assert_eq!(base64_decode("TQ==TQ=="), None);
        assert_eq!(base64_decode("T!=="), None);
    }

    #[test]
    fn percent_decoding_and_query_multiset() {
        assert_eq!(percent_decode("a%20b%2Fc%zz%4"), "a b/c%zz%4");
        assert_eq!(percent_decode("%"), "%");
        assert_eq!(
            query_pairs("b=2&a=1&a=%31&c"),
            vec![
                ("a".into(), "1".into()),
                ("a".into(), "1".into()),
                ("b".into(), "2".into()),
                ("c".into(), "".into())
            ]
        );
    }

    #[test]
    fn caller_reference_is_masked() {
        let a = b"<X><CallerReference>uuid-1</CallerReference><C>1</C></X>";
        let b = b"<X><CallerReference>other</CallerReference><C>1</C></X>";
        assert_eq!(mask_caller_reference(a), mask_caller_reference(b));
        let c = b"<X><CallerReference>u</CallerReference><C>2</C></X>";
        assert_ne!(mask_caller_reference(a), mask_caller_reference(c));
        // Unterminated: no panic, text kept.
        let d = b"<CallerReference>open";
        assert_eq!(&*mask_caller_reference(d), &d[..]);
    }

    #[test]
    fn slugs_are_short_and_safe() {
        assert_eq!(
            file_slug("GET", "/2020-05-31/distribution/E1/config?x=1"),
            "get-distribution-e1-config"
        );
        assert_eq!(file_slug("POST", "/"), "post");
        assert!(file_slug("GET", &format!("/{}", "a".repeat(500))).len() <= 60);
    }

    #[test]
    fn path_and_query_of_urls() {
        assert_eq!(path_and_query("https://h/a?b=1"), "/a?b=1");
        assert_eq!(path_and_query("https://h"), "/");
        assert_eq!(path_and_query("http://127.0.0.1:5000/x"), "/x");
    }
}
