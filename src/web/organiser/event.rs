//! G2: events edited in the browser: dashboard, create, edit with a Markdown preview,
//! image upload, publish, unpublish, duplicate, delete. Each handler parses, asks the store
//! with the right its extractor proved, and redirects (303) or re-renders the form.

use super::auth::{Creator, CurrentUser, Organiser, Viewer};
use super::form::{EventForm, FieldErrors};
use crate::domain::account;
use crate::domain::event::EventId;
use crate::domain::event::{Event, EventKind, EventStatus, Image};
use crate::domain::message::escape_html;
use crate::mail;
use crate::markdown;
use crate::store::event::SlugChoice;
use crate::store::{self, Conflict, StoreError};
use crate::web::App;
use crate::web::error::WebError;
use crate::web::form::FrenchForm;
use crate::web::views;
use axum::Form;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use minijinja::context;
use serde::{Deserialize, Serialize};

/// The largest image accepted.
pub const MAX_IMAGE_BYTES: usize = 5 * 1024 * 1024;
/// The widest or tallest image accepted, so that decoding cannot exhaust memory.
const MAX_IMAGE_SIDE: u32 = 8_000;
/// The most pixels an uploaded picture may have (a 24-megapixel camera fits).
const MAX_IMAGE_PIXELS: u64 = 25_000_000;

#[derive(Serialize)]
struct KindOption {
    value: &'static str,
    label: &'static str,
}

fn kinds() -> Vec<KindOption> {
    EventKind::ALL.iter().map(|k| KindOption { value: k.as_str(), label: k.label_fr() }).collect()
}

/// One line of the dashboard.
#[derive(Serialize)]
struct Row {
    id: EventId,
    title: String,
    dates_text: String,
    published: bool,
    /// Cancelled (issue 19): still public, marked « Événement annulé ».
    cancelled: bool,
    public_url: String,
    can_edit: bool,
    /// False for a check-in volunteer (G5), who reaches the door page only.
    can_view: bool,
}

fn edit_path(id: EventId) -> String {
    format!("/organisation/evenements/{id}/modifier")
}

fn show_path(id: EventId) -> String {
    format!("/organisation/evenements/{id}")
}

/// The events of the signed-in account, with the actions it may take.
pub async fn dashboard(
    State(app): State<App>,
    user: CurrentUser,
    Query(done): Query<super::notice::Done>,
) -> Result<Html<String>, WebError> {
    let events = store::event::list_for_account(&app.db, &user.account).await?;
    let rows: Vec<Row> = events
        .iter()
        .map(|e| Row {
            id: e.id,
            title: e.draft.title.clone(),
            dates_text: crate::domain::french::when(&e.draft),
            published: e.draft.status == EventStatus::Published,
            cancelled: e.draft.status == EventStatus::Cancelled,
            public_url: views::event_url(e.draft.slug.as_str()),
            can_edit: account::can_edit_event(&user.account, e.id),
            can_view: account::can_view_event(&user.account, e.id),
        })
        .collect();
    let html = app.render(
        "organiser/dashboard.html",
        context! {
            page_title => "Espace organisateur", section => "organiser", csrf => &user.csrf,
            user => &user.account.user, events => rows,
            can_create => account::can_create_event(&user.account),
            notice => super::notice::text(&done.fait),
        },
    )?;
    Ok(Html(html))
}

/// Everything the event form template needs.
struct FormPage<'a> {
    user: &'a CurrentUser,
    event: Option<&'a Event>,
    form: &'a EventForm,
    errors: &'a FieldErrors,
    preview: Option<String>,
    image_errors: &'a FieldErrors,
    image_values: (&'a str, bool),
    /// What the last action did (issue 19).
    notice: Option<&'static str>,
}

fn render_form(app: &App, status: StatusCode, p: FormPage<'_>) -> Result<Response, WebError> {
    let (action, title) = match p.event {
        Some(e) => (edit_path(e.id), format!("Modifier « {} »", e.draft.title)),
        None => ("/organisation/evenements".to_owned(), "Nouvel événement".to_owned()),
    };
    let image = p
        .event
        .and_then(|e| e.draft.image.as_ref())
        .map(|i| context! { url => &i.path, alt => &i.alt, hidden => i.hidden });
    let html = app.render(
        "organiser/event_form.html",
        context! {
            page_title => title, section => "organiser", csrf => &p.user.csrf, action,
            event_id => p.event.map(|e| e.id),
            published => p.event.is_some_and(|e| e.draft.status == EventStatus::Published),
            cancelled => p.event.is_some_and(|e| e.draft.status == EventStatus::Cancelled),
            public_url => p.event.map(|e| views::event_url(e.draft.slug.as_str())),
            values => p.form, errors => p.errors, kinds => kinds(),
            preview_html => p.preview.map(minijinja::Value::from_safe_string),
            image, image_errors => p.image_errors,
            image_alt => p.image_values.0, image_decorative => p.image_values.1,
            notice => p.notice,
        },
    )?;
    Ok((status, Html(html)).into_response())
}

/// The empty event form (a one-day event by default).
pub async fn new_form(State(app): State<App>, creator: Creator) -> Result<Response, WebError> {
    let form = EventForm { kind: EventKind::Day.as_str().to_owned(), ..EventForm::default() };
    let none = FieldErrors::new();
    render_form(
        &app,
        StatusCode::OK,
        FormPage {
            user: &creator.user,
            event: None,
            form: &form,
            errors: &none,
            preview: None,
            image_errors: &none,
            image_values: ("", false),
            notice: None,
        },
    )
}

/// The preview of the Markdown body, through the same sanitiser as the public page, with a
/// warning naming the images from other sites that the pages' security policy will not show.
fn preview_of(form: &EventForm) -> String {
    let html = markdown::to_safe_html(&form.body_md);
    let blocked = markdown::blocked_images(&html);
    if blocked.is_empty() {
        return html;
    }
    let list: String = blocked.iter().map(|src| format!("<li><code>{}</code></li>", escape_html(src))).collect();
    format!(
        "<div class=\"fr-alert fr-alert--warning fr-alert--sm fr-mb-2w\"><p>Ces images viennent d’un autre site : \
         elles ne s’afficheront pas sur la page publique, qui n’affiche que les images de ce site (pour la \
         sécurité et la vie privée des visiteurs). Déposez-les avec le formulaire « Image de l’événement » ou \
         retirez-les.</p><ul>{list}</ul></div>{html}"
    )
}

fn slug_taken() -> FieldErrors {
    FieldErrors::from([("slug", "Cet identifiant d’adresse est déjà pris par un autre événement.".to_owned())])
}

/// Previews, or creates the event as a draft and opens it for editing; 422 with the form
/// and its French errors when a field is refused.
pub async fn create(
    State(app): State<App>,
    creator: Creator,
    Form(form): Form<EventForm>,
) -> Result<Response, WebError> {
    let none = FieldErrors::new();
    let page = |status, errors: &FieldErrors, preview| {
        render_form(
            &app,
            status,
            FormPage {
                user: &creator.user,
                event: None,
                form: &form,
                errors,
                preview,
                image_errors: &none,
                image_values: ("", false),
                notice: None,
            },
        )
    };
    if form.is_preview() {
        return page(StatusCode::OK, &none, Some(preview_of(&form)));
    }
    let draft = match form.parse() {
        Ok(d) => d,
        Err(errors) => return page(StatusCode::UNPROCESSABLE_ENTITY, &errors, None),
    };
    let choice = if form.slug.trim().is_empty() { SlugChoice::Derived } else { SlugChoice::Typed };
    let meeting_url = form.meeting_url();
    let event = match store::event::create_as(
        &app.db,
        &creator.right,
        &draft,
        meeting_url.as_deref(),
        choice,
        Timestamp::now(),
    )
    .await
    {
        Ok(e) => e,
        Err(StoreError::Conflict(Conflict::SlugTaken)) => {
            return page(StatusCode::UNPROCESSABLE_ENTITY, &slug_taken(), None);
        }
        Err(e) => return Err(e.into()),
    };
    app.refresh_content_version().await?;
    tracing::info!(user_id = creator.user.account.user.id, event_id = event.id.get(), "event created");
    Ok(Redirect::to(&format!("{}?fait=cree", edit_path(event.id))).into_response())
}

/// The event as reviewers see it: read-only, with the edit actions for its organisers.
pub async fn show(
    State(app): State<App>,
    viewer: Viewer,
    Query(done): Query<super::notice::Done>,
) -> Result<Html<String>, WebError> {
    let event = store::event::get(&app.db, viewer.event_id).await?;
    let page = views::event_page(&event, Timestamp::now(), views::Live::default());
    let html = app.render(
        "organiser/event_show.html",
        context! {
            page_title => &event.draft.title, section => "organiser", csrf => &viewer.user.csrf,
            event => page, event_id => event.id,
            published => event.draft.status == EventStatus::Published,
            cancelled => event.draft.status == EventStatus::Cancelled,
            can_edit => account::can_edit_event(&viewer.user.account, event.id),
            notice => super::notice::text(&done.fait),
        },
    )?;
    Ok(Html(html))
}

/// The event form filled with the stored event, with its image and actions.
pub async fn edit_form(
    State(app): State<App>,
    org: Organiser,
    Query(done): Query<super::notice::Done>,
) -> Result<Response, WebError> {
    let event = store::event::get(&app.db, org.right.event_id()).await?;
    let meeting_url = store::event::find_meeting_url(&app.db, event.id).await?.unwrap_or_default();
    let form = EventForm { meeting_url, ..EventForm::from_draft(&event.draft) };
    let none = FieldErrors::new();
    let alt = event.draft.image.as_ref().map(|i| i.alt.clone()).unwrap_or_default();
    let hidden = event.draft.image.as_ref().is_some_and(|i| i.hidden);
    render_form(
        &app,
        StatusCode::OK,
        FormPage {
            user: &org.user,
            event: Some(&event),
            form: &form,
            errors: &none,
            preview: None,
            image_errors: &none,
            image_values: (&alt, hidden),
            notice: super::notice::text(&done.fait),
        },
    )
}

/// Previews, or saves the edited fields (image and status are kept); 422 with the form
/// and its French errors when a field is refused.
pub async fn update(State(app): State<App>, org: Organiser, Form(form): Form<EventForm>) -> Result<Response, WebError> {
    let event = store::event::get(&app.db, org.right.event_id()).await?;
    let none = FieldErrors::new();
    let page = |status, errors: &FieldErrors, preview| {
        render_form(
            &app,
            status,
            FormPage {
                user: &org.user,
                event: Some(&event),
                form: &form,
                errors,
                preview,
                image_errors: &none,
                image_values: ("", false),
                notice: None,
            },
        )
    };
    if form.is_preview() {
        return page(StatusCode::OK, &none, Some(preview_of(&form)));
    }
    let draft = match form.parse() {
        Ok(d) => d,
        Err(errors) => return page(StatusCode::UNPROCESSABLE_ENTITY, &errors, None),
    };
    let meeting_url = form.meeting_url();
    match store::event::update(&app.db, &org.right, &draft, meeting_url.as_deref(), Timestamp::now()).await {
        Ok(_) => {}
        Err(StoreError::Conflict(Conflict::SlugTaken)) => {
            return page(StatusCode::UNPROCESSABLE_ENTITY, &slug_taken(), None);
        }
        Err(e) => return Err(e.into()),
    }
    app.refresh_content_version().await?;
    Ok(Redirect::to(&format!("{}?fait=enregistre", edit_path(event.id))).into_response())
}

/// Makes the event public at once.
pub async fn publish(State(app): State<App>, org: Organiser) -> Result<Response, WebError> {
    store::event::set_status(&app.db, &org.right, EventStatus::Published, Timestamp::now()).await?;
    app.refresh_content_version().await?;
    Ok(Redirect::to(&format!("{}?fait=publie", show_path(org.right.event_id()))).into_response())
}

/// Withdraws the event from the public pages; it stays in the organiser space.
pub async fn unpublish(State(app): State<App>, org: Organiser) -> Result<Response, WebError> {
    store::event::set_status(&app.db, &org.right, EventStatus::Draft, Timestamp::now()).await?;
    app.refresh_content_version().await?;
    Ok(Redirect::to(&format!("{}?fait=depublie", show_path(org.right.event_id()))).into_response())
}

/// "Same event next year": a draft copy 52 weeks later (same weekdays), opened for editing.
pub async fn duplicate(State(app): State<App>, org: Organiser) -> Result<Response, WebError> {
    let copy = store::event::duplicate(&app.db, &org.right, Timestamp::now()).await?;
    app.refresh_content_version().await?;
    Ok(Redirect::to(&format!("{}?fait=duplique", edit_path(copy.id))).into_response())
}

/// The form of an irreversible action on the event: `confirme=oui` once confirmed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Confirmation {
    confirme: String,
}

/// The French lines of what deleting the event would take with it (issue 19).
fn attached_lines(attached: &store::event::Attached) -> Vec<String> {
    let mut lines: Vec<String> = attached
        .registrations
        .iter()
        .map(|(state, n)| format!("{n} inscription{} : {}", plural(*n), state.label_fr().to_lowercase()))
        .collect();
    if attached.proposals > 0 {
        lines.push(format!("{} proposition{} d’intervention", attached.proposals, plural(attached.proposals)));
    }
    if attached.releases > 0 {
        lines.push(format!(
            "{} version{} publiée{} du programme",
            attached.releases,
            plural(attached.releases),
            plural(attached.releases)
        ));
    }
    if attached.has_draft_programme {
        lines.push("le brouillon du programme".to_owned());
    }
    lines
}

fn plural(n: i64) -> &'static str {
    if n > 1 { "s" } else { "" }
}

/// Deletes the event with its registrations, proposals, programme, tags, links and roles,
/// then returns to the dashboard; first (without `confirme=oui`) a page that says what will
/// go and, when something is attached, offers to cancel the event instead (issue 19).
pub async fn delete(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(form): FrenchForm<Confirmation>,
) -> Result<Response, WebError> {
    if form.confirme != "oui" {
        let event = store::event::get(&app.db, org.right.event_id()).await?;
        let attached = store::event::attached(&app.db, event.id).await?;
        let base = format!("/organisation/evenements/{}", event.id);
        let question = if attached.is_empty() {
            format!(
                "L’événement « {} » sera supprimé définitivement. Rien d’autre n’y est rattaché.",
                event.draft.title
            )
        } else {
            format!(
                "L’événement « {} » sera supprimé définitivement, avec tout ce qui s’y rattache, sans prévenir personne :",
                event.draft.title
            )
        };
        let alternative = (!attached.is_empty() && event.draft.status != EventStatus::Cancelled).then(|| {
            context! {
                heading => "Annuler l’événement plutôt que le supprimer",
                text => "L’événement reste en ligne avec la mention « Événement annulé », les inscriptions sont closes, et chaque personne inscrite ou sur liste d’attente ainsi que chaque intervenant retenu est prévenu par courriel.",
                action => format!("{base}/annuler"), label => "Annuler l’événement et prévenir",
            }
        });
        let html = app.render(
            "organiser/confirm.html",
            context! {
                page_title => "Supprimer un événement", section => "organiser", csrf => &org.user.csrf,
                is_admin => org.user.account.user.is_admin,
                heading => format!("Supprimer « {} » ?", event.draft.title),
                question, details => attached_lines(&attached), alternative,
                action => format!("{base}/supprimer"), fields => Vec::<(String, String)>::new(),
                confirm => "Supprimer définitivement", cancel => format!("{base}/modifier"),
            },
        )?;
        return Ok(Html(html).into_response());
    }
    store::event::delete(&app.db, &org.right, Timestamp::now()).await?;
    app.refresh_content_version().await?;
    Ok(Redirect::to("/organisation?fait=supprime").into_response())
}

/// Cancels the event and mails the people registered and the accepted speakers (issue 19);
/// first (without `confirme=oui`) a page that says who will be told.
pub async fn cancel(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(form): FrenchForm<Confirmation>,
) -> Result<Response, WebError> {
    let event = store::event::get(&app.db, org.right.event_id()).await?;
    let base = format!("/organisation/evenements/{}", event.id);
    if form.confirme != "oui" {
        let html = app.render(
            "organiser/confirm.html",
            context! {
                page_title => "Annuler un événement", section => "organiser", csrf => &org.user.csrf,
                is_admin => org.user.account.user.is_admin,
                heading => format!("Annuler « {} » ?", event.draft.title),
                question => "L’événement restera en ligne avec la mention « Événement annulé », les inscriptions et l’appel à interventions seront clos, et chaque personne inscrite ou sur liste d’attente ainsi que chaque intervenant retenu sera prévenu par courriel. Cette action est définitive.",
                action => format!("{base}/annuler"), fields => Vec::<(String, String)>::new(),
                confirm => "Annuler l’événement et prévenir", cancel => format!("{base}/modifier"),
            },
        )?;
        return Ok(Html(html).into_response());
    }
    let notice = mail::event::cancelled(&app.composer, app.config.base_url(), &event)?;
    let notified = store::event::cancel(&app.db, &org.right, &notice, Timestamp::now()).await?;
    tracing::info!(event_id = event.id.get(), notified, "event cancelled");
    app.mail_wake.notify_one();
    app.refresh_content_version().await?;
    Ok(Redirect::to(&format!("{base}/modifier?fait=annule")).into_response())
}

/// What the upload form sent.
#[derive(Default)]
struct Upload {
    bytes: Option<Vec<u8>>,
    too_large: bool,
    alt: String,
    decorative: bool,
}

async fn read_upload(mut form: Multipart) -> Result<Upload, WebError> {
    let mut up = Upload::default();
    while let Some(mut field) =
        form.next_field().await.map_err(|_| WebError::BadRequest("Formulaire d’envoi illisible.".into()))?
    {
        match field.name() {
            Some("image") => {
                let mut bytes = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(|_| WebError::TooLarge)? {
                    if bytes.len() + chunk.len() > MAX_IMAGE_BYTES {
                        up.too_large = true;
                        break;
                    }
                    bytes.extend_from_slice(&chunk);
                }
                if !bytes.is_empty() && !up.too_large {
                    up.bytes = Some(bytes);
                }
            }
            Some("alt") => up.alt = field.text().await.unwrap_or_default().trim().to_owned(),
            Some("decorative") => up.decorative = true,
            _ => {}
        }
    }
    Ok(up)
}

/// Stores a checked image under `{folder}{content name}` (O1: in the database, which every
/// instance reads) and returns the URL path the pages use.
pub(crate) async fn store_upload(app: &App, folder: &str, bytes: &[u8], ext: &str) -> Result<String, WebError> {
    let path = format!("{folder}{}", crate::domain::media::content_name(bytes, ext));
    store::media::put(&app.db, &store::media::Media::of(path.clone(), bytes.to_vec()), Timestamp::now()).await?;
    Ok(format!("/media/{path}"))
}

/// Checks an uploaded file and returns its extension and the bytes to keep: the picture
/// decoded and encoded again, so that nothing but pixels is kept (no metadata such as a
/// camera's position, no trailing data). Refuses, with a French message for the form, a file
/// that is not PNG, JPEG or WebP, a picture larger than `MAX_IMAGE_SIDE` or `MAX_IMAGE_PIXELS`
/// (read from its header, before any decoding: a small file may declare 10,000 × 10,000
/// pixels and take 646 MB to decode), or one that does not decode. One picture is decoded
/// at a time.
pub(crate) fn check_image(bytes: &[u8]) -> Result<(&'static str, Vec<u8>), String> {
    use image::ImageFormat;
    static DECODES: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let format =
        image::guess_format(bytes).map_err(|_| "Le fichier n’est pas une image PNG, JPEG ou WebP.".to_owned())?;
    let ext = match format {
        ImageFormat::Png => "png",
        ImageFormat::Jpeg => "jpg",
        ImageFormat::WebP => "webp",
        _ => return Err("Le fichier n’est pas une image PNG, JPEG ou WebP.".to_owned()),
    };
    let reader = || image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    let (width, height) = reader().into_dimensions().map_err(|_| "L’image est illisible ou endommagée.".to_owned())?;
    if width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || u64::from(width) * u64::from(height) > MAX_IMAGE_PIXELS {
        return Err(format!(
            "L’image mesure {width} × {height} pixels : c’est plus que les {MAX_IMAGE_SIDE} pixels de côté \
             et {} millions de pixels admis. Réduisez-la avant de l’envoyer.",
            MAX_IMAGE_PIXELS / 1_000_000
        ));
    }
    // One decode at a time: each may take up to `max_alloc` of memory.
    let _turn = DECODES.lock().unwrap_or_else(|e| e.into_inner());
    let mut reader = reader();
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let picture = reader.decode().map_err(|_| "L’image est illisible ou endommagée.".to_owned())?;
    let mut kept = std::io::Cursor::new(Vec::with_capacity(bytes.len()));
    let written = match format {
        // JPEG has no alpha channel and is encoded again at a quality close to the original's.
        ImageFormat::Jpeg => {
            picture.to_rgb8().write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(&mut kept, 90))
        }
        _ => picture.write_to(&mut kept, format),
    };
    written.map_err(|_| "L’image est illisible ou endommagée.".to_owned())?;
    Ok((ext, kept.into_inner()))
}

/// Receives an image (multipart): at most 5 MiB, PNG, JPEG or WebP by its bytes, decoded in
/// full, alt text required unless the image is marked decorative (then it is not shown).
/// Saved as `media_dir/{slug}/{hash}.{ext}`, so a new image never overwrites an old one.
pub async fn upload_image(State(app): State<App>, org: Organiser, form: Multipart) -> Result<Response, WebError> {
    let event = store::event::get(&app.db, org.right.event_id()).await?;
    let up = read_upload(form).await?;
    let mut errors = FieldErrors::new();
    let mut ext = None;
    let mut kept = None;
    match &up.bytes {
        _ if up.too_large => {
            errors.insert("image", "L’image dépasse la taille maximale de 5 Mio.".into());
        }
        None => {
            errors.insert("image", "Choisissez un fichier image.".into());
        }
        Some(bytes) => {
            let bytes = bytes.clone();
            match tokio::task::spawn_blocking(move || check_image(&bytes))
                .await
                .map_err(|_| WebError::BadRequest("Image illisible.".into()))?
            {
                Ok((e, b)) => {
                    ext = Some(e);
                    kept = Some(b);
                }
                Err(msg) => {
                    errors.insert("image", msg);
                }
            }
        }
    }
    if up.alt.is_empty() && !up.decorative {
        errors.insert(
            "alt",
            "Décrivez l’image pour les personnes qui ne la voient pas, ou cochez « image décorative ».".into(),
        );
    }
    let (Some(bytes), Some(ext), true) = (&kept, ext, errors.is_empty()) else {
        let form = EventForm::from_draft(&event.draft);
        let none = FieldErrors::new();
        return render_form(
            &app,
            StatusCode::UNPROCESSABLE_ENTITY,
            FormPage {
                user: &org.user,
                event: Some(&event),
                form: &form,
                errors: &none,
                preview: None,
                image_errors: &errors,
                image_values: (&up.alt, up.decorative),
                notice: None,
            },
        );
    };
    let path = store_upload(&app, &format!("{}/", event.draft.slug.as_str()), bytes, ext).await?;
    let image = Image { path, alt: up.alt.clone(), hidden: up.decorative };
    store::event::set_image(&app.db, &org.right, &image, Timestamp::now()).await?;
    app.refresh_content_version().await?;
    Ok(Redirect::to(&format!("{}?fait=image", edit_path(event.id))).into_response())
}
