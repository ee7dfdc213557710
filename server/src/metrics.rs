//! Operational metrics in the Prometheus text format: requests counted and timed by route, and at
//! each scrape the database pool, the outbox and the upload batches; `GET /metrics` shows them to
//! whoever holds the operator token (`BLUE_SUITS_METRICS_TOKEN`).
use crate::{route_door, startup::AppState};
use app::domain::{
    import_batch::Phase,
    permissions::{OperatorAccess, operator_access},
};
use axum::{
    extract::{MatchedPath, Request, State},
    http::{HeaderMap, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseConnectionType, Statement};
use std::{collections::HashSet, sync::OnceLock, time::Instant};

/// Seconds: page and server-function answers from a few milliseconds up to the slowest upload.
const LATENCY_BUCKETS: [f64; 12] = [
    0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// The process's one recorder, installed by the first application built in it (tests build many;
/// they share it, as the instances of one process would).
pub fn install() -> Option<PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets_for_metric(
                    Matcher::Full("http_request_duration_seconds".to_owned()),
                    &LATENCY_BUCKETS,
                )
                .map_err(|e| tracing::warn!(error = %e, "metrics buckets refused"))
                .ok()?
                .build_recorder();
            let handle = recorder.handle();
            match metrics::set_global_recorder(recorder) {
                Ok(()) => Some(handle),
                Err(e) => {
                    tracing::warn!(error = %e, "another metrics recorder is installed");
                    None
                }
            }
        })
        .clone()
}

/// The paths of the server functions this build registers: the only `/api/…` labels there are.
fn server_functions() -> &'static HashSet<String> {
    static PATHS: OnceLock<HashSet<String>> = OnceLock::new();
    PATHS.get_or_init(|| {
        leptos::server_fn::axum::server_fn_paths()
            .map(|(path, _)| path.to_owned())
            .collect()
    })
}

/// The route a request was answered by, as its pattern (`/roster/{id}`), so the labels stay few
/// whatever ids people open. Server functions are named by their own path when it is one of this
/// build's; any other `/api/…` path folds into one label, whatever status it got, so nobody grows
/// the metrics (and the server's memory) by asking for made-up names.
fn route_label(pattern: Option<&str>, path: &str, known: &HashSet<String>) -> String {
    match pattern {
        Some("/api/{*fn_name}") if known.contains(path) => path.to_owned(),
        Some("/api/{*fn_name}") => "/api/(unknown)".to_owned(),
        Some(pattern) => pattern.to_owned(),
        None => "(unmatched)".to_owned(),
    }
}

/// The method as a label: the standard ones by name, anything a client invents as `other`.
fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::HEAD => "HEAD",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// Counts and times every request. The time is until the response's head is ready; a streamed
/// download goes on after it.
pub async fn track(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = method_label(req.method());
    let path = req.uri().path().to_owned();
    let matched = req.extensions().get::<MatchedPath>().cloned();
    let res = next.run(req).await;
    let route = route_label(
        matched.as_ref().map(MatchedPath::as_str),
        &path,
        server_functions(),
    );
    let status = res.status().as_u16().to_string();
    metrics::counter!(
        "http_requests_total",
        "method" => method,
        "route" => route.clone(),
        "status" => status
    )
    .increment(1);
    metrics::histogram!("http_request_duration_seconds", "method" => method, "route" => route)
        .record(started.elapsed().as_secs_f64());
    res
}

/// `GET /metrics`: 404 unless a token is configured, 401 without it.
pub async fn metrics_page(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    match operator_access(state.metrics_token.as_deref(), authorization) {
        OperatorAccess::Hidden => return StatusCode::NOT_FOUND.into_response(),
        OperatorAccess::Refused => {
            return route_door::error_response(app::error::AppError::Unauthenticated);
        }
        OperatorAccess::Allowed => {}
    }
    let Some(handle) = install() else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    record_pool(&state.db);
    if let Err(e) = record_backlogs(&state.db).await {
        tracing::warn!(error = %e, "metrics: counting the outbox and uploads failed");
    }
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        handle.render(),
    )
        .into_response()
}

fn record_pool(db: &DatabaseConnection) {
    // Matched first: the pool getters panic on the other backend.
    let (size, idle) = match &db.inner {
        DatabaseConnectionType::SqlxSqlitePoolConnection(_) => {
            let pool = db.get_sqlite_connection_pool();
            (pool.size(), pool.num_idle())
        }
        DatabaseConnectionType::SqlxPostgresPoolConnection(_) => {
            let pool = db.get_postgres_connection_pool();
            (pool.size(), pool.num_idle())
        }
        _ => return,
    };
    let idle = u32::try_from(idle).unwrap_or(u32::MAX);
    metrics::gauge!("db_pool_connections", "state" => "idle").set(f64::from(idle));
    metrics::gauge!("db_pool_connections", "state" => "in_use")
        .set(f64::from(size.saturating_sub(idle)));
}

/// Counts read from the database at each scrape, so every instance reports the same backlog.
async fn record_backlogs(db: &DatabaseConnection) -> Result<(), sea_orm::DbErr> {
    let backend = db.get_database_backend();
    let outbox = db
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT \
               COUNT(CASE WHEN sent_at IS NULL AND failed_at IS NULL THEN 1 END), \
               COUNT(CASE WHEN failed_at IS NOT NULL THEN 1 END), \
               COUNT(CASE WHEN sent_at IS NULL AND failed_at IS NULL AND attempts > 0 THEN 1 END) \
             FROM notifications",
        ))
        .await?;
    if let Some(row) = outbox {
        for (i, state) in ["waiting", "failed", "retrying"].into_iter().enumerate() {
            let n: i64 = row.try_get_by_index(i)?;
            metrics::gauge!("outbox_messages", "state" => state).set(n as f64);
        }
    }
    let phases = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT phase, COUNT(*) FROM import_batches GROUP BY phase",
        ))
        .await?;
    // A phase with no batch left is absent from the grouping; it reads 0, not its last count.
    for phase in [
        Phase::Checking,
        Phase::Checked,
        Phase::Committing,
        Phase::Committed,
        Phase::Failed,
        Phase::Discarded,
    ] {
        metrics::gauge!("upload_batches", "phase" => phase.as_str()).set(0.0);
    }
    for row in phases {
        let phase: String = row.try_get_by_index(0)?;
        let n: i64 = row.try_get_by_index(1)?;
        metrics::gauge!("upload_batches", "phase" => phase).set(n as f64);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_are_labelled_by_pattern_and_made_up_names_fold_together() {
        let known: HashSet<String> = ["/api/list_experts".to_owned()].into();
        let (pattern, api) = (Some("/roster/{id}"), Some("/api/{*fn_name}"));
        assert_eq!(route_label(pattern, "/roster/123", &known), "/roster/{id}");
        assert_eq!(
            route_label(api, "/api/list_experts", &known),
            "/api/list_experts"
        );
        for made_up in ["/api/made_up_123", "/api/list_experts/x", "/api/"] {
            assert_eq!(route_label(api, made_up, &known), "/api/(unknown)");
        }
        assert_eq!(route_label(None, "/whatever", &known), "(unmatched)");
        assert_eq!(method_label(&axum::http::Method::GET), "GET");
        let invented = axum::http::Method::from_bytes(b"BREW").unwrap();
        assert_eq!(method_label(&invented), "other");
    }
}
