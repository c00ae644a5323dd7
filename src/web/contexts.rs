//! B3 B4: what the registration form and the confirmation of an address read about an event
//! (the event, its settings, questions and mail wording) and the registration mails written
//! from it, kept in memory for as long as the content version stays the same. During a rush each request then reads one number instead
//! of six rows. Every change of these raises the version in its own transaction, so a change
//! made by another process (the command line, another instance) is seen by the next request.

use crate::domain::event::{Event, EventId};
use crate::domain::registration::letter::Letters;
use crate::mail::compose::Composer;
use crate::store::registration::FormContext;
use crate::store::{self, Db, StoreError};
use crate::web::App;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Beyond this many events the cache starts over (a crawler walking every old event).
const MAX_ENTRIES: usize = 1024;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Slug(String),
    Id(EventId),
}

/// What the registration pages of one event read, with its registration mails written.
pub struct Prepared {
    pub context: FormContext,
    pub letters: Letters,
}

impl Prepared {
    async fn load(db: &Db, composer: &Composer, base_url: &str, event: Event) -> Result<Prepared, StoreError> {
        let context = FormContext::load(db, event).await?;
        let decisions_at = context.settings.as_ref().and_then(|s| s.decisions_at);
        let letters = crate::mail::registration::letters(
            composer,
            base_url,
            &context.event,
            decisions_at,
            context.meeting_url.as_deref(),
            &context.wording,
        );
        Ok(Prepared { context, letters })
    }
}

/// The `Prepared` of each event recently asked for, by content version.
#[derive(Default)]
pub struct FormContexts {
    entries: Mutex<HashMap<Key, (i64, Arc<Prepared>)>>,
}

impl FormContexts {
    /// The context of the published event with this slug; `NotFound` for any other.
    pub async fn by_slug(&self, app: &App, slug: &str) -> Result<Arc<Prepared>, StoreError> {
        let key = Key::Slug(slug.to_owned());
        let version = app.db.content_version().await?;
        if let Some(found) = self.get(&key, version) {
            return Ok(found);
        }
        let event = store::event::get_published(&app.db, slug).await?;
        Ok(self.put(key, version, Prepared::load(&app.db, &app.composer, app.config.base_url(), event).await?))
    }

    /// The context of the event with this id, whatever its status (a private link stays
    /// valid when the event is unpublished), or `None`.
    pub async fn by_id(&self, app: &App, id: EventId) -> Result<Option<Arc<Prepared>>, StoreError> {
        let key = Key::Id(id);
        let version = app.db.content_version().await?;
        if let Some(found) = self.get(&key, version) {
            return Ok(Some(found));
        }
        let Some(event) = store::event::find_by_id(&app.db, id).await? else { return Ok(None) };
        Ok(Some(self.put(key, version, Prepared::load(&app.db, &app.composer, app.config.base_url(), event).await?)))
    }

    fn get(&self, key: &Key, version: i64) -> Option<Arc<Prepared>> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.get(key).filter(|(v, _)| *v == version).map(|(_, c)| c.clone())
    }

    /// Keeps what was read after `version` was: if a change came in between, the entry is
    /// newer than its version says, and the next request, seeing the new version, reads again.
    fn put(&self, key: Key, version: i64, context: Prepared) -> Arc<Prepared> {
        let context = Arc::new(context);
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.insert(key, (version, context.clone()));
        context
    }
}

/// The registration mails of `event`, read and written now (for the pages that are not in a
/// rush: organisers' actions, a private link's answers).
pub async fn letters(app: &App, event: &Event) -> Result<Letters, StoreError> {
    crate::mail::registration::letters_for(&app.db, &app.composer, app.config.base_url(), event).await
}
