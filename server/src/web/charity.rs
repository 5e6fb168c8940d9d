//! Charity downloads: the public list, the ranking, overdue disclosures.

use app::auth::service::Auth;
use app::state::AppState;
use axum::extract::Query;
use axum::response::Response;
use axum::routing::get;
use axum::{Extension, Router};

use super::download::*;
use app::kernel::csv::csv_preamble;

pub(super) fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/public/charity/export.csv", get(export_charities))
        .route("/public/charity/ranking/export.csv", get(export_charity_ranking))
        .route("/officer/charity/overdue/export.csv", get(export_charity_overdue))
}

/// The public list of charities (the filters of its page); also the open
/// data API's CSV.
pub(super) async fn export_charities(
    Extension(state): Extension<AppState>,
    Query(f): Query<app::charity::types::CharityFilter>,
) -> Response {
    let db = state.db.clone();
    let today = app::kernel::clock::today();
    records_download(&app::charity::service::CSV_HEADER, "charities.csv", move |after| {
        let (db, f) = (db.clone(), f.clone());
        async move { app::charity::service::charities_after(&db, &f, today, after, EXPORT_BATCH).await }
    })
}

/// Officers: the overdue disclosures not yet made.
async fn export_charity_overdue(Extension(state): Extension<AppState>, Extension(auth): Extension<Auth>) -> Response {
    if let Some(res) = staff_only(&auth, "/officer/charity/overdue") {
        return res;
    }
    let db = state.db.clone();
    csv_download(csv_preamble(&app::charity::service::OVERDUE_CSV_HEADER), "charity-overdue.csv", move |after| {
        let db = db.clone();
        async move { app::charity::service::overdue_csv_batch(&db, after, EXPORT_BATCH).await }
    })
}

/// The transparency ranking.
async fn export_charity_ranking(Extension(state): Extension<AppState>) -> Response {
    let db = state.db.clone();
    let today = app::kernel::clock::today();
    csv_download(csv_preamble(&app::charity::service::RANKING_CSV_HEADER), "charity-ranking.csv", move |after| {
        let db = db.clone();
        async move { app::charity::service::ranking_csv_batch(&db, today, after).await }
    })
}

/// Every filed fundraising plan the filter selects (the open data API's CSV).
pub(super) async fn export_plans(
    Extension(state): Extension<AppState>,
    Query(f): Query<app::charity::service::PlanFilter>,
) -> Response {
    let db = state.db.clone();
    records_download(&app::charity::service::PLAN_CSV_HEADER, "fundraising-plans.csv", move |after| {
        let (db, f) = (db.clone(), f.clone());
        async move { app::charity::service::plans_after(&db, &f, after, EXPORT_BATCH).await }
    })
}

/// Every disclosure the filter selects (the open data API's CSV).
pub(super) async fn export_disclosures(
    Extension(state): Extension<AppState>,
    Query(f): Query<app::charity::service::DisclosureFilter>,
) -> Response {
    let db = state.db.clone();
    records_download(&app::charity::service::DISCLOSURE_CSV_HEADER, "fundraising-disclosures.csv", move |after| {
        let (db, f) = (db.clone(), f.clone());
        async move { app::charity::service::disclosures_after(&db, &f, after, EXPORT_BATCH).await }
    })
}
