//! Loading experts as matching candidates: vetted only, narrowed in SQL by what positions need
//! for certain, then every list matching scores on, in one query per table. Never contact details.
use crate::{
    domain::{
        deployment::DeploymentState,
        ids::ExpertId,
        matching::Candidate,
        member_state::MemberStateCode,
        readiness::{AvailabilityKind, Window},
        taxonomy::{Category, Cefr, Gender, LanguageCode, Skill, SkillLevel},
        vetting::{CheckKind, CheckRecord, CheckStatus, RosterStatus},
    },
    error::AppError,
    server::entities::{
        availability_window, country, deployment, expert, expert_category, expert_language,
        expert_nationality, expert_region, expert_skill, prior_mission, vetting_check,
    },
};
use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter,
    QuerySelect,
    sea_query::{Expr, ExprTrait, Query, SelectStatement},
};
use std::collections::HashMap;
use uuid::Uuid;

/// What a position needs for certain. The SQL only ever narrows by conditions the matching rules
/// also impose, so it can drop no one the rules would keep; the rules then decide exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    pub category: Category,
    pub min_years: u8,
    pub languages: Vec<(LanguageCode, Cefr)>,
    /// Nationals of this country are left out (the rule was not waived).
    pub not_national_of: Option<MemberStateCode>,
    /// Every mandatory check passed and not expiring before this day.
    pub checks_through: Option<NaiveDate>,
    pub max_notice: Option<u16>,
}

impl Need {
    /// Everyone vetted in the category: what "why not" and what-if look at.
    pub fn category(category: Category) -> Self {
        Need {
            category,
            min_years: 0,
            languages: Vec::new(),
            not_national_of: None,
            checks_through: None,
            max_notice: None,
        }
    }
}

fn exists(mut sub: SelectStatement) -> Expr {
    Expr::exists(sub.expr(Expr::val(1)).to_owned())
}

fn need_condition(need: &Need) -> Condition {
    let mut cond = Condition::all().add(exists(
        Query::select()
            .from(expert_category::Entity)
            .and_where(
                Expr::col((expert_category::Entity, expert_category::Column::ExpertId))
                    .equals((expert::Entity, expert::Column::Id)),
            )
            .and_where(
                Expr::col((expert_category::Entity, expert_category::Column::Category))
                    .eq(need.category.slug()),
            )
            .to_owned(),
    ));
    if need.min_years > 0 {
        cond = cond.add(expert::Column::YearsExperience.gte(i16::from(need.min_years)));
    }
    if let Some(notice) = need.max_notice {
        cond = cond.add(expert::Column::NoticeDays.lte(i32::from(notice)));
    }
    for (code, level) in &need.languages {
        cond = cond.add(exists(
            Query::select()
                .from(expert_language::Entity)
                .and_where(
                    Expr::col((expert_language::Entity, expert_language::Column::ExpertId))
                        .equals((expert::Entity, expert::Column::Id)),
                )
                .and_where(
                    Expr::col((expert_language::Entity, expert_language::Column::Language))
                        .eq(code.as_str()),
                )
                .and_where(
                    Expr::col((expert_language::Entity, expert_language::Column::Level))
                        .gte(i16::from(level.rank())),
                )
                .to_owned(),
        ));
    }
    cond
}

/// Conditions every need shares (host nationality, checks through the earliest end): taken out
/// of the per-need alternatives, so the database tests them once per expert.
fn shared_condition(needs: &[Need]) -> Condition {
    let mut cond = Condition::all();
    let hosts: Vec<&Option<MemberStateCode>> = needs.iter().map(|n| &n.not_national_of).collect();
    let through = needs
        .iter()
        .map(|n| n.checks_through)
        .collect::<Option<Vec<NaiveDate>>>()
        .and_then(|days| days.into_iter().min());
    let need = Need {
        not_national_of: match hosts.first() {
            Some(Some(host)) if hosts.iter().all(|h| h.as_ref() == Some(host)) => {
                Some(host.clone())
            }
            _ => None,
        },
        checks_through: through,
        ..Need::category(Category::Judge)
    };
    if let Some(host) = &need.not_national_of {
        cond = cond.add(
            exists(
                Query::select()
                    .from(expert_nationality::Entity)
                    .and_where(
                        Expr::col((
                            expert_nationality::Entity,
                            expert_nationality::Column::ExpertId,
                        ))
                        .equals((expert::Entity, expert::Column::Id)),
                    )
                    .and_where(
                        Expr::col((
                            expert_nationality::Entity,
                            expert_nationality::Column::Country,
                        ))
                        .eq(host.as_str()),
                    )
                    .to_owned(),
            )
            .not(),
        );
    }
    if let Some(through) = need.checks_through {
        // One row per kind (the key is expert and kind), so five passing rows are all five checks.
        let passing = Query::select()
            .expr(Expr::cust("COUNT(*)"))
            .from(vetting_check::Entity)
            .and_where(
                Expr::col((vetting_check::Entity, vetting_check::Column::ExpertId))
                    .equals((expert::Entity, expert::Column::Id)),
            )
            .and_where(
                Expr::col((vetting_check::Entity, vetting_check::Column::Status))
                    .eq(CheckStatus::Passed.as_str()),
            )
            .cond_where(
                Condition::any()
                    .add(
                        Expr::col((vetting_check::Entity, vetting_check::Column::ExpiresOn))
                            .is_null(),
                    )
                    .add(
                        Expr::col((vetting_check::Entity, vetting_check::Column::ExpiresOn))
                            .gte(through),
                    ),
            )
            .to_owned();
        let passing = Expr::SubQuery(None, Box::new(passing.into()));
        cond = cond.add(passing.eq(CheckKind::ALL.len() as i32));
    }
    cond
}

/// Vetted experts meeting at least one of `needs`.
fn condition(needs: &[Need]) -> Condition {
    let any = needs
        .iter()
        .fold(Condition::any(), |any, need| any.add(need_condition(need)));
    Condition::all()
        .add(expert::Column::RosterStatus.eq(RosterStatus::Vetted.as_str()))
        .add(shared_condition(needs))
        .add(any)
}

#[derive(Debug, FromQueryResult)]
struct Core {
    id: Uuid,
    sort_name: String,
    member_state: String,
    gender: String,
    years_experience: i16,
    notice_days: i16,
    longest_deployment_days: Option<i32>,
    available_from: Option<NaiveDate>,
    available_to: Option<NaiveDate>,
}

/// UN region of every country, by code.
pub async fn regions(db: &impl ConnectionTrait) -> Result<HashMap<String, String>, AppError> {
    Ok(country::Entity::find()
        .select_only()
        .columns([country::Column::Code, country::Column::UnRegion])
        .into_tuple::<(String, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

fn code(raw: &str) -> Option<MemberStateCode> {
    MemberStateCode::parse(raw).ok()
}

/// The vetted experts who may meet any of `needs`, with everything matching looks at, ordered by id.
pub async fn load(
    db: &impl ConnectionTrait,
    needs: &[Need],
    regions: &HashMap<String, String>,
) -> Result<Vec<Candidate>, AppError> {
    if needs.is_empty() {
        return Ok(Vec::new());
    }
    let cond = condition(needs);
    let core: Vec<Core> = expert::Entity::find()
        .select_only()
        .columns([
            expert::Column::Id,
            expert::Column::SortName,
            expert::Column::MemberState,
            expert::Column::Gender,
            expert::Column::YearsExperience,
            expert::Column::NoticeDays,
            expert::Column::LongestDeploymentDays,
            expert::Column::AvailableFrom,
            expert::Column::AvailableTo,
        ])
        .filter(cond)
        .into_model::<Core>()
        .all(db)
        .await?;
    let mut index: HashMap<Uuid, usize> = HashMap::with_capacity(core.len());
    let mut all: Vec<Candidate> = Vec::with_capacity(core.len());
    for row in core {
        let Some(state) = code(&row.member_state) else {
            continue;
        };
        let mut windows = Vec::new();
        if row.available_from.is_some() || row.available_to.is_some() {
            windows.push(Window {
                kind: AvailabilityKind::Available,
                from: row.available_from.unwrap_or(NaiveDate::MIN),
                to: row.available_to.unwrap_or(NaiveDate::MAX),
            });
        }
        index.insert(row.id, all.len());
        all.push(Candidate {
            id: ExpertId(row.id),
            sort_key: row.sort_name,
            state_region: regions.get(state.as_str()).cloned().unwrap_or_default(),
            state,
            nationalities: Vec::new(),
            gender: Gender::parse(&row.gender).unwrap_or(Gender::Undisclosed),
            status: RosterStatus::Vetted,
            categories: Vec::new(),
            skills: Vec::new(),
            languages: Vec::new(),
            years: u8::try_from(row.years_experience).unwrap_or(0),
            checks: Vec::new(),
            windows,
            notice_days: u16::try_from(row.notice_days).unwrap_or(u16::MAX),
            longest_deployment_days: row
                .longest_deployment_days
                .and_then(|d| u32::try_from(d).ok()),
            excluded_regions: Vec::new(),
            commitments: Vec::new(),
            mission_regions: Vec::new(),
            mission_countries: Vec::new(),
        });
    }
    let ids: Vec<Uuid> = all.iter().map(|c| c.id.0).collect();
    let at = |id: &Uuid| index.get(id).copied();
    // Children are read by the chosen ids, a chunk at a time, through each table's primary key;
    // repeating the narrowing condition as a subquery would make the database evaluate it again
    // for every table.
    for chunk in ids.chunks(CHUNK) {
        load_lists(db, chunk, &mut all, &at, regions).await?;
    }
    all.sort_by_key(|c| c.id);
    Ok(all)
}

/// Ids per child query: far below every database's limit on bound parameters.
const CHUNK: usize = 2_000;

async fn load_lists(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
    all: &mut [Candidate],
    at: &impl Fn(&Uuid) -> Option<usize>,
    regions: &HashMap<String, String>,
) -> Result<(), AppError> {
    for (id, country) in expert_nationality::Entity::find()
        .select_only()
        .columns([
            expert_nationality::Column::ExpertId,
            expert_nationality::Column::Country,
        ])
        .filter(expert_nationality::Column::ExpertId.is_in(ids.iter().copied()))
        .into_tuple::<(Uuid, String)>()
        .all(db)
        .await?
    {
        if let (Some(i), Some(c)) = (at(&id), code(&country)) {
            all[i].nationalities.push(c);
        }
    }
    for (id, category) in expert_category::Entity::find()
        .select_only()
        .columns([
            expert_category::Column::ExpertId,
            expert_category::Column::Category,
        ])
        .filter(expert_category::Column::ExpertId.is_in(ids.iter().copied()))
        .into_tuple::<(Uuid, String)>()
        .all(db)
        .await?
    {
        if let (Some(i), Some(c)) = (at(&id), Category::parse(&category)) {
            all[i].categories.push(c);
        }
    }
    for (id, skill, level) in expert_skill::Entity::find()
        .select_only()
        .columns([
            expert_skill::Column::ExpertId,
            expert_skill::Column::Skill,
            expert_skill::Column::Level,
        ])
        .filter(expert_skill::Column::ExpertId.is_in(ids.iter().copied()))
        .into_tuple::<(Uuid, String, i16)>()
        .all(db)
        .await?
    {
        let level = u8::try_from(level).ok().and_then(SkillLevel::new);
        if let (Some(i), Some(s), Some(l)) = (at(&id), Skill::parse(&skill), level) {
            all[i].skills.push((s, l));
        }
    }
    for (id, language, level) in expert_language::Entity::find()
        .select_only()
        .columns([
            expert_language::Column::ExpertId,
            expert_language::Column::Language,
            expert_language::Column::Level,
        ])
        .filter(expert_language::Column::ExpertId.is_in(ids.iter().copied()))
        .into_tuple::<(Uuid, String, i16)>()
        .all(db)
        .await?
    {
        let level = u8::try_from(level).ok().and_then(Cefr::from_rank);
        if let (Some(i), Ok(code), Some(l)) = (at(&id), LanguageCode::parse(&language), level) {
            all[i].languages.push((code, l));
        }
    }
    for (id, kind, status, done_on, expires_on) in vetting_check::Entity::find()
        .select_only()
        .columns([
            vetting_check::Column::ExpertId,
            vetting_check::Column::Kind,
            vetting_check::Column::Status,
            vetting_check::Column::DoneOn,
            vetting_check::Column::ExpiresOn,
        ])
        .filter(vetting_check::Column::ExpertId.is_in(ids.iter().copied()))
        .into_tuple::<(Uuid, String, String, Option<NaiveDate>, Option<NaiveDate>)>()
        .all(db)
        .await?
    {
        if let (Some(i), Some(kind), Some(status)) = (
            at(&id),
            CheckKind::parse(&kind),
            CheckStatus::parse(&status),
        ) {
            all[i].checks.push(CheckRecord {
                kind,
                status,
                done_on,
                expires_on,
            });
        }
    }
    for (id, kind, from, to) in availability_window::Entity::find()
        .select_only()
        .columns([
            availability_window::Column::ExpertId,
            availability_window::Column::Kind,
            availability_window::Column::StartsOn,
            availability_window::Column::EndsOn,
        ])
        .filter(availability_window::Column::ExpertId.is_in(ids.iter().copied()))
        .into_tuple::<(Uuid, String, NaiveDate, NaiveDate)>()
        .all(db)
        .await?
    {
        if let (Some(i), Some(kind)) = (at(&id), AvailabilityKind::parse(&kind)) {
            all[i].windows.push(Window { kind, from, to });
        }
    }
    for (id, country) in prior_mission::Entity::find()
        .select_only()
        .columns([
            prior_mission::Column::ExpertId,
            prior_mission::Column::Country,
        ])
        .filter(prior_mission::Column::ExpertId.is_in(ids.iter().copied()))
        .into_tuple::<(Uuid, Option<String>)>()
        .all(db)
        .await?
    {
        if let (Some(i), Some(country)) = (at(&id), country) {
            if let Some(region) = regions.get(&country) {
                all[i].mission_regions.push(region.clone());
            }
            if let Some(c) = code(&country) {
                all[i].mission_countries.push(c);
            }
        }
    }
    for (id, region) in expert_region::Entity::find()
        .select_only()
        .columns([
            expert_region::Column::ExpertId,
            expert_region::Column::Region,
        ])
        .filter(expert_region::Column::ExpertId.is_in(ids.iter().copied()))
        .filter(expert_region::Column::Preference.eq("excluded"))
        .into_tuple::<(Uuid, String)>()
        .all(db)
        .await?
    {
        if let Some(i) = at(&id) {
            all[i].excluded_regions.push(region);
        }
    }
    let booking: Vec<&str> = DeploymentState::ALL
        .into_iter()
        .filter(|s| s.books_dates())
        .map(DeploymentState::as_str)
        .collect();
    for (id, from, to) in deployment::Entity::find()
        .select_only()
        .columns([
            deployment::Column::ExpertId,
            deployment::Column::StartsOn,
            deployment::Column::EndsOn,
        ])
        .filter(deployment::Column::ExpertId.is_in(ids.iter().copied()))
        .filter(deployment::Column::State.is_in(booking))
        .into_tuple::<(Uuid, NaiveDate, NaiveDate)>()
        .all(db)
        .await?
    {
        if let Some(i) = at(&id) {
            all[i].commitments.push((from, to));
        }
    }
    Ok(())
}

/// Display names of some experts (given, family, Latin transliteration), only for those shown.
pub async fn names(
    db: &impl ConnectionTrait,
    ids: &[ExpertId],
) -> Result<HashMap<ExpertId, (String, String, Option<String>)>, AppError> {
    let mut names = HashMap::new();
    for chunk in ids.chunks(500) {
        let chunk: Vec<Uuid> = chunk.iter().map(|id| id.0).collect();
        for (id, given, family, latin) in expert::Entity::find()
            .select_only()
            .columns([
                expert::Column::Id,
                expert::Column::GivenNames,
                expert::Column::FamilyName,
                expert::Column::LatinName,
            ])
            .filter(expert::Column::Id.is_in(chunk))
            .filter(expert::Column::RosterStatus.eq(RosterStatus::Vetted.as_str()))
            .into_tuple::<(Uuid, String, String, Option<String>)>()
            .all(db)
            .await?
        {
            names.insert(ExpertId(id), (given, family, latin));
        }
    }
    Ok(names)
}
