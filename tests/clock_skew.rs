//! Clock skew: a request rejected with `RequestTimeTooSkewed` (or `SignatureDoesNotMatch`)
//! whose `Date` header is far from the local clock is signed again once with the server's
//! time; later requests keep the correction. A fake server (the mock transport) is skewed.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cloudfront::clock::ManualClock;
use cloudfront::transport::{Expectation, MockTransport};
use cloudfront::{Client, Credentials, RawRequest, RetryPolicy};

/// 2026-11-24T23:46:40Z on this machine.
fn local_now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_795_564_000)
}

fn skew_error(code: &str) -> String {
    format!(
        r#"<?xml version="1.0"?><ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Error><Type>Sender</Type><Code>{code}</Code><Message>The difference between the request time and the current time is too large.</Message></Error><RequestId>skew-1</RequestId></ErrorResponse>"#
    )
}

fn client(mock: &Arc<MockTransport>) -> Client {
    Client::builder()
        .credentials(Credentials::new("AKIDEXAMPLE", "secret"))
        .shared_transport(mock.clone())
        .clock(Arc::new(ManualClock::new(local_now())))
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

fn get(client: &Client) -> Result<(), cloudfront::Error> {
    client
        .send_raw(RawRequest::get("/2020-05-31/distribution"))
        .map(|_| ())
}

#[test]
fn request_time_too_skewed_is_signed_again_with_the_servers_time() {
    // The server is 1 h 2 min ahead.
    let server_now = local_now() + Duration::from_secs(3720);
    let mock = Arc::new(MockTransport::new());
    mock.expect(
        Expectation::any()
            .respond(403)
            .response_header("Date", &httpdate::fmt_http_date(server_now))
            .response_body(skew_error("RequestTimeTooSkewed")),
    );
    mock.expect(Expectation::any().respond(200).times(2));
    let client = client(&mock);
    // One attempt allowed (RetryPolicy::none): the correction does not spend it.
    get(&client).unwrap();
    get(&client).unwrap();
    let sent = mock.requests();
    assert_eq!(sent.len(), 3);
    assert_eq!(sent[0].header("x-amz-date"), Some("20261124T234640Z"));
    assert_eq!(sent[1].header("x-amz-date"), Some("20261125T004840Z"));
    assert_eq!(
        sent[2].header("x-amz-date"),
        Some("20261125T004840Z"),
        "kept"
    );
    assert!(
        sent[1]
            .header("authorization")
            .unwrap()
            .contains("/20261125/us-east-1/cloudfront/")
    );
    mock.verify().unwrap();
}

#[test]
fn signature_does_not_match_with_a_close_date_is_not_retried() {
    let mock = Arc::new(MockTransport::new());
    mock.expect(
        Expectation::any()
            .respond(403)
            .response_header(
                "Date",
                &httpdate::fmt_http_date(local_now() + Duration::from_secs(30)),
            )
            .response_body(skew_error("SignatureDoesNotMatch")),
    );
    let err = get(&client(&mock)).unwrap_err();
    assert_eq!(err.code(), Some("SignatureDoesNotMatch"));
    assert_eq!(mock.requests().len(), 1);
}

#[test]
fn skew_is_corrected_once_per_call_even_if_the_server_keeps_refusing() {
    let behind = local_now() - Duration::from_secs(7200);
    let mock = Arc::new(MockTransport::new());
    mock.expect(
        Expectation::any()
            .respond(403)
            .response_header("Date", &httpdate::fmt_http_date(behind))
            .response_body(skew_error("RequestTimeTooSkewed"))
            .times(2),
    );
    let err = get(&client(&mock)).unwrap_err();
    assert_eq!(err.code(), Some("RequestTimeTooSkewed"));
    let sent = mock.requests();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[1].header("x-amz-date"), Some("20261124T214640Z"));
}

#[test]
fn a_skew_error_without_a_date_header_is_returned_as_is() {
    let mock = Arc::new(MockTransport::new());
    mock.expect(
        Expectation::any()
            .respond(403)
            .response_body(skew_error("RequestTimeTooSkewed")),
    );
    assert!(get(&client(&mock)).is_err());
    assert_eq!(mock.requests().len(), 1);
}
