//! I3 (issue 16): signed webhooks, the pure part: the event types a subscription may follow,
//! the states of a delivery, the Standard Webhooks secret and signature, and the filter of
//! the addresses a delivery may connect to (no SSRF). No I/O here: the store keeps the
//! subscriptions and deliveries, `crate::webhook` resolves and sends.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::time::Duration;

/// What a subscription may follow. The wire name (`registration.confirmed`) is the `type`
/// of the payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum EventType {
    RegistrationConfirmed,
    RegistrationCancelled,
    RegistrationOffered,
    ProposalSubmitted,
    ProposalDecided,
    ProposalConfirmed,
    ProgrammeReleased,
    GazetteSent,
    BoardObjectiveDone,
}

impl EventType {
    pub const ALL: [EventType; 9] = [
        EventType::RegistrationConfirmed,
        EventType::RegistrationCancelled,
        EventType::RegistrationOffered,
        EventType::ProposalSubmitted,
        EventType::ProposalDecided,
        EventType::ProposalConfirmed,
        EventType::ProgrammeReleased,
        EventType::GazetteSent,
        EventType::BoardObjectiveDone,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventType::RegistrationConfirmed => "registration.confirmed",
            EventType::RegistrationCancelled => "registration.cancelled",
            EventType::RegistrationOffered => "registration.offered",
            EventType::ProposalSubmitted => "proposal.submitted",
            EventType::ProposalDecided => "proposal.decided",
            EventType::ProposalConfirmed => "proposal.confirmed",
            EventType::ProgrammeReleased => "programme.released",
            EventType::GazetteSent => "gazette.sent",
            EventType::BoardObjectiveDone => "board.objective_done",
        }
    }

    pub fn parse(s: &str) -> Option<EventType> {
        EventType::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// True for the happenings of one event; the gazette belongs to the whole site, so only
    /// site-wide subscriptions may follow it.
    pub fn per_event(self) -> bool {
        self != EventType::GazetteSent
    }
}

/// Reads a stored list of types (space-separated), skipping unknown names.
pub fn parse_types(s: &str) -> Vec<EventType> {
    s.split_whitespace().filter_map(EventType::parse).collect()
}

/// Writes a list of types as stored (space-separated, in `EventType::ALL` order).
pub fn format_types(types: &[EventType]) -> String {
    EventType::ALL.iter().filter(|t| types.contains(t)).map(|t| t.as_str()).collect::<Vec<_>>().join(" ")
}

/// The lifecycle of one delivery, like a mail message's: `queued` → `delivering` →
/// `succeeded`, or `retrying` with back-off, `failed` after the last attempt or at once when
/// the address is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum DeliveryStatus {
    Queued,
    Delivering,
    Retrying,
    Succeeded,
    Failed,
}

impl DeliveryStatus {
    pub const ALL: [DeliveryStatus; 5] = [
        DeliveryStatus::Queued,
        DeliveryStatus::Delivering,
        DeliveryStatus::Retrying,
        DeliveryStatus::Succeeded,
        DeliveryStatus::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Queued => "queued",
            DeliveryStatus::Delivering => "delivering",
            DeliveryStatus::Retrying => "retrying",
            DeliveryStatus::Succeeded => "succeeded",
            DeliveryStatus::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<DeliveryStatus> {
        DeliveryStatus::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// Attempts before a delivery is `failed`, and the wait after each failed one: the mail
/// queue's schedule (30 s doubling, at most 2 h, 8 attempts).
pub fn after_failure(attempts: u32) -> Option<Duration> {
    crate::domain::message::after_failure(attempts)
}

/// How long the previous secret still signs after a rotation.
pub const PREVIOUS_SECRET_HOURS: i64 = 24;

/// The prefix of a Standard Webhooks secret.
pub const SECRET_PREFIX: &str = "whsec_";

/// A secret in the Standard Webhooks format: `whsec_` and the base64 of `bytes` (24 random
/// bytes, made by the store).
pub fn format_secret(bytes: &[u8]) -> String {
    format!("{SECRET_PREFIX}{}", BASE64.encode(bytes))
}

/// The key bytes of a `whsec_…` secret, or `None` when it is not one.
pub fn secret_bytes(secret: &str) -> Option<Vec<u8>> {
    let b64 = secret.strip_prefix(SECRET_PREFIX)?;
    BASE64.decode(b64).ok().filter(|b| !b.is_empty())
}

/// One signature: `v1,` and the base64 of HMAC-SHA256(key, "{id}.{timestamp}.{body}").
pub fn sign(key: &[u8], webhook_id: &str, timestamp: i64, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(webhook_id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    format!("v1,{}", BASE64.encode(mac.finalize().into_bytes()))
}

/// The `webhook-signature` header: one signature per secret still valid, space-separated
/// (the current secret first), so that a receiver holding either one accepts the delivery.
pub fn signature_header(secrets: &[&str], webhook_id: &str, timestamp: i64, body: &str) -> String {
    secrets
        .iter()
        .filter_map(|s| secret_bytes(s))
        .map(|key| sign(&key, webhook_id, timestamp, body))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Why an address may not be connected to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forbidden {
    Loopback,
    Private,
    LinkLocal,
    /// 169.254.169.254 and fd00:ec2::254, where clouds answer with credentials.
    Metadata,
    SharedAddressSpace,
    Multicast,
    Unspecified,
    /// Documentation, benchmarking, reserved and other ranges nobody serves webhooks from.
    Reserved,
}

impl Forbidden {
    /// The reason in English, for logs and the delivery's last error.
    pub fn english(self) -> &'static str {
        match self {
            Forbidden::Loopback => "loopback address",
            Forbidden::Private => "private address",
            Forbidden::LinkLocal => "link-local address",
            Forbidden::Metadata => "cloud metadata address",
            Forbidden::SharedAddressSpace => "shared address space (CGNAT)",
            Forbidden::Multicast => "multicast address",
            Forbidden::Unspecified => "unspecified address",
            Forbidden::Reserved => "reserved address",
        }
    }
}

/// Whether a delivery may connect to `ip`: `Err` names the range it falls in. An
/// IPv4-mapped or IPv4-compatible IPv6 address is judged as its IPv4 address, and the
/// NAT64 prefix `64:ff9b::/96` too. `allow_loopback` admits 127.0.0.0/8 and ::1 only (tests).
pub fn check_address(ip: IpAddr, allow_loopback: bool) -> Result<(), Forbidden> {
    match ip {
        IpAddr::V4(v4) => check_v4(v4, allow_loopback),
        IpAddr::V6(v6) => {
            if let Some(v4) = embedded_v4(v6) {
                // A loopback reached through a mapped address is still refused: only the
                // plain forms are admitted by the test setting.
                return match check_v4(v4, false) {
                    Err(Forbidden::Loopback) if allow_loopback && v6.to_ipv4_mapped().is_some() => Ok(()),
                    other => other,
                };
            }
            check_v6(v6, allow_loopback)
        }
    }
}

/// The IPv4 address inside an IPv4-mapped (`::ffff:a.b.c.d`), IPv4-compatible (`::a.b.c.d`)
/// or NAT64 (`64:ff9b::a.b.c.d`) address.
fn embedded_v4(v6: Ipv6Addr) -> Option<Ipv4Addr> {
    if let Some(v4) = v6.to_ipv4_mapped() {
        return Some(v4);
    }
    let s = v6.segments();
    let tail = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    // `::` and `::1` are IPv6's own unspecified and loopback addresses, not IPv4 ones.
    if s[..6] == [0; 6] && u32::from(tail) > 1 {
        return Some(tail);
    }
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return Some(tail);
    }
    None
}

fn check_v4(ip: Ipv4Addr, allow_loopback: bool) -> Result<(), Forbidden> {
    let [a, b, c, _] = ip.octets();
    if ip == Ipv4Addr::new(169, 254, 169, 254) {
        return Err(Forbidden::Metadata);
    }
    if ip.is_loopback() {
        return if allow_loopback { Ok(()) } else { Err(Forbidden::Loopback) };
    }
    if ip.is_unspecified() || a == 0 {
        return Err(Forbidden::Unspecified);
    }
    if ip.is_private() {
        return Err(Forbidden::Private);
    }
    if ip.is_link_local() {
        return Err(Forbidden::LinkLocal);
    }
    if a == 100 && (64..128).contains(&b) {
        return Err(Forbidden::SharedAddressSpace);
    }
    if ip.is_multicast() {
        return Err(Forbidden::Multicast);
    }
    let reserved = ip.is_broadcast()
        || ip.is_documentation()
        || a >= 240
        || (a == 192 && b == 0 && c == 0)
        || (a == 198 && (b == 18 || b == 19));
    if reserved {
        return Err(Forbidden::Reserved);
    }
    Ok(())
}

fn check_v6(ip: Ipv6Addr, allow_loopback: bool) -> Result<(), Forbidden> {
    let s = ip.segments();
    if s == [0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254] {
        return Err(Forbidden::Metadata);
    }
    if ip.is_loopback() {
        return if allow_loopback { Ok(()) } else { Err(Forbidden::Loopback) };
    }
    if ip.is_unspecified() {
        return Err(Forbidden::Unspecified);
    }
    if ip.is_multicast() {
        return Err(Forbidden::Multicast);
    }
    if s[0] & 0xffc0 == 0xfe80 {
        return Err(Forbidden::LinkLocal);
    }
    // fc00::/7, unique local addresses; fec0::/10, the deprecated site-local ones.
    if s[0] & 0xfe00 == 0xfc00 || s[0] & 0xffc0 == 0xfec0 {
        return Err(Forbidden::Private);
    }
    // 2001:db8::/32 documentation, 100::/64 discard, 2001::/23 IETF protocol assignments
    // (Teredo among them), 2002::/16 6to4 (it embeds any IPv4 address).
    let reserved = (s[0] == 0x2001 && s[1] == 0xdb8)
        || (s[0] == 0x100 && s[1..4] == [0, 0, 0])
        || (s[0] == 0x2001 && s[1] < 0x200)
        || s[0] == 0x2002;
    if reserved {
        return Err(Forbidden::Reserved);
    }
    // Only global unicast (2000::/3) is served on the Internet.
    if s[0] & 0xe000 != 0x2000 {
        return Err(Forbidden::Reserved);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn check(s: &str) -> Result<(), Forbidden> {
        check_address(s.parse().unwrap(), false)
    }

    #[test]
    fn public_addresses_pass() {
        for ok in ["1.1.1.1", "8.8.8.8", "93.184.215.14", "2606:4700:4700::1111", "2a00:1450:4007:80e::200e"] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn every_internal_range_is_refused_with_its_reason() {
        let cases = [
            ("127.0.0.1", Forbidden::Loopback),
            ("127.255.0.9", Forbidden::Loopback),
            ("::1", Forbidden::Loopback),
            ("10.0.0.1", Forbidden::Private),
            ("10.255.255.255", Forbidden::Private),
            ("172.16.0.1", Forbidden::Private),
            ("172.31.255.254", Forbidden::Private),
            ("192.168.1.1", Forbidden::Private),
            ("169.254.169.254", Forbidden::Metadata),
            ("169.254.0.1", Forbidden::LinkLocal),
            ("100.64.0.1", Forbidden::SharedAddressSpace),
            ("100.127.255.254", Forbidden::SharedAddressSpace),
            ("224.0.0.1", Forbidden::Multicast),
            ("239.255.255.250", Forbidden::Multicast),
            ("0.0.0.0", Forbidden::Unspecified),
            ("0.1.2.3", Forbidden::Unspecified),
            ("255.255.255.255", Forbidden::Reserved),
            ("240.0.0.1", Forbidden::Reserved),
            ("192.0.2.10", Forbidden::Reserved),
            ("198.18.0.1", Forbidden::Reserved),
            ("::", Forbidden::Unspecified),
            ("fe80::1", Forbidden::LinkLocal),
            ("febf::1", Forbidden::LinkLocal),
            ("fc00::1", Forbidden::Private),
            ("fd12:3456::1", Forbidden::Private),
            ("fec0::1", Forbidden::Private),
            ("fd00:ec2::254", Forbidden::Metadata),
            ("ff02::1", Forbidden::Multicast),
            ("2001:db8::1", Forbidden::Reserved),
            ("2002:a00:1::1", Forbidden::Reserved),
            ("2001:0:4136:e378::1", Forbidden::Reserved),
            ("100::1", Forbidden::Reserved),
            ("::ffff:127.0.0.1", Forbidden::Loopback),
            ("::ffff:10.0.0.1", Forbidden::Private),
            ("::ffff:169.254.169.254", Forbidden::Metadata),
            ("::ffff:192.168.0.1", Forbidden::Private),
            ("::10.0.0.1", Forbidden::Private),
            ("64:ff9b::a9fe:a9fe", Forbidden::Metadata),
            ("64:ff9b::10.1.1.1", Forbidden::Private),
        ];
        for (addr, why) in cases {
            assert_eq!(check(addr), Err(why), "{addr}");
        }
    }

    #[test]
    fn the_test_setting_admits_plain_loopback_only() {
        let allow = |s: &str| check_address(s.parse().unwrap(), true);

        assert_eq!(allow("127.0.0.1"), Ok(()));
        assert_eq!(allow("::1"), Ok(()));
        assert_eq!(allow("::ffff:127.0.0.1"), Ok(()));
        assert_eq!(allow("10.0.0.1"), Err(Forbidden::Private));
        assert_eq!(allow("169.254.169.254"), Err(Forbidden::Metadata));
        assert_eq!(allow("64:ff9b::7f00:1"), Err(Forbidden::Loopback));
    }

    proptest! {
        #[test]
        fn a_mapped_address_is_judged_as_its_ipv4(raw in any::<u32>()) {
            let v4 = Ipv4Addr::from(raw);
            let mapped = IpAddr::V6(v4.to_ipv6_mapped());

            prop_assert_eq!(check_address(mapped, false), check_address(IpAddr::V4(v4), false));
        }

        #[test]
        fn private_blocks_never_pass(host in any::<u32>(), block in 0usize..4) {
            let (base, bits) = [(0x0a00_0000u32, 8), (0xac10_0000, 12), (0xc0a8_0000, 16), (0x6440_0000, 10)][block];
            let ip = Ipv4Addr::from(base | (host >> bits));

            prop_assert!(check_address(IpAddr::V4(ip), true).is_err());
        }

        #[test]
        fn unique_local_v6_never_passes(low in any::<u128>()) {
            let ip = Ipv6Addr::from(0xfc00u128 << 112 | (low >> 7));

            prop_assert!(check_address(IpAddr::V6(ip), true).is_err());
        }
    }

    #[test]
    fn signature_matches_the_specification_example() {
        // The example of the Standard Webhooks reference implementations.
        let key = secret_bytes("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        let body = r#"{"test": 2432232314}"#;

        let signature = sign(&key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body);

        assert_eq!(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    #[test]
    fn two_secrets_give_two_space_separated_signatures() {
        let (a, b) = (format_secret(&[1; 24]), format_secret(&[2; 24]));

        let header = signature_header(&[&a, &b], "msg_1", 10, "{}");

        let parts: Vec<&str> = header.split(' ').collect();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0], sign(&[1; 24], "msg_1", 10, "{}"));
        assert_eq!(parts[1], sign(&[2; 24], "msg_1", 10, "{}"));
    }

    #[test]
    fn types_round_trip_and_skip_unknown_names() {
        for t in EventType::ALL {
            assert_eq!(EventType::parse(t.as_str()), Some(t));
        }
        let stored = format_types(&[EventType::ProposalSubmitted, EventType::RegistrationConfirmed]);
        assert_eq!(stored, "registration.confirmed proposal.submitted");
        assert_eq!(parse_types("proposal.submitted nope"), [EventType::ProposalSubmitted]);
    }
}
