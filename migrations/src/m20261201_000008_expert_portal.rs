//! Expert accounts and what follows them: invitations, the notification outbox, the log of who
//! received an expert's contact details, and language changes awaiting verification.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

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

/// A single-use link that lets an expert create their account; only the token's hash is kept.
fn invitations() -> TableCreateStatement {
    Table::create()
        .table(a("invitations"))
        .col(uuid("id").primary_key())
        .col(
            ColumnDef::new(a("token_hash"))
                .string_len(64)
                .not_null()
                .unique_key(),
        )
        .col(uuid("expert_id"))
        .col(ColumnDef::new(a("email")).string_len(254).not_null())
        .col(uuid("invited_by"))
        .col(timestamp("created_at"))
        .col(timestamp("expires_at"))
        .col(optional_timestamp("used_at"))
        .col(optional_timestamp("revoked_at"))
        .foreign_key(
            &mut fk("invitations", "expert_id", "experts")
                .on_delete(ForeignKeyAction::Cascade)
                .to_owned(),
        )
        .foreign_key(&mut fk("invitations", "invited_by", "users"))
        .to_owned()
}

/// Messages written in the same transaction as the event they announce, delivered later.
fn notifications() -> TableCreateStatement {
    Table::create()
        .table(a("notifications"))
        .col(uuid("id").primary_key())
        .col(ColumnDef::new(a("recipient_user_id")).uuid().null())
        .col(ColumnDef::new(a("recipient_expert_id")).uuid().null())
        .col(ColumnDef::new(a("email")).string_len(254).not_null())
        .col(ColumnDef::new(a("kind")).string_len(32).not_null())
        .col(ColumnDef::new(a("subject")).string_len(200).not_null())
        .col(ColumnDef::new(a("body")).text().not_null())
        .col(timestamp("created_at"))
        .col(
            ColumnDef::new(a("attempts"))
                .integer()
                .not_null()
                .default(0),
        )
        .col(timestamp("next_attempt_at"))
        .col(optional_timestamp("sent_at"))
        .col(optional_timestamp("failed_at"))
        .col(ColumnDef::new(a("last_error")).string_len(500).null())
        // Each reminder once: the event's own key (e.g. "check-expiry:<check id>:<expiry>").
        .col(
            ColumnDef::new(a("dedup_key"))
                .string_len(200)
                .null()
                .unique_key(),
        )
        .foreign_key(
            &mut fk("notifications", "recipient_expert_id", "experts")
                .on_delete(ForeignKeyAction::Cascade)
                .to_owned(),
        )
        .to_owned()
}

/// Every time an expert's profile or contact details reached someone outside the expert, their
/// roster office and the secretariat (a planner opening the record; contact shown after acceptance).
fn disclosures() -> TableCreateStatement {
    Table::create()
        .table(a("disclosures"))
        .col(uuid("id").primary_key())
        .col(uuid("expert_id"))
        .col(ColumnDef::new(a("deployment_id")).uuid().null())
        .col(uuid("viewer_user_id"))
        // profile or contact
        .col(ColumnDef::new(a("what")).string_len(16).not_null())
        .col(timestamp("at"))
        .foreign_key(
            &mut fk("disclosures", "expert_id", "experts")
                .on_delete(ForeignKeyAction::Cascade)
                .to_owned(),
        )
        .foreign_key(
            &mut fk("disclosures", "deployment_id", "deployments")
                .on_delete(ForeignKeyAction::Cascade)
                .to_owned(),
        )
        .foreign_key(&mut fk("disclosures", "viewer_user_id", "users"))
        .check(Expr::cust("what IN ('profile','contact')"))
        .to_owned()
}

/// A language and level an expert declared, waiting for the secretariat to verify it.
fn language_claims() -> TableCreateStatement {
    Table::create()
        .table(a("language_claims"))
        .col(uuid("id").primary_key())
        .col(uuid("expert_id"))
        .col(ColumnDef::new(a("language")).string_len(3).not_null())
        // A CEFR level, or "remove" when the expert no longer claims the language.
        .col(ColumnDef::new(a("level")).string_len(8).not_null())
        .col(timestamp("claimed_at"))
        .col(optional_timestamp("decided_at"))
        .col(ColumnDef::new(a("decided_by")).uuid().null())
        // pending, verified or refused
        .col(ColumnDef::new(a("decision")).string_len(16).not_null())
        .foreign_key(
            &mut fk("language_claims", "expert_id", "experts")
                .on_delete(ForeignKeyAction::Cascade)
                .to_owned(),
        )
        .check(Expr::cust("decision IN ('pending','verified','refused')"))
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(invitations()).await?;
        manager.create_table(notifications()).await?;
        manager.create_table(disclosures()).await?;
        manager.create_table(language_claims()).await?;
        for (name, table, columns) in [
            ("idx_invitations_expert", "invitations", &["expert_id"][..]),
            (
                "idx_notifications_due",
                "notifications",
                &["sent_at", "failed_at", "next_attempt_at"][..],
            ),
            (
                "idx_notifications_expert",
                "notifications",
                &["recipient_expert_id", "created_at"][..],
            ),
            (
                "idx_disclosures_expert",
                "disclosures",
                &["expert_id", "at"][..],
            ),
            (
                "idx_language_claims_expert",
                "language_claims",
                &["expert_id", "decision"][..],
            ),
        ] {
            let mut index = Index::create().name(name).table(a(table)).to_owned();
            for c in columns {
                index.col(a(c));
            }
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "language_claims",
            "disclosures",
            "notifications",
            "invitations",
        ] {
            manager
                .drop_table(Table::drop().table(a(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
