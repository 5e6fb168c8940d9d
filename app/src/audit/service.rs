use chrono::{DateTime, SecondsFormat, SubsecRound, Utc};
use entity::audit_log;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use super::chain::{self, AuditKey, DayHead, Fields, Seal, Verification, Walk};
use super::labels;
use super::types::{AuditFilter, AuditPage, AuditRow, ChainCheck};
use crate::auth::types::CurrentUser;
use crate::db;

pub use super::chain::GENESIS;

/// Who made a change: a signed-in user or the system itself (jobs, seed).
#[derive(Clone, Debug)]
pub struct Actor {
    pub id: Option<i64>,
    pub name: String,
    pub role: String,
}

impl Actor {
    pub fn system(name: &str) -> Actor {
        Actor { id: None, name: name.to_string(), role: "system".into() }
    }
}

impl From<&CurrentUser> for Actor {
    fn from(u: &CurrentUser) -> Actor {
        Actor { id: Some(u.id), name: u.username.clone(), role: u.role.as_str().to_string() }
    }
}

pub struct Entry<'a> {
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

impl<'a> Entry<'a> {
    /// What `action` made of `entity` #`id`: the state after it, none before.
    pub fn after(action: &'a str, entity: &'a str, id: i64, after: serde_json::Value) -> Self {
        Entry { action, entity, entity_id: id.to_string(), before: None, after: Some(after) }
    }
}

/// Why nothing can be recorded: the process has no key.
const NO_KEY: &str = "the audit chain cannot be written: no audit key (AUDIT_KEY or the data folder's audit_key)";

/// Why nothing can be recorded: another key sealed the chain.
const OTHER_KEY: &str = "the audit chain cannot be written: it was sealed by another audit key than this process's \
                         (AUDIT_KEY or the data folder's audit_key; restore the key file kept with the backups)";

/// The chain's head row as a writer takes it.
struct Head {
    seq: i64,
    last_hash: String,
    seal: Option<Seal>,
}

/// Takes the chain's head row, `n` numbers further on: a row lock on
/// PostgreSQL, under the write lock on SQLite (`n` = 0: only the lock).
async fn take_head<C: ConnectionTrait>(txn: &C, n: i64) -> Result<Head, DbErr> {
    let head = txn
        .query_one_raw(db::stmt(
            txn.get_database_backend(),
            "UPDATE audit_head SET seq = seq + ? WHERE id = 1 RETURNING seq, last_hash, sealed_seq, sealed_hash, seal",
            vec![n.into()],
        ))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("audit_head".into()))?;
    head_of(&head)
}

fn head_of(row: &sea_orm::QueryResult) -> Result<Head, DbErr> {
    let sealed_seq: Option<i64> = row.try_get("", "sealed_seq")?;
    let sealed_hash: Option<String> = row.try_get("", "sealed_hash")?;
    let tag: Option<String> = row.try_get("", "seal")?;
    Ok(Head {
        seq: row.try_get("", "seq")?,
        last_hash: row.try_get("", "last_hash")?,
        seal: sealed_seq.map(|seq| Seal { seq, hash: sealed_hash.unwrap_or_default(), tag: tag.unwrap_or_default() }),
    })
}

/// Checks the seal of a head taken for writing under `key`, or makes it when
/// the chain has none yet: the records up to `before` (the last one before
/// this write) stay linked by SHA-256, every later one is keyed. A seal that
/// another key made (or someone changed) is refused: nothing is written.
fn seal_for_write(key: &AuditKey, seal: Option<&Seal>, before: i64, hash: &str) -> Result<Option<Seal>, DbErr> {
    match seal {
        Some(s) if chain::seal_ok(key, s.seq, &s.hash, &s.tag) => Ok(None),
        Some(_) => Err(DbErr::Custom(OTHER_KEY.into())),
        None => Ok(Some(Seal { seq: before, hash: hash.to_string(), tag: chain::seal_tag(key, before, hash) })),
    }
}

/// Writes the head after a write: its last chain value, and the seal if this
/// write made it.
async fn write_head<C: ConnectionTrait>(txn: &C, last_hash: String, new_seal: Option<Seal>) -> Result<(), DbErr> {
    match new_seal {
        None => db::exec(txn, "UPDATE audit_head SET last_hash = ? WHERE id = 1", vec![last_hash.into()]).await?,
        Some(s) => {
            if s.seq > 0 {
                // Expected once, at the first start after the upgrade; later it
                // means the seal was removed from the database.
                tracing::warn!(
                    records = s.seq,
                    "sealing {} audit records written before the audit key: they keep their SHA-256 links",
                    s.seq
                );
            }
            db::exec(
                txn,
                "UPDATE audit_head SET last_hash = ?, sealed_seq = ?, sealed_hash = ?, seal = ? WHERE id = 1",
                vec![last_hash.into(), s.seq.into(), s.hash.into(), s.tag.into()],
            )
            .await?
        }
    };
    Ok(())
}

/// Appends one record to the chain, inside the caller's transaction (taking
/// the chain's head row: a row lock on PostgreSQL, the write lock on SQLite).
pub async fn record(txn: &DatabaseTransaction, actor: &Actor, entry: Entry<'_>) -> Result<(), DbErr> {
    record_many(txn, actor, vec![entry]).await
}

/// Appends many records to the chain inside the caller's transaction, as
/// [`record`] does one at a time: the head is taken once for all of them and
/// the records are inserted in multi-row statements (a bulk import). Each
/// record's chain value is the MAC of the one before and its fields under
/// this process's audit key ([`chain::mac_link`]); the first write to a chain
/// without a seal seals it, and a chain sealed by another key is refused.
pub async fn record_many(txn: &DatabaseTransaction, actor: &Actor, entries: Vec<Entry<'_>>) -> Result<(), DbErr> {
    if entries.is_empty() {
        return Ok(());
    }
    let key = chain::installed_key().ok_or_else(|| DbErr::Custom(NO_KEY.into()))?;
    let n = entries.len() as i64;
    let head = take_head(txn, n).await?;
    let mut prev = head.last_hash;
    let new_seal = seal_for_write(key, head.seal.as_ref(), head.seq - n, &prev)?;
    let at = Utc::now().trunc_subsecs(6);
    let mut seq = head.seq - n;
    let mut rows = Vec::with_capacity(entries.len());
    for entry in entries {
        seq += 1;
        let before = entry.before.map(|v| v.to_string());
        let after = entry.after.map(|v| v.to_string());
        let hash = chain::mac_link(
            key,
            &prev,
            &Fields {
                seq,
                at: &at,
                actor_id: actor.id,
                actor_name: &actor.name,
                actor_role: &actor.role,
                action: entry.action,
                entity: entry.entity,
                entity_id: &entry.entity_id,
                before: before.as_deref(),
                after: after.as_deref(),
            },
        );
        rows.push(audit_log::ActiveModel {
            seq: Set(seq),
            at: Set(at),
            actor_id: Set(actor.id),
            actor_name: Set(actor.name.clone()),
            actor_role: Set(actor.role.clone()),
            action: Set(entry.action.to_string()),
            entity: Set(entry.entity.to_string()),
            entity_id: Set(entry.entity_id),
            before_json: Set(before),
            after_json: Set(after),
            prev_hash: Set(std::mem::replace(&mut prev, hash.clone())),
            hash: Set(hash),
        });
    }
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(1000).collect();
        audit_log::Entity::insert_many(chunk).exec_without_returning(txn).await?;
    }
    write_head(txn, prev, new_seal).await
}

/// What [`seal`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sealing {
    /// Sealed before, by this key.
    Sealed,
    /// Sealed now: the records up to `legacy` stay linked by SHA-256.
    SealedNow { legacy: i64 },
}

/// Checks at a server's start that the chain was sealed by this process's
/// key, or seals it (a database from before the key: its records so far stay
/// linked by SHA-256, every later one is keyed). A chain sealed by another key
/// is an error: the server must not start with the wrong key.
pub async fn seal(db: &sea_orm::DatabaseConnection) -> Result<Sealing, DbErr> {
    let key = chain::installed_key().ok_or_else(|| DbErr::Custom(NO_KEY.into()))?;
    let txn = db::begin_write(db).await?;
    let head = take_head(&txn, 0).await?;
    let new_seal = seal_for_write(key, head.seal.as_ref(), head.seq, &head.last_hash)?;
    let outcome = match &new_seal {
        None => Sealing::Sealed,
        Some(s) => Sealing::SealedNow { legacy: s.seq },
    };
    write_head(&txn, head.last_hash, new_seal).await?;
    txn.commit().await?;
    Ok(outcome)
}

/// Walks the whole chain in order with this process's key and reports the
/// first record that was edited, deleted or inserted out of place, or that
/// cannot be checked, or the first published day head it no longer matches.
pub async fn verify<C: ConnectionTrait>(db: &C) -> Result<ChainCheck, DbErr> {
    Ok(verify_with(db, chain::installed_key(), Vec::new()).await?.check())
}

/// [`verify`] with `key` (none: keyed records cannot be checked) and, besides
/// the heads the daily job published, heads `given` from elsewhere (e-mails).
/// Records written while it reads are left for the next check.
pub async fn verify_with<C: ConnectionTrait>(
    db: &C,
    key: Option<&AuditKey>,
    given: Vec<DayHead>,
) -> Result<Verification, DbErr> {
    let backend = db.get_database_backend();
    // The published heads first, then the head: every head read names a record
    // at or before the head's last one.
    let published = day_heads(db, None).await?;
    let head = db
        .query_one_raw(db::stmt(
            backend,
            "SELECT seq, last_hash, sealed_seq, sealed_hash, seal FROM audit_head WHERE id = 1",
            vec![],
        ))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("audit_head".into()))?;
    let head = head_of(&head)?;
    let mut walk = Walk::new(key, head.seal, published, given);
    let mut after_seq = 0i64;
    while !walk.failed() {
        let batch = audit_log::Entity::find()
            .filter(audit_log::Column::Seq.gt(after_seq))
            .filter(audit_log::Column::Seq.lte(head.seq))
            .order_by_asc(audit_log::Column::Seq)
            .paginate(db, 1000)
            .fetch_page(0)
            .await?;
        if batch.is_empty() {
            break;
        }
        for r in &batch {
            walk.push(&Fields::from(r), &r.prev_hash, &r.hash);
        }
        after_seq = batch.last().map(|r| r.seq).unwrap_or(after_seq);
    }
    let mut v = walk.finish(head.seq, &head.last_hash);
    if v.failure.is_none() {
        v.failure = strays(db).await?;
    }
    Ok(v)
}

/// A record outside the chain: numbered before the first, or after the head
/// (every record is written in the transaction that moves the head, so a
/// committed record is never past the head committed with it; the head is
/// read after the records for that).
async fn strays<C: ConnectionTrait>(db: &C) -> Result<Option<chain::Failure>, DbErr> {
    let backend = db.get_database_backend();
    let range = db.query_one_raw(db::stmt(backend, "SELECT MIN(seq) AS lo, MAX(seq) AS hi FROM audit_log", vec![]));
    let range = range.await?.ok_or_else(|| DbErr::RecordNotFound("audit_log".into()))?;
    let (lo, hi): (Option<i64>, Option<i64>) = (range.try_get("", "lo")?, range.try_get("", "hi")?);
    let head = db.query_one_raw(db::stmt(backend, "SELECT seq FROM audit_head WHERE id = 1", vec![])).await?;
    let head: i64 = head.ok_or_else(|| DbErr::RecordNotFound("audit_head".into()))?.try_get("", "seq")?;
    let stray = |seq: i64, reason: &str| chain::Failure { seq, day: None, tampered: true, reason: reason.into() };
    Ok(match (lo, hi) {
        (Some(lo), _) if lo < 1 => Some(stray(lo, "a record numbered before the first")),
        (_, Some(hi)) if hi > head => Some(stray(hi, "a record after the chain's head")),
        _ => None,
    })
}

/// The published day heads, newest first (`limit`: at most so many).
pub async fn day_heads<C: ConnectionTrait>(db: &C, limit: Option<u64>) -> Result<Vec<DayHead>, DbErr> {
    Ok(published_heads(db, limit).await?.into_iter().map(|(h, _)| h).collect())
}

/// The published day heads with when each was published, newest first.
pub async fn published_heads<C: ConnectionTrait>(
    db: &C,
    limit: Option<u64>,
) -> Result<Vec<(DayHead, DateTime<Utc>)>, DbErr> {
    let mut sql =
        "SELECT day, last_seq, last_hash, records, published_at FROM audit_day_head ORDER BY day DESC".to_string();
    if let Some(n) = limit {
        sql.push_str(&format!(" LIMIT {n}"));
    }
    let rows = db.query_all_raw(db::stmt(db.get_database_backend(), &sql, vec![])).await?;
    rows.iter()
        .map(|r| {
            Ok((
                DayHead {
                    day: r.try_get("", "day")?,
                    last_seq: r.try_get("", "last_seq")?,
                    last_hash: r.try_get("", "last_hash")?,
                    records: r.try_get("", "records")?,
                },
                r.try_get("", "published_at")?,
            ))
        })
        .collect()
}

pub const PER_PAGE: u64 = 50;

/// The stored identifiers first (time in UTC, role, action, record kind), then
/// the same in words: the time in UTC+8 and the Chinese labels.
pub const CSV_HEADER: [&str; 13] = [
    "序号",
    "时间",
    "操作人",
    "角色",
    "操作",
    "对象",
    "对象编号",
    "变更前",
    "变更后",
    "北京时间",
    "角色名称",
    "操作名称",
    "对象名称",
];

fn filtered(f: &AuditFilter) -> sea_orm::Select<audit_log::Entity> {
    let mut q = audit_log::Entity::find();
    if !f.entity.is_empty() {
        q = q.filter(audit_log::Column::Entity.eq(f.entity.clone()));
    }
    if !f.action.is_empty() {
        q = q.filter(audit_log::Column::Action.eq(f.action.clone()));
    }
    if !f.q.trim().is_empty() {
        q = q.filter(
            sea_orm::Condition::any()
                .add(audit_log::Column::ActorName.like(crate::db::like_expr(&f.q)))
                .add(audit_log::Column::EntityId.eq(crate::domain::input::query(&f.q))),
        );
    }
    q
}

/// One batch of the filtered trail as CSV rows, after sequence number `after`.
pub async fn export_batch<C: ConnectionTrait>(
    db: &C,
    f: &AuditFilter,
    after: i64,
    batch: u64,
) -> Result<(Vec<u8>, Option<i64>), DbErr> {
    use sea_orm::QuerySelect;
    let rows = filtered(f)
        .filter(audit_log::Column::Seq.gt(after))
        .order_by_asc(audit_log::Column::Seq)
        .limit(batch)
        .all(db)
        .await?;
    let mut w = crate::kernel::csv::CsvRows::new();
    for r in &rows {
        let seq = r.seq.to_string();
        let at = r.at.to_rfc3339_opts(SecondsFormat::Secs, true);
        let before = r.before_json.clone().unwrap_or_default();
        let after_json = r.after_json.clone().unwrap_or_default();
        let zh = crate::i18n::Lang::Zh;
        w.push([
            &seq,
            &at,
            &r.actor_name,
            &r.actor_role,
            &r.action,
            &r.entity,
            &r.entity_id,
            &before,
            &after_json,
            &labels::local_time(&at),
            &labels::role_label(zh, &r.actor_role),
            &labels::action_label(zh, &r.action),
            &labels::entity_label(zh, &r.entity),
        ])?;
    }
    let bytes = w.finish()?;
    Ok((bytes, rows.last().map(|r| r.seq)))
}

pub async fn list<C: ConnectionTrait>(db: &C, f: &AuditFilter) -> Result<AuditPage, DbErr> {
    let q = filtered(f);
    let pages = q.order_by_desc(audit_log::Column::Seq).paginate(db, PER_PAGE);
    let total = pages.num_items().await?;
    let page = crate::domain::paging::Paging::new(f.page, PER_PAGE).page;
    let rows = pages.fetch_page(page).await?;
    Ok(AuditPage {
        rows: rows
            .into_iter()
            .map(|r| AuditRow {
                seq: r.seq,
                at: r.at.to_rfc3339_opts(SecondsFormat::Secs, true),
                actor_name: r.actor_name,
                actor_role: r.actor_role,
                action: r.action,
                entity: r.entity,
                entity_id: r.entity_id,
                before_json: r.before_json,
                after_json: r.after_json,
            })
            .collect(),
        total,
        page,
        per_page: PER_PAGE,
    })
}

/// A stored record's fields, as they are chained.
impl<'a> From<&'a audit_log::Model> for Fields<'a> {
    fn from(r: &'a audit_log::Model) -> Fields<'a> {
        Fields {
            seq: r.seq,
            at: &r.at,
            actor_id: r.actor_id,
            actor_name: &r.actor_name,
            actor_role: &r.actor_role,
            action: &r.action,
            entity: &r.entity,
            entity_id: &r.entity_id,
            before: r.before_json.as_deref(),
            after: r.after_json.as_deref(),
        }
    }
}
