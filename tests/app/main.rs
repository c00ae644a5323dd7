//! Integration tests: the real router on a real socket, a real database, real consumers.

mod helpers;

mod access;
mod api;
mod audit;
mod board;
mod browser;
mod cfp;
mod cli;
mod english;
mod feeds;
mod flow;
mod gazette;
mod import;
mod language;
mod language_mail;
mod legal;
mod limits;
mod mail;
mod messages;
mod oidc;
mod ops;
mod organiser;
mod organiser_registration;
mod programme;
mod programme_edit;
mod public;
mod registration;
mod registration_forms;
mod rush;
mod scale_out;
mod selection;
mod static_export;
mod webhooks;
