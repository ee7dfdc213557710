//! Run-time settings the services need, provided to every request as context.
use crate::domain::{session::SessionPolicy, throttle::ThrottlePolicy};

#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub session: SessionPolicy,
    pub throttle: ThrottlePolicy,
    /// Mark cookies `Secure` (and use the `__Host-` prefix): on whenever the site is served over HTTPS.
    pub cookie_secure: bool,
}
