//! Public pages (阳光慈善): the list of charities with search, the detail with
//! qualification, plans, charts and the timeline, and the transparency ranking.

use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{CharityFacts, DuesTable, PlanCard, PlanCharts, QualificationBadge, Timeline};
use crate::charity::api::{get_charities, get_charity, get_ranking};
use crate::charity::types::{CharityFilter, CharityList};
use crate::i18n::{k, t};
use crate::ui::head::PageHead;
use crate::ui::load::loaded;
use crate::ui::table::{page_param, ExportCsv, FilterSubmit, ListTable};

pub fn use_charity_filter() -> Memo<CharityFilter> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| CharityFilter {
            q: q.get("q").unwrap_or_default(),
            qualified: q.get("qualified").unwrap_or_default(),
            page: page_param(q),
        })
    })
}

/// The search form of the charity lists.
#[component]
pub fn CharityFilters(filter: CharityFilter, action: &'static str) -> impl IntoView {
    let qualified = filter.qualified.clone();
    let opt = move |v: &'static str, key| {
        let selected = qualified == v;
        view! { <option value=v selected=selected>{t(key)}</option> }
    };
    view! {
        <Form method="GET" action=action attr:class="table-tools" attr:role="search">
            <div class="field">
                <label for="filter-q">{t(k::CH_SEARCH)}</label>
                <p class="hint" id="filter-q-hint">{t(k::CH_SEARCH_HINT)}</p>
                <input id="filter-q" type="search" name="q" value=filter.q.clone() aria-describedby="filter-q-hint" />
            </div>
            <div class="field">
                <label for="filter-qualified">{t(k::CH_QUALIFICATION)}</label>
                <select id="filter-qualified" name="qualified">
                    {opt("", k::FILTER_ALL)}
                    {opt("yes", k::CH_QUALIFIED)}
                    {opt("no", k::CH_NOT_QUALIFIED)}
                </select>
            </div>
            <FilterSubmit />
        </Form>
    }
}

/// The table of charities; `officer` adds the risk grade and links to the officers' page.
#[component]
pub fn CharityTable(page: CharityList, officer: bool) -> impl IntoView {
    if page.rows.is_empty() {
        return view! { <p class="empty">{t(k::LIST_EMPTY)}</p> }.into_any();
    }
    let rows = page
        .rows
        .iter()
        .map(|r| {
            let href = if officer { format!("/officer/charity/{}", r.org_id) } else { format!("/public/charity/{}", r.org_id) };
            view! {
                <tr>
                    <td><a href=href>{r.name.clone()}</a></td>
                    <td class="mono">{r.credit_code.clone()}</td>
                    <td>{r.recognized_on.clone()}</td>
                    <td><QualificationBadge qualified=r.qualified /></td>
                    <td class="num">{r.plans}</td>
                    <td class="num">{r.transparency.map(|i| i.to_string()).unwrap_or_else(|| "—".into())}</td>
                    {officer.then(|| view! { <td><span class=format!("badge risk risk-{}", r.risk)>{super::label("risk", &r.risk.to_string())}</span></td> })}
                </tr>
            }
        })
        .collect_view();
    view! {
        <ListTable id="charity-table" caption=k::CH_LIST_TITLE heads={[Some(k::FIELD_NAME), Some(k::FIELD_CREDIT_CODE), Some(k::CH_RECOGNIZED_ON), Some(k::CH_QUALIFICATION), Some(k::CH_PLANS), Some(k::CH_TRANSPARENCY), officer.then_some(k::CH_RISK)].into_iter().flatten().collect::<Vec<_>>()} total=page.total page=page.page per_page=page.per_page>{rows}</ListTable>
    }
    .into_any()
}

/// 阳光慈善: every recognized charity, searchable by name, credit code, filing
/// number, purpose and platform; CSV export.
#[component]
pub fn PublicCharityList() -> impl IntoView {
    let filter = use_charity_filter();
    let data = Resource::new(move || filter.get(), get_charities);
    view! {
        <PageHead title=t(k::CH_PUBLIC_TITLE)>
            <a class="btn btn-secondary" href="/public/charity/ranking">{t(k::CH_RANKING)}</a>
            <ExportCsv path="/public/charity/export.csv" file="charities.csv" />
        </PageHead>
        <p class="hint">{t(k::CH_PUBLIC_INTRO)}</p>
        <CharityFilters filter=filter.get_untracked() action="/public/charity" />
        {loaded(data, |page| view! { <CharityTable page=page officer=false /> })}
    }
}

/// A charity: qualification, transparency, charts, plans with their history
/// and disclosures, the disclosures owed, and the timeline.
#[component]
pub fn PublicCharityPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(id, get_charity);
    view! {
        <p class="breadcrumbs"><a href="/public/charity">{t(k::CH_PUBLIC_TITLE)}</a></p>
        {loaded(data, |d| {
            let plans = d.plans.clone();
            view! {
                <h1 class="page-title" id="charity-name">{d.name.clone()}</h1>
                <CharityFacts d=d.clone() />
                <PlanCharts plans=plans.clone() />
                <section aria-labelledby="plans-title">
                    <h2 id="plans-title">{t(k::CH_PLANS)}</h2>
                    {if plans.is_empty() { Some(view! { <p class="empty">{t(k::CH_NO_PLANS)}</p> }) } else { None }}
                    {plans.into_iter().map(|p| view! { <PlanCard p=p /> }).collect_view()}
                </section>
                <section aria-labelledby="dues-title">
                    <h2 id="dues-title">{t(k::CH_DUES)}</h2>
                    <DuesTable dues=d.dues.clone() />
                </section>
                <section aria-labelledby="timeline-title">
                    <h2 id="timeline-title">{t(k::CH_TIMELINE)}</h2>
                    <Timeline items=d.timeline.clone() />
                </section>
            }
        })}
    }
}

/// The transparency ranking, with the formula.
#[component]
pub fn RankingPage() -> impl IntoView {
    let query = use_query_map();
    let page = Memo::new(move |_| query.with(page_param));
    let data = Resource::new(move || page.get(), get_ranking);
    view! {
        <p class="breadcrumbs"><a href="/public/charity">{t(k::CH_PUBLIC_TITLE)}</a></p>
        <PageHead title=t(k::CH_RANKING)>
            <a class="btn btn-secondary" href="/public/charity/ranking/export.csv" rel="external" download="charity-ranking.csv" id="export-csv">{t(k::EXPORT_CSV)}</a>
        </PageHead>
        <section class="card" id="formula">
            <h2>{t(k::CH_FORMULA_TITLE)}</h2>
            <p class="formula">{t(k::CH_FORMULA)}</p>
            <p class="hint">{t(k::CH_FORMULA_TERMS)}</p>
        </section>
        {loaded(data, |p| {
            if p.rows.is_empty() {
                return view! { <p class="empty">{t(k::LIST_EMPTY)}</p> }.into_any();
            }
            let rows = p
                .rows
                .iter()
                .map(|r| {
                    view! {
                        <tr>
                            <td class="num">{r.rank}</td>
                            <td><a href=format!("/public/charity/{}", r.org_id)>{r.name.clone()}</a></td>
                            <td class="num"><strong>{r.index}</strong></td>
                            <td class="num">{r.due}</td>
                            <td class="num">{r.made}</td>
                            <td class="num">{r.on_time}</td>
                            <td class="num">{r.complete}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <ListTable id="ranking-table" caption=k::CH_RANKING heads=vec![k::CH_RANK, k::FIELD_NAME, k::CH_TRANSPARENCY, k::CH_N_DUE, k::CH_N_MADE, k::CH_N_ON_TIME, k::CH_N_COMPLETE] total=p.total page=p.page per_page=p.per_page>{rows}</ListTable>
            }
            .into_any()
        })}
    }
}
