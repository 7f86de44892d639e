//! Signed URLs end to end: register a public key and a key group through the API, make a
//! cache behavior trust the group, and sign URLs with the private key — the whole sequence a
//! site with private content runs once, then signs locally ([`crate::presign`]) forever.
//!
//! ```no_run
//! # #[cfg(feature = "ecdsa")]
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use std::time::{Duration, SystemTime};
//! use cloudfront::Client;
//! use cloudfront::presign::{EcdsaKeySigner, SignedUrl};
//!
//! let client = Client::from_env()?;
//! let signer = EcdsaKeySigner::from_pem(&std::fs::read_to_string("private-key.pem")?)?;
//! // 1. CreatePublicKey + CreateKeyGroup.
//! let keys = client.create_signing_key_group("site-signers", &signer.public_key_pem()?)?;
//! // 2. The default cache behavior trusts the group (read-modify-write, If-Match).
//! client.trust_key_group("E2QWRUHAPOMQZL", &keys.key_group_id, None)?;
//! // 3. Sign with the private key; Key-Pair-Id is the public key's id.
//! let url = SignedUrl::canned(
//!     "https://d111111abcdef8.cloudfront.net/private/report.pdf",
//!     SystemTime::now() + Duration::from_secs(3600),
//! )
//! .key_pair_id(&keys.public_key_id)
//! .sign(&signer)?;
//! println!("{url}");
//! # Ok(()) }
//! # #[cfg(not(feature = "ecdsa"))]
//! # fn main() {}
//! ```

use crate::client::Client;
use crate::engine::Input;
use crate::error::{DecodeError, Error, InvalidInput};
use crate::ids::AsDistributionId;
use crate::model::distribution::{Distribution, TrustedKeyGroups};
use crate::model::key_group::{
    CreatePublicKeyRequest, DeletePublicKeyRequest, KeyGroupConfig, PublicKeyConfig,
};
use crate::model::operations::CREATE_KEY_GROUP;
use crate::resources::check_etag;
use crate::resources::versioned::Versioned;
use crate::xml::list::PlainList;

/// Longest PEM text accepted for a public key (an RSA 4096 key's PEM is about 800 bytes).
const MAX_PUBLIC_KEY_PEM: usize = 8 * 1024;

crate::xml::structure::xml_structure! {
    /// The part of CreateKeyGroup's `KeyGroup` this module needs: its id (the rest, the
    /// configuration just sent and a timestamp, is kept as unknown elements). Reading only
    /// the id keeps the helper working against emulators that leave members out (moto sends
    /// no `LastModifiedTime`).
    struct CreatedKeyGroup {
        /// The key group's id.
        ["Id"] req id: String;
    }
}

/// The ids that [`Client::create_signing_key_group`] registered.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SigningKeyGroup {
    /// The public key's id: the `Key-Pair-Id` of signed URLs and cookies.
    pub public_key_id: String,
    /// The public key's ETag (to update or delete it).
    pub public_key_etag: String,
    /// The key group's id: what a cache behavior's `TrustedKeyGroups` lists.
    pub key_group_id: String,
    /// The key group's ETag (to update or delete it).
    pub key_group_etag: String,
}

/// Refuses text that is not a SubjectPublicKeyInfo PEM block (what `public_key_pem()` of
/// the crate's signers and `openssl pkey -pubout` write) without quoting it.
fn check_public_key_pem(pem: &str) -> Result<(), InvalidInput> {
    let pem = pem.trim();
    if pem.len() > MAX_PUBLIC_KEY_PEM
        || !pem.starts_with("-----BEGIN PUBLIC KEY-----")
        || !pem.ends_with("-----END PUBLIC KEY-----")
    {
        return Err(InvalidInput::new(
            "a CloudFront public key is one PEM block -----BEGIN PUBLIC KEY----- ... \
             -----END PUBLIC KEY----- (a public key, never the private one)",
        ));
    }
    Ok(())
}

impl Client {
    /// Registers `public_key_pem` as a public key named `name` (CreatePublicKey) and a key
    /// group of that one key, also named `name` (CreateKeyGroup). When the key group cannot
    /// be created, the public key just created is deleted again (best effort) and the key
    /// group's error is returned.
    ///
    /// `public_key_pem` is `-----BEGIN PUBLIC KEY-----` PEM (RSA 2048 or ECDSA P-256), for
    /// example `EcdsaKeySigner::public_key_pem()` or `RsaKeySigner::public_key_pem()`.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// let pem = std::fs::read_to_string("public-key.pem")?;
    /// let keys = client.create_signing_key_group("site-signers", &pem)?;
    /// println!("Key-Pair-Id {} in key group {}", keys.public_key_id, keys.key_group_id);
    /// # Ok(()) }
    /// ```
    pub fn create_signing_key_group(
        &self,
        name: &str,
        public_key_pem: &str,
    ) -> Result<SigningKeyGroup, Error> {
        check_public_key_pem(public_key_pem)?;
        if name.trim().is_empty() {
            return Err(InvalidInput::new("a key group needs a name").into());
        }
        let created = self.send_typed(CreatePublicKeyRequest {
            public_key_config: PublicKeyConfig {
                caller_reference: String::new(), // a uuid v4, the same on every retry
                name: name.to_string(),
                encoded_key: public_key_pem.trim().to_string() + "\n",
                comment: None,
                unknown: Default::default(),
            },
        })?;
        let public_key_etag = check_etag(created.etag, "CreatePublicKey")?;
        let public_key_id = created
            .public_key
            .map(|k| k.id)
            .ok_or_else(|| missing("CreatePublicKey", "PublicKey"))?;
        let config = KeyGroupConfig {
            name: name.to_string(),
            items: Some(PlainList::new(vec![public_key_id.clone()])),
            comment: None,
            unknown: Default::default(),
        };
        let group = Input::default()
            .payload(&CREATE_KEY_GROUP, &config)
            .map_err(Error::from)
            .and_then(|input| self.call::<CreatedKeyGroup>(&CREATE_KEY_GROUP, &input));
        let group = match group {
            Ok(group) => group,
            Err(e) => {
                let cleanup = self.send_typed(DeletePublicKeyRequest {
                    id: public_key_id.clone(),
                    if_match: Some(public_key_etag.clone()),
                });
                if let Err(c) = cleanup {
                    log::warn!(
                        "CreateKeyGroup failed; deleting public key {public_key_id} failed too: {c}"
                    );
                }
                return Err(e);
            }
        };
        Ok(SigningKeyGroup {
            key_group_etag: check_etag(group.etag, "CreateKeyGroup")?,
            key_group_id: group.value.id,
            public_key_id,
            public_key_etag,
        })
    }

    /// Makes a cache behavior of the distribution trust `key_group_id` for signed URLs and
    /// cookies (`TrustedKeyGroups`, enabled): the default cache behavior when `path_pattern`
    /// is `None`, else the cache behavior with that path pattern. Read-modify-write with
    /// `If-Match` ([`Client::update_distribution`]); nothing is sent when the behavior trusts
    /// the group already. Once trusted, the behavior serves only signed requests.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when no cache behavior has `path_pattern` (nothing is sent).
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = cloudfront::Client::from_env()?;
    /// client.trust_key_group("E2QWRUHAPOMQZL", "3d5e7f9a-1b2c-4d6e-8f0a-2b4c6d8e0f1a", Some("/private/*"))?;
    /// # Ok(()) }
    /// ```
    pub fn trust_key_group(
        &self,
        id: impl AsDistributionId,
        key_group_id: &str,
        path_pattern: Option<&str>,
    ) -> Result<Versioned<Distribution>, Error> {
        let id = id.as_distribution_id();
        if key_group_id.trim().is_empty() {
            return Err(InvalidInput::new("trust_key_group needs a key group id").into());
        }
        let mut found = true;
        let updated = self.update_distribution(id, |config| {
            let groups = match path_pattern {
                None => Some(&mut config.default_cache_behavior.trusted_key_groups),
                Some(pattern) => config.cache_behaviors.as_mut().and_then(|b| {
                    b.items
                        .iter_mut()
                        .find(|b| b.path_pattern == pattern)
                        .map(|b| &mut b.trusted_key_groups)
                }),
            };
            found = groups.is_some();
            if let Some(groups) = groups {
                add_key_group(groups, key_group_id);
            }
        })?;
        if !found {
            return Err(InvalidInput::new(format!(
                "distribution {id} has no cache behavior with path pattern {}",
                crate::error::quote_bounded(path_pattern.unwrap_or_default())
            ))
            .into());
        }
        Ok(updated)
    }
}

/// Adds `key_group_id` to `groups` (created when absent) and enables them; a no-op when it is
/// there and enabled already.
fn add_key_group(groups: &mut Option<TrustedKeyGroups>, key_group_id: &str) {
    let groups = groups.get_or_insert_with(|| TrustedKeyGroups {
        enabled: true,
        items: Vec::new(),
        unknown: Default::default(),
    });
    groups.enabled = true;
    if !groups.items.iter().any(|g| g == key_group_id) {
        groups.items.push(key_group_id.to_string());
    }
}

fn missing(operation: &str, what: &str) -> Error {
    Error::Decode(DecodeError::new(
        "",
        format!("{operation} response has no {what}"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_key_pem_is_accepted_and_never_quoted() {
        let private = "-----BEGIN PRIVATE KEY-----\nSECRETSECRET\n-----END PRIVATE KEY-----";
        let err = check_public_key_pem(private).unwrap_err();
        assert!(!err.message.contains("SECRET"), "{}", err.message);
        assert!(check_public_key_pem("").is_err());
        assert!(
            check_public_key_pem("\n-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n")
                .is_ok()
        );
    }

    #[test]
    fn adding_a_key_group_enables_and_does_not_repeat() {
        let mut groups = None;
        add_key_group(&mut groups, "kg1");
        add_key_group(&mut groups, "kg1");
        let g = groups.as_ref().unwrap();
        assert!(g.enabled);
        assert_eq!(g.items, ["kg1"]);
        let mut disabled = Some(TrustedKeyGroups {
            enabled: false,
            items: vec!["kg0".into()],
            unknown: Default::default(),
        });
        add_key_group(&mut disabled, "kg1");
        let g = disabled.unwrap();
        assert!(g.enabled);
        assert_eq!(g.items, ["kg0", "kg1"]);
    }
}
