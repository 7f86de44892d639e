//! The KeyValueStore's modelled errors as a kind, read from an [`Error::Service`].

use crate::error::Error;

/// The errors `model/cloudfront-keyvaluestore/service-2.json` declares, with their HTTP
/// statuses. Other codes (throttling, signature errors) stay plain [`Error::Service`]s.
///
/// ```
/// use cloudfront::kvs::ErrorKind;
///
/// fn explain(err: &cloudfront::Error) -> &'static str {
///     match ErrorKind::of(err) {
///         Some(ErrorKind::Conflict) => "the store changed since its ETag was read: re-read it",
///         Some(ErrorKind::ResourceNotFound) => "no such store or key",
///         Some(ErrorKind::ServiceQuotaExceeded) => "the store is full",
///         _ => "failed",
///     }
/// }
/// # let _ = explain;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// `ConflictException` (409): the `If-Match` ETag is not the store's current version, or
    /// the store is busy.
    Conflict,
    /// `ValidationException` (400).
    Validation,
    /// `ResourceNotFoundException` (404): no such store, or no such key.
    ResourceNotFound,
    /// `ServiceQuotaExceededException` (402).
    ServiceQuotaExceeded,
    /// `AccessDeniedException` (403).
    AccessDenied,
    /// `InternalServerException` (500; retried by the client's policy).
    InternalServer,
}

impl ErrorKind {
    /// The kind of a KeyValueStore service error, `None` for any other error.
    pub fn of(err: &Error) -> Option<ErrorKind> {
        Some(match err.as_service()?.code.as_str() {
            "ConflictException" => ErrorKind::Conflict,
            "ValidationException" => ErrorKind::Validation,
            "ResourceNotFoundException" => ErrorKind::ResourceNotFound,
            "ServiceQuotaExceededException" => ErrorKind::ServiceQuotaExceeded,
            "AccessDeniedException" => ErrorKind::AccessDenied,
            "InternalServerException" => ErrorKind::InternalServer,
            _ => return None,
        })
    }

    /// The error code, as the service sends it.
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::Conflict => "ConflictException",
            ErrorKind::Validation => "ValidationException",
            ErrorKind::ResourceNotFound => "ResourceNotFoundException",
            ErrorKind::ServiceQuotaExceeded => "ServiceQuotaExceededException",
            ErrorKind::AccessDenied => "AccessDeniedException",
            ErrorKind::InternalServer => "InternalServerException",
        }
    }
}
