//! D3: the wording of the notices a release sends to the speakers whose items changed.
//! Composed before the release's write transaction, from the basis it then checks.

use crate::domain::programme::{Change, Notice, Placement, WordedNotice};
use crate::i18n::{self, Lang, dates};
use crate::mail::compose::Composer;
use std::collections::HashMap;

/// "Tuesday 9 January 2024, 9:30 – 10:30, Room A" (the room left out when none).
fn placement_en(p: &Placement) -> String {
    let end = p.start.checked_add(jiff::Span::new().minutes(i64::from(p.minutes))).unwrap_or(p.start);
    let when = format!(
        "{}, {} – {}",
        dates::long_date(Lang::En, p.start.date()),
        dates::time(Lang::En, p.start.time()),
        dates::time(Lang::En, end.time())
    );
    if p.room.is_empty() { when } else { format!("{when}, {}", p.room) }
}

/// One sentence for a change, in `lang` (H2): `Change::describe_fr` in French.
pub fn describe(lang: Lang, change: &Change) -> String {
    if lang == Lang::Fr {
        return change.describe_fr();
    }
    let names = |v: &[String]| if v.is_empty() { "none".to_owned() } else { v.join(", ") };
    match change {
        Change::Added { title, to, .. } => format!("“{title}” is added: {}", placement_en(to)),
        Change::Cancelled { title, from, .. } => format!("“{title}” is cancelled (planned for {})", placement_en(from)),
        Change::Moved { title, from, to, .. } => {
            format!("“{title}” moves: {} → {}", placement_en(from), placement_en(to))
        }
        Change::SpeakersChanged { title, before, after, .. } => {
            format!("“{title}” changes speakers: {} → {}", names(before), names(after))
        }
        Change::Retitled { before, after, .. } => format!("“{before}” is now called “{after}”"),
    }
}

/// Words one `programme_changed` message per notice, for the release named `release_name`
/// of the event `event_title` at `/evenements/{slug}`, each in its speaker's language
/// (`languages`, by lowercased address; French for an address without a proposal); refuses on
/// a template error.
pub fn speaker_notices(
    composer: &Composer,
    base_url: &str,
    event_title: &str,
    slug: &str,
    release_name: &str,
    notices: &[Notice],
    languages: &HashMap<String, Lang>,
) -> Result<Vec<WordedNotice>, minijinja::Error> {
    notices
        .iter()
        .map(|notice| {
            let lang = languages.get(&notice.email.to_lowercase()).copied().unwrap_or_default();
            let ctx = minijinja::context! {
                name => &notice.speaker,
                event_title => event_title,
                release_name => release_name,
                lines => notice.changes.iter().map(|c| describe(lang, c)).collect::<Vec<_>>(),
                programme_url => super::compose::link(format!("{base_url}/evenements/{slug}/programme")),
            };
            let message = i18n::with(lang, || composer.compose("programme_changed", None, ctx))?;
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

        let english = HashMap::from([("ben@example.org".to_owned(), Lang::En)]);
        let mut ben = notice.clone();
        ben.email = "Ben@example.org".into();
        ben.speaker = "Ben".into();

        let worded =
            speaker_notices(&composer, "https://r.example.org", "Journée", "journee", "v2", &[notice, ben], &english)
                .unwrap();

        assert_eq!(worded.len(), 2);
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
        let english = &worded[1].message;
        assert_eq!(english.subject, "Programme changed: Journée");
        assert!(
            english.text.contains("- “Un” is cancelled (planned for Tuesday 9 January 2024, 10:00 – 10:30, Salle A)"),
            "{}",
            english.text
        );
        assert!(english.text.starts_with("Hello Ben,"), "{}", english.text);
    }
}
