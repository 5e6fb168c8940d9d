//! Public pages (一公开): the campaigns, and each campaign's plan, draw record
//! re-run on every visit, drawn list and published results.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::campaign::CampaignsTable;
use super::{label, DrawRecord, PlanFacts, StrataTable, TargetsTable};
use crate::i18n::{k, t};
use crate::inspection::api::{get_public_campaign, get_public_campaigns};
use crate::inspection::types::CampaignView;
use crate::registry::pages::loaded;

#[component]
pub fn PublicCampaignsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_public_campaigns());
    view! {
        <h1 class="page-title">{t(k::INSP_PUBLIC_TITLE)}</h1>
        <p>{t(k::INSP_PUBLIC_INTRO)}</p>
        {loaded(data, |rows| view! { <CampaignsTable rows=rows public=true /> })}
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
                <div class="page-head">
                    <h1 class="page-title">{c.name.clone()}</h1>
                    <span class="badge" id="campaign-status">{label("campaign", &c.status)}</span>
                </div>
                <PlanFacts c=c.clone() />
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
