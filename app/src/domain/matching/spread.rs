//! The spread of a shortlist by nominating state, nationality, gender and region, and which one
//! value dominates it, so a planner sees at a glance when one state or one gender takes over.
use super::Candidate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A shortlist this small says nothing about dominance.
const MIN_PEOPLE: usize = 3;
/// More than this share of the people (in percent) is dominance.
const DOMINANT_PERCENT: usize = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    State,
    Nationality,
    Gender,
    Region,
}

impl Dimension {
    pub const ALL: [Dimension; 4] = [
        Dimension::State,
        Dimension::Nationality,
        Dimension::Gender,
        Dimension::Region,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Dimension::State => "Nominating state",
            Dimension::Nationality => "Nationality",
            Dimension::Gender => "Gender",
            Dimension::Region => "Region",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dominance {
    pub dimension: Dimension,
    pub value: String,
    pub count: usize,
    pub percent: usize,
}

/// Counts per value, most frequent first (then by value), for each dimension in
/// [`Dimension::ALL`] order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spread {
    pub people: usize,
    pub counts: Vec<(Dimension, Vec<(String, usize)>)>,
    pub dominant: Vec<Dominance>,
}

fn tally(values: impl Iterator<Item = String>) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    let mut list: Vec<(String, usize)> = counts.into_iter().collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    list
}

/// The spread of `people`. A person with two nationalities counts once under each, but
/// dominance is measured against the number of people.
pub fn spread(people: &[&Candidate]) -> Spread {
    let counts: Vec<(Dimension, Vec<(String, usize)>)> = Dimension::ALL
        .into_iter()
        .map(|d| {
            let list = match d {
                Dimension::State => tally(people.iter().map(|c| c.state.to_string())),
                Dimension::Nationality => tally(
                    people
                        .iter()
                        .flat_map(|c| c.nationalities.iter().map(ToString::to_string)),
                ),
                Dimension::Gender => tally(people.iter().map(|c| c.gender.as_str().to_owned())),
                Dimension::Region => tally(people.iter().map(|c| c.state_region.clone())),
            };
            (d, list)
        })
        .collect();
    let n = people.len();
    let dominant = if n < MIN_PEOPLE {
        Vec::new()
    } else {
        counts
            .iter()
            .filter_map(|(d, list)| {
                let (value, count) = list.first()?;
                (count * 100 > DOMINANT_PERCENT * n).then(|| Dominance {
                    dimension: *d,
                    value: value.clone(),
                    count: *count,
                    percent: count * 100 / n,
                })
            })
            .collect()
    };
    Spread {
        people: n,
        counts,
        dominant,
    }
}
