//! Merging two spellings of one unit, which an officer confirms, or
//! dismissing the proposal.

use chrono::Utc;
use entity::{supervisory_unit as unit, unit_merge_dismissal};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use serde_json::json;

use super::counts;
use crate::audit::service::{self as audit, Actor, Entry};
use crate::db;
use crate::error::AppError;
use crate::units::types::MergeInput;

/// The two live units a merge or a dismissal names (`keep`, `drop`).
async fn pair(txn: &db::WriteTxn, input: &MergeInput) -> Result<(unit::Model, unit::Model), AppError> {
    let id = |s: &str| s.trim().parse::<i64>().ok();
    let (Some(keep), Some(drop)) = (id(&input.keep), id(&input.drop)) else {
        return Err(AppError::field("keep", "err_unit_choose"));
    };
    if keep == drop {
        return Err(AppError::field("keep", "err_unit_merge_same"));
    }
    let live = |u: Option<unit::Model>| u.filter(|u| u.merged_into.is_none()).ok_or(AppError::NotFound);
    let k = live(unit::Entity::find_by_id(keep).one(&**txn).await?)?;
    let d = live(unit::Entity::find_by_id(drop).one(&**txn).await?)?;
    Ok((k, d))
}

/// Merges unit `drop` into `keep`: its organizations, accounts and notes move
/// to `keep` (the organizations show the kept name), and its name resolves to
/// `keep` from now on. Returns how many organizations moved.
pub async fn merge(db: &DatabaseConnection, actor: &Actor, input: &MergeInput) -> Result<u64, AppError> {
    let txn = db::begin_write(db).await?;
    let (keep, drop) = pair(&txn, input).await?;
    let (orgs_before, users_before) = counts(&*txn, drop.id).await?;
    let moved = db::exec(
        &txn,
        "UPDATE organization SET supervisory_unit_id = ?, supervisory_unit = ? WHERE supervisory_unit_id = ?",
        vec![keep.id.into(), keep.name.clone().into(), drop.id.into()],
    )
    .await?;
    for sql in [
        "UPDATE supervisory_unit_user SET unit_id = ? WHERE unit_id = ?",
        "UPDATE unit_action SET unit_id = ? WHERE unit_id = ?",
        "UPDATE supervisory_unit SET merged_into = ? WHERE merged_into = ?",
    ] {
        db::exec(&txn, sql, vec![keep.id.into(), drop.id.into()]).await?;
    }
    let mut am: unit::ActiveModel = drop.clone().into();
    am.merged_into = Set(Some(keep.id));
    am.updated_at = Set(Utc::now());
    am.update(&*txn).await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "unit_merge",
            entity: "supervisory_unit",
            entity_id: keep.id.to_string(),
            before: Some(
                json!({"merged": {"id": drop.id, "name": drop.name, "orgs": orgs_before, "users": users_before}}),
            ),
            after: Some(json!({"kept": {"id": keep.id, "name": keep.name}, "orgs_moved": moved})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(moved)
}

/// Dismisses the proposal to merge two units: it is not proposed again.
pub async fn dismiss(db: &DatabaseConnection, actor: &Actor, input: &MergeInput) -> Result<(), AppError> {
    let txn = db::begin_write(db).await?;
    let (a, b) = pair(&txn, input).await?;
    let (lo, hi) = if a.id < b.id { (a.id, b.id) } else { (b.id, a.id) };
    let known = unit_merge_dismissal::Entity::find()
        .filter(unit_merge_dismissal::Column::UnitA.eq(lo))
        .filter(unit_merge_dismissal::Column::UnitB.eq(hi))
        .one(&*txn)
        .await?;
    if known.is_some() {
        return Err(AppError::Conflict("err_unit_dismissed".into()));
    }
    let d = unit_merge_dismissal::ActiveModel {
        unit_a: Set(lo),
        unit_b: Set(hi),
        dismissed_by: Set(actor.id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    audit::record(
        &txn,
        actor,
        Entry::after(
            "unit_merge_dismiss",
            "supervisory_unit",
            lo,
            json!({"dismissal": d.id, "units": [{"id": a.id, "name": a.name}, {"id": b.id, "name": b.name}]}),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
