//! The binary without moto: a stale ETag (moto ignores `If-Match`, so a tiny loopback
//! server answers with CloudFront's real `PreconditionFailed`), usage errors, signing.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use support::{cloudfront, fixture, stderr, stdout};

/// One request as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    path: String,
    if_match: Option<String>,
    authorization: Option<String>,
}

/// Answers each request with the next scripted `(status, etag, body)`, one connection per
/// request (`Connection: close`), on 127.0.0.1.
fn serve(script: Vec<(u16, &'static str, String)>) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for (status, etag, body) in script {
            let Ok((stream, _)) = listener.accept() else {
                return;
            };
            let mut reader = BufReader::new(stream);
            let mut request_line = String::new();
            reader.read_line(&mut request_line).unwrap();
            let mut parts = request_line.split_whitespace();
            let method = parts.next().unwrap_or_default().to_string();
            let path = parts.next().unwrap_or_default().to_string();
            let (mut length, mut if_match, mut authorization) = (0usize, None, None);
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                let (name, value) = line.split_once(':').unwrap();
                match name.to_ascii_lowercase().as_str() {
                    "content-length" => length = value.trim().parse().unwrap(),
                    "if-match" => if_match = Some(value.trim().to_string()),
                    "authorization" => authorization = Some(value.trim().to_string()),
                    _ => {}
                }
            }
            let mut body_in = vec![0; length];
            reader.read_exact(&mut body_in).unwrap();
            log.lock().unwrap().push(Seen {
                method,
                path,
                if_match,
                authorization,
            });
            let reason = match status {
                200 => "OK",
                201 => "Created",
                412 => "Precondition Failed",
                _ => "Other",
            };
            let mut stream = reader.into_inner();
            write!(
                stream,
                "HTTP/1.1 {status} {reason}\r\nETag: {etag}\r\nx-amz-request-id: req-1\r\nContent-Type: text/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            )
            .unwrap();
        }
    });
    (endpoint, seen)
}

const PRECONDITION_FAILED: &str = r#"<?xml version="1.0"?>
<ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Error><Type>Sender</Type><Code>PreconditionFailed</Code><Message>The precondition given in one or more of the request-header fields evaluated to false.</Message></Error><RequestId>req-1</RequestId></ErrorResponse>"#;

const CONFIG_PATH: &str = "/2020-05-31/distribution/E2QWRUHAPOMQZL/config";

/// The AWS CLI's `get-distribution-config` output, with ETag `EOLDVERSION`.
fn config_file(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let mut v: serde_json::Value =
        serde_json::from_str(&fixture("json/get-distribution-config.json")).unwrap();
    v["ETag"] = "EOLDVERSION".into();
    let path = dir.path().join("cfg.json");
    std::fs::write(&path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    path
}

#[test]
fn config_put_with_a_stale_etag_exits_4_and_writes_nothing() {
    let (endpoint, seen) = serve(vec![(412, "", PRECONDITION_FAILED.to_string())]);
    let dir = tempfile::tempdir().unwrap();
    let file = config_file(&dir);
    let out = cloudfront()
        .args([
            "--endpoint-url",
            &endpoint,
            "config",
            "put",
            "E2QWRUHAPOMQZL",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    let err = stderr(&out);
    assert!(
        err.contains("changed since ETag EOLDVERSION") && err.contains("--force"),
        "{err}"
    );
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0].method, "PUT");
    assert_eq!(seen[0].path, CONFIG_PATH);
    assert_eq!(seen[0].if_match.as_deref(), Some("EOLDVERSION"));
}

#[test]
fn config_put_force_and_a_file_without_etag_use_a_fresh_read() {
    for (force, drop_etag) in [(true, false), (false, true)] {
        let (endpoint, seen) = serve(vec![
            (
                200,
                "ENEWVERSION",
                fixture("distribution/maximal-config.xml"),
            ),
            (200, "ENEWER", fixture("distribution/distribution.xml")),
        ]);
        let dir = tempfile::tempdir().unwrap();
        let file = config_file(&dir);
        if drop_etag {
            let v: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
            std::fs::write(&file, v["DistributionConfig"].to_string()).unwrap();
        }
        let mut cmd = cloudfront();
        cmd.args([
            "--endpoint-url",
            &endpoint,
            "config",
            "put",
            "E2QWRUHAPOMQZL",
        ])
        .arg(&file);
        if force {
            cmd.arg("--force");
        }
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(stdout(&out).starts_with("Id\tE2QWRUHAPOMQZL\nETag\tENEWER\n"));
        let seen = seen.lock().unwrap().clone();
        let shape: Vec<(&str, &str, Option<&str>)> = seen
            .iter()
            .map(|s| (s.method.as_str(), s.path.as_str(), s.if_match.as_deref()))
            .collect();
        assert_eq!(
            shape,
            [
                ("GET", CONFIG_PATH, None),
                ("PUT", CONFIG_PATH, Some("ENEWVERSION"))
            ]
        );
    }
}

#[test]
fn usage_errors_exit_2_and_bad_files_exit_1_with_the_operation_named() {
    let out = cloudfront().args(["invalidate"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = cloudfront()
        .args(["ls", "--output", "yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = cloudfront()
        .args(["wait", "deployed", "E1", "--timeout", "soon"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not a duration"), "{}", stderr(&out));

    // A path CloudFront would reject: refused before anything is sent (no server here).
    let out = cloudfront()
        .args([
            "--endpoint-url",
            "http://127.0.0.1:9",
            "invalidate",
            "E1",
            "no-slash",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"{"DistributionConfig": {"Enabled": "yes"}}"#).unwrap();
    let out = cloudfront()
        .args([
            "--endpoint-url",
            "http://127.0.0.1:9",
            "config",
            "put",
            "E1",
        ])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("bad.json is not a distribution config")
            && err.contains("DistributionConfig/Enabled"),
        "{err}"
    );
}

#[test]
fn sign_url_signs_a_canned_policy_url_with_an_rsa_key() {
    let key = format!(
        "{}/../fixtures/signed-urls/boto-test-key.pem",
        env!("CARGO_MANIFEST_DIR")
    );
    let out = cloudfront()
        .args([
            "sign-url",
            "https://d111111abcdef8.cloudfront.net/private/a.mp4",
            "--key-pair-id",
            "K2JCJMDEHXQW5F",
            "--private-key",
            &key,
            "--expires",
            "2030-01-01T00:00:00Z",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let url = stdout(&out);
    assert!(
        url.starts_with(
            "https://d111111abcdef8.cloudfront.net/private/a.mp4?Expires=1893456000&Signature="
        ) && url.ends_with("&Key-Pair-Id=K2JCJMDEHXQW5F\n"),
        "{url}"
    );
    let out = cloudfront()
        .args([
            "sign-cookies",
            "https://d111111abcdef8.cloudfront.net/private/*",
            "--key-pair-id",
            "K2JCJMDEHXQW5F",
            "--private-key",
            &key,
            "--expires",
            "+1h",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let cookies = stdout(&out);
    assert!(
        cookies.contains("CloudFront-Expires=")
            && cookies.contains("CloudFront-Key-Pair-Id=K2JCJMDEHXQW5F"),
        "{cookies}"
    );
}

#[test]
fn sign_url_signs_with_an_ecdsa_key_and_sha256_by_default() {
    let key = format!(
        "{}/../fixtures/signed-urls/ecdsa-p256-test-key.pem",
        env!("CARGO_MANIFEST_DIR")
    );
    let resource = "https://d111111abcdef8.cloudfront.net/private/a.mp4";
    let sign = |extra: &[&str]| {
        let out = cloudfront()
            .args(["sign-url", resource, "--key-pair-id", "K2JCJMDEHXQW5F"])
            .args(["--private-key", &key, "--expires", "2030-01-01T00:00:00Z"])
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    // ECDSA signatures are deterministic (RFC 6979): the library's own signature of the same
    // canned policy is the one the command must print.
    let pem = std::fs::read_to_string(&key).unwrap();
    let policy = cloudfront::CannedPolicy::new(
        resource,
        std::time::UNIX_EPOCH + std::time::Duration::from_secs(1893456000),
    )
    .to_json()
    .unwrap();
    for (extra, algorithm, suffix) in [
        (
            &[][..],
            cloudfront::presign::HashAlgorithm::Sha256,
            "&Hash-Algorithm=SHA256\n",
        ),
        (
            &["--hash-algorithm", "sha1"][..],
            cloudfront::presign::HashAlgorithm::Sha1,
            "\n",
        ),
    ] {
        let signer = cloudfront::presign::EcdsaKeySigner::from_pem(&pem)
            .unwrap()
            .with_algorithm(algorithm);
        let expected = cloudfront::presign::sign_policy(&policy, &signer).unwrap();
        assert_eq!(
            sign(extra),
            format!(
                "{resource}?Expires=1893456000&Signature={expected}&Key-Pair-Id=K2JCJMDEHXQW5F{suffix}"
            )
        );
    }
}

#[test]
fn sign_url_names_both_key_kinds_when_the_key_is_neither() {
    let key = format!(
        "{}/../fixtures/signed-urls/ecdsa-p384-not-supported.pem",
        env!("CARGO_MANIFEST_DIR")
    );
    let out = cloudfront()
        .args([
            "sign-url",
            "https://d111111abcdef8.cloudfront.net/a",
            "--key-pair-id",
            "K1",
        ])
        .args(["--private-key", &key, "--expires", "+1h"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("neither an RSA private key") && err.contains("not a P-256 key"),
        "{err}"
    );
}

fn invalidation_xml(status: &str) -> String {
    format!(
        r#"<?xml version="1.0"?>
<Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>I2J0I21PCUYOIK</Id><Status>{status}</Status><CreateTime>2026-11-25T12:00:00.101Z</CreateTime><InvalidationBatch><Paths><Quantity>2</Quantity><Items><Path>/a</Path><Path>/b</Path></Items></Paths><CallerReference>ref-1</CallerReference></InvalidationBatch></Invalidation>"#
    )
}

#[test]
fn invalidate_wait_reports_each_poll_as_a_timestamped_line_and_only_the_id_on_stdout() {
    let (endpoint, seen) = serve(vec![
        (201, "", invalidation_xml("InProgress")),
        (200, "", invalidation_xml("InProgress")),
        (200, "", invalidation_xml("Completed")),
    ]);
    let out = cloudfront()
        .args([
            "--endpoint-url",
            &endpoint,
            "invalidate",
            "E2QWRUHAPOMQZL",
            "/a",
            "/b",
        ])
        .args(["--wait", "--poll-interval", "10ms"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "I2J0I21PCUYOIK\n");
    let err = stderr(&out);
    let events: Vec<&str> = err
        .lines()
        .map(|l| {
            let (stamp, rest) = l.split_once(" cloudfront: ").unwrap();
            assert!(cloudfront::time::parse_iso8601(stamp).is_some(), "{l}");
            rest.rsplit_once(" [").unwrap().0
        })
        .collect();
    assert_eq!(
        events,
        [
            "2 paths in 1 batches",
            "batch 1/1 created: I2J0I21PCUYOIK (2 paths)",
            "I2J0I21PCUYOIK is InProgress (0/1 completed)",
            "I2J0I21PCUYOIK is Completed (1/1 completed)",
            "batch 1 completed: I2J0I21PCUYOIK (1/1)",
            "all 1 invalidations completed",
        ]
    );
    assert_eq!(seen.lock().unwrap().len(), 3);
}

#[test]
fn invalidate_wait_past_its_timeout_exits_5_and_still_prints_the_created_id() {
    let mut script = vec![(201, "", invalidation_xml("InProgress"))];
    script.extend((0..50).map(|_| (200, "", invalidation_xml("InProgress"))));
    let (endpoint, _seen) = serve(script);
    let out = cloudfront()
        .args([
            "--endpoint-url",
            &endpoint,
            "invalidate",
            "E2QWRUHAPOMQZL",
            "/a",
            "/b",
        ])
        .args(["--wait", "--poll-interval", "20ms", "--timeout", "100ms"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert_eq!(stdout(&out), "I2J0I21PCUYOIK\n");
    let err = stderr(&out);
    assert!(
        err.contains("1 of 1 batches created and 0 completed (created: I2J0I21PCUYOIK)")
            && err.contains("gave up waiting"),
        "{err}"
    );
}

#[test]
fn profile_picks_the_credentials_of_that_profile() {
    let (endpoint, seen) = serve(vec![(200, "", invalidation_xml("Completed"))]);
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir(home.path().join(".aws")).unwrap();
    std::fs::write(
        home.path().join(".aws/credentials"),
        "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s1\n\n[deploy]\naws_access_key_id = AKIDDEPLOY\naws_secret_access_key = s2\n",
    )
    .unwrap();
    let out = cloudfront()
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env("HOME", home.path())
        .args(["--profile", "deploy", "--endpoint-url", &endpoint])
        .args(["invalidation", "E2QWRUHAPOMQZL", "I2J0I21PCUYOIK"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let seen = seen.lock().unwrap().clone();
    let auth = seen[0].authorization.clone().unwrap_or_default();
    assert!(auth.contains("Credential=AKIDDEPLOY/"), "{auth}");
}
