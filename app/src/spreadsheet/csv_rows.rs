//! CSV rows, streamed: UTF-8 with or without a byte-order mark, CRLF or LF, RFC 4180 quoting.
use super::RawRow;
use crate::domain::import::FileProblem;

pub struct CsvRows<'a> {
    body: &'a [u8],
    reader: csv::Reader<&'a [u8]>,
    record: csv::StringRecord,
    number: u64,
    /// Line breaks inside quoted cells so far: a spreadsheet shows such a cell in one row.
    inner_breaks: u64,
    total: u64,
}

impl<'a> CsvRows<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            // Rows shorter or longer than the header are judged per row, not refused wholesale.
            .flexible(true)
            .from_reader(body);
        Self {
            body,
            reader,
            record: csv::StringRecord::new(),
            number: 0,
            inner_breaks: 0,
            total: body.len() as u64,
        }
    }

    pub fn next_row(&mut self) -> Option<Result<RawRow, FileProblem>> {
        match self.reader.read_record(&mut self.record) {
            Ok(false) => None,
            Ok(true) => {
                // Blank lines are skipped by the reader but still count as spreadsheet rows; the
                // record's position is where the skipping began.
                let (line, byte) = self
                    .record
                    .position()
                    .map_or((self.number + 1, 0), |p| (p.line(), p.byte()));
                let skipped = self
                    .body
                    .get(usize::try_from(byte).unwrap_or(usize::MAX)..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|b| matches!(b, b'\r' | b'\n'))
                    .filter(|b| **b == b'\n')
                    .count() as u64;
                self.number = (line + skipped)
                    .saturating_sub(self.inner_breaks)
                    .max(self.number + 1);
                self.inner_breaks += self
                    .record
                    .iter()
                    .map(|c| c.matches('\n').count() as u64)
                    .sum::<u64>();
                Some(Ok(RawRow {
                    number: self.number,
                    cells: self.record.iter().map(str::to_owned).collect(),
                    errors: Vec::new(),
                }))
            }
            Err(e) => {
                let row = match e.kind() {
                    csv::ErrorKind::Utf8 { pos: Some(p), .. } => p.record() + 1,
                    _ => self.number + 1,
                };
                Some(Err(match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => FileProblem::NotUtf8 { row },
                    _ => FileProblem::Malformed { row },
                }))
            }
        }
    }

    pub fn progress(&self) -> (u64, u64) {
        (self.reader.position().byte(), self.total)
    }
}
