//! [`DistributionStatus`]: `Deployed` or `InProgress`, typed like
//! [`InvalidationStatus`](crate::InvalidationStatus).

use std::fmt;

use roxmltree::Node;

use crate::error::DecodeError;
use crate::xml::XmlOut;
use crate::xml::read;
use crate::xml::structure::XmlValue;

/// A distribution's status. Compared case-insensitively when parsed (moto has been seen to
/// vary the case); a value this crate does not know is kept as [`DistributionStatus::Other`]
/// and written back as received.
///
/// ```
/// use cloudfront::DistributionStatus;
///
/// let status = DistributionStatus::parse("Deployed");
/// assert!(status.is_deployed());
/// assert_eq!(status.to_string(), "Deployed");
/// assert_eq!(DistributionStatus::parse("Paused"), DistributionStatus::Other("Paused".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DistributionStatus {
    /// `InProgress`: the latest change is still propagating to the edge locations.
    InProgress,
    /// `Deployed`: the configuration is fully propagated.
    Deployed,
    /// Any other value, exactly as received.
    Other(String),
}

impl DistributionStatus {
    /// Parses a status, ignoring ASCII case.
    pub fn parse(s: &str) -> Self {
        if s.eq_ignore_ascii_case("Deployed") {
            DistributionStatus::Deployed
        } else if s.eq_ignore_ascii_case("InProgress") {
            DistributionStatus::InProgress
        } else {
            DistributionStatus::Other(s.to_string())
        }
    }

    /// The status as CloudFront spells it (unknown values as received).
    pub fn as_str(&self) -> &str {
        match self {
            DistributionStatus::InProgress => "InProgress",
            DistributionStatus::Deployed => "Deployed",
            DistributionStatus::Other(s) => s,
        }
    }

    /// True for `Deployed`.
    pub fn is_deployed(&self) -> bool {
        *self == DistributionStatus::Deployed
    }
}

impl Default for DistributionStatus {
    /// `InProgress`, what a new or changed distribution starts with.
    fn default() -> Self {
        DistributionStatus::InProgress
    }
}

impl fmt::Display for DistributionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for DistributionStatus {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for DistributionStatus {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl XmlValue for DistributionStatus {
    fn decode_xml(node: Node<'_, '_>) -> Result<Self, DecodeError> {
        Ok(DistributionStatus::parse(&read::text(node)?))
    }
    fn encode_content(&self, out: &mut XmlOut) {
        out.text(self.as_str());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values_in_any_case_and_unknown_ones_kept() {
        assert_eq!(
            DistributionStatus::parse("deployed"),
            DistributionStatus::Deployed
        );
        assert_eq!(
            DistributionStatus::parse("InProgress"),
            DistributionStatus::InProgress
        );
        let other = DistributionStatus::parse("Suspended");
        assert_eq!(other.as_str(), "Suspended");
        assert!(!other.is_deployed());
        assert_eq!(DistributionStatus::Deployed, "Deployed");
    }
}
