//! The roster list on 100,000 experts: server time of one filtered page (category + skill +
//! language, 50 rows, with the total count), on SQLite and on PostgreSQL; beside it the vetting
//! queue and each role's dashboard on the same roster.
//! Run with `make bench-roster`; the last line is `p95_ms=<number>` for SQLite.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use app::{
    domain::{
        ids::UserId,
        permissions::{Actor, Principal},
        roster_query::RosterParams,
        taxonomy::{Category, Skill},
    },
    server::services::roster,
};
use sea_orm::{ConnectionTrait, DatabaseConnection};

mod support;
use server::seed::roster as demo_roster;
use std::time::{Duration, Instant};

const EXPERTS: usize = 100_000;
const QUERIES: usize = 300;
const WARM_UP: usize = 20;

/// Filters rotate through categories, skills and the field languages, so no two queries in a row
/// are the same.
fn params(i: usize) -> RosterParams {
    let languages = ["en", "fr", "ar", "es", "ru", "pt"];
    RosterParams {
        category: Category::ALL[i % Category::ALL.len()].slug().to_owned(),
        skill: Skill::ALL[(i * 7) % Skill::ALL.len()].slug().to_owned(),
        skill_level: ((i % 3) + 1).to_string(),
        language: languages[i % languages.len()].to_owned(),
        language_level: ["B1", "B2", "C1"][i % 3].to_owned(),
        ..RosterParams::default()
    }
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx].as_secs_f64() * 1000.0
}

struct Result {
    p50: f64,
    p95: f64,
    max: f64,
    mean_rows: f64,
}

async fn measure(db: &DatabaseConnection, principal: Principal) -> Result {
    let actor = Actor {
        user_id: UserId(uuid::Uuid::nil()),
        principal,
    };
    for i in 0..WARM_UP {
        roster::list(db, &actor, &params(i)).await.unwrap();
    }
    let mut times = Vec::with_capacity(QUERIES);
    let mut total_rows = 0u64;
    for i in 0..QUERIES {
        let began = Instant::now();
        let page = roster::list(db, &actor, &params(i)).await.unwrap();
        times.push(began.elapsed());
        total_rows += page.total;
    }
    times.sort();
    Result {
        p50: percentile(&times, 0.50),
        p95: percentile(&times, 0.95),
        max: percentile(&times, 1.0),
        mean_rows: total_rows as f64 / QUERIES as f64,
    }
}

async fn prepare(url: &str) -> DatabaseConnection {
    let db = server::database::connect(url).await.unwrap();
    server::database::migrate(&db).await.unwrap();
    if app::server::services::roster::count_all(&db).await.unwrap() >= EXPERTS as u64 {
        println!("  reusing the {EXPERTS} experts already in {url}");
        return db;
    }
    let now = chrono::Utc::now();
    let today = now.date_naive();
    let began = Instant::now();
    let experts = demo_roster::generate(EXPERTS, demo_roster::DEMO_STATES, today).unwrap();
    demo_roster::load(&db, &experts, None, today, now)
        .await
        .unwrap();
    println!(
        "  seeded {EXPERTS} experts in {:.1} s",
        began.elapsed().as_secs_f64()
    );
    // What autovacuum (PostgreSQL) and the server's periodic `PRAGMA optimize` (SQLite) do after
    // a bulk load: give the planner statistics.
    db.execute_unprepared("ANALYZE").await.unwrap();
    db
}

/// p50 and p95 of `runs` calls after two warm-up ones.
async fn time<F, Fut>(runs: usize, mut call: F) -> (f64, f64)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for _ in 0..2 {
        call().await;
    }
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let began = Instant::now();
        call().await;
        times.push(began.elapsed());
    }
    times.sort();
    (percentile(&times, 0.50), percentile(&times, 0.95))
}

/// The secretariat's vetting queue and each role's dashboard: the pages issue 16 names beside
/// the roster list.
async fn queue_and_dashboards(label: &str, db: &DatabaseConnection) {
    use app::{
        domain::member_state::MemberStateCode,
        server::services::{dashboard, vetting},
    };
    const RUNS: usize = 20;
    let (p50, p95) = time(RUNS, || async {
        vetting::queue(db).await.unwrap();
    })
    .await;
    println!(
        "  {label} vetting queue (first 500 with duplicates and checks): p50 {p50:.1} ms, p95 {p95:.1} ms"
    );
    let today = chrono::Utc::now().date_naive();
    let office = MemberStateCode::parse(demo_roster::DEMO_STATES[0]).unwrap();
    for (who, principal) in [
        ("secretariat", Principal::Secretariat),
        ("mission planner", Principal::MissionPlanner),
        ("roster office", Principal::RosterManager { state: office }),
    ] {
        let actor = Actor {
            user_id: UserId(uuid::Uuid::nil()),
            principal,
        };
        let (p50, p95) = time(RUNS, || async {
            dashboard::dashboard(db, &actor, today).await.unwrap();
        })
        .await;
        println!("  {label} dashboard, {who}: p50 {p50:.1} ms, p95 {p95:.1} ms");
    }
}

async fn report(label: &str, db: &DatabaseConnection) -> f64 {
    queue_and_dashboards(label, db).await;
    let all = measure(db, Principal::Secretariat).await;
    let planner = measure(db, Principal::MissionPlanner).await;
    println!(
        "  {label} secretariat: p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms, {:.0} matching experts on average",
        all.p50, all.p95, all.max, all.mean_rows
    );
    println!(
        "  {label} planner (vetted only): p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        planner.p50, planner.p95, planner.max
    );
    all.p95.max(planner.p95)
}

#[tokio::main]
async fn main() {
    println!("roster list, {EXPERTS} experts, {QUERIES} filtered pages of 50 per role");
    let pg_server = std::env::var("BLUE_SUITS_BENCH_POSTGRES").unwrap_or_default();
    if !pg_server.is_empty() {
        let scratch = support::ScratchPg::create(&pg_server, "bs_bench").await;
        let db = prepare(&scratch.url).await;
        report("PostgreSQL", &db).await;
        db.close().await.ok();
        scratch.drop().await;
    }
    let dir = tempfile::tempdir().unwrap();
    // A path in BLUE_SUITS_BENCH_SQLITE keeps the seeded file between runs.
    let path = std::env::var("BLUE_SUITS_BENCH_SQLITE")
        .ok()
        .filter(|p| !p.is_empty())
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| dir.path().join("bench.db"));
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let db = prepare(&url).await;
    let p95 = report("SQLite", &db).await;
    println!("p95_ms={p95:.2}");
}
