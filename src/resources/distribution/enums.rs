//! The enumerations used by distributions.

use crate::xml::structure::xml_enum;

xml_enum! {
    /// `OriginProtocolPolicy` values.
    pub enum OriginProtocolPolicy {
        HttpOnly = "http-only",
        MatchViewer = "match-viewer",
        HttpsOnly = "https-only",
    }
}

xml_enum! {
    /// `SslProtocol` values.
    pub enum SslProtocol {
        SslV3 = "SSLv3",
        TlsV1 = "TLSv1",
        TlsV1_1 = "TLSv1.1",
        TlsV1_2 = "TLSv1.2",
    }
}

xml_enum! {
    /// `IpAddressType` values.
    pub enum IpAddressType {
        Ipv4 = "ipv4",
        Ipv6 = "ipv6",
        Dualstack = "dualstack",
    }
}

xml_enum! {
    /// HTTP version CloudFront uses for connections to a custom or VPC origin. http2 negotiates
    /// HTTP/2 via ALPN, with automatic fallback to HTTP/1.1 if the origin does not support
    /// HTTP/2. CloudFront uses HTTP/2 only over TLS 1.2 or later; otherwise it uses HTTP/1.1.
    /// When absent, HTTP/1.1 is used.
    pub enum OriginHttpVersion {
        Http1_1 = "http1.1",
        Http2 = "http2",
    }
}

xml_enum! {
    /// `OriginGroupSelectionCriteria` values.
    pub enum OriginGroupSelectionCriteria {
        Default = "default",
        MediaQualityBased = "media-quality-based",
    }
}

xml_enum! {
    /// `ViewerProtocolPolicy` values.
    pub enum ViewerProtocolPolicy {
        AllowAll = "allow-all",
        HttpsOnly = "https-only",
        RedirectToHttps = "redirect-to-https",
    }
}

xml_enum! {
    /// `Method` values.
    pub enum Method {
        Get = "GET",
        Head = "HEAD",
        Post = "POST",
        Put = "PUT",
        Patch = "PATCH",
        Options = "OPTIONS",
        Delete = "DELETE",
    }
}

xml_enum! {
    /// `EventType` values.
    pub enum EventType {
        ViewerRequest = "viewer-request",
        ViewerResponse = "viewer-response",
        OriginRequest = "origin-request",
        OriginResponse = "origin-response",
    }
}

xml_enum! {
    /// `ItemSelection` values.
    pub enum ItemSelection {
        None = "none",
        Whitelist = "whitelist",
        All = "all",
    }
}

xml_enum! {
    /// `PriceClass` values.
    pub enum PriceClass {
        PriceClass100 = "PriceClass_100",
        PriceClass200 = "PriceClass_200",
        PriceClassAll = "PriceClass_All",
        None = "None",
    }
}

xml_enum! {
    /// `SSLSupportMethod` values.
    pub enum SslSupportMethod {
        SniOnly = "sni-only",
        Vip = "vip",
        StaticIp = "static-ip",
    }
}

xml_enum! {
    /// `MinimumProtocolVersion` values.
    pub enum MinimumProtocolVersion {
        SslV3 = "SSLv3",
        TlsV1 = "TLSv1",
        TlsV1_2016 = "TLSv1_2016",
        TlsV1_1_2016 = "TLSv1.1_2016",
        TlsV1_2_2018 = "TLSv1.2_2018",
        TlsV1_2_2019 = "TLSv1.2_2019",
        TlsV1_2_2021 = "TLSv1.2_2021",
        TlsV1_3_2025 = "TLSv1.3_2025",
        TlsV1_2_2025 = "TLSv1.2_2025",
    }
}

xml_enum! {
    /// `CertificateSource` values.
    pub enum CertificateSource {
        CloudFront = "cloudfront",
        Iam = "iam",
        Acm = "acm",
    }
}

xml_enum! {
    /// `GeoRestrictionType` values.
    pub enum GeoRestrictionType {
        Blacklist = "blacklist",
        Whitelist = "whitelist",
        None = "none",
    }
}

xml_enum! {
    /// `HttpVersion` values.
    pub enum HttpVersion {
        Http1_1 = "http1.1",
        Http2 = "http2",
        Http3 = "http3",
        Http2And3 = "http2and3",
    }
}

/// `http1.1`: what a distribution that predates the `HttpVersion` setting serves, and so what
/// a summary that omits the member (older servers and emulators) decodes to.
impl Default for HttpVersion {
    fn default() -> Self {
        HttpVersion::Http1_1
    }
}

xml_enum! {
    /// `ConnectionMode` values.
    pub enum ConnectionMode {
        Direct = "direct",
        TenantOnly = "tenant-only",
    }
}

xml_enum! {
    /// `ViewerMtlsMode` values.
    pub enum ViewerMtlsMode {
        Required = "required",
        Optional = "optional",
        Passthrough = "passthrough",
    }
}

xml_enum! {
    /// `ICPRecordalStatus` values.
    pub enum IcpRecordalStatus {
        Approved = "APPROVED",
        Suspended = "SUSPENDED",
        Pending = "PENDING",
    }
}
