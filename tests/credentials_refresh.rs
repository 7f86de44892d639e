//! Temporary credentials cached in the client and refreshed before they expire: one refresh
//! for many threads, the old credentials kept while a refresh fails, a long wait across an
//! expiry. The injectable clock moves time; the mock transport plays the container endpoint.

mod credentials_support;

use std::sync::Arc;
use std::time::Duration;

use cloudfront::clock::{Clock, ManualClock};
use cloudfront::transport::{Expectation, HttpRequest, MockTransport};
use cloudfront::{Client, Error, RawRequest};
use credentials_support::*;

#[test]
fn eight_threads_across_an_expiry_cause_exactly_one_refresh() {
    let home = Home::new();
    let clock = Arc::new(ManualClock::new(start()));
    let first_expiry = start() + Duration::from_secs(3600);
    let mock = Arc::new(MockTransport::new());
    mock.expect(
        Expectation::get("/creds")
            .respond(200)
            .response_body(container_json("ASIAONE", "t1", first_expiry)),
    );
    mock.expect(cloudfront_ok());
    mock.expect(
        Expectation::get("/creds")
            .respond(200)
            .response_body(container_json(
                "ASIATWO",
                "t2",
                first_expiry + Duration::from_secs(3600),
            )),
    );
    mock.expect(cloudfront_ok().times(8));
    let client = Client::builder()
        .environment(home.env(&[(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "http://127.0.0.1:1/creds",
        )]))
        .shared_transport(mock.clone())
        .clock(clock.clone())
        .build()
        .unwrap();
    probe(&client);
    // Four minutes before expiry: inside the refresh margin.
    clock.advance(Duration::from_secs(3600 - 240));
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let c = client.clone();
            std::thread::spawn(move || probe(&c))
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let sent = mock.requests();
    let refreshes = sent.iter().filter(|r| r.url.ends_with("/creds")).count();
    assert_eq!(refreshes, 2, "the first fetch and exactly one refresh");
    let after: Vec<&HttpRequest> = sent.iter().skip(3).collect();
    assert_eq!(after.len(), 8);
    for r in after {
        assert_eq!(key_id(r.header("authorization")), "ASIATWO");
    }
    mock.verify().unwrap();
}

#[test]
fn a_failed_refresh_keeps_the_old_credentials_until_they_expire() {
    let home = Home::new();
    let clock = Arc::new(ManualClock::new(start()));
    let expiry = start() + Duration::from_secs(3600);
    let mock = Arc::new(MockTransport::new());
    mock.expect(
        Expectation::get("/creds")
            .respond(200)
            .response_body(container_json("ASIAOLD", "t", expiry)),
    );
    // Refresh attempts (3 each) fail with 500.
    mock.expect(Expectation::get("/creds").respond(500).times(3));
    mock.expect(cloudfront_ok());
    mock.expect(Expectation::get("/creds").respond(500).times(3));
    let client = Client::builder()
        .environment(home.env(&[(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "http://127.0.0.1:1/creds",
        )]))
        .shared_transport(mock.clone())
        .clock(clock.clone())
        .retry(cloudfront::RetryPolicy::none())
        .build()
        .unwrap();
    clock.advance(Duration::from_secs(3600 - 60));
    probe(&client);
    assert_eq!(
        key_id(mock.requests()[4].header("authorization")),
        "ASIAOLD"
    );
    clock.advance(Duration::from_secs(120));
    let err = client
        .send_raw(RawRequest::get("/2020-05-31/distribution"))
        .unwrap_err();
    assert!(matches!(err, Error::Credentials(_)), "{err:?}");
    mock.verify().unwrap();
}

#[test]
fn a_long_wait_survives_an_expiry_in_the_middle() {
    let home = Home::new();
    let clock = Arc::new(ManualClock::new(start()));
    let mock = Arc::new(MockTransport::new());
    let t0 = start();
    mock.expect(
        Expectation::get("/creds")
            .respond(200)
            .response_body(container_json("ASIA1", "t", t0 + Duration::from_secs(900))),
    );
    mock.expect(cloudfront_ok());
    mock.expect(
        Expectation::get("/creds")
            .respond(200)
            .response_body(container_json("ASIA2", "t", t0 + Duration::from_secs(7200))),
    );
    mock.expect(cloudfront_ok());
    let client = Client::builder()
        .environment(home.env(&[(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "http://127.0.0.1:1/creds",
        )]))
        .shared_transport(mock.clone())
        .clock(clock.clone())
        .build()
        .unwrap();
    probe(&client);
    clock.sleep(Duration::from_secs(1200)); // a waiter's polls pass the expiry
    probe(&client);
    let sent = mock.requests();
    assert_eq!(key_id(sent[1].header("authorization")), "ASIA1");
    assert_eq!(key_id(sent[3].header("authorization")), "ASIA2");
    mock.verify().unwrap();
}

#[test]
fn wait_until_completed_survives_a_credentials_expiry_in_the_middle() {
    use cloudfront::WaitOptions;
    let home = Home::new();
    let clock = Arc::new(ManualClock::new(start()));
    let body = |status: &str| {
        format!(
            r#"<?xml version="1.0"?><Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>I1</Id><Status>{status}</Status><CreateTime>2026-11-24T23:46:40.000Z</CreateTime><InvalidationBatch><Paths><Quantity>1</Quantity><Items><Path>/index.html</Path></Items></Paths><CallerReference>ref-1</CallerReference></InvalidationBatch></Invalidation>"#
        )
    };
    let path = "/2020-05-31/distribution/EDFDVBD6EXAMPLE/invalidation/I1";
    let mock = Arc::new(MockTransport::new());
    // Credentials valid for 15 minutes: due for refresh after 10.
    mock.expect(
        Expectation::get("/creds")
            .respond(200)
            .response_body(container_json(
                "ASIAFIRST",
                "t1",
                start() + Duration::from_secs(900),
            )),
    );
    // Polls every 2 minutes: at 0, 2, 4, 6, 8 minutes with the first credentials...
    mock.expect(
        Expectation::get(path)
            .respond(200)
            .response_body(body("InProgress"))
            .times(5),
    );
    // ... then at 10 minutes the refresh, and the poll that sees it done.
    mock.expect(
        Expectation::get("/creds")
            .respond(200)
            .response_body(container_json(
                "ASIASECOND",
                "t2",
                start() + Duration::from_secs(4500),
            )),
    );
    mock.expect(
        Expectation::get(path)
            .respond(200)
            .response_body(body("Completed")),
    );
    let client = Client::builder()
        .environment(home.env(&[(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "http://127.0.0.1:1/creds",
        )]))
        .shared_transport(mock.clone())
        .clock(clock.clone())
        .build()
        .unwrap();
    client
        .wait_until_completed(
            "EDFDVBD6EXAMPLE",
            "I1",
            WaitOptions::invalidation_completed()
                .delay(Duration::from_secs(120))
                .max_attempts(20),
        )
        .expect("the wait ends with the refreshed credentials");
    let sent = mock.requests();
    assert_eq!(key_id(sent[5].header("authorization")), "ASIAFIRST");
    assert_eq!(key_id(sent[7].header("authorization")), "ASIASECOND");
    mock.verify().unwrap();
}
