//! Backups of the embedded SQLite database: a consistent copy while the
//! server runs (`VACUUM INTO`, one read transaction), a restore that refuses
//! while a server uses the database and checks the copy (integrity, audit
//! chain, tallies) before it replaces anything, and the scheduled daily copy
//! with its retention. PostgreSQL is backed up with `pg_dump` (docs/DEPLOY.md).

use std::fs::File;
use std::path::{Path, PathBuf};

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};

/// The database file of a `sqlite://` URL (`None` for PostgreSQL).
pub fn sqlite_file(url: &str) -> Option<PathBuf> {
    let path = url.strip_prefix("sqlite://")?.split('?').next()?;
    (!path.is_empty()).then(|| PathBuf::from(path))
}

/// The file beside the database whose lock says a process uses it, opened
/// (made if missing) to be locked.
fn lock_file(db: &Path) -> Result<File, String> {
    let path = with_suffix(db, ".lock");
    File::options().create(true).truncate(false).write(true).open(&path).map_err(|e| format!("{}: {e}", path.display()))
}

/// A shared lock on the database's lock file, held while a server (or the
/// daily jobs) uses the database: a restore takes it exclusively, so it
/// refuses while any such process runs. Released when dropped or when the
/// process ends, however it ends.
pub struct InUse(#[allow(dead_code)] File);

/// Marks the SQLite database of `url` as in use for as long as the answer is
/// kept (nothing for PostgreSQL).
pub fn hold(url: &str) -> Result<Option<InUse>, String> {
    let Some(db) = sqlite_file(url) else { return Ok(None) };
    let file = lock_file(&db)?;
    file.lock_shared().map_err(|e| format!("{}.lock: {e}", db.display()))?;
    Ok(Some(InUse(file)))
}

/// Writes a consistent copy of the database to `to` (which must not exist)
/// while others keep reading and writing; returns its size in bytes.
pub async fn backup(db: &DatabaseConnection, to: &Path) -> Result<u64, String> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return Err("PostgreSQL is backed up with pg_dump: see docs/DEPLOY.md".into());
    }
    if to.exists() {
        return Err(format!("{} exists: a backup never overwrites a file", to.display()));
    }
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let target = to.to_str().ok_or_else(|| format!("{}: not a UTF-8 path", to.display()))?;
    db.execute_raw(Statement::from_string(DbBackend::Sqlite, format!("VACUUM INTO '{}'", target.replace('\'', "''"))))
        .await
        .map_err(|e| format!("backup to {}: {e}", to.display()))?;
    std::fs::metadata(to).map(|m| m.len()).map_err(|e| format!("{}: {e}", to.display()))
}

/// What a restore checked in the copy before putting it in place.
#[derive(Debug)]
pub struct Restored {
    pub audit_records: i64,
    /// The database the copy replaced, kept beside it (none if there was none).
    pub previous: Option<PathBuf>,
}

/// Replaces the SQLite database of `url` with the backup `from`. Refused
/// while a server uses the database ([`hold`]). The copy is checked first —
/// SQLite's integrity check, the migrations brought up to this build, the
/// audit chain intact and the dashboard's tallies equal to a recount — and
/// only then moved in; the database it replaces is kept as
/// `<file>.before-restore-<time>` (with its WAL).
pub async fn restore(url: &str, from: &Path) -> Result<Restored, String> {
    let db_file = sqlite_file(url).ok_or("restore is for the SQLite database; PostgreSQL uses pg_restore")?;
    if !from.is_file() {
        return Err(format!("{}: no such backup file", from.display()));
    }
    let lock = lock_file(&db_file)?;
    if lock.try_lock().is_err() {
        return Err(format!(
            "a server (or the daily jobs) is using {}: stop it first (systemctl stop sunshine)",
            db_file.display()
        ));
    }
    let staged = with_suffix(&db_file, ".restoring");
    let _ = std::fs::remove_file(&staged);
    std::fs::copy(from, &staged).map_err(|e| format!("copying {}: {e}", from.display()))?;
    let checked = check_copy(&staged).await;
    let audit_records = match checked {
        Ok(n) => n,
        Err(e) => {
            for f in [staged.clone(), with_suffix(&staged, "-wal"), with_suffix(&staged, "-shm")] {
                let _ = std::fs::remove_file(f);
            }
            return Err(format!("{} was not restored: {e}", from.display()));
        }
    };
    let previous = if db_file.exists() {
        let kept = with_suffix(&db_file, &format!(".before-restore-{}", chrono::Utc::now().format("%Y%m%d%H%M%S")));
        for suffix in ["", "-wal", "-shm"] {
            let f = with_suffix(&db_file, suffix);
            if f.exists() {
                std::fs::rename(&f, with_suffix(&kept, suffix)).map_err(|e| format!("{}: {e}", f.display()))?;
            }
        }
        Some(kept)
    } else {
        None
    };
    std::fs::rename(&staged, &db_file).map_err(|e| format!("{}: {e}", db_file.display()))?;
    for leftover in [with_suffix(&staged, "-wal"), with_suffix(&staged, "-shm")] {
        let _ = std::fs::remove_file(leftover);
    }
    drop(lock);
    Ok(Restored { audit_records, previous })
}

/// `path` with `suffix` appended to its file name.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Checks a copied database in place: integrity, migrations, audit chain,
/// tallies. Returns the audit chain's length.
async fn check_copy(file: &Path) -> Result<i64, String> {
    let url = format!("sqlite://{}?mode=rw", file.display());
    let db = crate::connect(&url).await.map_err(|e| format!("not a database: {e}"))?;
    let out = async {
        let row = db
            .query_one_raw(Statement::from_string(DbBackend::Sqlite, "PRAGMA integrity_check"))
            .await
            .map_err(|e| format!("not a database: {e}"))?
            .ok_or("not a database")?;
        let verdict: String = row.try_get_by_index(0).map_err(|e| e.to_string())?;
        if verdict != "ok" {
            return Err(format!("SQLite's integrity check failed: {verdict}"));
        }
        crate::migrate(&db).await.map_err(|e| format!("not a Sunshine database: {e}"))?;
        // A copy from before the audit key is sealed with this one; a copy
        // sealed by another key is refused (restore that key's file first).
        app::audit::service::seal(&db).await.map_err(|e| format!("its audit chain: {e}"))?;
        let records = match app::audit::service::verify(&db).await.map_err(|e| e.to_string())? {
            app::audit::types::ChainCheck::Intact { records } => records,
            app::audit::types::ChainCheck::Broken { seq, reason } => {
                return Err(format!("its audit chain is broken at record {seq}: {reason}"))
            }
        };
        let diffs = app::dashboard::service::tally_check(&db).await.map_err(|e| e.to_string())?;
        if !diffs.is_empty() {
            return Err(format!("its dashboard tallies disagree with its records in {} places", diffs.len()));
        }
        Ok(records)
    }
    .await;
    // The copy is checkpointed and closed before it is moved.
    let _ = db.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)").await;
    let _ = db.close().await;
    out
}

/// The scheduled backup: one copy a day in `dir` (`sunshine-YYYY-MM-DD.db`,
/// written under a temporary name and renamed, so a file with that name is
/// whole), keeping the newest `keep`. Returns the new file, if one was made.
pub async fn daily(
    db: &DatabaseConnection,
    dir: &Path,
    keep: usize,
    today: chrono::NaiveDate,
) -> Result<Option<PathBuf>, String> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return Ok(None);
    }
    let file = dir.join(format!("sunshine-{today}.db"));
    let made = if file.exists() {
        None
    } else {
        let partial = dir.join(format!(".sunshine-{today}.db.partial"));
        let _ = std::fs::remove_file(&partial);
        backup(db, &partial).await?;
        std::fs::rename(&partial, &file).map_err(|e| format!("{}: {e}", file.display()))?;
        Some(file)
    };
    let mut copies: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("sunshine-") && n.ends_with(".db"))
        })
        .collect();
    copies.sort();
    let surplus = copies.len().saturating_sub(keep.max(1));
    for old in &copies[..surplus] {
        std::fs::remove_file(old).map_err(|e| format!("{}: {e}", old.display()))?;
    }
    Ok(made)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_file_of_a_url() {
        assert_eq!(sqlite_file("sqlite://data/sunshine.db?mode=rwc"), Some(PathBuf::from("data/sunshine.db")));
        assert_eq!(sqlite_file("sqlite:///var/lib/s.db"), Some(PathBuf::from("/var/lib/s.db")));
        assert_eq!(sqlite_file("postgres://u@h/db"), None);
        assert_eq!(with_suffix(Path::new("d/s.db"), "-wal"), PathBuf::from("d/s.db-wal"));
    }
}
