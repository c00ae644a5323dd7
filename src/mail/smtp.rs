//! G3 F1: the SMTP client. Connections kept open between messages, one per worker sending at
//! the same moment (`mail.workers`), each re-checked with `NOOP` after an idle moment and
//! dropped after any error.
//!
//! Why not lettre's own pooled transport: it opens its sockets without `TCP_NODELAY`. lettre
//! writes a message's body and the closing `.` line in two writes; with Nagle's algorithm the
//! second waits for the server to acknowledge the first, and servers delay that
//! acknowledgement by up to 40 ms. That cost every message about 45 ms (21 messages/s for a
//! gazette of 10,000 on loopback, `bench/gazette-send.sh`). Here the socket is ours, with
//! `TCP_NODELAY`, and lettre speaks SMTP on it (`AsyncSmtpConnection`, STARTTLS and
//! authentication included). Implicit TLS (port 465) still goes through lettre's connect.

use crate::config::SmtpTls;
use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use std::time::{Duration, Instant};

/// After this long unused, a kept connection is checked with `NOOP` before a message.
const IDLE_CHECK: Duration = Duration::from_secs(2);

/// Why a delivery over SMTP failed.
#[derive(Debug, thiserror::Error)]
pub enum SmtpError {
    #[error("{0}")]
    Protocol(#[from] lettre::transport::smtp::Error),
    #[error("cannot connect to {0}")]
    Connect(String),
}

impl SmtpError {
    /// True for a permanent refusal (a 5xx answer).
    pub fn is_permanent(&self) -> bool {
        matches!(self, SmtpError::Protocol(e) if e.is_permanent())
    }
}

struct Kept {
    conn: AsyncSmtpConnection,
    last_used: Instant,
}

/// An SMTP relay and the connection kept to it.
pub struct Smtp {
    host: String,
    port: u16,
    tls: SmtpTls,
    credentials: Option<Credentials>,
    timeout: Duration,
    hello: ClientId,
    /// Idle connections, ready for the next message.
    kept: std::sync::Mutex<Vec<Kept>>,
}

impl Smtp {
    pub fn new(host: &str, port: u16, tls: SmtpTls, credentials: Option<Credentials>, timeout: Duration) -> Smtp {
        Smtp {
            host: host.to_owned(),
            port,
            tls,
            credentials,
            timeout,
            hello: ClientId::default(),
            kept: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// Hands one message to the relay.
    pub async fn send(&self, envelope: &Envelope, bytes: &[u8]) -> Result<(), SmtpError> {
        let idle = self.kept.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let reusable = match idle {
            Some(mut k) if !k.conn.has_broken() => {
                (k.last_used.elapsed() <= IDLE_CHECK || k.conn.test_connected().await).then_some(k)
            }
            _ => None,
        };
        let mut k = match reusable {
            Some(k) => k,
            None => Kept { conn: self.connect().await?, last_used: Instant::now() },
        };
        match tokio::time::timeout(self.timeout, k.conn.send(envelope, bytes)).await {
            Ok(Ok(_)) => {
                k.last_used = Instant::now();
                self.kept.lock().unwrap_or_else(|e| e.into_inner()).push(k);
                Ok(())
            }
            // lettre has already aborted the connection after an error answer; a timeout
            // leaves it in an unknown state. Either way it is dropped here.
            Ok(Err(e)) => Err(e.into()),
            Err(_) => Err(SmtpError::Connect(format!(
                "{}:{}: no answer within {} s",
                self.host,
                self.port,
                self.timeout.as_secs()
            ))),
        }
    }

    async fn connect(&self) -> Result<AsyncSmtpConnection, SmtpError> {
        let address = (self.host.as_str(), self.port);
        let refused = |e: &dyn std::fmt::Display| SmtpError::Connect(format!("{}:{}: {e}", self.host, self.port));
        let tls = || TlsParameters::new(self.host.clone()).map_err(SmtpError::from);
        let mut conn = if self.tls == SmtpTls::Tls {
            AsyncSmtpConnection::connect_tokio1(address, Some(self.timeout), &self.hello, Some(tls()?), None).await?
        } else {
            let tcp = match tokio::time::timeout(self.timeout, tokio::net::TcpStream::connect(address)).await {
                Ok(Ok(tcp)) => tcp,
                Ok(Err(e)) => return Err(refused(&e)),
                Err(_) => return Err(refused(&"timed out")),
            };
            tcp.set_nodelay(true).map_err(|e| refused(&e))?;
            let mut conn = AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &self.hello).await?;
            if self.tls == SmtpTls::Starttls {
                if !conn.can_starttls() {
                    conn.abort().await;
                    return Err(refused(&"the server does not offer STARTTLS"));
                }
                conn.starttls(tls()?, &self.hello).await?;
            }
            conn
        };
        if let Some(credentials) = &self.credentials {
            conn.auth(&[Mechanism::Plain, Mechanism::Login], credentials).await?;
        }
        Ok(conn)
    }
}
