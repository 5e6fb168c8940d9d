//! Pages of the lottery outlets: officers' registry, outlet page, imports,
//! gradings, inspections and KPIs; the public finder.

mod detail;
mod grading;
mod outlets;
mod public;

pub use detail::OutletPage;
pub use grading::{GradingsPage, InspectionsPage, LotteryKpiPage};
pub use outlets::{EditOutletPage, ImportOutletsPage, ImportSalesPage, NewOutletPage, OutletsPage};
pub use public::PublicFinderPage;

use leptos::prelude::*;

use crate::domain::lottery::{Grade, GAMES};
use crate::domain::money::display_money;
use crate::i18n::{k, lookup, t, use_lang};
use crate::lottery::types::MonthSales;
use crate::ui::chart::{Column, Columns};

/// An outlet status, translated.
pub fn status_label(status: &str) -> String {
    lookup(use_lang(), &format!("lot_status_{status}"))
}

/// A checklist item, translated.
pub fn item_label(item: &str) -> String {
    lookup(use_lang(), &format!("lot_item_{item}"))
}

/// A history event, translated.
pub fn event_label(kind: &str) -> String {
    lookup(use_lang(), &format!("lot_event_{kind}"))
}

#[component]
pub fn StatusTag(status: String) -> impl IntoView {
    let class = match status.as_str() {
        "open" => "badge badge-active",
        "suspended" => "badge badge-warning",
        _ => "badge badge-revoked",
    };
    view! { <span class=class>{status_label(&status)}</span> }
}

/// A grade as stars (with its name for screen readers), or "unrated".
#[component]
pub fn StarGrade(grade: Option<String>, #[prop(optional)] excellent: bool) -> impl IntoView {
    let g = grade.as_deref().and_then(Grade::parse);
    let label = g.map(|g| lookup(use_lang(), &format!("lot_grade_{}", g.as_str())));
    view! {
        <span class="lot-grade">
            {match g {
                Some(Grade::Unrated) | None => view! { <span class="muted">{label.unwrap_or_else(|| t(k::LOT_NOT_GRADED).to_string())}</span> }.into_any(),
                Some(g) => view! { <span class="lot-stars" aria-hidden="true">{g.stars()}</span><span class="visually-hidden">{label.unwrap_or_default()}</span> }.into_any(),
            }}
            {excellent.then(|| view! { " "<span class="badge badge-active lot-excellent">{t(k::LOT_EXCELLENT)}</span> })}
        </span>
    }
}

/// Monthly sales as vertical bars drawn on the server, with the figures in a
/// table below (months, total, each game).
#[component]
pub fn SalesChart(title: String, months: Vec<MonthSales>, id: &'static str) -> impl IntoView {
    if months.is_empty() {
        return view! { <p class="empty">{t(k::LOT_NO_SALES)}</p> }.into_any();
    }
    let columns = months
        .iter()
        .map(|m| {
            // 万元: one decimal for small amounts, whole numbers from 1,000 on.
            let wan = m.total_fen as f64 / 1_000_000.0;
            let text = if wan >= 1000.0 { format!("{wan:.0}") } else { format!("{wan:.1}") };
            Column { label: m.month.get(5..).unwrap_or(&m.month).to_string(), value: m.total_fen.max(0) as u64, text }
        })
        .collect::<Vec<_>>();
    let lang = use_lang();
    let heads = GAMES
        .iter()
        .map(|(code, _)| view! { <th scope="col">{lookup(lang, &format!("lot_game_{code}"))}</th> })
        .collect_view();
    let rows = months
        .iter()
        .rev()
        .map(|m| {
            let cells = m.by_game.iter().map(|f| view! { <td class="num">{display_money(*f)}</td> }).collect_view();
            view! { <tr><th scope="row">{m.month.clone()}</th><td class="num">{display_money(m.total_fen)}</td>{cells}</tr> }
        })
        .collect_view();
    view! {
        <Columns title=title.clone() columns=columns unit=t(k::LOT_CHART_UNIT).to_string() data_in=id />
        <div class="table-wrap" tabindex="0">
            <table class="data-table" id=id>
                <caption>{title}</caption>
                <thead><tr><th scope="col">{t(k::LOT_MONTH)}</th><th scope="col">{t(k::LOT_SALES_TOTAL)}</th>{heads}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
