//! Sign-in, sign-out and "who am I" server functions (thin: the rules are in
//! `service.rs`).

use leptos::prelude::*;

use super::types::CurrentUser;
use crate::error::AppError;

#[server(endpoint = "auth/me")]
pub async fn get_me() -> Result<Option<CurrentUser>, AppError> {
    Ok(super::service::current_user())
}

#[server(endpoint = "auth/login")]
pub async fn login(username: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use super::service;
    use http::header::SET_COOKIE;
    use leptos_axum::ResponseOptions;
    use std::collections::BTreeMap;

    let state = crate::state::state()?;
    let old = use_context::<http::request::Parts>()
        .and_then(|p| crate::kernel::http::request_cookie(&p.headers, service::COOKIE));
    let client = service::client_addr();
    let result = service::login(&state.db, &state.settings, &username, &password, &client, old.as_deref()).await;
    if let (Ok((token, _)), Some(res)) = (&result, use_context::<ResponseOptions>()) {
        let secure = state.settings.public_url.starts_with("https://");
        if let Ok(v) = http::HeaderValue::from_str(&service::session_cookie(token, secure)) {
            res.append_header(SET_COOKIE, v);
        }
    }
    let values = BTreeMap::from([("username".to_string(), username)]);
    let result = result.map(|(_, user)| user);
    crate::flash::finish("login", values, result, |user| {
        let home = super::pages::home_for(Some(user));
        // Only local paths are followed, never another site.
        let to = crate::kernel::http::local_or(next.as_deref(), &home);
        (to, Some(("notice_signed_in", None)))
    })
    .map(|_| ())
}

#[server(endpoint = "auth/logout")]
pub async fn logout() -> Result<(), AppError> {
    use super::service;
    use http::header::SET_COOKIE;
    use leptos_axum::ResponseOptions;

    let state = crate::state::state()?;
    if let Some(token) = use_context::<http::request::Parts>()
        .and_then(|p| crate::kernel::http::request_cookie(&p.headers, service::COOKIE))
    {
        service::logout(&state.db, &token).await?;
    }
    if let Some(res) = use_context::<ResponseOptions>() {
        res.append_header(
            SET_COOKIE,
            http::HeaderValue::from_str(&service::clear_session_cookie()).map_err(|_| AppError::Internal)?,
        );
    }
    leptos_axum::redirect("/");
    Ok(())
}
