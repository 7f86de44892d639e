//! `DistributionConfig` and the settings that hang directly off it (aliases, error responses,
//! logging, certificate, restrictions, tenants, mTLS, ...).

use super::*;

impl DistributionConfig {
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
}

/// `http1.1`: what a distribution that predates the `HttpVersion` setting serves, and so what
/// a summary that omits the member (older servers and emulators) decodes to.
impl Default for HttpVersion {
    fn default() -> Self {
        HttpVersion::Http1_1
    }
}
