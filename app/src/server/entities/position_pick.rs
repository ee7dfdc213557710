//! `position_picks`: a planner's pin or drop of one expert for one position.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "position_picks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub position_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub expert_id: Uuid,
    pub pick: String,
    pub picked_by: Uuid,
    pub picked_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
