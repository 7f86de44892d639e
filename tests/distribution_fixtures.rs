//! The distribution operations on CloudFront's real wire shapes, for what moto does not
//! emulate: `ETag`/`If-Match` conflicts (412), `DistributionNotDisabled` (409), a create whose
//! response was lost, lossless read-modify-write with elements this crate does not know, the
//! disable → wait → delete sequence on a manual clock, and the README's examples.
//!
//! Most tests replay fixture files from `fixtures/distributions/<scenario>/` (one exchange per
//! file, bodies derived from `fixtures/distribution/distribution.xml`, compact as CloudFront
//! sends them). A replayed request must match its fixture (method, path, query, `If-Match`,
//! `content-type`, and the body where the fixture has one), and every fixture must be used,
//! so a missing, extra or retried request fails the test. The replay sits behind an
//! in-memory `RecordingTransport`, so each test can also inspect exactly what was sent.
//! Scenarios that need a transport failure (a lost response) use `MockTransport`.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};

use cloudfront::clock::ManualClock;
use cloudfront::transport::{
    Exchange, Expectation, MockTransport, RecordingTransport, ReplayTransport, TransportErrorKind,
};
use cloudfront::{
    Client, Credentials, DistributionConfig, Error, Origin, RetryPolicy, UpdateOptions, WaitOptions,
};

/// The distribution every scenario works on.
const ID: &str = "EDFDVBD6EXAMPLE";
/// CloudFront's XML namespace.
const NS: &str = "http://cloudfront.amazonaws.com/doc/2020-05-31/";
/// The caller reference the create fixtures echo back.
const OUR_REFERENCE: &str = "5b1f4a9e-3c2d-4e8f-9a7b-6c5d4e3f2a1b";

fn scenario(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/distributions")
        .join(name)
}

fn manual_clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(
        UNIX_EPOCH + Duration::from_secs(1_795_608_000), // 2026-11-25T12:00:00Z
    ))
}

fn builder(clock: Arc<ManualClock>) -> cloudfront::ClientBuilder {
    Client::builder()
        .credentials(Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        ))
        .clock(clock)
        // The default budget (3 attempts), without jitter: a retry the code should not make
        // would reach the transport and fail the replay.
        .retry(RetryPolicy::default().jitter(false))
}

/// A client on a replayed scenario, recording what it sends.
struct Replay {
    client: Client,
    replay: Arc<ReplayTransport>,
    recorder: Arc<RecordingTransport>,
    clock: Arc<ManualClock>,
}

impl Replay {
    fn new(name: &str) -> Replay {
        let replay = ReplayTransport::from_dir(scenario(name))
            .unwrap_or_else(|e| panic!("fixtures of {name}: {e}"))
            .strict(true);
        Replay::with(replay)
    }

    fn with(replay: ReplayTransport) -> Replay {
        let replay = Arc::new(replay);
        let recorder = Arc::new(RecordingTransport::in_memory(replay.clone()));
        let clock = manual_clock();
        let client = builder(clock.clone())
            .shared_transport(recorder.clone())
            .build()
            .unwrap();
        Replay {
            client,
            replay,
            recorder,
            clock,
        }
    }

    /// Every exchange, in order (requests as sent, responses as replayed).
    fn sent(&self) -> Vec<Exchange> {
        self.recorder.exchanges()
    }

    /// Every fixture was replayed and no request was unexpected.
    fn verify(&self) {
        if let Err(report) = self.replay.verify() {
            panic!("{report}");
        }
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn if_match(ex: &Exchange) -> Option<&str> {
    header(&ex.request_headers, "if-match")
}

fn etag_of(ex: &Exchange) -> Option<&str> {
    header(&ex.response_headers, "etag")
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).expect("UTF-8 body")
}

/// `METHOD path` of each exchange.
fn calls(sent: &[Exchange]) -> Vec<String> {
    sent.iter()
        .map(|e| format!("{} {}", e.method, e.path_and_query))
        .collect()
}

/// Checks that every PUT and DELETE carries, in `If-Match`, exactly the `ETag` header of the
/// GET just before it. Returns how many writes were checked.
fn assert_if_match_follows_reads(sent: &[Exchange]) -> usize {
    let mut last_read: Option<&str> = None;
    let mut writes = 0;
    for ex in sent {
        match ex.method.as_str() {
            "GET" => last_read = etag_of(ex),
            "PUT" | "DELETE" => {
                let read = last_read.expect("a write without a read before it");
                assert_eq!(
                    if_match(ex),
                    Some(read),
                    "{} {}",
                    ex.method,
                    ex.path_and_query
                );
                writes += 1;
                // The next write needs a fresh read.
                last_read = None;
            }
            _ => {}
        }
    }
    writes
}

/// A canonical form of the element `root` (the first one found) of `xml`: no whitespace
/// between elements, `<X></X>` written `<X/>`, namespace declarations left out. Each edit
/// `(path, replacement)` replaces the element at `path` (slash-separated, relative to `root`)
/// with `replacement`; every edit must apply.
fn canonical(xml: &str, root: &str, edits: &[(&str, &str)]) -> String {
    fn escape(s: &str) -> String {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    }
    fn write(
        node: roxmltree::Node<'_, '_>,
        path: &str,
        edits: &[(&str, &str)],
        used: &mut [bool],
        out: &mut String,
    ) {
        if let Some(i) = edits.iter().position(|(p, _)| *p == path) {
            used[i] = true;
            out.push_str(edits[i].1);
            return;
        }
        let name = node.tag_name().name();
        out.push('<');
        out.push_str(name);
        for a in node.attributes() {
            out.push_str(&format!(" {}=\"{}\"", a.name(), escape(a.value())));
        }
        let children: Vec<_> = node
            .children()
            .filter(|c| c.is_element() || c.text().is_some_and(|t| !t.trim().is_empty()))
            .collect();
        if children.is_empty() {
            out.push_str("/>");
            return;
        }
        out.push('>');
        for c in children {
            if c.is_element() {
                let child = c.tag_name().name();
                let p = if path.is_empty() {
                    child.to_string()
                } else {
                    format!("{path}/{child}")
                };
                write(c, &p, edits, used, out);
            } else {
                out.push_str(&escape(c.text().unwrap_or_default()));
            }
        }
        out.push_str("</");
        out.push_str(name);
        out.push('>');
    }
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{e}:\n{xml}"));
    let node = doc
        .descendants()
        .find(|n| n.has_tag_name(root))
        .unwrap_or_else(|| panic!("no <{root}> in\n{xml}"));
    let mut used = vec![false; edits.len()];
    let mut out = String::new();
    write(node, "", edits, &mut used, &mut out);
    for (i, (path, _)) in edits.iter().enumerate() {
        assert!(used[i], "no element {root}/{path} to edit");
    }
    out
}

/// Asserts that a PUT body is a `DistributionConfig` document in CloudFront's namespace (every
/// element, known or not) equal to the configuration inside `read` (a `Distribution` body)
/// with `edits` applied, and nothing else changed.
fn assert_put_is_read_with(put_body: &[u8], read: &[u8], edits: &[(&str, &str)]) {
    let put = text(put_body);
    let doc = roxmltree::Document::parse(put).unwrap();
    assert!(doc.root_element().has_tag_name((NS, "DistributionConfig")));
    for el in doc.descendants().filter(|n| n.is_element()) {
        assert_eq!(
            el.tag_name().namespace(),
            Some(NS),
            "<{}> is outside CloudFront's namespace",
            el.tag_name().name()
        );
    }
    let sent = canonical(put, "DistributionConfig", &[]);
    let expected = canonical(text(read), "DistributionConfig", edits);
    if sent != expected {
        let at = sent
            .bytes()
            .zip(expected.bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(sent.len().min(expected.len()));
        let from = at.saturating_sub(120);
        panic!(
            "the PUT body differs from the configuration read at byte {at}:\n  sent:     ...{}\n  expected: ...{}",
            &sent[from..(at + 120).min(sent.len())],
            &expected[from..(at + 120).min(expected.len())]
        );
    }
}

/// The names of the child elements of the first `<parent>` in `xml`, in order.
fn child_names(xml: &str, parent: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let node = doc
        .descendants()
        .find(|n| n.has_tag_name(parent))
        .unwrap_or_else(|| panic!("no <{parent}>"));
    node.children()
        .filter(|c| c.is_element())
        .map(|c| c.tag_name().name().to_string())
        .collect()
}

/// A `MockTransport` expectation built from a fixture file: its method, path and query, its
/// `If-Match`, and its response.
fn expectation(file: &str) -> Expectation {
    let ex = Exchange::from_file(scenario(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    let mut e = Expectation::new(&ex.method, &ex.path_and_query);
    if let Some(v) = if_match(&ex) {
        e = e.header("If-Match", v);
    }
    e = e.respond(ex.status);
    for (k, v) in &ex.response_headers {
        e = e.response_header(k, v);
    }
    e.response_body(ex.response_body.clone())
}

fn mock_client() -> (Client, Arc<MockTransport>, Arc<ManualClock>) {
    let mock = Arc::new(MockTransport::new());
    let clock = manual_clock();
    let client = builder(clock.clone())
        .shared_transport(mock.clone())
        .build()
        .unwrap();
    (client, mock, clock)
}

fn caller_reference_of(body: &[u8]) -> String {
    DistributionConfig::from_xml(text(body))
        .expect("the POST body is a DistributionConfig")
        .caller_reference
}

fn is_uuid_v4(s: &str) -> bool {
    uuid::Uuid::parse_str(s).is_ok_and(|u| u.get_version_num() == 4)
}

// ---------------------------------------------------------------------------------------------
// Reading

/// The "prove the pipe" requirement: a recorded-shape ListDistributions page goes through
/// signing, the transport and the decoder into summaries.
#[test]
fn list_first_page_decodes_every_summary_and_the_next_marker() {
    let r = Replay::new("list-first-page");
    let mut pager = r.client.distributions().max_items(3);
    let summaries: Vec<_> = pager.by_ref().collect::<Result<_, _>>().unwrap();
    r.verify();

    let ids: Vec<&str> = summaries.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["E1A2B3C4D5E6F7", "E2QWRUHAPOMQZL", "E3XYZ987654321"]);
    let statuses: Vec<&str> = summaries.iter().map(|s| s.status.as_str()).collect();
    assert_eq!(statuses, ["Deployed", "InProgress", "Deployed"]);
    assert_eq!(summaries[0].etag.as_deref(), Some("E3UN6WX5RRO2AG"));
    assert_eq!(summaries[0].aliases.items, ["www.example.com"]);
    assert_eq!(summaries[0].domain_name, "d1a2b3c4d5e6f7.cloudfront.net");
    assert_eq!(summaries[1].comment, "docs & guides");
    assert!(summaries[1].staging);
    assert_eq!(
        summaries[2].anycast_ip_list_id.as_deref(),
        Some("aip_Q3XZ9kM2pL7vR5tY8wB1nD")
    );
    assert_eq!(
        summaries[2].last_modified_time.to_string(),
        "2026-09-30T17:05:42.007Z"
    );
    // One request (max_items), and where to continue.
    assert_eq!(pager.pages_fetched(), 1);
    assert!(pager.is_truncated());
    assert_eq!(pager.next_marker(), Some("E3XYZ987654321"));
    assert_eq!(
        calls(&r.sent()),
        ["GET /2020-05-31/distribution?MaxItems=3"]
    );
}

#[test]
fn get_and_get_config_return_the_value_with_its_etag_header() {
    let r = Replay::new("get");
    let d = r.client.distribution(ID).unwrap();
    assert_eq!(d.etag, "E2QWRUHAPOMQZL");
    assert_eq!(d.id, ID);
    assert_eq!(d.status, "InProgress");
    assert_eq!(d.domain_name, "d111111abcdef8.cloudfront.net");
    assert_eq!(
        d.last_modified_time
            .as_system_time()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .subsec_millis(),
        538
    );
    assert_eq!(d.distribution_config.aliases(), ["www.example.com"]);
    assert!(d.distribution_config.enabled);

    let config = r.client.distribution_config(ID).unwrap();
    assert_eq!(config.etag, "E2QWRUHAPOMQZL");
    assert_eq!(config.value, d.value.distribution_config);
    r.verify();
    assert_eq!(
        calls(&r.sent()),
        [
            "GET /2020-05-31/distribution/EDFDVBD6EXAMPLE",
            "GET /2020-05-31/distribution/EDFDVBD6EXAMPLE/config"
        ]
    );
}

#[test]
fn get_without_an_etag_header_is_a_typed_decode_error() {
    let r = Replay::new("get-without-etag");
    let err = r.client.distribution(ID).unwrap_err();
    match &err {
        Error::Decode(d) => assert!(d.message.contains("ETag"), "{d}"),
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert!(err.to_string().contains("no ETag header"), "{err}");
    // A decode error is not retried: one GET.
    r.verify();
    assert_eq!(r.sent().len(), 1);
}

// ---------------------------------------------------------------------------------------------
// Updating

#[test]
fn precondition_failed_on_update_is_typed_and_not_retried() {
    let r = Replay::new("update-precondition-failed");
    let mut applied = 0;
    let err = r
        .client
        .update_distribution(ID, |c| {
            applied += 1;
            c.comment = "new comment".into();
        })
        .unwrap_err();
    assert!(err.is_precondition_failed(), "{err:?}");
    assert_eq!(err.status(), Some(412));
    assert_eq!(err.code(), Some("PreconditionFailed"));
    let sent = r.sent();
    assert_eq!(
        err.request_id(),
        header(&sent[1].response_headers, "x-amz-request-id")
    );
    assert!(matches!(err, Error::Service(_)));
    assert_eq!(applied, 1);
    // GET, PUT: no second PUT, no backoff.
    r.verify();
    assert_eq!(
        calls(&sent),
        [
            "GET /2020-05-31/distribution/EDFDVBD6EXAMPLE",
            "PUT /2020-05-31/distribution/EDFDVBD6EXAMPLE/config"
        ]
    );
    assert!(r.clock.sleeps().is_empty());
    assert_eq!(assert_if_match_follows_reads(&sent), 1);
}

#[test]
fn conflict_retry_rereads_reapplies_and_sends_the_new_etag() {
    let r = Replay::new("update-conflict-retry");
    let seen = Mutex::new(Vec::new());
    let updated = r
        .client
        .update_distribution_with(ID, UpdateOptions::new().conflict_retries(1), |c| {
            seen.lock().unwrap().push(c.aliases().to_vec());
            c.comment = "new comment".into();
        })
        .unwrap();
    r.verify();
    assert_eq!(updated.etag, "E1QSDF45TGQ5NB");
    assert_eq!(updated.distribution_config.comment, "new comment");

    // The change was applied twice, the second time to the configuration as re-read.
    assert_eq!(
        seen.into_inner().unwrap(),
        [
            vec!["www.example.com".to_string()],
            vec!["www.example.com".into(), "static.example.com".into()]
        ]
    );
    let sent = r.sent();
    assert_eq!(
        calls(&sent),
        [
            "GET /2020-05-31/distribution/EDFDVBD6EXAMPLE",
            "PUT /2020-05-31/distribution/EDFDVBD6EXAMPLE/config",
            "GET /2020-05-31/distribution/EDFDVBD6EXAMPLE",
            "PUT /2020-05-31/distribution/EDFDVBD6EXAMPLE/config"
        ]
    );
    assert_eq!(if_match(&sent[1]), Some("E2QWRUHAPOMQZL"));
    assert_eq!(if_match(&sent[3]), Some("E3UN6WX5RRO2AG"));
    assert_eq!(assert_if_match_follows_reads(&sent), 2);
    // The second PUT keeps the other writer's alias and carries our comment.
    assert_put_is_read_with(
        &sent[3].request_body,
        &sent[2].response_body,
        &[("Comment", "<Comment>new comment</Comment>")],
    );
    // Conflicts are not transport retries: no backoff.
    assert!(r.clock.sleeps().is_empty());
}

#[test]
fn conflict_retries_exhausted_return_the_last_precondition_failed() {
    let r = Replay::new("update-conflict-retries-exhausted");
    let mut applied = 0;
    let err = r
        .client
        .update_distribution_with(ID, UpdateOptions::new().conflict_retries(1), |c| {
            applied += 1;
            c.comment = "new comment".into();
        })
        .unwrap_err();
    assert!(err.is_precondition_failed(), "{err:?}");
    assert_eq!(applied, 2);
    r.verify();
    let sent = r.sent();
    assert_eq!(sent.len(), 4);
    assert_eq!(assert_if_match_follows_reads(&sent), 2);
    assert_eq!(
        err.request_id(),
        header(&sent[3].response_headers, "x-amz-request-id")
    );
}

/// The PUT body is pinned byte for byte in the fixture, `CallerReference` included: the
/// update sends back exactly the configuration read, unknown elements in place, with only
/// the comment changed (and escaped).
#[test]
fn set_comment_sends_the_configuration_read_byte_for_byte_but_the_comment() {
    let replay = ReplayTransport::from_dir(scenario("set-comment"))
        .unwrap()
        .strict(true)
        .ignore_caller_reference(false);
    let r = Replay::with(replay);
    let updated = r
        .client
        .set_distribution_comment(ID, "docs & guides")
        .unwrap();
    r.verify();
    assert_eq!(updated.etag, "E3UN6WX5RRO2AG");
    assert_eq!(updated.distribution_config.comment, "docs & guides");
    // FuturePriority, FutureSetting (twice) and FutureBlock.
    assert_eq!(updated.distribution_config.unknown_element_count(), 4);
    let sent = r.sent();
    assert_eq!(assert_if_match_follows_reads(&sent), 1);
    assert_eq!(
        header(&sent[1].request_headers, "content-type"),
        Some("application/xml")
    );
}

/// The PUT's response is lost after CloudFront applied it: the client reads the distribution
/// again before resending, finds its configuration there and returns it, instead of resending
/// with the now stale ETag and reporting a `PreconditionFailed` for its own update.
#[test]
fn update_whose_response_was_lost_is_found_not_reported_as_a_conflict() {
    let (client, mock, clock) = mock_client();
    let put = format!("/2020-05-31/distribution/{ID}/config");
    mock.expect(expectation("update-lost-response/001-get.http"))
        .expect(
            Expectation::put(&put)
                .header("If-Match", "E2QWRUHAPOMQZL")
                .fail(TransportErrorKind::Io),
        )
        .expect(expectation("update-lost-response/003-get-applied.http"));
    let updated = client.set_distribution_comment(ID, "new comment").unwrap();
    mock.verify().unwrap();
    assert_eq!(updated.etag, "E3UN6WX5RRO2AG");
    assert_eq!(updated.distribution_config.comment, "new comment");
    let methods: Vec<String> = mock.requests().iter().map(|r| r.method.clone()).collect();
    assert_eq!(methods, ["GET", "PUT", "GET"]);
    assert_eq!(clock.sleeps(), [Duration::from_millis(200)]);
}

/// Same, but the update had not taken effect: the PUT is sent again, same body, same ETag.
#[test]
fn update_whose_request_was_lost_is_sent_again_with_the_same_etag() {
    let (client, mock, _) = mock_client();
    let put = format!("/2020-05-31/distribution/{ID}/config");
    mock.expect(expectation("update-lost-response/001-get.http"))
        .expect(
            Expectation::put(&put)
                .header("If-Match", "E2QWRUHAPOMQZL")
                .fail(TransportErrorKind::Io),
        )
        .expect(expectation("update-lost-response/001-get.http"))
        .expect(expectation("update-lost-response/004-put-config.http"));
    let updated = client.set_distribution_comment(ID, "new comment").unwrap();
    mock.verify().unwrap();
    assert_eq!(updated.etag, "E3UN6WX5RRO2AG");
    let requests = mock.requests();
    assert_eq!(requests.len(), 4);
    assert_eq!(requests[1].body, requests[3].body);
    assert_eq!(requests[3].header("if-match"), Some("E2QWRUHAPOMQZL"));
}

#[test]
fn if_match_on_update_and_delete_is_the_etag_of_the_preceding_get() {
    for (name, expected) in [
        ("set-comment", "E2QWRUHAPOMQZL"),
        ("delete", "E3UN6WX5RRO2AG"),
    ] {
        let r = Replay::new(name);
        if name == "delete" {
            r.client.delete_distribution(ID).unwrap();
        } else {
            r.client
                .set_distribution_comment(ID, "docs & guides")
                .unwrap();
        }
        r.verify();
        let sent = r.sent();
        assert_eq!(sent.len(), 2, "{name}");
        assert_eq!(sent[0].method, "GET");
        assert_eq!(etag_of(&sent[0]), Some(expected), "{name}");
        assert_eq!(if_match(&sent[1]), Some(expected), "{name}");
    }
}

#[test]
fn put_or_delete_without_an_etag_sends_nothing() {
    let (client, mock, _) = mock_client();
    let config = DistributionConfig::new(Origin::s3("mybucket.s3.amazonaws.com"));
    let err = client
        .put_distribution_config(ID, &config, " ")
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    let err = client.delete_distribution_with_etag(ID, "").unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    assert!(mock.requests().is_empty());
}

// ---------------------------------------------------------------------------------------------
// Enable / disable

#[test]
fn enable_when_already_enabled_sends_no_put() {
    let r = Replay::new("enable-already-enabled");
    let d = r.client.enable_distribution(ID).unwrap();
    assert!(d.distribution_config.enabled);
    assert_eq!(d.etag, "E2QWRUHAPOMQZL");
    r.verify();
    assert_eq!(
        calls(&r.sent()),
        ["GET /2020-05-31/distribution/EDFDVBD6EXAMPLE"]
    );
}

#[test]
fn disable_when_already_disabled_sends_no_put() {
    let r = Replay::new("disable-already-disabled");
    let d = r.client.disable_distribution(ID).unwrap();
    assert!(!d.distribution_config.enabled);
    r.verify();
    assert_eq!(r.sent().len(), 1);
}

/// Lossless read-modify-write: the PUT is the configuration as read, unknown elements
/// included and in place, with only `<Enabled>` changed.
#[test]
fn disable_sends_the_configuration_read_with_only_enabled_changed() {
    let r = Replay::new("disable-lossless");
    let d = r.client.disable_distribution(ID).unwrap();
    r.verify();
    assert!(!d.distribution_config.enabled);
    assert_eq!(d.status, "InProgress");
    assert_eq!(d.etag, "E3UN6WX5RRO2AG");

    let sent = r.sent();
    assert_eq!(assert_if_match_follows_reads(&sent), 1);
    let (read, put) = (&sent[0].response_body, &sent[1].request_body);
    assert_put_is_read_with(put, read, &[("Enabled", "<Enabled>false</Enabled>")]);

    // The same, spelled out for the elements this crate does not know.
    let body = text(put);
    assert!(
        body.contains("</PriceClass><Enabled>false</Enabled>"),
        "{body}"
    );
    let dcb = child_names(body, "DefaultCacheBehavior");
    assert_eq!(dcb.first().map(String::as_str), Some("FuturePriority"));
    let compress = dcb.iter().position(|n| n == "Compress").unwrap();
    assert_eq!(dcb[compress + 1], "FutureSetting");
    let top = child_names(body, "DistributionConfig");
    let http_version = top.iter().position(|n| n == "HttpVersion").unwrap();
    assert_eq!(top[http_version + 1], "FutureSetting");
    assert_eq!(top.last().map(String::as_str), Some("FutureBlock"));
    assert!(body.contains(
        r#"<FutureBlock Mode="strict"><Quantity>1</Quantity><Items><Member>a &amp; b</Member></Items></FutureBlock></DistributionConfig>"#
    ));
    assert!(body.contains("<FutureSetting>x</FutureSetting>"));
    assert!(body.contains("<FutureSetting>top</FutureSetting>"));
}

// ---------------------------------------------------------------------------------------------
// Aliases

#[test]
fn add_aliases_puts_the_merged_list_once_each() {
    let r = Replay::new("add-aliases");
    let d = r
        .client
        .add_distribution_aliases(
            ID,
            ["static.example.com", "WWW.EXAMPLE.COM", "img.example.com"],
        )
        .unwrap();
    r.verify();
    assert_eq!(d.distribution_config.aliases().len(), 3);
    let sent = r.sent();
    assert_eq!(assert_if_match_follows_reads(&sent), 1);
    assert_put_is_read_with(
        &sent[1].request_body,
        &sent[0].response_body,
        &[(
            "Aliases",
            "<Aliases><Quantity>3</Quantity><Items><CNAME>www.example.com</CNAME>\
             <CNAME>static.example.com</CNAME><CNAME>img.example.com</CNAME></Items></Aliases>",
        )],
    );
}

#[test]
fn remove_aliases_puts_the_remaining_list() {
    let r = Replay::new("remove-aliases");
    let d = r
        .client
        .remove_distribution_aliases(ID, ["static.example.com", "absent.example.com"])
        .unwrap();
    r.verify();
    assert_eq!(d.distribution_config.aliases(), ["www.example.com"]);
    let sent = r.sent();
    assert_put_is_read_with(
        &sent[1].request_body,
        &sent[0].response_body,
        &[(
            "Aliases",
            "<Aliases><Quantity>1</Quantity><Items><CNAME>www.example.com</CNAME></Items></Aliases>",
        )],
    );
}

#[test]
fn removing_the_last_alias_sends_an_explicit_empty_list() {
    let r = Replay::new("remove-last-alias");
    let d = r
        .client
        .remove_distribution_aliases(ID, ["WWW.example.com"])
        .unwrap();
    r.verify();
    assert!(d.distribution_config.aliases().is_empty());
    let sent = r.sent();
    assert!(text(&sent[1].request_body).contains("<Aliases><Quantity>0</Quantity></Aliases>"));
    assert_put_is_read_with(
        &sent[1].request_body,
        &sent[0].response_body,
        &[("Aliases", "<Aliases><Quantity>0</Quantity></Aliases>")],
    );
}

/// Adding a CNAME that is already there changes nothing: no UpdateDistribution (which would
/// redeploy the distribution to every edge location for nothing).
#[test]
fn add_aliases_already_present_sends_no_put() {
    let r = Replay::new("add-aliases-present");
    let d = r
        .client
        .add_distribution_aliases(ID, ["WWW.EXAMPLE.COM"])
        .unwrap();
    r.verify();
    assert_eq!(d.etag, "E2QWRUHAPOMQZL");
    assert_eq!(d.distribution_config.aliases(), ["www.example.com"]);
    assert_eq!(
        calls(&r.sent()),
        ["GET /2020-05-31/distribution/EDFDVBD6EXAMPLE"]
    );
}

#[test]
fn remove_absent_aliases_sends_no_put() {
    let r = Replay::new("remove-aliases-absent");
    let d = r
        .client
        .remove_distribution_aliases(ID, ["absent.example.com", "other.example.com"])
        .unwrap();
    r.verify();
    assert_eq!(d.distribution_config.aliases(), ["www.example.com"]);
    assert_eq!(r.sent().len(), 1);
}

// ---------------------------------------------------------------------------------------------
// Deleting and waiting

#[test]
fn delete_sends_the_fresh_etag_and_no_body() {
    let r = Replay::new("delete");
    r.client.delete_distribution(ID).unwrap();
    r.verify();
    let sent = r.sent();
    assert_eq!(sent[1].method, "DELETE");
    assert_eq!(sent[1].status, 204);
    assert!(sent[1].request_body.is_empty());
    assert_eq!(assert_if_match_follows_reads(&sent), 1);
}

/// The DELETE's response is lost after CloudFront deleted the distribution: the resend meets
/// `NoSuchDistribution`, which after such a failure means the earlier attempt did it.
#[test]
fn delete_whose_response_was_lost_succeeds() {
    let (client, mock, clock) = mock_client();
    mock.expect(expectation("delete-lost-response/001-get.http"))
        .expect(
            Expectation::delete(&format!("/2020-05-31/distribution/{ID}"))
                .header("If-Match", "E3UN6WX5RRO2AG")
                .fail(TransportErrorKind::Io),
        )
        .expect(expectation(
            "delete-lost-response/003-delete-no-such-distribution.http",
        ));
    client.delete_distribution(ID).unwrap();
    mock.verify().unwrap();
    let methods: Vec<String> = mock.requests().iter().map(|r| r.method.clone()).collect();
    assert_eq!(methods, ["GET", "DELETE", "DELETE"]);
    assert_eq!(clock.sleeps(), [Duration::from_millis(200)]);
}

/// Without an earlier ambiguous attempt, `NoSuchDistribution` is the caller's error.
#[test]
fn delete_of_a_missing_distribution_is_not_found() {
    let (client, mock, _) = mock_client();
    mock.expect(expectation(
        "delete-lost-response/003-delete-no-such-distribution.http",
    ));
    let err = client
        .delete_distribution_with_etag(ID, "E3UN6WX5RRO2AG")
        .unwrap_err();
    mock.verify().unwrap();
    assert!(err.is_not_found(), "{err:?}");
    assert_eq!(err.code(), Some("NoSuchDistribution"));
    assert_eq!(err.status(), Some(404));
}

#[test]
fn distribution_not_disabled_is_typed_and_says_what_to_do() {
    let r = Replay::new("delete-not-disabled");
    let err = r.client.delete_distribution(ID).unwrap_err();
    assert!(err.is_distribution_not_disabled(), "{err:?}");
    assert!(!err.is_precondition_failed());
    assert_eq!(err.status(), Some(409));
    let service = err.as_service().expect("a service error");
    assert_eq!(service.code, "DistributionNotDisabled");
    assert_eq!(service.error_type.as_deref(), Some("Sender"));
    assert_eq!(
        service.message,
        "The distribution you are trying to delete has not been disabled."
    );
    let shown = err.to_string();
    assert!(shown.contains("disable the distribution"), "{shown}");
    assert!(shown.contains("Deployed"), "{shown}");
    // Not retried.
    r.verify();
    assert_eq!(r.sent().len(), 2);
    assert!(r.clock.sleeps().is_empty());
}

#[test]
fn disable_and_delete_waits_for_deployed_then_deletes_with_the_last_etag() {
    let r = Replay::new("disable-and-delete");
    let progress = Arc::new(Mutex::new(Vec::new()));
    let log = progress.clone();
    let options = WaitOptions::distribution_deployed().on_progress(move |p| {
        log.lock()
            .unwrap()
            .push((p.status.to_string(), p.attempt, p.elapsed, p.done))
    });
    r.client
        .disable_and_delete_distribution(ID, options)
        .unwrap();
    r.verify();

    let sent = r.sent();
    assert_eq!(
        calls(&sent),
        [
            "GET /2020-05-31/distribution/EDFDVBD6EXAMPLE",
            "PUT /2020-05-31/distribution/EDFDVBD6EXAMPLE/config",
            "GET /2020-05-31/distribution/EDFDVBD6EXAMPLE",
            "GET /2020-05-31/distribution/EDFDVBD6EXAMPLE",
            "DELETE /2020-05-31/distribution/EDFDVBD6EXAMPLE"
        ]
    );
    assert_put_is_read_with(
        &sent[1].request_body,
        &sent[0].response_body,
        &[("Enabled", "<Enabled>false</Enabled>")],
    );
    assert_eq!(if_match(&sent[1]), Some("E2QWRUHAPOMQZL"));
    // The DELETE carries the ETag of the last poll, not the one the PUT returned.
    assert_eq!(etag_of(&sent[1]), Some("E3UN6WX5RRO2AG"));
    assert_eq!(etag_of(&sent[3]), Some("E1QSDF45TGQ5NB"));
    assert_eq!(if_match(&sent[4]), Some("E1QSDF45TGQ5NB"));
    // One poll interval slept (on the manual clock), between the two polls.
    assert_eq!(r.clock.sleeps(), [Duration::from_secs(60)]);
    assert_eq!(
        *progress.lock().unwrap(),
        [
            ("InProgress".to_string(), 1, Duration::ZERO, false),
            ("Deployed".to_string(), 2, Duration::from_secs(60), true)
        ]
    );
}

#[test]
fn wait_until_deployed_gives_up_with_attempts_and_last_status() {
    let r = Replay::new("wait-timeout");
    let err = r
        .client
        .wait_until_deployed(ID, WaitOptions::new(Duration::from_secs(30), 3))
        .unwrap_err();
    match &err {
        Error::WaiterTimeout(t) => {
            assert_eq!(t.attempts, 3);
            assert_eq!(t.last_status, "InProgress");
            assert_eq!(t.elapsed, Duration::from_secs(60));
            assert!(t.waiting_for.contains(ID), "{}", t.waiting_for);
        }
        other => panic!("expected a waiter timeout, got {other:?}"),
    }
    let shown = err.to_string();
    assert!(shown.contains("3 polls"), "{shown}");
    assert!(shown.contains("InProgress"), "{shown}");
    r.verify();
    assert_eq!(r.clock.sleeps(), [Duration::from_secs(30); 2]);
}

// ---------------------------------------------------------------------------------------------
// Creating

#[test]
fn create_sends_a_uuid_caller_reference_and_returns_the_etag() {
    let r = Replay::new("create");
    let config = DistributionConfig::new(Origin::s3("mybucket.s3.amazonaws.com"))
        .comment("my site")
        .enabled(false);
    let created = r.client.create_distribution(config).unwrap();
    r.verify();
    assert_eq!(created.id, ID);
    assert_eq!(created.etag, "E2QWRUHAPOMQZL");
    assert_eq!(created.status, "InProgress");
    assert_eq!(created.domain_name, "d111111abcdef8.cloudfront.net");

    let sent = r.sent();
    assert_eq!(sent[0].status, 201);
    assert_eq!(
        header(&sent[0].request_headers, "content-type"),
        Some("application/xml")
    );
    let sent_config = DistributionConfig::from_xml(text(&sent[0].request_body)).unwrap();
    assert!(
        is_uuid_v4(&sent_config.caller_reference),
        "{:?}",
        sent_config.caller_reference
    );
    assert_eq!(sent_config.comment, "my site");
    assert!(!sent_config.enabled);
}

/// The first attempt's response is lost after CloudFront created the distribution; the
/// retry (same body, same caller reference) meets `DistributionAlreadyExists`, and the client
/// reads the named distribution, sees its own caller reference and returns it.
#[test]
fn create_whose_response_was_lost_returns_the_distribution_it_made() {
    let (client, mock, clock) = mock_client();
    mock.expect(Expectation::post("/2020-05-31/distribution").fail(TransportErrorKind::Io))
        .expect(expectation(
            "create-lost-response/002-post-already-exists.http",
        ))
        .expect(expectation("create-lost-response/003-get-existing.http"));
    let config = DistributionConfig::new(Origin::s3("mybucket.s3.amazonaws.com"))
        .comment("my site")
        .enabled(false)
        .with_caller_reference(OUR_REFERENCE);

    let created = client.create_distribution(config).unwrap();
    mock.verify().unwrap();
    assert_eq!(created.id, ID);
    assert_eq!(created.etag, "E2QWRUHAPOMQZL");
    assert_eq!(created.distribution_config.caller_reference, OUR_REFERENCE);

    let requests = mock.requests();
    let methods: Vec<&str> = requests.iter().map(|r| r.method.as_str()).collect();
    // Two POSTs (one distribution: the second was refused), then one GET; no third POST.
    assert_eq!(methods, ["POST", "POST", "GET"]);
    assert_eq!(requests[0].body, requests[1].body);
    assert_eq!(caller_reference_of(&requests[1].body), OUR_REFERENCE);
    assert_eq!(requests[2].path(), format!("/2020-05-31/distribution/{ID}"));
    // One backoff, on the manual clock.
    assert_eq!(clock.sleeps(), [Duration::from_millis(200)]);
}

#[test]
fn create_retry_meeting_another_reference_is_already_created() {
    let (client, mock, _) = mock_client();
    mock.expect(Expectation::post("/2020-05-31/distribution").fail(TransportErrorKind::Io))
        .expect(expectation(
            "create-lost-response/002-post-already-exists.http",
        ))
        .expect(expectation("create-lost-response/004-get-other.http"));
    // No caller reference: the client makes one up and keeps it across attempts.
    let config = DistributionConfig::new(Origin::s3("mybucket.s3.amazonaws.com"));
    let err = client.create_distribution(config).unwrap_err();
    mock.verify().unwrap();

    let requests = mock.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[0].body, requests[1].body);
    let ours = caller_reference_of(&requests[0].body);
    assert!(is_uuid_v4(&ours), "{ours:?}");
    assert_eq!(err.code(), Some("DistributionAlreadyExists"));
    assert_eq!(err.status(), Some(409));
    let shown = err.to_string();
    match err {
        Error::AlreadyCreated(a) => {
            assert_eq!(a.resource, "distribution");
            assert_eq!(a.caller_reference, ours);
            assert_eq!(a.existing_id.as_deref(), Some(ID));
            assert_eq!(a.error.code, "DistributionAlreadyExists");
            assert!(shown.contains(&ours) && shown.contains(ID), "{shown}");
        }
        other => panic!("expected AlreadyCreated, got {other:?}"),
    }
}

/// A 409 on the first attempt is not ambiguous: the caller reused a reference.
#[test]
fn already_exists_on_the_first_attempt_is_a_plain_service_error() {
    let (client, mock, clock) = mock_client();
    mock.expect(expectation(
        "create-lost-response/002-post-already-exists.http",
    ));
    let config = DistributionConfig::new(Origin::s3("mybucket.s3.amazonaws.com"))
        .with_caller_reference(OUR_REFERENCE);
    let err = client.create_distribution(config).unwrap_err();
    mock.verify().unwrap();
    match &err {
        Error::Service(s) => {
            assert_eq!(s.code, "DistributionAlreadyExists");
            assert_eq!(s.status, 409);
            assert!(
                s.message.ends_with("Already exists: EDFDVBD6EXAMPLE"),
                "{}",
                s.message
            );
        }
        other => panic!("expected a service error, got {other:?}"),
    }
    // One POST, no GET, no retry.
    assert_eq!(mock.requests().len(), 1);
    assert!(clock.sleeps().is_empty());
}

// ---------------------------------------------------------------------------------------------
// The README

/// The README's "Distributions in five lines each", verbatim between the markers (checked
/// against README.md by `readme_distribution_example_is_the_code_this_file_runs`; the
/// README's doctests compile it, this file runs it).
#[rustfmt::skip]
fn readme_distributions(client: &Client) -> Result<(), Error> {
    use cloudfront::*;
// README distributions begin
// Create
let config = DistributionConfig::new(Origin::s3("mybucket.s3.amazonaws.com"))
    .comment("my site")
    .enabled(false);
let created = client.create_distribution(config)?;
println!("{} {} {}", created.id, created.domain_name, created.etag);

// List (lazily: the next page is fetched only when the loop reaches it)
for summary in client.distributions() {
    let summary = summary?;
    println!("{} {} {}", summary.id, summary.domain_name, summary.status);
}

// Update (read-modify-write with If-Match; nothing else in the config changes)
let updated = client.update_distribution(&created.id, |config| {
    config.comment = "new comment".into();
})?;
client.enable_distribution(&created.id)?;
client.add_distribution_aliases(&created.id, ["www.example.com"])?;

// Delete (disable, wait until Deployed, delete with the fresh ETag)
client.disable_and_delete_distribution(&created.id, WaitOptions::distribution_deployed())?;
// README distributions end
    let _ = updated;
    Ok(())
}

/// The visible lines (rustdoc's `# ` lines left out) of the first code block after
/// `heading` in `markdown`, trimmed, blank lines dropped.
fn readme_block(markdown: &str, heading: &str) -> Vec<String> {
    let after = markdown
        .split_once(heading)
        .unwrap_or_else(|| panic!("README has no {heading:?}"))
        .1;
    let block = after.split_once("```rust").expect("a rust block").1;
    let block = block.split_once('\n').expect("a fence line").1;
    let block = block.split_once("```").expect("a closing fence").0;
    block
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && *l != "#" && !l.starts_with("# "))
        .map(str::to_string)
        .collect()
}

/// The lines of this file between `// README <name> begin` and `... end`, trimmed, blank
/// lines dropped.
fn marked_lines(source: &str, name: &str) -> Vec<String> {
    let begin = format!("// README {name} begin\n");
    let end = format!("// README {name} end");
    let from = source.split_once(begin.as_str()).expect("begin marker").1;
    let section = from.split_once(end.as_str()).expect("end marker").0;
    section
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn readme_distribution_example_is_the_code_this_file_runs() {
    let readme = include_str!("../README.md");
    let source = include_str!("distribution_fixtures.rs");
    assert_eq!(
        readme_block(readme, "## Distributions in five lines each"),
        marked_lines(source, "distributions"),
        "the README's distribution example and readme_distributions() differ"
    );
}

/// The README's distribution example runs as written against CloudFront-shaped exchanges:
/// create, list, update, enable, add an alias, disable, wait, delete.
#[test]
fn readme_distributions_example_runs_against_recorded_exchanges() {
    let r = Replay::new("readme-five-lines");
    readme_distributions(&r.client).unwrap();
    r.verify();
    let sent = r.sent();
    assert_eq!(sent.len(), 13);
    // Every write carried the ETag of the read just before it.
    assert_eq!(assert_if_match_follows_reads(&sent), 5);
    assert_put_is_read_with(
        &sent[3].request_body,
        &sent[2].response_body,
        &[("Comment", "<Comment>new comment</Comment>")],
    );
    assert_put_is_read_with(
        &sent[5].request_body,
        &sent[4].response_body,
        &[("Enabled", "<Enabled>true</Enabled>")],
    );
    assert_put_is_read_with(
        &sent[7].request_body,
        &sent[6].response_body,
        &[(
            "Aliases",
            "<Aliases><Quantity>1</Quantity><Items><CNAME>www.example.com</CNAME></Items></Aliases>",
        )],
    );
    assert_put_is_read_with(
        &sent[9].request_body,
        &sent[8].response_body,
        &[("Enabled", "<Enabled>false</Enabled>")],
    );
    // Waited one poll interval, on the manual clock.
    assert_eq!(r.clock.sleeps(), [Duration::from_secs(60)]);
}
