//! The cases counted: by state, and the year's decisions by penalty kind
//! (the dashboard's and the year's statistics read them here).

use sea_orm::{ConnectionTrait, DbErr, Value};

use crate::db;
use crate::domain::penalty_case as pc;
use crate::penalty::steps;
use crate::penalty::types::CaseStats;

/// The statistics of the cases: every case by its state now, the cases
/// registered in `year` by their state, and the decisions of `year` (not
/// annulled) by penalty kind (a decision counts once for each kind it imposes).
pub async fn stats<C: ConnectionTrait>(db: &C, year: i32) -> Result<CaseStats, DbErr> {
    let by = |sql: &'static str, vals: Vec<Value>| async move {
        let rows = db.query_all_raw(db::stmt(db.get_database_backend(), sql, vals)).await?;
        rows.iter()
            .map(|r| Ok((r.try_get::<String>("", "k")?, u64::try_from(r.try_get::<i64>("", "n")?).unwrap_or(0))))
            .collect::<Result<Vec<(String, u64)>, DbErr>>()
    };
    let (from, to) = crate::domain::dashboard::year_bounds(year);
    let by_state =
        by("SELECT state AS k, COUNT(*) AS n FROM penalty_case GROUP BY state ORDER BY state", vec![]).await?;
    let opened_by_state = by(
        "SELECT c.state AS k, COUNT(*) AS n FROM penalty_case c JOIN penalty_case_step s ON s.case_id = c.id \
         AND s.action = 'open' WHERE s.day >= ? AND s.day <= ? GROUP BY c.state ORDER BY c.state",
        vec![from.into(), to.into()],
    )
    .await?;
    let decided: Vec<String> = db::column(
        db,
        "SELECT decided FROM penalty_case WHERE decision_year = ? AND decision_number IS NOT NULL \
         AND annulled_on IS NULL",
        vec![year.into()],
        "decided",
    )
    .await?;
    let mut by_kind: Vec<(String, u64)> = Vec::new();
    for list in decided.iter().filter_map(|d| steps::from_json(d)) {
        let mut kinds: Vec<&str> = list.iter().map(|s| s.penalty.as_str()).collect();
        kinds.dedup();
        for kind in kinds {
            match by_kind.iter_mut().find(|(k, _)| k == kind) {
                Some(slot) => slot.1 += 1,
                None => by_kind.push((kind.to_string(), 1)),
            }
        }
    }
    by_kind.sort_by_key(|(k, _)| pc::Penalty::parse(k).and_then(|p| pc::Penalty::ALL.iter().position(|x| *x == p)));
    Ok(CaseStats { by_state, opened_by_state, by_kind })
}
