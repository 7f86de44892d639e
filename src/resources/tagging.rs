//! Tags on CloudFront resources (distributions and others, addressed by ARN): add, remove,
//! list, and create a distribution with its tags in one call. Deploy tools use tags to find
//! and own what they created.
//!
//! ```no_run
//! # fn main() -> Result<(), cloudfront::Error> {
//! use cloudfront::{Client, Tag};
//!
//! let client = Client::from_env()?;
//! let arn = "arn:aws:cloudfront::123456789012:distribution/EDFDVBD6EXAMPLE";
//! client.tag_resource(arn, [Tag::new("env", "prod"), Tag::new("owner", "site-deployer")])?;
//! for tag in client.tags_for_resource(arn)? {
//!     println!("{} = {}", tag.key, tag.value.as_deref().unwrap_or(""));
//! }
//! client.untag_resource(arn, ["owner"])?;
//! # Ok(()) }
//! ```

pub use crate::model::tagging::*;

use crate::client::Client;
use crate::engine::Input;
use crate::error::{DecodeError, Error, InvalidInput};
use crate::model::operations::{LIST_TAGS_FOR_RESOURCE, TAG_RESOURCE, UNTAG_RESOURCE};
use crate::xml::list::PlainList;
#[cfg(test)]
use crate::xml::structure;

impl Tag {
    /// A tag with a value.
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        Tag {
            key: key.into(),
            value: Some(value.into()),
            unknown: Default::default(),
        }
    }

    /// A tag without a value.
    pub fn key_only(key: impl Into<String>) -> Self {
        Tag {
            key: key.into(),
            value: None,
            unknown: Default::default(),
        }
    }

    fn validate(&self) -> Result<(), InvalidInput> {
        check_tag_text("tag key", &self.key, 1, 128)?;
        if let Some(v) = &self.value {
            check_tag_text("tag value", v, 0, 256)?;
        }
        Ok(())
    }
}

impl<K: Into<String>, V: Into<String>> From<(K, V)> for Tag {
    fn from((k, v): (K, V)) -> Self {
        Tag::new(k, v)
    }
}

impl Tags {
    /// Tags from a list, checked against the model's length and character rules.
    pub fn new<I, T>(tags: I) -> Result<Self, InvalidInput>
    where
        I: IntoIterator<Item = T>,
        T: Into<Tag>,
    {
        let items: Vec<Tag> = tags.into_iter().map(Into::into).collect();
        items.iter().try_for_each(Tag::validate)?;
        Ok(Tags {
            items: Some(PlainList::new(items)),
            unknown: Default::default(),
        })
    }

    /// The tags, in document order.
    pub fn iter(&self) -> impl Iterator<Item = &Tag> {
        self.items.iter().flat_map(|l| l.items.iter())
    }

    /// True when there are no tags.
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }
}

/// The model's pattern `[\p{L}\p{Z}\p{N}_.:/=+\-@]*` and length bounds.
fn check_tag_text(what: &str, text: &str, min: usize, max: usize) -> Result<(), InvalidInput> {
    let len = text.chars().count();
    if len < min || len > max {
        return Err(InvalidInput::new(format!(
            "{what} {text:?} must be {min} to {max} characters long"
        )));
    }
    let allowed = |c: char| {
        !c.is_control() && (c.is_alphanumeric() || c.is_whitespace() || "_.:/=+-@".contains(c))
    };
    if let Some(c) = text.chars().find(|&c| !allowed(c)) {
        return Err(InvalidInput::new(format!(
            "{what} {text:?} contains {c:?}; allowed are letters, digits, spaces and _ . : / = + - @"
        )));
    }
    Ok(())
}

fn check_arn(arn: &str) -> Result<(), InvalidInput> {
    if !arn.starts_with("arn:") || arn.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(InvalidInput::new(format!(
            "{arn:?} is not a resource ARN (arn:aws:cloudfront::ACCOUNT:distribution/ID)"
        )));
    }
    Ok(())
}

/// The input of a tagging call on the resource `arn` (checked).
fn on_resource(arn: &str) -> Result<Input, InvalidInput> {
    check_arn(arn)?;
    Ok(Input::default().query("Resource", Some(arn)))
}

/// Decodes a `<Tags>` document (the ListTagsForResource response). Public for the tests
/// only: hidden, unstable.
#[doc(hidden)]
pub fn decode_tags(xml: &str) -> Result<Tags, DecodeError> {
    Tags::from_xml(xml)
}

impl Client {
    /// Adds tags to the resource `arn`, replacing the values of keys it already has
    /// (TagResource). Keys and values are checked before sending.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// use cloudfront::Tag;
    /// let arn = "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL";
    /// client.tag_resource(arn, [Tag::new("env", "prod"), Tag::new("owner", "web")])?;
    /// # Ok(()) }
    /// ```
    pub fn tag_resource<I, T>(&self, arn: &str, tags: I) -> Result<(), Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<Tag>,
    {
        let tags = Tags::new(tags)?;
        if tags.is_empty() {
            return Err(InvalidInput::new("TagResource needs at least one tag").into());
        }
        let input = on_resource(arn)?
            .payload(&TAG_RESOURCE, &tags)?
            // Setting the same tags again has the same effect.
            .idempotent(true);
        self.send_spec(&TAG_RESOURCE, &input)?;
        Ok(())
    }

    /// Removes the tags with these keys from the resource `arn` (UntagResource); absent keys
    /// are ignored by CloudFront.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// let arn = "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL";
    /// client.untag_resource(arn, ["owner"])?;
    /// # Ok(()) }
    /// ```
    pub fn untag_resource<I, S>(&self, arn: &str, keys: I) -> Result<(), Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let keys: Vec<String> = keys.into_iter().map(|k| k.as_ref().to_string()).collect();
        if keys.is_empty() {
            return Err(InvalidInput::new("UntagResource needs at least one key").into());
        }
        for k in &keys {
            check_tag_text("tag key", k, 1, 128)?;
        }
        let body = TagKeys {
            items: Some(PlainList::new(keys)),
            unknown: Default::default(),
        };
        let input = on_resource(arn)?
            .payload(&UNTAG_RESOURCE, &body)?
            .idempotent(true);
        self.send_spec(&UNTAG_RESOURCE, &input)?;
        Ok(())
    }

    /// The tags of the resource `arn` (ListTagsForResource).
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// let arn = "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL";
    /// for tag in client.tags_for_resource(arn)? {
    ///     println!("{tag:?}");
    /// }
    /// # Ok(()) }
    /// ```
    pub fn tags_for_resource(&self, arn: &str) -> Result<Vec<Tag>, Error> {
        let tags: Tags = self
            .call(&LIST_TAGS_FOR_RESOURCE, &on_resource(arn)?)?
            .value;
        Ok(tags.items.map(|l| l.items).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_encode_as_the_model_says() {
        let tags = Tags::new([("env", "prod"), ("team", "web")]).unwrap();
        let xml = structure::to_xml(&tags, "Tags").unwrap();
        assert!(xml.ends_with(
            "<Tags xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\"><Items><Tag><Key>env</Key><Value>prod</Value></Tag><Tag><Key>team</Key><Value>web</Value></Tag></Items></Tags>"
        ), "{xml}");
        let back = decode_tags(&xml).unwrap();
        assert_eq!(back, tags);
    }

    #[test]
    fn key_only_tag_has_no_value_element() {
        let tags = Tags::new([Tag::key_only("flag")]).unwrap();
        let xml = structure::to_xml(&tags, "Tags").unwrap();
        assert!(xml.contains("<Tag><Key>flag</Key></Tag>"), "{xml}");
    }

    #[test]
    fn bad_tags_are_refused() {
        assert!(Tags::new([("", "x")]).is_err());
        assert!(Tags::new([("k".repeat(129), "x".to_string())]).is_err());
        assert!(Tags::new([("ok", "v".repeat(257))]).is_err());
        let err = Tags::new([("semi;colon", "x")]).unwrap_err();
        assert!(err.message.contains("';'"), "{err}");
        assert!(Tags::new([("ünïcode key", "välue @ / : = + - _ .")]).is_ok());
        assert!(check_arn("not-an-arn").is_err());
        assert!(check_arn("arn:aws:cloudfront::123456789012:distribution/E1").is_ok());
    }

    #[test]
    fn empty_listing_decodes() {
        let tags = decode_tags(
            r#"<?xml version="1.0"?><Tags xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Items/></Tags>"#,
        )
        .unwrap();
        assert!(tags.is_empty());
        assert!(decode_tags("<Tags/>").unwrap().is_empty());
    }
}
