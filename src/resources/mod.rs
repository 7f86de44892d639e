//! The API's resources, one module each: typed model, XML codec and operations.

pub mod distribution;
