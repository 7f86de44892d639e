//! The connection wrapper [`UreqTransport`](super::UreqTransport) puts around every ureq
//! connection (TCP or TLS): fewer system calls per exchange, the same bytes on the wire.
//!
//! Per small request over a pooled connection ureq made eleven system calls: three
//! `setsockopt` for its timeouts, the head and the body in two writes, one read, and two
//! liveness probes of the connection (`ioctl`, `recvfrom`, `ioctl` each), one when the
//! connection goes back to the pool and one when it is taken out. On loopback the kernel's
//! side of those calls was about 40% of a request's CPU. This wrapper:
//!
//! - keeps socket timeouts steady ([`steady`]), so ureq finds the value it set last time and
//!   does not set it again;
//! - holds the bytes ureq transmits until it first waits for input, and writes them then in
//!   one call ([`COALESCE_MAX`] bounds what is held): head and body of a request leave in one
//!   write, one TCP segment, one TLS record;
//! - answers the probe ureq makes when it gives the connection back to the pool, right after
//!   a whole response was read from it, without asking the socket: the probe made when the
//!   connection is taken out again, before anything is written on it, still asks, and a
//!   connection the server closed (or wrote more bytes to) in between is still refused then.

use std::time::Duration;

use ureq::unversioned::transport::{
    Buffers, ConnectionDetails, Connector, NextTimeout, Transport as UreqConnection,
};

/// Most bytes held back before they are written (beyond it, what is held is written at once).
/// Requests of the API are a few KB; a larger body is written as ureq hands it over.
pub(super) const COALESCE_MAX: usize = 64 * 1024;

/// `after` rounded up to a multiple of the largest power-of-two number of milliseconds
/// that is at most 1/32 of it (below 64 ms: unchanged): at most ~3% later, and the same value
/// for every exchange that starts with about the same time left.
pub(super) fn steady(after: Duration) -> Duration {
    let millis = after.as_nanos().div_ceil(1_000_000);
    if millis < 64 {
        return after;
    }
    let grain = 1u128 << (millis / 32).ilog2();
    let rounded = millis.div_ceil(grain).saturating_mul(grain);
    Duration::from_millis(u64::try_from(rounded).unwrap_or(u64::MAX))
}

/// Wraps ureq's connector so that every connection it makes is a [`Tuned`] one.
#[derive(Debug)]
pub(super) struct Tuning<C>(pub(super) C);

impl<In: UreqConnection, C: Connector<In>> Connector<In> for Tuning<C> {
    type Out = Tuned<C::Out>;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<In>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        Ok(self.0.connect(details, chained)?.map(Tuned::new))
    }
}

/// A ureq connection with steady timeouts, coalesced writes and no probe right after a
/// response (see the [module documentation](self)).
///
/// Steady timeouts: ureq gives each read and write of an exchange what is left of the
/// exchange's timeout (60 s by default), and sets it on the socket with a system call
/// whenever it differs from the value set before, which it always does by a few
/// microseconds. Rounded up, the value is the same from one exchange to the next on a
/// pooled connection. A stalled server is still given up on, at most ~3% after the
/// exchange's timeout (never more than 32 ms late for a deadline under a second).
#[derive(Debug)]
pub(super) struct Tuned<T> {
    inner: T,
    /// Bytes ureq transmitted that are not written yet.
    held: Vec<u8>,
    /// The timeout ureq gave with the last of them.
    held_timeout: Option<NextTimeout>,
    /// Input was read since the last write or probe: the next probe is the one ureq makes
    /// when it returns the connection to its pool.
    read_since_probe: bool,
}

impl<T: UreqConnection> Tuned<T> {
    pub(super) fn new(inner: T) -> Self {
        Tuned {
            inner,
            held: Vec::new(),
            held_timeout: None,
            read_since_probe: false,
        }
    }

    fn round(mut timeout: NextTimeout) -> NextTimeout {
        if let ureq::unversioned::transport::time::Duration::Exact(after) = timeout.after {
            timeout.after = ureq::unversioned::transport::time::Duration::Exact(steady(after));
        }
        timeout
    }

    /// Writes what is held, through the inner connection's output buffer (in pieces of its
    /// size), with the timeout of the last transmit.
    fn flush(&mut self) -> Result<(), ureq::Error> {
        let Some(timeout) = self.held_timeout.take() else {
            return Ok(());
        };
        let held = std::mem::take(&mut self.held);
        let mut sent = 0;
        let result = loop {
            if sent == held.len() {
                break Ok(());
            }
            let output = self.inner.buffers().output();
            let n = output.len().min(held.len() - sent);
            if n == 0 {
                break Err(ureq::Error::Io(std::io::Error::other(
                    "connection has no output buffer",
                )));
            }
            output[..n].copy_from_slice(&held[sent..sent + n]);
            if let Err(e) = self.inner.transmit_output(n, timeout) {
                break Err(e);
            }
            sent += n;
        };
        // Keep the allocation for the next request, unless a large body grew it.
        if held.capacity() <= 2 * COALESCE_MAX {
            self.held = held;
            self.held.clear();
        }
        result
    }
}

impl<T: UreqConnection> UreqConnection for Tuned<T> {
    fn buffers(&mut self) -> &mut dyn Buffers {
        self.inner.buffers()
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        self.read_since_probe = false;
        let timeout = Self::round(timeout);
        if self.held.is_empty() && amount > COALESCE_MAX {
            return self.inner.transmit_output(amount, timeout);
        }
        let output = self.inner.buffers().output();
        let amount = amount.min(output.len());
        self.held.extend_from_slice(&output[..amount]);
        self.held_timeout = Some(timeout);
        if self.held.len() > COALESCE_MAX {
            self.flush()?;
        }
        Ok(())
    }

    fn maybe_await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.flush()?;
        let made_progress = self.inner.maybe_await_input(Self::round(timeout))?;
        self.read_since_probe = true;
        Ok(made_progress)
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.flush()?;
        let made_progress = self.inner.await_input(Self::round(timeout))?;
        self.read_since_probe = true;
        Ok(made_progress)
    }

    fn is_open(&mut self) -> bool {
        if !self.held.is_empty() {
            // Never pooled with bytes unwritten (ureq always reads a response first).
            return false;
        }
        if std::mem::take(&mut self.read_since_probe) {
            // ureq returning the connection to its pool right after reading a response
            // (it has already refused one with unread bytes in its buffer). The probe
            // when it is taken out again asks the socket.
            return true;
        }
        self.inner.is_open()
    }

    fn is_tls(&self) -> bool {
        self.inner.is_tls()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ureq::unversioned::transport::LazyBuffers;
    use ureq::unversioned::transport::time::Duration as UreqDuration;

    #[test]
    fn steady_timeouts_round_up_by_at_most_a_thirty_second() {
        let ms = Duration::from_millis;
        // Short ones are kept exactly.
        for t in [Duration::ZERO, Duration::from_micros(1500), ms(40), ms(63)] {
            assert_eq!(steady(t), t);
        }
        let mut t = ms(64);
        while t < Duration::from_secs(4 * 3600) {
            let r = steady(t);
            assert!(r >= t, "{t:?} -> {r:?}");
            assert!(r - t <= t / 32 + ms(1), "{t:?} -> {r:?}");
            t = t * 9 / 7 + Duration::from_micros(13);
        }
        // What ureq passes for each read and write of successive exchanges with the default
        // 60 s timeout differs by microseconds; the socket gets one value for all of them.
        let default = Duration::from_secs(60);
        let first = steady(default - Duration::from_micros(40));
        for spent in [0, 1, 250, 90_000, 500_000] {
            assert_eq!(steady(default - Duration::from_micros(spent)), first);
        }
        assert_eq!(first, ms(59 * 1024));
    }

    /// A connection that records what it is asked to do.
    #[derive(Debug)]
    struct Recorder {
        buffers: LazyBuffers,
        writes: Vec<Vec<u8>>,
        timeouts: Vec<UreqDuration>,
        probes: usize,
        reads: usize,
        fail_writes: bool,
    }

    impl Recorder {
        fn new(output: usize) -> Tuned<Recorder> {
            Tuned::new(Recorder {
                buffers: LazyBuffers::new(1024, output),
                writes: Vec::new(),
                timeouts: Vec::new(),
                probes: 0,
                reads: 0,
                fail_writes: false,
            })
        }
    }

    impl UreqConnection for Recorder {
        fn buffers(&mut self) -> &mut dyn Buffers {
            &mut self.buffers
        }
        fn transmit_output(
            &mut self,
            amount: usize,
            timeout: NextTimeout,
        ) -> Result<(), ureq::Error> {
            if self.fail_writes {
                return Err(ureq::Error::Io(std::io::ErrorKind::BrokenPipe.into()));
            }
            self.writes.push(self.buffers.output()[..amount].to_vec());
            self.timeouts.push(timeout.after);
            Ok(())
        }
        fn await_input(&mut self, _: NextTimeout) -> Result<bool, ureq::Error> {
            self.reads += 1;
            Ok(true)
        }
        fn is_open(&mut self) -> bool {
            self.probes += 1;
            true
        }
    }

    /// What ureq does to send: write into the output buffer, then transmit that much.
    fn transmit(c: &mut Tuned<Recorder>, bytes: &[u8], after: Duration) -> Result<(), ureq::Error> {
        c.buffers().output()[..bytes.len()].copy_from_slice(bytes);
        let timeout = NextTimeout {
            after: UreqDuration::Exact(after),
            ..NextTimeout::default()
        };
        c.transmit_output(bytes.len(), timeout)
    }

    fn wait(c: &mut Tuned<Recorder>) -> Result<bool, ureq::Error> {
        c.await_input(NextTimeout::default())
    }

    #[test]
    fn head_and_body_leave_in_one_write_before_the_response_is_awaited() {
        let mut c = Recorder::new(4096);
        let secs = Duration::from_secs;
        transmit(
            &mut c,
            b"POST /x HTTP/1.1\r\ncontent-length: 4\r\n\r\n",
            secs(60),
        )
        .unwrap();
        transmit(&mut c, b"body", secs(59)).unwrap();
        assert!(
            c.inner.writes.is_empty(),
            "nothing written before input is awaited"
        );
        wait(&mut c).unwrap();
        assert_eq!(
            c.inner.writes,
            vec![b"POST /x HTTP/1.1\r\ncontent-length: 4\r\n\r\nbody".to_vec()]
        );
        // With the (rounded) timeout of the last transmit.
        assert_eq!(
            c.inner.timeouts,
            vec![UreqDuration::Exact(steady(secs(59)))]
        );
        assert_eq!(c.inner.reads, 1);
        // The next exchange starts clean.
        transmit(&mut c, b"GET / HTTP/1.1\r\n\r\n", secs(60)).unwrap();
        c.maybe_await_input(NextTimeout::default()).unwrap();
        assert_eq!(c.inner.writes.len(), 2);
        assert_eq!(c.inner.writes[1], b"GET / HTTP/1.1\r\n\r\n");
    }

    #[test]
    fn what_is_held_is_bounded_and_larger_bodies_are_written_in_output_sized_pieces() {
        let mut c = Recorder::new(COALESCE_MAX);
        let head = vec![b'h'; 300];
        let body: Vec<u8> = (0..COALESCE_MAX).map(|i| (i % 251) as u8).collect();
        transmit(&mut c, &head, Duration::from_secs(60)).unwrap();
        // The body goes past COALESCE_MAX: everything held is written at once, in pieces
        // no larger than the output buffer, in order.
        transmit(&mut c, &body, Duration::from_secs(60)).unwrap();
        assert!(c.held.is_empty());
        // 300 + 65,536 bytes through a 65,536-byte output buffer: two pieces.
        assert_eq!(c.inner.writes.len(), 2);
        assert!(c.inner.writes.iter().all(|w| w.len() <= COALESCE_MAX));
        let written: Vec<u8> = c.inner.writes.concat();
        assert_eq!(written, [head, body].concat());
        // A large transmit with nothing held goes straight through, whole.
        let mut c2 = Recorder::new(2 * COALESCE_MAX);
        let big = vec![7u8; COALESCE_MAX + 1];
        transmit(&mut c2, &big, Duration::from_secs(60)).unwrap();
        assert_eq!(c2.inner.writes, vec![big]);
    }

    #[test]
    fn a_failed_write_fails_the_wait_and_leaves_nothing_held() {
        let mut c = Recorder::new(4096);
        transmit(&mut c, b"POST / HTTP/1.1\r\n\r\n", Duration::from_secs(60)).unwrap();
        c.inner.fail_writes = true;
        assert!(wait(&mut c).is_err());
        assert_eq!(c.inner.reads, 0, "no read after a failed write");
        assert!(c.held.is_empty());
        // Not pooled either way: a probe asks the socket (no read happened).
        assert!(c.is_open());
        assert_eq!(c.inner.probes, 1);
    }

    #[test]
    fn only_the_probe_right_after_a_response_skips_the_socket() {
        let mut c = Recorder::new(4096);
        // A fresh connection is probed.
        assert!(c.is_open());
        assert_eq!(c.inner.probes, 1);
        transmit(&mut c, b"GET / HTTP/1.1\r\n\r\n", Duration::from_secs(60)).unwrap();
        wait(&mut c).unwrap();
        // Returned to the pool right after the response: answered without the socket.
        assert!(c.is_open());
        assert_eq!(c.inner.probes, 1);
        // Taken out of the pool later: the socket is asked.
        assert!(c.is_open());
        assert_eq!(c.inner.probes, 2);
        // Bytes held (never the case when ureq pools a connection): not open.
        transmit(&mut c, b"GET / HTTP/1.1\r\n\r\n", Duration::from_secs(60)).unwrap();
        assert!(!c.is_open());
    }
}
