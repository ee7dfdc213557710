//! Wire types of uploads: the history, one batch's progress and report: what its server functions and pages exchange,
//! compiled for the server and the browser alike.
use crate::domain::import::Counts;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchRow {
    pub id: String,
    pub member_state: String,
    pub file_name: String,
    /// csv or xlsx, as the content showed.
    pub file_kind: String,
    /// web or cli.
    pub source: String,
    pub uploaded_by: Option<String>,
    /// Phase slug; a run that stopped midway shows as failed.
    pub phase: String,
    pub created_at: String,
    /// `created N, updated N, unchanged N, rejected N` once known.
    pub summary: Option<String>,
    pub counts: Option<Counts>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadHistory {
    pub rows: Vec<BatchRow>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
    pub can_upload: bool,
    pub sees_all_states: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectionView {
    pub row: u64,
    pub column: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchView {
    pub row: BatchRow,
    /// 0–100; 100 only once the work has ended.
    pub percent: u8,
    pub running: bool,
    /// Why the file could not be read or the work stopped.
    pub problem: Option<String>,
    /// The first rejections, in report order.
    pub rejections: Vec<RejectionView>,
    pub lines_shown: u64,
    pub rejections_total: u64,
    /// Some rows were rejected and can be downloaded to fix.
    pub has_rejected_rows: bool,
    /// The header row is wrong, so every row was rejected.
    pub header_problems: bool,
    /// Updated rows that send their vetted record back to vetting (the first ones).
    pub back_to_vetting: Vec<crate::domain::import::BackToVetting>,
    pub can_commit: bool,
    pub can_discard: bool,
}
