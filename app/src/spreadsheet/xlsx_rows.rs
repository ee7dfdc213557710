//! Rows of the first sheet of an XLSX workbook, after the archive has been judged safe to open.
use super::RawRow;
use crate::domain::import::{
    FileProblem, MAX_ROWS, XLSX_MAX_ENTRIES, XLSX_MAX_RATIO, XLSX_MAX_UNPACKED,
};
use calamine::{DataRef, Reader, Xlsx};
use std::io::Cursor;

/// Cells beyond this column are not kept, so a value far to the right cannot make every row huge.
const MAX_COLUMNS: usize = 256;
/// A part this small cannot hurt, whatever its ratio.
const SMALL_PART: u64 = 1024 * 1024;

/// Reads the archive's directory only — sizes as declared, nothing unpacked — and refuses a
/// workbook that would unpack to more than a roster ever holds.
pub fn check_archive(bytes: &[u8]) -> Result<(), FileProblem> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| FileProblem::BadWorkbook)?;
    if archive.len() > XLSX_MAX_ENTRIES {
        return Err(FileProblem::ZipBomb);
    }
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let part = archive
            .by_index_raw(i)
            .map_err(|_| FileProblem::BadWorkbook)?;
        let size = part.size();
        let packed = part.compressed_size().max(1);
        total = total.saturating_add(size);
        if total > XLSX_MAX_UNPACKED || (size > SMALL_PART && size / packed > XLSX_MAX_RATIO) {
            return Err(FileProblem::ZipBomb);
        }
    }
    Ok(())
}

/// A cell as the text a clerk typed: whole numbers without ".0", dates as ISO dates.
fn text(value: &DataRef<'_>) -> Result<String, String> {
    Ok(match value {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        DataRef::Float(f) => f.to_string(),
        DataRef::Bool(true) => "TRUE".to_owned(),
        DataRef::Bool(false) => "FALSE".to_owned(),
        DataRef::DateTime(d) if !d.is_duration() => match d.as_datetime() {
            Some(t) if t.time() == chrono::NaiveTime::MIN => t.format("%Y-%m-%d").to_string(),
            Some(t) => t.format("%Y-%m-%dT%H:%M:%S").to_string(),
            None => d.to_string(),
        },
        DataRef::DateTime(d) => d.to_string(),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => return Err(e.to_string()),
    })
}

pub struct XlsxRows {
    rows: std::vec::IntoIter<RawRow>,
    done: u64,
    total: u64,
}

impl XlsxRows {
    /// Reads the first sheet cell by cell (never the whole sheet as one grid); stops as soon as
    /// the sheet has more rows than a file may.
    pub fn new(bytes: &[u8]) -> Result<Self, FileProblem> {
        check_archive(bytes)?;
        let mut book: Xlsx<_> =
            Xlsx::new(Cursor::new(bytes)).map_err(|_| FileProblem::BadWorkbook)?;
        let first = book
            .sheet_names()
            .into_iter()
            .next()
            .ok_or(FileProblem::NoSheet)?;
        let mut cells = book
            .worksheet_cells_reader(&first)
            .map_err(|_| FileProblem::BadWorkbook)?;
        let mut rows: Vec<RawRow> = Vec::new();
        while let Some(cell) = cells.next_cell().map_err(|_| FileProblem::BadWorkbook)? {
            let value = cell.get_value();
            if matches!(value, DataRef::Empty) {
                continue;
            }
            let (r, c) = cell.get_position();
            let number = u64::from(r) + 1;
            if number > MAX_ROWS + 1 {
                return Err(FileProblem::TooManyRows);
            }
            if rows.last().is_none_or(|last| last.number != number) {
                if rows.len() as u64 > MAX_ROWS {
                    return Err(FileProblem::TooManyRows);
                }
                rows.push(RawRow {
                    number,
                    cells: Vec::new(),
                    errors: Vec::new(),
                });
            }
            let Some(row) = rows.last_mut() else {
                continue;
            };
            let column = c as usize;
            match text(value) {
                Ok(_) if column >= MAX_COLUMNS => {
                    row.errors
                        .push((column, "a value far beyond the last column".to_owned()));
                }
                Ok(t) => {
                    if row.cells.len() <= column {
                        row.cells.resize(column + 1, String::new());
                    }
                    row.cells[column] = t;
                }
                Err(e) => row.errors.push((column, e)),
            }
        }
        let total = rows.len() as u64;
        Ok(Self {
            rows: rows.into_iter(),
            done: 0,
            total,
        })
    }

    pub fn next_row(&mut self) -> Option<Result<RawRow, FileProblem>> {
        let row = self.rows.next()?;
        self.done += 1;
        Some(Ok(row))
    }

    pub fn progress(&self) -> (u64, u64) {
        (self.done, self.total)
    }
}
