//! Moving bytes: the [`Transport`] trait and its implementations.
//!
//! A transport takes a fully signed [`HttpRequest`] and returns the [`HttpResponse`], whatever
//! its status: a 404 or a 503 is a response, not a transport error. Transport errors are only
//! for requests that got no (complete) response, and each has a [`TransportErrorKind`] that
//! tells the retry policy whether sending again is safe.
//!
//! Implementations in this crate:
//! - `UreqTransport` (feature `ureq`, on by default): HTTPS over one shared keep-alive agent.
//! - [`MockTransport`]: scripted exchanges for your unit tests.
//! - [`ReplayTransport`]: exchanges replayed from fixture files; [`RecordingTransport`]
//!   writes them (with secrets redacted).
//! - [`FaultTransport`]: wraps any transport and injects failures, for resilience tests.
//!
//! Bring your own by implementing the trait:
//!
//! ```
//! use cloudfront::transport::{HttpRequest, HttpResponse, Transport, TransportError};
//!
//! #[derive(Debug)]
//! struct AlwaysEmpty;
//!
//! impl Transport for AlwaysEmpty {
//!     fn send(&self, _request: &HttpRequest) -> Result<HttpResponse, TransportError> {
//!         Ok(HttpResponse::new(200, Vec::new(), Vec::new()))
//!     }
//! }
//! ```

use std::fmt;

mod fault;
mod mock;
mod replay;
mod replay_client;
#[cfg(feature = "ureq")]
mod ureq;

pub use fault::{Fault, FaultTransport};
pub use mock::{Expectation, MockTransport};
pub use replay::{Exchange, FixtureError, RecordingTransport, ReplayTransport};
#[cfg(feature = "ureq")]
#[cfg_attr(docsrs, doc(cfg(feature = "ureq")))]
pub use ureq::{UreqTransport, UreqTransportBuilder};

/// Sends one HTTP request and returns its response. Blocking.
///
/// Must be `Send + Sync` so that one [`crate::Client`] can be shared across threads.
pub trait Transport: Send + Sync + fmt::Debug {
    /// Send `request` and return the response, whatever its status code.
    fn send(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError>;

    /// Like [`Transport::send`], but the exchange should give up (with
    /// [`TransportErrorKind::Timeout`]) after `timeout` at the latest: what is left of the
    /// call's overall deadline. The client calls this one. The default ignores `timeout`
    /// and calls `send`; `UreqTransport` shortens its own
    /// timeout to it.
    fn send_within(
        &self,
        request: &HttpRequest,
        timeout: Option<std::time::Duration>,
    ) -> Result<HttpResponse, TransportError> {
        let _ = timeout;
        self.send(request)
    }

    /// Gives back the body of a response this transport returned, once the caller is done
    /// with it, so that a later response can be read into the same memory. The client calls
    /// it after decoding. The default drops `body`.
    fn recycle(&self, body: Vec<u8>) {
        drop(body);
    }
}

impl<T: Transport + ?Sized> Transport for std::sync::Arc<T> {
    fn send(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        (**self).send(request)
    }
    fn send_within(
        &self,
        request: &HttpRequest,
        timeout: Option<std::time::Duration>,
    ) -> Result<HttpResponse, TransportError> {
        (**self).send_within(request, timeout)
    }
    fn recycle(&self, body: Vec<u8>) {
        (**self).recycle(body);
    }
}

impl<T: Transport + ?Sized> Transport for Box<T> {
    fn send(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        (**self).send(request)
    }
    fn send_within(
        &self,
        request: &HttpRequest,
        timeout: Option<std::time::Duration>,
    ) -> Result<HttpResponse, TransportError> {
        (**self).send_within(request, timeout)
    }
    fn recycle(&self, body: Vec<u8>) {
        (**self).recycle(body);
    }
}

/// An HTTP request, ready to send: method, absolute URL, headers, body.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// `GET`, `POST`, `PUT` or `DELETE`.
    pub method: String,
    /// Absolute URL, e.g. `https://cloudfront.amazonaws.com/2020-05-31/distribution?MaxItems=10`.
    pub url: String,
    /// Header names and values, in the order they are sent.
    pub headers: Vec<(String, String)>,
    /// The body (empty for GET and DELETE).
    pub body: Vec<u8>,
}

impl HttpRequest {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// The URL's path, without the query string (`/` when the URL has none).
    pub fn path(&self) -> &str {
        let path_and_query = self.path_and_query();
        path_and_query
            .split_once('?')
            .map(|(p, _)| p)
            .unwrap_or(path_and_query)
    }

    /// The URL's query string (without `?`), empty if there is none.
    pub fn query(&self) -> &str {
        self.path_and_query()
            .split_once('?')
            .map(|(_, q)| q)
            .unwrap_or("")
    }

    /// The request target: the URL's path and query (`/2020-05-31/distribution?MaxItems=1`).
    pub fn path_and_query(&self) -> &str {
        url_path_and_query(&self.url)
    }
}

/// The path and query of an absolute URL (`/` when it has no path): the crate's one URL
/// splitter.
pub(crate) fn url_path_and_query(url: &str) -> &str {
    let after_scheme = url.find("://").map(|i| &url[i + 3..]).unwrap_or(url);
    after_scheme
        .find('/')
        .map(|i| &after_scheme[i..])
        .unwrap_or("/")
}

/// `Debug` shows the request but redacts credentials: the `Authorization` header's
/// signature and any security token are never printed.
impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, String)> = self
            .headers
            .iter()
            .map(|(k, v)| (k.as_str(), redact_header_value(k, v)))
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &BodyPreview(&self.body))
            .finish()
    }
}

/// An HTTP response: status, headers, body.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// Header names and values as received.
    pub headers: Vec<(String, String)>,
    /// The whole body.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// A response from its parts.
    pub fn new(status: u16, headers: Vec<(String, String)>, body: Vec<u8>) -> Self {
        HttpResponse {
            status,
            headers,
            body,
        }
    }

    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// True for a 2xx status.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &BodyPreview(&self.body))
            .finish()
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Header names whose values are secret and are never shown or recorded.
pub(crate) fn is_secret_header(name: &str) -> bool {
    name.eq_ignore_ascii_case("authorization")
        || name.eq_ignore_ascii_case("x-amz-security-token")
        // The SSO portal's bearer token and the instance metadata session token.
        || name.eq_ignore_ascii_case("x-amz-sso_bearer_token")
        || name.eq_ignore_ascii_case("x-aws-ec2-metadata-token")
}

/// The value to show for a header: secret ones redacted, keeping what helps debugging
/// (the credential scope and signed header list of an `Authorization` header, never the
/// signature or the secret).
pub(crate) fn redact_header_value(name: &str, value: &str) -> String {
    if name.eq_ignore_ascii_case("authorization") {
        match value.find("Signature=") {
            Some(i) => format!("{}Signature=<redacted>", &value[..i]),
            None => "<redacted>".to_string(),
        }
    } else if is_secret_header(name) {
        "<redacted>".to_string()
    } else {
        value.to_string()
    }
}

struct BodyPreview<'a>(&'a [u8]);

impl fmt::Debug for BodyPreview<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const LIMIT: usize = 256;
        let cut = self.0.len().min(LIMIT);
        let text = String::from_utf8_lossy(&self.0[..cut]);
        if self.0.len() > LIMIT {
            write!(f, "{:?}... ({} bytes)", text, self.0.len())
        } else {
            write!(f, "{text:?}")
        }
    }
}

/// Why a request got no complete response. Each kind documents whether the server may have
/// acted on the request, which decides whether a retry is safe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The host name could not be resolved. Nothing was sent: safe to retry.
    Dns,
    /// The TCP or TLS connection could not be established (refused, unreachable, handshake
    /// failed, connect timeout). Nothing was sent: safe to retry.
    Connect,
    /// Timed out after the request may have been sent (send, wait or read phase). The
    /// server may have processed it: retry only idempotent requests.
    Timeout,
    /// The connection broke after the request may have been sent (reset, EOF, truncated
    /// body). The server may have processed it: retry only idempotent requests.
    Io,
    /// The response body was larger than the configured cap. Retrying gives the same.
    BodyTooLarge,
    /// The request itself is malformed for the transport (bad URL, bad header). Never retried.
    InvalidRequest,
    /// Anything else. Never retried.
    Other,
}

impl TransportErrorKind {
    /// Whether a request that failed this way may be sent again. `idempotent` says whether
    /// sending the same request twice has the same effect as once.
    pub fn is_retryable(self, idempotent: bool) -> bool {
        match self {
            TransportErrorKind::Dns | TransportErrorKind::Connect => true,
            TransportErrorKind::Timeout | TransportErrorKind::Io => idempotent,
            TransportErrorKind::BodyTooLarge
            | TransportErrorKind::InvalidRequest
            | TransportErrorKind::Other => false,
        }
    }

    /// True when the request is known not to have reached the server.
    pub fn request_not_sent(self) -> bool {
        matches!(self, TransportErrorKind::Dns | TransportErrorKind::Connect)
    }
}

impl fmt::Display for TransportErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            TransportErrorKind::Dns => "host not found",
            TransportErrorKind::Connect => "connection failed",
            TransportErrorKind::Timeout => "timed out",
            TransportErrorKind::Io => "connection broken",
            TransportErrorKind::BodyTooLarge => "response body too large",
            TransportErrorKind::InvalidRequest => "invalid request",
            TransportErrorKind::Other => "transport failure",
        };
        f.write_str(s)
    }
}

/// A request that got no complete response.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    message: String,
    operation: Option<&'static str>,
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl TransportError {
    /// A transport error of `kind` with a message (which must not contain secrets).
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        TransportError {
            kind,
            message: message.into(),
            operation: None,
            source: None,
        }
    }

    /// The API operation whose request failed (`GetDistribution`), when the client sent it.
    pub fn operation(&self) -> Option<&'static str> {
        self.operation
    }

    pub(crate) fn in_operation(mut self, name: &'static str) -> Self {
        self.name_operation(name);
        self
    }

    /// Names the operation unless one is named already.
    pub(crate) fn name_operation(&mut self, name: &'static str) {
        self.operation.get_or_insert(name);
    }

    /// Attach the underlying error (see [`TransportError::underlying`]); the message should
    /// already say what it says.
    pub fn with_source(
        mut self,
        source: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>,
    ) -> Self {
        self.source = Some(source.into());
        self
    }

    /// The error this one was made from (for example ureq's, wrapping an `io::Error`), for
    /// code that inspects it. Its text is already part of [`TransportError::message`].
    ///
    /// ```
    /// use cloudfront::transport::{TransportError, TransportErrorKind};
    ///
    /// let io = std::io::Error::from(std::io::ErrorKind::ConnectionReset);
    /// let e = TransportError::new(TransportErrorKind::Io, format!("GET /: {io}")).with_source(io);
    /// let inner = e.underlying().and_then(|u| u.downcast_ref::<std::io::Error>());
    /// assert_eq!(inner.map(|io| io.kind()), Some(std::io::ErrorKind::ConnectionReset));
    /// // Printed once, whatever prints the chain.
    /// assert!(std::error::Error::source(&e).is_none());
    /// ```
    pub fn underlying(&self) -> Option<&(dyn std::error::Error + Send + Sync + 'static)> {
        self.source.as_deref()
    }

    /// What kind of failure this was.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.message.is_empty() {
            write!(f, "{}", self.kind)
        } else {
            write!(f, "{}: {}", self.kind, self.message)
        }
    }
}

/// The underlying error is not this error's `source()`: its text is already in the message,
/// and error reporters that print the chain (`anyhow`'s `{:#}`, `eyre`) would show it twice.
/// [`TransportError::underlying`] gives it to code that needs it.
impl std::error::Error for TransportError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_and_query_split() {
        let r = HttpRequest {
            method: "GET".into(),
            url: "http://127.0.0.1:5000/2020-05-31/distribution?MaxItems=1&Marker=abc".into(),
            headers: vec![],
            body: vec![],
        };
        assert_eq!(r.path(), "/2020-05-31/distribution");
        assert_eq!(r.query(), "MaxItems=1&Marker=abc");
    }

    #[test]
    fn debug_redacts_signature_and_token() {
        let r = HttpRequest {
            method: "GET".into(),
            url: "https://cloudfront.amazonaws.com/2020-05-31/distribution".into(),
            headers: vec![
                ("Authorization".into(), "AWS4-HMAC-SHA256 Credential=AKID/20261125/us-east-1/cloudfront/aws4_request, SignedHeaders=host;x-amz-date, Signature=deadbeefcafe".into()),
                ("X-Amz-Security-Token".into(), "SECRETTOKEN".into()),
            ],
            body: vec![],
        };
        let text = format!("{r:?}");
        assert!(!text.contains("deadbeefcafe"), "{text}");
        assert!(!text.contains("SECRETTOKEN"), "{text}");
        assert!(text.contains("SignedHeaders=host;x-amz-date"), "{text}");
    }

    #[test]
    fn retry_safety_by_kind() {
        assert!(TransportErrorKind::Connect.is_retryable(false));
        assert!(TransportErrorKind::Dns.is_retryable(false));
        assert!(!TransportErrorKind::Io.is_retryable(false));
        assert!(TransportErrorKind::Io.is_retryable(true));
        assert!(!TransportErrorKind::Timeout.is_retryable(false));
        assert!(!TransportErrorKind::BodyTooLarge.is_retryable(true));
    }
}
