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

/// The invitation to choose a password at `{base_url}/invitation/{token}`, greeting `name`
/// (empty for no name).
pub fn invitation(composer: &Composer, base_url: &str, name: &str) -> Result<Draft, minijinja::Error> {
    let link = format!("{base_url}/invitation/{}", Hole::Token.placeholder());
    Ok(Draft(composer.compose(INVITATION, None, minijinja::context! { name, link => super::compose::link(link) })?))
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
        let direct = c.compose(INVITATION, None, minijinja::context! { name => "Alice", link }).unwrap();

        let draft = invitation(&c, "https://rencontres.example", "Alice").unwrap();

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
