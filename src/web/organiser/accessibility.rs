//! Issue 15 item 8: `/organisation/accessibilite`, the RGAA criteria that the browser walks
//! check automatically, with the result of those checks for this version of the code, so that
//! an auditor starts from evidence.
//!
//! The results are the files `tests/browser/evidence/*.json`, embedded at build time. Each
//! browser test (tests/app/browser.rs) regenerates its file and fails when it would differ from
//! the committed one, so the page shows what the tests of this very build prove: no more (a
//! check that failed fails its test), no less.

use super::auth::Creator;
use crate::web::{App, WebError, embedded};
use axum::extract::State;
use axum::response::Html;
use minijinja::context;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One automated check of the walks (its id in the evidence files) and what it verifies.
struct Check {
    id: &'static str,
    label: &'static str,
}

const CHECKS: &[Check] = &[
    Check { id: "axe", label: "axe-core, règles WCAG 2.1 A et AA" },
    Check { id: "html-valid", label: "Validateur Nu Html Checker (vnu) sur le HTML servi" },
    Check { id: "title", label: "Titre « page — site », unique sur le parcours" },
    Check { id: "skip-link", label: "Premier lien d’évitement activé au clavier : le focus arrive dans sa cible" },
    Check { id: "focus-visible", label: "Élément focalisé au clavier : contour (outline) ou ombre visible" },
    Check {
        id: "form-errors",
        label: "Chaque message d’erreur est relié à son champ (aria-describedby) et annoncé (role=\"alert\")",
    },
    Check { id: "error-focus", label: "Après un formulaire refusé, le focus est sur le récapitulatif des erreurs" },
    Check { id: "reflow-320", label: "Fenêtre de 320 px : pas de défilement horizontal" },
    Check { id: "zoom-200", label: "Zoom à 200 % (fenêtre de 640 px) : pas de défilement horizontal" },
    Check { id: "colour-alone", label: "Programme : chaque couleur de parcours est accompagnée du nom du parcours" },
];

/// An RGAA 4.1 criterion, its number and title, and the checks that cover it (in part: an
/// automated check never replaces the auditor's judgement).
struct Criterion {
    number: &'static str,
    title: &'static str,
    checks: &'static [&'static str],
    /// The axe-core rules behind the "axe" check for this criterion.
    axe_rules: &'static str,
}

const CRITERIA: &[Criterion] = &[
    Criterion {
        number: "1.1",
        title: "Chaque image porteuse d’information a-t-elle une alternative textuelle ?",
        checks: &["axe"],
        axe_rules: "image-alt, input-image-alt, role-img-alt, svg-img-alt",
    },
    Criterion {
        number: "3.1",
        title: "Dans chaque page web, l’information ne doit pas être donnée uniquement par la couleur.",
        checks: &["colour-alone", "axe"],
        axe_rules: "link-in-text-block",
    },
    Criterion {
        number: "3.2",
        title: "Le contraste entre la couleur du texte et la couleur de son arrière-plan est-il suffisamment élevé ?",
        checks: &["axe"],
        axe_rules: "color-contrast",
    },
    Criterion {
        number: "5.7",
        title: "Pour chaque tableau de données, la technique appropriée permettant d’associer chaque cellule avec ses en-têtes est-elle utilisée ?",
        checks: &["axe"],
        axe_rules: "td-headers-attr, th-has-data-cells",
    },
    Criterion {
        number: "6.2",
        title: "Dans chaque page web, chaque lien a-t-il un intitulé ?",
        checks: &["axe"],
        axe_rules: "link-name",
    },
    Criterion {
        number: "7.1",
        title: "Chaque script est-il, si nécessaire, compatible avec les technologies d’assistance ?",
        checks: &["axe"],
        axe_rules: "aria-allowed-attr, aria-required-attr, aria-valid-attr, aria-valid-attr-value, button-name",
    },
    Criterion {
        number: "8.1",
        title: "Chaque page web est-elle définie par un type de document ?",
        checks: &["html-valid"],
        axe_rules: "",
    },
    Criterion {
        number: "8.2",
        title: "Pour chaque page web, le code source généré est-il valide selon le type de document spécifié ?",
        checks: &["html-valid"],
        axe_rules: "",
    },
    Criterion {
        number: "8.3",
        title: "Dans chaque page web, la langue par défaut est-elle présente ?",
        checks: &["axe"],
        axe_rules: "html-has-lang",
    },
    Criterion {
        number: "8.4",
        title: "Pour chaque page web ayant une langue par défaut, le code de langue est-il pertinent ?",
        checks: &["axe"],
        axe_rules: "html-lang-valid",
    },
    Criterion {
        number: "8.5",
        title: "Chaque page web a-t-elle un titre de page ?",
        checks: &["axe", "title"],
        axe_rules: "document-title",
    },
    Criterion {
        number: "8.6",
        title: "Pour chaque page web ayant un titre de page, ce titre est-il pertinent ?",
        checks: &["title"],
        axe_rules: "",
    },
    Criterion {
        number: "10.4",
        title: "Le texte reste-t-il lisible lorsque la taille des caractères est augmentée jusqu’à 200 %, au moins ?",
        checks: &["zoom-200"],
        axe_rules: "",
    },
    Criterion {
        number: "10.7",
        title: "Pour chaque élément recevant le focus, la prise de focus est-elle visible ?",
        checks: &["focus-visible", "skip-link"],
        axe_rules: "",
    },
    Criterion {
        number: "10.11",
        title: "Les contenus peuvent-ils être présentés sans défilement horizontal pour une fenêtre ayant une largeur de 320 px ?",
        checks: &["reflow-320", "zoom-200"],
        axe_rules: "",
    },
    Criterion {
        number: "11.1",
        title: "Chaque champ de formulaire a-t-il une étiquette ?",
        checks: &["axe"],
        axe_rules: "label, select-name",
    },
    Criterion {
        number: "11.10",
        title: "Dans chaque formulaire, le contrôle de saisie est-il utilisé de manière pertinente ?",
        checks: &["form-errors", "error-focus"],
        axe_rules: "",
    },
    Criterion {
        number: "12.7",
        title: "Un lien d’évitement ou d’accès rapide à la zone de contenu principal est-il présent ?",
        checks: &["skip-link"],
        axe_rules: "",
    },
];

/// One evidence file, as the browser walks write it.
#[derive(Debug, Deserialize)]
struct Evidence {
    walk: String,
    checks: BTreeMap<String, Outcome>,
}

#[derive(Debug, Deserialize)]
struct Outcome {
    pages: u32,
    result: String,
}

/// A check's result summed over every walk.
#[derive(Debug, Default, Serialize)]
struct Summary {
    pages: u32,
    walks: Vec<String>,
    failed: bool,
}

fn summaries() -> BTreeMap<String, Summary> {
    let mut out: BTreeMap<String, Summary> = BTreeMap::new();
    for (name, text) in embedded::EVIDENCE {
        let Ok(evidence) = serde_json::from_str::<Evidence>(text) else {
            tracing::warn!(file = name, "unreadable RGAA evidence file");
            continue;
        };
        for (id, outcome) in evidence.checks {
            let s = out.entry(id).or_default();
            s.pages += outcome.pages;
            s.walks.push(evidence.walk.clone());
            s.failed |= outcome.result != "passed";
        }
    }
    out
}

fn label(id: &str) -> &'static str {
    CHECKS.iter().find(|c| c.id == id).map_or("", |c| c.label)
}

fn result_text(summary: Option<&Summary>) -> String {
    match summary {
        None => "Aucun résultat enregistré".into(),
        Some(s) if s.failed => format!("Échec ({} pages)", s.pages),
        Some(s) => {
            let walks = s.walks.join(", ");
            format!("Réussi sur {} pages (parcours : {walks})", s.pages)
        }
    }
}

/// GET /organisation/accessibilite: administrators and organisers.
pub async fn page(State(app): State<App>, creator: Creator) -> Result<Html<String>, WebError> {
    let summaries = summaries();
    let rows: Vec<_> = CRITERIA
        .iter()
        .map(|c| {
            let tests: Vec<_> = c
                .checks
                .iter()
                .map(|id| {
                    let label = if *id == "axe" && !c.axe_rules.is_empty() {
                        format!("{} ({})", label(id), c.axe_rules)
                    } else {
                        label(id).to_string()
                    };
                    let summary = summaries.get(*id);
                    context! { id, label, result => result_text(summary), failed => summary.is_none_or(|s| s.failed) }
                })
                .collect();
            context! { number => c.number, title => c.title, tests }
        })
        .collect();
    let html = app.render(
        "organiser/accessibility.html",
        context! {
            page_title => "Critères RGAA vérifiés par les tests", section => "organiser",
            csrf => &creator.user.csrf, is_admin => creator.user.account.user.is_admin,
            rows, criteria => CRITERIA.len(),
        },
    )?;
    Ok(Html(html))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_criterion_names_known_checks() {
        for c in CRITERIA {
            for id in c.checks {
                assert!(!label(id).is_empty(), "{} names the unknown check {id}", c.number);
            }
        }
    }

    #[test]
    fn the_committed_evidence_is_readable_and_covers_every_check() {
        let s = summaries();
        for c in CHECKS {
            let summary = s.get(c.id).unwrap_or_else(|| panic!("no walk gives evidence for {}", c.id));
            assert!(!summary.failed && summary.pages > 0, "{}: {summary:?}", c.id);
        }
    }
}
