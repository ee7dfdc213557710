//! One expert's record as a page shows it: what the asker may see of it, what they may do next, and its audit trail.
use super::expert_record::{RECORD_TYPE, visible};
use super::readiness::readiness_facts;
use crate::{
    domain::{
        ids::ExpertId,
        permissions::{Action, Actor, Disclosure, disclosure, status_decider},
        readiness::{self, STANDARD_DEPLOYMENT_DAYS, is_stale},
        taxonomy::Cefr,
        vetting::{CheckKind, RosterStatus, allowed_next},
    },
    error::AppError,
    server::{
        gate,
        repo::{
            audit::{self, AuditFilter},
            experts::{self},
            lookups, vetting,
        },
    },
    views::roster::{
        AuditRow, CheckView, ExpertView, LanguageView, MissionView, ReadinessView, SkillView,
        StatusChangeView, WindowView,
    },
};
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DatabaseConnection};

/// Field-by-field differences of two flat JSON objects, for reading the audit trail.
pub fn changes(
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Vec<String> {
    let empty = serde_json::Map::new();
    let b = before.and_then(|v| v.as_object()).unwrap_or(&empty);
    let a = after.and_then(|v| v.as_object()).unwrap_or(&empty);
    let mut keys: Vec<&String> = b.keys().chain(a.keys()).collect();
    keys.sort();
    keys.dedup();
    let show = |v: Option<&serde_json::Value>| match v {
        None | Some(serde_json::Value::Null) => "—".to_owned(),
        Some(serde_json::Value::String(s)) if s.is_empty() => "—".to_owned(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    keys.into_iter()
        .filter(|k| b.get(*k) != a.get(*k))
        .map(|k| format!("{k}: {} → {}", show(b.get(k)), show(a.get(k))))
        .collect()
}

pub async fn audit_rows(
    db: &impl ConnectionTrait,
    events: Vec<crate::server::entities::audit_event::Model>,
) -> Result<Vec<AuditRow>, AppError> {
    let names = lookups::user_names(db, events.iter().filter_map(|e| e.actor_user_id)).await?;
    Ok(events
        .into_iter()
        .map(|e| AuditRow {
            at: crate::views::time_text(e.at),
            actor: e
                .actor_user_id
                .map(|id| names.get(&id).cloned().unwrap_or_else(|| id.to_string())),
            changes: changes(e.before.as_ref(), e.after.as_ref()),
            action: e.action,
            record_type: e.record_type,
            record_id: e.record_id,
        })
        .collect())
}

pub async fn view(
    db: &DatabaseConnection,
    settings: &crate::server::settings::Settings,
    actor: &Actor,
    id: ExpertId,
    today: NaiveDate,
) -> Result<ExpertView, AppError> {
    let (e, facts) = visible(db, actor, id).await?;
    let show: Disclosure = disclosure(&actor.principal, &facts);
    if show.logged_for_expert {
        crate::server::repo::disclosures::record(
            db,
            id,
            None,
            actor.user_id,
            "profile",
            chrono::Utc::now(),
        )
        .await?;
    }
    let lists = experts::lists_of(db, e.id).await?;
    let checks = vetting::checks_of(db, id).await?;
    let windows = vetting::windows_of(db, id).await?;
    let verdict = readiness::assess(
        &readiness_facts(
            &e,
            facts.status,
            &checks,
            &windows,
            crate::server::repo::deployments::is_committed(db, id, today).await?,
        ),
        today,
        STANDARD_DEPLOYMENT_DAYS,
    );
    let codes: Vec<&str> = lists
        .languages
        .iter()
        .map(|l| l.language.as_str())
        .collect();
    let language_names = lookups::language_names(db, &codes).await?;
    let history = vetting::history_of(db, id).await?;
    let missions = experts::prior_missions(db, id).await?;
    let audit = if show.vetting_details {
        let filter = AuditFilter {
            record_type: Some(RECORD_TYPE.to_owned()),
            record_id: Some(e.id.to_string()),
            ..AuditFilter::default()
        };
        audit_rows(db, audit::list(db, &filter, 200, 0).await?.0).await?
    } else {
        Vec::new()
    };
    let names = lookups::user_names(
        db,
        history
            .iter()
            .filter_map(|h| h.actor_user_id)
            .chain(checks.iter().filter_map(|c| c.recorded_by)),
    )
    .await?;
    let name_of = |id: Option<uuid::Uuid>| id.and_then(|id| names.get(&id).cloned());
    let check_views = if show.vetting_details {
        CheckKind::ALL
            .into_iter()
            .map(
                |kind| match checks.iter().find(|c| c.kind == kind.as_str()) {
                    Some(c) => CheckView {
                        kind: c.kind.clone(),
                        status: c.status.clone(),
                        done_on: c.done_on.map(crate::views::date_text),
                        expires_on: c.expires_on.map(crate::views::date_text),
                        recorded_by: name_of(c.recorded_by),
                        recorded_at: Some(crate::views::time_text(c.recorded_at)),
                        note: c.note.clone(),
                    },
                    None => CheckView {
                        kind: kind.as_str().to_owned(),
                        status: "missing".to_owned(),
                        done_on: None,
                        expires_on: None,
                        recorded_by: None,
                        recorded_at: None,
                        note: None,
                    },
                },
            )
            .collect()
    } else {
        Vec::new()
    };
    let can_edit = gate::may(
        actor,
        &Action::EditExpert {
            state: facts.state.clone(),
        },
    );
    let next_statuses = match status_decider(actor, &facts.state) {
        Some(by)
            if gate::may(
                actor,
                &Action::ChangeRosterStatus {
                    state: facts.state.clone(),
                },
            ) =>
        {
            allowed_next(facts.status, by)
                .into_iter()
                .map(|s| s.as_str().to_owned())
                .collect()
        }
        _ => Vec::new(),
    };
    let has_account = crate::server::services::invitations::has_account(db, id).await?;
    let can_invite = !has_account
        && !matches!(
            facts.status,
            RosterStatus::Withdrawn | RosterStatus::Rejected
        )
        && gate::may(
            actor,
            &Action::InviteExpert {
                state: facts.state.clone(),
            },
        );
    let language_claims = crate::server::services::language_claims::pending(db, actor, id).await?;
    let now = chrono::Utc::now();
    let may = |action: Action| gate::may(actor, &action);
    let state = || facts.state.clone();
    let invitation_pending_until = if may(Action::InviteExpert { state: state() }) {
        crate::server::services::invitations::pending_until(db, id, now)
            .await?
            .map(crate::views::time_text)
    } else {
        None
    };
    let can_reveal_invitation = invitation_pending_until.is_some()
        && !settings.mail_configured
        && may(Action::RevealInvitation { state: state() });
    let can_reset_account = has_account && may(Action::ResetExpertAccount { state: state() });
    // Offered only once the person is off the roster: withdrawing first releases their offers.
    let can_erase = may(Action::EraseExpert { state: state() })
        && crate::domain::retention::is_off_roster(facts.status);
    let duplicates = if may(Action::Vet) {
        let found = crate::server::repo::duplicates::likely(db, &[id]).await?;
        crate::server::services::vetting::duplicate_views(found.get(&e.id))
    } else {
        Vec::new()
    };
    Ok(ExpertView {
        id: e.id.to_string(),
        member_state: e.member_state.clone(),
        external_ref: e.external_ref.clone(),
        given_names: e.given_names.clone(),
        family_name: e.family_name.clone(),
        latin_name: e.latin_name.clone(),
        gender: e.gender.clone(),
        date_of_birth: show
            .date_of_birth
            .then(|| crate::views::date_text(e.date_of_birth)),
        email: show.contact.then(|| e.email.clone()),
        phone: if show.contact { e.phone.clone() } else { None },
        years_experience: e.years_experience,
        notice_days: e.notice_days,
        available_from: e.available_from.map(crate::views::date_text),
        available_to: e.available_to.map(crate::views::date_text),
        last_confirmed_on: e.last_confirmed_on.map(crate::views::date_text),
        availability_stale: is_stale(e.last_confirmed_on, today),
        nationalities: lists.nationalities,
        categories: lists.categories,
        skills: lists
            .skills
            .iter()
            .map(|s| SkillView {
                slug: s.skill.clone(),
                level: u8::try_from(s.level).unwrap_or(0),
            })
            .collect(),
        languages: lists
            .languages
            .iter()
            .map(|l| LanguageView {
                code: l.language.clone(),
                name: language_names
                    .get(&l.language)
                    .cloned()
                    .unwrap_or_else(|| l.language.clone()),
                level: u8::try_from(l.level)
                    .ok()
                    .and_then(Cefr::from_rank)
                    .map_or("?", Cefr::as_str)
                    .to_owned(),
            })
            .collect(),
        status: e.roster_status.clone(),
        status_since: crate::views::time_text(e.status_changed_at),
        readiness: ReadinessView {
            tier: verdict.tier.as_str().to_owned(),
            reasons: verdict.reasons.iter().map(ToString::to_string).collect(),
            as_of: crate::views::date_text(today),
        },
        checks: check_views,
        history: if show.vetting_details {
            history
                .iter()
                .map(|h| StatusChangeView {
                    from: h.from_status.clone(),
                    to: h.to_status.clone(),
                    reason: h.reason.clone(),
                    by: name_of(h.actor_user_id),
                    at: crate::views::time_text(h.at),
                })
                .collect()
        } else {
            Vec::new()
        },
        windows: windows
            .iter()
            .map(|w| WindowView {
                kind: w.kind.clone(),
                from: crate::views::date_text(w.starts_on),
                to: crate::views::date_text(w.ends_on),
            })
            .collect(),
        prior_missions: missions
            .into_iter()
            .map(|m| MissionView {
                mission: m.mission,
                country: m.country,
                role: m.role,
                started_on: crate::views::date_text(m.started_on),
                ended_on: m.ended_on.map(crate::views::date_text),
            })
            .collect(),
        audit,
        can_edit,
        next_statuses,
        can_record_checks: gate::may(actor, &Action::Vet),
        language_claims,
        can_invite,
        has_account,
        invitation_pending_until,
        can_reveal_invitation,
        can_reset_account,
        can_erase,
        duplicates,
        is_self: facts.is_self,
    })
}
