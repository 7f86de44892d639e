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

use crate::client::Client;
use crate::error::{Error, InvalidInput};
use crate::operation::{API_PREFIX, Operation, path_segment};
use crate::paging::{Page, Pager};
use crate::resources::distribution::Origin;
use crate::resources::versioned::{UpdateOptions, Versioned, read_modify_write};
use crate::resources::{body_text, require_etag};
use crate::transport::HttpResponse;
use crate::xml::structure::{xml_enum, xml_structure};

xml_enum! {
    /// How CloudFront signs (authenticates) its requests to the origin
    /// (`OriginAccessControlSigningProtocols`).
    pub enum OriginAccessControlSigningProtocol {
        /// Signature Version 4.
        SigV4 = "sigv4",
        /// Signature Version 4A (multi-Region).
        SigV4a = "sigv4a",
    }
}

xml_enum! {
    /// Which origin requests CloudFront signs (`OriginAccessControlSigningBehaviors`).
    pub enum OriginAccessControlSigningBehavior {
        /// CloudFront signs no origin request: this turns the control off for every origin
        /// of every distribution that uses it.
        Never = "never",
        /// CloudFront signs every origin request, replacing a viewer's `Authorization`
        /// header. The common case.
        Always = "always",
        /// CloudFront signs the origin request only when the viewer request has no
        /// `Authorization` header; otherwise it forwards the viewer's (add `Authorization`
        /// to the cache policy of every behavior using such an origin).
        NoOverride = "no-override",
        /// CloudFront signs every origin request with Amazon authentication headers and
        /// forwards the viewer's `Authorization` header if there is one (Lambda function URL
        /// origins only).
        AlwaysAmzAuth = "always-amz-auth",
    }
}

xml_enum! {
    /// The kind of origin an origin access control is for (`OriginAccessControlOriginTypes`).
    pub enum OriginAccessControlOriginType {
        /// An Amazon S3 bucket (not a website endpoint).
        S3 = "s3",
        /// An AWS Elemental MediaStore container.
        MediaStore = "mediastore",
        /// An AWS Elemental MediaPackage v2 endpoint.
        MediaPackageV2 = "mediapackagev2",
        /// A Lambda function URL.
        Lambda = "lambda",
    }
}

xml_structure! {
    /// An origin access control's configuration: what CreateOriginAccessControl and
    /// UpdateOriginAccessControl send and GetOriginAccessControlConfig returns.
    pub struct OriginAccessControlConfig {
        /// A name to identify the origin access control, unique in the account (up to 64
        /// characters).
        ["Name"] req name: String;
        /// A description of the origin access control.
        ["Description"] opt description: String;
        /// The signing protocol: how CloudFront signs (authenticates) requests.
        ["SigningProtocol"] req signing_protocol: OriginAccessControlSigningProtocol;
        /// Which requests CloudFront signs.
        ["SigningBehavior"] req signing_behavior: OriginAccessControlSigningBehavior;
        /// The type of origin this origin access control is for.
        ["OriginAccessControlOriginType"] req origin_access_control_origin_type: OriginAccessControlOriginType;
    }
}

xml_structure! {
    /// A CloudFront origin access control: its id and configuration (the body of
    /// CreateOriginAccessControl, GetOriginAccessControl and UpdateOriginAccessControl).
    pub struct OriginAccessControl {
        /// The unique identifier of the origin access control, e.g. `E2T5YVBQ7MXSJC`: the
        /// value of an origin's `OriginAccessControlId`.
        ["Id"] req id: String;
        /// The origin access control's configuration (optional in the model; CloudFront
        /// sends it).
        ["OriginAccessControlConfig"] opt origin_access_control_config: OriginAccessControlConfig;
    }
}

xml_structure! {
    /// One entry of an origin access control listing.
    pub struct OriginAccessControlSummary {
        /// The unique identifier of the origin access control.
        ["Id"] req id: String;
        /// A description of the origin access control. Required in the model; a listing that
        /// omits it (an origin access control created without one) decodes to `""`.
        ["Description"] req_default description: String;
        /// The unique name of the origin access control.
        ["Name"] req name: String;
        /// The signing protocol.
        ["SigningProtocol"] req signing_protocol: OriginAccessControlSigningProtocol;
        /// Which requests CloudFront signs.
        ["SigningBehavior"] req signing_behavior: OriginAccessControlSigningBehavior;
        /// The type of origin this origin access control is for.
        ["OriginAccessControlOriginType"] req origin_access_control_origin_type: OriginAccessControlOriginType;
    }
}

xml_structure! {
    /// One page of ListOriginAccessControls.
    #[derive(Default)]
    pub struct OriginAccessControlList {
        /// The value of the `Marker` request parameter.
        ["Marker"] req marker: String;
        /// Present when more origin access controls follow: the `Marker` of the next request.
        /// This, not `IsTruncated`, is what ends the listing (the model's paginator for this
        /// operation has no `more_results`).
        ["NextMarker"] opt next_marker: String;
        /// The value of the `MaxItems` request parameter.
        ["MaxItems"] req max_items: i32;
        /// Whether more origin access controls follow. Required in the model; a page without
        /// it decodes to `false`.
        ["IsTruncated"] req_default is_truncated: bool;
        ["Quantity"] quantity(items) quantity;
        /// The origin access controls of this page (CloudFront leaves `Items` out when there
        /// are none).
        ["Items"] items("OriginAccessControlSummary") items: OriginAccessControlSummary;
    }
}

crate::xml::structure::xml_document!(
    OriginAccessControlConfig,
    "OriginAccessControlConfig",
    "the request body of CreateOriginAccessControl and UpdateOriginAccessControl, the body of GetOriginAccessControlConfig"
);
crate::xml::structure::xml_document!(
    OriginAccessControl,
    "OriginAccessControl",
    "the body of CreateOriginAccessControl, GetOriginAccessControl and UpdateOriginAccessControl"
);
crate::xml::structure::xml_document!(
    OriginAccessControlList,
    "OriginAccessControlList",
    "the body of ListOriginAccessControls"
);

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

    fn validate(&self) -> Result<(), InvalidInput> {
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

fn base_path() -> String {
    format!("{API_PREFIX}/origin-access-control")
}

fn oac_path(id: &str) -> Result<String, Error> {
    Ok(format!(
        "{}/{}",
        base_path(),
        path_segment("origin access control id", id)?
    ))
}

fn get_op(id: &str) -> Result<Operation, Error> {
    Ok(Operation::new(
        "GetOriginAccessControl",
        "GET",
        oac_path(id)?,
    ))
}

fn decode_oac(
    resp: &HttpResponse,
    operation: &str,
) -> Result<Versioned<OriginAccessControl>, Error> {
    let etag = require_etag(resp, operation)?;
    Ok(Versioned {
        value: OriginAccessControl::from_xml(body_text(resp)?)?,
        etag,
    })
}

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
        let op = Operation::new("CreateOriginAccessControl", "POST", base_path())
            .body(config.to_xml()?)
            // Names are unique: a resend cannot make a second control on CloudFront, and the
            // reconcile step below keeps it from doing so on a server that does not check.
            .idempotent(true);
        let mut reconcile = || self.find_origin_access_control(&config);
        let (result, ambiguous) = self.execute_with(&op, Some(&mut reconcile));
        match result {
            Ok(resp) => decode_oac(&resp, op.name),
            Err(e) if ambiguous && e.code() == Some("OriginAccessControlAlreadyExists") => {
                // The earlier attempt may have created it after all (a listing can lag).
                match self.find_origin_access_control(&config) {
                    Ok(Some(resp)) => {
                        log::info!(
                            "CreateOriginAccessControl: the lost response of an earlier attempt created {:?}; returning it",
                            config.name
                        );
                        decode_oac(&resp, "GetOriginAccessControl")
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
        for summary in self.origin_access_controls() {
            let summary = summary?;
            if config.matches(&summary) {
                return Ok(Some(self.execute(&get_op(&summary.id)?)?));
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
        let resp = self.execute(&get_op(id)?)?;
        decode_oac(&resp, "GetOriginAccessControl")
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
        let op = Operation::new(
            "GetOriginAccessControlConfig",
            "GET",
            format!("{}/config", oac_path(id)?),
        );
        let resp = self.execute(&op)?;
        let etag = require_etag(&resp, op.name)?;
        Ok(Versioned {
            value: OriginAccessControlConfig::from_xml(body_text(&resp)?)?,
            etag,
        })
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
        let client = self.clone();
        Pager::new("OriginAccessControlList", move |marker, max_items| {
            let mut op = Operation::new("ListOriginAccessControls", "GET", base_path());
            if let Some(m) = marker {
                op = op.query("Marker", m);
            }
            if let Some(n) = max_items {
                op = op.query("MaxItems", n.to_string());
            }
            let resp = client.execute(&op)?;
            let list = OriginAccessControlList::from_xml(body_text(&resp)?)?;
            let next_marker = list.next_marker.filter(|m| !m.is_empty());
            if list.is_truncated && next_marker.is_none() {
                log::warn!(
                    "ListOriginAccessControls: IsTruncated without NextMarker; the listing ends here"
                );
            }
            Ok(Page {
                items: list.items,
                is_truncated: next_marker.is_some(),
                next_marker,
            })
        })
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
        config.validate()?;
        let resp = self.put_versioned(
            "UpdateOriginAccessControl",
            format!("{}/config", oac_path(id)?),
            etag,
            config.to_xml()?,
            || {
                let resp = self.execute(&get_op(id)?)?;
                let found = decode_oac(&resp, "GetOriginAccessControl")?;
                Ok((found.origin_access_control_config.as_ref() == Some(config)).then_some(resp))
            },
        )?;
        decode_oac(&resp, "UpdateOriginAccessControl")
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
        mut change: impl FnMut(&mut OriginAccessControlConfig),
    ) -> Result<Versioned<OriginAccessControl>, Error> {
        read_modify_write(
            "UpdateOriginAccessControl",
            id,
            options,
            || {
                let mut current = self.origin_access_control(id)?;
                let config = match current.origin_access_control_config.clone() {
                    Some(config) => config,
                    None => {
                        // Not in the Get body: read the configuration alone, and write
                        // against its ETag.
                        let config = self.origin_access_control_config(id)?;
                        current.etag = config.etag;
                        current.origin_access_control_config = Some(config.value.clone());
                        config.value
                    }
                };
                Ok((current, config))
            },
            &mut change,
            |config, etag| self.put_origin_access_control_config(id, config, etag),
        )
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
        let current = self.origin_access_control(id)?;
        self.delete_origin_access_control_with_etag(id, &current.etag)
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
        self.delete_versioned("DeleteOriginAccessControl", oac_path(id)?, id, etag)
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
