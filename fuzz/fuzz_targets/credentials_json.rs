//! The JSON documents of the container endpoint (ECS, EKS Pod Identity) and the EC2 instance
//! metadata service, read through the public credentials chain with a transport that answers
//! with the fuzz input: never a panic, whatever the document. The first byte picks the
//! source.
#![no_main]

use std::sync::Arc;

use cloudfront::transport::{HttpRequest, HttpResponse, Transport, TransportError};
use cloudfront::{CredentialsChain, Environment};
use libfuzzer_sys::fuzz_target;

/// Answers the IMDS token and role requests, and everything else with `body`.
#[derive(Debug)]
struct Answer(Vec<u8>);

impl Transport for Answer {
    fn send(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        let body = if request.method == "PUT" {
            b"token".to_vec()
        } else if request.url.ends_with("/security-credentials/") {
            b"role".to_vec()
        } else {
            self.0.clone()
        };
        Ok(HttpResponse::new(200, Vec::new(), body))
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, body)) = data.split_first() else {
        return;
    };
    let vars: Vec<(&str, &str)> = if which % 2 == 0 {
        vec![
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1/creds"),
            ("AWS_EC2_METADATA_DISABLED", "true"),
        ]
    } else {
        vec![("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1")]
    };
    let chain = CredentialsChain::from_environment(
        Environment::from_vars(vars).home_dir("/nonexistent-fuzz-home"),
    )
    .system_boto_config("/nonexistent-fuzz-boto")
    .metadata_transport(Arc::new(Answer(body.to_vec())));
    match chain.resolve() {
        Ok(creds) => {
            let _ = format!("{creds:?}");
        }
        Err(e) => {
            let _ = (e.to_string(), format!("{e:?}"));
        }
    }
});
