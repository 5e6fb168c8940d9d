//! Queries and transactions of charities: recognition, the public-fundraising
//! qualification, complaints, fundraising plans with their changes and
//! termination, disclosures, and the views (detail with its timeline, lists,
//! overdue disclosures, the transparency ranking). Every write runs in one
//! transaction with its audit record.
//!
//! A charity's disclosure duties are not stored: they follow from its plans'
//! dates and its recognition ([`dues_of`]), so a change or an early
//! termination moves them at once.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, Utc};
use entity::{charity, charity_disclosure, charity_plan, organization};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, Set, Value,
};
use serde_json::json;

use super::types::*;
use crate::audit::service::{self as audit, Actor, Entry};
use crate::db;
use crate::domain::charity::{self as rules, Disclosures, QualificationFacts, RecognitionFacts, RiskFacts};
use crate::domain::money;
use crate::error::{AppError, Errors};
use crate::state::Settings;

/// A disclosure describes the use of funds in at least this many characters to count as complete.
pub const COMPLETE_USES_CHARS: usize = 20;

fn date(e: &mut Errors, field: &str, raw: &str) -> Option<NaiveDate> {
    if raw.trim().is_empty() {
        e.add(field, "err_required");
        return None;
    }
    let d = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok();
    if d.is_none() {
        e.add(field, "err_date");
    }
    d
}

fn amount(e: &mut Errors, field: &str, raw: &str) -> Option<i64> {
    match money::parse_yuan(raw) {
        Ok(v) => Some(v),
        Err(err) => {
            e.add(field, err.message_key());
            None
        }
    }
}

fn text(e: &mut Errors, field: &str, raw: &str, max: usize) -> String {
    e.required(field, raw);
    e.max_len(field, raw, max);
    raw.trim().to_string()
}

fn on(v: &str) -> bool {
    matches!(v.trim(), "on" | "true" | "1" | "yes")
}

async fn credit_counts<C: ConnectionTrait>(db: &C, org_id: i64) -> Result<(u32, u32), DbErr> {
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
            "SELECT decided_on FROM penalty WHERE org_id = ? ORDER BY decided_on DESC LIMIT 1",
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
    let on_date = date(&mut e, "recognized_on", &input.recognized_on);
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

async fn charity_of<C: ConnectionTrait>(db: &C, org_id: i64) -> Result<charity::Model, AppError> {
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
    let on_date = date(&mut e, "qualified_on", &input.qualified_on);
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
    let on_date = date(&mut e, "withdrawn_on", &input.withdrawn_on);
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

/// Records a complaint about a charity (it weighs in the risk grade for a year).
pub async fn add_complaint(
    db: &DatabaseConnection,
    actor: &Actor,
    org_id: i64,
    input: &ComplaintInput,
    today: NaiveDate,
) -> Result<(), AppError> {
    let mut e = Errors::default();
    let on_date = date(&mut e, "received_on", &input.received_on);
    let summary = text(&mut e, "summary", &input.summary, 2000);
    if let Some(d) = on_date {
        if d > today {
            e.add("received_on", "ch_err_future_date");
        }
    }
    e.into_result()?;
    let txn = db::begin_write(db).await?;
    charity_of(&*txn, org_id).await?;
    db::exec(
        &*txn,
        "INSERT INTO charity_complaint (org_id, received_on, summary, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
        vec![org_id.into(), on_date.into(), summary.clone().into(), actor.id.into(), Utc::now().into()],
    )
    .await?;
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

/// A plan's checked fields.
struct Plan {
    title: String,
    purpose: String,
    start_on: NaiveDate,
    end_on: NaiveDate,
    region: String,
    method: String,
    platform: String,
    target_fen: i64,
    uses: String,
    beneficiaries: String,
    bank_account: String,
    person_in_charge: String,
    office_address: String,
    cost_budget_fen: i64,
    leftover: String,
    emergency: bool,
}

/// Checks every field of a plan; `filing_on` applies the filing-time rule.
fn check_plan(settings: &Settings, input: &PlanInput, filing_on: Option<NaiveDate>) -> Result<Plan, AppError> {
    let mut e = Errors::default();
    let title = text(&mut e, "title", &input.title, 100);
    let purpose = text(&mut e, "purpose", &input.purpose, 2000);
    let start = date(&mut e, "start_on", &input.start_on);
    let end = date(&mut e, "end_on", &input.end_on);
    let region = text(&mut e, "region", &input.region, 200);
    let method = input.method.trim().to_string();
    if !METHODS.contains(&method.as_str()) {
        e.add("method", "err_invalid_choice");
    }
    let platform = input.platform.trim().to_string();
    e.max_len("platform", &platform, 100);
    if method == "internet" && platform.is_empty() {
        e.add("platform", "ch_err_platform_required");
    }
    // Collection boxes and events stay in the registering bureau's area (慈善法 §23).
    if (method == "box" || method == "event")
        && !region.is_empty()
        && !region.contains(&settings.region_name)
        && !settings.districts.iter().any(|d| region.contains(d.as_str()))
    {
        e.add("region", "ch_err_region_outside");
    }
    let target = amount(&mut e, "target", &input.target);
    if target == Some(0) {
        e.add("target", "ch_err_target_zero");
    }
    let uses = text(&mut e, "uses", &input.uses, 2000);
    let beneficiaries = text(&mut e, "beneficiaries", &input.beneficiaries, 500);
    let bank_account = text(&mut e, "bank_account", &input.bank_account, 200);
    let person_in_charge = text(&mut e, "person_in_charge", &input.person_in_charge, 50);
    let office_address = text(&mut e, "office_address", &input.office_address, 200);
    let cost_budget = amount(&mut e, "cost_budget", &input.cost_budget);
    let leftover = text(&mut e, "leftover", &input.leftover, 1000);
    let emergency = on(&input.emergency);
    if let (Some(s), Some(en)) = (start, end) {
        let err = match filing_on {
            Some(f) => rules::filing_error(f, s, en, emergency),
            None => (en < s).then_some(("end_on", "ch_err_end_before_start")),
        };
        if let Some((field, key)) = err {
            e.add(field, key);
        }
    }
    e.into_result()?;
    let (Some(start_on), Some(end_on), Some(target_fen), Some(cost_budget_fen)) = (start, end, target, cost_budget)
    else {
        return Err(AppError::Internal);
    };
    Ok(Plan {
        title,
        purpose,
        start_on,
        end_on,
        region,
        method,
        platform,
        target_fen,
        uses,
        beneficiaries,
        bank_account,
        person_in_charge,
        office_address,
        cost_budget_fen,
        leftover,
        emergency,
    })
}

fn plan_json(p: &charity_plan::Model) -> serde_json::Value {
    json!({
        "title": p.title, "purpose": p.purpose, "start_on": p.start_on.to_string(), "end_on": p.end_on.to_string(),
        "region": p.region, "method": p.method, "platform": p.platform, "target": money::format_yuan(p.target_fen),
        "uses": p.uses, "beneficiaries": p.beneficiaries, "bank_account": p.bank_account,
        "person_in_charge": p.person_in_charge, "office_address": p.office_address,
        "cost_budget": money::format_yuan(p.cost_budget_fen), "leftover": p.leftover, "emergency": p.emergency,
    })
}

async fn plan_change<C: ConnectionTrait>(
    db: &C,
    plan_id: i64,
    kind: &str,
    on: NaiveDate,
    reason: &str,
    before: &serde_json::Value,
    after: &serde_json::Value,
) -> Result<(), DbErr> {
    db::exec(
        db,
        "INSERT INTO charity_plan_change (plan_id, kind, changed_on, reason, before_json, after_json, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
        vec![
            plan_id.into(),
            kind.into(),
            on.into(),
            reason.into(),
            before.to_string().into(),
            after.to_string().into(),
            Utc::now().into(),
        ],
    )
    .await?;
    Ok(())
}

/// Whether the charity holds the qualification on `day`.
fn qualified_on(c: &charity::Model, day: NaiveDate) -> bool {
    c.qualified_on.is_some_and(|q| q <= day) && c.withdrawn_on.is_none_or(|w| w > day)
}

/// Files a fundraising plan; returns its id. The charity must hold the
/// qualification, and file at least ten days before the start (ten days
/// after it in an emergency).
pub async fn file_plan(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    org_id: i64,
    input: &PlanInput,
    today: NaiveDate,
) -> Result<i64, AppError> {
    let p = check_plan(settings, input, Some(today))?;
    let txn = db::begin_write(db).await?;
    let c =
        charity::Entity::find_by_id(org_id).one(&*txn).await?.ok_or(AppError::Conflict("ch_err_not_charity".into()))?;
    if !qualified_on(&c, today) {
        return Err(AppError::Conflict("ch_err_not_qualified".into()));
    }
    let prefix = format!("{}-{}-", settings.region_code, today.year());
    let n =
        db::count_from(&*txn, "FROM charity_plan WHERE filing_no LIKE ?", vec![format!("{prefix}%").into()]).await?;
    let filing_no = rules::filing_no(&settings.region_code, today.year(), n + 1);
    let now = Utc::now();
    let m = charity_plan::ActiveModel {
        org_id: Set(org_id),
        filing_no: Set(filing_no.clone()),
        title: Set(p.title),
        purpose: Set(p.purpose),
        start_on: Set(p.start_on),
        end_on: Set(p.end_on),
        region: Set(p.region),
        method: Set(p.method),
        platform: Set(p.platform),
        target_fen: Set(p.target_fen),
        uses: Set(p.uses),
        beneficiaries: Set(p.beneficiaries),
        bank_account: Set(p.bank_account),
        person_in_charge: Set(p.person_in_charge),
        office_address: Set(p.office_address),
        cost_budget_fen: Set(p.cost_budget_fen),
        leftover: Set(p.leftover),
        emergency: Set(p.emergency),
        filed_on: Set(today),
        terminated_on: Set(None),
        termination_reason: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    let after = plan_json(&m);
    plan_change(&*txn, m.id, "filed", today, "", &json!({}), &after).await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "charity_plan_file",
            entity: "charity_plan",
            entity_id: m.id.to_string(),
            before: None,
            after: Some(json!({"filing_no": filing_no, "plan": after})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(m.id)
}

async fn own_plan<C: ConnectionTrait>(db: &C, org_id: i64, plan_id: i64) -> Result<charity_plan::Model, AppError> {
    charity_plan::Entity::find_by_id(plan_id).one(db).await?.filter(|p| p.org_id == org_id).ok_or(AppError::NotFound)
}

/// Files a change of a plan (e.g. of its use of funds), kept as history. A
/// new start date must again respect the filing time.
pub async fn change_plan(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    org_id: i64,
    plan_id: i64,
    input: &PlanInput,
    today: NaiveDate,
) -> Result<(), AppError> {
    let txn = db::begin_write(db).await?;
    let old = own_plan(&*txn, org_id, plan_id).await?;
    if old.terminated_on.is_some() || old.end_on < today {
        return Err(AppError::Conflict("ch_err_plan_closed".into()));
    }
    let new_start = NaiveDate::parse_from_str(input.start_on.trim(), "%Y-%m-%d").ok();
    let filing = (new_start.is_some() && new_start != Some(old.start_on)).then_some(today);
    let p = match check_plan(settings, input, filing) {
        Ok(p) => p,
        Err(AppError::Validation(mut f)) => {
            if input.reason.trim().is_empty() {
                f.push(crate::error::FieldError::new("reason", "err_required"));
            }
            return Err(AppError::Validation(f));
        }
        Err(e) => return Err(e),
    };
    let mut e = Errors::default();
    let reason = text(&mut e, "reason", &input.reason, 2000);
    if old.start_on <= today && p.start_on != old.start_on {
        e.add("start_on", "ch_err_started");
    }
    e.into_result()?;
    let before = plan_json(&old);
    let mut m = old.clone().into_active_model();
    m.title = Set(p.title);
    m.purpose = Set(p.purpose);
    m.start_on = Set(p.start_on);
    m.end_on = Set(p.end_on);
    m.region = Set(p.region);
    m.method = Set(p.method);
    m.platform = Set(p.platform);
    m.target_fen = Set(p.target_fen);
    m.uses = Set(p.uses);
    m.beneficiaries = Set(p.beneficiaries);
    m.bank_account = Set(p.bank_account);
    m.person_in_charge = Set(p.person_in_charge);
    m.office_address = Set(p.office_address);
    m.cost_budget_fen = Set(p.cost_budget_fen);
    m.leftover = Set(p.leftover);
    m.emergency = Set(p.emergency);
    m.version = Set(old.version + 1);
    m.updated_at = Set(Utc::now());
    let new = m.update(&*txn).await?;
    let after = plan_json(&new);
    if after == before {
        return Err(AppError::Conflict("ch_err_no_change".into()));
    }
    plan_change(&*txn, plan_id, "changed", today, &reason, &before, &after).await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "charity_plan_change",
            entity: "charity_plan",
            entity_id: plan_id.to_string(),
            before: Some(before),
            after: Some(json!({"plan": after, "reason": reason})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Files the early termination of a plan; its final disclosure is then due
/// three months after the termination date.
pub async fn terminate_plan(
    db: &DatabaseConnection,
    actor: &Actor,
    org_id: i64,
    plan_id: i64,
    input: &TerminateInput,
    today: NaiveDate,
) -> Result<(), AppError> {
    let mut e = Errors::default();
    let on_date = date(&mut e, "terminated_on", &input.terminated_on);
    let reason = text(&mut e, "termination_reason", &input.termination_reason, 2000);
    e.into_result()?;
    let on_date = on_date.ok_or(AppError::Internal)?;
    let txn = db::begin_write(db).await?;
    let old = own_plan(&*txn, org_id, plan_id).await?;
    if old.terminated_on.is_some() || old.end_on < today {
        return Err(AppError::Conflict("ch_err_plan_closed".into()));
    }
    if on_date < today || on_date >= old.end_on {
        return Err(AppError::field("terminated_on", "ch_err_terminate_date"));
    }
    let mut m = old.clone().into_active_model();
    m.terminated_on = Set(Some(on_date));
    m.termination_reason = Set(Some(reason.clone()));
    m.version = Set(old.version + 1);
    m.updated_at = Set(Utc::now());
    m.update(&*txn).await?;
    plan_change(
        &*txn,
        plan_id,
        "terminated",
        today,
        &reason,
        &json!({"end_on": old.end_on.to_string()}),
        &json!({"terminated_on": on_date.to_string()}),
    )
    .await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "charity_plan_terminate",
            entity: "charity_plan",
            entity_id: plan_id.to_string(),
            before: Some(json!({"end_on": old.end_on})),
            after: Some(json!({"terminated_on": on_date, "reason": reason})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The day a plan's campaign ends: its end date, or an earlier termination.
pub fn plan_end(p: &charity_plan::Model) -> NaiveDate {
    p.terminated_on.map(|t| t.min(p.end_on)).unwrap_or(p.end_on)
}

/// Every disclosure a charity owes (its plans' and its annual reports since
/// the year of recognition), with the disclosure that answered each.
pub fn dues_of(
    c: &charity::Model,
    plans: &[charity_plan::Model],
    disclosures: &[charity_disclosure::Model],
    today: NaiveDate,
) -> Vec<DueView> {
    let found = |plan_id: i64, kind: &str, no: i32| {
        disclosures.iter().find(|d| d.plan_id == plan_id && d.kind == kind && d.period_no == no).map(|d| d.disclosed_on)
    };
    let mut out = Vec::new();
    let mut push = |plan_id: i64, filing_no: &str, kind: &str, no: i32, due: NaiveDate| {
        let made = found(plan_id, kind, no);
        out.push(DueView {
            plan_id,
            filing_no: filing_no.to_string(),
            kind: kind.to_string(),
            period_no: no,
            due_on: due.to_string(),
            disclosed_on: made.map(|d| d.to_string()),
            overdue: made.is_none() && today > due,
            key: format!("{plan_id}:{kind}:{no}"),
        });
    };
    for p in plans {
        for d in rules::campaign_dues(p.start_on, plan_end(p)) {
            push(p.id, &p.filing_no, d.kind, d.period_no, d.due_on);
        }
    }
    for y in c.recognized_on.year()..today.year() {
        push(0, "", "annual", y, rules::annual_due(y));
    }
    out.sort_by(|a, b| a.due_on.cmp(&b.due_on).then(a.plan_id.cmp(&b.plan_id)));
    out
}

/// The counts of the transparency index: the disclosures due by today or
/// already made, how many were made, made on time, and complete.
pub fn counts_of(dues: &[DueView], disclosures: &[charity_disclosure::Model], today: NaiveDate) -> Disclosures {
    let mut c = Disclosures::default();
    let today_s = today.to_string();
    for d in dues {
        if d.disclosed_on.is_none() && d.due_on >= today_s {
            continue;
        }
        c.due += 1;
        if let Some(made) = &d.disclosed_on {
            c.made += 1;
            if made <= &d.due_on {
                c.on_time += 1;
            }
            let complete = disclosures
                .iter()
                .find(|x| x.plan_id == d.plan_id && x.kind == d.kind && x.period_no == d.period_no)
                .is_some_and(|x| x.uses.chars().count() >= COMPLETE_USES_CHARS);
            if complete {
                c.complete += 1;
            }
        }
    }
    c
}

/// Records a disclosure in the portal; an overdue one detected earlier is resolved.
pub async fn disclose(
    db: &DatabaseConnection,
    actor: &Actor,
    org_id: i64,
    input: &DisclosureInput,
    today: NaiveDate,
) -> Result<(), AppError> {
    let mut e = Errors::default();
    let parts: Vec<&str> = input.due.split(':').collect();
    let key = match parts.as_slice() {
        [p, k, n] => match (p.parse::<i64>(), n.parse::<i32>()) {
            (Ok(p), Ok(n)) if ["periodic", "final", "annual"].contains(k) => Some((p, k.to_string(), n)),
            _ => None,
        },
        _ => None,
    };
    if key.is_none() {
        e.add("due", if input.due.trim().is_empty() { "err_required" } else { "err_invalid_choice" });
    }
    let raised = amount(&mut e, "raised", &input.raised);
    let spent = amount(&mut e, "spent", &input.spent);
    let cost = amount(&mut e, "cost", &input.cost);
    let off_plan = if input.off_plan.trim().is_empty() { Some(0) } else { amount(&mut e, "off_plan", &input.off_plan) };
    let uses = text(&mut e, "report", &input.report, 4000);
    e.into_result()?;
    let (Some((plan_id, kind, no)), Some(raised), Some(spent), Some(cost), Some(off_plan)) =
        (key, raised, spent, cost, off_plan)
    else {
        return Err(AppError::Internal);
    };
    let txn = db::begin_write(db).await?;
    let c =
        charity::Entity::find_by_id(org_id).one(&*txn).await?.ok_or(AppError::Conflict("ch_err_not_charity".into()))?;
    let plans = charity_plan::Entity::find().filter(charity_plan::Column::OrgId.eq(org_id)).all(&*txn).await?;
    let made =
        charity_disclosure::Entity::find().filter(charity_disclosure::Column::OrgId.eq(org_id)).all(&*txn).await?;
    let dues = dues_of(&c, &plans, &made, today);
    let Some(due) = dues.iter().find(|d| d.plan_id == plan_id && d.kind == kind && d.period_no == no) else {
        return Err(AppError::field("due", "err_invalid_choice"));
    };
    if due.disclosed_on.is_some() {
        return Err(AppError::field("due", "ch_err_already_disclosed"));
    }
    if kind == "final" {
        if let Some(p) = plans.iter().find(|p| p.id == plan_id) {
            if plan_end(p) > today {
                return Err(AppError::field("due", "ch_err_final_before_end"));
            }
        }
    }
    let m = charity_disclosure::ActiveModel {
        org_id: Set(org_id),
        plan_id: Set(plan_id),
        kind: Set(kind.clone()),
        period_no: Set(no),
        disclosed_on: Set(today),
        raised_fen: Set(raised),
        spent_fen: Set(spent),
        cost_fen: Set(cost),
        off_plan_fen: Set(off_plan),
        uses: Set(uses.clone()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    db::exec(
        &*txn,
        "UPDATE charity_overdue SET resolved_on = ? WHERE org_id = ? AND plan_id = ? AND kind = ? AND period_no = ? \
         AND resolved_on IS NULL",
        vec![today.into(), org_id.into(), plan_id.into(), kind.clone().into(), no.into()],
    )
    .await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "charity_disclose",
            entity: "charity_disclosure",
            entity_id: m.id.to_string(),
            before: None,
            after: Some(json!({"plan_id": plan_id, "kind": kind, "period_no": no, "raised_fen": raised,
                "spent_fen": spent, "cost_fen": cost, "off_plan_fen": off_plan, "uses": uses})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

fn disclosure_view(d: &charity_disclosure::Model) -> DisclosureView {
    DisclosureView {
        id: d.id,
        plan_id: d.plan_id,
        kind: d.kind.clone(),
        period_no: d.period_no,
        disclosed_on: d.disclosed_on.to_string(),
        raised_fen: d.raised_fen,
        spent_fen: d.spent_fen,
        cost_fen: d.cost_fen,
        off_plan_fen: d.off_plan_fen,
        uses: d.uses.clone(),
    }
}

fn plan_status(p: &charity_plan::Model, today: NaiveDate) -> &'static str {
    if p.terminated_on.is_some_and(|t| t <= today) {
        "terminated"
    } else if p.start_on > today {
        "upcoming"
    } else if plan_end(p) < today {
        "ended"
    } else {
        "running"
    }
}

async fn changes_of<C: ConnectionTrait>(db: &C, plan_ids: &[i64]) -> Result<HashMap<i64, Vec<PlanChangeView>>, DbErr> {
    let mut out: HashMap<i64, Vec<PlanChangeView>> = HashMap::new();
    if plan_ids.is_empty() {
        return Ok(out);
    }
    let ph = vec!["?"; plan_ids.len()].join(", ");
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            &format!(
                "SELECT plan_id, kind, changed_on, reason, before_json, after_json FROM charity_plan_change \
                 WHERE plan_id IN ({ph}) ORDER BY id"
            ),
            plan_ids.iter().map(|i| Value::from(*i)).collect(),
        ))
        .await?;
    for r in &rows {
        let before: serde_json::Value =
            serde_json::from_str(&r.try_get::<String>("", "before_json")?).unwrap_or_default();
        let after: serde_json::Value =
            serde_json::from_str(&r.try_get::<String>("", "after_json")?).unwrap_or_default();
        let kind: String = r.try_get("", "kind")?;
        let show = |v: Option<&serde_json::Value>| match v {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Null) | None => String::new(),
            Some(v) => v.to_string(),
        };
        let fields = match (&before, &after) {
            (serde_json::Value::Object(b), serde_json::Value::Object(a)) if kind != "filed" => a
                .iter()
                .filter(|(k, v)| b.get(*k) != Some(*v))
                .map(|(k, v)| (k.clone(), show(b.get(k)), show(Some(v))))
                .collect(),
            _ => Vec::new(),
        };
        out.entry(r.try_get("", "plan_id")?).or_default().push(PlanChangeView {
            kind,
            changed_on: r.try_get::<NaiveDate>("", "changed_on")?.to_string(),
            reason: r.try_get("", "reason")?,
            fields,
        });
    }
    Ok(out)
}

fn plan_view(
    p: &charity_plan::Model,
    org_name: &str,
    disclosures: &[charity_disclosure::Model],
    changes: Vec<PlanChangeView>,
    today: NaiveDate,
) -> PlanView {
    let mine: Vec<_> = disclosures.iter().filter(|d| d.plan_id == p.id).collect();
    let raised: i64 = mine.iter().map(|d| d.raised_fen).sum();
    let spent: i64 = mine.iter().map(|d| d.spent_fen).sum();
    let cost: i64 = mine.iter().map(|d| d.cost_fen).sum();
    let off: i64 = mine.iter().map(|d| d.off_plan_fen).sum();
    PlanView {
        id: p.id,
        org_id: p.org_id,
        org_name: org_name.to_string(),
        filing_no: p.filing_no.clone(),
        title: p.title.clone(),
        purpose: p.purpose.clone(),
        start_on: p.start_on.to_string(),
        end_on: p.end_on.to_string(),
        region: p.region.clone(),
        method: p.method.clone(),
        platform: p.platform.clone(),
        target_fen: p.target_fen,
        uses: p.uses.clone(),
        beneficiaries: p.beneficiaries.clone(),
        bank_account: p.bank_account.clone(),
        person_in_charge: p.person_in_charge.clone(),
        office_address: p.office_address.clone(),
        cost_budget_fen: p.cost_budget_fen,
        leftover: p.leftover.clone(),
        emergency: p.emergency,
        filed_on: p.filed_on.to_string(),
        terminated_on: p.terminated_on.map(|d| d.to_string()),
        termination_reason: p.termination_reason.clone(),
        version: p.version,
        status: plan_status(p, today).to_string(),
        raised_fen: raised,
        spent_fen: spent,
        cost_fen: cost,
        off_plan: !mine.is_empty() && rules::spending_outside_plan(raised, spent, cost, p.cost_budget_fen, off),
        changes,
        disclosures: mine.into_iter().map(disclosure_view).collect(),
    }
}

pub(crate) fn kind_zh(kind: &str) -> &'static str {
    match kind {
        "periodic" => "定期公开",
        "final" => "结项公开",
        "annual" => "年度报告",
        _ => "",
    }
}

/// The risk facts of a charity and its grade.
async fn risk_of<C: ConnectionTrait>(
    db: &C,
    org_id: i64,
    dues: &[DueView],
    plans: &[PlanView],
    today: NaiveDate,
) -> Result<RiskView, DbErr> {
    let (abnormal, serious) = credit_counts(db, org_id).await?;
    let complaints = db::count_from(
        db,
        "FROM charity_complaint WHERE org_id = ? AND received_on > ?",
        vec![org_id.into(), (today - chrono::Days::new(365)).into()],
    )
    .await?;
    let facts = RiskFacts {
        overdue_open: dues.iter().filter(|d| d.overdue).count() as u32,
        spending_outside_plan: plans.iter().filter(|p| p.off_plan).count() as u32,
        abnormal_entries: abnormal,
        serious_entries: serious,
        complaints_year: complaints as u32,
    };
    let (grade, reasons) = rules::risk_grade(facts);
    Ok(RiskView { grade, reasons: reasons.into_iter().map(|(k, n, p)| (k.to_string(), n, p)).collect() })
}

/// A charity's page: qualification, plans with their disclosures and
/// changes, dues, the timeline, the transparency index; for officers also the
/// risk grade and complaints.
pub async fn detail<C: ConnectionTrait>(
    db: &C,
    org_id: i64,
    today: NaiveDate,
    officer: bool,
) -> Result<CharityDetail, AppError> {
    let c = charity_of(db, org_id).await?;
    let o = organization::Entity::find_by_id(org_id).one(db).await?.ok_or(AppError::NotFound)?;
    let plans = charity_plan::Entity::find()
        .filter(charity_plan::Column::OrgId.eq(org_id))
        .order_by_desc(charity_plan::Column::StartOn)
        .order_by_desc(charity_plan::Column::Id)
        .all(db)
        .await?;
    let made = charity_disclosure::Entity::find()
        .filter(charity_disclosure::Column::OrgId.eq(org_id))
        .order_by_asc(charity_disclosure::Column::DisclosedOn)
        .order_by_asc(charity_disclosure::Column::Id)
        .all(db)
        .await?;
    let dues = dues_of(&c, &plans, &made, today);
    let counts = counts_of(&dues, &made, today);
    let mut changes = changes_of(db, &plans.iter().map(|p| p.id).collect::<Vec<_>>()).await?;
    let views: Vec<PlanView> =
        plans.iter().map(|p| plan_view(p, &o.name, &made, changes.remove(&p.id).unwrap_or_default(), today)).collect();

    let mut timeline = Vec::new();
    let events = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT kind, event_date, note FROM charity_event WHERE org_id = ? ORDER BY id",
            vec![org_id.into()],
        ))
        .await?;
    for r in &events {
        let kind: String = r.try_get("", "kind")?;
        let note: String = r.try_get("", "note")?;
        timeline.push(TimelineItem {
            date: r.try_get::<NaiveDate>("", "event_date")?.to_string(),
            kind: kind.clone(),
            text: note,
            plan_id: 0,
        });
    }
    for p in &views {
        for ch in &p.changes {
            timeline.push(TimelineItem {
                date: ch.changed_on.clone(),
                kind: format!("plan_{}", ch.kind),
                text: format!(
                    "{} {}{}",
                    p.filing_no,
                    p.title,
                    if ch.reason.is_empty() { String::new() } else { format!("：{}", ch.reason) }
                ),
                plan_id: p.id,
            });
        }
    }
    for d in &made {
        let plan = views.iter().find(|p| p.id == d.plan_id);
        let label = match d.kind.as_str() {
            "annual" => format!("{}年度", d.period_no),
            "periodic" => format!("第{}期", d.period_no),
            _ => String::new(),
        };
        timeline.push(TimelineItem {
            date: d.disclosed_on.to_string(),
            kind: format!("disclosure_{}", d.kind),
            text: format!(
                "{}{}{}：募得 {} 元，支出 {} 元",
                plan.map(|p| format!("{} ", p.filing_no)).unwrap_or_default(),
                label,
                kind_zh(&d.kind),
                money::display_yuan(d.raised_fen),
                money::display_yuan(d.spent_fen)
            ),
            plan_id: d.plan_id,
        });
    }
    timeline.sort_by(|a, b| b.date.cmp(&a.date));

    let (risk, complaints) = if officer {
        let risk = risk_of(db, org_id, &dues, &views, today).await?;
        let rows = db
            .query_all_raw(db::stmt(
                db.get_database_backend(),
                "SELECT received_on, summary FROM charity_complaint WHERE org_id = ? ORDER BY received_on DESC, id DESC",
                vec![org_id.into()],
            ))
            .await?;
        let complaints = rows
            .iter()
            .map(|r| {
                Ok(ComplaintView {
                    received_on: r.try_get::<NaiveDate>("", "received_on")?.to_string(),
                    summary: r.try_get("", "summary")?,
                })
            })
            .collect::<Result<Vec<_>, DbErr>>()?;
        (Some(risk), complaints)
    } else {
        (None, Vec::new())
    };
    Ok(CharityDetail {
        org_id,
        name: o.name,
        credit_code: o.credit_code,
        org_type: o.org_type,
        district: o.district,
        legal_rep: o.legal_rep,
        registration_date: o.registration_date.to_string(),
        recognized_on: c.recognized_on.to_string(),
        recognition_note: c.recognition_note.clone(),
        qualified: qualified_on(&c, today),
        qualified_on: c.qualified_on.map(|d| d.to_string()),
        certificate_no: c.certificate_no.clone(),
        withdrawn_on: c.withdrawn_on.map(|d| d.to_string()),
        withdraw_reason: c.withdraw_reason.clone(),
        plans: views,
        annual: made.iter().filter(|d| d.kind == "annual").map(disclosure_view).collect(),
        dues,
        timeline,
        transparency: rules::transparency_index(counts),
        counts: (counts.due, counts.made, counts.on_time, counts.complete),
        risk,
        complaints,
    })
}

/// The charity page of an organization user (no charity yet: only the name).
pub async fn portal(db: &DatabaseConnection, org_id: i64, today: NaiveDate) -> Result<PortalCharity, AppError> {
    let o = organization::Entity::find_by_id(org_id).one(db).await?.ok_or(AppError::NotFound)?;
    let detail = match detail(db, org_id, today, false).await {
        Ok(d) => Some(d),
        Err(AppError::NotFound) => None,
        Err(e) => return Err(e),
    };
    Ok(PortalCharity { org_name: o.name, detail })
}

fn list_where(f: &CharityFilter) -> (String, Vec<Value>) {
    let mut sql = String::from("FROM charity c JOIN organization o ON o.id = c.org_id WHERE 1 = 1");
    let mut vals: Vec<Value> = Vec::new();
    match f.qualified.as_str() {
        "yes" => sql.push_str(" AND c.qualified_on IS NOT NULL AND c.withdrawn_on IS NULL"),
        "no" => sql.push_str(" AND (c.qualified_on IS NULL OR c.withdrawn_on IS NOT NULL)"),
        _ => {}
    }
    let q = f.q.trim();
    if !q.is_empty() {
        let like = format!("%{}%", q.replace(['%', '_'], ""));
        sql.push_str(
            " AND (o.name LIKE ? OR o.credit_code LIKE ? OR EXISTS (SELECT 1 FROM charity_plan p WHERE p.org_id = c.org_id \
             AND (p.filing_no LIKE ? OR p.purpose LIKE ? OR p.title LIKE ? OR p.platform LIKE ?)))",
        );
        for _ in 0..6 {
            vals.push(like.clone().into());
        }
    }
    (sql, vals)
}

/// Loads the charities, plans and disclosures of `ids`.
pub(crate) async fn load<C: ConnectionTrait>(
    db: &C,
    ids: Option<&[i64]>,
) -> Result<
    (Vec<charity::Model>, HashMap<i64, Vec<charity_plan::Model>>, HashMap<i64, Vec<charity_disclosure::Model>>),
    DbErr,
> {
    let (mut cq, mut pq, mut dq) =
        (charity::Entity::find(), charity_plan::Entity::find(), charity_disclosure::Entity::find());
    if let Some(ids) = ids {
        cq = cq.filter(charity::Column::OrgId.is_in(ids.to_vec()));
        pq = pq.filter(charity_plan::Column::OrgId.is_in(ids.to_vec()));
        dq = dq.filter(charity_disclosure::Column::OrgId.is_in(ids.to_vec()));
    }
    let charities = cq.all(db).await?;
    let mut plans: HashMap<i64, Vec<charity_plan::Model>> = HashMap::new();
    for p in pq.all(db).await? {
        plans.entry(p.org_id).or_default().push(p);
    }
    let mut made: HashMap<i64, Vec<charity_disclosure::Model>> = HashMap::new();
    for d in dq.all(db).await? {
        made.entry(d.org_id).or_default().push(d);
    }
    Ok((charities, plans, made))
}

/// The list of charities (public, or officers' with the risk grade).
pub async fn list<C: ConnectionTrait>(
    db: &C,
    f: &CharityFilter,
    today: NaiveDate,
    officer: bool,
) -> Result<CharityList, AppError> {
    let (from_where, vals) = list_where(f);
    let total = db::count_from(db, &from_where, vals.clone()).await? as u64;
    let sql = format!(
        "SELECT c.org_id AS org_id, o.name AS name, o.credit_code AS code, o.org_type AS org_type, \
         c.recognized_on AS recognized_on, c.qualified_on AS qualified_on, c.withdrawn_on AS withdrawn_on, \
         c.certificate_no AS certificate_no {from_where} ORDER BY c.recognized_on DESC, c.org_id DESC LIMIT {} OFFSET {}",
        PER_PAGE,
        f.page * PER_PAGE
    );
    let rows = db.query_all_raw(db::stmt(db.get_database_backend(), &sql, vals)).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.try_get::<i64>("", "org_id")).collect::<Result<_, _>>()?;
    let (charities, plans, made) = load(db, Some(&ids)).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: i64 = r.try_get("", "org_id")?;
        let Some(c) = charities.iter().find(|c| c.org_id == id) else { continue };
        let p = plans.get(&id).map(Vec::as_slice).unwrap_or(&[]);
        let m = made.get(&id).map(Vec::as_slice).unwrap_or(&[]);
        let dues = dues_of(c, p, m, today);
        let risk = if officer {
            let views: Vec<PlanView> = p.iter().map(|x| plan_view(x, "", m, Vec::new(), today)).collect();
            risk_of(db, id, &dues, &views, today).await?.grade
        } else {
            0
        };
        out.push(CharityRow {
            org_id: id,
            name: r.try_get("", "name")?,
            credit_code: r.try_get("", "code")?,
            org_type: r.try_get("", "org_type")?,
            recognized_on: c.recognized_on.to_string(),
            qualified: qualified_on(c, today),
            certificate_no: c.certificate_no.clone(),
            plans: p.len() as i64,
            transparency: rules::transparency_index(counts_of(&dues, m, today)),
            risk,
        });
    }
    Ok(CharityList { rows: out, total, page: f.page, per_page: PER_PAGE })
}

pub const CSV_HEADER: [&str; 7] =
    ["统一社会信用代码", "名称", "认定日期", "公开募捐资格", "资格证书编号", "备案募捐方案数", "透明指数"];

/// A batch of the public list for the CSV export (keyset on the organization id).
pub async fn csv_batch<C: ConnectionTrait>(
    db: &C,
    f: &CharityFilter,
    today: NaiveDate,
    after: i64,
    batch: u64,
) -> Result<(Vec<u8>, Option<i64>), DbErr> {
    let (from_where, mut vals) = list_where(f);
    vals.push(after.into());
    let sql = format!("SELECT c.org_id AS org_id, o.name AS name, o.credit_code AS code {from_where} AND c.org_id > ? ORDER BY c.org_id LIMIT {batch}");
    let rows = db.query_all_raw(db::stmt(db.get_database_backend(), &sql, vals)).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.try_get::<i64>("", "org_id")).collect::<Result<_, _>>()?;
    let (charities, plans, made) = load(db, Some(&ids)).await?;
    let mut w = db::CsvRows::new();
    let mut last = None;
    for r in &rows {
        let id: i64 = r.try_get("", "org_id")?;
        last = Some(id);
        let Some(c) = charities.iter().find(|c| c.org_id == id) else { continue };
        let p = plans.get(&id).map(Vec::as_slice).unwrap_or(&[]);
        let m = made.get(&id).map(Vec::as_slice).unwrap_or(&[]);
        let index = rules::transparency_index(counts_of(&dues_of(c, p, m, today), m, today));
        w.push([
            r.try_get::<String>("", "code")?,
            r.try_get::<String>("", "name")?,
            c.recognized_on.to_string(),
            if qualified_on(c, today) { "有".to_string() } else { "无".to_string() },
            c.certificate_no.clone().unwrap_or_default(),
            p.len().to_string(),
            index.map(|i| i.to_string()).unwrap_or_default(),
        ])?;
    }
    Ok((w.finish()?, last))
}

/// The transparency ranking: every charity with something due, best first
/// (ties by name). Computed from all plans and disclosures at once.
pub async fn ranking<C: ConnectionTrait>(db: &C, page: u64, today: NaiveDate) -> Result<RankingPage, AppError> {
    let (charities, plans, made) = load(db, None).await?;
    let names: HashMap<i64, String> = {
        let rows = db
            .query_all_raw(db::stmt(
                db.get_database_backend(),
                "SELECT o.id AS id, o.name AS name FROM charity c JOIN organization o ON o.id = c.org_id",
                vec![],
            ))
            .await?;
        rows.iter().map(|r| Ok((r.try_get("", "id")?, r.try_get("", "name")?))).collect::<Result<_, DbErr>>()?
    };
    let mut rows: Vec<RankRow> = charities
        .iter()
        .filter_map(|c| {
            let p = plans.get(&c.org_id).map(Vec::as_slice).unwrap_or(&[]);
            let m = made.get(&c.org_id).map(Vec::as_slice).unwrap_or(&[]);
            let counts = counts_of(&dues_of(c, p, m, today), m, today);
            rules::transparency_index(counts).map(|index| RankRow {
                rank: 0,
                org_id: c.org_id,
                name: names.get(&c.org_id).cloned().unwrap_or_default(),
                index,
                due: counts.due,
                made: counts.made,
                on_time: counts.on_time,
                complete: counts.complete,
            })
        })
        .collect();
    rows.sort_by(|a, b| b.index.cmp(&a.index).then(a.name.cmp(&b.name)));
    let mut rank = 0;
    let mut prev = None;
    for (i, r) in rows.iter_mut().enumerate() {
        if prev != Some(r.index) {
            rank = i as u64 + 1;
            prev = Some(r.index);
        }
        r.rank = rank;
    }
    let total = rows.len() as u64;
    let rows = rows.into_iter().skip((page * PER_PAGE) as usize).take(PER_PAGE as usize).collect();
    Ok(RankingPage { rows, total, page, per_page: PER_PAGE })
}

/// Overdue disclosures detected by the daily job and not yet made, oldest first.
pub async fn overdue<C: ConnectionTrait>(db: &C, page: u64, today: NaiveDate) -> Result<OverduePage, AppError> {
    let from =
        "FROM charity_overdue v JOIN organization o ON o.id = v.org_id LEFT JOIN charity_plan p ON p.id = v.plan_id \
                WHERE v.resolved_on IS NULL";
    let total = db::count_from(db, from, vec![]).await? as u64;
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            &format!(
                "SELECT v.org_id AS org_id, o.name AS name, p.filing_no AS filing_no, v.kind AS kind, v.period_no AS period_no, \
                 v.due_on AS due_on, v.detected_on AS detected_on {from} ORDER BY v.due_on, v.id LIMIT {PER_PAGE} OFFSET {}",
                page * PER_PAGE
            ),
            vec![],
        ))
        .await?;
    let rows = rows
        .iter()
        .map(|r| {
            let due: NaiveDate = r.try_get("", "due_on")?;
            Ok(OverdueRow {
                org_id: r.try_get("", "org_id")?,
                name: r.try_get("", "name")?,
                filing_no: r.try_get::<Option<String>>("", "filing_no")?.unwrap_or_default(),
                kind: r.try_get("", "kind")?,
                period_no: r.try_get("", "period_no")?,
                due_on: due.to_string(),
                detected_on: r.try_get::<NaiveDate>("", "detected_on")?.to_string(),
                days: (today - due).num_days(),
            })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    Ok(OverduePage { rows, total, page, per_page: PER_PAGE })
}

pub const OVERDUE_CSV_HEADER: [&str; 6] =
    ["统一社会信用代码", "名称", "募捐方案备案编号", "应公开事项", "公开期限", "发现日期"];

/// A batch of the open overdue disclosures for the CSV export (keyset on the row id).
pub async fn overdue_csv_batch<C: ConnectionTrait>(
    db: &C,
    after: i64,
    batch: u64,
) -> Result<(Vec<u8>, Option<i64>), DbErr> {
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            &format!(
                "SELECT v.id AS id, o.credit_code AS code, o.name AS name, p.filing_no AS filing_no, v.kind AS kind, \
                 v.period_no AS period_no, v.due_on AS due_on, v.detected_on AS detected_on FROM charity_overdue v \
                 JOIN organization o ON o.id = v.org_id LEFT JOIN charity_plan p ON p.id = v.plan_id \
                 WHERE v.resolved_on IS NULL AND v.id > ? ORDER BY v.id LIMIT {batch}"
            ),
            vec![after.into()],
        ))
        .await?;
    let mut w = db::CsvRows::new();
    let mut last = None;
    for r in &rows {
        last = Some(r.try_get::<i64>("", "id")?);
        let kind: String = r.try_get("", "kind")?;
        let no: i32 = r.try_get("", "period_no")?;
        let what = match kind.as_str() {
            "periodic" => format!("第{no}期{}", kind_zh(&kind)),
            "annual" => format!("{no}年度{}", kind_zh(&kind)),
            _ => kind_zh(&kind).to_string(),
        };
        w.push([
            r.try_get::<String>("", "code")?,
            r.try_get::<String>("", "name")?,
            r.try_get::<Option<String>>("", "filing_no")?.unwrap_or_default(),
            what,
            r.try_get::<NaiveDate>("", "due_on")?.to_string(),
            r.try_get::<NaiveDate>("", "detected_on")?.to_string(),
        ])?;
    }
    Ok((w.finish()?, last))
}

/// The organization of an organization user.
pub fn org_of(user: &crate::auth::types::CurrentUser) -> Result<i64, AppError> {
    user.org_id.ok_or(AppError::Forbidden)
}
