//! What the downloads and uploads of every feature share: streamed and whole
//! CSV files, stored files, the officers-only check, multipart forms, import
//! jobs and redirects that carry a flash.

use app::auth::service::Auth;
use app::auth::types::STAFF;
use app::error::AppError;
use app::kernel::csv::csv_preamble;
use app::state::AppState;
use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;

/// Rows per database round trip of an export.
pub(crate) const EXPORT_BATCH: u64 = 2000;

/// A CSV download (UTF-8 with BOM for Excel) streamed in batches: `next(after)`
/// returns the CSV rows after the key `after` and the last key, or `None` at the end.
pub(crate) fn csv_download<F, Fut>(preamble: Vec<u8>, file_name: &'static str, mut next: F) -> Response
where
    F: FnMut(i64) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = Result<(Vec<u8>, Option<i64>), sea_orm::DbErr>> + Send + 'static,
{
    use futures::StreamExt;
    let first = futures::stream::once(async { Ok::<_, std::io::Error>(preamble) });
    let rest = futures::stream::unfold(Some(0i64), move |after| {
        let fut = after.map(&mut next);
        async move {
            match fut?.await {
                Ok((bytes, Some(last))) => Some((Ok(bytes), Some(last))),
                Ok((_, None)) => None,
                Err(e) => {
                    tracing::error!(error = %e, "export");
                    Some((Err(std::io::Error::other("export failed")), None))
                }
            }
        }
    });
    let mut res = Response::new(Body::from_stream(first.chain(rest)));
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

/// A public list as a CSV download, written from its records (the ones the
/// open data API gives): `next(after)` returns the records after the key
/// `after` and the last key read.
pub(crate) fn records_download<R, F, Fut>(header: &[&str], file_name: &'static str, mut next: F) -> Response
where
    R: app::kernel::csv::Record + Send + 'static,
    F: FnMut(i64) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = Result<(Vec<R>, Option<i64>), sea_orm::DbErr>> + Send + 'static,
{
    csv_download(csv_preamble(header), file_name, move |after| {
        let batch = next(after);
        async move {
            let (rows, last) = batch.await?;
            Ok((app::kernel::csv::rows_of(&rows)?, last))
        }
    })
}

/// A whole CSV file (BOM, header, rows) as a download.
pub(crate) fn csv_file(header: &[&str], rows: Vec<u8>, file_name: &str) -> Response {
    let mut body = csv_preamble(header);
    body.extend(rows);
    let mut res = Response::new(Body::from(body));
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

/// The status of a failed download (an error of the database is logged).
pub(crate) fn error_response(e: AppError) -> Response {
    match e {
        AppError::NotFound => StatusCode::NOT_FOUND.into_response(),
        AppError::Forbidden => StatusCode::FORBIDDEN.into_response(),
        other => {
            tracing::error!(error = %other, "download");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Officers only: `None` when allowed, otherwise the response to send.
pub(crate) fn staff_only(auth: &Auth, back: &str) -> Option<Response> {
    match &auth.0 {
        None => Some(Redirect::to(&format!("/login?next={back}")).into_response()),
        Some(u) if !STAFF.contains(&u.role) => Some(StatusCode::FORBIDDEN.into_response()),
        _ => None,
    }
}

/// Largest accepted import file.
pub const MAX_UPLOAD: usize = 50 * 1024 * 1024;

pub(crate) fn redirect_with_flash(state: &AppState, to: &str, form: &str, summary: &str) -> Response {
    let flash = app::flash::Flash { form: Some(form.into()), summary: Some(summary.into()), ..Default::default() };
    redirect_with(state, to, &flash)
}

pub(crate) fn redirect_with(state: &AppState, to: &str, flash: &app::flash::Flash) -> Response {
    let mut res = Redirect::to(to).into_response();
    if let Ok(v) = HeaderValue::from_str(&app::flash::set_cookie(&state.settings.secret, flash)) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

/// A multipart form's text fields and its `file` (name, bytes); `Err` when the
/// body is over the size limit or broken.
pub(crate) async fn read_multipart(
    mut multipart: axum::extract::Multipart,
) -> Result<(std::collections::HashMap<String, String>, Option<(String, Vec<u8>)>), ()> {
    let mut fields = std::collections::HashMap::new();
    let mut file = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or("").to_string();
                if name == "file" {
                    let file_name = field.file_name().unwrap_or("upload").to_string();
                    let bytes = field.bytes().await.map_err(|_| ())?;
                    file = Some((file_name, bytes.to_vec()));
                } else {
                    let text = field.text().await.map_err(|_| ())?;
                    fields.insert(name, text);
                }
            }
            Ok(None) => return Ok((fields, file.filter(|(_, b): &(String, Vec<u8>)| !b.is_empty()))),
            Err(_) => return Err(()),
        }
    }
}

/// Receives an import file (a plain multipart form) of `kind`, decodes it
/// (UTF-8 or GBK), records a job and checks it in the background; the job
/// page shows the progress.
pub(crate) async fn receive_import(
    state: AppState,
    auth: Auth,
    multipart: axum::extract::Multipart,
    kind: &str,
    page: &str,
) -> Response {
    if let Some(res) = staff_only(&auth, page) {
        return res;
    }
    let Some(user) = auth.0.clone() else { return StatusCode::UNAUTHORIZED.into_response() };
    let Ok((_, file)) = read_multipart(multipart).await else {
        return redirect_with_flash(&state, page, "import", "err_import_too_large");
    };
    let Some((name, bytes)) = file else {
        return redirect_with_flash(&state, page, "import", "err_import_no_file");
    };
    let (text, encoding) = match app::kernel::import::decode(&bytes) {
        Ok(v) => v,
        Err(key) => return redirect_with_flash(&state, page, "import", key),
    };
    // Organization imports run one at a time: their checked rows are written in batches.
    let one_at_a_time = kind == app::registry::types::ORG_IMPORT_KIND;
    let id = match app::kernel::import::create_job(&state.db, kind, one_at_a_time, user.id, &name, encoding, text).await
    {
        Ok(id) => id,
        Err(app::error::AppError::Conflict(key)) => return redirect_with_flash(&state, page, "import", &key),
        Err(_) => return redirect_with_flash(&state, page, "import", "err_internal"),
    };
    let actor = app::audit::service::Actor::from(&user);
    let db = state.db.clone();
    let settings = state.settings.clone();
    tokio::spawn(async move { app::imports::run_or_fail(&db, &settings, &actor, id).await });
    Redirect::to(&format!("/officer/import/{id}")).into_response()
}

/// Runs failed import job `id` again from the file it kept, as a new job of
/// its kind; the new job's page follows (or its upload page says why not).
pub(crate) async fn import_again(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    axum::extract::Path(id): axum::extract::Path<i64>,
) -> Response {
    let page = format!("/officer/import/{id}");
    if let Some(res) = staff_only(&auth, &page) {
        return res;
    }
    let Some(user) = auth.0.clone() else { return StatusCode::UNAUTHORIZED.into_response() };
    let exclusive = |kind: &str| kind == app::registry::types::ORG_IMPORT_KIND;
    let new = match app::kernel::import::create_again(&state.db, id, exclusive, user.id).await {
        Ok((new, _)) => new,
        Err(app::error::AppError::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(app::error::AppError::Conflict(key)) => {
            let kind = app::kernel::import::get(&state.db, id).await.map(|j| j.kind).unwrap_or_default();
            return redirect_with_flash(&state, app::registry::pages::import_page(&kind), "import", &key);
        }
        Err(_) => return redirect_with_flash(&state, &page, "import", "err_internal"),
    };
    let actor = app::audit::service::Actor::from(&user);
    let (db, settings) = (state.db.clone(), state.settings.clone());
    tokio::spawn(async move { app::imports::run_or_fail(&db, &settings, &actor, new).await });
    Redirect::to(&format!("/officer/import/{new}")).into_response()
}

/// A stored file as a private download the browser never sniffs into
/// something else (its name UTF-8 encoded for the save dialog).
pub(crate) fn file_download(name: &str, mime: &str, body: Vec<u8>) -> Response {
    let mut res = Response::new(Body::from(body));
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(mime) {
        h.insert(header::CONTENT_TYPE, v);
    }
    let encoded = app::ui::table::encode(name);
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"attachment\"; filename*=UTF-8''{encoded}")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    // Opened in a tab anyway, an uploaded file runs nothing and reaches nothing.
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; sandbox"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    res
}

/// Back to `page` after an attachment upload: with its notice, or with the
/// error (the first field's, else the error's own) on the page's "attach" form.
pub(crate) fn attach_outcome<T>(state: &AppState, page: &str, result: Result<T, AppError>) -> Response {
    match result {
        Ok(_) => redirect_with(
            state,
            page,
            &app::flash::Flash { notice: Some("notice_attached".into()), ..Default::default() },
        ),
        Err(e) => {
            let key = e.fields().first().map(|f| f.message.clone()).unwrap_or_else(|| e.message_key().to_string());
            redirect_with_flash(state, page, "attach", &key)
        }
    }
}
