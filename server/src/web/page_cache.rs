//! Copies of the public pages as anonymous visitors get them (issue 18).
//!
//! A page under `/public/` (and the home page) asked for with `GET` and no
//! cookie but the language's is the same for every visitor until the data
//! changes, so its rendering is kept: the next visitor gets the copy with the
//! script nonce of their own answer put in place of the copy's. A copy is
//! only used while the data's generation is the one it was rendered at
//! ([`app::db::generation`], which every committed write transaction of any
//! process moves on), and on the bureau's day it was rendered (pages show
//! deadlines in days). A signed-in user, a flash message (a cookie) or any
//! other request renders afresh. Copies take at most `PAGE_CACHE_MB` of
//! memory, the least recently used going first; 0 turns them off.

use std::sync::{Arc, Mutex};

use app::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hashlink::LruCache;

use crate::headers::CspNonce;

/// A rendered page: its headers and body, the nonce it was rendered with, the
/// data's generation it was read at and the bureau's day.
struct Copy {
    generation: u64,
    day: chrono::NaiveDate,
    nonce: String,
    headers: HeaderMap,
    body: Bytes,
}

struct Copies {
    pages: LruCache<String, Arc<Copy>>,
    bytes: usize,
}

/// The process's copies of public pages (one per router).
#[derive(Clone)]
pub struct PageCache {
    copies: Arc<Mutex<Copies>>,
    budget: usize,
}

impl PageCache {
    pub fn new(megabytes: u64) -> PageCache {
        let copies = Copies { pages: LruCache::new_unbounded(), bytes: 0 };
        PageCache { copies: Arc::new(Mutex::new(copies)), budget: (megabytes as usize).saturating_mul(1 << 20) }
    }

    fn get(&self, key: &str) -> Option<Arc<Copy>> {
        self.copies.lock().ok()?.pages.get(key).cloned()
    }

    fn put(&self, key: String, copy: Copy) {
        let size = key.len() + copy.body.len();
        if size > self.budget / 4 {
            return;
        }
        let Ok(mut c) = self.copies.lock() else { return };
        if let Some(old) = c.pages.insert(key.clone(), Arc::new(copy)) {
            c.bytes -= key.len() + old.body.len();
        }
        c.bytes += size;
        while c.bytes > self.budget {
            let Some((k, old)) = c.pages.remove_lru() else { break };
            c.bytes -= k.len() + old.body.len();
        }
    }
}

/// The key of a request whose answer may be a copy: its path and query and
/// the language it asks for; `None` for every other request.
pub fn key(method: &Method, uri: &http::Uri, headers: &HeaderMap) -> Option<String> {
    let path = uri.path();
    if method != Method::GET || !(path == "/" || path.starts_with("/public/")) || fresh_each_time(path) {
        return None;
    }
    let mut lang = "";
    for value in headers.get_all(header::COOKIE) {
        for pair in value.to_str().ok()?.split(';') {
            match pair.trim().split_once('=') {
                Some(("lang", v)) => lang = v,
                None if pair.trim().is_empty() => {}
                // A session, a flash message or anything else: rendered for this visitor.
                _ => return None,
            }
        }
    }
    Some(format!("{lang}|{}", uri.path_and_query().map(|p| p.as_str()).unwrap_or(path)))
}

/// Public pages rendered for each visitor: the complaint form carries a start
/// stamp of its own rendering (a copy would let a robot's first post look
/// slow enough), and its receipt and status pages show one reporter's complaint.
fn fresh_each_time(path: &str) -> bool {
    path == "/public/report" || path.starts_with("/public/report/")
}

/// `body` with every `from` replaced by `to` (the copy's nonce by this answer's).
pub fn renonce(body: &[u8], from: &str, to: &str) -> Vec<u8> {
    if from.is_empty() {
        return body.to_vec();
    }
    let mut out = Vec::with_capacity(body.len());
    let mut last = 0;
    for i in memchr::memmem::find_iter(body, from.as_bytes()) {
        out.extend_from_slice(&body[last..i]);
        out.extend_from_slice(to.as_bytes());
        last = i + from.len();
    }
    out.extend_from_slice(&body[last..]);
    out
}

/// The middleware: answers from a copy when one is current, else renders
/// and keeps a copy of a plain 200 page.
pub async fn serve(State((state, cache)): State<(AppState, PageCache)>, req: Request, next: Next) -> Response {
    if cache.budget == 0 {
        return next.run(req).await;
    }
    let Some(key) = key(req.method(), req.uri(), req.headers()) else {
        return next.run(req).await;
    };
    let generation = match app::db::generation(&state.db).await {
        Ok(Some(g)) => g,
        Ok(None) => return next.run(req).await,
        Err(e) => {
            tracing::warn!(error = %e, "reading the data's generation; the page is rendered");
            return next.run(req).await;
        }
    };
    let day = app::kernel::clock::today();
    let nonce = req.extensions().get::<CspNonce>().map(|n| n.0.to_string()).unwrap_or_default();
    if let Some(copy) = cache.get(&key).filter(|c| c.generation == generation && c.day == day) {
        metrics::counter!("page_cache_total", "outcome" => "hit").increment(1);
        let mut res = Response::new(Body::from(renonce(&copy.body, &copy.nonce, &nonce)));
        *res.headers_mut() = copy.headers.clone();
        return res;
    }
    metrics::counter!("page_cache_total", "outcome" => "miss").increment(1);
    let res = next.run(req).await;
    let plain_html = res.status() == StatusCode::OK
        && !res.headers().contains_key(header::SET_COOKIE)
        && !res.headers().contains_key(header::CONTENT_ENCODING)
        && res
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
    if !plain_html {
        return res;
    }
    let (parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(error = %e, "reading a page's body");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let mut parts = parts;
    // The page's tag is the same for every copy (the nonce left out): made once here.
    if let Ok(v) = header::HeaderValue::from_str(&super::assets::etag(&bytes, Some(&nonce))) {
        parts.headers.insert(header::ETAG, v);
    }
    let mut headers = parts.headers.clone();
    headers.remove(header::CONTENT_LENGTH);
    cache.put(key, Copy { generation, day, nonce, headers, body: bytes.clone() });
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(cookie: Option<&str>) -> HeaderMap {
        let mut h = HeaderMap::new();
        if let Some(c) = cookie {
            h.insert(header::COOKIE, c.parse().unwrap());
        }
        h
    }

    #[test]
    fn only_anonymous_gets_of_public_pages_have_a_key() {
        let uri = |s: &str| s.parse::<http::Uri>().unwrap();
        let get = Method::GET;
        assert_eq!(key(&get, &uri("/public/orgs?q=a"), &headers(None)).as_deref(), Some("|/public/orgs?q=a"));
        assert_eq!(key(&get, &uri("/"), &headers(Some("lang=en"))).as_deref(), Some("en|/"));
        assert_eq!(
            key(&get, &uri("/public/credit"), &headers(Some("lang=zh; "))).as_deref(),
            Some("zh|/public/credit")
        );
        assert_eq!(key(&get, &uri("/public/orgs"), &headers(Some("lang=en; sid=abc"))), None, "signed in");
        assert_eq!(key(&get, &uri("/public/orgs"), &headers(Some("flash=x"))), None, "a flash message");
        assert_eq!(key(&Method::POST, &uri("/public/orgs"), &headers(None)), None);
        assert_eq!(key(&get, &uri("/public/report"), &headers(None)), None, "the complaint form's stamp");
        assert_eq!(key(&get, &uri("/public/report/status"), &headers(None)), None);
        assert!(key(&get, &uri("/public/reports"), &headers(None)).is_some());
        assert_eq!(key(&get, &uri("/officer/orgs"), &headers(None)), None);
        assert_eq!(key(&get, &uri("/portal"), &headers(None)), None);
    }

    #[test]
    fn the_nonce_is_replaced_everywhere() {
        let body = b"<script nonce=\"AAA\">1</script><script nonce=\"AAA\">2</script>";
        assert_eq!(renonce(body, "AAA", "BBBB"), b"<script nonce=\"BBBB\">1</script><script nonce=\"BBBB\">2</script>");
        assert_eq!(renonce(body, "", "BBBB"), body.to_vec());
    }

    #[test]
    fn copies_stay_within_the_budget() {
        let cache = PageCache::new(1);
        let copy = |n: usize| Copy {
            generation: 1,
            day: chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
            nonce: String::new(),
            headers: HeaderMap::new(),
            body: Bytes::from(vec![b'x'; n]),
        };
        for i in 0..20 {
            cache.put(format!("k{i}"), copy(200_000));
        }
        let c = cache.copies.lock().unwrap();
        assert!(c.bytes <= 1 << 20, "{} bytes", c.bytes);
        assert!(c.pages.len() == 5, "{} copies", c.pages.len());
        assert!(c.pages.contains_key("k19") && !c.pages.contains_key("k0"), "the least recently used went first");
        drop(c);
        cache.put("big".into(), copy(400_000));
        assert!(cache.get("big").is_none(), "a page over a quarter of the budget is not kept");
    }
}
