//! A candidate's roster status, who decides on it, and which moves each decider may make.
use super::*;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where a candidate stands on the roster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RosterStatus {
    Nominated,
    UnderReview,
    Vetted,
    Suspended,
    Withdrawn,
    Rejected,
}

impl RosterStatus {
    pub const ALL: [RosterStatus; 6] = [
        RosterStatus::Nominated,
        RosterStatus::UnderReview,
        RosterStatus::Vetted,
        RosterStatus::Suspended,
        RosterStatus::Withdrawn,
        RosterStatus::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RosterStatus::Nominated => "nominated",
            RosterStatus::UnderReview => "under_review",
            RosterStatus::Vetted => "vetted",
            RosterStatus::Suspended => "suspended",
            RosterStatus::Withdrawn => "withdrawn",
            RosterStatus::Rejected => "rejected",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        Self::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(raw))
    }

    pub fn label(self) -> &'static str {
        match self {
            RosterStatus::Nominated => "Nominated",
            RosterStatus::UnderReview => "Under review",
            RosterStatus::Vetted => "Vetted",
            RosterStatus::Suspended => "Suspended",
            RosterStatus::Withdrawn => "Withdrawn",
            RosterStatus::Rejected => "Rejected",
        }
    }
}

/// Plain words for use inside sentences: "cannot move from under review to nominated".
impl fmt::Display for RosterStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RosterStatus::UnderReview => "under review",
            other => other.as_str(),
        })
    }
}

/// Who asks for a status change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decider {
    /// The roster's own staff, who alone make vetting decisions.
    Secretariat,
    /// The roster office of the state that nominated the expert.
    NominatingState,
}

pub const MAX_REASON_CHARS: usize = 2000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum TransitionError {
    #[error("the expert is already {0}")]
    Unchanged(RosterStatus),
    #[error("cannot move from {from} to {to}")]
    NotAllowed {
        from: RosterStatus,
        to: RosterStatus,
    },
    #[error("only the secretariat can make this vetting decision")]
    SecretariatOnly,
    #[error("cannot vet: {}", .0.join("; "))]
    ChecksIncomplete(Vec<String>),
    /// Also when the reason is too long: either way the reason field needs fixing.
    #[error("give a reason of 1 to 2,000 characters; every decision records why it was taken")]
    ReasonRequired,
}

pub(super) struct Rule {
    secretariat_only: bool,
    needs_checks: bool,
}

/// The one table of status moves; [`decide`] and [`allowed_next`] both read it, so the choices
/// a page offers are exactly the ones that can succeed.
pub(super) fn rule(from: RosterStatus, to: RosterStatus) -> Option<Rule> {
    use RosterStatus::*;
    let secretariat = Rule {
        secretariat_only: true,
        needs_checks: false,
    };
    match (from, to) {
        (Nominated, UnderReview)
        | (Nominated | UnderReview, Rejected)
        | (Vetted, Suspended)
        | (Vetted | Suspended, UnderReview) => Some(secretariat),
        (UnderReview | Suspended, Vetted) => Some(Rule {
            secretariat_only: true,
            needs_checks: true,
        }),
        // A state may always take its candidate off the roster, and put them forward again.
        (Nominated | UnderReview | Vetted | Suspended, Withdrawn)
        | (Withdrawn | Rejected, Nominated) => Some(Rule {
            secretariat_only: false,
            needs_checks: false,
        }),
        _ => None,
    }
}

pub(super) fn may(rule: &Rule, by: Decider) -> bool {
    !rule.secretariat_only || by == Decider::Secretariat
}

/// Whether `by` may move an expert from `from` to `to` now, for `reason`.
///
/// Vetting (also reinstating a suspended expert) needs every mandatory check passed and valid
/// today; a check stays valid up to and including its expiry date.
pub fn decide(
    from: RosterStatus,
    to: RosterStatus,
    by: Decider,
    reason: &str,
    checks: &[CheckRecord],
    today: NaiveDate,
) -> Result<(), TransitionError> {
    if from == to {
        return Err(TransitionError::Unchanged(to));
    }
    let rule = rule(from, to).ok_or(TransitionError::NotAllowed { from, to })?;
    if !may(&rule, by) {
        return Err(TransitionError::SecretariatOnly);
    }
    // Checks come before the reason: no point asking for a reason for a move that cannot happen.
    if rule.needs_checks {
        let gaps = check_gaps(checks, today, today);
        if !gaps.is_empty() {
            return Err(TransitionError::ChecksIncomplete(
                gaps.into_iter()
                    .map(|(kind, gap)| gap.describe(kind))
                    .collect(),
            ));
        }
    }
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS {
        return Err(TransitionError::ReasonRequired);
    }
    Ok(())
}

/// The statuses `by` may choose from `from`, in [`RosterStatus::ALL`] order; a choice may still
/// be refused by [`decide`] for a missing reason or incomplete checks.
pub fn allowed_next(from: RosterStatus, by: Decider) -> Vec<RosterStatus> {
    RosterStatus::ALL
        .into_iter()
        .filter(|to| *to != from && rule(from, *to).is_some_and(|r| may(&r, by)))
        .collect()
}
