//! Opening the database (SQLite file or PostgreSQL) and bringing its schema up to date.
use anyhow::Context;
use migrations::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection,
    SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
};
use std::time::Duration;

/// Connects; for SQLite creates the file's directory and switches the file to WAL mode so readers
/// never wait for the writer.
pub async fn connect(url: &str) -> anyhow::Result<DatabaseConnection> {
    if let Some(path) = sqlite_path(url)
        && let Some(dir) = std::path::Path::new(&path)
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating the data directory {}", dir.display()))?;
    }
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(if url.starts_with("sqlite") { 8 } else { 16 })
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false)
        // The roster's list queries read far more pages than SQLite's default 2 MB cache holds;
        // memory-mapped reads share the operating system's cache between the pool's connections.
        .map_sqlx_sqlite_opts(|opts| {
            opts.pragma("cache_size", format!("-{}", app::server::SQLITE_CACHE_KIB))
                .pragma("mmap_size", "1073741824")
                // Writers queue for the one write lock rather than fail at once.
                .busy_timeout(Duration::from_secs(10))
        })
        // Short queries only: just-in-time compilation of a plan costs tens of milliseconds, more
        // than any of these queries takes to run.
        .map_sqlx_postgres_opts(|opts| opts.options([("jit", "off")]));
    let db = Database::connect(options)
        .await
        .with_context(|| format!("connecting to {}", redact(url)))?;
    if db.get_database_backend() == DatabaseBackend::Sqlite {
        db.execute_unprepared("PRAGMA journal_mode=WAL")
            .await
            .context("enabling WAL")?;
    }
    Ok(db)
}

/// Brings the schema up to date under a database-wide lock, so instances started together apply
/// each migration once: the first applies them, the others wait and then find nothing to do.
/// PostgreSQL: a transaction-scoped advisory lock (released at commit, or when a crashed instance's
/// connection closes). SQLite: an exclusive transaction. The migrations run inside that same
/// transaction (each in a savepoint of its own), so a failed start leaves the schema as it was.
#[expect(
    clippy::disallowed_methods,
    reason = "the migration lock needs a transaction of its own kind, not a write transaction"
)]
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    let txn = match db.get_database_backend() {
        DatabaseBackend::Postgres => {
            let txn = db
                .begin()
                .await
                .context("opening the migration transaction")?;
            txn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"))
                .await
                .context("waiting for the migration lock")?;
            txn
        }
        _ => db
            .begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Exclusive),
                ..TransactionOptions::default()
            })
            .await
            .context("taking the database for migrations")?,
    };
    Migrator::up(&txn, None)
        .await
        .context("running migrations")?;
    // Under the same lock: instances starting together key each record once.
    let keyed = app::server::services::expert_record::rekey_names(&txn)
        .await
        .map_err(|e| anyhow::anyhow!("recomputing name keys: {e:?}"))?;
    if keyed > 0 {
        tracing::info!(experts = keyed, "name keys recomputed");
    }
    txn.commit().await.context("committing migrations")
}

/// The advisory lock key migrations are taken under ("BlueSuit" in ASCII, as a number).
const MIGRATION_LOCK: i64 = 0x426c_7565_5375_6974;

/// Writes a consistent copy of a SQLite database to `to` with `VACUUM INTO`: it reads one snapshot,
/// so writers go on meanwhile, and the copy is a complete database file (no WAL beside it).
/// Returns the copy's size. PostgreSQL has its own tools (`pg_dump`), named in the refusal.
pub async fn backup(db: &DatabaseConnection, to: &std::path::Path) -> anyhow::Result<u64> {
    if db.get_database_backend() != DatabaseBackend::Sqlite {
        anyhow::bail!(
            "backup copies SQLite databases; for PostgreSQL use pg_dump --format=custom (see the README)"
        );
    }
    if to.exists() {
        anyhow::bail!("{} exists already; choose a new file", to.display());
    }
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let target = to
        .to_str()
        .ok_or_else(|| anyhow::anyhow!("{}: the path is not UTF-8", to.display()))?;
    db.execute_raw(Statement::from_sql_and_values(
        DatabaseBackend::Sqlite,
        "VACUUM INTO ?",
        [target.into()],
    ))
    .await
    .with_context(|| format!("copying the database to {}", to.display()))?;
    Ok(std::fs::metadata(to)?.len())
}

fn sqlite_path(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (path != ":memory:" && !path.is_empty()).then(|| path.to_owned())
}

/// The URL without its password, fit for a log line.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let creds = &url[scheme_end + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_the_log() {
        assert_eq!(
            redact("postgres://bs:secret@db:5432/bs"),
            "postgres://bs:***@db:5432/bs"
        );
        assert_eq!(redact("postgres://bs@db/bs"), "postgres://bs@db/bs");
        assert_eq!(
            redact("sqlite://data/x.db?mode=rwc"),
            "sqlite://data/x.db?mode=rwc"
        );
    }

    #[test]
    fn sqlite_paths_are_found_in_urls() {
        assert_eq!(
            sqlite_path("sqlite://data/bs.db?mode=rwc").as_deref(),
            Some("data/bs.db")
        );
        assert_eq!(sqlite_path("sqlite::memory:"), None);
        assert_eq!(sqlite_path("postgres://x/y"), None);
    }
}
