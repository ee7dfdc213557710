use super::*;
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default()
}

fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| (*c).to_owned()).collect()
}

fn template_header() -> Header {
    Header::parse(&strings(&ExpertFields::COLUMNS)).unwrap_or_else(|e| panic!("{e:?}"))
}

/// A row every parser accepts, in template order.
fn good_row() -> Vec<String> {
    strings(&[
        "CAN-2026-0042",
        "Aminata",
        "Touré",
        "",
        "female",
        "1979-03-14",
        "SEN;FRA",
        "a.toure@example.org",
        "+221771234567",
        "17",
        "prosecutor;financial-analyst",
        "money-laundering:3;asset-recovery:2",
        "fr:C2;en:B2;wo:C1",
        "3",
        "2026-12-01",
        "2027-06-30",
    ])
}

fn with(column: &str, value: &str) -> Vec<String> {
    let mut row = good_row();
    let i = ExpertFields::COLUMNS
        .iter()
        .position(|c| *c == column)
        .unwrap_or_else(|| panic!("no column {column}"));
    row[i] = value.to_owned();
    row
}

fn check(raw: &[String]) -> Result<(ExpertFields, ExpertInput), RejectedRow> {
    check_row(
        7,
        &template_header(),
        raw,
        &mut SeenInFile::default(),
        today(),
    )
}

#[test]
fn the_template_row_is_taken() {
    let (fields, input) = check(&good_row()).unwrap_or_else(|r| panic!("{r:?}"));
    assert_eq!(fields.family_name, "Touré");
    assert_eq!(input.languages.len(), 3);
}

/// Every bad value of every column: the row is rejected at that row, under that column, with a
/// one-line reason; `hint` is a piece of the reason a clerk needs to see.
#[test]
fn every_bad_value_is_rejected_under_its_column_with_a_reason() {
    let long_201 = "a".repeat(201);
    let long_65 = "R".repeat(65);
    let cases: Vec<(&str, &str, &str)> = vec![
        // external_ref
        ("external_ref", "", "required"),
        ("external_ref", "   ", "required"),
        ("external_ref", &long_65, "limit is 64"),
        ("external_ref", "CAN\n42", "line break"),
        ("external_ref", "CAN\t42", "control character"),
        ("external_ref", "CAN\u{2028}42", "line break"),
        // given_names
        ("given_names", "", "required"),
        ("given_names", " \t ", "required"),
        ("given_names", &long_201, "limit is 200"),
        ("given_names", "Ami\nnata", "line break"),
        ("given_names", "Ami\u{0}nata", "control character"),
        ("given_names", "Ami\u{1b}nata", "control character"),
        // family_name
        ("family_name", "", "required"),
        ("family_name", &long_201, "limit is 200"),
        ("family_name", "Tou\r\nré", "line break"),
        ("family_name", "Tou\u{2029}ré", "line break"),
        // latin_name
        ("latin_name", &long_201, "limit is 200"),
        ("latin_name", "Ahmad\nAl-Farsi", "line break"),
        // gender
        ("gender", "", "required"),
        ("gender", "f", "not a gender"),
        ("gender", "woman", "not a gender"),
        ("gender", "F E M A L E", "not a gender"),
        ("gender", "1", "not a gender"),
        ("gender", "unknown", "not a gender"),
        // date_of_birth
        ("date_of_birth", "", "required"),
        ("date_of_birth", "14/03/1979", "YYYY-MM-DD"),
        ("date_of_birth", "1979-3-14", "YYYY-MM-DD"),
        ("date_of_birth", "1979-02-30", "not a day"),
        ("date_of_birth", "1979-13-01", "not a day"),
        ("date_of_birth", "2027-01-01", "after today"),
        ("date_of_birth", "2010-01-01", "age must be 21 to 80"),
        ("date_of_birth", "1930-01-01", "age must be 21 to 80"),
        ("date_of_birth", "2005-11-30", "age must be 21 to 80"),
        ("date_of_birth", "March 14, 1979", "YYYY-MM-DD"),
        ("date_of_birth", "29221", "YYYY-MM-DD"),
        ("date_of_birth", "1979-03-14T00:00", "YYYY-MM-DD"),
        ("date_of_birth", "1979/03/14", "YYYY-MM-DD"),
        ("date_of_birth", "79-03-14", "YYYY-MM-DD"),
        ("date_of_birth", "0000-00-00", "not a day"),
        // nationalities
        ("nationalities", "", "required"),
        ("nationalities", "SN", "three-letter"),
        ("nationalities", "Senegal", "three-letter"),
        ("nationalities", "SEN,FRA", "three-letter"),
        ("nationalities", "SEN;SEN", "listed twice"),
        ("nationalities", "S3N", "three-letter"),
        ("nationalities", "XX", "three-letter"),
        ("nationalities", "FRA;fr", "three-letter"),
        // email
        ("email", "", "required"),
        ("email", "a.toure", "not an e-mail"),
        ("email", "a.toure@", "not an e-mail"),
        ("email", "@example.org", "not an e-mail"),
        ("email", "a toure@example.org", "not an e-mail"),
        ("email", "a@@example.org", "not an e-mail"),
        ("email", "=HYPERLINK(\"http://x\")", "not an e-mail"),
        // phone
        ("phone", "221771234567", "must start with +"),
        ("phone", "00221771234567", "write +221771234567"),
        ("phone", "+22177abc", "only hold digits"),
        ("phone", "+0221771234567", "never starts with 0"),
        ("phone", "+1234", "8 to 15"),
        ("phone", "+1234567890123456", "8 to 15"),
        ("phone", "=1+2", "must start with +"),
        ("phone", "+221 77 abc", "only hold digits"),
        // years_experience
        ("years_experience", "", "required"),
        ("years_experience", "-1", "whole number"),
        ("years_experience", "3.5", "whole number"),
        ("years_experience", "1e2", "whole number"),
        ("years_experience", "seventeen", "whole number"),
        ("years_experience", "61", "more than 60"),
        ("years_experience", "1 7", "whole number"),
        ("years_experience", "99999999999999999999", "more than 60"),
        // categories
        ("categories", "", "required"),
        ("categories", "lawyer", "not a category"),
        ("categories", "judges", "not a category"),
        ("categories", "prosecutor;prosecutor", "listed twice"),
        ("categories", "prosecutor,judge", "not a category"),
        ("categories", "financial analyst", "not a category"),
        // skills
        ("skills", "money-laundering", "needs a level from 1 to 4"),
        ("skills", "money-laundering:5", ""),
        ("skills", "money-laundering:0", ""),
        ("skills", "money-laundering:high", ""),
        ("skills", "laundering:3", "not a skill"),
        (
            "skills",
            "money-laundering:3;money-laundering:2",
            "listed twice",
        ),
        ("skills", "money-laundering=3", ""),
        ("skills", "cybercrime:9", ""),
        // languages
        ("languages", "", "required"),
        ("languages", "fr", "needs a CEFR level"),
        ("languages", "fr:D1", ""),
        ("languages", "fr:c3", ""),
        ("languages", "fra:C2", ""),
        ("languages", "french:C2", ""),
        ("languages", "fr:C2;fr:B1", "listed twice"),
        ("languages", "fr-C2", ""),
        // notice_days
        ("notice_days", "", "required"),
        ("notice_days", "-3", "whole number"),
        ("notice_days", "366", "more than 365"),
        ("notice_days", "three", "whole number"),
        ("notice_days", "3 days", "whole number"),
        ("notice_days", "2.5", "whole number"),
        ("notice_days", "1000", "more than 365"),
        // available_from / available_to
        ("available_from", "01/12/2026", "YYYY-MM-DD"),
        ("available_from", "2026-02-29", "not a day"),
        ("available_from", "tomorrow", "YYYY-MM-DD"),
        ("available_from", "2026-12-1", "YYYY-MM-DD"),
        ("available_to", "2026-13-01", "not a day"),
        ("available_to", "30.06.2027", "YYYY-MM-DD"),
        ("available_to", "2026-11-30", "before available_from"),
    ];
    assert!(cases.len() > 100, "{} cases", cases.len());
    for (column, value, hint) in cases {
        let rejected = match check(&with(column, value)) {
            Ok(_) => panic!("{column} = {value:?} was taken"),
            Err(rejected) => rejected,
        };
        assert_eq!(rejected.row, 7);
        let problem = rejected
            .problems
            .iter()
            .find(|p| p.column == column)
            .unwrap_or_else(|| panic!("{column} = {value:?}: {:?}", rejected.problems));
        assert_eq!(problem.row, 7);
        assert!(
            problem.reason.contains(hint),
            "{column} = {value:?}: {:?} lacks {hint:?}",
            problem.reason
        );
        let line = problem.to_string();
        assert!(
            !line.contains(['\n', '\r']),
            "report lines stay on one line: {line:?}"
        );
        assert!(line.starts_with(&format!("row 7, column {column}: ")));
    }
}

#[test]
fn every_bad_field_of_a_row_is_reported_at_once_left_to_right() {
    let mut row = with("gender", "x");
    row[ExpertFields::COLUMNS.len() - 3] = "nine".to_owned();
    row[0] = String::new();
    let Err(rejected) = check(&row) else {
        panic!("taken")
    };
    let columns: Vec<_> = rejected
        .problems
        .iter()
        .map(|p| p.column.as_str())
        .collect();
    assert_eq!(columns, ["external_ref", "gender", "notice_days"]);
}

#[test]
fn header_names_match_in_any_case_and_order() {
    let mut names = strings(&ExpertFields::COLUMNS);
    names.reverse();
    names[0] = "AVAILABLE_TO".to_owned();
    names[3] = "  Languages ".to_owned();
    let header = Header::parse(&names).unwrap_or_else(|e| panic!("{e:?}"));
    let mut row = good_row();
    row.reverse();
    let (fields, _) = check_row(2, &header, &row, &mut SeenInFile::default(), today())
        .unwrap_or_else(|r| panic!("{r:?}"));
    assert_eq!(fields.languages, "fr:C2;en:B2;wo:C1");
    assert_eq!(fields.available_to, "2027-06-30");
}

#[test]
fn a_byte_order_mark_before_the_first_name_is_ignored() {
    let mut names = strings(&ExpertFields::COLUMNS);
    names[0] = "\u{feff}external_ref".to_owned();
    assert!(Header::parse(&names).is_ok());
}

#[test]
fn an_unknown_column_is_named_with_a_suggestion() {
    let mut names = strings(&ExpertFields::COLUMNS);
    names[2] = "fmaily_name".to_owned();
    names.push("shoe_size".to_owned());
    let problems = Header::parse(&names).err().unwrap_or_default();
    let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(lines.contains(
        &"row 1, column fmaily_name: unknown column; did you mean family_name?".to_owned()
    ));
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("row 1, column shoe_size: unknown column"))
    );
    assert!(
        lines.contains(&"row 1, column family_name: this required column is missing".to_owned())
    );
}

#[test]
fn every_missing_required_column_is_named() {
    let names = strings(&["external_ref", "given_names"]);
    let problems = Header::parse(&names).err().unwrap_or_default();
    let missing: Vec<_> = problems.iter().map(|p| p.column.as_str()).collect();
    assert_eq!(
        missing,
        [
            "family_name",
            "gender",
            "date_of_birth",
            "nationalities",
            "email",
            "years_experience",
            "categories",
            "languages",
            "notice_days"
        ]
    );
}

#[test]
fn optional_columns_may_be_left_out() {
    let names = strings(&[
        "external_ref",
        "given_names",
        "family_name",
        "gender",
        "date_of_birth",
        "nationalities",
        "email",
        "years_experience",
        "categories",
        "languages",
        "notice_days",
    ]);
    assert!(Header::parse(&names).is_ok());
}

#[test]
fn a_repeated_column_is_refused() {
    let mut names = strings(&ExpertFields::COLUMNS);
    names.push("EMAIL".to_owned());
    let problems = Header::parse(&names).err().unwrap_or_default();
    assert_eq!(
        problems[0].to_string(),
        "row 1, column email: the column appears twice (columns H and Q)"
    );
}

#[test]
fn a_semicolon_separated_file_is_explained() {
    let names = vec![ExpertFields::COLUMNS.join(";")];
    let problems = Header::parse(&names).err().unwrap_or_default();
    assert!(problems.iter().any(|p| p.reason.contains("semicolons")));
}

#[test]
fn an_empty_first_row_is_explained() {
    let problems = Header::parse(&strings(&["", " "]))
        .err()
        .unwrap_or_default();
    assert_eq!(problems[0].column, WHOLE_ROW);
}

#[test]
fn the_reason_column_of_a_rejections_file_is_ignored() {
    let mut names = strings(&ExpertFields::COLUMNS);
    names.push("reason".to_owned());
    let header = Header::parse(&names).unwrap_or_else(|e| panic!("{e:?}"));
    let mut row = good_row();
    row.push("row 2, column email: not an e-mail address".to_owned());
    assert!(check_row(2, &header, &row, &mut SeenInFile::default(), today()).is_ok());
}

#[test]
fn trailing_empty_header_cells_are_not_columns_but_values_beyond_them_are_refused() {
    let mut names = strings(&ExpertFields::COLUMNS);
    names.push(String::new());
    names.push(String::new());
    let header = Header::parse(&names).unwrap_or_else(|e| panic!("{e:?}"));
    let mut row = good_row();
    row.push(String::new());
    assert!(check_row(2, &header, &row, &mut SeenInFile::default(), today()).is_ok());
    row.push("stray".to_owned());
    let Err(rejected) = check_row(2, &header, &row, &mut SeenInFile::default(), today()) else {
        panic!("taken")
    };
    assert_eq!(
        rejected.problems[0].to_string(),
        "row 2, column -: the row has a value in column R, beyond the last named column"
    );
}

#[test]
fn a_value_under_a_nameless_column_is_refused() {
    let mut names = strings(&ExpertFields::COLUMNS);
    names.insert(3, String::new());
    let header = Header::parse(&names).unwrap_or_else(|e| panic!("{e:?}"));
    let mut row = good_row();
    row.insert(3, "note".to_owned());
    let Err(rejected) = check_row(2, &header, &row, &mut SeenInFile::default(), today()) else {
        panic!("taken")
    };
    assert!(
        rejected.problems[0]
            .reason
            .contains("column D, which has no name")
    );
}

#[test]
fn a_short_row_leaves_its_last_optional_cells_empty() {
    let mut row = good_row();
    row.truncate(14);
    let (fields, _) = check(&row).unwrap_or_else(|r| panic!("{r:?}"));
    assert_eq!(fields.available_from, "");
}

#[test]
fn a_reference_or_email_given_twice_in_a_file_names_the_first_row() {
    let header = template_header();
    let mut seen = SeenInFile::default();
    assert!(check_row(2, &header, &good_row(), &mut seen, today()).is_ok());
    let again = with("email", "other@example.org");
    let Err(rejected) = check_row(5, &header, &again, &mut seen, today()) else {
        panic!("taken")
    };
    assert_eq!(
        rejected.problems[0].to_string(),
        "row 5, column external_ref: CAN-2026-0042 is already used in row 2; a reference can appear only once in a file"
    );
    let same_mail = with("external_ref", "CAN-2026-0043");
    let same_mail = {
        let mut r = same_mail;
        r[7] = "A.Toure@Example.org".to_owned();
        r
    };
    let Err(rejected) = check_row(6, &header, &same_mail, &mut seen, today()) else {
        panic!("taken")
    };
    assert_eq!(
        rejected.problems[0].to_string(),
        "row 6, column email: this e-mail address is already given in row 2"
    );
}

#[test]
fn formula_like_cells_are_kept_as_text() {
    let (fields, input) = check(&with("given_names", "=HYPERLINK(\"http://evil\")"))
        .unwrap_or_else(|r| panic!("{r:?}"));
    assert_eq!(fields.given_names, "=HYPERLINK(\"http://evil\")");
    assert_eq!(input.given_names.as_str(), "=HYPERLINK(\"http://evil\")");
    // A cell this app neutralised on export reads back as it was.
    let (fields, _) = check(&with("phone", "'+221771234567")).unwrap_or_else(|r| panic!("{r:?}"));
    assert_eq!(fields.phone, "+221771234567");
}

#[test]
fn names_in_every_script_keep_their_exact_bytes() {
    for name in [
        "الفارسي",
        "Дмитриевич",
        "Παπαδόπουλος",
        "Nguyễn Thị Minh Khai",
        "王秀英",
        "김민준",
        "Øyvind",
        "O'Brien",
        "N\u{0303}un\u{0303}ez",
    ] {
        let (fields, input) =
            check(&with("family_name", name)).unwrap_or_else(|r| panic!("{name}: {r:?}"));
        assert_eq!(fields.family_name.as_bytes(), name.as_bytes());
        assert_eq!(input.family_name.as_str().as_bytes(), name.as_bytes());
    }
}

#[test]
fn the_report_reads_exactly_as_the_format_says() {
    let report = Report {
        counts: Counts {
            created: 2,
            updated: 1,
            unchanged: 0,
            rejected: 1,
        },
        header: Vec::new(),
        rows: vec![RejectedRow {
            row: 4,
            cells: Vec::new(),
            problems: vec![
                Rejection::new(4, "email", "\"x\" is not an e-mail address"),
                Rejection::new(4, WHOLE_ROW, "whole row"),
            ],
        }],
        back_to_vetting: vec![BackToVetting {
            row: 3,
            external_ref: "SEN-7".into(),
            fields: vec!["family_name".into(), "date_of_birth".into()],
        }],
    };
    assert_eq!(
        report.lines(),
        [
            "created 2, updated 1, unchanged 0, rejected 1",
            "row 3 (SEN-7): updated — back to vetting (identity changed: family_name, date_of_birth)",
            "row 4, column email: \"x\" is not an e-mail address",
            "row 4, column -: whole row",
        ]
    );
}

#[test]
fn files_are_told_apart_by_content() {
    let cases: Vec<(&[u8], Result<FileKind, &str>)> = vec![
        (b"external_ref,given_names\n", Ok(FileKind::Csv)),
        (b"\xEF\xBB\xBFexternal_ref\n", Ok(FileKind::Csv)),
        (b"PK\x03\x04rest", Ok(FileKind::Xlsx)),
        (b"", Err("empty")),
        (b"PK\x05\x06", Err("bad_workbook")),
        (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", Err("legacy_excel")),
        (b"\xFF\xFEe\x00x\x00", Err("utf16")),
        (b"%PDF-1.7\n", Err("not_spreadsheet")),
        (b"\x89PNG\r\n\x1a\n\x00\x00", Err("not_spreadsheet")),
        (b"a,b\nc,d\nNgu\xE1\n", Err("not_utf8")),
    ];
    for (bytes, expected) in cases {
        assert_eq!(
            sniff(bytes).map_err(|p| p.slug()),
            expected,
            "{:?}",
            String::from_utf8_lossy(bytes)
        );
    }
    assert_eq!(
        sniff(b"a\nb\n\xE9t\xE9").err(),
        Some(FileProblem::NotUtf8 { row: 3 })
    );
    let big = vec![b'a'; MAX_FILE_BYTES + 1];
    assert_eq!(sniff(&big).err(), Some(FileProblem::TooLarge));
}

#[test]
fn column_letters_count_as_a_spreadsheet_does() {
    let cases = [
        (0, "A"),
        (7, "H"),
        (25, "Z"),
        (26, "AA"),
        (27, "AB"),
        (701, "ZZ"),
        (702, "AAA"),
    ];
    for (i, letters) in cases {
        assert_eq!(column_letters(i), letters);
    }
}

#[test]
fn a_row_for_a_known_reference_updates_unless_nothing_differs() {
    let (fields, _) = check(&good_row()).unwrap_or_else(|r| panic!("{r:?}"));
    let mut changed = fields.clone();
    changed.notice_days = "5".to_owned();
    assert_eq!(outcome(None, &fields), Outcome::Create);
    assert_eq!(outcome(Some(&fields), &fields), Outcome::Unchanged);
    assert_eq!(outcome(Some(&fields), &changed), Outcome::Update);
}

#[test]
fn uploaded_file_names_are_made_safe_to_show() {
    assert_eq!(clean_file_name("C:\\Users\\me\\roster.csv"), "roster.csv");
    assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
    assert_eq!(clean_file_name("a\u{0}b\nc.csv"), "abc.csv");
    assert_eq!(clean_file_name(""), "upload");
}

proptest! {
    /// Whatever a row holds, checking it never panics, and a rejection always names the row, a
    /// column of the format (or the whole row) and a one-line reason.
    #[test]
    fn any_row_is_taken_or_rejected_with_reasons(cells in proptest::collection::vec(".{0,40}", 0..20)) {
        let header = template_header();
        match check_row(9, &header, &cells, &mut SeenInFile::default(), today()) {
            Ok((fields, input)) => {
                prop_assert_eq!(ExpertFields::from(&input).external_ref, fields.external_ref.trim());
            }
            Err(rejected) => {
                prop_assert!(!rejected.problems.is_empty());
                for p in &rejected.problems {
                    prop_assert_eq!(p.row, 9);
                    prop_assert!(p.column == WHOLE_ROW || ExpertFields::COLUMNS.contains(&p.column.as_str()));
                    prop_assert!(!p.reason.is_empty());
                    prop_assert!(!p.to_string().contains(['\n', '\r']));
                }
            }
        }
    }

    /// Mutating one cell of a good row either keeps it good or rejects it under that very column.
    #[test]
    fn one_bad_cell_is_blamed_on_its_own_column(column in 0usize..16, value in "\\PC{0,30}") {
        let mut row = good_row();
        row[column] = value;
        if let Err(rejected) = check(&row) {
            let name = ExpertFields::COLUMNS[column];
            let blamed: Vec<_> = rejected.problems.iter().map(|p| p.column.as_str()).collect();
            // Dates blame the other end of the window when the order breaks.
            prop_assert!(blamed.iter().all(|c| *c == name || (*c == "available_to" && name == "available_from")), "{:?}", blamed);
        }
    }
}

#[test]
fn forgetting_a_person_drops_their_rejected_rows_and_vetting_lines_and_keeps_the_counts() {
    let row = |n: u64, r: &str| {
        RejectedRow::new(
            n,
            vec![r.to_owned(), "Amina".to_owned()],
            vec![Rejection::new(n, "email", "not an e-mail address")],
        )
    };
    let mut report = Report {
        counts: Counts {
            created: 1,
            updated: 1,
            unchanged: 0,
            rejected: 2,
        },
        header: vec![],
        rows: vec![row(2, " CAN-7 "), row(3, "CAN-8")],
        back_to_vetting: vec![BackToVetting {
            row: 4,
            external_ref: "can-7".to_owned(),
            fields: vec!["family_name".to_owned()],
        }],
    };
    let counts = report.counts;
    assert!(report.forget("CAN-7"));
    assert_eq!(report.rows.len(), 1);
    assert_eq!(report.rows[0].cells[0], "CAN-8");
    assert!(report.back_to_vetting.is_empty());
    assert_eq!(
        report.counts, counts,
        "the counts are history, not personal data"
    );
    assert!(!report.forget("CAN-7"), "nothing is left to forget");
    assert!(!report.forget("  "), "a blank reference matches nobody");
}
