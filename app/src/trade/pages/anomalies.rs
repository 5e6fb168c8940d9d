//! `/officer/trade`: every trade association's anomalies, filtered, paged,
//! and as CSV.

use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::domain::trade::{ANOMALIES, KINDS, SECTORS};
use crate::i18n::{k, lookup, t, use_lang, Lang};
use crate::trade::api::get_trade_anomalies;
use crate::trade::types::{AnomalyFilter, AnomalyPage};
use crate::ui::head::PageHead;
use crate::ui::load::loaded;
use crate::ui::table::{page_param, ExportCsv, FilterSubmit, ListTable};

fn use_filter() -> Memo<AnomalyFilter> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| AnomalyFilter {
            q: q.get("q").unwrap_or_default(),
            kind: q.get("kind").unwrap_or_default(),
            anomaly: q.get("anomaly").unwrap_or_default(),
            sector: q.get("sector").unwrap_or_default(),
            page: page_param(q),
        })
    })
}

fn options(current: &str, items: Vec<(String, String)>) -> impl IntoView {
    items
        .into_iter()
        .map(|(v, l)| {
            let selected = current == v;
            view! { <option value=v selected=selected>{l}</option> }
        })
        .collect_view()
}

#[component]
fn Filters(filter: AnomalyFilter) -> impl IntoView {
    let lang = use_lang();
    let en = lang == Lang::En;
    let kinds = options(
        &filter.kind,
        KINDS.iter().map(|c| (c.to_string(), lookup(lang, &format!("trade_kind_{c}")))).collect(),
    );
    let anomalies = options(&filter.anomaly, ANOMALIES.iter().map(|a| (a.to_string(), lookup(lang, a))).collect());
    let sectors = options(
        &filter.sector,
        SECTORS.iter().map(|(c, zh, e)| (c.to_string(), format!("{c} {}", if en { e } else { zh }))).collect(),
    );
    view! {
        <Form method="GET" action="/officer/trade" attr:class="table-tools" attr:role="search">
            <div class="field">
                <label for="filter-q">{t(k::FILTER_Q)}</label>
                <input id="filter-q" type="search" name="q" value=filter.q.clone() />
            </div>
            <div class="field">
                <label for="filter-kind">{t(k::TRADE_KIND)}</label>
                <select id="filter-kind" name="kind"><option value="">{t(k::FILTER_ALL)}</option>{kinds}</select>
            </div>
            <div class="field">
                <label for="filter-anomaly">{t(k::TRADE_ANOMALIES)}</label>
                <select id="filter-anomaly" name="anomaly"><option value="">{t(k::FILTER_ALL)}</option>{anomalies}</select>
            </div>
            <div class="field">
                <label for="filter-sector">{t(k::FIELD_TRADE_SECTOR)}</label>
                <select id="filter-sector" name="sector"><option value="">{t(k::FILTER_ALL)}</option>{sectors}</select>
            </div>
            <FilterSubmit />
        </Form>
    }
}

#[component]
fn AnomalyTable(page: AnomalyPage) -> impl IntoView {
    if page.rows.is_empty() {
        return view! { <p class="empty">{t(k::LIST_EMPTY)}</p> }.into_any();
    }
    let lang = use_lang();
    let en = lang == Lang::En;
    let rows = page
        .rows
        .iter()
        .map(|r| {
            let anomalies = r
                .anomalies
                .iter()
                .map(|a| view! { <li><span class="badge badge-warning">{lookup(lang, a)}</span></li> })
                .collect_view();
            view! {
                <tr>
                    <td><a href=format!("/officer/orgs/{}/trade", r.org_id)>{r.org_name.clone()}</a></td>
                    <td>{crate::domain::trade::sector_name(&r.sector, en)}</td>
                    <td>{lookup(lang, &format!("trade_kind_{}", r.kind))}</td>
                    <td>{r.record.clone()}</td>
                    <td>{r.when.clone()}</td>
                    <td><ul class="plain anomalies">{anomalies}</ul></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <ListTable id="trade-anomalies" caption=k::TRADE_ANOMALIES_TITLE heads=vec![k::TRADE_ORG, k::FIELD_TRADE_SECTOR, k::TRADE_KIND, k::TRADE_RECORD, k::TRADE_WHEN, k::TRADE_ANOMALIES] total=page.total page=page.page per_page=page.per_page>{rows}</ListTable>
    }
    .into_any()
}

#[component]
pub fn AnomaliesPage() -> impl IntoView {
    let filter = use_filter();
    let data = Resource::new(move || filter.get(), get_trade_anomalies);
    view! {
        <PageHead title=t(k::TRADE_ANOMALIES_TITLE)>
            <ExportCsv path="/officer/trade/export.csv" file="trade-anomalies.csv" />
            <a class="btn btn-secondary" href="/officer/orgs?trade=yes">{t(k::TRADE_REGISTER_LINK)}</a>
        </PageHead>
        <p class="muted">{t(k::TRADE_ANOMALIES_INTRO)}</p>
        {move || view! { <Filters filter=filter.get() /> }}
        {loaded(data, |page| view! { <AnomalyTable page=page /> })}
    }
}
