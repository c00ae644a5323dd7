//! G2 B3: form extraction with a French refusal, and per-field error messages.

use super::error::WebError;
use crate::i18n::t_args;
use axum::extract::{FromRequest, Request};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;

/// Like `axum::Form`, but an unreadable body (bad encoding, wrong shape) becomes a French
/// 400 page instead of axum's English text.
pub struct FrenchForm<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for FrenchForm<T> {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Form::<T>::from_request(req, state).await {
            Ok(axum::Form(v)) => Ok(FrenchForm(v)),
            Err(e) if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => Err(WebError::TooLarge),
            Err(_) => Err(WebError::BadRequest(crate::i18n::t("form-unreadable"))),
        }
    }
}

/// Error messages by field name, in the reader's language (H2), shown next to each field.
#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub struct FieldErrors(BTreeMap<String, String>);

impl FieldErrors {
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.entry(field.into()).or_insert_with(|| message.into());
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Trims a text field and checks its length in characters; `None` when empty. `label` names
/// the field in the current language, as the start of a sentence (« Le nom », "Name").
pub fn text(
    value: &str,
    field: &'static str,
    label: &str,
    max: usize,
    required: bool,
    errors: &mut FieldErrors,
) -> Option<String> {
    let v = value.trim();
    if v.is_empty() {
        if required {
            errors.add(field, t_args("form-required", &[("label", label.into())]));
        }
        return None;
    }
    if v.chars().count() > max {
        errors.add(field, t_args("form-too-long", &[("label", label.into()), ("max", max.into())]));
        return None;
    }
    // U+FFFD stands for bytes that were not valid UTF-8: the text was damaged on the way.
    if v.chars().any(|c| (c.is_control() && c != '\n' && c != '\r' && c != '\t') || c == '\u{FFFD}') {
        errors.add(field, t_args("form-invalid-characters", &[("label", label.into())]));
        return None;
    }
    Some(v.to_owned())
}

#[cfg(test)]
mod tests;
