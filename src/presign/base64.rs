//! CloudFront's URL-safe base64: standard base64 (RFC 4648 §4, padded) with `+` → `-`,
//! `=` → `_` and `/` → `~`. This is *not* RFC 4648's base64url (which uses `_` for `/` and
//! drops the padding); CloudFront accepts only its own variant.

/// Encodes `bytes` in CloudFront's URL-safe base64, the form the `Policy` and `Signature`
/// query parameters (and the `CloudFront-Policy` / `CloudFront-Signature` cookies) take.
///
/// ```
/// use cloudfront::presign::url_safe_base64;
///
/// // Standard base64 of these bytes is "+/8=".
/// assert_eq!(url_safe_base64(&[0xfb, 0xff]), "-~8_");
/// assert_eq!(url_safe_base64(b"Man"), "TWFu");
/// ```
pub fn url_safe_base64(bytes: &[u8]) -> String {
    crate::encoding::base64_encode(bytes)
        .chars()
        .map(|c| match c {
            '+' => '-',
            '=' => '_',
            '/' => '~',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::url_safe_base64;

    /// Standard base64, written independently of the encoder above (bit by bit), then
    /// translated the way CloudFront documents: `+` → `-`, `=` → `_`, `/` → `~`.
    fn reference(bytes: &[u8]) -> String {
        let std = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let bits: Vec<u8> = bytes
            .iter()
            .flat_map(|b| (0..8).rev().map(move |i| (b >> i) & 1))
            .collect();
        let mut s: String = bits
            .chunks(6)
            .map(|c| {
                let mut v = 0usize;
                for i in 0..6 {
                    v = v << 1 | usize::from(*c.get(i).unwrap_or(&0));
                }
                char::from(std[v])
            })
            .collect();
        while s.len() % 4 != 0 {
            s.push('=');
        }
        s.replace('+', "-").replace('=', "_").replace('/', "~")
    }

    #[test]
    fn rfc4648_test_vectors_with_cloudfront_padding() {
        // RFC 4648 §10, with '=' shown as CloudFront's '_'.
        let cases = [
            ("", ""),
            ("f", "Zg__"),
            ("fo", "Zm8_"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg__"),
            ("fooba", "Zm9vYmE_"),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, expected) in cases {
            assert_eq!(
                url_safe_base64(input.as_bytes()),
                expected,
                "input {input:?}"
            );
        }
    }

    #[test]
    fn plus_slash_and_equals_are_replaced() {
        // Standard: "+/+/" and "+/8=" and "/w==".
        assert_eq!(url_safe_base64(&[0xfb, 0xff, 0xbf]), "-~-~");
        assert_eq!(url_safe_base64(&[0xfb, 0xff]), "-~8_");
        assert_eq!(url_safe_base64(&[0xff]), "~w__");
    }

    #[test]
    fn every_byte_value_uses_only_the_cloudfront_alphabet() {
        let all: Vec<u8> = (0..=255u8).collect();
        for len in 0..all.len() {
            let encoded = url_safe_base64(&all[..len]);
            assert_eq!(encoded.len(), len.div_ceil(3) * 4);
            assert!(
                encoded
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'~' | b'_')),
                "{encoded}"
            );
            assert_eq!(encoded, reference(&all[..len]));
        }
    }

    #[test]
    fn boto_custom_policy_1_encodes_like_boto() {
        // boto tests/unit/cloudfront/test_signed_urls.py, test_encode_custom_policy_1
        // (AWS's documentation example, whitespace and all).
        let policy = "{ \n   \"Statement\": [{ \n      \"Resource\":\"http://d604721fxaaqy9.cloudfront.net/training/*\", \n      \"Condition\":{ \n         \"IpAddress\":{\"AWS:SourceIp\":\"145.168.143.0/24\"}, \n         \"DateLessThan\":{\"AWS:EpochTime\":1258237200}      \n      } \n   }] \n}\n";
        let expected = concat!(
            "eyAKICAgIlN0YXRlbWVudCI6IFt7IAogICAgICAiUmVzb3VyY2Ui",
            "OiJodHRwOi8vZDYwNDcyMWZ4YWFxeTkuY2xvdWRmcm9udC5uZXQv",
            "dHJhaW5pbmcvKiIsIAogICAgICAiQ29uZGl0aW9uIjp7IAogICAg",
            "ICAgICAiSXBBZGRyZXNzIjp7IkFXUzpTb3VyY2VJcCI6IjE0NS4x",
            "NjguMTQzLjAvMjQifSwgCiAgICAgICAgICJEYXRlTGVzc1RoYW4i",
            "OnsiQVdTOkVwb2NoVGltZSI6MTI1ODIzNzIwMH0gICAgICAKICAg",
            "ICAgfSAKICAgfV0gCn0K"
        );
        assert_eq!(url_safe_base64(policy.as_bytes()), expected);
    }

    #[test]
    fn boto_custom_policy_2_encodes_like_boto() {
        // boto test_encode_custom_policy_2.
        let policy = "{ \n   \"Statement\": [{ \n      \"Resource\":\"http://*\", \n      \"Condition\":{ \n         \"IpAddress\":{\"AWS:SourceIp\":\"216.98.35.1/32\"},\n         \"DateGreaterThan\":{\"AWS:EpochTime\":1241073790},\n         \"DateLessThan\":{\"AWS:EpochTime\":1255674716}\n      } \n   }] \n}\n";
        let expected = concat!(
            "eyAKICAgIlN0YXRlbWVudCI6IFt7IAogICAgICAiUmVzb3VyY2Ui",
            "OiJodHRwOi8vKiIsIAogICAgICAiQ29uZGl0aW9uIjp7IAogICAg",
            "ICAgICAiSXBBZGRyZXNzIjp7IkFXUzpTb3VyY2VJcCI6IjIxNi45",
            "OC4zNS4xLzMyIn0sCiAgICAgICAgICJEYXRlR3JlYXRlclRoYW4i",
            "OnsiQVdTOkVwb2NoVGltZSI6MTI0MTA3Mzc5MH0sCiAgICAgICAg",
            "ICJEYXRlTGVzc1RoYW4iOnsiQVdTOkVwb2NoVGltZSI6MTI1NTY3",
            "NDcxNn0KICAgICAgfSAKICAgfV0gCn0K"
        );
        assert_eq!(url_safe_base64(policy.as_bytes()), expected);
    }
}
