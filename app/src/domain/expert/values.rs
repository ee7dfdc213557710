//! One-value fields: names, references, e-mail, phone, dates and whole numbers, each parsed on construction.
use super::*;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

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
pub(super) fn whole_number(raw: &str, max: u16, unit: &str) -> Result<u16, String> {
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
