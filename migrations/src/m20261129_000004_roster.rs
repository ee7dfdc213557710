//! The roster: experts with their nationalities, categories, skills, languages, missions, vetting
//! checks, status history and availability, plus the category, skill and language reference lists.
use sea_orm_migration::prelude::*;
use serde::Deserialize;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// ISO 639-1 languages with their ISO 639-3 code; compiled in, so nothing is read at run time.
const LANGUAGES_CSV: &str = include_str!("../data/languages.csv");

/// The controlled taxonomy of IMPORT_FORMAT.md, as it stood when this migration was written.
const CATEGORIES: &[(&str, &str)] = &[
    ("judge", "Judge"),
    ("prosecutor", "Prosecutor"),
    ("legal-adviser", "Defence / legal adviser"),
    ("corrections-officer", "Corrections / detention officer"),
    ("financial-analyst", "Financial analyst / investigator"),
    ("police-investigator", "Police investigator"),
    ("civil-servant", "Civil servant / public administration"),
    ("governance-expert", "Governance expert"),
    ("customs-border", "Customs / border"),
];

const SKILLS: &[(&str, &str)] = &[
    ("money-laundering", "Money-laundering investigation"),
    ("asset-recovery", "Asset recovery"),
    ("mutual-legal-assistance", "Mutual legal assistance"),
    ("witness-protection", "Witness protection"),
    ("prison-management", "Prison management"),
    ("court-administration", "Court administration"),
    ("legislative-drafting", "Legislative drafting"),
    ("forensic-accounting", "Forensic accounting"),
    ("anti-corruption", "Anti-corruption"),
    ("drug-trafficking", "Drug-trafficking cases"),
    ("human-trafficking", "Human-trafficking cases"),
    ("arms-trafficking", "Arms-trafficking cases"),
    ("cybercrime", "Cybercrime"),
    ("maritime-crime", "Maritime crime"),
    ("terrorism-financing", "Terrorism financing"),
    ("judicial-training", "Judicial training"),
    ("case-management", "Case management"),
    ("sanctions-monitoring", "Sanctions monitoring"),
];

#[derive(Deserialize)]
struct LanguageRow {
    iso639_1: String,
    iso639_3: String,
    name: String,
}

fn languages() -> Result<Vec<LanguageRow>, DbErr> {
    csv::Reader::from_reader(LANGUAGES_CSV.as_bytes())
        .deserialize()
        .collect::<Result<Vec<LanguageRow>, _>>()
        .map_err(|e| DbErr::Migration(format!("bundled languages.csv: {e}")))
}

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

fn optional_text(name: &str, len: u32) -> ColumnDef {
    ColumnDef::new(a(name)).string_len(len).null().to_owned()
}

fn small(name: &str) -> ColumnDef {
    ColumnDef::new(a(name))
        .small_integer()
        .not_null()
        .to_owned()
}

fn date(name: &str) -> ColumnDef {
    ColumnDef::new(a(name)).date().not_null().to_owned()
}

fn optional_date(name: &str) -> ColumnDef {
    ColumnDef::new(a(name)).date().null().to_owned()
}

fn timestamp(name: &str) -> ColumnDef {
    ColumnDef::new(a(name))
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

fn fk(table: &str, column: &str, to_table: &str, to_column: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_{column}"))
        .from(a(table), a(column))
        .to(a(to_table), a(to_column))
        .to_owned()
}

/// A child row of an expert disappears with the expert (experts are withdrawn, not deleted, but a
/// data-protection erasure must be able to remove everything).
fn fk_expert(table: &str) -> ForeignKeyCreateStatement {
    fk(table, "expert_id", "experts", "id")
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn index(name: &str, table: &str, columns: &[&str]) -> IndexCreateStatement {
    let mut index = Index::create().name(name).table(a(table)).to_owned();
    for c in columns {
        index.col(a(c));
    }
    index
}

fn reference_tables() -> Vec<TableCreateStatement> {
    vec![
        Table::create()
            .table(a("languages"))
            .col(text("code", 2).primary_key())
            .col(text("iso639_3", 3))
            .col(text("name", 100))
            .to_owned(),
        Table::create()
            .table(a("expertise_categories"))
            .col(text("slug", 40).primary_key())
            .col(text("label", 100))
            .to_owned(),
        Table::create()
            .table(a("skills"))
            .col(text("slug", 40).primary_key())
            .col(text("label", 100))
            .to_owned(),
    ]
}

fn expert_table() -> TableCreateStatement {
    Table::create()
        .table(a("experts"))
        .col(uuid("id").primary_key())
        .col(text("member_state", 3))
        .col(text("external_ref", 64))
        .col(text("given_names", 200))
        .col(text("family_name", 200))
        .col(optional_text("latin_name", 200))
        // Lower-cased, accents and marks removed, every name form: what search compares with.
        .col(text("search_name", 700))
        // Family then given names in the same folded form: one sort order on both databases.
        .col(text("sort_name", 420))
        .col(text("gender", 16))
        .col(date("date_of_birth"))
        .col(text("email", 254))
        .col(optional_text("phone", 16))
        .col(small("years_experience"))
        .col(small("notice_days"))
        .col(ColumnDef::new(a("longest_deployment_days")).integer().null())
        // The availability the nominating state declared; open-ended when a bound is missing.
        .col(optional_date("available_from"))
        .col(optional_date("available_to"))
        .col(text("roster_status", 16))
        .col(timestamp("status_changed_at"))
        .col(optional_date("last_confirmed_on"))
        // The readiness tier as assessed on `readiness_on`; kept current by every write and by the
        // daily sweep, so the roster list can filter on it without re-deciding every expert.
        .col(text("readiness_tier", 16))
        .col(date("readiness_on"))
        .col(timestamp("created_at"))
        .col(timestamp("updated_at"))
        .col(ColumnDef::new(a("version")).integer().not_null().default(1))
        .foreign_key(&mut fk("experts", "member_state", "countries", "code"))
        .check(Expr::cust(
            "roster_status IN ('nominated','under_review','vetted','suspended','withdrawn','rejected')",
        ))
        .check(Expr::cust(
            "gender IN ('female','male','other','undisclosed')",
        ))
        .check(Expr::cust(
            "years_experience BETWEEN 0 AND 60 AND notice_days BETWEEN 0 AND 365",
        ))
        .to_owned()
}

fn child_tables() -> Vec<TableCreateStatement> {
    vec![
        Table::create()
            .table(a("expert_nationalities"))
            .col(uuid("expert_id"))
            .col(text("country", 3))
            .primary_key(Index::create().col(a("expert_id")).col(a("country")))
            .foreign_key(&mut fk_expert("expert_nationalities"))
            .foreign_key(&mut fk(
                "expert_nationalities",
                "country",
                "countries",
                "code",
            ))
            .to_owned(),
        Table::create()
            .table(a("expert_categories"))
            .col(uuid("expert_id"))
            .col(text("category", 40))
            .primary_key(Index::create().col(a("expert_id")).col(a("category")))
            .foreign_key(&mut fk_expert("expert_categories"))
            .foreign_key(&mut fk(
                "expert_categories",
                "category",
                "expertise_categories",
                "slug",
            ))
            .to_owned(),
        Table::create()
            .table(a("expert_skills"))
            .col(uuid("expert_id"))
            .col(text("skill", 40))
            .col(small("level"))
            .col(ColumnDef::new(a("years")).small_integer().null())
            .primary_key(Index::create().col(a("expert_id")).col(a("skill")))
            .foreign_key(&mut fk_expert("expert_skills"))
            .foreign_key(&mut fk("expert_skills", "skill", "skills", "slug"))
            .check(Expr::cust("level BETWEEN 1 AND 4"))
            .to_owned(),
        Table::create()
            .table(a("expert_languages"))
            .col(uuid("expert_id"))
            .col(text("language", 2))
            // CEFR as a rank, A1 = 1 … C2 = 6, so "at least B2" is a comparison.
            .col(small("level"))
            .primary_key(Index::create().col(a("expert_id")).col(a("language")))
            .foreign_key(&mut fk_expert("expert_languages"))
            .foreign_key(&mut fk("expert_languages", "language", "languages", "code"))
            .check(Expr::cust("level BETWEEN 1 AND 6"))
            .to_owned(),
        Table::create()
            .table(a("prior_missions"))
            .col(uuid("id").primary_key())
            .col(uuid("expert_id"))
            .col(text("mission", 200))
            .col(optional_text("country", 3))
            .col(text("role", 200))
            .col(date("started_on"))
            .col(optional_date("ended_on"))
            .foreign_key(&mut fk_expert("prior_missions"))
            .foreign_key(&mut fk("prior_missions", "country", "countries", "code"))
            .to_owned(),
        Table::create()
            .table(a("vetting_checks"))
            .col(uuid("expert_id"))
            .col(text("kind", 24))
            .col(text("status", 16))
            .col(optional_date("done_on"))
            .col(optional_date("expires_on"))
            .col(ColumnDef::new(a("recorded_by")).uuid().null())
            .col(timestamp("recorded_at"))
            .col(optional_text("note", 2000))
            .primary_key(Index::create().col(a("expert_id")).col(a("kind")))
            .foreign_key(&mut fk_expert("vetting_checks"))
            .check(Expr::cust("status IN ('pending','passed','failed')"))
            .to_owned(),
        Table::create()
            .table(a("roster_status_changes"))
            .col(uuid("id").primary_key())
            .col(uuid("expert_id"))
            .col(optional_text("from_status", 16))
            .col(text("to_status", 16))
            .col(text("reason", 2000))
            .col(ColumnDef::new(a("actor_user_id")).uuid().null())
            .col(timestamp("at"))
            .foreign_key(&mut fk_expert("roster_status_changes"))
            .to_owned(),
        Table::create()
            .table(a("availability_windows"))
            .col(uuid("id").primary_key())
            .col(uuid("expert_id"))
            .col(text("kind", 16))
            .col(date("starts_on"))
            .col(date("ends_on"))
            .foreign_key(&mut fk_expert("availability_windows"))
            .check(Expr::cust(
                "kind IN ('available','unavailable') AND ends_on >= starts_on",
            ))
            .to_owned(),
        Table::create()
            .table(a("expert_regions"))
            .col(uuid("expert_id"))
            .col(text("region", 32))
            .col(text("preference", 16))
            .primary_key(Index::create().col(a("expert_id")).col(a("region")))
            .foreign_key(&mut fk_expert("expert_regions"))
            .check(Expr::cust("preference IN ('preferred','excluded')"))
            .to_owned(),
    ]
}

fn indexes() -> Vec<IndexCreateStatement> {
    vec![
        index(
            "uq_experts_state_ref",
            "experts",
            &["member_state", "external_ref"],
        )
        .unique()
        .to_owned(),
        index("uq_experts_email", "experts", &["email"])
            .unique()
            .to_owned(),
        index(
            "idx_experts_state_sort",
            "experts",
            &["member_state", "sort_name"],
        ),
        index("idx_experts_sort", "experts", &["sort_name", "id"]),
        index("idx_experts_status", "experts", &["roster_status"]),
        // Covering indexes for the roster list: the joins of a filtered page read only these,
        // never the wide rows (measured in BENCHMARKS.md).
        index(
            "idx_experts_list",
            "experts",
            &[
                "id",
                "roster_status",
                "member_state",
                "readiness_tier",
                "sort_name",
            ],
        ),
        index(
            "idx_expert_skills_lookup",
            "expert_skills",
            &["expert_id", "skill", "level"],
        ),
        index(
            "idx_expert_languages_lookup",
            "expert_languages",
            &["expert_id", "language", "level"],
        ),
        index("idx_experts_tier", "experts", &["readiness_tier"]),
        index(
            "idx_expert_categories_category",
            "expert_categories",
            &["category", "expert_id"],
        ),
        index(
            "idx_expert_skills_skill",
            "expert_skills",
            &["skill", "level", "expert_id"],
        ),
        index(
            "idx_expert_languages_language",
            "expert_languages",
            &["language", "level", "expert_id"],
        ),
        index(
            "idx_expert_nationalities_country",
            "expert_nationalities",
            &["country", "expert_id"],
        ),
        index(
            "idx_vetting_checks_expiry",
            "vetting_checks",
            &["expires_on"],
        ),
        index(
            "idx_status_changes_expert",
            "roster_status_changes",
            &["expert_id", "at"],
        ),
        index(
            "idx_availability_expert",
            "availability_windows",
            &["expert_id"],
        ),
        index(
            "idx_prior_missions_expert",
            "prior_missions",
            &["expert_id"],
        ),
    ]
}

/// Children first, so foreign keys never dangle while dropping.
const DROP_ORDER: &[&str] = &[
    "expert_regions",
    "availability_windows",
    "roster_status_changes",
    "vetting_checks",
    "prior_missions",
    "expert_languages",
    "expert_skills",
    "expert_categories",
    "expert_nationalities",
    "experts",
    "skills",
    "expertise_categories",
    "languages",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in reference_tables() {
            manager.create_table(table).await?;
        }
        let mut insert = Query::insert()
            .into_table(a("languages"))
            .columns([a("code"), a("iso639_3"), a("name")])
            .to_owned();
        for l in languages()? {
            insert.values_panic([l.iso639_1.into(), l.iso639_3.into(), l.name.into()]);
        }
        manager.exec_stmt(insert).await?;
        for (table, rows) in [("expertise_categories", CATEGORIES), ("skills", SKILLS)] {
            let mut insert = Query::insert()
                .into_table(a(table))
                .columns([a("slug"), a("label")])
                .to_owned();
            for (slug, label) in rows {
                insert.values_panic([(*slug).into(), (*label).into()]);
            }
            manager.exec_stmt(insert).await?;
        }
        manager.create_table(expert_table()).await?;
        for table in child_tables() {
            manager.create_table(table).await?;
        }
        for index in indexes() {
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

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_language_list_has_two_letter_codes_and_the_field_languages() {
        let rows = languages().expect("bundled CSV parses");
        assert!(rows.len() > 180);
        assert!(
            rows.iter().all(
                |r| r.iso639_1.len() == 2 && r.iso639_1.chars().all(|c| c.is_ascii_lowercase())
            )
        );
        for code in ["en", "fr", "ar", "es", "ru", "pt", "wo"] {
            assert!(rows.iter().any(|r| r.iso639_1 == code), "{code}");
        }
    }

    #[test]
    fn the_taxonomy_matches_the_upload_format() {
        assert_eq!(CATEGORIES.len(), 9);
        assert_eq!(SKILLS.len(), 18);
    }
}
