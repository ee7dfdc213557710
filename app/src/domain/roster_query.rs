//! The roster view a person asks for — search, filters, sort and page — parsed from the URL's text.
use super::{
    expert::search_key,
    member_state::MemberStateCode,
    readiness::Tier,
    taxonomy::{Category, Cefr, LanguageCode, Skill, SkillLevel},
    vetting::RosterStatus,
};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::{Deserialize, Serialize};

pub const PAGE_SIZE: u64 = 50;
/// Deep pages are refused rather than scanned: filters narrow a roster, paging through it does not.
pub const MAX_PAGE: u64 = 2_000;

/// The roster view exactly as the URL carries it, so a view can be shared as a link.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RosterParams {
    pub q: String,
    pub category: String,
    pub skill: String,
    pub skill_level: String,
    pub language: String,
    pub language_level: String,
    pub nationality: String,
    pub state: String,
    pub status: String,
    pub tier: String,
    pub sort: String,
    pub page: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum SortKey {
    #[default]
    Name,
    State,
    Status,
    Experience,
    Updated,
}

impl SortKey {
    pub const ALL: [SortKey; 5] = [
        SortKey::Name,
        SortKey::State,
        SortKey::Status,
        SortKey::Experience,
        SortKey::Updated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::State => "state",
            SortKey::Status => "status",
            SortKey::Experience => "experience",
            SortKey::Updated => "updated",
        }
    }
}

/// The parsed view: every filter typed, absent when not asked for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RosterQuery {
    /// Folded with [`search_key`], so it compares with the stored folded names.
    pub name: Option<String>,
    pub category: Option<Category>,
    pub skill: Option<(Skill, SkillLevel)>,
    pub language: Option<(LanguageCode, Cefr)>,
    pub nationality: Option<MemberStateCode>,
    pub state: Option<MemberStateCode>,
    pub status: Option<RosterStatus>,
    pub tier: Option<Tier>,
    pub sort: SortKey,
    pub descending: bool,
    /// Zero-based.
    pub page: u64,
}

/// A filter value that cannot be understood; the page shows it next to the filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadFilter {
    pub field: &'static str,
    pub message: String,
}

fn given(raw: &str) -> Option<&str> {
    Some(raw.trim()).filter(|s| !s.is_empty())
}

fn bad(field: &'static str, message: impl Into<String>) -> BadFilter {
    BadFilter {
        field,
        message: message.into(),
    }
}

impl RosterParams {
    pub fn parse(&self) -> Result<RosterQuery, Vec<BadFilter>> {
        let mut errors = Vec::new();
        let mut q = RosterQuery {
            name: given(&self.q)
                .map(search_key)
                .filter(|k| !k.is_empty())
                .map(|k| k.chars().take(100).collect()),
            ..RosterQuery::default()
        };
        if let Some(raw) = given(&self.category) {
            match Category::parse(raw) {
                Some(c) => q.category = Some(c),
                None => errors.push(bad("category", "unknown category")),
            }
        }
        if let Some(raw) = given(&self.skill) {
            let level = match given(&self.skill_level) {
                None => SkillLevel::new(1),
                Some(l) => SkillLevel::parse(l).ok(),
            };
            match (Skill::parse(raw), level) {
                (Some(s), Some(l)) => q.skill = Some((s, l)),
                (None, _) => errors.push(bad("skill", "unknown skill")),
                (_, None) => errors.push(bad("skill_level", "a skill level is 1 to 4")),
            }
        }
        if let Some(raw) = given(&self.language) {
            let level = match given(&self.language_level) {
                None => Some(Cefr::A1),
                Some(l) => Cefr::parse(l).ok(),
            };
            match (LanguageCode::parse(raw).ok(), level) {
                (Some(code), Some(l)) => q.language = Some((code, l)),
                (None, _) => errors.push(bad("language", "a language is a two-letter code")),
                (_, None) => errors.push(bad("language_level", "a level is A1 to C2")),
            }
        }
        for (field, raw, slot) in [
            ("nationality", &self.nationality, &mut q.nationality),
            ("state", &self.state, &mut q.state),
        ] {
            if let Some(raw) = given(raw) {
                match MemberStateCode::parse(raw) {
                    Ok(code) => *slot = Some(code),
                    Err(e) => errors.push(bad(field, e.to_string())),
                }
            }
        }
        if let Some(raw) = given(&self.status) {
            match RosterStatus::parse(raw) {
                Some(s) => q.status = Some(s),
                None => errors.push(bad("status", "unknown roster status")),
            }
        }
        if let Some(raw) = given(&self.tier) {
            match Tier::parse(raw) {
                Some(t) => q.tier = Some(t),
                None => errors.push(bad("tier", "unknown readiness tier")),
            }
        }
        if let Some(raw) = given(&self.sort) {
            let (key, descending) = match raw.strip_prefix('-') {
                Some(rest) => (rest, true),
                None => (raw, false),
            };
            match SortKey::ALL.into_iter().find(|k| k.as_str() == key) {
                Some(k) => {
                    q.sort = k;
                    q.descending = descending;
                }
                None => errors.push(bad("sort", "unknown sort order")),
            }
        }
        if let Some(raw) = given(&self.page) {
            match raw.parse::<u64>() {
                Ok(n) if (1..=MAX_PAGE).contains(&n) => q.page = n - 1,
                _ => errors.push(bad("page", format!("a page is 1 to {MAX_PAGE}"))),
            }
        }
        if errors.is_empty() {
            Ok(q)
        } else {
            Err(errors)
        }
    }

    /// The same view on another page, as a query string for a link.
    pub fn with_page(&self, page: u64) -> RosterParams {
        RosterParams {
            page: if page <= 1 {
                String::new()
            } else {
                page.to_string()
            },
            ..self.clone()
        }
    }

    /// The URL query string (without `?`), leaving out empty parameters.
    pub fn to_query_string(&self) -> String {
        let pairs = [
            ("q", &self.q),
            ("category", &self.category),
            ("skill", &self.skill),
            ("skill_level", &self.skill_level),
            ("language", &self.language),
            ("language_level", &self.language_level),
            ("nationality", &self.nationality),
            ("state", &self.state),
            ("status", &self.status),
            ("tier", &self.tier),
            ("sort", &self.sort),
            ("page", &self.page),
        ];
        pairs
            .into_iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| format!("{k}={}", encode(v.trim())))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// Query values keep the unreserved characters of RFC 3986 as they are.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

fn encode(value: &str) -> String {
    utf8_percent_encode(value, QUERY_VALUE).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> RosterParams {
        let mut p = RosterParams::default();
        for (k, v) in pairs {
            let v = (*v).to_owned();
            match *k {
                "q" => p.q = v,
                "category" => p.category = v,
                "skill" => p.skill = v,
                "skill_level" => p.skill_level = v,
                "language" => p.language = v,
                "language_level" => p.language_level = v,
                "state" => p.state = v,
                "status" => p.status = v,
                "tier" => p.tier = v,
                "sort" => p.sort = v,
                "page" => p.page = v,
                _ => p.nationality = v,
            }
        }
        p
    }

    #[test]
    fn an_empty_url_is_the_whole_roster_sorted_by_name() {
        let q = RosterParams::default().parse().expect("valid");
        assert_eq!(q, RosterQuery::default());
    }

    #[test]
    fn a_name_search_ignores_accents_and_case() {
        let q = params(&[("q", "  TOURÉ ")]).parse().expect("valid");
        assert_eq!(q.name.as_deref(), Some("toure"));
    }

    #[test]
    fn filters_are_typed_with_their_minimum_levels() {
        let q = params(&[
            ("category", "prosecutor"),
            ("skill", "asset-recovery"),
            ("skill_level", "3"),
            ("language", "FR"),
            ("language_level", "c1"),
            ("state", "can"),
            ("sort", "-experience"),
            ("page", "3"),
        ])
        .parse()
        .expect("valid");
        assert_eq!(q.category, Some(Category::Prosecutor));
        assert_eq!(
            q.skill.map(|(s, l)| (s, l.get())),
            Some((Skill::AssetRecovery, 3))
        );
        assert_eq!(
            q.language.as_ref().map(|(c, l)| (c.as_str(), *l)),
            Some(("fr", Cefr::C1))
        );
        assert_eq!(q.state.as_ref().map(MemberStateCode::as_str), Some("CAN"));
        assert_eq!(
            (q.sort, q.descending, q.page),
            (SortKey::Experience, true, 2)
        );
    }

    #[test]
    fn a_skill_without_a_level_means_any_level() {
        let q = params(&[("skill", "cybercrime")]).parse().expect("valid");
        assert_eq!(q.skill.map(|(_, l)| l.get()), Some(1));
    }

    #[test]
    fn every_bad_filter_is_named() {
        let errors = params(&[
            ("category", "astronaut"),
            ("skill", "asset-recovery"),
            ("skill_level", "9"),
            ("language", "french"),
            ("status", "great"),
            ("tier", "soon"),
            ("sort", "age"),
            ("page", "0"),
            ("state", "CA"),
        ])
        .parse()
        .expect_err("invalid");
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "category",
                "skill_level",
                "language",
                "state",
                "status",
                "tier",
                "sort",
                "page"
            ]
        );
    }

    #[test]
    fn links_carry_only_the_parameters_given_and_encode_them() {
        let p = params(&[("q", "Nguyễn & co"), ("category", "judge")]).with_page(2);
        assert_eq!(
            p.to_query_string(),
            "q=Nguy%E1%BB%85n%20%26%20co&category=judge&page=2"
        );
        assert_eq!(
            p.with_page(1).to_query_string(),
            "q=Nguy%E1%BB%85n%20%26%20co&category=judge"
        );
    }
}
