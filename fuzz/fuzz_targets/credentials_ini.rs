//! `cloudfront::auth::ini::parse_ini` (~/.aws/credentials, ~/.aws/config, ~/.boto) must
//! never panic, and its errors must not repeat the file's content.
#![no_main]

use cloudfront::auth::ini::parse_ini;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse_ini(text, "credentials") {
        Ok(ini) => {
            for section in ini.sections() {
                for key in section.keys() {
                    let _ = section.get(key);
                    // Nested blocks (`s3 =`, `cloudfront =` in [services x]).
                    let _ = section.sub(key, "endpoint_url");
                }
            }
            let _ = format!("{ini:?}");
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
