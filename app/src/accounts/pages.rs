use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::{get_invite_state, list_users, AcceptInvite, CreateAccount, SendReset, SetAccountActive};
use super::types::{InviteState, UserRow};
use crate::auth::types::Role;
use crate::i18n::{k, lookup, t, use_lang};
use crate::ui::form::{ErrorSummary, Field, FormState, Select};
use crate::ui::load::{loaded, LoadError};
use crate::ui::table::{FilterSubmit, Pagination, ResultCount};

#[component]
fn UserActions(user: UserRow) -> impl IntoView {
    let toggle = ServerAction::<SetAccountActive>::new();
    let reset = ServerAction::<SendReset>::new();
    let (label, next) = if user.active { (k::USERS_DISABLE, "false") } else { (k::USERS_ENABLE, "true") };
    view! {
        <ActionForm action=toggle attr:class="inline-form">
            <input type="hidden" name="id" value=user.id />
            <input type="hidden" name="active" value=next />
            <button type="submit" class="btn btn-small btn-secondary">{t(label)}</button>
        </ActionForm>
        <ActionForm action=reset attr:class="inline-form">
            <input type="hidden" name="id" value=user.id />
            <button type="submit" class="btn btn-small btn-secondary">{t(k::USERS_SEND_RESET)}</button>
        </ActionForm>
        {move || toggle.value().get().or_else(|| reset.value().get()).and_then(|r| r.err()).map(|e| view! {
            <p class="field-error" role="alert">{crate::ui::form::error_text(&e)}</p>
        })}
    }
}

#[component]
fn CreateForm() -> impl IntoView {
    let action = ServerAction::<CreateAccount>::new();
    let lang = use_lang();
    let state = FormState::new("create_account", Signal::derive(move || action.value().get().and_then(|r| r.err())));
    let mut roles = vec![(String::new(), t(k::SELECT_PLACEHOLDER).to_string())];
    roles.extend(Role::ALL.into_iter().map(|r| (r.as_str().to_string(), lookup(lang, r.label_key()))));
    view! {
        <section class="card">
            <h2>{t(k::USERS_CREATE)}</h2>
            <p class="hint">{t(k::USERS_CREATE_HINT)}</p>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="create-account">
                <ErrorSummary state=state labels=vec![
                    ("username", k::USERS_USERNAME), ("display_name", k::USERS_DISPLAY_NAME), ("email", k::USERS_EMAIL),
                    ("role", k::USERS_ROLE), ("org_code", k::USERS_ORG_CODE), ("unit", k::USERS_UNIT),
                ] />
                <div class="form-grid">
                    <Field state=state name="input[username]" error_name="username" label=k::USERS_USERNAME hint=k::USERS_USERNAME_HINT required=true />
                    <Field state=state name="input[display_name]" error_name="display_name" label=k::USERS_DISPLAY_NAME required=true />
                    <Field state=state name="input[email]" error_name="email" label=k::USERS_EMAIL kind="email" required=true />
                    <Select state=state name="input[role]" error_name="role" label=k::USERS_ROLE options=roles required=true />
                    <Field state=state name="input[org_code]" error_name="org_code" label=k::USERS_ORG_CODE hint=k::USERS_ORG_CODE_HINT />
                    <Field state=state name="input[unit]" error_name="unit" label=k::USERS_UNIT hint=k::USERS_UNIT_HINT />
                </div>
                <div class="form-actions"><button type="submit" class="btn btn-primary">{t(k::USERS_CREATE_SUBMIT)}</button></div>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let query = use_query_map();
    let params = Memo::new(move |_| query.with(|q| (q.get("q").unwrap_or_default(), crate::ui::table::page_param(q))));
    let data = Resource::new(move || params.get(), |(q, page)| list_users(q, page));
    let lang = use_lang();
    view! {
        <h1 class="page-title">{t(k::USERS_TITLE)}</h1>
        <Suspense fallback=|| ()><CreateForm /></Suspense>
        <Form method="GET" action="/officer/users" attr:class="table-tools" attr:role="search">
            <div class="field">
                <label for="users-q">{t(k::USERS_SEARCH)}</label>
                <input id="users-q" name="q" type="search" value=move || params.get().0 />
            </div>
            <FilterSubmit />
        </Form>
        {loaded(data, move |p| {
                    let rows = p.rows.clone().into_iter().map(|u| {
                        let role = Role::parse(&u.role).map(|r| lookup(lang, r.label_key())).unwrap_or(u.role.clone());
                        let state = if !u.active {
                            view! { <span class="badge badge-deregistered">{t(k::USERS_DISABLED)}</span> }.into_any()
                        } else if u.locked {
                            view! { <span class="badge badge-revoked">{t(k::USERS_LOCKED)}</span> }.into_any()
                        } else if !u.has_password {
                            view! { <span class="badge badge-warning">{t(k::USERS_INVITED)}</span> }.into_any()
                        } else {
                            view! { <span class="badge badge-active">{t(k::USERS_ACTIVE)}</span> }.into_any()
                        };
                        view! {
                            <tr>
                                <td class="mono">{u.username.clone()}</td>
                                <td>{u.display_name.clone()}</td>
                                <td>{u.email.clone()}</td>
                                <td>{role}</td>
                                <td>{u.org_name.clone().unwrap_or_default()}</td>
                                <td>{state}</td>
                                <td><UserActions user=u /></td>
                            </tr>
                        }
                    }).collect_view();
                    view! {
                        <ResultCount total=p.total />
                        <div class="table-wrap" tabindex="0"><table class="data-table" id="users-table">
                            <thead><tr>
                                <th scope="col">{t(k::USERS_USERNAME)}</th>
                                <th scope="col">{t(k::USERS_DISPLAY_NAME)}</th>
                                <th scope="col">{t(k::USERS_EMAIL)}</th>
                                <th scope="col">{t(k::USERS_ROLE)}</th>
                                <th scope="col">{t(k::USERS_ORG)}</th>
                                <th scope="col">{t(k::FIELD_STATUS)}</th>
                                <th scope="col">{t(k::USERS_ACTIONS)}</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table></div>
                        <Pagination total=p.total page=p.page per_page=p.per_page />
                    }.into_any()
                })}
    }
}

/// The page of a one-time link: set a password.
#[component]
pub fn InvitePage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let info = Resource::new(token, get_invite_state);
    let action = ServerAction::<AcceptInvite>::new();
    view! {
        <div class="login-box card">
            <h1 class="page-title">{t(k::INVITE_TITLE)}</h1>
            <Suspense fallback=move || view! { <p class="muted">{t(k::LOADING)}</p> }>
                {move || info.get().map(|r| match r {
                    Err(e) => view! { <LoadError error=e /> }.into_any(),
                    Ok(InviteState::Valid { username, .. }) => {
                        let state = FormState::new("accept_invite", Signal::derive(move || action.value().get().and_then(|r| r.err())));
                        view! {
                            <p>{t(k::USERS_USERNAME)}": "<strong class="mono">{username}</strong></p>
                            <ActionForm action=action attr:class="form" attr:novalidate=true>
                                <ErrorSummary state=state labels=vec![("password", k::INVITE_PASSWORD), ("confirm", k::INVITE_CONFIRM)] />
                                <input type="hidden" name="token" value=token() />
                                <Field state=state name="password" error_name="password" label=k::INVITE_PASSWORD hint=k::INVITE_PASSWORD_HINT kind="password" required=true autocomplete="new-password" />
                                <Field state=state name="confirm" error_name="confirm" label=k::INVITE_CONFIRM kind="password" required=true autocomplete="new-password" />
                                <div class="form-actions"><button type="submit" class="btn btn-primary" id="invite-submit">{t(k::INVITE_SUBMIT)}</button></div>
                            </ActionForm>
                        }.into_any()
                    }
                    Ok(InviteState::Expired) => view! { <p class="flash flash-error" role="alert">{t(k::ERR_INVITE_EXPIRED)}</p> }.into_any(),
                    Ok(InviteState::Used) => view! { <p class="flash flash-error" role="alert">{t(k::ERR_INVITE_USED)}</p> }.into_any(),
                    Ok(InviteState::Unknown) => view! { <p class="flash flash-error" role="alert">{t(k::ERR_INVITE_UNKNOWN)}</p> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}
