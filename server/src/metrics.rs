//! Metrics in the Prometheus text format at `/metrics`, for administrators
//! or a scraper on the machine itself (loopback; behind a trusted proxy, the
//! forwarded client address counts): requests by route, method and status
//! with their latency, the outbox's depth and its oldest mail's age, the
//! import jobs by status, and the daily jobs' runs and durations.

use std::sync::OnceLock;
use std::time::Instant;

use app::auth::service::Auth;
use app::auth::types::Role;
use app::state::AppState;
use axum::extract::{MatchedPath, Request};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

/// Seconds; the request latencies' histogram buckets.
const LATENCY_BUCKETS: [f64; 12] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];

/// The process's recorder, installed on first use (once for every router a process builds).
pub fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), &LATENCY_BUCKETS)
            .expect("buckets are not empty")
            .build_recorder();
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("a metrics recorder was already installed; /metrics shows only its own");
        }
        handle
    })
}

/// Counts every request routed by the layer: its route (the pattern, not
/// the path, so ids make no new series), method and status, and its latency.
pub async fn track(req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().map(|m| m.as_str().to_string());
    let route = route.unwrap_or_else(|| "other".into());
    let method = req.method().as_str().to_string();
    let started = Instant::now();
    let res = next.run(req).await;
    let status = res.status().as_u16().to_string();
    metrics::counter!("http_requests_total", "route" => route.clone(), "method" => method.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("http_request_duration_seconds", "route" => route, "method" => method)
        .record(started.elapsed().as_secs_f64());
    res
}

/// Records a daily job's run: its duration and whether it failed.
pub fn job_run(job: &'static str, seconds: f64, ok: bool) {
    metrics::counter!("daily_job_runs_total", "job" => job, "outcome" => if ok { "ok" } else { "error" }).increment(1);
    metrics::histogram!("daily_job_duration_seconds", "job" => job).record(seconds);
}

/// `GET /metrics`: administrators, or a client on this machine.
pub async fn endpoint(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    req: Request,
) -> Response {
    let admin = auth.0.as_ref().is_some_and(|u| u.role == Role::Admin);
    let local = crate::limits::client_ip(&req, state.settings.trust_proxy).is_some_and(|ip| ip.is_loopback());
    if !admin && !local {
        return StatusCode::NOT_FOUND.into_response();
    }
    if let Err(e) = gauges(&state).await {
        tracing::error!(error = %e, "metrics: reading the outbox and import jobs failed");
    }
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8"), (header::CACHE_CONTROL, "no-store")],
        handle().render(),
    )
        .into_response()
}

/// The figures read from the database when scraped: outbox depth and oldest
/// age, import jobs by status.
async fn gauges(state: &AppState) -> Result<(), sea_orm::DbErr> {
    let db = &state.db;
    let pending = app::db::count(db, "SELECT COUNT(*) AS n FROM mail_outbox WHERE status = 'pending'", vec![]).await?;
    metrics::gauge!("outbox_pending").set(pending as f64);
    let oldest: Option<entity::mail_outbox::Model> = {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
        entity::mail_outbox::Entity::find()
            .filter(entity::mail_outbox::Column::Status.eq("pending"))
            .order_by_asc(entity::mail_outbox::Column::Id)
            .one(db)
            .await?
    };
    let age = oldest.map(|m| (chrono::Utc::now() - m.created_at).num_seconds().max(0)).unwrap_or(0);
    metrics::gauge!("outbox_oldest_pending_seconds").set(age as f64);
    for status in ["checking", "writing", "done", "failed"] {
        let n =
            app::db::count(db, "SELECT COUNT(*) AS n FROM import_job WHERE status = ?", vec![status.into()]).await?;
        metrics::gauge!("import_jobs", "status" => status).set(n as f64);
    }
    Ok(())
}
