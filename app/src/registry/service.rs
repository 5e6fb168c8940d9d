//! Queries and transactions of the registry. Every write runs in one
//! transaction with its registration event and its audit record.

use chrono::{NaiveDate, Utc};
use entity::{org_event, organization};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    EntityTrait, QueryFilter, QueryOrder, Set, Value,
};
use serde_json::json;

use super::types::*;
use super::validate::{self, CapitalRules, ValidOrg};
use crate::audit::service::{self as audit, Actor, Entry};
use crate::db;
use crate::domain::{money, org_status, org_status::OrgAction, org_status::OrgStatus, org_type::OrgType, search, term};
use crate::error::AppError;
use crate::state::Settings;

pub const PER_PAGE: u64 = 20;

use crate::kernel::clock::today;

/// Writes the search tokens of an organization's name.
pub async fn index_name<C: ConnectionTrait>(db: &C, id: i64, name: &str) -> Result<(), DbErr> {
    let tokens = search::index_tokens(name);
    match db.get_database_backend() {
        DbBackend::Postgres => {
            let placeholders = vec!["?"; tokens.len()].join(",");
            let mut values: Vec<Value> = tokens.into_iter().map(Value::from).collect();
            values.push(id.into());
            let sql = if placeholders.is_empty() {
                "UPDATE organization SET search_tokens = '{}' WHERE id = ?".to_string()
            } else {
                format!("UPDATE organization SET search_tokens = ARRAY[{placeholders}]::text[] WHERE id = ?")
            };
            db::exec(db, &sql, values).await?;
        }
        _ => {
            db::exec(db, "DELETE FROM org_fts WHERE rowid = ?", vec![id.into()]).await?;
            db::exec(db, "INSERT INTO org_fts (rowid, tokens) VALUES (?, ?)", vec![id.into(), tokens.join(" ").into()])
                .await?;
        }
    }
    Ok(())
}

fn snapshot(o: &organization::Model) -> serde_json::Value {
    json!({
        "name": o.name, "credit_code": o.credit_code, "org_type": o.org_type, "domicile": o.domicile,
        "district": o.district, "legal_rep": o.legal_rep, "capital": money::format_yuan(o.capital_fen),
        "supervisory_unit": o.supervisory_unit, "business_scope": o.business_scope,
        "contact_person": o.contact_person, "contact_phone": o.contact_phone, "contact_email": o.contact_email,
        "registration_date": o.registration_date.to_string(), "status": o.status,
        "status_date": o.status_date.map(|d| d.to_string()), "status_reason": o.status_reason,
        "charter_approved_on": o.charter_approved_on.map(|d| d.to_string()),
        "term_start": o.term_start.to_string(), "term_end": o.term_end.to_string(),
    })
}

async fn add_event(
    txn: &DatabaseTransaction,
    org_id: i64,
    kind: &str,
    date: NaiveDate,
    note: &str,
    changes: &[ChangeItem],
    actor: &Actor,
) -> Result<(), DbErr> {
    org_event::ActiveModel {
        org_id: Set(org_id),
        kind: Set(kind.to_string()),
        event_date: Set(date),
        note: Set(note.to_string()),
        changes_json: Set(serde_json::to_string(changes).unwrap_or_else(|_| "[]".into())),
        actor_id: Set(actor.id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// Refuses a name already used by a registered organization, or a code
/// already on the register, with a field error.
async fn check_unique<C: ConnectionTrait>(
    db: &C,
    name: Option<&str>,
    code: Option<&str>,
    except: i64,
) -> Result<(), AppError> {
    let mut e = crate::error::Errors::default();
    if let Some(name) = name {
        let taken = organization::Entity::find()
            .filter(organization::Column::Name.eq(name))
            .filter(organization::Column::Status.eq(OrgStatus::Active.as_str()))
            .filter(organization::Column::Id.ne(except))
            .one(db)
            .await?;
        if taken.is_some() {
            e.add("name", "err_name_taken");
        }
    }
    if let Some(code) = code {
        let taken = organization::Entity::find().filter(organization::Column::CreditCode.eq(code)).one(db).await?;
        if taken.is_some() {
            e.add("credit_code", "err_code_taken");
        }
    }
    e.into_result()
}

/// Inserts a validated organization with its establishment event and search
/// tokens (no audit record: callers add theirs).
pub async fn insert_org(
    txn: &DatabaseTransaction,
    settings: &Settings,
    v: &ValidOrg,
    actor: &Actor,
) -> Result<organization::Model, DbErr> {
    let org = new_org(settings, v, Utc::now()).insert(txn).await?;
    index_name(txn, org.id, &org.name).await?;
    add_event(txn, org.id, "establish", v.registration_date, "", &[], actor).await?;
    Ok(org)
}

/// The row of a newly registered organization.
fn new_org(settings: &Settings, v: &ValidOrg, now: chrono::DateTime<Utc>) -> organization::ActiveModel {
    organization::ActiveModel {
        credit_code: Set(v.credit_code.clone()),
        name: Set(v.name.clone()),
        org_type: Set(v.org_type.as_str().to_string()),
        domicile: Set(v.domicile.clone()),
        district: Set(v.district.clone()),
        legal_rep: Set(v.legal_rep.clone()),
        capital_fen: Set(v.capital_fen),
        supervisory_unit: Set(v.supervisory_unit.clone()),
        business_scope: Set(v.business_scope.clone()),
        contact_person: Set(v.contact_person.clone()),
        contact_phone: Set(v.contact_phone.clone()),
        contact_email: Set(v.contact_email.clone()),
        registration_date: Set(v.registration_date),
        status: Set(OrgStatus::Active.as_str().to_string()),
        status_date: Set(None),
        status_reason: Set(None),
        charter_approved_on: Set(Some(v.registration_date)),
        term_start: Set(v.registration_date),
        term_end: Set(term::term_end(v.registration_date, settings.term_years)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}

/// Rows per statement staged by [`stage_orgs`] (17 values a row, well under
/// SQLite's 32,766 and PostgreSQL's 65,535 parameters).
const STAGE_BULK: usize = 1000;

/// The staged columns of `import_row` copied into `organization`.
const STAGED: &str = "credit_code, name, org_type, domicile, district, legal_rep, capital_fen, supervisory_unit, \
    business_scope, contact_person, contact_phone, contact_email, registration_date";

/// Stages checked rows of import job `job` (line, row) in `import_row`, in
/// short write transactions of their own: nothing is visible in the register,
/// and the write lock is held for one statement at a time.
pub async fn stage_orgs(
    db: &DatabaseConnection,
    settings: &Settings,
    job: i64,
    rows: &[(u64, &ValidOrg)],
) -> Result<(), DbErr> {
    for chunk in rows.chunks(STAGE_BULK) {
        let mut vals: Vec<Value> = Vec::with_capacity(chunk.len() * 17);
        for (line, v) in chunk {
            vals.extend([
                job.into(),
                (*line as i64).into(),
                v.credit_code.clone().into(),
                v.name.clone().into(),
                v.org_type.as_str().into(),
                v.domicile.clone().into(),
                v.district.clone().into(),
                v.legal_rep.clone().into(),
                v.capital_fen.into(),
                v.supervisory_unit.clone().into(),
                v.business_scope.clone().into(),
                v.contact_person.clone().into(),
                v.contact_phone.clone().into(),
                v.contact_email.clone().into(),
                v.registration_date.into(),
                term::term_end(v.registration_date, settings.term_years).into(),
                search::index_tokens(&v.name).join(" ").into(),
            ]);
        }
        let row = format!("({})", vec!["?"; 17].join(", "));
        let sql = format!(
            "INSERT INTO import_row (job_id, n, {STAGED}, term_end, tokens) VALUES {}",
            vec![row.as_str(); chunk.len()].join(", ")
        );
        let txn = db::begin_write(db).await?;
        db::exec(&txn, &sql, vals).await?;
        txn.commit().await?;
    }
    Ok(())
}

/// Deletes the staged rows of import job `job` (`None`: of every job that
/// ended), a few thousand a transaction.
pub async fn unstage(db: &DatabaseConnection, job: Option<i64>) -> Result<(), DbErr> {
    let (cond, vals): (&str, Vec<Value>) = match job {
        Some(id) => ("job_id = ?", vec![id.into()]),
        None => ("job_id IN (SELECT id FROM import_job WHERE finished_at IS NOT NULL)", vec![]),
    };
    let sql = format!(
        "DELETE FROM import_row WHERE (job_id, n) IN (SELECT job_id, n FROM import_row WHERE {cond} LIMIT 5000)"
    );
    loop {
        let txn = db::begin_write(db).await?;
        let n = db::exec(&txn, &sql, vals.clone()).await?;
        txn.commit().await?;
        if n == 0 {
            return Ok(());
        }
    }
}

/// Organizations written per audit batch of [`insert_staged`].
const AUDIT_PAGE: u64 = 5000;

/// Registers the staged rows of import job `job` inside the caller's write
/// transaction, as [`insert_org`] does one at a time (the row, its search
/// tokens, its `establish` event, its audit record), in a few set-based
/// statements: a row whose code is registered by now is left out (unchanged,
/// as a re-import is). The tallies' triggers count the rows as they are
/// written. Returns how many were written.
pub async fn insert_staged(txn: &DatabaseTransaction, job: i64, actor: &Actor) -> Result<u64, DbErr> {
    let backend = txn.get_database_backend();
    let pg = backend == DbBackend::Postgres;
    let now = Utc::now();
    let (tokens_col, tokens_val) = if pg { (", search_tokens", ", string_to_array(s.tokens, ' ')") } else { ("", "") };
    let select = format!(
        "SELECT {staged}, 'active', s.registration_date, s.registration_date, s.term_end, ?, ?{tokens_val} \
         FROM import_row s WHERE s.job_id = ? \
         AND NOT EXISTS (SELECT 1 FROM organization r WHERE r.credit_code = s.credit_code) ORDER BY s.n",
        staged = STAGED.split(", ").map(|c| format!("s.{}", c.trim())).collect::<Vec<_>>().join(", ")
    );
    let insert = format!(
        "INSERT INTO organization ({STAGED}, status, charter_approved_on, term_start, term_end, created_at, updated_at\
         {tokens_col}) {select}"
    );
    let vals: Vec<Value> = vec![now.into(), now.into(), job.into()];
    // The first id written: every row of this statement has an id from it on.
    let (written, first) = if pg {
        let row = txn
            .query_one_raw(db::stmt(
                backend,
                &format!("WITH ins AS ({insert} RETURNING id) SELECT COUNT(*) AS n, MIN(id) AS lo FROM ins"),
                vals,
            ))
            .await?
            .ok_or(DbErr::RecordNotInserted)?;
        (row.try_get::<i64>("", "n")? as u64, row.try_get::<Option<i64>>("", "lo")?.unwrap_or(0))
    } else {
        // The write lock is held: nobody else writes organizations meanwhile.
        let before = db::count(txn, "SELECT MAX(id) AS n FROM organization", vec![]).await? as i64;
        (db::exec(txn, &insert, vals).await?, before + 1)
    };
    if written == 0 {
        return Ok(0);
    }
    // This job's rows: from the first id on (on PostgreSQL, where another
    // transaction may write organizations after the first id, with a staged code).
    let ours = if pg {
        "o.id >= ? AND o.credit_code IN (SELECT credit_code FROM import_row WHERE job_id = ?)"
    } else {
        "o.id >= ?"
    };
    let ours_vals = || -> Vec<Value> {
        if pg {
            vec![first.into(), job.into()]
        } else {
            vec![first.into()]
        }
    };
    if !pg {
        db::exec(
            txn,
            "INSERT INTO org_fts (rowid, tokens) SELECT o.id, s.tokens FROM organization o \
             JOIN import_row s ON s.job_id = ? AND s.credit_code = o.credit_code WHERE o.id >= ?",
            vec![job.into(), first.into()],
        )
        .await?;
    }
    let mut vals: Vec<Value> = vec![actor.id.into(), now.into()];
    vals.extend(ours_vals());
    db::exec(
        txn,
        &format!(
            "INSERT INTO org_event (org_id, kind, event_date, note, changes_json, actor_id, created_at) \
             SELECT o.id, 'establish', o.registration_date, '', '[]', ?, ? FROM organization o WHERE {ours}"
        ),
        vals,
    )
    .await?;
    // The audit records, in id order, a page at a time (the chain continues from page to page).
    let mut after = first - 1;
    loop {
        let mut vals: Vec<Value> = vec![after.into()];
        vals.extend(ours_vals());
        let rows = txn
            .query_all_raw(db::stmt(
                backend,
                &format!(
                    "SELECT o.id, o.name, o.credit_code FROM organization o WHERE o.id > ? AND {ours} \
                     ORDER BY o.id LIMIT {AUDIT_PAGE}"
                ),
                vals,
            ))
            .await?;
        let Some(last) = rows.last() else { break };
        after = last.try_get("", "id")?;
        let mut entries = Vec::with_capacity(rows.len());
        for r in &rows {
            let id: i64 = r.try_get("", "id")?;
            let name: String = r.try_get("", "name")?;
            let code: String = r.try_get("", "credit_code")?;
            entries.push(Entry {
                action: "import",
                entity: "organization",
                entity_id: id.to_string(),
                before: None,
                after: Some(json!({"name": name, "credit_code": code, "job": job})),
            });
        }
        audit::record_many(txn, actor, entries).await?;
    }
    Ok(written)
}

/// Establishment registration (成立登记).
pub async fn register(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    input: &OrgInput,
) -> Result<i64, AppError> {
    let v = validate::validate_org(input, &settings.districts, &CapitalRules::default(), today())?;
    let txn = db::begin_write(db).await?;
    check_unique(&txn, Some(&v.name), Some(&v.credit_code), 0).await?;
    let org = insert_org(&txn, settings, &v, actor).await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "register",
            entity: "organization",
            entity_id: org.id.to_string(),
            before: None,
            after: Some(snapshot(&org)),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(org.id)
}

async fn load_for_update(txn: &DatabaseTransaction, id: i64) -> Result<organization::Model, AppError> {
    organization::Entity::find_by_id(id).one(txn).await?.ok_or(AppError::NotFound)
}

fn transition(o: &organization::Model, action: OrgAction) -> Result<OrgStatus, AppError> {
    let from = OrgStatus::parse(&o.status).ok_or(AppError::Internal)?;
    org_status::next(from, action).map_err(|_| AppError::Conflict("err_transition".into()))
}

/// Change registration (变更登记): records each changed item as a dated event.
pub async fn change(db: &DatabaseConnection, actor: &Actor, id: i64, input: &ChangeInput) -> Result<(), AppError> {
    let txn = db::begin_write(db).await?;
    let org = load_for_update(&txn, id).await?;
    transition(&org, OrgAction::Change)?;
    let t = OrgType::parse(&org.org_type).ok_or(AppError::Internal)?;
    let v = validate::validate_change(input, t, &CapitalRules::default(), today())?;
    if v.change_date < org.registration_date {
        return Err(AppError::field("change_date", "err_date_before_registration"));
    }
    let mut changes = Vec::new();
    let mut diff = |field: &str, before: String, after: String| {
        if before != after {
            changes.push(ChangeItem { field: field.into(), before, after });
        }
    };
    diff("name", org.name.clone(), v.name.clone());
    diff("domicile", org.domicile.clone(), v.domicile.clone());
    diff("legal_rep", org.legal_rep.clone(), v.legal_rep.clone());
    diff("business_scope", org.business_scope.clone(), v.business_scope.clone());
    diff("capital", money::format_yuan(org.capital_fen), money::format_yuan(v.capital_fen));
    diff(
        "supervisory_unit",
        org.supervisory_unit.clone().unwrap_or_default(),
        v.supervisory_unit.clone().unwrap_or_default(),
    );
    if changes.is_empty() {
        return Err(AppError::Conflict("err_no_change".into()));
    }
    if v.name != org.name {
        check_unique(&txn, Some(&v.name), None, id).await?;
    }
    let before = snapshot(&org);
    let mut am: organization::ActiveModel = org.clone().into();
    am.name = Set(v.name.clone());
    am.domicile = Set(v.domicile.clone());
    am.legal_rep = Set(v.legal_rep.clone());
    am.business_scope = Set(v.business_scope.clone());
    am.capital_fen = Set(v.capital_fen);
    am.supervisory_unit = Set(v.supervisory_unit.clone());
    am.updated_at = Set(Utc::now());
    let updated = am.update(&txn).await?;
    if updated.name != org.name {
        index_name(&txn, id, &updated.name).await?;
    }
    add_event(&txn, id, "change", v.change_date, &v.note, &changes, actor).await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "change",
            entity: "organization",
            entity_id: id.to_string(),
            before: Some(before),
            after: Some(snapshot(&updated)),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Charter approval, term renewal, deregistration or revocation.
pub async fn act(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    input: &ActInput,
) -> Result<(), AppError> {
    validate::validate_act(input, today())?;
    let txn = db::begin_write(db).await?;
    act_in(&txn, settings, actor, id, input).await?;
    txn.commit().await?;
    Ok(())
}

/// A registration act inside the caller's transaction. Revocation lists the
/// organization on the 严重违法失信名单 (第十九条第（七）项); deregistration
/// closes its open credit entries (it leaves the register, its history stays).
pub async fn act_in(
    txn: &DatabaseTransaction,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    input: &ActInput,
) -> Result<(), AppError> {
    let v = validate::validate_act(input, today())?;
    let org = load_for_update(txn, id).await?;
    let next = transition(&org, v.action)?;
    if v.date < org.registration_date {
        return Err(AppError::field("date", "err_date_before_registration"));
    }
    let before = snapshot(&org);
    let mut am: organization::ActiveModel = org.clone().into();
    let mut changes = Vec::new();
    match v.action {
        OrgAction::CharterApproval => {
            am.charter_approved_on = Set(Some(v.date));
        }
        OrgAction::TermRenewal => {
            let end = term::term_end(v.date, settings.term_years);
            changes.push(ChangeItem {
                field: "term_end".into(),
                before: org.term_end.to_string(),
                after: end.to_string(),
            });
            am.term_start = Set(v.date);
            am.term_end = Set(end);
        }
        OrgAction::Deregister | OrgAction::Revoke => {
            changes.push(ChangeItem {
                field: "status".into(),
                before: org.status.clone(),
                after: next.as_str().into(),
            });
            am.status = Set(next.as_str().to_string());
            am.status_date = Set(Some(v.date));
            am.status_reason = Set(Some(v.reason.clone()));
        }
        OrgAction::Change => return Err(AppError::Internal),
    }
    am.updated_at = Set(Utc::now());
    let updated = am.update(txn).await?;
    add_event(txn, id, v.action.as_str(), v.date, &v.reason, &changes, actor).await?;
    match v.action {
        OrgAction::Revoke => {
            crate::credit::service::list_in(
                txn,
                id,
                "revoked",
                "registration",
                v.date,
                &settings.bureau_name,
                &v.reason,
                actor.id,
            )
            .await?;
        }
        OrgAction::Deregister => {
            crate::credit::service::close_all_in(txn, id, v.date, "deregistered").await?;
        }
        _ => {}
    }
    audit::record(
        txn,
        actor,
        Entry {
            action: v.action.as_str(),
            entity: "organization",
            entity_id: id.to_string(),
            before: Some(before),
            after: Some(snapshot(&updated)),
        },
    )
    .await?;
    Ok(())
}

/// The FROM and WHERE of a filtered list, and the column that orders it
/// "latest entries first" (the text index's own order when it drives the query).
///
/// A name query is answered from the text index: SQLite drives the query from
/// the FTS5 table (so rows come in rowid order and a page stops early), and
/// PostgreSQL uses the GIN index. A query that looks like a credit code also
/// matches code prefixes through a range on the code's index.
fn filtered(backend: DbBackend, f: &OrgFilter) -> (String, Vec<Value>, &'static str) {
    let mut conds: Vec<String> = Vec::new();
    let mut vals: Vec<Value> = Vec::new();
    let mut from_vals: Vec<Value> = Vec::new();
    let mut from = "organization o".to_string();
    let mut latest = "o.id";
    for (col, v) in [("o.org_type", &f.org_type), ("o.district", &f.district), ("o.status", &f.status)] {
        if !v.trim().is_empty() {
            conds.push(format!("{col} = ?"));
            vals.push(v.trim().to_string().into());
        }
    }
    match f.supervisory.trim() {
        "" => {}
        "__direct" => conds.push("o.supervisory_unit IS NULL".into()),
        s => {
            conds.push("o.supervisory_unit = ?".into());
            vals.push(s.to_string().into());
        }
    }
    let q = crate::domain::input::query(&f.q);
    let q = q.as_str();
    let tokens = search::query_tokens(q);
    if !tokens.is_empty() {
        let text = search::query_text(q);
        let pg = backend == DbBackend::Postgres;
        // The ids whose name contains the query.
        let (name_ids, mut name_vals): (String, Vec<Value>) = if pg {
            let ph = vec!["?"; tokens.len()].join(",");
            (
                format!("SELECT n.id FROM organization n WHERE n.search_tokens @> ARRAY[{ph}]::text[] AND strpos(lower(n.name), ?) > 0"),
                tokens.into_iter().map(Value::from).collect(),
            )
        } else {
            let matcher = tokens.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(" AND ");
            (
                "SELECT f.rowid AS id FROM org_fts f CROSS JOIN organization n ON n.id = f.rowid \
                 WHERE f.org_fts MATCH ? AND instr(lower(n.name), ?) > 0"
                    .to_string(),
                vec![matcher.into()],
            )
        };
        name_vals.push(text.into());
        if search::looks_like_code(q) {
            // Code prefix as an index range (upper bound: the prefix followed by '~', above every code character).
            let prefix = q.to_ascii_uppercase();
            // SQLite's CROSS JOIN keeps the matches as the outer loop; PostgreSQL plans a plain JOIN itself.
            let (collate, join) = if pg { (" COLLATE \"C\"", "JOIN") } else { ("", "CROSS JOIN") };
            from = format!(
                "(SELECT c.id FROM organization c WHERE c.credit_code{collate} >= ? AND c.credit_code{collate} < ? \
                 UNION {name_ids}) m {join} organization o ON o.id = m.id"
            );
            from_vals.push(prefix.clone().into());
            from_vals.push(format!("{prefix}~").into());
            from_vals.extend(name_vals);
        } else if pg {
            conds.push(format!("o.id IN ({name_ids})"));
            vals.extend(name_vals);
        } else {
            from = "org_fts f CROSS JOIN organization o ON o.id = f.rowid".into();
            conds.insert(0, "f.org_fts MATCH ? AND instr(lower(o.name), ?) > 0".into());
            let mut v = name_vals;
            v.extend(vals);
            vals = v;
            latest = "f.rowid";
        }
    }
    from_vals.extend(vals);
    let where_ = if conds.is_empty() { String::new() } else { format!(" WHERE {}", conds.join(" AND ")) };
    (format!("FROM {from}{where_}"), from_vals, latest)
}

fn order_by(sort: &str, latest: &str) -> String {
    match sort {
        "new" => "o.registration_date DESC, o.id DESC".into(),
        "old" => "o.registration_date ASC, o.id ASC".into(),
        "name" => "o.name ASC, o.id ASC".into(),
        "code" => "o.credit_code ASC".into(),
        _ => format!("{latest} DESC"),
    }
}

pub use super::types::COUNT_CAP;

/// Ids of one page of the filtered list, and the total (at most `COUNT_CAP + 1`,
/// meaning "more than `COUNT_CAP`").
pub async fn search_ids<C: ConnectionTrait>(db: &C, f: &OrgFilter, per_page: u64) -> Result<(Vec<i64>, u64), DbErr> {
    let backend = db.get_database_backend();
    let (from_where, vals, latest) = filtered(backend, f);
    let count_sql = format!("SELECT COUNT(*) AS n FROM (SELECT 1 AS one {from_where} LIMIT {}) capped", COUNT_CAP + 1);
    let total: i64 = db
        .query_one_raw(db::stmt(backend, &count_sql, vals.clone()))
        .await?
        .map(|r| r.try_get("", "n"))
        .transpose()?
        .unwrap_or(0);
    let p = crate::domain::paging::Paging::new(f.page, per_page);
    let sql = format!("SELECT o.id AS id {from_where} ORDER BY {} {}", order_by(&f.sort, latest), p.limit_offset());
    let rows = db.query_all_raw(db::stmt(backend, &sql, vals)).await?;
    let ids = rows.iter().map(|r| r.try_get::<i64>("", "id")).collect::<Result<Vec<_>, _>>()?;
    Ok((ids, total as u64))
}

async fn load_in_order<C: ConnectionTrait>(db: &C, ids: &[i64]) -> Result<Vec<organization::Model>, DbErr> {
    let mut models = organization::Entity::find().filter(organization::Column::Id.is_in(ids.to_vec())).all(db).await?;
    models.sort_by_key(|m| ids.iter().position(|i| *i == m.id));
    Ok(models)
}

fn row(o: organization::Model) -> OrgRow {
    OrgRow {
        id: o.id,
        name: o.name,
        credit_code: o.credit_code,
        org_type: o.org_type,
        district: o.district,
        legal_rep: o.legal_rep,
        supervisory_unit: o.supervisory_unit,
        registration_date: o.registration_date.to_string(),
        status: o.status,
    }
}

pub async fn list<C: ConnectionTrait>(db: &C, f: &OrgFilter) -> Result<OrgPage, DbErr> {
    let (ids, total) = search_ids(db, f, PER_PAGE).await?;
    let rows = load_in_order(db, &ids).await?.into_iter().map(row).collect();
    Ok(OrgPage { rows, total, page: crate::domain::paging::Paging::new(f.page, PER_PAGE).page, per_page: PER_PAGE })
}

async fn history<C: ConnectionTrait>(db: &C, id: i64, public: bool) -> Result<Vec<EventView>, DbErr> {
    let events = org_event::Entity::find()
        .filter(org_event::Column::OrgId.eq(id))
        .order_by_desc(org_event::Column::EventDate)
        .order_by_desc(org_event::Column::Id)
        .all(db)
        .await?;
    Ok(events
        .into_iter()
        .map(|e| {
            let mut changes: Vec<ChangeItem> = serde_json::from_str(&e.changes_json).unwrap_or_default();
            if public {
                changes.retain(|c| !c.field.starts_with("contact_"));
            }
            EventView { kind: e.kind, date: e.event_date.to_string(), note: e.note, changes }
        })
        .collect())
}

fn public_view(o: &organization::Model, history: Vec<EventView>) -> PublicOrg {
    PublicOrg {
        id: o.id,
        name: o.name.clone(),
        credit_code: o.credit_code.clone(),
        org_type: o.org_type.clone(),
        domicile: o.domicile.clone(),
        district: o.district.clone(),
        legal_rep: o.legal_rep.clone(),
        capital: money::format_yuan(o.capital_fen),
        supervisory_unit: o.supervisory_unit.clone(),
        business_scope: o.business_scope.clone(),
        registration_date: o.registration_date.to_string(),
        status: o.status.clone(),
        status_date: o.status_date.map(|d| d.to_string()),
        status_reason: o.status_reason.clone(),
        history,
    }
}

/// `NotFound` unless organization `id` exists: what is said publicly about an
/// organization (credit, grade, conclusions) is only said of a registered one.
pub async fn require_org<C: ConnectionTrait>(db: &C, id: i64) -> Result<(), AppError> {
    let n = db::count(db, "SELECT COUNT(*) AS n FROM organization WHERE id = ?", vec![id.into()]).await?;
    if n == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

pub async fn public_detail<C: ConnectionTrait>(db: &C, id: i64) -> Result<PublicOrg, AppError> {
    let o = organization::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    Ok(public_view(&o, history(db, id, true).await?))
}

pub async fn detail<C: ConnectionTrait>(db: &C, id: i64) -> Result<OrgDetail, AppError> {
    let o = organization::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    let public = public_view(&o, history(db, id, false).await?);
    Ok(OrgDetail {
        public,
        contact_person: o.contact_person,
        contact_phone: o.contact_phone,
        contact_email: o.contact_email,
        charter_approved_on: o.charter_approved_on.map(|d| d.to_string()),
        term_start: o.term_start.to_string(),
        term_end: o.term_end.to_string(),
        term_days_left: (o.term_end - today()).num_days(),
    })
}

/// Registered organizations whose term is overdue or ends within 90 days.
pub async fn terms<C: ConnectionTrait>(db: &C, today: NaiveDate, page: u64) -> Result<TermPage, DbErr> {
    use sea_orm::PaginatorTrait;
    let limit = today + chrono::Duration::days(term::DUE_WINDOW_DAYS);
    let pages = organization::Entity::find()
        .filter(organization::Column::Status.eq(OrgStatus::Active.as_str()))
        .filter(organization::Column::TermEnd.lte(limit))
        .order_by_asc(organization::Column::TermEnd)
        .order_by_asc(organization::Column::Id)
        .paginate(db, PER_PAGE);
    let total = pages.num_items().await?;
    let page = crate::domain::paging::Paging::new(page, PER_PAGE).page;
    let rows = pages
        .fetch_page(page)
        .await?
        .into_iter()
        .map(|o| TermRow {
            id: o.id,
            days_left: (o.term_end - today).num_days(),
            name: o.name,
            credit_code: o.credit_code,
            district: o.district,
            term_end: o.term_end.to_string(),
        })
        .collect();
    Ok(TermPage { rows, total, page, per_page: PER_PAGE })
}

/// The header of the CSV export; the import reads the same columns.
pub const CSV_HEADER: [&str; 14] = [
    "统一社会信用代码",
    "名称",
    "类型",
    "住所",
    "区",
    "法定代表人",
    "注册资金(元)",
    "业务主管单位",
    "业务范围",
    "登记日期",
    "状态",
    "联系人",
    "联系电话",
    "联系邮箱",
];

/// One page of CSV rows (without BOM or header) after the id `after`, for a
/// streamed export in a stable order. Returns the rows and the last id.
/// With `public`, the contact columns are left out.
pub async fn export_batch<C: ConnectionTrait>(
    db: &C,
    f: &OrgFilter,
    public: bool,
    after: i64,
    batch: u64,
) -> Result<(Vec<u8>, Option<i64>), DbErr> {
    let backend = db.get_database_backend();
    let (from_where, mut vals, _) = filtered(backend, f);
    let glue = if from_where.contains(" WHERE ") { " AND " } else { " WHERE " };
    vals.push(after.into());
    let sql = format!("SELECT o.id AS id {from_where}{glue}o.id > ? ORDER BY o.id LIMIT {batch}");
    let rows = db.query_all_raw(db::stmt(backend, &sql, vals)).await?;
    let ids = rows.iter().map(|r| r.try_get::<i64>("", "id")).collect::<Result<Vec<_>, _>>()?;
    let models = load_in_order(db, &ids).await?;
    let mut w = crate::kernel::csv::CsvRows::new();
    for o in &models {
        let t = OrgType::parse(&o.org_type).map(|t| t.zh()).unwrap_or("");
        let s = OrgStatus::parse(&o.status).map(|s| s.zh()).unwrap_or("");
        let capital = money::format_yuan(o.capital_fen);
        let unit = o.supervisory_unit.clone().unwrap_or_else(|| "直接登记".into());
        let date = o.registration_date.to_string();
        let record = [
            o.credit_code.as_str(),
            &o.name,
            t,
            &o.domicile,
            &o.district,
            &o.legal_rep,
            &capital,
            &unit,
            &o.business_scope,
            &date,
            s,
            &o.contact_person,
            &o.contact_phone,
            &o.contact_email,
        ];
        let n = if public { PUBLIC_COLUMNS } else { record.len() };
        w.push(&record[..n])?;
    }
    let bytes = w.finish()?;
    Ok((bytes, ids.last().copied()))
}

/// The columns of the public export: all but the contacts.
pub const PUBLIC_COLUMNS: usize = 11;

/// One batch of the due-terms list as CSV rows, after organization id `after`.
pub async fn terms_export_batch<C: ConnectionTrait>(
    db: &C,
    today: NaiveDate,
    after: i64,
    batch: u64,
) -> Result<(Vec<u8>, Option<i64>), DbErr> {
    use sea_orm::QuerySelect;
    let limit = today + chrono::Duration::days(term::DUE_WINDOW_DAYS);
    let orgs = organization::Entity::find()
        .filter(organization::Column::Status.eq(OrgStatus::Active.as_str()))
        .filter(organization::Column::TermEnd.lte(limit))
        .filter(organization::Column::Id.gt(after))
        .order_by_asc(organization::Column::Id)
        .limit(batch)
        .all(db)
        .await?;
    let mut w = crate::kernel::csv::CsvRows::new();
    for o in &orgs {
        let days = (o.term_end - today).num_days();
        let state = if days < 0 { format!("逾期{}天", -days) } else { format!("{days}天后届满") };
        let end = o.term_end.to_string();
        w.push([o.credit_code.as_str(), &o.name, &o.district, &end, &state, &o.contact_person, &o.contact_phone])?;
    }
    let bytes = w.finish()?;
    Ok((bytes, orgs.last().map(|o| o.id)))
}

pub const TERMS_CSV_HEADER: [&str; 7] = ["统一社会信用代码", "名称", "区", "届满日期", "状态", "联系人", "联系电话"];
