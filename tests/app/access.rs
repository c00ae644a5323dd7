//! G5: taking access away (a role, administration, an account, its sessions) in the browser
//! and on the command line, never leaving zero administrators; the check-in role and the
//! time-limited check-in links of door volunteers (issue 13).

use crate::board::{garagethon, participant};
use crate::helpers::{Page, TestApp, between, spawn_app_with, unescape};
use crate::organiser::{Browser, PASSWORD, add_user, grant, signed_in};
use rencontres::domain::account::{Role, authorise_admin};
use rencontres::domain::event::Event;
use rencontres::store;

async fn spawn() -> TestApp {
    spawn_app_with(|c| {
        c.base_url = "http://127.0.0.1".into();
        c.login_attempts_per_minute = 100_000;
    })
    .await
}

fn h1(page: &Page) -> String {
    unescape(between(&page.body, "<h1>", "</h1>").trim())
}

/// The French sentence of the error alert of the accounts page.
fn error_alert(page: &Page) -> String {
    unescape(between(&page.body, "id=\"erreur\"><p>", "</p>"))
}

/// Posts an account action of `/organisation/utilisateurs` as administrator `b`.
async fn account_action(b: &Browser, action: &str, fields: &[(&str, &str)]) -> Page {
    let csrf = b.csrf("/organisation/utilisateurs").await;
    let mut all = vec![("csrf", csrf.as_str())];
    all.extend_from_slice(fields);
    b.post(&format!("/organisation/utilisateurs/{action}"), &all).await
}

/// The audit entries of account `user_id` written after entry `mark`: who, what, details.
async fn user_audit(app: &TestApp, mark: i64, user_id: i64) -> Vec<(Option<i64>, String, String)> {
    sqlx::query_as(
        "SELECT user_id, action, details FROM audit_log WHERE id > $1 AND object_kind = 'user' \
         AND object_id = $2 ORDER BY id",
    )
    .bind(mark)
    .bind(user_id)
    .fetch_all(app.db.pool())
    .await
    .unwrap()
}

async fn sessions_of(app: &TestApp, user_id: i64) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn disabled_account_cannot_sign_in_and_its_sessions_end() {
    let app = spawn().await;
    let admin_id = add_user(&app, "admin@example.org", true).await;
    let alice_id = add_user(&app, "alice@example.org", false).await;
    let admin = signed_in(&app, "admin@example.org").await;
    let alice = signed_in(&app, "alice@example.org").await;
    let id = alice_id.to_string();
    let mark = app.audit_mark().await;

    let asked = account_action(&admin, "desactiver", &[("user", &id)]).await;
    let still_in = alice.get("/organisation").await.status;
    let done = account_action(&admin, "desactiver", &[("user", &id), ("confirme", "oui")]).await;
    let after = alice.get("/organisation").await;
    let again = Browser::new(&app).login("alice@example.org", PASSWORD).await;
    let notice = admin.get(done.header("location")).await;

    assert_eq!((asked.status, h1(&asked)), (200, "Désactiver ce compte ?".to_owned()));
    assert_eq!(still_in, 200);
    assert_eq!((done.status, done.header("location")), (303, "/organisation/utilisateurs?etat=desactive"));
    assert_eq!((after.status, after.header("location")), (303, "/connexion"));
    assert_eq!(again.status, 422);
    assert_eq!(sessions_of(&app, alice_id).await, 0);
    assert_eq!(
        user_audit(&app, mark, alice_id).await,
        [(Some(admin_id), "user_disabled".to_owned(), "{\"links\":0,\"sessions\":1}".to_owned())]
    );
    assert_eq!(
        unescape(between(&notice.body, "role=\"status\"><p>", "</p>")),
        "Le compte est désactivé : ses sessions sont fermées et ses liens d’invitation ou de réinitialisation ne fonctionnent plus."
    );
}

#[tokio::test]
async fn disabled_account_pending_links_stop_working_even_after_enabling() {
    let app = spawn().await;
    add_user(&app, "admin@example.org", true).await;
    let alice_id = add_user(&app, "alice@example.org", false).await;
    let now = jiff::Timestamp::now();
    let reset =
        store::account::issue_link(&app.db, alice_id, store::account::Purpose::PasswordReset, now).await.unwrap();
    let invitation =
        store::account::issue_link(&app.db, alice_id, store::account::Purpose::Invitation, now).await.unwrap();
    let admin = signed_in(&app, "admin@example.org").await;
    let id = alice_id.to_string();

    account_action(&admin, "desactiver", &[("user", &id), ("confirme", "oui")]).await;
    let reset_page = Browser::new(&app).get(&format!("/mot-de-passe/{reset}")).await;
    let enabled = account_action(&admin, "reactiver", &[("user", &id)]).await;
    let invitation_page = Browser::new(&app).get(&format!("/invitation/{invitation}")).await;
    let login = Browser::new(&app).login("alice@example.org", PASSWORD).await;

    assert_eq!((reset_page.status, h1(&reset_page)), (404, "Lien invalide ou expiré".to_owned()));
    assert_eq!((enabled.status, enabled.header("location")), (303, "/organisation/utilisateurs?etat=reactive"));
    assert_eq!((invitation_page.status, h1(&invitation_page)), (404, "Lien invalide ou expiré".to_owned()));
    assert_eq!((login.status, login.header("location")), (303, "/organisation"));
}

#[tokio::test]
async fn last_administrator_cannot_be_demoted() {
    let app = spawn().await;
    let admin_id = add_user(&app, "admin@example.org", true).await;
    let admin = signed_in(&app, "admin@example.org").await;
    let mark = app.audit_mark().await;

    let refused =
        account_action(&admin, "administration/retirer", &[("user", &admin_id.to_string()), ("confirme", "oui")]).await;
    let cli = app.run_cli(&["user", "demote", "admin@example.org"]);

    assert_eq!(refused.status, 422);
    assert_eq!(
        error_alert(&refused),
        "Il doit rester au moins un administrateur actif : nommez d’abord un autre administrateur, puis recommencez."
    );
    assert!(!cli.status.success());
    assert_eq!(
        String::from_utf8_lossy(&cli.stderr).trim_end().lines().last().unwrap(),
        "error: at least one active administrator must remain: make another account administrator first"
    );
    assert!(store::account::get_account(&app.db, admin_id).await.unwrap().user.is_admin);
    assert_eq!(user_audit(&app, mark, admin_id).await, []);
}

#[tokio::test]
async fn administrators_demoting_each_other_at_once_leave_one() {
    let app = spawn().await;
    let a = add_user(&app, "a@example.org", true).await;
    let b = add_user(&app, "b@example.org", true).await;
    let by_a = authorise_admin(&store::account::get_account(&app.db, a).await.unwrap()).unwrap();
    let by_b = authorise_admin(&store::account::get_account(&app.db, b).await.unwrap()).unwrap();
    let now = jiff::Timestamp::now();

    let (first, second) =
        tokio::join!(store::account::demote(&app.db, &by_b, a, now), store::account::demote(&app.db, &by_a, b, now));

    let refused = [&first, &second].iter().filter(|r| matches!(r, Err(store::StoreError::Refused(_)))).count();
    assert_eq!((first.is_ok() as u8 + second.is_ok() as u8, refused), (1, 1), "{first:?} {second:?}");
    let admins: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE is_admin = 1 AND disabled = 0")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(admins, 1);
}

#[tokio::test]
async fn last_administrator_cannot_disable_themself_but_one_of_two_can() {
    let app = spawn().await;
    let admin_id = add_user(&app, "admin@example.org", true).await;
    let admin = signed_in(&app, "admin@example.org").await;
    let me = admin_id.to_string();

    let refused = account_action(&admin, "desactiver", &[("user", &me), ("confirme", "oui")]).await;
    let second = add_user(&app, "second@example.org", true).await;
    let done = account_action(&admin, "desactiver", &[("user", &me), ("confirme", "oui")]).await;
    let after = admin.get("/organisation").await;
    let second_admin = signed_in(&app, "second@example.org").await;
    let last = account_action(&second_admin, "desactiver", &[("user", &second.to_string()), ("confirme", "oui")]).await;

    assert_eq!(
        (refused.status, error_alert(&refused)),
        (
            422,
            "Il doit rester au moins un administrateur actif : nommez d’abord un autre administrateur, puis recommencez."
                .to_owned()
        )
    );
    assert_eq!(done.status, 303);
    assert_eq!(after.header("location"), "/connexion");
    assert_eq!(last.status, 422);
}

#[tokio::test]
async fn role_removed_takes_effect_at_the_next_request() {
    let app = spawn().await;
    let admin_id = add_user(&app, "admin@example.org", true).await;
    let alice_id = add_user(&app, "alice@example.org", false).await;
    let event = app.add_event(crate::helpers::event_draft("Journée des rôles", 20)).await;
    grant(&app, admin_id, "alice@example.org", Role::Organiser, event.id).await;
    let alice = signed_in(&app, "alice@example.org").await;
    let admin = signed_in(&app, "admin@example.org").await;
    let path = format!("/organisation/evenements/{}/modifier", event.id);
    let before = alice.get(&path).await.status;
    let mark = app.audit_mark().await;
    let fields = [("user", alice_id.to_string()), ("event_id", event.id.to_string()), ("role", "organiser".to_owned())];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();

    let asked = account_action(&admin, "role/retirer", &fields).await;
    let mut confirmed = fields.clone();
    confirmed.push(("confirme", "oui"));
    let done = account_action(&admin, "role/retirer", &confirmed).await;
    let twice = account_action(&admin, "role/retirer", &confirmed).await;

    assert_eq!(before, 200);
    assert_eq!((asked.status, h1(&asked)), (200, "Retirer ce rôle ?".to_owned()));
    assert_eq!((done.status, done.header("location")), (303, "/organisation/utilisateurs?etat=role-retire"));
    assert_eq!(alice.get(&path).await.status, 403);
    assert_eq!((twice.status, error_alert(&twice)), (422, "Ce compte n’a pas ce rôle.".to_owned()));
    assert_eq!(
        user_audit(&app, mark, alice_id).await,
        [(
            Some(admin_id),
            "user_role_removed".to_owned(),
            format!("{{\"event_id\":{},\"role\":\"organiser\"}}", event.id)
        )]
    );
}

#[tokio::test]
async fn closing_another_accounts_sessions_signs_it_out_everywhere() {
    let app = spawn().await;
    let admin_id = add_user(&app, "admin@example.org", true).await;
    let alice_id = add_user(&app, "alice@example.org", false).await;
    let laptop = signed_in(&app, "alice@example.org").await;
    let phone = signed_in(&app, "alice@example.org").await;
    let admin = signed_in(&app, "admin@example.org").await;
    let mark = app.audit_mark().await;
    let id = alice_id.to_string();

    let asked = account_action(&admin, "sessions/fermer", &[("user", &id)]).await;
    let done = account_action(&admin, "sessions/fermer", &[("user", &id), ("confirme", "oui")]).await;

    assert_eq!((asked.status, h1(&asked)), (200, "Fermer toutes les sessions de ce compte ?".to_owned()));
    assert_eq!((done.status, done.header("location")), (303, "/organisation/utilisateurs?etat=sessions-fermees"));
    assert_eq!(
        [laptop.get("/organisation").await.header("location"), phone.get("/organisation").await.header("location")],
        ["/connexion", "/connexion"]
    );
    assert_eq!(admin.get("/organisation").await.status, 200);
    assert_eq!(
        user_audit(&app, mark, alice_id).await,
        [(Some(admin_id), "user_sessions_closed".to_owned(), "{\"sessions\":2}".to_owned())]
    );
    assert_eq!(signed_in(&app, "alice@example.org").await.get("/organisation").await.status, 200);
}

#[tokio::test]
async fn user_commands_disable_enable_and_list_accounts_as_the_command_line() {
    let app = spawn().await;
    add_user(&app, "admin@example.org", true).await;
    let alice_id = add_user(&app, "alice@example.org", false).await;
    let event = app.add_event(crate::helpers::event_draft("Journée en ligne de commande", 20)).await;
    grant(&app, 1, "alice@example.org", Role::CheckIn, event.id).await;
    let _session = signed_in(&app, "alice@example.org").await;
    let mark = app.audit_mark().await;

    let disabled = app.run_cli(&["user", "disable", "Alice@Example.org"]);
    let listed = app.run_cli(&["user", "list"]);
    let enabled = app.run_cli(&["user", "enable", "alice@example.org"]);
    let removed =
        app.run_cli(&["user", "remove-role", "alice@example.org", event.draft.slug.as_str(), "--role", "check_in"]);

    let out = |o: &std::process::Output| String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(out(&disabled), format!("account {alice_id} disabled; 1 session(s) closed, 1 link(s) voided\n"));
    assert_eq!(
        out(&listed),
        format!(
            "1\tadmin@example.org\tadministrator\n{alice_id}\talice@example.org (disabled)\tcheck_in@{}\n",
            event.id
        )
    );
    assert_eq!(out(&enabled), format!("account {alice_id} enabled\n"));
    assert_eq!(out(&removed), format!("account {alice_id}: role check_in on {} removed\n", event.draft.slug));
    assert_eq!(
        user_audit(&app, mark, alice_id).await,
        [
            (None, "user_disabled".to_owned(), "{\"links\":1,\"sessions\":1,\"via\":\"command_line\"}".to_owned()),
            (None, "user_enabled".to_owned(), "{\"via\":\"command_line\"}".to_owned()),
            (
                None,
                "user_role_removed".to_owned(),
                format!("{{\"event_id\":{},\"role\":\"check_in\",\"via\":\"command_line\"}}", event.id)
            ),
        ]
    );
}

/// An event with registrations open and a confirmed participant, and a second event with
/// one too; an administrator and a door volunteer of the first event.
struct Door {
    app: TestApp,
    event: Event,
    other: Event,
    admin: Browser,
}

impl Door {
    async fn new() -> Door {
        let app = spawn().await;
        let admin_id = add_user(&app, "admin@example.org", true).await;
        add_user(&app, "door@example.org", false).await;
        let event = garagethon(&app, "Journée à l’entrée", 20).await;
        let other = garagethon(&app, "Autre journée", 25).await;
        participant(&app, &event, "alice@example.org").await;
        participant(&app, &other, "bruno@example.org").await;
        grant(&app, admin_id, "door@example.org", Role::CheckIn, event.id).await;
        let admin = signed_in(&app, "admin@example.org").await;
        Door { app, event, other, admin }
    }

    async fn registration(&self, event: &Event, email: &str) -> rencontres::domain::registration::Registration {
        let regs = store::registration::list(&self.app.db, event.id).await.unwrap();
        regs.into_iter().find(|r| r.email == email).unwrap()
    }

    /// Creates a check-in link in the browser; returns its path (`/accueil/{token}`).
    async fn create_link(&self, hours: &str) -> String {
        let path = format!("/organisation/evenements/{}/inscriptions/liens-accueil", self.event.id);
        let csrf = self.admin.csrf(&path).await;
        let page = self.admin.post(&path, &[("csrf", &csrf), ("label", "Bénévole"), ("hours", hours)]).await;
        assert_eq!(page.status, 200, "{}", page.body);
        between(&page.body, "<code id=\"lien\">", "</code>").trim_start_matches("http://127.0.0.1").to_owned()
    }
}

#[tokio::test]
async fn check_in_volunteer_checks_in_at_their_events_door_only() {
    let door = Door::new().await;
    let b = signed_in(&door.app, "door@example.org").await;
    let base = format!("/organisation/evenements/{}/inscriptions", door.event.id);
    let alice = door.registration(&door.event, "alice@example.org").await;
    let bruno = door.registration(&door.other, "bruno@example.org").await;
    let csrf = b.csrf(&format!("{base}/accueil?q=alice")).await;

    let desk = b.get(&format!("{base}/accueil?q=alice")).await;
    let done = b
        .post(
            &format!("{base}/presence"),
            &[("csrf", &csrf), ("registration", &alice.id.to_string()), ("retour", "accueil"), ("q", "alice")],
        )
        .await;
    let elsewhere = b
        .post(
            &format!("{base}/presence"),
            &[("csrf", &csrf), ("registration", &bruno.id.to_string()), ("retour", "accueil")],
        )
        .await;
    let dashboard = b.get("/organisation").await;

    assert_eq!(desk.status, 200);
    assert!(!desk.body.contains("Retour aux inscriptions"), "{}", desk.body);
    assert_eq!((done.status, done.header("location")), (303, format!("{base}/accueil?fait=ok&q=alice").as_str()));
    assert_eq!(door.registration(&door.event, "alice@example.org").await.state.as_str(), "attended");
    assert_eq!(elsewhere.status, 403);
    assert_eq!(door.registration(&door.other, "bruno@example.org").await.state.as_str(), "confirmed");
    assert!(dashboard.body.contains(&format!("href=\"{base}/accueil\"")), "{}", dashboard.body);
    assert!(!dashboard.body.contains(&format!("href=\"/organisation/evenements/{}\"", door.event.id)));
}

#[tokio::test]
async fn check_in_link_opens_the_desk_of_one_event_with_csrf() {
    let door = Door::new().await;
    let link = door.create_link("4").await;
    let volunteer = Browser::new(&door.app);
    let alice = door.registration(&door.event, "alice@example.org").await;
    let bruno = door.registration(&door.other, "bruno@example.org").await;
    let mark = door.app.audit_mark().await;

    let desk = volunteer.get(&format!("{link}?q=alice")).await;
    let csrf = between(&desk.body, "name=\"csrf\" value=\"", "\"").to_owned();
    let forged =
        volunteer.post(&format!("{link}/presence"), &[("csrf", "faux"), ("registration", &alice.id.to_string())]).await;
    let done = volunteer
        .post(&format!("{link}/presence"), &[("csrf", &csrf), ("registration", &alice.id.to_string()), ("q", "alice")])
        .await;
    let elsewhere =
        volunteer.post(&format!("{link}/presence"), &[("csrf", &csrf), ("registration", &bruno.id.to_string())]).await;
    let organiser_space =
        volunteer.get(&format!("/organisation/evenements/{}/inscriptions/accueil", door.event.id)).await;

    assert_eq!(desk.status, 200);
    assert!(desk.body.contains(&format!("<form method=\"post\" action=\"{link}/presence\">")), "{}", desk.body);
    assert!(desk.body.contains("Pointer alice"), "{}", desk.body);
    assert_eq!(forged.status, 403);
    assert_eq!((done.status, done.header("location")), (303, format!("{link}?fait=ok&q=alice").as_str()));
    assert_eq!(door.registration(&door.event, "alice@example.org").await.state.as_str(), "attended");
    assert_eq!(elsewhere.status, 403);
    assert_eq!(door.registration(&door.other, "bruno@example.org").await.state.as_str(), "confirmed");
    assert_eq!(organiser_space.header("location"), "/connexion");
    let link_id = store::check_in_link::list(&door.app.db, door.event.id).await.unwrap()[0].id;
    let entries: Vec<(Option<i64>, String, String)> =
        sqlx::query_as("SELECT user_id, action, details FROM audit_log WHERE id > $1 ORDER BY id")
            .bind(mark)
            .fetch_all(door.app.db.pool())
            .await
            .unwrap();
    assert_eq!(
        entries,
        [(
            None,
            "registration.check_in".to_owned(),
            format!("{{\"event_id\":{},\"link_id\":{link_id},\"via\":\"check_in_link\"}}", door.event.id)
        )]
    );
}

#[tokio::test]
async fn check_in_link_expires() {
    let door = Door::new().await;
    let admin = store::account::get_account(&door.app.db, 1).await.unwrap();
    let right = rencontres::domain::account::authorise_edit(&admin, door.event.id).unwrap();
    let yesterday = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(5);
    let (_, token) = store::check_in_link::create(&door.app.db, &right, "", 4, yesterday).await.unwrap();
    let volunteer = Browser::new(&door.app);
    let alice = door.registration(&door.event, "alice@example.org").await;
    // A valid pre-session CSRF value, from a page that sets it.
    let csrf = volunteer.csrf("/connexion").await;

    let page = volunteer.get(&format!("/accueil/{token}")).await;
    let post = volunteer
        .post(&format!("/accueil/{token}/presence"), &[("csrf", &csrf), ("registration", &alice.id.to_string())])
        .await;

    assert_eq!((page.status, h1(&page)), (410, "Lien d’accueil expiré".to_owned()));
    assert_eq!((post.status, h1(&post)), (410, "Lien d’accueil expiré".to_owned()));
    assert_eq!(door.registration(&door.event, "alice@example.org").await.state.as_str(), "confirmed");
}

#[tokio::test]
async fn check_in_link_revoked_stops_working_at_once() {
    let door = Door::new().await;
    let link = door.create_link("72").await;
    let volunteer = Browser::new(&door.app);
    let before = volunteer.get(&link).await.status;
    let path = format!("/organisation/evenements/{}/inscriptions/liens-accueil", door.event.id);
    let id = store::check_in_link::list(&door.app.db, door.event.id).await.unwrap()[0].id.to_string();
    let csrf = door.admin.csrf(&path).await;

    let asked = door.admin.post(&format!("{path}/retirer"), &[("csrf", &csrf), ("link", &id)]).await;
    let still = volunteer.get(&link).await.status;
    let done =
        door.admin.post(&format!("{path}/retirer"), &[("csrf", &csrf), ("link", &id), ("confirme", "oui")]).await;
    let after = volunteer.get(&link).await;
    let list = door.admin.get(&format!("{path}?fait=retire")).await;

    assert_eq!(before, 200);
    assert_eq!((asked.status, h1(&asked)), (200, "Retirer ce lien d’accueil ?".to_owned()));
    assert_eq!(still, 200);
    assert_eq!((done.status, done.header("location")), (303, format!("{path}?fait=retire").as_str()));
    assert_eq!((after.status, h1(&after)), (410, "Lien d’accueil expiré".to_owned()));
    assert!(list.body.contains("<td>retiré</td>"), "{}", list.body);
}
