//! The overall deadline of a call (retries, backoff and reconciliation included) and
//! `Retry-After`, on scripted transports and a manual clock (no test waits for real), and
//! once through the default transport against a stalled server on 127.0.0.1.

mod support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};

use cloudfront::clock::{Clock, ManualClock};
use cloudfront::transport::{
    Expectation, HttpRequest, HttpResponse, MockTransport, Transport, TransportError,
    TransportErrorKind,
};
use cloudfront::{Client, Credentials, DEFAULT_CALL_TIMEOUT, Error, RetryPolicy};

/// How long the stalled server holds each attempt (the default transport's own timeout).
const STALL: Duration = Duration::from_secs(60);

/// A server that never answers: each attempt takes `STALL` of the manual clock (or the
/// time left of the call, when `honours_deadline`, as `UreqTransport` does) and times out.
#[derive(Debug)]
struct Stalled {
    clock: Arc<ManualClock>,
    honours_deadline: bool,
    /// Method, path and the time left that the client passed, per request.
    seen: Mutex<Vec<(String, Option<Duration>)>>,
}

impl Stalled {
    fn new(clock: &Arc<ManualClock>, honours_deadline: bool) -> Arc<Stalled> {
        Arc::new(Stalled {
            clock: clock.clone(),
            honours_deadline,
            seen: Mutex::new(Vec::new()),
        })
    }

    fn seen(&self) -> Vec<(String, Option<Duration>)> {
        self.seen.lock().unwrap().clone()
    }
}

impl Transport for Stalled {
    fn send(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        self.send_within(request, None)
    }

    fn send_within(
        &self,
        request: &HttpRequest,
        timeout: Option<Duration>,
    ) -> Result<HttpResponse, TransportError> {
        let path = request.url.split_once("/2020").map_or("", |(_, p)| p);
        self.seen
            .lock()
            .unwrap()
            .push((format!("{} /2020{path}", request.method), timeout));
        let held = match timeout {
            Some(left) if self.honours_deadline => left.min(STALL),
            _ => STALL,
        };
        self.clock.advance(held);
        Err(TransportError::new(TransportErrorKind::Timeout, "stalled"))
    }
}

fn clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(
        UNIX_EPOCH + Duration::from_secs(1_795_564_000),
    ))
}

fn builder(transport: Arc<dyn Transport>, clock: &Arc<ManualClock>) -> cloudfront::ClientBuilder {
    Client::builder()
        .credentials(Credentials::new("AKIDEXAMPLE", "secret"))
        .shared_transport(transport)
        .clock(clock.clone())
}

fn expect_timeout(result: Result<impl std::fmt::Debug, Error>) {
    match result {
        Err(Error::Transport(e)) => assert_eq!(e.kind(), TransportErrorKind::Timeout, "{e}"),
        other => panic!("expected a timeout, got {other:?}"),
    }
}

#[test]
fn a_stalled_get_is_bounded_by_the_default_call_deadline() {
    // A transport that ignores the time left (as any custom one may): the call still stops
    // retrying once the deadline has passed. Before the fix: 3 attempts, 180 s and more.
    let clock = clock();
    let server = Stalled::new(&clock, false);
    let client = builder(server.clone(), &clock).build().unwrap();
    expect_timeout(client.distribution("E1"));
    assert_eq!(server.seen().len(), 2, "{:?}", server.seen());
    assert!(
        clock.monotonic() <= DEFAULT_CALL_TIMEOUT + STALL,
        "{:?}",
        clock.monotonic()
    );
}

#[test]
fn a_stalled_get_ends_at_the_deadline_when_the_transport_honours_it() {
    let clock = clock();
    let server = Stalled::new(&clock, true);
    let client = builder(server.clone(), &clock).build().unwrap();
    expect_timeout(client.distribution("E1"));
    assert!(
        clock.monotonic() <= DEFAULT_CALL_TIMEOUT,
        "{:?}",
        clock.monotonic()
    );
    let seen = server.seen();
    assert_eq!(seen[0].1, Some(DEFAULT_CALL_TIMEOUT));
    // The last attempt is given only what was left of the call.
    let last = seen.last().unwrap().1.unwrap();
    assert!(last < STALL, "{seen:?}");
}

#[test]
fn a_create_and_its_reconciliation_share_one_deadline() {
    // Every request stalls: the create, then the checks whether it took effect. Before the
    // fix each of those had its own 3 × 60 s (about 245 s for CreateInvalidation).
    let clock = clock();
    let server = Stalled::new(&clock, false);
    let client = builder(server.clone(), &clock).build().unwrap();
    let result = client.create_invalidation("E1", ["/index.html"]);
    assert!(result.is_err());
    let seen = server.seen();
    // The create was sent, then the reconciliation's listing: both under the same deadline.
    assert_eq!(seen[0].0, "POST /2020-05-31/distribution/E1/invalidation");
    assert!(
        seen[1..].iter().any(|(m, _)| m.starts_with("GET ")),
        "no reconciliation: {seen:?}"
    );
    assert!(
        clock.monotonic() <= DEFAULT_CALL_TIMEOUT + STALL,
        "{:?} for {:?}",
        clock.monotonic(),
        server.seen()
    );
}

#[test]
fn with_call_timeout_sets_a_deadline_for_one_call() {
    let clock = clock();
    let server = Stalled::new(&clock, true);
    let client = builder(server.clone(), &clock).build().unwrap();
    let quick = client.with_call_timeout(Duration::from_secs(10));
    assert_eq!(quick.call_timeout(), Some(Duration::from_secs(10)));
    assert_eq!(client.call_timeout(), Some(DEFAULT_CALL_TIMEOUT));
    expect_timeout(quick.distribution("E1"));
    assert_eq!(clock.monotonic(), Duration::from_secs(10));
    assert_eq!(server.seen().len(), 1);
    assert_eq!(server.seen()[0].1, Some(Duration::from_secs(10)));
}

#[test]
fn a_zero_call_timeout_means_no_deadline() {
    let clock = clock();
    let server = Stalled::new(&clock, true);
    let client = builder(server.clone(), &clock)
        .call_timeout(Duration::ZERO)
        .build()
        .unwrap();
    assert_eq!(client.call_timeout(), None);
    expect_timeout(client.distribution("E1"));
    let seen = server.seen();
    assert_eq!(seen.len(), 3, "every attempt of the retry policy");
    assert!(seen.iter().all(|(_, left)| left.is_none()), "{seen:?}");
}

/// The default transport cuts an attempt short at the call's deadline. Its own timeout is
/// off here, so only the deadline can end the stalled exchange with a timeout (otherwise the
/// test server's idle safety net would close it: an I/O error, not a timeout).
#[cfg(feature = "ureq")]
#[test]
fn the_default_transport_stops_a_stalled_exchange_at_the_deadline() {
    let server = support::TestServer::start([support::Reply::stall()]);
    let client = Client::builder()
        .credentials(Credentials::new("AKIDEXAMPLE", "secret"))
        .endpoint(server.endpoint())
        .timeout(Duration::ZERO)
        .build()
        .unwrap()
        .with_call_timeout(Duration::from_millis(300));
    expect_timeout(client.distribution("E1"));
    assert_eq!(server.requests().len(), 1);
}

const DISTRIBUTION: &str = include_str!("../fixtures/distribution/distribution.xml");

/// A client whose first answer is a 503 with `Retry-After: retry_after`, then a success.
fn after_503(retry_after: &str) -> (Client, Arc<MockTransport>, Arc<ManualClock>) {
    let clock = clock();
    let mock = Arc::new(MockTransport::new());
    mock.expect(
        Expectation::any()
            .respond(503)
            .response_header("Retry-After", retry_after)
            .response_body(
                "<ErrorResponse><Error><Code>ServiceUnavailable</Code></Error></ErrorResponse>",
            ),
    );
    mock.expect(
        Expectation::any()
            .respond(200)
            .response_header("ETag", "E1")
            .response_body(DISTRIBUTION),
    );
    let client = builder(mock.clone(), &clock)
        .retry(RetryPolicy::default().jitter(false))
        .build()
        .unwrap();
    (client, mock, clock)
}

#[test]
fn retry_after_in_seconds_is_honoured() {
    let (client, mock, clock) = after_503("5");
    client.distribution("E1").unwrap();
    // Not the 200 ms backoff: the 5 s the server asked for.
    assert_eq!(clock.sleeps(), [Duration::from_secs(5)]);
    assert!(mock.is_done());
}

#[test]
fn retry_after_as_an_http_date_is_honoured() {
    let clock_now = UNIX_EPOCH + Duration::from_secs(1_795_564_000);
    let date = httpdate_fmt(clock_now + Duration::from_secs(7));
    let (client, _, clock) = after_503(&date);
    client.distribution("E1").unwrap();
    assert_eq!(clock.sleeps(), [Duration::from_secs(7)]);
}

#[test]
fn retry_after_shorter_than_the_backoff_keeps_the_backoff() {
    let (client, _, clock) = after_503("0");
    client.distribution("E1").unwrap();
    assert_eq!(clock.sleeps(), [Duration::from_millis(200)]);
}

#[test]
fn retry_after_of_an_hour_is_not_waited_on() {
    let (client, mock, clock) = after_503("3600");
    let err = client.distribution("E1").unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert!(clock.sleeps().is_empty(), "{:?}", clock.sleeps());
    assert_eq!(mock.requests().len(), 1);
}

#[test]
fn a_retry_after_past_the_deadline_is_not_waited_on() {
    let (client, mock, clock) = after_503("15");
    let err = client
        .with_call_timeout(Duration::from_secs(10))
        .distribution("E1")
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert!(clock.sleeps().is_empty());
    assert_eq!(mock.requests().len(), 1);
}

#[test]
fn the_cap_on_retry_after_is_configurable() {
    let (client, _, _) = after_503("30");
    assert!(client.distribution("E1").is_err());
    let clock = clock();
    let mock = Arc::new(MockTransport::new());
    mock.expect(
        Expectation::any()
            .respond(429)
            .response_header("Retry-After", "30"),
    );
    mock.expect(
        Expectation::any()
            .respond(200)
            .response_header("ETag", "E1")
            .response_body(DISTRIBUTION),
    );
    let client = builder(mock.clone(), &clock)
        .retry(RetryPolicy::default().max_retry_after(Duration::from_secs(60)))
        .build()
        .unwrap();
    client.distribution("E1").unwrap();
    assert_eq!(clock.sleeps(), [Duration::from_secs(30)]);
}

/// An HTTP date (IMF-fixdate), written here so that the test does not share the crate's
/// formatter.
fn httpdate_fmt(t: std::time::SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).unwrap().as_secs();
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][(days % 7) as usize];
    // Civil from days (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][(m - 1) as usize];
    format!(
        "{weekday}, {d:02} {month} {y} {:02}:{:02}:{:02} GMT",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}
