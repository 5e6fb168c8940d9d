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
use crate::ui::table::{filter_options, page_param, ExportCsv, FilterSearch, FilterSelect, FilterSubmit, ListTable};

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

#[component]
fn Filters(filter: AnomalyFilter) -> impl IntoView {
    let lang = use_lang();
    let en = lang == Lang::En;
    let kinds = filter_options(&filter.kind, KINDS.iter().map(|c| (*c, lookup(lang, &format!("trade_kind_{c}")))));
    let anomalies = filter_options(&filter.anomaly, ANOMALIES.iter().map(|a| (*a, lookup(lang, a))));
    let sectors = filter_options(
        &filter.sector,
        SECTORS.iter().map(|(c, zh, e)| (*c, format!("{c} {}", if en { e } else { zh }))),
    );
    view! {
        <Form method="GET" action="/officer/trade" attr:class="table-tools" attr:role="search">
            <FilterSearch label=k::FILTER_Q value=filter.q.clone() />
            <FilterSelect id="filter-kind" name="kind" label=k::TRADE_KIND>{kinds}</FilterSelect>
            <FilterSelect id="filter-anomaly" name="anomaly" label=k::TRADE_ANOMALIES>{anomalies}</FilterSelect>
            <FilterSelect id="filter-sector" name="sector" label=k::FIELD_TRADE_SECTOR>{sectors}</FilterSelect>
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
