//! The forms: the filing (a plain multipart form with the contract, posted to
//! an axum route, the same with JavaScript on and off), a change filing and
//! a yearly report (server functions).

use leptos::prelude::*;

use crate::domain::trust::{Purpose, CHANGE_KINDS};
use crate::i18n::{k, t};
use crate::trust::api::{FileTrustChange, FileTrustReport};
use crate::ui::form::{ErrorSummary, Field, FormState, Select, TextArea};

/// The filing form, posted to `action`; a trust company's name and contact
/// are asked when `company` (officers filing on its behalf).
#[component]
pub fn FilingForm(action: &'static str, company: bool) -> impl IntoView {
    let state = FormState::new("tr_file", Signal::derive(|| None));
    let chosen = state.value("purposes", "");
    let chosen: Vec<String> = chosen.split(',').map(|s| s.trim().to_string()).collect();
    let purpose_error = state.field_error("purposes");
    let purpose_described = purpose_error.is_some().then_some("f-purposes-error");
    let contract_error = state.field_error("contract");
    let purposes = Purpose::ALL
        .iter()
        .map(|p| {
            let id = format!("f-purpose-{}", p.as_str());
            let checked = chosen.iter().any(|c| c == p.as_str());
            let for_id = id.clone();
            view! {
                <label class="check" for=for_id>
                    <input type="checkbox" id=id name="purposes" value=p.as_str() checked=checked />
                    " "{super::label("purpose", p.as_str())}
                </label>
            }
        })
        .collect_view();
    let labels = vec![
        ("name", k::TR_NAME),
        ("trustee_name", k::TR_COMPANY_NAME),
        ("contact_email", k::TR_CONTACT_EMAIL),
        ("settlor_persons", k::TR_SETTLOR_PERSONS),
        ("settlor_orgs", k::TR_SETTLOR_ORGS),
        ("supervisor", k::TR_SUPERVISOR),
        ("purposes", k::TR_PURPOSES),
        ("purpose_note", k::TR_PURPOSE_NOTE),
        ("size", k::TR_SIZE_YUAN),
        ("start_on", k::TR_START_ON),
        ("end_on", k::TR_END_ON),
        ("beneficiaries", k::TR_BENEFICIARIES),
        ("signed_on", k::TR_SIGNED_ON),
        ("contract", k::TR_CONTRACT),
    ];
    view! {
        <form method="post" action=action enctype="multipart/form-data" class="form" novalidate=true id="trust-form">
            <ErrorSummary state=state labels=labels />
            <Field state=state name="name" error_name="name" label=k::TR_NAME required=true />
            {company.then(|| view! {
                <div class="form-grid">
                    <Field state=state name="trustee_name" error_name="trustee_name" label=k::TR_COMPANY_NAME required=true />
                    <Field state=state name="contact_email" error_name="contact_email" label=k::TR_CONTACT_EMAIL hint=k::TR_CONTACT_EMAIL_HINT kind="email" required=true />
                </div>
            })}
            <div class="form-grid">
                <TextArea state=state name="settlor_persons" error_name="settlor_persons" label=k::TR_SETTLOR_PERSONS hint=k::TR_SETTLOR_PERSONS_HINT />
                <TextArea state=state name="settlor_orgs" error_name="settlor_orgs" label=k::TR_SETTLOR_ORGS hint=k::TR_LINES_HINT />
            </div>
            <Field state=state name="supervisor" error_name="supervisor" label=k::TR_SUPERVISOR hint=k::TR_SUPERVISOR_HINT />
            <fieldset class="field" aria-describedby=purpose_described>
                <legend id="f-purposes">{t(k::TR_PURPOSES)}<span class="required" aria-hidden="true">" *"</span></legend>
                <p class="hint">{t(k::TR_PURPOSES_HINT)}</p>
                {purposes}
                {purpose_error.map(|e| view! { <p class="field-error" id="f-purposes-error">{e}</p> })}
            </fieldset>
            <TextArea state=state name="purpose_note" error_name="purpose_note" label=k::TR_PURPOSE_NOTE hint=k::TR_PURPOSE_NOTE_HINT />
            <div class="form-grid">
                <Field state=state name="size" error_name="size" label=k::TR_SIZE_YUAN required=true />
                <Field state=state name="signed_on" error_name="signed_on" label=k::TR_SIGNED_ON hint=k::TR_SIGNED_ON_HINT kind="date" required=true />
                <Field state=state name="start_on" error_name="start_on" label=k::TR_START_ON kind="date" required=true />
                <Field state=state name="end_on" error_name="end_on" label=k::TR_END_ON hint=k::TR_END_ON_HINT kind="date" />
            </div>
            <TextArea state=state name="beneficiaries" error_name="beneficiaries" label=k::TR_BENEFICIARIES hint=k::TR_BENEFICIARIES_HINT required=true />
            <div class="field">
                <label for="f-contract">{t(k::TR_CONTRACT)}<span class="required" aria-hidden="true">" *"</span></label>
                <p class="hint" id="f-contract-hint">{t(k::TR_CONTRACT_HINT)}</p>
                <input id="f-contract" type="file" name="file" accept="application/pdf" aria-describedby="f-contract-hint" aria-invalid=contract_error.is_some().then_some("true") />
                {contract_error.map(|e| view! { <p class="field-error" id="f-contract-error">{e}</p> })}
            </div>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" id="trust-submit">{t(k::TR_FILE_SUBMIT)}</button>
            </div>
        </form>
    }
}

/// Filing changes of trust `id`.
#[component]
pub fn ChangeForm(id: i64, on_done: Callback<()>) -> impl IntoView {
    let action = ServerAction::<FileTrustChange>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_done.run(());
        }
    });
    let state = FormState::new("tr_change", Signal::derive(move || action.value().get().and_then(|r| r.err())))
        .scoped("change");
    let kinds_error = Signal::derive(move || state.field_error("kinds"));
    let kinds = CHANGE_KINDS
        .iter()
        .map(|kind| {
            let field = format!("input[kind_{kind}]");
            let id = format!("f-change-kind-{kind}");
            let checked = !state.value(&format!("kind_{kind}"), "").is_empty();
            let for_id = id.clone();
            view! {
                <label class="check" for=for_id>
                    <input type="checkbox" id=id name=field value="on" checked=checked />
                    " "{super::label("change", kind)}
                </label>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="change-title">
            <h2 id="change-title">{t(k::TR_FILE_CHANGE)}</h2>
            <p class="hint">{t(k::TR_CHANGE_RULE)}</p>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="change-form">
                <ErrorSummary state=state labels=vec![("kinds", k::TR_CHANGE_KINDS), ("first_on", k::TR_FIRST_ON), ("last_on", k::TR_LAST_ON), ("description", k::TR_DESCRIPTION), ("new_size", k::TR_NEW_SIZE)] />
                <input type="hidden" name="id" value=id />
                <fieldset class="field">
                    <legend id=state.id("kinds")>{t(k::TR_CHANGE_KINDS)}</legend>
                    {kinds}
                    {move || kinds_error.get().map(|e| view! { <p class="field-error">{e}</p> })}
                </fieldset>
                <div class="form-grid">
                    <Field state=state name="input[first_on]" error_name="first_on" label=k::TR_FIRST_ON kind="date" required=true />
                    <Field state=state name="input[last_on]" error_name="last_on" label=k::TR_LAST_ON hint=k::TR_LAST_ON_HINT kind="date" />
                    <Field state=state name="input[new_size]" error_name="new_size" label=k::TR_NEW_SIZE hint=k::TR_NEW_SIZE_HINT />
                </div>
                <TextArea state=state name="input[description]" error_name="description" label=k::TR_DESCRIPTION required=true />
                <div class="form-actions">
                    <button type="submit" class="btn btn-secondary" id="change-submit">{t(k::TR_FILE_CHANGE)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

/// Filing a yearly report of trust `id` for one of `years`.
#[component]
pub fn ReportForm(id: i64, years: Vec<i32>, on_done: Callback<()>) -> impl IntoView {
    let action = ServerAction::<FileTrustReport>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_done.run(());
        }
    });
    let state = FormState::new("tr_report", Signal::derive(move || action.value().get().and_then(|r| r.err())))
        .scoped("report");
    let options: Vec<(String, String)> = years.iter().map(|y| (y.to_string(), y.to_string())).collect();
    let labels = vec![
        ("year", k::TR_YEAR),
        ("income", k::TR_INCOME),
        ("spending", k::TR_SPENDING),
        ("charitable", k::TR_CHARITABLE),
        ("assets", k::TR_ASSETS),
        ("note", k::TR_NOTE),
    ];
    view! {
        <section class="card" aria-labelledby="report-title">
            <h2 id="report-title">{t(k::TR_FILE_REPORT)}</h2>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="report-form">
                <ErrorSummary state=state labels=labels />
                <input type="hidden" name="id" value=id />
                <Select state=state name="input[year]" error_name="year" label=k::TR_YEAR options=options required=true />
                <div class="form-grid">
                    <Field state=state name="input[income]" error_name="income" label=k::TR_INCOME required=true />
                    <Field state=state name="input[spending]" error_name="spending" label=k::TR_SPENDING required=true />
                    <Field state=state name="input[charitable]" error_name="charitable" label=k::TR_CHARITABLE hint=k::TR_CHARITABLE_HINT required=true />
                    <Field state=state name="input[assets]" error_name="assets" label=k::TR_ASSETS required=true />
                </div>
                <TextArea state=state name="input[note]" error_name="note" label=k::TR_NOTE />
                <div class="form-actions">
                    <button type="submit" class="btn btn-secondary" id="report-submit">{t(k::TR_FILE_REPORT)}</button>
                </div>
            </ActionForm>
        </section>
    }
}
