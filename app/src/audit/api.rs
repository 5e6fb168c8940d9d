use leptos::prelude::*;

use super::types::{AuditFilter, AuditPage, ChainCheck};
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
