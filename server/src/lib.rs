//! The Sunshine server: configuration, database connection, the axum router
//! around the Leptos app, the mail worker, the demo seed and the subcommands.

pub mod backup;
pub mod cli;
pub mod config;
pub mod edge;
pub mod headers;
pub mod limits;
pub mod mailer;
pub mod seed;
pub mod seed_charity;
pub mod seed_inspection;
pub mod seed_lottery;
pub mod seed_rating;
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
    let mut opts = ConnectOptions::new(url.to_string());
    opts.max_connections(16)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(30))
        .sqlx_logging(false)
        // Every pooled connection: WAL, and commits that wait for the WAL write
        // but not for fsync (durable across a process crash; the last commits
        // may be lost only on power loss). A PRAGMA on one connection would
        // leave the others at FULL. Reads go through a memory map (256 MiB)
        // and a 16 MiB page cache per connection rather than a read call a
        // page into SQLite's default 2 MiB cache.
        .map_sqlx_sqlite_opts(|o| {
            o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                .pragma("cache_size", "-16384")
                .pragma("mmap_size", "268435456")
        });
    let db = Database::connect(opts).await?;
    if db.get_database_backend() == DbBackend::Sqlite {
        db.execute_unprepared("PRAGMA journal_mode = WAL").await?;
        db.execute_unprepared("PRAGMA synchronous = NORMAL").await?;
    }
    Ok(db)
}

pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

pub fn app_state(db: DatabaseConnection, settings: Settings) -> AppState {
    app::domain::input::set_date_range(settings.date_min, settings.date_max);
    AppState::new(db, settings)
        .with(app::auth::service::SessionTouches::default())
        .with(app::reports::saves::ReportSaves::default())
}
