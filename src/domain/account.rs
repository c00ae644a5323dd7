//! G1: accounts, roles per event, the password policy and the permission rules. Pure.
//!
//! A permission is a value: `authorise_edit` returns an `EditRight` only when the rules allow
//! it, and the store's organiser functions require one as an argument, so a handler cannot
//! write an event without having asked.

use super::event::{EventId, Invalid, parse_email};
use std::collections::HashSet;
use std::sync::OnceLock;

/// What an account may do on one event, besides administrators who may do everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Edits the event and, later, its forms, call and programme.
    Organiser,
    /// Reads the event and, later, scores the proposals of its call for talks.
    Reviewer,
    /// A door volunteer (G5): the event's door list and check-in page, nothing else.
    CheckIn,
}

impl Role {
    /// Every role, in the order forms list them.
    pub const ALL: [Role; 3] = [Role::Organiser, Role::Reviewer, Role::CheckIn];

    /// The stored spelling, also used in forms.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Organiser => "organiser",
            Role::Reviewer => "reviewer",
            Role::CheckIn => "check_in",
        }
    }

    /// Returns the role for a stored spelling, or `None`.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The French label shown on pages.
    pub fn label_fr(self) -> &'static str {
        match self {
            Role::Organiser => "Organisateur ou organisatrice",
            Role::Reviewer => "Relecteur ou relectrice",
            Role::CheckIn => "Accueil (pointage à l’entrée)",
        }
    }
}

/// A stored account, without its password hash.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct User {
    pub id: i64,
    /// Lowercased at creation, so that one address is one account.
    pub email: String,
    pub name: String,
    pub is_admin: bool,
    pub disabled: bool,
}

/// One role held on one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Grant {
    pub event_id: EventId,
    pub role: Role,
}

/// A signed-in account and its roles: what the permission rules look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub user: User,
    pub grants: Vec<Grant>,
}

/// Why an action is refused to an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    #[error("this account may not do this")]
    NotAllowed,
}

/// Proof that `user_id` may edit event `event_id`; only `authorise_edit` and, for the
/// command line, `EditRight::command_line` make one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EditRight {
    /// `None` for the command line, which no account holds.
    user_id: Option<i64>,
    event_id: EventId,
}

impl EditRight {
    /// The right of whoever runs the binary (`rencontres programme import`…) on `event_id`:
    /// they hold the database itself, so no rule could refuse them. Its audit entries carry
    /// no account and say they came from the command line.
    pub fn command_line(event_id: EventId) -> EditRight {
        EditRight { user_id: None, event_id }
    }

    /// The account holding the right; 0, which no account has, for the command line. Audit
    /// entries take `account_id`, which says so.
    pub fn user_id(&self) -> i64 {
        self.user_id.unwrap_or(0)
    }

    /// The account holding the right, for the audit log; `None` for the command line.
    pub fn account_id(&self) -> Option<i64> {
        self.user_id
    }

    /// True for the right of the command line (`EditRight::command_line`).
    pub fn is_command_line(&self) -> bool {
        self.user_id.is_none()
    }
    /// The one event the right is for.
    pub fn event_id(&self) -> EventId {
        self.event_id
    }
}

/// Proof that `user_id` may create events; only `authorise_create` makes one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CreateRight {
    user_id: i64,
}

impl CreateRight {
    /// Who holds the right; they become the new event's organiser.
    pub fn user_id(&self) -> i64 {
        self.user_id
    }
}

/// Proof that `user_id` is an active administrator; only `authorise_admin` and, for the
/// command line, `AdminRight::command_line` make one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AdminRight {
    /// `None` for the command line, which no account holds.
    user_id: Option<i64>,
}

impl AdminRight {
    /// The right of whoever runs the binary (`rencontres user disable`…): they hold the
    /// database itself. Its audit entries carry no account and say they came from the
    /// command line.
    pub fn command_line() -> AdminRight {
        AdminRight { user_id: None }
    }

    /// The account holding the right, for the audit log; `None` for the command line.
    pub fn account_id(&self) -> Option<i64> {
        self.user_id
    }

    /// True for the right of the command line (`AdminRight::command_line`).
    pub fn is_command_line(&self) -> bool {
        self.user_id.is_none()
    }
}

/// True when the account may change event `event_id`: an administrator, or its organiser.
/// A disabled account may do nothing.
pub fn can_edit_event(account: &Account, event_id: EventId) -> bool {
    !account.user.disabled
        && (account.user.is_admin || account.grants.iter().any(|g| g.event_id == event_id && g.role == Role::Organiser))
}

/// True when the account may read event `event_id` in the organiser space: an administrator,
/// an organiser or a reviewer of that event (a check-in volunteer sees only the door, G5).
pub fn can_view_event(account: &Account, event_id: EventId) -> bool {
    !account.user.disabled
        && (account.user.is_admin
            || account
                .grants
                .iter()
                .any(|g| g.event_id == event_id && matches!(g.role, Role::Organiser | Role::Reviewer)))
}

/// True when the account may use event `event_id`'s door list and check-in page (B6 G5): an
/// administrator, an organiser or a check-in volunteer of that event.
pub fn can_check_in(account: &Account, event_id: EventId) -> bool {
    can_edit_event(account, event_id)
        || (!account.user.disabled && account.grants.iter().any(|g| g.event_id == event_id && g.role == Role::CheckIn))
}

/// True when the account may create events: an administrator, or the organiser of at least
/// one event (who becomes organiser of the new one).
pub fn can_create_event(account: &Account) -> bool {
    !account.user.disabled && (account.user.is_admin || account.grants.iter().any(|g| g.role == Role::Organiser))
}

/// Returns the right to edit `event_id`, or `Denied`.
pub fn authorise_edit(account: &Account, event_id: EventId) -> Result<EditRight, Denied> {
    if can_edit_event(account, event_id) {
        Ok(EditRight { user_id: Some(account.user.id), event_id })
    } else {
        Err(Denied::NotAllowed)
    }
}

/// Proof that `user_id` may read and score the proposals of event `event_id` (C3); only
/// `authorise_review` makes one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewRight {
    user_id: i64,
    event_id: EventId,
    organiser: bool,
}

impl ReviewRight {
    /// Who scores (one review per reviewer and proposal).
    pub fn user_id(&self) -> i64 {
        self.user_id
    }
    /// The one event the right is for.
    pub fn event_id(&self) -> EventId {
        self.event_id
    }
    /// True for an organiser or administrator: they see speakers even in an anonymised review.
    pub fn is_organiser(&self) -> bool {
        self.organiser
    }
}

/// Returns the right to review the proposals of `event_id`: an administrator, an organiser
/// or a reviewer of that event; or `Denied`.
pub fn authorise_review(account: &Account, event_id: EventId) -> Result<ReviewRight, Denied> {
    if can_view_event(account, event_id) {
        Ok(ReviewRight { user_id: account.user.id, event_id, organiser: can_edit_event(account, event_id) })
    } else {
        Err(Denied::NotAllowed)
    }
}

/// Returns the right to create events, or `Denied`.
pub fn authorise_create(account: &Account) -> Result<CreateRight, Denied> {
    if can_create_event(account) { Ok(CreateRight { user_id: account.user.id }) } else { Err(Denied::NotAllowed) }
}

/// Returns the administrator's right, or `Denied`.
pub fn authorise_admin(account: &Account) -> Result<AdminRight, Denied> {
    if account.user.is_admin && !account.user.disabled {
        Ok(AdminRight { user_id: Some(account.user.id) })
    } else {
        Err(Denied::NotAllowed)
    }
}

/// Proof that whoever holds it may check people in at event `event_id`'s door and read its
/// door list (B6 G5): an account (`authorise_door`), a check-in link still valid
/// (`authorise_check_in_link`) or an organiser's `EditRight`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DoorRight {
    user_id: Option<i64>,
    /// The check-in link used, when no account is signed in.
    link_id: Option<i64>,
    event_id: EventId,
}

impl DoorRight {
    /// The account holding the right, for the audit log; `None` through a check-in link or
    /// the command line.
    pub fn account_id(&self) -> Option<i64> {
        self.user_id
    }
    /// The check-in link the right came from, if any (for the audit log).
    pub fn link_id(&self) -> Option<i64> {
        self.link_id
    }
    /// The one event the right is for.
    pub fn event_id(&self) -> EventId {
        self.event_id
    }
}

impl From<&EditRight> for DoorRight {
    /// Whoever may edit an event may also check people in at its door.
    fn from(right: &EditRight) -> DoorRight {
        DoorRight { user_id: right.user_id, link_id: None, event_id: right.event_id }
    }
}

/// Returns the right to check people in at `event_id`'s door, or `Denied`.
pub fn authorise_door(account: &Account, event_id: EventId) -> Result<DoorRight, Denied> {
    if can_check_in(account, event_id) {
        Ok(DoorRight { user_id: Some(account.user.id), link_id: None, event_id })
    } else {
        Err(Denied::NotAllowed)
    }
}

/// The durations an organiser may give a check-in link, in hours: a half-day to three days.
pub const CHECK_IN_LINK_HOURS: [i64; 5] = [4, 8, 12, 24, 72];

/// A check-in link as stored (G5), without its token.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CheckInLink {
    pub id: i64,
    pub event_id: EventId,
    /// Who it was handed to, as the organiser wrote it.
    pub label: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
}

impl CheckInLink {
    /// True when the link still opens the door at `now` (Unix seconds).
    pub fn is_valid(&self, now: i64) -> bool {
        self.revoked_at.is_none() && now < self.expires_at
    }
}

/// Returns the door right a check-in link gives at `now`, or `Denied` once it expired or was
/// revoked.
pub fn authorise_check_in_link(link: &CheckInLink, now: i64) -> Result<DoorRight, Denied> {
    if link.is_valid(now) {
        Ok(DoorRight { user_id: None, link_id: Some(link.id), event_id: link.event_id })
    } else {
        Err(Denied::NotAllowed)
    }
}

/// Why a change of access is refused (G5); the message is French, for the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error(
        "Il doit rester au moins un administrateur actif : nommez d’abord un autre administrateur, puis recommencez."
    )]
    LastAdministrator,
    #[error("Ce compte n’a pas ce rôle.")]
    RoleNotHeld,
    #[error("Ce compte n’est pas administrateur.")]
    NotAdministrator,
}

impl Refusal {
    /// The English sentence of the refusal, for the command line.
    pub fn english(self) -> &'static str {
        match self {
            Refusal::LastAdministrator => {
                "at least one active administrator must remain: make another account administrator first"
            }
            Refusal::RoleNotHeld => "the account does not hold this role",
            Refusal::NotAdministrator => "the account is not an administrator",
        }
    }
}

/// A change that may take away the last administrator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminLoss {
    /// The account stops being an administrator.
    Demote,
    /// The account is disabled.
    Disable,
}

/// Refuses a change that would leave no active administrator: `target` loses its
/// administration by `change`, and `active_admins` active administrators exist now.
pub fn keeps_an_administrator(target: &User, change: AdminLoss, active_admins: i64) -> Result<(), Refusal> {
    if change == AdminLoss::Demote && !target.is_admin {
        return Err(Refusal::NotAdministrator);
    }
    let loses_one = target.is_admin && !target.disabled;
    if loses_one && active_admins <= 1 { Err(Refusal::LastAdministrator) } else { Ok(()) }
}

/// A session unused for this long ends (sliding expiry).
pub const SESSION_IDLE_SECONDS: i64 = 12 * 3600;
/// A session ends this long after login, however active.
pub const SESSION_MAX_SECONDS: i64 = 14 * 24 * 3600;

/// Returns when a session opened at `created_at` and used at `now` expires (Unix seconds):
/// `SESSION_IDLE_SECONDS` after its last use, never later than `SESSION_MAX_SECONDS` after login.
pub fn session_expires_at(created_at: i64, now: i64) -> i64 {
    (now + SESSION_IDLE_SECONDS).min(created_at + SESSION_MAX_SECONDS)
}

/// Normalises an account's address: trimmed, checked, lowercased.
pub fn parse_account_email(raw: &str) -> Result<String, Invalid> {
    Ok(parse_email(raw)?.to_lowercase())
}

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// The longest password accepted: argon2 takes any length, but a form need not.
pub const MAX_PASSWORD_CHARS: usize = 256;

/// Why a new password is refused; the message is French, for the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordRefusal {
    #[error("Le mot de passe doit contenir au moins 12 caractères.")]
    TooShort,
    #[error("Le mot de passe ne peut pas dépasser 256 caractères.")]
    TooLong,
    #[error("Ce mot de passe est trop courant : choisissez-en un autre, par exemple une phrase de plusieurs mots.")]
    Common,
    #[error("Le mot de passe ne doit pas contenir votre adresse électronique.")]
    ContainsEmail,
    #[error("Les deux mots de passe ne sont pas identiques.")]
    Mismatch,
}

/// Checks a new password for the account `email`: 12 to 256 characters, not a common
/// password (even with digits or symbols around it), not containing the address's local part.
pub fn check_password(password: &str, email: &str) -> Result<(), PasswordRefusal> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(PasswordRefusal::TooShort);
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(PasswordRefusal::TooLong);
    }
    let lower = password.to_lowercase();
    let core = lower.trim_matches(|c: char| !c.is_alphabetic());
    let distinct: HashSet<char> = lower.chars().collect();
    if common_passwords().contains(lower.as_str()) || common_passwords().contains(core) || distinct.len() < 4 {
        return Err(PasswordRefusal::Common);
    }
    let local = email.split('@').next().unwrap_or("").to_lowercase();
    if local.chars().count() >= 3 && lower.contains(&local) {
        return Err(PasswordRefusal::ContainsEmail);
    }
    Ok(())
}

/// The embedded list of common passwords, lowercase.
fn common_passwords() -> &'static HashSet<&'static str> {
    static LIST: OnceLock<HashSet<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| {
        include_str!("common_passwords.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(id: i64, is_admin: bool, grants: &[(i64, Role)]) -> Account {
        Account {
            user: User { id, email: format!("u{id}@example.org"), name: String::new(), is_admin, disabled: false },
            grants: grants.iter().map(|&(event_id, role)| Grant { event_id: EventId::new(event_id), role }).collect(),
        }
    }

    #[test]
    fn password_shorter_than_twelve_is_too_short() {
        assert_eq!(check_password("Xk3!vb9#Qm2", "alice@example.org"), Err(PasswordRefusal::TooShort));
    }

    #[test]
    fn password_common_is_refused_even_with_suffix() {
        assert_eq!(check_password("motdepasse123", "alice@example.org"), Err(PasswordRefusal::Common));
        assert_eq!(check_password("Password12345678", "alice@example.org"), Err(PasswordRefusal::Common));
        assert_eq!(check_password("!!Soleil2024!!", "alice@example.org"), Err(PasswordRefusal::Common));
        assert_eq!(check_password("aaaaaaaaaaaaaaaa", "alice@example.org"), Err(PasswordRefusal::Common));
    }

    #[test]
    fn password_with_email_local_part_is_refused() {
        assert_eq!(
            check_password("Alice.Martin-garage", "alice.martin@example.org"),
            Err(PasswordRefusal::ContainsEmail)
        );
    }

    #[test]
    fn password_long_and_uncommon_is_accepted() {
        assert_eq!(check_password("cheval agrafe pile correcte", "alice@example.org"), Ok(()));
    }

    #[test]
    fn password_longer_than_256_is_refused() {
        assert_eq!(check_password(&"ab9!".repeat(65), "alice@example.org"), Err(PasswordRefusal::TooLong));
    }

    #[test]
    fn common_password_list_has_hundreds_of_lowercase_entries() {
        let list = common_passwords();

        assert!(list.len() >= 900, "{}", list.len());
        assert!(list.iter().all(|p| *p == p.to_lowercase()));
    }

    #[test]
    fn edit_organiser_of_event_is_allowed() {
        let a = account(1, false, &[(10, Role::Organiser)]);

        let right = authorise_edit(&a, EventId::new(10)).unwrap();

        assert_eq!((right.user_id(), right.event_id()), (1, EventId::new(10)));
    }

    #[test]
    fn edit_right_of_the_command_line_names_no_account() {
        let right = EditRight::command_line(EventId::new(10));

        assert_eq!((right.account_id(), right.event_id(), right.is_command_line()), (None, EventId::new(10), true));
        assert!(!authorise_edit(&account(1, true, &[]), EventId::new(10)).unwrap().is_command_line());
    }

    #[test]
    fn edit_organiser_of_other_event_is_denied() {
        assert_eq!(
            authorise_edit(&account(1, false, &[(11, Role::Organiser)]), EventId::new(10)),
            Err(Denied::NotAllowed)
        );
    }

    #[test]
    fn edit_reviewer_is_denied_but_may_view() {
        let a = account(1, false, &[(10, Role::Reviewer)]);

        assert!(!can_edit_event(&a, EventId::new(10)));
        assert!(can_view_event(&a, EventId::new(10)));
        assert!(!can_view_event(&a, EventId::new(11)));
        assert!(!can_create_event(&a));
    }

    #[test]
    fn admin_may_do_everything_unless_disabled() {
        let mut a = account(1, true, &[]);

        assert!(can_edit_event(&a, EventId::new(99)));
        assert!(can_create_event(&a));
        assert_eq!(authorise_admin(&a).unwrap().account_id(), Some(1));

        a.user.disabled = true;

        assert!(!can_edit_event(&a, EventId::new(99)));
        assert_eq!(authorise_admin(&a), Err(Denied::NotAllowed));
    }

    #[test]
    fn check_in_volunteer_reaches_only_the_door_of_their_event() {
        let a = account(1, false, &[(10, Role::CheckIn)]);

        assert_eq!(authorise_door(&a, EventId::new(10)).unwrap().event_id(), EventId::new(10));
        assert_eq!(authorise_door(&a, EventId::new(11)), Err(Denied::NotAllowed));
        assert!(!can_view_event(&a, EventId::new(10)));
        assert!(!can_edit_event(&a, EventId::new(10)));
        assert!(!can_create_event(&a));
    }

    #[test]
    fn check_in_link_opens_the_door_until_expiry_or_revocation() {
        let mut link = CheckInLink {
            id: 7,
            event_id: EventId::new(10),
            label: String::new(),
            created_at: 0,
            expires_at: 100,
            revoked_at: None,
        };

        let right = authorise_check_in_link(&link, 99).unwrap();
        assert_eq!((right.link_id(), right.account_id(), right.event_id()), (Some(7), None, EventId::new(10)));
        assert_eq!(authorise_check_in_link(&link, 100), Err(Denied::NotAllowed));
        link.revoked_at = Some(50);
        assert_eq!(authorise_check_in_link(&link, 60), Err(Denied::NotAllowed));
    }

    #[test]
    fn last_active_administrator_is_kept() {
        let admin = account(1, true, &[]).user;
        let mut disabled_admin = admin.clone();
        disabled_admin.disabled = true;

        assert_eq!(keeps_an_administrator(&admin, AdminLoss::Demote, 1), Err(Refusal::LastAdministrator));
        assert_eq!(keeps_an_administrator(&admin, AdminLoss::Disable, 1), Err(Refusal::LastAdministrator));
        assert_eq!(keeps_an_administrator(&admin, AdminLoss::Disable, 2), Ok(()));
        assert_eq!(keeps_an_administrator(&disabled_admin, AdminLoss::Demote, 1), Ok(()));
        assert_eq!(keeps_an_administrator(&account(2, false, &[]).user, AdminLoss::Disable, 1), Ok(()));
        assert_eq!(
            keeps_an_administrator(&account(2, false, &[]).user, AdminLoss::Demote, 1),
            Err(Refusal::NotAdministrator)
        );
    }

    #[test]
    fn session_expiry_slides_until_the_maximum() {
        assert_eq!(session_expires_at(1_000, 1_000), 1_000 + SESSION_IDLE_SECONDS);
        assert_eq!(session_expires_at(1_000, 5_000), 5_000 + SESSION_IDLE_SECONDS);
        assert_eq!(session_expires_at(0, SESSION_MAX_SECONDS), SESSION_MAX_SECONDS);
    }

    #[test]
    fn account_email_is_lowercased() {
        assert_eq!(parse_account_email(" Alice@Example.ORG ").unwrap(), "alice@example.org");
        assert_eq!(parse_account_email("alice"), Err(Invalid::Email));
    }
}
