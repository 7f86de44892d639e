//! The fixture file format: one [`Exchange`] per `.http` file, parsed and written byte-exact
//! (see [`Exchange`] for the format), and [`FixtureError`] for files that cannot be read.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use crate::encoding::{base64_decode, base64_encode};
use crate::transport::{HttpResponse, redact_header_value};

/// The line between the request and the response.
const DELIMITER: &str = "<<< response";
/// The line that introduces a base64 body.
const BASE64_MARKER: &str = ":base64";
/// File extension of fixture files.
pub(super) const EXTENSION: &str = "http";

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
            .field(
                "request_body",
                &crate::transport::BodyPreview(&self.request_body),
            )
            .field("status", &self.status)
            .field("response_headers", &self.response_headers)
            .field(
                "response_body",
                &crate::transport::BodyPreview(&self.response_body),
            )
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
    pub(super) fn new(line: usize, message: impl Into<String>) -> FixtureError {
        FixtureError {
            path: None,
            line,
            message: message.into(),
        }
    }

    pub(super) fn in_file(mut self, path: &Path) -> FixtureError {
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
                if let Some(bad) = l.text.chars().find(|c| {
                    !(c.is_ascii_whitespace()
                        || c.is_ascii_alphanumeric()
                        || matches!(c, '+' | '/' | '='))
                }) {
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

/// A short, single-line, escaped preview of a text.
pub(super) fn preview(s: &str) -> String {
    const LIMIT: usize = 80;
    match s.char_indices().nth(LIMIT) {
        Some((i, _)) => format!("{}...", &s[..i]),
        None => s.to_string(),
    }
}
/// The `*.http` files of `dir`, sorted by file name.
pub(super) fn fixture_files(dir: &Path) -> Result<Vec<PathBuf>, FixtureError> {
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
