//! `/healthz` and `/readyz` for a load balancer: plain text, never cached, no
//! session; `/readyz` is 503 when a migration is missing or unknown, or the
//! database does not answer.

use http::{header, Method, Request, StatusCode};
use migration::MigratorTrait;
use sunshine_tests::{db_test, Res, TestApp};

fn check_plain(res: &Res) {
    assert_eq!(res.headers.get(header::CACHE_CONTROL).unwrap(), "no-store");
    assert!(res.headers.get(header::CONTENT_TYPE).unwrap().to_str().unwrap().starts_with("text/plain"));
    assert!(res.headers.get(header::SET_COOKIE).is_none(), "no session: {:?}", res.headers);
}

async fn probe(app: &mut TestApp, path: &str) -> Res {
    let res = app.get(path).await;
    check_plain(&res);
    res
}

db_test!(healthz_and_readyz_answer_a_load_balancer, |app| {
    let res = probe(&mut app, "/healthz").await;
    assert_eq!((res.status, res.body.as_str()), (StatusCode::OK, "ok"));
    let res = probe(&mut app, "/readyz").await;
    assert_eq!((res.status, res.body.as_str()), (StatusCode::OK, "ready"));
    // Some balancers probe with HEAD.
    let head = Request::builder().method(Method::HEAD).uri("/readyz").body(axum::body::Body::empty()).unwrap();
    assert_eq!(app.send(head).await.status, StatusCode::OK);

    // A migration of this build not applied: not ready.
    let last = migration::Migrator::migrations().last().unwrap().name().to_string();
    app::db::exec(&app.db, "DELETE FROM seaql_migrations WHERE version = ?", vec![last.clone().into()]).await.unwrap();
    let res = probe(&mut app, "/readyz").await;
    assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(res.body.contains("migrations not current: 1 missing"), "{}", res.body);
    assert_eq!(probe(&mut app, "/healthz").await.status, StatusCode::OK, "alive all the same");

    // Applied again, plus one this build does not know (a newer server migrated): not ready either.
    app::db::exec(
        &app.db,
        "INSERT INTO seaql_migrations (version, applied_at) VALUES (?, 0), ('m29990101_000099_future', 0)",
        vec![last.into()],
    )
    .await
    .unwrap();
    let res = probe(&mut app, "/readyz").await;
    assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(res.body.contains("1 unknown"), "{}", res.body);
    app::db::exec(&app.db, "DELETE FROM seaql_migrations WHERE version = 'm29990101_000099_future'", vec![])
        .await
        .unwrap();
    assert_eq!(probe(&mut app, "/readyz").await.status, StatusCode::OK);

    // The database gone: not ready, still alive.
    app.db.clone().close().await.unwrap();
    let res = probe(&mut app, "/readyz").await;
    assert_eq!((res.status, res.body.as_str()), (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"));
    assert_eq!(probe(&mut app, "/healthz").await.status, StatusCode::OK);
});
