//! Security hardening of sign-in and sessions (issue 16, items 6–8): the
//! session secret, rate limits, lock-outs per address, password strength,
//! one-time links and session lifetimes.

use std::path::PathBuf;

/// A new empty folder under the system's temporary folder.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join("sunshine-tests").join(format!(
        "{name}-{}-{}",
        std::process::id(),
        rand::random::<u32>()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn without_session_secret_one_is_generated_private_and_reused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_dir("secret");
    let data = dir.join("data");
    let first = server::config::session_secret(None, &data).expect("a generated secret");
    assert!(first.len() >= 32, "{first}");
    let file = data.join(server::config::SECRET_FILE);
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "owner only: {mode:o}");
    assert_eq!(std::fs::read_to_string(&file).unwrap().trim(), first);
    let second = server::config::session_secret(None, &data).unwrap();
    assert_eq!(first, second, "reused on the next start");
    // Another data folder, another secret.
    let other = server::config::session_secret(None, &dir.join("other")).unwrap();
    assert_ne!(first, other);
    // A file others may read is refused.
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let err = server::config::session_secret(None, &data).unwrap_err();
    assert!(err.to_string().contains("chmod 600"), "{err}");
    // So is a short secret in the file.
    std::fs::write(&file, "short").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let err = server::config::session_secret(None, &data).unwrap_err();
    assert!(err.to_string().contains("too short"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_short_session_secret_is_refused_and_a_long_one_used() {
    let dir = temp_dir("secret-env");
    let err = server::config::session_secret(Some("dev-only-secret-change-me".into()), &dir).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("SESSION_SECRET") && text.contains("at least 32 bytes"), "{text}");
    let long = "0123456789abcdef0123456789abcdef";
    assert_eq!(server::config::session_secret(Some(long.into()), &dir).unwrap(), long);
    assert!(!dir.join(server::config::SECRET_FILE).exists(), "no file when SESSION_SECRET is set");
    std::fs::remove_dir_all(&dir).ok();
}

/// Runs a test body on SQLite and on PostgreSQL with the given settings.
macro_rules! db_test_with {
    ($name:ident, $settings:expr, |$app:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                #[allow(unused_mut)]
                let mut $app = TestApp::with_settings(Backend::Sqlite, $settings).await;
                sunshine_tests::within_limit(async move { $body }).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                #[allow(unused_mut)]
                let mut $app = TestApp::with_settings(Backend::Postgres, $settings).await;
                sunshine_tests::within_limit(async move { $body }).await;
            }
        }
    };
}

use app::auth::types::Role;
use axum::body::Body;
use axum::extract::ConnectInfo;
use http::{header, Method, Request, StatusCode};
use sunshine_tests::{db_test, Backend, Res, TestApp};

/// The real limits, as a server runs with them.
fn real_limits() -> app::state::Settings {
    app::state::Settings { rate_limits: Default::default(), ..sunshine_tests::test_settings() }
}

/// Posts a form from the client at `ip` (the connection's peer address, as
/// the server sees it), with extra headers.
async fn post_from(
    app: &mut TestApp,
    ip: &str,
    path: &str,
    fields: &[(&str, &str)],
    accept: &str,
    headers: &[(&str, &str)],
) -> Res {
    let cookies = app.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
    let peer: std::net::SocketAddr = format!("{ip}:40000").parse().unwrap();
    let mut b = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::HOST, "localhost")
        .header(header::ACCEPT, accept)
        .header(header::ORIGIN, "http://localhost")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookies)
        .extension(ConnectInfo(peer));
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    app.send(b.body(Body::from(serde_urlencoded::to_string(fields).unwrap())).unwrap()).await
}

const JSON: &str = "application/json";
const HTML: &str = "text/html";

async fn sign_in_from(app: &mut TestApp, ip: &str, user: &str, password: &str) -> Res {
    post_from(app, ip, "/api/auth/login", &[("username", user), ("password", password), ("next", "")], JSON, &[]).await
}

db_test_with!(twenty_sign_ins_from_one_client_get_429, real_limits(), |app| {
    let mut statuses = Vec::new();
    for _ in 0..20 {
        statuses.push(sign_in_from(&mut app, "192.0.2.1", "nobody", "wrong-password").await.status);
    }
    let refused = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    assert!(statuses[..10].iter().all(|s| *s == StatusCode::UNPROCESSABLE_ENTITY), "{statuses:?}");
    assert_eq!(refused, 10, "{statuses:?}");
    // The page's call decodes the error; a browser without JavaScript reads the message.
    let res = sign_in_from(&mut app, "192.0.2.1", "nobody", "wrong-password").await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(res.body.contains("RateLimited"), "{}", res.body);
    assert!(res.headers.get(header::RETRY_AFTER).is_some());
    let fields = [("username", "nobody"), ("password", "x"), ("next", "")];
    let res = post_from(&mut app, "192.0.2.1", "/api/auth/login", &fields, HTML, &[]).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(res.body.contains("请求过于频繁，请稍后再试"), "{}", res.body);
    let res = post_from(&mut app, "192.0.2.1", "/api/auth/login", &fields, HTML, &[("cookie", "lang=en")]).await;
    assert!(res.body.contains("Too many requests"), "{}", res.body);
    // X-Forwarded-For is not believed without TRUST_PROXY.
    let res =
        post_from(&mut app, "192.0.2.1", "/api/auth/login", &fields, JSON, &[("x-forwarded-for", "203.0.113.5")]).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    // Another client is not affected.
    assert_eq!(sign_in_from(&mut app, "192.0.2.2", "nobody", "x").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The password links are limited as sign-ins.
    let res = post_from(
        &mut app,
        "192.0.2.1",
        "/api/accounts/accept",
        &[("token", "x"), ("password", "x"), ("confirm", "x")],
        JSON,
        &[],
    )
    .await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
});

db_test_with!(objections_and_anonymous_writes_are_limited_per_client, real_limits(), |app| {
    // The objection form: ten an hour.
    let objection = [
        ("input[application_id]", "1"),
        ("input[name]", "张三"),
        ("input[contact]", "13800000000"),
        ("input[body]", "评分有误"),
    ];
    let mut statuses = Vec::new();
    for _ in 0..11 {
        statuses
            .push(post_from(&mut app, "192.0.2.3", "/api/rating/public/object", &objection, JSON, &[]).await.status);
    }
    assert!(statuses[..10].iter().all(|s| *s != StatusCode::TOO_MANY_REQUESTS), "{statuses:?}");
    assert_eq!(statuses[10], StatusCode::TOO_MANY_REQUESTS);
    // Any other POST without a session: 120 a minute.
    let mut refused = 0;
    for _ in 0..125 {
        if post_from(&mut app, "192.0.2.4", "/api/auth/me", &[], JSON, &[]).await.status
            == StatusCode::TOO_MANY_REQUESTS
        {
            refused += 1;
        }
    }
    assert_eq!(refused, 5);
    // A signed-in user's requests are not counted as anonymous.
    app.user("clerk", "Clerk#Pass123", Role::Officer, None).await;
    let res = sign_in_from(&mut app, "192.0.2.4", "clerk", "Clerk#Pass123").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    for _ in 0..10 {
        assert_eq!(post_from(&mut app, "192.0.2.4", "/api/auth/me", &[], JSON, &[]).await.status, StatusCode::OK);
    }
});

db_test_with!(
    behind_a_trusted_proxy_the_forwarded_address_is_the_client,
    app::state::Settings { trust_proxy: true, ..real_limits() },
    |app| {
        let fields = [("username", "nobody"), ("password", "x"), ("next", "")];
        for _ in 0..10 {
            let xff = [("x-forwarded-for", "203.0.113.5, 198.51.100.1")];
            post_from(&mut app, "10.0.0.1", "/api/auth/login", &fields, JSON, &xff).await;
        }
        let xff = [("x-forwarded-for", "198.51.100.1")];
        let res = post_from(&mut app, "10.0.0.1", "/api/auth/login", &fields, JSON, &xff).await;
        assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "the last entry is the client");
        let xff = [("x-forwarded-for", "198.51.100.2")];
        let res = post_from(&mut app, "10.0.0.1", "/api/auth/login", &fields, JSON, &xff).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "another client behind the same proxy");
    }
);

db_test!(an_attackers_failures_do_not_lock_the_officer_out_elsewhere, |app| {
    app.user("clerk", "Clerk#Pass123", Role::Officer, None).await;
    for i in 1..=4 {
        let res = sign_in_from(&mut app, "198.51.100.7", "clerk", "guess").await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "attempt {i}");
    }
    let res = sign_in_from(&mut app, "198.51.100.7", "clerk", "guess").await;
    assert_eq!(res.status, StatusCode::LOCKED, "{}", res.body);
    // Locked for the attacker's address, even with the right password …
    let res = sign_in_from(&mut app, "198.51.100.7", "clerk", "Clerk#Pass123").await;
    assert_eq!(res.status, StatusCode::LOCKED);
    // … but the officer signs in from their own.
    let res = sign_in_from(&mut app, "192.0.2.10", "clerk", "Clerk#Pass123").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(app.cookies.contains_key("sid"));
    // The officer's own mistakes count for their address alone.
    for _ in 0..4 {
        sign_in_from(&mut app, "192.0.2.10", "clerk", "typo").await;
    }
    let res = sign_in_from(&mut app, "192.0.2.10", "clerk", "Clerk#Pass123").await;
    assert_eq!(res.status, StatusCode::OK, "four failures do not lock: {}", res.body);
    let res = sign_in_from(&mut app, "198.51.100.7", "clerk", "Clerk#Pass123").await;
    assert_eq!(res.status, StatusCode::LOCKED, "a success elsewhere does not lift the attacker's lock");
});

/// The token in the newest queued e-mail's link.
async fn last_link(app: &TestApp) -> String {
    use sea_orm::{EntityTrait, QueryOrder};
    let mail = entity::mail_outbox::Entity::find()
        .order_by_desc(entity::mail_outbox::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .expect("a queued e-mail");
    mail.body_text.split("/invite/").nth(1).unwrap().split_whitespace().next().unwrap().to_string()
}

/// An officer invites `username`; returns the link's token (the officer stays signed in).
async fn invite(app: &mut TestApp, username: &str) -> String {
    app.officer().await;
    let res = app
        .call(
            "/api/accounts/create",
            &[
                ("input[username]", username),
                ("input[display_name]", "张三"),
                ("input[email]", &format!("{username}@example.org")),
                ("input[role]", "inspector"),
                ("input[org_code]", ""),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    last_link(app).await
}

async fn user_id(app: &TestApp, username: &str) -> i64 {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    entity::app_user::Entity::find()
        .filter(entity::app_user::Column::Username.eq(username))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn accept(app: &mut TestApp, token: &str, password: &str) -> Res {
    app.call("/api/accounts/accept", &[("token", token), ("password", password), ("confirm", password)]).await
}

db_test!(a_weak_password_is_refused_with_its_reason_and_changes_nothing, |app| {
    let token = invite(&mut app, "zhangsan").await;
    app.logout().await;
    for (password, reason) in [
        ("aaaaaaaaa1", "err_password_repeats"),
        ("password123", "err_password_common"),
        ("asdfghjkl;", "err_password_keyboard"),
        ("Zhangsan2026", "err_password_"),
        ("short", "err_password_weak"),
    ] {
        let res = accept(&mut app, &token, password).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{password}: {}", res.body);
        assert!(res.body.contains(r#""field":"password""#) && res.body.contains(reason), "{password}: {}", res.body);
    }
    // Without JavaScript the form shows the reason on the password field.
    let res = app
        .post_form(
            "/api/accounts/accept",
            &format!("/invite/{token}"),
            &[("token", &token), ("password", "aaaaaaaaa1"), ("confirm", "aaaaaaaaa1")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND);
    let page = app.get(&format!("/invite/{token}")).await;
    assert!(page.body.contains("重复的字符"), "{}", page.body);
    // Nothing was set, and the link still works for a strong password.
    use sea_orm::EntityTrait;
    let id = user_id(&app, "zhangsan").await;
    let u = entity::app_user::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    assert!(u.password_hash.is_none());
    assert_eq!(accept(&mut app, &token, "Lantern-Harbor-47").await.status, StatusCode::OK);
    app.login("zhangsan", "Lantern-Harbor-47").await;
});

db_test!(a_newer_link_or_a_set_password_voids_older_links, |app| {
    let invitation = invite(&mut app, "lisi").await;
    let id = user_id(&app, "lisi").await;
    let res = app.call("/api/accounts/reset", &[("id", &id.to_string())]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let reset = last_link(&app).await;
    assert_ne!(invitation, reset);
    app.logout().await;
    // The invitation was replaced by the reset link.
    let res = accept(&mut app, &invitation, "Lantern-Harbor-47").await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    assert!(res.body.contains("err_invite_expired"));
    assert!(app.get(&format!("/invite/{invitation}")).await.body.contains("此链接已过期"));
    // Another live link (sent by another server at the same moment) dies when a password is set.
    let (other, hash) = app::auth::service::new_token();
    let now = chrono::Utc::now();
    app::db::exec(
        &app.db,
        "INSERT INTO invite (token_hash, user_id, purpose, expires_at, used_at, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        vec![
            hash.into(),
            id.into(),
            "reset".into(),
            (now + chrono::Duration::hours(72)).into(),
            Option::<chrono::DateTime<chrono::Utc>>::None.into(),
            now.into(),
        ],
    )
    .await
    .unwrap();
    assert_eq!(accept(&mut app, &reset, "Lantern-Harbor-47").await.status, StatusCode::OK);
    let res = accept(&mut app, &other, "Another-Lantern-58").await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    app.login("lisi", "Lantern-Harbor-47").await;
});

db_test!(a_session_older_than_session_max_hours_is_refused, |app| {
    app.user("clerk", "Clerk#Pass123", Role::Officer, None).await;
    app.login("clerk", "Clerk#Pass123").await;
    assert_eq!(app.get("/officer/orgs").await.status, StatusCode::OK);
    // Active a minute ago, but signed in 13 hours ago: the absolute lifetime is 12 hours.
    let now = chrono::Utc::now();
    app::db::exec(
        &app.db,
        "UPDATE session SET created_at = ?, last_seen_at = ?",
        vec![(now - chrono::Duration::hours(13)).into(), (now - chrono::Duration::minutes(1)).into()],
    )
    .await
    .unwrap();
    assert_eq!(app.get("/officer/orgs").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.count("session").await, 0, "the expired session is deleted");
    // Eleven hours is still fine.
    app.login("clerk", "Clerk#Pass123").await;
    app::db::exec(&app.db, "UPDATE session SET created_at = ?", vec![(now - chrono::Duration::hours(11)).into()])
        .await
        .unwrap();
    assert_eq!(app.get("/officer/orgs").await.status, StatusCode::OK);
});

db_test!(setting_a_password_ends_the_users_other_sessions, |app| {
    let token = invite(&mut app, "wangwu").await;
    app.logout().await;
    assert_eq!(accept(&mut app, &token, "Lantern-Harbor-47").await.status, StatusCode::OK);
    // Signed in on two devices.
    app.login("wangwu", "Lantern-Harbor-47").await;
    let first = app.cookies.remove("sid").unwrap();
    app.login("wangwu", "Lantern-Harbor-47").await;
    let second = app.cookies["sid"].clone();
    let id = user_id(&app, "wangwu").await;
    let db = app.db.clone();
    let sessions = move || {
        let db = db.clone();
        async move { app::db::count(&db, "SELECT COUNT(*) AS n FROM session WHERE user_id = ?", vec![id.into()]).await }
    };
    assert_eq!(sessions().await.unwrap(), 2);
    // A reset link is used (from a third browser): both sessions end.
    app.cookies.clear();
    app.login("officer1", "Officer#Pass1").await;
    app.call("/api/accounts/reset", &[("id", &id.to_string())]).await;
    let reset = last_link(&app).await;
    app.logout().await;
    assert_eq!(accept(&mut app, &reset, "Harbor-Lantern-83").await.status, StatusCode::OK);
    assert_eq!(sessions().await.unwrap(), 0);
    for sid in [first, second] {
        app.cookies.insert("sid".into(), sid);
        assert_eq!(app.get("/inspector").await.status, StatusCode::UNAUTHORIZED);
    }
});
