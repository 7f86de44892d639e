//! Randomness from the operating system: idempotency tokens (UUID v4 caller references) and
//! retry jitter. One source, `getrandom` 0.2, the very copy `ring` (under `rustls`) already
//! builds, so it costs no crate; `uuid` only formats the bytes.
//!
//! Neither function panics. Should the OS source fail, a UUID is still unique within and
//! across processes (SHA-256 of the time, the process id and a counter), and the jitter is
//! the full backoff ceiling.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};

/// A random (version 4) UUID, for caller references and other idempotency tokens.
pub(crate) fn uuid_v4() -> uuid::Uuid {
    let mut bytes = [0u8; 16];
    if getrandom::getrandom(&mut bytes).is_err() {
        bytes = unique_bytes();
    }
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

/// A uniform random number in `[0, 1)`: 53 random bits. Every bit drawn is random (a UUID's
/// fixed version and variant bits are not used). Should the OS source fail, it returns the
/// largest value below 1.
pub(crate) fn unit() -> f64 {
    let mut bytes = [0xffu8; 8];
    if getrandom::getrandom(&mut bytes).is_err() {
        bytes = [0xff; 8];
    }
    let bits = u64::from_le_bytes(bytes) >> 11;
    bits as f64 / (1u64 << 53) as f64
}

/// 16 bytes no other call in any process returns: the time, the process id and a counter,
/// hashed.
fn unique_bytes() -> [u8; 16] {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut hash = Sha256::new();
    hash.update(nanos.to_le_bytes());
    hash.update(std::process::id().to_le_bytes());
    hash.update(COUNTER.fetch_add(1, Ordering::Relaxed).to_le_bytes());
    let digest = hash.finalize();
    let mut out = [0u8; 16];
    out.copy_from_slice(&digest[..16]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_version_4_and_distinct() {
        let a = uuid_v4();
        let b = uuid_v4();
        assert_eq!(a.get_version_num(), 4);
        assert_eq!(a.get_variant(), uuid::Variant::RFC4122);
        assert_ne!(a, b);
        assert_eq!(a.to_string().len(), 36);
    }

    #[test]
    fn the_fallback_bytes_differ_from_call_to_call() {
        assert_ne!(unique_bytes(), unique_bytes());
    }

    #[test]
    fn unit_is_in_the_half_open_interval_and_varies() {
        let draws: Vec<f64> = (0..64).map(|_| unit()).collect();
        assert!(draws.iter().all(|u| (0.0..1.0).contains(u)));
        assert!(draws.windows(2).any(|w| w[0] != w[1]));
    }
}
