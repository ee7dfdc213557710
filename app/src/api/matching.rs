//! Matching a request: the shortlist with "why ranked here", the excluded with "why not", pins,
//! drops, saving the shortlist, and what-if counts for drafts. Never contact details.
use crate::error::AppError;
use leptos::prelude::*;
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

#[server(endpoint = "request_shortlist", prefix = "/api")]
pub async fn request_shortlist(id: String) -> Result<ShortlistView, AppError> {
    use crate::{
        domain::permissions::Action,
        server::{
            context,
            services::{matching, requests},
        },
    };
    context::respond(
        async {
            let actor = context::require(Action::ListRequests)?;
            matching::shortlist(
                &context::db()?,
                &actor,
                requests::request_id(&id)?,
                context::today(),
            )
            .await
        }
        .await,
    )
}

/// Pins (`pin`), drops (`drop`) or clears (`clear`) one expert for one position.
#[server(endpoint = "pick_candidate", prefix = "/api")]
pub async fn pick_candidate(
    id: String,
    position_id: String,
    expert_id: String,
    pick: String,
) -> Result<(), AppError> {
    use crate::{
        domain::permissions::Action,
        server::{context, services::matching},
    };
    context::respond(
        async {
            let actor = context::require(Action::ListRequests)?;
            matching::pick(
                &context::db()?,
                &actor,
                &id,
                &position_id,
                &expert_id,
                &pick,
                chrono::Utc::now(),
            )
            .await?;
            leptos_axum::redirect(&format!("/requests/{}/shortlist", id.trim()));
            Ok(())
        }
        .await,
    )
}

/// Saves the shortlist as matching proposes it now, with the request.
#[server(endpoint = "save_shortlist", prefix = "/api")]
pub async fn save_shortlist(id: String) -> Result<(), AppError> {
    use crate::{
        domain::permissions::Action,
        server::{
            context,
            services::{matching, requests},
        },
    };
    context::respond(
        async {
            let actor = context::require(Action::ListRequests)?;
            matching::save(
                &context::db()?,
                &actor,
                requests::request_id(&id)?,
                context::today(),
                chrono::Utc::now(),
            )
            .await?;
            leptos_axum::redirect(&format!("/requests/{}/shortlist?saved=1", id.trim()));
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "excluded_candidates", prefix = "/api")]
pub async fn excluded_candidates(
    id: String,
    position_id: String,
    #[server(default)] group: String,
    #[server(default)] page: String,
) -> Result<ExcludedPage, AppError> {
    use crate::{
        domain::permissions::Action,
        server::{context, services::matching},
    };
    context::respond(
        async {
            let actor = context::require(Action::ListRequests)?;
            matching::excluded(
                &context::db()?,
                &actor,
                &id,
                &position_id,
                &group,
                &page,
                context::today(),
            )
            .await
        }
        .await,
    )
}

#[server(endpoint = "request_what_if", prefix = "/api")]
pub async fn request_what_if(id: String) -> Result<Vec<WhatIfView>, AppError> {
    use crate::{
        domain::permissions::Action,
        server::{
            context,
            services::{matching, requests},
        },
    };
    context::respond(
        async {
            let actor = context::require(Action::ListRequests)?;
            matching::what_if(
                &context::db()?,
                &actor,
                requests::request_id(&id)?,
                context::today(),
            )
            .await
        }
        .await,
    )
}
