//! Download routes: the roster view as CSV. Plain GET links, so they work as browser downloads.
use crate::{
    route_door::{error_response, permit},
    startup::AppState,
};
use app::{
    domain::{permissions::Action, roster_query::RosterParams},
    error::AppError,
    server::{context::RequestSession, services::export::RosterExport},
};
use axum::{
    Extension, Json,
    body::Body,
    extract::{Query, State},
    http::header,
    response::{IntoResponse, Response},
};

pub async fn roster_csv(
    State(state): State<AppState>,
    session: Option<Extension<RequestSession>>,
    Query(params): Query<RosterParams>,
) -> Response {
    let actor = match permit(session.as_ref(), &Action::ViewRoster) {
        Ok(actor) => actor,
        Err(err) => return error_response(err),
    };
    let export = match RosterExport::start(&actor, &params) {
        Ok(export) => export,
        Err(err) => return error_response(err),
    };
    // Each piece is read and written only when the previous one has gone out: memory stays
    // bounded and the download starts at once. A failure half-way ends the body early, which the
    // browser reports as a failed download rather than a short file.
    let pieces = futures_util::stream::try_unfold(
        (export, state.db.clone()),
        |(mut export, db)| async move {
            match export.next_chunk(&db).await {
                Ok(Some(text)) => Ok(Some((text, (export, db)))),
                Ok(None) => Ok(None),
                Err(err) => {
                    tracing::error!(?err, "roster export stopped");
                    Err(std::io::Error::other("roster export stopped"))
                }
            }
        },
    );
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"roster.csv\"",
            ),
        ],
        Body::from_stream(pieces),
    )
        .into_response()
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
    let actor = permit(session.as_ref(), &Action::ManageOwnProfile)?;
    app::server::services::my_data::json(&state.db, &actor, chrono::Utc::now()).await
}
