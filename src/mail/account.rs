//! G1 G3: the mails of organiser accounts: the invitation to the organiser space, the
//! password reset link and the login unlock link. Each is composed before the transaction
//! that makes its link, so the link's token is a hole (`Hole::Token`) the store fills.

use super::compose::Composer;
use crate::domain::message::{Draft, Hole};

/// The kind (and template) of the invitation mail.
pub const INVITATION: &str = "account_invitation";
/// The kind (and template) of the password reset mail.
pub const PASSWORD_RESET: &str = "account_password_reset";

/// The kind (and template) of the mail sent after repeated wrong passwords (issue 13).
pub const LOGIN_UNLOCK: &str = "account_login_unlock";

/// What an invitation gives: administration of the site, or a role on one event (issue 19:
/// the mail says which).
pub enum Invited<'a> {
    Administrator,
    Role { role: &'a str, event_title: &'a str },
}

/// The invitation to choose a password at `{base_url}/invitation/{token}`, greeting `name`
/// (empty for no name) and saying what the account will be able to do.
pub fn invitation(
    composer: &Composer,
    base_url: &str,
    name: &str,
    invited: Invited<'_>,
) -> Result<Draft, minijinja::Error> {
    let link = format!("{base_url}/invitation/{}", Hole::Token.placeholder());
    let (administrator, role, event_title) = match invited {
        Invited::Administrator => (true, "", ""),
        Invited::Role { role, event_title } => (false, role, event_title),
    };
    Ok(Draft(composer.compose(
        INVITATION,
        None,
        minijinja::context! { name, link => super::compose::link(link), administrator, role, event_title },
    )?))
}

/// The link to choose a new password at `{base_url}/mot-de-passe/{token}`.
pub fn password_reset(composer: &Composer, base_url: &str) -> Result<Draft, minijinja::Error> {
    let link = format!("{base_url}/mot-de-passe/{}", Hole::Token.placeholder());
    Ok(Draft(composer.compose(PASSWORD_RESET, None, minijinja::context! { link => super::compose::link(link) })?))
}

/// The link that lifts the login back-off of the account, at `{base_url}/connexion/deblocage/{token}`.
pub fn login_unlock(composer: &Composer, base_url: &str) -> Result<Draft, minijinja::Error> {
    let link = format!("{base_url}/connexion/deblocage/{}", Hole::Token.placeholder());
    Ok(Draft(composer.compose(LOGIN_UNLOCK, None, minijinja::context! { link })?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn composer() -> Composer {
        let config = crate::config::Config::default();
        Composer::new(Arc::new(crate::web::render::environment(&config, "test")))
    }

    const TOKEN: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    #[test]
    fn invitation_filled_equals_the_mail_composed_with_its_token() {
        let c = composer();
        let link = crate::mail::compose::link(format!("https://rencontres.example/invitation/{TOKEN}"));
        let direct = c
            .compose(
                INVITATION,
                None,
                minijinja::context! { name => "Alice", link, administrator => false, role => "Relecteur ou relectrice", event_title => "Journée BlueHats" },
            )
            .unwrap();

        let draft = invitation(
            &c,
            "https://rencontres.example",
            "Alice",
            Invited::Role { role: "Relecteur ou relectrice", event_title: "Journée BlueHats" },
        )
        .unwrap();

        assert!(
            direct.text.contains("rôle « Relecteur ou relectrice » pour l’événement « Journée BlueHats »"),
            "{}",
            direct.text
        );

        assert_eq!(draft.fill(&[(Hole::Token, TOKEN)]), direct);
    }

    #[test]
    fn password_reset_filled_equals_the_mail_composed_with_its_token() {
        let c = composer();
        let link = crate::mail::compose::link(format!("https://rencontres.example/mot-de-passe/{TOKEN}"));
        let direct = c.compose(PASSWORD_RESET, None, minijinja::context! { link }).unwrap();

        let draft = password_reset(&c, "https://rencontres.example").unwrap();

        assert_eq!(draft.fill(&[(Hole::Token, TOKEN)]), direct);
    }

    #[test]
    fn login_unlock_filled_equals_the_mail_composed_with_its_token() {
        let c = composer();
        let link = format!("https://rencontres.example/connexion/deblocage/{TOKEN}");
        let direct = c.compose(LOGIN_UNLOCK, None, minijinja::context! { link }).unwrap();

        let draft = login_unlock(&c, "https://rencontres.example").unwrap();

        assert_eq!(draft.fill(&[(Hole::Token, TOKEN)]), direct);
        assert_eq!(direct.subject, "Tentatives de connexion à votre compte");
    }
}
