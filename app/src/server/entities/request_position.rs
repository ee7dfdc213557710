//! `request_positions`: one position of a mission request and what it requires.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "request_positions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub request_id: Uuid,
    pub ordinal: i16,
    pub title: String,
    pub category: String,
    pub skills: String,
    pub languages: String,
    pub min_years: i16,
    pub start_on: Date,
    pub duration_days: i32,
    pub head_count: i16,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
