//! Structured logs through `tracing`: `RUST_LOG` picks what, `BLUE_SUITS_LOG_FORMAT=json` picks JSON.
use tracing_subscriber::{EnvFilter, fmt};

pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,tower_governor=warn"));
    let json = std::env::var("BLUE_SUITS_LOG_FORMAT").is_ok_and(|v| v.eq_ignore_ascii_case("json"));
    let builder = fmt().with_env_filter(filter).with_writer(std::io::stderr);
    // A second init (tests start many servers in one process) is harmless, so its error is ignored.
    let _ = if json {
        builder.json().try_init()
    } else {
        builder.compact().try_init()
    };
}
