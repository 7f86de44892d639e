//! The hand-written XML layer: reading on `roxmltree`, writing on `xmlwriter`.
//!
//! Pure functions only, no I/O. Every resource module decodes and encodes through these
//! helpers: `read` for typed text and error paths, `write` for escaping and refusing
//! characters XML cannot carry, [`list`] for the `Quantity` + `Items` pattern that every
//! CloudFront list uses, [`unknown`] for keeping elements this crate does not know yet, and
//! [`structure`] for declaring a modelled structure once and getting its codec from a macro.

//!
//! `read` and `write` are public only so that the fuzz targets and tests can reach them: they
//! are hidden from the documentation and not part of the semver surface (unstable).

pub(crate) mod error_body;
pub mod list;
#[doc(hidden)]
pub mod read;
pub mod scalar;
pub mod structure;
pub mod unknown;
#[doc(hidden)]
pub mod write;

pub use read::NAMESPACE;
pub use scalar::{Blob, Float};
pub use structure::XmlValue;
pub use unknown::{RawElement, RawNode, UnknownElements};
pub use write::XmlOut;
