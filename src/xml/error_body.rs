//! The error document of a failed call: `<ErrorResponse><Error><Type/><Code/><Message/>
//! </Error><RequestId/></ErrorResponse>`, or a bare `<Error>` (as S3-style services and some
//! emulators send). The client turns it into a [`crate::ServiceError`].

use super::read;

/// The members of an error document, as sent (unbounded; the caller bounds them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ErrorBody {
    /// `Code`, required: a document without one is not an error document.
    pub(crate) code: String,
    /// `Message`, empty when absent.
    pub(crate) message: String,
    /// `Type` (`Sender` or `Receiver`).
    pub(crate) error_type: Option<String>,
    /// `RequestId`, beside `Error` or inside it; never empty.
    pub(crate) request_id: Option<String>,
}

/// The error document in `body`, or `None` when the body is not one (not UTF-8, not XML,
/// another root, no `Code`).
pub(crate) fn decode_error_body(body: &[u8]) -> Option<ErrorBody> {
    let text = std::str::from_utf8(body).ok()?;
    let doc = read::parse_document(text).ok()?;
    let root = doc.root_element();
    let error = if root.has_tag_name("Error") {
        root
    } else if root.has_tag_name("ErrorResponse") {
        read::child(root, "Error")?
    } else {
        return None;
    };
    let member = |node, name| read::opt_child_string(node, name).ok().flatten();
    Some(ErrorBody {
        code: member(error, "Code")?,
        message: member(error, "Message").unwrap_or_default(),
        error_type: member(error, "Type"),
        request_id: member(root, "RequestId")
            .or_else(|| member(error, "RequestId"))
            .filter(|s| !s.is_empty()),
    })
}

/// Only the `Code` of the first `Error` element, for the retry decision; `None` when the body
/// does not look like XML.
pub(crate) fn peek_error_code(body: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    if !text.trim_start().starts_with('<') {
        return None;
    }
    let doc = read::parse_document(text).ok()?;
    let error = doc.descendants().find(|n| n.has_tag_name("Error"))?;
    read::opt_child_string(error, "Code").ok()?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_cloudfront_error_response() {
        let body = br#"<?xml version="1.0"?>
<ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">
  <Error><Type>Sender</Type><Code>NoSuchDistribution</Code><Message>The specified distribution does not exist.</Message></Error>
  <RequestId>5e3c1a2b-0000-4000-8000-000000000000</RequestId>
</ErrorResponse>"#;
        assert_eq!(
            decode_error_body(body),
            Some(ErrorBody {
                code: "NoSuchDistribution".into(),
                message: "The specified distribution does not exist.".into(),
                error_type: Some("Sender".into()),
                request_id: Some("5e3c1a2b-0000-4000-8000-000000000000".into()),
            })
        );
    }

    #[test]
    fn reads_a_bare_error_with_its_request_id_inside() {
        let body = b"<Error><Code>Throttling</Code><RequestId>r-1</RequestId></Error>";
        let e = decode_error_body(body).unwrap();
        assert_eq!((e.code.as_str(), e.message.as_str()), ("Throttling", ""));
        assert_eq!(e.request_id.as_deref(), Some("r-1"));
        assert_eq!(e.error_type, None);
    }

    #[test]
    fn the_code_is_peeked_from_any_error_element() {
        let wrapped = b"<ErrorResponse><Error><Code>Throttling</Code></Error></ErrorResponse>";
        assert_eq!(peek_error_code(wrapped).as_deref(), Some("Throttling"));
        assert_eq!(
            peek_error_code(b"  <Error><Code>SlowDown</Code></Error>").as_deref(),
            Some("SlowDown")
        );
        assert_eq!(peek_error_code(b"{\"__type\":\"Throttling\"}"), None);
        assert_eq!(
            peek_error_code(b"<Error><Message>m</Message></Error>"),
            None
        );
    }

    #[test]
    fn other_bodies_are_not_error_documents() {
        for body in [
            &b""[..],
            b"<html>502</html>",
            b"<ErrorResponse><Error><Message>no code</Message></Error></ErrorResponse>",
            b"<Error><Code>x</Code>",
            b"\xff\xfe<Error/>",
        ] {
            assert_eq!(decode_error_body(body), None, "{body:?}");
        }
    }
}
