//! HTTP routes of the double-random inspections outside the server functions:
//! CSV downloads (inspector directory, a campaign's targets, the frozen
//! population), the directory import upload, and result attachments.

use app::auth::service::Auth;
use app::auth::types::Role;
use app::error::AppError;
use app::inspection::{results, service, types};
use app::state::AppState;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};

use super::download::{
    attach_outcome, csv_file, error_response, file_download, read_multipart, receive_import, records_download,
    redirect_with_flash, staff_only, EXPORT_BATCH,
};

pub(super) fn routes<S: Clone + Send + Sync + 'static>(state: &AppState) -> Router<S> {
    let upload_limit = state.settings.max_attachment_bytes + 64 * 1024;
    Router::new()
        .route("/officer/inspectors/export.csv", get(export_inspectors))
        .route(
            "/officer/inspectors/import/upload",
            post(upload_import).layer(axum::extract::DefaultBodyLimit::max(super::download::MAX_UPLOAD)),
        )
        .route("/officer/inspections/{id}/targets.csv", get(export_targets))
        .route("/public/inspections/{id}/population.csv", get(export_population))
        .route(
            "/inspector/targets/{id}/attachments",
            post(upload_attachment).layer(axum::extract::DefaultBodyLimit::max(upload_limit)),
        )
        .route("/files/inspection/{id}", get(download_attachment))
}

/// A whole CSV file (UTF-8 with BOM) as a download.
async fn export_inspectors(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    Query(f): Query<types::InspectorFilter>,
) -> Response {
    if let Some(res) = staff_only(&auth, "/officer/inspectors") {
        return res;
    }
    let mut header: Vec<&str> = types::INSPECTOR_COLUMNS.iter().map(|(h, _)| *h).collect();
    header.push(types::INSPECTOR_DEPARTMENT_COLUMN.0);
    match service::inspectors_csv(&state.db, &f).await {
        Ok(rows) => csv_file(&header, rows, "inspectors.csv"),
        Err(e) => error_response(e.into()),
    }
}

async fn upload_import(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    multipart: axum::extract::Multipart,
) -> Response {
    receive_import(state, auth, multipart, types::INSPECTOR_IMPORT_KIND, "/officer/inspectors/import").await
}

const TARGETS_HEADER: [&str; 12] = [
    "序号",
    "层",
    "检查对象",
    "统一社会信用代码",
    "所在区",
    "住所",
    "联系人及电话",
    "检查人员",
    "状态",
    "检查结果",
    "检查日期",
    "公示期限",
];

async fn export_targets(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    Path(id): Path<i64>,
) -> Response {
    if let Some(res) = staff_only(&auth, &format!("/officer/inspections/{id}")) {
        return res;
    }
    let today = app::kernel::clock::today();
    let targets = match results::target_views(&state.db, id, today).await {
        Ok(t) => t,
        Err(e) => return error_response(e.into()),
    };
    let mut w = app::kernel::csv::CsvRows::new();
    for t in &targets {
        let inspectors: Vec<String> = t.inspectors.iter().map(|a| format!("{}（{}）", a.name, a.unit)).collect();
        let outcome = match t.outcome.as_deref() {
            Some("none") => "未发现问题",
            Some("rectify") => "责令整改",
            Some("penalty") => "移交处罚",
            _ => "",
        };
        let status = match t.status.as_str() {
            "pending" => "待检查",
            "recorded" => "已录入待确认",
            "confirmed" => "已确认待公示",
            _ => "已公示",
        };
        let row = [
            t.position.to_string(),
            t.stratum.clone(),
            t.org_name.clone(),
            t.credit_code.clone(),
            t.district.clone(),
            t.address.clone(),
            t.contact.clone(),
            inspectors.join("、"),
            status.to_string(),
            outcome.to_string(),
            t.inspected_on.clone().unwrap_or_default(),
            t.publish_due.clone().unwrap_or_default(),
        ];
        if let Err(e) = w.push(row) {
            return error_response(e.into());
        }
    }
    match w.finish() {
        Ok(rows) => csv_file(&TARGETS_HEADER, rows, "inspection-targets.csv"),
        Err(e) => error_response(e.into()),
    }
}

/// The frozen population: public, so anyone can re-run the draw.
async fn export_population(Extension(state): Extension<AppState>, Path(id): Path<i64>) -> Response {
    match service::population_csv(&state.db, id).await {
        Ok(rows) => csv_file(&service::POPULATION_CSV_HEADER, rows, "population.csv"),
        Err(e) => error_response(e),
    }
}

async fn upload_attachment(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    Path(id): Path<i64>,
    multipart: axum::extract::Multipart,
) -> Response {
    let page = format!("/inspector/targets/{id}");
    let user = match &auth.0 {
        None => return Redirect::to(&format!("/login?next={page}")).into_response(),
        Some(u) if u.role == Role::Inspector => u.clone(),
        Some(_) => return StatusCode::FORBIDDEN.into_response(),
    };
    let Ok((_, file)) = read_multipart(multipart).await else {
        return redirect_with_flash(&state, &page, "attach", "err_attachment_too_large");
    };
    let Some((name, bytes)) = file else {
        return redirect_with_flash(&state, &page, "attach", "err_attachment_missing");
    };
    match results::attach(&state.db, &state.settings, &user, id, &name, &bytes).await {
        Err(AppError::Forbidden) => StatusCode::FORBIDDEN.into_response(),
        Err(AppError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        result => attach_outcome(&state, &page, result),
    }
}

/// A result attachment: officers and the target's inspectors, and everyone
/// once the result is published; always a download, never sniffed.
async fn download_attachment(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    Path(id): Path<i64>,
) -> Response {
    let (name, mime, body) = match results::attachment(&state.db, auth.0.as_ref(), id).await {
        Ok(v) => v,
        Err(AppError::Unauthorized) => {
            return Redirect::to(&format!("/login?next=/files/inspection/{id}")).into_response()
        }
        Err(e) => return error_response(e),
    };
    file_download(&name, &mime, body)
}

/// Every published result the filter selects (the open data API's CSV).
pub(super) async fn export_results(
    Extension(state): Extension<AppState>,
    Query(f): Query<app::inspection::results::ResultFilter>,
) -> Response {
    let db = state.db.clone();
    records_download(&app::inspection::results::RESULT_CSV_HEADER, "inspection-results.csv", move |after| {
        let (db, f) = (db.clone(), f.clone());
        async move { app::inspection::results::results_after(&db, &f, after, EXPORT_BATCH).await }
    })
}
