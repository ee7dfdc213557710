//! Wire types of the readiness dashboard's counts, charts and tables: what its server functions and pages exchange,
//! compiled for the server and the browser alike.
use crate::domain::dashboard::{
    CrossTable, DeploySummary, ExpiringCount, RequestTimes, TierCounts,
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardView {
    /// Whose experts are counted: `everything`, `state` (a roster office's own) or `vetted`.
    pub scope: String,
    /// The roster office's member state, when the scope is `state`.
    pub state: Option<String>,
    pub as_of: String,
    /// Experts still on the roster (not withdrawn or rejected), by their stored tier.
    pub totals: TierCounts,
    /// `(category slug, counts)`, largest first.
    pub by_category: Vec<(String, TierCounts)>,
    /// `(UN region, counts)`, largest first; an empty region is a state missing from the reference data.
    pub by_region: Vec<(String, TierCounts)>,
    /// `(ISO 639-1 code, counts)`, largest first.
    pub by_language: Vec<(String, TierCounts)>,
    /// Experts ready in 72 hours, by category and region.
    pub category_region: CrossTable,
    pub rapid: DeploySummary,
    pub standard: DeploySummary,
    /// Rapid deployments per bar of `HISTOGRAM_BOUNDS_HOURS`, shortest first.
    pub rapid_histogram: Vec<u64>,
    /// Rapid requests the asker may open that have someone on the ground, newest first.
    pub rapid_requests: Vec<RequestTimes>,
    /// How many rapid requests there are beyond those listed (the CSV has them all).
    pub rapid_requests_more: u64,
    pub expiring: Vec<ExpiringCount>,
    /// Experts whose availability was confirmed more than 90 days ago, or never.
    pub stale: u64,
    /// The asker may open the expiring-credentials list (the secretariat).
    pub can_open_expiring: bool,
}
