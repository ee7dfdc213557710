//! The readiness dashboard: loads the experts, checks and deployments the asker may see, in bulk,
//! and hands them to the pure counting rules; also writes each table as CSV.
use crate::{
    domain::{
        dashboard::{
            self, Breakdown, EXPIRY_WINDOWS, ExpertRow, ExpiringCount, RequestTimes, Table,
        },
        permissions::{Action, Actor, RosterScope, roster_scope},
        readiness::Tier,
        request::Urgency,
        vetting::{CheckStatus, RosterStatus},
    },
    error::AppError,
    server::{
        entities::{
            deployment, expert, expert_category, expert_language, mission_request, vetting_check,
        },
        errors::internal,
        gate,
        repo::{candidates, experts::scope_condition, requests as request_repo},
    },
    views::dashboard::DashboardView,
};
use chrono::{DateTime, Days, NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QuerySelect,
    sea_query::{Query, SelectStatement},
};
use std::collections::HashMap;
use uuid::Uuid;

/// Withdrawn and rejected experts have left the roster: they are neither counted nor chased.
const ON_ROSTER: [RosterStatus; 4] = [
    RosterStatus::Nominated,
    RosterStatus::UnderReview,
    RosterStatus::Vetted,
    RosterStatus::Suspended,
];

/// Rapid requests listed one by one on the page; the CSV lists them all.
const REQUESTS_SHOWN: usize = 50;

/// Ids per `IN (…)` list, under every supported database's limit on bound parameters.
const CHUNK: usize = 500;

/// The experts the asker may count, as a condition on `experts`.
fn scope_of(actor: &Actor) -> Result<Condition, AppError> {
    scope_condition(&roster_scope(&actor.principal)).ok_or(AppError::Forbidden)
}

fn on_roster(scope: &Condition) -> Condition {
    scope
        .clone()
        .add(expert::Column::RosterStatus.is_in(ON_ROSTER.map(RosterStatus::as_str)))
}

/// `SELECT id FROM experts WHERE …`: keeps every child-table query inside the scope in SQL, in one
/// statement however many experts there are.
fn ids_where(cond: Condition) -> SelectStatement {
    let mut select = Query::select();
    select
        .column((expert::Entity, expert::Column::Id))
        .from(expert::Entity)
        .cond_where(cond);
    select
}

#[tracing::instrument(skip(db, actor), fields(user = %actor.user_id))]
pub async fn dashboard(
    db: &DatabaseConnection,
    actor: &Actor,
    today: NaiveDate,
) -> Result<DashboardView, AppError> {
    gate::check(actor, &Action::ViewDashboard)?;
    let scope = scope_of(actor)?;
    let (breakdown, stale) = readiness(db, &scope, today).await?;
    let expiring = expiring(db, &scope, today).await?;
    let deploys = deployments(db, actor, &scope).await?;
    let (scope_name, state) = match roster_scope(&actor.principal) {
        RosterScope::State(code) => ("state", Some(code.as_str().to_owned())),
        RosterScope::VettedOnly => ("vetted", None),
        RosterScope::Everything | RosterScope::Nothing => ("everything", None),
    };
    let mut rapid_requests: Vec<RequestTimes> = deploys
        .requests
        .into_iter()
        .filter(|r| r.urgency == Urgency::Rapid.as_str())
        .collect();
    let more = rapid_requests.len().saturating_sub(REQUESTS_SHOWN);
    rapid_requests.truncate(REQUESTS_SHOWN);
    Ok(DashboardView {
        scope: scope_name.to_owned(),
        state,
        as_of: today.to_string(),
        totals: breakdown.totals,
        by_category: breakdown.by_category,
        by_region: breakdown.by_region,
        by_language: breakdown.by_language,
        category_region: breakdown.category_region,
        rapid: dashboard::summarise(&deploys.rapid),
        standard: dashboard::summarise(&deploys.standard),
        rapid_histogram: dashboard::histogram(&deploys.rapid),
        rapid_requests,
        rapid_requests_more: u64::try_from(more).unwrap_or(u64::MAX),
        expiring,
        stale,
        can_open_expiring: gate::may(actor, &Action::Vet),
    })
}

/// One table of the dashboard as CSV; `table` is its slug (`category`, `region`, `language`,
/// `category_region`, `time_to_deploy`, `expiring`).
#[tracing::instrument(skip(db, actor), fields(user = %actor.user_id))]
pub async fn csv(
    db: &DatabaseConnection,
    actor: &Actor,
    today: NaiveDate,
    table: Table,
) -> Result<String, AppError> {
    gate::check(actor, &Action::ViewDashboard)?;
    let scope = scope_of(actor)?;
    let records = match table {
        Table::Category | Table::Region | Table::Language | Table::CategoryRegion => {
            let (b, _) = readiness(db, &scope, today).await?;
            match table {
                Table::Category => dashboard::tier_records("category", &b.by_category),
                Table::Region => dashboard::tier_records("region", &b.by_region),
                Table::Language => dashboard::tier_records("language", &b.by_language),
                _ => dashboard::cross_records(&b.category_region),
            }
        }
        Table::TimeToDeploy => {
            let d = deployments(db, actor, &scope).await?;
            let overall = [
                (Urgency::Rapid.as_str(), dashboard::summarise(&d.rapid)),
                (
                    Urgency::Standard.as_str(),
                    dashboard::summarise(&d.standard),
                ),
            ];
            dashboard::deploy_records(&overall, &d.requests)
        }
        Table::Expiring => dashboard::expiring_records(&expiring(db, &scope, today).await?),
    };
    write_csv(&records)
}

fn write_csv(records: &[Vec<String>]) -> Result<String, AppError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    for r in records {
        out.write_record(r)
            .map_err(|e| internal("dashboard export", e))?;
    }
    let bytes = out
        .into_inner()
        .map_err(|e| internal("dashboard export", e))?;
    String::from_utf8(bytes).map_err(|e| internal("dashboard export", e))
}

/// The experts on the roster within `scope`, counted by their stored tier, and how many of them
/// have stale availability.
async fn readiness(
    db: &impl ConnectionTrait,
    scope: &Condition,
    today: NaiveDate,
) -> Result<(Breakdown, u64), AppError> {
    let cond = on_roster(scope);
    let core: Vec<(Uuid, String, String, Option<NaiveDate>)> = expert::Entity::find()
        .select_only()
        .columns([
            expert::Column::Id,
            expert::Column::MemberState,
            expert::Column::ReadinessTier,
            expert::Column::LastConfirmedOn,
        ])
        .filter(cond.clone())
        .into_tuple()
        .all(db)
        .await?;
    let mut categories: HashMap<Uuid, Vec<String>> = HashMap::new();
    let rows: Vec<(Uuid, String)> = expert_category::Entity::find()
        .select_only()
        .columns([
            expert_category::Column::ExpertId,
            expert_category::Column::Category,
        ])
        .filter(expert_category::Column::ExpertId.in_subquery(ids_where(cond.clone())))
        .into_tuple()
        .all(db)
        .await?;
    for (id, category) in rows {
        categories.entry(id).or_default().push(category);
    }
    let mut languages: HashMap<Uuid, Vec<String>> = HashMap::new();
    let rows: Vec<(Uuid, String)> = expert_language::Entity::find()
        .select_only()
        .columns([
            expert_language::Column::ExpertId,
            expert_language::Column::Language,
        ])
        .filter(expert_language::Column::ExpertId.in_subquery(ids_where(cond)))
        .into_tuple()
        .all(db)
        .await?;
    for (id, language) in rows {
        languages.entry(id).or_default().push(language);
    }
    let regions = candidates::regions(db).await?;
    let stale = dashboard::stale_count(core.iter().map(|c| c.3), today);
    let experts: Vec<ExpertRow> = core
        .into_iter()
        .map(|(id, state, tier, _)| ExpertRow {
            categories: categories.remove(&id).unwrap_or_default(),
            region: regions.get(&state).cloned().unwrap_or_default(),
            languages: languages.remove(&id).unwrap_or_default(),
            // The tier is reassessed daily; a value this code does not know promises nothing.
            tier: Tier::parse(&tier).unwrap_or(Tier::NotReady),
        })
        .collect();
    Ok((dashboard::breakdown(&experts), stale))
}

/// Passed checks of experts on the roster within `scope` expiring in each window from `today`.
async fn expiring(
    db: &impl ConnectionTrait,
    scope: &Condition,
    today: NaiveDate,
) -> Result<Vec<ExpiringCount>, AppError> {
    let longest = EXPIRY_WINDOWS.into_iter().max().unwrap_or(0);
    let until = today
        .checked_add_days(Days::new(u64::from(longest)))
        .unwrap_or(NaiveDate::MAX);
    let rows: Vec<(Uuid, Option<NaiveDate>)> = vetting_check::Entity::find()
        .select_only()
        .columns([
            vetting_check::Column::ExpertId,
            vetting_check::Column::ExpiresOn,
        ])
        .filter(vetting_check::Column::Status.eq(CheckStatus::Passed.as_str()))
        .filter(vetting_check::Column::ExpiresOn.gte(today))
        .filter(vetting_check::Column::ExpiresOn.lte(until))
        .filter(vetting_check::Column::ExpertId.in_subquery(ids_where(on_roster(scope))))
        .into_tuple()
        .all(db)
        .await?;
    let dated: Vec<(Uuid, NaiveDate)> = rows
        .into_iter()
        .filter_map(|(id, on)| on.map(|on| (id, on)))
        .collect();
    Ok(dashboard::expiring_counts(&dated, today, &EXPIRY_WINDOWS))
}

/// Times to deploy, in minutes, split by urgency, and per request for the requests the asker may open.
struct Deploys {
    rapid: Vec<i64>,
    standard: Vec<i64>,
    /// Newest request first.
    requests: Vec<RequestTimes>,
}

/// Deployments of experts within `scope` that reached the ground, with their requests. A roster
/// office thus measures its own nominees only.
async fn deployments(
    db: &impl ConnectionTrait,
    actor: &Actor,
    scope: &Condition,
) -> Result<Deploys, AppError> {
    // Not limited to experts still on the roster: a deployment made before a withdrawal still
    // tells how fast the roster delivered.
    let landed: Vec<(Uuid, Option<DateTime<Utc>>)> = deployment::Entity::find()
        .select_only()
        .columns([
            deployment::Column::RequestId,
            deployment::Column::OnGroundAt,
        ])
        .filter(deployment::Column::OnGroundAt.is_not_null())
        .filter(deployment::Column::ExpertId.in_subquery(ids_where(scope.clone())))
        .into_tuple()
        .all(db)
        .await?;
    let mut ids: Vec<Uuid> = landed.iter().map(|(id, _)| *id).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut requests: HashMap<Uuid, mission_request::Model> = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        for r in mission_request::Entity::find()
            .filter(mission_request::Column::Id.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            requests.insert(r.id, r);
        }
    }
    let mut out = Deploys {
        rapid: Vec::new(),
        standard: Vec::new(),
        requests: Vec::new(),
    };
    let mut per_request: HashMap<Uuid, Vec<i64>> = HashMap::new();
    for (request_id, on_ground) in landed {
        let Some(r) = requests.get(&request_id) else {
            continue;
        };
        // Without an opening time there is nothing to measure from.
        let (Some(opened), Some(on_ground)) = (r.opened_at, on_ground) else {
            continue;
        };
        let minutes = dashboard::minutes_to_deploy(opened, on_ground);
        if r.urgency == Urgency::Rapid.as_str() {
            out.rapid.push(minutes);
        } else {
            out.standard.push(minutes);
        }
        per_request.entry(request_id).or_default().push(minutes);
    }
    let mut listed: Vec<(Option<DateTime<Utc>>, RequestTimes)> = Vec::new();
    for (id, minutes) in per_request {
        let Some(r) = requests.get(&id) else {
            continue;
        };
        // The overall figures name nobody; a request's row names its mission, so it is shown only
        // to those who may open the request (its planner and the secretariat).
        let facts = request_repo::facts_of(r)?;
        if !gate::may(actor, &Action::ViewRequest(facts)) {
            continue;
        }
        listed.push((
            r.opened_at,
            RequestTimes {
                request_id: r.id.to_string(),
                mission: r.mission.clone(),
                urgency: r.urgency.clone(),
                opened_on: r
                    .opened_at
                    .map(|t| t.date_naive().to_string())
                    .unwrap_or_default(),
                summary: dashboard::summarise(&minutes),
            },
        ));
    }
    listed.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| a.1.request_id.cmp(&b.1.request_id))
    });
    out.requests = listed.into_iter().map(|(_, r)| r).collect();
    Ok(out)
}
