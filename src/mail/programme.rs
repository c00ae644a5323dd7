//! D3: the wording of the notices a release sends to the speakers whose items changed.
//! Composed before the release's write transaction, from the basis it then checks.

use crate::domain::programme::{Change, Notice, WordedNotice};
use crate::mail::compose::Composer;

/// Words one `programme_changed` message per notice, for the release named `release_name`
/// of the event `event_title` at `/evenements/{slug}`; refuses on a template error.
pub fn speaker_notices(
    composer: &Composer,
    base_url: &str,
    event_title: &str,
    slug: &str,
    release_name: &str,
    notices: &[Notice],
) -> Result<Vec<WordedNotice>, minijinja::Error> {
    notices
        .iter()
        .map(|notice| {
            let ctx = minijinja::context! {
                name => &notice.speaker,
                event_title => event_title,
                release_name => release_name,
                lines => notice.changes.iter().map(Change::describe_fr).collect::<Vec<_>>(),
                programme_url => super::compose::link(format!("{base_url}/evenements/{slug}/programme")),
            };
            let message = composer.compose("programme_changed", None, ctx)?;
            Ok(WordedNotice { email: notice.email.clone(), message })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::programme::Placement;
    use jiff::civil::date;
    use std::sync::Arc;

    #[test]
    fn speaker_notice_names_the_release_and_each_change() {
        let env = crate::web::render::environment(&crate::config::Config::default(), "t");
        let composer = Composer::new(Arc::new(env));
        let from = Placement { start: date(2024, 1, 9).at(10, 0, 0, 0), minutes: 30, room: "Salle A".into() };
        let notice = Notice {
            email: "anne@example.org".into(),
            speaker: "Anne".into(),
            changes: vec![Change::Cancelled { item_id: 1, title: "Un".into(), from }],
        };

        let worded =
            speaker_notices(&composer, "https://r.example.org", "Journée", "journee", "v2", &[notice]).unwrap();

        assert_eq!(worded.len(), 1);
        assert_eq!(
            (worded[0].email.as_str(), worded[0].message.subject.as_str()),
            ("anne@example.org", "Programme modifié : Journée")
        );
        let lines: Vec<&str> = worded[0].message.text.lines().collect();
        assert_eq!(
            lines[..7],
            [
                "Bonjour Anne,",
                "",
                "La version « v2 » du programme de Journée change ce qui vous concerne :",
                "",
                "- « Un » est annulé (prévu mardi 9 janvier 2024, 10 h – 10 h 30, Salle A)",
                "",
                "Le programme à jour : https://r.example.org/evenements/journee/programme",
            ]
        );
    }
}
