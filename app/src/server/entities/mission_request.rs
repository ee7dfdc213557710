//! `mission_requests`: one mission request, its status and the host-nationality waiver.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mission_requests")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub owner_id: Uuid,
    pub mission: String,
    pub host_country: String,
    pub duty_station: String,
    pub requesting_unit: String,
    pub security_level: i16,
    pub urgency: String,
    pub status: String,
    pub host_waiver_reason: Option<String>,
    pub host_waived_by: Option<Uuid>,
    pub host_waived_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub opened_at: Option<DateTimeUtc>,
    pub shortlisted_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
