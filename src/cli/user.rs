//! `rencontres user`: organiser accounts created from the terminal (G1).

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
