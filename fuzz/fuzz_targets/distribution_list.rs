//! `DistributionList::from_xml` (ListDistributions pages) must never panic.
#![no_main]

use cloudfront::DistributionList;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(list) = DistributionList::from_xml(text) {
        let _ = list.to_xml();
    }
});
