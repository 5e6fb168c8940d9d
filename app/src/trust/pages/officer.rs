//! The officers' pages: every filing (review queue first by the filter), the
//! filing form of a trust company (which has no account here: an officer
//! files its paper filing on its behalf), and one trust with its review and,
//! on a trustee's behalf, its changes and reports.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::forms::{ChangeForm, FilingForm, ReportForm};
use super::public::{use_filter, Filters};
use super::{heads, label, rows_of, StateBadge, TrustFacts, TrustHistory};
use crate::domain::trust::State;
use crate::i18n::{k, t};
use crate::trust::api::{get_trust, get_trusts, AcceptTrust, ReturnTrust};
use crate::ui::form::{ErrorSummary, FormState, TextArea};
use crate::ui::head::PageHead;
use crate::ui::load::loaded;
use crate::ui::table::ListTable;

fn officer_statuses() -> Vec<(String, String)> {
    State::ALL
        .iter()
        .map(|s| (s.as_str().to_string(), label("state", s.as_str())))
        .chain(["late", "overdue"].iter().map(|s| (s.to_string(), label("status", s))))
        .collect()
}

#[component]
pub fn TrustsPage() -> impl IntoView {
    let filter = use_filter();
    let data = Resource::new(move || filter.get(), get_trusts);
    view! {
        <PageHead title=t(k::TR_TITLE)>
            <a class="btn btn-primary" href="/officer/trusts/new">{t(k::TR_NEW_COMPANY)}</a>
            <a class="btn btn-secondary" href="/public/trusts">{t(k::TR_PUBLIC_TITLE)}</a>
        </PageHead>
        <p class="muted">{t(k::TR_INTRO)}</p>
        {loaded(data, move |p| {
            let rows = rows_of(&p.rows, "/officer/trusts");
            view! {
                <Filters action="/officer/trusts" filter=filter.get_untracked() years=p.years.clone() statuses=officer_statuses() />
                {if p.rows.is_empty() {
                    view! { <p class="empty">{t(k::LIST_EMPTY)}</p> }.into_any()
                } else {
                    view! {
                        <ListTable id="trusts-table" caption=k::TR_TITLE heads=heads() total=p.total page=p.page per_page=p.per_page>
                            {rows}
                        </ListTable>
                    }
                    .into_any()
                }}
            }
        })}
    }
}

#[component]
pub fn NewTrustPage() -> impl IntoView {
    view! {
        <p class="breadcrumbs"><a href="/officer/trusts">{t(k::TR_TITLE)}</a></p>
        <PageHead title=t(k::TR_NEW_COMPANY) />
        <p class="hint" id="company-note">{t(k::TR_COMPANY_NOTE)}</p>
        <FilingForm action="/officer/trusts/file" company=true />
    }
}

#[component]
fn Review(id: i64, on_done: Callback<()>) -> impl IntoView {
    let accept = ServerAction::<AcceptTrust>::new();
    let give_back = ServerAction::<ReturnTrust>::new();
    Effect::new(move |_| {
        if matches!(accept.value().get(), Some(Ok(_))) || matches!(give_back.value().get(), Some(Ok(_))) {
            on_done.run(());
        }
    });
    let accept_state = FormState::new("tr_accept", Signal::derive(move || accept.value().get().and_then(|r| r.err())))
        .scoped("accept");
    let return_state =
        FormState::new("tr_return", Signal::derive(move || give_back.value().get().and_then(|r| r.err())))
            .scoped("return");
    view! {
        <section class="card" aria-labelledby="review-title">
            <h2 id="review-title">{t(k::TR_REVIEW)}</h2>
            <ActionForm action=accept attr:class="form" attr:id="accept-form">
                <ErrorSummary state=accept_state labels=vec![] />
                <input type="hidden" name="id" value=id />
                <p class="hint">{t(k::TR_ACCEPT_HINT)}</p>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" id="accept-submit">{t(k::TR_ACCEPT)}</button>
                </div>
            </ActionForm>
            <ActionForm action=give_back attr:class="form" attr:novalidate=true attr:id="return-form">
                <ErrorSummary state=return_state labels=vec![("reason", k::TR_RETURN_REASON)] />
                <input type="hidden" name="id" value=id />
                <TextArea state=return_state name="input[reason]" error_name="reason" label=k::TR_RETURN_REASON required=true />
                <div class="form-actions">
                    <button type="submit" class="btn btn-secondary" id="return-submit">{t(k::TR_RETURN)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn TrustPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(id, get_trust);
    let refresh = Callback::new(move |_| data.refetch());
    view! {
        <p class="breadcrumbs"><a href="/officer/trusts">{t(k::TR_TITLE)}</a></p>
        {loaded(data, move |d| {
            let badge = view! { <StateBadge state=d.state.clone() /> }.into_any();
            let submitted = d.state == State::Submitted.as_str();
            let accepted = d.state == State::Accepted.as_str();
            let years = d.reportable_years.clone();
            view! {
                <PageHead title=d.name.clone() id="trust-name" badge=badge>
                    {accepted.then(|| view! { <a class="btn btn-secondary" href=format!("/public/trusts/{}", d.id)>{t(k::TR_PUBLIC_PAGE)}</a> })}
                </PageHead>
                <TrustFacts d=d.clone() contract_href=format!("/files/trusts/{}/contract", d.id) />
                <div class="cards">
                    {submitted.then(|| view! { <Review id=d.id on_done=refresh /> })}
                    {accepted.then(|| view! { <ChangeForm id=d.id on_done=refresh /> })}
                    {(accepted && !years.is_empty()).then(|| view! { <ReportForm id=d.id years=years.clone() on_done=refresh /> })}
                </div>
                <TrustHistory d=d.clone() />
            }
        })}
    }
}
