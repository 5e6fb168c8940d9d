//! Recognition of charities, the public-fundraising qualification and its
//! withdrawal, complaints, and the helpers the other services share. Every
//! write runs in one transaction with its audit record. Plans and disclosures
//! are in [`super::plans`], everything read in [`super::views`] (both
//! re-exported here).

use chrono::{Datelike, NaiveDate, Utc};
use entity::{charity, organization};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, Set,
};
use serde_json::json;

pub use super::plans::*;
use super::types::*;
use super::validate::{on, text};
pub use super::views::*;
use crate::audit::service::{self as audit, Actor, Entry};
use crate::db;
use crate::domain::charity::{self as rules, QualificationFacts, RecognitionFacts};
use crate::error::{AppError, Errors};
use crate::state::Settings;

/// A disclosure describes the use of funds in at least this many characters to count as complete.
pub const COMPLETE_USES_CHARS: usize = 20;

pub(crate) async fn credit_counts<C: ConnectionTrait>(db: &C, org_id: i64) -> Result<(u32, u32), DbErr> {
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT list, COUNT(*) AS n FROM credit_entry WHERE org_id = ? AND removed_on IS NULL GROUP BY list",
            vec![org_id.into()],
        ))
        .await?;
    let (mut abnormal, mut serious) = (0, 0);
    for r in &rows {
        let list: String = r.try_get("", "list")?;
        let n: i64 = r.try_get("", "n")?;
        match list.as_str() {
            "abnormal" => abnormal = n as u32,
            "serious" => serious = n as u32,
            _ => {}
        }
    }
    Ok((abnormal, serious))
}

async fn last_penalty<C: ConnectionTrait>(db: &C, org_id: i64) -> Result<Option<NaiveDate>, DbErr> {
    let row = db
        .query_one_raw(db::stmt(
            db.get_database_backend(),
            "SELECT decided_on FROM penalty WHERE org_id = ? AND annulled_on IS NULL ORDER BY decided_on DESC LIMIT 1",
            vec![org_id.into()],
        ))
        .await?;
    row.map(|r| r.try_get::<NaiveDate>("", "decided_on")).transpose()
}

async fn event<C: ConnectionTrait>(
    db: &C,
    org_id: i64,
    kind: &str,
    on: NaiveDate,
    note: &str,
    actor: &Actor,
) -> Result<(), DbErr> {
    db::exec(
        db,
        "INSERT INTO charity_event (org_id, kind, event_date, note, actor, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        vec![org_id.into(), kind.into(), on.into(), note.into(), actor.name.clone().into(), Utc::now().into()],
    )
    .await?;
    Ok(())
}

fn refused(field: &str, keys: Vec<&'static str>) -> Result<(), AppError> {
    if keys.is_empty() {
        return Ok(());
    }
    Err(AppError::Validation(keys.into_iter().map(|k| crate::error::FieldError::new(field, k)).collect()))
}

/// Recognizes a registered organization as a charity (73号 §4–5).
pub async fn recognize(
    db: &DatabaseConnection,
    actor: &Actor,
    input: &RecognizeInput,
    today: NaiveDate,
) -> Result<i64, AppError> {
    let mut e = Errors::default();
    e.required("credit_code", &input.credit_code);
    e.line("credit_code", &input.credit_code, 40);
    let on_date = e.date("recognized_on", &input.recognized_on);
    e.max_len("note", &input.note, 2000);
    if let Some(d) = on_date {
        if d > today {
            e.add("recognized_on", "ch_err_future_date");
        }
    }
    e.into_result()?;
    let on_date = on_date.ok_or(AppError::Internal)?;
    let txn = db::begin_write(db).await?;
    let o = organization::Entity::find()
        .filter(organization::Column::CreditCode.eq(input.credit_code.trim().to_uppercase()))
        .one(&*txn)
        .await?
        .ok_or_else(|| AppError::field("credit_code", "ch_err_no_such_org"))?;
    if charity::Entity::find_by_id(o.id).one(&*txn).await?.is_some() {
        return Err(AppError::field("credit_code", "ch_err_already_charity"));
    }
    let (abnormal, serious) = credit_counts(&*txn, o.id).await?;
    let facts = RecognitionFacts {
        active: o.status == "active",
        abnormal_entries: abnormal,
        serious_entries: serious,
        last_penalty: last_penalty(&*txn, o.id).await?,
        charter_ok: on(&input.charter_ok),
    };
    let mut keys = rules::recognition_refusals(&facts, on_date);
    let charter = keys.iter().position(|k| *k == "ch_refuse_charter").map(|i| keys.remove(i));
    if let Some(c) = charter {
        return Err(AppError::Validation(
            keys.iter()
                .map(|k| crate::error::FieldError::new("credit_code", k))
                .chain([crate::error::FieldError::new("charter_ok", c)])
                .collect(),
        ));
    }
    refused("credit_code", keys)?;
    let now = Utc::now();
    charity::ActiveModel {
        org_id: Set(o.id),
        recognized_on: Set(on_date),
        recognition_note: Set(input.note.trim().to_string()),
        qualified_on: Set(None),
        certificate_no: Set(None),
        withdrawn_on: Set(None),
        withdraw_reason: Set(None),
        withdrawn_for_violation: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&*txn)
    .await?;
    event(&*txn, o.id, "recognized", on_date, input.note.trim(), actor).await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "charity_recognize",
            entity: "organization",
            entity_id: o.id.to_string(),
            before: None,
            after: Some(json!({"recognized_on": on_date, "note": input.note.trim()})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(o.id)
}

pub(crate) async fn charity_of<C: ConnectionTrait>(db: &C, org_id: i64) -> Result<charity::Model, AppError> {
    charity::Entity::find_by_id(org_id).one(db).await?.ok_or(AppError::NotFound)
}

/// Grants the public-fundraising qualification (慈善法 §22; 74号 §5).
pub async fn qualify(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    org_id: i64,
    input: &QualifyInput,
    today: NaiveDate,
) -> Result<String, AppError> {
    let mut e = Errors::default();
    let on_date = e.date("qualified_on", &input.qualified_on);
    if let Some(d) = on_date {
        if d > today {
            e.add("qualified_on", "ch_err_future_date");
        }
    }
    e.into_result()?;
    let on_date = on_date.ok_or(AppError::Internal)?;
    let txn = db::begin_write(db).await?;
    let c = charity_of(&*txn, org_id).await?;
    if c.qualified_on.is_some() && c.withdrawn_on.is_none() {
        return Err(AppError::Conflict("ch_err_already_qualified".into()));
    }
    let o = organization::Entity::find_by_id(org_id).one(&*txn).await?.ok_or(AppError::NotFound)?;
    let (abnormal, serious) = credit_counts(&*txn, org_id).await?;
    let missed = db::count_from(
        &*txn,
        "FROM filing_flag WHERE org_id = ? AND kind = 'missed_deadline' AND report_year >= ?",
        vec![org_id.into(), (settings.report_year - 1).into()],
    )
    .await?;
    let facts = QualificationFacts {
        active: o.status == "active",
        registered_on: o.registration_date,
        recognized_on: Some(c.recognized_on),
        abnormal_entries: abnormal,
        serious_entries: serious,
        last_penalty: last_penalty(&*txn, org_id).await?,
        clean_years: settings.charity_clean_years,
        governance_ok: on(&input.governance_ok),
        reports_ok: missed == 0,
        withdrawn_for_violation_on: c.withdrawn_for_violation.then_some(c.withdrawn_on).flatten(),
    };
    let keys = rules::qualification_refusals(&facts, on_date);
    if !keys.is_empty() {
        return Err(AppError::Validation(
            keys.into_iter()
                .map(|k| {
                    let field = if k == "ch_refuse_governance" { "governance_ok" } else { "qualified_on" };
                    crate::error::FieldError::new(field, k)
                })
                .collect(),
        ));
    }
    let cert = format!("{}-GM-{}-{:05}", settings.region_code, on_date.year(), org_id);
    let mut m = c.into_active_model();
    m.qualified_on = Set(Some(on_date));
    m.certificate_no = Set(Some(cert.clone()));
    m.withdrawn_on = Set(None);
    m.withdraw_reason = Set(None);
    m.withdrawn_for_violation = Set(false);
    m.updated_at = Set(Utc::now());
    m.update(&*txn).await?;
    event(&*txn, org_id, "qualified", on_date, &cert, actor).await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "charity_qualify",
            entity: "organization",
            entity_id: org_id.to_string(),
            before: None,
            after: Some(json!({"qualified_on": on_date, "certificate_no": cert})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(cert)
}

/// Withdraws the qualification; for a serious violation no new application for five years.
pub async fn withdraw(
    db: &DatabaseConnection,
    actor: &Actor,
    org_id: i64,
    input: &WithdrawInput,
    today: NaiveDate,
) -> Result<(), AppError> {
    let mut e = Errors::default();
    let on_date = e.date("withdrawn_on", &input.withdrawn_on);
    let reason = text(&mut e, "reason", &input.reason, 2000);
    if let Some(d) = on_date {
        if d > today {
            e.add("withdrawn_on", "ch_err_future_date");
        }
    }
    e.into_result()?;
    let on_date = on_date.ok_or(AppError::Internal)?;
    let txn = db::begin_write(db).await?;
    let c = charity_of(&*txn, org_id).await?;
    if c.qualified_on.is_none() || c.withdrawn_on.is_some() {
        return Err(AppError::Conflict("ch_err_not_qualified".into()));
    }
    let violation = on(&input.violation);
    let mut m = c.into_active_model();
    m.withdrawn_on = Set(Some(on_date));
    m.withdraw_reason = Set(Some(reason.clone()));
    m.withdrawn_for_violation = Set(violation);
    m.updated_at = Set(Utc::now());
    m.update(&*txn).await?;
    event(&*txn, org_id, "withdrawn", on_date, &reason, actor).await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "charity_withdraw",
            entity: "organization",
            entity_id: org_id.to_string(),
            before: None,
            after: Some(json!({"withdrawn_on": on_date, "reason": reason, "violation": violation})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Records a complaint about a charity received by the bureau, as a complaint
/// against its organization awaiting its handling (`complaints`); it weighs
/// in the risk grade for a year unless found unfounded.
pub async fn add_complaint(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    org_id: i64,
    input: &ComplaintInput,
    today: NaiveDate,
) -> Result<(), AppError> {
    let mut e = Errors::default();
    let on_date = e.date("received_on", &input.received_on);
    let summary = text(&mut e, "summary", &input.summary, 2000);
    if let Some(d) = on_date {
        if d > today {
            e.add("received_on", "ch_err_future_date");
        }
    }
    e.into_result()?;
    let on_date = on_date.ok_or(AppError::Internal)?;
    let txn = db::begin_write(db).await?;
    charity_of(&*txn, org_id).await?;
    crate::complaints::service::record_for_org(&txn, settings, actor, org_id, on_date, &summary).await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "charity_complaint",
            entity: "organization",
            entity_id: org_id.to_string(),
            before: None,
            after: Some(json!({"received_on": on_date, "summary": summary})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Whether the charity holds the qualification on `day`.
pub(crate) fn qualified_on(c: &charity::Model, day: NaiveDate) -> bool {
    c.qualified_on.is_some_and(|q| q <= day) && c.withdrawn_on.is_none_or(|w| w > day)
}

/// The organization of an organization user.
pub fn org_of(user: &crate::auth::types::CurrentUser) -> Result<i64, AppError> {
    user.org_id.ok_or(AppError::Forbidden)
}
