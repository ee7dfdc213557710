//! A horizontal bar chart drawn as inline SVG (no style attributes, so the strict CSP holds),
//! with the figures also given as text for screen readers and people who prefer numbers.

use leptos::prelude::*;

const BAR_AREA: u64 = 110;
const ROW: u64 = 28;
const LABEL_WIDTH: u64 = 112;

/// The width in SVG units of a bar for `value` when the largest value is `max`.
pub fn bar_width(value: u64, max: u64) -> u64 {
    value
        .saturating_mul(BAR_AREA)
        .checked_div(max)
        // A tiny but non-zero figure still gets a visible sliver.
        .map_or(0, |w| w.max(u64::from(value > 0) * 2))
}

#[component]
pub fn BarChart(
    /// The chart's title, read out as the figure's caption.
    title: String,
    /// Label and value of each bar, in display order.
    bars: Vec<(String, u64)>,
) -> impl IntoView {
    let max = bars.iter().map(|(_, v)| *v).max().unwrap_or(0);
    let height = ROW * bars.len() as u64;
    let width = LABEL_WIDTH + BAR_AREA + 36;
    let summary = bars
        .iter()
        .map(|(l, v)| format!("{l}: {v}"))
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <figure class="chart">
            <figcaption>{title}</figcaption>
            <svg
                class="bar-chart"
                viewBox=format!("0 0 {width} {height}")
                role="img"
                aria-label=summary
                preserveAspectRatio="xMinYMin meet"
            >
                {bars
                    .into_iter()
                    .enumerate()
                    .map(|(i, (label, value))| {
                        let y = ROW * i as u64;
                        let w = bar_width(value, max);
                        view! {
                            <g>
                                <text x="0" y=y + 18 class="bar-label">{label}</text>
                                <rect x=LABEL_WIDTH y=y + 5 width=w height="18" rx="3" class="bar" />
                                <text x=LABEL_WIDTH + w + 6 y=y + 18 class="bar-value">{value}</text>
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
    fn bars_scale_to_the_largest_value_and_small_values_stay_visible() {
        let cases = [
            (0, 0, 0),
            (0, 10, 0),
            (10, 10, BAR_AREA),
            (5, 10, BAR_AREA / 2),
            (1, 10_000, 2),
        ];
        for (value, max, expected) in cases {
            assert_eq!(bar_width(value, max), expected, "{value}/{max}");
        }
    }
}
