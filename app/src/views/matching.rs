//! Wire types of the shortlist, its explanations and spread, why-not and what-if: what its server functions and pages exchange,
//! compiled for the server and the browser alike.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreLineView {
    pub label: String,
    pub points: u32,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateView {
    pub expert_id: String,
    pub name: String,
    pub latin_name: Option<String>,
    pub member_state: String,
    pub nationalities: Vec<String>,
    pub gender: String,
    pub years_experience: u8,
    pub notice_days: u16,
    pub score: u32,
    pub lines: Vec<ScoreLineView>,
    pub pinned: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionShortlistView {
    pub position_id: String,
    pub title: String,
    pub category: String,
    pub head_count: u8,
    pub start_on: String,
    pub end_on: String,
    /// Candidates meeting every hard constraint.
    pub eligible: usize,
    pub proposed: Vec<CandidateView>,
    pub alternates: Vec<CandidateView>,
    /// Pinned candidates who no longer qualify, by name when they are still vetted.
    pub pinned_lapsed: Vec<String>,
    /// Experts the planner dropped from this position: `(id, name)`.
    pub dropped: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpreadView {
    pub people: usize,
    /// `(dimension label, [(value, count)])`.
    pub dimensions: Vec<(String, Vec<(String, usize)>)>,
    /// One sentence per dominating value, e.g. "CAN: 4 of 5 (80%) by nominating state".
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShortlistView {
    pub request_id: String,
    pub mission: String,
    pub status: String,
    pub urgency: String,
    pub host_country: String,
    pub host_waived: bool,
    pub positions: Vec<PositionShortlistView>,
    pub spread: SpreadView,
    pub total_score: u64,
    /// When the shortlist was last saved, and by whom.
    pub saved: Option<String>,
    /// The saved shortlist differs from what matching proposes now.
    pub saved_differs: bool,
    pub can_edit: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExcludedRow {
    pub expert_id: String,
    pub name: String,
    pub member_state: String,
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExcludedPage {
    pub request_id: String,
    pub position_id: String,
    pub title: String,
    pub category: String,
    /// The constraint group filtered on; empty for all.
    pub group: String,
    /// `(group slug, label, experts excluded by it)`, most first.
    pub groups: Vec<(String, String, usize)>,
    pub rows: Vec<ExcludedRow>,
    /// Excluded experts in the filtered view.
    pub total: usize,
    /// Vetted experts in the category.
    pub base: usize,
    pub page: usize,
    pub pages: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConstraintView {
    pub label: String,
    pub group: String,
    pub excluded: usize,
    pub percent: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhatIfView {
    pub position_id: String,
    pub title: String,
    pub category: String,
    pub base: usize,
    pub qualifying: usize,
    /// Most excluding first.
    pub constraints: Vec<ConstraintView>,
    /// "fr at C1 removes 84% of prosecutors", when anything removes anyone.
    pub headline: Option<String>,
}
