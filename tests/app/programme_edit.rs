//! D1 D2 G2 (issue 19): rooms, tracks and items of the programme draft created, edited and
//! deleted through the organiser's forms, as a browser without JavaScript sends them (with
//! the CSRF value); refused input comes back in French beside its field with what was typed.

use crate::helpers::*;
use crate::organiser::{Browser, PASSWORD, add_user, grant};
use rencontres::domain::account::Role;
use rencontres::domain::event::Event;
use rencontres::domain::programme::Draft;
use rencontres::store;

struct Editor {
    app: TestApp,
    b: Browser,
    csrf: String,
    event: Event,
    admin_id: i64,
}

impl Editor {
    async fn new() -> Editor {
        let app = spawn_app_with(|c| {
            c.base_url = "http://127.0.0.1".into();
            c.login_attempts_per_minute = 100_000;
        })
        .await;
        let admin_id = add_user(&app, "admin@example.org", true).await;
        let event = app.add_event(event_draft("Journée du programme", 12)).await;
        let b = Browser::new(&app);
        b.login("admin@example.org", PASSWORD).await;
        let csrf = b.csrf("/organisation").await;
        Editor { app, b, csrf, event, admin_id }
    }

    fn path(&self, rest: &str) -> String {
        format!("/organisation/evenements/{}/programme{rest}", self.event.id)
    }

    async fn post(&self, rest: &str, fields: &[(&str, &str)]) -> Page {
        let mut all = vec![("csrf", self.csrf.as_str())];
        all.extend_from_slice(fields);
        self.b.post(&self.path(rest), &all).await
    }

    async fn draft(&self) -> Draft {
        store::programme::get_draft(&self.app.db, self.event.draft.slug.as_str()).await.unwrap()
    }

    fn day(&self) -> String {
        self.event.draft.dates.start_date.to_string()
    }

    async fn add_room(&self, name: &str, opens: &str, closes: &str) -> Page {
        let fields = [("name", name), ("capacity", "80"), ("accessibility", ""), ("opens", opens), ("closes", closes)];
        self.post("/salles/ajouter", &fields).await
    }

    async fn add_item(&self, title: &str, start: &str, room: &str, summary: &str) -> Page {
        let day = self.day();
        let fields = [
            ("kind", "talk"),
            ("title", title),
            ("speakers", "Ada Lovelace, Grace Hopper"),
            ("summary", summary),
            ("date", day.as_str()),
            ("start", start),
            ("minutes", "30"),
            ("room", room),
            ("track", ""),
        ];
        self.post("/element/ajouter", &fields).await
    }
}

/// The text of the error beside field `id` (`f-name` → `f-name-error`).
fn error_of(page: &Page, id: &str) -> String {
    unescape(between(&page.body, &format!("id=\"{id}-error\" class=\"fr-error-text\">"), "</p>"))
}

fn alerts(page: &Page, id: &str) -> Vec<String> {
    between(&page.body, &format!("id=\"{id}\""), "</ul>")
        .split("<li>")
        .skip(1)
        .map(|li| {
            let text = li.split("</li>").next().unwrap();
            unescape(text.split(" (").next().unwrap())
        })
        .collect()
}

#[tokio::test]
async fn rooms_are_added_edited_and_deleted_through_the_forms() {
    let e = Editor::new().await;

    let page = e.b.get(&e.path("/salles")).await;
    let refused = e
        .post(
            "/salles/ajouter",
            &[
                ("name", " "),
                ("capacity", "beaucoup"),
                ("accessibility", "Rampe <b>"),
                ("opens", "12:00"),
                ("closes", "11:00"),
            ],
        )
        .await;
    let added = e.add_room("Amphi", "", "").await;
    let twice = e.add_room("Amphi", "", "").await;
    e.add_item("Ouverture", "10:00", "1", "").await;
    let mark = e.app.audit_mark().await;
    let edited = e
        .post(
            "/salles/modifier",
            &[
                ("id", "1"),
                ("name", "Amphi A"),
                ("capacity", "120"),
                ("accessibility", "Boucle magnétique"),
                ("opens", "11:00"),
                ("closes", ""),
            ],
        )
        .await;
    let listed = e.b.get(&e.path("/salles?fait=salle-modifiee")).await;
    let asked = e.post("/salles/supprimer", &[("id", "1")]).await;
    let in_use = e.post("/salles/supprimer", &[("id", "1"), ("confirme", "oui")]).await;
    e.add_room("Salle 2", "", "").await;
    let deleted = e.post("/salles/supprimer", &[("id", "2"), ("confirme", "oui")]).await;
    let actions = e.app.audit_actions_since(mark).await;
    let draft = e.draft().await;

    assert_eq!(page.status, 200);
    assert!(page.body.contains("<title>Salles du programme — Journée du programme"), "{}", page.body);
    assert_eq!(refused.status, 422);
    assert_eq!(error_of(&refused, "f-name"), "Le nom est obligatoire.");
    assert_eq!(error_of(&refused, "f-capacity"), "La capacité doit être un nombre entier de places, supérieur à zéro.");
    assert_eq!(error_of(&refused, "f-closes"), "L'heure de fermeture de la salle précède son heure d'ouverture.");
    assert!(refused.body.contains("value=\"beaucoup\""), "typed capacity kept");
    assert!(refused.body.contains("value=\"Rampe &lt;b&gt;\""), "typed accessibility kept, escaped");
    assert_eq!(added.status, 303);
    assert_eq!(added.header("location"), e.path("/salles?fait=salle-ajoutee"));
    assert_eq!(twice.status, 422);
    assert_eq!(error_of(&twice, "f-name"), "Une salle porte déjà le nom Amphi.");
    assert_eq!(edited.status, 303, "{}", edited.body);
    assert_eq!(
        between(
            &listed.body,
            "<div class=\"fr-alert fr-alert--success fr-alert--sm fr-mb-3w\" role=\"status\" id=\"message-action\"><p>",
            "</p>"
        ),
        "Salle enregistrée."
    );
    assert_eq!(
        alerts(&listed, "alertes-salles"),
        ["Cet élément est en dehors des horaires d'ouverture de la salle « Amphi A »."],
        "an edit that leaves an item outside the room's hours shows it"
    );
    assert_eq!(asked.status, 200);
    assert_eq!(between(&asked.body, "<h1>", "</h1>"), "Supprimer la salle « Amphi A » ?");
    assert_eq!(in_use.status, 422);
    assert_eq!(
        unescape(between(&in_use.body, "id=\"erreur-salles\"><p>", "</p>")),
        "La salle « Amphi A » accueille encore 1 élément(s) : déplacez-les ou supprimez-les d'abord."
    );
    assert_eq!(deleted.status, 303);
    let room = &draft.programme.rooms[..];
    assert_eq!(room.len(), 1);
    assert_eq!(
        (room[0].id, room[0].name.as_str(), room[0].capacity, room[0].accessibility.as_deref()),
        (1, "Amphi A", Some(120), Some("Boucle magnétique"))
    );
    assert_eq!(room[0].opens.map(|t| t.to_string()), Some("11:00:00".to_owned()));
    assert_eq!(actions, ["programme.update_room", "programme.add_room", "programme.remove_room"]);
    let entries = e.app.audit_actions_since(0).await;
    assert!(entries.iter().all(|a| rencontres::web::organiser::audit::sentence(a).is_some()), "{entries:?}");
    let _ = e.admin_id;
}

#[tokio::test]
async fn tracks_are_added_edited_and_deleted_with_their_text_colour() {
    let e = Editor::new().await;

    let bad = e.post("/themes/ajouter", &[("name", "Communs"), ("colour", "bleu")]).await;
    let added = e.post("/themes/ajouter", &[("name", "Communs"), ("colour", "#000091")]).await;
    let dark = e.b.get(&e.path("/themes")).await;
    let edited =
        e.post("/themes/modifier", &[("id", "1"), ("name", "Communs numériques"), ("colour", "#FFCC00")]).await;
    let light = e.b.get(&e.path("/themes")).await;
    let form = e.b.get(&e.path("/themes?theme=1")).await;
    let deleted = e.post("/themes/supprimer", &[("id", "1"), ("confirme", "oui")]).await;

    assert_eq!(bad.status, 422);
    assert_eq!(error_of(&bad, "f-colour"), "La couleur doit s'écrire #rrvvbb.");
    assert!(bad.body.contains("value=\"Communs\""), "typed name kept");
    assert_eq!(added.header("location"), e.path("/themes?fait=theme-ajoute"));
    assert!(unescape(&dark.body).contains("<td>en blanc, contraste 14,9 : 1</td>"), "{}", dark.body);
    assert_eq!(edited.header("location"), e.path("/themes?fait=theme-modifie"));
    assert!(unescape(&light.body).contains("<td>en noir, contraste 13,9 : 1</td>"), "{}", light.body);
    assert!(form.body.contains("<title>Modifier le thème « Communs numériques »"), "{}", form.body);
    assert_eq!(deleted.header("location"), e.path("/themes?fait=theme-supprime"));
    assert!(e.draft().await.programme.tracks.is_empty());
}

#[tokio::test]
async fn items_are_created_edited_and_deleted_with_french_errors_and_warnings() {
    let e = Editor::new().await;
    e.add_room("Amphi", "", "").await;
    let hostile = "<script>alert(1)</script> [clic](javascript:alert(2)) <img src=x onerror=alert(3)>";

    let new_form = e.b.get(&e.path("/element")).await;
    let day = e.day();
    let refused = e
        .post(
            "/element/ajouter",
            &[
                ("kind", "talk"),
                ("title", "  "),
                ("speakers", "Ada"),
                ("summary", hostile),
                ("date", &day),
                ("start", "10:02"),
                ("minutes", "7"),
                ("room", "99"),
                ("track", "4"),
            ],
        )
        .await;
    let added = e.add_item("Ouverture", "10:00", "1", hostile).await;
    let second = e.add_item("Logiciels libres", "11:00", "1", "").await;
    let fields = [
        ("id", "2"),
        ("kind", "workshop"),
        ("title", "Logiciels libres, atelier"),
        ("speakers", "Ada Lovelace"),
        ("summary", "Apportez un ordinateur."),
        ("date", day.as_str()),
        ("start", "10:15"),
        ("minutes", "45"),
        ("room", "1"),
        ("track", ""),
    ];
    let edited = e.post("/element/modifier", &fields).await;
    let shown = e.b.get(&e.path("/element?id=2&fait=element-modifie")).await;
    let draft = e.draft().await;
    store::programme::release(
        &e.app.db,
        &rencontres::domain::account::EditRight::command_line(e.event.id),
        "v1",
        true,
        None,
        jiff::Timestamp::now(),
    )
    .await
    .unwrap();
    e.app.app.refresh_content_version().await.unwrap();
    let public = e.app.get(&format!("/evenements/{}/programme/1", e.event.draft.slug)).await;
    let asked = e.post("/element/supprimer", &[("id", "2")]).await;
    let deleted = e.post("/element/supprimer", &[("id", "2"), ("confirme", "oui")]).await;

    assert_eq!(new_form.status, 200);
    assert!(new_form.body.contains("<title>Nouvel élément du programme — Journée du programme"));
    assert_eq!(refused.status, 422);
    assert_eq!(error_of(&refused, "f-title"), "Le titre est obligatoire.");
    assert_eq!(error_of(&refused, "f-start"), "L'heure de début doit tomber sur un multiple de 5 minutes.");
    assert_eq!(
        error_of(&refused, "f-minutes"),
        "La durée doit être un multiple de 5 minutes, entre 5 minutes et 24 heures."
    );
    assert_eq!(error_of(&refused, "f-room"), "Cette salle n’existe pas (ou plus) : choisissez-en une dans la liste.");
    assert_eq!(error_of(&refused, "f-track"), "Ce thème n’existe pas (ou plus) : choisissez-en un dans la liste.");
    assert_eq!(
        between(&refused.body, "id=\"f-summary\" name=\"summary\" rows=\"5\">", "</textarea>"),
        "&lt;script&gt;alert(1)&lt;/script&gt; [clic](javascript:alert(2)) &lt;img src=x onerror=alert(3)&gt;",
        "typed description kept, escaped"
    );
    assert!(refused.body.contains("value=\"10:02\""), "typed start kept");
    assert_eq!(added.status, 303);
    assert_eq!(added.header("location"), e.path("/element?id=1&fait=element-ajoute"));
    assert_eq!(second.status, 303);
    assert_eq!(edited.header("location"), e.path("/element?id=2&fait=element-modifie"));
    assert_eq!(
        alerts(&shown, "alertes-element"),
        [
            "Deux éléments occupent la salle « Amphi » en même temps.",
            "Ada Lovelace intervient à deux endroits en même temps."
        ],
        "the edit that makes an overlap and a speaker clash shows both"
    );
    assert!(shown.body.contains("<title>Modifier « Logiciels libres, atelier »"));
    let item = draft.programme.item(2).unwrap();
    assert_eq!(
        (item.kind.as_str(), item.title.as_str(), item.minutes, item.speakers.clone(), item.summary.as_str()),
        ("workshop", "Logiciels libres, atelier", 45, vec!["Ada Lovelace".to_owned()], "Apportez un ordinateur.")
    );
    assert_eq!(item.start.time().to_string(), "10:15:00");
    assert_eq!(draft.programme.item(1).unwrap().summary, hostile, "stored as typed");
    assert_eq!(public.status, 200);
    assert!(!public.body.contains("<script>alert(1)") && !public.body.contains("<img src=x"), "{}", public.body);
    assert!(public.body.contains("&lt;script&gt;alert(1)"), "shown as text: {}", public.body);
    assert_eq!(asked.status, 200);
    assert_eq!(between(&asked.body, "<h1>", "</h1>"), "Supprimer « Logiciels libres, atelier » ?");
    assert_eq!(deleted.header("location"), e.path("?fait=element-supprime"));
    assert_eq!(e.draft().await.programme.items.iter().map(|i| i.id).collect::<Vec<_>>(), [1]);
}

/// Issue 19: an item taken off the grid waits with the accepted talks; its placing form keeps
/// a refused value beside its field, and placing it brings it back under its id.
#[tokio::test]
async fn unplaced_item_is_listed_and_placed_from_the_list() {
    let e = Editor::new().await;
    e.add_room("Amphi", "", "").await;
    e.add_item("Ouverture", "10:00", "1", "").await;

    let retired = e.post("/element/retirer", &[("id", "1")]).await;
    let list = e.b.get(&e.path("/a-placer")).await;
    let programme_page = e.b.get(&e.path("")).await;
    let day = e.day();
    let refused = e.post("/a-placer/placer", &[("id", "1"), ("date", &day), ("start", "25:00"), ("room", "7")]).await;
    let placed = e.post("/a-placer/placer", &[("id", "1"), ("date", &day), ("start", "14:00"), ("room", "1")]).await;
    let again = e.post("/a-placer/placer", &[("id", "1"), ("date", &day), ("start", "14:00"), ("room", "1")]).await;
    let draft = e.draft().await;

    assert_eq!(retired.header("location"), e.path("/a-placer?fait=element-retire#a-placer-1"));
    assert!(list.body.contains("<title>Interventions à placer — Journée du programme"));
    assert!(between(&list.body, "id=\"interventions-a-placer\">", "</ul>").contains("Ouverture"), "{}", list.body);
    assert!(between(&programme_page.body, "id=\"interventions-a-placer\">", "</ul>").contains("Ouverture"));
    assert_eq!(refused.status, 422);
    assert_eq!(error_of(&refused, "placer-1-start"), "Heure de début invalide (format attendu : 14:05).");
    assert!(refused.body.contains("value=\"25:00\""), "typed start kept");
    assert_eq!(placed.header("location"), e.path("/element?id=1&fait=element-place"));
    assert_eq!(again.status, 422);
    let item = draft.programme.item(1).unwrap();
    assert_eq!((item.start.time().to_string().as_str(), item.room_id), ("14:00:00", Some(1)));
    assert!(draft.unplaced.is_empty());
}

#[tokio::test]
async fn organiser_of_another_event_cannot_edit_this_programme() {
    let e = Editor::new().await;
    let other = e.app.add_event(event_draft("Autre journée", 20)).await;
    add_user(&e.app, "autre@example.org", false).await;
    grant(&e.app, e.admin_id, "autre@example.org", Role::Organiser, other.id).await;
    let b = Browser::new(&e.app);
    b.login("autre@example.org", PASSWORD).await;
    let csrf = b.csrf("/organisation").await;

    let page = b.get(&e.path("/salles")).await;
    let post = b
        .post(
            &e.path("/salles/ajouter"),
            &[
                ("csrf", &csrf),
                ("name", "Intruse"),
                ("capacity", ""),
                ("accessibility", ""),
                ("opens", ""),
                ("closes", ""),
            ],
        )
        .await;
    let own = b.get(&format!("/organisation/evenements/{}/programme/salles", other.id)).await;

    assert_eq!(page.status, 403);
    assert_eq!(post.status, 403);
    assert_eq!(own.status, 200);
    assert!(e.draft().await.programme.rooms.is_empty());
}

/// Issue 19: the demo's garagethon has an accepted talk waiting for its slot, shown on the
/// grid, while its released programme still equals the draft.
#[tokio::test]
async fn demo_garagethon_has_an_accepted_talk_waiting_for_its_slot() {
    let app = crate::organiser::spawn().await;
    rencontres::demo::install(&app.db, &app.app.composer, app.app.config.base_url(), today(), jiff::Timestamp::now())
        .await
        .unwrap();
    let event = store::event::list_published(&app.db)
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.draft.kind == rencontres::domain::event::EventKind::Garagethon)
        .unwrap();
    add_user(&app, "orga@example.org", true).await;
    let b = crate::organiser::signed_in(&app, "orga@example.org").await;

    let grid = b.get(&format!("/organisation/evenements/{}/programme/grille", event.id)).await;
    let differs = store::programme::draft_differs(&app.db, event.id).await.unwrap();

    let waiting: Vec<String> = between(&grid.body, "id=\"interventions-a-placer\">", "</ul>")
        .split("class=\"fr-fieldset__legend\"")
        .skip(1)
        .map(|l| unescape(between(l, ">", " <span")))
        .collect();
    assert_eq!(waiting, ["Publier le code source d’une application publique"]);
    assert_eq!(differs, Some(false));
    // Issue 16: one of its participants came through ProConnect; organisers see the SIRET.
    let registrations = b.get(&format!("/organisation/evenements/{}/inscriptions", event.id)).await;
    assert!(
        registrations.body.contains("DINUM<br><span class=\"fr-text--xs\">SIRET 13002526500013 (ProConnect)</span>")
    );
}
