//! Two instances on one PostgreSQL behind HAProxy, 200 signed-in people of every role for 60 s,
//! one instance killed (SIGKILL) half-way: errors and latency of what people meet.
//! Run with `make bench-load` (it installs Debian's haproxy when missing); loopback only.
//! The last line is `errors=<count> p99_ms=<number>` (p99 of server-rendered pages).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use app::{
    domain::{
        account::{DisplayName, Email, NewPassword},
        ids::ExpertId,
        member_state::MemberStateCode,
        permissions::Principal,
    },
    server::{
        entities::expert,
        password,
        repo::{
            deployments,
            users::{self, NewUser},
        },
    },
};
use sea_orm::{EntityTrait, QuerySelect};

mod support;
use std::{
    collections::BTreeMap,
    net::TcpListener,
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

const EXPERTS: usize = 5_000;
const RUN: Duration = Duration::from_secs(60);
const KILL_AT: Duration = Duration::from_secs(30);
const PASSWORD: &str = "load test password 2026";
/// People: (role, how many).
const PEOPLE: &[(&str, usize)] = &[
    ("secretariat", 20),
    ("roster_manager", 90),
    ("mission_planner", 60),
    ("expert", 30),
];
/// Between two actions a person reads for THINK_MIN_MS..THINK_MAX_MS (uniformly drawn): the pace
/// of someone working through a list, a record or a shortlist. `LOAD_THINK_MS=min-max` overrides
/// it, e.g. `0-1000` to saturate the machine.
const THINK_MS: (u64, u64) = (5_000, 15_000);

fn think_range() -> (u64, u64) {
    std::env::var("LOAD_THINK_MS")
        .ok()
        .and_then(|v| {
            let (a, b) = v.split_once('-')?;
            let (a, b) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
            (a < b).then_some((a, b))
        })
        .unwrap_or(THINK_MS)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Process(Child);

impl Process {
    fn kill(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.kill();
    }
}

fn instance(db_url: &str, port: u16) -> Process {
    Process(
        Command::new(env!("CARGO_BIN_EXE_server"))
            .arg("serve")
            .env("DATABASE_URL", db_url)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("RUST_LOG", "error")
            .env("BLUE_SUITS_REQUIRE_MFA", "false")
            // Every simulated person signs in from 127.0.0.1 through the proxy; the per-address
            // limit would otherwise count them as one client.
            .env("BLUE_SUITS_SIGN_IN_BURST", "100000")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the server binary"),
    )
}

/// HAProxy in front of both: health-checked every second (down after three failures, a check may
/// take 10 s on a busy instance), a request whose connection failed or
/// that got no answer is sent to the other instance.
fn proxy(port: u16, backends: &[u16], dir: &std::path::Path) -> Process {
    let servers: String = backends
        .iter()
        .enumerate()
        .map(|(i, p)| {
            format!("    server app{i} 127.0.0.1:{p} check inter 1s fall 3 rise 1 maxconn 64\n")
        })
        .collect();
    let config = format!(
        "global\n    maxconn 4096\n\
         defaults\n    mode http\n    timeout connect 2s\n    timeout client 60s\n    timeout server 60s\n    timeout queue 30s\n    timeout check 10s\n\
         \x20   retries 3\n    option redispatch 1\n    retry-on all-retryable-errors\n    http-reuse safe\n\
         frontend web\n    bind 127.0.0.1:{port}\n    default_backend app\n\
         backend app\n    balance roundrobin\n    option httpchk GET /health\n{servers}"
    );
    let path = dir.join("haproxy.cfg");
    std::fs::write(&path, config).unwrap();
    Process(
        Command::new("haproxy")
            .arg("-db")
            .arg("-f")
            .arg(&path)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("haproxy (make bench-load installs Debian's package)"),
    )
}

async fn wait_healthy(client: &reqwest::Client, base: &str) {
    for _ in 0..600 {
        if let Ok(res) = client.get(format!("{base}/health")).send().await
            && res.status().is_success()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{base} never became healthy");
}

struct Person {
    role: &'static str,
    email: String,
    /// Experts: their record. Offices: a nominee of theirs.
    record: Option<String>,
    state: Option<String>,
}

fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

/// What happened to one action: its kind, time, and whether it failed (and how).
type Outcome = (&'static str, Duration, Option<String>);

/// One person's next action, drawn from what their role does during a working day.
fn next_action(p: &Person, request: Option<&str>, n: u64) -> (&'static str, String) {
    let pick = n % 10;
    match p.role {
        "secretariat" => match pick {
            0..=3 => ("page /roster", "/roster".to_owned()),
            4..=5 => ("page /dashboard", "/dashboard".to_owned()),
            6..=7 => ("page /vetting", "/vetting".to_owned()),
            _ => ("fn list_experts", "/api/list_experts".to_owned()),
        },
        "roster_manager" => match pick {
            0..=4 => ("page /roster", "/roster".to_owned()),
            5..=6 => (
                "page /roster/{id}",
                format!("/roster/{}", p.record.as_deref().unwrap_or_default()),
            ),
            7 => ("page /offers", "/offers".to_owned()),
            8 => ("page /dashboard", "/dashboard".to_owned()),
            _ => ("upload", "/import/upload".to_owned()),
        },
        "mission_planner" => {
            let r = request.unwrap_or_default();
            match pick {
                0..=3 => (
                    "page /requests/{id}/shortlist",
                    format!("/requests/{r}/shortlist"),
                ),
                4..=5 => ("page /requests/{id}", format!("/requests/{r}")),
                6..=7 => ("page /roster", "/roster".to_owned()),
                _ => ("page /dashboard", "/dashboard".to_owned()),
            }
        }
        _ => match pick {
            0..=5 => ("page /me", "/me".to_owned()),
            _ => ("page /me/offers", "/me/offers".to_owned()),
        },
    }
}

fn upload_body(state: &str, n: u64) -> reqwest::multipart::Form {
    let header = "external_ref,given_names,family_name,latin_name,gender,date_of_birth,nationalities,email,phone,years_experience,categories,skills,languages,notice_days,available_from,available_to";
    let mut csv = header.to_owned();
    for i in 0..5 {
        csv.push_str(&format!(
            "\r\n{state}-L{n}-{i},Amina,Diallo,,female,1980-02-01,{state},load{n}x{i}@{}.example.org,,12,prosecutor,asset-recovery:2,fr:C1;en:B2,7,,",
            state.to_lowercase()
        ));
    }
    reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(csv.into_bytes()).file_name("nominees.csv"),
    )
}

async fn act(
    client: &reqwest::Client,
    base: &str,
    p: &Person,
    request: Option<&str>,
    n: u64,
) -> Outcome {
    let (kind, path) = next_action(p, request, n);
    let url = format!("{base}{path}");
    let began = Instant::now();
    let sent = if kind == "upload" {
        client
            .post(&url)
            .multipart(upload_body(p.state.as_deref().unwrap_or("CAN"), n))
            .send()
            .await
    } else if kind.starts_with("fn ") {
        client.post(&url).form(&[("", ""); 0]).send().await
    } else {
        client.get(&url).send().await
    };
    let failure = match sent {
        Err(e) => Some(format!("transport: {e}")),
        Ok(res) => {
            let status = res.status();
            let location = res
                .headers()
                .get("location")
                .and_then(|l| l.to_str().ok())
                .unwrap_or("")
                .to_owned();
            let body = res.bytes().await;
            if status.is_server_error() || body.is_err() {
                Some(format!("{status}"))
            } else if status.is_redirection() && location.starts_with("/login") {
                Some("signed out".to_owned())
            } else if status.is_client_error() {
                Some(format!("{status}"))
            } else {
                None
            }
        }
    };
    (kind, began.elapsed(), failure)
}

/// A server function call during set-up; anything but success stops the benchmark.
async fn call(
    client: reqwest::Client,
    url: String,
    form: Vec<(&'static str, String)>,
) -> serde_json::Value {
    let res = client.post(url).form(&form).send().await.unwrap();
    let status = res.status();
    let body: serde_json::Value = res.json().await.unwrap_or_default();
    assert!(status.as_u16() < 400, "{status} {body}");
    body
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1].as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let pg_server = std::env::var("BLUE_SUITS_BENCH_POSTGRES")
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432".to_owned());
    let scratch = support::ScratchPg::create(&pg_server, "bs_load").await;
    let db_url = scratch.url.clone();
    let db = server::database::connect(&db_url).await.unwrap();
    server::database::migrate(&db).await.unwrap();
    let now = chrono::Utc::now();
    server::seed::roster::seed(&db, EXPERTS, now).await.unwrap();

    // People: one password hash for all (hashing 200 times would only slow the set-up).
    let hash = password::hash(&NewPassword::parse(PASSWORD).unwrap())
        .await
        .unwrap();
    let ids: Vec<(uuid::Uuid, String)> = expert::Entity::find()
        .select_only()
        .column(expert::Column::Id)
        .column(expert::Column::MemberState)
        .limit(2_000)
        .into_tuple()
        .all(&db)
        .await
        .unwrap();
    let mut people = Vec::new();
    let mut next_record = ids.iter().cycle();
    for (role, count) in PEOPLE {
        for i in 0..*count {
            let email = format!("{role}.{i}@load.example.org");
            let (record, state) = match *role {
                "roster_manager" | "expert" => {
                    let (id, state) = next_record.next().unwrap();
                    (Some(id.to_string()), Some(state.clone()))
                }
                _ => (None, None),
            };
            let principal = match *role {
                "secretariat" => Principal::Secretariat,
                "roster_manager" => Principal::RosterManager {
                    state: MemberStateCode::parse(state.as_deref().unwrap()).unwrap(),
                },
                "mission_planner" => Principal::MissionPlanner,
                _ => Principal::Expert,
            };
            let user = users::insert(
                &db,
                NewUser {
                    email: Email::parse(&email).unwrap(),
                    display_name: DisplayName::parse(&format!("Load {role} {i}")).unwrap(),
                    principal,
                    password_hash: hash.clone(),
                },
                now,
            )
            .await
            .unwrap();
            if *role == "expert" {
                let record = ExpertId::parse(record.as_deref().unwrap()).unwrap();
                deployments::link_account(&db, user.id, record, now)
                    .await
                    .unwrap();
            }
            people.push(Person {
                role,
                email,
                record,
                state,
            });
        }
    }

    let ports = [free_port(), free_port()];
    let mut instances: Vec<Process> = ports.iter().map(|p| instance(&db_url, *p)).collect();
    let probe = browser();
    for p in ports {
        wait_healthy(&probe, &format!("http://127.0.0.1:{p}")).await;
    }
    let dir = tempfile::tempdir().unwrap();
    let front = free_port();
    let _proxy = proxy(front, &ports, dir.path());
    let base = format!("http://127.0.0.1:{front}");
    wait_healthy(&probe, &base).await;

    let think = think_range();
    // Sign everybody in, and give each planner a filed request with one position.
    let mut sessions = Vec::new();
    let start_on = (now.date_naive() + chrono::Duration::days(14)).to_string();
    for p in &people {
        let client = browser();
        let res = client
            .post(format!("{base}/api/login"))
            .form(&[("email", p.email.as_str()), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert!(
            res.status().as_u16() < 400,
            "sign-in {}: {}",
            p.email,
            res.status()
        );
        let request = if p.role == "mission_planner" {
            let call = |name: &'static str, form: Vec<(&'static str, String)>| {
                call(client.clone(), format!("{base}/api/{name}"), form)
            };
            let request = call(
                "save_request",
                vec![
                    ("id", String::new()),
                    ("version", String::new()),
                    ("fields[mission]", "Mission".to_owned()),
                    ("fields[host_country]", "SSD".to_owned()),
                    ("fields[duty_station]", "Juba".to_owned()),
                    ("fields[requesting_unit]", "Justice".to_owned()),
                    ("fields[security_level]", "3".to_owned()),
                    ("fields[urgency]", "standard".to_owned()),
                ],
            )
            .await
            .as_str()
            .unwrap()
            .to_owned();
            call(
                "save_position",
                vec![
                    ("request_id", request.clone()),
                    ("position_id", String::new()),
                    ("fields[title]", "Prosecutor".to_owned()),
                    ("fields[category]", "prosecutor".to_owned()),
                    ("fields[skills]", String::new()),
                    ("fields[languages]", "fr:B2".to_owned()),
                    ("fields[min_years]", "5".to_owned()),
                    ("fields[start_on]", start_on.clone()),
                    ("fields[duration_days]", "90".to_owned()),
                    ("fields[head_count]", "3".to_owned()),
                ],
            )
            .await;
            call(
                "move_request",
                vec![
                    ("id", request.clone()),
                    ("version", "2".to_owned()),
                    ("step", "file".to_owned()),
                ],
            )
            .await;
            Some(request)
        } else {
            None
        };
        sessions.push((client, request));
    }
    println!(
        "load: {} people ({}), 2 instances behind HAProxy on one PostgreSQL, {EXPERTS} experts, \
         think time {}-{} ms, {} s, instance 1 killed (SIGKILL) at {} s",
        people.len(),
        PEOPLE
            .iter()
            .map(|(r, n)| format!("{n} {r}"))
            .collect::<Vec<_>>()
            .join(", "),
        think.0,
        think.1,
        RUN.as_secs(),
        KILL_AT.as_secs()
    );

    let outcomes: Arc<Mutex<Vec<Outcome>>> = Arc::new(Mutex::new(Vec::new()));
    let began = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for (i, (p, (client, request))) in people.into_iter().zip(sessions).enumerate() {
        let (outcomes, base) = (outcomes.clone(), base.clone());
        tasks.spawn(async move {
            let mut n = i as u64;
            let mut rng = i as u64 * 7_919 + 1;
            // People do not all click at the same instant: each begins somewhere in one pause.
            tokio::time::sleep(Duration::from_millis(
                (i as u64 * 7_919 * 104_729) % think.1.max(1),
            ))
            .await;
            while began.elapsed() < RUN {
                let outcome = act(&client, &base, &p, request.as_deref(), n).await;
                outcomes.lock().unwrap().push(outcome);
                n += 1;
                // A small linear congruential step is plenty to spread the think times.
                rng = rng.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                let pause = think.0 + (rng >> 33) % (think.1 - think.0);
                tokio::time::sleep(Duration::from_millis(pause)).await;
            }
        });
    }
    tokio::time::sleep(KILL_AT).await;
    instances[0].kill();
    let killed_at = began.elapsed();
    while tasks.join_next().await.is_some() {}
    let elapsed = began.elapsed();

    // The surviving instance still answers a person signed in before the kill.
    let outcomes = outcomes.lock().unwrap().clone();
    let mut by_kind: BTreeMap<&str, Vec<Duration>> = BTreeMap::new();
    let mut failures: BTreeMap<String, usize> = BTreeMap::new();
    let mut pages = Vec::new();
    for (kind, took, failure) in &outcomes {
        by_kind.entry(kind).or_default().push(*took);
        if kind.starts_with("page ") {
            pages.push(*took);
        }
        if let Some(f) = failure {
            *failures.entry(format!("{kind}: {f}")).or_default() += 1;
        }
    }
    println!(
        "{} actions in {:.1} s ({:.0}/s); instance 1 killed at {:.1} s",
        outcomes.len(),
        elapsed.as_secs_f64(),
        outcomes.len() as f64 / elapsed.as_secs_f64(),
        killed_at.as_secs_f64()
    );
    println!("| action | count | p50 ms | p95 ms | p99 ms |");
    println!("| --- | ---: | ---: | ---: | ---: |");
    for (kind, times) in &mut by_kind {
        times.sort();
        println!(
            "| {kind} | {} | {:.0} | {:.0} | {:.0} |",
            times.len(),
            percentile(times, 0.50),
            percentile(times, 0.95),
            percentile(times, 0.99)
        );
    }
    for (what, n) in &failures {
        println!("failed: {n} × {what}");
    }
    pages.sort();
    let errors: usize = failures.values().sum();
    drop(instances);
    db.close().await.ok();
    scratch.drop().await;
    println!("errors={errors} p99_ms={:.0}", percentile(&pages, 0.99));
}
