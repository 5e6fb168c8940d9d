use leptos::prelude::*;

use super::types::*;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    auth::{require, types::STAFF},
    flash::{finish, values_of},
    state::state,
};

#[server(endpoint = "accounts/list")]
pub async fn list_users(q: String, page: u64) -> Result<UserPage, AppError> {
    require(STAFF)?;
    super::service::list(&state()?.db, &q, page).await
}

#[server(endpoint = "accounts/create")]
pub async fn create_account(input: UserInput) -> Result<i64, AppError> {
    let result = async {
        let user = require(STAFF)?;
        let s = state()?;
        super::service::create(&s.db, &s.settings, &user, &input).await
    }
    .await;
    finish("create_account", values_of(&input), result, |_| ("/officer/users".into(), Some(("notice_invited", None))))
}

#[server(endpoint = "accounts/active")]
pub async fn set_account_active(id: i64, active: bool) -> Result<(), AppError> {
    let result = async {
        let user = require(STAFF)?;
        super::service::set_active(&state()?.db, &user, id, active).await
    }
    .await;
    finish("account_row", Default::default(), result, |_| ("/officer/users".into(), Some(("notice_recorded", None))))
}

#[server(endpoint = "accounts/reset")]
pub async fn send_reset(id: i64) -> Result<(), AppError> {
    let result = async {
        let user = require(STAFF)?;
        let s = state()?;
        super::service::reset(&s.db, &s.settings, &user, id).await
    }
    .await;
    finish("account_row", Default::default(), result, |_| ("/officer/users".into(), Some(("notice_reset_sent", None))))
}

#[server(endpoint = "accounts/invite_state")]
pub async fn get_invite_state(token: String) -> Result<InviteState, AppError> {
    super::service::invite_state(&state()?.db, &token).await
}

#[server(endpoint = "accounts/accept")]
pub async fn accept_invite(token: String, password: String, confirm: String) -> Result<(), AppError> {
    let result = super::service::accept(&state()?.db, &token, &password, &confirm).await;
    finish("accept_invite", Default::default(), result, |_| ("/login".into(), Some(("notice_password_set", None))))
}
