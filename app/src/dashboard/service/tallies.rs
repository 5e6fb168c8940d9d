//! The tallies against the records.

use std::collections::{BTreeMap, BTreeSet};

use sea_orm::{ConnectionTrait, DbErr, QueryResult};

use super::rows;
use crate::db::count;

/// Recounts the tallies from the records; returns one line per difference
/// (none when they agree).
pub async fn tally_check<C: ConnectionTrait>(db: &C) -> Result<Vec<String>, DbErr> {
    let ym = |col: &str| match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => format!("to_char({col}, 'YYYY-MM')"),
        _ => format!("substr({col}, 1, 7)"),
    };
    let checks = [
        (
            "org_tally",
            "SELECT status || '|' || org_type || '|' || district || '|' || reg_month AS k, n FROM org_tally WHERE n <> 0"
                .to_string(),
            format!(
                "SELECT status || '|' || org_type || '|' || district || '|' || {m} AS k, COUNT(*) AS n \
                 FROM organization GROUP BY status, org_type, district, {m}",
                m = ym("registration_date")
            ),
        ),
        (
            "filing_tally",
            "SELECT CAST(report_year AS TEXT) || '|' || status || '|' || org_type || '|' || district || '|' || reg_month \
             AS k, n FROM filing_tally WHERE n <> 0"
                .to_string(),
            format!(
                "SELECT CAST(r.report_year AS TEXT) || '|' || o.status || '|' || o.org_type || '|' || o.district || '|' \
                 || {m} AS k, COUNT(*) AS n FROM annual_report r JOIN organization o ON o.id = r.org_id \
                 WHERE r.first_submitted_at IS NOT NULL GROUP BY r.report_year, o.status, o.org_type, o.district, {m}",
                m = ym("o.registration_date")
            ),
        ),
        (
            "governance_tally",
            "SELECT org_type || '|' || district || '|' || term_month AS k, n FROM governance_tally WHERE n <> 0"
                .to_string(),
            format!(
                "SELECT o.org_type || '|' || o.district || '|' || {m} AS k, COUNT(*) AS n FROM organization o \
                 WHERE o.status = 'active' AND (SELECT r.conclusion FROM annual_report r WHERE r.org_id = o.id \
                 AND r.status = 'concluded' ORDER BY r.report_year DESC LIMIT 1) = 'qualified' \
                 GROUP BY o.org_type, o.district, {m}",
                m = ym("o.term_end")
            ),
        ),
        (
            "grade_tally",
            "SELECT grade || '|' || org_type || '|' || district || '|' || valid_month AS k, n FROM grade_tally \
             WHERE n <> 0"
                .to_string(),
            format!(
                "SELECT g.grade || '|' || o.org_type || '|' || o.district || '|' || {m} AS k, COUNT(*) AS n \
                 FROM rating_grade g JOIN organization o ON o.id = g.org_id \
                 WHERE g.status = 'active' AND o.status = 'active' GROUP BY g.grade, o.org_type, o.district, {m}",
                m = ym("g.valid_to")
            ),
        ),
    ];
    let read = |rs: Vec<QueryResult>| -> Result<BTreeMap<String, i64>, DbErr> {
        rs.iter().map(|r| Ok((r.try_get::<String>("", "k")?, r.try_get::<i64>("", "n")?))).collect()
    };
    let mut out = Vec::new();
    for (name, kept, recount) in checks {
        let kept = read(rows(db, &kept, vec![]).await?)?;
        let truth = read(rows(db, &recount, vec![]).await?)?;
        for k in kept.keys().chain(truth.keys()).collect::<BTreeSet<_>>() {
            let (a, b) = (kept.get(k).copied().unwrap_or(0), truth.get(k).copied().unwrap_or(0));
            if a != b {
                out.push(format!("{name} {k}: kept {a}, records {b}"));
            }
        }
    }
    let stale = count(
        db,
        "SELECT COUNT(*) AS n FROM organization o WHERE o.last_conclusion IS DISTINCT FROM \
         (SELECT r.conclusion FROM annual_report r WHERE r.org_id = o.id AND r.status = 'concluded' \
         ORDER BY r.report_year DESC LIMIT 1)",
        vec![],
    )
    .await?;
    if stale > 0 {
        out.push(format!("organization.last_conclusion: {stale} differ from the newest concluded report"));
    }
    Ok(out)
}
