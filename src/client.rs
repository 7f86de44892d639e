//! [`Client`], its builder, and the one request pipeline every operation goes through:
//! operation → sign → send → retry → hand back the response or decode the error.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use crate::auth::sigv4::{self, SigningKey, SigningParams};
use crate::auth::{Credentials, CredentialsChain, Environment, ProvideCredentials};
use crate::clock::{Clock, SystemClock};
use crate::error::{Error, InvalidInput, ServiceError, UnexpectedResponse};
use crate::operation::Operation;
use crate::retry::{self, RetryPolicy};
use crate::transport::{HttpRequest, HttpResponse, Transport};

/// CloudFront's global endpoint.
pub const DEFAULT_ENDPOINT: &str = "https://cloudfront.amazonaws.com";
/// The region CloudFront requests are signed for.
pub const SIGNING_REGION: &str = "us-east-1";
/// The service name in the SigV4 scope.
pub const SIGNING_SERVICE: &str = "cloudfront";

/// A CloudFront client. Cheap to clone (one `Arc`), `Send + Sync`: share it across threads.
///
/// ```no_run
/// # fn main() -> Result<(), cloudfront::Error> {
/// use cloudfront::{Client, Credentials};
///
/// // From the environment, ~/.aws or ~/.boto:
/// let client = Client::from_env()?;
///
/// // Or explicitly, against a local emulator:
/// let local = Client::builder()
///     .credentials(Credentials::new("AKIDEXAMPLE", "secret"))
///     .endpoint("http://127.0.0.1:5000")
///     .build()?;
/// # let _ = (client, local);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// The overall deadline of each call (`None`: no deadline). Outside `Inner` so that
    /// [`Client::with_call_timeout`] is a cheap clone.
    call_timeout: Option<Duration>,
}

/// Default overall deadline of one call, retries and reconciliation included.
///
/// For comparison, per attempt this crate's default transport allows 10 s to connect and
/// 60 s for the whole exchange; botocore (boto3) allows 60 s to connect and 60 s between
/// reads, the AWS SDK for Rust 3.1 s to connect and sets no read timeout; neither sets a
/// total deadline by default. Without one, a stalled server holds a call for every attempt
/// of the retry policy (3 × 60 s) plus backoff.
pub const DEFAULT_CALL_TIMEOUT: Duration = Duration::from_secs(120);

thread_local! {
    /// The deadline (on the client clock's monotonic scale) of the call running on this
    /// thread, so that the calls a reconciliation makes share it instead of starting their
    /// own.
    static CALL_DEADLINE: std::cell::Cell<Option<Duration>> = const { std::cell::Cell::new(None) };
}

/// Restores the enclosing call's deadline (or none) when a call ends.
struct DeadlineScope(Option<Duration>);

impl DeadlineScope {
    fn enter(deadline: Option<Duration>) -> DeadlineScope {
        DeadlineScope(CALL_DEADLINE.with(|d| d.replace(deadline)))
    }
}

impl Drop for DeadlineScope {
    fn drop(&mut self) {
        CALL_DEADLINE.with(|d| d.set(self.0));
    }
}

struct Inner {
    /// Server time minus local time, in seconds, learned from a clock-skew error (0 until
    /// then); added to the clock when signing.
    clock_offset: std::sync::atomic::AtomicI64,
    endpoint: String,
    /// The SigV4 region: `us-east-1`, or the partition's (`cn-northwest-1` in China).
    signing_region: String,
    credentials: Arc<dyn ProvideCredentials>,
    transport: Arc<dyn Transport>,
    retry: RetryPolicy,
    clock: Arc<dyn Clock>,
    user_agent: String,
    /// The SigV4 signing key of the last request, reused while it is still valid.
    signing_key: Mutex<Option<CachedKey>>,
    /// How many signing keys were derived (tests check that the cache is used).
    #[cfg(test)]
    key_derivations: std::sync::atomic::AtomicUsize,
}

/// A derived signing key and what it was derived from. The key depends on the secret, the
/// UTC date, the region and the service; it is reused only when all four match (the access
/// key id is compared too, cheaply). Deriving it is four HMAC-SHA256 computations: about
/// half the cost of signing a GET.
struct CachedKey {
    day: i64,
    region: String,
    service: &'static str,
    access_key_id: String,
    secret_access_key: String,
    key: SigningKey,
}

impl CachedKey {
    fn matches(&self, credentials: &Credentials, day: i64, region: &str) -> bool {
        self.day == day
            && self.region == region
            && self.service == SIGNING_SERVICE
            && self.access_key_id == credentials.access_key_id()
            && self.secret_access_key == credentials.secret_access_key()
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.inner.endpoint)
            .field("signing_region", &self.inner.signing_region)
            .field("credentials", &self.inner.credentials)
            .field("transport", &self.inner.transport)
            .field("retry", &self.inner.retry)
            .field("user_agent", &self.inner.user_agent)
            .finish()
    }
}

impl Client {
    /// A builder with the defaults: the global endpoint, the standard retry policy, the
    /// `ureq` transport (feature `ureq`) and credentials from the default chain.
    ///
    /// ```
    /// use std::time::Duration;
    /// use cloudfront::{Client, Credentials, RetryPolicy};
    ///
    /// let client = Client::builder()
    ///     .credentials(Credentials::new("AKIDEXAMPLE", "secret"))
    ///     .endpoint("http://127.0.0.1:5000") // plain http: loopback only
    ///     .retry(RetryPolicy::default().max_attempts(5))
    ///     .call_timeout(Duration::from_secs(30))
    ///     .build()?;
    /// assert_eq!(client.endpoint(), "http://127.0.0.1:5000");
    /// # Ok::<(), cloudfront::Error>(())
    /// ```
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured like the AWS CLI from the process environment and the shared
    /// files: credentials from the default chain ([`CredentialsChain`] lists the order:
    /// environment, assume role, web identity, SSO, shared files, `credential_process`, boto,
    /// container, EC2 instance metadata), refreshed before they expire; the endpoint, region,
    /// FIPS and retry settings of [`crate::settings`]. Same as
    /// `Client::builder().environment(Environment::process()).build()`.
    ///
    /// ```no_run
    /// // AWS_PROFILE, AWS_ENDPOINT_URL_CLOUDFRONT, ~/.aws/config, SSO, IMDS... as the CLI does.
    /// let client = cloudfront::Client::from_env()?;
    /// println!("talking to {}", client.endpoint());
    /// # Ok::<(), cloudfront::Error>(())
    /// ```
    pub fn from_env() -> Result<Client, Error> {
        Client::builder()
            .environment(Environment::process())
            .build()
    }

    /// The same client (same connections, credentials and settings) with another overall
    /// deadline per call: retries, backoff and the checks that follow a lost response all
    /// fit in it, and an attempt in flight when it passes is cut short (by the default
    /// transport; see [`Transport::send_within`]). `Duration::ZERO` means no deadline.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), cloudfront::Error> {
    /// use std::time::Duration;
    /// let client = cloudfront::Client::from_env()?;
    /// let quick = client.with_call_timeout(Duration::from_secs(5));
    /// let config = quick.distribution_config("E2QWRUHAPOMQZL")?;
    /// # let _ = config; Ok(()) }
    /// ```
    pub fn with_call_timeout(&self, timeout: Duration) -> Client {
        Client {
            inner: self.inner.clone(),
            call_timeout: (!timeout.is_zero()).then_some(timeout),
        }
    }

    /// The overall deadline of each call made through this client (`None`: none).
    ///
    /// ```
    /// use std::time::Duration;
    /// # let client = cloudfront::Client::builder()
    /// #     .credentials(cloudfront::Credentials::new("AKIDEXAMPLE", "secret")).build()?;
    /// assert_eq!(client.call_timeout(), Some(cloudfront::DEFAULT_CALL_TIMEOUT));
    /// assert_eq!(client.with_call_timeout(Duration::ZERO).call_timeout(), None);
    /// # Ok::<(), cloudfront::Error>(())
    /// ```
    pub fn call_timeout(&self) -> Option<Duration> {
        self.call_timeout
    }

    /// The endpoint requests go to, e.g. `https://cloudfront.amazonaws.com`.
    ///
    /// ```
    /// # let client = cloudfront::Client::builder()
    /// #     .credentials(cloudfront::Credentials::new("AKIDEXAMPLE", "secret")).build()?;
    /// assert_eq!(client.endpoint(), cloudfront::DEFAULT_ENDPOINT);
    /// # Ok::<(), cloudfront::Error>(())
    /// ```
    pub fn endpoint(&self) -> &str {
        &self.inner.endpoint
    }

    /// The clock this client signs and sleeps with.
    pub(crate) fn clock(&self) -> &dyn Clock {
        self.inner.clock.as_ref()
    }

    /// Sends `op` through the pipeline and returns the successful (2xx) response. Failed
    /// attempts are retried per the retry policy; a final failure is decoded into [`Error`].
    pub(crate) fn execute(&self, op: &Operation) -> Result<HttpResponse, Error> {
        self.execute_with(op, None).result
    }

    /// The pipeline. Returns the [`Outcome`]: the result, and whether an earlier attempt
    /// failed in a way that the server may nevertheless have acted on it (a timeout or broken
    /// connection after sending, or a 5xx), so that a create operation can tell "already
    /// exists" caused by its own lost response from a genuine conflict.
    ///
    /// `reconcile`, when given, runs before each retry that follows such an ambiguous
    /// failure. If it finds that the earlier attempt took effect, it returns a response
    /// equivalent to the lost one (e.g. a GET of the created resource) and that response
    /// is used instead of sending the request again: a create is not sent twice after
    /// it may have succeeded, even against a server that does not deduplicate. If the check
    /// itself fails (its own requests fail too), the request is not sent again either: the
    /// failure of the ambiguous attempt is returned.
    pub(crate) fn execute_with(
        &self,
        op: &Operation,
        reconcile: Option<&mut dyn FnMut() -> Result<Option<HttpResponse>, Error>>,
    ) -> Outcome {
        self.execute_on(&CloudFrontWire, op, reconcile)
    }

    /// [`Client::execute`] for another API sharing this client's transport, credentials,
    /// retries and deadlines (the KeyValueStore's, feature `kvs`).
    #[cfg_attr(not(feature = "kvs"), allow(dead_code))]
    pub(crate) fn execute_via(
        &self,
        wire: &dyn Wire,
        op: &Operation,
    ) -> Result<HttpResponse, Error> {
        self.execute_on(wire, op, None).result
    }

    /// The pipeline, for the API `wire` describes.
    fn execute_on(
        &self,
        wire: &dyn Wire,
        op: &Operation,
        mut reconcile: Option<&mut dyn FnMut() -> Result<Option<HttpResponse>, Error>>,
    ) -> Outcome {
        let inner = &*self.inner;
        let url = format!("{}{}", wire.base_url(self), op.path_and_query());
        let attempts = inner.retry.attempts();
        let mut ambiguous = false;
        let mut attempt = 1;
        let mut skew_corrected = false;
        // The call's deadline: the enclosing call's (a reconciliation's requests share it),
        // or this client's, whichever ends first.
        let own = self
            .call_timeout
            .map(|t| inner.clock.monotonic().saturating_add(t));
        let deadline = match (CALL_DEADLINE.with(std::cell::Cell::get), own) {
            (Some(outer), Some(own)) => Some(outer.min(own)),
            (outer, own) => outer.or(own),
        };
        let _scope = DeadlineScope::enter(deadline);
        let remaining = || deadline.map(|d| d.saturating_sub(inner.clock.monotonic()));
        loop {
            let left = remaining();
            if left == Some(Duration::ZERO) {
                return Outcome::new(Err(deadline_exceeded(op, attempt - 1)), ambiguous);
            }
            let request = match self.signed_request(wire, op, &url) {
                Ok(r) => r,
                Err(e) => return Outcome::new(Err(e), ambiguous),
            };
            log::debug!(
                "{} attempt {attempt}/{attempts}: {} {}",
                op.name,
                op.method,
                url
            );
            let outcome = inner.transport.send_within(&request, left);
            if let Ok(resp) = &outcome {
                // Rejected for the signing time: sign again with the server's clock, once,
                // without spending an attempt (nothing was processed).
                if !resp.is_success() && !skew_corrected && self.correct_clock_skew(wire, resp) {
                    skew_corrected = true;
                    continue;
                }
            }
            let (retryable, maybe_processed) = match &outcome {
                Ok(resp) if resp.is_success() => {
                    log::debug!("{} -> HTTP {}", op.name, resp.status);
                    return Outcome::new(outcome.map_err(Error::from), ambiguous);
                }
                Ok(resp) => {
                    let code = wire.error_code(resp);
                    log::debug!(
                        "{} -> HTTP {} {}",
                        op.name,
                        resp.status,
                        code.as_deref().unwrap_or("")
                    );
                    (
                        retry::is_retryable_response(resp.status, code.as_deref()),
                        // 503 and 429 mean "not processed"; a 500, or a proxy's 502/504,
                        // may come after the service acted.
                        matches!(resp.status, 500 | 502 | 504),
                    )
                }
                Err(e) => {
                    log::debug!("{} -> transport error: {e}", op.name);
                    (
                        e.kind().is_retryable(op.idempotent),
                        !e.kind().request_not_sent(),
                    )
                }
            };
            // A request that is not idempotent is never sent again after the server may have
            // acted on it (nothing here can check whether it did): the caller gets this
            // attempt's error, which says so (a 5xx, or a timeout or broken connection).
            let retryable = retryable && (op.idempotent || !maybe_processed);
            let failure =
                |outcome: Result<HttpResponse, crate::transport::TransportError>| match outcome {
                    Ok(resp) => wire.error(&resp).in_operation(op.name),
                    Err(e) => Error::Transport(e.in_operation(op.name)),
                };
            if !retryable || attempt >= attempts {
                return Outcome::new(Err(failure(outcome)), ambiguous);
            }
            ambiguous |= maybe_processed;
            let mut wait = inner.retry.backoff(attempt, retry::random_unit());
            if let Some(asked) = outcome
                .as_ref()
                .ok()
                .and_then(|resp| resp.header("retry-after"))
                .and_then(|v| retry::retry_after(v, inner.clock.now()))
            {
                if asked > inner.retry.retry_after_cap() {
                    log::debug!(
                        "{}: Retry-After {asked:?} is over the cap of {:?}; not retrying",
                        op.name,
                        inner.retry.retry_after_cap()
                    );
                    return Outcome::new(Err(failure(outcome)), ambiguous);
                }
                wait = wait.max(asked);
            }
            if remaining().is_some_and(|left| wait >= left) {
                log::debug!(
                    "{}: the call's deadline passes before a retry could be sent; not retrying",
                    op.name
                );
                return Outcome::new(Err(failure(outcome)), ambiguous);
            }
            log::debug!("{} retrying in {wait:?}", op.name);
            inner.clock.sleep(wait);
            if maybe_processed {
                if let Some(check) = reconcile.as_mut() {
                    match check() {
                        Ok(Some(found)) => {
                            log::info!(
                                "{}: an earlier attempt took effect; not sending it again",
                                op.name
                            );
                            return Outcome::new(Ok(found), ambiguous);
                        }
                        Ok(None) => {}
                        Err(e) => {
                            // Not knowing whether the earlier attempt took effect, a resend
                            // could create a second resource on a server that does not
                            // deduplicate. Report the ambiguous attempt's failure instead.
                            log::warn!(
                                "{}: could not check whether an earlier attempt took effect ({e}); not sending it again",
                                op.name
                            );
                            return Outcome::new(Err(failure(outcome)), ambiguous);
                        }
                    }
                }
            }
            attempt += 1;
        }
    }

    /// Hands the body of a response the pipeline returned back to the transport, once it
    /// is decoded ([`Transport::recycle`]).
    pub(crate) fn recycle(&self, body: Vec<u8>) {
        self.inner.transport.recycle(body);
    }

    /// Builds and signs one attempt. Every attempt is signed afresh (new timestamp); the
    /// body bytes are the operation's, identical on every attempt.
    fn signed_request(
        &self,
        wire: &dyn Wire,
        op: &Operation,
        url: &str,
    ) -> Result<HttpRequest, Error> {
        let inner = &*self.inner;
        let mut headers: Vec<(String, String)> = Vec::with_capacity(op.headers.len() + 6);
        if op.body.is_some() {
            headers.push(("content-type".into(), wire.content_type().into()));
        }
        for (k, v) in &op.headers {
            headers.push((k.to_string(), v.clone()));
        }
        let mut request = HttpRequest {
            method: op.method.to_string(),
            url: url.to_string(),
            headers,
            body: op.body.clone().unwrap_or_default(),
        };
        // The provider refreshes temporary credentials before they expire.
        let credentials = inner.credentials.credentials()?;
        wire.sign(self, &mut request, &credentials, self.signing_time())?;
        // Not signed: proxies and ureq may rewrite it.
        request
            .headers
            .push(("user-agent".into(), inner.user_agent.clone()));
        Ok(request)
    }
}

/// Error codes with which AWS rejects a request signed at the wrong time.
const CLOCK_SKEW_CODES: &[&str] = &[
    "RequestTimeTooSkewed",
    "RequestExpired",
    "RequestInTheFuture",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "AuthFailure",
];

/// A server clock this far from ours (or more) is corrected for, as the SDKs do.
const CLOCK_SKEW_THRESHOLD_SECS: i64 = 4 * 60;

impl Client {
    /// The time to sign with: the clock, corrected by the offset learned from the server.
    fn signing_time(&self) -> SystemTime {
        let offset = self
            .inner
            .clock_offset
            .load(std::sync::atomic::Ordering::Relaxed);
        let now = self.inner.clock.now();
        if offset >= 0 {
            now + Duration::from_secs(offset.unsigned_abs())
        } else {
            now.checked_sub(Duration::from_secs(offset.unsigned_abs()))
                .unwrap_or(now)
        }
    }

    /// When `resp` is a clock-skew rejection whose `Date` header is at least
    /// [`CLOCK_SKEW_THRESHOLD_SECS`] away from the corrected clock, learns the new offset and
    /// returns true (the caller signs again).
    fn correct_clock_skew(&self, wire: &dyn Wire, resp: &HttpResponse) -> bool {
        let Some(code) = wire.error_code(resp) else {
            return false;
        };
        if !CLOCK_SKEW_CODES.contains(&code.as_str()) {
            return false;
        }
        let Some(server) = resp
            .header("date")
            .and_then(|d| httpdate::parse_http_date(d.trim()).ok())
        else {
            return false;
        };
        let signed_at = self.signing_time();
        let apart = |a: SystemTime, b: SystemTime| -> i64 {
            match a.duration_since(b) {
                Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
                Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
            }
        };
        if apart(server, signed_at).abs() < CLOCK_SKEW_THRESHOLD_SECS {
            return false;
        }
        let offset = apart(server, self.inner.clock.now());
        self.inner
            .clock_offset
            .store(offset, std::sync::atomic::Ordering::Relaxed);
        log::warn!(
            "{code}: the server's clock is {offset} s from this machine's; signing with the server's time"
        );
        true
    }

    /// The signing key for `credentials` on the UTC date of `time`: the cached one when it
    /// was derived from the same secret, date, region and service, else a new one (which
    /// replaces it in the cache).
    fn signing_key(&self, credentials: &Credentials, time: SystemTime) -> SigningKey {
        let day = crate::time::utc_day(time);
        // A panic while the lock was held cannot leave a half-written entry (it is replaced
        // whole), so a poisoned lock is still usable.
        let mut cache = self
            .inner
            .signing_key
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let region = self.inner.signing_region.as_str();
        if let Some(cached) = cache
            .as_ref()
            .filter(|c| c.matches(credentials, day, region))
        {
            return cached.key.clone();
        }
        #[cfg(test)]
        self.inner
            .key_derivations
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let stamp = crate::time::amz_date(time);
        let key = sigv4::signing_key(
            credentials.secret_access_key(),
            crate::time::date_of_amz_date(&stamp),
            region,
            SIGNING_SERVICE,
        );
        *cache = Some(CachedKey {
            day,
            region: region.to_string(),
            service: SIGNING_SERVICE,
            access_key_id: credentials.access_key_id().to_string(),
            secret_access_key: credentials.secret_access_key().to_string(),
            key: key.clone(),
        });
        key
    }

    /// How many signing keys this client derived (for tests).
    #[cfg(test)]
    fn key_derivations(&self) -> usize {
        self.inner
            .key_derivations
            .load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The UTC day of the cached signing key, if any (for tests).
    #[cfg(test)]
    fn cached_key_day(&self) -> Option<i64> {
        self.inner
            .signing_key
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .map(|c| c.day)
    }
}

/// How one API's requests are addressed and signed and its failed responses read: CloudFront's
/// (REST-XML, SigV4; [`CloudFrontWire`]) or the KeyValueStore's (rest-json, SigV4A; feature
/// `kvs`). The pipeline, retries and deadlines are the same for both.
pub(crate) trait Wire {
    /// `scheme://authority[/path]` that the operation's path is appended to.
    fn base_url<'a>(&'a self, client: &'a Client) -> &'a str;
    /// The `Content-Type` of a request body.
    fn content_type(&self) -> &'static str;
    /// Signs one attempt at `time` (the clock corrected for skew).
    fn sign(
        &self,
        client: &Client,
        request: &mut HttpRequest,
        credentials: &Credentials,
        time: SystemTime,
    ) -> Result<(), Error>;
    /// The service's error code in a failed response, if it has one.
    fn error_code(&self, resp: &HttpResponse) -> Option<String>;
    /// A failed response as an [`Error`].
    fn error(&self, resp: &HttpResponse) -> Error;
}

/// CloudFront's own API: the client's endpoint, XML bodies, SigV4 with the cached key.
struct CloudFrontWire;

impl Wire for CloudFrontWire {
    fn base_url<'a>(&'a self, client: &'a Client) -> &'a str {
        &client.inner.endpoint
    }

    fn content_type(&self) -> &'static str {
        "application/xml"
    }

    fn sign(
        &self,
        client: &Client,
        request: &mut HttpRequest,
        credentials: &Credentials,
        time: SystemTime,
    ) -> Result<(), Error> {
        let key = client.signing_key(credentials, time);
        sigv4::sign_request_with_key(
            request,
            &SigningParams {
                credentials,
                region: &client.inner.signing_region,
                service: SIGNING_SERVICE,
                time,
            },
            &key,
        )?;
        Ok(())
    }

    fn error_code(&self, resp: &HttpResponse) -> Option<String> {
        crate::xml::error_body::peek_error_code(&resp.body)
    }

    fn error(&self, resp: &HttpResponse) -> Error {
        error_from_response(resp)
    }
}

/// What the pipeline ([`Client::execute_with`]) returns: the result of the last attempt (or
/// of the reconcile step), and whether an earlier attempt may have been processed although
/// it failed.
#[derive(Debug)]
pub(crate) struct Outcome {
    /// The successful response, or the error of the last attempt.
    pub result: Result<HttpResponse, Error>,
    /// True when an earlier attempt failed after the request may have reached the service
    /// (a timeout or broken connection after sending, a 500/502/504): a "not found" or
    /// "already exists" that follows may be that attempt's own doing.
    pub maybe_applied_earlier: bool,
}

impl Outcome {
    fn new(result: Result<HttpResponse, Error>, maybe_applied_earlier: bool) -> Self {
        Outcome {
            result,
            maybe_applied_earlier,
        }
    }
}

/// The error of a call whose deadline passed before its next attempt could be sent.
fn deadline_exceeded(op: &Operation, attempts: u32) -> Error {
    Error::Transport(crate::transport::TransportError::new(
        crate::transport::TransportErrorKind::Timeout,
        format!(
            "{}: the call's deadline passed after {attempts} attempt(s) (Client::with_call_timeout, ClientBuilder::call_timeout)",
            op.name
        ),
    ))
}

/// Turns a non-success response into an [`Error`]: CloudFront's `ErrorResponse` XML becomes
/// [`Error::Service`]; anything else (HTML, JSON, empty) becomes [`Error::UnexpectedResponse`]
/// with the status and a bounded snippet.
pub fn error_from_response(resp: &HttpResponse) -> Error {
    let header_request_id = resp
        .header("x-amz-request-id")
        .or_else(|| resp.header("x-amzn-requestid"))
        .map(crate::error::bounded_owned);
    if let Some(service) = parse_error_body(resp.status, &resp.body) {
        return Error::Service(ServiceError {
            request_id: service.request_id.or(header_request_id),
            ..service
        });
    }
    Error::UnexpectedResponse(UnexpectedResponse::new(
        resp.status,
        resp.header("content-type").map(str::to_string),
        &resp.body,
        header_request_id,
    ))
}

fn parse_error_body(status: u16, body: &[u8]) -> Option<ServiceError> {
    let doc = crate::xml::error_body::decode_error_body(body)?;
    // Server text kept in the error is cut to a bounded size (with a note when cut).
    let bounded = |s: String| crate::error::bounded_owned(&s);
    Some(ServiceError {
        status,
        code: bounded(doc.code),
        message: bounded(doc.message),
        error_type: doc.error_type.map(bounded),
        request_id: doc.request_id.map(bounded),
        operation: None,
    })
}

/// Configures and builds a [`Client`].
#[derive(Default)]
#[must_use]
pub struct ClientBuilder {
    endpoint: Option<String>,
    environment: Option<Environment>,
    profile: Option<String>,
    allow_http: bool,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    transport: Option<Arc<dyn Transport>>,
    retry: Option<RetryPolicy>,
    clock: Option<Arc<dyn Clock>>,
    user_agent: Option<String>,
    connect_timeout: Option<Duration>,
    timeout: Option<Duration>,
    max_response_bytes: Option<u64>,
    call_timeout: Option<Duration>,
    max_idle_per_host: Option<usize>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("endpoint", &self.endpoint)
            .field("allow_http", &self.allow_http)
            .field("environment", &self.environment)
            .field("profile", &self.profile)
            .field("credentials", &self.credentials)
            .field("transport", &self.transport)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// Fixed credentials.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(Arc::new(credentials));
        self
    }

    /// A credentials provider, asked before every request.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(Arc::new(provider));
        self
    }

    /// Reads the settings people set (see [`crate::settings`]: endpoint, region and FIPS,
    /// `max_attempts`, `retry_mode`) and the credentials chain from `env` and the shared files
    /// it points at, for whatever is not set explicitly on this builder.
    /// [`Client::from_env`] is this with [`Environment::process`].
    ///
    /// ```
    /// use cloudfront::{Client, Environment};
    ///
    /// let env = Environment::from_vars([
    ///     ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
    ///     ("AWS_SECRET_ACCESS_KEY", "secret"),
    ///     ("AWS_REGION", "cn-north-1"),
    /// ])
    /// .home_dir("/nonexistent");
    /// let client = Client::builder().environment(env).build()?;
    /// assert_eq!(client.endpoint(), "https://cloudfront.cn-northwest-1.amazonaws.com.cn");
    /// # Ok::<(), cloudfront::Error>(())
    /// ```
    pub fn environment(mut self, env: Environment) -> Self {
        self.environment = Some(env);
        self
    }

    /// The profile of the shared files, overriding `AWS_PROFILE` (like `aws --profile`; the
    /// credentials environment variables are then not used).
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// The endpoint, e.g. `http://127.0.0.1:5000` for a local emulator. Default
    /// [`DEFAULT_ENDPOINT`]. Plain `http://` is accepted only for loopback hosts unless
    /// [`ClientBuilder::allow_http`] is set.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// Accept a plain `http://` endpoint on a non-loopback host. Credentials-signed requests
    /// then cross the network unencrypted; only for trusted networks.
    pub fn allow_http(mut self, allow: bool) -> Self {
        self.allow_http = allow;
        self
    }

    /// The transport. Default: `UreqTransport` (feature `ureq`).
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// A shared transport (e.g. a [`crate::transport::MockTransport`] you keep a handle on).
    pub fn shared_transport(mut self, transport: Arc<dyn Transport>) -> Self {
        self.transport = Some(transport);
        self
    }

    /// The retry policy. Default [`RetryPolicy::default`].
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// The clock used to sign and to sleep. Default: the system clock.
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// The `User-Agent` header. Default `cloudfront-rs/<version>`.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Connect timeout of the default transport (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Whole-request timeout of the default transport (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The overall deadline of each call: every attempt, the backoff between them and the
    /// checks that follow a lost response fit in it (default [`DEFAULT_CALL_TIMEOUT`],
    /// 120 s; `Duration::ZERO` for none). Per call, see [`Client::with_call_timeout`].
    ///
    /// | | connect | one attempt | whole call |
    /// |---|---|---|---|
    /// | this crate | 10 s | 60 s | 120 s |
    /// | boto3 (botocore) | 60 s | 60 s between reads | none |
    /// | AWS SDK for Rust | 3.1 s | none | none |
    pub fn call_timeout(mut self, timeout: Duration) -> Self {
        self.call_timeout = Some(timeout);
        self
    }

    /// Idle connections the default transport keeps for reuse (default 8): threads sharing
    /// this client each reuse a connection, up to this many at a time. Zero disables
    /// keep-alive.
    pub fn max_idle_connections_per_host(mut self, connections: usize) -> Self {
        self.max_idle_per_host = Some(connections);
        self
    }

    /// Largest response body the default transport reads (default 16 MiB).
    pub fn max_response_bytes(mut self, bytes: u64) -> Self {
        self.max_response_bytes = Some(bytes);
        self
    }

    /// Builds the client. Fails on an unusable endpoint, when no credentials can be found,
    /// or when no transport is set and the `ureq` feature is off.
    pub fn build(self) -> Result<Client, Error> {
        // A transport given here also carries the credential providers' requests (STS, SSO,
        // the container endpoint, instance metadata), so mocks and fault injection see them.
        let given_transport = self.transport.is_some();
        let clock = self
            .clock
            .clone()
            .unwrap_or_else(|| Arc::new(SystemClock::default()));
        let env = self
            .environment
            .clone()
            .unwrap_or_else(Environment::process);
        let mut chain = CredentialsChain::from_environment(env.clone()).clock(clock.clone());
        if let Some(p) = &self.profile {
            chain = chain.profile(p.clone());
        }
        let client_settings = match &self.environment {
            Some(_) => Some(crate::settings::ClientSettings::from_settings(
                &chain.settings()?,
            )?),
            None => None,
        };
        let ca_bundle = match client_settings
            .as_ref()
            .and_then(|s| s.ca_bundle.as_deref())
        {
            None => None,
            Some(path) => {
                let path = env.expand_tilde(path);
                Some(crate::auth::files::read_limited(&path).map_err(|e| {
                    InvalidInput::new(format!("AWS_CA_BUNDLE / ca_bundle {}: {e}", path.display()))
                })?)
            }
        };
        let transport: Arc<dyn Transport> = match self.transport.clone() {
            Some(t) => t,
            None => default_transport(&self, ca_bundle.as_deref())?,
        };
        chain = chain.transport(transport.clone());
        if given_transport {
            chain = chain.metadata_transport(transport.clone());
        }
        let allow_http = self.allow_http || client_settings.as_ref().is_some_and(|s| s.allow_http);
        let (endpoint, signing_region, retry) = match client_settings {
            None => (
                self.endpoint
                    .unwrap_or_else(|| DEFAULT_ENDPOINT.to_string()),
                SIGNING_REGION.to_string(),
                self.retry.unwrap_or_default(),
            ),
            Some(s) => {
                let resolved = crate::endpoint::resolve(
                    s.region.as_deref(),
                    s.use_fips,
                    self.endpoint.as_deref().or(s.endpoint_url.as_deref()),
                )?;
                let retry = match (self.retry, s.max_attempts) {
                    (Some(r), _) => r,
                    (None, Some(n)) => RetryPolicy::default().max_attempts(n),
                    (None, None) => RetryPolicy::default(),
                };
                (resolved.url, resolved.signing_region, retry)
            }
        };
        let endpoint = normalize_endpoint(&endpoint, allow_http)?;
        let credentials: Arc<dyn ProvideCredentials> = match self.credentials {
            Some(c) => c,
            None => Arc::new(chain.provider()?),
        };
        Ok(Client {
            inner: Arc::new(Inner {
                clock_offset: Default::default(),
                endpoint,
                signing_region,
                credentials,
                transport,
                retry,
                clock,
                user_agent: self.user_agent.unwrap_or_else(|| {
                    concat!("cloudfront-rs/", env!("CARGO_PKG_VERSION")).to_string()
                }),
                signing_key: Mutex::new(None),
                #[cfg(test)]
                key_derivations: Default::default(),
            }),
            call_timeout: match self.call_timeout {
                Some(t) if t.is_zero() => None,
                Some(t) => Some(t),
                None => Some(DEFAULT_CALL_TIMEOUT),
            },
        })
    }
}

#[cfg(feature = "ureq")]
fn default_transport(
    settings: &ClientBuilder,
    ca_bundle: Option<&[u8]>,
) -> Result<Arc<dyn Transport>, Error> {
    let mut b = crate::transport::UreqTransport::builder();
    if let Some(pem) = ca_bundle {
        b = b.ca_bundle_pem(pem)?;
    }
    if let Some(c) = settings.connect_timeout {
        b = b.connect_timeout(c);
    }
    if let Some(t) = settings.timeout {
        b = b.timeout(t);
    }
    if let Some(m) = settings.max_response_bytes {
        b = b.max_response_bytes(m);
    }
    if let Some(n) = settings.max_idle_per_host {
        b = b.max_idle_connections_per_host(n);
    }
    Ok(Arc::new(b.build()))
}

#[cfg(not(feature = "ureq"))]
fn default_transport(
    _settings: &ClientBuilder,
    _ca_bundle: Option<&[u8]>,
) -> Result<Arc<dyn Transport>, Error> {
    Err(Error::InvalidInput(InvalidInput::new(
        "no transport: enable the `ureq` feature or call ClientBuilder::transport",
    )))
}

/// Checks and normalizes an endpoint: `scheme://host[:port]`, no path, query, fragment or
/// user info; `http` only for loopback hosts unless allowed.
pub(crate) fn normalize_endpoint(endpoint: &str, allow_http: bool) -> Result<String, Error> {
    let bad =
        |why: &str| Error::InvalidInput(InvalidInput::new(format!("endpoint {endpoint:?}: {why}")));
    let trimmed = endpoint.trim().trim_end_matches('/');
    let (scheme, authority) = trimmed
        .split_once("://")
        .ok_or_else(|| bad("expected scheme://host[:port]"))?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "https" && scheme != "http" {
        return Err(bad("the scheme must be https or http"));
    }
    if authority.is_empty() || authority.contains(['/', '?', '#', '@', ' ']) {
        return Err(bad(
            "expected scheme://host[:port] with no path, query or user info",
        ));
    }
    let host = host_of(authority).ok_or_else(|| {
        bad("expected host[:port] with a numeric port and IPv6 addresses in brackets")
    })?;
    if scheme == "http" && !allow_http && !is_loopback(host) {
        return Err(bad(
            "plain http is only allowed to loopback hosts; use https or ClientBuilder::allow_http(true)",
        ));
    }
    Ok(format!("{scheme}://{authority}"))
}

/// The host of `host[:port]` or `[ipv6][:port]`; `None` when anything else follows the host
/// (such as `[::1]evil.com`), the port is not a number, or the host is empty.
fn host_of(authority: &str) -> Option<&str> {
    let (host, port) = match authority.strip_prefix('[') {
        Some(rest) => {
            let (host, after) = rest.split_once(']')?;
            let port = match after {
                "" => None,
                _ => Some(after.strip_prefix(':')?),
            };
            (host, port)
        }
        None => match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        },
    };
    let port_ok =
        port.is_none_or(|p| p.parse::<u16>().is_ok() && p.bytes().all(|b| b.is_ascii_digit()));
    (!host.is_empty() && port_ok).then_some(host)
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .map(|ip| ip.is_loopback())
            .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Credentials that can be swapped while the client holds the provider.
    #[derive(Debug)]
    struct Swappable(Mutex<Credentials>);

    impl ProvideCredentials for Swappable {
        fn credentials(&self) -> Result<Credentials, crate::CredentialsError> {
            Ok(self.0.lock().unwrap().clone())
        }
    }

    /// Re-signs what `transport` received with the pure signer (no cached key) at `time`
    /// and checks that the client's signature is identical.
    fn assert_signed_like_the_pure_signer(
        sent: &HttpRequest,
        credentials: &Credentials,
        time: SystemTime,
    ) {
        let mut unsigned = sent.clone();
        unsigned.headers.retain(|(k, _)| {
            ![
                "authorization",
                "x-amz-date",
                "x-amz-security-token",
                "user-agent",
            ]
            .contains(&k.as_str())
        });
        sigv4::sign_request(
            &mut unsigned,
            &SigningParams {
                credentials,
                region: SIGNING_REGION,
                service: SIGNING_SERVICE,
                time,
            },
        )
        .unwrap();
        assert_eq!(
            unsigned.header("authorization"),
            sent.header("authorization")
        );
        assert_eq!(unsigned.header("x-amz-date"), sent.header("x-amz-date"));
    }

    #[test]
    fn cached_signing_key_gives_the_same_signatures_and_is_renewed_when_stale() {
        use crate::clock::ManualClock;
        use crate::transport::{Expectation, MockTransport};

        let start = std::time::UNIX_EPOCH + Duration::from_secs(1_795_564_000); // 2026-11-24T23:46:40Z
        let clock = Arc::new(ManualClock::new(start));
        let first = Credentials::new("AKIDEXAMPLE", "secret-one");
        let provider = Arc::new(Swappable(Mutex::new(first.clone())));
        let transport = Arc::new(MockTransport::new());
        transport.expect(Expectation::any().respond(204).times(5));
        let client = Client::builder()
            .credentials_provider(ArcProvider(provider.clone()))
            .shared_transport(transport.clone())
            .clock(clock.clone())
            .build()
            .unwrap();
        let op = || Operation::new("Probe", "GET", "/2020-05-31/distribution".to_string());

        // 1 and 2: same day, same credentials: the second reuses the key.
        client.execute(&op()).unwrap();
        let day = crate::time::utc_day(start);
        assert_eq!(client.cached_key_day(), Some(day));
        clock.advance(Duration::from_secs(60));
        client.execute(&op()).unwrap();
        assert_eq!(
            client.key_derivations(),
            1,
            "the second request reuses the key"
        );
        // 3: past midnight UTC: a key for the new date.
        clock.advance(Duration::from_secs(3_600));
        client.execute(&op()).unwrap();
        assert_eq!(client.cached_key_day(), Some(day + 1));
        assert_eq!(client.key_derivations(), 2);
        // 4: same access key id, another secret (a provider that rotated it): new key.
        let second = Credentials::new("AKIDEXAMPLE", "secret-two").with_session_token("tok");
        *provider.0.lock().unwrap() = second.clone();
        client.execute(&op()).unwrap();
        assert_eq!(client.key_derivations(), 3);
        // 5: back to the first secret.
        *provider.0.lock().unwrap() = first.clone();
        client.execute(&op()).unwrap();
        assert_eq!(client.key_derivations(), 4);

        let sent = transport.requests();
        assert_eq!(sent.len(), 5);
        let times = [
            start,
            start + Duration::from_secs(60),
            start + Duration::from_secs(3_660),
            start + Duration::from_secs(3_660),
            start + Duration::from_secs(3_660),
        ];
        let creds = [&first, &first, &first, &second, &first];
        for i in 0..5 {
            assert_signed_like_the_pure_signer(&sent[i], creds[i], times[i]);
        }
        // Sanity: the secret changes the signature (so the check above can fail).
        assert_ne!(
            sent[3].header("authorization"),
            sent[4].header("authorization")
        );
    }

    /// `credentials_provider` takes the provider by value; this shares one.
    #[derive(Debug)]
    struct ArcProvider(Arc<Swappable>);

    impl ProvideCredentials for ArcProvider {
        fn credentials(&self) -> Result<Credentials, crate::CredentialsError> {
            self.0.credentials()
        }
    }

    #[test]
    fn endpoint_rules() {
        assert_eq!(
            normalize_endpoint("https://cloudfront.amazonaws.com/", false).unwrap(),
            "https://cloudfront.amazonaws.com"
        );
        assert!(normalize_endpoint("http://127.0.0.1:5000", false).is_ok());
        assert!(normalize_endpoint("http://127.9.9.9:5000", false).is_ok());
        assert!(normalize_endpoint("http://localhost:5000", false).is_ok());
        assert!(normalize_endpoint("http://[::1]:5000", false).is_ok());
        let err = normalize_endpoint("http://example.com", false).unwrap_err();
        assert!(err.to_string().contains("loopback"), "{err}");
        assert!(normalize_endpoint("http://example.com", true).is_ok());
        assert!(normalize_endpoint("ftp://example.com", true).is_err());
        assert!(normalize_endpoint("https://user:pw@example.com", true).is_err());
        assert!(normalize_endpoint("https://example.com/path", true).is_err());
        assert!(normalize_endpoint("example.com", true).is_err());
        // Whatever follows the host must be a numeric port.
        for bad in [
            "http://[::1]evil.com",
            "http://[::1]:80evil",
            "http://[::1",
            "http://127.0.0.1:abc",
            "http://127.0.0.1:",
            "http://127.0.0.1:+80",
            "http://127.0.0.1:99999",
            "http://::1",
            "https://:443",
        ] {
            assert!(normalize_endpoint(bad, true).is_err(), "{bad}");
        }
        assert!(normalize_endpoint("https://[2001:db8::1]:8443", false).is_ok());
    }

    fn resp(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
        HttpResponse::new(
            status,
            headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body.as_bytes().to_vec(),
        )
    }

    #[test]
    fn service_error_is_parsed() {
        let e = error_from_response(&resp(
            404,
            &[],
            r#"<?xml version="1.0"?><ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Error><Type>Sender</Type><Code>NoSuchDistribution</Code><Message>The specified distribution does not exist.</Message></Error><RequestId>a1b2</RequestId></ErrorResponse>"#,
        ));
        assert_eq!(e.code(), Some("NoSuchDistribution"));
        assert_eq!(e.status(), Some(404));
        assert_eq!(e.request_id(), Some("a1b2"));
        assert!(e.is_not_found());
    }

    #[test]
    fn request_id_falls_back_to_headers() {
        let body = r#"<ErrorResponse><Error><Code>PreconditionFailed</Code><Message>m</Message></Error></ErrorResponse>"#;
        let e = error_from_response(&resp(412, &[("x-amzn-RequestId", "moto-1")], body));
        assert_eq!(e.request_id(), Some("moto-1"));
        assert!(e.is_precondition_failed());
        let e = error_from_response(&resp(412, &[("x-amz-request-id", "real-1")], body));
        assert_eq!(e.request_id(), Some("real-1"));
    }

    #[test]
    fn non_xml_bodies_are_unexpected_responses() {
        let json = error_from_response(&resp(
            400,
            &[("content-type", "application/json")],
            r#"{"__type":"InvalidToken","message":"Invalid token"}"#,
        ));
        match &json {
            Error::UnexpectedResponse(u) => {
                assert_eq!(u.status, 400);
                assert!(u.body_snippet.contains("InvalidToken"));
                assert_eq!(u.content_type.as_deref(), Some("application/json"));
            }
            other => panic!("{other:?}"),
        }
        let html = error_from_response(&resp(502, &[], "<html><body>Bad Gateway</body></html>"));
        assert!(matches!(html, Error::UnexpectedResponse(ref u) if u.status == 502));
        assert!(html.is_retryable());
        let empty = error_from_response(&resp(500, &[], ""));
        assert!(matches!(empty, Error::UnexpectedResponse(ref u) if u.body_snippet.is_empty()));
    }
}
