//! Peak heap for one response of any shape at the size of the default body cap (16 MiB):
//! at most 4 times the body plus a fixed margin (the body itself, its parse tree within the
//! parse budget, the unknown elements kept within theirs, and what is decoded).
//!
//! The heap is counted by `cap::Cap` as the global allocator (as in tests/limits.rs). Its
//! peak is process-wide and cannot be reset, so every shape runs in one test, one after the
//! other, each against the same bound (all bodies have the same size): a shape over the
//! bound fails at that shape, named in the message.

use std::alloc::System;
use std::sync::Arc;

use cap::Cap;
use cloudfront::transport::{Expectation, MockTransport};
use cloudfront::{Client, Credentials, Error, RetryPolicy};

const MIB: usize = 1024 * 1024;

/// A hard ceiling, far above the bound: a runaway allocation fails instead of swapping.
#[global_allocator]
static ALLOC: Cap<System> = Cap::new(System, 1024 * MIB);

fn client_answering(body: Vec<u8>) -> (Client, Arc<MockTransport>) {
    let mock = Arc::new(MockTransport::new());
    mock.expect(
        Expectation::any()
            .respond(200)
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

fn decode_message(err: &Error) -> &str {
    match err {
        Error::Decode(d) => &d.message,
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

// One response of any shape, at the size of the default body cap: peak heap at most 4 times
// the body plus a fixed margin (the body itself, its parse tree within the parse budget, the
// unknown elements kept within theirs, and what is decoded).

/// Just under the default 16 MiB response cap.
const CAP_SIZED: usize = 16 * MIB - 4096;

/// The fixed part of the bound: 4 × the body plus this.
const FIXED_MARGIN: usize = 48 * MIB;

/// `head`, then `unit` repeated until the body is about [`CAP_SIZED`] bytes, then `tail`.
fn cap_sized(head: &str, unit: &str, tail: &str) -> String {
    let n = (CAP_SIZED - head.len() - tail.len()) / unit.len();
    let mut body = String::with_capacity(CAP_SIZED);
    body.push_str(head);
    for _ in 0..n {
        body.push_str(unit);
    }
    body.push_str(tail);
    body
}

/// Runs `call` on a client whose one response is `body` (with an ETag) and checks that the
/// heap peak stayed within 4 × the body plus [`FIXED_MARGIN`]. Returns the outcome.
fn within_four_times<T>(
    shape: &str,
    body: String,
    call: impl FnOnce(&Client) -> Result<T, Error>,
) -> Result<T, Error> {
    let len = body.len();
    let (client, mock) = client_answering(body.into_bytes());
    let before = ALLOC.allocated();
    let outcome = call(&client);
    let peak = ALLOC.max_allocated().saturating_sub(before);
    assert_eq!(mock.requests().len(), 1, "exactly one request, no retry");
    assert!(
        peak <= 4 * len + FIXED_MARGIN,
        "{shape}: peak heap {:.1} MiB for a {:.1} MiB body (bound {:.1} MiB)",
        peak as f64 / MIB as f64,
        len as f64 / MIB as f64,
        (4 * len + FIXED_MARGIN) as f64 / MIB as f64
    );
    if let Err(e) = &outcome {
        assert!(e.to_string().len() < 4096, "{} bytes", e.to_string().len());
    }
    eprintln!(
        "{shape}: process peak so far {:.1} MiB over the start, body {:.1} MiB ({})",
        peak as f64 / MIB as f64,
        len as f64 / MIB as f64,
        match &outcome {
            Ok(_) => "decoded".to_string(),
            Err(e) => format!("{e:.90}"),
        }
    );
    outcome
}

const LIST_HEAD: &str = "<DistributionList xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\">\
    <Marker/><MaxItems>100</MaxItems><IsTruncated>false</IsTruncated><Quantity>0</Quantity>";

fn first_page(c: &Client) -> Result<cloudfront::DistributionSummary, Error> {
    c.distributions().next().expect("one item or an error")
}

fn a_page_of_millions_of_unknown_empty_elements_is_refused_within_budget() {
    // Before: a tree of 4 million nodes and a copy of each, then an empty page, accepted.
    let body = cap_sized(LIST_HEAD, "<F/>", "</DistributionList>");
    let err = within_four_times(
        "a_page_of_millions_of_unknown_empty_elements_is_refused_within_budget",
        body,
        first_page,
    )
    .unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
}

fn a_page_of_unknown_elements_with_text_is_refused_within_budget() {
    // Sparse enough to pass the parse budget: the budget for kept unknown elements stops it.
    let unit = format!("<Future>{}</Future>", "x".repeat(200));
    let body = cap_sized(LIST_HEAD, &unit, "</DistributionList>");
    let err = within_four_times(
        "a_page_of_unknown_elements_with_text_is_refused_within_budget",
        body,
        first_page,
    )
    .unwrap_err();
    assert!(decode_message(&err).contains("unknown elements"), "{err}");
}

fn unknown_elements_with_attributes_are_refused_within_budget() {
    let body = cap_sized(LIST_HEAD, "<F a=\"1\" b=\"2\"/>", "</DistributionList>");
    let err = within_four_times(
        "unknown_elements_with_attributes_are_refused_within_budget",
        body,
        first_page,
    )
    .unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
}

fn text_interleaved_with_empty_elements_is_refused_within_budget() {
    let head = format!("{LIST_HEAD}<Future>");
    let body = cap_sized(&head, "x<a/>", "</Future></DistributionList>");
    let err = within_four_times(
        "text_interleaved_with_empty_elements_is_refused_within_budget",
        body,
        first_page,
    )
    .unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
}

fn one_element_with_a_million_attributes_is_refused_before_parsing() {
    // The parser checks each attribute against the element's others: quadratic time.
    let mut attributes = String::new();
    for i in 0..1_000_000 {
        attributes.push_str(&format!(" a{i}=\"\""));
    }
    let body = format!("{LIST_HEAD}<Future{attributes}/></DistributionList>");
    let err = within_four_times(
        "one_element_with_a_million_attributes_is_refused_before_parsing",
        body,
        first_page,
    )
    .unwrap_err();
    assert!(decode_message(&err).contains("attributes"), "{err}");
}

fn a_comment_of_entities_decodes_within_budget() {
    // A valid configuration whose Comment is 3 million `&amp;`: every text is resolved
    // into an owned string, still within the bound.
    let config = std::fs::read_to_string("fixtures/distribution/maximal-config.xml").unwrap();
    let start = config.find("<Comment>").unwrap() + "<Comment>".len();
    let end = config.find("</Comment>").unwrap();
    let head = &config[..start];
    let tail = &config[end..];
    let body = cap_sized(head, "&amp;", tail);
    let config = within_four_times("a_comment_of_entities_decodes_within_budget", body, |c| {
        c.distribution_config("E1")
    })
    .unwrap();
    assert!(config.value.comment.len() > 3_000_000);
    assert!(config.value.comment.bytes().all(|b| b == b'&'));
}

fn a_cap_sized_page_of_real_summaries_stays_within_budget() {
    // The densest legitimate shape: real summaries, compact (no white space), as many as
    // fit. Either decoded or refused by the parse budget, never more than the bound.
    let page = std::fs::read_to_string("fixtures/distribution/list-page.xml").unwrap();
    let start = page.find("<DistributionSummary>").unwrap();
    let end = page.find("</DistributionSummary>").unwrap() + "</DistributionSummary>".len();
    let summary: String = page[start..end].lines().map(str::trim).collect();
    let n = (CAP_SIZED - 400) / summary.len();
    let head = format!(
        "<DistributionList xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\">\
         <Marker/><MaxItems>{n}</MaxItems><IsTruncated>false</IsTruncated>\
         <Quantity>{n}</Quantity><Items>"
    );
    let body = cap_sized(&head, &summary, "</Items></DistributionList>");
    let outcome = within_four_times(
        "a_cap_sized_page_of_real_summaries_stays_within_budget",
        body,
        first_page,
    );
    if let Err(e) = &outcome {
        assert!(decode_message(e).contains("parse budget"), "{e}");
    }
}

#[test]
fn one_cap_sized_response_of_any_shape_peaks_under_four_times_its_size() {
    a_page_of_millions_of_unknown_empty_elements_is_refused_within_budget();
    a_page_of_unknown_elements_with_text_is_refused_within_budget();
    unknown_elements_with_attributes_are_refused_within_budget();
    text_interleaved_with_empty_elements_is_refused_within_budget();
    one_element_with_a_million_attributes_is_refused_before_parsing();
    a_comment_of_entities_decodes_within_budget();
    a_cap_sized_page_of_real_summaries_stays_within_budget();
}
