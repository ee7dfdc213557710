//! A six-month calendar of the expert's windows, drawn on the server so it reads without script.
use crate::views::portal::WindowRow;
use chrono::{Datelike, Months, NaiveDate};
use leptos::prelude::*;

/// What a day is, by the windows that cover it (windows never overlap).
pub fn day_kind(day: NaiveDate, windows: &[(String, NaiveDate, NaiveDate)]) -> Option<&str> {
    windows
        .iter()
        .find(|(_, from, to)| *from <= day && day <= *to)
        .map(|(kind, ..)| kind.as_str())
}

/// The weeks of `month` (its first day), Monday first; `None` pads the first and last week.
pub fn weeks(month: NaiveDate) -> Vec<[Option<NaiveDate>; 7]> {
    let mut out = Vec::new();
    let mut week = [None; 7];
    let mut day = month;
    while day.month() == month.month() {
        let col = day.weekday().num_days_from_monday() as usize;
        week[col] = Some(day);
        if col == 6 {
            out.push(week);
            week = [None; 7];
        }
        match day.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
    if week.iter().any(Option::is_some) {
        out.push(week);
    }
    out
}

#[component]
pub fn AvailabilityCalendar(
    today: String,
    windows: Vec<WindowRow>,
    /// Month names, January first, in the reader's language.
    month_names: Vec<String>,
    /// Monday-first day initials.
    day_names: Vec<String>,
    available: String,
    unavailable: String,
) -> impl IntoView {
    let Ok(today) = NaiveDate::parse_from_str(&today, "%Y-%m-%d") else {
        return ().into_any();
    };
    let spans: Vec<(String, NaiveDate, NaiveDate)> = windows
        .iter()
        .filter_map(|w| {
            Some((
                w.kind.clone(),
                NaiveDate::parse_from_str(&w.from, "%Y-%m-%d").ok()?,
                NaiveDate::parse_from_str(&w.to, "%Y-%m-%d").ok()?,
            ))
        })
        .collect();
    let first = today.with_day(1).unwrap_or(today);
    let months: Vec<NaiveDate> = (0..6)
        .filter_map(|i| first.checked_add_months(Months::new(i)))
        .collect();
    view! {
        <div class="calendar-strip">
            {months.into_iter().map(|m| {
                let title = format!("{} {}", month_names.get(m.month0() as usize).cloned().unwrap_or_default(), m.year());
                view! {
                    <table class="calendar">
                        <caption>{title}</caption>
                        <thead><tr>{day_names.iter().map(|d| view! { <th scope="col" abbr=d.clone()>{d.chars().next().map(String::from).unwrap_or_default()}</th> }).collect_view()}</tr></thead>
                        <tbody>
                            {weeks(m).into_iter().map(|week| view! {
                                <tr>
                                    {week.into_iter().map(|day| match day {
                                        None => view! { <td class="day-pad"></td> }.into_any(),
                                        Some(d) => {
                                            let kind = day_kind(d, &spans);
                                            let class = match kind {
                                                Some("available") => "day day-available",
                                                Some(_) => "day day-unavailable",
                                                None => "day",
                                            };
                                            let class = if d == today { format!("{class} day-today") } else { class.to_owned() };
                                            let said = match kind {
                                                Some("available") => Some(available.clone()),
                                                Some(_) => Some(unavailable.clone()),
                                                None => None,
                                            };
                                            view! {
                                                <td class=class>
                                                    {d.day()}
                                                    {said.map(|s| view! { <span class="visually-hidden">{format!(" {s}")}</span> })}
                                                </td>
                                            }.into_any()
                                        }
                                    }).collect_view()}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }
            }).collect_view()}
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    #[test]
    fn a_month_is_laid_out_monday_first() {
        // February 2027 starts on a Monday and has four full weeks.
        let feb = weeks(day(2027, 2, 1));
        assert_eq!(feb.len(), 4);
        assert_eq!(feb[0][0], Some(day(2027, 2, 1)));
        // December 2026 starts on a Tuesday.
        let dec = weeks(day(2026, 12, 1));
        assert_eq!(dec[0][0], None);
        assert_eq!(dec[0][1], Some(day(2026, 12, 1)));
        let days: usize = dec.iter().map(|w| w.iter().flatten().count()).sum();
        assert_eq!(days, 31);
    }

    #[test]
    fn a_day_takes_the_kind_of_the_window_covering_it() {
        let w = vec![
            ("available".to_owned(), day(2027, 1, 1), day(2027, 1, 10)),
            ("unavailable".to_owned(), day(2027, 1, 11), day(2027, 1, 11)),
        ];
        assert_eq!(day_kind(day(2027, 1, 10), &w), Some("available"));
        assert_eq!(day_kind(day(2027, 1, 11), &w), Some("unavailable"));
        assert_eq!(day_kind(day(2027, 1, 12), &w), None);
    }
}
