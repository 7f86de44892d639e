//! How KeyValueStore requests travel through the client's pipeline: to the store's endpoint,
//! with JSON bodies, signed with SigV4A (region set `*`, service `cloudfront-keyvaluestore`,
//! the derived key cached per credentials), and failed responses read as rest-json errors:
//! the code from the `x-amzn-ErrorType` header, else the body's `__type` (or `code`), its
//! namespace (`…#`) and suffix (`:…`) cut off.

use std::sync::Arc;
use std::time::SystemTime;

use crate::auth::Credentials;
use crate::auth::sigv4::SigningSettings;
use crate::auth::sigv4a::{self, KeyCache, SigningParams};
use crate::client::{Client, Wire};
use crate::error::{Error, ServiceError, UnexpectedResponse};
use crate::json_doc::{self, json_string};
use crate::transport::{HttpRequest, HttpResponse};

/// The service name in the SigV4A scope.
pub const SIGNING_SERVICE: &str = "cloudfront-keyvaluestore";
/// The SigV4A region set: every region.
pub const REGION_SET: &str = "*";

/// Error bodies larger than this are not parsed for a code (the status still counts).
const MAX_ERROR_BODY: usize = 64 * 1024;

/// The KeyValueStore's wire: one per store handle, its key cache shared by its clones.
#[derive(Debug, Clone)]
pub(crate) struct KvsWire {
    pub base_url: String,
    pub keys: Arc<KeyCache>,
}

impl Wire for KvsWire {
    fn base_url<'a>(&'a self, _client: &'a Client) -> &'a str {
        &self.base_url
    }

    fn content_type(&self) -> &'static str {
        "application/json"
    }

    fn sign(
        &self,
        _client: &Client,
        request: &mut HttpRequest,
        credentials: &Credentials,
        time: SystemTime,
    ) -> Result<(), Error> {
        let key = self.keys.key_for(credentials)?;
        sigv4a::sign_request(
            request,
            &SigningParams {
                credentials,
                region_set: REGION_SET,
                service: SIGNING_SERVICE,
                time,
            },
            &SigningSettings::new(),
            &key,
        )?;
        Ok(())
    }

    fn error_code(&self, resp: &HttpResponse) -> Option<String> {
        error_code(resp)
    }

    fn error(&self, resp: &HttpResponse) -> Error {
        error_from_json_response(resp)
    }
}

/// `ConflictException` from `ConflictException:http://internal.amazon.com/…` or
/// `com.amazonaws.cloudfrontkeyvaluestore#ConflictException`.
fn clean_code(raw: &str) -> Option<String> {
    let code = raw.split(':').next().unwrap_or("");
    let code = code.rsplit('#').next().unwrap_or("").trim();
    (!code.is_empty()).then(|| crate::error::bounded_owned(code))
}

fn parsed_body(resp: &HttpResponse) -> Option<json_doc::Json> {
    if resp.body.len() > MAX_ERROR_BODY {
        return None;
    }
    json_doc::parse_json(&resp.body).ok()
}

/// The error code of a failed rest-json response (module docs), if it has one.
pub(crate) fn error_code(resp: &HttpResponse) -> Option<String> {
    if let Some(code) = resp.header("x-amzn-errortype").and_then(clean_code) {
        return Some(code);
    }
    let doc = parsed_body(resp)?;
    ["__type", "code", "Code"]
        .iter()
        .find_map(|k| json_string(&doc, k).and_then(clean_code))
}

/// A failed KeyValueStore response as an [`Error`]: [`Error::Service`] when it names an
/// error code (message from the body's `message` or `Message`, cut to a bounded size),
/// else [`Error::UnexpectedResponse`] with a bounded snippet.
pub fn error_from_json_response(resp: &HttpResponse) -> Error {
    let request_id = resp
        .header("x-amzn-requestid")
        .or_else(|| resp.header("x-amz-request-id"))
        .map(crate::error::bounded_owned);
    match error_code(resp) {
        Some(code) => {
            let message = parsed_body(resp)
                .and_then(|doc| {
                    ["message", "Message"]
                        .iter()
                        .find_map(|k| json_string(&doc, k).map(crate::error::bounded_owned))
                })
                .unwrap_or_default();
            Error::Service(ServiceError {
                status: resp.status,
                code,
                message,
                error_type: None,
                request_id,
                operation: None,
            })
        }
        None => Error::UnexpectedResponse(UnexpectedResponse::new(
            resp.status,
            resp.header("content-type").map(str::to_string),
            &resp.body,
            request_id,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn the_code_comes_from_the_header_then_the_body() {
        let e = error_from_json_response(&resp(
            409,
            &[
                (
                    "x-amzn-ErrorType",
                    "ConflictException:http://internal.amazon.com/coral/com.amazonaws.cloudfrontkeyvaluestore/",
                ),
                ("x-amzn-RequestId", "req-1"),
            ],
            r#"{"Message":"Pre-condition failed: ETag mismatch"}"#,
        ));
        assert_eq!(e.code(), Some("ConflictException"));
        assert_eq!(e.status(), Some(409));
        assert_eq!(e.request_id(), Some("req-1"));
        assert_eq!(
            e.as_service().unwrap().message,
            "Pre-condition failed: ETag mismatch"
        );
        let e = error_from_json_response(&resp(
            400,
            &[],
            r#"{"__type":"com.amazonaws.cloudfrontkeyvaluestore#ValidationException","message":"bad key"}"#,
        ));
        assert_eq!(e.code(), Some("ValidationException"));
        assert_eq!(e.as_service().unwrap().message, "bad key");
    }

    #[test]
    fn bodies_without_a_code_are_unexpected_responses() {
        for body in ["<html>Bad Gateway</html>", "", "[1,2", r#"{"a":1}"#] {
            let e = error_from_json_response(&resp(502, &[], body));
            assert!(
                matches!(e, Error::UnexpectedResponse(ref u) if u.status == 502),
                "{e:?}"
            );
        }
        let huge = format!(r#"{{"__type":"X","pad":"{}"}}"#, "a".repeat(MAX_ERROR_BODY));
        assert!(matches!(
            error_from_json_response(&resp(500, &[], &huge)),
            Error::UnexpectedResponse(_)
        ));
    }
}
