//! Opening entries and their steps: the officers' form, a complaint about an
//! unregistered body (linked both ways: the entry names the complaint, the
//! complaint's timeline the entry), a dated note, the outcome, publication on
//! the warning list.

use chrono::{NaiveDate, Utc};
use entity::{illegal_org, organization};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter, Set};
use serde_json::json;

use super::{log, state_of};
use crate::audit::service::{self as audit, Actor, Entry};
use crate::db::{self, WriteTxn};
use crate::domain::illegal_org::{self as rules, Action, Facts, Source, State};
use crate::domain::input::Lines;
use crate::error::{AppError, Errors};
use crate::illegal::types::{EntryInput, NoteInput, OutcomeInput, PublishInput};
use crate::illegal::validate::{self, day_or_today};

async fn audited(
    txn: &WriteTxn,
    actor: &Actor,
    action: &str,
    id: i64,
    after: serde_json::Value,
) -> Result<(), AppError> {
    Ok(audit::record(txn, actor, Entry::after(action, "illegal_org", id, after)).await?)
}

/// A new entry's row (state `suspected`).
fn new_row(e: &validate::Entry, complaint_id: Option<i64>, officer: i64) -> illegal_org::ActiveModel {
    let now = Utc::now();
    illegal_org::ActiveModel {
        name: Set(e.name.clone()),
        activities: Set(e.activities.clone()),
        places: Set(e.places.clone()),
        websites: Set(e.websites.clone()),
        accounts: Set(e.accounts.clone()),
        people: Set(e.people.clone()),
        source: Set(e.source.as_str().into()),
        source_ref: Set(e.source_ref.clone()),
        complaint_id: Set(complaint_id),
        found_on: Set(e.found_on),
        state: Set(State::Suspected.as_str().into()),
        outcome_on: Set(None),
        outcome_note: Set(None),
        referred_to: Set(None),
        org_id: Set(None),
        case_id: Set(None),
        published_on: Set(None),
        created_by: Set(officer),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
}

/// Registers a suspected illegal organization from the officers' form.
pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    input: &EntryInput,
    today: NaiveDate,
) -> Result<i64, AppError> {
    let officer = actor.id.ok_or(AppError::Forbidden)?;
    let e = validate::entry(input, today)?;
    let txn = db::begin_write(db).await?;
    let m = new_row(&e, None, officer).insert(&txn).await?;
    log(&txn, m.id, "opened", e.found_on, actor, &e.source_ref).await?;
    audited(
        &txn,
        actor,
        "illegal_open",
        m.id,
        json!({"name": e.name, "source": e.source.as_str(), "source_ref": e.source_ref, "found_on": e.found_on.to_string()}),
    )
    .await?;
    txn.commit().await?;
    Ok(m.id)
}

/// Opens an entry from complaint `complaint_id` about an unregistered body:
/// its name, what and where as the reporter gave them, found on the day the
/// complaint was received; one entry a complaint.
pub async fn open_from_complaint(
    db: &DatabaseConnection,
    actor: &Actor,
    complaint_id: i64,
    today: NaiveDate,
) -> Result<i64, AppError> {
    let officer = actor.id.ok_or(AppError::Forbidden)?;
    let txn = db::begin_write(db).await?;
    let lead = crate::complaints::service::lead(&txn, complaint_id).await?.ok_or(AppError::NotFound)?;
    if !lead.unregistered {
        return Err(AppError::Conflict("ill_err_not_unregistered".into()));
    }
    if super::of_complaint(&txn, complaint_id).await?.is_some() {
        return Err(AppError::Conflict("ill_err_complaint_has_entry".into()));
    }
    let clip = |s: &str, n: usize| s.chars().take(n).collect::<String>();
    let e = validate::Entry {
        name: clip(&lead.subject_name, 200),
        activities: clip(&lead.what, 5000),
        places: clip(&lead.place, 2000),
        websites: String::new(),
        accounts: String::new(),
        people: String::new(),
        source: Source::Complaint,
        source_ref: lead.number.clone(),
        found_on: lead.received_on,
    };
    let m = new_row(&e, Some(complaint_id), officer).insert(&txn).await?;
    log(&txn, m.id, "opened", today, actor, &lead.number).await?;
    crate::complaints::service::link_illegal_in(&txn, complaint_id, m.id, actor, today).await?;
    audited(
        &txn,
        actor,
        "illegal_open",
        m.id,
        json!({"name": e.name, "source": "complaint", "complaint_id": complaint_id, "number": lead.number}),
    )
    .await?;
    txn.commit().await?;
    Ok(m.id)
}

/// Entry `id` in the write transaction, with the state `action` leads to (or
/// the conflict of why not).
async fn step(txn: &WriteTxn, id: i64, action: Action) -> Result<(illegal_org::Model, State, Option<i64>), AppError> {
    let m = illegal_org::Entity::find_by_id(id).one(txn).await?.ok_or(AppError::NotFound)?;
    let ban_case = match action {
        Action::Outcome(State::Banned) => crate::penalty::service::ban_decided(txn, "illegal", id).await?,
        _ => None,
    };
    let facts = Facts { ban_decided: ban_case.is_some(), published: m.published_on.is_some() };
    let to = rules::next(state_of(&m)?, action, facts).map_err(|k| AppError::Conflict(k.into()))?;
    Ok((m, to, ban_case))
}

/// Records a dated finding; the first starts the investigation.
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
    let day = day_or_today(&mut e, "day", &input.day, today);
    e.into_result()?;
    let day = day.ok_or(AppError::Internal)?;
    let txn = db::begin_write(db).await?;
    let (m, to, _) = step(&txn, id, Action::Note).await?;
    if to.as_str() != m.state {
        let version = m.version;
        let mut a = m.into_active_model();
        a.state = Set(to.as_str().into());
        a.updated_at = Set(Utc::now());
        a.version = Set(version + 1);
        a.update(&txn).await?;
    }
    log(&txn, id, "note", day, actor, &note).await?;
    audited(&txn, actor, "illegal_note", id, json!({"day": day.to_string(), "note": note})).await?;
    txn.commit().await?;
    Ok(())
}

/// Ends an open entry with its outcome: a ban names the decided case, a
/// referral the department, "registered after all" the organization found
/// by its credit code.
pub async fn outcome(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    input: &OutcomeInput,
    today: NaiveDate,
) -> Result<(), AppError> {
    let o = validate::outcome(input, today)?;
    let txn = db::begin_write(db).await?;
    let (m, to, case_id) = step(&txn, id, Action::Outcome(o.to)).await?;
    let org = match &o.credit_code {
        Some(code) => Some(
            organization::Entity::find()
                .filter(organization::Column::CreditCode.eq(code.as_str()))
                .one(&txn)
                .await?
                .ok_or_else(|| AppError::field("credit_code", "pen_err_org_unknown"))?,
        ),
        None => None,
    };
    let version = m.version;
    let mut a = m.into_active_model();
    a.state = Set(to.as_str().into());
    a.outcome_on = Set(Some(o.day));
    a.outcome_note = Set((!o.note.is_empty()).then(|| o.note.clone()));
    a.referred_to = Set(o.referred_to.clone());
    a.org_id = Set(org.as_ref().map(|g| g.id));
    a.case_id = Set(case_id);
    a.updated_at = Set(Utc::now());
    a.version = Set(version + 1);
    a.update(&txn).await?;
    let text = [
        o.referred_to.clone().unwrap_or_default(),
        org.as_ref().map(|g| format!("{} {}", g.name, g.credit_code)).unwrap_or_default(),
        o.note.clone(),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join("；");
    log(&txn, id, to.as_str(), o.day, actor, &text).await?;
    audited(
        &txn,
        actor,
        "illegal_outcome",
        id,
        json!({
            "outcome": to.as_str(), "day": o.day.to_string(), "referred_to": o.referred_to,
            "org_id": org.map(|g| g.id), "case_id": case_id, "note": o.note,
        }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Puts the entry on the public warning list from `day`.
pub async fn publish(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    input: &PublishInput,
    today: NaiveDate,
) -> Result<(), AppError> {
    let mut e = Errors::default();
    let day = day_or_today(&mut e, "day", &input.day, today);
    e.into_result()?;
    let day = day.ok_or(AppError::Internal)?;
    let txn = db::begin_write(db).await?;
    let (m, _, _) = step(&txn, id, Action::Publish).await?;
    let version = m.version;
    let mut a = m.into_active_model();
    a.published_on = Set(Some(day));
    a.updated_at = Set(Utc::now());
    a.version = Set(version + 1);
    a.update(&txn).await?;
    log(&txn, id, "published", day, actor, "").await?;
    audited(&txn, actor, "illegal_publish", id, json!({"day": day.to_string()})).await?;
    txn.commit().await?;
    Ok(())
}
