//! The two leaf types of the model that are neither text, integers, booleans nor
//! timestamps: [`Blob`] (base64 in XML: a CloudFront Function's code, a test event) and
//! [`Float`] (a sampling rate, a traffic weight).

use std::fmt;

use roxmltree::Node;

use crate::error::DecodeError;
use crate::xml::read::{self, error_at};
use crate::xml::structure::XmlValue;
use crate::xml::write::XmlOut;

/// Bytes: base64 inside XML (`FunctionCode` of CreateFunction), raw as a whole response body
/// (GetFunction). `Debug` prints the length only: a function's code may hold secrets.
///
/// ```
/// use cloudfront::Blob;
///
/// let code = Blob::from("function handler(event) { return event.request; }");
/// assert_eq!(code.len(), 49);
/// assert_eq!(format!("{code:?}"), "Blob(49 bytes)");
/// ```
#[derive(Clone, PartialEq, Eq, Default, Hash)]
pub struct Blob(pub Vec<u8>);

impl Blob {
    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The bytes, by value.
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }

    /// How many bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Blob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Blob({} bytes)", self.0.len())
    }
}

impl From<Vec<u8>> for Blob {
    fn from(v: Vec<u8>) -> Self {
        Blob(v)
    }
}

impl From<&[u8]> for Blob {
    fn from(v: &[u8]) -> Self {
        Blob(v.to_vec())
    }
}

impl From<&str> for Blob {
    fn from(v: &str) -> Self {
        Blob(v.as_bytes().to_vec())
    }
}

impl From<String> for Blob {
    fn from(v: String) -> Self {
        Blob(v.into_bytes())
    }
}

impl AsRef<[u8]> for Blob {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl XmlValue for Blob {
    fn decode_xml(node: Node<'_, '_>) -> Result<Self, DecodeError> {
        let text = read::text(node)?;
        let compact: String = text.split_ascii_whitespace().collect();
        crate::encoding::base64_decode(&compact)
            .map(Blob)
            .ok_or_else(|| error_at(node, "is not base64"))
    }
    fn encode_content(&self, out: &mut XmlOut) {
        if !self.0.is_empty() {
            out.text(&crate::encoding::base64_encode(&self.0));
        }
    }
}

/// A floating-point number of the model (`float` and `double` shapes). Compared by its bits
/// (so that it can be `Eq` like every other value of the model: `NaN` equals itself, `0.0`
/// and `-0.0` differ); written in Rust's shortest form that reads back to the same value.
///
/// ```
/// use cloudfront::Float;
///
/// assert_eq!(Float(0.5).to_string(), "0.5");
/// assert_eq!(Float(100.0).to_string(), "100");
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Float(pub f64);

impl PartialEq for Float {
    fn eq(&self, other: &Self) -> bool {
        self.0.to_bits() == other.0.to_bits()
    }
}

impl Eq for Float {}

impl From<f64> for Float {
    fn from(v: f64) -> Self {
        Float(v)
    }
}

impl From<Float> for f64 {
    fn from(v: Float) -> Self {
        v.0
    }
}

impl fmt::Display for Float {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl XmlValue for Float {
    fn decode_xml(node: Node<'_, '_>) -> Result<Self, DecodeError> {
        let text = read::text(node)?;
        let t = text.trim();
        // Rust's parser also takes `inf`/`nan` spellings; the wire has plain decimals only.
        if t.is_empty()
            || !t
                .bytes()
                .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
        {
            return Err(error_at(node, "is not a decimal number"));
        }
        t.parse::<f64>()
            .map(Float)
            .map_err(|_| error_at(node, "is not a decimal number"))
    }
    fn encode_content(&self, out: &mut XmlOut) {
        out.display(self.0);
    }
}

#[cfg(feature = "serde")]
mod json {
    use super::{Blob, Float};
    use crate::error::DecodeError;
    use crate::json::{Json, JsonValue};

    impl JsonValue for Blob {
        /// Base64, as the AWS CLI prints a blob.
        fn to_json(&self) -> Json {
            Json::String(crate::encoding::base64_encode(&self.0))
        }
        fn from_json(value: Json, path: &str) -> Result<Self, DecodeError> {
            let s: String = JsonValue::from_json(value, path)?;
            crate::encoding::base64_decode(&s)
                .map(Blob)
                .ok_or_else(|| DecodeError::new(path, "expected base64"))
        }
    }

    impl JsonValue for Float {
        fn to_json(&self) -> Json {
            Json::Float(self.0)
        }
        fn from_json(value: Json, path: &str) -> Result<Self, DecodeError> {
            match value {
                Json::Float(f) => Ok(Float(f)),
                Json::Int(i) => Ok(Float(i as f64)),
                Json::UInt(u) => Ok(Float(u as f64)),
                _ => Err(DecodeError::new(path, "expected a number")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::structure::tests::{value, written};

    #[test]
    fn blobs_are_base64_both_ways_and_refuse_other_text() {
        assert_eq!(value::<Blob>("aGk=").unwrap(), Blob::from("hi"));
        assert_eq!(value::<Blob>("aG\n k=").unwrap(), Blob::from("hi"));
        assert!(value::<Blob>("not base64!").is_err());
        assert!(written(&Blob::from("hi")).ends_with("<V>aGk=</V></R>"));
        assert_eq!(format!("{:?}", Blob::from("secret")), "Blob(6 bytes)");
    }

    #[test]
    fn floats_read_decimals_and_write_the_shortest_form() {
        assert_eq!(value::<Float>("0.5").unwrap(), Float(0.5));
        assert_eq!(value::<Float>("1e2").unwrap(), Float(100.0));
        assert!(value::<Float>("NaN").is_err());
        assert!(value::<Float>("inf").is_err());
        assert!(value::<Float>("").is_err());
        assert!(written(&Float(0.25)).ends_with("<V>0.25</V></R>"));
        assert!(written(&Float(3.0)).ends_with("<V>3</V></R>"));
        assert_ne!(Float(0.0), Float(-0.0));
    }
}
