//! Server functions of the supervisory units: authorize, call the service,
//! map the result. The units' list, form and merges are for officers; the
//! `/unit` pages for a unit's users, who reach only their own unit's
//! organizations (the server finds the unit from the signed-in user).

use leptos::prelude::*;

use super::types::*;
use crate::error::AppError;
use crate::reports::types::{FirstReviewInput, ReportView};

#[cfg(feature = "ssr")]
use crate::{
    audit::service::Actor,
    auth::{
        require,
        types::{Role, STAFF},
    },
    flash::{finish, values_of, with_status},
    kernel::clock::today,
    state::state,
};

/// Users of a supervisory unit.
#[cfg(feature = "ssr")]
const UNIT: &[Role] = &[Role::Unit];

/// The signed-in unit user and their unit (id, name).
#[cfg(feature = "ssr")]
async fn unit_user() -> Result<(crate::auth::types::CurrentUser, (i64, String)), AppError> {
    let user = require(UNIT)?;
    let unit = super::service::unit_of_user(&state()?.db, user.id).await?;
    Ok((user, unit))
}

// ---- officers ----

#[server(endpoint = "units/list")]
pub async fn get_units(q: String, page: u64) -> Result<UnitsPage, AppError> {
    let result = async {
        require(STAFF)?;
        Ok(super::service::list(&state()?.db, &q, page).await?)
    }
    .await;
    with_status(result)
}

#[server(endpoint = "units/one")]
pub async fn get_unit(id: i64) -> Result<UnitRow, AppError> {
    let result = async {
        require(STAFF)?;
        super::service::one(&state()?.db, id).await
    }
    .await;
    with_status(result)
}

/// The names of the units, for the registry form's suggestions.
#[server(endpoint = "units/names")]
pub async fn get_unit_names() -> Result<Vec<String>, AppError> {
    let result = async {
        require(STAFF)?;
        Ok(super::service::names(&state()?.db).await?)
    }
    .await;
    with_status(result)
}

#[server(endpoint = "units/create")]
pub async fn create_unit(input: UnitInput) -> Result<i64, AppError> {
    let result = async {
        let user = require(STAFF)?;
        super::service::create(&state()?.db, &Actor::from(&user), &input).await
    }
    .await;
    finish("unit_create", values_of(&input), result, |id| {
        (format!("/officer/units/{id}"), Some(("unit_notice_created", None)))
    })
}

#[server(endpoint = "units/update")]
pub async fn update_unit(id: i64, input: UnitInput) -> Result<(), AppError> {
    let result = async {
        let user = require(STAFF)?;
        super::service::update(&state()?.db, &Actor::from(&user), id, &input).await
    }
    .await;
    finish("unit_update", values_of(&input), result, |_| {
        (format!("/officer/units/{id}"), Some(("unit_notice_updated", None)))
    })
}

#[server(endpoint = "units/merge")]
pub async fn merge_units(input: MergeInput) -> Result<u64, AppError> {
    let result = async {
        let user = require(STAFF)?;
        super::service::merge(&state()?.db, &Actor::from(&user), &input).await
    }
    .await;
    finish("unit_merge", values_of(&input), result, |n| {
        ("/officer/units".into(), Some(("unit_notice_merged", Some(n.to_string()))))
    })
}

#[server(endpoint = "units/dismiss")]
pub async fn dismiss_merge(input: MergeInput) -> Result<(), AppError> {
    let result = async {
        let user = require(STAFF)?;
        super::service::dismiss(&state()?.db, &Actor::from(&user), &input).await
    }
    .await;
    finish("unit_dismiss", values_of(&input), result, |_| {
        ("/officer/units".into(), Some(("unit_notice_dismissed", None)))
    })
}

/// What the units recorded about a zombie case or a rectification (`id`), or
/// the newest notes about every case of that kind (`id` 0).
#[server(endpoint = "units/notes")]
pub async fn get_unit_notes(subject: String, id: i64) -> Result<Vec<OfficerNote>, AppError> {
    let result = async {
        require(STAFF)?;
        if !matches!(subject.as_str(), "zombie" | "rectification") {
            return Err(AppError::NotFound);
        }
        Ok(super::service::notes_of(&state()?.db, &subject, (id > 0).then_some(id), 20).await?)
    }
    .await;
    with_status(result)
}

// ---- a unit's users ----

#[server(endpoint = "unit/home")]
pub async fn get_unit_home(page: u64) -> Result<UnitHome, AppError> {
    let result = async {
        let (_, unit) = unit_user().await?;
        Ok(super::service::home(&state()?.db, unit, page).await?)
    }
    .await;
    with_status(result)
}

#[server(endpoint = "unit/org")]
pub async fn get_unit_org(id: i64) -> Result<UnitOrgView, AppError> {
    let result = async {
        let (_, unit) = unit_user().await?;
        super::service::org_view(&state()?.db, unit.0, id).await
    }
    .await;
    with_status(result)
}

#[server(endpoint = "unit/report")]
pub async fn get_unit_report(id: i64) -> Result<ReportView, AppError> {
    let result = async {
        let (_, unit) = unit_user().await?;
        let s = state()?;
        super::service::report(&s.db, &s.settings, unit.0, id).await
    }
    .await;
    with_status(result)
}

/// The unit's first review (初审) of a report: pass with its opinion, or
/// return with the reason.
#[server(endpoint = "unit/first_review")]
pub async fn first_review_report(id: i64, input: FirstReviewInput) -> Result<(), AppError> {
    let result = async {
        let (user, unit) = unit_user().await?;
        let s = state()?;
        super::service::first_review(&s.db, &s.settings, &Actor::from(&user), unit, id, &input).await
    }
    .await;
    let notice = if input.decision == "return" { "unit_notice_returned" } else { "unit_notice_passed" };
    let form = format!("unit_review_{}", if input.decision == "return" { "return" } else { "pass" });
    finish(&form, values_of(&input), result, |_| (format!("/unit/reports/{id}"), Some((notice, None))))
}

/// What the unit did about a zombie case or a rectification (谁主管、谁负责).
#[server(endpoint = "unit/note")]
pub async fn add_unit_note(input: NoteInput) -> Result<i64, AppError> {
    let result = async {
        let (user, unit) = unit_user().await?;
        super::service::add_note(&state()?.db, &Actor::from(&user), unit.0, &input, today()).await
    }
    .await;
    let form = format!("unit_note_{}_{}", input.subject, input.subject_id.trim());
    finish(&form, values_of(&input), result, |org| (format!("/unit/orgs/{org}"), Some(("unit_notice_noted", None))))
}
