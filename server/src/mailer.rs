//! Sending the outbox's e-mail over SMTP, and the background task that queues reminders and
//! delivers what is due, apart from every web request.
use crate::{config::MailConfig, database::redact};
use anyhow::{Context, anyhow};
use app::server::services::notifications::{self, BoxFuture, Mailer};
use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Mailbox, header::ContentType},
};
use sea_orm::DatabaseConnection;
use std::{sync::Arc, time::Duration};
use tokio::time::{Instant, MissedTickBehavior};

/// How often due messages are looked for.
const DELIVERY_EVERY: Duration = Duration::from_secs(30);
/// How often reminders are looked for: they are about dates, so hourly is plenty.
const REMINDERS_EVERY: Duration = Duration::from_secs(60 * 60);
/// A mail server that does not answer within this is given up on for this attempt; well inside
/// the lease a message is claimed for.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// Sends through the SMTP server named by `BLUE_SUITS_SMTP_URL`.
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpMailer {
    /// `url` as lettre reads it: `smtps://` is TLS from the start, `smtp://…?tls=required`
    /// upgrades with STARTTLS, and a bare `smtp://` stays unencrypted.
    pub fn new(url: &str, from: &str) -> anyhow::Result<Self> {
        if url.starts_with("smtp://") && url.contains('@') && !url.contains("tls=") {
            tracing::warn!(
                server = %redact(url),
                "the SMTP password would cross the network unencrypted: add ?tls=required or use smtps://"
            );
        }
        let from: Mailbox = from
            .parse()
            .map_err(|e| anyhow!("BLUE_SUITS_MAIL_FROM is not an e-mail address: {e}"))?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .with_context(|| {
                format!(
                    "BLUE_SUITS_SMTP_URL is not a usable SMTP URL: {}",
                    redact(url)
                )
            })?
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        Ok(Self { transport, from })
    }
}

impl SmtpMailer {
    /// `<outbox id@sender's domain>`: the same for every attempt at one outbox message.
    pub fn message_id(&self, id: uuid::Uuid) -> String {
        format!("<{id}@{}>", self.from.email.domain())
    }

    async fn deliver(
        &self,
        message_id: Option<String>,
        to: &str,
        subject: &str,
        body: &str,
    ) -> Result<(), String> {
        let to: Mailbox = to
            .parse()
            .map_err(|e| format!("the recipient address is not valid: {e}"))?;
        let message = Message::builder()
            .message_id(message_id)
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_owned())
            .map_err(|e| format!("the message could not be built: {e}"))?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

impl Mailer for SmtpMailer {
    fn send<'a>(
        &'a self,
        to: &'a str,
        subject: &'a str,
        body: &'a str,
    ) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(self.deliver(None, to, subject, body))
    }

    fn send_message<'a>(
        &'a self,
        id: uuid::Uuid,
        to: &'a str,
        subject: &'a str,
        body: &'a str,
    ) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(self.deliver(Some(self.message_id(id)), to, subject, body))
    }

    fn is_configured(&self) -> bool {
        true
    }
}

/// Stands in when no SMTP server is configured: nothing is sent and messages stay queued.
pub struct NoMailer;

impl Mailer for NoMailer {
    fn send<'a>(
        &'a self,
        _to: &'a str,
        _subject: &'a str,
        _body: &'a str,
    ) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(async { Err("no mail server is configured".to_owned()) })
    }

    fn is_configured(&self) -> bool {
        false
    }
}

/// The mailer the configuration asks for; a mail server without a sender address is refused at
/// start rather than discovered at the first message.
pub fn from_config(mail: &MailConfig) -> anyhow::Result<Arc<dyn Mailer>> {
    match (&mail.smtp_url, &mail.from) {
        (None, _) => Ok(Arc::new(NoMailer)),
        (Some(_), None) => Err(anyhow!(
            "BLUE_SUITS_MAIL_FROM must name the sender when BLUE_SUITS_SMTP_URL is set"
        )),
        (Some(url), Some(from)) => {
            let mailer = SmtpMailer::new(url, from)?;
            tracing::info!(server = %redact(url), "e-mail is sent through this SMTP server");
            Ok(Arc::new(mailer))
        }
    }
}

/// Every 30 s: queue the reminders (once an hour) and, when a mail server is configured, deliver
/// what is due. Every instance may run it: reminders are queued once each, and each message is
/// claimed before it is sent. Failures are logged and tried again at the next tick.
pub fn spawn_delivery(db: DatabaseConnection, mailer: Arc<dyn Mailer>) {
    if !mailer.is_configured() {
        tracing::warn!(
            "no SMTP server configured (BLUE_SUITS_SMTP_URL): messages stay in the outbox, unsent"
        );
    }
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(DELIVERY_EVERY);
        // A slow mail server makes a run overrun the tick; wait a full period after it instead
        // of catching up with a burst.
        tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
        let mut next_reminders = Instant::now();
        loop {
            tick.tick().await;
            if Instant::now() >= next_reminders {
                next_reminders = Instant::now() + REMINDERS_EVERY;
                let now = chrono::Utc::now();
                match notifications::queue_reminders(&db, now.date_naive(), now).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(reminders = n, "reminders queued"),
                    Err(e) => {
                        tracing::warn!(error = %e, "queueing reminders failed; retrying later");
                    }
                }
            }
            if mailer.is_configured() {
                match notifications::deliver_due(&db, mailer.as_ref(), chrono::Utc::now()).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(messages = n, "e-mail sent"),
                    Err(e) => {
                        tracing::warn!(error = %e, "delivering e-mail failed; retrying later");
                    }
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_an_smtp_url_nothing_is_configured() {
        let mailer = from_config(&MailConfig::default()).expect("mailer");
        assert!(!mailer.is_configured());
    }

    #[test]
    fn an_smtp_url_needs_a_sender() {
        let mail = MailConfig {
            smtp_url: Some("smtp://mail.example.org:587".to_owned()),
            from: None,
        };
        assert!(from_config(&mail).is_err());
    }

    #[test]
    fn a_sender_that_is_not_an_address_is_refused() {
        assert!(SmtpMailer::new("smtp://mail.example.org:587", "not an address").is_err());
    }

    #[test]
    fn the_password_in_a_bad_url_is_not_repeated() {
        let err = SmtpMailer::new("ftp://user:secret@mail.example.org", "a@example.org")
            .err()
            .map(|e| format!("{e:#}"))
            .unwrap_or_default();
        assert!(!err.is_empty());
        assert!(!err.contains("secret"), "{err}");
    }

    #[tokio::test]
    async fn an_smtp_mailer_is_configured() {
        // Building the transport does not connect, so no server is needed.
        let mailer = SmtpMailer::new(
            "smtp://mail.example.org:587?tls=required",
            "Blue Suits <roster@example.org>",
        )
        .expect("mailer");
        assert!(mailer.is_configured());
    }
}
