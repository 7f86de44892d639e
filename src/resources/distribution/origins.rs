//! Origins and origin groups: where CloudFront fetches content from.

use super::*;

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
