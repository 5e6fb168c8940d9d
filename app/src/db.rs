//! Transactions and small helpers shared by the services.

use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, SqliteTransactionMode, Statement,
    TransactionOptions, TransactionTrait, Value,
};

/// Begins a write transaction. On SQLite it takes the write lock at once
/// (`BEGIN IMMEDIATE`), so a transaction that reads before it writes never
/// fails to upgrade its lock under concurrent writers.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

/// A statement for the connection's backend. SQL is written with `?`
/// placeholders and rewritten to `$1, $2, …` for PostgreSQL.
pub fn stmt(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = if backend == DbBackend::Postgres { numbered(sql) } else { sql.to_string() };
    Statement::from_sql_and_values(backend, sql, values)
}

fn numbered(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut n = 0;
    for c in sql.chars() {
        if c == '?' {
            n += 1;
            out.push('$');
            out.push_str(&n.to_string());
        } else {
            out.push(c);
        }
    }
    out
}

/// Runs a statement built by [`stmt`].
pub async fn exec<C: ConnectionTrait>(db: &C, sql: &str, values: Vec<Value>) -> Result<u64, DbErr> {
    let backend = db.get_database_backend();
    Ok(db.execute_raw(stmt(backend, sql, values)).await?.rows_affected())
}

/// CSV rows for an export (CRLF line ends, no header: the caller writes it once).
pub struct CsvRows(csv::Writer<Vec<u8>>);

impl CsvRows {
    pub fn new() -> CsvRows {
        CsvRows(csv::WriterBuilder::new().has_headers(false).terminator(csv::Terminator::CRLF).from_writer(Vec::new()))
    }

    pub fn push<I, F>(&mut self, record: I) -> Result<(), DbErr>
    where
        I: IntoIterator<Item = F>,
        F: AsRef<[u8]>,
    {
        self.0.write_record(record).map_err(|e| DbErr::Custom(e.to_string()))
    }

    pub fn finish(self) -> Result<Vec<u8>, DbErr> {
        self.0.into_inner().map_err(|e| DbErr::Custom(e.to_string()))
    }
}

impl Default for CsvRows {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn placeholders_are_numbered_for_postgres() {
        assert_eq!(super::numbered("a = ? AND b IN (?, ?)"), "a = $1 AND b IN ($2, $3)");
    }
}
