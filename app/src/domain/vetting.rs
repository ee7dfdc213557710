//! Vetting: the five mandatory checks, a candidate's roster status, and who may move it where.
use super::expert::FieldError;
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

fn gap_of(check: &CheckRecord, today: NaiveDate, through: NaiveDate) -> Option<CheckGap> {
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

struct Rule {
    secretariat_only: bool,
    needs_checks: bool,
}

/// The one table of status moves; [`decide`] and [`allowed_next`] both read it, so the choices
/// a page offers are exactly the ones that can succeed.
fn rule(from: RosterStatus, to: RosterStatus) -> Option<Rule> {
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

fn may(rule: &Rule, by: Decider) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;
    use CheckKind::*;
    use RosterStatus::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    fn today() -> NaiveDate {
        day("2026-11-29")
    }

    fn passed(kind: CheckKind, expires_on: Option<&str>) -> CheckRecord {
        CheckRecord {
            kind,
            status: CheckStatus::Passed,
            done_on: Some(day("2026-01-10")),
            expires_on: expires_on.map(day),
        }
    }

    fn all_passed() -> Vec<CheckRecord> {
        CheckKind::ALL
            .into_iter()
            .map(|k| passed(k, k.expires().then_some("2028-01-01")))
            .collect()
    }

    #[test]
    fn check_kinds_and_statuses_have_stable_names() {
        let names: Vec<_> = CheckKind::ALL.into_iter().map(CheckKind::as_str).collect();
        assert_eq!(
            names,
            [
                "background",
                "references",
                "human_rights",
                "medical",
                "security_training"
            ]
        );
        for k in CheckKind::ALL {
            assert_eq!(CheckKind::parse(k.as_str()), Some(k));
            assert_eq!(
                serde_json::to_string(&k).expect("json"),
                format!("\"{}\"", k.as_str())
            );
        }
        for s in CheckStatus::ALL {
            assert_eq!(CheckStatus::parse(s.as_str()), Some(s));
            assert_eq!(
                serde_json::to_string(&s).expect("json"),
                format!("\"{}\"", s.as_str())
            );
        }
        for s in RosterStatus::ALL {
            assert_eq!(RosterStatus::parse(s.as_str()), Some(s));
            assert_eq!(
                serde_json::to_string(&s).expect("json"),
                format!("\"{}\"", s.as_str())
            );
        }
        assert_eq!(CheckKind::parse("x-ray"), None);
        assert_eq!(RosterStatus::parse("under review"), None);
        assert_eq!(Medical.label(), "medical clearance");
    }

    #[test]
    fn background_medical_and_security_training_expire_with_typical_validities() {
        let table: Vec<_> = CheckKind::ALL
            .into_iter()
            .map(|k| (k, k.expires(), k.default_validity_days()))
            .collect();
        assert_eq!(
            table,
            [
                (Background, true, Some(730)),
                (References, false, None),
                (HumanRights, false, None),
                (Medical, true, Some(365)),
                (SecurityTraining, true, Some(1095)),
            ]
        );
    }

    #[test]
    fn recorded_checks_are_validated_field_by_field() {
        use CheckStatus::{Failed, Passed, Pending};
        type Case = (
            CheckKind,
            CheckStatus,
            Option<&'static str>,
            Option<&'static str>,
            &'static [(&'static str, &'static str)],
        );
        let cases: [Case; 11] = [
            (Medical, Passed, Some("2026-11-01"), Some("2027-11-01"), &[]),
            (References, Passed, Some("2026-11-29"), None, &[]),
            (References, Failed, Some("2026-11-01"), None, &[]),
            (Background, Pending, None, None, &[]),
            (Background, Failed, Some("2026-11-01"), None, &[]),
            (
                Medical,
                Passed,
                None,
                Some("2027-11-01"),
                &[("done_on", "a passed check needs the date it was done")],
            ),
            (
                HumanRights,
                Failed,
                None,
                None,
                &[("done_on", "a failed check needs the date it was done")],
            ),
            (
                Medical,
                Passed,
                Some("2026-11-30"),
                Some("2027-11-30"),
                &[(
                    "done_on",
                    "2026-11-30 is in the future; record a check once it is done",
                )],
            ),
            (
                Medical,
                Passed,
                Some("2026-11-01"),
                None,
                &[(
                    "expires_on",
                    "medical clearance expires; give its expiry date (typically 365 days after it was done: 2027-11-01)",
                )],
            ),
            (
                SecurityTraining,
                Passed,
                Some("2026-11-01"),
                Some("2026-11-01"),
                &[(
                    "expires_on",
                    "the expiry date 2026-11-01 must be after the date done (2026-11-01)",
                )],
            ),
            (
                References,
                Passed,
                None,
                Some("2027-01-01"),
                &[
                    ("done_on", "a passed check needs the date it was done"),
                    (
                        "expires_on",
                        "references do not expire; leave the expiry date empty",
                    ),
                ],
            ),
        ];
        for (kind, status, done, expires, expected) in cases {
            let got = validate_check(kind, status, done.map(day), expires.map(day), today());
            let got: Vec<(&str, String)> = got
                .err()
                .unwrap_or_default()
                .into_iter()
                .map(|e| (e.field, e.message))
                .collect();
            let expected: Vec<(&str, String)> = expected
                .iter()
                .map(|(f, m)| (*f, (*m).to_owned()))
                .collect();
            assert_eq!(got, expected, "{kind:?} {status:?} {done:?} {expires:?}");
        }
    }

    /// The transition table written out independently of the code: (from, to, secretariat only).
    const TABLE: [(RosterStatus, RosterStatus, bool); 14] = [
        (Nominated, UnderReview, true),
        (Nominated, Rejected, true),
        (UnderReview, Rejected, true),
        (UnderReview, Vetted, true),
        (Vetted, Suspended, true),
        (Suspended, Vetted, true),
        (Vetted, UnderReview, true),
        (Suspended, UnderReview, true),
        (Nominated, Withdrawn, false),
        (UnderReview, Withdrawn, false),
        (Vetted, Withdrawn, false),
        (Suspended, Withdrawn, false),
        (Withdrawn, Nominated, false),
        (Rejected, Nominated, false),
    ];

    #[test]
    fn every_status_move_by_either_decider_follows_the_table() {
        for from in RosterStatus::ALL {
            for to in RosterStatus::ALL {
                for by in [Decider::Secretariat, Decider::NominatingState] {
                    let expected = if from == to {
                        Err(TransitionError::Unchanged(to))
                    } else {
                        match TABLE.iter().find(|(f, t, _)| *f == from && *t == to) {
                            None => Err(TransitionError::NotAllowed { from, to }),
                            Some((_, _, true)) if by == Decider::NominatingState => {
                                Err(TransitionError::SecretariatOnly)
                            }
                            Some(_) => Ok(()),
                        }
                    };
                    let got = decide(from, to, by, "as minuted", &all_passed(), today());
                    assert_eq!(got, expected, "{from:?} → {to:?} by {by:?}");
                }
            }
        }
    }

    #[test]
    fn the_offered_choices_are_exactly_the_moves_that_can_succeed() {
        for from in RosterStatus::ALL {
            for by in [Decider::Secretariat, Decider::NominatingState] {
                let offered = allowed_next(from, by);
                for to in RosterStatus::ALL {
                    let works = decide(from, to, by, "as minuted", &all_passed(), today()).is_ok();
                    assert_eq!(offered.contains(&to), works, "{from:?} → {to:?} by {by:?}");
                }
            }
        }
        assert_eq!(allowed_next(Vetted, Decider::NominatingState), [Withdrawn]);
        assert_eq!(allowed_next(Rejected, Decider::Secretariat), [Nominated]);
        assert_eq!(
            allowed_next(UnderReview, Decider::Secretariat),
            [Vetted, Withdrawn, Rejected]
        );
    }

    #[test]
    fn every_decision_needs_a_reason_of_at_most_two_thousand_characters() {
        let checks = all_passed();
        let go = |reason: &str| {
            decide(
                Nominated,
                Withdrawn,
                Decider::NominatingState,
                reason,
                &checks,
                today(),
            )
        };
        assert_eq!(go(""), Err(TransitionError::ReasonRequired));
        assert_eq!(go(" \n\t "), Err(TransitionError::ReasonRequired));
        assert_eq!(go(&"é".repeat(2001)), Err(TransitionError::ReasonRequired));
        assert_eq!(go(&format!("  {}  ", "é".repeat(2000))), Ok(()));
        assert_eq!(go("Candidate took up a national post"), Ok(()));
    }

    #[test]
    fn vetting_is_refused_while_any_mandatory_check_is_missing_pending_failed_or_expired() {
        let mut checks = all_passed();
        checks.retain(|c| c.kind != HumanRights);
        checks.iter_mut().for_each(|c| match c.kind {
            Medical => c.expires_on = Some(day("2026-01-03")),
            References => c.status = CheckStatus::Pending,
            Background => c.status = CheckStatus::Failed,
            _ => {}
        });
        let err = decide(
            UnderReview,
            Vetted,
            Decider::Secretariat,
            "panel of 2026-11-28",
            &checks,
            today(),
        )
        .expect_err("blocked");
        assert_eq!(
            err.to_string(),
            "cannot vet: criminal-record / background check failed; references pending; \
             human-rights screening not recorded; medical clearance expired 2026-01-03"
        );
        let reinstating = decide(
            Suspended,
            Vetted,
            Decider::Secretariat,
            "back",
            &checks,
            today(),
        );
        assert!(matches!(
            reinstating,
            Err(TransitionError::ChecksIncomplete(_))
        ));
    }

    #[test]
    fn a_check_is_still_valid_on_its_expiry_date_and_not_the_day_after() {
        let mut checks = all_passed();
        checks
            .iter_mut()
            .filter(|c| c.kind == Medical)
            .for_each(|c| c.expires_on = Some(today()));
        assert_eq!(
            decide(
                UnderReview,
                Vetted,
                Decider::Secretariat,
                "ok",
                &checks,
                today()
            ),
            Ok(())
        );
        let tomorrow = day("2026-11-30");
        assert_eq!(
            decide(
                UnderReview,
                Vetted,
                Decider::Secretariat,
                "ok",
                &checks,
                tomorrow
            ),
            Err(TransitionError::ChecksIncomplete(vec![
                "medical clearance expired 2026-11-29".to_owned()
            ]))
        );
    }

    #[test]
    fn an_expiring_check_passed_without_an_expiry_date_does_not_count() {
        let mut checks = all_passed();
        checks
            .iter_mut()
            .filter(|c| c.kind == Background)
            .for_each(|c| c.expires_on = None);
        assert_eq!(
            decide(
                UnderReview,
                Vetted,
                Decider::Secretariat,
                "ok",
                &checks,
                today()
            ),
            Err(TransitionError::ChecksIncomplete(vec![
                "criminal-record / background check has no expiry date".to_owned()
            ]))
        );
    }

    #[test]
    fn a_failed_record_is_not_hidden_by_a_passed_one_of_the_same_kind() {
        let mut checks = all_passed();
        checks.push(CheckRecord {
            kind: Medical,
            status: CheckStatus::Failed,
            done_on: Some(day("2026-02-01")),
            expires_on: None,
        });
        assert_eq!(
            check_gaps(&checks, today(), today()),
            [(Medical, CheckGap::Failed)]
        );
    }

    #[test]
    fn withdrawing_and_renominating_need_no_checks() {
        assert_eq!(
            decide(
                Vetted,
                Withdrawn,
                Decider::NominatingState,
                "retired",
                &[],
                today()
            ),
            Ok(())
        );
        assert_eq!(
            decide(
                Rejected,
                Nominated,
                Decider::NominatingState,
                "new evidence",
                &[],
                today()
            ),
            Ok(())
        );
    }

    #[test]
    fn transition_errors_read_as_english() {
        assert_eq!(
            TransitionError::NotAllowed {
                from: Vetted,
                to: Nominated
            }
            .to_string(),
            "cannot move from vetted to nominated"
        );
        assert_eq!(
            TransitionError::NotAllowed {
                from: UnderReview,
                to: Nominated
            }
            .to_string(),
            "cannot move from under review to nominated"
        );
        assert_eq!(
            TransitionError::Unchanged(Vetted).to_string(),
            "the expert is already vetted"
        );
        assert_eq!(
            TransitionError::SecretariatOnly.to_string(),
            "only the secretariat can make this vetting decision"
        );
    }
}
