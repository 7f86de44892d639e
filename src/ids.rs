//! Distinct id types for distributions and invalidations, so that swapped arguments do not
//! compile, while `&str` literals and `String`s stay easy to pass.
//!
//! Ids returned by the service are typed ([`DistributionId`], [`InvalidationId`]); methods
//! take `impl` [`AsDistributionId`] / [`AsInvalidationId`], implemented for the matching id
//! type, `str` and `String` (and references to them), but not for the other id type:
//!
//! ```no_run
//! # fn main() -> Result<(), cloudfront::Error> {
//! # let client = cloudfront::Client::from_env()?;
//! let dist = client.distribution("E2QWRUHAPOMQZL")?;           // a literal
//! let inv = client.create_invalidation(&dist.id, ["/index.html"])?;
//! let again = client.invalidation(&dist.id, &inv.id)?;        // typed ids
//! # let _ = again; Ok(()) }
//! ```
//!
//! Swapping them is a compile error:
//!
//! ```compile_fail
//! # fn main() -> Result<(), cloudfront::Error> {
//! # let client = cloudfront::Client::from_env()?;
//! let dist = client.distribution("E2QWRUHAPOMQZL")?;
//! let inv = client.create_invalidation(&dist.id, ["/index.html"])?;
//! let again = client.invalidation(&inv.id, &dist.id)?; // invalidation id where a distribution id goes
//! # let _ = again; Ok(()) }
//! ```

use std::fmt;

use roxmltree::Node;

use crate::error::DecodeError;
use crate::xml::XmlOut;
use crate::xml::structure::XmlValue;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $arg:ident, $method:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            #[doc = concat!("Wraps an ", $what, " id as received or stored elsewhere.")]
            pub fn new(id: impl Into<String>) -> Self {
                $name(id.into())
            }

            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The id as an owned `String`.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&self.0, f)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                $name(id.to_string())
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                $name(id)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl XmlValue for $name {
            fn decode_xml(node: Node<'_, '_>) -> Result<Self, DecodeError> {
                String::decode_xml(node).map($name)
            }
            fn encode_content(&self, out: &mut XmlOut) {
                self.0.encode_content(out)
            }
        }

        #[doc = concat!("Anything that names ", $what, ": [`", stringify!($name), "`], `str`, `String`, and")]
        /// references to them. Not implemented for the other id type, so swapped arguments
        /// do not compile.
        pub trait $arg {
            /// The id as text.
            fn $method(&self) -> &str;
        }

        impl $arg for $name {
            fn $method(&self) -> &str {
                &self.0
            }
        }

        impl $arg for str {
            fn $method(&self) -> &str {
                self
            }
        }

        impl $arg for String {
            fn $method(&self) -> &str {
                self
            }
        }

        impl<T: $arg + ?Sized> $arg for &T {
            fn $method(&self) -> &str {
                (**self).$method()
            }
        }
    };
}

id_type! {
    /// A distribution's id, e.g. `E2QWRUHAPOMQZL`. Compares equal to the same text
    /// (`id == "E2QWRUHAPOMQZL"`) and dereferences to `str`.
    DistributionId, AsDistributionId, as_distribution_id, "a distribution"
}

id_type! {
    /// An invalidation's id, e.g. `I2J0I21PCUYOIK`. Compares equal to the same text and
    /// dereferences to `str`.
    InvalidationId, AsInvalidationId, as_invalidation_id, "an invalidation"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn takes_distribution(id: impl AsDistributionId) -> String {
        id.as_distribution_id().to_string()
    }

    #[test]
    fn literals_strings_and_typed_ids_are_all_accepted() {
        let typed = DistributionId::new("E1");
        let owned = String::from("E2");
        assert_eq!(takes_distribution("E0"), "E0");
        assert_eq!(takes_distribution(&owned), "E2");
        assert_eq!(takes_distribution(owned.clone()), "E2");
        assert_eq!(takes_distribution(&typed), "E1");
        assert_eq!(takes_distribution(typed.clone()), "E1");
    }

    #[test]
    fn ids_compare_with_text_and_print_as_text() {
        let id = InvalidationId::from("I1");
        assert_eq!(id, "I1");
        assert_eq!("I1", id);
        assert_eq!(id.to_string(), "I1");
        assert_eq!(format!("{id:?}"), "\"I1\"");
        assert_eq!(id.len(), 2);
    }
}
