//! Wire types of reference data: countries and languages: what its server functions and pages exchange,
//! compiled for the server and the browser alike.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryRow {
    pub code: String,
    pub name: String,
    pub region: String,
    pub subregion: String,
    pub un_member: bool,
}

impl From<crate::domain::member_state::Country> for CountryRow {
    fn from(c: crate::domain::member_state::Country) -> Self {
        Self {
            code: c.code,
            name: c.name,
            region: c.region,
            subregion: c.subregion,
            un_member: c.un_member,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryList {
    pub rows: Vec<CountryRow>,
    pub regions: Vec<String>,
    pub total: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageOption {
    /// ISO 639-1.
    pub code: String,
    pub name: String,
}
