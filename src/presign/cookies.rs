//! [`SignedCookies`]: the name/value pairs of CloudFront signed cookies.

use std::fmt;

use super::{HashAlgorithm, SignError};

/// Name of the cookie that carries the base64 custom policy.
pub const COOKIE_POLICY: &str = "CloudFront-Policy";
/// Name of the cookie that carries a canned policy's expiry (epoch seconds).
pub const COOKIE_EXPIRES: &str = "CloudFront-Expires";
/// Name of the cookie that carries the base64 signature.
pub const COOKIE_SIGNATURE: &str = "CloudFront-Signature";
/// Name of the cookie that carries the key pair (public key) id.
pub const COOKIE_KEY_PAIR_ID: &str = "CloudFront-Key-Pair-Id";
/// Name of the cookie that names the hash (`SHA256`); absent for SHA-1.
pub const COOKIE_HASH_ALGORITHM: &str = "CloudFront-Hash-Algorithm";

/// CloudFront signed cookies, in the order AWS documents them: `CloudFront-Policy` (custom
/// policy) or `CloudFront-Expires` (canned policy), then `CloudFront-Signature`,
/// `CloudFront-Key-Pair-Id`, and `CloudFront-Hash-Algorithm` when SHA-256 was used.
///
/// Every value is already in cookie-safe form (CloudFront's URL-safe base64, digits, or
/// ASCII letters and digits). Send one `Set-Cookie` header per pair
/// ([`set_cookie_headers`](Self::set_cookie_headers) writes them), or one `Cookie` header
/// ([`cookie_header`](Self::cookie_header)) when you are the client.
///
/// `Debug` redacts the signature, since the cookies are a bearer credential.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use cloudfront::presign::{CustomPolicy, HashAlgorithm, SignerFn};
///
/// let signer = SignerFn::new(HashAlgorithm::Sha256, |_policy: &[u8]| Ok(vec![0xfb, 0xff]));
/// let cookies = CustomPolicy::new("https://d111111abcdef8.cloudfront.net/*")
///     .not_after(UNIX_EPOCH + Duration::from_secs(1426500000))
///     .signed_cookies("K2JCJMDEHXQW5F", &signer)?;
///
/// let names: Vec<&str> = cookies.iter().map(|(name, _)| name).collect();
/// assert_eq!(
///     names,
///     [
///         "CloudFront-Policy",
///         "CloudFront-Signature",
///         "CloudFront-Key-Pair-Id",
///         "CloudFront-Hash-Algorithm"
///     ]
/// );
/// let headers = cookies.set_cookie_headers(Some("d111111abcdef8.cloudfront.net"), Some("/"))?;
/// assert_eq!(
///     headers[1],
///     "CloudFront-Signature=-~8_; Domain=d111111abcdef8.cloudfront.net; Path=/; Secure; HttpOnly"
/// );
/// # Ok::<(), cloudfront::presign::SignError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct SignedCookies {
    pairs: Vec<(&'static str, String)>,
}

impl SignedCookies {
    pub(crate) fn new(
        policy_or_expires: (&'static str, String),
        signature: String,
        key_pair_id: &str,
        algorithm: HashAlgorithm,
    ) -> Self {
        let mut pairs = Vec::with_capacity(4);
        pairs.push(policy_or_expires);
        pairs.push((COOKIE_SIGNATURE, signature));
        pairs.push((COOKIE_KEY_PAIR_ID, key_pair_id.to_string()));
        if let Some(value) = algorithm.parameter() {
            pairs.push((COOKIE_HASH_ALGORITHM, value.to_string()));
        }
        SignedCookies { pairs }
    }

    /// The `(name, value)` pairs, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.pairs.iter().map(|(n, v)| (*n, v.as_str()))
    }

    /// The value of the cookie called `name`, if present.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// The pairs as owned strings, in order.
    pub fn into_pairs(self) -> Vec<(String, String)> {
        self.pairs
            .into_iter()
            .map(|(n, v)| (n.to_string(), v))
            .collect()
    }

    /// A `Cookie` request header value carrying all of them
    /// (`CloudFront-Policy=...; CloudFront-Signature=...; ...`), for a client such as
    /// `curl -b`.
    pub fn cookie_header(&self) -> String {
        self.iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// One `Set-Cookie` header value per cookie, each with the optional `Domain` and `Path`
    /// attributes and `Secure; HttpOnly` (as AWS recommends; no `Expires`/`Max-Age`, so the
    /// browser drops them when it closes).
    ///
    /// # Errors
    /// [`SignError::InvalidCookieAttribute`] when `domain` or `path` is empty or holds `;`,
    /// `,`, a space, a control or a non-ASCII character (they would break the header).
    pub fn set_cookie_headers(
        &self,
        domain: Option<&str>,
        path: Option<&str>,
    ) -> Result<Vec<String>, SignError> {
        let mut attributes = String::new();
        for (name, value) in [("Domain", domain), ("Path", path)] {
            if let Some(value) = value {
                let ok = !value.is_empty()
                    && value
                        .bytes()
                        .all(|b| b.is_ascii_graphic() && b != b';' && b != b',');
                if !ok {
                    return Err(SignError::InvalidCookieAttribute { name });
                }
                attributes.push_str("; ");
                attributes.push_str(name);
                attributes.push('=');
                attributes.push_str(value);
            }
        }
        Ok(self
            .iter()
            .map(|(n, v)| format!("{n}={v}{attributes}; Secure; HttpOnly"))
            .collect())
    }
}

impl fmt::Debug for SignedCookies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in &self.pairs {
            if *name == COOKIE_SIGNATURE {
                map.entry(name, &"<redacted>");
            } else {
                map.entry(name, value);
            }
        }
        map.finish()
    }
}
