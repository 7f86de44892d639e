//! Staging distributions (blue/green with CloudFront continuous deployment), in one sequence:
//!
//! 1. [`Client::start_staging`]: CopyDistribution (the primary's ETag as `If-Match`, `Staging:
//!    true`) makes the staging distribution; CreateContinuousDeploymentPolicy sends part of
//!    the traffic (a weight, or requests with a header) to the staging distribution's domain
//!    name; a read-modify-write of the primary attaches the policy.
//! 2. Change the staging distribution like any other ([`Client::update_distribution`] on
//!    its id) and watch it serve its share of the traffic.
//! 3. [`Client::promote_staging`]: UpdateDistributionWithStagingConfig copies the staging
//!    configuration onto the primary (which keeps its aliases and policy id); its `If-Match`
//!    holds both ETags, `<primary ETag>, <staging ETag>`. CloudFront then disables the policy
//!    and all traffic goes to the primary again.
//!
//! ```no_run
//! # fn main() -> Result<(), cloudfront::Error> {
//! use cloudfront::{Client, WaitOptions};
//! use cloudfront::resources::staging::StagingTraffic;
//!
//! let client = Client::from_env()?;
//! let deployment = client.start_staging("E2QWRUHAPOMQZL", &StagingTraffic::Weight(0.05))?;
//! let staging_id = deployment.staging.id.clone();
//! client.update_distribution(&staging_id, |c| c.default_root_object = Some("v2.html".into()))?;
//! client.wait_until_deployed(&staging_id, WaitOptions::distribution_deployed())?;
//! // ... 5% of the viewers see v2; when it looks right:
//! let primary = client.promote_staging("E2QWRUHAPOMQZL", &staging_id)?;
//! assert_eq!(primary.distribution_config.default_root_object.as_deref(), Some("v2.html"));
//! # Ok(()) }
//! ```

use crate::client::Client;
use crate::error::{DecodeError, Error, InvalidInput};
use crate::ids::AsDistributionId;
use crate::model::continuous_deployment_policy::{
    ContinuousDeploymentPolicy, ContinuousDeploymentPolicyConfig, ContinuousDeploymentPolicyType,
    ContinuousDeploymentSingleHeaderConfig, ContinuousDeploymentSingleWeightConfig,
    CreateContinuousDeploymentPolicyRequest, StagingDistributionDnsNames, TrafficConfig,
};
use crate::model::distribution::{
    CopyDistributionRequest, Distribution, UpdateDistributionWithStagingConfigRequest,
};
use crate::resources::check_etag;
use crate::resources::versioned::Versioned;

/// The largest share of traffic CloudFront sends to a staging distribution by weight (15%).
pub const MAX_STAGING_WEIGHT: f64 = 0.15;

/// Which requests a continuous deployment policy sends to the staging distribution.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum StagingTraffic {
    /// A share of all requests, more than 0 and at most [`MAX_STAGING_WEIGHT`] (0.05 = 5%).
    Weight(f64),
    /// Requests carrying this header with this value; the name must start with `aws-cf-cd-`.
    Header {
        /// The header name (`aws-cf-cd-staging`).
        name: String,
        /// The value that selects the staging distribution.
        value: String,
    },
}

impl StagingTraffic {
    /// The policy's `TrafficConfig`, refusing what CloudFront would refuse.
    ///
    /// ```
    /// use cloudfront::resources::staging::StagingTraffic;
    /// assert!(StagingTraffic::Weight(0.05).traffic_config().is_ok());
    /// assert!(StagingTraffic::Weight(0.5).traffic_config().is_err());
    /// let header = StagingTraffic::Header { name: "x-test".into(), value: "1".into() };
    /// assert!(header.traffic_config().is_err()); // not aws-cf-cd-...
    /// ```
    pub fn traffic_config(&self) -> Result<TrafficConfig, InvalidInput> {
        match self {
            StagingTraffic::Weight(w) => {
                if !(w.is_finite() && *w > 0.0 && *w <= MAX_STAGING_WEIGHT) {
                    return Err(InvalidInput::new(format!(
                        "a staging weight is more than 0 and at most {MAX_STAGING_WEIGHT}, got {w}"
                    )));
                }
                Ok(TrafficConfig {
                    single_weight_config: Some(ContinuousDeploymentSingleWeightConfig {
                        weight: (*w).into(),
                        session_stickiness_config: None,
                        unknown: Default::default(),
                    }),
                    single_header_config: None,
                    kind: ContinuousDeploymentPolicyType::Singleweight,
                    unknown: Default::default(),
                })
            }
            StagingTraffic::Header { name, value } => {
                let prefix = "aws-cf-cd-";
                let name_ok = name.len() > prefix.len()
                    && name
                        .get(..prefix.len())
                        .is_some_and(|p| p.eq_ignore_ascii_case(prefix));
                if !name_ok || value.is_empty() {
                    return Err(InvalidInput::new(format!(
                        "a staging header is named {prefix}<something> and has a value, got {}",
                        crate::error::quote_bounded(name)
                    )));
                }
                Ok(TrafficConfig {
                    single_weight_config: None,
                    single_header_config: Some(ContinuousDeploymentSingleHeaderConfig {
                        header: name.clone(),
                        value: value.clone(),
                        unknown: Default::default(),
                    }),
                    kind: ContinuousDeploymentPolicyType::Singleheader,
                    unknown: Default::default(),
                })
            }
        }
    }
}

/// What [`Client::start_staging`] made.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct StagingDeployment {
    /// The primary distribution with the policy attached, with its new ETag.
    pub primary: Versioned<Distribution>,
    /// The staging distribution (a copy of the primary), with its ETag.
    pub staging: Versioned<Distribution>,
    /// The continuous deployment policy, with its ETag.
    pub policy: Versioned<ContinuousDeploymentPolicy>,
}

fn missing(operation: &str, what: &str) -> Error {
    Error::Decode(DecodeError::new(
        "",
        format!("{operation} response has no {what}"),
    ))
}

impl Client {
    /// Copies the primary distribution to a new, enabled staging distribution
    /// (CopyDistribution with the primary's ETag), creates a continuous deployment policy
    /// sending `traffic` to it, and attaches the policy to the primary (read-modify-write with
    /// `If-Match`). Nothing is sent when `traffic` is invalid.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), cloudfront::Error> {
    /// # let client = cloudfront::Client::from_env()?;
    /// use cloudfront::resources::staging::StagingTraffic;
    /// let testers = StagingTraffic::Header { name: "aws-cf-cd-staging".into(), value: "true".into() };
    /// let deployment = client.start_staging("E2QWRUHAPOMQZL", &testers)?;
    /// println!("staging at {}", deployment.staging.domain_name);
    /// # Ok(()) }
    /// ```
    pub fn start_staging(
        &self,
        primary_id: impl AsDistributionId,
        traffic: &StagingTraffic,
    ) -> Result<StagingDeployment, Error> {
        let primary_id = primary_id.as_distribution_id();
        let traffic_config = traffic.traffic_config()?;
        let primary = self.distribution(primary_id)?;
        let copy = self.send_typed(CopyDistributionRequest {
            primary_distribution_id: primary_id.to_string(),
            staging: Some(true),
            if_match: Some(primary.etag.clone()),
            caller_reference: String::new(), // a uuid v4, the same on every retry
            enabled: Some(true),
        })?;
        let staging = Versioned {
            etag: check_etag(copy.etag, "CopyDistribution")?,
            value: copy
                .distribution
                .ok_or_else(|| missing("CopyDistribution", "Distribution"))?,
        };
        let created = self.send_typed(CreateContinuousDeploymentPolicyRequest {
            continuous_deployment_policy_config: ContinuousDeploymentPolicyConfig {
                staging_distribution_dns_names: StagingDistributionDnsNames::new(vec![
                    staging.domain_name.clone(),
                ]),
                enabled: true,
                traffic_config: Some(traffic_config),
                unknown: Default::default(),
            },
        })?;
        let policy = Versioned {
            etag: check_etag(created.etag, "CreateContinuousDeploymentPolicy")?,
            value: created.continuous_deployment_policy.ok_or_else(|| {
                missing(
                    "CreateContinuousDeploymentPolicy",
                    "ContinuousDeploymentPolicy",
                )
            })?,
        };
        let policy_id = policy.id.clone();
        let primary = self.update_distribution(primary_id, |c| {
            c.continuous_deployment_policy_id = Some(policy_id.clone());
        })?;
        Ok(StagingDeployment {
            primary,
            staging,
            policy,
        })
    }

    /// Promotes the staging distribution's configuration to the primary
    /// (UpdateDistributionWithStagingConfig), with both ETags from fresh reads as
    /// `If-Match: <primary ETag>, <staging ETag>`. Returns the primary with its new ETag.
    /// CloudFront refuses while either distribution is still deploying.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), cloudfront::Error> {
    /// # let client = cloudfront::Client::from_env()?;
    /// let primary = client.promote_staging("E2QWRUHAPOMQZL", "E1STAGING7EXAMPLE")?;
    /// println!("promoted; primary now at ETag {}", primary.etag);
    /// # Ok(()) }
    /// ```
    pub fn promote_staging(
        &self,
        primary_id: impl AsDistributionId,
        staging_id: impl AsDistributionId,
    ) -> Result<Versioned<Distribution>, Error> {
        let (primary_id, staging_id) = (
            primary_id.as_distribution_id(),
            staging_id.as_distribution_id(),
        );
        let primary_etag = self.distribution(primary_id)?.etag;
        let staging_etag = self.distribution(staging_id)?.etag;
        self.promote_staging_with_etags(primary_id, &primary_etag, staging_id, &staging_etag)
    }

    /// [`Client::promote_staging`] with ETags you already hold; a stale one is
    /// `PreconditionFailed`.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), cloudfront::Error> {
    /// # let client = cloudfront::Client::from_env()?;
    /// let primary = client.distribution("E2QWRUHAPOMQZL")?;
    /// let staging = client.distribution("E1STAGING7EXAMPLE")?;
    /// client.promote_staging_with_etags(&primary.id, &primary.etag, &staging.id, &staging.etag)?;
    /// # Ok(()) }
    /// ```
    pub fn promote_staging_with_etags(
        &self,
        primary_id: impl AsDistributionId,
        primary_etag: &str,
        staging_id: impl AsDistributionId,
        staging_etag: &str,
    ) -> Result<Versioned<Distribution>, Error> {
        let (primary_id, staging_id) = (
            primary_id.as_distribution_id(),
            staging_id.as_distribution_id(),
        );
        if primary_id == staging_id {
            return Err(InvalidInput::new(format!(
                "cannot promote distribution {primary_id} onto itself"
            ))
            .into());
        }
        for etag in [primary_etag, staging_etag] {
            check_etag(
                Some(etag.trim().to_string()),
                "UpdateDistributionWithStagingConfig",
            )
            .map_err(|_| {
                InvalidInput::new(
                    "UpdateDistributionWithStagingConfig needs the ETags of both distributions",
                )
            })?;
        }
        let out = self.send_typed(UpdateDistributionWithStagingConfigRequest {
            id: primary_id.to_string(),
            staging_distribution_id: Some(staging_id.to_string()),
            if_match: Some(format!("{}, {}", primary_etag.trim(), staging_etag.trim())),
        })?;
        Ok(Versioned {
            etag: check_etag(out.etag, "UpdateDistributionWithStagingConfig")?,
            value: out
                .distribution
                .ok_or_else(|| missing("UpdateDistributionWithStagingConfig", "Distribution"))?,
        })
    }
}
