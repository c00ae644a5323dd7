//! D1 D2 G2 C4 (issue 19): the items of the programme draft created and edited in the browser
//! (title, kind, speakers, description, room, day, start, duration, track), and the items
//! waiting for a slot (« Interventions à placer »): an accepted talk added to the draft waits
//! there until an organiser chooses its day, time and room. Plain forms; a refused value
//! comes back beside its field with what was typed; after a change the item's page lists
//! the warnings of the checks (D2) that concern it, as the grid flags them.

use super::auth::Organiser;
use super::programme_rooms::{Shown, Values, base, confirm_page, draft_of};
use crate::domain::event::EventDraft;
use crate::domain::french;
use crate::domain::programme::{Draft, Invalid, ItemInput, ItemKind, Programme, Warning, check_minutes};
use crate::domain::programme_grid::slot;
use crate::domain::refusal::Refusal;
use crate::store::{StoreError, programme};
use crate::web::App;
use crate::web::error::WebError;
use crate::web::form::{FieldErrors, FrenchForm, text};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use minijinja::context;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The days an item may be put on: every day of the event (31 at most), or the day of each
/// session of an event held in separate sessions, and any other day an item already has, in
/// order.
pub fn days(event: &EventDraft, p: &Programme) -> Vec<Date> {
    let dates = &event.dates;
    let mut days: Vec<Date> = event.sessions.iter().map(|s| s.date).collect();
    let mut d = dates.start_date;
    while event.sessions.is_empty() && d <= dates.end_date && days.len() < 31 {
        days.push(d);
        match d.tomorrow() {
            Ok(next) => d = next,
            Err(_) => break,
        }
    }
    for date in p.dates() {
        if !days.contains(&date) {
            days.push(date);
        }
    }
    days.sort();
    days
}

fn day_options(days: &[Date]) -> Vec<minijinja::Value> {
    days.iter().map(|d| context! { value => d.to_string(), label => french::long_date(*d) }).collect()
}

/// The room and track choices of the draft, for the selects.
fn choices(p: &Programme) -> (Vec<minijinja::Value>, Vec<minijinja::Value>) {
    (
        p.rooms.iter().map(|r| context! { value => r.id.to_string(), label => &r.name }).collect(),
        p.tracks.iter().map(|t| context! { value => t.id.to_string(), label => &t.name }).collect(),
    )
}

/// Parses a day and a start time into a slot, with the French message of the field refused.
fn parse_slot(date: &str, start: &str, errors: &mut FieldErrors) -> Option<DateTime> {
    let Ok(day) = date.trim().parse::<Date>() else {
        errors.add("date", "Choisissez un jour dans la liste.");
        return None;
    };
    let Some(at) = slot(day, start) else {
        errors.add("start", "Heure de début invalide (format attendu : 14:05).");
        return None;
    };
    if at.minute() % 5 != 0 || at.second() != 0 || at.subsec_nanosecond() != 0 {
        errors.add("start", Invalid::StartOffGrid.to_string());
        return None;
    }
    Some(at)
}

/// Parses a room choice: "" for none, else a room of the draft.
fn parse_room(value: &str, p: &Programme, errors: &mut FieldErrors) -> Option<i64> {
    match value.trim() {
        "" => None,
        v => match v.parse::<i64>().ok().filter(|id| p.room(*id).is_some()) {
            Some(id) => Some(id),
            None => {
                errors.add("room", "Cette salle n’existe pas (ou plus) : choisissez-en une dans la liste.");
                None
            }
        },
    }
}

// ——— One item ———

/// The item form, as a browser sends it.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ItemForm {
    id: String,
    kind: String,
    title: String,
    speakers: String,
    summary: String,
    date: String,
    start: String,
    minutes: String,
    room: String,
    track: String,
}

impl ItemForm {
    fn values(&self) -> Values {
        BTreeMap::from([
            ("kind", self.kind.clone()),
            ("title", self.title.clone()),
            ("speakers", self.speakers.clone()),
            ("summary", self.summary.clone()),
            ("date", self.date.clone()),
            ("start", self.start.clone()),
            ("minutes", self.minutes.clone()),
            ("room", self.room.clone()),
            ("track", self.track.clone()),
        ])
    }

    /// The item the form describes, against the rooms and tracks of `p`; or the French
    /// message of each refused field. Keeps the proposal and format of `current`.
    fn parse(&self, p: &Programme, current: Option<&crate::domain::programme::Item>) -> Result<ItemInput, FieldErrors> {
        let mut errors = FieldErrors::default();
        let kind =
            ItemKind::parse(self.kind.trim()).map_err(|_| errors.add("kind", "Choisissez un type dans la liste."));
        let title = text(&self.title, "title", "Le titre", 300, true, &mut errors);
        let speakers = text(&self.speakers, "speakers", "La liste des intervenants", 1000, false, &mut errors);
        let summary = text(&self.summary, "summary", "La description", 4000, false, &mut errors);
        let start = parse_slot(&self.date, &self.start, &mut errors);
        let minutes = match self.minutes.trim().parse::<u32>() {
            Ok(m) if check_minutes(m).is_ok() => Some(m),
            _ => {
                errors.add("minutes", Invalid::Duration.to_string());
                None
            }
        };
        let room_id = parse_room(&self.room, p, &mut errors);
        let track_id = match self.track.trim() {
            "" => None,
            v => match v.parse::<i64>().ok().filter(|id| p.track(*id).is_some()) {
                Some(id) => Some(id),
                None => {
                    errors.add("track", "Ce thème n’existe pas (ou plus) : choisissez-en un dans la liste.");
                    None
                }
            },
        };
        match (kind, title, start, minutes) {
            (Ok(kind), Some(title), Some(start), Some(minutes)) if errors.is_empty() => Ok(ItemInput {
                kind,
                title,
                summary: summary.unwrap_or_default(),
                start,
                minutes,
                room_id,
                track_id,
                speakers: speakers.unwrap_or_default().split(',').map(|s| s.trim().to_owned()).collect(),
                proposal_id: current.and_then(|c| c.proposal_id),
                format_max_minutes: current.and_then(|c| c.format_max_minutes),
            }),
            _ => Err(errors),
        }
    }
}

/// The field a refusal of the domain concerns.
fn field_of(invalid: &Invalid) -> &'static str {
    match invalid {
        Invalid::TitleMissing => "title",
        Invalid::Duration => "minutes",
        Invalid::StartOffGrid => "start",
        Invalid::UnknownRoom(_) => "room",
        Invalid::UnknownTrack(_) => "track",
        _ => "title",
    }
}

/// `?id=N` opens item N's form, none the form of a new item; `fait` says what was done.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Selection {
    id: String,
    fait: String,
}

/// The warnings of the checks that concern item `id`, with the other items they name.
fn item_warnings(p: &Programme, warnings: &[Warning], id: i64) -> Vec<minijinja::Value> {
    warnings
        .iter()
        .filter(|w| w.item_ids().contains(&id))
        .map(|w| {
            let others: Vec<minijinja::Value> = w
                .item_ids()
                .iter()
                .filter(|other| **other != id)
                .map(|o| context! { id => o, title => p.item(*o).map(|i| i.title.as_str()).unwrap_or("") })
                .collect();
            context! { message => w.message_fr(), others }
        })
        .collect()
}

async fn item_page(
    app: &App,
    org: &Organiser,
    status: StatusCode,
    editing: Option<i64>,
    shown: Shown,
) -> Result<Response, WebError> {
    let (event, draft) = draft_of(app, org.right.event_id()).await?;
    let p = &draft.programme;
    let warnings = crate::domain::programme::check(p, &event.draft.dates, &event.draft.sessions);
    let (rooms, tracks) = choices(p);
    let editing_title = editing.and_then(|id| p.item(id)).map(|i| i.title.clone());
    let mut values = shown.values;
    values.entry("date").or_insert_with(|| event.draft.dates.start_date.to_string());
    values.entry("start").or_insert_with(|| "09:00".to_owned());
    values.entry("minutes").or_insert_with(|| "30".to_owned());
    values.entry("kind").or_insert_with(|| "talk".to_owned());
    let html = app.render(
        "organiser/programme_item.html",
        context! {
            page_title => match &editing_title {
                Some(t) => format!("Modifier « {t} » — {}", event.draft.title),
                None => format!("Nouvel élément du programme — {}", event.draft.title),
            },
            section => "organiser", csrf => &org.user.csrf, event_id => event.id, event_title => &event.draft.title,
            editing, editing_title, values, errors => shown.errors, error => shown.error, notice => shown.notice,
            rooms, tracks,
            dates => day_options(&days(&event.draft, p)),
            kinds => ItemKind::ALL.iter().map(|k| context! { value => k.as_str(), label => k.label_fr() }).collect::<Vec<_>>(),
            warnings => editing.map(|id| item_warnings(p, &warnings, id)).unwrap_or_default(),
        },
    )?;
    Ok((status, Html(html)).into_response())
}

/// The form of a new item, or (`?id=N`) of item N with the warnings that concern it.
pub async fn item(State(app): State<App>, org: Organiser, Query(q): Query<Selection>) -> Result<Response, WebError> {
    let notice = super::notice::text(&q.fait);
    let Ok(id) = q.id.trim().parse::<i64>() else {
        return item_page(&app, &org, StatusCode::OK, None, Shown { notice, ..Shown::default() }).await;
    };
    let (_, draft) = draft_of(&app, org.right.event_id()).await?;
    let Some(i) = draft.programme.item(id) else {
        // A waiting item has no slot to edit: its placing form is on the list.
        if draft.unplaced.iter().any(|u| u.id == id) {
            return Ok(Redirect::to(&format!("{}/a-placer#a-placer-{id}", base(org.right.event_id()))).into_response());
        }
        return Err(StoreError::NotFound.into());
    };
    let values = BTreeMap::from([
        ("kind", i.kind.as_str().to_owned()),
        ("title", i.title.clone()),
        ("speakers", i.speakers.join(", ")),
        ("summary", i.summary.clone()),
        ("date", i.date().to_string()),
        ("start", i.start.time().strftime("%H:%M").to_string()),
        ("minutes", i.minutes.to_string()),
        ("room", i.room_id.map(|r| r.to_string()).unwrap_or_default()),
        ("track", i.track_id.map(|t| t.to_string()).unwrap_or_default()),
    ]);
    item_page(&app, &org, StatusCode::OK, Some(id), Shown { values, notice, ..Shown::default() }).await
}

/// Adds an item to the draft, then shows its page with the warnings it causes.
pub async fn add_item(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(f): FrenchForm<ItemForm>,
) -> Result<Response, WebError> {
    save_item(app, org, f, None).await
}

/// Saves item `id` of the form, then shows its page with the warnings it causes.
pub async fn update_item(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(f): FrenchForm<ItemForm>,
) -> Result<Response, WebError> {
    let Ok(id) = f.id.trim().parse::<i64>() else {
        return item_page(
            &app,
            &org,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            Shown {
                values: f.values(),
                error: Some("Choisissez l’élément à modifier dans le brouillon.".into()),
                ..Shown::default()
            },
        )
        .await;
    };
    save_item(app, org, f, Some(id)).await
}

async fn save_item(app: App, org: Organiser, f: ItemForm, id: Option<i64>) -> Result<Response, WebError> {
    let event_id = org.right.event_id();
    let refused = |errors: FieldErrors| {
        item_page(
            &app,
            &org,
            StatusCode::UNPROCESSABLE_ENTITY,
            id,
            Shown { values: f.values(), errors, ..Shown::default() },
        )
    };
    let (_, draft) = draft_of(&app, event_id).await?;
    let current = id.and_then(|id| draft.programme.item(id));
    if id.is_some() && current.is_none() {
        return Err(StoreError::NotFound.into());
    }
    let input = match f.parse(&draft.programme, current) {
        Ok(input) => input,
        Err(errors) => return refused(errors).await,
    };
    let details = serde_json::json!({ "title": &input.title });
    let now = Timestamp::now();
    let outcome = match id {
        None => {
            programme::edit_draft_noted(&app.db, &org.right, "programme.add_item", now, |d| {
                d.add_item(input).map(|id| (id, details))
            })
            .await
        }
        Some(id) => {
            programme::edit_draft_noted(&app.db, &org.right, "programme.update_item", now, |d| {
                d.update_item(id, input).map(|()| (id, details))
            })
            .await
        }
    };
    match outcome {
        Ok(saved) => {
            let code = if id.is_some() { "element-modifie" } else { "element-ajoute" };
            Ok(Redirect::to(&format!("{}/element?id={saved}&fait={code}", base(event_id))).into_response())
        }
        Err(StoreError::Refused(Refusal::Programme(invalid))) => {
            let mut errors = FieldErrors::default();
            errors.add(field_of(&invalid), invalid.to_string());
            refused(errors).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The form of a deletion, an unplacing or a placing: the item's id, `confirme=oui` once
/// confirmed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ItemAction {
    id: String,
    confirme: String,
}

/// Deletes an item of the draft (placed or waiting), after a confirmation page.
pub async fn remove_item(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(f): FrenchForm<ItemAction>,
) -> Result<Response, WebError> {
    let event_id = org.right.event_id();
    let Ok(id) = f.id.trim().parse::<i64>() else {
        return item_page(
            &app,
            &org,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            Shown {
                error: Some("Choisissez l’élément à supprimer dans le brouillon.".into()), ..Shown::default()
            },
        )
        .await;
    };
    let (_, draft) = draft_of(&app, event_id).await?;
    let Some(title) = title_of(&draft, id) else { return Err(StoreError::NotFound.into()) };
    if f.confirme != "oui" {
        return confirm_page(
            &app,
            &org,
            format!("Supprimer « {title} » ?"),
            format!(
                "L’élément « {title} » sera retiré du brouillon du programme. Le public ne le voit plus qu’après la publication d’une nouvelle version."
            ),
            format!("{}/element/supprimer", base(event_id)),
            id,
            format!("{}/element?id={id}", base(event_id)),
        );
    }
    let outcome = programme::edit_draft_noted(&app.db, &org.right, "programme.remove_item", Timestamp::now(), |d| {
        d.remove_item(id).map(|()| ((), serde_json::json!({ "title": title })))
    })
    .await;
    match outcome {
        Ok(()) | Err(StoreError::Refused(Refusal::Programme(Invalid::UnknownItem(_)))) => {
            Ok(Redirect::to(&format!("{}?fait=element-supprime", base(event_id))).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

fn title_of(draft: &Draft, id: i64) -> Option<String> {
    draft
        .programme
        .item(id)
        .map(|i| i.title.clone())
        .or_else(|| draft.unplaced.iter().find(|u| u.id == id).map(|u| u.title.clone()))
}

// ——— Items waiting for a slot ———

/// The items waiting for a slot, for the list of the programme page, the grid and the
/// « Interventions à placer » page.
pub fn unplaced_views(draft: &Draft) -> Vec<minijinja::Value> {
    draft
        .unplaced
        .iter()
        .map(|u| {
            context! {
                id => u.id, title => &u.title, minutes => u.minutes, kind => u.kind.label_fr(),
                speakers => u.speakers.join(", "), proposal => u.proposal_id.is_some(),
            }
        })
        .collect()
}

/// What the place forms need: days, rooms and the default start (the event's first hour).
pub fn place_choices(event: &EventDraft, p: &Programme) -> minijinja::Value {
    let (rooms, _) = choices(p);
    context! {
        dates => day_options(&days(event, p)),
        rooms,
        start => event.dates.start_time.map(|t| t.strftime("%H:%M").to_string()).unwrap_or_else(|| "09:00".to_owned()),
    }
}

/// The placing form, as a browser sends it.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PlaceForm {
    id: String,
    date: String,
    start: String,
    room: String,
}

async fn unplaced_page(
    app: &App,
    org: &Organiser,
    status: StatusCode,
    failed: Option<(i64, Values, FieldErrors)>,
    error: Option<String>,
    notice: Option<&'static str>,
) -> Result<Response, WebError> {
    let (event, draft) = draft_of(app, org.right.event_id()).await?;
    let not_in_draft = crate::store::cfp::programme::not_placed(&app.db, &event).await?.len();
    let (failed_id, values, errors) = match failed {
        Some((id, values, errors)) => (Some(id), values, errors),
        None => (None, Values::new(), FieldErrors::default()),
    };
    let html = app.render(
        "organiser/programme_unplaced.html",
        context! {
            page_title => format!("Interventions à placer — {}", event.draft.title),
            section => "organiser", csrf => &org.user.csrf, event_id => event.id, event_title => &event.draft.title,
            unplaced => unplaced_views(&draft), place => place_choices(&event.draft, &draft.programme),
            failed_id, values, errors, error, notice, not_in_draft,
        },
    )?;
    Ok((status, Html(html)).into_response())
}

/// The items waiting for a slot, each with its placing form.
pub async fn unplaced(
    State(app): State<App>,
    org: Organiser,
    Query(done): Query<super::notice::Done>,
) -> Result<Response, WebError> {
    unplaced_page(&app, &org, StatusCode::OK, None, None, super::notice::text(&done.fait)).await
}

/// Places a waiting item on a day, at a time, in a room; then shows its page with the
/// warnings it causes (an occupied slot is flagged there, never hidden).
pub async fn place(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(f): FrenchForm<PlaceForm>,
) -> Result<Response, WebError> {
    let event_id = org.right.event_id();
    let Ok(id) = f.id.trim().parse::<i64>() else {
        return unplaced_page(
            &app,
            &org,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            Some("Choisissez l’intervention à placer dans la liste.".into()),
            None,
        )
        .await;
    };
    let (_, draft) = draft_of(&app, event_id).await?;
    let values = BTreeMap::from([("date", f.date.clone()), ("start", f.start.clone()), ("room", f.room.clone())]);
    let mut errors = FieldErrors::default();
    let start = parse_slot(&f.date, &f.start, &mut errors);
    let room = parse_room(&f.room, &draft.programme, &mut errors);
    let refused = |errors: FieldErrors| {
        unplaced_page(&app, &org, StatusCode::UNPROCESSABLE_ENTITY, Some((id, values.clone(), errors)), None, None)
    };
    let Some(start) = start.filter(|_| errors.is_empty()) else { return refused(errors).await };
    let outcome = programme::edit_draft_noted(&app.db, &org.right, "programme.place_item", Timestamp::now(), |d| {
        let title = title_of(d, id).unwrap_or_default();
        d.place(id, start, room).map(|()| ((), serde_json::json!({ "title": title })))
    })
    .await;
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("{}/element?id={id}&fait=element-place", base(event_id))).into_response()),
        Err(StoreError::Refused(Refusal::Programme(Invalid::UnknownItem(_)))) => {
            unplaced_page(
                &app,
                &org,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                Some("Cette intervention n’attend plus de place : elle a sans doute déjà été placée.".into()),
                None,
            )
            .await
        }
        Err(StoreError::Refused(Refusal::Programme(invalid))) => {
            let mut errors = FieldErrors::default();
            errors.add(if matches!(invalid, Invalid::UnknownRoom(_)) { "room" } else { "start" }, invalid.to_string());
            refused(errors).await
        }
        Err(e) => Err(e.into()),
    }
}

/// Takes a placed item off the grid, back to the items waiting for a slot.
pub async fn unplace(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(f): FrenchForm<ItemAction>,
) -> Result<Response, WebError> {
    let event_id = org.right.event_id();
    let Ok(id) = f.id.trim().parse::<i64>() else {
        return unplaced_page(
            &app,
            &org,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            Some("Choisissez l’élément à retirer de la grille.".into()),
            None,
        )
        .await;
    };
    let outcome = programme::edit_draft_noted(&app.db, &org.right, "programme.unplace_item", Timestamp::now(), |d| {
        let title = title_of(d, id).unwrap_or_default();
        d.unplace(id).map(|()| ((), serde_json::json!({ "title": title })))
    })
    .await;
    match outcome {
        Ok(()) => {
            Ok(Redirect::to(&format!("{}/a-placer?fait=element-retire#a-placer-{id}", base(event_id))).into_response())
        }
        Err(StoreError::Refused(Refusal::Programme(Invalid::UnknownItem(_)))) => Err(StoreError::NotFound.into()),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    //! G5: the item form on any field map, against a draft with one room and one track.

    use super::*;
    use crate::domain::programme::{Colour, RoomInput};
    use crate::properties::{FORM_VALUES, altered, clean_text, form};
    use proptest::prelude::*;

    const FIELDS: &[&str] = &["kind", "title", "speakers", "summary", "date", "start", "minutes", "room", "track"];
    const BASE: &[(&str, &str)] = &[
        ("kind", "talk"),
        ("title", "Ouverture"),
        ("date", "2031-03-03"),
        ("start", "10:00"),
        ("minutes", "30"),
        ("room", "1"),
        ("track", "1"),
    ];

    #[test]
    fn days_of_an_event_in_sessions_are_its_session_days_only() {
        use crate::domain::event::{EventDates, Session};
        use jiff::civil::date;
        let mut event = crate::domain::event::EventDraft {
            slug: crate::domain::event::Slug::parse("cycle").unwrap(),
            title: "Cycle".into(),
            summary: String::new(),
            title_en: String::new(),
            summary_en: String::new(),
            body_md: String::new(),
            kind: crate::domain::event::EventKind::Meetup,
            dates: EventDates::all_day(date(2031, 3, 4)),
            sessions: Vec::new(),
            venue: Default::default(),
            audience: None,
            image: None,
            tags: vec![],
            links: vec![],
            contact_email: None,
            status: crate::domain::event::EventStatus::Draft,
            published_on: None,
        };
        let at = |d| Session { date: d, start_time: None, end_time: None };
        event.set_sessions(vec![at(date(2031, 4, 1)), at(date(2031, 3, 4))]).unwrap();

        let offered = days(&event, &Programme::default());

        assert_eq!(offered, [date(2031, 3, 4), date(2031, 4, 1)], "not the 29 days in between");
    }

    fn draft() -> Draft {
        let mut d = Draft::default();
        d.add_room(RoomInput { name: "Amphi".into(), capacity: None, accessibility: None, opens: None, closes: None })
            .unwrap();
        d.add_track("Communs", Colour::parse("#000091").unwrap()).unwrap();
        d
    }

    #[test]
    fn valid_item_form_parses_into_an_item_the_draft_accepts() {
        let map = BASE.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        let mut d = draft();

        let input = form::<ItemForm>(&map).parse(&d.programme, None).unwrap();

        assert_eq!(
            (input.title.as_str(), input.minutes, input.room_id, input.track_id),
            ("Ouverture", 30, Some(1), Some(1))
        );
        assert_eq!(d.add_item(input), Ok(1));
    }

    proptest! {
        #![proptest_config(crate::properties::config(256))]

        #[test]
        fn item_form_gives_an_item_the_draft_accepts_or_field_errors(map in altered(BASE, FIELDS, FORM_VALUES)) {
            let mut d = draft();
            match form::<ItemForm>(&map).parse(&d.programme, None) {
                Ok(input) => {
                    prop_assert!(clean_text(&input.title, 300) && !input.title.is_empty());
                    prop_assert!(clean_text(&input.summary, 4000));
                    prop_assert!(input.room_id.is_none_or(|r| r == 1) && input.track_id.is_none_or(|t| t == 1));
                    prop_assert!(d.add_item(input).is_ok());
                }
                Err(errors) => prop_assert!(!errors.is_empty()),
            }
        }
    }
}
