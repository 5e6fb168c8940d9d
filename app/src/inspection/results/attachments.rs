//! The files of a result: an inspector uploads, the assigned inspectors and
//! the officers download.

use chrono::Utc;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde_json::json;

use super::record::{assigned_target, me};
use crate::audit::service::{self as audit, Actor, Entry};
use crate::auth::types::CurrentUser;
use crate::db;
use crate::error::AppError;
use crate::state::Settings;

/// Attaches a file (PDF or image) to a target's result, while it can change.
pub async fn attach(
    db: &DatabaseConnection,
    settings: &Settings,
    user: &CurrentUser,
    id: i64,
    file_name: &str,
    bytes: &[u8],
) -> Result<i64, AppError> {
    if bytes.is_empty() {
        return Err(AppError::field("file", "err_attachment_missing"));
    }
    if bytes.len() > settings.max_attachment_bytes {
        return Err(AppError::field("file", "err_attachment_too_large"));
    }
    let Some(mime) = crate::kernel::files::sniff(bytes) else {
        return Err(AppError::field("file", "err_attachment_type"));
    };
    let txn = db::begin_write(db).await?;
    let i = me(&txn, user).await?;
    let (_, t) = assigned_target(&txn, &i, id).await?;
    if t.status != "pending" && t.status != "recorded" {
        return Err(AppError::Conflict("err_insp_result_locked".into()));
    }
    let name = crate::kernel::files::clean_file_name(file_name);
    db::exec(
        &txn,
        "INSERT INTO inspection_attachment (target_id, file_name, mime, size, body, uploaded_by, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
        vec![
            id.into(),
            name.clone().into(),
            mime.into(),
            (bytes.len() as i64).into(),
            bytes.to_vec().into(),
            user.id.into(),
            Utc::now().into(),
        ],
    )
    .await?;
    let row = txn
        .query_one_raw(db::stmt(
            txn.get_database_backend(),
            "SELECT MAX(id) AS id FROM inspection_attachment WHERE target_id = ?",
            vec![id.into()],
        ))
        .await?
        .ok_or(AppError::Internal)?;
    let att_id: i64 = row.try_get("", "id")?;
    audit::record(
        &txn,
        &Actor::from(user),
        Entry {
            action: "inspection_attach",
            entity: "inspection_target",
            entity_id: id.to_string(),
            before: None,
            after: Some(json!({ "attachment": att_id, "file": name, "bytes": bytes.len() })),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(att_id)
}

/// A result attachment (name, type, bytes) if `user` may read it: officers,
/// the target's inspectors, and anyone once the result is published.
pub async fn attachment(
    db: &DatabaseConnection,
    user: Option<&CurrentUser>,
    id: i64,
) -> Result<(String, String, Vec<u8>), AppError> {
    let r = db
        .query_one_raw(db::stmt(
            db.get_database_backend(),
            "SELECT a.target_id, a.file_name, a.mime, a.body, t.status FROM inspection_attachment a \
             JOIN inspection_target t ON t.id = a.target_id WHERE a.id = ?",
            vec![id.into()],
        ))
        .await?
        .ok_or(AppError::NotFound)?;
    let status: String = r.try_get("", "status")?;
    let target_id: i64 = r.try_get("", "target_id")?;
    let allowed = status == "published"
        || match user {
            Some(u) if crate::auth::types::STAFF.contains(&u.role) => true,
            Some(u) => match me(db, u).await {
                Ok(i) => assigned_target(db, &i, target_id).await.is_ok(),
                Err(_) => false,
            },
            None => false,
        };
    if !allowed {
        return Err(if user.is_some() { AppError::Forbidden } else { AppError::Unauthorized });
    }
    Ok((r.try_get("", "file_name")?, r.try_get("", "mime")?, r.try_get("", "body")?))
}
