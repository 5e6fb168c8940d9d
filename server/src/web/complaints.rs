//! HTTP routes of complaints outside the server functions: the public report
//! (a plain multipart form with its files, so it works without JavaScript;
//! limited per client in `limits.rs`) and the download of a complaint's file
//! (officers only, always a download).

use std::collections::BTreeMap;

use app::auth::service::Auth;
use app::complaints::service::FileUpload;
use app::complaints::types::{ReportInput, MAX_FILES};
use app::flash::Flash;
use app::state::AppState;
use axum::extract::{DefaultBodyLimit, Path};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Extension, Router};

use super::download::{error_response, file_download, redirect_with, staff_only};

/// Where the form is, and where its receipt shows.
const FORM: &str = "/public/report";
const RECEIVED: &str = "/public/report/received";

pub(super) fn routes<S: Clone + Send + Sync + 'static>(state: &AppState) -> Router<S> {
    // Every file at its limit, with room for the text fields and the parts' headers.
    let limit = MAX_FILES * (state.settings.max_attachment_bytes + 16 * 1024) + 64 * 1024;
    Router::new()
        .route("/public/report/submit", post(submit).layer(DefaultBodyLimit::max(limit)))
        .route("/files/complaints/{id}", get(download))
}

/// The text fields and the non-empty files (`files`, several) of a multipart
/// form; `Err` when the body is over the limit or broken.
async fn read_form(mut multipart: axum::extract::Multipart) -> Result<(BTreeMap<String, String>, Vec<FileUpload>), ()> {
    let mut fields = BTreeMap::new();
    let mut files = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(|_| ())? {
        let name = field.name().unwrap_or("").to_string();
        if name == "files" {
            let file_name = field.file_name().unwrap_or("").to_string();
            let bytes = field.bytes().await.map_err(|_| ())?;
            if !bytes.is_empty() {
                files.push(FileUpload { file_name, bytes: bytes.to_vec() });
            }
        } else {
            let text = field.text().await.map_err(|_| ())?;
            fields.insert(name, text);
        }
    }
    Ok((fields, files))
}

/// A report from the public form: on success the receipt page shows the
/// tracking number and the one-time code once (the flash carries them, and
/// is cleared as it is read); on failure the form comes back with its
/// messages and what was typed (never the files, never the stamp).
async fn submit(Extension(state): Extension<AppState>, multipart: axum::extract::Multipart) -> Response {
    let Ok((fields, files)) = read_form(multipart).await else {
        let flash = Flash {
            form: Some("cpl_report".into()),
            summary: Some("err_validation".into()),
            errors: vec![app::error::FieldError::new("files", "err_attachment_too_large")],
            ..Default::default()
        };
        return redirect_with(&state, FORM, &flash);
    };
    let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
    let input = ReportInput {
        subject_kind: get("subject_kind"),
        subject: get("subject"),
        what: get("what"),
        place: get("place"),
        happened_on: get("happened_on"),
        name: get("name"),
        phone: get("phone"),
        email: get("email"),
        started: get("started"),
        website: get("website"),
    };
    match app::complaints::service::submit(&state.db, &state.settings, &input, &files, chrono::Utc::now()).await {
        Ok(r) => {
            let values = BTreeMap::from([
                ("number".to_string(), r.number),
                ("code".to_string(), r.code),
                ("due_on".to_string(), r.due_on),
            ]);
            let flash = Flash {
                form: Some("cpl_receipt".into()),
                values,
                notice: Some("cpl_notice_received".into()),
                ..Default::default()
            };
            redirect_with(&state, RECEIVED, &flash)
        }
        Err(e) => {
            let mut values = app::flash::values_of(&input);
            values.remove("started");
            values.remove("website");
            let flash = Flash {
                form: Some("cpl_report".into()),
                summary: Some(e.message_key().to_string()),
                errors: e.fields().to_vec(),
                values,
                ..Default::default()
            };
            redirect_with(&state, FORM, &flash)
        }
    }
}

/// A complaint's file, to officers only, as a download the browser never
/// sniffs into something else.
async fn download(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    Path(id): Path<i64>,
) -> Response {
    if let Some(res) = staff_only(&auth, &format!("/files/complaints/{id}")) {
        return res;
    }
    match app::complaints::service::attachment(&state.db, id).await {
        Ok(a) => file_download(&a.file_name, &a.content_type, a.content),
        Err(e) => error_response(e),
    }
}
