//! Credit repair: the organization applies, an officer decides.

use chrono::{NaiveDate, Utc};
use entity::{credit_entry, organization, repair_request};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, Set, Value};
use serde_json::json;

use super::reason_zh;
use super::scores::rescore;
use crate::audit::service::{self as audit, Actor, Entry};
use crate::credit::mails::{RepairApproved, RepairRefused};
use crate::credit::types::*;
use crate::db;
use crate::domain::credit::{self as rules, List};
use crate::error::{AppError, Errors};
use crate::state::Settings;

pub(super) async fn repairs<C: ConnectionTrait>(
    db: &C,
    org: Option<i64>,
    status: &str,
) -> Result<Vec<RepairView>, DbErr> {
    let mut sql = "SELECT q.id AS id, q.entry_id AS entry_id, q.org_id AS org_id, o.name AS name, e.list AS list, \
        e.reason AS reason, e.listed_on AS listed_on, q.statement AS statement, q.status AS status, \
        q.decision_reason AS decision_reason, q.created_at AS created_at FROM repair_request q \
        JOIN credit_entry e ON e.id = q.entry_id JOIN organization o ON o.id = q.org_id WHERE 1 = 1"
        .to_string();
    let mut vals: Vec<Value> = Vec::new();
    if let Some(org) = org {
        sql.push_str(" AND q.org_id = ?");
        vals.push(org.into());
    }
    if !status.is_empty() {
        sql.push_str(" AND q.status = ?");
        vals.push(status.into());
    }
    sql.push_str(" ORDER BY q.id DESC LIMIT 200");
    let rows = db.query_all_raw(db::stmt(db.get_database_backend(), &sql, vals)).await?;
    rows.iter()
        .map(|r| {
            Ok(RepairView {
                id: r.try_get("", "id")?,
                entry_id: r.try_get("", "entry_id")?,
                org_id: r.try_get("", "org_id")?,
                org_name: r.try_get("", "name")?,
                list: r.try_get("", "list")?,
                reason: r.try_get("", "reason")?,
                listed_on: r.try_get::<NaiveDate>("", "listed_on")?.to_string(),
                statement: r.try_get("", "statement")?,
                status: r.try_get("", "status")?,
                decision_reason: r.try_get("", "decision_reason")?,
                created_at: r.try_get::<chrono::DateTime<Utc>>("", "created_at")?.format("%Y-%m-%d").to_string(),
            })
        })
        .collect()
}

/// Pending repair applications, for officers.
pub async fn pending_repair_list<C: ConnectionTrait>(db: &C) -> Result<Vec<RepairView>, DbErr> {
    repairs(db, None, "pending").await
}

/// The organization applies for removal of one of its entries with a
/// statement of the correction made.
pub async fn apply_repair(
    db: &DatabaseConnection,
    actor: &Actor,
    org_id: i64,
    entry_id: i64,
    statement: &str,
) -> Result<(), AppError> {
    let mut e = Errors::default();
    e.required("statement", statement);
    e.max_len("statement", statement, 2000);
    e.into_result()?;
    let txn = db::begin_write(db).await?;
    let entry = credit_entry::Entity::find_by_id(entry_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    if entry.org_id != org_id {
        return Err(AppError::Forbidden);
    }
    if entry.removed_on.is_some() {
        return Err(AppError::Conflict("err_credit_not_listed".into()));
    }
    let o = organization::Entity::find_by_id(org_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let list = List::parse(&entry.list).unwrap_or(List::Abnormal);
    if let Some(why) = rules::repair_refusal(
        list,
        &entry.reason,
        entry.clock_from,
        o.status == "deregistered",
        crate::kernel::clock::today(),
    ) {
        return Err(AppError::Conflict(why.into()));
    }
    let written = db::exec(
        &txn,
        "INSERT INTO repair_request (entry_id, org_id, statement, status, created_at) SELECT ?, ?, ?, 'pending', ? \
         WHERE NOT EXISTS (SELECT 1 FROM repair_request WHERE entry_id = ? AND status = 'pending')",
        vec![entry_id.into(), org_id.into(), statement.trim().into(), Utc::now().into(), entry_id.into()],
    )
    .await?;
    if written == 0 {
        return Err(AppError::Conflict("err_credit_repair_pending".into()));
    }
    audit::record(
        &txn,
        actor,
        Entry {
            action: "credit_repair_apply",
            entity: "credit_entry",
            entity_id: entry_id.to_string(),
            before: None,
            after: Some(json!({"statement": statement.trim()})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// An officer approves (the entry leaves the list) or refuses (with reasons)
/// a repair application; the organization is e-mailed either way.
pub async fn decide_repair(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    approve: bool,
    reason: &str,
) -> Result<(), AppError> {
    let mut e = Errors::default();
    if !approve {
        e.required("reason", reason);
    }
    e.max_len("reason", reason, 2000);
    e.into_result()?;
    let today = crate::kernel::clock::today();
    let txn = db::begin_write(db).await?;
    let request = repair_request::Entity::find_by_id(id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let (entry_id, org_id) = (request.entry_id, request.org_id);
    if request.status != "pending" {
        return Err(AppError::Conflict("err_credit_repair_decided".into()));
    }
    let mut am: repair_request::ActiveModel = request.into();
    am.status = Set((if approve { "approved" } else { "refused" }).to_string());
    am.decision_reason = Set(Some(reason.trim().to_string()));
    am.decided_by = Set(actor.id);
    am.decided_at = Set(Some(Utc::now()));
    am.update(&txn).await?;
    let entry = credit_entry::Entity::find_by_id(entry_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    if approve {
        let mut am: credit_entry::ActiveModel = entry.clone().into();
        am.removed_on = Set(Some(today));
        am.removal_reason = Set(Some("repaired".into()));
        am.update(&txn).await?;
    }
    let o = organization::Entity::find_by_id(org_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let (bureau, org) = (settings.bureau_name.clone(), o.name.clone());
    if approve {
        let reason = reason_zh(&entry.reason).to_string();
        let letter = RepairApproved { bureau, org, reason, date: today.to_string() };
        crate::mail::service::mail_org(&txn, &o, &letter).await?;
    } else {
        let letter = RepairRefused { bureau, org, reason: reason.trim().to_string() };
        crate::mail::service::mail_org(&txn, &o, &letter).await?;
    }
    audit::record(
        &txn,
        actor,
        Entry {
            action: if approve { "credit_repair_approve" } else { "credit_repair_refuse" },
            entity: "credit_entry",
            entity_id: entry_id.to_string(),
            before: Some(json!({"removed_on": null})),
            after: Some(json!({"approved": approve, "reason": reason.trim()})),
        },
    )
    .await?;
    rescore(&txn, settings, &[org_id], today).await?;
    txn.commit().await?;
    Ok(())
}
