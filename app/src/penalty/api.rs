//! Server functions of the penalty cases: authorize, call the service, map the result.

use leptos::prelude::*;

use super::types::*;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    audit::service::Actor,
    auth::{require, types::STAFF},
    flash::{finish, values_of, with_status},
    kernel::clock::today,
    state::state,
};

#[server(endpoint = "penalty/cases")]
pub async fn get_cases(filter: CaseFilter) -> Result<CasePage, AppError> {
    require(STAFF)?;
    let s = state()?;
    with_status(super::service::list(&s.db, &s.settings, &filter, today()).await)
}

#[server(endpoint = "penalty/case")]
pub async fn get_case(id: i64) -> Result<CaseDetail, AppError> {
    require(STAFF)?;
    let s = state()?;
    with_status(super::service::detail(&s.db, &s.settings, id, today()).await)
}

/// The organization a new case from an inspection result or a zombie case
/// concerns (none for a case an officer opens on their own).
#[server(endpoint = "penalty/source")]
pub async fn get_case_source(source: String, source_id: i64) -> Result<Option<SourceView>, AppError> {
    require(STAFF)?;
    if source.is_empty() || source == "officer" {
        return Ok(None);
    }
    with_status(super::service::source(&state()?.db, &source, source_id).await.map(Some))
}

#[server(endpoint = "penalty/open")]
pub async fn open_case(input: NewCaseInput) -> Result<i64, AppError> {
    let result = async {
        let user = require(STAFF)?;
        super::service::open(&state()?.db, &Actor::from(&user), &input).await
    }
    .await;
    finish("open_case", values_of(&input), result, |id| {
        (format!("/officer/cases/{id}"), Some(("pen_notice_opened", None)))
    })
}

/// One step of a case (each step's form posts here with its `action`).
#[server(endpoint = "penalty/step")]
pub async fn case_step(id: i64, input: StepInput) -> Result<String, AppError> {
    let form = format!("step_{}", input.action);
    let result = async {
        let user = require(STAFF)?;
        let s = state()?;
        let to = super::service::step(&s.db, &s.settings, &Actor::from(&user), id, &input).await?;
        Ok(to.as_str().to_string())
    }
    .await;
    finish(&form, values_of(&input), result, |_| (format!("/officer/cases/{id}"), Some(("notice_recorded", None))))
}

#[server(endpoint = "penalty/public")]
pub async fn get_public_decisions(filter: DecisionFilter) -> Result<DecisionPage, AppError> {
    let s = state()?;
    super::service::public_decisions(&s.db, &s.settings, &filter).await
}

#[server(endpoint = "penalty/org_public")]
pub async fn get_org_decisions(org_id: i64) -> Result<Vec<PublicDecision>, AppError> {
    let s = state()?;
    super::service::org_decisions(&s.db, &s.settings, org_id).await
}
