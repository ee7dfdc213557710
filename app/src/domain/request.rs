//! Mission requests and their positions: the form fields, how they parse, and the request's life cycle.
use super::{
    expert::{FieldError, Problems, parse_iso_date, parse_languages, parse_skills, single_line},
    ids::UserId,
    member_state::MemberStateCode,
    taxonomy::{Category, Cefr, LanguageCode, Skill, SkillLevel},
};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// How fast the mission needs people: rapid means on the ground within 72 hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    Rapid,
    Standard,
}

impl Urgency {
    pub const ALL: [Urgency; 2] = [Urgency::Rapid, Urgency::Standard];

    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Rapid => "rapid",
            Urgency::Standard => "standard",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        Self::ALL
            .into_iter()
            .find(|u| u.as_str().eq_ignore_ascii_case(raw))
    }
}

/// Where a request stands. Partially filled and filled follow from accepted offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Draft,
    Open,
    PartiallyFilled,
    Filled,
    Closed,
    Cancelled,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 6] = [
        RequestStatus::Draft,
        RequestStatus::Open,
        RequestStatus::PartiallyFilled,
        RequestStatus::Filled,
        RequestStatus::Closed,
        RequestStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Draft => "draft",
            RequestStatus::Open => "open",
            RequestStatus::PartiallyFilled => "partially_filled",
            RequestStatus::Filled => "filled",
            RequestStatus::Closed => "closed",
            RequestStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    /// Closed and cancelled requests are history: nothing about them changes any more.
    pub fn is_final(self) -> bool {
        matches!(self, RequestStatus::Closed | RequestStatus::Cancelled)
    }

    /// Details and positions can change until experts are being placed.
    pub fn is_editable(self) -> bool {
        matches!(self, RequestStatus::Draft | RequestStatus::Open)
    }
}

impl fmt::Display for RequestStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_str().replace('_', " "))
    }
}

/// What a planner (or the system, once offers are accepted) may do to a request's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStep {
    /// Draft → open: the request is filed and matching results start to count.
    File,
    /// Accepted offers cover some of the head count.
    FillPartly,
    /// Accepted offers cover the whole head count.
    Fill,
    /// Every booking was released (the experts withdrew or left the vetted roster): open again.
    Reopen,
    Close,
    Cancel,
}

impl RequestStep {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "file" => Some(RequestStep::File),
            "fill_partly" => Some(RequestStep::FillPartly),
            "fill" => Some(RequestStep::Fill),
            "reopen" => Some(RequestStep::Reopen),
            "close" => Some(RequestStep::Close),
            "cancel" => Some(RequestStep::Cancel),
            _ => None,
        }
    }
}

/// The status a step leads to from `from`, or why it may not be taken.
pub fn next_status(
    from: RequestStatus,
    step: RequestStep,
    positions: usize,
) -> Result<RequestStatus, String> {
    use RequestStatus as S;
    use RequestStep as T;
    let to = match (from, step) {
        (S::Draft, T::File) if positions == 0 => {
            return Err("add at least one position before filing the request".to_owned());
        }
        (S::Draft, T::File) => S::Open,
        (S::Open | S::PartiallyFilled | S::Filled, T::FillPartly) => S::PartiallyFilled,
        (S::PartiallyFilled | S::Filled, T::Reopen) => S::Open,
        (S::Open | S::PartiallyFilled, T::Fill) => S::Filled,
        (S::Open | S::PartiallyFilled | S::Filled, T::Close) => S::Closed,
        (S::Draft | S::Open | S::PartiallyFilled, T::Cancel) => S::Cancelled,
        (from, step) => {
            return Err(format!(
                "a request that is {from} cannot be {}",
                match step {
                    T::File => "filed",
                    T::FillPartly => "partly filled",
                    T::Fill => "filled",
                    T::Reopen => "reopened",
                    T::Close => "closed",
                    T::Cancel => "cancelled",
                }
            ));
        }
    };
    Ok(to)
}

/// The request's own fields as a form or API sends them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestFields {
    pub mission: String,
    pub host_country: String,
    pub duty_station: String,
    pub requesting_unit: String,
    pub security_level: String,
    pub urgency: String,
}

/// UN security levels run from 1 (minimal) to 6 (extreme).
pub const SECURITY_LEVELS: [(u8, &str); 6] = [
    (1, "1 – minimal"),
    (2, "2 – low"),
    (3, "3 – moderate"),
    (4, "4 – substantial"),
    (5, "5 – high"),
    (6, "6 – extreme"),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestInput {
    pub mission: String,
    pub host_country: MemberStateCode,
    pub duty_station: String,
    pub requesting_unit: String,
    pub security_level: u8,
    pub urgency: Urgency,
}

impl RequestFields {
    /// Parses every field and reports every bad one. Whether the host country exists is checked
    /// against the reference data by the caller.
    pub fn parse(&self) -> Result<RequestInput, Vec<FieldError>> {
        let mut p = Problems::default();
        let text = |raw: &str, max| single_line(raw, max).map(str::to_owned);
        let mission = p.take("mission", text(&self.mission, 200));
        let host_country = p.take(
            "host_country",
            MemberStateCode::parse(&self.host_country).map_err(|_| {
                "choose the country the mission works in (a three-letter code such as SSD)"
                    .to_owned()
            }),
        );
        let duty_station = p.take("duty_station", text(&self.duty_station, 200));
        let requesting_unit = p.take("requesting_unit", text(&self.requesting_unit, 200));
        let security_level = p.take(
            "security_level",
            self.security_level
                .trim()
                .parse::<u8>()
                .ok()
                .filter(|l| (1..=6).contains(l))
                .ok_or_else(|| "choose a security level from 1 to 6".to_owned()),
        );
        let urgency = p.take(
            "urgency",
            Urgency::parse(&self.urgency).ok_or_else(|| "choose rapid or standard".to_owned()),
        );
        match (
            mission,
            host_country,
            duty_station,
            requesting_unit,
            security_level,
            urgency,
            p.0.is_empty(),
        ) {
            (
                Some(mission),
                Some(host_country),
                Some(duty_station),
                Some(requesting_unit),
                Some(security_level),
                Some(urgency),
                true,
            ) => Ok(RequestInput {
                mission,
                host_country,
                duty_station,
                requesting_unit,
                security_level,
                urgency,
            }),
            _ => Err(p.0),
        }
    }
}

/// One position's fields as a form or API sends them. Skills and languages use the upload
/// format's cells: `money-laundering:3;asset-recovery:2` and `fr:C1;en:B2`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionFields {
    pub title: String,
    pub category: String,
    pub skills: String,
    pub languages: String,
    pub min_years: String,
    pub start_on: String,
    pub duration_days: String,
    pub head_count: String,
}

/// A position's requirements, parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub title: String,
    pub category: Category,
    pub skills: Vec<(Skill, SkillLevel)>,
    pub languages: Vec<(LanguageCode, Cefr)>,
    pub min_years: u8,
    pub start_on: NaiveDate,
    pub duration_days: u32,
    pub head_count: u8,
}

/// The longest single deployment a position may ask for: two years.
pub const MAX_DURATION_DAYS: u32 = 730;
pub const MAX_HEAD_COUNT: u8 = 50;
/// More required languages than this would match nobody, and would not fit the stored cell.
pub const MAX_LANGUAGES: usize = 10;

impl Position {
    /// The last day of the deployment, both ends counted.
    pub fn end_on(&self) -> NaiveDate {
        self.start_on
            .checked_add_days(Days::new(u64::from(self.duration_days.max(1) - 1)))
            .unwrap_or(NaiveDate::MAX)
    }

    /// The cells this position is stored and edited as.
    pub fn fields(&self) -> PositionFields {
        PositionFields {
            title: self.title.clone(),
            category: self.category.slug().to_owned(),
            skills: skills_cell(&self.skills),
            languages: languages_cell(&self.languages),
            min_years: self.min_years.to_string(),
            start_on: self.start_on.to_string(),
            duration_days: self.duration_days.to_string(),
            head_count: self.head_count.to_string(),
        }
    }
}

pub fn skills_cell(skills: &[(Skill, SkillLevel)]) -> String {
    skills
        .iter()
        .map(|(s, l)| format!("{s}:{l}"))
        .collect::<Vec<_>>()
        .join(";")
}

pub fn languages_cell(languages: &[(LanguageCode, Cefr)]) -> String {
    languages
        .iter()
        .map(|(c, l)| format!("{c}:{l}"))
        .collect::<Vec<_>>()
        .join(";")
}

fn number<T: std::str::FromStr + PartialOrd + fmt::Display>(
    raw: &str,
    min: T,
    max: T,
    what: &str,
) -> Result<T, String> {
    let text = raw.trim();
    if text.is_empty() {
        return Err("is required".to_owned());
    }
    match text.parse::<T>() {
        Ok(n) if n >= min && n <= max => Ok(n),
        _ => Err(format!(
            "{} is not {what} from {min} to {max}",
            super::expert::quoted(text)
        )),
    }
}

impl PositionFields {
    /// Parses every field and reports every bad one. A start date in the past is refused for new
    /// and edited positions, since nobody can be deployed yesterday.
    pub fn parse(&self, today: NaiveDate) -> Result<Position, Vec<FieldError>> {
        let mut p = Problems::default();
        let title = p.take("title", single_line(&self.title, 120).map(str::to_owned));
        let category = p.take(
            "category",
            Category::parse(&self.category)
                .ok_or_else(|| "choose an expertise category".to_owned()),
        );
        let skills = p.take_all("skills", parse_skills(&self.skills));
        let languages = if self.languages.trim().is_empty() {
            Some(Vec::new())
        } else {
            p.take_all(
                "languages",
                parse_languages(&self.languages).and_then(|list| {
                    if list.len() > MAX_LANGUAGES {
                        Err(vec![format!(
                            "{} languages listed; a position can require at most {MAX_LANGUAGES}",
                            list.len()
                        )])
                    } else {
                        Ok(list)
                    }
                }),
            )
        };
        let min_years = p.take(
            "min_years",
            number(&self.min_years, 0u8, 60, "a number of years"),
        );
        let start_on = p.take(
            "start_on",
            parse_iso_date(&self.start_on).and_then(|d| {
                if d < today {
                    Err(format!("{d} is in the past"))
                } else {
                    Ok(d)
                }
            }),
        );
        let duration_days = p.take(
            "duration_days",
            number(
                &self.duration_days,
                1u32,
                MAX_DURATION_DAYS,
                "a number of days",
            ),
        );
        let head_count = p.take(
            "head_count",
            number(&self.head_count, 1u8, MAX_HEAD_COUNT, "a head count"),
        );
        match (
            title,
            category,
            skills,
            languages,
            min_years,
            start_on,
            duration_days,
            head_count,
            p.0.is_empty(),
        ) {
            (
                Some(title),
                Some(category),
                Some(skills),
                Some(languages),
                Some(min_years),
                Some(start_on),
                Some(duration_days),
                Some(head_count),
                true,
            ) => Ok(Position {
                title,
                category,
                skills,
                languages,
                min_years,
                start_on,
                duration_days,
                head_count,
            }),
            _ => Err(p.0),
        }
    }
}

/// What the permission policy needs to know about one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestFacts {
    pub owner: UserId,
    pub status: RequestStatus,
}

/// The step a request takes once `filled` of its `seats` are held by accepted, active or
/// completed deployments: filling follows the deployments, never a planner's click, both ways — a
/// request that loses a booking falls back from filled to partially filled, or to open.
pub fn fill_step(status: RequestStatus, filled: usize, seats: usize) -> Option<RequestStep> {
    use RequestStatus as S;
    if !matches!(status, S::Open | S::PartiallyFilled | S::Filled) || seats == 0 {
        return None;
    }
    let (target, step) = if filled >= seats {
        (S::Filled, RequestStep::Fill)
    } else if filled > 0 {
        (S::PartiallyFilled, RequestStep::FillPartly)
    } else {
        (S::Open, RequestStep::Reopen)
    };
    (target != status).then_some(step)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    fn position() -> PositionFields {
        PositionFields {
            title: "Senior prosecutor".into(),
            category: "prosecutor".into(),
            skills: "money-laundering:3;asset-recovery:2".into(),
            languages: "fr:C1;en:B2".into(),
            min_years: "8".into(),
            start_on: "2027-01-10".into(),
            duration_days: "180".into(),
            head_count: "2".into(),
        }
    }

    #[test]
    fn a_complete_position_parses_and_prints_back_the_same() {
        let parsed = position().parse(day("2026-11-29")).expect("valid");
        assert_eq!(parsed.end_on(), day("2027-07-08"));
        let again = parsed
            .fields()
            .parse(day("2026-11-29"))
            .expect("round trip");
        assert_eq!(again, parsed);
    }

    #[test]
    fn every_bad_position_field_is_named_with_its_reason() {
        type Spoil = fn(&mut PositionFields);
        let cases: &[(&str, Spoil, &str)] = &[
            ("title", |f| f.title = " ".into(), "is required"),
            ("category", |f| f.category = "astronaut".into(), "category"),
            ("skills", |f| f.skills = "juggling:2".into(), "not a skill"),
            ("languages", |f| f.languages = "fr:D1".into(), "CEFR"),
            (
                "languages",
                |f| {
                    f.languages =
                        "en:B2;fr:B2;es:B2;ar:B2;ru:B2;pt:B2;de:B2;it:B2;zh:B2;ja:B2;ko:B2".into()
                },
                "at most 10",
            ),
            ("min_years", |f| f.min_years = "61".into(), "from 0 to 60"),
            (
                "start_on",
                |f| f.start_on = "2026-11-28".into(),
                "in the past",
            ),
            (
                "start_on",
                |f| f.start_on = "10/01/2027".into(),
                "YYYY-MM-DD",
            ),
            (
                "duration_days",
                |f| f.duration_days = "0".into(),
                "from 1 to 730",
            ),
            ("head_count", |f| f.head_count = "x".into(), "head count"),
        ];
        for (field, spoil, reason) in cases {
            let mut fields = position();
            spoil(&mut fields);
            let errors = fields.parse(day("2026-11-29")).expect_err(field);
            assert!(
                errors
                    .iter()
                    .any(|e| e.field == *field && e.message.contains(reason)),
                "{field}: {errors:?}"
            );
        }
    }

    #[test]
    fn a_position_may_ask_for_no_language_at_all() {
        let mut fields = position();
        fields.languages = "  ".into();
        assert!(
            fields
                .parse(day("2026-11-29"))
                .expect("valid")
                .languages
                .is_empty()
        );
    }

    #[test]
    fn every_bad_request_field_is_reported_at_once() {
        let errors = RequestFields::default().parse().expect_err("empty");
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        for f in [
            "mission",
            "host_country",
            "duty_station",
            "requesting_unit",
            "security_level",
            "urgency",
        ] {
            assert!(fields.contains(&f), "{f} missing in {fields:?}");
        }
    }

    #[test]
    fn the_request_life_cycle_allows_exactly_these_steps() {
        use RequestStatus as S;
        use RequestStep as T;
        let steps = [
            T::File,
            T::FillPartly,
            T::Fill,
            T::Reopen,
            T::Close,
            T::Cancel,
        ];
        let allowed = [
            (S::Draft, T::File, S::Open),
            (S::Draft, T::Cancel, S::Cancelled),
            (S::Open, T::FillPartly, S::PartiallyFilled),
            (S::Open, T::Fill, S::Filled),
            (S::Open, T::Close, S::Closed),
            (S::Open, T::Cancel, S::Cancelled),
            (S::PartiallyFilled, T::FillPartly, S::PartiallyFilled),
            (S::PartiallyFilled, T::Fill, S::Filled),
            (S::PartiallyFilled, T::Reopen, S::Open),
            (S::Filled, T::FillPartly, S::PartiallyFilled),
            (S::Filled, T::Reopen, S::Open),
            (S::PartiallyFilled, T::Close, S::Closed),
            (S::PartiallyFilled, T::Cancel, S::Cancelled),
            (S::Filled, T::Close, S::Closed),
        ];
        for from in RequestStatus::ALL {
            for step in steps {
                let expected = allowed
                    .iter()
                    .find(|(f, s, _)| *f == from && *s == step)
                    .map(|(_, _, to)| *to);
                match (next_status(from, step, 1), expected) {
                    (Ok(to), Some(want)) => assert_eq!(to, want, "{from:?} {step:?}"),
                    (Err(message), None) => {
                        assert!(message.contains("cannot be"), "{message}")
                    }
                    (got, want) => panic!("{from:?} {step:?}: got {got:?}, want {want:?}"),
                }
            }
        }
    }

    #[test]
    fn a_request_without_positions_cannot_be_filed() {
        let err = next_status(RequestStatus::Draft, RequestStep::File, 0).expect_err("refused");
        assert!(err.contains("at least one position"));
    }

    #[test]
    fn a_request_fills_as_its_seats_are_taken() {
        use RequestStatus as S;
        let cases = [
            (S::Open, 0, 3, None),
            (S::Open, 1, 3, Some(RequestStep::FillPartly)),
            (S::Open, 3, 3, Some(RequestStep::Fill)),
            (S::PartiallyFilled, 2, 3, None),
            (S::PartiallyFilled, 3, 3, Some(RequestStep::Fill)),
            (S::Filled, 3, 3, None),
            (S::Filled, 2, 3, Some(RequestStep::FillPartly)),
            (S::Filled, 0, 3, Some(RequestStep::Reopen)),
            (S::PartiallyFilled, 0, 3, Some(RequestStep::Reopen)),
            (S::Draft, 1, 1, None),
            (S::Closed, 1, 1, None),
            (S::Open, 0, 0, None),
        ];
        for (status, filled, seats, expected) in cases {
            assert_eq!(
                fill_step(status, filled, seats),
                expected,
                "{status} {filled}/{seats}"
            );
            if let Some(step) = expected {
                assert!(next_status(status, step, 1).is_ok(), "{status} {step:?}");
            }
        }
    }
}
