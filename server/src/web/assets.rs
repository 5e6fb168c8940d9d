//! What a browser downloads and keeps: the static files and the caching and
//! compression of every answer.
//!
//! - **The bundle** (`/pkg/…`: the JS glue, the wasm, the CSS) is built by
//!   `scripts/build-site.sh` under names carrying a hash of the content
//!   (`sunshine.<16 hex>.wasm`), listed in `<site>/hash.txt`, from which the
//!   shell writes the page's links (Leptos' `hash_files` for the stylesheet,
//!   `BundleLoader` in `app/src/lib.rs` for the JS and wasm; [`site_options`]). A
//!   hashed file never changes, so it is sent with `Cache-Control: public,
//!   max-age=31536000, immutable`; the release build writes brotli and gzip
//!   copies beside each file, sent by `Accept-Encoding` (`Vary` says so). A file
//!   without a hash in its name (a build of another tool) is revalidated.
//! - **`/favicon.svg`** keeps its name (browsers and crawlers ask for it) and
//!   is kept a day.
//! - **Pages** (HTML) are compressed on the fly (brotli or gzip) unless the
//!   request carries a session cookie (a signed-in page may reflect what the
//!   user typed beside what only the user may read: no size for a network
//!   observer to compare, BREACH), sent with
//!   `Cache-Control: private, no-cache` (a page can show who is signed in) and a
//!   weak `ETag` of the body; a request whose `If-None-Match` holds it gets 304
//!   without a body. The body's script nonce changes with every answer, so the
//!   tag is computed with the nonce left out, and a 304 carries no
//!   `Content-Security-Policy` (`crate::headers::security`): the browser keeps
//!   the policy it stored with the page, whose nonce that page's scripts carry.
//! - **Server functions** (`/api/…`) answer one user's data: `no-store` unless
//!   the function set its own, and never compressed (their answers mix what the
//!   user sent with what only the user may read).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use leptos::prelude::LeptosOptions;
use sha2::{Digest, Sha256};
use tower_http::compression::predicate::{Predicate, SizeAbove};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::services::{ServeDir, ServeFile};

use crate::headers::CspNonce;

/// How long a browser keeps a file whose name carries its hash.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// How long a browser keeps the favicon.
pub const FAVICON: &str = "public, max-age=86400";
/// A page: stored by the browser only, revalidated every time.
pub const PAGE: &str = "private, no-cache";
/// A server function's answer.
pub const API: &str = "no-store";

/// The Leptos options for the site in `site_root`: the bundle's names come
/// from `<site_root>/hash.txt` when the build wrote one.
///
/// Leptos joins `hash_file` to the folder of the running executable
/// (`target/debug`, `target/release`, a test's `target/debug/deps`), where no
/// build of ours writes; joined to an absolute path it is that path, so every
/// binary reads the file beside the bundle it serves. Without the file (a
/// bundle built by another tool) the names are the plain ones; Leptos would
/// panic on a page if `hash_files` were on and the file missing.
pub fn site_options(site_root: &str) -> LeptosOptions {
    let hash_file = absolute(&Path::new(site_root).join("hash.txt"));
    LeptosOptions::builder()
        .output_name("sunshine")
        .site_root(site_root)
        .site_pkg_dir("pkg")
        .hash_files(hash_file.is_file())
        .hash_file(Arc::from(hash_file.to_string_lossy().as_ref()))
        .build()
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The routes of the bundle and the favicon, precompressed copies preferred.
pub fn routes<S: Clone + Send + Sync + 'static>(site_root: &str) -> Router<S> {
    let root = Path::new(site_root);
    let pkg = ServeDir::new(root.join("pkg")).precompressed_br().precompressed_gzip();
    let favicon = ServeFile::new(root.join("favicon.svg")).precompressed_br().precompressed_gzip();
    Router::new()
        .nest_service("/pkg", pkg)
        .route_service("/favicon.svg", favicon)
        .layer(axum::middleware::from_fn(static_cache))
}

/// Whether a file name carries a content hash: `name.<16 or more hex>.ext`.
pub fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    let mut parts = name.rsplit('.');
    let (_ext, hash, stem) = (parts.next(), parts.next(), parts.next());
    stem.is_some_and(|s| !s.is_empty())
        && hash.is_some_and(|h| h.len() >= 16 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The caching of a static file (see the module's text).
async fn static_cache(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let policy = if path == "/favicon.svg" {
        FAVICON
    } else if is_hashed(path) {
        IMMUTABLE
    } else {
        "no-cache"
    };
    let mut res = next.run(req).await;
    if res.status().is_success() || res.status() == StatusCode::NOT_MODIFIED {
        let h = res.headers_mut();
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    res
}

/// On-the-fly compression of pages (HTML) only: the bundle is compressed at
/// build time, and server functions' answers are not compressed at all.
pub fn compression() -> CompressionLayer<impl Predicate> {
    let html = |_: StatusCode, _: http::Version, headers: &HeaderMap, extensions: &http::Extensions| {
        headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"))
            && extensions.get::<SignedIn>().is_none()
    };
    // Brotli's default quality (11) is for files made once; 5 costs about
    // what gzip's default does and still compresses better.
    CompressionLayer::new()
        .br(true)
        .gzip(true)
        .no_deflate()
        .no_zstd()
        .quality(CompressionLevel::Precise(5))
        .compress_when(SizeAbove::default().and(html))
}

/// Marks the answer to a request with a session cookie: not compressed.
#[derive(Clone, Copy, Debug)]
struct SignedIn;

/// The middleware of pages' validators and server functions' `no-store`
/// (inside the security headers' middleware, which made the nonce).
pub async fn caching(req: Request, next: Next) -> Response {
    let signed_in = app::kernel::http::request_cookie(req.headers(), app::auth::service::COOKIE).is_some();
    let api = req.uri().path().starts_with("/api/");
    let get = req.method() == Method::GET;
    let nonce = req.extensions().get::<CspNonce>().map(|n| n.0.to_string());
    let if_none_match = req.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).map(str::to_string);
    let mut res = next.run(req).await;
    if signed_in {
        res.extensions_mut().insert(SignedIn);
    }
    if api {
        res.headers_mut().entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static(API));
        return res;
    }
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !html || res.headers().contains_key(header::CACHE_CONTROL) {
        return res;
    }
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(PAGE));
    if !get || res.status() != StatusCode::OK || res.headers().contains_key(header::CONTENT_ENCODING) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(error = %e, "reading a page's body");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    // A copy of a public page comes with its tag (`page_cache`), made once.
    let tag = match parts.headers.get(header::ETAG).and_then(|v| v.to_str().ok()) {
        Some(t) => t.to_string(),
        None => etag(&bytes, nonce.as_deref()),
    };
    if let Ok(v) = HeaderValue::from_str(&tag) {
        parts.headers.insert(header::ETAG, v);
    }
    if if_none_match.as_deref().is_some_and(|h| matches(h, &tag)) {
        parts.status = StatusCode::NOT_MODIFIED;
        for name in [header::CONTENT_LENGTH, header::CONTENT_TYPE] {
            parts.headers.remove(name);
        }
        // As the 200 would have said (the compression adds it there).
        parts.headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        return Response::from_parts(parts, Body::empty());
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// A weak entity tag of a page: the SHA-256 of its body with every occurrence
/// of this answer's nonce left out (the rest of the body decides it).
pub fn etag(body: &[u8], nonce: Option<&str>) -> String {
    let mut hasher = Sha256::new();
    match (nonce.filter(|n| !n.is_empty()), std::str::from_utf8(body)) {
        (Some(nonce), Ok(text)) => {
            for part in text.split(nonce) {
                hasher.update(part.as_bytes());
                hasher.update([0]);
            }
        }
        _ => hasher.update(body),
    }
    format!("W/\"{}\"", hex::encode(&hasher.finalize()[..16]))
}

/// Whether an `If-None-Match` value matches `tag` (weak comparison, as
/// RFC 9110 asks for `If-None-Match`).
pub fn matches(if_none_match: &str, tag: &str) -> bool {
    let opaque = |t: &str| t.trim().trim_start_matches("W/").to_string();
    let tag = opaque(tag);
    if_none_match.split(',').any(|t| t.trim() == "*" || opaque(t) == tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names() {
        assert!(is_hashed("/pkg/sunshine.0123456789abcdef.wasm"));
        assert!(is_hashed("/pkg/sunshine.0123456789abcdef.js"));
        assert!(!is_hashed("/pkg/sunshine.wasm"));
        assert!(!is_hashed("/pkg/sunshine.js.br"));
        assert!(!is_hashed("/pkg/.0123456789abcdef.css"));
        assert!(!is_hashed("/pkg/sunshine.0123456789abcdeg.css"));
    }

    #[test]
    fn the_tag_leaves_the_nonce_out() {
        let a = etag(b"<script nonce=\"AAAA\">x</script>", Some("AAAA"));
        let b = etag(b"<script nonce=\"BBBB\">x</script>", Some("BBBB"));
        let c = etag(b"<script nonce=\"BBBB\">y</script>", Some("BBBB"));
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert!(a.starts_with("W/\""));
    }

    #[test]
    fn if_none_match_compares_weakly() {
        let tag = "W/\"abc\"";
        assert!(matches("W/\"abc\"", tag));
        assert!(matches("\"abc\"", tag));
        assert!(matches("\"x\", W/\"abc\"", tag));
        assert!(matches("*", tag));
        assert!(!matches("W/\"abd\"", tag));
    }
}
