//! rencontres: community events from the first announcement to the closing retrospective.
//! See PRODUCT.md for the feature ids (A1..G4) named at the top of every module.

pub mod config;
pub mod demo;
pub mod domain;
pub mod export;
pub mod i18n;
pub mod import;
pub mod jobs;
pub mod mail;
pub mod markdown;
pub mod oidc;
#[cfg(test)]
mod properties;
pub mod store;
pub mod web;
pub mod webhook;
