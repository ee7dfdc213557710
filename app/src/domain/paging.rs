//! Page numbers as people and links send them: 1 up to a bound, nothing meaning the first page.
//! Deep pages are refused rather than computed: an offset from a huge number would overflow.

/// The deepest page any list serves.
pub const MAX_PAGE: u64 = 10_000;

/// A page number known to be between 1 and [`MAX_PAGE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page(u64);

impl Page {
    pub const FIRST: Page = Page(1);

    pub fn new(n: u64) -> Result<Page, String> {
        if (1..=MAX_PAGE).contains(&n) {
            Ok(Page(n))
        } else {
            Err(format!("a page is 1 to {MAX_PAGE}"))
        }
    }

    /// Reads a page number as typed in a URL; empty is the first page.
    pub fn parse(raw: &str) -> Result<Page, String> {
        match raw.trim() {
            "" => Ok(Page::FIRST),
            text => text
                .parse::<u64>()
                .map_err(|_| format!("a page is 1 to {MAX_PAGE}"))
                .and_then(Page::new),
        }
    }

    pub fn get(self) -> u64 {
        self.0
    }

    /// Rows to skip before this page, `per_page` rows a page.
    pub fn offset(self, per_page: u64) -> u64 {
        (self.0 - 1).saturating_mul(per_page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn page_numbers_are_read_within_bounds() {
        let cases = [
            ("", Some(1)),
            (" 3 ", Some(3)),
            ("10000", Some(10_000)),
            ("10001", None),
            ("0", None),
            ("-1", None),
            ("18446744073709551615", None),
            ("18446744073709551616", None),
            ("two", None),
        ];
        for (raw, expected) in cases {
            assert_eq!(Page::parse(raw).ok().map(Page::get), expected, "{raw:?}");
        }
        assert_eq!(Page::FIRST.offset(50), 0);
    }

    proptest! {
        #[test]
        fn any_number_either_is_refused_or_gives_an_offset_without_overflow(n: u64, per in 1u64..1000) {
            if let Ok(p) = Page::new(n) {
                prop_assert_eq!(p.offset(per), (n - 1) * per);
            }
        }
    }
}
