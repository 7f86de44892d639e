//! Invalidation types (pure; no I/O). Their XML goes through the generated wire
//! declarations (`crate::model::invalidation`): these types convert from and to them.

use std::fmt;

use crate::encoding::{INVALIDATION_PATH, push_percent_encoded};
use crate::error::{DecodeError, InvalidInput};
use crate::ids::{DistributionId, InvalidationId};
use crate::model::invalidation as wire;
#[cfg(test)]
use crate::paging::Page;
use crate::timestamp::Timestamp;

/// The status of an invalidation. Compared case-insensitively (moto answers `COMPLETED`,
/// CloudFront `Completed`); a value this crate does not know is kept as [`InvalidationStatus::Other`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvalidationStatus {
    /// `InProgress`: CloudFront is still removing the objects from edge caches.
    InProgress,
    /// `Completed`.
    Completed,
    /// Any other value, exactly as received.
    Other(String),
}

impl InvalidationStatus {
    /// Parses a status, ignoring ASCII case.
    pub fn parse(s: &str) -> Self {
        if s.eq_ignore_ascii_case("Completed") {
            InvalidationStatus::Completed
        } else if s.eq_ignore_ascii_case("InProgress") {
            InvalidationStatus::InProgress
        } else {
            InvalidationStatus::Other(s.to_string())
        }
    }

    /// The status as CloudFront spells it (unknown values as received).
    pub fn as_str(&self) -> &str {
        match self {
            InvalidationStatus::InProgress => "InProgress",
            InvalidationStatus::Completed => "Completed",
            InvalidationStatus::Other(s) => s,
        }
    }

    /// True for `Completed`.
    pub fn is_completed(&self) -> bool {
        *self == InvalidationStatus::Completed
    }
}

impl fmt::Display for InvalidationStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&str> for InvalidationStatus {
    fn from(s: &str) -> Self {
        InvalidationStatus::parse(s)
    }
}

/// What to invalidate: paths (already encoded, see [`encode_path`]) and a caller reference
/// that makes the request idempotent.
///
/// ```
/// use cloudfront::InvalidationBatch;
///
/// let batch = InvalidationBatch::new(["/index.html", "/img/*"])?
///     .with_caller_reference("deploy-2026-11-24-01");
/// let xml = batch.to_xml()?;
/// assert!(xml.contains("<Paths><Quantity>2</Quantity><Items><Path>/index.html</Path><Path>/img/*</Path></Items></Paths>"));
/// # Ok::<(), cloudfront::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidationBatch {
    /// Encoded paths (or `#tag` cache tags), without duplicates.
    pub paths: Vec<String>,
    /// Unique per batch; a uuid v4 unless set. Resending the same reference with the same
    /// paths returns the original invalidation instead of creating a new one.
    pub caller_reference: String,
}

impl InvalidationBatch {
    /// A batch of `paths`, each validated and encoded with [`encode_path`], duplicates
    /// removed (first occurrence kept), with a fresh uuid v4 caller reference.
    pub fn new<I, S>(paths: I) -> Result<Self, InvalidInput>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut out: Vec<String> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for p in paths {
            let encoded = encode_path(p.as_ref())?;
            if seen.insert(encoded.clone()) {
                out.push(encoded);
            }
        }
        if out.is_empty() {
            return Err(InvalidInput::new("an invalidation needs at least one path"));
        }
        Ok(InvalidationBatch {
            paths: out,
            caller_reference: crate::random::uuid_v4().to_string(),
        })
    }

    /// Sets the caller reference (to make a retry from another process idempotent).
    pub fn with_caller_reference(mut self, reference: impl Into<String>) -> Self {
        self.caller_reference = reference.into();
        self
    }

    /// The request body: `<InvalidationBatch>` in CloudFront's namespace.
    pub fn to_xml(&self) -> Result<String, InvalidInput> {
        self.to_wire().to_xml()
    }

    /// The batch as the generated wire type.
    pub(crate) fn to_wire(&self) -> wire::InvalidationBatch {
        wire::InvalidationBatch {
            paths: wire::Paths::new(self.paths.clone()),
            caller_reference: self.caller_reference.clone(),
            unknown: Default::default(),
        }
    }

    pub(crate) fn from_wire(batch: wire::InvalidationBatch) -> Self {
        InvalidationBatch {
            paths: batch.paths.items,
            caller_reference: batch.caller_reference,
        }
    }

    /// Parses an `<InvalidationBatch>` document.
    pub fn from_xml(xml: &str) -> Result<Self, DecodeError> {
        Ok(Self::from_wire(wire::InvalidationBatch::from_xml(xml)?))
    }

    /// How many paths end with the `*` wildcard (they count against a separate quota).
    pub fn wildcard_count(&self) -> usize {
        self.paths.iter().filter(|p| is_wildcard(p)).count()
    }
}

/// Whether an (encoded, validated) path is a wildcard path: one that ends with `*`. The
/// query string is part of the invalidation path, so `/page?lang=*` is one too and counts
/// against the wildcard quota.
pub(crate) fn is_wildcard(path: &str) -> bool {
    !path.starts_with('#') && path.ends_with('*')
}

/// The longest invalidation path CloudFront accepts, in characters (as sent, encoded).
pub const MAX_PATH_LEN: usize = 4000;

/// An invalidation as CloudFront reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalidation {
    /// The invalidation id, e.g. `I2J0I21PCUYOIK`.
    pub id: InvalidationId,
    /// `InProgress` or `Completed`.
    pub status: InvalidationStatus,
    /// When it was created.
    pub create_time: Timestamp,
    /// What it invalidates.
    pub batch: InvalidationBatch,
}

impl Invalidation {
    /// Parses an `<Invalidation>` document (the body of CreateInvalidation and GetInvalidation).
    pub fn from_xml(xml: &str) -> Result<Self, DecodeError> {
        Ok(Self::from_wire(wire::Invalidation::from_xml(xml)?))
    }

    pub(crate) fn from_wire(inv: wire::Invalidation) -> Self {
        Invalidation {
            id: InvalidationId::new(inv.id),
            status: InvalidationStatus::parse(&inv.status),
            create_time: inv.create_time,
            batch: InvalidationBatch::from_wire(inv.invalidation_batch),
        }
    }
}

/// One entry of an invalidation listing. Keeps the distribution it belongs to, so it can
/// lead to the full invalidation or the distribution (see [`crate::Client::invalidations`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidationSummary {
    /// The invalidation id.
    pub id: InvalidationId,
    /// When it was created.
    pub create_time: Timestamp,
    /// `InProgress` or `Completed`.
    pub status: InvalidationStatus,
    /// The distribution it was listed under (not part of the XML; set by the listing).
    pub distribution_id: DistributionId,
}

impl InvalidationSummary {
    /// A listing entry of the distribution `distribution_id`.
    pub(crate) fn from_wire(summary: wire::InvalidationSummary, distribution_id: &str) -> Self {
        InvalidationSummary {
            id: InvalidationId::new(summary.id),
            create_time: summary.create_time,
            status: InvalidationStatus::parse(&summary.status),
            distribution_id: DistributionId::new(distribution_id),
        }
    }
}

/// Decodes an `<InvalidationList>` page, as the listing does.
#[cfg(test)]
pub(crate) fn decode_invalidation_list(
    xml: &str,
    distribution_id: &str,
) -> Result<Page<InvalidationSummary>, DecodeError> {
    use crate::engine::ListPage;
    let page = wire::InvalidationList::from_xml(xml)?.into_page();
    Ok(Page {
        items: page
            .items
            .into_iter()
            .map(|s| InvalidationSummary::from_wire(s, distribution_id))
            .collect(),
        next_marker: page.next_marker,
        is_truncated: page.is_truncated,
    })
}

/// Validates and encodes one invalidation path the way CloudFront expects it.
///
/// - A path starts with `/`; an item starting with `#` is a cache tag and is sent as is.
/// - `*` is a wildcard and may only be the last character of the whole path, query string
///   included (CloudFront matches invalidation paths as prefixes of path and query):
///   `/img/*`, `/page.html*` (every query string variant) and `/page?lang=*` are wildcards;
///   `/a*?q=1` and `/a?q=*&b=1` are refused.
/// - Characters outside printable ASCII and the RFC 1738 "unsafe" ones (space, `"`, `<`,
///   `>`, `#`, `{`, `}`, `|`, `\`, `^`, `` ` ``, `[`, `]`, and a `%` that does not start a
///   `%XX` escape) are percent-encoded as UTF-8. An existing `%XX` is kept, so encoding twice
///   changes nothing. `?`, `=`, `&` and the rest of a query string are kept, so that a
///   path with a query string still matches.
/// - `~` is refused: CloudFront rejects it, and its encoded form `%7E` silently invalidates
///   nothing. Invalidate with a wildcard on the parent instead.
/// - An encoded path longer than [`MAX_PATH_LEN`] (4,000) characters is refused, as
///   CloudFront would refuse the whole batch for it.
///
/// ```
/// use cloudfront::encode_path;
///
/// assert_eq!(encode_path("/docs/read me.html")?, "/docs/read%20me.html");
/// assert_eq!(encode_path("/café/*")?, "/caf%C3%A9/*");
/// assert_eq!(encode_path("/search?lang=en&q=a b")?, "/search?lang=en&q=a%20b");
/// assert_eq!(encode_path("/already%20encoded")?, "/already%20encoded");
/// assert!(encode_path("no-slash.html").is_err());
/// # Ok::<(), cloudfront::InvalidInput>(())
/// ```
pub fn encode_path(path: &str) -> Result<String, InvalidInput> {
    if path.is_empty() {
        return Err(InvalidInput::new("an invalidation path must not be empty"));
    }
    if path.starts_with('#') {
        if path.len() == 1 || path.contains('*') {
            return Err(InvalidInput::new(format!(
                "invalidation cache tag {path:?} must name a tag and cannot hold a wildcard"
            )));
        }
        if let Some(c) = path.chars().find(|c| c.is_control()) {
            return Err(InvalidInput::new(format!(
                "invalidation cache tag {path:?} contains the control character U+{:04X}",
                c as u32
            )));
        }
        return Ok(path.to_string());
    }
    if !path.starts_with('/') {
        return Err(InvalidInput::new(format!(
            "invalidation path {path:?} must start with '/'"
        )));
    }
    let (path_part, query) = match path.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path, None),
    };
    // The wildcard is the last character of the whole invalidation path, query included.
    if let Some(i) = path.find('*') {
        if i != path.len() - 1 {
            return Err(InvalidInput::new(format!(
                "invalidation path {path:?}: the wildcard '*' may only be the last character"
            )));
        }
    }
    if path.contains('~') || path.contains("%7E") || path.contains("%7e") {
        return Err(InvalidInput::new(format!(
            "invalidation path {path:?} contains '~': CloudFront rejects it and '%7E' invalidates nothing; invalidate the parent with a wildcard instead"
        )));
    }
    let mut out = String::with_capacity(path.len() + 8);
    encode_part(path_part, &mut out)?;
    if let Some(q) = query {
        out.push('?');
        encode_part(q, &mut out)?;
    }
    if out.len() > MAX_PATH_LEN {
        return Err(InvalidInput::new(format!(
            "invalidation path {:?}... is {} characters long once encoded; CloudFront accepts at most {MAX_PATH_LEN}",
            out.chars().take(60).collect::<String>(),
            out.len()
        )));
    }
    Ok(out)
}

fn encode_part(part: &str, out: &mut String) -> Result<(), InvalidInput> {
    if let Some(b) = part.bytes().find(|b| b.is_ascii_control()) {
        return Err(InvalidInput::new(format!(
            "invalidation path {part:?} contains the control character U+{b:04X}"
        )));
    }
    // A '%' that starts an escape stays as it is (the path is already encoded there); any
    // other '%' is encoded. Between them, the unsafe characters are encoded.
    let bytes = part.as_bytes();
    let mut start = 0;
    for (i, _) in part.match_indices('%') {
        let escape = bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        push_percent_encoded(out, &bytes[start..i], INVALIDATION_PATH);
        out.push_str(if escape { "%" } else { "%25" });
        start = i + 1;
    }
    push_percent_encoded(out, &bytes[start..], INVALIDATION_PATH);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_encoding_table() {
        let cases: &[(&str, Result<&str, &str>)] = &[
            ("/index.html", Ok("/index.html")),
            ("/a b.html", Ok("/a%20b.html")),
            ("/a%20b.html", Ok("/a%20b.html")),
            ("/100%", Ok("/100%25")),
            ("/%zz", Ok("/%25zz")),
            ("/ünï/cödé.png", Ok("/%C3%BCn%C3%AF/c%C3%B6d%C3%A9.png")),
            ("/日本語", Ok("/%E6%97%A5%E6%9C%AC%E8%AA%9E")),
            ("/page?lang=en", Ok("/page?lang=en")),
            ("/page?lang=en&x=1 2", Ok("/page?lang=en&x=1%202")),
            ("/img/*", Ok("/img/*")),
            ("/*", Ok("/*")),
            // The wildcard ends the whole path, query string included.
            ("/page.html*", Ok("/page.html*")),
            ("/page?lang=*", Ok("/page?lang=*")),
            ("/a b/*", Ok("/a%20b/*")),
            ("/café*", Ok("/caf%C3%A9*")),
            ("/a*?q=1", Err("last character")),
            ("/a?q=*&b=1", Err("last character")),
            ("/**", Err("last character")),
            ("*", Err("must start with '/'")),
            // Already encoded: kept as is (whatever the hex case), also in the query.
            ("/a%20b%2Fc", Ok("/a%20b%2Fc")),
            ("/caf%c3%a9", Ok("/caf%c3%a9")),
            ("/s?q=a%20b", Ok("/s?q=a%20b")),
            ("/%2", Ok("/%252")),
            ("/%", Ok("/%25")),
            // Mixed: encoded and raw spaces in one path.
            ("/a%20b c", Ok("/a%20b%20c")),
            // Unicode beyond the BMP, and combining marks, byte by byte.
            ("/😀.png", Ok("/%F0%9F%98%80.png")),
            ("/e\u{301}", Ok("/e%CC%81")),
            // Query strings: `?`, `=`, `&`, `+` and a second `?` are kept.
            ("/s?a=1&b=2", Ok("/s?a=1&b=2")),
            ("/s?q=a+b", Ok("/s?q=a+b")),
            ("/s?x?y", Ok("/s?x?y")),
            ("/?", Ok("/?")),
            ("/", Ok("/")),
            // Safe punctuation is not encoded (encoding it would invalidate nothing).
            ("/a-b_c.d!$'()+,;=:@&", Ok("/a-b_c.d!$'()+,;=:@&")),
            ("?lang=en", Err("must start with '/'")),
            (" /a", Err("must start with '/'")),
            ("/a\tb", Err("control character")),
            ("/a\u{7f}", Err("control character")),
            ("/%7euser/", Err("contains '~'")),
            ("/s?q=~", Err("contains '~'")),
            (
                "/a\"<>{}|\\^`[]#",
                Ok("/a%22%3C%3E%7B%7D%7C%5C%5E%60%5B%5D%23"),
            ),
            ("#product-42", Ok("#product-42")),
            ("", Err("must not be empty")),
            ("index.html", Err("must start with '/'")),
            ("/a*b", Err("last character")),
            ("/~user/", Err("contains '~'")),
            ("/%7Euser/", Err("contains '~'")),
            ("/a\nb", Err("control character")),
            ("#", Err("must name a tag")),
            ("#tag*", Err("wildcard")),
        ];
        for (input, want) in cases {
            match (encode_path(input), want) {
                (Ok(got), Ok(w)) => assert_eq!(&got, w, "{input:?}"),
                (Err(e), Err(w)) => assert!(e.message.contains(w), "{input:?}: {e}"),
                (got, w) => panic!("{input:?}: got {got:?}, want {w:?}"),
            }
        }
    }

    #[test]
    fn path_length_limit() {
        let at_limit = format!("/{}", "a".repeat(MAX_PATH_LEN - 1));
        assert_eq!(encode_path(&at_limit).unwrap(), at_limit);
        let over = format!("/{}", "a".repeat(MAX_PATH_LEN));
        let err = encode_path(&over).unwrap_err();
        assert!(err.message.contains("4001 characters"), "{err}");
        // Counted once encoded: 1,000 spaces become 3,000 characters.
        let spaces = format!("/{}{}", " ".repeat(1000), "b".repeat(1000));
        assert!(encode_path(&spaces).unwrap_err().message.contains("4001"));
    }

    #[test]
    fn wildcards_are_paths_ending_with_a_star() {
        for (path, wildcard) in [
            ("/img/*", true),
            ("/page.html*", true),
            ("/page?lang=*", true),
            ("/*", true),
            ("/index.html", false),
            ("/page?lang=en", false),
            ("#product-42", false),
        ] {
            assert_eq!(is_wildcard(&encode_path(path).unwrap()), wildcard, "{path}");
        }
        let batch = InvalidationBatch::new(["/a", "/b*", "/c?x=*", "/d?x=1"]).unwrap();
        assert_eq!(batch.wildcard_count(), 2);
    }

    #[test]
    fn encoding_is_idempotent() {
        for p in [
            "/a b/ü?x=1 2",
            "/100%",
            "/img/*",
            "/%zz",
            "/a\"<>{}|\\^`[]#",
            "/page?lang=*",
        ] {
            let once = encode_path(p).unwrap();
            assert_eq!(encode_path(&once).unwrap(), once, "{p}");
        }
    }

    #[test]
    fn batch_dedups_and_round_trips() {
        let batch = InvalidationBatch::new(["/a b", "/a%20b", "/c"])
            .unwrap()
            .with_caller_reference("ref-1");
        assert_eq!(batch.paths, vec!["/a%20b", "/c"]);
        let xml = batch.to_xml().unwrap();
        assert_eq!(
            xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<InvalidationBatch xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\"><Paths><Quantity>2</Quantity><Items><Path>/a%20b</Path><Path>/c</Path></Items></Paths><CallerReference>ref-1</CallerReference></InvalidationBatch>"
        );
        assert_eq!(InvalidationBatch::from_xml(&xml).unwrap(), batch);
        assert!(InvalidationBatch::new(Vec::<String>::new()).is_err());
    }

    #[test]
    fn fresh_caller_references_differ() {
        let a = InvalidationBatch::new(["/a"]).unwrap();
        let b = InvalidationBatch::new(["/a"]).unwrap();
        assert_ne!(a.caller_reference, b.caller_reference);
        assert_eq!(a.caller_reference.len(), 36);
    }

    #[test]
    fn status_is_case_insensitive_and_keeps_unknowns() {
        assert!(InvalidationStatus::parse("COMPLETED").is_completed());
        assert_eq!(
            InvalidationStatus::parse("inprogress"),
            InvalidationStatus::InProgress
        );
        assert_eq!(InvalidationStatus::parse("Paused").as_str(), "Paused");
    }

    #[test]
    fn list_page_decodes() {
        let xml = r#"<?xml version="1.0"?>
<InvalidationList xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">
  <Marker></Marker><NextMarker>I2</NextMarker><MaxItems>2</MaxItems><IsTruncated>true</IsTruncated><Quantity>2</Quantity>
  <Items>
    <InvalidationSummary><Id>I1</Id><CreateTime>2026-11-24T22:53:10.538Z</CreateTime><Status>Completed</Status></InvalidationSummary>
    <InvalidationSummary><Id>I2</Id><CreateTime>2026-11-24T22:50:10.123456Z</CreateTime><Status>InProgress</Status></InvalidationSummary>
  </Items>
</InvalidationList>"#;
        let page = decode_invalidation_list(xml, "E1").unwrap();
        assert_eq!(page.items.len(), 2);
        assert_eq!(page.items[1].id, "I2");
        assert_eq!(page.items[1].distribution_id, "E1");
        assert_eq!(page.next_marker.as_deref(), Some("I2"));
        assert!(page.is_truncated);
    }

    #[test]
    fn list_page_errors_name_the_element() {
        let page = |items: &str, quantity: usize, tail: &str| {
            format!(
                "<InvalidationList><Marker></Marker><MaxItems>9</MaxItems>{tail}<Quantity>{quantity}</Quantity><Items>{items}</Items></InvalidationList>"
            )
        };
        let good = "<InvalidationSummary><Id>I1</Id><CreateTime>2026-11-24T22:53:10Z</CreateTime><Status>Completed</Status></InvalidationSummary>";
        let ok = decode_invalidation_list(&page(good, 1, "<IsTruncated>false</IsTruncated>"), "E1")
            .unwrap();
        assert_eq!(ok.items[0].status, InvalidationStatus::Completed);
        assert!(!ok.is_truncated && ok.next_marker.is_none());

        let no_truncated = decode_invalidation_list(&page(good, 1, ""), "E1").unwrap_err();
        assert_eq!(no_truncated.path, "InvalidationList/IsTruncated");
        let wrong_quantity =
            decode_invalidation_list(&page(good, 2, "<IsTruncated>false</IsTruncated>"), "E1")
                .unwrap_err();
        assert!(
            wrong_quantity.message.contains("Quantity is 2"),
            "{wrong_quantity}"
        );
        for (missing, path) in [
            (
                "<Id>I1</Id>",
                "InvalidationList/Items/InvalidationSummary/Id",
            ),
            (
                "<CreateTime>2026-11-24T22:53:10Z</CreateTime>",
                "InvalidationList/Items/InvalidationSummary/CreateTime",
            ),
            (
                "<Status>Completed</Status>",
                "InvalidationList/Items/InvalidationSummary/Status",
            ),
        ] {
            let xml = page(
                &good.replace(missing, ""),
                1,
                "<IsTruncated>false</IsTruncated>",
            );
            assert_eq!(decode_invalidation_list(&xml, "E1").unwrap_err().path, path);
        }
        let bad_time = page(
            &good.replace("2026-11-24T22:53:10Z", "yesterday"),
            1,
            "<IsTruncated>false</IsTruncated>",
        );
        let err = decode_invalidation_list(&bad_time, "E1").unwrap_err();
        assert_eq!(
            err.path,
            "InvalidationList/Items/InvalidationSummary/CreateTime"
        );
        let unknown_status = page(
            &good.replace("Completed", "Paused"),
            1,
            "<IsTruncated>false</IsTruncated>",
        );
        let page = decode_invalidation_list(&unknown_status, "E1").unwrap();
        assert_eq!(
            page.items[0].status,
            InvalidationStatus::Other("Paused".into())
        );
    }

    #[test]
    fn repeated_singular_elements_are_refused_not_first_wins() {
        let summary = "<InvalidationSummary><Id>I1</Id><CreateTime>2026-11-24T22:53:10Z</CreateTime><Status>Completed</Status></InvalidationSummary>";
        for (twice, path) in [
            (
                "<IsTruncated>false</IsTruncated><IsTruncated>true</IsTruncated>",
                "InvalidationList/IsTruncated",
            ),
            (
                "<IsTruncated>true</IsTruncated><NextMarker>a</NextMarker><NextMarker>b</NextMarker>",
                "InvalidationList/NextMarker",
            ),
        ] {
            let xml = format!(
                "<InvalidationList><Marker/><MaxItems>9</MaxItems>{twice}<Quantity>1</Quantity><Items>{summary}</Items></InvalidationList>"
            );
            let err = decode_invalidation_list(&xml, "E1").unwrap_err();
            assert!(err.path.starts_with(path), "{err}");
            assert!(err.message.contains("more than once"), "{err}");
        }
        let two_ids = summary.replace("<Id>I1</Id>", "<Id>I1</Id><Id>I2</Id>");
        let xml = format!(
            "<InvalidationList><IsTruncated>false</IsTruncated><Quantity>1</Quantity><Items>{two_ids}</Items></InvalidationList>"
        );
        let err = decode_invalidation_list(&xml, "E1").unwrap_err();
        assert!(err.message.contains("more than once"), "{err}");
    }

    #[test]
    fn unknown_elements_of_an_invalidation_are_kept_on_the_wire_type() {
        let xml = r#"<Invalidation><Id>I1</Id><Status>Completed</Status><CreateTime>2026-11-24T22:53:10Z</CreateTime><InvalidationBatch><Paths><Quantity>1</Quantity><Items><Path>/a</Path></Items></Paths><CallerReference>r</CallerReference></InvalidationBatch><Future>x</Future></Invalidation>"#;
        let on_the_wire = wire::Invalidation::from_xml(xml).unwrap();
        assert_eq!(on_the_wire.unknown_element_count(), 1);
        assert!(on_the_wire.to_xml().unwrap().contains("<Future>x</Future>"));
        assert_eq!(Invalidation::from_xml(xml).unwrap().batch.paths, ["/a"]);
    }

    #[test]
    fn invalidation_decodes_and_names_missing_fields() {
        let xml = r#"<Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>I1</Id><Status>InProgress</Status><CreateTime>2026-11-24T22:53:10.538Z</CreateTime><InvalidationBatch><Paths><Quantity>1</Quantity><Items><Path>/a</Path></Items></Paths><CallerReference>r</CallerReference></InvalidationBatch></Invalidation>"#;
        let inv = Invalidation::from_xml(xml).unwrap();
        assert_eq!(inv.batch.paths, vec!["/a"]);
        let broken = xml.replace("<Status>InProgress</Status>", "");
        let err = Invalidation::from_xml(&broken).unwrap_err();
        assert_eq!(err.path, "Invalidation/Status");
    }
}
