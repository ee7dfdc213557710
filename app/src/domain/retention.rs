//! How long an expert's personal data is kept, when a record may be erased, and how the audit
//! log's snapshots of a person are redacted: rules only, the caller passes `today`.
use crate::domain::{deployment::DeploymentState, vetting::RosterStatus};
use chrono::{Days, NaiveDate};
use serde_json::Value;

/// Kept two years after the last deployment or decision, unless configured otherwise.
pub const DEFAULT_RETENTION_DAYS: u32 = 730;
/// The shortest period an operator may set: a decision can still be contested for a month.
pub const MIN_RETENTION_DAYS: u32 = 30;
/// Ten years: beyond this the setting is a typo, not a policy.
pub const MAX_RETENTION_DAYS: u32 = 3650;
/// What an erased snapshot value reads as in the audit log.
pub const ERASED: &str = "[erased]";
pub const MAX_REASON_CHARS: usize = 2000;

/// A retention period in days, parsed from configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionPeriod(u32);

impl RetentionPeriod {
    pub fn parse(days: u32) -> Result<Self, String> {
        if (MIN_RETENTION_DAYS..=MAX_RETENTION_DAYS).contains(&days) {
            Ok(Self(days))
        } else {
            Err(format!(
                "the retention period must be {MIN_RETENTION_DAYS} to {MAX_RETENTION_DAYS} days, not {days}"
            ))
        }
    }

    pub fn days(self) -> u32 {
        self.0
    }

    /// Records whose last activity is on or before this day are due on `today`.
    pub fn cutoff(self, today: NaiveDate) -> NaiveDate {
        today
            .checked_sub_days(Days::new(u64::from(self.0)))
            .unwrap_or(NaiveDate::MIN)
    }
}

impl Default for RetentionPeriod {
    fn default() -> Self {
        Self(DEFAULT_RETENTION_DAYS)
    }
}

/// Only people no longer on the roster: a withdrawn or rejected nominee.
pub fn is_off_roster(status: RosterStatus) -> bool {
    matches!(status, RosterStatus::Withdrawn | RosterStatus::Rejected)
}

/// A record is reduced once its holder is off the roster and the period has passed since the last
/// thing that happened to them: the status decision, or the end of their last deployment or offer.
pub fn reduction_due(
    status: RosterStatus,
    last_activity: NaiveDate,
    today: NaiveDate,
    period: RetentionPeriod,
) -> bool {
    is_off_roster(status) && last_activity <= period.cutoff(today)
}

/// Why an erasure on request is refused now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErasureRefusal {
    /// Still on the roster: withdrawing first releases offers and bookings through their rules.
    StillOnRoster(RosterStatus),
    /// An offer waits for an answer or a deployment holds dates: duty of care comes first.
    DeploymentUnderway(DeploymentState),
}

impl std::fmt::Display for ErasureRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ErasureRefusal::StillOnRoster(status) => write!(
                f,
                "the expert is {status}; withdraw them from the roster first (giving the erasure \
                 request as the reason), which releases their offers and bookings"
            ),
            ErasureRefusal::DeploymentUnderway(state) => write!(
                f,
                "a deployment of this expert is {state}; it must end before their data is erased"
            ),
        }
    }
}

/// An erasure on request needs the person off the roster and nothing of theirs under way.
pub fn may_erase(
    status: RosterStatus,
    deployments: &[DeploymentState],
) -> Result<(), ErasureRefusal> {
    if !is_off_roster(status) {
        return Err(ErasureRefusal::StillOnRoster(status));
    }
    match deployments
        .iter()
        .find(|s| s.books_dates() || **s == DeploymentState::Offered)
    {
        Some(state) => Err(ErasureRefusal::DeploymentUnderway(*state)),
        None => Ok(()),
    }
}

/// The reason the secretariat gives for an erasure, trimmed; it is kept in the audit log, so it
/// should name the request, not repeat the person's details.
pub fn parse_reason(raw: &str) -> Result<String, String> {
    let reason = raw.trim();
    let chars = reason.chars().count();
    if chars == 0 {
        Err("say why the record is erased (for example, the request's date and channel)".to_owned())
    } else if chars > MAX_REASON_CHARS {
        Err(format!(
            "the reason is {chars} characters long; at most {MAX_REASON_CHARS} are kept"
        ))
    } else {
        Ok(reason.to_owned())
    }
}

/// The fields an erasure removes, named in its audit event (their values are not).
pub const ERASED_FIELDS: &[&str] = &[
    "external_ref",
    "given_names",
    "family_name",
    "latin_name",
    "gender",
    "date_of_birth",
    "email",
    "phone",
    "nationalities",
    "regions",
    "availability_windows",
    "prior_missions",
    "language_claims",
    "check_notes",
    "status_reasons",
    "offer_answers",
    "messages",
    "invitations",
    "upload_report_rows",
    "account",
];

/// Snapshot keys whose values identify or describe the person in their own or others' words.
/// A key's whole value goes, whatever its shape (a `{from, to}` change included).
const PERSONAL_KEYS: &[&str] = &[
    "external_ref",
    "given_names",
    "family_name",
    "latin_name",
    "name",
    "display_name",
    "gender",
    "date_of_birth",
    "email",
    "phone",
    "nationalities",
    "prior_missions",
    "reason",
    "note",
    "answer_reason",
    "link",
    "account_email",
];

/// The snapshot with every personal value replaced by [`ERASED`]; every other value, and the
/// shape, stays, so the log still says which fields changed and what the status moves were.
pub fn redact(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let kept = if PERSONAL_KEYS.contains(&k.as_str()) {
                        Value::String(ERASED.to_owned())
                    } else {
                        redact(v)
                    };
                    (k.clone(), kept)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(redact).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
    }

    #[test]
    fn a_period_outside_a_month_to_ten_years_is_refused() {
        for (days, ok) in [
            (0, false),
            (29, false),
            (30, true),
            (730, true),
            (3650, true),
            (3651, false),
        ] {
            assert_eq!(RetentionPeriod::parse(days).is_ok(), ok, "{days} days");
        }
        assert_eq!(RetentionPeriod::default().days(), 730);
    }

    #[test]
    fn only_people_off_the_roster_for_the_whole_period_are_due() {
        let period = RetentionPeriod::default();
        let today = day(2026, 12, 2);
        let cases = [
            (RosterStatus::Withdrawn, day(2024, 12, 2), true),
            (RosterStatus::Withdrawn, day(2024, 12, 3), false),
            (RosterStatus::Rejected, day(2020, 1, 1), true),
            (RosterStatus::Vetted, day(2020, 1, 1), false),
            (RosterStatus::Suspended, day(2020, 1, 1), false),
            (RosterStatus::Nominated, day(2020, 1, 1), false),
            (RosterStatus::UnderReview, day(2020, 1, 1), false),
        ];
        for (status, last, due) in cases {
            assert_eq!(
                reduction_due(status, last, today, period),
                due,
                "{status} last active {last}"
            );
        }
    }

    #[test]
    fn erasure_waits_for_withdrawal_and_for_every_deployment_to_end() {
        use DeploymentState::*;
        let cases: [(RosterStatus, &[DeploymentState], bool); 8] = [
            (RosterStatus::Withdrawn, &[], true),
            (
                RosterStatus::Rejected,
                &[Completed, Declined, Cancelled],
                true,
            ),
            (RosterStatus::Withdrawn, &[Expired, Withdrawn], true),
            (RosterStatus::Vetted, &[], false),
            (RosterStatus::Suspended, &[], false),
            (RosterStatus::Withdrawn, &[Offered], false),
            (RosterStatus::Withdrawn, &[Completed, Deployed], false),
            (RosterStatus::Withdrawn, &[Preparing], false),
        ];
        for (status, deployments, ok) in cases {
            assert_eq!(
                may_erase(status, deployments).is_ok(),
                ok,
                "{status} with {deployments:?}"
            );
        }
    }

    #[test]
    fn a_reason_is_required_and_bounded() {
        assert!(parse_reason("   ").is_err());
        assert_eq!(
            parse_reason(" e-mail of 2 Dec ").as_deref(),
            Ok("e-mail of 2 Dec")
        );
        assert!(parse_reason(&"x".repeat(MAX_REASON_CHARS + 1)).is_err());
    }

    #[test]
    fn redaction_erases_personal_values_at_any_depth_and_keeps_the_rest() {
        let before = json!({
            "given_names": "Aminata", "family_name": "Diallo", "email": "a@example.org",
            "roster_status": "vetted", "categories": ["judge"],
            "changes": {"phone": {"from": "+221 1", "to": "+221 2"}, "notice_days": {"from": 7, "to": 3}},
            "rows": [{"external_ref": "SEN-1", "years_experience": 12}],
        });
        let after = redact(&before);
        assert_eq!(
            after,
            json!({
                "given_names": ERASED, "family_name": ERASED, "email": ERASED,
                "roster_status": "vetted", "categories": ["judge"],
                "changes": {"phone": ERASED, "notice_days": {"from": 7, "to": 3}},
                "rows": [{"external_ref": ERASED, "years_experience": 12}],
            })
        );
    }

    fn snapshot() -> impl Strategy<Value = Value> {
        let key = prop::sample::select(vec![
            "email",
            "family_name",
            "reason",
            "note",
            "status",
            "count",
            "changes",
            "rows",
        ]);
        let leaf = prop_oneof![
            any::<i64>().prop_map(Value::from),
            "[a-z@.]{0,12}".prop_map(Value::from),
            Just(Value::Null),
        ];
        leaf.prop_recursive(4, 40, 6, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map(key.clone(), inner, 0..5).prop_map(|m| {
                    Value::Object(m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
                }),
            ]
        })
    }

    fn personal_values_left(value: &Value) -> bool {
        match value {
            Value::Object(map) => map.iter().any(|(k, v)| {
                (PERSONAL_KEYS.contains(&k.as_str()) && v != &Value::String(ERASED.to_owned()))
                    || personal_values_left(v)
            }),
            Value::Array(items) => items.iter().any(personal_values_left),
            _ => false,
        }
    }

    proptest! {
        #[test]
        fn redaction_leaves_no_personal_value_and_changes_nothing_twice(value in snapshot()) {
            let once = redact(&value);
            prop_assert!(!personal_values_left(&once));
            prop_assert_eq!(redact(&once), once.clone());
            if !personal_values_left(&value) {
                prop_assert_eq!(once, value);
            }
        }
    }
}
