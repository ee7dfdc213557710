//! Invitations to create an expert account: how long a link lives and whether it can still be used.
use chrono::{DateTime, Duration, Utc};

/// A link works for seven days: long enough for someone in the field to see it, short enough that
/// a forgotten e-mail is not a standing key to the account.
pub const VALID_FOR: Duration = Duration::days(7);

/// What can be done with an invitation link now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    Usable,
    Used,
    Revoked,
    Expired,
}

impl LinkState {
    /// Why a link cannot be used, in words for the person holding it.
    pub fn refusal(self) -> Option<&'static str> {
        match self {
            LinkState::Usable => None,
            LinkState::Used => {
                Some("this invitation has already been used; sign in with your e-mail address")
            }
            LinkState::Revoked => {
                Some("this invitation was replaced by a newer one; use the latest link")
            }
            LinkState::Expired => {
                Some("this invitation has expired; ask your roster office for a new one")
            }
        }
    }
}

/// Used and revoked win over expiry: they say more about what the holder should do next.
pub fn link_state(
    used_at: Option<DateTime<Utc>>,
    revoked_at: Option<DateTime<Utc>>,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> LinkState {
    if used_at.is_some() {
        LinkState::Used
    } else if revoked_at.is_some() {
        LinkState::Revoked
    } else if now >= expires_at {
        LinkState::Expired
    } else {
        LinkState::Usable
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, hour, 0, 0)
            .single()
            .expect("valid time")
    }

    #[test]
    fn a_link_is_usable_only_before_expiry_and_only_once() {
        let expires = at(12);
        let cases = [
            (None, None, at(11), LinkState::Usable),
            (None, None, at(12), LinkState::Expired),
            (None, None, at(13), LinkState::Expired),
            (Some(at(10)), None, at(11), LinkState::Used),
            (Some(at(10)), None, at(13), LinkState::Used),
            (None, Some(at(10)), at(11), LinkState::Revoked),
            (Some(at(9)), Some(at(10)), at(11), LinkState::Used),
        ];
        for (used, revoked, now, expected) in cases {
            assert_eq!(
                link_state(used, revoked, expires, now),
                expected,
                "{used:?} {revoked:?} {now}"
            );
        }
    }

    #[test]
    fn every_refused_state_says_what_to_do() {
        for s in [LinkState::Used, LinkState::Revoked, LinkState::Expired] {
            assert!(s.refusal().is_some_and(|m| !m.is_empty()));
        }
        assert_eq!(LinkState::Usable.refusal(), None);
    }
}
