//! Pure rules and types of the product, with no I/O: no database, no HTTP, no clock.
//! Each module names the PRODUCT.md ids it serves.

pub mod account;
pub mod api_token;
pub mod board;
pub mod cfp;
pub mod door_code;
pub mod email;
pub mod event;
pub mod event_message;
pub mod forge;
pub mod french;
pub mod gazette;
pub mod media;
pub mod message;
pub mod programme;
pub mod programme_grid;
pub mod question;
pub mod refusal;
pub mod registration;
pub mod webhook;
