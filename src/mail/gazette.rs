//! F1: the gazette's mails: the confirmation of a subscription (double opt-in), the answer to
//! an address already subscribed, and each issue, composed once with the subscriber's private
//! link as a hole (`Hole::Token`) that the store fills per subscriber.

use super::compose::{Composer, link};
use crate::domain::message::{Draft, Hole, Wording};
use crate::store::gazette::SubscriptionMails;
use crate::store::gazette_issue::{Issue, IssueMail};

/// The confirmation page of a subscriber's link.
pub fn confirm_url(base_url: &str, token: &str) -> String {
    format!("{base_url}/gazette/confirmer/{token}")
}

/// The preferences page of a subscriber's link.
pub fn preferences_url(base_url: &str, token: &str) -> String {
    format!("{base_url}/gazette/abonnement/{token}")
}

/// The one-click leaving link (RFC 8058: a POST to it unsubscribes).
pub fn unsubscribe_url(base_url: &str, token: &str) -> String {
    format!("{base_url}/gazette/desabonnement/{token}")
}

/// The mails a subscription may send; the welcome message only when `welcome` is set
/// (`mail.gazette_welcome`).
pub fn subscription_mails(
    composer: &Composer,
    base_url: &str,
    welcome: bool,
) -> Result<SubscriptionMails, minijinja::Error> {
    let hole = Hole::Token.placeholder();
    let confirm =
        composer.compose("gazette_confirm", None, minijinja::context! { link => link(confirm_url(base_url, hole)) })?;
    let already = composer.compose(
        "gazette_already",
        None,
        minijinja::context! { link => link(preferences_url(base_url, hole)) },
    )?;
    let welcome = match welcome {
        true => Some(Draft(composer.compose(
            "gazette_welcome",
            None,
            minijinja::context! {
                link => link(preferences_url(base_url, hole)),
                archive_link => link(format!("{base_url}/gazette")),
            },
        )?)),
        false => None,
    };
    Ok(SubscriptionMails { confirm: Draft(confirm), already: Draft(already), welcome })
}

/// The words every issue ends with: why the reader gets it, and the two links.
const FOOTER: &str = "\n\n----\n\nVous recevez cette gazette car vous y êtes inscrit ou inscrite. \
    [Gérer mon abonnement]({{ preferences_link }}) · [Me désinscrire]({{ unsubscribe_link }})\n";

/// The wording of an issue as mailed: its title as subject, its body and the footer.
/// The title is a value (plain text: a `{{` in it is not a placeholder).
pub fn issue_wording(body_md: &str) -> Wording {
    Wording { subject: "{{ issue_title }}".into(), body: format!("{body_md}{FOOTER}") }
}

/// The variables an issue's body may use.
pub const ISSUE_VARIABLES: &str = "{{ preferences_link }}, {{ unsubscribe_link }} et {{ site.name }}";

fn issue_context(base_url: &str, title: &str, token: &str) -> minijinja::Value {
    minijinja::context! {
        issue_title => title,
        preferences_link => link(preferences_url(base_url, token)),
        unsubscribe_link => link(unsubscribe_url(base_url, token)),
    }
}

/// An issue composed once for all its subscribers.
pub fn issue(composer: &Composer, base_url: &str, issue: &Issue) -> Result<IssueMail, minijinja::Error> {
    let hole = Hole::Token.placeholder();
    let composed = composer.preview(&issue_wording(&issue.body_md), issue_context(base_url, &issue.title, hole))?;
    Ok(IssueMail { draft: Draft(composed), unsubscribe: unsubscribe_url(base_url, hole) })
}

/// An issue as one subscriber (or the organiser's test send, with a sample link) reads it.
pub fn preview(
    composer: &Composer,
    base_url: &str,
    title: &str,
    body_md: &str,
    token: &str,
) -> Result<crate::domain::message::Composed, minijinja::Error> {
    composer.preview(&issue_wording(body_md), issue_context(base_url, title, token))
}

/// The variables an organiser's draft uses that an issue does not define.
pub fn unknown_variables(composer: &Composer, body_md: &str) -> Result<Vec<String>, minijinja::Error> {
    composer.unknown_variables(&issue_wording(body_md), &issue_context("", "", ""))
}

/// The body of a public issue as Markdown, for the archive: the reader's own links become
/// the gazette's page, and an imported issue (never a template) is kept as written.
pub fn public_markdown(composer: &Composer, issue: &Issue) -> String {
    if issue.status == crate::domain::gazette::IssueStatus::Archived {
        return issue.body_md.clone();
    }
    let ctx = minijinja::context! { preferences_link => link("/gazette"), unsubscribe_link => link("/gazette") };
    composer.render_markdown(&issue.body_md, ctx).unwrap_or_else(|_| issue.body_md.clone())
}

/// The announcement of a new event (F1), composed once for every subscriber of the
/// announcements list, with their links as holes.
pub fn announcement(
    composer: &Composer,
    base_url: &str,
    event: &crate::domain::event::Event,
) -> Result<IssueMail, minijinja::Error> {
    let hole = Hole::Token.placeholder();
    let venue: Vec<&str> =
        [event.draft.venue.name.as_deref(), event.draft.venue.address.as_deref()].into_iter().flatten().collect();
    let composed = composer.compose(
        "gazette_announcement",
        None,
        minijinja::context! {
            event => minijinja::context! {
                title => &event.draft.title,
                dates_text => crate::domain::french::when(&event.draft),
                venue => venue.join(", "),
                summary => &event.draft.summary,
                url => link(format!("{base_url}/evenements/{}", event.draft.slug.as_str())),
            },
            preferences_link => link(preferences_url(base_url, hole)),
            unsubscribe_link => link(unsubscribe_url(base_url, hole)),
        },
    )?;
    Ok(IssueMail { draft: Draft(composed), unsubscribe: unsubscribe_url(base_url, hole) })
}

/// How many messages one transaction queues: 10,000 subscribers never hold the writer long.
pub const BATCH: i64 = 500;

/// The sending job (F1): starts the scheduled issues whose time has come, then queues the
/// messages of every issue being sent, `batch` subscribers per transaction, resuming after
/// the last batch committed (a server killed midway goes on where it stopped). Returns how
/// many messages were queued; `on_batch` runs after each batch (to wake the mail worker).
pub async fn queue_due(
    db: &crate::store::Db,
    composer: &Composer,
    base_url: &str,
    batch: i64,
    now: jiff::Timestamp,
    on_batch: impl Fn(),
) -> Result<usize, crate::store::StoreError> {
    use crate::store::gazette_issue;
    gazette_issue::start_due(db, now).await?;
    let mut queued = 0;
    for issue in gazette_issue::sending(db).await? {
        let mail = match self::issue(composer, base_url, &issue) {
            Ok(mail) => mail,
            Err(e) => {
                tracing::error!(issue_id = issue.id, error = %e, "gazette issue cannot be composed");
                continue;
            }
        };
        loop {
            let n = gazette_issue::queue_batch(db, issue.id, &mail, batch, now).await?;
            queued += n;
            if n > 0 {
                on_batch();
            }
            if (n as i64) < batch {
                break;
            }
            // Let the registrations waiting for the writer go between two batches.
            tokio::task::yield_now().await;
        }
    }
    queued += announce_due(db, composer, base_url, batch, now, &on_batch).await?;
    Ok(queued)
}

/// Queues the announcements of the events published for the first time (F1), in batches;
/// an event withdrawn, cancelled or already started meanwhile is not announced.
async fn announce_due(
    db: &crate::store::Db,
    composer: &Composer,
    base_url: &str,
    batch: i64,
    now: jiff::Timestamp,
    on_batch: &impl Fn(),
) -> Result<usize, crate::store::StoreError> {
    use crate::store::gazette_announcement;
    let mut queued = 0;
    for event_id in gazette_announcement::pending(db).await? {
        let event = crate::store::event::find_by_id(db, event_id).await?;
        let Some(event) = event.filter(|e| {
            e.draft.status == crate::domain::event::EventStatus::Published && e.draft.dates.start_instant() > now
        }) else {
            gazette_announcement::skip(db, event_id, now).await?;
            continue;
        };
        let mail = match announcement(composer, base_url, &event) {
            Ok(mail) => mail,
            Err(e) => {
                tracing::error!(event_id = event_id.get(), error = %e, "announcement cannot be composed");
                continue;
            }
        };
        loop {
            let n = gazette_announcement::queue_batch(db, event_id, &mail, batch, now).await?;
            queued += n;
            if n > 0 {
                on_batch();
            }
            if (n as i64) < batch {
                break;
            }
            tokio::task::yield_now().await;
        }
    }
    Ok(queued)
}
