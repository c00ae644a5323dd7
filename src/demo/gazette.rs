//! F1 demo: three past issues of the gazette, written in our own words, and a few confirmed
//! subscribers, so that `/gazette`, its feed and the organiser page show something.

use crate::domain::gazette::IssueDraft;
use crate::store::{self, Db, StoreError};
use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};

const ISSUES: [(i64, &str, i32, &str); 3] = [
    (
        29,
        "Gazette BlueHats 🧢 n°29",
        -150,
        "## 🎉 Ce qui s’est passé\n\nLe garagethon d’automne a réuni une quarantaine de personnes : \
         six projets ont publié une nouvelle version le jour même.<br/>\n\n\
         ## 📚 À lire\n\n- Un guide pour publier le code d’une administration\n- Le retour d’expérience d’une \
         collectivité sur son logiciel de gestion des salles\n",
    ),
    (
        30,
        "Gazette BlueHats 🧢 n°30",
        -90,
        "## 🧢 Les nouvelles\n\nBienvenue aux nouveaux abonnés ! Ce numéro revient sur l’après-midi des \
         interventions et ouvre l’appel pour la prochaine édition.\n\n\
         ## 🛠️ Les projets qui cherchent de l’aide\n\n1. Une bibliothèque de composants accessibles\n\
         2. Un outil de publication de données ouvertes\n",
    ),
    (
        31,
        "Gazette BlueHats 🧢 n°31",
        -30,
        "## 🌱 Ce mois-ci\n\nLes inscriptions au prochain garagethon sont ouvertes : trente places, \
         premières arrivées, premières servies.\n\n\
         ## 💬 Rejoindre la discussion\n\nLe salon de la communauté est ouvert à toutes et à tous, \
         agents publics comme prestataires.\n",
    ),
];

/// Adds what is missing (importing the same issues twice changes nothing).
pub async fn install(db: &Db, today: Date, now: Timestamp) -> Result<(), StoreError> {
    for (number, title, offset, body) in ISSUES {
        let draft = IssueDraft { number, title: title.into(), body_md: body.into() };
        let day = today.checked_add(offset.days()).unwrap_or(today);
        let published = crate::domain::event::to_instant(day.to_datetime(jiff::civil::Time::constant(10, 0, 0, 0)));
        match store::gazette_issue::import_archived(db, &draft, published, now).await {
            Ok(_) | Err(StoreError::Refused(_)) => {}
            Err(e) => return Err(e),
        }
    }
    let subscribers: Vec<String> = ["camille.leroy", "karim.benali", "ines.moreau", "paul.girard", "lea.martin"]
        .iter()
        .map(|n| format!("{n}@example.org"))
        .collect();
    store::gazette::seed_confirmed(db, &subscribers, now).await?;
    Ok(())
}
