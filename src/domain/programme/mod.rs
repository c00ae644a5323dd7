//! D1 D2 D3: the programme of an event: rooms, tracks, items on a 5-minute grid, the conflict
//! checks, releases and the change log between two releases. Pure: no database, no clock.
//!
//! Item, room and track ids are small integers handed out by the working draft and never
//! reused, so that an item keeps its id, its URL and its GUID from one release to the next.
//! The model and its parsing are in `model`, the working draft and the import in `draft`,
//! the checks of D2 in `checks`, releases, change logs and speaker notices in `release`,
//! the stable identifiers in `guid` and the written forms of times in `times`.

mod checks;
mod draft;
mod guid;
mod model;
mod release;
mod times;

pub use checks::{Warning, check};
pub use draft::{Draft, ImportPlan, PlannedItem, Unplaced};
pub use guid::{item_guid, name_uuid, person_guid, person_id, room_guid};
pub use model::{
    AA_CONTRAST, Colour, Item, ItemInput, ItemKind, Programme, Room, RoomInput, TextColour, Track, check_minutes,
};
pub use release::{
    Basis, Change, Notice, Placement, Release, ReleaseLog, ReleaseOutcome, WordedNotice, changes, notices,
    parse_release_name,
};
pub use times::{hhmm, hmm, iso_with_offset, paris_offset};

/// Every start and duration sits on this grid, the `timeslot_duration` of the exports.
pub const GRID_MINUTES: u32 = 5;

/// The longest item: one whole day.
pub const MAX_MINUTES: u32 = 24 * 60;

/// Why a value given for the programme was refused; the message is French, for pages and the CLI.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Invalid {
    #[error("Le titre est obligatoire.")]
    TitleMissing,
    #[error("Le nom est obligatoire.")]
    NameMissing,
    #[error("La durée doit être un multiple de 5 minutes, entre 5 minutes et 24 heures.")]
    Duration,
    #[error("L'heure de début doit tomber sur un multiple de 5 minutes.")]
    StartOffGrid,
    #[error("La couleur doit s'écrire #rrvvbb.")]
    Colour,
    #[error("Type d'élément inconnu : {0}.")]
    Kind(String),
    #[error("Salle inconnue : {0}.")]
    UnknownRoom(String),
    #[error("Thème inconnu : {0}.")]
    UnknownTrack(String),
    #[error("Élément inconnu : {0}.")]
    UnknownItem(i64),
    #[error("Une salle porte déjà le nom {0}.")]
    RoomNameTaken(String),
    #[error("Un thème porte déjà le nom {0}.")]
    TrackNameTaken(String),
    #[error("L'identifiant {0} est utilisé par deux éléments.")]
    DuplicateItemId(i64),
    #[error("L'heure de fermeture de la salle précède son heure d'ouverture.")]
    RoomHours,
    #[error("La salle « {0} » accueille encore {1} élément(s) : déplacez-les ou supprimez-les d'abord.")]
    RoomInUse(String, usize),
    #[error("Le thème « {0} » est encore donné à {1} élément(s) : changez-leur de thème d'abord.")]
    TrackInUse(String, usize),
    #[error("Salle inconnue : elle a peut-être été supprimée entre-temps.")]
    RoomGone,
    #[error("Thème inconnu : il a peut-être été supprimé entre-temps.")]
    TrackGone,
    #[error("Le nom de version est obligatoire.")]
    ReleaseNameMissing,
    #[error("Le programme a été modifié pendant sa publication : publiez-le à nouveau.")]
    ChangedMeanwhile,
}

#[cfg(test)]
mod tests;
