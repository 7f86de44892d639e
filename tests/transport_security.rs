//! Transport security through the public builder: `https://` by default, plain `http://` only
//! to loopback hosts or with an explicit opt-in, and an `https://` endpoint really speaks TLS.

use std::sync::Arc;

use cloudfront::transport::{Expectation, MockTransport};
use cloudfront::{Client, Credentials, DEFAULT_ENDPOINT, Error, RetryPolicy};

fn builder(mock: &Arc<MockTransport>) -> cloudfront::ClientBuilder {
    Client::builder()
        .credentials(Credentials::new("AKIDEXAMPLE", "secret"))
        .shared_transport(mock.clone())
        .retry(RetryPolicy::none())
}

/// Builds a client for `endpoint` on a mock and returns the URL its first request went to.
fn first_request_url(endpoint: Option<&str>, allow_http: bool) -> Result<String, Error> {
    let mock = Arc::new(MockTransport::new());
    mock.expect(Expectation::any().respond(204));
    let mut b = builder(&mock).allow_http(allow_http);
    if let Some(e) = endpoint {
        b = b.endpoint(e);
    }
    let client = b.build()?;
    client.delete_distribution_with_etag("E1", "ETAG")?;
    Ok(mock.requests()[0].url.clone())
}

#[test]
fn the_default_endpoint_is_https() {
    assert!(DEFAULT_ENDPOINT.starts_with("https://"));
    let mock = Arc::new(MockTransport::new());
    let client = builder(&mock).build().unwrap();
    assert_eq!(client.endpoint(), "https://cloudfront.amazonaws.com");
    assert_eq!(
        first_request_url(None, false).unwrap(),
        "https://cloudfront.amazonaws.com/2020-05-31/distribution/E1"
    );
}

#[test]
fn plain_http_to_loopback_hosts_is_accepted() {
    for (endpoint, url) in [
        ("http://127.0.0.1:5000", "http://127.0.0.1:5000"),
        ("http://127.8.9.10", "http://127.8.9.10"),
        ("http://localhost:5000/", "http://localhost:5000"),
        ("HTTP://LOCALHOST:5000", "http://LOCALHOST:5000"),
        ("http://[::1]:5000", "http://[::1]:5000"),
    ] {
        let got =
            first_request_url(Some(endpoint), false).unwrap_or_else(|e| panic!("{endpoint}: {e}"));
        assert_eq!(
            got,
            format!("{url}/2020-05-31/distribution/E1"),
            "{endpoint}"
        );
    }
}

#[test]
fn plain_http_elsewhere_is_refused_without_opt_in_and_nothing_is_sent() {
    for endpoint in [
        "http://cloudfront.amazonaws.com",
        "http://example.com:80",
        "http://10.0.0.1:5000",
        "http://192.168.1.10",
        "http://0.0.0.0:5000",
        "http://[::]:5000",
        "http://[::ffff:8.8.8.8]",
        "http://localhost.example.com",
        "http://127.0.0.1.example.com",
        "http://127.1",
        "HTTP://EXAMPLE.COM",
    ] {
        let mock = Arc::new(MockTransport::new());
        match builder(&mock).endpoint(endpoint).build() {
            Err(Error::InvalidInput(e)) => {
                assert!(e.message.contains("loopback"), "{endpoint}: {e}")
            }
            other => panic!("{endpoint}: expected InvalidInput, got {other:?}"),
        }
        assert!(mock.requests().is_empty());
    }
}

#[test]
fn endpoints_that_smuggle_another_host_are_refused_even_with_opt_in() {
    for endpoint in [
        "http://127.0.0.1@evil.example",
        "http://user:pw@127.0.0.1:5000",
        "http://evil.example#@127.0.0.1",
        "http://evil.example?@127.0.0.1",
        "http://127.0.0.1:5000/../evil",
        "http://[::1]evil.example",
        "http://[::1]:5000evil.example",
        "http://127.0.0.1:5000x",
        "http://127.0.0.1:+5000",
        "http://localhost:99999",
        "http://[::1",
        "http:///127.0.0.1",
        "ftp://127.0.0.1",
        "127.0.0.1:5000",
    ] {
        for allow_http in [false, true] {
            match first_request_url(Some(endpoint), allow_http) {
                Err(Error::InvalidInput(_)) => {}
                other => panic!("{endpoint} (allow_http {allow_http}): got {other:?}"),
            }
        }
    }
}

#[test]
fn allow_http_is_an_explicit_opt_in_for_other_hosts() {
    assert_eq!(
        first_request_url(Some("http://cloudfront.internal.example:8080"), true).unwrap(),
        "http://cloudfront.internal.example:8080/2020-05-31/distribution/E1"
    );
    // The opt-in does not turn https into http.
    assert_eq!(
        first_request_url(Some("https://cloudfront.amazonaws.com"), true).unwrap(),
        "https://cloudfront.amazonaws.com/2020-05-31/distribution/E1"
    );
}

/// An `https://` endpoint is spoken to in TLS: a plain TCP listener on 127.0.0.1 receives a
/// TLS handshake record, never a readable HTTP request, and the call fails as a transport
/// error rather than accepting the plaintext answer. The same listener behind `http://`
/// receives the request in clear, so the check can tell the two apart.
#[cfg(feature = "ureq")]
#[test]
fn an_https_endpoint_speaks_tls_and_refuses_a_plaintext_answer() {
    use std::io::{Read, Write};
    use std::net::TcpListener;

    fn first_bytes_seen(scheme: &str) -> (Vec<u8>, Result<(), Error>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut buf = [0u8; 16];
            let n = stream.read(&mut buf).unwrap_or(0);
            let _ = stream.write_all(
                b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
            );
            buf[..n].to_vec()
        });
        let client = Client::builder()
            .credentials(Credentials::new("AKIDEXAMPLE", "secret"))
            .endpoint(format!("{scheme}://127.0.0.1:{port}"))
            .retry(RetryPolicy::none())
            .build()
            .unwrap();
        let result = client.delete_distribution_with_etag("E1", "ETAG");
        (server.join().unwrap(), result)
    }

    let (tls_bytes, tls_result) = first_bytes_seen("https");
    // 0x16: a TLS handshake record (the ClientHello).
    assert_eq!(tls_bytes.first(), Some(&0x16), "{tls_bytes:?}");
    assert!(
        matches!(tls_result, Err(Error::Transport(_))),
        "a plaintext answer on an https endpoint must fail: {tls_result:?}"
    );

    let (clear_bytes, clear_result) = first_bytes_seen("http");
    assert!(clear_bytes.starts_with(b"DELETE /"), "{clear_bytes:?}");
    clear_result.expect("plain http to loopback works");
}
