//! I3 (issue 16): webhook subscriptions in the organiser space. An event's organisers manage
//! its subscriptions (`/organisation/evenements/{id}/webhooks`), administrators the site-wide
//! ones (`/organisation/webhooks`): create (the secret shown once), pause and resume, a new
//! secret (the previous one signs beside it for a day), delete after a confirmation page, and
//! the delivery log with « Rejouer ». Every action is audited by the store.

use super::auth::{Admin, Organiser};
use crate::domain::event::paris;
use crate::domain::webhook::{DeliveryStatus, EventType, Forbidden};
use crate::store::webhook::{Delivery, Owner, Subscription};
use crate::store::{self, Conflict, StoreError};
use crate::web::App;
use crate::web::error::WebError;
use crate::web::form::FrenchForm;
use crate::webhook::UrlRefusal;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use minijinja::context;
use serde::Serialize;

/// How many deliveries of each subscription the page lists.
const LOG_LIMIT: i64 = 20;

/// Whose subscriptions a page shows: one event's, or the site's.
enum Scope {
    Event(Organiser),
    Site(Admin),
}

impl Scope {
    fn owner(&self) -> Owner<'_> {
        match self {
            Scope::Event(o) => Owner::Event(&o.right),
            Scope::Site(a) => Owner::Site(&a.right),
        }
    }

    fn base(&self) -> String {
        match self {
            Scope::Event(o) => format!("/organisation/evenements/{}/webhooks", o.right.event_id()),
            Scope::Site(_) => "/organisation/webhooks".into(),
        }
    }

    fn csrf(&self) -> &str {
        match self {
            Scope::Event(o) => &o.user.csrf,
            Scope::Site(a) => &a.user.csrf,
        }
    }

    fn is_admin(&self) -> bool {
        match self {
            Scope::Event(o) => o.user.account.user.is_admin,
            Scope::Site(_) => true,
        }
    }

    /// The types this scope's subscriptions may follow.
    fn types(&self) -> Vec<EventType> {
        match self {
            Scope::Event(_) => EventType::ALL.into_iter().filter(|t| t.per_event()).collect(),
            Scope::Site(_) => EventType::ALL.to_vec(),
        }
    }
}

/// The French name of an event type.
pub fn type_fr(t: EventType) -> &'static str {
    match t {
        EventType::RegistrationConfirmed => "Inscription confirmée",
        EventType::RegistrationCancelled => "Inscription annulée",
        EventType::RegistrationOffered => "Place libérée proposée à une personne en liste d’attente",
        EventType::ProposalSubmitted => "Proposition d’intervention envoyée",
        EventType::ProposalDecided => "Décision annoncée sur une proposition",
        EventType::ProposalConfirmed => "Intervention confirmée par son orateur ou son oratrice",
        EventType::ProgrammeReleased => "Nouvelle version du programme publiée",
        EventType::GazetteSent => "Numéro de la gazette envoyé",
        EventType::BoardObjectiveDone => "Objectif du tableau du garagethon atteint",
    }
}

fn status_fr(s: DeliveryStatus) -> &'static str {
    match s {
        DeliveryStatus::Queued => "En attente",
        DeliveryStatus::Delivering => "En cours d’envoi",
        DeliveryStatus::Retrying => "Nouvel essai prévu",
        DeliveryStatus::Succeeded => "Livrée",
        DeliveryStatus::Failed => "En échec",
    }
}

fn forbidden_fr(f: Forbidden) -> &'static str {
    match f {
        Forbidden::Loopback => "boucle locale",
        Forbidden::Private => "réseau privé",
        Forbidden::LinkLocal => "adresse lien-local",
        Forbidden::Metadata => "service de métadonnées d’un hébergeur",
        Forbidden::SharedAddressSpace => "espace partagé d’opérateur",
        Forbidden::Multicast => "multidiffusion",
        Forbidden::Unspecified => "adresse non spécifiée",
        Forbidden::Reserved => "plage réservée",
    }
}

/// The French message of a refused URL, shown beside the field.
pub fn refusal_fr(r: &UrlRefusal) -> String {
    match r {
        UrlRefusal::Malformed => "Saisissez une adresse web complète, par exemple https://exemple.fr/webhooks.".into(),
        UrlRefusal::TooLong => "L’adresse ne peut pas dépasser 2 000 caractères.".into(),
        UrlRefusal::NotHttps => "Seules les adresses en https:// sont acceptées.".into(),
        UrlRefusal::Credentials => "L’adresse ne doit contenir ni identifiant ni mot de passe.".into(),
        UrlRefusal::Unresolved => "Ce nom de domaine est introuvable.".into(),
        UrlRefusal::Address(ip, why) => format!(
            "Cette adresse mène à {ip} ({}) : seules les adresses publiques d’Internet sont acceptées.",
            forbidden_fr(*why)
        ),
    }
}

fn paris_time(at: i64) -> String {
    Timestamp::from_second(at)
        .map(|t| t.to_zoned(paris()).strftime("%d/%m/%Y à %H:%M:%S").to_string())
        .unwrap_or_default()
}

#[derive(Serialize)]
struct DeliveryRow {
    id: i64,
    webhook_id: String,
    kind: &'static str,
    status: &'static str,
    code: String,
    attempts: i64,
    at: String,
    error: String,
    replayable: bool,
}

fn delivery_row(d: &Delivery) -> DeliveryRow {
    DeliveryRow {
        id: d.id,
        webhook_id: d.webhook_id.clone(),
        kind: EventType::parse(&d.event_type).map_or("", type_fr),
        status: status_fr(d.status),
        code: d.last_status_code.map(|c| c.to_string()).unwrap_or_default(),
        attempts: d.attempts,
        at: paris_time(d.last_attempt_at.unwrap_or(d.created_at)),
        error: d.last_error.clone().unwrap_or_default(),
        replayable: d.status != DeliveryStatus::Delivering,
    }
}

#[derive(Serialize)]
struct SubscriptionRow {
    id: i64,
    url: String,
    types: Vec<&'static str>,
    paused: bool,
    created: String,
    rotated_until: String,
    deliveries: Vec<DeliveryRow>,
}

/// What the creation form holds: the URL and types typed, and the refusal beside the field.
#[derive(Default, Serialize)]
struct FormState {
    url: String,
    types: Vec<&'static str>,
    error_url: Option<String>,
    error_types: Option<&'static str>,
}

/// A secret just made, shown once.
#[derive(Serialize)]
struct Shown {
    id: i64,
    secret: String,
    rotated: bool,
}

async fn render(
    app: &App,
    scope: &Scope,
    status: StatusCode,
    form: FormState,
    shown: Option<Shown>,
    done: &str,
) -> Result<Response, WebError> {
    let (event_id, title) = match scope {
        Scope::Event(o) => {
            let event = store::event::get(&app.db, o.right.event_id()).await?;
            (Some(event.id), Some(event.draft.title))
        }
        Scope::Site(_) => (None, None),
    };
    let now = Timestamp::now().as_second();
    let mut rows = Vec::new();
    for sub in store::webhook::list(&app.db, event_id).await? {
        let deliveries = store::webhook::deliveries(&app.db, scope.owner(), sub.id, LOG_LIMIT).await?;
        rows.push(subscription_row(&sub, &deliveries, now));
    }
    let page_title = match &title {
        Some(t) => format!("Webhooks : {t}"),
        None => "Webhooks de tout le site".into(),
    };
    let choices: Vec<(&str, &str)> = scope.types().into_iter().map(|t| (t.as_str(), type_fr(t))).collect();
    let html = app.render(
        "organiser/webhooks.html",
        context! {
            page_title, section => "organiser", csrf => scope.csrf(), is_admin => scope.is_admin(),
            event_id, title, base => scope.base(), subscriptions => rows, choices, form, shown,
            notice => super::notice::text(done), refused => done == "webhook-non-rejouable",
        },
    )?;
    Ok((status, Html(html)).into_response())
}

fn subscription_row(sub: &Subscription, deliveries: &[Delivery], now: i64) -> SubscriptionRow {
    SubscriptionRow {
        id: sub.id,
        url: sub.url.clone(),
        types: sub.event_types.iter().map(|t| type_fr(*t)).collect(),
        paused: sub.paused,
        created: paris_time(sub.created_at),
        rotated_until: sub.previous_until.filter(|u| *u > now).map(paris_time).unwrap_or_default(),
        deliveries: deliveries.iter().map(delivery_row).collect(),
    }
}

async fn show(app: &App, scope: Scope, done: &str) -> Result<Response, WebError> {
    render(app, &scope, StatusCode::OK, FormState::default(), None, done).await
}

/// `GET /organisation/evenements/{id}/webhooks`.
pub async fn event_show(
    State(app): State<App>,
    org: Organiser,
    Query(done): Query<super::notice::Done>,
) -> Result<Response, WebError> {
    show(&app, Scope::Event(org), &done.fait).await
}

/// `GET /organisation/webhooks`.
pub async fn site_show(
    State(app): State<App>,
    admin: Admin,
    Query(done): Query<super::notice::Done>,
) -> Result<Response, WebError> {
    show(&app, Scope::Site(admin), &done.fait).await
}

fn field<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
}

fn id_field(pairs: &[(String, String)], name: &str) -> Result<i64, WebError> {
    field(pairs, name).trim().parse().map_err(|_| WebError::BadRequest("Indiquez l’abonnement concerné.".into()))
}

async fn create(app: &App, scope: Scope, pairs: Vec<(String, String)>) -> Result<Response, WebError> {
    let allowed = scope.types();
    let types: Vec<EventType> = pairs
        .iter()
        .filter(|(k, _)| k == "types")
        .filter_map(|(_, v)| EventType::parse(v))
        .filter(|t| allowed.contains(t))
        .collect();
    let raw_url = field(&pairs, "url").trim().to_owned();
    let checked = crate::webhook::check_subscription_url(&raw_url, app.config.webhooks.allow_http_loopback).await;
    let mut form = FormState {
        url: raw_url.clone(),
        types: types.iter().map(|t| t.as_str()).collect(),
        error_url: checked.as_ref().err().map(refusal_fr),
        error_types: types.is_empty().then_some("Choisissez au moins un type d’événement à suivre."),
    };
    let url = match checked {
        Ok(url) if form.error_types.is_none() => url,
        _ => return render(app, &scope, StatusCode::UNPROCESSABLE_ENTITY, form, None, "").await,
    };
    let sub = store::webhook::create(&app.db, scope.owner(), url.as_str(), &types, Timestamp::now()).await?;
    form = FormState::default();
    let shown = Shown { id: sub.id, secret: sub.secret, rotated: false };
    render(app, &scope, StatusCode::OK, form, Some(shown), "").await
}

/// `POST /organisation/evenements/{id}/webhooks`: subscribes a URL; the secret is shown once.
pub async fn event_create(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(pairs): FrenchForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    create(&app, Scope::Event(org), pairs).await
}

/// `POST /organisation/webhooks`.
pub async fn site_create(
    State(app): State<App>,
    admin: Admin,
    FrenchForm(pairs): FrenchForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    create(&app, Scope::Site(admin), pairs).await
}

async fn pause(app: &App, scope: Scope, pairs: Vec<(String, String)>) -> Result<Response, WebError> {
    let id = id_field(&pairs, "abonnement")?;
    let paused = field(&pairs, "pause") == "oui";
    store::webhook::set_paused(&app.db, scope.owner(), id, paused, Timestamp::now()).await?;
    let done = if paused { "webhook-pause" } else { "webhook-reprise" };
    Ok(Redirect::to(&format!("{}?fait={done}", scope.base())).into_response())
}

/// `POST …/webhooks/pause`: `pause=oui` pauses, anything else resumes.
pub async fn event_pause(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(pairs): FrenchForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    pause(&app, Scope::Event(org), pairs).await
}

pub async fn site_pause(
    State(app): State<App>,
    admin: Admin,
    FrenchForm(pairs): FrenchForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    pause(&app, Scope::Site(admin), pairs).await
}

async fn rotate(app: &App, scope: Scope, pairs: Vec<(String, String)>) -> Result<Response, WebError> {
    let id = id_field(&pairs, "abonnement")?;
    let sub = store::webhook::rotate(&app.db, scope.owner(), id, Timestamp::now()).await?;
    let shown = Shown { id: sub.id, secret: sub.secret, rotated: true };
    render(app, &scope, StatusCode::OK, FormState::default(), Some(shown), "").await
}

/// `POST …/webhooks/secret`: a new secret, shown once; the previous one signs for a day more.
pub async fn event_rotate(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(pairs): FrenchForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    rotate(&app, Scope::Event(org), pairs).await
}

pub async fn site_rotate(
    State(app): State<App>,
    admin: Admin,
    FrenchForm(pairs): FrenchForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    rotate(&app, Scope::Site(admin), pairs).await
}

async fn delete(app: &App, scope: Scope, pairs: Vec<(String, String)>) -> Result<Response, WebError> {
    let id = id_field(&pairs, "abonnement")?;
    let base = scope.base();
    if field(&pairs, "confirme") != "oui" {
        let sub = store::webhook::get(&app.db, scope.owner(), id).await?;
        let html = app.render(
            "organiser/confirm.html",
            context! {
                page_title => "Supprimer un abonnement webhook", section => "organiser", csrf => scope.csrf(),
                is_admin => scope.is_admin(),
                heading => "Supprimer cet abonnement ?",
                question => format!("Plus rien ne sera envoyé à {} et le journal de ses livraisons sera effacé. Cette action est définitive.", sub.url),
                action => format!("{base}/supprimer"), fields => [("abonnement", sub.id.to_string())],
                confirm => "Supprimer l’abonnement", cancel => &base,
            },
        )?;
        return Ok(Html(html).into_response());
    }
    store::webhook::delete(&app.db, scope.owner(), id, Timestamp::now()).await?;
    Ok(Redirect::to(&format!("{base}?fait=webhook-supprime")).into_response())
}

/// `POST …/webhooks/supprimer`: after a confirmation page.
pub async fn event_delete(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(pairs): FrenchForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    delete(&app, Scope::Event(org), pairs).await
}

pub async fn site_delete(
    State(app): State<App>,
    admin: Admin,
    FrenchForm(pairs): FrenchForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    delete(&app, Scope::Site(admin), pairs).await
}

async fn replay(app: &App, scope: Scope, pairs: Vec<(String, String)>) -> Result<Response, WebError> {
    let id = id_field(&pairs, "livraison")?;
    let done = match store::webhook::replay(&app.db, scope.owner(), id, Timestamp::now()).await {
        Ok(()) => "webhook-rejoue",
        Err(StoreError::Conflict(Conflict::NotRetryable)) => "webhook-non-rejouable",
        Err(e) => return Err(e.into()),
    };
    Ok(Redirect::to(&format!("{}?fait={done}", scope.base())).into_response())
}

/// `POST …/webhooks/rejouer`: sends a delivery again, same `webhook-id` and body.
pub async fn event_replay(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(pairs): FrenchForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    replay(&app, Scope::Event(org), pairs).await
}

pub async fn site_replay(
    State(app): State<App>,
    admin: Admin,
    FrenchForm(pairs): FrenchForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    replay(&app, Scope::Site(admin), pairs).await
}
