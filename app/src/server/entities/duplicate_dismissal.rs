//! `duplicate_dismissals`: two records the secretariat found to be different people.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "duplicate_dismissals")]
pub struct Model {
    /// The smaller of the two ids.
    #[sea_orm(primary_key, auto_increment = false)]
    pub expert_a: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub expert_b: Uuid,
    pub reason: String,
    pub dismissed_by: Uuid,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
