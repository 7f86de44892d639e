//! `UreqTransport` against a local std-only HTTP/1.1 server (127.0.0.1 only).
#![cfg(feature = "ureq")]

mod support;

use std::time::Duration;

use cloudfront::transport::{
    HttpRequest, Transport, TransportError, TransportErrorKind, UreqTransport,
};
use support::{Reply, TestServer};

fn transport() -> UreqTransport {
    // No proxy from the environment: these requests must go straight to 127.0.0.1.
    UreqTransport::builder().proxy_from_env(false).build()
}

fn get(url: String) -> HttpRequest {
    HttpRequest {
        method: "GET".into(),
        url,
        headers: vec![],
        body: vec![],
    }
}

fn expect_err(
    result: Result<cloudfront::transport::HttpResponse, TransportError>,
) -> TransportError {
    match result {
        Ok(resp) => panic!("expected a transport error, got {resp:?}"),
        Err(e) => e,
    }
}

#[test]
fn status_404_is_a_response_not_an_error() {
    let server = TestServer::start([Reply::new(404)
        .header("content-type", "text/xml")
        .body("<ErrorResponse/>")]);
    let resp = transport().send(&get(server.url("/missing"))).unwrap();
    assert_eq!(resp.status, 404);
    assert_eq!(resp.body, b"<ErrorResponse/>");
}

#[test]
fn status_503_is_a_response_not_an_error() {
    let server = TestServer::start([Reply::new(503).body("slow down")]);
    let resp = transport().send(&get(server.url("/"))).unwrap();
    assert_eq!(resp.status, 503);
}

#[test]
fn request_and_response_headers_and_body_round_trip() {
    let body = "<DistributionConfig><Comment>x \u{e9}</Comment></DistributionConfig>";
    let server = TestServer::start([Reply::new(201)
        .header("ETag", "E2QWRUHAPOMQZL")
        .header("x-amz-request-id", "req-1")
        .header(
            "Location",
            "https://cloudfront.amazonaws.com/2020-05-31/distribution/E1",
        )
        .body(body)]);
    let request = HttpRequest {
        method: "POST".into(),
        url: server.url("/2020-05-31/distribution?a=1&b=two"),
        headers: vec![
            ("content-type".into(), "application/xml".into()),
            ("If-Match".into(), "E1".into()),
            ("x-amz-date".into(), "20260101T000000Z".into()),
        ],
        body: body.as_bytes().to_vec(),
    };
    let resp = transport().send(&request).unwrap();
    assert_eq!(resp.status, 201);
    assert_eq!(resp.header("etag"), Some("E2QWRUHAPOMQZL"));
    assert_eq!(resp.header("X-Amz-Request-Id"), Some("req-1"));
    assert_eq!(resp.body, body.as_bytes());

    let seen = server.requests();
    assert_eq!(seen.len(), 1);
    let seen = &seen[0];
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.target, "/2020-05-31/distribution?a=1&b=two");
    assert_eq!(seen.header("content-type"), Some("application/xml"));
    assert_eq!(seen.header("if-match"), Some("E1"));
    assert_eq!(seen.header("x-amz-date"), Some("20260101T000000Z"));
    assert_eq!(
        seen.header("content-length"),
        Some(body.len().to_string().as_str())
    );
    assert_eq!(seen.body, body.as_bytes());
}

#[test]
fn no_accept_encoding_is_sent_and_body_is_not_decoded() {
    // `<DistributionList/>` gzipped (mtime 0), served with `Content-Encoding: gzip` as a
    // server that ignores the missing Accept-Encoding might: the transport hands over the
    // bytes as they came, encoding header included, and does not inflate them.
    const GZIPPED: [u8; 37] = [
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xb3, 0x71, 0xc9, 0x2c, 0x2e,
        0x29, 0xca, 0x4c, 0x2a, 0x2d, 0xc9, 0xcc, 0xcf, 0xf3, 0x01, 0xb2, 0xf5, 0xed, 0x00, 0x5e,
        0x51, 0x13, 0xd7, 0x13, 0x00, 0x00, 0x00,
    ];
    let server = TestServer::start([Reply::new(200)
        .header("Content-Encoding", "gzip")
        .body(GZIPPED.to_vec())]);
    let response = transport().send(&get(server.url("/"))).unwrap();
    let seen = &server.requests()[0];
    assert_eq!(seen.header("accept-encoding"), None, "{seen:?}");
    assert_eq!(response.body, GZIPPED, "the body is not decoded");
    assert_eq!(response.header("content-encoding"), Some("gzip"));
}

#[test]
fn get_without_body_has_no_content_length_but_empty_post_has_zero() {
    let server = TestServer::start([Reply::new(200), Reply::new(200)]);
    let t = transport();
    t.send(&get(server.url("/a"))).unwrap();
    let mut post = get(server.url("/b"));
    post.method = "POST".into();
    t.send(&post).unwrap();
    let seen = server.requests();
    assert_eq!(seen[0].header("content-length"), None);
    assert_eq!(seen[1].header("content-length"), Some("0"));
}

#[test]
fn caller_content_length_is_replaced_by_the_real_one() {
    let server = TestServer::start([Reply::new(200)]);
    let mut put = get(server.url("/c"));
    put.method = "PUT".into();
    put.headers.push(("Content-Length".into(), "999".into()));
    put.body = b"abc".to_vec();
    transport().send(&put).unwrap();
    let seen = &server.requests()[0];
    assert_eq!(seen.header("content-length"), Some("3"));
    assert_eq!(seen.body, b"abc");
}

#[test]
fn body_over_the_cap_with_content_length_is_body_too_large() {
    let server = TestServer::start([Reply::new(200).body(vec![b'x'; 2048])]);
    let t = UreqTransport::builder()
        .proxy_from_env(false)
        .max_response_bytes(1024)
        .build();
    let err = expect_err(t.send(&get(server.url("/big"))));
    assert_eq!(err.kind(), TransportErrorKind::BodyTooLarge);
    assert!(err.to_string().contains("1024"), "{err}");
}

#[test]
fn body_over_the_cap_without_content_length_is_body_too_large() {
    // Close-delimited body: the cap is enforced while reading.
    let mut raw = b"HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n".to_vec();
    raw.extend(vec![b'y'; 4096]);
    let server = TestServer::start([Reply::raw(raw)]);
    let t = UreqTransport::builder()
        .proxy_from_env(false)
        .max_response_bytes(1000)
        .build();
    let err = expect_err(t.send(&get(server.url("/big"))));
    assert_eq!(err.kind(), TransportErrorKind::BodyTooLarge);
    assert!(err.message().contains("1000"), "{err}");
}

#[test]
fn body_exactly_at_the_cap_is_accepted() {
    let server = TestServer::start([Reply::new(200).body(vec![b'z'; 1000])]);
    let t = UreqTransport::builder()
        .proxy_from_env(false)
        .max_response_bytes(1000)
        .build();
    let resp = t.send(&get(server.url("/"))).unwrap();
    assert_eq!(resp.body.len(), 1000);
}

#[test]
fn connection_refused_is_connect() {
    let port = support::closed_port();
    let err = expect_err(transport().send(&get(format!("http://127.0.0.1:{port}/"))));
    assert_eq!(err.kind(), TransportErrorKind::Connect, "{err}");
    assert!(err.kind().request_not_sent());
    assert!(err.underlying().is_some(), "ureq's error is kept");
}

#[test]
fn a_transport_error_prints_its_cause_once_in_an_error_chain() {
    let port = support::closed_port();
    let err = expect_err(transport().send(&get(format!("http://127.0.0.1:{port}/"))));
    let shown = format!("{err}");
    assert!(shown.contains("refused"), "{shown}");
    // What the CLI prints: the whole chain, through the crate's error.
    let chain = format!(
        "{:#}",
        anyhow::Error::from(cloudfront::Error::from(err)).context("listing distributions")
    );
    assert_eq!(chain.matches("refused").count(), 1, "{chain}");
    assert_eq!(chain.matches("127.0.0.1").count(), 1, "{chain}");
}

#[test]
fn stalled_server_is_timeout() {
    let server = TestServer::start([Reply::stall()]);
    let t = UreqTransport::builder()
        .proxy_from_env(false)
        .timeout(Duration::from_millis(300))
        .build();
    let err = expect_err(t.send(&get(server.url("/slow"))));
    assert_eq!(err.kind(), TransportErrorKind::Timeout, "{err}");
    assert!(!err.kind().is_retryable(false));
}

#[test]
fn server_closing_mid_body_is_io() {
    let server = TestServer::start([Reply::truncated(200, 100, "only ten b")]);
    let err = expect_err(transport().send(&get(server.url("/cut"))));
    assert_eq!(err.kind(), TransportErrorKind::Io, "{err}");
    assert!(err.kind().is_retryable(true));
    assert!(!err.kind().is_retryable(false));
}

#[test]
fn server_hanging_up_without_answer_is_io() {
    let server = TestServer::start([Reply::hang_up()]);
    let err = expect_err(transport().send(&get(server.url("/gone"))));
    assert_eq!(err.kind(), TransportErrorKind::Io, "{err}");
}

#[test]
fn garbage_response_is_io() {
    let server = TestServer::start([Reply::raw("this is not HTTP\r\n\r\n")]);
    let err = expect_err(transport().send(&get(server.url("/"))));
    assert_eq!(err.kind(), TransportErrorKind::Io, "{err}");
}

#[test]
fn keep_alive_sends_five_requests_over_one_connection() {
    let server = TestServer::start((0..5).map(|i| Reply::new(200).body(format!("r{i}"))));
    let t = transport();
    for i in 0..5 {
        let resp = t.send(&get(server.url(&format!("/n/{i}")))).unwrap();
        assert_eq!(resp.body, format!("r{i}").as_bytes());
    }
    assert_eq!(server.connections(), 1);
    let seen = server.requests();
    assert_eq!(seen.len(), 5);
    assert!(seen.iter().all(|r| r.connection == 1), "{seen:?}");
}

#[test]
fn a_pooled_connection_the_server_closed_is_not_reused() {
    // The server answers (keep-alive, nothing said) and then closes. The connection goes
    // back to the pool unprobed right after the response; the probe when it is taken out
    // again must see the close, so that the next request, a POST, goes out on a new
    // connection instead of failing on the dead one.
    let server = TestServer::start([
        Reply::new(200).body("first").then_hang_up(),
        Reply::new(201).body("second"),
    ]);
    let t = transport();
    let first = t.send(&get(server.url("/1"))).unwrap();
    assert_eq!(first.body, b"first");
    // Let the server's FIN arrive while the connection sits in the pool.
    std::thread::sleep(Duration::from_millis(200));
    let post = HttpRequest {
        method: "POST".into(),
        url: server.url("/2"),
        headers: vec![("content-type".into(), "text/xml".into())],
        body: b"<x/>".to_vec(),
    };
    let second = t.send(&post).unwrap();
    assert_eq!(second.status, 201);
    assert_eq!(second.body, b"second");
    assert_eq!(server.connections(), 2);
    let seen = server.requests();
    assert_eq!(seen[1].body, b"<x/>");
    assert_eq!(seen[1].connection, 2);
}

#[test]
fn a_request_head_and_body_arrive_whole_over_a_reused_connection() {
    // Held back and written in one call: what the server reads is exactly the request,
    // every time, with the body after the head.
    let server = TestServer::start((0..4).map(|i| Reply::new(201).body(format!("ok{i}"))));
    let t = transport();
    for i in 0..4 {
        let body = format!("<Batch>{}</Batch>", "p".repeat(i * 3000));
        let post = HttpRequest {
            method: "POST".into(),
            url: server.url(&format!("/p/{i}")),
            headers: vec![("content-type".into(), "text/xml".into())],
            body: body.clone().into_bytes(),
        };
        let resp = t.send(&post).unwrap();
        assert_eq!(resp.body, format!("ok{i}").as_bytes());
        assert_eq!(server.requests()[i].body, body.as_bytes());
    }
    assert_eq!(server.connections(), 1);
}

#[test]
fn zero_idle_connections_disables_keep_alive() {
    let server = TestServer::start([Reply::new(200), Reply::new(200)]);
    let t = UreqTransport::builder()
        .proxy_from_env(false)
        .max_idle_connections_per_host(0)
        .build();
    t.send(&get(server.url("/1"))).unwrap();
    t.send(&get(server.url("/2"))).unwrap();
    assert_eq!(server.connections(), 2);
}

#[test]
fn redirects_are_returned_not_followed() {
    let server = TestServer::start([
        Reply::new(302).header("Location", "/elsewhere"),
        Reply::new(200).body("followed!"),
    ]);
    let resp = transport().send(&get(server.url("/start"))).unwrap();
    assert_eq!(resp.status, 302);
    assert_eq!(resp.header("location"), Some("/elsewhere"));
    assert_eq!(server.requests().len(), 1);
    assert_eq!(server.remaining_replies(), 1);
}

#[test]
fn non_utf8_header_value_is_kept_as_lossy_text() {
    let raw = b"HTTP/1.1 200 OK\r\nx-odd: caf\xe9\r\ncontent-length: 2\r\n\r\nok".to_vec();
    let server = TestServer::start([Reply::raw(raw)]);
    let resp = transport().send(&get(server.url("/"))).unwrap();
    assert_eq!(resp.header("x-odd"), Some("caf\u{fffd}"));
    assert_eq!(resp.body, b"ok");
}

#[test]
fn invalid_header_name_is_invalid_request() {
    let server = TestServer::start([Reply::new(200)]);
    let mut req = get(server.url("/"));
    req.headers.push(("bad name".into(), "v".into()));
    let err = expect_err(transport().send(&req));
    assert_eq!(err.kind(), TransportErrorKind::InvalidRequest, "{err}");
    assert!(server.requests().is_empty());
}

#[test]
fn unknown_or_lowercase_method_is_invalid_request_and_not_sent() {
    let server = TestServer::start([Reply::new(200)]);
    for method in ["get", "FROB", ""] {
        let mut req = get(server.url("/"));
        req.method = method.into();
        let err = expect_err(transport().send(&req));
        assert_eq!(
            err.kind(),
            TransportErrorKind::InvalidRequest,
            "{method:?}: {err}"
        );
    }
    assert!(server.requests().is_empty());
}

#[test]
fn head_response_announcing_a_large_body_is_not_body_too_large() {
    let raw = "HTTP/1.1 200 OK\r\ncontent-length: 999999\r\n\r\n";
    let server = TestServer::start([Reply::raw(raw)]);
    let t = UreqTransport::builder()
        .proxy_from_env(false)
        .max_response_bytes(10)
        .build();
    let mut head = get(server.url("/"));
    head.method = "HEAD".into();
    let resp = t.send(&head).unwrap();
    assert_eq!(resp.status, 200);
    assert!(resp.body.is_empty());
}

#[test]
fn unparseable_url_is_invalid_request() {
    let err = expect_err(transport().send(&get("not a url".into())));
    assert_eq!(err.kind(), TransportErrorKind::InvalidRequest, "{err}");
}

#[test]
fn error_message_names_method_and_url_but_no_secret() {
    let port = support::closed_port();
    let mut req = get(format!("http://127.0.0.1:{port}/2020-05-31/distribution"));
    req.headers.push((
        "Authorization".into(),
        "AWS4-HMAC-SHA256 Credential=AKID/x, SignedHeaders=host, Signature=topsecretsig".into(),
    ));
    let err = expect_err(transport().send(&req));
    let text = format!("{err} {err:?}");
    assert!(text.contains("GET"), "{text}");
    assert!(text.contains("/2020-05-31/distribution"), "{text}");
    assert!(!text.contains("topsecretsig"), "{text}");
}

#[test]
fn transport_is_send_sync_and_shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<UreqTransport>();
    let server = TestServer::start((0..4).map(|_| Reply::new(200).body("ok")));
    let t = std::sync::Arc::new(transport());
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let t = t.clone();
            let url = server.url("/");
            std::thread::spawn(move || t.send(&get(url)).map(|r| r.status))
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap().unwrap(), 200);
    }
}
