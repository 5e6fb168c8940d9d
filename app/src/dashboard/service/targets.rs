//! The year's targets: the form's list, adding, changing and removing a
//! target, and the work plan's targets.

use std::collections::BTreeSet;

use chrono::Utc;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, Value};
use serde_json::json;

use super::{rows, targets_of};
use crate::audit::service::{self as audit, Actor, Entry};
use crate::dashboard::types::*;
use crate::dashboard::validate::check_target;
use crate::db::{self, count};
use crate::domain::dashboard::{self as rules};
use crate::error::AppError;

/// The targets of `year` as stored, for the form.
pub async fn target_list<C: ConnectionTrait>(db: &C, year: i32) -> Result<Vec<(i64, TargetInput)>, DbErr> {
    Ok(targets_of(db, year)
        .await?
        .into_iter()
        .map(|t| {
            (
                t.id,
                TargetInput {
                    year: t.year.to_string(),
                    name: t.name,
                    measure: t.measure.as_str().into(),
                    target: rules::format_input(t.target, t.measure.unit()),
                },
            )
        })
        .collect())
}

/// Target `id`'s year, and the target as the audit log records it (year,
/// name, measure, target).
async fn target_record<C: ConnectionTrait>(db: &C, id: i64) -> Result<(i32, serde_json::Value), AppError> {
    let r = rows(db, "SELECT year, name, measure, target FROM dashboard_target WHERE id = ?", vec![id.into()])
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)?;
    let year = r.try_get::<i32>("", "year")?;
    Ok((
        year,
        json!({
            "year": year,
            "name": r.try_get::<String>("", "name")?,
            "measure": r.try_get::<String>("", "measure")?,
            "target": r.try_get::<i64>("", "target")?,
        }),
    ))
}

/// Adds a target (`id` None) or changes one. A year names each target once.
pub async fn save_target(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Option<i64>,
    input: &TargetInput,
) -> Result<i64, AppError> {
    let (year, name, measure, target) = check_target(input)?;
    let txn = db::begin_write(db).await?;
    let clash = count(
        &txn,
        "SELECT COUNT(*) AS n FROM dashboard_target WHERE year = ? AND name = ? AND id <> ?",
        vec![year.into(), name.clone().into(), id.unwrap_or(0).into()],
    )
    .await?;
    if clash > 0 {
        return Err(AppError::field("name", "err_dash_target_exists"));
    }
    let before = match id {
        Some(id) => Some(target_record(&txn, id).await?.1),
        None => None,
    };
    let now = Utc::now();
    let mut vals: Vec<Value> = vec![
        year.into(),
        name.clone().into(),
        measure.as_str().into(),
        target.into(),
        measure.unit().as_str().into(),
        now.into(),
    ];
    let id = match id {
        Some(id) => {
            vals.push(id.into());
            db::exec(
                &txn,
                "UPDATE dashboard_target SET year = ?, name = ?, measure = ?, target = ?, unit = ?, updated_at = ? \
                 WHERE id = ?",
                vals,
            )
            .await?;
            id
        }
        None => {
            vals.push(now.into());
            db::column(
                &txn,
                "INSERT INTO dashboard_target (year, name, measure, target, unit, updated_at, created_at) \
                 VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                vals,
                "id",
            )
            .await?
            .first()
            .copied()
            .ok_or(AppError::Internal)?
        }
    };
    audit::record(
        &txn,
        actor,
        Entry {
            action: if before.is_some() { "target_change" } else { "target_add" },
            entity: "dashboard_target",
            entity_id: id.to_string(),
            before,
            after: Some(json!({"year": year, "name": name, "measure": measure.as_str(), "target": target})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// Removes a target.
pub async fn delete_target(db: &DatabaseConnection, actor: &Actor, id: i64) -> Result<i32, AppError> {
    let txn = db::begin_write(db).await?;
    let (year, before) = target_record(&txn, id).await?;
    db::exec(&txn, "DELETE FROM dashboard_target WHERE id = ?", vec![id.into()]).await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "target_delete",
            entity: "dashboard_target",
            entity_id: id.to_string(),
            before: Some(before),
            after: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(year)
}

/// Adds the work plan's targets (`rules::WORK_PLAN`) to `year` where a target
/// of that name is missing. Returns how many were added.
pub async fn add_work_plan(db: &DatabaseConnection, actor: &Actor, year: i32) -> Result<usize, AppError> {
    crate::domain::input::year("year", year).map_err(|e| AppError::Validation(vec![e]))?;
    let have: BTreeSet<String> = targets_of(db, year).await?.into_iter().map(|t| t.name).collect();
    let mut added = 0;
    for (name, measure, target) in rules::WORK_PLAN {
        if have.contains(name) {
            continue;
        }
        let input = TargetInput {
            year: year.to_string(),
            name: name.into(),
            measure: measure.as_str().into(),
            target: rules::format_input(target, measure.unit()),
        };
        save_target(db, actor, None, &input).await?;
        added += 1;
    }
    Ok(added)
}
