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

/// A PostgreSQL row-trigger function `name()` running `on_old` for the row
/// before an update or a deletion and `on_new` for the row after an insert or
/// an update.
pub fn trigger_function(name: &str, on_old: &str, on_new: &str) -> String {
    format!(
        "CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    {on_old}
  END IF;
  IF TG_OP <> 'DELETE' THEN
    {on_new}
  END IF;
  RETURN NULL;
END
$fn$"
    )
}

/// Runs each statement, in order, as written.
pub async fn exec_all<S: AsRef<str>>(
    manager: &SchemaManager<'_>,
    stmts: impl IntoIterator<Item = S>,
) -> Result<(), DbErr> {
    let db = manager.get_connection();
    for stmt in stmts {
        db.execute_unprepared(stmt.as_ref()).await?;
    }
    Ok(())
}
