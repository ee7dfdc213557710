//! `deployments`: one expert on one position, from the offer to the end of the mission.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "deployments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub request_id: Uuid,
    pub position_id: Uuid,
    pub expert_id: Uuid,
    pub state: String,
    pub starts_on: Date,
    pub ends_on: Date,
    pub offered_by: Uuid,
    pub offered_at: DateTimeUtc,
    pub respond_by: DateTimeUtc,
    pub answered_at: Option<DateTimeUtc>,
    pub answer_reason: Option<String>,
    pub contact_disclosed_at: Option<DateTimeUtc>,
    pub on_ground_at: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
