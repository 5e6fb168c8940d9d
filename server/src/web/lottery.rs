//! Welfare-lottery downloads and imports.

use app::auth::service::Auth;
use app::state::AppState;
use axum::extract::{DefaultBodyLimit, Query};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Extension, Router};

use super::download::*;
use app::kernel::csv::csv_preamble;
use app::lottery::types::{GradingFilter, InspectionFilter, OutletFilter};

pub(super) fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/officer/lottery/export.csv", get(export_lottery_outlets))
        .route("/public/lottery/export.csv", get(export_public_lottery_outlets))
        .route("/officer/lottery/grading/export.csv", get(export_lottery_gradings))
        .route("/officer/lottery/inspections/export.csv", get(export_lottery_inspections))
        .route("/officer/lottery/import/upload", post(upload_lottery_outlets).layer(DefaultBodyLimit::max(MAX_UPLOAD)))
        .route(
            "/officer/lottery/sales/import/upload",
            post(upload_lottery_sales).layer(DefaultBodyLimit::max(MAX_UPLOAD)),
        )
}

/// Officers' outlet list: the import's columns, so the file can go back in.
async fn export_lottery_outlets(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    Query(filter): Query<OutletFilter>,
) -> Response {
    if let Some(res) = staff_only(&auth, "/officer/lottery") {
        return res;
    }
    let filter = OutletFilter { page: 0, ..filter };
    let db = state.db.clone();
    csv_download(csv_preamble(&app::lottery::service::csv_header()), "lottery-outlets.csv", move |after| {
        let (db, filter) = (db.clone(), filter.clone());
        async move { app::lottery::service::csv_batch(&db, &filter, after, EXPORT_BATCH).await }
    })
}

/// Open outlets without contacts, with their published grade.
pub(super) async fn export_public_lottery_outlets(
    Extension(state): Extension<AppState>,
    Query(filter): Query<OutletFilter>,
) -> Response {
    let filter = OutletFilter { page: 0, ..filter };
    let db = state.db.clone();
    let header = &app::lottery::service::PUBLIC_CSV_HEADER;
    records_download(header, "lottery-outlets-public.csv", move |after| {
        let (db, filter) = (db.clone(), filter.clone());
        async move { app::lottery::service::public_outlets_after(&db, &filter, after, EXPORT_BATCH).await }
    })
}

async fn export_lottery_gradings(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    Query(filter): Query<GradingFilter>,
) -> Response {
    if let Some(res) = staff_only(&auth, "/officer/lottery/grading") {
        return res;
    }
    let filter = GradingFilter { page: 0, ..filter };
    let db = state.db.clone();
    let today = app::kernel::clock::today();
    csv_download(csv_preamble(&app::lottery::grading::CSV_HEADER), "lottery-gradings.csv", move |after| {
        let (db, filter) = (db.clone(), filter.clone());
        async move { app::lottery::grading::csv_batch(&db, &filter, today, after, EXPORT_BATCH).await }
    })
}

async fn export_lottery_inspections(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    Query(filter): Query<InspectionFilter>,
) -> Response {
    if let Some(res) = staff_only(&auth, "/officer/lottery/inspections") {
        return res;
    }
    let filter = InspectionFilter { page: 0, ..filter };
    let db = state.db.clone();
    let today = app::kernel::clock::today();
    csv_download(csv_preamble(&app::lottery::inspect::CSV_HEADER), "lottery-inspections.csv", move |after| {
        let (db, filter) = (db.clone(), filter.clone());
        async move { app::lottery::inspect::csv_batch(&db, &filter, today, after, EXPORT_BATCH).await }
    })
}

async fn upload_lottery_outlets(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    multipart: axum::extract::Multipart,
) -> Response {
    receive_import(state, auth, multipart, app::lottery::types::OUTLET_IMPORT_KIND, "/officer/lottery/import").await
}

async fn upload_lottery_sales(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    multipart: axum::extract::Multipart,
) -> Response {
    receive_import(state, auth, multipart, app::lottery::types::SALES_IMPORT_KIND, "/officer/lottery/sales/import")
        .await
}
