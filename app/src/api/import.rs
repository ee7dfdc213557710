//! Candidate uploads: the history of a state's files, one file's progress or report, commit and
//! discard. The file itself arrives by a plain multipart form post (see the server's routes).
use crate::{error::AppError, views::import::*};
use leptos::prelude::*;

#[server(endpoint = "import_history", prefix = "/api")]
pub async fn import_history(
    #[server(default)] page: Option<u64>,
) -> Result<UploadHistory, AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::import_batches;
    Door::serve_signed_in(async |d| {
        let page = door::page(page)?;
        d.permit(Action::view_own_imports(&d.actor))?;
        import_batches::history(&d.db, &d.actor, page).await
    })
    .await
}

#[server(endpoint = "import_batch", prefix = "/api")]
pub async fn import_batch(id: String) -> Result<BatchView, AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::import_batches;
    Door::serve_signed_in(async |d| {
        let batch = door::id(&id)?;
        d.permit(Action::view_own_imports(&d.actor))?;
        let state = facts::batch(&d.db, batch).await?;
        d.permit(Action::ViewImports { state: Some(state) })?;
        import_batches::view(&d.db, &d.actor, batch).await
    })
    .await
}

#[server(endpoint = "commit_import", prefix = "/api")]
pub async fn commit_import(id: String) -> Result<(), AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::import_batches;
    Door::serve_signed_in(async |d| {
        let batch = door::id(&id)?;
        d.permit(Action::ImportCandidates {
            state: d.own_state()?,
        })?;
        let state = facts::batch(&d.db, batch).await?;
        d.permit(Action::ImportCandidates { state })?;
        import_batches::start_commit(&d.db, &d.actor, batch).await?;
        // Without the script the form post lands back on the batch page, which shows the progress.
        leptos_axum::redirect(&format!("/import/{batch}"));
        Ok(())
    })
    .await
}

#[server(endpoint = "discard_import", prefix = "/api")]
pub async fn discard_import(id: String) -> Result<(), AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::import_batches;
    Door::serve_signed_in(async |d| {
        let batch = door::id(&id)?;
        d.permit(Action::ImportCandidates {
            state: d.own_state()?,
        })?;
        let state = facts::batch(&d.db, batch).await?;
        d.permit(Action::ImportCandidates { state })?;
        import_batches::discard(&d.db, &d.actor, batch).await?;
        leptos_axum::redirect("/import");
        Ok(())
    })
    .await
}
