//! HTTP routes of the penalty cases outside the server functions: the
//! evidence upload (a plain multipart form), the evidence download
//! (officers only, always a download) and the published decisions as CSV.

use app::auth::service::Auth;
use app::error::AppError;
use app::state::AppState;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};

use super::download::{
    error_response, file_download, read_multipart, records_download, redirect_with, redirect_with_flash, staff_only,
    EXPORT_BATCH,
};

pub(super) fn routes<S: Clone + Send + Sync + 'static>(state: &AppState) -> Router<S> {
    let upload_limit = state.settings.max_attachment_bytes + 64 * 1024;
    Router::new()
        .route(
            "/officer/cases/{id}/evidence",
            post(upload_evidence).layer(axum::extract::DefaultBodyLimit::max(upload_limit)),
        )
        .route("/files/penalty/{id}", get(download_evidence))
        .route("/public/penalties/export.csv", get(export_decisions))
}

/// The published decisions the page's search selects, as CSV (public: no
/// personal data in them); also the open data API's CSV.
pub(super) async fn export_decisions(
    Extension(state): Extension<AppState>,
    Query(f): Query<app::penalty::types::DecisionFilter>,
) -> Response {
    let (db, settings) = (state.db.clone(), state.settings.clone());
    records_download(&app::penalty::service::DECISION_CSV_HEADER, "penalty-decisions.csv", move |after| {
        let (db, settings, f) = (db.clone(), settings.clone(), f.clone());
        async move { app::penalty::service::decisions_after(&db, &settings, &f, after, EXPORT_BATCH).await }
    })
}

/// A file of evidence for case `id`, with the day it was gathered (`day`).
async fn upload_evidence(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    Path(id): Path<i64>,
    multipart: axum::extract::Multipart,
) -> Response {
    let page = format!("/officer/cases/{id}");
    if let Some(res) = staff_only(&auth, &page) {
        return res;
    }
    let Some(user) = auth.0.clone() else { return StatusCode::UNAUTHORIZED.into_response() };
    let Ok((fields, file)) = read_multipart(multipart).await else {
        return redirect_with_flash(&state, &page, "evidence", "err_attachment_too_large");
    };
    let Some((name, bytes)) = file else {
        return redirect_with_flash(&state, &page, "evidence", "err_attachment_missing");
    };
    let day = fields.get("day").map(String::as_str).unwrap_or("");
    let actor = app::audit::service::Actor::from(&user);
    match app::penalty::service::add_evidence(&state.db, &state.settings, &actor, id, day, &name, &bytes).await {
        Ok(_) => redirect_with(
            &state,
            &page,
            &app::flash::Flash { notice: Some("notice_attached".into()), ..Default::default() },
        ),
        Err(AppError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            let flash = app::flash::Flash {
                form: Some("evidence".into()),
                summary: Some(e.message_key().to_string()),
                errors: e.fields().to_vec(),
                ..Default::default()
            };
            redirect_with(&state, &page, &flash)
        }
    }
}

async fn download_evidence(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    Path(id): Path<i64>,
) -> Response {
    if let Some(res) = staff_only(&auth, &format!("/files/penalty/{id}")) {
        return res;
    }
    match app::penalty::service::evidence_file(&state.db, id).await {
        Ok((name, mime, body)) => file_download(&name, &mime, body),
        Err(e) => error_response(e),
    }
}
