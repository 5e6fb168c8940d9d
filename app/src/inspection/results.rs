//! After the draw: each inspector's list by e-mail (with a CSV attachment) and
//! its delivery, the inspectors' results with both confirmations, their
//! publication within the period of the rules, and result attachments.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use entity::{inspection_campaign as campaign, inspection_target as target, inspector, mail_outbox};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};
use serde_json::json;

use super::mails::InspectionList;
use super::service::campaign_row;
use super::types::*;
use crate::audit::service::{self as audit, Actor, Entry};
use crate::auth::types::CurrentUser;
use crate::db;
use crate::domain::inspection as rules;
use crate::error::{AppError, Errors};
use crate::kernel::clock::stamp;
use crate::mail::service::{send, Attachment};
use crate::state::Settings;

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
            "SELECT a.target_id, a.inspector_id, a.confirmed_at, i.name, i.unit FROM inspection_assignment a \
             JOIN inspector i ON i.id = a.inspector_id WHERE a.campaign_id = ? ORDER BY a.target_id, a.position",
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
        });
    }
    Ok(out)
}

async fn attachments_of<C: ConnectionTrait>(
    db: &C,
    target_ids: &[i64],
) -> Result<HashMap<i64, Vec<AttachmentView>>, DbErr> {
    let mut out: HashMap<i64, Vec<AttachmentView>> = HashMap::new();
    for chunk in target_ids.chunks(500) {
        let marks = vec!["?"; chunk.len()].join(", ");
        let sql = format!(
            "SELECT id, target_id, file_name, size FROM inspection_attachment WHERE target_id IN ({marks}) ORDER BY id"
        );
        let vals = chunk.iter().map(|i| (*i).into()).collect();
        for r in db.query_all_raw(db::stmt(db.get_database_backend(), &sql, vals)).await? {
            out.entry(r.try_get("", "target_id")?).or_default().push(AttachmentView {
                id: r.try_get("", "id")?,
                file_name: r.try_get("", "file_name")?,
                size: r.try_get("", "size")?,
            });
        }
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
    }
}

/// The targets of a campaign in draw order, with inspectors and attachments.
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
    Ok(targets
        .into_iter()
        .map(|t| {
            let (a, f) = (assigned.remove(&t.id).unwrap_or_default(), files.remove(&t.id).unwrap_or_default());
            target_view(t, a, f, today)
        })
        .collect())
}

/// The list of one inspector in a campaign of `targets`: the letter and its CSV attachment.
fn list_mail(
    settings: &Settings,
    c: &campaign::Model,
    i: &inspector::Model,
    targets: &[TargetView],
) -> Result<(InspectionList, Attachment), DbErr> {
    let mine: Vec<&TargetView> =
        targets.iter().filter(|t| t.inspectors.iter().any(|a| a.inspector_id == i.id)).collect();
    let period = format!("{} 至 {}", c.period_from, c.period_to);
    let items = c.items.lines().collect::<Vec<_>>().join("；");
    let mut w = crate::kernel::csv::CsvRows::new();
    w.push(LIST_CSV_HEADER)?;
    let mut lines = String::new();
    for (n, t) in mine.iter().enumerate() {
        let others: Vec<String> = t
            .inspectors
            .iter()
            .filter(|a| a.inspector_id != i.id)
            .map(|a| format!("{}（{}）", a.name, a.unit))
            .collect();
        let others = others.join("、");
        w.push([
            (n + 1).to_string().as_str(),
            &t.org_name,
            &t.credit_code,
            &t.district,
            &t.address,
            &t.contact,
            &others,
            &period,
            &items,
        ])?;
        lines.push_str(&format!(
            "{}. {}（{}）\n   住所：{}（{}）\n   联系人：{}\n   同组检查人员：{}\n",
            n + 1,
            t.org_name,
            t.credit_code,
            t.address,
            t.district,
            t.contact,
            others
        ));
    }
    let csv = String::from_utf8(w.finish()?).map_err(|e| DbErr::Custom(e.to_string()))?;
    let letter = InspectionList {
        name: i.name.clone(),
        campaign: c.name.clone(),
        from: c.period_from.to_string(),
        to: c.period_to.to_string(),
        n: mine.len(),
        lines,
        items,
        url: settings.public_url.trim_end_matches('/').to_string(),
        bureau: settings.bureau_name.clone(),
    };
    let attachment = Attachment {
        name: format!("inspection-{}-{}.csv", c.id, i.id),
        mime: "text/csv; charset=utf-8".into(),
        body: format!("\u{feff}{csv}"),
    };
    Ok((letter, attachment))
}

/// Queues the lists of `inspector_ids` and records them against the
/// campaign (its targets are read once); returns the mail ids.
pub async fn send_lists<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    campaign_id: i64,
    inspector_ids: &[i64],
) -> Result<Vec<i64>, AppError> {
    let c = campaign::Entity::find_by_id(campaign_id).one(db).await?.ok_or(AppError::NotFound)?;
    let targets = target_views(db, campaign_id, crate::kernel::clock::today()).await?;
    let mut mail_ids = Vec::with_capacity(inspector_ids.len());
    for inspector_id in inspector_ids {
        let i = inspector::Entity::find_by_id(*inspector_id).one(db).await?.ok_or(AppError::NotFound)?;
        let (letter, attachment) = list_mail(settings, &c, &i, &targets)?;
        let mail_id = send(db, &i.email, &letter, Some(attachment)).await?;
        db::exec(
            db,
            "INSERT INTO inspection_mail (campaign_id, inspector_id, mail_id, created_at) VALUES (?, ?, ?, ?)",
            vec![campaign_id.into(), (*inspector_id).into(), mail_id.into(), Utc::now().into()],
        )
        .await?;
        mail_ids.push(mail_id);
    }
    Ok(mail_ids)
}

/// Sends an inspector's list again (an officer's decision, recorded).
pub async fn resend(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    campaign_id: i64,
    inspector_id: i64,
) -> Result<(), AppError> {
    let txn = db::begin_write(db).await?;
    let assigned = db::count_from(
        &txn,
        "FROM inspection_assignment WHERE campaign_id = ? AND inspector_id = ?",
        vec![campaign_id.into(), inspector_id.into()],
    )
    .await?;
    if assigned == 0 {
        return Err(AppError::NotFound);
    }
    let mail_id = send_lists(&txn, settings, campaign_id, &[inspector_id]).await?[0];
    audit::record(
        &txn,
        actor,
        Entry {
            action: "campaign_resend_list",
            entity: "inspection_campaign",
            entity_id: campaign_id.to_string(),
            before: None,
            after: Some(json!({ "inspector_id": inspector_id, "mail_id": mail_id })),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Delivery of each inspector's latest list.
pub async fn mail_status<C: ConnectionTrait>(db: &C, campaign_id: i64) -> Result<Vec<MailStatusView>, DbErr> {
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT i.id, i.name, i.email, COUNT(*) AS n FROM inspection_assignment a \
             JOIN inspector i ON i.id = a.inspector_id WHERE a.campaign_id = ? GROUP BY i.id, i.name, i.email ORDER BY i.id",
            vec![campaign_id.into()],
        ))
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let inspector_id: i64 = r.try_get("", "id")?;
        let mails = db
            .query_all_raw(db::stmt(
                db.get_database_backend(),
                "SELECT mail_id FROM inspection_mail WHERE campaign_id = ? AND inspector_id = ? ORDER BY id DESC",
                vec![campaign_id.into(), inspector_id.into()],
            ))
            .await?;
        let latest: Option<i64> = mails.first().map(|m| m.try_get("", "mail_id")).transpose()?;
        let m = match latest {
            Some(id) => mail_outbox::Entity::find_by_id(id).one(db).await?,
            None => None,
        };
        out.push(MailStatusView {
            inspector_id,
            name: r.try_get("", "name")?,
            email: r.try_get("", "email")?,
            targets: r.try_get("", "n")?,
            mails: mails.len() as i64,
            status: m.as_ref().map(|m| m.status.clone()).unwrap_or_else(|| "none".into()),
            attempts: m.as_ref().map(|m| m.attempts).unwrap_or(0),
            last_error: m.as_ref().and_then(|m| m.last_error.clone()).unwrap_or_default(),
            sent_at: m.as_ref().and_then(|m| m.sent_at).map(stamp).unwrap_or_default(),
        });
    }
    Ok(out)
}

/// The directory entry of a signed-in inspector.
async fn me<C: ConnectionTrait>(db: &C, user: &CurrentUser) -> Result<inspector::Model, AppError> {
    inspector::Entity::find().filter(inspector::Column::UserId.eq(user.id)).one(db).await?.ok_or(AppError::Forbidden)
}

/// An inspector's assignments, newest campaign first.
pub async fn my_assignments(db: &DatabaseConnection, user: &CurrentUser) -> Result<Vec<AssignmentRow>, AppError> {
    let i = me(db, user).await?;
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT t.id AS target_id, c.id AS campaign_id, c.name AS campaign, c.period_to, t.org_name, t.credit_code, \
             t.district, t.status, a.confirmed_at FROM inspection_assignment a \
             JOIN inspection_target t ON t.id = a.target_id JOIN inspection_campaign c ON c.id = a.campaign_id \
             WHERE a.inspector_id = ? ORDER BY c.id DESC, t.position",
            vec![i.id.into()],
        ))
        .await?;
    rows.iter()
        .map(|r| {
            let to: NaiveDate = r.try_get("", "period_to")?;
            let confirmed: Option<chrono::DateTime<Utc>> = r.try_get("", "confirmed_at")?;
            Ok(AssignmentRow {
                target_id: r.try_get("", "target_id")?,
                campaign_id: r.try_get("", "campaign_id")?,
                campaign: r.try_get("", "campaign")?,
                period_to: to.to_string(),
                org_name: r.try_get("", "org_name")?,
                credit_code: r.try_get("", "credit_code")?,
                district: r.try_get("", "district")?,
                status: r.try_get("", "status")?,
                confirmed_by_me: confirmed.is_some(),
            })
        })
        .collect::<Result<_, DbErr>>()
        .map_err(AppError::from)
}

/// The target `id` with its campaign, if `i` is assigned to it.
async fn assigned_target<C: ConnectionTrait>(
    db: &C,
    i: &inspector::Model,
    id: i64,
) -> Result<(campaign::Model, target::Model), AppError> {
    let t = target::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    let mine = db::count_from(
        db,
        "FROM inspection_assignment WHERE target_id = ? AND inspector_id = ?",
        vec![id.into(), i.id.into()],
    )
    .await?;
    if mine == 0 {
        return Err(AppError::Forbidden);
    }
    let c = campaign::Entity::find_by_id(t.campaign_id).one(db).await?.ok_or(AppError::NotFound)?;
    Ok((c, t))
}

pub async fn inspector_target(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i64,
) -> Result<InspectorTarget, AppError> {
    let i = me(db, user).await?;
    let (c, _) = assigned_target(db, &i, id).await?;
    let today = crate::kernel::clock::today();
    let target = target_views(db, c.id, today).await?.into_iter().find(|t| t.id == id).ok_or(AppError::NotFound)?;
    let confirmed_by_me = target.inspectors.iter().any(|a| a.inspector_id == i.id && a.confirmed);
    Ok(InspectorTarget {
        campaign: campaign_row(db, &c, today).await?,
        items: c.items.lines().map(str::to_string).collect(),
        target,
        me: i.id,
        confirmed_by_me,
    })
}

fn target_json(t: &target::Model) -> serde_json::Value {
    json!({
        "status": t.status, "outcome": t.outcome, "findings": t.findings, "checked_items": t.checked_items,
        "inspected_on": t.inspected_on.map(|d| d.to_string()), "version": t.version,
    })
}

/// Records (or corrects) the result of a target; both inspectors must then
/// confirm it again.
pub async fn record_result(
    db: &DatabaseConnection,
    actor: &Actor,
    user: &CurrentUser,
    id: i64,
    input: &ResultInput,
    today: NaiveDate,
) -> Result<(), AppError> {
    let txn = db::begin_write(db).await?;
    let i = me(&txn, user).await?;
    let (c, t) = assigned_target(&txn, &i, id).await?;
    if t.status != "pending" && t.status != "recorded" {
        return Err(AppError::Conflict("err_insp_result_locked".into()));
    }
    if input.version.trim().parse::<i32>().ok() != Some(t.version) {
        return Err(AppError::Conflict("err_report_stale".into()));
    }
    let mut e = Errors::default();
    let items: Vec<&str> = c.items.lines().collect();
    let mut checked: Vec<&str> = Vec::new();
    for k in input.items.iter().flat_map(|m| m.keys()) {
        match k.trim_start_matches('i').parse::<usize>().ok().and_then(|n| items.get(n)) {
            Some(item) if !checked.contains(item) => checked.push(item),
            Some(_) => {}
            None => e.add("items", "err_invalid_choice"),
        }
    }
    if checked.is_empty() {
        e.add("items", "err_insp_no_items");
    }
    checked.sort_by_key(|x| items.iter().position(|i| i == x));
    let outcome = input.outcome.trim();
    if !rules::OUTCOMES.contains(&outcome) {
        e.choice("outcome", outcome);
    }
    if outcome != "none" && input.findings.trim().is_empty() {
        e.add("findings", "err_insp_findings");
    }
    e.max_len("findings", &input.findings, 4000);
    let date = e.date("inspected_on", &input.inspected_on);
    match date {
        Some(d) if d < c.period_from || d > today => e.add("inspected_on", "err_insp_inspected_on"),
        _ => {}
    }
    e.into_result()?;
    let before = target_json(&t);
    let version = t.version + 1;
    let mut am: target::ActiveModel = t.into();
    am.status = Set("recorded".into());
    am.checked_items = Set(checked.join("\n"));
    am.findings = Set(input.findings.trim().into());
    am.outcome = Set(Some(outcome.into()));
    am.inspected_on = Set(date);
    am.recorded_by = Set(Some(user.id));
    am.recorded_at = Set(Some(Utc::now()));
    am.version = Set(version);
    let saved = am.update(&txn).await?;
    // A changed result needs every confirmation again.
    db::exec(&txn, "UPDATE inspection_assignment SET confirmed_at = NULL WHERE target_id = ?", vec![id.into()]).await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "inspection_result",
            entity: "inspection_target",
            entity_id: id.to_string(),
            before: Some(before),
            after: Some(target_json(&saved)),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// An assigned inspector confirms the recorded result; with every
/// confirmation the result is final and its publication falls due.
pub async fn confirm(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    user: &CurrentUser,
    id: i64,
    today: NaiveDate,
) -> Result<(), AppError> {
    let txn = db::begin_write(db).await?;
    let i = me(&txn, user).await?;
    let (_, t) = assigned_target(&txn, &i, id).await?;
    if t.status != "recorded" {
        return Err(AppError::Conflict("err_insp_nothing_to_confirm".into()));
    }
    db::exec(
        &txn,
        "UPDATE inspection_assignment SET confirmed_at = ? WHERE target_id = ? AND inspector_id = ? AND confirmed_at IS NULL",
        vec![Utc::now().into(), id.into(), i.id.into()],
    )
    .await?;
    let open = db::count_from(
        &txn,
        "FROM inspection_assignment WHERE target_id = ? AND confirmed_at IS NULL",
        vec![id.into()],
    )
    .await?;
    let before = target_json(&t);
    let mut after = before.clone();
    if open == 0 {
        let due = rules::add_working_days(today, settings.inspection_publish_days, &settings.inspection_holidays);
        let mut am: target::ActiveModel = t.into();
        am.status = Set("confirmed".into());
        am.confirmed_on = Set(Some(today));
        am.publish_due = Set(Some(due));
        after = target_json(&am.update(&txn).await?);
    }
    audit::record(
        &txn,
        actor,
        Entry {
            action: "inspection_confirm",
            entity: "inspection_target",
            entity_id: id.to_string(),
            before: Some(before),
            after: Some(after),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Publishes every confirmed result of a campaign; returns how many.
pub async fn publish(
    db: &DatabaseConnection,
    actor: &Actor,
    campaign_id: i64,
    today: NaiveDate,
) -> Result<u64, AppError> {
    let txn = db::begin_write(db).await?;
    campaign::Entity::find_by_id(campaign_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let n = db::exec(
        &txn,
        "UPDATE inspection_target SET status = 'published', published_on = ? WHERE campaign_id = ? AND status = 'confirmed'",
        vec![today.into(), campaign_id.into()],
    )
    .await?;
    if n == 0 {
        return Err(AppError::Conflict("err_insp_nothing_to_publish".into()));
    }
    audit::record(
        &txn,
        actor,
        Entry {
            action: "inspection_publish",
            entity: "inspection_campaign",
            entity_id: campaign_id.to_string(),
            before: None,
            after: Some(json!({ "published": n, "on": today.to_string() })),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(n)
}

/// Attaches a file (PDF or image) to a target's result, while it can change.
pub async fn attach(
    db: &DatabaseConnection,
    settings: &Settings,
    user: &CurrentUser,
    id: i64,
    file_name: &str,
    bytes: &[u8],
) -> Result<i64, AppError> {
    if bytes.is_empty() {
        return Err(AppError::field("file", "err_attachment_missing"));
    }
    if bytes.len() > settings.max_attachment_bytes {
        return Err(AppError::field("file", "err_attachment_too_large"));
    }
    let Some(mime) = crate::kernel::files::sniff(bytes) else {
        return Err(AppError::field("file", "err_attachment_type"));
    };
    let txn = db::begin_write(db).await?;
    let i = me(&txn, user).await?;
    let (_, t) = assigned_target(&txn, &i, id).await?;
    if t.status != "pending" && t.status != "recorded" {
        return Err(AppError::Conflict("err_insp_result_locked".into()));
    }
    let name = crate::kernel::files::clean_file_name(file_name);
    db::exec(
        &txn,
        "INSERT INTO inspection_attachment (target_id, file_name, mime, size, body, uploaded_by, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
        vec![
            id.into(),
            name.clone().into(),
            mime.into(),
            (bytes.len() as i64).into(),
            bytes.to_vec().into(),
            user.id.into(),
            Utc::now().into(),
        ],
    )
    .await?;
    let row = txn
        .query_one_raw(db::stmt(
            txn.get_database_backend(),
            "SELECT MAX(id) AS id FROM inspection_attachment WHERE target_id = ?",
            vec![id.into()],
        ))
        .await?
        .ok_or(AppError::Internal)?;
    let att_id: i64 = row.try_get("", "id")?;
    audit::record(
        &txn,
        &Actor::from(user),
        Entry {
            action: "inspection_attach",
            entity: "inspection_target",
            entity_id: id.to_string(),
            before: None,
            after: Some(json!({ "attachment": att_id, "file": name, "bytes": bytes.len() })),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(att_id)
}

/// A result attachment (name, type, bytes) if `user` may read it: officers,
/// the target's inspectors, and anyone once the result is published.
pub async fn attachment(
    db: &DatabaseConnection,
    user: Option<&CurrentUser>,
    id: i64,
) -> Result<(String, String, Vec<u8>), AppError> {
    let r = db
        .query_one_raw(db::stmt(
            db.get_database_backend(),
            "SELECT a.target_id, a.file_name, a.mime, a.body, t.status FROM inspection_attachment a \
             JOIN inspection_target t ON t.id = a.target_id WHERE a.id = ?",
            vec![id.into()],
        ))
        .await?
        .ok_or(AppError::NotFound)?;
    let status: String = r.try_get("", "status")?;
    let target_id: i64 = r.try_get("", "target_id")?;
    let allowed = status == "published"
        || match user {
            Some(u) if crate::auth::types::STAFF.contains(&u.role) => true,
            Some(u) => match me(db, u).await {
                Ok(i) => assigned_target(db, &i, target_id).await.is_ok(),
                Err(_) => false,
            },
            None => false,
        };
    if !allowed {
        return Err(if user.is_some() { AppError::Forbidden } else { AppError::Unauthorized });
    }
    Ok((r.try_get("", "file_name")?, r.try_get("", "mime")?, r.try_get("", "body")?))
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
