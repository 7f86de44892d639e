//! The crate's one public error type.
//!
//! Every fallible call returns [`Error`]. It is `#[non_exhaustive]`, `Send + Sync + 'static`
//! (so `?` into `anyhow::Error` or `Box<dyn Error>` works), and never carries a secret: no
//! secret key, session token or signature appears in its `Display` or `Debug` output.
//!
//! ```
//! use cloudfront::Error;
//!
//! fn describe(err: &Error) -> &'static str {
//!     if err.is_not_found() {
//!         "no such resource"
//!     } else if err.is_precondition_failed() {
//!         "stale ETag: re-read and try again"
//!     } else if err.is_retryable() {
//!         "try again later"
//!     } else {
//!         "failed"
//!     }
//! }
//! # let _ = describe;
//! ```

use std::fmt;

use crate::transport::TransportError;

/// Everything that can go wrong in a call to CloudFront.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// CloudFront answered with an error document (`<ErrorResponse>`): a modelled error
    /// such as `NoSuchDistribution` or `PreconditionFailed`.
    Service(ServiceError),
    /// The server answered with a non-success status and a body that is not CloudFront's
    /// error XML (an HTML page from a proxy, JSON, or nothing). Status and a bounded
    /// snippet of the body are kept.
    UnexpectedResponse(UnexpectedResponse),
    /// The request could not be sent, or its response could not be read.
    Transport(TransportError),
    /// A success response whose body did not have the expected shape.
    Decode(DecodeError),
    /// The caller asked for something that cannot be sent (bad path, bad id, text that
    /// XML cannot carry, ...). Nothing was sent.
    InvalidInput(InvalidInput),
    /// No credentials could be found, or a credentials file could not be read.
    Credentials(CredentialsError),
    /// A waiter gave up before the resource reached the wanted state.
    WaiterTimeout(WaiterTimeout),
    /// A create was retried after a failure in which the server may have acted on it, and
    /// the retry met "already exists" for this call's own caller reference: the resource
    /// was most likely created by the earlier attempt. Nothing was created twice.
    AlreadyCreated(Box<AlreadyCreated>),
}

impl Error {
    /// The service error code (`NoSuchDistribution`, `Throttling`, ...) when CloudFront sent one.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Service(e) => Some(&e.code),
            Error::AlreadyCreated(e) => Some(&e.error.code),
            _ => None,
        }
    }

    /// The HTTP status of the response that caused this error, if there was a response.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Service(e) => Some(e.status),
            Error::UnexpectedResponse(e) => Some(e.status),
            Error::AlreadyCreated(e) => Some(e.error.status),
            _ => None,
        }
    }

    /// The request id CloudFront gave the failed request, for support cases.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Service(e) => e.request_id.as_deref(),
            Error::UnexpectedResponse(e) => e.request_id.as_deref(),
            _ => None,
        }
    }

    /// True for a missing resource: any `NoSuch*` code, or a bare 404.
    pub fn is_not_found(&self) -> bool {
        match self {
            Error::Service(e) => e.code.starts_with("NoSuch") || e.status == 404,
            Error::UnexpectedResponse(e) => e.status == 404,
            _ => false,
        }
    }

    /// True for `PreconditionFailed` (HTTP 412): the `If-Match` ETag was stale.
    pub fn is_precondition_failed(&self) -> bool {
        self.code() == Some("PreconditionFailed") || self.status() == Some(412)
    }

    /// True for `InvalidIfMatchVersion`: the `If-Match` header was missing or malformed.
    pub fn is_invalid_if_match_version(&self) -> bool {
        self.code() == Some("InvalidIfMatchVersion")
    }

    /// True for `DistributionNotDisabled`: disable the distribution and wait until it is
    /// `Deployed` before deleting it.
    pub fn is_distribution_not_disabled(&self) -> bool {
        self.code() == Some("DistributionNotDisabled")
    }

    /// True when CloudFront (or a proxy in front of it) throttled the request.
    pub fn is_throttling(&self) -> bool {
        match self {
            Error::Service(e) => crate::retry::is_throttling_code(&e.code) || e.status == 429,
            Error::UnexpectedResponse(e) => e.status == 429,
            _ => false,
        }
    }

    /// True when the same request may succeed if sent again later (throttling, server
    /// errors, transport failures that happened before the request was sent). This is the
    /// classification the built-in retry policy uses.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Service(e) => crate::retry::is_retryable_response(e.status, Some(&e.code)),
            Error::UnexpectedResponse(e) => crate::retry::is_retryable_response(e.status, None),
            Error::Transport(e) => e.kind().is_retryable(true),
            _ => false,
        }
    }

    /// The operation that failed (`GetDistribution`), for errors of a response.
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Error::Service(e) => e.operation,
            Error::UnexpectedResponse(e) => e.operation,
            Error::AlreadyCreated(e) => e.error.operation,
            Error::Transport(e) => e.operation(),
            _ => None,
        }
    }

    /// The service error, if this is one.
    pub fn as_service(&self) -> Option<&ServiceError> {
        match self {
            Error::Service(e) => Some(e),
            _ => None,
        }
    }

    /// Names the operation on an error decoded from a response or met sending the request.
    pub(crate) fn in_operation(mut self, name: &'static str) -> Self {
        match &mut self {
            Error::Service(e) => e.operation = Some(name),
            Error::UnexpectedResponse(e) => e.operation = Some(name),
            Error::Transport(e) => e.name_operation(name),
            _ => {}
        }
        self
    }

    pub(crate) fn invalid_input(message: impl Into<String>) -> Self {
        Error::InvalidInput(InvalidInput {
            message: message.into(),
        })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Service(e) => e.fmt(f),
            Error::UnexpectedResponse(e) => e.fmt(f),
            Error::Transport(e) => match e.operation() {
                Some(op) => write!(f, "{op}: transport error: {e}"),
                None => write!(f, "transport error: {e}"),
            },
            Error::Decode(e) => e.fmt(f),
            Error::InvalidInput(e) => e.fmt(f),
            Error::Credentials(e) => e.fmt(f),
            Error::WaiterTimeout(e) => e.fmt(f),
            Error::AlreadyCreated(e) => e.fmt(f),
        }
    }
}

/// Every variant's `Display` already includes the error it wraps, so none is returned as
/// `source()` (chain printers such as `anyhow`'s `{:#}` would repeat it). Match on the
/// variant to reach it.
impl std::error::Error for Error {}

impl From<TransportError> for Error {
    fn from(e: TransportError) -> Self {
        Error::Transport(e)
    }
}

impl From<DecodeError> for Error {
    fn from(e: DecodeError) -> Self {
        Error::Decode(e)
    }
}

impl From<CredentialsError> for Error {
    fn from(e: CredentialsError) -> Self {
        Error::Credentials(e)
    }
}

impl From<InvalidInput> for Error {
    fn from(e: InvalidInput) -> Self {
        Error::InvalidInput(e)
    }
}

/// Most bytes of server-sent text quoted in one error message; longer text is cut (at a
/// character boundary) and the message says how much was left out.
pub(crate) const QUOTE_LIMIT: usize = 256;

/// `text` as a Rust string literal (`{:?}`), cut to [`QUOTE_LIMIT`] bytes with a note of
/// how many were left out: a hostile server can make an error quote a value, never make
/// the error message as large as its response.
pub(crate) fn quote_bounded(text: &str) -> String {
    let (kept, cut) = cut_at(text, QUOTE_LIMIT);
    if cut == 0 {
        format!("{kept:?}")
    } else {
        format!("{kept:?}... ({cut} more bytes cut)")
    }
}

/// `text` cut to at most `limit` bytes at a character boundary, and how many bytes were cut.
pub(crate) fn cut_at(text: &str, limit: usize) -> (&str, usize) {
    if text.len() <= limit {
        return (text, 0);
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    (&text[..end], text.len() - end)
}

/// `text` cut to [`QUOTE_LIMIT`] bytes, with a note appended when it was cut (for server
/// text kept as a field, such as a service error's message).
pub(crate) fn bounded_owned(text: &str) -> String {
    let (kept, cut) = cut_at(text, QUOTE_LIMIT);
    if cut == 0 {
        kept.to_string()
    } else {
        format!("{kept}... ({cut} more bytes cut)")
    }
}

/// An error document sent by CloudFront.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError {
    /// HTTP status of the response.
    pub status: u16,
    /// `Error/Code`, such as `NoSuchDistribution`.
    pub code: String,
    /// `Error/Message`, human readable (may be empty).
    pub message: String,
    /// `Error/Type`: `Sender` or `Receiver` when present.
    pub error_type: Option<String>,
    /// `RequestId` from the body, or the `x-amz-request-id` / `x-amzn-requestid` header.
    pub request_id: Option<String>,
    /// The operation that failed, as the model names it (`GetDistribution`), when known.
    pub operation: Option<&'static str>,
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.operation {
            Some(op) => write!(f, "{op}: {} (HTTP {})", self.code, self.status)?,
            None => write!(f, "CloudFront error {} (HTTP {})", self.code, self.status)?,
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        if self.code == "DistributionNotDisabled" {
            write!(
                f,
                " (disable the distribution, wait until its status is Deployed, then delete it with the new ETag)"
            )?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

/// A non-success response whose body is not CloudFront's error XML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnexpectedResponse {
    /// HTTP status.
    pub status: u16,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// At most [`UnexpectedResponse::SNIPPET_LIMIT`] bytes of the body, lossily decoded.
    pub body_snippet: String,
    /// Request id from the `x-amz-request-id` / `x-amzn-requestid` header.
    pub request_id: Option<String>,
    /// The operation that failed, as the model names it (`GetDistribution`), when known.
    pub operation: Option<&'static str>,
}

impl UnexpectedResponse {
    /// How many bytes of a non-XML error body are kept.
    pub const SNIPPET_LIMIT: usize = 512;

    pub(crate) fn new(
        status: u16,
        content_type: Option<String>,
        body: &[u8],
        request_id: Option<String>,
    ) -> Self {
        let cut = body.len().min(Self::SNIPPET_LIMIT);
        let mut body_snippet = String::from_utf8_lossy(&body[..cut]).into_owned();
        if body.len() > cut {
            body_snippet.push_str("...");
        }
        UnexpectedResponse {
            status,
            content_type,
            body_snippet,
            request_id,
            operation: None,
        }
    }
}

impl fmt::Display for UnexpectedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(op) = self.operation {
            write!(f, "{op}: ")?;
        }
        write!(f, "unexpected HTTP {} response", self.status)?;
        if let Some(ct) = &self.content_type {
            write!(f, " ({ct})")?;
        }
        if self.body_snippet.is_empty() {
            write!(f, " with an empty body")?;
        } else {
            write!(f, ": {}", self.body_snippet.escape_debug())?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

/// A response body that did not have the expected shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// Slash-separated element path where decoding failed, e.g. `Distribution/DistributionConfig/Enabled`.
    pub path: String,
    /// What was wrong.
    pub message: String,
}

impl DecodeError {
    /// A decode error at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        DecodeError {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "could not decode response: {}", self.message)
        } else {
            write!(
                f,
                "could not decode response at {}: {}",
                self.path, self.message
            )
        }
    }
}

impl std::error::Error for DecodeError {}

/// Input the caller gave that cannot be sent. Nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidInput {
    /// What is wrong, naming the offending value where that is not a secret.
    pub message: String,
}

impl InvalidInput {
    /// An invalid-input error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        InvalidInput {
            message: message.into(),
        }
    }
}

impl fmt::Display for InvalidInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid input: {}", self.message)
    }
}

impl std::error::Error for InvalidInput {}

/// Credentials could not be found or read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialsError {
    /// No source had credentials. Lists every place that was looked at, in order.
    NotFound {
        /// Each place looked at, with why it gave nothing.
        searched: Vec<String>,
    },
    /// A credentials or config file is malformed.
    Malformed {
        /// The file.
        file: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong (never the line's content when it could hold a secret).
        message: String,
    },
    /// A file exists but could not be read.
    Io {
        /// The file.
        file: String,
        /// The I/O error, as text.
        message: String,
    },
    /// A profile was asked for by name and does not exist, or lacks a key.
    Profile {
        /// The profile name.
        profile: String,
        /// What is wrong.
        message: String,
    },
    /// A source of credentials was configured but failed: STS refused to assume a role, the
    /// SSO login expired, the instance metadata service or container endpoint did not
    /// answer, a `credential_process` failed. The message says what to run or set; it never
    /// holds a secret, token or signature.
    Provider {
        /// Which source: `sts AssumeRole`, `sso`, `credential_process`, `container`,
        /// `imds`, `web identity`, ...
        provider: String,
        /// What went wrong and what to do.
        message: String,
    },
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CredentialsError::NotFound { searched } => {
                write!(f, "no AWS credentials found; looked in: ")?;
                for (i, place) in searched.iter().enumerate() {
                    if i > 0 {
                        write!(f, "; ")?;
                    }
                    write!(f, "{place}")?;
                }
                Ok(())
            }
            CredentialsError::Malformed {
                file,
                line,
                message,
            } => write!(
                f,
                "malformed credentials file {file}, line {line}: {message}"
            ),
            CredentialsError::Io { file, message } => {
                write!(f, "could not read credentials file {file}: {message}")
            }
            CredentialsError::Profile { profile, message } => {
                write!(f, "AWS profile {profile:?}: {message}")
            }
            CredentialsError::Provider { provider, message } => {
                write!(f, "AWS credentials from {provider}: {message}")
            }
        }
    }
}

impl std::error::Error for CredentialsError {}

/// See [`Error::AlreadyCreated`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlreadyCreated {
    /// What was being created (`distribution`).
    pub resource: &'static str,
    /// The caller reference this call sent on every attempt.
    pub caller_reference: String,
    /// The id of the existing resource, when the service named it.
    pub existing_id: Option<String>,
    /// The service's answer to the retry.
    pub error: ServiceError,
}

impl fmt::Display for AlreadyCreated {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the {} with caller reference {:?} already exists",
            self.resource, self.caller_reference
        )?;
        if let Some(id) = &self.existing_id {
            write!(f, " ({id})")?;
        }
        write!(
            f,
            ": an earlier attempt of this call most likely created it before its response was lost; nothing was created twice"
        )
    }
}

/// A waiter ran out of attempts or time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaiterTimeout {
    /// What was waited for, e.g. `distribution E2QWRUHAPOMQZL to be Deployed`.
    pub waiting_for: String,
    /// The last status seen.
    pub last_status: String,
    /// Polls made.
    pub attempts: u32,
    /// Time spent waiting.
    pub elapsed: std::time::Duration,
}

impl fmt::Display for WaiterTimeout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "gave up waiting for {} after {} polls in {:.0?}; last status {:?}",
            self.waiting_for, self.attempts, self.elapsed, self.last_status
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync + 'static + std::error::Error>() {}

    #[test]
    fn error_is_send_sync_static_error() {
        assert_send_sync::<Error>();
    }

    #[test]
    fn quoted_server_text_is_cut_with_a_note() {
        assert_eq!(quote_bounded("abc"), "\"abc\"");
        let long = "x".repeat(10_000);
        let quoted = quote_bounded(&long);
        assert!(quoted.len() < QUOTE_LIMIT + 40, "{}", quoted.len());
        assert!(quoted.ends_with("... (9744 more bytes cut)"), "{quoted}");
        // Never cut inside a character.
        let wide = "é".repeat(1000);
        let (kept, cut) = cut_at(&wide, 255);
        assert_eq!((kept.len(), cut), (254, 2000 - 254));
        assert_eq!(bounded_owned("short"), "short");
        assert!(bounded_owned(&long).ends_with("(9744 more bytes cut)"));
    }

    #[test]
    fn snippet_is_bounded() {
        let body = vec![b'x'; 10_000];
        let e = UnexpectedResponse::new(502, None, &body, None);
        assert_eq!(e.body_snippet.len(), UnexpectedResponse::SNIPPET_LIMIT + 3);
    }

    #[test]
    fn display_names_the_operation() {
        let e = Error::Service(ServiceError {
            status: 404,
            code: "NoSuchDistribution".into(),
            message: "The specified distribution does not exist.".into(),
            error_type: Some("Sender".into()),
            request_id: None,
            operation: Some("GetDistribution"),
        });
        assert_eq!(
            e.to_string(),
            "GetDistribution: NoSuchDistribution (HTTP 404): The specified distribution does not exist."
        );
        let mut u = UnexpectedResponse::new(502, None, b"", None);
        u.operation = Some("ListDistributions");
        assert_eq!(
            Error::UnexpectedResponse(u).to_string(),
            "ListDistributions: unexpected HTTP 502 response with an empty body"
        );
        assert_eq!(e.operation(), Some("GetDistribution"));
    }

    #[test]
    fn not_disabled_message_says_what_to_do() {
        let e = Error::Service(ServiceError {
            status: 409,
            code: "DistributionNotDisabled".into(),
            message: "The distribution you are trying to delete has not been disabled.".into(),
            error_type: Some("Sender".into()),
            request_id: Some("r-1".into()),
            operation: None,
        });
        let text = e.to_string();
        assert!(text.contains("disable the distribution"), "{text}");
        assert!(text.contains("Deployed"), "{text}");
        assert!(e.is_distribution_not_disabled());
    }
}
