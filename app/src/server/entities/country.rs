//! `countries`: ISO 3166-1 entries with their UN M49 region, loaded by a migration.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "countries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    pub alpha2: String,
    pub numeric: String,
    pub name: String,
    pub un_region: String,
    pub un_subregion: String,
    pub un_member: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
