//! D2: the programme grid in the browser. Each day is a table of 15-minute rows by room;
//! every item has a form to move it (day, start, room, duration) and to remove it, so the
//! grid works without JavaScript. `assets/programme-editor.js` adds dragging an item onto a
//! free slot and moving it with the keyboard (arrows, Enter, Escape), through the same forms.

use super::auth::Organiser;
use crate::domain::event::EventId;
use crate::domain::french;
use crate::domain::programme::{Invalid, ItemInput, ItemKind};
use crate::domain::programme_grid::{self, slot};
use crate::domain::refusal::Refusal;
use crate::store::{self, StoreError, programme};
use crate::web::App;
use crate::web::error::WebError;
use crate::web::form::FrenchForm;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use jiff::civil::Date;
use minijinja::context;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Notice {
    fait: String,
    element: String,
}

#[derive(Serialize)]
struct ItemView {
    id: i64,
    title: String,
    kind: &'static str,
    kind_label: &'static str,
    date: String,
    start: String,
    end: String,
    minutes: u32,
    room_id: Option<i64>,
    room: String,
    speakers: String,
    when: String,
    colour: Option<String>,
    /// Issue 19: the speakers of this item who are elsewhere at the same time.
    clash: Option<String>,
}

fn url(event_id: EventId) -> String {
    format!("/organisation/evenements/{event_id}/programme/grille")
}

async fn render(
    app: &App,
    org: &Organiser,
    notice: &Notice,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let event = store::event::get(&app.db, org.right.event_id()).await?;
    let draft = programme::get_draft(&app.db, event.draft.slug.as_str()).await?;
    let p = &draft.programme;
    let dates = super::programme_items::days(&event.draft, p);
    // D2 (issue 19): a speaker in two places at once shows on both items of the grid.
    let warnings = crate::domain::programme::check(p, &event.draft.dates, &event.draft.sessions);
    let clash_of = |id: i64| -> Option<String> {
        let names: Vec<&str> = warnings
            .iter()
            .filter_map(|w| match w {
                crate::domain::programme::Warning::SpeakerClash { speaker, item_ids } if item_ids.contains(&id) => {
                    Some(speaker.as_str())
                }
                _ => None,
            })
            .collect();
        (!names.is_empty()).then(|| format!("{} intervient ailleurs au même moment", names.join(", ")))
    };
    let items: Vec<ItemView> = p
        .items
        .iter()
        .map(|i| ItemView {
            id: i.id,
            title: i.title.clone(),
            kind: i.kind.as_str(),
            kind_label: i.kind.label_fr(),
            date: i.date().to_string(),
            start: i.start.time().strftime("%H:%M").to_string(),
            end: i.end().time().strftime("%H:%M").to_string(),
            minutes: i.minutes,
            room_id: i.room_id,
            room: p.room_name(i.room_id).to_owned(),
            speakers: i.speakers.join(", "),
            when: format!(
                "{}, {} – {}",
                french::long_date(i.date()),
                french::time(i.start.time()),
                french::time(i.end().time())
            ),
            colour: i.track_id.and_then(|t| p.track(t)).map(|t| t.slug()),
            clash: clash_of(i.id),
        })
        .collect();
    let days: Vec<serde_json::Value> = dates
        .iter()
        .map(|date| {
            let hours = event.draft.dates.start_time.zip(event.draft.dates.end_time);
            let g = programme_grid::day_within(p, *date, hours);
            serde_json::json!({ "date": date.to_string(), "label": french::long_date(*date), "columns": g.columns, "rows": g.rows })
        })
        .collect();
    let html = app.render(
        "organiser/programme_grid.html",
        context! {
            page_title => format!("Grille du programme — {}", event.draft.title), section => "organiser", csrf => &org.user.csrf,
            event_id => event.id, event_title => &event.draft.title, days,
            by_id => items.iter().map(|i| (i.id.to_string(), i)).collect::<std::collections::BTreeMap<_, _>>(),
            items,
            rooms => p.rooms.iter().map(|r| context! { id => r.id, name => &r.name }).collect::<Vec<_>>(),
            dates => dates.iter().map(|d| context! { value => d.to_string(), label => french::long_date(*d) }).collect::<Vec<_>>(),
            kinds => ItemKind::ALL.iter().map(|k| (k.as_str(), k.label_fr())).collect::<Vec<_>>(),
            done => &notice.fait, moved => &notice.element, error,
            waiting => super::programme_items::unplaced_views(&draft),
            place => super::programme_items::place_choices(&event.draft, p),
        },
    )?;
    Ok((status, Html(html)).into_response())
}

pub async fn show(State(app): State<App>, org: Organiser, Query(n): Query<Notice>) -> Result<Response, WebError> {
    render(&app, &org, &n, None, StatusCode::OK).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MoveForm {
    item: i64,
    date: String,
    start: String,
    room: String,
    minutes: String,
}

fn parse_room(s: &str) -> Option<i64> {
    s.trim().parse().ok()
}

/// Moves an item (day, start, room) and sets its duration in one edit.
pub async fn move_item(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(f): FrenchForm<MoveForm>,
) -> Result<Response, WebError> {
    let none = Notice::default();
    let refuse = |m: String| render(&app, &org, &none, Some(m), StatusCode::UNPROCESSABLE_ENTITY);
    let Some(date) = f.date.trim().parse::<Date>().ok() else { return refuse("Choisissez un jour.".into()).await };
    let Some(start) = slot(date, &f.start) else {
        return refuse("Heure de début invalide (format attendu : 14:05).".into()).await;
    };
    let Ok(minutes) = f.minutes.trim().parse::<u32>() else {
        return refuse("Durée invalide : un nombre de minutes.".into()).await;
    };
    let room = parse_room(&f.room);
    let item = f.item;
    let outcome = programme::edit_draft(&app.db, &org.right, "programme.move_item", Timestamp::now(), |d| {
        d.resize_item(item, minutes)?;
        d.move_item(item, start, room)
    })
    .await;
    match outcome {
        Ok(()) => {
            Ok(Redirect::to(&format!("{}?fait=deplace&element={item}#element-{item}", url(org.right.event_id())))
                .into_response())
        }
        Err(StoreError::Refused(refusal)) => refuse(refusal.to_string()).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AddForm {
    kind: String,
    title: String,
    date: String,
    start: String,
    minutes: String,
    room: String,
    speakers: String,
}

/// Adds an item to the draft.
pub async fn add_item(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(f): FrenchForm<AddForm>,
) -> Result<Response, WebError> {
    let none = Notice::default();
    let refuse = |m: String| render(&app, &org, &none, Some(m), StatusCode::UNPROCESSABLE_ENTITY);
    let kind = match ItemKind::parse(&f.kind) {
        Ok(k) => k,
        Err(e) => return refuse(e.to_string()).await,
    };
    let Some(date) = f.date.trim().parse::<Date>().ok() else { return refuse("Choisissez un jour.".into()).await };
    let Some(start) = slot(date, &f.start) else {
        return refuse("Heure de début invalide (format attendu : 14:05).".into()).await;
    };
    let Ok(minutes) = f.minutes.trim().parse::<u32>() else {
        return refuse("Durée invalide : un nombre de minutes.".into()).await;
    };
    if f.title.chars().count() > 300 || f.speakers.chars().count() > 1000 {
        return refuse("Le titre est limité à 300 caractères et les intervenants à 1 000.".into()).await;
    }
    let input = ItemInput {
        kind,
        title: f.title.clone(),
        summary: String::new(),
        start,
        minutes,
        room_id: parse_room(&f.room),
        track_id: None,
        speakers: f.speakers.split(',').map(String::from).collect(),
        proposal_id: None,
        format_max_minutes: None,
    };
    match programme::edit_draft(&app.db, &org.right, "programme.add_item", Timestamp::now(), |d| d.add_item(input))
        .await
    {
        Ok(id) => Ok(Redirect::to(&format!("{}?fait=ajoute&element={id}#element-{id}", url(org.right.event_id())))
            .into_response()),
        Err(StoreError::Refused(refusal)) => refuse(refusal.to_string()).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RemoveForm {
    item: i64,
}

pub async fn remove_item(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(f): FrenchForm<RemoveForm>,
) -> Result<Response, WebError> {
    match programme::edit_draft(&app.db, &org.right, "programme.remove_item", Timestamp::now(), |d| {
        d.remove_item(f.item)
    })
    .await
    {
        Ok(()) | Err(StoreError::Refused(Refusal::Programme(Invalid::UnknownItem(_)))) => {
            Ok(Redirect::to(&format!("{}?fait=supprime", url(org.right.event_id()))).into_response())
        }
        Err(StoreError::Refused(refusal)) => {
            render(&app, &org, &Notice::default(), Some(refusal.to_string()), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SwapForm {
    item: i64,
    with: String,
}

/// Exchanges the start and room of two items (durations stay).
pub async fn swap_items(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(f): FrenchForm<SwapForm>,
) -> Result<Response, WebError> {
    let Ok(other) = f.with.trim().parse::<i64>() else {
        return render(
            &app,
            &org,
            &Notice::default(),
            Some("Choisissez l'élément avec lequel échanger.".into()),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let item = f.item;
    match programme::edit_draft(&app.db, &org.right, "programme.swap_items", Timestamp::now(), |d| {
        d.swap_items(item, other)
    })
    .await
    {
        Ok(()) => {
            Ok(Redirect::to(&format!("{}?fait=echange&element={item}#element-{item}", url(org.right.event_id())))
                .into_response())
        }
        Err(StoreError::Refused(refusal)) => {
            render(&app, &org, &Notice::default(), Some(refusal.to_string()), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}
