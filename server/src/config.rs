//! Configuration from command-line flags and environment variables (each flag names its variable).
use app::{
    domain::{session::SessionPolicy, throttle::ThrottlePolicy},
    server::settings::Settings,
};
use std::{fmt, net::SocketAddr, path::PathBuf};

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
    /// The address people open the site at, for links in e-mails (invitations), e.g.
    /// `https://roster.example.org`. Defaults to `http://` and the listening address.
    #[arg(long, env = "BLUE_SUITS_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// The mail server: `smtps://user:password@host:465` (TLS), or
    /// `smtp://user:password@host:587?tls=required` (STARTTLS); a plain `smtp://host` is
    /// unencrypted. Without it nothing is sent and messages wait in the outbox.
    #[arg(long, env = "BLUE_SUITS_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The sender of every message, e.g. `Blue Suits <roster@example.org>`; required with an SMTP
    /// URL.
    #[arg(long, env = "BLUE_SUITS_MAIL_FROM")]
    pub mail_from: Option<String>,
    /// Staff accounts (secretariat, roster offices, planners) sign in with a second factor.
    /// `false` switches it off: for tests and a local demo only.
    #[arg(
        long,
        env = "BLUE_SUITS_REQUIRE_MFA",
        default_value_t = true,
        action = clap::ArgAction::Set
    )]
    pub require_mfa: bool,
    /// Load balancers and reverse proxies whose `X-Forwarded-For` is believed, as CIDR ranges
    /// separated by commas (`10.0.0.0/8,192.168.1.5/32`). Without it the connecting address is
    /// the client's.
    #[arg(long, env = "BLUE_SUITS_TRUSTED_PROXIES", default_value = "")]
    pub trusted_proxies: String,
    /// The bearer token that opens `GET /metrics` (Prometheus format) for the monitoring system.
    /// Without it the route answers 404.
    #[arg(long, env = "BLUE_SUITS_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
    /// Days a withdrawn or rejected expert's personal data is kept after the last decision or
    /// deployment; then the record is reduced to what the audit trail needs (30 to 3650).
    #[arg(long, env = "BLUE_SUITS_RETENTION_DAYS", default_value_t = app::domain::retention::DEFAULT_RETENTION_DAYS)]
    pub retention_days: u32,
}

/// Where e-mail goes. The URL may hold the mail server's password, so it is never printed.
#[derive(Clone, Default)]
pub struct MailConfig {
    pub smtp_url: Option<String>,
    pub from: Option<String>,
}

impl MailConfig {
    /// Whether an SMTP server was given; without one messages stay queued.
    pub fn is_configured(&self) -> bool {
        self.smtp_url.is_some()
    }
}

impl fmt::Debug for MailConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MailConfig")
            .field(
                "smtp_url",
                &self.smtp_url.as_deref().map(crate::database::redact),
            )
            .field("from", &self.from)
            .finish()
    }
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
    pub mail: MailConfig,
    /// How often the upkeep task runs (readiness for the new day, lapsed offers, old uploads,
    /// records past their retention period).
    pub upkeep_every: std::time::Duration,
    /// `BLUE_SUITS_TRUSTED_PROXIES` as given; read when the application is built.
    pub trusted_proxies: String,
    pub metrics_token: Option<Secret>,
    /// `BLUE_SUITS_RETENTION_DAYS` as given; checked when the application is built.
    pub retention_days: u32,
}

/// A secret from the environment; printing the configuration never shows it.
#[derive(Clone)]
pub struct Secret(pub String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// The upkeep task's period in production: readiness changes by the day, offers by the hour.
pub const UPKEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(15 * 60);

impl Config {
    pub fn from_args(serve: &ServeArgs, db: &DatabaseArgs) -> Self {
        let given = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let mail = MailConfig {
            smtp_url: given(&serve.smtp_url),
            from: given(&serve.mail_from),
        };
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
                public_url: serve.public_url.clone().unwrap_or_default(),
                mail_configured: mail.is_configured(),
                require_mfa: serve.require_mfa,
            },
            sign_in_burst: serve.sign_in_burst.max(1),
            sign_in_refill_seconds: serve.sign_in_refill_seconds.max(1),
            demo: serve.demo,
            mail,
            upkeep_every: UPKEEP_EVERY,
            trusted_proxies: serve.trusted_proxies.clone(),
            metrics_token: given(&serve.metrics_token).map(Secret),
            retention_days: serve.retention_days,
        }
    }
}
