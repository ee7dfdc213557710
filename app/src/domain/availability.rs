//! What an expert may say about their availability: windows, notice, longest deployment and the
//! regions they prefer or refuse, each checked with a reason naming the field.
use super::{
    expert::{FieldError, NoticeDays, parse_iso_date},
    readiness::AvailabilityKind,
};
use chrono::NaiveDate;

/// More windows than this is a diary, not a roster entry; the calendar stays readable.
pub const MAX_WINDOWS: usize = 40;
/// A window may reach at most this far ahead: plans beyond it are guesses.
pub const MAX_AHEAD_DAYS: i64 = 5 * 366;
/// The UN regions experts state preferences for, as stored on countries.
pub const REGIONS: [&str; 5] = ["Africa", "Americas", "Asia", "Europe", "Oceania"];
pub const LONGEST_MIN_DAYS: u32 = 14;
pub const LONGEST_MAX_DAYS: u32 = 730;

/// One window as stored: inclusive dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WindowSpan {
    pub kind: AvailabilityKind,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// Parses a new window against the ones already held. Windows never overlap, so the calendar
/// always says one thing about a day.
pub fn parse_window(
    kind: &str,
    from: &str,
    to: &str,
    existing: &[WindowSpan],
    today: NaiveDate,
) -> Result<WindowSpan, Vec<FieldError>> {
    let mut errors = Vec::new();
    let kind = AvailabilityKind::parse(kind);
    if kind.is_none() {
        errors.push(FieldError::new("kind", "choose available or unavailable"));
    }
    let from = parse_iso_date(from)
        .map_err(|e| errors.push(FieldError::new("from", e)))
        .ok();
    let to = parse_iso_date(to)
        .map_err(|e| errors.push(FieldError::new("to", e)))
        .ok();
    if let (Some(f), Some(t)) = (from, to) {
        if t < f {
            errors.push(FieldError::new(
                "to",
                format!("the window ends ({t}) before it starts ({f})"),
            ));
        }
        if t < today {
            errors.push(FieldError::new(
                "to",
                format!("{t} is in the past; only current and future windows are kept"),
            ));
        }
        if (t - today).num_days() > MAX_AHEAD_DAYS {
            errors.push(FieldError::new(
                "to",
                "a window may reach at most five years ahead",
            ));
        }
    }
    if existing.len() >= MAX_WINDOWS {
        errors.push(FieldError::new(
            "from",
            format!("at most {MAX_WINDOWS} windows; remove past or merged ones first"),
        ));
    }
    if let (Some(kind), Some(from), Some(to), true) = (kind, from, to, errors.is_empty()) {
        match existing.iter().find(|w| w.from <= to && from <= w.to) {
            Some(clash) => errors.push(FieldError::new(
                "from",
                format!(
                    "overlaps the {} window {} – {}; remove it first or choose other dates",
                    clash.kind.as_str(),
                    clash.from,
                    clash.to
                ),
            )),
            None => return Ok(WindowSpan { kind, from, to }),
        }
    }
    Err(errors)
}

/// How an expert feels about deploying to a region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionChoice {
    Any,
    Preferred,
    Excluded,
}

impl RegionChoice {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "" | "any" => Some(RegionChoice::Any),
            "preferred" => Some(RegionChoice::Preferred),
            "excluded" => Some(RegionChoice::Excluded),
            _ => None,
        }
    }

    /// The stored preference; `Any` is stored as no row.
    pub fn stored(self) -> Option<&'static str> {
        match self {
            RegionChoice::Any => None,
            RegionChoice::Preferred => Some("preferred"),
            RegionChoice::Excluded => Some("excluded"),
        }
    }
}

/// The settings part of the availability form, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AvailabilitySettings {
    pub notice_days: u16,
    pub longest_deployment_days: Option<u32>,
    /// One choice per entry of [`REGIONS`], in that order.
    pub regions: Vec<(&'static str, RegionChoice)>,
}

/// `regions` gives the raw choice for each of [`REGIONS`], in order. Excluding every region would
/// take the expert off every request without saying so; that is refused.
pub fn parse_settings(
    notice_days: &str,
    longest_days: &str,
    regions: &[String],
) -> Result<AvailabilitySettings, Vec<FieldError>> {
    let mut errors = Vec::new();
    let notice = NoticeDays::parse(notice_days)
        .map_err(|e| errors.push(FieldError::new("notice_days", e)))
        .ok();
    let longest = match longest_days.trim() {
        "" => Some(None),
        raw => match raw.parse::<u32>() {
            Ok(n) if (LONGEST_MIN_DAYS..=LONGEST_MAX_DAYS).contains(&n) => Some(Some(n)),
            _ => {
                errors.push(FieldError::new(
                    "longest_deployment_days",
                    format!(
                        "give a number of days from {LONGEST_MIN_DAYS} to {LONGEST_MAX_DAYS}, or leave it empty for no limit"
                    ),
                ));
                None
            }
        },
    };
    let mut parsed = Vec::new();
    for (i, region) in REGIONS.iter().enumerate() {
        let raw = regions.get(i).map(String::as_str).unwrap_or("");
        match RegionChoice::parse(raw) {
            Some(choice) => parsed.push((*region, choice)),
            None => errors.push(FieldError::new(
                "regions",
                format!("{region}: choose any, preferred or excluded"),
            )),
        }
    }
    if parsed.len() == REGIONS.len() && parsed.iter().all(|(_, c)| *c == RegionChoice::Excluded) {
        errors.push(FieldError::new(
            "regions",
            "excluding every region takes you off every request; leave at least one open",
        ));
    }
    match (notice, longest) {
        (Some(n), Some(longest)) if errors.is_empty() => Ok(AvailabilitySettings {
            notice_days: n.get(),
            longest_deployment_days: longest,
            regions: parsed,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn today() -> NaiveDate {
        day(2026, 12, 1)
    }

    fn fields(errors: &[FieldError]) -> Vec<&'static str> {
        errors.iter().map(|e| e.field).collect()
    }

    #[test]
    fn windows_are_checked_field_by_field() {
        let held = [WindowSpan {
            kind: AvailabilityKind::Unavailable,
            from: day(2027, 1, 10),
            to: day(2027, 1, 20),
        }];
        type Case<'a> = (&'a str, &'a str, &'a str, Result<(), &'a [&'a str]>);
        let cases: [Case; 8] = [
            ("available", "2027-02-01", "2027-03-01", Ok(())),
            ("available", "2026-12-01", "2026-12-01", Ok(())),
            ("sometimes", "2027-02-01", "2027-03-01", Err(&["kind"])),
            ("available", "2027-02-30", "2027-03-01", Err(&["from"])),
            ("available", "2027-03-01", "2027-02-01", Err(&["to"])),
            ("available", "2026-10-01", "2026-11-01", Err(&["to"])),
            ("available", "2027-01-20", "2027-02-01", Err(&["from"])),
            ("available", "2027-01-01", "2032-01-01", Err(&["to"])),
        ];
        for (kind, from, to, expected) in cases {
            let got = parse_window(kind, from, to, &held, today());
            match expected {
                Ok(()) => assert!(got.is_ok(), "{kind} {from} {to}: {got:?}"),
                Err(f) => assert_eq!(fields(&got.expect_err("refused")), f, "{kind} {from} {to}"),
            }
        }
    }

    #[test]
    fn an_overlap_names_the_window_it_hits() {
        let held = [WindowSpan {
            kind: AvailabilityKind::Available,
            from: day(2027, 1, 1),
            to: day(2027, 1, 31),
        }];
        let errors = parse_window("unavailable", "2027-01-31", "2027-02-05", &held, today())
            .expect_err("overlap");
        assert_eq!(
            errors[0].message,
            "overlaps the available window 2027-01-01 – 2027-01-31; remove it first or choose other dates"
        );
    }

    #[test]
    fn settings_refuse_bad_numbers_and_excluding_everything() {
        let any = vec![String::new(); 5];
        assert!(parse_settings("7", "", &any).is_ok());
        assert_eq!(
            parse_settings("7", "180", &any).map(|s| s.longest_deployment_days),
            Ok(Some(180))
        );
        assert_eq!(
            fields(&parse_settings("400", "", &any).expect_err("notice")),
            ["notice_days"]
        );
        assert_eq!(
            fields(&parse_settings("7", "5", &any).expect_err("short")),
            ["longest_deployment_days"]
        );
        let all_out = vec!["excluded".to_owned(); 5];
        assert_eq!(
            fields(&parse_settings("7", "", &all_out).expect_err("all")),
            ["regions"]
        );
        let odd = vec!["maybe".to_owned(); 1];
        assert_eq!(
            fields(&parse_settings("7", "", &odd).expect_err("odd")),
            ["regions"]
        );
    }

    proptest! {
        #[test]
        fn accepted_windows_never_overlap_what_is_held(
            spans in proptest::collection::vec((0i64..400, 0i64..60), 1..12),
            from in 0i64..400, len in 0i64..60,
        ) {
            let mut held: Vec<WindowSpan> = Vec::new();
            for (start, length) in spans {
                let f = today() + chrono::Duration::days(start);
                let t = f + chrono::Duration::days(length);
                if let Ok(w) = parse_window("available", &f.to_string(), &t.to_string(), &held, today()) {
                    held.push(w);
                }
            }
            let f = today() + chrono::Duration::days(from);
            let t = f + chrono::Duration::days(len);
            if let Ok(w) = parse_window("unavailable", &f.to_string(), &t.to_string(), &held, today()) {
                prop_assert!(held.iter().all(|h| h.to < w.from || w.to < h.from));
            }
        }
    }
}
