//! Import batches: one row per uploaded candidate file, with its phase, progress and report.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn a(name: &str) -> Alias {
    Alias::new(name)
}

fn count(name: &str) -> ColumnDef {
    ColumnDef::new(a(name)).big_integer().null().to_owned()
}

fn timestamp(name: &str) -> ColumnDef {
    ColumnDef::new(a(name))
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(a("import_batches"))
                    .col(ColumnDef::new(a("id")).uuid().not_null().primary_key())
                    .col(ColumnDef::new(a("member_state")).string_len(3).not_null())
                    // web or cli
                    .col(ColumnDef::new(a("source")).string_len(8).not_null())
                    .col(ColumnDef::new(a("uploaded_by")).uuid().null())
                    .col(ColumnDef::new(a("file_name")).string_len(200).not_null())
                    .col(ColumnDef::new(a("file_kind")).string_len(8).not_null())
                    .col(ColumnDef::new(a("file_size")).big_integer().not_null())
                    .col(ColumnDef::new(a("file_sha256")).string_len(64).not_null())
                    // The file itself, kept only until it is committed or discarded: any
                    // instance can then run the commit, and no copy of personal data lingers.
                    .col(ColumnDef::new(a("content")).blob().null())
                    .col(ColumnDef::new(a("phase")).string_len(16).not_null())
                    .col(
                        ColumnDef::new(a("progress_done"))
                            .big_integer()
                            .not_null()
                            .default(0),
                    )
                    .col(
                        ColumnDef::new(a("progress_total"))
                            .big_integer()
                            .not_null()
                            .default(0),
                    )
                    .col(count("created"))
                    .col(count("updated"))
                    .col(count("unchanged"))
                    .col(count("rejected"))
                    .col(ColumnDef::new(a("report")).json().null())
                    .col(ColumnDef::new(a("problem")).text().null())
                    .col(timestamp("created_at"))
                    .col(timestamp("updated_at"))
                    .col(
                        ColumnDef::new(a("committed_at"))
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(a("committed_by")).uuid().null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_import_batches_member_state")
                            .from(a("import_batches"), a("member_state"))
                            .to(a("countries"), a("code")),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_import_batches_uploaded_by")
                            .from(a("import_batches"), a("uploaded_by"))
                            .to(a("users"), a("id")),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_import_batches_committed_by")
                            .from(a("import_batches"), a("committed_by"))
                            .to(a("users"), a("id")),
                    )
                    .check(Expr::cust(
                        "phase IN ('checking','checked','committing','committed','failed','discarded')",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_import_batches_state")
                    .table(a("import_batches"))
                    .col(a("member_state"))
                    .col(a("created_at"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(a("import_batches")).to_owned())
            .await
    }
}
