//! The second factor at sign-in: who must have one, what a typed code is, which time steps a
//! one-time code (RFC 6238: HMAC-SHA1, 6 digits, 30 seconds) may belong to, that none is used
//! twice, and the form of the single-use recovery codes.
use super::permissions::Role;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Seconds per code.
pub const STEP_SECONDS: u64 = 30;
/// Digits per code.
pub const DIGITS: usize = 6;
/// Recovery codes handed out at enrolment.
pub const RECOVERY_CODES: usize = 10;
/// Letters of a recovery code (shown as two groups of five).
pub const RECOVERY_LEN: usize = 10;
/// Recovery codes are drawn from lower-case letters and digits without look-alikes (0/o, 1/l/i).
pub const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
/// The name an authenticator app shows for the account.
pub const ISSUER: &str = "Blue Suits";

/// Staff accounts read personal data of people sent into danger: they must use a second factor
/// unless the operator switched the requirement off. Experts may enrol; it is not required.
pub fn required(role: Role, require_for_staff: bool) -> bool {
    require_for_staff && role != Role::Expert
}

/// Where a signed-in password leaves a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Signed in.
    Complete,
    /// The password was right; a code from the enrolled factor is asked next.
    SecondFactor,
    /// The password was right, a factor is required and none is enrolled yet.
    Enrol,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Complete => "complete",
            Stage::SecondFactor => "second_factor",
            Stage::Enrol => "enrol",
        }
    }

    pub fn parse(raw: &str) -> Option<Stage> {
        [Stage::Complete, Stage::SecondFactor, Stage::Enrol]
            .into_iter()
            .find(|s| s.as_str() == raw)
    }

    /// The page that finishes this stage.
    pub fn page(self) -> &'static str {
        match self {
            Stage::Complete => "/",
            Stage::SecondFactor => "/login/code",
            Stage::Enrol => "/login/enrol",
        }
    }
}

/// The stage right after the password: an enrolled factor is always asked for.
pub fn after_password(enrolled: bool, role: Role, require_for_staff: bool) -> Stage {
    if enrolled {
        Stage::SecondFactor
    } else if required(role, require_for_staff) {
        Stage::Enrol
    } else {
        Stage::Complete
    }
}

/// What a person typed in the code field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Code {
    /// Six digits from the authenticator app.
    OneTime(String),
    /// A recovery code, normalised (lower case, no spaces or hyphens).
    Recovery(String),
}

/// Reads a typed code: spaces and hyphens are ignored, letters' case too.
pub fn parse_code(raw: &str) -> Result<Code, &'static str> {
    let compact: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_ascii_lowercase();
    if compact.is_empty() {
        return Err("enter the six-digit code from your app, or a recovery code");
    }
    if compact.len() == DIGITS && compact.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(Code::OneTime(compact));
    }
    if compact.len() == RECOVERY_LEN && compact.bytes().all(|b| RECOVERY_ALPHABET.contains(&b)) {
        return Ok(Code::Recovery(compact));
    }
    Err("a code is six digits from your app, or a ten-letter recovery code")
}

/// The time step a moment falls in.
pub fn step_of(unix_seconds: u64) -> u64 {
    unix_seconds / STEP_SECONDS
}

/// The steps a one-time code typed at `now_step` may belong to, newest first: the current one and
/// one either side (a phone's clock a little off still works), but none at or before the last
/// step used, so a code seen over a shoulder cannot be replayed within its window.
pub fn acceptable_steps(now_step: u64, last_used: Option<u64>) -> Vec<u64> {
    [
        now_step.saturating_add(1),
        now_step,
        now_step.saturating_sub(1),
    ]
    .into_iter()
    .filter(|s| last_used.is_none_or(|last| *s > last))
    .fold(Vec::new(), |mut acc, s| {
        if !acc.contains(&s) {
            acc.push(s);
        }
        acc
    })
}

/// A recovery code as shown and downloaded: two groups of five.
pub fn show_recovery(code: &str) -> String {
    let (a, b) = code.split_at(code.len().min(RECOVERY_LEN / 2));
    format!("{a}-{b}")
}

/// Characters kept as they are in an otpauth label and parameters.
const OTPAUTH: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_');

/// The `otpauth://` address an authenticator app reads from the enrolment QR code.
pub fn otpauth_uri(account: &str, secret_base32: &str) -> String {
    let issuer = utf8_percent_encode(ISSUER, OTPAUTH);
    let account = utf8_percent_encode(account, OTPAUTH);
    format!(
        "otpauth://totp/{issuer}:{account}?secret={secret_base32}&issuer={issuer}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn staff_need_a_second_factor_unless_it_is_switched_off_and_experts_never_do() {
        for role in Role::ALL {
            assert_eq!(required(role, true), role != Role::Expert, "{role:?}");
            assert!(!required(role, false), "{role:?}");
        }
    }

    #[test]
    fn after_the_password_comes_the_code_or_the_enrolment() {
        use Stage::*;
        let cases = [
            (true, Role::Expert, false, SecondFactor),
            (true, Role::Secretariat, false, SecondFactor),
            (false, Role::Secretariat, true, Enrol),
            (false, Role::MissionPlanner, true, Enrol),
            (false, Role::RosterManager, true, Enrol),
            (false, Role::Expert, true, Complete),
            (false, Role::Secretariat, false, Complete),
        ];
        for (enrolled, role, required, stage) in cases {
            assert_eq!(after_password(enrolled, role, required), stage, "{role:?}");
        }
        for s in [Complete, SecondFactor, Enrol] {
            assert_eq!(Stage::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn typed_codes_are_read_whatever_the_spacing() {
        let cases = [
            ("123456", Ok(Code::OneTime("123456".into()))),
            (" 123 456 ", Ok(Code::OneTime("123456".into()))),
            ("abcde-fghjk", Ok(Code::Recovery("abcdefghjk".into()))),
            ("ABCDE FGHJK", Ok(Code::Recovery("abcdefghjk".into()))),
            ("", Err(())),
            ("12345", Err(())),
            ("1234567", Err(())),
            ("abcde-fghj0", Err(())),
            ("12345a", Err(())),
        ];
        for (raw, expected) in cases {
            assert_eq!(parse_code(raw).map_err(|_| ()), expected, "{raw:?}");
        }
    }

    #[test]
    fn a_code_is_taken_from_its_own_step_or_one_either_side_and_never_again() {
        assert_eq!(acceptable_steps(100, None), [101, 100, 99]);
        assert_eq!(acceptable_steps(100, Some(99)), [101, 100]);
        assert_eq!(acceptable_steps(100, Some(100)), [101]);
        assert_eq!(acceptable_steps(100, Some(101)), Vec::<u64>::new());
        assert_eq!(acceptable_steps(0, None), [1, 0]);
        assert_eq!(step_of(59), 1);
        assert_eq!(step_of(60), 2);
    }

    #[test]
    fn the_enrolment_address_names_the_issuer_and_the_account() {
        let uri = otpauth_uri("planner@un.example", "JBSWY3DPEHPK3PXP");
        assert_eq!(
            uri,
            "otpauth://totp/Blue%20Suits:planner%40un.example?secret=JBSWY3DPEHPK3PXP&issuer=Blue%20Suits&algorithm=SHA1&digits=6&period=30"
        );
    }

    #[test]
    fn recovery_codes_show_in_two_groups_and_read_back() {
        let shown = show_recovery("abcdefghjk");
        assert_eq!(shown, "abcde-fghjk");
        assert_eq!(parse_code(&shown), Ok(Code::Recovery("abcdefghjk".into())));
    }

    proptest! {
        #[test]
        fn no_step_at_or_before_the_last_used_one_is_ever_accepted(now in 1u64..1_000_000, last in proptest::option::of(0u64..1_000_001)) {
            let steps = acceptable_steps(now, last);
            prop_assert!(steps.len() <= 3);
            for s in steps {
                prop_assert!(s + 1 >= now && s <= now + 1);
                if let Some(last) = last {
                    prop_assert!(s > last);
                }
            }
        }
    }
}
