//! Likely duplicate nominations: one person nominated by two states is one person. The secretariat
//! sees the pair; neither roster office learns what the other state holds.
use super::vetting::RosterStatus;
use serde::{Deserialize, Serialize};

/// Why two records probably name the same person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateReason {
    SameEmail,
    /// The same family and given names once folded (accents, case, spacing), and the same birth date.
    SameNameAndBirthDate,
}

impl DuplicateReason {
    pub fn as_str(self) -> &'static str {
        match self {
            DuplicateReason::SameEmail => "same_email",
            DuplicateReason::SameNameAndBirthDate => "same_name_and_birth_date",
        }
    }

    /// Words for the secretariat's screens.
    pub fn label(self) -> &'static str {
        match self {
            DuplicateReason::SameEmail => "same e-mail address",
            DuplicateReason::SameNameAndBirthDate => "same name and date of birth",
        }
    }
}

/// What the rule compares of one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person<'a> {
    pub state: &'a str,
    pub status: RosterStatus,
    pub email: &'a str,
    /// The folded "family given" name the roster sorts by.
    pub folded_name: &'a str,
    pub date_of_birth: chrono::NaiveDate,
}

/// A withdrawn or rejected record is off the roster: it duplicates nothing.
fn on_roster(status: RosterStatus) -> bool {
    !matches!(status, RosterStatus::Withdrawn | RosterStatus::Rejected)
}

/// Why `a` and `b` are likely the same person, empty when they are not. Only records of
/// different states are compared: a state's own addresses and references are unique already,
/// and two nominations by one state are that state's to see.
pub fn reasons(a: &Person<'_>, b: &Person<'_>) -> Vec<DuplicateReason> {
    if a.state == b.state || !on_roster(a.status) || !on_roster(b.status) {
        return Vec::new();
    }
    let mut found = Vec::new();
    if !a.email.is_empty() && a.email.eq_ignore_ascii_case(b.email) {
        found.push(DuplicateReason::SameEmail);
    }
    if !a.folded_name.is_empty()
        && a.folded_name == b.folded_name
        && a.date_of_birth == b.date_of_birth
    {
        found.push(DuplicateReason::SameNameAndBirthDate);
    }
    found
}

/// A pair is stored once, smaller id first, whichever record it was looked at from.
pub fn pair<T: Ord + Copy>(a: T, b: T) -> (T, T) {
    if a <= b { (a, b) } else { (b, a) }
}

/// Why vetting waits: a person nominated twice could otherwise be booked twice over the same days.
pub fn vetting_blocked(likely: usize) -> String {
    format!(
        "cannot vet yet: {likely} likely duplicate nomination{} by another state; withdraw one of the records or mark them as different people first",
        if likely == 1 { "" } else { "s" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn person(state: &'static str) -> Person<'static> {
        Person {
            state,
            status: RosterStatus::Nominated,
            email: "a.diallo@example.org",
            folded_name: "diallo aminata",
            date_of_birth: day("1980-04-02"),
        }
    }

    #[test]
    fn the_same_person_from_two_states_is_flagged_with_every_reason() {
        type Edit = fn(&mut Person<'static>);
        let cases: [(&str, Edit, &[DuplicateReason]); 8] = [
            (
                "identical",
                |_| {},
                &[
                    DuplicateReason::SameEmail,
                    DuplicateReason::SameNameAndBirthDate,
                ],
            ),
            (
                "e-mail in capitals",
                |p| {
                    p.email = "A.Diallo@Example.org";
                    p.folded_name = "x"
                },
                &[DuplicateReason::SameEmail],
            ),
            (
                "other e-mail",
                |p| p.email = "aminata@example.org",
                &[DuplicateReason::SameNameAndBirthDate],
            ),
            (
                "other birth date",
                |p| p.date_of_birth = day("1980-04-03"),
                &[DuplicateReason::SameEmail],
            ),
            (
                "nothing shared",
                |p| {
                    p.email = "x@example.org";
                    p.folded_name = "sy awa"
                },
                &[],
            ),
            ("same state", |p| p.state = "SEN", &[]),
            ("withdrawn", |p| p.status = RosterStatus::Withdrawn, &[]),
            ("rejected", |p| p.status = RosterStatus::Rejected, &[]),
        ];
        for (what, edit, expected) in cases {
            let a = person("SEN");
            let mut b = person("FRA");
            edit(&mut b);
            assert_eq!(reasons(&a, &b), expected, "{what}");
            assert_eq!(reasons(&b, &a), expected, "{what}, the other way round");
        }
    }

    #[test]
    fn a_pair_is_the_same_whichever_side_it_is_seen_from() {
        assert_eq!(pair(3, 1), (1, 3));
        assert_eq!(pair(1, 3), (1, 3));
    }

    #[test]
    fn the_vetting_refusal_says_what_to_do() {
        assert!(vetting_blocked(1).contains("1 likely duplicate nomination by"));
        assert!(vetting_blocked(2).contains("nominations"));
        assert!(vetting_blocked(1).contains("different people"));
    }
}
