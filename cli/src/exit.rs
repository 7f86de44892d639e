//! Exit codes a script can use (also in `cloudfront --help` and the README), and the hint
//! printed under an error.

use std::fmt;

use cloudfront::Error;

/// Success.
pub const OK: i32 = 0;
/// Any other error.
pub const OTHER: i32 = 1;
/// Bad arguments (clap exits with 2 too).
pub const USAGE: i32 = 2;
/// No such distribution or invalidation.
pub const NOT_FOUND: i32 = 3;
/// Someone else changed the resource: the ETag was stale.
pub const PRECONDITION_FAILED: i32 = 4;
/// A wait ran out of time.
pub const TIMED_OUT: i32 = 5;

/// `config put` / `config edit` met a newer configuration than the one it was given.
#[derive(Debug)]
pub struct Stale {
    /// The distribution.
    pub id: String,
    /// The ETag sent in `If-Match`.
    pub etag: String,
}

impl fmt::Display for Stale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "distribution {} changed since ETag {} was read: nothing was written",
            self.id, self.etag
        )
    }
}

impl std::error::Error for Stale {}

/// The exit code and a hint for `err`.
pub fn classify(err: &anyhow::Error) -> (i32, &'static str) {
    if err.downcast_ref::<Stale>().is_some() {
        return (
            PRECONDITION_FAILED,
            "someone else changed it: read it again (config get), reapply your change, or pass --force to overwrite",
        );
    }
    for cause in err.chain() {
        if let Some(e) = cause.downcast_ref::<Error>() {
            if e.is_not_found() {
                return (
                    NOT_FOUND,
                    "check the id (cloudfront ls, cloudfront invalidations ID)",
                );
            }
            if e.is_precondition_failed() || e.code() == Some("ConflictException") {
                return (
                    PRECONDITION_FAILED,
                    "someone else changed it: read it again and retry",
                );
            }
            if matches!(e, Error::WaiterTimeout(_)) {
                return (
                    TIMED_OUT,
                    "it may still finish: wait again (cloudfront wait ...) with a longer --timeout",
                );
            }
            if matches!(e, Error::Credentials(_)) {
                return (
                    OTHER,
                    "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or pick a profile with --profile",
                );
            }
            if matches!(e, Error::InvalidInput(_)) {
                return (USAGE, "nothing was sent; fix the input");
            }
        }
    }
    (OTHER, "")
}
