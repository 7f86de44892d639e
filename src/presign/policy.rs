//! Policy documents: [`CannedPolicy`] and [`CustomPolicy`], their exact JSON, and the checks
//! on resources, URLs, times and source IPs.

use std::fmt::Write as _;
use std::net::Ipv4Addr;
use std::time::{SystemTime, UNIX_EPOCH};

use super::{PolicySigner, SignError, SignedCookies, SignedUrl};

/// A canned policy: one exact URL, valid until an expiry.
///
/// Its JSON is never sent: CloudFront rebuilds it from the request URL and the `Expires`
/// parameter (or `CloudFront-Expires` cookie), so the resource must be exactly the URL the
/// viewer will request, query string included, minus the signing parameters.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use cloudfront::presign::CannedPolicy;
///
/// let policy = CannedPolicy::new(
///     "http://d111111abcdef8.cloudfront.net/horizon.jpg?size=large&license=yes",
///     UNIX_EPOCH + Duration::from_secs(1357034400),
/// );
/// assert_eq!(
///     policy.to_json()?,
///     r#"{"Statement":[{"Resource":"http://d111111abcdef8.cloudfront.net/horizon.jpg?size=large&license=yes","Condition":{"DateLessThan":{"AWS:EpochTime":1357034400}}}]}"#
/// );
/// # Ok::<(), cloudfront::presign::SignError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CannedPolicy {
    resource: String,
    expires: SystemTime,
}

impl CannedPolicy {
    /// A policy for exactly `resource` (an `http://` or `https://` URL, query string
    /// included), valid until `expires` (whole seconds; a fraction is dropped).
    pub fn new(resource: impl Into<String>, expires: SystemTime) -> Self {
        CannedPolicy {
            resource: resource.into(),
            expires,
        }
    }

    /// The resource (URL) this policy covers.
    pub fn resource(&self) -> &str {
        &self.resource
    }

    /// The expiry (`DateLessThan`).
    pub fn expires(&self) -> SystemTime {
        self.expires
    }

    /// The policy document, byte for byte what is signed:
    /// `{"Statement":[{"Resource":"<URL>","Condition":{"DateLessThan":{"AWS:EpochTime":<secs>}}}]}`.
    ///
    /// # Errors
    /// [`SignError::InvalidResource`] for a resource that is not a usable `http(s)://` URL,
    /// [`SignError::TimeBeforeEpoch`] for an expiry before 1970.
    pub fn to_json(&self) -> Result<String, SignError> {
        check_url(&self.resource).map_err(|reason| SignError::InvalidResource { reason })?;
        let expires = epoch_seconds(self.expires, "DateLessThan")?;
        Ok(canned_json(&self.resource, expires))
    }

    /// Signed cookies for this policy: `CloudFront-Expires`, `CloudFront-Signature`,
    /// `CloudFront-Key-Pair-Id` (and `CloudFront-Hash-Algorithm` for SHA-256).
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use cloudfront::presign::{CannedPolicy, HashAlgorithm, SignerFn};
    ///
    /// let signer = SignerFn::new(HashAlgorithm::Sha1, |_policy: &[u8]| Ok(vec![0xfb, 0xff]));
    /// let cookies = CannedPolicy::new(
    ///     "https://d111111abcdef8.cloudfront.net/video.mp4",
    ///     UNIX_EPOCH + Duration::from_secs(1426500000),
    /// )
    /// .signed_cookies("K2JCJMDEHXQW5F", &signer)?;
    /// assert_eq!(cookies.get("CloudFront-Expires"), Some("1426500000"));
    /// assert_eq!(cookies.get("CloudFront-Signature"), Some("-~8_"));
    /// assert_eq!(cookies.get("CloudFront-Key-Pair-Id"), Some("K2JCJMDEHXQW5F"));
    /// # Ok::<(), cloudfront::presign::SignError>(())
    /// ```
    ///
    /// # Errors
    /// As [`to_json`](Self::to_json), plus [`SignError::InvalidKeyPairId`] and the signer's
    /// errors.
    pub fn signed_cookies<S: PolicySigner + ?Sized>(
        &self,
        key_pair_id: &str,
        signer: &S,
    ) -> Result<SignedCookies, SignError> {
        check_key_pair_id(key_pair_id)?;
        let json = self.to_json()?;
        let expires = epoch_seconds(self.expires, "DateLessThan")?;
        let signature = super::sign_policy(&json, signer)?;
        Ok(SignedCookies::new(
            ("CloudFront-Expires", expires.to_string()),
            signature,
            key_pair_id,
            signer.algorithm(),
        ))
    }
}

/// A custom policy: a resource that may hold wildcards, an expiry, and optionally a start
/// time and a source IP range. Its JSON travels base64-encoded in the `Policy` parameter (or
/// `CloudFront-Policy` cookie), so one policy can cover many URLs.
///
/// `*` in the resource matches any run of characters and `?` exactly one. The conditions are
/// written in the order of AWS's examples (`IpAddress`, `DateGreaterThan`, `DateLessThan`;
/// CloudFront does not care about the order).
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use cloudfront::presign::{CustomPolicy, HashAlgorithm, SignerFn};
///
/// let at = |secs| UNIX_EPOCH + Duration::from_secs(secs);
/// let policy = CustomPolicy::new("https://d111111abcdef8.cloudfront.net/training/*")
///     .not_before(at(1357034400))
///     .not_after(at(1357120800))
///     .source_ip("192.0.2.0/24");
/// assert_eq!(
///     policy.to_json()?,
///     concat!(
///         r#"{"Statement":[{"Resource":"https://d111111abcdef8.cloudfront.net/training/*","#,
///         r#""Condition":{"IpAddress":{"AWS:SourceIp":"192.0.2.0/24"},"#,
///         r#""DateGreaterThan":{"AWS:EpochTime":1357034400},"#,
///         r#""DateLessThan":{"AWS:EpochTime":1357120800}}}]}"#
///     )
/// );
///
/// // A stand-in signer; use RsaKeySigner (feature `rsa`) or your own PolicySigner.
/// let signer = SignerFn::new(HashAlgorithm::Sha256, |_policy: &[u8]| Ok(vec![1, 2, 3]));
/// let url = policy.signed_url(
///     "https://d111111abcdef8.cloudfront.net/training/intro.mp4",
///     "K2JCJMDEHXQW5F",
///     &signer,
/// )?;
/// assert!(url.starts_with("https://d111111abcdef8.cloudfront.net/training/intro.mp4?Policy="));
/// assert!(url.ends_with("&Signature=AQID&Key-Pair-Id=K2JCJMDEHXQW5F&Hash-Algorithm=SHA256"));
/// # Ok::<(), cloudfront::presign::SignError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomPolicy {
    resource: String,
    not_after: Option<SystemTime>,
    not_before: Option<SystemTime>,
    source_ip: Option<String>,
}

impl CustomPolicy {
    /// A policy for `resource`: a URL that may hold `*` and `?` wildcards, starting with
    /// `http://`, `https://` or `*`. Set an expiry with [`not_after`](Self::not_after) before
    /// signing.
    pub fn new(resource: impl Into<String>) -> Self {
        CustomPolicy {
            resource: resource.into(),
            not_after: None,
            not_before: None,
            source_ip: None,
        }
    }

    /// The expiry (`DateLessThan`, required): access is refused from this second on.
    pub fn not_after(mut self, expires: SystemTime) -> Self {
        self.not_after = Some(expires);
        self
    }

    /// The start (`DateGreaterThan`, optional): access is refused before this time.
    pub fn not_before(mut self, start: SystemTime) -> Self {
        self.not_before = Some(start);
        self
    }

    /// The viewers allowed (`IpAddress` / `AWS:SourceIp`, optional): one IPv4 address
    /// (`192.0.2.10`, written as `192.0.2.10/32`, like boto) or one IPv4 CIDR block
    /// (`192.0.2.0/24`). CloudFront does not support IPv6 here.
    pub fn source_ip(mut self, ip_or_cidr: impl Into<String>) -> Self {
        self.source_ip = Some(ip_or_cidr.into());
        self
    }

    /// The resource pattern.
    pub fn resource(&self) -> &str {
        &self.resource
    }

    /// The policy document, byte for byte what is signed (no whitespace).
    ///
    /// # Errors
    /// [`SignError::InvalidResource`], [`SignError::MissingExpiry`],
    /// [`SignError::TimeBeforeEpoch`], [`SignError::StartNotBeforeExpiry`],
    /// [`SignError::InvalidSourceIp`].
    pub fn to_json(&self) -> Result<String, SignError> {
        check_resource(&self.resource).map_err(|reason| SignError::InvalidResource { reason })?;
        let not_after = epoch_seconds(
            self.not_after.ok_or(SignError::MissingExpiry)?,
            "DateLessThan",
        )?;
        let not_before = self
            .not_before
            .map(|t| epoch_seconds(t, "DateGreaterThan"))
            .transpose()?;
        if let Some(not_before) = not_before {
            if not_before >= not_after {
                return Err(SignError::StartNotBeforeExpiry {
                    not_before,
                    not_after,
                });
            }
        }
        let source_ip = self
            .source_ip
            .as_deref()
            .map(normalize_source_ip)
            .transpose()?;

        let mut json = String::with_capacity(160 + self.resource.len());
        json.push_str(r#"{"Statement":[{"Resource":""#);
        push_json_escaped(&mut json, &self.resource);
        json.push_str(r#"","Condition":{"#);
        if let Some(ip) = source_ip {
            json.push_str(r#""IpAddress":{"AWS:SourceIp":""#);
            push_json_escaped(&mut json, &ip);
            json.push_str(r#""},"#);
        }
        if let Some(secs) = not_before {
            // Writing to a String cannot fail.
            let _ = write!(json, r#""DateGreaterThan":{{"AWS:EpochTime":{secs}}},"#);
        }
        let _ = write!(
            json,
            r#""DateLessThan":{{"AWS:EpochTime":{not_after}}}}}}}]}}"#
        );
        Ok(json)
    }

    /// A signed URL for `url` (which the resource pattern should cover) under this policy:
    /// `url` + `Policy`, `Signature`, `Key-Pair-Id` (+ `Hash-Algorithm=SHA256`).
    /// Shorthand for [`SignedUrl::custom`].
    ///
    /// # Errors
    /// As [`to_json`](Self::to_json) and [`SignedUrl::sign`].
    pub fn signed_url<S: PolicySigner + ?Sized>(
        &self,
        url: &str,
        key_pair_id: &str,
        signer: &S,
    ) -> Result<String, SignError> {
        SignedUrl::custom(url, self.clone())
            .key_pair_id(key_pair_id)
            .sign(signer)
    }

    /// Signed cookies for this policy: `CloudFront-Policy`, `CloudFront-Signature`,
    /// `CloudFront-Key-Pair-Id` (and `CloudFront-Hash-Algorithm` for SHA-256).
    ///
    /// # Errors
    /// As [`to_json`](Self::to_json), plus [`SignError::InvalidKeyPairId`] and the signer's
    /// errors.
    pub fn signed_cookies<S: PolicySigner + ?Sized>(
        &self,
        key_pair_id: &str,
        signer: &S,
    ) -> Result<SignedCookies, SignError> {
        check_key_pair_id(key_pair_id)?;
        let json = self.to_json()?;
        let signature = super::sign_policy(&json, signer)?;
        Ok(SignedCookies::new(
            ("CloudFront-Policy", super::url_safe_base64(json.as_bytes())),
            signature,
            key_pair_id,
            signer.algorithm(),
        ))
    }
}

/// `{"Statement":[{"Resource":"<resource>","Condition":{"DateLessThan":{"AWS:EpochTime":<secs>}}}]}`
pub(crate) fn canned_json(resource: &str, expires: u64) -> String {
    let mut json = String::with_capacity(100 + resource.len());
    json.push_str(r#"{"Statement":[{"Resource":""#);
    push_json_escaped(&mut json, resource);
    // Writing to a String cannot fail.
    let _ = write!(
        json,
        r#"","Condition":{{"DateLessThan":{{"AWS:EpochTime":{expires}}}}}}}]}}"#
    );
    json
}

/// Appends `s` as the inside of a JSON string (RFC 8259 §7): `"` and `\` are escaped, control
/// characters become `\n`, `\t`, ... or `\u00XX`; everything else (including non-ASCII, which
/// stays UTF-8) is copied.
pub(crate) fn push_json_escaped(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' => {
                // Writing to a String cannot fail.
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
}

/// Whole seconds since the Unix epoch (a fraction is dropped).
pub(crate) fn epoch_seconds(t: SystemTime, field: &'static str) -> Result<u64, SignError> {
    t.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .map_err(|_| SignError::TimeBeforeEpoch { field })
}

/// Key pair ids are ASCII letters and digits (`K2JCJMDEHXQW5F`, `APKA...`); anything else
/// would need escaping in the URL and is no id CloudFront issues.
pub(crate) fn check_key_pair_id(id: &str) -> Result<(), SignError> {
    if id.is_empty() {
        return Err(SignError::InvalidKeyPairId {
            reason: "it is empty",
        });
    }
    if !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(SignError::InvalidKeyPairId {
            reason: "only ASCII letters and digits are allowed",
        });
    }
    Ok(())
}

/// Characters that cannot be sent as-is in an HTTP request target: controls, space, DEL,
/// non-ASCII (percent-encode them first), and `#` (a fragment never reaches CloudFront).
fn check_url_characters(s: &str) -> Result<(), String> {
    for (i, c) in s.char_indices() {
        let problem = match c {
            ' ' => "a space",
            '#' => "'#' (a fragment is never sent to CloudFront)",
            c if c.is_ascii_control() => "a control character",
            c if !c.is_ascii() => "a non-ASCII character",
            _ => continue,
        };
        return Err(format!(
            "{problem} at byte {i}; percent-encode it (for example a space as %20)"
        ));
    }
    Ok(())
}

/// A URL to sign (or a canned resource): `http://` or `https://`, a host, and only characters
/// that can be sent as-is.
pub(crate) fn check_url(url: &str) -> Result<(), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| "it must start with http:// or https://".to_string())?;
    if rest.is_empty() || rest.starts_with(['/', '?']) {
        return Err("it has no host".to_string());
    }
    check_url_characters(url)
}

/// A custom policy's resource: begins with `http://`, `https://` or `*` (AWS's rule), and
/// only characters that can appear in a URL.
fn check_resource(resource: &str) -> Result<(), String> {
    if resource.is_empty() {
        return Err("it is empty".to_string());
    }
    if !(resource.starts_with("http://")
        || resource.starts_with("https://")
        || resource.starts_with('*'))
    {
        return Err("it must start with http://, https:// or *".to_string());
    }
    check_url_characters(resource)
}

/// `a.b.c.d` → `a.b.c.d/32`; `a.b.c.d/n` (n ≤ 32) as given. IPv6 is refused: CloudFront's
/// documentation says custom policies do not support it.
fn normalize_source_ip(value: &str) -> Result<String, SignError> {
    let invalid = |reason: String| SignError::InvalidSourceIp { reason };
    let (addr, prefix) = match value.split_once('/') {
        Some((addr, prefix)) => (addr, Some(prefix)),
        None => (value, None),
    };
    if addr.contains(':') {
        return Err(invalid(
            "IPv6 is not supported in CloudFront policies; use an IPv4 address or block".into(),
        ));
    }
    addr.parse::<Ipv4Addr>()
        .map_err(|_| invalid(format!("{value:?} is not an IPv4 address or CIDR block")))?;
    match prefix {
        None => Ok(format!("{addr}/32")),
        Some(p) => {
            let digits_ok = !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit());
            match p.parse::<u8>() {
                Ok(n) if digits_ok && n <= 32 => Ok(value.to_string()),
                _ => Err(invalid(format!(
                    "prefix length {p:?} in {value:?} is not a number from 0 to 32"
                ))),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn canned_policy_matches_aws_documented_example_byte_for_byte() {
        // AWS "Create a signed URL using a canned policy", example policy statement, with its
        // whitespace removed as the page instructs.
        let policy = CannedPolicy::new(
            "http://d111111abcdef8.cloudfront.net/horizon.jpg?size=large&license=yes",
            at(1357034400),
        );
        assert_eq!(
            policy.to_json().unwrap(),
            "{\"Statement\":[{\"Resource\":\"http://d111111abcdef8.cloudfront.net/horizon.jpg?size=large&license=yes\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":1357034400}}}]}"
        );
    }

    #[test]
    fn canned_policy_matches_boto_vector() {
        // boto test_signed_urls.py canned_policy (the policy its expected signature is over).
        let policy = CannedPolicy::new(
            "http://d604721fxaaqy9.cloudfront.net/horizon.jpg?large=yes&license=yes",
            at(1258237200),
        );
        assert_eq!(
            policy.to_json().unwrap(),
            concat!(
                r#"{"Statement":[{"Resource":"#,
                r#""http://d604721fxaaqy9.cloudfront.net/horizon.jpg"#,
                r#"?large=yes&license=yes","#,
                r#""Condition":{"DateLessThan":{"AWS:EpochTime":1258237200}}}]}"#
            )
        );
    }

    #[test]
    fn custom_policy_matches_aws_example_one_object_from_ip_range() {
        // AWS "Example policy statement: accessing one object from a range of IP addresses",
        // whitespace removed.
        let json = CustomPolicy::new("http://d111111abcdef8.cloudfront.net/game_download.zip")
            .source_ip("192.0.2.0/24")
            .not_after(at(1357034400))
            .to_json()
            .unwrap();
        assert_eq!(
            json,
            r#"{"Statement":[{"Resource":"http://d111111abcdef8.cloudfront.net/game_download.zip","Condition":{"IpAddress":{"AWS:SourceIp":"192.0.2.0/24"},"DateLessThan":{"AWS:EpochTime":1357034400}}}]}"#
        );
    }

    #[test]
    fn custom_policy_matches_aws_example_all_objects_one_ip_with_start() {
        // AWS "Example policy statement: accessing all objects associated with a key pair ID
        // from one IP address", whitespace removed; the bare IP becomes /32.
        let json = CustomPolicy::new("http://*")
            .source_ip("192.0.2.10")
            .not_before(at(1357034400))
            .not_after(at(1357120800))
            .to_json()
            .unwrap();
        assert_eq!(
            json,
            r#"{"Statement":[{"Resource":"http://*","Condition":{"IpAddress":{"AWS:SourceIp":"192.0.2.10/32"},"DateGreaterThan":{"AWS:EpochTime":1357034400},"DateLessThan":{"AWS:EpochTime":1357120800}}}]}"#
        );
    }

    #[test]
    fn custom_policy_cookie_example_encodes_to_documented_cloudfront_policy_value() {
        // AWS "Set signed cookies using a custom policy": the CloudFront-Policy value shown.
        let json = CustomPolicy::new("http://d111111abcdef8.cloudfront.net/game_download.zip")
            .source_ip("192.0.2.0/24")
            .not_after(at(1426500000))
            .to_json()
            .unwrap();
        assert_eq!(
            super::super::url_safe_base64(json.as_bytes()),
            concat!(
                "eyJTdGF0ZW1lbnQiOlt7IlJlc291cmNlIjoiaHR0cDovL2QxMTExMTFhYmNkZWY4LmNsb3VkZnJvbnQubmV0",
                "L2dhbWVfZG93bmxvYWQuemlwIiwiQ29uZGl0aW9uIjp7IklwQWRkcmVzcyI6eyJBV1M6U291cmNlSXAiOiIx",
                "OTIuMC4yLjAvMjQifSwiRGF0ZUxlc3NUaGFuIjp7IkFXUzpFcG9jaFRpbWUiOjE0MjY1MDAwMDB9fX1dfQ__"
            )
        );
    }

    #[test]
    fn custom_policy_with_only_expiry_has_one_condition() {
        let json = CustomPolicy::new("https://example.com/*")
            .not_after(at(999999))
            .to_json()
            .unwrap();
        assert_eq!(
            json,
            r#"{"Statement":[{"Resource":"https://example.com/*","Condition":{"DateLessThan":{"AWS:EpochTime":999999}}}]}"#
        );
    }

    #[test]
    fn custom_policy_without_expiry_is_refused() {
        let err = CustomPolicy::new("https://example.com/*")
            .to_json()
            .unwrap_err();
        assert!(matches!(err, SignError::MissingExpiry), "{err:?}");
    }

    #[test]
    fn start_after_or_at_expiry_is_refused() {
        for start in [2000, 1000] {
            let err = CustomPolicy::new("https://example.com/*")
                .not_before(at(start))
                .not_after(at(1000))
                .to_json()
                .unwrap_err();
            assert!(
                matches!(
                    err,
                    SignError::StartNotBeforeExpiry {
                        not_before,
                        not_after: 1000
                    } if not_before == start
                ),
                "{err:?}"
            );
        }
    }

    #[test]
    fn times_before_the_epoch_are_refused() {
        let before = UNIX_EPOCH - Duration::from_secs(1);
        let err = CannedPolicy::new("https://example.com/a", before)
            .to_json()
            .unwrap_err();
        assert!(
            matches!(
                err,
                SignError::TimeBeforeEpoch {
                    field: "DateLessThan"
                }
            ),
            "{err:?}"
        );
        let err = CustomPolicy::new("https://example.com/*")
            .not_before(before)
            .not_after(at(10))
            .to_json()
            .unwrap_err();
        assert!(
            matches!(
                err,
                SignError::TimeBeforeEpoch {
                    field: "DateGreaterThan"
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn subsecond_times_are_truncated_to_whole_seconds() {
        let json = CannedPolicy::new(
            "https://example.com/a",
            at(100) + Duration::from_millis(999),
        )
        .to_json()
        .unwrap();
        assert!(json.contains(r#""AWS:EpochTime":100}"#), "{json}");
    }

    #[test]
    fn json_escaping_handles_quotes_backslashes_and_control_characters() {
        let mut out = String::new();
        push_json_escaped(
            &mut out,
            "a\"b\\c\nd\re\tf\u{8}g\u{c}h\u{1}i\u{1f}j/k\u{7f}é",
        );
        assert_eq!(
            out,
            "a\\\"b\\\\c\\nd\\re\\tf\\bg\\fh\\u0001i\\u001fj/k\u{7f}é"
        );
    }

    #[test]
    fn quotes_and_backslashes_in_a_resource_are_escaped_in_the_policy() {
        let json = CustomPolicy::new(r#"https://example.com/a"b\c*"#)
            .not_after(at(5))
            .to_json()
            .unwrap();
        assert!(
            json.starts_with(r#"{"Statement":[{"Resource":"https://example.com/a\"b\\c*","#),
            "{json}"
        );
    }

    #[test]
    fn resources_that_cannot_be_in_a_url_are_refused() {
        for bad in [
            "",
            "ftp://example.com/a",
            "example.com/a",
            "https://example.com/a b",
            "https://example.com/a\nb",
            "https://example.com/caf\u{e9}",
            "https://example.com/a#frag",
        ] {
            let err = CustomPolicy::new(bad)
                .not_after(at(5))
                .to_json()
                .unwrap_err();
            assert!(
                matches!(err, SignError::InvalidResource { .. }),
                "{bad:?}: {err:?}"
            );
        }
        for good in ["*", "*.mp4", "http://*", "https://d1.cloudfront.net/a?b=*"] {
            assert!(
                CustomPolicy::new(good).not_after(at(5)).to_json().is_ok(),
                "{good}"
            );
        }
    }

    #[test]
    fn canned_resource_must_be_an_http_url_with_a_host() {
        for bad in [
            "*",
            "https://",
            "https:///path",
            "http://?a",
            "https://h/ a",
        ] {
            let err = CannedPolicy::new(bad, at(5)).to_json().unwrap_err();
            assert!(
                matches!(err, SignError::InvalidResource { .. }),
                "{bad:?}: {err:?}"
            );
        }
    }

    #[test]
    fn source_ip_forms() {
        assert_eq!(
            normalize_source_ip("192.168.0.1").unwrap(),
            "192.168.0.1/32"
        );
        assert_eq!(
            normalize_source_ip("192.168.0.0/24").unwrap(),
            "192.168.0.0/24"
        );
        assert_eq!(normalize_source_ip("0.0.0.0/0").unwrap(), "0.0.0.0/0");
        for bad in [
            "",
            "192.168.0",
            "192.168.0.256",
            "192.168.0.0/33",
            "192.168.0.0/",
            "192.168.0.0/+8",
            "192.168.0.0/24/1",
            "2001:db8::/32",
            "::1",
            "host.example.com",
            "192.168.0.1\"}",
        ] {
            assert!(
                matches!(
                    normalize_source_ip(bad),
                    Err(SignError::InvalidSourceIp { .. })
                ),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn key_pair_id_rules() {
        assert!(check_key_pair_id("K2JCJMDEHXQW5F").is_ok());
        assert!(check_key_pair_id("APKA9ONS7QCOWEXAMPLE").is_ok());
        assert!(matches!(
            check_key_pair_id(""),
            Err(SignError::InvalidKeyPairId {
                reason: "it is empty"
            })
        ));
        for bad in ["K2J CJ", "K2J&x=1", "K2J\n", "ключ"] {
            assert!(
                matches!(
                    check_key_pair_id(bad),
                    Err(SignError::InvalidKeyPairId { .. })
                ),
                "{bad:?}"
            );
        }
    }
}
