//! Which operations of the model moto 5.2.5 emulates, checked against the table in
//! `tests/data/moto-coverage.md` (the document of what moto lacks and the HTTP it answers).
//!
//! The test walks `model/cloudfront/service-2.json` and sends one request per operation to
//! moto: the model's method and request URI, labels filled (with the id of a resource created
//! first where moto keys a route by a real id, else with `placeholder`), the required query
//! and header members, and for POST/PUT a maximal XML body built from the input shape (every
//! member set, lists with one item, enums with their first value). The conformance cases of
//! `src/model/cases.rs` are test-only inside the library, so the body is built here from the
//! model the same way.
//!
//! moto's answer is classified:
//! - `implemented`: an XML answer (a result or a CloudFront `ErrorResponse`) or a 2xx;
//! - `404 text/html`: Flask's page for a route moto does not know;
//! - `500 text/html`: a known route whose action moto has not implemented.
//!
//! The test fails when moto's answers and the checked-in table disagree (either drifted), and
//! prints the table as observed so that a reviewed update is a copy.
#![cfg(feature = "ureq")]

mod common;

use std::collections::BTreeMap;

use cloudfront::transport::{HttpRequest, HttpResponse, Transport, UreqTransport};
use common::moto::moto;
use serde_json::Value;

const NS: &str = "http://cloudfront.amazonaws.com/doc/2020-05-31/";
const PLACEHOLDER: &str = "placeholder";
const TABLE: &str = "tests/data/moto-coverage.md";

fn model() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/model/cloudfront/service-2.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("read the model"))
        .expect("the model is JSON")
}

/// A maximal value of shape `name` as XML content (no enclosing element).
fn value_xml(shapes: &Value, name: &str, depth: usize) -> String {
    let shape = &shapes[name];
    match shape["type"].as_str().expect("shape type") {
        "string" => match shape["enum"].as_array() {
            Some(values) => values[0].as_str().expect("enum value").to_string(),
            None => PLACEHOLDER.to_string(),
        },
        "integer" | "long" => "1".to_string(),
        "float" | "double" => "1.0".to_string(),
        "boolean" => "true".to_string(),
        "timestamp" => "2026-01-01T00:00:00Z".to_string(),
        "blob" => "eA==".to_string(),
        "list" if depth > 10 => String::new(),
        "list" => {
            let member = &shape["member"];
            let tag = member["locationName"].as_str().unwrap_or("member");
            let item = value_xml(shapes, member["shape"].as_str().expect("shape"), depth + 1);
            format!("<{tag}>{item}</{tag}>")
        }
        "structure" if depth > 10 => String::new(),
        "structure" => {
            let mut out = String::new();
            for (member_name, member) in shape["members"].as_object().expect("members") {
                let tag = member["locationName"].as_str().unwrap_or(member_name);
                let inner = value_xml(shapes, member["shape"].as_str().expect("shape"), depth + 1);
                out.push_str(&format!("<{tag}>{inner}</{tag}>"));
            }
            out
        }
        other => panic!("shape {name}: unexpected type {other}"),
    }
}

/// Method, path and query, headers and body of the request for operation `op`; `label`
/// gives the value of every URI label.
fn request_for(
    model: &Value,
    op: &Value,
    endpoint: &str,
    label: &str,
) -> (String, String, Vec<(String, String)>, Vec<u8>) {
    let shapes = &model["shapes"];
    let method = op["http"]["method"].as_str().expect("method").to_string();
    let template = op["http"]["requestUri"].as_str().expect("requestUri");
    let mut uri = String::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let end = rest[start..].find('}').expect("closing brace") + start;
        uri.push_str(&rest[..start]);
        uri.push_str(label);
        rest = &rest[end + 1..];
    }
    uri.push_str(rest);

    let empty = Value::Object(Default::default());
    let input = match op["input"]["shape"].as_str() {
        Some(name) => &shapes[name],
        None => &empty,
    };
    let required: Vec<&str> = input["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut query = Vec::new();
    let mut headers = vec![
        ("Content-Type".to_string(), "application/xml".to_string()),
        (
            // moto picks the service from the credential scope; it checks no signature.
            "Authorization".to_string(),
            "AWS4-HMAC-SHA256 Credential=AKIDMOTOTEST/20260101/us-east-1/cloudfront/aws4_request, \
             SignedHeaders=host, Signature=00"
                .to_string(),
        ),
    ];
    let members = input["members"].as_object().cloned().unwrap_or_default();
    for (name, member) in &members {
        if !required.contains(&name.as_str()) {
            continue;
        }
        let wire = member["locationName"].as_str().unwrap_or(name);
        let shape = &shapes[member["shape"].as_str().expect("shape")];
        let value = if shape["type"] == "integer" {
            "1"
        } else {
            PLACEHOLDER
        };
        match member["location"].as_str() {
            Some("querystring") => query.push(format!("{wire}={value}")),
            Some("header") => headers.push((wire.to_string(), value.to_string())),
            _ => {}
        }
    }
    if !query.is_empty() {
        uri.push(if uri.contains('?') { '&' } else { '?' });
        uri.push_str(&query.join("&"));
    }

    let mut body = Vec::new();
    if method == "POST" || method == "PUT" {
        if let Some(payload) = input["payload"].as_str() {
            let member = &members[payload];
            let shape_name = member["shape"].as_str().expect("shape");
            if shapes[shape_name]["type"] == "structure" {
                let tag = member["locationName"].as_str().unwrap_or(payload);
                let inner = value_xml(shapes, shape_name, 0);
                body = format!("<{tag} xmlns=\"{NS}\">{inner}</{tag}>").into_bytes();
            } else {
                body = b"x".to_vec();
            }
        } else if members.values().any(|m| m.get("location").is_none()) {
            let tag = op["input"]["locationName"]
                .as_str()
                .or(input["locationName"].as_str())
                .expect("body root name");
            let mut inner = String::new();
            for (name, member) in &members {
                if member.get("location").is_some() {
                    continue;
                }
                let wire = member["locationName"].as_str().unwrap_or(name);
                let value = value_xml(shapes, member["shape"].as_str().expect("shape"), 0);
                inner.push_str(&format!("<{wire}>{value}</{wire}>"));
            }
            body = format!("<{tag} xmlns=\"{NS}\">{inner}</{tag}>").into_bytes();
        }
    }
    (method, format!("{endpoint}{uri}"), headers, body)
}

fn send(
    transport: &UreqTransport,
    model: &Value,
    op: &Value,
    endpoint: &str,
    label: &str,
) -> HttpResponse {
    let (method, url, headers, body) = request_for(model, op, endpoint, label);
    transport
        .send(&HttpRequest {
            method,
            url: url.clone(),
            headers,
            body,
        })
        .unwrap_or_else(|e| panic!("{url}: moto does not answer: {e}"))
}

fn header<'a>(response: &'a HttpResponse, name: &str) -> &'a str {
    response
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

/// The text of the first `<tag>` element of `xml`.
fn element<'a>(xml: &'a str, tag: &str) -> Option<&'a str> {
    let open = format!("<{tag}>");
    let start = xml.find(&open)? + open.len();
    let end = xml[start..].find(&format!("</{tag}>"))? + start;
    Some(&xml[start..end])
}

/// (classification, what moto answered): `implemented` with the status and the result's root
/// element or the error code, or `<status> text/html`.
fn classify(response: &HttpResponse) -> (String, String) {
    let content_type = header(response, "content-type");
    let body = String::from_utf8_lossy(&response.body);
    if content_type.contains("xml") && !body.trim_start().starts_with('<') {
        // GetFunction: the function's code, not a document (moto labels it XML).
        let kind = content_type.split(';').next().unwrap_or("").trim();
        (
            "implemented".into(),
            format!("{} raw body ({kind})", response.status),
        )
    } else if content_type.contains("xml") {
        let answer = match element(&body, "Code") {
            Some(code) if body.contains("<ErrorResponse") => code.to_string(),
            _ => {
                let after_decl = body.find("?>").map(|i| &body[i + 2..]).unwrap_or(&body);
                let root = after_decl.trim_start().trim_start_matches('<');
                let end = root.find([' ', '>', '/']).unwrap_or(root.len());
                root[..end].to_string()
            }
        };
        (
            "implemented".into(),
            format!("{} {answer}", response.status),
        )
    } else if (200..300).contains(&response.status) {
        ("implemented".into(), format!("{} (empty)", response.status))
    } else {
        let kind = content_type.split(';').next().unwrap_or("").trim();
        (format!("{} {kind}", response.status), String::new())
    }
}

/// The checked-in table: operation → (classification, answer).
fn table() -> BTreeMap<String, (String, String)> {
    let path = format!("{}/{TABLE}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {path}: {e}"));
    let mut rows = BTreeMap::new();
    for line in text.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // | `Operation` | classification | answer |
        if cells.len() >= 5 && cells[1].starts_with('`') {
            let op = cells[1].trim_matches('`').to_string();
            let previous = rows.insert(op.clone(), (cells[2].to_string(), cells[3].to_string()));
            assert!(previous.is_none(), "{TABLE}: {op} listed twice");
        }
    }
    rows
}

fn created_id(response: &HttpResponse, what: &str) -> String {
    let body = String::from_utf8_lossy(&response.body);
    assert!(
        (200..300).contains(&response.status),
        "creating the {what} for the sweep failed: {} {body}",
        response.status
    );
    element(&body, "Id")
        .unwrap_or_else(|| panic!("no <Id> in the created {what}: {body}"))
        .to_string()
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn moto_coverage_matches_the_checked_in_table() {
    let moto = moto();
    let endpoint = moto.endpoint().to_string();
    let model = model();
    let transport = UreqTransport::new();
    let operations = model["operations"].as_object().expect("operations");
    assert_eq!(operations.len(), 167, "operations in the model");

    // moto keys some routes by a real id (a placeholder makes it crash with a 500 that would
    // look like a missing action): create those resources first. Functions and key value
    // stores are keyed by name, and the maximal body names them `placeholder`.
    let mut labels: BTreeMap<&str, String> = BTreeMap::new();
    for (op, segment) in [
        ("CreatePublicKey", "public-key"),
        ("CreateKeyGroup", "key-group"),
        ("CreateOriginAccessControl", "origin-access-control"),
        ("CreateFunction", "function"),
        ("CreateKeyValueStore", "key-value-store"),
    ] {
        let response = send(&transport, &model, &operations[op], &endpoint, PLACEHOLDER);
        let label = if segment == "function" || segment == "key-value-store" {
            let body = String::from_utf8_lossy(&response.body);
            assert!(
                (200..300).contains(&response.status)
                    && element(&body, "Name") == Some(PLACEHOLDER),
                "creating the {segment} for the sweep failed: {} {body}",
                response.status
            );
            PLACEHOLDER.to_string()
        } else {
            created_id(&response, segment)
        };
        labels.insert(segment, label);
    }

    // Every operation, the deletes last (so that reads find what was created).
    let mut order: Vec<&String> = operations.keys().collect();
    order.sort_by_key(|name| name.starts_with("Delete"));
    let mut observed = BTreeMap::new();
    for name in order {
        let op = &operations[name.as_str()];
        let segment = op["http"]["requestUri"]
            .as_str()
            .expect("requestUri")
            .trim_start_matches("/2020-05-31/")
            .split(['/', '?'])
            .next()
            .unwrap_or("");
        let label = labels
            .get(segment)
            .map(String::as_str)
            .unwrap_or(PLACEHOLDER);
        let response = send(&transport, &model, op, &endpoint, label);
        observed.insert(name.clone(), classify(&response));
    }

    let implemented = observed
        .values()
        .filter(|(c, _)| c == "implemented")
        .count();
    println!(
        "moto 5.2.5 implements {implemented} of {} operations",
        observed.len()
    );
    let expected = table();
    if observed != expected {
        let mut table = String::from("| operation | moto 5.2.5 | answer |\n|---|---|---|\n");
        for (op, (class, answer)) in &observed {
            table.push_str(&format!("| `{op}` | {class} | {answer} |\n"));
        }
        let differing: Vec<String> = observed
            .iter()
            .filter(|(op, got)| expected.get(*op) != Some(got))
            .map(|(op, got)| format!("{op}: moto {got:?}, table {:?}", expected.get(op)))
            .chain(
                expected
                    .keys()
                    .filter(|op| !observed.contains_key(*op))
                    .map(|op| format!("{op}: in the table, not in the model")),
            )
            .collect();
        panic!(
            "moto's coverage and {TABLE} differ:\n{}\n\nobserved table:\n{table}",
            differing.join("\n")
        );
    }
}
