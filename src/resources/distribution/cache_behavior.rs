//! The default cache behavior and the ordered cache behaviors: how each request path is served.

use super::*;

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
