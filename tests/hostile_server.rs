//! A misbehaving server, scripted in-process: endless listings, duplicated elements, empty
//! ETags, huge quoted values. Each case ends with a typed error after a bounded number of
//! requests, never a hang, a silent partial answer or an error as large as the response.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use cloudfront::paging::{MAX_EMPTY_PAGES, MAX_WALK_PAGES};
use cloudfront::transport::{
    Expectation, HttpRequest, HttpResponse, MockTransport, Transport, TransportError,
};
use cloudfront::{Client, Credentials, Error, RetryPolicy};

/// A server whose `DistributionList` never ends: every page says more follow and carries
/// a fresh marker. `items` summaries per page (none at all when 0).
#[derive(Debug)]
struct EndlessListing {
    items: usize,
    requests: AtomicUsize,
    summary: String,
}

impl EndlessListing {
    fn new(items: usize) -> Arc<Self> {
        let page = std::fs::read_to_string("fixtures/distribution/list-page.xml").unwrap();
        let start = page.find("<DistributionSummary>").unwrap();
        let end = page.find("</DistributionSummary>").unwrap() + "</DistributionSummary>".len();
        Arc::new(EndlessListing {
            items,
            requests: AtomicUsize::new(0),
            summary: page[start..end].to_string(),
        })
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

impl Transport for EndlessListing {
    fn send(&self, _request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        let n = self.requests.fetch_add(1, Ordering::SeqCst) + 1;
        let items = if self.items == 0 {
            String::new()
        } else {
            format!("<Items>{}</Items>", self.summary.repeat(self.items))
        };
        let body = format!(
            "<DistributionList xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\">\
             <Marker>m{prev}</Marker><NextMarker>m{n}</NextMarker><MaxItems>100</MaxItems>\
             <IsTruncated>true</IsTruncated><Quantity>{q}</Quantity>{items}</DistributionList>",
            prev = n - 1,
            q = self.items,
        );
        Ok(HttpResponse::new(200, Vec::new(), body.into_bytes()))
    }
}

fn client_with(transport: Arc<dyn Transport>) -> Client {
    Client::builder()
        .credentials(Credentials::new("AKIDEXAMPLE", "secret"))
        .shared_transport(transport)
        .retry(RetryPolicy::none())
        .build()
        .expect("valid builder")
}

/// A client whose one response is `status` with `headers` and `body`.
fn answering(status: u16, headers: &[(&str, &str)], body: &str) -> (Client, Arc<MockTransport>) {
    let mock = Arc::new(MockTransport::new());
    let mut reply = Expectation::any().respond(status).response_body(body);
    for (k, v) in headers {
        reply = reply.response_header(k, v);
    }
    mock.expect(reply);
    (client_with(mock.clone()), mock)
}

fn decode_message(err: &Error) -> String {
    match err {
        Error::Decode(d) => d.message.clone(),
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[test]
fn empty_truncated_pages_with_fresh_markers_end_with_an_error() {
    let server = EndlessListing::new(0);
    let client = client_with(server.clone());
    // Before the fix, this `take(1)` never returned: `next()` fetched forever.
    let first: Vec<_> = client.distributions().take(1).collect();
    assert_eq!(first.len(), 1);
    let err = first.into_iter().next().unwrap().unwrap_err();
    assert!(
        decode_message(&err).contains("empty pages in a row"),
        "{err}"
    );
    assert_eq!(server.requests(), MAX_EMPTY_PAGES as usize);
}

#[test]
fn a_few_empty_truncated_pages_are_still_followed() {
    // Fewer than the limit in a row, then items: the listing goes on.
    #[derive(Debug)]
    struct SomeEmpty(AtomicUsize, Arc<EndlessListing>);
    impl Transport for SomeEmpty {
        fn send(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
            let n = self.0.fetch_add(1, Ordering::SeqCst);
            if n + 1 < MAX_EMPTY_PAGES as usize {
                let body = format!(
                    "<DistributionList><Marker/><NextMarker>e{n}</NextMarker><MaxItems>100</MaxItems>\
                     <IsTruncated>true</IsTruncated><Quantity>0</Quantity></DistributionList>"
                );
                return Ok(HttpResponse::new(200, Vec::new(), body.into_bytes()));
            }
            self.1.send(request)
        }
    }
    let server = Arc::new(SomeEmpty(AtomicUsize::new(0), EndlessListing::new(1)));
    let client = client_with(server.clone());
    let first = client.distributions().next().unwrap().unwrap();
    assert_eq!(first.id, "E1A2B3C4D5E6F7");
    assert_eq!(server.0.load(Ordering::SeqCst), MAX_EMPTY_PAGES as usize);
}

#[test]
fn find_distribution_by_alias_on_an_endless_listing_ends_with_an_error() {
    let server = EndlessListing::new(2);
    let client = client_with(server.clone());
    // Before the fix this walked forever.
    let err = client
        .find_distribution_by_alias("nowhere.example.com")
        .unwrap_err();
    assert!(decode_message(&err).contains("max_pages"), "{err}");
    assert_eq!(server.requests(), MAX_WALK_PAGES as usize);
}

#[test]
fn pager_max_pages_bounds_a_walk_with_an_error() {
    let server = EndlessListing::new(1);
    let client = client_with(server.clone());
    let got: Vec<_> = client.distributions().max_pages(3).collect();
    assert_eq!(got.len(), 4);
    assert!(got[..3].iter().all(Result::is_ok));
    assert!(got[3].is_err());
    assert_eq!(server.requests(), 3);
}

const INVALIDATION_LIST_HEAD: &str = "<InvalidationList xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\">\
    <Marker/><MaxItems>100</MaxItems>";

#[test]
fn invalidation_list_with_two_is_truncated_is_refused() {
    let body = format!(
        "{INVALIDATION_LIST_HEAD}<IsTruncated>false</IsTruncated><IsTruncated>true</IsTruncated>\
         <NextMarker>I2</NextMarker><Quantity>0</Quantity></InvalidationList>"
    );
    let (client, _) = answering(200, &[], &body);
    let err = client.invalidations("E1").next().unwrap().unwrap_err();
    assert!(
        decode_message(&err).contains("appears more than once"),
        "{err}"
    );
    match &err {
        Error::Decode(d) => assert_eq!(d.path, "InvalidationList/IsTruncated"),
        _ => unreachable!(),
    }
}

#[test]
fn invalidation_list_with_two_next_markers_is_refused() {
    let body = format!(
        "{INVALIDATION_LIST_HEAD}<IsTruncated>true</IsTruncated><NextMarker>I2</NextMarker>\
         <NextMarker>I9</NextMarker><Quantity>0</Quantity></InvalidationList>"
    );
    let (client, _) = answering(200, &[], &body);
    let err = client.invalidations("E1").next().unwrap().unwrap_err();
    assert!(
        decode_message(&err).contains("appears more than once"),
        "{err}"
    );
}

#[test]
fn invalidation_summary_with_two_statuses_is_refused() {
    let body = format!(
        "{INVALIDATION_LIST_HEAD}<IsTruncated>false</IsTruncated><Quantity>1</Quantity><Items>\
         <InvalidationSummary><Id>I1</Id><CreateTime>2026-11-25T19:35:24Z</CreateTime>\
         <Status>InProgress</Status><Status>Completed</Status></InvalidationSummary>\
         </Items></InvalidationList>"
    );
    let (client, _) = answering(200, &[], &body);
    let err = client.invalidations("E1").next().unwrap().unwrap_err();
    assert!(
        decode_message(&err).contains("appears more than once"),
        "{err}"
    );
}

#[test]
fn empty_etag_is_refused_where_one_is_required() {
    let body = std::fs::read_to_string("fixtures/distribution/distribution.xml").unwrap();
    for etag in ["", "\"\"", "E1 E2"] {
        let (client, _) = answering(200, &[("ETag", etag)], &body);
        let err = client.distribution("E1").unwrap_err();
        assert!(
            decode_message(&err).contains("empty or malformed ETag"),
            "{etag:?}: {err}"
        );
        let (client, _) = answering(200, &[("ETag", etag)], &body);
        let err = client.distribution_config("E1").unwrap_err();
        assert!(matches!(err, Error::Decode(_)), "{etag:?}: {err:?}");
    }
    // A read-modify-write never sends `If-Match: ""`: it stops at the read.
    let (client, mock) = answering(200, &[("ETag", "")], &body);
    assert!(
        client
            .update_distribution("E1", |c| c.comment = "x".into())
            .is_err()
    );
    assert_eq!(mock.requests().len(), 1);
    assert!(mock.requests().iter().all(|r| r.method == "GET"));
}

/// Error text must stay small whatever the server quoted: a bounded quote with a note.
fn assert_bounded(err: &Error) {
    let text = err.to_string();
    assert!(text.len() < 1024, "{} bytes: {:.200}", text.len(), text);
    assert!(text.contains("more bytes cut"), "{:.300}", text);
}

const BIG: usize = 15 * 1024 * 1024;

#[test]
fn a_huge_quantity_value_is_quoted_cut() {
    let body = format!(
        "{INVALIDATION_LIST_HEAD}<IsTruncated>false</IsTruncated><Quantity>{}</Quantity>\
         </InvalidationList>",
        "9x".repeat(BIG / 2)
    );
    let (client, _) = answering(200, &[], &body);
    let err = client.invalidations("E1").next().unwrap().unwrap_err();
    assert!(
        decode_message(&err).contains("expected an integer"),
        "{err:.200}"
    );
    assert_bounded(&err);
}

#[test]
fn a_huge_repeated_marker_is_quoted_cut() {
    let marker = "m".repeat(BIG);
    let page = format!(
        "{INVALIDATION_LIST_HEAD}<IsTruncated>true</IsTruncated><NextMarker>{marker}</NextMarker>\
         <Quantity>0</Quantity></InvalidationList>"
    );
    let mock = Arc::new(MockTransport::new());
    mock.expect(Expectation::any().respond(200).response_body(page).times(2));
    let client = client_with(mock.clone());
    let err = client
        .invalidations("E1")
        .find_map(Result::err)
        .expect("an error");
    assert!(decode_message(&err).contains("twice"), "{err:.200}");
    assert_bounded(&err);
}

#[test]
fn a_huge_boolean_and_timestamp_are_quoted_cut() {
    let body = format!(
        "{INVALIDATION_LIST_HEAD}<IsTruncated>{}</IsTruncated><Quantity>0</Quantity></InvalidationList>",
        "t".repeat(BIG)
    );
    let (client, _) = answering(200, &[], &body);
    assert_bounded(&client.invalidations("E1").next().unwrap().unwrap_err());
    let body = format!(
        "{INVALIDATION_LIST_HEAD}<IsTruncated>false</IsTruncated><Quantity>1</Quantity><Items>\
         <InvalidationSummary><Id>I1</Id><CreateTime>{}</CreateTime><Status>Completed</Status>\
         </InvalidationSummary></Items></InvalidationList>",
        "2".repeat(BIG)
    );
    let (client, _) = answering(200, &[], &body);
    assert_bounded(&client.invalidations("E1").next().unwrap().unwrap_err());
}

#[test]
fn a_huge_element_name_in_an_error_path_is_cut() {
    // The root element's name is where the error is located: it is quoted as the path.
    let name = "N".repeat(BIG);
    let (client, _) = answering(200, &[("ETag", "E1")], &format!("<{name}/>"));
    let err = client.distribution("E1").unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:.200}");
    assert_bounded(&err);
}

#[test]
fn a_huge_service_error_message_is_cut() {
    let body = format!(
        "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>{}</Message>\
         </Error><RequestId>r-1</RequestId></ErrorResponse>",
        "denied ".repeat(BIG / 7)
    );
    let (client, _) = answering(403, &[], &body);
    let err = client.distribution("E1").unwrap_err();
    assert_eq!(err.code(), Some("AccessDenied"));
    assert_bounded(&err);
}

#[test]
fn a_huge_waiter_status_is_cut() {
    let body = std::fs::read_to_string("fixtures/distribution/distribution.xml").unwrap();
    let status = "S".repeat(BIG);
    let body = body.replacen(
        &body[body.find("<Status>").unwrap()..body.find("</Status>").unwrap()],
        &format!("<Status>{status}"),
        1,
    );
    let (client, _) = answering(200, &[("ETag", "E1")], &body);
    let err = client
        .wait_until_deployed(
            "E1",
            cloudfront::WaitOptions::new(std::time::Duration::ZERO, 1),
        )
        .unwrap_err();
    assert!(matches!(err, Error::WaiterTimeout(_)), "{err:.200}");
    assert_bounded(&err);
}
