//! Configuration: defaults, then `rencontres.toml` (or `--config FILE`), then `RENCONTRES_*`
//! environment variables (`__` nests: `RENCONTRES_SITE__NAME`). One value, passed in; no global.

use crate::store::DatabaseUrl;
use serde::Deserialize;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

/// The visual theme: the State design system, or the same markup without State branding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    Dsfr,
    Neutral,
}

/// What the public pages say about the site itself.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Site {
    pub name: String,
    pub tagline: String,
    pub contact_email: Option<String>,
    pub chat_url: Option<String>,
}

impl Default for Site {
    fn default() -> Self {
        Site {
            name: "Rencontres BlueHats".into(),
            tagline: "Les événements de la communauté du logiciel libre dans le secteur public".into(),
            contact_email: None,
            chat_url: None,
        }
    }
}

/// H1: who publishes and hosts the site, for the legal notice (`/mentions-legales`) and the
/// personal-data page (`/donnees-personnelles`).
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Legal {
    /// The body that publishes the site, and its postal address.
    pub publisher: Option<String>,
    pub publisher_address: Option<String>,
    /// The person responsible for what is published (directeur ou directrice de la publication).
    pub publication_director: Option<String>,
    /// Who hosts the servers, and their postal address.
    pub host: Option<String>,
    pub host_address: Option<String>,
    /// How to reach the data protection officer (an address or a web page).
    pub dpo_contact: Option<String>,
}

/// How far the site complies with the RGAA (loi n° 2005-102, article 47).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Compliance {
    /// « totalement conforme »: every criterion met, as an audit found.
    Full,
    /// « partiellement conforme »: at least half the criteria met, as an audit found.
    Partial,
    /// « non conforme »: no audit, or under half the criteria met. The lawful default until an
    /// audit says otherwise.
    #[default]
    None,
}

/// H1: the facts of the accessibility statement (`/accessibilite`) and of the footer mention.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Accessibility {
    pub compliance: Compliance,
    /// The share of RGAA criteria met, in percent, as the last audit measured.
    pub rate: Option<String>,
    /// Who ran the audit, and when (free text, e.g. « 12 mars 2027 »).
    pub auditor: Option<String>,
    pub audit_date: Option<String>,
    /// When this statement was written or last updated.
    pub statement_date: Option<String>,
    /// The multi-year accessibility plan and this year's action plan.
    pub multi_year_plan_url: Option<String>,
    pub action_plan_url: Option<String>,
    /// Where to report a barrier; the site's contact address when unset.
    pub contact_email: Option<String>,
    /// Contents that are not accessible, each on its own line: non-conformities, derogations
    /// for disproportionate burden, and contents outside the law's scope.
    pub non_conformities: Vec<String>,
    pub disproportionate_burden: Vec<String>,
    pub out_of_scope: Vec<String>,
}

/// A secret whose `Debug` prints `***`, so a logged configuration never shows it.
#[derive(Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

/// Who may read `/metrics` (O2) besides 127.0.0.1 and ::1.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Metrics {
    /// Addresses or CIDR blocks of the scrapers (`["10.0.0.5", "192.168.0.0/24"]`).
    #[serde(deserialize_with = "nets_or_text")]
    pub allow: Vec<IpNet>,
}

/// How the connection to the SMTP server is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SmtpTls {
    /// Plain connection (a relay on localhost, or a test server).
    None,
    /// Plain connection upgraded with STARTTLS, which is required.
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
}

/// Outgoing mail (G3). Without `smtp_host`, messages are written as `.eml` files into
/// `outbox_dir` instead of being sent, and the server says so at start.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Mail {
    pub from: String,
    pub smtp_host: Option<String>,
    pub smtp_port: u16,
    pub smtp_tls: SmtpTls,
    pub smtp_username: Option<String>,
    pub smtp_password: Option<Secret>,
    pub outbox_dir: PathBuf,
    /// Whether `serve` runs the delivery worker (turn off on all but one instance if wanted;
    /// several workers on PostgreSQL are safe).
    pub worker: bool,
    /// How many delivery workers `serve` runs, each with its own SMTP connection, sharing
    /// `max_per_minute` (default 4).
    pub workers: u32,
    /// Seconds a message being delivered stays reserved (default 120).
    pub lease_seconds: Option<u64>,
    /// At most this many messages handed to the SMTP server in any sliding minute (relays
    /// of ministries impose quotas); 0 means no limit (F1).
    pub max_per_minute: u32,
    /// Hard bounces (SMTP 5xx answers) after which a gazette address is suspended (F1).
    pub bounce_limit: u32,
    /// Days before an event when everyone holding a place gets a reminder with the `.ics`
    /// (B4 F2); 0 turns reminders off.
    pub reminder_days: u32,
    /// Whether a subscriber gets a welcome message once their address is confirmed (F1).
    pub gazette_welcome: bool,
    /// Days after the decision was announced when an accepted speaker who has not confirmed
    /// their talk gets one reminder (C3 F2); 0 turns it off.
    pub speaker_reminder_days: u32,
}

impl Default for Mail {
    fn default() -> Self {
        Mail {
            from: "Rencontres BlueHats <ne-pas-repondre@rencontres.invalid>".into(),
            smtp_host: None,
            smtp_port: 587,
            smtp_tls: SmtpTls::Starttls,
            smtp_username: None,
            smtp_password: None,
            outbox_dir: PathBuf::from("mail-outbox"),
            worker: true,
            workers: 4,
            lease_seconds: None,
            max_per_minute: 0,
            bounce_limit: crate::domain::gazette::DEFAULT_BOUNCE_LIMIT,
            reminder_days: 2,
            gazette_welcome: true,
            speaker_reminder_days: 3,
        }
    }
}

/// I3 (issue 16): webhook deliveries.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Webhooks {
    /// Whether `serve` runs the delivery worker (several on PostgreSQL are safe).
    pub worker: bool,
    /// Admits `http://` URLs and loopback addresses (127.0.0.0/8, ::1), for tests only:
    /// otherwise only `https://` URLs reaching public addresses are accepted.
    pub allow_http_loopback: bool,
}

impl Default for Webhooks {
    fn default() -> Self {
        Webhooks { worker: true, allow_http_loopback: false }
    }
}

/// I1 (issue 16): sign-in with an OpenID Connect provider (ProConnect). Off while `issuer` is
/// unset; then the sign-in page shows no ProConnect button and the forms no prefill button.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Oidc {
    /// The provider's issuer, whose `/.well-known/openid-configuration` is read (ProConnect
    /// gives one per environment, ending in `/api/v2`).
    pub issuer: Option<String>,
    pub client_id: String,
    pub client_secret: Option<Secret>,
    /// The lowest `acr` accepted (`eidas1`, `eidas2`…); unset accepts any. See
    /// `oidc::token::ACR_ORDER` for the order.
    pub minimum_acr: Option<String>,
    /// The scopes asked for, separated by spaces (ProConnect's claims by default).
    pub scopes: String,
    /// Links a first sign-in to the existing account with the same address (an invited
    /// organiser). Off: only an identity already linked signs in.
    pub link_by_email: bool,
    /// Address domains (`numerique.gouv.fr`, sub-domains included) whose people get an account
    /// at their first sign-in; it carries no role until an administrator or an organiser gives one.
    #[serde(deserialize_with = "words_or_list")]
    pub organiser_domains: Vec<String>,
}

impl Default for Oidc {
    fn default() -> Self {
        Oidc {
            issuer: None,
            client_id: String::new(),
            client_secret: None,
            minimum_acr: None,
            scopes: "openid email given_name usual_name uid siret idp_id belonging_population".into(),
            link_by_email: false,
            organiser_domains: Vec::new(),
        }
    }
}

impl Oidc {
    /// The issuer without a trailing slash, when sign-in with OpenID Connect is on.
    pub fn issuer(&self) -> Option<&str> {
        self.issuer.as_deref().map(|i| i.trim().trim_end_matches('/')).filter(|i| !i.is_empty())
    }
}

/// A list from the file, or a comma- or space-separated text from the environment, as its
/// non-blank items.
fn list_or_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        List(Vec<String>),
        Text(String),
    }
    Ok(match Raw::deserialize(d)? {
        Raw::List(l) => l,
        Raw::Text(t) => t.split([',', ' ']).filter(|s| !s.trim().is_empty()).map(str::to_owned).collect(),
    })
}

/// Accepts a list from the file and a comma- or space-separated text from the environment.
fn words_or_list<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(list_or_text(d)?
        .into_iter()
        .map(|s| s.trim().trim_start_matches('@').to_ascii_lowercase())
        .filter(|s| !s.is_empty())
        .collect())
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Address the server listens on.
    pub listen: SocketAddr,
    /// `sqlite://FILE` (default `rencontres.db`) or `postgres://…`.
    pub database_url: String,
    /// Public URL of the site, used in feeds, calendars and mails.
    pub base_url: String,
    pub theme: Theme,
    /// Where earlier versions kept images as files: at start, `serve` copies the images found
    /// there into the database (`import::media`), which is where they live now (O1).
    pub media_dir: PathBuf,
    /// Send HSTS: set when the site is served over TLS by a proxy.
    pub hsts: bool,
    /// A folder whose templates override the embedded ones (edit wording without a rebuild).
    pub templates_dir: Option<PathBuf>,
    /// Login attempts allowed per minute from one client address and for one account (G1).
    #[serde(deserialize_with = "u32_or_text")]
    pub login_attempts_per_minute: u32,
    /// Posts of public forms (registration…) per client address and minute. Many people of one
    /// administration may share an address: keep it well above what one person sends.
    #[serde(deserialize_with = "u32_or_text")]
    pub public_forms_per_minute: u32,
    /// Requests to `/api/v1` per minute for one token, or for one client address without a
    /// token (I2), with as large a burst.
    #[serde(deserialize_with = "u32_or_text")]
    pub api_requests_per_minute: u32,
    /// Reverse proxies whose forwarding header names the client (G1): addresses or CIDR
    /// blocks. Empty: the client is the socket's peer and forwarding headers are ignored.
    #[serde(deserialize_with = "nets_or_text")]
    pub trusted_proxies: Vec<IpNet>,
    /// The header the trusted proxies write: `x-forwarded-for` or `forwarded` (RFC 7239).
    pub forwarded_header: ForwardedHeader,
    /// Lets `serve` listen beyond loopback while `base_url` is `http://`: cookies and
    /// passwords would then cross the network in clear.
    pub allow_insecure_http: bool,
    /// Seconds between SIGTERM and closing the listener, during which `/readyz` answers 503
    /// so that a load balancer stops sending requests first (O2). Default 0.
    #[serde(deserialize_with = "u32_or_text")]
    pub shutdown_drain_seconds: u32,
    pub metrics: Metrics,
    pub site: Site,
    pub mail: Mail,
    pub legal: Legal,
    pub accessibility: Accessibility,
    pub webhooks: Webhooks,
    pub oidc: Oidc,
}

/// Accepts `10` from the file and `"10"` from the environment, where every value is text.
fn u32_or_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Number(u32),
        Text(String),
    }
    match Raw::deserialize(d)? {
        Raw::Number(n) => Ok(n),
        Raw::Text(t) => {
            t.trim().parse().map_err(|_| serde::de::Error::custom(format!("expected a whole number, got {t:?}")))
        }
    }
}

/// The forwarding header read from a trusted proxy. Only one is read: a proxy that writes
/// one header passes the other through from the client, who could then forge it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ForwardedHeader {
    /// `X-Forwarded-For: client, proxy1` (nginx, HAProxy, Traefik, Caddy).
    XForwardedFor,
    /// `Forwarded: for=client, for=proxy1` (RFC 7239).
    Forwarded,
}

/// An address block: `192.0.2.0/24`, `2001:db8::/32`, or one address (`10.0.0.1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpNet {
    addr: IpAddr,
    prefix: u8,
}

impl IpNet {
    /// Parses `ADDR` or `ADDR/PREFIX`; an IPv4-mapped IPv6 address stands for its IPv4 one.
    pub fn parse(s: &str) -> Result<IpNet, String> {
        let s = s.trim();
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let addr: IpAddr = addr.parse().map_err(|_| format!("{s:?} is not an IP address or CIDR block"))?;
        let mapped = matches!(addr, IpAddr::V6(v6) if v6.to_ipv4_mapped().is_some());
        let addr = addr.to_canonical();
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => {
                let p: u8 = p.parse().map_err(|_| format!("{s:?} has no valid prefix length"))?;
                // `::ffff:10.0.0.0/104` is the IPv4 block `10.0.0.0/8`.
                let p = if mapped { p.checked_sub(96).ok_or_else(|| format!("{s:?}: prefix too short"))? } else { p };
                if p > max {
                    return Err(format!("{s:?} has a prefix longer than {max}"));
                }
                p
            }
        };
        Ok(IpNet { addr, prefix })
    }

    /// True when `ip` (an IPv4-mapped address counting as IPv4) is inside this block.
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip.to_canonical()) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// Accepts a list from the file (`["10.0.0.1", "192.168.0.0/16"]`) and a comma- or
/// space-separated text from the environment.
fn nets_or_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<IpNet>, D::Error> {
    list_or_text(d)?.iter().map(|s| IpNet::parse(s).map_err(serde::de::Error::custom)).collect()
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database_url: "sqlite://rencontres.db".into(),
            base_url: "http://127.0.0.1:8080".into(),
            theme: Theme::Dsfr,
            media_dir: PathBuf::from("media"),
            hsts: false,
            templates_dir: None,
            login_attempts_per_minute: 10,
            public_forms_per_minute: 120,
            api_requests_per_minute: 600,
            trusted_proxies: Vec::new(),
            forwarded_header: ForwardedHeader::XForwardedFor,
            allow_insecure_http: false,
            shutdown_drain_seconds: 0,
            metrics: Metrics::default(),
            site: Site::default(),
            mail: Mail::default(),
            legal: Legal::default(),
            accessibility: Accessibility::default(),
            webhooks: Webhooks::default(),
            oidc: Oidc::default(),
        }
    }
}

const KNOWN_KEYS: &[&str] = &[
    "listen",
    "database_url",
    "base_url",
    "theme",
    "media_dir",
    "hsts",
    "templates_dir",
    "site.name",
    "site.tagline",
    "site.contact_email",
    "site.chat_url",
    "mail.from",
    "mail.smtp_host",
    "mail.smtp_port",
    "mail.smtp_tls",
    "mail.smtp_username",
    "mail.smtp_password",
    "mail.outbox_dir",
    "mail.worker",
    "mail.workers",
    "mail.lease_seconds",
    "mail.max_per_minute",
    "mail.bounce_limit",
    "mail.reminder_days",
    "mail.gazette_welcome",
    "mail.speaker_reminder_days",
    "login_attempts_per_minute",
    "public_forms_per_minute",
    "api_requests_per_minute",
    "legal.publisher",
    "legal.publisher_address",
    "legal.publication_director",
    "legal.host",
    "legal.host_address",
    "legal.dpo_contact",
    "accessibility.compliance",
    "accessibility.rate",
    "accessibility.auditor",
    "accessibility.audit_date",
    "accessibility.statement_date",
    "accessibility.multi_year_plan_url",
    "accessibility.action_plan_url",
    "accessibility.contact_email",
    "accessibility.non_conformities",
    "accessibility.disproportionate_burden",
    "accessibility.out_of_scope",
    "trusted_proxies",
    "forwarded_header",
    "allow_insecure_http",
    "shutdown_drain_seconds",
    "metrics.allow",
    "webhooks.worker",
    "webhooks.allow_http_loopback",
    "oidc.issuer",
    "oidc.client_id",
    "oidc.client_secret",
    "oidc.minimum_acr",
    "oidc.scopes",
    "oidc.link_by_email",
    "oidc.organiser_domains",
];

/// Keys whose environment value is a list, one item per line.
const LISTS: &[&str] =
    &["accessibility.non_conformities", "accessibility.disproportionate_burden", "accessibility.out_of_scope"];

/// The loaded configuration and the warnings to log once logging is up.
pub struct Loaded {
    pub config: Config,
    pub warnings: Vec<String>,
}

impl Config {
    /// Loads defaults, then the file (`path`, or `rencontres.toml` when it exists), then the
    /// environment. A file with unknown keys or wrong types is an error; an unknown
    /// `RENCONTRES_` variable is a warning.
    pub fn load(path: Option<&Path>, env: impl Iterator<Item = (String, String)>) -> anyhow::Result<Loaded> {
        let mut table = toml::Table::new();
        let file = match path {
            Some(p) => Some(p.to_path_buf()),
            None => Some(PathBuf::from("rencontres.toml")).filter(|p| p.exists()),
        };
        if let Some(file) = &file {
            let text = std::fs::read_to_string(file)
                .map_err(|e| anyhow::anyhow!("cannot read config file {}: {e}", file.display()))?;
            table = text
                .parse::<toml::Table>()
                .map_err(|e| anyhow::anyhow!("config file {} is not valid TOML: {e}", file.display()))?;
        }
        let mut warnings = Vec::new();
        for (name, value) in env {
            let Some(key) = name.strip_prefix("RENCONTRES_") else { continue };
            let path: Vec<String> = key.split("__").map(|p| p.to_ascii_lowercase()).collect();
            let dotted = path.join(".");
            if !KNOWN_KEYS.contains(&dotted.as_str()) {
                // Variables read elsewhere (tests, tooling) are not configuration keys.
                if !matches!(key, "LOG" | "TEST_DATABASE_URL" | "TEST_BACKEND" | "SKIP_INSTALL") {
                    warnings.push(format!("unknown environment variable {name} ignored"));
                }
                continue;
            }
            set_path(&mut table, &path, env_value(&dotted, &value));
        }
        let config: Config =
            toml::Value::Table(table).try_into().map_err(|e| anyhow::anyhow!("invalid configuration: {e}"))?;
        DatabaseUrl::parse(&config.database_url).map_err(|e| anyhow::anyhow!("invalid database_url: {e}"))?;
        Ok(Loaded { config, warnings })
    }

    pub fn database_url(&self) -> DatabaseUrl {
        DatabaseUrl::parse(&self.database_url).expect("checked at load")
    }

    /// The base URL without a trailing slash.
    pub fn base_url(&self) -> &str {
        self.base_url.trim_end_matches('/')
    }
}

/// Environment values are strings; booleans and numbers are recognised so that
/// `RENCONTRES_HSTS=true` works like `hsts = true` in the file.
fn env_value(key: &str, v: &str) -> toml::Value {
    const NUMBERS: &[&str] = &[
        "mail.smtp_port",
        "mail.workers",
        "mail.lease_seconds",
        "mail.max_per_minute",
        "mail.bounce_limit",
        "mail.reminder_days",
        "mail.speaker_reminder_days",
    ];
    if LISTS.contains(&key) {
        return toml::Value::Array(
            v.lines().map(str::trim).filter(|l| !l.is_empty()).map(|l| toml::Value::String(l.to_owned())).collect(),
        );
    }
    match v {
        "true" => toml::Value::Boolean(true),
        "false" => toml::Value::Boolean(false),
        _ if NUMBERS.contains(&key) => {
            v.parse::<i64>().map_or_else(|_| toml::Value::String(v.to_owned()), toml::Value::Integer)
        }
        _ => toml::Value::String(v.to_owned()),
    }
}

fn set_path(table: &mut toml::Table, path: &[String], value: toml::Value) {
    let (last, parents) = path.split_last().expect("non-empty path");
    let mut t = table;
    for p in parents {
        let entry = t.entry(p.clone()).or_insert_with(|| toml::Value::Table(toml::Table::new()));
        if !entry.is_table() {
            *entry = toml::Value::Table(toml::Table::new());
        }
        t = entry.as_table_mut().expect("made a table");
    }
    t.insert(last.clone(), value);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Iterator<Item = (String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>().into_iter()
    }

    #[test]
    fn defaults_without_file_or_env() {
        let loaded = Config::load(Some(Path::new("/dev/null")), env(&[])).unwrap();

        assert_eq!(loaded.config.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(loaded.config.database_url, "sqlite://rencontres.db");
        assert_eq!(loaded.config.theme, Theme::Dsfr);
        assert!(loaded.warnings.is_empty());
    }

    #[test]
    fn env_overrides_file_and_nests_with_double_underscore() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("r.toml");
        std::fs::write(&file, "theme = \"dsfr\"\n[site]\nname = \"Fichier\"\n").unwrap();

        let loaded = Config::load(
            Some(&file),
            env(&[("RENCONTRES_THEME", "neutral"), ("RENCONTRES_SITE__NAME", "Env"), ("RENCONTRES_HSTS", "true")]),
        )
        .unwrap();

        assert_eq!(loaded.config.theme, Theme::Neutral);
        assert_eq!(loaded.config.site.name, "Env");
        assert!(loaded.config.hsts);
    }

    #[test]
    fn accessibility_facts_come_from_the_environment_with_lists_by_line() {
        let loaded = Config::load(
            Some(Path::new("/dev/null")),
            env(&[
                ("RENCONTRES_ACCESSIBILITY__COMPLIANCE", "partial"),
                ("RENCONTRES_ACCESSIBILITY__NON_CONFORMITIES", "Vidéos sans sous-titres\n\nCartes sans alternative\n"),
            ]),
        )
        .unwrap();

        assert_eq!(loaded.config.accessibility.compliance, Compliance::Partial);
        assert_eq!(
            loaded.config.accessibility.non_conformities,
            ["Vidéos sans sous-titres", "Cartes sans alternative"]
        );
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    }

    #[test]
    fn login_attempts_per_minute_reads_text_from_env() {
        let loaded =
            Config::load(Some(Path::new("/dev/null")), env(&[("RENCONTRES_LOGIN_ATTEMPTS_PER_MINUTE", "500")]))
                .unwrap();

        assert_eq!(loaded.config.login_attempts_per_minute, 500);
    }

    #[test]
    fn trusted_proxies_read_a_list_from_the_file_and_text_from_env() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("r.toml");
        std::fs::write(&file, "trusted_proxies = [\"10.0.0.1\", \"2001:db8::/32\"]\n").unwrap();

        let from_file = Config::load(Some(&file), env(&[])).unwrap().config;
        let from_env = Config::load(
            Some(Path::new("/dev/null")),
            env(&[
                ("RENCONTRES_TRUSTED_PROXIES", "192.168.0.0/16, ::ffff:10.0.0.0/104"),
                ("RENCONTRES_FORWARDED_HEADER", "forwarded"),
                ("RENCONTRES_ALLOW_INSECURE_HTTP", "true"),
            ]),
        )
        .unwrap()
        .config;

        assert_eq!(
            from_file.trusted_proxies,
            [IpNet::parse("10.0.0.1").unwrap(), IpNet::parse("2001:db8::/32").unwrap()]
        );
        assert_eq!(
            from_env.trusted_proxies,
            [IpNet::parse("192.168.0.0/16").unwrap(), IpNet::parse("10.0.0.0/8").unwrap()]
        );
        assert_eq!(from_env.forwarded_header, ForwardedHeader::Forwarded);
        assert!(from_env.allow_insecure_http && !from_file.allow_insecure_http);
        assert_eq!(Config::default().trusted_proxies, []);
        assert_eq!(Config::default().forwarded_header, ForwardedHeader::XForwardedFor);
    }

    #[test]
    fn metrics_allow_and_drain_read_from_the_file_and_env() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("r.toml");
        std::fs::write(&file, "shutdown_drain_seconds = 5\n[metrics]\nallow = [\"10.0.0.5\", \"192.168.0.0/24\"]\n")
            .unwrap();

        let from_file = Config::load(Some(&file), env(&[])).unwrap().config;
        let from_env = Config::load(
            Some(Path::new("/dev/null")),
            env(&[("RENCONTRES_METRICS__ALLOW", "10.0.0.0/8 ::1"), ("RENCONTRES_SHUTDOWN_DRAIN_SECONDS", "3")]),
        )
        .unwrap();

        assert_eq!(
            from_file.metrics.allow,
            [IpNet::parse("10.0.0.5").unwrap(), IpNet::parse("192.168.0.0/24").unwrap()]
        );
        assert_eq!(from_file.shutdown_drain_seconds, 5);
        assert_eq!(from_env.config.metrics.allow, [IpNet::parse("10.0.0.0/8").unwrap(), IpNet::parse("::1").unwrap()]);
        assert_eq!(from_env.config.shutdown_drain_seconds, 3);
        assert!(from_env.warnings.is_empty());
        assert_eq!(Config::default().metrics.allow, []);
    }

    #[test]
    fn trusted_proxies_refuse_what_is_not_an_address() {
        let err = Config::load(Some(Path::new("/dev/null")), env(&[("RENCONTRES_TRUSTED_PROXIES", "proxy.example")]))
            .err()
            .unwrap()
            .to_string();

        assert!(err.contains("\"proxy.example\" is not an IP address or CIDR block"), "{err}");
    }

    #[test]
    fn ip_net_contains_its_block_only() {
        let v4 = IpNet::parse("192.0.2.0/24").unwrap();
        let one = IpNet::parse("10.0.0.1").unwrap();
        let v6 = IpNet::parse("2001:db8:1::/48").unwrap();
        let all = IpNet::parse("0.0.0.0/0").unwrap();

        assert!(v4.contains("192.0.2.255".parse().unwrap()));
        assert!(v4.contains("::ffff:192.0.2.1".parse().unwrap()));
        assert!(!v4.contains("192.0.3.1".parse().unwrap()));
        assert!(one.contains("10.0.0.1".parse().unwrap()));
        assert!(!one.contains("10.0.0.2".parse().unwrap()));
        assert!(v6.contains("2001:db8:1:ffff::1".parse().unwrap()));
        assert!(!v6.contains("2001:db8:2::1".parse().unwrap()));
        assert!(!v6.contains("192.0.2.1".parse().unwrap()));
        assert!(all.contains("203.0.113.9".parse().unwrap()));
        assert_eq!(IpNet::parse("10.0.0.0/33"), Err("\"10.0.0.0/33\" has a prefix longer than 32".into()));
    }

    #[test]
    fn smtp_password_never_shows_in_debug() {
        let loaded = Config::load(
            Some(Path::new("/dev/null")),
            env(&[("RENCONTRES_MAIL__SMTP_PASSWORD", "hunter2"), ("RENCONTRES_MAIL__SMTP_PORT", "2525")]),
        )
        .unwrap();

        let shown = format!("{:?}", loaded.config);

        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("smtp_password: Some(***)"), "{shown}");
        assert_eq!(loaded.config.mail.smtp_port, 2525);
        assert_eq!(loaded.config.mail.smtp_password.unwrap().expose(), "hunter2");
    }

    #[test]
    fn oidc_settings_come_from_the_environment() {
        let loaded = Config::load(
            Some(Path::new("/dev/null")),
            env(&[
                ("RENCONTRES_OIDC__ISSUER", "https://fca.integ01.dev-agentconnect.fr/api/v2/"),
                ("RENCONTRES_OIDC__CLIENT_ID", "rencontres"),
                ("RENCONTRES_OIDC__CLIENT_SECRET", "s3cret"),
                ("RENCONTRES_OIDC__MINIMUM_ACR", "eidas1"),
                ("RENCONTRES_OIDC__LINK_BY_EMAIL", "true"),
                ("RENCONTRES_OIDC__ORGANISER_DOMAINS", "numerique.gouv.fr, @Beta.Gouv.fr"),
            ]),
        )
        .unwrap();
        let oidc = &loaded.config.oidc;

        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        assert_eq!(oidc.issuer(), Some("https://fca.integ01.dev-agentconnect.fr/api/v2"));
        assert_eq!(oidc.client_secret.as_ref().unwrap().expose(), "s3cret");
        assert!(!format!("{oidc:?}").contains("s3cret"));
        assert_eq!(oidc.minimum_acr.as_deref(), Some("eidas1"));
        assert!(oidc.link_by_email);
        assert_eq!(oidc.organiser_domains, ["numerique.gouv.fr", "beta.gouv.fr"]);
        assert_eq!(Config::default().oidc.issuer(), None);
    }

    #[test]
    fn unknown_env_variable_is_a_warning() {
        let loaded = Config::load(Some(Path::new("/dev/null")), env(&[("RENCONTRES_LISTENN", "x")])).unwrap();

        assert_eq!(loaded.warnings, ["unknown environment variable RENCONTRES_LISTENN ignored"]);
    }

    #[test]
    fn unknown_file_key_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("r.toml");
        std::fs::write(&file, "lisen = \"127.0.0.1:1\"\n").unwrap();

        let err = Config::load(Some(&file), env(&[])).err().unwrap().to_string();

        assert!(err.starts_with("invalid configuration: "), "{err}");
        assert!(err.contains("unknown field `lisen`"), "{err}");
    }
}
