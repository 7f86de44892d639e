//! Origins and origin groups: where CloudFront fetches content from.

use super::*;
use crate::xml::list::QuantityList;
use crate::xml::structure::xml_structure;

/// Contains information about the origins for this distribution.
///
/// Entries are `<Origin>` elements.
pub type Origins = QuantityList<Origin>;

xml_structure! {
    /// An origin.
    #[derive(Default)]
    pub struct Origin {
        /// A unique identifier for the origin. This value must be unique within the
        /// distribution.
        ["Id"] req id: String;
        /// The domain name for the origin.
        ["DomainName"] req domain_name: String;
        /// An optional path that CloudFront appends to the origin domain name when CloudFront
        /// requests content from the origin.
        ["OriginPath"] opt origin_path: String;
        /// A list of HTTP header names and values that CloudFront adds to the requests that it
        /// sends to the origin.
        ["CustomHeaders"] opt_list("OriginCustomHeader") custom_headers: CustomHeaders;
        /// Use this type to specify an origin that is an Amazon S3 bucket that is not
        /// configured with static website hosting. To specify any other type of origin,
        /// including an Amazon S3 bucket that is configured with static website hosting, use
        /// the `CustomOriginConfig` type instead.
        ["S3OriginConfig"] opt s3_origin_config: S3OriginConfig;
        /// Use this type to specify an origin that is not an Amazon S3 bucket, with one
        /// exception. If the Amazon S3 bucket is configured with static website hosting, use
        /// this type. If the Amazon S3 bucket is not configured with static website hosting,
        /// use the `S3OriginConfig` type instead.
        ["CustomOriginConfig"] opt custom_origin_config: CustomOriginConfig;
        /// The VPC origin configuration.
        ["VpcOriginConfig"] opt vpc_origin_config: VpcOriginConfig;
        /// The number of times that CloudFront attempts to connect to the origin. The minimum
        /// number is 1, the maximum is 3, and the default (if you don't specify otherwise) is
        /// 3.
        ["ConnectionAttempts"] opt connection_attempts: i32;
        /// The number of seconds that CloudFront waits when trying to establish a connection to
        /// the origin. The minimum timeout is 1 second, the maximum is 10 seconds, and the
        /// default (if you don't specify otherwise) is 10 seconds.
        ["ConnectionTimeout"] opt connection_timeout: i32;
        /// The time (in seconds) that a request from CloudFront to the origin can stay open and
        /// wait for a response. If the complete response isn't received from the origin by this
        /// time, CloudFront ends the connection.
        ["ResponseCompletionTimeout"] opt response_completion_timeout: i32;
        /// CloudFront Origin Shield. Using Origin Shield can help reduce the load on your
        /// origin.
        ["OriginShield"] opt origin_shield: OriginShield;
        /// The unique identifier of an origin access control for this origin.
        ["OriginAccessControlId"] opt origin_access_control_id: String;
    }
}

/// A complex type that contains the list of Custom Headers for each origin.
///
/// Entries are `<OriginCustomHeader>` elements.
pub type CustomHeaders = QuantityList<OriginCustomHeader>;

xml_structure! {
    /// A complex type that contains `HeaderName` and `HeaderValue` elements, if any, for this
    /// distribution.
    #[derive(Default)]
    pub struct OriginCustomHeader {
        /// The name of a header that you want CloudFront to send to your origin. For more
        /// information, see Adding Custom Headers to Origin Requests in the Amazon CloudFront
        /// Developer Guide.
        ["HeaderName"] req header_name: String;
        /// The value for the header that you specified in the `HeaderName` field.
        ["HeaderValue"] req header_value: String;
    }
}

xml_structure! {
    /// A complex type that contains information about the Amazon S3 origin. If the origin is a
    /// custom origin or an S3 bucket that is configured as a website endpoint, use the
    /// `CustomOriginConfig` element instead.
    #[derive(Default)]
    pub struct S3OriginConfig {
        /// The CloudFront origin access identity to associate with the origin. Use an origin
        /// access identity to configure the origin so that viewers can only access objects in
        /// an Amazon S3 bucket through CloudFront.
        ["OriginAccessIdentity"] req origin_access_identity: String;
        /// Specifies how long, in seconds, CloudFront waits for a response from the origin.
        /// This is also known as the origin response timeout. The minimum timeout is 1 second,
        /// the maximum is 120 seconds, and the default (if you don't specify otherwise) is 30
        /// seconds.
        ["OriginReadTimeout"] opt origin_read_timeout: i32;
    }
}

xml_structure! {
    /// A custom origin. A custom origin is any origin that is not an Amazon S3 bucket, with one
    /// exception. An Amazon S3 bucket that is configured with static website hosting is a
    /// custom origin.
    pub struct CustomOriginConfig {
        /// The HTTP port that CloudFront uses to connect to the origin. Specify the HTTP port
        /// that the origin listens on.
        ["HTTPPort"] req http_port: i32;
        /// The HTTPS port that CloudFront uses to connect to the origin. Specify the HTTPS port
        /// that the origin listens on.
        ["HTTPSPort"] req https_port: i32;
        /// Specifies the protocol (HTTP or HTTPS) that CloudFront uses to connect to the
        /// origin.
        ["OriginProtocolPolicy"] req origin_protocol_policy: OriginProtocolPolicy;
        /// Specifies the minimum SSL/TLS protocol that CloudFront uses when connecting to your
        /// origin over HTTPS. Valid values include `SSLv3`, `TLSv1`, `TLSv1.1`, and `TLSv1.2`.
        ["OriginSslProtocols"] opt_list("SslProtocol") origin_ssl_protocols: OriginSslProtocols;
        /// Specifies how long, in seconds, CloudFront waits for a response from the origin.
        /// This is also known as the origin response timeout. The minimum timeout is 1 second,
        /// the maximum is 120 seconds, and the default (if you don't specify otherwise) is 30
        /// seconds.
        ["OriginReadTimeout"] opt origin_read_timeout: i32;
        /// Specifies how long, in seconds, CloudFront persists its connection to the origin.
        /// The minimum timeout is 1 second, the maximum is 120 seconds, and the default (if you
        /// don't specify otherwise) is 5 seconds.
        ["OriginKeepaliveTimeout"] opt origin_keepalive_timeout: i32;
        /// Specifies which IP protocol CloudFront uses when connecting to your origin. If your
        /// origin uses both IPv4 and IPv6 protocols, you can choose `dualstack` to help
        /// optimize reliability.
        ["IpAddressType"] opt ip_address_type: IpAddressType;
        /// Configures mutual TLS authentication between CloudFront and your origin server.
        ["OriginMtlsConfig"] opt origin_mtls_config: OriginMtlsConfig;
        /// The HTTP version that CloudFront uses for requests to your custom origin. Valid
        /// values are `http1.1` and `http2`. If you don't specify a value, CloudFront uses
        /// HTTP/1.1.
        ["OriginHttpVersion"] opt origin_http_version: OriginHttpVersion;
    }
}

/// A complex type that contains information about the SSL/TLS protocols that CloudFront can use
/// when establishing an HTTPS connection with your origin.
///
/// Entries are `<SslProtocol>` elements.
pub type OriginSslProtocols = QuantityList<SslProtocol>;

xml_structure! {
    /// Configures mutual TLS authentication between CloudFront and your origin server.
    #[derive(Default)]
    pub struct OriginMtlsConfig {
        /// The Amazon Resource Name (ARN) of the client certificate stored in Amazon Web
        /// Services Certificate Manager (ACM) that CloudFront uses to authenticate with your
        /// origin using Mutual TLS.
        ["ClientCertificateArn"] req client_certificate_arn: String;
    }
}

xml_structure! {
    /// An Amazon CloudFront VPC origin configuration.
    #[derive(Default)]
    pub struct VpcOriginConfig {
        /// The VPC origin ID.
        ["VpcOriginId"] req vpc_origin_id: String;
        /// The account ID of the Amazon Web Services account that owns the VPC origin.
        ["OwnerAccountId"] opt owner_account_id: String;
        /// Specifies how long, in seconds, CloudFront waits for a response from the origin.
        /// This is also known as the origin response timeout. The minimum timeout is 1 second,
        /// the maximum is 120 seconds, and the default (if you don't specify otherwise) is 30
        /// seconds.
        ["OriginReadTimeout"] opt origin_read_timeout: i32;
        /// Specifies how long, in seconds, CloudFront persists its connection to the origin.
        /// The minimum timeout is 1 second, the maximum is 120 seconds, and the default (if you
        /// don't specify otherwise) is 5 seconds.
        ["OriginKeepaliveTimeout"] opt origin_keepalive_timeout: i32;
        /// The HTTP version that CloudFront uses for requests to the VPC origin for this
        /// distribution. Valid values are `http1.1` and `http2`. If you don't specify a value,
        /// CloudFront uses HTTP/1.1.
        ["OriginHttpVersion"] opt origin_http_version: OriginHttpVersion;
    }
}

xml_structure! {
    /// CloudFront Origin Shield.
    #[derive(Default)]
    pub struct OriginShield {
        /// A flag that specifies whether Origin Shield is enabled.
        ["Enabled"] req enabled: bool;
        /// The Amazon Web Services Region for Origin Shield.
        ["OriginShieldRegion"] opt origin_shield_region: String;
    }
}

/// A complex data type for the origin groups specified for a distribution.
///
/// Entries are `<OriginGroup>` elements.
pub type OriginGroups = QuantityList<OriginGroup>;

xml_structure! {
    /// An origin group includes two origins (a primary origin and a secondary origin to
    /// failover to) and a failover criteria that you specify. You create an origin group to
    /// support origin failover in CloudFront.
    #[derive(Default)]
    pub struct OriginGroup {
        /// The origin group's ID.
        ["Id"] req id: String;
        /// A complex type that contains information about the failover criteria for an origin
        /// group.
        ["FailoverCriteria"] req failover_criteria: OriginGroupFailoverCriteria;
        /// A complex type that contains information about the origins in an origin group.
        ["Members"] req_list("OriginGroupMember") members: OriginGroupMembers;
        /// The selection criteria for the origin group. For more information, see Create an
        /// origin group in the Amazon CloudFront Developer Guide.
        ["SelectionCriteria"] opt selection_criteria: OriginGroupSelectionCriteria;
    }
}

xml_structure! {
    /// A complex data type that includes information about the failover criteria for an origin
    /// group, including the status codes for which CloudFront will failover from the primary
    /// origin to the second origin.
    #[derive(Default)]
    pub struct OriginGroupFailoverCriteria {
        /// The status codes that, when returned from the primary origin, will trigger
        /// CloudFront to failover to the second origin.
        ["StatusCodes"] req_list("StatusCode") status_codes: StatusCodes;
    }
}

/// A complex data type for the status codes that you specify that, when returned by a primary
/// origin, trigger CloudFront to failover to a second origin.
///
/// Entries are `<StatusCode>` elements.
pub type StatusCodes = QuantityList<i32>;

/// A complex data type for the origins included in an origin group.
///
/// Entries are `<OriginGroupMember>` elements.
pub type OriginGroupMembers = QuantityList<OriginGroupMember>;

xml_structure! {
    /// An origin in an origin group.
    #[derive(Default)]
    pub struct OriginGroupMember {
        /// The ID for an origin in an origin group.
        ["OriginId"] req origin_id: String;
    }
}

impl Origin {
    /// An Amazon S3 bucket origin, the classic boto one-liner: `Id` is the domain name itself,
    /// `S3OriginConfig` has an empty `OriginAccessIdentity` (no legacy OAI; attach an origin
    /// access control with [`Origin::origin_access_control_id`] to keep the bucket private).
    ///
    /// ```
    /// use cloudfront::Origin;
    ///
    /// let origin = Origin::s3("mybucket.s3.amazonaws.com");
    /// assert_eq!(origin.id, "mybucket.s3.amazonaws.com");
    /// assert_eq!(origin.s3_origin_config.unwrap().origin_access_identity, "");
    /// ```
    pub fn s3(domain_name: impl Into<String>) -> Self {
        let domain_name = domain_name.into();
        Origin {
            id: domain_name.clone(),
            domain_name,
            s3_origin_config: Some(S3OriginConfig::default()),
            ..Origin::default()
        }
    }

    /// A custom (HTTP server) origin with the settings the console proposes today: HTTP port
    /// 80, HTTPS port 443, `https-only` to the origin, TLS 1.2 only. `Id` is the domain name.
    ///
    /// ```
    /// use cloudfront::Origin;
    /// use cloudfront::resources::distribution::{OriginProtocolPolicy, SslProtocol};
    ///
    /// let origin = Origin::custom("www.example.com");
    /// let custom = origin.custom_origin_config.unwrap();
    /// assert_eq!((custom.http_port, custom.https_port), (80, 443));
    /// assert_eq!(custom.origin_protocol_policy, OriginProtocolPolicy::HttpsOnly);
    /// assert_eq!(custom.origin_ssl_protocols.unwrap().items, vec![SslProtocol::TlsV1_2]);
    /// ```
    pub fn custom(domain_name: impl Into<String>) -> Self {
        let domain_name = domain_name.into();
        Origin {
            id: domain_name.clone(),
            domain_name,
            custom_origin_config: Some(CustomOriginConfig::https_only()),
            ..Origin::default()
        }
    }

    /// Sets the origin's `Id` (the name cache behaviors target).
    #[must_use]
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = id.into();
        self
    }

    /// Sets the `OriginPath` (a directory in the origin to request content from, `/prod`).
    #[must_use]
    pub fn origin_path(mut self, path: impl Into<String>) -> Self {
        self.origin_path = Some(path.into());
        self
    }

    /// Sets the `OriginAccessControlId` (for S3 origins kept private behind an origin access
    /// control).
    #[must_use]
    pub fn origin_access_control_id(mut self, id: impl Into<String>) -> Self {
        self.origin_access_control_id = Some(id.into());
        self
    }

    /// Adds a custom header that CloudFront sends to the origin with every request.
    #[must_use]
    pub fn custom_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.custom_headers
            .get_or_insert_with(CustomHeaders::default)
            .push(OriginCustomHeader {
                header_name: name.into(),
                header_value: value.into(),
                unknown: Default::default(),
            });
        self
    }
}

impl CustomOriginConfig {
    /// HTTP port 80, HTTPS port 443, `https-only`, TLS 1.2 only; timeouts left to the service
    /// defaults (30 s read, 5 s keep-alive).
    pub fn https_only() -> Self {
        CustomOriginConfig {
            http_port: 80,
            https_port: 443,
            origin_protocol_policy: OriginProtocolPolicy::HttpsOnly,
            origin_ssl_protocols: Some(OriginSslProtocols::new(vec![SslProtocol::TlsV1_2])),
            origin_read_timeout: None,
            origin_keepalive_timeout: None,
            ip_address_type: None,
            origin_mtls_config: None,
            origin_http_version: None,
            unknown: Default::default(),
        }
    }
}
