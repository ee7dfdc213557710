//! Offers and deployments as each person may see them: the expert their own, a roster office its
//! nominees', a planner their request's — contact details only after acceptance, and logged.
use crate::{
    domain::{
        deployment::{DeploymentState, DeploymentStep, Party, next_state},
        ids::{ExpertId, RequestId},
        permissions::{Action, Actor, Principal},
    },
    error::AppError,
    server::{
        entities::{deployment, deployment_step, expert, mission_request, request_position},
        errors::internal,
        gate,
        repo::{deployments, disclosures, lookups},
        services::{
            portal,
            requests::{self as request_service},
        },
    },
    views::deployments::{DeploymentRow, DeploymentsOfRequest, SavedCandidate, StepRow},
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use std::collections::HashMap;

/// At most this many rows on one list; older ones stay in "download my data" and the audit log.
const LIST_LIMIT: u64 = 200;

/// Steps a planner may take on a deployment in `state` (the state machine decides).
pub fn planner_steps(state: DeploymentState) -> Vec<String> {
    [
        DeploymentStep::Prepare,
        DeploymentStep::Deploy,
        DeploymentStep::Extend,
        DeploymentStep::Complete,
        DeploymentStep::Cancel,
        DeploymentStep::Withdraw,
    ]
    .into_iter()
    .filter(|s| next_state(state, *s, Party::Planner).is_ok())
    .map(|s| s.as_str().to_owned())
    .collect()
}

/// Builds the rows for `list`, reading requests, positions, experts and steps in bulk.
async fn rows(
    db: &impl ConnectionTrait,
    list: Vec<deployment::Model>,
    party: Party,
    now: DateTime<Utc>,
) -> Result<Vec<DeploymentRow>, AppError> {
    let ids: Vec<uuid::Uuid> = list.iter().map(|d| d.id).collect();
    let request_ids: Vec<uuid::Uuid> = list.iter().map(|d| d.request_id).collect();
    let position_ids: Vec<uuid::Uuid> = list.iter().map(|d| d.position_id).collect();
    let expert_ids: Vec<uuid::Uuid> = list.iter().map(|d| d.expert_id).collect();
    let requests: HashMap<_, _> = mission_request::Entity::find()
        .filter(mission_request::Column::Id.is_in(request_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let positions: HashMap<_, _> = request_position::Entity::find()
        .filter(request_position::Column::Id.is_in(position_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let experts: HashMap<_, _> = expert::Entity::find()
        .filter(expert::Column::Id.is_in(expert_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    let steps = deployment_step::Entity::find()
        .filter(deployment_step::Column::DeploymentId.is_in(ids))
        .order_by_asc(deployment_step::Column::At)
        .all(db)
        .await?;
    let names = lookups::user_names(db, steps.iter().filter_map(|s| s.actor_user_id)).await?;
    let mut out = Vec::with_capacity(list.len());
    for d in list {
        let state = DeploymentState::parse(&d.state)
            .ok_or_else(|| internal("stored deployment", format!("unknown state on {}", d.id)))?;
        let r = requests.get(&d.request_id);
        // A planner sees vetted experts only: one who left the vetted roster is not named.
        let withheld = party == Party::Planner
            && experts.get(&d.expert_id).is_none_or(|e| {
                e.roster_status != crate::domain::vetting::RosterStatus::Vetted.as_str()
            });
        let e = experts.get(&d.expert_id).filter(|_| !withheld);
        let open = state == DeploymentState::Offered && d.respond_by > now;
        let hours_to_deploy = match (d.on_ground_at, r.and_then(|r| r.opened_at)) {
            (Some(on_ground), Some(opened)) => Some((on_ground - opened).num_hours()),
            _ => None,
        };
        out.push(DeploymentRow {
            id: d.id.to_string(),
            request_id: d.request_id.to_string(),
            mission: r.map(|r| r.mission.clone()).unwrap_or_default(),
            host_country: r.map(|r| r.host_country.clone()).unwrap_or_default(),
            duty_station: r.map(|r| r.duty_station.clone()).unwrap_or_default(),
            urgency: r.map(|r| r.urgency.clone()).unwrap_or_default(),
            position_id: d.position_id.to_string(),
            position: positions
                .get(&d.position_id)
                .map(|p| p.title.clone())
                .unwrap_or_default(),
            category: positions
                .get(&d.position_id)
                .map(|p| p.category.clone())
                .unwrap_or_default(),
            expert_id: if withheld {
                String::new()
            } else {
                d.expert_id.to_string()
            },
            expert_withheld: withheld,
            expert_name: e
                .map(|e| format!("{} {}", e.given_names, e.family_name))
                .unwrap_or_default(),
            member_state: e.map(|e| e.member_state.clone()).unwrap_or_default(),
            state: state.as_str().to_owned(),
            starts_on: d.starts_on.to_string(),
            ends_on: d.ends_on.to_string(),
            offered_at: crate::views::time_text(d.offered_at),
            respond_by: crate::views::time_text(d.respond_by),
            answer_reason: d.answer_reason.clone(),
            on_ground_at: d.on_ground_at.map(crate::views::time_text),
            hours_to_deploy,
            contact_email: None,
            contact_phone: None,
            can_accept: open && party == Party::Expert,
            can_decline: open && matches!(party, Party::Expert | Party::RosterOffice),
            next_steps: if party == Party::Planner {
                planner_steps(state)
            } else {
                Vec::new()
            },
            steps: steps
                .iter()
                .filter(|s| s.deployment_id == d.id)
                .map(|s| StepRow {
                    from: s.from_state.clone(),
                    to: s.to_state.clone(),
                    party: s.party.clone(),
                    actor: s.actor_user_id.and_then(|u| names.get(&u).cloned()),
                    reason: s.reason.clone(),
                    at: crate::views::time_text(s.at),
                })
                .collect(),
        });
    }
    Ok(out)
}

/// The asking expert's own offers and deployments.
pub async fn mine(
    db: &DatabaseConnection,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Vec<DeploymentRow>, AppError> {
    let id = portal::own_expert(db, actor).await?;
    let list = deployments::of_expert(db, id).await?;
    rows(db, list, Party::Expert, now).await
}

/// A roster office's nominees' offers and deployments; the secretariat sees every state's.
pub async fn of_office(
    db: &DatabaseConnection,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Vec<DeploymentRow>, AppError> {
    let mut query = deployment::Entity::find()
        .order_by_desc(deployment::Column::OfferedAt)
        .limit(LIST_LIMIT);
    match &actor.principal {
        Principal::Secretariat => {}
        Principal::RosterManager { state } => {
            let nominees = expert::Entity::find()
                .select_only()
                .column(expert::Column::Id)
                .filter(expert::Column::MemberState.eq(state.as_str()));
            query = query.filter(
                deployment::Column::ExpertId.in_subquery(sea_orm::QueryTrait::into_query(nominees)),
            );
        }
        _ => return Err(AppError::Forbidden),
    }
    let list = query.all(db).await?;
    let party = match actor.principal {
        Principal::RosterManager { .. } => Party::RosterOffice,
        _ => Party::System,
    };
    rows(db, list, party, now).await
}

/// A request's offers and deployments for its planner (or the secretariat). Contact details
/// appear once the expert has accepted, and each time they are shown to a planner it is logged.
pub async fn of_request(
    db: &DatabaseConnection,
    actor: &Actor,
    request: RequestId,
    now: DateTime<Utc>,
) -> Result<DeploymentsOfRequest, AppError> {
    let r = request_service::visible(db, actor, request).await?;
    let facts = crate::server::repo::requests::facts_of(&r)?;
    gate::see(actor, &Action::ViewRequest(facts.clone()))?;
    let can_offer = gate::may(actor, &Action::EditRequest(facts.clone()))
        && matches!(
            facts.status,
            crate::domain::request::RequestStatus::Open
                | crate::domain::request::RequestStatus::PartiallyFilled
        );
    let list = deployments::of_request(db, request.0).await?;
    // Contact details of vetted experts only, like everything a planner reads.
    let contacts: HashMap<uuid::Uuid, (String, Option<String>)> = expert::Entity::find()
        .filter(expert::Column::Id.is_in(list.iter().map(|d| d.expert_id)))
        .filter(
            expert::Column::RosterStatus.eq(crate::domain::vetting::RosterStatus::Vetted.as_str()),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, (e.email, e.phone)))
        .collect();
    let accepted: Vec<(uuid::Uuid, uuid::Uuid, bool)> = list
        .iter()
        .filter(|d| DeploymentState::parse(&d.state).is_some_and(DeploymentState::holds_seat))
        .map(|d| (d.id, d.expert_id, d.contact_disclosed_at.is_none()))
        .collect();
    let mut out = rows(db, list, Party::Planner, now).await?;
    for (deployment_id, expert_id, first) in accepted {
        let Some((email, phone)) = contacts.get(&expert_id) else {
            continue;
        };
        // The secretariat sees contact details anyway; what the expert wants to know is which
        // planners received them.
        if actor.principal == Principal::MissionPlanner {
            disclosures::record(
                db,
                ExpertId(expert_id),
                Some(deployment_id),
                actor.user_id,
                "contact",
                now,
            )
            .await?;
        }
        if first {
            deployment::Entity::update_many()
                .col_expr(
                    deployment::Column::ContactDisclosedAt,
                    sea_orm::sea_query::Expr::value(Some(now)),
                )
                .filter(deployment::Column::Id.eq(deployment_id))
                .filter(deployment::Column::ContactDisclosedAt.is_null())
                .exec(db)
                .await?;
        }
        if let Some(row) = out.iter_mut().find(|r| r.id == deployment_id.to_string()) {
            row.contact_email = Some(email.clone());
            row.contact_phone = phone.clone();
        }
    }
    let positions = crate::server::repo::requests::positions(db, request).await?;
    let position_ids: Vec<uuid::Uuid> = positions.iter().map(|p| p.id).collect();
    let entries = crate::server::repo::requests::saved_entries(db, &position_ids).await?;
    // Only vetted experts are named to a planner; one who stopped being vetted drops off.
    let names: HashMap<uuid::Uuid, String> = expert::Entity::find()
        .filter(expert::Column::Id.is_in(entries.iter().map(|e| e.expert_id)))
        .filter(
            expert::Column::RosterStatus.eq(crate::domain::vetting::RosterStatus::Vetted.as_str()),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, format!("{} {}", e.given_names, e.family_name)))
        .collect();
    let saved = entries
        .iter()
        .filter_map(|entry| {
            let name = names.get(&entry.expert_id)?.clone();
            let position = positions.iter().find(|p| p.id == entry.position_id)?;
            let offered = out.iter().any(|row| {
                row.expert_id == entry.expert_id.to_string()
                    && row.position_id == position.id.to_string()
                    && matches!(
                        row.state.as_str(),
                        "offered" | "accepted" | "preparing" | "deployed" | "extended"
                    )
            });
            Some(SavedCandidate {
                position_id: position.id.to_string(),
                position: position.title.clone(),
                expert_id: entry.expert_id.to_string(),
                name,
                role: entry.role.clone(),
                offered,
            })
        })
        .collect();
    Ok(DeploymentsOfRequest {
        rows: out,
        saved,
        can_offer,
    })
}
