//! CloudFront distributions: the complete, lossless typed model of `DistributionConfig`,
//! `Distribution`, `DistributionSummary` and the `DistributionList` page.
//!
//! Every member of the 2020-05-31 model is a field; elements added to the API later are kept
//! in each structure's `unknown` field and written back in place, so a read-modify-write
//! never drops a setting this crate does not know about.
//!
//! - [`DistributionConfig`]: what CreateDistribution and UpdateDistribution send and
//!   GetDistributionConfig returns; [`DistributionConfig::new`] builds a minimal one.
//! - [`Distribution`]: GetDistribution's answer (status, domain name, the config).
//! - [`DistributionList`]: one page of ListDistributions, of [`DistributionSummary`] items.
//!
//! Field names are the model's member names in snake case (`WebACLId` is `web_acl_id`),
//! optional members are `Option`s, lists are [`QuantityList`](crate::xml::list::QuantityList)s
//! behind the model's names (`Aliases`, `Origins`, ...), and enumerations keep values this
//! crate does not know in an `Other` variant.
//!
//! ```
//! use cloudfront::DistributionConfig;
//! use cloudfront::resources::distribution::{PriceClass, ViewerProtocolPolicy};
//!
//! // A read-modify-write of a configuration as GetDistributionConfig returns it.
//! let xml = r#"<?xml version="1.0"?>
//! <DistributionConfig xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">
//!   <CallerReference>ref-1</CallerReference>
//!   <Origins><Quantity>1</Quantity><Items><Origin>
//!     <Id>site</Id><DomainName>www.example.com</DomainName>
//!     <CustomOriginConfig><HTTPPort>80</HTTPPort><HTTPSPort>443</HTTPSPort>
//!       <OriginProtocolPolicy>https-only</OriginProtocolPolicy></CustomOriginConfig>
//!     <FutureOriginSetting>on</FutureOriginSetting>
//!   </Origin></Items></Origins>
//!   <DefaultCacheBehavior><TargetOriginId>site</TargetOriginId>
//!     <ViewerProtocolPolicy>allow-all</ViewerProtocolPolicy></DefaultCacheBehavior>
//!   <Comment></Comment>
//!   <Enabled>true</Enabled>
//! </DistributionConfig>"#;
//! let mut config = DistributionConfig::from_xml(xml)?;
//! config.default_cache_behavior.viewer_protocol_policy = ViewerProtocolPolicy::RedirectToHttps;
//! config.price_class = Some(PriceClass::PriceClass100);
//! config.add_alias("www.example.com");
//!
//! let body = config.to_xml()?;
//! // The element this crate does not know is still there, in its place.
//! assert!(body.contains("</CustomOriginConfig><FutureOriginSetting>on</FutureOriginSetting>"));
//! assert!(body.contains("<PriceClass>PriceClass_100</PriceClass>"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod builders;
mod cache_behavior;
mod config;
mod ops;
mod origins;
mod status;

pub use crate::model::distribution::*;
pub use crate::resources::versioned::{UpdateOptions, Versioned};
pub use builders::RECOMMENDED_MINIMUM_PROTOCOL_VERSION;
pub use cache_behavior::*;
pub use ops::Distributions;
pub use status::DistributionStatus;

#[cfg(test)]
mod tests;
