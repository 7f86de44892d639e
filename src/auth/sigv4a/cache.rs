//! The derived SigV4A key, cached per credentials: deriving it is one or more HMAC-SHA256
//! computations and a P-256 scalar multiplication (the public key), about as much as
//! signing itself, and it depends on the access key id and the secret only (not on the date,
//! region set or service), so one key serves until the credentials change.

use std::sync::{Mutex, PoisonError};

use super::key::{SigV4aKey, derive_key};
use crate::auth::Credentials;
use crate::error::InvalidInput;

/// A one-entry cache of the key derived from the last credentials used. Thread-safe; the
/// key is replaced whole when the access key id or the secret changes (a provider that
/// rotated its credentials).
///
/// ```
/// use cloudfront::Credentials;
/// use cloudfront::auth::sigv4a::KeyCache;
///
/// let cache = KeyCache::new();
/// let credentials = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
/// let first = cache.key_for(&credentials)?;
/// let again = cache.key_for(&credentials)?;
/// assert_eq!(first.public_key(), again.public_key());
/// assert_eq!(cache.derivations(), 1);
/// # Ok::<(), cloudfront::InvalidInput>(())
/// ```
#[derive(Default)]
pub struct KeyCache {
    entry: Mutex<Option<Entry>>,
    derivations: std::sync::atomic::AtomicUsize,
}

struct Entry {
    access_key_id: String,
    secret_access_key: String,
    key: SigV4aKey,
}

impl std::fmt::Debug for KeyCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyCache")
            .field("derivations", &self.derivations())
            .finish_non_exhaustive()
    }
}

impl KeyCache {
    /// An empty cache.
    pub fn new() -> KeyCache {
        KeyCache::default()
    }

    /// The key of `credentials`: the cached one when it was derived from the same access key
    /// id and secret, else a new one (which replaces it).
    ///
    /// # Errors
    /// As [`derive_key`].
    pub fn key_for(&self, credentials: &Credentials) -> Result<SigV4aKey, InvalidInput> {
        // A panic while the lock was held cannot leave a half-written entry (it is replaced
        // whole), so a poisoned lock is still usable.
        let mut entry = self.entry.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(cached) = entry.as_ref().filter(|e| {
            e.access_key_id == credentials.access_key_id()
                && e.secret_access_key == credentials.secret_access_key()
        }) {
            return Ok(cached.key.clone());
        }
        let key = derive_key(credentials)?;
        self.derivations
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        *entry = Some(Entry {
            access_key_id: credentials.access_key_id().to_string(),
            secret_access_key: credentials.secret_access_key().to_string(),
            key: key.clone(),
        });
        Ok(key)
    }

    /// How many keys this cache derived (a key reused from the cache is not counted).
    pub fn derivations(&self) -> usize {
        self.derivations.load(std::sync::atomic::Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_secret_or_key_id_derives_a_new_key_and_the_same_reuses_it() {
        let cache = KeyCache::new();
        let one = Credentials::new("AKID", "secret-one");
        let two = Credentials::new("AKID", "secret-two");
        let other_id = Credentials::new("AKID2", "secret-one");
        let k1 = cache.key_for(&one).unwrap();
        assert_eq!(cache.key_for(&one).unwrap().public_key(), k1.public_key());
        assert_eq!(cache.derivations(), 1);
        let k2 = cache.key_for(&two).unwrap();
        assert_ne!(k2.public_key(), k1.public_key());
        assert_eq!(cache.derivations(), 2);
        let k3 = cache.key_for(&other_id).unwrap();
        assert_eq!(k3.access_key_id(), "AKID2");
        assert_eq!(cache.derivations(), 3);
        assert_eq!(
            cache.key_for(&one).unwrap().public_key(),
            derive_key(&one).unwrap().public_key()
        );
        assert!(!format!("{cache:?}").contains("secret"));
    }
}
