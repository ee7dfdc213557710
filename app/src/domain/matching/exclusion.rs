//! Why an expert cannot take a position, and which constraint of the position that is.
use crate::domain::{
    member_state::MemberStateCode,
    taxonomy::{Category, Cefr, LanguageCode},
    vetting::{CheckGap, CheckKind, RosterStatus},
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One hard constraint an expert fails, with the facts that make it fail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Exclusion {
    /// Not in the position's expertise category.
    Category(Category),
    NotVetted(RosterStatus),
    Experience {
        needed: u8,
        has: u8,
    },
    /// A national of the host country, and the rule was not waived.
    HostNational(MemberStateCode),
    Language {
        code: LanguageCode,
        needed: Cefr,
        has: Option<Cefr>,
    },
    /// Rapid requests only: the notice period runs past the start date.
    Notice {
        notice: u16,
        days_to_start: i64,
    },
    /// The deployment is longer than the expert accepts.
    Duration {
        longest: u32,
        asked: u32,
    },
    /// The expert excluded the host country's region.
    Region(String),
    Check {
        kind: CheckKind,
        gap: CheckGap,
    },
    /// Not available over the whole deployment, first on this day.
    Unavailable {
        on: NaiveDate,
    },
    /// Already holds a deployment over overlapping dates.
    Committed {
        from: NaiveDate,
        to: NaiveDate,
    },
    /// The planner took the expert off this position's shortlist.
    Dropped,
}

/// The constraint of a position an exclusion belongs to: what what-if counts and what the
/// "why not" view filters on.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Constraint {
    Category,
    Vetted,
    Experience(u8),
    HostNationality,
    Language(LanguageCode, Cefr),
    Notice,
    Duration,
    Region,
    Check(CheckKind),
    Availability,
    Commitment,
    Dropped,
}

impl Exclusion {
    pub fn constraint(&self) -> Constraint {
        match self {
            Exclusion::Category(_) => Constraint::Category,
            Exclusion::NotVetted(_) => Constraint::Vetted,
            Exclusion::Experience { needed, .. } => Constraint::Experience(*needed),
            Exclusion::HostNational(_) => Constraint::HostNationality,
            Exclusion::Language { code, needed, .. } => Constraint::Language(code.clone(), *needed),
            Exclusion::Notice { .. } => Constraint::Notice,
            Exclusion::Duration { .. } => Constraint::Duration,
            Exclusion::Region(_) => Constraint::Region,
            Exclusion::Check { kind, .. } => Constraint::Check(*kind),
            Exclusion::Unavailable { .. } => Constraint::Availability,
            Exclusion::Committed { .. } => Constraint::Commitment,
            Exclusion::Dropped => Constraint::Dropped,
        }
    }
}

impl Constraint {
    /// A stable slug for filters in URLs.
    pub fn group(&self) -> &'static str {
        match self {
            Constraint::Category => "category",
            Constraint::Vetted => "vetted",
            Constraint::Experience(_) => "experience",
            Constraint::HostNationality => "nationality",
            Constraint::Language(..) => "language",
            Constraint::Notice => "notice",
            Constraint::Duration => "duration",
            Constraint::Region => "region",
            Constraint::Check(_) => "checks",
            Constraint::Availability => "availability",
            Constraint::Commitment => "commitment",
            Constraint::Dropped => "dropped",
        }
    }

    pub const GROUPS: [&'static str; 12] = [
        "category",
        "vetted",
        "experience",
        "nationality",
        "language",
        "notice",
        "duration",
        "region",
        "checks",
        "availability",
        "commitment",
        "dropped",
    ];
}

impl fmt::Display for Constraint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Constraint::Category => f.write_str("expertise category"),
            Constraint::Vetted => f.write_str("vetted"),
            Constraint::Experience(years) => write!(f, "{years} years' experience"),
            Constraint::HostNationality => f.write_str("not a national of the host country"),
            Constraint::Language(code, level) => write!(f, "{code} at {level}"),
            Constraint::Notice => f.write_str("notice period before the start date"),
            Constraint::Duration => f.write_str("accepts the deployment's length"),
            Constraint::Region => f.write_str("deploys to the host region"),
            Constraint::Check(kind) => write!(f, "{} valid through the deployment", kind.label()),
            Constraint::Availability => f.write_str("available over the whole deployment"),
            Constraint::Commitment => f.write_str("free of other deployments"),
            Constraint::Dropped => f.write_str("not dropped by the planner"),
        }
    }
}

impl fmt::Display for Exclusion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Exclusion::Category(c) => write!(f, "not in the category {}", c.label()),
            Exclusion::NotVetted(s) => write!(f, "status is {s}, not vetted"),
            Exclusion::Experience { needed, has } => {
                write!(f, "{has} years' experience, {needed} needed")
            }
            Exclusion::HostNational(code) => write!(
                f,
                "a national of the host country {code} (conflict of interest; not waived)"
            ),
            Exclusion::Language {
                code,
                needed,
                has: Some(has),
            } => write!(f, "{code} at {has}, {needed} needed"),
            Exclusion::Language {
                code,
                needed,
                has: None,
            } => write!(f, "does not speak {code} ({needed} needed)"),
            Exclusion::Notice {
                notice,
                days_to_start,
            } => write!(
                f,
                "notice period of {notice} days, but the position starts in {days_to_start} days"
            ),
            Exclusion::Duration { longest, asked } => write!(
                f,
                "accepts deployments of up to {longest} days; this one lasts {asked}"
            ),
            Exclusion::Region(region) => write!(f, "does not deploy to {region}"),
            Exclusion::Check { kind, gap } => f.write_str(&gap.describe(*kind)),
            Exclusion::Unavailable { on } => write!(f, "not available on {on}"),
            Exclusion::Committed { from, to } => {
                write!(f, "already deployed or committed from {from} to {to}")
            }
            Exclusion::Dropped => f.write_str("dropped from this position by the planner"),
        }
    }
}
