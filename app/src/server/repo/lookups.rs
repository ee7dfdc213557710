//! Lookups of reference codes and account names needed to check and show roster records.
use crate::{
    error::AppError,
    server::entities::{country, language, user},
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::{HashMap, HashSet};

/// Which of `codes` are known countries.
pub async fn known_countries(
    db: &impl ConnectionTrait,
    codes: &[&str],
) -> Result<HashSet<String>, AppError> {
    Ok(country::Entity::find()
        .filter(country::Column::Code.is_in(codes.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.code)
        .collect())
}

/// Names of the languages among `codes` that are known.
pub async fn language_names(
    db: &impl ConnectionTrait,
    codes: &[&str],
) -> Result<HashMap<String, String>, AppError> {
    Ok(language::Entity::find()
        .filter(language::Column::Code.is_in(codes.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|l| (l.code, l.name))
        .collect())
}

pub async fn all_languages(db: &impl ConnectionTrait) -> Result<Vec<language::Model>, AppError> {
    Ok(language::Entity::find()
        .order_by_asc(language::Column::Name)
        .all(db)
        .await?)
}

/// Display names of the accounts among `ids`.
pub async fn user_names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = uuid::Uuid>,
) -> Result<HashMap<uuid::Uuid, String>, AppError> {
    let ids: HashSet<_> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect())
}

/// Every country code and every language code, for checking a whole upload against them.
pub async fn all_codes(db: &impl ConnectionTrait) -> Result<(Vec<String>, Vec<String>), AppError> {
    let countries: Vec<String> = country::Entity::find()
        .select_only()
        .column(country::Column::Code)
        .into_tuple()
        .all(db)
        .await?;
    let languages: Vec<String> = language::Entity::find()
        .select_only()
        .column(language::Column::Code)
        .into_tuple()
        .all(db)
        .await?;
    Ok((countries, languages))
}
