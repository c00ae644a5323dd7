//! E5 O1: live updates of the projector board. One broadcast channel per event in memory: a
//! change renders the board fragment once and every open event stream gets the same text.
//! Behind several instances on PostgreSQL, the instance that made the change also sends a
//! notice (`store::notify`); the others hear it (`jobs::follow_board_notices`) and render
//! the board for their own viewers.

use crate::domain::event::EventId;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast;

/// How many updates a slow viewer may fall behind before it skips to the newest.
const BACKLOG: usize = 16;

pub struct Hub {
    channels: Mutex<HashMap<EventId, broadcast::Sender<Arc<str>>>>,
    /// Turns true when the server stops (O2): every event stream then ends with a retry hint.
    closing: tokio::sync::watch::Sender<bool>,
    /// This instance's number in change notices, random at start.
    id: u64,
}

impl Default for Hub {
    fn default() -> Hub {
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes).expect("the system's random source answers");
        // Kept below 2^53 so that it reads the same anywhere it is logged.
        Hub {
            channels: Mutex::default(),
            closing: tokio::sync::watch::Sender::new(false),
            id: u64::from_le_bytes(bytes) >> 11,
        }
    }
}

impl Hub {
    /// This instance's number in change notices.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// Ends every event stream of this instance (O2: graceful shutdown): each sends a retry
    /// hint and closes, so that viewers reconnect, through the load balancer, to an instance
    /// that stays.
    pub fn close_all(&self) {
        self.closing.send_replace(true);
    }

    /// Completes once `close_all` was called.
    pub fn closing(&self) -> tokio::sync::watch::Receiver<bool> {
        self.closing.subscribe()
    }

    /// The events someone watches on this instance.
    pub fn watched(&self) -> Vec<EventId> {
        let channels = self.channels.lock().expect("hub lock");
        channels.iter().filter(|(_, s)| s.receiver_count() > 0).map(|(id, _)| *id).collect()
    }

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
