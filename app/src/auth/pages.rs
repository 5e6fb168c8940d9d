use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::Login;
use super::types::{CurrentUser, Role};
use crate::i18n::{k, t};
use crate::ui::form::{ErrorSummary, Field, FormState};

/// Where a user lands after signing in.
pub fn home_for(user: Option<&CurrentUser>) -> String {
    match user.map(|u| u.role) {
        Some(Role::OrgUser) => "/portal".into(),
        Some(Role::Inspector) => "/inspector".into(),
        Some(Role::Expert) => "/expert".into(),
        Some(Role::Unit) => "/unit".into(),
        _ => "/officer/orgs".into(),
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let action = ServerAction::<Login>::new();
    let query = use_query_map();
    let next = move || query.with(|q| q.get("next")).unwrap_or_default();
    view! {
        <div class="login-box card">
            <h1 class="page-title">{t(k::LOGIN_TITLE)}</h1>
            <Suspense fallback=|| ()>
                {move || {
                    let state = FormState::new(
                        "login",
                        Signal::derive(move || action.value().get().and_then(|r| r.err())),
                    );
                    view! {
                        <ActionForm action=action attr:class="form" attr:novalidate=true>
                            <ErrorSummary state=state labels=vec![("username", k::LOGIN_USERNAME), ("password", k::LOGIN_PASSWORD)] />
                            <input type="hidden" name="next" value=next />
                            <Field state=state name="username" error_name="username" label=k::LOGIN_USERNAME required=true autocomplete="username" />
                            <Field state=state name="password" error_name="password" label=k::LOGIN_PASSWORD required=true kind="password" autocomplete="current-password" />
                            <div class="form-actions">
                                <button type="submit" class="btn btn-primary" id="login-submit">{t(k::LOGIN_SUBMIT)}</button>
                            </div>
                        </ActionForm>
                    }
                }}
            </Suspense>
            <p class="hint">{t(k::LOGIN_LOCKOUT_HINT)}</p>
        </div>
    }
}
