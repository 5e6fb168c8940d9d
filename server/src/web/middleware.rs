//! The middleware of every request: who is signed in, and no cross-site writes.

use app::auth::service::{resolve_session, Auth, SessionTouches, COOKIE};
use app::kernel::http::request_cookie;
use app::state::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Puts the signed-in user (if any) into the request's extensions.
pub(super) async fn session(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let is_static = path.starts_with("/pkg/") || path == "/favicon.svg";
    let mut auth = Auth(None);
    if !is_static {
        if let Some(token) = request_cookie(req.headers(), COOKIE) {
            let (idle, max) = (state.settings.session_idle_minutes, state.settings.session_max_hours);
            let resolved = match state.part::<SessionTouches>() {
                Ok(touches) => resolve_session(&state.db, touches, &token, idle, max).await.map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            };
            match resolved {
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

pub(super) async fn csrf(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && !same_origin(req.headers(), &state.settings.public_url) {
        tracing::warn!(path = %req.uri().path(), "cross-site request refused");
        return (StatusCode::FORBIDDEN, "跨站请求已被拒绝 / Cross-site request refused (CSRF check)").into_response();
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

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
