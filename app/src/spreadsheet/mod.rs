//! Reading an uploaded CSV or XLSX file into rows of text cells, with the size limits checked
//! before anything is parsed or unpacked. What the cells mean is the domain's business.
mod csv_rows;
mod xlsx_rows;

use crate::domain::import::{FileKind, FileProblem, MAX_ROWS, sniff};

/// One row of the file: its number as a spreadsheet shows it, and its cells as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRow {
    pub number: u64,
    pub cells: Vec<String>,
    /// Cells holding a spreadsheet error (`#N/A`, `#REF!` …): zero-based column and the error.
    pub errors: Vec<(usize, String)>,
}

/// The rows of a file, header first, read on demand.
pub enum Rows<'a> {
    Csv(csv_rows::CsvRows<'a>),
    Xlsx(xlsx_rows::XlsxRows),
}

impl Rows<'_> {
    /// The next row; `Err` ends the file with a problem that concerns all of it.
    pub fn next_row(&mut self) -> Option<Result<RawRow, FileProblem>> {
        let next = match self {
            Rows::Csv(rows) => rows.next_row(),
            Rows::Xlsx(rows) => rows.next_row(),
        };
        match next {
            // The header is row 1, so data rows run to MAX_ROWS + 1.
            Some(Ok(row)) if row.number > MAX_ROWS + 1 => Some(Err(FileProblem::TooManyRows)),
            other => other,
        }
    }

    /// How far reading has got, as (done, total) in units of the file's own choosing.
    pub fn progress(&self) -> (u64, u64) {
        match self {
            Rows::Csv(rows) => rows.progress(),
            Rows::Xlsx(rows) => rows.progress(),
        }
    }
}

/// The checks that need no parsing: size, kind by content, and a workbook's archive directory.
pub fn precheck(bytes: &[u8]) -> Result<FileKind, FileProblem> {
    let kind = sniff(bytes)?;
    if kind == FileKind::Xlsx {
        xlsx_rows::check_archive(bytes)?;
    }
    Ok(kind)
}

/// Opens a file whatever its name says: the content decides between CSV and XLSX.
pub fn open(bytes: &[u8]) -> Result<(FileKind, Rows<'_>), FileProblem> {
    let kind = sniff(bytes)?;
    let rows = match kind {
        FileKind::Csv => Rows::Csv(csv_rows::CsvRows::new(bytes)),
        FileKind::Xlsx => Rows::Xlsx(xlsx_rows::XlsxRows::new(bytes)?),
    };
    Ok((kind, rows))
}

#[cfg(test)]
mod tests;
