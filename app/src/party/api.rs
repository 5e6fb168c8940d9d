//! Server functions of party building: authorize, call the service, map the
//! result. Officers read and save any organization's record and record every
//! step's check; an organization's user its own record (another
//! organization's is not found) and its annual report's check; an inspector
//! the check of a target assigned to them.

use leptos::prelude::*;

use super::types::*;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    audit::service::Actor,
    auth::{
        require,
        types::{CurrentUser, Role, STAFF},
    },
    flash::{finish, values_of, with_status},
    kernel::clock::today,
    party::service::Access,
    state::state,
};

/// The organization whose record `user` reads for `org_id` (0: their own),
/// and whether they are an officer; another organization's record is not
/// found for an organization's user.
#[cfg(feature = "ssr")]
fn record_org(user: &CurrentUser, org_id: i64) -> Result<(i64, bool), AppError> {
    if STAFF.contains(&user.role) {
        return Ok((org_id, true));
    }
    let own = user.org_id.ok_or(AppError::Forbidden)?;
    if org_id != 0 && org_id != own {
        return Err(AppError::NotFound);
    }
    Ok((own, false))
}

#[cfg(feature = "ssr")]
fn access_of(user: &CurrentUser) -> Result<Access, AppError> {
    match user.role {
        Role::Admin | Role::Officer => Ok(Access::Officer),
        Role::OrgUser => Ok(Access::Org(user.org_id.ok_or(AppError::Forbidden)?)),
        Role::Inspector => Ok(Access::Inspector(user.id)),
        _ => Err(AppError::Forbidden),
    }
}

/// An organization's party building (`org_id` 0: the signed-in organization's).
#[server(endpoint = "party/get")]
pub async fn get_party(org_id: i64) -> Result<PartyView, AppError> {
    let result = async {
        let user = require(&[Role::Admin, Role::Officer, Role::OrgUser])?;
        let (org, officer) = record_org(&user, org_id)?;
        super::service::party_of(&state()?.db, org, officer).await
    }
    .await;
    with_status(result)
}

/// Saves an organization's party record as read at `version`.
#[server(endpoint = "party/save")]
pub async fn save_party(org_id: i64, version: i32, input: RecordInput) -> Result<(), AppError> {
    let mut to = String::from("/portal/party");
    let result = async {
        let user = require(&[Role::Admin, Role::Officer, Role::OrgUser])?;
        let (org, officer) = record_org(&user, org_id)?;
        if officer {
            to = format!("/officer/orgs/{org}");
        }
        super::service::save(&state()?.db, &Actor::from(&user), org, version, &input, today()).await
    }
    .await;
    finish("party_save", values_of(&input), result, |_| (to, Some(("party_notice_saved", None))))
}

/// A step's check on the step's page.
#[server(endpoint = "party/sync")]
pub async fn get_sync(step: String, org_id: i64, ref_id: i64) -> Result<SyncView, AppError> {
    let result = async {
        let user = require(&[Role::Admin, Role::Officer, Role::OrgUser, Role::Inspector])?;
        super::service::sync_view(&state()?.db, access_of(&user)?, &step, org_id, ref_id).await
    }
    .await;
    with_status(result)
}

/// Records a step's check; back to the step's page (`back`, a path of this
/// site, or the organization's page).
#[server(endpoint = "party/sync/record")]
pub async fn record_sync(
    step: String,
    org_id: i64,
    ref_id: i64,
    back: String,
    input: SyncInput,
) -> Result<i64, AppError> {
    let result = async {
        let user = require(&[Role::Admin, Role::Officer, Role::OrgUser, Role::Inspector])?;
        let access = access_of(&user)?;
        super::service::record_check(&state()?.db, &Actor::from(&user), access, &step, org_id, ref_id, &input, today())
            .await
    }
    .await;
    finish(&format!("party_sync_{step}"), values_of(&input), result, |org| {
        let to = crate::kernel::http::local_or(Some(&back), &format!("/officer/orgs/{org}"));
        (to, Some(("party_notice_check", None)))
    })
}

/// The officers' list of active organizations by party status.
#[server(endpoint = "party/list")]
pub async fn get_party_list(filter: ListFilter) -> Result<ListPage, AppError> {
    let result = async {
        require(STAFF)?;
        let s = state()?;
        super::service::list(&s.db, &filter, s.settings.districts.clone()).await
    }
    .await;
    with_status(result)
}
