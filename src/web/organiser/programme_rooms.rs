//! D1 G2 (issue 19): the rooms and tracks of the programme draft, added, edited and deleted in
//! the browser. Plain forms (no JavaScript): a refused value comes back beside its field with
//! what was typed; each change is audited and says what it did (`?fait=`). A room or track that
//! items still use cannot be deleted, so a deletion never moves an item silently.

use super::auth::Organiser;
use crate::domain::event::EventId;
use crate::domain::french;
use crate::domain::programme::{Colour, Draft, Invalid, Programme, RoomInput, TextColour, Warning};
use crate::domain::refusal::Refusal;
use crate::store::{self, StoreError, programme};
use crate::web::App;
use crate::web::error::WebError;
use crate::web::form::{FieldErrors, FrenchForm, text};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use jiff::civil::Time;
use minijinja::context;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The typed values of a form, by field name, shown again after a refusal.
pub(super) type Values = BTreeMap<&'static str, String>;

pub(super) fn base(event_id: EventId) -> String {
    format!("/organisation/evenements/{event_id}/programme")
}

/// What a page shows around its form: the values typed (or stored), the refusals beside the
/// fields, an error above the form, and what the last action did.
#[derive(Default)]
pub(super) struct Shown {
    pub(super) values: Values,
    pub(super) errors: FieldErrors,
    pub(super) error: Option<String>,
    pub(super) notice: Option<&'static str>,
}

/// `?salle=N` (`?theme=N`) opens that room's (track's) form; `fait` says what was done.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Selection {
    salle: String,
    theme: String,
    fait: String,
}

/// The confirmation form of a deletion: `confirme=oui` once confirmed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RemoveForm {
    id: String,
    confirme: String,
}

/// Renders the confirmation page of a deletion (issue 19: nothing lost on one click).
pub(super) fn confirm_page(
    app: &App,
    org: &Organiser,
    heading: String,
    question: String,
    action: String,
    id: i64,
    cancel: String,
) -> Result<Response, WebError> {
    let html = app.render(
        "organiser/confirm.html",
        context! {
            page_title => heading.clone(), section => "organiser", csrf => &org.user.csrf,
            is_admin => org.user.account.user.is_admin, heading, question, action,
            fields => vec![("id".to_owned(), id.to_string())],
            confirm => "Supprimer", cancel,
        },
    )?;
    Ok(Html(html).into_response())
}

/// Loads the draft of the organiser's event with the event's title.
pub(super) async fn draft_of(app: &App, event_id: EventId) -> Result<(crate::domain::event::Event, Draft), WebError> {
    let event = store::event::get(&app.db, event_id).await?;
    let draft = programme::get_draft(&app.db, event.draft.slug.as_str()).await?;
    Ok((event, draft))
}

/// `09:00` for an optional time field, "" when absent.
fn hm(t: Option<Time>) -> String {
    t.map(|t| t.strftime("%H:%M").to_string()).unwrap_or_default()
}

/// The warnings of the checks that name a room (overlaps and opening hours), as sentences
/// with the items concerned, so that a change of hours that leaves an item outside shows.
fn room_warnings(p: &Programme, warnings: &[Warning]) -> Vec<minijinja::Value> {
    warnings
        .iter()
        .filter(|w| matches!(w, Warning::RoomOverlap { .. } | Warning::OutsideRoomHours { .. }))
        .map(|w| {
            let items: Vec<minijinja::Value> = w
                .item_ids()
                .iter()
                .map(|id| context! { id, title => p.item(*id).map(|i| i.title.as_str()).unwrap_or("") })
                .collect();
            context! { message => w.message_fr(), items }
        })
        .collect()
}

// ——— Rooms ———

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RoomForm {
    id: String,
    name: String,
    capacity: String,
    accessibility: String,
    opens: String,
    closes: String,
}

impl RoomForm {
    fn values(&self) -> Values {
        BTreeMap::from([
            ("name", self.name.clone()),
            ("capacity", self.capacity.clone()),
            ("accessibility", self.accessibility.clone()),
            ("opens", self.opens.clone()),
            ("closes", self.closes.clone()),
        ])
    }

    /// The room the form describes, or the French message of each refused field.
    fn parse(&self) -> Result<RoomInput, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = text(&self.name, "name", "Le nom", 200, true, &mut errors);
        let capacity = match self.capacity.trim() {
            "" => None,
            c => match c.parse::<u32>() {
                Ok(n) if n > 0 && n <= 1_000_000 => Some(n),
                _ => {
                    errors.add("capacity", "La capacité doit être un nombre entier de places, supérieur à zéro.");
                    None
                }
            },
        };
        let accessibility = text(&self.accessibility, "accessibility", "L’accessibilité", 300, false, &mut errors);
        let time = |value: &str, field: &'static str, errors: &mut FieldErrors| match value.trim() {
            "" => None,
            v => v.parse::<Time>().ok().or_else(|| {
                errors.add(field, "Heure invalide (format attendu : 09:00).");
                None
            }),
        };
        let opens = time(&self.opens, "opens", &mut errors);
        let closes = time(&self.closes, "closes", &mut errors);
        if let (Some(o), Some(c)) = (opens, closes)
            && c <= o
        {
            errors.add("closes", Invalid::RoomHours.to_string());
        }
        match name {
            Some(name) if errors.is_empty() => Ok(RoomInput { name, capacity, accessibility, opens, closes }),
            _ => Err(errors),
        }
    }
}

/// The field a refusal of the domain concerns, for rooms and tracks.
fn field_of(invalid: &Invalid) -> &'static str {
    match invalid {
        Invalid::RoomHours => "closes",
        Invalid::Colour => "colour",
        _ => "name",
    }
}

async fn rooms_page(
    app: &App,
    org: &Organiser,
    status: StatusCode,
    editing: Option<i64>,
    shown: Shown,
) -> Result<Response, WebError> {
    let (event, draft) = draft_of(app, org.right.event_id()).await?;
    let p = &draft.programme;
    let warnings = crate::domain::programme::check(p, &event.draft.dates, &event.draft.sessions);
    let rooms: Vec<minijinja::Value> = p
        .rooms
        .iter()
        .map(|r| {
            let hours = match (r.opens, r.closes) {
                (Some(o), Some(c)) => format!("{} – {}", french::time(o), french::time(c)),
                (Some(o), None) => format!("à partir de {}", french::time(o)),
                (None, Some(c)) => format!("jusqu’à {}", french::time(c)),
                (None, None) => "Celles de l’événement".to_owned(),
            };
            context! {
                id => r.id, name => &r.name, capacity => r.capacity, accessibility => &r.accessibility, hours,
                items => p.items.iter().filter(|i| i.room_id == Some(r.id)).count(),
            }
        })
        .collect();
    let editing_name = editing.and_then(|id| p.room(id)).map(|r| r.name.clone());
    let html = app.render(
        "organiser/programme_rooms.html",
        context! {
            page_title => match &editing_name {
                Some(n) => format!("Modifier la salle « {n} » — {}", event.draft.title),
                None => format!("Salles du programme — {}", event.draft.title),
            },
            section => "organiser", csrf => &org.user.csrf, event_id => event.id, event_title => &event.draft.title,
            rooms, editing, editing_name, values => shown.values, errors => shown.errors, error => shown.error,
            notice => shown.notice,
            warnings => room_warnings(p, &warnings),
        },
    )?;
    Ok((status, Html(html)).into_response())
}

/// The rooms of the draft and the form to add one, or (`?salle=N`) to edit room N.
pub async fn rooms(State(app): State<App>, org: Organiser, Query(q): Query<Selection>) -> Result<Response, WebError> {
    let notice = super::notice::text(&q.fait);
    let Ok(id) = q.salle.trim().parse::<i64>() else {
        return rooms_page(&app, &org, StatusCode::OK, None, Shown { notice, ..Shown::default() }).await;
    };
    let (_, draft) = draft_of(&app, org.right.event_id()).await?;
    let room = draft.programme.room(id).ok_or(StoreError::NotFound)?;
    let values = BTreeMap::from([
        ("name", room.name.clone()),
        ("capacity", room.capacity.map(|c| c.to_string()).unwrap_or_default()),
        ("accessibility", room.accessibility.clone().unwrap_or_default()),
        ("opens", hm(room.opens)),
        ("closes", hm(room.closes)),
    ]);
    rooms_page(&app, &org, StatusCode::OK, Some(id), Shown { values, notice, ..Shown::default() }).await
}

/// Adds a room to the draft.
pub async fn add_room(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(f): FrenchForm<RoomForm>,
) -> Result<Response, WebError> {
    save_room(app, org, f, None).await
}

/// Saves the room `id` of the form.
pub async fn update_room(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(f): FrenchForm<RoomForm>,
) -> Result<Response, WebError> {
    let Ok(id) = f.id.trim().parse::<i64>() else {
        return rooms_page(
            &app,
            &org,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            Shown {
                values: f.values(),
                error: Some("Choisissez la salle à modifier dans la liste.".into()),
                ..Shown::default()
            },
        )
        .await;
    };
    save_room(app, org, f, Some(id)).await
}

async fn save_room(app: App, org: Organiser, f: RoomForm, id: Option<i64>) -> Result<Response, WebError> {
    let refused = |errors: FieldErrors| {
        rooms_page(
            &app,
            &org,
            StatusCode::UNPROCESSABLE_ENTITY,
            id,
            Shown { values: f.values(), errors, ..Shown::default() },
        )
    };
    let input = match f.parse() {
        Ok(input) => input,
        Err(errors) => return refused(errors).await,
    };
    let name = input.name.clone();
    let now = Timestamp::now();
    let details = serde_json::json!({ "name": &name });
    let outcome = match id {
        None => {
            programme::edit_draft_noted(&app.db, &org.right, "programme.add_room", now, |d| {
                d.add_room(input).map(|_| ((), details))
            })
            .await
        }
        Some(id) => {
            programme::edit_draft_noted(&app.db, &org.right, "programme.update_room", now, |d| {
                d.update_room(id, input).map(|()| ((), details))
            })
            .await
        }
    };
    match outcome {
        Ok(()) => {
            let code = if id.is_some() { "salle-modifiee" } else { "salle-ajoutee" };
            Ok(Redirect::to(&format!("{}/salles?fait={code}", base(org.right.event_id()))).into_response())
        }
        Err(StoreError::Refused(Refusal::Programme(invalid))) => {
            let mut errors = FieldErrors::default();
            errors.add(field_of(&invalid), invalid.to_string());
            refused(errors).await
        }
        Err(e) => Err(e.into()),
    }
}

/// Deletes a room no item uses, after a confirmation page; a room in use is refused with
/// the number of its items.
pub async fn remove_room(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(f): FrenchForm<RemoveForm>,
) -> Result<Response, WebError> {
    let event_id = org.right.event_id();
    let refused = |message: String| {
        rooms_page(
            &app,
            &org,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            Shown { error: Some(message), ..Shown::default() },
        )
    };
    let Ok(id) = f.id.trim().parse::<i64>() else {
        return refused("Choisissez la salle à supprimer dans la liste.".into()).await;
    };
    if f.confirme != "oui" {
        let (_, draft) = draft_of(&app, event_id).await?;
        let Some(room) = draft.programme.room(id) else { return refused(Invalid::RoomGone.to_string()).await };
        return confirm_page(
            &app,
            &org,
            format!("Supprimer la salle « {} » ?", room.name),
            format!("La salle « {} » sera retirée du brouillon du programme.", room.name),
            format!("{}/salles/supprimer", base(event_id)),
            id,
            format!("{}/salles", base(event_id)),
        );
    }
    let outcome = programme::edit_draft_noted(&app.db, &org.right, "programme.remove_room", Timestamp::now(), |d| {
        let name = d.programme.room(id).map(|r| r.name.clone()).unwrap_or_default();
        d.remove_room(id).map(|()| ((), serde_json::json!({ "name": name })))
    })
    .await;
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("{}/salles?fait=salle-supprimee", base(event_id))).into_response()),
        Err(StoreError::Refused(refusal)) => refused(refusal.to_string()).await,
        Err(e) => Err(e.into()),
    }
}

// ——— Tracks ———

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TrackForm {
    id: String,
    name: String,
    colour: String,
}

impl TrackForm {
    fn values(&self) -> Values {
        BTreeMap::from([("name", self.name.clone()), ("colour", self.colour.clone())])
    }

    fn parse(&self) -> Result<(String, Colour), FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = text(&self.name, "name", "Le nom", 200, true, &mut errors);
        let colour = Colour::parse(&self.colour).map_err(|e| errors.add("colour", e.to_string())).ok();
        match (name, colour) {
            (Some(name), Some(colour)) if errors.is_empty() => Ok((name, colour)),
            _ => Err(errors),
        }
    }
}

async fn tracks_page(
    app: &App,
    org: &Organiser,
    status: StatusCode,
    editing: Option<i64>,
    shown: Shown,
) -> Result<Response, WebError> {
    let (event, draft) = draft_of(app, org.right.event_id()).await?;
    let p = &draft.programme;
    let tracks: Vec<minijinja::Value> = p
        .tracks
        .iter()
        .map(|t| {
            // D1: the text colour the pages write on this background, and its WCAG contrast.
            let (text, contrast) = t.colour.text_colour();
            context! {
                id => t.id, name => &t.name, colour => t.colour.to_string(), text => text.hex(),
                text_label => match text { TextColour::Black => "noir", TextColour::White => "blanc" },
                contrast => format!("{:.1}", contrast).replace('.', ","),
                items => p.items.iter().filter(|i| i.track_id == Some(t.id)).count()
                    + draft.unplaced.iter().filter(|u| u.track_id == Some(t.id)).count(),
            }
        })
        .collect();
    let editing_name = editing.and_then(|id| p.track(id)).map(|t| t.name.clone());
    let mut values = shown.values;
    values.entry("colour").or_insert_with(|| "#000091".to_owned());
    let html = app.render(
        "organiser/programme_tracks.html",
        context! {
            page_title => match &editing_name {
                Some(n) => format!("Modifier le thème « {n} » — {}", event.draft.title),
                None => format!("Thèmes du programme — {}", event.draft.title),
            },
            section => "organiser", csrf => &org.user.csrf, event_id => event.id, event_title => &event.draft.title,
            tracks, editing, editing_name, values, errors => shown.errors, error => shown.error, notice => shown.notice,
        },
    )?;
    Ok((status, Html(html)).into_response())
}

/// The tracks of the draft and the form to add one, or (`?theme=N`) to edit track N.
pub async fn tracks(State(app): State<App>, org: Organiser, Query(q): Query<Selection>) -> Result<Response, WebError> {
    let notice = super::notice::text(&q.fait);
    let Ok(id) = q.theme.trim().parse::<i64>() else {
        return tracks_page(&app, &org, StatusCode::OK, None, Shown { notice, ..Shown::default() }).await;
    };
    let (_, draft) = draft_of(&app, org.right.event_id()).await?;
    let track = draft.programme.track(id).ok_or(StoreError::NotFound)?;
    let values = BTreeMap::from([("name", track.name.clone()), ("colour", track.colour.to_string())]);
    tracks_page(&app, &org, StatusCode::OK, Some(id), Shown { values, notice, ..Shown::default() }).await
}

/// Adds a track to the draft.
pub async fn add_track(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(f): FrenchForm<TrackForm>,
) -> Result<Response, WebError> {
    save_track(app, org, f, None).await
}

/// Saves the track `id` of the form.
pub async fn update_track(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(f): FrenchForm<TrackForm>,
) -> Result<Response, WebError> {
    let Ok(id) = f.id.trim().parse::<i64>() else {
        return tracks_page(
            &app,
            &org,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            Shown {
                values: f.values(),
                error: Some("Choisissez le thème à modifier dans la liste.".into()),
                ..Shown::default()
            },
        )
        .await;
    };
    save_track(app, org, f, Some(id)).await
}

async fn save_track(app: App, org: Organiser, f: TrackForm, id: Option<i64>) -> Result<Response, WebError> {
    let refused = |errors: FieldErrors| {
        tracks_page(
            &app,
            &org,
            StatusCode::UNPROCESSABLE_ENTITY,
            id,
            Shown { values: f.values(), errors, ..Shown::default() },
        )
    };
    let (name, colour) = match f.parse() {
        Ok(parsed) => parsed,
        Err(errors) => return refused(errors).await,
    };
    let now = Timestamp::now();
    let details = serde_json::json!({ "name": &name });
    let outcome = match id {
        None => {
            programme::edit_draft_noted(&app.db, &org.right, "programme.add_track", now, |d| {
                d.add_track(&name, colour).map(|_| ((), details))
            })
            .await
        }
        Some(id) => {
            programme::edit_draft_noted(&app.db, &org.right, "programme.update_track", now, |d| {
                d.update_track(id, &name, colour).map(|()| ((), details))
            })
            .await
        }
    };
    match outcome {
        Ok(()) => {
            let code = if id.is_some() { "theme-modifie" } else { "theme-ajoute" };
            Ok(Redirect::to(&format!("{}/themes?fait={code}", base(org.right.event_id()))).into_response())
        }
        Err(StoreError::Refused(Refusal::Programme(invalid))) => {
            let mut errors = FieldErrors::default();
            errors.add(field_of(&invalid), invalid.to_string());
            refused(errors).await
        }
        Err(e) => Err(e.into()),
    }
}

/// Deletes a track no item has, after a confirmation page.
pub async fn remove_track(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(f): FrenchForm<RemoveForm>,
) -> Result<Response, WebError> {
    let event_id = org.right.event_id();
    let refused = |message: String| {
        tracks_page(
            &app,
            &org,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            Shown { error: Some(message), ..Shown::default() },
        )
    };
    let Ok(id) = f.id.trim().parse::<i64>() else {
        return refused("Choisissez le thème à supprimer dans la liste.".into()).await;
    };
    if f.confirme != "oui" {
        let (_, draft) = draft_of(&app, event_id).await?;
        let Some(track) = draft.programme.track(id) else { return refused(Invalid::TrackGone.to_string()).await };
        return confirm_page(
            &app,
            &org,
            format!("Supprimer le thème « {} » ?", track.name),
            format!("Le thème « {} » sera retiré du brouillon du programme.", track.name),
            format!("{}/themes/supprimer", base(event_id)),
            id,
            format!("{}/themes", base(event_id)),
        );
    }
    let outcome = programme::edit_draft_noted(&app.db, &org.right, "programme.remove_track", Timestamp::now(), |d| {
        let name = d.programme.track(id).map(|t| t.name.clone()).unwrap_or_default();
        d.remove_track(id).map(|()| ((), serde_json::json!({ "name": name })))
    })
    .await;
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("{}/themes?fait=theme-supprime", base(event_id))).into_response()),
        Err(StoreError::Refused(refusal)) => refused(refusal.to_string()).await,
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    //! G5: the room and track forms on any field map.

    use super::*;
    use crate::properties::{FORM_VALUES, altered, clean_text, form};
    use proptest::prelude::*;

    const ROOM_FIELDS: &[&str] = &["name", "capacity", "accessibility", "opens", "closes"];
    const ROOM: &[(&str, &str)] = &[("name", "Amphi"), ("capacity", "80"), ("opens", "09:00"), ("closes", "18:00")];
    const TRACK_FIELDS: &[&str] = &["name", "colour"];
    const TRACK: &[(&str, &str)] = &[("name", "Communs"), ("colour", "#000091")];

    #[test]
    fn valid_room_and_track_forms_parse() {
        let map = ROOM.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        let room = form::<RoomForm>(&map).parse().unwrap();
        let map = TRACK.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        let track = form::<TrackForm>(&map).parse().unwrap();

        assert_eq!((room.name.as_str(), room.capacity, room.opens.map(|t| t.hour())), ("Amphi", Some(80), Some(9)));
        assert_eq!((track.0.as_str(), track.1.to_string()), ("Communs", "#000091".to_owned()));
    }

    proptest! {
        #![proptest_config(crate::properties::config(256))]

        #[test]
        fn room_form_gives_a_room_the_draft_accepts_or_field_errors(map in altered(ROOM, ROOM_FIELDS, FORM_VALUES)) {
            match form::<RoomForm>(&map).parse() {
                Ok(room) => {
                    prop_assert!(clean_text(&room.name, 200) && !room.name.is_empty());
                    prop_assert!(room.accessibility.as_deref().is_none_or(|a| clean_text(a, 300)));
                    prop_assert!(room.capacity.is_none_or(|c| (1..=1_000_000).contains(&c)));
                    let mut draft = Draft::default();
                    prop_assert!(draft.add_room(room).is_ok());
                }
                Err(errors) => prop_assert!(!errors.is_empty()),
            }
        }

        #[test]
        fn track_form_gives_a_track_or_field_errors(map in altered(TRACK, TRACK_FIELDS, FORM_VALUES)) {
            match form::<TrackForm>(&map).parse() {
                Ok((name, _)) => prop_assert!(clean_text(&name, 200) && !name.is_empty()),
                Err(errors) => prop_assert!(!errors.is_empty()),
            }
        }
    }
}
