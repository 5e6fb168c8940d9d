//! The units themselves: the officers' list and form, the unit a typed name
//! resolves to, the links an import leaves to make, a unit's addresses.

use chrono::Utc;
use entity::{supervisory_unit as unit, unit_merge_dismissal};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::json;

use super::row_of;
use crate::audit::service::{self as audit, Actor, Entry};
use crate::db;
use crate::domain::input::{is_email, Lines};
use crate::domain::supervisory_unit::{proposals, KINDS};
use crate::error::{AppError, Errors};
use crate::units::types::*;

/// The officers' page: live units whose name contains `q`, a page of them,
/// and every proposed merge not dismissed.
pub async fn list<C: ConnectionTrait>(db: &C, q: &str, page: u64) -> Result<UnitsPage, DbErr> {
    let mut query = unit::Entity::find().filter(unit::Column::MergedInto.is_null());
    if !q.trim().is_empty() {
        query = query.filter(unit::Column::Name.like(db::like_expr(q)));
    }
    let pages = query.order_by_asc(unit::Column::Name).order_by_asc(unit::Column::Id).paginate(db, PER_PAGE);
    let total = pages.num_items().await?;
    let page = crate::domain::paging::Paging::new(page, PER_PAGE).page;
    let mut rows = Vec::new();
    for u in pages.fetch_page(page).await? {
        rows.push(row_of(db, u).await?);
    }
    let live = unit::Entity::find().filter(unit::Column::MergedInto.is_null()).all(db).await?;
    let names: Vec<(i64, String)> = live.iter().map(|u| (u.id, u.name.clone())).collect();
    let dismissed: Vec<(i64, i64)> =
        unit_merge_dismissal::Entity::find().all(db).await?.into_iter().map(|d| (d.unit_a, d.unit_b)).collect();
    let mut out = Vec::new();
    for (a, b, why) in proposals(&names, &dismissed) {
        let find = |id: i64| live.iter().find(|u| u.id == id).cloned();
        let (Some(a), Some(b)) = (find(a), find(b)) else { continue };
        out.push(Proposal { a: row_of(db, a).await?, b: row_of(db, b).await?, why: why.as_str().into() });
    }
    Ok(UnitsPage { rows, total, page, per_page: PER_PAGE, proposals: out })
}

/// The names of the live units (for the registry form's suggestions).
pub async fn names<C: ConnectionTrait>(db: &C) -> Result<Vec<String>, DbErr> {
    Ok(unit::Entity::find()
        .filter(unit::Column::MergedInto.is_null())
        .order_by_asc(unit::Column::Name)
        .limit(1000)
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.name)
        .collect())
}

/// A unit's form as checked.
struct Checked {
    name: String,
    code: Option<String>,
    kind: String,
    person: String,
    phone: String,
    email: String,
}

fn check(input: &UnitInput) -> Result<Checked, AppError> {
    let mut e = Errors::default();
    let name = e.text("name", &input.name, 100, Lines::Single).to_string();
    e.required("name", &name);
    let code = crate::domain::credit_code::normalize(&input.code);
    if !code.is_empty() {
        if let Err(c) = crate::domain::credit_code::validate(&code) {
            e.add("code", c.message_key());
        }
    }
    if !KINDS.contains(&input.kind.as_str()) {
        e.choice("kind", &input.kind);
    }
    let person = e.text("contact_person", &input.contact_person, 50, Lines::Single).to_string();
    let phone = e.text("contact_phone", &input.contact_phone, 30, Lines::Single).to_string();
    let email = input.contact_email.trim().to_string();
    if !email.is_empty() && !is_email(&email) {
        e.add("contact_email", "err_email");
    }
    e.into_result()?;
    Ok(Checked { name, code: (!code.is_empty()).then_some(code), kind: input.kind.clone(), person, phone, email })
}

/// Whether another unit (a live one or a merged spelling) has `name`.
async fn name_taken<C: ConnectionTrait>(db: &C, name: &str, except: i64) -> Result<bool, DbErr> {
    Ok(unit::Entity::find()
        .filter(unit::Column::Name.eq(name))
        .filter(unit::Column::Id.ne(except))
        .one(db)
        .await?
        .is_some())
}

fn snapshot(u: &unit::Model) -> serde_json::Value {
    json!({"name": u.name, "code": u.code, "kind": u.kind, "contact_person": u.contact_person,
        "contact_phone": u.contact_phone, "contact_email": u.contact_email})
}

/// Records a new unit.
pub async fn create(db: &DatabaseConnection, actor: &Actor, input: &UnitInput) -> Result<i64, AppError> {
    let c = check(input)?;
    let txn = db::begin_write(db).await?;
    if name_taken(&txn, &c.name, 0).await? {
        return Err(AppError::field("name", "err_unit_name_taken"));
    }
    let now = Utc::now();
    let u = unit::ActiveModel {
        name: Set(c.name),
        code: Set(c.code),
        kind: Set(c.kind),
        contact_person: Set(c.person),
        contact_phone: Set(c.phone),
        contact_email: Set(c.email),
        merged_into: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, actor, Entry::after("unit_create", "supervisory_unit", u.id, snapshot(&u))).await?;
    txn.commit().await?;
    Ok(u.id)
}

/// Changes a unit's name, code, kind or contacts; a new name is written on
/// its organizations too (the name they show).
pub async fn update(db: &DatabaseConnection, actor: &Actor, id: i64, input: &UnitInput) -> Result<(), AppError> {
    let c = check(input)?;
    let txn = db::begin_write(db).await?;
    let u =
        unit::Entity::find_by_id(id).one(&txn).await?.filter(|u| u.merged_into.is_none()).ok_or(AppError::NotFound)?;
    if name_taken(&txn, &c.name, id).await? {
        return Err(AppError::field("name", "err_unit_name_taken"));
    }
    let before = snapshot(&u);
    let renamed = u.name != c.name;
    let mut am: unit::ActiveModel = u.into();
    am.name = Set(c.name.clone());
    am.code = Set(c.code);
    am.kind = Set(c.kind);
    am.contact_person = Set(c.person);
    am.contact_phone = Set(c.phone);
    am.contact_email = Set(c.email);
    am.updated_at = Set(Utc::now());
    let u = am.update(&txn).await?;
    if renamed {
        db::exec(
            &txn,
            "UPDATE organization SET supervisory_unit = ? WHERE supervisory_unit_id = ?",
            vec![c.name.into(), id.into()],
        )
        .await?;
    }
    audit::record(
        &txn,
        actor,
        Entry {
            action: "unit_update",
            entity: "supervisory_unit",
            entity_id: id.to_string(),
            before: Some(before),
            after: Some(snapshot(&u)),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The unit a typed name (the registry's form) means: the unit of that name,
/// or the one it was merged into; a name no unit has yet becomes a new unit.
/// Returns its id and the name to show (the kept unit's). Blank: none
/// (直接登记).
pub async fn resolve_in<C: ConnectionTrait>(db: &C, name: Option<&str>) -> Result<Option<(i64, String)>, DbErr> {
    let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) else { return Ok(None) };
    if let Some(u) = unit::Entity::find().filter(unit::Column::Name.eq(name)).one(db).await? {
        let kept = match u.merged_into {
            Some(k) => unit::Entity::find_by_id(k).one(db).await?.unwrap_or(u),
            None => u,
        };
        return Ok(Some((kept.id, kept.name)));
    }
    let now = Utc::now();
    let u = unit::ActiveModel {
        name: Set(name.to_string()),
        code: Set(None),
        kind: Set("other".into()),
        contact_person: Set(String::new()),
        contact_phone: Set(String::new()),
        contact_email: Set(String::new()),
        merged_into: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(Some((u.id, u.name)))
}

/// Creates the units of organizations' texts no unit has yet and links every
/// organization not linked (set-based, after an import's batch or the demo
/// data; the same statements as migration 27).
pub async fn link_unlinked_in<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    let now = match db.get_database_backend() {
        DbBackend::Postgres => "CURRENT_TIMESTAMP",
        _ => "strftime('%Y-%m-%dT%H:%M:%SZ','now')",
    };
    db::exec(
        db,
        "UPDATE organization SET supervisory_unit = TRIM(supervisory_unit) \
         WHERE supervisory_unit_id IS NULL AND supervisory_unit IS NOT NULL AND supervisory_unit <> TRIM(supervisory_unit)",
        vec![],
    )
    .await?;
    db::exec(
        db,
        &format!(
            "INSERT INTO supervisory_unit (name, kind, contact_person, contact_phone, contact_email, created_at, updated_at) \
             SELECT t.name, 'other', '', '', '', {now}, {now} FROM (SELECT DISTINCT o.supervisory_unit AS name \
             FROM organization o WHERE o.supervisory_unit_id IS NULL AND o.supervisory_unit IS NOT NULL \
             AND o.supervisory_unit <> '' \
             AND NOT EXISTS (SELECT 1 FROM supervisory_unit u WHERE u.name = o.supervisory_unit)) t"
        ),
        vec![],
    )
    .await?;
    // An alias resolves to the unit it was merged into, whose name the
    // organization then shows.
    db::exec(
        db,
        "UPDATE organization SET supervisory_unit_id = (SELECT COALESCE(u.merged_into, u.id) FROM supervisory_unit u \
         WHERE u.name = organization.supervisory_unit) \
         WHERE supervisory_unit_id IS NULL AND supervisory_unit IS NOT NULL AND supervisory_unit <> ''",
        vec![],
    )
    .await?;
    db::exec(
        db,
        "UPDATE organization SET supervisory_unit = (SELECT k.name FROM supervisory_unit a \
         JOIN supervisory_unit k ON k.id = a.merged_into WHERE a.name = organization.supervisory_unit) \
         WHERE supervisory_unit IN (SELECT name FROM supervisory_unit WHERE merged_into IS NOT NULL)",
        vec![],
    )
    .await?;
    Ok(())
}

/// A unit's name and the addresses that hear about it: its contact e-mail
/// and its active users', each once. None: no such unit.
pub async fn addresses<C: ConnectionTrait>(db: &C, unit_id: i64) -> Result<Option<(String, Vec<String>)>, DbErr> {
    let Some(u) = unit::Entity::find_by_id(unit_id).one(db).await? else { return Ok(None) };
    let mut to: Vec<String> = db::column(
        db,
        "SELECT a.email AS email FROM supervisory_unit_user m JOIN app_user a ON a.id = m.user_id \
         WHERE m.unit_id = ? AND a.active = ?",
        vec![unit_id.into(), true.into()],
        "email",
    )
    .await?;
    to.push(u.contact_email.clone());
    to.retain(|a| !a.trim().is_empty());
    to.sort();
    to.dedup();
    Ok(Some((u.name, to)))
}

/// One live unit, as a row of the list (a merged spelling is not found).
pub async fn one<C: ConnectionTrait>(db: &C, id: i64) -> Result<UnitRow, AppError> {
    let u =
        unit::Entity::find_by_id(id).one(db).await?.filter(|u| u.merged_into.is_none()).ok_or(AppError::NotFound)?;
    Ok(row_of(db, u).await?)
}

/// The live unit a name means (its own, or the unit it was merged into),
/// without creating one: for the accounts form.
pub async fn find_by_name<C: ConnectionTrait>(db: &C, name: &str) -> Result<Option<i64>, DbErr> {
    let name = name.trim();
    if name.is_empty() {
        return Ok(None);
    }
    Ok(unit::Entity::find().filter(unit::Column::Name.eq(name)).one(db).await?.map(|u| u.merged_into.unwrap_or(u.id)))
}

/// Makes user `user_id` a user of `unit_id` (in the account's transaction).
pub async fn add_member_in<C: ConnectionTrait>(db: &C, user_id: i64, unit_id: i64) -> Result<(), DbErr> {
    entity::supervisory_unit_user::ActiveModel {
        user_id: Set(user_id),
        unit_id: Set(unit_id),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The unit names of users `user_ids` (the accounts list), as (user, unit).
pub async fn unit_names_of<C: ConnectionTrait>(db: &C, user_ids: &[i64]) -> Result<Vec<(i64, String)>, DbErr> {
    if user_ids.is_empty() {
        return Ok(Vec::new());
    }
    let ph = vec!["?"; user_ids.len()].join(", ");
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            &format!(
                "SELECT m.user_id AS user_id, u.name AS name FROM supervisory_unit_user m \
                 JOIN supervisory_unit u ON u.id = m.unit_id WHERE m.user_id IN ({ph})"
            ),
            user_ids.iter().map(|id| (*id).into()).collect(),
        ))
        .await?;
    rows.iter().map(|r| Ok((r.try_get("", "user_id")?, r.try_get("", "name")?))).collect()
}
