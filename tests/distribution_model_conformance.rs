//! Conformance of the distribution model with the botocore model of CloudFront 2020-05-31.
//!
//! The model (`model/cloudfront/service-2.json`, vendored in this repository; see
//! `model/README.md`) is read at test time (`serde_json` is a dev-dependency). When it is
//! missing the tests fail with a message saying so, they never skip.
//!
//! - (a) what the crate writes has only element names, nestings and orders that exist in
//!   the model, with every required member present;
//! - (b) unknown elements at several depths survive decode → encode → decode, in place;
//! - (c) every member of every structure in the closure of `DistributionConfig`,
//!   `Distribution` and `DistributionList` is exercised by the fixtures and written back by
//!   the crate (so the Rust model has a field for each);
//! - (d) enumeration values unknown to the crate round-trip unchanged.
//! - (e) origin access controls and identities: the config bodies the crate sends conform,
//!   the enumerations know exactly the model's values, and every member of the four
//!   resource shapes' closure is decoded and written back.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use cloudfront::resources::distribution::{
    HttpVersion, Method, MinimumProtocolVersion, PriceClass, SslProtocol, ViewerProtocolPolicy,
};
use cloudfront::{Distribution, DistributionConfig, DistributionList, Origin};
use serde_json::Value;

const NAMESPACE: &str = "http://cloudfront.amazonaws.com/doc/2020-05-31/";

// ---------------------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------------------

struct Model {
    shapes: serde_json::Map<String, Value>,
}

fn model() -> Model {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("model/cloudfront/service-2.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "the vendored CloudFront model is required by this test and could not be read at \
             {}: {e}",
            path.display()
        )
    });
    let json: Value = serde_json::from_str(&text).expect("service-2.json is valid JSON");
    let shapes = json["shapes"]
        .as_object()
        .expect("service-2.json has a shapes object")
        .clone();
    Model { shapes }
}

impl Model {
    fn shape(&self, name: &str) -> &Value {
        self.shapes
            .get(name)
            .unwrap_or_else(|| panic!("shape {name} is not in the model"))
    }

    fn kind(&self, name: &str) -> &str {
        self.shape(name)["type"].as_str().unwrap_or("")
    }

    /// Members of a structure, in model (wire) order: (member name, XML name, shape).
    fn members(&self, structure: &str) -> Vec<(String, String, String)> {
        let s = self.shape(structure);
        let members = s["members"].as_object().expect("structure has members");
        members
            .iter()
            .map(|(name, m)| {
                let xml = m["locationName"].as_str().unwrap_or(name).to_string();
                let shape = m["shape"].as_str().expect("member has a shape").to_string();
                (name.clone(), xml, shape)
            })
            .collect()
    }

    fn required(&self, structure: &str) -> Vec<String> {
        self.shape(structure)["required"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// (item element name, item shape) of a list shape; botocore's default name is `member`.
    fn list_item(&self, list: &str) -> (String, String) {
        let m = &self.shape(list)["member"];
        (
            m["locationName"].as_str().unwrap_or("member").to_string(),
            m["shape"].as_str().expect("list member shape").to_string(),
        )
    }

    fn is_flattened(&self, list: &str) -> bool {
        self.shape(list)["flattened"].as_bool().unwrap_or(false)
    }

    /// Every (structure, member) pair reachable from `roots`.
    fn closure(&self, roots: &[&str]) -> (BTreeSet<String>, BTreeSet<(String, String)>) {
        let mut structures = BTreeSet::new();
        let mut members = BTreeSet::new();
        let mut stack: Vec<String> = roots.iter().map(|s| s.to_string()).collect();
        let mut seen = BTreeSet::new();
        while let Some(name) = stack.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            match self.kind(&name) {
                "structure" => {
                    structures.insert(name.clone());
                    for (member, _, shape) in self.members(&name) {
                        members.insert((name.clone(), member));
                        stack.push(shape);
                    }
                }
                "list" => stack.push(self.list_item(&name).1),
                _ => {}
            }
        }
        (structures, members)
    }
}

// ---------------------------------------------------------------------------------------
// (a) Walking an XML tree alongside the model
// ---------------------------------------------------------------------------------------

#[derive(Default)]
struct Walk {
    errors: Vec<String>,
    seen: BTreeSet<(String, String)>,
    allow_unknown_enum_values: bool,
}

fn path_of(node: roxmltree::Node<'_, '_>) -> String {
    let mut names: Vec<&str> = node
        .ancestors()
        .filter(|n| n.is_element())
        .map(|n| n.tag_name().name())
        .collect();
    names.reverse();
    names.join("/")
}

fn elements<'a, 'i>(node: roxmltree::Node<'a, 'i>) -> Vec<roxmltree::Node<'a, 'i>> {
    node.children().filter(|c| c.is_element()).collect()
}

fn text_of(node: roxmltree::Node<'_, '_>) -> String {
    node.children().filter_map(|c| c.text()).collect()
}

impl Walk {
    fn value(&mut self, model: &Model, node: roxmltree::Node<'_, '_>, shape: &str) {
        let path = path_of(node);
        if node.tag_name().namespace() != Some(NAMESPACE) {
            self.errors
                .push(format!("{path}: not in CloudFront's namespace"));
        }
        match model.kind(shape) {
            "structure" => self.structure(model, node, shape),
            "list" => {
                if model.is_flattened(shape) {
                    self.errors
                        .push(format!("{path}: flattened lists are not expected here"));
                }
                let (item, item_shape) = model.list_item(shape);
                for c in elements(node) {
                    if c.tag_name().name() != item {
                        self.errors.push(format!(
                            "{}: list entry named <{}>, the model says <{item}>",
                            path_of(c),
                            c.tag_name().name()
                        ));
                        continue;
                    }
                    self.value(model, c, &item_shape);
                }
            }
            kind => {
                if !elements(node).is_empty() {
                    self.errors
                        .push(format!("{path}: a {kind} value has child elements"));
                    return;
                }
                let text = text_of(node);
                let ok = match kind {
                    "boolean" => text == "true" || text == "false",
                    "integer" => text.parse::<i32>().is_ok(),
                    "long" => text.parse::<i64>().is_ok(),
                    "timestamp" => is_iso8601_millis(&text),
                    "string" => match model.shape(shape)["enum"].as_array() {
                        Some(values) if !self.allow_unknown_enum_values => {
                            values.iter().any(|v| v.as_str() == Some(text.as_str()))
                        }
                        _ => true,
                    },
                    other => {
                        self.errors
                            .push(format!("{path}: unexpected shape type {other}"));
                        true
                    }
                };
                if !ok {
                    self.errors
                        .push(format!("{path}: {text:?} is not a valid {shape} ({kind})"));
                }
            }
        }
    }

    fn structure(&mut self, model: &Model, node: roxmltree::Node<'_, '_>, shape: &str) {
        let path = path_of(node);
        let members = model.members(shape);
        let mut last: Option<usize> = None;
        let mut present = BTreeSet::new();
        for c in elements(node) {
            let name = c.tag_name().name();
            let Some(i) = members.iter().position(|(_, xml, _)| xml == name) else {
                self.errors.push(format!(
                    "{}: <{name}> is not a member of {shape}",
                    path_of(c)
                ));
                continue;
            };
            if let Some(prev) = last {
                if i <= prev {
                    self.errors.push(format!(
                        "{}: <{name}> is out of model order (or repeated) in {shape}",
                        path_of(c)
                    ));
                }
            }
            last = Some(i);
            let (member, _, member_shape) = &members[i];
            present.insert(member.clone());
            self.seen.insert((shape.to_string(), member.clone()));
            self.value(model, c, member_shape);
        }
        for r in model.required(shape) {
            if !present.contains(&r) {
                self.errors
                    .push(format!("{path}: required member {r} of {shape} is missing"));
            }
        }
        // CloudFront's list rule (not expressed in the model): Quantity = number of Items.
        if members.iter().any(|(m, _, _)| m == "Quantity")
            && members.iter().any(|(m, _, _)| m == "Items")
        {
            let quantity = elements(node)
                .into_iter()
                .find(|c| c.tag_name().name() == "Quantity")
                .map(text_of);
            let count = elements(node)
                .into_iter()
                .find(|c| c.tag_name().name() == "Items")
                .map_or(0, |items| elements(items).len());
            if quantity.as_deref() != Some(count.to_string().as_str()) {
                self.errors.push(format!(
                    "{path}: Quantity {quantity:?} but {count} entries in Items"
                ));
            }
        }
    }
}

fn is_iso8601_millis(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 24
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[19] == b'.'
        && b[23] == b'Z'
        && [0..4, 5..7, 8..10, 11..13, 14..16, 17..19, 20..23]
            .into_iter()
            .all(|r| b[r].iter().all(u8::is_ascii_digit))
}

/// Walks a whole document whose root must be `root_shape`; returns the walk.
fn walk_document(
    model: &Model,
    xml: &str,
    root_shape: &str,
    allow_unknown_enum_values: bool,
) -> Walk {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    let root = doc.root_element();
    let mut walk = Walk {
        allow_unknown_enum_values,
        ..Walk::default()
    };
    if root.tag_name().name() != root_shape {
        walk.errors.push(format!(
            "root is <{}>, expected <{root_shape}>",
            root.tag_name().name()
        ));
    }
    walk.value(model, root, root_shape);
    walk
}

fn assert_conforms(model: &Model, xml: &str, root_shape: &str) -> Walk {
    let walk = walk_document(model, xml, root_shape, false);
    assert!(
        walk.errors.is_empty(),
        "{root_shape} document does not conform to the model:\n  {}\n{xml}",
        walk.errors.join("\n  ")
    );
    walk
}

// ---------------------------------------------------------------------------------------
// Canonical trees, for comparing documents
// ---------------------------------------------------------------------------------------

/// An element reduced to what matters: local name, attributes (namespace declarations
/// excluded), children; whitespace-only text, comments, processing instructions and the XML
/// declaration are dropped.
#[derive(Debug, PartialEq, Eq)]
enum Canon {
    Element {
        name: String,
        attributes: Vec<(String, String)>,
        children: Vec<Canon>,
    },
    Text(String),
}

fn canon(node: roxmltree::Node<'_, '_>) -> Canon {
    let mut children = Vec::new();
    for c in node.children() {
        if c.is_element() {
            children.push(canon(c));
        } else if c.is_text() {
            let t = c.text().unwrap_or("");
            if !t.trim().is_empty() {
                children.push(Canon::Text(t.to_string()));
            }
        }
    }
    Canon::Element {
        name: node.tag_name().name().to_string(),
        attributes: node
            .attributes()
            .map(|a| (a.name().to_string(), a.value().to_string()))
            .collect(),
        children,
    }
}

fn canonical(xml: &str) -> Canon {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    canon(doc.root_element())
}

/// Where the element named `name` sits: its parent's path and the name of the element just
/// before it (`None` when first).
fn place(xml: &str, name: &str) -> Option<(String, Option<String>)> {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    let node = doc
        .descendants()
        .find(|n| n.is_element() && n.tag_name().name() == name)?;
    let prev = node
        .prev_siblings()
        .skip(1)
        .find(|s| s.is_element())
        .map(|s| s.tag_name().name().to_string());
    Some((path_of(node.parent()?), prev))
}

// ---------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/distribution")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Replaces the one occurrence of `from` in `text` (panics when it is not exactly once, so
/// that a fixture edit cannot silently disable an injection).
fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(
        text.matches(from).count(),
        1,
        "expected exactly one {from:?} in the fixture"
    );
    text.replacen(from, to, 1)
}

// ---------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------

#[test]
fn model_is_found_and_has_the_distribution_shapes() {
    let model = model();
    let (structures, members) = model.closure(&["DistributionConfig"]);
    // The notes say 49 structures / 187 members today; the exact numbers come from the
    // model, and (c) below checks every one of them, so a model update cannot slip by.
    assert!(structures.contains("Origin") && structures.contains("CacheTagConfig"));
    assert!(members.len() >= 187, "{} members", members.len());
}

#[test]
fn fixtures_themselves_conform_to_the_model() {
    let model = model();
    assert_conforms(&model, &fixture("maximal-config.xml"), "DistributionConfig");
    assert_conforms(&model, &fixture("distribution.xml"), "Distribution");
    assert_conforms(&model, &fixture("list-page.xml"), "DistributionList");
}

#[test]
fn maximal_config_encodes_to_model_conformant_xml() {
    let model = model();
    let config = DistributionConfig::from_xml(&fixture("maximal-config.xml")).unwrap();
    let xml = config.to_xml().unwrap();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert!(xml.contains(&format!("<DistributionConfig xmlns=\"{NAMESPACE}\">")));
    assert_conforms(&model, &xml, "DistributionConfig");
    // And the written document is the fixture, element for element.
    assert_eq!(canonical(&xml), canonical(&fixture("maximal-config.xml")));
}

#[test]
fn distribution_and_list_page_encode_to_model_conformant_xml() {
    let model = model();
    let distribution = Distribution::from_xml(&fixture("distribution.xml")).unwrap();
    let xml = distribution.to_xml().unwrap();
    assert_conforms(&model, &xml, "Distribution");
    assert_eq!(canonical(&xml), canonical(&fixture("distribution.xml")));

    let page = DistributionList::from_xml(&fixture("list-page.xml")).unwrap();
    let xml = page.to_xml().unwrap();
    assert_conforms(&model, &xml, "DistributionList");
    assert_eq!(canonical(&xml), canonical(&fixture("list-page.xml")));
}

#[test]
fn every_member_of_the_closure_is_exercised_by_the_fixtures_and_written_back() {
    let model = model();
    let (structures, closure) =
        model.closure(&["DistributionConfig", "Distribution", "DistributionList"]);

    let config = DistributionConfig::from_xml(&fixture("maximal-config.xml")).unwrap();
    let distribution = Distribution::from_xml(&fixture("distribution.xml")).unwrap();
    let page = DistributionList::from_xml(&fixture("list-page.xml")).unwrap();
    // Nothing in the fixtures was unknown to the crate: every element has a field.
    assert_eq!(config.unknown_element_count(), 0);
    assert_eq!(distribution.unknown_element_count(), 0);
    assert_eq!(page.unknown_element_count(), 0);

    // Members the crate wrote back (not merely members present in the fixture files).
    let mut seen = BTreeSet::new();
    for (xml, root) in [
        (config.to_xml().unwrap(), "DistributionConfig"),
        (distribution.to_xml().unwrap(), "Distribution"),
        (page.to_xml().unwrap(), "DistributionList"),
    ] {
        seen.extend(assert_conforms(&model, &xml, root).seen);
    }

    let missing: Vec<String> = closure
        .difference(&seen)
        .map(|(s, m)| format!("{s}.{m}"))
        .collect();
    assert!(
        missing.is_empty(),
        "{} of {} members in the closure ({} structures) are not exercised:\n  {}",
        missing.len(),
        closure.len(),
        structures.len(),
        missing.join("\n  ")
    );

    // The DistributionConfig closure alone must be covered by the maximal config.
    let (_, config_closure) = model.closure(&["DistributionConfig"]);
    let config_seen = assert_conforms(&model, &config.to_xml().unwrap(), "DistributionConfig").seen;
    let missing: Vec<_> = config_closure.difference(&config_seen).collect();
    assert!(missing.is_empty(), "maximal-config.xml misses {missing:?}");
}

/// Unknown elements injected into the maximal config: (element name, after this text).
const INJECTIONS: &[(&str, &str, &str)] = &[
    // name, anchor text in the fixture, what to insert after the anchor
    (
        "FutureFirst",
        "<DistributionConfig xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\">",
        "<FutureFirst kind=\"top\">first</FutureFirst>",
    ),
    (
        "FutureRootSetting",
        "<DefaultRootObject>index.html</DefaultRootObject>",
        "<FutureRootSetting><Mode>strict</Mode><Nested><Deep attr=\"1\">v &amp; w</Deep><Deep/></Nested></FutureRootSetting>",
    ),
    (
        "FutureOriginFlag",
        "<Id>vpc-internal</Id>",
        "<FutureOriginFlag>true</FutureOriginFlag>",
    ),
    (
        "FutureAliasesMeta",
        "<Aliases>\n    <Quantity>2</Quantity>",
        "<FutureAliasesMeta>verified</FutureAliasesMeta>",
    ),
    (
        "FutureBehaviorSetting",
        "<PathPattern>/static/*</PathPattern>",
        "<FutureBehaviorSetting><Enabled>true</Enabled></FutureBehaviorSetting>",
    ),
    (
        "FutureLambdaOption",
        "<EventType>origin-response</EventType>",
        "<FutureLambdaOption>fast</FutureLambdaOption>",
    ),
    (
        "FutureGeoMeta",
        "<RestrictionType>whitelist</RestrictionType>",
        "<FutureGeoMeta>v2</FutureGeoMeta>",
    ),
    (
        "FutureParameter",
        "</member>\n      <member>",
        "<FutureParameter/>",
    ),
    (
        "FutureSchemaField",
        "<DefaultValue>tenant.example.com</DefaultValue>",
        "<FutureSchemaField>x</FutureSchemaField>",
    ),
    (
        "FutureAfterItems",
        "      </CacheBehavior>\n    </Items>",
        "<FutureAfterItems>tail</FutureAfterItems>",
    ),
    (
        "FutureLast",
        "<HeaderName>Cache-Tag</HeaderName>\n  </CacheTagConfig>",
        "<FutureLast/>",
    ),
];

fn maximal_with_unknowns() -> String {
    let mut xml = fixture("maximal-config.xml");
    for (_, anchor, insert) in INJECTIONS {
        xml = replace_once(&xml, anchor, &format!("{anchor}{insert}"));
    }
    xml
}

#[test]
fn unknown_elements_survive_at_every_depth_in_place() {
    let input = maximal_with_unknowns();
    let decoded = DistributionConfig::from_xml(&input).unwrap();
    assert_eq!(decoded.unknown_element_count(), INJECTIONS.len());
    // They were captured where they belong, not all at the root.
    assert_eq!(
        decoded.unknown.len(),
        3,
        "FutureFirst, FutureRootSetting, FutureLast"
    );
    assert_eq!(decoded.origins.items[2].unknown.len(), 1);
    assert_eq!(decoded.aliases.as_ref().unwrap().unknown.len(), 1);

    let written = decoded.to_xml().unwrap();
    assert_eq!(canonical(&written), canonical(&input));
    for (name, _, _) in INJECTIONS {
        let want = place(&input, name).expect("injected");
        assert_eq!(place(&written, name), Some(want), "{name} moved");
    }
    let again = DistributionConfig::from_xml(&written).unwrap();
    assert_eq!(again, decoded);

    // With the unknown elements removed from the tree, what is left conforms to the model:
    // the model walk reports exactly the injected names and nothing else.
    let model = model();
    let walk = walk_document(&model, &written, "DistributionConfig", false);
    assert_eq!(walk.errors.len(), INJECTIONS.len(), "{:#?}", walk.errors);
    for (name, _, _) in INJECTIONS {
        assert!(
            walk.errors.iter().any(|e| e.contains(&format!("<{name}>"))),
            "{name} not reported: {:#?}",
            walk.errors
        );
    }
}

#[test]
fn unknown_elements_survive_in_distribution_and_list_page() {
    let input = replace_once(
        &fixture("distribution.xml"),
        "<DomainName>d111111abcdef8.cloudfront.net</DomainName>",
        "<DomainName>d111111abcdef8.cloudfront.net</DomainName><FutureTopLevel>1</FutureTopLevel>",
    );
    let input = replace_once(
        &input,
        "<ICPRecordalStatus>APPROVED</ICPRecordalStatus>\n    </AliasICPRecordal>",
        "<ICPRecordalStatus>APPROVED</ICPRecordalStatus>\n    </AliasICPRecordal><FutureRecordal/>",
    );
    let d = Distribution::from_xml(&input).unwrap();
    assert_eq!(d.unknown_element_count(), 2);
    assert_eq!(canonical(&d.to_xml().unwrap()), canonical(&input));

    let input = replace_once(
        &fixture("list-page.xml"),
        "<IsTruncated>true</IsTruncated>",
        "<IsTruncated>true</IsTruncated><FuturePaging>v</FuturePaging>",
    );
    let input = replace_once(
        &input,
        "<ETag>E1QSDF45TGQ5NB</ETag>",
        "<ETag>E1QSDF45TGQ5NB</ETag><FutureSummaryField>x</FutureSummaryField>",
    );
    let page = DistributionList::from_xml(&input).unwrap();
    assert_eq!(page.unknown_element_count(), 2);
    let written = page.to_xml().unwrap();
    assert_eq!(canonical(&written), canonical(&input));
    assert_eq!(
        place(&written, "FuturePaging"),
        Some((
            "DistributionList".to_string(),
            Some("IsTruncated".to_string())
        ))
    );
}

#[test]
fn unknown_enum_values_round_trip_unchanged() {
    let mut input = fixture("maximal-config.xml");
    let swaps = [
        (
            "<ViewerProtocolPolicy>redirect-to-https<",
            "<ViewerProtocolPolicy>quic-only<",
        ),
        (
            "<PriceClass>PriceClass_100<",
            "<PriceClass>PriceClass_Moon<",
        ),
        (
            "<Method>OPTIONS</Method>\n      </Items>",
            "<Method>QUERY</Method>\n      </Items>",
        ),
        ("<SslProtocol>TLSv1.1<", "<SslProtocol>TLSv1.3<"),
        ("<HttpVersion>http2and3<", "<HttpVersion>http4<"),
        (
            "<MinimumProtocolVersion>TLSv1.2_2021<",
            "<MinimumProtocolVersion>TLSv1.3_2031<",
        ),
        ("<ConnectionMode>tenant-only<", "<ConnectionMode>mesh<"),
        (
            "<EventType>viewer-request</EventType>\n        </FunctionAssociation>\n      </Items>\n    </FunctionAssociations>\n    <FieldLevelEncryptionId>",
            "<EventType>edge-compute</EventType>\n        </FunctionAssociation>\n      </Items>\n    </FunctionAssociations>\n    <FieldLevelEncryptionId>",
        ),
    ];
    for (from, to) in swaps {
        input = replace_once(&input, from, to);
    }
    let config = DistributionConfig::from_xml(&input).unwrap();
    let dcb = &config.default_cache_behavior;
    assert_eq!(
        dcb.viewer_protocol_policy,
        ViewerProtocolPolicy::Other("quic-only".into())
    );
    assert_eq!(
        config.price_class,
        Some(PriceClass::Other("PriceClass_Moon".into()))
    );
    assert_eq!(
        dcb.allowed_methods.as_ref().unwrap().items[2],
        Method::Other("QUERY".into())
    );
    let custom = config.origins.items[1]
        .custom_origin_config
        .as_ref()
        .unwrap();
    assert_eq!(
        custom.origin_ssl_protocols.as_ref().unwrap().items[0],
        SslProtocol::Other("TLSv1.3".into())
    );
    assert_eq!(
        config.http_version,
        Some(HttpVersion::Other("http4".into()))
    );
    assert_eq!(
        config
            .viewer_certificate
            .as_ref()
            .unwrap()
            .minimum_protocol_version,
        Some(MinimumProtocolVersion::Other("TLSv1.3_2031".into()))
    );
    assert_eq!(config.unknown_element_count(), 0);

    let written = config.to_xml().unwrap();
    assert_eq!(canonical(&written), canonical(&input));
    for (_, to) in swaps {
        let value = to.split('>').nth(1).unwrap().split('<').next().unwrap();
        assert!(written.contains(value), "{value} lost");
    }
    // Structure is still model-conformant; only enum values are new.
    let walk = walk_document(&model(), &written, "DistributionConfig", true);
    assert!(walk.errors.is_empty(), "{:#?}", walk.errors);
}

#[test]
fn constructors_produce_model_conformant_configs() {
    let model = model();
    let configs = [
        DistributionConfig::new(Origin::s3("mybucket.s3.amazonaws.com"))
            .with_caller_reference("0b6c3f5e-3f43-4a8e-9d1e-4b1c2f0a9e77"),
        DistributionConfig::new(Origin::custom("www.example.com"))
            .with_caller_reference("ref-2")
            .comment("custom origin")
            .alias("cdn.example.com")
            .enabled(false),
        DistributionConfig::new(
            Origin::s3("b.s3.amazonaws.com")
                .with_id("s3")
                .origin_path("/site")
                .origin_access_control_id("E2T5YVBQ7MXSJC")
                .custom_header("X-From-CloudFront", "1"),
        ),
    ];
    for config in configs {
        let xml = config.to_xml().unwrap();
        let walk = assert_conforms(&model, &xml, "DistributionConfig");
        // The minimal config uses no deprecated member.
        for deprecated in ["ForwardedValues", "MinTTL", "DefaultTTL", "MaxTTL"] {
            assert!(
                !walk
                    .seen
                    .contains(&("DefaultCacheBehavior".to_string(), deprecated.to_string())),
                "{deprecated} written"
            );
        }
        assert_eq!(DistributionConfig::from_xml(&xml).unwrap(), config);
    }
}

#[test]
fn closure_member_counts_are_reported() {
    // Not an assertion on fixed numbers (the model grows); prints what the tests cover.
    let model = model();
    let mut counts = BTreeMap::new();
    for root in [
        "DistributionConfig",
        "Distribution",
        "DistributionSummary",
        "DistributionList",
    ] {
        let (s, m) = model.closure(&[root]);
        counts.insert(root, (s.len(), m.len()));
    }
    eprintln!("closure sizes (structures, members): {counts:?}");
    assert!(counts["Distribution"].1 > counts["DistributionConfig"].1);
}

#[test]
fn other_request_bodies_conform_to_the_model() {
    // Every body this crate sends besides DistributionConfig: invalidation batches, tags,
    // tag keys, and the create-with-tags wrapper.
    let model = model();
    let batch = cloudfront::InvalidationBatch::new(["/index.html", "/img/*", "/a b?lang=en"])
        .unwrap()
        .to_xml()
        .unwrap();
    let walk = assert_conforms(&model, &batch, "InvalidationBatch");
    assert!(walk.errors.is_empty());

    let tags = cloudfront::Tags::new([("env", "prod"), ("team", "web")]).unwrap();
    let tags_xml = cloudfront::xml::structure::to_xml(&tags, "Tags").unwrap();
    assert_conforms(&model, &tags_xml, "Tags");
    assert_eq!(
        cloudfront::resources::tagging::decode_tags(&tags_xml).unwrap(),
        tags
    );

    let keys = cloudfront::resources::tagging::TagKeys {
        items: Some(vec!["env".to_string()].into()),
        unknown: Default::default(),
    };
    assert_conforms(
        &model,
        &cloudfront::xml::structure::to_xml(&keys, "TagKeys").unwrap(),
        "TagKeys",
    );

    let with_tags = cloudfront::resources::tagging::DistributionConfigWithTags {
        distribution_config: DistributionConfig::new(cloudfront::Origin::s3(
            "mybucket.s3.amazonaws.com",
        ))
        .with_caller_reference("ref-1"),
        tags,
        unknown: Default::default(),
    };
    assert_conforms(
        &model,
        &cloudfront::xml::structure::to_xml(&with_tags, "DistributionConfigWithTags").unwrap(),
        "DistributionConfigWithTags",
    );
}

// ---------------------------------------------------------------------------------------
// Origin access controls and origin access identities
// ---------------------------------------------------------------------------------------

/// The response body of a fixture exchange under `fixtures/`.
fn exchange_body(path: &str) -> String {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(path);
    let ex = cloudfront::transport::Exchange::from_file(&file)
        .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    String::from_utf8(ex.response_body).expect("UTF-8 body")
}

/// The values of an enumeration shape, in model order.
fn enum_values(model: &Model, shape: &str) -> Vec<String> {
    model.shape(shape)["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("{shape} is not an enumeration"))
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn origin_access_request_bodies_conform_to_the_model() {
    use cloudfront::resources::origin_access_control::{
        OriginAccessControlOriginType, OriginAccessControlSigningBehavior,
        OriginAccessControlSigningProtocol,
    };
    use cloudfront::{OriginAccessControlConfig, OriginAccessIdentityConfig};

    let model = model();

    // The enumerations know exactly the model's values, in its order.
    assert_eq!(
        OriginAccessControlSigningProtocol::KNOWN_VALUES,
        enum_values(&model, "OriginAccessControlSigningProtocols")
    );
    assert_eq!(
        OriginAccessControlSigningBehavior::KNOWN_VALUES,
        enum_values(&model, "OriginAccessControlSigningBehaviors")
    );
    assert_eq!(
        OriginAccessControlOriginType::KNOWN_VALUES,
        enum_values(&model, "OriginAccessControlOriginTypes")
    );

    // The OAC config this crate sends: with and without the optional Description, and with
    // every enumeration value.
    let full = OriginAccessControlConfig::s3("site-oac").description("site bucket");
    let walk = assert_conforms(&model, &full.to_xml().unwrap(), "OriginAccessControlConfig");
    let members: BTreeSet<(String, String)> = model
        .members("OriginAccessControlConfig")
        .into_iter()
        .map(|(m, _, _)| ("OriginAccessControlConfig".to_string(), m))
        .collect();
    assert_eq!(walk.seen, members, "every member written");
    assert_conforms(
        &model,
        &OriginAccessControlConfig::s3("no-description")
            .to_xml()
            .unwrap(),
        "OriginAccessControlConfig",
    );
    for protocol in OriginAccessControlSigningProtocol::KNOWN_VALUES {
        for behavior in OriginAccessControlSigningBehavior::KNOWN_VALUES {
            for origin_type in OriginAccessControlOriginType::KNOWN_VALUES {
                let config = OriginAccessControlConfig::new("n", (*origin_type).into())
                    .signing_protocol((*protocol).into())
                    .signing_behavior((*behavior).into());
                let xml = config.to_xml().unwrap();
                assert_conforms(&model, &xml, "OriginAccessControlConfig");
                assert_eq!(OriginAccessControlConfig::from_xml(&xml).unwrap(), config);
            }
        }
    }

    // The OAI config this crate sends (root: the payload's locationName).
    let oai = OriginAccessIdentityConfig::new("site bucket")
        .with_caller_reference("0b6c3f5e-3f43-4a8e-9d1e-4b1c2f0a9e77");
    let xml = oai.to_xml().unwrap();
    let walk = assert_conforms(&model, &xml, "CloudFrontOriginAccessIdentityConfig");
    assert_eq!(walk.seen.len(), 2, "CallerReference and Comment");
    assert_eq!(OriginAccessIdentityConfig::from_xml(&xml).unwrap(), oai);
    // An empty comment is still sent: Comment is required.
    assert_conforms(
        &model,
        &OriginAccessIdentityConfig::new("")
            .with_caller_reference("r")
            .to_xml()
            .unwrap(),
        "CloudFrontOriginAccessIdentityConfig",
    );
}

#[test]
fn every_member_of_the_origin_access_shapes_is_handled() {
    use cloudfront::resources::origin_access_control::OriginAccessControlList;
    use cloudfront::resources::origin_access_identity::OriginAccessIdentityList;
    use cloudfront::{OriginAccessControl, OriginAccessIdentity};

    let model = model();
    let roots = [
        "OriginAccessControl",
        "OriginAccessControlList",
        "CloudFrontOriginAccessIdentity",
        "CloudFrontOriginAccessIdentityList",
    ];
    let (structures, closure) = model.closure(&roots);
    for s in [
        "OriginAccessControlConfig",
        "OriginAccessControlSummary",
        "CloudFrontOriginAccessIdentityConfig",
        "CloudFrontOriginAccessIdentitySummary",
    ] {
        assert!(structures.contains(s), "{s} is in the closure");
    }

    // The fixtures' documents (a full control, a listing page with NextMarker and Items, a
    // full identity, an identity listing page) conform, decode with nothing unknown, and are
    // written back by the crate with every member of the closure.
    let oac_xml = exchange_body("origin-access-control/update-precondition-failed/001-get.http");
    let oac_list_xml = exchange_body("origin-access-control/list-pages/002-list-page-2.http");
    let oai_xml = exchange_body("origin-access-identity/get/001-get.http");
    let oai_list_xml = exchange_body("origin-access-identity/list-pages/001-list-page-1.http");
    for (xml, root) in [
        (&oac_xml, roots[0]),
        (&oac_list_xml, roots[1]),
        (&oai_xml, roots[2]),
        (&oai_list_xml, roots[3]),
    ] {
        assert_conforms(&model, xml, root);
    }

    let oac = OriginAccessControl::from_xml(&oac_xml).unwrap();
    let oac_list = OriginAccessControlList::from_xml(&oac_list_xml).unwrap();
    let oai = OriginAccessIdentity::from_xml(&oai_xml).unwrap();
    let oai_list = OriginAccessIdentityList::from_xml(&oai_list_xml).unwrap();
    assert_eq!(oac.unknown_element_count(), 0);
    assert_eq!(oac_list.unknown_element_count(), 0);
    assert_eq!(oai.unknown_element_count(), 0);
    assert_eq!(oai_list.unknown_element_count(), 0);

    let mut seen = BTreeSet::new();
    for (xml, root) in [
        (oac.to_xml().unwrap(), roots[0]),
        (oac_list.to_xml().unwrap(), roots[1]),
        (oai.to_xml().unwrap(), roots[2]),
        (oai_list.to_xml().unwrap(), roots[3]),
    ] {
        seen.extend(assert_conforms(&model, &xml, root).seen);
    }
    let missing: Vec<String> = closure
        .difference(&seen)
        .map(|(s, m)| format!("{s}.{m}"))
        .collect();
    assert!(
        missing.is_empty(),
        "{} of {} members of the origin access shapes are not handled:\n  {}",
        missing.len(),
        closure.len(),
        missing.join("\n  ")
    );

    // And the written documents are the fixtures', element for element.
    assert_eq!(canonical(&oac.to_xml().unwrap()), canonical(&oac_xml));
    assert_eq!(
        canonical(&oac_list.to_xml().unwrap()),
        canonical(&oac_list_xml)
    );
    assert_eq!(canonical(&oai.to_xml().unwrap()), canonical(&oai_xml));
    assert_eq!(
        canonical(&oai_list.to_xml().unwrap()),
        canonical(&oai_list_xml)
    );
}
