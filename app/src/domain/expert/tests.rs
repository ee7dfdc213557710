//! Table and property tests of the expert fields.
use super::*;
use crate::domain::{
    member_state::MemberStateCode,
    taxonomy::{Category, Cefr, Gender, LanguageCode, Skill, SkillLevel},
};
use chrono::{Datelike, NaiveDate};
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
            Err("\"1979-03-14T00:00\" is not a date in the form YYYY-MM-DD, such as 1979-03-14"),
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
fn search_keys_fold_letters_scripts_and_the_marks_inside_names() {
    let cases = [
        ("Touré", "toure"),
        ("  Aminata \t  TOURÉ\n", "aminatatoure"),
        ("NGUYỄN", "nguyen"),
        ("Nguye\u{302}\u{303}n Thị", "nguyenthi"),
        ("Sørensen", "sorensen"),
        ("Øyvind", "oyvind"),
        ("Łukasz Wałęsa", "lukaszwalesa"),
        ("Straße", "strasse"),
        ("Đorđević", "dordevic"),
        ("Ægir", "aegir"),
        ("O'Brien", "obrien"),
        ("O’Brien", "obrien"),
        ("al-Farsi", "alfarsi"),
        ("Al Farsi", "alfarsi"),
        ("Иванова", "ivanova"),
        ("Παπαδόπουλος", "papadopoulos"),
        ("ΠΑΠΑΔΌΠΟΥΛΟΣ", "papadopoulos"),
        ("ﬁnn\u{a0}Łukasz", "finnlukasz"),
        ("", ""),
    ];
    for (text, key) in cases {
        assert_eq!(search_key(text), key, "{text:?}");
    }
    // Scripts without Latin letters still give a key, the same for the name and for a query.
    for name in ["الفارسي", "مُحَمَّد", "王芳"] {
        assert!(!search_key(name).is_empty(), "{name:?}");
    }
    assert_eq!(search_key("مُحَمَّد"), search_key("محمد"));
}

#[test]
fn sort_keys_fold_like_search_keys_and_keep_one_space_between_words() {
    let cases = [
        ("Sørensen  Aminata", "sorensen aminata"),
        ("al-Farsi Omar", "al farsi omar"),
        ("Touré\tBakary", "toure bakary"),
        ("", ""),
    ];
    for (text, key) in cases {
        assert_eq!(sort_key(text), key, "{text:?}");
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
        prop_assert!(key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()), "{}", key);
        // A search key is the sort key without its spaces: the two never disagree on a name.
        prop_assert_eq!(sort_key(&text).replace(' ', ""), key);
    }

    #[test]
    fn a_name_is_found_by_any_part_typed_with_or_without_marks(
        given in "[A-Za-zÀ-ÿŁłØøßĐđ]{1,12}",
        family in "[A-Za-zÀ-ÿŁłØøßĐđ]{1,12}",
    ) {
        let stored = search_key(&format!("{given} {family}"));
        prop_assert!(stored.contains(&search_key(&family)));
        prop_assert!(stored.contains(&search_key(&given.to_uppercase())));
    }
}
