//! The candidate upload format: what a file may be, its header, a row's cells as expert fields,
//! duplicates inside one file, and the report a clerk reads.
use super::{
    expert::{Email, ExpertFields, ExpertInput, ExternalRef, shown},
    export::restore,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::{collections::HashMap, fmt};

/// Largest file taken, in bytes: a full 100,000-row sheet fits with room to spare.
pub const MAX_FILE_BYTES: usize = 40 * 1024 * 1024;
/// Most data rows in one file; a bigger roster is sent in several files.
pub const MAX_ROWS: u64 = 100_000;
/// A workbook may unpack to at most this many bytes in all, judged before anything is unpacked.
pub const XLSX_MAX_UNPACKED: u64 = 400 * 1024 * 1024;
/// Most entries (parts) a workbook may hold; a real one has a few dozen.
pub const XLSX_MAX_ENTRIES: usize = 2_000;
/// Most a single workbook part may grow when unpacked; spreadsheet XML stays far below it.
pub const XLSX_MAX_RATIO: u64 = 250;

/// The column a rejection of a whole row names.
pub const WHOLE_ROW: &str = "-";
/// The extra column of a downloaded rejections file; ignored on upload, so the fixed file goes back
/// as it is.
pub const REASON_COLUMN: &str = "reason";

/// The two kinds of file taken, told apart by their content, never by their name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    Csv,
    Xlsx,
}

impl FileKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Csv => "csv",
            FileKind::Xlsx => "xlsx",
        }
    }

    pub fn parse(raw: &str) -> Option<FileKind> {
        match raw {
            "csv" => Some(FileKind::Csv),
            "xlsx" => Some(FileKind::Xlsx),
            _ => None,
        }
    }
}

/// Why a whole file cannot be read; each has a stable slug and a message for a clerk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileProblem {
    Empty,
    TooLarge,
    TooManyRows,
    LegacyExcel,
    Utf16,
    /// Not valid UTF-8; the row (as a spreadsheet counts) where the first bad byte is.
    NotUtf8 {
        row: u64,
    },
    NotSpreadsheet,
    /// A ZIP file that is not a workbook, or a damaged one.
    BadWorkbook,
    /// Unpacking would take too much room, or the archive has too many parts.
    ZipBomb,
    NoSheet,
    /// The CSV text could not be split into cells at this row.
    Malformed {
        row: u64,
    },
}

impl FileProblem {
    pub fn slug(&self) -> &'static str {
        match self {
            FileProblem::Empty => "empty",
            FileProblem::TooLarge => "too_large",
            FileProblem::TooManyRows => "too_many_rows",
            FileProblem::LegacyExcel => "legacy_excel",
            FileProblem::Utf16 => "utf16",
            FileProblem::NotUtf8 { .. } => "not_utf8",
            FileProblem::NotSpreadsheet => "not_spreadsheet",
            FileProblem::BadWorkbook => "bad_workbook",
            FileProblem::ZipBomb => "zip_bomb",
            FileProblem::NoSheet => "no_sheet",
            FileProblem::Malformed { .. } => "malformed",
        }
    }
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileProblem::Empty => write!(f, "the file is empty"),
            FileProblem::TooLarge => write!(
                f,
                "the file is larger than {} MB; split it into several files",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            FileProblem::TooManyRows => write!(
                f,
                "the file has more than {MAX_ROWS} rows of candidates; split it into several files"
            ),
            FileProblem::LegacyExcel => write!(
                f,
                "this is an old Excel (.xls) file; save it as .xlsx or as CSV UTF-8 and upload that"
            ),
            FileProblem::Utf16 => write!(
                f,
                "the file is saved as UTF-16 text; save it as CSV UTF-8 and upload that"
            ),
            FileProblem::NotUtf8 { row } => write!(
                f,
                "row {row} holds characters that are not UTF-8; save the file as CSV UTF-8 and upload that"
            ),
            FileProblem::NotSpreadsheet => write!(
                f,
                "this is neither a CSV file nor an Excel workbook (.xlsx); download the template to see the format"
            ),
            FileProblem::BadWorkbook => write!(
                f,
                "the workbook is damaged or is not an Excel .xlsx file; open it in a spreadsheet and save it again"
            ),
            FileProblem::ZipBomb => write!(
                f,
                "the workbook would unpack to far more data than a roster holds, so it was not opened"
            ),
            FileProblem::NoSheet => write!(f, "the workbook has no sheet"),
            FileProblem::Malformed { row } => write!(
                f,
                "row {row} cannot be read as CSV (a quote is probably not closed)"
            ),
        }
    }
}

/// Tells the kind of file from its first bytes, before any parser touches it.
pub fn sniff(bytes: &[u8]) -> Result<FileKind, FileProblem> {
    if bytes.is_empty() {
        return Err(FileProblem::Empty);
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(FileProblem::TooLarge);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Ok(FileKind::Xlsx);
    }
    if bytes.starts_with(b"PK") {
        return Err(FileProblem::BadWorkbook);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(FileProblem::LegacyExcel);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(FileProblem::Utf16);
    }
    // Text never holds NUL bytes; PDFs, images and executables almost always do early on.
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) || bytes.starts_with(b"%PDF") {
        return Err(FileProblem::NotSpreadsheet);
    }
    if let Err(e) = std::str::from_utf8(bytes) {
        let row = 1 + bytes[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64;
        return Err(FileProblem::NotUtf8 { row });
    }
    Ok(FileKind::Csv)
}

/// One reason a row (or the header) is not taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    /// As a spreadsheet shows it: the header is row 1.
    pub row: u64,
    /// A column of the format, the name of an unknown column, or [`WHOLE_ROW`].
    pub column: String,
    pub reason: String,
}

impl Rejection {
    pub fn new(row: u64, column: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            row,
            column: column.into(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "row {}, column {}: {}",
            self.row, self.column, self.reason
        )
    }
}

/// How many rows went which way; the first line of every report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub rejected: u64,
}

impl fmt::Display for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "created {}, updated {}, unchanged {}, rejected {}",
            self.created, self.updated, self.unchanged, self.rejected
        )
    }
}

/// A rejected row as it came in, so it can be handed back with its reasons and fixed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedRow {
    pub row: u64,
    /// The cells under the format's columns, in [`ExpertFields::COLUMNS`] order.
    pub cells: Vec<String>,
    pub problems: Vec<Rejection>,
}

/// Longest cell kept with a rejected row; real values are far shorter, and a runaway cell (an
/// unclosed quote swallowing the file) must not be stored whole.
pub const KEPT_CELL_CHARS: usize = 2_000;

impl RejectedRow {
    pub fn new(row: u64, cells: Vec<String>, problems: Vec<Rejection>) -> Self {
        let cells = cells
            .into_iter()
            .map(|c| {
                if c.chars().count() > KEPT_CELL_CHARS {
                    c.chars().take(KEPT_CELL_CHARS).collect()
                } else {
                    c
                }
            })
            .collect();
        Self {
            row,
            cells,
            problems,
        }
    }
}

/// An updated row that changes who a vetted, suspended or under-review record names: the record
/// goes back to vetting (the row outcome "updated — back to vetting").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackToVetting {
    pub row: u64,
    pub external_ref: String,
    /// The identity fields that changed, as column names.
    pub fields: Vec<String>,
}

impl fmt::Display for BackToVetting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "row {} ({}): updated — back to vetting (identity changed: {})",
            self.row,
            self.external_ref,
            self.fields.join(", ")
        )
    }
}

/// The outcome of a dry run or a commit: the same text in the page, the CLI and the API.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub counts: Counts,
    /// Problems with the header row; when there are any, every data row is rejected.
    pub header: Vec<Rejection>,
    pub rows: Vec<RejectedRow>,
    /// Updated rows (counted in `counts.updated`) that send their record back to vetting.
    #[serde(default)]
    pub back_to_vetting: Vec<BackToVetting>,
}

impl Report {
    /// Every rejection, header first, then rows in file order.
    pub fn rejections(&self) -> impl Iterator<Item = &Rejection> {
        self.header
            .iter()
            .chain(self.rows.iter().flat_map(|r| r.problems.iter()))
    }

    /// Drops what the report keeps about one person (their rejected rows, whose cells hold
    /// their personal data, and their "back to vetting" lines), found by the external reference
    /// as typed in the file; the counts stay. Returns whether anything went.
    pub fn forget(&mut self, external_ref: &str) -> bool {
        let wanted = external_ref.trim().to_lowercase();
        if wanted.is_empty() {
            return false;
        }
        let same = |r: &str| r.trim().to_lowercase() == wanted;
        let before = (self.rows.len(), self.back_to_vetting.len());
        self.rows
            .retain(|r| !r.cells.first().is_some_and(|c| same(c)));
        self.back_to_vetting.retain(|b| !same(&b.external_ref));
        before != (self.rows.len(), self.back_to_vetting.len())
    }

    /// The report as lines: the summary, one line per row sent back to vetting, then one line
    /// per rejection.
    pub fn lines(&self) -> Vec<String> {
        std::iter::once(self.counts.to_string())
            .chain(self.back_to_vetting.iter().map(ToString::to_string))
            .chain(self.rejections().map(ToString::to_string))
            .collect()
    }
}

/// Where a file column goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// Index into [`ExpertFields::COLUMNS`].
    Field(usize),
    /// The reason column of a rejections file.
    Ignored,
    /// A column without a name: only allowed to stay empty.
    Unnamed,
}

const REQUIRED: [&str; 11] = [
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
];

/// Spreadsheet letters for a zero-based column index: 0 → A, 26 → AA.
pub fn column_letters(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8_lossy(&out).into_owned()
}

/// Edit distance, to suggest the column a typo meant.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn unknown_column(name: &str) -> String {
    let lower = name.to_lowercase();
    let closest = ExpertFields::COLUMNS
        .iter()
        .map(|c| (distance(&lower, c), *c))
        .min();
    match closest {
        Some((d, c)) if d <= 3 => format!("unknown column; did you mean {c}?"),
        _ => format!(
            "unknown column; the columns are {}",
            ExpertFields::COLUMNS.join(", ")
        ),
    }
}

/// The header row, understood: which file column feeds which field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    targets: Vec<Target>,
    /// For each field, the file column holding it, if the file has it.
    sources: [Option<usize>; ExpertFields::COLUMNS.len()],
}

impl Header {
    /// Matches names case-insensitively and in any order; reports every unknown, repeated or
    /// missing column at once.
    pub fn parse(cells: &[String]) -> Result<Header, Vec<Rejection>> {
        let mut problems = Vec::new();
        let mut targets = Vec::with_capacity(cells.len());
        let mut sources = [None; ExpertFields::COLUMNS.len()];
        // Trailing empty header cells are what spreadsheets leave behind; they are not columns.
        let width = cells
            .iter()
            .rposition(|c| !c.trim().trim_start_matches('\u{feff}').is_empty())
            .map_or(0, |i| i + 1);
        if width == 0 {
            return Err(vec![Rejection::new(
                1,
                WHOLE_ROW,
                "the first row must hold the column names; download the template to see them",
            )]);
        }
        for (i, raw) in cells.iter().take(width).enumerate() {
            let name = raw.trim().trim_start_matches('\u{feff}').trim();
            let lower = name.to_lowercase();
            if name.is_empty() {
                targets.push(Target::Unnamed);
            } else if lower == REASON_COLUMN {
                targets.push(Target::Ignored);
            } else if let Some(field) = ExpertFields::COLUMNS.iter().position(|c| *c == lower) {
                if let Some(first) = sources[field] {
                    problems.push(Rejection::new(
                        1,
                        ExpertFields::COLUMNS[field],
                        format!(
                            "the column appears twice (columns {} and {})",
                            column_letters(first),
                            column_letters(i)
                        ),
                    ));
                } else {
                    sources[field] = Some(i);
                }
                targets.push(Target::Field(field));
            } else {
                problems.push(Rejection::new(1, shown(name), unknown_column(name)));
                targets.push(Target::Ignored);
            }
        }
        if width == 1 && cells.first().is_some_and(|c| c.contains(';')) {
            problems.push(Rejection::new(
                1,
                WHOLE_ROW,
                "the columns are separated by semicolons; save the file as comma-separated CSV",
            ));
        } else {
            for name in REQUIRED {
                let field = ExpertFields::COLUMNS.iter().position(|c| *c == name);
                if field.is_some_and(|f| sources[f].is_none()) {
                    problems.push(Rejection::new(1, name, "this required column is missing"));
                }
            }
        }
        if problems.is_empty() {
            Ok(Header { targets, sources })
        } else {
            Err(problems)
        }
    }

    /// The name of a file column for a report: its field, or [`WHOLE_ROW`] when it has none.
    pub fn column_name(&self, index: usize) -> String {
        match self.targets.get(index) {
            Some(Target::Field(f)) => ExpertFields::COLUMNS[*f].to_owned(),
            _ => WHOLE_ROW.to_owned(),
        }
    }

    /// The row's cells under the format's columns, in template order (empty where not given).
    pub fn cells(&self, row: &[String]) -> Vec<String> {
        self.sources
            .iter()
            .map(|s| {
                s.and_then(|i| row.get(i))
                    .map(|c| restore(c).to_owned())
                    .unwrap_or_default()
            })
            .collect()
    }

    /// Problems with the row's shape rather than its values: cells beyond the header, values
    /// under a column without a name.
    pub fn shape_problems(&self, row_number: u64, row: &[String]) -> Vec<Rejection> {
        let mut problems = Vec::new();
        for (i, cell) in row.iter().enumerate() {
            if cell.trim().is_empty() {
                continue;
            }
            match self.targets.get(i) {
                None => {
                    problems.push(Rejection::new(
                        row_number,
                        WHOLE_ROW,
                        format!(
                            "the row has a value in column {}, beyond the last named column",
                            column_letters(i)
                        ),
                    ));
                    break;
                }
                Some(Target::Unnamed) => problems.push(Rejection::new(
                    row_number,
                    WHOLE_ROW,
                    format!(
                        "the row has a value in column {}, which has no name in the first row",
                        column_letters(i)
                    ),
                )),
                Some(_) => {}
            }
        }
        problems
    }
}

/// Fields from cells in [`ExpertFields::COLUMNS`] order, as [`Header::cells`] gives them.
pub fn fields_from_cells(cells: &[String]) -> ExpertFields {
    let cell = |name: &str| {
        ExpertFields::COLUMNS
            .iter()
            .position(|c| *c == name)
            .and_then(|i| cells.get(i))
            .cloned()
            .unwrap_or_default()
    };
    ExpertFields {
        external_ref: cell("external_ref"),
        given_names: cell("given_names"),
        family_name: cell("family_name"),
        latin_name: cell("latin_name"),
        gender: cell("gender"),
        date_of_birth: cell("date_of_birth"),
        nationalities: cell("nationalities"),
        email: cell("email"),
        phone: cell("phone"),
        years_experience: cell("years_experience"),
        categories: cell("categories"),
        skills: cell("skills"),
        languages: cell("languages"),
        notice_days: cell("notice_days"),
        available_from: cell("available_from"),
        available_to: cell("available_to"),
    }
}

/// Whether a row is blank through and through; spreadsheets end with such rows and they are skipped.
pub fn is_blank(row: &[String]) -> bool {
    row.iter().all(|c| c.trim().is_empty())
}

/// The references and e-mail addresses already given earlier in the file, to catch repeats.
#[derive(Debug, Default)]
pub struct SeenInFile {
    refs: HashMap<String, u64>,
    emails: HashMap<String, u64>,
}

impl SeenInFile {
    /// Records the row's reference and e-mail and reports them if an earlier row had them.
    /// Both keys are recorded even when other fields of the row are wrong, so that of two rows
    /// claiming one reference the second is never taken silently.
    pub fn check(&mut self, row: u64, fields: &ExpertFields) -> Vec<Rejection> {
        let mut problems = Vec::new();
        if let Ok(r) = ExternalRef::parse(&fields.external_ref) {
            match self.refs.get(r.as_str()) {
                Some(first) => problems.push(Rejection::new(
                    row,
                    "external_ref",
                    format!(
                        "{} is already used in row {first}; a reference can appear only once in a file",
                        r.as_str()
                    ),
                )),
                None => {
                    self.refs.insert(r.as_str().to_owned(), row);
                }
            }
        }
        if let Ok(e) = Email::parse(&fields.email) {
            match self.emails.get(e.as_str()) {
                Some(first) => problems.push(Rejection::new(
                    row,
                    "email",
                    format!("this e-mail address is already given in row {first}"),
                )),
                None => {
                    self.emails.insert(e.as_str().to_owned(), row);
                }
            }
        }
        problems
    }
}

/// Where a column stands in the template, for listing a row's problems left to right.
fn column_order(column: &str) -> usize {
    if column == WHOLE_ROW {
        return 0;
    }
    ExpertFields::COLUMNS
        .iter()
        .position(|c| *c == column)
        .map_or(usize::MAX, |i| i + 1)
}

/// Everything that can be said about one data row without the database: its shape, every field,
/// and repeats of an earlier row's reference or e-mail.
pub fn check_row(
    row: u64,
    header: &Header,
    raw: &[String],
    seen: &mut SeenInFile,
    today: NaiveDate,
) -> Result<(ExpertFields, ExpertInput), RejectedRow> {
    let cells = header.cells(raw);
    let fields = fields_from_cells(&cells);
    let mut problems = header.shape_problems(row, raw);
    problems.extend(seen.check(row, &fields));
    match fields.parse(today) {
        Ok(input) if problems.is_empty() => Ok((fields, input)),
        Ok(_) => Err(RejectedRow::new(row, cells, problems)),
        Err(errors) => {
            problems.extend(
                errors
                    .into_iter()
                    .map(|e| Rejection::new(row, e.field, e.message)),
            );
            problems.sort_by_key(|p| column_order(&p.column));
            Err(RejectedRow::new(row, cells, problems))
        }
    }
}

/// What a good row does to the roster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Create,
    Update,
    Unchanged,
}

/// A row for a reference the state already has updates that expert, unless nothing differs.
pub fn outcome(existing: Option<&ExpertFields>, incoming: &ExpertFields) -> Outcome {
    match existing {
        None => Outcome::Create,
        Some(before) if before == incoming => Outcome::Unchanged,
        Some(_) => Outcome::Update,
    }
}

/// A safe name to show and store for an uploaded file: its last path part, printable, bounded.
pub fn clean_file_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or(raw);
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control())
        .take(120)
        .collect::<String>()
        .trim()
        .to_owned();
    if cleaned.is_empty() {
        "upload".to_owned()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests;
