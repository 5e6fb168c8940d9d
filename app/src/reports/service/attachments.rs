//! Files attached to a report: checked by their bytes, served to the
//! organization and officers only.

use super::*;

/// Kinds of attachment.
pub const ATTACHMENT_KINDS: [&str; 2] = ["audit_report", "other"];

use crate::kernel::files::{clean_file_name, sniff};

/// Whether `user` may see the report of `org_id`: officers, or its own users.
pub fn may_access(user: &crate::auth::types::CurrentUser, org_id: i64) -> bool {
    user.role.is_staff() || (user.role == crate::auth::types::Role::OrgUser && user.org_id == Some(org_id))
}

/// An uploaded file: its kind (`audit_report` | `other`), name and bytes.
pub struct Upload<'a> {
    pub kind: &'a str,
    pub file_name: &'a str,
    pub bytes: &'a [u8],
}

/// Attaches a file to the organization's report of `year` (created as a draft
/// if none exists). Only while the report can be edited.
pub async fn attach(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    org_id: i64,
    year: i32,
    upload: Upload<'_>,
) -> Result<i64, AppError> {
    let Upload { kind, file_name, bytes } = upload;
    if !ATTACHMENT_KINDS.contains(&kind) {
        return Err(AppError::field("kind", crate::error::choice_error(kind)));
    }
    if bytes.is_empty() {
        return Err(AppError::field("file", "err_attachment_missing"));
    }
    if bytes.len() > settings.max_attachment_bytes {
        return Err(AppError::field("file", "err_attachment_too_large"));
    }
    let Some(content_type) = sniff(bytes) else { return Err(AppError::field("file", "err_attachment_type")) };
    let o = organization::Entity::find_by_id(org_id).one(db).await?.ok_or(AppError::NotFound)?;
    if !obliged_for(settings, &o, year) {
        return Err(AppError::field("year", "err_report_year"));
    }
    let txn = db::begin_write(db).await?;
    let now = Utc::now();
    let report = match find_report(&txn, org_id, year).await? {
        Some(r) => {
            rules::report_next(Some(status_of(&r)?), ReportAction::Save).map_err(|k| AppError::Conflict(k.into()))?;
            r
        }
        None => {
            annual_report::ActiveModel {
                org_id: Set(org_id),
                report_year: Set(year),
                status: Set(ReportStatus::Draft.as_str().into()),
                form_json: Set("{}".into()),
                findings_json: Set("[]".into()),
                source: Set("online".into()),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
    };
    let name = clean_file_name(file_name);
    let sha = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(bytes))
    };
    let a = report_attachment::ActiveModel {
        report_id: Set(report.id),
        kind: Set(kind.to_string()),
        file_name: Set(name.clone()),
        content_type: Set(content_type.into()),
        size_bytes: Set(bytes.len() as i64),
        sha256: Set(sha.clone()),
        content: Set(bytes.to_vec()),
        uploaded_by: Set(actor.id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "report_attach",
            entity: "annual_report",
            entity_id: report.id.to_string(),
            before: None,
            after: Some(json!({"attachment": a.id, "file": name, "kind": kind, "sha256": sha, "bytes": bytes.len()})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(a.id)
}

/// A stored attachment with the organization it belongs to.
pub async fn attachment<C: ConnectionTrait>(db: &C, id: i64) -> Result<(report_attachment::Model, i64), AppError> {
    let a = report_attachment::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    let r = annual_report::Entity::find_by_id(a.report_id).one(db).await?.ok_or(AppError::NotFound)?;
    Ok((a, r.org_id))
}
