//! What CloudFront returns about a distribution: `Distribution` (GetDistribution,
//! CreateDistribution, UpdateDistribution), `DistributionSummary` and the `DistributionList` page.

use super::*;
use crate::ids::DistributionId;
use crate::timestamp::Timestamp;
use crate::xml::list::{PlainList, QuantityList};
use crate::xml::structure::xml_structure;

xml_structure! {
    /// A distribution tells CloudFront where you want content to be delivered from, and the
    /// details about how to track and manage content delivery.
    pub struct Distribution {
        /// The distribution's identifier. For example: `E1U5RQF7T870K0`.
        ["Id"] req id: DistributionId;
        /// The distribution's Amazon Resource Name (ARN).
        ["ARN"] req_default arn: String;
        /// The distribution's status. When the status is `Deployed`, the distribution's
        /// information is fully propagated to all CloudFront edge locations.
        ["Status"] req status: DistributionStatus;
        /// The date and time when the distribution was last modified.
        ["LastModifiedTime"] req last_modified_time: Timestamp;
        /// The number of invalidation batches currently in progress.
        ["InProgressInvalidationBatches"] req in_progress_invalidation_batches: i32;
        /// The distribution's CloudFront domain name. For example:
        /// `d111111abcdef8.cloudfront.net`.
        ["DomainName"] req domain_name: String;
        /// We recommend using `TrustedKeyGroups` instead of `TrustedSigners`.
        ["ActiveTrustedSigners"] opt active_trusted_signers: ActiveTrustedSigners;
        /// This field contains a list of key groups and the public keys in each key group that
        /// CloudFront can use to verify the signatures of signed URLs or signed cookies.
        ["ActiveTrustedKeyGroups"] opt active_trusted_key_groups: ActiveTrustedKeyGroups;
        /// The distribution's configuration.
        ["DistributionConfig"] req distribution_config: DistributionConfig;
        /// Amazon Web Services services in China customers must file for an Internet Content
        /// Provider (ICP) recordal if they want to serve content publicly on an alternate
        /// domain name, also known as a CNAME, that they've added to CloudFront.
        /// AliasICPRecordal provides the ICP recordal status for CNAMEs associated with
        /// distributions.
        ["AliasICPRecordals"] opt_plain_list("AliasICPRecordal") alias_icp_recordals: AliasIcpRecordals;
    }
}

xml_structure! {
    /// A list of Amazon Web Services accounts and the active CloudFront key pairs in each
    /// account that CloudFront can use to verify the signatures of signed URLs and signed
    /// cookies.
    #[derive(Default)]
    pub struct ActiveTrustedSigners {
        /// This field is `true` if any of the Amazon Web Services accounts in the list are
        /// configured as trusted signers. If not, this field is `false`.
        ["Enabled"] req enabled: bool;
        ["Quantity"] quantity(items) quantity;
        /// A list of Amazon Web Services accounts and the identifiers of active CloudFront key
        /// pairs in each account that CloudFront can use to verify the signatures of signed
        /// URLs and signed cookies.
        ["Items"] items("Signer") items: Signer;
    }
}

xml_structure! {
    /// A list of Amazon Web Services accounts and the active CloudFront key pairs in each
    /// account that CloudFront can use to verify the signatures of signed URLs and signed
    /// cookies.
    #[derive(Default)]
    pub struct Signer {
        /// An Amazon Web Services account number that contains active CloudFront key pairs that
        /// CloudFront can use to verify the signatures of signed URLs and signed cookies. If
        /// the Amazon Web Services account that owns the key pairs is the same account that
        /// owns the CloudFront distribution, the value of this field is `self`.
        ["AwsAccountNumber"] opt aws_account_number: String;
        /// A list of CloudFront key pair identifiers.
        ["KeyPairIds"] opt_list("KeyPairId") key_pair_ids: KeyPairIds;
    }
}

/// A list of CloudFront key pair identifiers.
///
/// Entries are `<KeyPairId>` elements.
pub type KeyPairIds = QuantityList<String>;

xml_structure! {
    /// A list of key groups, and the public keys in each key group, that CloudFront can use to
    /// verify the signatures of signed URLs and signed cookies.
    #[derive(Default)]
    pub struct ActiveTrustedKeyGroups {
        /// This field is `true` if any of the key groups have public keys that CloudFront can
        /// use to verify the signatures of signed URLs and signed cookies. If not, this field
        /// is `false`.
        ["Enabled"] req enabled: bool;
        ["Quantity"] quantity(items) quantity;
        /// A list of key groups, including the identifiers of the public keys in each key group
        /// that CloudFront can use to verify the signatures of signed URLs and signed cookies.
        ["Items"] items("KeyGroup") items: KgKeyPairIds;
    }
}

xml_structure! {
    /// A list of identifiers for the public keys that CloudFront can use to verify the
    /// signatures of signed URLs and signed cookies.
    #[derive(Default)]
    pub struct KgKeyPairIds {
        /// The identifier of the key group that contains the public keys.
        ["KeyGroupId"] opt key_group_id: String;
        /// A list of CloudFront key pair identifiers.
        ["KeyPairIds"] opt_list("KeyPairId") key_pair_ids: KeyPairIds;
    }
}

/// A list without `Quantity`; entries are `<AliasICPRecordal>` elements.
pub type AliasIcpRecordals = PlainList<AliasIcpRecordal>;

xml_structure! {
    /// Amazon Web Services services in China customers must file for an Internet Content
    /// Provider (ICP) recordal if they want to serve content publicly on an alternate domain
    /// name, also known as a CNAME, that they've added to CloudFront. AliasICPRecordal provides
    /// the ICP recordal status for CNAMEs associated with distributions.
    #[derive(Default)]
    pub struct AliasIcpRecordal {
        /// A domain name associated with a distribution.
        ["CNAME"] opt cname: String;
        /// The Internet Content Provider (ICP) recordal status for a CNAME. The
        /// ICPRecordalStatus is set to APPROVED for all CNAMEs (aliases) in Amazon Web Services
        /// Regions outside of China.
        ["ICPRecordalStatus"] opt icp_recordal_status: IcpRecordalStatus;
    }
}

xml_structure! {
    /// A distribution list.
    #[derive(Default)]
    pub struct DistributionList {
        /// The value you provided for the `Marker` request parameter.
        ["Marker"] req marker: String;
        /// If `IsTruncated` is `true`, this element is present and contains the value you can
        /// use for the `Marker` request parameter to continue listing your distributions where
        /// they left off.
        ["NextMarker"] opt next_marker: String;
        /// The value you provided for the `MaxItems` request parameter.
        ["MaxItems"] req max_items: i32;
        /// A flag that indicates whether more distributions remain to be listed. If your
        /// results were truncated, you can make a follow-up pagination request using the
        /// `Marker` request parameter to retrieve more distributions in the list.
        ["IsTruncated"] req is_truncated: bool;
        ["Quantity"] quantity(items) quantity;
        /// A complex type that contains one `DistributionSummary` element for each distribution
        /// that was created by the current Amazon Web Services account.
        ["Items"] items("DistributionSummary") items: DistributionSummary;
    }
}

xml_structure! {
    /// A summary of the information about a CloudFront distribution.
    pub struct DistributionSummary {
        /// The identifier for the distribution. For example: `EDFDVBD632BHDS5`.
        ["Id"] req id: DistributionId;
        /// The ARN (Amazon Resource Name) for the distribution. For example:
        /// `arn:aws:cloudfront::123456789012:distribution/EDFDVBD632BHDS5`, where
        /// `123456789012` is your Amazon Web Services account ID.
        ["ARN"] req_default arn: String;
        /// The current version of the distribution.
        ["ETag"] opt etag: String;
        /// The current status of the distribution. When the status is `Deployed`, the
        /// distribution's information is propagated to all CloudFront edge locations.
        ["Status"] req status: DistributionStatus;
        /// The date and time the distribution was last modified.
        ["LastModifiedTime"] req last_modified_time: Timestamp;
        /// The domain name that corresponds to the distribution, for example,
        /// `d111111abcdef8.cloudfront.net`.
        ["DomainName"] req domain_name: String;
        /// A complex type that contains information about CNAMEs (alternate domain names), if
        /// any, for this distribution.
        ["Aliases"] req_list("CNAME") aliases: Aliases;
        /// A complex type that contains information about origins for this distribution.
        ["Origins"] req_list("Origin") origins: Origins;
        /// A complex type that contains information about origin groups for this distribution.
        ["OriginGroups"] opt_list("OriginGroup") origin_groups: OriginGroups;
        /// A complex type that describes the default cache behavior if you don't specify a
        /// `CacheBehavior` element or if files don't match any of the values of `PathPattern`
        /// in `CacheBehavior` elements. You must create exactly one default cache behavior.
        ["DefaultCacheBehavior"] req default_cache_behavior: DefaultCacheBehavior;
        /// A complex type that contains zero or more `CacheBehavior` elements.
        ["CacheBehaviors"] req_list("CacheBehavior") cache_behaviors: CacheBehaviors;
        /// A complex type that contains zero or more `CustomErrorResponses` elements.
        ["CustomErrorResponses"] req_list("CustomErrorResponse") custom_error_responses: CustomErrorResponses;
        /// The comment originally specified when this distribution was created.
        ["Comment"] req comment: String;
        /// A complex type that contains information about price class for this streaming
        /// distribution.
        ["PriceClass"] req price_class: PriceClass;
        /// Whether the distribution is enabled to accept user requests for content.
        ["Enabled"] req enabled: bool;
        /// A complex type that determines the distribution's SSL/TLS configuration for
        /// communicating with viewers.
        ["ViewerCertificate"] req viewer_certificate: ViewerCertificate;
        /// A complex type that identifies ways in which you want to restrict distribution of
        /// your content.
        ["Restrictions"] req restrictions: Restrictions;
        /// The Web ACL Id (if any) associated with the distribution.
        ["WebACLId"] req_default web_acl_id: String;
        /// Specify the maximum HTTP version that you want viewers to use to communicate with
        /// CloudFront. The default value for new web distributions is `http2`. Viewers that
        /// don't support `HTTP/2` will automatically use an earlier version.
        ["HttpVersion"] req_default http_version: HttpVersion;
        /// Whether CloudFront responds to IPv6 DNS requests with an IPv6 address for your
        /// distribution.
        ["IsIPV6Enabled"] req_default is_ipv6_enabled: bool;
        /// Amazon Web Services services in China customers must file for an Internet Content
        /// Provider (ICP) recordal if they want to serve content publicly on an alternate
        /// domain name, also known as a CNAME, that they've added to CloudFront.
        /// AliasICPRecordal provides the ICP recordal status for CNAMEs associated with
        /// distributions.
        ["AliasICPRecordals"] opt_plain_list("AliasICPRecordal") alias_icp_recordals: AliasIcpRecordals;
        /// A Boolean that indicates whether this is a staging distribution. When this value is
        /// `true`, this is a staging distribution. When this value is `false`, this is not a
        /// staging distribution.
        ["Staging"] req_default staging: bool;
        /// This field specifies whether the connection mode is through a standard distribution
        /// (direct) or a multi-tenant distribution with distribution tenants (tenant-only).
        ["ConnectionMode"] opt connection_mode: ConnectionMode;
        /// ID of the Anycast static IP list that is associated with the distribution.
        ["AnycastIpListId"] opt anycast_ip_list_id: String;
        /// The distribution's viewer mTLS configuration.
        ["ViewerMtlsConfig"] opt viewer_mtls_config: ViewerMtlsConfig;
        /// The distribution's connection function association.
        ["ConnectionFunctionAssociation"] opt connection_function_association: ConnectionFunctionAssociation;
    }
}

crate::xml::structure::xml_document!(
    Distribution,
    "Distribution",
    "the body of GetDistribution, CreateDistribution and UpdateDistribution"
);
crate::xml::structure::xml_document!(
    DistributionList,
    "DistributionList",
    "the body of ListDistributions"
);
crate::xml::structure::xml_document!(
    DistributionSummary,
    "DistributionSummary",
    "a single summary, as inside a `DistributionList`"
);
