//! Who a record is: the fields vetting vouches for, and what changing them does to a vetted record.
//!
//! Vetting vouches for a person. When the names, date of birth or nationalities on a record change,
//! the checks that were run on the old identity no longer say anything about the new one, so the
//! record goes back to review. Contact details, availability and skills describe how to reach and
//! use the person, not who they are, and change nothing here.
use super::{expert::ExpertFields, vetting::RosterStatus};
use serde::{Deserialize, Serialize};
use std::{collections::BTreeSet, fmt};

/// A field of the record that says who the person is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentityField {
    GivenNames,
    FamilyName,
    LatinName,
    DateOfBirth,
    Nationalities,
}

impl IdentityField {
    pub const ALL: [IdentityField; 5] = [
        IdentityField::GivenNames,
        IdentityField::FamilyName,
        IdentityField::LatinName,
        IdentityField::DateOfBirth,
        IdentityField::Nationalities,
    ];

    /// The column name of the upload format and the form field's name.
    pub fn as_str(self) -> &'static str {
        match self {
            IdentityField::GivenNames => "given_names",
            IdentityField::FamilyName => "family_name",
            IdentityField::LatinName => "latin_name",
            IdentityField::DateOfBirth => "date_of_birth",
            IdentityField::Nationalities => "nationalities",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == raw.trim())
    }

    fn value(self, fields: &ExpertFields) -> Vec<String> {
        match self {
            IdentityField::GivenNames => vec![fields.given_names.trim().to_owned()],
            IdentityField::FamilyName => vec![fields.family_name.trim().to_owned()],
            IdentityField::LatinName => vec![fields.latin_name.trim().to_owned()],
            IdentityField::DateOfBirth => vec![fields.date_of_birth.trim().to_owned()],
            // The same nationalities in another order are the same person.
            IdentityField::Nationalities => fields
                .nationalities
                .split(';')
                .map(|c| c.trim().to_ascii_uppercase())
                .filter(|c| !c.is_empty())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect(),
        }
    }
}

impl fmt::Display for IdentityField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The identity fields that differ between two versions of a record, in [`IdentityField::ALL`] order.
pub fn identity_changes(before: &ExpertFields, after: &ExpertFields) -> Vec<IdentityField> {
    IdentityField::ALL
        .into_iter()
        .filter(|f| f.value(before) != f.value(after))
        .collect()
}

/// What an identity change does to a record in `status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revetting {
    /// The record moves to (or stays in) review with [`Revetting::reason`] in its history.
    pub to_review: bool,
    /// "identity changed: given_names, date_of_birth"
    pub reason: String,
    pub fields: Vec<IdentityField>,
}

/// The reason recorded when an identity change sends a record back to review.
pub fn revetting_reason(fields: &[IdentityField]) -> String {
    let names: Vec<&str> = fields.iter().map(|f| f.as_str()).collect();
    format!("identity changed: {}", names.join(", "))
}

/// Decides what a change of `fields` does to a record in `status`: `None` when nothing identity-
/// related changed. A vetted, suspended or under-review record goes (back) to review; a nominated,
/// withdrawn or rejected one is not vetted, so only its identity checks need doing again.
pub fn revetting(status: RosterStatus, fields: &[IdentityField]) -> Option<Revetting> {
    if fields.is_empty() {
        return None;
    }
    Some(Revetting {
        to_review: matches!(
            status,
            RosterStatus::Vetted | RosterStatus::Suspended | RosterStatus::UnderReview
        ),
        reason: revetting_reason(fields),
        fields: fields.to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::vetting::CheckKind;
    use proptest::prelude::*;

    fn record() -> ExpertFields {
        ExpertFields {
            external_ref: "SEN-1".into(),
            given_names: "Aminata".into(),
            family_name: "Diallo".into(),
            latin_name: String::new(),
            gender: "female".into(),
            date_of_birth: "1980-04-02".into(),
            nationalities: "SEN;FRA".into(),
            email: "a.diallo@example.org".into(),
            phone: "+221771234567".into(),
            years_experience: "12".into(),
            categories: "prosecutor".into(),
            skills: "money-laundering:3".into(),
            languages: "fr:C2;en:B2".into(),
            notice_days: "3".into(),
            available_from: "2026-12-01".into(),
            available_to: String::new(),
        }
    }

    type Edit = fn(&mut ExpertFields);

    #[test]
    fn names_birth_date_and_nationalities_are_identity_and_nothing_else_is() {
        let cases: [(&str, Edit, &[IdentityField]); 17] = [
            (
                "given names",
                |f| f.given_names = "Aminatou".into(),
                &[IdentityField::GivenNames],
            ),
            (
                "family name",
                |f| f.family_name = "Diallo-Sy".into(),
                &[IdentityField::FamilyName],
            ),
            (
                "Latin name added",
                |f| f.latin_name = "Aminata Diallo".into(),
                &[IdentityField::LatinName],
            ),
            (
                "date of birth",
                |f| f.date_of_birth = "1980-04-03".into(),
                &[IdentityField::DateOfBirth],
            ),
            (
                "a nationality added",
                |f| f.nationalities = "SEN;FRA;GMB".into(),
                &[IdentityField::Nationalities],
            ),
            (
                "a nationality swapped",
                |f| f.nationalities = "SEN;MLI".into(),
                &[IdentityField::Nationalities],
            ),
            (
                "nationalities reordered",
                |f| f.nationalities = "FRA;SEN".into(),
                &[],
            ),
            ("e-mail", |f| f.email = "aminata@example.org".into(), &[]),
            ("phone", |f| f.phone = "+221770000000".into(), &[]),
            ("gender", |f| f.gender = "other".into(), &[]),
            ("years", |f| f.years_experience = "13".into(), &[]),
            (
                "categories",
                |f| f.categories = "prosecutor;judge".into(),
                &[],
            ),
            ("skills", |f| f.skills = "asset-recovery:2".into(), &[]),
            ("languages", |f| f.languages = "fr:C2".into(), &[]),
            ("notice", |f| f.notice_days = "30".into(), &[]),
            (
                "availability",
                |f| f.available_to = "2027-06-30".into(),
                &[],
            ),
            ("reference", |f| f.external_ref = "SEN-2".into(), &[]),
        ];
        for (what, edit, expected) in cases {
            let mut after = record();
            edit(&mut after);
            assert_eq!(identity_changes(&record(), &after), expected, "{what}");
        }
    }

    #[test]
    fn several_identity_changes_are_all_named_in_a_fixed_order() {
        let mut after = record();
        after.nationalities = "SEN".into();
        after.given_names = "Awa".into();
        after.email = "awa@example.org".into();
        let changed = identity_changes(&record(), &after);
        assert_eq!(
            changed,
            [IdentityField::GivenNames, IdentityField::Nationalities]
        );
        assert_eq!(
            revetting_reason(&changed),
            "identity changed: given_names, nationalities"
        );
    }

    #[test]
    fn only_vetted_suspended_and_under_review_records_go_back_to_review() {
        use RosterStatus::*;
        let fields = [IdentityField::DateOfBirth];
        let cases = [
            (Nominated, false),
            (UnderReview, true),
            (Vetted, true),
            (Suspended, true),
            (Withdrawn, false),
            (Rejected, false),
        ];
        for (status, to_review) in cases {
            let r = revetting(status, &fields).expect("identity changed");
            assert_eq!(r.to_review, to_review, "{status}");
            assert_eq!(r.reason, "identity changed: date_of_birth");
            assert_eq!(revetting(status, &[]), None, "{status}");
        }
    }

    #[test]
    fn background_references_and_human_rights_screening_vouch_for_identity() {
        let vouching: Vec<CheckKind> = CheckKind::ALL
            .into_iter()
            .filter(|k| k.vouches_for_identity())
            .collect();
        assert_eq!(
            vouching,
            [
                CheckKind::Background,
                CheckKind::References,
                CheckKind::HumanRights
            ]
        );
    }

    #[test]
    fn field_names_round_trip() {
        for f in IdentityField::ALL {
            assert_eq!(IdentityField::parse(f.as_str()), Some(f));
        }
        assert_eq!(IdentityField::parse("email"), None);
    }

    proptest! {
        #[test]
        fn a_record_compared_with_itself_has_no_identity_change(
            given in "[A-Za-z ]{1,20}",
            family in "[A-Za-z-]{1,20}",
            nat in proptest::collection::vec("[A-Z]{3}", 1..4),
        ) {
            let mut f = record();
            f.given_names = given;
            f.family_name = family;
            f.nationalities = nat.join(";");
            prop_assert!(identity_changes(&f, &f.clone()).is_empty());
        }

        #[test]
        fn a_change_is_seen_from_both_sides(
            a in "[A-Za-z]{1,12}",
            b in "[A-Za-z]{1,12}",
        ) {
            let mut before = record();
            before.family_name = a;
            let mut after = record();
            after.family_name = b;
            prop_assert_eq!(
                identity_changes(&before, &after),
                identity_changes(&after, &before)
            );
        }
    }
}
