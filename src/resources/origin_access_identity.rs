//! CloudFront origin access identities (OAI): the classic way to keep an S3 bucket private
//! behind CloudFront (the bucket policy grants the identity's S3 canonical user, or its
//! ARN, read access). AWS recommends origin access controls
//! ([`crate::resources::origin_access_control`]) for new setups; identities remain for
//! existing distributions and the regions and tools that still use them.
//!
//! Create (with a uuid caller reference unless you give one), read, list lazily, update
//! (read-modify-write with `If-Match`), delete (with a fresh ETag), and point an S3 origin at
//! an identity with [`Origin::with_origin_access_identity`].
//!
//! ```no_run
//! # fn main() -> Result<(), cloudfront::Error> {
//! use cloudfront::{Client, DistributionConfig, Origin, OriginAccessIdentityConfig};
//!
//! let client = Client::from_env()?;
//! let oai = client.create_origin_access_identity(OriginAccessIdentityConfig::new("site bucket"))?;
//! println!("grant s3:GetObject to canonical user {}", oai.s3_canonical_user_id);
//! let origin = Origin::s3("mybucket.s3.amazonaws.com").with_origin_access_identity(&oai);
//! client.create_distribution(DistributionConfig::new(origin))?;
//! # Ok(()) }
//! ```

pub use crate::model::origin_access_identity::*;

use crate::client::Client;
use crate::engine::Input;
use crate::error::{AlreadyCreated, Error};
use crate::model::operations::{
    CREATE_CLOUD_FRONT_ORIGIN_ACCESS_IDENTITY, LIST_CLOUD_FRONT_ORIGIN_ACCESS_IDENTITIES,
};
use crate::paging::Pager;
use crate::resources::distribution::{Origin, S3OriginConfig};
use crate::resources::versioned::{UpdateOptions, Versioned};

/// The prefix of the value an S3 origin's `OriginAccessIdentity` takes.
const S3_ORIGIN_PREFIX: &str = "origin-access-identity/cloudfront/";

/// The value of `S3OriginConfig.OriginAccessIdentity` for the identity `id`:
/// `origin-access-identity/cloudfront/<id>`.
///
/// ```
/// assert_eq!(
///     cloudfront::resources::origin_access_identity::s3_origin_value("E74FTE3AJFJ256A"),
///     "origin-access-identity/cloudfront/E74FTE3AJFJ256A"
/// );
/// ```
pub fn s3_origin_value(id: &str) -> String {
    format!("{S3_ORIGIN_PREFIX}{id}")
}

impl OriginAccessIdentityConfig {
    /// A configuration with this comment and no caller reference yet (the create fills in
    /// a uuid v4).
    pub fn new(comment: impl Into<String>) -> Self {
        OriginAccessIdentityConfig {
            caller_reference: String::new(),
            comment: comment.into(),
            unknown: Default::default(),
        }
    }

    /// Sets the caller reference (to make a create repeatable from another process).
    pub fn with_caller_reference(mut self, reference: impl Into<String>) -> Self {
        self.caller_reference = reference.into();
        self
    }
}

impl OriginAccessIdentity {
    /// The value for an S3 origin's `S3OriginConfig.OriginAccessIdentity`:
    /// `origin-access-identity/cloudfront/<id>` (the classic `get_oai_value`).
    ///
    /// ```
    /// use cloudfront::OriginAccessIdentity;
    ///
    /// let oai = OriginAccessIdentity::from_xml(
    ///     "<CloudFrontOriginAccessIdentity><Id>E74FTE3AJFJ256A</Id>\
    ///      <S3CanonicalUserId>cd13868f</S3CanonicalUserId></CloudFrontOriginAccessIdentity>",
    /// )?;
    /// assert_eq!(oai.s3_origin_value(), "origin-access-identity/cloudfront/E74FTE3AJFJ256A");
    /// # Ok::<(), cloudfront::DecodeError>(())
    /// ```
    pub fn s3_origin_value(&self) -> String {
        s3_origin_value(&self.id)
    }

    /// The identity's configuration, when the response carried it.
    pub fn config(&self) -> Option<&OriginAccessIdentityConfig> {
        self.cloud_front_origin_access_identity_config.as_ref()
    }
}

impl OriginAccessIdentitySummary {
    /// The value for an S3 origin's `S3OriginConfig.OriginAccessIdentity`.
    pub fn s3_origin_value(&self) -> String {
        s3_origin_value(&self.id)
    }

    /// The full identity this entry describes, with its ETag.
    pub fn origin_access_identity(
        &self,
        client: &Client,
    ) -> Result<Versioned<OriginAccessIdentity>, Error> {
        client.origin_access_identity(&self.id)
    }
}

impl Origin {
    /// Points this S3 origin at an origin access identity: sets
    /// `S3OriginConfig.OriginAccessIdentity` to `origin-access-identity/cloudfront/<id>`
    /// (adding an `S3OriginConfig` if there is none) and clears `OriginAccessControlId`, since
    /// CloudFront refuses an origin with both (`IllegalOriginAccessConfiguration`). For S3
    /// bucket origins (not website endpoints, which are custom origins).
    ///
    /// ```
    /// use cloudfront::{Origin, OriginAccessIdentity};
    ///
    /// let oai = OriginAccessIdentity::from_xml(
    ///     "<CloudFrontOriginAccessIdentity><Id>E74FTE3AJFJ256A</Id>\
    ///      <S3CanonicalUserId>cd13868f</S3CanonicalUserId></CloudFrontOriginAccessIdentity>",
    /// )?;
    /// let origin = Origin::s3("mybucket.s3.amazonaws.com").with_origin_access_identity(&oai);
    /// assert_eq!(
    ///     origin.s3_origin_config.unwrap().origin_access_identity,
    ///     "origin-access-identity/cloudfront/E74FTE3AJFJ256A"
    /// );
    /// # Ok::<(), cloudfront::DecodeError>(())
    /// ```
    pub fn with_origin_access_identity(mut self, oai: &OriginAccessIdentity) -> Self {
        self.s3_origin_config
            .get_or_insert_with(S3OriginConfig::default)
            .origin_access_identity = oai.s3_origin_value();
        self.origin_access_control_id = None;
        self
    }
}

/// A lazy listing of the account's origin access identities.
pub type OriginAccessIdentities = Pager<OriginAccessIdentitySummary>;

impl Client {
    /// Creates an origin access identity (CreateCloudFrontOriginAccessIdentity). An empty
    /// caller reference is filled with a fresh uuid v4, and the same reference (the same
    /// body) goes out on every retry: CloudFront answers a repeated create with the identity
    /// the first one made, so a retry never makes a second identity.
    ///
    /// A reference already used with another comment is refused by CloudFront; after a lost
    /// response, that is reported as [`Error::AlreadyCreated`].
    ///
    /// ```no_run
    /// # fn main() -> Result<(), cloudfront::Error> {
    /// use cloudfront::{Client, OriginAccessIdentityConfig};
    ///
    /// let client = Client::from_env()?;
    /// let oai = client.create_origin_access_identity(OriginAccessIdentityConfig::new("site"))?;
    /// println!("{} {} {}", oai.id, oai.s3_canonical_user_id, oai.s3_origin_value());
    /// # Ok(()) }
    /// ```
    pub fn create_origin_access_identity(
        &self,
        mut config: OriginAccessIdentityConfig,
    ) -> Result<Versioned<OriginAccessIdentity>, Error> {
        if config.caller_reference.is_empty() {
            config.caller_reference = crate::random::uuid_v4().to_string();
        }
        let spec = &CREATE_CLOUD_FRONT_ORIGIN_ACCESS_IDENTITY;
        let input = Input::default()
            .payload(spec, &config)?
            // Same CallerReference and configuration: CloudFront returns the original identity.
            .idempotent(true);
        let outcome = self.send_spec_with(spec, &input, None)?;
        match outcome.result {
            Ok(resp) => spec.decode_versioned(&resp),
            Err(Error::Service(e))
                if outcome.maybe_applied_earlier
                    && e.code == "CloudFrontOriginAccessIdentityAlreadyExists" =>
            {
                Err(Error::AlreadyCreated(Box::new(AlreadyCreated {
                    resource: "origin access identity",
                    caller_reference: config.caller_reference,
                    existing_id: None,
                    error: e,
                })))
            }
            Err(e) => Err(e),
        }
    }

    /// The origin access identity, with its ETag (GetCloudFrontOriginAccessIdentity).
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// let oai = client.origin_access_identity("E74FTE3AEXAMPLE")?;
    /// println!("{} {}", oai.id, oai.s3_canonical_user_id);
    /// # Ok(()) }
    /// ```
    pub fn origin_access_identity(
        &self,
        id: &str,
    ) -> Result<Versioned<OriginAccessIdentity>, Error> {
        self.get_resource(id)
    }

    /// The origin access identity's configuration, with its ETag
    /// (GetCloudFrontOriginAccessIdentityConfig).
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// let config = client.origin_access_identity_config("E74FTE3AEXAMPLE")?;
    /// println!("{}", config.comment);
    /// # Ok(()) }
    /// ```
    pub fn origin_access_identity_config(
        &self,
        id: &str,
    ) -> Result<Versioned<OriginAccessIdentityConfig>, Error> {
        self.get_resource_config::<OriginAccessIdentity>(id)
    }

    /// A lazy listing of the account's origin access identities
    /// (ListCloudFrontOriginAccessIdentities). Nothing is sent until the iterator is used;
    /// `max_items(n)` makes one request and `next_marker()` continues it.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), cloudfront::Error> {
    /// # let client = cloudfront::Client::from_env()?;
    /// for oai in client.origin_access_identities() {
    ///     let oai = oai?;
    ///     println!("{} {} {}", oai.id, oai.s3_canonical_user_id, oai.comment);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn origin_access_identities(&self) -> OriginAccessIdentities {
        self.list::<OriginAccessIdentityList>(
            &LIST_CLOUD_FRONT_ORIGIN_ACCESS_IDENTITIES,
            Input::default(),
        )
    }

    /// Sends a whole configuration with `If-Match: etag` (UpdateCloudFrontOriginAccessIdentity).
    /// Prefer [`Client::update_origin_access_identity`], which reads the current configuration
    /// first (the caller reference must be sent back unchanged, or CloudFront answers
    /// `IllegalUpdate`).
    ///
    /// If an attempt fails in a way that CloudFront may have applied it (its response was
    /// lost), the identity is read again before resending: when it already has this
    /// configuration, that read is the answer.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// let current = client.origin_access_identity_config("E74FTE3AEXAMPLE")?;
    /// let mut config = current.value.clone();
    /// config.comment = "renamed".into();
    /// client.put_origin_access_identity_config("E74FTE3AEXAMPLE", &config, &current.etag)?;
    /// # Ok(()) }
    /// ```
    pub fn put_origin_access_identity_config(
        &self,
        id: &str,
        config: &OriginAccessIdentityConfig,
        etag: &str,
    ) -> Result<Versioned<OriginAccessIdentity>, Error> {
        self.put_resource_config::<OriginAccessIdentity>(id, config, etag)
    }

    /// Read-modify-write: reads the identity and its ETag, lets `change` edit the
    /// configuration (in practice the comment), and writes it back with `If-Match`. When
    /// `change` leaves it as it was, nothing is sent and the identity as read is returned.
    /// A concurrent change surfaces as `PreconditionFailed`
    /// ([`Error::is_precondition_failed`]); see [`Client::update_origin_access_identity_with`].
    ///
    /// ```no_run
    /// # fn main() -> Result<(), cloudfront::Error> {
    /// # let client = cloudfront::Client::from_env()?;
    /// let updated = client.update_origin_access_identity("E74FTE3AJFJ256A", |config| {
    ///     config.comment = "site bucket (prod)".into();
    /// })?;
    /// println!("new ETag {}", updated.etag);
    /// # Ok(()) }
    /// ```
    pub fn update_origin_access_identity(
        &self,
        id: &str,
        change: impl FnMut(&mut OriginAccessIdentityConfig),
    ) -> Result<Versioned<OriginAccessIdentity>, Error> {
        self.update_origin_access_identity_with(id, UpdateOptions::default(), change)
    }

    /// [`Client::update_origin_access_identity`] with options, e.g. re-reading and
    /// re-applying the change on a concurrent change.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// use cloudfront::UpdateOptions;
    /// client.update_origin_access_identity_with("E74FTE3AEXAMPLE", UpdateOptions::new().conflict_retries(2), |c| {
    ///     c.comment = "renamed".into();
    /// })?;
    /// # Ok(()) }
    /// ```
    pub fn update_origin_access_identity_with(
        &self,
        id: &str,
        options: UpdateOptions,
        change: impl FnMut(&mut OriginAccessIdentityConfig),
    ) -> Result<Versioned<OriginAccessIdentity>, Error> {
        self.update_resource::<OriginAccessIdentity>(id, options, change)
    }

    /// Deletes the origin access identity, with `If-Match` set to the ETag of a fresh read.
    /// CloudFront refuses while a distribution still uses it
    /// (`CloudFrontOriginAccessIdentityInUse`, 409).
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// client.delete_origin_access_identity("E74FTE3AEXAMPLE")?;
    /// # Ok(()) }
    /// ```
    pub fn delete_origin_access_identity(&self, id: &str) -> Result<(), Error> {
        self.delete_resource::<OriginAccessIdentity>(id, None)
    }

    /// Deletes the origin access identity with an ETag you already hold. When an attempt's
    /// response was lost and the resend meets `NoSuchCloudFrontOriginAccessIdentity`, the
    /// earlier attempt deleted it: that is a success.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// let oai = client.origin_access_identity("E74FTE3AEXAMPLE")?;
    /// client.delete_origin_access_identity_with_etag(&oai.id, &oai.etag)?;
    /// # Ok(()) }
    /// ```
    pub fn delete_origin_access_identity_with_etag(
        &self,
        id: &str,
        etag: &str,
    ) -> Result<(), Error> {
        self.delete_resource::<OriginAccessIdentity>(id, Some(etag))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = "http://cloudfront.amazonaws.com/doc/2020-05-31/";

    #[test]
    fn config_encodes_in_model_order_under_the_model_root() {
        let xml = OriginAccessIdentityConfig::new("a & b")
            .with_caller_reference("ref-1")
            .to_xml()
            .unwrap();
        assert!(
            xml.ends_with(&format!(
                "<CloudFrontOriginAccessIdentityConfig xmlns=\"{NS}\"><CallerReference>ref-1</CallerReference><Comment>a &amp; b</Comment></CloudFrontOriginAccessIdentityConfig>"
            )),
            "{xml}"
        );
    }

    #[test]
    fn an_empty_comment_is_still_written() {
        // Comment is required: an empty one goes out as an empty element, not left out.
        let xml = OriginAccessIdentityConfig::new("")
            .with_caller_reference("r")
            .to_xml()
            .unwrap();
        assert!(
            xml.contains("<Comment/>") || xml.contains("<Comment></Comment>"),
            "{xml}"
        );
        let back = OriginAccessIdentityConfig::from_xml(&xml).unwrap();
        assert_eq!(back.comment, "");
    }

    #[test]
    fn origin_helpers_switch_between_oai_and_oac() {
        let oai = OriginAccessIdentity {
            id: "E74FTE3AJFJ256A".into(),
            s3_canonical_user_id: "cd13868f".into(),
            cloud_front_origin_access_identity_config: None,
            unknown: Default::default(),
        };
        let origin = Origin::s3("b.s3.amazonaws.com")
            .origin_access_control_id("E2T5YVBQ7MXSJC")
            .with_origin_access_identity(&oai);
        assert_eq!(origin.origin_access_control_id, None);
        assert_eq!(
            origin
                .s3_origin_config
                .as_ref()
                .unwrap()
                .origin_access_identity,
            "origin-access-identity/cloudfront/E74FTE3AJFJ256A"
        );
        let oac = crate::OriginAccessControl {
            id: "E2T5YVBQ7MXSJC".into(),
            origin_access_control_config: None,
            unknown: Default::default(),
        };
        let back = origin.with_origin_access_control(&oac);
        assert_eq!(
            back.origin_access_control_id.as_deref(),
            Some("E2T5YVBQ7MXSJC")
        );
        assert_eq!(back.s3_origin_config.unwrap().origin_access_identity, "");
    }
}
