//! Mission requests: the request, its positions, its status history, the planner's pins and
//! drops, and the saved shortlist.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn a(name: &str) -> Alias {
    Alias::new(name)
}

fn uuid(name: &str) -> ColumnDef {
    ColumnDef::new(a(name)).uuid().not_null().to_owned()
}

fn text(name: &str, len: u32) -> ColumnDef {
    ColumnDef::new(a(name))
        .string_len(len)
        .not_null()
        .to_owned()
}

fn small(name: &str) -> ColumnDef {
    ColumnDef::new(a(name))
        .small_integer()
        .not_null()
        .to_owned()
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

fn fk(table: &str, column: &str, to_table: &str, to_column: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_{column}"))
        .from(a(table), a(column))
        .to(a(to_table), a(to_column))
        .to_owned()
}

/// Positions, history, picks and shortlists belong to their request and go with it.
fn owned(table: &str, column: &str, to_table: &str) -> ForeignKeyCreateStatement {
    fk(table, column, to_table, "id")
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn tables() -> Vec<TableCreateStatement> {
    vec![
        Table::create()
            .table(a("mission_requests"))
            .col(uuid("id").primary_key())
            .col(uuid("owner_id"))
            .col(text("mission", 200))
            .col(text("host_country", 3))
            .col(text("duty_station", 200))
            .col(text("requesting_unit", 200))
            .col(small("security_level"))
            .col(text("urgency", 16))
            .col(text("status", 20))
            // The secretariat's waiver of the host-nationality rule, with its reason.
            .col(ColumnDef::new(a("host_waiver_reason")).string_len(2000).null())
            .col(ColumnDef::new(a("host_waived_by")).uuid().null())
            .col(optional_timestamp("host_waived_at"))
            .col(timestamp("created_at"))
            .col(timestamp("updated_at"))
            .col(optional_timestamp("opened_at"))
            .col(optional_timestamp("shortlisted_at"))
            .col(optional_timestamp("closed_at"))
            .col(ColumnDef::new(a("version")).integer().not_null().default(1))
            .foreign_key(&mut fk("mission_requests", "owner_id", "users", "id"))
            .foreign_key(&mut fk("mission_requests", "host_country", "countries", "code"))
            .check(Expr::cust(
                "status IN ('draft','open','partially_filled','filled','closed','cancelled')",
            ))
            .check(Expr::cust("urgency IN ('rapid','standard')"))
            .check(Expr::cust("security_level BETWEEN 1 AND 6"))
            .to_owned(),
        Table::create()
            .table(a("request_positions"))
            .col(uuid("id").primary_key())
            .col(uuid("request_id"))
            .col(small("ordinal"))
            .col(text("title", 120))
            .col(text("category", 40))
            // The upload format's cells (`slug:level;…`, `code:CEFR;…`): a small value object
            // read and written whole, never searched.
            .col(text("skills", 2000))
            .col(text("languages", 1000))
            .col(small("min_years"))
            .col(ColumnDef::new(a("start_on")).date().not_null())
            .col(ColumnDef::new(a("duration_days")).integer().not_null())
            .col(small("head_count"))
            .col(timestamp("created_at"))
            .col(timestamp("updated_at"))
            .foreign_key(&mut owned("request_positions", "request_id", "mission_requests"))
            .foreign_key(&mut fk(
                "request_positions",
                "category",
                "expertise_categories",
                "slug",
            ))
            .check(Expr::cust(
                "head_count BETWEEN 1 AND 50 AND duration_days BETWEEN 1 AND 730 AND min_years BETWEEN 0 AND 60",
            ))
            .to_owned(),
        Table::create()
            .table(a("request_status_changes"))
            .col(uuid("id").primary_key())
            .col(uuid("request_id"))
            .col(ColumnDef::new(a("from_status")).string_len(20).null())
            .col(text("to_status", 20))
            .col(ColumnDef::new(a("actor_user_id")).uuid().null())
            .col(timestamp("at"))
            .foreign_key(&mut owned(
                "request_status_changes",
                "request_id",
                "mission_requests",
            ))
            .to_owned(),
        Table::create()
            .table(a("position_picks"))
            .col(uuid("position_id"))
            .col(uuid("expert_id"))
            .col(text("pick", 8))
            .col(uuid("picked_by"))
            .col(timestamp("picked_at"))
            .primary_key(Index::create().col(a("position_id")).col(a("expert_id")))
            .foreign_key(&mut owned("position_picks", "position_id", "request_positions"))
            .foreign_key(&mut owned("position_picks", "expert_id", "experts"))
            .check(Expr::cust("pick IN ('pinned','dropped')"))
            .to_owned(),
        Table::create()
            .table(a("shortlist_entries"))
            .col(uuid("position_id"))
            .col(uuid("expert_id"))
            .col(text("role", 10))
            .col(small("rank"))
            .col(ColumnDef::new(a("score")).integer().not_null())
            .col(uuid("saved_by"))
            .col(timestamp("saved_at"))
            .primary_key(Index::create().col(a("position_id")).col(a("expert_id")))
            .foreign_key(&mut owned("shortlist_entries", "position_id", "request_positions"))
            .foreign_key(&mut owned("shortlist_entries", "expert_id", "experts"))
            .check(Expr::cust("role IN ('proposed','alternate')"))
            .to_owned(),
    ]
}

fn index(name: &str, table: &str, columns: &[&str]) -> IndexCreateStatement {
    let mut index = Index::create().name(name).table(a(table)).to_owned();
    for c in columns {
        index.col(a(c));
    }
    index
}

/// Children first, so foreign keys never dangle while dropping.
const DROP_ORDER: &[&str] = &[
    "shortlist_entries",
    "position_picks",
    "request_status_changes",
    "request_positions",
    "mission_requests",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in tables() {
            manager.create_table(table).await?;
        }
        for index in [
            index(
                "idx_mission_requests_owner",
                "mission_requests",
                &["owner_id", "created_at"],
            ),
            index(
                "idx_mission_requests_status",
                "mission_requests",
                &["status", "created_at"],
            ),
            index(
                "idx_request_positions_request",
                "request_positions",
                &["request_id", "ordinal"],
            ),
            index(
                "idx_request_status_changes_request",
                "request_status_changes",
                &["request_id", "at"],
            ),
        ] {
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in DROP_ORDER {
            manager
                .drop_table(Table::drop().table(a(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
