//! Member states and countries, named by their ISO 3166-1 alpha-3 code.
use serde::{Deserialize, Serialize};
use std::fmt;

/// An ISO 3166-1 alpha-3 code such as `CAN`: three Latin letters, kept upper-case.
///
/// Whether the code names a known country is a question for the reference data, not for the parser.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MemberStateCode(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a country code is three letters, such as CAN or SEN")]
pub struct InvalidStateCode;

impl MemberStateCode {
    pub fn parse(raw: &str) -> Result<Self, InvalidStateCode> {
        let code = raw.trim();
        if code.len() == 3 && code.bytes().all(|b| b.is_ascii_alphabetic()) {
            Ok(Self(code.to_ascii_uppercase()))
        } else {
            Err(InvalidStateCode)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for MemberStateCode {
    type Error = InvalidStateCode;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<MemberStateCode> for String {
    fn from(code: MemberStateCode) -> Self {
        code.0
    }
}

impl fmt::Display for MemberStateCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A country of the reference list (ISO 3166-1 with its UN M49 region), as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    pub code: String,
    pub name: String,
    pub region: String,
    pub subregion: String,
    /// One of the 193 UN member states, which alone nominate experts.
    pub un_member: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_three_letters_and_upper_cased() {
        let cases = [
            ("CAN", Some("CAN")),
            ("sen", Some("SEN")),
            (" fra ", Some("FRA")),
            ("CA", None),
            ("CANA", None),
            ("C4N", None),
            ("", None),
            ("ÇAN", None),
        ];
        for (raw, expected) in cases {
            let got = MemberStateCode::parse(raw).ok();
            assert_eq!(
                got.as_ref().map(MemberStateCode::as_str),
                expected,
                "input {raw:?}"
            );
        }
    }
}
