//! Transactions and small helpers shared by the services.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, ExecResult, QueryResult,
    SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait, Value,
};

/// A status read back from row `id` of `table` in its typed form (`parse` of
/// the stored text); a value the code does not know is a fault of the data:
/// logged, and an internal error.
pub fn stored_status<T>(
    parse: fn(&str) -> Option<T>,
    raw: &str,
    table: &'static str,
    id: i64,
) -> Result<T, crate::error::AppError> {
    parse(raw).ok_or_else(|| {
        tracing::error!(table, id, status = %raw, "unknown stored status");
        crate::error::AppError::Internal
    })
}

/// Writers of this process take turns here before they ask SQLite for its
/// write lock. SQLite has one writer at a time; without this queue the waiting
/// connections poll the lock with SQLite's busy handler, sleeping up to 100 ms
/// between tries, and the database idles while they sleep. (PostgreSQL writes
/// in parallel and skips the queue.)
static SQLITE_WRITERS: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A write transaction (see [`begin_write`]). It is used like a
/// `DatabaseTransaction` (it dereferences to one and runs queries itself) and
/// holds this process's turn to write on SQLite until it commits or drops.
pub struct WriteTxn {
    txn: DatabaseTransaction,
    _turn: Option<tokio::sync::MutexGuard<'static, ()>>,
    /// The database's generation counters (PostgreSQL).
    counters: Option<Arc<Counters>>,
}

impl WriteTxn {
    /// Commits, first marking the data as changed for every process (see
    /// [`generation`]): on SQLite the `data_generation` row is raised in the
    /// transaction; on PostgreSQL the transaction notifies `sunshine_data`,
    /// which PostgreSQL delivers to the listeners when it commits.
    pub async fn commit(self) -> Result<(), DbErr> {
        let sql = match self.txn.get_database_backend() {
            DbBackend::Postgres => NOTIFY_WRITE,
            _ => "UPDATE data_generation SET n = n + 1 WHERE id = 1",
        };
        self.txn.execute_unprepared(sql).await?;
        self.txn.commit().await?;
        if let Some(c) = &self.counters {
            c.written.fetch_add(1, Ordering::SeqCst);
        }
        Ok(())
    }

    /// Commits a write that no public page shows (a draft, a sign-in, a
    /// session's refresh, the outbox's and import jobs' bookkeeping): the
    /// data's generation stays, so the copies of public pages stay in use.
    pub async fn commit_unseen(self) -> Result<(), DbErr> {
        self.txn.commit().await
    }
}

/// What this process knows of a PostgreSQL database's writes: the write
/// transactions it committed, the notifications of `sunshine_data` it
/// received (and its listener's starts and stops), whether it listens now.
#[derive(Default)]
pub struct Counters {
    written: AtomicU64,
    notified: AtomicU64,
    listening: AtomicBool,
}

impl Counters {
    /// The counters of `db` (one set per database the process uses; `None`
    /// on SQLite, where the `data_generation` row counts).
    pub fn of(db: &DatabaseConnection) -> Option<Arc<Counters>> {
        if db.get_database_backend() != DbBackend::Postgres {
            return None;
        }
        static ALL: std::sync::OnceLock<std::sync::Mutex<HashMap<String, Arc<Counters>>>> = std::sync::OnceLock::new();
        let o = db.get_postgres_connection_pool().connect_options();
        let key = format!("{}:{}/{}", o.get_host(), o.get_port(), o.get_database().unwrap_or_default());
        let mut all = ALL.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
        Some(all.entry(key).or_default().clone())
    }

    /// Records that the listener started (`true`) or stopped; either way the
    /// generation moves on, since notifications may have been missed.
    pub fn listening(&self, on: bool) {
        self.notified.fetch_add(1, Ordering::SeqCst);
        self.listening.store(on, Ordering::SeqCst);
    }

    /// Records a notification received on [`DATA_CHANNEL`].
    pub fn notified(&self) {
        self.notified.fetch_add(1, Ordering::SeqCst);
    }
}

/// The channel the writers notify on PostgreSQL.
pub const DATA_CHANNEL: &str = "sunshine_data";
/// What a writer runs before it commits on PostgreSQL: a notification on [`DATA_CHANNEL`].
const NOTIFY_WRITE: &str = "SELECT pg_notify('sunshine_data', '')";

/// The generation of the data as this process can know it: a number that
/// changes after every write transaction ([`begin_write`]) of any process
/// on the database commits. `None` when it cannot be known (PostgreSQL while
/// this process is not listening for the writers' notifications): nothing
/// may then be served from a copy.
///
/// On SQLite it is the `data_generation` row, raised by every writer in its
/// transaction; on PostgreSQL, the notifications this process's listener
/// received with the write transactions it committed itself (a notification
/// arrives a moment after its commit; the process's own writes count at once).
pub async fn generation(db: &DatabaseConnection) -> Result<Option<u64>, DbErr> {
    match Counters::of(db) {
        Some(c) if !c.listening.load(Ordering::SeqCst) => Ok(None),
        Some(c) => {
            let (n, w) = (c.notified.load(Ordering::SeqCst), c.written.load(Ordering::SeqCst));
            Ok(Some(n.wrapping_mul(1 << 32).wrapping_add(w)))
        }
        None => Ok(Some(count(db, "SELECT n FROM data_generation WHERE id = 1", vec![]).await?)),
    }
}

impl std::ops::Deref for WriteTxn {
    type Target = DatabaseTransaction;
    fn deref(&self) -> &DatabaseTransaction {
        &self.txn
    }
}

#[sea_orm::prelude::async_trait::async_trait]
impl ConnectionTrait for WriteTxn {
    fn get_database_backend(&self) -> DbBackend {
        self.txn.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.txn.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.txn.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.txn.query_one_raw(stmt).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.txn.query_all_raw(stmt).await
    }

    fn support_returning(&self) -> bool {
        self.txn.support_returning()
    }
}

/// Begins a write transaction. On SQLite it takes the write lock at once
/// (`BEGIN IMMEDIATE`), so a transaction that reads before it writes never
/// fails to upgrade its lock under concurrent writers, after waiting its turn
/// among this process's writers.
pub async fn begin_write(db: &DatabaseConnection) -> Result<WriteTxn, DbErr> {
    let turn = if db.get_database_backend() == DbBackend::Sqlite { Some(SQLITE_WRITERS.lock().await) } else { None };
    let txn = db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await?;
    Ok(WriteTxn { txn, _turn: turn, counters: Counters::of(db) })
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

/// The `n` column of a one-row count (`SELECT COUNT(*) AS n …`; a `SUM` of
/// no rows, NULL, counts 0).
pub async fn count<C: ConnectionTrait>(db: &C, sql: &str, vals: Vec<Value>) -> Result<u64, DbErr> {
    let row = db.query_one_raw(stmt(db.get_database_backend(), sql, vals)).await?;
    Ok(row.map(|r| r.try_get::<Option<i64>>("", "n")).transpose()?.flatten().unwrap_or(0) as u64)
}

/// Column `col` of every row `sql` returns.
pub async fn column<C: ConnectionTrait, T: sea_orm::TryGetable>(
    db: &C,
    sql: &str,
    vals: Vec<Value>,
    col: &str,
) -> Result<Vec<T>, DbErr> {
    db.query_all_raw(stmt(db.get_database_backend(), sql, vals)).await?.iter().map(|r| r.try_get("", col)).collect()
}

/// The escape character of the patterns [`like`] builds. Every such pattern is
/// compared with `LIKE ? ESCAPE '!'` ([`LIKE`]), on SQLite (which has no
/// escape character by default) and PostgreSQL alike.
pub const LIKE_ESCAPE: char = '!';

/// The comparison for a pattern of [`like`]: `LIKE ? ESCAPE '!'`.
pub const LIKE: &str = "LIKE ? ESCAPE '!'";

/// A `LIKE` pattern matching `q` anywhere; the `%`, `_` (and `!`) a user
/// typed are escaped, so they are searched as text. The query is bounded
/// first (`domain::input::query`: no control characters, at most
/// `MAX_QUERY` characters). Compare it with [`LIKE`] (or [`like_expr`] in a
/// SeaORM query).
pub fn like(q: &str) -> String {
    let q = crate::domain::input::query(q);
    let mut out = String::with_capacity(q.len() + 4);
    out.push('%');
    for c in q.chars() {
        if matches!(c, '%' | '_' | LIKE_ESCAPE) {
            out.push(LIKE_ESCAPE);
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// [`like`] with its escape character, for SeaORM's `.like(…)`.
pub fn like_expr(q: &str) -> sea_orm::sea_query::LikeExpr {
    sea_orm::sea_query::LikeExpr::new(like(q)).escape(LIKE_ESCAPE)
}

/// Narrows a `… WHERE …` of a join with `organization o` to the organizations
/// whose name or credit code contains `q` (nothing when `q` is blank; `%` and
/// `_` are text, see [`like`]).
pub fn push_name_or_code(sql: &mut String, vals: &mut Vec<Value>, q: &str) {
    let q = q.trim();
    if !q.is_empty() {
        sql.push_str(" AND (o.name LIKE ? ESCAPE '!' OR o.credit_code LIKE ? ESCAPE '!')");
        let like = like(q);
        vals.push(like.clone().into());
        vals.push(like.into());
    }
}

/// The number of rows of a `FROM … WHERE …`.
pub async fn count_from<C: ConnectionTrait>(db: &C, from_where: &str, vals: Vec<Value>) -> Result<i64, DbErr> {
    let backend = db.get_database_backend();
    let row = db.query_one_raw(stmt(backend, &format!("SELECT COUNT(*) AS n {from_where}"), vals)).await?;
    Ok(row.map(|r| r.try_get("", "n")).transpose()?.unwrap_or(0))
}

/// The next number of the sequence `name` in `year` (a filing or decision
/// number), never below `floor + 1`: `floor` is the highest number already
/// used by records written before the sequence existed. The sequence row is
/// locked until the write transaction ends, so concurrent writers wait for
/// each other instead of drawing the same number.
pub async fn next_number(txn: &WriteTxn, name: &str, year: i32, floor: i64) -> Result<i64, DbErr> {
    let greatest = if txn.get_database_backend() == DbBackend::Postgres { "GREATEST" } else { "MAX" };
    let sql = format!(
        "INSERT INTO number_sequence (name, year, last) VALUES (?, ?, ?) \
         ON CONFLICT (name, year) DO UPDATE SET last = {greatest}(number_sequence.last, excluded.last - 1) + 1 \
         RETURNING last"
    );
    let row = txn
        .query_one_raw(stmt(txn.get_database_backend(), &sql, vec![name.into(), year.into(), (floor + 1).into()]))
        .await?
        .ok_or_else(|| DbErr::Custom("number_sequence returned no row".into()))?;
    row.try_get("", "last")
}

/// The most ids bound in one `IN (…)` of a read by a list of ids
/// ([`in_chunks`], [`rows_by_ids`]): under SQLite's oldest bound of 999
/// parameters a statement (PostgreSQL takes 65,535), with room for the
/// query's other values.
pub const IN_CHUNK: usize = 500;

/// `n` placeholders for an `IN (…)` list: `?, ?, ?`.
pub fn marks(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// The rows `read` returns for `ids`, read [`IN_CHUNK`] ids at a time and
/// concatenated in the order of the chunks: the one loop of every read by a
/// list of ids that may be long.
pub async fn in_chunks<'a, V, T, F, Fut>(ids: &'a [V], mut read: F) -> Result<Vec<T>, DbErr>
where
    F: FnMut(&'a [V]) -> Fut,
    Fut: std::future::Future<Output = Result<Vec<T>, DbErr>>,
{
    let mut out = Vec::new();
    for chunk in ids.chunks(IN_CHUNK) {
        out.extend(read(chunk).await?);
    }
    Ok(out)
}

/// The rows of `sql` for `ids` ([`in_chunks`]): `sql` names the list
/// `{ids}` (`… WHERE target_id IN ({ids}) ORDER BY …`), written as one `?`
/// an id of the chunk and bound after `vals`, the query's other values. Each
/// chunk's rows come in `sql`'s order.
pub async fn rows_by_ids<C: ConnectionTrait>(
    db: &C,
    sql: &str,
    vals: Vec<Value>,
    ids: &[i64],
) -> Result<Vec<QueryResult>, DbErr> {
    in_chunks(ids, |chunk| {
        let sql = sql.replace("{ids}", &marks(chunk.len()));
        let mut vals = vals.clone();
        vals.extend(chunk.iter().map(|i| Value::from(*i)));
        async move { db.query_all_raw(stmt(db.get_database_backend(), &sql, vals)).await }
    })
    .await
}

/// The organizations of `ids` by id (repeats and unknown ids are ignored),
/// read [`IN_CHUNK`] ids a query: the one reader of the lists that show
/// organizations beside their own rows.
pub async fn orgs_by_id<C: ConnectionTrait>(
    db: &C,
    ids: impl IntoIterator<Item = i64>,
) -> Result<HashMap<i64, entity::organization::Model>, DbErr> {
    use entity::organization;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let mut ids: Vec<i64> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    let orgs = in_chunks(&ids, |chunk| {
        organization::Entity::find().filter(organization::Column::Id.is_in(chunk.to_vec())).all(db)
    })
    .await?;
    Ok(orgs.into_iter().map(|o| (o.id, o)).collect())
}

#[cfg(test)]
mod tests {
    #[test]
    fn writers_notify_the_channel_the_listeners_listen_on() {
        assert!(super::NOTIFY_WRITE.contains(&format!("pg_notify('{}'", super::DATA_CHANNEL)));
    }

    #[test]
    fn placeholders_are_numbered_for_postgres() {
        assert_eq!(super::numbered("a = ? AND b IN (?, ?)"), "a = $1 AND b IN ($2, $3)");
    }

    #[test]
    fn in_chunks_reads_every_id_once_in_order() {
        let ids: Vec<i64> = (0..(2 * super::IN_CHUNK as i64 + 7)).collect();
        let mut sizes = Vec::new();
        let rows = futures::executor::block_on(super::in_chunks(&ids, |chunk| {
            sizes.push(chunk.len());
            std::future::ready(Ok::<_, sea_orm::DbErr>(chunk.to_vec()))
        }))
        .unwrap();
        assert_eq!(rows, ids);
        assert_eq!(sizes, [super::IN_CHUNK, super::IN_CHUNK, 7]);
        assert_eq!(super::marks(3), "?, ?, ?");
    }

    #[test]
    fn like_patterns_search_wildcards_as_text() {
        assert_eq!(super::like(" 慈善 "), "%慈善%");
        assert_eq!(super::like("100%"), "%100!%%");
        assert_eq!(super::like("a_b!"), "%a!_b!!%");
        assert_eq!(super::like("%"), "%!%%");
    }
}
