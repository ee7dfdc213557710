//! Making exported cells safe to open in a spreadsheet.
use std::borrow::Cow;

/// Characters that make a spreadsheet treat a cell as a formula (or, for tab and carriage return,
/// let one be smuggled past a naive check).
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell that a spreadsheet would evaluate gets a leading apostrophe, so it is shown as text.
/// The stored value is never changed; only the exported copy is.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    // A cell that already starts with an apostrophe gets one more, so [`restore`] is exact.
    if cell.starts_with(FORMULA_START) || cell.starts_with('\'') {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Undoes [`neutralise`] on a cell read back from a file this app wrote, so a downloaded file
/// (a rejections list, say) can be fixed and uploaded again; any other cell is left as it is.
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_START) || rest.starts_with('\'') => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formula_cells_are_shown_as_text() {
        let cases = [
            (
                "=HYPERLINK(\"http://evil\")",
                "'=HYPERLINK(\"http://evil\")",
            ),
            ("+1+2", "'+1+2"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("Touré", "Touré"),
            ("O'Brien", "O'Brien"),
            ("'=", "''="),
            ("'quoted", "''quoted"),
            ("", ""),
            ("a=b", "a=b"),
        ];
        for (raw, expected) in cases {
            assert_eq!(neutralise(raw), expected, "{raw:?}");
        }
    }

    proptest! {
        #[test]
        fn no_exported_cell_starts_a_formula(cell in ".*") {
            let out = neutralise(&cell);
            prop_assert!(!out.starts_with(FORMULA_START));
            prop_assert!(out.ends_with(cell.as_str()));
        }

        #[test]
        fn cells_made_of_quotes_and_formula_signs_read_back_as_they_were(
            cell in "['=+@\t\r-]{0,4}[a-z' ]{0,4}"
        ) {
            let shown = neutralise(&cell);
            prop_assert!(!shown.starts_with(FORMULA_START));
            prop_assert_eq!(restore(&shown), cell.as_str());
        }

        #[test]
        fn a_neutralised_cell_reads_back_as_it_was(cell in ".*") {
            let shown = neutralise(&cell);
            prop_assert_eq!(restore(&shown), cell.as_str());
        }
    }
}
