//! Demo data for `rencontres serve --demo`: a few events of our own writing, dated around
//! today so that a newcomer sees upcoming and past editions on a live site, and a released
//! programme for the garagethon (D3) and its board, public, with a few people on it (E1-E5),
//! and past issues of the gazette with a few subscribers (F1).

mod gazette;

use crate::domain::event::EventId;
use crate::domain::event::{EventDates, EventDraft, EventKind, EventLink, EventStatus, Image, Slug, Venue};
use crate::store::{self, Db, StoreError};
use jiff::civil::{Date, Time, time};
use jiff::{Timestamp, ToSpan};

struct Demo {
    title: &'static str,
    summary: &'static str,
    body: &'static str,
    kind: EventKind,
    offset_days: i32,
    days: i32,
    hours: Option<(Time, Time)>,
    venue: Venue,
    tags: &'static [&'static str],
    links: &'static [(&'static str, &'static str, &'static str)],
    /// For an event held in separate sessions (issue 18): the day of each, in days after the
    /// first; each session has `hours`. Empty for a continuous run of `days` days.
    sessions: &'static [i32],
}

fn lieu() -> Venue {
    Venue {
        name: Some("Lieu de la Transformation Publique".into()),
        address: Some("77 avenue de Ségur, 75015 Paris".into()),
        room: None,
        osm_url: Some("https://osm.org/go/0BOdSvERD?node=9825094308".into()),
    }
}

/// H2: the English title some demo events carry, so that `?lang=en` shows both cases: an event
/// translated by its organisers and one left in French (marked `lang="fr"`).
fn english_title(title: &str) -> Option<&'static str> {
    match title {
        "Garagethon BlueHats d'hiver" => Some("BlueHats winter garagethon"),
        "Cycle en ligne : les communs numériques pas à pas" => Some("Online series: digital commons step by step"),
        _ => None,
    }
}

fn english_summary(title: &str) -> Option<&'static str> {
    match title {
        "Garagethon BlueHats d'hiver" => Some(
            "Two days to move forward the free software that public administrations publish, in a small group and with no competition.",
        ),
        "Cycle en ligne : les communs numériques pas à pas" => Some(
            "Three one-hour sessions, a month apart, to understand what a digital commons is and how to contribute to one from a public administration.",
        ),
        _ => None,
    }
}

fn demos() -> Vec<Demo> {
    vec![
        Demo {
            title: "Garagethon BlueHats d'hiver",
            summary: "Deux journées pour faire avancer les logiciels libres publiés par les administrations, en petit comité et sans compétition.",
            body: "## Le principe\n\nChaque équipe arrive avec un dépôt de code qu'elle maintient et un ou deux **objectifs concrets** pour ces deux jours : corriger un bogue gênant, documenter l'installation, écrire les tests qui manquent.\n\nLes autres participantes et participants viennent prêter main-forte. Pas de prototype jetable : on améliore ce qui existe déjà.\n\n## Déroulé\n\n- Matin du premier jour : tour de table des objectifs et des demandes d'aide\n- Ensuite : travail en petits groupes, priorisé par l'équipe d'animation\n- Chaque fin de journée : présentations éclair de cinq minutes\n- Pour finir : un bilan de ce que chacun a appris des autres\n\n## Pour qui ?\n\nAgents publics et prestataires qui développent ou maintiennent un logiciel libre pour une administration. Les places sont limitées pour garder l'esprit « garage ».",
            kind: EventKind::Garagethon,
            offset_days: 45,
            days: 2,
            hours: Some((time(10, 0, 0, 0), time(17, 0, 0, 0))),
            venue: lieu(),
            tags: &["bluehats", "garagethon", "rencontre"],
            links: &[],
            sessions: &[],
        },
        Demo {
            title: "Après-midi de retours d'expérience BlueHats",
            summary: "Une demi-journée de courtes interventions d'agents publics sur les logiciels libres qu'ils utilisent et développent.",
            body: "## Au programme\n\nDes interventions de cinq à vingt minutes : un déploiement réussi, une collaboration avec un éditeur, une bibliothèque partagée entre ministères, une leçon tirée d'un échec.\n\n## Proposer une intervention\n\nL'appel à interventions est ouvert aux agents publics. Indiquez votre administration, le sujet et la durée souhaitée ; l'équipe vous répond dans la semaine qui suit la clôture.\n\n## Venir\n\nL'entrée au salon qui nous accueille est gratuite mais demande un badge, à réserver sur le site du salon.",
            kind: EventKind::HalfDay,
            offset_days: 80,
            days: 1,
            hours: Some((time(13, 0, 0, 0), time(18, 0, 0, 0))),
            venue: Venue {
                name: Some("Palais des congrès de Paris".into()),
                address: Some("2 place de la Porte Maillot, 75017 Paris".into()),
                room: Some("Salle 241, niveau 2".into()),
                osm_url: None,
            },
            tags: &["bluehats", "conference", "rencontre"],
            links: &[("S'inscrire", "au salon (badge gratuit)", "https://www.example.org/badge")],
            sessions: &[],
        },
        Demo {
            title: "Atelier en ligne : publier son code source",
            summary: "Une heure et demie pour passer en revue les étapes de l'ouverture d'un code source administratif : licence, dépôt, documentation.",
            body: "Un atelier pratique et à distance, ouvert à toutes et tous.\n\n1. Choisir une licence parmi celles autorisées pour les administrations\n2. Préparer le dépôt : README, fichier de contribution, historique propre\n3. Annoncer la publication et accueillir les premières contributions\n\nLe lien de connexion est donné aux personnes dont l'inscription est confirmée, dans leur courriel de confirmation et sur leur page d'inscription.",
            kind: EventKind::Workshop,
            offset_days: 20,
            days: 1,
            hours: Some((time(14, 0, 0, 0), time(15, 30, 0, 0))),
            venue: Venue::default(),
            tags: &["bluehats", "atelier"],
            links: &[],
            sessions: &[],
        },
        Demo {
            title: "Journée BlueHats « Mutualisons ! »",
            summary: "Une journée d'échanges sur la mutualisation des logiciels entre administrations.",
            body: "## Ce que nous avons fait\n\nLa matinée a servi à dresser l'inventaire des outils que plusieurs administrations pourraient partager. L'après-midi, deux sessions d'ateliers ont permis d'examiner des projets concrets et les conditions de leur réutilisation.\n\n## Programme de la journée\n\n- 9 h : accueil et café\n- 9 h 30 : présentations croisées\n- 11 h 15 : retours d'expérience\n- 14 h 30 : ateliers, première session\n- 16 h : ateliers, seconde session\n- 17 h : conclusion",
            kind: EventKind::Day,
            offset_days: -150,
            days: 1,
            hours: Some((time(9, 0, 0, 0), time(18, 0, 0, 0))),
            venue: lieu(),
            tags: &["bluehats", "rencontre", "mutualisation"],
            links: &[],
            sessions: &[],
        },
        Demo {
            title: "Hackathon BlueHats de printemps",
            summary: "Deux jours de contributions à des logiciels libres de l'administration, avec des équipes venues de plusieurs ministères.",
            body: "Une quinzaine de projets étaient représentés. Les équipes ont fermé une quarantaine de tickets, ajouté de la documentation et préparé plusieurs versions.\n\nMerci à toutes les personnes venues prêter main-forte !",
            kind: EventKind::Hackathon,
            offset_days: -400,
            days: 2,
            hours: Some((time(9, 30, 0, 0), time(17, 30, 0, 0))),
            venue: lieu(),
            tags: &["bluehats", "hackathon", "rencontre"],
            links: &[],
            sessions: &[],
        },
        Demo {
            title: "Cycle en ligne : les communs numériques pas à pas",
            summary: "Trois séances d'une heure, à un mois d'intervalle, pour comprendre ce qu'est un commun numérique et comment y contribuer depuis une administration.",
            body: "Un cycle de trois rendez-vous à distance, à suivre dans l'ordre ou séparément.\n\n## Les séances\n\n1. **Reconnaître un commun** : ce qui distingue un commun numérique d'un simple logiciel libre, avec des exemples tirés de l'action publique\n2. **Contribuer sans se perdre** : signaler un problème, proposer une correction, participer à la gouvernance\n3. **Faire vivre un commun dans la durée** : financer, documenter, passer la main\n\nChaque séance commence par un exposé de vingt minutes et laisse le reste du temps aux questions. Le lien de connexion est le même pour les trois séances.",
            kind: EventKind::Meetup,
            offset_days: 10,
            days: 1,
            hours: Some((time(11, 0, 0, 0), time(12, 0, 0, 0))),
            venue: Venue::default(),
            tags: &["bluehats", "communs", "en-ligne"],
            links: &[],
            sessions: &[0, 28, 56],
        },
    ]
}

/// Adds the demo events that are not there yet (by slug); returns how many were added.
/// The garagethon takes registrations (first come first served, 30 places), and so does the
/// online workshop (40 places), whose meeting link only confirmed participants receive.
pub async fn install(
    db: &Db,
    composer: &crate::mail::compose::Composer,
    base_url: &str,
    today: Date,
    now: Timestamp,
) -> Result<usize, StoreError> {
    let mut added = 0;
    for demo in demos() {
        let start = today.checked_add(demo.offset_days.days()).unwrap_or(today);
        let end = start.checked_add((demo.days - 1).days()).unwrap_or(start);
        let title = format!("{} {}", demo.title, start.year());
        let slug = Slug::derive(&title).expect("demo titles make slugs");
        if store::event::find_by_slug(db, slug.as_str()).await?.is_some() {
            continue;
        }
        let dates = EventDates::new(start, end, demo.hours.map(|h| h.0), demo.hours.map(|h| h.1))
            .expect("demo dates are ordered");
        let draft = EventDraft {
            slug,
            title,
            summary: demo.summary.into(),
            title_en: english_title(demo.title).map(|t| format!("{t} {}", start.year())).unwrap_or_default(),
            summary_en: english_summary(demo.title).unwrap_or_default().into(),
            body_md: demo.body.into(),
            kind: demo.kind,
            dates,
            sessions: Vec::new(),
            venue: demo.venue,
            audience: Some("Agents publics, prestataires du secteur public, curieuses et curieux".into()),
            image: Some(
                Image::new(
                    "/assets/demo/bluehats.svg".into(),
                    "Un chapeau bleu, emblème de la communauté BlueHats".into(),
                    false,
                )
                .expect("alt given"),
            ),
            tags: demo.tags.iter().map(|t| t.to_string()).collect(),
            links: demo
                .links
                .iter()
                .map(|(l, t, u)| EventLink { label: l.to_string(), text: t.to_string(), url: u.to_string() })
                .collect(),
            contact_email: Some("bluehats@example.org".into()),
            status: EventStatus::Published,
            published_on: None,
        };
        let sessions = demo
            .sessions
            .iter()
            .map(|&n| crate::domain::event::Session {
                date: start.checked_add(n.days()).unwrap_or(start),
                start_time: demo.hours.map(|h| h.0),
                end_time: demo.hours.map(|h| h.1),
            })
            .collect();
        let mut draft = draft;
        draft.set_sessions(sessions).expect("demo sessions are on different days");
        let event = store::event::create(db, &draft, now).await?;
        if demo.kind == EventKind::Workshop {
            // Issue 19: an online event whose link reaches confirmed participants only.
            let right = crate::domain::account::EditRight::command_line(event.id);
            store::event::set_meeting_url(db, &right, Some("https://visio.example.org/atelier-code-source")).await?;
        }
        if matches!(demo.kind, EventKind::Garagethon | EventKind::Workshop) {
            let settings = crate::domain::registration::EventSettings {
                rules: crate::domain::registration::Settings {
                    mode: crate::domain::registration::Mode::FirstCome,
                    places: if demo.kind == EventKind::Workshop { 40 } else { 30 },
                    opens_at: None,
                    closes_at: None,
                    offer_hours: 48,
                    email_hours: 48,
                    allowed_statuses: vec![],
                    allowed_domains: vec![],
                },
                decisions_at: None,
                external_url: None,
                consent_text:
                    "J'accepte que mes nom, adresse et organisation soient utilisés pour organiser cet événement."
                        .into(),
                retention_days: 180,
            };
            let letters = crate::mail::registration::letters_for(db, composer, base_url, &event).await?;
            store::registration::save_settings(db, &letters, &event, &settings, now).await?;
        }
        if demo.kind == EventKind::Garagethon {
            install_programme(db, event.id, start, end, now).await?;
            install_board(db, event.id, now).await?;
            install_webhook(db, event.id, now).await?;
            install_message(db, event.id, now).await?;
        }
        if demo.kind == EventKind::HalfDay {
            install_call(db, event.id, start, now).await?;
        }
        added += 1;
    }
    added += install_imported(db, now).await?;
    gazette::install(db, today, now).await?;
    Ok(added)
}

/// F2: a message to the board's participants, scheduled a week ahead, so that the
/// garagethon's « Écrire aux participants » page shows one.
async fn install_message(db: &Db, event_id: EventId, now: Timestamp) -> Result<(), StoreError> {
    let right = crate::domain::account::EditRight::command_line(event_id);
    let message = store::event_message::NewEventMessage {
        audience: crate::domain::event_message::Audience::Board,
        subject: "Préparez vos objectifs pour le garagethon",
        body_md: "Bonjour,\n\nPensez à découper vos objectifs en tâches **d’une demi-journée** au plus : \
                  ce sera plus facile de trouver de l’aide sur place.\n\nÀ très vite !",
        send_at: now + jiff::SignedDuration::from_hours(24 * 7),
    };
    store::event_message::create(db, &right, &message, None, now).await?;
    Ok(())
}

/// I3: a paused webhook subscription of the garagethon, to show the page and its secret
/// rotation; `.invalid` never resolves, so the demo sends nothing to the outside world.
async fn install_webhook(db: &Db, event_id: EventId, now: Timestamp) -> Result<(), StoreError> {
    use crate::domain::webhook::EventType;
    let right = crate::domain::account::EditRight::command_line(event_id);
    let owner = store::webhook::Owner::Event(&right);
    let types = [EventType::RegistrationConfirmed, EventType::RegistrationCancelled, EventType::BoardObjectiveDone];
    let sub = store::webhook::create(db, owner, "https://crm.exemple.invalid/webhooks/rencontres", &types, now).await?;
    store::webhook::set_paused(db, owner, sub.id, true, now).await
}

/// C1: an open call for talks for the afternoon of talks, closing a month before it.
async fn install_call(db: &Db, event_id: EventId, event_start: Date, now: Timestamp) -> Result<(), StoreError> {
    use crate::domain::cfp::{Window, parse_format_line};
    let opens = now.to_zoned(crate::domain::event::paris()).date().checked_sub(10.days()).unwrap_or(event_start);
    let closes = event_start.checked_sub(30.days()).unwrap_or(event_start);
    let settings = crate::domain::cfp::CallSettings {
        window: Window::from_paris(opens.at(0, 0, 0, 0), closes.at(23, 59, 0, 0)),
        decisions_by: closes.checked_add(7.days()).ok(),
        programme_by: closes.checked_add(14.days()).ok(),
        intro:
            "Vous êtes agent public et un logiciel libre vous rend service ? Racontez-le en **cinq à vingt minutes**."
                .into(),
        formats: ["Intervention courte | 5 | 20", "Éclair | 5"]
            .iter()
            .map(|l| parse_format_line(l).map_err(|e| StoreError::Corrupt(e.to_string())))
            .collect::<Result<_, _>>()?,
        questions: vec!["Avez-vous besoin d'un matériel particulier ?".into()],
        criteria: vec!["Intérêt pour le public".into(), "Retour d'expérience concret".into()],
        anonymous: false,
        show_accepted: true,
        announced_at: None,
    };
    let right = crate::domain::account::EditRight::command_line(event_id);
    store::cfp::settings::save_settings(db, &right, &settings, now).await
}

/// C1 C4: a call for talks of the garagethon, closed a month ago and announced, with one
/// accepted talk; returns its proposal id.
async fn install_closed_call(db: &Db, event_id: EventId, now: Timestamp) -> Result<i64, StoreError> {
    use crate::domain::cfp::{Window, parse_format_line};
    let today = now.to_zoned(crate::domain::event::paris()).date();
    let opens = today.checked_sub(60.days()).unwrap_or(today);
    let closes = today.checked_sub(30.days()).unwrap_or(today);
    let settings = crate::domain::cfp::CallSettings {
        window: Window::from_paris(opens.at(0, 0, 0, 0), closes.at(23, 59, 0, 0)),
        decisions_by: None,
        programme_by: None,
        intro: "Cinq minutes pour montrer ce qui a avancé.".into(),
        formats: vec![parse_format_line("Éclair | 5 | 45").map_err(|e| StoreError::Corrupt(e.to_string()))?],
        questions: vec![],
        criteria: vec![],
        anonymous: false,
        show_accepted: false,
        announced_at: None,
    };
    let right = crate::domain::account::EditRight::command_line(event_id);
    store::cfp::settings::save_settings(db, &right, &settings, now).await?;
    store::cfp::speakers::seed_accepted(
        db,
        event_id,
        "Présentations éclair",
        45,
        (
            "Camille Leroy",
            "camille.leroy@example.org",
            "Direction interministérielle du numérique",
            "Développeuse à la DINUM, Camille anime les présentations éclair des garagethons.\n\n\
             Elle contribue à plusieurs logiciels libres publiés par l'État.",
        ),
        now,
    )
    .await
}

/// D1 D3: the garagethon's "programme indicatif", released once, so that a newcomer sees
/// the programme pages and exports.
async fn install_programme(
    db: &Db,
    event_id: EventId,
    first: Date,
    last: Date,
    now: Timestamp,
) -> Result<(), StoreError> {
    use crate::domain::programme::{Colour, ItemInput, ItemKind, RoomInput};
    // Demo data is written by the operator's own binary, with the command line's right.
    let right = crate::domain::account::EditRight::command_line(event_id);
    // C4 (issue 19): the lightning talks come from an accepted talk of a call closed and
    // announced, so that its speaker has a public page (bio) linked from the programme.
    let lightning = install_closed_call(db, event_id, now).await?;
    let built = store::programme::edit_draft(db, &right, "programme.demo", now, |d| {
        let room = |name: &str, capacity: u32, accessibility: Option<&str>| RoomInput {
            name: name.into(),
            capacity: Some(capacity),
            accessibility: accessibility.map(str::to_owned),
            opens: None,
            closes: None,
        };
        let grande = d.add_room(room("Grande salle", 80, Some("De plain-pied, boucle magnétique")))?;
        let atelier_1 = d.add_room(room("Atelier 1", 20, Some("De plain-pied")))?;
        let atelier_2 = d.add_room(room("Atelier 2", 20, Some("Au premier étage, ascenseur")))?;
        let code = d.add_track("Code et tests", Colour::parse("#000091")?)?;
        let docs = d.add_track("Documentation", Colour::parse("#ffe800")?)?;
        let mut add = |day: Date,
                       h: i8,
                       m: i8,
                       minutes: u32,
                       kind: ItemKind,
                       title: &str,
                       room: Option<i64>,
                       track: Option<i64>,
                       speakers: &[&str],
                       summary: &str| {
            d.add_item(ItemInput {
                kind,
                title: title.into(),
                summary: summary.into(),
                start: day.at(h, m, 0, 0),
                minutes,
                room_id: room,
                track_id: track,
                speakers: speakers.iter().map(|s| s.to_string()).collect(),
                proposal_id: None,
                format_max_minutes: None,
            })
        };
        add(first, 10, 0, 30, ItemKind::Welcome, "Accueil et café", None, None, &[], "")?;
        add(
            first,
            10,
            30,
            60,
            ItemKind::Plenary,
            "Tour de table des objectifs",
            Some(grande),
            None,
            &["Équipe d'animation"],
            "Chaque équipe présente son dépôt et ses objectifs pour les deux jours.",
        )?;
        add(
            first,
            11,
            30,
            60,
            ItemKind::Workshop,
            "Corriger les bogues gênants",
            Some(atelier_1),
            Some(code),
            &[],
            "",
        )?;
        add(first, 11, 30, 60, ItemKind::Workshop, "Documenter l'installation", Some(atelier_2), Some(docs), &[], "")?;
        add(first, 12, 30, 90, ItemKind::Meal, "Pause déjeuner", None, None, &[], "")?;
        add(
            first,
            14,
            0,
            90,
            ItemKind::Workshop,
            "Ateliers (session 1) : écrire les tests qui manquent",
            Some(atelier_1),
            Some(code),
            &[],
            "",
        )?;
        add(
            first,
            14,
            0,
            90,
            ItemKind::Workshop,
            "Ateliers (session 1) : guide de contribution",
            Some(atelier_2),
            Some(docs),
            &[],
            "",
        )?;
        add(
            first,
            16,
            0,
            45,
            ItemKind::Talk,
            "Présentations éclair",
            Some(grande),
            None,
            &["Camille Leroy", "Karim Benali"],
            "Cinq minutes par équipe : ce qui a avancé aujourd'hui.",
        )?;
        add(last, 10, 0, 30, ItemKind::Welcome, "Accueil et café", None, None, &[], "")?;
        add(last, 10, 30, 120, ItemKind::Workshop, "Travail en petits groupes", Some(atelier_1), Some(code), &[], "")?;
        add(last, 12, 30, 90, ItemKind::Meal, "Pause déjeuner", None, None, &[], "")?;
        add(last, 14, 0, 120, ItemKind::Workshop, "Ateliers (session 2)", Some(atelier_2), Some(docs), &[], "")?;
        add(
            last,
            16,
            0,
            60,
            ItemKind::Plenary,
            "Bilan : ce que chacun a appris",
            Some(grande),
            None,
            &["Équipe d'animation"],
            "",
        )?;
        if let Some(item) = d.programme.items.iter_mut().find(|i| i.title == "Présentations éclair") {
            item.proposal_id = Some(lightning);
        }
        Ok(())
    })
    .await;
    match built {
        Err(StoreError::Refused(refusal)) => {
            return Err(StoreError::Corrupt(format!("demo programme refused: {refusal}")));
        }
        built => built?,
    }
    // Issue 19: a second accepted talk, added to the draft, waits for its slot among the
    // « Interventions à placer » of the organisers' programme page and grid.
    store::cfp::speakers::seed_accepted(
        db,
        event_id,
        "Publier le code source d’une application publique",
        20,
        (
            "Karim Benali",
            "karim.benali@example.org",
            "Ministère de l’Intérieur",
            "Karim accompagne les équipes qui ouvrent le code de leurs applications.",
        ),
        now,
    )
    .await?;
    let event = store::event::get(db, event_id).await?;
    store::cfp::programme::add_to_programme(db, &right, &event, now).await?;
    match store::programme::release(db, &right, "Programme indicatif", false, None, now).await {
        Ok(crate::domain::programme::ReleaseOutcome::Released(_)) => Ok(()),
        Ok(crate::domain::programme::ReleaseOutcome::Blocked(w)) => {
            Err(StoreError::Corrupt(format!("demo programme has warnings: {w:?}")))
        }
        Err(StoreError::Refused(refusal)) => Err(StoreError::Corrupt(refusal.to_string())),
        Err(e) => Err(e),
    }
}

/// E1-E5: a board in full swing for the garagethon: people, projects on several forges,
/// objectives in every state, help requests ordered by the facilitators, an accepted offer,
/// lightning talks and one retrospective. Public, so that `/evenements/{slug}/tableau/direct`
/// shows it.
async fn install_board(db: &Db, event_id: EventId, now: Timestamp) -> Result<(), StoreError> {
    use crate::domain::board::{Actor, Estimate, ObjectiveStatus, OfferAction, RequestKind};
    use crate::domain::forge::parse_repository;
    use store::board::{self as b, NewObjective, NewProject, NewRequest, Priority};
    let corrupt = |e: crate::domain::forge::BadUrl| StoreError::Corrupt(format!("demo repository: {e}"));
    let seed = |person: (&'static str, &'static str), organisation: (&'static str, &'static str)| {
        store::registration::seed_confirmed(db, event_id, person, organisation, now)
    };
    // Camille came through ProConnect (I1): organisers see her organisation's SIRET.
    let camille = seed(("Camille Leroy", "camille.leroy@example.org"), ("DINUM", "13002526500013")).await?;
    let karim = seed(("Karim Benali", "karim.benali@example.org"), ("Ministère de l'Intérieur", "")).await?;
    let ines = seed(("Inès Moreau", "ines.moreau@example.org"), ("Région Occitanie", "")).await?;
    let paul = seed(("Paul Girard", "paul.girard@example.org"), ("Prestataire", "")).await?;
    let project = |url: &str,
                   publisher: &str,
                   licence: &str,
                   description: &str,
                   maintainers: &str|
     -> Result<NewProject, StoreError> {
        Ok(NewProject {
            repository: parse_repository(url).map_err(corrupt)?,
            name: None,
            publisher: publisher.into(),
            licence: licence.into(),
            description: description.into(),
            maintainers: maintainers.into(),
        })
    };
    let formulaires = b::add_project(
        db,
        event_id,
        camille,
        &project(
            "https://gitlab.com/exemple-dinum/formulaires",
            "DINUM",
            "EUPL-1.2",
            "Des formulaires en ligne accessibles pour les démarches simples.",
            "Camille Leroy",
        )?,
        now,
    )
    .await?;
    let cartes = b::add_project(
        db,
        event_id,
        ines,
        &project(
            "https://codeberg.org/exemple-region/cartes-libres",
            "Région Occitanie",
            "AGPL-3.0",
            "Publier des cartes de données ouvertes sans serveur dédié.",
            "Inès Moreau",
        )?,
        now,
    )
    .await?;
    let annuaire = b::add_project(
        db,
        event_id,
        karim,
        &project("git@github.com:exemple-interieur/annuaire-agents.git", "Ministère de l'Intérieur", "MIT", "", "")?,
        now,
    )
    .await?;
    let objective = |entry_id: i64, title: &str, estimate: Estimate| NewObjective {
        entry_id,
        title: title.into(),
        estimate,
        link: None,
    };
    let o1 = b::add_objective(
        db,
        event_id,
        camille,
        &objective(formulaires, "Passer le contrôle RGAA des pages de saisie", Estimate::Day),
        now,
    )
    .await?;
    let o2 = b::add_objective(
        db,
        event_id,
        camille,
        &objective(formulaires, "Publier la version 3.0", Estimate::HalfDay),
        now,
    )
    .await?;
    let o3 = b::add_objective(
        db,
        event_id,
        ines,
        &objective(cartes, "Documenter l'installation sur un hébergement statique", Estimate::Hours(3)),
        now,
    )
    .await?;
    b::add_objective(
        db,
        event_id,
        karim,
        &objective(annuaire, "Importer l'annuaire au format LDIF", Estimate::Hours(4)),
        now,
    )
    .await?;
    b::set_objective_status(db, event_id, Actor::Participant(camille), o1, ObjectiveStatus::InProgress, None, now)
        .await?;
    b::set_objective_status(
        db,
        event_id,
        Actor::Participant(camille),
        o2,
        ObjectiveStatus::Done,
        Some("https://gitlab.com/exemple-dinum/formulaires/-/merge_requests/42"),
        now,
    )
    .await?;
    b::set_objective_status(db, event_id, Actor::Participant(ines), o3, ObjectiveStatus::InProgress, None, now).await?;
    let request = |entry_id: i64, kind: RequestKind, title: &str, skills: &str, newcomers: bool| NewRequest {
        entry_id,
        kind,
        title: title.into(),
        details: String::new(),
        skills: skills.into(),
        newcomers,
    };
    let r1 = b::add_request(
        db,
        event_id,
        camille,
        &request(
            formulaires,
            RequestKind::Accessibility,
            "Vérifier la navigation au clavier du formulaire d'adresse",
            "RGAA, lecteur d'écran",
            false,
        ),
        now,
    )
    .await?;
    let r2 = b::add_request(
        db,
        event_id,
        ines,
        &request(cartes, RequestKind::Translation, "Traduire l'interface en occitan", "Occitan", true),
        now,
    )
    .await?;
    b::add_request(
        db,
        event_id,
        karim,
        &request(annuaire, RequestKind::Packaging, "Construire un paquet Debian", "Debian, dpkg", false),
        now,
    )
    .await?;
    // Demo data is written by the operator's own binary, with the command line's right.
    let right = crate::domain::account::EditRight::command_line(event_id);
    b::prioritise(db, &right, r1, &Priority { priority: Some(1), pinned: true, theme: "Accessibilité".into() }, now)
        .await?;
    b::prioritise(db, &right, r2, &Priority { priority: Some(2), pinned: false, theme: "Table 2".into() }, now).await?;
    let offer = b::offer_help(db, event_id, paul, r1, "J'ai fait plusieurs audits RGAA.", now).await?;
    b::act_on_offer(db, event_id, Actor::Participant(camille), offer, OfferAction::Accept, now).await?;
    b::sign_up_talk(db, event_id, ines, "Des cartes sans serveur en cinq minutes", 5, now).await?;
    b::sign_up_talk(db, event_id, paul, "Trois pièges du RGAA", 5, now).await?;
    b::save_retro(
        db,
        event_id,
        paul,
        "Un audit du formulaire d'adresse et deux corrections.",
        "Comment l'équipe publie une version sans interrompre le service.",
        &["https://gitlab.com/exemple-dinum/formulaires/-/merge_requests/43".to_owned()],
        now,
    )
    .await?;
    b::set_public(db, &right, true, now).await?;
    Ok(())
}

/// A made-up old post, imported as `rencontres import` would (A3): its venue is read from a
/// sentence and its hours from a programme, so the administrator's « Doutes de l’import »
/// page has something to confirm or correct (issue 18).
const DEMO_POST: &str = "---\ntitle: Apéro du libre de printemps 2024\ndate: 2024-03-01\n---\n\n\
L'apéro aura lieu le 21 mars 2024 au Café des Images, près de la gare.\n\n\
- 18:30 — Accueil\n- 19:00 — Présentations éclair\n- 21:00 — Fin\n";

async fn install_imported(db: &Db, now: Timestamp) -> Result<usize, StoreError> {
    let source = "demo/apero-du-libre-2024.md";
    let Ok(post) = crate::import::parse_post(source, std::path::Path::new("."), DEMO_POST.as_bytes()) else {
        return Ok(0);
    };
    match store::event::import(db, source, &post.content_hash, &post.draft, now).await? {
        store::event::ImportOutcome::Created(_) => {
            store::import_doubt::replace(db, source, &post.facts.doubts(), now).await?;
            Ok(1)
        }
        _ => Ok(0),
    }
}
