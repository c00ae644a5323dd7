//! E1-E5: the garagethon board over a real socket: participants through their private links,
//! facilitators in the organiser space, the public and projector views, the event stream, the
//! retrospective and its Markdown draft re-imported by `rencontres import`.

use crate::helpers::*;
use crate::organiser::{Browser, PASSWORD, add_user};
use rencontres::domain::event::{Event, EventKind};
use rencontres::store;
use std::time::{Duration, Instant};

/// A published garagethon 10 days from now with 50 places, first come first served.
pub async fn garagethon(app: &TestApp, title: &str, offset_days: i32) -> Event {
    let mut draft = event_draft(title, offset_days);
    draft.kind = EventKind::Garagethon;
    let event = app.add_event(draft).await;
    app.open_registrations(&event, 50).await;
    event
}

/// Registers `email` and confirms the address; returns the private link's token.
pub async fn participant(app: &TestApp, event: &Event, email: &str) -> String {
    let name = email.split('@').next().unwrap();
    let page = app
        .post_form(
            &format!("/evenements/{}/inscription", event.draft.slug),
            &[
                ("name", name),
                ("email", email),
                ("organisation", "DINUM"),
                ("status", "public_agent"),
                ("consent", "1"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let messages = store::message::list(&app.db, None, 1000).await.unwrap();
    let m = messages
        .iter()
        .find(|m| m.to == email && m.event_id == Some(event.id))
        .unwrap_or_else(|| panic!("no mail to {email}"));
    let start = m.body_text.find("/inscription/").unwrap() + "/inscription/".len();
    let token = m.body_text[start..start + 64].to_owned();
    let confirmed = app.post_form(&format!("/inscription/{token}/confirmer"), &[]).await;
    assert_eq!(confirmed.status, 303, "{}", confirmed.body);
    token
}

pub(crate) async fn organiser(app: &TestApp) -> (Browser, String) {
    add_user(app, "animation@example.org", true).await;
    let b = Browser::new(app);
    assert_eq!(b.login("animation@example.org", PASSWORD).await.status, 303);
    let csrf = b.csrf("/organisation").await;
    (b, csrf)
}

async fn board(app: &TestApp, event: &Event) -> rencontres::domain::board::Board {
    store::board::load(&app.db, event.id).await.unwrap()
}

#[tokio::test]
async fn project_objective_request_then_help_offered_accepted_and_contacts_shown() {
    let app = spawn_app().await;
    let event = garagethon(&app, "Garagethon d'hiver", 10).await;
    let alice = participant(&app, &event, "alice@example.org").await;
    let bruno = participant(&app, &event, "bruno@example.org").await;
    let base_a = format!("/inscription/{alice}/tableau");
    let base_b = format!("/inscription/{bruno}/tableau");

    let added = app
        .post_form(
            &format!("{base_a}/projets"),
            &[
                ("url", "git@gitlab.adullact.net:dinum/outil-agents.git"),
                ("publisher", "DINUM"),
                ("licence", "EUPL-1.2"),
                ("maintainers", "Alice"),
            ],
        )
        .await;
    let entry = board(&app, &event).await.projects[0].entry_id.to_string();
    let objective = app
        .post_form(
            &format!("{base_a}/objectifs"),
            &[("project", &entry), ("title", "Publier la version 2"), ("estimate", "demi-journée")],
        )
        .await;
    let request = app
        .post_form(
            &format!("{base_a}/demandes"),
            &[
                ("project", &entry),
                ("kind", "documentation"),
                ("title", "Relire le guide d'installation"),
                ("skills", "Debian"),
                ("newcomers", "1"),
            ],
        )
        .await;
    let request_id = board(&app, &event).await.requests[0].id;
    let offered =
        app.post_form(&format!("{base_b}/demandes/{request_id}/aide"), &[("message", "Je connais bien Debian")]).await;
    let twice = app.post_form(&format!("{base_b}/demandes/{request_id}/aide"), &[]).await;
    let own = app.post_form(&format!("{base_a}/demandes/{request_id}/aide"), &[]).await;
    let offer_id = board(&app, &event).await.offers[0].id;
    let helper_cannot_accept = app.post_form(&format!("{base_b}/aides/{offer_id}"), &[("action", "accepter")]).await;
    let before = app.get(&base_b).await;
    let accepted = app.post_form(&format!("{base_a}/aides/{offer_id}"), &[("action", "accepter")]).await;
    let page_a = app.get(&base_a).await;
    let page_b = app.get(&base_b).await;
    let b = board(&app, &event).await;

    assert_eq!(added.status, 303, "{}", added.body);
    assert_eq!(
        (b.projects[0].name.as_str(), b.projects[0].url.as_str(), b.projects[0].forge.as_str()),
        ("outil-agents", "https://gitlab.adullact.net/dinum/outil-agents", "gitlab_self_hosted")
    );
    assert_eq!(objective.status, 303);
    assert_eq!(
        (b.objectives[0].title.as_str(), b.objectives[0].status.as_str(), b.objectives[0].estimate.as_str()),
        ("Publier la version 2", "proposed", "half_day".to_owned())
    );
    assert_eq!(request.status, 303);
    assert_eq!(
        (b.requests[0].kind.as_str(), b.requests[0].newcomers, b.requests[0].skills.as_str()),
        ("documentation", true, "Debian")
    );
    assert_eq!(offered.status, 303);
    assert_eq!(twice.status, 422);
    assert!(twice.body.contains("Vous avez déjà proposé votre aide sur cette demande."), "{}", twice.body);
    assert_eq!(own.status, 422);
    assert!(own.body.contains("Vous ne pouvez pas proposer votre aide sur votre propre demande."));
    assert_eq!(helper_cannot_accept.status, 403);
    assert!(!before.body.contains("alice@example.org"), "the owner's address is hidden before acceptance");
    assert_eq!(accepted.status, 303);
    assert_eq!(b.offers[0].state.as_str(), "accepted");
    assert!(page_a.body.contains("<a href=\"mailto:bruno@example.org\">bruno@example.org</a>"), "{}", page_a.body);
    assert!(page_b.body.contains("<a href=\"mailto:alice@example.org\">alice@example.org</a>"), "{}", page_b.body);
    assert_eq!(b.figures().help_given, 1);
}

#[tokio::test]
async fn hostile_repository_url_is_refused_next_to_the_field_with_input_kept() {
    let app = spawn_app().await;
    let event = garagethon(&app, "Garagethon des URL", 10).await;
    let alice = participant(&app, &event, "alice@example.org").await;

    let js = app
        .post_form(
            &format!("/inscription/{alice}/tableau/projets"),
            &[("url", "javascript:alert(1)//\"><b>"), ("publisher", "Ministère <b>")],
        )
        .await;
    let internal = app
        .post_form(&format!("/inscription/{alice}/tableau/projets"), &[("url", "http://169.254.169.254/latest/meta")])
        .await;
    let huge = app
        .post_form(
            &format!("/inscription/{alice}/tableau/projets"),
            &[("url", &format!("https://github.com/a/{}", "b".repeat(2000)))],
        )
        .await;

    assert_eq!(js.status, 422);
    assert!(js.body.contains("<p id=\"p-url-error\" class=\"fr-error-text\">Adresse refusée : seules les adresses https://, git://, ssh:// ou git@hôte:chemin sont acceptées.</p>"), "{}", js.body);
    assert!(js.body.contains("value=\"javascript:alert(1)//&quot;&gt;&lt;b&gt;\""), "input kept, escaped");
    assert!(js.body.contains("value=\"Ministère &lt;b&gt;\""));
    assert_eq!(internal.status, 422);
    assert!(internal.body.contains("Adresse refusée : les adresses internes ou locales (localhost, adresses IP, réseau privé) ne sont pas acceptées."));
    assert_eq!(huge.status, 422);
    assert!(huge.body.contains("<p id=\"p-url-error\" class=\"fr-error-text\">L’adresse du dépôt est trop longue (500 caractères au plus).</p>"), "{}", huge.body);
    assert!(board(&app, &event).await.projects.is_empty());
}

#[tokio::test]
async fn objective_lifecycle_only_owner_and_facilitators_edit() {
    let app = spawn_app_with(|c| c.base_url = "http://127.0.0.1".into()).await;
    let event = garagethon(&app, "Garagethon des droits", 10).await;
    let alice = participant(&app, &event, "alice@example.org").await;
    let bruno = participant(&app, &event, "bruno@example.org").await;
    app.post_form(&format!("/inscription/{alice}/tableau/projets"), &[("url", "https://github.com/etalab/outil")])
        .await;
    let entry = board(&app, &event).await.projects[0].entry_id.to_string();
    app.post_form(
        &format!("/inscription/{alice}/tableau/objectifs"),
        &[("project", &entry), ("title", "Écrire les tests"), ("estimate", "3")],
    )
    .await;
    let id = board(&app, &event).await.objectives[0].id;
    let (org, csrf) = organiser(&app).await;

    let started = app
        .post_form(&format!("/inscription/{alice}/tableau/objectifs/{id}"), &[("status", "in_progress"), ("link", "")])
        .await;
    let bad_link = app
        .post_form(
            &format!("/inscription/{alice}/tableau/objectifs/{id}"),
            &[("status", "done"), ("link", "javascript:alert(1)")],
        )
        .await;
    let stranger = app
        .post_form(&format!("/inscription/{bruno}/tableau/objectifs/{id}"), &[("status", "dropped"), ("link", "")])
        .await;
    let done = app
        .post_form(
            &format!("/inscription/{alice}/tableau/objectifs/{id}"),
            &[("status", "done"), ("link", "https://github.com/etalab/outil/pull/7")],
        )
        .await;
    let again = app
        .post_form(&format!("/inscription/{alice}/tableau/objectifs/{id}"), &[("status", "done"), ("link", "")])
        .await;
    let facilitator = org
        .post(
            &format!("/organisation/evenements/{}/tableau/objectif", event.id),
            &[("csrf", &csrf), ("objective", &id.to_string()), ("status", "in_progress")],
        )
        .await;
    let b = board(&app, &event).await;

    assert_eq!(started.status, 303);
    assert_eq!(bad_link.status, 422);
    assert!(
        bad_link.body.contains(
            "<p id=\"o1-link-error\" class=\"fr-error-text\">Le lien doit commencer par https:// (ou http://).</p>"
        ),
        "{}",
        bad_link.body
    );
    assert_eq!(stranger.status, 403);
    assert!(
        stranger.body.contains(
            "Seule la personne qui l&#39;a proposé, ou l&#39;équipe d&#39;animation, peut modifier cet élément."
        ),
        "{}",
        stranger.body
    );
    assert_eq!(done.status, 303);
    assert_eq!(again.status, 422);
    assert!(again.body.contains("Cet élément a déjà ce statut."));
    assert_eq!(facilitator.status, 303);
    assert_eq!(
        (b.objectives[0].status.as_str(), b.objectives[0].link.as_deref()),
        ("in_progress", Some("https://github.com/etalab/outil/pull/7"))
    );
    let moves: Vec<&str> = b.moves.iter().map(|m| m.actor.as_str()).collect();
    assert_eq!(moves[0], "facilitator");
    assert_eq!(b.moves[0].what, "a passé l'objectif « Écrire les tests » à « En cours »");
}

#[tokio::test]
async fn unconfirmed_or_unknown_links_have_no_board() {
    let app = spawn_app().await;
    let event = garagethon(&app, "Garagethon fermé", 10).await;
    app.register(&event, "pending@example.org").await;
    let messages = store::message::list(&app.db, None, 100).await.unwrap();
    let text = &messages[0].body_text;
    let start = text.find("/inscription/").unwrap() + "/inscription/".len();
    let pending = &text[start..start + 64];

    let unconfirmed = app.get(&format!("/inscription/{pending}/tableau")).await;
    let unknown = app.get(&format!("/inscription/{}/tableau", "0".repeat(64))).await;
    let post =
        app.post_form(&format!("/inscription/{pending}/tableau/projets"), &[("url", "https://github.com/a/b")]).await;

    assert_eq!(unconfirmed.status, 422);
    assert!(unconfirmed.body.contains("Le tableau est réservé aux inscriptions confirmées de cet événement."));
    assert_eq!(unknown.status, 404);
    assert_eq!(between(&unknown.body, "<h1>", "</h1>"), "Ce lien n’est plus valide", "the dead-link page (B4)");
    assert_eq!(post.status, 422);
    assert!(board(&app, &event).await.projects.is_empty());
}

#[tokio::test]
async fn facilitators_prioritise_pin_and_see_idle_people_and_unhelped_requests() {
    let app = spawn_app_with(|c| c.base_url = "http://127.0.0.1".into()).await;
    let event = garagethon(&app, "Garagethon animé", 10).await;
    let alice = participant(&app, &event, "alice@example.org").await;
    participant(&app, &event, "chloe@example.org").await;
    app.post_form(&format!("/inscription/{alice}/tableau/projets"), &[("url", "https://codeberg.org/equipe/outil")])
        .await;
    let entry = board(&app, &event).await.projects[0].entry_id.to_string();
    for title in ["Traduire l'interface", "Empaqueter pour Debian"] {
        app.post_form(
            &format!("/inscription/{alice}/tableau/demandes"),
            &[("project", &entry), ("kind", "translation"), ("title", title)],
        )
        .await;
    }
    let second = board(&app, &event).await.requests[1].id.to_string();
    let (org, csrf) = organiser(&app).await;
    let base = format!("/organisation/evenements/{}/tableau", event.id);

    let bad = org
        .post(
            &format!("{base}/priorite"),
            &[("csrf", &csrf), ("request", &second), ("priority", "zéro"), ("theme", "Table 2")],
        )
        .await;
    let pinned = org
        .post(
            &format!("{base}/priorite"),
            &[("csrf", &csrf), ("request", &second), ("priority", "1"), ("pinned", "1"), ("theme", "Table 2")],
        )
        .await;
    let page = org.get(&base).await;
    let b = board(&app, &event).await;

    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("<p id=\"r2-priority-error\" class=\"fr-error-text\">La priorité est un nombre de 1 à 999 (1 passe en premier), ou vide.</p>"), "{}", bad.body);
    assert_eq!(pinned.status, 303);
    let order: Vec<&str> = b.requests_in_order().iter().map(|r| r.title.as_str()).collect();
    assert_eq!(order, ["Empaqueter pour Debian", "Traduire l'interface"]);
    assert_eq!(
        between(&page.body, "<ul id=\"liste-disponibles\">", "</ul>").matches("<li>").count(),
        2,
        "both are idle"
    );
    assert!(page.body.contains("<a href=\"mailto:chloe@example.org\">chloe@example.org</a>"));
    assert_eq!(between(&page.body, "<ul id=\"liste-sans-aide\">", "</ul>").matches("<li>").count(), 2);
    assert!(
        page.body.contains("a classé la demande « Empaqueter pour Debian » : priorité 1, épinglée, thème « Table 2 »")
    );
}

#[tokio::test]
async fn private_board_is_hidden_until_the_organiser_makes_it_public() {
    let app = spawn_app_with(|c| c.base_url = "http://127.0.0.1".into()).await;
    let event = garagethon(&app, "Garagethon discret", 10).await;
    let slug = event.draft.slug.to_string();
    let (org, csrf) = organiser(&app).await;

    let hidden = app.get(&format!("/evenements/{slug}/tableau")).await;
    let hidden_live = app.get(&format!("/evenements/{slug}/tableau/direct")).await;
    let made_public = org
        .post(&format!("/organisation/evenements/{}/tableau/reglages", event.id), &[("csrf", &csrf), ("public", "1")])
        .await;
    let shown = app.get(&format!("/evenements/{slug}/tableau")).await;
    let live = app.get(&format!("/evenements/{slug}/tableau/direct")).await;

    assert_eq!(hidden.status, 404);
    assert_eq!(hidden_live.status, 404);
    assert_eq!(made_public.status, 303);
    assert_eq!(shown.status, 200);
    assert_eq!(shown.header("cache-control"), "no-cache");
    assert_eq!(live.status, 200);
    assert!(
        live.body.contains("<div id=\"tableau\" data-flux=\"/evenements/garagethon-discret/tableau/flux\">"),
        "{}",
        live.body
    );
}

/// Issue 13: a participant of one edition renamed a project that other editions' boards show.
#[tokio::test]
async fn participant_of_another_edition_cannot_rename_a_shared_project() {
    let app = spawn_app().await;
    let first = garagethon(&app, "Garagethon 2024", 10).await;
    let second = garagethon(&app, "Garagethon 2025", 20).await;
    let a = participant(&app, &first, "alice@example.org").await;
    let m = participant(&app, &second, "mallory@example.org").await;
    app.post_form(
        &format!("/inscription/{a}/tableau/projets"),
        &[("url", "https://github.com/etalab/outil"), ("name", "Outil"), ("description", "Un outil partagé.")],
    )
    .await;

    let again = app
        .post_form(
            &format!("/inscription/{m}/tableau/projets"),
            &[
                ("url", "https://github.com/etalab/outil"),
                ("name", "Arnaque"),
                ("description", "Remplacé."),
                ("licence", "EUPL-1.2"),
            ],
        )
        .await;

    assert_eq!(again.status, 303, "{}", again.body);
    let shown = board(&app, &first).await.projects.remove(0);
    assert_eq!(
        (shown.name.as_str(), shown.description.as_str(), shown.licence.as_str()),
        ("Outil", "Un outil partagé.", "EUPL-1.2"),
        "only the empty licence is filled"
    );
}

#[tokio::test]
async fn same_repository_across_editions_is_one_project_with_its_history() {
    let app = spawn_app().await;
    let first = garagethon(&app, "Garagethon 2024", 10).await;
    let second = garagethon(&app, "Garagethon 2025", 20).await;
    let a = participant(&app, &first, "alice@example.org").await;
    let b = participant(&app, &second, "alice@example.org").await;

    app.post_form(
        &format!("/inscription/{a}/tableau/projets"),
        &[("url", "https://github.com/Etalab/Outil/tree/main"), ("licence", "MIT")],
    )
    .await;
    let again = app
        .post_form(&format!("/inscription/{b}/tableau/projets"), &[("url", "git@github.com:etalab/outil.git")])
        .await;
    let duplicate = app
        .post_form(&format!("/inscription/{b}/tableau/projets"), &[("url", "https://github.com/etalab/outil")])
        .await;
    let page = app.get(&format!("/inscription/{b}/tableau")).await;
    let board2 = board(&app, &second).await;

    assert_eq!(again.status, 303);
    assert_eq!(board2.projects[0].project_id, board(&app, &first).await.projects[0].project_id);
    assert_eq!(board2.projects[0].other_editions, ["Garagethon 2024"]);
    assert_eq!(board2.projects[0].licence, "MIT");
    assert_eq!(duplicate.status, 422);
    assert!(duplicate.body.contains("Ce projet est déjà sur le tableau de cet événement."));
    assert!(page.body.contains("Déjà travaillé lors de : Garagethon 2024"));
}

/// Reads the event stream until `needle` arrives or `limit` passes; returns the time taken.
async fn wait_for(res: &mut reqwest::Response, needle: &str, limit: Duration) -> Option<Duration> {
    let start = Instant::now();
    let mut seen = String::new();
    while start.elapsed() < limit {
        match tokio::time::timeout(limit - start.elapsed(), res.chunk()).await {
            Ok(Ok(Some(bytes))) => {
                seen.push_str(&String::from_utf8_lossy(&bytes));
                if seen.contains(needle) {
                    return Some(start.elapsed());
                }
            }
            _ => return None,
        }
    }
    None
}

/// O2: on SIGTERM the server ends every event stream with a retry hint, so that projectors
/// reconnect to an instance that stays, and stops instead of waiting for them forever.
#[tokio::test]
async fn a_stopping_server_ends_live_streams_with_a_retry_hint() {
    let app = spawn_app().await;
    let event = garagethon(&app, "Garagethon qui s’arrête", 10).await;
    let (org, csrf) = organiser(&app).await;
    org.post(&format!("/organisation/evenements/{}/tableau/reglages", event.id), &[("csrf", &csrf), ("public", "1")])
        .await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (signal, signalled) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(rencontres::web::serve_until(app.app.clone(), listener, async {
        let _ = signalled.await;
    }));
    let mut stream =
        app.client.get(format!("{base}/evenements/{}/tableau/flux", event.draft.slug)).send().await.unwrap();
    let first = wait_for(&mut stream, "event: board\ndata: ", Duration::from_secs(2)).await;

    signal.send(()).unwrap();
    let hint = wait_for(&mut stream, "retry: ", Duration::from_secs(2)).await;
    let ended = tokio::time::timeout(Duration::from_secs(2), stream.chunk()).await;
    let stopped = tokio::time::timeout(Duration::from_secs(5), server).await;

    assert!(first.is_some(), "the board came first");
    assert!(hint.is_some(), "the stream ends with a retry hint");
    assert!(matches!(ended, Ok(Ok(None))), "then the stream ends: {ended:?}");
    assert!(stopped.is_ok(), "the server stops while a projector watched");
}

#[tokio::test]
async fn live_stream_sends_the_new_board_within_a_second_of_a_change() {
    let app = spawn_app_with(|c| c.base_url = "http://127.0.0.1".into()).await;
    let event = garagethon(&app, "Garagethon en direct", 10).await;
    let alice = participant(&app, &event, "alice@example.org").await;
    app.post_form(&format!("/inscription/{alice}/tableau/projets"), &[("url", "https://git.sr.ht/~equipe/outil")])
        .await;
    let (org, csrf) = organiser(&app).await;
    org.post(&format!("/organisation/evenements/{}/tableau/reglages", event.id), &[("csrf", &csrf), ("public", "1")])
        .await;
    let entry = board(&app, &event).await.projects[0].entry_id.to_string();
    let mut stream =
        app.client.get(format!("{}/evenements/{}/tableau/flux", app.base, event.draft.slug)).send().await.unwrap();
    let content_type = stream.headers().get("content-type").unwrap().to_str().unwrap().to_owned();
    let first = wait_for(&mut stream, "event: board\ndata: ", Duration::from_secs(2)).await;

    let posted = Instant::now();
    app.post_form(
        &format!("/inscription/{alice}/tableau/objectifs"),
        &[("project", &entry), ("title", "Corriger le bogue 42"), ("estimate", "2")],
    )
    .await;
    let update = wait_for(&mut stream, "Corriger le bogue 42", Duration::from_secs(1)).await;

    org.post(&format!("/organisation/evenements/{}/tableau/reglages", event.id), &[("csrf", &csrf)]).await;
    let hidden = wait_for(&mut stream, "Ce tableau n’est plus public.", Duration::from_secs(1)).await;

    assert_eq!(content_type, "text/event-stream");
    assert!(first.is_some(), "the current board comes first");
    assert!(hidden.is_some(), "a board made private leaves the projector");
    let update = update.expect("the change reached the stream");
    assert!(posted.elapsed() < Duration::from_secs(1), "update after {update:?}");
}

#[tokio::test]
async fn retrospective_figures_and_bilan_draft_reimported_cleanly() {
    let app = spawn_app_with(|c| c.base_url = "http://127.0.0.1".into()).await;
    let event = garagethon(&app, "Garagethon du bilan", 10).await;
    let alice = participant(&app, &event, "alice@example.org").await;
    let bruno = participant(&app, &event, "bruno@example.org").await;
    let (a, b) = (format!("/inscription/{alice}/tableau"), format!("/inscription/{bruno}/tableau"));
    app.post_form(
        &format!("{a}/projets"),
        &[("url", "https://gitlab.com/dinum/outil"), ("name", "Outil *partagé*"), ("publisher", "DINUM")],
    )
    .await;
    let entry = board(&app, &event).await.projects[0].entry_id.to_string();
    for (title, status, link) in
        [("Migrer la CI", "done", "https://gitlab.com/dinum/outil/-/merge_requests/12"), ("Traduire", "dropped", "")]
    {
        app.post_form(&format!("{a}/objectifs"), &[("project", &entry), ("title", title), ("estimate", "2")]).await;
        let id = board(&app, &event).await.objectives.last().unwrap().id;
        app.post_form(&format!("{a}/objectifs/{id}"), &[("status", status), ("link", link)]).await;
    }
    app.post_form(
        &format!("{a}/demandes"),
        &[("project", &entry), ("kind", "tests"), ("title", "Tests de bout en bout")],
    )
    .await;
    let rid = board(&app, &event).await.requests[0].id;
    app.post_form(&format!("{b}/demandes/{rid}/aide"), &[]).await;
    let oid = board(&app, &event).await.offers[0].id;
    app.post_form(&format!("{a}/aides/{oid}"), &[("action", "accepter")]).await;
    app.post_form(&format!("{b}/eclair"), &[("title", "Playwright en 5 minutes"), ("minutes", "5")]).await;
    let retro = app
        .post_form(
            &format!("{b}/bilan"),
            &[
                ("done", "Des tests"),
                ("learned", "Les <b>revues</b> de code à plusieurs"),
                ("links", "https://gitlab.com/dinum/outil/-/merge_requests/13\n"),
            ],
        )
        .await;
    let bad_retro = app.post_form(&format!("{b}/bilan"), &[("links", "file:///etc/passwd")]).await;
    let (org, csrf) = organiser(&app).await;
    org.post(&format!("/organisation/evenements/{}/tableau/reglages", event.id), &[("csrf", &csrf), ("public", "1")])
        .await;

    let page = app.get(&format!("/evenements/{}/tableau/bilan", event.draft.slug)).await;
    let md = org.get(&format!("/organisation/evenements/{}/tableau/bilan.md", event.id)).await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bilan.md"), &md.body).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rencontres"))
        .args(["import", dir.path().to_str().unwrap(), "--database-url", &app.database_url])
        .env("RENCONTRES_LOG", "warn")
        .current_dir(app.dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let imported = store::event::find_by_slug(&app.db, "bilan-garagethon-du-bilan")
        .await
        .unwrap()
        .expect("the bilan post became a page");

    assert_eq!(retro.status, 303);
    assert_eq!(bad_retro.status, 422);
    assert!(
        bad_retro.body.contains("file:///etc/passwd : Le lien doit commencer par https:// (ou http://)."),
        "{}",
        bad_retro.body
    );
    assert_eq!(
        board(&app, &event).await.figures(),
        rencontres::domain::board::Figures {
            projects: 1,
            objectives: 2,
            objectives_done: 1,
            requests: 1,
            help_given: 1,
            contributors: 2,
            merge_requests: 2,
            talks: 1
        }
    );
    for (id, n) in [
        ("bilan-projets", "1"),
        ("bilan-objectifs", "1"),
        ("bilan-aides", "1"),
        ("bilan-personnes", "2"),
        ("bilan-fusions", "2"),
        ("bilan-eclair", "1"),
    ] {
        assert_eq!(between(&page.body, &format!("<strong id=\"{id}\">"), "</strong>"), n, "{id}");
    }
    assert!(page.body.contains("Les &lt;b&gt;revues&lt;/b&gt; de code à plusieurs"));
    assert_eq!(md.header("content-type"), "text/markdown; charset=utf-8");
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        stdout.ends_with("imported: 1 created, 0 updated, 0 unchanged, 0 skipped, 0 warnings\n"),
        "{stdout}\n{}",
        md.body
    );
    assert_eq!(imported.draft.title, "Bilan : Garagethon du bilan");
    assert_eq!(imported.draft.dates.start_date, event.draft.dates.start_date);
    assert!(imported.draft.body_md.contains("- Objectifs atteints : 1 sur 2\n"), "{}", imported.draft.body_md);
    assert!(
        imported.draft.body_md.contains("### [Outil \\*partagé\\*](https://gitlab.com/dinum/outil)"),
        "{}",
        imported.draft.body_md
    );
    assert!(
        imported.draft.body_md.contains("- Les \\<b\\>revues\\</b\\> de code à plusieurs"),
        "{}",
        imported.draft.body_md
    );
}

#[tokio::test]
async fn a_public_board_is_archived_in_the_static_export_and_a_private_one_is_not() {
    let app = spawn_app_with(|c| c.base_url = "http://127.0.0.1".into()).await;
    let public = garagethon(&app, "Garagethon archivé", -30).await;
    let private = garagethon(&app, "Garagethon privé", -60).await;
    let (org, csrf) = organiser(&app).await;
    org.post(&format!("/organisation/evenements/{}/tableau/reglages", public.id), &[("csrf", &csrf), ("public", "1")])
        .await;
    let out = tempfile::tempdir().unwrap();

    rencontres::web::static_site::export(app.app.clone(), out.path(), "/").await.unwrap();

    let board = std::fs::read_to_string(out.path().join("evenements/garagethon-archive/tableau/index.html")).unwrap();
    assert!(board.contains("<h1>Tableau du garagethon</h1>"));
    assert!(!board.contains("/tableau/direct"), "a past board has no projector link");
    assert!(out.path().join("evenements/garagethon-archive/tableau/bilan/index.html").is_file());
    assert!(!out.path().join(format!("evenements/{}/tableau", private.draft.slug)).exists());
}

#[tokio::test]
async fn board_figures_on_the_command_line() {
    let app = spawn_app().await;
    let event = garagethon(&app, "Garagethon en ligne de commande", 10).await;
    let alice = participant(&app, &event, "alice@example.org").await;
    app.post_form(&format!("/inscription/{alice}/tableau/projets"), &[("url", "https://github.com/etalab/outil")])
        .await;
    app.post_form(&format!("/inscription/{alice}/tableau/eclair"), &[("title", "Cinq minutes"), ("minutes", "5")])
        .await;

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rencontres"))
        .args(["board", "figures", event.draft.slug.as_str(), "--database-url", &app.database_url])
        .env("RENCONTRES_LOG", "warn")
        .current_dir(app.dir.path())
        .output()
        .unwrap();

    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "projects 1\nobjectives 0 (done 0)\nhelp requests 0\nhelp given 0\ncontributors 1\nmerge requests 0\nlightning talks 1\n"
    );
}

#[tokio::test]
async fn offers_declined_withdrawn_and_made_again_talks_reordered_requests_closed() {
    let app = spawn_app_with(|c| c.base_url = "http://127.0.0.1".into()).await;
    let event = garagethon(&app, "Garagethon des allers-retours", 10).await;
    let alice = participant(&app, &event, "alice@example.org").await;
    let bruno = participant(&app, &event, "bruno@example.org").await;
    let (a, b) = (format!("/inscription/{alice}/tableau"), format!("/inscription/{bruno}/tableau"));
    app.post_form(&format!("{a}/projets"), &[("url", "https://github.com/etalab/outil")]).await;
    let entry = board(&app, &event).await.projects[0].entry_id.to_string();
    app.post_form(
        &format!("{a}/demandes"),
        &[("project", &entry), ("kind", "bug_fix"), ("title", "Corriger l'export CSV")],
    )
    .await;
    let rid = board(&app, &event).await.requests[0].id;
    app.post_form(&format!("{b}/demandes/{rid}/aide"), &[]).await;
    let oid = board(&app, &event).await.offers[0].id;
    let (org, csrf) = organiser(&app).await;

    let declined = app.post_form(&format!("{a}/aides/{oid}"), &[("action", "decliner")]).await;
    let accept_declined = app.post_form(&format!("{a}/aides/{oid}"), &[("action", "accepter")]).await;
    let unknown_action = app.post_form(&format!("{a}/aides/{oid}"), &[("action", "supprimer")]).await;
    let state_after_decline = board(&app, &event).await.offers[0].state;
    app.post_form(&format!("{b}/eclair"), &[("title", "Premier"), ("minutes", "5")]).await;
    app.post_form(&format!("{a}/eclair"), &[("title", "Second"), ("minutes", "3")]).await;
    let twice = app.post_form(&format!("{a}/eclair"), &[("title", "Encore"), ("minutes", "3")]).await;
    let too_long = app.post_form(&format!("{b}/eclair"), &[("title", "Long"), ("minutes", "45")]).await;
    let talks = board(&app, &event).await.talks;
    let not_mine = app.post_form(&format!("{b}/eclair/{}/retirer", talks[1].id), &[]).await;
    let moved = org
        .post(
            &format!("/organisation/evenements/{}/tableau/eclair", event.id),
            &[("csrf", &csrf), ("talk", &talks[1].id.to_string()), ("action", "monter")],
        )
        .await;
    let order: Vec<String> = board(&app, &event).await.talks.into_iter().map(|t| t.title).collect();
    let closed = app.post_form(&format!("{a}/demandes/{rid}/ouverture"), &[("open", "0")]).await;
    let offer_on_closed = app.post_form(&format!("{b}/demandes/{rid}/aide"), &[]).await;
    let stranger_reopens = app.post_form(&format!("{b}/demandes/{rid}/ouverture"), &[("open", "1")]).await;
    app.post_form(&format!("{a}/demandes/{rid}/ouverture"), &[("open", "1")]).await;
    let offered_again_while_declined = app.post_form(&format!("{b}/demandes/{rid}/aide"), &[]).await;

    assert_eq!(declined.status, 303);
    assert_eq!(state_after_decline.as_str(), "declined");
    assert_eq!(accept_declined.status, 422);
    assert!(
        accept_declined.body.contains("Ce changement de statut n&#39;est pas possible."),
        "{}",
        accept_declined.body
    );
    assert_eq!(unknown_action.status, 400);
    assert!(unknown_action.body.contains("Action inconnue sur cette proposition d’aide."));
    assert_eq!(twice.status, 422);
    assert!(twice.body.contains("Vous êtes déjà inscrit ou inscrite pour une présentation éclair."));
    assert_eq!(too_long.status, 422);
    assert!(too_long.body.contains("Une présentation éclair dure de 1 à 10 minutes."));
    assert_eq!(not_mine.status, 403);
    assert_eq!(moved.status, 303);
    assert_eq!(order, ["Second", "Premier"]);
    assert_eq!(closed.status, 303);
    assert_eq!(offer_on_closed.status, 422);
    assert!(offer_on_closed.body.contains("Cette demande d&#39;aide est close."));
    assert_eq!(stranger_reopens.status, 403);
    assert_eq!(offered_again_while_declined.status, 422, "a declined offer is not made again");

    let withdrawn = {
        app.post_form(
            &format!("{a}/demandes"),
            &[("project", &entry), ("kind", "tests"), ("title", "Tests de l'export")],
        )
        .await;
        let rid2 = board(&app, &event).await.requests[1].id;
        app.post_form(&format!("{b}/demandes/{rid2}/aide"), &[]).await;
        let oid2 = board(&app, &event).await.offers[1].id;
        let w = app.post_form(&format!("{b}/aides/{oid2}"), &[("action", "retirer")]).await;
        let again = app.post_form(&format!("{b}/demandes/{rid2}/aide"), &[("message", "Finalement oui")]).await;
        (w.status, again.status, board(&app, &event).await.offers[1].state.as_str())
    };
    assert_eq!(withdrawn, (303, 303, "offered"));
}

/// E3 G1 G4: a facilitator acts with the right of one event: on another event's board they
/// are refused (403) and nothing changes; each facilitator write leaves one audit entry.
#[tokio::test]
async fn facilitator_of_another_event_is_refused_and_each_facilitator_write_audits_once() {
    use rencontres::domain::account::EditRight;
    use rencontres::domain::board::Actor;
    use rencontres::store::StoreError;
    let app = spawn_app().await;
    let event = garagethon(&app, "Garagethon audité", 10).await;
    let other = garagethon(&app, "Garagethon voisin", 12).await;
    let alice = participant(&app, &event, "alice@example.org").await;
    let (alice_id, _) = store::board::find_participant(&app.db, &alice).await.unwrap().unwrap();
    let now = jiff::Timestamp::now();
    let talk = store::board::sign_up_talk(&app.db, event.id, alice_id, "Cinq minutes", 5, now).await.unwrap();
    let right = EditRight::command_line(event.id);
    let foreign = Actor::facilitator(&EditRight::command_line(other.id));
    let since: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM audit_log").fetch_one(app.db.pool()).await.unwrap();

    let refused = store::board::withdraw_talk(&app.db, event.id, foreign, talk, now).await;
    store::board::set_public(&app.db, &right, true, now).await.unwrap();
    store::board::withdraw_talk(&app.db, event.id, Actor::facilitator(&right), talk, now).await.unwrap();

    assert!(matches!(refused, Err(StoreError::Forbidden)), "{refused:?}");
    let actions: Vec<(String, Option<i64>, String)> =
        sqlx::query_as("SELECT action, object_id, details FROM audit_log WHERE id > $1 ORDER BY id")
            .bind(since)
            .fetch_all(app.db.pool())
            .await
            .unwrap();
    let id = Some(event.id.get());
    assert_eq!(
        actions,
        [
            ("board.set_public".to_owned(), id, r#"{"public":true,"via":"command_line"}"#.to_owned()),
            ("board.withdraw_talk".to_owned(), id, format!(r#"{{"talk":{talk},"via":"command_line"}}"#)),
        ]
    );
    assert!(board(&app, &event).await.talks.is_empty());
}

/// O1 E5: behind two instances on PostgreSQL, a board change made through A reaches a
/// projector that follows B within a second; when B's listening connection is cut, B
/// reconnects, sends the current board again, and hears the next change.
#[tokio::test]
async fn live_board_crosses_instances_through_postgres_and_survives_a_lost_connection() {
    if std::env::var("RENCONTRES_TEST_BACKEND").as_deref() != Ok("postgres") {
        eprintln!("skipped: several instances share PostgreSQL only (the PostgreSQL run covers this)");
        return;
    }
    let a = spawn_app_with(|c| c.base_url = "http://127.0.0.1".into()).await;
    let shared = a.database_url.clone();
    let b = spawn_app_with(move |c| {
        c.base_url = "http://127.0.0.1".into();
        c.database_url = shared;
    })
    .await;
    let follower = tokio::spawn(rencontres::jobs::follow_board_notices(b.app.clone()));
    let schema: String = sqlx::query_scalar("SELECT current_schema()::text").fetch_one(a.db.pool()).await.unwrap();
    let listening = format!("%LISTEN%rencontres_board_{schema}%");
    let listeners = || async {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pg_stat_activity WHERE query LIKE $1")
            .bind(&listening)
            .fetch_one(a.db.pool())
            .await
            .unwrap();
        n
    };
    let started = Instant::now();
    while listeners().await == 0 && started.elapsed() < Duration::from_secs(5) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let event = garagethon(&a, "Garagethon réparti", 10).await;
    let alice = participant(&a, &event, "alice@example.org").await;
    a.post_form(&format!("/inscription/{alice}/tableau/projets"), &[("url", "https://git.sr.ht/~equipe/outil")]).await;
    let (org, csrf) = organiser(&a).await;
    org.post(&format!("/organisation/evenements/{}/tableau/reglages", event.id), &[("csrf", &csrf), ("public", "1")])
        .await;
    let entry = board(&a, &event).await.projects[0].entry_id.to_string();
    let mut on_b =
        b.client.get(format!("{}/evenements/{}/tableau/flux", b.base, event.draft.slug)).send().await.unwrap();
    let first = wait_for(&mut on_b, "event: board\ndata: ", Duration::from_secs(2)).await;
    let objective = |title: &'static str| {
        let (a, alice, entry) = (&a, &alice, &entry);
        async move {
            a.post_form(
                &format!("/inscription/{alice}/tableau/objectifs"),
                &[("project", entry.as_str()), ("title", title), ("estimate", "2")],
            )
            .await
        }
    };

    objective("Corriger le bogue 42").await;
    let crossed = wait_for(&mut on_b, "Corriger le bogue 42", Duration::from_secs(1)).await;
    let cut: Vec<bool> =
        sqlx::query_scalar("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE $1")
            .bind(&listening)
            .fetch_all(a.db.pool())
            .await
            .unwrap();
    let resent = wait_for(&mut on_b, "event: board\ndata: ", Duration::from_secs(5)).await;
    let started = Instant::now();
    while listeners().await == 0 && started.elapsed() < Duration::from_secs(5) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    objective("Écrire la documentation").await;
    let after = wait_for(&mut on_b, "Écrire la documentation", Duration::from_secs(1)).await;
    follower.abort();

    assert!(first.is_some(), "B sends the current board first");
    assert!(crossed.is_some(), "a change through A reaches B's viewers within a second");
    assert_eq!(cut, [true], "one listening connection, cut");
    assert!(resent.is_some(), "after reconnecting, B sends the current board again");
    assert!(after.is_some(), "and hears the next change");
}
