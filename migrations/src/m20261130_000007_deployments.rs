//! Deployments: one expert on one position from the offer on, every step with its actor and time,
//! and the database's own guard against double booking.
use sea_orm_migration::{prelude::*, sea_orm::DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The states that book an expert's dates; mirrors `DeploymentState::books_dates`.
const BOOKING: &str = "'accepted','preparing','deployed','extended'";

fn a(name: &str) -> Alias {
    Alias::new(name)
}

fn uuid(name: &str) -> ColumnDef {
    ColumnDef::new(a(name)).uuid().not_null().to_owned()
}

fn timestamp(name: &str) -> ColumnDef {
    ColumnDef::new(a(name))
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

fn optional_timestamp(name: &str) -> ColumnDef {
    ColumnDef::new(a(name))
        .timestamp_with_time_zone()
        .null()
        .to_owned()
}

fn fk(table: &str, column: &str, to_table: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_{column}"))
        .from(a(table), a(column))
        .to(a(to_table), a("id"))
        .to_owned()
}

fn deployments() -> TableCreateStatement {
    Table::create()
        .table(a("deployments"))
        .col(uuid("id").primary_key())
        .col(uuid("request_id"))
        .col(uuid("position_id"))
        .col(uuid("expert_id"))
        .col(ColumnDef::new(a("state")).string_len(16).not_null())
        .col(ColumnDef::new(a("starts_on")).date().not_null())
        .col(ColumnDef::new(a("ends_on")).date().not_null())
        .col(uuid("offered_by"))
        .col(timestamp("offered_at"))
        .col(timestamp("respond_by"))
        .col(optional_timestamp("answered_at"))
        .col(ColumnDef::new(a("answer_reason")).string_len(2000).null())
        // When contact details were first shown to the planner (after acceptance).
        .col(optional_timestamp("contact_disclosed_at"))
        .col(optional_timestamp("on_ground_at"))
        .col(timestamp("updated_at"))
        .col(ColumnDef::new(a("version")).integer().not_null().default(1))
        .foreign_key(&mut fk("deployments", "request_id", "mission_requests"))
        .foreign_key(&mut fk("deployments", "position_id", "request_positions"))
        .foreign_key(&mut fk("deployments", "expert_id", "experts"))
        .foreign_key(&mut fk("deployments", "offered_by", "users"))
        .check(Expr::cust(
            "state IN ('offered','accepted','declined','expired','preparing','deployed','extended','completed','cancelled','withdrawn') AND ends_on >= starts_on",
        ))
        .to_owned()
}

/// An expert's account and the roster record it belongs to: one account per expert.
fn expert_accounts() -> TableCreateStatement {
    Table::create()
        .table(a("expert_accounts"))
        .col(uuid("user_id").primary_key())
        .col(uuid("expert_id").unique_key())
        .col(timestamp("linked_at"))
        .foreign_key(
            &mut fk("expert_accounts", "user_id", "users")
                .on_delete(ForeignKeyAction::Cascade)
                .to_owned(),
        )
        .foreign_key(
            &mut fk("expert_accounts", "expert_id", "experts")
                .on_delete(ForeignKeyAction::Cascade)
                .to_owned(),
        )
        .to_owned()
}

fn steps() -> TableCreateStatement {
    Table::create()
        .table(a("deployment_steps"))
        .col(uuid("id").primary_key())
        .col(uuid("deployment_id"))
        .col(ColumnDef::new(a("from_state")).string_len(16).null())
        .col(ColumnDef::new(a("to_state")).string_len(16).not_null())
        .col(ColumnDef::new(a("actor_user_id")).uuid().null())
        // expert, roster_office, planner or system
        .col(ColumnDef::new(a("party")).string_len(16).not_null())
        .col(ColumnDef::new(a("reason")).string_len(2000).null())
        .col(timestamp("at"))
        .foreign_key(
            &mut fk("deployment_steps", "deployment_id", "deployments")
                .on_delete(ForeignKeyAction::Cascade)
                .to_owned(),
        )
        .to_owned()
}

/// No expert holds two booking deployments over overlapping dates, whatever writes the rows.
fn guard(backend: DatabaseBackend) -> Vec<String> {
    match backend {
        DatabaseBackend::Postgres => vec![
            "CREATE EXTENSION IF NOT EXISTS btree_gist".to_owned(),
            format!(
                "ALTER TABLE deployments ADD CONSTRAINT deployments_no_double_booking \
                 EXCLUDE USING gist (expert_id WITH =, daterange(starts_on, ends_on, '[]') WITH &&) \
                 WHERE (state IN ({BOOKING}))"
            ),
        ],
        _ => {
            let check = format!(
                "SELECT RAISE(ABORT, 'deployments_no_double_booking') WHERE EXISTS (\
                 SELECT 1 FROM deployments d WHERE d.expert_id = NEW.expert_id AND d.id <> NEW.id \
                 AND d.state IN ({BOOKING}) AND d.starts_on <= NEW.ends_on AND NEW.starts_on <= d.ends_on)"
            );
            vec![
                format!(
                    "CREATE TRIGGER deployments_no_double_booking_insert BEFORE INSERT ON deployments \
                     WHEN NEW.state IN ({BOOKING}) BEGIN {check}; END"
                ),
                format!(
                    "CREATE TRIGGER deployments_no_double_booking_update \
                     BEFORE UPDATE OF state, starts_on, ends_on, expert_id ON deployments \
                     WHEN NEW.state IN ({BOOKING}) BEGIN {check}; END"
                ),
            ]
        }
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(expert_accounts()).await?;
        manager.create_table(deployments()).await?;
        manager.create_table(steps()).await?;
        for (name, table, columns) in [
            (
                "idx_deployments_expert",
                "deployments",
                &["expert_id", "starts_on"][..],
            ),
            (
                "idx_deployments_position",
                "deployments",
                &["position_id", "state"][..],
            ),
            (
                "idx_deployments_request",
                "deployments",
                &["request_id"][..],
            ),
            (
                "idx_deployments_offers",
                "deployments",
                &["state", "respond_by"][..],
            ),
            (
                "idx_deployment_steps_deployment",
                "deployment_steps",
                &["deployment_id", "at"][..],
            ),
        ] {
            let mut index = Index::create().name(name).table(a(table)).to_owned();
            for c in columns {
                index.col(a(c));
            }
            manager.create_index(index).await?;
        }
        let db = manager.get_connection();
        for sql in guard(manager.get_database_backend()) {
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["deployment_steps", "deployments", "expert_accounts"] {
            manager
                .drop_table(Table::drop().table(a(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
