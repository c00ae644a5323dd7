//! `rencontres user`: organiser accounts created from the terminal (G1), and access taken
//! away from them (G5): a role, administration, the account itself, its sessions. The
//! command line acts with `AdminRight::command_line`; every change is audited as such.

use clap::Subcommand;
use rencontres::config::Config;
use rencontres::store::Db;

/// The actions of `rencontres user`.
#[derive(Subcommand)]
pub enum UserCommand {
    /// Create an account. The password is asked on the terminal (without echo), read from
    /// standard input when it is not a terminal, or replaced by a one-time link.
    Add {
        /// The account's email address.
        email: String,
        /// Make the account an administrator (every right).
        #[arg(long)]
        admin: bool,
        /// The person's name.
        #[arg(long, default_value = "")]
        name: String,
        /// Print a one-time link to choose the password instead of asking for it.
        #[arg(long)]
        print_link: bool,
    },
    /// List the accounts with their roles.
    List,
    /// Take a role on one event away from an account.
    RemoveRole {
        /// The account's email address.
        email: String,
        /// The event's slug.
        event: String,
        /// organiser, reviewer or check_in.
        #[arg(long)]
        role: String,
    },
    /// Make an administrator an ordinary account (never the last active administrator).
    Demote {
        /// The account's email address.
        email: String,
    },
    /// Disable an account: no sign-in, its sessions closed, its pending links voided (never
    /// the last active administrator).
    Disable {
        /// The account's email address.
        email: String,
    },
    /// Let a disabled account sign in again.
    Enable {
        /// The account's email address.
        email: String,
    },
    /// Close every session of an account on every device.
    CloseSessions {
        /// The account's email address.
        email: String,
    },
}

/// Runs a `rencontres user` action; returns what is left to print (`add` prints its own).
pub async fn run(db: &Db, config: &Config, command: UserCommand) -> anyhow::Result<String> {
    use rencontres::domain::account::{AdminRight, Grant, Role, parse_account_email};
    use rencontres::domain::refusal::Refusal;
    use rencontres::store::{self, StoreError};
    let admin = AdminRight::command_line();
    let now = jiff::Timestamp::now();
    let account = async |email: &str| -> anyhow::Result<i64> {
        let email = parse_account_email(email).map_err(|e| anyhow::anyhow!("{email:?}: {e}"))?;
        Ok(store::account::find_by_email(db, &email).await?.ok_or_else(|| anyhow::anyhow!("no account {email}"))?.id)
    };
    // The rules' refusals are French sentences for pages; the terminal gets them in English.
    let english = |e: StoreError| match e {
        StoreError::Refused(Refusal::Account(r)) => anyhow::anyhow!("{}", r.english()),
        e => anyhow::Error::new(e),
    };
    let out = match command {
        UserCommand::Add { email, admin: is_admin, name, print_link } => {
            add_user(db, config, &email, &name, is_admin, print_link).await?;
            String::new()
        }
        UserCommand::List => {
            let mut out = String::new();
            for a in store::account::list_users(db, &admin).await? {
                let mut roles: Vec<String> =
                    a.grants.iter().map(|g| format!("{}@{}", g.role.as_str(), g.event_id)).collect();
                if a.user.is_admin {
                    roles.insert(0, "administrator".to_owned());
                }
                let state = if a.user.disabled { " (disabled)" } else { "" };
                out.push_str(&format!("{}\t{}{state}\t{}\n", a.user.id, a.user.email, roles.join(", ")));
            }
            out
        }
        UserCommand::RemoveRole { email, event, role } => {
            let id = account(&email).await?;
            let role = Role::parse(&role)
                .ok_or_else(|| anyhow::anyhow!("unknown role {role:?}: organiser, reviewer or check_in"))?;
            let event =
                store::event::find_by_slug(db, &event).await?.ok_or_else(|| anyhow::anyhow!("no event {event}"))?;
            store::account::remove_role(db, &admin, id, Grant { event_id: event.id, role }, now)
                .await
                .map_err(english)?;
            format!("account {id}: role {} on {} removed\n", role.as_str(), event.draft.slug)
        }
        UserCommand::Demote { email } => {
            let id = account(&email).await?;
            store::account::demote(db, &admin, id, now).await.map_err(english)?;
            format!("account {id} is no longer an administrator\n")
        }
        UserCommand::Disable { email } => {
            let id = account(&email).await?;
            let done = store::account::disable(db, &admin, id, now).await.map_err(english)?;
            format!("account {id} disabled; {} session(s) closed, {} link(s) voided\n", done.sessions, done.links)
        }
        UserCommand::Enable { email } => {
            let id = account(&email).await?;
            store::account::enable(db, &admin, id, now).await.map_err(english)?;
            format!("account {id} enabled\n")
        }
        UserCommand::CloseSessions { email } => {
            let id = account(&email).await?;
            let closed = store::session::close_all_of(db, &admin, id, now).await.map_err(english)?;
            format!("account {id}: {closed} session(s) closed\n")
        }
    };
    Ok(out)
}

/// `rencontres user add`: creates the account with a password read from the terminal (or
/// standard input), or prints a one-time link to choose it. Never prints the password.
pub async fn add_user(
    db: &Db,
    config: &Config,
    email: &str,
    name: &str,
    admin: bool,
    print_link: bool,
) -> anyhow::Result<()> {
    use rencontres::domain::account::{check_password, parse_account_email};
    use rencontres::store::account::{self, PasswordHasher, Purpose};
    use std::io::IsTerminal as _;
    let email = parse_account_email(email).map_err(|e| anyhow::anyhow!("{email:?}: {e}"))?;
    let now = jiff::Timestamp::now();
    if print_link {
        let user = account::create_user(db, &email, name, admin, None, now).await?;
        let token = account::issue_link(db, user.id, Purpose::Invitation, now).await?;
        println!("account {} created; choose its password at {}/invitation/{token}", user.id, config.base_url());
        return Ok(());
    }
    let password = if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Mot de passe : ")?;
        let again = rpassword::prompt_password("Confirmez le mot de passe : ")?;
        anyhow::ensure!(first == again, "the two passwords differ");
        first
    } else {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    };
    check_password(&password, &email).map_err(|e| anyhow::anyhow!("{e}"))?;
    let hash = PasswordHasher::new(1).hash(password).await?;
    let user = account::create_user(db, &email, name, admin, Some(&hash), now).await?;
    println!("account {} created{}", user.id, if admin { " (administrator)" } else { "" });
    Ok(())
}
