//! The officers' list of trade associations' anomalies as CSV.

use app::auth::service::Auth;
use app::state::AppState;
use axum::extract::Query;
use axum::response::Response;
use axum::routing::get;
use axum::{Extension, Router};

use super::download::*;

pub(super) fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new().route("/officer/trade/export.csv", get(export_anomalies))
}

/// Every anomaly the page's filters select (every page of it).
async fn export_anomalies(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    Query(f): Query<app::trade::types::AnomalyFilter>,
) -> Response {
    if let Some(res) = staff_only(&auth, "/officer/trade") {
        return res;
    }
    let f = app::trade::types::AnomalyFilter { page: 0, ..f };
    let db = state.db.clone();
    records_download(&app::trade::service::ANOMALY_CSV_HEADER, "trade-anomalies.csv", move |after| {
        let (db, f) = (db.clone(), f.clone());
        async move { app::trade::service::anomalies_after(&db, &f, after, EXPORT_BATCH).await }
    })
}
