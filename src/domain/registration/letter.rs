//! B1 B2 B4 B5: the mails of the registration lifecycle, written before the transactions that
//! queue them. Each is a `Draft` with holes for what only the transaction knows (the
//! recipient's name and private link, the expiry it sets, the waitlist position); the store fills
//! them, which never runs a template. Pure.

use crate::domain::message::{Composed, Draft, Hole};
use crate::i18n::Lang;
use std::sync::Arc;

/// A kind of registration mail, by the template it is written from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Letter {
    ConfirmEmail,
    Link,
    Confirmed,
    Waitlisted,
    Preregistered,
    Offer,
    Cancelled,
    Declined,
    Survey,
    /// B4 F2: a few days before the event, to those holding a place: the practical details,
    /// the `.ics`, and the link to cancel so the place passes to the waitlist.
    Reminder,
}

impl Letter {
    /// Every kind, in the order the lifecycle usually sends them.
    pub const ALL: [Letter; 10] = [
        Letter::ConfirmEmail,
        Letter::Link,
        Letter::Confirmed,
        Letter::Waitlisted,
        Letter::Preregistered,
        Letter::Offer,
        Letter::Cancelled,
        Letter::Declined,
        Letter::Survey,
        Letter::Reminder,
    ];

    /// The message kind: the template's name and the kind stored with the message.
    pub fn kind(self) -> &'static str {
        match self {
            Letter::ConfirmEmail => "registration_confirm_email",
            Letter::Link => "registration_link",
            Letter::Confirmed => "registration_confirmed",
            Letter::Waitlisted => "registration_waitlisted",
            Letter::Preregistered => "registration_preregistered",
            Letter::Offer => "registration_offer",
            Letter::Cancelled => "registration_cancelled",
            Letter::Declined => "registration_declined",
            Letter::Survey => "registration_survey",
            Letter::Reminder => "registration_reminder",
        }
    }
}

/// The person a letter goes to, as the transaction knows them.
#[derive(Debug, Clone, Copy)]
pub struct Recipient<'a> {
    pub name: &'a str,
    /// The secret part of their private link.
    pub token: &'a str,
    /// When their address confirmation or their offer runs out (seconds since the epoch).
    pub expires: Option<i64>,
    /// Their waitlist position; 0 when the letter states none.
    pub position: i64,
    /// Their check-in code (`domain::door_code`), for the confirmation letter.
    pub door_code: &'a str,
    /// H2: the language their registration keeps; the letter is written in it.
    pub lang: Lang,
}

/// The registration letters of one event in each language (H2), each written once or with the
/// template error that kept it from being written. Cheap to clone (shared).
#[derive(Debug, Clone, Default)]
pub struct Letters(Arc<Vec<Written>>);

/// One letter in one language, or the template error that kept it from being written.
pub type Written = (Lang, Letter, Result<Draft, String>);

impl Letters {
    /// The letters as written, by language and kind; a kind left out cannot be sent.
    pub fn new(drafts: Vec<Written>) -> Letters {
        Letters(Arc::new(drafts))
    }

    /// The message of `letter` for `to`, in their language. Refuses, with the reason, a letter
    /// whose template failed or that was not written.
    pub fn write(&self, letter: Letter, to: &Recipient<'_>) -> Result<Composed, String> {
        let draft = match self.0.iter().find(|(lang, l, _)| *l == letter && *lang == to.lang) {
            Some((_, _, Ok(draft))) => draft,
            Some((_, _, Err(e))) => return Err(e.clone()),
            None => return Err("not written beforehand".into()),
        };
        let expires = to
            .expires
            .and_then(|t| jiff::Timestamp::from_second(t).ok())
            .map(|t| crate::i18n::dates::datetime(to.lang, t));
        let position = to.position.to_string();
        Ok(draft.fill(&[
            (Hole::Name, to.name),
            (Hole::Token, to.token),
            (Hole::When, expires.as_deref().unwrap_or("")),
            (Hole::Position, &position),
            (Hole::DoorCode, to.door_code),
        ]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letter_is_written_with_the_recipients_values() {
        let draft = Draft::ready(Composed {
            subject: format!("Place pour {}", Hole::Name.placeholder()),
            text: format!(
                "Rang {}, lien /inscription/{}, jusqu'au {}",
                Hole::Position.placeholder(),
                Hole::Token.placeholder(),
                Hole::When.placeholder()
            ),
            html: String::new(),
        });
        let letters = Letters::new(vec![
            (Lang::Fr, Letter::Offer, Ok(draft.clone())),
            (Lang::En, Letter::Offer, Ok(draft)),
            (Lang::Fr, Letter::Link, Err("boom".into())),
        ]);
        let to = Recipient {
            name: "Zoé",
            token: "t0k",
            expires: Some(1_704_904_200),
            position: 3,
            door_code: "",
            lang: Lang::Fr,
        };

        let mail = letters.write(Letter::Offer, &to).unwrap();

        assert_eq!(mail.subject, "Place pour Zoé");
        assert_eq!(mail.text, "Rang 3, lien /inscription/t0k, jusqu'au mercredi 10 janvier 2024 à 17 h 30");
        assert_eq!(letters.write(Letter::Link, &to), Err("boom".into()));
        assert_eq!(letters.write(Letter::Survey, &to), Err("not written beforehand".into()));
        let english = letters.write(Letter::Offer, &Recipient { lang: Lang::En, ..to }).unwrap();
        assert!(english.text.ends_with("jusqu'au Wednesday 10 January 2024 at 17:30"), "{}", english.text);
        assert_eq!(
            letters.write(Letter::Link, &Recipient { lang: Lang::En, ..to }),
            Err("not written beforehand".into())
        );
    }

    #[test]
    fn every_kind_is_a_registration_template() {
        for letter in Letter::ALL {
            assert!(letter.kind().starts_with("registration_"), "{}", letter.kind());
        }
    }
}
