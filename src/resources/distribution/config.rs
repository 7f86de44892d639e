//! `DistributionConfig` and the settings that hang directly off it (aliases, error responses,
//! logging, certificate, restrictions, tenants, mTLS, ...).

use super::*;
use crate::error::{DecodeError, InvalidInput};
use crate::xml::list::{PlainList, QuantityList};
use crate::xml::structure::{self, XmlValue, xml_structure};

xml_structure! {
    /// A distribution configuration.
    pub struct DistributionConfig {
        /// A unique value (for example, a date-time stamp) that ensures that the request can't
        /// be replayed.
        ["CallerReference"] req caller_reference: String;
        /// A complex type that contains information about CNAMEs (alternate domain names), if
        /// any, for this distribution.
        ["Aliases"] opt_list("CNAME") aliases: Aliases;
        /// When a viewer requests the root URL for your distribution, the default root object
        /// is the object that you want CloudFront to request from your origin. For example, if
        /// your root URL is `https://www.example.com`, you can specify CloudFront to return the
        /// `index.html` file as the default root object.
        ["DefaultRootObject"] opt default_root_object: String;
        /// A complex type that contains information about origins for this distribution.
        ["Origins"] req_list("Origin") origins: Origins;
        /// A complex type that contains information about origin groups for this distribution.
        ["OriginGroups"] opt_list("OriginGroup") origin_groups: OriginGroups;
        /// A complex type that describes the default cache behavior if you don't specify a
        /// `CacheBehavior` element or if files don't match any of the values of `PathPattern`
        /// in `CacheBehavior` elements. You must create exactly one default cache behavior.
        ["DefaultCacheBehavior"] req default_cache_behavior: DefaultCacheBehavior;
        /// A complex type that contains zero or more `CacheBehavior` elements.
        ["CacheBehaviors"] opt_list("CacheBehavior") cache_behaviors: CacheBehaviors;
        /// A complex type that controls the following: Whether CloudFront replaces HTTP status
        /// codes in the 4xx and 5xx range with custom error messages before returning the
        /// response to the viewer; How long CloudFront caches HTTP status codes in the 4xx and
        /// 5xx range.
        ["CustomErrorResponses"] opt_list("CustomErrorResponse") custom_error_responses: CustomErrorResponses;
        /// A comment to describe the distribution. The comment cannot be longer than 128
        /// characters.
        ["Comment"] req comment: String;
        /// A complex type that controls whether access logs are written for the distribution.
        ["Logging"] opt logging: LoggingConfig;
        /// The price class that corresponds with the maximum price that you want to pay for
        /// CloudFront service. If you specify `PriceClass_All`, CloudFront responds to requests
        /// for your objects from all CloudFront edge locations.
        ["PriceClass"] opt price_class: PriceClass;
        /// From this field, you can enable or disable the selected distribution.
        ["Enabled"] req enabled: bool;
        /// A complex type that determines the distribution's SSL/TLS configuration for
        /// communicating with viewers.
        ["ViewerCertificate"] opt viewer_certificate: ViewerCertificate;
        /// A complex type that identifies ways in which you want to restrict distribution of
        /// your content.
        ["Restrictions"] opt restrictions: Restrictions;
        /// A unique identifier that specifies the WAF web ACL, if any, to associate with this
        /// distribution. To specify a web ACL created using the latest version of WAF, use the
        /// ACL ARN, for example `arn:aws:wafv2:us-east-1:123456789012:global/webacl/ExampleWebA
        /// CL/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111`.
        ["WebACLId"] opt web_acl_id: String;
        /// (Optional) Specify the HTTP version(s) that you want viewers to use to communicate
        /// with CloudFront. The default value for new web distributions is `http2`. Viewers
        /// that don't support HTTP/2 automatically use an earlier HTTP version.
        ["HttpVersion"] opt http_version: HttpVersion;
        /// If you want CloudFront to respond to IPv6 DNS requests with an IPv6 address for your
        /// distribution, specify `true`. If you specify `false`, CloudFront responds to IPv6
        /// DNS requests with the DNS response code `NOERROR` and with no IP addresses. This
        /// allows viewers to submit a second request, for an IPv4 address for your
        /// distribution.
        ["IsIPV6Enabled"] opt is_ipv6_enabled: bool;
        /// The identifier of a continuous deployment policy. For more information, see
        /// `CreateContinuousDeploymentPolicy`.
        ["ContinuousDeploymentPolicyId"] opt continuous_deployment_policy_id: String;
        /// A Boolean that indicates whether this is a staging distribution. When this value is
        /// `true`, this is a staging distribution. When this value is `false`, this is not a
        /// staging distribution.
        ["Staging"] opt staging: bool;
        /// ID of the Anycast static IP list that is associated with the distribution.
        ["AnycastIpListId"] opt anycast_ip_list_id: String;
        /// A distribution tenant configuration.
        ["TenantConfig"] opt tenant_config: TenantConfig;
        /// This field specifies whether the connection mode is through a standard distribution
        /// (direct) or a multi-tenant distribution with distribution tenants (tenant-only).
        ["ConnectionMode"] opt connection_mode: ConnectionMode;
        /// The distribution's viewer mTLS configuration.
        ["ViewerMtlsConfig"] opt viewer_mtls_config: ViewerMtlsConfig;
        /// The distribution's connection function association.
        ["ConnectionFunctionAssociation"] opt connection_function_association: ConnectionFunctionAssociation;
        /// Configuration for cache tag extraction from origin responses. When specified,
        /// CloudFront reads the header named in `HeaderName` from origin responses and stores
        /// the comma-separated values as cache tags on the object.
        ["CacheTagConfig"] opt cache_tag_config: CacheTagConfig;
    }
}

/// A complex type that contains information about CNAMEs (alternate domain names), if any, for
/// this distribution.
///
/// Entries are `<CNAME>` elements.
pub type Aliases = QuantityList<String>;

/// A complex type that controls: Whether CloudFront replaces HTTP status codes in the 4xx and
/// 5xx range with custom error messages before returning the response to the viewer; How long
/// CloudFront caches HTTP status codes in the 4xx and 5xx range.
///
/// Entries are `<CustomErrorResponse>` elements.
pub type CustomErrorResponses = QuantityList<CustomErrorResponse>;

xml_structure! {
    /// A complex type that controls: Whether CloudFront replaces HTTP status codes in the 4xx
    /// and 5xx range with custom error messages before returning the response to the viewer;
    /// How long CloudFront caches HTTP status codes in the 4xx and 5xx range.
    #[derive(Default)]
    pub struct CustomErrorResponse {
        /// The HTTP status code for which you want to specify a custom error page and/or a
        /// caching duration.
        ["ErrorCode"] req error_code: i32;
        /// The path to the custom error page that you want CloudFront to return to a viewer
        /// when your origin returns the HTTP status code specified by `ErrorCode`, for example,
        /// `/4xx-errors/403-forbidden.html`.
        ["ResponsePagePath"] opt response_page_path: String;
        /// The HTTP status code that you want CloudFront to return to the viewer along with the
        /// custom error page.
        ["ResponseCode"] opt response_code: String;
        /// The minimum amount of time, in seconds, that you want CloudFront to cache the HTTP
        /// status code specified in `ErrorCode`. When this time period has elapsed, CloudFront
        /// queries your origin to see whether the problem that caused the error has been
        /// resolved and the requested object is now available.
        ["ErrorCachingMinTTL"] opt error_caching_min_ttl: i64;
    }
}

xml_structure! {
    /// A complex type that specifies whether access logs are written for the distribution.
    #[derive(Default)]
    pub struct LoggingConfig {
        /// Specifies whether you want CloudFront to save access logs to an Amazon S3 bucket. If
        /// you don't want to enable logging when you create a distribution or if you want to
        /// disable logging for an existing distribution, specify `false` for `Enabled`, and
        /// specify empty `Bucket` and `Prefix` elements.
        ["Enabled"] opt enabled: bool;
        /// Specifies whether you want CloudFront to include cookies in access logs, specify
        /// `true` for `IncludeCookies`. If you choose to include cookies in logs, CloudFront
        /// logs all cookies regardless of how you configure the cache behaviors for this
        /// distribution.
        ["IncludeCookies"] opt include_cookies: bool;
        /// The Amazon S3 bucket to store the access logs in, for example,
        /// `amzn-s3-demo-bucket.s3.amazonaws.com`.
        ["Bucket"] opt bucket: String;
        /// An optional string that you want CloudFront to prefix to the access log `filenames`
        /// for this distribution, for example, `myprefix/`. If you want to enable logging, but
        /// you don't want to specify a prefix, you still must include an empty `Prefix` element
        /// in the `Logging` element.
        ["Prefix"] opt prefix: String;
    }
}

xml_structure! {
    /// A complex type that determines the distribution's SSL/TLS configuration for
    /// communicating with viewers.
    #[derive(Default)]
    pub struct ViewerCertificate {
        /// If the distribution uses the CloudFront domain name such as
        /// `d111111abcdef8.cloudfront.net`, set this field to `true`.
        ["CloudFrontDefaultCertificate"] opt cloudfront_default_certificate: bool;
        /// If the distribution uses `Aliases` (alternate domain names or CNAMEs) and the
        /// SSL/TLS certificate is stored in Identity and Access Management (IAM), provide the
        /// ID of the IAM certificate.
        ["IAMCertificateId"] opt iam_certificate_id: String;
        /// If the distribution uses `Aliases` (alternate domain names or CNAMEs) and the
        /// SSL/TLS certificate is stored in Certificate Manager (ACM), provide the Amazon
        /// Resource Name (ARN) of the ACM certificate. CloudFront only supports ACM
        /// certificates in the US East (N. Virginia) Region (`us-east-1`).
        ["ACMCertificateArn"] opt acm_certificate_arn: String;
        /// If the distribution uses `Aliases` (alternate domain names or CNAMEs), specify which
        /// viewers the distribution accepts HTTPS connections from.
        ["SSLSupportMethod"] opt ssl_support_method: SslSupportMethod;
        /// If the distribution uses `Aliases` (alternate domain names or CNAMEs), specify the
        /// security policy that you want CloudFront to use for HTTPS connections with viewers.
        ["MinimumProtocolVersion"] opt minimum_protocol_version: MinimumProtocolVersion;
        /// This field is deprecated. Use one of the following fields instead:
        /// `ACMCertificateArn`; `IAMCertificateId`; `CloudFrontDefaultCertificate`.
        ["Certificate"] opt certificate: String;
        /// This field is deprecated. Use one of the following fields instead:
        /// `ACMCertificateArn`; `IAMCertificateId`; `CloudFrontDefaultCertificate`.
        ["CertificateSource"] opt certificate_source: CertificateSource;
    }
}

xml_structure! {
    /// A complex type that identifies ways in which you want to restrict distribution of your
    /// content.
    pub struct Restrictions {
        /// A complex type that controls the countries in which your content is distributed.
        /// CloudFront determines the location of your users using `MaxMind` GeoIP databases.
        ["GeoRestriction"] req geo_restriction: GeoRestriction;
    }
}

xml_structure! {
    /// A complex type that controls the countries in which your content is distributed.
    /// CloudFront determines the location of your users using `MaxMind` GeoIP databases.
    pub struct GeoRestriction {
        /// The method that you want to use to restrict distribution of your content by country:
        /// `none`: No geo restriction is enabled, meaning access to content is not restricted
        /// by client geo location; `blacklist`: The `Location` elements specify the countries
        /// in which you don't want CloudFront to distribute your content; `whitelist`: The
        /// `Location` elements specify the countries in which you want CloudFront to distribute
        /// your content.
        ["RestrictionType"] req restriction_type: GeoRestrictionType;
        ["Quantity"] quantity(items) quantity;
        /// A complex type that contains a `Location` element for each country in which you want
        /// CloudFront either to distribute your content (`whitelist`) or not distribute your
        /// content (`blacklist`).
        ["Items"] items("Location") items: String;
    }
}

xml_structure! {
    /// The configuration for a distribution tenant.
    #[derive(Default)]
    pub struct TenantConfig {
        /// The parameters that you specify for a distribution tenant.
        ["ParameterDefinitions"] opt_plain_list("member") parameter_definitions: ParameterDefinitions;
    }
}

/// A list without `Quantity`; entries are `<member>` elements.
pub type ParameterDefinitions = PlainList<ParameterDefinition>;

xml_structure! {
    /// A list of parameter values to add to the resource. A parameter is specified as a
    /// key-value pair. A valid parameter value must exist for any parameter that is marked as
    /// required in the multi-tenant distribution.
    #[derive(Default)]
    pub struct ParameterDefinition {
        /// The name of the parameter.
        ["Name"] req name: String;
        /// The value that you assigned to the parameter.
        ["Definition"] req definition: ParameterDefinitionSchema;
    }
}

xml_structure! {
    /// An object that contains information about the parameter definition.
    #[derive(Default)]
    pub struct ParameterDefinitionSchema {
        /// An object that contains information about the string schema.
        ["StringSchema"] opt string_schema: StringSchemaConfig;
    }
}

xml_structure! {
    /// The configuration for a string schema.
    #[derive(Default)]
    pub struct StringSchemaConfig {
        /// A comment to describe the parameter.
        ["Comment"] opt comment: String;
        /// The default value of the parameter.
        ["DefaultValue"] opt default_value: String;
        /// Whether the defined parameter is required.
        ["Required"] req required: bool;
    }
}

xml_structure! {
    /// A viewer mTLS configuration.
    #[derive(Default)]
    pub struct ViewerMtlsConfig {
        /// The viewer mTLS mode.
        ["Mode"] opt mode: ViewerMtlsMode;
        /// The trust store configuration associated with the viewer mTLS configuration.
        ["TrustStoreConfig"] opt trust_store_config: TrustStoreConfig;
    }
}

xml_structure! {
    /// A trust store configuration.
    #[derive(Default)]
    pub struct TrustStoreConfig {
        /// The trust store ID.
        ["TrustStoreId"] req trust_store_id: String;
        /// The configuration to use to advertise trust store CA names.
        ["AdvertiseTrustStoreCaNames"] opt advertise_trust_store_ca_names: bool;
        /// The configuration to use to ignore certificate expiration.
        ["IgnoreCertificateExpiry"] opt ignore_certificate_expiry: bool;
    }
}

xml_structure! {
    /// A connection function association.
    #[derive(Default)]
    pub struct ConnectionFunctionAssociation {
        /// The association's ID.
        ["Id"] req id: String;
    }
}

xml_structure! {
    /// A complex type that specifies the HTTP header name from which CloudFront extracts cache
    /// tags from origin responses. When you add `CacheTagConfig` to a distribution, CloudFront
    /// reads the specified header from origin responses, parses the comma-separated tag values,
    /// and stores them with the cached object.
    #[derive(Default)]
    pub struct CacheTagConfig {
        /// The name of the HTTP header that your origin includes in responses. CloudFront uses
        /// this header to extract cache tags. The header value must contain comma-separated tag
        /// values (for example, `product:electronics, category:tv, brand:example`).
        ["HeaderName"] req header_name: String;
    }
}

impl DistributionConfig {
    /// The root element name of a `DistributionConfig` document.
    pub const ROOT: &'static str = "DistributionConfig";

    /// A minimal configuration serving `origin`, the classic one-liner: enabled, empty
    /// comment, one default cache behavior targeting the origin
    /// ([`DefaultCacheBehavior::new`]: redirect to HTTPS, managed "CachingOptimized" cache
    /// policy, because `ForwardedValues` and the TTL members are deprecated in the model).
    ///
    /// `CallerReference` is left empty: the create call fills it with a fresh UUID v4 (kept
    /// across retries). Set your own with [`DistributionConfig::with_caller_reference`].
    ///
    /// ```
    /// use cloudfront::{DistributionConfig, Origin};
    ///
    /// let config = DistributionConfig::new(Origin::s3("mybucket.s3.amazonaws.com"))
    ///     .comment("static site")
    ///     .alias("www.example.com");
    /// assert!(config.enabled);
    /// assert_eq!(config.default_cache_behavior.target_origin_id, "mybucket.s3.amazonaws.com");
    /// assert_eq!(config.aliases(), ["www.example.com"]);
    /// let xml = config.to_xml()?;
    /// assert!(xml.contains("<Comment>static site</Comment>"));
    /// assert_eq!(DistributionConfig::from_xml(&xml)?, config);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(origin: Origin) -> Self {
        let default_cache_behavior = DefaultCacheBehavior::new(origin.id.clone());
        DistributionConfig {
            caller_reference: String::new(),
            aliases: None,
            default_root_object: None,
            origins: Origins::new(vec![origin]),
            origin_groups: None,
            default_cache_behavior,
            cache_behaviors: None,
            custom_error_responses: None,
            comment: String::new(),
            logging: None,
            price_class: None,
            enabled: true,
            viewer_certificate: None,
            restrictions: None,
            web_acl_id: None,
            http_version: None,
            is_ipv6_enabled: None,
            continuous_deployment_policy_id: None,
            staging: None,
            anycast_ip_list_id: None,
            tenant_config: None,
            connection_mode: None,
            viewer_mtls_config: None,
            connection_function_association: None,
            cache_tag_config: None,
            unknown: Default::default(),
        }
    }

    /// Sets `CallerReference`, the idempotency token of the create call.
    #[must_use]
    pub fn with_caller_reference(mut self, caller_reference: impl Into<String>) -> Self {
        self.caller_reference = caller_reference.into();
        self
    }

    /// Sets `Enabled`.
    #[must_use]
    pub fn enabled(mut self, enabled: bool) -> Self {
        self.enabled = enabled;
        self
    }

    /// Sets `Comment` (at most 128 characters for the service).
    #[must_use]
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = comment.into();
        self
    }

    /// Adds another origin (the default cache behavior keeps targeting the first one; add
    /// cache behaviors to route paths to this one).
    #[must_use]
    pub fn origin(mut self, origin: Origin) -> Self {
        self.origins.push(origin);
        self
    }

    /// Adds an alternate domain name (CNAME); see [`DistributionConfig::add_alias`].
    #[must_use]
    pub fn alias(mut self, cname: impl Into<String>) -> Self {
        self.add_alias(cname);
        self
    }

    /// Adds an alternate domain name (CNAME) unless it is already there (compared ignoring
    /// ASCII case, as DNS does). Returns whether it was added.
    pub fn add_alias(&mut self, cname: impl Into<String>) -> bool {
        let cname = cname.into();
        let aliases = self.aliases.get_or_insert_with(Aliases::default);
        if aliases.iter().any(|a| a.eq_ignore_ascii_case(&cname)) {
            return false;
        }
        aliases.push(cname);
        true
    }

    /// Removes an alternate domain name (compared ignoring ASCII case). Returns whether it was
    /// there. Removing the last one leaves an explicit empty list
    /// (`<Aliases><Quantity>0</Quantity></Aliases>`), so an update really clears them.
    pub fn remove_alias(&mut self, cname: &str) -> bool {
        let Some(aliases) = self.aliases.as_mut() else {
            return false;
        };
        let before = aliases.len();
        aliases.items.retain(|a| !a.eq_ignore_ascii_case(cname));
        aliases.len() != before
    }

    /// The alternate domain names (CNAMEs), empty when there are none.
    pub fn aliases(&self) -> &[String] {
        self.aliases.as_ref().map_or(&[], |a| &a.items)
    }

    /// Decodes a `<DistributionConfig>` document (the body of GetDistributionConfig).
    pub fn from_xml(xml: &str) -> Result<Self, DecodeError> {
        structure::from_xml(xml, Self::ROOT)
    }

    /// Encodes this configuration as the `<DistributionConfig>` document that
    /// CreateDistribution and UpdateDistribution send, in CloudFront's namespace. Text XML
    /// cannot carry (control characters in `Comment`, ...) is refused with the path.
    pub fn to_xml(&self) -> Result<String, InvalidInput> {
        structure::to_xml(self, Self::ROOT)
    }

    /// How many elements unknown to this crate were kept, at any depth. Zero means this crate
    /// understood the whole document.
    pub fn unknown_element_count(&self) -> usize {
        XmlValue::unknown_element_count(self)
    }
}
