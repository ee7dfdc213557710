//! Trust in the vetted roster: a position's seats guarded by the database, e-mail addresses unique
//! per nominating state (a state learns nothing of another's nominees), likely duplicate
//! nominations across states for the secretariat, and invitations an operator can issue from the
//! command line (no inviting account) whose queued message can be found again.
use sea_orm_migration::{prelude::*, sea_orm::DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The states that hold a seat; mirrors `DeploymentState::holds_seat`.
const SEAT: &str = "'accepted','preparing','deployed','extended','completed'";

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

fn index(name: &str, table: &str, columns: &[&str]) -> IndexCreateStatement {
    let mut index = Index::create().name(name).table(a(table)).to_owned();
    for c in columns {
        index.col(a(c));
    }
    index
}

/// The invitations table as before, but `invited_by` may be empty: an operator's invitation from
/// the command line has no inviting account (the audit event names the operator instead).
fn invitations(name: &str) -> TableCreateStatement {
    Table::create()
        .table(a(name))
        .col(uuid("id").primary_key())
        .col(
            ColumnDef::new(a("token_hash"))
                .string_len(64)
                .not_null()
                .unique_key(),
        )
        .col(uuid("expert_id"))
        .col(ColumnDef::new(a("email")).string_len(254).not_null())
        .col(ColumnDef::new(a("invited_by")).uuid().null())
        .col(timestamp("created_at"))
        .col(timestamp("expires_at"))
        .col(optional_timestamp("used_at"))
        .col(optional_timestamp("revoked_at"))
        .foreign_key(
            &mut ForeignKey::create()
                .name("fk_invitations_expert_id")
                .from(a(name), a("expert_id"))
                .to(a("experts"), a("id"))
                .on_delete(ForeignKeyAction::Cascade)
                .to_owned(),
        )
        .foreign_key(
            &mut ForeignKey::create()
                .name("fk_invitations_invited_by")
                .from(a(name), a("invited_by"))
                .to(a("users"), a("id"))
                .to_owned(),
        )
        .to_owned()
}

/// Two records the secretariat looked at and found to be different people: no longer flagged.
fn duplicate_dismissals() -> TableCreateStatement {
    Table::create()
        .table(a("duplicate_dismissals"))
        // The smaller id first, so a pair is stored once whichever record it was dismissed from.
        .col(uuid("expert_a"))
        .col(uuid("expert_b"))
        .col(ColumnDef::new(a("reason")).string_len(2000).not_null())
        .col(uuid("dismissed_by"))
        .col(timestamp("at"))
        .primary_key(Index::create().col(a("expert_a")).col(a("expert_b")))
        .foreign_key(
            &mut fk("duplicate_dismissals", "expert_a", "experts")
                .on_delete(ForeignKeyAction::Cascade)
                .to_owned(),
        )
        .foreign_key(
            &mut fk("duplicate_dismissals", "expert_b", "experts")
                .on_delete(ForeignKeyAction::Cascade)
                .to_owned(),
        )
        .foreign_key(&mut fk("duplicate_dismissals", "dismissed_by", "users"))
        .check(Expr::cust("expert_a < expert_b"))
        .to_owned()
}

/// A position never holds more accepted, active or completed deployments than its head count,
/// whatever writes the rows; and its head count never drops below the seats already held.
fn seat_guard(backend: DatabaseBackend) -> Vec<String> {
    match backend {
        DatabaseBackend::Postgres => vec![
            // The position's row is locked before counting, so two transactions taking its last
            // seat at once are put in a queue; the second counts after the first has committed.
            format!(
                "CREATE FUNCTION positions_seat_limit() RETURNS trigger LANGUAGE plpgsql AS $$ \
                 DECLARE seats integer; taken integer; \
                 BEGIN \
                   IF NEW.state IN ({SEAT}) AND (TG_OP = 'INSERT' OR OLD.state NOT IN ({SEAT}) \
                      OR OLD.position_id <> NEW.position_id) THEN \
                     SELECT head_count INTO seats FROM request_positions \
                       WHERE id = NEW.position_id FOR UPDATE; \
                     SELECT count(*) INTO taken FROM deployments \
                       WHERE position_id = NEW.position_id AND id <> NEW.id AND state IN ({SEAT}); \
                     IF taken >= seats THEN \
                       RAISE EXCEPTION 'positions_seat_limit' USING ERRCODE = 'check_violation'; \
                     END IF; \
                   END IF; \
                   RETURN NEW; \
                 END $$"
            ),
            "CREATE TRIGGER positions_seat_limit BEFORE INSERT OR UPDATE OF state, position_id \
             ON deployments FOR EACH ROW EXECUTE FUNCTION positions_seat_limit()"
                .to_owned(),
            format!(
                "CREATE FUNCTION positions_head_count_guard() RETURNS trigger LANGUAGE plpgsql AS $$ \
                 BEGIN \
                   IF NEW.head_count < (SELECT count(*) FROM deployments \
                       WHERE position_id = NEW.id AND state IN ({SEAT})) THEN \
                     RAISE EXCEPTION 'positions_seat_limit' USING ERRCODE = 'check_violation'; \
                   END IF; \
                   RETURN NEW; \
                 END $$"
            ),
            "CREATE TRIGGER positions_head_count_guard BEFORE UPDATE OF head_count \
             ON request_positions FOR EACH ROW EXECUTE FUNCTION positions_head_count_guard()"
                .to_owned(),
        ],
        // SQLite has one writer at a time, so counting inside the trigger is already atomic.
        _ => {
            let check = format!(
                "SELECT RAISE(ABORT, 'positions_seat_limit') WHERE \
                 (SELECT count(*) FROM deployments d WHERE d.position_id = NEW.position_id \
                  AND d.id <> NEW.id AND d.state IN ({SEAT})) \
                 >= (SELECT head_count FROM request_positions WHERE id = NEW.position_id)"
            );
            vec![
                format!(
                    "CREATE TRIGGER positions_seat_limit_insert BEFORE INSERT ON deployments \
                     WHEN NEW.state IN ({SEAT}) BEGIN {check}; END"
                ),
                format!(
                    "CREATE TRIGGER positions_seat_limit_update \
                     BEFORE UPDATE OF state, position_id ON deployments \
                     WHEN NEW.state IN ({SEAT}) \
                     AND (OLD.state NOT IN ({SEAT}) OR OLD.position_id <> NEW.position_id) \
                     BEGIN {check}; END"
                ),
                format!(
                    "CREATE TRIGGER positions_head_count_guard \
                     BEFORE UPDATE OF head_count ON request_positions \
                     WHEN NEW.head_count < (SELECT count(*) FROM deployments \
                       WHERE position_id = NEW.id AND state IN ({SEAT})) \
                     BEGIN SELECT RAISE(ABORT, 'positions_seat_limit'); END"
                ),
            ]
        }
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let backend = manager.get_database_backend();
        // One address may be nominated by two states (the same person, or a shared mailbox): the
        // secretariat sees it as a likely duplicate, while each state's addresses stay unique.
        manager
            .drop_index(
                Index::drop()
                    .name("uq_experts_email")
                    .table(a("experts"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "uq_experts_state_email",
                    "experts",
                    &["member_state", "email"],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_index(index("idx_experts_email", "experts", &["email"]))
            .await?;
        manager
            .create_index(index(
                "idx_experts_identity",
                "experts",
                &["sort_name", "date_of_birth"],
            ))
            .await?;
        manager.create_table(duplicate_dismissals()).await?;

        match backend {
            DatabaseBackend::Postgres => {
                db.execute_unprepared(
                    "ALTER TABLE invitations ALTER COLUMN invited_by DROP NOT NULL",
                )
                .await?;
            }
            _ => {
                // SQLite cannot relax a column in place: copy the table into its new shape. All
                // in one batch on one connection, so no other connection of the pool sees the
                // table half moved.
                let create = backend.build(&invitations("invitations_new")).sql;
                let index = backend
                    .build(&index(
                        "idx_invitations_expert",
                        "invitations",
                        &["expert_id"],
                    ))
                    .sql;
                db.execute_unprepared(&format!(
                    "{create}; \
                     INSERT INTO invitations_new (id, token_hash, expert_id, email, invited_by, \
                     created_at, expires_at, used_at, revoked_at) SELECT id, token_hash, \
                     expert_id, email, invited_by, created_at, expires_at, used_at, revoked_at \
                     FROM invitations; \
                     DROP TABLE invitations; \
                     ALTER TABLE invitations_new RENAME TO invitations; \
                     {index};"
                ))
                .await?;
            }
        }
        // The queued message of an invitation holds its link; the secretariat may reveal it.
        manager
            .alter_table(
                Table::alter()
                    .table(a("notifications"))
                    .add_column(ColumnDef::new(a("invitation_id")).uuid().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_notifications_invitation",
                "notifications",
                &["invitation_id"],
            ))
            .await?;
        for sql in seat_guard(backend) {
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared(
                    "DROP TRIGGER IF EXISTS positions_head_count_guard ON request_positions",
                )
                .await?;
                db.execute_unprepared("DROP TRIGGER IF EXISTS positions_seat_limit ON deployments")
                    .await?;
                db.execute_unprepared("DROP FUNCTION IF EXISTS positions_head_count_guard()")
                    .await?;
                db.execute_unprepared("DROP FUNCTION IF EXISTS positions_seat_limit()")
                    .await?;
            }
            _ => {
                for t in [
                    "positions_seat_limit_insert",
                    "positions_seat_limit_update",
                    "positions_head_count_guard",
                ] {
                    db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {t}"))
                        .await?;
                }
            }
        }
        manager
            .drop_index(
                Index::drop()
                    .name("idx_notifications_invitation")
                    .table(a("notifications"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(a("notifications"))
                    .drop_column(a("invitation_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(a("duplicate_dismissals")).to_owned())
            .await?;
        for name in [
            "idx_experts_identity",
            "idx_experts_email",
            "uq_experts_state_email",
        ] {
            manager
                .drop_index(Index::drop().name(name).table(a("experts")).to_owned())
                .await?;
        }
        manager
            .create_index(
                index("uq_experts_email", "experts", &["email"])
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
