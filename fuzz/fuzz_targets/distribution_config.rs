//! `DistributionConfig::from_xml` must never panic, and what it decodes must round-trip:
//! encoding succeeds (or is refused with a typed `InvalidInput`), and decoding the encoded
//! document gives back the same value.
#![no_main]

use cloudfront::DistributionConfig;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(config) = DistributionConfig::from_xml(text) else {
        return;
    };
    let Ok(encoded) = config.to_xml() else {
        // A typed InvalidInput: the value holds something XML 1.0 cannot carry.
        return;
    };
    match DistributionConfig::from_xml(&encoded) {
        Ok(again) => assert_eq!(again, config, "round trip changed the value:\n{encoded}"),
        Err(e) => panic!("re-decoding our own encoding failed: {e}\n{encoded}"),
    }
});
