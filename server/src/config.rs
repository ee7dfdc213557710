//! Configuration from command-line flags and environment variables (each flag names its variable).
use app::{
    domain::{session::SessionPolicy, throttle::ThrottlePolicy},
    server::settings::Settings,
};
use std::{net::SocketAddr, path::PathBuf};

/// Where the data lives; shared by every subcommand.
#[derive(clap::Args, Debug, Clone)]
pub struct DatabaseArgs {
    /// `sqlite://path?mode=rwc` or `postgres://user@host/db`; by default a SQLite file in the data directory.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Directory of the default SQLite database, created if missing.
    #[arg(
        long,
        env = "BLUE_SUITS_DATA_DIR",
        default_value = "data",
        global = true
    )]
    pub data_dir: PathBuf,
}

impl DatabaseArgs {
    pub fn url(&self) -> String {
        match &self.database_url {
            Some(url) if !url.trim().is_empty() => url.clone(),
            _ => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("blue-suits.db").display()
            ),
        }
    }
}

/// How the web server runs.
#[derive(clap::Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "LEPTOS_SITE_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// Directory holding the built site (`pkg/` with the WASM, JS and CSS).
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,
    /// Send cookies only over HTTPS (`Secure`, `__Host-` prefix) and send HSTS. Turn on behind TLS.
    #[arg(long, env = "BLUE_SUITS_COOKIE_SECURE", default_value_t = false)]
    pub cookie_secure: bool,
    /// Minutes of inactivity after which a session ends.
    #[arg(long, env = "BLUE_SUITS_SESSION_IDLE_MINUTES", default_value_t = 30)]
    pub session_idle_minutes: i64,
    /// Hours after sign-in at which a session ends, however active.
    #[arg(long, env = "BLUE_SUITS_SESSION_MAX_HOURS", default_value_t = 12)]
    pub session_max_hours: i64,
    /// Sign-in requests one client address may burst before being slowed down.
    #[arg(long, env = "BLUE_SUITS_SIGN_IN_BURST", default_value_t = 20)]
    pub sign_in_burst: u32,
    /// Seconds for one more sign-in request of a client address to be allowed after the burst.
    #[arg(long, env = "BLUE_SUITS_SIGN_IN_REFILL_SECONDS", default_value_t = 3)]
    pub sign_in_refill_seconds: u64,
    /// Load the demo accounts when the database has no account yet.
    #[arg(long, env = "BLUE_SUITS_DEMO", default_value_t = false)]
    pub demo: bool,
}

/// Everything `startup::Application::build` needs.
#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub site_root: String,
    pub database_url: String,
    pub settings: Settings,
    pub sign_in_burst: u32,
    pub sign_in_refill_seconds: u64,
    pub demo: bool,
}

impl Config {
    pub fn from_args(serve: &ServeArgs, db: &DatabaseArgs) -> Self {
        Self {
            addr: serve.addr,
            site_root: serve.site_root.clone(),
            database_url: db.url(),
            settings: Settings {
                session: SessionPolicy {
                    idle: chrono::Duration::minutes(serve.session_idle_minutes.max(1)),
                    absolute: chrono::Duration::hours(serve.session_max_hours.max(1)),
                    ..SessionPolicy::default()
                },
                throttle: ThrottlePolicy::default(),
                cookie_secure: serve.cookie_secure,
            },
            sign_in_burst: serve.sign_in_burst.max(1),
            sign_in_refill_seconds: serve.sign_in_refill_seconds.max(1),
            demo: serve.demo,
        }
    }
}
