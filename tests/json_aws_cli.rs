//! Feature `serde`: configs and results to and from the JSON the AWS CLI prints
//! (`fixtures/json/`, boto3 against moto), and elements unknown to this crate kept through
//! JSON in both directions.
#![cfg(feature = "serde")]

use cloudfront::{Distribution, DistributionConfig, DistributionList, Versioned};
use serde_json::Value;

fn fixture(name: &str) -> String {
    let path = format!("{}/fixtures/json/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The AWS CLI prints `"Items": []` when the XML had an empty `<Items/>`; this crate never
/// writes an empty `Items` (neither in XML nor in JSON). Everything else must be identical.
fn without_empty_items(v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.retain(|k, v| !(k == "Items" && v.as_array().is_some_and(Vec::is_empty)));
            map.values_mut().for_each(without_empty_items);
        }
        Value::Array(items) => items.iter_mut().for_each(without_empty_items),
        _ => {}
    }
}

/// Pretty-printed with the AWS CLI's indent of 4, so member order counts too.
fn aws_cli_text(v: &Value) -> String {
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
    serde::Serialize::serialize(v, &mut ser).unwrap();
    String::from_utf8(out).unwrap()
}

fn assert_round_trip<T>(file: &str)
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    let text = fixture(file);
    let value: T = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
    let mut expected: Value = serde_json::from_str(&text).unwrap();
    without_empty_items(&mut expected);
    let written = serde_json::to_value(&value).unwrap();
    assert_eq!(aws_cli_text(&written), aws_cli_text(&expected), "{file}");
}

#[test]
fn get_distribution_config_output_round_trips_in_the_aws_cli_shape() {
    assert_round_trip::<Versioned<DistributionConfig>>("get-distribution-config.json");
    let v: Versioned<DistributionConfig> =
        serde_json::from_str(&fixture("get-distribution-config.json")).unwrap();
    assert_eq!(v.etag, "YIM9G1TQP4REC");
    assert_eq!(
        v.aliases.as_ref().unwrap().items,
        ["a.example.org", "b.example.org", "c.example.org"]
    );
    assert_eq!(
        v.origins.items[0].custom_headers.as_ref().unwrap().items[0].header_value,
        "t0k&n<>\"'"
    );
    assert_eq!(
        v.unknown_element_count(),
        0,
        "every member of the sample is modelled"
    );
}

#[test]
fn get_distribution_output_round_trips_with_its_timestamps() {
    assert_round_trip::<Versioned<Distribution>>("get-distribution.json");
    let v: Versioned<Distribution> =
        serde_json::from_str(&fixture("get-distribution.json")).unwrap();
    let json = serde_json::to_value(&v).unwrap();
    assert_eq!(
        json["Distribution"]["LastModifiedTime"],
        serde_json::from_str::<Value>(&fixture("get-distribution.json")).unwrap()["Distribution"]["LastModifiedTime"]
    );
}

#[test]
fn list_distributions_output_round_trips() {
    let text = fixture("list-distributions.json");
    let outer: Value = serde_json::from_str(&text).unwrap();
    let list: DistributionList = serde_json::from_value(outer["DistributionList"].clone()).unwrap();
    assert_eq!(list.items.len(), 1);
    let mut expected = outer["DistributionList"].clone();
    without_empty_items(&mut expected);
    // moto leaves out `Staging`, which the model requires in a summary: the crate reads the
    // omission as the default (`false`) and, as in XML, always writes the member.
    expected["Items"][0]
        .as_object_mut()
        .unwrap()
        .insert("Staging".into(), false.into());
    assert_eq!(
        aws_cli_text(&serde_json::to_value(&list).unwrap()),
        aws_cli_text(&expected)
    );
}

#[test]
fn the_bare_config_object_of_update_distribution_is_read_too() {
    let outer: Value = serde_json::from_str(&fixture("get-distribution-config.json")).unwrap();
    let bare: Versioned<DistributionConfig> =
        serde_json::from_value(outer["DistributionConfig"].clone()).unwrap();
    assert_eq!(bare.etag, "");
    let wrapped: Versioned<DistributionConfig> = serde_json::from_value(outer).unwrap();
    assert_eq!(bare.value, wrapped.value);
}

const XML_WITH_UNKNOWN: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<DistributionConfig xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><CallerReference>r</CallerReference><Origins><Quantity>1</Quantity><Items><Origin><Id>o</Id><DomainName>o.example.com</DomainName><CustomOriginConfig><HTTPPort>80</HTTPPort><HTTPSPort>443</HTTPSPort><OriginProtocolPolicy>https-only</OriginProtocolPolicy></CustomOriginConfig><FutureOriginFlag>true</FutureOriginFlag></Origin></Items><FutureWrapperNote>n</FutureWrapperNote></Origins><DefaultCacheBehavior><TargetOriginId>o</TargetOriginId><ViewerProtocolPolicy>allow-all</ViewerProtocolPolicy></DefaultCacheBehavior><Comment>c</Comment><FutureNumber>300</FutureNumber><FutureZero>007</FutureZero><FutureEmpty/><FutureStruct><Mode>on</Mode><Limits><Max>5</Max></Limits></FutureStruct><FutureList><Quantity>2</Quantity><Items><Thing>a</Thing><Thing>b</Thing></Items></FutureList><FutureAttr kind="x &amp; &quot;y&quot;">t</FutureAttr><Enabled>true</Enabled></DistributionConfig>"#;

#[test]
fn unknown_elements_become_members_in_place_and_survive_xml_json_xml() {
    let config = DistributionConfig::from_xml(XML_WITH_UNKNOWN).unwrap();
    assert_eq!(config.unknown_element_count(), 8);
    let json = serde_json::to_value(&config).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let comment = keys.iter().position(|k| *k == "Comment").unwrap();
    assert_eq!(
        keys[comment..comment + 8],
        [
            "Comment",
            "FutureNumber",
            "FutureZero",
            "FutureEmpty",
            "FutureStruct",
            "FutureList",
            "FutureAttr",
            "Enabled"
        ]
    );
    assert_eq!(json["FutureNumber"], 300);
    assert_eq!(json["FutureZero"], "007");
    assert_eq!(json["FutureEmpty"], "");
    assert_eq!(
        json["FutureStruct"],
        serde_json::json!({"Mode": "on", "Limits": {"Max": 5}})
    );
    assert_eq!(
        json["FutureList"],
        serde_json::json!({"Quantity": 2, "Items": {"@xml": "<Items><Thing>a</Thing><Thing>b</Thing></Items>"}})
    );
    assert_eq!(
        json["FutureAttr"],
        serde_json::json!({"@xml": "<FutureAttr kind=\"x &amp; &quot;y&quot;\">t</FutureAttr>"})
    );
    assert_eq!(json["Origins"]["FutureWrapperNote"], "n");
    assert_eq!(json["Origins"]["Items"][0]["FutureOriginFlag"], true);

    let back: DistributionConfig = serde_json::from_value(json).unwrap();
    assert_eq!(back, config);
    assert_eq!(back.to_xml().unwrap(), config.to_xml().unwrap());
}

#[test]
fn unknown_members_of_a_newer_aws_cli_survive_json_round_trips() {
    let mut doc: Value = serde_json::from_str(&fixture("get-distribution-config.json")).unwrap();
    let cfg = doc["DistributionConfig"].as_object_mut().unwrap();
    cfg.insert("StagingNew".into(), serde_json::json!(false));
    cfg.insert(
        "AnycastNew".into(),
        serde_json::json!({"Id": "abc", "Weight": 10, "Flag": true}),
    );
    cfg.insert(
        "Verbatim".into(),
        serde_json::json!({"@xml": "<Verbatim a=\"1\"><X>1</X><X>2</X></Verbatim>"}),
    );
    let v: Versioned<DistributionConfig> = serde_json::from_value(doc.clone()).unwrap();
    assert_eq!(v.unknown_element_count(), 3);
    let xml = v.to_xml().unwrap();
    assert!(xml.contains("<StagingNew>false</StagingNew><AnycastNew><Id>abc</Id><Weight>10</Weight><Flag>true</Flag></AnycastNew><Verbatim a=\"1\"><X>1</X><X>2</X></Verbatim>"), "{xml}");
    let mut expected = doc;
    without_empty_items(&mut expected);
    assert_eq!(
        aws_cli_text(&serde_json::to_value(&v).unwrap()),
        aws_cli_text(&expected)
    );
    // And through XML and back.
    let again = DistributionConfig::from_xml(&xml).unwrap();
    assert_eq!(again, v.value);
}

#[test]
fn what_json_cannot_say_as_xml_is_refused_with_the_path() {
    let mut doc: Value = serde_json::from_str(&fixture("get-distribution-config.json")).unwrap();
    doc["DistributionConfig"]["NewList"] = serde_json::json!({"Quantity": 1, "Items": ["x"]});
    let err = serde_json::from_value::<Versioned<DistributionConfig>>(doc)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("DistributionConfig/NewList/Items") && err.contains("@xml"),
        "{err}"
    );
}

#[test]
fn bad_json_is_a_decode_error_naming_the_path() {
    let base: Value = serde_json::from_str(&fixture("get-distribution-config.json")).unwrap();
    type Change<'a> = &'a dyn Fn(&mut Value);
    let cases: [(Change, &str); 5] = [
        (
            &|d| d["DistributionConfig"]["Enabled"] = "yes".into(),
            "DistributionConfig/Enabled: expected a boolean",
        ),
        (
            &|d| {
                d["DistributionConfig"]
                    .as_object_mut()
                    .unwrap()
                    .remove("Origins");
            },
            "DistributionConfig/Origins: required member is missing",
        ),
        (
            &|d| d["DistributionConfig"]["Aliases"]["Quantity"] = 5.into(),
            "DistributionConfig/Aliases: Quantity is 5 but there are 3 items",
        ),
        (
            &|d| d["DistributionConfig"]["Origins"]["Items"][0]["ConnectionAttempts"] = 1e99.into(),
            "DistributionConfig/Origins/Items/0/ConnectionAttempts: expected an integer",
        ),
        (
            &|d| d["DistributionConfig"]["Comment"] = Value::Null,
            "DistributionConfig/Comment: expected a string, found null",
        ),
    ];
    for (change, message) in cases {
        let mut doc = base.clone();
        change(&mut doc);
        let err = serde_json::from_value::<Versioned<DistributionConfig>>(doc)
            .unwrap_err()
            .to_string();
        assert!(err.contains(message), "{err}\nexpected: {message}");
    }
}

#[test]
fn deeply_nested_unknown_members_are_refused_not_a_stack_overflow() {
    let mut inner = serde_json::json!("x");
    for _ in 0..100 {
        inner = serde_json::json!({ "Deeper": inner });
    }
    let mut doc: Value = serde_json::from_str(&fixture("get-distribution-config.json")).unwrap();
    doc["DistributionConfig"]["Future"] = inner;
    let err = serde_json::from_value::<Versioned<DistributionConfig>>(doc)
        .unwrap_err()
        .to_string();
    assert!(err.contains("nested too deeply"), "{err}");
}

#[test]
fn unknown_entries_of_a_list_without_quantity_stay_in_place_as_verbatim_entries() {
    let xml = std::fs::read_to_string(format!(
        "{}/fixtures/distribution/distribution.xml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
    .replacen(
        "<AliasICPRecordals>",
        "<AliasICPRecordals><Odd n=\"1\"/>",
        1,
    );
    let d = Distribution::from_xml(&xml).unwrap();
    let json = serde_json::to_value(&d).unwrap();
    let entries = json["AliasICPRecordals"].as_array().unwrap();
    assert_eq!(entries[0], serde_json::json!({"@xml": "<Odd n=\"1\"/>"}));
    assert!(entries[1]["CNAME"].is_string(), "{json}");
    let back: Distribution = serde_json::from_value(json).unwrap();
    assert_eq!(back, d);
}
