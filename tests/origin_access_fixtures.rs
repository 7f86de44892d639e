//! Origin access identities (which moto does not implement) and the origin access control
//! behaviour moto does not emulate, on CloudFront's real wire shapes.
//!
//! Most tests replay `fixtures/origin-access-identity/<scenario>/` and
//! `fixtures/origin-access-control/<scenario>/` (one exchange per file; see the READMEs there).
//! A replayed request must match its fixture (method, path, query, `If-Match`, `content-type`,
//! and the body where the fixture has one) and every fixture must be used, so a missing, extra
//! or retried request fails the test. Scenarios that need a lost response use `MockTransport`
//! with the other exchanges taken from the fixture files.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use cloudfront::clock::ManualClock;
use cloudfront::resources::origin_access_control::OriginAccessControlSigningBehavior;
use cloudfront::transport::{
    Exchange, Expectation, MockTransport, RecordingTransport, ReplayTransport, TransportErrorKind,
};
use cloudfront::{
    Client, Credentials, Error, OriginAccessControlConfig, OriginAccessIdentityConfig, RetryPolicy,
    UpdateOptions,
};

/// The identity every OAI scenario works on.
const OAI: &str = "E74FTE3AJFJ256A";
/// Its S3 canonical user id.
const CANONICAL: &str = "cd13868f797c227fbea2830611a26fe0a21ba1b826ab4bed9b7771c9aEXAMPLE";
/// The caller reference the fixtures echo back.
const REFERENCE: &str = "5b1f4a9e-3c2d-4e8f-9a7b-6c5d4e3f2a1b";
/// The origin access control of the OAC scenarios.
const OAC: &str = "E2T5YVBQ7MXSJC";
const OAI_BASE: &str = "/2020-05-31/origin-access-identity/cloudfront";
const OAC_BASE: &str = "/2020-05-31/origin-access-control";

fn scenario(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn manual_clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(
        UNIX_EPOCH + Duration::from_secs(1_795_608_000), // 2026-11-25T12:00:00Z
    ))
}

fn builder(clock: Arc<ManualClock>) -> cloudfront::ClientBuilder {
    Client::builder()
        .credentials(Credentials::new("AKIDEXAMPLE", "fixture-secret"))
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
}

impl Replay {
    /// Replays `fixtures/<name>`, with `<CallerReference>` text masked in body comparisons.
    fn new(name: &str) -> Replay {
        Replay::with(name, true)
    }

    /// Replays `fixtures/<name>`, comparing request bodies byte for byte (caller reference
    /// included) when `mask_caller_reference` is false.
    fn with(name: &str, mask_caller_reference: bool) -> Replay {
        let replay = ReplayTransport::from_dir(scenario(name))
            .unwrap_or_else(|e| panic!("fixtures of {name}: {e}"))
            .strict(true)
            .ignore_caller_reference(mask_caller_reference);
        let replay = Arc::new(replay);
        let recorder = Arc::new(RecordingTransport::in_memory(replay.clone()));
        let client = builder(manual_clock())
            .shared_transport(recorder.clone())
            .build()
            .unwrap();
        Replay {
            client,
            replay,
            recorder,
        }
    }

    fn sent(&self) -> Vec<Exchange> {
        self.recorder.exchanges()
    }

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

fn calls(sent: &[Exchange]) -> Vec<String> {
    sent.iter()
        .map(|e| format!("{} {}", e.method, e.path_and_query))
        .collect()
}

/// A `MockTransport` expectation built from a fixture file: its method, path and query, its
/// `If-Match`, and its response.
fn expectation(file: &str) -> Expectation {
    let ex = Exchange::from_file(scenario(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    let mut e = Expectation::new(&ex.method, &ex.path_and_query);
    if let Some(v) = header(&ex.request_headers, "if-match") {
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
    OriginAccessIdentityConfig::from_xml(std::str::from_utf8(body).unwrap())
        .expect("the POST body is a CloudFrontOriginAccessIdentityConfig")
        .caller_reference
}

fn is_uuid_v4(s: &str) -> bool {
    uuid::Uuid::parse_str(s).is_ok_and(|u| u.get_version_num() == 4)
}

fn service_code(e: &Error) -> (&str, u16) {
    let s = e
        .as_service()
        .unwrap_or_else(|| panic!("not a service error: {e:?}"));
    (s.code.as_str(), s.status)
}

// ---------------------------------------------------------------------------------------------
// Origin access identities: create

#[test]
fn oai_create_sends_a_uuid_v4_caller_reference_and_returns_the_identity_with_its_etag() {
    let r = Replay::new("origin-access-identity/create");
    let oai = r
        .client
        .create_origin_access_identity(OriginAccessIdentityConfig::new("site bucket"))
        .unwrap();
    r.verify();
    assert_eq!(oai.etag, "E2QWRUHAPOMQZL");
    assert_eq!(oai.id, OAI);
    assert_eq!(oai.s3_canonical_user_id, CANONICAL);
    assert_eq!(
        oai.s3_origin_value(),
        "origin-access-identity/cloudfront/E74FTE3AJFJ256A"
    );
    let config = oai
        .config()
        .expect("the identity carries its configuration");
    assert_eq!(config.comment, "site bucket");
    assert_eq!(config.caller_reference, REFERENCE);

    let sent = r.sent();
    assert_eq!(calls(&sent), [format!("POST {OAI_BASE}")]);
    let reference = caller_reference_of(&sent[0].request_body);
    assert!(is_uuid_v4(&reference), "{reference:?} is not a uuid v4");
    assert_eq!(
        header(&sent[0].request_headers, "content-type"),
        Some("application/xml")
    );
}

#[test]
fn oai_create_keeps_a_caller_reference_it_is_given() {
    // Bodies compared byte for byte, caller reference included.
    let r = Replay::with("origin-access-identity/create", false);
    let oai = r
        .client
        .create_origin_access_identity(
            OriginAccessIdentityConfig::new("site bucket").with_caller_reference(REFERENCE),
        )
        .unwrap();
    r.verify();
    assert_eq!(oai.id, OAI);
}

/// The POST's response is lost: the resend carries the very same body (same caller
/// reference), which CloudFront answers with the identity the first attempt created.
#[test]
fn oai_create_whose_response_was_lost_is_resent_with_the_same_caller_reference() {
    let (client, mock, clock) = mock_client();
    mock.expect(Expectation::post(OAI_BASE).fail(TransportErrorKind::Io))
        .expect(expectation("origin-access-identity/create/001-post.http"));
    let oai = client
        .create_origin_access_identity(OriginAccessIdentityConfig::new("site bucket"))
        .unwrap();
    mock.verify().unwrap();
    assert_eq!(oai.id, OAI);
    let requests = mock.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].body, requests[1].body);
    assert!(is_uuid_v4(&caller_reference_of(&requests[0].body)));
    assert_eq!(clock.sleeps(), [Duration::from_millis(200)]);
}

#[test]
fn oai_create_retry_meeting_already_exists_is_already_created() {
    let (client, mock, _) = mock_client();
    mock.expect(Expectation::post(OAI_BASE).fail(TransportErrorKind::Io))
        .expect(expectation(
            "origin-access-identity/create-lost-response/002-post-already-exists.http",
        ));
    let err = client
        .create_origin_access_identity(
            OriginAccessIdentityConfig::new("site bucket").with_caller_reference("ref-7"),
        )
        .unwrap_err();
    mock.verify().unwrap();
    let Error::AlreadyCreated(created) = &err else {
        panic!("expected AlreadyCreated, got {err:?}");
    };
    assert_eq!(created.resource, "origin access identity");
    assert_eq!(created.caller_reference, "ref-7");
    assert_eq!(
        created.error.code,
        "CloudFrontOriginAccessIdentityAlreadyExists"
    );
    assert_eq!(err.status(), Some(409));
}

#[test]
fn oai_already_exists_on_the_first_attempt_is_a_plain_service_error() {
    let (client, mock, clock) = mock_client();
    mock.expect(expectation(
        "origin-access-identity/create-lost-response/002-post-already-exists.http",
    ));
    let err = client
        .create_origin_access_identity(OriginAccessIdentityConfig::new("other comment"))
        .unwrap_err();
    mock.verify().unwrap();
    assert_eq!(
        service_code(&err),
        ("CloudFrontOriginAccessIdentityAlreadyExists", 409)
    );
    assert!(clock.sleeps().is_empty(), "a 409 is not retried");
}

// ---------------------------------------------------------------------------------------------
// Origin access identities: read

#[test]
fn oai_get_and_get_config_return_the_value_with_its_etag_header() {
    let r = Replay::new("origin-access-identity/get");
    let oai = r.client.origin_access_identity(OAI).unwrap();
    let config = r.client.origin_access_identity_config(OAI).unwrap();
    r.verify();
    assert_eq!(oai.etag, "E2QWRUHAPOMQZL");
    assert_eq!(oai.id, OAI);
    assert_eq!(oai.s3_canonical_user_id, CANONICAL);
    assert_eq!(oai.unknown_element_count(), 0);
    assert_eq!(config.etag, "E2QWRUHAPOMQZL");
    assert_eq!(Some(&config.value), oai.config());
    assert_eq!(config.caller_reference, REFERENCE);
    assert_eq!(
        calls(&r.sent()),
        [
            format!("GET {OAI_BASE}/{OAI}"),
            format!("GET {OAI_BASE}/{OAI}/config")
        ]
    );
}

#[test]
fn oai_missing_is_not_found_and_not_retried() {
    let r = Replay::new("origin-access-identity/not-found");
    let err = r
        .client
        .origin_access_identity("E0000000000000")
        .unwrap_err();
    r.verify();
    assert!(err.is_not_found());
    assert_eq!(
        service_code(&err),
        ("NoSuchCloudFrontOriginAccessIdentity", 404)
    );
    assert!(err.request_id().is_some());
    assert_eq!(r.sent().len(), 1);

    // Deleting it reads it first: the same 404, and no DELETE is sent.
    let r = Replay::new("origin-access-identity/not-found");
    let err = r
        .client
        .delete_origin_access_identity("E0000000000000")
        .unwrap_err();
    r.verify();
    assert!(err.is_not_found());
    assert_eq!(r.sent().len(), 1);
}

#[test]
fn oai_list_pages_with_max_items_and_next_marker() {
    let r = Replay::new("origin-access-identity/list-pages");
    let mut first = r.client.origin_access_identities().max_items(2);
    let page: Vec<_> = first.by_ref().collect::<Result<_, _>>().unwrap();
    assert_eq!(first.pages_fetched(), 1, "max_items makes one request");
    assert_eq!(page.len(), 2);
    assert_eq!(page[0].id, OAI);
    assert_eq!(page[0].s3_canonical_user_id, CANONICAL);
    assert_eq!(page[0].comment, "site bucket");
    assert_eq!(
        page[1].s3_origin_value(),
        "origin-access-identity/cloudfront/E1X8Q5ZQ3EXAMPL"
    );
    assert_eq!(first.next_marker(), Some("E1X8Q5ZQ3EXAMPL"));

    let mut rest = r
        .client
        .origin_access_identities()
        .marker(first.next_marker().unwrap())
        .max_items(2);
    let page2: Vec<_> = rest.by_ref().collect::<Result<_, _>>().unwrap();
    assert_eq!(page2.len(), 1);
    assert_eq!(page2[0].id, "E3L0NDO5G7B2EX");
    assert_eq!(page2[0].comment, "");
    assert_eq!(rest.next_marker(), None);
    r.verify();
}

#[test]
fn oai_walk_fetches_every_page_lazily() {
    let r = Replay::new("origin-access-identity/list-pages");
    let mut pager = r.client.origin_access_identities().page_size(2);
    assert!(r.sent().is_empty(), "nothing is sent before iterating");
    let first = pager.next().unwrap().unwrap();
    assert_eq!(first.id, OAI);
    assert_eq!(r.sent().len(), 1);
    let rest: Vec<String> = pager.map(|s| s.unwrap().id).collect();
    assert_eq!(rest, ["E1X8Q5ZQ3EXAMPL", "E3L0NDO5G7B2EX"]);
    r.verify();
}

// ---------------------------------------------------------------------------------------------
// Origin access identities: update

#[test]
fn oai_update_sends_the_configuration_read_with_if_match_and_only_the_comment_changed() {
    // Bodies compared byte for byte: the caller reference read is sent back unchanged (a
    // changed one would be CloudFront's IllegalUpdate).
    let r = Replay::with("origin-access-identity/update", false);
    let updated = r
        .client
        .update_origin_access_identity(OAI, |c| c.comment = "site bucket (prod)".into())
        .unwrap();
    r.verify();
    assert_eq!(updated.etag, "E3UN6WX5RRO2AG");
    assert_eq!(updated.config().unwrap().comment, "site bucket (prod)");
    let sent = r.sent();
    assert_eq!(
        calls(&sent),
        [
            format!("GET {OAI_BASE}/{OAI}"),
            format!("PUT {OAI_BASE}/{OAI}/config")
        ]
    );
    assert_eq!(
        header(&sent[1].request_headers, "if-match"),
        header(&sent[0].response_headers, "etag")
    );
}

#[test]
fn oai_update_without_a_change_sends_no_put() {
    let r = Replay::new("origin-access-identity/update-no-change");
    let same = r
        .client
        .update_origin_access_identity(OAI, |c| c.comment = "site bucket".into())
        .unwrap();
    r.verify();
    assert_eq!(same.etag, "E2QWRUHAPOMQZL");
    assert_eq!(r.sent().len(), 1);
}

#[test]
fn oai_update_writes_back_elements_this_crate_does_not_know() {
    let r = Replay::with(
        "origin-access-identity/update-keeps-unknown-elements",
        false,
    );
    let updated = r
        .client
        .update_origin_access_identity(OAI, |c| c.comment = "site bucket (prod)".into())
        .unwrap();
    r.verify();
    assert_eq!(updated.unknown_element_count(), 1);
    let put = String::from_utf8(r.sent()[1].request_body.clone()).unwrap();
    assert!(
        put.contains("</Comment><FutureIdentitySetting>on</FutureIdentitySetting>"),
        "{put}"
    );
}

#[test]
fn oai_precondition_failed_on_update_is_typed_and_not_retried() {
    let r = Replay::new("origin-access-identity/update-precondition-failed");
    let err = r
        .client
        .update_origin_access_identity(OAI, |c| c.comment = "site bucket (prod)".into())
        .unwrap_err();
    r.verify();
    assert!(err.is_precondition_failed());
    assert_eq!(service_code(&err), ("PreconditionFailed", 412));
    assert_eq!(r.sent().len(), 2);
}

#[test]
fn oai_conflict_retry_rereads_reapplies_and_sends_the_new_etag() {
    let r = Replay::new("origin-access-identity/update-conflict-retry");
    let updated = r
        .client
        .update_origin_access_identity_with(OAI, UpdateOptions::new().conflict_retries(1), |c| {
            c.comment = "site bucket (prod)".into()
        })
        .unwrap();
    r.verify();
    assert_eq!(updated.etag, "E3PRVTGI2XZ9XY");
    let sent = r.sent();
    let if_matches: Vec<_> = sent
        .iter()
        .filter(|e| e.method == "PUT")
        .map(|e| header(&e.request_headers, "if-match").unwrap().to_string())
        .collect();
    assert_eq!(if_matches, ["E2QWRUHAPOMQZL", "E1Y6TLAXKU7BGV"]);
}

/// The PUT's response is lost after CloudFront applied it: the identity is read again before
/// resending, has our configuration, and that read is the answer (a resend with the now stale
/// ETag would report a `PreconditionFailed` for our own update).
#[test]
fn oai_update_whose_response_was_lost_is_read_back_not_resent() {
    let (client, mock, _) = mock_client();
    mock.expect(expectation(
        "origin-access-identity/update-lost-response/001-get.http",
    ))
    .expect(
        Expectation::put(&format!("{OAI_BASE}/{OAI}/config"))
            .header("If-Match", "E2QWRUHAPOMQZL")
            .fail(TransportErrorKind::Io),
    )
    .expect(expectation(
        "origin-access-identity/update-lost-response/003-get-applied.http",
    ));
    let updated = client
        .update_origin_access_identity(OAI, |c| c.comment = "site bucket (prod)".into())
        .unwrap();
    mock.verify().unwrap();
    assert_eq!(updated.etag, "E3UN6WX5RRO2AG");
    let methods: Vec<String> = mock.requests().iter().map(|r| r.method.clone()).collect();
    assert_eq!(methods, ["GET", "PUT", "GET"]);
}

/// Same, but the update had not taken effect: the PUT goes again, same body, same ETag.
#[test]
fn oai_update_whose_request_was_lost_is_sent_again_with_the_same_etag() {
    let (client, mock, _) = mock_client();
    mock.expect(expectation(
        "origin-access-identity/update-lost-response/001-get.http",
    ))
    .expect(
        Expectation::put(&format!("{OAI_BASE}/{OAI}/config"))
            .header("If-Match", "E2QWRUHAPOMQZL")
            .fail(TransportErrorKind::Io),
    )
    .expect(expectation(
        "origin-access-identity/update-lost-response/001-get.http",
    ))
    .expect(expectation(
        "origin-access-identity/update/002-put-config.http",
    ));
    let updated = client
        .update_origin_access_identity(OAI, |c| c.comment = "site bucket (prod)".into())
        .unwrap();
    mock.verify().unwrap();
    assert_eq!(updated.etag, "E3UN6WX5RRO2AG");
    let requests = mock.requests();
    assert_eq!(requests.len(), 4);
    assert_eq!(requests[1].body, requests[3].body);
    assert_eq!(requests[3].header("if-match"), Some("E2QWRUHAPOMQZL"));
}

// ---------------------------------------------------------------------------------------------
// Origin access identities: delete

#[test]
fn oai_delete_sends_the_fresh_etag_and_no_body() {
    let r = Replay::new("origin-access-identity/delete");
    r.client.delete_origin_access_identity(OAI).unwrap();
    r.verify();
    let sent = r.sent();
    assert_eq!(
        calls(&sent),
        [
            format!("GET {OAI_BASE}/{OAI}"),
            format!("DELETE {OAI_BASE}/{OAI}")
        ]
    );
    assert_eq!(
        header(&sent[1].request_headers, "if-match"),
        Some("E2QWRUHAPOMQZL")
    );
    assert!(sent[1].request_body.is_empty());
    assert_eq!(sent[1].status, 204);
}

#[test]
fn oai_in_use_is_a_typed_409_and_not_retried() {
    let r = Replay::new("origin-access-identity/delete-in-use");
    let err = r.client.delete_origin_access_identity(OAI).unwrap_err();
    r.verify();
    assert_eq!(
        service_code(&err),
        ("CloudFrontOriginAccessIdentityInUse", 409)
    );
    assert!(!err.is_retryable());
    assert_eq!(r.sent().len(), 2);
}

#[test]
fn oai_delete_whose_response_was_lost_succeeds() {
    let (client, mock, clock) = mock_client();
    mock.expect(expectation(
        "origin-access-identity/delete-lost-response/001-get.http",
    ))
    .expect(
        Expectation::delete(&format!("{OAI_BASE}/{OAI}"))
            .header("If-Match", "E2QWRUHAPOMQZL")
            .fail(TransportErrorKind::Io),
    )
    .expect(expectation(
        "origin-access-identity/delete-lost-response/003-delete-no-such.http",
    ));
    client.delete_origin_access_identity(OAI).unwrap();
    mock.verify().unwrap();
    let methods: Vec<String> = mock.requests().iter().map(|r| r.method.clone()).collect();
    assert_eq!(methods, ["GET", "DELETE", "DELETE"]);
    assert_eq!(clock.sleeps(), [Duration::from_millis(200)]);
}

#[test]
fn writes_without_an_etag_and_bad_ids_send_nothing() {
    let (client, mock, _) = mock_client();
    let config = OriginAccessIdentityConfig::new("c").with_caller_reference("r");
    for err in [
        client
            .put_origin_access_identity_config(OAI, &config, " ")
            .unwrap_err(),
        client
            .delete_origin_access_identity_with_etag(OAI, "")
            .unwrap_err(),
        client
            .put_origin_access_control_config(OAC, &OriginAccessControlConfig::s3("n"), "")
            .unwrap_err(),
        client
            .delete_origin_access_control_with_etag(OAC, "")
            .unwrap_err(),
        client.origin_access_identity("..").unwrap_err(),
        client.origin_access_control("").unwrap_err(),
        client
            .create_origin_access_control(OriginAccessControlConfig::s3(""))
            .unwrap_err(),
    ] {
        assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    }
    assert!(mock.requests().is_empty());
}

// ---------------------------------------------------------------------------------------------
// Origin access controls: what moto does not emulate

#[test]
fn oac_config_read_returns_the_config_with_its_etag() {
    let r = Replay::new("origin-access-control/get-config");
    let config = r.client.origin_access_control_config(OAC).unwrap();
    r.verify();
    assert_eq!(config.etag, "E2QWRUHAPOMQZL");
    assert_eq!(
        config.value,
        OriginAccessControlConfig::s3("site-oac").description("site bucket")
    );
}

#[test]
fn oac_precondition_failed_on_update_is_typed_and_not_retried() {
    let r = Replay::new("origin-access-control/update-precondition-failed");
    let err = r
        .client
        .update_origin_access_control(OAC, |c| {
            c.signing_behavior = OriginAccessControlSigningBehavior::NoOverride
        })
        .unwrap_err();
    r.verify();
    assert!(err.is_precondition_failed());
    assert_eq!(service_code(&err), ("PreconditionFailed", 412));
    let sent = r.sent();
    assert_eq!(sent.len(), 2);
    assert_eq!(
        header(&sent[1].request_headers, "if-match"),
        Some("E2QWRUHAPOMQZL")
    );
}

#[test]
fn oac_in_use_is_a_typed_409_and_not_retried() {
    let r = Replay::new("origin-access-control/delete-in-use");
    let err = r.client.delete_origin_access_control(OAC).unwrap_err();
    r.verify();
    assert_eq!(service_code(&err), ("OriginAccessControlInUse", 409));
    assert_eq!(r.sent().len(), 2);
}

#[test]
fn oac_listing_ends_when_next_marker_is_absent() {
    let r = Replay::new("origin-access-control/list-pages");
    let mut pager = r.client.origin_access_controls().page_size(1);
    let all: Vec<_> = pager.by_ref().collect::<Result<_, _>>().unwrap();
    r.verify();
    assert_eq!(pager.pages_fetched(), 3);
    assert_eq!(pager.next_marker(), None);
    let names: Vec<&str> = all.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["site-oac", "logs-oac"]);
    assert_eq!(all[1].description, "");

    // One page at a time: the NextMarker is handed out to continue elsewhere.
    let r = Replay::new("origin-access-control/list-pages");
    let mut first = r.client.origin_access_controls().max_items(1);
    assert_eq!(first.by_ref().count(), 1);
    assert_eq!(first.next_marker(), Some(OAC));
}

#[test]
fn oac_listing_without_next_marker_stops_even_if_marked_truncated() {
    // The model's paginator for ListOriginAccessControls has an output token and no
    // more_results: without a NextMarker there is nothing to continue from.
    let (client, mock, _) = mock_client();
    mock.expect(Expectation::get(OAC_BASE).respond(200).response_body(
        "<?xml version=\"1.0\"?>\n<OriginAccessControlList xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\"><Marker></Marker><MaxItems>100</MaxItems><IsTruncated>true</IsTruncated><Quantity>0</Quantity></OriginAccessControlList>",
    ));
    let mut pager = client.origin_access_controls();
    assert!(pager.next().is_none());
    assert_eq!(pager.pages_fetched(), 1);
    assert_eq!(pager.next_marker(), None);
    mock.verify().unwrap();
}

/// The POST's response is lost after CloudFront created the control. There is no caller
/// reference: the listing is searched for a control with this exact configuration before
/// resending, and the one found is returned. No second POST.
#[test]
fn oac_create_whose_response_was_lost_is_found_in_the_listing() {
    let (client, mock, _) = mock_client();
    let listing = "<?xml version=\"1.0\"?>\n<OriginAccessControlList xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\"><Marker></Marker><MaxItems>100</MaxItems><IsTruncated>false</IsTruncated><Quantity>2</Quantity><Items><OriginAccessControlSummary><Id>E1ANVQ5X6WZ8EX</Id><Description></Description><Name>site-oac-old</Name><SigningProtocol>sigv4</SigningProtocol><SigningBehavior>always</SigningBehavior><OriginAccessControlOriginType>s3</OriginAccessControlOriginType></OriginAccessControlSummary><OriginAccessControlSummary><Id>E2T5YVBQ7MXSJC</Id><Description>site bucket</Description><Name>site-oac</Name><SigningProtocol>sigv4</SigningProtocol><SigningBehavior>always</SigningBehavior><OriginAccessControlOriginType>s3</OriginAccessControlOriginType></OriginAccessControlSummary></Items></OriginAccessControlList>";
    mock.expect(Expectation::post(OAC_BASE).fail(TransportErrorKind::Io))
        .expect(
            Expectation::get(OAC_BASE)
                .respond(200)
                .response_body(listing),
        )
        .expect(expectation(
            "origin-access-control/update-precondition-failed/001-get.http",
        ));
    let created = client
        .create_origin_access_control(
            OriginAccessControlConfig::s3("site-oac").description("site bucket"),
        )
        .unwrap();
    mock.verify().unwrap();
    assert_eq!(created.id, OAC);
    assert_eq!(created.etag, "E2QWRUHAPOMQZL");
    let requests = mock.requests();
    let methods: Vec<String> = requests.iter().map(|r| r.method.clone()).collect();
    assert_eq!(methods, ["POST", "GET", "GET"], "no second POST");
    assert_eq!(requests[2].path(), format!("{OAC_BASE}/{OAC}"));
}

/// Same, but the control is not in the listing: the first attempt never reached CloudFront,
/// so the POST is sent again, with the same body.
#[test]
fn oac_create_whose_request_was_lost_is_sent_again() {
    let (client, mock, _) = mock_client();
    let empty = "<?xml version=\"1.0\"?>\n<OriginAccessControlList xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\"><Marker></Marker><MaxItems>100</MaxItems><IsTruncated>false</IsTruncated><Quantity>0</Quantity></OriginAccessControlList>";
    let get = Exchange::from_file(scenario(
        "origin-access-control/update-precondition-failed/001-get.http",
    ))
    .unwrap();
    mock.expect(Expectation::post(OAC_BASE).fail(TransportErrorKind::Io))
        .expect(Expectation::get(OAC_BASE).respond(200).response_body(empty))
        .expect(
            Expectation::post(OAC_BASE)
                .respond(201)
                .response_header("ETag", "E2QWRUHAPOMQZL")
                .response_body(get.response_body.clone()),
        );
    let created = client
        .create_origin_access_control(
            OriginAccessControlConfig::s3("site-oac").description("site bucket"),
        )
        .unwrap();
    mock.verify().unwrap();
    assert_eq!(created.id, OAC);
    let requests = mock.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[0].body, requests[2].body);
}
