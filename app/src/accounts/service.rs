use chrono::{Duration, Utc};
use entity::{app_user, invite, organization, session};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};
use serde_json::json;

use super::mails::{AccountLink, Invitation, PasswordReset};
use super::types::*;
use crate::audit::service::{self as audit, Actor, Entry};
use crate::auth::service::{create_user, hash_password, new_token, token_hash, NewUser};
use crate::auth::types::{CurrentUser, Role};
use crate::db;
use crate::domain::input::is_email;
use crate::error::{AppError, Errors};
use crate::mail::service::send;
use crate::state::Settings;

pub const PER_PAGE: u64 = 30;

pub async fn list<C: ConnectionTrait>(db: &C, q: &str, page: u64) -> Result<UserPage, AppError> {
    let mut query = app_user::Entity::find();
    let q = q.trim();
    if !q.is_empty() {
        query = query.filter(
            Condition::any()
                .add(app_user::Column::Username.like(db::like_expr(q)))
                .add(app_user::Column::DisplayName.like(db::like_expr(q)))
                .add(app_user::Column::Email.like(db::like_expr(q))),
        );
    }
    let pages = query.order_by_asc(app_user::Column::Username).paginate(db, PER_PAGE);
    let total = pages.num_items().await?;
    let page = crate::domain::paging::Paging::new(page, PER_PAGE).page;
    let users = pages.fetch_page(page).await?;
    let org_ids: Vec<i64> = users.iter().filter_map(|u| u.org_id).collect();
    let orgs = db::orgs_by_id(db, org_ids).await?;
    let user_ids: Vec<i64> = users.iter().map(|u| u.id).collect();
    let units = crate::units::service::unit_names_of(db, &user_ids).await?;
    let now = Utc::now();
    let mut locked = Vec::new();
    for u in &users {
        if crate::auth::service::locked_somewhere(db, u.id, now).await? {
            locked.push(u.id);
        }
    }
    let rows = users
        .into_iter()
        .map(|u| UserRow {
            org_name: u
                .org_id
                .and_then(|id| orgs.get(&id).map(|o| o.name.clone()))
                .or_else(|| units.iter().find(|(user, _)| *user == u.id).map(|(_, name)| name.clone())),
            locked: locked.contains(&u.id),
            has_password: u.password_hash.is_some(),
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            email: u.email,
            role: u.role,
            active: u.active,
        })
        .collect();
    Ok(UserPage { rows, total, page, per_page: PER_PAGE })
}

/// Only administrators create or change administrators and officers.
fn may_manage(actor: &CurrentUser, role: Role) -> bool {
    actor.role == Role::Admin || matches!(role, Role::Inspector | Role::OrgUser | Role::Expert | Role::Unit)
}

/// Voids every unused one-time link of `user_id` (they then read as
/// expired): a newer link or a password that was set replaces them.
async fn void_links<C: ConnectionTrait>(db: &C, user_id: i64, now: chrono::DateTime<Utc>) -> Result<(), AppError> {
    db::exec(
        db,
        "UPDATE invite SET expires_at = ? WHERE user_id = ? AND used_at IS NULL AND expires_at > ?",
        vec![now.into(), user_id.into(), now.into()],
    )
    .await?;
    Ok(())
}

/// Writes a one-time link and its e-mail, in the caller's transaction; the
/// user's older links stop working.
async fn send_link(
    txn: &sea_orm::DatabaseTransaction,
    settings: &Settings,
    user: &app_user::Model,
    purpose: &str,
) -> Result<(), AppError> {
    let (token, hash) = new_token();
    let now = Utc::now();
    void_links(txn, user.id, now).await?;
    let expires = now + Duration::hours(settings.invite_hours);
    invite::ActiveModel {
        token_hash: Set(hash),
        user_id: Set(user.id),
        purpose: Set(purpose.to_string()),
        expires_at: Set(expires),
        used_at: Set(None),
        created_at: Set(now),
    }
    .insert(txn)
    .await?;
    let link = format!("{}/invite/{token}", settings.public_url.trim_end_matches('/'));
    let a = AccountLink {
        name: user.display_name.clone(),
        username: user.username.clone(),
        link,
        hours: settings.invite_hours,
        until: expires.format("%Y-%m-%d %H:%M").to_string(),
        bureau: settings.bureau_name.clone(),
    };
    if purpose == "reset" {
        send(txn, &user.email, &PasswordReset(a), None).await?;
    } else {
        send(txn, &user.email, &Invitation(a), None).await?;
    }
    Ok(())
}

/// Creates an account without a password and e-mails its invitation link.
pub async fn create(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &CurrentUser,
    input: &UserInput,
) -> Result<i64, AppError> {
    let mut e = Errors::default();
    let username = input.username.trim().to_lowercase();
    if !valid_username(&username) {
        e.add("username", "err_username");
    }
    e.required("display_name", &input.display_name);
    e.line("display_name", &input.display_name, 50);
    if !is_email(&input.email) {
        e.add("email", "err_email");
    }
    let role = Role::parse(input.role.trim());
    match role {
        None => e.add("role", "err_role"),
        Some(r) if !may_manage(actor, r) => e.add("role", "err_role_not_allowed"),
        _ => {}
    }
    let txn = db::begin_write(db).await?;
    let mut org_id = None;
    if role == Some(Role::OrgUser) {
        let code = crate::domain::credit_code::normalize(&input.org_code);
        match organization::Entity::find().filter(organization::Column::CreditCode.eq(code)).one(&txn).await? {
            Some(o) if o.status == "active" => org_id = Some(o.id),
            _ => e.add("org_code", "err_org_not_found"),
        }
    }
    // A supervisory unit's user belongs to a unit of the register.
    let mut unit_id = None;
    if role == Some(Role::Unit) {
        unit_id = crate::units::service::find_by_name(&txn, &input.unit).await?;
        if unit_id.is_none() {
            e.add("unit", "err_unit_not_found");
        }
    }
    if app_user::Entity::find().filter(app_user::Column::Username.eq(username.clone())).one(&txn).await?.is_some() {
        e.add("username", "err_username_taken");
    }
    e.into_result()?;
    let role = role.ok_or(AppError::Internal)?;
    let new = NewUser {
        username: &username,
        display_name: input.display_name.trim(),
        email: input.email.trim(),
        role,
        org_id,
        password: None,
    };
    let id = create_user(&txn, &Actor::from(actor), new).await?;
    if let Some(unit) = unit_id {
        crate::units::service::add_member_in(&txn, id, unit).await?;
    }
    let user = app_user::Entity::find_by_id(id).one(&txn).await?.ok_or(AppError::Internal)?;
    send_link(&txn, settings, &user, "invite").await?;
    txn.commit().await?;
    Ok(id)
}

async fn load_managed(
    txn: &sea_orm::DatabaseTransaction,
    actor: &CurrentUser,
    id: i64,
) -> Result<app_user::Model, AppError> {
    let user = app_user::Entity::find_by_id(id).one(txn).await?.ok_or(AppError::NotFound)?;
    let role = Role::parse(&user.role).ok_or(AppError::Internal)?;
    if !may_manage(actor, role) || user.id == actor.id {
        return Err(AppError::Forbidden);
    }
    Ok(user)
}

/// Disables or enables an account; disabling ends its sessions.
pub async fn set_active(db: &DatabaseConnection, actor: &CurrentUser, id: i64, active: bool) -> Result<(), AppError> {
    let txn = db::begin_write(db).await?;
    let user = load_managed(&txn, actor, id).await?;
    let before = user.active;
    let mut am: app_user::ActiveModel = user.into();
    am.active = Set(active);
    am.updated_at = Set(Utc::now());
    am.update(&txn).await?;
    if !active {
        session::Entity::delete_many().filter(session::Column::UserId.eq(id)).exec(&txn).await?;
    }
    audit::record(
        &txn,
        &Actor::from(actor),
        Entry {
            action: if active { "enable" } else { "disable" },
            entity: "app_user",
            entity_id: id.to_string(),
            before: Some(json!({"active": before})),
            after: Some(json!({"active": active})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// E-mails a password-reset link (the old password keeps working until used).
pub async fn reset(db: &DatabaseConnection, settings: &Settings, actor: &CurrentUser, id: i64) -> Result<(), AppError> {
    let txn = db::begin_write(db).await?;
    let user = load_managed(&txn, actor, id).await?;
    send_link(&txn, settings, &user, "reset").await?;
    audit::record(
        &txn,
        &Actor::from(actor),
        Entry {
            action: "password_reset_sent",
            entity: "app_user",
            entity_id: id.to_string(),
            before: None,
            after: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn invite_state<C: ConnectionTrait>(db: &C, token: &str) -> Result<InviteState, AppError> {
    let Some(inv) = invite::Entity::find_by_id(token_hash(token)).one(db).await? else {
        return Ok(InviteState::Unknown);
    };
    if inv.used_at.is_some() {
        return Ok(InviteState::Used);
    }
    if inv.expires_at < Utc::now() {
        return Ok(InviteState::Expired);
    }
    let user = app_user::Entity::find_by_id(inv.user_id).one(db).await?.ok_or(AppError::NotFound)?;
    Ok(InviteState::Valid { username: user.username, purpose: inv.purpose })
}

/// Sets the password through a one-time link, which is then used up with
/// every other link of the user; every session of the user ends.
pub async fn accept(db: &DatabaseConnection, token: &str, password: &str, confirm: &str) -> Result<(), AppError> {
    let txn = db::begin_write(db).await?;
    let inv = invite::Entity::find_by_id(token_hash(token)).one(&txn).await?;
    let inv = match inv {
        Some(i) if i.used_at.is_none() && i.expires_at >= Utc::now() => i,
        Some(i) if i.used_at.is_some() => return Err(AppError::Conflict("err_invite_used".into())),
        Some(_) => return Err(AppError::Conflict("err_invite_expired".into())),
        None => return Err(AppError::NotFound),
    };
    let user = app_user::Entity::find_by_id(inv.user_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    check_password(password, confirm, &[&user.username, &user.display_name, &user.email])?;
    let actor = Actor { id: Some(user.id), name: user.username.clone(), role: user.role.clone() };
    let mut am: app_user::ActiveModel = user.into();
    am.password_hash = Set(Some(hash_password(password)?));
    am.updated_at = Set(Utc::now());
    am.update(&txn).await?;
    crate::auth::service::clear_failures(&txn, inv.user_id).await?;
    let mut used: invite::ActiveModel = inv.clone().into();
    used.used_at = Set(Some(Utc::now()));
    used.update(&txn).await?;
    void_links(&txn, inv.user_id, Utc::now()).await?;
    session::Entity::delete_many().filter(session::Column::UserId.eq(inv.user_id)).exec(&txn).await?;
    audit::record(
        &txn,
        &actor,
        Entry {
            action: "password_set",
            entity: "app_user",
            entity_id: inv.user_id.to_string(),
            before: None,
            after: Some(json!({"purpose": inv.purpose})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
