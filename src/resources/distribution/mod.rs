//! CloudFront distributions: the complete, lossless typed model of `DistributionConfig`,
//! `Distribution`, `DistributionSummary` and the `DistributionList` page.
//!
//! Every member of the 2020-05-31 model is a field; elements added to the API later are kept
//! in each structure's `unknown` field and written back in place, so a read-modify-write
//! never drops a setting this crate does not know about.

mod cache_behavior;
mod config;
mod enums;
mod ops;
mod origins;
mod resource;

pub use cache_behavior::*;
pub use config::*;
pub use enums::*;
pub use ops::{Distributions, UpdateOptions, Versioned};
pub use origins::*;
pub use resource::*;

#[cfg(test)]
mod tests;
