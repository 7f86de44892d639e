//! `cloudfront::transport::Exchange::parse` (the replay fixture format) must never panic,
//! and what it parses must survive `to_text` and `parse` again unchanged.
#![no_main]

use cloudfront::transport::Exchange;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(exchange) = Exchange::parse(text) else {
        return;
    };
    let written = exchange.to_text();
    match Exchange::parse(&written) {
        Ok(again) => assert_eq!(
            again, exchange,
            "to_text/parse changed the exchange:\n{written}"
        ),
        Err(e) => panic!("parsing our own to_text failed: {e}\n{written}"),
    }
});
