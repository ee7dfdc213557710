//! Run-time settings the services need, provided to every request as context.
use crate::domain::{session::SessionPolicy, throttle::ThrottlePolicy};

#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub session: SessionPolicy,
    pub throttle: ThrottlePolicy,
    /// Mark cookies `Secure` (and use the `__Host-` prefix): on whenever the site is served over HTTPS.
    pub cookie_secure: bool,
    /// The address people reach the site at, for links sent by e-mail (`https://roster.example.org`).
    /// Taken from configuration, never from a request's Host header, which a sender controls.
    pub public_url: String,
    /// Whether an SMTP server is configured; without one messages wait in the outbox.
    pub mail_configured: bool,
    /// Every staff account signs in with a second factor. Only `BLUE_SUITS_REQUIRE_MFA=false`
    /// switches it off (tests, the local demo).
    pub require_mfa: bool,
}
