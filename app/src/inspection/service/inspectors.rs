//! The inspector directory: checking and saving inspectors, the directory
//! pages and CSV, and the declared conflicts of interest.

use std::collections::HashMap;

use chrono::Utc;
use entity::{inspector, inspector_conflict, organization};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};
use serde_json::json;

use super::{conflicts_of, PER_PAGE};
use crate::audit::service::{self as audit, Actor, Entry};
use crate::db;
use crate::error::{AppError, Errors};
use crate::inspection::types::*;
use crate::inspection::validate::{check_inspector, ValidInspector};

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
        "department_id": m.department_id,
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
    let department_id = crate::inspection::joint::service::resolve_department(txn, &v.department).await?;
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
            am.department_id = Set(department_id);
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
                department_id: Set(department_id),
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

async fn open_targets<C: ConnectionTrait>(db: &C, ids: &[i64]) -> Result<HashMap<i64, i64>, DbErr> {
    let sql = "SELECT a.inspector_id AS i, COUNT(*) AS n FROM inspection_assignment a \
               JOIN inspection_target t ON t.id = a.target_id \
               WHERE a.inspector_id IN ({ids}) AND t.status IN ('pending', 'recorded') GROUP BY a.inspector_id";
    db::rows_by_ids(db, sql, vec![], ids)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("", "i")?, r.try_get("", "n")?)))
        .collect()
}

async fn inspector_views<C: ConnectionTrait>(db: &C, rows: Vec<inspector::Model>) -> Result<Vec<InspectorView>, DbErr> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut conflicts = conflicts_of(db, &ids).await?;
    let open = open_targets(db, &ids).await?;
    let departments: HashMap<i64, (String, String)> = entity::partner_department::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, (d.code, d.name)))
        .collect();
    Ok(rows
        .into_iter()
        .map(|m| InspectorView {
            department_id: m.department_id,
            department_code: m.department_id.and_then(|d| departments.get(&d)).map(|d| d.0.clone()).unwrap_or_default(),
            department: m.department_id.and_then(|d| departments.get(&d)).map(|d| d.1.clone()).unwrap_or_default(),
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
    use sea_orm::sea_query::Query;
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
    match f.department.trim() {
        "" => {}
        "bureau" => q = q.filter(inspector::Column::DepartmentId.is_null()),
        code => {
            q = q.filter(
                inspector::Column::DepartmentId.in_subquery(
                    Query::select()
                        .column(entity::partner_department::Column::Id)
                        .from(entity::partner_department::Entity)
                        .cond_where(entity::partner_department::Column::Code.eq(code.to_uppercase()))
                        .to_owned(),
                ),
            )
        }
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
    let mut w = crate::kernel::csv::CsvRows::new();
    let names: HashMap<i64, String> = crate::inspection::joint::service::department_names(db).await?;
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
            m.department_id.and_then(|d| names.get(&d)).map(String::as_str).unwrap_or(""),
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
    inspector_conflict::ActiveModel {
        inspector_id: Set(inspector_id),
        org_id: Set(org.id),
        reason: Set(input.reason.trim().to_string()),
        declared_on: Set(crate::kernel::clock::today()),
        ..Default::default()
    }
    .insert(&txn)
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
    let inspector_conflict::Model { inspector_id, org_id, reason, .. } =
        inspector_conflict::Entity::find_by_id(conflict_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    inspector_conflict::Entity::delete_by_id(conflict_id).exec(&txn).await?;
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
