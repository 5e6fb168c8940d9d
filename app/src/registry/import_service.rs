//! Runs an import job: checks every row (progress stored on the job), checks
//! codes and names against the register, and writes all rows in one
//! transaction only when no row has a problem. Re-importing a file changes
//! nothing: a row whose code is registered with the same items is unchanged.

use std::collections::HashMap;

use std::time::{Duration, Instant};

use chrono::Utc;
use entity::{import_job, organization};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect, Set};

use super::import::{check_row, open_rows, row_of, RowError};
use super::validate::{CapitalRules, ValidOrg};
use crate::audit::service::Actor;
use crate::db;
use crate::domain::org_status::OrgStatus;
use crate::error::AppError;
use crate::kernel::clock::today;
use crate::state::Settings;

/// Rows checked between two progress updates.
const CHUNK: usize = 500;

/// Creates a job for a decoded file and returns its id.
pub async fn create_job(
    db: &DatabaseConnection,
    kind: &str,
    user_id: i64,
    file_name: &str,
    encoding: &str,
    content: String,
) -> Result<i64, AppError> {
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
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(job.id)
}

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
}

pub(crate) async fn finish(
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

/// Jobs without their uploaded file (a list or a progress poll needs none of it).
fn jobs() -> sea_orm::Select<import_job::Entity> {
    use sea_orm::sea_query::Expr;
    use sea_orm::Iterable;
    import_job::Entity::find()
        .select_only()
        .columns(import_job::Column::iter().filter(|c| !matches!(c, import_job::Column::Content)))
        .column_as(Expr::val(""), "content")
}

/// The rows of import job `job`, read as the table `columns`. When the header
/// is wrong or no row has data, the job ends as failed (with the reasons) and
/// the answer is `None`; otherwise the job's progress shows the row count.
pub(crate) async fn job_records(
    db: &DatabaseConnection,
    job: &import_job::Model,
    columns: &[(&'static str, &'static str)],
    canonical: fn(&str) -> &str,
) -> Result<Option<Vec<super::import::Record>>, AppError> {
    let records = match super::import::read_table(&job.content, columns, canonical) {
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

pub(crate) async fn progress(db: &DatabaseConnection, id: i64, total: usize, checked: usize) -> Result<(), AppError> {
    db::exec(
        db,
        "UPDATE import_job SET total_rows = ?, checked_rows = ? WHERE id = ?",
        vec![(total as i32).into(), (checked as i32).into(), id.into()],
    )
    .await?;
    Ok(())
}

/// Runs job `id`; a database failure on the way also ends the job as
/// `failed`, so it never stays "checking" for ever.
pub async fn run_or_fail(db: &DatabaseConnection, settings: &Settings, actor: &Actor, id: i64) {
    if let Err(e) = run(db, settings, actor, id).await {
        tracing::error!(job = id, error = ?e, "import failed");
        let err = RowError { line: 0, column: String::new(), reason: "err_internal".into() };
        let _ = finish(db, id, "failed", &[err], 0, 0).await;
    }
    // The staged rows go when the job ends (with those of any ended job a crash left).
    if let Err(e) = super::service::unstage(db, None).await {
        tracing::error!(error = ?e, "deleting staged import rows failed");
    }
    // The file is kept `import_retention_days` after its job ends, then deleted.
    if let Err(e) = purge_uploads(db, settings.import_retention_days).await {
        tracing::error!(error = ?e, "deleting old import files failed");
    }
}

/// Shown errors per job at most.
pub const MAX_SHOWN_ERRORS: usize = 1000;

pub fn view(job: import_job::Model, with_errors: bool) -> super::types::ImportJobView {
    let errors: Vec<RowError> = serde_json::from_str(&job.errors_json).unwrap_or_default();
    super::types::ImportJobView {
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
    }
}

pub async fn get(db: &DatabaseConnection, id: i64) -> Result<super::types::ImportJobView, AppError> {
    let job = jobs().filter(import_job::Column::Id.eq(id)).one(db).await?.ok_or(AppError::NotFound)?;
    Ok(view(job, true))
}

pub async fn recent(db: &DatabaseConnection, kind: &str) -> Result<Vec<super::types::ImportJobView>, AppError> {
    use sea_orm::QueryOrder;
    let jobs = jobs()
        .filter(import_job::Column::Kind.eq(kind))
        .order_by_desc(import_job::Column::Id)
        .limit(20)
        .all(db)
        .await?;
    Ok(jobs.into_iter().map(|j| view(j, false)).collect())
}

/// Runs job `id` to the end (status `done` or `failed`).
pub async fn run(db: &DatabaseConnection, settings: &Settings, actor: &Actor, id: i64) -> Result<(), AppError> {
    run_with_stats(db, settings, actor, id).await.map(|_| ())
}

/// What an organization import did and how long its write transaction held
/// the write lock (the benchmark's figure).
#[derive(Clone, Copy, Debug, Default)]
pub struct ImportStats {
    pub rows: usize,
    pub written: i32,
    pub unchanged: i32,
    pub write_held: Duration,
}

/// Runs job `id` to the end; for an organization import that wrote, the
/// figures of its write.
pub async fn run_with_stats(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    id: i64,
) -> Result<Option<ImportStats>, AppError> {
    let job = import_job::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    if job.kind == crate::reports::import::KIND {
        return crate::reports::import::run(db, settings, actor, job).await.map(|_| None);
    }
    if job.kind == crate::inspection::types::INSPECTOR_IMPORT_KIND {
        return crate::inspection::import::run(db, actor, job).await.map(|_| None);
    }
    if job.kind.starts_with("lottery_") {
        return crate::lottery::import::run(db, settings, actor, job).await.map(|_| None);
    }
    let out = run_orgs(db, settings, actor, job).await;
    // The staged rows go when the job ends, written or not.
    super::service::unstage(db, Some(id)).await?;
    out
}

/// The organization import. The file is read and checked row by row, against
/// the register in chunks, all outside the write lock; each checked chunk is
/// staged in `import_row` in a short write of its own (only the chunk at hand
/// is held in memory). Only when no row has a problem does one short
/// transaction move every new staged row into the register in a few set-based
/// statements; otherwise nothing is written. The staged rows are deleted when
/// the job ends (`run_or_fail`).
async fn run_orgs(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    job: import_job::Model,
) -> Result<Option<ImportStats>, AppError> {
    let id = job.id;
    // Rows a crashed earlier run of this job may have left.
    super::service::unstage(db, Some(id)).await?;
    let mut table = match open_rows(&job.content) {
        Ok(t) => t,
        Err(errors) => return finish(db, id, "failed", &errors, 0, 0).await.map(|_| None),
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
            super::service::stage_orgs(db, settings, id, &new).await?;
            staged += new.len();
        }
        progress(db, id, lines.max(total), total).await?;
    }
    drop(table);
    drop(job);
    drop((codes, names, chunk, valid));
    if !broken.is_empty() {
        return finish(db, id, "failed", &broken, 0, 0).await.map(|_| None);
    }
    if total == 0 {
        let e = RowError { line: 1, column: String::new(), reason: "err_import_empty".into() };
        return finish(db, id, "failed", &[e], 0, 0).await.map(|_| None);
    }
    progress(db, id, total, total).await?;
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        return finish(db, id, "failed", &errors, 0, 0).await.map(|_| None);
    }
    db::exec(db, "UPDATE import_job SET status = 'writing' WHERE id = ?", vec![id.into()]).await?;
    let started = Instant::now();
    let txn = db::begin_write(db).await?;
    // A staged row registered meanwhile (after the check read the register) is left out: unchanged, as a re-import is.
    let written = if staged == 0 { 0 } else { super::service::insert_staged(&txn, id, actor).await? };
    txn.commit().await?;
    let write_held = started.elapsed();
    let written = written as i32;
    let unchanged = (registered + staged) as i32 - written;
    tracing::info!(job = id, rows = total, written, held_ms = write_held.as_millis() as u64, "import written");
    finish(db, id, "done", &[], written, unchanged).await?;
    Ok(Some(ImportStats { rows: total, written, unchanged, write_held }))
}
