//! Fixture files: parsing, writing, replaying, recording.

use std::path::{Path, PathBuf};

use cloudfront::transport::{
    Exchange, Expectation, FixtureError, HttpRequest, HttpResponse, MockTransport,
    RecordingTransport, ReplayTransport, Transport, TransportError, TransportErrorKind,
};

const BASE: &str = "https://cloudfront.amazonaws.com";

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/transport/basic")
}

fn request(method: &str, path_and_query: &str) -> HttpRequest {
    HttpRequest {
        method: method.into(),
        url: format!("{BASE}{path_and_query}"),
        headers: vec![],
        body: vec![],
    }
}

fn err(result: Result<HttpResponse, TransportError>) -> TransportError {
    match result {
        Ok(r) => panic!("expected an error, got {r:?}"),
        Err(e) => e,
    }
}

fn parse_err(text: &str) -> FixtureError {
    match Exchange::parse(text) {
        Ok(ex) => panic!("expected a parse error, got {ex:?}"),
        Err(e) => e,
    }
}

/// The request the second example fixture expects, with a different CallerReference.
fn update_request() -> HttpRequest {
    let mut req = request("PUT", "/2020-05-31/distribution/EDFDVBD6EXAMPLE/config");
    req.headers = vec![
        ("content-type".into(), "application/xml".into()),
        ("if-match".into(), "E2QWRUHAPOMQZL".into()),
        ("x-amz-date".into(), "20991231T235959Z".into()),
        (
            "authorization".into(),
            "AWS4-HMAC-SHA256 Credential=AKID/x, SignedHeaders=host, Signature=abc".into(),
        ),
    ];
    req.body = br#"<DistributionConfig xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><CallerReference>0f0f0f0f-new-uuid-this-run</CallerReference><Comment>updated</Comment><Enabled>false</Enabled></DistributionConfig>"#.to_vec();
    req
}

// ----------------------------------------------------------------------------------------
// Format

#[test]
fn example_fixture_parses_into_its_parts() {
    let ex = Exchange::from_file(fixtures_dir().join("001-list-distributions.http")).unwrap();
    assert_eq!(ex.comments.len(), 2);
    assert_eq!(ex.method, "GET");
    assert_eq!(ex.path_and_query, "/2020-05-31/distribution?MaxItems=2");
    assert_eq!(
        ex.request_headers,
        vec![
            ("x-amz-date".to_string(), "20261125T120000Z".to_string()),
            ("authorization".to_string(), "<redacted>".to_string()),
        ]
    );
    assert!(ex.request_body.is_empty());
    assert_eq!(ex.status, 200);
    assert_eq!(
        ex.response_headers[0],
        ("content-type".into(), "text/xml".into())
    );
    let body = std::str::from_utf8(&ex.response_body).unwrap();
    assert!(
        body.starts_with("<?xml version=\"1.0\"?>\n<DistributionList"),
        "{body}"
    );
    assert!(
        body.ends_with("</DistributionList>"),
        "final newline is not part of the body"
    );
}

#[test]
fn to_text_is_the_documented_format() {
    let mut ex = Exchange::new("PUT", "/2020-05-31/distribution/E1/config");
    ex.comments.push("one comment".into());
    ex.request_headers.push(("if-match".into(), "E1".into()));
    ex.request_body = b"<A/>".to_vec();
    ex.status = 200;
    ex.response_headers.push(("etag".into(), "E2".into()));
    ex.response_body = b"<B/>".to_vec();
    assert_eq!(
        ex.to_text(),
        "# one comment\n\
         PUT /2020-05-31/distribution/E1/config\n\
         if-match: E1\n\
         \n\
         <A/>\n\
         <<< response\n\
         HTTP 200\n\
         etag: E2\n\
         \n\
         <B/>\n"
    );
}

#[test]
fn round_trip_is_byte_exact_for_tricky_bodies() {
    let bodies: Vec<&[u8]> = vec![
        b"",
        b"no trailing newline",
        b"trailing newline\n",
        b"two trailing newlines\n\n",
        b"\nleading newline",
        b"crlf\r\ninside\r\n",
        b"ends with cr\r",
        b"<<< response",
        b"x\n<<< response\ny",
        b"x\n<<< response\r\n",
        b"\xff\xfe not utf-8 \x00",
        b"   spaces   ",
        b"# not a comment\n",
        b"HTTP 200\netag: x\n",
        b"\n",
        b"\n\n",
        b":base64",
    ];
    for req_body in &bodies {
        for resp_body in &bodies {
            let mut ex = Exchange::new("POST", "/2020-05-31/distribution?a=1&b=%20");
            ex.request_headers
                .push(("content-type".into(), "application/xml".into()));
            ex.request_headers.push(("x-empty".into(), "".into()));
            ex.request_body = req_body.to_vec();
            ex.status = 201;
            ex.response_headers.push(("etag".into(), "E1".into()));
            ex.response_body = resp_body.to_vec();
            let text = ex.to_text();
            let back =
                Exchange::parse(&text).unwrap_or_else(|e| panic!("{e}\n--- text ---\n{text}"));
            assert_eq!(back, ex, "--- text ---\n{text}");
            // And the text of the parsed exchange is the same text.
            assert_eq!(back.to_text(), text);
        }
    }
}

#[test]
fn xml_bodies_stay_readable_and_odd_ones_use_base64() {
    let mut ex = Exchange::new("POST", "/x");
    ex.request_body = b"<a>\n<b/>\n</a>".to_vec();
    ex.response_body = b"\xff\xfe".to_vec();
    let text = ex.to_text();
    assert!(text.contains("\n<a>\n<b/>\n</a>\n<<< response\n"), "{text}");
    assert!(text.ends_with(":base64\n//4=\n"), "{text}");
}

#[test]
fn parse_accepts_a_missing_final_newline_and_http_version_status() {
    let ex = Exchange::parse("GET /a\n<<< response\nHTTP/1.1 404 Not Found\n\n<E/>").unwrap();
    assert_eq!(ex.status, 404);
    assert_eq!(ex.response_body, b"<E/>");
    let ex = Exchange::parse("GET /a\n<<< response\nHTTP 204").unwrap();
    assert_eq!(ex.status, 204);
    assert!(ex.response_body.is_empty());
}

#[test]
fn malformed_files_give_typed_errors_with_line_numbers() {
    let cases: &[(&str, usize, &str)] = &[
        ("", 1, "request line"),
        ("# only a comment\n\n", 3, "request line"),
        ("GET\n<<< response\nHTTP 200\n", 1, "METHOD /path"),
        (
            "GET relative\n<<< response\nHTTP 200\n",
            1,
            "must start with `/`",
        ),
        ("GET /a b\n<<< response\nHTTP 200\n", 1, "whitespace"),
        ("G(T /a\n<<< response\nHTTP 200\n", 1, "invalid method"),
        (
            "GET /a\nno colon here\n<<< response\nHTTP 200\n",
            2,
            "`name: value`",
        ),
        (
            "GET /a\nbad name: v\n<<< response\nHTTP 200\n",
            2,
            "`name: value`",
        ),
        ("GET /a\nx: y\n", 3, "<<< response"),
        ("GET /a\n\nbody without delimiter\n", 4, "<<< response"),
        ("GET /a\n<<< response\n", 3, "status line"),
        ("GET /a\n<<< response\nHTTP abc\n", 3, "status line"),
        ("GET /a\n<<< response\nHTTP 42\n", 3, "status line"),
        ("GET /a\n<<< response\nHTTTP 200\n", 3, "status line"),
        (
            "GET /a\n<<< response\nHTTP 200\nbad header\n",
            4,
            "`name: value`",
        ),
        (
            "GET /a\n<<< response\nHTTP 200\n:base64\nAB!=\n",
            5,
            "base64",
        ),
        (
            "GET /a\n<<< response\nHTTP 200\n:base64\nABC\n",
            5,
            "base64",
        ),
        ("GET /a\n:base64\nQQ==\n", 4, "<<< response"),
    ];
    for (text, line, needle) in cases {
        let e = parse_err(text);
        assert_eq!(e.line(), *line, "{text:?}: {e}");
        assert!(e.message().contains(needle), "{text:?}: {e}");
        assert!(e.path().is_none());
        assert!(e.to_string().starts_with(&format!("line {line}: ")), "{e}");
    }
}

/// Every prefix and suffix of a valid file, and some noise, parse to an exchange that
/// writes and reads back the same, or to a typed error naming a line of the text (or the one
/// after its end): never a panic.
#[test]
fn parse_never_panics_on_arbitrary_prefixes_and_bytes() {
    fn check(text: &str) -> bool {
        match Exchange::parse(text) {
            Ok(ex) => {
                assert_eq!(Exchange::parse(&ex.to_text()).as_ref(), Ok(&ex), "{text:?}");
                true
            }
            Err(e) => {
                // An early end of the text is reported on the line after the last one.
                let lines = text.split('\n').count();
                assert!(
                    e.line() <= lines + 1,
                    "{text:?}: line {} of {lines}",
                    e.line()
                );
                assert!(!e.message().is_empty(), "{text:?}");
                false
            }
        }
    }
    let text = std::fs::read_to_string(fixtures_dir().join("002-update-distribution-config.http"))
        .unwrap();
    let (mut parsed, mut refused) = (0, 0);
    for (i, _) in text.char_indices() {
        for part in [&text[..i], &text[i..]] {
            if check(part) {
                parsed += 1;
            } else {
                refused += 1;
            }
        }
    }
    // Cut anywhere after the status line, a prefix is still a whole exchange; cut before
    // the delimiter it is not.
    assert!(
        parsed > 0 && refused > 0,
        "{parsed} parsed, {refused} refused"
    );
    assert!(check(&text), "the whole file parses");
    for noise in [
        "\u{feff}",
        "\r",
        "\r\n",
        "\n\n\n",
        "<<< response",
        ":base64\n=",
        "é\u{0}",
    ] {
        assert!(!check(noise), "{noise:?} alone is not an exchange");
        check(&format!("GET /a\n{noise}\n<<< response\nHTTP 200\n{noise}"));
    }
}

#[test]
fn file_errors_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("001-bad.http");
    std::fs::write(&path, "GET /a\n<<< response\nHTTP xyz\n").unwrap();
    let e = Exchange::from_file(&path).unwrap_err();
    assert_eq!(e.path(), Some(path.as_path()));
    assert_eq!(e.line(), 3);
    assert!(e.to_string().contains("001-bad.http:3:"), "{e}");

    let e = ReplayTransport::from_dir(dir.path()).unwrap_err();
    assert!(e.to_string().contains("001-bad.http:3:"), "{e}");

    let e = Exchange::from_file(dir.path().join("nope.http")).unwrap_err();
    assert_eq!(e.line(), 0);
    assert!(e.to_string().contains("nope.http"), "{e}");

    std::fs::write(&path, b"GET /a\n\xff\n").unwrap();
    let e = Exchange::from_file(&path).unwrap_err();
    assert_eq!(e.line(), 2);
    assert!(e.message().contains("UTF-8"), "{e}");
}

// ----------------------------------------------------------------------------------------
// Replay

#[test]
fn replays_the_example_fixtures_in_file_name_order() {
    let replay = ReplayTransport::from_dir(fixtures_dir()).unwrap();
    assert_eq!(replay.len(), 2);
    assert_eq!(replay.remaining(), 2);
    let list = replay
        .send(&request("GET", "/2020-05-31/distribution?MaxItems=2"))
        .unwrap();
    assert_eq!(list.status, 200);
    assert_eq!(
        list.header("x-amz-request-id"),
        Some("1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b")
    );
    assert!(
        std::str::from_utf8(&list.body)
            .unwrap()
            .contains("EDFDVBD6EXAMPLE")
    );
    // Different CallerReference, date and signature: still matches.
    let update = replay.send(&update_request()).unwrap();
    assert_eq!(update.header("etag"), Some("E3UN6WX5RRO2AG"));
    assert_eq!(replay.remaining(), 0);
    assert_eq!(replay.verify(), Ok(()));
}

#[test]
fn from_dir_sorts_by_name_and_skips_other_files() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, path: &str| {
        let ex = Exchange::new("GET", path);
        std::fs::write(dir.path().join(name), ex.to_text()).unwrap();
    };
    write("010-second.http", "/second");
    write("002-first.http", "/first");
    std::fs::write(dir.path().join("README.md"), "not a fixture").unwrap();
    let replay = ReplayTransport::from_dir(dir.path()).unwrap();
    assert_eq!(replay.len(), 2);
    replay.send(&request("GET", "/first")).unwrap();
    replay.send(&request("GET", "/second")).unwrap();
    assert_eq!(replay.verify(), Ok(()));
}

#[test]
fn from_dir_without_fixtures_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let e = ReplayTransport::from_dir(dir.path()).unwrap_err();
    assert!(e.message().contains("no *.http"), "{e}");
    let e = ReplayTransport::from_dir(dir.path().join("missing")).unwrap_err();
    assert!(e.message().contains("cannot read directory"), "{e}");
}

#[test]
fn query_is_compared_as_a_decoded_multiset() {
    let replay = ReplayTransport::new(vec![Exchange::new(
        "GET",
        "/2020-05-31/distribution?MaxItems=2&Marker=a%2Fb",
    )]);
    replay
        .send(&request(
            "GET",
            "/2020-05-31/distribution?Marker=a/b&MaxItems=2",
        ))
        .unwrap();
    let replay = ReplayTransport::new(vec![Exchange::new("GET", "/d?MaxItems=2")]);
    let e = err(replay.send(&request("GET", "/d?MaxItems=2&MaxItems=2")));
    assert!(e.message().contains("query: expected"), "{e}");
}

#[test]
fn mismatch_error_shows_expected_and_actual() {
    let replay = ReplayTransport::from_dir(fixtures_dir()).unwrap();
    let e = err(replay.send(&request("GET", "/2020-05-31/distribution/E999")));
    assert_eq!(e.kind(), TransportErrorKind::Other);
    let msg = e.message();
    assert!(msg.contains("001-list-distributions.http"), "{msg}");
    assert!(
        msg.contains("expected: GET /2020-05-31/distribution?MaxItems=2"),
        "{msg}"
    );
    assert!(
        msg.contains("got:      GET /2020-05-31/distribution/E999"),
        "{msg}"
    );
    assert!(
        msg.contains("path: expected /2020-05-31/distribution, got /2020-05-31/distribution/E999"),
        "{msg}"
    );
    // The mismatch did not consume the fixture; the right request still works.
    replay
        .send(&request("GET", "/2020-05-31/distribution?MaxItems=2"))
        .unwrap();
    let report = replay.verify().unwrap_err();
    assert!(report.contains("E999"), "{report}");
    assert!(
        report.contains("002-update-distribution-config.http was never replayed"),
        "{report}"
    );
}

#[test]
fn headers_and_body_mismatches_are_explained() {
    let replay = ReplayTransport::from_dir(fixtures_dir()).unwrap();
    replay
        .send(&request("GET", "/2020-05-31/distribution?MaxItems=2"))
        .unwrap();
    let mut stale = update_request();
    stale.headers[1].1 = "STALEETAG".into();
    let e = err(replay.send(&stale));
    assert!(
        e.message()
            .contains("header if-match: expected \"E2QWRUHAPOMQZL\", got \"STALEETAG\""),
        "{e}"
    );

    let mut other_body = update_request();
    other_body.body = String::from_utf8(other_body.body)
        .unwrap()
        .replace("<Comment>updated</Comment>", "<Comment>changed</Comment>")
        .into_bytes();
    let e = err(replay.send(&other_body));
    assert!(e.message().contains("body differs at byte"), "{e}");
    assert!(e.message().contains("changed"), "{e}");
    // Secrets of the live request never show.
    assert!(!e.message().contains("Signature=abc"), "{e}");
}

#[test]
fn caller_reference_is_ignored_by_default_and_on_request_compared() {
    let ex = Exchange::parse(
        "POST /2020-05-31/distribution/E1/invalidation\n\n\
         <InvalidationBatch><Paths><Quantity>1</Quantity><Items><Path>/a</Path></Items></Paths><CallerReference>run-1</CallerReference></InvalidationBatch>\n\
         <<< response\nHTTP 201\n",
    )
    .unwrap();
    let mut req = request("POST", "/2020-05-31/distribution/E1/invalidation");
    req.body = b"<InvalidationBatch><Paths><Quantity>1</Quantity><Items><Path>/a</Path></Items></Paths><CallerReference>run-2</CallerReference></InvalidationBatch>".to_vec();

    let lenient = ReplayTransport::new(vec![ex.clone()]);
    assert_eq!(lenient.send(&req).unwrap().status, 201);

    let strict = ReplayTransport::new(vec![ex]).ignore_caller_reference(false);
    let e = err(strict.send(&req));
    assert!(e.message().contains("body differs"), "{e}");
}

#[test]
fn request_body_is_compared_only_when_the_fixture_has_one() {
    let replay = ReplayTransport::new(vec![Exchange::new("POST", "/p")]);
    let mut req = request("POST", "/p");
    req.body = b"anything".to_vec();
    replay.send(&req).unwrap();
}

#[test]
fn one_request_too_many_fails_and_is_reported() {
    let replay = ReplayTransport::new(vec![Exchange::new("GET", "/only")]);
    replay.send(&request("GET", "/only")).unwrap();
    let e = err(replay.send(&request("GET", "/again")));
    assert!(
        e.message().contains("all 1 fixtures already replayed"),
        "{e}"
    );
    let report = replay.verify().unwrap_err();
    assert!(report.contains("/again"), "{report}");
}

// ----------------------------------------------------------------------------------------
// Recording

fn signed_request(method: &str, path: &str, body: &str) -> HttpRequest {
    let mut req = request(method, path);
    req.headers = vec![
        ("host".into(), "cloudfront.amazonaws.com".into()),
        ("x-amz-date".into(), "20261125T120000Z".into()),
        ("x-amz-security-token".into(), "FAKE-SESSION-TOKEN-SECRET".into()),
        (
            "authorization".into(),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/cloudfront/aws4_request, SignedHeaders=host;x-amz-date, Signature=wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY".into(),
        ),
        ("user-agent".into(), "cloudfront-rs/0.1.0".into()),
        ("if-match".into(), "E1".into()),
    ];
    if !body.is_empty() {
        req.headers
            .push(("content-type".into(), "application/xml".into()));
        req.body = body.as_bytes().to_vec();
    }
    req
}

#[test]
fn recording_then_replaying_gives_the_same_responses() {
    let dir = tempfile::tempdir().unwrap();
    let mock = MockTransport::new();
    mock.expect(
        Expectation::get("/2020-05-31/distribution")
            .respond(200)
            .response_header("x-amz-request-id", "r1")
            .response_body("<DistributionList>\r\n<Quantity>0</Quantity></DistributionList>\n"),
    )
    .expect(
        Expectation::put("/2020-05-31/distribution/E1/config")
            .respond(412)
            .response_body(
                "<ErrorResponse><Error><Code>PreconditionFailed</Code></Error></ErrorResponse>",
            ),
    )
    .expect(Expectation::delete("/2020-05-31/distribution/E1").respond(204));
    let requests = [
        signed_request("GET", "/2020-05-31/distribution?MaxItems=100", ""),
        signed_request(
            "PUT",
            "/2020-05-31/distribution/E1/config",
            "<DistributionConfig><CallerReference>abc</CallerReference></DistributionConfig>",
        ),
        signed_request("DELETE", "/2020-05-31/distribution/E1", ""),
    ];

    let recorder = RecordingTransport::new(mock, dir.path()).unwrap();
    let live: Vec<HttpResponse> = requests.iter().map(|r| recorder.send(r).unwrap()).collect();
    assert_eq!(recorder.exchanges().len(), 3);

    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "001-get-distribution.http",
            "002-put-distribution-e1-config.http",
            "003-delete-distribution-e1.http"
        ]
    );

    let replay = ReplayTransport::from_dir(dir.path()).unwrap();
    for (req, live) in requests.iter().zip(&live) {
        let replayed = replay.send(req).unwrap();
        assert_eq!(&replayed, live);
    }
    assert_eq!(replay.verify(), Ok(()));
}

#[test]
fn recorded_files_contain_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    let mock = MockTransport::new();
    mock.expect(Expectation::any().respond(200).response_body("<ok/>"));
    let recorder = RecordingTransport::new(mock, dir.path()).unwrap();
    recorder
        .send(&signed_request(
            "POST",
            "/2020-05-31/distribution",
            "<DistributionConfig/>",
        ))
        .unwrap();
    let path = dir.path().join("001-post-distribution.http");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains("wJalrXUtnFEMI"), "{text}");
    assert!(!text.contains("FAKE-SESSION-TOKEN-SECRET"), "{text}");
    assert!(
        !text.contains("AKIDEXAMPLE"),
        "the whole Authorization value is redacted: {text}"
    );
    assert!(text.contains("authorization: <redacted>"), "{text}");
    assert!(text.contains("x-amz-security-token: <redacted>"), "{text}");
    // Kept: the date and the headers that matter; dropped: user-agent.
    assert!(text.contains("x-amz-date: 20261125T120000Z"), "{text}");
    assert!(text.contains("if-match: E1"), "{text}");
    assert!(!text.contains("user-agent"), "{text}");
    // Nothing secret in memory either.
    let ex = &recorder.exchanges()[0];
    assert!(!format!("{ex:?}").contains("wJalrXUtnFEMI"));
    assert!(ex.to_text().contains("<redacted>"));
}

#[test]
fn recording_continues_numbering_after_existing_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("007-old.http"),
        Exchange::new("GET", "/old").to_text(),
    )
    .unwrap();
    let mock = MockTransport::new();
    mock.expect(Expectation::any());
    let recorder = RecordingTransport::new(mock, dir.path()).unwrap();
    recorder
        .send(&request("GET", "/2020-05-31/distribution"))
        .unwrap();
    assert!(dir.path().join("008-get-distribution.http").is_file());
}

#[test]
fn recording_in_memory_and_errors_pass_through_unrecorded() {
    let mock = MockTransport::new();
    mock.expect(Expectation::any().fail(TransportErrorKind::Connect))
        .expect(Expectation::any().respond(200).response_body("<x/>"));
    let recorder = RecordingTransport::in_memory(mock);
    assert!(recorder.dir().is_none());
    let e = err(recorder.send(&request("GET", "/a")));
    assert_eq!(e.kind(), TransportErrorKind::Connect);
    recorder.send(&request("GET", "/b")).unwrap();
    let recorded = recorder.exchanges();
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].path_and_query, "/b");
    assert_eq!(recorded[0].response_body, b"<x/>");
    // In-memory recordings replay too.
    let replay = ReplayTransport::new(recorded);
    assert_eq!(replay.send(&request("GET", "/b")).unwrap().body, b"<x/>");
}

#[test]
fn transports_are_send_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<ReplayTransport>();
    assert_send_sync::<RecordingTransport>();
    assert_send_sync::<Exchange>();
    assert_send_sync::<FixtureError>();
}

#[test]
fn random_texts_never_panic_and_parsed_exchanges_round_trip() {
    // Deterministic pseudo-random texts built from the format's own tokens.
    const TOKENS: &[&str] = &[
        "GET /a?b=1",
        "PUT /x",
        "\n",
        "\r\n",
        "\n\n",
        "<<< response",
        "HTTP 200",
        "HTTP/1.1 404 X",
        "# c",
        "name: value",
        "x:",
        ":base64",
        "QUJD",
        "==",
        "<a>",
        "é",
        "\u{feff}",
        " ",
        "\t",
        "\r",
        "%20",
        "bad line",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut parsed = 0;
    for i in 0..20_000 {
        let mut random = |max_len: u64| -> String {
            let len = (next() % max_len) as usize;
            (0..len)
                .map(|_| TOKENS[(next() % TOKENS.len() as u64) as usize])
                .collect()
        };
        // Half free-form noise, half shaped like a fixture with noise in each part.
        let text = if i % 2 == 0 {
            random(16)
        } else {
            format!(
                "{}GET /a\n{}\n<<< response\nHTTP 200\n{}",
                random(3),
                random(6),
                random(8)
            )
        };
        if let Ok(ex) = Exchange::parse(&text) {
            parsed += 1;
            let again = Exchange::parse(&ex.to_text())
                .unwrap_or_else(|e| panic!("{e}\n--- from ---\n{text:?}"));
            assert_eq!(again, ex, "--- from ---\n{text:?}");
        }
    }
    assert!(parsed > 200, "only {parsed} valid fixtures generated");
}

/// Passes requests to a strict replay, keeps them (unredacted), and moves the client's clock
/// to the time each next fixture was recorded at, so that every request is signed at its
/// fixture's time.
struct SignedAtFixtureTimes {
    replay: std::sync::Arc<ReplayTransport>,
    clock: std::sync::Arc<cloudfront::clock::ManualClock>,
    times: Vec<std::time::SystemTime>,
    sent: std::sync::Mutex<Vec<HttpRequest>>,
}

impl std::fmt::Debug for SignedAtFixtureTimes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SignedAtFixtureTimes")
    }
}

impl Transport for SignedAtFixtureTimes {
    fn send(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        let mut sent = self.sent.lock().unwrap();
        sent.push(request.clone());
        let response = self.replay.send(request);
        if let Some(next) = self.times.get(sent.len()) {
            let now = cloudfront::clock::Clock::now(&*self.clock);
            self.clock
                .advance(next.duration_since(now).expect("fixtures in time order"));
        }
        response
    }
}

/// `20261125T120001Z` as a time (the fixtures of this test are all on 2026-11-25).
fn fixture_time(amz_date: &str) -> std::time::SystemTime {
    let hms = amz_date
        .strip_prefix("20261125T")
        .and_then(|t| t.strip_suffix('Z'))
        .expect("a 2026-11-25 x-amz-date");
    let n = |r: std::ops::Range<usize>| hms[r].parse::<u64>().unwrap();
    std::time::UNIX_EPOCH
        + std::time::Duration::from_secs(1_795_564_800 + n(0..2) * 3600 + n(2..4) * 60 + n(4..6))
}

/// A recorded read-modify-write (GET, then PUT with a body), replayed strictly: every request
/// the client sends carries exactly the SigV4 `Authorization` header that the fixture's
/// credentials (`AKIDEXAMPLE` and its secret) give at the fixture's time (its recorded
/// `x-amz-date`), recomputed here from the request as sent; its scope is
/// `AKIDEXAMPLE/20261125/us-east-1/cloudfront/aws4_request`.
#[test]
fn strict_replay_requests_are_signed_for_the_fixture_credentials_and_time() {
    use cloudfront::auth::sigv4::{SigningParams, SigningSettings, sign_parts};
    use std::sync::Arc;

    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/distributions/add-aliases");
    let fixtures: Vec<Exchange> = ["001-get.http", "002-put-config.http"]
        .iter()
        .map(|f| Exchange::from_file(dir.join(f)).unwrap())
        .collect();
    let recorded_date = |ex: &Exchange| {
        ex.request_headers
            .iter()
            .find(|(k, _)| k == "x-amz-date")
            .map(|(_, v)| v.clone())
            .expect("the fixture records its x-amz-date")
    };
    let times: Vec<_> = fixtures
        .iter()
        .map(|f| fixture_time(&recorded_date(f)))
        .collect();
    let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    let credentials = cloudfront::Credentials::new("AKIDEXAMPLE", secret);
    let clock = Arc::new(cloudfront::clock::ManualClock::new(times[0]));
    let transport = Arc::new(SignedAtFixtureTimes {
        replay: Arc::new(ReplayTransport::from_dir(&dir).unwrap().strict(true)),
        clock: clock.clone(),
        times: times.clone(),
        sent: Default::default(),
    });
    let client = cloudfront::Client::builder()
        .credentials(credentials.clone())
        .clock(clock)
        .shared_transport(transport.clone())
        .retry(cloudfront::RetryPolicy::none())
        .build()
        .unwrap();
    client
        .add_distribution_aliases(
            "EDFDVBD6EXAMPLE",
            ["static.example.com", "WWW.EXAMPLE.COM", "img.example.com"],
        )
        .unwrap();
    transport.replay.verify().unwrap();

    let sent = transport.sent.lock().unwrap().clone();
    assert_eq!(sent.len(), 2);
    assert!(
        !sent[1].body.is_empty(),
        "the PUT has a body, compared strictly"
    );
    for ((request, fixture), time) in sent.iter().zip(&fixtures).zip(&times) {
        let what = format!("{} {}", request.method, fixture.path_and_query);
        assert_eq!(
            request.header("x-amz-date"),
            Some(recorded_date(fixture).as_str()),
            "{what}: signed at the fixture's time"
        );
        // Re-sign the request as sent: the headers its signature names (without the
        // signer's own x-amz-date), plus Host, which the transport adds from the URL.
        let authorization = request.header("authorization").expect("signed");
        let signed: Vec<&str> = authorization
            .split("SignedHeaders=")
            .nth(1)
            .and_then(|s| s.split(',').next())
            .expect("SignedHeaders")
            .split(';')
            .collect();
        let mut headers: Vec<(String, String)> = request
            .headers
            .iter()
            .filter(|(k, _)| {
                let k = k.to_ascii_lowercase();
                k != "x-amz-date" && signed.contains(&k.as_str())
            })
            .cloned()
            .collect();
        headers.push(("Host".into(), "cloudfront.amazonaws.com".into()));
        let params = SigningParams {
            credentials: &credentials,
            region: "us-east-1",
            service: "cloudfront",
            time: *time,
        };
        let parts = sign_parts(
            &request.method,
            request.url.strip_prefix(BASE).unwrap(),
            &headers,
            &request.body,
            &params,
            &SigningSettings::new(),
        )
        .unwrap();
        assert_eq!(authorization, parts.authorization, "{what}");
        assert!(
            authorization.starts_with(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/cloudfront/aws4_request, SignedHeaders="
            ),
            "{what}: {authorization}"
        );
    }
}

/// Strict replay refuses what lenient replay lets through: a request body where the fixture
/// has none, and a request without a well-formed signature.
#[test]
fn strict_replay_compares_every_body_and_wants_a_sigv4_header() {
    let fixture = Exchange::new("POST", "/2020-05-31/distribution");
    let mut with_body = request("POST", "/2020-05-31/distribution");
    with_body.body = b"<DistributionConfig/>".to_vec();

    let lenient = ReplayTransport::new(vec![fixture.clone()]);
    lenient.send(&with_body).unwrap();
    lenient.verify().unwrap();

    let strict = ReplayTransport::new(vec![fixture]).strict(true);
    let message = err(strict.send(&with_body)).to_string();
    assert!(
        message.contains("body differs at byte 0 (expected 0 bytes, got 21)"),
        "{message}"
    );
    assert!(message.contains("no authorization header"), "{message}");
    assert!(strict.verify().is_err());
}
