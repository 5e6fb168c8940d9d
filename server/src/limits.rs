//! Per-client rate limits: sign-in and the one-time password links, the
//! public objection form, the public complaint form and its status enquiry,
//! the open data API (GET too), and every other request that is not a GET from a client without a
//! signed-in session. A client over its limit gets 429 with a `Retry-After`.
//!
//! The limits are GCRA buckets of the `governor` crate (the engine of
//! `tower_governor`), one keyed limiter per kind of request, kept in this
//! process: each server behind a load balancer limits on its own. One
//! middleware decides the kind from the method, the path and the session,
//! since the server functions are Leptos routes rather than axum routes one
//! could put a layer on.
//!
//! A client is its IP address (an IPv6 address by its /64 network, which one
//! subscriber usually has whole): the connection's peer, or the last
//! `X-Forwarded-For` entry when `TRUST_PROXY` says a reverse proxy of ours
//! adds it. Without either (a request handed to the router in process, as the
//! tests do) every request counts as one client. The address is put into the
//! request's extensions as [`ClientAddr`] for the sign-in's lock-out.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use app::auth::service::{Auth, ClientAddr};
use app::error::AppError;
use app::state::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// The kinds of limited request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Sign-in, opening and using a one-time password link, sending one.
    SignIn,
    /// The public objection form of the rating notices.
    Objection,
    /// The public complaint form (投诉举报).
    Report,
    /// An enquiry about a complaint by tracking number and code.
    ReportCheck,
    /// Any other request that is not a GET without a signed-in session.
    Anonymous,
    /// A request to the open data API, signed in or not.
    OpenData,
}

/// The server functions limited as sign-ins.
const SIGN_IN_PATHS: [&str; 4] =
    ["/api/auth/login", "/api/accounts/accept", "/api/accounts/invite_state", "/api/accounts/reset"];

const OBJECTION_PATH: &str = "/api/rating/public/object";

/// The public complaint form's multipart post, and the status enquiry.
const REPORT_PATH: &str = "/public/report/submit";
const REPORT_CHECK_PATH: &str = "/api/complaints/status";

/// The open data API (`crate::web::open`).
const OPEN_DATA_PREFIX: &str = "/api/open/";

/// The kind of a request, or `None` when it is not limited.
pub fn kind(method: &Method, path: &str, signed_in: bool) -> Option<Kind> {
    if path.starts_with(OPEN_DATA_PREFIX) {
        return Some(Kind::OpenData);
    }
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return None;
    }
    let path = path.trim_end_matches('/');
    if SIGN_IN_PATHS.contains(&path) {
        Some(Kind::SignIn)
    } else if path == OBJECTION_PATH {
        Some(Kind::Objection)
    } else if path == REPORT_PATH {
        Some(Kind::Report)
    } else if path == REPORT_CHECK_PATH {
        Some(Kind::ReportCheck)
    } else if !signed_in {
        Some(Kind::Anonymous)
    } else {
        None
    }
}

/// The address a rate limit counts: IPv4 as it is (also when mapped into
/// IPv6), IPv6 by its /64 network.
pub fn limit_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

/// The client's address from the last `X-Forwarded-For` entry (the one our
/// proxy added; earlier ones are whatever the client sent).
pub fn forwarded_for(headers: &HeaderMap) -> Option<IpAddr> {
    let last = headers.get_all("x-forwarded-for").iter().next_back()?.to_str().ok()?;
    let entry = last.rsplit(',').next()?.trim();
    entry.parse().ok().or_else(|| entry.parse::<SocketAddr>().ok().map(|a| a.ip()))
}

/// The client's address: the trusted proxy's `X-Forwarded-For` when
/// `trust_proxy`, else the connection's peer; `None` when neither is known.
pub fn client_ip(req: &Request, trust_proxy: bool) -> Option<IpAddr> {
    if trust_proxy {
        if let Some(ip) = forwarded_for(req.headers()) {
            return Some(ip);
        }
    }
    req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip())
}

/// The limiters of one router.
pub struct Limiters {
    sign_in: Option<DefaultKeyedRateLimiter<IpAddr>>,
    objection: Option<DefaultKeyedRateLimiter<IpAddr>>,
    report: Option<DefaultKeyedRateLimiter<IpAddr>>,
    report_check: Option<DefaultKeyedRateLimiter<IpAddr>>,
    anonymous: Option<DefaultKeyedRateLimiter<IpAddr>>,
    open_data: Option<DefaultKeyedRateLimiter<IpAddr>>,
    trust_proxy: bool,
    clock: DefaultClock,
    checks: AtomicU64,
}

/// Requests between two sweeps of clients whose buckets are full again.
const SWEEP_EVERY: u64 = 4096;

fn limiter(n: u32, per: Duration) -> Option<DefaultKeyedRateLimiter<IpAddr>> {
    let n = NonZeroU32::new(n)?;
    Quota::with_period(per / n.get()).map(|q| RateLimiter::keyed(q.allow_burst(n)))
}

impl Limiters {
    pub fn new(state: &AppState) -> Arc<Limiters> {
        let l = state.settings.rate_limits;
        Arc::new(Limiters {
            sign_in: limiter(l.sign_in_per_minute, Duration::from_secs(60)),
            objection: limiter(l.objections_per_hour, Duration::from_secs(3600)),
            report: limiter(l.reports_per_hour, Duration::from_secs(3600)),
            report_check: limiter(l.report_checks_per_hour, Duration::from_secs(3600)),
            anonymous: limiter(l.anonymous_per_minute, Duration::from_secs(60)),
            open_data: limiter(l.open_data_per_minute, Duration::from_secs(60)),
            trust_proxy: state.settings.trust_proxy,
            clock: DefaultClock::default(),
            checks: AtomicU64::new(0),
        })
    }

    /// `Err(wait)` when the client at `ip` is over its limit for `kind`.
    fn check(&self, kind: Kind, ip: IpAddr) -> Result<(), Duration> {
        let limiter = match kind {
            Kind::SignIn => &self.sign_in,
            Kind::Objection => &self.objection,
            Kind::Report => &self.report,
            Kind::ReportCheck => &self.report_check,
            Kind::Anonymous => &self.anonymous,
            Kind::OpenData => &self.open_data,
        };
        let Some(limiter) = limiter else { return Ok(()) };
        if self.checks.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            for l in
                [&self.sign_in, &self.objection, &self.report, &self.report_check, &self.anonymous, &self.open_data]
                    .into_iter()
                    .flatten()
            {
                l.retain_recent();
                l.shrink_to_fit();
            }
        }
        limiter.check_key(&limit_key(ip)).map_err(|not_until| not_until.wait_time_from(self.clock.now()))
    }
}

/// The middleware (after the session's, which says whether the client is
/// signed in).
pub async fn limit(State(limiters): State<Arc<Limiters>>, mut req: Request, next: Next) -> Response {
    let ip = client_ip(&req, limiters.trust_proxy);
    let signed_in = req.extensions().get::<Auth>().is_some_and(|a| a.0.is_some());
    let key = ip.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    if let Some(kind) = kind(req.method(), req.uri().path(), signed_in) {
        if let Err(wait) = limiters.check(kind, key) {
            tracing::warn!(client = %key, ?kind, path = %req.uri().path(), "rate limit");
            return too_many(req.headers(), req.uri().path(), wait);
        }
    }
    req.extensions_mut().insert(ClientAddr(ip.map(|ip| limit_key(ip).to_string()).unwrap_or_default()));
    next.run(req).await
}

/// 429: to a server function called by the page, the error it decodes; to a
/// browser, the message in the page's language.
fn too_many(headers: &HeaderMap, path: &str, wait: Duration) -> Response {
    refusal(StatusCode::TOO_MANY_REQUESTS, AppError::RateLimited, headers, path, wait)
}

/// A refusal with `status` and `error`: to a server function called by the
/// page, the error it decodes; to a browser, the message in the page's
/// language; `Retry-After` in whole seconds.
fn refusal(status: StatusCode, error: AppError, headers: &HeaderMap, path: &str, wait: Duration) -> Response {
    let html = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"));
    let mut res = if path.starts_with("/api/") && !html {
        let body = serde_json::to_string(&error).unwrap_or_default();
        (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
    } else {
        let cookies: Vec<&str> = headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).collect();
        let lang = app::i18n::Lang::from_cookie_header(&cookies.join("; "));
        let text = app::i18n::lookup(lang, error.message_key());
        (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
    };
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    if let Ok(v) = HeaderValue::from_str(&secs.max(1).to_string()) {
        res.headers_mut().insert(header::RETRY_AFTER, v);
    }
    res
}

/// Back-pressure (tower's concurrency limit, load shedding and timeout) on
/// `router`: at most `max_in_flight` requests at once, and a request past
/// that is answered 503 at once (`Retry-After: 1`) instead of waiting in a
/// queue for seconds; a request still unanswered after `timeout` is dropped
/// and answered 503.
pub fn with_backpressure<S: Clone + Send + Sync + 'static>(
    router: axum::Router<S>,
    max_in_flight: usize,
    timeout: Duration,
) -> axum::Router<S> {
    router.layer(
        tower::ServiceBuilder::new()
            .layer(axum::error_handling::HandleErrorLayer::new(overloaded))
            .load_shed()
            // One semaphore for every route the layer wraps (axum layers each route).
            .layer(tower::limit::GlobalConcurrencyLimitLayer::new(max_in_flight.max(1)))
            .timeout(timeout),
    )
}

/// 503 for a request shed or timed out by [`backpressure`].
async fn overloaded(uri: axum::http::Uri, headers: HeaderMap, err: tower::BoxError) -> Response {
    if err.is::<tower::timeout::error::Elapsed>() {
        tracing::warn!(path = uri.path(), "request cut off by the request timeout");
    }
    refusal(StatusCode::SERVICE_UNAVAILABLE, AppError::Busy, &headers, uri.path(), Duration::from_secs(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(kind(&Method::POST, "/api/auth/login", true), Some(Kind::SignIn));
        assert_eq!(kind(&Method::POST, "/api/accounts/accept", false), Some(Kind::SignIn));
        assert_eq!(kind(&Method::POST, "/api/rating/public/object", false), Some(Kind::Objection));
        assert_eq!(kind(&Method::POST, "/public/report/submit", false), Some(Kind::Report));
        assert_eq!(kind(&Method::POST, "/public/report/submit", true), Some(Kind::Report));
        assert_eq!(kind(&Method::POST, "/api/complaints/status", false), Some(Kind::ReportCheck));
        assert_eq!(kind(&Method::GET, "/public/report", false), None);
        assert_eq!(kind(&Method::GET, "/api/open/v1/organizations", false), Some(Kind::OpenData));
        assert_eq!(kind(&Method::GET, "/api/open/v1/warnings.csv", true), Some(Kind::OpenData));
        assert_eq!(kind(&Method::POST, "/api/registry/list", false), Some(Kind::Anonymous));
        assert_eq!(kind(&Method::POST, "/api/registry/register", true), None);
        assert_eq!(kind(&Method::GET, "/login", false), None);
    }

    #[test]
    fn keys_and_forwarded_addresses() {
        let v6: IpAddr = "2001:db8:1:2:3:4:5:6".parse().unwrap();
        assert_eq!(limit_key(v6), "2001:db8:1:2::".parse::<IpAddr>().unwrap());
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(limit_key(mapped), "192.0.2.7".parse::<IpAddr>().unwrap());
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", HeaderValue::from_static("203.0.113.9, 198.51.100.4"));
        assert_eq!(forwarded_for(&h), Some("198.51.100.4".parse().unwrap()));
        h.insert("x-forwarded-for", HeaderValue::from_static("nonsense"));
        assert_eq!(forwarded_for(&h), None);
    }

    #[test]
    fn a_bucket_refuses_past_its_burst() {
        let l = limiter(3, Duration::from_secs(60)).unwrap();
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        assert!((0..3).all(|_| l.check_key(&ip).is_ok()));
        assert!(l.check_key(&ip).is_err());
        assert!(l.check_key(&"192.0.2.2".parse().unwrap()).is_ok(), "another client has its own");
        assert!(limiter(0, Duration::from_secs(60)).is_none(), "0 is off");
    }

    /// A router with one route whose handler waits for `release`.
    fn held(release: std::sync::Arc<tokio::sync::Notify>, max: usize, timeout: Duration) -> axum::Router {
        let route = axum::routing::get(move || {
            let release = release.clone();
            async move {
                release.notified().await;
                "done"
            }
        });
        with_backpressure(axum::Router::new().route("/slow", route.clone()).route("/other", route), max, timeout)
    }

    async fn call(router: &axum::Router, accept: &str) -> (StatusCode, Option<String>, String) {
        call_at(router, "/slow", accept).await
    }

    async fn call_at(router: &axum::Router, path: &str, accept: &str) -> (StatusCode, Option<String>, String) {
        use http_body_util::BodyExt;
        use tower::ServiceExt;
        let req = Request::builder().uri(path).header(header::ACCEPT, accept).body(axum::body::Body::empty()).unwrap();
        let res = router.clone().oneshot(req).await.unwrap();
        let retry = res.headers().get(header::RETRY_AFTER).map(|v| v.to_str().unwrap().to_string());
        let status = res.status();
        let body = res.into_body().collect().await.unwrap().to_bytes();
        (status, retry, String::from_utf8_lossy(&body).into_owned())
    }

    #[tokio::test]
    async fn past_the_limit_a_request_is_refused_at_once_and_a_slow_one_is_cut_off() {
        let release = std::sync::Arc::new(tokio::sync::Notify::new());
        let router = held(release.clone(), 1, Duration::from_secs(30));
        let first = tokio::spawn({
            let router = router.clone();
            async move { call(&router, "text/html").await }
        });
        tokio::time::sleep(Duration::from_millis(100)).await;
        // The one slot is taken: the next request, to any route, is refused at once, with the reason.
        let started = std::time::Instant::now();
        let (status, retry, body) = call_at(&router, "/other", "text/html").await;
        assert!(started.elapsed() < Duration::from_secs(1), "refused without waiting");
        assert_eq!((status, retry.as_deref()), (StatusCode::SERVICE_UNAVAILABLE, Some("1")));
        assert_eq!(body, app::i18n::lookup(app::i18n::Lang::Zh, "err_busy"));
        release.notify_one();
        assert_eq!(first.await.unwrap().0, StatusCode::OK, "the request under way is answered");
        // A slot is free again.
        let second = tokio::spawn({
            let router = router.clone();
            async move { call(&router, "text/html").await }
        });
        tokio::time::sleep(Duration::from_millis(100)).await;
        release.notify_one();
        assert_eq!(second.await.unwrap().0, StatusCode::OK);

        // A request past the timeout is dropped with 503.
        let router = held(std::sync::Arc::new(tokio::sync::Notify::new()), 4, Duration::from_millis(200));
        let (status, _, _) = call(&router, "application/json").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    }
}
