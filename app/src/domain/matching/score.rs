//! The score behind a rank: five parts in whole points, each explained in words on demand.
use super::{Brief, Candidate};
use crate::domain::{
    request::{Position, Urgency},
    taxonomy::Cefr,
};
use serde::{Deserialize, Serialize};

/// Points for a required skill held at the minimum level, and for each level above it.
const SKILL_MET: u32 = 20;
const SKILL_LEVEL_ABOVE: u32 = 5;
/// A required skill held below the minimum still counts for something.
const SKILL_BELOW: u32 = 5;
/// A language the position does not ask for, spoken at B2 or better.
const EXTRA_LANGUAGE: u32 = 4;
const EXTRA_LANGUAGES_COUNTED: u32 = 3;
/// Each CEFR step above a required level.
const LANGUAGE_STEP_ABOVE: u32 = 2;
const EXPERIENCE_YEARS_COUNTED: u32 = 15;
const MISSION_IN_REGION: u32 = 8;
const MISSIONS_COUNTED: u32 = 2;
const MISSION_IN_COUNTRY: u32 = 4;
/// Notice periods are compared up to 30 days; shorter is better, twice as much for rapid requests.
const NOTICE_HORIZON: u32 = 30;

/// The parts of a score, in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    Skills,
    Languages,
    Experience,
    Region,
    Readiness,
}

impl Part {
    pub const ALL: [Part; 5] = [
        Part::Skills,
        Part::Languages,
        Part::Experience,
        Part::Region,
        Part::Readiness,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Part::Skills => "Skills",
            Part::Languages => "Languages beyond the required",
            Part::Experience => "Experience beyond the minimum",
            Part::Region => "Prior missions in the region",
            Part::Readiness => "Readiness (notice period)",
        }
    }
}

/// A score's parts, in [`Part::ALL`] order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Points(pub [u32; 5]);

impl Points {
    pub fn total(&self) -> u32 {
        self.0.iter().sum()
    }
}

/// One line of "why ranked here".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreLine {
    pub part: Part,
    pub points: u32,
    pub detail: String,
}

fn skills(position: &Position, c: &Candidate, notes: &mut Option<Vec<String>>) -> u32 {
    let mut total = 0;
    for (skill, min) in &position.skills {
        let held = c.skills.iter().find(|(s, _)| s == skill).map(|(_, l)| *l);
        let (points, note) = match held {
            Some(level) if level >= *min => {
                let above = u32::from(level.get() - min.get());
                (
                    SKILL_MET + SKILL_LEVEL_ABOVE * above,
                    format!("{} at level {level} (minimum {min})", skill.label()),
                )
            }
            Some(level) => (
                SKILL_BELOW,
                format!(
                    "{} at level {level}, below the minimum {min}",
                    skill.label()
                ),
            ),
            None => (0, format!("no {}", skill.label().to_lowercase())),
        };
        total += points;
        if let Some(notes) = notes {
            notes.push(note);
        }
    }
    total
}

fn languages(position: &Position, c: &Candidate, notes: &mut Option<Vec<String>>) -> u32 {
    let mut above = 0;
    for (code, needed) in &position.languages {
        if let Some((_, has)) = c.languages.iter().find(|(l, _)| l == code)
            && has > needed
        {
            let steps = u32::from(has.rank() - needed.rank());
            above += LANGUAGE_STEP_ABOVE * steps;
            if let Some(notes) = notes {
                notes.push(format!("{code} at {has}, above {needed}"));
            }
        }
    }
    let mut extra = 0;
    for (code, level) in &c.languages {
        if *level >= Cefr::B2
            && !position.languages.iter().any(|(l, _)| l == code)
            && extra < EXTRA_LANGUAGES_COUNTED
        {
            extra += 1;
            if let Some(notes) = notes {
                notes.push(format!("also {code} at {level}"));
            }
        }
    }
    above + EXTRA_LANGUAGE * extra
}

fn experience(position: &Position, c: &Candidate, notes: &mut Option<Vec<String>>) -> u32 {
    let beyond = u32::from(c.years.saturating_sub(position.min_years));
    if let Some(notes) = notes {
        notes.push(format!(
            "{} years, minimum {}{}",
            c.years,
            position.min_years,
            if beyond > EXPERIENCE_YEARS_COUNTED {
                format!(" (counted up to {EXPERIENCE_YEARS_COUNTED} beyond)")
            } else {
                String::new()
            }
        ));
    }
    beyond.min(EXPERIENCE_YEARS_COUNTED)
}

fn region(brief: &Brief, c: &Candidate, notes: &mut Option<Vec<String>>) -> u32 {
    let in_region = c
        .mission_regions
        .iter()
        .filter(|r| **r == brief.host_region)
        .count();
    let in_country = c.mission_countries.contains(&brief.host_country);
    if let Some(notes) = notes {
        notes.push(match in_region {
            0 => format!("no prior mission in {}", brief.host_region),
            n => format!(
                "{n} prior mission{} in {}{}",
                if n == 1 { "" } else { "s" },
                brief.host_region,
                if in_country {
                    format!(", in {} itself", brief.host_country)
                } else {
                    String::new()
                }
            ),
        });
    }
    let counted = u32::try_from(in_region)
        .unwrap_or(u32::MAX)
        .min(MISSIONS_COUNTED);
    MISSION_IN_REGION * counted + if in_country { MISSION_IN_COUNTRY } else { 0 }
}

fn readiness(brief: &Brief, c: &Candidate, notes: &mut Option<Vec<String>>) -> u32 {
    let weight = match brief.urgency {
        Urgency::Rapid => 2,
        Urgency::Standard => 1,
    };
    let notice = u32::from(c.notice_days).min(NOTICE_HORIZON);
    if let Some(notes) = notes {
        notes.push(format!(
            "notice period {} days{}",
            c.notice_days,
            if weight > 1 {
                " (counts double: rapid request)"
            } else {
                ""
            }
        ));
    }
    weight * (NOTICE_HORIZON - notice) / 3
}

fn compute(
    brief: &Brief,
    position: &Position,
    c: &Candidate,
    notes: &mut [Option<Vec<String>>; 5],
) -> Points {
    let [s, l, e, r, d] = notes;
    Points([
        skills(position, c, s),
        languages(position, c, l),
        experience(position, c, e),
        region(brief, c, r),
        readiness(brief, c, d),
    ])
}

/// The score of an eligible candidate, without words: what ranking uses.
pub fn points(brief: &Brief, position: &Position, c: &Candidate) -> Points {
    compute(brief, position, c, &mut [None, None, None, None, None])
}

/// The score with every part explained: "why ranked here".
pub fn explain(brief: &Brief, position: &Position, c: &Candidate) -> Vec<ScoreLine> {
    let mut notes: [Option<Vec<String>>; 5] = std::array::from_fn(|_| Some(Vec::new()));
    let points = compute(brief, position, c, &mut notes);
    Part::ALL
        .into_iter()
        .zip(points.0)
        .zip(notes)
        .map(|((part, points), notes)| ScoreLine {
            part,
            points,
            detail: notes.unwrap_or_default().join("; "),
        })
        .collect()
}
