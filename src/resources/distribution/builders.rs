//! Builder methods on [`DistributionConfig`] for the settings people set most, so that no
//! common edit needs a list or structure type from [`crate::xml`]: default root object,
//! certificate, price class, HTTP version, IPv6, logging, web ACL, origins, cache behaviors,
//! and the whole set of aliases.
//!
//! Each has a by-value form for building (`.price_class(..)`) and works as well inside
//! [`Client::update_distribution`](crate::Client::update_distribution) through
//! `*config = config.clone().price_class(..)`, or with the `set_*` forms that take `&mut self`.
//!
//! ```
//! use cloudfront::{CacheBehavior, DistributionConfig, HttpVersion, Origin, PriceClass};
//!
//! let config = DistributionConfig::new(Origin::s3("mybucket.s3.amazonaws.com"))
//!     .default_root_object("index.html")
//!     .with_aliases(["www.example.com", "example.com"])
//!     .acm_certificate("arn:aws:acm:us-east-1:123456789012:certificate/abc")
//!     .price_class(PriceClass::PriceClass100)
//!     .http_version(HttpVersion::Http2And3)
//!     .ipv6(true)
//!     .logging("logs.s3.amazonaws.com", "cf/")
//!     .web_acl("arn:aws:wafv2:us-east-1:123456789012:global/webacl/site/1")
//!     .origin(Origin::custom("api.example.com"))
//!     .cache_behavior(CacheBehavior::new("/api/*", "api.example.com"));
//! let xml = config.to_xml()?;
//! assert!(xml.contains("<DefaultRootObject>index.html</DefaultRootObject>"));
//! assert!(xml.contains("<PriceClass>PriceClass_100</PriceClass>"));
//! assert!(xml.contains("<Quantity>2</Quantity><Items><CNAME>www.example.com</CNAME>"));
//! assert_eq!(DistributionConfig::from_xml(&xml)?, config);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::{
    Aliases, CacheBehavior, DistributionConfig, HttpVersion, LoggingConfig, MinimumProtocolVersion,
    PriceClass, SslSupportMethod, ViewerCertificate,
};

/// The security policy [`DistributionConfig::acm_certificate`] and
/// [`DistributionConfig::iam_certificate`] choose: the one the CloudFront console recommends.
pub const RECOMMENDED_MINIMUM_PROTOCOL_VERSION: MinimumProtocolVersion =
    MinimumProtocolVersion::TlsV1_2_2021;

impl DistributionConfig {
    /// Sets `DefaultRootObject`, the object served for the root URL (`index.html`).
    #[must_use]
    pub fn default_root_object(mut self, object: impl Into<String>) -> Self {
        self.default_root_object = Some(object.into());
        self
    }

    /// Replaces the alternate domain names (CNAMEs) with `cnames` (duplicates, compared
    /// ignoring ASCII case, are dropped); see [`DistributionConfig::set_aliases`].
    #[must_use]
    pub fn with_aliases<I, S>(mut self, cnames: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.set_aliases(cnames);
        self
    }

    /// Replaces the alternate domain names (CNAMEs) with `cnames`, in order, dropping
    /// duplicates (compared ignoring ASCII case). An empty set is written as an explicit
    /// empty list, so an update really clears them. Returns whether anything changed.
    pub fn set_aliases<I, S>(&mut self, cnames: I) -> bool
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut new: Vec<String> = Vec::new();
        for cname in cnames {
            let cname = cname.into();
            if !new.iter().any(|a| a.eq_ignore_ascii_case(&cname)) {
                new.push(cname);
            }
        }
        let changed = self.aliases.as_ref().map(|a| &a.items) != Some(&new);
        if changed {
            self.aliases = Some(Aliases::new(new));
        }
        changed
    }

    /// Serves HTTPS for the aliases with an ACM certificate (its ARN, in `us-east-1`): SNI
    /// only, minimum protocol [`RECOMMENDED_MINIMUM_PROTOCOL_VERSION`].
    #[must_use]
    pub fn acm_certificate(mut self, arn: impl Into<String>) -> Self {
        self.viewer_certificate = Some(ViewerCertificate {
            acm_certificate_arn: Some(arn.into()),
            ssl_support_method: Some(SslSupportMethod::SniOnly),
            minimum_protocol_version: Some(RECOMMENDED_MINIMUM_PROTOCOL_VERSION),
            ..ViewerCertificate::default()
        });
        self
    }

    /// Serves HTTPS for the aliases with a certificate stored in IAM (its id): SNI only,
    /// minimum protocol [`RECOMMENDED_MINIMUM_PROTOCOL_VERSION`].
    #[must_use]
    pub fn iam_certificate(mut self, id: impl Into<String>) -> Self {
        self.viewer_certificate = Some(ViewerCertificate {
            iam_certificate_id: Some(id.into()),
            ssl_support_method: Some(SslSupportMethod::SniOnly),
            minimum_protocol_version: Some(RECOMMENDED_MINIMUM_PROTOCOL_VERSION),
            ..ViewerCertificate::default()
        });
        self
    }

    /// Serves HTTPS only on the CloudFront domain name (`d111111abcdef8.cloudfront.net`)
    /// with CloudFront's own certificate.
    #[must_use]
    pub fn cloudfront_default_certificate(mut self) -> Self {
        self.viewer_certificate = Some(ViewerCertificate {
            cloudfront_default_certificate: Some(true),
            ..ViewerCertificate::default()
        });
        self
    }

    /// Sets `PriceClass`: which edge locations serve the distribution.
    #[must_use]
    pub fn price_class(mut self, price_class: PriceClass) -> Self {
        self.price_class = Some(price_class);
        self
    }

    /// Sets `HttpVersion`, the highest HTTP version viewers may use.
    #[must_use]
    pub fn http_version(mut self, version: HttpVersion) -> Self {
        self.http_version = Some(version);
        self
    }

    /// Sets `IsIPV6Enabled`.
    #[must_use]
    pub fn ipv6(mut self, enabled: bool) -> Self {
        self.is_ipv6_enabled = Some(enabled);
        self
    }

    /// Turns on standard (legacy) access logs to `bucket` (`mylogs.s3.amazonaws.com`) under
    /// `prefix`, without cookies.
    #[must_use]
    pub fn logging(mut self, bucket: impl Into<String>, prefix: impl Into<String>) -> Self {
        self.logging = Some(LoggingConfig {
            enabled: Some(true),
            include_cookies: Some(false),
            bucket: Some(bucket.into()),
            prefix: Some(prefix.into()),
            ..LoggingConfig::default()
        });
        self
    }

    /// Turns standard access logs off (written as an explicit disabled `Logging`, so an
    /// update really turns them off).
    #[must_use]
    pub fn no_logging(mut self) -> Self {
        self.logging = Some(LoggingConfig {
            enabled: Some(false),
            include_cookies: Some(false),
            bucket: Some(String::new()),
            prefix: Some(String::new()),
            ..LoggingConfig::default()
        });
        self
    }

    /// Sets `WebACLId`: a WAF web ACL's ARN (WAFv2) or id (WAF Classic); an empty string
    /// removes the association.
    #[must_use]
    pub fn web_acl(mut self, id: impl Into<String>) -> Self {
        self.web_acl_id = Some(id.into());
        self
    }

    /// Adds a cache behavior, after the existing ones (CloudFront matches them in order).
    #[must_use]
    pub fn cache_behavior(mut self, behavior: CacheBehavior) -> Self {
        self.cache_behaviors
            .get_or_insert_with(Default::default)
            .push(behavior);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Origin;

    fn base() -> DistributionConfig {
        DistributionConfig::new(Origin::s3("b.s3.amazonaws.com"))
    }

    #[test]
    fn set_aliases_replaces_the_whole_set_and_reports_change() {
        let mut c = base().alias("old.example.com");
        assert!(c.set_aliases(["a.example.com", "A.example.com", "b.example.com"]));
        assert_eq!(c.aliases(), ["a.example.com", "b.example.com"]);
        assert!(!c.set_aliases(["a.example.com", "b.example.com"]));
        assert!(c.set_aliases(Vec::<String>::new()));
        assert!(
            c.to_xml()
                .unwrap()
                .contains("<Aliases><Quantity>0</Quantity></Aliases>")
        );
    }

    #[test]
    fn certificate_logging_and_web_acl_are_written() {
        let xml = base()
            .acm_certificate("arn:acm")
            .logging("logs.s3.amazonaws.com", "p/")
            .web_acl("acl")
            .ipv6(false)
            .to_xml()
            .unwrap();
        assert!(xml.contains(
            "<ViewerCertificate><ACMCertificateArn>arn:acm</ACMCertificateArn><SSLSupportMethod>sni-only</SSLSupportMethod><MinimumProtocolVersion>TLSv1.2_2021</MinimumProtocolVersion></ViewerCertificate>"
        ), "{xml}");
        assert!(xml.contains("<Logging><Enabled>true</Enabled><IncludeCookies>false</IncludeCookies><Bucket>logs.s3.amazonaws.com</Bucket><Prefix>p/</Prefix></Logging>"), "{xml}");
        assert!(xml.contains("<WebACLId>acl</WebACLId>"), "{xml}");
        assert!(
            xml.contains("<IsIPV6Enabled>false</IsIPV6Enabled>"),
            "{xml}"
        );
    }

    #[test]
    fn cache_behaviors_are_appended_in_order() {
        let c = base()
            .cache_behavior(CacheBehavior::new("/a/*", "b.s3.amazonaws.com"))
            .cache_behavior(CacheBehavior::new("/b/*", "b.s3.amazonaws.com"));
        let patterns: Vec<&str> = c
            .cache_behaviors
            .as_ref()
            .unwrap()
            .iter()
            .map(|b| b.path_pattern.as_str())
            .collect();
        assert_eq!(patterns, ["/a/*", "/b/*"]);
    }
}
