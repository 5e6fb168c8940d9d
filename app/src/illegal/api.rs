//! Server functions of the illegal organizations' register: authorize, call
//! the service, map the result. The warning list is public; everything else
//! is for officers.

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

#[cfg(feature = "ssr")]
fn to_entry(id: i64) -> String {
    format!("/officer/illegal/{id}")
}

// ---- public ----

/// The warning list (警示曝光台): no personal data.
#[server(endpoint = "illegal/warnings")]
pub async fn get_warnings(filter: WarningFilter) -> Result<WarningPage, AppError> {
    with_status(async { super::service::warnings(&state()?.db, &filter).await }.await)
}

// ---- officers ----

#[server(endpoint = "illegal/list")]
pub async fn get_entries(filter: EntryFilter) -> Result<EntryPage, AppError> {
    let result = async {
        require(STAFF)?;
        super::service::list(&state()?.db, &filter).await
    }
    .await;
    with_status(result)
}

#[server(endpoint = "illegal/detail")]
pub async fn get_entry(id: i64) -> Result<EntryDetail, AppError> {
    let result = async {
        require(STAFF)?;
        super::service::detail(&state()?.db, id, today()).await
    }
    .await;
    with_status(result)
}

#[server(endpoint = "illegal/create")]
pub async fn create_entry(input: EntryInput) -> Result<i64, AppError> {
    let result = async {
        let user = require(STAFF)?;
        super::service::create(&state()?.db, &Actor::from(&user), &input, today()).await
    }
    .await;
    finish("ill_create", values_of(&input), result, |id| (to_entry(*id), Some(("ill_notice_created", None))))
}

/// Opens an entry from a complaint about an unregistered body (from the
/// complaint's page).
#[server(endpoint = "illegal/from_complaint")]
pub async fn entry_from_complaint(complaint_id: i64) -> Result<i64, AppError> {
    let result = async {
        let user = require(STAFF)?;
        super::service::open_from_complaint(&state()?.db, &Actor::from(&user), complaint_id, today()).await
    }
    .await;
    finish("ill_from_complaint", Default::default(), result, |id| (to_entry(*id), Some(("ill_notice_created", None))))
}

#[server(endpoint = "illegal/note")]
pub async fn note_entry(id: i64, input: NoteInput) -> Result<(), AppError> {
    let result = async {
        let user = require(STAFF)?;
        super::service::note(&state()?.db, &Actor::from(&user), id, &input, today()).await
    }
    .await;
    finish("ill_note", values_of(&input), result, |_| (to_entry(id), Some(("ill_notice_noted", None))))
}

#[server(endpoint = "illegal/outcome")]
pub async fn outcome_entry(id: i64, input: OutcomeInput) -> Result<(), AppError> {
    let result = async {
        let user = require(STAFF)?;
        super::service::outcome(&state()?.db, &Actor::from(&user), id, &input, today()).await
    }
    .await;
    finish("ill_outcome", values_of(&input), result, |_| (to_entry(id), Some(("ill_notice_outcome", None))))
}

#[server(endpoint = "illegal/publish")]
pub async fn publish_entry(id: i64, input: PublishInput) -> Result<(), AppError> {
    let result = async {
        let user = require(STAFF)?;
        super::service::publish(&state()?.db, &Actor::from(&user), id, &input, today()).await
    }
    .await;
    finish("ill_publish", values_of(&input), result, |_| (to_entry(id), Some(("ill_notice_published", None))))
}
