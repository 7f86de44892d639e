//! `Invalidation::from_xml` and `InvalidationBatch::from_xml` must never panic.
#![no_main]

use cloudfront::{Invalidation, InvalidationBatch};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = Invalidation::from_xml(text);
    if let Ok(batch) = InvalidationBatch::from_xml(text) {
        let _ = batch.to_xml();
    }
});
