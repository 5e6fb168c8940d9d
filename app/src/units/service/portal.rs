//! What a unit's users see and do: their organizations, the reports waiting
//! for their first review (初审), the reports, penalty cases, zombie cases and
//! rectifications of their organizations (read-only), and the notes of what
//! they did (谁主管、谁负责), which officers read beside those cases. Every
//! read and write checks that the organization is the unit's: another unit's
//! is not found.

use chrono::{NaiveDate, Utc};
use entity::{
    annual_report, inspection_rectification, organization, penalty_case, supervisory_unit, unit_action, zombie_case,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};
use serde_json::json;

use crate::audit::service::{self as audit, Actor, Entry};
use crate::db;
use crate::domain::input::Lines;
use crate::error::{AppError, Errors};
use crate::kernel::clock::stamp;
use crate::reports::types::{FirstReviewInput, ReportView};
use crate::state::Settings;
use crate::units::types::*;

/// The unit of user `user_id` (a user of role `unit`): its id and name; a
/// user of no unit may see nothing.
pub async fn unit_of_user<C: ConnectionTrait>(db: &C, user_id: i64) -> Result<(i64, String), AppError> {
    let rows = db
        .query_one_raw(db::stmt(
            db.get_database_backend(),
            "SELECT u.id AS id, u.name AS name FROM supervisory_unit_user m \
             JOIN supervisory_unit u ON u.id = m.unit_id WHERE m.user_id = ?",
            vec![user_id.into()],
        ))
        .await?;
    let r = rows.ok_or(AppError::Forbidden)?;
    Ok((r.try_get("", "id")?, r.try_get("", "name")?))
}

fn org_row(o: organization::Model) -> UnitOrgRow {
    UnitOrgRow { id: o.id, name: o.name, credit_code: o.credit_code, org_type: o.org_type, status: o.status }
}

fn report_row(r: annual_report::Model, org_name: &str) -> UnitReportRow {
    UnitReportRow {
        id: r.id,
        org_id: r.org_id,
        org_name: org_name.to_string(),
        year: r.report_year,
        status: r.status,
        submitted_at: r.submitted_at.map(stamp),
        conclusion: r.conclusion,
    }
}

/// The unit's organization `org_id`; another unit's (or none) is not found.
async fn own_org<C: ConnectionTrait>(db: &C, unit: i64, org_id: i64) -> Result<organization::Model, AppError> {
    organization::Entity::find_by_id(org_id)
        .one(db)
        .await?
        .filter(|o| o.supervisory_unit_id == Some(unit))
        .ok_or(AppError::NotFound)
}

/// The unit's home: a page of its organizations (by name) and every report
/// waiting for its first review, oldest first.
pub async fn home<C: ConnectionTrait>(db: &C, unit: (i64, String), page: u64) -> Result<UnitHome, DbErr> {
    let (id, name) = unit;
    let pages = organization::Entity::find()
        .filter(organization::Column::SupervisoryUnitId.eq(id))
        .order_by_asc(organization::Column::Name)
        .order_by_asc(organization::Column::Id)
        .paginate(db, PER_PAGE);
    let org_total = pages.num_items().await?;
    let page = crate::domain::paging::Paging::new(page, PER_PAGE).page;
    let orgs = pages.fetch_page(page).await?.into_iter().map(org_row).collect();
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT r.id AS id, o.name AS org_name FROM annual_report r JOIN organization o ON o.id = r.org_id \
             WHERE o.supervisory_unit_id = ? AND r.status = 'unit_review' ORDER BY r.submitted_at, r.id LIMIT 200",
            vec![id.into()],
        ))
        .await?;
    let mut waiting = Vec::new();
    for row in rows {
        let rid: i64 = row.try_get("", "id")?;
        let org_name: String = row.try_get("", "org_name")?;
        if let Some(r) = annual_report::Entity::find_by_id(rid).one(db).await? {
            waiting.push(report_row(r, &org_name));
        }
    }
    Ok(UnitHome { unit: name, orgs, org_total, page, per_page: PER_PAGE, waiting })
}

/// The notes the unit(s) recorded about `subject` #`ids`, oldest first.
async fn notes_for<C: ConnectionTrait>(db: &C, subject: &str, id: i64) -> Result<Vec<UnitNote>, DbErr> {
    let rows = unit_action::Entity::find()
        .filter(unit_action::Column::Subject.eq(subject))
        .filter(unit_action::Column::SubjectId.eq(id))
        .order_by_asc(unit_action::Column::Id)
        .all(db)
        .await?;
    let mut out = Vec::new();
    for a in rows {
        let unit = supervisory_unit::Entity::find_by_id(a.unit_id).one(db).await?.map(|u| u.name).unwrap_or_default();
        out.push(UnitNote { id: a.id, unit, acted_on: a.acted_on.to_string(), body: a.body, author: a.author });
    }
    Ok(out)
}

/// One organization of the unit with its reports, zombie cases,
/// rectifications (each with the unit's notes) and penalty cases.
pub async fn org_view<C: ConnectionTrait>(db: &C, unit: i64, org_id: i64) -> Result<UnitOrgView, AppError> {
    let o = own_org(db, unit, org_id).await?;
    let reports = annual_report::Entity::find()
        .filter(annual_report::Column::OrgId.eq(o.id))
        .order_by_desc(annual_report::Column::ReportYear)
        .all(db)
        .await?
        .into_iter()
        .map(|r| report_row(r, &o.name))
        .collect();
    let mut cases = Vec::new();
    let zombies = zombie_case::Entity::find()
        .filter(zombie_case::Column::OrgId.eq(o.id))
        .order_by_desc(zombie_case::Column::Id)
        .all(db)
        .await?;
    for z in zombies {
        let about =
            [(z.missed_reports, "zb_missed_reports"), (z.unreachable, "zb_unreachable"), (z.inactive, "zb_inactive")]
                .iter()
                .filter(|(on, _)| *on)
                .map(|(_, k)| k.to_string())
                .collect::<Vec<_>>()
                .join(",");
        cases.push(UnitCaseRow {
            subject: "zombie".into(),
            id: z.id,
            org_id: o.id,
            org_name: o.name.clone(),
            status: z.status,
            since: z.detected_on.to_string(),
            due: z.respond_by.map(|d| d.to_string()),
            about,
            notes: notes_for(db, "zombie", z.id).await?,
        });
    }
    let rects = inspection_rectification::Entity::find()
        .filter(inspection_rectification::Column::OrgId.eq(o.id))
        .order_by_desc(inspection_rectification::Column::Id)
        .all(db)
        .await?;
    for r in rects {
        cases.push(UnitCaseRow {
            subject: "rectification".into(),
            id: r.id,
            org_id: o.id,
            org_name: o.name.clone(),
            status: r.status,
            since: r.ordered_on.to_string(),
            due: Some(r.due_on.to_string()),
            about: r.findings,
            notes: notes_for(db, "rectification", r.id).await?,
        });
    }
    let penalties = penalty_case::Entity::find()
        .filter(penalty_case::Column::OrgId.eq(o.id))
        .order_by_desc(penalty_case::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|c| UnitPenaltyRow {
            id: c.id,
            org_id: o.id,
            org_name: o.name.clone(),
            state: c.state,
            opened_on: c.opened_on.map(|d| d.to_string()),
        })
        .collect();
    Ok(UnitOrgView {
        legal_rep: o.legal_rep.clone(),
        contact_person: o.contact_person.clone(),
        contact_phone: o.contact_phone.clone(),
        org: org_row(o),
        reports,
        cases,
        penalties,
    })
}

/// Report `id` of one of the unit's organizations, as the registry shows it.
pub async fn report(db: &DatabaseConnection, settings: &Settings, unit: i64, id: i64) -> Result<ReportView, AppError> {
    let r = annual_report::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    own_org(db, unit, r.org_id).await?;
    crate::reports::service::report_by_id(db, settings, id).await
}

/// The unit passes or returns report `id` (see `reports::service::first_review`).
pub async fn first_review(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    unit: (i64, String),
    id: i64,
    input: &FirstReviewInput,
) -> Result<(), AppError> {
    crate::reports::service::first_review(db, settings, actor, unit.0, &unit.1, id, input).await
}

/// The unit records what it did about a zombie case or a rectification of one
/// of its organizations. Returns the organization's id.
pub async fn add_note(
    db: &DatabaseConnection,
    actor: &Actor,
    unit: i64,
    input: &NoteInput,
    today: NaiveDate,
) -> Result<i64, AppError> {
    let mut e = Errors::default();
    let body = e.text("body", &input.body, 2000, Lines::Multi).to_string();
    e.required("body", &body);
    let acted_on =
        if input.acted_on.trim().is_empty() { Some(today) } else { e.past_date("acted_on", &input.acted_on, today) };
    let subject_id = input.subject_id.trim().parse::<i64>().ok();
    if !matches!(input.subject.as_str(), "zombie" | "rectification") || subject_id.is_none() {
        e.add("subject", "err_invalid_choice");
    }
    e.into_result()?;
    let (Some(acted_on), Some(subject_id)) = (acted_on, subject_id) else { return Err(AppError::Internal) };
    let txn = db::begin_write(db).await?;
    let (org_id, entity) = match input.subject.as_str() {
        "zombie" => (
            zombie_case::Entity::find_by_id(subject_id).one(&*txn).await?.ok_or(AppError::NotFound)?.org_id,
            "zombie_case",
        ),
        _ => (
            inspection_rectification::Entity::find_by_id(subject_id)
                .one(&*txn)
                .await?
                .ok_or(AppError::NotFound)?
                .org_id,
            "inspection_rectification",
        ),
    };
    own_org(&*txn, unit, org_id).await?;
    let a = unit_action::ActiveModel {
        unit_id: Set(unit),
        org_id: Set(org_id),
        subject: Set(input.subject.clone()),
        subject_id: Set(subject_id),
        acted_on: Set(acted_on),
        body: Set(body.clone()),
        user_id: Set(actor.id),
        author: Set(actor.name.clone()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "unit_note",
            entity,
            entity_id: subject_id.to_string(),
            before: None,
            after: Some(json!({"unit_action": a.id, "unit_id": unit, "acted_on": acted_on, "body": body})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(org_id)
}

/// The units' notes about `subject` (zombie | rectification): of one case
/// (`Some(id)`), or the newest `limit` of every case, for officers.
pub async fn notes_of<C: ConnectionTrait>(
    db: &C,
    subject: &str,
    id: Option<i64>,
    limit: u64,
) -> Result<Vec<OfficerNote>, DbErr> {
    let mut q = unit_action::Entity::find().filter(unit_action::Column::Subject.eq(subject));
    if let Some(id) = id {
        q = q.filter(unit_action::Column::SubjectId.eq(id));
    }
    let rows = q.order_by_desc(unit_action::Column::Id).paginate(db, limit.clamp(1, 200)).fetch_page(0).await?;
    let mut out = Vec::new();
    for a in rows {
        let unit = supervisory_unit::Entity::find_by_id(a.unit_id).one(db).await?.map(|u| u.name).unwrap_or_default();
        let org_name = organization::Entity::find_by_id(a.org_id).one(db).await?.map(|o| o.name).unwrap_or_default();
        out.push(OfficerNote {
            subject_id: a.subject_id,
            org_id: a.org_id,
            org_name,
            note: UnitNote { id: a.id, unit, acted_on: a.acted_on.to_string(), body: a.body, author: a.author },
        });
    }
    Ok(out)
}
