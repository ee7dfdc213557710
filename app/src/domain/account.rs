//! Values that make up a user account: e-mail, display name, password; each parsed on construction.
use serde::{Deserialize, Serialize};
use std::fmt;

/// An e-mail address, trimmed and lower-cased so that one person has one account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("enter an e-mail address")]
    Empty,
    #[error("an e-mail address is at most 254 characters")]
    TooLong,
    #[error("this is not an e-mail address (expected name@domain.org)")]
    Malformed,
}

impl Email {
    pub fn parse(raw: &str) -> Result<Self, EmailError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(EmailError::Empty);
        }
        if s.chars().count() > 254 {
            return Err(EmailError::TooLong);
        }
        let (local, domain) = s.split_once('@').ok_or(EmailError::Malformed)?;
        let well_formed = !local.is_empty()
            && local.chars().count() <= 64
            && !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && s.chars().all(|c| !c.is_whitespace() && !c.is_control())
            && !s.contains(['<', '>', ',', ';', '"', '(', ')', '[', ']', '\\']);
        if !well_formed {
            return Err(EmailError::Malformed);
        }
        Ok(Self(s.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = EmailError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Email> for String {
    fn from(e: Email) -> Self {
        e.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A name shown for an account: any script, kept exactly as written apart from surrounding spaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DisplayName(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DisplayNameError {
    #[error("enter a name")]
    Empty,
    #[error("a name is at most 200 characters")]
    TooLong,
    #[error("a name cannot contain control characters")]
    ControlCharacter,
}

impl DisplayName {
    pub fn parse(raw: &str) -> Result<Self, DisplayNameError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(DisplayNameError::Empty);
        }
        if s.chars().count() > 200 {
            return Err(DisplayNameError::TooLong);
        }
        if s.chars().any(char::is_control) {
            return Err(DisplayNameError::ControlCharacter);
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for DisplayName {
    type Error = DisplayNameError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<DisplayName> for String {
    fn from(n: DisplayName) -> Self {
        n.0
    }
}

/// A new password: long enough to resist guessing, short enough that hashing it cannot be abused.
///
/// Deliberately not `Serialize` and with a redacting `Debug`, so it never lands in a log or a response.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

pub const PASSWORD_MIN_CHARS: usize = 12;
pub const PASSWORD_MAX_CHARS: usize = 128;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("a password has at least 12 characters")]
    TooShort,
    #[error("a password has at most 128 characters")]
    TooLong,
    #[error("a password cannot be only spaces")]
    Blank,
}

impl NewPassword {
    pub fn parse(raw: &str) -> Result<Self, PasswordError> {
        let n = raw.chars().count();
        if raw.trim().is_empty() && n > 0 {
            return Err(PasswordError::Blank);
        }
        if n < PASSWORD_MIN_CHARS {
            return Err(PasswordError::TooShort);
        }
        if n > PASSWORD_MAX_CHARS {
            return Err(PasswordError::TooLong);
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn email_addresses_are_checked_and_normalised() {
        let cases: &[(&str, Result<&str, EmailError>)] = &[
            ("a.toure@example.org", Ok("a.toure@example.org")),
            ("  A.Toure@Example.ORG ", Ok("a.toure@example.org")),
            ("", Err(EmailError::Empty)),
            ("   ", Err(EmailError::Empty)),
            ("no-at-sign.org", Err(EmailError::Malformed)),
            ("two@@example.org", Err(EmailError::Malformed)),
            ("@example.org", Err(EmailError::Malformed)),
            ("name@localhost", Err(EmailError::Malformed)),
            ("name@.example.org", Err(EmailError::Malformed)),
            ("name@example..org", Err(EmailError::Malformed)),
            ("na me@example.org", Err(EmailError::Malformed)),
            ("name@example.org>", Err(EmailError::Malformed)),
            ("jean-françois@exemple.fr", Ok("jean-françois@exemple.fr")),
        ];
        for (raw, expected) in cases {
            let got = Email::parse(raw);
            assert_eq!(
                got.as_ref().map(Email::as_str),
                expected.as_ref().map(|s| *s),
                "input {raw:?}"
            );
        }
    }

    #[test]
    fn an_overlong_email_is_refused() {
        let raw = format!("{}@example.org", "a".repeat(250));
        assert_eq!(Email::parse(&raw), Err(EmailError::TooLong));
    }

    #[test]
    fn display_names_keep_their_script_and_accents() {
        for name in [
            "Aminata Touré",
            "Nguyễn Văn An",
            "Øyvind O'Brien",
            "أحمد الفارسي",
            "Ирина Петрова",
            "王小明",
        ] {
            assert_eq!(
                DisplayName::parse(name).map(|n| n.as_str().to_owned()),
                Ok(name.to_owned())
            );
        }
        assert_eq!(DisplayName::parse("  "), Err(DisplayNameError::Empty));
        assert_eq!(
            DisplayName::parse("a\u{0007}b"),
            Err(DisplayNameError::ControlCharacter)
        );
        assert_eq!(
            DisplayName::parse(&"x".repeat(201)),
            Err(DisplayNameError::TooLong)
        );
    }

    #[test]
    fn passwords_have_bounded_length() {
        assert_eq!(NewPassword::parse("short"), Err(PasswordError::TooShort));
        assert_eq!(
            NewPassword::parse("            "),
            Err(PasswordError::Blank)
        );
        assert!(NewPassword::parse("correct horse battery").is_ok());
        assert!(
            NewPassword::parse("éééééééééééé").is_ok(),
            "length counts characters, not bytes"
        );
        assert_eq!(
            NewPassword::parse(&"x".repeat(129)),
            Err(PasswordError::TooLong)
        );
    }

    #[test]
    fn a_password_never_shows_in_debug_output() {
        let p = NewPassword::parse("correct horse battery").expect("valid");
        assert!(!format!("{p:?}").contains("horse"));
    }

    proptest! {
        #[test]
        fn parsed_emails_parse_again_to_themselves(local in "[a-z0-9._-]{1,20}", domain in "[a-z0-9-]{1,20}\\.[a-z]{2,6}") {
            let first = Email::parse(&format!("{local}@{domain}")).expect("generated address is valid");
            let second = Email::parse(first.as_str()).expect("a parsed address stays valid");
            prop_assert_eq!(first, second);
        }

        #[test]
        fn email_parsing_never_panics(raw in "\\PC{0,300}") {
            let _ = Email::parse(&raw);
        }
    }
}
