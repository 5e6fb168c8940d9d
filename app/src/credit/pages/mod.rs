//! Pages of credit supervision: the public lists and announcements, the
//! officers' lists, an organization's credit record with its forms, repair
//! decisions, zombie cases with bulk steps, scores and KPIs; and the
//! organization's own credit page in the portal.
//!
//! Here: the lists (public and officers') and what the pages share; `public`
//! the announcements and an organization's public status; `record` an
//! organization's record with the officers' forms; `repairs`, `zombies`,
//! `kpis` (scores and KPIs) and `portal` the organization's own page.

mod kpis;
mod portal;
mod public;
mod record;
mod repairs;
mod zombies;

pub use kpis::{CreditKpiPage, ScoresPage};
pub use portal::PortalCreditPage;
pub use public::{AnnouncementsPage, PublicCreditStatus};
pub use record::OrgCreditPage;
pub use repairs::RepairsPage;
pub use zombies::ZombiesPage;

use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::*;
use super::types::*;
use crate::domain::credit::{officer_reasons, REASONS};
use crate::domain::money;
use crate::i18n::{k, lookup, t, tf, use_lang};
use crate::ui::chart::{percent, Bar, TargetBars};
use crate::ui::form::{ErrorSummary, Field, FormState, Select, TextArea};
use crate::ui::head::PageHead;
use crate::ui::load::loaded;
use crate::ui::table::{
    filter_options, page_param, ExportCsv, FilterSearch, FilterSelect, FilterSubmit, ListTable, Pagination, ResultCount,
};

pub(super) fn list_label(list: &str) -> String {
    lookup(use_lang(), &format!("cr_list_{list}"))
}

pub(super) fn reason_label(reason: &str) -> String {
    lookup(use_lang(), &format!("cr_reason_{reason}"))
}

pub(super) fn zombie_status(status: &str) -> String {
    lookup(use_lang(), &format!("zb_status_{status}"))
}

pub(super) fn use_entry_filter() -> Memo<EntryFilter> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| {
            let get = |key: &str| q.get(key).unwrap_or_default();
            EntryFilter {
                list: get("list"),
                q: get("q"),
                reason: get("reason"),
                state: get("state"),
                page: page_param(q),
            }
        })
    })
}

#[component]
pub(super) fn EntryFilters(filter: EntryFilter, action: &'static str, staff: bool) -> impl IntoView {
    let lists = filter_options(&filter.list, ["abnormal", "serious"].map(|l| (l, list_label(l))));
    let reasons = filter_options(&filter.reason, REASONS.iter().map(|(r, ..)| (*r, reason_label(r))));
    let states = filter_options(
        &filter.state,
        [("", k::CR_STATE_OPEN), ("removed", k::CR_STATE_REMOVED), ("all", k::FILTER_ALL)].map(|(v, key)| (v, t(key))),
    );
    view! {
        <Form method="GET" action=action attr:class="table-tools" attr:role="search">
            <FilterSearch label=k::FILTER_Q value=filter.q.clone() />
            <FilterSelect id="filter-list" name="list" label=k::CR_LIST>{lists}</FilterSelect>
            <FilterSelect id="filter-reason" name="reason" label=k::CR_REASON>{reasons}</FilterSelect>
            {staff.then(|| view! {
                <div class="field">
                    <label for="filter-state">{t(k::CR_STATE)}</label>
                    <select id="filter-state" name="state">{states}</select>
                </div>
            })}
            <FilterSubmit />
        </Form>
    }
}

#[component]
pub(super) fn EntryTable(page: EntryPage, link: &'static str) -> impl IntoView {
    if page.rows.is_empty() {
        return view! { <p class="empty">{t(k::LIST_EMPTY)}</p> }.into_any();
    }
    let rows = page
        .rows
        .iter()
        .map(|e| {
            view! {
                <tr>
                    <td><a href=format!("{link}/{}", e.org_id)>{e.org_name.clone()}</a></td>
                    <td class="mono">{e.credit_code.clone()}</td>
                    <td>{list_label(&e.list)}</td>
                    <td>{reason_label(&e.reason)}<br /><span class="hint">{e.basis.clone()}</span></td>
                    <td>{e.listed_on.clone()}</td>
                    <td>{e.deciding_office.clone()}</td>
                    <td>{e.removed_on.clone().unwrap_or_default()}" "{e.removal_reason.as_deref().map(|r| lookup(use_lang(), &format!("cr_removal_{r}"))).unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <ListTable id="credit-table" heads=vec![k::FIELD_NAME, k::FIELD_CREDIT_CODE, k::CR_LIST, k::CR_REASON, k::CR_LISTED_ON, k::CR_OFFICE, k::CR_REMOVED_ON] total=page.total page=page.page per_page=page.per_page>{rows}</ListTable>
    }
    .into_any()
}

/// The public lists (活动异常名录 and 严重违法失信名单).
#[component]
pub fn PublicCreditPage() -> impl IntoView {
    let filter = use_entry_filter();
    let data = Resource::new(move || filter.get(), get_public_entries);
    view! {
        <PageHead title=t(k::CR_PUBLIC_TITLE)>
            <ExportCsv path="/public/credit/export.csv" file="credit-lists.csv" />
            <a class="btn btn-secondary" href="/public/announcements">{t(k::ZB_ANNOUNCEMENTS)}</a>
        </PageHead>
        <p class="muted">{t(k::CR_PUBLIC_INTRO)}</p>
        {move || view! { <EntryFilters filter=filter.get() action="/public/credit" staff=false /> }}
        {loaded(data, |page| view! { <EntryTable page=page link="/public/orgs" /> })}
    }
}

/// The officers' view of the lists.
#[component]
pub fn OfficerCreditPage() -> impl IntoView {
    let filter = use_entry_filter();
    let data = Resource::new(move || filter.get(), get_public_entries);
    view! {
        <PageHead title=t(k::CR_TITLE)>
            <ExportCsv path="/officer/credit/export.csv" file="credit-lists.csv" />
            <a class="btn btn-secondary" href="/officer/credit/repairs">{t(k::CR_REPAIRS_TITLE)}</a>
            <a class="btn btn-secondary" href="/officer/credit/scores">{t(k::CR_SCORES_TITLE)}</a>
            <a class="btn btn-secondary" href="/officer/zombies">{t(k::ZB_TITLE)}</a>
            <a class="btn btn-secondary" href="/officer/credit/kpis">{t(k::CR_KPI_TITLE)}</a>
        </PageHead>
        {move || view! { <EntryFilters filter=filter.get() action="/officer/credit" staff=true /> }}
        {loaded(data, |page| view! { <EntryTable page=page link="/officer/credit/orgs" /> })}
    }
}
