//! After the draw: each inspector's list by e-mail (with a CSV attachment) and
//! its delivery, the inspectors' results with both confirmations, their
//! publication within the period of the rules, result attachments, and what
//! follows for the inspected organizations (notices, rectifications).
//!
//! - this file: a campaign's targets as shown (assignments, attachments) and an
//!   organization's published results;
//! - [`lists`]: each inspector's list by e-mail, resending it, its delivery;
//! - [`record`]: the inspector's own list, recording and confirming a result,
//!   and publication;
//! - [`answers`]: a result's checklist answered item by item;
//! - [`attachments`]: a result's files;
//! - [`notices`]: what a drawn organization is told (the inspection notice at
//!   the draw; its result, or the rectification notice, at publication);
//! - [`open`]: the published results as the open data API and their CSV give them;
//! - [`rectifications`]: the rectifications "rectify" results order, the
//!   organization's report and the officer's review.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use entity::inspection_target as target;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

use super::types::*;
use crate::db;
use crate::domain::inspection as rules;

mod answers;
mod attachments;
mod lists;
mod notices;
mod open;
mod record;
mod rectifications;

pub use answers::{answer_lines, answer_text, answers_of};
pub use attachments::*;
pub use lists::*;
pub use notices::{notify_drawn, Addressee};
pub use open::*;
pub use record::*;
pub use rectifications::*;

/// Columns of an inspector's list (the e-mail's CSV attachment).
pub const LIST_CSV_HEADER: [&str; 9] =
    ["序号", "检查对象", "统一社会信用代码", "所在区", "住所", "联系人及电话", "同组检查人员", "检查期间", "抽查事项"];

async fn assignments_of<C: ConnectionTrait>(
    db: &C,
    campaign_id: i64,
) -> Result<HashMap<i64, Vec<AssigneeView>>, DbErr> {
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT a.target_id, a.inspector_id, a.confirmed_at, a.department_id, i.name, i.unit, d.name AS dname \
             FROM inspection_assignment a JOIN inspector i ON i.id = a.inspector_id \
             LEFT JOIN partner_department d ON d.id = a.department_id \
             WHERE a.campaign_id = ? ORDER BY a.target_id, a.position",
            vec![campaign_id.into()],
        ))
        .await?;
    let mut out: HashMap<i64, Vec<AssigneeView>> = HashMap::new();
    for r in rows {
        let confirmed: Option<chrono::DateTime<Utc>> = r.try_get("", "confirmed_at")?;
        out.entry(r.try_get("", "target_id")?).or_default().push(AssigneeView {
            inspector_id: r.try_get("", "inspector_id")?,
            name: r.try_get("", "name")?,
            unit: r.try_get("", "unit")?,
            confirmed: confirmed.is_some(),
            department_id: r.try_get("", "department_id")?,
            department: r.try_get::<Option<String>>("", "dname")?.unwrap_or_default(),
        });
    }
    Ok(out)
}

async fn attachments_of<C: ConnectionTrait>(
    db: &C,
    target_ids: &[i64],
) -> Result<HashMap<i64, Vec<AttachmentView>>, DbErr> {
    let sql = "SELECT id, target_id, file_name, size FROM inspection_attachment WHERE target_id IN ({ids}) ORDER BY id";
    let mut out: HashMap<i64, Vec<AttachmentView>> = HashMap::new();
    for r in db::rows_by_ids(db, sql, vec![], target_ids).await? {
        out.entry(r.try_get("", "target_id")?).or_default().push(AttachmentView {
            id: r.try_get("", "id")?,
            file_name: r.try_get("", "file_name")?,
            size: r.try_get("", "size")?,
        });
    }
    Ok(out)
}

fn target_view(
    t: target::Model,
    inspectors: Vec<AssigneeView>,
    attachments: Vec<AttachmentView>,
    today: NaiveDate,
) -> TargetView {
    let late = t.publish_due.is_some_and(|due| rules::publication_late(due, t.published_on, today));
    TargetView {
        id: t.id,
        campaign_id: t.campaign_id,
        position: t.position,
        stratum: t.stratum,
        by_weight: t.by_weight,
        object_kind: t.object_kind,
        object_id: t.object_id,
        org_name: t.org_name,
        credit_code: t.credit_code,
        district: t.district,
        address: t.address,
        contact: t.contact,
        inspectors,
        status: t.status,
        checked_items: t.checked_items.lines().map(str::to_string).collect(),
        findings: t.findings,
        outcome: t.outcome,
        inspected_on: t.inspected_on.map(|d| d.to_string()),
        confirmed_on: t.confirmed_on.map(|d| d.to_string()),
        publish_due: t.publish_due.map(|d| d.to_string()),
        published_on: t.published_on.map(|d| d.to_string()),
        late,
        version: t.version,
        attachments,
        findings_by_department: Vec::new(),
        answers: Vec::new(),
    }
}

/// The targets of a campaign in draw order, with inspectors, attachments and
/// checklist answers.
pub async fn target_views<C: ConnectionTrait>(
    db: &C,
    campaign_id: i64,
    today: NaiveDate,
) -> Result<Vec<TargetView>, DbErr> {
    let targets = target::Entity::find()
        .filter(target::Column::CampaignId.eq(campaign_id))
        .order_by_asc(target::Column::Position)
        .all(db)
        .await?;
    let mut assigned = assignments_of(db, campaign_id).await?;
    let ids: Vec<i64> = targets.iter().map(|t| t.id).collect();
    let mut files = attachments_of(db, &ids).await?;
    let mut found = super::joint::service::findings_of(db, &ids).await?;
    let mut answered = answers_of(db, &ids).await?;
    Ok(targets
        .into_iter()
        .map(|t| {
            let (a, f) = (assigned.remove(&t.id).unwrap_or_default(), files.remove(&t.id).unwrap_or_default());
            let by_department = found.remove(&t.id).unwrap_or_default();
            let answers = answered.remove(&t.id).unwrap_or_default();
            let mut v = target_view(t, a, f, today);
            v.findings_by_department = by_department;
            v.answers = answers;
            v
        })
        .collect())
}

/// Published inspection results of an organization, for its credit record
/// (行政检查信息).
pub async fn results_of_org<C: ConnectionTrait>(db: &C, org_id: i64) -> Result<Vec<(String, String, String)>, DbErr> {
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT c.name, t.inspected_on, t.outcome FROM inspection_target t \
             JOIN inspection_campaign c ON c.id = t.campaign_id \
             WHERE t.object_kind = 'org' AND t.object_id = ? AND t.status = 'published' ORDER BY t.inspected_on DESC",
            vec![org_id.into()],
        ))
        .await?;
    rows.iter()
        .map(|r| {
            let on: Option<NaiveDate> = r.try_get("", "inspected_on")?;
            let outcome: Option<String> = r.try_get("", "outcome")?;
            Ok((r.try_get("", "name")?, on.map(|d| d.to_string()).unwrap_or_default(), outcome.unwrap_or_default()))
        })
        .collect()
}
