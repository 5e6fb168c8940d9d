//! Rectifications (整改) that published "rectify" results ordered: the
//! officers' list and record, the organization's own, the organization's
//! report and an officer's review. Each write is one transaction with its
//! audit record, read through the pure steps of `domain::inspection`
//! (`rectification_next`) and guarded by the row's version.

use chrono::{NaiveDate, Utc};
use entity::inspection_rectification as rectification;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryResult, Set, Value};
use serde_json::json;

use super::super::types::*;
use crate::audit::service::{self as audit, Actor, Entry};
use crate::auth::types::CurrentUser;
use crate::db;
use crate::domain::input::Lines;
use crate::domain::inspection::{self as rules, RectificationStatus, RectificationStep, RECTIFICATION_TEXT_MAX};
use crate::domain::paging::Paging;
use crate::error::{AppError, Errors};
use crate::kernel::clock::stamp;

/// Rows a page of the lists.
pub const RECTIFICATIONS_PER_PAGE: u64 = 20;

const SELECT: &str = "SELECT r.id, r.target_id, r.org_id, r.findings, r.ordered_on, r.due_on, r.status, r.report, \
     r.reported_at, r.review_note, r.reviewed_at, r.version, o.name AS org_name, o.credit_code, \
     t.campaign_id, t.inspected_on, c.name AS campaign, ru.display_name AS reported_name, \
     vu.display_name AS reviewed_name \
     FROM inspection_rectification r JOIN organization o ON o.id = r.org_id \
     JOIN inspection_target t ON t.id = r.target_id JOIN inspection_campaign c ON c.id = t.campaign_id \
     LEFT JOIN app_user ru ON ru.id = r.reported_by LEFT JOIN app_user vu ON vu.id = r.reviewed_by";

/// What the audit trail keeps of a rectification.
pub(super) fn rectification_json(r: &rectification::Model) -> serde_json::Value {
    json!({
        "target_id": r.target_id, "org_id": r.org_id, "status": r.status, "ordered_on": r.ordered_on.to_string(),
        "due_on": r.due_on.to_string(), "report": r.report, "review_note": r.review_note, "version": r.version,
    })
}

fn view(r: &QueryResult, today: NaiveDate) -> Result<RectificationView, DbErr> {
    let due: NaiveDate = r.try_get("", "due_on")?;
    let ordered: NaiveDate = r.try_get("", "ordered_on")?;
    let inspected: Option<NaiveDate> = r.try_get("", "inspected_on")?;
    let reported: Option<chrono::DateTime<Utc>> = r.try_get("", "reported_at")?;
    let reviewed: Option<chrono::DateTime<Utc>> = r.try_get("", "reviewed_at")?;
    let status: String = r.try_get("", "status")?;
    let overdue = RectificationStatus::parse(&status).is_some_and(|s| rules::rectification_overdue(s, due, today));
    Ok(RectificationView {
        id: r.try_get("", "id")?,
        target_id: r.try_get("", "target_id")?,
        org_id: r.try_get("", "org_id")?,
        org_name: r.try_get("", "org_name")?,
        credit_code: r.try_get("", "credit_code")?,
        campaign_id: r.try_get("", "campaign_id")?,
        campaign: r.try_get("", "campaign")?,
        inspected_on: inspected.map(|d| d.to_string()),
        findings: r.try_get("", "findings")?,
        ordered_on: ordered.to_string(),
        due_on: due.to_string(),
        status,
        overdue,
        days_left: (due - today).num_days(),
        report: r.try_get("", "report")?,
        reported_at: reported.map(stamp),
        reported_by: r.try_get("", "reported_name")?,
        review_note: r.try_get("", "review_note")?,
        reviewed_at: reviewed.map(stamp),
        reviewed_by: r.try_get("", "reviewed_name")?,
        version: r.try_get("", "version")?,
        answers: Vec::new(),
    })
}

async fn page_of<C: ConnectionTrait>(
    db: &C,
    where_: &str,
    vals: Vec<Value>,
    page: u64,
    today: NaiveDate,
) -> Result<RectificationPage, DbErr> {
    let total = db::count_from(
        db,
        &format!(
            "FROM inspection_rectification r JOIN organization o ON o.id = r.org_id \
             JOIN inspection_target t ON t.id = r.target_id JOIN inspection_campaign c ON c.id = t.campaign_id{where_}"
        ),
        vals.clone(),
    )
    .await?;
    let p = Paging::new(page, RECTIFICATIONS_PER_PAGE);
    let sql = format!("{SELECT}{where_} ORDER BY r.due_on, r.id {}", p.limit_offset());
    let rows = db.query_all_raw(db::stmt(db.get_database_backend(), &sql, vals)).await?;
    Ok(RectificationPage {
        rows: rows.iter().map(|r| view(r, today)).collect::<Result<_, _>>()?,
        total: total as u64,
        page: p.page,
        per_page: RECTIFICATIONS_PER_PAGE,
    })
}

/// The officers' list: by status, overdue only (deadline passed, not
/// accepted), by a part of the organization's name or code; nearest deadline first.
pub async fn rectifications<C: ConnectionTrait>(
    db: &C,
    f: &RectificationFilter,
    today: NaiveDate,
) -> Result<RectificationPage, DbErr> {
    let mut w = " WHERE 1 = 1".to_string();
    let mut vals: Vec<Value> = Vec::new();
    if let Some(s) = RectificationStatus::parse(f.status.trim()) {
        w.push_str(" AND r.status = ?");
        vals.push(s.as_str().into());
    }
    if f.overdue.trim() == "1" {
        w.push_str(" AND r.status <> ? AND r.due_on < ?");
        vals.push(RectificationStatus::Accepted.as_str().into());
        vals.push(today.into());
    }
    db::push_name_or_code(&mut w, &mut vals, &f.q);
    page_of(db, &w, vals, f.page, today).await
}

/// An organization's own rectifications, nearest deadline first.
pub async fn rectifications_of_org<C: ConnectionTrait>(
    db: &C,
    org_id: i64,
    page: u64,
    today: NaiveDate,
) -> Result<RectificationPage, DbErr> {
    page_of(db, " WHERE r.org_id = ?", vec![org_id.into()], page, today).await
}

/// One rectification, with the checklist answers of the result that ordered
/// it; with `org`, only if it is that organization's (else not found).
pub async fn rectification_view<C: ConnectionTrait>(
    db: &C,
    id: i64,
    org: Option<i64>,
    today: NaiveDate,
) -> Result<RectificationView, AppError> {
    let sql = format!("{SELECT} WHERE r.id = ?");
    let row = db.query_one_raw(db::stmt(db.get_database_backend(), &sql, vec![id.into()])).await?;
    let mut v = row.map(|r| view(&r, today)).transpose()?.ok_or(AppError::NotFound)?;
    if org.is_some_and(|o| o != v.org_id) {
        return Err(AppError::NotFound);
    }
    v.answers = super::answers::answers_of_target(db, v.target_id).await?;
    Ok(v)
}

/// The stored status of `r` and the version the form was read at.
fn checked(r: &rectification::Model, version: &str, step: RectificationStep) -> Result<RectificationStatus, AppError> {
    if version.trim().parse::<i32>().ok() != Some(r.version) {
        return Err(AppError::Conflict("err_insp_rect_stale".into()));
    }
    let status = db::stored_status(RectificationStatus::parse, &r.status, "inspection_rectification", r.id)?;
    rules::rectification_next(status, step).map_err(|k| AppError::Conflict(k.into()))
}

/// The organization `org` reports what it did about rectification `id`
/// (ordered, or returned to it); another organization's is not found.
pub async fn report_rectification(
    db: &DatabaseConnection,
    actor: &Actor,
    user: &CurrentUser,
    org: i64,
    id: i64,
    input: &RectificationReportInput,
) -> Result<(), AppError> {
    let mut e = Errors::default();
    e.required("report", &input.report);
    let report = e.text("report", &input.report, RECTIFICATION_TEXT_MAX, Lines::Multi);
    e.into_result()?;
    let txn = db::begin_write(db).await?;
    let r =
        rectification::Entity::find_by_id(id).one(&txn).await?.filter(|r| r.org_id == org).ok_or(AppError::NotFound)?;
    let next = checked(&r, &input.version, RectificationStep::Report)?;
    let before = rectification_json(&r);
    let version = r.version + 1;
    let mut am: rectification::ActiveModel = r.into();
    am.status = Set(next.as_str().into());
    am.report = Set(Some(report.to_string()));
    am.reported_at = Set(Some(Utc::now()));
    am.reported_by = Set(Some(user.id));
    am.updated_at = Set(Utc::now());
    am.version = Set(version);
    let saved = am.update(&txn).await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "rectification_report",
            entity: "inspection_rectification",
            entity_id: id.to_string(),
            before: Some(before),
            after: Some(rectification_json(&saved)),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// An officer accepts a reported rectification, or returns it with a note
/// (the organization then reports again). Returns the decision made.
pub async fn review_rectification(
    db: &DatabaseConnection,
    actor: &Actor,
    user: &CurrentUser,
    id: i64,
    input: &RectificationReviewInput,
) -> Result<RectificationStatus, AppError> {
    let mut e = Errors::default();
    let step = match input.decision.trim() {
        "accept" => Some(RectificationStep::Accept),
        "return" => Some(RectificationStep::Return),
        other => {
            e.choice("decision", other);
            None
        }
    };
    let note = e.text("note", &input.note, RECTIFICATION_TEXT_MAX, Lines::Multi);
    if step == Some(RectificationStep::Return) && input.note.trim().is_empty() {
        e.add("note", "err_insp_rect_note");
    }
    e.into_result()?;
    let Some(step) = step else { return Err(AppError::Internal) };
    let txn = db::begin_write(db).await?;
    let r = rectification::Entity::find_by_id(id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let next = checked(&r, &input.version, step)?;
    let before = rectification_json(&r);
    let version = r.version + 1;
    let mut am: rectification::ActiveModel = r.into();
    am.status = Set(next.as_str().into());
    am.review_note = Set((!note.is_empty()).then(|| note.to_string()));
    am.reviewed_at = Set(Some(Utc::now()));
    am.reviewed_by = Set(Some(user.id));
    am.updated_at = Set(Utc::now());
    am.version = Set(version);
    let saved = am.update(&txn).await?;
    let action = if step == RectificationStep::Accept { "rectification_accept" } else { "rectification_return" };
    audit::record(
        &txn,
        actor,
        Entry {
            action,
            entity: "inspection_rectification",
            entity_id: id.to_string(),
            before: Some(before),
            after: Some(rectification_json(&saved)),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(next)
}
