//! Security headers on every response, and the per-request script nonce.
//!
//! The Content-Security-Policy lets a page run only the site's own script
//! files and the inline scripts Leptos writes with this request's nonce (the
//! hydration loader and the resolved data), plus WebAssembly compilation for the
//! bundle. Injected markup can therefore neither run script nor load it from
//! elsewhere, even if an escaping fault ever let it through.

use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use leptos::nonce::Nonce;

use app::state::AppState;

/// This request's nonce, put into the request's extensions for the page render.
#[derive(Clone, Debug)]
pub struct CspNonce(pub Nonce);

/// The policy for a page whose inline scripts carry `nonce`.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// The headers every response gets, with `csp` the policy above. HSTS only
/// when the public address is https: a browser that saw it on a plain-http
/// deployment would refuse that site afterwards.
pub fn security_headers(csp: &str, https: bool) -> Vec<(HeaderName, HeaderValue)> {
    let mut out = vec![
        (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        (header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin")),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
    ];
    if let Ok(v) = HeaderValue::from_str(csp) {
        out.push((header::CONTENT_SECURITY_POLICY, v));
    }
    if https {
        out.push((header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains")));
    }
    out
}

/// Middleware: makes the request's nonce and sets the headers on the answer
/// (a handler's own value of a header, such as an attachment's stricter
/// policy, is kept).
///
/// A 304 gets no policy: the browser then keeps the one it stored with the
/// page, whose nonce the page's scripts carry (a browser replaces a stored
/// header with the 304's; this answer's fresh nonce would block them).
pub async fn security(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let nonce = Nonce::new();
    let csp = content_security_policy(&nonce);
    req.extensions_mut().insert(CspNonce(nonce));
    let mut res = next.run(req).await;
    let https = state.settings.public_url.starts_with("https://");
    let not_modified = res.status() == StatusCode::NOT_MODIFIED;
    let headers = res.headers_mut();
    for (name, value) in security_headers(&csp, https) {
        if not_modified && name == header::CONTENT_SECURITY_POLICY {
            continue;
        }
        if !headers.contains_key(&name) {
            headers.insert(name, value);
        }
    }
    res
}

/// For the page render: provides this request's nonce to Leptos, which then
/// writes it on every inline script of the page.
pub fn provide_request_nonce() {
    use leptos::prelude::{provide_context, use_context};
    if let Some(n) = use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<CspNonce>().cloned()) {
        provide_context(n.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_only_own_and_nonced_scripts() {
        let csp = content_security_policy("abc");
        for part in [
            "script-src 'self' 'nonce-abc' 'wasm-unsafe-eval'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ] {
            assert!(csp.contains(part), "{part}");
        }
        assert!(!csp.split(';').any(|d| d.trim().starts_with("script-src") && d.contains("unsafe-inline")));
    }

    #[test]
    fn hsts_only_over_https() {
        let has = |https| security_headers("x", https).iter().any(|(n, _)| n == header::STRICT_TRANSPORT_SECURITY);
        assert!(has(true));
        assert!(!has(false));
    }
}
