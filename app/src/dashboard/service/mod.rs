//! Measures computed from the records, the year's targets, the daily
//! snapshot, the year-end statistics and the public statistics.
//!
//! Shares of organizations read the tallies the database triggers keep
//! (`org_tally`, `filing_tally`, `governance_tally`, see migration 10) and
//! add the few records a tally cannot settle (the month of a cut-off date,
//! organizations that left after a deadline, listed organizations), so the
//! dashboard never reads the whole register. [`tally_check`] recounts the
//! tallies from the records.
//!
//! One file per sub-feature: `measures` (the tallies and every measure's
//! value), `board` (the officers' dashboard, its queues and the daily
//! snapshot), `targets` (the year's targets), `tallies` (the tallies against
//! the records) and `stats` (the year-end and public statistics). The
//! helpers several of them share live here.

mod board;
mod measures;
mod stats;
mod tallies;
mod targets;

use sea_orm::{ConnectionTrait, DbErr, QueryResult, Value};

use crate::db;
use crate::domain::dashboard::Measure;

pub use board::{dashboard, snapshot};
pub use measures::{governance, measures, org_tally, org_tally_from, participation, rating, tally_floor};
pub use stats::{public_stats, stats_csv, year_stats};
pub use tallies::tally_check;
pub use targets::{add_work_plan, delete_target, save_target, target_list};

async fn rows<C: ConnectionTrait>(db: &C, sql: &str, vals: Vec<Value>) -> Result<Vec<QueryResult>, DbErr> {
    db.query_all_raw(db::stmt(db.get_database_backend(), sql, vals)).await
}

/// One target row.
struct Target {
    id: i64,
    year: i32,
    name: String,
    measure: Measure,
    target: i64,
}

async fn targets_of<C: ConnectionTrait>(db: &C, year: i32) -> Result<Vec<Target>, DbErr> {
    let mut out = Vec::new();
    for r in rows(
        db,
        "SELECT id, year, name, measure, target FROM dashboard_target WHERE year = ? ORDER BY id",
        vec![year.into()],
    )
    .await?
    {
        let measure: String = r.try_get("", "measure")?;
        if let Some(measure) = Measure::parse(&measure) {
            out.push(Target {
                id: r.try_get("", "id")?,
                year: r.try_get::<i32>("", "year")?,
                name: r.try_get("", "name")?,
                measure,
                target: r.try_get("", "target")?,
            });
        }
    }
    Ok(out)
}
