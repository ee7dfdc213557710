//! The five mandatory checks: their kinds and states, what is missing or expiring, and how a recorded check is validated.
use crate::domain::expert::FieldError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One of the five checks every expert must pass before deployment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    Background,
    References,
    HumanRights,
    Medical,
    SecurityTraining,
}

impl CheckKind {
    /// All five are mandatory, so this is also the list of what deployment requires.
    pub const ALL: [CheckKind; 5] = [
        CheckKind::Background,
        CheckKind::References,
        CheckKind::HumanRights,
        CheckKind::Medical,
        CheckKind::SecurityTraining,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CheckKind::Background => "background",
            CheckKind::References => "references",
            CheckKind::HumanRights => "human_rights",
            CheckKind::Medical => "medical",
            CheckKind::SecurityTraining => "security_training",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        Self::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(raw))
    }

    /// Lower-case, so that it reads inside a sentence: "medical clearance expired 2026-01-03".
    pub fn label(self) -> &'static str {
        match self {
            CheckKind::Background => "criminal-record / background check",
            CheckKind::References => "references",
            CheckKind::HumanRights => "human-rights screening",
            CheckKind::Medical => "medical clearance",
            CheckKind::SecurityTraining => "field security training",
        }
    }

    pub fn expires(self) -> bool {
        self.default_validity_days().is_some()
    }

    /// Checks run on the person the record names: they vouch for an identity, so a changed
    /// identity needs them again. Medical clearance and security training belong to whoever took
    /// them and are renewed on their own expiry anyway.
    pub fn vouches_for_identity(self) -> bool {
        matches!(
            self,
            CheckKind::Background | CheckKind::References | CheckKind::HumanRights
        )
    }

    /// The typical validity the secretariat starts from; the expiry recorded on a check wins.
    pub fn default_validity_days(self) -> Option<u32> {
        match self {
            CheckKind::Background => Some(730),
            CheckKind::References | CheckKind::HumanRights => None,
            CheckKind::Medical => Some(365),
            CheckKind::SecurityTraining => Some(1095),
        }
    }
}

impl fmt::Display for CheckKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckStatus {
    Pending,
    Passed,
    Failed,
}

impl CheckStatus {
    pub const ALL: [CheckStatus; 3] = [
        CheckStatus::Pending,
        CheckStatus::Passed,
        CheckStatus::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CheckStatus::Pending => "pending",
            CheckStatus::Passed => "passed",
            CheckStatus::Failed => "failed",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        Self::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(raw))
    }
}

impl fmt::Display for CheckStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A check as recorded for one expert. A check is valid up to and including its expiry date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckRecord {
    pub kind: CheckKind,
    pub status: CheckStatus,
    pub done_on: Option<NaiveDate>,
    pub expires_on: Option<NaiveDate>,
}

/// Why a mandatory check does not hold up to a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckGap {
    Missing,
    Pending,
    Failed,
    /// Passed, but an expiring kind recorded without its expiry date, so nobody can vouch for it.
    Undated,
    /// The check ran out on this day, before today.
    Expired(NaiveDate),
    /// Valid today, but it runs out on this day, before the day it is needed up to.
    EndsBefore(NaiveDate),
}

impl CheckGap {
    /// An English phrase naming the check, e.g. "medical clearance expired 2026-01-03".
    pub fn describe(self, kind: CheckKind) -> String {
        let label = kind.label();
        match self {
            CheckGap::Missing => format!("{label} not recorded"),
            CheckGap::Pending => format!("{label} pending"),
            CheckGap::Failed => format!("{label} failed"),
            CheckGap::Undated => format!("{label} has no expiry date"),
            CheckGap::Expired(on) => format!("{label} expired {on}"),
            CheckGap::EndsBefore(on) => format!("{label} expires {on}"),
        }
    }
}

pub(super) fn gap_of(
    check: &CheckRecord,
    today: NaiveDate,
    through: NaiveDate,
) -> Option<CheckGap> {
    match (check.status, check.expires_on) {
        (CheckStatus::Pending, _) => Some(CheckGap::Pending),
        (CheckStatus::Failed, _) => Some(CheckGap::Failed),
        (CheckStatus::Passed, None) if check.kind.expires() => Some(CheckGap::Undated),
        (CheckStatus::Passed, None) => None,
        // An expiry is honoured even on a kind that should not have one: stored data may be odd,
        // and erring towards "not valid" is the safe side for a deployment.
        (CheckStatus::Passed, Some(on)) if on < today => Some(CheckGap::Expired(on)),
        (CheckStatus::Passed, Some(on)) if on < through => Some(CheckGap::EndsBefore(on)),
        (CheckStatus::Passed, Some(_)) => None,
    }
}

/// Every mandatory check that is not passed and valid from `today` up to and including `through`,
/// ordered by kind. Several records of one kind all have to hold, so a stray failed record is
/// never hidden by a passed one.
pub fn check_gaps(
    checks: &[CheckRecord],
    today: NaiveDate,
    through: NaiveDate,
) -> Vec<(CheckKind, CheckGap)> {
    let mut gaps: Vec<(CheckKind, CheckGap)> = Vec::new();
    for kind in CheckKind::ALL {
        let mut records = checks.iter().filter(|c| c.kind == kind).peekable();
        if records.peek().is_none() {
            gaps.push((kind, CheckGap::Missing));
        }
        gaps.extend(
            records
                .filter_map(|c| gap_of(c, today, through))
                .map(|g| (kind, g)),
        );
    }
    gaps.sort();
    gaps.dedup();
    gaps
}

/// Checks what is recorded about one check before it is stored.
pub fn validate_check(
    kind: CheckKind,
    status: CheckStatus,
    done_on: Option<NaiveDate>,
    expires_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    match done_on {
        Some(done) if done > today => errors.push(FieldError::new(
            "done_on",
            format!("{done} is in the future; record a check once it is done"),
        )),
        None if status != CheckStatus::Pending => errors.push(FieldError::new(
            "done_on",
            format!("a {status} check needs the date it was done"),
        )),
        _ => {}
    }
    match (kind.default_validity_days(), expires_on) {
        (None, Some(_)) => {
            // "references" is plural.
            let verb = if kind == CheckKind::References {
                "do"
            } else {
                "does"
            };
            errors.push(FieldError::new(
                "expires_on",
                format!(
                    "{} {verb} not expire; leave the expiry date empty",
                    kind.label()
                ),
            ));
        }
        (Some(days), None) if status == CheckStatus::Passed => {
            let hint = done_on
                .and_then(|d| d.checked_add_days(chrono::Days::new(u64::from(days))))
                .map(|d| format!(" (typically {days} days after it was done: {d})"))
                .unwrap_or_default();
            errors.push(FieldError::new(
                "expires_on",
                format!("{} expires; give its expiry date{hint}", kind.label()),
            ));
        }
        (Some(_), Some(expires)) => {
            if let Some(done) = done_on
                && expires <= done
            {
                errors.push(FieldError::new(
                    "expires_on",
                    format!("the expiry date {expires} must be after the date done ({done})"),
                ));
            }
        }
        (_, None) => {}
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}
