//! `experts`: one nominee of one member state; lists and history live in the sibling tables.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "experts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub member_state: String,
    pub external_ref: String,
    pub given_names: String,
    pub family_name: String,
    pub latin_name: Option<String>,
    pub search_name: String,
    pub sort_name: String,
    pub gender: String,
    pub date_of_birth: Date,
    pub email: String,
    pub phone: Option<String>,
    pub years_experience: i16,
    pub notice_days: i16,
    pub longest_deployment_days: Option<i32>,
    pub available_from: Option<Date>,
    pub available_to: Option<Date>,
    pub roster_status: String,
    pub status_changed_at: DateTimeUtc,
    pub last_confirmed_on: Option<Date>,
    pub readiness_tier: String,
    pub readiness_on: Date,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
    /// Set when the record was reduced to what the audit trail needs; such a record is in no list.
    pub erased_at: Option<DateTimeUtc>,
    /// Why: "retention" (the period after the last decision passed) or "request" (the person asked).
    pub erasure: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
