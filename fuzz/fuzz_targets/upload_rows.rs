//! Any bytes as an uploaded file: reading rows and checking each against the format never panics.
#![no_main]

use app::{
    domain::import::{Header, SeenInFile, check_row},
    spreadsheet,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok((_, mut rows)) = spreadsheet::open(data) else {
        return;
    };
    let Some(today) = chrono::NaiveDate::from_ymd_opt(2026, 11, 29) else {
        return;
    };
    let mut header = None;
    let mut seen = SeenInFile::default();
    while let Some(Ok(row)) = rows.next_row() {
        match &header {
            None => match Header::parse(&row.cells) {
                Ok(h) => header = Some(h),
                Err(problems) => {
                    assert!(!problems.is_empty());
                    return;
                }
            },
            Some(h) => {
                if let Err(rejected) = check_row(row.number, h, &row.cells, &mut seen, today) {
                    assert!(!rejected.problems.is_empty());
                }
            }
        }
    }
});
