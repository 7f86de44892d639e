//! Hostile response bodies through the whole client pipeline (sign, send on a
//! `MockTransport`, decode): each ends in a typed error, with bounded memory.
//!
//! Memory is measured, not assumed: this test binary's global allocator is `cap::Cap`, which
//! counts every heap byte (`max_allocated` is the peak of the whole process) and refuses
//! anything past a hard limit, so a runaway allocation fails the run instead of swapping.
//! Time is not asserted (no wall-clock assertions); every case simply has to finish.

mod support;

use std::alloc::System;
use std::sync::{Arc, Mutex, MutexGuard};

use cap::Cap;
use cloudfront::transport::{Expectation, MockTransport};
use cloudfront::{Client, Credentials, Error, RetryPolicy};

const MIB: usize = 1024 * 1024;

/// Hard ceiling for the whole test binary: far above what any case legitimately needs,
/// far below what an allocation sized from a hostile `Quantity` would ask for.
#[global_allocator]
static ALLOC: Cap<System> = Cap::new(System, 1024 * MIB);

/// Peak heap allowed for one case beyond the body it was given (the body itself, a parsed
/// document of it, and the error are proportional to the input; nothing may be
/// proportional to what the document *claims*).
const PEAK_BUDGET: usize = 160 * MIB;

/// Cases run one at a time so that the process-wide peak is attributable to one case.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    SERIAL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn client_answering(body: Vec<u8>, status: u16) -> (Client, Arc<MockTransport>) {
    let mock = Arc::new(MockTransport::new());
    mock.expect(
        Expectation::any()
            .respond(status)
            .response_header("ETag", "E2QWRUHAPOMQZL")
            .response_body(body),
    );
    let client = Client::builder()
        .credentials(Credentials::new("AKIDEXAMPLE", "secret"))
        .shared_transport(mock.clone())
        .retry(RetryPolicy::none())
        .build()
        .expect("valid builder");
    (client, mock)
}

/// Runs `call` against a client whose one response has `body`, and checks the heap peak.
fn through_pipeline<T: std::fmt::Debug>(
    body: Vec<u8>,
    status: u16,
    call: impl FnOnce(&Client) -> Result<T, Error>,
) -> Error {
    let body_len = body.len();
    let (client, mock) = client_answering(body, status);
    let before = ALLOC.allocated();
    let err = call(&client).expect_err("a hostile body must not decode");
    assert_eq!(mock.requests().len(), 1, "exactly one request, no retry");
    let peak = ALLOC.max_allocated();
    assert!(
        peak < before + 4 * body_len + PEAK_BUDGET,
        "peak heap {} MiB (started at {} MiB, body {} MiB)",
        peak / MIB,
        before / MIB,
        body_len / MIB
    );
    // Whatever the body, the error's text stays small.
    assert!(
        err.to_string().len() < 4096,
        "{} bytes",
        err.to_string().len()
    );
    err
}

fn decode_message(err: &Error) -> &str {
    match err {
        Error::Decode(d) => &d.message,
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[test]
fn hundred_thousand_nested_elements_are_refused() {
    let _serial = serial();
    let n = 100_000;
    let body = format!(
        "<Distribution>{}{}</Distribution>",
        "<a>".repeat(n),
        "</a>".repeat(n)
    );
    let err = through_pipeline(body.into_bytes(), 200, |c| c.distribution("E1"));
    assert!(decode_message(&err).contains("nested deeper"), "{err}");
}

#[test]
fn nesting_hidden_from_the_depth_scan_by_attribute_values_is_still_bounded() {
    let _serial = serial();
    // `<a x="/>">` looks self-closing to a naive scan but opens an element.
    let n = 100_000;
    let body = format!(
        "<Distribution>{}{}</Distribution>",
        "<a x=\"/>\">".repeat(n),
        "</a>".repeat(n)
    );
    let err = through_pipeline(body.into_bytes(), 200, |c| c.distribution("E1"));
    assert!(decode_message(&err).contains("nested deeper"), "{err}");
}

#[test]
fn ten_megabyte_text_node_is_a_typed_error() {
    let _serial = serial();
    let body = format!("<Distribution>{}</Distribution>", "x".repeat(10 * MIB));
    let err = through_pipeline(body.into_bytes(), 200, |c| c.distribution("E1"));
    // Text where elements are expected: the first required member is missing.
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
}

#[test]
fn ten_megabyte_comment_is_kept_but_bounded() {
    let _serial = serial();
    // A legitimately shaped config whose Comment is 10 MB: decodes (it is valid), without
    // blowing up memory; the get must still fail here because Id and the rest are missing.
    let body = format!(
        "<DistributionConfig><Comment>{}</Comment></DistributionConfig>",
        "c".repeat(10 * MIB)
    );
    let err = through_pipeline(body.into_bytes(), 200, |c| c.distribution_config("E1"));
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
}

#[test]
fn billion_laughs_is_refused() {
    let _serial = serial();
    let mut dtd = String::from("<!DOCTYPE Distribution [<!ENTITY lol0 \"lol\">");
    for i in 1..10 {
        let prev = format!("&lol{};", i - 1);
        dtd.push_str(&format!("<!ENTITY lol{i} \"{}\">", prev.repeat(10)));
    }
    dtd.push(']');
    dtd.push('>');
    let body = format!("<?xml version=\"1.0\"?>{dtd}<Distribution><Id>&lol9;</Id></Distribution>");
    let err = through_pipeline(body.into_bytes(), 200, |c| c.distribution("E1"));
    assert!(decode_message(&err).contains("malformed XML"), "{err}");
}

#[test]
fn a_million_empty_summaries_are_a_typed_error() {
    let _serial = serial();
    let n = 1_000_000;
    let body = format!(
        "<DistributionList><Marker/><MaxItems>100</MaxItems><IsTruncated>false</IsTruncated>\
         <Quantity>{n}</Quantity><Items>{}</Items></DistributionList>",
        "<DistributionSummary/>".repeat(n)
    );
    let err = through_pipeline(body.into_bytes(), 200, |c| {
        c.distributions().next().expect("one page")
    });
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
}

#[test]
fn many_empty_aliases_with_a_lying_quantity_are_a_typed_error() {
    let _serial = serial();
    // Every <CNAME/> is a valid (empty) item: the whole list is read, then Quantity is
    // compared. Memory stays proportional to the body. (200,000 of them fit the parse
    // budget; a million are refused before parsing, see tests/memory_bound.rs.)
    let n = 200_000;
    let body = format!(
        "<DistributionConfig><CallerReference>r</CallerReference>\
         <Aliases><Quantity>1</Quantity><Items>{}</Items></Aliases></DistributionConfig>",
        "<CNAME/>".repeat(n)
    );
    let err = through_pipeline(body.into_bytes(), 200, |c| c.distribution_config("E1"));
    assert!(
        decode_message(&err).contains(&format!("Quantity is 1 but there are {n} items")),
        "{err}"
    );
}

#[test]
fn quantity_of_u64_max_with_one_item_is_a_typed_error_without_allocation() {
    let _serial = serial();
    let body = "<InvalidationList><Marker/><MaxItems>100</MaxItems><IsTruncated>false</IsTruncated>\
        <Quantity>18446744073709551615</Quantity><Items><InvalidationSummary><Id>I1</Id>\
        <CreateTime>2026-11-25T19:35:24Z</CreateTime><Status>Completed</Status>\
        </InvalidationSummary></Items></InvalidationList>";
    let err = through_pipeline(body.as_bytes().to_vec(), 200, |c| {
        c.invalidations("E1").next().expect("one page")
    });
    assert!(
        decode_message(&err).contains("Quantity is 18446744073709551615 but there are 1 items"),
        "{err}"
    );
}

#[test]
fn distribution_list_page_claiming_u64_max_items_is_a_typed_error() {
    let _serial = serial();
    let page = std::fs::read_to_string("fixtures/distribution/list-page.xml").unwrap();
    assert!(page.contains("<Quantity>3</Quantity>\n  <Items>"));
    let body = page.replacen(
        "<Quantity>3</Quantity>\n  <Items>",
        "<Quantity>18446744073709551615</Quantity>\n  <Items>",
        1,
    );
    let err = through_pipeline(body.into_bytes(), 200, |c| {
        c.distributions().next().expect("one page")
    });
    assert!(
        decode_message(&err).contains("Quantity is 18446744073709551615 but there are 3 items"),
        "{err}"
    );
}

#[test]
fn quantity_beyond_u64_is_a_typed_error() {
    let _serial = serial();
    let body = "<InvalidationList><Marker/><MaxItems>1</MaxItems><IsTruncated>false</IsTruncated>\
        <Quantity>99999999999999999999999999</Quantity></InvalidationList>";
    let err = through_pipeline(body.as_bytes().to_vec(), 200, |c| {
        c.invalidations("E1").next().expect("one page")
    });
    assert!(
        decode_message(&err).contains("expected an integer"),
        "{err}"
    );
}

#[test]
fn ten_megabyte_non_xml_error_body_gives_a_bounded_unexpected_response() {
    let _serial = serial();
    let body = vec![b'e'; 10 * MIB];
    let err = through_pipeline(body, 403, |c| c.distribution("E1"));
    match &err {
        Error::UnexpectedResponse(u) => {
            assert_eq!(u.status, 403);
            assert!(u.body_snippet.len() <= cloudfront::UnexpectedResponse::SNIPPET_LIMIT + 3);
        }
        other => panic!("expected UnexpectedResponse, got {other:?}"),
    }
}

#[test]
fn deeply_nested_error_body_is_an_unexpected_response() {
    let _serial = serial();
    let n = 100_000;
    let body = format!(
        "<ErrorResponse><Error>{}{}</Error></ErrorResponse>",
        "<a>".repeat(n),
        "</a>".repeat(n)
    );
    let err = through_pipeline(body.into_bytes(), 400, |c| c.distribution("E1"));
    assert!(
        matches!(err, Error::UnexpectedResponse(ref u) if u.status == 400),
        "{err:?}"
    );
}

#[test]
fn invalid_utf8_body_is_a_typed_error() {
    let _serial = serial();
    let mut body = b"<Distribution><Id>".to_vec();
    body.extend([0xff, 0xfe, 0xfd]);
    body.extend(b"</Id></Distribution>");
    let err = through_pipeline(body, 200, |c| c.distribution("E1"));
    assert!(decode_message(&err).contains("UTF-8"), "{err}");
}

/// The response body cap of the default transport, set through the client builder, applies
/// to a real HTTP response (127.0.0.1): the call fails with `BodyTooLarge`, not by reading
/// the whole body. (tests/transport_ureq.rs covers the transport itself, with and without
/// `Content-Length`, and a body exactly at the cap.)
#[cfg(feature = "ureq")]
#[test]
fn client_max_response_bytes_caps_the_default_transport() {
    use cloudfront::transport::TransportErrorKind;
    use support::{Reply, TestServer};

    let _serial = serial();
    let server = TestServer::start([Reply::new(200)
        .header("ETag", "E1")
        .body(vec![b'x'; 64 * 1024])]);
    let client = Client::builder()
        .credentials(Credentials::new("AKIDEXAMPLE", "secret"))
        .endpoint(server.endpoint())
        .max_response_bytes(4096)
        .retry(RetryPolicy::none())
        .build()
        .expect("valid builder");
    match client.distribution("E1") {
        Err(Error::Transport(e)) => assert_eq!(e.kind(), TransportErrorKind::BodyTooLarge, "{e}"),
        other => panic!("expected BodyTooLarge, got {other:?}"),
    }
}
