//! An operation value: everything the pipeline needs to send one API call.
//!
//! Resource modules build an [`Operation`]; [`crate::Client`] signs, sends, retries and hands
//! back the raw response for the resource module to decode. Building one does no I/O.

use std::borrow::Cow;

/// The API version prefix of every path.
pub(crate) const API_PREFIX: &str = "/2020-05-31";

/// One API call, before signing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Operation {
    /// The operation's name in the model, for logs and errors (`ListDistributions`).
    pub name: &'static str,
    /// `GET`, `POST`, `PUT`, `DELETE`.
    pub method: &'static str,
    /// Percent-encoded path starting with `/2020-05-31/`.
    pub path: String,
    /// Query parameters, not yet encoded, in the order given; `None` for a bare flag such as
    /// `?WithTags`.
    pub query: Vec<(Cow<'static, str>, Option<String>)>,
    /// Extra headers such as `If-Match`.
    pub headers: Vec<(Cow<'static, str>, String)>,
    /// The XML body, if any. The same bytes go out on every attempt.
    pub body: Option<Vec<u8>>,
    /// True when sending the request twice has the same effect as once, so that it may be
    /// retried after a failure in which the server may have processed it.
    pub idempotent: bool,
}

impl Operation {
    /// An operation with no query, headers or body. GET and DELETE are idempotent;
    /// others are not unless [`Operation::idempotent`] says so.
    pub fn new(name: &'static str, method: &'static str, path: String) -> Self {
        Operation {
            name,
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            idempotent: matches!(method, "GET" | "HEAD" | "DELETE"),
        }
    }

    /// Adds a query parameter.
    pub fn query(mut self, key: impl Into<Cow<'static, str>>, value: impl Into<String>) -> Self {
        self.query.push((key.into(), Some(value.into())));
        self
    }

    /// Adds a query flag without a value (`?WithTags`).
    pub fn flag(mut self, key: impl Into<Cow<'static, str>>) -> Self {
        self.query.push((key.into(), None));
        self
    }

    /// Adds a header.
    pub fn header(mut self, key: impl Into<Cow<'static, str>>, value: impl Into<String>) -> Self {
        self.headers.push((key.into(), value.into()));
        self
    }

    /// Sets the XML body.
    pub fn body(mut self, xml: String) -> Self {
        self.body = Some(xml.into_bytes());
        self
    }

    /// Declares the operation safe to repeat (e.g. a create whose `CallerReference` is fixed
    /// across attempts, or a PUT with `If-Match`).
    pub fn idempotent(mut self, yes: bool) -> Self {
        self.idempotent = yes;
        self
    }

    /// The path and query as they go on the wire: `/2020-05-31/distribution?MaxItems=1`.
    pub fn path_and_query(&self) -> String {
        let mut s = self.path.clone();
        for (i, (k, v)) in self.query.iter().enumerate() {
            s.push(if i == 0 { '?' } else { '&' });
            s.push_str(&percent_encode(k, false));
            if let Some(v) = v {
                s.push('=');
                s.push_str(&percent_encode(v, false));
            }
        }
        s
    }
}

pub(crate) use crate::encoding::percent_encode;

/// A path segment built from a caller-supplied id: percent-encoded, and never empty or a
/// dot segment (which would address another resource).
pub(crate) fn path_segment(what: &str, id: &str) -> Result<String, crate::Error> {
    if id.is_empty() {
        return Err(crate::Error::invalid_input(format!(
            "{what} must not be empty"
        )));
    }
    if id == "." || id == ".." {
        return Err(crate::Error::invalid_input(format!(
            "{what} {id:?} is not a valid id"
        )));
    }
    Ok(percent_encode(id, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_is_encoded() {
        let op = Operation::new(
            "ListDistributions",
            "GET",
            format!("{API_PREFIX}/distribution"),
        )
        .query("Marker", "a b/c+=")
        .query("MaxItems", "10");
        assert_eq!(
            op.path_and_query(),
            "/2020-05-31/distribution?Marker=a%20b%2Fc%2B%3D&MaxItems=10"
        );
        assert!(op.idempotent);
        let flagged = Operation::new(
            "CreateDistributionWithTags",
            "POST",
            format!("{API_PREFIX}/distribution"),
        )
        .flag("WithTags");
        assert_eq!(
            flagged.path_and_query(),
            "/2020-05-31/distribution?WithTags"
        );
    }

    #[test]
    fn ids_are_segments() {
        assert_eq!(path_segment("id", "E1/../x").unwrap(), "E1%2F..%2Fx");
        assert!(path_segment("id", "").is_err());
        assert!(path_segment("id", "..").is_err());
    }
}
