//! Matching use cases: the shortlist of a request, "why not" per position, pins and drops,
//! saving the shortlist, what-if. Loads candidates, runs the pure rules, maps to views.
use super::requests::{self as request_service};
use crate::{
    domain::{
        ids::{ExpertId, PositionId, RequestId},
        matching::{
            self, Brief, Candidate, Constraint, Exclusion, Picks, PlannerPick, Ranked, exclusions,
            explain,
        },
        member_state::MemberStateCode,
        paging::Page,
        permissions::{Action, Actor},
        request::{Position, Urgency},
    },
    error::AppError,
    server::{
        entities::{mission_request, position_pick, request_position, shortlist_entry},
        errors::internal,
        gate,
        repo::{
            audit::{self, AuditEntry},
            candidates::{self, Need},
            lookups, requests,
        },
    },
    views::matching::{
        CandidateView, ConstraintView, ExcludedPage, ExcludedRow, PositionShortlistView,
        ScoreLineView, ShortlistView, SpreadView, WhatIfView,
    },
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DatabaseConnection};
use std::collections::HashMap;

/// Alternates shown per position besides the proposed candidates.
pub const ALTERNATES: usize = 10;
const EXCLUDED_PAGE_SIZE: usize = 50;

/// A request with its positions, ready for the rules.
struct Loaded {
    request: mission_request::Model,
    rows: Vec<request_position::Model>,
    positions: Vec<Position>,
    brief: Brief,
    regions: HashMap<String, String>,
}

async fn load(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: RequestId,
    today: NaiveDate,
) -> Result<Loaded, AppError> {
    let request = request_service::visible(db, actor, id).await?;
    let rows = requests::positions(db, id).await?;
    let positions = rows
        .iter()
        .map(requests::position_of)
        .collect::<Result<Vec<_>, _>>()?;
    let regions = candidates::regions(db).await?;
    let host_country =
        MemberStateCode::parse(&request.host_country).map_err(|e| internal("stored request", e))?;
    let brief = Brief {
        today,
        urgency: Urgency::parse(&request.urgency).unwrap_or(Urgency::Standard),
        host_region: regions
            .get(host_country.as_str())
            .cloned()
            .unwrap_or_default(),
        host_country,
        host_waived: request.host_waiver_reason.is_some(),
    };
    Ok(Loaded {
        request,
        rows,
        positions,
        brief,
        regions,
    })
}

/// What SQL can safely narrow to for one position.
pub fn need_of(brief: &Brief, p: &Position) -> Need {
    Need {
        category: p.category,
        min_years: p.min_years,
        languages: p.languages.clone(),
        not_national_of: (!brief.host_waived).then(|| brief.host_country.clone()),
        checks_through: Some(p.end_on()),
        max_notice: (brief.urgency == Urgency::Rapid).then(|| {
            u16::try_from((p.start_on - brief.today).num_days().max(0)).unwrap_or(u16::MAX)
        }),
    }
}

fn picks_of(rows: &[request_position::Model], stored: &[position_pick::Model]) -> Picks {
    let index = |id| rows.iter().position(|p| p.id == id);
    let mut picks = Picks::default();
    for pick in stored {
        if let Some(i) = index(pick.position_id) {
            let entry = (i, ExpertId(pick.expert_id));
            if pick.pick == "pinned" {
                picks.pinned.push(entry);
            } else {
                picks.dropped.push(entry);
            }
        }
    }
    picks
}

fn may_edit(actor: &Actor, r: &mission_request::Model) -> Result<bool, AppError> {
    let facts = requests::facts_of(r)?;
    Ok(gate::may(actor, &Action::EditRequest(facts.clone())) && !facts.status.is_final())
}

type Names = HashMap<ExpertId, (String, String, Option<String>)>;

fn display_name(names: &Names, id: ExpertId) -> (String, Option<String>) {
    names.get(&id).map_or_else(
        || ("(no longer on the vetted roster)".to_owned(), None),
        |(given, family, latin)| (format!("{given} {family}"), latin.clone()),
    )
}

/// Runs the whole match: load the request, narrow and load candidates, rank and assign.
async fn run(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: RequestId,
    today: NaiveDate,
) -> Result<(Loaded, Vec<Candidate>, Picks, matching::Shortlist), AppError> {
    let loaded = load(db, actor, id, today).await?;
    let ids: Vec<uuid::Uuid> = loaded.rows.iter().map(|p| p.id).collect();
    let picks = picks_of(&loaded.rows, &requests::picks(db, &ids).await?);
    let needs: Vec<Need> = loaded
        .positions
        .iter()
        .map(|p| need_of(&loaded.brief, p))
        .collect();
    let mut pool = candidates::load(db, &needs, &loaded.regions).await?;
    let mut picks = picks;
    matching::hold_booked_seats(&mut pool, &mut picks, &booked_seats(db, &loaded).await?);
    let result = matching::shortlist(&loaded.brief, &loaded.positions, &pool, &picks, ALTERNATES);
    Ok((loaded, pool, picks, result))
}

/// The seats of this request already taken by accepted or active deployments.
async fn booked_seats(
    db: &impl ConnectionTrait,
    loaded: &Loaded,
) -> Result<Vec<matching::Booked>, AppError> {
    Ok(
        crate::server::repo::deployments::of_request(db, loaded.request.id)
            .await?
            .into_iter()
            .filter(|d| {
                crate::domain::deployment::DeploymentState::parse(&d.state)
                    .is_some_and(crate::domain::deployment::DeploymentState::books_dates)
            })
            .filter_map(|d| {
                Some(matching::Booked {
                    position: loaded.rows.iter().position(|p| p.id == d.position_id)?,
                    expert: ExpertId(d.expert_id),
                    from: d.starts_on,
                    to: d.ends_on,
                })
            })
            .collect(),
    )
}

pub async fn shortlist(
    db: &DatabaseConnection,
    actor: &Actor,
    id: RequestId,
    today: NaiveDate,
) -> Result<ShortlistView, AppError> {
    let (loaded, pool, picks, result) = run(db, actor, id, today).await?;
    let by_id: HashMap<ExpertId, &Candidate> = pool.iter().map(|c| (c.id, c)).collect();
    let shown: Vec<ExpertId> = result
        .positions
        .iter()
        .flat_map(|p| {
            p.proposed
                .iter()
                .chain(&p.alternates)
                .map(|r| r.id)
                .chain(p.pinned_ineligible.iter().copied())
        })
        .chain(picks.dropped.iter().map(|(_, id)| *id))
        .collect();
    let names = candidates::names(db, &shown).await?;
    let view_of = |i: usize, r: &Ranked| -> Option<CandidateView> {
        let c = by_id.get(&r.id)?;
        let (name, latin_name) = display_name(&names, r.id);
        Some(CandidateView {
            expert_id: r.id.to_string(),
            name,
            latin_name,
            member_state: c.state.to_string(),
            nationalities: c.nationalities.iter().map(ToString::to_string).collect(),
            gender: c.gender.as_str().to_owned(),
            years_experience: c.years,
            notice_days: c.notice_days,
            score: r.total,
            lines: explain(&loaded.brief, &loaded.positions[i], c)
                .into_iter()
                .map(|l| ScoreLineView {
                    label: l.part.label().to_owned(),
                    points: l.points,
                    detail: l.detail,
                })
                .collect(),
            pinned: picks.is_pinned(i, r.id),
        })
    };
    let positions: Vec<PositionShortlistView> = result
        .positions
        .iter()
        .enumerate()
        .map(|(i, list)| {
            let p = &loaded.positions[i];
            PositionShortlistView {
                position_id: loaded.rows[i].id.to_string(),
                title: p.title.clone(),
                category: p.category.slug().to_owned(),
                head_count: p.head_count,
                start_on: p.start_on.to_string(),
                end_on: p.end_on().to_string(),
                eligible: list.eligible,
                proposed: list.proposed.iter().filter_map(|r| view_of(i, r)).collect(),
                alternates: list
                    .alternates
                    .iter()
                    .filter_map(|r| view_of(i, r))
                    .collect(),
                pinned_lapsed: list
                    .pinned_ineligible
                    .iter()
                    .map(|id| display_name(&names, *id).0)
                    .collect(),
                dropped: picks
                    .dropped
                    .iter()
                    // Only experts still vetted: a planner never sees others, not even by id.
                    .filter(|(p, id)| *p == i && names.contains_key(id))
                    .map(|(_, id)| (id.to_string(), display_name(&names, *id).0))
                    .collect(),
            }
        })
        .collect();
    let people: Vec<&Candidate> = {
        let mut seen: Vec<ExpertId> = Vec::new();
        result
            .positions
            .iter()
            .flat_map(|p| p.proposed.iter().chain(&p.alternates))
            .filter_map(|r| {
                if seen.contains(&r.id) {
                    return None;
                }
                seen.push(r.id);
                by_id.get(&r.id).copied()
            })
            .collect()
    };
    let spread = matching::spread(&people);
    let ids: Vec<uuid::Uuid> = loaded.rows.iter().map(|p| p.id).collect();
    let saved = requests::saved_entries(db, &ids).await?;
    let saved_proposed: Vec<(uuid::Uuid, uuid::Uuid)> = {
        let mut v: Vec<_> = saved
            .iter()
            .filter(|e| e.role == "proposed")
            .map(|e| (e.position_id, e.expert_id))
            .collect();
        v.sort();
        v
    };
    let now_proposed: Vec<(uuid::Uuid, uuid::Uuid)> = {
        let rows = &loaded.rows;
        let mut v: Vec<_> = result
            .positions
            .iter()
            .enumerate()
            .flat_map(|(i, p)| p.proposed.iter().map(move |r| (rows[i].id, r.id.0)))
            .collect();
        v.sort();
        v
    };
    let last = saved.iter().max_by_key(|e| e.saved_at);
    let saved_by = match last {
        Some(e) => lookups::user_names(db, [e.saved_by])
            .await?
            .remove(&e.saved_by),
        None => None,
    };
    let can_edit = may_edit(actor, &loaded.request)?;
    Ok(ShortlistView {
        request_id: loaded.request.id.to_string(),
        mission: loaded.request.mission.clone(),
        status: loaded.request.status.clone(),
        urgency: loaded.request.urgency.clone(),
        host_country: loaded.request.host_country.clone(),
        host_waived: loaded.brief.host_waived,
        positions,
        spread: SpreadView {
            people: spread.people,
            dimensions: spread
                .counts
                .into_iter()
                .map(|(d, counts)| (d.label().to_owned(), counts))
                .collect(),
            warnings: spread
                .dominant
                .iter()
                .map(|d| {
                    format!(
                        "{}: {} of {} ({}%) by {}",
                        d.value,
                        d.count,
                        spread.people,
                        d.percent,
                        d.dimension.label().to_lowercase()
                    )
                })
                .collect(),
        },
        total_score: result.total,
        saved: last.map(|e| match saved_by {
            Some(by) => format!("{} by {by}", crate::views::time_text(e.saved_at)),
            None => crate::views::time_text(e.saved_at),
        }),
        saved_differs: last.is_some() && saved_proposed != now_proposed,
        can_edit,
    })
}

/// The request's position with this id.
fn position_index(loaded: &Loaded, id: PositionId) -> Result<usize, AppError> {
    loaded
        .rows
        .iter()
        .position(|p| p.id == id.0)
        .ok_or(AppError::NotFound)
}

#[allow(clippy::too_many_arguments)]
pub async fn pick(
    db: &DatabaseConnection,
    actor: &Actor,
    id: RequestId,
    position: PositionId,
    expert: ExpertId,
    pick: PlannerPick,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let pick = pick.stored();
    let txn = crate::server::tx::write(db).await?;
    let loaded = load(&txn, actor, id, now.date_naive()).await?;
    if !may_edit(actor, &loaded.request)? {
        return Err(match requests::status_of(&loaded.request)? {
            s if s.is_final() => AppError::Conflict(format!("this request is {s}")),
            _ => AppError::Forbidden,
        });
    }
    let i = position_index(&loaded, position)?;
    // Only vetted experts can be picked: anyone else is not found, as in every planner view.
    if pick.is_some() && candidates::names(&txn, &[expert]).await?.is_empty() {
        return Err(AppError::NotFound);
    }
    requests::set_pick(
        &txn,
        PositionId(loaded.rows[i].id),
        expert,
        pick,
        actor.user_id,
        now,
    )
    .await?;
    audit::append(
        &txn,
        AuditEntry::new(
            Some(actor.user_id),
            "shortlist.pick",
            request_service::RECORD_TYPE,
            id,
        )
        .after(serde_json::json!({
            "position": loaded.rows[i].id,
            "expert": expert.0,
            "pick": pick.unwrap_or("cleared"),
        })),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn save(
    db: &DatabaseConnection,
    actor: &Actor,
    id: RequestId,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let txn = crate::server::tx::write(db).await?;
    let (loaded, _, _, result) = run(&txn, actor, id, today).await?;
    if !may_edit(actor, &loaded.request)? {
        return Err(match requests::status_of(&loaded.request)? {
            s if s.is_final() => AppError::Conflict(format!("this request is {s}")),
            _ => AppError::Forbidden,
        });
    }
    if loaded.positions.is_empty() {
        return Err(AppError::Conflict(
            "add a position before saving a shortlist".to_owned(),
        ));
    }
    let mut entries = Vec::new();
    for (i, list) in result.positions.iter().enumerate() {
        let lists = [
            ("proposed", &list.proposed),
            ("alternate", &list.alternates),
        ];
        for (rank, (role, r)) in lists
            .iter()
            .flat_map(|(role, rs)| rs.iter().map(move |r| (*role, r)))
            .enumerate()
        {
            entries.push(shortlist_entry::ActiveModel {
                position_id: Set(loaded.rows[i].id),
                expert_id: Set(r.id.0),
                role: Set(role.to_owned()),
                rank: Set(i16::try_from(rank + 1).unwrap_or(i16::MAX)),
                score: Set(i32::try_from(r.total).unwrap_or(i32::MAX)),
                saved_by: Set(actor.user_id.0),
                saved_at: Set(now),
            });
        }
    }
    let ids: Vec<uuid::Uuid> = loaded.rows.iter().map(|p| p.id).collect();
    let proposed: Vec<serde_json::Value> = result
        .positions
        .iter()
        .enumerate()
        .map(|(i, p)| {
            serde_json::json!({
                "position": loaded.rows[i].id,
                "proposed": p.proposed.iter().map(|r| r.id.0).collect::<Vec<_>>(),
            })
        })
        .collect();
    requests::replace_entries(&txn, &ids, entries).await?;
    requests::mark_shortlisted(&txn, &loaded.request, now).await?;
    audit::append(
        &txn,
        AuditEntry::new(
            Some(actor.user_id),
            "shortlist.save",
            request_service::RECORD_TYPE,
            id,
        )
        .after(serde_json::Value::Array(proposed)),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub async fn excluded(
    db: &DatabaseConnection,
    actor: &Actor,
    id: RequestId,
    position: PositionId,
    group: &str,
    page: Page,
    today: NaiveDate,
) -> Result<ExcludedPage, AppError> {
    let loaded = load(db, actor, id, today).await?;
    let i = position_index(&loaded, position)?;
    let p = &loaded.positions[i];
    let group = group.trim();
    if !group.is_empty() && !Constraint::GROUPS.contains(&group) {
        return Err(AppError::invalid("group", "not a constraint to filter on"));
    }
    let page = usize::try_from(page.get()).unwrap_or(1);
    let ids: Vec<uuid::Uuid> = loaded.rows.iter().map(|p| p.id).collect();
    let dropped: Vec<ExpertId> = picks_of(&loaded.rows, &requests::picks(db, &ids).await?)
        .dropped
        .into_iter()
        .filter(|(pi, _)| *pi == i)
        .map(|(_, id)| id)
        .collect();
    let mut pool = candidates::load(db, &[Need::category(p.category)], &loaded.regions).await?;
    // Someone booked on this request is not "committed elsewhere" for it.
    matching::hold_booked_seats(
        &mut pool,
        &mut Picks::default(),
        &booked_seats(db, &loaded).await?,
    );
    let base = pool.len();
    let mut excluded: Vec<(&Candidate, Vec<Exclusion>)> = pool
        .iter()
        .filter_map(|c| {
            let mut found = exclusions(&loaded.brief, p, c);
            if dropped.contains(&c.id) {
                found.push(Exclusion::Dropped);
            }
            (!found.is_empty()).then_some((c, found))
        })
        .collect();
    let mut counts: HashMap<&'static str, (String, usize)> = HashMap::new();
    for (_, found) in &excluded {
        let mut groups: Vec<(&'static str, String)> = found
            .iter()
            .map(|e| (e.constraint().group(), e.constraint().to_string()))
            .collect();
        groups.sort();
        groups.dedup_by_key(|g| g.0);
        for (g, label) in groups {
            counts.entry(g).or_insert((label, 0)).1 += 1;
        }
    }
    let mut groups: Vec<(String, String, usize)> = counts
        .into_iter()
        .map(|(g, (label, n))| (g.to_owned(), label, n))
        .collect();
    groups.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    if !group.is_empty() {
        excluded.retain(|(_, found)| found.iter().any(|e| e.constraint().group() == group));
    }
    excluded.sort_by(|(a, _), (b, _)| a.sort_key.cmp(&b.sort_key).then_with(|| a.id.cmp(&b.id)));
    let total = excluded.len();
    let pages = total.div_ceil(EXCLUDED_PAGE_SIZE).max(1);
    let page = page.min(pages);
    let shown: Vec<&(&Candidate, Vec<Exclusion>)> = excluded
        .iter()
        .skip((page - 1) * EXCLUDED_PAGE_SIZE)
        .take(EXCLUDED_PAGE_SIZE)
        .collect();
    let names = candidates::names(db, &shown.iter().map(|(c, _)| c.id).collect::<Vec<_>>()).await?;
    Ok(ExcludedPage {
        request_id: id.to_string(),
        position_id: loaded.rows[i].id.to_string(),
        title: p.title.clone(),
        category: p.category.slug().to_owned(),
        group: group.to_owned(),
        groups,
        rows: shown
            .iter()
            .map(|(c, found)| ExcludedRow {
                expert_id: c.id.to_string(),
                name: display_name(&names, c.id).0,
                member_state: c.state.to_string(),
                reasons: found.iter().map(ToString::to_string).collect(),
            })
            .collect(),
        total,
        base,
        page,
        pages,
    })
}

pub async fn what_if(
    db: &DatabaseConnection,
    actor: &Actor,
    id: RequestId,
    today: NaiveDate,
) -> Result<Vec<WhatIfView>, AppError> {
    let loaded = load(db, actor, id, today).await?;
    let mut categories: Vec<_> = loaded.positions.iter().map(|p| p.category).collect();
    categories.sort_by_key(|c| c.slug());
    categories.dedup();
    let needs: Vec<Need> = categories.into_iter().map(Need::category).collect();
    let pool = candidates::load(db, &needs, &loaded.regions).await?;
    Ok(loaded
        .positions
        .iter()
        .zip(&loaded.rows)
        .map(|(p, row)| {
            let result = matching::what_if(&loaded.brief, p, &pool);
            let headline = result
                .constraints
                .first()
                .filter(|c| c.excluded > 0)
                .map(|c| {
                    format!(
                        "{} removes {}% of the {} vetted {}",
                        c.constraint,
                        c.percent,
                        result.base,
                        p.category.label().to_lowercase()
                    )
                });
            WhatIfView {
                position_id: row.id.to_string(),
                title: p.title.clone(),
                category: p.category.slug().to_owned(),
                base: result.base,
                qualifying: result.qualifying,
                constraints: result
                    .constraints
                    .iter()
                    .map(|c| ConstraintView {
                        label: c.constraint.to_string(),
                        group: c.constraint.group().to_owned(),
                        excluded: c.excluded,
                        percent: c.percent,
                    })
                    .collect(),
                headline,
            }
        })
        .collect())
}
