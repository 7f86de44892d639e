//! The resolver of [`UreqTransport`](super::UreqTransport): no thread per request.

use std::net::{IpAddr, SocketAddr};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use ureq::http;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// How long the addresses of a host name are reused before it is resolved again.
const DNS_REUSE: Duration = Duration::from_secs(30);

/// A resolver that starts no thread per request.
///
/// ureq asks its resolver on every request, before it looks for a pooled connection, and
/// its default resolver starts an OS thread for each lookup (to bound it with the connect
/// timeout), even for `127.0.0.1` and on a reused connection. This one:
///
/// - answers an IP literal (`127.0.0.1`, `[::1]`) at once: no thread, no system call;
/// - reuses the addresses of the last host name it looked up for [`DNS_REUSE`] (30 s, as
///   the JVM does by default), so a busy client resolves its endpoint about twice a minute,
///   not once per request, and never for a request that reuses a connection within that;
/// - hands anything else to ureq's default resolver, which keeps the DNS timeout (part of
///   the connect timeout) by resolving on a helper thread.
///
/// (`Resolver` is in ureq's `unversioned` API, which may change in a minor release: the
/// ureq requirement is `~3.5` for that reason.)
#[derive(Debug, Default)]
pub(super) struct ReusingResolver {
    fallback: DefaultResolver,
    /// Host, port, when resolved, addresses.
    last: Mutex<Option<(String, u16, Instant, ResolvedSocketAddrs)>>,
}

impl Resolver for ReusingResolver {
    fn resolve(
        &self,
        uri: &http::Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let (Some(scheme), Some(authority)) = (uri.scheme(), uri.authority()) else {
            return self.fallback.resolve(uri, config, timeout);
        };
        let default_port = if *scheme == http::uri::Scheme::HTTPS {
            Some(443)
        } else if *scheme == http::uri::Scheme::HTTP {
            Some(80)
        } else {
            None
        };
        let Some(port) = authority.port_u16().or(default_port) else {
            return self.fallback.resolve(uri, config, timeout);
        };
        let host = authority.host();
        let literal = host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .unwrap_or(host);
        if let Ok(ip) = literal.parse::<IpAddr>() {
            let mut addrs = self.empty();
            addrs.push(SocketAddr::new(ip, port));
            return Ok(addrs);
        }
        // RFC 6761 §6.3: the subdomains of `localhost` are loopback, whatever DNS says (a
        // KeyValueStore endpoint override `http://localhost:PORT` becomes
        // `http://ACCOUNT.localhost:PORT`). `localhost` itself goes to the system resolver.
        if host.len() > ".localhost".len()
            && host[host.len() - ".localhost".len()..].eq_ignore_ascii_case(".localhost")
        {
            let mut addrs = self.empty();
            addrs.push(SocketAddr::new(IpAddr::from([127, 0, 0, 1]), port));
            return Ok(addrs);
        }
        if let Some((_, _, _, addrs)) = self
            .last
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .filter(|(h, p, at, _)| h == host && *p == port && at.elapsed() < DNS_REUSE)
        {
            return Ok(addrs.clone());
        }
        let addrs = self.fallback.resolve(uri, config, timeout)?;
        *self.last.lock().unwrap_or_else(PoisonError::into_inner) =
            Some((host.to_string(), port, Instant::now(), addrs.clone()));
        Ok(addrs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(resolver: &ReusingResolver, url: &str) -> Vec<SocketAddr> {
        let config = ureq::config::Config::default();
        let timeout = NextTimeout {
            after: Duration::from_secs(5).into(),
            reason: ureq::Timeout::Resolve,
            per_read: None,
            per_write: None,
        };
        resolver
            .resolve(&url.parse().unwrap(), &config, timeout)
            .unwrap()
            .to_vec()
    }

    #[test]
    fn ip_literals_resolve_without_a_lookup_and_names_are_reused() {
        let r = ReusingResolver::default();
        assert_eq!(
            resolve(&r, "http://127.0.0.1:5000/x"),
            ["127.0.0.1:5000".parse::<SocketAddr>().unwrap()]
        );
        assert_eq!(
            resolve(&r, "https://[::1]/x"),
            ["[::1]:443".parse::<SocketAddr>().unwrap()]
        );
        assert!(
            r.last.lock().unwrap().is_none(),
            "literals are not looked up"
        );
        // Subdomains of `localhost` are loopback without a lookup (RFC 6761 §6.3).
        assert_eq!(
            resolve(&r, "http://123456789012.LOCALHOST:8080/"),
            ["127.0.0.1:8080".parse::<SocketAddr>().unwrap()]
        );
        assert_eq!(r.last.lock().unwrap().as_ref().map(|l| l.0.clone()), None);
        // `localhost` goes to the system resolver once, then is reused.
        let first = resolve(&r, "http://localhost:8080/");
        assert!(
            first
                .iter()
                .all(|a| a.port() == 8080 && a.ip().is_loopback())
        );
        let at = r.last.lock().unwrap().as_ref().unwrap().2;
        assert_eq!(resolve(&r, "http://localhost:8080/other"), first);
        assert_eq!(r.last.lock().unwrap().as_ref().unwrap().2, at, "reused");
        // Another port is another entry.
        let other = resolve(&r, "http://localhost:8081/");
        assert!(other.iter().all(|a| a.port() == 8081));
    }
}
