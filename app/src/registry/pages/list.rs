use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use super::{loaded, type_label, StatusBadge};
use crate::domain::{org_status::OrgStatus, org_type::OrgType};
use crate::i18n::{k, lookup, t, use_lang};
use crate::registry::api::{get_choices, list_orgs, public_orgs};
use crate::registry::types::{OrgFilter, OrgPage};
use crate::ui::head::PageHead;
use crate::ui::table::{filter_options, ExportCsv, FilterSelect, FilterSubmit, ListTable};

/// The list filter from the query string (`page` is 1-based in URLs).
fn use_filter() -> Memo<OrgFilter> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| {
            let get = |key: &str| q.get(key).unwrap_or_default();
            OrgFilter {
                q: get("q"),
                org_type: get("org_type"),
                district: get("district"),
                status: get("status"),
                supervisory: get("supervisory"),
                trade: get("trade"),
                sort: get("sort"),
                page: crate::ui::table::page_param(q),
            }
        })
    })
}

/// Search box and filters, a plain GET form (works without JavaScript).
#[component]
fn Filters(filter: OrgFilter, action: &'static str, staff: bool) -> impl IntoView {
    let lang = use_lang();
    let choices = Resource::new(|| (), |_| get_choices());
    let types = filter_options(&filter.org_type, OrgType::ALL.map(|ty| (ty.as_str(), lookup(lang, ty.label_key()))));
    let statuses = filter_options(&filter.status, OrgStatus::ALL.map(|st| (st.as_str(), lookup(lang, st.label_key()))));
    let sorts = filter_options(
        &filter.sort,
        [
            ("", k::SORT_LATEST),
            ("new", k::SORT_NEW),
            ("old", k::SORT_OLD),
            ("name", k::SORT_NAME),
            ("code", k::SORT_CODE),
        ]
        .map(|(v, key)| (v, t(key))),
    );
    let district = filter.district.clone();
    let trades = std::iter::once(("yes".to_string(), t(k::TRADE_FILTER_ALL).to_string()))
        .chain(super::sector_options(lang).into_iter().skip(1))
        .map(|(v, l)| {
            let selected = filter.trade.eq_ignore_ascii_case(&v);
            view! { <option value=v selected=selected>{l}</option> }
        })
        .collect_view();
    view! {
        <Form method="GET" action=action attr:class="table-tools" attr:role="search">
            <div class="field">
                <label for="filter-q">{t(k::FILTER_Q)}</label>
                <input id="filter-q" type="search" name="q" value=filter.q.clone() placeholder=t(k::FILTER_Q_PLACEHOLDER) />
            </div>
            <FilterSelect id="filter-type" name="org_type" label=k::FIELD_ORG_TYPE>{types}</FilterSelect>
            <div class="field">
                <label for="filter-district">{t(k::FIELD_DISTRICT)}</label>
                <select id="filter-district" name="district">
                    <option value="">{t(k::FILTER_ALL)}</option>
                    <Suspense fallback=|| ()>
                        {move || {
                            let district = district.clone();
                            choices.get().and_then(|r| r.ok()).map(|c| {
                                c.districts
                                    .into_iter()
                                    .map(|d| {
                                        let selected = d == district;
                                        view! { <option value=d.clone() selected=selected>{crate::domain::seeded::shown(&d)}</option> }
                                    })
                                    .collect_view()
                            })
                        }}
                    </Suspense>
                </select>
            </div>
            <FilterSelect id="filter-status" name="status" label=k::FIELD_STATUS>{statuses}</FilterSelect>
            {staff.then(|| view! {
                <div class="field">
                    <label for="filter-supervisory">{t(k::FIELD_SUPERVISORY_UNIT)}</label>
                    <input id="filter-supervisory" name="supervisory" value=filter.supervisory.clone() placeholder=t(k::FILTER_SUPERVISORY_HINT) />
                </div>
            })}
            <FilterSelect id="filter-trade" name="trade" label=k::FIELD_TRADE_SECTOR>{trades}</FilterSelect>
            <div class="field">
                <label for="filter-sort">{t(k::FILTER_SORT)}</label>
                <select id="filter-sort" name="sort">{sorts}</select>
            </div>
            <FilterSubmit />
        </Form>
    }
}

#[component]
fn OrgTable(page: OrgPage, link: &'static str, staff: bool) -> impl IntoView {
    if page.rows.is_empty() {
        return view! { <p class="empty">{t(k::LIST_EMPTY)}</p> }.into_any();
    }
    let rows = page
        .rows
        .into_iter()
        .map(|r| {
            let href = format!("{link}/{}", r.id);
            let unit = r.supervisory_unit.clone().unwrap_or_else(|| t(k::DIRECT_REGISTRATION).to_string());
            view! {
                <tr>
                    <td><a href=href>{r.name.clone()}</a></td>
                    <td class="mono">{r.credit_code.clone()}</td>
                    <td>{type_label(&r.org_type)}{r.trade_sector.clone().map(|s| view! { <br /><span class="badge">{t(k::TRADE_ASSOCIATION)}" "{s}</span> })}</td>
                    <td>{crate::domain::seeded::shown(&r.district)}</td>
                    <td>{r.legal_rep.clone()}</td>
                    {staff.then(|| view! { <td>{unit}</td> })}
                    <td>{r.registration_date.clone()}</td>
                    <td><StatusBadge status=r.status.clone() /></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <ListTable id="org-table" caption=k::LIST_CAPTION heads={[Some(k::FIELD_NAME), Some(k::FIELD_CREDIT_CODE), Some(k::FIELD_ORG_TYPE), Some(k::FIELD_DISTRICT), Some(k::FIELD_LEGAL_REP), staff.then_some(k::FIELD_SUPERVISORY_UNIT), Some(k::FIELD_REGISTRATION_DATE), Some(k::FIELD_STATUS)].into_iter().flatten().collect::<Vec<_>>()} total=page.total page=page.page per_page=page.per_page>{rows}</ListTable>
    }
    .into_any()
}

#[component]
pub fn OfficerOrgList() -> impl IntoView {
    let filter = use_filter();
    let data = Resource::new(move || filter.get(), list_orgs);
    view! {
        <PageHead title=t(k::REGISTRY_TITLE)>
            <a class="btn btn-primary" href="/officer/orgs/new">{t(k::NAV_REGISTER)}</a>
            <ExportCsv path="/officer/orgs/export.csv" file="organizations.csv" />
            <a class="btn btn-secondary" href="/officer/import">{t(k::NAV_IMPORT)}</a>
        </PageHead>
        {move || view! { <Filters filter=filter.get() action="/officer/orgs" staff=true /> }}
        {loaded(data, |page| view! { <OrgTable page=page link="/officer/orgs" staff=true /> })}
    }
}

#[component]
pub fn PublicOrgList() -> impl IntoView {
    let filter = use_filter();
    let data = Resource::new(move || filter.get(), public_orgs);
    view! {
        <PageHead title=t(k::PUBLIC_SEARCH_TITLE)>
            <ExportCsv path="/public/orgs/export.csv" file="organizations-public.csv" />
        </PageHead>
        <p class="muted">{t(k::PUBLIC_SEARCH_INTRO)}</p>
        {move || view! { <Filters filter=filter.get() action="/public/orgs" staff=false /> }}
        {loaded(data, |page| view! { <OrgTable page=page link="/public/orgs" staff=false /> })}
    }
}

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <section class="hero">
            <h1>{t(k::HOME_TITLE)}</h1>
            <p>{t(k::HOME_INTRO)}</p>
            <Form method="GET" action="/public/orgs" attr:role="search">
                <label for="home-q" class="visually-hidden">{t(k::FILTER_Q)}</label>
                <input id="home-q" type="search" name="q" placeholder=t(k::FILTER_Q_PLACEHOLDER) />
                <button type="submit" class="btn btn-primary">{t(k::FILTER_SUBMIT)}</button>
            </Form>
        </section>
        <section class="cards">
            <a class="card" href="/public/orgs"><h2>{t(k::NAV_PUBLIC_SEARCH)}</h2><p>{t(k::HOME_CARD_SEARCH)}</p></a>
            <a class="card" href="/public/orgs?status=revoked"><h2>{t(k::HOME_CARD_REVOKED_TITLE)}</h2><p>{t(k::HOME_CARD_REVOKED)}</p></a>
            <a class="card" href="/public/warnings"><h2>{t(k::ILL_NAV_PUBLIC)}</h2><p>{t(k::HOME_CARD_WARNINGS)}</p></a>
            <a class="card" href="/login"><h2>{t(k::HOME_CARD_STAFF_TITLE)}</h2><p>{t(k::HOME_CARD_STAFF)}</p></a>
        </section>
    }
}
