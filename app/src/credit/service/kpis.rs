//! The credit KPIs.

use chrono::{Datelike, NaiveDate};
use sea_orm::{ConnectionTrait, DbErr};

use crate::credit::types::*;
use crate::db;
use crate::db::count;
use crate::domain::credit as rules;
use crate::state::Settings;

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
