use super::*;
use std::io::Write;

fn all_rows(bytes: &[u8]) -> Result<Vec<RawRow>, FileProblem> {
    let (_, mut rows) = open(bytes)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next_row() {
        out.push(row?);
    }
    Ok(out)
}

fn cells(rows: &[RawRow]) -> Vec<(u64, Vec<&str>)> {
    rows.iter()
        .map(|r| (r.number, r.cells.iter().map(String::as_str).collect()))
        .collect()
}

#[test]
fn csv_with_bom_crlf_and_quoted_cells_reads_as_a_spreadsheet_shows_it() {
    let file = "\u{feff}a,b\r\n\"x, y\",\"two\r\nlines\"\r\n\r\n\"say \"\"hi\"\"\",z\r\nlast,row";
    let rows = all_rows(file.as_bytes()).unwrap_or_default();
    assert_eq!(
        cells(&rows),
        [
            (1, vec!["a", "b"]),
            (2, vec!["x, y", "two\r\nlines"]),
            (4, vec!["say \"hi\"", "z"]),
            (5, vec!["last", "row"]),
        ]
    );
}

#[test]
fn csv_rows_may_be_ragged() {
    let rows = all_rows(b"a,b,c\n1\n1,2,3,4\n").unwrap_or_default();
    assert_eq!(rows[1].cells.len(), 1);
    assert_eq!(rows[2].cells.len(), 4);
}

#[test]
fn csv_progress_reaches_the_end_of_the_file() {
    let file = b"a,b\n1,2\n3,4\n";
    let Ok((_, mut rows)) = open(file) else {
        panic!("open")
    };
    while rows.next_row().is_some() {}
    assert_eq!(rows.progress(), (file.len() as u64, file.len() as u64));
}

#[test]
fn a_csv_longer_than_the_limit_stops_with_a_clear_problem() {
    let mut file = String::from("a\n");
    for i in 0..=MAX_ROWS {
        file.push_str(&format!("{i}\n"));
    }
    assert_eq!(all_rows(file.as_bytes()), Err(FileProblem::TooManyRows));
}

fn zip_of(parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in parts {
        out.start_file(*name, options)
            .unwrap_or_else(|e| panic!("{e}"));
        out.write_all(body).unwrap_or_else(|e| panic!("{e}"));
    }
    out.finish().unwrap_or_else(|e| panic!("{e}")).into_inner()
}

#[test]
fn a_highly_compressed_part_is_refused_before_unpacking() {
    let bomb = zip_of(&[("xl/worksheets/sheet1.xml", vec![b'0'; 8 * 1024 * 1024])]);
    assert!(bomb.len() < 100_000);
    assert_eq!(all_rows(&bomb).err(), Some(FileProblem::ZipBomb));
}

#[test]
fn an_archive_with_too_many_parts_is_refused() {
    let parts: Vec<(String, Vec<u8>)> = (0..=crate::domain::import::XLSX_MAX_ENTRIES)
        .map(|i| (format!("p{i}"), Vec::new()))
        .collect();
    let refs: Vec<(&str, Vec<u8>)> = parts.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    assert_eq!(all_rows(&zip_of(&refs)).err(), Some(FileProblem::ZipBomb));
}

#[test]
fn a_zip_that_is_not_a_workbook_is_refused() {
    let not_a_book = zip_of(&[("readme.txt", b"hello".to_vec())]);
    assert_eq!(all_rows(&not_a_book).err(), Some(FileProblem::BadWorkbook));
}

#[test]
fn a_truncated_workbook_is_refused() {
    let book = zip_of(&[("readme.txt", vec![b'x'; 5000])]);
    assert_eq!(
        all_rows(&book[..book.len() / 2]).err(),
        Some(FileProblem::BadWorkbook)
    );
}
