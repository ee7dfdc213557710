//! A horizontal stacked bar chart drawn as inline SVG on the server: colours come from classes
//! (no style attributes, so the strict CSP holds), and every figure is also given as text.
use leptos::prelude::*;

const BAR_AREA: u64 = 240;
const ROW: u64 = 40;
const WIDTH: u64 = BAR_AREA + 56;

/// Where each segment of a bar starts and how wide it is, in SVG units, when the longest bar
/// totals `max`. Segments end at rounded cumulative totals, so they never overlap, never leave
/// gaps, and a bar is exactly as long as a plain bar of its total would be.
pub fn segments(values: &[u64], max: u64) -> Vec<(u64, u64)> {
    let mut out = Vec::with_capacity(values.len());
    let (mut sum, mut start) = (0u64, 0u64);
    for v in values {
        sum = sum.saturating_add(*v);
        let end = sum.saturating_mul(BAR_AREA).checked_div(max).unwrap_or(0);
        out.push((start, end.saturating_sub(start)));
        start = end;
    }
    out
}

#[component]
pub fn StackedBarChart(
    /// The chart's title, read out as the figure's caption.
    title: String,
    /// Name of each segment, in stacking order; segment `i` is drawn with class `seg-i`.
    series: Vec<String>,
    /// Label of each bar and its value for each series, in display order.
    bars: Vec<(String, Vec<u64>)>,
) -> impl IntoView {
    let max = bars
        .iter()
        .map(|(_, values)| values.iter().sum::<u64>())
        .max()
        .unwrap_or(0);
    let height = ROW * bars.len() as u64;
    // The same figures as words, for screen readers and anyone who prefers numbers.
    let summary = bars
        .iter()
        .map(|(label, values)| {
            let parts = series
                .iter()
                .zip(values)
                .map(|(name, v)| format!("{name} {v}"))
                .collect::<Vec<_>>()
                .join(", ");
            format!("{label}: {parts}")
        })
        .collect::<Vec<_>>()
        .join("; ");
    view! {
        <figure class="chart">
            <figcaption>{title}</figcaption>
            <ul class="chart-legend">
                {series
                    .into_iter()
                    .enumerate()
                    .map(|(i, name)| view! {
                        <li>
                            <svg class="legend-swatch" viewBox="0 0 10 10" aria-hidden="true">
                                <rect width="10" height="10" rx="2" class=format!("seg-{i}") />
                            </svg>
                            {name}
                        </li>
                    })
                    .collect_view()}
            </ul>
            <svg
                class="bar-chart stacked-chart"
                viewBox=format!("0 0 {WIDTH} {height}")
                role="img"
                aria-label=summary
                preserveAspectRatio="xMinYMin meet"
            >
                {bars
                    .into_iter()
                    .enumerate()
                    .map(|(row, (label, values))| {
                        let y = ROW * row as u64;
                        let total: u64 = values.iter().sum();
                        let parts = segments(&values, max);
                        let end = parts.last().map_or(0, |(x, w)| x + w);
                        // Labels sit above their bar, so long category names never run into it.
                        view! {
                            <g>
                                <text x="0" y=y + 13 class="bar-label">{label}</text>
                                {parts
                                    .into_iter()
                                    .enumerate()
                                    .filter(|(_, (_, w))| *w > 0)
                                    .map(|(i, (x, w))| view! {
                                        <rect x=x y=y + 18 width=w height="16" class=format!("seg-{i}") />
                                    })
                                    .collect_view()}
                                <text x=end + 6 y=y + 31 class="bar-value">{total}</text>
                            </g>
                        }
                    })
                    .collect_view()}
            </svg>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_follow_each_other_and_scale_to_the_longest_bar() {
        type Case<'a> = (&'a [u64], u64, Vec<(u64, u64)>);
        let cases: [Case; 5] = [
            (&[0, 0, 0], 0, vec![(0, 0), (0, 0), (0, 0)]),
            (&[1, 1, 2], 4, vec![(0, 60), (60, 60), (120, 120)]),
            (&[1, 0, 1], 4, vec![(0, 60), (60, 0), (60, 60)]),
            (&[1, 1, 1], 3, vec![(0, 80), (80, 80), (160, 80)]),
            (&[1, 1], 3, vec![(0, 80), (80, 80)]),
        ];
        for (values, max, expected) in cases {
            assert_eq!(segments(values, max), expected, "{values:?} of {max}");
        }
    }

    #[test]
    fn rounding_never_makes_a_bar_longer_than_the_area() {
        let parts = segments(&[1, 1, 1], 7);
        let end = parts.last().map_or(0, |(x, w)| x + w);
        assert_eq!(end, 3 * BAR_AREA / 7);
        assert!(parts.windows(2).all(|p| p[0].0 + p[0].1 == p[1].0));
    }
}
