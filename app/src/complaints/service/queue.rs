//! The officers' queue with its filters and overdue marks, one complaint with
//! its files and timeline, a file's bytes, and the dashboard's counts.

use chrono::NaiveDate;
use entity::{app_user, complaint, complaint_attachment};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Value};

use super::status_of;
use crate::complaints::types::*;
use crate::db;
use crate::domain::complaint::{self as rules, Status};
use crate::domain::paging::Paging;
use crate::error::AppError;

/// The statuses still waiting for the reply, as SQL.
const AWAITING: &str = "('received', 'assigned', 'investigating')";

/// `WHERE …` of the queue's filters, with its values.
fn filtered(f: &ComplaintFilter, user_id: i64, today: NaiveDate) -> (String, Vec<Value>) {
    let mut sql = String::from(" WHERE 1 = 1");
    let mut vals: Vec<Value> = Vec::new();
    match f.status.trim() {
        "" => {}
        "open" => sql.push_str(" AND c.status <> 'closed'"),
        s => {
            sql.push_str(" AND c.status = ?");
            vals.push(Status::parse(s).map(Status::as_str).unwrap_or("-").into());
        }
    }
    if f.overdue == "1" {
        sql.push_str(&format!(" AND c.status IN {AWAITING} AND c.due_on < ?"));
        vals.push(today.into());
    }
    if f.mine == "1" {
        sql.push_str(" AND c.officer_id = ?");
        vals.push(user_id.into());
    }
    let q = f.q.trim();
    if !q.is_empty() {
        sql.push_str(&format!(" AND (c.number {} OR c.subject_name {})", db::LIKE, db::LIKE));
        let like = db::like(q);
        vals.push(like.clone().into());
        vals.push(like.into());
    }
    (sql, vals)
}

/// A page of the queue: open complaints first, the earliest due first.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    f: &ComplaintFilter,
    user_id: i64,
    today: NaiveDate,
) -> Result<ComplaintPage, AppError> {
    let paging = Paging::new(f.page, PER_PAGE);
    let (wh, vals) = filtered(f, user_id, today);
    let total = db::count_from(db, &format!("FROM complaint c{wh}"), vals.clone()).await?;
    let sql = format!(
        "SELECT c.id, c.number, c.subject_kind, c.subject_name, c.received_on, c.due_on, c.status, c.outcome, \
         u.display_name AS officer FROM complaint c LEFT JOIN app_user u ON u.id = c.officer_id{wh} \
         ORDER BY CASE WHEN c.status = 'closed' THEN 1 ELSE 0 END, c.due_on, c.id {}",
        paging.limit_offset()
    );
    let rows = db.query_all_raw(db::stmt(db.get_database_backend(), &sql, vals)).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let status: String = r.try_get("", "status")?;
        let due: NaiveDate = r.try_get("", "due_on")?;
        let overdue = Status::parse(&status).is_some_and(|s| rules::overdue(s, due, today));
        out.push(ComplaintRow {
            id: r.try_get("", "id")?,
            number: r.try_get("", "number")?,
            subject_kind: r.try_get("", "subject_kind")?,
            subject_name: r.try_get("", "subject_name")?,
            received_on: r.try_get::<NaiveDate>("", "received_on")?.to_string(),
            due_on: due.to_string(),
            status,
            officer: r.try_get("", "officer")?,
            overdue,
            outcome: r.try_get("", "outcome")?,
        });
    }
    let (_, late) = queue_counts(db, today).await?;
    Ok(ComplaintPage { rows: out, total: total as u64, page: paging.page, per_page: paging.per_page, overdue: late })
}

/// The dashboard's queue: complaints not closed, and replies past their due date.
pub async fn queue_counts<C: ConnectionTrait>(db: &C, today: NaiveDate) -> Result<(u64, u64), DbErr> {
    let open = db::count(db, "SELECT COUNT(*) AS n FROM complaint WHERE status <> 'closed'", vec![]).await?;
    let late = db::count(
        db,
        &format!("SELECT COUNT(*) AS n FROM complaint WHERE status IN {AWAITING} AND due_on < ?"),
        vec![today.into()],
    )
    .await?;
    Ok((open, late))
}

/// Staff who can be given a complaint (active officers and administrators).
async fn officers<C: ConnectionTrait>(db: &C) -> Result<Vec<OfficerOption>, DbErr> {
    Ok(app_user::Entity::find()
        .filter(app_user::Column::Role.is_in(["officer", "admin"]))
        .filter(app_user::Column::Active.eq(true))
        .order_by_asc(app_user::Column::DisplayName)
        .order_by_asc(app_user::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|u| OfficerOption { id: u.id, name: u.display_name })
        .collect())
}

/// One complaint for officers, with its files and timeline.
pub async fn detail<C: ConnectionTrait>(db: &C, id: i64, today: NaiveDate) -> Result<ComplaintDetail, AppError> {
    let c = complaint::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    let status = status_of(&c)?;
    let officer = match c.officer_id {
        Some(o) => app_user::Entity::find_by_id(o).one(db).await?.map(|u| u.display_name),
        None => None,
    };
    let attachments = complaint_attachment::Entity::find()
        .filter(complaint_attachment::Column::ComplaintId.eq(id))
        .order_by_asc(complaint_attachment::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|a| AttachmentView {
            id: a.id,
            file_name: a.file_name,
            content_type: a.content_type,
            size_bytes: a.size_bytes,
            sha256: a.sha256,
        })
        .collect();
    let events = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT kind, day, actor, note FROM complaint_event WHERE complaint_id = ? ORDER BY id",
            vec![id.into()],
        ))
        .await?
        .iter()
        .map(|r| {
            Ok(EventView {
                kind: r.try_get("", "kind")?,
                day: r.try_get::<NaiveDate>("", "day")?.to_string(),
                actor: r.try_get("", "actor")?,
                note: r.try_get("", "note")?,
            })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    // The case closing named, or one opened from the page and still open.
    let opened = crate::penalty::service::case_from_source(db, "complaint", c.id).await?;
    let (case_id, case_number) = match (c.case_id, opened) {
        (Some(stored), Some((open, number))) if stored == open => (Some(stored), number),
        (Some(stored), _) => (Some(stored), crate::penalty::service::decision_number_of(db, stored).await?),
        (None, Some((open, number))) => (Some(open), number),
        (None, None) => (None, None),
    };
    Ok(ComplaintDetail {
        id: c.id,
        number: c.number,
        channel: c.channel,
        subject_kind: c.subject_kind,
        subject_name: c.subject_name,
        org_id: c.org_id,
        outlet_id: c.outlet_id,
        what: c.what,
        place: c.place,
        happened_on: c.happened_on.map(|d| d.to_string()),
        reporter_name: c.reporter_name,
        reporter_phone: c.reporter_phone,
        reporter_email: c.reporter_email,
        status: c.status,
        officer_id: c.officer_id,
        officer,
        received_on: c.received_on.to_string(),
        due_on: c.due_on.to_string(),
        overdue: rules::overdue(status, c.due_on, today),
        reply: c.reply,
        replied_on: c.replied_on.map(|d| d.to_string()),
        outcome: c.outcome,
        referred_to: c.referred_to,
        closed_on: c.closed_on.map(|d| d.to_string()),
        case_id,
        case_number,
        illegal_id: crate::illegal::service::of_complaint(db, c.id).await?,
        attachments,
        events,
        officers: officers(db).await?,
    })
}

/// A complaint's file (officers only: the server's download checks).
pub async fn attachment<C: ConnectionTrait>(db: &C, id: i64) -> Result<complaint_attachment::Model, AppError> {
    complaint_attachment::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)
}

/// The complaints received in `year` by how they ended: the outcome of a
/// closed one (`outcome:<code>`), the status of one still open (`status:<code>`).
pub async fn outcome_counts<C: ConnectionTrait>(db: &C, year: i32) -> Result<Vec<(String, u64)>, DbErr> {
    let (from, to) = crate::domain::dashboard::year_bounds(year);
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT CASE WHEN status = 'closed' THEN 'outcome:' || COALESCE(outcome, '') ELSE 'status:' || status END AS k, \
             COUNT(*) AS n FROM complaint WHERE received_on >= ? AND received_on <= ? GROUP BY 1 ORDER BY 1",
            vec![from.into(), to.into()],
        ))
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get::<String>("", "k")?, u64::try_from(r.try_get::<i64>("", "n")?).unwrap_or(0))))
        .collect()
}
