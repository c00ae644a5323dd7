//! A3: `rencontres import` on the five seed posts, through the real binary, twice; the
//! provenance table, links that answer, and the doubts organisers confirm (issue 18).

use crate::helpers::*;
use std::process::Command;

fn seeds_dir() -> std::path::PathBuf {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    assert!(p.is_dir(), "the seeds are in ../shared/seeds");
    p
}

fn import(app: &TestApp, dir: &std::path::Path) -> (bool, String, String) {
    import_with(app, dir, &[])
}

fn import_with(app: &TestApp, dir: &std::path::Path, extra: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rencontres"))
        .args(["import", dir.to_str().unwrap(), "--database-url", &app.database_url])
        .args(extra)
        .env("RENCONTRES_MEDIA_DIR", app.dir.path().join("media"))
        .env("RENCONTRES_LOG", "warn")
        .current_dir(app.dir.path())
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn importing_the_seeds_twice_creates_five_events_then_changes_nothing() {
    let app = spawn_app().await;

    let (ok1, first, err1) = import(&app, &seeds_dir());
    let (ok2, second, err2) = import(&app, &seeds_dir());
    app.app.refresh_content_version().await.unwrap();

    assert!(ok1, "{first}{err1}");
    assert!(ok2, "{second}{err2}");
    assert!(first.ends_with("imported: 5 created, 0 updated, 0 unchanged, 0 skipped, 11 warnings\n"), "{first}");
    assert!(
        first.contains(
            "created    000_129e438cd3d28f51.txt -> /evenements/garagethon-bluehats-les-9-et-10-janvier-2024\n"
        ),
        "{first}"
    );
    assert!(second.contains("imported: 0 created, 0 updated, 5 unchanged, 0 skipped"), "{second}");
    let archives = app.get("/archives").await;
    assert_eq!(
        card_titles(&archives.body),
        [
            "Appel à interventions pour l'après-midi #BlueHats du 4 décembre 2024 au salon Open Source Experience",
            "Garagethon #BlueHats 🧢 les 9 et 10 janvier 2024",
            "Hackathon #BlueHats 🧢 9 et 10 janvier 2024",
            "Journée BlueHats «\u{a0}Mutualisons\u{a0}!\u{a0}» le 1er juillet 2022",
            "Journée BlueHats lors du salon Open Source Experience : contribuez !",
        ]
    );
}

#[tokio::test]
async fn imported_seed_page_shows_its_date_venue_and_repaired_text() {
    let app = spawn_app().await;
    let (ok, out, err) = import(&app, &seeds_dir());
    assert!(ok, "{out}{err}");
    app.app.refresh_content_version().await.unwrap();

    let garagethon = app.get("/evenements/garagethon-bluehats-les-9-et-10-janvier-2024").await;
    let osx = app.get("/evenements/appel-a-interventions-pour-l-apres-midi-bluehats-du-4-decembre-2024-au-salon").await;

    assert_eq!(garagethon.status, 200);
    assert_eq!(
        between(&garagethon.body, "<time datetime=\"2024-01-09T10:00\">", "</time>"),
        "du mardi 9 au mercredi 10 janvier 2024, 10 h – 17 h chaque jour"
    );
    assert_eq!(
        between(&garagethon.body, "<span class=\"ren-facts__strong\">", "</span>"),
        "Lieu de la Transformation Publique"
    );
    assert_eq!(osx.status, 200);
    assert_eq!(
        between(&osx.body, "<time datetime=\"2024-12-04T13:00\">", "</time>"),
        "mercredi 4 décembre 2024, 13 h – 18 h"
    );
    for bad in ["√", "‚Ä", "¬†"] {
        assert!(!osx.body.contains(bad), "mojibake {bad:?} left");
    }
    assert!(!osx.body.contains("{%"), "shortcodes are rendered");
}

#[tokio::test]
async fn import_of_a_broken_file_reports_it_and_imports_the_rest() {
    let app = spawn_app().await;
    let dir = app.dir.path().join("posts");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("bon.md"), "---\ntitle: Atelier du 3 mars 2031\ndate: 2030-12-01\ntags: [atelier]\n---\n\nRendez-vous le 3 mars 2031 de 14h à 16h.\n").unwrap();
    std::fs::write(dir.join("latin1.md"), b"---\ntitle: Journ\xe9e\n---\n\nle 3 mars 2031\n").unwrap();
    std::fs::write(dir.join("sans-entete.md"), "Pas de front matter ici.\n").unwrap();

    let (ok, out, err) = import(&app, &dir);

    assert!(ok, "{out}{err}");
    assert!(out.contains("imported: 1 created, 0 updated, 0 unchanged, 2 skipped"), "{out}");
    assert!(out.contains("skipped    latin1.md: not valid UTF-8"), "{out}");
}

#[tokio::test]
async fn reimport_of_a_changed_post_updates_its_event_and_keeps_its_slug() {
    let app = spawn_app().await;
    let dir = app.dir.path().join("posts");
    std::fs::create_dir_all(&dir).unwrap();
    let post = |title: &str| {
        format!(
            "---\ntitle: {title}\ndate: 2030-12-01\nimage:\n  path: ./affiche.png\n  alt: Affiche de l'atelier\n---\n\nRendez-vous le 3 mars 2031 de 14h à 16h.\n"
        )
    };
    std::fs::write(dir.join("atelier.md"), post("Atelier de mars 2031")).unwrap();
    std::fs::write(dir.join("affiche.png"), b"\x89PNG\r\n\x1a\nfake").unwrap();
    let (ok1, first, _) = import(&app, &dir);

    std::fs::write(dir.join("atelier.md"), post("Atelier de mars 2031, salle changée")).unwrap();
    let (ok2, second, _) = import(&app, &dir);
    app.app.refresh_content_version().await.unwrap();

    assert!(ok1 && ok2);
    assert!(first.contains("created    atelier.md -> /evenements/atelier-de-mars-2031\n"), "{first}");
    assert!(second.contains("updated    atelier.md -> /evenements/atelier-de-mars-2031\n"), "{second}");
    let page = app.get("/evenements/atelier-de-mars-2031").await;
    assert_eq!(between(&page.body, "<h1 id=\"titre-evenement\">", "</h1>"), "Atelier de mars 2031, salle changée");
    assert!(
        page.body.contains("src=\"/media/import-atelier/affiche.png\" alt=\"Affiche de l&#39;atelier\""),
        "cover kept"
    );
    let image = app.get("/media/import-atelier/affiche.png").await;
    assert_eq!(image.status, 200);
    assert_eq!(image.header("content-type"), "image/png");
}

/// Issue 13: image paths kept `../`, so a post naming `../../rencontres.toml` published the
/// configuration under /media/, and an SVG with a script was copied as it was.
#[tokio::test]
async fn import_copies_only_images_inside_the_folder_and_warns_about_the_rest() {
    let app = spawn_app().await;
    let dir = app.dir.path().join("posts");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(app.dir.path().join("rencontres.toml"), "[mail]\nsmtp_password = \"secret\"\n").unwrap();
    std::fs::write(dir.join("affiche.png"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    std::fs::write(dir.join("logo.svg"), b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>")
        .unwrap();
    let post = "---\ntitle: Atelier du 3 mars 2031\ndate: 2030-12-01\nimage:\n  path: ../rencontres.toml\n  alt: Affiche\n---\n\n\
        Rendez-vous le 3 mars 2031 de 14h à 16h.\n\n\
        {% imageContent \"./affiche.png\", \"Affiche\", [1000] %}\n\n\
        {% imageContent \"./logo.svg\", \"Logo\", [1000] %}\n\n\
        {% imageContent \"../../rencontres.toml\", \"Réglages\", [1000] %}\n";
    std::fs::write(dir.join("atelier.md"), post).unwrap();

    let (ok, out, err) = import(&app, &dir);

    assert!(ok, "{out}{err}");
    let copied = rencontres::store::media::paths(&app.db).await.unwrap();
    assert_eq!(copied, ["import-atelier/affiche.png"], "{out}");
    assert_eq!(out.matches("is outside the imported folder; not copied").count(), 2, "{out}");
    assert_eq!(out.matches("is not a PNG, JPEG or WebP image; not copied").count(), 1, "{out}");
    let event = rencontres::store::event::find_by_slug(&app.db, "atelier-du-3-mars-2031").await.unwrap().unwrap();
    assert_eq!(event.draft.image, None, "a cover that was not copied is dropped");
}

/// The event pages an import created, from its report.
fn created_pages(out: &str) -> Vec<String> {
    out.lines()
        .filter_map(|l| l.strip_prefix("created    "))
        .filter_map(|l| l.split(" -> ").nth(1))
        .map(str::to_owned)
        .collect()
}

/// The site-internal targets (`href` and `src` starting with one `/`) of a page's main content.
fn internal_targets(html: &str) -> Vec<String> {
    let main = html.split("<main").nth(1).unwrap_or(html);
    let main = main.split("</main>").next().unwrap_or(main);
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        for part in main.split(attr).skip(1) {
            let target = part.split('"').next().unwrap_or("").replace("&amp;", "&");
            if target.starts_with('/') && !target.starts_with("//") && !out.contains(&target) {
                out.push(target);
            }
        }
    }
    out
}

#[tokio::test]
async fn imported_seed_pages_have_no_link_that_answers_404() {
    let app = spawn_app().await;
    let (ok, out, err) = import_with(&app, &seeds_dir(), &["--source-base-url", "https://code.gouv.fr"]);
    assert!(ok, "{out}{err}");
    app.app.refresh_content_version().await.unwrap();

    let pages = created_pages(&out);
    assert_eq!(pages.len(), 5, "{out}");
    let mut checked = 0;
    for page in &pages {
        let html = app.get(page).await;
        assert_eq!(html.status, 200, "{page}");
        for target in internal_targets(&html.body) {
            let res = app.get(&target).await;
            assert_ne!(res.status, 404, "{page} links {target}, which answers 404");
            checked += 1;
        }
    }
    assert!(checked >= 5, "the seed pages link their images and pages ({checked} links)");
    assert!(!out.contains("site-relative link"), "the base URL made them absolute: {out}");
}

#[tokio::test]
async fn dry_run_prints_the_provenance_table_and_writes_nothing() {
    let app = spawn_app().await;

    let (ok, out, err) = import_with(&app, &seeds_dir(), &["--dry-run"]);

    assert!(ok, "{out}{err}");
    assert!(out.contains("000_129e438cd3d28f51.txt\n  title "), "{out}");
    assert!(out.contains("  start                  2024-01-09               title (sure)\n"), "{out}");
    assert!(out.contains("  venue                  Lieu de la Transformation Publique body line "), "{out}");
    assert!(out.contains("  venue                  Palais des congrès - Paris front matter `lieu` (sure)\n"), "{out}");
    assert!(out.ends_with("would import: 5 created, 0 updated, 0 unchanged, 0 skipped, 5 warnings\n"), "{out}");
    let archives = app.get("/archives").await;
    assert!(card_titles(&archives.body).is_empty(), "a dry run writes nothing");
}

#[tokio::test]
async fn doubts_of_the_import_listed_with_their_sentence_and_confirmed_in_one_click() {
    let app = crate::organiser::spawn().await;
    let dir = app.dir.path().join("posts");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("apero.md"),
        "---\ntitle: Apéro du libre de mars 2031\ndate: 2031-02-01\n---\n\nL'apéro aura lieu le 6 mars 2031 au Café des Images, à partir de 19h.\n",
    )
    .unwrap();
    let (ok, out, err) = import(&app, &dir);
    assert!(ok, "{out}{err}");
    assert!(out.contains("  venue                  Café des Images          body line 6 (unsure)\n"), "{out}");
    crate::organiser::add_user(&app, "admin@example.org", true).await;
    let admin = crate::organiser::signed_in(&app, "admin@example.org").await;

    let list = admin.get("/organisation/import/doutes").await;
    assert_eq!(list.status, 200);
    assert!(list.body.contains("<td>Lieu</td>"), "{}", list.body);
    assert!(list.body.contains("<td>Café des Images</td>"), "{}", list.body);
    assert!(
        list.body.contains("<q>L&#39;apéro aura lieu le 6 mars 2031 au Café des Images, à partir de 19h.</q>"),
        "{}",
        list.body
    );
    let id = between(&list.body, "name=\"doute\" value=\"", "\"").to_owned();
    let csrf = admin.csrf("/organisation/import/doutes").await;
    let done = admin.post("/organisation/import/doutes/confirmer", &[("csrf", &csrf), ("doute", &id)]).await;
    assert_eq!((done.status, done.header("location")), (303, "/organisation/import/doutes?etat=confirme"));
    let after = admin.get("/organisation/import/doutes?etat=confirme").await;
    assert!(after.body.contains("Aucun doute"), "{}", after.body);
    assert!(after.body.contains("La valeur importée est confirmée."));
    let again = admin.post("/organisation/import/doutes/confirmer", &[("csrf", &csrf), ("doute", &id)]).await;
    assert_eq!(again.status, 404, "a doubt is confirmed once");
}

/// A made-up post announcing three online sessions a month apart, the last one longer.
const SERIES_POST: &str = "---\ntitle: Cycle en ligne « Publier son code »\ndate: 2025-01-06\ntags: [bluehats]\n---\n\
Trois séances en ligne pour apprendre à ouvrir un code source :\n\n\
- le 4 février 2025 de 11h à 12h : choisir sa licence\n\
- le 4 mars 2025 de 11h à 12h : documenter\n\
- le 1er avril 2025 de 11h à 12h30 : accueillir les contributions\n";

#[tokio::test]
async fn a_series_of_online_sessions_is_imported_with_each_session() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("cycle.md"), SERIES_POST).unwrap();

    let (ok, dry, err) = import_with(&app, dir.path(), &["--dry-run"]);
    assert!(ok, "{dry}{err}");
    let (ok, out, err) = import(&app, dir.path());

    assert!(ok, "{out}{err}");
    assert!(
        dry.contains(
            "  sessions               2025-02-04 11:00–12:00, 2025-03-04 11:00–12:00, 2025-04-01 11:00–12:30\n"
        ),
        "{dry}"
    );
    let slug = created_pages(&out).pop().expect("one page created");
    let event = rencontres::store::event::find_by_slug(&app.db, slug.trim_start_matches("/evenements/"))
        .await
        .unwrap()
        .expect("imported");
    let days: Vec<String> = event.draft.sessions.iter().map(|s| s.date.to_string()).collect();
    assert_eq!(days, ["2025-02-04", "2025-03-04", "2025-04-01"]);
    assert_eq!(
        (event.draft.dates.start_date.to_string(), event.draft.dates.end_date.to_string()),
        ("2025-02-04".into(), "2025-04-01".into())
    );
    let page = app.get(&slug).await;
    assert!(
        page.body.contains("<li><time datetime=\"2025-04-01T11:00\">mardi 1er avril 2025, 11 h – 12 h 30</time></li>"),
        "{}",
        page.body
    );
    let archives = app.get("/archives").await;
    assert!(
        archives
            .body
            .contains("les 4 février 2025 (11 h – 12 h), 4 mars 2025 (11 h – 12 h) et 1er avril 2025 (11 h – 12 h 30)"),
        "{}",
        archives.body
    );
}
