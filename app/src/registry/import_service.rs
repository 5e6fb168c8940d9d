//! Runs an organization import job: checks every row (progress stored on the job), checks
//! codes and names against the register, and writes all rows in one
//! transaction only when no row has a problem. Re-importing a file changes
//! nothing: a row whose code is registered with the same items is unchanged.

use std::collections::HashMap;

use std::time::{Duration, Instant};

use entity::{import_job, organization};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::import::{check_row, open_rows, row_of, RowError};
use super::validate::{CapitalRules, ValidOrg};
use crate::audit::service::Actor;
use crate::db;
use crate::domain::org_status::OrgStatus;
use crate::error::AppError;
use crate::kernel::clock::today;
use crate::kernel::import::{commit_done, finish, progress};
use crate::state::Settings;

/// Rows checked between two progress updates.
const CHUNK: usize = 500;

/// Whether a registered organization already holds exactly these items.
fn same(o: &organization::Model, v: &ValidOrg) -> bool {
    o.name == v.name
        && o.org_type == v.org_type.as_str()
        && o.domicile == v.domicile
        && o.district == v.district
        && o.legal_rep == v.legal_rep
        && o.capital_fen == v.capital_fen
        && o.supervisory_unit == v.supervisory_unit
        && o.business_scope == v.business_scope
        && o.registration_date == v.registration_date
        // A file without the sector (an older file) says nothing about it.
        && (v.trade_sector.is_none() || o.trade_sector == v.trade_sector)
}

/// What an organization import did and how long its write transaction held
/// the write lock (the benchmark's figure).
#[derive(Clone, Copy, Debug, Default)]
pub struct ImportStats {
    pub rows: usize,
    pub written: i32,
    pub unchanged: i32,
    /// The longest a write transaction of the import held the write lock.
    pub write_held: Duration,
    /// Write transactions (batches on SQLite).
    pub batches: u32,
}

/// Runs organization import `job` to the end, its staged rows deleted before
/// it is shown as ended; the figures of its write when it wrote.
pub async fn run(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    job: import_job::Model,
) -> Result<Option<ImportStats>, AppError> {
    let id = job.id;
    let out = run_orgs(db, settings, actor, job).await;
    if out.is_err() {
        // Ended by a failure on the way: its staged rows go too.
        super::service::unstage(db, Some(id)).await?;
    }
    out
}

/// Ends organization import `id`: its staged rows are deleted first, so a
/// job shown as ended has none left (written or not).
async fn end(
    db: &DatabaseConnection,
    id: i64,
    status: &str,
    errors: &[RowError],
    written: i32,
    unchanged: i32,
) -> Result<(), AppError> {
    super::service::unstage(db, Some(id)).await?;
    finish(db, id, status, errors, written, unchanged).await
}

/// The organization import. The file is read and checked row by row, against
/// the register in chunks, all outside the write lock; each checked chunk is
/// staged in `import_row` in a short write of its own (only the chunk at hand
/// is held in memory). Only when no row has a problem does one short
/// transaction move every new staged row into the register in a few set-based
/// statements; otherwise nothing is written. The staged rows are deleted when
/// the job ends (`crate::imports::run_or_fail`).
async fn run_orgs(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    job: import_job::Model,
) -> Result<Option<ImportStats>, AppError> {
    let id = job.id;
    if job.status == "writing" {
        // Checked to the end by a run that was interrupted while writing: the rows it left staged go in now.
        drop(job);
        return write_staged(db, id, actor).await;
    }
    // Rows a crashed earlier run of this job may have left.
    super::service::unstage(db, Some(id)).await?;
    let mut table = match open_rows(&job.content) {
        Ok(t) => t,
        Err(errors) => return end(db, id, "failed", &errors, 0, 0).await.map(|_| None),
    };
    // The progress bar's total before the count is known: the file's lines.
    let lines = job.content.bytes().filter(|b| *b == b'\n').count().max(1);
    progress(db, id, lines, 0).await?;
    let rules = CapitalRules::default();
    let today = today();
    let (mut codes, mut names) = (HashMap::new(), HashMap::new());
    let (mut errors, mut broken): (Vec<RowError>, Vec<RowError>) = (Vec::new(), Vec::new());
    // Rows already registered with the same items, and rows staged.
    let (mut registered, mut staged) = (0usize, 0usize);
    let mut total = 0usize;
    let mut chunk = Vec::with_capacity(CHUNK);
    let mut valid: Vec<(u64, ValidOrg)> = Vec::with_capacity(CHUNK);
    loop {
        chunk.clear();
        valid.clear();
        while chunk.len() < CHUNK {
            match table.next_record() {
                Some(Ok(record)) => chunk.push(row_of(record)),
                Some(Err(e)) => broken.push(e),
                None => break,
            }
        }
        if chunk.is_empty() {
            break;
        }
        total += chunk.len();
        for row in &chunk {
            match check_row(row, &settings.districts, &rules, today, &mut codes, &mut names) {
                Ok(v) => valid.push((row.line, v)),
                Err(mut e) => errors.append(&mut e),
            }
        }
        // Against the register: same code with other items, or a name taken by another organization.
        let codes_in: Vec<String> = valid.iter().map(|(_, v)| v.credit_code.clone()).collect();
        let existing: HashMap<String, organization::Model> = organization::Entity::find()
            .filter(organization::Column::CreditCode.is_in(codes_in))
            .all(db)
            .await?
            .into_iter()
            .map(|o| (o.credit_code.clone(), o))
            .collect();
        let names_in: Vec<String> = valid.iter().map(|(_, v)| v.name.clone()).collect();
        let taken: HashMap<String, String> = organization::Entity::find()
            .filter(organization::Column::Name.is_in(names_in))
            .filter(organization::Column::Status.eq(OrgStatus::Active.as_str()))
            .all(db)
            .await?
            .into_iter()
            .map(|o| (o.name, o.credit_code))
            .collect();
        let mut new: Vec<(u64, &ValidOrg)> = Vec::with_capacity(valid.len());
        for (line, v) in &valid {
            match existing.get(&v.credit_code) {
                Some(o) if !same(o, v) => errors.push(RowError {
                    line: *line,
                    column: "统一社会信用代码".into(),
                    reason: "err_import_code_differs".into(),
                }),
                Some(_) => registered += 1,
                None => {
                    if taken.get(&v.name).is_some_and(|code| *code != v.credit_code) {
                        errors.push(RowError { line: *line, column: "名称".into(), reason: "err_name_taken".into() });
                    } else {
                        new.push((*line, v));
                    }
                }
            }
        }
        // Once a row has a problem nothing will be written: stage no more.
        if errors.is_empty() && broken.is_empty() {
            for line in super::service::stage_orgs(db, settings, id, &new).await? {
                errors.push(RowError { line, column: "名称".into(), reason: "err_name_taken".into() });
            }
            staged += new.len();
        }
        progress(db, id, lines.max(total), total).await?;
    }
    drop(table);
    drop(job);
    drop((codes, names, chunk, valid));
    if !broken.is_empty() {
        return end(db, id, "failed", &broken, 0, 0).await.map(|_| None);
    }
    if total == 0 {
        let e = RowError { line: 1, column: String::new(), reason: "err_import_empty".into() };
        return end(db, id, "failed", &[e], 0, 0).await.map(|_| None);
    }
    progress(db, id, total, total).await?;
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        return end(db, id, "failed", &errors, 0, 0).await.map(|_| None);
    }
    // Every row is checked: from here the job is written to the end, resumed from its staged rows if interrupted.
    db::exec(
        db,
        "UPDATE import_job SET status = 'writing', written_rows = 0, unchanged_rows = ? WHERE id = ?",
        vec![(registered as i32).into(), id.into()],
    )
    .await?;
    tracing::info!(job = id, rows = total, staged, "import checked, writing");
    write_staged(db, id, actor).await.map(|s| s.map(|s| ImportStats { rows: total, ..s }))
}

/// Attempts at a batch before [`write_staged`] gives up for this run.
const WRITE_ATTEMPTS: u32 = 8;

/// Writes the staged rows of job `id` (status `writing`) into the register
/// and ends it `done` in the transaction of the last batch.
///
/// On SQLite each batch of [`WRITE_BATCH`](super::service::WRITE_BATCH) rows
/// is a write transaction of its own, so the write lock is never held for
/// long; the checks are all done, a batch only inserts rows already checked
/// (and leaves out a code registered meanwhile), and a batch that fails is
/// tried again. Should it still fail, the job stays `writing` with its rows
/// left staged, and the next server start resumes it: the register ends with
/// every row, never a part. On PostgreSQL, where a long transaction blocks no
/// other writer, the batches run in one transaction: all or nothing.
pub async fn write_staged(db: &DatabaseConnection, id: i64, actor: &Actor) -> Result<Option<ImportStats>, AppError> {
    let one_txn = db.get_database_backend() == sea_orm::DbBackend::Postgres;
    let started = Instant::now();
    let mut stats = ImportStats::default();
    let mut attempt = 0;
    loop {
        match write_batches(db, id, actor, one_txn, &mut stats).await {
            Ok((written, unchanged)) => {
                (stats.written, stats.unchanged) = (written, unchanged);
                break;
            }
            Err(e) if attempt + 1 < WRITE_ATTEMPTS => {
                attempt += 1;
                let wait = Duration::from_secs((1u64 << attempt).min(30));
                tracing::warn!(job = id, error = ?e, attempt, "import batch failed; trying again in {wait:?}");
                tokio::time::sleep(wait).await;
            }
            Err(e) if one_txn => return Err(e),
            Err(e) => {
                tracing::error!(job = id, error = ?e, "import batch failed; the job resumes at the next start");
                return Ok(None);
            }
        }
    }
    tracing::info!(
        job = id,
        written = stats.written,
        batches = stats.batches,
        longest_ms = stats.write_held.as_millis() as u64,
        total_ms = started.elapsed().as_millis() as u64,
        "import written"
    );
    Ok(Some(stats))
}

/// The batches of [`write_staged`] until no staged row is left; the longest
/// hold of the write lock and the number of batches go into `stats`. Returns
/// the job's written and unchanged rows.
async fn write_batches(
    db: &DatabaseConnection,
    id: i64,
    actor: &Actor,
    one_txn: bool,
    stats: &mut ImportStats,
) -> Result<(i32, i32), AppError> {
    let mut txn = db::begin_write(db).await?;
    let mut held = Instant::now();
    loop {
        let b = write_batch(&txn, id, actor).await?;
        stats.batches += 1;
        if !b.more {
            let (written, unchanged) = counts(&txn, id).await?;
            commit_done(txn, db, id, written, unchanged).await?;
            stats.write_held = stats.write_held.max(held.elapsed());
            return Ok((written, unchanged));
        }
        if !one_txn {
            txn.commit().await?;
            stats.write_held = stats.write_held.max(held.elapsed());
            txn = db::begin_write(db).await?;
            held = Instant::now();
        }
    }
}

/// One batch of job `id`'s staged rows into the register
/// ([`super::service::write_batch`]), its counts added to the job's, in the
/// caller's write transaction.
pub async fn write_batch(
    txn: &sea_orm::DatabaseTransaction,
    id: i64,
    actor: &Actor,
) -> Result<super::service::Batch, AppError> {
    let b = super::service::write_batch(txn, id, actor).await?;
    db::exec(
        txn,
        "UPDATE import_job SET written_rows = written_rows + ?, unchanged_rows = unchanged_rows + ? WHERE id = ?",
        vec![(b.written as i32).into(), ((b.taken - b.written) as i32).into(), id.into()],
    )
    .await?;
    Ok(b)
}

/// Job `id`'s written and unchanged rows so far (its uploaded file is not read).
async fn counts<C: sea_orm::ConnectionTrait>(db: &C, id: i64) -> Result<(i32, i32), AppError> {
    let row = db
        .query_one_raw(db::stmt(
            db.get_database_backend(),
            "SELECT written_rows, unchanged_rows FROM import_job WHERE id = ?",
            vec![id.into()],
        ))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((row.try_get("", "written_rows")?, row.try_get("", "unchanged_rows")?))
}
