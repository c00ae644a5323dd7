//! F1: gazette subscribers: subscribing with double opt-in, confirming, preferences, leaving
//! (only a keyed hash stays, on the suppression list), bounces, import and export. Issues
//! and their sending are in `gazette_issue`.

use super::message::{NewMessage, enqueue};
use super::{Db, StoreError, token};
use crate::domain::email::Email;
use crate::domain::gazette::SubscriberStatus;
use crate::domain::message::{Draft, Hole};
use crate::domain::refusal::Refusal;
use jiff::Timestamp;
use serde::Serialize;
use sqlx::{AnyConnection, Row};

/// A subscriber as organisers and the preferences page see them.
#[derive(Debug, Clone, Serialize)]
pub struct Subscriber {
    pub id: i64,
    pub email: String,
    pub status: SubscriberStatus,
    pub gazette: bool,
    pub announcements: bool,
    pub source: String,
    pub consent_at: Option<i64>,
    pub created_at: i64,
    pub confirmed_at: Option<i64>,
    pub hard_bounces: i64,
    /// H2: the language its mails are written in, the one it last subscribed in.
    pub lang: crate::i18n::Lang,
}

const COLUMNS: &str =
    "id, email, status, gazette, announcements, source, consent_at, created_at, confirmed_at, hard_bounces, lang";

fn from_row(row: &sqlx::any::AnyRow) -> Result<Subscriber, StoreError> {
    let status: String = row.try_get("status")?;
    Ok(Subscriber {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        status: SubscriberStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("subscriber status {status:?}")))?,
        gazette: row.try_get::<i64, _>("gazette")? != 0,
        announcements: row.try_get::<i64, _>("announcements")? != 0,
        source: row.try_get("source")?,
        consent_at: row.try_get("consent_at")?,
        created_at: row.try_get("created_at")?,
        confirmed_at: row.try_get("confirmed_at")?,
        hard_bounces: row.try_get("hard_bounces")?,
        lang: crate::i18n::Lang::from_stored(&row.try_get::<String, _>("lang")?),
    })
}

/// The mails a subscription may send, composed beforehand with the link's token as a hole.
pub struct SubscriptionMails {
    /// The confirmation link of a new (or not yet confirmed) address.
    pub confirm: Draft,
    /// To an address already confirmed: its preferences link, nothing else changes.
    pub already: Draft,
    /// Once an address is confirmed, when the deployment sends one: what to expect, and the
    /// preferences link; in each language (H2), for the subscriber's own. Empty when none.
    pub welcome: Vec<(crate::i18n::Lang, Draft)>,
    /// H2: the language `confirm` and `already` are written in (the form's), kept with the
    /// subscriber for the mails that follow.
    pub lang: crate::i18n::Lang,
}

/// The kinds of the subscription mails in the queue.
pub const CONFIRM_KIND: &str = "gazette_confirm";
pub const ALREADY_KIND: &str = "gazette_already";
pub const WELCOME_KIND: &str = "gazette_welcome";

async fn by_email(conn: &mut AnyConnection, email: &str) -> Result<Option<(Subscriber, i64)>, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS}, link_generation FROM gazette_subscribers WHERE email = $1"
    )))
    .bind(email)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| Ok((from_row(&r)?, r.try_get("link_generation")?))).transpose()
}

/// Inserts a subscriber and gives it its derived link; returns its id and token.
#[allow(clippy::too_many_arguments)]
async fn insert(
    conn: &mut AnyConnection,
    db: &Db,
    email: &str,
    status: SubscriberStatus,
    source: &str,
    consent_at: Option<i64>,
    lang: crate::i18n::Lang,
    now: Timestamp,
) -> Result<(i64, String), StoreError> {
    // A random hash holds the unique column until the derived one, which needs the id.
    let (_, placeholder) = token::generate();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO gazette_subscribers (email, status, token_hash, source, consent_at, created_at, confirmed_at, lang) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(email)
    .bind(status.as_str())
    .bind(&placeholder)
    .bind(source)
    .bind(consent_at)
    .bind(now.as_second())
    .bind((status == SubscriberStatus::Confirmed).then_some(now.as_second()))
    .bind(lang.code())
    .fetch_one(&mut *conn)
    .await?;
    let link = db.links().subscriber(id, 0);
    sqlx::query("UPDATE gazette_subscribers SET token_hash = $1 WHERE id = $2")
        .bind(token::hash(&link))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok((id, link))
}

/// Queues one of the subscription mails to `to`. At most one per address and kind per hour:
/// the form can be sent again and again, the address gets no flood.
async fn queue_mail(
    conn: &mut AnyConnection,
    kind: &str,
    id: i64,
    to: &str,
    draft: &Draft,
    link: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let key = format!("{kind}:{id}:{}:{}", &token::hash(link)[..12], now.as_second() / 3600);
    let message = NewMessage::composed(key, None, kind, to, draft.fill(&[(Hole::Token, link)]));
    enqueue(conn, &message, now).await?;
    Ok(())
}

/// Subscribes `email` (double opt-in): a new address is stored as pending and gets the
/// confirmation link; a pending or suspended one gets it again; a confirmed one stays
/// confirmed and gets its preferences link. The caller answers the same in every case.
pub async fn subscribe(
    db: &Db,
    mails: &SubscriptionMails,
    email: &Email,
    source: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    match by_email(&mut tx, email.as_str()).await? {
        None => {
            let (id, link) = insert(
                &mut tx,
                db,
                email.as_str(),
                SubscriberStatus::Pending,
                source,
                Some(now.as_second()),
                mails.lang,
                now,
            )
            .await?;
            queue_mail(&mut tx, CONFIRM_KIND, id, email.as_str(), &mails.confirm, &link, now).await?;
        }
        Some((s, generation)) => {
            let link = db.links().subscriber(s.id, generation);
            // H2: subscribing again in another language changes the language of its mails.
            sqlx::query("UPDATE gazette_subscribers SET lang = $1 WHERE id = $2")
                .bind(mails.lang.code())
                .bind(s.id)
                .execute(&mut *tx)
                .await?;
            let next = s.status.after_subscribing_again();
            if next == SubscriberStatus::Confirmed {
                queue_mail(&mut tx, ALREADY_KIND, s.id, &s.email, &mails.already, &link, now).await?;
            } else {
                sqlx::query("UPDATE gazette_subscribers SET status = $1, consent_at = $2 WHERE id = $3")
                    .bind(next.as_str())
                    .bind(now.as_second())
                    .bind(s.id)
                    .execute(&mut *tx)
                    .await?;
                queue_mail(&mut tx, CONFIRM_KIND, s.id, &s.email, &mails.confirm, &link, now).await?;
            }
        }
    }
    tx.commit().await?;
    Ok(())
}

/// The subscriber whose private link is `link`, with its current link generation.
async fn by_link(conn: &mut AnyConnection, link: &str) -> Result<(Subscriber, i64), StoreError> {
    if !token::looks_valid(link) {
        return Err(StoreError::NotFound);
    }
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS}, link_generation FROM gazette_subscribers WHERE token_hash = $1"
    )))
    .bind(token::hash(link))
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(StoreError::NotFound)?;
    Ok((from_row(&row)?, row.try_get("link_generation")?))
}

/// The subscriber of a private link, for the preferences page.
pub async fn find(db: &Db, link: &str) -> Result<Subscriber, StoreError> {
    let mut conn = db.pool().acquire().await?;
    Ok(by_link(&mut conn, link).await?.0)
}

/// Confirms the address of the private link (the one click of the confirmation mail). A
/// confirmed address stays as it is; a confirmed address leaves the suppression list, since
/// its owner asked for the gazette again.
pub async fn confirm(db: &Db, mails: &SubscriptionMails, link: &str, now: Timestamp) -> Result<Subscriber, StoreError> {
    let mut tx = db.begin_write().await?;
    let (mut s, _) = by_link(&mut tx, link).await?;
    if s.status != SubscriberStatus::Confirmed {
        // Once per subscriber, whatever the clicks: the key names the subscriber alone.
        if let Some((_, welcome)) = mails.welcome.iter().find(|(lang, _)| *lang == s.lang) {
            let key = format!("{WELCOME_KIND}:{}", s.id);
            let message = NewMessage::composed(key, None, WELCOME_KIND, &s.email, welcome.fill(&[(Hole::Token, link)]));
            enqueue(&mut tx, &message, now).await?;
        }
        sqlx::query(
            "UPDATE gazette_subscribers SET status = 'confirmed', confirmed_at = $1, hard_bounces = 0 WHERE id = $2",
        )
        .bind(now.as_second())
        .bind(s.id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM gazette_suppressions WHERE email_hash = $1")
            .bind(db.links().suppression(&s.email))
            .execute(&mut *tx)
            .await?;
        s.status = SubscriberStatus::Confirmed;
        s.confirmed_at = Some(now.as_second());
    }
    tx.commit().await?;
    Ok(s)
}

/// What the preferences form changes.
#[derive(Debug, Clone)]
pub struct Preferences {
    pub gazette: bool,
    pub announcements: bool,
    /// A new address: it must be confirmed, and the private link changes.
    pub email: Option<Email>,
}

/// What saving preferences did: the private link to go on with, and whether the new address
/// waits for its confirmation.
pub struct Saved {
    pub link: String,
    pub address_changed: bool,
}

/// Saves the preferences of the private link's subscriber. A new address is pending until
/// confirmed from its own mailbox, and the link changes (the old one named the old address).
pub async fn save_preferences(
    db: &Db,
    mails: &SubscriptionMails,
    link: &str,
    prefs: &Preferences,
    now: Timestamp,
) -> Result<Saved, StoreError> {
    let mut tx = db.begin_write().await?;
    let (s, generation) = by_link(&mut tx, link).await?;
    sqlx::query("UPDATE gazette_subscribers SET gazette = $1, announcements = $2 WHERE id = $3")
        .bind(i64::from(prefs.gazette))
        .bind(i64::from(prefs.announcements))
        .bind(s.id)
        .execute(&mut *tx)
        .await?;
    let mut saved = Saved { link: link.to_owned(), address_changed: false };
    if let Some(new) = prefs.email.as_ref().filter(|e| e.as_str() != s.email) {
        if by_email(&mut tx, new.as_str()).await?.is_some() {
            return Err(Refusal::Form("Cette adresse reçoit déjà la gazette.".into()).into());
        }
        let generation = generation + 1;
        let new_link = db.links().subscriber(s.id, generation);
        sqlx::query(
            "UPDATE gazette_subscribers SET email = $1, status = 'pending', link_generation = $2, token_hash = $3, \
             consent_at = $4, hard_bounces = 0 WHERE id = $5",
        )
        .bind(new.as_str())
        .bind(generation)
        .bind(token::hash(&new_link))
        .bind(now.as_second())
        .bind(s.id)
        .execute(&mut *tx)
        .await?;
        forget_messages(&mut tx, s.id, now).await?;
        queue_mail(&mut tx, CONFIRM_KIND, s.id, new.as_str(), &mails.confirm, &new_link, now).await?;
        saved = Saved { link: new_link, address_changed: true };
    }
    tx.commit().await?;
    Ok(saved)
}

/// The queued messages of a subscriber will not be sent, and no message keeps its address.
async fn forget_messages(conn: &mut AnyConnection, subscriber_id: i64, now: Timestamp) -> Result<(), StoreError> {
    let why = "the subscriber left or changed address";
    sqlx::query(
        "INSERT INTO message_transitions (message_id, from_status, to_status, at, actor, reason) \
         SELECT id, status, 'failed', $1, 'subscriber', $2 FROM messages \
         WHERE subscriber_id = $3 AND status IN ('queued', 'retrying', 'held')",
    )
    .bind(now.as_second())
    .bind(why)
    .bind(subscriber_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE messages SET status = 'failed', last_error = $1 \
         WHERE subscriber_id = $2 AND status IN ('queued', 'retrying', 'held')",
    )
    .bind(why)
    .bind(subscriber_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE messages SET to_addr = '', body_text = '', body_html = NULL, list_unsubscribe = NULL \
         WHERE subscriber_id = $1 AND status <> 'sending'",
    )
    .bind(subscriber_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The private link's subscriber leaves: the address is deleted, a keyed hash of it goes on
/// the suppression list, and its messages still queued will not be sent. Returns `false`
/// when the link names nobody (already gone): leaving twice is not an error.
pub async fn leave(db: &Db, link: &str, now: Timestamp) -> Result<bool, StoreError> {
    let mut tx = db.begin_write().await?;
    let s = match by_link(&mut tx, link).await {
        Ok((s, _)) => s,
        Err(StoreError::NotFound) => return Ok(false),
        Err(e) => return Err(e),
    };
    suppress(&mut tx, db, &s, now).await?;
    tx.commit().await?;
    Ok(true)
}

async fn suppress(conn: &mut AnyConnection, db: &Db, s: &Subscriber, now: Timestamp) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO gazette_suppressions (email_hash, at) VALUES ($1, $2) ON CONFLICT (email_hash) DO NOTHING",
    )
    .bind(db.links().suppression(&s.email))
    .bind(now.as_second())
    .execute(&mut *conn)
    .await?;
    forget_messages(conn, s.id, now).await?;
    sqlx::query("DELETE FROM gazette_subscribers WHERE id = $1").bind(s.id).execute(&mut *conn).await?;
    Ok(())
}

/// True when `email` left the gazette (its hash is on the suppression list).
pub async fn is_suppressed(db: &Db, email: &Email) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM gazette_suppressions WHERE email_hash = $1")
        .bind(db.links().suppression(email.as_str()))
        .fetch_one(db.pool())
        .await?;
    Ok(n > 0)
}

/// Counts of subscribers by status, for the organiser page.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Counts {
    pub pending: i64,
    pub confirmed: i64,
    pub suspended: i64,
    pub suppressed: i64,
}

pub async fn counts(db: &Db) -> Result<Counts, StoreError> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT status, COUNT(*) FROM gazette_subscribers GROUP BY status").fetch_all(db.pool()).await?;
    let mut c = Counts::default();
    for (status, n) in rows {
        match SubscriberStatus::parse(&status) {
            Some(SubscriberStatus::Pending) => c.pending = n,
            Some(SubscriberStatus::Confirmed) => c.confirmed = n,
            Some(SubscriberStatus::Suspended) => c.suspended = n,
            None => {}
        }
    }
    c.suppressed = sqlx::query_scalar("SELECT COUNT(*) FROM gazette_suppressions").fetch_one(db.pool()).await?;
    Ok(c)
}

/// Subscribers of one status, oldest first (the suspended ones organisers look at).
pub async fn list(db: &Db, status: Option<SubscriberStatus>) -> Result<Vec<Subscriber>, StoreError> {
    let rows = match status {
        Some(s) => {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {COLUMNS} FROM gazette_subscribers WHERE status = $1 ORDER BY id"
            )))
            .bind(s.as_str())
            .fetch_all(db.pool())
            .await?
        }
        None => {
            sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM gazette_subscribers ORDER BY id")))
                .fetch_all(db.pool())
                .await?
        }
    };
    rows.iter().map(from_row).collect()
}

/// A hard bounce (SMTP 5xx) of `subscriber_id`, inside the caller's transaction: counted, and
/// the address suspended once the count reaches `limit`.
pub(crate) async fn record_hard_bounce(
    conn: &mut AnyConnection,
    subscriber_id: i64,
    limit: u32,
) -> Result<(), StoreError> {
    let bounces: Option<i64> = sqlx::query_scalar(
        "UPDATE gazette_subscribers SET hard_bounces = hard_bounces + 1 WHERE id = $1 RETURNING hard_bounces",
    )
    .bind(subscriber_id)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(n) = bounces
        && crate::domain::gazette::suspended_after(n, limit)
    {
        sqlx::query("UPDATE gazette_subscribers SET status = 'suspended' WHERE id = $1 AND status = 'confirmed'")
            .bind(subscriber_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// One line of a subscriber import: the address, when consent was given, where it came from.
#[derive(Debug, Clone)]
pub struct Imported {
    pub email: Email,
    pub consent_at: Option<Timestamp>,
    pub source: String,
}

/// What an import did with each line it received.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportOutcome {
    pub added: usize,
    pub already: usize,
    /// Addresses on the suppression list: they left, the import does not bring them back.
    pub suppressed: Vec<String>,
}

/// Adds confirmed subscribers migrated from another list (their consent was given there);
/// the suppression list wins over the file. One transaction.
pub async fn import(db: &Db, rows: &[Imported], now: Timestamp) -> Result<ImportOutcome, StoreError> {
    import_by(db, None, rows, now).await
}

/// `import` by an administrator in the browser (`user_id`), audited in the same transaction
/// (`gazette.import_subscribers`, with the counts).
pub async fn import_by(
    db: &Db,
    user_id: Option<i64>,
    rows: &[Imported],
    now: Timestamp,
) -> Result<ImportOutcome, StoreError> {
    let mut tx = db.begin_write().await?;
    let mut out = ImportOutcome::default();
    for row in rows {
        let hash = db.links().suppression(row.email.as_str());
        let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM gazette_suppressions WHERE email_hash = $1")
            .bind(&hash)
            .fetch_one(&mut *tx)
            .await?;
        if left > 0 {
            out.suppressed.push(row.email.as_str().to_owned());
            continue;
        }
        if by_email(&mut tx, row.email.as_str()).await?.is_some() {
            out.already += 1;
            continue;
        }
        let consent = row.consent_at.unwrap_or(now).as_second();
        insert(
            &mut tx,
            db,
            row.email.as_str(),
            SubscriberStatus::Confirmed,
            &row.source,
            Some(consent),
            Default::default(),
            now,
        )
        .await?;
        out.added += 1;
    }
    if user_id.is_some() {
        let details =
            serde_json::json!({ "added": out.added, "already": out.already, "suppressed": out.suppressed.len() });
        super::audit::record(&mut tx, now, user_id, "gazette.import_subscribers", "gazette", None, details).await?;
    }
    tx.commit().await?;
    Ok(out)
}

/// Demo and benchmark data: confirmed subscribers made without mail.
pub async fn seed_confirmed(db: &Db, emails: &[String], now: Timestamp) -> Result<usize, StoreError> {
    let mut added = 0;
    for chunk in emails.chunks(500) {
        let mut tx = db.begin_write().await?;
        for email in chunk {
            if by_email(&mut tx, email).await?.is_none() {
                insert(
                    &mut tx,
                    db,
                    email,
                    SubscriberStatus::Confirmed,
                    "demo",
                    Some(now.as_second()),
                    Default::default(),
                    now,
                )
                .await?;
                added += 1;
            }
        }
        tx.commit().await?;
    }
    Ok(added)
}

/// The private link of subscriber `id` as it stands (tests, the demo, the test send).
pub async fn current_link(db: &Db, id: i64) -> Result<String, StoreError> {
    let generation: i64 = sqlx::query_scalar("SELECT link_generation FROM gazette_subscribers WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok(db.links().subscriber(id, generation))
}
