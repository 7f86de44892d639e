//! CloudFront Functions beyond CRUD (`cloudfront::resources::function`): create or update from
//! a file's bytes (nothing sent when unchanged), test with an event object (logs, error and
//! output typed), and publish exactly the tested ETag. Create/describe/get against moto; the
//! operations moto lacks (UpdateFunction, TestFunction, PublishFunction) from
//! `fixtures/functions/` in the real service's shapes.

#![cfg(feature = "ureq")] // the moto test records over UreqTransport

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use base64::Engine as _;
use cloudfront::resources::function::{FunctionRuntime, FunctionSource, FunctionStage};
use cloudfront::transport::{Expectation, MockTransport, RecordingTransport, UreqTransport};
use cloudfront::{Client, Credentials, Error, RetryPolicy, UpdateOptions};
use common::moto::moto;

const BASE: &str = "/2020-05-31/function/redirect";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/functions")
        .join(name)
}

fn bytes(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).expect("fixture")
}

fn source() -> FunctionSource {
    FunctionSource::from_file(fixture("redirect.js"), FunctionRuntime::CloudfrontJs2_0)
        .unwrap()
        .comment("www redirect")
}

fn mock_client() -> (Client, Arc<MockTransport>) {
    let mock = Arc::new(MockTransport::new());
    let client = Client::builder()
        .credentials(Credentials::new("AKIDEXAMPLE", "fixture-secret"))
        .retry(RetryPolicy::default().jitter(false))
        .shared_transport(mock.clone())
        .build()
        .unwrap();
    (client, mock)
}

fn describe(etag: &str) -> Expectation {
    Expectation::get(&format!("{BASE}/describe"))
        .query("Stage", "DEVELOPMENT")
        .respond(200)
        .response_header("ETag", etag)
        .response_header("Content-Type", "text/xml")
        .response_body_file(fixture("describe-development.xml"))
}

fn test_call(etag: &str, result: &str) -> Expectation {
    let event = base64::engine::general_purpose::STANDARD.encode(bytes("event-apex.json"));
    Expectation::post(&format!("{BASE}/test"))
        .header("If-Match", etag)
        .body_contains(format!("<EventObject>{event}</EventObject>"))
        .body_contains("<Stage>DEVELOPMENT</Stage>")
        .respond(200)
        .response_header("Content-Type", "text/xml")
        .response_body_file(fixture(result))
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn put_function_creates_it_then_sends_nothing_when_the_file_is_unchanged() {
    let moto = moto();
    let recorder = Arc::new(RecordingTransport::in_memory(UreqTransport::new()));
    let client = Client::builder()
        .credentials(Credentials::new(
            "AKIDMOTOTEST",
            "moto-secret-never-checked",
        ))
        .endpoint(moto.endpoint())
        .shared_transport(recorder.clone())
        .build()
        .unwrap();
    let created = client.put_function("redirect", &source()).unwrap();
    assert_eq!(created.name, "redirect");
    assert_eq!(created.function_config.comment, "www redirect");
    assert_eq!(
        created.function_config.runtime,
        FunctionRuntime::CloudfrontJs2_0
    );
    let code = client
        .function_code("redirect", FunctionStage::Development)
        .unwrap();
    assert_eq!(code.value, bytes("redirect.js"));
    assert_eq!(client.function("redirect").unwrap().etag, created.etag);

    let before = recorder.exchanges().len();
    let again = client.put_function("redirect", &source()).unwrap();
    let calls: Vec<String> = recorder.exchanges()[before..]
        .iter()
        .map(|e| format!("{} {}", e.method, e.path_and_query))
        .collect();
    // The read of the read-modify-write (configuration and ETag, then the code); nothing
    // written.
    assert_eq!(
        calls,
        [
            format!("GET {BASE}/describe?Stage=DEVELOPMENT"),
            format!("GET {BASE}?Stage=DEVELOPMENT"),
        ]
    );
    assert_eq!(again.etag, created.etag);
}

#[test]
fn update_sends_the_new_code_with_the_read_etag_and_keeps_key_value_store_associations() {
    let (client, mock) = mock_client();
    let code = base64::engine::general_purpose::STANDARD.encode(bytes("redirect.js"));
    mock.expect(describe("ETVPDKIKX0DER"))
        .expect(
            Expectation::get(BASE)
                .query("Stage", "DEVELOPMENT")
                .respond(200)
                .response_header("ETag", "ETVPDKIKX0DER")
                .response_header("Content-Type", "application/octet-stream")
                .response_body(bytes("old-code.js")),
        )
        .expect(
            Expectation::put(BASE)
                .header("If-Match", "ETVPDKIKX0DER")
                .body_contains("<Comment>www redirect</Comment><Runtime>cloudfront-js-2.0</Runtime>")
                .body_contains("<KeyValueStoreARN>arn:aws:cloudfront::123456789012:key-value-store/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111</KeyValueStoreARN>")
                .body_contains(format!("<FunctionCode>{code}</FunctionCode>"))
                .respond(200)
                // The model spells UpdateFunction's ETag header `ETtag`.
                .response_header("ETtag", "E3UN6WX5RRO2AG")
                .response_header("Content-Type", "text/xml")
                .response_body_file(fixture("update.xml")),
        );
    let updated = client
        .update_function_from("redirect", &source(), UpdateOptions::new())
        .unwrap();
    mock.verify().unwrap();
    assert_eq!(updated.etag, "E3UN6WX5RRO2AG");
    assert_eq!(
        updated.function_metadata.last_modified_time.to_string(),
        "2026-11-25T12:00:01.000Z"
    );
}

#[test]
fn without_an_ettag_header_the_new_etag_comes_from_a_describe_after_the_update() {
    let (client, mock) = mock_client();
    mock.expect(describe("ETVPDKIKX0DER"))
        .expect(
            Expectation::get(BASE)
                .query("Stage", "DEVELOPMENT")
                .respond(200)
                .response_header("ETag", "ETVPDKIKX0DER")
                .response_body(bytes("old-code.js")),
        )
        .expect(
            Expectation::put(BASE)
                .header("If-Match", "ETVPDKIKX0DER")
                .respond(200)
                .response_header("Content-Type", "text/xml")
                .response_body_file(fixture("update.xml")),
        )
        .expect(describe("E3UN6WX5RRO2AG"));
    let updated = client.put_function("redirect", &source()).unwrap();
    mock.verify().unwrap();
    assert_eq!(updated.etag, "E3UN6WX5RRO2AG");
}

#[test]
fn a_passing_test_publishes_the_tested_etag_and_types_logs_and_output() {
    let (client, mock) = mock_client();
    mock.expect(describe("ETVPDKIKX0DER"))
        .expect(test_call("ETVPDKIKX0DER", "test-pass.xml"))
        .expect(
            Expectation::post(&format!("{BASE}/publish"))
                .header("If-Match", "ETVPDKIKX0DER")
                .respond(200)
                .response_header("Content-Type", "text/xml")
                .response_body_file(fixture("publish.xml")),
        );
    let event = bytes("event-apex.json");
    let release = client
        .test_and_publish_function("redirect", [event.as_slice()])
        .unwrap();
    mock.verify().unwrap();
    let test = &release.tests[0];
    assert!(test.passed());
    assert_eq!(test.etag, "ETVPDKIKX0DER");
    assert_eq!(test.logs, ["redirecting example.com/ to www", "done"]);
    assert_eq!(test.compute_utilization_percent(), Some(12));
    assert!(
        test.output
            .as_deref()
            .unwrap()
            .contains(r#""statusCode":302"#)
    );
    let published = release.published.expect("published");
    assert_eq!(published.function_metadata.stage, Some(FunctionStage::Live));
}

#[test]
fn a_failing_test_is_typed_and_nothing_is_published() {
    let (client, mock) = mock_client();
    mock.expect(describe("ETVPDKIKX0DER"))
        .expect(test_call("ETVPDKIKX0DER", "test-fail.xml"));
    let event = bytes("event-apex.json");
    // The second event is never tested: the run stops at the first failure.
    let release = client
        .test_and_publish_function("redirect", [event.as_slice(), event.as_slice()])
        .unwrap();
    mock.verify().unwrap();
    assert_eq!(release.tests.len(), 1);
    let test = &release.tests[0];
    assert!(!test.passed());
    assert_eq!(
        test.error.as_deref(),
        Some(r#"TypeError: cannot get property "value" of undefined"#)
    );
    assert_eq!(test.logs, ["host header missing"]);
    assert_eq!(test.output, None);
    assert!(release.published.is_none());
}

#[test]
fn a_change_between_test_and_publish_is_precondition_failed() {
    let (client, mock) = mock_client();
    mock.expect(describe("ETVPDKIKX0DER"))
        .expect(test_call("ETVPDKIKX0DER", "test-pass.xml"))
        .expect(
            Expectation::post(&format!("{BASE}/publish"))
                .header("If-Match", "ETVPDKIKX0DER")
                .respond(412)
                .response_body(
                    r#"<?xml version="1.0"?><ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Error><Type>Sender</Type><Code>PreconditionFailed</Code><Message>The request failed because it didn't meet the preconditions in one or more request-header fields.</Message></Error><RequestId>3ce3e0b5-1b64-4c5e-9d4b-4f9a0c2a1b77</RequestId></ErrorResponse>"#,
                ),
        );
    let event = bytes("event-apex.json");
    let err = client
        .test_and_publish_function("redirect", [event.as_slice()])
        .unwrap_err();
    mock.verify().unwrap();
    assert!(err.is_precondition_failed(), "{err}");
}

#[test]
fn bad_names_code_and_events_are_refused_before_anything_is_sent() {
    let (client, mock) = mock_client();
    let rt = FunctionRuntime::CloudfrontJs2_0;
    let errors = [
        client.put_function("bad name", &source()).unwrap_err(),
        client
            .put_function("redirect", &FunctionSource::new("", rt.clone()))
            .unwrap_err(),
        client
            .run_function_test("redirect", "E1", &vec![b' '; 40_961])
            .unwrap_err(),
        client
            .run_function_test("redirect", " ", b"{}")
            .unwrap_err(),
        client.publish_function_version("redirect", "").unwrap_err(),
        FunctionSource::from_file(fixture("missing.js"), rt).unwrap_err(),
    ];
    for err in errors {
        assert!(matches!(err, Error::InvalidInput(_)), "{err}");
    }
    assert!(mock.requests().is_empty());
}
