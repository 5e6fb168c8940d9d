//! Runs an import job: checks every row (progress stored on the job), checks
//! codes and names against the register, and writes all rows in one
//! transaction only when no row has a problem. Re-importing a file changes
//! nothing: a row whose code is registered with the same items is unchanged.

use std::collections::HashMap;

use chrono::Utc;
use entity::{import_job, organization};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use serde_json::json;

use super::import::{check_row, read_rows, RowError};
use super::service::{insert_org, today};
use super::validate::{CapitalRules, ValidOrg};
use crate::audit::service::{self as audit, Actor, Entry};
use crate::db;
use crate::domain::org_status::OrgStatus;
use crate::error::AppError;
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
    let Some(job) = import_job::Entity::find_by_id(id).one(db).await? else { return Err(AppError::NotFound) };
    let mut am: import_job::ActiveModel = job.into();
    am.status = Set(status.to_string());
    am.errors_json = Set(serde_json::to_string(errors).unwrap_or_else(|_| "[]".into()));
    am.written_rows = Set(written);
    am.unchanged_rows = Set(unchanged);
    am.finished_at = Set(Some(Utc::now()));
    am.update(db).await?;
    Ok(())
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
    let job = import_job::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    Ok(view(job, true))
}

pub async fn recent(db: &DatabaseConnection, kind: &str) -> Result<Vec<super::types::ImportJobView>, AppError> {
    use sea_orm::{QueryOrder, QuerySelect};
    let jobs = import_job::Entity::find()
        .filter(import_job::Column::Kind.eq(kind))
        .order_by_desc(import_job::Column::Id)
        .limit(20)
        .all(db)
        .await?;
    Ok(jobs.into_iter().map(|j| view(j, false)).collect())
}

/// Runs job `id` to the end (status `done` or `failed`).
pub async fn run(db: &DatabaseConnection, settings: &Settings, actor: &Actor, id: i64) -> Result<(), AppError> {
    let job = import_job::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    if job.kind == crate::reports::import::KIND {
        return crate::reports::import::run(db, settings, actor, job).await;
    }
    if job.kind == crate::inspection::types::INSPECTOR_IMPORT_KIND {
        return crate::inspection::import::run(db, actor, job).await;
    }
    if job.kind.starts_with("lottery_") {
        return crate::lottery::import::run(db, settings, actor, job).await;
    }
    let rows = match read_rows(&job.content) {
        Ok(rows) => rows,
        Err(errors) => return finish(db, id, "failed", &errors, 0, 0).await,
    };
    if rows.is_empty() {
        let e = RowError { line: 1, column: String::new(), reason: "err_import_empty".into() };
        return finish(db, id, "failed", &[e], 0, 0).await;
    }
    let total = rows.len();
    progress(db, id, total, 0).await?;
    let rules = CapitalRules::default();
    let today = today();
    let (mut codes, mut names) = (HashMap::new(), HashMap::new());
    let mut errors: Vec<RowError> = Vec::new();
    let mut valid: Vec<(u64, ValidOrg)> = Vec::with_capacity(total);
    for (n, chunk) in rows.chunks(CHUNK).enumerate() {
        for row in chunk {
            match check_row(row, &settings.districts, &rules, today, &mut codes, &mut names) {
                Ok(v) => valid.push((row.line, v)),
                Err(mut e) => errors.append(&mut e),
            }
        }
        // Against the register: same code with other items, or a name taken by another organization.
        let start = valid.len().saturating_sub(chunk.len());
        let batch = &valid[start..];
        let codes_in: Vec<String> = batch.iter().map(|(_, v)| v.credit_code.clone()).collect();
        let existing: HashMap<String, organization::Model> = organization::Entity::find()
            .filter(organization::Column::CreditCode.is_in(codes_in))
            .all(db)
            .await?
            .into_iter()
            .map(|o| (o.credit_code.clone(), o))
            .collect();
        let names_in: Vec<String> = batch.iter().map(|(_, v)| v.name.clone()).collect();
        let taken: HashMap<String, String> = organization::Entity::find()
            .filter(organization::Column::Name.is_in(names_in))
            .filter(organization::Column::Status.eq(OrgStatus::Active.as_str()))
            .all(db)
            .await?
            .into_iter()
            .map(|o| (o.name, o.credit_code))
            .collect();
        for (line, v) in batch {
            match existing.get(&v.credit_code) {
                Some(o) if !same(o, v) => errors.push(RowError {
                    line: *line,
                    column: "统一社会信用代码".into(),
                    reason: "err_import_code_differs".into(),
                }),
                Some(_) => {}
                None => {
                    if taken.get(&v.name).is_some_and(|code| *code != v.credit_code) {
                        errors.push(RowError { line: *line, column: "名称".into(), reason: "err_name_taken".into() });
                    }
                }
            }
        }
        progress(db, id, total, ((n + 1) * CHUNK).min(total)).await?;
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        return finish(db, id, "failed", &errors, 0, 0).await;
    }
    db::exec(db, "UPDATE import_job SET status = 'writing' WHERE id = ?", vec![id.into()]).await?;
    let all_codes: Vec<String> = valid.iter().map(|(_, v)| v.credit_code.clone()).collect();
    let txn = db::begin_write(db).await?;
    let mut registered = std::collections::HashSet::new();
    for chunk in all_codes.chunks(CHUNK) {
        let found = organization::Entity::find()
            .filter(organization::Column::CreditCode.is_in(chunk.to_vec()))
            .all(&txn)
            .await?;
        registered.extend(found.into_iter().map(|o| o.credit_code));
    }
    let (mut written, mut unchanged) = (0, 0);
    for (_, v) in &valid {
        if registered.contains(&v.credit_code) {
            unchanged += 1;
            continue;
        }
        let org = insert_org(&txn, settings, v, actor).await?;
        audit::record(
            &txn,
            actor,
            Entry {
                action: "import",
                entity: "organization",
                entity_id: org.id.to_string(),
                before: None,
                after: Some(json!({"name": org.name, "credit_code": org.credit_code, "job": id})),
            },
        )
        .await?;
        written += 1;
    }
    txn.commit().await?;
    finish(db, id, "done", &[], written, unchanged).await
}
