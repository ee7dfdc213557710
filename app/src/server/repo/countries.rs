//! Queries on the country reference data.
use crate::{
    domain::member_state::{Country, MemberStateCode},
    error::AppError,
    server::entities::country,
};
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder};

fn to_row(m: country::Model) -> Country {
    Country {
        code: m.code,
        name: m.name,
        region: m.un_region,
        subregion: m.un_subregion,
        un_member: m.un_member,
    }
}

pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<Country>, AppError> {
    Ok(country::Entity::find()
        .order_by_asc(country::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(to_row)
        .collect())
}

pub async fn find(
    db: &impl ConnectionTrait,
    code: &MemberStateCode,
) -> Result<Option<Country>, AppError> {
    Ok(country::Entity::find_by_id(code.as_str().to_owned())
        .one(db)
        .await?
        .map(to_row))
}
