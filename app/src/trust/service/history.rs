//! What the trustee files on an accepted trust: changes (one, or several of
//! one month together; the deadline from `domain::trust::change_due`) and the
//! yearly report (one a year the trust was in force; published at once).
//! A charity files its own trusts' in the portal; officers file a trust
//! company's paper filings (and any trustee's) on its behalf.

use chrono::{NaiveDate, Utc};
use entity::{charitable_trust, charitable_trust_change, charitable_trust_report};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, IntoActiveModel, Set};
use serde_json::json;

use super::{audited, state_of};
use crate::audit::service::Actor;
use crate::db::{self, WriteTxn};
use crate::domain::trust::{self as rules, Action};
use crate::error::AppError;
use crate::state::Settings;
use crate::trust::types::{ChangeInput, ReportInput};
use crate::trust::validate;

/// Trust `id` in the write transaction, when `org` (a portal user's
/// organization; `None` for officers) may file on it and it is accepted.
async fn filable(
    txn: &WriteTxn,
    id: i64,
    org: Option<i64>,
    action: Action,
) -> Result<charitable_trust::Model, AppError> {
    let m = charitable_trust::Entity::find_by_id(id).one(txn).await?.ok_or(AppError::NotFound)?;
    if org.is_some() && m.trustee_org_id != org {
        return Err(AppError::NotFound);
    }
    rules::next(state_of(&m)?, action).map_err(|k| AppError::Conflict(k.into()))?;
    Ok(m)
}

/// Files changes of trust `id`; a new size is written on the trust.
pub async fn file_change(
    db: &DatabaseConnection,
    actor: &Actor,
    org: Option<i64>,
    id: i64,
    input: &ChangeInput,
    today: NaiveDate,
) -> Result<(), AppError> {
    let user = actor.id.ok_or(AppError::Forbidden)?;
    let c = validate::change(input, today)?;
    let txn = db::begin_write(db).await?;
    let m = filable(&txn, id, org, Action::FileChange).await?;
    let due = rules::change_due(c.first_on, c.last_on, c.kinds.contains(&"trustee"));
    let days_late = rules::days_late(due, today);
    let old_size = m.size_fen;
    if let Some(size) = c.new_size_fen {
        let version = m.version;
        let mut a = m.into_active_model();
        a.size_fen = Set(size);
        a.updated_at = Set(Utc::now());
        a.version = Set(version + 1);
        a.update(&txn).await?;
    }
    let kinds = c.kinds.join(",");
    charitable_trust_change::ActiveModel {
        trust_id: Set(id),
        kinds: Set(kinds.clone()),
        first_on: Set(c.first_on),
        last_on: Set(c.last_on),
        description: Set(c.description.clone()),
        old_size_fen: Set(c.new_size_fen.map(|_| old_size)),
        new_size_fen: Set(c.new_size_fen),
        due_on: Set(due),
        filed_on: Set(today),
        days_late: Set(i32::try_from(days_late).unwrap_or(i32::MAX)),
        filed_by: Set(user),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audited(
        &txn,
        actor,
        "trust_change",
        id,
        json!({
            "kinds": kinds, "first_on": c.first_on.to_string(), "last_on": c.last_on.to_string(),
            "due_on": due.to_string(), "days_late": days_late, "new_size_fen": c.new_size_fen,
            "description": c.description,
        }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Files the yearly report of trust `id` (a year it was in force, once).
pub async fn file_report(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    org: Option<i64>,
    id: i64,
    input: &ReportInput,
    today: NaiveDate,
) -> Result<(), AppError> {
    let user = actor.id.ok_or(AppError::Forbidden)?;
    let r = validate::report(input)?;
    let txn = db::begin_write(db).await?;
    let m = filable(&txn, id, org, Action::FileReport).await?;
    if !rules::report_years(m.start_on, m.end_on, today).contains(&r.year) {
        return Err(AppError::field("year", "tr_err_report_year"));
    }
    let exists = db::count(
        &txn,
        "SELECT COUNT(*) AS n FROM charitable_trust_report WHERE trust_id = ? AND year = ?",
        vec![id.into(), r.year.into()],
    )
    .await?;
    if exists > 0 {
        return Err(AppError::field("year", "tr_err_report_filed"));
    }
    let due = rules::report_due(r.year, settings.trust_report_due);
    let days_late = rules::days_late(due, today);
    charitable_trust_report::ActiveModel {
        trust_id: Set(id),
        year: Set(r.year),
        income_fen: Set(r.income_fen),
        spending_fen: Set(r.spending_fen),
        charitable_fen: Set(r.charitable_fen),
        assets_fen: Set(r.assets_fen),
        note: Set(r.note.clone()),
        due_on: Set(due),
        filed_on: Set(today),
        days_late: Set(i32::try_from(days_late).unwrap_or(i32::MAX)),
        filed_by: Set(user),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audited(
        &txn,
        actor,
        "trust_report",
        id,
        json!({
            "year": r.year, "income_fen": r.income_fen, "spending_fen": r.spending_fen,
            "charitable_fen": r.charitable_fen, "assets_fen": r.assets_fen, "days_late": days_late,
        }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
