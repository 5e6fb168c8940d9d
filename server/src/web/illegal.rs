//! The public warning list (警示曝光台) as CSV: the public columns only.

use app::state::AppState;
use axum::extract::Query;
use axum::response::Response;
use axum::routing::get;
use axum::{Extension, Router};

use super::download::*;

pub(super) fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new().route("/public/warnings/export.csv", get(export_warnings))
}

/// The warning list with the page's search (every page of it); also the open
/// data API's CSV.
pub(super) async fn export_warnings(
    Extension(state): Extension<AppState>,
    Query(f): Query<app::illegal::types::WarningFilter>,
) -> Response {
    let db = state.db.clone();
    records_download(&app::illegal::service::WARNING_CSV_HEADER, "warnings.csv", move |after| {
        let (db, f) = (db.clone(), f.clone());
        async move { app::illegal::service::warnings_after(&db, &f, after, EXPORT_BATCH).await }
    })
}
