//! The year-end statistics as a CSV download.

use app::auth::service::Auth;
use app::dashboard::{service, types};
use app::i18n::{lookup, Lang};
use app::state::AppState;
use axum::extract::Query;
use axum::response::Response;
use axum::routing::get;
use axum::{Extension, Router};
use serde::Deserialize;

use super::download::{csv_file, error_response, staff_only};

pub(super) fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new().route("/officer/statistics/export.csv", get(export_year_stats))
}

#[derive(Deserialize)]
struct YearQuery {
    year: Option<i32>,
}

/// Section, figure, detail and value of every figure, in Chinese.
async fn export_year_stats(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    Query(q): Query<YearQuery>,
) -> Response {
    if let Some(res) = staff_only(&auth, "/officer/statistics") {
        return res;
    }
    let year = q.year.unwrap_or_else(|| chrono::Datelike::year(&app::kernel::clock::today())).clamp(2000, 2100);
    let stats = match service::year_stats(&state.db, &state.settings, year).await {
        Ok(s) => s,
        Err(e) => return error_response(e.into()),
    };
    let mut rows = app::kernel::csv::CsvRows::new();
    for r in service::stats_csv(&stats, |k| lookup(Lang::Zh, k)) {
        if let Err(e) = rows.push(&r) {
            return error_response(e.into());
        }
    }
    match rows.finish() {
        Ok(bytes) => csv_file(&types::STATS_CSV_HEADER, bytes, &format!("statistics-{year}.csv")),
        Err(e) => error_response(e.into()),
    }
}
