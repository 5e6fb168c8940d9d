//! The lottery KPIs against their targets.

use super::*;
use crate::db::count;

/// The year graded by default: last year.
pub fn grading_year(today: NaiveDate) -> i32 {
    today.year() - 1
}

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
