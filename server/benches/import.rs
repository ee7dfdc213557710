//! Bulk upload of a generated 100,000-row CSV: dry run, commit into an empty roster, and the same
//! file again (every row unchanged), on SQLite and PostgreSQL, with the peak memory of each step.
//! Run with `make bench-import`; the last line is `rows_per_s=<number>` (SQLite commit).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use app::{
    domain::{expert::ExpertFields, member_state::MemberStateCode},
    server::services::{import::Mode, import_batches::import_file},
};
use sea_orm::DatabaseConnection;

mod support;
use server::seed::roster as demo_roster;
use std::time::Instant;

// The same allocator as the server binary, so the figures are the server's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const ROWS: usize = 100_000;

/// The file a roster office would send: generated candidates in the template's columns.
fn file() -> Vec<u8> {
    let today = chrono::Utc::now().date_naive();
    let experts = demo_roster::generate(ROWS, &["CAN"], today).unwrap();
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(ExpertFields::COLUMNS).unwrap();
    for (i, e) in experts.iter().enumerate() {
        let mut f = ExpertFields::from(&e.input);
        // The generator draws references and addresses per state; the file needs them unique.
        f.external_ref = format!("CAN-{i:06}");
        f.email = format!("candidate.{i}@example.org");
        out.write_record([
            f.external_ref,
            f.given_names,
            f.family_name,
            f.latin_name,
            f.gender,
            f.date_of_birth,
            f.nationalities,
            f.email,
            f.phone,
            f.years_experience,
            f.categories,
            f.skills,
            f.languages,
            f.notice_days,
            f.available_from,
            f.available_to,
        ])
        .unwrap();
    }
    out.into_inner().unwrap()
}

/// Peak resident memory since the last reset, in MB (Linux).
fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Starts a new peak-memory measurement (Linux: writing 5 to clear_refs resets VmHWM).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

async fn step(db: &DatabaseConnection, bytes: &[u8], mode: Mode, label: &str) -> f64 {
    let state = MemberStateCode::parse("CAN").unwrap();
    reset_peak();
    let now = chrono::Utc::now();
    let began = Instant::now();
    let report = import_file(db, &state, "bench.csv", bytes, mode, now.date_naive(), now)
        .await
        .unwrap_or_else(|_| panic!("{label} failed"));
    let secs = began.elapsed().as_secs_f64();
    let rate = ROWS as f64 / secs;
    println!(
        "  {label}: {secs:.2} s, {rate:.0} rows/s, peak memory {:.0} MB — {}",
        peak_mb(),
        report.counts
    );
    rate
}

async fn run(label: &str, db: &DatabaseConnection, bytes: &[u8]) -> f64 {
    println!("{label}");
    step(db, bytes, Mode::DryRun, "dry run, empty roster").await;
    let rate = step(db, bytes, Mode::Commit, "commit, empty roster").await;
    step(db, bytes, Mode::DryRun, "dry run, same file again").await;
    step(
        db,
        bytes,
        Mode::Commit,
        "commit, same file again (all unchanged)",
    )
    .await;
    rate
}

#[tokio::main]
async fn main() {
    let bytes = file();
    println!(
        "bulk upload of {ROWS} rows ({:.1} MB of CSV)",
        bytes.len() as f64 / 1e6
    );
    let pg_server = std::env::var("BLUE_SUITS_BENCH_POSTGRES").unwrap_or_default();
    if !pg_server.is_empty() {
        let scratch = support::ScratchPg::create(&pg_server, "bs_bench").await;
        let db = server::database::connect(&scratch.url).await.unwrap();
        server::database::migrate(&db).await.unwrap();
        run("PostgreSQL", &db, &bytes).await;
        db.close().await.ok();
        scratch.drop().await;
    }
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("bench.db").display()
    );
    let db = server::database::connect(&url).await.unwrap();
    server::database::migrate(&db).await.unwrap();
    let rate = run("SQLite", &db, &bytes).await;
    println!("rows_per_s={rate:.0}");
}
