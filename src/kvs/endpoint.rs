//! The KeyValueStore's endpoint from the store's ARN, per the service's rule set
//! (`model/cloudfront-keyvaluestore/endpoint-rule-set-1.json`), branch by branch:
//!
//! | input | result |
//! |---|---|
//! | FIPS asked for | [`EndpointError::FipsUnsupported`] |
//! | no ARN / not an ARN | [`EndpointError::MissingArn`] / [`EndpointError::NotAnArn`] |
//! | service other than `cloudfront` | [`EndpointError::NotCloudFront`] |
//! | a region in the ARN | [`EndpointError::RegionalArn`] |
//! | no resource type / another one | [`EndpointError::NoResourceType`] / [`EndpointError::WrongResourceType`] |
//! | partition other than `aws` | [`EndpointError::UnsupportedPartition`] |
//! | an endpoint override | `{scheme}://{account}.{authority}{path}` (or [`EndpointError::InvalidEndpoint`]) |
//! | otherwise | `https://{account}.cloudfront-kvs.global.api.aws` |
//!
//! Two checks are this crate's, beyond the rule set: the account id must be usable as a host
//! label (letters, digits, `-`; the rule set would otherwise build a host such as
//! `.cloudfront-kvs…`), and a plain `http://` override is accepted only for a loopback host
//! (`localhost`, a subdomain of it, `127.0.0.0/8`, `[::1]`), as for CloudFront's endpoint.

use std::fmt;

/// The service's global endpoint suffix.
pub const GLOBAL_SUFFIX: &str = "cloudfront-kvs.global.api.aws";

/// Why no endpoint could be resolved: the rule set's errors (its wording, shortened), and
/// the two checks of this crate (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EndpointError {
    /// "Invalid Configuration: FIPS is not supported with CloudFront-KeyValueStore."
    FipsUnsupported,
    /// "KVS ARN must be provided to use this service" (an empty ARN).
    MissingArn,
    /// "KVS ARN must be a valid ARN" (or its account id is not a host label).
    NotAnArn,
    /// "Provided ARN is not a valid CloudFront Service ARN. Found: `{service}`".
    NotCloudFront {
        /// The ARN's service.
        service: String,
    },
    /// "Provided ARN must be a global resource ARN. Found: `{region}`".
    RegionalArn {
        /// The ARN's region.
        region: String,
    },
    /// "No resource type found in the KVS ARN. Resource type must be `key-value-store`."
    NoResourceType,
    /// "ARN resource type is invalid. Expected `key-value-store`, found: `{found}`".
    WrongResourceType {
        /// The ARN's resource type.
        found: String,
    },
    /// "CloudFront-KeyValueStore is not supported in partition `{partition}`".
    UnsupportedPartition {
        /// The ARN's partition.
        partition: String,
    },
    /// "Provided endpoint is not a valid URL" (or plain `http` to a host that is not loopback).
    InvalidEndpoint {
        /// What is wrong with it.
        reason: &'static str,
    },
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // ARN parts are bounded by the ARN's own length check (2048) and quoted with {:?}.
        match self {
            EndpointError::FipsUnsupported => {
                f.write_str("FIPS is not supported with CloudFront-KeyValueStore")
            }
            EndpointError::MissingArn => {
                f.write_str("a KeyValueStore ARN must be provided to use this service")
            }
            EndpointError::NotAnArn => f.write_str(
                "the KeyValueStore ARN is not a valid ARN (arn:aws:cloudfront::<account>:key-value-store/<id>)",
            ),
            EndpointError::NotCloudFront { service } => write!(
                f,
                "the ARN is not a CloudFront ARN (its service is {service:?})"
            ),
            EndpointError::RegionalArn { region } => write!(
                f,
                "the ARN must be a global resource ARN (it has the region {region:?})"
            ),
            EndpointError::NoResourceType => f.write_str(
                "no resource type in the KeyValueStore ARN: it must be `key-value-store`",
            ),
            EndpointError::WrongResourceType { found } => write!(
                f,
                "the ARN's resource type is {found:?}, expected `key-value-store`"
            ),
            EndpointError::UnsupportedPartition { partition } => write!(
                f,
                "CloudFront KeyValueStore is not supported in partition {partition:?}"
            ),
            EndpointError::InvalidEndpoint { reason } => {
                write!(f, "the endpoint override is not a valid URL: {reason}")
            }
        }
    }
}

impl std::error::Error for EndpointError {}

impl From<EndpointError> for crate::Error {
    fn from(e: EndpointError) -> Self {
        crate::Error::invalid_input(e.to_string())
    }
}

/// The parts of a KeyValueStore ARN the endpoint depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KvsArn {
    /// The whole ARN, as given.
    pub arn: String,
    /// `aws`.
    pub partition: String,
    /// The account id, the first label of the endpoint's host.
    pub account_id: String,
}

/// Longest ARN the API accepts (`KvsARN`: 1 to 2048 characters).
pub const MAX_ARN_LEN: usize = 2048;

/// Resolves the endpoint of the store `arn` (module table). `endpoint` is an override
/// (`AWS_ENDPOINT_URL`-style, e.g. `http://localhost:8080` for a local fake).
///
/// ```
/// use cloudfront::kvs::{EndpointError, resolve_endpoint};
///
/// let arn = "arn:aws:cloudfront::123456789012:key-value-store/37d5f4d4-52c6-4d48-9a6f-2b8f1a3c7e90";
/// assert_eq!(
///     resolve_endpoint(arn, None, false)?,
///     "https://123456789012.cloudfront-kvs.global.api.aws"
/// );
/// assert_eq!(
///     resolve_endpoint(arn, Some("https://kvs.example.com/base"), false)?,
///     "https://123456789012.kvs.example.com/base"
/// );
/// assert_eq!(resolve_endpoint(arn, None, true), Err(EndpointError::FipsUnsupported));
/// # Ok::<(), EndpointError>(())
/// ```
///
/// # Errors
/// [`EndpointError`], one variant per error branch of the rule set.
pub fn resolve_endpoint(
    arn: &str,
    endpoint: Option<&str>,
    use_fips: bool,
) -> Result<String, EndpointError> {
    if use_fips {
        return Err(EndpointError::FipsUnsupported);
    }
    let parsed = parse_arn(arn)?;
    match endpoint {
        None => Ok(format!("https://{}.{GLOBAL_SUFFIX}", parsed.account_id)),
        Some(url) => {
            let (scheme, authority, path) = parse_url(url)?;
            Ok(format!(
                "{scheme}://{}.{authority}{path}",
                parsed.account_id
            ))
        }
    }
}

/// Parses and checks a KeyValueStore ARN (`arn:aws:cloudfront::<account>:key-value-store/<id>`)
/// as the rule set does (`aws.parseArn`, then its conditions in order).
///
/// # Errors
/// As [`resolve_endpoint`], except [`EndpointError::FipsUnsupported`] and
/// [`EndpointError::InvalidEndpoint`].
pub fn parse_arn(arn: &str) -> Result<KvsArn, EndpointError> {
    if arn.is_empty() {
        return Err(EndpointError::MissingArn);
    }
    if arn.len() > MAX_ARN_LEN {
        return Err(EndpointError::NotAnArn);
    }
    // aws.parseArn: six `:`-separated parts, the last one (the resource) keeping its colons;
    // `arn`, a partition, a service and a resource are required, region and account may be
    // empty.
    let mut parts = arn.splitn(6, ':');
    let (Some("arn"), Some(partition), Some(service), Some(region), Some(account), Some(resource)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return Err(EndpointError::NotAnArn);
    };
    if partition.is_empty() || service.is_empty() || resource.is_empty() {
        return Err(EndpointError::NotAnArn);
    }
    if service != "cloudfront" {
        return Err(EndpointError::NotCloudFront {
            service: service.to_string(),
        });
    }
    if !region.is_empty() {
        return Err(EndpointError::RegionalArn {
            region: region.to_string(),
        });
    }
    // resourceId: the resource split on `:` and `/`; [0] is its type.
    let resource_type = resource.split([':', '/']).next().unwrap_or("");
    if resource_type.is_empty() {
        return Err(EndpointError::NoResourceType);
    }
    if resource_type != "key-value-store" {
        return Err(EndpointError::WrongResourceType {
            found: resource_type.to_string(),
        });
    }
    if partition != "aws" {
        return Err(EndpointError::UnsupportedPartition {
            partition: partition.to_string(),
        });
    }
    let label_ok = !account.is_empty()
        && account.len() <= 63
        && account
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !account.starts_with('-')
        && !account.ends_with('-');
    if !label_ok {
        return Err(EndpointError::NotAnArn);
    }
    Ok(KvsArn {
        arn: arn.to_string(),
        partition: partition.to_string(),
        account_id: account.to_string(),
    })
}

/// `parseURL`: scheme (`http` or `https`), authority, path (no query, fragment or user
/// info; a trailing `/` is dropped so that the operation's path can follow).
fn parse_url(url: &str) -> Result<(String, &str, &str), EndpointError> {
    let bad = |reason| EndpointError::InvalidEndpoint { reason };
    let (scheme, rest) = url
        .split_once("://")
        .ok_or(bad("expected scheme://host[:port][/path]"))?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "https" && scheme != "http" {
        return Err(bad("the scheme must be https or http"));
    }
    if rest.contains(['?', '#', '@', ' ']) {
        return Err(bad("no query, fragment, user info or spaces allowed"));
    }
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], rest[i..].trim_end_matches('/')),
        None => (rest, ""),
    };
    let host = match authority.rsplit_once(':') {
        Some((host, port))
            if !host.ends_with(']') || authority.starts_with('[') && host.ends_with(']') =>
        {
            if port.is_empty() || port.parse::<u16>().is_err() {
                return Err(bad("the port must be a number up to 65535"));
            }
            host
        }
        _ => authority,
    };
    if host.is_empty() {
        return Err(bad("no host"));
    }
    if host.starts_with('[') {
        return Err(bad(
            "an IP address cannot be prefixed with the account id; use a host name",
        ));
    }
    if scheme == "http" && !is_loopback_name(host) {
        return Err(bad(
            "plain http is only allowed to loopback hosts (localhost and its subdomains)",
        ));
    }
    Ok((scheme, authority, path))
}

/// `localhost` and its subdomains (RFC 6761 §6.3): the only loopback names that stay loopback
/// once the account id is put in front of them (an IP address does not).
fn is_loopback_name(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host == "localhost" || host.ends_with(".localhost")
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARN: &str = "arn:aws:cloudfront::123456789012:key-value-store/my-store";

    #[test]
    fn each_branch_of_the_rule_set() {
        assert_eq!(
            resolve_endpoint(ARN, None, false).unwrap(),
            "https://123456789012.cloudfront-kvs.global.api.aws"
        );
        assert_eq!(
            resolve_endpoint(ARN, Some("https://example.com/"), false).unwrap(),
            "https://123456789012.example.com"
        );
        assert_eq!(
            resolve_endpoint(ARN, Some("http://localhost:8080/p/"), false).unwrap(),
            "http://123456789012.localhost:8080/p"
        );
        assert_eq!(
            resolve_endpoint(ARN, None, true),
            Err(EndpointError::FipsUnsupported)
        );
        assert_eq!(
            resolve_endpoint("", None, false),
            Err(EndpointError::MissingArn)
        );
        for not_arn in [
            "key-value-store/x",
            "arn:aws:cloudfront::123",
            "arn::cloudfront::1:key-value-store/x",
            "arn:aws:cloudfront::1:",
            "arn:aws:cloudfront:::key-value-store/x",
            "arn:aws:cloudfront::evil.com#:key-value-store/x",
        ] {
            assert_eq!(
                resolve_endpoint(not_arn, None, false),
                Err(EndpointError::NotAnArn),
                "{not_arn}"
            );
        }
        assert_eq!(
            resolve_endpoint("arn:aws:s3::123456789012:key-value-store/x", None, false),
            Err(EndpointError::NotCloudFront {
                service: "s3".into()
            })
        );
        assert_eq!(
            resolve_endpoint(
                "arn:aws:cloudfront:us-east-1:123456789012:key-value-store/x",
                None,
                false
            ),
            Err(EndpointError::RegionalArn {
                region: "us-east-1".into()
            })
        );
        assert_eq!(
            resolve_endpoint("arn:aws:cloudfront::123456789012:/x", None, false),
            Err(EndpointError::NoResourceType)
        );
        assert_eq!(
            resolve_endpoint(
                "arn:aws:cloudfront::123456789012:distribution/E1",
                None,
                false
            ),
            Err(EndpointError::WrongResourceType {
                found: "distribution".into()
            })
        );
        assert_eq!(
            resolve_endpoint(
                "arn:aws-cn:cloudfront::123456789012:key-value-store/x",
                None,
                false
            ),
            Err(EndpointError::UnsupportedPartition {
                partition: "aws-cn".into()
            })
        );
        for bad in [
            "ftp://example.com",
            "example.com",
            "https://example.com?x=1",
            "https://user@example.com",
            "https://example.com:99999",
            "https://:443",
            "http://example.com",
            "http://127.0.0.1:8080",
            "https://[::1]:8080",
        ] {
            assert!(
                matches!(
                    resolve_endpoint(ARN, Some(bad), false),
                    Err(EndpointError::InvalidEndpoint { .. })
                ),
                "{bad}"
            );
        }
        let long = format!("{ARN}{}", "x".repeat(MAX_ARN_LEN));
        assert_eq!(
            resolve_endpoint(&long, None, false),
            Err(EndpointError::NotAnArn)
        );
    }
}
