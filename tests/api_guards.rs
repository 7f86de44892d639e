//! The API's guards against common mistakes, end to end over the mock transport: replacing
//! the whole alias set, errors naming the operation, typed status and readable timestamps,
//! and a `Pager` built over `send_raw`. (The compile-time guards — swapped ids, unused
//! pagers, struct literals of option structs — are `compile_fail` doc tests in `src/ids.rs`,
//! `src/paging.rs` and `src/resources/options.rs`.)

use std::sync::Arc;

use cloudfront::transport::{Expectation, MockTransport};
use cloudfront::{Client, Credentials, DistributionStatus, Page, Pager, RawRequest};

const DIST: &str = include_str!("../fixtures/distribution/distribution.xml");
const ID: &str = "E2QWRUHAPOMQZL";
const PATH: &str = "/2020-05-31/distribution/E2QWRUHAPOMQZL";

fn client() -> (Client, Arc<MockTransport>) {
    let mock = Arc::new(MockTransport::new());
    let client = Client::builder()
        .credentials(Credentials::new("AKIDEXAMPLE", "secret"))
        .shared_transport(mock.clone())
        .retry(cloudfront::RetryPolicy::none())
        .build()
        .unwrap();
    (client, mock)
}

fn get_distribution(etag: &str) -> Expectation {
    Expectation::get(PATH)
        .respond(200)
        .response_header("ETag", etag)
        .response_body(DIST)
}

#[test]
fn set_distribution_aliases_replaces_the_whole_set_with_if_match() {
    let (client, mock) = client();
    mock.expect(get_distribution("ETAG1"));
    mock.expect(
        Expectation::put(&format!("{PATH}/config"))
            .header("if-match", "ETAG1")
            .body_contains(
                "<Aliases><Quantity>2</Quantity><Items><CNAME>a.example.com</CNAME><CNAME>b.example.com</CNAME></Items></Aliases>",
            )
            .respond(200)
            .response_header("ETag", "ETAG2")
            .response_body(DIST),
    );
    let d = client
        .set_distribution_aliases(ID, ["a.example.com", "b.example.com", "A.example.com"])
        .unwrap();
    assert_eq!(d.etag, "ETAG2");
    mock.verify().unwrap();
}

#[test]
fn set_distribution_aliases_to_the_current_set_sends_no_update() {
    let (client, mock) = client();
    mock.expect(get_distribution("ETAG1"));
    let current = cloudfront::Distribution::from_xml(DIST)
        .unwrap()
        .distribution_config
        .aliases()
        .to_vec();
    client.set_distribution_aliases(ID, current).unwrap();
    assert_eq!(mock.requests().len(), 1, "only the read");
    mock.verify().unwrap();
}

#[test]
fn a_service_error_names_the_operation() {
    let (client, mock) = client();
    mock.expect(
        Expectation::get(PATH)
            .respond(404)
            .response_header("x-amz-request-id", "req-1")
            .response_body(
                r#"<?xml version="1.0"?><ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Error><Type>Sender</Type><Code>NoSuchDistribution</Code><Message>The specified distribution does not exist.</Message></Error><RequestId>req-1</RequestId></ErrorResponse>"#,
            ),
    );
    let err = client.distribution(ID).unwrap_err();
    assert_eq!(
        err.to_string(),
        "GetDistribution: NoSuchDistribution (HTTP 404): The specified distribution does not exist. [request id req-1]"
    );
    assert_eq!(err.operation(), Some("GetDistribution"));
    assert!(err.is_not_found());
}

#[test]
fn status_is_typed_and_timestamps_print_as_rfc3339() {
    let d = cloudfront::Distribution::from_xml(DIST).unwrap();
    assert_eq!(d.status, DistributionStatus::InProgress);
    assert_eq!(d.last_modified_time.to_string(), "2026-11-24T22:53:10.538Z");
    let debug = format!("{d:?}");
    assert!(
        debug.contains("last_modified_time: 2026-11-24T22:53:10.538Z"),
        "{debug}"
    );
    assert!(!debug.contains("tv_sec"), "{debug}");
}

#[test]
fn a_pager_over_send_raw_walks_every_page() {
    let (client, mock) = client();
    let page = |items: &str, next: Option<&str>| {
        format!(
            "<CachePolicyList><IsTruncated>{}</IsTruncated>{}<Items>{items}</Items></CachePolicyList>",
            next.is_some(),
            next.map(|m| format!("<NextMarker>{m}</NextMarker>"))
                .unwrap_or_default()
        )
    };
    mock.expect(
        Expectation::get("/2020-05-31/cache-policy")
            .respond(200)
            .response_body(page("<Id>p1</Id><Id>p2</Id>", Some("opaque-1"))),
    );
    mock.expect(
        Expectation::get("/2020-05-31/cache-policy")
            .query("Marker", "opaque-1")
            .respond(200)
            .response_body(page("<Id>p3</Id>", None)),
    );
    let c = client.clone();
    let pager: Pager<String> = Pager::new("CachePolicyList", move |marker, _| {
        let mut request = RawRequest::get("/2020-05-31/cache-policy");
        if let Some(m) = marker {
            request = request.query("Marker", m);
        }
        let body = String::from_utf8(c.send_raw(request)?.body).unwrap();
        let doc = roxmltree::Document::parse(&body).unwrap();
        let text = |name: &str| -> Vec<String> {
            doc.descendants()
                .filter(|n| n.has_tag_name(name))
                .filter_map(|n| n.text().map(str::to_string))
                .collect()
        };
        Ok(Page {
            items: text("Id"),
            next_marker: text("NextMarker").pop(),
            is_truncated: text("IsTruncated") == ["true"],
        })
    });
    let pages: Vec<Vec<String>> = pager.pages().map(|p| p.unwrap().items).collect();
    assert_eq!(pages, [vec!["p1", "p2"], vec!["p3"]]);
    mock.verify().unwrap();
}

#[test]
fn a_transport_error_names_the_operation() {
    let (client, mock) = client();
    mock.expect(Expectation::get(PATH).fail_with(
        cloudfront::transport::TransportErrorKind::Connect,
        "connection refused",
    ));
    let err = client.distribution(ID).unwrap_err();
    assert_eq!(err.operation(), Some("GetDistribution"));
    assert!(
        err.to_string()
            .starts_with("GetDistribution: transport error: connection failed"),
        "{err}"
    );
}
