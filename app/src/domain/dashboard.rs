//! Readiness dashboard figures: experts counted by tier across categories, regions and languages,
//! time to deploy against the 72-hour target, expiring credentials, and the rows of their CSV files.
use super::{
    export::neutralise,
    readiness::{Tier, is_stale},
};
use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Rapid requests promise an expert on the ground within 72 hours.
pub const TARGET_MINUTES: i64 = 72 * 60;

/// Upper bounds, in hours, of the bars of the time-to-deploy distribution; one more bar holds
/// everything beyond the last bound.
pub const HISTOGRAM_BOUNDS_HOURS: [i64; 4] = [24, 48, 72, 168];

/// The windows, in days, of the expiring-credentials counts.
pub const EXPIRY_WINDOWS: [u32; 3] = [30, 60, 90];

/// One expert as the dashboard counts them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpertRow {
    /// Category slugs.
    pub categories: Vec<String>,
    /// UN region of the nominating member state; empty when the state is not in the reference data.
    pub region: String,
    /// ISO 639-1 codes.
    pub languages: Vec<String>,
    pub tier: Tier,
}

/// How many experts reach each tier.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierCounts {
    pub ready_72h: u64,
    pub ready_30d: u64,
    pub not_ready: u64,
}

impl TierCounts {
    pub fn add(&mut self, tier: Tier) {
        let slot = match tier {
            Tier::Ready72h => &mut self.ready_72h,
            Tier::Ready30Days => &mut self.ready_30d,
            Tier::NotReady => &mut self.not_ready,
        };
        *slot = slot.saturating_add(1);
    }

    pub fn get(&self, tier: Tier) -> u64 {
        match tier {
            Tier::Ready72h => self.ready_72h,
            Tier::Ready30Days => self.ready_30d,
            Tier::NotReady => self.not_ready,
        }
    }

    pub fn total(&self) -> u64 {
        self.ready_72h
            .saturating_add(self.ready_30d)
            .saturating_add(self.not_ready)
    }
}

/// A label (category slug, region or language code) and the tiers of the experts under it.
pub type TierRow = (String, TierCounts);

/// Experts ready in 72 hours by category (rows) and region (columns).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrossTable {
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    /// `cells[r][c]` counts the experts of category `rows[r]` and region `columns[c]`.
    pub cells: Vec<Vec<u64>>,
}

/// Every readiness table of the dashboard.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Breakdown {
    pub totals: TierCounts,
    pub by_category: Vec<TierRow>,
    pub by_region: Vec<TierRow>,
    pub by_language: Vec<TierRow>,
    pub category_region: CrossTable,
}

/// Largest first, so that charts and tables lead with what matters; ties alphabetically, so the
/// order is the same on every load.
fn ranked(map: BTreeMap<&str, TierCounts>) -> Vec<TierRow> {
    let mut rows: Vec<TierRow> = map
        .into_iter()
        .map(|(label, counts)| (label.to_owned(), counts))
        .collect();
    rows.sort_by(|a, b| b.1.total().cmp(&a.1.total()).then_with(|| a.0.cmp(&b.0)));
    rows
}

/// Counts the experts by tier under each category, region and language. An expert listed under
/// two categories (or languages) counts under both, so those tables may add up to more than the
/// roster; a repeated entry in one expert's list counts once. The region table, having one
/// region per expert, always adds up to `totals`.
pub fn breakdown(experts: &[ExpertRow]) -> Breakdown {
    let mut totals = TierCounts::default();
    let mut by_category: BTreeMap<&str, TierCounts> = BTreeMap::new();
    let mut by_region: BTreeMap<&str, TierCounts> = BTreeMap::new();
    let mut by_language: BTreeMap<&str, TierCounts> = BTreeMap::new();
    let mut ready: BTreeMap<(&str, &str), u64> = BTreeMap::new();
    for e in experts {
        totals.add(e.tier);
        by_region.entry(e.region.as_str()).or_default().add(e.tier);
        let categories: BTreeSet<&str> = e.categories.iter().map(String::as_str).collect();
        for category in categories {
            by_category.entry(category).or_default().add(e.tier);
            if e.tier == Tier::Ready72h {
                let cell = ready.entry((category, e.region.as_str())).or_default();
                *cell = cell.saturating_add(1);
            }
        }
        let languages: BTreeSet<&str> = e.languages.iter().map(String::as_str).collect();
        for language in languages {
            by_language.entry(language).or_default().add(e.tier);
        }
    }
    let by_category = ranked(by_category);
    let by_region = ranked(by_region);
    let category_region = CrossTable {
        cells: by_category
            .iter()
            .map(|(category, _)| {
                by_region
                    .iter()
                    .map(|(region, _)| {
                        ready
                            .get(&(category.as_str(), region.as_str()))
                            .copied()
                            .unwrap_or(0)
                    })
                    .collect()
            })
            .collect(),
        rows: by_category.iter().map(|(c, _)| c.clone()).collect(),
        columns: by_region.iter().map(|(r, _)| r.clone()).collect(),
    };
    Breakdown {
        totals,
        by_category,
        by_region,
        by_language: ranked(by_language),
        category_region,
    }
}

/// Minutes from the request being opened to the expert on the ground. Instances whose clocks
/// differ slightly can record the two a few seconds in the wrong order; that counts as no time.
pub fn minutes_to_deploy(opened: DateTime<Utc>, on_ground: DateTime<Utc>) -> i64 {
    (on_ground - opened).num_minutes().max(0)
}

/// Time-to-deploy figures of a set of deployments, in minutes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeploySummary {
    pub count: u64,
    pub median_minutes: Option<i64>,
    pub p90_minutes: Option<i64>,
    /// Deployments on the ground within [`TARGET_MINUTES`].
    pub within_target: u64,
}

/// The nearest-rank percentile of an ascending list: the smallest value with at least `pct` per
/// cent of the list at or below it, that is the value at 1-based rank ⌈pct × n / 100⌉ (rank 1 for
/// `pct` 0). It is always one of the values, never an interpolation between two; the median is
/// the 50th percentile, so of an even count it is the lower of the two middle values.
/// `None` for an empty list.
pub fn percentile(sorted: &[i64], pct: u8) -> Option<i64> {
    let pct = usize::from(pct.min(100));
    let rank = pct.saturating_mul(sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

/// Count, median, 90th percentile and how many within the 72-hour target, of `minutes` in any order.
pub fn summarise(minutes: &[i64]) -> DeploySummary {
    let mut sorted = minutes.to_vec();
    sorted.sort_unstable();
    let within = sorted.iter().filter(|m| **m <= TARGET_MINUTES).count();
    DeploySummary {
        count: u64::try_from(sorted.len()).unwrap_or(u64::MAX),
        median_minutes: percentile(&sorted, 50),
        p90_minutes: percentile(&sorted, 90),
        within_target: u64::try_from(within).unwrap_or(u64::MAX),
    }
}

/// Deployments per bar of the distribution: up to 24 h, up to 48 h, up to 72 h, up to a week,
/// beyond. A bound belongs to the bar it ends, so exactly 72 hours is within the target.
pub fn histogram(minutes: &[i64]) -> Vec<u64> {
    let mut bars = vec![0u64; HISTOGRAM_BOUNDS_HOURS.len() + 1];
    for m in minutes {
        let bar = HISTOGRAM_BOUNDS_HOURS
            .iter()
            .position(|hours| *m <= hours * 60)
            .unwrap_or(HISTOGRAM_BOUNDS_HOURS.len());
        if let Some(count) = bars.get_mut(bar) {
            *count = count.saturating_add(1);
        }
    }
    bars
}

/// A duration as hours and minutes, e.g. `36 h 05`, read the same in English and French.
pub fn hours_minutes(minutes: i64) -> String {
    let minutes = minutes.max(0);
    format!("{} h {:02}", minutes / 60, minutes % 60)
}

/// Time to deploy of one request's deployments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestTimes {
    pub request_id: String,
    pub mission: String,
    /// `rapid` or `standard`.
    pub urgency: String,
    pub opened_on: String,
    pub summary: DeploySummary,
}

/// Passed checks expiring within a window, and the experts holding them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpiringCount {
    pub days: u32,
    pub checks: u64,
    pub experts: u64,
}

/// For each window, the checks expiring from `today` through `today + days`, both included (the
/// same window as the expiring-credentials list), and how many experts hold them: an expert with
/// two expiring checks counts once.
pub fn expiring_counts<K: Ord>(
    checks: &[(K, NaiveDate)],
    today: NaiveDate,
    windows: &[u32],
) -> Vec<ExpiringCount> {
    windows
        .iter()
        .map(|&days| {
            let until = today
                .checked_add_days(Days::new(u64::from(days)))
                .unwrap_or(NaiveDate::MAX);
            let inside: Vec<&(K, NaiveDate)> = checks
                .iter()
                .filter(|(_, on)| today <= *on && *on <= until)
                .collect();
            let experts: BTreeSet<&K> = inside.iter().map(|(k, _)| k).collect();
            ExpiringCount {
                days,
                checks: u64::try_from(inside.len()).unwrap_or(u64::MAX),
                experts: u64::try_from(experts.len()).unwrap_or(u64::MAX),
            }
        })
        .collect()
}

/// How many of these last-confirmed dates are stale on `today`, by the readiness rule.
pub fn stale_count(
    confirmed: impl IntoIterator<Item = Option<NaiveDate>>,
    today: NaiveDate,
) -> u64 {
    let stale = confirmed
        .into_iter()
        .filter(|on| is_stale(*on, today))
        .count();
    u64::try_from(stale).unwrap_or(u64::MAX)
}

/// The dashboard's downloadable tables; the slug names the file and the address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Table {
    Category,
    Region,
    Language,
    CategoryRegion,
    TimeToDeploy,
    Expiring,
}

impl Table {
    pub const ALL: [Table; 6] = [
        Table::Category,
        Table::Region,
        Table::Language,
        Table::CategoryRegion,
        Table::TimeToDeploy,
        Table::Expiring,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Table::Category => "category",
            Table::Region => "region",
            Table::Language => "language",
            Table::CategoryRegion => "category_region",
            Table::TimeToDeploy => "time_to_deploy",
            Table::Expiring => "expiring",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.slug() == raw)
    }

    /// Where the page links to download the table.
    pub fn href(self) -> String {
        format!("/dashboard/{}.csv", self.slug())
    }

    pub fn file_name(self) -> String {
        format!("readiness-{}.csv", self.slug())
    }
}

/// One CSV record, every cell made safe to open in a spreadsheet.
fn record<S: AsRef<str>>(cells: impl IntoIterator<Item = S>) -> Vec<String> {
    cells
        .into_iter()
        .map(|c| neutralise(c.as_ref()).into_owned())
        .collect()
}

fn optional(minutes: Option<i64>) -> String {
    // Decimal hours, so that a spreadsheet can compute with them.
    minutes.map_or_else(String::new, |m| format!("{:.1}", m as f64 / 60.0))
}

/// The records of a table counted by tier, header first; `label` names the first column.
pub fn tier_records(label: &str, rows: &[TierRow]) -> Vec<Vec<String>> {
    let mut out = vec![record([
        label,
        "ready_72h",
        "ready_30d",
        "not_ready",
        "total",
    ])];
    out.extend(rows.iter().map(|(name, c)| {
        record([
            name.clone(),
            c.ready_72h.to_string(),
            c.ready_30d.to_string(),
            c.not_ready.to_string(),
            c.total().to_string(),
        ])
    }));
    out
}

/// The records of the category × region table, header first.
pub fn cross_records(table: &CrossTable) -> Vec<Vec<String>> {
    let header = std::iter::once("category".to_owned()).chain(table.columns.iter().cloned());
    let mut out = vec![record(header)];
    out.extend(table.rows.iter().zip(&table.cells).map(|(row, cells)| {
        record(std::iter::once(row.clone()).chain(cells.iter().map(u64::to_string)))
    }));
    out
}

/// The records of time to deploy: first each named overall figure (e.g. `rapid`), then each
/// request. Durations are in decimal hours.
pub fn deploy_records(
    overall: &[(&str, DeploySummary)],
    requests: &[RequestTimes],
) -> Vec<Vec<String>> {
    let mut out = vec![record([
        "scope",
        "request_id",
        "mission",
        "urgency",
        "opened_on",
        "deployments",
        "median_hours",
        "p90_hours",
        "within_72h",
    ])];
    let figures = |s: &DeploySummary| {
        [
            s.count.to_string(),
            optional(s.median_minutes),
            optional(s.p90_minutes),
            s.within_target.to_string(),
        ]
    };
    for (urgency, s) in overall {
        out.push(record(
            ["overall".to_owned(), String::new(), String::new()]
                .into_iter()
                .chain([(*urgency).to_owned(), String::new()])
                .chain(figures(s)),
        ));
    }
    for r in requests {
        out.push(record(
            [
                "request".to_owned(),
                r.request_id.clone(),
                r.mission.clone(),
                r.urgency.clone(),
                r.opened_on.clone(),
            ]
            .into_iter()
            .chain(figures(&r.summary)),
        ));
    }
    out
}

/// The records of the expiring-credentials counts, header first.
pub fn expiring_records(counts: &[ExpiringCount]) -> Vec<Vec<String>> {
    let mut out = vec![record(["within_days", "checks", "experts"])];
    out.extend(counts.iter().map(|c| {
        record([
            c.days.to_string(),
            c.checks.to_string(),
            c.experts.to_string(),
        ])
    }));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    fn expert(categories: &[&str], region: &str, languages: &[&str], tier: Tier) -> ExpertRow {
        ExpertRow {
            categories: categories.iter().map(|s| (*s).to_owned()).collect(),
            region: region.to_owned(),
            languages: languages.iter().map(|s| (*s).to_owned()).collect(),
            tier,
        }
    }

    fn counts(ready_72h: u64, ready_30d: u64, not_ready: u64) -> TierCounts {
        TierCounts {
            ready_72h,
            ready_30d,
            not_ready,
        }
    }

    fn roster() -> Vec<ExpertRow> {
        use Tier::*;
        vec![
            expert(&["judge", "prosecutor"], "Africa", &["fr", "en"], Ready72h),
            expert(&["prosecutor"], "Africa", &["fr"], Ready30Days),
            expert(&["prosecutor"], "Europe", &["en"], Ready72h),
            expert(&["judge"], "Americas", &["es", "en"], NotReady),
            expert(
                &["prosecutor", "prosecutor"],
                "Europe",
                &["en", "en"],
                NotReady,
            ),
        ]
    }

    #[test]
    fn an_expert_in_two_categories_counts_under_both_and_once_overall() {
        let b = breakdown(&roster());
        assert_eq!(b.totals, counts(2, 1, 2));
        assert_eq!(
            b.by_category,
            vec![
                ("prosecutor".to_owned(), counts(2, 1, 1)),
                ("judge".to_owned(), counts(1, 0, 1)),
            ]
        );
        assert_eq!(
            b.by_language,
            vec![
                ("en".to_owned(), counts(2, 0, 2)),
                ("fr".to_owned(), counts(1, 1, 0)),
                ("es".to_owned(), counts(0, 0, 1)),
            ]
        );
    }

    #[test]
    fn regions_rank_largest_first_then_alphabetically() {
        let b = breakdown(&roster());
        let regions: Vec<(&str, u64)> = b
            .by_region
            .iter()
            .map(|(r, c)| (r.as_str(), c.total()))
            .collect();
        assert_eq!(regions, vec![("Africa", 2), ("Europe", 2), ("Americas", 1)]);
    }

    #[test]
    fn the_cross_table_counts_experts_ready_in_72_hours_by_category_and_region() {
        let b = breakdown(&roster());
        assert_eq!(b.category_region.rows, vec!["prosecutor", "judge"]);
        assert_eq!(
            b.category_region.columns,
            vec!["Africa", "Europe", "Americas"]
        );
        assert_eq!(b.category_region.cells, vec![vec![1, 1, 0], vec![1, 0, 0]]);
    }

    #[test]
    fn an_empty_roster_has_empty_tables() {
        let b = breakdown(&[]);
        assert_eq!(b, Breakdown::default());
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        let ten: Vec<i64> = (1..=10).collect();
        let cases: [(&[i64], u8, Option<i64>); 9] = [
            (&[], 50, None),
            (&[7], 50, Some(7)),
            (&[7], 90, Some(7)),
            (&[1, 2], 50, Some(1)),
            (&[1, 2, 3], 50, Some(2)),
            (&ten, 50, Some(5)),
            (&ten, 90, Some(9)),
            (&ten, 91, Some(10)),
            (&ten, 0, Some(1)),
        ];
        for (sorted, pct, expected) in cases {
            assert_eq!(percentile(sorted, pct), expected, "{sorted:?} p{pct}");
        }
    }

    #[test]
    fn a_summary_counts_deployments_within_72_hours_inclusive() {
        let minutes = [TARGET_MINUTES + 1, 60, TARGET_MINUTES, 30 * 60];
        assert_eq!(
            summarise(&minutes),
            DeploySummary {
                count: 4,
                median_minutes: Some(30 * 60),
                p90_minutes: Some(TARGET_MINUTES + 1),
                within_target: 3,
            }
        );
        assert_eq!(summarise(&[]), DeploySummary::default());
    }

    #[test]
    fn each_bound_belongs_to_the_bar_it_ends() {
        let h = |hours: i64| hours * 60;
        let minutes = [
            0,
            h(24),
            h(24) + 1,
            h(48),
            h(72),
            h(72) + 1,
            h(168),
            h(168) + 1,
        ];
        assert_eq!(histogram(&minutes), vec![2, 2, 1, 2, 1]);
        assert_eq!(histogram(&[]), vec![0; 5]);
    }

    #[test]
    fn time_to_deploy_never_runs_backwards() {
        let opened = day("2026-11-29")
            .and_hms_opt(8, 0, 0)
            .expect("time")
            .and_utc();
        let cases = [
            (opened + chrono::Duration::minutes(90), 90),
            (opened + chrono::Duration::hours(72), TARGET_MINUTES),
            (opened - chrono::Duration::seconds(5), 0),
        ];
        for (on_ground, expected) in cases {
            assert_eq!(minutes_to_deploy(opened, on_ground), expected);
        }
        assert_eq!(hours_minutes(36 * 60 + 5), "36 h 05");
        assert_eq!(hours_minutes(-3), "0 h 00");
    }

    #[test]
    fn expiring_windows_include_both_ends_and_count_each_expert_once() {
        let today = day("2026-11-29");
        let checks = [
            (1, day("2026-11-29")),
            (1, day("2026-12-29")),
            (2, day("2026-12-30")),
            (3, day("2027-02-27")),
            (4, day("2027-02-28")),
            (5, day("2026-11-28")),
        ];
        let got = expiring_counts(&checks, today, &EXPIRY_WINDOWS);
        let expected = [(30, 2, 1), (60, 3, 2), (90, 4, 3)];
        let got: Vec<(u32, u64, u64)> = got.iter().map(|c| (c.days, c.checks, c.experts)).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn availability_is_stale_by_the_readiness_rule() {
        let today = day("2026-11-29");
        let dates = [
            None,
            Some(day("2026-11-01")),
            Some(today - chrono::Duration::days(90)),
            Some(today - chrono::Duration::days(91)),
        ];
        assert_eq!(stale_count(dates, today), 2);
    }

    #[test]
    fn tables_parse_from_their_slugs_only() {
        for t in Table::ALL {
            assert_eq!(Table::parse(t.slug()), Some(t));
        }
        assert_eq!(Table::parse("category.csv"), None);
        assert_eq!(Table::parse("../roster"), None);
        assert_eq!(
            Table::CategoryRegion.href(),
            "/dashboard/category_region.csv"
        );
    }

    #[test]
    fn exported_labels_cannot_start_a_formula() {
        let rows = vec![("=HYPERLINK(\"x\")".to_owned(), counts(1, 2, 3))];
        let records = tier_records("category", &rows);
        assert_eq!(
            records,
            vec![
                vec!["category", "ready_72h", "ready_30d", "not_ready", "total"],
                vec!["'=HYPERLINK(\"x\")", "1", "2", "3", "6"],
            ]
        );
        let cross = CrossTable {
            rows: vec!["judge".into()],
            columns: vec!["+Africa".into()],
            cells: vec![vec![4]],
        };
        assert_eq!(
            cross_records(&cross),
            vec![vec!["category", "'+Africa"], vec!["judge", "4"]]
        );
    }

    #[test]
    fn time_to_deploy_records_give_hours_with_one_decimal() {
        let s = summarise(&[90, 30]);
        let r = RequestTimes {
            request_id: "r1".into(),
            mission: "-MINUSCA".into(),
            urgency: "rapid".into(),
            opened_on: "2026-11-01".into(),
            summary: s,
        };
        let records = deploy_records(&[("rapid", s)], &[r]);
        assert_eq!(records.len(), 3);
        assert_eq!(
            records[1],
            vec!["overall", "", "", "rapid", "", "2", "0.5", "1.5", "2"]
        );
        assert_eq!(
            records[2],
            vec![
                "request",
                "r1",
                "'-MINUSCA",
                "rapid",
                "2026-11-01",
                "2",
                "0.5",
                "1.5",
                "2"
            ]
        );
        let expiring = expiring_records(&[ExpiringCount {
            days: 30,
            checks: 5,
            experts: 4,
        }]);
        assert_eq!(expiring[1], vec!["30", "5", "4"]);
    }

    fn tier_of(n: u8) -> Tier {
        Tier::ALL[usize::from(n % 3)]
    }

    proptest! {
        #[test]
        fn with_one_category_each_the_tiers_add_up_to_the_roster(
            experts in prop::collection::vec((0u8..4, 0u8..3, 0u8..3), 0..60)
        ) {
            let roster: Vec<ExpertRow> = experts
                .iter()
                .map(|(c, r, t)| expert(&[["judge", "prosecutor", "customs-border", "civil-servant"][usize::from(*c)]], ["Africa", "Asia", ""][usize::from(*r)], &["fr"], tier_of(*t)))
                .collect();
            let b = breakdown(&roster);
            let n = roster.len() as u64;
            prop_assert_eq!(b.totals.total(), n);
            prop_assert_eq!(b.by_category.iter().map(|(_, c)| c.total()).sum::<u64>(), n);
            prop_assert_eq!(b.by_region.iter().map(|(_, c)| c.total()).sum::<u64>(), n);
            for tier in Tier::ALL {
                prop_assert_eq!(b.by_category.iter().map(|(_, c)| c.get(tier)).sum::<u64>(), b.totals.get(tier));
            }
            let cross: u64 = b.category_region.cells.iter().flatten().sum();
            prop_assert_eq!(cross, b.totals.ready_72h);
        }

        #[test]
        fn median_and_p90_are_inputs_in_order(minutes in prop::collection::vec(-100i64..20_000, 1..80)) {
            let s = summarise(&minutes);
            let (median, p90) = (s.median_minutes.unwrap_or(i64::MIN), s.p90_minutes.unwrap_or(i64::MIN));
            prop_assert!(minutes.contains(&median));
            prop_assert!(minutes.contains(&p90));
            prop_assert!(median <= p90);
            let at_or_below = minutes.iter().filter(|m| **m <= p90).count();
            prop_assert!(at_or_below * 10 >= minutes.len() * 9);
            prop_assert_eq!(s.count, minutes.len() as u64);
            prop_assert_eq!(histogram(&minutes).iter().sum::<u64>(), minutes.len() as u64);
            let within: u64 = histogram(&minutes).iter().take(3).sum();
            prop_assert_eq!(within, s.within_target);
        }

        #[test]
        fn a_wider_window_never_counts_fewer(offsets in prop::collection::vec((0u8..6, -10i64..120), 0..40)) {
            let today = day("2026-11-29");
            let checks: Vec<(u8, NaiveDate)> = offsets
                .iter()
                .map(|(who, d)| (*who, today + chrono::Duration::days(*d)))
                .collect();
            let counts = expiring_counts(&checks, today, &EXPIRY_WINDOWS);
            for pair in counts.windows(2) {
                prop_assert!(pair[0].checks <= pair[1].checks);
                prop_assert!(pair[0].experts <= pair[1].experts);
                prop_assert!(pair[1].experts <= pair[1].checks);
            }
        }
    }
}
