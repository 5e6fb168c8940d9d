//! An inspector's own list, recording a result and both confirmations, and
//! publication within the period of the rules (with what it sets going for
//! the organizations, in `notices`).

use std::collections::BTreeMap;

use chrono::{NaiveDate, Utc};
use entity::{inspection_campaign as campaign, inspection_target as target, inspector};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};
use serde_json::json;

use super::super::service::campaign_row;
use super::super::types::*;
use super::{answers, target_views};
use crate::audit::service::{self as audit, Actor, Entry};
use crate::auth::types::CurrentUser;
use crate::db;
use crate::domain::checklist;
use crate::domain::inspection as rules;
use crate::error::{AppError, Errors};
use crate::inspection::joint::service as joint;
use crate::state::Settings;

/// The directory entry of a signed-in inspector.
pub(super) async fn me<C: ConnectionTrait>(db: &C, user: &CurrentUser) -> Result<inspector::Model, AppError> {
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
pub(super) async fn assigned_target<C: ConnectionTrait>(
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
    let names = super::super::joint::service::department_names(db).await?;
    let departments = super::super::joint::service::campaign_departments(db, c.id)
        .await?
        .into_iter()
        .map(|d| (d, names.get(&d).cloned().unwrap_or_default()))
        .collect();
    Ok(InspectorTarget {
        departments,
        campaign: campaign_row(db, &c, today).await?,
        items: c.items.lines().map(str::to_string).collect(),
        target,
        me: i.id,
        confirmed_by_me,
    })
}

pub(super) fn target_json(t: &target::Model) -> serde_json::Value {
    json!({
        "status": t.status, "outcome": t.outcome, "findings": t.findings, "checked_items": t.checked_items,
        "inspected_on": t.inspected_on.map(|d| d.to_string()), "version": t.version,
    })
}

/// `json` (a target's audit record) with its checklist answers.
fn with_answers(mut json: serde_json::Value, answers: &[ItemAnswerView]) -> serde_json::Value {
    json["answers"] = answers::answers_json(answers);
    json
}

/// Records (or corrects) the result of a target, with its checklist answered
/// item by item (`domain::checklist`); both inspectors must then
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
    // Every item of the checklist answered (a note on each "not compliant").
    let items: Vec<&str> = c.items.lines().collect();
    let none = BTreeMap::new();
    let answered = checklist::check_answers(
        &items,
        input.answers.as_ref().unwrap_or(&none),
        input.notes.as_ref().unwrap_or(&none),
    )
    .unwrap_or_else(|errors| {
        e.0.extend(errors);
        Vec::new()
    });
    let outcome = input.outcome.trim();
    if !rules::OUTCOMES.contains(&outcome) {
        e.choice("outcome", outcome);
    } else if let Some(err) =
        checklist::check_outcome(input.answers.iter().flat_map(|m| m.values().map(String::as_str)), outcome)
    {
        e.0.push(err);
    }
    // A joint campaign's findings are typed by party, each naming its department.
    let departments = joint::campaign_departments(&txn, c.id).await?;
    let mut parts = Vec::new();
    let findings = if departments.is_empty() {
        input.findings.trim().to_string()
    } else {
        match joint::check_findings(input.by_department.as_ref(), &departments) {
            Ok(p) => parts = p,
            Err(err) => e.0.extend(err.fields().iter().cloned()),
        }
        joint::joined_findings(&parts, &joint::department_names(&txn).await?)
    };
    if outcome != "none" && findings.is_empty() {
        e.add("findings", "err_insp_findings");
    }
    e.max_len("findings", &input.findings, 4000);
    let date = e.date("inspected_on", &input.inspected_on);
    match date {
        Some(d) if d < c.period_from || d > today => e.add("inspected_on", "err_insp_inspected_on"),
        _ => {}
    }
    e.into_result()?;
    let before = with_answers(target_json(&t), &answers::answers_of_target(&txn, id).await?);
    let version = t.version + 1;
    let mut am: target::ActiveModel = t.into();
    am.status = Set("recorded".into());
    am.checked_items = Set(checklist::checked_items(&answered).join("\n"));
    am.findings = Set(findings);
    am.outcome = Set(Some(outcome.into()));
    am.inspected_on = Set(date);
    am.recorded_by = Set(Some(user.id));
    am.recorded_at = Set(Some(Utc::now()));
    am.version = Set(version);
    let saved = am.update(&txn).await?;
    if !departments.is_empty() {
        joint::write_findings(&txn, id, &parts).await?;
    }
    // A correction replaces the answers recorded before.
    answers::replace_in(&txn, id, &answered).await?;
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
            after: Some(with_answers(target_json(&saved), &answers::views(&answered))),
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

/// Publishes every confirmed result of a campaign; returns how many. In the
/// same transaction each published organization is mailed its result, and a
/// "rectify" result orders its rectification with the rectification notice
/// (`notices::follow_publication`).
pub async fn publish(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    campaign_id: i64,
    today: NaiveDate,
) -> Result<u64, AppError> {
    let txn = db::begin_write(db).await?;
    // The campaign's row first: two publications of one campaign take turns
    // here (a row lock on PostgreSQL), so each result is followed up once.
    let n = db::exec(
        &txn,
        "UPDATE inspection_campaign SET updated_at = ? WHERE id = ?",
        vec![Utc::now().into(), campaign_id.into()],
    )
    .await?;
    if n == 0 {
        return Err(AppError::NotFound);
    }
    let c = campaign::Entity::find_by_id(campaign_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let confirmed = target::Entity::find()
        .filter(target::Column::CampaignId.eq(campaign_id))
        .filter(target::Column::Status.eq("confirmed"))
        .order_by_asc(target::Column::Position)
        .all(&txn)
        .await?;
    if confirmed.is_empty() {
        return Err(AppError::Conflict("err_insp_nothing_to_publish".into()));
    }
    let mut n = 0;
    for chunk in confirmed.chunks(db::IN_CHUNK) {
        let marks = db::marks(chunk.len());
        let mut vals: Vec<sea_orm::Value> = vec![today.into()];
        vals.extend(chunk.iter().map(|t| t.id.into()));
        n += db::exec(
            &txn,
            &format!(
                "UPDATE inspection_target SET status = 'published', published_on = ? \
                 WHERE id IN ({marks}) AND status = 'confirmed'"
            ),
            vals,
        )
        .await?;
    }
    let followed = super::notices::follow_publication(&txn, settings, actor, &c, &confirmed, today).await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "inspection_publish",
            entity: "inspection_campaign",
            entity_id: campaign_id.to_string(),
            before: None,
            after: Some(json!({
                "published": n, "on": today.to_string(), "result_mails": followed.mails,
                "rectifications": followed.rectifications,
            })),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(n)
}
