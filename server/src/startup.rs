//! Building the application: database, router, middleware, listener.
use crate::{config::Config, database, health::health, middleware};
use app::{App, error::AppError, server::settings::Settings, shell};
use axum::serve::ListenerExt;
use axum::{
    Router,
    body::Body,
    extract::{FromRef, Request, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use leptos::prelude::*;
use leptos_axum::{
    AxumRouteListing, LeptosRoutes, generate_route_list_with_exclusions,
    handle_server_fns_with_context,
};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use std::{
    net::SocketAddr,
    sync::{Arc, OnceLock},
    time::Duration,
};
use tokio::net::TcpListener;
use tower_governor::{
    GovernorError, GovernorLayer, governor::GovernorConfigBuilder, key_extractor::KeyExtractor,
};
use tower_http::{compression::CompressionLayer, trace::TraceLayer};

/// The name cargo-leptos gives the built JS, WASM and CSS (`output-name` in Cargo.toml).
pub const OUTPUT_NAME: &str = "blue-suits";

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: DatabaseConnection,
    pub settings: Settings,
    /// The configured public URL's origin (`scheme://host[:port]`), which form posts must come from.
    pub origin: Option<String>,
    /// Proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Arc<Vec<ipnet::IpNet>>,
    /// The bearer token that opens `GET /metrics`; without one the route is not there.
    #[from_ref(skip)]
    pub metrics_token: Option<Arc<str>>,
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    db: DatabaseConnection,
}

impl Application {
    /// Connects, migrates, optionally seeds the demo, and binds the listener.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let db = database::connect(&config.database_url).await?;
        database::migrate(&db).await?;
        if config.demo
            && app::server::repo::users::count(&db)
                .await
                .map_err(anyhow_from_app)?
                == 0
        {
            let report = crate::seed::seed(&db, chrono::Utc::now())
                .await
                .map_err(anyhow_from_app)?;
            tracing::info!(
                created = report.created,
                "demo accounts loaded (password: {})",
                crate::seed::DEMO_PASSWORD
            );
        }
        // Refuses an SMTP URL without a sender address, before anything is served.
        let mailer = crate::mailer::from_config(&config.mail)?;
        let retention = app::domain::retention::RetentionPeriod::parse(config.retention_days)
            .map_err(|e| anyhow::anyhow!("BLUE_SUITS_RETENTION_DAYS: {e}"))?;
        spawn_readiness_upkeep(db.clone(), config.upkeep_every, retention);
        crate::mailer::spawn_delivery(db.clone(), mailer.clone());
        let listener = TcpListener::bind(config.addr).await?;
        let addr = listener.local_addr()?;
        let leptos_options = LeptosOptions::builder()
            .output_name(OUTPUT_NAME)
            .site_root(config.site_root.as_str())
            .site_pkg_dir("pkg")
            .site_addr(addr)
            .env(leptos::config::Env::PROD)
            .build();
        let trusted_proxies = Arc::new(middleware::parse_trusted_proxies(&config.trusted_proxies)?);
        let mut settings = config.settings.clone();
        settings.mail_configured = mailer.is_configured();
        let origin = if settings.public_url.is_empty() {
            settings.public_url = format!("http://{addr}");
            None
        } else {
            Some(
                middleware::normalize_origin(&settings.public_url).ok_or_else(|| {
                    anyhow::anyhow!(
                        "BLUE_SUITS_PUBLIC_URL: \"{}\" is not an http(s) address",
                        settings.public_url
                    )
                })?,
            )
        };
        let state = AppState {
            leptos_options,
            db: db.clone(),
            settings,
            origin,
            trusted_proxies,
            metrics_token: config
                .metrics_token
                .as_ref()
                .map(|t| Arc::from(t.0.as_str())),
        };
        crate::metrics::install();
        let router = router(state, &config);
        Ok(Self {
            listener,
            router,
            db,
        })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        tracing::info!(addr = %self.listener.local_addr()?, "listening");
        // Server-rendered pages stream in several small writes; with Nagle's algorithm each write
        // after the first waits for the browser's delayed acknowledgement (about 40 ms on Linux), a
        // floor under every page whatever it holds.
        let listener = self.listener.tap_io(|tcp| {
            if let Err(err) = tcp.set_nodelay(true) {
                tracing::warn!(%err, "could not switch off Nagle's algorithm on a connection");
            }
        });
        axum::serve(
            listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown_signal())
        .await
    }
}

/// Stored readiness tiers are decided for a date; this re-decides them when the date moves on,
/// lapses offers past their deadline (answers after it are refused anyway), ends uploads whose
/// process stopped mid-way, discards uploads left uncommitted for a week, and reduces records
/// past their retention period. Every instance may run it: it only touches
/// rows still assessed for an earlier day, and batches nobody works on.
fn spawn_readiness_upkeep(
    db: DatabaseConnection,
    every: Duration,
    retention: app::domain::retention::RetentionPeriod,
) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            let today = chrono::Utc::now().date_naive();
            match app::server::services::readiness::reassess_due(&db, today).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(experts = n, "readiness re-assessed for {today}"),
                Err(e) => tracing::warn!(error = %e, "readiness upkeep failed; retrying later"),
            }
            match app::server::services::deployments::expire_lapsed(&db, chrono::Utc::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(offers = n, "offers lapsed at their deadline"),
                Err(e) => tracing::warn!(error = %e, "lapsing offers failed; retrying later"),
            }
            match app::server::services::import_batches::stop_silent(&db, chrono::Utc::now()).await
            {
                Ok(0) => {}
                Ok(n) => tracing::warn!(
                    batches = n,
                    "uploads stopped by an earlier crash or restart ended; nothing of them was written"
                ),
                Err(e) => {
                    tracing::warn!(error = %e, "ending stopped uploads failed; retrying later")
                }
            }
            match app::server::services::erasure::reduce_due(
                &db,
                retention,
                today,
                chrono::Utc::now(),
            )
            .await
            {
                Ok(0) => {}
                Ok(n) => tracing::info!(
                    experts = n,
                    "records past their retention period reduced to what the audit trail needs"
                ),
                Err(e) => tracing::warn!(error = %e, "retention upkeep failed; retrying later"),
            }
            let stale = chrono::Utc::now() - app::domain::import_batch::UNCOMMITTED_KEPT;
            match app::server::repo::imports::discard_unclaimed(&db, stale).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(batches = n, "uncommitted uploads discarded"),
                Err(e) => tracing::warn!(error = %e, "discarding old uploads failed"),
            }
            // SQLite keeps planner statistics only when asked; PostgreSQL's autovacuum does it.
            if db.get_database_backend() == sea_orm::DatabaseBackend::Sqlite
                && let Err(e) = db.execute_unprepared("PRAGMA optimize=0x10002").await
            {
                tracing::warn!(error = %e, "refreshing SQLite statistics failed");
            }
        }
    });
}

fn anyhow_from_app(e: AppError) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

/// The largest body a server function takes: every form of the site is far smaller.
const SERVER_FN_BODY_LIMIT: usize = 1 << 20;

/// An error answer in the JSON form every server function uses.
fn error_response(status: StatusCode, err: &AppError) -> Response {
    let body = serde_json::to_string(err).unwrap_or_default();
    let mut res = (status, body).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    res
}

async fn server_fn_handler(State(state): State<AppState>, req: Request<Body>) -> Response {
    // The body is read here, within its limit, so a request too large or not text is answered as
    // such (413, 400) instead of failing inside the framework.
    let (parts, body) = req.into_parts();
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > SERVER_FN_BODY_LIMIT) {
        return error_response(StatusCode::PAYLOAD_TOO_LARGE, &AppError::TooLarge);
    }
    let Ok(bytes) = axum::body::to_bytes(body, SERVER_FN_BODY_LIMIT).await else {
        return error_response(StatusCode::PAYLOAD_TOO_LARGE, &AppError::TooLarge);
    };
    if std::str::from_utf8(&bytes).is_err() {
        return error_response(StatusCode::BAD_REQUEST, &AppError::BadRequest);
    }
    let req = Request::from_parts(parts, Body::from(bytes));
    let settings = state.settings.clone();
    let res = handle_server_fns_with_context(
        move || {
            provide_context(state.db.clone());
            provide_context(state.settings.clone());
        },
        req,
    )
    .await
    .into_response();
    let res = crate::form_errors::into_cookie(&settings, res);
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    // Errors raised by the framework itself (arguments that do not decode) never pass through
    // `respond`, so the framework answers 500 for them; give them the status their error names.
    let (mut parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024)
        .await
        .unwrap_or_default();
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = StatusCode::from_u16(err.status()).unwrap_or(parts.status);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The answer of the per-address sign-in limit, in the same JSON form as every server function error.
fn too_many_sign_ins(err: GovernorError) -> Response<Body> {
    metrics::counter!("sign_in_throttled_total", "limit" => "address").increment(1);
    let wait = match err {
        GovernorError::TooManyRequests { wait_time, .. } => wait_time.max(1),
        _ => 1,
    };
    let body = serde_json::to_string(&AppError::TooManyAttempts {
        retry_after_secs: wait,
    })
    .unwrap_or_default();
    let mut res = (StatusCode::TOO_MANY_REQUESTS, body).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
        res.headers_mut().insert(header::RETRY_AFTER, v);
    }
    res
}

/// The page routes, generated once per process: generating them pauses resource loading in the
/// whole process (leptos issue 4773), which would stall a page that another instance in the same
/// process — integration tests run many — is rendering at that moment.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES
        .get_or_init(|| {
            // Server functions are routed below (POST only, sign-in throttled), so leptos must not
            // add its own.
            let server_fns = leptos::server_fn::axum::server_fn_paths()
                .map(|(path, _)| path.to_owned())
                .collect();
            generate_route_list_with_exclusions(App, Some(server_fns))
        })
        .clone()
}

/// The client address the session middleware worked out (behind trusted proxies, the forwarded
/// one): the key of the per-address limit.
#[derive(Debug, Clone, Copy)]
struct ClientKey;

impl KeyExtractor for ClientKey {
    type Key = std::net::IpAddr;

    fn extract<T>(&self, req: &Request<T>) -> Result<Self::Key, GovernorError> {
        req.extensions()
            .get::<app::server::context::ClientAddr>()
            .map(|c| c.0)
            .ok_or(GovernorError::UnableToExtractKey)
    }
}

/// Server functions anyone may call that do expensive work (a password hash each): one budget per
/// client address, shared by all of them.
const RATE_LIMITED: [&str; 4] = [
    "/api/login",
    "/api/accept_invitation",
    "/api/verify_second_factor",
    "/api/confirm_enrolment",
];

pub fn router(state: AppState, config: &Config) -> Router {
    let routes = route_list();
    let governor = GovernorConfigBuilder::default()
        .key_extractor(ClientKey)
        .period(Duration::from_secs(config.sign_in_refill_seconds))
        .burst_size(config.sign_in_burst)
        .finish()
        .map(Arc::new);
    // Server functions are reached by POST only: a GET can never change anything.
    let limited_route = match governor {
        Some(cfg) => {
            post(server_fn_handler).layer(GovernorLayer::new(cfg).error_handler(too_many_sign_ins))
        }
        None => post(server_fn_handler),
    };
    let leptos_options = state.leptos_options.clone();
    let context_state = state.clone();
    let fallback_state = state.clone();
    let mut router = Router::new();
    for path in RATE_LIMITED {
        router = router.route(path, limited_route.clone());
    }
    router
        .route("/health", get(health))
        .route("/metrics", get(crate::metrics::metrics_page))
        .route("/export/roster.csv", get(crate::export::roster_csv))
        .route(
            "/dashboard/{table}",
            get(crate::dashboard_export::dashboard_csv),
        )
        .route("/me/data.json", get(crate::export::my_data_json))
        .route("/me/data.csv", get(crate::export::my_data_csv))
        .route(
            "/import/upload",
            post(crate::import::upload).layer(crate::import::body_limit()),
        )
        .route("/import/template.csv", get(crate::import::template_csv))
        .route("/import/template.xlsx", get(crate::import::template_xlsx))
        .route(
            "/import/{id}/rejected.csv",
            get(crate::import::rejections_csv),
        )
        .route("/api/{*fn_name}", post(server_fn_handler))
        .leptos_routes_with_context(
            &state,
            routes,
            move || {
                provide_context(context_state.db.clone());
                provide_context(context_state.settings.clone());
            },
            move || shell(leptos_options.clone()),
        )
        // Unknown paths render the not-found page, which needs the same context as any page.
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(
            move || {
                provide_context(fallback_state.db.clone());
                provide_context(fallback_state.settings.clone());
            },
            shell,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::form_errors::forget_once_shown,
        ))
        .layer(axum::middleware::from_fn(middleware::guard_pages))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::resolve_session,
        ))
        .layer(axum::middleware::from_fn(middleware::canonical_paths))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::reject_cross_site,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::security_headers,
        ))
        .layer(CompressionLayer::new())
        // Inside the routes, so the route's pattern is known.
        .layer(axum::middleware::from_fn(crate::metrics::track))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &Request<Body>| {
                let id = req
                    .extensions()
                    .get::<middleware::RequestId>()
                    .map(|r| r.0.as_str())
                    .unwrap_or_default();
                // The path only: query strings may hold names people searched for.
                tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.uri().path())
            }),
        )
        .layer(axum::middleware::from_fn(middleware::request_id))
        .with_state(state)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
