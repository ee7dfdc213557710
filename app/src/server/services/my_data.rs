//! "Download my data": everything Blue Suits holds on the asking expert, including who was shown
//! their profile or contact details, as JSON or as a flat CSV.
use crate::{
    domain::export::neutralise,
    domain::permissions::Actor,
    error::AppError,
    server::{
        repo::{
            audit::{self, AuditFilter},
            disclosures, experts, lookups,
            personal_data::{self, PersonalRecords},
            vetting,
        },
        services::{expert_record, portal},
    },
};
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;
use serde_json::{Map, Value, json};

/// The whole export as one JSON document.
pub async fn json(
    db: &DatabaseConnection,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Value, AppError> {
    let id = portal::own_expert(db, actor).await?;
    let e = experts::by_id(db, id).await?.ok_or(AppError::NotFound)?;
    let lists = experts::lists_of(db, e.id).await?;
    let checks = vetting::checks_of(db, id).await?;
    let history = vetting::history_of(db, id).await?;
    let PersonalRecords {
        windows,
        regions,
        claims,
        missions,
        deployments,
        steps,
        messages,
    } = personal_data::of_expert(db, id).await?;
    let shown = disclosures::of_expert(db, id).await?;
    let filter = AuditFilter {
        record_type: Some(expert_record::RECORD_TYPE.to_owned()),
        record_id: Some(e.id.to_string()),
        ..AuditFilter::default()
    };
    let (changes, _) = audit::list(db, &filter, 10_000, 0).await?;
    let names = lookups::user_names(
        db,
        shown
            .iter()
            .map(|s| s.viewer_user_id)
            .chain(deployments.iter().map(|d| d.offered_by))
            .chain(changes.iter().filter_map(|c| c.actor_user_id))
            .chain(history.iter().filter_map(|h| h.actor_user_id))
            .chain(checks.iter().filter_map(|c| c.recorded_by)),
    )
    .await?;
    let name = |u: Option<uuid::Uuid>| -> Value {
        u.and_then(|u| names.get(&u).cloned())
            .map_or(Value::Null, Value::String)
    };
    Ok(json!({
        "generated_at": now,
        "record": {
            "id": e.id,
            "member_state": e.member_state,
            "external_ref": e.external_ref,
            "given_names": e.given_names,
            "family_name": e.family_name,
            "latin_name": e.latin_name,
            "gender": e.gender,
            "date_of_birth": e.date_of_birth,
            "email": e.email,
            "phone": e.phone,
            "years_experience": e.years_experience,
            "notice_days": e.notice_days,
            "longest_deployment_days": e.longest_deployment_days,
            "available_from": e.available_from,
            "available_to": e.available_to,
            "roster_status": e.roster_status,
            "status_changed_at": e.status_changed_at,
            "availability_confirmed_on": e.last_confirmed_on,
            "readiness_tier": e.readiness_tier,
            "created_at": e.created_at,
            "updated_at": e.updated_at,
        },
        "nationalities": lists.nationalities,
        "categories": lists.categories,
        "skills": lists.skills.iter().map(|s| json!({ "skill": s.skill, "level": s.level })).collect::<Vec<_>>(),
        "languages": lists.languages.iter().map(|l| json!({ "language": l.language, "level": l.level })).collect::<Vec<_>>(),
        "language_claims": claims.iter().map(|c| json!({ "language": c.language, "level": c.level, "claimed_at": c.claimed_at, "decision": c.decision, "decided_at": c.decided_at })).collect::<Vec<_>>(),
        "availability_windows": windows.iter().map(|w| json!({ "kind": w.kind, "from": w.starts_on, "to": w.ends_on })).collect::<Vec<_>>(),
        "regions": regions.iter().map(|r| json!({ "region": r.region, "preference": r.preference })).collect::<Vec<_>>(),
        "vetting_checks": checks.iter().map(|c| json!({ "kind": c.kind, "status": c.status, "done_on": c.done_on, "expires_on": c.expires_on, "recorded_by": name(c.recorded_by), "recorded_at": c.recorded_at, "note": c.note })).collect::<Vec<_>>(),
        "status_history": history.iter().map(|h| json!({ "from": h.from_status, "to": h.to_status, "reason": h.reason, "by": name(h.actor_user_id), "at": h.at })).collect::<Vec<_>>(),
        "prior_missions": missions.iter().map(|m| json!({ "mission": m.mission, "country": m.country, "role": m.role, "started_on": m.started_on, "ended_on": m.ended_on })).collect::<Vec<_>>(),
        "deployments": deployments.iter().map(|d| json!({
            "id": d.id,
            "request": d.request_id,
            "state": d.state,
            "starts_on": d.starts_on,
            "ends_on": d.ends_on,
            "offered_by": name(Some(d.offered_by)),
            "offered_at": d.offered_at,
            "respond_by": d.respond_by,
            "answered_at": d.answered_at,
            "answer_reason": d.answer_reason,
            "on_ground_at": d.on_ground_at,
            "steps": steps.iter().filter(|s| s.deployment_id == d.id).map(|s| json!({ "from": s.from_state, "to": s.to_state, "party": s.party, "reason": s.reason, "at": s.at })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "shown_to": shown.iter().map(|s| json!({ "what": s.what, "to": name(Some(s.viewer_user_id)), "deployment": s.deployment_id, "at": s.at })).collect::<Vec<_>>(),
        "messages": messages.iter().map(|n| json!({ "kind": n.kind, "subject": n.subject, "created_at": n.created_at, "sent_at": n.sent_at })).collect::<Vec<_>>(),
        "changes": changes.iter().map(|c| json!({ "action": c.action, "by": name(c.actor_user_id), "at": c.at, "before": c.before, "after": c.after })).collect::<Vec<_>>(),
    }))
}

fn scalar(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Flattens the JSON export into `section,item,field,value` rows, so a spreadsheet opens it.
pub fn csv_of(doc: &Value) -> Result<String, AppError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    {
        let mut write = |section: &str, item: &str, field: &str, value: &str| {
            out.write_record([section, item, field, &neutralise(value)])
        };
        let internal = |e: csv::Error| crate::server::errors::internal("my data csv", e);
        write("section", "item", "field", "value").map_err(internal)?;
        let empty = Map::new();
        for (section, value) in doc.as_object().unwrap_or(&empty) {
            match value {
                Value::Object(fields) => {
                    for (k, v) in fields {
                        write(section, "", k, &scalar(v)).map_err(internal)?;
                    }
                }
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        let n = (i + 1).to_string();
                        match item {
                            Value::Object(fields) => {
                                for (k, v) in fields {
                                    write(section, &n, k, &scalar(v)).map_err(internal)?;
                                }
                            }
                            other => write(section, &n, "", &scalar(other)).map_err(internal)?,
                        }
                    }
                }
                other => write(section, "", "", &scalar(other)).map_err(internal)?,
            }
        }
    }
    let bytes = out
        .into_inner()
        .map_err(|e| crate::server::errors::internal("my data csv", e))?;
    String::from_utf8(bytes).map_err(|e| crate::server::errors::internal("my data csv", e))
}
