//! Officers' lists of a year's gradings (with publishing) and of inspections,
//! and the KPI page.

use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use super::detail::InspectionCard;
use super::outlets::LotteryNav;
use super::{SalesChart, StarGrade};
use crate::domain::lottery::Grade;
use crate::i18n::{k, lookup, t, tf, use_lang};
use crate::lottery::api::{get_gradings, get_inspections, get_lottery_kpi, PublishGradings};
use crate::lottery::types::{GradingFilter, GradingPage as GradingData, InspectionFilter, KpiView};
use crate::ui::chart::{percent, Bar, TargetBars};
use crate::ui::form::FormState;
use crate::ui::head::PageHead;
use crate::ui::load::loaded;
use crate::ui::table::{
    filter_options, page_param, ExportCsv, FilterSearch, FilterSelect, FilterSubmit, ListTable, Pagination, ResultCount,
};

#[component]
fn PublishForm(year: i32, unpublished: u64, on_done: Callback<()>) -> impl IntoView {
    let action = ServerAction::<PublishGradings>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_done.run(());
        }
    });
    let state = FormState::new("lot_publish", Signal::derive(move || action.value().get().and_then(|r| r.err())));
    view! {
        <ActionForm action=action attr:class="form card" attr:id="publish-form">
            {move || state.summary().map(|s| view! { <div class="error-summary" role="alert"><h2>{s}</h2></div> })}
            <input type="hidden" name="input[year]" value=year />
            <p>{tf(k::LOT_UNPUBLISHED_COUNT, &[("n", unpublished.to_string()), ("year", year.to_string())])}</p>
            <button type="submit" class="btn btn-primary" id="publish-submit" disabled=unpublished == 0>{t(k::LOT_PUBLISH)}</button>
        </ActionForm>
    }
}

#[component]
fn GradingTable(page: GradingData) -> impl IntoView {
    if page.rows.is_empty() {
        return view! { <p class="empty">{t(k::LIST_EMPTY)}</p> }.into_any();
    }
    let rows = page
        .rows
        .iter()
        .map(|g| {
            view! {
                <tr>
                    <td class="mono">{g.outlet_no.clone()}</td>
                    <td><a href=format!("/officer/lottery/outlets/{}", g.outlet_id)>{g.outlet_name.clone()}</a></td>
                    <td>{crate::domain::seeded::shown(&g.district)}</td>
                    <td class="num">{g.total}</td>
                    <td><StarGrade grade=Some(g.grade.clone()) excellent=g.excellent /></td>
                    <td>{g.capped.then(|| t(k::LOT_CAPPED))}</td>
                    <td>{if g.published { t(k::LOT_PUBLISHED) } else { t(k::LOT_UNPUBLISHED) }}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <ListTable id="gradings-table" caption=k::LOT_GRADING heads=vec![k::LOT_OUTLET_NO, k::LOT_NAME, k::FIELD_DISTRICT, k::LOT_TOTAL, k::LOT_GRADE, k::LOT_CAPPED, k::LOT_PUBLISHED] total=page.total page=page.page per_page=page.per_page>{rows}</ListTable>
    }
    .into_any()
}

/// A year's gradings: filter by grade or the excellent flag, publish, CSV.
#[component]
pub fn GradingsPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query.with(|q| GradingFilter {
            year: q.get("year").unwrap_or_default(),
            grade: q.get("grade").unwrap_or_default(),
            q: q.get("q").unwrap_or_default(),
            page: page_param(q),
        })
    });
    let data = Resource::new(move || filter.get(), get_gradings);
    let refetch = Callback::new(move |_| data.refetch());
    view! {
        <PageHead title=t(k::LOT_GRADING)>
            <ExportCsv path="/officer/lottery/grading/export.csv" file="lottery-gradings.csv" />
        </PageHead>
        <LotteryNav />
        <p class="hint">{t(k::LOT_GRADING_INTRO)}</p>
        {loaded(data, move |page| {
            let f = filter.get_untracked();
            let lang = use_lang();
            let mut grades: Vec<(String, String)> = Grade::ALL.iter().map(|g| (g.as_str().to_string(), lookup(lang, &format!("lot_grade_{}", g.as_str())))).collect();
            grades.push(("excellent".into(), t(k::LOT_EXCELLENT).to_string()));
            let opts = filter_options(&f.grade, grades);
            view! {
                <Form method="GET" action="/officer/lottery/grading" attr:class="table-tools" attr:role="search">
                    <div class="field">
                        <label for="filter-year">{t(k::LOT_YEAR)}</label>
                        <input id="filter-year" type="number" name="year" value=page.year />
                    </div>
                    <FilterSearch label=k::LOT_FILTER_Q value=f.q.clone() />
                    <FilterSelect id="filter-grade" name="grade" label=k::LOT_GRADE>{opts}</FilterSelect>
                    <FilterSubmit />
                </Form>
                <PublishForm year=page.year unpublished=page.unpublished on_done=refetch />
                <GradingTable page=page />
            }
        })}
    }
}

/// Inspections of all outlets: open, overdue, clean, rectified; CSV.
#[component]
pub fn InspectionsPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query.with(|q| InspectionFilter {
            status: q.get("status").unwrap_or_default(),
            q: q.get("q").unwrap_or_default(),
            page: page_param(q),
        })
    });
    let data = Resource::new(move || filter.get(), get_inspections);
    view! {
        <PageHead title=t(k::LOT_INSPECTIONS)>
            <ExportCsv path="/officer/lottery/inspections/export.csv" file="lottery-inspections.csv" />
        </PageHead>
        <LotteryNav />
        {loaded(data, move |page| {
            let f = filter.get_untracked();
            let lang = use_lang();
            let opts = filter_options(&f.status, ["open", "overdue", "clean", "rectified"].map(|s| (s, lookup(lang, &format!("lot_inspection_{s}")))));
            let empty = page.rows.is_empty();
            let cards = page.rows.clone().into_iter().map(|i| view! { <InspectionCard i=i link=true /> }).collect_view();
            view! {
                <Form method="GET" action="/officer/lottery/inspections" attr:class="table-tools" attr:role="search">
                    <FilterSearch label=k::LOT_FILTER_Q value=f.q.clone() />
                    <FilterSelect id="filter-status" name="status" label=k::FIELD_STATUS>{opts}</FilterSelect>
                    <FilterSubmit />
                </Form>
                <ResultCount total=page.total />
                {empty.then(|| view! { <p class="empty">{t(k::LIST_EMPTY)}</p> })}
                <ul class="plain-list" id="inspections">{cards}</ul>
                <Pagination total=page.total page=page.page per_page=page.per_page />
            }
        })}
    }
}

#[component]
fn KpiBody(v: KpiView) -> impl IntoView {
    let count_permille = (v.outlets * 1000).checked_div(v.target).unwrap_or(0);
    let graded_permille = (v.graded * 1000).checked_div(v.outlets).unwrap_or(0);
    let by_grade_total = v.by_grade.iter().map(|(_, n)| n).sum::<u64>().max(1);
    let lang = use_lang();
    let grade_bars: Vec<Bar> = v
        .by_grade
        .iter()
        .map(|(g, n)| Bar { label: lookup(lang, &format!("lot_grade_{g}")), permille: n * 1000 / by_grade_total })
        .collect();
    let grade_rows = v
        .by_grade
        .iter()
        .map(|(g, n)| view! { <tr><th scope="row">{lookup(lang, &format!("lot_grade_{g}"))}</th><td class="num">{*n}</td></tr> })
        .collect_view();
    view! {
        <div class="stat-grid">
            <div class="stat" id="kpi-outlets">
                <span class="stat-value">{v.outlets}</span>
                <span class="stat-label">{tf(k::LOT_KPI_OUTLETS, &[("target", v.target.to_string())])}</span>
                <span class="muted">{tf(k::LOT_KPI_BY_STATUS, &[("open", v.open.to_string()), ("suspended", v.suspended.to_string()), ("closed", v.closed.to_string())])}</span>
            </div>
            <div class="stat" id="kpi-graded">
                <span class="stat-value">{percent(graded_permille)}</span>
                <span class="stat-label">{tf(k::LOT_KPI_GRADED, &[("year", v.year.to_string()), ("n", v.graded.to_string())])}</span>
            </div>
            <div class="stat" id="kpi-excellent">
                <span class="stat-value">{v.excellent}</span>
                <span class="stat-label">{tf(k::LOT_KPI_EXCELLENT, &[("year", v.year.to_string())])}</span>
            </div>
            <div class="stat" id="kpi-findings">
                <span class="stat-value">{v.open_findings}</span>
                <span class="stat-label">{t(k::LOT_KPI_OPEN_FINDINGS)}</span>
                <a href="/officer/lottery/inspections?status=overdue">{tf(k::LOT_KPI_OVERDUE, &[("n", v.overdue_inspections.to_string())])}</a>
            </div>
        </div>
        <h2>{t(k::LOT_KPI_AGAINST_TARGET)}</h2>
        <TargetBars
            title=t(k::LOT_KPI_AGAINST_TARGET).to_string()
            bars=vec![Bar { label: t(k::LOT_OUTLETS).to_string(), permille: count_permille }]
            target=1000
            target_label=v.target.to_string()
        />
        <h2>{tf(k::LOT_KPI_BY_GRADE, &[("year", v.year.to_string())])}</h2>
        <TargetBars title=tf(k::LOT_KPI_BY_GRADE, &[("year", v.year.to_string())]) bars=grade_bars target=0 target_label=String::new() data_in="kpi-by-grade" />
        <div class="table-wrap" tabindex="0">
            <table class="data-table" id="kpi-by-grade">
                <caption>{tf(k::LOT_KPI_BY_GRADE, &[("year", v.year.to_string())])}</caption>
                <thead><tr><th scope="col">{t(k::LOT_GRADE)}</th><th scope="col">{t(k::LOT_COUNT)}</th></tr></thead>
                <tbody>{grade_rows}</tbody>
            </table>
        </div>
        <h2>{t(k::LOT_KPI_SALES)}</h2>
        <SalesChart title=t(k::LOT_KPI_SALES).to_string() months=v.months.clone() id="kpi-sales" />
    }
}

#[component]
pub fn LotteryKpiPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_lottery_kpi());
    view! {
        <h1 class="page-title">{t(k::LOT_KPI)}</h1>
        <LotteryNav />
        {loaded(data, |v| view! { <KpiBody v=v /> })}
    }
}
