//! Credit scores: the weights, rescoring from the facts, and the score list.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, Value};
use serde_json::json;

use super::PER_PAGE;
use crate::credit::types::*;
use crate::db;
use crate::domain::credit::{self as rules, Weights};
use crate::state::Settings;

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
    for chunk in orgs.chunks(db::IN_CHUNK) {
        let ids: Vec<Value> = chunk.iter().map(|i| Value::from(*i)).collect();
        let ph = db::marks(chunk.len());
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
                &format!("SELECT org_id, COUNT(*) AS n FROM penalty WHERE decided_on > ? AND annulled_on IS NULL AND org_id IN ({ph}) GROUP BY org_id"),
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
