//! End to end: the real `cloudfront` binary against moto on 127.0.0.1 (an emulator, not
//! the real service: see /fixtures/json/README.md and the stale-ETag tests for what moto
//! does not do). Ignored unless run with `--include-ignored` (scripts/test.sh does, with
//! `CLOUDFRONT_MOTO_ENDPOINT` set).

mod support;

use serde_json::Value;
use support::{fixture, moto, stderr, stdout};

fn json(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", stdout(out)))
}

#[test]
#[ignore = "needs moto"]
fn ls_lists_distributions_as_text_json_and_table() {
    let moto = moto();
    let id = moto.distribution("site\tone");
    let d = moto.client().distribution(&id).unwrap();

    let out = moto.cmd().arg("ls").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let fields: Vec<&str> = text.trim_end_matches('\n').split('\t').collect();
    // The tab in the comment is escaped: one record, six fields.
    assert_eq!(
        fields,
        [
            id.as_str(),
            d.domain_name.as_str(),
            d.status.as_str(),
            "true",
            "",
            "site\\tone"
        ],
        "{text}"
    );

    let out = moto
        .cmd()
        .args(["ls", "--output", "json"])
        .output()
        .unwrap();
    let v = json(&out);
    assert_eq!(v["DistributionList"]["Quantity"], 1);
    assert_eq!(v["DistributionList"]["Items"][0]["Id"], id.as_str());
    assert_eq!(v["DistributionList"]["Items"][0]["Comment"], "site\tone");

    let out = moto
        .cmd()
        .args(["--output", "table", "ls"])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(text.starts_with("ID "), "{text}");
    assert!(text.lines().nth(1).unwrap().starts_with(&id), "{text}");
}

#[test]
#[ignore = "needs moto"]
fn get_shows_a_distribution_in_each_format_and_not_found_exits_3() {
    let moto = moto();
    let id = moto.distribution("get me");

    let out = moto.cmd().args(["get", &id]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with(&format!("Id\t{id}\nETag\t")),
        "{}",
        stdout(&out)
    );

    let v = json(
        &moto
            .cmd()
            .args(["get", &id, "--output", "json"])
            .output()
            .unwrap(),
    );
    assert_eq!(v["Distribution"]["Id"], id.as_str());
    assert_eq!(v["Distribution"]["DistributionConfig"]["Comment"], "get me");
    assert!(v["ETag"].as_str().is_some_and(|e| !e.is_empty()));

    let out = moto
        .cmd()
        .args(["get", &id, "--output", "xml"])
        .output()
        .unwrap();
    let xml = stdout(&out);
    assert!(cloudfront::Distribution::from_xml(&xml).is_ok(), "{xml}");

    for args in [
        vec!["get", "ENOSUCHDIST"],
        vec!["config", "get", "ENOSUCHDIST"],
        vec!["invalidation", &id, "INOSUCHINV"],
    ] {
        let out = moto.cmd().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(3), "{args:?}: {}", stderr(&out));
        assert!(stdout(&out).is_empty());
        let err = stderr(&out);
        assert!(
            err.contains("cloudfront: error: reading") && err.contains("hint:"),
            "{err}"
        );
    }
}

/// `fixtures/json/get-distribution-config.json` (the AWS CLI's output) without the
/// `"Items": []` of empty lists, which the AWS CLI prints only when the XML had an empty
/// `<Items/>` and this crate never writes: the same document as the AWS CLI would print for
/// what this crate sends.
fn aws_cli_config(etag: &str) -> String {
    let mut v: Value = serde_json::from_str(&fixture("json/get-distribution-config.json")).unwrap();
    fn strip(v: &mut Value) {
        match v {
            Value::Object(m) => {
                m.retain(|k, v| !(k == "Items" && v.as_array().is_some_and(Vec::is_empty)));
                m.values_mut().for_each(strip);
            }
            Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut v);
    v["ETag"] = etag.into();
    let mut out = Vec::new();
    let f = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    serde::Serialize::serialize(&v, &mut serde_json::Serializer::with_formatter(&mut out, f))
        .unwrap();
    String::from_utf8(out).unwrap() + "\n"
}

#[test]
#[ignore = "needs moto"]
fn an_aws_cli_config_round_trips_through_config_put_and_config_get_unchanged() {
    let moto = moto();
    // A distribution with the fixture's caller reference (which an update must keep).
    let (config, _) = {
        let v: cloudfront::Versioned<cloudfront::DistributionConfig> =
            serde_json::from_str(&fixture("json/get-distribution-config.json")).unwrap();
        (v.value, v.etag)
    };
    let id = moto
        .client()
        .create_distribution(config)
        .unwrap()
        .id
        .clone();
    let etag = moto.client().distribution_config(&id).unwrap().etag;

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cfg.json");
    std::fs::write(&file, aws_cli_config(&etag)).unwrap();
    let out = moto
        .cmd()
        .args(["config", "put", &id])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));

    let out = moto.cmd().args(["config", "get", &id]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), aws_cli_config(&etag));

    // XML in and out as well.
    let out = moto
        .cmd()
        .args(["config", "get", &id, "--output", "xml"])
        .output()
        .unwrap();
    let xml_file = dir.path().join("cfg.xml");
    std::fs::write(&xml_file, &out.stdout).unwrap();
    let out = moto
        .cmd()
        .args(["config", "put", &id])
        .arg(&xml_file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = moto.cmd().args(["config", "get", &id]).output().unwrap();
    assert_eq!(stdout(&out), aws_cli_config(&etag));
}

#[test]
#[ignore = "needs moto"]
fn config_edit_runs_the_editor_and_writes_the_change_back() {
    let moto = moto();
    let id = moto.distribution("before");
    let out = moto
        .cmd()
        .args(["config", "edit", &id])
        .env(
            "EDITOR",
            r#"sed -i 's/"Comment": "before"/"Comment": "after edit"/'"#,
        )
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        moto.client().distribution_config(&id).unwrap().comment,
        "after edit"
    );

    // An editor that changes nothing: nothing is written.
    let out = moto
        .cmd()
        .args(["config", "edit", &id])
        .env("EDITOR", "true")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("no changes"), "{}", stderr(&out));

    // An edit that breaks the JSON: refused, nothing written, exit 1.
    let out = moto
        .cmd()
        .args(["config", "edit", &id])
        .env("EDITOR", r#"sed -i 's/"Enabled"/"Enabled" oops/'"#)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("nothing was written"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        moto.client().distribution_config(&id).unwrap().comment,
        "after edit"
    );
}

#[test]
#[ignore = "needs moto"]
fn enable_disable_and_aliases_change_the_distribution() {
    let moto = moto();
    let id = moto.distribution("toggle");
    let client = moto.client();

    let out = moto.cmd().args(["enable", &id]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(client.distribution_config(&id).unwrap().enabled);
    moto.cmd().args(["disable", &id]).assert().success();
    assert!(!client.distribution_config(&id).unwrap().enabled);

    let aliases = || {
        client
            .distribution_config(&id)
            .unwrap()
            .aliases
            .clone()
            .map(|a| a.items)
            .unwrap_or_default()
    };
    moto.cmd()
        .args(["aliases", "set", &id, "a.example.com", "b.example.com"])
        .assert()
        .success();
    assert_eq!(aliases(), ["a.example.com", "b.example.com"]);
    moto.cmd()
        .args(["aliases", "add", &id, "c.example.com"])
        .assert()
        .success();
    assert_eq!(
        aliases(),
        ["a.example.com", "b.example.com", "c.example.com"]
    );
    moto.cmd()
        .args(["aliases", "rm", &id, "a.example.com"])
        .assert()
        .success();
    assert_eq!(aliases(), ["b.example.com", "c.example.com"]);
}

#[test]
#[ignore = "needs moto"]
fn invalidate_wait_prints_ids_on_stdout_and_timestamped_progress_lines_on_stderr() {
    let moto = moto();
    let id = moto.distribution("inv");
    let out = moto
        .cmd()
        .args([
            "invalidate",
            &id,
            "/a.html",
            "/b.html",
            "--paths-from",
            "-",
            "--wait",
        ])
        .args(["--poll-interval", "100ms"])
        .write_stdin("/c.html\n\n# a comment\n/img/*\n")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let ids: Vec<String> = stdout(&out).lines().map(str::to_string).collect();
    assert_eq!(ids.len(), 1, "{ids:?}");
    let inv = moto.client().invalidation(&id, &ids[0]).unwrap();
    assert_eq!(inv.batch.paths, ["/a.html", "/b.html", "/c.html", "/img/*"]);

    // stderr is not a terminal here: one plain, timestamped line per event. (moto creates
    // invalidations already COMPLETED, so there is nothing to poll; the polling events are
    // covered by the library's tests/invalidate_and_wait.rs.)
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    let expected = [
        "4 paths in 1 batches",
        &format!("batch 1/1 created: {} (4 paths)", ids[0]),
        "all 1 invalidations completed",
    ];
    assert_eq!(lines.len(), expected.len(), "{err}");
    for (line, want) in lines.iter().zip(expected) {
        let (stamp, rest) = line.split_once(' ').unwrap();
        assert!(cloudfront::time::parse_iso8601(stamp).is_some(), "{line}");
        assert!(rest.starts_with(&format!("cloudfront: {want} [")), "{line}");
    }

    // -q: nothing on stderr; --output json: the invalidation in the AWS CLI's shape.
    let out = moto
        .cmd()
        .args(["-q", "--output", "json", "invalidate", &id, "/x", "--wait"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(
        v["Invalidation"]["InvalidationBatch"]["Paths"]["Items"][0],
        "/x"
    );
}

#[test]
#[ignore = "needs moto"]
fn invalidations_pages_with_max_items_and_marker_and_invalidation_shows_one() {
    let moto = moto();
    let id = moto.distribution("pages");
    for p in ["/1", "/2", "/3"] {
        moto.cmd()
            .args(["-q", "invalidate", &id, p])
            .assert()
            .success();
    }
    let out = moto
        .cmd()
        .args(["invalidations", &id, "--max-items", "2"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    let marker = lines[2]
        .strip_prefix("NextMarker\t")
        .expect("a next marker");
    let out = moto
        .cmd()
        .args(["invalidations", &id, "--max-items", "2", "--marker", marker])
        .output()
        .unwrap();
    let rest = stdout(&out);
    assert_eq!(rest.lines().count(), 1, "{rest}");

    let first = lines[0].split('\t').next().unwrap();
    let v = json(
        &moto
            .cmd()
            .args(["--output", "json", "invalidation", &id, first])
            .output()
            .unwrap(),
    );
    assert_eq!(v["Invalidation"]["Id"], first);
    assert_eq!(
        v["Invalidation"]["InvalidationBatch"]["Paths"]["Quantity"],
        1
    );
    moto.cmd()
        .args(["-q", "wait", "invalidation", &id, first])
        .assert()
        .success()
        .stdout(format!("{first}\n"));
}

#[test]
#[ignore = "needs moto"]
fn wait_deployed_times_out_with_exit_5_and_delete_disable_wait_deletes() {
    let moto = moto();
    let id = moto.distribution("slow");
    moto.post(
        "/moto-api/state-manager/set-transition",
        r#"{"model_name":"cloudfront::distribution","transition":{"progression":"manual","times":1000}}"#,
    );
    let out = moto
        .cmd()
        .args([
            "wait",
            "deployed",
            &id,
            "--timeout",
            "1s",
            "--poll-interval",
            "200ms",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert!(stderr(&out).contains("gave up waiting"), "{}", stderr(&out));
    moto.post(
        "/moto-api/state-manager/unset-transition",
        r#"{"model_name":"cloudfront::distribution"}"#,
    );

    let out = moto
        .cmd()
        .args(["delete", &id, "--disable", "--wait", "--timeout", "30s"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(moto.client().distribution(&id).unwrap_err().is_not_found());
}

#[test]
#[ignore = "needs moto"]
fn cargo_install_style_run_invalidate_wait_with_two_paths() {
    // The issue's "done when": `cloudfront invalidate ID /a /b --wait` with progress.
    let moto = moto();
    let id = moto.distribution("done-when");
    let out = moto
        .cmd()
        .args([
            "--progress",
            "always",
            "invalidate",
            &id,
            "/a",
            "/b",
            "--wait",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 1);
    assert!(
        stderr(&out).contains("batches completed"),
        "{}",
        stderr(&out)
    );
}
