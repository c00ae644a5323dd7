//! G4: the audit log as administrators read it: who by name, what in a French sentence, on
//! which object by its title (kept after a deletion), filtered by event, account and dates.
//! The store keeps codes and ids; the wording lives here.

use super::auth::Admin;
use crate::domain::event::paris;
use crate::store;
use crate::store::audit::{Filter, Listed};
use crate::web::App;
use crate::web::error::WebError;
use axum::extract::{Query, State};
use axum::response::Html;
use jiff::Timestamp;
use jiff::civil::Date;
use minijinja::context;
use serde::{Deserialize, Serialize};

/// How many entries one page shows at most.
pub const PAGE_LIMIT: i64 = 500;

/// The French sentence of an action code, or `None` for a code this table does not know
/// (the page then shows the code; a test walks every organiser write to keep this complete).
pub fn sentence(action: &str) -> Option<&'static str> {
    Some(match action {
        "event_created" => "a créé l’événement",
        "event_updated" => "a modifié l’événement",
        "event_deleted" => "a supprimé l’événement",
        "event_cancelled" => "a annulé l’événement",
        "event_duplicated" => "a dupliqué l’événement pour l’édition suivante",
        "event_image_set" => "a changé l’image de l’événement",
        "event_published" => "a publié l’événement",
        "event_unpublished" => "a retiré l’événement de la publication",
        "registration.configure" => "a réglé les inscriptions",
        "registration.announce" => "a annoncé l’ouverture des inscriptions",
        "registration.schedule_announcement" => "a programmé l’annonce des inscriptions",
        "registration.decide" => "a décidé d’une inscription",
        "registration.draw" => "a tiré au sort les places",
        "registration.merge_organisations" => "a fusionné des organisations sous un même nom",
        "registration.check_in" => "a pointé une arrivée",
        "registration.erase" => "a effacé une inscription",
        "registration.purge" => "a purgé les données des inscriptions",
        "registration.invite" => "a invité une personne à s’inscrire",
        "registration.revoke_invitation" => "a retiré une invitation",
        "registration.renew_link" => "a remplacé le lien privé d’une inscription",
        "registration.walk_in" => "a inscrit une personne arrivée sans inscription, présente",
        "message.retry" => "a remis un courriel dans la file d’envoi",
        "event_message.send" => "a écrit à un groupe de participants de l’événement",
        "event_message.schedule" => "a programmé un message à un groupe de participants de l’événement",
        "event_message.test" => "s’est envoyé un essai d’un message aux participants",
        "webhook.create" => "a créé un abonnement webhook",
        "webhook.pause" => "a mis en pause un abonnement webhook",
        "webhook.resume" => "a repris un abonnement webhook",
        "webhook.rotate" => "a changé le secret d’un abonnement webhook",
        "webhook.delete" => "a supprimé un abonnement webhook",
        "webhook.replay" => "a rejoué une livraison de webhook",
        "registration.no_shows" => "a relevé les absences",
        "registration.survey_sent" => "a envoyé le questionnaire de satisfaction",
        "question.add" => "a ajouté une question au formulaire d’inscription",
        "question.remove" => "a retiré une question du formulaire d’inscription",
        "question.update" => "a modifié une question du formulaire d’inscription",
        "question.move" => "a déplacé une question du formulaire d’inscription",
        "cfp.configure" => "a réglé l’appel à interventions",
        "cfp.review" => "a évalué une proposition",
        "cfp.prepare_decisions" => "a préparé les décisions de l’appel",
        "cfp.decide" => "a décidé d’une proposition",
        "cfp.announce" => "a annoncé les décisions de l’appel",
        "cfp.message" => "a écrit aux intervenants acceptés",
        "cfp.to_programme" => "a ajouté les interventions acceptées au programme",
        "programme.import" => "a importé le programme",
        "programme.release" => "a publié une version du programme",
        "programme.edit" => "a modifié le programme",
        "programme.add_item" => "a ajouté un créneau au programme",
        "programme.move_item" => "a déplacé un créneau du programme",
        "programme.swap_items" => "a échangé deux créneaux du programme",
        "programme.remove_item" => "a retiré un créneau du programme",
        "programme.update_item" => "a modifié un créneau du programme",
        "programme.place_item" => "a placé une intervention en attente dans le programme",
        "programme.unplace_item" => "a remis un créneau du programme parmi les interventions à placer",
        "programme.add_room" => "a ajouté une salle au programme",
        "programme.update_room" => "a modifié une salle du programme",
        "programme.remove_room" => "a supprimé une salle du programme",
        "programme.add_track" => "a ajouté un thème au programme",
        "programme.update_track" => "a modifié un thème du programme",
        "programme.remove_track" => "a supprimé un thème du programme",
        "mail_template.save" => "a modifié le texte d’un courriel",
        "mail_template.reset" => "a rétabli le texte d’origine d’un courriel",
        "board.set_public" => "a changé la visibilité du tableau",
        "board.prioritise" => "a changé les priorités du tableau",
        "board.move_talk" => "a déplacé une intervention éclair du tableau",
        "board.objective_status" => "a changé l’état d’un objectif du tableau",
        "board.offer" => "a proposé une aide sur le tableau",
        "board.request_open" => "a ouvert une demande sur le tableau",
        "board.withdraw_talk" => "a retiré une intervention éclair du tableau",
        "gazette_issue_created" => "a créé un numéro de la gazette",
        "gazette_issue_updated" => "a modifié un numéro de la gazette",
        "gazette_issue_scheduled" => "a programmé l’envoi d’un numéro de la gazette",
        "gazette_issue_unscheduled" => "a annulé l’envoi programmé d’un numéro de la gazette",
        "gazette_issue_test_sent" => "s’est envoyé un essai d’un numéro de la gazette",
        "gazette_issue_paused" => "a mis en pause l’envoi d’un numéro de la gazette",
        "gazette_issue_resumed" => "a repris l’envoi d’un numéro de la gazette",
        "gazette.import_subscribers" => "a importé des abonnés de la gazette depuis un fichier CSV",
        "import_doubt_confirmed" => "a confirmé un fait douteux de l’import",
        "check_in_link_created" => "a créé un lien d’accueil",
        "check_in_link_revoked" => "a révoqué un lien d’accueil",
        "api_token_created" => "a créé un jeton d’API",
        "api_token_revoked" => "a retiré un jeton d’API",
        "user_created" => "a créé le compte",
        "user_invited" => "a invité le compte",
        "user_disabled" => "a désactivé le compte",
        "user_enabled" => "a réactivé le compte",
        "user_demoted" => "a retiré les droits d’administration du compte",
        "user_role_removed" => "a retiré un rôle au compte",
        "user_sessions_closed" => "a fermé les sessions du compte",
        "login" => "s’est connecté",
        "oidc_linked" => "a relié son identité ProConnect (OpenID Connect) au compte",
        "logout" => "s’est déconnecté",
        "logout_everywhere" => "s’est déconnecté de tous ses appareils",
        "password_reset_requested" => "a demandé un nouveau mot de passe",
        "login_unlock_mailed" => "a reçu un lien de déblocage de connexion",
        "login_unlocked" => "a débloqué sa connexion",
        _ => return None,
    })
}

/// The French label of a `details` key; unknown keys are shown as they are.
fn detail_label(key: &str) -> &str {
    match key {
        "title" => "titre",
        "slug" => "adresse",
        "registrations" => "inscriptions",
        "registration" => "inscription",
        "proposals" => "propositions",
        "releases" => "versions du programme",
        "places" => "places",
        "quota" => "quota par organisation",
        "decision" => "décision",
        "question" => "question",
        "recipients" => "destinataires",
        "sent" => "envoyés",
        "mails" => "courriels",
        "notified" => "personnes prévenues",
        "selected" => "retenus",
        "seed" => "graine du tirage",
        "kind" => "type",
        "name" => "nom",
        "at" => "date",
        "from" => "depuis",
        "to" => "vers",
        "mode" => "mode",
        "public" => "public",
        "hidden" => "masqué",
        "admin" => "administrateur",
        "sessions" => "sessions",
        "erased" => "effacées",
        "absent" => "absents",
        "number" => "numéro",
        "generation" => "génération du lien",
        "invitation" => "invitation",
        "via" => "par",
        "link_id" => "lien d’accueil n°",
        "hours" => "heures",
        "announced" => "annoncé",
        "overridden" => "décision forcée",
        "event_id" => "événement n°",
        "webhook" => "abonnement webhook n°",
        "delivery" => "livraison n°",
        "events" => "événements n°",
        "access" => "droits",
        _ => key,
    }
}

/// A `details` value as words: the command line and check-in links by name, booleans as
/// oui/non, strings without quotes.
fn detail_value(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) if s == store::audit::COMMAND_LINE => "la ligne de commande".into(),
        serde_json::Value::String(s) if s == store::audit::CHECK_IN_LINK => "un lien d’accueil".into(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Bool(true) => "oui".into(),
        serde_json::Value::Bool(false) => "non".into(),
        serde_json::Value::Null => "—".into(),
        serde_json::Value::Array(items) => items.iter().map(detail_value).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// The details of an entry as « clé : valeur » pairs.
fn details(raw: &str) -> Vec<String> {
    match serde_json::from_str::<serde_json::Value>(raw) {
        Ok(serde_json::Value::Object(map)) => {
            map.iter().map(|(k, v)| format!("{} : {}", detail_label(k), detail_value(v))).collect()
        }
        Ok(serde_json::Value::Null) | Err(_) if raw.trim().is_empty() => Vec::new(),
        _ => vec![raw.to_owned()],
    }
}

#[derive(Serialize)]
struct Row {
    at: String,
    who: String,
    what: String,
    code: String,
    object: String,
    details: Vec<String>,
}

/// Who acted, by name: the account's name (or address when it has none), the command
/// line, or the site itself.
fn who(listed: &Listed) -> String {
    match (&listed.actor_name, &listed.actor_email) {
        (Some(name), _) if !name.trim().is_empty() => name.clone(),
        (_, Some(email)) => email.clone(),
        _ if listed.entry.by_command_line() => "Ligne de commande".into(),
        _ => match listed.entry.user_id {
            Some(id) => format!("Compte n° {id} (supprimé)"),
            None => "Le site".into(),
        },
    }
}

/// The object, by its title: an event's current title, or the one kept in the entry once
/// the event is gone; an account's name.
fn object(listed: &Listed) -> String {
    let e = &listed.entry;
    match e.object_kind.as_str() {
        "event" => match &listed.event_title {
            Some(title) => format!("« {title} »"),
            None => {
                let kept = serde_json::from_str::<serde_json::Value>(&e.details)
                    .ok()
                    .and_then(|d| d.get("title").and_then(|t| t.as_str()).map(str::to_owned));
                match kept {
                    Some(title) => format!("« {title} » (supprimé)"),
                    None => format!("événement n° {} (supprimé)", e.object_id.unwrap_or_default()),
                }
            }
        },
        "user" => match (&listed.subject_name, &listed.subject_email) {
            (Some(name), Some(email)) if !name.trim().is_empty() => format!("{name} <{email}>"),
            (_, Some(email)) => email.clone(),
            _ => format!("compte n° {}", e.object_id.unwrap_or_default()),
        },
        "gazette_issue" => format!("numéro de la gazette (fiche {})", e.object_id.unwrap_or_default()),
        "webhook" => format!("abonnement webhook n° {} (tout le site)", e.object_id.unwrap_or_default()),
        "api_token" => format!("jeton d’API n° {}", e.object_id.unwrap_or_default()),
        kind => match e.object_id {
            Some(id) => format!("{kind} n° {id}"),
            None => kind.to_owned(),
        },
    }
}

fn row(listed: &Listed) -> Row {
    let e = &listed.entry;
    Row {
        at: Timestamp::from_second(e.at)
            .map(|t| t.to_zoned(paris()).strftime("%d/%m/%Y %H:%M:%S").to_string())
            .unwrap_or_default(),
        who: who(listed),
        what: sentence(&e.action).map(str::to_owned).unwrap_or_else(|| e.action.clone()),
        code: e.action.clone(),
        object: object(listed),
        details: details(&e.details),
    }
}

/// The journal's filters as the GET form sends them; empty means "all".
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct JournalQuery {
    pub evenement: String,
    pub compte: String,
    pub du: String,
    pub au: String,
}

/// Midnight in Paris of `day`, in seconds.
fn paris_midnight(day: Date) -> Option<i64> {
    day.to_zoned(paris()).ok().map(|z| z.timestamp().as_second())
}

/// The store filter of a query, and the French messages of the parts that were not
/// understood (those parts are ignored, the rest still applies).
fn filter(query: &JournalQuery) -> (Filter, Vec<String>) {
    let mut problems = Vec::new();
    let mut id = |raw: &str, what: &str| -> Option<i64> {
        let raw = raw.trim();
        if raw.is_empty() {
            return None;
        }
        raw.parse().ok().or_else(|| {
            problems.push(format!("Le filtre « {what} » n’est pas compris : il est ignoré."));
            None
        })
    };
    let event_id = id(&query.evenement, "événement");
    let user_id = id(&query.compte, "compte");
    let mut day = |raw: &str, what: &str| -> Option<Date> {
        let raw = raw.trim();
        if raw.is_empty() {
            return None;
        }
        raw.parse::<Date>().ok().or_else(|| {
            problems.push(format!(
                "La date « {what} » doit s’écrire AAAA-MM-JJ (par exemple 2026-12-07) : elle est ignorée."
            ));
            None
        })
    };
    let from = day(&query.du, "du").and_then(paris_midnight);
    let until = day(&query.au, "au").and_then(|d| d.tomorrow().ok()).and_then(paris_midnight);
    (Filter { event_id, user_id, from, until, limit: PAGE_LIMIT }, problems)
}

/// GET /organisation/journal: the latest entries that match the filters, newest first.
pub async fn audit_log(
    State(app): State<App>,
    admin: Admin,
    Query(query): Query<JournalQuery>,
) -> Result<Html<String>, WebError> {
    let (filter, problems) = filter(&query);
    let entries = store::audit::list_filtered(&app.db, &admin.right, &filter).await?;
    let rows: Vec<Row> = entries.iter().map(row).collect();
    let events = store::event::list_for_account(&app.db, &admin.user.account).await?;
    let events: Vec<_> = events.iter().map(|e| context! { id => e.id, title => &e.draft.title }).collect();
    let accounts = store::account::list_users(&app.db, &admin.right).await?;
    let accounts: Vec<_> = accounts
        .iter()
        .map(|a| {
            let label = if a.user.name.trim().is_empty() {
                a.user.email.clone()
            } else {
                format!("{} <{}>", a.user.name, a.user.email)
            };
            context! { id => a.user.id, label }
        })
        .collect();
    let filtered =
        filter.event_id.is_some() || filter.user_id.is_some() || filter.from.is_some() || filter.until.is_some();
    let html = app.render(
        "organiser/audit.html",
        context! {
            page_title => "Journal des actions", section => "organiser", csrf => &admin.user.csrf, is_admin => true,
            entries => rows, events, accounts, query, problems, filtered, limit => PAGE_LIMIT,
        },
    )?;
    Ok(Html(html))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_read_as_french_pairs() {
        assert_eq!(
            details(r#"{"title":"Journée","registrations":3,"via":"command_line","admin":true}"#),
            ["administrateur : oui", "inscriptions : 3", "titre : Journée", "par : la ligne de commande"]
        );
        assert_eq!(details("{}"), Vec::<String>::new());
        assert_eq!(details("pas du json"), ["pas du json"]);
    }

    #[test]
    fn filter_reads_dates_as_paris_days_and_reports_what_it_ignores() {
        let (f, problems) = filter(&JournalQuery {
            evenement: "7".into(),
            compte: "x".into(),
            du: "2026-03-29".into(),
            au: "2026-03-29".into(),
        });
        assert_eq!((f.event_id, f.user_id), (Some(7), None));
        // The day summer time starts in Paris is 23 hours long.
        assert_eq!(f.until.unwrap() - f.from.unwrap(), 23 * 3600);
        assert_eq!(problems.len(), 1, "{problems:?}");
        let (f, problems) = filter(&JournalQuery { du: "07/12/2026".into(), ..Default::default() });
        assert_eq!((f.from, problems.len()), (None, 1));
    }

    #[test]
    fn unknown_codes_have_no_sentence() {
        assert_eq!(sentence("event_created"), Some("a créé l’événement"));
        assert_eq!(sentence("something_new"), None);
    }
}
