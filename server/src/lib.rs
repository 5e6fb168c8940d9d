//! The Sunshine server: configuration, database connection, the axum router
//! around the Leptos app, the mail worker, the demo seed and the subcommands.

pub mod backup;
pub mod cli;
pub mod config;
pub mod edge;
pub mod headers;
pub mod limits;
pub mod mailer;
pub mod metrics;
pub mod pdf;
pub mod seed;
pub mod seed_charity;
pub mod seed_complaints;
pub mod seed_illegal;
pub mod seed_inspection;
pub mod seed_joint;
pub mod seed_lottery;
pub mod seed_party;
pub mod seed_penalty;
pub mod seed_rating;
pub mod seed_trade;
pub mod seed_trusts;
pub mod seed_units;
pub mod web;

use std::time::Duration;

use app::state::{AppState, Settings};
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr};

/// Connects to the database. SQLite runs in WAL mode with foreign keys on.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    if let Some(path) = url.strip_prefix("sqlite://") {
        let file = path.split('?').next().unwrap_or("");
        if let Some(dir) = std::path::Path::new(file).parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(|e| DbErr::Custom(format!("creating {}: {e}", dir.display())))?;
            }
        }
    }
    let cache_mb = sqlite_mb("SQLITE_CACHE_MB", 4)?;
    let mmap_mb = sqlite_mb("SQLITE_MMAP_MB", 0)?;
    let mut opts = ConnectOptions::new(url.to_string());
    opts.max_connections(16)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(30))
        .sqlx_logging(false)
        // Every pooled connection: WAL, and commits that wait for the WAL write
        // but not for fsync (durable across a process crash; the last commits
        // may be lost only on power loss). A PRAGMA on one connection would
        // leave the others at FULL. Each of the 16 connections keeps a page
        // cache of `SQLITE_CACHE_MB` (4 MiB) and maps `SQLITE_MMAP_MB` of the
        // file (none): the operating system's file cache serves the rest, so a
        // large import does not grow the process by 16 caches and a mapped
        // file (docs/PERFORMANCE.md).
        // A connection that comes back to the pool still inside a transaction
        // (its COMMIT failed and so did the ROLLBACK after it) is discarded,
        // never handed out: a "transaction" begun on it would only be a
        // savepoint inside the stale one, answered as committed but never
        // written, with the write lock held (tests/commit_failure.rs).
        .map_sqlx_sqlite_before_acquire(|conn, _meta| {
            Box::pin(async move {
                if sea_orm::sqlx::Connection::is_in_transaction(conn) {
                    tracing::error!("a pooled SQLite connection was still inside a transaction: discarded");
                    return Ok(false);
                }
                Ok(true)
            })
        })
        .map_sqlx_sqlite_opts(move |o| {
            o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                .pragma("cache_size", format!("-{}", cache_mb * 1024))
                .pragma("mmap_size", (mmap_mb * 1024 * 1024).to_string())
        });
    let db = Database::connect(opts).await?;
    if db.get_database_backend() == DbBackend::Sqlite {
        db.execute_unprepared("PRAGMA journal_mode = WAL").await?;
        db.execute_unprepared("PRAGMA synchronous = NORMAL").await?;
    }
    Ok(db)
}

/// A size in MiB from the environment variable `name` (`default` when unset).
fn sqlite_mb(name: &str, default: u64) -> Result<u64, DbErr> {
    match std::env::var(name).ok().filter(|v| !v.trim().is_empty()) {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|n| *n <= 65_536)
            .ok_or_else(|| DbErr::Custom(format!("{name}: {v:?} is not a size in MiB (0 to 65536)"))),
    }
}

/// Runs this program with glibc's malloc limited to two arenas (one a core
/// here) instead of eight a core: with many threads (the runtime's, one a
/// database connection) the default keeps freed memory in up to sixteen
/// arenas, and a 100,000-row import rose the heap by 500 MB instead of about
/// 200 (docs/PERFORMANCE.md). glibc reads `MALLOC_ARENA_MAX` only as a process
/// starts, so when it is unset the program executes itself again with it set
/// (same process id, same arguments); an explicit value is left alone. Called
/// first thing by the binary and the import benchmark.
pub fn with_small_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        use std::os::unix::process::CommandExt;
        if let Ok(exe) = std::env::current_exe() {
            let err =
                std::process::Command::new(exe).args(std::env::args_os().skip(1)).env("MALLOC_ARENA_MAX", "2").exec();
            eprintln!("warning: not restarted with MALLOC_ARENA_MAX=2 ({err}); continuing");
        }
    }
}

pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

pub fn app_state(db: DatabaseConnection, settings: Settings) -> AppState {
    app::domain::input::set_date_range(settings.date_min, settings.date_max);
    let listener = listen_for_writes(&db);
    let pdf_font = pdf::PdfFont::load(&settings.pdf_font, settings.pdf_font_index);
    AppState::new(db, settings)
        .with(pdf_font)
        .with(app::auth::service::SessionTouches::default())
        .with(app::reports::saves::ReportSaves::default())
        .with(listener)
}

/// The PostgreSQL listener's lifeline: kept in the application state, it
/// ends the listener when the last copy of the state is gone.
#[derive(Clone)]
pub struct WriteListener(#[allow(dead_code)] std::sync::Arc<tokio::sync::watch::Sender<()>>);

/// On PostgreSQL, listens for the writers' notifications (`NOTIFY
/// sunshine_data`, sent by every write transaction as it commits, see
/// `app::db::WriteTxn::commit`) on a connection of its own, so that the data's
/// generation (`app::db::generation`) moves on when any process writes; the
/// copies of public pages depend on it. While the listener is down
/// (reconnecting after a second), there is no generation and no copy is used.
/// Nothing to do on SQLite (the writers raise a row) or outside a tokio
/// runtime.
pub fn listen_for_writes(db: &DatabaseConnection) -> Option<WriteListener> {
    if db.get_database_backend() != sea_orm::DbBackend::Postgres {
        return None;
    }
    let rt = tokio::runtime::Handle::try_current().ok()?;
    let options = db.get_postgres_connection_pool().connect_options().as_ref().clone();
    let counters = app::db::Counters::of(db)?;
    let (lifeline, mut ended) = tokio::sync::watch::channel(());
    rt.spawn(async move {
        use sea_orm::sqlx::postgres::{PgListener, PgPoolOptions};
        let pool = PgPoolOptions::new().max_connections(1).connect_lazy_with(options);
        loop {
            let listener = async {
                let mut l = PgListener::connect_with(&pool).await?;
                l.listen(app::db::DATA_CHANNEL).await?;
                Ok::<_, sea_orm::sqlx::Error>(l)
            };
            let listener = tokio::select! {
                l = listener => l,
                _ = ended.changed() => return,
            };
            match listener {
                Ok(mut l) => {
                    counters.listening(true);
                    loop {
                        tokio::select! {
                            // An error, or `None` when the connection was lost.
                            n = l.try_recv() => match n {
                                Ok(Some(_)) => counters.notified(),
                                _ => break,
                            },
                            _ = ended.changed() => {
                                counters.listening(false);
                                return;
                            }
                        }
                    }
                    counters.listening(false);
                    tracing::warn!("the listener for the writers' notifications lost its connection");
                }
                Err(e) => tracing::warn!(error = %e, "listening for the writers' notifications"),
            }
            tokio::select! {
                _ = tokio::time::sleep(std::time::Duration::from_secs(1)) => {}
                _ = ended.changed() => return,
            }
        }
    });
    Some(WriteListener(std::sync::Arc::new(lifeline)))
}
