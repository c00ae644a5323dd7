//! B3 B4: what the registration form and the confirmation of an address read about an event
//! (the event, its settings, questions and mail wording), kept in memory for as long as the
//! content version stays the same. During a rush each request then reads one number instead
//! of six rows. Every change of these raises the version in its own transaction, so a change
//! made by another process (the command line, another instance) is seen by the next request.

use crate::domain::event::EventId;
use crate::store::registration::FormContext;
use crate::store::{self, Db, StoreError};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Beyond this many events the cache starts over (a crawler walking every old event).
const MAX_ENTRIES: usize = 1024;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Slug(String),
    Id(EventId),
}

#[derive(Default)]
pub struct FormContexts {
    entries: Mutex<HashMap<Key, (i64, Arc<FormContext>)>>,
}

impl FormContexts {
    /// The context of the published event with this slug; `NotFound` for any other.
    pub async fn by_slug(&self, db: &Db, slug: &str) -> Result<Arc<FormContext>, StoreError> {
        let key = Key::Slug(slug.to_owned());
        let version = db.content_version().await?;
        if let Some(found) = self.get(&key, version) {
            return Ok(found);
        }
        let event = store::event::get_published(db, slug).await?;
        Ok(self.put(key, version, FormContext::load(db, event).await?))
    }

    /// The context of the event with this id, whatever its status (a private link stays
    /// valid when the event is unpublished), or `None`.
    pub async fn by_id(&self, db: &Db, id: EventId) -> Result<Option<Arc<FormContext>>, StoreError> {
        let key = Key::Id(id);
        let version = db.content_version().await?;
        if let Some(found) = self.get(&key, version) {
            return Ok(Some(found));
        }
        let Some(event) = store::event::find_by_id(db, id).await? else { return Ok(None) };
        Ok(Some(self.put(key, version, FormContext::load(db, event).await?)))
    }

    fn get(&self, key: &Key, version: i64) -> Option<Arc<FormContext>> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.get(key).filter(|(v, _)| *v == version).map(|(_, c)| c.clone())
    }

    /// Keeps what was read after `version` was: if a change came in between, the entry is
    /// newer than its version says, and the next request, seeing the new version, reads again.
    fn put(&self, key: Key, version: i64, context: FormContext) -> Arc<FormContext> {
        let context = Arc::new(context);
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.insert(key, (version, context.clone()));
        context
    }
}
