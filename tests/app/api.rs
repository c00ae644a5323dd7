//! I2 (issue 16): the JSON API over a real socket. Pages by cursor cover every item once,
//! reads answer 304 to their ETag, tokens are shown once, stored hashed, refused once
//! revoked or expired, kept to their scope and access; a state change through the API fills
//! the places exactly as the browser does and is audited in the token owner's name; and
//! schemathesis, run against the served OpenAPI document, finds no failure.

use crate::helpers::*;
use crate::organiser::{Browser, PASSWORD, add_user, grant};
use jiff::Timestamp;
use rencontres::domain::account::{Role, authorise_edit};
use rencontres::domain::api_token::TokenAccess;
use rencontres::domain::event::Event;
use rencontres::domain::registration::Mode;
use rencontres::store;
use serde_json::Value;

/// A GET or POST with a bearer token; the status, headers and JSON body (`Null` when empty).
async fn call(
    app: &TestApp,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (u16, reqwest::header::HeaderMap, Value) {
    let url = format!("{}{path}", app.base);
    let mut req = match method {
        "GET" => app.client.get(url),
        "POST" => app.client.post(url),
        "PUT" => app.client.put(url),
        other => panic!("method {other}"),
    };
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req.header("content-type", "application/json").body(b.to_string());
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let text = res.text().await.unwrap();
    let json = if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) };
    (status, headers, json)
}

fn content_type(h: &reqwest::header::HeaderMap) -> &str {
    h.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("")
}

/// A token of `user` on `events`, made by the store as the page makes it.
async fn token(app: &TestApp, user: i64, events: &[&Event], access: TokenAccess, days: i64) -> String {
    let account = store::account::get_account(&app.db, user).await.unwrap();
    let rights: Vec<_> = events.iter().map(|e| authorise_edit(&account, e.id).unwrap()).collect();
    let expires = Timestamp::now() + jiff::SignedDuration::from_hours(24 * days);
    store::api_token::create(&app.db, &rights, "essai", access, expires, Timestamp::now()).await.unwrap().1
}

/// An event in selection mode with `places`, and `who` pre-registered (addresses confirmed).
async fn selection_event(app: &TestApp, sink: &SmtpSink, title: &str, places: u32, who: &[&str]) -> Event {
    let event = app.add_event(event_draft(title, 30)).await;
    app.open_registrations(&event, places).await;
    let mut settings = store::registration::find_settings(&app.db, event.id).await.unwrap().unwrap();
    settings.rules.mode = Mode::Selection;
    app.save_settings(&event, &settings).await;
    for email in who {
        assert_eq!(app.register(&event, email).await.status, 303);
    }
    app.deliver_queued_mail().await;
    for email in who {
        let link = sink.last_link_to(email);
        assert_eq!(app.post_form(&format!("{link}/confirmer"), &[]).await.status, 303);
    }
    event
}

#[tokio::test]
async fn public_events_page_by_cursor_once_each_and_answer_304_to_their_etag() {
    let app = spawn_app().await;
    let mut expected = Vec::new();
    for i in 0..7 {
        let e = app.add_event(event_draft(&format!("Journée numéro {i}"), 10 + i)).await;
        expected.push(e.draft.slug.to_string());
    }
    let mut draft = event_draft("Brouillon caché", 5);
    draft.status = rencontres::domain::event::EventStatus::Draft;
    app.add_event(draft).await;

    let mut seen = Vec::new();
    let mut path = "/api/v1/events?limit=3".to_owned();
    let mut pages = 0;
    loop {
        let (status, _, body) = call(&app, "GET", &path, None, None).await;
        assert_eq!(status, 200, "{body}");
        pages += 1;
        seen.extend(body["items"].as_array().unwrap().iter().map(|e| e["slug"].as_str().unwrap().to_owned()));
        match body["next_cursor"].as_str() {
            Some(c) => path = format!("/api/v1/events?limit=3&cursor={c}"),
            None => break,
        }
    }
    let one = format!("/api/v1/events/{}", expected[0]);
    let first = app.get(&one).await;
    let etag = first.header("etag").to_owned();
    let again = app.get_with(&one, &[("If-None-Match", &etag)]).await;
    let e = store::event::find_by_slug(&app.db, &expected[0]).await.unwrap().unwrap();
    let mut d = e.draft.clone();
    d.title = "Journée renommée".into();
    let right = rencontres::domain::account::EditRight::command_line(e.id);
    store::event::update(&app.db, &right, &d, None, Timestamp::now()).await.unwrap();
    let after = app.get_with(&one, &[("If-None-Match", &etag)]).await;

    assert_eq!(pages, 3);
    assert_eq!(seen, expected);
    assert_eq!((first.status, etag.len()), (200, 34));
    assert_eq!((again.status, again.body.as_str(), again.header("etag")), (304, "", etag.as_str()));
    assert_eq!(after.status, 200);
    assert_ne!(after.header("etag"), etag);
    assert_eq!(serde_json::from_str::<Value>(&after.body).unwrap()["title"], "Journée renommée");
}

#[tokio::test]
async fn errors_are_problem_details_everywhere_under_the_api() {
    let app = spawn_app().await;

    let missing = call(&app, "GET", "/api/v1/events/nulle-part", None, None).await;
    let unknown = call(&app, "GET", "/api/v1/pas-une-route", None, None).await;
    let bad_limit = call(&app, "GET", "/api/v1/events?limit=1000", None, None).await;
    let bad_cursor = call(&app, "GET", "/api/v1/events?cursor=abc", None, None).await;
    let no_token = call(&app, "GET", "/api/v1/organiser/events", None, None).await;
    let bad_token = call(&app, "GET", "/api/v1/organiser/events", Some("rct_nope"), None).await;
    let method = call(&app, "PUT", "/api/v1/events", None, Some(serde_json::json!({}))).await;

    for (res, status) in [
        (&missing, 404),
        (&unknown, 404),
        (&bad_limit, 400),
        (&bad_cursor, 400),
        (&no_token, 401),
        (&bad_token, 401),
        (&method, 405),
    ] {
        assert_eq!((res.0, content_type(&res.1)), (status, "application/problem+json"), "{}", res.2);
        assert_eq!(res.2["status"], status);
        assert_eq!(res.2["type"], "about:blank");
    }
    assert_eq!(no_token.1.get("www-authenticate").unwrap(), "Bearer");
    assert_eq!(method.1.get("allow").unwrap(), "GET,HEAD");
}

#[tokio::test]
async fn a_token_is_shown_once_stored_hashed_and_refused_once_revoked_or_expired() {
    let app = crate::organiser::spawn().await;
    let event = app.add_event(event_draft("Garagethon des jetons", 20)).await;
    let admin = add_user(&app, "admin@example.org", true).await;
    let orga_id = add_user(&app, "orga@example.org", false).await;
    grant(&app, admin, "orga@example.org", Role::Organiser, event.id).await;
    let b = Browser::new(&app);
    b.login("orga@example.org", PASSWORD).await;
    let csrf = b.csrf("/organisation/jetons").await;
    let nav = b.get("/organisation").await;
    let id = event.id.to_string();
    let mark = app.audit_mark().await;

    let made = b
        .post(
            "/organisation/jetons",
            &[("csrf", &csrf), ("name", "Tableur"), ("events", &id), ("access", "read"), ("expires", &in_days(30))],
        )
        .await;
    let secret = between(&made.body, "<code id=\"jeton\">", "</code>").to_owned();
    let listed = b.get("/organisation/jetons").await;
    let stored: Vec<(String,)> =
        sqlx::query_as("SELECT token_hash FROM api_tokens").fetch_all(app.db.pool()).await.unwrap();
    let path = format!("/api/v1/organiser/events/{id}/registrations");
    let works = call(&app, "GET", &path, Some(&secret), None).await;
    let token_id: i64 = sqlx::query_scalar("SELECT id FROM api_tokens").fetch_one(app.db.pool()).await.unwrap();
    let confirm = b.post("/organisation/jetons/retirer", &[("csrf", &csrf), ("token", &token_id.to_string())]).await;
    let revoked = b
        .post("/organisation/jetons/retirer", &[("csrf", &csrf), ("token", &token_id.to_string()), ("confirme", "oui")])
        .await;
    let after = call(&app, "GET", &path, Some(&secret), None).await;
    let notice = b.get(revoked.header("location")).await;
    let expired = token(&app, orga_id, &[&event], TokenAccess::Read, -1).await;
    let expired_res = call(&app, "GET", &path, Some(&expired), None).await;
    let entries: Vec<(String, Option<i64>)> =
        sqlx::query_as("SELECT action, user_id FROM audit_log WHERE id > $1 AND action LIKE 'api_token%' ORDER BY id")
            .bind(mark)
            .fetch_all(app.db.pool())
            .await
            .unwrap();
    let journal = Browser::new(&app);
    journal.login("admin@example.org", PASSWORD).await;
    let journal = journal.get("/organisation/journal").await;

    assert!(nav.body.contains("href=\"/organisation/jetons\""), "the organiser navigation links the page");
    assert_eq!(made.status, 200, "{}", made.body);
    assert!(made.body.contains("Jeton d’API créé"));
    assert!(secret.starts_with("rct_") && secret.len() == 68, "{secret}");
    assert!(!listed.body.contains(&secret), "the secret is shown once only");
    assert!(listed.body.contains("Tableur") && listed.body.contains("Garagethon des jetons"));
    assert_eq!(stored, [(store::token::hash(&secret[4..]),)]);
    assert_eq!(works.0, 200, "{}", works.2);
    assert!(confirm.body.contains("Retirer ce jeton d’API ?"));
    assert_eq!((revoked.status, revoked.header("location")), (303, "/organisation/jetons?fait=jeton-retire"));
    assert!(notice.body.contains("Jeton d’API retiré : il ne fonctionne plus."));
    assert_eq!((after.0, content_type(&after.1)), (401, "application/problem+json"));
    assert_eq!((expired_res.0, content_type(&expired_res.1)), (401, "application/problem+json"));
    let created = ("api_token_created".to_owned(), Some(orga_id));
    assert_eq!(entries, [created.clone(), ("api_token_revoked".into(), Some(orga_id)), created]);
    assert!(journal.body.contains("a créé un jeton d’API") && journal.body.contains("a retiré un jeton d’API"));
}

/// A date `days` from today in Paris, as the expiry field takes it.
fn in_days(days: i32) -> String {
    today().checked_add(jiff::ToSpan::days(days)).unwrap().to_string()
}

#[tokio::test]
async fn a_token_stays_in_its_scope_and_access_and_never_exceeds_its_owner() {
    let app = crate::organiser::spawn().await;
    let a = app.add_event(event_draft("Journée A", 20)).await;
    let b_event = app.add_event(event_draft("Journée B", 21)).await;
    let admin = add_user(&app, "admin@example.org", true).await;
    let orga = add_user(&app, "orga@example.org", false).await;
    grant(&app, admin, "orga@example.org", Role::Organiser, a.id).await;
    grant(&app, admin, "orga@example.org", Role::Reviewer, b_event.id).await;
    let browser = Browser::new(&app);
    browser.login("orga@example.org", PASSWORD).await;
    let csrf = browser.csrf("/organisation/jetons").await;
    let read = token(&app, orga, &[&a], TokenAccess::Read, 10).await;
    let write = token(&app, orga, &[&a], TokenAccess::Write, 10).await;

    let for_b = browser
        .post(
            "/organisation/jetons",
            &[
                ("csrf", &csrf),
                ("name", "Trop large"),
                ("events", &b_event.id.to_string()),
                ("access", "write"),
                ("expires", &in_days(30)),
            ],
        )
        .await;
    let tokens: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM api_tokens").fetch_one(app.db.pool()).await.unwrap();
    let own = call(&app, "GET", &format!("/api/v1/organiser/events/{}", a.id), Some(&read), None).await;
    let other =
        call(&app, "GET", &format!("/api/v1/organiser/events/{}/registrations", b_event.id), Some(&write), None).await;
    let read_writes =
        call(&app, "POST", &format!("/api/v1/organiser/events/{}/registrations/announce", a.id), Some(&read), None)
            .await;
    let listed = call(&app, "GET", "/api/v1/organiser/events", Some(&read), None).await;
    store::account::remove_role(
        &app.db,
        &rencontres::domain::account::authorise_admin(&store::account::get_account(&app.db, admin).await.unwrap())
            .unwrap(),
        orga,
        rencontres::domain::account::Grant { event_id: a.id, role: Role::Organiser },
        Timestamp::now(),
    )
    .await
    .unwrap();
    let after_loss = call(&app, "GET", &format!("/api/v1/organiser/events/{}", a.id), Some(&write), None).await;

    assert_eq!(for_b.status, 422);
    assert!(for_b.body.contains("Vous ne pouvez donner accès qu’aux événements que vous organisez."), "{}", for_b.body);
    assert!(for_b.body.contains("value=\"Trop large\""), "the name typed is kept");
    assert_eq!(tokens, 2, "no token was made for B");
    assert_eq!((own.0, own.2["title"].as_str()), (200, Some("Journée A")));
    assert_eq!((other.0, other.2["detail"].as_str()), (403, Some("This event is outside the token's scope.")));
    assert_eq!((read_writes.0, read_writes.2["detail"].as_str()), (403, Some("This token is read-only.")));
    assert_eq!(listed.2["items"].as_array().unwrap().len(), 1);
    assert_eq!(
        (after_loss.0, after_loss.2["detail"].as_str()),
        (403, Some("The token's owner may not change this event.")),
        "a token loses what its owner loses"
    );
}

#[tokio::test]
async fn selection_through_the_api_fills_the_places_like_the_browser_and_is_audited_in_the_owner_s_name() {
    let sink = SmtpSink::start(0, 0);
    let app = spawn_app_with(|c| {
        smtp_to(&sink)(c);
        c.base_url = "http://127.0.0.1".into();
    })
    .await;
    let people = ["ana@ex.fr", "ben@ex.fr", "cleo@ex.fr"];
    let by_browser = selection_event(&app, &sink, "Sélection au navigateur", 2, &people).await;
    let by_api = selection_event(&app, &sink, "Sélection par l’API", 2, &people).await;
    let orga = add_user(&app, "orga@example.org", true).await;
    let write = token(&app, orga, &[&by_api], TokenAccess::Write, 10).await;
    let b = Browser::new(&app);
    b.login("orga@example.org", PASSWORD).await;
    let page = format!("/organisation/evenements/{}/inscriptions/selection", by_browser.id);
    let csrf = b.csrf(&page).await;
    let mut fields = vec![("csrf", csrf.clone()), ("decision", "select".to_owned())];
    for r in store::registration::list(&app.db, by_browser.id).await.unwrap() {
        fields.push(("registration", r.id.to_string()));
    }
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(b.post(&format!("{page}/decider"), &fields).await.status, 303);
    assert_eq!(b.post(&format!("{page}/annoncer"), &[("csrf", &csrf)]).await.status, 303);
    let mark = app.audit_mark().await;

    let base = format!("/api/v1/organiser/events/{}/registrations", by_api.id);
    let mut decided = Vec::new();
    for r in store::registration::list(&app.db, by_api.id).await.unwrap() {
        let body = serde_json::json!({ "decision": "select" });
        decided.push(call(&app, "POST", &format!("{base}/{}/decision", r.id), Some(&write), Some(body)).await.2["pending_decision"].clone());
    }
    let announced = call(&app, "POST", &format!("{base}/announce"), Some(&write), None).await;
    let count = |states: Vec<(String, String)>, s: &str| states.iter().filter(|(_, st)| st == s).count();
    let (browser_states, api_states) = (app.states(&by_browser).await, app.states(&by_api).await);
    let confirmed_id = store::registration::list(&app.db, by_api.id)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.state.as_str() == "confirmed")
        .unwrap()
        .id;
    let again = call(
        &app,
        "POST",
        &format!("{base}/{confirmed_id}/decision"),
        Some(&write),
        Some(serde_json::json!({"decision": "decline"})),
    )
    .await;
    let checked = call(&app, "POST", &format!("{base}/{confirmed_id}/check-in"), Some(&write), None).await;
    let entries: Vec<(String, Option<i64>)> =
        sqlx::query_as("SELECT action, user_id FROM audit_log WHERE id > $1 ORDER BY id")
            .bind(mark)
            .fetch_all(app.db.pool())
            .await
            .unwrap();
    let listed = call(&app, "GET", &format!("{base}?limit=2"), Some(&write), None).await;
    sqlx::query("UPDATE registrations SET siret = '13002526500013' WHERE id = $1")
        .bind(confirmed_id)
        .execute(app.db.pool())
        .await
        .unwrap();
    let all = call(&app, "GET", &format!("{base}?limit=100"), Some(&write), None).await;
    let sirets: Vec<(i64, Value)> =
        all.2["items"].as_array().unwrap().iter().map(|r| (r["id"].as_i64().unwrap(), r["siret"].clone())).collect();

    assert_eq!(decided, vec![Value::from("select"); 3]);
    assert_eq!((announced.0, &announced.2["announced"]), (200, &Value::from(3)));
    assert_eq!((count(browser_states.clone(), "confirmed"), count(browser_states, "waitlisted")), (2, 1));
    assert_eq!((count(api_states.clone(), "confirmed"), count(api_states, "waitlisted")), (2, 1), "no over-booking");
    assert_eq!(again.0, 409, "{}", again.2);
    assert_eq!((checked.0, checked.2["state"].as_str()), (200, Some("attended")));
    let decide = ("registration.decide".to_owned(), Some(orga));
    assert_eq!(
        entries,
        [
            decide.clone(),
            decide.clone(),
            decide,
            ("registration.announce".into(), Some(orga)),
            ("registration.check_in".into(), Some(orga)),
        ]
    );
    assert_eq!(listed.2["items"].as_array().unwrap().len(), 2);
    assert!(listed.2["next_cursor"].is_string());
    assert_eq!(sirets.len(), 3, "{}", all.2);
    for (id, siret) in sirets {
        let expected = if id == confirmed_id { Value::from("13002526500013") } else { Value::Null };
        assert_eq!(siret, expected, "registration {id}");
    }
}

#[tokio::test]
async fn events_are_created_and_updated_through_the_api_with_the_form_s_checks() {
    let app = spawn_app().await;
    let seed = app.add_event(event_draft("Journée existante", 20)).await;
    let orga = add_user(&app, "orga@example.org", true).await;
    let write = token(&app, orga, &[&seed], TokenAccess::Write, 10).await;
    let read = token(&app, orga, &[&seed], TokenAccess::Read, 10).await;
    let good = serde_json::json!({
        "title": "Atelier par l’API", "kind": "workshop", "start_date": "2031-03-04",
        "start_time": "14:00", "end_time": "17:00", "tags": ["api"],
        "venue": { "name": "Salle 3" }, "links": [{ "text": "Billetterie", "url": "https://example.org/b" }]
    });
    let mark = app.audit_mark().await;

    let bad = call(&app, "POST", "/api/v1/organiser/events", Some(&write), Some(serde_json::json!({
        "title": "", "kind": "day", "start_date": "2031-03-04", "end_date": "2031-03-01", "contact_email": "pas une adresse"
    }))).await;
    let wrong_shape =
        call(&app, "POST", "/api/v1/organiser/events", Some(&write), Some(serde_json::json!({ "title": 3 }))).await;
    let by_read = call(&app, "POST", "/api/v1/organiser/events", Some(&read), Some(good.clone())).await;
    let created = call(&app, "POST", "/api/v1/organiser/events", Some(&write), Some(good.clone())).await;
    let location = created.1.get("location").unwrap().to_str().unwrap().to_owned();
    let fetched = call(&app, "GET", &location, Some(&write), None).await;
    let mut changed = good.clone();
    changed["title"] = "Atelier renommé".into();
    changed["slug"] = created.2["slug"].clone();
    let updated = call(&app, "PUT", &location, Some(&write), Some(changed)).await;
    let taken = call(
        &app,
        "PUT",
        &location,
        Some(&write),
        Some(serde_json::json!({
            "title": "x", "kind": "day", "start_date": "2031-03-04", "slug": seed.draft.slug.as_str()
        })),
    )
    .await;
    let actions = app.audit_actions_since(mark).await;
    let who: Vec<Option<i64>> = sqlx::query_scalar("SELECT user_id FROM audit_log WHERE id > $1")
        .bind(mark)
        .fetch_all(app.db.pool())
        .await
        .unwrap();

    assert_eq!((bad.0, content_type(&bad.1)), (422, "application/problem+json"));
    let fields: Vec<&str> = bad.2["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["contact_email", "end_date", "title"]);
    assert_eq!(bad.2["errors"][2]["message"], "Le titre est obligatoire.");
    assert_eq!(wrong_shape.0, 400);
    assert_eq!((by_read.0, by_read.2["detail"].as_str()), (403, Some("This token is read-only.")));
    assert_eq!(
        (created.0, created.2["status"].as_str(), created.2["slug"].as_str()),
        (201, Some("draft"), Some("atelier-par-l-api"))
    );
    assert_eq!(created.2["links"], serde_json::json!([{ "text": "Billetterie", "url": "https://example.org/b" }]));
    assert_eq!(
        (fetched.0, &fetched.2["title"]),
        (200, &Value::from("Atelier par l’API")),
        "the new event joined the token's scope"
    );
    assert_eq!((updated.0, &updated.2["title"]), (200, &Value::from("Atelier renommé")));
    assert_eq!((taken.0, taken.2["errors"][0]["field"].as_str()), (422, Some("slug")));
    assert_eq!(actions, ["event_created", "event_updated"]);
    assert_eq!(who, [Some(orga), Some(orga)]);
}

/// Issue 18: sessions go in and out of the API as the form takes them, and the public view
/// lists them with the span in `start_date`…`end_date`.
#[tokio::test]
async fn sessions_are_written_and_read_through_the_api() {
    let app = spawn_app().await;
    let seed = app.add_event(event_draft("Journée existante", 20)).await;
    let orga = add_user(&app, "orga@example.org", true).await;
    let write = token(&app, orga, &[&seed], TokenAccess::Write, 10).await;
    let body = |sessions: Value| {
        serde_json::json!({
            "title": "Cycle par l’API", "kind": "meetup", "start_date": "2031-03-04", "sessions": sessions
        })
    };

    let twice = call(
        &app,
        "POST",
        "/api/v1/organiser/events",
        Some(&write),
        Some(body(serde_json::json!([
            { "date": "2031-03-04" }, { "date": "2031-03-04", "start_time": "10:00" }
        ]))),
    )
    .await;
    let malformed = call(
        &app,
        "POST",
        "/api/v1/organiser/events",
        Some(&write),
        Some(body(serde_json::json!([
            { "date": "4 mars", "start_time": "10:00" }
        ]))),
    )
    .await;
    let created = call(
        &app,
        "POST",
        "/api/v1/organiser/events",
        Some(&write),
        Some(body(serde_json::json!([
            { "date": "2031-04-01", "start_time": "11:00", "end_time": "12:30" },
            { "date": "2031-03-04", "start_time": "11:00", "end_time": "12:00" }
        ]))),
    )
    .await;
    let id = created.2["id"].as_i64().unwrap();
    let right = rencontres::domain::account::EditRight::command_line(rencontres::domain::event::EventId::new(id));
    store::event::set_status(&app.db, &right, rencontres::domain::event::EventStatus::Published, Timestamp::now())
        .await
        .unwrap();
    let public =
        call(&app, "GET", &format!("/api/v1/events/{}", created.2["slug"].as_str().unwrap()), None, None).await;

    assert_eq!((twice.0, twice.2["errors"][0]["field"].as_str()), (422, Some("sessions")));
    assert_eq!(twice.2["errors"][0]["message"], "Deux séances ont la même date : une séance par jour.");
    assert_eq!((malformed.0, malformed.2["errors"][0]["field"].as_str()), (422, Some("sessions")));
    assert_eq!(created.0, 201, "{}", created.2);
    let expected = serde_json::json!([
        { "date": "2031-03-04", "start_time": "11:00", "end_time": "12:00" },
        { "date": "2031-04-01", "start_time": "11:00", "end_time": "12:30" }
    ]);
    assert_eq!(created.2["sessions"], expected);
    assert_eq!(public.0, 200, "{}", public.2);
    assert_eq!(public.2["sessions"], expected);
    assert_eq!(
        (public.2["start_date"].as_str(), public.2["end_date"].as_str()),
        (Some("2031-03-04"), Some("2031-04-01"))
    );
    assert_eq!(public.2["ends_at"], "2031-04-01T12:30:00+02:00");
}

#[tokio::test]
async fn requests_past_the_token_s_budget_and_token_guesses_get_a_429_problem_with_retry_after() {
    let app = spawn_app_with(|c| c.api_requests_per_minute = 3).await;
    let event = app.add_event(event_draft("Journée limitée", 20)).await;
    let orga = add_user(&app, "orga@example.org", true).await;
    let first = token(&app, orga, &[&event], TokenAccess::Read, 10).await;
    let second = token(&app, orga, &[&event], TokenAccess::Read, 10).await;
    let path = format!("/api/v1/organiser/events/{}", event.id);

    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(call(&app, "GET", &path, Some(&first), None).await);
    }
    let other = call(&app, "GET", &path, Some(&second), None).await;
    let mut guesses = Vec::new();
    for _ in 0..4 {
        guesses.push(call(&app, "GET", &path, Some("rct_guess"), None).await.0);
    }

    assert_eq!(statuses.iter().map(|s| s.0).collect::<Vec<_>>(), [200, 200, 200, 429]);
    let limited = &statuses[3];
    assert_eq!(content_type(&limited.1), "application/problem+json");
    assert_eq!(limited.1.get("retry-after").unwrap(), "20");
    assert_eq!(other.0, 200, "each token has its own budget");
    assert_eq!(guesses, [401, 401, 401, 429], "guessing tokens draws from the client address's budget");
}

/// The schemathesis command of the test tools' venv, or of the PATH.
fn schemathesis() -> String {
    let venv = format!("{}/tests/tools/.venv/bin/schemathesis", env!("CARGO_MANIFEST_DIR"));
    if std::path::Path::new(&venv).exists() { venv } else { "schemathesis".into() }
}

#[tokio::test]
async fn schemathesis_finds_no_failure_against_the_served_document() {
    let app = spawn_app().await;
    let now = Timestamp::now();
    rencontres::demo::install(&app.db, &app.app.composer, app.app.config.base_url(), today(), now).await.unwrap();
    app.app.refresh_content_version().await.unwrap();
    let events = store::event::list_for_account(
        &app.db,
        &rencontres::domain::account::Account {
            user: rencontres::domain::account::User {
                id: 0,
                email: String::new(),
                name: String::new(),
                is_admin: true,
                disabled: false,
            },
            grants: vec![],
        },
    )
    .await
    .unwrap();
    let garagethon = events.iter().find(|e| e.draft.kind == rencontres::domain::event::EventKind::Garagethon).unwrap();
    for who in ["ana@ex.fr", "ben@ex.fr"] {
        let path = format!("/evenements/{}/inscription", garagethon.draft.slug);
        let fields = [
            ("name", "Ana"),
            ("email", who),
            ("organisation", "DINUM"),
            ("status", "public_agent"),
            ("consent", "oui"),
        ];
        let page = app.post_form(&path, &fields).await;
        assert_eq!(page.status, 303, "{}", page.body);
    }
    let admin = add_user(&app, "admin@example.org", true).await;
    let all: Vec<&Event> = events.iter().collect();
    let secret = token(&app, admin, &all, TokenAccess::Write, 10).await;
    let report = app.dir.path().join("schemathesis.xml");

    let (base, dir) = (app.base.clone(), app.dir.path().to_owned());
    let report = report.to_str().unwrap().to_owned();
    // On the blocking pool: the server answers on this test's runtime meanwhile.
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(schemathesis())
            .args(["--config-file", concat!(env!("CARGO_MANIFEST_DIR"), "/tests/tools/schemathesis.toml")])
            .args(["run", &format!("{}/api/v1/openapi.json", base)])
            .args(["--url", &base])
            .args(["--checks", "all"])
            .args(["--max-examples", "12", "--seed", "16", "--workers", "1"])
            .args(["--phases", "examples,coverage,fuzzing"])
            .args(["--request-timeout", "10", "--no-color"])
            .args(["--header", &format!("Authorization: Bearer {secret}")])
            .args(["--report", "junit", "--report-junit-path", &report])
            .env("SCHEMATHESIS_HOOKS", "")
            .current_dir(&dir)
            .output()
    })
    .await
    .unwrap()
    .expect("schemathesis runs (scripts/install-test-deps.sh installs it)");

    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "schemathesis failed:\n{text}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("15 operations") || text.contains("15 selected"), "{text}");
}
