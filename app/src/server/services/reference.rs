//! Reference data services: the country list with its regions.
use crate::{
    error::AppError,
    server::repo::countries,
    views::reference::{CountryList, CountryRow},
};
use sea_orm::DatabaseConnection;

/// Case- and accent-insensitive folding, so "cote" finds "Côte d'Ivoire".
fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            other => other,
        })
        .collect()
}

pub fn filter(all: Vec<CountryRow>, q: Option<&str>, region: Option<&str>) -> Vec<CountryRow> {
    let needle = q.map(str::trim).filter(|s| !s.is_empty()).map(fold);
    let region = region.map(str::trim).filter(|s| !s.is_empty());
    all.into_iter()
        .filter(|c| region.is_none_or(|r| c.region == r))
        .filter(|c| {
            needle
                .as_deref()
                .is_none_or(|n| fold(&c.name).contains(n) || fold(&c.code) == n)
        })
        .collect()
}

pub async fn list_countries(
    db: &DatabaseConnection,
    q: Option<&str>,
    region: Option<&str>,
) -> Result<CountryList, AppError> {
    let all: Vec<CountryRow> = countries::all(db)
        .await?
        .into_iter()
        .map(CountryRow::from)
        .collect();
    let total = all.len();
    let mut regions: Vec<String> = all
        .iter()
        .map(|c| c.region.clone())
        .filter(|r| !r.is_empty())
        .collect();
    regions.sort();
    regions.dedup();
    Ok(CountryList {
        rows: filter(all, q, region),
        regions,
        total,
    })
}

/// English, French, Arabic, Spanish, Russian and Portuguese matter most on missions.
const FIELD_LANGUAGES: [&str; 6] = ["en", "fr", "ar", "es", "ru", "pt"];

pub async fn list_languages(
    db: &DatabaseConnection,
) -> Result<Vec<crate::views::reference::LanguageOption>, AppError> {
    let all = crate::server::repo::lookups::all_languages(db).await?;
    let rank = |code: &str| {
        FIELD_LANGUAGES
            .iter()
            .position(|c| *c == code)
            .unwrap_or(FIELD_LANGUAGES.len())
    };
    let mut options: Vec<_> = all
        .into_iter()
        .map(|l| crate::views::reference::LanguageOption {
            code: l.code,
            name: l.name,
        })
        .collect();
    options.sort_by_key(|o| rank(&o.code));
    Ok(options)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(code: &str, name: &str, region: &str) -> CountryRow {
        CountryRow {
            code: code.into(),
            name: name.into(),
            region: region.into(),
            subregion: String::new(),
            un_member: true,
        }
    }

    #[test]
    fn search_ignores_case_and_accents_and_matches_codes() {
        let all = vec![
            row("CIV", "Côte d'Ivoire", "Africa"),
            row("CAN", "Canada", "Americas"),
            row("FRA", "France", "Europe"),
        ];
        let names = |v: Vec<CountryRow>| v.into_iter().map(|c| c.code).collect::<Vec<_>>();
        assert_eq!(names(filter(all.clone(), Some("cote"), None)), ["CIV"]);
        assert_eq!(names(filter(all.clone(), Some("fra"), None)), ["FRA"]);
        assert_eq!(names(filter(all.clone(), None, Some("Americas"))), ["CAN"]);
        assert_eq!(names(filter(all.clone(), Some("  "), None)).len(), 3);
        assert!(filter(all, Some("can"), Some("Europe")).is_empty());
    }
}
