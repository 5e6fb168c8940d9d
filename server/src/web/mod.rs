//! The axum router: Leptos pages and server functions, the language switch,
//! static files, and each feature's downloads and uploads (one file a
//! feature); the middleware (`middleware.rs`) signs users in from their
//! session cookie and refuses cross-site writes (CSRF); `download.rs` holds
//! what every feature's downloads and uploads share; `health.rs` the load
//! balancer's `/healthz` and `/readyz`, outside the middleware; `assets.rs`
//! the static files (hashed, precompressed) and the caching and compression of
//! every answer; `open.rs` the open data API (`/api/open/v1`).

mod assets;
mod audit;
mod charity;
mod complaints;
mod credit;
mod dashboard;
mod documents;
mod download;
mod health;
mod illegal;
mod inspection;
mod lottery;
mod middleware;
pub mod open;
pub mod page_cache;
mod party;
mod penalty;
mod rating;
mod registry;
mod reports;
mod trade;
mod trusts;

pub use assets::site_options;
pub use download::MAX_UPLOAD;
pub use middleware::same_origin;

use app::state::AppState;
use app::{shell, App};
use axum::extract::{Path, Query};
use axum::http::{header, HeaderValue};
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
    crate::metrics::handle();
    let routes = routes();
    let ctx = state.clone();
    let health = health::routes(state.db.clone());
    let (max_in_flight, timeout) =
        (state.settings.max_in_flight, std::time::Duration::from_secs(state.settings.request_timeout_seconds));
    let app = Router::new()
        .route("/lang/{code}", get(set_lang))
        .route("/metrics", get(crate::metrics::endpoint))
        .merge(registry::routes())
        .merge(audit::routes())
        .merge(reports::routes(&state))
        .merge(credit::routes())
        .merge(rating::routes())
        .merge(inspection::routes(&state))
        .merge(dashboard::routes())
        .merge(charity::routes())
        .merge(complaints::routes(&state))
        .merge(illegal::routes())
        .merge(trade::routes())
        .merge(party::routes())
        .merge(lottery::routes())
        .merge(penalty::routes(&state))
        .merge(documents::routes())
        .merge(trusts::routes(&state))
        .merge(open::routes())
        .merge(assets::routes(&options.site_root))
        .leptos_routes_with_context(&options, routes, page_context(ctx.clone()), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context(page_context(ctx), shell))
        .layer(axum::middleware::from_fn_with_state(
            (state.clone(), page_cache::PageCache::new(state.settings.page_cache_mb)),
            page_cache::serve,
        ))
        // Route by route (axum layers each), so each request knows its route pattern.
        .layer(axum::middleware::from_fn(crate::metrics::track))
        .layer(axum::middleware::from_fn(crate::edge::api_body))
        .layer(axum::middleware::from_fn_with_state(crate::limits::Limiters::new(&state), crate::limits::limit))
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::session))
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::csrf))
        .layer(axum::middleware::from_fn(assets::caching))
        .layer(assets::compression());
    // Overload is refused before a session is looked up; the refusal gets the security headers.
    crate::limits::with_backpressure(app, max_in_flight, timeout)
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::headers::security))
        .layer(Extension(state))
        .with_state(options)
        // After the layers: no session, CSRF check or rate limit.
        .merge(health)
}

/// What every page render has in its context: the application state and this
/// request's script nonce.
fn page_context(state: AppState) -> impl Fn() + Clone + Send + 'static {
    move || {
        provide_context(state.clone());
        crate::headers::provide_request_nonce();
    }
}

#[derive(Deserialize)]
struct LangQuery {
    back: Option<String>,
}

async fn set_lang(Path(code): Path<String>, Query(q): Query<LangQuery>) -> Response {
    let lang = app::i18n::Lang::from_code(&code);
    let back = app::kernel::http::local_or(q.back.as_deref(), "/");
    let cookie = format!("lang={}; Path=/; Max-Age=31536000; SameSite=Lax", lang.code());
    let mut res = Redirect::to(&back).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}
