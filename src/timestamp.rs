//! [`Timestamp`]: a point in time from the API (`LastModifiedTime`, `CreateTime`) that prints
//! as RFC 3339 in both `Display` and `Debug`, so that `{:?}` of a distribution or an
//! invalidation shows `2026-11-24T22:53:10.538Z`, not `SystemTime { tv_sec: … }`.

use std::fmt;
use std::time::SystemTime;

use roxmltree::Node;

use crate::error::DecodeError;
use crate::xml::XmlOut;
use crate::xml::read;
use crate::xml::structure::XmlValue;

/// A UTC point in time, as CloudFront reports it. Converts to and from [`SystemTime`].
///
/// ```
/// use cloudfront::Timestamp;
/// use std::time::{Duration, SystemTime, UNIX_EPOCH};
///
/// let t = Timestamp::from(UNIX_EPOCH + Duration::from_millis(1_795_992_790_538));
/// assert_eq!(t.to_string(), "2026-11-29T22:53:10.538Z");
/// assert_eq!(format!("{t:?}"), "2026-11-29T22:53:10.538Z");
/// let back: SystemTime = t.into();
/// assert_eq!(back, UNIX_EPOCH + Duration::from_millis(1_795_992_790_538));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(SystemTime);

impl Timestamp {
    /// The time as a [`SystemTime`].
    pub fn as_system_time(&self) -> SystemTime {
        self.0
    }

    /// Parses an RFC 3339 / ISO 8601 UTC timestamp as CloudFront sends it
    /// (`2026-11-24T22:53:10.538Z`); `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        crate::time::parse_iso8601(text).map(Timestamp)
    }
}

impl Default for Timestamp {
    /// The Unix epoch.
    fn default() -> Self {
        Timestamp(SystemTime::UNIX_EPOCH)
    }
}

impl From<SystemTime> for Timestamp {
    fn from(t: SystemTime) -> Self {
        Timestamp(t)
    }
}

impl From<Timestamp> for SystemTime {
    fn from(t: Timestamp) -> Self {
        t.0
    }
}

impl PartialEq<SystemTime> for Timestamp {
    fn eq(&self, other: &SystemTime) -> bool {
        self.0 == *other
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::time::format_iso8601(self.0))
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl XmlValue for Timestamp {
    fn decode_xml(node: Node<'_, '_>) -> Result<Self, DecodeError> {
        read::timestamp(node).map(Timestamp)
    }
    fn encode_content(&self, out: &mut XmlOut) {
        self.0.encode_content(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn display_and_debug_are_rfc3339() {
        let t = Timestamp::parse("2026-11-24T22:53:10.538Z").unwrap();
        assert_eq!(t.to_string(), "2026-11-24T22:53:10.538Z");
        assert_eq!(format!("{t:?}"), "2026-11-24T22:53:10.538Z");
        assert_eq!(format!("{:?}", Some(t)), "Some(2026-11-24T22:53:10.538Z)");
        assert_eq!(Timestamp::default().to_string(), "1970-01-01T00:00:00.000Z");
    }

    #[test]
    fn converts_to_and_from_system_time() {
        let s = UNIX_EPOCH + Duration::from_secs(86_400);
        assert_eq!(Timestamp::from(s), s);
        assert_eq!(SystemTime::from(Timestamp::from(s)), s);
        assert!(Timestamp::parse("yesterday").is_none());
    }
}
