//! B3 B5: an event's own questions, on the registration form and on the follow-up survey,
//! and the checks of the answers. A question may be shown only when an earlier answer
//! matches; the server applies the same rule as the page, so a hidden question is neither
//! required nor stored, whatever the browser sends.

use crate::i18n::{t, t_args};
use serde::Serialize;
use std::collections::BTreeMap;

/// The kinds of questions an organiser can ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    ShortText,
    LongText,
    Single,
    Multiple,
    YesNo,
}

impl Kind {
    pub const ALL: [Kind; 5] = [Kind::ShortText, Kind::LongText, Kind::Single, Kind::Multiple, Kind::YesNo];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::ShortText => "short_text",
            Kind::LongText => "long_text",
            Kind::Single => "single",
            Kind::Multiple => "multiple",
            Kind::YesNo => "yes_no",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            Kind::ShortText => "Texte court",
            Kind::LongText => "Texte long",
            Kind::Single => "Choix unique",
            Kind::Multiple => "Choix multiples",
            Kind::YesNo => "Oui ou non",
        }
    }

    /// The longest answer accepted, in characters.
    fn max_chars(self) -> usize {
        match self {
            Kind::LongText => 4000,
            _ => 300,
        }
    }

    pub fn has_choices(self) -> bool {
        matches!(self, Kind::Single | Kind::Multiple)
    }
}

/// The choices of a yes/no question, as posted and stored.
pub const YES: &str = "oui";
pub const NO: &str = "non";

/// Show a question only when an earlier question's answer includes `answer`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Condition {
    pub question: i64,
    pub answer: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Question {
    pub id: i64,
    pub label: String,
    pub kind: Kind,
    pub required: bool,
    pub choices: Vec<String>,
    pub show_if: Option<Condition>,
}

/// Answers by question id; a text answer is a one-element list.
pub type Answers = BTreeMap<i64, Vec<String>>;

/// Why a new question cannot be added, in French.
pub fn check_new(
    label: &str,
    kind: Kind,
    choices: &[String],
    show_if: Option<&Condition>,
    earlier: &[Question],
) -> Result<(), String> {
    let label = label.trim();
    if label.is_empty() {
        return Err("L'intitulé de la question est obligatoire.".into());
    }
    if label.chars().count() > 300 {
        return Err("L'intitulé ne peut pas dépasser 300 caractères.".into());
    }
    if kind.has_choices() {
        if choices.len() < 2 {
            return Err("Une question à choix propose au moins deux réponses, une par ligne.".into());
        }
        if choices.len() > 50 || choices.iter().any(|c| c.chars().count() > 200) {
            return Err("Au plus 50 réponses de 200 caractères chacune.".into());
        }
        let mut seen = std::collections::HashSet::new();
        if !choices.iter().all(|c| seen.insert(c.to_lowercase())) {
            return Err("Deux réponses proposées sont identiques.".into());
        }
    }
    if let Some(cond) = show_if {
        let Some(q) = earlier.iter().find(|q| q.id == cond.question) else {
            return Err("La condition doit porter sur une question précédente.".into());
        };
        let possible = match q.kind {
            Kind::YesNo => vec![YES.to_owned(), NO.to_owned()],
            Kind::Single | Kind::Multiple => q.choices.clone(),
            _ => return Err("La condition doit porter sur une question à choix ou oui/non.".into()),
        };
        if !possible.contains(&cond.answer) {
            return Err(format!("« {} » n'est pas une réponse possible à « {} ».", cond.answer, q.label));
        }
    }
    Ok(())
}

/// Why question `id` of `questions` (in order) cannot be changed to `label`, `required`,
/// `choices` (its kind and condition stay), in French (issue 19): the checks of a new
/// question against the earlier ones, and no later question may lose the answer that shows it.
pub fn check_edit(questions: &[Question], id: i64, label: &str, choices: &[String]) -> Result<(), String> {
    let at = questions.iter().position(|q| q.id == id).ok_or("Cette question n'existe plus.")?;
    let q = &questions[at];
    check_new(label, q.kind, choices, q.show_if.as_ref(), &questions[..at])?;
    if q.kind.has_choices() {
        for later in &questions[at + 1..] {
            if let Some(c) = later.show_if.as_ref().filter(|c| c.question == id)
                && !choices.contains(&c.answer)
            {
                return Err(format!(
                    "La question « {} » s'affiche après la réponse « {} » : gardez cette réponse.",
                    later.label, c.answer
                ));
            }
        }
    }
    Ok(())
}

/// The new order of `questions` once question `id` moved one place up (or down), or why it
/// cannot, in French (issue 19): a question stays after the question whose answer shows it.
pub fn moved(questions: &[Question], id: i64, up: bool) -> Result<Vec<i64>, String> {
    let at = questions.iter().position(|q| q.id == id).ok_or("Cette question n'existe plus.")?;
    let other = if up { at.checked_sub(1) } else { Some(at + 1).filter(|i| *i < questions.len()) };
    let Some(other) = other else {
        return Err(if up { "La question est déjà la première." } else { "La question est déjà la dernière." }.into());
    };
    let (first, second) = (at.min(other), at.max(other));
    if questions[second].show_if.as_ref().is_some_and(|c| c.question == questions[first].id) {
        return Err(format!(
            "« {} » s'affiche selon la réponse à « {} » : elle doit rester après.",
            questions[second].label, questions[first].label
        ));
    }
    let mut ids: Vec<i64> = questions.iter().map(|q| q.id).collect();
    ids.swap(first, second);
    Ok(ids)
}

/// Splits the organiser's choices, one per line, dropping blank lines.
pub fn parse_choices(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect()
}

/// True when `q` is shown given the answers so far (its condition's question shown and
/// answered with the expected value).
pub fn is_shown(q: &Question, questions: &[Question], answers: &Answers) -> bool {
    match &q.show_if {
        None => true,
        Some(cond) => {
            let Some(parent) = questions.iter().find(|p| p.id == cond.question) else { return false };
            is_shown(parent, questions, answers) && answers.get(&parent.id).is_some_and(|a| a.contains(&cond.answer))
        }
    }
}

/// Checks the posted answers (`raw`, every value of each `q{id}` field) against the
/// questions, in order. Returns the answers to keep, or the French message of each bad
/// question. Answers to hidden or unknown questions are dropped.
pub fn validate(questions: &[Question], raw: &BTreeMap<i64, Vec<String>>) -> Result<Answers, BTreeMap<i64, String>> {
    let mut answers = Answers::new();
    let mut errors = BTreeMap::new();
    for q in questions {
        if !is_shown(q, questions, &answers) {
            continue;
        }
        let values: Vec<String> = raw
            .get(&q.id)
            .map(|v| v.iter().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect())
            .unwrap_or_default();
        if values.is_empty() {
            if q.required {
                errors.insert(q.id, t_args("answer-required", &[("question", q.label.as_str().into())]));
            }
            continue;
        }
        let check = match q.kind {
            Kind::ShortText | Kind::LongText => {
                let v = &values[0];
                if values.len() > 1 {
                    Err(t("answer-one"))
                } else if v.chars().count() > q.kind.max_chars() {
                    Err(t_args("answer-too-long", &[("max", q.kind.max_chars().into())]))
                } else if v.chars().any(|c| (c.is_control() && !matches!(c, '\n' | '\r' | '\t')) || c == '\u{FFFD}') {
                    Err(t("answer-invalid-characters"))
                } else {
                    Ok(vec![v.clone()])
                }
            }
            Kind::YesNo => match values.as_slice() {
                [v] if v == YES || v == NO => Ok(values.clone()),
                _ => Err(t("answer-yes-no")),
            },
            Kind::Single => match values.as_slice() {
                [v] if q.choices.contains(v) => Ok(values.clone()),
                _ => Err(t("answer-one-choice")),
            },
            Kind::Multiple => {
                let mut kept: Vec<String> = Vec::new();
                let mut bad = false;
                for v in &values {
                    if !q.choices.contains(v) {
                        bad = true;
                    } else if !kept.contains(v) {
                        kept.push(v.clone());
                    }
                }
                if bad { Err(t("answer-choices")) } else { Ok(kept) }
            }
        };
        match check {
            Ok(v) => {
                answers.insert(q.id, v);
            }
            Err(e) => {
                errors.insert(q.id, e);
            }
        }
    }
    if errors.is_empty() { Ok(answers) } else { Err(errors) }
}

/// Reads stored answers (JSON object keyed by question id); anything unreadable is empty.
pub fn answers_from_json(text: &str) -> Answers {
    let map: BTreeMap<String, Vec<String>> = serde_json::from_str(text).unwrap_or_default();
    map.into_iter().filter_map(|(k, v)| k.parse().ok().map(|k| (k, v))).collect()
}

pub fn answers_to_json(a: &Answers) -> String {
    let map: BTreeMap<String, &Vec<String>> = a.iter().map(|(k, v)| (k.to_string(), v)).collect();
    serde_json::to_string(&map).unwrap_or_else(|_| "{}".into())
}

/// The answers as (question label, answer text) for display, in question order.
pub fn labelled(questions: &[Question], answers: &Answers) -> Vec<(String, String)> {
    questions.iter().filter_map(|q| answers.get(&q.id).map(|a| (q.label.clone(), a.join(", ")))).collect()
}

/// Which form a question belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Registration,
    Survey,
}

impl Form {
    /// The form as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Form::Registration => "registration",
            Form::Survey => "survey",
        }
    }

    /// The form stored as `s`, if any.
    pub fn parse(s: &str) -> Option<Form> {
        [Form::Registration, Form::Survey].into_iter().find(|f| f.as_str() == s)
    }
}

/// A question as the organiser typed it, before it has an id.
#[derive(Debug, Clone)]
pub struct NewQuestion {
    pub label: String,
    pub kind: Kind,
    pub required: bool,
    pub choices: Vec<String>,
    pub show_if: Option<Condition>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ql(id: i64, label: &str, kind: Kind, choices: &[&str], show_if: Option<(i64, &str)>) -> Question {
        Question {
            id,
            label: label.into(),
            kind,
            required: false,
            choices: choices.iter().map(|c| c.to_string()).collect(),
            show_if: show_if.map(|(question, answer)| Condition { question, answer: answer.into() }),
        }
    }

    #[test]
    fn moving_swaps_neighbours_but_keeps_a_question_after_its_condition() {
        let qs = [
            ql(1, "Déjeuner ?", Kind::YesNo, &[], None),
            ql(2, "Régime", Kind::Single, &["aucun", "végétarien"], Some((1, "oui"))),
            ql(3, "Accessibilité", Kind::ShortText, &[], None),
        ];

        assert_eq!(moved(&qs, 3, true), Ok(vec![1, 3, 2]));
        assert_eq!(
            moved(&qs, 1, false).unwrap_err(),
            "« Régime » s'affiche selon la réponse à « Déjeuner ? » : elle doit rester après."
        );
        assert_eq!(moved(&qs, 1, true).unwrap_err(), "La question est déjà la première.");
        assert_eq!(moved(&qs, 3, false).unwrap_err(), "La question est déjà la dernière.");
    }

    #[test]
    fn editing_keeps_the_answers_later_questions_depend_on() {
        let qs = [
            ql(1, "Repas", Kind::Single, &["midi", "soir"], None),
            ql(2, "Régime", Kind::ShortText, &[], Some((1, "midi"))),
        ];
        let keep = ["midi".to_owned(), "soir et nuit".to_owned()];
        let drop = ["soir".to_owned(), "nuit".to_owned()];

        assert_eq!(check_edit(&qs, 1, "Repas sur place", &keep), Ok(()));
        assert_eq!(
            check_edit(&qs, 1, "Repas", &drop).unwrap_err(),
            "La question « Régime » s'affiche après la réponse « midi » : gardez cette réponse."
        );
        assert_eq!(check_edit(&qs, 2, " ", &[]).unwrap_err(), "L'intitulé de la question est obligatoire.");
    }

    fn q(id: i64, kind: Kind, required: bool, choices: &[&str], show_if: Option<(i64, &str)>) -> Question {
        Question {
            id,
            label: format!("Question {id}"),
            kind,
            required,
            choices: choices.iter().map(|s| s.to_string()).collect(),
            show_if: show_if.map(|(question, answer)| Condition { question, answer: answer.into() }),
        }
    }

    fn raw(pairs: &[(i64, &str)]) -> BTreeMap<i64, Vec<String>> {
        let mut m: BTreeMap<i64, Vec<String>> = BTreeMap::new();
        for (k, v) in pairs {
            m.entry(*k).or_default().push(v.to_string());
        }
        m
    }

    fn form() -> Vec<Question> {
        vec![
            q(1, Kind::YesNo, true, &[], None),
            q(2, Kind::ShortText, true, &[], Some((1, YES))),
            q(3, Kind::Multiple, false, &["Python", "Rust", "Java"], None),
            q(4, Kind::LongText, true, &[], Some((3, "Rust"))),
            q(5, Kind::Single, false, &["Matin", "Après-midi"], Some((2, "jamais"))),
        ]
    }

    #[test]
    fn a_conditional_question_is_required_only_when_shown() {
        let qs = form();
        assert_eq!(validate(&qs, &raw(&[(1, "non")])), Ok(BTreeMap::from([(1, vec!["non".to_string()])])));
        let err = validate(&qs, &raw(&[(1, "oui")])).unwrap_err();
        assert_eq!(err.keys().copied().collect::<Vec<_>>(), vec![2]);
        assert!(err[&2].contains("Question 2"));
    }

    #[test]
    fn an_answer_to_a_hidden_question_is_dropped_even_when_posted() {
        let qs = form();
        let a = validate(&qs, &raw(&[(1, "non"), (2, "caché"), (4, "aussi"), (99, "inconnue")])).unwrap();
        assert_eq!(a.keys().copied().collect::<Vec<_>>(), vec![1]);
    }

    #[test]
    fn a_condition_on_a_hidden_question_hides_its_followers() {
        let qs = form();
        // 5 depends on 2, hidden when 1 is "non": its answer goes even if 2's value matches.
        let a = validate(&qs, &raw(&[(1, "non"), (2, "jamais"), (5, "Matin")])).unwrap();
        assert!(!a.contains_key(&5));
        let a = validate(&qs, &raw(&[(1, "oui"), (2, "jamais"), (5, "Matin")])).unwrap();
        assert_eq!(a[&5], vec!["Matin"]);
    }

    #[test]
    fn choices_must_be_among_those_offered() {
        let qs = form();
        let err = validate(&qs, &raw(&[(1, "peut-être")])).unwrap_err();
        assert!(err[&1].contains("oui ou par non"));
        let err = validate(&qs, &raw(&[(1, "non"), (3, "Cobol")])).unwrap_err();
        assert!(err.contains_key(&3));
        let a = validate(&qs, &raw(&[(1, "non"), (3, "Rust"), (3, "Rust"), (3, "Python"), (4, "Des choses")])).unwrap();
        assert_eq!(a[&3], vec!["Rust", "Python"]);
        let err = validate(&qs, &raw(&[(1, "non"), (5, "Soir")]));
        assert!(err.is_ok(), "5 is hidden, its bad answer is ignored");
    }

    #[test]
    fn text_answers_are_bounded_and_clean() {
        let qs = vec![q(1, Kind::ShortText, false, &[], None), q(2, Kind::LongText, false, &[], None)];
        assert!(validate(&qs, &raw(&[(1, &"a".repeat(301))])).is_err());
        assert!(validate(&qs, &raw(&[(2, &"a".repeat(4000))])).is_ok());
        assert!(validate(&qs, &raw(&[(1, "nul\u{0}")])).is_err());
        assert!(validate(&qs, &raw(&[(1, "a"), (1, "b")])).is_err());
    }

    #[test]
    fn new_questions_are_checked() {
        let earlier = form();
        assert!(check_new("", Kind::ShortText, &[], None, &earlier).is_err());
        assert!(check_new("Langages ?", Kind::Multiple, &["Un".into()], None, &earlier).is_err());
        assert!(check_new("Langages ?", Kind::Multiple, &["Un".into(), "un".into()], None, &earlier).is_err());
        assert!(
            check_new(
                "Pourquoi ?",
                Kind::LongText,
                &[],
                Some(&Condition { question: 3, answer: "Rust".into() }),
                &earlier
            )
            .is_ok()
        );
        assert!(
            check_new(
                "Pourquoi ?",
                Kind::LongText,
                &[],
                Some(&Condition { question: 3, answer: "Go".into() }),
                &earlier
            )
            .is_err()
        );
        assert!(
            check_new(
                "Pourquoi ?",
                Kind::LongText,
                &[],
                Some(&Condition { question: 2, answer: "x".into() }),
                &earlier
            )
            .is_err()
        );
        assert!(
            check_new(
                "Pourquoi ?",
                Kind::LongText,
                &[],
                Some(&Condition { question: 42, answer: YES.into() }),
                &earlier
            )
            .is_err()
        );
    }

    #[test]
    fn answers_round_trip_through_json() {
        let a: Answers =
            BTreeMap::from([(3, vec!["Rust".to_string(), "Python".to_string()]), (1, vec!["oui".to_string()])]);
        assert_eq!(answers_from_json(&answers_to_json(&a)), a);
        assert!(answers_from_json("not json").is_empty());
    }
}
