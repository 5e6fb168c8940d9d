//! The credit lists as CSV.

use app::state::AppState;
use axum::extract::Query;
use axum::response::Response;
use axum::routing::get;
use axum::{Extension, Router};

use super::download::*;

pub(super) fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/public/credit/export.csv", get(export_credit))
        .route("/officer/credit/export.csv", get(export_credit))
}

/// The credit lists (the same columns for the public and officers: the
/// lists are public by law); also the open data API's CSV.
pub(super) async fn export_credit(
    Extension(state): Extension<AppState>,
    Query(f): Query<app::credit::types::EntryFilter>,
) -> Response {
    let db = state.db.clone();
    records_download(&app::credit::service::ENTRY_CSV_HEADER, "credit-lists.csv", move |after| {
        let (db, f) = (db.clone(), f.clone());
        async move { app::credit::service::entries_after(&db, &f, after, EXPORT_BATCH).await }
    })
}
