//! What-if for a draft position: how many vetted experts of its category qualify today, and how
//! many each constraint removes ("French C1 removes 84% of prosecutors").
use super::{Brief, Candidate, Constraint, exclusions};
use crate::domain::{request::Position, vetting::RosterStatus};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConstraintCount {
    pub constraint: Constraint,
    /// Experts of the base this constraint excludes (alone or with others).
    pub excluded: usize,
    /// `excluded` as a whole percentage of the base.
    pub percent: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhatIf {
    /// Vetted experts in the position's category: the people the position could draw on.
    pub base: usize,
    pub qualifying: usize,
    /// Most excluding first; the first one is the constraint to relax.
    pub constraints: Vec<ConstraintCount>,
}

pub fn what_if(brief: &Brief, position: &Position, candidates: &[Candidate]) -> WhatIf {
    let mut base = 0;
    let mut qualifying = 0;
    let mut counts: BTreeMap<Constraint, usize> = BTreeMap::new();
    for c in candidates
        .iter()
        .filter(|c| c.status == RosterStatus::Vetted && c.categories.contains(&position.category))
    {
        base += 1;
        let found = exclusions(brief, position, c);
        if found.is_empty() {
            qualifying += 1;
        }
        let mut seen: Vec<Constraint> = found.iter().map(|e| e.constraint()).collect();
        seen.sort();
        seen.dedup();
        for constraint in seen {
            *counts.entry(constraint).or_default() += 1;
        }
    }
    let mut constraints: Vec<ConstraintCount> = counts
        .into_iter()
        .map(|(constraint, excluded)| ConstraintCount {
            constraint,
            excluded,
            percent: (excluded * 100).checked_div(base).unwrap_or(0),
        })
        .collect();
    constraints.sort_by(|a, b| {
        b.excluded
            .cmp(&a.excluded)
            .then_with(|| a.constraint.cmp(&b.constraint))
    });
    WhatIf {
        base,
        qualifying,
        constraints,
    }
}
