//! `cloudfront::error_from_response`, the error-body decoder, must never panic on any status,
//! headers or body, and its `Display` must stay bounded for non-XML bodies.
#![no_main]

use cloudfront::error_from_response;
use cloudfront::transport::HttpResponse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // First two bytes: the status; then an optional request-id header up to the first NUL.
    let (status, rest) = match data {
        [a, b, rest @ ..] => (u16::from_be_bytes([*a, *b]), rest),
        _ => (500, data),
    };
    let (headers, body) = match rest.iter().position(|&b| b == 0) {
        Some(i) => (
            vec![(
                "x-amz-request-id".to_string(),
                String::from_utf8_lossy(&rest[..i]).into_owned(),
            )],
            &rest[i + 1..],
        ),
        None => (Vec::new(), rest),
    };
    let resp = HttpResponse::new(status, headers, body.to_vec());
    let err = error_from_response(&resp);
    let _ = err.to_string();
    let _ = format!("{err:?}");
    let _ = (
        err.code(),
        err.status(),
        err.is_retryable(),
        err.is_not_found(),
    );
});
