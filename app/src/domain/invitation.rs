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

/// Why a link is being sent: a first invitation, or a fresh link after the secretariat reset an
/// account someone else had made on the expert's address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Invite,
    Reset,
}

/// The path of an invitation link below the site's address.
pub const LINK_PATH: &str = "/invite/";

/// The whole link for `token` on a site served at `public_url`.
pub fn link(public_url: &str, token: &str) -> String {
    format!("{}{LINK_PATH}{token}", public_url.trim_end_matches('/'))
}

/// The queued message that carries a link: the link stands alone on its own line, so that
/// [`link_in`] finds it again when the secretariat has to hand it over.
pub fn message(purpose: Purpose, name: &str, link: &str, expires: &str) -> (String, String) {
    match purpose {
        Purpose::Invite => (
            "Your Blue Suits roster account".to_owned(),
            format!(
                "Dear {name},\n\nyour roster office invites you to keep your availability on the Blue Suits roster current and to answer deployment offers.\n\nSet your password here (the link works once, until {expires} UTC):\n{link}\n\nOnly you should use this link: whoever opens it can answer offers in your name.\n"
            ),
        ),
        Purpose::Reset => (
            "Your Blue Suits roster account was reset".to_owned(),
            format!(
                "Dear {name},\n\nthe roster secretariat has reset the Blue Suits account on your address, as you asked: every earlier password and session has ended.\n\nSet your own password here (the link works once, until {expires} UTC):\n{link}\n\nOnly you should use this link: whoever opens it can answer offers in your name.\n"
            ),
        ),
    }
}

/// The link in a message built by [`message`], if it still holds one (a used link is blanked).
pub fn link_in(body: &str) -> Option<&str> {
    body.lines()
        .map(str::trim)
        .find(|line| line.starts_with("http") && line.contains(LINK_PATH))
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
    fn the_link_in_a_queued_message_is_found_again() {
        for purpose in [Purpose::Invite, Purpose::Reset] {
            let link = link("https://roster.example.org/", "abc_DEF-123");
            assert_eq!(link, "https://roster.example.org/invite/abc_DEF-123");
            let (subject, body) = message(purpose, "Awa Diallo", &link, "2026-12-09 10:00");
            assert!(!subject.is_empty());
            assert!(body.contains("Awa Diallo"));
            assert_eq!(link_in(&body), Some(link.as_str()));
        }
        assert_eq!(
            link_in("The invitation link in this message has been used."),
            None
        );
    }

    #[test]
    fn every_refused_state_says_what_to_do() {
        for s in [LinkState::Used, LinkState::Revoked, LinkState::Expired] {
            assert!(s.refusal().is_some_and(|m| !m.is_empty()));
        }
        assert_eq!(LinkState::Usable.refusal(), None);
    }
}
