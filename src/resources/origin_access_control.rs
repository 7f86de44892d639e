//! Origin access controls (OAC): the current way to keep an S3 bucket (or a MediaStore,
//! MediaPackage v2 or Lambda function URL origin) private behind CloudFront. CloudFront signs
//! its requests to the origin with SigV4; the bucket policy grants `cloudfront.amazonaws.com`
//! read access for the distribution's ARN.
//!
//! Create, read (with the configuration alone or not), list lazily, update (read-modify-write
//! with `If-Match`) and delete (with a fresh ETag), then attach the control to an origin with
//! [`Origin::with_origin_access_control`].
//!
//! ```no_run
//! # fn main() -> Result<(), cloudfront::Error> {
//! use cloudfront::{Client, DistributionConfig, Origin, OriginAccessControlConfig};
//!
//! let client = Client::from_env()?;
//! let oac = client.create_origin_access_control(
//!     OriginAccessControlConfig::s3("mybucket-oac").description("site bucket"),
//! )?;
//! let origin = Origin::s3("mybucket.s3.us-east-1.amazonaws.com").with_origin_access_control(&oac);
//! client.create_distribution(DistributionConfig::new(origin))?;
//! for summary in client.origin_access_controls() {
//!     let summary = summary?;
//!     println!("{} {} {}", summary.id, summary.name, summary.signing_behavior);
//! }
//! # Ok(()) }
//! ```

pub use crate::model::origin_access_control::*;

use crate::client::Client;
use crate::engine::{Input, VersionedResource};
use crate::error::{Error, InvalidInput};
use crate::model::operations::{CREATE_ORIGIN_ACCESS_CONTROL, LIST_ORIGIN_ACCESS_CONTROLS};
use crate::paging::Pager;
use crate::resources::distribution::Origin;
use crate::resources::versioned::{UpdateOptions, Versioned};
use crate::transport::HttpResponse;

impl OriginAccessControlConfig {
    /// A configuration for an origin of type `origin_type`, signing `always` with `sigv4`.
    pub fn new(name: impl Into<String>, origin_type: OriginAccessControlOriginType) -> Self {
        OriginAccessControlConfig {
            name: name.into(),
            description: None,
            signing_protocol: OriginAccessControlSigningProtocol::SigV4,
            signing_behavior: OriginAccessControlSigningBehavior::Always,
            origin_access_control_origin_type: origin_type,
            unknown: Default::default(),
        }
    }

    /// The usual configuration for an S3 bucket origin: `sigv4`, sign `always`, type `s3`.
    ///
    /// ```
    /// use cloudfront::OriginAccessControlConfig;
    /// use cloudfront::resources::origin_access_control::{
    ///     OriginAccessControlOriginType, OriginAccessControlSigningBehavior,
    ///     OriginAccessControlSigningProtocol,
    /// };
    ///
    /// let config = OriginAccessControlConfig::s3("mybucket-oac");
    /// assert_eq!(config.signing_protocol, OriginAccessControlSigningProtocol::SigV4);
    /// assert_eq!(config.signing_behavior, OriginAccessControlSigningBehavior::Always);
    /// assert_eq!(config.origin_access_control_origin_type, OriginAccessControlOriginType::S3);
    /// assert!(config.to_xml()?.contains("<Name>mybucket-oac</Name><SigningProtocol>sigv4</SigningProtocol>"));
    /// # Ok::<(), cloudfront::InvalidInput>(())
    /// ```
    pub fn s3(name: impl Into<String>) -> Self {
        Self::new(name, OriginAccessControlOriginType::S3)
    }

    /// Sets the description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets which requests CloudFront signs.
    pub fn signing_behavior(mut self, behavior: OriginAccessControlSigningBehavior) -> Self {
        self.signing_behavior = behavior;
        self
    }

    /// Sets the signing protocol.
    pub fn signing_protocol(mut self, protocol: OriginAccessControlSigningProtocol) -> Self {
        self.signing_protocol = protocol;
        self
    }

    /// Whether a listing entry describes this configuration (an absent description and an
    /// empty one are the same).
    fn matches(&self, summary: &OriginAccessControlSummary) -> bool {
        summary.name == self.name
            && summary.description == self.description.as_deref().unwrap_or("")
            && summary.signing_protocol == self.signing_protocol
            && summary.signing_behavior == self.signing_behavior
            && summary.origin_access_control_origin_type == self.origin_access_control_origin_type
    }

    pub(crate) fn validate(&self) -> Result<(), InvalidInput> {
        if self.name.trim().is_empty() {
            return Err(InvalidInput::new(
                "an origin access control needs a name (up to 64 characters)",
            ));
        }
        Ok(())
    }
}

impl OriginAccessControlSummary {
    /// The full origin access control this entry describes, with its ETag.
    pub fn origin_access_control(
        &self,
        client: &Client,
    ) -> Result<Versioned<OriginAccessControl>, Error> {
        client.origin_access_control(&self.id)
    }
}

impl Origin {
    /// Attaches an origin access control to this (S3) origin: sets `OriginAccessControlId`
    /// and clears a legacy origin access identity from `S3OriginConfig`, since CloudFront
    /// refuses an origin with both (`IllegalOriginAccessConfiguration`). This is also the
    /// migration from an OAI to an OAC.
    ///
    /// ```
    /// use cloudfront::{Origin, OriginAccessControl};
    ///
    /// let oac = OriginAccessControl::from_xml(
    ///     "<OriginAccessControl><Id>E2T5YVBQ7MXSJC</Id></OriginAccessControl>",
    /// )?;
    /// let origin = Origin::s3("mybucket.s3.amazonaws.com").with_origin_access_control(&oac);
    /// assert_eq!(origin.origin_access_control_id.as_deref(), Some("E2T5YVBQ7MXSJC"));
    /// assert_eq!(origin.s3_origin_config.unwrap().origin_access_identity, "");
    /// # Ok::<(), cloudfront::DecodeError>(())
    /// ```
    pub fn with_origin_access_control(mut self, oac: &OriginAccessControl) -> Self {
        self.origin_access_control_id = Some(oac.id.clone());
        if let Some(s3) = &mut self.s3_origin_config {
            s3.origin_access_identity.clear();
        }
        self
    }
}

/// A lazy listing of the account's origin access controls.
pub type OriginAccessControls = Pager<OriginAccessControlSummary>;

impl Client {
    /// Creates an origin access control (CreateOriginAccessControl).
    ///
    /// The API has no caller reference for this call; CloudFront refuses a second control
    /// with the same name (`OriginAccessControlAlreadyExists`). So that a retry after a
    /// failure the service may have acted on (a lost response) never makes a second one,
    /// the listing is searched for a control with this exact configuration before resending,
    /// and that one is returned if found.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), cloudfront::Error> {
    /// use cloudfront::{Client, OriginAccessControlConfig};
    ///
    /// let client = Client::from_env()?;
    /// let oac = client.create_origin_access_control(OriginAccessControlConfig::s3("site-oac"))?;
    /// println!("{} (ETag {})", oac.id, oac.etag);
    /// # Ok(()) }
    /// ```
    pub fn create_origin_access_control(
        &self,
        config: OriginAccessControlConfig,
    ) -> Result<Versioned<OriginAccessControl>, Error> {
        config.validate()?;
        let spec = &CREATE_ORIGIN_ACCESS_CONTROL;
        let input = Input::default()
            .payload(spec, &config)?
            // Names are unique: a resend cannot make a second control on CloudFront, and the
            // reconcile step below keeps it from doing so on a server that does not check.
            .idempotent(true);
        let mut reconcile = || self.find_origin_access_control(&config);
        let outcome = self.send_spec_with(spec, &input, Some(&mut reconcile))?;
        match outcome.result {
            Ok(resp) => spec.decode_versioned(&resp),
            Err(e)
                if outcome.maybe_applied_earlier
                    && e.code() == Some("OriginAccessControlAlreadyExists") =>
            {
                // The earlier attempt may have created it after all (a listing can lag).
                match self.find_origin_access_control(&config) {
                    Ok(Some(resp)) => {
                        log::info!(
                            "CreateOriginAccessControl: the lost response of an earlier attempt created {:?}; returning it",
                            config.name
                        );
                        OriginAccessControl::GET.decode_versioned(&resp)
                    }
                    _ => Err(e),
                }
            }
            Err(e) => Err(e),
        }
    }

    /// Looks for an origin access control with exactly this configuration and returns its
    /// GetOriginAccessControl response.
    fn find_origin_access_control(
        &self,
        config: &OriginAccessControlConfig,
    ) -> Result<Option<HttpResponse>, Error> {
        let walk = self
            .origin_access_controls()
            .max_pages(crate::paging::MAX_WALK_PAGES);
        for summary in walk {
            let summary = summary?;
            if config.matches(&summary) {
                let get = OriginAccessControl::GET;
                return Ok(Some(self.send_spec(get, &Input::labels([&summary.id]))?));
            }
        }
        Ok(None)
    }

    /// The origin access control, with its ETag (GetOriginAccessControl).
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// let oac = client.origin_access_control("E2T5YVBQ7MXSJC")?;
    /// println!("{} (ETag {})", oac.id, oac.etag);
    /// # Ok(()) }
    /// ```
    pub fn origin_access_control(&self, id: &str) -> Result<Versioned<OriginAccessControl>, Error> {
        self.get_resource(id)
    }

    /// The origin access control's configuration, with its ETag
    /// (GetOriginAccessControlConfig).
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// let config = client.origin_access_control_config("E2T5YVBQ7MXSJC")?;
    /// println!("{}", config.name);
    /// # Ok(()) }
    /// ```
    pub fn origin_access_control_config(
        &self,
        id: &str,
    ) -> Result<Versioned<OriginAccessControlConfig>, Error> {
        self.get_resource_config::<OriginAccessControl>(id)
    }

    /// A lazy listing of the account's origin access controls (ListOriginAccessControls).
    /// Nothing is sent until the iterator is used; the listing ends when a page has no
    /// `NextMarker`, as the model's paginator says.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), cloudfront::Error> {
    /// # let client = cloudfront::Client::from_env()?;
    /// let mine = client
    ///     .origin_access_controls()
    ///     .filter_map(Result::ok)
    ///     .find(|s| s.name == "site-oac");
    /// # let _ = mine; Ok(()) }
    /// ```
    pub fn origin_access_controls(&self) -> OriginAccessControls {
        self.list::<OriginAccessControlList>(&LIST_ORIGIN_ACCESS_CONTROLS, Input::default())
    }

    /// Sends a whole configuration with `If-Match: etag` (UpdateOriginAccessControl). Prefer
    /// [`Client::update_origin_access_control`], which reads the current configuration first.
    ///
    /// If an attempt fails in a way that CloudFront may have applied it (its response was
    /// lost), the control is read again before resending: when it already has this
    /// configuration, that read is the answer.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// let current = client.origin_access_control_config("E2T5YVBQ7MXSJC")?;
    /// let mut config = current.value.clone();
    /// config.description = Some("site".into());
    /// client.put_origin_access_control_config("E2T5YVBQ7MXSJC", &config, &current.etag)?;
    /// # Ok(()) }
    /// ```
    pub fn put_origin_access_control_config(
        &self,
        id: &str,
        config: &OriginAccessControlConfig,
        etag: &str,
    ) -> Result<Versioned<OriginAccessControl>, Error> {
        self.put_resource_config::<OriginAccessControl>(id, config, etag)
    }

    /// Read-modify-write: reads the origin access control and its ETag, lets `change` edit
    /// the configuration (elements this crate does not know are kept), and writes it back
    /// with `If-Match`. When `change` leaves the configuration as it was, nothing is sent and
    /// the control as read is returned. A concurrent change surfaces as `PreconditionFailed`
    /// ([`Error::is_precondition_failed`]); see [`Client::update_origin_access_control_with`].
    ///
    /// ```no_run
    /// # fn main() -> Result<(), cloudfront::Error> {
    /// # let client = cloudfront::Client::from_env()?;
    /// use cloudfront::resources::origin_access_control::OriginAccessControlSigningBehavior;
    ///
    /// let updated = client.update_origin_access_control("E2T5YVBQ7MXSJC", |config| {
    ///     config.signing_behavior = OriginAccessControlSigningBehavior::NoOverride;
    /// })?;
    /// println!("new ETag {}", updated.etag);
    /// # Ok(()) }
    /// ```
    pub fn update_origin_access_control(
        &self,
        id: &str,
        change: impl FnMut(&mut OriginAccessControlConfig),
    ) -> Result<Versioned<OriginAccessControl>, Error> {
        self.update_origin_access_control_with(id, UpdateOptions::default(), change)
    }

    /// [`Client::update_origin_access_control`] with options, e.g. re-reading and re-applying
    /// the change on a concurrent change.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// use cloudfront::UpdateOptions;
    /// client.update_origin_access_control_with("E2T5YVBQ7MXSJC", UpdateOptions::new().conflict_retries(2), |c| {
    ///     c.description = Some("site".into());
    /// })?;
    /// # Ok(()) }
    /// ```
    pub fn update_origin_access_control_with(
        &self,
        id: &str,
        options: UpdateOptions,
        change: impl FnMut(&mut OriginAccessControlConfig),
    ) -> Result<Versioned<OriginAccessControl>, Error> {
        self.update_resource::<OriginAccessControl>(id, options, change)
    }

    /// Deletes the origin access control, with `If-Match` set to the ETag of a fresh read.
    /// CloudFront refuses while a distribution's origin still uses it
    /// (`OriginAccessControlInUse`, 409): detach it first.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// client.delete_origin_access_control("E2T5YVBQ7MXSJC")?;
    /// # Ok(()) }
    /// ```
    pub fn delete_origin_access_control(&self, id: &str) -> Result<(), Error> {
        self.delete_resource::<OriginAccessControl>(id, None)
    }

    /// Deletes the origin access control with an ETag you already hold. When an attempt's
    /// response was lost and the resend meets `NoSuchOriginAccessControl`, the earlier
    /// attempt deleted it: that is a success.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// let oac = client.origin_access_control("E2T5YVBQ7MXSJC")?;
    /// client.delete_origin_access_control_with_etag(&oac.id, &oac.etag)?;
    /// # Ok(()) }
    /// ```
    pub fn delete_origin_access_control_with_etag(
        &self,
        id: &str,
        etag: &str,
    ) -> Result<(), Error> {
        self.delete_resource::<OriginAccessControl>(id, Some(etag))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = "http://cloudfront.amazonaws.com/doc/2020-05-31/";

    #[test]
    fn s3_config_encodes_in_model_order() {
        let xml = OriginAccessControlConfig::s3("site")
            .description("bucket")
            .to_xml()
            .unwrap();
        assert!(
            xml.ends_with(&format!(
                "<OriginAccessControlConfig xmlns=\"{NS}\"><Name>site</Name><Description>bucket</Description><SigningProtocol>sigv4</SigningProtocol><SigningBehavior>always</SigningBehavior><OriginAccessControlOriginType>s3</OriginAccessControlOriginType></OriginAccessControlConfig>"
            )),
            "{xml}"
        );
        assert_eq!(
            OriginAccessControlConfig::from_xml(&xml).unwrap(),
            OriginAccessControlConfig::s3("site").description("bucket")
        );
    }

    #[test]
    fn unknown_values_and_elements_survive() {
        let xml = format!(
            "<OriginAccessControlConfig xmlns=\"{NS}\"><Name>n</Name><SigningProtocol>sigv5</SigningProtocol><SigningBehavior>sometimes</SigningBehavior><OriginAccessControlOriginType>s3</OriginAccessControlOriginType><Future>x</Future></OriginAccessControlConfig>"
        );
        let config = OriginAccessControlConfig::from_xml(&xml).unwrap();
        assert_eq!(
            config.signing_protocol,
            OriginAccessControlSigningProtocol::Other("sigv5".into())
        );
        assert_eq!(config.unknown_element_count(), 1);
        let back = config.to_xml().unwrap();
        assert!(back.contains("<SigningBehavior>sometimes</SigningBehavior>"));
        assert!(back.ends_with("<Future>x</Future></OriginAccessControlConfig>"));
    }

    #[test]
    fn a_summary_without_description_decodes_and_matches_an_absent_one() {
        let list = OriginAccessControlList::from_xml(&format!(
            "<OriginAccessControlList xmlns=\"{NS}\"><Marker></Marker><MaxItems>100</MaxItems><IsTruncated>false</IsTruncated><Quantity>1</Quantity><Items><OriginAccessControlSummary><Id>E1</Id><Name>n</Name><SigningProtocol>sigv4</SigningProtocol><SigningBehavior>always</SigningBehavior><OriginAccessControlOriginType>s3</OriginAccessControlOriginType></OriginAccessControlSummary></Items></OriginAccessControlList>"
        ))
        .unwrap();
        assert_eq!(list.items[0].description, "");
        assert!(OriginAccessControlConfig::s3("n").matches(&list.items[0]));
        assert!(
            !OriginAccessControlConfig::s3("n")
                .description("d")
                .matches(&list.items[0])
        );
        assert!(!OriginAccessControlConfig::s3("m").matches(&list.items[0]));
    }

    #[test]
    fn an_empty_listing_has_no_items_element() {
        let list = OriginAccessControlList::from_xml(&format!(
            "<OriginAccessControlList xmlns=\"{NS}\"><Marker></Marker><MaxItems>100</MaxItems><IsTruncated>false</IsTruncated><Quantity>0</Quantity></OriginAccessControlList>"
        ))
        .unwrap();
        assert!(list.items.is_empty());
        assert!(!list.to_xml().unwrap().contains("<Items"));
    }

    #[test]
    fn empty_names_are_refused() {
        assert!(OriginAccessControlConfig::s3(" ").validate().is_err());
        assert!(OriginAccessControlConfig::s3("ok").validate().is_ok());
    }
}
