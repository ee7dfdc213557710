//! Wire types: what the server functions and pages exchange, one file per capability, compiled
//! for the server and the browser. Services and repositories build these; they never import `api`.
pub mod account;
pub mod auth;
pub mod dashboard;
pub mod deployments;
pub mod import;
pub mod invitations;
pub mod matching;
pub mod outbox;
pub mod portal;
pub mod reference;
pub mod requests;
pub mod roster;
pub mod second_factor;
pub mod users;
pub mod vetting;

/// A moment as every view shows it: in UTC, to the minute, the same for every reader whatever
/// their time zone (deployments cross them).
pub fn time_text(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// A calendar day as every view and form shows it (ISO 8601).
pub fn date_text(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}
