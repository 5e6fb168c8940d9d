use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{Duration, Utc};
use entity::{app_user, session};
use leptos::prelude::*;
use rand::RngCore;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::types::{CurrentUser, Failures, Role};
use crate::audit::service::{self as audit, Actor, Entry};
use crate::db;
use crate::error::AppError;
use crate::state::Settings;

/// Name of the session cookie.
pub const COOKIE: &str = "sid";

/// The signed-in user for this request, put in the request's extensions by
/// the server's session middleware.
#[derive(Clone, Debug, Default)]
pub struct Auth(pub Option<CurrentUser>);

/// The client's address as the server's rate limiter saw it (empty when
/// unknown), put in the request's extensions; sign-in failures are counted
/// per account and address.
#[derive(Clone, Debug, Default)]
pub struct ClientAddr(pub String);

/// This request's client address (empty when unknown).
pub fn client_addr() -> String {
    use_context::<http::request::Parts>()
        .and_then(|p| p.extensions.get::<ClientAddr>().map(|c| c.0.clone()))
        .unwrap_or_default()
}

pub fn current_user() -> Option<CurrentUser> {
    use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<Auth>().and_then(|a| a.0.clone()))
}

/// The signed-in user if their role is one of `roles`; otherwise 401 or 403,
/// with the response status set accordingly.
pub fn require(roles: &[Role]) -> Result<CurrentUser, AppError> {
    crate::flash::with_status(match current_user() {
        None => Err(AppError::Unauthorized),
        Some(u) if roles.contains(&u.role) => Ok(u),
        Some(_) => Err(AppError::Forbidden),
    })
}

pub fn hash_password(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| {
        tracing::error!(error = %e, "hashing password");
        AppError::Internal
    })
}

fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).map(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok()).unwrap_or(false)
}

/// A random token and the SHA-256 under which it is stored.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let id = token_hash(&token);
    (token, id)
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn to_current(u: &app_user::Model) -> Option<CurrentUser> {
    Some(CurrentUser {
        id: u.id,
        username: u.username.clone(),
        display_name: u.display_name.clone(),
        role: Role::parse(&u.role)?,
        org_id: u.org_id,
    })
}

/// A dummy hash checked when the user does not exist, so that timing does not
/// tell which usernames exist.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2bUuzFrvM6eOcA1ywvQ9Ku8n9EmJvXkV8ZQ4JYsVqFk";

/// The failed sign-ins of account `user_id` from `client`.
async fn failures<C: ConnectionTrait>(db: &C, user_id: i64, client: &str) -> Result<Option<Failures>, DbErr> {
    let row = db
        .query_one_raw(db::stmt(
            db.get_database_backend(),
            "SELECT failures, locked_until, last_at FROM login_lock WHERE user_id = ? AND client = ?",
            vec![user_id.into(), client.into()],
        ))
        .await?;
    row.map(|r| {
        Ok(Failures {
            count: r.try_get("", "failures")?,
            locked_until: r.try_get("", "locked_until")?,
            last_at: r.try_get("", "last_at")?,
        })
    })
    .transpose()
}

async fn save_failures<C: ConnectionTrait>(db: &C, user_id: i64, client: &str, f: &Failures) -> Result<(), DbErr> {
    // Records whose failures and lock are long over go (the table stays small).
    let stale = f.last_at - Duration::days(2);
    db::exec(
        db,
        "DELETE FROM login_lock WHERE last_at < ? AND (locked_until IS NULL OR locked_until < ?)",
        vec![stale.into(), f.last_at.into()],
    )
    .await?;
    let n = db::exec(
        db,
        "UPDATE login_lock SET failures = ?, locked_until = ?, last_at = ? WHERE user_id = ? AND client = ?",
        vec![f.count.into(), f.locked_until.into(), f.last_at.into(), user_id.into(), client.into()],
    )
    .await?;
    if n == 0 {
        db::exec(
            db,
            "INSERT INTO login_lock (user_id, client, failures, locked_until, last_at) VALUES (?, ?, ?, ?, ?)",
            vec![user_id.into(), client.into(), f.count.into(), f.locked_until.into(), f.last_at.into()],
        )
        .await?;
    }
    Ok(())
}

/// Whether some address is locked out of account `user_id` at `now`.
pub async fn locked_somewhere<C: ConnectionTrait>(
    db: &C,
    user_id: i64,
    now: chrono::DateTime<Utc>,
) -> Result<bool, DbErr> {
    let until: Vec<Option<chrono::DateTime<Utc>>> =
        db::column(db, "SELECT locked_until FROM login_lock WHERE user_id = ?", vec![user_id.into()], "locked_until")
            .await?;
    Ok(until.into_iter().flatten().any(|u| u > now))
}

/// Forgets every failed sign-in of account `user_id` (a new password).
pub async fn clear_failures<C: ConnectionTrait>(db: &C, user_id: i64) -> Result<(), DbErr> {
    db::exec(db, "DELETE FROM login_lock WHERE user_id = ?", vec![user_id.into()]).await?;
    Ok(())
}

/// Checks a password, counting failures per account and client address:
/// after `lockout_attempts` failures from one address the account is locked
/// for `lockout_minutes` for that address (others still sign in). On success
/// returns a new session token (and deletes `old_session`, so the id always
/// changes at sign-in).
pub async fn login(
    db: &sea_orm::DatabaseConnection,
    settings: &Settings,
    username: &str,
    password: &str,
    client: &str,
    old_session: Option<&str>,
) -> Result<(String, CurrentUser), AppError> {
    let username = username.trim();
    let mut errs = crate::error::Errors::default();
    errs.required("username", username);
    errs.required("password", password);
    errs.into_result()?;

    let txn = db::begin_write(db).await?;
    let user = app_user::Entity::find().filter(app_user::Column::Username.eq(username)).one(&txn).await?;
    let Some(user) = user else {
        verify_password(DUMMY_HASH, password);
        return Err(AppError::field("password", "err_login_failed"));
    };
    let now = Utc::now();
    let before = failures(&txn, user.id, client).await?;
    if let Some(minutes) = before.and_then(|f| f.locked_minutes(now)) {
        return Err(AppError::Locked { minutes });
    }
    if !user.active {
        return Err(AppError::field("username", "err_account_disabled"));
    }
    let ok = user.password_hash.as_deref().map(|h| verify_password(h, password)).unwrap_or(false);
    let actor = Actor { id: Some(user.id), name: user.username.clone(), role: user.role.clone() };
    if !ok {
        let after = Failures::after_failure(before, now, settings.lockout_attempts, settings.lockout_minutes);
        save_failures(&txn, user.id, client, &after).await?;
        let locked = after.locked_until.is_some();
        let action = if locked { "account_locked" } else { "login_failed" };
        let counted = if locked { settings.lockout_attempts } else { after.count };
        audit::record(
            &txn,
            &actor,
            Entry {
                action,
                entity: "app_user",
                entity_id: user.id.to_string(),
                before: None,
                after: Some(json!({"client": client, "failed_logins": counted, "locked": locked})),
            },
        )
        .await?;
        txn.commit_unseen().await?;
        return Err(if locked {
            AppError::Locked { minutes: settings.lockout_minutes }
        } else {
            AppError::field("password", "err_login_failed")
        });
    }
    let current = to_current(&user).ok_or(AppError::Internal)?;
    if before.is_some() {
        db::exec(&txn, "DELETE FROM login_lock WHERE user_id = ? AND client = ?", vec![user.id.into(), client.into()])
            .await?;
    }
    if let Some(old) = old_session {
        session::Entity::delete_by_id(token_hash(old)).exec(&txn).await?;
    }
    let (token, id) = new_token();
    session::Entity::insert(session::ActiveModel {
        id: Set(id),
        user_id: Set(user.id),
        created_at: Set(now),
        last_seen_at: Set(now),
    })
    .exec_without_returning(&txn)
    .await?;
    audit::record(
        &txn,
        &actor,
        Entry { action: "login", entity: "app_user", entity_id: user.id.to_string(), before: None, after: None },
    )
    .await?;
    txn.commit_unseen().await?;
    Ok((token, current))
}

/// Session refreshes waiting to be written. A request only notes when its
/// session was last seen; a background task writes the notes of the last
/// second in one transaction, so a rush of requests costs one write a second
/// instead of one each (the idle timeout is minutes, so a second is nothing).
/// Each server process keeps its own notes; the database is the shared truth.
#[derive(Clone, Default)]
pub struct SessionTouches {
    pending: std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, chrono::DateTime<Utc>>>>,
    started: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl SessionTouches {
    /// When session `id` was last seen by this process but not yet written.
    fn seen(&self, id: &str) -> Option<chrono::DateTime<Utc>> {
        self.pending.lock().unwrap_or_else(|e| e.into_inner()).get(id).copied()
    }

    /// Notes that session `id` was seen at `at`; starts the writer on first use.
    fn note(&self, db: &sea_orm::DatabaseConnection, id: String, at: chrono::DateTime<Utc>) {
        self.pending.lock().unwrap_or_else(|e| e.into_inner()).insert(id, at);
        if !self.started.swap(true, std::sync::atomic::Ordering::SeqCst) {
            let (touches, db) = (self.clone(), db.clone());
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                    if let Err(e) = touches.flush(&db).await {
                        tracing::warn!(error = %e, "writing session refreshes");
                    }
                }
            });
        }
    }

    /// Writes every pending refresh in one transaction; returns how many.
    pub async fn flush(&self, db: &sea_orm::DatabaseConnection) -> Result<usize, DbErr> {
        let batch = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|e| e.into_inner()));
        if batch.is_empty() {
            return Ok(0);
        }
        let txn = crate::db::begin_write(db).await?;
        for (id, at) in &batch {
            crate::db::exec(
                &txn,
                "UPDATE session SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?",
                vec![(*at).into(), id.clone().into(), (*at).into()],
            )
            .await?;
        }
        txn.commit_unseen().await?;
        Ok(batch.len())
    }
}

/// The user of a session token, if the session exists, has not been idle for
/// longer than `idle_minutes` nor lived longer than `max_hours`, and its user
/// is active. Notes the visit in `touches` (written within a second, see
/// [`SessionTouches`]).
pub async fn resolve_session(
    db: &sea_orm::DatabaseConnection,
    touches: &SessionTouches,
    token: &str,
    idle_minutes: i64,
    max_hours: i64,
) -> Result<Option<CurrentUser>, DbErr> {
    let id = token_hash(token);
    let Some(s) = session::Entity::find_by_id(id.clone()).one(db).await? else {
        return Ok(None);
    };
    let now = Utc::now();
    let last_seen = touches.seen(&id).map_or(s.last_seen_at, |t| t.max(s.last_seen_at));
    if now - last_seen > Duration::minutes(idle_minutes) || now - s.created_at > Duration::hours(max_hours) {
        session::Entity::delete_by_id(id).exec(db).await?;
        return Ok(None);
    }
    let Some(user) = app_user::Entity::find_by_id(s.user_id).one(db).await? else {
        return Ok(None);
    };
    if !user.active {
        return Ok(None);
    }
    if now - last_seen > Duration::seconds(30) {
        touches.note(db, id, now);
    }
    Ok(to_current(&user))
}

pub async fn logout<C: ConnectionTrait>(db: &C, token: &str) -> Result<(), DbErr> {
    session::Entity::delete_by_id(token_hash(token)).exec(db).await?;
    Ok(())
}

/// A new account.
pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub email: &'a str,
    pub role: Role,
    pub org_id: Option<i64>,
    /// None: the user sets a password through an invitation link.
    pub password: Option<&'a str>,
}

/// Creates an account (used by `create-admin`, the seed and account management).
pub async fn create_user(txn: &sea_orm::DatabaseTransaction, actor: &Actor, new: NewUser<'_>) -> Result<i64, AppError> {
    let now = Utc::now();
    let hash = match new.password {
        Some(p) => Some(hash_password(p)?),
        None => None,
    };
    let user = app_user::ActiveModel {
        username: Set(new.username.to_string()),
        display_name: Set(new.display_name.to_string()),
        email: Set(new.email.to_string()),
        role: Set(new.role.as_str().to_string()),
        org_id: Set(new.org_id),
        password_hash: Set(hash),
        active: Set(true),
        failed_logins: Set(0),
        locked_until: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    audit::record(
        txn,
        actor,
        Entry {
            action: "create",
            entity: "app_user",
            entity_id: user.id.to_string(),
            before: None,
            after: Some(
                json!({"username": new.username, "role": new.role.as_str(), "org_id": new.org_id, "email": new.email}),
            ),
        },
    )
    .await?;
    Ok(user.id)
}

/// The `Set-Cookie` value of a session cookie.
pub fn session_cookie(token: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax{secure}")
}

pub fn clear_session_cookie() -> String {
    format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}
