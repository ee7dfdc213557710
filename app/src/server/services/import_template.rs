//! The upload template, as CSV and as an XLSX workbook whose second sheet explains every column.
use crate::{
    domain::{
        expert::ExpertFields,
        taxonomy::{Category, Skill},
    },
    error::AppError,
    server::errors::internal,
};
use rust_xlsxwriter::{Format, Workbook};

/// The header row alone: an example row left in by mistake would become a real nominee.
pub fn csv() -> String {
    format!("{}\r\n", ExpertFields::COLUMNS.join(","))
}

/// What each column takes, as the instructions sheet shows it.
fn explanation(column: &str) -> (&'static str, &'static str, &'static str) {
    match column {
        "external_ref" => (
            "yes",
            "your own id for the candidate, 1–64 characters, unique",
            "CAN-2026-0042",
        ),
        "given_names" => ("yes", "any script, 1–200 characters", "Aminata"),
        "family_name" => ("yes", "any script, 1–200 characters", "Touré"),
        "latin_name" => (
            "no",
            "transliteration when the names are not in Latin script",
            "Ahmad Al-Farsi",
        ),
        "gender" => ("yes", "female, male, other or undisclosed", "female"),
        "date_of_birth" => (
            "yes",
            "YYYY-MM-DD; age 21–80 on the day of upload",
            "1979-03-14",
        ),
        "nationalities" => ("yes", "ISO 3166-1 alpha-3 codes separated by ;", "SEN;FRA"),
        "email" => (
            "yes",
            "an e-mail address, unique across the roster",
            "a.toure@example.org",
        ),
        "phone" => (
            "no",
            "international form, starting with + and the country code",
            "+221771234567",
        ),
        "years_experience" => ("yes", "whole number 0–60", "17"),
        "categories" => (
            "yes",
            "category slugs separated by ; (list below)",
            "prosecutor;financial-analyst",
        ),
        "skills" => (
            "no",
            "slug:level separated by ;, level 1–4 (list below)",
            "money-laundering:3;asset-recovery:2",
        ),
        "languages" => (
            "yes",
            "ISO 639-1 code:CEFR level separated by ;, at least one",
            "fr:C2;en:B2;wo:C1",
        ),
        "notice_days" => (
            "yes",
            "whole number 0–365: days needed before departure",
            "3",
        ),
        "available_from" => ("no", "YYYY-MM-DD", "2026-12-01"),
        "available_to" => ("no", "YYYY-MM-DD, not before available_from", "2027-06-30"),
        _ => ("", "", ""),
    }
}

/// The workbook: candidates on the first sheet (every cell text, so a spreadsheet does not turn
/// `+221…` into a number or a date into a serial), instructions on the second.
pub fn xlsx() -> Result<Vec<u8>, AppError> {
    let fail = |e: rust_xlsxwriter::XlsxError| internal("xlsx template", e);
    let mut book = Workbook::new();
    let text = Format::new().set_num_format("@");
    let bold = Format::new().set_bold();
    let sheet = book.add_worksheet();
    sheet.set_name("Candidates").map_err(fail)?;
    for (i, name) in ExpertFields::COLUMNS.iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(u16::MAX);
        sheet.set_column_format(col, &text).map_err(fail)?;
        sheet.set_column_width(col, 22).map_err(fail)?;
        sheet
            .write_string_with_format(0, col, *name, &bold)
            .map_err(fail)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(fail)?;
    let help = book.add_worksheet();
    help.set_name("Instructions").map_err(fail)?;
    for (col, title) in ["column", "required", "format", "example"]
        .iter()
        .enumerate()
    {
        help.write_string_with_format(0, col as u16, *title, &bold)
            .map_err(fail)?;
    }
    let mut row = 1u32;
    for name in ExpertFields::COLUMNS {
        let (required, format, example) = explanation(name);
        for (col, value) in [name, required, format, example].iter().enumerate() {
            help.write_string(row, col as u16, *value).map_err(fail)?;
        }
        row += 1;
    }
    row += 1;
    help.write_string_with_format(row, 0, "categories", &bold)
        .map_err(fail)?;
    for c in Category::ALL {
        help.write_string(row, 1, c.slug()).map_err(fail)?;
        row += 1;
    }
    row += 1;
    help.write_string_with_format(row, 0, "skills", &bold)
        .map_err(fail)?;
    for s in Skill::ALL {
        help.write_string(row, 1, s.slug()).map_err(fail)?;
        row += 1;
    }
    help.set_column_width(2, 60).map_err(fail)?;
    help.set_column_width(3, 36).map_err(fail)?;
    book.save_to_buffer().map_err(fail)
}
