//! Zombie cases (僵尸型社会组织清理): the case lists, the public
//! announcements, the officers' steps and the organization's answer.

use std::collections::HashMap;

use chrono::Utc;
use entity::{organization, zombie_case};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set, Value,
};
use serde_json::json;

use super::scores::rescore;
use super::{orgs_by_id, PER_PAGE};
use crate::audit::service::{self as audit, Actor, Entry};
use crate::credit::mails::ZombieNotice;
use crate::credit::types::*;
use crate::db;
use crate::domain::credit as rules;
use crate::domain::org_status::OrgStatus;
use crate::error::{AppError, Errors};
use crate::state::Settings;

pub(super) fn zombie_view(z: zombie_case::Model, o: Option<&organization::Model>) -> ZombieView {
    ZombieView {
        id: z.id,
        org_id: z.org_id,
        org_name: o.map(|o| o.name.clone()).unwrap_or_default(),
        credit_code: o.map(|o| o.credit_code.clone()).unwrap_or_default(),
        district: o.map(|o| o.district.clone()).unwrap_or_default(),
        status: z.status,
        missed_reports: z.missed_reports,
        unreachable: z.unreachable,
        inactive: z.inactive,
        detected_on: z.detected_on.to_string(),
        notified_on: z.notified_on.map(|d| d.to_string()),
        respond_by: z.respond_by.map(|d| d.to_string()),
        response: z.response,
        closed_on: z.closed_on.map(|d| d.to_string()),
        decision_reason: z.decision_reason,
    }
}

/// Zombie cases by status, searchable and paginated.
pub async fn zombies<C: ConnectionTrait>(db: &C, f: &ZombieFilter) -> Result<ZombiePage, DbErr> {
    let mut sql = String::from("FROM zombie_case z JOIN organization o ON o.id = z.org_id WHERE 1 = 1");
    let mut vals: Vec<Value> = Vec::new();
    if !f.status.is_empty() {
        sql.push_str(" AND z.status = ?");
        vals.push(f.status.clone().into());
    }
    db::push_name_or_code(&mut sql, &mut vals, &f.q);
    let total = db::count_from(db, &sql, vals.clone()).await?;
    let p = crate::domain::paging::Paging::new(f.page, PER_PAGE);
    let ids: Vec<i64> = db::column(
        db,
        &format!("SELECT z.id AS id {sql} ORDER BY z.detected_on DESC, z.id DESC {}", p.limit_offset()),
        vals,
        "id",
    )
    .await?;
    let cases = zombie_case::Entity::find().filter(zombie_case::Column::Id.is_in(ids.clone())).all(db).await?;
    let orgs = orgs_by_id(db, cases.iter().map(|z| z.org_id)).await?;
    let mut by_id: HashMap<i64, zombie_case::Model> = cases.into_iter().map(|z| (z.id, z)).collect();
    let rows = ids
        .iter()
        .filter_map(|id| by_id.remove(id))
        .map(|z| {
            let o = orgs.get(&z.org_id).cloned();
            zombie_view(z, o.as_ref())
        })
        .collect();
    Ok(ZombiePage { rows, total: total as u64, page: p.page, per_page: PER_PAGE })
}

/// Public announcements: cleanup notices (with their deadline) and the
/// organizations whose registration was revoked or deregistered in a cleanup.
pub async fn announcements<C: ConnectionTrait>(db: &C, page: u64) -> Result<ZombiePage, DbErr> {
    let base = "FROM zombie_case z WHERE z.status IN ('notified', 'rectifying', 'revoked', 'deregistered')";
    let total = db::count_from(db, base, vec![]).await?;
    let p = crate::domain::paging::Paging::new(page, PER_PAGE);
    let ids: Vec<i64> = db::column(
        db,
        &format!("SELECT z.id AS id {base} ORDER BY z.updated_at DESC, z.id DESC {}", p.limit_offset()),
        vec![],
        "id",
    )
    .await?;
    let cases = zombie_case::Entity::find().filter(zombie_case::Column::Id.is_in(ids.clone())).all(db).await?;
    let orgs = orgs_by_id(db, cases.iter().map(|z| z.org_id)).await?;
    let mut by_id: HashMap<i64, zombie_case::Model> = cases.into_iter().map(|z| (z.id, z)).collect();
    let rows = ids
        .iter()
        .filter_map(|id| by_id.remove(id))
        .map(|mut z| {
            // The public sees the notice and the outcome, not the organization's reply.
            z.response = None;
            let o = orgs.get(&z.org_id).cloned();
            zombie_view(z, o.as_ref())
        })
        .collect();
    Ok(ZombiePage { rows, total: total as u64, page: p.page, per_page: PER_PAGE })
}

/// One step on many zombie cases at once (bulk), each in the same transaction
/// with its audit record, e-mail and registry act. Returns how many moved;
/// refuses the whole batch, changing nothing, if any case cannot take the step.
pub async fn zombie_step(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    ids: &[i64],
    input: &ZombieAction,
) -> Result<u64, AppError> {
    let reason = input.reason.trim();
    let mut e = Errors::default();
    let action = rules::ZombieAction::parse_officer(&input.action);
    if action.is_none() {
        e.choice("action", &input.action);
    }
    if action != Some(rules::ZombieAction::Notify) {
        e.required("reason", reason);
    }
    e.max_len("reason", reason, 2000);
    if ids.is_empty() {
        e.add("ids", "err_zombie_none_selected");
    }
    e.into_result()?;
    let Some(action) = action else { return Err(AppError::Internal) };
    let today = crate::kernel::clock::today();
    let txn = db::begin_write(db).await?;
    let cases = zombie_case::Entity::find().filter(zombie_case::Column::Id.is_in(ids.to_vec())).all(&txn).await?;
    if cases.len() != ids.len() {
        return Err(AppError::NotFound);
    }
    let orgs = orgs_by_id(&txn, cases.iter().map(|z| z.org_id)).await?;
    for z in &cases {
        let status = case_status(z)?;
        let next = rules::zombie_next(status, action).map_err(|k| AppError::Conflict(k.into()))?;
        if action == rules::ZombieAction::Revoke && !rules::revocable(status, z.respond_by, today) {
            return Err(AppError::Conflict("err_zombie_not_revocable".into()));
        }
        let o = orgs.get(&z.org_id).ok_or(AppError::NotFound)?;
        let mut am: zombie_case::ActiveModel = z.clone().into();
        am.status = Set(next.as_str().into());
        am.updated_at = Set(Utc::now());
        match action {
            rules::ZombieAction::Notify => {
                let by = rules::respond_by(today, settings.zombie_notice_days);
                am.notified_on = Set(Some(today));
                am.respond_by = Set(Some(by));
                let notice = ZombieNotice {
                    bureau: settings.bureau_name.clone(),
                    org: o.name.clone(),
                    criteria: criteria_zh(z),
                    respond_by: by.to_string(),
                    url: settings.public_url.clone(),
                };
                crate::mail::service::mail_org(&txn, o, &notice).await?;
            }
            rules::ZombieAction::Deregister | rules::ZombieAction::Revoke => {
                // Revocation is decided by a penalty case, whose decision
                // revoked the registration already: the cleanup records it.
                let revoke = action == rules::ZombieAction::Revoke;
                if revoke && !crate::penalty::service::revocation_decided(&txn, z.org_id).await? {
                    return Err(AppError::Conflict("err_revoke_needs_case".into()));
                }
                if !revoke || o.status != OrgStatus::Revoked.as_str() {
                    let act = crate::registry::types::ActInput {
                        act: input.action.clone(),
                        date: today.to_string(),
                        reason: reason.to_string(),
                    };
                    crate::registry::service::act_in(&txn, settings, actor, z.org_id, &act).await?;
                }
                am.closed_on = Set(Some(today));
                am.decision_reason = Set(Some(reason.into()));
            }
            _ => {
                am.closed_on = Set(Some(today));
                am.decision_reason = Set(Some(reason.into()));
            }
        }
        am.update(&txn).await?;
        audit::record(
            &txn,
            actor,
            Entry {
                action: &format!("zombie_{}", input.action),
                entity: "zombie_case",
                entity_id: z.id.to_string(),
                before: Some(json!({"status": z.status})),
                after: Some(json!({"status": next.as_str(), "reason": reason})),
            },
        )
        .await?;
    }
    let org_ids: Vec<i64> = cases.iter().map(|z| z.org_id).collect();
    rescore(&txn, settings, &org_ids, today).await?;
    txn.commit().await?;
    Ok(cases.len() as u64)
}

fn criteria_zh(z: &zombie_case::Model) -> String {
    let mut v = Vec::new();
    if z.missed_reports {
        v.push("连续两年未报送年度工作报告");
    }
    if z.unreachable {
        v.push("通过登记的住所无法取得联系");
    }
    if z.inactive {
        v.push("长期未开展活动且未按期换届");
    }
    v.join("、")
}

/// The organization answers a cleanup notice in the portal.
pub async fn zombie_respond(
    db: &DatabaseConnection,
    actor: &Actor,
    org_id: i64,
    response: &str,
) -> Result<(), AppError> {
    let mut e = Errors::default();
    e.required("response", response);
    e.max_len("response", response, 5000);
    e.into_result()?;
    let txn = db::begin_write(db).await?;
    let z = zombie_case::Entity::find()
        .filter(zombie_case::Column::OrgId.eq(org_id))
        .filter(zombie_case::Column::Status.eq(rules::ZombieStatus::Notified.as_str()))
        .one(&txn)
        .await?
        .ok_or(AppError::Conflict("err_zombie_no_notice".into()))?;
    let next =
        rules::zombie_next(case_status(&z)?, rules::ZombieAction::Respond).map_err(|k| AppError::Conflict(k.into()))?;
    let id = z.id;
    let mut am: zombie_case::ActiveModel = z.into();
    am.status = Set(next.as_str().into());
    am.response = Set(Some(response.trim().into()));
    am.responded_on = Set(Some(crate::kernel::clock::today()));
    am.updated_at = Set(Utc::now());
    am.update(&txn).await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "zombie_respond",
            entity: "zombie_case",
            entity_id: id.to_string(),
            before: Some(json!({"status": rules::ZombieStatus::Notified.as_str()})),
            after: Some(json!({"status": next.as_str()})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A case's stored status.
fn case_status(z: &zombie_case::Model) -> Result<rules::ZombieStatus, AppError> {
    db::stored_status(rules::ZombieStatus::parse, &z.status, "zombie_case", z.id)
}
