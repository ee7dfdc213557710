//! The outbox's timing and wording rules: when a failed message is tried again and when it is
//! given up, which reminders are due, the key under which each reminder is queued only once, and
//! what the reminders say.
use super::{
    ids::ExpertId,
    readiness::{STALE_AFTER_DAYS, is_stale},
    vetting::CheckKind,
};
use chrono::{DateTime, Days, Duration, NaiveDate, Utc};

/// The delay after the first failed attempt; each further failure doubles it.
pub const FIRST_RETRY_MINUTES: i64 = 1;
/// No wait between two attempts is longer than this.
pub const MAX_RETRY_MINUTES: i64 = 6 * 60;
/// After this many failed attempts a message is given up and left for the secretariat to see.
pub const MAX_ATTEMPTS: u32 = 10;
/// Experts are reminded of a check this many days before it expires.
pub const EXPIRY_NOTICE_DAYS: u64 = 30;
/// The most of a delivery error that is kept (the column's length).
pub const ERROR_CHARS: usize = 500;

/// The kind of a "check expiring" reminder, as stored in `notifications.kind`.
pub const KIND_CHECK_EXPIRING: &str = "check_expiring";
/// The kind of an "availability stale" reminder, as stored in `notifications.kind`.
pub const KIND_AVAILABILITY_STALE: &str = "availability_stale";

/// The wait before the next attempt once `attempts_so_far` attempts have failed: 1 min, 2, 4, …
/// up to [`MAX_RETRY_MINUTES`]. Zero attempts waits like one.
pub fn retry_delay(attempts_so_far: u32) -> Duration {
    // The cap is passed long before 16 doublings; stopping there keeps the shift in range.
    let doublings = attempts_so_far.saturating_sub(1).min(16);
    let minutes = FIRST_RETRY_MINUTES
        .saturating_mul(1i64 << doublings)
        .min(MAX_RETRY_MINUTES);
    Duration::minutes(minutes)
}

/// When to try again after `attempts_so_far` failed attempts, or `None` to give up.
pub fn next_attempt(attempts_so_far: u32, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    if attempts_so_far >= MAX_ATTEMPTS {
        return None;
    }
    Some(
        now.checked_add_signed(retry_delay(attempts_so_far))
            .unwrap_or(DateTime::<Utc>::MAX_UTC),
    )
}

/// What is kept of a delivery error: trimmed, at most [`ERROR_CHARS`] characters, never empty.
pub fn error_summary(error: &str) -> String {
    let error = error.trim();
    if error.is_empty() {
        return "unknown error".to_owned();
    }
    error.chars().take(ERROR_CHARS).collect()
}

/// A check expiring on `expires_on` is worth a reminder from [`EXPIRY_NOTICE_DAYS`] days before
/// through its last valid day (a check is valid up to and including its expiry date).
pub fn check_expiry_reminder_due(expires_on: NaiveDate, today: NaiveDate) -> bool {
    today <= expires_on && expires_on <= expiry_notice_until(today)
}

/// The last expiry date that is due for a reminder today, for narrowing a query.
pub fn expiry_notice_until(today: NaiveDate) -> NaiveDate {
    today
        .checked_add_days(Days::new(EXPIRY_NOTICE_DAYS))
        .unwrap_or(NaiveDate::MAX)
}

/// Availability confirmed before this day is stale today (the rule of
/// [`super::readiness::is_stale`], as a bound a query can use).
pub fn stale_before(today: NaiveDate) -> NaiveDate {
    today
        .checked_sub_days(Days::new(STALE_AFTER_DAYS.unsigned_abs()))
        .unwrap_or(NaiveDate::MIN)
}

/// Whether an expert whose availability was last confirmed on `last_confirmed` is reminded.
pub fn stale_availability_reminder_due(
    last_confirmed: Option<NaiveDate>,
    today: NaiveDate,
) -> bool {
    is_stale(last_confirmed, today)
}

/// One reminder per check and expiry date: a renewed check (a new date) is reminded again.
pub fn check_expiry_key(expert: ExpertId, kind: CheckKind, expires_on: NaiveDate) -> String {
    format!("check-expiry:{expert}:{}:{expires_on}", kind.as_str())
}

/// One reminder per confirmation: once the expert confirms again and that goes stale, a new one.
pub fn stale_availability_key(expert: ExpertId, last_confirmed: Option<NaiveDate>) -> String {
    match last_confirmed {
        Some(on) => format!("availability-stale:{expert}:{on}"),
        None => format!("availability-stale:{expert}:never"),
    }
}

/// A message's subject and plain-text body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wording {
    pub subject: String,
    pub body: String,
}

const SIGNATURE: &str = "The Blue Suits roster secretariat";

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The reminder that a check runs out soon; `name` is how the expert is addressed.
pub fn check_expiry_wording(name: &str, kind: CheckKind, expires_on: NaiveDate) -> Wording {
    let label = kind.label();
    Wording {
        subject: format!("{} expires on {expires_on}", capitalised(label)),
        body: format!(
            "Dear {name},\n\n\
             Your {label} on the Blue Suits roster expires on {expires_on}. \
             Please arrange its renewal and send the new certificate to your roster office, \
             so that you can still be deployed after that date.\n\n\
             {SIGNATURE}"
        ),
    }
}

/// The reminder to confirm one's availability.
pub fn stale_availability_wording(name: &str, last_confirmed: Option<NaiveDate>) -> Wording {
    let since = match last_confirmed {
        Some(on) => format!("You last confirmed your availability on {on}."),
        None => "You have not confirmed your availability yet.".to_owned(),
    };
    Wording {
        subject: "Please confirm your availability".to_owned(),
        body: format!(
            "Dear {name},\n\n\
             {since} Availability that has not been confirmed for {STALE_AFTER_DAYS} days is \
             shown as out of date, and mission planners may pass you over. Please sign in to \
             Blue Suits and confirm or update your availability and notice period.\n\n\
             {SIGNATURE}"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0)
            .single()
            .expect("valid time")
            + Duration::minutes(minutes)
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    fn expert() -> ExpertId {
        ExpertId(uuid::Uuid::from_u128(7))
    }

    #[test]
    fn each_failure_doubles_the_wait_until_the_message_is_given_up() {
        // (failed attempts so far, minutes until the next attempt; None = given up)
        let table = [
            (0, Some(1)),
            (1, Some(1)),
            (2, Some(2)),
            (3, Some(4)),
            (4, Some(8)),
            (5, Some(16)),
            (6, Some(32)),
            (7, Some(64)),
            (8, Some(128)),
            (9, Some(256)),
            (10, None),
            (11, None),
            (u32::MAX, None),
        ];
        for (attempts, minutes) in table {
            assert_eq!(
                next_attempt(attempts, at(0)),
                minutes.map(at),
                "after {attempts} attempts"
            );
        }
    }

    #[test]
    fn the_wait_is_capped_at_six_hours() {
        assert_eq!(retry_delay(10), Duration::hours(6));
        assert_eq!(retry_delay(40), Duration::hours(6));
        assert_eq!(retry_delay(u32::MAX), Duration::hours(6));
    }

    #[test]
    fn an_error_is_kept_short_and_never_empty() {
        assert_eq!(
            error_summary("  550 mailbox unavailable \n"),
            "550 mailbox unavailable"
        );
        assert_eq!(error_summary(""), "unknown error");
        let long = "é".repeat(2 * ERROR_CHARS);
        assert_eq!(error_summary(&long).chars().count(), ERROR_CHARS);
    }

    #[test]
    fn a_check_is_reminded_in_the_thirty_days_up_to_its_last_valid_day() {
        let today = day("2026-12-01");
        // (expires on, reminder due)
        let table = [
            ("2026-11-30", false),
            ("2026-12-01", true),
            ("2026-12-02", true),
            ("2026-12-31", true),
            ("2027-01-01", false),
            ("2027-06-01", false),
        ];
        for (expires, due) in table {
            assert_eq!(
                check_expiry_reminder_due(day(expires), today),
                due,
                "expires {expires}"
            );
        }
        assert_eq!(expiry_notice_until(today), day("2026-12-31"));
    }

    #[test]
    fn availability_is_reminded_when_readiness_calls_it_stale() {
        let today = day("2026-12-01");
        assert_eq!(stale_before(today), day("2026-09-02"));
        for offset in [0u64, 1, 89, 90, 91, 365] {
            let confirmed = today - Days::new(offset);
            assert_eq!(
                stale_availability_reminder_due(Some(confirmed), today),
                is_stale(Some(confirmed), today),
                "confirmed {offset} days ago"
            );
            assert_eq!(
                stale_availability_reminder_due(Some(confirmed), today),
                confirmed < stale_before(today),
                "the query bound agrees, {offset} days ago"
            );
        }
        assert!(stale_availability_reminder_due(None, today));
    }

    #[test]
    fn reminder_keys_change_with_the_date_they_are_about() {
        let a = check_expiry_key(expert(), CheckKind::Medical, day("2027-01-04"));
        assert_eq!(
            a,
            "check-expiry:00000000-0000-0000-0000-000000000007:medical:2027-01-04"
        );
        assert_ne!(
            a,
            check_expiry_key(expert(), CheckKind::Medical, day("2028-01-04"))
        );
        assert_ne!(
            a,
            check_expiry_key(expert(), CheckKind::Background, day("2027-01-04"))
        );
        assert_ne!(
            stale_availability_key(expert(), Some(day("2026-08-01"))),
            stale_availability_key(expert(), Some(day("2026-09-01")))
        );
        assert_eq!(
            stale_availability_key(expert(), None),
            "availability-stale:00000000-0000-0000-0000-000000000007:never"
        );
        // The column holds 200 characters.
        let longest = CheckKind::ALL
            .into_iter()
            .map(|k| check_expiry_key(expert(), k, NaiveDate::MAX).len())
            .max()
            .unwrap_or(0);
        assert!(longest <= 200);
    }

    #[test]
    fn reminders_name_the_check_and_the_date() {
        let w = check_expiry_wording("Aminata Touré", CheckKind::Medical, day("2027-01-04"));
        assert_eq!(w.subject, "Medical clearance expires on 2027-01-04");
        assert!(w.body.starts_with("Dear Aminata Touré,"));
        assert!(
            w.body
                .contains("medical clearance on the Blue Suits roster expires on 2027-01-04")
        );
        let s = stale_availability_wording("Aminata Touré", Some(day("2026-08-01")));
        assert!(
            s.body
                .contains("last confirmed your availability on 2026-08-01")
        );
        assert!(
            stale_availability_wording("A", None)
                .body
                .contains("not confirmed your availability yet")
        );
    }

    proptest! {
        #[test]
        fn waits_never_shrink_and_stay_between_one_minute_and_six_hours(n in 0u32..100_000) {
            let (this, next) = (retry_delay(n), retry_delay(n + 1));
            prop_assert!(this <= next);
            prop_assert!(this >= Duration::minutes(FIRST_RETRY_MINUTES));
            prop_assert!(next <= Duration::minutes(MAX_RETRY_MINUTES));
        }

        #[test]
        fn a_retry_is_always_later_and_none_follows_the_last_attempt(
            n in 0u32..40,
            secs in 0i64..4_000_000_000,
        ) {
            let now = DateTime::from_timestamp(secs, 0).expect("time");
            match next_attempt(n, now) {
                Some(then) => {
                    prop_assert!(n < MAX_ATTEMPTS);
                    prop_assert!(then > now);
                    prop_assert!(then - now <= Duration::minutes(MAX_RETRY_MINUTES));
                }
                None => prop_assert!(n >= MAX_ATTEMPTS),
            }
        }

        #[test]
        fn a_check_is_due_exactly_when_it_expires_within_the_notice_period(offset in -400i64..400) {
            let today = day("2026-12-01");
            let expires = today + Duration::days(offset);
            let notice = i64::try_from(EXPIRY_NOTICE_DAYS).expect("small");
            prop_assert_eq!(
                check_expiry_reminder_due(expires, today),
                (0..=notice).contains(&offset)
            );
        }
    }
}
