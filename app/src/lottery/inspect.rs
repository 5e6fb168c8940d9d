//! Risk inspections of outlets (风险隐患排查): the checklist's failed items
//! become findings with a rectification deadline; the follow-up records the
//! rectification or suspends the outlet's sales until it rectifies.

use crate::domain::paging::Paging;
use chrono::{NaiveDate, Utc};
use entity::{lottery_finding, lottery_inspection, lottery_outlet};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryResult, Set, Value};
use serde_json::json;

use super::service::{act_in, like, parse_date, MAX_TEXT};
use super::types::*;
use crate::audit::service::{self as audit, Actor, Entry};
use crate::db;
use crate::domain::lottery::{self as rules, Action, Status, CHECKLIST};
use crate::error::{AppError, Errors};
use crate::state::Settings;

/// Records an inspection of outlet `outlet_id` with its findings.
pub async fn record(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    outlet_id: i64,
    input: &InspectionInput,
    today: NaiveDate,
) -> Result<i64, AppError> {
    let mut e = Errors::default();
    let on = parse_date(&mut e, "inspected_on", &input.inspected_on, today);
    let inspector = input.inspector.trim();
    e.required("inspector", inspector);
    e.line("inspector", inspector, 100);
    let note = input.note.trim();
    e.max_len("note", note, MAX_TEXT);
    let mut items: Vec<&'static str> = Vec::new();
    for key in input.items.iter().flatten().map(|(k, _)| k) {
        match CHECKLIST.iter().find(|c| **c == key.as_str()) {
            Some(c) => items.push(c),
            None => e.add("items", "err_invalid_choice"),
        }
    }
    items.sort_by_key(|i| CHECKLIST.iter().position(|c| c == i));
    items.dedup();
    if !items.is_empty() {
        e.required("note", note);
    }
    let deadline = match (on, input.deadline.trim()) {
        (_, _) if items.is_empty() => None,
        (Some(on), "") => Some(on + chrono::Days::new(settings.lottery_rectify_days)),
        (on, raw) => {
            let raw = crate::domain::input::normalize_date(raw);
            match (on, e.date("deadline", &raw)) {
                (Some(on), Some(d)) => match rules::check_deadline(on, d) {
                    Ok(()) => Some(d),
                    Err(k) => {
                        e.add("deadline", k);
                        None
                    }
                },
                (None, d) => d,
                (_, None) => None,
            }
        }
    };
    e.into_result()?;
    let on = on.ok_or(AppError::Internal)?;
    let txn = db::begin_write(db).await?;
    let o = lottery_outlet::Entity::find_by_id(outlet_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    if o.status == Status::Closed.as_str() {
        return Err(AppError::Conflict("lot_err_closed".into()));
    }
    let status = if items.is_empty() { "clean" } else { "open" };
    let ins = lottery_inspection::ActiveModel {
        outlet_id: Set(outlet_id),
        inspected_on: Set(on),
        inspector: Set(inspector.into()),
        note: Set(note.into()),
        deadline: Set(deadline),
        status: Set(status.into()),
        follow_up: Set(String::new()),
        rectified_on: Set(None),
        created_by: Set(actor.id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for item in &items {
        lottery_finding::ActiveModel {
            inspection_id: Set(ins.id),
            outlet_id: Set(outlet_id),
            item: Set(item.to_string()),
            prohibited: Set(rules::is_prohibited(item)),
            found_on: Set(on),
            rectified: Set(false),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    audit::record(
        &txn,
        actor,
        Entry {
            action: "lottery_inspect",
            entity: "lottery_inspection",
            entity_id: ins.id.to_string(),
            before: None,
            after: Some(json!({"outlet": outlet_id, "on": on, "findings": items, "deadline": deadline})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(ins.id)
}

/// The follow-up of an open inspection; returns the outlet's id.
pub async fn follow_up(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    input: &FollowUpInput,
    today: NaiveDate,
) -> Result<i64, AppError> {
    let mut e = Errors::default();
    let result = input.result.trim();
    if !["rectified", "suspend"].contains(&result) {
        e.choice("result", result);
    }
    let date = parse_date(&mut e, "date", &input.date, today);
    let note = input.note.trim();
    e.required("note", note);
    e.max_len("note", note, MAX_TEXT);
    e.into_result()?;
    let date = date.ok_or(AppError::Internal)?;
    let txn = db::begin_write(db).await?;
    let ins = lottery_inspection::Entity::find_by_id(id).one(&txn).await?.ok_or(AppError::NotFound)?;
    if ins.status != "open" {
        return Err(AppError::Conflict("lot_err_not_open".into()));
    }
    if date < ins.inspected_on {
        return Err(AppError::field("date", "lot_err_before_inspection"));
    }
    let outlet_id = ins.outlet_id;
    let log =
        if ins.follow_up.is_empty() { format!("{date} {note}") } else { format!("{}\n{date} {note}", ins.follow_up) };
    let mut am: lottery_inspection::ActiveModel = ins.into();
    am.follow_up = Set(log);
    if result == "rectified" {
        am.status = Set("rectified".into());
        am.rectified_on = Set(Some(date));
        db::exec(
            &txn,
            "UPDATE lottery_finding SET rectified = ? WHERE inspection_id = ?",
            vec![true.into(), id.into()],
        )
        .await?;
    } else {
        let o = lottery_outlet::Entity::find_by_id(outlet_id).one(&txn).await?.ok_or(AppError::NotFound)?;
        if o.status == Status::Open.as_str() {
            act_in(&txn, actor, o, Action::Suspend, date, note).await?;
        } else if o.status == Status::Closed.as_str() {
            return Err(AppError::Conflict("lot_err_closed".into()));
        }
    }
    am.update(&txn).await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "lottery_follow_up",
            entity: "lottery_inspection",
            entity_id: id.to_string(),
            before: None,
            after: Some(json!({"result": result, "date": date, "note": note})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(outlet_id)
}

const SELECT: &str = "SELECT i.id AS id, i.outlet_id AS outlet_id, o.outlet_no AS outlet_no, o.name AS name, \
     o.district AS district, i.inspected_on AS inspected_on, i.inspector AS inspector, i.note AS note, \
     i.deadline AS deadline, i.status AS status, i.follow_up AS follow_up, i.rectified_on AS rectified_on \
     FROM lottery_inspection i JOIN lottery_outlet o ON o.id = i.outlet_id";

async fn views<C: ConnectionTrait>(
    db: &C,
    rows: &[QueryResult],
    today: NaiveDate,
) -> Result<Vec<InspectionView>, DbErr> {
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let id: i64 = r.try_get("", "id")?;
        let deadline: Option<NaiveDate> = r.try_get("", "deadline")?;
        let status: String = r.try_get("", "status")?;
        let findings = db
            .query_all_raw(db::stmt(
                db.get_database_backend(),
                "SELECT item FROM lottery_finding WHERE inspection_id = ? ORDER BY id",
                vec![id.into()],
            ))
            .await?
            .iter()
            .map(|f| f.try_get::<String>("", "item"))
            .collect::<Result<Vec<_>, _>>()?;
        out.push(InspectionView {
            id,
            outlet_id: r.try_get("", "outlet_id")?,
            outlet_no: r.try_get("", "outlet_no")?,
            outlet_name: r.try_get("", "name")?,
            district: r.try_get("", "district")?,
            inspected_on: r.try_get::<NaiveDate>("", "inspected_on")?.to_string(),
            inspector: r.try_get("", "inspector")?,
            note: r.try_get("", "note")?,
            deadline: deadline.map(|d| d.to_string()),
            overdue: status == "open" && rules::overdue(deadline, false, today),
            status,
            follow_up: r.try_get("", "follow_up")?,
            rectified_on: r.try_get::<Option<NaiveDate>>("", "rectified_on")?.map(|d| d.to_string()),
            findings,
        });
    }
    Ok(out)
}

/// An outlet's inspections, latest first.
pub async fn of_outlet<C: ConnectionTrait>(
    db: &C,
    outlet_id: i64,
    today: NaiveDate,
) -> Result<Vec<InspectionView>, DbErr> {
    let sql = format!("{SELECT} WHERE i.outlet_id = ? ORDER BY i.inspected_on DESC, i.id DESC");
    let rows = db.query_all_raw(db::stmt(db.get_database_backend(), &sql, vec![outlet_id.into()])).await?;
    views(db, &rows, today).await
}

fn where_of(f: &InspectionFilter, today: NaiveDate) -> (String, Vec<Value>) {
    let mut sql = String::from(" WHERE 1 = 1");
    let mut vals: Vec<Value> = Vec::new();
    match f.status.as_str() {
        "overdue" => {
            sql.push_str(" AND i.status = 'open' AND i.deadline < ?");
            vals.push(today.into());
        }
        s @ ("open" | "clean" | "rectified") => {
            sql.push_str(" AND i.status = ?");
            vals.push(s.to_string().into());
        }
        _ => {}
    }
    if !f.q.trim().is_empty() {
        sql.push_str(" AND (o.name LIKE ? ESCAPE '!' OR o.outlet_no LIKE ? ESCAPE '!')");
        vals.push(like(&f.q).into());
        vals.push(like(&f.q).into());
    }
    (sql, vals)
}

/// Inspections of every outlet, latest first.
pub async fn list<C: ConnectionTrait>(db: &C, f: &InspectionFilter, today: NaiveDate) -> Result<InspectionPage, DbErr> {
    let (w, vals) = where_of(f, today);
    let total = db::count_from(
        db,
        &format!("FROM lottery_inspection i JOIN lottery_outlet o ON o.id = i.outlet_id{w}"),
        vals.clone(),
    )
    .await?;
    let p = Paging::new(f.page, PER_PAGE);
    let sql = format!("{SELECT}{w} ORDER BY i.inspected_on DESC, i.id DESC {}", p.limit_offset());
    let rows = db.query_all_raw(db::stmt(db.get_database_backend(), &sql, vals)).await?;
    Ok(InspectionPage { rows: views(db, &rows, today).await?, total: total as u64, page: p.page, per_page: PER_PAGE })
}

pub const CSV_HEADER: [&str; 10] =
    ["网点编号", "网点名称", "区", "检查日期", "检查人", "发现问题", "整改期限", "状态", "整改日期", "跟踪记录"];

/// A batch of inspections as CSV rows after inspection id `after`.
pub async fn csv_batch<C: ConnectionTrait>(
    db: &C,
    f: &InspectionFilter,
    today: NaiveDate,
    after: i64,
    batch: u64,
) -> Result<(Vec<u8>, Option<i64>), DbErr> {
    let (w, mut vals) = where_of(f, today);
    vals.push(after.into());
    let sql = format!("{SELECT}{w} AND i.id > ? ORDER BY i.id LIMIT {batch}");
    let rows = db.query_all_raw(db::stmt(db.get_database_backend(), &sql, vals)).await?;
    let list = views(db, &rows, today).await?;
    let mut out = crate::kernel::csv::CsvRows::new();
    let last = list.last().map(|v| v.id);
    for v in list {
        let status = match v.status.as_str() {
            "clean" => "未发现问题",
            "rectified" => "已整改",
            _ if v.overdue => "逾期未整改",
            _ => "整改中",
        };
        out.push([
            v.outlet_no,
            v.outlet_name,
            v.district,
            v.inspected_on,
            v.inspector,
            v.findings
                .iter()
                .map(|f| crate::i18n::named(crate::i18n::Lang::Zh, &format!("lot_item_{f}")).unwrap_or(f))
                .collect::<Vec<_>>()
                .join("、"),
            v.deadline.unwrap_or_default(),
            status.to_string(),
            v.rectified_on.unwrap_or_default(),
            v.follow_up,
        ])?;
    }
    Ok((out.finish()?, last))
}
