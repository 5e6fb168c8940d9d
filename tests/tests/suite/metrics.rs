//! `/metrics`: the Prometheus text for administrators (or a scraper on the
//! machine itself), nothing for anyone else; requests counted by route
//! pattern and status with their latency, the outbox's depth and age, the
//! import jobs by status.

use http::StatusCode;
use sunshine_tests::db_test;

db_test!(metrics_are_for_administrators_and_count_requests_by_route, |app| {
    assert_eq!(app.get("/metrics").await.status, StatusCode::NOT_FOUND, "not for the public");
    app.officer().await;
    assert_eq!(app.get("/metrics").await.status, StatusCode::NOT_FOUND, "not for an officer");
    app.logout().await;
    app.user("admin1", "Admin#Metrics-2026!", app::auth::types::Role::Admin, None).await;
    app.login("admin1", "Admin#Metrics-2026!").await;
    for path in ["/public/orgs", "/public/orgs/1", "/public/orgs/2"] {
        app.get(path).await;
    }
    let res = app.get("/metrics").await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.headers.get("content-type").unwrap().to_str().unwrap().starts_with("text/plain"));
    let body = res.body;
    // One series for the route pattern, whatever the id.
    assert!(body.contains("route=\"/public/orgs/{id}\""), "{body}");
    assert!(!body.contains("route=\"/public/orgs/1\""), "{body}");
    let line = body
        .lines()
        .find(|l| l.starts_with("http_requests_total{") && l.contains("route=\"/public/orgs/{id}\""))
        .unwrap_or_else(|| panic!("{body}"));
    let n: f64 = line.rsplit(' ').next().unwrap().parse().unwrap();
    assert!(n >= 2.0, "{line}");
    assert!(body.contains("http_request_duration_seconds_bucket{"), "{body}");
    assert!(body.contains("outbox_pending "), "{body}");
    assert!(body.contains("outbox_oldest_pending_seconds "), "{body}");
    assert!(body.contains("import_jobs{status=\"done\"}"), "{body}");
});
