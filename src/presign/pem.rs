//! Finding the private key's PEM block in a key file, for the key signers (features `rsa`
//! and `ecdsa`).

use super::SignError;

/// The first PEM block in `text` that is not `EC PARAMETERS` (which `openssl ecparam -genkey`
/// writes before the key): its label and the block from `-----BEGIN` through the matching
/// `-----END <label>-----`.
pub(super) fn pem_block(text: &str) -> Result<(&str, &str), SignError> {
    let mut rest = text;
    loop {
        let (label, block) = first_block(rest)?;
        if label != "EC PARAMETERS" {
            return Ok((label, block));
        }
        let end = rest.find(block).map_or(rest.len(), |i| i + block.len());
        rest = &rest[end..];
    }
}

/// The first PEM block in `text`.
fn first_block(text: &str) -> Result<(&str, &str), SignError> {
    const BEGIN: &str = "-----BEGIN ";
    let no_pem = || SignError::InvalidKey {
        reason: "no PEM block (-----BEGIN ...-----) found".into(),
    };
    let start = text.find(BEGIN).ok_or_else(no_pem)?;
    let after = &text[start + BEGIN.len()..];
    let label_len = after.find("-----").ok_or_else(no_pem)?;
    let label = &after[..label_len];
    if label.len() > 64 || !label.bytes().all(|b| b.is_ascii_uppercase() || b == b' ') {
        return Err(no_pem());
    }
    let end_marker = format!("-----END {label}-----");
    let end = text[start..]
        .find(&end_marker)
        .map(|i| start + i + end_marker.len())
        .ok_or_else(|| SignError::InvalidKey {
            reason: format!("the PEM block has no -----END {label}----- line"),
        })?;
    Ok((label, &text[start..end]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pem_block_finds_the_block_among_other_text() {
        let text =
            "Bag Attributes\n-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\ntrailer";
        let (label, block) = pem_block(text).unwrap();
        assert_eq!(label, "PRIVATE KEY");
        assert_eq!(
            block,
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"
        );
    }

    #[test]
    fn pem_block_errors() {
        for text in [
            "",
            "MIICXQIBAAKBgQDA7ki9",
            "-----BEGIN RSA PRIVATE KEY",
            "-----BEGIN rsa private key-----\n-----END rsa private key-----",
        ] {
            assert!(
                matches!(pem_block(text), Err(SignError::InvalidKey { .. })),
                "{text:?}"
            );
        }
        let err = pem_block("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n").unwrap_err();
        assert!(
            err.to_string()
                .contains("no -----END RSA PRIVATE KEY----- line")
        );
    }

    #[test]
    fn ec_parameters_before_the_key_are_skipped() {
        let text = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n\
                    -----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n";
        let (label, block) = pem_block(text).unwrap();
        assert_eq!(label, "EC PRIVATE KEY");
        assert!(block.starts_with("-----BEGIN EC PRIVATE KEY-----"));
        let only_parameters = "-----BEGIN EC PARAMETERS-----\nBggq\n-----END EC PARAMETERS-----\n";
        assert!(pem_block(only_parameters).is_err());
    }
}
