//! The trade job: the branches' stored anomalies follow the rules in force.
//! A branch's anomalies are found when it is filed and stored with it (the
//! officers' list is one query); a rename of its association checks them again
//! (`service::recheck_branches_in`). The rule that a branch is named after its
//! association can be switched off (`TRADE_BRANCH_NAME_PREFIX`), and a change
//! of that setting reaches no branch by itself: so each run compares the
//! setting with the one the stored anomalies were last checked under (the
//! newest `job_run` of `trade_branches`) and, when they differ or no run is on
//! record, checks every branch again (each change audited as
//! `trade_branch_recheck`) and records the run with the setting. Idempotent:
//! one write transaction (SQLite's write lock; a transaction-scoped advisory
//! lock on PostgreSQL), which reads the record again before it checks.

use chrono::{NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr};
use serde::{Deserialize, Serialize};

use super::service::recheck_branches_in;
use crate::audit::service::Actor;
use crate::db;
use crate::domain::org_type::OrgType;
use crate::error::AppError;
use crate::state::Settings;

/// The job's name in `job_run`.
const JOB: &str = "trade_branches";

/// What a run did; kept as the run's `counts_json`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TradeRun {
    /// `TRADE_BRANCH_NAME_PREFIX` as the branches were checked.
    pub name_prefix: bool,
    /// Whether the branches were checked again (the setting had changed).
    pub rechecked: bool,
    /// Branches whose anomalies changed.
    pub changed: u64,
}

/// The setting the stored anomalies were last checked under (`None`: never).
async fn last_checked_under<C: ConnectionTrait>(db: &C) -> Result<Option<bool>, DbErr> {
    let runs: Vec<String> = db::column(
        db,
        "SELECT counts_json FROM job_run WHERE job = ? ORDER BY id DESC LIMIT 1",
        vec![JOB.into()],
        "counts_json",
    )
    .await?;
    Ok(runs.first().and_then(|j| serde_json::from_str::<TradeRun>(j).ok()).map(|r| r.name_prefix))
}

/// Runs the job for `today`: checks every branch again when
/// `TRADE_BRANCH_NAME_PREFIX` differs from the setting of the last check.
pub async fn run_daily(db: &DatabaseConnection, settings: &Settings, today: NaiveDate) -> Result<TradeRun, AppError> {
    let name_prefix = settings.trade_branch_name_prefix;
    let unchanged = TradeRun { name_prefix, rechecked: false, changed: 0 };
    if last_checked_under(db).await? == Some(name_prefix) {
        return Ok(unchanged);
    }
    let started = Utc::now();
    let txn = db::begin_write(db).await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        db::exec(&txn, "SELECT pg_advisory_xact_lock(7231)", vec![]).await?;
    }
    if last_checked_under(&*txn).await? == Some(name_prefix) {
        return Ok(unchanged);
    }
    let org_ids: Vec<i64> =
        db::column(&*txn, "SELECT DISTINCT org_id FROM trade_branch ORDER BY org_id", vec![], "org_id").await?;
    let actor = Actor::system("daily-job");
    let mut run = TradeRun { name_prefix, rechecked: true, changed: 0 };
    let mut orgs: Vec<_> = db::orgs_by_id(&*txn, org_ids).await?.into_values().collect();
    orgs.sort_by_key(|o| o.id);
    for o in orgs {
        let Some(t) = OrgType::parse(&o.org_type) else {
            tracing::error!(org_id = o.id, org_type = %o.org_type, "unknown stored organization type");
            return Err(AppError::Internal);
        };
        run.changed += recheck_branches_in(&txn, settings, &actor, o.id, &o.name, t).await? as u64;
    }
    let counts = serde_json::to_string(&run).map_err(|_| AppError::Internal)?;
    db::exec(
        &txn,
        "INSERT INTO job_run (job, run_on, started_at, finished_at, counts_json) VALUES (?, ?, ?, ?, ?)",
        vec![JOB.into(), today.into(), started.into(), Utc::now().into(), counts.into()],
    )
    .await?;
    txn.commit().await?;
    Ok(run)
}
