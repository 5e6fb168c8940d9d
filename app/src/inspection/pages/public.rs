//! Public pages (一公开): the campaigns, and each campaign's plan, draw record
//! re-run on every visit, drawn list and published results.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::campaign::CampaignsTable;
use super::{label, DrawRecord, PlanFacts, StrataTable, TargetsTable};
use crate::i18n::{k, t};
use crate::inspection::api::{get_public_campaign, get_public_campaigns};
use crate::inspection::types::CampaignView;
use crate::ui::head::PageHead;
use crate::ui::load::loaded;

#[component]
pub fn PublicCampaignsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_public_campaigns());
    view! {
        <h1 class="page-title">{t(k::INSP_PUBLIC_TITLE)}</h1>
        <p>{t(k::INSP_PUBLIC_INTRO)}</p>
        {loaded(data, |rows| view! { <CampaignsTable rows=rows public=true /> })}
    }
}

/// How the draw works (`/public/inspections/method`), for anyone checking a
/// campaign: the steps, the algorithm and the ways to re-run it (docs/DRAW.md).
#[component]
pub fn DrawMethodPage() -> impl IntoView {
    let items = |keys: &[crate::i18n::Key]| keys.iter().map(|key| view! { <li>{t(*key)}</li> }).collect_view();
    view! {
        <p class="breadcrumbs"><a href="/public/inspections">{t(k::DRAW_BACK)}</a></p>
        <h1 class="page-title">{t(k::DRAW_TITLE)}</h1>
        <p>{t(k::DRAW_INTRO)}</p>
        <section aria-labelledby="draw-steps">
            <h2 id="draw-steps">{t(k::DRAW_H_STEPS)}</h2>
            <ol>{items(&[k::DRAW_STEP_PLAN, k::DRAW_STEP_FREEZE, k::DRAW_STEP_DRAW])}</ol>
        </section>
        <section aria-labelledby="draw-algorithm">
            <h2 id="draw-algorithm">{t(k::DRAW_H_ALGORITHM)}</h2>
            <ol>{items(&[k::DRAW_ALGO_HASH, k::DRAW_ALGO_STREAM, k::DRAW_ALGO_STRATA, k::DRAW_ALGO_INSPECTORS])}</ol>
            <p>{t(k::DRAW_WEIGHTS)}</p>
        </section>
        <section aria-labelledby="draw-verify">
            <h2 id="draw-verify">{t(k::DRAW_H_VERIFY)}</h2>
            <ul>{items(&[k::DRAW_VERIFY_PAGE, k::DRAW_VERIFY_CLI, k::DRAW_VERIFY_SELF])}</ul>
        </section>
    }
}

#[component]
pub fn PublicCampaignPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(id, get_public_campaign);
    view! {
        <p class="breadcrumbs"><a href="/public/inspections">{t(k::INSP_PUBLIC_TITLE)}</a></p>
        {loaded(data, move |c: CampaignView| {
            let id = c.id;
            view! {
                <PageHead title=c.name.clone() badge={view! { <span class="badge" id="campaign-status">{label("campaign", &c.status)}</span> }.into_any()} />
                <PlanFacts c=c.clone() />
                <crate::inspection::joint::pages::JointDepartments departments=c.departments.clone() officer=false />
                <h2>{t(k::INSP_STRATA)}</h2>
                <StrataTable strata_by=c.strata_by.clone() strata=c.strata.clone() minimum=0 />
                <h2>{t(k::INSP_DRAW_RECORD)}</h2>
                <DrawRecord c=c.clone() />
                <p><a href=format!("/public/inspections/{id}/population.csv") rel="external" download="population.csv" id="population-csv">{t(k::INSP_POPULATION_CSV)}</a></p>
                {(c.status == "drawn").then(|| view! {
                    <h2>{t(k::INSP_TARGETS)}</h2>
                    <p class="hint">{t(k::INSP_PUBLIC_RESULTS_HINT)}</p>
                    <TargetsTable targets=c.targets.clone() officer=false />
                })}
            }
        })}
    }
}
