//! Laziness is observable: listings send a request only when iteration reaches a page.
//!
//! A `MockTransport` serves a 10-page listing of 5 items per page (distributions, then
//! invalidations, with real response shapes: the `NextMarker` is the id of the last item);
//! every test counts the requests the client made and looks at their `Marker`/`MaxItems`.

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use cloudfront::clock::ManualClock;
use cloudfront::transport::{Expectation, HttpRequest, MockTransport};
use cloudfront::{Client, Credentials, Error, Pager};

const PAGES: usize = 10;
const PER_PAGE: usize = 5;
const DIST: &str = "EDFDVBD6EXAMPLE";
const NS: &str = "http://cloudfront.amazonaws.com/doc/2020-05-31/";

/// One kind of listing: where it is served and how a page of it is written.
#[derive(Clone, Copy)]
struct Listing {
    name: &'static str,
    path: &'static str,
    /// The XML of one page: ids, the marker echoed, the next marker, IsTruncated.
    page: fn(&[String], Option<&str>, Option<&str>, bool) -> String,
    /// The listing's pager, as the public API builds it; items are reduced to their ids.
    pager: fn(&Client) -> Box<dyn PagerLike>,
}

/// The bits of `Pager<T>` these tests use, for any item type.
trait PagerLike: Iterator<Item = Result<String, Error>> {
    fn next_marker(&self) -> Option<String>;
    fn pages_fetched(&self) -> u32;
    fn with_max_items(self: Box<Self>, n: u32) -> Box<dyn PagerLike>;
    fn with_marker(self: Box<Self>, marker: &str) -> Box<dyn PagerLike>;
}

struct Ids<T> {
    pager: Pager<T>,
    id: fn(&T) -> String,
}

impl<T> Iterator for Ids<T> {
    type Item = Result<String, Error>;
    fn next(&mut self) -> Option<Self::Item> {
        let id = self.id;
        self.pager.next().map(|r| r.map(|item| id(&item)))
    }
}

impl<T: 'static> PagerLike for Ids<T> {
    fn next_marker(&self) -> Option<String> {
        self.pager.next_marker().map(str::to_string)
    }
    fn pages_fetched(&self) -> u32 {
        self.pager.pages_fetched()
    }
    fn with_max_items(self: Box<Self>, n: u32) -> Box<dyn PagerLike> {
        Box::new(Ids {
            pager: self.pager.max_items(n),
            id: self.id,
        })
    }
    fn with_marker(self: Box<Self>, marker: &str) -> Box<dyn PagerLike> {
        Box::new(Ids {
            pager: self.pager.marker(marker),
            id: self.id,
        })
    }
}

fn list_wrapper(
    root: &str,
    items: &str,
    count: usize,
    marker: Option<&str>,
    next: Option<&str>,
    truncated: bool,
) -> String {
    let next = next
        .map(|m| format!("<NextMarker>{m}</NextMarker>"))
        .unwrap_or_default();
    let items = if count == 0 {
        String::new()
    } else {
        format!("<Items>{items}</Items>")
    };
    format!(
        r#"<?xml version="1.0"?>
<{root} xmlns="{NS}"><Marker>{}</Marker>{next}<MaxItems>{PER_PAGE}</MaxItems><IsTruncated>{truncated}</IsTruncated><Quantity>{count}</Quantity>{items}</{root}>"#,
        marker.unwrap_or("")
    )
}

/// A complete, real-shaped `<DistributionSummary>` (the first one of the shared fixture),
/// with its id replaced.
fn distribution_summary(id: &str) -> String {
    let page = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/distribution/list-page.xml"
    ))
    .unwrap();
    let start = page.find("<DistributionSummary>").unwrap();
    let end = page.find("</DistributionSummary>").unwrap() + "</DistributionSummary>".len();
    page[start..end].replace("E1A2B3C4D5E6F7", id)
}

fn distribution_page(
    ids: &[String],
    marker: Option<&str>,
    next: Option<&str>,
    truncated: bool,
) -> String {
    let items: String = ids.iter().map(|id| distribution_summary(id)).collect();
    list_wrapper(
        "DistributionList",
        &items,
        ids.len(),
        marker,
        next,
        truncated,
    )
}

fn invalidation_page(
    ids: &[String],
    marker: Option<&str>,
    next: Option<&str>,
    truncated: bool,
) -> String {
    let items: String = ids
        .iter()
        .map(|id| {
            format!(
                "<InvalidationSummary><Id>{id}</Id><CreateTime>2026-11-25T10:15:30.123Z</CreateTime><Status>Completed</Status></InvalidationSummary>"
            )
        })
        .collect();
    list_wrapper(
        "InvalidationList",
        &items,
        ids.len(),
        marker,
        next,
        truncated,
    )
}

const DISTRIBUTIONS: Listing = Listing {
    name: "distributions",
    path: "/2020-05-31/distribution",
    page: distribution_page,
    pager: |c| {
        Box::new(Ids {
            pager: c.distributions(),
            id: |s| s.id.to_string(),
        })
    },
};

const INVALIDATIONS: Listing = Listing {
    name: "invalidations",
    path: "/2020-05-31/distribution/EDFDVBD6EXAMPLE/invalidation",
    page: invalidation_page,
    pager: |c| {
        Box::new(Ids {
            pager: c.invalidations(DIST),
            id: |s| s.id.to_string(),
        })
    },
};

const LISTINGS: [Listing; 2] = [DISTRIBUTIONS, INVALIDATIONS];

/// The id of item `i` (0-based) of the whole listing.
fn item_id(i: usize) -> String {
    format!("E{i:013}")
}

fn mock_client(mock: &Arc<MockTransport>) -> Client {
    Client::builder()
        .credentials(Credentials::new("AKIDEXAMPLE", "mock-secret"))
        .shared_transport(mock.clone())
        .clock(Arc::new(ManualClock::new(
            UNIX_EPOCH + Duration::from_secs(1_795_601_730),
        )))
        .build()
        .unwrap()
}

/// A mock serving the whole 10-page listing: page `p` expects the previous page's
/// `NextMarker` (the id of its last item) as `Marker`.
fn ten_pages(listing: Listing) -> Arc<MockTransport> {
    let mock = Arc::new(MockTransport::new());
    for p in 0..PAGES {
        let ids: Vec<String> = (p * PER_PAGE..(p + 1) * PER_PAGE).map(item_id).collect();
        let marker = (p > 0).then(|| item_id(p * PER_PAGE - 1));
        let last = p + 1 == PAGES;
        let next = (!last).then(|| ids[PER_PAGE - 1].clone());
        let mut expectation = Expectation::get(listing.path);
        if let Some(m) = &marker {
            expectation = expectation.query("Marker", m);
        }
        mock.expect(
            expectation
                .respond(200)
                .response_header("content-type", "text/xml")
                .response_header("x-amz-request-id", &format!("req-{p}"))
                .response_body((listing.page)(
                    &ids,
                    marker.as_deref(),
                    next.as_deref(),
                    !last,
                )),
        );
    }
    mock
}

/// The query parameters of a request, sorted.
fn query(request: &HttpRequest) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = request
        .query()
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (k.to_string(), v.to_string())
        })
        .collect();
    pairs.sort();
    pairs
}

/// Each request after the first carries the previous page's NextMarker, and only that.
fn assert_markers_chain(listing: Listing, requests: &[HttpRequest]) {
    for (p, r) in requests.iter().enumerate() {
        assert_eq!(r.method, "GET");
        assert_eq!(r.path(), listing.path);
        let want: Vec<(String, String)> = if p == 0 {
            vec![]
        } else {
            vec![("Marker".to_string(), item_id(p * PER_PAGE - 1))]
        };
        assert_eq!(query(r), want, "{}: request {}", listing.name, p + 1);
    }
}

#[test]
fn nothing_is_sent_until_iteration_starts() {
    for listing in LISTINGS {
        let mock = ten_pages(listing);
        let client = mock_client(&mock);
        let pager = (listing.pager)(&client);
        assert_eq!(pager.pages_fetched(), 0);
        assert_eq!(pager.next_marker(), None);
        drop(pager);
        assert!(mock.requests().is_empty(), "{}", listing.name);
    }
}

#[test]
fn taking_k_items_makes_ceil_k_over_page_size_requests() {
    for listing in LISTINGS {
        for k in [1usize, 4, 5, 6, 23, 49, 50] {
            let mock = ten_pages(listing);
            let client = mock_client(&mock);
            let got: Vec<String> = (listing.pager)(&client)
                .take(k)
                .collect::<Result<_, _>>()
                .unwrap();
            let want: Vec<String> = (0..k).map(item_id).collect();
            assert_eq!(got, want, "{} k={k}", listing.name);
            let requests = mock.requests();
            assert_eq!(
                requests.len(),
                k.div_ceil(PER_PAGE),
                "{}: take({k}) made {} requests",
                listing.name,
                requests.len()
            );
            assert_markers_chain(listing, &requests);
            assert_eq!(mock.remaining(), PAGES - k.div_ceil(PER_PAGE));
        }
    }
}

#[test]
fn items_arrive_page_by_page_as_they_are_consumed() {
    for listing in LISTINGS {
        let mock = ten_pages(listing);
        let client = mock_client(&mock);
        let mut pager = (listing.pager)(&client);
        for k in 1..=PAGES * PER_PAGE {
            assert_eq!(pager.next().unwrap().unwrap(), item_id(k - 1));
            assert_eq!(
                mock.requests().len(),
                k.div_ceil(PER_PAGE),
                "{} after {k} items",
                listing.name
            );
            assert_eq!(pager.pages_fetched() as usize, k.div_ceil(PER_PAGE));
        }
    }
}

#[test]
fn full_iteration_makes_exactly_ten_requests() {
    for listing in LISTINGS {
        let mock = ten_pages(listing);
        let client = mock_client(&mock);
        let mut pager = (listing.pager)(&client);
        let all: Vec<String> = pager.by_ref().collect::<Result<_, _>>().unwrap();
        assert_eq!(all.len(), PAGES * PER_PAGE);
        let unique: std::collections::BTreeSet<&String> = all.iter().collect();
        assert_eq!(unique.len(), all.len(), "no duplicates");
        assert_eq!(pager.pages_fetched() as usize, PAGES);
        assert_eq!(pager.next_marker(), None, "the listing is complete");
        // Exhausted: asking again sends nothing.
        assert!(pager.next().is_none());
        let requests = mock.requests();
        assert_eq!(requests.len(), PAGES, "{}", listing.name);
        assert_markers_chain(listing, &requests);
        mock.verify().unwrap();
    }
}

#[test]
fn max_items_makes_one_request_and_exposes_next_marker() {
    for listing in LISTINGS {
        let mock = Arc::new(MockTransport::new());
        let client = mock_client(&mock);
        let first: Vec<String> = (0..3).map(item_id).collect();
        mock.expect(
            Expectation::get(listing.path)
                .query("MaxItems", "3")
                .respond(200)
                .response_body((listing.page)(&first, None, Some(&first[2]), true)),
        );
        let mut pager = (listing.pager)(&client).with_max_items(3);
        let got: Vec<String> = pager.by_ref().collect::<Result<_, _>>().unwrap();
        assert_eq!(got, first);
        // The page said more follow, yet max_items means one request only.
        assert!(pager.next().is_none());
        let requests = mock.requests();
        assert_eq!(requests.len(), 1, "{}", listing.name);
        assert_eq!(
            query(&requests[0]),
            [("MaxItems".to_string(), "3".to_string())]
        );
        assert_eq!(pager.next_marker().as_deref(), Some(first[2].as_str()));

        // Continue from it in a fresh pager: Marker and MaxItems, one request again.
        let second: Vec<String> = (3..6).map(item_id).collect();
        mock.expect(
            Expectation::get(listing.path)
                .query("Marker", &first[2])
                .query("MaxItems", "3")
                .respond(200)
                .response_body((listing.page)(&second, Some(&first[2]), None, false)),
        );
        let mut next = (listing.pager)(&client)
            .with_marker(&first[2])
            .with_max_items(3);
        let got: Vec<String> = next.by_ref().collect::<Result<_, _>>().unwrap();
        assert_eq!(got, second);
        assert_eq!(next.next_marker(), None, "last page");
        let requests = mock.requests();
        assert_eq!(requests.len(), 2);
        assert_eq!(
            query(&requests[1]),
            [
                ("Marker".to_string(), first[2].clone()),
                ("MaxItems".to_string(), "3".to_string())
            ]
        );
        mock.verify().unwrap();
    }
}

#[test]
fn truncated_page_without_next_marker_is_an_error() {
    for listing in LISTINGS {
        let mock = Arc::new(MockTransport::new());
        let client = mock_client(&mock);
        let page1: Vec<String> = (0..5).map(item_id).collect();
        let page2: Vec<String> = (5..10).map(item_id).collect();
        mock.expect(
            Expectation::get(listing.path)
                .respond(200)
                .response_body((listing.page)(&page1, None, Some(&page1[4]), true)),
        );
        // IsTruncated=true but no NextMarker: the service says more follow, without saying
        // where. The items of this page are not handed out as if the listing were whole.
        mock.expect(
            Expectation::get(listing.path)
                .query("Marker", &page1[4])
                .respond(200)
                .response_body((listing.page)(&page2, Some(&page1[4]), None, true)),
        );
        let mut pager = (listing.pager)(&client);
        for want in &page1 {
            assert_eq!(&pager.next().unwrap().unwrap(), want);
        }
        let err = pager.next().unwrap().unwrap_err();
        assert!(matches!(err, Error::Decode(_)), "{}: {err}", listing.name);
        assert!(err.to_string().contains("NextMarker"), "{err}");
        assert!(pager.next().is_none(), "the error ends the iteration");
        assert_eq!(mock.requests().len(), 2, "no further request");
        mock.verify().unwrap();

        // The same on the very first page.
        let mock = Arc::new(MockTransport::new());
        let client = mock_client(&mock);
        mock.expect(
            Expectation::get(listing.path)
                .respond(200)
                .response_body((listing.page)(&page1, None, None, true)),
        );
        let results: Vec<Result<String, Error>> = (listing.pager)(&client).collect();
        assert_eq!(results.len(), 1, "{}: {results:?}", listing.name);
        assert!(results[0].is_err());
        mock.verify().unwrap();
    }
}

#[test]
fn an_error_page_ends_the_listing_without_more_requests() {
    for listing in LISTINGS {
        let mock = Arc::new(MockTransport::new());
        let client = mock_client(&mock);
        let page1: Vec<String> = (0..5).map(item_id).collect();
        mock.expect(
            Expectation::get(listing.path)
                .respond(200)
                .response_body((listing.page)(&page1, None, Some(&page1[4]), true)),
        );
        mock.expect(
            Expectation::get(listing.path)
                .query("Marker", &page1[4])
                .respond(403)
                .response_body(format!(
                    r#"<ErrorResponse xmlns="{NS}"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>Access denied.</Message></Error><RequestId>req-403</RequestId></ErrorResponse>"#
                )),
        );
        let results: Vec<Result<String, Error>> = (listing.pager)(&client).collect();
        assert_eq!(results.len(), 6, "{}", listing.name);
        let err = results[5].as_ref().unwrap_err();
        assert_eq!(err.code(), Some("AccessDenied"));
        assert_eq!(err.status(), Some(403));
        assert_eq!(mock.requests().len(), 2);
        mock.verify().unwrap();
    }
}
