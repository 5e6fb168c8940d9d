//! A penalty case's decision and its annulment, as the rating sees them, in
//! the case's transaction (`penalty::service::step` calls both).
//!
//! A decision that imposes penalties on an organization with a grade in
//! force lowers that grade by one (评估办法 §30; one grade an event; a 1A is
//! lost), unless every penalty is minor and `RATING_DOWNGRADE_MINOR_PENALTIES`
//! is off: `domain::rating::decision_lowers`. The change names the case. The
//! annulment of that decision gives the grade back: one grade up, or a lost
//! 1A active again (`domain::rating::after_annulment`), as a `restore` change
//! naming the case, if the grade is still in force (an expired or superseded
//! grade is history and stays as it was). Each change is in the grade's
//! history, the audit chain and, for a downgrade, mailed to the organization.

use chrono::{NaiveDate, Utc};
use entity::{organization, rating_change, rating_grade};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;

use super::mails::{GradeCancelled, GradeLowered};
use crate::audit::service::{self as audit, Actor, Entry};
use crate::domain::rating::{self as rules, Grade};
use crate::error::AppError;
use crate::mail::service::mail_org;
use crate::state::Settings;

/// The organization's grade in force on `today`, if any (the newest).
async fn in_force<C: ConnectionTrait>(
    db: &C,
    org_id: i64,
    today: NaiveDate,
) -> Result<Option<rating_grade::Model>, AppError> {
    Ok(rating_grade::Entity::find()
        .filter(rating_grade::Column::OrgId.eq(org_id))
        .filter(rating_grade::Column::Status.eq("active"))
        .order_by_desc(rating_grade::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .find(|g| !rules::expired(g.valid_to, today)))
}

/// The decision `number` of case `case_id` (dated `day`, with `penalties`
/// penalties, `all_minor` when each is minor) against organization `org_id`:
/// lowers its grade in force by one when the rules say so. Returns the new
/// grade's text ("" when lost), or `None` when nothing changed.
#[allow(clippy::too_many_arguments)]
pub async fn lower_for_decision_in(
    txn: &DatabaseTransaction,
    settings: &Settings,
    actor: &Actor,
    org_id: i64,
    case_id: i64,
    day: NaiveDate,
    number: &str,
    (penalties, all_minor): (usize, bool),
) -> Result<Option<String>, AppError> {
    if !rules::decision_lowers(penalties, all_minor, settings.rating_downgrade_minor) {
        return Ok(None);
    }
    let today = crate::kernel::clock::today();
    let Some(g) = in_force(txn, org_id, today).await? else { return Ok(None) };
    let o = organization::Entity::find_by_id(org_id).one(txn).await?.ok_or(AppError::NotFound)?;
    let current = Grade::parse(&g.grade).ok_or(AppError::Internal)?;
    let to = current.downgraded();
    let reason = format!("受到行政处罚（{number}），依照评估办法降低一个等级。");
    let kind = if to.is_some() { "downgrade" } else { "cancel" };
    rating_change::ActiveModel {
        grade_id: Set(g.id),
        kind: Set(kind.into()),
        event: Set("penalty".into()),
        event_date: Set(day),
        reason: Set(reason.clone()),
        from_grade: Set(g.grade.clone()),
        to_grade: Set(to.map(|t| t.as_str().to_string())),
        actor_id: Set(actor.id),
        created_at: Set(Utc::now()),
        case_id: Set(Some(case_id)),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let (from, grade_id) = (g.grade.clone(), g.id);
    let mut am: rating_grade::ActiveModel = g.into();
    match to {
        Some(t) => am.grade = Set(t.as_str().to_string()),
        None => am.status = Set("cancelled".into()),
    }
    am.updated_at = Set(Utc::now());
    am.update(txn).await?;
    let (bureau, org, date) = (settings.bureau_name.clone(), o.name.clone(), day.to_string());
    match to {
        Some(t) => {
            let letter =
                GradeLowered { bureau, org, from: from.clone(), to: t.as_str().into(), date, reason: reason.clone() };
            mail_org(txn, &o, &letter).await?;
        }
        None => mail_org(txn, &o, &GradeCancelled { bureau, org, date, reason: reason.clone() }).await?,
    }
    audit::record(
        txn,
        actor,
        Entry {
            action: if to.is_some() { "rating_downgrade" } else { "rating_cancel" },
            entity: "rating_grade",
            entity_id: grade_id.to_string(),
            before: Some(json!({"grade": from})),
            after: Some(json!({"grade": to.map(|t| t.as_str()), "event": "penalty", "date": day, "case_id": case_id})),
        },
    )
    .await?;
    Ok(Some(to.map(|t| t.as_str().to_string()).unwrap_or_default()))
}

/// The annulment (dated `day`) of case `case_id`'s decision: every grade the
/// decision lowered, still in force or lost by it, gets its grade back.
/// Returns how many grades were restored.
pub async fn restore_for_annulment_in(
    txn: &DatabaseTransaction,
    actor: &Actor,
    case_id: i64,
    day: NaiveDate,
) -> Result<u64, AppError> {
    let today = crate::kernel::clock::today();
    let changes = rating_change::Entity::find()
        .filter(rating_change::Column::CaseId.eq(case_id))
        .filter(rating_change::Column::Kind.is_in(["downgrade", "cancel"]))
        .all(txn)
        .await?;
    let mut restored = 0;
    for ch in changes {
        let Some(g) = rating_grade::Entity::find_by_id(ch.grade_id).one(txn).await? else { continue };
        let lost_by_it = g.status == "cancelled" && ch.kind == "cancel";
        if !(g.status == "active" || lost_by_it) || rules::expired(g.valid_to, today) {
            continue;
        }
        let now = if lost_by_it { None } else { Grade::parse(&g.grade) };
        let back = rules::after_annulment(now);
        let from = if lost_by_it { String::new() } else { g.grade.clone() };
        rating_change::ActiveModel {
            grade_id: Set(g.id),
            kind: Set("restore".into()),
            event: Set("annulment".into()),
            event_date: Set(day),
            reason: Set("行政处罚决定已被撤销，恢复因该决定降低的等级。".into()),
            from_grade: Set(from.clone()),
            to_grade: Set(Some(back.as_str().into())),
            actor_id: Set(actor.id),
            created_at: Set(Utc::now()),
            case_id: Set(Some(case_id)),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        let grade_id = g.id;
        let mut am: rating_grade::ActiveModel = g.into();
        am.grade = Set(back.as_str().into());
        am.status = Set("active".into());
        am.updated_at = Set(Utc::now());
        am.update(txn).await?;
        audit::record(
            txn,
            actor,
            Entry {
                action: "rating_restore",
                entity: "rating_grade",
                entity_id: grade_id.to_string(),
                before: Some(json!({"grade": from})),
                after: Some(json!({"grade": back.as_str(), "event": "annulment", "date": day, "case_id": case_id})),
            },
        )
        .await?;
        restored += 1;
    }
    Ok(restored)
}
