//! `sign-url` and `sign-cookies`: local signing with an RSA or ECDSA P-256 private key.

use std::time::{Duration, SystemTime};

use anyhow::{Context, Result, bail};
use cloudfront::presign::{EcdsaKeySigner, HashAlgorithm, PolicySigner};
use cloudfront::{CannedPolicy, CustomPolicy, RsaKeySigner, SignedUrl};
use serde_json::Value;

use crate::args::{Output, SignArgs};
use crate::output::{print, print_json};

/// The key's signer: RSA when the file holds an RSA key, else ECDSA P-256; with
/// `--hash-algorithm` when given, else the signer's default (RSA: SHA-1, ECDSA: SHA-256).
fn signer(args: &SignArgs) -> Result<Box<dyn PolicySigner>> {
    let path = args.private_key.display();
    let pem = std::fs::read_to_string(&args.private_key)
        .with_context(|| format!("reading the private key {path}"))?;
    let algorithm = match args.hash_algorithm.as_deref() {
        Some(h) if h.eq_ignore_ascii_case("SHA256") => Some(HashAlgorithm::Sha256),
        Some(_) => Some(HashAlgorithm::Sha1),
        None => None,
    };
    let signer: Box<dyn PolicySigner> = match RsaKeySigner::from_pem(&pem) {
        Ok(rsa) => Box::new(match algorithm {
            Some(a) => rsa.with_algorithm(a),
            None => rsa,
        }),
        Err(rsa_error) => match EcdsaKeySigner::from_pem(&pem) {
            Ok(ecdsa) => Box::new(match algorithm {
                Some(a) => ecdsa.with_algorithm(a),
                None => ecdsa,
            }),
            Err(ecdsa_error) => bail!(
                "{path} is neither an RSA private key ({rsa_error}) nor an ECDSA P-256 one ({ecdsa_error})"
            ),
        },
    };
    Ok(signer)
}

/// `2026-12-31T00:00:00Z` or `+1h`.
fn expiry(text: &str) -> Result<SystemTime> {
    if let Some(d) = text.strip_prefix('+') {
        let d: Duration = crate::args::parse_duration(d).map_err(anyhow::Error::msg)?;
        return Ok(SystemTime::now() + d);
    }
    cloudfront::time::parse_iso8601(text).with_context(|| {
        format!("{text:?} is not an RFC 3339 time (2026-12-31T00:00:00Z) or +DURATION")
    })
}

/// A custom policy from a policy JSON file (one statement).
fn custom_policy(path: &std::path::Path) -> Result<CustomPolicy> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let v: Value =
        serde_json::from_str(&text).with_context(|| format!("{} is not JSON", path.display()))?;
    let statements = v["Statement"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    let [s] = statements else {
        bail!(
            "{}: a policy needs exactly one entry in Statement",
            path.display()
        );
    };
    let Some(resource) = s["Resource"].as_str() else {
        bail!("{}: Statement[0].Resource is missing", path.display());
    };
    let epoch = |key: &str| {
        s["Condition"][key]["AWS:EpochTime"]
            .as_u64()
            .map(|n| SystemTime::UNIX_EPOCH + Duration::from_secs(n))
    };
    let Some(not_after) = epoch("DateLessThan") else {
        bail!(
            "{}: Condition.DateLessThan.AWS:EpochTime is required",
            path.display()
        );
    };
    let mut policy = CustomPolicy::new(resource).not_after(not_after);
    if let Some(t) = epoch("DateGreaterThan") {
        policy = policy.not_before(t);
    }
    if let Some(ip) = s["Condition"]["IpAddress"]["AWS:SourceIp"].as_str() {
        policy = policy.source_ip(ip);
    }
    Ok(policy)
}

/// Prints a signed URL.
pub fn sign_url(args: &SignArgs, output: Output) -> Result<()> {
    let signer = signer(args)?;
    let url = match (&args.expires, &args.policy) {
        (Some(t), _) => SignedUrl::canned(args.url.as_str(), expiry(t)?)
            .key_pair_id(args.key_pair_id.as_str())
            .sign(&signer)?,
        (None, Some(p)) => custom_policy(p)?.signed_url(&args.url, &args.key_pair_id, &signer)?,
        (None, None) => bail!("give --expires or --policy"),
    };
    match output {
        Output::Json => print_json(&serde_json::json!({ "SignedUrl": url })),
        _ => print(&format!("{url}\n")),
    }
}

/// Prints signed cookies as `Set-Cookie` values (text) or name/value pairs (JSON).
pub fn sign_cookies(args: &SignArgs, output: Output) -> Result<()> {
    let signer = signer(args)?;
    let cookies = match (&args.expires, &args.policy) {
        (Some(t), _) => CannedPolicy::new(args.url.as_str(), expiry(t)?)
            .signed_cookies(&args.key_pair_id, &signer)?,
        (None, Some(p)) => custom_policy(p)?.signed_cookies(&args.key_pair_id, &signer)?,
        (None, None) => bail!("give --expires or --policy"),
    };
    match output {
        Output::Json => {
            let map: serde_json::Map<String, Value> = cookies
                .iter()
                .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
                .collect();
            print_json(&map)
        }
        _ => print(
            &cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}\n"))
                .collect::<String>(),
        ),
    }
}
