//! Server functions of the templates: administrators only.

use leptos::prelude::*;

use super::types::*;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    audit::service::Actor,
    auth::{require, types::Role},
    flash::{finish, values_of, with_status},
    state::state,
};

#[server(endpoint = "documents/templates")]
pub async fn get_templates() -> Result<Vec<TemplateView>, AppError> {
    require(&[Role::Admin])?;
    with_status(super::service::templates(&state()?.db).await)
}

/// Saves a new version of a kind's template (checked first).
#[server(endpoint = "documents/save")]
pub async fn save_template(input: TemplateInput) -> Result<i32, AppError> {
    let form = format!("template_{}", input.kind);
    let result = async {
        let user = require(&[Role::Admin])?;
        super::service::save(&state()?.db, &Actor::from(&user), &input.kind, &input.title, &input.body).await
    }
    .await;
    finish(&form, values_of(&input), result, |_| ("/officer/templates".into(), Some(("doc_notice_saved", None))))
}

/// Puts the default text back, as a new version.
#[server(endpoint = "documents/reset")]
pub async fn reset_template(kind: String) -> Result<i32, AppError> {
    let form = format!("template_{kind}");
    let result = async {
        let user = require(&[Role::Admin])?;
        super::service::reset(&state()?.db, &Actor::from(&user), &kind).await
    }
    .await;
    finish(&form, std::collections::BTreeMap::new(), result, |_| {
        ("/officer/templates".into(), Some(("doc_notice_saved", None)))
    })
}
