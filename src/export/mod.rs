//! Formats at the edges: feeds and calendars (A4), spreadsheets (B6 C3), programme exports
//! (D4), and the one CSV writer and XML escaper they share. Pure: the static site (A5),
//! which renders through the router, is `web::static_site`.

pub mod atom;
pub mod csv;
pub mod door_list;
pub mod ical;
pub mod ods;
pub mod programme;
pub mod proposals;
pub mod site_links;
pub mod xml;

/// The host part of the base URL, used to make stable global identifiers.
pub fn host_of(base_url: &str) -> &str {
    let rest = base_url.split_once("://").map(|(_, r)| r).unwrap_or(base_url);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}
