//! Matching a 10-position request against 100,000 experts: end to end through the service (load
//! from SQLite, score, assign, explain), and the pure scoring and assignment step alone on the
//! same experts in memory, against a plain scan of that data.
//! Run with `make bench-matching`; the last line is `p95_ms=<number>` (end to end, SQLite).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use app::{
    domain::{
        expert::search_key,
        ids::ExpertId,
        matching::{self, Brief, Candidate, Picks},
        member_state::MemberStateCode,
        permissions::{Actor, Principal},
        readiness::{AvailabilityKind, Window},
        request::{Position, PositionFields, RequestFields, Urgency},
        taxonomy::Category,
    },
    server::{
        repo::candidates,
        services::{
            matching as matching_service, requests,
            users::{NewAccountInput, create_account},
        },
    },
};
use chrono::{Days, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use server::seed::roster::{self as demo_roster, SeedExpert};
use std::{
    collections::HashMap,
    time::{Duration, Instant},
};

const EXPERTS: usize = 100_000;
const RUNS: usize = 40;
const WARM_UP: usize = 5;
const HOST: &str = "SSD";

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx].as_secs_f64() * 1000.0
}

/// Ten positions over every category, the field languages and a spread of experience.
fn positions(today: NaiveDate) -> Vec<PositionFields> {
    let languages = ["en:B2", "fr:B2", "en:C1", "ar:B1", "es:B2", "fr:C1;en:B2"];
    (0..10)
        .map(|i| {
            let category = Category::ALL[i % Category::ALL.len()];
            PositionFields {
                title: format!("Position {}", i + 1),
                category: category.slug().to_owned(),
                skills: [
                    "money-laundering:2",
                    "anti-corruption:2;asset-recovery:1",
                    "",
                ][i % 3]
                    .to_owned(),
                languages: languages[i % languages.len()].to_owned(),
                min_years: (3 + i % 8).to_string(),
                start_on: (today + Days::new(30)).to_string(),
                duration_days: "180".to_owned(),
                head_count: (1 + i % 2).to_string(),
            }
        })
        .collect()
}

async fn seed(db: &DatabaseConnection, experts: &[SeedExpert]) -> Actor {
    let now = Utc::now();
    let today = now.date_naive();
    let began = Instant::now();
    demo_roster::load(db, experts, None, today, now)
        .await
        .unwrap();
    db.execute_unprepared("ANALYZE").await.unwrap();
    println!(
        "  seeded {EXPERTS} experts in {:.1} s",
        began.elapsed().as_secs_f64()
    );
    let user = create_account(
        db,
        None,
        NewAccountInput {
            email: "planner@bench.example".to_owned(),
            display_name: "Bench planner".to_owned(),
            role: "mission_planner".to_owned(),
            member_state: None,
            password: "a long enough bench password".to_owned(),
        },
        now,
    )
    .await
    .unwrap();
    Actor {
        user_id: user.id,
        principal: Principal::MissionPlanner,
    }
}

/// The same experts as matching candidates, built in memory from the generated data.
fn in_memory(experts: &[SeedExpert], regions: &HashMap<String, String>) -> Vec<Candidate> {
    experts
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let input = &s.input;
            let mut windows = Vec::new();
            if input.available_from.is_some() || input.available_to.is_some() {
                windows.push(Window {
                    kind: AvailabilityKind::Available,
                    from: input.available_from.unwrap_or(NaiveDate::MIN),
                    to: input.available_to.unwrap_or(NaiveDate::MAX),
                });
            }
            let region = |code: &str| regions.get(code).cloned().unwrap_or_default();
            Candidate {
                id: ExpertId(uuid::Uuid::from_u128(i as u128 + 1)),
                sort_key: search_key(&format!(
                    "{} {}",
                    input.family_name.as_str(),
                    input.given_names.as_str()
                )),
                state_region: region(s.state.as_str()),
                state: s.state.clone(),
                nationalities: input.nationalities.clone(),
                gender: input.gender,
                status: s.status,
                categories: input.categories.clone(),
                skills: input.skills.clone(),
                languages: input.languages.clone(),
                years: input.years_experience,
                checks: s.checks.clone(),
                windows,
                notice_days: input.notice_days,
                longest_deployment_days: None,
                excluded_regions: Vec::new(),
                commitments: Vec::new(),
                mission_regions: s.mission.iter().map(|(_, c, _)| region(c)).collect(),
                mission_countries: s
                    .mission
                    .iter()
                    .filter_map(|(_, c, _)| MemberStateCode::parse(c).ok())
                    .collect(),
            }
        })
        .collect()
}

#[tokio::main]
async fn main() {
    println!("matching a 10-position request against {EXPERTS} experts, {RUNS} runs each");
    let today = Utc::now().date_naive();
    let experts = demo_roster::generate(EXPERTS, demo_roster::DEMO_STATES, today).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("bench.db").display()
    );
    let db = server::database::connect(&url).await.unwrap();
    server::database::migrate(&db).await.unwrap();
    let actor = seed(&db, &experts).await;

    let now = Utc::now();
    let fields = RequestFields {
        mission: "Bench mission".to_owned(),
        host_country: HOST.to_owned(),
        duty_station: "Juba".to_owned(),
        requesting_unit: "Rule of Law".to_owned(),
        security_level: "4".to_owned(),
        urgency: "standard".to_owned(),
    };
    let request = requests::save(&db, &actor, None, &fields, now)
        .await
        .unwrap();
    for p in positions(today) {
        requests::save_position(&db, &actor, request, None, &p, today, now)
            .await
            .unwrap();
    }

    // End to end: what the shortlist server function does.
    let mut times = Vec::with_capacity(RUNS);
    let mut eligible = 0;
    for run in 0..WARM_UP + RUNS {
        let began = Instant::now();
        let view = matching_service::shortlist(&db, &actor, request, today)
            .await
            .unwrap();
        if run >= WARM_UP {
            times.push(began.elapsed());
        }
        eligible = view.positions.iter().map(|p| p.eligible).sum::<usize>();
    }
    times.sort();
    let (e2e_p50, e2e_p95) = (percentile(&times, 0.5), percentile(&times, 0.95));
    println!(
        "  end to end (SQLite): p50 {e2e_p50:.1} ms, p95 {e2e_p95:.1} ms; {eligible} eligible candidate-positions"
    );

    // The pure step alone, on all 100,000 experts in memory.
    let regions = candidates::regions(&db).await.unwrap();
    let pool = in_memory(&experts, &regions);
    let host = MemberStateCode::parse(HOST).unwrap();
    let brief = Brief {
        today,
        urgency: Urgency::Standard,
        host_region: regions.get(HOST).cloned().unwrap_or_default(),
        host_country: host,
        host_waived: false,
    };
    let parsed: Vec<Position> = positions(today)
        .iter()
        .map(|p| p.parse(today).unwrap())
        .collect();

    // Where the end-to-end time goes: the narrowing query and the candidates' lists alone.
    let needs: Vec<candidates::Need> = parsed
        .iter()
        .map(|p| matching_service::need_of(&brief, p))
        .collect();
    let mut loads = Vec::with_capacity(RUNS);
    let mut loaded = 0;
    for run in 0..WARM_UP + RUNS {
        let began = Instant::now();
        loaded = candidates::load(&db, &needs, &regions).await.unwrap().len();
        if run >= WARM_UP {
            loads.push(began.elapsed());
        }
    }
    loads.sort();
    println!(
        "  of which loading candidates (SQLite): p50 {:.1} ms, p95 {:.1} ms; {loaded} candidates loaded",
        percentile(&loads, 0.5),
        percentile(&loads, 0.95)
    );
    let mut pure = Vec::with_capacity(RUNS);
    let mut scan = Vec::with_capacity(RUNS);
    let mut filled = 0;
    let mut counted = 0;
    for run in 0..WARM_UP + RUNS {
        let began = Instant::now();
        let result = matching::shortlist(&brief, &parsed, &pool, &Picks::default(), 10);
        let pure_time = began.elapsed();
        filled = result
            .positions
            .iter()
            .map(|p| p.proposed.len())
            .sum::<usize>();
        // A plain scan of the same data: every position over every expert, counting those of
        // its category who are vetted — the least any matching must do.
        let began = Instant::now();
        counted = parsed
            .iter()
            .map(|p| {
                pool.iter()
                    .filter(|c| {
                        c.status == app::domain::vetting::RosterStatus::Vetted
                            && c.categories.contains(&p.category)
                    })
                    .count()
            })
            .sum::<usize>();
        let scan_time = began.elapsed();
        if run >= WARM_UP {
            pure.push(pure_time);
            scan.push(scan_time);
        }
    }
    pure.sort();
    scan.sort();
    let (pure_p50, pure_p95) = (percentile(&pure, 0.5), percentile(&pure, 0.95));
    let (scan_p50, scan_p95) = (percentile(&scan, 0.5), percentile(&scan, 0.95));
    println!(
        "  scoring and assignment alone (in memory, {EXPERTS} experts): p50 {pure_p50:.2} ms, p95 {pure_p95:.2} ms; {filled} seats filled"
    );
    println!(
        "  plain scan of the same data (category and status, {counted} hits): p50 {scan_p50:.2} ms, p95 {scan_p95:.2} ms; scoring / scan = {:.1}x",
        pure_p50 / scan_p50.max(f64::EPSILON)
    );
    println!("p95_ms={e2e_p95:.1}");
}
