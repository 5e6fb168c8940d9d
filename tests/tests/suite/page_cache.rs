//! Copies of public pages (issue 18, `server/src/web/page_cache.rs`): an
//! anonymous visitor's second request for a public page is answered from the
//! copy (a change made behind the application's back does not show), with
//! the nonce of its own answer; any committed write transaction of this
//! process, or a writer of another process (SQLite: the generation row it
//! raises; PostgreSQL: its notification), makes the page render afresh;
//! signed-in users and visitors with a flash message never get a copy.

use std::time::{Duration, Instant};

use app::db;
use sunshine_tests::{db_test, Backend, TestApp};

/// The first organization of the demo data, and its public page.
async fn first_org(app: &TestApp) -> (i64, String) {
    let id = db::column::<_, i64>(&app.db, "SELECT id FROM organization ORDER BY id LIMIT 1", vec![], "id")
        .await
        .unwrap()[0];
    (id, format!("/public/orgs/{id}"))
}

/// Renames organization `id` behind the application's back: plain SQL, no
/// write transaction of the application.
async fn rename_behind(app: &TestApp, id: i64, name: &str) {
    db::exec(&app.db, "UPDATE organization SET name = ? WHERE id = ?", vec![name.into(), id.into()]).await.unwrap();
}

/// Waits until copies can be used: on PostgreSQL the process's listener for
/// the writers' notifications connects a moment after the server starts (no
/// copy is used before).
async fn copies_ready(app: &TestApp) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while db::generation(&app.db).await.unwrap().is_none() {
        assert!(Instant::now() < deadline, "no data generation 10 s after the start");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    settled(app).await;
}

/// Waits until the generation stays put for 300 ms: on PostgreSQL the
/// notifications of the writes just committed (this process's too) arrive a
/// moment later, and each moves the generation once more.
async fn settled(app: &TestApp) {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut last = db::generation(&app.db).await.unwrap();
    loop {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let now = db::generation(&app.db).await.unwrap();
        if now == last {
            return;
        }
        assert!(Instant::now() < deadline, "the data generation still moving after 10 s");
        last = now;
    }
}

/// The nonce of the answer's Content-Security-Policy.
fn csp_nonce(res: &sunshine_tests::Res) -> String {
    let csp = res.headers.get(http::header::CONTENT_SECURITY_POLICY).unwrap().to_str().unwrap();
    csp.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap().to_string()
}

db_test!(a_public_page_is_served_from_its_copy_until_a_write_commits, |app| {
    let settings = app.state.settings.clone();
    server::seed::seed_demo(&app.db, &settings, 5, 2026).await.unwrap();
    copies_ready(&app).await;
    let (id, page) = first_org(&app).await;
    let first = app.get(&page).await;
    assert_eq!(first.status, 200);
    rename_behind(&app, id, "幕后改名的协会").await;
    let second = app.get(&page).await;
    assert!(!second.body.contains("幕后改名的协会"), "the second visitor gets the copy");
    // The copy carries this answer's nonce, not the first one's.
    let (n1, n2) = (csp_nonce(&first), csp_nonce(&second));
    assert_ne!(n1, n2);
    assert!(second.body.contains(&format!("nonce=\"{n2}\"")), "the copy's scripts carry this answer's nonce");
    assert!(!second.body.contains(&n1), "nothing of the first answer's nonce is left");
    // A signed-in user, or a visitor with a flash message, gets the page rendered for them.
    app.cookies.insert("flash".into(), "x".into());
    assert!(app.get(&page).await.body.contains("幕后改名的协会"), "a visitor with a cookie gets a fresh page");
    app.cookies.remove("flash");
    // A committed write transaction of the application: the copy is no longer used.
    db::begin_write(&app.db).await.unwrap().commit().await.unwrap();
    assert!(app.get(&page).await.body.contains("幕后改名的协会"), "after a write the page is rendered afresh");
    settled(&app).await;
    app.get(&page).await;
    // A draft does not move the generation; the copy stays in use.
    rename_behind(&app, id, "第二次幕后改名").await;
    db::begin_write(&app.db).await.unwrap().commit_unseen().await.unwrap();
    assert!(!app.get(&page).await.body.contains("第二次幕后改名"), "a draft's commit leaves the copies");
});

db_test!(a_write_of_another_process_ends_the_copies, |app| {
    let settings = app.state.settings.clone();
    server::seed::seed_demo(&app.db, &settings, 5, 2026).await.unwrap();
    copies_ready(&app).await;
    let (id, page) = first_org(&app).await;
    app.get(&page).await;
    rename_behind(&app, id, "另一进程改名").await;
    assert!(!app.get(&page).await.body.contains("另一进程改名"));
    // What another process's write transaction does, on a connection of its own.
    let other = server::connect(&app.url).await.unwrap();
    match app.backend {
        Backend::Sqlite => {
            db::exec(&other, "UPDATE data_generation SET n = n + 1 WHERE id = 1", vec![]).await.unwrap();
        }
        Backend::Postgres => {
            db::exec(&other, "SELECT pg_notify('sunshine_data', '')", vec![]).await.unwrap();
        }
    }
    // PostgreSQL delivers the notification a moment later.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if app.get(&page).await.body.contains("另一进程改名") {
            break;
        }
        assert!(Instant::now() < deadline, "the page still shows the copy 5 s after another process wrote");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
});

db_test!(signed_in_users_never_get_a_copy, |app| {
    let settings = app.state.settings.clone();
    server::seed::seed_demo(&app.db, &settings, 5, 2026).await.unwrap();
    let (id, page) = first_org(&app).await;
    app.officer().await;
    app.get(&page).await;
    rename_behind(&app, id, "登录用户看到的新名称").await;
    assert!(app.get(&page).await.body.contains("登录用户看到的新名称"));
});
