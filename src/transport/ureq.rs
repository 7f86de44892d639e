//! [`UreqTransport`]: HTTPS over one shared, keep-alive `ureq` agent.

use std::fmt;
use std::io;
use std::time::Duration;

use ureq::http;
use ureq::unversioned::transport::DefaultConnector;

use crate::transport::{HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind};

mod body;
mod connection;
mod resolver;

use resolver::ReusingResolver;

/// Default connect timeout (DNS, TCP and TLS handshake).
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default timeout of one whole exchange, body included.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Default cap on a response body.
const DEFAULT_MAX_RESPONSE_BYTES: u64 = 16 * 1024 * 1024;
/// Default number of idle connections kept per host: enough for 8 threads sharing one
/// client to each keep reusing a connection.
const DEFAULT_MAX_IDLE_PER_HOST: usize = 8;
/// Default time an idle pooled connection is kept.
const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(15);

/// HTTPS over one shared, pooled [`ureq`](https://docs.rs/ureq/3) agent. The default
/// transport of [`crate::Client`] (feature `ureq`, on by default).
///
/// Cheap to share: put it in an `Arc` or let the client own it. `Send + Sync`.
///
/// # What it does
///
/// - One `ureq::Agent`, built once, shared by every call and every thread: connections are
///   pooled and reused (keep-alive), TLS sessions are set up once per connection.
/// - 4xx and 5xx come back as [`HttpResponse`]s, never as errors.
/// - Redirects are **not** followed (a 3xx is returned as is): a signed request must never be
///   replayed to another host.
/// - The response body is read whole, up to a cap (default 16 MiB); a larger body fails with
///   [`TransportErrorKind::BodyTooLarge`] instead of exhausting memory.
/// - Timeouts: connect (default 10 s, covers DNS, TCP and TLS) and a global one for the whole
///   exchange including the body (default 60 s). A read or write that stalls is given up on
///   when that time is up, or at most about 3% later (never more than 32 ms for a time left
///   under a second): the socket's timeout is rounded up so that it stays the same from one
///   exchange to the next, instead of being set again with a system call for each one.
/// - Few system calls per exchange: a request's head and body are written in one call, a
///   connection is probed once per reuse (when it is taken from the pool, not also when it
///   goes back right after a response), and the body of a response is read into the memory
///   of an earlier one that the client handed back ([`Transport::recycle`]) without zeroing
///   it again.
/// - Nothing is added behind your back except what HTTP/1.1 needs (`host`,
///   `content-length`) and, when the request has none, ureq's `user-agent` and
///   `accept: */*`. In particular no `accept-encoding` is sent (the body is never
///   compressed, so it is exactly what the server sent).
/// - Proxies: by default ureq reads `ALL_PROXY`, `HTTPS_PROXY`, `HTTP_PROXY` (and lowercase
///   forms) with `NO_PROXY`; turn that off with [`UreqTransportBuilder::proxy_from_env`].
///
/// # TLS
///
/// ureq's `rustls` feature is enabled with default features off. It turns on
/// `rustls-no-provider` (rustls as the TLS stack), `_ring` (the `ring` crypto provider, used
/// unless the application installed a process-wide rustls `CryptoProvider`) and
/// `rustls-webpki-roots`: server certificates are verified against the Mozilla root
/// certificates **bundled** in the `webpki-roots` crate, *not* against the operating system's
/// certificate store. A corporate TLS-intercepting proxy whose root is only installed in the
/// system store will therefore be rejected. TLS 1.2 and 1.3 are accepted; SNI is sent. No
/// native-tls, no OpenSSL, no C TLS library (ring itself contains some C and assembly).
///
/// # Errors, by retry safety
///
/// Every `ureq::Error` is mapped to a [`TransportErrorKind`] (the ureq error is kept as the
/// [`std::error::Error::source`]):
///
/// | ureq error | kind | why |
/// |---|---|---|
/// | `HostNotFound`, `Timeout(Resolve)` | `Dns` | nothing sent |
/// | `Timeout(Connect)`, `ConnectionFailed`, `Tls`, `Rustls`, `TlsRequired`, `ConnectProxyFailed` | `Connect` | failed while connecting: nothing sent |
/// | `Io` refused / unreachable / address not available | `Connect` | the TCP connect failed: nothing sent |
/// | `Io` carrying a rustls certificate or negotiation error | `Connect` | those only happen during the TLS handshake |
/// | any other `Timeout` (send, receive, body, global) | `Timeout` | the server may have the request |
/// | any other `Io` (reset, EOF, truncated body), `Protocol`, `BodyStalled` | `Io` | the server may have the request |
/// | `BodyExceedsLimit` | `BodyTooLarge` | retrying gives the same |
/// | `Http`, `BadUri`, `RequireHttpsOnly`, `InvalidProxyUrl` | `InvalidRequest` | never sent |
/// | anything else | `Other` | never retried |
///
/// When in doubt the mapping errs on the side of "may have been sent" (`Io`/`Timeout`): at
/// worst a non-idempotent request is not retried, it is never sent twice. A global timeout
/// that expires while still connecting is reported as `Timeout`, for the same reason.
///
/// # Example
///
/// ```
/// use std::time::Duration;
/// use cloudfront::transport::UreqTransport;
///
/// let transport = UreqTransport::builder()
///     .connect_timeout(Duration::from_secs(5))
///     .timeout(Duration::from_secs(30))
///     .max_response_bytes(4 * 1024 * 1024)
///     .build();
/// # let _ = transport;
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "ureq")))]
pub struct UreqTransport {
    agent: ureq::Agent,
    settings: UreqTransportBuilder,
    /// The body buffer handed back by the last [`Transport::recycle`].
    spare: body::SpareBuffer,
}

impl fmt::Debug for UreqTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UreqTransport")
            .field("connect_timeout", &self.settings.connect_timeout)
            .field("timeout", &self.settings.timeout)
            .field("max_response_bytes", &self.settings.max_response_bytes)
            .field(
                "max_idle_connections_per_host",
                &self.settings.max_idle_per_host,
            )
            .field("idle_timeout", &self.settings.idle_timeout)
            .field("proxy_from_env", &self.settings.proxy_from_env)
            .finish()
    }
}

/// Configures a [`UreqTransport`]. Every setting has a sensible default.
///
/// ```
/// use std::time::Duration;
/// use cloudfront::transport::UreqTransport;
///
/// let transport = UreqTransport::builder()
///     .timeout(Duration::from_secs(120))
///     .proxy_from_env(false)
///     .build();
/// # let _ = transport;
/// ```
#[derive(Debug, Clone)]
#[cfg_attr(docsrs, doc(cfg(feature = "ureq")))]
#[must_use]
pub struct UreqTransportBuilder {
    connect_timeout: Duration,
    timeout: Duration,
    max_response_bytes: u64,
    max_idle_per_host: usize,
    idle_timeout: Duration,
    proxy_from_env: bool,
    /// Root certificates replacing the bundled Mozilla roots (`AWS_CA_BUNDLE`).
    root_certs: Option<RootCerts>,
}

/// Certificates from a CA bundle; `Debug` shows how many.
#[derive(Clone)]
struct RootCerts(Vec<ureq::tls::Certificate<'static>>);

impl fmt::Debug for RootCerts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} certificate(s)", self.0.len())
    }
}

impl Default for UreqTransportBuilder {
    fn default() -> Self {
        UreqTransportBuilder {
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            max_idle_per_host: DEFAULT_MAX_IDLE_PER_HOST,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            proxy_from_env: true,
            root_certs: None,
        }
    }
}

impl UreqTransport {
    /// A builder with the defaults (connect 10 s, whole exchange 60 s, body cap 16 MiB).
    pub fn builder() -> UreqTransportBuilder {
        UreqTransportBuilder::default()
    }

    /// A transport with the defaults; same as `UreqTransport::builder().build()`.
    pub fn new() -> UreqTransport {
        UreqTransport::builder().build()
    }

    /// The largest response body this transport reads, in bytes.
    pub fn max_response_bytes(&self) -> u64 {
        self.settings.max_response_bytes
    }
}

impl Default for UreqTransport {
    fn default() -> Self {
        UreqTransport::new()
    }
}

impl UreqTransportBuilder {
    /// Time allowed to establish a connection: DNS lookup, TCP connect and TLS handshake
    /// together. Default 10 s. A zero duration means no connect timeout.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed for one whole exchange, from connecting to the last byte of the
    /// response body. Default 60 s. A zero duration means no timeout (not recommended: a
    /// stalled server then blocks the caller forever).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Largest response body read, in bytes; a larger one fails with
    /// [`TransportErrorKind::BodyTooLarge`]. Default 16 MiB.
    pub fn max_response_bytes(mut self, bytes: u64) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// Idle connections kept per host for reuse. Default 8: threads sharing a client each
    /// reuse a connection, up to this many at a time (a thread that finds none idle opens
    /// one, and it is closed after use when the pool is full). Zero disables keep-alive.
    pub fn max_idle_connections_per_host(mut self, connections: usize) -> Self {
        self.max_idle_per_host = connections;
        self
    }

    /// How long an idle pooled connection is kept before it is closed. Default 15 s.
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.idle_timeout = timeout;
        self
    }

    /// Whether to use a proxy from the environment (`ALL_PROXY`, `HTTPS_PROXY`,
    /// `HTTP_PROXY`, their lowercase forms, and `NO_PROXY`). Default `true`.
    pub fn proxy_from_env(mut self, yes: bool) -> Self {
        self.proxy_from_env = yes;
        self
    }

    /// Trusts the certificates of this PEM bundle instead of the bundled Mozilla roots, as the
    /// AWS CLI does with `AWS_CA_BUNDLE` / `ca_bundle` (e.g. the root of a TLS-intercepting
    /// corporate proxy, together with whatever public roots the proxy needs).
    ///
    /// # Errors
    /// A bundle that is not PEM or holds no certificate.
    pub fn ca_bundle_pem(mut self, pem: &[u8]) -> Result<Self, crate::InvalidInput> {
        let mut certs = Vec::new();
        for item in ureq::tls::parse_pem(pem) {
            match item {
                Ok(ureq::tls::PemItem::Certificate(c)) => certs.push(c),
                Ok(_) => {}
                Err(e) => {
                    return Err(crate::InvalidInput::new(format!(
                        "CA bundle: not a PEM file ({e})"
                    )));
                }
            }
        }
        if certs.is_empty() {
            return Err(crate::InvalidInput::new(
                "CA bundle: no CERTIFICATE in the PEM file",
            ));
        }
        self.root_certs = Some(RootCerts(certs));
        Ok(self)
    }

    /// Builds the transport and its agent.
    pub fn build(self) -> UreqTransport {
        let non_zero = |d: Duration| (!d.is_zero()).then_some(d);
        let proxy = if self.proxy_from_env {
            ureq::Proxy::try_from_env()
        } else {
            None
        };
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            // An empty value means "do not send the header": the body is never compressed,
            // whatever features other crates enable on ureq.
            .accept_encoding("")
            .timeout_connect(non_zero(self.connect_timeout))
            .timeout_global(non_zero(self.timeout))
            .max_idle_connections_per_host(self.max_idle_per_host)
            .max_idle_connections(self.max_idle_per_host.saturating_mul(4))
            .max_idle_age(self.idle_timeout)
            .proxy(proxy);
        let config = match &self.root_certs {
            Some(certs) => config.tls_config(
                ureq::tls::TlsConfig::builder()
                    .root_certs(ureq::tls::RootCerts::new_with_certs(&certs.0))
                    .build(),
            ),
            None => config,
        }
        .build();
        UreqTransport {
            agent: ureq::Agent::with_parts(
                config,
                connection::Tuning(DefaultConnector::default()),
                ReusingResolver::default(),
            ),
            settings: self,
            spare: body::SpareBuffer::default(),
        }
    }
}

impl UreqTransport {
    /// Runs one exchange; with `shorter`, under that global timeout instead of the agent's.
    fn run(
        &self,
        request: http::Request<impl ureq::AsSendBody>,
        shorter: Option<Duration>,
    ) -> Result<http::Response<ureq::Body>, ureq::Error> {
        match shorter {
            None => self.agent.run(request),
            Some(timeout) => {
                // A zero global timeout would mean "none" to ureq: keep a floor.
                let timeout = timeout.max(Duration::from_millis(1));
                let request = self
                    .agent
                    .configure_request(request)
                    .timeout_global(Some(timeout))
                    .build();
                self.agent.run(request)
            }
        }
    }
}

impl Transport for UreqTransport {
    fn send(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        self.send_within(request, None)
    }

    /// Sends `request`; when `timeout` is shorter than the transport's own
    /// [`timeout`](UreqTransportBuilder::timeout), the exchange is given `timeout` instead
    /// (so that a call's overall deadline holds even while a server stalls).
    fn send_within(
        &self,
        request: &HttpRequest,
        timeout: Option<Duration>,
    ) -> Result<HttpResponse, TransportError> {
        let own = self.settings.timeout;
        let shorter = timeout.filter(|t| own.is_zero() || *t < own);
        let fail = |kind: TransportErrorKind, what: String| {
            TransportError::new(kind, format!("{} {}: {what}", request.method, request.url))
        };
        // ureq rejects non-standard methods only after connecting, as a protocol error;
        // catch them here so that they are reported for what they are.
        const METHODS: &[&str] = &["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"];
        if !METHODS.contains(&request.method.as_str()) {
            return Err(fail(
                TransportErrorKind::InvalidRequest,
                format!(
                    "unsupported method (expected one of {})",
                    METHODS.join(", ")
                ),
            ));
        }
        // GET and DELETE without a body must not carry `content-length: 0`; POST and PUT
        // always announce their length, even when it is zero.
        let needs_body = matches!(request.method.as_str(), "POST" | "PUT" | "PATCH");
        let sent = if request.body.is_empty() && !needs_body {
            http_request(request, ()).map(|req| self.run(req, shorter))
        } else {
            http_request(request, request.body.as_slice()).map(|req| self.run(req, shorter))
        };
        let mut response = match sent {
            Err(e) => {
                // http::Error names the bad part but never echoes a header value.
                return Err(fail(TransportErrorKind::InvalidRequest, e.to_string()).with_source(e));
            }
            Ok(Err(e)) => return Err(fail(classify(&e), describe(&e)).with_source(e)),
            Ok(Ok(response)) => response,
        };

        let status = response.status().as_u16();
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_string(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();

        let cap = self.settings.max_response_bytes;
        let too_large = || {
            fail(
                TransportErrorKind::BodyTooLarge,
                format!(
                    "HTTP {status}: response body exceeds the limit of {cap} bytes (max_response_bytes)"
                ),
            )
        };
        // Fail fast when the server announces a body over the cap (a HEAD, 204 or 304
        // response announces a length but has no body).
        let has_body = request.method != "HEAD" && status != 204 && status != 304;
        let declared = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.trim().parse::<u64>().ok());
        if has_body && declared.is_some_and(|len| len > cap) {
            return Err(too_large());
        }
        // Into the buffer of an earlier response when one was handed back (`recycle`), sized
        // from Content-Length when the server sent one (at most the cap); see `body`.
        let expected = declared
            .filter(|_| has_body)
            .map(|len| len.min(cap) as usize);
        let read = body::read_to_end(
            &mut response.body_mut().with_config().limit(cap).reader(),
            self.spare.take(),
            expected,
        )
        .map_err(ureq::Error::from);
        let body = match read {
            Ok(body) => body,
            Err(e @ ureq::Error::BodyExceedsLimit(_)) => return Err(too_large().with_source(e)),
            Err(e) => {
                return Err(fail(
                    classify(&e),
                    format!("HTTP {status}: reading the response body: {}", describe(&e)),
                )
                .with_source(e));
            }
        };
        Ok(HttpResponse::new(status, headers, body))
    }

    /// Keeps `body` (if at most 4 MiB) to read the next response into, without zeroing it
    /// again.
    fn recycle(&self, body: Vec<u8>) {
        self.spare.keep(body);
    }
}

/// `request` as an `http::Request` with `body`. Built part by part rather than with
/// `http::request::Builder`, which moves the whole request through a `Result` for every
/// header (about a sixth of this transport's own instructions per small request).
fn http_request<B>(request: &HttpRequest, body: B) -> Result<http::Request<B>, http::Error> {
    let mut headers = http::HeaderMap::try_with_capacity(request.headers.len())?;
    for (name, value) in &request.headers {
        // ureq sets content-length from the body; a second, possibly different one
        // would make the request malformed.
        if name.eq_ignore_ascii_case("content-length") {
            continue;
        }
        headers.try_append(
            http::HeaderName::from_bytes(name.as_bytes())?,
            http::HeaderValue::from_str(value)?,
        )?;
    }
    let mut out = http::Request::new(body);
    *out.method_mut() = http::Method::from_bytes(request.method.as_bytes())?;
    *out.uri_mut() = request.url.parse::<http::Uri>()?;
    *out.headers_mut() = headers;
    Ok(out)
}

/// A short human description of a ureq error (its `Display`, which carries no header
/// values and no body).
fn describe(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Timeout(phase) => format!("timed out ({phase} phase)"),
        other => other.to_string(),
    }
}

/// Maps a ureq error to a kind by retry safety. See the module docs for the table.
fn classify(e: &ureq::Error) -> TransportErrorKind {
    use TransportErrorKind as K;
    match e {
        ureq::Error::HostNotFound => K::Dns,
        ureq::Error::Timeout(ureq::Timeout::Resolve) => K::Dns,
        ureq::Error::Timeout(ureq::Timeout::Connect) => K::Connect,
        ureq::Error::Timeout(_) => K::Timeout,
        ureq::Error::ConnectionFailed
        | ureq::Error::Tls(_)
        | ureq::Error::Rustls(_)
        | ureq::Error::TlsRequired
        | ureq::Error::ConnectProxyFailed(_) => K::Connect,
        ureq::Error::Io(io) => classify_io(io),
        ureq::Error::Protocol(_) | ureq::Error::BodyStalled => K::Io,
        ureq::Error::BodyExceedsLimit(_) => K::BodyTooLarge,
        ureq::Error::Http(_)
        | ureq::Error::BadUri(_)
        | ureq::Error::RequireHttpsOnly(_)
        | ureq::Error::InvalidProxyUrl => K::InvalidRequest,
        _ => K::Other,
    }
}

/// I/O errors: only those that can only happen while connecting mean "nothing sent".
fn classify_io(e: &io::Error) -> TransportErrorKind {
    use io::ErrorKind as E;
    match e.kind() {
        // These come from connect(2) (or from routing before anything is sent).
        E::ConnectionRefused
        | E::HostUnreachable
        | E::NetworkUnreachable
        | E::NetworkDown
        | E::AddrNotAvailable => TransportErrorKind::Connect,
        E::TimedOut => TransportErrorKind::Timeout,
        E::InvalidData if is_tls_handshake_error(e) => TransportErrorKind::Connect,
        _ => TransportErrorKind::Io,
    }
}

/// rustls reports its errors as `io::ErrorKind::InvalidData` wrapping a `rustls::Error`.
/// rustls is not a direct dependency, so the error is recognised by its message (rustls
/// 0.23, `src/error.rs`, `impl Display for Error`). Only errors that can happen exclusively
/// during the handshake are listed; anything else (e.g. a corrupt record, which can also
/// arrive mid-response) stays `Io`. If rustls ever rewords these, the result is `Io`: a
/// missed retry, never a duplicate request.
fn is_tls_handshake_error(e: &io::Error) -> bool {
    const HANDSHAKE_ONLY: &[&str] = &[
        "invalid peer certificate",
        "peer sent no certificates",
        "peer is incompatible",
        "received unexpected handshake message",
        "presented server name type wasn't supported",
        "invalid certificate revocation list",
        "peer doesn't support any known protocol",
    ];
    let Some(inner) = e.get_ref() else {
        return false;
    };
    let text = inner.to_string();
    HANDSHAKE_ONLY.iter().any(|prefix| text.starts_with(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;
    use TransportErrorKind as K;

    fn io(kind: io::ErrorKind) -> ureq::Error {
        ureq::Error::Io(io::Error::from(kind))
    }

    #[test]
    fn not_sent_errors_are_dns_or_connect() {
        assert_eq!(classify(&ureq::Error::HostNotFound), K::Dns);
        assert_eq!(
            classify(&ureq::Error::Timeout(ureq::Timeout::Resolve)),
            K::Dns
        );
        assert_eq!(
            classify(&ureq::Error::Timeout(ureq::Timeout::Connect)),
            K::Connect
        );
        assert_eq!(classify(&ureq::Error::ConnectionFailed), K::Connect);
        assert_eq!(classify(&ureq::Error::Tls("bad name")), K::Connect);
        assert_eq!(classify(&ureq::Error::TlsRequired), K::Connect);
        assert_eq!(classify(&io(io::ErrorKind::ConnectionRefused)), K::Connect);
        assert_eq!(classify(&io(io::ErrorKind::NetworkUnreachable)), K::Connect);
        assert_eq!(classify(&io(io::ErrorKind::HostUnreachable)), K::Connect);
    }

    #[test]
    fn maybe_sent_errors_are_timeout_or_io() {
        for phase in [
            ureq::Timeout::SendRequest,
            ureq::Timeout::SendBody,
            ureq::Timeout::RecvResponse,
            ureq::Timeout::RecvBody,
            ureq::Timeout::Global,
            ureq::Timeout::PerCall,
            ureq::Timeout::PerRead,
        ] {
            assert_eq!(
                classify(&ureq::Error::Timeout(phase)),
                K::Timeout,
                "{phase:?}"
            );
        }
        assert_eq!(classify(&io(io::ErrorKind::ConnectionReset)), K::Io);
        assert_eq!(classify(&io(io::ErrorKind::UnexpectedEof)), K::Io);
        assert_eq!(classify(&io(io::ErrorKind::BrokenPipe)), K::Io);
        assert_eq!(classify(&io(io::ErrorKind::InvalidData)), K::Io);
        assert_eq!(classify(&ureq::Error::BodyStalled), K::Io);
    }

    #[test]
    fn tls_handshake_errors_are_connect_but_corrupt_records_are_io() {
        // Messages as rustls 0.23 formats them, wrapped the way rustls wraps them.
        let wrap = |msg: &str| {
            ureq::Error::Io(io::Error::new(io::ErrorKind::InvalidData, msg.to_string()))
        };
        assert_eq!(
            classify(&wrap("invalid peer certificate: UnknownIssuer")),
            K::Connect
        );
        assert_eq!(classify(&wrap("peer sent no certificates")), K::Connect);
        assert_eq!(
            classify(&wrap("received corrupt message of type InvalidContentType")),
            K::Io
        );
        assert_eq!(classify(&wrap("received fatal alert: DecodeError")), K::Io);
    }

    #[test]
    fn other_mappings() {
        assert_eq!(
            classify(&ureq::Error::BodyExceedsLimit(10)),
            K::BodyTooLarge
        );
        assert_eq!(
            classify(&ureq::Error::BadUri("x".into())),
            K::InvalidRequest
        );
        assert_eq!(classify(&ureq::Error::InvalidProxyUrl), K::InvalidRequest);
        assert_eq!(classify(&ureq::Error::StatusCode(500)), K::Other);
        assert_eq!(classify(&ureq::Error::TooManyRedirects), K::Other);
    }

    #[test]
    fn debug_shows_settings() {
        let t = UreqTransport::builder()
            .max_response_bytes(123)
            .proxy_from_env(false)
            .build();
        let text = format!("{t:?}");
        assert!(text.contains("max_response_bytes: 123"), "{text}");
        assert_eq!(t.max_response_bytes(), 123);
    }
}
