//! The portal of a charity: its trusts (as trustee), the filing form, and
//! one trust with the forms of a change and a yearly report.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::forms::{ChangeForm, FilingForm, ReportForm};
use super::{heads, rows_of, StateBadge, TrustFacts, TrustHistory};
use crate::domain::trust::State;
use crate::i18n::{k, t};
use crate::trust::api::{get_my_trust, get_my_trusts};
use crate::ui::head::PageHead;
use crate::ui::load::loaded;
use crate::ui::table::ListTable;

#[component]
pub fn MyTrustsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_my_trusts());
    view! {
        {loaded(data, |p| {
            let rows = rows_of(&p.rows, "/portal/trusts");
            let total = p.rows.len() as u64;
            view! {
                <PageHead title=t(k::TR_PORTAL_TITLE)>
                    {p.may_file.then(|| view! { <a class="btn btn-primary" href="/portal/trusts/new" id="new-trust">{t(k::TR_NEW)}</a> })}
                </PageHead>
                <p class="muted">{t(k::TR_PORTAL_INTRO)}</p>
                {(!p.may_file).then(|| view! { <p class="flash flash-info" role="note" id="not-charity">{t(k::TR_ERR_NOT_CHARITY)}</p> })}
                {if p.rows.is_empty() {
                    view! { <p class="empty">{t(k::TR_NONE_YET)}</p> }.into_any()
                } else {
                    view! {
                        <ListTable id="trusts-table" caption=k::TR_PORTAL_TITLE heads=heads() total=total page=0 per_page=total.max(1) no_count=true>
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
pub fn MyNewTrustPage() -> impl IntoView {
    view! {
        <p class="breadcrumbs"><a href="/portal/trusts">{t(k::TR_PORTAL_TITLE)}</a></p>
        <PageHead title=t(k::TR_NEW) />
        <p class="hint">{t(k::TR_NEW_INTRO)}</p>
        <FilingForm action="/portal/trusts/file" company=false />
    }
}

#[component]
pub fn MyTrustPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(id, get_my_trust);
    let refresh = Callback::new(move |_| data.refetch());
    view! {
        <p class="breadcrumbs"><a href="/portal/trusts">{t(k::TR_PORTAL_TITLE)}</a></p>
        {loaded(data, move |d| {
            let badge = view! { <StateBadge state=d.state.clone() /> }.into_any();
            let accepted = d.state == State::Accepted.as_str();
            let returned = d.state == State::Returned.as_str();
            let years = d.reportable_years.clone();
            view! {
                <PageHead title=d.name.clone() id="trust-name" badge=badge />
                {returned.then(|| view! { <p class="flash flash-error" role="note">{t(k::TR_RETURNED_NOTE)}" "<a href="/portal/trusts/new">{t(k::TR_NEW)}</a></p> })}
                <TrustFacts d=d.clone() contract_href=format!("/files/trusts/{}/contract", d.id) />
                <div class="cards">
                    {accepted.then(|| view! { <ChangeForm id=d.id on_done=refresh /> })}
                    {(accepted && !years.is_empty()).then(|| view! { <ReportForm id=d.id years=years.clone() on_done=refresh /> })}
                </div>
                <TrustHistory d=d.clone() />
            }
        })}
    }
}
