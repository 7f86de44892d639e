//! `Distribution::from_xml` (GetDistribution, CreateDistribution, UpdateDistribution bodies)
//! must never panic; whatever it decodes must encode again (or be refused as InvalidInput).
#![no_main]

use cloudfront::Distribution;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(d) = Distribution::from_xml(text) {
        let _ = d.to_xml();
        let _ = format!("{d:?}");
    }
});
