use chrono::{DateTime, SecondsFormat, SubsecRound, Utc};
use entity::audit_log;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    Set, Value,
};
use sha2::{Digest, Sha256};

use super::labels;
use super::types::{AuditFilter, AuditPage, AuditRow, ChainCheck};
use crate::auth::types::CurrentUser;
use crate::db;

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

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

/// The hash of a record: SHA-256 over the previous hash and every field.
#[allow(clippy::too_many_arguments)]
pub fn record_hash(
    prev: &str,
    seq: i64,
    at: &DateTime<Utc>,
    actor_id: Option<i64>,
    actor_name: &str,
    actor_role: &str,
    action: &str,
    entity: &str,
    entity_id: &str,
    before: Option<&str>,
    after: Option<&str>,
) -> String {
    let mut h = Sha256::new();
    for part in [
        prev,
        &seq.to_string(),
        &at.to_rfc3339_opts(SecondsFormat::Micros, true),
        &actor_id.map(|i| i.to_string()).unwrap_or_default(),
        actor_name,
        actor_role,
        action,
        entity,
        entity_id,
        before.unwrap_or("\u{0}"),
        after.unwrap_or("\u{0}"),
    ] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    hex::encode(h.finalize())
}

/// Appends one record to the chain, inside the caller's transaction (taking
/// the chain's head row: a row lock on PostgreSQL, the write lock on SQLite).
pub async fn record(txn: &DatabaseTransaction, actor: &Actor, entry: Entry<'_>) -> Result<(), DbErr> {
    record_many(txn, actor, vec![entry]).await
}

/// Appends many records to the chain inside the caller's transaction, as
/// [`record`] does one at a time: the head is taken once for all of them and
/// the records are inserted in multi-row statements (a bulk import).
pub async fn record_many(txn: &DatabaseTransaction, actor: &Actor, entries: Vec<Entry<'_>>) -> Result<(), DbErr> {
    if entries.is_empty() {
        return Ok(());
    }
    let backend = txn.get_database_backend();
    let n = entries.len() as i64;
    let head = txn
        .query_one_raw(db::stmt(
            backend,
            "UPDATE audit_head SET seq = seq + ? WHERE id = 1 RETURNING seq, last_hash",
            vec![n.into()],
        ))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("audit_head".into()))?;
    let last: i64 = head.try_get("", "seq")?;
    let mut prev: String = head.try_get("", "last_hash")?;
    let at = Utc::now().trunc_subsecs(6);
    let mut seq = last - n;
    let mut rows = Vec::with_capacity(entries.len());
    for entry in entries {
        seq += 1;
        let before = entry.before.map(|v| v.to_string());
        let after = entry.after.map(|v| v.to_string());
        let hash = record_hash(
            &prev,
            seq,
            &at,
            actor.id,
            &actor.name,
            &actor.role,
            entry.action,
            entry.entity,
            &entry.entity_id,
            before.as_deref(),
            after.as_deref(),
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
    db::exec(txn, "UPDATE audit_head SET last_hash = ? WHERE id = 1", vec![Value::from(prev)]).await?;
    Ok(())
}

/// Walks the whole chain in order and reports the first record that was
/// edited, deleted or inserted out of place.
pub async fn verify<C: ConnectionTrait>(db: &C) -> Result<ChainCheck, DbErr> {
    let mut prev = GENESIS.to_string();
    let mut expected_seq = 1i64;
    let mut after_seq = 0i64;
    loop {
        let batch = audit_log::Entity::find()
            .filter(audit_log::Column::Seq.gt(after_seq))
            .order_by_asc(audit_log::Column::Seq)
            .paginate(db, 1000)
            .fetch_page(0)
            .await?;
        if batch.is_empty() {
            break;
        }
        for r in &batch {
            if r.seq != expected_seq {
                return Ok(ChainCheck::Broken { seq: expected_seq, reason: "missing record".into() });
            }
            if r.prev_hash != prev {
                return Ok(ChainCheck::Broken { seq: r.seq, reason: "link to previous record broken".into() });
            }
            let h = record_hash(
                &r.prev_hash,
                r.seq,
                &r.at,
                r.actor_id,
                &r.actor_name,
                &r.actor_role,
                &r.action,
                &r.entity,
                &r.entity_id,
                r.before_json.as_deref(),
                r.after_json.as_deref(),
            );
            if h != r.hash {
                return Ok(ChainCheck::Broken { seq: r.seq, reason: "content changed".into() });
            }
            prev = r.hash.clone();
            expected_seq += 1;
        }
        after_seq = batch.last().map(|r| r.seq).unwrap_or(after_seq);
    }
    let head = db
        .query_one_raw(db::stmt(
            db.get_database_backend(),
            "SELECT seq, last_hash FROM audit_head WHERE id = 1",
            vec![],
        ))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("audit_head".into()))?;
    let head_seq: i64 = head.try_get("", "seq")?;
    let head_hash: String = head.try_get("", "last_hash")?;
    if head_seq != expected_seq - 1 || head_hash != prev {
        return Ok(ChainCheck::Broken { seq: expected_seq, reason: "records missing at the end".into() });
    }
    Ok(ChainCheck::Intact { records: expected_seq - 1 })
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
