//! The axum router: Leptos pages and server functions, the CSV export, the
//! language switch, static files; and the middleware that signs users in from
//! their session cookie and refuses cross-site writes (CSRF).

use app::auth::service::{request_cookie, resolve_session, Auth, COOKIE};
use app::auth::types::STAFF;
use app::error::AppError;
use app::registry::service as registry;
use app::registry::types::OrgFilter;
use app::reports::service as reports;
use app::state::AppState;
use app::{shell, App};
use axum::body::Body;
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Extension, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use serde::Deserialize;

/// The application's routes, listed once per process.
///
/// Listing the routes runs the app with resource loading suppressed through a
/// process-wide flag of `leptos_server`; a resource first polled on another
/// thread meanwhile would wait forever. Listing them once, before any router
/// exists, keeps that window away from every request (several routers are
/// built in one process by the tests).
fn routes() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The paths of every page in the route table (`/officer/orgs/{id}`), for
/// tests and tools that walk the whole site.
pub fn page_paths() -> Vec<String> {
    routes().iter().map(|r| r.path().to_string()).collect()
}

/// Builds the whole application router.
pub fn router(state: AppState, options: LeptosOptions) -> Router {
    let routes = routes();
    let ctx = state.clone();
    Router::new()
        .route("/lang/{code}", get(set_lang))
        .route("/officer/orgs/export.csv", get(export_orgs))
        .route("/public/orgs/export.csv", get(export_public_orgs))
        .route("/officer/terms/export.csv", get(export_terms))
        .route("/officer/audit/export.csv", get(export_audit))
        .route(
            "/officer/import/upload",
            axum::routing::post(upload_import).layer(axum::extract::DefaultBodyLimit::max(MAX_UPLOAD)),
        )
        .route(
            "/officer/reports/import/upload",
            axum::routing::post(upload_report_import).layer(axum::extract::DefaultBodyLimit::max(MAX_UPLOAD)),
        )
        .route(
            "/portal/reports/{year}/attachments",
            axum::routing::post(upload_attachment)
                .layer(axum::extract::DefaultBodyLimit::max(state.settings.max_attachment_bytes + 64 * 1024)),
        )
        .route("/files/attachments/{id}", get(download_attachment))
        .route("/officer/reports/export.csv", get(export_reports))
        .route("/officer/participation/non-filers.csv", get(export_non_filers))
        .route("/public/credit/export.csv", get(export_credit))
        .route("/officer/credit/export.csv", get(export_credit))
        .route("/officer/rating/rounds/{id}/export.csv", get(export_rating_applications))
        .route("/officer/rating/grades/export.csv", get(export_rating_grades))
        .route("/public/rating/export.csv", get(export_public_grades))
        .merge(crate::web_inspection::routes(&state))
        .merge(crate::web_dashboard::routes())
        .route("/public/charity/export.csv", get(export_charities))
        .route("/public/charity/ranking/export.csv", get(export_charity_ranking))
        .route("/officer/charity/overdue/export.csv", get(export_charity_overdue))
        .route("/officer/lottery/export.csv", get(export_lottery_outlets))
        .route("/public/lottery/export.csv", get(export_public_lottery_outlets))
        .route("/officer/lottery/grading/export.csv", get(export_lottery_gradings))
        .route("/officer/lottery/inspections/export.csv", get(export_lottery_inspections))
        .route(
            "/officer/lottery/import/upload",
            axum::routing::post(upload_lottery_outlets).layer(axum::extract::DefaultBodyLimit::max(MAX_UPLOAD)),
        )
        .route(
            "/officer/lottery/sales/import/upload",
            axum::routing::post(upload_lottery_sales).layer(axum::extract::DefaultBodyLimit::max(MAX_UPLOAD)),
        )
        .route("/healthz", get(|| async { "ok" }))
        .leptos_routes_with_context(&options, routes, page_context(ctx.clone()), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context(page_context(ctx), shell))
        .layer(middleware::from_fn(crate::edge::api_body))
        .layer(middleware::from_fn_with_state(crate::limits::Limiters::new(&state), crate::limits::limit))
        .layer(middleware::from_fn_with_state(state.clone(), session))
        .layer(middleware::from_fn_with_state(state.clone(), csrf))
        .layer(middleware::from_fn_with_state(state.clone(), crate::headers::security))
        .layer(Extension(state))
        .with_state(options)
}

/// What every page render has in its context: the application state and this
/// request's script nonce.
fn page_context(state: AppState) -> impl Fn() + Clone + Send + 'static {
    move || {
        provide_context(state.clone());
        crate::headers::provide_request_nonce();
    }
}

/// Puts the signed-in user (if any) into the request's extensions.
async fn session(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let is_static = path.starts_with("/pkg/") || path == "/favicon.svg";
    let mut auth = Auth(None);
    if !is_static {
        if let Some(token) = request_cookie(req.headers(), COOKIE) {
            let (idle, max) = (state.settings.session_idle_minutes, state.settings.session_max_hours);
            match resolve_session(&state.db, &state.touches, &token, idle, max).await {
                Ok(user) => auth = Auth(user),
                Err(e) => {
                    tracing::error!(error = %e, "resolving session");
                    return StatusCode::SERVICE_UNAVAILABLE.into_response();
                }
            }
        }
    }
    req.extensions_mut().insert(auth);
    next.run(req).await
}

/// The origin (`scheme://host[:port]`) of a URL.
fn origin_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let end = rest.find('/').map(|i| i + url.len() - rest.len()).unwrap_or(url.len());
    Some(&url[..end])
}

/// Whether a state-changing request comes from this site: its `Origin` (or,
/// failing that, its `Referer`) must be this host or the configured public URL.
pub fn same_origin(headers: &HeaderMap, public_url: &str) -> bool {
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
    let allowed =
        |o: &str| o == format!("http://{host}") || o == format!("https://{host}") || Some(o) == origin_of(public_url);
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()).filter(|o| *o != "null");
    match origin {
        Some(o) => allowed(o),
        None => {
            headers.get(header::REFERER).and_then(|v| v.to_str().ok()).and_then(origin_of).map(allowed).unwrap_or(false)
        }
    }
}

async fn csrf(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && !same_origin(req.headers(), &state.settings.public_url) {
        tracing::warn!(path = %req.uri().path(), "cross-site request refused");
        return (StatusCode::FORBIDDEN, "跨站请求已被拒绝 / Cross-site request refused (CSRF check)").into_response();
    }
    next.run(req).await
}

#[derive(Deserialize)]
struct LangQuery {
    back: Option<String>,
}

async fn set_lang(Path(code): Path<String>, Query(q): Query<LangQuery>) -> Response {
    let lang = app::i18n::Lang::from_code(&code);
    let back = app::redirect::local_or(q.back.as_deref(), "/");
    let cookie = format!("lang={}; Path=/; Max-Age=31536000; SameSite=Lax", lang.code());
    let mut res = Redirect::to(&back).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ExportQuery {
    q: String,
    org_type: String,
    district: String,
    status: String,
    supervisory: String,
    entity: String,
    action: String,
}

impl ExportQuery {
    fn orgs(self) -> OrgFilter {
        OrgFilter {
            q: self.q,
            org_type: self.org_type,
            district: self.district,
            status: self.status,
            supervisory: self.supervisory,
            sort: String::new(),
            page: 0,
        }
    }
}

/// Rows per database round trip of an export.
const EXPORT_BATCH: u64 = 2000;

/// A CSV download (UTF-8 with BOM for Excel) streamed in batches: `next(after)`
/// returns the CSV rows after the key `after` and the last key, or `None` at the end.
fn csv_download<F, Fut>(preamble: Vec<u8>, file_name: &'static str, mut next: F) -> Response
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

/// A whole CSV file (BOM, header, rows) as a download.
pub(crate) fn csv_file(header: &[&str], rows: Vec<u8>, file_name: &str) -> Response {
    let mut body = registry::csv_preamble(header);
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

/// The officers' filtered list, contacts included.
async fn export_orgs(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    Query(q): Query<ExportQuery>,
) -> Response {
    if let Some(res) = staff_only(&auth, "/officer/orgs") {
        return res;
    }
    let filter = q.orgs();
    let db = state.db.clone();
    csv_download(registry::csv_preamble(&registry::CSV_HEADER), "organizations.csv", move |after| {
        let (db, filter) = (db.clone(), filter.clone());
        async move { registry::export_batch(&db, &filter, false, after, EXPORT_BATCH).await }
    })
}

/// The public list: public columns only.
async fn export_public_orgs(Extension(state): Extension<AppState>, Query(q): Query<ExportQuery>) -> Response {
    let filter = q.orgs();
    let db = state.db.clone();
    let header = &registry::CSV_HEADER[..registry::PUBLIC_COLUMNS];
    csv_download(registry::csv_preamble(header), "organizations-public.csv", move |after| {
        let (db, filter) = (db.clone(), filter.clone());
        async move { registry::export_batch(&db, &filter, true, after, EXPORT_BATCH).await }
    })
}

async fn export_terms(Extension(state): Extension<AppState>, Extension(auth): Extension<Auth>) -> Response {
    if let Some(res) = staff_only(&auth, "/officer/terms") {
        return res;
    }
    let db = state.db.clone();
    let today = registry::today();
    csv_download(registry::csv_preamble(&registry::TERMS_CSV_HEADER), "terms-due.csv", move |after| {
        let db = db.clone();
        async move { registry::terms_export_batch(&db, today, after, EXPORT_BATCH).await }
    })
}

async fn export_audit(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    Query(q): Query<ExportQuery>,
) -> Response {
    if let Some(res) = staff_only(&auth, "/officer/audit") {
        return res;
    }
    let filter = app::audit::types::AuditFilter { q: q.q, entity: q.entity, action: q.action, page: 0 };
    let db = state.db.clone();
    csv_download(registry::csv_preamble(&app::audit::service::CSV_HEADER), "audit.csv", move |after| {
        let (db, filter) = (db.clone(), filter.clone());
        async move { app::audit::service::export_batch(&db, &filter, after, EXPORT_BATCH).await }
    })
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
    let (text, encoding) = match app::registry::import::decode(&bytes) {
        Ok(v) => v,
        Err(key) => return redirect_with_flash(&state, page, "import", key),
    };
    let id = match app::registry::import_service::create_job(&state.db, kind, user.id, &name, encoding, text).await {
        Ok(id) => id,
        Err(_) => return redirect_with_flash(&state, page, "import", "err_internal"),
    };
    let actor = app::audit::service::Actor::from(&user);
    let db = state.db.clone();
    let settings = state.settings.clone();
    tokio::spawn(async move { app::registry::import_service::run_or_fail(&db, &settings, &actor, id).await });
    Redirect::to(&format!("/officer/import/{id}")).into_response()
}

async fn upload_import(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    multipart: axum::extract::Multipart,
) -> Response {
    receive_import(state, auth, multipart, "organizations", "/officer/import").await
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
    match reports::attach(&state.db, &state.settings, &actor, org, year, upload).await {
        Ok(_) => redirect_with(
            &state,
            &page,
            &app::flash::Flash { notice: Some("notice_attached".into()), ..Default::default() },
        ),
        Err(e) => {
            let key = e.fields().first().map(|f| f.message.clone()).unwrap_or_else(|| e.message_key().to_string());
            redirect_with_flash(&state, &page, "attach", &key)
        }
    }
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

/// The credit lists (the same columns for the public and officers: the
/// lists are public by law).
async fn export_credit(
    Extension(state): Extension<AppState>,
    Query(f): Query<app::credit::types::EntryFilter>,
) -> Response {
    let db = state.db.clone();
    csv_download(registry::csv_preamble(&app::credit::service::ENTRY_CSV_HEADER), "credit-lists.csv", move |after| {
        let (db, f) = (db.clone(), f.clone());
        async move { app::credit::service::entries_csv_batch(&db, &f, after, EXPORT_BATCH).await }
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct QueueQuery {
    year: i32,
    org_type: String,
    district: String,
    status: String,
    q: String,
}

async fn export_reports(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    Query(q): Query<QueueQuery>,
) -> Response {
    if let Some(res) = staff_only(&auth, "/officer/reports") {
        return res;
    }
    let filter = app::reports::types::QueueFilter {
        year: q.year,
        org_type: q.org_type,
        district: q.district,
        status: q.status,
        q: q.q,
        page: 0,
    };
    let (db, settings) = (state.db.clone(), state.settings.clone());
    csv_download(registry::csv_preamble(&reports::QUEUE_CSV_HEADER), "annual-reports.csv", move |after| {
        let (db, settings, filter) = (db.clone(), settings.clone(), filter.clone());
        async move { reports::queue_csv_batch(&db, &settings, &filter, after, EXPORT_BATCH).await }
    })
}

async fn export_non_filers(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    Query(q): Query<QueueQuery>,
) -> Response {
    if let Some(res) = staff_only(&auth, "/officer/participation") {
        return res;
    }
    let year = if q.year == 0 { state.settings.report_year } else { q.year };
    let (db, settings) = (state.db.clone(), state.settings.clone());
    csv_download(registry::csv_preamble(&reports::NON_FILER_CSV_HEADER), "non-filers.csv", move |after| {
        let (db, settings) = (db.clone(), settings.clone());
        async move { reports::non_filers_csv_batch(&db, &settings, year, after, EXPORT_BATCH).await }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(k.clone(), HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn same_origin_rules() {
        let public = "https://sunshine.example.gov.cn";
        assert!(same_origin(
            &headers(&[(header::HOST, "127.0.0.1:3000"), (header::ORIGIN, "http://127.0.0.1:3000")]),
            public
        ));
        assert!(same_origin(&headers(&[(header::HOST, "internal:8080"), (header::ORIGIN, public)]), public));
        assert!(!same_origin(
            &headers(&[(header::HOST, "127.0.0.1:3000"), (header::ORIGIN, "http://evil.example")]),
            public
        ));
        assert!(same_origin(
            &headers(&[(header::HOST, "127.0.0.1:3000"), (header::REFERER, "http://127.0.0.1:3000/login")]),
            public
        ));
        assert!(!same_origin(&headers(&[(header::HOST, "127.0.0.1:3000")]), public));
        assert!(!same_origin(&headers(&[(header::HOST, "127.0.0.1:3000"), (header::ORIGIN, "null")]), public));
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RatingQuery {
    q: String,
    status: String,
    grade: String,
    scope: String,
}

impl RatingQuery {
    fn grades(self) -> app::rating::types::GradeFilter {
        app::rating::types::GradeFilter { q: self.q, grade: self.grade, scope: self.scope, page: 0 }
    }
}

/// A rating round's applications (the filters of its page).
async fn export_rating_applications(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    Path(id): Path<i64>,
    Query(q): Query<RatingQuery>,
) -> Response {
    if let Some(res) = staff_only(&auth, &format!("/officer/rating/rounds/{id}")) {
        return res;
    }
    let filter = app::rating::types::AppFilter { round_id: id, status: q.status, q: q.q, page: 0 };
    let db = state.db.clone();
    let header = &app::rating::service::APPS_CSV_HEADER;
    csv_download(registry::csv_preamble(header), "rating-applications.csv", move |after| {
        let (db, filter) = (db.clone(), filter.clone());
        async move { app::rating::service::apps_csv_batch(&db, &filter, after, EXPORT_BATCH).await }
    })
}

/// Every grade (officers), with the filters of the grades page.
async fn export_rating_grades(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    Query(q): Query<RatingQuery>,
) -> Response {
    if let Some(res) = staff_only(&auth, "/officer/rating/grades") {
        return res;
    }
    grades_csv(state, q.grades(), false, "rating-grades.csv")
}

/// Grades in force (public).
async fn export_public_grades(Extension(state): Extension<AppState>, Query(q): Query<RatingQuery>) -> Response {
    grades_csv(state, q.grades(), true, "rated-organizations.csv")
}

fn grades_csv(state: AppState, filter: app::rating::types::GradeFilter, public: bool, name: &'static str) -> Response {
    let db = state.db.clone();
    let today = registry::today();
    csv_download(registry::csv_preamble(&app::rating::types::GRADE_CSV_HEADER), name, move |after| {
        let (db, filter) = (db.clone(), filter.clone());
        async move { app::rating::grades::grades_csv_batch(&db, &filter, public, today, after, EXPORT_BATCH).await }
    })
}

/// The public list of charities (the filters of its page).
async fn export_charities(
    Extension(state): Extension<AppState>,
    Query(f): Query<app::charity::types::CharityFilter>,
) -> Response {
    let db = state.db.clone();
    let today = registry::today();
    csv_download(registry::csv_preamble(&app::charity::service::CSV_HEADER), "charities.csv", move |after| {
        let (db, f) = (db.clone(), f.clone());
        async move { app::charity::service::csv_batch(&db, &f, today, after, EXPORT_BATCH).await }
    })
}

/// Officers: the overdue disclosures not yet made.
async fn export_charity_overdue(Extension(state): Extension<AppState>, Extension(auth): Extension<Auth>) -> Response {
    if let Some(res) = staff_only(&auth, "/officer/charity/overdue") {
        return res;
    }
    let db = state.db.clone();
    csv_download(
        registry::csv_preamble(&app::charity::service::OVERDUE_CSV_HEADER),
        "charity-overdue.csv",
        move |after| {
            let db = db.clone();
            async move { app::charity::service::overdue_csv_batch(&db, after, EXPORT_BATCH).await }
        },
    )
}

/// The transparency ranking.
async fn export_charity_ranking(Extension(state): Extension<AppState>) -> Response {
    let db = state.db.clone();
    let today = registry::today();
    csv_download(
        registry::csv_preamble(&app::charity::service::RANKING_CSV_HEADER),
        "charity-ranking.csv",
        move |after| {
            let db = db.clone();
            async move { app::charity::service::ranking_csv_batch(&db, today, after).await }
        },
    )
}

// ---- welfare-lottery outlets ----

#[derive(Deserialize, Default)]
#[serde(default)]
struct LotteryQuery {
    q: String,
    district: String,
    status: String,
    year: String,
    grade: String,
}

impl LotteryQuery {
    fn outlets(&self) -> app::lottery::types::OutletFilter {
        app::lottery::types::OutletFilter {
            q: self.q.clone(),
            district: self.district.clone(),
            status: self.status.clone(),
            page: 0,
        }
    }
}

/// Officers' outlet list: the import's columns, so the file can go back in.
async fn export_lottery_outlets(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    Query(q): Query<LotteryQuery>,
) -> Response {
    if let Some(res) = staff_only(&auth, "/officer/lottery") {
        return res;
    }
    let filter = q.outlets();
    let db = state.db.clone();
    csv_download(registry::csv_preamble(&app::lottery::service::csv_header()), "lottery-outlets.csv", move |after| {
        let (db, filter) = (db.clone(), filter.clone());
        async move { app::lottery::service::csv_batch(&db, &filter, false, after, EXPORT_BATCH).await }
    })
}

/// Open outlets without contacts, with their published grade.
async fn export_public_lottery_outlets(
    Extension(state): Extension<AppState>,
    Query(q): Query<LotteryQuery>,
) -> Response {
    let filter = q.outlets();
    let db = state.db.clone();
    let header = &app::lottery::service::PUBLIC_CSV_HEADER;
    csv_download(registry::csv_preamble(header), "lottery-outlets-public.csv", move |after| {
        let (db, filter) = (db.clone(), filter.clone());
        async move { app::lottery::service::csv_batch(&db, &filter, true, after, EXPORT_BATCH).await }
    })
}

async fn export_lottery_gradings(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    Query(q): Query<LotteryQuery>,
) -> Response {
    if let Some(res) = staff_only(&auth, "/officer/lottery/grading") {
        return res;
    }
    let filter = app::lottery::types::GradingFilter { year: q.year, grade: q.grade, q: q.q, page: 0 };
    let db = state.db.clone();
    let today = registry::today();
    csv_download(registry::csv_preamble(&app::lottery::grading::CSV_HEADER), "lottery-gradings.csv", move |after| {
        let (db, filter) = (db.clone(), filter.clone());
        async move { app::lottery::grading::csv_batch(&db, &filter, today, after, EXPORT_BATCH).await }
    })
}

async fn export_lottery_inspections(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    Query(q): Query<LotteryQuery>,
) -> Response {
    if let Some(res) = staff_only(&auth, "/officer/lottery/inspections") {
        return res;
    }
    let filter = app::lottery::types::InspectionFilter { status: q.status, q: q.q, page: 0 };
    let db = state.db.clone();
    let today = registry::today();
    csv_download(registry::csv_preamble(&app::lottery::inspect::CSV_HEADER), "lottery-inspections.csv", move |after| {
        let (db, filter) = (db.clone(), filter.clone());
        async move { app::lottery::inspect::csv_batch(&db, &filter, today, after, EXPORT_BATCH).await }
    })
}

async fn upload_lottery_outlets(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    multipart: axum::extract::Multipart,
) -> Response {
    receive_import(state, auth, multipart, app::lottery::types::OUTLET_IMPORT_KIND, "/officer/lottery/import").await
}

async fn upload_lottery_sales(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    multipart: axum::extract::Multipart,
) -> Response {
    receive_import(state, auth, multipart, app::lottery::types::SALES_IMPORT_KIND, "/officer/lottery/sales/import")
        .await
}
