//! CloudFront's endpoint and signing region for a region and the FIPS setting, per
//! `model/cloudfront/endpoint-rule-set-1.json`: so that the host and the SigV4 region always
//! agree.
//!
//! | Partition (regions) | Endpoint | FIPS endpoint | Signing region |
//! |---|---|---|---|
//! | `aws` (default, and no region) | `cloudfront.amazonaws.com` | `cloudfront-fips.amazonaws.com` | `us-east-1` |
//! | `aws-cn` (`cn-*`) | `cloudfront.cn-northwest-1.amazonaws.com.cn` | `cloudfront-fips.cn-northwest-1.amazonaws.com.cn` | `cn-northwest-1` |
//! | `aws-us-gov` (`us-gov-*`) | `cloudfront.amazonaws.com` | `cloudfront-fips.amazonaws.com` | `us-gov-west-1` |
//!
//! A configured endpoint (`AWS_ENDPOINT_URL_CLOUDFRONT`, ...) keeps the partition's signing
//! region; FIPS with a configured endpoint is an error, as in the rule set.

use crate::error::InvalidInput;

/// Where CloudFront requests go and the region they are signed for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedEndpoint {
    /// `https://cloudfront.amazonaws.com`.
    pub url: String,
    /// The SigV4 region, `us-east-1` for the `aws` partition.
    pub signing_region: String,
}

/// Resolves CloudFront's endpoint (module table).
///
/// ```
/// use cloudfront::endpoint::resolve;
///
/// let cn = resolve(Some("cn-north-1"), false, None)?;
/// assert_eq!(cn.url, "https://cloudfront.cn-northwest-1.amazonaws.com.cn");
/// assert_eq!(cn.signing_region, "cn-northwest-1");
/// let fips = resolve(Some("eu-west-1"), true, None)?;
/// assert_eq!(fips.url, "https://cloudfront-fips.amazonaws.com");
/// assert_eq!(fips.signing_region, "us-east-1");
/// # Ok::<(), cloudfront::InvalidInput>(())
/// ```
///
/// # Errors
/// FIPS together with a configured endpoint.
pub fn resolve(
    region: Option<&str>,
    use_fips: bool,
    configured: Option<&str>,
) -> Result<ResolvedEndpoint, InvalidInput> {
    let region = region.unwrap_or("us-east-1");
    let (host, signing_region) = if region.starts_with("cn-") {
        ("cn-northwest-1.amazonaws.com.cn", "cn-northwest-1")
    } else if region.starts_with("us-gov-") {
        ("amazonaws.com", "us-gov-west-1")
    } else {
        ("amazonaws.com", "us-east-1")
    };
    if let Some(url) = configured {
        if use_fips {
            return Err(InvalidInput::new(
                "Invalid Configuration: FIPS and custom endpoint are not supported (unset AWS_USE_FIPS_ENDPOINT or the configured endpoint)",
            ));
        }
        return Ok(ResolvedEndpoint {
            url: url.to_string(),
            signing_region: signing_region.to_string(),
        });
    }
    let prefix = if use_fips {
        "cloudfront-fips"
    } else {
        "cloudfront"
    };
    Ok(ResolvedEndpoint {
        url: format!("https://{prefix}.{host}"),
        signing_region: signing_region.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partitions_and_fips_follow_the_rule_set() {
        let cases = [
            (None, false, "https://cloudfront.amazonaws.com", "us-east-1"),
            (
                Some("eu-west-1"),
                false,
                "https://cloudfront.amazonaws.com",
                "us-east-1",
            ),
            (
                Some("us-east-1"),
                true,
                "https://cloudfront-fips.amazonaws.com",
                "us-east-1",
            ),
            (
                Some("cn-northwest-1"),
                false,
                "https://cloudfront.cn-northwest-1.amazonaws.com.cn",
                "cn-northwest-1",
            ),
            (
                Some("cn-north-1"),
                true,
                "https://cloudfront-fips.cn-northwest-1.amazonaws.com.cn",
                "cn-northwest-1",
            ),
            (
                Some("us-gov-west-1"),
                true,
                "https://cloudfront-fips.amazonaws.com",
                "us-gov-west-1",
            ),
        ];
        for (region, fips, url, signing) in cases {
            let r = resolve(region, fips, None).unwrap();
            assert_eq!(
                (r.url.as_str(), r.signing_region.as_str()),
                (url, signing),
                "{region:?} {fips}"
            );
        }
        assert!(resolve(None, true, Some("http://127.0.0.1:1")).is_err());
        let custom = resolve(Some("cn-north-1"), false, Some("http://127.0.0.1:1")).unwrap();
        assert_eq!(custom.signing_region, "cn-northwest-1");
    }
}
