//! Retention and erasure: an expert's record can be reduced to what the audit trail needs, and the
//! audit log, still append-only, accepts exactly one kind of change: redacting an event's
//! snapshots once, leaving who did what, when and to which record.
use sea_orm_migration::{prelude::*, sea_orm::DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn a(name: &str) -> Alias {
    Alias::new(name)
}

/// An update passes only when it redacts an event not yet redacted and keeps every column that
/// says who did what, when, to which record. Deletes stay refused.
const SQLITE_UP: &[&str] = &[
    "DROP TRIGGER audit_events_no_update",
    "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events \
     WHEN NOT (OLD.redacted_at IS NULL AND NEW.redacted_at IS NOT NULL \
       AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action \
       AND NEW.record_type = OLD.record_type AND NEW.record_id = OLD.record_id \
       AND NEW.actor_user_id IS OLD.actor_user_id) \
     BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
];

const SQLITE_DOWN: &[&str] = &[
    "DROP TRIGGER audit_events_no_update",
    "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
];

const POSTGRES_UP: &[&str] = &[
    "CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ \
     BEGIN \
       IF TG_OP = 'UPDATE' AND OLD.redacted_at IS NULL AND NEW.redacted_at IS NOT NULL \
          AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action \
          AND NEW.record_type = OLD.record_type AND NEW.record_id = OLD.record_id \
          AND NEW.actor_user_id IS NOT DISTINCT FROM OLD.actor_user_id THEN \
         RETURN NEW; \
       END IF; \
       RAISE EXCEPTION 'audit events are append-only'; \
     END $$",
];

const POSTGRES_DOWN: &[&str] = &[
    "CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit events are append-only'; END $$",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // When the record was reduced, and why: "retention" or "request".
        manager
            .alter_table(
                Table::alter()
                    .table(a("experts"))
                    .add_column(
                        ColumnDef::new(a("erased_at"))
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(a("experts"))
                    .add_column(ColumnDef::new(a("erasure")).string_len(16).null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(a("audit_events"))
                    .add_column(
                        ColumnDef::new(a("redacted_at"))
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        let statements = match manager.get_database_backend() {
            DatabaseBackend::Postgres => POSTGRES_UP,
            _ => SQLITE_UP,
        };
        for sql in statements {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let statements = match manager.get_database_backend() {
            DatabaseBackend::Postgres => POSTGRES_DOWN,
            _ => SQLITE_DOWN,
        };
        for sql in statements {
            db.execute_unprepared(sql).await?;
        }
        for (table, column) in [
            ("audit_events", "redacted_at"),
            ("experts", "erasure"),
            ("experts", "erased_at"),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(a(table))
                        .drop_column(a(column))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
