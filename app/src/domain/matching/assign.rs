//! One assignment for a whole request: every seat filled where possible, nobody twice, the total
//! score as high as it can be; pins honoured, then the ranked alternates of each position.
use super::{Brief, Candidate, rank_all};
use crate::domain::{ids::ExpertId, request::Position};
use pathfinding::{kuhn_munkres::kuhn_munkres, matrix::Matrix};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// An eligible candidate and their total score for one position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ranked {
    pub id: ExpertId,
    pub total: u32,
}

/// The planner's choices, by position index: pinned candidates go in first, dropped ones never.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Picks {
    pub pinned: Vec<(usize, ExpertId)>,
    pub dropped: Vec<(usize, ExpertId)>,
}

/// One seat of this request already taken by an accepted or active deployment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Booked {
    pub position: usize,
    pub expert: ExpertId,
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
}

/// An expert booked on a position of this very request holds that seat: their booking is not a
/// commitment elsewhere for this request's matching, and they are pinned to their seat (a drop
/// of them is ignored), so the shortlist counts the seat as filled by them.
pub fn hold_booked_seats(pool: &mut [Candidate], picks: &mut Picks, booked: &[Booked]) {
    for b in booked {
        if let Some(c) = pool.iter_mut().find(|c| c.id == b.expert)
            && let Some(at) = c
                .commitments
                .iter()
                .position(|&(f, t)| f == b.from && t == b.to)
        {
            c.commitments.remove(at);
        }
        picks
            .dropped
            .retain(|&(p, id)| !(p == b.position && id == b.expert));
        if !picks.is_pinned(b.position, b.expert) {
            picks.pinned.push((b.position, b.expert));
        }
    }
}

impl Picks {
    pub fn is_pinned(&self, position: usize, id: ExpertId) -> bool {
        self.pinned.contains(&(position, id))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PositionShortlist {
    /// The assignment's choice for this position's seats, best first.
    pub proposed: Vec<Ranked>,
    /// The next best eligible candidates not proposed anywhere in the request.
    pub alternates: Vec<Ranked>,
    /// How many candidates meet every hard constraint (after drops).
    pub eligible: usize,
    /// Pinned candidates who no longer meet a hard constraint.
    pub pinned_ineligible: Vec<ExpertId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Shortlist {
    pub positions: Vec<PositionShortlist>,
    /// The sum of the proposed candidates' scores.
    pub total: u64,
}

/// A filled seat always outweighs any score difference, and a pin outweighs any number of seats,
/// so the assignment fills as many seats as it can, keeps every pin it can, and only then
/// maximises the total score. Scores stay below 1,000 points and seats below 10,000.
const SEAT: i64 = 10_000_000;
const PIN: i64 = SEAT * 100_000;

/// Ranks every position, then picks the optimal assignment (Kuhn–Munkres).
///
/// Only each position's best `seats` candidates (plus its pins) can matter: a seat given to
/// anyone below that could swap for one of those, at least one of whom is free. That keeps the
/// matrix small however large the roster is.
pub fn shortlist(
    brief: &Brief,
    positions: &[Position],
    candidates: &[Candidate],
    picks: &Picks,
    alternates: usize,
) -> Shortlist {
    let ranked = rank_all(brief, positions, candidates, &picks.dropped);
    let seats: Vec<usize> = positions
        .iter()
        .enumerate()
        .flat_map(|(i, p)| std::iter::repeat_n(i, usize::from(p.head_count)))
        .collect();
    let chosen = assign(&ranked, &seats, picks);
    let taken: Vec<ExpertId> = chosen.iter().flatten().map(|r| r.id).collect();
    let mut total = 0u64;
    let positions = ranked
        .iter()
        .enumerate()
        .map(|(i, list)| {
            let mut proposed = chosen[i].clone();
            proposed.sort_by(|a, b| {
                let pos = |id| list.iter().position(|r| r.id == id);
                pos(a.id).cmp(&pos(b.id))
            });
            total += proposed.iter().map(|r| u64::from(r.total)).sum::<u64>();
            PositionShortlist {
                proposed,
                alternates: list
                    .iter()
                    .filter(|r| !taken.contains(&r.id))
                    .take(alternates)
                    .copied()
                    .collect(),
                eligible: list.len(),
                pinned_ineligible: picks
                    .pinned
                    .iter()
                    .filter(|(p, id)| *p == i && !list.iter().any(|r| r.id == *id))
                    .map(|(_, id)| *id)
                    .collect(),
            }
        })
        .collect();
    Shortlist { positions, total }
}

/// The candidates chosen for each position's seats.
fn assign(ranked: &[Vec<Ranked>], seats: &[usize], picks: &Picks) -> Vec<Vec<Ranked>> {
    let mut chosen = vec![Vec::new(); ranked.len()];
    if seats.is_empty() {
        return chosen;
    }
    // Columns: every candidate who could matter, in a fixed order (position, then rank).
    let mut columns: Vec<ExpertId> = Vec::new();
    let mut index: HashMap<ExpertId, usize> = HashMap::new();
    for (i, list) in ranked.iter().enumerate() {
        let pinned = list.iter().filter(|r| picks.is_pinned(i, r.id));
        for r in list.iter().take(seats.len()).chain(pinned) {
            index.entry(r.id).or_insert_with(|| {
                columns.push(r.id);
                columns.len() - 1
            });
        }
    }
    let scores: Vec<HashMap<ExpertId, u32>> = ranked
        .iter()
        .map(|list| list.iter().map(|r| (r.id, r.total)).collect())
        .collect();
    // Kuhn–Munkres wants at least as many columns as rows: empty columns stand for an unfilled seat.
    let width = columns.len().max(seats.len());
    let weights = Matrix::from_fn(seats.len(), width, |(row, col)| {
        let position = seats[row];
        columns
            .get(col)
            .and_then(|id| scores[position].get(id).map(|s| (id, s)))
            .map_or(0, |(id, score)| {
                let pin = if picks.is_pinned(position, *id) {
                    PIN
                } else {
                    0
                };
                pin + SEAT + i64::from(*score)
            })
    });
    let (_, assignment) = kuhn_munkres(&weights);
    for (row, col) in assignment.into_iter().enumerate() {
        let position = seats[row];
        if let Some(id) = columns.get(col)
            && let Some(total) = scores[position].get(id)
        {
            chosen[position].push(Ranked {
                id: *id,
                total: *total,
            });
        }
    }
    chosen
}
