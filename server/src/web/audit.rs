//! The audit log as CSV.

use app::auth::service::Auth;
use app::state::AppState;
use axum::extract::Query;
use axum::response::Response;
use axum::routing::get;
use axum::{Extension, Router};

use super::download::*;
use app::kernel::csv::csv_preamble;

pub(super) fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new().route("/officer/audit/export.csv", get(export_audit))
}

async fn export_audit(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    Query(filter): Query<app::audit::types::AuditFilter>,
) -> Response {
    if let Some(res) = staff_only(&auth, "/officer/audit") {
        return res;
    }
    let filter = app::audit::types::AuditFilter { page: 0, ..filter };
    let db = state.db.clone();
    csv_download(csv_preamble(&app::audit::service::CSV_HEADER), "audit.csv", move |after| {
        let (db, filter) = (db.clone(), filter.clone());
        async move { app::audit::service::export_batch(&db, &filter, after, EXPORT_BATCH).await }
    })
}
