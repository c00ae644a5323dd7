//! H2: the message catalogues, in Fluent (Project Fluent's `.ftl` files, which handle French
//! and English plurals), one folder per language under `locales/`, compiled into the binary.
//!
//! A message missing from a catalogue falls back to French, then to its id, and is logged:
//! a page never fails for want of a sentence. `tests` checks that both catalogues parse and
//! hold the same messages with the same attributes and variables.

use super::Lang;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::OnceLock;

/// A named argument of a message.
#[derive(Debug, Clone)]
pub enum Arg {
    Text(String),
    Number(f64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_owned())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Arg {
        Arg::Number(n as f64)
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Arg {
        Arg::Number(n as f64)
    }
}

impl From<u32> for Arg {
    fn from(n: u32) -> Arg {
        Arg::Number(f64::from(n))
    }
}

impl From<i32> for Arg {
    fn from(n: i32) -> Arg {
        Arg::Number(f64::from(n))
    }
}

/// The `.ftl` files of each language, as `build.rs` embedded them (`fr/public.ftl`, …).
fn sources(lang: Lang) -> impl Iterator<Item = (&'static str, &'static str)> {
    let prefix = format!("{}/", lang.code());
    crate::web::embedded::LOCALES.iter().filter(move |(name, _)| name.starts_with(&prefix)).map(|(n, s)| (*n, *s))
}

type Bundle = FluentBundle<FluentResource>;

struct Catalogues {
    fr: Bundle,
    en: Bundle,
}

/// Parses a language's files into one bundle, or says which file and line is wrong.
fn bundle(lang: Lang) -> Result<Bundle, String> {
    let id: unic_langid::LanguageIdentifier = lang.code().parse().map_err(|e| format!("{e:?}"))?;
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks around arguments: our pages are left to right, and the marks
    // would end up in mail subjects and `title` attributes.
    bundle.set_use_isolating(false);
    for (name, source) in sources(lang) {
        let resource = FluentResource::try_new(source.to_owned()).map_err(|(_, errors)| {
            let first = errors.first().map(|e| {
                let line = source[..e.pos.start.min(source.len())].lines().count();
                format!("line {line}: {:?}", e.kind)
            });
            format!("{name}: {}", first.unwrap_or_default())
        })?;
        bundle.add_resource(resource).map_err(|errors| format!("{name}: {errors:?}"))?;
    }
    Ok(bundle)
}

fn catalogues() -> &'static Catalogues {
    static CATALOGUES: OnceLock<Catalogues> = OnceLock::new();
    CATALOGUES.get_or_init(|| {
        // The catalogues are compiled in and checked by the tests: a broken one is a bug of ours.
        let build = |lang| bundle(lang).unwrap_or_else(|e| panic!("the {lang} catalogue does not parse: {e}"));
        Catalogues { fr: build(Lang::Fr), en: build(Lang::En) }
    })
}

fn of(lang: Lang) -> &'static Bundle {
    match lang {
        Lang::Fr => &catalogues().fr,
        Lang::En => &catalogues().en,
    }
}

/// Formats `id` (or `id.attribute`) in `bundle`, or `None` when it has no such message.
fn format(bundle: &Bundle, id: &str, args: &[(&str, Arg)]) -> Option<String> {
    let (message_id, attribute) = match id.split_once('.') {
        Some((m, a)) => (m, Some(a)),
        None => (id, None),
    };
    let message = bundle.get_message(message_id)?;
    let pattern = match attribute {
        Some(a) => message.get_attribute(a)?.value(),
        None => message.value()?,
    };
    let mut fluent_args = FluentArgs::with_capacity(args.len());
    for (name, value) in args {
        let value = match value {
            Arg::Text(s) => FluentValue::from(s.as_str()),
            Arg::Number(n) => FluentValue::from(*n),
        };
        fluent_args.set(*name, value);
    }
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    if !errors.is_empty() {
        tracing::warn!(id, ?errors, "a message was formatted with errors");
    }
    Some(text.into_owned())
}

/// The message `id` in `lang`: French when the language lacks it, the id itself when both do.
pub fn text(lang: Lang, id: &str, args: &[(&str, Arg)]) -> String {
    if let Some(text) = format(of(lang), id, args) {
        return text;
    }
    tracing::warn!(id, %lang, "a message is missing from the catalogue");
    if lang != Lang::Fr
        && let Some(text) = format(of(Lang::Fr), id, args)
    {
        return text;
    }
    id.to_owned()
}

/// True when `lang`'s catalogue holds `id` (or `id.attribute`).
pub fn has(lang: Lang, id: &str) -> bool {
    let (message_id, attribute) = match id.split_once('.') {
        Some((m, a)) => (m, Some(a)),
        None => (id, None),
    };
    match (of(lang).get_message(message_id), attribute) {
        (Some(m), Some(a)) => m.get_attribute(a).is_some(),
        (Some(m), None) => m.value().is_some(),
        (None, _) => false,
    }
}

/// Every message of a language with its attributes and variables, for the tests that compare
/// the catalogues: `(id, sorted attribute names, sorted variable names)`.
#[cfg(test)]
fn inventory(lang: Lang) -> std::collections::BTreeMap<String, (Vec<String>, Vec<String>)> {
    use fluent_syntax::ast;
    fn variables(pattern: &ast::Pattern<&str>, out: &mut Vec<String>) {
        for element in &pattern.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                expression_variables(expression, out);
            }
        }
    }
    fn expression_variables(expression: &ast::Expression<&str>, out: &mut Vec<String>) {
        match expression {
            ast::Expression::Inline(inline) => inline_variables(inline, out),
            ast::Expression::Select { selector, variants } => {
                inline_variables(selector, out);
                for variant in variants {
                    variables(&variant.value, out);
                }
            }
        }
    }
    fn inline_variables(inline: &ast::InlineExpression<&str>, out: &mut Vec<String>) {
        match inline {
            ast::InlineExpression::VariableReference { id } => out.push(id.name.to_owned()),
            ast::InlineExpression::Placeable { expression } => expression_variables(expression, out),
            ast::InlineExpression::FunctionReference { arguments, .. } => {
                for a in &arguments.positional {
                    inline_variables(a, out);
                }
            }
            _ => {}
        }
    }
    let mut out = std::collections::BTreeMap::new();
    for (name, source) in sources(lang) {
        let resource = fluent_syntax::parser::parse(source).unwrap_or_else(|(_, e)| panic!("{name}: {e:?}"));
        for entry in resource.body {
            if let ast::Entry::Message(message) = entry {
                let mut vars = Vec::new();
                if let Some(value) = &message.value {
                    variables(value, &mut vars);
                }
                let mut attributes = Vec::new();
                for attribute in &message.attributes {
                    attributes.push(attribute.id.name.to_owned());
                    variables(&attribute.value, &mut vars);
                }
                attributes.sort();
                vars.sort();
                vars.dedup();
                let previous = out.insert(message.id.name.to_owned(), (attributes, vars));
                assert!(previous.is_none(), "{name}: the message {} is defined twice", message.id.name);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_catalogues_parse() {
        for lang in Lang::ALL {
            bundle(lang).unwrap_or_else(|e| panic!("{lang}: {e}"));
            assert!(sources(lang).count() > 0, "{lang} has no catalogue file");
        }
    }

    #[test]
    fn both_catalogues_hold_the_same_messages_attributes_and_variables() {
        let fr = inventory(Lang::Fr);
        let en = inventory(Lang::En);
        let only_fr: Vec<&String> = fr.keys().filter(|k| !en.contains_key(*k)).collect();
        let only_en: Vec<&String> = en.keys().filter(|k| !fr.contains_key(*k)).collect();
        assert!(only_fr.is_empty(), "messages missing from the English catalogue: {only_fr:?}");
        assert!(only_en.is_empty(), "messages missing from the French catalogue: {only_en:?}");
        for (id, (fr_attributes, fr_variables)) in &fr {
            let (en_attributes, en_variables) = &en[id];
            assert_eq!(fr_attributes, en_attributes, "{id}: the attributes differ");
            assert_eq!(fr_variables, en_variables, "{id}: the variables differ");
        }
    }

    #[test]
    fn plurals_follow_each_language() {
        // French puts 0 and 1 in "one", English only 1: the catalogues' plural messages rely on it.
        let n = |lang, count: i64| text(lang, "places-left", &[("count", Arg::from(count))]);
        assert_eq!(n(Lang::Fr, 0), "0 place restante");
        assert_eq!(n(Lang::En, 0), "0 places left");
        assert_eq!(n(Lang::Fr, 1), "1 place restante");
        assert_eq!(n(Lang::En, 1), "1 place left");
        assert_eq!(n(Lang::Fr, 12), "12 places restantes");
    }

    #[test]
    fn a_missing_message_falls_back_to_french_then_to_its_id() {
        assert_eq!(text(Lang::En, "no-such-message", &[]), "no-such-message");
        assert!(has(Lang::Fr, "site-skip-links"));
        assert!(!has(Lang::En, "no-such-message"));
        assert!(has(Lang::Fr, "lang-switch.title"));
    }
}
