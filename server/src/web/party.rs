//! The officers' list of organizations by party status as CSV.

use app::auth::service::Auth;
use app::state::AppState;
use axum::extract::Query;
use axum::response::Response;
use axum::routing::get;
use axum::{Extension, Router};

use super::download::*;

pub(super) fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new().route("/officer/party/export.csv", get(export_party))
}

/// Every organization the list's filters select (officers only).
async fn export_party(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    Query(filter): Query<app::party::types::ListFilter>,
) -> Response {
    if let Some(res) = staff_only(&auth, "/officer/party") {
        return res;
    }
    let db = state.db.clone();
    records_download(&app::party::types::CSV_HEADER, "party.csv", move |after| {
        let (db, filter) = (db.clone(), filter.clone());
        async move { app::party::service::list_csv_after(&db, &filter, after, EXPORT_BATCH).await }
    })
}
