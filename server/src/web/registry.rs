//! The register's downloads (officers' list, the public list, terms due) and
//! the organization import upload.

use app::auth::service::Auth;
use app::state::AppState;
use axum::extract::{DefaultBodyLimit, Query};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Extension, Router};

use super::download::*;
use app::kernel::csv::csv_preamble;
use app::registry::service as registry;
use app::registry::types::OrgFilter;

pub(super) fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/officer/orgs/export.csv", get(export_orgs))
        .route("/public/orgs/export.csv", get(export_public_orgs))
        .route("/officer/terms/export.csv", get(export_terms))
        .route("/officer/import/upload", post(upload_import).layer(DefaultBodyLimit::max(MAX_UPLOAD)))
        .route("/officer/import/{id}/again", post(import_again))
}

/// The list page's filter for the whole list (an export is in code order,
/// every page).
fn whole_list(filter: OrgFilter) -> OrgFilter {
    OrgFilter { sort: String::new(), page: 0, ..filter }
}

/// The officers' filtered list, contacts included.
async fn export_orgs(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    Query(filter): Query<OrgFilter>,
) -> Response {
    if let Some(res) = staff_only(&auth, "/officer/orgs") {
        return res;
    }
    let filter = whole_list(filter);
    let db = state.db.clone();
    csv_download(csv_preamble(&registry::CSV_HEADER), "organizations.csv", move |after| {
        let (db, filter) = (db.clone(), filter.clone());
        async move { registry::export_batch(&db, &filter, after, EXPORT_BATCH).await }
    })
}

/// The public list: public columns only; also the open data API's CSV.
pub(super) async fn export_public_orgs(
    Extension(state): Extension<AppState>,
    Query(filter): Query<OrgFilter>,
) -> Response {
    let filter = whole_list(filter);
    let db = state.db.clone();
    let header = &registry::CSV_HEADER[..registry::PUBLIC_COLUMNS];
    records_download(header, "organizations-public.csv", move |after| {
        let (db, filter) = (db.clone(), filter.clone());
        async move { registry::public_orgs_after(&db, &filter, after, EXPORT_BATCH).await }
    })
}

async fn export_terms(Extension(state): Extension<AppState>, Extension(auth): Extension<Auth>) -> Response {
    if let Some(res) = staff_only(&auth, "/officer/terms") {
        return res;
    }
    let db = state.db.clone();
    let today = app::kernel::clock::today();
    csv_download(csv_preamble(&registry::TERMS_CSV_HEADER), "terms-due.csv", move |after| {
        let db = db.clone();
        async move { registry::terms_export_batch(&db, today, after, EXPORT_BATCH).await }
    })
}

async fn upload_import(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    multipart: axum::extract::Multipart,
) -> Response {
    receive_import(state, auth, multipart, app::registry::types::ORG_IMPORT_KIND, "/officer/import").await
}
