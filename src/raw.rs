//! Calling any of CloudFront's 167 operations, including those without a typed method here,
//! through the same pipeline as the typed ones: SigV4 signing, retries with backoff, and
//! error responses decoded into [`Error`].
//!
//! ```no_run
//! # fn main() -> Result<(), cloudfront::Error> {
//! use cloudfront::{Client, RawRequest};
//!
//! let client = Client::from_env()?;
//! // ListCachePolicies, which has no typed method (yet):
//! let resp = client.send_raw(
//!     RawRequest::get("/2020-05-31/cache-policy").query("Type", "managed").query("MaxItems", "10"),
//! )?;
//! println!("{}", String::from_utf8_lossy(&resp.body));
//! # Ok(()) }
//! ```

use crate::client::Client;
use crate::error::{Error, InvalidInput};
use crate::operation::{API_PREFIX, Operation};
use crate::transport::HttpResponse;

/// A request for [`Client::send_raw`]: method, path under `/2020-05-31/`, query, headers,
/// XML body.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct RawRequest {
    method: &'static str,
    path: String,
    query: Vec<(String, Option<String>)>,
    headers: Vec<(String, String)>,
    body: Option<String>,
    idempotent: Option<bool>,
}

impl RawRequest {
    fn new(method: &'static str, path: impl Into<String>, body: Option<String>) -> Self {
        RawRequest {
            method,
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            body,
            idempotent: None,
        }
    }

    /// A GET of `path` (e.g. `/2020-05-31/cache-policy/ID`; ids percent-encoded by you).
    pub fn get(path: impl Into<String>) -> Self {
        RawRequest::new("GET", path, None)
    }

    /// A DELETE of `path`.
    pub fn delete(path: impl Into<String>) -> Self {
        RawRequest::new("DELETE", path, None)
    }

    /// A POST of an XML body to `path`.
    pub fn post(path: impl Into<String>, xml: impl Into<String>) -> Self {
        RawRequest::new("POST", path, Some(xml.into()))
    }

    /// A PUT of an XML body to `path`.
    pub fn put(path: impl Into<String>, xml: impl Into<String>) -> Self {
        RawRequest::new("PUT", path, Some(xml.into()))
    }

    /// Adds a query parameter (encoded for you).
    pub fn query(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((key.into(), Some(value.into())));
        self
    }

    /// Adds a query flag without a value, such as `WithTags`.
    pub fn flag(mut self, key: impl Into<String>) -> Self {
        self.query.push((key.into(), None));
        self
    }

    /// Adds a header, such as `If-Match`.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Whether the request may be resent after a failure in which the server may have acted
    /// on it. Default: true for GET and DELETE, false for POST and PUT (set it for a create
    /// with a fixed caller reference, or a PUT with `If-Match`).
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = Some(idempotent);
        self
    }

    fn into_operation(self) -> Result<Operation, InvalidInput> {
        let valid_path = self.path.starts_with(&format!("{API_PREFIX}/"))
            && self
                .path
                .bytes()
                .all(|b| b.is_ascii_graphic() && b != b'?' && b != b'#');
        if !valid_path {
            return Err(InvalidInput::new(format!(
                "raw request path {:?} must start with {API_PREFIX}/ and hold no spaces, query or fragment (use .query())",
                self.path
            )));
        }
        for (name, value) in &self.headers {
            if name.is_empty()
                || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                || value.chars().any(|c| c.is_control())
            {
                return Err(InvalidInput::new(format!(
                    "raw request header {name:?} is not a valid header"
                )));
            }
        }
        let mut op = Operation::new("RawRequest", self.method, self.path);
        for (k, v) in self.query {
            op = match v {
                Some(v) => op.query(k, v),
                None => op.flag(k),
            };
        }
        for (k, v) in self.headers {
            op = op.header(k, v);
        }
        if let Some(body) = self.body {
            op = op.body(body);
        }
        if let Some(i) = self.idempotent {
            op = op.idempotent(i);
        }
        Ok(op)
    }
}

impl Client {
    /// Sends a request this crate has no typed method for, signed and retried like every
    /// other call. A 2xx response is returned as is (status, headers such as `ETag`, body);
    /// an error response becomes the usual typed [`Error`].
    ///
    /// ```no_run
    /// use cloudfront::{Client, RawRequest};
    ///
    /// let client = Client::from_env()?;
    /// let resp = client.send_raw(
    ///     RawRequest::get("/2020-05-31/origin-request-policy").query("MaxItems", "10"),
    /// )?;
    /// println!("{}", String::from_utf8_lossy(&resp.body));
    /// # Ok::<(), cloudfront::Error>(())
    /// ```
    pub fn send_raw(&self, request: RawRequest) -> Result<HttpResponse, Error> {
        self.execute(&request.into_operation()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_the_operation() {
        let op = RawRequest::put("/2020-05-31/cache-policy/ABC", "<CachePolicyConfig/>")
            .header("If-Match", "E1")
            .query("a b", "c/d")
            .flag("WithTags")
            .idempotent(true)
            .into_operation()
            .unwrap();
        assert_eq!(op.method, "PUT");
        assert_eq!(
            op.path_and_query(),
            "/2020-05-31/cache-policy/ABC?a%20b=c%2Fd&WithTags"
        );
        assert!(op.idempotent);
        assert_eq!(op.body.as_deref(), Some(&b"<CachePolicyConfig/>"[..]));
        assert!(
            !RawRequest::post("/2020-05-31/x", "")
                .into_operation()
                .unwrap()
                .idempotent
        );
        assert!(
            RawRequest::delete("/2020-05-31/x")
                .into_operation()
                .unwrap()
                .idempotent
        );
    }

    #[test]
    fn refuses_bad_paths_and_headers() {
        for path in [
            "/2019-03-26/x",
            "2020-05-31/x",
            "/2020-05-31/a b",
            "/2020-05-31/x?y=1",
            "/2020-05-31/x#f",
        ] {
            assert!(RawRequest::get(path).into_operation().is_err(), "{path}");
        }
        assert!(
            RawRequest::get("/2020-05-31/x")
                .header("bad name", "v")
                .into_operation()
                .is_err()
        );
        assert!(
            RawRequest::get("/2020-05-31/x")
                .header("X-Ok", "a\r\nb")
                .into_operation()
                .is_err()
        );
    }
}
