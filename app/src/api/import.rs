//! Candidate uploads: the history of a state's files, one file's progress or report, commit and
//! discard. The file itself arrives by a plain multipart form post (see the server's routes).
use crate::{domain::import::Counts, error::AppError};
use leptos::prelude::*;
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

#[cfg(feature = "ssr")]
fn batch_id(raw: &str) -> Result<uuid::Uuid, AppError> {
    uuid::Uuid::parse_str(raw.trim()).map_err(|_| AppError::NotFound)
}

#[server(endpoint = "import_history", prefix = "/api")]
pub async fn import_history(
    #[server(default)] page: Option<u64>,
) -> Result<UploadHistory, AppError> {
    use crate::server::{context, services::import_batches};
    context::respond(
        async {
            let actor = context::require(crate::domain::permissions::Action::ViewOwnAccount)?;
            let page = match page {
                None => crate::domain::paging::Page::FIRST,
                Some(n) => crate::domain::paging::Page::new(n)
                    .map_err(|why| AppError::invalid("page", why))?,
            };
            import_batches::history(&context::db()?, &actor, page).await
        }
        .await,
    )
}

#[server(endpoint = "import_batch", prefix = "/api")]
pub async fn import_batch(id: String) -> Result<BatchView, AppError> {
    use crate::server::{context, services::import_batches};
    context::respond(
        async {
            let actor = context::require(crate::domain::permissions::Action::ViewOwnAccount)?;
            import_batches::view(&context::db()?, &actor, batch_id(&id)?).await
        }
        .await,
    )
}

#[server(endpoint = "commit_import", prefix = "/api")]
pub async fn commit_import(id: String) -> Result<(), AppError> {
    use crate::server::{context, services::import_batches};
    let result = async {
        let actor = context::require(crate::domain::permissions::Action::ViewOwnAccount)?;
        import_batches::start_commit(&context::db()?, &actor, batch_id(&id)?).await
    }
    .await;
    // Without the script the form post lands back on the batch page, which shows the progress.
    if result.is_ok() {
        leptos_axum::redirect(&format!("/import/{}", id.trim()));
    }
    context::respond(result)
}

#[server(endpoint = "discard_import", prefix = "/api")]
pub async fn discard_import(id: String) -> Result<(), AppError> {
    use crate::server::{context, services::import_batches};
    let result = async {
        let actor = context::require(crate::domain::permissions::Action::ViewOwnAccount)?;
        import_batches::discard(&context::db()?, &actor, batch_id(&id)?).await
    }
    .await;
    if result.is_ok() {
        leptos_axum::redirect("/import");
    }
    context::respond(result)
}
