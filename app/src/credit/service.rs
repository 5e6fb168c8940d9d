//! Credit lists, penalties, repair, scores and zombie cases: queries and
//! transactions. Each listing is guarded by a unique index on the open
//! entries, so the same fact is never listed twice.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate, Utc};
use entity::{credit_entry, organization, zombie_case};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set, Value,
};
use serde_json::json;

use super::types::*;
use crate::audit::service::{self as audit, Actor, Entry};
use crate::db;
use crate::domain::credit::{self as rules, List, PenaltyKind, Weights};
use crate::domain::money;
use crate::error::{AppError, Errors};
use crate::mail::service::{enqueue, Mail};
use crate::state::Settings;

pub const PER_PAGE: u64 = 20;

/// Lists `org_id` for `reason` unless the same fact (`ref`) is already listed.
/// A new abnormal-list event restarts the clock of the organization's open
/// entries on that list. Returns whether a new entry was written.
#[allow(clippy::too_many_arguments)]
pub async fn list_in<C: ConnectionTrait>(
    txn: &C,
    org_id: i64,
    reason: &str,
    r#ref: &str,
    on: NaiveDate,
    office: &str,
    note: &str,
    decided_by: Option<i64>,
) -> Result<bool, DbErr> {
    let Some((list, basis)) = rules::reason(reason) else { return Ok(false) };
    let written = db::exec(
        txn,
        "INSERT INTO credit_entry (org_id, list, reason, basis, ref, listed_on, clock_from, deciding_office, note, \
         decided_by, created_at) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM credit_entry \
         WHERE org_id = ? AND list = ? AND reason = ? AND ref = ? AND removed_on IS NULL)",
        vec![
            org_id.into(),
            list.as_str().into(),
            reason.into(),
            basis.into(),
            r#ref.into(),
            on.into(),
            on.into(),
            office.into(),
            note.into(),
            decided_by.into(),
            Utc::now().into(),
            org_id.into(),
            list.as_str().into(),
            reason.into(),
            r#ref.into(),
        ],
    )
    .await?;
    if written == 1 {
        db::exec(
            txn,
            "UPDATE credit_entry SET clock_from = ? WHERE org_id = ? AND list = ? AND removed_on IS NULL AND clock_from < ?",
            vec![on.into(), org_id.into(), list.as_str().into(), on.into()],
        )
        .await?;
    }
    Ok(written == 1)
}

/// Closes every open entry of an organization (it left the register by
/// deregistration, or its serious-list revocation entry may now go).
pub async fn close_all_in<C: ConnectionTrait>(txn: &C, org_id: i64, on: NaiveDate, why: &str) -> Result<u64, DbErr> {
    db::exec(
        txn,
        "UPDATE credit_entry SET removed_on = ?, removal_reason = ? WHERE org_id = ? AND removed_on IS NULL",
        vec![on.into(), why.into(), org_id.into()],
    )
    .await
}

async fn weights<C: ConnectionTrait>(db: &C) -> Result<Weights, DbErr> {
    let rows =
        db.query_all_raw(db::stmt(db.get_database_backend(), "SELECT name, points FROM credit_weight", vec![])).await?;
    let mut w = Weights::default();
    for r in rows {
        let name: String = r.try_get("", "name")?;
        let points: i32 = r.try_get("", "points")?;
        let p = points as i64;
        match name.as_str() {
            "base" => w.base = p,
            "abnormal_entry" => w.abnormal_entry = p,
            "serious_entry" => w.serious_entry = p,
            "penalty_3y" => w.penalty_3y = p,
            "report_basic" => w.report_basic = p,
            "report_unqualified" => w.report_unqualified = p,
            "report_missing" => w.report_missing = p,
            "grade_per_a" => w.grade_per_a = p,
            _ => {}
        }
    }
    Ok(w)
}

fn in_list(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// Recomputes the credit score of `orgs` from their facts (lists, penalties
/// of the last three years, the last report conclusion or a missed filing).
pub async fn rescore<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    orgs: &[i64],
    today: NaiveDate,
) -> Result<u64, DbErr> {
    let backend = db.get_database_backend();
    let w = weights(db).await?;
    let mut done = 0;
    for chunk in orgs.chunks(500) {
        let ids: Vec<Value> = chunk.iter().map(|i| Value::from(*i)).collect();
        let ph = in_list(chunk.len());
        let mut facts: HashMap<i64, rules::CreditFacts> =
            chunk.iter().map(|i| (*i, rules::CreditFacts::default())).collect();
        let rows = db
            .query_all_raw(db::stmt(
                backend,
                &format!(
                    "SELECT org_id, list, COUNT(*) AS n FROM credit_entry WHERE removed_on IS NULL AND org_id IN ({ph}) \
                     GROUP BY org_id, list"
                ),
                ids.clone(),
            ))
            .await?;
        for r in rows {
            let (org, list, n): (i64, String, i64) =
                (r.try_get("", "org_id")?, r.try_get("", "list")?, r.try_get("", "n")?);
            if let Some(f) = facts.get_mut(&org) {
                if list == "serious" {
                    f.serious_entries = n;
                } else {
                    f.abnormal_entries = n;
                }
            }
        }
        let mut vals = vec![Value::from(rules::add_years(today, -3))];
        vals.extend(ids.clone());
        let rows = db
            .query_all_raw(db::stmt(
                backend,
                &format!("SELECT org_id, COUNT(*) AS n FROM penalty WHERE decided_on > ? AND org_id IN ({ph}) GROUP BY org_id"),
                vals,
            ))
            .await?;
        for r in rows {
            let org: i64 = r.try_get("", "org_id")?;
            if let Some(f) = facts.get_mut(&org) {
                f.penalties_3y = r.try_get("", "n")?;
            }
        }
        let rows = db
            .query_all_raw(db::stmt(
                backend,
                &format!(
                    "SELECT org_id, report_year, conclusion FROM annual_report WHERE status = 'concluded' AND org_id IN ({ph})"
                ),
                ids.clone(),
            ))
            .await?;
        let mut last: HashMap<i64, (i32, String)> = HashMap::new();
        for r in rows {
            let org: i64 = r.try_get("", "org_id")?;
            let year: i32 = r.try_get("", "report_year")?;
            let c: Option<String> = r.try_get("", "conclusion")?;
            if last.get(&org).is_none_or(|(y, _)| year > *y) {
                last.insert(org, (year, c.unwrap_or_default()));
            }
        }
        let rows = db
            .query_all_raw(db::stmt(
                backend,
                &format!(
                    "SELECT org_id, MAX(report_year) AS y FROM filing_flag WHERE org_id IN ({ph}) GROUP BY org_id"
                ),
                ids.clone(),
            ))
            .await?;
        for r in rows {
            let org: i64 = r.try_get("", "org_id")?;
            let year: i32 = r.try_get("", "y")?;
            if last.get(&org).is_none_or(|(y, _)| year > *y) {
                last.insert(org, (year, "missing".into()));
            }
        }
        // A valid rating grade (2 points per A by default).
        let mut vals = vec![Value::from(today)];
        vals.extend(ids.clone());
        let rows = db
            .query_all_raw(db::stmt(
                backend,
                &format!(
                    "SELECT org_id, grade FROM rating_grade WHERE status = 'active' AND valid_to >= ? AND org_id IN ({ph})"
                ),
                vals,
            ))
            .await?;
        for r in rows {
            let org: i64 = r.try_get("", "org_id")?;
            let grade: String = r.try_get("", "grade")?;
            if let (Some(f), Some(level)) = (facts.get_mut(&org), grade.chars().next().and_then(|c| c.to_digit(10))) {
                f.grade = Some(level as i64);
            }
        }
        let mut rows = Vec::new();
        let mut vals: Vec<Value> = Vec::new();
        let now = Utc::now();
        for org in chunk {
            let mut f = facts.remove(org).unwrap_or_default();
            f.last_report = last.get(org).map(|(_, c)| c.clone());
            let (score, level) = rules::score(&w, &f);
            let facts_json = json!({
                "abnormal": f.abnormal_entries, "serious": f.serious_entries, "penalties_3y": f.penalties_3y,
                "last_report": f.last_report, "grade": f.grade, "report_year": settings.report_year,
            })
            .to_string();
            rows.push("(?, ?, ?, ?, ?)");
            vals.extend([Value::from(*org), (score as i32).into(), level.into(), facts_json.into(), now.into()]);
        }
        if !rows.is_empty() {
            db::exec(
                db,
                &format!(
                    "INSERT INTO organization_credit (org_id, score, level, facts_json, computed_at) VALUES {} \
                     ON CONFLICT (org_id) DO UPDATE SET score = excluded.score, level = excluded.level, \
                     facts_json = excluded.facts_json, computed_at = excluded.computed_at",
                    rows.join(", ")
                ),
                vals,
            )
            .await?;
        }
        done += chunk.len() as u64;
    }
    Ok(done)
}

/// Rescores every organization on the register (after an import, a change
/// of weights, or for demo data), in batches.
pub async fn rescore_all(db: &DatabaseConnection, settings: &Settings, today: NaiveDate) -> Result<u64, DbErr> {
    let mut after = 0i64;
    let mut done = 0;
    loop {
        let ids: Vec<i64> =
            db::column(db, "SELECT id FROM organization WHERE id > ? ORDER BY id LIMIT 5000", vec![after.into()], "id")
                .await?;
        let Some(last) = ids.last().copied() else { return Ok(done) };
        let txn = db::begin_write(db).await?;
        done += rescore(&txn, settings, &ids, today).await?;
        txn.commit().await?;
        after = last;
    }
}

fn entry_view(e: credit_entry::Model, o: Option<&organization::Model>, pending: bool) -> EntryView {
    EntryView {
        id: e.id,
        org_id: e.org_id,
        org_name: o.map(|o| o.name.clone()).unwrap_or_default(),
        credit_code: o.map(|o| o.credit_code.clone()).unwrap_or_default(),
        district: o.map(|o| o.district.clone()).unwrap_or_default(),
        list: e.list,
        reason: e.reason,
        basis: e.basis,
        listed_on: e.listed_on.to_string(),
        deciding_office: e.deciding_office,
        note: e.note,
        removed_on: e.removed_on.map(|d| d.to_string()),
        removal_reason: e.removal_reason,
        repair_pending: pending,
    }
}

async fn orgs_by_id<C: ConnectionTrait>(db: &C, ids: Vec<i64>) -> Result<HashMap<i64, organization::Model>, DbErr> {
    Ok(organization::Entity::find()
        .filter(organization::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect())
}

async fn pending_repairs<C: ConnectionTrait>(db: &C, entry_ids: &[i64]) -> Result<HashSet<i64>, DbErr> {
    if entry_ids.is_empty() {
        return Ok(HashSet::new());
    }
    let vals: Vec<Value> = entry_ids.iter().map(|i| Value::from(*i)).collect();
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            &format!(
                "SELECT entry_id FROM repair_request WHERE status = 'pending' AND entry_id IN ({})",
                in_list(vals.len())
            ),
            vals,
        ))
        .await?;
    rows.iter().map(|r| r.try_get::<i64>("", "entry_id")).collect()
}

/// The list pages: entries of one list (or both), searchable, paginated.
pub async fn entries<C: ConnectionTrait>(db: &C, f: &EntryFilter) -> Result<EntryPage, DbErr> {
    let (from_where, vals) = entry_where(f);
    let total = db::count_from(db, &from_where, vals.clone()).await?;
    let p = crate::domain::paging::Paging::new(f.page, PER_PAGE);
    let sql = format!("SELECT e.id AS id {from_where} ORDER BY e.listed_on DESC, e.id DESC {}", p.limit_offset());
    let ids: Vec<i64> = db::column(db, &sql, vals, "id").await?;
    let rows = load_entries(db, &ids).await?;
    Ok(EntryPage { rows, total: total as u64, page: p.page, per_page: PER_PAGE })
}

async fn load_entries<C: ConnectionTrait>(db: &C, ids: &[i64]) -> Result<Vec<EntryView>, DbErr> {
    let models = credit_entry::Entity::find().filter(credit_entry::Column::Id.is_in(ids.to_vec())).all(db).await?;
    let orgs = orgs_by_id(db, models.iter().map(|e| e.org_id).collect()).await?;
    let pending = pending_repairs(db, ids).await?;
    let mut by_id: HashMap<i64, credit_entry::Model> = models.into_iter().map(|e| (e.id, e)).collect();
    Ok(ids
        .iter()
        .filter_map(|id| by_id.remove(id))
        .map(|e| {
            let p = pending.contains(&e.id);
            let o = orgs.get(&e.org_id);
            entry_view(e, o, p)
        })
        .collect())
}

fn entry_where(f: &EntryFilter) -> (String, Vec<Value>) {
    let mut sql = String::from("FROM credit_entry e JOIN organization o ON o.id = e.org_id WHERE 1 = 1");
    let mut vals: Vec<Value> = Vec::new();
    if let Some(list) = List::parse(&f.list) {
        sql.push_str(" AND e.list = ?");
        vals.push(list.as_str().into());
    }
    match f.state.as_str() {
        "removed" => sql.push_str(" AND e.removed_on IS NOT NULL"),
        "all" => {}
        _ => sql.push_str(" AND e.removed_on IS NULL"),
    }
    if !f.reason.is_empty() {
        sql.push_str(" AND e.reason = ?");
        vals.push(f.reason.clone().into());
    }
    db::push_name_or_code(&mut sql, &mut vals, &f.q);
    (sql, vals)
}

pub const ENTRY_CSV_HEADER: [&str; 10] =
    ["统一社会信用代码", "名称", "区", "名录", "列入事由", "依据", "列入日期", "作出决定机关", "移出日期", "移出原因"];

/// A batch of the list CSV after the key `after`.
pub async fn entries_csv_batch<C: ConnectionTrait>(
    db: &C,
    f: &EntryFilter,
    after: i64,
    batch: u64,
) -> Result<(Vec<u8>, Option<i64>), DbErr> {
    let (from_where, mut vals) = entry_where(f);
    vals.push(after.into());
    let sql = format!("SELECT e.id AS id {from_where} AND e.id > ? ORDER BY e.id LIMIT {batch}");
    let ids: Vec<i64> = db::column(db, &sql, vals, "id").await?;
    let rows = load_entries(db, &ids).await?;
    let mut w = db::CsvRows::new();
    for e in &rows {
        let list = if e.list == "serious" { "严重违法失信名单" } else { "活动异常名录" };
        w.push([
            e.credit_code.as_str(),
            &e.org_name,
            &e.district,
            list,
            reason_zh(&e.reason),
            &e.basis,
            &e.listed_on,
            &e.deciding_office,
            e.removed_on.as_deref().unwrap_or(""),
            e.removal_reason.as_deref().map(removal_zh).unwrap_or(""),
        ])?;
    }
    Ok((w.finish()?, ids.last().copied()))
}

/// The Chinese name of a listing reason (CSV, e-mails).
pub fn reason_zh(code: &str) -> &'static str {
    match code {
        "missed_report" => "未按规定报送年度工作报告",
        "party" => "未按规定设立党组织",
        "rectification_overdue" => "被责令整改逾期未改正",
        "fundraising_idle" => "具有公开募捐资格的慈善组织不再符合条件或六个月未开展公开募捐",
        "penalty_minor" => "受到警告或者不满5万元罚款处罚",
        "unreachable" => "通过登记的住所无法与社会组织取得联系",
        "abnormal_two_years" => "被列入活动异常名录满2年",
        "fraud_change" => "弄虚作假办理变更登记，被撤销变更登记",
        "suspension" => "受到限期停止活动行政处罚",
        "fine_large" => "受到5万元以上罚款处罚",
        "penalties_repeated" => "三年内两次以上受到警告或者不满5万元罚款处罚",
        "defaulter" => "被司法机关纳入失信被执行人名单",
        "revoked" => "被登记管理机关作出撤销登记、吊销登记证书行政处罚",
        _ => "法律、行政法规规定的其他情形",
    }
}

fn removal_zh(code: &str) -> &'static str {
    match code {
        "repaired" => "信用修复",
        "period_ended" => "期满移出",
        "moved_to_serious" => "列入严重违法失信名单",
        "deregistered" => "已注销",
        _ => "决定移出",
    }
}

/// What the public sees of one organization: the entries in force.
pub async fn public_credit<C: ConnectionTrait>(db: &C, org_id: i64) -> Result<PublicCredit, DbErr> {
    let ids: Vec<i64> = credit_entry::Entity::find()
        .filter(credit_entry::Column::OrgId.eq(org_id))
        .filter(credit_entry::Column::RemovedOn.is_null())
        .order_by_desc(credit_entry::Column::ListedOn)
        .all(db)
        .await?
        .into_iter()
        .map(|e| e.id)
        .collect();
    Ok(PublicCredit { entries: load_entries(db, &ids).await? })
}

/// The whole credit record of one organization (officers, and the organization itself).
pub async fn record<C: ConnectionTrait>(db: &C, org_id: i64) -> Result<CreditRecord, AppError> {
    let backend = db.get_database_backend();
    let o = organization::Entity::find_by_id(org_id).one(db).await?.ok_or(AppError::NotFound)?;
    let ids: Vec<i64> = credit_entry::Entity::find()
        .filter(credit_entry::Column::OrgId.eq(org_id))
        .order_by_desc(credit_entry::Column::ListedOn)
        .order_by_desc(credit_entry::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|e| e.id)
        .collect();
    let entries = load_entries(db, &ids).await?;
    let score_row = db
        .query_one_raw(db::stmt(
            backend,
            "SELECT score, level, facts_json FROM organization_credit WHERE org_id = ?",
            vec![org_id.into()],
        ))
        .await?;
    let (score, level, facts_json) = match score_row {
        Some(r) => {
            (r.try_get::<i32>("", "score")? as i64, r.try_get("", "level")?, r.try_get::<String>("", "facts_json")?)
        }
        None => (100, "A".to_string(), "{}".to_string()),
    };
    let facts: Vec<(String, String)> = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&facts_json)
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| (k, if let Some(s) = v.as_str() { s.to_string() } else { v.to_string() }))
        .collect();
    let penalties = db
        .query_all_raw(db::stmt(
            backend,
            "SELECT kind, amount_fen, decided_on, deciding_office, facts, basis FROM penalty WHERE org_id = ? ORDER BY decided_on DESC",
            vec![org_id.into()],
        ))
        .await?
        .iter()
        .map(|r| {
            Ok(PenaltyView {
                kind: r.try_get("", "kind")?,
                amount_fen: r.try_get("", "amount_fen")?,
                decided_on: r.try_get::<NaiveDate>("", "decided_on")?.to_string(),
                deciding_office: r.try_get("", "deciding_office")?,
                facts: r.try_get("", "facts")?,
                basis: r.try_get("", "basis")?,
            })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    let letters = db
        .query_all_raw(db::stmt(
            backend,
            "SELECT sent_on FROM returned_letter WHERE org_id = ? ORDER BY sent_on DESC",
            vec![org_id.into()],
        ))
        .await?
        .iter()
        .map(|r| r.try_get::<NaiveDate>("", "sent_on").map(|d| d.to_string()))
        .collect::<Result<Vec<_>, DbErr>>()?;
    let repairs = repairs(db, Some(org_id), "").await?;
    let zombie = zombie_case::Entity::find()
        .filter(zombie_case::Column::OrgId.eq(org_id))
        .order_by_desc(zombie_case::Column::Id)
        .one(db)
        .await?
        .map(|z| zombie_view(z, Some(&o)));
    let inspections = crate::inspection::results::results_of_org(db, org_id)
        .await?
        .into_iter()
        .map(|(campaign, inspected_on, outcome)| InspectionFact { campaign, inspected_on, outcome })
        .collect();
    Ok(CreditRecord {
        org_id,
        org_name: o.name.clone(),
        credit_code: o.credit_code.clone(),
        score,
        level,
        facts,
        entries,
        penalties,
        letters,
        repairs,
        zombie,
        inspections,
    })
}

/// An officer lists an organization by decision (reasons that are not mechanical).
pub async fn list_by_decision(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    org_id: i64,
    input: &ListInput,
) -> Result<(), AppError> {
    let mut e = Errors::default();
    if !rules::officer_reasons().any(|(r, _)| r == input.reason) {
        e.choice("reason", &input.reason);
    }
    let on = e.date("listed_on", &input.listed_on);
    e.required("note", &input.note);
    e.max_len("note", &input.note, 2000);
    e.into_result()?;
    let on = on.ok_or(AppError::Internal)?;
    if on > crate::registry::service::today() {
        return Err(AppError::field("listed_on", "err_date_future"));
    }
    let txn = db::begin_write(db).await?;
    organization::Entity::find_by_id(org_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let r#ref = format!("decision-{on}");
    if !list_in(&txn, org_id, &input.reason, &r#ref, on, &settings.bureau_name, input.note.trim(), actor.id).await? {
        return Err(AppError::Conflict("err_credit_already_listed".into()));
    }
    audit::record(
        &txn,
        actor,
        Entry {
            action: "credit_list",
            entity: "organization",
            entity_id: org_id.to_string(),
            before: None,
            after: Some(json!({"reason": input.reason, "listed_on": on.to_string(), "note": input.note})),
        },
    )
    .await?;
    rescore(&txn, settings, &[org_id], crate::registry::service::today()).await?;
    txn.commit().await?;
    Ok(())
}

/// Records an administrative penalty and the listings it causes.
pub async fn record_penalty(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    org_id: i64,
    input: &PenaltyInput,
) -> Result<Vec<&'static str>, AppError> {
    let mut e = Errors::default();
    let kind = PenaltyKind::parse(&input.kind);
    if kind.is_none() {
        e.choice("kind", &input.kind);
    }
    let amount = if kind == Some(PenaltyKind::Fine) {
        match money::parse_yuan(&input.amount) {
            Ok(0) => {
                e.add("amount", "err_required");
                0
            }
            Ok(v) => v,
            Err(err) => {
                e.add("amount", err.message_key());
                0
            }
        }
    } else {
        0
    };
    let on = e.date("decided_on", &input.decided_on);
    e.required("facts", &input.facts);
    e.required("basis", &input.basis);
    e.max_len("facts", &input.facts, 2000);
    e.max_len("basis", &input.basis, 500);
    e.into_result()?;
    let (kind, on) = (kind.ok_or(AppError::Internal)?, on.ok_or(AppError::Internal)?);
    let today = crate::registry::service::today();
    if on > today {
        return Err(AppError::field("decided_on", "err_date_future"));
    }
    let txn = db::begin_write(db).await?;
    organization::Entity::find_by_id(org_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let earlier: Vec<NaiveDate> = txn
        .query_all_raw(db::stmt(
            txn.get_database_backend(),
            "SELECT kind, amount_fen, decided_on FROM penalty WHERE org_id = ?",
            vec![org_id.into()],
        ))
        .await?
        .iter()
        .filter_map(|r| {
            let k = PenaltyKind::parse(&r.try_get::<String>("", "kind").ok()?)?;
            let a: i64 = r.try_get("", "amount_fen").ok()?;
            let d: NaiveDate = r.try_get("", "decided_on").ok()?;
            rules::minor(k, a).then_some(d)
        })
        .collect();
    let row = txn
        .query_one_raw(db::stmt(
            txn.get_database_backend(),
            "INSERT INTO penalty (org_id, kind, amount_fen, decided_on, deciding_office, facts, basis, created_by, created_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            vec![
                org_id.into(),
                kind.as_str().into(),
                amount.into(),
                on.into(),
                settings.bureau_name.clone().into(),
                input.facts.trim().into(),
                input.basis.trim().into(),
                actor.id.into(),
                Utc::now().into(),
            ],
        ))
        .await?
        .ok_or(AppError::Internal)?;
    let penalty_id: i64 = row.try_get("", "id")?;
    let listings = rules::penalty_listings(kind, amount, on, &earlier);
    for reason in &listings {
        list_in(
            &txn,
            org_id,
            reason,
            &format!("penalty-{penalty_id}"),
            on,
            &settings.bureau_name,
            input.facts.trim(),
            actor.id,
        )
        .await?;
    }
    audit::record(
        &txn,
        actor,
        Entry {
            action: "penalty",
            entity: "organization",
            entity_id: org_id.to_string(),
            before: None,
            after: Some(json!({"kind": kind.as_str(), "amount_fen": amount, "decided_on": on.to_string(), "listings": listings})),
        },
    )
    .await?;
    rescore(&txn, settings, &[org_id], today).await?;
    txn.commit().await?;
    Ok(listings)
}

/// Records a registered letter returned unsigned; the second one within the
/// configured window lists the organization as unreachable.
pub async fn record_letter(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    org_id: i64,
    input: &LetterInput,
) -> Result<bool, AppError> {
    let mut e = Errors::default();
    let on = e.date("sent_on", &input.sent_on);
    e.max_len("note", &input.note, 500);
    e.into_result()?;
    let on = on.ok_or(AppError::Internal)?;
    let today = crate::registry::service::today();
    if on > today {
        return Err(AppError::field("sent_on", "err_date_future"));
    }
    let txn = db::begin_write(db).await?;
    organization::Entity::find_by_id(org_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    db::exec(
        &txn,
        "INSERT INTO returned_letter (org_id, sent_on, note, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
        vec![org_id.into(), on.into(), input.note.trim().into(), actor.id.into(), Utc::now().into()],
    )
    .await?;
    let dates: Vec<NaiveDate> =
        db::column(&txn, "SELECT sent_on FROM returned_letter WHERE org_id = ?", vec![org_id.into()], "sent_on")
            .await?;
    let listed = if rules::unreachable(&dates, settings.unreachable_min_days, settings.unreachable_max_days) {
        let note = "两次以挂号信寄往登记住所均无人签收";
        list_in(&txn, org_id, "unreachable", "letters", on, &settings.bureau_name, note, actor.id).await?
    } else {
        false
    };
    audit::record(
        &txn,
        actor,
        Entry {
            action: "returned_letter",
            entity: "organization",
            entity_id: org_id.to_string(),
            before: None,
            after: Some(json!({"sent_on": on.to_string(), "listed_unreachable": listed})),
        },
    )
    .await?;
    rescore(&txn, settings, &[org_id], today).await?;
    txn.commit().await?;
    Ok(listed)
}

async fn repairs<C: ConnectionTrait>(db: &C, org: Option<i64>, status: &str) -> Result<Vec<RepairView>, DbErr> {
    let mut sql = "SELECT q.id AS id, q.entry_id AS entry_id, q.org_id AS org_id, o.name AS name, e.list AS list, \
        e.reason AS reason, e.listed_on AS listed_on, q.statement AS statement, q.status AS status, \
        q.decision_reason AS decision_reason, q.created_at AS created_at FROM repair_request q \
        JOIN credit_entry e ON e.id = q.entry_id JOIN organization o ON o.id = q.org_id WHERE 1 = 1"
        .to_string();
    let mut vals: Vec<Value> = Vec::new();
    if let Some(org) = org {
        sql.push_str(" AND q.org_id = ?");
        vals.push(org.into());
    }
    if !status.is_empty() {
        sql.push_str(" AND q.status = ?");
        vals.push(status.into());
    }
    sql.push_str(" ORDER BY q.id DESC LIMIT 200");
    let rows = db.query_all_raw(db::stmt(db.get_database_backend(), &sql, vals)).await?;
    rows.iter()
        .map(|r| {
            Ok(RepairView {
                id: r.try_get("", "id")?,
                entry_id: r.try_get("", "entry_id")?,
                org_id: r.try_get("", "org_id")?,
                org_name: r.try_get("", "name")?,
                list: r.try_get("", "list")?,
                reason: r.try_get("", "reason")?,
                listed_on: r.try_get::<NaiveDate>("", "listed_on")?.to_string(),
                statement: r.try_get("", "statement")?,
                status: r.try_get("", "status")?,
                decision_reason: r.try_get("", "decision_reason")?,
                created_at: r.try_get::<chrono::DateTime<Utc>>("", "created_at")?.format("%Y-%m-%d").to_string(),
            })
        })
        .collect()
}

/// Pending repair applications, for officers.
pub async fn pending_repair_list<C: ConnectionTrait>(db: &C) -> Result<Vec<RepairView>, DbErr> {
    repairs(db, None, "pending").await
}

/// The organization applies for removal of one of its entries with a
/// statement of the correction made.
pub async fn apply_repair(
    db: &DatabaseConnection,
    actor: &Actor,
    org_id: i64,
    entry_id: i64,
    statement: &str,
) -> Result<(), AppError> {
    let mut e = Errors::default();
    e.required("statement", statement);
    e.max_len("statement", statement, 2000);
    e.into_result()?;
    let txn = db::begin_write(db).await?;
    let entry = credit_entry::Entity::find_by_id(entry_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    if entry.org_id != org_id {
        return Err(AppError::Forbidden);
    }
    if entry.removed_on.is_some() {
        return Err(AppError::Conflict("err_credit_not_listed".into()));
    }
    let o = organization::Entity::find_by_id(org_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let list = List::parse(&entry.list).unwrap_or(List::Abnormal);
    if let Some(why) = rules::repair_refusal(
        list,
        &entry.reason,
        entry.clock_from,
        o.status == "deregistered",
        crate::registry::service::today(),
    ) {
        return Err(AppError::Conflict(why.into()));
    }
    let written = db::exec(
        &txn,
        "INSERT INTO repair_request (entry_id, org_id, statement, status, created_at) SELECT ?, ?, ?, 'pending', ? \
         WHERE NOT EXISTS (SELECT 1 FROM repair_request WHERE entry_id = ? AND status = 'pending')",
        vec![entry_id.into(), org_id.into(), statement.trim().into(), Utc::now().into(), entry_id.into()],
    )
    .await?;
    if written == 0 {
        return Err(AppError::Conflict("err_credit_repair_pending".into()));
    }
    audit::record(
        &txn,
        actor,
        Entry {
            action: "credit_repair_apply",
            entity: "credit_entry",
            entity_id: entry_id.to_string(),
            before: None,
            after: Some(json!({"statement": statement.trim()})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// An officer approves (the entry leaves the list) or refuses (with reasons)
/// a repair application; the organization is e-mailed either way.
pub async fn decide_repair(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    approve: bool,
    reason: &str,
) -> Result<(), AppError> {
    let mut e = Errors::default();
    if !approve {
        e.required("reason", reason);
    }
    e.max_len("reason", reason, 2000);
    e.into_result()?;
    let today = crate::registry::service::today();
    let txn = db::begin_write(db).await?;
    let row = txn
        .query_one_raw(db::stmt(
            txn.get_database_backend(),
            "SELECT entry_id, org_id, status FROM repair_request WHERE id = ?",
            vec![id.into()],
        ))
        .await?
        .ok_or(AppError::NotFound)?;
    let (entry_id, org_id, status): (i64, i64, String) =
        (row.try_get("", "entry_id")?, row.try_get("", "org_id")?, row.try_get("", "status")?);
    if status != "pending" {
        return Err(AppError::Conflict("err_credit_repair_decided".into()));
    }
    db::exec(
        &txn,
        "UPDATE repair_request SET status = ?, decision_reason = ?, decided_by = ?, decided_at = ? WHERE id = ?",
        vec![
            (if approve { "approved" } else { "refused" }).into(),
            reason.trim().into(),
            actor.id.into(),
            Utc::now().into(),
            id.into(),
        ],
    )
    .await?;
    let entry = credit_entry::Entity::find_by_id(entry_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    if approve {
        let mut am: credit_entry::ActiveModel = entry.clone().into();
        am.removed_on = Set(Some(today));
        am.removal_reason = Set(Some("repaired".into()));
        am.update(&txn).await?;
    }
    let o = organization::Entity::find_by_id(org_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let (subject, body) = if approve {
        (
            format!("【{}】信用修复申请已通过", settings.bureau_name),
            format!(
                "{}：\n\n贵单位因“{}”被列入信用名单的记录已于{today}移出。\n\n{}\n",
                o.name,
                reason_zh(&entry.reason),
                settings.bureau_name
            ),
        )
    } else {
        (
            format!("【{}】信用修复申请未通过", settings.bureau_name),
            format!(
                "{}：\n\n贵单位的信用修复申请未予通过，理由：{}\n\n{}\n",
                o.name,
                reason.trim(),
                settings.bureau_name
            ),
        )
    };
    for to in crate::reports::service::org_addresses(&txn, &o).await? {
        enqueue(&txn, Mail { to, subject: subject.clone(), body: body.clone(), attachment: None }).await?;
    }
    audit::record(
        &txn,
        actor,
        Entry {
            action: if approve { "credit_repair_approve" } else { "credit_repair_refuse" },
            entity: "credit_entry",
            entity_id: entry_id.to_string(),
            before: Some(json!({"removed_on": null})),
            after: Some(json!({"approved": approve, "reason": reason.trim()})),
        },
    )
    .await?;
    rescore(&txn, settings, &[org_id], today).await?;
    txn.commit().await?;
    Ok(())
}

fn zombie_view(z: zombie_case::Model, o: Option<&organization::Model>) -> ZombieView {
    ZombieView {
        id: z.id,
        org_id: z.org_id,
        org_name: o.map(|o| o.name.clone()).unwrap_or_default(),
        credit_code: o.map(|o| o.credit_code.clone()).unwrap_or_default(),
        district: o.map(|o| o.district.clone()).unwrap_or_default(),
        status: z.status,
        missed_reports: z.missed_reports,
        unreachable: z.unreachable,
        inactive: z.inactive,
        detected_on: z.detected_on.to_string(),
        notified_on: z.notified_on.map(|d| d.to_string()),
        respond_by: z.respond_by.map(|d| d.to_string()),
        response: z.response,
        closed_on: z.closed_on.map(|d| d.to_string()),
        decision_reason: z.decision_reason,
    }
}

/// Zombie cases by status, searchable and paginated.
pub async fn zombies<C: ConnectionTrait>(db: &C, f: &ZombieFilter) -> Result<ZombiePage, DbErr> {
    let mut sql = String::from("FROM zombie_case z JOIN organization o ON o.id = z.org_id WHERE 1 = 1");
    let mut vals: Vec<Value> = Vec::new();
    if !f.status.is_empty() {
        sql.push_str(" AND z.status = ?");
        vals.push(f.status.clone().into());
    }
    db::push_name_or_code(&mut sql, &mut vals, &f.q);
    let total = db::count_from(db, &sql, vals.clone()).await?;
    let p = crate::domain::paging::Paging::new(f.page, PER_PAGE);
    let ids: Vec<i64> = db::column(
        db,
        &format!("SELECT z.id AS id {sql} ORDER BY z.detected_on DESC, z.id DESC {}", p.limit_offset()),
        vals,
        "id",
    )
    .await?;
    let cases = zombie_case::Entity::find().filter(zombie_case::Column::Id.is_in(ids.clone())).all(db).await?;
    let orgs = orgs_by_id(db, cases.iter().map(|z| z.org_id).collect()).await?;
    let mut by_id: HashMap<i64, zombie_case::Model> = cases.into_iter().map(|z| (z.id, z)).collect();
    let rows = ids
        .iter()
        .filter_map(|id| by_id.remove(id))
        .map(|z| {
            let o = orgs.get(&z.org_id).cloned();
            zombie_view(z, o.as_ref())
        })
        .collect();
    Ok(ZombiePage { rows, total: total as u64, page: p.page, per_page: PER_PAGE })
}

/// Public announcements: cleanup notices (with their deadline) and the
/// organizations whose registration was revoked or deregistered in a cleanup.
pub async fn announcements<C: ConnectionTrait>(db: &C, page: u64) -> Result<ZombiePage, DbErr> {
    let base = "FROM zombie_case z WHERE z.status IN ('notified', 'rectifying', 'revoked', 'deregistered')";
    let total = db::count_from(db, base, vec![]).await?;
    let p = crate::domain::paging::Paging::new(page, PER_PAGE);
    let ids: Vec<i64> = db::column(
        db,
        &format!("SELECT z.id AS id {base} ORDER BY z.updated_at DESC, z.id DESC {}", p.limit_offset()),
        vec![],
        "id",
    )
    .await?;
    let cases = zombie_case::Entity::find().filter(zombie_case::Column::Id.is_in(ids.clone())).all(db).await?;
    let orgs = orgs_by_id(db, cases.iter().map(|z| z.org_id).collect()).await?;
    let mut by_id: HashMap<i64, zombie_case::Model> = cases.into_iter().map(|z| (z.id, z)).collect();
    let rows = ids
        .iter()
        .filter_map(|id| by_id.remove(id))
        .map(|mut z| {
            // The public sees the notice and the outcome, not the organization's reply.
            z.response = None;
            let o = orgs.get(&z.org_id).cloned();
            zombie_view(z, o.as_ref())
        })
        .collect();
    Ok(ZombiePage { rows, total: total as u64, page: p.page, per_page: PER_PAGE })
}

/// One step on many zombie cases at once (bulk), each in the same transaction
/// with its audit record, e-mail and registry act. Returns how many moved;
/// refuses the whole batch, changing nothing, if any case cannot take the step.
pub async fn zombie_step(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    ids: &[i64],
    input: &ZombieAction,
) -> Result<u64, AppError> {
    let reason = input.reason.trim();
    let mut e = Errors::default();
    if !["notify", "dismiss", "restore", "deregister", "revoke"].contains(&input.action.as_str()) {
        e.choice("action", &input.action);
    }
    if input.action != "notify" {
        e.required("reason", reason);
    }
    e.max_len("reason", reason, 2000);
    if ids.is_empty() {
        e.add("ids", "err_zombie_none_selected");
    }
    e.into_result()?;
    let today = crate::registry::service::today();
    let txn = db::begin_write(db).await?;
    let cases = zombie_case::Entity::find().filter(zombie_case::Column::Id.is_in(ids.to_vec())).all(&txn).await?;
    if cases.len() != ids.len() {
        return Err(AppError::NotFound);
    }
    let orgs = orgs_by_id(&txn, cases.iter().map(|z| z.org_id).collect()).await?;
    for z in &cases {
        let next = rules::zombie_next(&z.status, &input.action).map_err(|k| AppError::Conflict(k.into()))?;
        if input.action == "revoke" && !rules::revocable(&z.status, z.respond_by, today) {
            return Err(AppError::Conflict("err_zombie_not_revocable".into()));
        }
        let o = orgs.get(&z.org_id).ok_or(AppError::NotFound)?;
        let mut am: zombie_case::ActiveModel = z.clone().into();
        am.status = Set(next.into());
        am.updated_at = Set(Utc::now());
        match input.action.as_str() {
            "notify" => {
                let by = rules::respond_by(today, settings.zombie_notice_days);
                am.notified_on = Set(Some(today));
                am.respond_by = Set(Some(by));
                let subject = format!("【{}】关于限期说明活动情况的通知", settings.bureau_name);
                let body = format!(
                    "{}：\n\n经核查，贵单位存在{}等情形，涉嫌长期未开展活动（“僵尸型”社会组织）。请于{by}前登录系统说明情况并报送相关材料：\
                     {}/portal/credit\n逾期未说明的，本机关将依法作出撤销登记等处理。本通知同时在本机关网站公告。\n\n{}\n",
                    o.name,
                    criteria_zh(z),
                    settings.public_url,
                    settings.bureau_name
                );
                for to in crate::reports::service::org_addresses(&txn, o).await? {
                    enqueue(&txn, Mail { to, subject: subject.clone(), body: body.clone(), attachment: None }).await?;
                }
            }
            "deregister" | "revoke" => {
                let act = crate::registry::types::ActInput {
                    act: input.action.clone(),
                    date: today.to_string(),
                    reason: reason.to_string(),
                };
                crate::registry::service::act_in(&txn, settings, actor, z.org_id, &act).await?;
                am.closed_on = Set(Some(today));
                am.decision_reason = Set(Some(reason.into()));
            }
            _ => {
                am.closed_on = Set(Some(today));
                am.decision_reason = Set(Some(reason.into()));
            }
        }
        am.update(&txn).await?;
        audit::record(
            &txn,
            actor,
            Entry {
                action: &format!("zombie_{}", input.action),
                entity: "zombie_case",
                entity_id: z.id.to_string(),
                before: Some(json!({"status": z.status})),
                after: Some(json!({"status": next, "reason": reason})),
            },
        )
        .await?;
    }
    let org_ids: Vec<i64> = cases.iter().map(|z| z.org_id).collect();
    rescore(&txn, settings, &org_ids, today).await?;
    txn.commit().await?;
    Ok(cases.len() as u64)
}

fn criteria_zh(z: &zombie_case::Model) -> String {
    let mut v = Vec::new();
    if z.missed_reports {
        v.push("连续两年未报送年度工作报告");
    }
    if z.unreachable {
        v.push("通过登记的住所无法取得联系");
    }
    if z.inactive {
        v.push("长期未开展活动且未按期换届");
    }
    v.join("、")
}

/// The organization answers a cleanup notice in the portal.
pub async fn zombie_respond(
    db: &DatabaseConnection,
    actor: &Actor,
    org_id: i64,
    response: &str,
) -> Result<(), AppError> {
    let mut e = Errors::default();
    e.required("response", response);
    e.max_len("response", response, 5000);
    e.into_result()?;
    let txn = db::begin_write(db).await?;
    let z = zombie_case::Entity::find()
        .filter(zombie_case::Column::OrgId.eq(org_id))
        .filter(zombie_case::Column::Status.eq("notified"))
        .one(&txn)
        .await?
        .ok_or(AppError::Conflict("err_zombie_no_notice".into()))?;
    let next = rules::zombie_next(&z.status, "respond").map_err(|k| AppError::Conflict(k.into()))?;
    let id = z.id;
    let mut am: zombie_case::ActiveModel = z.into();
    am.status = Set(next.into());
    am.response = Set(Some(response.trim().into()));
    am.responded_on = Set(Some(crate::registry::service::today()));
    am.updated_at = Set(Utc::now());
    am.update(&txn).await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "zombie_respond",
            entity: "zombie_case",
            entity_id: id.to_string(),
            before: Some(json!({"status": "notified"})),
            after: Some(json!({"status": next})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Organizations by credit score (lowest first by default), for officers.
pub async fn scores<C: ConnectionTrait>(db: &C, f: &ScoreFilter) -> Result<ScorePage, DbErr> {
    let mut sql = String::from(
        "FROM organization o LEFT JOIN organization_credit c ON c.org_id = o.id WHERE o.status = 'active'",
    );
    let mut vals: Vec<Value> = Vec::new();
    if !f.level.is_empty() {
        sql.push_str(" AND COALESCE(c.level, 'A') = ?");
        vals.push(f.level.clone().into());
    }
    db::push_name_or_code(&mut sql, &mut vals, &f.q);
    let backend = db.get_database_backend();
    let total = db::count_from(db, &sql, vals.clone()).await?;
    let dir = if f.sort == "desc" { "DESC" } else { "ASC" };
    let p = crate::domain::paging::Paging::new(f.page, PER_PAGE);
    let rows = db
        .query_all_raw(db::stmt(
            backend,
            &format!(
                "SELECT o.id AS id, o.name AS name, o.credit_code AS code, o.district AS district, \
                 COALESCE(c.score, 100) AS score, COALESCE(c.level, 'A') AS level {sql} \
                 ORDER BY COALESCE(c.score, 100) {dir}, o.id {}",
                p.limit_offset()
            ),
            vals,
        ))
        .await?;
    let rows = rows
        .iter()
        .map(|r| {
            Ok(ScoreRow {
                org_id: r.try_get("", "id")?,
                name: r.try_get("", "name")?,
                credit_code: r.try_get("", "code")?,
                district: r.try_get("", "district")?,
                score: r.try_get::<i32>("", "score")? as i64,
                level: r.try_get("", "level")?,
            })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    Ok(ScorePage { rows, total: total as u64, page: p.page, per_page: PER_PAGE })
}

use crate::db::count;

/// The credit KPIs: listings per month of the last twelve, list sizes, zombie
/// cases found / notified / cleared / restored, credit levels, and the share of
/// active organizations with sound governance — concluded 合格 in the last
/// concluded report, on no list, and within their term of office.
pub async fn kpis<C: ConnectionTrait>(db: &C, settings: &Settings, today: NaiveDate) -> Result<CreditKpis, DbErr> {
    let backend = db.get_database_backend();
    let month_start = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap_or(today);
    let from = month_start.checked_sub_months(chrono::Months::new(11)).unwrap_or(month_start);
    let rows = db
        .query_all_raw(db::stmt(
            backend,
            "SELECT list, listed_on, removed_on FROM credit_entry WHERE listed_on >= ? OR removed_on >= ?",
            vec![from.into(), from.into()],
        ))
        .await?;
    let mut months: std::collections::BTreeMap<String, (u64, u64, u64)> = std::collections::BTreeMap::new();
    let mut m = from;
    while m <= today {
        months.insert(m.format("%Y-%m").to_string(), (0, 0, 0));
        m = rules::add_months(m, 1);
    }
    for r in rows {
        let list: String = r.try_get("", "list")?;
        let listed: NaiveDate = r.try_get("", "listed_on")?;
        let removed: Option<NaiveDate> = r.try_get("", "removed_on")?;
        if let Some(v) = months.get_mut(&listed.format("%Y-%m").to_string()) {
            if list == "serious" {
                v.1 += 1;
            } else {
                v.0 += 1;
            }
        }
        if let Some(v) = removed.and_then(|d| months.get_mut(&d.format("%Y-%m").to_string())) {
            v.2 += 1;
        }
    }
    let open = "SELECT COUNT(*) AS n FROM credit_entry WHERE removed_on IS NULL AND list = ?";
    let abnormal_now = count(db, open, vec!["abnormal".into()]).await?;
    let serious_now = count(db, open, vec!["serious".into()]).await?;
    let zc = "SELECT COUNT(*) AS n FROM zombie_case WHERE status IN";
    let zombies_found = count(db, "SELECT COUNT(*) AS n FROM zombie_case", vec![]).await?;
    let zombies_notified = count(db, &format!("{zc} ('notified', 'rectifying')"), vec![]).await?;
    let zombies_cleared = count(db, &format!("{zc} ('revoked', 'deregistered')"), vec![]).await?;
    let zombies_restored = count(db, &format!("{zc} ('restored')"), vec![]).await?;
    let active_orgs = count(db, "SELECT COUNT(*) AS n FROM organization WHERE status = 'active'", vec![]).await?;
    let sound_governance = count(
        db,
        "SELECT COUNT(*) AS n FROM organization o WHERE o.status = 'active' AND o.term_end >= ? \
         AND NOT EXISTS (SELECT 1 FROM credit_entry e WHERE e.org_id = o.id AND e.removed_on IS NULL) \
         AND EXISTS (SELECT 1 FROM annual_report r WHERE r.org_id = o.id AND r.status = 'concluded' \
         AND r.conclusion = 'qualified' AND r.report_year = (SELECT MAX(r2.report_year) FROM annual_report r2 \
         WHERE r2.org_id = o.id AND r2.status = 'concluded'))",
        vec![today.into()],
    )
    .await?;
    let mut levels = Vec::new();
    for level in ["A", "B", "C", "D"] {
        let n = count(
            db,
            "SELECT COUNT(*) AS n FROM organization o LEFT JOIN organization_credit c ON c.org_id = o.id \
             WHERE o.status = 'active' AND COALESCE(c.level, 'A') = ?",
            vec![level.into()],
        )
        .await?;
        levels.push((level.to_string(), n));
    }
    let runs = db
        .query_all_raw(db::stmt(
            backend,
            "SELECT job, run_on, counts_json FROM job_run ORDER BY id DESC LIMIT 10",
            vec![],
        ))
        .await?;
    let last_runs = runs
        .iter()
        .map(|r| {
            Ok((
                r.try_get::<String>("", "job")?,
                r.try_get::<NaiveDate>("", "run_on")?.to_string(),
                r.try_get::<String>("", "counts_json")?,
            ))
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    Ok(CreditKpis {
        by_month: months.into_iter().map(|(k, (a, s, r))| (k, a, s, r)).collect(),
        abnormal_now,
        serious_now,
        zombies_found,
        zombies_notified,
        zombies_cleared,
        zombies_restored,
        active_orgs,
        sound_governance,
        governance_target: settings.governance_target,
        levels,
        last_runs,
    })
}
