//! `import_batches`: one uploaded candidate file, its phase, progress and report.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "import_batches")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub member_state: String,
    pub source: String,
    pub uploaded_by: Option<Uuid>,
    pub file_name: String,
    pub file_kind: String,
    pub file_size: i64,
    pub file_sha256: String,
    pub content: Option<Vec<u8>>,
    pub phase: String,
    pub progress_done: i64,
    pub progress_total: i64,
    pub created: Option<i64>,
    pub updated: Option<i64>,
    pub unchanged: Option<i64>,
    pub rejected: Option<i64>,
    pub report: Option<Json>,
    pub problem: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub committed_at: Option<DateTimeUtc>,
    pub committed_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
