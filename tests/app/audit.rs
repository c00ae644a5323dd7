//! G4: every organiser write leaves exactly one audit entry: each POST of the organiser route
//! table sent with a valid form on a rich fixture, the programme import and release of the
//! command line, and the changes of mail wording (issue 12).

use crate::board::{garagethon, participant};
use crate::helpers::*;
use crate::organiser::{Browser, PASSWORD, add_user};
use rencontres::domain::event::Event;
use rencontres::store;
use rencontres::web::organiser::{Access, ROUTES};

/// What a case sends: a urlencoded form or a multipart upload.
enum Body {
    Form(Vec<(String, String)>),
    Multipart(reqwest::multipart::Form),
}

/// One organiser write and how its success shows: the status and a piece of the `Location`
/// (303) or of the page (200).
struct Case {
    path: String,
    body: Body,
    status: u16,
    marker: String,
}

fn redirect(path: String, body: Body, marker: &str) -> Case {
    Case { path, body, status: 303, marker: marker.to_owned() }
}

/// The POST routes of the organiser table in the order the test sends them: the event
/// created here is edited, published, duplicated and deleted last.
const ORDER: &[&str] = &[
    "/organisation/utilisateurs",
    "/organisation/utilisateurs/role/retirer",
    "/organisation/utilisateurs/administration/retirer",
    "/organisation/utilisateurs/sessions/fermer",
    "/organisation/utilisateurs/desactiver",
    "/organisation/utilisateurs/reactiver",
    "/organisation/import/doutes/confirmer",
    "/organisation/jetons",
    "/organisation/jetons/retirer",
    "/organisation/gazette/numero",
    "/organisation/gazette/numero/essai",
    "/organisation/gazette/numero/programmer",
    "/organisation/gazette/numero/pause",
    "/organisation/gazette/numero/reprise",
    "/organisation/gazette/abonnes/import",
    "/organisation/evenements",
    "/organisation/evenements/{id}/inscriptions/reglages",
    "/organisation/evenements/{id}/inscriptions/presence",
    "/organisation/evenements/{id}/inscriptions/liens-accueil",
    "/organisation/evenements/{id}/inscriptions/liens-accueil/retirer",
    "/organisation/evenements/{id}/inscriptions/nouveau-lien",
    "/organisation/evenements/{id}/inscriptions/effacer",
    "/organisation/evenements/{id}/inscriptions/questions",
    "/organisation/evenements/{id}/inscriptions/questions/modifier",
    "/organisation/evenements/{id}/inscriptions/questions/deplacer",
    "/organisation/evenements/{id}/inscriptions/questions/supprimer",
    "/organisation/evenements/{id}/inscriptions/questionnaire/envoyer",
    "/organisation/evenements/{id}/inscriptions/invitations",
    "/organisation/evenements/{id}/inscriptions/invitations/retirer",
    "/organisation/evenements/{id}/inscriptions/absents",
    "/organisation/evenements/{id}/inscriptions/sur-place",
    "/organisation/evenements/{id}/inscriptions/selection/decider",
    "/organisation/evenements/{id}/inscriptions/selection/organisations",
    "/organisation/evenements/{id}/inscriptions/selection/tirage",
    "/organisation/evenements/{id}/inscriptions/selection/programmer",
    "/organisation/evenements/{id}/inscriptions/selection/annoncer",
    "/organisation/evenements/{id}/courriels",
    "/organisation/evenements/{id}/messages",
    "/organisation/evenements/{id}/appel/reglages",
    "/organisation/evenements/{id}/appel/evaluer",
    "/organisation/evenements/{id}/appel/decider",
    "/organisation/evenements/{id}/appel/modele",
    "/organisation/evenements/{id}/appel/courriels",
    "/organisation/evenements/{id}/appel/annoncer",
    "/organisation/evenements/{id}/appel/message",
    "/organisation/evenements/{id}/programme/importer",
    // After the import, which replaces the draft: the accepted talk stays in it.
    "/organisation/evenements/{id}/appel/programme",
    "/organisation/evenements/{id}/programme/publier",
    "/organisation/evenements/{id}/programme/grille/ajouter",
    "/organisation/evenements/{id}/programme/grille/deplacer",
    "/organisation/evenements/{id}/programme/grille/echanger",
    "/organisation/evenements/{id}/programme/grille/supprimer",
    "/organisation/evenements/{id}/programme/salles/ajouter",
    "/organisation/evenements/{id}/programme/salles/modifier",
    "/organisation/evenements/{id}/programme/salles/supprimer",
    "/organisation/evenements/{id}/programme/themes/ajouter",
    "/organisation/evenements/{id}/programme/themes/modifier",
    "/organisation/evenements/{id}/programme/themes/supprimer",
    // The accepted talk added by « /appel/programme » waits for its slot until here.
    "/organisation/evenements/{id}/programme/a-placer/placer",
    "/organisation/evenements/{id}/programme/element/ajouter",
    "/organisation/evenements/{id}/programme/element/modifier",
    "/organisation/evenements/{id}/programme/element/retirer",
    "/organisation/evenements/{id}/programme/element/supprimer",
    "/organisation/evenements/{id}/tableau/reglages",
    "/organisation/evenements/{id}/tableau/priorite",
    "/organisation/evenements/{id}/tableau/objectif",
    "/organisation/evenements/{id}/tableau/eclair",
    "/organisation/file-courriels/reessayer",
    "/organisation/evenements/{id}/webhooks",
    "/organisation/evenements/{id}/webhooks/secret",
    "/organisation/evenements/{id}/webhooks/rejouer",
    "/organisation/evenements/{id}/webhooks/pause",
    "/organisation/evenements/{id}/webhooks/supprimer",
    "/organisation/webhooks",
    "/organisation/webhooks/secret",
    "/organisation/webhooks/rejouer",
    "/organisation/webhooks/pause",
    "/organisation/webhooks/supprimer",
    "/organisation/evenements/{id}/modifier",
    "/organisation/evenements/{id}/image",
    "/organisation/evenements/{id}/publier",
    "/organisation/evenements/{id}/depublier",
    "/organisation/evenements/{id}/dupliquer",
    "/organisation/evenements/{id}/annuler",
    "/organisation/evenements/{id}/supprimer",
];

/// The fields of a complete event form, dated `date` (`YYYY-MM-DD`).
fn event_fields(title: &str, date: &str) -> Vec<(String, String)> {
    [
        ("title", title),
        ("slug", ""),
        ("kind", "hackathon"),
        ("summary", "Deux jours pour contribuer."),
        ("body_md", "## Programme\n\nDes **ateliers**."),
        ("start_date", date),
        ("end_date", date),
        ("start_time", "10:00"),
        ("end_time", "17:00"),
        ("venue_name", "Lieu de la Transformation Publique"),
        ("venue_address", "77 avenue de Ségur, 75015 Paris"),
        ("venue_room", "Salle 2"),
        ("venue_osm_url", "https://osm.org/go/0BOdSvERD"),
        ("audience", "Agents publics"),
        ("tags", "bluehats, hackathon"),
        ("links", "S’inscrire | https://example.org/inscription"),
        ("contact_email", "contact@example.org"),
        ("action", "save"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

fn png() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(8, 4, image::Rgb([0, 0, 145]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A programme in the YAML of `rencontres programme import`: one room, one 30-minute talk
/// per title on `day`, an hour apart from 10 h.
fn programme_yaml(day: &str, titles: &[&str]) -> String {
    let mut yaml = "rooms:\n  - { name: Salle 1 }\nitems:\n".to_owned();
    for (i, title) in titles.iter().enumerate() {
        let hour = 10 + i;
        yaml.push_str(&format!(
            "  - {{ kind: talk, title: {title}, start: \"{day} {hour}:00\", minutes: 30, room: Salle 1 }}\n"
        ));
    }
    yaml
}

/// The settings of an open call as the organisers' form posts them.
fn call_fields(intro: &str) -> Vec<(String, String)> {
    [
        ("opens", paris_local_in(-24 * 30)),
        ("closes", paris_local_in(24 * 10)),
        ("intro", intro.to_owned()),
        ("formats", "Intervention courte | 5 | 20\nÉclair | 5".to_owned()),
        ("questions", "Avez-vous déjà présenté ce sujet ?".to_owned()),
        ("criteria", "Intérêt\nClarté".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

/// An administrator's browser over an app holding: a garagethon with registrations in
/// several states, an open call with proposals, a board with a project, an objective, a help
/// request and two lightning talks; an event in selection mode with two preregistrations;
/// an event that started yesterday with a confirmed participant.
struct Fixture {
    app: TestApp,
    b: Browser,
    csrf: String,
    main: Event,
    selection: Event,
    started: Event,
    /// Tokens of the private links of the main event's confirmed participants.
    alice: String,
    bruno: String,
    /// The event created by the `/organisation/evenements` case, once it has run.
    created: Option<String>,
}

impl Fixture {
    async fn new() -> Fixture {
        let app = spawn_app_with(|c| {
            c.base_url = "http://127.0.0.1".into();
            c.login_attempts_per_minute = 100_000;
        })
        .await;
        add_user(&app, "admin@example.org", true).await;
        let b = Browser::new(&app);
        assert_eq!(b.login("admin@example.org", PASSWORD).await.status, 303);
        let csrf = b.csrf("/organisation").await;
        let main = garagethon(&app, "Garagethon audité", 30).await;
        let alice = participant(&app, &main, "alice@example.org").await;
        let bruno = participant(&app, &main, "bruno@example.org").await;
        assert_eq!(app.register(&main, "chloe@example.org").await.status, 303);
        let selection = app.add_event(event_draft("Garagethon sélectif", 35)).await;
        let started = app.add_event(event_draft("Journée commencée", 5)).await;
        let fx = Fixture { app, b, csrf, main, selection, started, alice, bruno, created: None };
        fx.seed_board().await;
        fx.seed_call().await;
        fx.seed_selection().await;
        fx.seed_started().await;
        fx
    }

    fn url(&self, event: &Event, rest: &str) -> String {
        format!("/organisation/evenements/{}{rest}", event.id)
    }

    fn form(&self, fields: &[(&str, &str)]) -> Body {
        let mut all: Vec<(String, String)> = fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        all.push(("csrf".into(), self.csrf.clone()));
        Body::Form(all)
    }

    fn owned_form(&self, mut fields: Vec<(String, String)>) -> Body {
        fields.push(("csrf".into(), self.csrf.clone()));
        Body::Form(fields)
    }

    /// Sends a setup form and checks that it was accepted.
    async fn setup_post(&self, path: &str, body: Body) {
        let res = match body {
            Body::Form(f) => {
                let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                self.b.post(path, &f).await
            }
            Body::Multipart(m) => self.b.post_multipart(path, m).await,
        };
        assert_eq!(res.status, 303, "setup POST {path}: {}", res.body);
    }

    async fn public_post(&self, path: &str, fields: &[(&str, &str)]) {
        let res = self.app.post_form(path, fields).await;
        assert_eq!(res.status, 303, "setup POST {path}: {}", res.body);
    }

    async fn seed_board(&self) {
        let base = format!("/inscription/{}/tableau", self.alice);
        self.public_post(&format!("{base}/projets"), &[("url", "https://github.com/etalab/outil")]).await;
        let entry = self.board().await.projects[0].entry_id.to_string();
        self.public_post(
            &format!("{base}/objectifs"),
            &[("project", &entry), ("title", "Publier la version 2"), ("estimate", "demi-journée")],
        )
        .await;
        self.public_post(
            &format!("{base}/demandes"),
            &[("project", &entry), ("kind", "documentation"), ("title", "Relire le guide")],
        )
        .await;
        self.public_post(&format!("{base}/eclair"), &[("title", "Premier"), ("minutes", "5")]).await;
        let bruno = format!("/inscription/{}/tableau", self.bruno);
        self.public_post(&format!("{bruno}/eclair"), &[("title", "Second"), ("minutes", "3")]).await;
    }

    async fn board(&self) -> rencontres::domain::board::Board {
        store::board::load(&self.app.db, self.main.id).await.unwrap()
    }

    async fn seed_call(&self) {
        self.setup_post(&self.url(&self.main, "/appel/reglages"), self.owned_form(call_fields("Parlez-nous."))).await;
        for (title, email) in [("Retenue", "camille@example.org"), ("Pas retenue", "bob@example.org")] {
            self.public_post(
                &format!("/evenements/{}/appel", self.main.draft.slug),
                &[
                    ("title", title),
                    ("summary", "Comment nous avons mutualisé un outil entre trois ministères."),
                    ("administration", "Direction interministérielle du numérique"),
                    ("subject", "Mutualisation"),
                    ("audience", "Agents publics"),
                    ("format", "Intervention courte"),
                    ("minutes", "15"),
                    ("answer_0", "Non"),
                    ("s0_name", "Camille Agent"),
                    ("s0_email", email),
                    ("s0_organisation", "DINUM"),
                    ("s0_consent", "oui"),
                ],
            )
            .await;
        }
    }

    async fn proposal(&self, title: &str) -> String {
        let proposals = store::cfp::list(&self.app.db, self.main.id).await.unwrap();
        proposals.into_iter().find(|p| p.title == title).unwrap().id.to_string()
    }

    async fn seed_selection(&self) {
        let fields = [("mode", "selection"), ("places", "1"), ("retention_days", "90"), ("consent", "")];
        self.setup_post(&self.url(&self.selection, "/inscriptions/reglages"), self.form(&fields)).await;
        for email in ["ana@example.org", "ben@example.org"] {
            participant(&self.app, &self.selection, email).await;
        }
    }

    /// Registers one person while the event is ahead, then moves the event to yesterday.
    async fn seed_started(&self) {
        self.app.open_registrations(&self.started, 5).await;
        participant(&self.app, &self.started, "dora@example.org").await;
        let yesterday = today().yesterday().unwrap().to_string();
        let fields = event_fields("Journée commencée", &yesterday);
        self.setup_post(&self.url(&self.started, "/modifier"), self.owned_form(fields)).await;
    }

    /// Makes the main event an imported one with one unsure venue; returns the doubt's id.
    async fn import_doubt(&self) -> String {
        use rencontres::import::facts::{Doubt, FactName};
        sqlx::query("UPDATE events SET source_path = 'audit/garagethon.md' WHERE id = $1")
            .bind(self.main.id.get())
            .execute(self.app.db.pool())
            .await
            .unwrap();
        let doubt = Doubt {
            fact: FactName::Venue,
            value: "Café des Images".into(),
            source: "body line 6".into(),
            sentence: "L’apéro aura lieu au Café des Images.".into(),
        };
        let now = jiff::Timestamp::now();
        store::import_doubt::replace(&self.app.db, "audit/garagethon.md", &[doubt], now).await.unwrap();
        let right = rencontres::domain::account::AdminRight::command_line();
        store::import_doubt::open(&self.app.db, &right).await.unwrap()[0].id.to_string()
    }

    /// The id of the account with this address.
    async fn account(&self, email: &str) -> String {
        store::account::find_by_email(&self.app.db, email).await.unwrap().unwrap().id.to_string()
    }

    async fn registration(&self, event: &Event, email: &str) -> String {
        let regs = store::registration::list(&self.app.db, event.id).await.unwrap();
        regs.into_iter().find(|r| r.email == email).unwrap().id.to_string()
    }

    async fn draft(&self) -> rencontres::domain::programme::Draft {
        store::programme::get_draft(&self.app.db, self.main.draft.slug.as_str()).await.unwrap()
    }

    async fn item_ids(&self) -> Vec<String> {
        let draft = store::programme::get_draft(&self.app.db, self.main.draft.slug.as_str()).await.unwrap();
        draft.programme.items.iter().map(|i| i.id.to_string()).collect()
    }

    /// The link of the acceptance mail to `to`, without the host.
    async fn decision_link(&self, to: &str) -> String {
        let messages = store::message::list(&self.app.db, None, 1000).await.unwrap();
        let m = messages
            .iter()
            .find(|m| m.to == to && m.subject.starts_with("Proposition acceptée"))
            .unwrap_or_else(|| panic!("no acceptance mail to {to}"));
        let start = m.body_text.find("/propositions/").unwrap();
        m.body_text[start..].split_whitespace().next().unwrap().to_owned()
    }

    /// The id of the gazette issue the gazette cases write.
    async fn gazette_issue(&self) -> String {
        store::gazette_issue::list(&self.app.db).await.unwrap()[0].id.to_string()
    }

    /// The valid request for `route`, after the setup it needs; `None` when the test has no
    /// case for it.
    /// The path of a webhook action and the id of the subscription it acts on: the main
    /// event's for an event route, the site-wide one otherwise.
    async fn webhook(&self, route: &str) -> (String, String) {
        let event = route.contains("{id}").then_some(self.main.id);
        let sub = store::webhook::list(&self.app.db, event).await.unwrap()[0].id.to_string();
        (route.replace("{id}", &self.main.id.to_string()), sub)
    }

    async fn case(&self, route: &str) -> Option<Case> {
        let main = &self.main;
        let at = |rest: &str| self.url(main, rest);
        let day = main.draft.dates.start_date.to_string();
        let created = || format!("/organisation/evenements/{}", self.created.as_deref().unwrap_or("0"));
        let case = match route_tail(route) {
            "/organisation/utilisateurs" => {
                let id = main.id.to_string();
                let fields =
                    [("email", "carol@example.org"), ("name", "Carol"), ("role", "organiser"), ("event_id", &id)];
                redirect(route.to_owned(), self.form(&fields), "etat=invite")
            }
            "/organisation/utilisateurs/role/retirer" => {
                let id = main.id.to_string();
                let carol = self.account("carol@example.org").await;
                let fields = [("user", carol.as_str()), ("event_id", &id), ("role", "organiser"), ("confirme", "oui")];
                redirect(route.to_owned(), self.form(&fields), "etat=role-retire")
            }
            "/organisation/utilisateurs/administration/retirer" => {
                let fields = [("email", "dan@example.org"), ("name", "Dan"), ("is_admin", "1")];
                self.setup_post("/organisation/utilisateurs", self.form(&fields)).await;
                let dan = self.account("dan@example.org").await;
                redirect(route.to_owned(), self.form(&[("user", &dan), ("confirme", "oui")]), "etat=admin-retire")
            }
            "/organisation/jetons" => {
                let id = main.id.to_string();
                let expires = today().checked_add(jiff::ToSpan::days(30)).unwrap().to_string();
                let fields =
                    [("name", "Tableur"), ("events", id.as_str()), ("access", "write"), ("expires", expires.as_str())];
                Case {
                    path: route.to_owned(),
                    body: self.form(&fields),
                    status: 200,
                    marker: "Jeton d’API créé".into(),
                }
            }
            "/organisation/jetons/retirer" => {
                let id: i64 =
                    sqlx::query_scalar("SELECT MAX(id) FROM api_tokens").fetch_one(self.app.db.pool()).await.unwrap();
                let fields = [("token", id.to_string()), ("confirme", "oui".into())];
                let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                redirect(route.to_owned(), self.form(&fields), "fait=jeton-retire")
            }
            "/organisation/utilisateurs/sessions/fermer" => {
                let carol = self.account("carol@example.org").await;
                redirect(route.to_owned(), self.form(&[("user", &carol), ("confirme", "oui")]), "etat=sessions-fermees")
            }
            "/organisation/utilisateurs/desactiver" => {
                let carol = self.account("carol@example.org").await;
                redirect(route.to_owned(), self.form(&[("user", &carol), ("confirme", "oui")]), "etat=desactive")
            }
            "/organisation/file-courriels/reessayer" => {
                // A message the delivery gave up on, as the worker leaves it.
                let id: i64 =
                    sqlx::query_scalar("SELECT MAX(id) FROM messages").fetch_one(self.app.db.pool()).await.unwrap();
                sqlx::query("UPDATE messages SET status = 'failed', last_error = 'refused' WHERE id = $1")
                    .bind(id)
                    .execute(self.app.db.pool())
                    .await
                    .unwrap();
                redirect(route.to_owned(), self.form(&[("message", &id.to_string())]), "fait=reessaye")
            }
            "/webhooks" | "/organisation/webhooks" => {
                let types = if route.contains("{id}") { "programme.released" } else { "gazette.sent" };
                let fields = [("url", "https://93.184.215.14/hook"), ("types", types)];
                let path = if route.contains("{id}") { at("/webhooks") } else { route.to_owned() };
                Case { path, body: self.form(&fields), status: 200, marker: "<code id=\"secret\">whsec_".into() }
            }
            "/webhooks/secret" | "/organisation/webhooks/secret" => {
                let (path, sub) = self.webhook(route).await;
                Case { path, body: self.form(&[("abonnement", &sub)]), status: 200, marker: "Nouveau secret".into() }
            }
            "/webhooks/rejouer" | "/organisation/webhooks/rejouer" => {
                let (path, sub) = self.webhook(route).await;
                // A delivery the worker gave up on.
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO webhook_deliveries (idempotency_key, webhook_id, subscription_id, event_type, \
                     payload, status, attempts, not_before, created_at) \
                     VALUES ($1, $1, $2, 'programme.released', '{}', 'failed', 8, 0, 0) RETURNING id",
                )
                .bind(format!("audit:{sub}"))
                .bind(sub.parse::<i64>().unwrap())
                .fetch_one(self.app.db.pool())
                .await
                .unwrap();
                redirect(path, self.form(&[("livraison", &id.to_string())]), "fait=webhook-rejoue")
            }
            "/webhooks/pause" | "/organisation/webhooks/pause" => {
                let (path, sub) = self.webhook(route).await;
                redirect(path, self.form(&[("abonnement", &sub), ("pause", "oui")]), "fait=webhook-pause")
            }
            "/webhooks/supprimer" | "/organisation/webhooks/supprimer" => {
                let (path, sub) = self.webhook(route).await;
                redirect(path, self.form(&[("abonnement", &sub), ("confirme", "oui")]), "fait=webhook-supprime")
            }
            "/organisation/utilisateurs/reactiver" => {
                let carol = self.account("carol@example.org").await;
                redirect(route.to_owned(), self.form(&[("user", &carol)]), "etat=reactive")
            }
            "/organisation/import/doutes/confirmer" => {
                let id = self.import_doubt().await;
                redirect(route.to_owned(), self.form(&[("doute", &id)]), "etat=confirme")
            }
            "/organisation/gazette/numero" => {
                let fields = [
                    ("id", ""),
                    ("number", "40"),
                    ("title", "Gazette n°40"),
                    ("body", "Bonjour."),
                    ("action", "enregistrer"),
                ];
                redirect(route.to_owned(), self.form(&fields), "fait=enregistre")
            }
            "/organisation/gazette/numero/essai" => {
                redirect(route.to_owned(), self.form(&[("id", &self.gazette_issue().await)]), "fait=essai")
            }
            "/organisation/gazette/numero/programmer" => {
                let fields = [("id", self.gazette_issue().await), ("send_at", String::new())];
                let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                redirect(route.to_owned(), self.form(&fields), "fait=programme")
            }
            "/organisation/gazette/abonnes/import" => {
                let file = reqwest::multipart::Part::bytes(b"nouvelle@example.org;2024-03-01;salon\n".to_vec())
                    .file_name("abonnes.csv")
                    .mime_str("text/csv")
                    .unwrap();
                let form = reqwest::multipart::Form::new().text("csrf", self.csrf.clone()).part("file", file);
                Case {
                    path: route.to_owned(),
                    body: Body::Multipart(form),
                    status: 200,
                    marker: "<strong id=\"ajoutes\">1</strong>".into(),
                }
            }
            "/organisation/gazette/numero/pause" => {
                store::gazette_issue::start_due(&self.app.db, jiff::Timestamp::now()).await.unwrap();
                redirect(route.to_owned(), self.form(&[("id", &self.gazette_issue().await)]), "fait=pause")
            }
            "/organisation/gazette/numero/reprise" => {
                redirect(route.to_owned(), self.form(&[("id", &self.gazette_issue().await)]), "fait=reprise")
            }
            "/inscriptions/liens-accueil" => Case {
                path: at(route_tail(route)),
                body: self.form(&[("label", "Bénévole"), ("hours", "12")]),
                status: 200,
                marker: "Lien d’accueil créé".into(),
            },
            "/inscriptions/liens-accueil/retirer" => {
                let link = store::check_in_link::list(&self.app.db, main.id).await.unwrap()[0].id.to_string();
                let fields = [("link", link.as_str()), ("confirme", "oui")];
                redirect(at(route_tail(route)), self.form(&fields), "fait=retire")
            }
            "/organisation/evenements" => {
                let fields = event_fields("Journée auditée", "2030-01-09");
                redirect(route.to_owned(), self.owned_form(fields), "/modifier")
            }
            "/inscriptions/reglages" => {
                let fields = [("mode", "first_come"), ("places", "40"), ("retention_days", "90"), ("consent", "")];
                redirect(at(route_tail(route)), self.form(&fields), "fait=reglages")
            }
            "/inscriptions/presence" => {
                let id = self.registration(main, "alice@example.org").await;
                redirect(at("/inscriptions/presence"), self.form(&[("registration", &id)]), "fait=presence")
            }
            "/inscriptions/sur-place" => {
                let fields = [
                    ("name", "Dora Venue"),
                    ("email", "dora@example.org"),
                    ("organisation", ""),
                    ("status", "public_agent"),
                ];
                redirect(at("/inscriptions/sur-place"), self.form(&fields), "fait=sur-place")
            }
            "/inscriptions/nouveau-lien" => {
                let id = self.registration(main, "bruno@example.org").await;
                redirect(at("/inscriptions/nouveau-lien"), self.form(&[("registration", &id)]), "fait=lien")
            }
            "/inscriptions/effacer" => {
                let id = self.registration(main, "chloe@example.org").await;
                redirect(
                    at("/inscriptions/effacer"),
                    self.form(&[("registration", &id), ("confirme", "oui")]),
                    "fait=efface",
                )
            }
            "/inscriptions/questions" => {
                let fields = [
                    ("form", "survey"),
                    ("label", "Qu’avez-vous appris ?"),
                    ("kind", "long_text"),
                    ("required", "oui"),
                ];
                redirect(at("/inscriptions/questions"), self.form(&fields), "fait=question")
            }
            "/inscriptions/questions/modifier" => {
                let form = rencontres::domain::question::Form::Survey;
                let id = store::question::list(&self.app.db, main.id, form).await.unwrap()[0].id.to_string();
                let fields = [("question", id.as_str()), ("label", "Qu’avez-vous appris ce jour-là ?")];
                redirect(at(route_tail(route)), self.form(&fields), "fait=question-modifiee")
            }
            "/inscriptions/questions/deplacer" => {
                let fields = [("form", "survey"), ("label", "Reviendrez-vous ?"), ("kind", "yes_no")];
                self.setup_post(&at("/inscriptions/questions"), self.form(&fields)).await;
                let form = rencontres::domain::question::Form::Survey;
                let id = store::question::list(&self.app.db, main.id, form).await.unwrap()[1].id.to_string();
                redirect(
                    at(route_tail(route)),
                    self.form(&[("question", &id), ("sens", "haut")]),
                    "fait=question-deplacee",
                )
            }
            "/inscriptions/questions/supprimer" => {
                let fields = [("form", "registration"), ("label", "Venez-vous avec un projet ?"), ("kind", "yes_no")];
                self.setup_post(&at("/inscriptions/questions"), self.form(&fields)).await;
                let form = rencontres::domain::question::Form::Registration;
                let id = store::question::list(&self.app.db, main.id, form).await.unwrap()[0].id.to_string();
                redirect(at(route_tail(route)), self.form(&[("question", &id)]), "fait=question-supprimee")
            }
            "/inscriptions/questionnaire/envoyer" => {
                redirect(at(route_tail(route)), self.form(&[]), "fait=questionnaire-2")
            }
            "/inscriptions/invitations" => {
                let form = reqwest::multipart::Form::new()
                    .text("csrf", self.csrf.clone())
                    .text("list", "invitee@example.org, autre@example.org");
                Case {
                    path: at(route_tail(route)),
                    body: Body::Multipart(form),
                    status: 200,
                    marker: "<strong>2</strong> invitation(s) envoyée(s)".into(),
                }
            }
            "/inscriptions/invitations/retirer" => {
                let invitations = store::registration::invitation::list(&self.app.db, main.id).await.unwrap();
                let id = invitations.iter().find(|i| i.email == "invitee@example.org").unwrap().id.to_string();
                redirect(at(route_tail(route)), self.form(&[("invitation", &id)]), "/inscriptions/invitations")
            }
            "/inscriptions/absents" => {
                redirect(self.url(&self.started, route_tail(route)), self.form(&[]), "fait=absents-1")
            }
            "/inscriptions/selection/decider" => {
                let id = self.registration(&self.selection, "ana@example.org").await;
                let fields = [("registration", id.as_str()), ("decision", "select")];
                redirect(self.url(&self.selection, route_tail(route)), self.form(&fields), "fait=decision")
            }
            "/inscriptions/selection/organisations" => {
                let fields = [
                    ("organisation", "ministere de l interieur"),
                    ("nom", "Ministère de l’Intérieur"),
                    ("confirme", "oui"),
                ];
                redirect(self.url(&self.selection, route_tail(route)), self.form(&fields), "fait=organisations-")
            }
            "/inscriptions/selection/tirage" => {
                let fields = [("seed", "20261125"), ("quota", "")];
                redirect(self.url(&self.selection, route_tail(route)), self.form(&fields), "fait=tirage")
            }
            "/inscriptions/selection/programmer" => {
                let when = paris_local_in(24);
                let fields = [("at", when.as_str())];
                redirect(self.url(&self.selection, route_tail(route)), self.form(&fields), "fait=programme")
            }
            "/inscriptions/selection/annoncer" => {
                redirect(self.url(&self.selection, route_tail(route)), self.form(&[]), "fait=annonce-2")
            }
            "/courriels" => {
                let fields = [
                    ("kind", "registration_confirm_email"),
                    ("subject", "Un mot pour {{ event.title }}"),
                    ("body", "Bonjour {{ name }}, cliquez : {{ link }}"),
                    ("action", "enregistrer"),
                ];
                redirect(at("/courriels"), self.form(&fields), "fait=enregistre")
            }
            "/messages" => {
                let fields = [
                    ("audience", "confirmed"),
                    ("subject", "Un mot aux participants"),
                    ("body", "Bonjour, **à bientôt**."),
                    ("send_at", ""),
                    ("action", "envoyer"),
                    ("confirme", "oui"),
                ];
                redirect(at("/messages"), self.form(&fields), "fait=message-envoye")
            }
            "/appel/reglages" => redirect(
                at("/appel/reglages"),
                self.owned_form(call_fields("Parlez-nous de vos logiciels.")),
                "fait=reglages",
            ),
            "/appel/evaluer" => {
                let id = self.proposal("Retenue").await;
                let fields = [("proposal", id.as_str()), ("score_0", "4"), ("score_1", "3"), ("comment", "Utile")];
                redirect(at("/appel/evaluer"), self.form(&fields), "fait=note")
            }
            "/appel/decider" => {
                let no = self.proposal("Pas retenue").await;
                let fields = [("proposal", no.as_str()), ("decision", "declined")];
                self.setup_post(&at("/appel/decider"), self.form(&fields)).await;
                let yes = self.proposal("Retenue").await;
                let fields = [("proposal", yes.as_str()), ("decision", "accepted")];
                redirect(at("/appel/decider"), self.form(&fields), "fait=decision")
            }
            "/appel/modele" => {
                let fields = [
                    ("kind", "proposal_declined"),
                    ("subject", "Merci pour « {{ proposal.title }} »"),
                    ("body", "Bonjour {{ name }}, ce sera pour une autre fois."),
                ];
                redirect(at("/appel/modele"), self.form(&fields), "fait=modele")
            }
            "/appel/courriels" => redirect(at("/appel/courriels"), self.form(&[]), "fait=courriels"),
            "/appel/annoncer" => redirect(at("/appel/annoncer"), self.form(&[("send_at", "")]), "fait=annonce"),
            "/appel/message" => {
                // The accepted speaker confirms, so that the next case has a talk to place.
                let link = self.decision_link("camille@example.org").await;
                self.public_post(&format!("{link}/confirmer"), &[]).await;
                let fields = [("subject", "Répétition"), ("body", "Rendez-vous à 9 h."), ("confirme", "oui")];
                redirect(at("/appel/message"), self.form(&fields), "fait=message")
            }
            "/appel/programme" => redirect(at("/appel/programme"), self.form(&[]), "/programme"),
            "/programme/importer" => {
                let yaml = programme_yaml(&day, &["Un", "Deux"]);
                redirect(at("/programme/importer"), self.form(&[("yaml", &yaml)]), "/programme")
            }
            "/programme/publier" => {
                let fields = [("name", "v1"), ("override_warnings", "1")];
                redirect(at("/programme/publier"), self.form(&fields), "/programme")
            }
            "/programme/grille/ajouter" => {
                let fields = [
                    ("kind", "talk"),
                    ("title", "Clôture"),
                    ("date", day.as_str()),
                    ("start", "15:00"),
                    ("minutes", "30"),
                    ("room", ""),
                    ("speakers", "Ada, Grace"),
                ];
                redirect(at(route_tail(route)), self.form(&fields), "fait=ajoute")
            }
            "/programme/grille/deplacer" => {
                let first = self.item_ids().await[0].clone();
                let fields = [
                    ("item", first.as_str()),
                    ("date", day.as_str()),
                    ("start", "14:00"),
                    ("room", ""),
                    ("minutes", "45"),
                ];
                redirect(at(route_tail(route)), self.form(&fields), "fait=deplace")
            }
            "/programme/grille/echanger" => {
                let ids = self.item_ids().await;
                let fields = [("item", ids[0].as_str()), ("with", ids[1].as_str())];
                redirect(at(route_tail(route)), self.form(&fields), "fait=echange")
            }
            "/programme/grille/supprimer" => {
                let last = self.item_ids().await.last().unwrap().clone();
                redirect(at(route_tail(route)), self.form(&[("item", &last)]), "fait=supprime")
            }
            "/programme/salles/ajouter" => {
                let fields =
                    [("name", "Salle 2"), ("capacity", "40"), ("accessibility", ""), ("opens", ""), ("closes", "")];
                redirect(at(route_tail(route)), self.form(&fields), "fait=salle-ajoutee")
            }
            "/programme/salles/modifier" => {
                let id =
                    self.draft().await.programme.rooms.iter().find(|r| r.name == "Salle 2").unwrap().id.to_string();
                let fields = [
                    ("id", id.as_str()),
                    ("name", "Salle 2 bis"),
                    ("capacity", "30"),
                    ("accessibility", "Boucle magnétique"),
                    ("opens", "09:00"),
                    ("closes", "18:00"),
                ];
                redirect(at(route_tail(route)), self.form(&fields), "fait=salle-modifiee")
            }
            "/programme/salles/supprimer" => {
                let id =
                    self.draft().await.programme.rooms.iter().find(|r| r.name == "Salle 2 bis").unwrap().id.to_string();
                redirect(at(route_tail(route)), self.form(&[("id", &id), ("confirme", "oui")]), "fait=salle-supprimee")
            }
            "/programme/themes/ajouter" => {
                let fields = [("name", "Communs"), ("colour", "#000091")];
                redirect(at(route_tail(route)), self.form(&fields), "fait=theme-ajoute")
            }
            "/programme/themes/modifier" => {
                let id = self.draft().await.programme.tracks[0].id.to_string();
                let fields = [("id", id.as_str()), ("name", "Communs numériques"), ("colour", "#ffcc00")];
                redirect(at(route_tail(route)), self.form(&fields), "fait=theme-modifie")
            }
            "/programme/themes/supprimer" => {
                let id = self.draft().await.programme.tracks[0].id.to_string();
                redirect(at(route_tail(route)), self.form(&[("id", &id), ("confirme", "oui")]), "fait=theme-supprime")
            }
            "/programme/a-placer/placer" => {
                let id = self.draft().await.unplaced[0].id.to_string();
                let fields = [("id", id.as_str()), ("date", day.as_str()), ("start", "16:00"), ("room", "")];
                redirect(at(route_tail(route)), self.form(&fields), "fait=element-place")
            }
            "/programme/element/ajouter" => {
                let fields = [
                    ("kind", "talk"),
                    ("title", "Clôture bis"),
                    ("speakers", "Ada"),
                    ("summary", "Pour finir."),
                    ("date", day.as_str()),
                    ("start", "16:30"),
                    ("minutes", "30"),
                    ("room", ""),
                    ("track", ""),
                ];
                redirect(at(route_tail(route)), self.form(&fields), "fait=element-ajoute")
            }
            "/programme/element/modifier" => {
                let first = self.item_ids().await[0].clone();
                let fields = [
                    ("id", first.as_str()),
                    ("kind", "workshop"),
                    ("title", "Atelier d’ouverture"),
                    ("speakers", "Grace"),
                    ("summary", ""),
                    ("date", day.as_str()),
                    ("start", "10:00"),
                    ("minutes", "45"),
                    ("room", ""),
                    ("track", ""),
                ];
                redirect(at(route_tail(route)), self.form(&fields), "fait=element-modifie")
            }
            "/programme/element/retirer" => {
                let last = self.item_ids().await.last().unwrap().clone();
                redirect(at(route_tail(route)), self.form(&[("id", &last)]), "fait=element-retire")
            }
            "/programme/element/supprimer" => {
                let id = self.draft().await.unplaced[0].id.to_string();
                redirect(at(route_tail(route)), self.form(&[("id", &id), ("confirme", "oui")]), "fait=element-supprime")
            }
            "/tableau/reglages" => redirect(at("/tableau/reglages"), self.form(&[("public", "1")]), "fait=reglages"),
            "/tableau/priorite" => {
                let id = self.board().await.requests[0].id.to_string();
                let fields = [("request", id.as_str()), ("priority", "1"), ("pinned", "1"), ("theme", "Table 2")];
                redirect(at("/tableau/priorite"), self.form(&fields), "fait=priorite")
            }
            "/tableau/objectif" => {
                let id = self.board().await.objectives[0].id.to_string();
                let fields = [("objective", id.as_str()), ("status", "in_progress")];
                redirect(at("/tableau/objectif"), self.form(&fields), "fait=objectif")
            }
            "/tableau/eclair" => {
                let id = self.board().await.talks[1].id.to_string();
                let fields = [("talk", id.as_str()), ("action", "monter")];
                redirect(at("/tableau/eclair"), self.form(&fields), "fait=eclair")
            }
            "/modifier" => {
                let fields = event_fields("Journée auditée, suite", "2030-01-09");
                redirect(format!("{}/modifier", created()), self.owned_form(fields), "/modifier")
            }
            "/image" => {
                let part =
                    reqwest::multipart::Part::bytes(png()).file_name("affiche.png").mime_str("image/png").unwrap();
                let form = reqwest::multipart::Form::new()
                    .text("csrf", self.csrf.clone())
                    .part("image", part)
                    .text("alt", "Affiche bleue");
                Case {
                    path: format!("{}/image", created()),
                    body: Body::Multipart(form),
                    status: 303,
                    marker: "/modifier".into(),
                }
            }
            "/publier" => redirect(format!("{}/publier", created()), self.form(&[]), &created()),
            "/depublier" => redirect(format!("{}/depublier", created()), self.form(&[]), &created()),
            "/dupliquer" => redirect(format!("{}/dupliquer", created()), self.form(&[]), "/modifier"),
            "/annuler" => redirect(format!("{}/annuler", created()), self.form(&[("confirme", "oui")]), "fait=annule"),
            "/supprimer" => {
                redirect(format!("{}/supprimer", created()), self.form(&[("confirme", "oui")]), "/organisation")
            }
            _ => return None,
        };
        Some(case)
    }

    async fn send(&self, case: Case) -> Page {
        match case.body {
            Body::Form(f) => {
                let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                self.b.post(&case.path, &f).await
            }
            Body::Multipart(m) => self.b.post_multipart(&case.path, m).await,
        }
    }
}

/// The part of a route pattern after the event id.
fn route_tail(route: &str) -> &str {
    route.strip_prefix("/organisation/evenements/{id}").unwrap_or(route)
}

#[tokio::test]
async fn every_organiser_write_leaves_one_audit_entry() {
    let mut fx = Fixture::new().await;
    let writes: Vec<&str> = ROUTES
        .iter()
        .filter(|r| r.method == "POST" && r.access != Access::Anyone && !r.path.starts_with("/deconnexion"))
        .map(|r| r.path)
        .collect();

    let mut missing: Vec<String> = writes
        .iter()
        .filter(|path| !ORDER.contains(path))
        .map(|path| format!("POST {path}: no case in tests/app/audit.rs"))
        .collect();
    missing.extend(
        ORDER.iter().filter(|path| !writes.contains(path)).map(|path| format!("POST {path}: not in ROUTES any more")),
    );
    for route in ORDER.iter().filter(|path| writes.contains(path)) {
        let Some(case) = fx.case(route).await else {
            missing.push(format!("POST {route}: no case in tests/app/audit.rs"));
            continue;
        };
        let (status, marker) = (case.status, case.marker.clone());
        let mark = fx.app.audit_mark().await;
        let res = fx.send(case).await;
        let actions = fx.app.audit_actions_since(mark).await;
        let shown = if status == 303 { res.header("location") } else { res.body.as_str() };
        if res.status != status || !shown.contains(&marker) || res.header("location").contains("erreur") {
            missing.push(format!(
                "POST {route}: request failed: {} {} (wanted {status} with {marker:?})\n{}",
                res.status,
                res.header("location"),
                res.body
            ));
            continue;
        }
        if *route == "/organisation/evenements" {
            fx.created = res.header("location").split('/').nth(3).map(str::to_owned);
        }
        if actions.len() != 1 {
            missing.push(format!("POST {route}: {} entries {actions:?}", actions.len()));
        }
        for action in actions.iter().filter(|a| rencontres::web::organiser::audit::sentence(a).is_none()) {
            missing.push(format!("POST {route}: action {action:?} has no French sentence in web/organiser/audit.rs"));
        }
    }

    assert_eq!(missing, Vec::<&str>::new());
}

#[tokio::test]
async fn programme_commands_leave_one_audit_entry_each() {
    let app = spawn_app().await;
    let event = app.add_event(event_draft("Journée en ligne de commande", 20)).await;
    let slug = event.draft.slug.to_string();
    let day = event.draft.dates.start_date.to_string();
    let yaml = programme_yaml(&day, &["Un"]);
    std::fs::write(app.dir.path().join("programme.yaml"), yaml).unwrap();

    let before_import = app.audit_mark().await;
    let imported = app.run_cli(&["programme", "import", &slug, "programme.yaml"]);
    let import_actions = app.audit_actions_since(before_import).await;
    let before_release = app.audit_mark().await;
    let released = app.run_cli(&["programme", "release", &slug, "--name", "v1"]);
    let release_actions = app.audit_actions_since(before_release).await;

    assert!(imported.status.success(), "{}", String::from_utf8_lossy(&imported.stderr));
    assert!(released.status.success(), "{}", String::from_utf8_lossy(&released.stderr));
    assert_eq!(
        [("programme import", import_actions.len()), ("programme release", release_actions.len())],
        [("programme import", 1), ("programme release", 1)],
        "import wrote {import_actions:?}, release wrote {release_actions:?}"
    );
}

#[tokio::test]
async fn mail_wording_changes_leave_one_audit_entry_each() {
    let app = spawn_app_with(|c| c.base_url = "http://127.0.0.1".into()).await;
    add_user(&app, "admin@example.org", true).await;
    let event = app.add_event(event_draft("Atelier des courriels", 10)).await;
    app.open_registrations(&event, 3).await;
    let b = Browser::new(&app);
    assert_eq!(b.login("admin@example.org", PASSWORD).await.status, 303);
    let csrf = b.csrf("/organisation").await;
    let wording = format!("/organisation/evenements/{}/courriels", event.id);
    let template = format!("/organisation/evenements/{}/appel/modele", event.id);
    let registration_wording = |action: &'static str| {
        [
            ("csrf", csrf.as_str()),
            ("kind", "registration_confirm_email"),
            ("subject", "Un mot pour {{ event.title }}"),
            ("body", "Bonjour {{ name }}, cliquez : {{ link }}"),
            ("action", action),
        ]
    };
    let decision_template = [
        ("csrf", csrf.as_str()),
        ("kind", "proposal_declined"),
        ("subject", "Merci pour « {{ proposal.title }} »"),
        ("body", "Bonjour {{ name }}, ce sera pour une autre fois."),
    ];

    let mut outcomes = Vec::new();
    for (what, path, fields) in [
        ("registration wording saved", &wording, registration_wording("enregistrer").to_vec()),
        ("registration wording reset", &wording, registration_wording("retablir").to_vec()),
        ("decision template saved", &template, decision_template.to_vec()),
    ] {
        let mark = app.audit_mark().await;
        let res = b.post(path, &fields).await;
        let actions = app.audit_actions_since(mark).await;
        outcomes.push((what, res.status, actions.len(), actions));
    }

    let counts: Vec<(&str, u16, usize)> = outcomes.iter().map(|(w, s, n, _)| (*w, *s, *n)).collect();
    assert_eq!(
        counts,
        [
            ("registration wording saved", 303, 1),
            ("registration wording reset", 303, 1),
            ("decision template saved", 303, 1)
        ],
        "{outcomes:?}"
    );
}

/// G4: the journal names who acted and on what (a deleted event by the title its entry
/// kept), says what in French, and filters by event, person and dates.
#[tokio::test]
async fn journal_reads_as_sentences_with_names_and_filters() {
    let app = spawn_app().await;
    let hash = app.app.hasher.hash(PASSWORD.to_owned()).await.unwrap();
    let now = jiff::Timestamp::now();
    store::account::create_user(&app.db, "alice@example.org", "Alice Martin", true, Some(&hash), now).await.unwrap();
    let gone = app.add_event(event_draft("Journée effacée", 10)).await;
    let kept = app.add_event(event_draft("Journée annulée", 10)).await;
    let b = Browser::new(&app);
    assert_eq!(b.login("alice@example.org", PASSWORD).await.status, 303);
    let csrf = b.csrf("/organisation").await;
    for (event, action) in [(&gone, "supprimer"), (&kept, "annuler")] {
        let res = b
            .post(&format!("/organisation/evenements/{}/{action}", event.id), &[("csrf", &csrf), ("confirme", "oui")])
            .await;
        assert_eq!(res.status, 303, "{action}: {}", res.body);
    }

    let all = b.get("/organisation/journal").await;
    let only_kept = b.get(&format!("/organisation/journal?evenement={}", kept.id)).await;
    let long_ago = b.get("/organisation/journal?du=2001-01-01&au=2001-01-02").await;
    let bad_date = b.get("/organisation/journal?du=07%2F12%2F2026").await;

    for wanted in [
        "Alice Martin",
        "a supprimé l’événement",
        "« Journée effacée » (supprimé)",
        "a annulé l’événement",
        "« Journée annulée »",
        "s’est connecté",
    ] {
        assert!(all.body.contains(wanted), "journal lacks {wanted:?}:\n{}", all.body);
    }
    assert!(!all.body.contains("event_deleted") && !all.body.contains("{&quot;"), "raw codes shown:\n{}", all.body);
    assert!(only_kept.body.contains("a annulé l’événement"), "{}", only_kept.body);
    assert!(!only_kept.body.contains("a supprimé l’événement"), "{}", only_kept.body);
    assert!(!only_kept.body.contains("s’est connecté"), "{}", only_kept.body);
    assert!(long_ago.body.contains("Aucune action ne répond à ces filtres."), "{}", long_ago.body);
    assert!(bad_date.body.contains("AAAA-MM-JJ") && bad_date.body.contains("a annulé"), "{}", bad_date.body);
}
