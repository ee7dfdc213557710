//! The whole expert form: the raw fields as a form or upload row gives them, the parsed input, and the field errors.
use super::*;
use crate::domain::{
    member_state::MemberStateCode,
    taxonomy::{Category, Cefr, Gender, LanguageCode, Skill, SkillLevel},
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

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

pub(super) fn parse_gender(raw: &str) -> Result<Gender, String> {
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

pub(super) fn joined<T>(items: &[T], show: impl Fn(&T) -> String) -> String {
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
