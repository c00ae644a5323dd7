//! I1: the checks of what an OpenID Connect provider answers, without any I/O: the ID token
//! (signature against the provider's JWKS, `iss`, `aud`, `exp`, `nonce`, `acr`), the signed
//! userinfo answer of ProConnect (`application/jwt`), and what the claims say.

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::jwk::{AlgorithmParameters, JwkSet};
use jsonwebtoken::{Algorithm, DecodingKey, Header, Validation};
use serde::Deserialize;

/// Levels of assurance (`acr`), lowest first: ProConnect's own, then eIDAS. A level outside
/// this list meets a minimum only when it is the minimum itself.
pub const ACR_ORDER: &[&str] = &[
    "https://proconnect.gouv.fr/assurance/self-asserted",
    "https://proconnect.gouv.fr/assurance/self-asserted-2fa",
    "https://proconnect.gouv.fr/assurance/consistency-checked",
    "https://proconnect.gouv.fr/assurance/consistency-checked-2fa",
    "eidas1",
    "eidas2",
    "eidas3",
];

/// Seconds of clock difference tolerated on `exp` with the provider.
const LEEWAY_SECONDS: u64 = 30;

/// Why a sign-in through the provider is refused, as the French page says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error(
        "La réponse du fournisseur d’identité ne correspond à aucune connexion en cours dans ce navigateur (paramètre « state »), ou cette connexion a expiré."
    )]
    State,
    #[error("Le fournisseur d’identité a refusé le code de connexion : il a expiré ou a déjà servi.")]
    Code,
    #[error("La signature du jeton d’identité n’est pas celle du fournisseur d’identité attendu.")]
    Signature,
    #[error("Le jeton d’identité a expiré.")]
    Expired,
    #[error("Le jeton d’identité est destiné à un autre site que celui-ci.")]
    Audience,
    #[error("Le jeton d’identité vient d’un autre fournisseur d’identité que celui de ce site.")]
    Issuer,
    #[error("Le jeton d’identité ne correspond pas à cette connexion (paramètre « nonce »).")]
    Nonce,
    #[error("Le niveau de garantie de cette identité est inférieur à celui que ce site demande.")]
    Acr,
    #[error("Le jeton d’identité est illisible.")]
    Malformed,
    #[error("Le fournisseur d’identité ne répond pas comme prévu. Réessayez dans quelques minutes.")]
    Provider,
    #[error("La connexion a été annulée ou refusée chez le fournisseur d’identité.")]
    Denied,
}

/// The claims of an ID token this site reads.
#[derive(Debug, Clone, Deserialize)]
pub struct IdClaims {
    pub sub: String,
    #[serde(default)]
    pub nonce: Option<String>,
    #[serde(default)]
    pub acr: Option<String>,
    #[serde(default)]
    pub azp: Option<String>,
}

/// What the provider says of the person (ProConnect's claims; `family_name` and `name` for
/// other providers).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct UserInfo {
    pub sub: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub email_verified: Option<bool>,
    #[serde(default)]
    pub given_name: Option<String>,
    #[serde(default)]
    pub usual_name: Option<String>,
    #[serde(default)]
    pub family_name: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub uid: Option<String>,
    #[serde(default)]
    pub siret: Option<String>,
    #[serde(default)]
    pub idp_id: Option<String>,
    /// `agent`, `prestataire`… as one text or a list.
    #[serde(default)]
    pub belonging_population: Option<serde_json::Value>,
}

impl UserInfo {
    /// « Prénom Nom », from the names given.
    pub fn display_name(&self) -> String {
        let family = self.usual_name.as_deref().or(self.family_name.as_deref()).unwrap_or("").trim();
        let given = self.given_name.as_deref().unwrap_or("").trim();
        let joined = format!("{given} {family}").trim().to_owned();
        if joined.is_empty() { self.name.clone().unwrap_or_default().trim().to_owned() } else { joined }
    }

    /// True when `belonging_population` names public agents (`agent`, `agent_public`…).
    pub fn is_public_agent(&self) -> bool {
        self.populations().iter().any(|p| p.starts_with("agent"))
    }

    /// True when `belonging_population` names contractors (`prestataire`).
    pub fn is_contractor(&self) -> bool {
        self.populations().iter().any(|p| p.starts_with("prestataire"))
    }

    fn populations(&self) -> Vec<String> {
        match &self.belonging_population {
            Some(serde_json::Value::String(s)) => vec![s.trim().to_lowercase()],
            Some(serde_json::Value::Array(a)) => {
                a.iter().filter_map(|v| v.as_str()).map(|s| s.trim().to_lowercase()).collect()
            }
            _ => Vec::new(),
        }
    }

    /// The SIRET, when it is 14 digits (spaces removed).
    pub fn siret(&self) -> Option<String> {
        let s: String = self.siret.as_deref()?.chars().filter(|c| !c.is_whitespace()).collect();
        (s.len() == 14 && s.bytes().all(|b| b.is_ascii_digit())).then_some(s)
    }
}

/// True when `acr` is at least `minimum` in `ACR_ORDER` (any level meets no minimum).
pub fn acr_meets(acr: Option<&str>, minimum: Option<&str>) -> bool {
    let Some(minimum) = minimum.map(str::trim).filter(|m| !m.is_empty()) else { return true };
    let Some(acr) = acr else { return false };
    if acr == minimum {
        return true;
    }
    let rank = |v: &str| ACR_ORDER.iter().position(|a| *a == v);
    matches!((rank(acr), rank(minimum)), (Some(a), Some(m)) if a >= m)
}

/// The key of `jwks` that signed a token with `header`, or `None` (an unknown `kid`: the
/// caller reads the JWKS again once, in case the provider rotated its keys).
pub fn key_for(jwks: &JwkSet, header: &Header) -> Option<DecodingKey> {
    let jwk = match &header.kid {
        Some(kid) => jwks.find(kid)?,
        None => jwks.keys.iter().find(|k| {
            matches!(
                (&k.algorithm, header.alg),
                (AlgorithmParameters::RSA(_), Algorithm::RS256)
                    | (AlgorithmParameters::EllipticCurve(_), Algorithm::ES256)
            )
        })?,
    };
    DecodingKey::from_jwk(jwk).ok()
}

/// The header of a compact JWS, its algorithm one of those ProConnect uses (RS256, ES256).
pub fn header_of(jwt: &str) -> Result<Header, Refusal> {
    let header = jsonwebtoken::decode_header(jwt).map_err(|_| Refusal::Malformed)?;
    match header.alg {
        Algorithm::RS256 | Algorithm::ES256 => Ok(header),
        _ => Err(Refusal::Signature),
    }
}

fn refusal(e: &jsonwebtoken::errors::Error) -> Refusal {
    match e.kind() {
        ErrorKind::ExpiredSignature => Refusal::Expired,
        ErrorKind::InvalidAudience => Refusal::Audience,
        ErrorKind::InvalidIssuer => Refusal::Issuer,
        ErrorKind::InvalidSignature
        | ErrorKind::InvalidAlgorithm
        | ErrorKind::InvalidEcdsaKey
        | ErrorKind::InvalidRsaKey(_)
        | ErrorKind::InvalidKeyFormat => Refusal::Signature,
        _ => Refusal::Malformed,
    }
}

/// What an ID token must be for this site.
pub struct Expected<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub nonce: &'a str,
    pub minimum_acr: Option<&'a str>,
}

/// Checks an ID token signed by `key` (from `key_for`): signature, `iss`, `aud` (and `azp`),
/// `exp`, `nonce`, then `acr`.
pub fn check_id_token(jwt: &str, key: &DecodingKey, header: &Header, expected: &Expected) -> Result<IdClaims, Refusal> {
    let mut validation = Validation::new(header.alg);
    validation.set_issuer(&[expected.issuer]);
    validation.set_audience(&[expected.client_id]);
    validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
    validation.leeway = LEEWAY_SECONDS;
    let claims = jsonwebtoken::decode::<IdClaims>(jwt, key, &validation).map_err(|e| refusal(&e))?.claims;
    if claims.azp.as_deref().is_some_and(|azp| azp != expected.client_id) {
        return Err(Refusal::Audience);
    }
    if claims.nonce.as_deref() != Some(expected.nonce) {
        return Err(Refusal::Nonce);
    }
    if !acr_meets(claims.acr.as_deref(), expected.minimum_acr) {
        return Err(Refusal::Acr);
    }
    Ok(claims)
}

/// Checks ProConnect's signed userinfo answer: signature, and `iss`, `aud` and `exp` when
/// present.
pub fn check_userinfo(
    jwt: &str,
    key: &DecodingKey,
    header: &Header,
    issuer: &str,
    client_id: &str,
) -> Result<UserInfo, Refusal> {
    let mut validation = Validation::new(header.alg);
    validation.set_required_spec_claims(&["sub"]);
    validation.leeway = LEEWAY_SECONDS;
    validation.validate_aud = false;
    let raw = jsonwebtoken::decode::<serde_json::Value>(jwt, key, &validation).map_err(|e| refusal(&e))?.claims;
    if raw.get("iss").is_some_and(|i| i.as_str() != Some(issuer)) {
        return Err(Refusal::Issuer);
    }
    let aud_ok = match raw.get("aud") {
        None => true,
        Some(serde_json::Value::String(a)) => a == client_id,
        Some(serde_json::Value::Array(a)) => a.iter().any(|v| v.as_str() == Some(client_id)),
        Some(_) => false,
    };
    if !aud_ok {
        return Err(Refusal::Audience);
    }
    serde_json::from_value(raw).map_err(|_| Refusal::Malformed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
    use jsonwebtoken::{EncodingKey, encode};
    use ring::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair as _};

    /// A P-256 key pair: its signing key and its JWKS with `kid`.
    fn keys(kid: &str) -> (EncodingKey, JwkSet) {
        let rng = ring::rand::SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).unwrap();
        let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng).unwrap();
        let public = pair.public_key().as_ref();
        let (x, y) = (B64.encode(&public[1..33]), B64.encode(&public[33..65]));
        let jwks = serde_json::from_value(serde_json::json!({
            "keys": [{ "kty": "EC", "crv": "P-256", "x": x, "y": y, "kid": kid, "use": "sig", "alg": "ES256" }]
        }))
        .unwrap();
        (EncodingKey::from_ec_der(pkcs8.as_ref()), jwks)
    }

    fn now() -> i64 {
        jiff::Timestamp::now().as_second()
    }

    fn sign(key: &EncodingKey, kid: &str, claims: serde_json::Value) -> String {
        let mut header = Header::new(Algorithm::ES256);
        header.kid = Some(kid.into());
        encode(&header, &claims, key).unwrap()
    }

    fn claims() -> serde_json::Value {
        serde_json::json!({
            "iss": "https://idp.example/api/v2", "aud": "rencontres", "sub": "abc", "exp": now() + 60,
            "iat": now(), "nonce": "n".repeat(40), "acr": "eidas1",
        })
    }

    const EXPECTED: Expected<'static> = Expected {
        issuer: "https://idp.example/api/v2",
        client_id: "rencontres",
        nonce: "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn",
        minimum_acr: Some("eidas1"),
    };

    fn check(jwks: &JwkSet, jwt: &str) -> Result<IdClaims, Refusal> {
        let header = header_of(jwt)?;
        let key = key_for(jwks, &header).ok_or(Refusal::Signature)?;
        check_id_token(jwt, &key, &header, &EXPECTED)
    }

    fn with(change: impl FnOnce(&mut serde_json::Value)) -> serde_json::Value {
        let mut c = claims();
        change(&mut c);
        c
    }

    #[test]
    fn a_good_id_token_passes_and_every_altered_one_is_refused() {
        let (key, jwks) = keys("k1");
        let (other, _) = keys("k1");

        assert_eq!(check(&jwks, &sign(&key, "k1", claims())).unwrap().sub, "abc");
        assert_eq!(check(&jwks, &sign(&other, "k1", claims())).unwrap_err(), Refusal::Signature);
        assert!(check(&jwks, &sign(&key, "k2", claims())).is_err(), "unknown kid");
        let cases = [
            (with(|c| c["exp"] = (now() - 3600).into()), Refusal::Expired),
            (with(|c| c["aud"] = "quelqu-un-d-autre".into()), Refusal::Audience),
            (with(|c| c["azp"] = "quelqu-un-d-autre".into()), Refusal::Audience),
            (with(|c| c["iss"] = "https://ailleurs.example".into()), Refusal::Issuer),
            (with(|c| c["nonce"] = "m".repeat(40).into()), Refusal::Nonce),
            (with(|c| c.as_object_mut().unwrap().retain(|k, _| k != "nonce")), Refusal::Nonce),
            (with(|c| c["acr"] = "https://proconnect.gouv.fr/assurance/self-asserted".into()), Refusal::Acr),
            (with(|c| c.as_object_mut().unwrap().retain(|k, _| k != "exp")), Refusal::Malformed),
        ];
        for (claims, refusal) in cases {
            assert_eq!(check(&jwks, &sign(&key, "k1", claims.clone())).unwrap_err(), refusal, "{claims}");
        }
        assert_eq!(check(&jwks, "pas.un.jeton").unwrap_err(), Refusal::Malformed);
    }

    #[test]
    fn an_unsigned_or_hmac_token_is_refused() {
        let (_, jwks) = keys("k1");
        let hs = encode(&Header::new(Algorithm::HS256), &claims(), &EncodingKey::from_secret(b"secret")).unwrap();
        let none = format!("{}.{}.", B64.encode(r#"{"alg":"none"}"#), B64.encode(claims().to_string()));

        assert_eq!(check(&jwks, &hs).unwrap_err(), Refusal::Signature);
        assert!(check(&jwks, &none).is_err());
    }

    #[test]
    fn signed_userinfo_is_checked_and_read() {
        let (key, jwks) = keys("k1");
        let info = serde_json::json!({
            "iss": "https://idp.example/api/v2", "aud": "rencontres", "sub": "abc",
            "given_name": "Camille", "usual_name": "Dupont", "email": "camille.dupont@numerique.gouv.fr",
            "siret": "130 025 265 00013", "belonging_population": "agent",
        });
        let read = |claims: serde_json::Value| {
            let jwt = sign(&key, "k1", claims);
            let header = header_of(&jwt).unwrap();
            check_userinfo(&jwt, &key_for(&jwks, &header).unwrap(), &header, EXPECTED.issuer, "rencontres")
        };

        let u = read(info.clone()).unwrap();
        assert_eq!(u.display_name(), "Camille Dupont");
        assert_eq!(u.siret().as_deref(), Some("13002526500013"));
        assert!(u.is_public_agent() && !u.is_contractor());
        let mut foreign = info.clone();
        foreign["aud"] = "autre".into();
        assert_eq!(read(foreign).unwrap_err(), Refusal::Audience);
        let mut elsewhere = info;
        elsewhere["iss"] = "https://ailleurs.example".into();
        assert_eq!(read(elsewhere).unwrap_err(), Refusal::Issuer);
    }

    #[test]
    fn acr_levels_compare_in_order() {
        assert!(acr_meets(Some("eidas2"), Some("eidas1")));
        assert!(acr_meets(Some("eidas1"), Some("eidas1")));
        assert!(!acr_meets(Some("eidas1"), Some("eidas2")));
        assert!(!acr_meets(None, Some("eidas1")));
        assert!(acr_meets(None, None));
        assert!(acr_meets(Some("niveau-maison"), Some("niveau-maison")));
        assert!(!acr_meets(Some("niveau-maison"), Some("eidas1")));
        assert!(acr_meets(Some("eidas1"), Some("https://proconnect.gouv.fr/assurance/self-asserted-2fa")));
    }
}
