//! The officers' steps: assign, record an investigation note, reply (the
//! reporter is e-mailed when an address was given), close with an outcome.
//! Each step reads the stored status through `domain::complaint::next` and
//! writes the change, its timeline entry, its audit record and its mail in
//! one write transaction.
//!
//! Closing with "case opened" first opens the penalty case
//! ([`open_case_from_complaint`], through the penalty cases' own service and
//! transaction), then closes the complaint naming it.

use chrono::{NaiveDate, Utc};
use entity::{app_user, complaint, organization};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter, Set};
use serde_json::json;

use super::{event, status_of};
use crate::audit::service::{self as audit, Actor, Entry};
use crate::complaints::mails::ComplaintReplied;
use crate::complaints::types::{AssignInput, CloseInput, NoteInput, ReplyInput};
use crate::db::{self, WriteTxn};
use crate::domain::complaint::{self as rules, Action, Outcome, Status};
use crate::domain::input::Lines;
use crate::error::{AppError, Errors};
use crate::state::Settings;

/// The complaint `id` in the write transaction, with the status `action`
/// leads to (or the conflict of why not).
async fn step(txn: &WriteTxn, id: i64, action: Action) -> Result<(complaint::Model, Status), AppError> {
    let c = complaint::Entity::find_by_id(id).one(txn).await?.ok_or(AppError::NotFound)?;
    let to = rules::next(status_of(&c)?, action).map_err(|k| AppError::Conflict(k.into()))?;
    Ok((c, to))
}

async fn audited(
    txn: &WriteTxn,
    actor: &Actor,
    action: &str,
    id: i64,
    after: serde_json::Value,
) -> Result<(), AppError> {
    Ok(audit::record(txn, actor, Entry::after(action, "complaint", id, after)).await?)
}

/// Gives the complaint to an officer (an active officer or administrator).
pub async fn assign(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    input: &AssignInput,
    today: NaiveDate,
) -> Result<(), AppError> {
    let mut e = Errors::default();
    let officer = input.officer_id.trim().parse::<i64>().ok();
    if officer.is_none() {
        e.choice("officer_id", &input.officer_id);
    }
    let note = e.text("note", &input.note, 2000, Lines::Multi).to_string();
    e.into_result()?;
    let officer = officer.ok_or(AppError::Internal)?;
    let txn = db::begin_write(db).await?;
    let (c, to) = step(&txn, id, Action::Assign).await?;
    let u = app_user::Entity::find_by_id(officer)
        .filter(app_user::Column::Role.is_in(["officer", "admin"]))
        .filter(app_user::Column::Active.eq(true))
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::field("officer_id", "err_invalid_choice"))?;
    let mut m = c.into_active_model();
    m.officer_id = Set(Some(u.id));
    m.status = Set(to.as_str().into());
    m.updated_at = Set(Utc::now());
    m.update(&txn).await?;
    let text = if note.is_empty() { u.display_name.clone() } else { format!("{}：{note}", u.display_name) };
    event(&txn, id, "assigned", today, actor, &text).await?;
    audited(&txn, actor, "complaint_assign", id, json!({"officer_id": u.id, "officer": u.display_name, "note": note}))
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Records an investigation note.
pub async fn note(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    input: &NoteInput,
    today: NaiveDate,
) -> Result<(), AppError> {
    let mut e = Errors::default();
    let note = e.text("note", &input.note, 5000, Lines::Multi).to_string();
    e.required("note", &note);
    e.into_result()?;
    let txn = db::begin_write(db).await?;
    let (c, to) = step(&txn, id, Action::Note).await?;
    if to.as_str() != c.status {
        let mut m = c.into_active_model();
        m.status = Set(to.as_str().into());
        m.updated_at = Set(Utc::now());
        m.update(&txn).await?;
    }
    event(&txn, id, "note", today, actor, &note).await?;
    audited(&txn, actor, "complaint_note", id, json!({"note": note})).await?;
    txn.commit().await?;
    Ok(())
}

/// Answers the reporter: the reply shows on the status page and is e-mailed
/// to the reporter's address, if one was given.
pub async fn reply(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    input: &ReplyInput,
    today: NaiveDate,
) -> Result<(), AppError> {
    let mut e = Errors::default();
    let reply = e.text("reply", &input.reply, 5000, Lines::Multi).to_string();
    e.required("reply", &reply);
    e.into_result()?;
    let txn = db::begin_write(db).await?;
    let (c, to) = step(&txn, id, Action::Reply).await?;
    let (number, email) = (c.number.clone(), c.reporter_email.clone());
    let mut m = c.into_active_model();
    m.status = Set(to.as_str().into());
    m.reply = Set(Some(reply.clone()));
    m.replied_on = Set(Some(today));
    m.updated_at = Set(Utc::now());
    m.update(&txn).await?;
    event(&txn, id, "replied", today, actor, &reply).await?;
    audited(&txn, actor, "complaint_reply", id, json!({"reply": reply, "mailed": email.is_some()})).await?;
    if let Some(to) = email {
        let letter =
            ComplaintReplied { bureau: settings.bureau_name.clone(), number, reply, url: settings.public_url.clone() };
        crate::mail::service::send(&txn, &to, &letter, None).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The outcome and its particulars, every problem at once.
struct Closing {
    outcome: Outcome,
    referred_to: Option<String>,
    violation: String,
    note: String,
}

/// `has_case`: a case was already opened from the complaint (its page's
/// "open a case"), so closing with "case opened" names it and asks no violation.
fn check_close(input: &CloseInput, has_case: bool) -> Result<Closing, AppError> {
    let mut e = Errors::default();
    let outcome = Outcome::parse(&input.outcome);
    if outcome.is_none() {
        e.choice("outcome", &input.outcome);
    }
    let referred = e.text("referred_to", &input.referred_to, 200, Lines::Single).to_string();
    if outcome == Some(Outcome::Referred) {
        e.required("referred_to", &referred);
    }
    let violation = e.text("violation_code", &input.violation_code, 40, Lines::Single).to_string();
    if outcome == Some(Outcome::CaseOpened) && violation.is_empty() && !has_case {
        e.add("violation_code", "err_choose");
    }
    let note = e.text("note", &input.note, 2000, Lines::Multi).to_string();
    e.into_result()?;
    Ok(Closing {
        outcome: outcome.ok_or(AppError::Internal)?,
        referred_to: (outcome == Some(Outcome::Referred)).then_some(referred),
        violation,
        note,
    })
}

/// Closes a replied complaint with its outcome; "case opened" names the case
/// already opened from it, or opens the penalty case first (a registered
/// organization's complaint only).
pub async fn close(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    input: &CloseInput,
    today: NaiveDate,
) -> Result<Option<i64>, AppError> {
    let existing = crate::penalty::service::case_from_source(db, "complaint", id).await?.map(|(case, _)| case);
    let k = check_close(input, existing.is_some())?;
    // Refuse what the close would refuse before a case is opened for it.
    {
        let c = complaint::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
        rules::next(status_of(&c)?, Action::Close).map_err(|k| AppError::Conflict(k.into()))?;
        if k.outcome == Outcome::CaseOpened && c.org_id.is_none() {
            return Err(AppError::field("outcome", "cpl_err_case_needs_org"));
        }
    }
    let case_id = if k.outcome == Outcome::CaseOpened {
        match existing {
            Some(case) => Some(case),
            None => Some(open_case_from_complaint(db, actor, id, &k.violation).await?),
        }
    } else {
        None
    };
    let txn = db::begin_write(db).await?;
    let (c, to) = step(&txn, id, Action::Close).await?;
    let mut m = c.into_active_model();
    m.status = Set(to.as_str().into());
    m.outcome = Set(Some(k.outcome.as_str().into()));
    m.referred_to = Set(k.referred_to.clone());
    m.closed_on = Set(Some(today));
    m.case_id = Set(case_id);
    m.updated_at = Set(Utc::now());
    m.update(&txn).await?;
    let text = [k.referred_to.clone().unwrap_or_default(), k.note.clone()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("；");
    event(&txn, id, &format!("closed_{}", k.outcome.as_str()), today, actor, &text).await?;
    audited(
        &txn,
        actor,
        "complaint_close",
        id,
        json!({"outcome": k.outcome.as_str(), "referred_to": k.referred_to, "case_id": case_id, "note": k.note}),
    )
    .await?;
    txn.commit().await?;
    Ok(case_id)
}

/// Opens a penalty case (立案) from complaint `complaint_id` against its
/// registered organization, for the row `violation_code` of the violation
/// table, through the penalty cases' service (its own transaction, its own
/// audit record); returns the case's id. The case's source is the complaint
/// (its page links back); its facts start with the complaint's tracking
/// number and what the reporter said.
pub async fn open_case_from_complaint(
    db: &DatabaseConnection,
    actor: &Actor,
    complaint_id: i64,
    violation_code: &str,
) -> Result<i64, AppError> {
    let c = complaint::Entity::find_by_id(complaint_id).one(db).await?.ok_or(AppError::NotFound)?;
    let org_id = c.org_id.ok_or_else(|| AppError::field("outcome", "cpl_err_case_needs_org"))?;
    organization::Entity::find_by_id(org_id).one(db).await?.ok_or(AppError::NotFound)?;
    let facts: String = format!("{}：{}", c.number, c.what).chars().take(4900).collect();
    let input = crate::penalty::types::NewCaseInput {
        source: "complaint".into(),
        source_id: complaint_id.to_string(),
        party_kind: "organization".into(),
        credit_code: String::new(),
        party_name: String::new(),
        violation_code: violation_code.to_string(),
        facts,
        discovered_on: c.received_on.to_string(),
        violation_ended_on: String::new(),
        day: String::new(),
    };
    crate::penalty::service::open(db, actor, &input).await.map_err(|e| match e {
        // The case form's fields are not this form's: its problems show on the outcome,
        // but for the violation, which this form asks too.
        AppError::Validation(fields) => AppError::Validation(
            fields
                .into_iter()
                .map(|f| {
                    let field = if f.field == "violation_code" { f.field } else { "outcome".to_string() };
                    crate::error::FieldError { field, message: f.message }
                })
                .collect(),
        ),
        other => other,
    })
}
