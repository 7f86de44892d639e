//! The SigV4 signer against AWS's published test vectors: the 40-case `v4/` suite and
//! botocore's 34-case `aws4_testsuite/`, both vendored under `tests/data/sigv4-testsuite/`
//! (origin, version and license in its README). A missing directory fails the tests: the
//! vectors are the proof that the signer is right.
//!
//! For every case the canonical request, string to sign, signature and the final signed
//! request are compared byte for byte with the expected files. Two comparisons follow HTTP
//! rather than the file layout, and both are explained where they are made: header names
//! compare case-insensitively (the signer adds lowercase names, the files capitalize them),
//! and a field value does not include the optional whitespace around it (`Authorization:
//! AWS4-...` and `Authorization:AWS4-...` are the same header). A trailing newline at the end
//! of an expected file is not part of the expected value.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use cloudfront::Credentials;

mod sigv4_vectors;
use cloudfront::auth::sigv4::{
    SigningParams, SigningSettings, sign_parts, sign_request_with, sign_request_with_key,
    signing_key,
};
use cloudfront::transport::HttpRequest;
use sigv4_vectors::{
    RawRequest, expected, header, json_bool, json_string, parse_request, parse_time, read,
};

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

fn suite_dir(sub: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/sigv4-testsuite")
        .join(sub);
    assert!(
        dir.is_dir(),
        "the vendored SigV4 test vectors are missing at {}",
        dir.display()
    );
    dir
}

/// What one case signs with.
struct Context {
    access_key: String,
    secret_key: String,
    token: Option<String>,
    region: String,
    service: String,
    time: SystemTime,
    settings: SigningSettings,
}

/// Collects the differences found in one case.
struct Check {
    name: String,
    failures: Vec<String>,
    /// Where a flawed vector is read differently from its files, and why.
    notes: Vec<String>,
}

impl Check {
    fn new(name: &str) -> Self {
        Check {
            name: name.to_string(),
            failures: Vec::new(),
            notes: Vec::new(),
        }
    }

    fn eq(&mut self, what: &str, got: &str, want: &str) {
        if got != want {
            self.failures.push(format!(
                "{what} differs\n--- got:\n{got}\n--- want:\n{want}\n"
            ));
        }
    }

    fn fail(&mut self, message: String) {
        self.failures.push(message);
    }

    fn note(&mut self, note: &str) {
        self.notes.push(note.to_string());
    }

    fn report(self, passed: &mut usize, report: &mut String, notes: &mut String) {
        for n in &self.notes {
            let _ = writeln!(notes, "  note on {}: {n}", self.name);
        }
        if self.failures.is_empty() {
            *passed += 1;
        } else {
            let _ = writeln!(report, "=== {} FAILED", self.name);
            for f in &self.failures {
                let _ = writeln!(report, "{f}");
            }
        }
    }
}

/// Signs `raw` the way the client does (an [`HttpRequest`] through `sign_request_with`) and
/// through `sign_parts`, and checks that both agree; returns the signed request and the parts.
fn sign_both(
    check: &mut Check,
    raw: &RawRequest,
    ctx: &Context,
) -> Option<(HttpRequest, cloudfront::auth::sigv4::SignatureParts)> {
    let mut credentials = Credentials::new(ctx.access_key.clone(), ctx.secret_key.clone());
    if let Some(token) = &ctx.token {
        credentials = credentials.with_session_token(token.clone());
    }
    let params = SigningParams {
        credentials: &credentials,
        region: &ctx.region,
        service: &ctx.service,
        time: ctx.time,
    };
    let parts = match sign_parts(
        &raw.method,
        &raw.target,
        &raw.headers,
        &raw.body,
        &params,
        &ctx.settings,
    ) {
        Ok(p) => p,
        Err(e) => {
            check.fail(format!("sign_parts failed: {e}"));
            return None;
        }
    };
    let host = header(&raw.headers, "host").expect("every case has a Host header");
    let mut request = HttpRequest {
        method: raw.method.clone(),
        url: format!("https://{host}{}", raw.target),
        headers: raw.headers.clone(),
        body: raw.body.clone(),
    };
    if let Err(e) = sign_request_with(&mut request, &params, &ctx.settings) {
        check.fail(format!("sign_request_with failed: {e}"));
        return None;
    }
    check.eq(
        "authorization from sign_request_with vs sign_parts",
        request.header("authorization").unwrap_or("<none>"),
        &parts.authorization,
    );
    // With CloudFront's settings, the client signs with a key derived beforehand (cached for
    // the day): the signed request must be identical.
    if ctx.settings == SigningSettings::new() {
        let date = &parts.amz_date[..parts.amz_date.len() - 8]; // strip `THHMMSSZ`
        let key = signing_key(&ctx.secret_key, date, &ctx.region, &ctx.service);
        let mut with_key = HttpRequest {
            method: raw.method.clone(),
            url: format!("https://{host}{}", raw.target),
            headers: raw.headers.clone(),
            body: raw.body.clone(),
        };
        match sign_request_with_key(&mut with_key, &params, &key) {
            Ok(()) => check.eq(
                "request from sign_request_with_key vs sign_request_with",
                if with_key == request {
                    "identical"
                } else {
                    "different"
                },
                "identical",
            ),
            Err(e) => check.fail(format!("sign_request_with_key failed: {e}")),
        }
    }
    Some((request, parts))
}

/// Compares the signed request with the expected one: method, target and body exactly;
/// header fields as HTTP defines them (RFC 9110 §5): names case-insensitively, values
/// without the optional whitespace around them, the relative order of fields with the same
/// name kept and the order of fields with different names not significant (the expected
/// files list them in whatever order their generator's header map had).
fn compare_signed_request(check: &mut Check, got: &HttpRequest, target: &str, want: &RawRequest) {
    check.eq("signed request method", &got.method, &want.method);
    check.eq("signed request target", target, &want.target);
    check.eq(
        "signed request body",
        &String::from_utf8_lossy(&got.body),
        &String::from_utf8_lossy(&want.body),
    );
    let show = |h: &[(String, String)]| {
        let mut fields: Vec<(String, &str)> = h
            .iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v.trim()))
            .collect();
        fields.sort_by(|a, b| a.0.cmp(&b.0)); // stable: same-name order kept
        fields
            .iter()
            .map(|(k, v)| format!("{k}:{v}\n"))
            .collect::<String>()
    };
    check.eq(
        "signed request headers",
        &show(&got.headers),
        &show(&want.headers),
    );
}

// -------------------------------------------------------------------------------------
// v4/
// -------------------------------------------------------------------------------------

/// The secret that goes with access key `ANOTREAL`: the test credentials of the `aws-sigv4`
/// crate (smithy-rs `Credentials::for_tests()`), which generated `double-encode-path`.
const ANOTREAL_SECRET: &str = "notrealrnrELgWzOk3IfjzDKtFBhDby";

/// The context of a `v4/` case: from `context.json`, or for the two older cases without one
/// (`double-url-encode`, `double-encode-path`), as the suite's README describes: the time in
/// the request's `X-Amz-Date`; access key, region and service from the `Credential=` of the
/// expected `Authorization` header; the suite's usual secret for `AKIDEXAMPLE`.
///
/// One correction to the README: `double-encode-path` is signed by access key `ANOTREAL`,
/// whose secret is not the suite's usual one but the `aws-sigv4` crate's test secret
/// ([`ANOTREAL_SECRET`]); with it, its expected signature is reproduced exactly.
fn v4_context(check: &mut Check, dir: &Path, raw: &RawRequest) -> Context {
    let context = dir.join("context.json");
    if context.exists() {
        let json = read(&context);
        let get = |key: &str| {
            json_string(&json, key).unwrap_or_else(|| panic!("{key} in {}", context.display()))
        };
        let omit_token = json_bool(&json, "omit_session_token").unwrap_or(false);
        Context {
            access_key: get("access_key_id"),
            secret_key: get("secret_access_key"),
            token: json_string(&json, "token"),
            region: get("region"),
            service: get("service"),
            time: parse_time(&get("timestamp")),
            settings: SigningSettings::new()
                .normalize_path(json_bool(&json, "normalize").expect("normalize"))
                .payload_hash_header(json_bool(&json, "sign_body").expect("sign_body"))
                .sign_session_token(!omit_token),
        }
    } else {
        let signed = parse_request(&read(&dir.join("header-signed-request.txt")));
        let authz = header(&signed.headers, "authorization").expect("an Authorization header");
        let credential = authz
            .split("Credential=")
            .nth(1)
            .and_then(|c| c.split(',').next())
            .expect("Credential=");
        let parts: Vec<&str> = credential.split('/').collect();
        assert_eq!(parts.len(), 5, "{credential}");
        let secret_key = match parts[0] {
            ACCESS_KEY => SECRET_KEY,
            "ANOTREAL" => {
                check.note("signed with the aws-sigv4 crate's test secret for ANOTREAL (not the suite's usual secret)");
                ANOTREAL_SECRET
            }
            other => panic!("no known secret for access key {other}"),
        };
        Context {
            access_key: parts[0].to_string(),
            secret_key: secret_key.to_string(),
            token: None,
            region: parts[2].to_string(),
            service: parts[3].to_string(),
            time: parse_time(header(&raw.headers, "x-amz-date").expect("X-Amz-Date")),
            settings: SigningSettings::new(),
        }
    }
}

fn run_v4_case(dir: &Path) -> Check {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let mut check = Check::new(&format!("v4/{name}"));
    let mut raw = parse_request(&read(&dir.join("request.txt")));
    let want = parse_request(&read(&dir.join("header-signed-request.txt")));
    if raw.target != want.target {
        // `get-space-normalized`: its request.txt says `GET /example%20space/` but its signed
        // request, like `get-space-unnormalized`'s and botocore's `get-space`, sends
        // `GET /example space/`, and the expected canonical URI `/example%20space/` is that
        // target encoded once. Encoding the `%20` form once more gives `%2520` (what a
        // non-S3 service computes for that wire form; see `double-url-encode`). We sign the
        // target the signed request actually sends.
        check.note(&format!(
            "request.txt target {:?} differs from the signed request's {:?}; signing the latter",
            raw.target, want.target
        ));
        raw.target = want.target.clone();
    }
    let ctx = v4_context(&mut check, dir, &raw);
    let Some((request, parts)) = sign_both(&mut check, &raw, &ctx) else {
        return check;
    };
    let mut creq = expected(&dir.join("header-canonical-request.txt"));
    if let Some(date) = header(&raw.headers, "x-amz-date") {
        // `double-encode-path`: its expected canonical request has the `x-amz-date` line of
        // `double-url-encode` (20210511T154045Z), while its request.txt and its signed request
        // carry 20150830T123600Z, and its expected signature is reproduced only with the
        // latter. That one stale value is corrected; every other byte is compared.
        let line = creq
            .lines()
            .find(|l| l.starts_with("x-amz-date:"))
            .map(str::to_string);
        if let Some(line) = line {
            let fixed = format!("x-amz-date:{}", date.trim());
            if line != fixed {
                check.note(&format!(
                    "expected canonical request has stale `{line}`; the request and the signed \
                     request (whose signature matches) use `{fixed}`"
                ));
                creq = creq.replace(&line, &fixed);
            }
        }
    }
    check.eq("canonical request", &parts.canonical_request, &creq);
    let sts = dir.join("header-string-to-sign.txt");
    if sts.exists() {
        check.eq("string to sign", &parts.string_to_sign, &expected(&sts));
    }
    let sig = dir.join("header-signature.txt");
    if sig.exists() {
        check.eq("signature", &parts.signature, &expected(&sig));
    } else {
        // The older cases have no signature file: the signature is in the expected
        // Authorization header, compared with the signed request below.
        check.note(
            "no header-signature.txt; signature checked via the signed request's Authorization",
        );
    }
    compare_signed_request(&mut check, &request, &raw.target, &want);
    check
}

#[test]
fn aws_v4_suite_all_40_cases() {
    let root = suite_dir("v4");
    let mut cases: Vec<PathBuf> = fs::read_dir(&root)
        .expect("read v4/")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.join("request.txt").is_file())
        .collect();
    cases.sort();
    let mut passed = 0;
    let (mut report, mut notes) = (String::new(), String::new());
    for dir in &cases {
        run_v4_case(dir).report(&mut passed, &mut report, &mut notes);
    }
    println!(
        "v4: passed {passed} of {} (no case skipped)\n{notes}",
        cases.len()
    );
    assert_eq!(cases.len(), 40, "expected 40 cases in {}", root.display());
    assert_eq!(passed, 40, "v4: passed {passed} of 40\n{notes}{report}");
}

// -------------------------------------------------------------------------------------
// aws4_testsuite/ (botocore)
// -------------------------------------------------------------------------------------

fn find_req_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            find_req_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "req") {
            out.push(path);
        }
    }
}

fn run_botocore_case(req: &Path) -> Check {
    let stem = req.file_stem().unwrap().to_string_lossy().into_owned();
    let with = |ext: &str| req.with_extension(ext);
    let mut check = Check::new(&format!("aws4_testsuite/{stem}"));
    let raw = parse_request(&read(req));
    let creq = expected(&with("creq"));
    let sreq = parse_request(&read(&with("sreq")));
    // The token, as botocore's driver finds it: from the expected canonical request (then it
    // is signed); or, for `post-sts-header-after`, only in the expected signed request (then
    // it is added after signing).
    let creq_token = creq
        .lines()
        .find_map(|l| l.strip_prefix("x-amz-security-token:"))
        .map(str::to_string);
    let (token, sign_token) = match creq_token {
        Some(t) => (Some(t), true),
        None => (
            header(&sreq.headers, "x-amz-security-token").map(str::to_string),
            false,
        ),
    };
    let ctx = Context {
        access_key: ACCESS_KEY.to_string(),
        secret_key: SECRET_KEY.to_string(),
        token,
        region: "us-east-1".to_string(),
        service: "service".to_string(),
        time: parse_time("20150830T123600Z"),
        settings: SigningSettings::new().sign_session_token(sign_token),
    };
    let Some((request, parts)) = sign_both(&mut check, &raw, &ctx) else {
        return check;
    };
    check.eq("canonical request", &parts.canonical_request, &creq);
    check.eq(
        "string to sign",
        &parts.string_to_sign,
        &expected(&with("sts")),
    );
    check.eq(
        "authorization",
        &parts.authorization,
        &expected(&with("authz")),
    );
    if stem == "get-vanilla-with-session-token" {
        check.note("Authorization compared with .authz, not .sreq (the .sreq carries get-vanilla's signature)");
        // Known flaw in the vector (see the suite's README): this `.sreq` carries
        // get-vanilla's signature. Its Authorization was checked against `.authz` above; the
        // rest of the signed request is still compared.
        let strip = |h: &[(String, String)]| -> Vec<(String, String)> {
            h.iter()
                .filter(|(k, _)| !k.eq_ignore_ascii_case("authorization"))
                .cloned()
                .collect()
        };
        let mut got = request.clone();
        got.headers = strip(&request.headers);
        let mut want = sreq.clone();
        want.headers = strip(&sreq.headers);
        compare_signed_request(&mut check, &got, &raw.target, &want);
    } else {
        compare_signed_request(&mut check, &request, &raw.target, &sreq);
    }
    check
}

#[test]
fn botocore_aws4_testsuite_all_34_cases() {
    let root = suite_dir("aws4_testsuite");
    let mut cases = Vec::new();
    find_req_files(&root, &mut cases);
    cases.sort();
    let mut passed = 0;
    let (mut report, mut notes) = (String::new(), String::new());
    for req in &cases {
        run_botocore_case(req).report(&mut passed, &mut report, &mut notes);
    }
    println!(
        "aws4_testsuite: passed {passed} of {} (no case skipped)\n{notes}",
        cases.len()
    );
    assert_eq!(cases.len(), 34, "expected 34 cases in {}", root.display());
    assert_eq!(
        passed, 34,
        "aws4_testsuite: passed {passed} of 34\n{notes}{report}"
    );
}

#[test]
fn request_parser_folds_multiline_values_and_keeps_spaces_in_target() {
    let raw = parse_request("GET /a b/ HTTP/1.1\nHost:h\nMy-Header1:value1\n  value2\n\nbody");
    assert_eq!(raw.method, "GET");
    assert_eq!(raw.target, "/a b/");
    assert_eq!(
        raw.headers,
        vec![
            ("Host".to_string(), "h".to_string()),
            ("My-Header1".to_string(), "value1 value2".to_string())
        ]
    );
    assert_eq!(raw.body, b"body");
}
