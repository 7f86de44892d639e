//! Recording: [`RecordingTransport`] forwards requests and writes each exchange as a
//! fixture file (secrets redacted), and keeps them in memory.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::fixture::{EXTENSION, Exchange, FixtureError, fixture_files};
use super::request::{lock, path_and_query};
use crate::transport::{HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind};

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
/// [`ReplayTransport`](crate::transport::ReplayTransport) as is.
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
        let exchange = recorded(request, &response);
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
            let v = if crate::transport::is_secret_header(k) {
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
        request_body: request.body.clone(),
        status: response.status,
        response_headers: response.headers.clone(),
        response_body: response.body.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_short_and_safe() {
        assert_eq!(
            file_slug("GET", "/2020-05-31/distribution/E1/config?x=1"),
            "get-distribution-e1-config"
        );
        assert_eq!(file_slug("POST", "/"), "post");
        assert!(file_slug("GET", &format!("/{}", "a".repeat(500))).len() <= 60);
    }
}
