//! Download routes of the readiness dashboard: each table as CSV at `/dashboard/{table}.csv`. Plain
//! GET links, so they work as browser downloads without the page's script.
use crate::{
    route_door::{error_response, permit},
    startup::AppState,
};
use app::{
    domain::{dashboard::Table, permissions::Action},
    error::AppError,
    server::{context::RequestSession, services::dashboard},
};
use axum::{
    Extension,
    extract::{Path, State},
    http::header,
    response::{IntoResponse, Response},
};

pub async fn dashboard_csv(
    State(state): State<AppState>,
    session: Option<Extension<RequestSession>>,
    Path(file): Path<String>,
) -> Response {
    let actor = match permit(session.as_ref(), &Action::ViewDashboard) {
        Ok(actor) => actor,
        Err(err) => return error_response(err),
    };
    // Only the known names are answered; the slug is looked up, never put into a path or a header.
    let Some(table) = file.strip_suffix(".csv").and_then(Table::parse) else {
        return error_response(AppError::NotFound);
    };
    let today = chrono::Utc::now().date_naive();
    match dashboard::csv(&state.db, &actor, today, table).await {
        Ok(csv) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{}\"", table.file_name()),
                ),
            ],
            csv,
        )
            .into_response(),
        Err(err) => error_response(err),
    }
}
