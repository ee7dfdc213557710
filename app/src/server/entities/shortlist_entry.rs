//! `shortlist_entries`: the saved shortlist of a position: proposed experts and alternates with rank and score.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "shortlist_entries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub position_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub expert_id: Uuid,
    pub role: String,
    pub rank: i16,
    pub score: i32,
    pub saved_by: Uuid,
    pub saved_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
