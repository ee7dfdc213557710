//! `spawn_app()`: a real server on a random port with a fresh database, and clients to drive it.
use app::server::services::users::{NewAccountInput, create_account};
use reqwest::{Client, Response, StatusCode, redirect::Policy};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use server::{config::Config, startup::Application};
use std::sync::atomic::{AtomicU32, Ordering};

/// Set to a PostgreSQL server URL (without a database name) to run the suite on PostgreSQL.
pub const POSTGRES_ENV: &str = "BLUE_SUITS_TEST_POSTGRES";
pub const PASSWORD: &str = "correct horse battery staple";

/// Where a test's database lives; dropped (file removed, database dropped) with the test.
pub enum TestDatabase {
    Sqlite {
        _dir: tempfile::TempDir,
        url: String,
    },
    Postgres {
        server: String,
        name: String,
        url: String,
    },
}

impl TestDatabase {
    pub async fn fresh() -> Self {
        match std::env::var(POSTGRES_ENV).ok().filter(|s| !s.is_empty()) {
            Some(server) => {
                let server = server.trim_end_matches('/').to_owned();
                let name = format!("bs_test_{}", uuid::Uuid::new_v4().simple());
                let admin = Database::connect(format!("{server}/postgres"))
                    .await
                    .expect("connect to PostgreSQL");
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("create test database");
                admin.close().await.ok();
                let url = format!("{server}/{name}");
                TestDatabase::Postgres { server, name, url }
            }
            None => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
                TestDatabase::Sqlite { _dir: dir, url }
            }
        }
    }

    pub fn url(&self) -> &str {
        match self {
            TestDatabase::Sqlite { url, .. } | TestDatabase::Postgres { url, .. } => url,
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, TestDatabase::Postgres { .. })
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let TestDatabase::Postgres { server, name, .. } = self {
            let (server, name) = (server.clone(), name.clone());
            // Drop runs inside the test's runtime, which cannot be blocked on: use a thread of our own.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("runtime");
                rt.block_on(async move {
                    if let Ok(admin) = Database::connect(format!("{server}/postgres")).await {
                        let _ = admin
                            .execute_unprepared(&format!(
                                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                            ))
                            .await;
                        let _ = admin.close().await;
                    }
                });
            })
            .join();
        }
    }
}

pub struct TestApp {
    pub address: String,
    pub db: DatabaseConnection,
    pub database: std::sync::Arc<TestDatabase>,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

pub struct TestUser {
    pub email: String,
    pub password: String,
    pub id: String,
}

pub fn test_config(database_url: &str) -> Config {
    Config {
        addr: "127.0.0.1:0".parse().expect("address"),
        site_root: "target/site".to_owned(),
        database_url: database_url.to_owned(),
        settings: Default::default(),
        sign_in_burst: 1000,
        sign_in_refill_seconds: 1,
        demo: false,
        mail: Default::default(),
        upkeep_every: server::config::UPKEEP_EVERY,
        retention_days: app::domain::retention::DEFAULT_RETENTION_DAYS,
        trusted_proxies: String::new(),
        metrics_token: None,
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts a server after letting the test adjust its configuration.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    let database = std::sync::Arc::new(TestDatabase::fresh().await);
    spawn_app_on(database, adjust).await
}

/// A second server over the same database, as when two instances run behind a load balancer.
pub async fn spawn_app_on(
    database: std::sync::Arc<TestDatabase>,
    adjust: impl FnOnce(&mut Config),
) -> TestApp {
    let mut config = test_config(database.url());
    adjust(&mut config);
    let application = Application::build(config).await.expect("build application");
    let address = format!("http://127.0.0.1:{}", application.port());
    let db = application.db().clone();
    let server = tokio::spawn(async move {
        let _ = application.run_until_stopped().await;
    });
    TestApp {
        address,
        db,
        database,
        server,
    }
}

/// A server started by a test as a process of its own (`server serve`), so the test can kill it.
pub struct ServerProcess {
    pub child: std::process::Child,
    pub address: String,
}

impl ServerProcess {
    /// Starts the binary on a free port over `database` and waits until it answers `/health`.
    pub async fn start(database: &TestDatabase) -> ServerProcess {
        Self::start_with(database, &[]).await
    }

    /// The same, with more environment variables for the process.
    pub async fn start_with(database: &TestDatabase, env: &[(&str, &str)]) -> ServerProcess {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
            .arg("serve")
            .env("DATABASE_URL", database.url())
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("BLUE_SUITS_REQUIRE_MFA", "false")
            .env("BLUE_SUITS_DEMO", "false")
            .env("RUST_LOG", "error")
            .envs(env.iter().copied())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start the server binary");
        // Held at once, so the process is killed and reaped however this ends.
        let process = ServerProcess {
            child,
            address: format!("http://127.0.0.1:{port}"),
        };
        let client = Client::new();
        for _ in 0..300 {
            if let Ok(res) = client
                .get(format!("{}/health", process.address))
                .send()
                .await
                && res.status().is_success()
            {
                return process;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("the server process never answered /health");
    }

    /// SIGKILL: no shutdown, no cleanup, as a crash or a power cut.
    pub fn kill(mut self) {
        self.child.kill().expect("kill the server");
        self.child.wait().expect("reap the server");
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl TestApp {
    /// Drives a server running as a process of its own over `database`.
    pub async fn of_process(
        process: &ServerProcess,
        database: std::sync::Arc<TestDatabase>,
    ) -> TestApp {
        let db = server::database::connect(database.url())
            .await
            .expect("connect");
        TestApp {
            address: process.address.clone(),
            db,
            database,
            server: tokio::spawn(async {}),
        }
    }
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

impl TestApp {
    /// A browser-like client: keeps cookies, does not follow redirects so tests can see them.
    pub fn client(&self) -> Client {
        Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            // A request that never answers fails its test instead of stalling the whole run.
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .expect("client")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// Creates an account with the given role (and member state for roster managers).
    pub async fn create_user(&self, role: &str, state: Option<&str>) -> TestUser {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let email = format!("{role}.{n}@example.org");
        let input = NewAccountInput {
            email: email.clone(),
            display_name: format!("Test {role} {n}"),
            role: role.to_owned(),
            member_state: state.map(str::to_owned),
            password: PASSWORD.to_owned(),
        };
        let user = create_account(&self.db, None, input, chrono::Utc::now())
            .await
            .expect("create account");
        TestUser {
            email,
            password: PASSWORD.to_owned(),
            id: user.id.to_string(),
        }
    }

    /// Calls a server function the way a script does (form-encoded body, JSON answer).
    pub async fn call(&self, client: &Client, name: &str, form: &[(&str, &str)]) -> Response {
        client
            .post(self.url(&format!("/api/{name}")))
            .form(form)
            .send()
            .await
            .expect("request")
    }

    pub async fn sign_in(&self, client: &Client, user: &TestUser) -> Response {
        self.call(
            client,
            "login",
            &[("email", &user.email), ("password", &user.password)],
        )
        .await
    }

    /// A new client already signed in as `user`.
    pub async fn signed_in(&self, user: &TestUser) -> Client {
        let client = self.client();
        let res = self.sign_in(&client, user).await;
        assert!(
            res.status().is_success() || res.status().is_redirection(),
            "sign-in failed: {}",
            res.status()
        );
        client
    }

    /// A signed-in client for a new account of this role.
    pub async fn as_role(&self, role: &str, state: Option<&str>) -> Client {
        let user = self.create_user(role, state).await;
        self.signed_in(&user).await
    }
}

/// The JSON error body of a failed server function call.
pub async fn error_body(res: Response) -> (StatusCode, serde_json::Value) {
    let status = res.status();
    let text = res.text().await.expect("body");
    let value = serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text));
    (status, value)
}
