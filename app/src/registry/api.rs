//! Server functions of the registry: authorize, call the service, map the result.

use leptos::prelude::*;

use super::types::*;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    audit::service::Actor,
    auth::{
        current_user, require,
        types::{Role, STAFF},
    },
    flash::{finish, values_of, with_status},
    state::state,
};

#[server(endpoint = "registry/choices")]
pub async fn get_choices() -> Result<Choices, AppError> {
    let s = state()?;
    Ok(Choices { districts: s.settings.districts.clone() })
}

#[server(endpoint = "registry/list")]
pub async fn list_orgs(filter: OrgFilter) -> Result<OrgPage, AppError> {
    require(STAFF)?;
    Ok(super::service::list(&state()?.db, &filter).await?)
}

#[server(endpoint = "registry/public_list")]
pub async fn public_orgs(filter: OrgFilter) -> Result<OrgPage, AppError> {
    Ok(super::service::list(&state()?.db, &filter).await?)
}

#[server(endpoint = "registry/public_org")]
pub async fn get_public_org(id: i64) -> Result<PublicOrg, AppError> {
    with_status(super::service::public_detail(&state()?.db, id).await)
}

/// The full record: officers, or the organization's own users.
#[server(endpoint = "registry/detail")]
pub async fn get_org_detail(id: i64) -> Result<OrgDetail, AppError> {
    let user = current_user();
    let allowed = match &user {
        Some(u) if u.role.is_staff() => true,
        Some(u) if u.role == Role::OrgUser => u.org_id == Some(id),
        _ => false,
    };
    if !allowed {
        return with_status(Err(if user.is_some() { AppError::Forbidden } else { AppError::Unauthorized }));
    }
    with_status(super::service::detail(&state()?.db, id).await)
}

#[server(endpoint = "registry/register")]
pub async fn register_org(input: OrgInput) -> Result<i64, AppError> {
    let result = async {
        let user = require(STAFF)?;
        let s = state()?;
        super::service::register(&s.db, &s.settings, &Actor::from(&user), &input).await
    }
    .await;
    finish("register_org", values_of(&input), result, |id| {
        (format!("/officer/orgs/{id}"), Some(("notice_registered", None)))
    })
}

#[server(endpoint = "registry/change")]
pub async fn change_org(id: i64, input: ChangeInput) -> Result<(), AppError> {
    let result = async {
        let user = require(STAFF)?;
        let s = state()?;
        super::service::change(&s.db, &s.settings, &Actor::from(&user), id, &input).await
    }
    .await;
    finish("change_org", values_of(&input), result, |_| (format!("/officer/orgs/{id}"), Some(("notice_changed", None))))
}

#[server(endpoint = "registry/act")]
pub async fn act_org(id: i64, input: ActInput) -> Result<(), AppError> {
    let form = format!("act_{}", input.act);
    let result = async {
        let user = require(STAFF)?;
        let s = state()?;
        super::service::act(&s.db, &s.settings, &Actor::from(&user), id, &input).await
    }
    .await;
    finish(&form, values_of(&input), result, |_| (format!("/officer/orgs/{id}"), Some(("notice_recorded", None))))
}

#[server(endpoint = "registry/terms")]
pub async fn due_terms(page: u64) -> Result<TermPage, AppError> {
    require(STAFF)?;
    Ok(super::service::terms(&state()?.db, crate::kernel::clock::today(), page).await?)
}

#[server(endpoint = "registry/import_job")]
pub async fn get_import_job(id: i64) -> Result<ImportJobView, AppError> {
    require(STAFF)?;
    with_status(crate::kernel::import::get(&state()?.db, id).await)
}

#[server(endpoint = "registry/imports")]
pub async fn recent_imports(kind: String) -> Result<Vec<ImportJobView>, AppError> {
    require(STAFF)?;
    crate::kernel::import::recent(&state()?.db, &kind).await
}
