//! Demo data for `rencontres serve --demo`: a few events of our own writing, dated around
//! today so that a newcomer sees upcoming and past editions on a live site.

use crate::domain::event::{
    EventDates, EventDraft, EventKind, EventLink, EventStatus, Image, Slug, Venue,
};
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
}

fn lieu() -> Venue {
    Venue {
        name: Some("Lieu de la Transformation Publique".into()),
        address: Some("77 avenue de Ségur, 75015 Paris".into()),
        room: None,
        osm_url: Some("https://osm.org/go/0BOdSvERD?node=9825094308".into()),
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
        },
        Demo {
            title: "Atelier en ligne : publier son code source",
            summary: "Une heure et demie pour passer en revue les étapes de l'ouverture d'un code source administratif : licence, dépôt, documentation.",
            body: "Un atelier pratique et à distance, ouvert à toutes et tous.\n\n1. Choisir une licence parmi celles autorisées pour les administrations\n2. Préparer le dépôt : README, fichier de contribution, historique propre\n3. Annoncer la publication et accueillir les premières contributions\n\nLe lien de connexion est envoyé la veille aux personnes inscrites.",
            kind: EventKind::Workshop,
            offset_days: 20,
            days: 1,
            hours: Some((time(14, 0, 0, 0), time(15, 30, 0, 0))),
            venue: Venue::default(),
            tags: &["bluehats", "atelier"],
            links: &[],
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
        },
    ]
}

/// Adds the demo events that are not there yet (by slug); returns how many were added.
/// The first upcoming event takes registrations (first come first served, 30 places).
pub async fn install(db: &Db, mailing: &store::registration::Mailing<'_>, today: Date, now: Timestamp) -> Result<usize, StoreError> {
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
            body_md: demo.body.into(),
            kind: demo.kind,
            dates,
            venue: demo.venue,
            audience: Some("Agents publics, prestataires du secteur public, curieuses et curieux".into()),
            image: Some(Image::new("/assets/demo/bluehats.svg".into(), "Un chapeau bleu, emblème de la communauté BlueHats".into(), false).expect("alt given")),
            tags: demo.tags.iter().map(|t| t.to_string()).collect(),
            links: demo.links.iter().map(|(l, t, u)| EventLink { label: l.to_string(), text: t.to_string(), url: u.to_string() }).collect(),
            contact_email: Some("bluehats@example.org".into()),
            status: EventStatus::Published,
            published_on: None,
        };
        let event = store::event::create(db, &draft, now).await?;
        if demo.kind == EventKind::Garagethon {
            let settings = store::registration::EventSettings {
                rules: crate::domain::registration::Settings {
                    mode: crate::domain::registration::Mode::FirstCome,
                    places: 30,
                    opens_at: None,
                    closes_at: None,
                    offer_hours: 48,
                    email_hours: 48,
                    allowed_statuses: vec![],
                    allowed_domains: vec![],
                },
                decisions_at: None,
                external_url: None,
                consent_text: "J'accepte que mes nom, adresse et organisation soient utilisés pour organiser cet événement.".into(),
                retention_days: 180,
            };
            store::registration::save_settings(db, mailing, &event, &settings, now).await?;
        }
        added += 1;
    }
    Ok(added)
}
