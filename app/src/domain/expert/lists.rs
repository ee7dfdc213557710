//! List fields (`SEN;FRA`, `judge:expert`, `fr:C1`): parsed, de-duplicated and kept in one canonical order; the search key.
use super::*;
use crate::domain::{
    member_state::MemberStateCode,
    taxonomy::{Category, Cefr, LanguageCode, Skill, SkillLevel},
};
use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

/// The items of a `;`-separated cell, trimmed, without the empty ones a trailing `;` leaves.
pub(super) fn items(raw: &str) -> impl Iterator<Item = &str> {
    raw.split(';').map(str::trim).filter(|s| !s.is_empty())
}

/// Notes a problem once, however often the cell repeats it.
pub(super) fn note(problems: &mut Vec<String>, problem: String) {
    if !problems.contains(&problem) {
        problems.push(problem);
    }
}

pub(super) fn finish<T>(values: Vec<T>, mut problems: Vec<String>) -> Result<Vec<T>, Vec<String>> {
    if problems.is_empty() && values.is_empty() {
        problems.push(REQUIRED.to_owned());
    }
    if problems.is_empty() {
        Ok(values)
    } else {
        Err(problems)
    }
}

/// Nationalities such as `SEN;FRA`: at least one, none twice, kept sorted by code.
///
/// Lists are kept in one canonical order, so that two cells naming the same things compare
/// equal and re-uploading a reordered row changes nothing.
pub fn parse_nationalities(raw: &str) -> Result<Vec<MemberStateCode>, Vec<String>> {
    let cell = raw.trim();
    let several = items(raw).nth(1).is_some();
    // A lone short code means little out of context, so a longer cell is quoted whole.
    let in_cell = |problem: String| {
        if several {
            format!("{} — {problem}", quoted(cell))
        } else {
            problem
        }
    };
    let mut codes: Vec<MemberStateCode> = Vec::new();
    let mut problems = Vec::new();
    for item in items(raw) {
        match MemberStateCode::parse(item) {
            Ok(code) if codes.contains(&code) => {
                note(&mut problems, in_cell(format!("{code} is listed twice")));
            }
            Ok(code) => codes.push(code),
            Err(_) => note(
                &mut problems,
                in_cell(format!(
                    "{} is not a three-letter country code",
                    quoted(item)
                )),
            ),
        }
    }
    codes.sort();
    finish(codes, problems)
}

/// Categories such as `prosecutor;financial-analyst`: at least one, none twice, sorted by slug.
pub fn parse_categories(raw: &str) -> Result<Vec<Category>, Vec<String>> {
    let mut categories: Vec<Category> = Vec::new();
    let mut problems = Vec::new();
    for item in items(raw) {
        match Category::parse(item) {
            Some(c) if categories.contains(&c) => {
                note(&mut problems, format!("{c} is listed twice"));
            }
            Some(c) => categories.push(c),
            None => note(
                &mut problems,
                format!(
                    "{} is not a category; use one of the template's category slugs",
                    quoted(item)
                ),
            ),
        }
    }
    categories.sort_by_key(|c| c.slug());
    finish(categories, problems)
}

/// Skills such as `money-laundering:3;asset-recovery:2`: optional, none twice, sorted by slug.
pub fn parse_skills(raw: &str) -> Result<Vec<(Skill, SkillLevel)>, Vec<String>> {
    let mut skills: Vec<(Skill, SkillLevel)> = Vec::new();
    let mut problems = Vec::new();
    for item in items(raw) {
        let unknown = |slug: &str| {
            format!(
                "{} is not a skill; use one of the template's skill slugs",
                quoted(slug)
            )
        };
        let Some((slug, level)) = item.split_once(':') else {
            let problem = match Skill::parse(item) {
                Some(s) => format!(
                    "{} needs a level from 1 to 4, as in \"{s}:3\"",
                    quoted(item)
                ),
                None => unknown(item),
            };
            note(&mut problems, problem);
            continue;
        };
        let skill = Skill::parse(slug);
        if skill.is_none() {
            note(&mut problems, unknown(slug.trim()));
        }
        let level = SkillLevel::parse(level)
            .map_err(|problem| note(&mut problems, format!("{problem} in {}", quoted(item))))
            .ok();
        if let (Some(skill), Some(level)) = (skill, level) {
            if skills.iter().any(|(s, _)| *s == skill) {
                note(&mut problems, format!("{skill} is listed twice"));
            } else {
                skills.push((skill, level));
            }
        }
    }
    skills.sort_by_key(|(s, _)| s.slug());
    if problems.is_empty() {
        Ok(skills)
    } else {
        Err(problems)
    }
}

/// Languages such as `fr:C2;en:B2`: at least one, none twice, strongest first (then by code).
pub fn parse_languages(raw: &str) -> Result<Vec<(LanguageCode, Cefr)>, Vec<String>> {
    let mut languages: Vec<(LanguageCode, Cefr)> = Vec::new();
    let mut problems = Vec::new();
    for item in items(raw) {
        let Some((code, level)) = item.split_once(':') else {
            let problem = match LanguageCode::parse(item) {
                Ok(code) => format!("{} needs a CEFR level, as in \"{code}:B2\"", quoted(item)),
                Err(problem) => problem,
            };
            note(&mut problems, problem);
            continue;
        };
        let code = LanguageCode::parse(code)
            .map_err(|problem| note(&mut problems, problem))
            .ok();
        let level = Cefr::parse(level)
            .map_err(|problem| note(&mut problems, problem))
            .ok();
        if let (Some(code), Some(level)) = (code, level) {
            if languages.iter().any(|(c, _)| *c == code) {
                note(&mut problems, format!("{code} is listed twice"));
            } else {
                languages.push((code, level));
            }
        }
    }
    languages.sort_by(|(a_code, a_level), (b_code, b_level)| {
        b_level.cmp(a_level).then_with(|| a_code.cmp(b_code))
    });
    finish(languages, problems)
}

/// Folds text for searching as people type names: every script transliterated to Latin letters
/// (`Sørensen` → `sorensen`, `Łukasz` → `lukasz`, `ß` → `ss`, `Иванова` → `ivanova`), lower-cased,
/// and only letters and digits kept, so hyphens, apostrophes and spaces inside a name do not
/// matter (`al-Farsi`, `Al Farsi` and `alfarsi` all give `alfarsi`).
///
/// Used on both the stored names and the query, so it only has to be consistent, not reversible.
/// `deunicode`'s tables cover the scripts a world roster holds; hand-written folding would miss
/// letters that do not decompose (`ø`, `ł`, `đ`, `æ`).
pub fn search_key(text: &str) -> String {
    latin(text)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// [`search_key`]'s folding with the spaces between words kept (one each): the order names are
/// listed in and the key duplicate detection compares.
pub fn sort_key(text: &str) -> String {
    latin(text)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn latin(text: &str) -> String {
    // Marks go first (Arabic vowel signs would otherwise become Latin vowels, so a name typed
    // with them would not find one typed without), and every kind of space becomes one, which
    // the transliteration would drop.
    let bare: String = text
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    // Characters without a transliteration are dropped rather than shown as a placeholder.
    deunicode::deunicode_with_tofu(&bare, "").to_lowercase()
}
