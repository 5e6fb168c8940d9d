//! Queries and transactions of the trade associations' records. Every write
//! runs in one write transaction with its audit record; the anomalies are
//! found by the pure rules (`validate`, `domain::trade`) and stored with the
//! record, so the officers' list is one query.

use chrono::{NaiveDate, Utc};
use entity::{organization, trade_award, trade_branch, trade_fee, trade_forum};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait,
    PrimaryKeyTrait, QueryFilter, QueryOrder, Select, Set, Value,
};
use serde_json::json;

use super::types::*;
use super::validate;
use crate::audit::service::{self as audit, Actor, Entry};
use crate::db;
use crate::domain::{money, org_type::OrgType, trade};
use crate::error::AppError;
use crate::state::Settings;

pub const PER_PAGE: u64 = 20;

/// The organization records are filed for: it must exist and be a trade association.
async fn trade_org<C: ConnectionTrait>(db: &C, org_id: i64) -> Result<organization::Model, AppError> {
    let o = organization::Entity::find_by_id(org_id).one(db).await?.ok_or(AppError::NotFound)?;
    if o.trade_sector.is_none() {
        return Err(AppError::Conflict("err_trade_not_association".into()));
    }
    Ok(o)
}

fn stored(keys: &[&str]) -> String {
    trade::join(keys)
}

fn fee_view(m: trade_fee::Model) -> FeeView {
    FeeView {
        id: m.id,
        year: m.year,
        item: m.item,
        kind: m.kind,
        basis: m.basis,
        standard: m.standard,
        amount: money::format_yuan(m.amount_fen),
        compulsory: m.compulsory,
        published: m.published,
        anomalies: trade::split(&m.anomalies),
    }
}

fn branch_view(m: trade_branch::Model) -> BranchView {
    BranchView {
        id: m.id,
        kind: m.kind,
        name: m.name,
        address: m.address,
        head: m.head,
        established_on: m.established_on.to_string(),
        status: m.status,
        regional: m.regional,
        under_branch: m.under_branch,
        anomalies: trade::split(&m.anomalies),
    }
}

fn award_view(m: trade_award::Model) -> AwardView {
    AwardView {
        id: m.id,
        year: m.year,
        name: m.name,
        approval_no: m.approval_no,
        approved_by: m.approved_by,
        fee_charged: m.fee_charged,
        anomalies: trade::split(&m.anomalies),
    }
}

fn forum_view(m: trade_forum::Model) -> ForumView {
    ForumView {
        id: m.id,
        name: m.name,
        held_on: m.held_on.to_string(),
        co_organizers: m.co_organizers,
        fee_charged: m.fee_charged,
        approval_ref: m.approval_ref,
        anomalies: trade::split(&m.anomalies),
    }
}

/// An organization's records, newest first; `year`: only those of that year
/// (fees and awards of the year, forums held in it, branches set up by its end).
pub async fn records<C: ConnectionTrait>(db: &C, org_id: i64, year: Option<i32>) -> Result<TradeRecords, AppError> {
    let o = organization::Entity::find_by_id(org_id).one(db).await?.ok_or(AppError::NotFound)?;
    let mut fees = trade_fee::Entity::find().filter(trade_fee::Column::OrgId.eq(org_id));
    let mut branches = trade_branch::Entity::find().filter(trade_branch::Column::OrgId.eq(org_id));
    let mut awards = trade_award::Entity::find().filter(trade_award::Column::OrgId.eq(org_id));
    let mut forums = trade_forum::Entity::find().filter(trade_forum::Column::OrgId.eq(org_id));
    if let Some(y) = year {
        let first = NaiveDate::from_ymd_opt(y, 1, 1).ok_or(AppError::Internal)?;
        let last = NaiveDate::from_ymd_opt(y, 12, 31).ok_or(AppError::Internal)?;
        fees = fees.filter(trade_fee::Column::Year.eq(y));
        awards = awards.filter(trade_award::Column::Year.eq(y));
        forums = forums.filter(trade_forum::Column::HeldOn.between(first, last));
        branches = branches.filter(trade_branch::Column::EstablishedOn.lte(last));
    }
    Ok(TradeRecords {
        org_id,
        org_name: o.name,
        sector: o.trade_sector,
        fees: newest_first(db, fees, trade_fee::Column::Year, trade_fee::Column::Id, fee_view).await?,
        branches: newest_first(
            db,
            branches,
            trade_branch::Column::EstablishedOn,
            trade_branch::Column::Id,
            branch_view,
        )
        .await?,
        awards: newest_first(db, awards, trade_award::Column::Year, trade_award::Column::Id, award_view).await?,
        forums: newest_first(db, forums, trade_forum::Column::HeldOn, trade_forum::Column::Id, forum_view).await?,
    })
}

/// The records `query` selects as views, newest first: by their year or
/// date `when`, then the latest filed first (`id`).
async fn newest_first<C: ConnectionTrait, E: EntityTrait, V>(
    db: &C,
    query: Select<E>,
    when: E::Column,
    id: E::Column,
    view: fn(E::Model) -> V,
) -> Result<Vec<V>, DbErr> {
    Ok(query.order_by_desc(when).order_by_desc(id).all(db).await?.into_iter().map(view).collect())
}

async fn audited(
    txn: &DatabaseTransaction,
    actor: &Actor,
    action: &str,
    entity: &str,
    id: i64,
    after: serde_json::Value,
) -> Result<(), DbErr> {
    audit::record(txn, actor, Entry { action, entity, entity_id: id.to_string(), before: None, after: Some(after) })
        .await
}

pub async fn add_fee(
    db: &DatabaseConnection,
    actor: &Actor,
    org_id: i64,
    input: &FeeInput,
    today: NaiveDate,
) -> Result<i64, AppError> {
    let v = validate::validate_fee(input, today)?;
    let txn = db::begin_write(db).await?;
    trade_org(&*txn, org_id).await?;
    let m = trade_fee::ActiveModel {
        org_id: Set(org_id),
        year: Set(v.year),
        item: Set(v.item.clone()),
        kind: Set(v.kind.clone()),
        basis: Set(v.basis.clone()),
        standard: Set(v.standard.clone()),
        amount_fen: Set(v.amount_fen),
        compulsory: Set(v.compulsory),
        published: Set(v.published),
        anomalies: Set(stored(&v.anomalies)),
        created_by: Set(actor.id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    let after = json!({"org_id": org_id, "year": m.year, "item": m.item, "kind": m.kind, "basis": m.basis,
        "standard": m.standard, "amount": money::format_yuan(m.amount_fen), "compulsory": m.compulsory,
        "published": m.published, "anomalies": m.anomalies});
    audited(&txn, actor, "trade_fee_add", "trade_fee", m.id, after).await?;
    txn.commit().await?;
    Ok(m.id)
}

pub async fn add_branch(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    org_id: i64,
    input: &BranchInput,
    today: NaiveDate,
) -> Result<i64, AppError> {
    let rules = trade::BranchRules { name_prefix: settings.trade_branch_name_prefix };
    // The name check needs the organization: read before the write lock, checked again inside.
    let o = trade_org(db, org_id).await?;
    let t = OrgType::parse(&o.org_type).ok_or(AppError::Internal)?;
    let v = validate::validate_branch(input, &o.name, t, &rules, today)?;
    let txn = db::begin_write(db).await?;
    let o2 = trade_org(&*txn, org_id).await?;
    let v = if o2.name == o.name { v } else { validate::validate_branch(input, &o2.name, t, &rules, today)? };
    let m = trade_branch::ActiveModel {
        org_id: Set(org_id),
        kind: Set(v.kind.clone()),
        name: Set(v.name.clone()),
        address: Set(v.address.clone()),
        head: Set(v.head.clone()),
        established_on: Set(v.established_on),
        status: Set(v.status.clone()),
        regional: Set(v.regional),
        under_branch: Set(v.under_branch),
        anomalies: Set(stored(&v.anomalies)),
        created_by: Set(actor.id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    let after = json!({"org_id": org_id, "kind": m.kind, "name": m.name, "address": m.address, "head": m.head,
        "established_on": m.established_on.to_string(), "status": m.status, "regional": m.regional,
        "under_branch": m.under_branch, "anomalies": m.anomalies});
    audited(&txn, actor, "trade_branch_add", "trade_branch", m.id, after).await?;
    txn.commit().await?;
    Ok(m.id)
}

/// Checks again the branches of organization `org_id` after its name (or type)
/// changed, in the change's transaction: a branch whose anomalies differ now is
/// updated with an audit record (a renamed association's branches must carry
/// the new name). Returns how many changed.
pub async fn recheck_branches_in(
    txn: &DatabaseTransaction,
    settings: &Settings,
    actor: &Actor,
    org_id: i64,
    org_name: &str,
    t: OrgType,
) -> Result<usize, DbErr> {
    let rules = trade::BranchRules { name_prefix: settings.trade_branch_name_prefix };
    let branches = trade_branch::Entity::find().filter(trade_branch::Column::OrgId.eq(org_id)).all(txn).await?;
    let mut changed = 0;
    for b in branches {
        let facts = trade::Branch { name: b.name.clone(), regional: b.regional, under_branch: b.under_branch };
        let now = stored(&trade::branch_anomalies(&facts, org_name, t, &rules));
        if now == b.anomalies {
            continue;
        }
        let before = json!({"org_id": org_id, "name": b.name, "anomalies": b.anomalies});
        let id = b.id;
        let mut am: trade_branch::ActiveModel = b.into();
        am.anomalies = Set(now.clone());
        am.update(txn).await?;
        let after = json!({"org_id": org_id, "org_name": org_name, "anomalies": now});
        let entry = Entry {
            action: "trade_branch_recheck",
            entity: "trade_branch",
            entity_id: id.to_string(),
            before: Some(before),
            after: Some(after),
        };
        audit::record(txn, actor, entry).await?;
        changed += 1;
    }
    Ok(changed)
}

pub async fn add_award(
    db: &DatabaseConnection,
    actor: &Actor,
    org_id: i64,
    input: &AwardInput,
    today: NaiveDate,
) -> Result<i64, AppError> {
    let v = validate::validate_award(input, today)?;
    let txn = db::begin_write(db).await?;
    trade_org(&*txn, org_id).await?;
    let m = trade_award::ActiveModel {
        org_id: Set(org_id),
        year: Set(v.year),
        name: Set(v.name.clone()),
        approval_no: Set(v.approval_no.clone()),
        approved_by: Set(v.approved_by.clone()),
        fee_charged: Set(v.fee_charged),
        anomalies: Set(stored(&v.anomalies)),
        created_by: Set(actor.id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    let after = json!({"org_id": org_id, "year": m.year, "name": m.name, "approval_no": m.approval_no,
        "approved_by": m.approved_by, "fee_charged": m.fee_charged, "anomalies": m.anomalies});
    audited(&txn, actor, "trade_award_add", "trade_award", m.id, after).await?;
    txn.commit().await?;
    Ok(m.id)
}

pub async fn add_forum(
    db: &DatabaseConnection,
    actor: &Actor,
    org_id: i64,
    input: &ForumInput,
    today: NaiveDate,
) -> Result<i64, AppError> {
    let v = validate::validate_forum(input, today)?;
    let txn = db::begin_write(db).await?;
    trade_org(&*txn, org_id).await?;
    let m = trade_forum::ActiveModel {
        org_id: Set(org_id),
        name: Set(v.name.clone()),
        held_on: Set(v.held_on),
        co_organizers: Set(v.co_organizers.clone()),
        fee_charged: Set(v.fee_charged),
        approval_ref: Set(v.approval_ref.clone()),
        anomalies: Set(stored(&v.anomalies)),
        created_by: Set(actor.id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    let after = json!({"org_id": org_id, "name": m.name, "held_on": m.held_on.to_string(),
        "co_organizers": m.co_organizers, "fee_charged": m.fee_charged, "approval_ref": m.approval_ref,
        "anomalies": m.anomalies});
    audited(&txn, actor, "trade_forum_add", "trade_forum", m.id, after).await?;
    txn.commit().await?;
    Ok(m.id)
}

/// Deletes record `id` of `E` if `mine` says its organization is the
/// user's (else not found); returns the organization and what `kept` keeps
/// of the record for the audit.
async fn take<E>(
    txn: &DatabaseTransaction,
    id: i64,
    mine: impl Fn(i64) -> bool,
    kept: fn(&E::Model) -> (i64, serde_json::Value),
) -> Result<(i64, serde_json::Value), AppError>
where
    E: EntityTrait,
    i64: Into<<E::PrimaryKey as PrimaryKeyTrait>::ValueType>,
{
    let m = E::find_by_id(id).one(txn).await?.ok_or(AppError::NotFound)?;
    let (owner, before) = kept(&m);
    if !mine(owner) {
        return Err(AppError::NotFound);
    }
    E::delete_by_id(id).exec(txn).await?;
    Ok((owner, before))
}

/// Withdraws a record filed by mistake (audited with what it was). `org`:
/// the organization of the user's portal — another organization's record is
/// not found; `None` for officers. Returns the record's organization.
pub async fn remove(
    db: &DatabaseConnection,
    actor: &Actor,
    org: Option<i64>,
    kind: &str,
    id: i64,
) -> Result<i64, AppError> {
    let txn = db::begin_write(db).await?;
    let mine = |owner: i64| org.is_none_or(|o| o == owner);
    let (owner, before) = match kind {
        "fee" => {
            take::<trade_fee::Entity>(&txn, id, mine, |m| {
                (m.org_id, json!({"org_id": m.org_id, "year": m.year, "item": m.item, "anomalies": m.anomalies}))
            })
            .await?
        }
        "branch" => {
            take::<trade_branch::Entity>(&txn, id, mine, |m| {
                (m.org_id, json!({"org_id": m.org_id, "name": m.name, "anomalies": m.anomalies}))
            })
            .await?
        }
        "award" => {
            take::<trade_award::Entity>(&txn, id, mine, |m| {
                (m.org_id, json!({"org_id": m.org_id, "year": m.year, "name": m.name, "anomalies": m.anomalies}))
            })
            .await?
        }
        "forum" => {
            take::<trade_forum::Entity>(&txn, id, mine, |m| {
                let held_on = m.held_on.to_string();
                (m.org_id, json!({"org_id": m.org_id, "name": m.name, "held_on": held_on, "anomalies": m.anomalies}))
            })
            .await?
        }
        _ => return Err(AppError::NotFound),
    };
    let entity = format!("trade_{kind}");
    audit::record(
        &txn,
        actor,
        Entry { action: "trade_remove", entity: &entity, entity_id: id.to_string(), before: Some(before), after: None },
    )
    .await?;
    txn.commit().await?;
    Ok(owner)
}

/// Every record with anomalies as one list (kind, record id, a key that
/// orders them: id × 4 + the kind's place), joined with its organization.
const ANOMALOUS: &str =
    "SELECT 'fee' AS kind, f.id AS record_id, f.id * 4 AS k, f.org_id AS org_id, f.item AS record, \
     CAST(f.year AS TEXT) AS at, f.anomalies AS anomalies FROM trade_fee f WHERE f.anomalies <> '' \
     UNION ALL SELECT 'branch', b.id, b.id * 4 + 1, b.org_id, b.name, CAST(b.established_on AS TEXT), b.anomalies \
     FROM trade_branch b WHERE b.anomalies <> '' \
     UNION ALL SELECT 'award', a.id, a.id * 4 + 2, a.org_id, a.name, CAST(a.year AS TEXT), a.anomalies \
     FROM trade_award a WHERE a.anomalies <> '' \
     UNION ALL SELECT 'forum', r.id, r.id * 4 + 3, r.org_id, r.name, CAST(r.held_on AS TEXT), r.anomalies \
     FROM trade_forum r WHERE r.anomalies <> ''";

fn anomaly_from(f: &AnomalyFilter) -> (String, Vec<Value>) {
    let mut sql =
        format!("FROM ({ANOMALOUS}) x JOIN organization o ON o.id = x.org_id WHERE o.trade_sector IS NOT NULL");
    let mut vals: Vec<Value> = Vec::new();
    if trade::KINDS.contains(&f.kind.trim()) {
        sql.push_str(" AND x.kind = ?");
        vals.push(f.kind.trim().to_string().into());
    }
    if trade::ANOMALIES.contains(&f.anomaly.trim()) {
        sql.push_str(" AND (',' || x.anomalies || ',') LIKE ?");
        vals.push(format!("%,{},%", f.anomaly.trim()).into());
    }
    if let Some(code) = trade::sector_code(&f.sector) {
        sql.push_str(" AND o.trade_sector = ?");
        vals.push(code.into());
    }
    db::push_name_or_code(&mut sql, &mut vals, &f.q);
    (sql, vals)
}

fn anomaly_row(r: &sea_orm::QueryResult) -> Result<AnomalyRow, DbErr> {
    Ok(AnomalyRow {
        kind: r.try_get("", "kind")?,
        record_id: r.try_get("", "record_id")?,
        org_id: r.try_get("", "org_id")?,
        org_name: r.try_get("", "org_name")?,
        sector: r.try_get::<Option<String>>("", "sector")?.unwrap_or_default(),
        record: r.try_get("", "record")?,
        when: r.try_get("", "at")?,
        anomalies: trade::split(&r.try_get::<String>("", "anomalies")?),
    })
}

const ANOMALY_COLUMNS: &str =
    "SELECT x.kind, x.record_id, x.k, x.org_id, o.name AS org_name, o.trade_sector AS sector, x.record, x.at, x.anomalies";

/// The officers' list of anomalies, newest records first.
pub async fn anomalies<C: ConnectionTrait>(db: &C, f: &AnomalyFilter) -> Result<AnomalyPage, AppError> {
    let (from, vals) = anomaly_from(f);
    let total = db::count_from(db, &from, vals.clone()).await?;
    let p = crate::domain::paging::Paging::new(f.page, PER_PAGE);
    let backend = db.get_database_backend();
    let sql = format!("{ANOMALY_COLUMNS} {from} ORDER BY x.k DESC {}", p.limit_offset());
    let rows = db.query_all_raw(db::stmt(backend, &sql, vals)).await?;
    Ok(AnomalyPage {
        rows: rows.iter().map(anomaly_row).collect::<Result<_, _>>()?,
        total: total as u64,
        page: p.page,
        per_page: PER_PAGE,
    })
}

/// The header of the anomalies' CSV.
pub const ANOMALY_CSV_HEADER: [&str; 7] =
    ["组织名称", "所属行业", "记录类别", "记录", "年度或日期", "异常", "异常说明"];

impl crate::kernel::csv::Record for AnomalyRow {
    fn key(&self) -> i64 {
        let place = trade::KINDS.iter().position(|k| *k == self.kind).unwrap_or(0) as i64;
        self.record_id * 4 + place
    }

    fn cells(&self) -> Vec<String> {
        let zh = crate::i18n::Lang::Zh;
        vec![
            self.org_name.clone(),
            trade::sector_name(&self.sector, false),
            crate::i18n::lookup(zh, &format!("trade_kind_{}", self.kind)),
            self.record.clone(),
            self.when.clone(),
            self.anomalies.join(","),
            self.anomalies.iter().map(|a| crate::i18n::lookup(zh, a)).collect::<Vec<_>>().join("；"),
        ]
    }
}

/// The anomalies the filter selects after key `after`, at most `batch`, in key order.
pub async fn anomalies_after<C: ConnectionTrait>(
    db: &C,
    f: &AnomalyFilter,
    after: i64,
    batch: u64,
) -> Result<(Vec<AnomalyRow>, Option<i64>), DbErr> {
    let (from, mut vals) = anomaly_from(f);
    vals.push(after.into());
    let sql = format!("{ANOMALY_COLUMNS} {from} AND x.k > ? ORDER BY x.k LIMIT {batch}");
    let rows = db.query_all_raw(db::stmt(db.get_database_backend(), &sql, vals)).await?;
    let rows = rows.iter().map(anomaly_row).collect::<Result<Vec<_>, _>>()?;
    let last = rows.last().map(crate::kernel::csv::Record::key);
    Ok((rows, last))
}

/// A trade association's section of annual report `report_id` (organization
/// `org_id`, year `year`): as kept at its last submission, else the records
/// as they are; None for an organization that is not a trade association
/// and has no section kept.
pub async fn report_section<C: ConnectionTrait>(
    db: &C,
    report_id: i64,
    org_id: i64,
    year: i32,
) -> Result<Option<TradeSection>, AppError> {
    let kept = db
        .query_one_raw(db::stmt(
            db.get_database_backend(),
            "SELECT section_json, taken_at FROM trade_report_section WHERE report_id = ?",
            vec![report_id.into()],
        ))
        .await?;
    if let Some(r) = kept {
        let json: String = r.try_get("", "section_json")?;
        let taken: chrono::DateTime<Utc> = r.try_get("", "taken_at")?;
        let records: TradeRecords = serde_json::from_str(&json).map_err(|e| {
            tracing::error!(error = %e, report_id, "reading a kept trade section");
            AppError::Internal
        })?;
        let local = taken.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).ok_or(AppError::Internal)?);
        return Ok(Some(TradeSection { year, taken_at: Some(local.format("%Y-%m-%d %H:%M").to_string()), records }));
    }
    let records = records(db, org_id, Some(year)).await?;
    Ok(records.sector.is_some().then_some(TradeSection { year, taken_at: None, records }))
}

/// Keeps the section of report `report_id` as it is now, inside the
/// submission's transaction (a resubmission replaces it); nothing for an
/// organization that is not a trade association.
pub async fn keep_section_in(
    txn: &DatabaseTransaction,
    report_id: i64,
    org_id: i64,
    year: i32,
) -> Result<(), AppError> {
    let records = records(txn, org_id, Some(year)).await?;
    if records.sector.is_none() {
        return Ok(());
    }
    let json = serde_json::to_string(&records).map_err(|_| AppError::Internal)?;
    db::exec(txn, "DELETE FROM trade_report_section WHERE report_id = ?", vec![report_id.into()]).await?;
    db::exec(
        txn,
        "INSERT INTO trade_report_section (report_id, section_json, taken_at) VALUES (?, ?, ?)",
        vec![report_id.into(), json.into(), Utc::now().into()],
    )
    .await?;
    Ok(())
}

/// The organization and year of annual report `report_id`.
pub async fn report_owner<C: ConnectionTrait>(db: &C, report_id: i64) -> Result<(i64, i32), AppError> {
    let r = entity::annual_report::Entity::find_by_id(report_id).one(db).await?.ok_or(AppError::NotFound)?;
    Ok((r.org_id, r.report_year))
}
