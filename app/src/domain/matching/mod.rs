//! Matching experts to a request's positions: who fits and why the others do not, the score
//! behind each rank, the one best assignment of a whole request, its spread, and what-if counts.
mod assign;
mod exclusion;
mod score;
mod spread;
mod what_if;

#[cfg(test)]
mod tests;

pub use assign::{
    Booked, Picks, PositionShortlist, Ranked, Shortlist, hold_booked_seats, shortlist,
};
pub use exclusion::{Constraint, Exclusion};
pub use score::{Part, Points, ScoreLine, explain, points};
pub use spread::{Dimension, Dominance, Spread, spread};
pub use what_if::{ConstraintCount, WhatIf, what_if};

use super::{
    ids::ExpertId,
    member_state::MemberStateCode,
    readiness::{AvailabilityKind, Window},
    request::{Position, Urgency},
    taxonomy::{Category, Cefr, Gender, LanguageCode, Skill, SkillLevel},
    vetting::{CheckRecord, RosterStatus, check_gaps},
};
use chrono::NaiveDate;

/// Everything matching knows about one expert. It carries no contact details and no date of
/// birth: nothing matching shows can leak them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: ExpertId,
    /// Family then given names, folded: the last tie-breaker before the id.
    pub sort_key: String,
    pub state: MemberStateCode,
    /// UN region of the nominating state.
    pub state_region: String,
    pub nationalities: Vec<MemberStateCode>,
    pub gender: Gender,
    pub status: RosterStatus,
    pub categories: Vec<Category>,
    pub skills: Vec<(Skill, SkillLevel)>,
    pub languages: Vec<(LanguageCode, Cefr)>,
    pub years: u8,
    pub checks: Vec<CheckRecord>,
    /// Declared availability, including the nominating state's declared range.
    pub windows: Vec<Window>,
    pub notice_days: u16,
    pub longest_deployment_days: Option<u32>,
    /// UN regions the expert will not deploy to.
    pub excluded_regions: Vec<String>,
    /// Accepted or active deployments, first and last day.
    pub commitments: Vec<(NaiveDate, NaiveDate)>,
    /// UN region of every prior mission whose country is known.
    pub mission_regions: Vec<String>,
    pub mission_countries: Vec<MemberStateCode>,
}

/// The request-wide facts every position is matched under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Brief {
    pub today: NaiveDate,
    pub urgency: Urgency,
    pub host_country: MemberStateCode,
    pub host_region: String,
    /// The secretariat waived the host-nationality rule for this request.
    pub host_waived: bool,
}

/// Walks the hard constraints in order, cheapest and most selective first, handing each failure
/// to `found`; stops as soon as `found` says so. One walk serves both the fast yes/no used for
/// ranking and the full list of reasons shown to the planner, so the two cannot disagree.
fn walk(
    brief: &Brief,
    position: &Position,
    c: &Candidate,
    found: &mut dyn FnMut(Exclusion) -> bool,
) {
    macro_rules! fail {
        ($e:expr) => {
            if !found($e) {
                return;
            }
        };
    }
    if !c.categories.contains(&position.category) {
        fail!(Exclusion::Category(position.category));
    }
    if c.status != RosterStatus::Vetted {
        fail!(Exclusion::NotVetted(c.status));
    }
    if c.years < position.min_years {
        fail!(Exclusion::Experience {
            needed: position.min_years,
            has: c.years,
        });
    }
    if !brief.host_waived && c.nationalities.contains(&brief.host_country) {
        fail!(Exclusion::HostNational(brief.host_country.clone()));
    }
    for (code, needed) in &position.languages {
        let has = c
            .languages
            .iter()
            .find(|(l, _)| l == code)
            .map(|(_, lv)| *lv);
        if has.is_none_or(|lv| lv < *needed) {
            fail!(Exclusion::Language {
                code: code.clone(),
                needed: *needed,
                has,
            });
        }
    }
    let start = position.start_on;
    let end = position.end_on();
    if brief.urgency == Urgency::Rapid {
        let days_to_start = (start - brief.today).num_days().max(0);
        if i64::from(c.notice_days) > days_to_start {
            fail!(Exclusion::Notice {
                notice: c.notice_days,
                days_to_start,
            });
        }
    }
    if let Some(longest) = c.longest_deployment_days
        && longest < position.duration_days
    {
        fail!(Exclusion::Duration {
            longest,
            asked: position.duration_days,
        });
    }
    if c.excluded_regions.contains(&brief.host_region) {
        fail!(Exclusion::Region(brief.host_region.clone()));
    }
    for (kind, gap) in check_gaps(&c.checks, brief.today, end) {
        fail!(Exclusion::Check { kind, gap });
    }
    if let Some(day) = first_unavailable_day(&c.windows, start, end) {
        fail!(Exclusion::Unavailable { on: day });
    }
    if let Some(&(from, to)) = c.commitments.iter().find(|(f, t)| *f <= end && start <= *t) {
        fail!(Exclusion::Committed { from, to });
    }
}

/// The first day from `start` to `end` the expert is not available: inside an unavailable
/// window, or outside every available window when there are any (none means open-ended).
fn first_unavailable_day(
    windows: &[Window],
    start: NaiveDate,
    end: NaiveDate,
) -> Option<NaiveDate> {
    let usable = |w: &&Window| w.from <= w.to;
    let blocked = windows
        .iter()
        .filter(usable)
        .filter(|w| w.kind == AvailabilityKind::Unavailable && w.from <= end && start <= w.to)
        .map(|w| w.from.max(start))
        .min();
    // Called for every candidate who got this far: no allocation.
    let available = || {
        windows
            .iter()
            .filter(usable)
            .filter(|w| w.kind == AvailabilityKind::Available)
    };
    let uncovered = if available().next().is_none() {
        None
    } else {
        // Walk forward through overlapping or touching available windows; the first day no
        // window covers is the gap.
        let mut cursor = start;
        loop {
            match available()
                .filter(|w| w.from <= cursor && cursor <= w.to)
                .map(|w| w.to)
                .max()
            {
                Some(to) if to >= end => break None,
                Some(to) => match to.succ_opt() {
                    Some(next) => cursor = next,
                    None => break None,
                },
                None => break Some(cursor),
            }
        }
    };
    match (blocked, uncovered) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Every reason `c` cannot take `position`; empty when they can.
pub fn exclusions(brief: &Brief, position: &Position, c: &Candidate) -> Vec<Exclusion> {
    let mut all = Vec::new();
    walk(brief, position, c, &mut |e| {
        all.push(e);
        true
    });
    all
}

/// Whether `c` meets every hard constraint of `position`; stops at the first that fails.
pub fn is_eligible(brief: &Brief, position: &Position, c: &Candidate) -> bool {
    let mut ok = true;
    walk(brief, position, c, &mut |_| {
        ok = false;
        false
    });
    ok
}

/// The eligible candidates of one position, best first, without those the planner dropped.
/// Ties are broken by name, then id, so the same data always gives the same order.
pub fn rank(
    brief: &Brief,
    position: &Position,
    candidates: &[Candidate],
    dropped: &[ExpertId],
) -> Vec<Ranked> {
    let dropped: Vec<(usize, ExpertId)> = dropped.iter().map(|id| (0, *id)).collect();
    rank_all(brief, std::slice::from_ref(position), candidates, &dropped)
        .pop()
        .unwrap_or_default()
}

/// [`rank`] for every position at once, in one pass over the candidates: a roster is far larger
/// than a request, so reading each candidate once instead of once per position is what counts.
pub fn rank_all(
    brief: &Brief,
    positions: &[Position],
    candidates: &[Candidate],
    dropped: &[(usize, ExpertId)],
) -> Vec<Vec<Ranked>> {
    let mut ranked: Vec<Vec<(Ranked, &str)>> = vec![Vec::new(); positions.len()];
    for c in candidates {
        // Nobody outside every position's category, or not vetted, needs a closer look.
        if c.status != RosterStatus::Vetted
            || !positions.iter().any(|p| c.categories.contains(&p.category))
        {
            continue;
        }
        for (i, p) in positions.iter().enumerate() {
            if is_eligible(brief, p, c) && !dropped.contains(&(i, c.id)) {
                ranked[i].push((
                    Ranked {
                        id: c.id,
                        total: points(brief, p, c).total(),
                    },
                    c.sort_key.as_str(),
                ));
            }
        }
    }
    ranked
        .into_iter()
        .map(|mut list| {
            list.sort_by(|(a, a_key), (b, b_key)| {
                b.total
                    .cmp(&a.total)
                    .then_with(|| a_key.cmp(b_key))
                    .then_with(|| a.id.cmp(&b.id))
            });
            list.into_iter().map(|(r, _)| r).collect()
        })
        .collect()
}

/// What a planner does to one expert for one position, overriding matching's proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlannerPick {
    /// Keep the expert in the proposal whenever they fit.
    Pin,
    /// Leave the expert out of this position.
    Drop,
    /// Take back an earlier pin or drop.
    Clear,
}

impl PlannerPick {
    /// The form's word for it: `pin`, `drop` or `clear`.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "pin" => Some(Self::Pin),
            "drop" => Some(Self::Drop),
            "clear" => Some(Self::Clear),
            _ => None,
        }
    }

    /// How the pick is kept: `None` when nothing is kept.
    pub fn stored(self) -> Option<&'static str> {
        match self {
            Self::Pin => Some("pinned"),
            Self::Drop => Some("dropped"),
            Self::Clear => None,
        }
    }
}

#[cfg(test)]
mod pick_tests {
    use super::PlannerPick;

    #[test]
    fn a_pick_reads_the_three_words_of_the_form_and_nothing_else() {
        assert_eq!(PlannerPick::parse(" pin "), Some(PlannerPick::Pin));
        assert_eq!(PlannerPick::parse("drop"), Some(PlannerPick::Drop));
        assert_eq!(PlannerPick::parse("clear"), Some(PlannerPick::Clear));
        assert_eq!(PlannerPick::parse("pinned"), None);
        assert_eq!(PlannerPick::Clear.stored(), None);
        assert_eq!(PlannerPick::Pin.stored(), Some("pinned"));
    }
}
