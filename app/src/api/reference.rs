//! Reference data: countries with their UN region, and which are member states.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryRow {
    pub code: String,
    pub name: String,
    pub region: String,
    pub subregion: String,
    pub un_member: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryList {
    pub rows: Vec<CountryRow>,
    pub regions: Vec<String>,
    pub total: usize,
}

#[server(endpoint = "list_countries", prefix = "/api")]
pub async fn list_countries(
    q: Option<String>,
    region: Option<String>,
) -> Result<CountryList, AppError> {
    use crate::{
        domain::permissions::Action,
        server::{context, services::reference},
    };
    context::respond(
        async {
            context::require(Action::ViewReferenceData)?;
            reference::list_countries(&context::db()?, q.as_deref(), region.as_deref()).await
        }
        .await,
    )
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageOption {
    /// ISO 639-1.
    pub code: String,
    pub name: String,
}

/// The ISO 639-1 languages, the six most needed in the field first.
#[server(endpoint = "list_languages", prefix = "/api")]
pub async fn list_languages() -> Result<Vec<LanguageOption>, AppError> {
    use crate::{
        domain::permissions::Action,
        server::{context, services::reference},
    };
    context::respond(
        async {
            context::require(Action::ViewReferenceData)?;
            reference::list_languages(&context::db()?).await
        }
        .await,
    )
}
