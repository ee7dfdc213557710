//! When a signed-in session ends: after a period of inactivity, or a fixed time after sign-in.
use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// A session unused for this long ends.
    pub idle: Duration,
    /// A session ends this long after sign-in, however busy.
    pub absolute: Duration,
    /// Last-seen times are written at most this often, so reading pages does not write on every request.
    pub touch_every: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle: Duration::minutes(30),
            absolute: Duration::hours(12),
            touch_every: Duration::minutes(1),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionVerdict {
    /// Still valid; `touch` says whether its last-seen time should be written now.
    Active {
        touch: bool,
    },
    IdleTimeout,
    AbsoluteTimeout,
}

pub fn assess(
    created_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
    now: DateTime<Utc>,
    policy: &SessionPolicy,
) -> SessionVerdict {
    if now - created_at >= policy.absolute {
        SessionVerdict::AbsoluteTimeout
    } else if now - last_seen_at >= policy.idle {
        SessionVerdict::IdleTimeout
    } else {
        SessionVerdict::Active {
            touch: now - last_seen_at >= policy.touch_every,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 28, 8, 0, 0)
            .single()
            .expect("valid time")
            + Duration::minutes(minutes)
    }

    #[test]
    fn sessions_end_when_idle_or_too_old() {
        let p = SessionPolicy::default();
        // (created, last seen, now, verdict)
        let cases = [
            (0, 0, 0, SessionVerdict::Active { touch: false }),
            (0, 0, 1, SessionVerdict::Active { touch: true }),
            (0, 0, 29, SessionVerdict::Active { touch: true }),
            (0, 0, 30, SessionVerdict::IdleTimeout),
            (0, 700, 719, SessionVerdict::Active { touch: true }),
            (0, 719, 720, SessionVerdict::AbsoluteTimeout),
            (0, 0, 10_000, SessionVerdict::AbsoluteTimeout),
        ];
        for (created, seen, now, verdict) in cases {
            assert_eq!(
                assess(at(created), at(seen), at(now), &p),
                verdict,
                "created {created} seen {seen} now {now}"
            );
        }
    }

    proptest! {
        #[test]
        fn a_session_older_than_the_absolute_limit_is_never_active(seen in 0i64..100_000, extra in 0i64..100_000) {
            let p = SessionPolicy::default();
            let now = at(p.absolute.num_minutes() + extra);
            let verdict = assess(at(0), at(seen.min(p.absolute.num_minutes() + extra)), now, &p);
            prop_assert_eq!(verdict, SessionVerdict::AbsoluteTimeout);
        }
    }
}
