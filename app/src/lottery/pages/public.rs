//! The public finder: open outlets by district and name with their grade, and
//! a plot of them by their coordinates, drawn on the server as SVG.

use leptos::prelude::*;

use super::outlets::{use_outlet_filter, OutletFilters, OutletTable};
use crate::domain::lottery::Grade;
use crate::i18n::{k, lookup, t, tf, use_lang};
use crate::lottery::api::get_public_outlets;
use crate::lottery::types::{MapData, MAP_H, MAP_W};
use crate::ui::head::PageHead;
use crate::ui::load::loaded;
use crate::ui::table::ExportCsv;

#[component]
fn Plot(map: MapData) -> impl IntoView {
    if map.total == 0 {
        return None;
    }
    let lang = use_lang();
    let title = tf(k::LOT_MAP_TITLE, &[("n", map.total.to_string())]);
    // A few outlets: one circle each, named.
    let few = map
        .points
        .into_iter()
        .map(|p| {
            let g = p.grade.as_deref().and_then(Grade::parse).filter(|g| *g != Grade::Unrated);
            let class = match g {
                Some(g) => format!("lot-dot lot-dot-{}", g.as_str()),
                None => "lot-dot".to_string(),
            };
            let label = match g {
                Some(g) => format!("{} {}", p.name, lookup(lang, &format!("lot_grade_{}", g.as_str()))),
                None => p.name.clone(),
            };
            view! { <circle cx=p.x cy=p.y r="5" class=class data-outlet=p.id><title>{label}</title></circle> }
        })
        .collect_view();
    // Many: one path a grade; the names are in the list below.
    let groups = map
        .groups
        .into_iter()
        .map(|g| {
            let label = format!("{}: {}", lookup(lang, &format!("lot_grade_{}", g.grade)), g.n);
            view! {
                <path d=g.d class=format!("lot-dots lot-dot-{}", g.grade) data-n=g.n><title>{label}</title></path>
            }
        })
        .collect_view();
    Some(view! {
        <figure class="chart lot-map">
            <svg viewBox=format!("0 0 {MAP_W} {MAP_H}") width="100%" role="img" aria-label=title.clone() xmlns="http://www.w3.org/2000/svg" id="outlet-map">
                <title>{title.clone()}</title>
                <rect x="0" y="0" width=MAP_W height=MAP_H class="lot-map-bg"></rect>
                <text x="12" y="22" class="chart-label">"N ↑"</text>
                {few}
                {groups}
            </svg>
            <figcaption class="hint">
                {t(k::LOT_MAP_CAPTION)}
                <ul class="lot-legend">
                    {["5star", "4star", "3star", "unrated"].into_iter().map(|g| view! {
                        <li><span class=format!("lot-swatch lot-dot-{g}") aria-hidden="true"></span>{lookup(lang, &format!("lot_grade_{g}"))}</li>
                    }).collect_view()}
                </ul>
            </figcaption>
        </figure>
    })
}

/// Find an outlet: search by name or address, filter by district.
#[component]
pub fn PublicFinderPage() -> impl IntoView {
    let filter = use_outlet_filter();
    let data = Resource::new(move || filter.get(), get_public_outlets);
    view! {
        <PageHead title=t(k::LOT_PUBLIC_TITLE)>
            <ExportCsv path="/public/lottery/export.csv" file="lottery-outlets-public.csv" />
        </PageHead>
        <p class="hint">{t(k::LOT_PUBLIC_INTRO)}</p>
        {loaded(data, move |p| view! {
            <OutletFilters filter=filter.get_untracked() districts=p.districts.clone() action="/public/lottery" officer=false />
            <Plot map=p.map.clone() />
            <OutletTable page=p.list.clone() officer=false />
        })}
    }
}
