//! B2 in a rush: what the writes of one transaction keep of each event (`group::Scope`).
//! The first registration or confirmation of a group locks the event's settings row and
//! reads it with its counters; the others of the group use that copy, move its counters, and
//! the group writes them back once, before it commits. Transitions are gathered the same way
//! and inserted a few dozen per statement.

use super::*;
use crate::store::group::Scope;
use std::collections::hash_map::Entry;

/// An event's settings row as this transaction holds it: locked (on PostgreSQL; on SQLite
/// the one writer is the lock), read once, its counters moved here.
pub(crate) struct Held {
    pub(super) settings: EventSettings,
    pub(super) taken: u32,
    pub(super) waiting: u32,
    pub(super) last_waitlist_seq: i64,
    /// The counters as read: what is written back is the difference, so that a statement of
    /// the transaction that moved them itself (`adjust_counters`) is added to, not overwritten.
    read: (u32, u32, i64),
}

impl Held {
    /// Counts an admission: a place taken, or the next number on the waitlist, which it returns.
    pub(super) fn admit(&mut self, admission: Admission) -> Option<i64> {
        match admission {
            Admission::Confirmed => {
                self.taken += 1;
                None
            }
            Admission::Waitlisted => {
                self.waiting += 1;
                self.last_waitlist_seq += 1;
                Some(self.last_waitlist_seq)
            }
            Admission::Preregistered => None,
        }
    }
}

/// What confirming an address decides now, from the counters this transaction holds.
pub(super) struct Decision {
    pub(super) admission: Admission,
    pub(super) to: State,
    /// The waitlist number the registration takes, when it is waitlisted.
    pub(super) next_seq: Option<i64>,
}

impl Held {
    /// Admits a registration in state `from`, by the event's mode and capacity counted now.
    /// Nothing moves until `admit` counts it, once the registration's row is written.
    pub(super) fn decide(&self, from: State) -> Result<Decision, StoreError> {
        let admission = rules::admit(&self.settings.rules, self.taken, self.waiting);
        let to = rules::apply(from, Action::ConfirmEmail(admission))?;
        let next_seq = (admission == Admission::Waitlisted).then_some(self.last_waitlist_seq + 1);
        Ok(Decision { admission, to, next_seq })
    }
}

/// A transition recorded by a write of the group, inserted with the others before the commit.
pub(crate) struct NewTransition {
    registration_id: i64,
    from: Option<State>,
    to: State,
    at: i64,
    actor: &'static str,
    reason: Option<&'static str>,
}

/// The event's settings row, locked and read on the first call of the transaction.
pub(super) async fn held<'s>(
    conn: &mut AnyConnection,
    scope: &'s mut Scope,
    event_id: EventId,
) -> Result<&'s mut Held, StoreError> {
    let lock = match scope.backend {
        Backend::Postgres => " FOR UPDATE",
        Backend::Sqlite => "",
    };
    match scope.events.entry(event_id) {
        Entry::Occupied(held) => Ok(held.into_mut()),
        Entry::Vacant(slot) => {
            let row = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {SETTINGS_COLUMNS}, taken, waiting, last_waitlist_seq FROM registration_settings \
                 WHERE event_id = $1{lock}"
            )))
            .bind(event_id)
            .fetch_optional(&mut *conn)
            .await?;
            let Some(row) = row else { return Err(Refusal::NoRegistration.into()) };
            let count = |column: &str| row.try_get::<i64, _>(column).map(|n| n.max(0) as u32);
            let (taken, waiting, last_waitlist_seq) =
                (count("taken")?, count("waiting")?, row.try_get::<i64, _>("last_waitlist_seq")?);
            Ok(slot.insert(Held {
                settings: settings_from_row(&row)?,
                taken,
                waiting,
                last_waitlist_seq,
                read: (taken, waiting, last_waitlist_seq),
            }))
        }
    }
}

/// Records a transition of registration `id`. It waits in the scope unless it has webhooks
/// to raise (I3): those need its id now, so it is written at once, after the ones waiting.
#[allow(clippy::too_many_arguments)]
pub(super) async fn record(
    conn: &mut AnyConnection,
    scope: &mut Scope,
    id: i64,
    from: Option<State>,
    to: State,
    now: Timestamp,
    actor: &'static str,
    reason: Option<&'static str>,
) -> Result<(), StoreError> {
    if followed(to).is_some() && hooks(conn, scope).await? {
        insert_transitions(conn, &std::mem::take(&mut scope.transitions)).await?;
        transition(conn, id, from, to, now, actor, reason).await?;
        return Ok(());
    }
    scope.transitions.push(NewTransition { registration_id: id, from, to, at: now.as_second(), actor, reason });
    Ok(())
}

/// Whether any webhook subscription is active, read once per transaction.
async fn hooks(conn: &mut AnyConnection, scope: &mut Scope) -> Result<bool, StoreError> {
    if let Some(known) = scope.hooks {
        return Ok(known);
    }
    let any: Option<i64> = sqlx::query_scalar("SELECT id FROM webhook_subscriptions WHERE paused = 0 LIMIT 1")
        .fetch_optional(&mut *conn)
        .await?;
    scope.hooks = Some(any.is_some());
    Ok(any.is_some())
}

/// Writes back the counters the writes moved and the transitions they recorded.
pub(crate) async fn flush_held(conn: &mut AnyConnection, scope: &mut Scope) -> Result<(), StoreError> {
    for (event_id, held) in scope.events.iter_mut() {
        let (taken, waiting, seq) = held.read;
        let moved = (
            i64::from(held.taken) - i64::from(taken),
            i64::from(held.waiting) - i64::from(waiting),
            held.last_waitlist_seq - seq,
        );
        if moved == (0, 0, 0) {
            continue;
        }
        sqlx::query(
            "UPDATE registration_settings SET taken = taken + $1, waiting = waiting + $2, \
             last_waitlist_seq = last_waitlist_seq + $3 WHERE event_id = $4",
        )
        .bind(moved.0)
        .bind(moved.1)
        .bind(moved.2)
        .bind(*event_id)
        .execute(&mut *conn)
        .await?;
        held.read = (held.taken, held.waiting, held.last_waitlist_seq);
    }
    insert_transitions(conn, &std::mem::take(&mut scope.transitions)).await
}

/// Transitions in one statement per 80 (6 values each, far below both databases' bind limits).
async fn insert_transitions(conn: &mut AnyConnection, transitions: &[NewTransition]) -> Result<(), StoreError> {
    for chunk in transitions.chunks(80) {
        let mut sql = String::from(
            "INSERT INTO registration_transitions (registration_id, from_state, to_state, at, actor, reason) VALUES ",
        );
        for i in 0..chunk.len() {
            let b = i * 6;
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("(${}, ${}, ${}, ${}, ${}, ${})", b + 1, b + 2, b + 3, b + 4, b + 5, b + 6));
        }
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for t in chunk {
            query = query
                .bind(t.registration_id)
                .bind(t.from.map(|s| s.as_str()))
                .bind(t.to.as_str())
                .bind(t.at)
                .bind(t.actor)
                .bind(t.reason);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn held(mode: Mode, places: u32, taken: u32, waiting: u32, last_waitlist_seq: i64) -> Held {
        Held {
            settings: EventSettings::for_tests(mode, places),
            taken,
            waiting,
            last_waitlist_seq,
            read: (taken, waiting, last_waitlist_seq),
        }
    }

    /// Decides then counts, as a group's confirmations do one after the other.
    fn confirm(held: &mut Held) -> (State, Option<i64>) {
        let decision = held.decide(State::PendingEmail).unwrap();
        let seq = held.admit(decision.admission);
        assert_eq!(seq, decision.next_seq, "the number decided is the number counted");
        (decision.to, seq)
    }

    #[test]
    fn a_group_fills_the_last_places_then_numbers_the_waitlist_after_the_stored_one() {
        // Two places left; the waitlist already handed out number 7 (someone left since).
        let mut held = held(Mode::FirstCome, 10, 8, 0, 7);

        let got: Vec<_> = (0..4).map(|_| confirm(&mut held)).collect();

        assert_eq!(
            got,
            [
                (State::Confirmed, None),
                (State::Confirmed, None),
                (State::Waitlisted, Some(8)),
                (State::Waitlisted, Some(9)),
            ]
        );
        assert_eq!((held.taken, held.waiting, held.last_waitlist_seq), (10, 2, 9));
        assert_eq!(held.read, (8, 0, 7), "what is written back is the difference from what was read");
    }

    #[test]
    fn nobody_overtakes_the_waitlist_when_a_place_frees_up() {
        // A place is free but three people wait: the newcomer joins the line.
        let mut held = held(Mode::FirstCome, 10, 9, 3, 3);

        assert_eq!(confirm(&mut held), (State::Waitlisted, Some(4)));
        assert_eq!(held.taken, 9);
    }

    #[test]
    fn a_selection_moves_no_counter() {
        let mut held = held(Mode::Selection, 10, 0, 0, 0);

        assert_eq!(confirm(&mut held), (State::Preregistered, None));
        assert_eq!((held.taken, held.waiting, held.last_waitlist_seq), (0, 0, 0));
    }

    #[test]
    fn a_registration_already_decided_is_refused() {
        let held = held(Mode::FirstCome, 10, 0, 0, 0);

        assert!(held.decide(State::Confirmed).is_err());
    }
}
