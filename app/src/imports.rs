//! Which importer runs an import job of which kind: the app's dispatch table
//! (part of the shell, like the route table; the job runner itself is the
//! kernel's, `kernel::import`).

use entity::import_job;
use sea_orm::{DatabaseConnection, EntityTrait};

use crate::audit::service::Actor;
use crate::error::AppError;
use crate::kernel::import::{finish, heartbeat, purge_uploads, recover_stale, Recovered, RowError};
use crate::registry::import_service::ImportStats;
use crate::state::Settings;

/// Runs job `id`, renewing its heartbeat meanwhile; a database failure on
/// the way also ends the job as `failed`, so it never stays "checking" for
/// ever (nor, through [`recover`], when the process dies).
pub async fn run_or_fail(db: &DatabaseConnection, settings: &Settings, actor: &Actor, id: i64) {
    let beat = heartbeat(db.clone(), id, stale_after(settings));
    if let Err(e) = run(db, settings, actor, id).await {
        tracing::error!(job = id, error = ?e, "import failed");
        let err = RowError { line: 0, column: String::new(), reason: "err_internal".into() };
        let _ = finish(db, id, "failed", &[err], 0, 0).await;
    }
    drop(beat);
    // The staged rows go when the job ends (with those of any ended job a crash left).
    if let Err(e) = crate::registry::service::unstage(db, None).await {
        tracing::error!(error = ?e, "deleting staged import rows failed");
    }
    // The file is kept `import_retention_days` after its job ends, then deleted.
    if let Err(e) = purge_uploads(db, settings.import_retention_days).await {
        tracing::error!(error = ?e, "deleting old import files failed");
    }
}

fn stale_after(settings: &Settings) -> std::time::Duration {
    std::time::Duration::from_secs(settings.import_stale_seconds)
}

/// Ends the jobs a dead process left running — a heartbeat older than
/// `import_stale_seconds` (`kernel::import::recover_stale`: failed, nothing
/// written, or done when its write was committed) — and deletes their staged
/// rows; an organization import interrupted while writing its checked rows in
/// batches is finished in the background instead (it is never left half
/// written). A server runs it as it starts; jobs other live servers run are
/// left alone.
pub async fn recover(db: &DatabaseConnection, settings: &Settings) -> Result<Recovered, AppError> {
    let r = recover_stale(db, stale_after(settings), &[crate::registry::types::ORG_IMPORT_KIND]).await?;
    crate::registry::service::unstage(db, None).await?;
    for (id, author) in r.resumed.iter().copied() {
        let actor = match entity::app_user::Entity::find_by_id(author).one(db).await? {
            Some(u) => Actor { id: Some(u.id), name: u.username, role: u.role },
            None => Actor::system("import"),
        };
        let (db, settings) = (db.clone(), settings.clone());
        tokio::spawn(async move { run_or_fail(&db, &settings, &actor, id).await });
    }
    Ok(r)
}

/// Runs job `id` to the end (status `done` or `failed`).
pub async fn run(db: &DatabaseConnection, settings: &Settings, actor: &Actor, id: i64) -> Result<(), AppError> {
    run_with_stats(db, settings, actor, id).await.map(|_| ())
}

/// Runs job `id` to the end with the importer of its kind; for an
/// organization import that wrote, the figures of its write.
pub async fn run_with_stats(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    id: i64,
) -> Result<Option<ImportStats>, AppError> {
    let job = import_job::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    match job.kind.as_str() {
        crate::reports::import::KIND => crate::reports::import::run(db, settings, actor, job).await.map(|_| None),
        crate::inspection::types::INSPECTOR_IMPORT_KIND => {
            crate::inspection::import::run(db, actor, job).await.map(|_| None)
        }
        kind if kind.starts_with("lottery_") => {
            crate::lottery::import::run(db, settings, actor, job).await.map(|_| None)
        }
        _ => crate::registry::import_service::run(db, settings, actor, job).await,
    }
}
