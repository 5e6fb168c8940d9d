use leptos::prelude::*;

use super::types::{AuditFilter, AuditPage, ChainCheck, DayHeadRow};
use crate::error::AppError;

#[server(endpoint = "audit/list")]
pub async fn list_audit(filter: AuditFilter) -> Result<AuditPage, AppError> {
    crate::auth::require(crate::auth::types::STAFF)?;
    Ok(super::service::list(&crate::state::state()?.db, &filter).await?)
}

#[server(endpoint = "audit/verify")]
pub async fn verify_audit() -> Result<ChainCheck, AppError> {
    crate::auth::require(crate::auth::types::STAFF)?;
    Ok(super::service::verify(&crate::state::state()?.db).await?)
}

/// How many published day heads the audit page shows.
pub const HEADS_SHOWN: u64 = 60;

/// The newest published day heads, as they were published.
#[server(endpoint = "audit/heads")]
pub async fn list_day_heads() -> Result<Vec<DayHeadRow>, AppError> {
    crate::auth::require(crate::auth::types::STAFF)?;
    let heads = super::service::published_heads(&crate::state::state()?.db, Some(HEADS_SHOWN)).await?;
    Ok(heads
        .into_iter()
        .map(|(h, at)| DayHeadRow {
            day: h.day.to_string(),
            last_seq: h.last_seq,
            records: h.records,
            last_hash: h.last_hash,
            published_at: at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        })
        .collect())
}
