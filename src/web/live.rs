//! E5: live updates of the projector board. One broadcast channel per event in memory: a
//! change renders the board fragment once and every open event stream gets the same text.
//! Instances do not share channels; behind several instances, sticky sessions per event or a
//! single instance for the board are needed (the page still renders fully on reload).

use crate::domain::event::EventId;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast;

/// How many updates a slow viewer may fall behind before it skips to the newest.
const BACKLOG: usize = 16;

#[derive(Default)]
pub struct Hub {
    channels: Mutex<HashMap<EventId, broadcast::Sender<Arc<str>>>>,
}

impl Hub {
    /// A receiver of the board fragments of `event_id`.
    pub fn subscribe(&self, event_id: EventId) -> broadcast::Receiver<Arc<str>> {
        let mut channels = self.channels.lock().expect("hub lock");
        channels.entry(event_id).or_insert_with(|| broadcast::channel(BACKLOG).0).subscribe()
    }

    /// True when someone watches `event_id`: without viewers, nothing is rendered.
    pub fn has_viewers(&self, event_id: EventId) -> bool {
        let channels = self.channels.lock().expect("hub lock");
        channels.get(&event_id).is_some_and(|s| s.receiver_count() > 0)
    }

    /// How many event streams are open, over every event (`/metrics`).
    pub fn viewers(&self) -> usize {
        let channels = self.channels.lock().expect("hub lock");
        channels.values().map(|s| s.receiver_count()).sum()
    }

    /// Sends a fragment to every viewer of `event_id`; forgets channels nobody listens to.
    pub fn publish(&self, event_id: EventId, html: Arc<str>) {
        let mut channels = self.channels.lock().expect("hub lock");
        if let Some(sender) = channels.get(&event_id)
            && sender.send(html).is_err()
        {
            channels.remove(&event_id);
        }
    }
}
