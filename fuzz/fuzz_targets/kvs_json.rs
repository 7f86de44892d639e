//! The KeyValueStore's JSON decoders, through the public pipeline: a `KeyValueStore` on a
//! `MockTransport` that answers with the fuzzed body. The first byte picks the operation
//! (describe, get, list, put, update) and whether the answer is a success (200, with an
//! ETag) or an error status (400, 404, 409, 500: the rest-json error decoder). Decoding must
//! never panic, and a hostile `NextToken` must not make the pager loop forever (the mock
//! answers at most 4 times; the iteration is also bounded here).
#![no_main]

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use cloudfront::clock::ManualClock;
use cloudfront::kvs::{ErrorKind, error_from_json_response};
use cloudfront::transport::{Expectation, HttpResponse, MockTransport};
use cloudfront::{Client, Credentials, RetryPolicy};
use libfuzzer_sys::fuzz_target;

const ARN: &str = "arn:aws:cloudfront::123456789012:key-value-store/37d5f4d4-52c6-4d48-9a6f-2b8f1a3c7e90";

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let status = [200, 200, 200, 400, 404, 409, 500, 200][usize::from(selector >> 5)];
    let mut expectation = Expectation::any()
        .respond(status)
        .response_body(body.to_vec())
        .times(4);
    if selector & 0x10 != 0 {
        expectation = expectation.response_header("ETag", "KVFUZZ");
    }
    if selector & 0x08 != 0 {
        expectation = expectation.response_header("x-amzn-ErrorType", "ConflictException:x");
    }
    let mock = Arc::new(MockTransport::new());
    mock.expect(expectation);
    let client = Client::builder()
        .credentials(Credentials::new("AKIDEXAMPLE", "fuzz-secret"))
        .shared_transport(mock)
        .retry(RetryPolicy::none())
        .clock(Arc::new(ManualClock::new(
            UNIX_EPOCH + Duration::from_secs(1_700_000_000),
        )))
        .build()
        .expect("a fixed, valid client configuration");
    let store = client.key_value_store(ARN).expect("a valid ARN");
    let error = match selector & 0x07 {
        0 => store.describe().err(),
        1 => store.get("k").err(),
        2 | 3 => {
            for item in store.keys().take(10_000) {
                if item.is_err() {
                    break;
                }
            }
            None
        }
        4 => store.put("k", "v", "E").err(),
        5 => store.delete("k", "E").err(),
        _ => store.update(&[("k", "v")], &["d"], "E").err(),
    };
    if let Some(e) = error {
        let _ = (e.to_string(), format!("{e:?}"), ErrorKind::of(&e), e.code());
    }
    let direct = error_from_json_response(&HttpResponse::new(status, Vec::new(), body.to_vec()));
    let _ = (direct.to_string(), ErrorKind::of(&direct));
});
