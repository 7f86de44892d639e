//! The KeyValueStore's JSON decoders, through the public pipeline: a `KeyValueStore` on a
//! `MockTransport` that answers with the fuzzed body. The first byte picks the operation
//! (describe, get, list, put, update) and whether the answer is a success (200, with an
//! ETag) or an error status (400, 404, 409, 500: the rest-json error decoder). Decoding must
//! never panic, and a hostile `NextToken` must not make the pager loop forever (the iteration
//! is bounded here). One client and store serve every input (built once: building a client
//! and deriving its SigV4A key per input made the target ~20 times slower); the transport
//! answers with the current input.
#![no_main]

use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, UNIX_EPOCH};

use cloudfront::clock::ManualClock;
use cloudfront::kvs::{ErrorKind, KeyValueStore, error_from_json_response};
use cloudfront::transport::{HttpRequest, HttpResponse, Transport, TransportError};
use cloudfront::{Client, Credentials, RetryPolicy};
use libfuzzer_sys::fuzz_target;

const ARN: &str = "arn:aws:cloudfront::123456789012:key-value-store/37d5f4d4-52c6-4d48-9a6f-2b8f1a3c7e90";

/// Answers every request with the response of the input being run.
#[derive(Debug, Default)]
struct Answer(Mutex<Option<HttpResponse>>);

impl Transport for Answer {
    fn send(&self, _request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        Ok(self
            .0
            .lock()
            .unwrap()
            .clone()
            .expect("set before every input"))
    }
}

fn fixture() -> &'static (Arc<Answer>, KeyValueStore) {
    static ONCE: OnceLock<(Arc<Answer>, KeyValueStore)> = OnceLock::new();
    ONCE.get_or_init(|| {
        let answer = Arc::new(Answer::default());
        let client = Client::builder()
            .credentials(Credentials::new("AKIDEXAMPLE", "fuzz-secret"))
            .shared_transport(answer.clone())
            .retry(RetryPolicy::none())
            .clock(Arc::new(ManualClock::new(
                UNIX_EPOCH + Duration::from_secs(1_700_000_000),
            )))
            .build()
            .expect("a fixed, valid client configuration");
        let store = client.key_value_store(ARN).expect("a valid ARN");
        (answer, store)
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let status = [200, 200, 200, 400, 404, 409, 500, 200][usize::from(selector >> 5)];
    let mut headers = Vec::new();
    if selector & 0x10 != 0 {
        headers.push(("ETag".to_string(), "KVFUZZ".to_string()));
    }
    if selector & 0x08 != 0 {
        headers.push(("x-amzn-ErrorType".to_string(), "ConflictException:x".to_string()));
    }
    let (answer, store) = fixture();
    *answer.0.lock().unwrap() = Some(HttpResponse::new(status, headers, body.to_vec()));
    let error = match selector & 0x07 {
        0 => store.describe().err(),
        1 => store.get("k").err(),
        2 | 3 => {
            for item in store.keys().take(1_000) {
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
