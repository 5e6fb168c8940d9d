//! Annual reports: the queue and non-filer downloads, attachments, the
//! import of past reports.

use app::auth::service::Auth;
use app::state::AppState;
use axum::extract::{DefaultBodyLimit, Path, Query};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Extension, Router};

use super::download::*;
use app::kernel::csv::csv_preamble;
use app::reports::service as reports;
use app::reports::types::QueueFilter;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};

pub(super) fn routes<S: Clone + Send + Sync + 'static>(state: &AppState) -> Router<S> {
    Router::new()
        .route("/officer/reports/import/upload", post(upload_report_import).layer(DefaultBodyLimit::max(MAX_UPLOAD)))
        .route(
            "/portal/reports/{year}/attachments",
            post(upload_attachment).layer(DefaultBodyLimit::max(state.settings.max_attachment_bytes + 64 * 1024)),
        )
        .route("/files/attachments/{id}", get(download_attachment))
        .route("/officer/reports/export.csv", get(export_reports))
        .route("/officer/participation/non-filers.csv", get(export_non_filers))
}

async fn upload_report_import(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    multipart: axum::extract::Multipart,
) -> Response {
    receive_import(state, auth, multipart, app::registry::types::REPORT_IMPORT_KIND, "/officer/reports/import").await
}

/// An organization user attaches a file to its report of `year`.
async fn upload_attachment(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    Path(year): Path<i32>,
    multipart: axum::extract::Multipart,
) -> Response {
    let page = format!("/portal/reports/{year}");
    let user = match &auth.0 {
        None => return Redirect::to(&format!("/login?next={page}")).into_response(),
        Some(u) if u.role == app::auth::types::Role::OrgUser && u.org_id.is_some() => u.clone(),
        Some(_) => return StatusCode::FORBIDDEN.into_response(),
    };
    let Ok((fields, file)) = read_multipart(multipart).await else {
        return redirect_with_flash(&state, &page, "attach", "err_attachment_too_large");
    };
    let Some((name, bytes)) = file else {
        return redirect_with_flash(&state, &page, "attach", "err_attachment_missing");
    };
    let kind = fields.get("kind").cloned().unwrap_or_else(|| "other".into());
    let actor = app::audit::service::Actor::from(&user);
    let org = user.org_id.unwrap_or_default();
    let upload = reports::Upload { kind: &kind, file_name: &name, bytes: &bytes };
    attach_outcome(&state, &page, reports::attach(&state.db, &state.settings, &actor, org, year, upload).await)
}

/// Serves an attachment to officers and to its organization's users only,
/// as a download that the browser never sniffs into something else.
async fn download_attachment(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    Path(id): Path<i64>,
) -> Response {
    let Some(user) = auth.0.clone() else {
        return Redirect::to(&format!("/login?next=/files/attachments/{id}")).into_response();
    };
    let (a, org_id) = match reports::attachment(&state.db, id).await {
        Ok(v) => v,
        Err(app::error::AppError::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    if !reports::may_access(&user, org_id) {
        return StatusCode::FORBIDDEN.into_response();
    }
    file_download(&a.file_name, &a.content_type, a.content)
}

async fn export_reports(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    Query(filter): Query<QueueFilter>,
) -> Response {
    if let Some(res) = staff_only(&auth, "/officer/reports") {
        return res;
    }
    let filter = QueueFilter { page: 0, ..filter };
    let (db, settings) = (state.db.clone(), state.settings.clone());
    csv_download(csv_preamble(&reports::QUEUE_CSV_HEADER), "annual-reports.csv", move |after| {
        let (db, settings, filter) = (db.clone(), settings.clone(), filter.clone());
        async move { reports::queue_csv_batch(&db, &settings, &filter, after, EXPORT_BATCH).await }
    })
}

async fn export_non_filers(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    Query(q): Query<QueueFilter>,
) -> Response {
    if let Some(res) = staff_only(&auth, "/officer/participation") {
        return res;
    }
    let year = if q.year == 0 { state.settings.report_year } else { q.year };
    let (db, settings) = (state.db.clone(), state.settings.clone());
    csv_download(csv_preamble(&reports::NON_FILER_CSV_HEADER), "non-filers.csv", move |after| {
        let (db, settings) = (db.clone(), settings.clone());
        async move { reports::non_filers_csv_batch(&db, &settings, year, after, EXPORT_BATCH).await }
    })
}
