//! The default cache behavior and the ordered cache behaviors: how each request path is served.

use super::*;
use crate::xml::list::QuantityList;
use crate::xml::structure::xml_structure;

xml_structure! {
    /// A complex type that describes the default cache behavior if you don't specify a
    /// `CacheBehavior` element or if request URLs don't match any of the values of
    /// `PathPattern` in `CacheBehavior` elements. You must create exactly one default cache
    /// behavior.
    pub struct DefaultCacheBehavior {
        /// The value of `ID` for the origin that you want CloudFront to route requests to when
        /// they use the default cache behavior.
        ["TargetOriginId"] req target_origin_id: String;
        /// We recommend using `TrustedKeyGroups` instead of `TrustedSigners`.
        ["TrustedSigners"] opt trusted_signers: TrustedSigners;
        /// A list of key groups that CloudFront can use to validate signed URLs or signed
        /// cookies.
        ["TrustedKeyGroups"] opt trusted_key_groups: TrustedKeyGroups;
        /// The protocol that viewers can use to access the files in the origin specified by
        /// `TargetOriginId` when a request matches the path pattern in `PathPattern`.
        ["ViewerProtocolPolicy"] req viewer_protocol_policy: ViewerProtocolPolicy;
        /// A complex type that controls which HTTP methods CloudFront processes and forwards to
        /// your Amazon S3 bucket or your custom origin.
        ["AllowedMethods"] opt allowed_methods: AllowedMethods;
        /// Indicates whether you want to distribute media files in the Microsoft Smooth
        /// Streaming format using the origin that is associated with this cache behavior. If
        /// so, specify `true`; if not, specify `false`.
        ["SmoothStreaming"] opt smooth_streaming: bool;
        /// Whether you want CloudFront to automatically compress certain files for this cache
        /// behavior. If so, specify `true`; if not, specify `false`. For more information, see
        /// Serving Compressed Files in the Amazon CloudFront Developer Guide.
        ["Compress"] opt compress: bool;
        /// A complex type that contains zero or more Lambda@Edge function associations for a
        /// cache behavior.
        ["LambdaFunctionAssociations"] opt_list("LambdaFunctionAssociation") lambda_function_associations: LambdaFunctionAssociations;
        /// A list of CloudFront functions that are associated with this cache behavior. Your
        /// functions must be published to the `LIVE` stage to associate them with a cache
        /// behavior.
        ["FunctionAssociations"] opt_list("FunctionAssociation") function_associations: FunctionAssociations;
        /// The value of `ID` for the field-level encryption configuration that you want
        /// CloudFront to use for encrypting specific fields of data for the default cache
        /// behavior.
        ["FieldLevelEncryptionId"] opt field_level_encryption_id: String;
        /// The Amazon Resource Name (ARN) of the real-time log configuration that is attached
        /// to this cache behavior. For more information, see Real-time logs in the Amazon
        /// CloudFront Developer Guide.
        ["RealtimeLogConfigArn"] opt realtime_log_config_arn: String;
        /// The unique identifier of the cache policy that is attached to the default cache
        /// behavior. For more information, see Creating cache policies or Using the managed
        /// cache policies in the Amazon CloudFront Developer Guide.
        ["CachePolicyId"] opt cache_policy_id: String;
        /// The unique identifier of the origin request policy that is attached to the default
        /// cache behavior. For more information, see Creating origin request policies or Using
        /// the managed origin request policies in the Amazon CloudFront Developer Guide.
        ["OriginRequestPolicyId"] opt origin_request_policy_id: String;
        /// The identifier for a response headers policy.
        ["ResponseHeadersPolicyId"] opt response_headers_policy_id: String;
        /// The gRPC configuration for your cache behavior.
        ["GrpcConfig"] opt grpc_config: GrpcConfig;
        /// This field is deprecated. We recommend that you use a cache policy or an origin
        /// request policy instead of this field. For more information, see Working with
        /// policies in the Amazon CloudFront Developer Guide.
        ["ForwardedValues"] opt forwarded_values: ForwardedValues;
        /// This field is deprecated. We recommend that you use the `MinTTL` field in a cache
        /// policy instead of this field. For more information, see Creating cache policies or
        /// Using the managed cache policies in the Amazon CloudFront Developer Guide.
        ["MinTTL"] opt min_ttl: i64;
        /// This field is deprecated. We recommend that you use the `DefaultTTL` field in a
        /// cache policy instead of this field. For more information, see Creating cache
        /// policies or Using the managed cache policies in the Amazon CloudFront Developer
        /// Guide.
        ["DefaultTTL"] opt default_ttl: i64;
        /// This field is deprecated. We recommend that you use the `MaxTTL` field in a cache
        /// policy instead of this field. For more information, see Creating cache policies or
        /// Using the managed cache policies in the Amazon CloudFront Developer Guide.
        ["MaxTTL"] opt max_ttl: i64;
    }
}

xml_structure! {
    /// A list of Amazon Web Services accounts whose public keys CloudFront can use to verify
    /// the signatures of signed URLs and signed cookies.
    #[derive(Default)]
    pub struct TrustedSigners {
        /// This field is `true` if any of the Amazon Web Services accounts in the list are
        /// configured as trusted signers. If not, this field is `false`.
        ["Enabled"] req enabled: bool;
        ["Quantity"] quantity(items) quantity;
        /// A list of Amazon Web Services account identifiers.
        ["Items"] items("AwsAccountNumber") items: String;
    }
}

xml_structure! {
    /// A list of key groups whose public keys CloudFront can use to verify the signatures of
    /// signed URLs and signed cookies.
    #[derive(Default)]
    pub struct TrustedKeyGroups {
        /// This field is `true` if any of the key groups in the list have public keys that
        /// CloudFront can use to verify the signatures of signed URLs and signed cookies. If
        /// not, this field is `false`.
        ["Enabled"] req enabled: bool;
        ["Quantity"] quantity(items) quantity;
        /// A list of key groups identifiers.
        ["Items"] items("KeyGroup") items: String;
    }
}

xml_structure! {
    /// A complex type that controls which HTTP methods CloudFront processes and forwards to
    /// your Amazon S3 bucket or your custom origin.
    #[derive(Default)]
    pub struct AllowedMethods {
        ["Quantity"] quantity(items) quantity;
        /// A complex type that contains the HTTP methods that you want CloudFront to process
        /// and forward to your origin.
        ["Items"] items("Method") items: Method;
        /// A complex type that controls whether CloudFront caches the response to requests
        /// using the specified HTTP methods. There are two choices: CloudFront caches responses
        /// to `GET` and `HEAD` requests; CloudFront caches responses to `GET`, `HEAD`, and
        /// `OPTIONS` requests.
        ["CachedMethods"] opt_list("Method") cached_methods: CachedMethods;
    }
}

/// A complex type that controls whether CloudFront caches the response to requests using the
/// specified HTTP methods. There are two choices: CloudFront caches responses to `GET` and
/// `HEAD` requests; CloudFront caches responses to `GET`, `HEAD`, and `OPTIONS` requests.
///
/// Entries are `<Method>` elements.
pub type CachedMethods = QuantityList<Method>;

/// A complex type that specifies a list of Lambda@Edge functions associations for a cache
/// behavior.
///
/// Entries are `<LambdaFunctionAssociation>` elements.
pub type LambdaFunctionAssociations = QuantityList<LambdaFunctionAssociation>;

xml_structure! {
    /// A complex type that contains a Lambda@Edge function association.
    pub struct LambdaFunctionAssociation {
        /// The ARN of the Lambda@Edge function. You must specify the ARN of a function version;
        /// you can't specify an alias or $LATEST.
        ["LambdaFunctionARN"] req lambda_function_arn: String;
        /// Specifies the event type that triggers a Lambda@Edge function invocation.
        ["EventType"] req event_type: EventType;
        /// A flag that allows a Lambda@Edge function to have read access to the body content.
        /// For more information, see Accessing the Request Body by Choosing the Include Body
        /// Option in the Amazon CloudFront Developer Guide.
        ["IncludeBody"] opt include_body: bool;
    }
}

/// A list of CloudFront functions that are associated with a cache behavior in a CloudFront
/// distribution. Your functions must be published to the `LIVE` stage to associate them with a
/// cache behavior.
///
/// Entries are `<FunctionAssociation>` elements.
pub type FunctionAssociations = QuantityList<FunctionAssociation>;

xml_structure! {
    /// A CloudFront function that is associated with a cache behavior in a CloudFront
    /// distribution.
    pub struct FunctionAssociation {
        /// The Amazon Resource Name (ARN) of the function.
        ["FunctionARN"] req function_arn: String;
        /// The event type of the function, either `viewer-request` or `viewer-response`. You
        /// cannot use origin-facing event types (`origin-request` and `origin-response`) with a
        /// CloudFront function.
        ["EventType"] req event_type: EventType;
    }
}

xml_structure! {
    /// Amazon CloudFront supports gRPC, an open-source remote procedure call (RPC) framework
    /// built on HTTP/2. gRPC offers bi-directional streaming and binary protocol that buffers
    /// payloads, making it suitable for applications that require low latency communications.
    #[derive(Default)]
    pub struct GrpcConfig {
        /// Enables your CloudFront distribution to receive gRPC requests and to proxy them
        /// directly to your origins.
        ["Enabled"] req enabled: bool;
    }
}

xml_structure! {
    /// This field is deprecated. We recommend that you use a cache policy or an origin request
    /// policy instead of this field.
    pub struct ForwardedValues {
        /// This field is deprecated. We recommend that you use a cache policy or an origin
        /// request policy instead of this field.
        ["QueryString"] req query_string: bool;
        /// This field is deprecated. We recommend that you use a cache policy or an origin
        /// request policy instead of this field.
        ["Cookies"] req cookies: CookiePreference;
        /// This field is deprecated. We recommend that you use a cache policy or an origin
        /// request policy instead of this field.
        ["Headers"] opt_list("Name") headers: Headers;
        /// This field is deprecated. We recommend that you use a cache policy or an origin
        /// request policy instead of this field.
        ["QueryStringCacheKeys"] opt_list("Name") query_string_cache_keys: QueryStringCacheKeys;
    }
}

xml_structure! {
    /// This field is deprecated. We recommend that you use a cache policy or an origin request
    /// policy instead of this field.
    pub struct CookiePreference {
        /// This field is deprecated. We recommend that you use a cache policy or an origin
        /// request policy instead of this field.
        ["Forward"] req forward: ItemSelection;
        /// This field is deprecated. We recommend that you use a cache policy or an origin
        /// request policy instead of this field.
        ["WhitelistedNames"] opt_list("Name") whitelisted_names: CookieNames;
    }
}

/// Contains a list of cookie names.
///
/// Entries are `<Name>` elements.
pub type CookieNames = QuantityList<String>;

/// Contains a list of HTTP header names.
///
/// Entries are `<Name>` elements.
pub type Headers = QuantityList<String>;

/// This field is deprecated. We recommend that you use a cache policy or an origin request
/// policy instead of this field.
///
/// Entries are `<Name>` elements.
pub type QueryStringCacheKeys = QuantityList<String>;

/// A complex type that contains zero or more `CacheBehavior` elements.
///
/// Entries are `<CacheBehavior>` elements.
pub type CacheBehaviors = QuantityList<CacheBehavior>;

xml_structure! {
    /// A complex type that describes how CloudFront processes requests.
    pub struct CacheBehavior {
        /// The pattern (for example, `images/*.jpg`) that specifies which requests to apply the
        /// behavior to. When CloudFront receives a viewer request, the requested path is
        /// compared with path patterns in the order in which cache behaviors are listed in the
        /// distribution.
        ["PathPattern"] req path_pattern: String;
        /// The value of `ID` for the origin that you want CloudFront to route requests to when
        /// they match this cache behavior.
        ["TargetOriginId"] req target_origin_id: String;
        /// We recommend using `TrustedKeyGroups` instead of `TrustedSigners`.
        ["TrustedSigners"] opt trusted_signers: TrustedSigners;
        /// A list of key groups that CloudFront can use to validate signed URLs or signed
        /// cookies.
        ["TrustedKeyGroups"] opt trusted_key_groups: TrustedKeyGroups;
        /// The protocol that viewers can use to access the files in the origin specified by
        /// `TargetOriginId` when a request matches the path pattern in `PathPattern`.
        ["ViewerProtocolPolicy"] req viewer_protocol_policy: ViewerProtocolPolicy;
        /// A complex type that controls which HTTP methods CloudFront processes and forwards to
        /// your Amazon S3 bucket or your custom origin.
        ["AllowedMethods"] opt allowed_methods: AllowedMethods;
        /// Indicates whether you want to distribute media files in the Microsoft Smooth
        /// Streaming format using the origin that is associated with this cache behavior. If
        /// so, specify `true`; if not, specify `false`.
        ["SmoothStreaming"] opt smooth_streaming: bool;
        /// Whether you want CloudFront to automatically compress certain files for this cache
        /// behavior. If so, specify true; if not, specify false. For more information, see
        /// Serving Compressed Files in the Amazon CloudFront Developer Guide.
        ["Compress"] opt compress: bool;
        /// A complex type that contains zero or more Lambda@Edge function associations for a
        /// cache behavior.
        ["LambdaFunctionAssociations"] opt_list("LambdaFunctionAssociation") lambda_function_associations: LambdaFunctionAssociations;
        /// A list of CloudFront functions that are associated with this cache behavior.
        /// CloudFront functions must be published to the `LIVE` stage to associate them with a
        /// cache behavior.
        ["FunctionAssociations"] opt_list("FunctionAssociation") function_associations: FunctionAssociations;
        /// The value of `ID` for the field-level encryption configuration that you want
        /// CloudFront to use for encrypting specific fields of data for this cache behavior.
        ["FieldLevelEncryptionId"] opt field_level_encryption_id: String;
        /// The Amazon Resource Name (ARN) of the real-time log configuration that is attached
        /// to this cache behavior. For more information, see Real-time logs in the Amazon
        /// CloudFront Developer Guide.
        ["RealtimeLogConfigArn"] opt realtime_log_config_arn: String;
        /// The unique identifier of the cache policy that is attached to this cache behavior.
        /// For more information, see Creating cache policies or Using the managed cache
        /// policies in the Amazon CloudFront Developer Guide.
        ["CachePolicyId"] opt cache_policy_id: String;
        /// The unique identifier of the origin request policy that is attached to this cache
        /// behavior. For more information, see Creating origin request policies or Using the
        /// managed origin request policies in the Amazon CloudFront Developer Guide.
        ["OriginRequestPolicyId"] opt origin_request_policy_id: String;
        /// The identifier for a response headers policy.
        ["ResponseHeadersPolicyId"] opt response_headers_policy_id: String;
        /// The gRPC configuration for your cache behavior.
        ["GrpcConfig"] opt grpc_config: GrpcConfig;
        /// This field is deprecated. We recommend that you use a cache policy or an origin
        /// request policy instead of this field. For more information, see Working with
        /// policies in the Amazon CloudFront Developer Guide.
        ["ForwardedValues"] opt forwarded_values: ForwardedValues;
        /// This field is deprecated. We recommend that you use the `MinTTL` field in a cache
        /// policy instead of this field. For more information, see Creating cache policies or
        /// Using the managed cache policies in the Amazon CloudFront Developer Guide.
        ["MinTTL"] opt min_ttl: i64;
        /// This field is deprecated. We recommend that you use the `DefaultTTL` field in a
        /// cache policy instead of this field. For more information, see Creating cache
        /// policies or Using the managed cache policies in the Amazon CloudFront Developer
        /// Guide.
        ["DefaultTTL"] opt default_ttl: i64;
        /// This field is deprecated. We recommend that you use the `MaxTTL` field in a cache
        /// policy instead of this field. For more information, see Creating cache policies or
        /// Using the managed cache policies in the Amazon CloudFront Developer Guide.
        ["MaxTTL"] opt max_ttl: i64;
    }
}

/// The id of the AWS managed cache policy "CachingOptimized": long TTLs (1 day default,
/// 1 year max), no headers, cookies or query strings in the cache key, gzip and Brotli
/// normalisation. The usual choice for static content.
pub const CACHING_OPTIMIZED_POLICY_ID: &str = "658327ea-f89d-4fab-a63d-7e88639e58f6";

/// The id of the AWS managed cache policy "CachingDisabled" (TTL 0, for dynamic content).
pub const CACHING_DISABLED_POLICY_ID: &str = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";

impl DefaultCacheBehavior {
    /// A default cache behavior sending every request to the origin `target_origin_id`:
    /// viewers are redirected to HTTPS, responses are compressed, and caching follows the
    /// managed "CachingOptimized" policy ([`CACHING_OPTIMIZED_POLICY_ID`]).
    ///
    /// A cache policy rather than `ForwardedValues` and `MinTTL`/`DefaultTTL`/`MaxTTL`: the
    /// model marks those legacy members deprecated, and CloudFront refuses a behavior that
    /// sets both a cache policy and them.
    ///
    /// ```
    /// use cloudfront::resources::distribution::{DefaultCacheBehavior, ViewerProtocolPolicy};
    ///
    /// let b = DefaultCacheBehavior::new("my-origin");
    /// assert_eq!(b.viewer_protocol_policy, ViewerProtocolPolicy::RedirectToHttps);
    /// assert!(b.forwarded_values.is_none() && b.min_ttl.is_none());
    /// ```
    pub fn new(target_origin_id: impl Into<String>) -> Self {
        DefaultCacheBehavior {
            target_origin_id: target_origin_id.into(),
            trusted_signers: None,
            trusted_key_groups: None,
            viewer_protocol_policy: ViewerProtocolPolicy::RedirectToHttps,
            allowed_methods: None,
            smooth_streaming: None,
            compress: Some(true),
            lambda_function_associations: None,
            function_associations: None,
            field_level_encryption_id: None,
            realtime_log_config_arn: None,
            cache_policy_id: Some(CACHING_OPTIMIZED_POLICY_ID.to_string()),
            origin_request_policy_id: None,
            response_headers_policy_id: None,
            grpc_config: None,
            forwarded_values: None,
            min_ttl: None,
            default_ttl: None,
            max_ttl: None,
            unknown: Default::default(),
        }
    }
}

impl CacheBehavior {
    /// A cache behavior for requests matching `path_pattern` (`/images/*`), sent to the origin
    /// `target_origin_id`, with the same defaults as [`DefaultCacheBehavior::new`].
    pub fn new(path_pattern: impl Into<String>, target_origin_id: impl Into<String>) -> Self {
        CacheBehavior {
            path_pattern: path_pattern.into(),
            target_origin_id: target_origin_id.into(),
            trusted_signers: None,
            trusted_key_groups: None,
            viewer_protocol_policy: ViewerProtocolPolicy::RedirectToHttps,
            allowed_methods: None,
            smooth_streaming: None,
            compress: Some(true),
            lambda_function_associations: None,
            function_associations: None,
            field_level_encryption_id: None,
            realtime_log_config_arn: None,
            cache_policy_id: Some(CACHING_OPTIMIZED_POLICY_ID.to_string()),
            origin_request_policy_id: None,
            response_headers_policy_id: None,
            grpc_config: None,
            forwarded_values: None,
            min_ttl: None,
            default_ttl: None,
            max_ttl: None,
            unknown: Default::default(),
        }
    }
}
