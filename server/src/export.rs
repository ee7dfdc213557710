//! Download routes: the roster view as CSV. Plain GET links, so they work as browser downloads.
use crate::startup::AppState;
use app::{domain::roster_query::RosterParams, error::AppError, server::context::RequestSession};
use axum::{
    Extension, Json,
    extract::{Query, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};

pub async fn roster_csv(
    State(state): State<AppState>,
    session: Option<Extension<RequestSession>>,
    Query(params): Query<RosterParams>,
) -> Response {
    let actor = session.map(|Extension(s)| s.actor);
    match app::server::services::export::roster_csv(&state.db, actor.as_ref(), &params).await {
        Ok(csv) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"roster.csv\"",
                ),
            ],
            csv,
        )
            .into_response(),
        Err(err) => error_response(err),
    }
}

fn error_response(err: AppError) -> Response {
    let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, Json(err)).into_response()
}

/// "Download my data" for the signed-in expert, as JSON.
pub async fn my_data_json(
    State(state): State<AppState>,
    session: Option<Extension<RequestSession>>,
) -> Response {
    match my_data(&state, session).await {
        Ok(doc) => (
            [(
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"my-blue-suits-data.json\"",
            )],
            Json(doc),
        )
            .into_response(),
        Err(err) => error_response(err),
    }
}

/// The same as [`my_data_json`], flattened to `section,item,field,value` rows.
pub async fn my_data_csv(
    State(state): State<AppState>,
    session: Option<Extension<RequestSession>>,
) -> Response {
    let csv = my_data(&state, session)
        .await
        .and_then(|doc| app::server::services::my_data::csv_of(&doc));
    match csv {
        Ok(csv) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"my-blue-suits-data.csv\"",
                ),
            ],
            csv,
        )
            .into_response(),
        Err(err) => error_response(err),
    }
}

async fn my_data(
    state: &AppState,
    session: Option<Extension<RequestSession>>,
) -> Result<serde_json::Value, AppError> {
    let Some(Extension(session)) = session else {
        return Err(AppError::Unauthenticated);
    };
    app::server::services::my_data::json(&state.db, &session.actor, chrono::Utc::now()).await
}
