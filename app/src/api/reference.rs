//! Reference data: countries with their UN region, and which are member states.
use crate::{error::AppError, views::reference::*};
use leptos::prelude::*;

#[server(endpoint = "list_countries", prefix = "/api")]
pub async fn list_countries(
    q: Option<String>,
    region: Option<String>,
) -> Result<CountryList, AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::reference;
    Door::serve(Action::ViewReferenceData, async |d| {
        reference::list_countries(&d.db, q.as_deref(), region.as_deref()).await
    })
    .await
}

/// The ISO 639-1 languages, the six most needed in the field first.
#[server(endpoint = "list_languages", prefix = "/api")]
pub async fn list_languages() -> Result<Vec<LanguageOption>, AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::reference;
    Door::serve(Action::ViewReferenceData, async |d| {
        reference::list_languages(&d.db).await
    })
    .await
}
