//! Server functions of charitable trusts: authorize, call the service, map
//! the result. The list and the pages of accepted trusts are public; the
//! portal is a charity's; review and everything else is for officers. The
//! filing itself (a multipart form with the contract) is an axum route
//! (`server/src/web/trusts.rs`).

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
    state::state,
};

/// Where a user's page of trust `id` is, and the organization it files for
/// (`None`: an officer, who may file for any trustee).
#[cfg(feature = "ssr")]
fn filer(user: &CurrentUser, id: i64) -> Result<(String, Option<i64>), AppError> {
    match user.role {
        Role::OrgUser => Ok((format!("/portal/trusts/{id}"), Some(user.org_id.ok_or(AppError::Forbidden)?))),
        _ => Ok((format!("/officer/trusts/{id}"), None)),
    }
}

// ---- public ----

#[server(endpoint = "trusts/public")]
pub async fn get_public_trusts(filter: TrustFilter) -> Result<TrustPage, AppError> {
    let result = async {
        let s = state()?;
        super::service::public_list(&s.db, &s.settings, &filter, today()).await
    }
    .await;
    with_status(result)
}

#[server(endpoint = "trusts/public/one")]
pub async fn get_public_trust(id: i64) -> Result<TrustDetail, AppError> {
    let result = async {
        let s = state()?;
        super::service::detail(&s.db, &s.settings, id, true, None, today()).await
    }
    .await;
    with_status(result)
}

// ---- officers ----

#[server(endpoint = "trusts/list")]
pub async fn get_trusts(filter: TrustFilter) -> Result<TrustPage, AppError> {
    let result = async {
        require(STAFF)?;
        let s = state()?;
        super::service::list(&s.db, &s.settings, &filter, today()).await
    }
    .await;
    with_status(result)
}

#[server(endpoint = "trusts/one")]
pub async fn get_trust(id: i64) -> Result<TrustDetail, AppError> {
    let result = async {
        require(STAFF)?;
        let s = state()?;
        super::service::detail(&s.db, &s.settings, id, false, None, today()).await
    }
    .await;
    with_status(result)
}

#[server(endpoint = "trusts/accept")]
pub async fn accept_trust(id: i64) -> Result<String, AppError> {
    let result = async {
        let user = require(STAFF)?;
        super::service::accept(&state()?.db, &Actor::from(&user), id, today()).await
    }
    .await;
    finish("tr_accept", Default::default(), result, |n| {
        (format!("/officer/trusts/{id}"), Some(("tr_notice_accepted", Some(n.clone()))))
    })
}

#[server(endpoint = "trusts/return")]
pub async fn return_trust(id: i64, input: ReturnInput) -> Result<(), AppError> {
    let result = async {
        let user = require(STAFF)?;
        super::service::return_filing(&state()?.db, &Actor::from(&user), id, &input, today()).await
    }
    .await;
    finish("tr_return", values_of(&input), result, |_| {
        (format!("/officer/trusts/{id}"), Some(("tr_notice_returned", None)))
    })
}

// ---- the charity in the portal ----

#[server(endpoint = "trusts/mine")]
pub async fn get_my_trusts() -> Result<PortalTrusts, AppError> {
    let result = async {
        let user = require(&[Role::OrgUser])?;
        let org = user.org_id.ok_or(AppError::Forbidden)?;
        let s = state()?;
        super::service::portal(&s.db, &s.settings, org, today()).await
    }
    .await;
    with_status(result)
}

#[server(endpoint = "trusts/mine/one")]
pub async fn get_my_trust(id: i64) -> Result<TrustDetail, AppError> {
    let result = async {
        let user = require(&[Role::OrgUser])?;
        let org = user.org_id.ok_or(AppError::Forbidden)?;
        let s = state()?;
        super::service::detail(&s.db, &s.settings, id, false, Some(org), today()).await
    }
    .await;
    with_status(result)
}

// ---- changes and reports: the charity trustee, or officers on a trustee's behalf ----

#[server(endpoint = "trusts/change")]
pub async fn file_trust_change(id: i64, input: ChangeInput) -> Result<(), AppError> {
    let mut to = String::from("/");
    let result = async {
        let user = require(&[Role::Admin, Role::Officer, Role::OrgUser])?;
        let (page, org) = filer(&user, id)?;
        to = page;
        super::service::file_change(&state()?.db, &Actor::from(&user), org, id, &input, today()).await
    }
    .await;
    finish("tr_change", values_of(&input), result, |_| (to, Some(("tr_notice_change", None))))
}

#[server(endpoint = "trusts/report")]
pub async fn file_trust_report(id: i64, input: ReportInput) -> Result<(), AppError> {
    let mut to = String::from("/");
    let result = async {
        let user = require(&[Role::Admin, Role::Officer, Role::OrgUser])?;
        let (page, org) = filer(&user, id)?;
        to = page;
        let s = state()?;
        super::service::file_report(&s.db, &s.settings, &Actor::from(&user), org, id, &input, today()).await
    }
    .await;
    finish("tr_report", values_of(&input), result, |_| (to, Some(("tr_notice_report", None))))
}
