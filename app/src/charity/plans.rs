//! Fundraising plans (募捐方案备案) — filing with its checks, changes kept as
//! history, early termination — and disclosures. Every write runs in one
//! transaction with its audit record.

use chrono::{Datelike, NaiveDate, Utc};
use entity::{charity, charity_disclosure, charity_plan};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, Set,
};
use serde_json::json;

use super::service::qualified_on;
use super::types::*;
use super::validate::{amount, check_plan, text};
use super::views::{dues_of, plan_end};
use crate::audit::service::{self as audit, Actor, Entry};
use crate::db;
use crate::domain::charity as rules;
use crate::domain::money;
use crate::error::{AppError, Errors};
use crate::state::Settings;

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
    // An emergency campaign may have started before the filing, but not before the qualification.
    if c.qualified_on.is_some_and(|q| p.start_on < q) {
        return Err(AppError::field("start_on", "ch_err_before_qualification"));
    }
    let filing_no = next_filing_no(&txn, &settings.region_code, today.year()).await?;
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
    let new_start = crate::domain::input::parse_date(&input.start_on).ok();
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
    let on_date = e.date("terminated_on", &input.terminated_on);
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
        e.choice("due", &input.due);
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

/// The next filing number of `year`, from the year's sequence; numbers that
/// plans filed before the sequence existed (or imported) already use are skipped.
async fn next_filing_no(txn: &db::WriteTxn, region_code: &str, year: i32) -> Result<String, AppError> {
    let prefix = format!("{region_code}-{year}-");
    let used: Vec<String> = db::column(
        txn,
        "SELECT filing_no FROM charity_plan WHERE filing_no LIKE ?",
        vec![format!("{prefix}%").into()],
        "filing_no",
    )
    .await?;
    let floor = used.iter().filter_map(|n| n[prefix.len()..].parse::<i64>().ok()).max().unwrap_or(0);
    let seq = db::next_number(txn, "charity_plan", year, floor).await?;
    Ok(rules::filing_no(region_code, year, seq))
}
