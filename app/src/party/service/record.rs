//! An organization's party record: reading it with its versions and the six
//! checks, and saving it (checked by `domain::party::check`, the version the
//! form was read at, audited, the version kept).

use chrono::{NaiveDate, Utc};
use entity::{party_org, party_org_history, party_sync};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set, TryIntoModel,
};
use serde_json::json;

use super::org;
use crate::audit::service::{self as audit, Actor, Entry};
use crate::db;
use crate::domain::party::{self as rules, Kind, Record, RecordInput, Step};
use crate::error::AppError;
use crate::party::types::*;

pub(super) fn view_of(m: &party_org::Model) -> RecordView {
    RecordView {
        kind: m.kind.clone(),
        joint_with: m.joint_with.clone(),
        none_reason: m.none_reason.clone(),
        established_on: m.established_on.map(|d| d.to_string()).unwrap_or_default(),
        full_members: m.full_members,
        probationary_members: m.probationary_members,
        secretary: m.secretary.clone(),
        instructor_name: m.instructor_name.clone(),
        instructor_unit: m.instructor_unit.clone(),
        instructor_phone: m.instructor_phone.clone(),
        liaison: m.liaison.clone(),
        updated_at: crate::kernel::clock::local_date(m.updated_at).to_string(),
    }
}

pub(super) fn status_of(m: party_sync::Model) -> SyncStatus {
    SyncStatus { step: m.step, ref_id: m.ref_id, done: m.done, note: m.note, day: m.day.to_string(), actor: m.actor }
}

/// Organization `org_id`'s party building (`officer`: read by an officer).
pub async fn party_of<C: ConnectionTrait>(db: &C, org_id: i64, officer: bool) -> Result<PartyView, AppError> {
    let o = org(db, org_id).await?;
    let m = party_org::Entity::find().filter(party_org::Column::OrgId.eq(org_id)).one(db).await?;
    let history = party_org_history::Entity::find()
        .filter(party_org_history::Column::OrgId.eq(org_id))
        .order_by_desc(party_org_history::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|h| {
            let record: RecordView = serde_json::from_str(&h.record_json).ok()?;
            Some(HistoryView {
                version: h.version,
                at: crate::kernel::clock::local_date(h.at).to_string(),
                actor: h.actor,
                record,
            })
        })
        .collect();
    let checks = party_sync::Entity::find()
        .filter(party_sync::Column::OrgId.eq(org_id))
        .order_by_desc(party_sync::Column::Day)
        .order_by_desc(party_sync::Column::Id)
        .all(db)
        .await?;
    let mut steps: Vec<(String, Option<SyncStatus>)> =
        Step::ALL.iter().map(|s| (s.as_str().to_string(), None)).collect();
    for c in checks {
        if let Some(slot) = steps.iter_mut().find(|(s, v)| *s == c.step && v.is_none()) {
            slot.1 = Some(status_of(c));
        }
    }
    let kind = m.as_ref().and_then(|m| Kind::parse(&m.kind));
    let mut registry_checks = Vec::new();
    if officer {
        for step in [Step::Registration, Step::Charter, Step::TermRenewal] {
            registry_checks.push(super::sync_view(db, super::Access::Officer, step.as_str(), org_id, 0).await?);
        }
    }
    Ok(PartyView {
        org_id,
        org_name: o.name,
        version: m.as_ref().map(|m| m.version).unwrap_or(0),
        should_establish: m.as_ref().is_some_and(|m| kind.is_some_and(|k| rules::should_establish(k, m.full_members))),
        work_covered: m.as_ref().is_some_and(|m| kind.is_some_and(|k| rules::work_covered(k, &m.instructor_name))),
        record: m.as_ref().map(view_of),
        history,
        steps,
        officer,
        checks: registry_checks,
    })
}

fn record_json(r: &Record) -> serde_json::Value {
    json!({
        "kind": r.kind.as_str(),
        "joint_with": r.joint_with,
        "none_reason": r.none_reason,
        "established_on": r.established_on.map(|d| d.to_string()),
        "full_members": r.full_members,
        "probationary_members": r.probationary_members,
        "secretary": r.secretary,
        "instructor_name": r.instructor_name,
        "instructor_unit": r.instructor_unit,
        "instructor_phone": r.instructor_phone,
        "liaison": r.liaison,
    })
}

/// Saves organization `org_id`'s party record as read at `version` (0: none
/// yet); a record saved meanwhile by someone else is a conflict.
pub async fn save(
    db: &DatabaseConnection,
    actor: &Actor,
    org_id: i64,
    version: i32,
    input: &RecordInput,
    today: NaiveDate,
) -> Result<(), AppError> {
    let o = org(db, org_id).await?;
    let r = rules::check(input, &o.name, today)?;
    let txn = db::begin_write(db).await?;
    let existing = party_org::Entity::find().filter(party_org::Column::OrgId.eq(org_id)).one(&txn).await?;
    if existing.as_ref().map(|m| m.version).unwrap_or(0) != version {
        return Err(AppError::Conflict("party_err_stale".into()));
    }
    let now = Utc::now();
    let mut a = match existing {
        Some(m) => m.into_active_model(),
        None => party_org::ActiveModel { org_id: Set(org_id), ..Default::default() },
    };
    a.kind = Set(r.kind.as_str().into());
    a.joint_with = Set(r.joint_with.join("\n"));
    a.none_reason = Set(r.none_reason.clone());
    a.established_on = Set(r.established_on);
    a.full_members = Set(r.full_members);
    a.probationary_members = Set(r.probationary_members);
    a.secretary = Set(r.secretary.clone());
    a.instructor_name = Set(r.instructor_name.clone());
    a.instructor_unit = Set(r.instructor_unit.clone());
    a.instructor_phone = Set(r.instructor_phone.clone());
    a.liaison = Set(r.liaison.clone());
    a.updated_by = Set(actor.id);
    a.updated_at = Set(now);
    a.version = Set(version + 1);
    let m = a.save(&txn).await?.try_into_model()?;
    party_org_history::ActiveModel {
        org_id: Set(org_id),
        version: Set(m.version),
        record_json: Set(serde_json::to_string(&view_of(&m)).map_err(|_| AppError::Internal)?),
        actor_id: Set(actor.id),
        actor: Set(actor.name.clone()),
        at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut after = record_json(&r);
    after["org_id"] = json!(org_id);
    after["version"] = json!(m.version);
    audit::record(&txn, actor, Entry::after("party_save", "party_org", m.id, after)).await?;
    txn.commit().await?;
    Ok(())
}
