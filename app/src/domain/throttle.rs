//! How many failed sign-ins an account may have before it must wait, and for how long.
use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    /// Failures inside `window` that block further attempts.
    pub max_failures: usize,
    /// The sliding window; its length is also the longest wait a real owner can face.
    pub window: Duration,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        Self {
            max_failures: 5,
            window: Duration::minutes(15),
        }
    }
}

/// Whether another sign-in attempt may be checked now, given the times of recent failures.
///
/// Returns how long to wait when blocked: until enough failures have left the window.
///
/// A failure stamped a little after `now` still counts: attempts sent at once (or by another
/// instance whose clock runs a little ahead) are recorded in an order their own clocks do not
/// follow, and each of them is a try.
pub fn check(
    failures: &[DateTime<Utc>],
    now: DateTime<Utc>,
    policy: &ThrottlePolicy,
) -> Result<(), Duration> {
    let mut recent: Vec<DateTime<Utc>> = failures
        .iter()
        .copied()
        .filter(|t| *t > now - policy.window)
        .collect();
    if recent.len() < policy.max_failures {
        return Ok(());
    }
    recent.sort_unstable();
    // The attempt is allowed again once only max_failures - 1 failures remain inside the window.
    let pivot = recent[recent.len() - policy.max_failures];
    Err((pivot + policy.window - now).clamp(Duration::seconds(1), policy.window))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn at(secs: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 28, 8, 0, 0)
            .single()
            .expect("valid time")
            + Duration::seconds(secs)
    }

    #[test]
    fn five_failures_in_fifteen_minutes_block_until_the_oldest_ages_out() {
        let p = ThrottlePolicy::default();
        let four: Vec<_> = (0..4).map(|i| at(i * 10)).collect();
        assert_eq!(check(&four, at(60), &p), Ok(()));
        let five: Vec<_> = (0..5).map(|i| at(i * 10)).collect();
        assert_eq!(check(&five, at(60), &p), Err(Duration::seconds(900 - 60)));
        assert_eq!(
            check(&five, at(900), &p),
            Ok(()),
            "the first failure has left the window"
        );
    }

    #[test]
    fn failures_stamped_a_moment_after_now_count_too() {
        let p = ThrottlePolicy::default();
        let racing: Vec<_> = (0..5).map(|i| at(60 + i)).collect();
        let wait = check(&racing, at(60), &p).expect_err("blocked");
        assert!(wait <= p.window && wait > Duration::zero());
    }

    #[test]
    fn old_failures_do_not_count() {
        let p = ThrottlePolicy::default();
        let old: Vec<_> = (0..50).map(at).collect();
        assert_eq!(check(&old, at(2000), &p), Ok(()));
    }

    proptest! {
        #[test]
        fn nobody_waits_longer_than_the_window(offsets in proptest::collection::vec(0i64..3600, 0..40), now in 0i64..4000) {
            let p = ThrottlePolicy::default();
            let failures: Vec<_> = offsets.into_iter().map(at).collect();
            if let Err(wait) = check(&failures, at(now), &p) {
                prop_assert!(wait <= p.window);
                prop_assert!(wait > Duration::zero());
            }
        }
    }
}
