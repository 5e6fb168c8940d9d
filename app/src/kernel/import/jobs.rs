//! Import jobs: an uploaded file waits in `import_job` while a feature's
//! importer checks it (its progress stored on the job) and writes it or
//! fails it with the reasons; the file is deleted some days after the job.
//!
//! The process running a job renews its `heartbeat_at` while it works
//! ([`heartbeat`]); a job left running with an old heartbeat was left by a
//! process that died, and [`recover_stale`] ends it when a server starts. An
//! importer records its counts and end time inside its write transaction
//! ([`commit_done`], [`record_written`]), so a job still running without an end time has
//! written nothing — except one that writes in batches from its staged rows
//! (an organization import on SQLite), which [`recover_stale`] hands back to
//! be finished.

use chrono::Utc;
use entity::import_job;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect, Set};

use super::{read_table, ImportJobView, Record, RowError};
use crate::db;
use crate::error::AppError;

/// Creates a job for a decoded file and returns its id. With `one_at_a_time`
/// it is refused (`err_import_busy`) while another job of `kind` is running:
/// the check and the new job are one write transaction.
pub async fn create_job(
    db: &DatabaseConnection,
    kind: &str,
    one_at_a_time: bool,
    user_id: i64,
    file_name: &str,
    encoding: &str,
    content: String,
) -> Result<i64, AppError> {
    let txn = db::begin_write(db).await?;
    if one_at_a_time {
        let running = db::count(
            &txn,
            "SELECT COUNT(*) AS n FROM import_job WHERE kind = ? AND finished_at IS NULL",
            vec![kind.into()],
        )
        .await?;
        if running > 0 {
            return Err(AppError::Conflict("err_import_busy".into()));
        }
    }
    let job = import_job::ActiveModel {
        created_by: Set(user_id),
        kind: Set(kind.to_string()),
        file_name: Set(file_name.to_string()),
        encoding: Set(encoding.to_string()),
        content: Set(content),
        status: Set("checking".into()),
        total_rows: Set(0),
        checked_rows: Set(0),
        written_rows: Set(0),
        unchanged_rows: Set(0),
        errors_json: Set("[]".into()),
        created_at: Set(Utc::now()),
        finished_at: Set(None),
        heartbeat_at: Set(Some(Utc::now())),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    txn.commit_unseen().await?;
    Ok(job.id)
}

/// Ends job `id` with `status` (`done` or `failed`), its errors and counts.
pub async fn finish(
    db: &DatabaseConnection,
    id: i64,
    status: &str,
    errors: &[RowError],
    written: i32,
    unchanged: i32,
) -> Result<(), AppError> {
    let errors = serde_json::to_string(errors).unwrap_or_else(|_| "[]".into());
    let n = db::exec(
        db,
        "UPDATE import_job SET status = ?, errors_json = ?, written_rows = ?, unchanged_rows = ?, finished_at = ? \
         WHERE id = ?",
        vec![status.into(), errors.into(), written.into(), unchanged.into(), Utc::now().into(), id.into()],
    )
    .await?;
    if n == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Inside an importer's write transaction, just before it commits: the
/// job's counts and end time, committed with the rows, so a job whose process
/// dies between the commit and [`finish`] is still known to have written.
pub async fn record_written<C: sea_orm::ConnectionTrait>(
    txn: &C,
    id: i64,
    written: i32,
    unchanged: i32,
) -> Result<(), AppError> {
    db::exec(
        txn,
        "UPDATE import_job SET written_rows = ?, unchanged_rows = ?, finished_at = ? WHERE id = ?",
        vec![written.into(), unchanged.into(), Utc::now().into(), id.into()],
    )
    .await?;
    Ok(())
}

/// Ends an importer's write: its counts and end time go into `txn`
/// ([`record_written`]), `txn` commits, and the job is marked done. Every
/// importer that writes in one transaction ends it through here, so none can
/// commit its rows without the record that they were written.
pub async fn commit_done(
    txn: db::WriteTxn,
    db: &DatabaseConnection,
    id: i64,
    written: i32,
    unchanged: i32,
) -> Result<(), AppError> {
    record_written(&txn, id, written, unchanged).await?;
    txn.commit().await?;
    finish(db, id, "done", &[], written, unchanged).await
}

/// The message key of a job a dead process left running.
pub const INTERRUPTED: &str = "err_import_interrupted";

/// Renews job `id`'s heartbeat every quarter of `stale` until the answer is
/// dropped (the job's runner holds it while it works).
pub fn heartbeat(db: DatabaseConnection, id: i64, stale: std::time::Duration) -> Heartbeat {
    let every = (stale / 4).max(std::time::Duration::from_millis(100));
    Heartbeat(tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            let beat = db::exec(
                &db,
                "UPDATE import_job SET heartbeat_at = ? WHERE id = ? AND finished_at IS NULL",
                vec![Utc::now().into(), id.into()],
            )
            .await;
            if let Err(e) = beat {
                tracing::warn!(job = id, error = %e, "import heartbeat not written");
            }
        }
    }))
}

/// A job's heartbeat, renewed until this is dropped.
pub struct Heartbeat(tokio::task::JoinHandle<()>);

impl Drop for Heartbeat {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// What [`recover_stale`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Recovered {
    /// Jobs whose write had been committed, now shown as done.
    pub done: u64,
    /// Jobs that had written nothing, now failed with [`INTERRUPTED`].
    pub failed: u64,
    /// Jobs interrupted while writing in batches, claimed to be resumed: (job, its author).
    pub resumed: Vec<(i64, i64)>,
}

/// Ends the jobs left running (checking or writing) whose heartbeat is older
/// than `stale`: their process died, since a live one renews it far more
/// often. A job whose write was committed ([`record_written`]) becomes
/// `done`; a job of a kind in `resumable` that was writing (its rows all
/// checked, written in batches from its staged rows) is claimed with a fresh
/// heartbeat and returned, for the caller to finish; any other wrote nothing
/// (its one write transaction never committed) and fails with
/// [`INTERRUPTED`]. A job another live process runs has a fresh heartbeat and
/// is left alone. Its staged rows are the caller's to delete (they belong to
/// an ended job now).
pub async fn recover_stale(
    db: &DatabaseConnection,
    stale: std::time::Duration,
    resumable: &[&str],
) -> Result<Recovered, AppError> {
    let now = Utc::now();
    let cutoff = now - chrono::Duration::from_std(stale).unwrap_or(chrono::Duration::minutes(2));
    let left = "status IN ('checking', 'writing') AND COALESCE(heartbeat_at, created_at) < ?";
    let done = db::exec(
        db,
        &format!("UPDATE import_job SET status = 'done' WHERE {left} AND finished_at IS NOT NULL"),
        vec![cutoff.into()],
    )
    .await?;
    let mut resumed = Vec::new();
    for job in jobs()
        .filter(import_job::Column::Status.eq("writing"))
        .filter(import_job::Column::Kind.is_in(resumable.iter().copied()))
        .filter(import_job::Column::FinishedAt.is_null())
        .all(db)
        .await?
    {
        // Claimed only if no other process claimed it first.
        let claimed = db::exec(
            db,
            "UPDATE import_job SET heartbeat_at = ? WHERE id = ? AND status = 'writing' \
             AND COALESCE(heartbeat_at, created_at) < ?",
            vec![now.into(), job.id.into(), cutoff.into()],
        )
        .await?;
        if claimed == 1 {
            resumed.push((job.id, job.created_by));
        }
    }
    let e = RowError { line: 0, column: String::new(), reason: INTERRUPTED.into() };
    let errors = serde_json::to_string(&[e]).unwrap_or_else(|_| "[]".into());
    let failed = db::exec(
        db,
        &format!(
            "UPDATE import_job SET status = 'failed', errors_json = ?, written_rows = 0, unchanged_rows = 0, \
             finished_at = ? WHERE {left} AND finished_at IS NULL"
        ),
        vec![errors.into(), now.into(), cutoff.into()],
    )
    .await?;
    Ok(Recovered { done, failed, resumed })
}

/// Deletes the uploaded files of jobs that ended `days` days ago or longer
/// (all ended jobs with 0); the jobs themselves, their counts and errors stay.
/// Returns how many files were deleted.
pub async fn purge_uploads(db: &DatabaseConnection, days: u32) -> Result<u64, AppError> {
    let cutoff = Utc::now() - chrono::Duration::days(i64::from(days));
    let n = db::exec(
        db,
        "UPDATE import_job SET content = '' WHERE finished_at IS NOT NULL AND finished_at <= ? AND content <> ''",
        vec![cutoff.into()],
    )
    .await?;
    Ok(n)
}

/// Jobs without their uploaded file (a list or a progress poll needs none of
/// it): `content` reads `"kept"` while the file is kept, empty once deleted.
fn jobs() -> sea_orm::Select<import_job::Entity> {
    use sea_orm::sea_query::Expr;
    use sea_orm::Iterable;
    import_job::Entity::find()
        .select_only()
        .columns(import_job::Column::iter().filter(|c| !matches!(c, import_job::Column::Content)))
        .column_as(Expr::cust("CASE WHEN content = '' THEN '' ELSE 'kept' END"), "content")
}

/// A new job of the same kind from the file failed job `id` kept, for
/// `user_id`; `one_at_a_time` as for [`create_job`]. `err_import_not_failed`
/// unless the job failed, `err_import_file_gone` once its file is deleted.
pub async fn create_again(
    db: &DatabaseConnection,
    id: i64,
    one_at_a_time: impl Fn(&str) -> bool,
    user_id: i64,
) -> Result<(i64, String), AppError> {
    let job = import_job::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    if job.status != "failed" {
        return Err(AppError::Conflict("err_import_not_failed".into()));
    }
    if job.content.is_empty() {
        return Err(AppError::Conflict("err_import_file_gone".into()));
    }
    let exclusive = one_at_a_time(&job.kind);
    let new = create_job(db, &job.kind, exclusive, user_id, &job.file_name, &job.encoding, job.content).await?;
    Ok((new, job.kind))
}

/// The rows of import job `job`, read as the table `columns`. When the header
/// is wrong or no row has data, the job ends as failed (with the reasons) and
/// the answer is `None`; otherwise the job's progress shows the row count.
pub async fn job_records(
    db: &DatabaseConnection,
    job: &import_job::Model,
    columns: &[(&'static str, &'static str)],
    canonical: fn(&str) -> &str,
) -> Result<Option<Vec<Record>>, AppError> {
    let records = match read_table(&job.content, columns, canonical) {
        Ok(r) => r,
        Err(errors) => {
            finish(db, job.id, "failed", &errors, 0, 0).await?;
            return Ok(None);
        }
    };
    if records.is_empty() {
        let e = RowError { line: 1, column: String::new(), reason: "err_import_empty".into() };
        finish(db, job.id, "failed", &[e], 0, 0).await?;
        return Ok(None);
    }
    progress(db, job.id, records.len(), 0).await?;
    Ok(Some(records))
}

pub async fn progress(db: &DatabaseConnection, id: i64, total: usize, checked: usize) -> Result<(), AppError> {
    db::exec(
        db,
        "UPDATE import_job SET total_rows = ?, checked_rows = ? WHERE id = ?",
        vec![(total as i32).into(), (checked as i32).into(), id.into()],
    )
    .await?;
    Ok(())
}

/// Shown errors per job at most.
pub const MAX_SHOWN_ERRORS: usize = 1000;

pub fn view(job: import_job::Model, with_errors: bool) -> ImportJobView {
    let errors: Vec<RowError> = serde_json::from_str(&job.errors_json).unwrap_or_default();
    ImportJobView {
        id: job.id,
        kind: job.kind,
        file_name: job.file_name,
        encoding: job.encoding,
        status: job.status,
        total_rows: job.total_rows,
        checked_rows: job.checked_rows,
        written_rows: job.written_rows,
        unchanged_rows: job.unchanged_rows,
        error_count: errors.len(),
        errors: if with_errors { errors.into_iter().take(MAX_SHOWN_ERRORS).collect() } else { Vec::new() },
        created_at: job.created_at.format("%Y-%m-%d %H:%M").to_string(),
        file_kept: !job.content.is_empty(),
    }
}

pub async fn get(db: &DatabaseConnection, id: i64) -> Result<ImportJobView, AppError> {
    let job = jobs().filter(import_job::Column::Id.eq(id)).one(db).await?.ok_or(AppError::NotFound)?;
    Ok(view(job, true))
}

pub async fn recent(db: &DatabaseConnection, kind: &str) -> Result<Vec<ImportJobView>, AppError> {
    use sea_orm::QueryOrder;
    let jobs = jobs()
        .filter(import_job::Column::Kind.eq(kind))
        .order_by_desc(import_job::Column::Id)
        .limit(20)
        .all(db)
        .await?;
    Ok(jobs.into_iter().map(|j| view(j, false)).collect())
}
