//! The name search's posting table (issue 18): `name_posting` holds, for each
//! organization, every distinct unigram and bigram of its name with the set
//! of positions where it starts (a bit per position, 0 when unknown), and the
//! prefixes of 2 to 12 characters of its credit code (`#` and the prefix). Its
//! key (token, organization) lets a search read a token's organizations in
//! descending id and stop after the matches it needs.
//!
//! The table replaces SQLite's `org_fts` and PostgreSQL's
//! `organization.search_tokens` with its GIN index (dropped here), and the
//! tokens staged with an import's rows (`import_row.tokens`): an import's
//! batch now writes the postings from the rows it registers.
//!
//! Existing organizations are indexed here, in id order, by [`postings`]: a
//! copy of `app::domain::search::postings` as it is at this migration (a
//! migration does not change with the code; the test suite checks the two
//! agree).

use crate::sql;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{DatabaseBackend, Statement, Value};

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQLITE: &str = "CREATE TABLE name_posting (
    token TEXT NOT NULL,
    org_id INTEGER NOT NULL,
    pos INTEGER NOT NULL,
    PRIMARY KEY (token, org_id)
) WITHOUT ROWID";

const POSTGRES: &str = r#"CREATE TABLE name_posting (
    token TEXT COLLATE "C" NOT NULL,
    org_id BIGINT NOT NULL,
    pos BIGINT NOT NULL,
    PRIMARY KEY (token, org_id) INCLUDE (pos)
)"#;

const DROP_SQLITE: &str = "DROP TABLE org_fts;
ALTER TABLE import_row DROP COLUMN tokens";

const DROP_POSTGRES: &str = "ALTER TABLE organization DROP COLUMN search_tokens;
ALTER TABLE import_row DROP COLUMN tokens";

/// Organizations read and indexed per round of the fill.
const FILL_BATCH: u64 = 10_000;

fn normalize(text: &str) -> Vec<char> {
    text.chars().filter(|c| c.is_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}

/// The postings of an organization named `name` with credit code `code`:
/// (token, positions). See `app::domain::search::postings`.
pub fn postings(name: &str, code: &str) -> Vec<(String, i64)> {
    let chars = normalize(name);
    let known = name.chars().all(|c| {
        c.is_alphanumeric() && (c.is_ascii() || (!c.is_uppercase() && c.to_lowercase().eq(std::iter::once(c))))
    });
    let mut out: Vec<(String, i64)> = Vec::with_capacity(chars.len() * 2 + 11);
    let mut add = |t: String, p: usize| {
        let bit = if known && p <= 62 { 1i64 << p } else { 0 };
        match out.iter_mut().find(|(x, _)| *x == t) {
            Some((_, mask)) => *mask = if *mask == 0 || bit == 0 { 0 } else { *mask | bit },
            None => out.push((t, bit)),
        }
    };
    for (i, c) in chars.iter().enumerate() {
        add(c.to_string(), i);
        if let Some(n) = chars.get(i + 1) {
            add(format!("{c}{n}"), i);
        }
    }
    let code: Vec<char> = code.chars().collect();
    for n in 2..=Ord::min(12, code.len()) {
        out.push((format!("#{}", code[..n].iter().collect::<String>()), 0));
    }
    out
}

async fn fill(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let backend = manager.get_database_backend();
    let db = manager.get_connection();
    let ph = |n: usize| if backend == DatabaseBackend::Postgres { format!("${n}") } else { "?".to_string() };
    let mut after = 0i64;
    loop {
        let rows = db
            .query_all_raw(Statement::from_sql_and_values(
                backend,
                format!(
                    "SELECT id, name, credit_code FROM organization WHERE id > {} ORDER BY id LIMIT {FILL_BATCH}",
                    ph(1)
                ),
                vec![after.into()],
            ))
            .await?;
        let Some(last) = rows.last() else { return Ok(()) };
        after = last.try_get("", "id")?;
        let mut all: Vec<(String, i64, i64)> = Vec::new();
        for r in &rows {
            let id: i64 = r.try_get("", "id")?;
            let name: String = r.try_get("", "name")?;
            let code: String = r.try_get("", "credit_code")?;
            all.extend(postings(&name, &code).into_iter().map(|(t, p)| (t, id, p)));
        }
        // In key order: each statement appends to the tokens' pages.
        all.sort_unstable();
        for chunk in all.chunks(5000) {
            let mut vals: Vec<Value> = Vec::with_capacity(chunk.len() * 3);
            let mut tuples = Vec::with_capacity(chunk.len());
            for (i, (t, id, p)) in chunk.iter().enumerate() {
                tuples.push(format!("({}, {}, {})", ph(3 * i + 1), ph(3 * i + 2), ph(3 * i + 3)));
                vals.extend([Value::from(t.clone()), (*id).into(), (*p).into()]);
            }
            let sql = format!("INSERT INTO name_posting (token, org_id, pos) VALUES {}", tuples.join(", "));
            db.execute_raw(Statement::from_sql_and_values(backend, sql, vals)).await?;
        }
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let pg = manager.get_database_backend() == DatabaseBackend::Postgres;
        manager.get_connection().execute_unprepared(if pg { POSTGRES } else { SQLITE }).await?;
        fill(manager).await?;
        sql::run(manager, if pg { DROP_POSTGRES } else { DROP_SQLITE }).await
    }
}
