//! G1: who the client is, for the rate limits. The socket's peer, unless the peer is a
//! configured trusted proxy: then the forwarding header the proxy wrote (`X-Forwarded-For`
//! or `Forwarded`, RFC 7239) is read from the right, skipping the trusted proxies, and the
//! first address that is not one of them is the client. Anything left of it was written by
//! the client and is never believed.

use crate::config::{ForwardedHeader, IpNet};
use axum::http::{HeaderMap, header};
use std::net::{IpAddr, SocketAddr};

/// Returns the client's address as seen through the `trusted` proxies, or the peer itself
/// when it is not one of them. An IPv4-mapped IPv6 address is returned as IPv4. A hop that
/// does not name an address (`unknown`, an obfuscated name) stops the walk at the proxy that
/// wrote it, so that forgery cannot spread one client over many keys.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet], which: ForwardedHeader) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|net| net.contains(ip));
    let mut client = peer.to_canonical();
    if !is_trusted(client) {
        return client;
    }
    let hops = match which {
        ForwardedHeader::XForwardedFor => x_forwarded_for(headers),
        ForwardedHeader::Forwarded => forwarded(headers),
    };
    for hop in hops.into_iter().rev() {
        if !is_trusted(client) {
            break;
        }
        match hop {
            Some(ip) => client = ip.to_canonical(),
            None => break,
        }
    }
    client
}

/// The hops of every `X-Forwarded-For` line, left (oldest) to right (nearest).
pub fn x_forwarded_for(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    headers
        .get_all("x-forwarded-for")
        .iter()
        .flat_map(|v| v.to_str().unwrap_or("unknown").split(','))
        .map(node)
        .collect()
}

/// The `for=` hops of every `Forwarded` line, left (oldest) to right (nearest); an element
/// without `for` is a hop of unknown address.
pub fn forwarded(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    headers
        .get_all(header::FORWARDED)
        .iter()
        .flat_map(|v| v.to_str().unwrap_or("for=unknown").split(','))
        .map(|element| {
            element
                .split(';')
                .filter_map(|pair| pair.split_once('='))
                .find(|(k, _)| k.trim().eq_ignore_ascii_case("for"))
                .and_then(|(_, v)| node(v))
        })
        .collect()
}

/// One node: `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1`, `[2001:db8::1]:4711`, quoted or
/// not; `None` for `unknown`, obfuscated names and anything else.
fn node(raw: &str) -> Option<IpAddr> {
    let v = raw.trim();
    let v = v.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(v);
    if let Some(rest) = v.strip_prefix('[') {
        let (inside, _) = rest.split_once(']')?;
        return inside.parse::<std::net::Ipv6Addr>().ok().map(IpAddr::V6);
    }
    v.parse::<IpAddr>().ok().or_else(|| v.parse::<SocketAddr>().ok().map(|s| s.ip()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_static(v));
        }
        h
    }

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().map(|s| IpNet::parse(s).unwrap()).collect()
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    const XFF: ForwardedHeader = ForwardedHeader::XForwardedFor;

    #[test]
    fn nodes_of_both_headers_parse_with_ports_brackets_and_quotes() {
        let h = headers(&[
            ("x-forwarded-for", "198.51.100.1, 2001:db8::7 ,203.0.113.5:8080, unknown"),
            ("x-forwarded-for", "[2001:db8::9]:443"),
            ("forwarded", "for=192.0.2.60;proto=http;by=203.0.113.43, For=\"[2001:db8:cafe::17]:4711\""),
            ("forwarded", "for=_hidden, proto=https, for=\"198.51.100.17:80\""),
        ]);

        assert_eq!(
            x_forwarded_for(&h),
            [Some(ip("198.51.100.1")), Some(ip("2001:db8::7")), Some(ip("203.0.113.5")), None, Some(ip("2001:db8::9"))]
        );
        assert_eq!(
            forwarded(&h),
            [Some(ip("192.0.2.60")), Some(ip("2001:db8:cafe::17")), None, None, Some(ip("198.51.100.17"))]
        );
    }

    #[test]
    fn untrusted_peer_is_the_client_whatever_it_forwards() {
        let h = headers(&[("x-forwarded-for", "198.51.100.1"), ("forwarded", "for=198.51.100.2")]);

        assert_eq!(client_ip(ip("203.0.113.9"), &h, &[], XFF), ip("203.0.113.9"));
        assert_eq!(client_ip(ip("203.0.113.9"), &h, &nets(&["10.0.0.0/8"]), XFF), ip("203.0.113.9"));
        assert_eq!(
            client_ip(ip("203.0.113.9"), &h, &nets(&["10.0.0.0/8"]), ForwardedHeader::Forwarded),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn trusted_peer_gives_the_rightmost_address_that_is_not_a_trusted_proxy() {
        // The client forged the left-most entry; the proxies appended the rest.
        let h = headers(&[("x-forwarded-for", "1.2.3.4, 198.51.100.1, 10.0.0.2")]);
        let trusted = nets(&["10.0.0.0/8"]);

        assert_eq!(client_ip(ip("10.0.0.1"), &h, &trusted, XFF), ip("198.51.100.1"));
    }

    #[test]
    fn trusted_peer_reads_only_the_configured_header() {
        let h = headers(&[("x-forwarded-for", "198.51.100.1"), ("forwarded", "for=198.51.100.2")]);
        let trusted = nets(&["127.0.0.1"]);

        assert_eq!(client_ip(ip("127.0.0.1"), &h, &trusted, XFF), ip("198.51.100.1"));
        assert_eq!(client_ip(ip("127.0.0.1"), &h, &trusted, ForwardedHeader::Forwarded), ip("198.51.100.2"));
    }

    #[test]
    fn trusted_peer_without_header_or_with_unknown_hop_is_the_client() {
        let trusted = nets(&["10.0.0.0/8"]);

        assert_eq!(client_ip(ip("10.0.0.1"), &HeaderMap::new(), &trusted, XFF), ip("10.0.0.1"));
        assert_eq!(
            client_ip(ip("10.0.0.1"), &headers(&[("x-forwarded-for", "198.51.100.1, unknown")]), &trusted, XFF),
            ip("10.0.0.1")
        );
        assert_eq!(
            client_ip(ip("10.0.0.1"), &headers(&[("x-forwarded-for", "10.0.0.3, 10.0.0.2")]), &trusted, XFF),
            ip("10.0.0.3")
        );
    }

    #[test]
    fn ipv4_mapped_peer_and_hops_become_ipv4() {
        let h = headers(&[("x-forwarded-for", "::ffff:198.51.100.1")]);

        assert_eq!(client_ip(ip("::ffff:192.0.2.7"), &HeaderMap::new(), &[], XFF), ip("192.0.2.7"));
        assert_eq!(client_ip(ip("::ffff:127.0.0.1"), &h, &nets(&["127.0.0.1"]), XFF), ip("198.51.100.1"));
    }
}
