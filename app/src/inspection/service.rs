//! The inspector directory and the campaigns: plan, freeze, draw, verify.
//! Every write runs in one transaction with its audit record and its e-mail.
//! Results, publication, mail status and attachments are in [`super::results`].

use std::collections::{BTreeMap, HashMap};

use chrono::{NaiveDate, Utc};
use entity::{inspection_campaign as campaign, inspection_target as target, inspector, organization};
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set, Value,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::types::*;
use crate::audit::service::{self as audit, Actor, Entry};
use crate::db;
use crate::domain::inspection::{self as rules, InspectorFacts, TargetFacts};
use crate::domain::sampling::{self, Member, Stratum};
use crate::error::{AppError, Errors};
use crate::state::Settings;

pub const PER_PAGE: u64 = 20;

pub(crate) use crate::registry::service::stamp;

fn number(e: &mut Errors, field: &str, value: &str, range: std::ops::RangeInclusive<i32>, key: &str) -> Option<i32> {
    let n = value.trim().parse::<i32>().ok().filter(|n| range.contains(n));
    if n.is_none() {
        e.add(field, key);
    }
    n
}

// ---- the inspector directory ----

/// A checked inspector form.
pub struct ValidInspector {
    pub name: String,
    pub unit: String,
    pub email: String,
    pub phone: String,
    pub cert_no: String,
    pub cert_valid_until: NaiveDate,
    pub districts: String,
    pub active: bool,
}

/// Checks an inspector form, every field at once.
pub fn check_inspector(input: &InspectorInput) -> Result<ValidInspector, AppError> {
    let mut e = Errors::default();
    e.required("name", &input.name);
    e.line("name", &input.name, 50);
    e.required("unit", &input.unit);
    e.line("unit", &input.unit, 100);
    let email = input.email.trim();
    if email.is_empty() {
        e.add("email", "err_required");
    } else if !crate::registry::validate::is_email(email) {
        e.add("email", "err_email");
    }
    e.line("phone", &input.phone, 30);
    let cert = input.cert_no.trim();
    if cert.is_empty() {
        e.add("cert_no", "err_required");
    } else if cert.chars().count() > 40 || !cert.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        e.add("cert_no", "err_insp_cert_no");
    }
    let until = e.date("cert_valid_until", &input.cert_valid_until);
    e.line("districts", &input.districts, 200);
    e.into_result()?;
    Ok(ValidInspector {
        name: input.name.trim().into(),
        unit: input.unit.trim().into(),
        email: email.to_lowercase(),
        phone: input.phone.trim().into(),
        cert_no: cert.to_uppercase(),
        cert_valid_until: until.ok_or(AppError::Internal)?,
        districts: rules::parse_districts(&input.districts).join("、"),
        active: input.active.as_deref().is_some_and(|v| !v.is_empty() && v != "false" && v != "否"),
    })
}

/// The account of an inspector: an active inspector account with the same e-mail.
async fn account_for<C: ConnectionTrait>(db: &C, email: &str) -> Result<Option<i64>, DbErr> {
    let row = db
        .query_one_raw(db::stmt(
            db.get_database_backend(),
            "SELECT id FROM app_user WHERE lower(email) = ? AND role = 'inspector' ORDER BY id LIMIT 1",
            vec![email.to_lowercase().into()],
        ))
        .await?;
    row.map(|r| r.try_get::<i64>("", "id")).transpose()
}

fn inspector_json(m: &inspector::Model) -> serde_json::Value {
    json!({
        "name": m.name, "unit": m.unit, "email": m.email, "phone": m.phone, "cert_no": m.cert_no,
        "cert_valid_until": m.cert_valid_until.to_string(), "districts": m.districts, "active": m.active,
    })
}

/// Writes a checked inspector (new when `id` is None) in `txn`; returns its id.
pub async fn write_inspector(
    txn: &sea_orm::DatabaseTransaction,
    actor: &Actor,
    id: Option<i64>,
    v: ValidInspector,
) -> Result<i64, AppError> {
    let clash = inspector::Entity::find().filter(inspector::Column::CertNo.eq(v.cert_no.clone())).one(txn).await?;
    if clash.as_ref().is_some_and(|c| Some(c.id) != id) {
        return Err(AppError::field("cert_no", "err_insp_cert_taken"));
    }
    let user_id = account_for(txn, &v.email).await?;
    let now = Utc::now();
    let (saved, before) = match id {
        Some(id) => {
            let old = inspector::Entity::find_by_id(id).one(txn).await?.ok_or(AppError::NotFound)?;
            let before = inspector_json(&old);
            let mut am: inspector::ActiveModel = old.into();
            am.name = Set(v.name);
            am.unit = Set(v.unit);
            am.email = Set(v.email);
            am.phone = Set(v.phone);
            am.cert_no = Set(v.cert_no);
            am.cert_valid_until = Set(v.cert_valid_until);
            am.districts = Set(v.districts);
            am.active = Set(v.active);
            am.user_id = Set(user_id);
            am.updated_at = Set(now);
            (am.update(txn).await?, Some(before))
        }
        None => (
            inspector::ActiveModel {
                user_id: Set(user_id),
                name: Set(v.name),
                unit: Set(v.unit),
                email: Set(v.email),
                phone: Set(v.phone),
                cert_no: Set(v.cert_no),
                cert_valid_until: Set(v.cert_valid_until),
                districts: Set(v.districts),
                active: Set(v.active),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?,
            None,
        ),
    };
    audit::record(
        txn,
        actor,
        Entry {
            action: if before.is_some() { "inspector_update" } else { "inspector_create" },
            entity: "inspector",
            entity_id: saved.id.to_string(),
            before,
            after: Some(inspector_json(&saved)),
        },
    )
    .await?;
    Ok(saved.id)
}

pub async fn save_inspector(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Option<i64>,
    input: &InspectorInput,
) -> Result<i64, AppError> {
    let v = check_inspector(input)?;
    let txn = db::begin_write(db).await?;
    let id = write_inspector(&txn, actor, id, v).await?;
    txn.commit().await?;
    Ok(id)
}

async fn conflicts_of<C: ConnectionTrait>(db: &C, ids: &[i64]) -> Result<HashMap<i64, Vec<ConflictView>>, DbErr> {
    let mut out: HashMap<i64, Vec<ConflictView>> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let marks = vec!["?"; ids.len()].join(", ");
    let sql = format!(
        "SELECT c.id, c.inspector_id, c.org_id, c.reason, c.declared_on, o.name, o.credit_code \
         FROM inspector_conflict c JOIN organization o ON o.id = c.org_id \
         WHERE c.inspector_id IN ({marks}) ORDER BY c.id"
    );
    let vals: Vec<Value> = ids.iter().map(|i| (*i).into()).collect();
    for r in db.query_all_raw(db::stmt(db.get_database_backend(), &sql, vals)).await? {
        let declared: NaiveDate = r.try_get("", "declared_on")?;
        out.entry(r.try_get("", "inspector_id")?).or_default().push(ConflictView {
            id: r.try_get("", "id")?,
            org_id: r.try_get("", "org_id")?,
            org_name: r.try_get("", "name")?,
            credit_code: r.try_get("", "credit_code")?,
            reason: r.try_get("", "reason")?,
            declared_on: declared.to_string(),
        });
    }
    Ok(out)
}

async fn open_targets<C: ConnectionTrait>(db: &C, ids: &[i64]) -> Result<HashMap<i64, i64>, DbErr> {
    let mut out = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let marks = vec!["?"; ids.len()].join(", ");
    let sql = format!(
        "SELECT a.inspector_id AS i, COUNT(*) AS n FROM inspection_assignment a \
         JOIN inspection_target t ON t.id = a.target_id \
         WHERE a.inspector_id IN ({marks}) AND t.status IN ('pending', 'recorded') GROUP BY a.inspector_id"
    );
    let vals: Vec<Value> = ids.iter().map(|i| (*i).into()).collect();
    for r in db.query_all_raw(db::stmt(db.get_database_backend(), &sql, vals)).await? {
        out.insert(r.try_get("", "i")?, r.try_get("", "n")?);
    }
    Ok(out)
}

async fn inspector_views<C: ConnectionTrait>(db: &C, rows: Vec<inspector::Model>) -> Result<Vec<InspectorView>, DbErr> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut conflicts = conflicts_of(db, &ids).await?;
    let open = open_targets(db, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|m| InspectorView {
            id: m.id,
            conflicts: conflicts.remove(&m.id).unwrap_or_default(),
            open_targets: open.get(&m.id).copied().unwrap_or(0),
            name: m.name,
            unit: m.unit,
            email: m.email,
            phone: m.phone,
            cert_no: m.cert_no,
            cert_valid_until: m.cert_valid_until.to_string(),
            districts: m.districts,
            active: m.active,
            has_account: m.user_id.is_some(),
        })
        .collect())
}

fn inspector_query(f: &InspectorFilter) -> sea_orm::Select<inspector::Entity> {
    let mut q = inspector::Entity::find();
    let text = crate::domain::input::query(&f.q);
    let text = text.as_str();
    if !text.is_empty() {
        q = q.filter(
            sea_orm::Condition::any()
                .add(inspector::Column::Name.like(db::like_expr(text)))
                .add(inspector::Column::Unit.like(db::like_expr(text)))
                .add(inspector::Column::CertNo.like(db::like_expr(&text.to_uppercase())))
                .add(inspector::Column::Districts.like(db::like_expr(text))),
        );
    }
    match f.active.as_str() {
        "active" => q = q.filter(inspector::Column::Active.eq(true)),
        "inactive" => q = q.filter(inspector::Column::Active.eq(false)),
        _ => {}
    }
    q.order_by_asc(inspector::Column::Id)
}

pub async fn inspectors(db: &DatabaseConnection, f: &InspectorFilter) -> Result<InspectorPage, AppError> {
    use sea_orm::{PaginatorTrait, QuerySelect};
    let total = inspector_query(f).count(db).await?;
    let p = crate::domain::paging::Paging::new(f.page, PER_PAGE);
    let rows = inspector_query(f).offset(p.offset()).limit(PER_PAGE).all(db).await?;
    Ok(InspectorPage { rows: inspector_views(db, rows).await?, total, page: p.page, per_page: PER_PAGE })
}

pub async fn inspector_view(db: &DatabaseConnection, id: i64) -> Result<InspectorView, AppError> {
    let m = inspector::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    Ok(inspector_views(db, vec![m]).await?.remove(0))
}

/// The directory as CSV rows (the import's columns), without the header.
pub async fn inspectors_csv(db: &DatabaseConnection, f: &InspectorFilter) -> Result<Vec<u8>, DbErr> {
    let mut w = db::CsvRows::new();
    for m in inspector_query(f).all(db).await? {
        w.push([
            m.name.as_str(),
            &m.unit,
            &m.email,
            &m.phone,
            &m.cert_no,
            &m.cert_valid_until.to_string(),
            &m.districts,
            if m.active { "是" } else { "否" },
        ])?;
    }
    w.finish()
}

pub async fn add_conflict(
    db: &DatabaseConnection,
    actor: &Actor,
    inspector_id: i64,
    input: &ConflictInput,
) -> Result<(), AppError> {
    let mut e = Errors::default();
    e.required("credit_code", &input.credit_code);
    e.line("credit_code", &input.credit_code, 40);
    e.required("reason", &input.reason);
    e.max_len("reason", &input.reason, 200);
    e.into_result()?;
    let code = input.credit_code.trim().to_uppercase();
    let txn = db::begin_write(db).await?;
    inspector::Entity::find_by_id(inspector_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let org = organization::Entity::find()
        .filter(organization::Column::CreditCode.eq(code.clone()))
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::field("credit_code", "err_insp_unknown_org"))?;
    let exists = db::count_from(
        &txn,
        "FROM inspector_conflict WHERE inspector_id = ? AND org_id = ?",
        vec![inspector_id.into(), org.id.into()],
    )
    .await?;
    if exists > 0 {
        return Err(AppError::field("credit_code", "err_insp_conflict_exists"));
    }
    db::exec(
        &txn,
        "INSERT INTO inspector_conflict (inspector_id, org_id, reason, declared_on) VALUES (?, ?, ?, ?)",
        vec![inspector_id.into(), org.id.into(), input.reason.trim().into(), crate::registry::service::today().into()],
    )
    .await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "inspector_conflict_add",
            entity: "inspector",
            entity_id: inspector_id.to_string(),
            before: None,
            after: Some(json!({ "org": code, "reason": input.reason.trim() })),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn remove_conflict(db: &DatabaseConnection, actor: &Actor, conflict_id: i64) -> Result<i64, AppError> {
    let txn = db::begin_write(db).await?;
    let row = txn
        .query_one_raw(db::stmt(
            txn.get_database_backend(),
            "SELECT inspector_id, org_id, reason FROM inspector_conflict WHERE id = ?",
            vec![conflict_id.into()],
        ))
        .await?
        .ok_or(AppError::NotFound)?;
    let inspector_id: i64 = row.try_get("", "inspector_id")?;
    let org_id: i64 = row.try_get("", "org_id")?;
    let reason: String = row.try_get("", "reason")?;
    db::exec(&txn, "DELETE FROM inspector_conflict WHERE id = ?", vec![conflict_id.into()]).await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "inspector_conflict_remove",
            entity: "inspector",
            entity_id: inspector_id.to_string(),
            before: Some(json!({ "org_id": org_id, "reason": reason })),
            after: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(inspector_id)
}

// ---- campaigns: the plan ----

/// A checked campaign form.
struct Plan {
    name: String,
    year: i32,
    kind: String,
    object_kind: String,
    filter_type: String,
    filter_district: String,
    filter_credit: String,
    filter_rating: String,
    strata_by: String,
    size_mode: String,
    size_value: i32,
    risk_percent: i32,
    per_target: i32,
    max_per_inspector: i32,
    period_from: NaiveDate,
    period_to: NaiveDate,
    items: String,
    beacon_source: String,
}

fn one_of(e: &mut Errors, field: &str, value: &str, allowed: &[&str]) -> String {
    let v = value.trim();
    if !allowed.contains(&v) {
        e.choice(field, v);
    }
    v.to_string()
}

fn check_plan(input: &CampaignInput) -> Result<Plan, AppError> {
    let mut e = Errors::default();
    e.required("name", &input.name);
    e.line("name", &input.name, 100);
    let year = number(&mut e, "year", &input.year, 2000..=2100, "err_rate_year");
    let kind = one_of(&mut e, "kind", &input.kind, &rules::KINDS);
    let object = if input.object_kind.trim().is_empty() { "org" } else { input.object_kind.as_str() };
    let object_kind = one_of(&mut e, "object_kind", object, &rules::OBJECT_KINDS);
    let filter_type =
        one_of(&mut e, "filter_type", &input.filter_type, &["", "social_group", "social_service", "foundation"]);
    e.line("filter_district", &input.filter_district, 50);
    let filter_credit = one_of(&mut e, "filter_credit", &input.filter_credit, &["", "clean", "abnormal", "serious"]);
    let filter_rating = one_of(&mut e, "filter_rating", &input.filter_rating, &["", "rated", "unrated", "3a"]);
    let strata_by = one_of(&mut e, "strata_by", &input.strata_by, &rules::STRATA_BY);
    if object_kind == "outlet" {
        // Outlets have no organization type, credit list or rating.
        if strata_by == "org_type" {
            e.add("strata_by", "err_insp_outlet_strata");
        }
        for (field, value) in
            [("filter_type", &filter_type), ("filter_credit", &filter_credit), ("filter_rating", &filter_rating)]
        {
            if !value.is_empty() {
                e.add(field, "err_insp_outlet_filter");
            }
        }
    }
    let size_mode = one_of(&mut e, "size_mode", &input.size_mode, &["percent", "count"]);
    let size_value = if size_mode == "percent" {
        number(&mut e, "size_value", &input.size_value, 1..=100, "err_insp_percent")
    } else {
        number(&mut e, "size_value", &input.size_value, 1..=100_000, "err_insp_count")
    };
    let risk = if input.risk_percent.trim().is_empty() { "0" } else { input.risk_percent.as_str() };
    let risk_percent = number(&mut e, "risk_percent", risk, 0..=100, "err_insp_percent0");
    let per_target =
        number(&mut e, "per_target", &input.per_target, rules::MIN_INSPECTORS as i32..=10, "err_insp_per_target");
    let max_per_inspector =
        number(&mut e, "max_per_inspector", &input.max_per_inspector, 1..=1000, "err_insp_max_per_inspector");
    let from = e.date("period_from", &input.period_from);
    let to = e.date("period_to", &input.period_to);
    if let (Some(f), Some(t)) = (from, to) {
        if t < f {
            e.add("period_to", "err_insp_period");
        }
    }
    let items: Vec<&str> =
        input.items.lines().map(crate::domain::seeded::checklist_stored).filter(|l| !l.is_empty()).collect();
    if items.is_empty() {
        e.add("items", "err_insp_items");
    }
    e.max_len("items", &input.items, 2000);
    e.required("beacon_source", &input.beacon_source);
    e.max_len("beacon_source", &input.beacon_source, 200);
    e.into_result()?;
    let (
        Some(year),
        Some(size_value),
        Some(risk_percent),
        Some(per_target),
        Some(max_per_inspector),
        Some(from),
        Some(to),
    ) = (year, size_value, risk_percent, per_target, max_per_inspector, from, to)
    else {
        return Err(AppError::Internal);
    };
    Ok(Plan {
        name: input.name.trim().into(),
        year,
        kind,
        object_kind,
        filter_type,
        filter_district: input.filter_district.trim().into(),
        filter_credit,
        filter_rating,
        strata_by,
        size_mode,
        size_value,
        risk_percent,
        per_target,
        max_per_inspector,
        period_from: from,
        period_to: to,
        items: items.join("\n"),
        beacon_source: input.beacon_source.trim().into(),
    })
}

pub async fn create_campaign(db: &DatabaseConnection, actor: &Actor, input: &CampaignInput) -> Result<i64, AppError> {
    let p = check_plan(input)?;
    let now = Utc::now();
    let txn = db::begin_write(db).await?;
    let c = campaign::ActiveModel {
        name: Set(p.name),
        year: Set(p.year),
        kind: Set(p.kind),
        object_kind: Set(p.object_kind),
        filter_type: Set(p.filter_type),
        filter_district: Set(p.filter_district),
        filter_credit: Set(p.filter_credit),
        filter_rating: Set(p.filter_rating),
        strata_by: Set(p.strata_by),
        size_mode: Set(p.size_mode),
        size_value: Set(p.size_value),
        risk_percent: Set(p.risk_percent),
        per_target: Set(p.per_target),
        max_per_inspector: Set(p.max_per_inspector),
        period_from: Set(p.period_from),
        period_to: Set(p.period_to),
        items: Set(p.items),
        beacon_source: Set(p.beacon_source),
        status: Set("draft".into()),
        created_by: Set(actor.id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "campaign_create",
            entity: "inspection_campaign",
            entity_id: c.id.to_string(),
            before: None,
            after: Some(json!({ "name": c.name, "year": c.year, "kind": c.kind })),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(c.id)
}

/// `FROM … WHERE …` of a campaign's population, with its values: active
/// organizations, or open outlets (with their unrectified findings).
fn population_where(c: &campaign::Model, today: NaiveDate) -> (String, Vec<Value>) {
    if c.object_kind == "outlet" {
        let mut sql = String::from(
            "FROM lottery_outlet o LEFT JOIN (SELECT outlet_id, COUNT(*) AS open_findings FROM lottery_finding \
             WHERE rectified = ? GROUP BY outlet_id) f ON f.outlet_id = o.id WHERE o.status = 'open'",
        );
        let mut vals: Vec<Value> = vec![false.into()];
        if !c.filter_district.is_empty() {
            sql.push_str(" AND o.district = ?");
            vals.push(c.filter_district.clone().into());
        }
        return (sql, vals);
    }
    let mut sql = String::from(
        "FROM organization o LEFT JOIN organization_credit c ON c.org_id = o.id \
         LEFT JOIN (SELECT org_id, SUM(CASE WHEN list = 'serious' THEN 1 ELSE 0 END) AS serious, \
                           SUM(CASE WHEN list = 'abnormal' THEN 1 ELSE 0 END) AS abnormal \
                    FROM credit_entry WHERE removed_on IS NULL GROUP BY org_id) e ON e.org_id = o.id \
         WHERE o.status = 'active'",
    );
    let mut vals: Vec<Value> = Vec::new();
    if !c.filter_type.is_empty() {
        sql.push_str(" AND o.org_type = ?");
        vals.push(c.filter_type.clone().into());
    }
    if !c.filter_district.is_empty() {
        sql.push_str(" AND o.district = ?");
        vals.push(c.filter_district.clone().into());
    }
    match c.filter_credit.as_str() {
        "clean" => sql.push_str(" AND e.org_id IS NULL"),
        "abnormal" => sql.push_str(" AND e.abnormal > 0"),
        "serious" => sql.push_str(" AND e.serious > 0"),
        _ => {}
    }
    let graded =
        "EXISTS (SELECT 1 FROM rating_grade g WHERE g.org_id = o.id AND g.status = 'active' AND g.valid_to >= ?";
    match c.filter_rating.as_str() {
        "rated" => {
            sql.push_str(&format!(" AND {graded})"));
            vals.push(today.into());
        }
        "unrated" => {
            sql.push_str(&format!(" AND NOT {graded})"));
            vals.push(today.into());
        }
        "3a" => {
            sql.push_str(&format!(" AND {graded} AND g.grade IN ('3A', '4A', '5A'))"));
            vals.push(today.into());
        }
        _ => {}
    }
    (sql, vals)
}

fn stratum_column(strata_by: &str) -> &'static str {
    match strata_by {
        "org_type" => "o.org_type",
        "district" => "o.district",
        _ => "'*'",
    }
}

/// The sizes of the strata as they stand today (a preview before the freeze).
async fn preview_strata<C: ConnectionTrait>(
    db: &C,
    c: &campaign::Model,
    today: NaiveDate,
) -> Result<Vec<StratumView>, DbErr> {
    let (from_where, vals) = population_where(c, today);
    let col = stratum_column(&c.strata_by);
    let sql = format!("SELECT {col} AS k, COUNT(*) AS n {from_where} GROUP BY {col} ORDER BY {col}");
    let mut out = Vec::new();
    for r in db.query_all_raw(db::stmt(db.get_database_backend(), &sql, vals)).await? {
        let size: i64 = r.try_get("", "n")?;
        let sample = rules::stratum_sample(size as usize, &c.size_mode, c.size_value as u32);
        out.push(StratumView {
            key: r.try_get("", "k")?,
            size,
            sample: sample as i64,
            weighted: rules::weighted_share(sample, c.risk_percent as u32) as i64,
        });
    }
    Ok(out)
}

/// Loads the population of a campaign, in strata ordered by key, members by id.
pub async fn load_population<C: ConnectionTrait>(
    db: &C,
    c: &campaign::Model,
    today: NaiveDate,
) -> Result<Vec<Stratum>, DbErr> {
    let (from_where, vals) = population_where(c, today);
    let col = stratum_column(&c.strata_by);
    let outlets = c.object_kind == "outlet";
    let sql = if outlets {
        format!(
            "SELECT o.id AS id, {col} AS k, COALESCE(f.open_findings, 0) AS open_findings {from_where} ORDER BY o.id"
        )
    } else {
        format!(
            "SELECT o.id AS id, {col} AS k, c.level AS level, COALESCE(e.serious, 0) AS serious, \
             COALESCE(e.abnormal, 0) AS abnormal {from_where} ORDER BY o.id"
        )
    };
    let mut strata: BTreeMap<String, Vec<Member>> = BTreeMap::new();
    for r in db.query_all_raw(db::stmt(db.get_database_backend(), &sql, vals)).await? {
        let weight = if c.risk_percent == 0 {
            1
        } else if outlets {
            rules::outlet_risk_weight(r.try_get("", "open_findings")?)
        } else {
            let level: Option<String> = r.try_get("", "level")?;
            rules::risk_weight(r.try_get("", "serious")?, r.try_get("", "abnormal")?, level.as_deref())
        };
        strata.entry(r.try_get("", "k")?).or_default().push(Member { id: r.try_get("", "id")?, weight });
    }
    Ok(strata_with_sizes(c, strata))
}

/// Strata with the campaign's sample sizes.
pub fn strata_with_sizes(c: &campaign::Model, strata: BTreeMap<String, Vec<Member>>) -> Vec<Stratum> {
    strata
        .into_iter()
        .map(|(key, members)| {
            let n = rules::stratum_sample(members.len(), &c.size_mode, c.size_value as u32);
            Stratum { key, n, weighted: rules::weighted_share(n, c.risk_percent as u32), members }
        })
        .collect()
}

/// One inspector of a frozen pool.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct PoolInspector {
    pub id: i64,
    pub unit: String,
    pub districts: Vec<String>,
    pub conflicts: Vec<i64>,
    pub active: bool,
    pub cert_valid_until: NaiveDate,
}

impl PoolInspector {
    pub fn facts(&self) -> InspectorFacts {
        InspectorFacts {
            id: self.id,
            unit: self.unit.clone(),
            districts: self.districts.clone(),
            conflicts: self.conflicts.clone(),
            active: self.active,
            cert_valid_until: self.cert_valid_until,
        }
    }
}

async fn inspector_pool<C: ConnectionTrait>(db: &C) -> Result<Vec<PoolInspector>, DbErr> {
    let rows = inspector::Entity::find()
        .filter(inspector::Column::Active.eq(true))
        .order_by_asc(inspector::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let conflicts = conflicts_of(db, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|m| {
            let mut c: Vec<i64> =
                conflicts.get(&m.id).map(|v| v.iter().map(|c| c.org_id).collect()).unwrap_or_default();
            c.sort();
            PoolInspector {
                id: m.id,
                unit: m.unit,
                districts: rules::parse_districts(&m.districts),
                conflicts: c,
                active: m.active,
                cert_valid_until: m.cert_valid_until,
            }
        })
        .collect())
}

/// Freezes the population and the inspector pool, records the population hash
/// and the commitment to a fresh nonce: the plan is then public and the draw
/// waits for the announced value.
pub async fn freeze(db: &DatabaseConnection, settings: &Settings, actor: &Actor, id: i64) -> Result<(), AppError> {
    let today = crate::registry::service::today();
    let txn = db::begin_write(db).await?;
    let c = campaign::Entity::find_by_id(id).one(&txn).await?.ok_or(AppError::NotFound)?;
    if c.status != "draft" {
        return Err(AppError::Conflict("err_insp_not_draft".into()));
    }
    let strata = load_population(&txn, &c, today).await?;
    let size: usize = strata.iter().map(|s| s.members.len()).sum();
    if size == 0 {
        return Err(AppError::Conflict("err_insp_empty_population".into()));
    }
    let sample: usize = strata.iter().map(|s| s.n).sum();
    let minimum =
        rules::minimum_sample(&c.kind, size, settings.inspection_min_percent, settings.inspection_min_per_year);
    if sample < minimum {
        return Err(AppError::field("size_value", "err_insp_below_minimum"));
    }
    let pool = inspector_pool(&txn).await?;
    let usable = pool.iter().filter(|p| p.cert_valid_until >= c.period_to).count();
    let capacity = usable * (c.max_per_inspector as usize);
    if usable < (c.per_target as usize) || capacity < sample * (c.per_target as usize) {
        return Err(AppError::Conflict("err_insp_too_few_inspectors".into()));
    }
    let hash = sampling::population_hash(&strata);
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let nonce = hex::encode(bytes);
    for s in &strata {
        db::exec(
            &txn,
            "INSERT INTO inspection_stratum (campaign_id, key, size, sample, weighted, members) VALUES (?, ?, ?, ?, ?, ?)",
            vec![
                id.into(),
                s.key.clone().into(),
                (s.members.len() as i64).into(),
                (s.n as i64).into(),
                (s.weighted as i64).into(),
                sampling::encode_members(&s.members).into(),
            ],
        )
        .await?;
    }
    let pool_json = serde_json::to_string(&pool).map_err(|_| AppError::Internal)?;
    let mut am: campaign::ActiveModel = c.into();
    am.status = Set("frozen".into());
    am.population_size = Set(Some(size as i32));
    am.population_hash = Set(Some(hash.clone()));
    am.inspector_pool = Set(Some(pool_json));
    am.nonce_hash = Set(Some(sampling::commitment(&nonce)));
    am.nonce = Set(Some(nonce));
    am.frozen_at = Set(Some(Utc::now()));
    am.updated_at = Set(Utc::now());
    am.update(&txn).await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "campaign_freeze",
            entity: "inspection_campaign",
            entity_id: id.to_string(),
            before: None,
            after: Some(json!({ "population": size, "sample": sample, "hash": hash, "inspectors": pool.len() })),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The frozen strata of a campaign, in key order.
pub async fn frozen_strata<C: ConnectionTrait>(db: &C, id: i64) -> Result<Vec<Stratum>, AppError> {
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT key, sample, weighted, members FROM inspection_stratum WHERE campaign_id = ? ORDER BY key",
            vec![id.into()],
        ))
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let bytes: Vec<u8> = r.try_get("", "members")?;
        let members = sampling::decode_members(&bytes).ok_or(AppError::Internal)?;
        let n: i64 = r.try_get("", "sample")?;
        let w: i64 = r.try_get("", "weighted")?;
        out.push(Stratum { key: r.try_get("", "key")?, members, n: n as usize, weighted: w as usize });
    }
    // Keys sort the same everywhere: byte order, as BTreeMap did at the freeze.
    out.sort_by(|a, b| a.key.as_bytes().cmp(b.key.as_bytes()));
    Ok(out)
}

fn seed_hex(seed: &[u8; 32]) -> String {
    hex::encode(seed)
}

/// The inspectors of the drawn targets, from the frozen pool (step 6 of the
/// algorithm); `facts` gives each drawn object's district and supervisory unit.
pub fn assign(
    seed: &[u8; 32],
    drawn: &[sampling::Drawn],
    pool: &[PoolInspector],
    per_target: usize,
    max_per_inspector: usize,
    period_to: NaiveDate,
    facts: impl Fn(i64) -> TargetFacts,
) -> sampling::Assignment {
    let target_facts: Vec<TargetFacts> = drawn.iter().map(|d| facts(d.id)).collect();
    let pool_facts: Vec<InspectorFacts> = pool.iter().map(PoolInspector::facts).collect();
    let ids: Vec<i64> = pool.iter().map(|p| p.id).collect();
    sampling::assign_inspectors(seed, drawn.len(), &ids, per_target, max_per_inspector, |t, k| {
        rules::conflict(&pool_facts[k], &target_facts[t], period_to).is_none()
    })
}

fn pool_of(c: &campaign::Model) -> Result<Vec<PoolInspector>, AppError> {
    serde_json::from_str(c.inspector_pool.as_deref().unwrap_or("[]")).map_err(|_| AppError::Internal)
}

/// Draws the targets and their inspectors with the announced value, writes
/// them and queues each inspector's list by e-mail.
pub async fn draw(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    input: &DrawInput,
) -> Result<(), AppError> {
    let beacon = input.beacon_value.trim();
    let mut e = Errors::default();
    e.required("beacon_value", beacon);
    e.line("beacon_value", beacon, 200);
    e.into_result()?;
    let txn = db::begin_write(db).await?;
    let c = campaign::Entity::find_by_id(id).one(&txn).await?.ok_or(AppError::NotFound)?;
    if c.status != "frozen" {
        return Err(AppError::Conflict("err_insp_not_frozen".into()));
    }
    let strata = frozen_strata(&txn, id).await?;
    let hash = sampling::population_hash(&strata);
    if Some(&hash) != c.population_hash.as_ref() {
        tracing::error!(campaign = id, "frozen population does not match its hash");
        return Err(AppError::Internal);
    }
    let nonce = c.nonce.clone().ok_or(AppError::Internal)?;
    let seed = sampling::seed(beacon, &nonce, &hash);
    let pool = pool_of(&c)?;
    let drawn = sampling::draw_strata(&seed, &strata);
    let drawn_ids: Vec<i64> = drawn.iter().map(|d| d.id).collect();
    let orgs: HashMap<i64, ObjectFacts> = load_objects(&txn, &c.object_kind, &drawn_ids).await?;
    let is_org = c.object_kind == "org";
    let facts = |id: i64| {
        let o = orgs.get(&id);
        TargetFacts {
            org_id: is_org.then_some(id),
            district: o.map(|o| o.district.clone()).unwrap_or_default(),
            supervisory_unit: o.and_then(|o| o.supervisory_unit.clone()),
        }
    };
    let assigned =
        assign(&seed, &drawn, &pool, c.per_target as usize, c.max_per_inspector as usize, c.period_to, facts);
    let assigned = match assigned {
        Ok(a) => a,
        Err((t, n)) => {
            let name = orgs.get(&drawn[t].id).map(|o| o.name.clone()).unwrap_or_default();
            tracing::info!(campaign = id, target = %name, eligible = n, "too few eligible inspectors");
            return Err(AppError::Conflict("err_insp_no_eligible".into()));
        }
    };
    let mut target_ids = Vec::with_capacity(drawn.len());
    for (pos, d) in drawn.iter().enumerate() {
        let o = orgs.get(&d.id).ok_or(AppError::Internal)?;
        let t = target::ActiveModel {
            campaign_id: Set(id),
            position: Set(pos as i32 + 1),
            stratum: Set(d.stratum.clone()),
            by_weight: Set(d.by_weight),
            object_kind: Set(c.object_kind.clone()),
            object_id: Set(o.id),
            org_name: Set(o.name.clone()),
            credit_code: Set(o.code.clone()),
            district: Set(o.district.clone()),
            address: Set(o.address.clone()),
            contact: Set(o.contact.clone()),
            supervisory_unit: Set(o.supervisory_unit.clone()),
            status: Set("pending".into()),
            checked_items: Set(String::new()),
            findings: Set(String::new()),
            version: Set(0),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        target_ids.push(t.id);
    }
    for (t, inspectors) in target_ids.iter().zip(&assigned) {
        for (pos, i) in inspectors.iter().enumerate() {
            db::exec(
                &txn,
                "INSERT INTO inspection_assignment (campaign_id, target_id, inspector_id, position) VALUES (?, ?, ?, ?)",
                vec![id.into(), (*t).into(), (*i).into(), (pos as i32 + 1).into()],
            )
            .await?;
        }
    }
    let mut am: campaign::ActiveModel = c.into();
    am.status = Set("drawn".into());
    am.beacon_value = Set(Some(beacon.to_string()));
    am.seed = Set(Some(seed_hex(&seed)));
    am.algorithm = Set(Some(sampling::ALGORITHM.into()));
    am.drawn_at = Set(Some(Utc::now()));
    am.updated_at = Set(Utc::now());
    am.update(&txn).await?;
    let mut notified: Vec<i64> = assigned.iter().flatten().copied().collect();
    notified.sort();
    notified.dedup();
    super::results::send_lists(&txn, settings, id, &notified).await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "campaign_draw",
            entity: "inspection_campaign",
            entity_id: id.to_string(),
            before: None,
            after: Some(json!({
                "beacon": beacon, "seed": seed_hex(&seed), "algorithm": sampling::ALGORITHM,
                "targets": drawn.len(), "inspectors": notified.len(),
            })),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// What a target keeps of the organization or outlet drawn, as it was at the draw.
pub(crate) struct ObjectFacts {
    pub id: i64,
    pub name: String,
    /// The credit code, or the outlet number.
    pub code: String,
    pub district: String,
    pub address: String,
    pub contact: String,
    pub supervisory_unit: Option<String>,
}

/// The organizations (`org`) or outlets (`outlet`) of `ids`.
pub(crate) async fn load_objects<C: ConnectionTrait>(
    db: &C,
    kind: &str,
    ids: &[i64],
) -> Result<HashMap<i64, ObjectFacts>, DbErr> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        if kind == "outlet" {
            let rows = entity::lottery_outlet::Entity::find()
                .filter(entity::lottery_outlet::Column::Id.is_in(chunk.to_vec()))
                .all(db)
                .await?;
            for o in rows {
                let contact = format!("{} {} {}", o.operator_name, o.contact_person, o.contact_phone);
                out.insert(
                    o.id,
                    ObjectFacts {
                        id: o.id,
                        name: o.name,
                        code: o.outlet_no,
                        district: o.district,
                        address: o.address,
                        contact: contact.trim().to_string(),
                        supervisory_unit: None,
                    },
                );
            }
        } else {
            for o in organization::Entity::find().filter(organization::Column::Id.is_in(chunk.to_vec())).all(db).await?
            {
                let contact = format!("{} {}", o.contact_person, o.contact_phone);
                out.insert(
                    o.id,
                    ObjectFacts {
                        id: o.id,
                        name: o.name,
                        code: o.credit_code,
                        district: o.district,
                        address: o.domicile,
                        contact: contact.trim().to_string(),
                        supervisory_unit: o.supervisory_unit,
                    },
                );
            }
        }
    }
    Ok(out)
}

/// Re-runs a drawn campaign from its frozen inputs and compares with the
/// targets and inspectors on record.
pub async fn verify<C: ConnectionTrait>(db: &C, id: i64) -> Result<Verification, AppError> {
    let c = campaign::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    if c.status != "drawn" {
        return Err(AppError::Conflict("err_insp_not_drawn".into()));
    }
    let strata = frozen_strata(db, id).await?;
    let hash = sampling::population_hash(&strata);
    let population_hash_ok = Some(&hash) == c.population_hash.as_ref();
    let seed = sampling::seed(
        c.beacon_value.as_deref().unwrap_or(""),
        c.nonce.as_deref().unwrap_or(""),
        c.population_hash.as_deref().unwrap_or(""),
    );
    let seed_ok = c.seed.as_deref() == Some(seed_hex(&seed).as_str());
    let targets = target::Entity::find()
        .filter(target::Column::CampaignId.eq(id))
        .order_by_asc(target::Column::Position)
        .all(db)
        .await?;
    let by_object: HashMap<i64, &target::Model> = targets.iter().map(|t| (t.object_id, t)).collect();
    let org_id = |id: i64| (c.object_kind == "org").then_some(id);
    let facts = |id: i64| match by_object.get(&id) {
        Some(t) => TargetFacts {
            org_id: org_id(id),
            district: t.district.clone(),
            supervisory_unit: t.supervisory_unit.clone(),
        },
        None => TargetFacts { org_id: org_id(id), district: String::new(), supervisory_unit: None },
    };
    let pool = pool_of(&c)?;
    let drawn = sampling::draw_strata(&seed, &strata);
    let assigned =
        assign(&seed, &drawn, &pool, c.per_target as usize, c.max_per_inspector as usize, c.period_to, facts);
    let recorded: Vec<(String, i64, bool)> =
        targets.iter().map(|t| (t.stratum.clone(), t.object_id, t.by_weight)).collect();
    let again: Vec<(String, i64, bool)> = drawn.into_iter().map(|d| (d.stratum, d.id, d.by_weight)).collect();
    let targets_ok = recorded == again;
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT t.position AS tp, a.inspector_id AS i FROM inspection_assignment a \
             JOIN inspection_target t ON t.id = a.target_id WHERE a.campaign_id = ? ORDER BY t.position, a.position",
            vec![id.into()],
        ))
        .await?;
    let mut on_record: Vec<Vec<i64>> = vec![Vec::new(); targets.len()];
    for r in rows {
        let tp: i32 = r.try_get("", "tp")?;
        if let Some(v) = on_record.get_mut(tp as usize - 1) {
            v.push(r.try_get("", "i")?);
        }
    }
    let inspectors_ok = assigned.is_ok_and(|a| a == on_record);
    Ok(Verification { population_hash_ok, seed_ok, targets_ok, inspectors_ok })
}

/// The campaigns, newest first.
pub async fn campaigns(db: &DatabaseConnection, public: bool, today: NaiveDate) -> Result<Vec<CampaignRow>, AppError> {
    let mut q = campaign::Entity::find().order_by_desc(campaign::Column::Id);
    if public {
        q = q.filter(campaign::Column::Status.ne("draft"));
    }
    let rows = q.all(db).await?;
    let mut out = Vec::with_capacity(rows.len());
    for c in rows {
        out.push(campaign_row(db, &c, today).await?);
    }
    Ok(out)
}

pub(crate) async fn campaign_row<C: ConnectionTrait>(
    db: &C,
    c: &campaign::Model,
    today: NaiveDate,
) -> Result<CampaignRow, DbErr> {
    let targets = db::count_from(db, "FROM inspection_target WHERE campaign_id = ?", vec![c.id.into()]).await?;
    let published =
        db::count_from(db, "FROM inspection_target WHERE campaign_id = ? AND status = 'published'", vec![c.id.into()])
            .await?;
    let late = db::count_from(
        db,
        "FROM inspection_target WHERE campaign_id = ? AND publish_due IS NOT NULL \
         AND ((published_on IS NULL AND publish_due < ?) OR published_on > publish_due)",
        vec![c.id.into(), today.into()],
    )
    .await?;
    Ok(CampaignRow {
        id: c.id,
        name: c.name.clone(),
        year: c.year,
        kind: c.kind.clone(),
        status: c.status.clone(),
        population_size: c.population_size,
        targets,
        published,
        late,
        period_from: c.period_from.to_string(),
        period_to: c.period_to.to_string(),
    })
}

/// A campaign as officers (everything) or the public (no draft, no contacts,
/// no e-mail, only published results) see it.
pub async fn campaign_view(
    db: &DatabaseConnection,
    settings: &Settings,
    id: i64,
    public: bool,
    today: NaiveDate,
) -> Result<CampaignView, AppError> {
    let c = campaign::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    if public && c.status == "draft" {
        return Err(AppError::NotFound);
    }
    let strata = if c.status == "draft" {
        preview_strata(db, &c, today).await?
    } else {
        let rows = db
            .query_all_raw(db::stmt(
                db.get_database_backend(),
                "SELECT key, size, sample, weighted FROM inspection_stratum WHERE campaign_id = ? ORDER BY key",
                vec![id.into()],
            ))
            .await?;
        rows.iter()
            .map(|r| {
                Ok(StratumView {
                    key: r.try_get("", "key")?,
                    size: r.try_get("", "size")?,
                    sample: r.try_get("", "sample")?,
                    weighted: r.try_get("", "weighted")?,
                })
            })
            .collect::<Result<Vec<_>, DbErr>>()?
    };
    let size: i64 = strata.iter().map(|s| s.size).sum();
    let minimum = rules::minimum_sample(
        &c.kind,
        size as usize,
        settings.inspection_min_percent,
        settings.inspection_min_per_year,
    );
    let mut targets = super::results::target_views(db, id, today).await?;
    if public {
        for t in &mut targets {
            t.contact.clear();
            if t.status != "published" {
                // Who inspects whom is published with the result, never before.
                t.inspectors.clear();
                t.checked_items.clear();
                t.findings.clear();
                t.outcome = None;
                t.inspected_on = None;
                t.attachments.clear();
            }
        }
    }
    let mails = if public || c.status != "drawn" { Vec::new() } else { super::results::mail_status(db, id).await? };
    let verification = if c.status == "drawn" { Some(verify(db, id).await?) } else { None };
    let drawn = c.status == "drawn";
    Ok(CampaignView {
        id: c.id,
        name: c.name,
        year: c.year,
        kind: c.kind,
        object_kind: c.object_kind,
        filter_type: c.filter_type,
        filter_district: c.filter_district,
        filter_credit: c.filter_credit,
        filter_rating: c.filter_rating,
        strata_by: c.strata_by,
        size_mode: c.size_mode,
        size_value: c.size_value,
        risk_percent: c.risk_percent,
        per_target: c.per_target,
        max_per_inspector: c.max_per_inspector,
        period_from: c.period_from.to_string(),
        period_to: c.period_to.to_string(),
        items: c.items.lines().map(str::to_string).collect(),
        beacon_source: c.beacon_source,
        status: c.status,
        population_size: c.population_size,
        population_hash: c.population_hash,
        nonce_hash: c.nonce_hash,
        nonce: if drawn { c.nonce } else { None },
        frozen_at: c.frozen_at.map(stamp),
        beacon_value: c.beacon_value,
        seed: c.seed,
        algorithm: c.algorithm,
        drawn_at: c.drawn_at.map(stamp),
        minimum_sample: minimum as i64,
        strata,
        targets,
        mails,
        verification,
    })
}

/// The frozen population as CSV rows (stratum, id, weight, code, name), so
/// anyone can re-run the draw; without the header.
pub async fn population_csv(db: &DatabaseConnection, id: i64) -> Result<Vec<u8>, AppError> {
    let c = campaign::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    if c.status == "draft" {
        return Err(AppError::NotFound);
    }
    let mut w = db::CsvRows::new();
    for s in frozen_strata(db, id).await? {
        for chunk in s.members.chunks(1000) {
            let ids: Vec<i64> = chunk.iter().map(|m| m.id).collect();
            let objects = load_objects(db, &c.object_kind, &ids).await?;
            for m in chunk {
                let o = objects.get(&m.id);
                w.push([
                    s.key.as_str(),
                    &m.id.to_string(),
                    &m.weight.to_string(),
                    o.map(|o| o.code.as_str()).unwrap_or(""),
                    o.map(|o| o.name.as_str()).unwrap_or(""),
                ])?;
            }
        }
    }
    Ok(w.finish()?)
}

pub const POPULATION_CSV_HEADER: [&str; 5] = ["层", "编号", "风险权重", "统一社会信用代码或网点编号", "名称"];
