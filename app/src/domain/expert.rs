//! An expert's own fields — names, contact, dates, numbers, lists — parsed from the text a form or spreadsheet row gives.
use super::{
    member_state::MemberStateCode,
    taxonomy::{Category, Cefr, Gender, LanguageCode, Skill, SkillLevel},
};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;
use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

const REQUIRED: &str = "is required";

/// Bad values are echoed so the clerk can find them, but a pasted page must not flood the report.
const ECHO_LIMIT: usize = 60;

/// One cell full of garbage should not bury the rest of the row's report.
const PROBLEMS_PER_FIELD: usize = 5;

/// A bad value as shown in a message: cut to a readable length, and with control characters
/// replaced so that a message always stays on one line of the report.
pub(crate) fn shown(raw: &str) -> String {
    let mut out: String = raw
        .chars()
        .take(ECHO_LIMIT)
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect();
    if raw.chars().nth(ECHO_LIMIT).is_some() {
        out.push('…');
    }
    out
}

/// [`shown`], in quotes.
pub(crate) fn quoted(raw: &str) -> String {
    format!("\"{}\"", shown(raw))
}

/// Line and paragraph separators break a name across lines just as a newline does.
fn is_line_breaking(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// A trimmed, single-line text of 1 to `max_chars` characters (characters, not bytes, so
/// every script gets the same room).
pub(crate) fn single_line(raw: &str, max_chars: usize) -> Result<&str, String> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(REQUIRED.to_owned());
    }
    if text.chars().any(is_line_breaking) {
        return Err("contains a line break, a tab or another control character".to_owned());
    }
    let length = text.chars().count();
    if length > max_chars {
        return Err(format!(
            "is {length} characters long; the limit is {max_chars}"
        ));
    }
    Ok(text)
}

/// A name exactly as the person writes it, in any script.
///
/// Only surrounding whitespace is removed: the stored text is never normalised, so `Nguyễn`
/// comes back with the very bytes it was given. Searching uses [`search_key`] instead.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

impl PersonName {
    pub const MAX_CHARS: usize = 200;

    pub fn parse(raw: &str) -> Result<Self, String> {
        single_line(raw, Self::MAX_CHARS).map(|t| Self(t.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The nominating state's own identifier for a candidate, unique within that state.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ExternalRef(String);

impl ExternalRef {
    pub const MAX_CHARS: usize = 64;

    pub fn parse(raw: &str) -> Result<Self, String> {
        single_line(raw, Self::MAX_CHARS).map(|t| Self(t.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An e-mail address, lower-cased so that uniqueness across the roster ignores letter case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub const MAX_CHARS: usize = 254;

    pub fn parse(raw: &str) -> Result<Self, String> {
        let text = raw.trim();
        if text.is_empty() {
            return Err(REQUIRED.to_owned());
        }
        // Checked after lower-casing, because that is the text that will be stored and re-read.
        let lower = text.to_lowercase();
        let length = lower.chars().count();
        if length > Self::MAX_CHARS {
            return Err(format!(
                "is {length} characters long; an e-mail address has at most {}",
                Self::MAX_CHARS
            ));
        }
        // One address syntax for the whole roster: the accounts' rule. (validator's check would
        // pull a regex engine and the IDNA tables into the browser bundle, doubling it.)
        if crate::domain::account::Email::parse(&lower).is_err() {
            return Err(format!("{} is not an e-mail address", quoted(text)));
        }
        Ok(Self(lower))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An international phone number in E.164 form, such as `+221771234567`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    /// People write numbers grouped for reading; the grouping is dropped, the digits kept.
    fn is_grouping(c: char) -> bool {
        c.is_whitespace() || matches!(c, '-' | '.' | '(' | ')')
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        let text = raw.trim();
        if text.is_empty() {
            return Err(REQUIRED.to_owned());
        }
        let compact: String = text.chars().filter(|c| !Self::is_grouping(*c)).collect();
        let Some(digits) = compact.strip_prefix('+') else {
            let hint = match compact.strip_prefix("00") {
                Some(rest) => format!("write +{} instead", shown(rest)),
                None => "as in +221771234567".to_owned(),
            };
            return Err(format!(
                "{} must start with + and the country code; {hint}",
                quoted(text)
            ));
        };
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "{} may only hold digits after the + (spaces, hyphens, dots and brackets are fine)",
                quoted(text)
            ));
        }
        if digits.starts_with('0') {
            return Err(format!(
                "{}: a country code never starts with 0",
                quoted(text)
            ));
        }
        let count = digits.len();
        if !(8..=15).contains(&count) {
            return Err(format!(
                "{} has {count} digits after the +; an international number has 8 to 15",
                quoted(text)
            ));
        }
        Ok(Self(compact))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

macro_rules! string_newtype_conversions {
    ($($name:ident),*) => {$(
        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    )*};
}

string_newtype_conversions!(PersonName, ExternalRef, Email, Phone);

/// A calendar date written as `YYYY-MM-DD` and nothing else, so that `03/04/1979` can never be
/// read as the wrong one of two dates. Surrounding spaces are forgiven.
pub fn parse_iso_date(raw: &str) -> Result<NaiveDate, String> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(REQUIRED.to_owned());
    }
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shaped {
        return Err(format!(
            "{} is not a date in the form YYYY-MM-DD, such as 1979-03-14",
            quoted(text)
        ));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("{} is not a day of the calendar", quoted(text)))
}

/// Completed years of life on `on`. Someone born on 29 February turns a year older on 1 March
/// in common years, since their birthday has not yet come on 28 February.
pub fn age_on(born: NaiveDate, on: NaiveDate) -> i32 {
    let years = on.year() - born.year();
    if (on.month(), on.day()) < (born.month(), born.day()) {
        years - 1
    } else {
        years
    }
}

/// A date of birth that makes the candidate 21 to 80 years old on the day it is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DateOfBirth(NaiveDate);

impl DateOfBirth {
    pub const MIN_AGE: i32 = 21;
    pub const MAX_AGE: i32 = 80;

    pub fn parse(raw: &str, today: NaiveDate) -> Result<Self, String> {
        let born = parse_iso_date(raw)?;
        if born > today {
            return Err(format!("{born} is after today ({today})"));
        }
        let age = age_on(born, today);
        if !(Self::MIN_AGE..=Self::MAX_AGE).contains(&age) {
            return Err(format!(
                "age must be {} to {} on {today} (this date makes them {age})",
                Self::MIN_AGE,
                Self::MAX_AGE
            ));
        }
        Ok(Self(born))
    }

    pub fn get(self) -> NaiveDate {
        self.0
    }
}

/// A whole number from 0 to `max`, digits only: "3.5", "-1" and "1e2" are typing mistakes.
fn whole_number(raw: &str, max: u16, unit: &str) -> Result<u16, String> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(REQUIRED.to_owned());
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "{} is not a whole number of {unit} from 0 to {max}",
            quoted(text)
        ));
    }
    match text.parse::<u16>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(format!("{} is more than {max} {unit}", shown(text))),
    }
}

/// Years of professional experience, 0 to 60.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct YearsExperience(u8);

impl YearsExperience {
    pub const MAX: u8 = 60;

    pub fn parse(raw: &str) -> Result<Self, String> {
        let n = whole_number(raw, u16::from(Self::MAX), "years")?;
        u8::try_from(n)
            .map(Self)
            .map_err(|_| format!("{n} is more than {} years", Self::MAX))
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

/// Days the expert needs between an offer and departure, 0 to 365.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NoticeDays(u16);

impl NoticeDays {
    pub const MAX: u16 = 365;

    pub fn parse(raw: &str) -> Result<Self, String> {
        whole_number(raw, Self::MAX, "days").map(Self)
    }

    pub fn get(self) -> u16 {
        self.0
    }
}

/// The items of a `;`-separated cell, trimmed, without the empty ones a trailing `;` leaves.
fn items(raw: &str) -> impl Iterator<Item = &str> {
    raw.split(';').map(str::trim).filter(|s| !s.is_empty())
}

/// Notes a problem once, however often the cell repeats it.
fn note(problems: &mut Vec<String>, problem: String) {
    if !problems.contains(&problem) {
        problems.push(problem);
    }
}

fn finish<T>(values: Vec<T>, mut problems: Vec<String>) -> Result<Vec<T>, Vec<String>> {
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

/// Folds text for searching in any script: compatibility-decomposed, without accents and other
/// combining marks, lower-cased, with single spaces. `Touré` and `TOURE` both give `toure`;
/// Arabic keeps its letters and loses its vowel marks.
///
/// Used on both the stored names and the query, so it only has to be consistent, not reversible.
pub fn search_key(text: &str) -> String {
    let folded = text
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The raw text of every expert field, exactly as a form or a spreadsheet row gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpertFields {
    pub external_ref: String,
    pub given_names: String,
    pub family_name: String,
    pub latin_name: String,
    pub gender: String,
    pub date_of_birth: String,
    pub nationalities: String,
    pub email: String,
    pub phone: String,
    pub years_experience: String,
    pub categories: String,
    pub skills: String,
    pub languages: String,
    pub notice_days: String,
    pub available_from: String,
    pub available_to: String,
}

/// The same fields, parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpertInput {
    pub external_ref: ExternalRef,
    pub given_names: PersonName,
    pub family_name: PersonName,
    pub latin_name: Option<PersonName>,
    pub gender: Gender,
    pub date_of_birth: NaiveDate,
    pub nationalities: Vec<MemberStateCode>,
    pub email: Email,
    pub phone: Option<Phone>,
    pub years_experience: u8,
    pub categories: Vec<Category>,
    pub skills: Vec<(Skill, SkillLevel)>,
    pub languages: Vec<(LanguageCode, Cefr)>,
    pub notice_days: u16,
    pub available_from: Option<NaiveDate>,
    pub available_to: Option<NaiveDate>,
}

/// What is wrong with one field; `field` is the column name of the upload format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Gathers the problems of every field, so one pass tells the clerk all that is wrong.
#[derive(Default)]
pub(crate) struct Problems(pub(crate) Vec<FieldError>);

impl Problems {
    pub(crate) fn take<T>(&mut self, field: &'static str, parsed: Result<T, String>) -> Option<T> {
        parsed
            .map_err(|m| self.0.push(FieldError::new(field, m)))
            .ok()
    }

    pub(crate) fn take_all<T>(
        &mut self,
        field: &'static str,
        parsed: Result<T, Vec<String>>,
    ) -> Option<T> {
        match parsed {
            Ok(value) => Some(value),
            Err(messages) => {
                let extra = messages.len().saturating_sub(PROBLEMS_PER_FIELD);
                self.0.extend(
                    messages
                        .into_iter()
                        .take(PROBLEMS_PER_FIELD)
                        .map(|m| FieldError::new(field, m)),
                );
                if extra > 0 {
                    self.0.push(FieldError::new(
                        field,
                        format!("and {extra} more problems in this cell"),
                    ));
                }
                None
            }
        }
    }
}

/// Empty or blank optional cells mean "not given".
pub(crate) fn optional<T>(
    raw: &str,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Result<Option<T>, String> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        parse(raw).map(Some)
    }
}

impl ExpertFields {
    /// The columns of the upload format, in the template's order.
    pub const COLUMNS: [&'static str; 16] = [
        "external_ref",
        "given_names",
        "family_name",
        "latin_name",
        "gender",
        "date_of_birth",
        "nationalities",
        "email",
        "phone",
        "years_experience",
        "categories",
        "skills",
        "languages",
        "notice_days",
        "available_from",
        "available_to",
    ];

    /// Parses every field and reports every bad one, each under its column name.
    pub fn parse(&self, today: NaiveDate) -> Result<ExpertInput, Vec<FieldError>> {
        let mut p = Problems::default();
        let external_ref = p.take("external_ref", ExternalRef::parse(&self.external_ref));
        let given_names = p.take("given_names", PersonName::parse(&self.given_names));
        let family_name = p.take("family_name", PersonName::parse(&self.family_name));
        let latin_name = p.take("latin_name", optional(&self.latin_name, PersonName::parse));
        let gender = p.take("gender", parse_gender(&self.gender));
        let date_of_birth = p.take(
            "date_of_birth",
            DateOfBirth::parse(&self.date_of_birth, today).map(DateOfBirth::get),
        );
        let nationalities = p.take_all("nationalities", parse_nationalities(&self.nationalities));
        let email = p.take("email", Email::parse(&self.email));
        let phone = p.take("phone", optional(&self.phone, Phone::parse));
        let years_experience = p.take(
            "years_experience",
            YearsExperience::parse(&self.years_experience).map(YearsExperience::get),
        );
        let categories = p.take_all("categories", parse_categories(&self.categories));
        let skills = p.take_all("skills", parse_skills(&self.skills));
        let languages = p.take_all("languages", parse_languages(&self.languages));
        let notice_days = p.take(
            "notice_days",
            NoticeDays::parse(&self.notice_days).map(NoticeDays::get),
        );
        let available_from = p.take(
            "available_from",
            optional(&self.available_from, parse_iso_date),
        );
        let available_to = p.take("available_to", optional(&self.available_to, parse_iso_date));
        if let (Some(Some(from)), Some(Some(to))) = (available_from, available_to)
            && to < from
        {
            p.0.push(FieldError::new(
                "available_to",
                format!("{to} is before available_from ({from})"),
            ));
        }
        let (
            Some(external_ref),
            Some(given_names),
            Some(family_name),
            Some(latin_name),
            Some(gender),
            Some(date_of_birth),
            Some(nationalities),
            Some(email),
            Some(phone),
            Some(years_experience),
            Some(categories),
            Some(skills),
            Some(languages),
            Some(notice_days),
            Some(available_from),
            Some(available_to),
            true,
        ) = (
            external_ref,
            given_names,
            family_name,
            latin_name,
            gender,
            date_of_birth,
            nationalities,
            email,
            phone,
            years_experience,
            categories,
            skills,
            languages,
            notice_days,
            available_from,
            available_to,
            p.0.is_empty(),
        )
        else {
            return Err(p.0);
        };
        Ok(ExpertInput {
            external_ref,
            given_names,
            family_name,
            latin_name,
            gender,
            date_of_birth,
            nationalities,
            email,
            phone,
            years_experience,
            categories,
            skills,
            languages,
            notice_days,
            available_from,
            available_to,
        })
    }
}

fn parse_gender(raw: &str) -> Result<Gender, String> {
    if raw.trim().is_empty() {
        return Err(REQUIRED.to_owned());
    }
    Gender::parse(raw).ok_or_else(|| {
        format!(
            "{} is not a gender; use female, male, other or undisclosed",
            quoted(raw.trim())
        )
    })
}

fn joined<T>(items: &[T], show: impl Fn(&T) -> String) -> String {
    items.iter().map(show).collect::<Vec<_>>().join(";")
}

/// The text a form shows for a parsed expert; parsing it again gives the same expert.
impl From<&ExpertInput> for ExpertFields {
    fn from(input: &ExpertInput) -> Self {
        let date = |d: Option<NaiveDate>| {
            d.map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default()
        };
        ExpertFields {
            external_ref: input.external_ref.as_str().to_owned(),
            given_names: input.given_names.as_str().to_owned(),
            family_name: input.family_name.as_str().to_owned(),
            latin_name: input
                .latin_name
                .as_ref()
                .map(|n| n.as_str().to_owned())
                .unwrap_or_default(),
            gender: input.gender.as_str().to_owned(),
            date_of_birth: date(Some(input.date_of_birth)),
            nationalities: joined(&input.nationalities, |c| c.as_str().to_owned()),
            email: input.email.as_str().to_owned(),
            phone: input
                .phone
                .as_ref()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default(),
            years_experience: input.years_experience.to_string(),
            categories: joined(&input.categories, |c| c.slug().to_owned()),
            skills: joined(&input.skills, |(s, l)| format!("{}:{}", s.slug(), l.get())),
            languages: joined(&input.languages, |(c, l)| {
                format!("{}:{}", c.as_str(), l.as_str())
            }),
            notice_days: input.notice_days.to_string(),
            available_from: date(input.available_from),
            available_to: date(input.available_to),
        }
    }
}

impl From<ExpertInput> for ExpertFields {
    fn from(input: ExpertInput) -> Self {
        Self::from(&input)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    fn today() -> NaiveDate {
        day("2026-11-29")
    }

    fn good_fields() -> ExpertFields {
        ExpertFields {
            external_ref: "CAN-2026-0042".into(),
            given_names: "Aminata".into(),
            family_name: "Touré".into(),
            latin_name: String::new(),
            gender: "female".into(),
            date_of_birth: "1979-03-14".into(),
            nationalities: "SEN;FRA".into(),
            email: "A.Toure@Example.org".into(),
            phone: "+221 77 123 45 67".into(),
            years_experience: "17".into(),
            categories: "prosecutor;financial-analyst".into(),
            skills: "money-laundering:3;asset-recovery:2".into(),
            languages: "fr:C2;en:B2;wo:C1".into(),
            notice_days: "3".into(),
            available_from: "2026-12-01".into(),
            available_to: "2027-06-30".into(),
        }
    }

    fn errors_of(fields: &ExpertFields) -> Vec<(&'static str, String)> {
        fields
            .parse(today())
            .expect_err("should be refused")
            .into_iter()
            .map(|e| (e.field, e.message))
            .collect()
    }

    #[test]
    fn names_in_every_script_are_kept_byte_for_byte() {
        let names = [
            "Nguyễn",
            "Nguye\u{302}\u{303}n",
            "Øyvind",
            "O'Brien",
            "الفارسي",
            "مُحَمَّد",
            "Παπαδόπουλος",
            "王",
            "Иванова",
            "Jean-Édouard de la Tour",
            "=cmd|' /C calc'!A0",
            "+Plus",
            "-Minus",
            "@At",
            "نرگس\u{200c}ها",
        ];
        for name in names {
            let parsed = PersonName::parse(name).expect("a valid name");
            assert_eq!(parsed.as_str().as_bytes(), name.as_bytes(), "{name:?}");
            let padded = PersonName::parse(&format!("  {name}\u{a0}")).expect("a valid name");
            assert_eq!(
                padded.as_str(),
                name,
                "surrounding spaces go, the rest stays"
            );
        }
    }

    #[test]
    fn names_are_one_to_two_hundred_characters_on_one_line() {
        let cases: [(String, Result<(), &str>); 8] = [
            ("A".into(), Ok(())),
            ("王".repeat(200), Ok(())),
            ("é".repeat(200), Ok(())),
            (
                "王".repeat(201),
                Err("is 201 characters long; the limit is 200"),
            ),
            ("".into(), Err("is required")),
            ("  \t ".into(), Err("is required")),
            (
                "Anna\nMaria".into(),
                Err("contains a line break, a tab or another control character"),
            ),
            (
                "Anna\tMaria".into(),
                Err("contains a line break, a tab or another control character"),
            ),
        ];
        for (raw, expected) in cases {
            let got = PersonName::parse(&raw).map(|_| ());
            assert_eq!(got, expected.map_err(str::to_owned), "{raw:?}");
        }
        assert!(PersonName::parse("Anna\u{2028}Maria").is_err());
    }

    #[test]
    fn external_references_are_one_to_sixty_four_characters() {
        assert_eq!(
            ExternalRef::parse(" CAN-2026-0042 ").map(|r| r.as_str().to_owned()),
            Ok("CAN-2026-0042".to_owned())
        );
        assert!(ExternalRef::parse(&"x".repeat(64)).is_ok());
        assert_eq!(
            ExternalRef::parse(&"x".repeat(65)),
            Err("is 65 characters long; the limit is 64".to_owned())
        );
        assert_eq!(ExternalRef::parse(""), Err("is required".to_owned()));
        assert!(ExternalRef::parse("A\u{0}B").is_err());
    }

    #[test]
    fn e_mail_addresses_are_checked_and_lower_cased() {
        let cases = [
            ("a.toure@example.org", Ok("a.toure@example.org")),
            ("  A.Toure@Example.ORG ", Ok("a.toure@example.org")),
            ("first+tag@sub.example.int", Ok("first+tag@sub.example.int")),
            ("", Err("is required".to_owned())),
            (
                "a.toure(at)example.org",
                Err("\"a.toure(at)example.org\" is not an e-mail address".to_owned()),
            ),
            (
                "a toure@example.org",
                Err("\"a toure@example.org\" is not an e-mail address".to_owned()),
            ),
            (
                "@example.org",
                Err("\"@example.org\" is not an e-mail address".to_owned()),
            ),
            ("a@", Err("\"a@\" is not an e-mail address".to_owned())),
        ];
        for (raw, expected) in cases {
            let got = Email::parse(raw);
            assert_eq!(
                got.as_ref().map(Email::as_str).map_err(Clone::clone),
                expected,
                "{raw:?}"
            );
        }
        let long = format!("{}@{}.org", "a".repeat(60), "b".repeat(200));
        assert_eq!(
            Email::parse(&long),
            Err("is 265 characters long; an e-mail address has at most 254".to_owned())
        );
    }

    #[test]
    fn phone_numbers_are_e164_after_dropping_the_grouping() {
        let cases = [
            ("+221771234567", Ok("+221771234567")),
            ("+221 77 123 45 67", Ok("+221771234567")),
            ("+1 (613) 555-0142", Ok("+16135550142")),
            ("+33.1.23.45.67.89", Ok("+33123456789")),
            ("+49\u{a0}30\u{a0}1234567", Ok("+49301234567")),
            ("+12345678", Ok("+12345678")),
            ("+123456789012345", Ok("+123456789012345")),
            (
                "0771234567",
                Err("\"0771234567\" must start with + and the country code; as in +221771234567"),
            ),
            (
                "00221771234567",
                Err(
                    "\"00221771234567\" must start with + and the country code; write +221771234567 instead",
                ),
            ),
            (
                "+1234567",
                Err("\"+1234567\" has 7 digits after the +; an international number has 8 to 15"),
            ),
            (
                "+1234567890123456",
                Err(
                    "\"+1234567890123456\" has 16 digits after the +; an international number has 8 to 15",
                ),
            ),
            (
                "+0221771234567",
                Err("\"+0221771234567\": a country code never starts with 0"),
            ),
            (
                "+221 77 CALL ME",
                Err(
                    "\"+221 77 CALL ME\" may only hold digits after the + (spaces, hyphens, dots and brackets are fine)",
                ),
            ),
            (
                "++221771234567",
                Err(
                    "\"++221771234567\" may only hold digits after the + (spaces, hyphens, dots and brackets are fine)",
                ),
            ),
        ];
        for (raw, expected) in cases {
            let got = Phone::parse(raw);
            assert_eq!(
                got.as_ref().map(Phone::as_str).map_err(String::as_str),
                expected,
                "{raw:?}"
            );
        }
    }

    #[test]
    fn iso_dates_are_strictly_year_month_day() {
        let cases = [
            ("1979-03-14", Ok(day("1979-03-14"))),
            (" 2024-02-29 ", Ok(day("2024-02-29"))),
            (
                "2023-02-29",
                Err("\"2023-02-29\" is not a day of the calendar"),
            ),
            (
                "2026-13-01",
                Err("\"2026-13-01\" is not a day of the calendar"),
            ),
            (
                "1979-3-14",
                Err("\"1979-3-14\" is not a date in the form YYYY-MM-DD, such as 1979-03-14"),
            ),
            (
                "14/03/1979",
                Err("\"14/03/1979\" is not a date in the form YYYY-MM-DD, such as 1979-03-14"),
            ),
            (
                "1979-03-14T00:00",
                Err(
                    "\"1979-03-14T00:00\" is not a date in the form YYYY-MM-DD, such as 1979-03-14",
                ),
            ),
            (
                "+1979-03-14",
                Err("\"+1979-03-14\" is not a date in the form YYYY-MM-DD, such as 1979-03-14"),
            ),
            ("", Err("is required")),
        ];
        for (raw, expected) in cases {
            assert_eq!(
                parse_iso_date(raw),
                expected.map_err(str::to_owned),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn age_counts_birthdays_including_the_twenty_ninth_of_february() {
        let cases = [
            ("1979-03-14", "2026-03-13", 46),
            ("1979-03-14", "2026-03-14", 47),
            ("2004-02-29", "2025-02-28", 20),
            ("2004-02-29", "2025-03-01", 21),
            ("2004-02-29", "2028-02-28", 23),
            ("2004-02-29", "2028-02-29", 24),
            ("2000-12-31", "2001-01-01", 0),
        ];
        for (born, on, age) in cases {
            assert_eq!(age_on(day(born), day(on)), age, "{born} on {on}");
        }
    }

    #[test]
    fn date_of_birth_makes_the_candidate_twenty_one_to_eighty() {
        let cases = [
            ("2005-11-29", "2026-11-29", Ok(())),
            (
                "2005-11-30",
                "2026-11-29",
                Err("age must be 21 to 80 on 2026-11-29 (this date makes them 20)"),
            ),
            (
                "2007-06-01",
                "2026-11-29",
                Err("age must be 21 to 80 on 2026-11-29 (this date makes them 19)"),
            ),
            ("1946-11-30", "2026-11-29", Ok(())),
            ("1946-11-29", "2026-11-29", Ok(())),
            ("1945-11-30", "2026-11-29", Ok(())),
            (
                "1945-11-29",
                "2026-11-29",
                Err("age must be 21 to 80 on 2026-11-29 (this date makes them 81)"),
            ),
            (
                "2004-02-29",
                "2025-02-28",
                Err("age must be 21 to 80 on 2025-02-28 (this date makes them 20)"),
            ),
            ("2004-02-29", "2025-03-01", Ok(())),
            (
                "2027-01-01",
                "2026-11-29",
                Err("2027-01-01 is after today (2026-11-29)"),
            ),
            (
                "29/02/2004",
                "2026-11-29",
                Err("\"29/02/2004\" is not a date in the form YYYY-MM-DD, such as 1979-03-14"),
            ),
        ];
        for (born, on, expected) in cases {
            let got = DateOfBirth::parse(born, day(on)).map(|_| ());
            assert_eq!(got, expected.map_err(str::to_owned), "{born} on {on}");
        }
    }

    #[test]
    fn experience_and_notice_are_whole_numbers_in_range() {
        let years = [
            ("0", Ok(0)),
            ("60", Ok(60)),
            (" 12 ", Ok(12)),
            ("61", Err("61 is more than 60 years")),
            ("99999", Err("99999 is more than 60 years")),
            (
                "3.5",
                Err("\"3.5\" is not a whole number of years from 0 to 60"),
            ),
            (
                "-1",
                Err("\"-1\" is not a whole number of years from 0 to 60"),
            ),
            (
                "twelve",
                Err("\"twelve\" is not a whole number of years from 0 to 60"),
            ),
            ("", Err("is required")),
        ];
        for (raw, expected) in years {
            let got = YearsExperience::parse(raw).map(YearsExperience::get);
            assert_eq!(got, expected.map_err(str::to_owned), "{raw:?}");
        }
        let notice = [
            ("0", Ok(0)),
            ("365", Ok(365)),
            ("366", Err("366 is more than 365 days")),
            (
                "1e2",
                Err("\"1e2\" is not a whole number of days from 0 to 365"),
            ),
            (
                "+3",
                Err("\"+3\" is not a whole number of days from 0 to 365"),
            ),
            (" ", Err("is required")),
        ];
        for (raw, expected) in notice {
            let got = NoticeDays::parse(raw).map(NoticeDays::get);
            assert_eq!(got, expected.map_err(str::to_owned), "{raw:?}");
        }
    }

    #[test]
    fn nationalities_are_distinct_three_letter_codes() {
        let ok = |raw: &str| -> Vec<String> {
            parse_nationalities(raw)
                .expect("valid")
                .iter()
                .map(|c| c.as_str().to_owned())
                .collect()
        };
        assert_eq!(ok("SEN;FRA"), ["FRA", "SEN"]);
        assert_eq!(ok(" sen ; fra ;"), ["FRA", "SEN"]);
        assert_eq!(ok("CAN"), ["CAN"]);
        let cases: [(&str, &[&str]); 6] = [
            (
                "SEN;XX",
                &["\"SEN;XX\" — \"XX\" is not a three-letter country code"],
            ),
            ("XX", &["\"XX\" is not a three-letter country code"]),
            ("SEN;sen", &["\"SEN;sen\" — SEN is listed twice"]),
            (
                "SEN,FRA",
                &["\"SEN,FRA\" is not a three-letter country code"],
            ),
            ("", &["is required"]),
            (" ; ;", &["is required"]),
        ];
        for (raw, expected) in cases {
            assert_eq!(
                parse_nationalities(raw),
                Err(expected.iter().map(|s| (*s).to_owned()).collect()),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn categories_are_distinct_slugs_of_the_template() {
        assert_eq!(
            parse_categories("prosecutor;Financial-Analyst;"),
            Ok(vec![Category::FinancialAnalyst, Category::Prosecutor])
        );
        let cases: [(&str, &[&str]); 4] = [
            (
                "judge;astronaut",
                &["\"astronaut\" is not a category; use one of the template's category slugs"],
            ),
            ("judge;judge", &["judge is listed twice"]),
            (
                "judge;x;judge",
                &[
                    "\"x\" is not a category; use one of the template's category slugs",
                    "judge is listed twice",
                ],
            ),
            (";", &["is required"]),
        ];
        for (raw, expected) in cases {
            assert_eq!(
                parse_categories(raw),
                Err(expected.iter().map(|s| (*s).to_owned()).collect()),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn skills_are_distinct_slugs_with_a_level_from_one_to_four() {
        let level = |n| SkillLevel::new(n).expect("level");
        assert_eq!(
            parse_skills("money-laundering:3; asset-recovery : 2 ;"),
            Ok(vec![
                (Skill::AssetRecovery, level(2)),
                (Skill::MoneyLaundering, level(3))
            ])
        );
        assert_eq!(parse_skills(""), Ok(vec![]));
        assert_eq!(parse_skills(" ; "), Ok(vec![]));
        let cases: [(&str, &[&str]); 7] = [
            (
                "money-laundering:5",
                &["level 5 is not between 1 and 4 in \"money-laundering:5\""],
            ),
            (
                "money-laundering:high",
                &["\"high\" is not a level between 1 and 4 in \"money-laundering:high\""],
            ),
            (
                "money-laundering:",
                &["a level between 1 and 4 is required in \"money-laundering:\""],
            ),
            (
                "frog:2",
                &["\"frog\" is not a skill; use one of the template's skill slugs"],
            ),
            (
                "frog",
                &["\"frog\" is not a skill; use one of the template's skill slugs"],
            ),
            (
                "cybercrime",
                &["\"cybercrime\" needs a level from 1 to 4, as in \"cybercrime:3\""],
            ),
            ("cybercrime:1;cybercrime:4", &["cybercrime is listed twice"]),
        ];
        for (raw, expected) in cases {
            assert_eq!(
                parse_skills(raw),
                Err(expected.iter().map(|s| (*s).to_owned()).collect()),
                "{raw:?}"
            );
        }
        assert_eq!(
            parse_skills("frog:9").map_err(|e| e.len()),
            Err(2),
            "an unknown skill and a bad level are both reported"
        );
    }

    #[test]
    fn languages_are_distinct_codes_with_a_cefr_level_strongest_first() {
        let got: Vec<(String, Cefr)> = parse_languages("en:B2; fr:c2 ;wo:C1;ar:B2;")
            .expect("valid")
            .into_iter()
            .map(|(c, l)| (c.as_str().to_owned(), l))
            .collect();
        assert_eq!(
            got,
            [
                ("fr".to_owned(), Cefr::C2),
                ("wo".to_owned(), Cefr::C1),
                ("ar".to_owned(), Cefr::B2),
                ("en".to_owned(), Cefr::B2)
            ]
        );
        let cases: [(&str, &[&str]); 6] = [
            (
                "fr:B3",
                &["\"B3\" is not a CEFR level (A1, A2, B1, B2, C1, C2)"],
            ),
            (
                "fra:C1",
                &["\"fra\" is not a two-letter language code (ISO 639-1, such as en or fr)"],
            ),
            ("fr", &["\"fr\" needs a CEFR level, as in \"fr:B2\""]),
            (
                "french",
                &["\"french\" is not a two-letter language code (ISO 639-1, such as en or fr)"],
            ),
            ("fr:C2;FR:B1", &["fr is listed twice"]),
            ("", &["is required"]),
        ];
        for (raw, expected) in cases {
            assert_eq!(
                parse_languages(raw),
                Err(expected.iter().map(|s| (*s).to_owned()).collect()),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn search_keys_ignore_accents_case_and_spacing_in_every_script() {
        let cases = [
            ("Touré", "toure"),
            ("  Aminata \t  TOURÉ\n", "aminata toure"),
            ("NGUYỄN", "nguyen"),
            ("Nguye\u{302}\u{303}n Thị", "nguyen thi"),
            ("Øyvind", "øyvind"),
            ("O'Brien", "o'brien"),
            ("الفارسي", "الفارسي"),
            ("مُحَمَّد", "محمد"),
            ("ΠΑΠΑΔΌΠΟΥΛΟΣ", "παπαδοπουλος"),
            ("Παπαδόπουλος", "παπαδοπουλος"),
            ("Иванова", "иванова"),
            ("Ёлкин", "елкин"),
            ("王", "王"),
            ("ﬁnn\u{a0}Łukasz", "finn łukasz"),
            ("", ""),
        ];
        for (text, key) in cases {
            assert_eq!(search_key(text), key, "{text:?}");
        }
    }

    #[test]
    fn bad_values_are_echoed_at_most_sixty_characters() {
        let long = "x".repeat(100);
        let message = Email::parse(&long).expect_err("invalid");
        assert_eq!(
            message,
            format!("\"{}…\" is not an e-mail address", "x".repeat(60))
        );
        assert_eq!(shown("a\nb"), "a\u{FFFD}b");
    }

    #[test]
    fn a_good_row_parses_into_typed_values() {
        let input = good_fields().parse(today()).expect("valid");
        assert_eq!(input.family_name.as_str(), "Touré");
        assert_eq!(input.email.as_str(), "a.toure@example.org");
        assert_eq!(
            input.phone.as_ref().map(Phone::as_str),
            Some("+221771234567")
        );
        assert_eq!(input.date_of_birth, day("1979-03-14"));
        assert_eq!(input.years_experience, 17);
        assert_eq!(input.notice_days, 3);
        assert_eq!(
            input.categories,
            [Category::FinancialAnalyst, Category::Prosecutor]
        );
        assert_eq!(input.latin_name, None);
        assert_eq!(input.available_to, Some(day("2027-06-30")));
    }

    #[test]
    fn optional_fields_left_blank_are_not_given() {
        let fields = ExpertFields {
            latin_name: "  ".into(),
            phone: String::new(),
            skills: " ".into(),
            available_from: String::new(),
            available_to: "\t".into(),
            ..good_fields()
        };
        let input = fields.parse(today()).expect("valid");
        assert_eq!(
            (
                input.latin_name,
                input.phone,
                input.skills,
                input.available_from,
                input.available_to
            ),
            (None, None, vec![], None, None)
        );
    }

    #[test]
    fn every_bad_field_is_reported_under_its_column_name() {
        let fields = ExpertFields {
            external_ref: String::new(),
            given_names: "\n".into(),
            family_name: "a\tb".into(),
            latin_name: "x".repeat(201),
            gender: "f".into(),
            date_of_birth: "2007-06-01".into(),
            nationalities: "SEN;XX".into(),
            email: "nobody".into(),
            phone: "12".into(),
            years_experience: "3.5".into(),
            categories: "astronaut".into(),
            skills: "money-laundering:5".into(),
            languages: "fr:B3".into(),
            notice_days: "-1".into(),
            available_from: "2026-13-01".into(),
            available_to: "soon".into(),
        };
        let errors = errors_of(&fields);
        let columns: Vec<&str> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(columns, ExpertFields::COLUMNS);
        let messages: Vec<&str> = errors.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(messages[0], "is required");
        assert_eq!(messages[1], "is required");
        assert_eq!(
            messages[4],
            "\"f\" is not a gender; use female, male, other or undisclosed"
        );
        assert_eq!(
            messages[5],
            "age must be 21 to 80 on 2026-11-29 (this date makes them 19)"
        );
        assert_eq!(
            messages[6],
            "\"SEN;XX\" — \"XX\" is not a three-letter country code"
        );
        assert_eq!(
            messages[11],
            "level 5 is not between 1 and 4 in \"money-laundering:5\""
        );
        assert_eq!(
            messages[12],
            "\"B3\" is not a CEFR level (A1, A2, B1, B2, C1, C2)"
        );
    }

    #[test]
    fn availability_cannot_end_before_it_starts() {
        let fields = ExpertFields {
            available_from: "2027-06-30".into(),
            available_to: "2026-12-01".into(),
            ..good_fields()
        };
        assert_eq!(
            errors_of(&fields),
            [(
                "available_to",
                "2026-12-01 is before available_from (2027-06-30)".to_owned()
            )]
        );
        let same_day = ExpertFields {
            available_from: "2027-01-01".into(),
            available_to: "2027-01-01".into(),
            ..good_fields()
        };
        assert!(same_day.parse(today()).is_ok());
    }

    #[test]
    fn a_cell_full_of_mistakes_reports_five_and_counts_the_rest() {
        let fields = ExpertFields {
            categories: (1..=9)
                .map(|n| format!("x{n}"))
                .collect::<Vec<_>>()
                .join(";"),
            ..good_fields()
        };
        let errors = errors_of(&fields);
        assert_eq!(errors.len(), 6);
        assert!(errors.iter().all(|(f, _)| *f == "categories"));
        assert_eq!(errors[5].1, "and 4 more problems in this cell");
    }

    #[test]
    fn field_errors_name_only_columns_of_the_upload_format() {
        let fields = ExpertFields::default();
        for e in fields.parse(today()).expect_err("empty") {
            assert!(ExpertFields::COLUMNS.contains(&e.field), "{}", e.field);
        }
    }

    #[test]
    fn a_parsed_row_prints_back_to_fields_that_parse_the_same() {
        let input = good_fields().parse(today()).expect("valid");
        let fields = ExpertFields::from(&input);
        assert_eq!(fields.nationalities, "FRA;SEN");
        assert_eq!(fields.languages, "fr:C2;wo:C1;en:B2");
        assert_eq!(fields.phone, "+221771234567");
        assert_eq!(fields.parse(today()), Ok(input));
    }

    #[test]
    fn the_parsed_expert_survives_json() {
        let input = good_fields().parse(today()).expect("valid");
        let text = serde_json::to_string(&input).expect("serialises");
        let back: ExpertInput = serde_json::from_str(&text).expect("deserialises");
        assert_eq!(back, input);
        let tampered = text.replace("+221771234567", "12");
        assert!(serde_json::from_str::<ExpertInput>(&tampered).is_err());
    }

    fn name() -> impl Strategy<Value = PersonName> {
        prop_oneof![
            "[A-Za-z][A-Za-z' -]{0,30}[a-z]",
            "[\\p{Arabic}\\p{Cyrillic}\\p{Greek}\\p{Han}]{1,12}",
            "[^\\p{Cc}\\s][^\\p{Cc}\u{2028}\u{2029}]{0,40}",
        ]
        .prop_filter_map("a valid name", |s| PersonName::parse(&s).ok())
    }

    fn expert_input() -> impl Strategy<Value = ExpertInput> {
        let today = today();
        let people = (
            "[A-Z]{3}-[0-9]{4}-[0-9]{1,6}".prop_filter_map("ref", |s| ExternalRef::parse(&s).ok()),
            name(),
            name(),
            proptest::option::of(name()),
            proptest::sample::select(Gender::ALL.to_vec()),
            (today.year() - 81..=today.year() - 21, 1u32..=12, 1u32..=31).prop_filter_map(
                "an adult's birthday",
                move |(y, m, d)| {
                    NaiveDate::from_ymd_opt(y, m, d)
                        .filter(|born| (21..=80).contains(&age_on(*born, today)))
                },
            ),
            proptest::collection::btree_set("[A-Z]{3}", 1..4),
            "[a-z0-9._+-]{1,20}@[a-z0-9]{1,12}\\.(org|int|com)"
                .prop_filter_map("an address", |s| Email::parse(&s).ok()),
            proptest::option::of(
                "\\+[1-9][0-9]{7,14}".prop_filter_map("a number", |s| Phone::parse(&s).ok()),
            ),
        );
        let work = (
            0u8..=60,
            proptest::sample::subsequence(Category::ALL.to_vec(), 1..=3),
            proptest::sample::subsequence(Skill::ALL.to_vec(), 0..=4),
            proptest::collection::vec(1u8..=4, 4),
            proptest::collection::btree_map("[a-z]{2}", 1u8..=6, 1..4),
            0u16..=365,
            proptest::option::of((0i64..400, 0i64..400)),
        );
        (people, work).prop_map(
            move |(
                (
                    external_ref,
                    given_names,
                    family_name,
                    latin_name,
                    gender,
                    date_of_birth,
                    states,
                    email,
                    phone,
                ),
                (years_experience, mut categories, skills, levels, langs, notice_days, window),
            )| {
                categories.sort_by_key(|c| c.slug());
                let mut skills: Vec<(Skill, SkillLevel)> = skills
                    .into_iter()
                    .zip(levels)
                    .map(|(s, l)| (s, SkillLevel::new(l).expect("1 to 4")))
                    .collect();
                skills.sort_by_key(|(s, _)| s.slug());
                let mut languages: Vec<(LanguageCode, Cefr)> = langs
                    .into_iter()
                    .map(|(c, r)| {
                        (
                            LanguageCode::parse(&c).expect("two letters"),
                            Cefr::from_rank(r).expect("1 to 6"),
                        )
                    })
                    .collect();
                languages.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                let (available_from, available_to) = match window {
                    Some((start, length)) => {
                        let from = today + chrono::Days::new(start as u64);
                        (Some(from), Some(from + chrono::Days::new(length as u64)))
                    }
                    None => (None, None),
                };
                ExpertInput {
                    external_ref,
                    given_names,
                    family_name,
                    latin_name,
                    gender,
                    date_of_birth,
                    nationalities: states
                        .into_iter()
                        .map(|s| MemberStateCode::parse(&s).expect("three letters"))
                        .collect(),
                    email,
                    phone,
                    years_experience,
                    categories,
                    skills,
                    languages,
                    notice_days,
                    available_from,
                    available_to,
                }
            },
        )
    }

    proptest! {
        #[test]
        fn any_valid_expert_round_trips_through_its_fields(input in expert_input()) {
            let fields = ExpertFields::from(&input);
            prop_assert_eq!(fields.parse(today()), Ok(input));
        }

        #[test]
        fn whatever_is_typed_parsing_never_panics_and_what_parses_prints_back_the_same(
            cells in proptest::collection::vec("\\PC{0,12}|[a-z:;0-9+ -]{0,20}", 16)
        ) {
            let fields = ExpertFields {
                external_ref: cells[0].clone(),
                given_names: cells[1].clone(),
                family_name: cells[2].clone(),
                latin_name: cells[3].clone(),
                gender: cells[4].clone(),
                date_of_birth: cells[5].clone(),
                nationalities: cells[6].clone(),
                email: cells[7].clone(),
                phone: cells[8].clone(),
                years_experience: cells[9].clone(),
                categories: cells[10].clone(),
                skills: cells[11].clone(),
                languages: cells[12].clone(),
                notice_days: cells[13].clone(),
                available_from: cells[14].clone(),
                available_to: cells[15].clone(),
            };
            match fields.parse(today()) {
                Ok(input) => prop_assert_eq!(ExpertFields::from(&input).parse(today()), Ok(input)),
                Err(errors) => prop_assert!(!errors.is_empty()),
            }
        }

        #[test]
        fn search_keys_are_stable_under_folding_again(text in "\\PC{0,30}") {
            let key = search_key(&text);
            prop_assert_eq!(search_key(&key), key.clone());
            prop_assert_eq!(key.trim(), key.as_str());
        }
    }
}
