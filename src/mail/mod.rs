//! G3: outgoing mail: composing messages from templates, the SMTP (or folder) transport and
//! the delivery worker that drains the stored queue.

pub mod account;
pub mod cfp;
pub mod compose;
pub mod event;
pub mod event_message;
pub mod gazette;
pub mod programme;
pub mod registration;
pub mod smtp;
pub mod worker;

use crate::config::{Mail, SmtpTls};
use crate::store::message::Message;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use std::path::PathBuf;

/// Where messages go: an SMTP server, or `.eml` files in a folder when none is configured.
pub enum Transport {
    Smtp(Box<smtp::Smtp>),
    Folder(PathBuf),
}

/// Sends stored messages; built once from the configuration.
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
    /// Right-hand side of Message-IDs.
    domain: String,
    lease: std::time::Duration,
    /// The sliding window of `mail.max_per_minute`: when the last messages were handed over.
    window: std::sync::Mutex<std::collections::VecDeque<std::time::Instant>>,
    max_per_minute: u32,
    bounce_limit: u32,
}

/// Why one delivery attempt failed; the text is kept on the message (no content in it).
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("cannot build the message: {0}")]
    Build(String),
    #[error("SMTP: {0}")]
    Smtp(#[from] smtp::SmtpError),
    #[error("cannot write to the outbox folder: {0}")]
    Folder(#[from] std::io::Error),
}

impl SendError {
    /// True for a permanent refusal by the receiving server (an SMTP 5xx answer): a hard
    /// bounce, which no retry would change.
    pub fn is_permanent(&self) -> bool {
        matches!(self, SendError::Smtp(e) if e.is_permanent())
    }
}

impl Mailer {
    /// Builds the transport; refuses an invalid sender address or SMTP settings.
    pub fn from_config(mail: &Mail) -> anyhow::Result<Mailer> {
        let from: Mailbox =
            mail.from.parse().map_err(|e| anyhow::anyhow!("mail.from {:?} is not a valid address: {e}", mail.from))?;
        let domain = from.email.domain().to_owned();
        let transport = match &mail.smtp_host {
            None => Transport::Folder(mail.outbox_dir.clone()),
            Some(host) => {
                // A bad host name is refused now, not at the first message.
                if mail.smtp_tls != SmtpTls::None {
                    lettre::transport::smtp::client::TlsParameters::new(host.clone())?;
                }
                let credentials = match (&mail.smtp_username, &mail.smtp_password) {
                    (Some(user), Some(password)) => Some(Credentials::new(user.clone(), password.expose().to_owned())),
                    _ => None,
                };
                let timeout = std::time::Duration::from_secs(30);
                Transport::Smtp(Box::new(smtp::Smtp::new(host, mail.smtp_port, mail.smtp_tls, credentials, timeout)))
            }
        };
        let lease = mail.lease_seconds.map_or(crate::domain::message::SENDING_LEASE, std::time::Duration::from_secs);
        Ok(Mailer {
            transport,
            from,
            domain,
            lease,
            window: std::sync::Mutex::new(std::collections::VecDeque::new()),
            max_per_minute: mail.max_per_minute,
            bounce_limit: mail.bounce_limit,
        })
    }

    /// How long a message being delivered is reserved for this worker.
    pub fn lease(&self) -> std::time::Duration {
        self.lease
    }

    /// Hard bounces after which a gazette address is suspended.
    pub fn bounce_limit(&self) -> u32 {
        self.bounce_limit
    }

    /// Waits until one more message fits in the sliding minute of `mail.max_per_minute`,
    /// and counts it (F1: relays impose quotas). Returns at once without a limit.
    pub async fn wait_for_quota(&self) {
        if self.max_per_minute == 0 {
            return;
        }
        let minute = std::time::Duration::from_secs(60);
        loop {
            let wait = {
                let mut window = self.window.lock().unwrap_or_else(|e| e.into_inner());
                let now = std::time::Instant::now();
                while window.front().is_some_and(|t| now.duration_since(*t) >= minute) {
                    window.pop_front();
                }
                if window.len() < self.max_per_minute as usize {
                    window.push_back(now);
                    return;
                }
                minute.saturating_sub(now.duration_since(*window.front().expect("the window is full")))
            };
            tokio::time::sleep(wait).await;
        }
    }

    /// A sentence for the start-up log saying where mail goes.
    pub fn describe(&self) -> String {
        match &self.transport {
            Transport::Smtp(_) => "mail is sent through the configured SMTP server".into(),
            Transport::Folder(dir) => format!(
                "no SMTP server configured: messages are written as .eml files into {} (set mail.smtp_host to send them)",
                dir.display()
            ),
        }
    }

    /// Delivers one stored message. Its Message-ID derives from the idempotency key, so a
    /// message re-sent after an interrupted delivery can be recognised by receivers.
    pub async fn send(&self, m: &Message) -> Result<(), SendError> {
        let to: Mailbox = m.to.parse().map_err(|e| SendError::Build(format!("recipient: {e}")))?;
        let mut builder = lettre::Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&m.subject)
            .message_id(Some(format!("<{}@{}>", message_id_part(&m.idempotency_key), self.domain)));
        if let Some(unsub) = &m.list_unsubscribe {
            builder = builder
                .raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("List-Unsubscribe"), format!("<{unsub}>")));
            builder = builder.raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                "List-Unsubscribe=One-Click".to_owned(),
            ));
        }
        let text = SinglePart::builder().header(ContentType::TEXT_PLAIN).body(m.body_text.clone());
        let body = match &m.body_html {
            Some(html) => MultiPart::alternative()
                .singlepart(text)
                .singlepart(SinglePart::builder().header(ContentType::TEXT_HTML).body(html.clone())),
            None => MultiPart::mixed().singlepart(text),
        };
        let email = match &m.calendar {
            // The event as a file the mail client offers to add to the calendar.
            Some(ics) => {
                let kind = ContentType::parse("text/calendar; charset=utf-8; method=PUBLISH")
                    .map_err(|e| SendError::Build(e.to_string()))?;
                builder.multipart(
                    MultiPart::mixed()
                        .multipart(body)
                        .singlepart(lettre::message::Attachment::new("evenement.ics".into()).body(ics.clone(), kind)),
                )
            }
            None if m.body_html.is_none() => {
                builder.singlepart(SinglePart::builder().header(ContentType::TEXT_PLAIN).body(m.body_text.clone()))
            }
            None => builder.multipart(body),
        }
        .map_err(|e| SendError::Build(e.to_string()))?;
        match &self.transport {
            Transport::Smtp(smtp) => {
                smtp.send(email.envelope(), &email.formatted()).await?;
            }
            Transport::Folder(dir) => {
                tokio::fs::create_dir_all(dir).await?;
                let path = dir.join(format!("{:08}-{}.eml", m.id, message_id_part(&m.idempotency_key)));
                tokio::fs::write(path, email.formatted()).await?;
            }
        }
        Ok(())
    }
}

/// A Message-ID-safe, file-name-safe rendering of an idempotency key.
fn message_id_part(key: &str) -> String {
    key.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '.' { c } else { '.' }).collect()
}
