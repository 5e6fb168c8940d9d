//! Server functions of annual reports: authorize, call the service, map the result.

use leptos::prelude::*;

use super::types::*;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    audit::service::Actor,
    auth::{current_user, require, types::Role, types::STAFF},
    flash::{finish, values_of, with_status},
    state::state,
};

/// The signed-in organization user's organization.
#[cfg(feature = "ssr")]
fn own_org() -> Result<(crate::auth::types::CurrentUser, i64), AppError> {
    let user = require(&[Role::OrgUser])?;
    let org = user.org_id.ok_or(AppError::Forbidden)?;
    Ok((user, org))
}

#[server(endpoint = "reports/portal")]
pub async fn get_portal() -> Result<PortalView, AppError> {
    let result = async {
        let (_, org) = own_org()?;
        let s = state()?;
        super::service::portal(&s.db, &s.settings, org, crate::kernel::clock::today()).await
    }
    .await;
    with_status(result)
}

/// The organization's own report of `year`.
#[server(endpoint = "reports/mine")]
pub async fn get_my_report(year: i32) -> Result<ReportView, AppError> {
    let result = async {
        let (_, org) = own_org()?;
        let s = state()?;
        super::service::report_of(&s.db, &s.settings, org, year).await
    }
    .await;
    with_status(result)
}

/// Saves the draft or submits it (`input.intent`).
#[server(endpoint = "reports/save")]
pub async fn save_report(input: SaveInput) -> Result<i64, AppError> {
    let result = async {
        let (user, org) = own_org()?;
        let s = state()?;
        super::service::save(&s.db, s.part()?, &s.settings, &Actor::from(&user), org, &input).await
    }
    .await;
    let mut values = values_of(&input.form);
    values.insert("__version".into(), input.version.to_string());
    let year = input.year;
    let notice = if input.intent == "submit" { "notice_report_submitted" } else { "notice_draft_saved" };
    finish("save_report", values, result, |_| (format!("/portal/reports/{year}"), Some((notice, None))))
}

/// A report by id: officers, or the organization's own users.
#[server(endpoint = "reports/get")]
pub async fn get_report(id: i64) -> Result<ReportView, AppError> {
    let result = async {
        let user = current_user().ok_or(AppError::Unauthorized)?;
        let s = state()?;
        let view = super::service::report_by_id(&s.db, &s.settings, id).await?;
        if !super::service::may_access(&user, view.org_id) {
            return Err(AppError::Forbidden);
        }
        Ok(view)
    }
    .await;
    with_status(result)
}

#[server(endpoint = "reports/review")]
pub async fn review_report(id: i64, input: ReviewInput) -> Result<(), AppError> {
    let result = async {
        let user = require(STAFF)?;
        let s = state()?;
        super::service::review(&s.db, &s.settings, &Actor::from(&user), id, &input).await
    }
    .await;
    let notice = if input.decision == "return" { "notice_report_returned" } else { "notice_report_concluded" };
    finish(&format!("review_{}", input.decision), values_of(&input), result, |_| {
        (format!("/officer/reports/{id}"), Some((notice, None)))
    })
}

#[server(endpoint = "reports/queue")]
pub async fn report_queue(filter: QueueFilter) -> Result<QueuePage, AppError> {
    require(STAFF)?;
    let s = state()?;
    Ok(super::service::queue(&s.db, &s.settings, &filter).await?)
}

#[server(endpoint = "reports/participation")]
pub async fn get_participation(year: i32, page: u64) -> Result<ParticipationView, AppError> {
    require(STAFF)?;
    let s = state()?;
    let year = if year == 0 { s.settings.report_year } else { crate::domain::input::clamp_year(year) };
    Ok(super::service::participation(&s.db, &s.settings, year, page).await?)
}

#[server(endpoint = "reports/public")]
pub async fn get_public_conclusions(org_id: i64) -> Result<Vec<PublicConclusion>, AppError> {
    let result = async {
        let db = &state()?.db;
        crate::registry::service::require_org(db, org_id).await?;
        Ok(super::service::public_conclusions(db, org_id).await?)
    }
    .await;
    crate::flash::with_status(result)
}
