//! A second factor at sign-in: each account's one-time-code secret and single-use recovery codes,
//! sessions that are signed in only once the second step is done, and a lock row per sign-in
//! account so that counting failed attempts and recording a new one is one atomic step.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn a(name: &str) -> Alias {
    Alias::new(name)
}

fn timestamp(name: &str) -> ColumnDef {
    ColumnDef::new(a(name))
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

fn owned_by_user(table: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_user_id"))
        .from(a(table), a("user_id"))
        .to(a("users"), a("id"))
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

/// The one-time-code secret of an account; unconfirmed until the first code from it is entered.
fn second_factors() -> TableCreateStatement {
    Table::create()
        .table(a("second_factors"))
        .col(ColumnDef::new(a("user_id")).uuid().not_null().primary_key())
        // Base32 of 20 random bytes.
        .col(ColumnDef::new(a("secret")).string_len(64).not_null())
        .col(
            ColumnDef::new(a("confirmed_at"))
                .timestamp_with_time_zone()
                .null(),
        )
        // The newest 30-second step a code was accepted for: no code of it or before is taken.
        .col(ColumnDef::new(a("last_used_step")).big_integer().null())
        .col(timestamp("created_at"))
        .foreign_key(&mut owned_by_user("second_factors"))
        .to_owned()
}

/// Single-use recovery codes, kept as SHA-256 hashes (each code holds 50 random bits).
fn recovery_codes() -> TableCreateStatement {
    Table::create()
        .table(a("recovery_codes"))
        .col(ColumnDef::new(a("id")).uuid().not_null().primary_key())
        .col(ColumnDef::new(a("user_id")).uuid().not_null())
        .col(
            ColumnDef::new(a("code_hash"))
                .string_len(64)
                .not_null()
                .unique_key(),
        )
        .col(timestamp("created_at"))
        .col(
            ColumnDef::new(a("used_at"))
                .timestamp_with_time_zone()
                .null(),
        )
        .foreign_key(&mut owned_by_user("recovery_codes"))
        .to_owned()
}

/// One row per sign-in account (or second step), written at the start of each attempt so that
/// two attempts at once are counted one after the other.
fn attempt_locks() -> TableCreateStatement {
    Table::create()
        .table(a("attempt_locks"))
        .col(
            ColumnDef::new(a("key"))
                .string_len(320)
                .not_null()
                .primary_key(),
        )
        .col(timestamp("at"))
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(second_factors()).await?;
        manager.create_table(recovery_codes()).await?;
        manager.create_table(attempt_locks()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_recovery_codes_user")
                    .table(a("recovery_codes"))
                    .col(a("user_id"))
                    .to_owned(),
            )
            .await?;
        // Sessions that exist already are fully signed in, as they were.
        manager
            .alter_table(
                Table::alter()
                    .table(a("sessions"))
                    .add_column(
                        ColumnDef::new(a("stage"))
                            .string_len(16)
                            .not_null()
                            .default("complete"),
                    )
                    .to_owned(),
            )
            .await?;
        // Recovery codes just issued, shown to this session until the person says they kept them.
        manager
            .alter_table(
                Table::alter()
                    .table(a("sessions"))
                    .add_column(ColumnDef::new(a("pending_recovery")).text().null())
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in ["pending_recovery", "stage"] {
            manager
                .alter_table(
                    Table::alter()
                        .table(a("sessions"))
                        .drop_column(a(column))
                        .to_owned(),
                )
                .await?;
        }
        for table in ["attempt_locks", "recovery_codes", "second_factors"] {
            manager
                .drop_table(Table::drop().table(a(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
