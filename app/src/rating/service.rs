//! Queries and transactions of a rating round: rounds, applications and the
//! eligibility check, expert panels, scoring, public notice, objections and
//! the grant. Every write runs in one transaction with its audit record and
//! its e-mail. Grades after the grant live in [`super::grades`].

use chrono::{Datelike, NaiveDate, Utc};
use entity::{
    organization, rating_application, rating_grade, rating_item, rating_objection, rating_round, rating_sheet,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait,
    QueryFilter, QueryOrder, Set, Value,
};
use serde_json::json;

use super::types::*;
use crate::audit::service::{self as audit, Actor, Entry};
use crate::db;
use crate::domain::org_type::OrgType;
use crate::domain::rating::{self as rules, Rerating};
use crate::error::{AppError, Errors};
use crate::mail::service::{enqueue, Mail};
use crate::state::Settings;

pub const MAX_TEXT: usize = 4000;

pub(crate) fn stamp(t: chrono::DateTime<Utc>) -> String {
    t.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("valid offset"))
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

pub(crate) fn like(q: &str) -> String {
    format!("%{}%", q.trim().replace(['%', '_'], ""))
}

/// The addresses that hear about an organization: its contact and its active portal users.
pub(crate) async fn org_addresses<C: ConnectionTrait>(db: &C, o: &organization::Model) -> Result<Vec<String>, DbErr> {
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT email FROM app_user WHERE org_id = ? AND active = ?",
            vec![o.id.into(), true.into()],
        ))
        .await?;
    let mut to = rows.iter().map(|r| r.try_get::<String>("", "email")).collect::<Result<Vec<_>, _>>()?;
    to.push(o.contact_email.clone());
    to.retain(|a| !a.trim().is_empty());
    to.sort();
    to.dedup();
    Ok(to)
}

pub(crate) async fn mail_org<C: ConnectionTrait>(
    db: &C,
    o: &organization::Model,
    subject: &str,
    body: &str,
) -> Result<(), DbErr> {
    for to in org_addresses(db, o).await? {
        enqueue(db, Mail { to, subject: subject.to_string(), body: body.to_string(), attachment: None }).await?;
    }
    Ok(())
}

async fn org<C: ConnectionTrait>(db: &C, id: i64) -> Result<organization::Model, AppError> {
    organization::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)
}

async fn count<C: ConnectionTrait>(db: &C, sql: &str, vals: Vec<Value>) -> Result<u64, DbErr> {
    let n: i64 = db
        .query_one_raw(db::stmt(db.get_database_backend(), sql, vals))
        .await?
        .map(|r| r.try_get("", "n"))
        .transpose()?
        .unwrap_or(0);
    Ok(n as u64)
}

fn round_view(r: &rating_round::Model, applications: u64, today: NaiveDate) -> RoundView {
    RoundView {
        id: r.id,
        year: r.year,
        title: r.title.clone(),
        org_types: r.org_types.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect(),
        apply_from: r.apply_from.to_string(),
        apply_to: r.apply_to.to_string(),
        notice_days: r.notice_days,
        open: r.apply_from <= today && today <= r.apply_to,
        applications,
    }
}

async fn round_of<C: ConnectionTrait>(db: &C, id: i64, today: NaiveDate) -> Result<RoundView, AppError> {
    let r = rating_round::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    let n = count(db, "SELECT COUNT(*) AS n FROM rating_application WHERE round_id = ?", vec![id.into()]).await?;
    Ok(round_view(&r, n, today))
}

/// Every round, newest first (a bureau opens one or two a year).
pub async fn rounds<C: ConnectionTrait>(db: &C, today: NaiveDate) -> Result<Vec<RoundView>, AppError> {
    let list = rating_round::Entity::find().order_by_desc(rating_round::Column::Id).all(db).await?;
    let mut out = Vec::with_capacity(list.len());
    for r in &list {
        let n = count(db, "SELECT COUNT(*) AS n FROM rating_application WHERE round_id = ?", vec![r.id.into()]).await?;
        out.push(round_view(r, n, today));
    }
    Ok(out)
}

fn date(e: &mut Errors, field: &str, raw: &str) -> Option<NaiveDate> {
    if raw.trim().is_empty() {
        e.add(field, "err_required");
        return None;
    }
    let d = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok();
    if d.is_none() {
        e.add(field, "err_date");
    }
    d
}

/// Opens a round after checking every field.
pub async fn open_round(db: &DatabaseConnection, actor: &Actor, input: &RoundInput) -> Result<i64, AppError> {
    let mut e = Errors::default();
    let year = input.year.trim().parse::<i32>().ok().filter(|y| (2000..=2100).contains(y));
    if year.is_none() {
        e.add("year", "err_rate_year");
    }
    e.required("title", &input.title);
    e.max_len("title", &input.title, 100);
    let mut types: Vec<&str> = Vec::new();
    for t in input.org_types.keys() {
        match OrgType::parse(t) {
            Some(t) if !types.contains(&t.as_str()) => types.push(t.as_str()),
            Some(_) => {}
            None => e.add("org_types", "err_invalid_choice"),
        }
    }
    if types.is_empty() && input.org_types.is_empty() {
        e.add("org_types", "err_rate_org_types");
    }
    let from = date(&mut e, "apply_from", &input.apply_from);
    let to = date(&mut e, "apply_to", &input.apply_to);
    if let (Some(f), Some(t)) = (from, to) {
        if t < f {
            e.add("apply_to", "err_rate_window");
        }
    }
    let notice_days = input.notice_days.trim().parse::<i32>().ok().filter(|d| (5..=30).contains(d));
    if notice_days.is_none() {
        e.add("notice_days", "err_rate_notice_days");
    }
    e.into_result()?;
    let (Some(year), Some(from), Some(to), Some(notice_days)) = (year, from, to, notice_days) else {
        return Err(AppError::Internal);
    };
    let txn = db::begin_write(db).await?;
    let r = rating_round::ActiveModel {
        year: Set(year),
        title: Set(input.title.trim().to_string()),
        org_types: Set(types.join(",")),
        apply_from: Set(from),
        apply_to: Set(to),
        notice_days: Set(notice_days),
        created_by: Set(actor.id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "rating_round_open",
            entity: "rating_round",
            entity_id: r.id.to_string(),
            before: None,
            after: Some(json!({"year": year, "title": r.title, "org_types": r.org_types, "from": from, "to": to})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(r.id)
}

fn apps_where(f: &AppFilter) -> (String, Vec<Value>) {
    let mut sql = String::from(
        "FROM rating_application a JOIN organization o ON o.id = a.org_id JOIN rating_round r ON r.id = a.round_id WHERE 1 = 1",
    );
    let mut vals: Vec<Value> = Vec::new();
    if f.round_id != 0 {
        sql.push_str(" AND a.round_id = ?");
        vals.push(f.round_id.into());
    }
    if !f.status.is_empty() {
        sql.push_str(" AND a.status = ?");
        vals.push(f.status.clone().into());
    }
    if !f.q.trim().is_empty() {
        sql.push_str(" AND (o.name LIKE ? OR o.credit_code LIKE ?)");
        vals.push(like(&f.q).into());
        vals.push(like(&f.q).into());
    }
    (sql, vals)
}

/// A round's applications, filtered and paginated.
pub async fn round_page<C: ConnectionTrait>(db: &C, f: &AppFilter, today: NaiveDate) -> Result<RoundPage, AppError> {
    let round = round_of(db, f.round_id, today).await?;
    let (from_where, vals) = apps_where(f);
    let total = count(db, &format!("SELECT COUNT(*) AS n {from_where}"), vals.clone()).await?;
    let sql = format!(
        "SELECT a.id AS id, a.org_id AS org_id, o.name AS name, o.credit_code AS code, o.org_type AS org_type, \
         a.status AS status, a.self_score AS self_score, a.final_score AS final_score, a.grade AS grade \
         {from_where} ORDER BY a.id LIMIT {PER_PAGE} OFFSET {}",
        f.page * PER_PAGE
    );
    let rows = db.query_all_raw(db::stmt(db.get_database_backend(), &sql, vals)).await?;
    let rows = rows
        .iter()
        .map(|r| {
            Ok(AppRow {
                id: r.try_get("", "id")?,
                org_id: r.try_get("", "org_id")?,
                org_name: r.try_get("", "name")?,
                credit_code: r.try_get("", "code")?,
                org_type: r.try_get("", "org_type")?,
                status: r.try_get("", "status")?,
                self_score: r.try_get("", "self_score")?,
                final_score: r.try_get("", "final_score")?,
                grade: r.try_get("", "grade")?,
            })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    Ok(RoundPage { round, rows, total, page: f.page, per_page: PER_PAGE })
}

pub const APPS_CSV_HEADER: [&str; 8] =
    ["统一社会信用代码", "名称", "类型", "状态", "自评分", "评估得分", "等级", "评估年度"];

/// A batch of a round's applications as CSV rows, after application id `after`.
pub async fn apps_csv_batch<C: ConnectionTrait>(
    db: &C,
    f: &AppFilter,
    after: i64,
    batch: u64,
) -> Result<(Vec<u8>, Option<i64>), DbErr> {
    let (from_where, mut vals) = apps_where(f);
    vals.push(after.into());
    let sql = format!(
        "SELECT a.id AS id, o.name AS name, o.credit_code AS code, o.org_type AS org_type, a.status AS status, \
         a.self_score AS self_score, a.final_score AS final_score, a.grade AS grade, r.year AS year \
         {from_where} AND a.id > ? ORDER BY a.id LIMIT {batch}"
    );
    let rows = db.query_all_raw(db::stmt(db.get_database_backend(), &sql, vals)).await?;
    let mut w = db::CsvRows::new();
    let mut last = None;
    for r in &rows {
        last = Some(r.try_get::<i64>("", "id")?);
        let t: String = r.try_get("", "org_type")?;
        let status: String = r.try_get("", "status")?;
        let score: Option<i32> = r.try_get("", "final_score")?;
        w.push([
            r.try_get::<String>("", "code")?,
            r.try_get::<String>("", "name")?,
            OrgType::parse(&t).map(|t| t.zh()).unwrap_or("").to_string(),
            status_zh(&status).to_string(),
            r.try_get::<i32>("", "self_score")?.to_string(),
            score.map(|s| rules::show_score(s as u32)).unwrap_or_default(),
            r.try_get::<Option<String>>("", "grade")?.unwrap_or_default(),
            r.try_get::<i32>("", "year")?.to_string(),
        ])?;
    }
    Ok((w.finish()?, last))
}

pub fn status_zh(s: &str) -> &'static str {
    match s {
        "applied" => "已申请",
        "eligible" => "资格审核通过",
        "ineligible" => "不符合条件",
        "scoring" => "专家评分中",
        "scored" => "评分完成",
        "notice" => "公示中",
        "granted" => "已授予等级",
        "not_rated" => "未达等级",
        _ => "已撤回",
    }
}

/// The active sheet of an organization type.
pub async fn active_sheet<C: ConnectionTrait>(db: &C, org_type: &str) -> Result<rating_sheet::Model, AppError> {
    rating_sheet::Entity::find()
        .filter(rating_sheet::Column::OrgType.eq(org_type))
        .filter(rating_sheet::Column::Active.eq(true))
        .order_by_desc(rating_sheet::Column::Version)
        .one(db)
        .await?
        .ok_or(AppError::Conflict("err_rate_no_sheet".into()))
}

pub async fn items<C: ConnectionTrait>(db: &C, sheet_id: i64) -> Result<Vec<ItemView>, DbErr> {
    Ok(rating_item::Entity::find()
        .filter(rating_item::Column::SheetId.eq(sheet_id))
        .order_by_asc(rating_item::Column::GroupNo)
        .order_by_asc(rating_item::Column::ItemNo)
        .all(db)
        .await?
        .into_iter()
        .map(|i| ItemView {
            id: i.id,
            group_no: i.group_no,
            group_name: i.group_name,
            item_no: i.item_no,
            name: i.name,
            max_points: i.max_points,
        })
        .collect())
}

/// The grade in force of an organization (granted, not cancelled, superseded or expired).
pub async fn grade_in_force<C: ConnectionTrait>(
    db: &C,
    org_id: i64,
    today: NaiveDate,
) -> Result<Option<rating_grade::Model>, DbErr> {
    rating_grade::Entity::find()
        .filter(rating_grade::Column::OrgId.eq(org_id))
        .filter(rating_grade::Column::Status.eq("active"))
        .filter(rating_grade::Column::ValidTo.gte(today))
        .order_by_desc(rating_grade::Column::Id)
        .one(db)
        .await
}

/// An organization applies in a round with its self-assessment. Checked at
/// once: the round is open to its type today, it is on the register and has
/// been registered for two full years, it has not applied in this round, and
/// a grade in force is still in its first four years (re-rating).
pub async fn apply(
    db: &DatabaseConnection,
    actor: &Actor,
    org_id: i64,
    input: &ApplyInput,
    today: NaiveDate,
) -> Result<i64, AppError> {
    let mut e = Errors::default();
    let self_score = input.self_score.trim().parse::<i32>().ok().filter(|s| (0..=1000).contains(s));
    if self_score.is_none() {
        e.add("self_score", "err_rate_self_score");
    }
    e.required("self_assessment", &input.self_assessment);
    e.max_len("self_assessment", &input.self_assessment, MAX_TEXT);
    let txn = db::begin_write(db).await?;
    let round = rating_round::Entity::find_by_id(input.round_id).one(&txn).await?;
    let o = org(&txn, org_id).await?;
    let mut rerating = "none";
    match &round {
        None => e.add("round_id", "err_rate_round"),
        Some(r) => {
            if !(r.apply_from <= today && today <= r.apply_to) {
                e.add("round_id", "err_rate_round_closed");
            } else if !r.org_types.split(',').any(|t| t == o.org_type) {
                e.add("round_id", "err_rate_round_type");
            } else if o.status != "active" {
                e.add("round_id", "err_rate_not_active");
            } else if !rules::registered_long_enough(o.registration_date, today) {
                e.add("round_id", "err_rate_too_young");
            } else if rating_application::Entity::find()
                .filter(rating_application::Column::RoundId.eq(r.id))
                .filter(rating_application::Column::OrgId.eq(org_id))
                .one(&txn)
                .await?
                .is_some()
            {
                e.add("round_id", "err_rate_applied");
            } else if let Some(g) = grade_in_force(&txn, org_id, today).await? {
                match rules::rerating(g.valid_from, g.valid_to, today) {
                    Rerating::TooLate => e.add("round_id", "err_rate_rerate_late"),
                    Rerating::Simplified => rerating = "simplified",
                    Rerating::Full => rerating = "full",
                    Rerating::None => {}
                }
            }
        }
    }
    e.into_result()?;
    let sheet = active_sheet(&txn, &o.org_type).await?;
    let now = Utc::now();
    let a = rating_application::ActiveModel {
        round_id: Set(input.round_id),
        org_id: Set(org_id),
        sheet_id: Set(sheet.id),
        status: Set("applied".into()),
        self_score: Set(self_score.unwrap_or(0)),
        self_assessment: Set(input.self_assessment.trim().to_string()),
        rerating: Set(rerating.into()),
        decision_note: Set(String::new()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "rating_apply",
            entity: "rating_application",
            entity_id: a.id.to_string(),
            before: None,
            after: Some(
                json!({"round": input.round_id, "org_id": org_id, "self_score": a.self_score, "rerating": rerating}),
            ),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(a.id)
}

/// Why `expert_id` may not score `o` (a message key), or `None`.
pub async fn exclusion<C: ConnectionTrait>(
    db: &C,
    expert_id: i64,
    o: &organization::Model,
) -> Result<Option<String>, DbErr> {
    let backend = db.get_database_backend();
    if let Some(r) = db
        .query_one_raw(db::stmt(
            backend,
            "SELECT reason FROM rating_exclusion WHERE expert_id = ? AND org_id = ?",
            vec![expert_id.into(), o.id.into()],
        ))
        .await?
    {
        return Ok(Some(format!("rate_excl_{}", r.try_get::<String>("", "reason")?)));
    }
    let affiliation = db
        .query_one_raw(db::stmt(
            backend,
            "SELECT affiliation FROM rating_expert WHERE user_id = ?",
            vec![expert_id.into()],
        ))
        .await?
        .map(|r| r.try_get::<String>("", "affiliation"))
        .transpose()?
        .unwrap_or_default();
    let affiliation = affiliation.trim();
    if affiliation.is_empty() {
        return Ok(None);
    }
    if affiliation == o.name.trim() {
        return Ok(Some("rate_excl_former_member".into()));
    }
    if o.supervisory_unit.as_deref().map(str::trim) == Some(affiliation) {
        return Ok(Some("rate_excl_supervisory_unit".into()));
    }
    Ok(None)
}

async fn panel<C: ConnectionTrait>(db: &C, app_id: i64) -> Result<Vec<PanelMember>, DbErr> {
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT p.expert_id AS id, u.display_name AS name, p.submitted_at IS NOT NULL AS done, p.total AS total \
             FROM rating_panel p JOIN app_user u ON u.id = p.expert_id WHERE p.application_id = ? ORDER BY p.expert_id",
            vec![app_id.into()],
        ))
        .await?;
    rows.iter()
        .map(|r| {
            Ok(PanelMember {
                expert_id: r.try_get("", "id")?,
                name: r.try_get("", "name")?,
                submitted: r.try_get::<bool>("", "done")?,
                total: r.try_get("", "total")?,
            })
        })
        .collect()
}

/// Active experts and whether each may score `o`.
async fn expert_choices<C: ConnectionTrait>(db: &C, o: &organization::Model) -> Result<Vec<ExpertChoice>, DbErr> {
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT u.id AS id, u.display_name AS name, COALESCE(x.affiliation, '') AS affiliation FROM app_user u \
             LEFT JOIN rating_expert x ON x.user_id = u.id WHERE u.role = 'expert' AND u.active = ? ORDER BY u.id",
            vec![true.into()],
        ))
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: i64 = r.try_get("", "id")?;
        out.push(ExpertChoice {
            id,
            name: r.try_get("", "name")?,
            affiliation: r.try_get("", "affiliation")?,
            excluded: exclusion(db, id, o).await?.unwrap_or_default(),
        });
    }
    Ok(out)
}

/// One application with its panel, experts to choose from and objections.
pub async fn application<C: ConnectionTrait>(db: &C, id: i64, today: NaiveDate) -> Result<ApplicationView, AppError> {
    let a = rating_application::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    let o = org(db, a.org_id).await?;
    let round = round_of(db, a.round_id, today).await?;
    let objections = rating_objection::Entity::find()
        .filter(rating_objection::Column::ApplicationId.eq(id))
        .order_by_asc(rating_objection::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|x| ObjectionView {
            id: x.id,
            name: x.name,
            contact: x.contact,
            body: x.body,
            status: x.status,
            resolution: x.resolution,
            created_at: stamp(x.created_at),
        })
        .collect();
    let grade_id =
        rating_grade::Entity::find().filter(rating_grade::Column::ApplicationId.eq(id)).one(db).await?.map(|g| g.id);
    Ok(ApplicationView {
        id,
        round,
        org_id: o.id,
        org_name: o.name.clone(),
        credit_code: o.credit_code.clone(),
        org_type: o.org_type.clone(),
        registration_date: o.registration_date.to_string(),
        supervisory_unit: o.supervisory_unit.clone().unwrap_or_default(),
        status: a.status.clone(),
        self_score: a.self_score,
        self_assessment: a.self_assessment.clone(),
        rerating: a.rerating.clone(),
        decision_note: a.decision_note.clone(),
        final_score: a.final_score,
        grade: a.grade.clone(),
        notice_from: a.notice_from.map(|d| d.to_string()),
        notice_to: a.notice_to.map(|d| d.to_string()),
        panel: panel(db, id).await?,
        experts: expert_choices(db, &o).await?,
        objections,
        notice_over: a.notice_to.is_some_and(|d| today > d),
        grade_id,
    })
}

async fn load_for_update(
    txn: &DatabaseTransaction,
    id: i64,
    allowed: &[&str],
) -> Result<(rating_application::Model, organization::Model), AppError> {
    let a = rating_application::Entity::find_by_id(id).one(txn).await?.ok_or(AppError::NotFound)?;
    if !allowed.contains(&a.status.as_str()) {
        return Err(AppError::Conflict("err_rate_state".into()));
    }
    let o = org(txn, a.org_id).await?;
    Ok((a, o))
}

async fn set_status(
    txn: &DatabaseTransaction,
    a: rating_application::Model,
    status: &str,
    f: impl FnOnce(&mut rating_application::ActiveModel),
) -> Result<rating_application::Model, DbErr> {
    let mut am: rating_application::ActiveModel = a.into();
    am.status = Set(status.into());
    am.updated_at = Set(Utc::now());
    f(&mut am);
    am.update(txn).await
}

async fn log(
    txn: &DatabaseTransaction,
    actor: &Actor,
    action: &str,
    id: i64,
    after: serde_json::Value,
) -> Result<(), DbErr> {
    audit::record(
        txn,
        actor,
        Entry { action, entity: "rating_application", entity_id: id.to_string(), before: None, after: Some(after) },
    )
    .await
}

/// The officer's eligibility check: eligible, or ineligible with a reason
/// (the organization is told either way).
pub async fn decide_eligibility(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    input: &EligibilityInput,
) -> Result<(), AppError> {
    let mut e = Errors::default();
    let note = input.note.trim();
    match input.decision.as_str() {
        "eligible" => {}
        "ineligible" => e.required("note", note),
        _ => e.add("decision", "err_invalid_choice"),
    }
    e.max_len("note", note, MAX_TEXT);
    e.into_result()?;
    let txn = db::begin_write(db).await?;
    let (a, o) = load_for_update(&txn, id, &["applied"]).await?;
    set_status(&txn, a, &input.decision, |am| am.decision_note = Set(note.to_string())).await?;
    let bureau = &settings.bureau_name;
    let (subject, body) = if input.decision == "eligible" {
        (
            format!("【{bureau}】等级评估申请已通过资格审核"),
            format!("{}：\n\n贵单位的等级评估申请已通过资格审核，将由评估专家组进行评估。\n\n{bureau}\n", o.name),
        )
    } else {
        (
            format!("【{bureau}】等级评估申请未通过资格审核"),
            format!("{}：\n\n贵单位的等级评估申请未通过资格审核。\n理由：{note}\n\n{bureau}\n", o.name),
        )
    };
    mail_org(&txn, &o, &subject, &body).await?;
    log(&txn, actor, "rating_eligibility", id, json!({"decision": input.decision, "note": note})).await?;
    txn.commit().await?;
    Ok(())
}

/// Assigns the expert panel: 3–9 distinct active experts, none excluded from
/// the organization. Allowed after the eligibility check and again while
/// scoring (to replace an expert: members who stay keep their sheets).
pub async fn assign_panel(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    input: &PanelInput,
) -> Result<(), AppError> {
    let Ok(mut experts) = input.experts.keys().map(|k| k.parse::<i64>()).collect::<Result<Vec<_>, _>>() else {
        return Err(AppError::field("experts", "err_rate_not_expert"));
    };
    experts.sort_unstable();
    experts.dedup();
    if experts.len() < rules::MIN_PANEL || experts.len() > rules::MAX_PANEL {
        return Err(AppError::field("experts", "err_rate_panel_size"));
    }
    let txn = db::begin_write(db).await?;
    let (a, o) = load_for_update(&txn, id, &["eligible", "scoring"]).await?;
    let backend = txn.get_database_backend();
    let choices = expert_choices(&txn, &o).await?;
    for x in &experts {
        match choices.iter().find(|c| c.id == *x) {
            None => return Err(AppError::field("experts", "err_rate_not_expert")),
            Some(c) if !c.excluded.is_empty() => return Err(AppError::field("experts", "err_rate_expert_excluded")),
            _ => {}
        }
    }
    // Members who stay keep their scores; those replaced lose theirs.
    let current: Vec<i64> = panel(&txn, id).await?.into_iter().map(|m| m.expert_id).collect();
    for gone in current.iter().filter(|x| !experts.contains(x)) {
        for table in ["rating_score", "rating_panel"] {
            db::exec(
                &txn,
                &format!("DELETE FROM {table} WHERE application_id = ? AND expert_id = ?"),
                vec![id.into(), (*gone).into()],
            )
            .await?;
        }
    }
    for x in experts.iter().filter(|x| !current.contains(x)) {
        db::exec(
            &txn,
            "INSERT INTO rating_panel (application_id, expert_id) VALUES (?, ?)",
            vec![id.into(), (*x).into()],
        )
        .await?;
    }
    set_status(&txn, a, "scoring", |_| {}).await?;
    let link = format!("{}/expert/apps/{id}", settings.public_url);
    for c in choices.iter().filter(|c| experts.contains(&c.id) && !current.contains(&c.id)) {
        let email = txn
            .query_one_raw(db::stmt(backend, "SELECT email FROM app_user WHERE id = ?", vec![c.id.into()]))
            .await?
            .map(|r| r.try_get::<String>("", "email"))
            .transpose()?
            .unwrap_or_default();
        if !email.is_empty() {
            let mail = Mail {
                to: email,
                subject: format!("【{}】等级评估评分任务：{}", settings.bureau_name, o.name),
                body: format!(
                    "{}：\n\n您已被选为{}等级评估的专家组成员。如与该组织存在利害关系，请即申明回避。\n评分表：{link}\n\n{}\n",
                    c.name, o.name, settings.bureau_name
                ),
                attachment: None,
            };
            enqueue(&txn, mail).await?;
        }
    }
    log(&txn, actor, "rating_panel", id, json!({"experts": experts})).await?;
    txn.commit().await?;
    Ok(())
}

/// Whether `expert_id` sits on the panel of `app_id`.
async fn on_panel<C: ConnectionTrait>(
    db: &C,
    app_id: i64,
    expert_id: i64,
) -> Result<Option<(bool, Option<i32>)>, DbErr> {
    let r = db
        .query_one_raw(db::stmt(
            db.get_database_backend(),
            "SELECT submitted_at IS NOT NULL AS done, total FROM rating_panel WHERE application_id = ? AND expert_id = ?",
            vec![app_id.into(), expert_id.into()],
        ))
        .await?;
    r.map(|r| Ok((r.try_get::<bool>("", "done")?, r.try_get::<Option<i32>>("", "total")?))).transpose()
}

/// The sheet an expert scores. Only for members of the panel who are not
/// excluded from the organization.
pub async fn sheet<C: ConnectionTrait>(db: &C, expert_id: i64, app_id: i64) -> Result<SheetView, AppError> {
    let a = rating_application::Entity::find_by_id(app_id).one(db).await?.ok_or(AppError::NotFound)?;
    let Some((submitted, total)) = on_panel(db, app_id, expert_id).await? else { return Err(AppError::Forbidden) };
    let o = org(db, a.org_id).await?;
    if exclusion(db, expert_id, &o).await?.is_some() {
        return Err(AppError::Conflict("err_rate_expert_excluded".into()));
    }
    let s = rating_sheet::Entity::find_by_id(a.sheet_id).one(db).await?.ok_or(AppError::NotFound)?;
    let year = rating_round::Entity::find_by_id(a.round_id).one(db).await?.map(|r| r.year).unwrap_or_default();
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT item_id, points FROM rating_score WHERE application_id = ? AND expert_id = ?",
            vec![app_id.into(), expert_id.into()],
        ))
        .await?;
    let points = rows
        .iter()
        .map(|r| Ok((r.try_get::<i64>("", "item_id")?, r.try_get::<i32>("", "points")?)))
        .collect::<Result<Vec<_>, DbErr>>()?;
    Ok(SheetView {
        application_id: app_id,
        org_name: o.name,
        org_type: o.org_type,
        year,
        sheet_title: s.title,
        items: items(db, a.sheet_id).await?,
        points,
        submitted,
        total,
        self_assessment: a.self_assessment,
        open: a.status == "scoring" && !submitted,
    })
}

/// An expert saves or submits their points. Every item must be a whole
/// number within its maximum (all errors at once, nothing saved otherwise);
/// a submission is final. When the last expert submits, the final score is the
/// mean of the totals and the grade follows from the bands.
pub async fn score(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    expert_id: i64,
    app_id: i64,
    input: &ScoreInput,
) -> Result<(), AppError> {
    let submit = match input.intent.as_str() {
        "submit" => true,
        "save" | "" => false,
        _ => return Err(AppError::field("intent", "err_invalid_choice")),
    };
    let txn = db::begin_write(db).await?;
    let a = rating_application::Entity::find_by_id(app_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let Some((submitted, _)) = on_panel(&txn, app_id, expert_id).await? else { return Err(AppError::Forbidden) };
    let o = org(&txn, a.org_id).await?;
    if exclusion(&txn, expert_id, &o).await?.is_some() {
        return Err(AppError::Conflict("err_rate_expert_excluded".into()));
    }
    if a.status != "scoring" || submitted {
        return Err(AppError::Conflict("err_rate_sheet_closed".into()));
    }
    let sheet_items = items(&txn, a.sheet_id).await?;
    let mut e = Errors::default();
    let mut values = Vec::with_capacity(sheet_items.len());
    for it in &sheet_items {
        let key = it.id.to_string();
        let raw = input.points.get(&key).map(String::as_str).unwrap_or("");
        if raw.trim().is_empty() && !submit {
            continue;
        }
        match rules::check_points(raw, it.max_points as u32) {
            Ok(v) => values.push((it.id, v as i32)),
            Err(err) => e.add(&format!("p{}", it.id), err.key()),
        }
    }
    e.into_result()?;
    let backend = txn.get_database_backend();
    txn.execute_raw(db::stmt(
        backend,
        "DELETE FROM rating_score WHERE application_id = ? AND expert_id = ?",
        vec![app_id.into(), expert_id.into()],
    ))
    .await?;
    for (item, points) in &values {
        db::exec(
            &txn,
            "INSERT INTO rating_score (application_id, expert_id, item_id, points) VALUES (?, ?, ?, ?)",
            vec![app_id.into(), expert_id.into(), (*item).into(), (*points).into()],
        )
        .await?;
    }
    let total: i32 = values.iter().map(|(_, p)| p).sum();
    let mut finished = None;
    if submit {
        db::exec(
            &txn,
            "UPDATE rating_panel SET total = ?, submitted_at = ? WHERE application_id = ? AND expert_id = ?",
            vec![total.into(), Utc::now().into(), app_id.into(), expert_id.into()],
        )
        .await?;
        let rows = txn
            .query_all_raw(db::stmt(
                backend,
                "SELECT total FROM rating_panel WHERE application_id = ?",
                vec![app_id.into()],
            ))
            .await?;
        let totals = rows.iter().map(|r| r.try_get::<Option<i32>>("", "total")).collect::<Result<Vec<_>, _>>()?;
        if totals.iter().all(Option::is_some) {
            let totals: Vec<u32> = totals.into_iter().flatten().map(|t| t as u32).collect();
            let final_score = rules::combine(&totals).ok_or(AppError::Internal)?;
            let grade = rules::grade_for(final_score, &settings.rating_bands);
            set_status(&txn, a, "scored", |am| {
                am.final_score = Set(Some(final_score as i32));
                am.grade = Set(grade.map(|g| g.as_str().to_string()));
            })
            .await?;
            finished = Some((final_score, grade));
        }
    }
    log(
        &txn,
        actor,
        if submit { "rating_score_submit" } else { "rating_score_save" },
        app_id,
        json!({"expert": expert_id, "total": total, "items": values.len(),
               "final_score": finished.map(|f| f.0), "grade": finished.and_then(|f| f.1).map(|g| g.as_str())}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The applications assigned to an expert, newest first.
pub async fn assignments<C: ConnectionTrait>(db: &C, expert_id: i64) -> Result<Vec<Assignment>, DbErr> {
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT a.id AS id, o.name AS name, o.org_type AS org_type, r.year AS year, a.status AS status, \
             p.submitted_at IS NOT NULL AS done, p.total AS total FROM rating_panel p \
             JOIN rating_application a ON a.id = p.application_id JOIN organization o ON o.id = a.org_id \
             JOIN rating_round r ON r.id = a.round_id WHERE p.expert_id = ? ORDER BY a.id DESC LIMIT 200",
            vec![expert_id.into()],
        ))
        .await?;
    rows.iter()
        .map(|r| {
            Ok(Assignment {
                application_id: r.try_get("", "id")?,
                org_name: r.try_get("", "name")?,
                org_type: r.try_get("", "org_type")?,
                year: r.try_get("", "year")?,
                status: r.try_get("", "status")?,
                submitted: r.try_get::<bool>("", "done")?,
                total: r.try_get("", "total")?,
            })
        })
        .collect()
}

/// Publishes a scored result for the round's public notice period, from today.
pub async fn publish(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    today: NaiveDate,
) -> Result<(), AppError> {
    let txn = db::begin_write(db).await?;
    let (a, o) = load_for_update(&txn, id, &["scored"]).await?;
    let round = rating_round::Entity::find_by_id(a.round_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let to = today + chrono::Days::new(round.notice_days as u64);
    let score = a.final_score.map(|s| rules::show_score(s as u32)).unwrap_or_default();
    let grade = a.grade.clone().unwrap_or_else(|| "未达等级".into());
    set_status(&txn, a, "notice", |am| {
        am.notice_from = Set(Some(today));
        am.notice_to = Set(Some(to));
    })
    .await?;
    let bureau = &settings.bureau_name;
    mail_org(
        &txn,
        &o,
        &format!("【{bureau}】等级评估结果公示"),
        &format!(
            "{}：\n\n贵单位的等级评估得分为{score}分，拟评等级：{grade}。公示期自{today}至{to}，\
             对结果有异议的，可在公示期内提出：{}/public/rating/notices\n\n{bureau}\n",
            o.name, settings.public_url
        ),
    )
    .await?;
    log(&txn, actor, "rating_publish", id, json!({"from": today, "to": to})).await?;
    txn.commit().await?;
    Ok(())
}

/// Results in their notice period on `today`.
pub async fn notices<C: ConnectionTrait>(db: &C, today: NaiveDate) -> Result<Vec<NoticeRow>, DbErr> {
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT a.id AS id, o.id AS org_id, o.name AS name, o.credit_code AS code, o.org_type AS org_type, \
             r.year AS year, a.final_score AS score, a.grade AS grade, a.notice_from AS nf, a.notice_to AS nt \
             FROM rating_application a JOIN organization o ON o.id = a.org_id JOIN rating_round r ON r.id = a.round_id \
             WHERE a.status = 'notice' AND a.notice_from <= ? AND a.notice_to >= ? ORDER BY a.notice_to, a.id LIMIT 500",
            vec![today.into(), today.into()],
        ))
        .await?;
    rows.iter()
        .map(|r| {
            Ok(NoticeRow {
                application_id: r.try_get("", "id")?,
                org_id: r.try_get("", "org_id")?,
                org_name: r.try_get("", "name")?,
                credit_code: r.try_get("", "code")?,
                org_type: r.try_get("", "org_type")?,
                year: r.try_get("", "year")?,
                final_score: r.try_get("", "score")?,
                grade: r.try_get("", "grade")?,
                notice_from: r.try_get::<NaiveDate>("", "nf")?.to_string(),
                notice_to: r.try_get::<NaiveDate>("", "nt")?.to_string(),
            })
        })
        .collect()
}

/// Anyone may object to a result during its notice period, with a name, a
/// way to reach them and the grounds.
pub async fn object(db: &DatabaseConnection, input: &ObjectionInput, today: NaiveDate) -> Result<i64, AppError> {
    let mut e = Errors::default();
    e.required("name", &input.name);
    e.max_len("name", &input.name, 50);
    e.required("contact", &input.contact);
    e.max_len("contact", &input.contact, 100);
    e.required("body", &input.body);
    e.max_len("body", &input.body, MAX_TEXT);
    e.into_result()?;
    let txn = db::begin_write(db).await?;
    let a = rating_application::Entity::find_by_id(input.application_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let in_notice =
        a.status == "notice" && a.notice_from.is_some_and(|f| f <= today) && a.notice_to.is_some_and(|t| today <= t);
    if !in_notice {
        return Err(AppError::Conflict("err_rate_notice_over".into()));
    }
    let x = rating_objection::ActiveModel {
        application_id: Set(a.id),
        name: Set(input.name.trim().into()),
        contact: Set(input.contact.trim().into()),
        body: Set(input.body.trim().into()),
        status: Set("open".into()),
        resolution: Set(String::new()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        &Actor::system("public"),
        Entry {
            action: "rating_objection",
            entity: "rating_objection",
            entity_id: x.id.to_string(),
            before: None,
            after: Some(json!({"application": a.id, "name": x.name})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(x.id)
}

/// The officer records the committee's decision on an objection: dismissed
/// with reasons, or upheld with the revised final score (the grade follows).
/// The objector is answered through the contact they gave; the organization
/// is e-mailed.
pub async fn resolve(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    objection_id: i64,
    input: &ResolveInput,
) -> Result<i64, AppError> {
    let mut e = Errors::default();
    let resolution = input.resolution.trim();
    e.required("resolution", resolution);
    e.max_len("resolution", resolution, MAX_TEXT);
    let mut revised = None;
    match input.decision.as_str() {
        "dismissed" => {}
        "upheld" => match rules::parse_score(&input.revised_score) {
            Some(s) => revised = Some(s),
            None => e.add("revised_score", "err_rate_score"),
        },
        _ => e.add("decision", "err_invalid_choice"),
    }
    e.into_result()?;
    let txn = db::begin_write(db).await?;
    let x = rating_objection::Entity::find_by_id(objection_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    if x.status != "open" {
        return Err(AppError::Conflict("err_rate_state".into()));
    }
    let app_id = x.application_id;
    let (a, o) = load_for_update(&txn, app_id, &["notice"]).await?;
    let mut am: rating_objection::ActiveModel = x.into();
    am.status = Set(input.decision.clone());
    am.resolution = Set(resolution.to_string());
    am.resolved_by = Set(actor.id);
    am.resolved_at = Set(Some(Utc::now()));
    am.update(&txn).await?;
    let before = json!({"final_score": a.final_score, "grade": a.grade});
    if let Some(score) = revised {
        let grade = rules::grade_for(score, &settings.rating_bands);
        set_status(&txn, a, "notice", |am| {
            am.final_score = Set(Some(score as i32));
            am.grade = Set(grade.map(|g| g.as_str().to_string()));
        })
        .await?;
    }
    let bureau = &settings.bureau_name;
    let outcome =
        if revised.is_some() { "异议成立，评估结果已更正" } else { "异议不成立，维持评估结果" };
    mail_org(
        &txn,
        &o,
        &format!("【{bureau}】等级评估异议处理结果"),
        &format!("{}：\n\n针对贵单位等级评估结果的异议已处理：{outcome}。\n说明：{resolution}\n\n{bureau}\n", o.name),
    )
    .await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "rating_objection_resolve",
            entity: "rating_objection",
            entity_id: objection_id.to_string(),
            before: Some(before),
            after: Some(json!({"decision": input.decision, "revised_score": revised, "resolution": resolution})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(app_id)
}

/// Grants the grade once the notice period is over and no objection is
/// open: validity from 1 January of the next year to 31 December of the
/// fifth year, a certificate number, the previous grade superseded. A score
/// below the 1A minimum concludes the application without a grade.
pub async fn grant(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    today: NaiveDate,
) -> Result<Option<i64>, AppError> {
    let txn = db::begin_write(db).await?;
    let (a, o) = load_for_update(&txn, id, &["notice"]).await?;
    if a.notice_to.is_none_or(|t| today <= t) {
        return Err(AppError::Conflict("err_rate_notice_running".into()));
    }
    let open = count(
        &txn,
        "SELECT COUNT(*) AS n FROM rating_objection WHERE application_id = ? AND status = 'open'",
        vec![id.into()],
    )
    .await?;
    if open > 0 {
        return Err(AppError::Conflict("err_rate_objection_open".into()));
    }
    let score = a.final_score.ok_or(AppError::Internal)?;
    let grade = a.grade.clone();
    let bureau = &settings.bureau_name;
    let Some(grade) = grade else {
        set_status(&txn, a, "not_rated", |_| {}).await?;
        mail_org(
            &txn,
            &o,
            &format!("【{bureau}】等级评估结果"),
            &format!(
                "{}：\n\n贵单位的等级评估得分为{}分，未达到评定等级的最低分数。\n\n{bureau}\n",
                o.name,
                rules::show_score(score as u32)
            ),
        )
        .await?;
        log(&txn, actor, "rating_conclude", id, json!({"grade": null, "score": score})).await?;
        txn.commit().await?;
        return Ok(None);
    };
    let (from, to) = rules::validity(today);
    db::exec(
        &txn,
        "UPDATE rating_grade SET status = 'superseded', updated_at = ? WHERE org_id = ? AND status = 'active'",
        vec![Utc::now().into(), o.id.into()],
    )
    .await?;
    let now = Utc::now();
    let g = rating_grade::ActiveModel {
        org_id: Set(o.id),
        application_id: Set(Some(id)),
        grade: Set(grade.clone()),
        granted_grade: Set(grade.clone()),
        score: Set(score),
        announced_on: Set(today),
        valid_from: Set(from),
        valid_to: Set(to),
        status: Set("active".into()),
        certificate_no: Set(format!("{}-{}-{id:05}", settings.region_code, today.year())),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    set_status(&txn, a, "granted", |_| {}).await?;
    mail_org(
        &txn,
        &o,
        &format!("【{bureau}】等级评估结果：{grade}"),
        &format!(
            "{}：\n\n经评估，贵单位被评为{grade}级社会组织（{}分），有效期自{from}至{to}。\n证书：{}/rating/certificates/{}\n\n{bureau}\n",
            o.name,
            rules::show_score(score as u32),
            settings.public_url,
            g.id
        ),
    )
    .await?;
    log(
        &txn,
        actor,
        "rating_grant",
        id,
        json!({"grade": grade, "score": score, "from": from, "to": to, "grade_id": g.id}),
    )
    .await?;
    txn.commit().await?;
    Ok(Some(g.id))
}

/// The organization's rating for its portal and public page: the grade in
/// force, the latest application and the rounds open to it today.
pub async fn org_rating<C: ConnectionTrait>(db: &C, org_id: i64, today: NaiveDate) -> Result<OrgRating, AppError> {
    let o = org(db, org_id).await?;
    let grade = match grade_in_force(db, org_id, today).await? {
        Some(g) => Some(super::grades::grade_view(db, &g, &o, today).await?),
        None => None,
    };
    let application = match rating_application::Entity::find()
        .filter(rating_application::Column::OrgId.eq(org_id))
        .order_by_desc(rating_application::Column::Id)
        .one(db)
        .await?
    {
        Some(a) => {
            let year = rating_round::Entity::find_by_id(a.round_id).one(db).await?.map(|r| r.year).unwrap_or_default();
            Some((year, a.status))
        }
        None => None,
    };
    let open_rounds = rounds(db, today)
        .await?
        .into_iter()
        .filter(|r| r.open && r.org_types.contains(&o.org_type))
        .collect();
    Ok(OrgRating { grade, application, open_rounds })
}
