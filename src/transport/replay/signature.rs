//! Strict replay's signature check: the shape of a request's SigV4 `Authorization` header,
//! and its agreement with the request's own `x-amz-date`, headers and body. The signature
//! value itself cannot be checked without the secret key (the fixture never has it).

use crate::auth::sigv4::payload_hash;
use crate::client::{SIGNING_REGION, SIGNING_SERVICE};
use crate::transport::HttpRequest;

/// What is wrong with the request's `Authorization` header (empty when it is a well-formed
/// SigV4 header for CloudFront that signs this request's date, headers and body).
pub(super) fn sigv4_problems(request: &HttpRequest) -> Vec<String> {
    let mut out = Vec::new();
    let Some(auth) = request.header("authorization") else {
        return vec!["no authorization header (strict replay wants a SigV4 signature)".into()];
    };
    let Some(rest) = auth.strip_prefix("AWS4-HMAC-SHA256 ") else {
        return vec!["authorization: not `AWS4-HMAC-SHA256 ...`".into()];
    };
    let parts: Vec<&str> = rest.split(", ").collect();
    let field = |name: &str| {
        parts
            .iter()
            .find_map(|p| p.strip_prefix(name)?.strip_prefix('='))
    };
    let (Some(credential), Some(signed), Some(signature)) = (
        field("Credential"),
        field("SignedHeaders"),
        field("Signature"),
    ) else {
        return vec![
            "authorization: wants `Credential=..., SignedHeaders=..., Signature=...`".into(),
        ];
    };
    if parts.len() != 3 {
        out.push(format!(
            "authorization: {} comma-separated fields, expected 3",
            parts.len()
        ));
    }

    // Credential=KEY/YYYYMMDD/us-east-1/cloudfront/aws4_request
    let scope: Vec<&str> = credential.split('/').collect();
    match scope.as_slice() {
        [key, date, region, service, "aws4_request"] => {
            if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric()) {
                out.push("authorization: the access key id is empty or not alphanumeric".into());
            }
            if *region != SIGNING_REGION || *service != SIGNING_SERVICE {
                out.push(format!(
                    "authorization: scope {region}/{service}, expected {SIGNING_REGION}/{SIGNING_SERVICE}"
                ));
            }
            match request.header("x-amz-date") {
                None => out.push("no x-amz-date header".into()),
                Some(amz_date) if !is_amz_date(amz_date) => {
                    out.push(format!("x-amz-date {amz_date:?} is not YYYYMMDDTHHMMSSZ"))
                }
                Some(amz_date) if !amz_date.starts_with(date) => out.push(format!(
                    "authorization: scope date {date} is not the date of x-amz-date {amz_date}"
                )),
                Some(_) => {}
            }
        }
        _ => out.push(
            "authorization: credential is not KEY/YYYYMMDD/REGION/SERVICE/aws4_request".into(),
        ),
    }

    // SignedHeaders: lowercase, sorted, unique; host, x-amz-date, every x-amz-* header and
    // content-type the request carries; nothing it does not carry (but host, which the
    // transport adds from the URL).
    let names: Vec<&str> = signed.split(';').collect();
    if names
        .iter()
        .any(|n| n.is_empty() || *n != n.to_ascii_lowercase())
    {
        out.push(format!("signed headers {signed:?} are not lowercase names"));
    }
    if names.windows(2).any(|w| w[0] >= w[1]) {
        out.push(format!(
            "signed headers {signed:?} are not sorted and unique"
        ));
    }
    for must in ["host", "x-amz-date"] {
        if !names.contains(&must) {
            out.push(format!("signed headers {signed:?} lack {must}"));
        }
    }
    for (name, _) in &request.headers {
        let lower = name.to_ascii_lowercase();
        let must_sign = lower.starts_with("x-amz-") || lower == "content-type";
        if must_sign && !names.contains(&lower.as_str()) {
            out.push(format!("header {lower} is sent but not signed"));
        }
    }
    for name in &names {
        if *name != "host" && request.header(name).is_none() {
            out.push(format!("header {name} is signed but not sent"));
        }
    }

    if signature.len() != 64
        || !signature
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        out.push("authorization: the signature is not 64 lowercase hex digits".into());
    }
    if let Some(sent) = request.header("x-amz-content-sha256") {
        if sent != payload_hash(&request.body) {
            out.push("x-amz-content-sha256 is not the SHA-256 of the body".into());
        }
    }
    out
}

/// `YYYYMMDDTHHMMSSZ`.
fn is_amz_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 16
        && b[8] == b'T'
        && b[15] == b'Z'
        && b[..8].iter().chain(&b[9..15]).all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(auth: &str, extra: &[(&str, &str)]) -> HttpRequest {
        let mut headers = vec![
            ("x-amz-date".to_string(), "20261125T120000Z".to_string()),
            ("authorization".to_string(), auth.to_string()),
        ];
        headers.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        HttpRequest {
            method: "GET".into(),
            url: "https://cloudfront.amazonaws.com/2020-05-31/distribution".into(),
            headers,
            body: vec![],
        }
    }

    const SIG: &str = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";

    #[test]
    fn a_well_formed_header_passes() {
        let auth = format!(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/cloudfront/aws4_request, SignedHeaders=host;x-amz-date, Signature={SIG}"
        );
        assert_eq!(sigv4_problems(&request(&auth, &[])), Vec::<String>::new());
    }

    #[test]
    fn each_defect_is_named() {
        let cases = [
            ("Basic abc", "not `AWS4-HMAC-SHA256"),
            (
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261124/us-east-1/cloudfront/aws4_request, SignedHeaders=host;x-amz-date, Signature=SIG",
                "scope date 20261124",
            ),
            (
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/eu-west-1/cloudfront/aws4_request, SignedHeaders=host;x-amz-date, Signature=SIG",
                "expected us-east-1/cloudfront",
            ),
            (
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/cloudfront/aws4_request, SignedHeaders=x-amz-date;host, Signature=SIG",
                "not sorted",
            ),
            (
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/cloudfront/aws4_request, SignedHeaders=host, Signature=SIG",
                "lack x-amz-date",
            ),
            (
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/cloudfront/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc",
                "64 lowercase hex",
            ),
            (
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/cloudfront/aws4_request, SignedHeaders=host;if-match;x-amz-date, Signature=SIG",
                "if-match is signed but not sent",
            ),
        ];
        for (auth, want) in cases {
            let auth = auth.replace("SIG", SIG);
            let problems = sigv4_problems(&request(&auth, &[]));
            assert!(
                problems.iter().any(|p| p.contains(want)),
                "{auth}: {problems:?}"
            );
        }
        let auth = format!(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/cloudfront/aws4_request, SignedHeaders=host;x-amz-date, Signature={SIG}"
        );
        let problems = sigv4_problems(&request(
            &auth,
            &[
                ("X-Amz-Content-Sha256", "00"),
                ("content-type", "application/xml"),
            ],
        ));
        assert!(
            problems
                .iter()
                .any(|p| p.contains("x-amz-content-sha256 is sent but not signed"))
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("content-type is sent but not signed"))
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("not the SHA-256 of the body"))
        );
        assert!(
            !sigv4_problems(&HttpRequest {
                headers: vec![],
                ..request("", &[])
            })
            .is_empty()
        );
    }
}
