//! Database migrations, one per change, each with `up` and `down`; never edited once released.
pub use sea_orm_migration::prelude::*;

mod m20261128_000001_countries;
mod m20261128_000002_accounts;
mod m20261128_000003_audit_events;
mod m20261129_000004_roster;
mod m20261129_000005_import_batches;
mod m20261130_000006_mission_requests;
mod m20261130_000007_deployments;
mod m20261201_000008_expert_portal;
mod m20261202_000009_trust;
mod m20261202_000010_second_factor;
mod m20261202_000011_retention;
mod m20261203_000012_name_keys;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261128_000001_countries::Migration),
            Box::new(m20261128_000002_accounts::Migration),
            Box::new(m20261128_000003_audit_events::Migration),
            Box::new(m20261129_000004_roster::Migration),
            Box::new(m20261129_000005_import_batches::Migration),
            Box::new(m20261130_000006_mission_requests::Migration),
            Box::new(m20261130_000007_deployments::Migration),
            Box::new(m20261201_000008_expert_portal::Migration),
            Box::new(m20261202_000009_trust::Migration),
            Box::new(m20261202_000010_second_factor::Migration),
            Box::new(m20261202_000011_retention::Migration),
            Box::new(m20261203_000012_name_keys::Migration),
        ]
    }
}
