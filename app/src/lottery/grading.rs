//! The yearly grading of outlets (网点评定) by the active scoring sheet: the
//! officer scores the typed items, the sales item is computed from the year's
//! sales against the district's average, a confirmed prohibited act in the
//! year caps the grade, and the year's results are published at once.

use crate::domain::paging::Paging;
use chrono::{NaiveDate, Utc};
use entity::{lottery_grading, lottery_outlet, lottery_sheet_item};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryResult,
    Set, Value,
};
use serde_json::json;

use super::service::{like, MAX_TEXT};
use super::types::*;
use crate::audit::service::{self as audit, Actor, Entry};
use crate::db;
use crate::db::count;
use crate::domain::lottery::{self as rules, Grade};
use crate::error::{AppError, Errors};
use crate::state::Settings;

/// The items of the active sheet, in order.
pub async fn sheet<C: ConnectionTrait>(db: &C) -> Result<Vec<SheetItemView>, DbErr> {
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT i.id AS id, i.item_no AS item_no, i.category AS category, i.name AS name, i.max_points AS max_points, \
             i.auto AS auto FROM lottery_sheet_item i JOIN lottery_sheet s ON s.id = i.sheet_id WHERE s.active = ? \
             ORDER BY i.item_no",
            vec![true.into()],
        ))
        .await?;
    rows.iter()
        .map(|r| {
            Ok(SheetItemView {
                id: r.try_get("", "id")?,
                item_no: r.try_get("", "item_no")?,
                category: r.try_get("", "category")?,
                name: r.try_get("", "name")?,
                max_points: r.try_get("", "max_points")?,
                auto: r.try_get("", "auto")?,
            })
        })
        .collect()
}

/// An outlet's sales in `year` and the average of its district's outlets with sales.
async fn sales_against_district<C: ConnectionTrait>(
    db: &C,
    o: &lottery_outlet::Model,
    year: i32,
) -> Result<(i64, i64), DbErr> {
    let backend = db.get_database_backend();
    let (from, to) = (format!("{year:04}-01"), format!("{year:04}-12"));
    let own = db
        .query_one_raw(db::stmt(
            backend,
            "SELECT CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT) AS fen FROM lottery_sales \
             WHERE outlet_id = ? AND month >= ? AND month <= ?",
            vec![o.id.into(), from.clone().into(), to.clone().into()],
        ))
        .await?
        .map(|r| r.try_get::<i64>("", "fen"))
        .transpose()?
        .unwrap_or(0);
    let avg = db
        .query_one_raw(db::stmt(
            backend,
            "SELECT CAST(COALESCE(SUM(s.amount_fen), 0) AS BIGINT) AS fen, COUNT(DISTINCT s.outlet_id) AS n \
             FROM lottery_sales s JOIN lottery_outlet o ON o.id = s.outlet_id \
             WHERE o.district = ? AND s.month >= ? AND s.month <= ?",
            vec![o.district.clone().into(), from.into(), to.into()],
        ))
        .await?;
    let avg = match avg {
        Some(r) => {
            let (fen, n): (i64, i64) = (r.try_get("", "fen")?, r.try_get("", "n")?);
            fen.checked_div(n).unwrap_or(0)
        }
        None => 0,
    };
    Ok((own, avg))
}

/// Grades outlet `outlet_id` for a year (replacing an unpublished grading of that year).
pub async fn grade(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    outlet_id: i64,
    input: &GradingInput,
    today: NaiveDate,
) -> Result<i64, AppError> {
    use chrono::Datelike;
    let mut e = Errors::default();
    let year = match input.year.trim().parse::<i32>() {
        Ok(y) if (2000..=today.year()).contains(&y) => y,
        _ => {
            e.add("year", "lot_err_year");
            0
        }
    };
    let note = input.note.trim();
    e.max_len("note", note, MAX_TEXT);
    let items = sheet(db).await?;
    let mut points: Vec<(SheetItemView, Option<u32>)> = Vec::with_capacity(items.len());
    for item in items {
        if item.auto == "sales" {
            points.push((item, None));
            continue;
        }
        let raw = input.points.get(&item.id.to_string()).cloned().unwrap_or_default();
        match rules::check_points(&raw, item.max_points.max(0) as u32) {
            Ok(p) => points.push((item, Some(p))),
            Err(k) => {
                e.add(&format!("p{}", item.id), k);
                points.push((item, None));
            }
        }
    }
    e.into_result()?;
    let txn = db::begin_write(db).await?;
    let o = lottery_outlet::Entity::find_by_id(outlet_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    if o.status == rules::Status::Closed.as_str() {
        return Err(AppError::Conflict("lot_err_closed".into()));
    }
    let (own, avg) = sales_against_district(&txn, &o, year).await?;
    let scored: Vec<(SheetItemView, u32)> = points
        .into_iter()
        .map(|(item, p)| {
            let p = p.unwrap_or_else(|| rules::sales_points(own, avg, item.max_points.max(0) as u32));
            (item, p)
        })
        .collect();
    let total: u32 = scored.iter().map(|(_, p)| p).sum();
    let (from, to) = (
        NaiveDate::from_ymd_opt(year, 1, 1).ok_or(AppError::Internal)?,
        NaiveDate::from_ymd_opt(year, 12, 31).ok_or(AppError::Internal)?,
    );
    let prohibited = count(
        &txn,
        "SELECT COUNT(*) AS n FROM lottery_finding WHERE outlet_id = ? AND prohibited = ? AND found_on >= ? AND found_on <= ?",
        vec![outlet_id.into(), true.into(), from.into(), to.into()],
    )
    .await?;
    let capped = prohibited > 0;
    let g = rules::grade_for(total, &settings.lottery_bands, capped);
    let (image, image_max) = scored
        .iter()
        .filter(|(i, _)| i.category == "image")
        .fold((0, 0), |(a, m), (i, p)| (a + p, m + i.max_points.max(0) as u32));
    let excellent = rules::excellent(g, capped, image, image_max, settings.lottery_excellent_image_percent);
    let existing = lottery_grading::Entity::find()
        .filter(lottery_grading::Column::OutletId.eq(outlet_id))
        .filter(lottery_grading::Column::Year.eq(year))
        .one(&txn)
        .await?;
    let now = Utc::now();
    let sheet_id = lottery_sheet_item::Entity::find_by_id(scored.first().map(|(i, _)| i.id).unwrap_or(0))
        .one(&txn)
        .await?
        .map(|i| i.sheet_id)
        .ok_or(AppError::Internal)?;
    let before = existing.as_ref().map(|x| json!({"total": x.total, "grade": x.grade}));
    let id = match existing {
        Some(x) if x.published => return Err(AppError::Conflict("lot_err_published".into())),
        Some(x) => {
            db::exec(&txn, "DELETE FROM lottery_grading_score WHERE grading_id = ?", vec![x.id.into()]).await?;
            let id = x.id;
            let mut am: lottery_grading::ActiveModel = x.into();
            am.sheet_id = Set(sheet_id);
            am.total = Set(total as i32);
            am.grade = Set(g.as_str().into());
            am.capped = Set(capped);
            am.excellent = Set(excellent);
            am.note = Set(note.into());
            am.graded_by = Set(actor.id);
            am.updated_at = Set(now);
            am.update(&txn).await?;
            id
        }
        None => {
            lottery_grading::ActiveModel {
                outlet_id: Set(outlet_id),
                year: Set(year),
                sheet_id: Set(sheet_id),
                total: Set(total as i32),
                grade: Set(g.as_str().into()),
                capped: Set(capped),
                excellent: Set(excellent),
                published: Set(false),
                note: Set(note.into()),
                graded_by: Set(actor.id),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?
            .id
        }
    };
    for (item, p) in &scored {
        db::exec(
            &txn,
            "INSERT INTO lottery_grading_score (grading_id, item_id, points) VALUES (?, ?, ?)",
            vec![id.into(), item.id.into(), (*p as i32).into()],
        )
        .await?;
    }
    audit::record(
        &txn,
        actor,
        Entry {
            action: "lottery_grade",
            entity: "lottery_grading",
            entity_id: id.to_string(),
            before,
            after: Some(json!({"outlet": outlet_id, "year": year, "total": total, "grade": g.as_str(),
                "capped": capped, "excellent": excellent, "sales_fen": own, "district_avg_fen": avg})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// Publishes every unpublished grading of `year`; returns how many.
pub async fn publish(
    db: &DatabaseConnection,
    actor: &Actor,
    input: &PublishInput,
    today: NaiveDate,
) -> Result<u64, AppError> {
    use chrono::Datelike;
    let year = match input.year.trim().parse::<i32>() {
        Ok(y) if (2000..=today.year()).contains(&y) => y,
        _ => return Err(AppError::field("year", "lot_err_year")),
    };
    let txn = db::begin_write(db).await?;
    let n = db::exec(
        &txn,
        "UPDATE lottery_grading SET published = ?, updated_at = ? WHERE year = ? AND published = ?",
        vec![true.into(), Utc::now().into(), year.into(), false.into()],
    )
    .await?;
    if n == 0 {
        return Err(AppError::Conflict("lot_err_nothing_to_publish".into()));
    }
    audit::record(
        &txn,
        actor,
        Entry {
            action: "lottery_publish",
            entity: "lottery_grading",
            entity_id: year.to_string(),
            before: None,
            after: Some(json!({"year": year, "published": n})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(n)
}

const SELECT: &str = "SELECT g.id AS id, g.outlet_id AS outlet_id, o.outlet_no AS outlet_no, o.name AS name, \
     o.district AS district, g.year AS year, g.total AS total, g.grade AS grade, g.capped AS capped, \
     g.excellent AS excellent, g.published AS published";

fn row_of(r: &QueryResult) -> Result<GradingRow, DbErr> {
    Ok(GradingRow {
        id: r.try_get("", "id")?,
        outlet_id: r.try_get("", "outlet_id")?,
        outlet_no: r.try_get("", "outlet_no")?,
        outlet_name: r.try_get("", "name")?,
        district: r.try_get("", "district")?,
        year: r.try_get("", "year")?,
        total: r.try_get("", "total")?,
        grade: r.try_get("", "grade")?,
        capped: r.try_get("", "capped")?,
        excellent: r.try_get("", "excellent")?,
        published: r.try_get("", "published")?,
        scores: Vec::new(),
    })
}

async fn with_scores<C: ConnectionTrait>(db: &C, mut rows: Vec<GradingRow>) -> Result<Vec<GradingRow>, DbErr> {
    for g in rows.iter_mut() {
        let s = db
            .query_all_raw(db::stmt(
                db.get_database_backend(),
                "SELECT i.name AS name, s.points AS points, i.max_points AS max_points FROM lottery_grading_score s \
                 JOIN lottery_sheet_item i ON i.id = s.item_id WHERE s.grading_id = ? ORDER BY i.item_no",
                vec![g.id.into()],
            ))
            .await?;
        g.scores = s
            .iter()
            .map(|r| Ok((r.try_get("", "name")?, r.try_get("", "points")?, r.try_get("", "max_points")?)))
            .collect::<Result<_, DbErr>>()?;
    }
    Ok(rows)
}

/// An outlet's gradings, latest year first, with their item scores.
pub async fn of_outlet<C: ConnectionTrait>(db: &C, outlet_id: i64) -> Result<Vec<GradingRow>, DbErr> {
    let sql = format!(
        "{SELECT} FROM lottery_grading g JOIN lottery_outlet o ON o.id = g.outlet_id WHERE g.outlet_id = ? ORDER BY g.year DESC"
    );
    let rows = db.query_all_raw(db::stmt(db.get_database_backend(), &sql, vec![outlet_id.into()])).await?;
    with_scores(db, rows.iter().map(row_of).collect::<Result<_, _>>()?).await
}

fn where_of(f: &GradingFilter, year: i32) -> (String, Vec<Value>) {
    let mut sql = String::from("FROM lottery_grading g JOIN lottery_outlet o ON o.id = g.outlet_id WHERE g.year = ?");
    let mut vals: Vec<Value> = vec![year.into()];
    if let Some(g) = Grade::parse(&f.grade) {
        sql.push_str(" AND g.grade = ?");
        vals.push(g.as_str().into());
    } else if f.grade == "excellent" {
        sql.push_str(" AND g.excellent = ?");
        vals.push(true.into());
    }
    if !f.q.trim().is_empty() {
        sql.push_str(" AND (o.name LIKE ? ESCAPE '!' OR o.outlet_no LIKE ? ESCAPE '!')");
        vals.push(like(&f.q).into());
        vals.push(like(&f.q).into());
    }
    (sql, vals)
}

pub fn year_of(f: &GradingFilter, today: NaiveDate) -> i32 {
    f.year
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (2000..=2100).contains(y))
        .unwrap_or_else(|| super::service::grading_year(today))
}

/// A year's gradings: highest total first.
pub async fn list<C: ConnectionTrait>(db: &C, f: &GradingFilter, today: NaiveDate) -> Result<GradingPage, DbErr> {
    let year = year_of(f, today);
    let (from_where, vals) = where_of(f, year);
    let total = db::count_from(db, &from_where, vals.clone()).await?;
    let p = Paging::new(f.page, PER_PAGE);
    let sql = format!("{SELECT} {from_where} ORDER BY g.total DESC, o.outlet_no {}", p.limit_offset());
    let rows = db.query_all_raw(db::stmt(db.get_database_backend(), &sql, vals)).await?;
    let unpublished = count(
        db,
        "SELECT COUNT(*) AS n FROM lottery_grading WHERE year = ? AND published = ?",
        vec![year.into(), false.into()],
    )
    .await?;
    Ok(GradingPage {
        year,
        rows: rows.iter().map(row_of).collect::<Result<_, _>>()?,
        total: total as u64,
        page: p.page,
        per_page: PER_PAGE,
        unpublished,
    })
}

pub const CSV_HEADER: [&str; 9] =
    ["网点编号", "网点名称", "区", "年度", "总分", "星级", "违规封顶", "规范化优秀", "已公布"];

/// A batch of a year's gradings as CSV rows after grading id `after`.
pub async fn csv_batch<C: ConnectionTrait>(
    db: &C,
    f: &GradingFilter,
    today: NaiveDate,
    after: i64,
    batch: u64,
) -> Result<(Vec<u8>, Option<i64>), DbErr> {
    let (from_where, mut vals) = where_of(f, year_of(f, today));
    vals.push(after.into());
    let sql = format!("{SELECT} {from_where} AND g.id > ? ORDER BY g.id LIMIT {batch}");
    let rows = db.query_all_raw(db::stmt(db.get_database_backend(), &sql, vals)).await?;
    let mut w = crate::kernel::csv::CsvRows::new();
    let mut last = None;
    let yes = |b: bool| if b { "是" } else { "否" }.to_string();
    for r in &rows {
        let g = row_of(r)?;
        last = Some(g.id);
        let grade = Grade::parse(&g.grade).map(|x| {
            if x == Grade::Unrated {
                "未评星".to_string()
            } else {
                x.stars().to_string()
            }
        });
        w.push([
            g.outlet_no,
            g.outlet_name,
            g.district,
            g.year.to_string(),
            g.total.to_string(),
            grade.unwrap_or(g.grade),
            yes(g.capped),
            yes(g.excellent),
            yes(g.published),
        ])?;
    }
    Ok((w.finish()?, last))
}
