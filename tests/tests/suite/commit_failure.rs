//! A write whose COMMIT fails (here a deferred foreign key, checked only at
//! COMMIT; on a full disk it is the WAL write) is refused with an error,
//! leaves nothing behind, and leaves no connection of the pool inside a
//! transaction: the next writes commit for real and hold no lock, on SQLite
//! and PostgreSQL.

use sunshine_tests::{db_test, TestApp};

async fn rows(app: &TestApp, table: &str) -> u64 {
    app::db::count(&app.db, &format!("SELECT COUNT(*) AS n FROM {table}"), vec![]).await.unwrap()
}

db_test!(a_failed_commit_changes_nothing_and_the_next_writes_commit, |app| {
    for sql in [
        "CREATE TABLE cf_parent (id BIGINT PRIMARY KEY)",
        "CREATE TABLE cf_child (id BIGINT PRIMARY KEY, parent BIGINT REFERENCES cf_parent (id) DEFERRABLE INITIALLY DEFERRED)",
    ] {
        app::db::exec(&app.db, sql, vec![]).await.unwrap();
    }
    // Several failed commits, so that every pooled connection may have met one.
    for i in 0..20i64 {
        let txn = app::db::begin_write(&app.db).await.unwrap();
        app::db::exec(&txn, "INSERT INTO cf_child (id, parent) VALUES (?, 999)", vec![i.into()]).await.unwrap();
        assert!(txn.commit().await.is_err(), "the deferred key fails the commit");
    }
    assert_eq!(rows(&app, "cf_child").await, 0, "nothing of a failed commit is kept");
    // Every later write commits for real: seen from other connections, and the write lock is free.
    for i in 0..20i64 {
        let txn = app::db::begin_write(&app.db).await.unwrap();
        app::db::exec(&txn, "INSERT INTO cf_parent (id) VALUES (?)", vec![i.into()]).await.unwrap();
        txn.commit().await.unwrap();
        let plain =
            app::db::exec(&app.db, "INSERT INTO cf_child (id, parent) VALUES (?, ?)", vec![(100 + i).into(), i.into()]);
        plain.await.unwrap();
    }
    assert_eq!(rows(&app, "cf_parent").await, 20);
    assert_eq!(rows(&app, "cf_child").await, 20);
    // A second pool on the same database sees them all: they are committed, not held in an open transaction.
    let other = server::connect(&app.url).await.unwrap();
    assert_eq!(app::db::count(&other, "SELECT COUNT(*) AS n FROM cf_parent", vec![]).await.unwrap(), 20);
    let txn = app::db::begin_write(&other).await.unwrap();
    app::db::exec(&txn, "INSERT INTO cf_parent (id) VALUES (1000)", vec![]).await.unwrap();
    txn.commit().await.unwrap();
    other.close().await.unwrap();
});
