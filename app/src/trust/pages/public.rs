//! The public list of charitable trusts on record (search by name, trustee
//! or filing number; by year of filing and status; CSV) and a trust's page:
//! its filing, changes and yearly reports, without natural persons' names
//! and without the contract.

use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{heads, rows_of, StateBadge, TrustFacts, TrustHistory};
use crate::i18n::{k, t};
use crate::trust::api::{get_public_trust, get_public_trusts};
use crate::trust::types::TrustFilter;
use crate::ui::head::PageHead;
use crate::ui::load::loaded;
use crate::ui::table::{filter_options, page_param, ExportCsv, FilterSearch, FilterSelect, FilterSubmit, ListTable};

/// The filter of a list page from its query string.
pub(super) fn use_filter() -> Memo<TrustFilter> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| TrustFilter {
            q: q.get("q").unwrap_or_default(),
            year: q.get("year").unwrap_or_default(),
            status: q.get("status").unwrap_or_default(),
            page: page_param(q),
        })
    })
}

/// The search form of a list: text, year of filing, status (`statuses` as
/// (value, label)).
#[component]
pub(super) fn Filters(
    action: &'static str,
    filter: TrustFilter,
    years: Vec<i32>,
    statuses: Vec<(String, String)>,
) -> impl IntoView {
    let years = years.into_iter().map(|y| (y.to_string(), y));
    view! {
        <Form method="GET" action=action attr:class="table-tools" attr:role="search">
            <FilterSearch id="trusts-q" label=k::TR_SEARCH value=filter.q.clone() />
            <FilterSelect id="trusts-year" name="year" label=k::TR_FILTER_YEAR>{filter_options(&filter.year, years)}</FilterSelect>
            <FilterSelect id="trusts-status" name="status" label=k::TR_STATE>{filter_options(&filter.status, statuses)}</FilterSelect>
            <FilterSubmit />
        </Form>
    }
}

fn public_statuses() -> Vec<(String, String)> {
    ["in_force", "ended", "overdue"].iter().map(|s| (s.to_string(), super::label("status", s))).collect()
}

#[component]
pub fn PublicTrustsPage() -> impl IntoView {
    let filter = use_filter();
    let data = Resource::new(move || filter.get(), get_public_trusts);
    view! {
        <PageHead title=t(k::TR_PUBLIC_TITLE)>
            <ExportCsv path="/public/trusts/export.csv" file="charitable-trusts.csv" />
        </PageHead>
        <p class="muted">{t(k::TR_PUBLIC_INTRO)}</p>
        {loaded(data, move |p| {
            let rows = rows_of(&p.rows, "/public/trusts");
            view! {
                <Filters action="/public/trusts" filter=filter.get_untracked() years=p.years.clone() statuses=public_statuses() />
                {if p.rows.is_empty() {
                    view! { <p class="empty">{t(k::LIST_EMPTY)}</p> }.into_any()
                } else {
                    view! {
                        <ListTable id="trusts-table" caption=k::TR_PUBLIC_TITLE heads=heads() total=p.total page=p.page per_page=p.per_page>
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
pub fn PublicTrustPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(id, get_public_trust);
    view! {
        <p class="breadcrumbs"><a href="/public/trusts">{t(k::TR_PUBLIC_TITLE)}</a></p>
        {loaded(data, |d| {
            let badge = view! { <StateBadge state=d.state.clone() /> }.into_any();
            view! {
                <PageHead title=d.name.clone() id="trust-name" badge=badge />
                <TrustFacts d=d.clone() />
                <TrustHistory d=d.clone() />
            }
        })}
    }
}
