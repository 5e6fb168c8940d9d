//! Sunshine (阳光监管): the Leptos application, rendered on the server and
//! hydrated in the browser. One route table; one folder per feature.

#![recursion_limit = "256"]

pub mod accounts;
pub mod audit;
pub mod auth;
pub mod charity;
pub mod complaints;
pub mod credit;
pub mod dashboard;
#[cfg(feature = "ssr")]
pub mod db;
pub mod domain;
pub mod error;
pub mod flash;
pub mod i18n;
pub mod illegal;
#[cfg(feature = "ssr")]
pub mod imports;
pub mod inspection;
pub mod kernel;
pub mod lottery;
pub mod mail;
pub mod party;
pub mod penalty;
pub mod rating;
pub mod registry;
pub mod reports;
#[cfg(feature = "ssr")]
pub mod state;
pub mod trade;
pub mod trust;
pub mod ui;
pub mod units;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

use crate::i18n::{k, t, use_lang};

/// The HTML document around the app (server only).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = use_lang();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                // The bundle's files under their hashed names (`hash.txt`, see server/src/web/assets.rs).
                <HashedStylesheet options=options.clone() id="sunshine" />
                <BundleLoader options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The bundle's JS and wasm names: `sunshine.<hash>` from the site's
/// `hash.txt` when Leptos' `hash_files` is on (the server's `site_options`),
/// else `sunshine`.
fn bundle_names(options: &LeptosOptions) -> (String, String) {
    let (mut js, mut wasm) = (options.output_name.to_string(), options.output_name.to_string());
    if options.hash_files {
        let hashes = std::fs::read_to_string(options.hash_file.as_ref()).unwrap_or_default();
        for (file, hash) in hashes.lines().filter_map(|l| l.split_once(':')) {
            match file.trim() {
                "js" => js = format!("{}.{}", options.output_name, hash.trim()),
                "wasm" => wasm = format!("{}.{}", options.output_name, hash.trim()),
                _ => {}
            }
        }
    }
    (js, wasm)
}

/// Loads the bundle and hydrates the page once the browser is idle after its
/// first paint (at the latest 2 s after the page loaded), with no preload in
/// the head: the page is complete without JavaScript, so its text and styles
/// get the line first and the 800 KB of wasm never delay them. Leptos'
/// `HydrationScripts` with `defer` would still preload the files at once.
#[component]
fn BundleLoader(options: LeptosOptions) -> impl IntoView {
    let (js, wasm) = bundle_names(&options);
    let pkg = &options.site_pkg_dir;
    let script = format!(
        "(()=>{{const go=()=>import(\"/{pkg}/{js}.js\").then(m=>m.default({{module_or_path:\"/{pkg}/{wasm}.wasm\"}})\
         .then(()=>m.hydrate()));\"requestIdleCallback\" in window?requestIdleCallback(go,{{timeout:2000}}):\
         addEventListener(\"load\",go);}})()"
    );
    view! { <script type="module" nonce=leptos::nonce::use_nonce()>{script}</script> }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let _ = use_lang();
    flash::install_redirect_hook();
    view! {
        <Title text=t(k::APP_NAME) />
        <Router>
            <ui::layout::Layout>
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("/") view=registry::pages::HomePage ssr=SsrMode::Async />
                    <Route path=path!("/login") view=auth::pages::LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/public/orgs") view=registry::pages::PublicOrgList ssr=SsrMode::Async />
                    <Route path=path!("/public/orgs/:id") view=registry::pages::PublicOrgPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/orgs") view=registry::pages::OfficerOrgList ssr=SsrMode::Async />
                    <Route path=path!("/officer/orgs/new") view=registry::pages::NewOrgPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/orgs/:id") view=registry::pages::OrgDetailPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/orgs/:id/change") view=registry::pages::ChangeOrgPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/orgs/:id/trade") view=trade::pages::OfficerOrgTradePage ssr=SsrMode::Async />
                    <Route path=path!("/officer/trade") view=trade::pages::AnomaliesPage ssr=SsrMode::Async />
                    <Route path=path!("/portal/trade") view=trade::pages::PortalTradePage ssr=SsrMode::Async />
                    <Route path=path!("/officer/import") view=registry::pages::ImportPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/import/:id") view=registry::pages::ImportJobPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/terms") view=registry::pages::TermsPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/audit") view=audit::pages::AuditPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/users") view=accounts::pages::UsersPage ssr=SsrMode::Async />
                    <Route path=path!("/invite/:token") view=accounts::pages::InvitePage ssr=SsrMode::Async />
                    <Route path=path!("/portal") view=reports::pages::PortalPage ssr=SsrMode::Async />
                    <Route path=path!("/portal/reports/:year") view=reports::pages::ReportFormPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/reports") view=reports::pages::ReviewQueuePage ssr=SsrMode::Async />
                    <Route path=path!("/officer/reports/import") view=reports::pages::ReportImportPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/reports/:id") view=reports::pages::ReviewPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/participation") view=reports::pages::ParticipationPage ssr=SsrMode::Async />
                    <Route path=path!("/public/credit") view=credit::pages::PublicCreditPage ssr=SsrMode::Async />
                    <Route path=path!("/public/announcements") view=credit::pages::AnnouncementsPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/credit") view=credit::pages::OfficerCreditPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/credit/orgs/:id") view=credit::pages::OrgCreditPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/credit/repairs") view=credit::pages::RepairsPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/credit/scores") view=credit::pages::ScoresPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/credit/kpis") view=credit::pages::CreditKpiPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/zombies") view=credit::pages::ZombiesPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/cases") view=penalty::pages::CasesPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/cases/new") view=penalty::pages::NewCasePage ssr=SsrMode::Async />
                    <Route path=path!("/officer/cases/:id") view=penalty::pages::CasePage ssr=SsrMode::Async />
                    <Route path=path!("/officer/templates") view=penalty::documents::pages::TemplatesPage ssr=SsrMode::Async />
                    <Route path=path!("/public/penalties") view=penalty::pages::PublicPenaltiesPage ssr=SsrMode::Async />
                    <Route path=path!("/portal/credit") view=credit::pages::PortalCreditPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/rating") view=rating::pages::RoundsPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/rating/rounds/:id") view=rating::pages::RoundPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/rating/apps/:id") view=rating::pages::ApplicationPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/rating/grades") view=rating::pages::GradesPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/rating/grades/:id") view=rating::pages::GradePage ssr=SsrMode::Async />
                    <Route path=path!("/officer/rating/experts") view=rating::pages::ExpertsPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/rating/kpi") view=rating::pages::KpiPage ssr=SsrMode::Async />
                    <Route path=path!("/expert") view=rating::pages::ExpertHomePage ssr=SsrMode::Async />
                    <Route path=path!("/expert/apps/:id") view=rating::pages::ScorePage ssr=SsrMode::Async />
                    <Route path=path!("/portal/rating") view=rating::pages::PortalRatingPage ssr=SsrMode::Async />
                    <Route path=path!("/public/rating") view=rating::pages::PublicRatedList ssr=SsrMode::Async />
                    <Route path=path!("/public/rating/notices") view=rating::pages::NoticesPage ssr=SsrMode::Async />
                    <Route path=path!("/rating/certificates/:id") view=rating::pages::CertificatePage ssr=SsrMode::Async />
                    <Route path=path!("/officer/inspections") view=inspection::pages::CampaignsPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/inspections/new") view=inspection::pages::NewCampaignPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/inspections/:id") view=inspection::pages::CampaignPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/inspectors") view=inspection::pages::InspectorsPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/inspectors/import") view=inspection::pages::InspectorImportPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/departments") view=inspection::joint::pages::DepartmentsPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/departments/:id") view=inspection::joint::pages::DepartmentPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/inspectors/:id") view=inspection::pages::InspectorPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/rectifications") view=inspection::pages::RectificationsPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/rectifications/:id") view=inspection::pages::RectificationPage ssr=SsrMode::Async />
                    <Route path=path!("/portal/rectifications") view=inspection::pages::PortalRectificationsPage ssr=SsrMode::Async />
                    <Route path=path!("/portal/rectifications/:id") view=inspection::pages::PortalRectificationPage ssr=SsrMode::Async />
                    <Route path=path!("/inspector") view=inspection::pages::InspectorHomePage ssr=SsrMode::Async />
                    <Route path=path!("/inspector/targets/:id") view=inspection::pages::TargetPage ssr=SsrMode::Async />
                    <Route path=path!("/public/inspections") view=inspection::pages::PublicCampaignsPage ssr=SsrMode::Async />
                    <Route path=path!("/public/inspections/method") view=inspection::pages::DrawMethodPage ssr=SsrMode::Async />
                    <Route path=path!("/public/inspections/:id") view=inspection::pages::PublicCampaignPage ssr=SsrMode::Async />
                    <Route path=path!("/public/charity") view=charity::pages::PublicCharityList ssr=SsrMode::Async />
                    <Route path=path!("/public/charity/ranking") view=charity::pages::RankingPage ssr=SsrMode::Async />
                    <Route path=path!("/public/charity/:id") view=charity::pages::PublicCharityPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/charity") view=charity::pages::OfficerCharityList ssr=SsrMode::Async />
                    <Route path=path!("/officer/charity/overdue") view=charity::pages::OverduePage ssr=SsrMode::Async />
                    <Route path=path!("/officer/charity/:id") view=charity::pages::OfficerCharityPage ssr=SsrMode::Async />
                    <Route path=path!("/portal/charity") view=charity::pages::PortalCharityPage ssr=SsrMode::Async />
                    <Route path=path!("/portal/charity/plans/:id") view=charity::pages::PortalPlanPage ssr=SsrMode::Async />
                    <Route path=path!("/public/report") view=complaints::pages::ReportPage ssr=SsrMode::Async />
                    <Route path=path!("/public/report/received") view=complaints::pages::ReceivedPage ssr=SsrMode::Async />
                    <Route path=path!("/public/report/status") view=complaints::pages::StatusPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/complaints") view=complaints::pages::ComplaintsPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/complaints/new") view=complaints::pages::NewComplaintPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/complaints/:id") view=complaints::pages::ComplaintPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/illegal") view=illegal::pages::EntriesPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/illegal/new") view=illegal::pages::NewEntryPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/illegal/:id") view=illegal::pages::EntryPage ssr=SsrMode::Async />
                    <Route path=path!("/public/warnings") view=illegal::pages::WarningsPage ssr=SsrMode::Async />
                    <Route path=path!("/public/trusts") view=trust::pages::PublicTrustsPage ssr=SsrMode::Async />
                    <Route path=path!("/public/trusts/:id") view=trust::pages::PublicTrustPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/trusts") view=trust::pages::TrustsPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/trusts/new") view=trust::pages::NewTrustPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/trusts/:id") view=trust::pages::TrustPage ssr=SsrMode::Async />
                    <Route path=path!("/portal/trusts") view=trust::pages::MyTrustsPage ssr=SsrMode::Async />
                    <Route path=path!("/portal/trusts/new") view=trust::pages::MyNewTrustPage ssr=SsrMode::Async />
                    <Route path=path!("/portal/trusts/:id") view=trust::pages::MyTrustPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/lottery") view=lottery::pages::OutletsPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/lottery/new") view=lottery::pages::NewOutletPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/lottery/outlets/:id") view=lottery::pages::OutletPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/lottery/outlets/:id/edit") view=lottery::pages::EditOutletPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/lottery/import") view=lottery::pages::ImportOutletsPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/lottery/sales/import") view=lottery::pages::ImportSalesPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/lottery/grading") view=lottery::pages::GradingsPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/lottery/inspections") view=lottery::pages::InspectionsPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/lottery/kpi") view=lottery::pages::LotteryKpiPage ssr=SsrMode::Async />
                    <Route path=path!("/public/lottery") view=lottery::pages::PublicFinderPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/dashboard") view=dashboard::pages::DashboardPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/dashboard/targets") view=dashboard::pages::TargetsPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/statistics") view=dashboard::pages::YearStatsPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/units") view=units::pages::UnitsPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/units/:id") view=units::pages::UnitPage ssr=SsrMode::Async />
                    <Route path=path!("/unit") view=units::pages::UnitHomePage ssr=SsrMode::Async />
                    <Route path=path!("/unit/orgs/:id") view=units::pages::UnitOrgPage ssr=SsrMode::Async />
                    <Route path=path!("/unit/reports/:id") view=units::pages::UnitReportPage ssr=SsrMode::Async />
                    <Route path=path!("/public/statistics") view=dashboard::pages::PublicStatsPage ssr=SsrMode::Async />
                    <Route path=path!("/officer/party") view=party::pages::PartyListPage ssr=SsrMode::Async />
                    <Route path=path!("/portal/party") view=party::pages::PortalPartyPage ssr=SsrMode::Async />
                </Routes>
            </ui::layout::Layout>
        </Router>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            res.set_status(http::StatusCode::NOT_FOUND);
        }
    }
    view! {
        <h1 class="page-title">{t(k::NOT_FOUND_TITLE)}</h1>
        <p><a href="/">{t(k::NAV_HOME)}</a></p>
    }
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
    // Lets browser tests (and curious users) know the page is interactive.
    if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
