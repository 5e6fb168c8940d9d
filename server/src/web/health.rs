//! `/healthz` and `/readyz` for a load balancer: plain text, never cached,
//! merged into the router after its layers, so they need no session and meet
//! no CSRF check or rate limit.
//!
//! `/healthz` answers "ok" while the process serves (no database access);
//! `/readyz` answers "ready" when the database answers a query and holds
//! exactly this build's migrations, else 503 with the reason.

use std::time::Duration;

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use migration::MigratorTrait;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

/// How long `/readyz` waits for the database.
const DB_WAIT: Duration = Duration::from_secs(3);

pub fn routes(db: DatabaseConnection) -> Router {
    Router::new().route("/healthz", get(healthz)).route("/readyz", get(readyz)).with_state(db)
}

fn plain(status: StatusCode, text: String) -> Response {
    let mut res = (status, text).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

async fn healthz() -> Response {
    plain(StatusCode::OK, "ok".into())
}

async fn readyz(State(db): State<DatabaseConnection>) -> Response {
    let answer = match tokio::time::timeout(DB_WAIT, ready(&db)).await {
        Ok(answer) => answer,
        Err(_) => Err("database did not answer".into()),
    };
    match answer {
        Ok(()) => plain(StatusCode::OK, "ready".into()),
        Err(reason) => plain(StatusCode::SERVICE_UNAVAILABLE, reason),
    }
}

/// Whether the database answers and its applied migrations are this build's,
/// no more and no fewer; else the reason.
pub async fn ready(db: &DatabaseConnection) -> Result<(), String> {
    let backend = db.get_database_backend();
    let rows = db
        .query_all_raw(Statement::from_string(backend, "SELECT version FROM seaql_migrations ORDER BY version"))
        .await
        .map_err(|e| {
            tracing::warn!(error = %e, "readyz: database");
            "database unavailable".to_string()
        })?;
    let applied: Vec<String> = rows.iter().filter_map(|r| r.try_get::<String>("", "version").ok()).collect();
    let ours: Vec<String> = migration::Migrator::migrations().iter().map(|m| m.name().to_string()).collect();
    if applied == ours {
        return Ok(());
    }
    let missing = ours.iter().filter(|m| !applied.contains(m)).count();
    let unknown = applied.iter().filter(|m| !ours.contains(m)).count();
    Err(format!("migrations not current: {missing} missing, {unknown} unknown to this build"))
}
