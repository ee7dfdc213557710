//! Readiness: whether an expert could deploy within 72 hours, within 30 days, or not, with the reasons why not.
use super::vetting::{CheckGap, CheckKind, CheckRecord, RosterStatus, check_gaps};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A standard deployment lasts six months unless the secretariat sets another length.
pub const STANDARD_DEPLOYMENT_DAYS: u32 = 182;
/// Availability not confirmed for longer than this is stale.
pub const STALE_AFTER_DAYS: i64 = 90;
/// On the ground within 72 hours.
const RAPID_HORIZON_DAYS: u16 = 3;
const STANDARD_HORIZON_DAYS: u16 = 30;

/// How soon an expert could deploy, ordered best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Tier {
    #[serde(rename = "ready_72h")]
    Ready72h,
    #[serde(rename = "ready_30d")]
    Ready30Days,
    #[serde(rename = "not_ready")]
    NotReady,
}

impl Tier {
    pub const ALL: [Tier; 3] = [Tier::Ready72h, Tier::Ready30Days, Tier::NotReady];

    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Ready72h => "ready_72h",
            Tier::Ready30Days => "ready_30d",
            Tier::NotReady => "not_ready",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        Self::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(raw))
    }

    pub fn label(self) -> &'static str {
        match self {
            Tier::Ready72h => "Ready in 72 h",
            Tier::Ready30Days => "Ready in 30 days",
            Tier::NotReady => "Not ready",
        }
    }

    /// The days within which the tier promises departure; none for "not ready".
    pub fn horizon_days(self) -> Option<u16> {
        match self {
            Tier::Ready72h => Some(RAPID_HORIZON_DAYS),
            Tier::Ready30Days => Some(STANDARD_HORIZON_DAYS),
            Tier::NotReady => None,
        }
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AvailabilityKind {
    Available,
    Unavailable,
}

impl AvailabilityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AvailabilityKind::Available => "available",
            AvailabilityKind::Unavailable => "unavailable",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "available" => Some(AvailabilityKind::Available),
            "unavailable" => Some(AvailabilityKind::Unavailable),
            _ => None,
        }
    }
}

/// A period an expert declared themselves available or unavailable, both ends included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    pub kind: AvailabilityKind,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Window {
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }
}

/// Everything readiness is decided on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadinessFacts {
    pub status: RosterStatus,
    pub checks: Vec<CheckRecord>,
    pub windows: Vec<Window>,
    pub notice_days: u16,
    pub last_confirmed: Option<NaiveDate>,
    /// Deployed, or holding an open offer.
    pub committed: bool,
}

/// Why an expert does not reach a tier. Ordered by variant, then by check kind, so that the
/// list reads the same every time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    NotVetted(RosterStatus),
    CheckMissing(CheckKind),
    CheckPending(CheckKind),
    CheckFailed(CheckKind),
    /// Passed, but recorded without the expiry date its kind must have.
    CheckUndated(CheckKind),
    CheckExpired {
        kind: CheckKind,
        on: NaiveDate,
    },
    CheckExpiresDuringDeployment {
        kind: CheckKind,
        on: NaiveDate,
    },
    NoticeTooLong {
        days: u16,
        limit: u16,
    },
    /// Unavailable from `from`, next available the day after `until`; `None` when no later
    /// availability is known.
    Unavailable {
        from: NaiveDate,
        until: Option<NaiveDate>,
    },
    /// Not unavailable as such, but the first declared availability starts on `from`.
    NotAvailableYet {
        from: NaiveDate,
    },
    AvailabilityStale {
        since: Option<NaiveDate>,
    },
    Committed,
}

impl Reason {
    fn from_gap(kind: CheckKind, gap: CheckGap) -> Self {
        match gap {
            CheckGap::Missing => Reason::CheckMissing(kind),
            CheckGap::Pending => Reason::CheckPending(kind),
            CheckGap::Failed => Reason::CheckFailed(kind),
            CheckGap::Undated => Reason::CheckUndated(kind),
            CheckGap::Expired(on) => Reason::CheckExpired { kind, on },
            CheckGap::EndsBefore(on) => Reason::CheckExpiresDuringDeployment { kind, on },
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Reason::NotVetted(status) => write!(f, "status is {status}, not vetted"),
            Reason::CheckMissing(kind) => f.write_str(&CheckGap::Missing.describe(kind)),
            Reason::CheckPending(kind) => f.write_str(&CheckGap::Pending.describe(kind)),
            Reason::CheckFailed(kind) => f.write_str(&CheckGap::Failed.describe(kind)),
            Reason::CheckUndated(kind) => f.write_str(&CheckGap::Undated.describe(kind)),
            Reason::CheckExpired { kind, on } => f.write_str(&CheckGap::Expired(on).describe(kind)),
            Reason::CheckExpiresDuringDeployment { kind, on } => {
                f.write_str(&CheckGap::EndsBefore(on).describe(kind))
            }
            Reason::NoticeTooLong { days, limit } => {
                write!(f, "notice period of {days} days (limit {limit})")
            }
            Reason::Unavailable {
                from,
                until: Some(until),
            } => write!(f, "unavailable from {from} until {until}"),
            Reason::Unavailable { from, until: None } => {
                write!(f, "unavailable from {from}, with no end date known")
            }
            Reason::NotAvailableYet { from } => write!(f, "not available before {from}"),
            Reason::AvailabilityStale { since: Some(since) } => {
                write!(f, "availability not confirmed since {since}")
            }
            Reason::AvailabilityStale { since: None } => {
                f.write_str("availability never confirmed")
            }
            Reason::Committed => f.write_str("already deployed or holding an open offer"),
        }
    }
}

/// The verdict: the best tier reached, and why no better one. Empty reasons for 72 h; for 30 days
/// what keeps the expert from 72 h; for "not ready" everything that keeps them from 30 days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Readiness {
    pub tier: Tier,
    pub reasons: Vec<Reason>,
}

/// Never confirmed, or confirmed more than [`STALE_AFTER_DAYS`] days before `today`.
pub fn is_stale(last_confirmed: Option<NaiveDate>, today: NaiveDate) -> bool {
    match last_confirmed {
        None => true,
        Some(on) => (today - on).num_days() > STALE_AFTER_DAYS,
    }
}

/// Date arithmetic that saturates instead of panicking at the end of the calendar.
fn plus(day: NaiveDate, days: u64) -> NaiveDate {
    day.checked_add_days(Days::new(days))
        .unwrap_or(NaiveDate::MAX)
}

/// Declared availability: inside an available window when any exist (none means open-ended),
/// and never inside an unavailable one.
struct Availability<'a> {
    windows: Vec<&'a Window>,
    any_available: bool,
}

impl<'a> Availability<'a> {
    fn new(windows: &'a [Window]) -> Self {
        // A window that ends before it starts holds no day; it must not close off all the others.
        let windows: Vec<&Window> = windows.iter().filter(|w| w.from <= w.to).collect();
        let any_available = windows
            .iter()
            .any(|w| w.kind == AvailabilityKind::Available);
        Self {
            windows,
            any_available,
        }
    }

    fn of(&self, kind: AvailabilityKind) -> impl Iterator<Item = &&'a Window> {
        self.windows.iter().filter(move |w| w.kind == kind)
    }

    fn on(&self, day: NaiveDate) -> bool {
        (!self.any_available
            || self
                .of(AvailabilityKind::Available)
                .any(|w| w.contains(day)))
            && !self
                .of(AvailabilityKind::Unavailable)
                .any(|w| w.contains(day))
    }

    /// The first available day on or after `from`. Availability only changes where a window
    /// starts or just after one ends, so only those days need looking at.
    fn next(&self, from: NaiveDate) -> Option<NaiveDate> {
        let mut candidates: Vec<NaiveDate> = std::iter::once(from)
            .chain(
                self.windows
                    .iter()
                    .flat_map(|w| [Some(w.from), w.to.succ_opt()])
                    .flatten(),
            )
            .filter(|d| *d >= from)
            .collect();
        candidates.sort();
        candidates.dedup();
        candidates.into_iter().find(|d| self.on(*d))
    }

    /// Why there is no available day from `first` to `last`, or `None` when there is one.
    fn shortfall(&self, first: NaiveDate, last: NaiveDate) -> Option<Reason> {
        let next = self.next(first);
        if next.is_some_and(|d| d <= last) {
            return None;
        }
        let blocked_since = self
            .of(AvailabilityKind::Unavailable)
            .filter(|w| w.contains(first))
            .map(|w| w.from)
            .min();
        Some(match (blocked_since, next) {
            (Some(from), next) => Reason::Unavailable {
                from,
                until: next.and_then(|d| d.pred_opt()),
            },
            (None, Some(from)) => Reason::NotAvailableYet { from },
            (None, None) => Reason::Unavailable {
                // Availability ran out: say since when, if it is known.
                from: self
                    .of(AvailabilityKind::Available)
                    .filter(|w| w.to < first)
                    .filter_map(|w| w.to.succ_opt())
                    .max()
                    .unwrap_or(first),
                until: None,
            },
        })
    }
}

/// Everything that keeps the expert from departing within `horizon` days of `today` for a
/// deployment of `deployment_days`, staleness aside.
fn shortfalls(
    facts: &ReadinessFacts,
    today: NaiveDate,
    deployment_days: u32,
    horizon: u16,
) -> Vec<Reason> {
    let mut reasons = Vec::new();
    if facts.status != RosterStatus::Vetted {
        reasons.push(Reason::NotVetted(facts.status));
    }
    // Checks must hold through the end of a deployment that starts at the far end of the horizon.
    let through = plus(today, u64::from(horizon) + u64::from(deployment_days));
    reasons.extend(
        check_gaps(&facts.checks, today, through)
            .into_iter()
            .map(|(kind, gap)| Reason::from_gap(kind, gap)),
    );
    if facts.notice_days > horizon {
        reasons.push(Reason::NoticeTooLong {
            days: facts.notice_days,
            limit: horizon,
        });
    }
    // The earliest possible departure is after the notice period; any available day from then to
    // the end of the horizon will do (or that first day alone, when the notice is already too long).
    let first = plus(today, u64::from(facts.notice_days));
    let last = plus(today, u64::from(horizon)).max(first);
    reasons.extend(Availability::new(&facts.windows).shortfall(first, last));
    if facts.committed {
        reasons.push(Reason::Committed);
    }
    reasons
}

fn sorted(mut reasons: Vec<Reason>) -> Vec<Reason> {
    reasons.sort();
    reasons.dedup();
    reasons
}

/// The readiness of an expert on `today`, for deployments of `deployment_days`
/// (usually [`STANDARD_DEPLOYMENT_DAYS`]).
///
/// Stale availability only bars the 72-hour tier: an expert who has not confirmed lately can still
/// be reached and asked within 30 days.
pub fn assess(facts: &ReadinessFacts, today: NaiveDate, deployment_days: u32) -> Readiness {
    let stale = is_stale(facts.last_confirmed, today).then_some(Reason::AvailabilityStale {
        since: facts.last_confirmed,
    });
    let rapid = sorted(
        shortfalls(facts, today, deployment_days, RAPID_HORIZON_DAYS)
            .into_iter()
            .chain(stale)
            .collect(),
    );
    if rapid.is_empty() {
        return Readiness {
            tier: Tier::Ready72h,
            reasons: rapid,
        };
    }
    let standard = shortfalls(facts, today, deployment_days, STANDARD_HORIZON_DAYS);
    if standard.is_empty() {
        return Readiness {
            tier: Tier::Ready30Days,
            reasons: rapid,
        };
    }
    Readiness {
        tier: Tier::NotReady,
        reasons: sorted(standard.into_iter().chain(stale).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::vetting::CheckStatus;
    use CheckKind::*;
    use proptest::prelude::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    fn today() -> NaiveDate {
        day("2026-11-29")
    }

    fn after(days: i64) -> NaiveDate {
        today() + chrono::Duration::days(days)
    }

    fn ready() -> ReadinessFacts {
        ReadinessFacts {
            status: RosterStatus::Vetted,
            checks: CheckKind::ALL
                .into_iter()
                .map(|kind| CheckRecord {
                    kind,
                    status: CheckStatus::Passed,
                    done_on: Some(day("2026-06-01")),
                    expires_on: kind.expires().then(|| day("2030-01-01")),
                })
                .collect(),
            windows: Vec::new(),
            notice_days: 3,
            last_confirmed: Some(after(-10)),
            committed: false,
        }
    }

    fn with_check(kind: CheckKind, change: impl Fn(&mut CheckRecord)) -> ReadinessFacts {
        let mut facts = ready();
        facts
            .checks
            .iter_mut()
            .filter(|c| c.kind == kind)
            .for_each(change);
        facts
    }

    fn window(kind: AvailabilityKind, from: i64, to: i64) -> Window {
        Window {
            kind,
            from: after(from),
            to: after(to),
        }
    }

    fn verdict(facts: &ReadinessFacts) -> (Tier, Vec<Reason>) {
        let r = assess(facts, today(), STANDARD_DEPLOYMENT_DAYS);
        (r.tier, r.reasons)
    }

    #[test]
    fn a_vetted_cleared_available_expert_with_short_notice_is_ready_in_72_hours() {
        assert_eq!(verdict(&ready()), (Tier::Ready72h, vec![]));
    }

    #[test]
    fn each_reason_is_found_and_lands_in_the_right_tier() {
        use AvailabilityKind::{Available, Unavailable};
        use Tier::{NotReady, Ready30Days};
        let mut missing_medical = ready();
        missing_medical.checks.retain(|c| c.kind != Medical);
        let cases: Vec<(&str, ReadinessFacts, Tier, Vec<Reason>)> = vec![
            (
                "under review",
                ReadinessFacts {
                    status: RosterStatus::UnderReview,
                    ..ready()
                },
                NotReady,
                vec![Reason::NotVetted(RosterStatus::UnderReview)],
            ),
            (
                "medical missing",
                missing_medical,
                NotReady,
                vec![Reason::CheckMissing(Medical)],
            ),
            (
                "references pending",
                with_check(References, |c| c.status = CheckStatus::Pending),
                NotReady,
                vec![Reason::CheckPending(References)],
            ),
            (
                "background failed",
                with_check(Background, |c| c.status = CheckStatus::Failed),
                NotReady,
                vec![Reason::CheckFailed(Background)],
            ),
            (
                "training without expiry",
                with_check(SecurityTraining, |c| c.expires_on = None),
                NotReady,
                vec![Reason::CheckUndated(SecurityTraining)],
            ),
            (
                "medical expired yesterday",
                with_check(Medical, |c| c.expires_on = Some(after(-1))),
                NotReady,
                vec![Reason::CheckExpired {
                    kind: Medical,
                    on: after(-1),
                }],
            ),
            (
                "medical expires today",
                with_check(Medical, |c| c.expires_on = Some(today())),
                NotReady,
                vec![Reason::CheckExpiresDuringDeployment {
                    kind: Medical,
                    on: today(),
                }],
            ),
            (
                "notice of four days",
                ReadinessFacts {
                    notice_days: 4,
                    ..ready()
                },
                Ready30Days,
                vec![Reason::NoticeTooLong { days: 4, limit: 3 }],
            ),
            (
                "notice of 31 days",
                ReadinessFacts {
                    notice_days: 31,
                    ..ready()
                },
                NotReady,
                vec![Reason::NoticeTooLong {
                    days: 31,
                    limit: 30,
                }],
            ),
            (
                "away for ten days",
                ReadinessFacts {
                    windows: vec![window(Unavailable, -5, 10)],
                    ..ready()
                },
                Ready30Days,
                vec![Reason::Unavailable {
                    from: after(-5),
                    until: Some(after(10)),
                }],
            ),
            (
                "away for forty days",
                ReadinessFacts {
                    windows: vec![window(Unavailable, 0, 40)],
                    ..ready()
                },
                NotReady,
                vec![Reason::Unavailable {
                    from: today(),
                    until: Some(after(40)),
                }],
            ),
            (
                "away until the next declared availability",
                ReadinessFacts {
                    windows: vec![window(Unavailable, 0, 20), window(Available, 50, 300)],
                    ..ready()
                },
                NotReady,
                vec![Reason::Unavailable {
                    from: today(),
                    until: Some(after(49)),
                }],
            ),
            (
                "available from day ten",
                ReadinessFacts {
                    windows: vec![window(Available, 10, 300)],
                    ..ready()
                },
                Ready30Days,
                vec![Reason::NotAvailableYet { from: after(10) }],
            ),
            (
                "available from day 45",
                ReadinessFacts {
                    windows: vec![window(Available, 45, 300)],
                    ..ready()
                },
                NotReady,
                vec![Reason::NotAvailableYet { from: after(45) }],
            ),
            (
                "availability ended last week",
                ReadinessFacts {
                    windows: vec![window(Available, -100, -7)],
                    ..ready()
                },
                NotReady,
                vec![Reason::Unavailable {
                    from: after(-6),
                    until: None,
                }],
            ),
            (
                "confirmed 91 days ago",
                ReadinessFacts {
                    last_confirmed: Some(after(-91)),
                    ..ready()
                },
                Ready30Days,
                vec![Reason::AvailabilityStale {
                    since: Some(after(-91)),
                }],
            ),
            (
                "never confirmed",
                ReadinessFacts {
                    last_confirmed: None,
                    ..ready()
                },
                Ready30Days,
                vec![Reason::AvailabilityStale { since: None }],
            ),
            (
                "holding an offer",
                ReadinessFacts {
                    committed: true,
                    ..ready()
                },
                NotReady,
                vec![Reason::Committed],
            ),
            (
                "committed and stale",
                ReadinessFacts {
                    committed: true,
                    last_confirmed: None,
                    ..ready()
                },
                NotReady,
                vec![Reason::AvailabilityStale { since: None }, Reason::Committed],
            ),
        ];
        for (name, facts, tier, reasons) in cases {
            assert_eq!(verdict(&facts), (tier, reasons), "{name}");
        }
    }

    #[test]
    fn availability_is_stale_after_more_than_ninety_days() {
        assert!(!is_stale(Some(after(-90)), today()));
        assert!(is_stale(Some(after(-91)), today()));
        assert!(!is_stale(Some(today()), today()));
        assert!(!is_stale(Some(after(5)), today()));
        assert!(is_stale(None, today()));
        let exactly_ninety = ReadinessFacts {
            last_confirmed: Some(after(-90)),
            ..ready()
        };
        assert_eq!(verdict(&exactly_ninety).0, Tier::Ready72h);
    }

    #[test]
    fn notice_of_exactly_three_or_thirty_days_still_qualifies() {
        for (notice, tier) in [
            (0, Tier::Ready72h),
            (3, Tier::Ready72h),
            (4, Tier::Ready30Days),
            (30, Tier::Ready30Days),
            (31, Tier::NotReady),
        ] {
            let facts = ReadinessFacts {
                notice_days: notice,
                ..ready()
            };
            assert_eq!(verdict(&facts).0, tier, "notice {notice}");
        }
    }

    #[test]
    fn checks_must_last_until_the_end_of_a_deployment_starting_at_the_far_end_of_the_tier() {
        let rapid_end = after(3 + 182);
        let standard_end = after(30 + 182);
        let cases = [
            (3, rapid_end, Tier::Ready72h),
            (3, rapid_end.pred_opt().expect("day"), Tier::NotReady),
            (10, standard_end, Tier::Ready30Days),
            (10, standard_end.pred_opt().expect("day"), Tier::NotReady),
        ];
        for (notice, expires, tier) in cases {
            let mut facts = with_check(Medical, |c| c.expires_on = Some(expires));
            facts.notice_days = notice;
            let (got, reasons) = verdict(&facts);
            assert_eq!(got, tier, "notice {notice}, medical until {expires}");
            if tier == Tier::NotReady {
                assert_eq!(
                    reasons,
                    [Reason::CheckExpiresDuringDeployment {
                        kind: Medical,
                        on: expires
                    }]
                );
            }
        }
        let short = with_check(Medical, |c| c.expires_on = Some(after(40)));
        assert_eq!(assess(&short, today(), 30).tier, Tier::Ready72h);
        assert_eq!(assess(&short, today(), 38).tier, Tier::NotReady);
    }

    #[test]
    fn a_short_gap_within_the_horizon_does_not_block_departure() {
        use AvailabilityKind::{Available, Unavailable};
        let cases = [
            (vec![window(Unavailable, 0, 1)], 0, Tier::Ready72h),
            (vec![window(Unavailable, 0, 2)], 0, Tier::Ready72h),
            (vec![window(Unavailable, 0, 3)], 0, Tier::Ready30Days),
            (vec![window(Available, 3, 3)], 3, Tier::Ready72h),
            (vec![window(Available, 0, 2)], 3, Tier::NotReady),
            (vec![window(Available, 30, 30)], 0, Tier::Ready30Days),
            (vec![window(Available, 31, 90)], 0, Tier::NotReady),
            (
                vec![window(Available, 0, 90), window(Unavailable, 0, 90)],
                0,
                Tier::NotReady,
            ),
            (vec![window(Available, 40, 10)], 0, Tier::Ready72h),
        ];
        for (windows, notice, tier) in cases {
            let facts = ReadinessFacts {
                windows: windows.clone(),
                notice_days: notice,
                ..ready()
            };
            assert_eq!(verdict(&facts).0, tier, "{windows:?} with notice {notice}");
        }
    }

    #[test]
    fn a_thirty_day_expert_is_told_what_keeps_them_from_72_hours() {
        let facts = ReadinessFacts {
            notice_days: 14,
            last_confirmed: Some(after(-200)),
            ..ready()
        };
        assert_eq!(
            verdict(&facts),
            (
                Tier::Ready30Days,
                vec![
                    Reason::NoticeTooLong { days: 14, limit: 3 },
                    Reason::AvailabilityStale {
                        since: Some(after(-200))
                    }
                ]
            )
        );
    }

    #[test]
    fn a_not_ready_expert_is_told_everything_in_a_stable_order() {
        let mut facts = ReadinessFacts {
            status: RosterStatus::Suspended,
            notice_days: 45,
            last_confirmed: None,
            committed: true,
            ..ready()
        };
        facts.checks.retain(|c| c.kind != HumanRights);
        for c in &mut facts.checks {
            match c.kind {
                Medical => c.expires_on = Some(day("2026-01-03")),
                SecurityTraining => c.expires_on = Some(day("2027-01-04")),
                Background => c.status = CheckStatus::Failed,
                _ => {}
            }
        }
        let (tier, reasons) = verdict(&facts);
        assert_eq!(tier, Tier::NotReady);
        let text: Vec<String> = reasons.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            [
                "status is suspended, not vetted",
                "human-rights screening not recorded",
                "criminal-record / background check failed",
                "medical clearance expired 2026-01-03",
                "field security training expires 2027-01-04",
                "notice period of 45 days (limit 30)",
                "availability never confirmed",
                "already deployed or holding an open offer",
            ]
        );
    }

    #[test]
    fn reasons_read_as_english_sentences() {
        let cases = [
            (
                Reason::NotVetted(RosterStatus::UnderReview),
                "status is under review, not vetted",
            ),
            (
                Reason::CheckMissing(Medical),
                "medical clearance not recorded",
            ),
            (Reason::CheckPending(References), "references pending"),
            (
                Reason::CheckFailed(Background),
                "criminal-record / background check failed",
            ),
            (
                Reason::CheckUndated(SecurityTraining),
                "field security training has no expiry date",
            ),
            (
                Reason::CheckExpired {
                    kind: Medical,
                    on: day("2026-01-03"),
                },
                "medical clearance expired 2026-01-03",
            ),
            (
                Reason::CheckExpiresDuringDeployment {
                    kind: Medical,
                    on: day("2027-01-04"),
                },
                "medical clearance expires 2027-01-04",
            ),
            (
                Reason::NoticeTooLong {
                    days: 45,
                    limit: 30,
                },
                "notice period of 45 days (limit 30)",
            ),
            (
                Reason::Unavailable {
                    from: day("2026-12-01"),
                    until: Some(day("2027-01-15")),
                },
                "unavailable from 2026-12-01 until 2027-01-15",
            ),
            (
                Reason::Unavailable {
                    from: day("2026-12-01"),
                    until: None,
                },
                "unavailable from 2026-12-01, with no end date known",
            ),
            (
                Reason::NotAvailableYet {
                    from: day("2027-02-01"),
                },
                "not available before 2027-02-01",
            ),
            (
                Reason::AvailabilityStale {
                    since: Some(day("2026-05-02")),
                },
                "availability not confirmed since 2026-05-02",
            ),
            (
                Reason::AvailabilityStale { since: None },
                "availability never confirmed",
            ),
            (
                Reason::Committed,
                "already deployed or holding an open offer",
            ),
        ];
        for (reason, text) in cases {
            assert_eq!(reason.to_string(), text);
        }
    }

    #[test]
    fn tiers_have_stable_names_and_rank_best_first() {
        let names: Vec<_> = Tier::ALL
            .into_iter()
            .map(|t| (t.as_str(), t.label()))
            .collect();
        assert_eq!(
            names,
            [
                ("ready_72h", "Ready in 72 h"),
                ("ready_30d", "Ready in 30 days"),
                ("not_ready", "Not ready")
            ]
        );
        for t in Tier::ALL {
            assert_eq!(Tier::parse(t.as_str()), Some(t));
            assert_eq!(
                serde_json::to_string(&t).expect("json"),
                format!("\"{}\"", t.as_str())
            );
        }
        assert!(Tier::Ready72h < Tier::Ready30Days && Tier::Ready30Days < Tier::NotReady);
        assert_eq!(Tier::parse("soon"), None);
        assert_eq!(
            AvailabilityKind::parse(" Unavailable"),
            Some(AvailabilityKind::Unavailable)
        );
    }

    #[test]
    fn the_far_end_of_the_calendar_does_not_panic() {
        let facts = ReadinessFacts {
            windows: vec![Window {
                kind: AvailabilityKind::Unavailable,
                from: NaiveDate::MIN,
                to: NaiveDate::MAX,
            }],
            notice_days: 365,
            ..ready()
        };
        assert_eq!(
            assess(&facts, NaiveDate::MAX, u32::MAX).tier,
            Tier::NotReady
        );
        assert_eq!(
            assess(&ready(), NaiveDate::MAX, STANDARD_DEPLOYMENT_DAYS).tier,
            Tier::NotReady
        );
    }

    fn check_record() -> impl Strategy<Value = CheckRecord> {
        (
            proptest::sample::select(CheckKind::ALL.to_vec()),
            prop_oneof![
                6 => Just(CheckStatus::Passed),
                1 => Just(CheckStatus::Pending),
                1 => Just(CheckStatus::Failed),
            ],
            proptest::option::of(-800i64..0),
            proptest::option::weighted(0.9, -100i64..1500),
        )
            .prop_map(|(kind, status, done, expires)| CheckRecord {
                kind,
                status,
                done_on: done.map(after),
                expires_on: expires.map(after),
            })
    }

    fn facts() -> impl Strategy<Value = ReadinessFacts> {
        let any_window = (
            proptest::sample::select(vec![
                AvailabilityKind::Available,
                AvailabilityKind::Unavailable,
            ]),
            -60i64..120,
            0i64..200,
        )
            .prop_map(|(kind, from, length)| window(kind, from, from + length));
        (
            prop_oneof![
                4 => Just(RosterStatus::Vetted),
                1 => proptest::sample::select(RosterStatus::ALL.to_vec()),
            ],
            proptest::collection::vec(check_record(), 0..9),
            proptest::collection::vec(any_window, 0..4),
            prop_oneof![0u16..=5, 0u16..=60],
            proptest::option::weighted(0.9, -150i64..=5),
            proptest::bool::weighted(0.2),
        )
            .prop_map(
                |(status, checks, windows, notice_days, confirmed, committed)| ReadinessFacts {
                    status,
                    checks,
                    windows,
                    notice_days,
                    last_confirmed: confirmed.map(after),
                    committed,
                },
            )
    }

    fn bad_check() -> impl Strategy<Value = CheckRecord> {
        (
            proptest::sample::select(CheckKind::ALL.to_vec()),
            any::<bool>(),
            1i64..1000,
        )
            .prop_map(|(kind, failed, ago)| CheckRecord {
                kind,
                status: if failed {
                    CheckStatus::Failed
                } else {
                    CheckStatus::Passed
                },
                done_on: Some(after(-ago - 400)),
                expires_on: if failed { None } else { Some(after(-ago)) },
            })
    }

    proptest! {
        #[test]
        fn expert_with_any_failed_or_expired_mandatory_check_is_never_ready(
            mut facts in facts(),
            bad in bad_check(),
            at in 0usize..10,
            days in 0u32..400,
        ) {
            let at = at.min(facts.checks.len());
            facts.checks.insert(at, bad);
            prop_assert_eq!(assess(&facts, today(), days).tier, Tier::NotReady);
        }

        #[test]
        fn expert_who_is_not_vetted_is_never_ready(
            mut facts in facts(),
            status in proptest::sample::select(RosterStatus::ALL.to_vec()),
        ) {
            prop_assume!(status != RosterStatus::Vetted);
            facts.status = status;
            let r = assess(&facts, today(), STANDARD_DEPLOYMENT_DAYS);
            prop_assert_eq!(r.tier, Tier::NotReady);
            prop_assert!(r.reasons.contains(&Reason::NotVetted(status)));
        }

        #[test]
        fn assessment_is_deterministic_and_explains_every_tier_below_the_best(
            facts in facts(),
            days in 0u32..400,
        ) {
            let r = assess(&facts, today(), days);
            prop_assert_eq!(&assess(&facts, today(), days), &r);
            let mut shuffled = facts.clone();
            shuffled.checks.reverse();
            shuffled.windows.reverse();
            prop_assert_eq!(&assess(&shuffled, today(), days), &r);
            let mut sorted = r.reasons.clone();
            sorted.sort();
            sorted.dedup();
            prop_assert_eq!(&sorted, &r.reasons);
            match r.tier {
                Tier::Ready72h => prop_assert!(r.reasons.is_empty()),
                Tier::Ready30Days | Tier::NotReady => prop_assert!(!r.reasons.is_empty()),
            }
        }

        #[test]
        fn a_ready_expert_stays_ready_for_shorter_deployments(
            facts in facts(),
            days in 0u32..400,
            shorter in 0u32..400,
        ) {
            let long = assess(&facts, today(), days).tier;
            let short = assess(&facts, today(), days.min(shorter)).tier;
            prop_assert!(short <= long);
        }
    }
}
