//! The transparency ranking and the open overdue disclosures, with their
//! CSV exports.

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbErr};

use super::super::types::*;
use super::lists::load;
use super::{counts_of, dues_of};
use crate::db;
use crate::domain::charity::{self as rules};
use crate::error::AppError;

/// The transparency ranking: every charity with something due, best first
/// (ties by name). Computed from all plans and disclosures at once.
pub async fn ranked<C: ConnectionTrait>(db: &C, today: NaiveDate) -> Result<Vec<RankRow>, DbErr> {
    let (charities, plans, made) = load(db, None).await?;
    let names: HashMap<i64, String> = {
        let rows = db
            .query_all_raw(db::stmt(
                db.get_database_backend(),
                "SELECT o.id AS id, o.name AS name FROM charity c JOIN organization o ON o.id = c.org_id",
                vec![],
            ))
            .await?;
        rows.iter().map(|r| Ok((r.try_get("", "id")?, r.try_get("", "name")?))).collect::<Result<_, DbErr>>()?
    };
    let mut rows: Vec<RankRow> = charities
        .iter()
        .filter_map(|c| {
            let p = plans.get(&c.org_id).map(Vec::as_slice).unwrap_or(&[]);
            let m = made.get(&c.org_id).map(Vec::as_slice).unwrap_or(&[]);
            let counts = counts_of(&dues_of(c, p, m, today), m, today);
            rules::transparency_index(counts).map(|index| RankRow {
                rank: 0,
                org_id: c.org_id,
                name: names.get(&c.org_id).cloned().unwrap_or_default(),
                index,
                due: counts.due,
                made: counts.made,
                on_time: counts.on_time,
                complete: counts.complete,
            })
        })
        .collect();
    rows.sort_by(|a, b| b.index.cmp(&a.index).then(a.name.cmp(&b.name)));
    let mut rank = 0;
    let mut prev = None;
    for (i, r) in rows.iter_mut().enumerate() {
        if prev != Some(r.index) {
            rank = i as u64 + 1;
            prev = Some(r.index);
        }
        r.rank = rank;
    }
    Ok(rows)
}

/// A page of the transparency ranking.
pub async fn ranking<C: ConnectionTrait>(db: &C, page: u64, today: NaiveDate) -> Result<RankingPage, AppError> {
    let rows = ranked(db, today).await?;
    let total = rows.len() as u64;
    let p = crate::domain::paging::Paging::new(page, PER_PAGE);
    let rows = rows.into_iter().skip(p.offset_usize()).take(PER_PAGE as usize).collect();
    Ok(RankingPage { rows, total, page: p.page, per_page: PER_PAGE })
}

pub const RANKING_CSV_HEADER: [&str; 7] = ["名次", "名称", "透明指数", "应公开", "已公开", "按时公开", "内容完整"];

/// The whole ranking as CSV: it is computed in memory, so the export is one
/// batch (`after` 0 gives the rows, any other value ends the download).
pub async fn ranking_csv_batch<C: ConnectionTrait>(
    db: &C,
    today: NaiveDate,
    after: i64,
) -> Result<(Vec<u8>, Option<i64>), DbErr> {
    if after != 0 {
        return Ok((Vec::new(), None));
    }
    let mut w = crate::kernel::csv::CsvRows::new();
    for r in ranked(db, today).await? {
        w.push([
            r.rank.to_string(),
            r.name,
            r.index.to_string(),
            r.due.to_string(),
            r.made.to_string(),
            r.on_time.to_string(),
            r.complete.to_string(),
        ])?;
    }
    Ok((w.finish()?, Some(1)))
}

/// Overdue disclosures detected by the daily job and not yet made, oldest first.
pub async fn overdue<C: ConnectionTrait>(db: &C, page: u64, today: NaiveDate) -> Result<OverduePage, AppError> {
    let from =
        "FROM charity_overdue v JOIN organization o ON o.id = v.org_id LEFT JOIN charity_plan p ON p.id = v.plan_id \
                WHERE v.resolved_on IS NULL";
    let total = db::count_from(db, from, vec![]).await? as u64;
    let p = crate::domain::paging::Paging::new(page, PER_PAGE);
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            &format!(
                "SELECT v.org_id AS org_id, o.name AS name, p.filing_no AS filing_no, v.kind AS kind, v.period_no AS period_no, \
                 v.due_on AS due_on, v.detected_on AS detected_on {from} ORDER BY v.due_on, v.id {}",
                p.limit_offset()
            ),
            vec![],
        ))
        .await?;
    let rows = rows
        .iter()
        .map(|r| {
            let due: NaiveDate = r.try_get("", "due_on")?;
            Ok(OverdueRow {
                org_id: r.try_get("", "org_id")?,
                name: r.try_get("", "name")?,
                filing_no: r.try_get::<Option<String>>("", "filing_no")?.unwrap_or_default(),
                kind: r.try_get("", "kind")?,
                period_no: r.try_get("", "period_no")?,
                due_on: due.to_string(),
                detected_on: r.try_get::<NaiveDate>("", "detected_on")?.to_string(),
                days: (today - due).num_days(),
            })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    Ok(OverduePage { rows, total, page: p.page, per_page: PER_PAGE })
}

pub const OVERDUE_CSV_HEADER: [&str; 6] =
    ["统一社会信用代码", "名称", "募捐方案备案编号", "应公开事项", "公开期限", "发现日期"];

/// A batch of the open overdue disclosures for the CSV export (keyset on the row id).
pub async fn overdue_csv_batch<C: ConnectionTrait>(
    db: &C,
    after: i64,
    batch: u64,
) -> Result<(Vec<u8>, Option<i64>), DbErr> {
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            &format!(
                "SELECT v.id AS id, o.credit_code AS code, o.name AS name, p.filing_no AS filing_no, v.kind AS kind, \
                 v.period_no AS period_no, v.due_on AS due_on, v.detected_on AS detected_on FROM charity_overdue v \
                 JOIN organization o ON o.id = v.org_id LEFT JOIN charity_plan p ON p.id = v.plan_id \
                 WHERE v.resolved_on IS NULL AND v.id > ? ORDER BY v.id LIMIT {batch}"
            ),
            vec![after.into()],
        ))
        .await?;
    let mut w = crate::kernel::csv::CsvRows::new();
    let mut last = None;
    for r in &rows {
        last = Some(r.try_get::<i64>("", "id")?);
        let kind: String = r.try_get("", "kind")?;
        let no: i32 = r.try_get("", "period_no")?;
        let what = due_label_in(crate::i18n::Lang::Zh, &kind, no);
        w.push([
            r.try_get::<String>("", "code")?,
            r.try_get::<String>("", "name")?,
            r.try_get::<Option<String>>("", "filing_no")?.unwrap_or_default(),
            what,
            r.try_get::<NaiveDate>("", "due_on")?.to_string(),
            r.try_get::<NaiveDate>("", "detected_on")?.to_string(),
        ])?;
    }
    Ok((w.finish()?, last))
}
