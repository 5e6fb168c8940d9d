//! Rating downloads: a round's applications, grades.

use app::auth::service::Auth;
use app::state::AppState;
use axum::extract::{Path, Query};
use axum::response::Response;
use axum::routing::get;
use axum::{Extension, Router};

use super::download::*;
use app::kernel::csv::csv_preamble;
use app::rating::types::{AppFilter, GradeFilter};

pub(super) fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/officer/rating/rounds/{id}/export.csv", get(export_rating_applications))
        .route("/officer/rating/grades/export.csv", get(export_rating_grades))
        .route("/public/rating/export.csv", get(export_public_grades))
}

/// A rating round's applications (the filters of its page).
async fn export_rating_applications(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    Path(id): Path<i64>,
    Query(filter): Query<AppFilter>,
) -> Response {
    if let Some(res) = staff_only(&auth, &format!("/officer/rating/rounds/{id}")) {
        return res;
    }
    let filter = AppFilter { round_id: id, page: 0, ..filter };
    let db = state.db.clone();
    let header = &app::rating::service::APPS_CSV_HEADER;
    csv_download(csv_preamble(header), "rating-applications.csv", move |after| {
        let (db, filter) = (db.clone(), filter.clone());
        async move { app::rating::service::apps_csv_batch(&db, &filter, after, EXPORT_BATCH).await }
    })
}

/// Every grade (officers), with the filters of the grades page.
async fn export_rating_grades(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    Query(filter): Query<GradeFilter>,
) -> Response {
    if let Some(res) = staff_only(&auth, "/officer/rating/grades") {
        return res;
    }
    grades_csv(state, filter, false, "rating-grades.csv")
}

/// Grades in force (public); also the open data API's CSV.
pub(super) async fn export_public_grades(
    Extension(state): Extension<AppState>,
    Query(filter): Query<GradeFilter>,
) -> Response {
    grades_csv(state, filter, true, "rated-organizations.csv")
}

fn grades_csv(state: AppState, filter: GradeFilter, public: bool, name: &'static str) -> Response {
    let filter = GradeFilter { page: 0, ..filter };
    let db = state.db.clone();
    let today = app::kernel::clock::today();
    records_download(&app::rating::types::GRADE_CSV_HEADER, name, move |after| {
        let (db, filter) = (db.clone(), filter.clone());
        async move { app::rating::grades::grades_after(&db, &filter, public, today, after, EXPORT_BATCH).await }
    })
}
