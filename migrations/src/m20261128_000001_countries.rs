//! Countries (ISO 3166-1) with their UN M49 region and UN membership, loaded from the bundled CSV.
use sea_orm_migration::prelude::*;
use serde::Deserialize;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Countries {
    Table,
    Code,
    Alpha2,
    Numeric,
    Name,
    UnRegion,
    UnSubregion,
    UnMember,
}

#[derive(Deserialize)]
struct Row {
    alpha3: String,
    alpha2: String,
    numeric: String,
    name: String,
    un_region: String,
    un_subregion: String,
    un_member: String,
}

/// Copied from the ISO 3166-1 and UN M49 standards; compiled in, so nothing is read at run time.
const COUNTRIES_CSV: &str = include_str!("../data/countries.csv");

fn rows() -> Result<Vec<Row>, DbErr> {
    csv::Reader::from_reader(COUNTRIES_CSV.as_bytes())
        .deserialize()
        .collect::<Result<Vec<Row>, _>>()
        .map_err(|e| DbErr::Migration(format!("bundled countries.csv: {e}")))
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Countries::Table)
                    .col(
                        ColumnDef::new(Countries::Code)
                            .string_len(3)
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Countries::Alpha2).string_len(2).not_null())
                    .col(ColumnDef::new(Countries::Numeric).string_len(3).not_null())
                    .col(ColumnDef::new(Countries::Name).string_len(100).not_null())
                    .col(
                        ColumnDef::new(Countries::UnRegion)
                            .string_len(32)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Countries::UnSubregion)
                            .string_len(64)
                            .not_null(),
                    )
                    .col(ColumnDef::new(Countries::UnMember).boolean().not_null())
                    .to_owned(),
            )
            .await?;
        let mut insert = Query::insert()
            .into_table(Countries::Table)
            .columns([
                Countries::Code,
                Countries::Alpha2,
                Countries::Numeric,
                Countries::Name,
                Countries::UnRegion,
                Countries::UnSubregion,
                Countries::UnMember,
            ])
            .to_owned();
        for r in rows()? {
            insert.values_panic([
                r.alpha3.into(),
                r.alpha2.into(),
                r.numeric.into(),
                r.name.into(),
                r.un_region.into(),
                r.un_subregion.into(),
                (r.un_member == "yes").into(),
            ]);
        }
        manager.exec_stmt(insert).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Countries::Table).to_owned())
            .await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_list_has_every_country_and_the_193_member_states() {
        let rows = rows().expect("bundled CSV parses");
        assert_eq!(rows.len(), 249);
        assert_eq!(rows.iter().filter(|r| r.un_member == "yes").count(), 193);
        assert!(
            rows.iter()
                .all(|r| r.alpha3.len() == 3 && r.alpha3.chars().all(|c| c.is_ascii_uppercase()))
        );
        assert!(
            rows.iter()
                .any(|r| r.name == "Congo, The Democratic Republic of the"),
            "quoted names keep their commas"
        );
    }
}
