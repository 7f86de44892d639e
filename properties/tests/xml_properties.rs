//! Property tests of the XML layer: random configurations and hostile strings round-trip,
//! characters XML 1.0 cannot carry are refused before anything is sent, and every list's
//! `Quantity` equals its item count.

use std::sync::Arc;

use cloudfront::resources::distribution::{
    CacheBehavior, CustomErrorResponse, CustomErrorResponses, CustomHeaders, HttpVersion,
    LoggingConfig, OriginCustomHeader, OriginProtocolPolicy, PriceClass, S3OriginConfig,
    ViewerProtocolPolicy,
};
use cloudfront::transport::MockTransport;
use cloudfront::{
    Client, Credentials, DistributionConfig, Error, InvalidationBatch, Origin, RetryPolicy,
};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

/// What XML 1.0 can carry (the `Char` production; surrogates cannot occur in `str`).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Strings built from pieces that break naive XML writers and readers: markup characters,
/// CDATA terminators, entity look-alikes, quotes, every kind of white space XML keeps (and
/// `\r`, which parsers normalize unless escaped), non-ASCII, plus any other XML character.
fn nasty() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("]]>".to_string()),
        Just("<![CDATA[".to_string()),
        Just("&".to_string()),
        Just("&amp;".to_string()),
        Just("&#13;".to_string()),
        Just("<".to_string()),
        Just(">".to_string()),
        Just("<a>".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just(" ".to_string()),
        Just("\t".to_string()),
        Just("\n".to_string()),
        Just("\r".to_string()),
        Just("\r\n".to_string()),
        Just("é€😀".to_string()),
        Just("\u{FFFD}\u{E000}\u{10FFFF}".to_string()),
        "[a-z0-9./*-]{1,8}",
        any::<char>()
            .prop_filter("XML 1.0 character", |c| is_xml_char(*c))
            .prop_map(String::from),
    ];
    vec(piece, 0..8).prop_map(|pieces| pieces.concat())
}

/// A character XML 1.0 cannot carry.
fn forbidden_char() -> impl Strategy<Value = char> {
    prop_oneof![
        (0u32..0x20)
            .prop_filter("not tab, LF or CR", |c| ![9, 10, 13].contains(c))
            .prop_map(|c| char::from_u32(c).expect("below 0x20 is a valid char")),
        Just('\u{FFFE}'),
        Just('\u{FFFF}'),
    ]
}

/// An enum value: a known one or anything else (kept as `Other`).
fn enum_text(known: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(known).prop_map(String::from),
        nasty()
    ]
}

prop_compose! {
    fn custom_header()(name in nasty(), value in nasty()) -> OriginCustomHeader {
        OriginCustomHeader { header_name: name, header_value: value, ..Default::default() }
    }
}

prop_compose! {
    fn origin()(
        id in nasty(),
        domain in nasty(),
        path in option::of(nasty()),
        headers in option::of(vec(custom_header(), 0..4)),
        custom in any::<bool>(),
        oai in nasty(),
        ports in (any::<i32>(), any::<i32>()),
        policy in enum_text(&["http-only", "match-viewer", "https-only"]),
        attempts in option::of(any::<i32>()),
        oac in option::of(nasty()),
    ) -> Origin {
        let mut o = if custom { Origin::custom(domain) } else { Origin::s3(domain) };
        o.id = id;
        o.origin_path = path;
        o.custom_headers = headers.map(CustomHeaders::from);
        o.connection_attempts = attempts;
        o.origin_access_control_id = oac;
        if let Some(c) = o.custom_origin_config.as_mut() {
            c.http_port = ports.0;
            c.https_port = ports.1;
            c.origin_protocol_policy = OriginProtocolPolicy::from(policy);
        }
        if let Some(s3) = o.s3_origin_config.as_mut() {
            s3.origin_access_identity = oai;
        }
        o
    }
}

prop_compose! {
    fn cache_behavior()(
        pattern in nasty(),
        target in nasty(),
        viewer in enum_text(&["allow-all", "https-only", "redirect-to-https"]),
        compress in option::of(any::<bool>()),
        smooth in option::of(any::<bool>()),
        policy in option::of(nasty()),
        ttls in (option::of(any::<i64>()), option::of(any::<i64>()), option::of(any::<i64>())),
        realtime in option::of(nasty()),
    ) -> CacheBehavior {
        let mut b = CacheBehavior::new(pattern, target);
        b.viewer_protocol_policy = ViewerProtocolPolicy::from(viewer);
        b.compress = compress;
        b.smooth_streaming = smooth;
        b.cache_policy_id = policy;
        (b.min_ttl, b.default_ttl, b.max_ttl) = ttls;
        b.realtime_log_config_arn = realtime;
        b
    }
}

prop_compose! {
    fn error_response()(
        code in any::<i32>(),
        page in option::of(nasty()),
        response_code in option::of(nasty()),
        ttl in option::of(any::<i64>()),
    ) -> CustomErrorResponse {
        CustomErrorResponse {
            error_code: code,
            response_page_path: page,
            response_code,
            error_caching_min_ttl: ttl,
            ..Default::default()
        }
    }
}

prop_compose! {
    fn logging()(
        enabled in option::of(any::<bool>()),
        cookies in option::of(any::<bool>()),
        bucket in option::of(nasty()),
        prefix in option::of(nasty()),
    ) -> LoggingConfig {
        LoggingConfig { enabled, include_cookies: cookies, bucket, prefix, ..Default::default() }
    }
}

prop_compose! {
    fn scalars()(
        caller_reference in nasty(),
        comment in nasty(),
        enabled in any::<bool>(),
        default_root_object in option::of(nasty()),
        web_acl_id in option::of(nasty()),
        price_class in option::of(enum_text(&["PriceClass_100", "PriceClass_200", "PriceClass_All", "None"])),
        http_version in option::of(enum_text(&["http1.1", "http2", "http3", "http2and3"])),
        is_ipv6_enabled in option::of(any::<bool>()),
        staging in option::of(any::<bool>()),
        ids in (option::of(nasty()), option::of(nasty())),
    ) -> (String, String, bool, Option<String>, Option<String>, Option<String>, Option<String>, Option<bool>, Option<bool>, (Option<String>, Option<String>)) {
        (caller_reference, comment, enabled, default_root_object, web_acl_id, price_class, http_version, is_ipv6_enabled, staging, ids)
    }
}

prop_compose! {
    fn config()(
        s in scalars(),
        aliases in option::of(vec(nasty(), 0..5)),
        origins in vec(origin(), 1..4),
        default_target in nasty(),
        behaviors in option::of(vec(cache_behavior(), 0..4)),
        errors in option::of(vec(error_response(), 0..4)),
        logging in option::of(logging()),
    ) -> DistributionConfig {
        let mut origins = origins.into_iter();
        let first = origins.next().expect("vec(origin(), 1..4) has at least one");
        let mut c = DistributionConfig::new(first);
        for o in origins {
            c = c.origin(o);
        }
        c.default_cache_behavior.target_origin_id = default_target;
        c.caller_reference = s.0;
        c.comment = s.1;
        c.enabled = s.2;
        c.default_root_object = s.3;
        c.web_acl_id = s.4;
        c.price_class = s.5.map(PriceClass::from);
        c.http_version = s.6.map(HttpVersion::from);
        c.is_ipv6_enabled = s.7;
        c.staging = s.8;
        (c.continuous_deployment_policy_id, c.anycast_ip_list_id) = s.9;
        c.aliases = aliases.map(Into::into);
        c.cache_behaviors = behaviors.map(Into::into);
        c.custom_error_responses = errors.map(CustomErrorResponses::from);
        c.logging = logging;
        c
    }
}

/// Mutable references to every text field of the generated subset that `config()` filled.
fn text_fields(c: &mut DistributionConfig) -> Vec<&mut String> {
    let mut out: Vec<&mut String> = vec![&mut c.caller_reference, &mut c.comment];
    out.extend(c.default_root_object.as_mut());
    out.extend(c.web_acl_id.as_mut());
    out.extend(c.continuous_deployment_policy_id.as_mut());
    out.extend(c.anycast_ip_list_id.as_mut());
    if let Some(a) = c.aliases.as_mut() {
        out.extend(a.items.iter_mut());
    }
    for o in c.origins.items.iter_mut() {
        out.push(&mut o.id);
        out.push(&mut o.domain_name);
        out.extend(o.origin_path.as_mut());
        out.extend(o.origin_access_control_id.as_mut());
        if let Some(h) = o.custom_headers.as_mut() {
            for h in h.items.iter_mut() {
                out.push(&mut h.header_name);
                out.push(&mut h.header_value);
            }
        }
        if let Some(S3OriginConfig {
            origin_access_identity,
            ..
        }) = o.s3_origin_config.as_mut()
        {
            out.push(origin_access_identity);
        }
    }
    out.push(&mut c.default_cache_behavior.target_origin_id);
    out.extend(c.default_cache_behavior.cache_policy_id.as_mut());
    if let Some(b) = c.cache_behaviors.as_mut() {
        for b in b.items.iter_mut() {
            out.push(&mut b.path_pattern);
            out.push(&mut b.target_origin_id);
            out.extend(b.cache_policy_id.as_mut());
            out.extend(b.realtime_log_config_arn.as_mut());
        }
    }
    if let Some(e) = c.custom_error_responses.as_mut() {
        for e in e.items.iter_mut() {
            out.extend(e.response_page_path.as_mut());
            out.extend(e.response_code.as_mut());
        }
    }
    if let Some(l) = c.logging.as_mut() {
        out.extend(l.bucket.as_mut());
        out.extend(l.prefix.as_mut());
    }
    out
}

/// Checks every `<Quantity>` in `xml` against the element children of its sibling `<Items>`
/// (none when `Items` is absent). Returns how many lists were checked.
fn check_quantities(xml: &str) -> Result<usize, TestCaseError> {
    let doc = roxmltree::Document::parse(xml)
        .map_err(|e| TestCaseError::fail(format!("encoder wrote malformed XML: {e}")))?;
    let mut lists = 0;
    for q in doc.descendants().filter(|n| n.has_tag_name("Quantity")) {
        let parent = q.parent_element().expect("Quantity is never the root");
        let stated: usize =
            q.text().unwrap_or("").parse().map_err(|_| {
                TestCaseError::fail(format!("Quantity {:?} is not a count", q.text()))
            })?;
        let items = parent
            .children()
            .find(|n| n.has_tag_name("Items"))
            .map_or(0, |items| {
                items.children().filter(|n| n.is_element()).count()
            });
        prop_assert_eq!(stated, items, "in <{}>", parent.tag_name().name());
        lists += 1;
    }
    Ok(lists)
}

fn offline_client(mock: &Arc<MockTransport>) -> Client {
    Client::builder()
        .credentials(Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        ))
        .shared_transport(mock.clone())
        .retry(RetryPolicy::none())
        .build()
        .expect("valid builder")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Random configurations (top-level scalars, aliases, origins with custom headers, cache
    /// behaviors, custom error responses, logging; optional members randomly present)
    /// encode, and decode back to the same value.
    #[test]
    fn random_configs_round_trip(config in config()) {
        let xml = config.to_xml().expect("generated text holds only XML characters");
        let back = DistributionConfig::from_xml(&xml)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{xml}")))?;
        prop_assert_eq!(back, config);
    }

    /// One hostile string in every text field of the subset at once survives the round trip
    /// unchanged: markup, `]]>`, `&`, quotes, leading/trailing spaces, tabs, newlines, `\r`.
    #[test]
    fn hostile_strings_survive_in_every_text_field(mut config in config(), s in nasty()) {
        for field in text_fields(&mut config) {
            *field = s.clone();
        }
        let xml = config.to_xml().expect("XML characters only");
        let back = DistributionConfig::from_xml(&xml)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{xml}")))?;
        prop_assert_eq!(&back.comment, &s);
        prop_assert_eq!(&back.origins.items[0].domain_name, &s);
        prop_assert_eq!(back, config);
    }

    /// A character XML 1.0 cannot carry, in any text field, makes `to_xml` fail with a typed
    /// `InvalidInput` naming the character.
    #[test]
    fn characters_xml_cannot_carry_are_refused(
        mut config in config(),
        bad in forbidden_char(),
        field in any::<proptest::sample::Index>(),
        (before, after) in (nasty(), nasty()),
    ) {
        let mut fields = text_fields(&mut config);
        let i = field.index(fields.len());
        *fields[i] = format!("{before}{bad}{after}");
        let err = config.to_xml().expect_err("a forbidden character must be refused");
        let code = format!("U+{:04X}", bad as u32);
        prop_assert!(err.message.contains(&code), "{}", err);
    }

    /// ... and so `create_distribution` refuses it before any request is sent.
    #[test]
    fn create_distribution_with_a_forbidden_character_sends_nothing(
        bad in forbidden_char(),
        (before, after) in (nasty(), nasty()),
    ) {
        let mock = Arc::new(MockTransport::new());
        let client = offline_client(&mock);
        let config = DistributionConfig::new(Origin::s3("bucket.s3.amazonaws.com"))
            .comment(format!("{before}{bad}{after}"));
        match client.create_distribution(config) {
            Err(Error::InvalidInput(e)) => prop_assert!(e.message.contains("Comment"), "{}", e),
            other => prop_assert!(false, "expected InvalidInput, got {:?}", other),
        }
        prop_assert_eq!(mock.requests().len(), 0);
    }

    /// Every list the encoder writes has `Quantity` equal to its item count.
    #[test]
    fn encoded_quantity_equals_item_count(config in config()) {
        let xml = config.to_xml().expect("XML characters only");
        let lists = check_quantities(&xml)?;
        // Origins are always there; the rest depend on the draw.
        prop_assert!(lists >= 1);
    }

    /// The same holds for invalidation batches (duplicate paths are merged by `new`), which
    /// also round-trip. The paths are drawn from what the crate accepts (no `~`), so every
    /// case is a real one: a refusal here fails the test.
    #[test]
    fn invalidation_batch_quantity_and_round_trip(
        paths in vec("/[a-zA-Z0-9 ._-]{0,12}", 1..40),
        reference in nasty(),
    ) {
        let batch = InvalidationBatch::new(&paths)
            .map_err(|e| TestCaseError::fail(format!("valid paths refused: {e}")))?
            .with_caller_reference(reference);
        let xml = batch.to_xml().expect("XML characters only");
        prop_assert_eq!(check_quantities(&xml)?, 1);
        let back = InvalidationBatch::from_xml(&xml)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{xml}")))?;
        prop_assert_eq!(back, batch);
    }

    /// A batch with a `~` (or its `%7E` form) in any one path is refused with the typed
    /// error naming the path, whatever the other paths are.
    #[test]
    fn invalidation_batch_with_a_tilde_is_refused(
        mut paths in vec("/[a-zA-Z0-9 ._-]{0,12}", 1..40),
        index in any::<proptest::sample::Index>(),
        tilde in prop_oneof![Just("~"), Just("%7E"), Just("%7e")],
        (before, after) in ("[a-z0-9/._-]{0,6}", "[a-z0-9/._-]{0,6}"),
    ) {
        let i = index.index(paths.len());
        let bad = format!("/{before}{tilde}{after}");
        paths[i] = bad.clone();
        let err: cloudfront::InvalidInput = match InvalidationBatch::new(&paths) {
            Err(e) => e,
            Ok(b) => return Err(TestCaseError::fail(format!("accepted {:?}", b.paths))),
        };
        prop_assert!(err.message.contains("contains '~'"), "{}", err);
        prop_assert!(err.message.contains(&format!("{bad:?}")), "{}", err);
    }
}

/// A plain example of the refusal, with the exact path in the message.
#[test]
fn create_distribution_with_a_bell_in_the_comment_is_invalid_input_and_sends_nothing() {
    let mock = Arc::new(MockTransport::new());
    let client = offline_client(&mock);
    let config =
        DistributionConfig::new(Origin::s3("bucket.s3.amazonaws.com")).comment("ding\u{7}");
    let err = client.create_distribution(config).unwrap_err();
    match &err {
        Error::InvalidInput(e) => {
            assert!(e.message.contains("DistributionConfig/Comment"), "{e}");
            assert!(e.message.contains("U+0007"), "{e}");
        }
        other => panic!("expected InvalidInput, got {other:?}"),
    }
    assert!(mock.requests().is_empty());
}

/// U+FFFE and U+FFFF (noncharacters XML 1.0 excludes) in a custom origin header value.
#[test]
fn noncharacters_in_an_origin_header_are_refused() {
    for bad in ['\u{FFFE}', '\u{FFFF}'] {
        let origin = Origin::custom("www.example.com").custom_header("X-Secret", format!("a{bad}"));
        let err = DistributionConfig::new(origin).to_xml().unwrap_err();
        assert!(err.message.contains("HeaderValue"), "{err}");
        assert!(
            err.message.contains(&format!("U+{:04X}", bad as u32)),
            "{err}"
        );
    }
}
