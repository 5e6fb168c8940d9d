//! Writes one SQL text for both backends by substituting column types.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

/// Replaces `{ID}`, `{TS}`, `{DATE}`, `{BOOL}` and `{BLOB}` with the backend's types.
pub fn dialect(backend: DatabaseBackend, sql: &str) -> String {
    let (id, ts, date, boolean, blob) = match backend {
        DatabaseBackend::Postgres => ("BIGSERIAL PRIMARY KEY", "TIMESTAMPTZ", "DATE", "BOOLEAN", "BYTEA"),
        _ => ("INTEGER PRIMARY KEY AUTOINCREMENT", "TEXT", "TEXT", "INTEGER", "BLOB"),
    };
    sql.replace("{ID}", id)
        .replace("{TS}", ts)
        .replace("{DATE}", date)
        .replace("{BOOL}", boolean)
        .replace("{BLOB}", blob)
}

/// Runs each `;`-separated statement of `sql` after [`dialect`].
pub async fn run(manager: &SchemaManager<'_>, sql: &str) -> Result<(), DbErr> {
    let backend = manager.get_database_backend();
    let db = manager.get_connection();
    for stmt in dialect(backend, sql).split(";\n") {
        let stmt = stmt.trim();
        if !stmt.is_empty() {
            db.execute_unprepared(stmt).await?;
        }
    }
    Ok(())
}

/// `YYYY-MM` of a date column, the month key of the dashboard's tallies.
pub fn ym(backend: DatabaseBackend, col: &str) -> String {
    match backend {
        DatabaseBackend::Postgres => format!("to_char({col}, 'YYYY-MM')"),
        _ => format!("substr({col}, 1, 7)"),
    }
}
