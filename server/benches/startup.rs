//! Cold start and request latency of the release server binary, measured from outside the process.
//! Run with `make bench` (or `cargo bench -p server --bench startup`); results go to BENCHMARKS.md.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::{
    net::TcpListener,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

const RUNS: usize = 5;

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start(db_url: &str, port: u16, demo: bool) -> Server {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_server"));
    cmd.arg("serve")
        .env("DATABASE_URL", db_url)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "error")
        .env("BLUE_SUITS_SIGN_IN_BURST", "1000")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if demo {
        cmd.arg("--demo");
    }
    Server(cmd.spawn().unwrap())
}

/// Time from spawning the process until `/health` answers 200.
async fn time_to_healthy(client: &reqwest::Client, db_url: &str, demo: bool) -> (Duration, Server) {
    let port = free_port();
    let began = Instant::now();
    let server = start(db_url, port, demo);
    let url = format!("http://127.0.0.1:{port}/health");
    loop {
        if let Ok(res) = client.get(&url).send().await
            && res.status().is_success()
        {
            return (began.elapsed(), server);
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let mut fresh = Vec::new();
    let mut warm = Vec::new();
    let mut fresh_demo = Vec::new();
    for _ in 0..RUNS {
        let dir = tempfile::tempdir().unwrap();
        let url = format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("bench.db").display()
        );
        let (t, server) = time_to_healthy(&client, &url, false).await;
        fresh.push(t);
        drop(server);
        let (t, server) = time_to_healthy(&client, &url, false).await;
        warm.push(t);
        drop(server);
        let demo_dir = tempfile::tempdir().unwrap();
        let demo_url = format!(
            "sqlite://{}?mode=rwc",
            demo_dir.path().join("bench.db").display()
        );
        let (t, server) = time_to_healthy(&client, &demo_url, true).await;
        fresh_demo.push(t);
        drop(server);
    }

    // Requests against one running server with the demo data.
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("bench.db").display()
    );
    let port = free_port();
    let _server = start(&url, port, true);
    let base = format!("http://127.0.0.1:{port}");
    while client.get(format!("{base}/health")).send().await.is_err() {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let mut sign_in = Vec::new();
    for _ in 0..20 {
        let began = Instant::now();
        let res = client
            .post(format!("{base}/api/login"))
            .form(&[
                ("email", "secretariat@demo.blue-suits.org"),
                ("password", "blue-suits-demo-2026"),
            ])
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success(), "{}", res.status());
        sign_in.push(began.elapsed());
    }
    let mut page = Vec::new();
    for _ in 0..50 {
        let began = Instant::now();
        let res = client
            .get(format!("{base}/admin/users"))
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success());
        let _ = res.bytes().await.unwrap();
        page.push(began.elapsed());
    }
    let mut countries = Vec::new();
    for _ in 0..50 {
        let began = Instant::now();
        let res = client
            .post(format!("{base}/api/list_countries"))
            .send()
            .await
            .unwrap();
        let _ = res.bytes().await.unwrap();
        countries.push(began.elapsed());
    }

    println!("| measurement | median of runs | runs |");
    println!("| --- | --- | --- |");
    println!(
        "| cold start, new SQLite file (migrations + 249 countries) to /health 200 | {} | {RUNS} |",
        ms(median(fresh))
    );
    println!(
        "| cold start, migrated SQLite file to /health 200 | {} | {RUNS} |",
        ms(median(warm))
    );
    println!(
        "| cold start, new SQLite file with the 52 demo accounts (one shared Argon2 hash) | {} | {RUNS} |",
        ms(median(fresh_demo))
    );
    println!(
        "| sign-in request (Argon2id verify + session write) | {} | 20 |",
        ms(median(sign_in))
    );
    println!(
        "| server-rendered /admin/users page, 52 accounts | {} | 50 |",
        ms(median(page))
    );
    println!(
        "| list_countries server function, 249 rows | {} | 50 |",
        ms(median(countries))
    );
}
