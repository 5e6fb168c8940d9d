//! Queries and transactions of the outlet registry: checks of an outlet's
//! items, creation, changes and status actions with their history, lists and
//! the CSV export, the outlet's page with its sales trend, the public finder
//! with its plot, and the KPIs. Every write runs in one transaction with its
//! audit record. Gradings live in [`super::grading`], inspections in
//! [`super::inspect`], CSV imports in [`super::import`].

use std::collections::HashMap;

use crate::domain::paging::Paging;
use chrono::{Datelike, NaiveDate, Utc};
use entity::{lottery_outlet, lottery_outlet_event};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QueryResult, Set, Value,
};
use serde_json::json;

use super::types::*;
use crate::audit::service::{self as audit, Actor, Entry};
use crate::db;
use crate::domain::lottery::{self as rules, Action, Status, GAMES};
use crate::error::{AppError, Errors, FieldError};
use crate::state::Settings;

pub use crate::domain::input::MAX_TEXT;

pub(crate) use crate::db::like;

/// A required date not after `today`, typed as the imports accept it
/// (`2026/1/5` too), through the one input layer.
pub(crate) fn parse_date(e: &mut Errors, field: &str, raw: &str, today: NaiveDate) -> Option<NaiveDate> {
    e.past_date(field, &crate::domain::input::normalize_date(raw.trim()), today)
}

/// An outlet's items after the checks.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidOutlet {
    pub outlet_no: String,
    pub name: String,
    pub address: String,
    pub district: String,
    pub lng_e6: i64,
    pub lat_e6: i64,
    pub operator_kind: String,
    pub operator_name: String,
    pub contact_person: String,
    pub contact_phone: String,
    pub terminals: String,
    pub opened_on: NaiveDate,
}

impl ValidOutlet {
    /// Writes these items over an outlet's (its number too; the same number
    /// when the import matched by it) and stamps the change.
    pub(crate) fn apply(&self, am: &mut lottery_outlet::ActiveModel) {
        am.outlet_no = Set(self.outlet_no.clone());
        am.name = Set(self.name.clone());
        am.address = Set(self.address.clone());
        am.district = Set(self.district.clone());
        am.lng_e6 = Set(self.lng_e6);
        am.lat_e6 = Set(self.lat_e6);
        am.operator_kind = Set(self.operator_kind.clone());
        am.operator_name = Set(self.operator_name.clone());
        am.contact_person = Set(self.contact_person.clone());
        am.contact_phone = Set(self.contact_phone.clone());
        am.terminals = Set(self.terminals.clone());
        am.opened_on = Set(self.opened_on);
        am.updated_at = Set(Utc::now());
    }
}

/// Checks every item of an outlet at once (pure).
pub fn validate(input: &OutletInput, districts: &[String], today: NaiveDate) -> Result<ValidOutlet, Vec<FieldError>> {
    let mut e = Errors::default();
    let outlet_no = rules::check_outlet_no(&input.outlet_no).map_err(|k| e.add("outlet_no", k)).ok();
    for (field, value, max) in [
        ("name", &input.name, 100),
        ("address", &input.address, 200),
        ("operator_name", &input.operator_name, 100),
        ("contact_person", &input.contact_person, 50),
        ("contact_phone", &input.contact_phone, 30),
    ] {
        e.required(field, value);
        e.line(field, value, max);
    }
    let phone = input.contact_phone.trim();
    if !phone.is_empty() && !phone.chars().all(|c| c.is_ascii_digit() || c == '-' || c == ' ' || c == '+') {
        e.add("contact_phone", "lot_err_phone");
    }
    let district = input.district.trim();
    if !districts.iter().any(|d| d == district) {
        e.choice("district", district);
    }
    let lng =
        rules::parse_degrees(&input.lng, rules::LNG_RANGE.0, rules::LNG_RANGE.1).map_err(|k| e.add("lng", k)).ok();
    let lat =
        rules::parse_degrees(&input.lat, rules::LAT_RANGE.0, rules::LAT_RANGE.1).map_err(|k| e.add("lat", k)).ok();
    let kind = input.operator_kind.trim();
    let kind = match kind {
        "person" | "个人" => "person",
        "company" | "单位" | "企业" => "company",
        "" => {
            e.add("operator_kind", "err_choose");
            ""
        }
        _ => {
            e.add("operator_kind", "err_invalid_choice");
            ""
        }
    };
    let terminals = rules::parse_terminals(&input.terminals).map_err(|k| e.add("terminals", k)).ok();
    let opened_on = parse_date(&mut e, "opened_on", &input.opened_on, today);
    if !e.0.is_empty() {
        return Err(e.0);
    }
    let (Some(outlet_no), Some(lng_e6), Some(lat_e6), Some(terminals), Some(opened_on)) =
        (outlet_no, lng, lat, terminals, opened_on)
    else {
        return Err(vec![FieldError::new("outlet_no", "err_internal")]);
    };
    Ok(ValidOutlet {
        outlet_no,
        name: input.name.trim().to_string(),
        address: input.address.trim().to_string(),
        district: district.to_string(),
        lng_e6,
        lat_e6,
        operator_kind: kind.to_string(),
        operator_name: input.operator_name.trim().to_string(),
        contact_person: input.contact_person.trim().to_string(),
        contact_phone: phone.to_string(),
        terminals,
        opened_on,
    })
}

fn snapshot(o: &lottery_outlet::Model) -> serde_json::Value {
    json!({
        "outlet_no": o.outlet_no, "name": o.name, "address": o.address, "district": o.district,
        "lng": rules::show_degrees(o.lng_e6), "lat": rules::show_degrees(o.lat_e6),
        "operator_kind": o.operator_kind, "operator_name": o.operator_name,
        "contact_person": o.contact_person, "contact_phone": o.contact_phone,
        "terminals": o.terminals, "opened_on": o.opened_on.to_string(), "status": o.status,
    })
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn add_event<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    outlet_id: i64,
    kind: &str,
    date: NaiveDate,
    from: Option<&str>,
    to: &str,
    note: &str,
    changes: &str,
) -> Result<(), DbErr> {
    lottery_outlet_event::ActiveModel {
        outlet_id: Set(outlet_id),
        kind: Set(kind.into()),
        event_date: Set(date),
        from_status: Set(from.map(str::to_string)),
        to_status: Set(to.into()),
        note: Set(note.into()),
        changes: Set(changes.into()),
        actor_id: Set(actor.id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Inserts a checked outlet with its `status`, its first event and audit record.
pub(crate) async fn insert<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    v: &ValidOutlet,
    status: Status,
    event: &str,
    today: NaiveDate,
) -> Result<lottery_outlet::Model, DbErr> {
    let now = Utc::now();
    let o = lottery_outlet::ActiveModel {
        outlet_no: Set(v.outlet_no.clone()),
        name: Set(v.name.clone()),
        address: Set(v.address.clone()),
        district: Set(v.district.clone()),
        lng_e6: Set(v.lng_e6),
        lat_e6: Set(v.lat_e6),
        operator_kind: Set(v.operator_kind.clone()),
        operator_name: Set(v.operator_name.clone()),
        contact_person: Set(v.contact_person.clone()),
        contact_phone: Set(v.contact_phone.clone()),
        terminals: Set(v.terminals.clone()),
        opened_on: Set(v.opened_on),
        status: Set(status.as_str().into()),
        status_since: Set(if status == Status::Open { v.opened_on } else { today }),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    add_event(db, actor, o.id, event, v.opened_on, None, status.as_str(), "", "").await?;
    Ok(o)
}

/// Registers a new outlet (open from its opening date).
pub async fn create(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    input: &OutletInput,
    today: NaiveDate,
) -> Result<i64, AppError> {
    let v = validate(input, &settings.districts, today).map_err(AppError::Validation)?;
    let txn = db::begin_write(db).await?;
    let taken = lottery_outlet::Entity::find()
        .filter(lottery_outlet::Column::OutletNo.eq(v.outlet_no.clone()))
        .one(&txn)
        .await?;
    if taken.is_some() {
        return Err(AppError::field("outlet_no", "lot_err_outlet_no_taken"));
    }
    let o = insert(&txn, actor, &v, Status::Open, "create", today).await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "lottery_outlet_create",
            entity: "lottery_outlet",
            entity_id: o.id.to_string(),
            before: None,
            after: Some(snapshot(&o)),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(o.id)
}

/// Changes an outlet's registered items (not its status); the history keeps
/// the fields changed with their old and new values.
pub async fn change(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    input: &OutletInput,
    today: NaiveDate,
) -> Result<(), AppError> {
    let v = validate(input, &settings.districts, today).map_err(AppError::Validation)?;
    let txn = db::begin_write(db).await?;
    let o = lottery_outlet::Entity::find_by_id(id).one(&txn).await?.ok_or(AppError::NotFound)?;
    if o.status == Status::Closed.as_str() {
        return Err(AppError::Conflict("lot_err_closed".into()));
    }
    if v.outlet_no != o.outlet_no {
        let taken = lottery_outlet::Entity::find()
            .filter(lottery_outlet::Column::OutletNo.eq(v.outlet_no.clone()))
            .one(&txn)
            .await?;
        if taken.is_some() {
            return Err(AppError::field("outlet_no", "lot_err_outlet_no_taken"));
        }
    }
    let before = snapshot(&o);
    let mut am: lottery_outlet::ActiveModel = o.clone().into();
    v.apply(&mut am);
    let new = am.update(&txn).await?;
    let after = snapshot(&new);
    let changed: Vec<String> = after
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(k, val)| before.get(k.as_str()) != Some(val))
        .map(|(k, val)| {
            format!(
                "{k}: {} → {}",
                before.get(k.as_str()).and_then(|b| b.as_str()).unwrap_or(""),
                val.as_str().unwrap_or("")
            )
        })
        .collect();
    if changed.is_empty() {
        return Err(AppError::Conflict("lot_err_nothing_changed".into()));
    }
    add_event(&txn, actor, id, "change", today, Some(&new.status), &new.status, "", &changed.join("; ")).await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "lottery_outlet_change",
            entity: "lottery_outlet",
            entity_id: id.to_string(),
            before: Some(before),
            after: Some(after),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Suspends, resumes or closes an outlet inside `txn`.
pub(crate) async fn act_in<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    o: lottery_outlet::Model,
    action: Action,
    date: NaiveDate,
    note: &str,
) -> Result<Status, AppError> {
    let from = Status::parse(&o.status).ok_or(AppError::Internal)?;
    let to = rules::next(from, action).map_err(|k| AppError::Conflict(k.into()))?;
    let id = o.id;
    let mut am: lottery_outlet::ActiveModel = o.into();
    am.status = Set(to.as_str().into());
    am.status_since = Set(date);
    am.updated_at = Set(Utc::now());
    am.update(txn).await?;
    add_event(txn, actor, id, action.as_str(), date, Some(from.as_str()), to.as_str(), note, "").await?;
    Ok(to)
}

/// Suspends, resumes or closes an outlet, with the date and the reason.
pub async fn act(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    input: &StatusInput,
    today: NaiveDate,
) -> Result<(), AppError> {
    let mut e = Errors::default();
    let action = Action::parse(&input.action);
    if action.is_none() {
        e.choice("action", &input.action);
    }
    let date = parse_date(&mut e, "date", &input.date, today);
    let note = input.note.trim();
    e.required("note", note);
    e.max_len("note", note, MAX_TEXT);
    e.into_result()?;
    let (Some(action), Some(date)) = (action, date) else { return Err(AppError::Internal) };
    let txn = db::begin_write(db).await?;
    let o = lottery_outlet::Entity::find_by_id(id).one(&txn).await?.ok_or(AppError::NotFound)?;
    if date < o.status_since {
        return Err(AppError::field("date", "lot_err_date_before_status"));
    }
    let from = o.status.clone();
    let to = act_in(&txn, actor, o, action, date, note).await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "lottery_outlet_status",
            entity: "lottery_outlet",
            entity_id: id.to_string(),
            before: Some(json!({"status": from})),
            after: Some(json!({"status": to.as_str(), "action": action.as_str(), "date": date, "note": note})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

// ---- lists ----

fn outlets_where(f: &OutletFilter, public: bool) -> (String, Vec<Value>) {
    let mut sql = String::from("FROM lottery_outlet o WHERE 1 = 1");
    let mut vals: Vec<Value> = Vec::new();
    if public {
        sql.push_str(" AND o.status = 'open'");
    } else if let Some(s) = Status::parse(&f.status) {
        sql.push_str(" AND o.status = ?");
        vals.push(s.as_str().into());
    }
    if !f.district.trim().is_empty() {
        sql.push_str(" AND o.district = ?");
        vals.push(f.district.trim().to_string().into());
    }
    if !f.q.trim().is_empty() {
        sql.push_str(" AND (o.name LIKE ? ESCAPE '!' OR o.outlet_no LIKE ? ESCAPE '!' OR o.address LIKE ? ESCAPE '!')");
        for _ in 0..3 {
            vals.push(like(&f.q).into());
        }
    }
    (sql, vals)
}

/// The latest published grading's columns of an outlet `o`.
const LATEST_GRADE: &str = "(SELECT g.grade FROM lottery_grading g WHERE g.outlet_id = o.id AND g.published = ? \
     ORDER BY g.year DESC LIMIT 1) AS grade, \
     (SELECT g.year FROM lottery_grading g WHERE g.outlet_id = o.id AND g.published = ? ORDER BY g.year DESC LIMIT 1) AS grade_year, \
     (SELECT COUNT(*) FROM lottery_grading g WHERE g.outlet_id = o.id AND g.published = ? AND g.excellent = ? \
     AND g.year = (SELECT MAX(g2.year) FROM lottery_grading g2 WHERE g2.outlet_id = o.id AND g2.published = ?)) AS excellent";

fn grade_vals() -> Vec<Value> {
    vec![true.into(), true.into(), true.into(), true.into(), true.into()]
}

fn row_of(r: &QueryResult) -> Result<OutletRow, DbErr> {
    Ok(OutletRow {
        id: r.try_get("", "id")?,
        outlet_no: r.try_get("", "outlet_no")?,
        name: r.try_get("", "name")?,
        address: r.try_get("", "address")?,
        district: r.try_get("", "district")?,
        status: r.try_get("", "status")?,
        operator_name: r.try_get("", "operator_name")?,
        grade: r.try_get("", "grade")?,
        grade_year: r.try_get::<Option<i32>>("", "grade_year")?,
        excellent: r.try_get::<i64>("", "excellent")? > 0,
    })
}

/// A page of outlets by outlet number; `public` lists open outlets only.
pub async fn outlets<C: ConnectionTrait>(db: &C, f: &OutletFilter, public: bool) -> Result<OutletPage, DbErr> {
    let (from_where, vals) = outlets_where(f, public);
    let total = db::count_from(db, &from_where, vals.clone()).await?;
    let mut all = grade_vals();
    all.extend(vals);
    let p = Paging::new(f.page, PER_PAGE);
    let sql = format!(
        "SELECT o.id AS id, o.outlet_no AS outlet_no, o.name AS name, o.address AS address, o.district AS district, \
         o.status AS status, o.operator_name AS operator_name, {LATEST_GRADE} {from_where} \
         ORDER BY o.outlet_no {}",
        p.limit_offset()
    );
    let rows = db.query_all_raw(db::stmt(db.get_database_backend(), &sql, all)).await?;
    Ok(OutletPage {
        rows: rows.iter().map(row_of).collect::<Result<_, _>>()?,
        total: total as u64,
        page: p.page,
        per_page: PER_PAGE,
    })
}

/// Header of the outlet export: the import's columns, so a file can go back in.
pub fn csv_header() -> Vec<&'static str> {
    OUTLET_COLUMNS.iter().map(|(h, _)| *h).collect()
}

/// Header of the public export: no contacts.
pub const PUBLIC_CSV_HEADER: [&str; 7] = ["网点编号", "网点名称", "地址", "区", "经度", "纬度", "星级"];

/// A batch of the outlet list as CSV rows after outlet id `after`.
pub async fn csv_batch<C: ConnectionTrait>(
    db: &C,
    f: &OutletFilter,
    public: bool,
    after: i64,
    batch: u64,
) -> Result<(Vec<u8>, Option<i64>), DbErr> {
    let (from_where, vals) = outlets_where(f, public);
    let mut all = grade_vals();
    all.extend(vals);
    all.push(after.into());
    let sql = format!(
        "SELECT o.id AS id, o.outlet_no AS outlet_no, o.name AS name, o.address AS address, o.district AS district, \
         o.lng_e6 AS lng, o.lat_e6 AS lat, o.operator_kind AS kind, o.operator_name AS operator_name, \
         o.contact_person AS cp, o.contact_phone AS phone, o.terminals AS terminals, o.opened_on AS opened_on, \
         o.status AS status, {LATEST_GRADE} {from_where} AND o.id > ? ORDER BY o.id LIMIT {batch}"
    );
    let rows = db.query_all_raw(db::stmt(db.get_database_backend(), &sql, all)).await?;
    let mut w = crate::kernel::csv::CsvRows::new();
    let mut last = None;
    for r in &rows {
        last = Some(r.try_get::<i64>("", "id")?);
        let lng = rules::show_degrees(r.try_get("", "lng")?);
        let lat = rules::show_degrees(r.try_get("", "lat")?);
        if public {
            let grade: Option<String> = r.try_get("", "grade")?;
            w.push([
                r.try_get::<String>("", "outlet_no")?,
                r.try_get("", "name")?,
                r.try_get("", "address")?,
                r.try_get("", "district")?,
                lng,
                lat,
                grade.and_then(|g| rules::Grade::parse(&g)).map(|g| g.stars().to_string()).unwrap_or_default(),
            ])?;
        } else {
            let kind: String = r.try_get("", "kind")?;
            let status: String = r.try_get("", "status")?;
            w.push([
                r.try_get::<String>("", "outlet_no")?,
                r.try_get("", "name")?,
                r.try_get("", "address")?,
                r.try_get("", "district")?,
                lng,
                lat,
                if kind == "company" { "单位".into() } else { "个人".into() },
                r.try_get("", "operator_name")?,
                r.try_get("", "cp")?,
                r.try_get("", "phone")?,
                r.try_get("", "terminals")?,
                r.try_get::<NaiveDate>("", "opened_on")?.to_string(),
                Status::parse(&status).map(|s| s.zh().to_string()).unwrap_or(status),
            ])?;
        }
    }
    Ok((w.finish()?, last))
}

// ---- one outlet ----

pub(crate) fn input_of(o: &lottery_outlet::Model) -> OutletInput {
    OutletInput {
        outlet_no: o.outlet_no.clone(),
        name: o.name.clone(),
        address: o.address.clone(),
        district: o.district.clone(),
        lng: rules::show_degrees(o.lng_e6),
        lat: rules::show_degrees(o.lat_e6),
        operator_kind: o.operator_kind.clone(),
        operator_name: o.operator_name.clone(),
        contact_person: o.contact_person.clone(),
        contact_phone: o.contact_phone.clone(),
        terminals: o.terminals.clone(),
        opened_on: o.opened_on.to_string(),
    }
}

/// Monthly sales totals and per game of the rows `(month, game, fen)`, oldest
/// first, the last `keep` months only.
pub(crate) fn months_of(rows: &[(String, String, i64)], keep: usize) -> Vec<MonthSales> {
    let mut out: Vec<MonthSales> = Vec::new();
    for (month, game, fen) in rows {
        if out.last().map(|m| &m.month) != Some(month) {
            out.push(MonthSales { month: month.clone(), total_fen: 0, by_game: vec![0; GAMES.len()] });
        }
        let m = out.last_mut().expect("pushed above");
        m.total_fen += fen;
        if let Some(i) = GAMES.iter().position(|(code, _)| code == game) {
            m.by_game[i] += fen;
        }
    }
    let skip = out.len().saturating_sub(keep);
    out.split_off(skip)
}

async fn sales_rows<C: ConnectionTrait>(db: &C, outlet: Option<i64>) -> Result<Vec<(String, String, i64)>, DbErr> {
    let (filter, vals): (&str, Vec<Value>) = match outlet {
        Some(id) => ("WHERE outlet_id = ?", vec![id.into()]),
        None => ("", vec![]),
    };
    let sql = format!(
        "SELECT month, game, CAST(SUM(amount_fen) AS BIGINT) AS fen FROM lottery_sales {filter} \
         GROUP BY month, game ORDER BY month, game"
    );
    let rows = db.query_all_raw(db::stmt(db.get_database_backend(), &sql, vals)).await?;
    rows.iter().map(|r| Ok((r.try_get("", "month")?, r.try_get("", "game")?, r.try_get("", "fen")?))).collect()
}

/// An outlet with its history, sales of the last 24 months, gradings and inspections.
pub async fn outlet<C: ConnectionTrait>(db: &C, id: i64, today: NaiveDate) -> Result<OutletView, AppError> {
    let o = lottery_outlet::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    let events = lottery_outlet_event::Entity::find()
        .filter(lottery_outlet_event::Column::OutletId.eq(id))
        .order_by_asc(lottery_outlet_event::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|e| EventView {
            kind: e.kind,
            event_date: e.event_date.to_string(),
            from_status: e.from_status,
            to_status: e.to_status,
            note: e.note,
            changes: e.changes,
        })
        .collect();
    let sales = months_of(&sales_rows(db, Some(id)).await?, 24);
    Ok(OutletView {
        id,
        input: input_of(&o),
        status: o.status.clone(),
        status_since: o.status_since.to_string(),
        events,
        sales,
        gradings: super::grading::of_outlet(db, id).await?,
        inspections: super::inspect::of_outlet(db, id, today).await?,
        grading_year: grading_year(today),
    })
}

// ---- public finder ----

/// Scales points `(id, name, lng, lat, grade)` into the plot, north up, keeping
/// the aspect of degrees near the city's latitude and a margin of 20 units.
pub fn plot(points: &[(i64, String, i64, i64, Option<String>)]) -> Vec<MapPoint> {
    if points.is_empty() {
        return Vec::new();
    }
    let (min_x, max_x) = points.iter().fold((i64::MAX, i64::MIN), |(a, b), p| (a.min(p.2), b.max(p.2)));
    let (min_y, max_y) = points.iter().fold((i64::MAX, i64::MIN), |(a, b), p| (a.min(p.3), b.max(p.3)));
    let margin = 20i64;
    let (w, h) = (MAP_W as i64 - 2 * margin, MAP_H as i64 - 2 * margin);
    let span = (max_x - min_x).max(max_y - min_y).max(1);
    let scale_w = |d: i64| d * w.min(h) / span;
    points
        .iter()
        .map(|(id, name, lng, lat, grade)| MapPoint {
            id: *id,
            name: name.clone(),
            x: (margin + (w - scale_w(max_x - min_x)) / 2 + scale_w(lng - min_x)) as u32,
            y: (margin + (h - scale_w(max_y - min_y)) / 2 + scale_w(max_y - lat)) as u32,
            grade: grade.clone(),
        })
        .collect()
}

/// The public finder: a page of open outlets and every match on the plot.
pub async fn public<C: ConnectionTrait>(db: &C, settings: &Settings, f: &OutletFilter) -> Result<PublicPage, DbErr> {
    let list = outlets(db, f, true).await?;
    let (from_where, vals) = outlets_where(f, true);
    let mut all = grade_vals();
    all.extend(vals);
    let sql = format!(
        "SELECT o.id AS id, o.name AS name, o.lng_e6 AS lng, o.lat_e6 AS lat, {LATEST_GRADE} {from_where} \
         ORDER BY o.id LIMIT {MAP_MAX}"
    );
    let rows = db.query_all_raw(db::stmt(db.get_database_backend(), &sql, all)).await?;
    let pts = rows
        .iter()
        .map(|r| {
            Ok((
                r.try_get("", "id")?,
                r.try_get("", "name")?,
                r.try_get("", "lng")?,
                r.try_get("", "lat")?,
                r.try_get("", "grade")?,
            ))
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    Ok(PublicPage { list, map: MapData::of(plot(&pts)), districts: settings.districts.clone() })
}

// ---- KPIs ----

/// The year graded by default: last year.
pub fn grading_year(today: NaiveDate) -> i32 {
    today.year() - 1
}

use crate::db::count;

/// Outlet count against the target, graded share, standardized-excellent
/// outlets, open findings and overdue inspections, gradings by grade and the
/// sales of the last twelve months.
pub async fn kpi<C: ConnectionTrait>(db: &C, settings: &Settings, today: NaiveDate) -> Result<KpiView, DbErr> {
    let year = grading_year(today);
    let mut by_status: HashMap<String, u64> = HashMap::new();
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT status, COUNT(*) AS n FROM lottery_outlet GROUP BY status",
            vec![],
        ))
        .await?;
    for r in &rows {
        by_status.insert(r.try_get("", "status")?, r.try_get::<i64>("", "n")? as u64);
    }
    let get = |s: Status| by_status.get(s.as_str()).copied().unwrap_or(0);
    let graded = count(
        db,
        "SELECT COUNT(*) AS n FROM lottery_grading g JOIN lottery_outlet o ON o.id = g.outlet_id \
         WHERE g.year = ? AND o.status <> 'closed'",
        vec![year.into()],
    )
    .await?;
    let excellent = count(
        db,
        "SELECT COUNT(*) AS n FROM lottery_grading g JOIN lottery_outlet o ON o.id = g.outlet_id \
         WHERE g.year = ? AND g.excellent = ? AND o.status <> 'closed'",
        vec![year.into(), true.into()],
    )
    .await?;
    let open_findings =
        count(db, "SELECT COUNT(*) AS n FROM lottery_finding WHERE rectified = ?", vec![false.into()]).await?;
    let overdue_inspections = count(
        db,
        "SELECT COUNT(*) AS n FROM lottery_inspection WHERE status = 'open' AND deadline < ?",
        vec![today.into()],
    )
    .await?;
    let grade_rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT grade, COUNT(*) AS n FROM lottery_grading WHERE year = ? GROUP BY grade",
            vec![year.into()],
        ))
        .await?;
    let mut by_grade: Vec<(String, u64)> = rules::Grade::ALL.iter().map(|g| (g.as_str().to_string(), 0)).collect();
    for r in &grade_rows {
        let g: String = r.try_get("", "grade")?;
        if let Some(slot) = by_grade.iter_mut().find(|(x, _)| *x == g) {
            slot.1 = r.try_get::<i64>("", "n")? as u64;
        }
    }
    Ok(KpiView {
        year,
        outlets: get(Status::Open) + get(Status::Suspended),
        target: settings.lottery_outlet_target,
        open: get(Status::Open),
        suspended: get(Status::Suspended),
        closed: get(Status::Closed),
        graded,
        excellent,
        open_findings,
        overdue_inspections,
        by_grade,
        months: months_of(&sales_rows(db, None).await?, 12),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_keep_the_last_ones_with_games() {
        let rows = vec![
            ("2026-01".to_string(), "ssq".to_string(), 100),
            ("2026-01".to_string(), "kl8".to_string(), 50),
            ("2026-02".to_string(), "ssq".to_string(), 70),
        ];
        let m = months_of(&rows, 12);
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].total_fen, 150);
        assert_eq!(m[0].by_game[0], 100);
        assert_eq!(m[0].by_game[1], 50);
        assert_eq!(months_of(&rows, 1)[0].month, "2026-02");
    }

    #[test]
    fn plot_keeps_north_up_and_inside() {
        let pts = vec![
            (1, "a".to_string(), 113_900_000, 22_500_000, None),
            (2, "b".to_string(), 114_300_000, 22_700_000, None),
        ];
        let p = plot(&pts);
        assert!(p[0].x < p[1].x, "east is right");
        assert!(p[0].y > p[1].y, "north is up");
        assert!(p.iter().all(|p| p.x <= MAP_W && p.y <= MAP_H));
        assert_eq!(plot(&pts[..1])[0].x, MAP_W / 2);
    }
}
