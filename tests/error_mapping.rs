//! Error responses through the whole pipeline, on real-shaped bodies: CloudFront's
//! `ErrorResponse` XML becomes `Error::Service` with status, code, message and request id;
//! anything else (JSON, HTML, nothing) becomes `Error::UnexpectedResponse` with the status
//! and a bounded snippet. Never a panic, never a secret in the message.

use std::sync::Arc;

use cloudfront::transport::{Expectation, MockTransport};
use cloudfront::{Client, Credentials, Error, RetryPolicy, UnexpectedResponse};

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const PATH: &str = "/2020-05-31/distribution/EDFDVBD6EXAMPLE";

fn client_with(expectation: Expectation) -> (Client, Arc<MockTransport>) {
    let mock = Arc::new(MockTransport::new());
    mock.expect(expectation);
    let client = Client::builder()
        .credentials(Credentials::new("AKIDEXAMPLE", SECRET).with_session_token("SESSIONTOKEN"))
        .shared_transport(mock.clone())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    (client, mock)
}

fn cloudfront_error(status: u16, code: &str, message: &str) -> Expectation {
    Expectation::get(PATH)
        .respond(status)
        .response_header("content-type", "text/xml")
        .response_header("x-amz-request-id", "header-request-id")
        .response_body(format!(
            r#"<?xml version="1.0"?>
<ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">
  <Error>
    <Type>Sender</Type>
    <Code>{code}</Code>
    <Message>{message}</Message>
  </Error>
  <RequestId>b0e5e9a1-1111-2222-3333-444455556666</RequestId>
</ErrorResponse>"#
        ))
}

fn assert_no_secret(err: &Error) {
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(!text.contains(SECRET), "{text}");
        assert!(!text.contains("SESSIONTOKEN"), "{text}");
    }
}

#[test]
fn no_such_distribution_404() {
    let (client, mock) = client_with(cloudfront_error(
        404,
        "NoSuchDistribution",
        "The specified distribution does not exist.",
    ));
    let err = client.distribution("EDFDVBD6EXAMPLE").unwrap_err();
    match &err {
        Error::Service(s) => {
            assert_eq!(s.status, 404);
            assert_eq!(s.code, "NoSuchDistribution");
            assert_eq!(s.message, "The specified distribution does not exist.");
            assert_eq!(s.error_type.as_deref(), Some("Sender"));
            assert_eq!(
                s.request_id.as_deref(),
                Some("b0e5e9a1-1111-2222-3333-444455556666"),
                "the body's RequestId wins over the header"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(err.is_not_found());
    assert!(!err.is_retryable());
    assert!(err.to_string().contains("NoSuchDistribution"));
    assert_no_secret(&err);
    mock.verify().unwrap();
}

#[test]
fn precondition_failed_412() {
    let (client, _mock) = client_with(cloudfront_error(
        412,
        "PreconditionFailed",
        "The precondition given in one or more of the request-header fields evaluated to false.",
    ));
    let err = client.distribution("EDFDVBD6EXAMPLE").unwrap_err();
    assert!(err.is_precondition_failed());
    assert_eq!(err.status(), Some(412));
    assert!(!err.is_not_found());
    assert_no_secret(&err);
}

#[test]
fn invalid_if_match_version_400() {
    let (client, _mock) = client_with(cloudfront_error(
        400,
        "InvalidIfMatchVersion",
        "The If-Match version is missing or not valid for the resource.",
    ));
    let err = client.distribution("EDFDVBD6EXAMPLE").unwrap_err();
    assert!(err.is_invalid_if_match_version());
    assert_eq!(err.code(), Some("InvalidIfMatchVersion"));
    assert_eq!(err.status(), Some(400));
    assert!(!err.is_precondition_failed());
}

#[test]
fn json_body_is_kept_as_a_snippet() {
    let (client, _mock) = client_with(
        Expectation::get(PATH)
            .respond(400)
            .response_header("content-type", "application/json")
            .response_header("x-amzn-requestid", "moto-request-id")
            .response_body(r#"{"__type": "InvalidToken", "message": "Invalid token"}"#),
    );
    let err = client.distribution("EDFDVBD6EXAMPLE").unwrap_err();
    match &err {
        Error::UnexpectedResponse(u) => {
            assert_eq!(u.status, 400);
            assert_eq!(u.content_type.as_deref(), Some("application/json"));
            assert!(u.body_snippet.contains("InvalidToken"));
            assert_eq!(u.request_id.as_deref(), Some("moto-request-id"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(err.code(), None);
    assert_eq!(err.request_id(), Some("moto-request-id"));
}

#[test]
fn html_body_from_a_proxy_is_bounded() {
    let page = format!(
        "<html><head><title>502 Bad Gateway</title></head><body>{}</body></html>",
        "x".repeat(100_000)
    );
    let (client, _mock) = client_with(
        Expectation::get(PATH)
            .respond(502)
            .response_header("content-type", "text/html")
            .response_body(page),
    );
    let err = client.distribution("EDFDVBD6EXAMPLE").unwrap_err();
    match &err {
        Error::UnexpectedResponse(u) => {
            assert_eq!(u.status, 502);
            assert!(u.body_snippet.starts_with("<html>"));
            assert!(u.body_snippet.len() <= UnexpectedResponse::SNIPPET_LIMIT + 3);
        }
        other => panic!("{other:?}"),
    }
    assert!(err.is_retryable());
    assert!(err.to_string().len() < 1000, "Display stays short");
}

#[test]
fn empty_body_is_an_unexpected_response() {
    let (client, _mock) = client_with(Expectation::get(PATH).respond(503));
    let err = client.distribution("EDFDVBD6EXAMPLE").unwrap_err();
    match &err {
        Error::UnexpectedResponse(u) => {
            assert_eq!(u.status, 503);
            assert!(u.body_snippet.is_empty());
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("empty body"), "{err}");
}

#[test]
fn non_utf8_error_body_is_an_unexpected_response_with_a_lossy_snippet() {
    let (client, _mock) = client_with(
        Expectation::get(PATH)
            .respond(500)
            .response_body(vec![0xff, 0xfe, b'<', 0x80, 0x00]),
    );
    let err = client.distribution("EDFDVBD6EXAMPLE").unwrap_err();
    match &err {
        Error::UnexpectedResponse(u) => {
            assert_eq!(u.status, 500);
            assert_eq!(u.body_snippet, "\u{FFFD}\u{FFFD}<\u{FFFD}\u{0}");
        }
        other => panic!("expected UnexpectedResponse, got {other:?}"),
    }
    assert!(err.to_string().contains("500"), "{err}");
}

#[test]
fn errors_work_with_anyhow_and_question_mark() {
    fn call(client: &Client) -> anyhow::Result<()> {
        client.distribution("EDFDVBD6EXAMPLE")?;
        Ok(())
    }
    let (client, _mock) = client_with(cloudfront_error(404, "NoSuchDistribution", "gone"));
    let err = call(&client).unwrap_err();
    let typed = err
        .downcast_ref::<Error>()
        .expect("the typed error survives anyhow");
    assert!(typed.is_not_found());
}

#[test]
fn client_is_clone_send_sync() {
    fn assert_traits<T: Clone + Send + Sync + 'static>() {}
    assert_traits::<Client>();
}
