//! E1: repository URLs of any forge, validated and normalised. Pure: nothing is ever
//! fetched, so a hostile URL can at worst be refused, never followed.
//!
//! Accepted shapes: `https://host/path` (and `http://`, stored as `https://`), `git://host/path`,
//! `ssh://[git@]host/path` and the scp form `git@host:path`. The host must be a public DNS name:
//! IP literals, `localhost`, single-label names and private suffixes (`.local`, `.internal`…)
//! are refused, so the board never points people at an internal address.

use serde::Serialize;
use std::fmt;

/// The forge family a repository lives on, recognised from its host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Forge {
    GitHub,
    GitLab,
    /// A GitLab instance other than gitlab.com (its host names it: `gitlab.adullact.net`).
    GitLabSelfHosted,
    Codeberg,
    /// Forgejo or Gitea instances other than Codeberg.
    Forgejo,
    SourceHut,
    Bitbucket,
    /// Any other git server: the URL is kept, no owner/name is guessed.
    Git,
}

impl Forge {
    pub const ALL: [Forge; 8] = [
        Forge::GitHub,
        Forge::GitLab,
        Forge::GitLabSelfHosted,
        Forge::Codeberg,
        Forge::Forgejo,
        Forge::SourceHut,
        Forge::Bitbucket,
        Forge::Git,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Forge::GitHub => "github",
            Forge::GitLab => "gitlab",
            Forge::GitLabSelfHosted => "gitlab_self_hosted",
            Forge::Codeberg => "codeberg",
            Forge::Forgejo => "forgejo",
            Forge::SourceHut => "sourcehut",
            Forge::Bitbucket => "bitbucket",
            Forge::Git => "git",
        }
    }

    pub fn parse(s: &str) -> Option<Forge> {
        Forge::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// The name shown on the board.
    pub fn label(self) -> &'static str {
        match self {
            Forge::GitHub => "GitHub",
            Forge::GitLab => "GitLab",
            Forge::GitLabSelfHosted => "GitLab (instance autonome)",
            Forge::Codeberg => "Codeberg",
            Forge::Forgejo => "Forgejo / Gitea",
            Forge::SourceHut => "SourceHut",
            Forge::Bitbucket => "Bitbucket",
            Forge::Git => "Dépôt git",
        }
    }
}

/// A repository URL that passed every check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Repository {
    /// The URL to link to: `https://host/owner/name` for web forges, else the git URL.
    pub url: String,
    pub forge: Forge,
    /// Lower-case host, without port.
    pub host: String,
    /// `owner/name` (GitLab: `group/subgroup/name`; SourceHut: `~owner/name`) when recognised.
    pub path: Option<String>,
    /// What makes two URLs the same repository: lower-case `host/path` without `.git`.
    /// The same key across editions is one project with its history (E1).
    pub key: String,
}

/// Why a repository URL was refused; the message is French and safe to show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadUrl {
    #[error("L'adresse du dépôt est obligatoire.")]
    Empty,
    #[error("L'adresse du dépôt est trop longue (500 caractères au plus).")]
    TooLong,
    #[error("L'adresse du dépôt ne doit contenir ni espace ni caractère de contrôle.")]
    Spaces,
    #[error("Adresse refusée : seules les adresses https://, git://, ssh:// ou git@hôte:chemin sont acceptées.")]
    Scheme,
    #[error("Adresse refusée : elle ne doit pas contenir d'identifiant ni de mot de passe.")]
    Credentials,
    #[error("Adresse refusée : le nom du serveur est invalide.")]
    Host,
    #[error(
        "Adresse refusée : les adresses internes ou locales (localhost, adresses IP, réseau privé) ne sont pas acceptées."
    )]
    Internal,
    #[error(
        "L'adresse doit désigner un dépôt (par exemple https://forge.exemple.fr/equipe/projet), pas seulement un serveur."
    )]
    NoPath,
    #[error("Le chemin du dépôt contient des caractères invalides.")]
    Path,
    #[error("Le lien doit commencer par https:// (ou http://).")]
    LinkScheme,
}

impl fmt::Display for Repository {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.url)
    }
}

/// Host suffixes that only resolve inside a network.
const PRIVATE_SUFFIXES: [&str; 9] =
    [".local", ".localhost", ".internal", ".intranet", ".lan", ".home", ".corp", ".test", ".invalid"];

/// Parses and normalises a repository URL typed by a participant.
pub fn parse_repository(raw: &str) -> Result<Repository, BadUrl> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(BadUrl::Empty);
    }
    if s.chars().count() > 500 {
        return Err(BadUrl::TooLong);
    }
    if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(BadUrl::Spaces);
    }
    let lower = s.to_ascii_lowercase();
    // (scheme kept, rest after "scheme://"), or the scp form `user@host:path`.
    let (scheme, rest) = if let Some(r) = strip_prefix_ci(s, &lower, "https://") {
        ("https", r)
    } else if let Some(r) = strip_prefix_ci(s, &lower, "http://") {
        ("https", r)
    } else if let Some(r) = strip_prefix_ci(s, &lower, "git://") {
        ("git", r)
    } else if let Some(r) = strip_prefix_ci(s, &lower, "ssh://") {
        ("ssh", r)
    } else if !lower.contains("://") && is_scp_form(s) {
        ("scp", s)
    } else {
        return Err(BadUrl::Scheme);
    };
    let (authority, path) = match scheme {
        "scp" => {
            let (auth, path) = s.split_once(':').ok_or(BadUrl::Scheme)?;
            (auth, path)
        }
        _ => match rest.find(['/', '?', '#']) {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        },
    };
    let host_port = match authority.rsplit_once('@') {
        // Only ssh forms may carry a user name, and only without a password.
        Some((user, host)) if matches!(scheme, "ssh" | "scp") && !user.contains(':') && !user.is_empty() => host,
        Some(_) => return Err(BadUrl::Credentials),
        None => authority,
    };
    let host = check_host(host_port)?;
    // Query and fragment never name a repository.
    let path = path.split(['?', '#']).next().unwrap_or("");
    let segments: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    if segments.iter().any(|p| {
        *p == "."
            || *p == ".."
            || p.chars().any(|c| matches!(c, '\\' | '<' | '>' | '"' | '\'' | '`' | '%' | '{' | '}' | '|' | '^'))
    }) {
        return Err(BadUrl::Path);
    }
    let forge = recognise(&host);
    let repo_segments = repository_segments(forge, &segments);
    if repo_segments.is_empty() {
        return Err(BadUrl::NoPath);
    }
    let mut repo_path = repo_segments.join("/");
    if let Some(stripped) = repo_path.strip_suffix(".git") {
        repo_path = stripped.to_owned();
    }
    if repo_path.is_empty() || repo_path.ends_with('/') {
        return Err(BadUrl::NoPath);
    }
    // Dropping `.git` must leave a path read the same way again: `a/..git` leaves `a/.`, and
    // `a/-.git` on GitLab leaves `a/-`, where `-` starts a project's pages.
    let kept: Vec<&str> = repo_path.split('/').collect();
    if kept.iter().any(|p| *p == "." || *p == "..") {
        return Err(BadUrl::Path);
    }
    if repository_segments(forge, &kept).len() != kept.len() {
        return Err(BadUrl::NoPath);
    }
    let owner_name = forge != Forge::Git;
    let url = match (forge, scheme) {
        (Forge::Git, "https") => format!("https://{}/{repo_path}", host_with_port(host_port)),
        (Forge::Git, "git") => format!("git://{}/{repo_path}.git", host_with_port(host_port)),
        (Forge::Git, _) => format!("ssh://git@{}/{repo_path}.git", host_with_port(host_port)),
        // Every recognised forge serves its repositories over https at host/path; the port of
        // an ssh URL is the ssh server's, not the web server's.
        (_, "https") => format!("https://{}/{repo_path}", host_with_port(host_port)),
        _ => format!("https://{host}/{repo_path}"),
    };
    let key = format!("{host}/{}", repo_path.to_lowercase());
    Ok(Repository { url, forge, host, path: owner_name.then_some(repo_path), key })
}

fn strip_prefix_ci<'a>(s: &'a str, lower: &str, prefix: &str) -> Option<&'a str> {
    lower.starts_with(prefix).then(|| &s[prefix.len()..])
}

/// `git@host:owner/name`: a user, a host and a path separated by `:`, no scheme.
fn is_scp_form(s: &str) -> bool {
    match s.split_once(':') {
        Some((auth, path)) => auth.contains('@') && !path.is_empty() && !path.starts_with('/') && !auth.contains('/'),
        None => false,
    }
}

/// The host without port, lower-case, when it is a public DNS name.
fn check_host(host_port: &str) -> Result<String, BadUrl> {
    if host_port.starts_with('[') {
        return Err(BadUrl::Internal); // IPv6 literal
    }
    let (host, port) = match host_port.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (host_port, None),
    };
    if let Some(p) = port
        && (p.is_empty() || p.parse::<u16>().map_or(true, |n| n == 0))
    {
        return Err(BadUrl::Host);
    }
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if host.is_empty() || host.len() > 253 {
        return Err(BadUrl::Host);
    }
    let labels: Vec<&str> = host.split('.').collect();
    if labels.iter().any(|l| {
        l.is_empty()
            || l.len() > 63
            || l.starts_with('-')
            || l.ends_with('-')
            || !l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    }) {
        return Err(BadUrl::Host);
    }
    // All-numeric labels are IPv4 in some notation (127.1, 0x7f.1, 2130706433).
    if labels.iter().all(|l| l.bytes().all(|b| b.is_ascii_digit()) || l.starts_with("0x"))
        || labels.last().is_some_and(|l| l.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(BadUrl::Internal);
    }
    if labels.len() < 2 || host == "localhost" || PRIVATE_SUFFIXES.iter().any(|s| host.ends_with(s)) {
        return Err(BadUrl::Internal);
    }
    Ok(host)
}

fn host_with_port(host_port: &str) -> String {
    let (host, port) = match host_port.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (host_port, None),
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    match port {
        Some(p) => format!("{host}:{p}"),
        None => host,
    }
}

fn recognise(host: &str) -> Forge {
    match host {
        "github.com" | "www.github.com" => Forge::GitHub,
        "gitlab.com" | "www.gitlab.com" => Forge::GitLab,
        "codeberg.org" => Forge::Codeberg,
        "git.sr.ht" | "hg.sr.ht" => Forge::SourceHut,
        "bitbucket.org" => Forge::Bitbucket,
        h if h.starts_with("gitlab.") || h.contains(".gitlab.") || h.starts_with("forge.") && h.contains("gitlab") => {
            Forge::GitLabSelfHosted
        }
        h if h.starts_with("forgejo.")
            || h.starts_with("gitea.")
            || h.contains(".forgejo.")
            || h.contains(".gitea.") =>
        {
            Forge::Forgejo
        }
        _ => Forge::Git,
    }
}

/// The segments that name the repository, without the page inside it (`/tree/main`,
/// `/-/issues`, `/src/branch/main`…).
fn repository_segments<'a>(forge: Forge, segments: &[&'a str]) -> Vec<&'a str> {
    match forge {
        Forge::GitHub | Forge::Codeberg | Forge::Forgejo | Forge::Bitbucket => {
            if segments.len() < 2 {
                return vec![];
            }
            segments[..2].to_vec()
        }
        Forge::SourceHut => {
            if segments.len() < 2 || !segments[0].starts_with('~') {
                return vec![];
            }
            segments[..2].to_vec()
        }
        Forge::GitLab | Forge::GitLabSelfHosted => {
            // GitLab nests groups; `/-/` starts the pages of a project.
            let end = segments.iter().position(|s| *s == "-").unwrap_or(segments.len());
            if end < 2 {
                return vec![];
            }
            segments[..end].to_vec()
        }
        Forge::Git => segments.to_vec(),
    }
}

/// Checks a link to an issue, a merge request or a page (`https://` on a public host) and
/// returns it trimmed; `http://` is kept as typed. Nothing is fetched.
pub fn parse_link(raw: &str) -> Result<String, BadUrl> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(BadUrl::Empty);
    }
    if s.chars().count() > 500 {
        return Err(BadUrl::TooLong);
    }
    if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(BadUrl::Spaces);
    }
    let lower = s.to_ascii_lowercase();
    let rest = strip_prefix_ci(s, &lower, "https://")
        .or_else(|| strip_prefix_ci(s, &lower, "http://"))
        .ok_or(BadUrl::LinkScheme)?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return Err(BadUrl::Credentials);
    }
    check_host(authority)?;
    if s.chars().any(|c| matches!(c, '<' | '>' | '"' | '`' | '\\')) {
        return Err(BadUrl::Path);
    }
    Ok(s.to_owned())
}

/// True when a link points at a merge request (GitLab), a pull request (GitHub, Forgejo,
/// Bitbucket) or a patch set (SourceHut): the figures of the retrospective count them.
pub fn is_merge_request(link: &str) -> bool {
    let l = link.to_ascii_lowercase();
    ["/merge_requests/", "/pull/", "/pulls/", "/pull-requests/", "/patches/"].iter().any(|p| l.contains(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ok(raw: &str) -> Repository {
        parse_repository(raw).unwrap_or_else(|e| panic!("{raw}: {e}"))
    }

    #[test]
    fn github_url_with_page_and_git_suffix_is_normalised() {
        let a = ok("https://GitHub.com/etalab/Tchap-Web/tree/main/src");
        let b = ok("git@github.com:etalab/tchap-web.git");
        let c = ok("http://github.com/etalab/tchap-web.git?tab=readme#top");

        assert_eq!(a.url, "https://github.com/etalab/Tchap-Web");
        assert_eq!(a.forge, Forge::GitHub);
        assert_eq!(a.path.as_deref(), Some("etalab/Tchap-Web"));
        assert_eq!(a.key, "github.com/etalab/tchap-web");
        assert_eq!(b.key, a.key);
        assert_eq!(b.url, "https://github.com/etalab/tchap-web");
        assert_eq!(c.key, a.key);
    }

    #[test]
    fn gitlab_com_keeps_subgroups_and_drops_project_pages() {
        let r = ok("https://gitlab.com/dinum/outils/mon-projet/-/merge_requests/12");

        assert_eq!(r.forge, Forge::GitLab);
        assert_eq!(r.path.as_deref(), Some("dinum/outils/mon-projet"));
        assert_eq!(r.url, "https://gitlab.com/dinum/outils/mon-projet");
    }

    #[test]
    fn self_hosted_gitlab_is_recognised_by_its_host() {
        let r = ok("https://gitlab.adullact.net/adullact/pristy/-/issues");
        let mim = ok("ssh://git@gitlab.mim-libre.fr:2222/alphabet/application.git");

        assert_eq!(r.forge, Forge::GitLabSelfHosted);
        assert_eq!(r.path.as_deref(), Some("adullact/pristy"));
        assert_eq!(mim.forge, Forge::GitLabSelfHosted);
        assert_eq!(mim.url, "https://gitlab.mim-libre.fr/alphabet/application");
        assert_eq!(mim.key, "gitlab.mim-libre.fr/alphabet/application");
    }

    #[test]
    fn codeberg_forgejo_sourcehut_and_bitbucket_are_recognised() {
        let cb = ok("https://codeberg.org/forgejo/forgejo/src/branch/forgejo/README.md");
        let fj = ok("https://gitea.example.org/equipe/outil");
        let sh = ok("https://git.sr.ht/~sircmpwn/hare/tree");
        let bb = ok("https://bitbucket.org/atlassian/python-bitbucket");

        assert_eq!((cb.forge, cb.path.as_deref()), (Forge::Codeberg, Some("forgejo/forgejo")));
        assert_eq!((fj.forge, fj.path.as_deref()), (Forge::Forgejo, Some("equipe/outil")));
        assert_eq!((sh.forge, sh.path.as_deref()), (Forge::SourceHut, Some("~sircmpwn/hare")));
        assert_eq!(bb.forge, Forge::Bitbucket);
    }

    #[test]
    fn plain_git_urls_keep_their_scheme_and_have_no_owner() {
        let g = ok("git://git.kernel.org/pub/scm/git/git.git");
        let s = ok("git@depots.example.fr:logiciels/outil.git");
        let h = ok("https://depots.example.fr/cgit/outil.git/");

        assert_eq!(
            (g.forge, g.url.as_str(), g.path.as_deref()),
            (Forge::Git, "git://git.kernel.org/pub/scm/git/git.git", None)
        );
        assert_eq!(s.url, "ssh://git@depots.example.fr/logiciels/outil.git");
        assert_eq!(h.url, "https://depots.example.fr/cgit/outil");
        assert_eq!(h.key, "depots.example.fr/cgit/outil");
    }

    #[test]
    fn hostile_or_malformed_urls_are_refused_with_a_french_message() {
        let cases = [
            ("javascript:alert(1)", BadUrl::Scheme),
            ("JaVaScRiPt://github.com/%0aalert(1)", BadUrl::Scheme),
            ("data:text/html,<script>", BadUrl::Scheme),
            ("file:///etc/passwd", BadUrl::Scheme),
            ("ftp://example.org/x/y", BadUrl::Scheme),
            ("https://localhost/a/b", BadUrl::Internal),
            ("https://127.0.0.1/a/b", BadUrl::Internal),
            ("http://2130706433/a/b", BadUrl::Internal),
            ("http://0x7f.1/a/b", BadUrl::Internal),
            ("https://[::1]/a/b", BadUrl::Internal),
            ("https://169.254.169.254/latest/meta-data", BadUrl::Internal),
            ("https://gitlab.intranet/a/b", BadUrl::Internal),
            ("https://nas.local/a/b", BadUrl::Internal),
            ("https://intranet/a/b", BadUrl::Internal),
            ("https://user:pass@github.com/a/b", BadUrl::Credentials),
            ("https://github.com@evil.example/a/b", BadUrl::Credentials),
            ("https://github.com/etalab", BadUrl::NoPath),
            ("https://github.com", BadUrl::NoPath),
            ("https://github.com/a/../../b", BadUrl::Path),
            ("https://exa mple.org/a", BadUrl::Spaces),
            ("https://github.com/a\n/b", BadUrl::Spaces),
            ("https://-bad-.org/a/b", BadUrl::Host),
            ("https://github.com:0/a/b", BadUrl::Host),
            ("https://github.com/a/<script>", BadUrl::Path),
            ("   ", BadUrl::Empty),
        ];

        for (raw, expected) in cases {
            assert_eq!(parse_repository(raw), Err(expected.clone()), "{raw}");
        }
        assert_eq!(parse_repository(&format!("https://github.com/a/{}", "b".repeat(600))), Err(BadUrl::TooLong));
        assert_eq!(
            BadUrl::Internal.to_string(),
            "Adresse refusée : les adresses internes ou locales (localhost, adresses IP, réseau privé) ne sont pas acceptées."
        );
    }

    #[test]
    fn work_links_are_checked_and_merge_requests_recognised() {
        assert_eq!(
            parse_link(" https://gitlab.com/a/b/-/merge_requests/3 ").unwrap(),
            "https://gitlab.com/a/b/-/merge_requests/3"
        );
        assert_eq!(parse_link("javascript:alert(1)"), Err(BadUrl::LinkScheme));
        assert_eq!(parse_link("http://192.168.1.1/admin"), Err(BadUrl::Internal));
        assert_eq!(parse_link("https://a@b.example.org/x"), Err(BadUrl::Credentials));
        assert!(is_merge_request("https://github.com/a/b/pull/12"));
        assert!(is_merge_request("https://codeberg.org/a/b/pulls/4"));
        assert!(!is_merge_request("https://github.com/a/b/issues/12"));
    }

    #[test]
    fn forge_names_round_trip() {
        for f in Forge::ALL {
            assert_eq!(Forge::parse(f.as_str()), Some(f));
        }
    }

    proptest! {
        #[test]
        fn any_input_is_refused_or_gives_a_safe_url(raw in "\\PC{0,80}") {
            if let Ok(r) = parse_repository(&raw) {
                prop_assert!(r.url.starts_with("https://") || r.url.starts_with("git://") || r.url.starts_with("ssh://git@"));
                prop_assert!(!r.url.chars().any(|c| c.is_whitespace() || c == '"' || c == '<'));
                prop_assert!(r.host.contains('.'));
                prop_assert!(parse_repository(&r.url).map(|again| again.key) == Ok(r.key.clone()));
            }
        }

        #[test]
        fn urls_shaped_like_attacks_never_pass(
            scheme in "(?i)(javascript|data|file|vbscript|ftp|gopher)",
            rest in "[a-z0-9/:.@%]{0,40}",
        ) {
            let url = format!("{scheme}:{rest}");
            prop_assert!(parse_repository(&url).is_err());
        }

        #[test]
        fn internal_hosts_never_pass(a in 0u8..=255, b in 0u8..=255, path in "[a-z]{1,8}/[a-z]{1,8}") {
            let ipv4 = format!("https://10.{a}.{b}.1/{path}");
            let local = format!("https://srv{a}.local/{path}");
            prop_assert_eq!(parse_repository(&ipv4), Err(BadUrl::Internal));
            prop_assert_eq!(parse_repository(&local), Err(BadUrl::Internal));
        }
    }

    /// Hosts that must never pass: IP literals in every notation, localhost, private suffixes.
    fn internal_host() -> impl Strategy<Value = String> {
        let label = "[a-z][a-z0-9-]{0,10}[a-z0-9]";
        prop_oneof![
            (any::<u8>(), any::<u8>(), any::<u8>(), any::<u8>()).prop_map(|(a, b, c, d)| format!("{a}.{b}.{c}.{d}")),
            any::<u32>().prop_map(|n| n.to_string()),
            any::<u32>().prop_map(|n| format!("0x{n:x}")),
            (any::<u8>(), any::<u16>()).prop_map(|(a, b)| format!("0x{a:x}.{b}")),
            (any::<u8>(), any::<u8>()).prop_map(|(a, b)| format!("0{a:o}.{b}.0.1")),
            any::<[u16; 8]>().prop_map(|p| format!("[{}]", p.map(|x| format!("{x:x}")).join(":"))),
            Just("[::1]".to_owned()),
            Just("[::ffff:127.0.0.1]".to_owned()),
            "(?i)localhost\\.?",
            (label, proptest::sample::select(PRIVATE_SUFFIXES.to_vec())).prop_map(|(l, s)| format!("{l}{s}")),
            label.prop_map(|l| l.to_owned()),
        ]
    }

    proptest! {
        #![proptest_config(crate::properties::config(256))]

        #[test]
        fn normalising_a_repository_twice_changes_nothing(raw in "(https?://|git@|ssh://git@|git://)?(github\\.com|gitlab\\.com|codeberg\\.org|git\\.sr\\.ht|forge\\.example\\.org)(:[0-9]{1,5})?[/:](~?[A-Za-z0-9._-]{1,12}/){1,4}[A-Za-z0-9._-]{0,12}(\\.git)?/?([?#][a-z=]{0,8})?") {
            if let Ok(r) = parse_repository(&raw) {
                let again = parse_repository(&r.url);

                prop_assert_eq!(again.as_ref().map(|a| (&a.url, &a.key, a.forge, &a.path)), Ok((&r.url, &r.key, r.forge, &r.path)));
            }
        }

        #[test]
        fn internal_hosts_in_any_notation_never_pass(
            scheme in "(?i)(https?://|git://|ssh://git@|git@)",
            host in internal_host(),
            port in proptest::option::of(1u16..),
        ) {
            let host_port = port.map_or(host.clone(), |p| format!("{host}:{p}"));
            let url = if scheme.eq_ignore_ascii_case("git@") { format!("{scheme}{host}:a/b") } else { format!("{scheme}{host_port}/a/b") };

            prop_assert!(parse_repository(&url).is_err(), "{url} accepted");
            prop_assert!(parse_link(&url).is_err(), "{url} accepted as a link");
        }

        #[test]
        fn any_text_is_refused_or_a_safe_link(raw in crate::properties::any_text(120)) {
            let _ = parse_repository(&raw);
            if let Ok(link) = parse_link(&raw) {
                prop_assert!(link.starts_with("https://") || link.starts_with("http://"), "{link}");
                prop_assert!(!link.chars().any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<'), "{link}");
            }
        }
    }
}
