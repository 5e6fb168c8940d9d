//! Evidence files (调查取证): kept in the database with the SHA-256 of their
//! bytes, each upload a step of the case (`add_evidence`) while it is being
//! investigated; officers download them.

use chrono::{NaiveDate, Utc};
use entity::{penalty_case, penalty_case_evidence};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::{facts_of, rules, state_of};
use crate::audit::service::{self as audit, Actor, Entry};
use crate::db;
use crate::domain::penalty_case::{self as pc, Action};
use crate::error::AppError;
use crate::state::Settings;

/// Attaches a file of evidence to case `id`, dated `day` (the day it was
/// gathered; blank: today), as the step `add_evidence`. Returns the file's id.
pub async fn add_evidence(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    day: &str,
    file_name: &str,
    bytes: &[u8],
) -> Result<i64, AppError> {
    let officer = actor.id.ok_or(AppError::Forbidden)?;
    let today = crate::kernel::clock::today();
    let day: NaiveDate = if day.trim().is_empty() {
        today
    } else {
        crate::domain::input::past_date("day", day, today).map_err(|e| AppError::Validation(vec![e]))?
    };
    if bytes.is_empty() {
        return Err(AppError::field("file", "err_attachment_missing"));
    }
    if bytes.len() > settings.max_attachment_bytes {
        return Err(AppError::field("file", "err_attachment_too_large"));
    }
    let Some(mime) = crate::kernel::files::sniff(bytes) else {
        return Err(AppError::field("file", "err_attachment_type"));
    };
    let name = crate::kernel::files::clean_file_name(file_name);
    let sha256 = hex::encode(Sha256::digest(bytes));
    let txn = db::begin_write(db).await?;
    let c = penalty_case::Entity::find_by_id(id).one(&*txn).await?.ok_or(AppError::NotFound)?;
    let state = state_of(&c)?;
    let last: Option<NaiveDate> =
        db::column(&txn, "SELECT MAX(day) AS d FROM penalty_case_step WHERE case_id = ?", vec![id.into()], "d")
            .await?
            .into_iter()
            .next()
            .flatten();
    if last.is_some_and(|last| day < last) {
        return Err(AppError::field("day", "pen_err_step_before_last"));
    }
    let count =
        db::count(&txn, "SELECT COUNT(*) AS n FROM penalty_case_evidence WHERE case_id = ?", vec![id.into()]).await?;
    let facts = facts_of(&c, u32::try_from(count).unwrap_or(u32::MAX), day)?;
    let to =
        pc::next(state, Action::AddEvidence, &facts, &rules(settings)).map_err(|k| AppError::Conflict(k.into()))?;
    let now = Utc::now();
    let file = penalty_case_evidence::ActiveModel {
        case_id: Set(id),
        file_name: Set(name.clone()),
        content_type: Set(mime.into()),
        size: Set(bytes.len() as i64),
        sha256: Set(sha256.clone()),
        body: Set(bytes.to_vec()),
        uploaded_by: Set(officer),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    entity::penalty_case_step::ActiveModel {
        case_id: Set(id),
        action: Set(Action::AddEvidence.as_str().into()),
        from_state: Set(state.as_str().into()),
        to_state: Set(to.as_str().into()),
        day: Set(day),
        officer_id: Set(officer),
        note: Set(format!("{name}（SHA-256 {sha256}）")),
        document_kind: Set(None),
        document_number: Set(None),
        at: Set(now),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "case_add_evidence",
            entity: "penalty_case",
            entity_id: id.to_string(),
            before: None,
            after: Some(json!({"evidence": file.id, "file": name, "bytes": bytes.len(), "sha256": sha256})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(file.id)
}

/// A file of evidence: its name, type and bytes (officers only: the caller checks).
pub async fn evidence_file(db: &DatabaseConnection, id: i64) -> Result<(String, String, Vec<u8>), AppError> {
    let f = penalty_case_evidence::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    Ok((f.file_name, f.content_type, f.body))
}
