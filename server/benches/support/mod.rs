//! What several benchmarks share: a scratch PostgreSQL database made for one run and dropped after.
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};

/// A fresh, empty database on the given PostgreSQL server.
pub struct ScratchPg {
    admin: DatabaseConnection,
    name: String,
    /// Where to connect to it.
    pub url: String,
}

impl ScratchPg {
    /// `server` is `postgres://user@host:port`; `prefix` names the benchmark in the database name.
    pub async fn create(server: &str, prefix: &str) -> Self {
        let name = format!("{prefix}_{}", uuid::Uuid::new_v4().simple());
        let admin = Database::connect(format!("{server}/postgres"))
            .await
            .expect("connect to the PostgreSQL server");
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .expect("create the benchmark's database");
        Self {
            admin,
            url: format!("{server}/{name}"),
            name,
        }
    }

    /// Drops the database, whoever is still connected to it.
    pub async fn drop(self) {
        self.admin
            .execute_unprepared(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ))
            .await
            .ok();
    }
}
