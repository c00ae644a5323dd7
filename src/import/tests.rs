//! A3: tests of whole posts: the five seed posts of `shared/seeds/`, and the edge cases of
//! real folders (encodings, line endings, missing fields, scanning).

use super::*;
use crate::domain::event::{EventLink, Venue};
use jiff::civil::{date, time};

/// The folder of seed posts: `shared/seeds` beside the crate, or above it (a worktree).
fn seeds_dir() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let beside = manifest.join("../shared/seeds");
    if beside.is_dir() {
        return beside;
    }
    manifest.ancestors().map(|a| a.join("shared/seeds")).find(|p| p.is_dir()).expect("shared/seeds above the crate")
}

/// Imports the seed whose file name starts with `prefix` ("004").
fn seed(prefix: &str) -> ImportedPost {
    let dir = seeds_dir();
    let path = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_str().unwrap().starts_with(prefix))
        .unwrap();
    let name = path.file_name().unwrap().to_str().unwrap().to_owned();
    parse_post(&name, &dir, &std::fs::read(&path).unwrap()).unwrap()
}

fn hours(start: (i8, i8), end: (i8, i8)) -> (Option<jiff::civil::Time>, Option<jiff::civil::Time>) {
    (Some(time(start.0, start.1, 0, 0)), Some(time(end.0, end.1, 0, 0)))
}

fn dates_of(p: &ImportedPost) -> (Date, Date, Option<jiff::civil::Time>, Option<jiff::civil::Time>) {
    let d = p.draft.dates;
    (d.start_date, d.end_date, d.start_time, d.end_time)
}

fn assert_no_mojibake(p: &ImportedPost) {
    for text in [&p.draft.title, &p.draft.summary, &p.draft.body_md] {
        for marker in ["√", "‚Ä", "¬†", "\u{f8ff}", "Ã©"] {
            assert!(!text.contains(marker), "{marker} left in {text}");
        }
    }
}

fn post(front: &str, body: &str) -> Result<ImportedPost, ImportError> {
    parse_post("posts/p.md", Path::new("/site/posts"), format!("---\n{front}---\n{body}").as_bytes())
}

#[test]
fn seed_000_garagethon_read() {
    let p = seed("000");

    assert_eq!(p.draft.title, "Garagethon #BlueHats 🧢 les 9 et 10 janvier 2024");
    assert_eq!(p.draft.slug.as_str(), "garagethon-bluehats-les-9-et-10-janvier-2024");
    assert_eq!(p.draft.kind, EventKind::Garagethon);
    assert_eq!(
        dates_of(&p),
        (date(2024, 1, 9), date(2024, 1, 10), hours((10, 0), (17, 0)).0, hours((10, 0), (17, 0)).1)
    );
    assert_eq!(
        p.draft.venue,
        Venue {
            name: Some("Lieu de la Transformation Publique".into()),
            address: Some("77 avenue de Ségur 75015 Paris".into()),
            room: None,
            osm_url: Some("https://osm.org/go/0BOdSvERD?node=9825094308".into()),
        }
    );
    assert_eq!(p.draft.tags, ["bluehats"]);
    assert_eq!(
        p.draft.image,
        Some(Image {
            path: "/media/import-000-129e438cd3d28f51/bluehats-garagethon-save-the-date.png".into(),
            alt: "Illustration pour le garagethon #BlueHats les 9 et 10 janvier 2024".into(),
            hidden: false,
        })
    );
    assert_eq!(
        p.media,
        [MediaFile {
            source: seeds_dir().join("bluehats-garagethon-save-the-date.png"),
            url_path: "/media/import-000-129e438cd3d28f51/bluehats-garagethon-save-the-date.png".into(),
        }]
    );
    assert_eq!(p.draft.links, []);
    assert_eq!(p.draft.contact_email, None);
    assert_eq!(p.draft.published_on, Some(date(2023, 11, 18)));
    assert_eq!(p.draft.status, EventStatus::Published);
    assert_eq!(
        p.draft.summary,
        "Appel aux équipes qui développent des logiciels libres dans l'administration pour participer au garagethon BlueHats des 9 et 10 janvier 2024 au Lieu de la Transformation Publique"
    );
    assert!(p.draft.body_md.starts_with("## ⌨️ Un garagethon BlueHats"));
    assert_eq!(p.warnings, Vec::<String>::new());
    assert_no_mojibake(&p);
}

#[test]
fn seed_001_hackathon_read() {
    let p = seed("001");

    assert_eq!(p.draft.title, "Hackathon #BlueHats 🧢 9 et 10 janvier 2024");
    assert_eq!(p.draft.kind, EventKind::Hackathon);
    assert_eq!(dates_of(&p), (date(2024, 1, 9), date(2024, 1, 10), None, None));
    assert_eq!(p.draft.venue, Venue::default());
    assert_eq!(p.draft.tags, ["bluehats"]);
    assert_eq!(p.draft.image, Some(Image {
        path: "/media/import-001-e87f15bfa8e46ca5/bluehats-hackathon-save-the-date.png".into(),
        alt: "Illustration pour l'événement contenant un titre, une description, la date et le lieu pour le hackathon #BlueHats.".into(),
        hidden: false,
    }));
    assert_eq!(p.draft.links, []);
    assert_eq!(p.draft.contact_email.as_deref(), Some("bluehats@code.gouv.fr"));
    assert_eq!(p.draft.published_on, Some(date(2023, 11, 18)));
    assert_eq!(p.warnings, Vec::<String>::new());
    assert_no_mojibake(&p);
}

#[test]
fn seed_002_mutualisons_day_read() {
    let p = seed("002");

    assert_eq!(p.draft.title, "Journée BlueHats «\u{a0}Mutualisons\u{a0}!\u{a0}» le 1er juillet 2022");
    assert_eq!(p.draft.kind, EventKind::Day);
    assert_eq!(dates_of(&p), (date(2022, 7, 1), date(2022, 7, 1), Some(time(9, 0, 0, 0)), Some(time(18, 0, 0, 0))));
    assert_eq!(
        p.draft.venue,
        Venue {
            name: Some("Lieu de la transformation publique".into()),
            address: Some("77 avenue de Ségur, 75007 Paris".into()),
            room: None,
            osm_url: Some("https://osm.org/go/0BOdStupT?node=1943846151".into()),
        }
    );
    assert_eq!(p.draft.tags, ["bluehats"]);
    assert_eq!(
        p.draft.image,
        Some(Image {
            path: "/media/import-002-61cbbd87a37e29ed/bluehats-communaute.jpg".into(),
            alt: "Rejoignez la communauté BlueHats".into(),
            hidden: false,
        })
    );
    assert_eq!(p.draft.links, []);
    assert_eq!(p.draft.contact_email.as_deref(), Some("contact@code.gouv.fr"));
    assert_eq!(p.draft.published_on, Some(date(2022, 6, 2)));
    assert_eq!(p.warnings, Vec::<String>::new());
    assert_no_mojibake(&p);
}

#[test]
fn seed_003_jekyll_day_at_trade_show_read() {
    let p = seed("003");

    assert_eq!(p.draft.title, "Journée BlueHats lors du salon Open Source Experience : contribuez !");
    assert_eq!(p.draft.kind, EventKind::Day);
    assert_eq!(dates_of(&p), (date(2021, 11, 9), date(2021, 11, 9), None, None));
    assert!(p.draft.dates.is_all_day());
    assert_eq!(
        p.draft.venue,
        Venue {
            name: Some("Palais des congrès - Paris".into()),
            address: Some("Palais des congrès, 2 place de la porte Maillot, 75017 Paris".into()),
            room: Some("223M".into()),
            osm_url: None,
        }
    );
    assert_eq!(p.draft.tags, Vec::<String>::new());
    assert_eq!(p.draft.image, None);
    assert_eq!(
        p.draft.links,
        [
            EventLink {
                label: "Proposer une intervention".into(),
                text: "Par courriel".into(),
                url: "mailto:logiciels-libres@data.gouv.fr".into()
            },
            EventLink {
                label: "S'inscrire".into(),
                text: "à l'Open Source Experience".into(),
                url: "https://www.opensource-experience.com/".into()
            },
            EventLink {
                label: "Consulter".into(),
                text: "le programme".into(),
                url: "https://github.com/blue-hats/journee-bluehats-osx-2021/".into()
            },
        ]
    );
    assert_eq!(p.draft.contact_email.as_deref(), Some("logiciels-libres@data.gouv.fr"));
    assert_eq!(p.draft.published_on, Some(date(2021, 10, 1)));
    assert_eq!(
        p.draft.summary,
        "La communauté BlueHats vous donne rendez-vous le 9 novembre 2021 au salon Open Source Experience, à Paris, pour une journée dédiée au partage d'expérience autour des logiciels libres dans l'administration publique."
    );
    assert_eq!(p.warnings, ["003_d87eb9a1fcf3e9e9.txt:20: front-matter CSS `style` dropped"]);
    assert!(!p.draft.body_md.contains("background-color"));
    assert_no_mojibake(&p);
}

#[test]
fn seed_004_call_for_talks_with_mojibake_read() {
    let p = seed("004");
    let slug = "appel-a-interventions-pour-l-apres-midi-bluehats-du-4-decembre-2024-au-salon";

    assert_eq!(
        p.draft.title,
        "Appel à interventions pour l'après-midi #BlueHats du 4 décembre 2024 au salon Open Source Experience"
    );
    assert_eq!(p.draft.slug.as_str(), slug);
    assert_eq!(p.draft.kind, EventKind::HalfDay);
    assert_eq!(dates_of(&p), (date(2024, 12, 4), date(2024, 12, 4), Some(time(13, 0, 0, 0)), Some(time(18, 0, 0, 0))));
    assert_eq!(p.draft.venue, Venue { room: Some("124/125M en mezzanine des Congrès".into()), ..Venue::default() });
    assert_eq!(p.draft.tags, ["bluehats"]);
    assert_eq!(p.draft.image, Some(Image {
        path: "/media/import-004-d492c738169dc548/appel-a-interventions-bluehats-2024-main.png".to_string(),
        alt: "Illustration pour l'événement contenant un titre, une description, la date, le lieu, et l'adresse de la page".into(),
        hidden: true,
    }));
    assert_eq!(
        p.media.iter().map(|m| m.url_path.as_str()).collect::<Vec<_>>(),
        [
            "/media/import-004-d492c738169dc548/appel-a-interventions-bluehats-2024-main.png".to_string(),
            "/media/import-004-d492c738169dc548/bluehats-osx-2024.png".to_string(),
            "/media/import-004-d492c738169dc548/appel-a-interventions-bluehats-2024.png".to_string(),
        ]
    );
    let figures: Vec<&str> = p.draft.body_md.lines().filter(|l| l.starts_with("<figure")).collect();
    assert_eq!(
        figures,
        [
            "<figure class=\"fr-content-media\"><img class=\"fr-responsive-img\" src=\"/media/import-004-d492c738169dc548/bluehats-osx-2024.png\" alt=\"Venir aux conférences BlueHats lors du salon Open Source Experience\"></figure>".to_string(),
            "<figure class=\"fr-content-media\"><img class=\"fr-responsive-img\" src=\"/media/import-004-d492c738169dc548/appel-a-interventions-bluehats-2024.png\" alt=\"Image relayant l&#39;appel à intervention\"></figure>".to_string(),
        ]
    );
    assert!(!p.draft.body_md.contains("{%"));
    assert!(p.draft.body_md.starts_with("## 🧢 La DINUM rassemble les #BlueHats"));
    assert!(p.draft.body_md.contains("administration\u{a0}? Un déploiement"));
    assert_eq!(p.draft.links, []);
    assert_eq!(p.draft.contact_email.as_deref(), Some("bluehats@code.gouv.fr"));
    assert_eq!(p.draft.published_on, Some(date(2024, 10, 15)));
    assert_eq!(
        p.warnings,
        [
            "004_d492c738169dc548.txt:2: repaired Mac Roman mojibake (31 lines)",
            "004_d492c738169dc548.txt:7: `#BlueHats du site.` is a YAML comment and was left out of the value",
            "004_d492c738169dc548.txt:22: site-relative link `/fr/bluehats/` dropped, its text kept; give --source-base-url",
            "004_d492c738169dc548.txt:33: link to the bare address `bluehats@code.gouv.fr` made mailto:",
        ]
    );
    assert!(p.draft.body_md.contains("(mailto:bluehats@code.gouv.fr)"));
    assert_no_mojibake(&p);
}

#[test]
fn parse_post_same_bytes_gives_same_result() {
    let dir = seeds_dir();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();

        let first = parse_post("a.txt", &dir, &bytes);
        let second = parse_post("a.txt", &dir, &bytes);

        assert_eq!(first, second);
    }
}

#[test]
fn parse_post_hash_is_sha256_of_raw_bytes() {
    let p = post("title: T\ndate: 2024-01-01\n", "Le 3 mai 2024.").unwrap();

    // sha256sum of the same bytes.
    assert_eq!(p.content_hash, "397223492f2c517411bbdada5001da08065bdc09c571cbf5597f4984969c72cf");
}

#[test]
fn parse_post_not_utf8_refused_with_offset() {
    let mut bytes = b"---\ntitle: Caf".to_vec();
    bytes.push(0xE9);

    let r = parse_post("p.md", Path::new("."), &bytes);

    assert_eq!(r, Err(ImportError::NotUtf8 { at: 14 }));
    assert_eq!(r.unwrap_err().to_string(), "not valid UTF-8 at byte 14");
}

#[test]
fn parse_post_bom_and_crlf_tolerated() {
    let bytes = "\u{feff}---  \r\ntitle: \"Hackathon le 3 mars 2025\"\r\ndate: 2025-01-10\r\n---\r\n\r\nTexte.\r\n";

    let p = parse_post("p.md", Path::new("."), bytes.as_bytes()).unwrap();

    assert_eq!(p.draft.title, "Hackathon le 3 mars 2025");
    assert_eq!(p.draft.body_md, "Texte.");
    assert_eq!(dates_of(&p), (date(2025, 3, 3), date(2025, 3, 3), None, None));
}

#[test]
fn parse_post_without_front_matter_refused() {
    let r = parse_post("README.md", Path::new("."), b"# Lisez-moi\n");

    assert_eq!(r.unwrap_err().to_string(), "no front matter");
}

#[test]
fn parse_post_without_title_refused() {
    assert_eq!(post("date: 2024-01-01\n", "Texte").unwrap_err(), ImportError::NoTitle);
}

#[test]
fn parse_post_invalid_yaml_refused() {
    let r = post("title: Journée : contribuez\n", "");

    assert_eq!(
        r.unwrap_err().to_string(),
        "front matter is not valid YAML: mapping values are not allowed in this context at line 1, column 16"
    );
}

#[test]
fn parse_post_without_any_date_refused() {
    assert!(matches!(post("title: Rencontre\n", "Bientôt.").unwrap_err(), ImportError::NotAnEvent(_)));
}

#[test]
fn parse_post_with_only_a_publication_date_is_skipped_not_given_an_invented_date() {
    let err = post("title: Rencontre BlueHats\ndate: 2024-03-05\n", "Bientôt.").unwrap_err();

    assert_eq!(
        err.to_string(),
        "not an event: no event date in the title, description, body or fields; the publication date is not the event's"
    );
}

#[test]
fn parse_post_date_without_year_inferred_from_publication() {
    let p = post("title: Journée BlueHats\ndate: 2024-10-15\n", "Rendez-vous le 9 janvier de 10h à 17h.").unwrap();

    assert_eq!(dates_of(&p), (date(2025, 1, 9), date(2025, 1, 9), Some(time(10, 0, 0, 0)), Some(time(17, 0, 0, 0))));
    assert_eq!(p.draft.published_on, Some(date(2024, 10, 15)));
}

#[test]
fn parse_post_publication_from_jekyll_file_name() {
    let p = parse_post(
        "_posts/2021-10-01-journee.md",
        Path::new("."),
        "---\ntitle: Sans date\n---\nRendez-vous le 9 novembre.".as_bytes(),
    )
    .unwrap();

    assert_eq!(p.draft.published_on, Some(date(2021, 10, 1)));
}

#[test]
fn parse_post_event_start_with_hours_in_text() {
    let p =
        post("title: Atelier\nevent_start_date: 2022-03-08 00:00:00 +01:00\n", "Le 8 mars 2022 de 14h à 17h.").unwrap();

    assert_eq!(dates_of(&p), (date(2022, 3, 8), date(2022, 3, 8), Some(time(14, 0, 0, 0)), Some(time(17, 0, 0, 0))));
    assert_eq!(p.draft.kind, EventKind::Workshop);
}

#[test]
fn parse_post_front_matter_venue_wins_over_text() {
    let p = post(
        "title: Atelier le 8 mars 2022\nlieu: La Fabrique\nadresse: 1 rue A 75001 Paris\n",
        "Au 20 rue de Ségur, 75007 Paris, en salle 12.",
    )
    .unwrap();

    assert_eq!(
        p.draft.venue,
        Venue {
            name: Some("La Fabrique".into()),
            address: Some("1 rue A 75001 Paris".into()),
            room: Some("12".into()),
            osm_url: None,
        }
    );
}

#[test]
fn parse_post_tags_folded_deduplicated_in_order() {
    let p = post("title: Rencontre le 8 mars 2022\ntags:\n  - BlueHats\n  - rencontre\n  - '#bluehats'\n  - 🧢\n", "")
        .unwrap();

    assert_eq!(p.draft.tags, ["bluehats", "rencontre"]);
    assert_eq!(p.warnings, ["posts/p.md:3: tag `🧢` dropped"]);
}

#[test]
fn parse_post_visible_image_without_alt_hidden_with_warning() {
    let p = post("title: Rencontre le 8 mars 2022\nimage:\n  path: ./a.png\n", "").unwrap();

    assert_eq!(
        p.draft.image,
        Some(Image { path: "/media/import-posts-p/a.png".into(), alt: String::new(), hidden: true })
    );
    assert_eq!(
        p.media,
        [MediaFile { source: PathBuf::from("/site/posts/a.png"), url_path: "/media/import-posts-p/a.png".into() }]
    );
    assert_eq!(p.warnings, ["posts/p.md:3: image has no alt text: hidden"]);
}

#[test]
fn parse_post_absolute_image_url_kept_without_media() {
    let p = post("title: Rencontre le 8 mars 2022\nimage:\n  src: https://example.org/a.png\n  alt: Une image\n", "")
        .unwrap();

    assert_eq!(
        p.draft.image,
        Some(Image { path: "https://example.org/a.png".into(), alt: "Une image".into(), hidden: false })
    );
    assert_eq!(p.media, []);
}

#[test]
fn parse_post_shortcode_warning_names_file_line() {
    let p = post("title: Rencontre le 8 mars 2022\n", "\nTexte\n{% youtube \"abc\" %}\n").unwrap();

    assert_eq!(p.draft.body_md, "Texte");
    assert_eq!(p.warnings, ["posts/p.md:6: unknown shortcode `youtube` dropped"]);
}

#[test]
fn parse_post_summary_from_first_paragraph() {
    let long = "mot ".repeat(100);
    let short = post(
        "title: Rencontre le 8 mars 2022\n",
        "## Titre\n\n<div>html</div>\n\nUn **premier** [paragraphe](https://x.example)\nsur deux lignes.\n\nSecond.",
    )
    .unwrap();
    let cut = post("title: Rencontre le 8 mars 2022\n", &long).unwrap();

    assert_eq!(short.draft.summary, "Un premier paragraphe sur deux lignes.");
    assert_eq!(cut.draft.summary, format!("{}…", "mot ".repeat(74).trim_end()));
}

#[test]
fn parse_post_contact_from_bare_address_link() {
    let p = post(
        "title: Rencontre le 8 mars 2022\n",
        "Envoyez à [a@code.gouv.fr](a@code.gouv.fr) ou [b](mailto:b@code.gouv.fr?subject=x).",
    )
    .unwrap();

    assert_eq!(p.draft.contact_email.as_deref(), Some("a@code.gouv.fr"));
}

#[test]
fn parse_post_draft_front_matter_kept_as_draft() {
    let p = post("title: Rencontre le 8 mars 2022\ndraft: true\n", "").unwrap();

    assert_eq!(p.draft.status, EventStatus::Draft);
}

#[test]
fn parse_post_title_without_letters_takes_slug_from_file() {
    let p = parse_post(
        "posts/rencontre-2024.md",
        Path::new("."),
        "---\ntitle: \"🧢 🎉\"\ndate: 2024-01-01\n---\nLe 3 mai 2024.".as_bytes(),
    )
    .unwrap();

    assert_eq!(p.draft.slug.as_str(), "rencontre-2024");
}

#[test]
fn kind_inferred_in_priority_order() {
    let cases = [
        (["Garagethon BlueHats", "", "une journée"], EventKind::Garagethon),
        (["Hackathon #BlueHats", "", ""], EventKind::Hackathon),
        (["L'après-midi #BlueHats au salon", "", ""], EventKind::HalfDay),
        (["Journée BlueHats lors du salon", "", ""], EventKind::Day),
        (["Atelier Git", "", ""], EventKind::Workshop),
        (["Conférences BlueHats", "", ""], EventKind::Conference),
        (["BlueHats au salon OSXP", "", ""], EventKind::Conference),
        (["Rencontre", "Une journée ensemble", ""], EventKind::Day),
        (["Rencontre", "", ""], EventKind::Other),
    ];

    for (texts, expected) in cases {
        assert_eq!(infer_kind(&texts), expected, "{texts:?}");
    }
}

#[test]
fn scan_dir_reads_sorted_skips_hidden_and_reports_failures() {
    let dir = tempfile::tempdir().unwrap();
    let write = |rel: &str, content: &[u8]| {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    };
    let good = b"---\ntitle: Hackathon le 3 mars 2025\nimage:\n  path: ./i.png\n  alt: Image\n---\nTexte\n";
    write("b/post.md", good);
    write("a.markdown", good);
    write("c.txt", b"pas de front matter");
    write("d.md", b"---\ntitle: \xff\n---\n");
    write(".git/x.md", good);
    write("node_modules/y.md", good);
    write(".cache.md", good);
    write("notes.html", good);

    let scan = scan_dir(dir.path()).unwrap();

    assert_eq!(scan.posts.iter().map(|p| p.source_path.as_str()).collect::<Vec<_>>(), ["a.markdown", "b/post.md"]);
    assert_eq!(scan.posts[1].media[0].source, dir.path().join("b/i.png"));
    assert_eq!(
        scan.failures,
        [("c.txt".to_owned(), ImportError::NoFrontMatter), ("d.md".to_owned(), ImportError::NotUtf8 { at: 11 }),]
    );
}

#[test]
fn scan_dir_twice_gives_same_posts() {
    let scan = |dir: &Path| scan_dir(dir).unwrap().posts;

    assert_eq!(scan(&seeds_dir()), scan(&seeds_dir()));
    assert_eq!(scan(&seeds_dir()).len(), 5);
}

/// Characters that stress the readers: Markdown, HTML, template tags, YAML, French text,
/// mojibake and digits that look like dates, hours and postcodes.
const PIECES: &[&str] = &[
    "[",
    "]",
    "(",
    ")",
    "](",
    "![",
    "<",
    ">",
    "</a>",
    "<a href=\"",
    "{%",
    "%}",
    "{{",
    "}}",
    "{#",
    "#}",
    "`",
    "```",
    "\n",
    "\n\n",
    " ",
    "#",
    "*",
    "_",
    "&",
    "&nbsp;",
    ":",
    "- ",
    "'",
    "\"",
    "é",
    "à",
    "’",
    "√©",
    "√†",
    "‚Äô",
    "¬†",
    "üß¢",
    "\u{f8ff}",
    "🧢",
    "1er",
    "9",
    "10",
    "2024",
    "75015",
    "77",
    "h",
    "h30",
    "janvier",
    "décembre",
    "le ",
    "les ",
    "du ",
    "au ",
    "et ",
    "de ",
    "à ",
    "avant ",
    "salle ",
    "avenue ",
    "Paris",
    "mailto:",
    "a@b.fr",
    "https://osm.org/go/x",
    "imageContent \"./x.png\", \"alt\"",
    "\t",
    "\r",
];

/// Up to 80 of [`PIECES`].
fn hostile_text() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    proptest::collection::vec(proptest::sample::select(PIECES), 0..80).prop_map(|v| v.concat())
}

proptest::proptest! {
    #[test]
    fn parse_post_hostile_input_never_panics(front in hostile_text(), body in hostile_text()) {
        let bytes = format!("---\ntitle: \"{}\"\ndate: 2024-01-01\n---\n{body}", front.replace(['"', '\\', '\n', '\r'], " "));

        let first = parse_post("p.md", Path::new("."), bytes.as_bytes());
        let second = parse_post("p.md", Path::new("."), bytes.as_bytes());

        proptest::prop_assert_eq!(first, second);
    }

    #[test]
    fn parse_post_any_bytes_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
        let _ = parse_post("p.md", Path::new("."), &bytes);
    }
}

// Properties of every reader of a post (G5): any text, any bytes, a large input in bounded
// time, the same facts from the same text. Case counts: `crate::properties::config`.

/// YAML syntax a front matter may be made of, keys the importer reads, and the shapes of
/// alias expansion (`&a`, `*a`) that make a small file a large value.
const YAML_PIECES: &[&str] = &[
    "title: ",
    "description: ",
    "date: ",
    "event_start_date: ",
    "event_end_date: ",
    "tags: ",
    "image: ",
    "path: ",
    "alt: ",
    "hide: ",
    "lieu: ",
    "champs_informations: ",
    "lien: ",
    "draft: ",
    "style: ",
    "\n",
    "\n  ",
    "\n- ",
    "- ",
    "  ",
    ": ",
    ":",
    "{",
    "}",
    "[",
    "]",
    ", ",
    "\"",
    "'",
    "\\",
    "#",
    "&a ",
    "*a",
    "&b [*a, *a, *a] ",
    "!!str ",
    "!!binary ",
    "|",
    ">",
    "---",
    "...",
    "%YAML 1.2",
    "~",
    "null",
    "true",
    "2024-01-09",
    "2024-01-09 10:00",
    "9 novembre 2021",
    "99999999999999999999",
    "-1",
    "1e400",
    ".nan",
    "https://a.fr/x",
    "mailto:a@b.fr",
    "../../x.png",
    "é",
    "\u{feff}",
    "\t",
];

/// Markdown bodies with shortcodes, code fences and spans, and venue and date words.
const BODY_PIECES: &[&str] = &[
    "{% imageContent \"./x.png\", \"alt\" %}",
    "{% imageContent \"../../secret.toml\", \"\" %}",
    "{% imageContent \"",
    "{% raw %}",
    "{% endraw %}",
    "{{ page.url }}",
    "{#",
    "#}",
    "{%",
    "%}",
    "{{",
    "}}",
    "`",
    "``",
    "```\n",
    "~~~\n",
    "\n",
    "\n\n",
    " ",
    "[",
    "](",
    ")",
    "![",
    "<a href=\"",
    ">",
    "salle ",
    "Salle 12",
    " au ",
    "12 rue de la Paix",
    " 75015 ",
    "Paris",
    "avenue ",
    "https://www.openstreetmap.org/#map=19/48.8/2.3",
    "carte",
    "le 9 ",
    "janvier 2024",
    " de 10h à 17h",
    "mailto:a@b.fr",
    "√©",
    "é",
];

/// The media folder's name the properties use.
fn media_slug() -> crate::domain::event::Slug {
    crate::domain::event::Slug::parse("import-p").unwrap()
}

/// The 1-based line numbers the warnings of `p.md` name.
fn warning_lines(warnings: &[String]) -> Vec<usize> {
    warnings.iter().filter_map(|w| w.strip_prefix("p.md:")?.split(':').next()?.parse().ok()).collect()
}

proptest::proptest! {
    #![proptest_config(crate::properties::config(128))]

    #[test]
    fn front_matter_any_text_never_panics(text in crate::properties::any_text(300)) {
        let mut warnings = Vec::new();

        if let Ok(split) = front_matter::split(&text) {
            let _ = front_matter::read(split.yaml, "p.md", &mut warnings);
        }
        let _ = front_matter::read(&text, "p.md", &mut warnings);
    }

    #[test]
    fn front_matter_yaml_like_text_is_read_or_refused(yaml in crate::properties::text_of(YAML_PIECES, 60)) {
        let mut warnings = Vec::new();

        let read = crate::properties::within(std::time::Duration::from_secs(2), "front matter", || {
            front_matter::read(&yaml, "p.md", &mut warnings)
        })?;

        // The front matter starts on the file's second line, after `---`; 1 when no key is named.
        let last_line = yaml.split('\n').count() + 1;
        proptest::prop_assert!(warning_lines(&warnings).iter().all(|l| (1..=last_line).contains(l)), "{warnings:?}");
        if let Ok(fm) = read {
            proptest::prop_assert!(fm.title.as_deref().is_none_or(|t| !t.trim().is_empty()), "{:?}", fm.title);
        }
    }

    #[test]
    fn front_matter_split_gives_back_its_parts(
        yaml in proptest::strategy::Strategy::prop_map(crate::properties::text_of(YAML_PIECES, 30), |y| {
            y.split('\n').map(|l| if matches!(l.trim_end(), "---" | "...") { "x" } else { l }).collect::<Vec<_>>().join("\n")
        }),
        body in crate::properties::any_text(100),
    ) {
        let yaml = if yaml.is_empty() || yaml.ends_with('\n') { yaml } else { format!("{yaml}\n") };
        let text = format!("---\n{yaml}---\n{body}");

        let split = front_matter::split(&text).unwrap();

        proptest::prop_assert_eq!(split.yaml, yaml.as_str());
        proptest::prop_assert_eq!(split.body, body.as_str());
        proptest::prop_assert_eq!(split.body_line, yaml.matches('\n').count() + 3);
    }

    #[test]
    fn shortcodes_any_body_expanded_within_the_media_folder(body in crate::properties::text_of(BODY_PIECES, 80)) {
        let slug = media_slug();
        let origin = shortcodes::Origin { file: "p.md", first_line: 5, slug: &slug, base_dir: Path::new("/site") };

        let expanded = shortcodes::expand(&body, &origin);

        let last_line = 5 + body.matches('\n').count();
        proptest::prop_assert!(warning_lines(&expanded.warnings).iter().all(|l| (5..=last_line).contains(l)), "{:?}", expanded.warnings);
        for m in &expanded.media {
            let name = m.url_path.strip_prefix("/media/import-p/").unwrap_or("");
            proptest::prop_assert!(!name.is_empty() && !name.contains('/'), "{}", m.url_path);
        }
        proptest::prop_assert_eq!(shortcodes::expand(&body, &origin), expanded);
    }

    #[test]
    fn shortcodes_any_text_never_panics(body in crate::properties::any_text(300)) {
        let slug = media_slug();
        let origin = shortcodes::Origin { file: "p.md", first_line: 1, slug: &slug, base_dir: Path::new("/site") };

        let _ = shortcodes::expand(&body, &origin);
    }

    #[test]
    fn venue_any_body_gives_trimmed_fields_and_a_web_map_link(body in crate::properties::text_of(BODY_PIECES, 80)) {
        let venue = venue::find_venue(&body);

        for field in [&venue.name, &venue.address, &venue.room].into_iter().flatten() {
            proptest::prop_assert!(!field.is_empty() && field.trim() == field, "{field:?}");
        }
        if let Some(url) = &venue.osm_url {
            proptest::prop_assert!(crate::domain::event::parse_web_url(url).is_ok(), "{url}");
        }
    }

    #[test]
    fn venue_any_text_never_panics(body in crate::properties::any_text(300)) {
        let _ = venue::find_venue(&body);
    }

    #[test]
    fn parse_post_any_text_never_panics(text in crate::properties::any_text(300)) {
        let _ = parse_post("p.md", Path::new("."), text.as_bytes());
        let _ = parse_post("p.md", Path::new("."), format!("---\ntitle: x\ndate: 2024-01-01\n---\n{text}").as_bytes());
    }

    #[test]
    fn parse_post_any_bytes_after_front_matter_never_panics(body in crate::properties::any_bytes(300)) {
        let mut bytes = b"---\ntitle: x\ndate: 2024-01-01\n---\n".to_vec();
        bytes.extend(body);

        let _ = parse_post("p.md", Path::new("."), &bytes);
    }

    #[test]
    fn parse_post_same_text_twice_gives_same_facts(
        front in crate::properties::text_of(YAML_PIECES, 30),
        body in crate::properties::text_of(BODY_PIECES, 60),
    ) {
        let bytes = format!("---\ntitle: Atelier\ndate: 2024-01-01\n{front}\n---\n{body}");

        let first = parse_post("p.md", Path::new("."), bytes.as_bytes());
        let second = parse_post("p.md", Path::new("."), bytes.as_bytes());

        proptest::prop_assert_eq!(&first, &second);
        if let Ok(post) = first {
            proptest::prop_assert_eq!(post.draft.validate(), Ok(()));
            proptest::prop_assert!(post.draft.dates.start_date <= post.draft.dates.end_date);
        }
    }
}

proptest::proptest! {
    // 100 KB inputs: few cases, each under a bound that a linear reader meets many times over.
    #![proptest_config(crate::properties::config(3))]

    #[test]
    fn parse_post_100_kb_body_read_in_bounded_time(body in crate::properties::large_text_of(BODY_PIECES, 100_000)) {
        let bytes = format!("---\ntitle: Atelier\ndate: 2024-01-01\n---\n{body}");

        let _ = crate::properties::within(std::time::Duration::from_secs(3), "parse_post of 100 KB", || {
            parse_post("p.md", Path::new("."), bytes.as_bytes())
        })?;
    }

    #[test]
    fn parse_post_100_kb_of_hostile_pieces_read_in_bounded_time(body in crate::properties::large_text_of(PIECES, 100_000)) {
        let bytes = format!("---\ntitle: Atelier\ndate: 2024-01-01\n---\n{body}");

        let _ = crate::properties::within(std::time::Duration::from_secs(3), "parse_post of 100 KB", || {
            parse_post("p.md", Path::new("."), bytes.as_bytes())
        })?;
    }

    #[test]
    fn front_matter_100_kb_read_in_bounded_time(yaml in crate::properties::large_text_of(YAML_PIECES, 100_000)) {
        let mut warnings = Vec::new();

        let _ = crate::properties::within(std::time::Duration::from_secs(3), "front matter of 100 KB", || {
            front_matter::read(&yaml, "p.md", &mut warnings)
        })?;
    }
}
