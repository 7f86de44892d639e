//! The hand-written XML layer: reading on `roxmltree`, writing on `xmlwriter`.
//!
//! Pure functions only, no I/O. Every resource module decodes and encodes through these
//! helpers: [`read`](mod@read) for typed text and error paths, [`write`](mod@write) for escaping and refusing
//! characters XML cannot carry, [`list`] for the `Quantity` + `Items` pattern that every
//! CloudFront list uses, and [`unknown`] for keeping elements this crate does not know yet.

pub mod list;
pub mod read;
pub mod unknown;
pub mod write;

pub use read::NAMESPACE;
pub use unknown::{RawElement, RawNode, UnknownElements};
pub use write::XmlOut;
