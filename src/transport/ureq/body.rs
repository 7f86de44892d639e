//! Reading a response body without zeroing memory for it again and again: into a buffer that
//! is handed back once the response is decoded ([`Transport::recycle`]) and reused for the
//! next one.
//!
//! `std::io::Read::read_to_end` zeroes all the room it gives a reader (the reader may not
//! read uninitialised memory), so each 250 KB page of a listing cost a 250 KB `memset` before
//! the copy from ureq's buffer. Here the bytes of a reused buffer are read over in place; only
//! room beyond what any earlier body used is zeroed, once.
//!
//! [`Transport::recycle`]: crate::transport::Transport::recycle

use std::io::{self, Read};
use std::sync::Mutex;

/// Largest buffer kept for the next response: a page of a listing fits many times over; a
/// rare large body is not kept alive after it was decoded.
pub(super) const KEEP_AT_MOST: usize = 4 * 1024 * 1024;

/// Room added first when the body's length is not announced (then doubled as it fills).
const FIRST_STEP: usize = 8 * 1024;

/// One spare body buffer, shared by the threads of a transport (a thread that finds it taken
/// reads into a new one; nothing waits).
#[derive(Debug, Default)]
pub(super) struct SpareBuffer(Mutex<Vec<u8>>);

impl SpareBuffer {
    /// The spare buffer (its length is how much of it is initialised), or an empty one.
    pub(super) fn take(&self) -> Vec<u8> {
        match self.0.try_lock() {
            Ok(mut slot) => std::mem::take(&mut *slot),
            Err(_) => Vec::new(),
        }
    }

    /// Keeps `buf` for the next response, unless it is over [`KEEP_AT_MOST`] or a larger one
    /// is kept already.
    pub(super) fn keep(&self, buf: Vec<u8>) {
        if buf.capacity() > KEEP_AT_MOST {
            return;
        }
        if let Ok(mut slot) = self.0.try_lock() {
            if slot.capacity() < buf.capacity() {
                *slot = buf;
            }
        }
    }
}

/// Reads `reader` to its end into `buf`, over its current contents (its length counts as
/// initialised room; nothing in it survives the read), growing it only when that room is
/// full. `expected`, the announced length, reserves the room up front (zeroed only as bytes
/// arrive); once that much is read, the end is confirmed with a small read on the stack
/// rather than by growing.
/// Returns `buf` holding exactly the body.
pub(super) fn read_to_end(
    reader: &mut impl Read,
    mut buf: Vec<u8>,
    expected: Option<usize>,
) -> io::Result<Vec<u8>> {
    if let Some(n) = expected {
        // Room for the announced length, allocated but not touched: a server that announces
        // more than it sends costs no zeroing.
        buf.reserve_exact(n.saturating_sub(buf.len()));
    }
    let mut filled = 0;
    loop {
        if filled == buf.len() {
            if expected.is_some_and(|n| filled >= n) {
                let mut probe = [0u8; 64];
                let n = read_some(reader, &mut probe)?;
                if n == 0 {
                    break;
                }
                buf.extend_from_slice(&probe[..n]);
                filled += n;
                continue;
            }
            // Zeroed as the body arrives: doubling, never past the announced length.
            let mut len = buf.len() + buf.len().max(FIRST_STEP);
            if let Some(n) = expected.filter(|&n| n > filled) {
                len = len.min(n);
            }
            buf.resize(len, 0);
        }
        let n = read_some(reader, &mut buf[filled..])?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    buf.truncate(filled);
    Ok(buf)
}

/// One `read`, retried when interrupted by a signal.
fn read_some(reader: &mut impl Read, into: &mut [u8]) -> io::Result<usize> {
    loop {
        match reader.read(into) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hands out `data` in reads of at most `chunk` bytes, with an interruption first.
    struct Trickle<'a> {
        data: &'a [u8],
        chunk: usize,
        interrupted: bool,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if !self.interrupted {
                self.interrupted = true;
                return Err(io::ErrorKind::Interrupted.into());
            }
            let n = self.chunk.min(buf.len()).min(self.data.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    fn trickle(data: &[u8], chunk: usize) -> Trickle<'_> {
        Trickle {
            data,
            chunk,
            interrupted: false,
        }
    }

    fn body(n: usize, seed: u8) -> Vec<u8> {
        (0..n)
            .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
            .collect()
    }

    #[test]
    fn bodies_are_read_whole_with_or_without_an_announced_length() {
        for n in [0, 1, 63, 64, 65, 8191, 8192, 8193, 100_000] {
            let data = body(n, 1);
            for chunk in [1, 7, 4096, 1 << 20] {
                if n > 20_000 && chunk < 4096 {
                    continue;
                }
                let got = read_to_end(&mut trickle(&data, chunk), Vec::new(), Some(n)).unwrap();
                assert_eq!(got, data, "announced, n={n} chunk={chunk}");
                let got = read_to_end(&mut trickle(&data, chunk), Vec::new(), None).unwrap();
                assert_eq!(got, data, "not announced, n={n} chunk={chunk}");
            }
        }
    }

    #[test]
    fn a_reused_buffer_holds_only_the_new_body() {
        let big = body(50_000, 2);
        let small = body(1_000, 3);
        let buf = read_to_end(&mut trickle(&big, 4096), Vec::new(), Some(big.len())).unwrap();
        let capacity = buf.capacity();
        // A smaller body over a larger buffer: nothing of the old one shows.
        let buf = read_to_end(&mut trickle(&small, 4096), buf, Some(small.len())).unwrap();
        assert_eq!(buf, small);
        // Same memory, no reallocation for bodies that fit.
        assert_eq!(buf.capacity(), capacity);
        let buf = read_to_end(&mut trickle(&big, 333), buf, None).unwrap();
        assert_eq!(buf, big);
        // A body longer than announced is still read whole (ureq never gives more than the
        // announced length, but nothing here depends on it).
        let longer = body(70_000, 4);
        let buf = read_to_end(&mut trickle(&longer, 4096), buf, Some(50_000)).unwrap();
        assert_eq!(buf, longer);
        // And one shorter than announced is what was sent (ureq reports the short body; the
        // room reserved for the rest is never touched).
        let buf = read_to_end(&mut trickle(&small, 100), Vec::new(), Some(1 << 20)).unwrap();
        assert_eq!(buf, small);
    }

    #[test]
    fn errors_come_through() {
        struct Broken;
        impl Read for Broken {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::ErrorKind::ConnectionReset.into())
            }
        }
        let e = read_to_end(&mut Broken, Vec::new(), Some(10)).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::ConnectionReset);
    }

    #[test]
    fn the_spare_keeps_the_larger_buffer_and_never_a_huge_one() {
        let spare = SpareBuffer::default();
        assert!(spare.take().is_empty());
        spare.keep(Vec::with_capacity(1000));
        spare.keep(Vec::with_capacity(10));
        assert!(spare.take().capacity() >= 1000);
        // Taken: the next taker gets a new one.
        assert_eq!(spare.take().capacity(), 0);
        spare.keep(Vec::with_capacity(KEEP_AT_MOST + 1));
        assert_eq!(spare.take().capacity(), 0);
    }
}
