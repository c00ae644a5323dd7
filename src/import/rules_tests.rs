//! A3: the rules of issue 18, each on made-up posts of its kind: venues in prose and learnt
//! across a folder, hours in structured fields, contradictions between sources, several
//! days and series, programmes, posts that are not events, dates that are not dates,
//! deadlines, and the provenance table.

use super::facts::{Confidence, FactName, Source};
use super::*;
use jiff::civil::{date, time};

fn post(front: &str, body: &str) -> Result<ImportedPost, ImportError> {
    parse_post("posts/p.md", Path::new("/site/posts"), format!("---\n{front}---\n{body}").as_bytes())
}

fn days(p: &ImportedPost) -> (Date, Date) {
    (p.draft.dates.start_date, p.draft.dates.end_date)
}

fn hours(p: &ImportedPost) -> (Option<jiff::civil::Time>, Option<jiff::civil::Time>) {
    (p.draft.dates.start_time, p.draft.dates.end_time)
}

#[test]
fn venue_in_prose_after_au_with_its_source_line() {
    let p = post(
        "title: Atelier des communs\ndate: 2023-02-01\n",
        "## Infos\n\nL'atelier aura lieu le 14 mars 2023 au Lieu de la Transformation Publique, de 10h à 16h.\n",
    )
    .unwrap();

    let venue = p.facts.venue.as_ref().unwrap();
    assert_eq!(venue.value, "Lieu de la Transformation Publique");
    assert_eq!(venue.source, Source::Body(7));
    assert_eq!(venue.confidence, Confidence::Unsure);
    assert_eq!(p.draft.venue.name.as_deref(), Some("Lieu de la Transformation Publique"));
}

#[test]
fn venue_stand_and_plateau_become_the_room() {
    let p = post(
        "title: Salon des libristes\ndate: 2022-10-01\n",
        "Retrouvez-nous le 8 novembre 2022 à la Grande Halle de la Villette, stand L57.",
    )
    .unwrap();
    assert_eq!(p.draft.venue.name.as_deref(), Some("Grande Halle de la Villette"));
    assert_eq!(p.draft.venue.room.as_deref(), Some("stand L57"));

    let p = post(
        "title: Village\ndate: 2022-10-01\n",
        "Le village se tiendra le 9 novembre 2022 au dock Pullman, PLATEAU 1.",
    )
    .unwrap();
    assert_eq!(p.draft.venue.name.as_deref(), Some("Dock Pullman"));
    assert_eq!(p.draft.venue.room.as_deref(), Some("PLATEAU 1"));
}

#[test]
fn bare_room_is_a_room_not_a_venue() {
    let p =
        post("title: Permanence\ndate: 2024-01-10\n", "Permanence le 12 février 2024 en salle 252 B, de 14h à 16h.")
            .unwrap();

    assert_eq!(p.draft.venue.name, None);
    assert_eq!(p.draft.venue.room.as_deref(), Some("252"));
}

#[test]
fn venue_lines_lose_trailing_commas() {
    let p = post(
        "title: Café\ndate: 2024-01-10\nlieu: 'Maison des associations,'\nadresse: '3 rue Haute,'\n",
        "Le 2 février 2024.",
    )
    .unwrap();

    assert_eq!(p.draft.venue.name.as_deref(), Some("Maison des associations"));
    assert_eq!(p.draft.venue.address.as_deref(), Some("3 rue Haute"));
}

#[test]
fn venues_learnt_across_the_folder() {
    let dir = std::env::temp_dir().join(format!("rencontres-known-venues-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("a.md"),
        "---\ntitle: Apéro de mars\ndate: 2023-03-01\n---\nRendez-vous le 9 mars 2023 à la Cantine[x] !\n",
    )
    .unwrap();
    std::fs::write(dir.join("b.md"), "---\ntitle: Apéro d'avril\ndate: 2023-04-01\n---\nOn se voit le 6 avril 2023 chez la cantinex, comme d'habitude.\n").unwrap();

    let scan = scan_dir(&dir).unwrap();

    let b = scan.posts.iter().find(|p| p.source_path == "b.md").unwrap();
    let venue = b.facts.venue.as_ref().unwrap();
    assert_eq!(venue.value, "Cantinex");
    assert!(matches!(&venue.source, Source::KnownVenue { from, .. } if from == "a.md"), "{:?}", venue.source);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn hours_in_a_champs_informations_entry_without_link() {
    let front = "title: Journée du libre\ndate: 2021-09-01\nevent_start_date: 2021-10-05\nchamps_informations:\n- intitule: Horaires\n  contenu: De 9h à 17h\n- intitule: S'inscrire\n  contenu: ici\n  lien: https://exemple.org/inscription\n";

    let p = post(front, "Une journée d'échanges.").unwrap();

    assert_eq!(hours(&p), (Some(time(9, 0, 0, 0)), Some(time(17, 0, 0, 0))));
    assert_eq!(p.facts.hours.as_ref().unwrap().source, Source::Field("champs_informations: Horaires".into()));
    assert_eq!(p.draft.links.len(), 1);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

#[test]
fn explicit_body_date_beats_front_matter_year_and_says_so() {
    let front = "title: Rencontre annuelle\ndate: 2023-11-02\nevent_start_date: 2023-01-16\nimage:\n  src: ./a.png\n  alt: Rencontre du 16 janvier 2024\n";

    let p = post(front, "La rencontre aura lieu le 16 janvier 2024 de 10h à 17h.").unwrap();

    assert_eq!(days(&p), (date(2024, 1, 16), date(2024, 1, 16)));
    assert_eq!(p.facts.start.confidence, Confidence::Unsure);
    assert_eq!(
        p.facts.decisions,
        ["front matter `event_start_date` says 2023-01-16, body line 9 says 2024-01-16: the body's explicit date wins"]
    );
    assert!(p.facts.doubts().iter().any(|d| d.fact == FactName::Start && d.sentence.contains("16 janvier 2024")));
}

#[test]
fn title_year_against_body_year_the_body_wins() {
    let p = post("title: Forum 3 juin 2023\ndate: 2024-04-01\n", "Le forum se tiendra le 3 juin 2024, de 9h à 18h.")
        .unwrap();

    assert_eq!(days(&p).0, date(2024, 6, 3));
    assert_eq!(p.facts.decisions.len(), 1);
}

#[test]
fn front_matter_date_kept_when_the_body_agrees() {
    let p = post(
        "title: Atelier\ndate: 2022-11-01\nevent_start_date: 2022-11-14 19:00\n",
        "Rendez-vous le lundi 14 novembre.",
    )
    .unwrap();

    assert_eq!(days(&p).0, date(2022, 11, 14));
    assert_eq!(hours(&p).0, Some(time(19, 0, 0, 0)));
    assert_eq!(p.facts.start.confidence, Confidence::Sure);
    assert!(p.facts.decisions.is_empty());
}

#[test]
fn two_afternoons_and_a_range_with_hours() {
    let p = post("title: Sprint\ndate: 2022-11-01\n", "Le sprint a lieu les 6 et 7 décembre de 14h à 17h.").unwrap();
    assert_eq!(days(&p), (date(2022, 12, 6), date(2022, 12, 7)));
    assert_eq!(hours(&p), (Some(time(14, 0, 0, 0)), Some(time(17, 0, 0, 0))));

    let p = post("title: Forum\ndate: 2022-10-01\n", "Le forum ouvrira du 19 au 20 novembre, de 9h à 18h.").unwrap();
    assert_eq!(days(&p), (date(2022, 11, 19), date(2022, 11, 20)));
    assert_eq!(hours(&p), (Some(time(9, 0, 0, 0)), Some(time(18, 0, 0, 0))));
}

#[test]
fn a_series_of_online_sessions_keeps_all_its_days() {
    let body = "Trois sessions en ligne :\n\n- le 3 octobre 2023 de 11h à 12h : découvrir\n- le 17 octobre 2023 de 11h à 12h : contribuer\n- le 7 novembre 2023 de 11h à 12h : publier\n";

    let p = post("title: Cycle de webinaires\ndate: 2023-09-01\n", body).unwrap();

    assert_eq!(days(&p), (date(2023, 10, 3), date(2023, 11, 7)));
    assert_eq!(
        p.facts.sessions.iter().map(|s| s.date).collect::<Vec<_>>(),
        [date(2023, 10, 3), date(2023, 10, 17), date(2023, 11, 7)]
    );
    assert!(
        p.draft
            .sessions
            .iter()
            .all(|s| (s.start_time, s.end_time) == (Some(time(11, 0, 0, 0)), Some(time(12, 0, 0, 0))))
    );
    assert_eq!(p.draft.sessions, p.facts.sessions);
    assert_eq!(hours(&p), (Some(time(11, 0, 0, 0)), Some(time(12, 0, 0, 0))));
    assert_eq!(p.facts.decisions, ["a series of 3 sessions from 2023-10-03 to 2023-11-07"]);
}

#[test]
fn a_series_keeps_each_session_with_its_own_hours() {
    let body = "Le cycle se tient en ligne en deux séances : le 5 mars 2024 de 14h à 16h, puis le 9 avril 2024 de 10h à 12h.\n";

    let p = post("title: Cycle de découverte\ndate: 2024-02-01\n", body).unwrap();

    let got: Vec<(Date, Option<jiff::civil::Time>, Option<jiff::civil::Time>)> =
        p.draft.sessions.iter().map(|s| (s.date, s.start_time, s.end_time)).collect();
    assert_eq!(
        got,
        [
            (date(2024, 3, 5), Some(time(14, 0, 0, 0)), Some(time(16, 0, 0, 0))),
            (date(2024, 4, 9), Some(time(10, 0, 0, 0)), Some(time(12, 0, 0, 0))),
        ]
    );
    assert_eq!(days(&p), (date(2024, 3, 5), date(2024, 4, 9)));
    assert_eq!(p.draft.dates.end_instant().to_string(), "2024-04-09T10:00:00Z");
    assert!(
        super::facts::table(&[("p.md", &p.facts)])
            .contains("  sessions               2024-03-05 14:00–16:00, 2024-04-09 10:00–12:00\n")
    );
}

#[test]
fn one_run_of_days_has_no_sessions() {
    let p = post("title: Forum\ndate: 2022-10-01\n", "Le forum ouvrira du 19 au 20 novembre, de 9h à 18h.").unwrap();

    assert!(p.draft.sessions.is_empty());
}

#[test]
fn hours_only_from_a_programme_table() {
    let body = "La journée du 12 mai 2023.\n\n| Heure | Quoi |\n|---|---|\n| 09:30 | Accueil |\n| 10:00 | Ateliers |\n| 16:30 | Clôture |\n";

    let p = post("title: Journée\ndate: 2023-04-01\n", body).unwrap();

    assert_eq!(hours(&p), (Some(time(9, 30, 0, 0)), Some(time(16, 30, 0, 0))));
    let h = p.facts.hours.as_ref().unwrap();
    assert_eq!(h.source, Source::Table(9));
    assert_eq!(h.confidence, Confidence::Unsure);
}

#[test]
fn a_gazette_is_skipped_with_its_reason() {
    let err = post("title: La gazette de novembre\ndate: 2023-11-02\n", "Au menu : le hackathon du 9 décembre 2023.")
        .unwrap_err();

    assert_eq!(err.to_string(), "not an event: the title names a periodical (\"gazette\"), not an event");
}

#[test]
fn a_report_that_mentions_another_event_is_skipped() {
    let body =
        "Nous avons participé la semaine dernière au salon. Prochain rendez-vous : notre journée du 22 septembre !";

    let err = post("title: Retour sur le salon\ndate: 2016-07-18\n", body).unwrap_err();

    assert!(matches!(err, ImportError::NotAnEvent(ref why) if why.contains("report")), "{err}");
}

#[test]
fn a_date_that_is_not_a_date_falls_back_to_the_other_dates() {
    let p = parse_post(
        "_posts/2020-05-04-demo.md",
        Path::new("."),
        "---\ntitle: Démo du thème\ndate: git Last Modified\n---\nDémonstration le 12 mai à 14h.".as_bytes(),
    )
    .unwrap();

    assert_eq!(days(&p).0, date(2020, 5, 12));
    assert_eq!(p.draft.published_on, Some(date(2020, 5, 4)));
    assert_eq!(p.warnings, ["_posts/2020-05-04-demo.md:3: date `git Last Modified` not understood"]);
}

#[test]
fn dateline_gives_the_publication_and_is_no_event_date() {
    let p =
        post("title: Atelier PostgreSQL\n", "*Lyon, le 5 avril 2016*\n\nNotre atelier se tiendra le 20 avril à 19h.")
            .unwrap();

    assert_eq!(p.draft.published_on, Some(date(2016, 4, 5)));
    assert_eq!(days(&p).0, date(2016, 4, 20));
}

#[test]
fn version_numbers_and_dashes_are_no_day_ranges() {
    let p = post("title: Atelier Drupal 8 – 27 mai 2015\ndate: 2015-05-01\n", "Bienvenue.").unwrap();
    assert_eq!(days(&p), (date(2015, 5, 27), date(2015, 5, 27)));

    let p = post("title: Workshop PostgreSQL 9.6 - 7 octobre 2016\ndate: 2016-09-01\n", "Bienvenue.").unwrap();
    assert_eq!(days(&p), (date(2016, 10, 7), date(2016, 10, 7)));
}

#[test]
fn registration_and_call_deadlines_found_with_their_kind() {
    let body = "La journée aura lieu le 24 septembre 2015.\n\nLes propositions doivent nous parvenir avant le 15 juin 2015.\n\nInscrivez-vous avant le 20 septembre.";

    let p = post("title: Journée\ndate: 2015-04-20\n", body).unwrap();

    assert_eq!(p.facts.call_deadline.as_ref().map(|f| f.value), Some(date(2015, 6, 15)));
    assert_eq!(p.facts.registration_deadline.as_ref().map(|f| f.value), Some(date(2015, 9, 20)));
    assert_eq!(p.facts.call_deadline.as_ref().unwrap().source, Source::Body(7));
}

#[test]
fn structured_event_fields_give_date_hour_and_venue() {
    let front = "title: Dojo\ndate: \"2024-03-08\"\nevent:\n  date: \"2024-04-03 19:00:00.000\"\n  location:\n    name: \"à La Fabrique à Nantes\"\n";
    let p = post(front, "Venez coder.").unwrap();
    assert_eq!(days(&p).0, date(2024, 4, 3));
    assert_eq!(hours(&p).0, Some(time(19, 0, 0, 0)));
    assert_eq!(p.draft.venue.name.as_deref(), Some("La Fabrique"));
    assert_eq!(p.facts.venue.as_ref().unwrap().source, Source::Field("event.location.name".into()));

    let p = post("title: Hackathon\nmoment: \"16 au 18 septembre 2016\"\nplace: Mairie du 18e\n", "Venez.").unwrap();
    assert_eq!(days(&p), (date(2016, 9, 16), date(2016, 9, 18)));

    let online =
        post("title: Webinaire\nevent:\n  date: 2023-06-19\n  location:\n    name: en ligne sur Discord\n", "")
            .unwrap();
    assert_eq!(online.draft.venue.name, None);
}

#[test]
fn provenance_table_names_every_fact_and_its_source() {
    let p = post(
        "title: Atelier\ndate: 2023-02-01\n",
        "L'atelier aura lieu le 14 mars 2023 au Lieu de la Transformation Publique, de 10h à 16h.",
    )
    .unwrap();

    let table = facts::table(&[("p.md", &p.facts)]);

    assert_eq!(
        table,
        "p.md\n  title                  Atelier                  front matter `title` (sure)\n  start                  2023-03-14               body line 5 (sure)\n  end                    2023-03-14               body line 5 (sure)\n  hours                  10:00–16:00              body line 5 (sure)\n  venue                  Lieu de la Transformation Publique body line 5 (unsure)\n  registration deadline  -\n  call deadline          -\n"
    );
}
