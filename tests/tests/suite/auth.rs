//! Accounts, sessions, lockout, CSRF and role checks.

use app::auth::types::Role;
use http::StatusCode;
use sunshine_tests::{db_test, org_form, pairs};

db_test!(five_failures_lock_the_account_for_fifteen_minutes, |app| {
    app.user("clerk", "Right#Pass1", Role::Officer, None).await;
    for i in 1..=4 {
        let res = app.call("/api/auth/login", &[("username", "clerk"), ("password", "wrong"), ("next", "")]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "attempt {i}");
        assert!(res.body.contains("err_login_failed"));
    }
    let res = app.call("/api/auth/login", &[("username", "clerk"), ("password", "wrong"), ("next", "")]).await;
    assert_eq!(res.status, StatusCode::LOCKED, "{}", res.body);
    assert!(res.body.contains("15"), "{}", res.body);
    // Even the right password is refused while locked, and the form says why (JavaScript off).
    let res = app
        .post_form("/api/auth/login", "/login", &[("username", "clerk"), ("password", "Right#Pass1"), ("next", "")])
        .await;
    assert_eq!(res.status, StatusCode::FOUND);
    assert!(!app.cookies.contains_key("sid"));
    let page = app.get("/login").await;
    assert!(page.body.contains("账户已锁定") && page.body.contains("15 分钟"), "{}", page.body);
    // After the lock expires the right password works.
    app::db::exec(
        &app.db,
        "UPDATE login_lock SET locked_until = ?",
        vec![(chrono::Utc::now() - chrono::Duration::seconds(1)).into()],
    )
    .await
    .unwrap();
    app.login("clerk", "Right#Pass1").await;
});

db_test!(a_new_session_id_at_login_and_idle_sessions_expire, |app| {
    app.user("clerk", "Right#Pass1", Role::Officer, None).await;
    app.login("clerk", "Right#Pass1").await;
    let first = app.cookies["sid"].clone();
    app.login("clerk", "Right#Pass1").await;
    let second = app.cookies["sid"].clone();
    assert_ne!(first, second, "a new session id at every sign-in");
    assert_eq!(app.count("session").await, 1, "the old session is gone");
    assert_eq!(app.get("/officer/orgs").await.status, StatusCode::OK);
    // 31 minutes without a request: signed out.
    app::db::exec(
        &app.db,
        "UPDATE session SET last_seen_at = ?",
        vec![(chrono::Utc::now() - chrono::Duration::minutes(31)).into()],
    )
    .await
    .unwrap();
    assert_eq!(app.get("/officer/orgs").await.status, StatusCode::UNAUTHORIZED);
    // A request refreshes an idle session: noted at once, written within a second.
    app.login("clerk", "Right#Pass1").await;
    let ten_ago = chrono::Utc::now() - chrono::Duration::minutes(10);
    app::db::exec(&app.db, "UPDATE session SET last_seen_at = ?", vec![ten_ago.into()]).await.unwrap();
    assert_eq!(app.get("/officer/orgs").await.status, StatusCode::OK);
    // (The background writer may have flushed it already; flushing again is harmless.)
    app.state.part::<app::auth::service::SessionTouches>().unwrap().flush(&app.db).await.unwrap();
    let seen: Vec<entity::session::Model> =
        <entity::session::Entity as sea_orm::EntityTrait>::find().all(&app.db).await.unwrap();
    assert_eq!(seen.len(), 1);
    assert!(seen[0].last_seen_at > ten_ago + chrono::Duration::minutes(9), "the refresh was written");
    assert_eq!(
        app.state.part::<app::auth::service::SessionTouches>().unwrap().flush(&app.db).await.unwrap(),
        0,
        "nothing left to write"
    );
    // The cookie is HttpOnly and SameSite.
    let res = app
        .post_form("/api/auth/login", "/login", &[("username", "clerk"), ("password", "Right#Pass1"), ("next", "")])
        .await;
    let cookie = res
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("sid="))
        .unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
});

db_test!(cross_site_writes_are_refused_and_change_nothing, |app| {
    app.officer().await;
    let form = org_form("阳光市南山区摄影协会", "social_group", 1);
    let res = app.post("/api/registry/register", &pairs(&form), "text/html", Some("http://evil.example"), None).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = app.post("/api/registry/register", &pairs(&form), "text/html", None, None).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "no Origin and no Referer");
    let res = app.post("/api/registry/register", &pairs(&form), "text/html", None, Some("/officer/orgs/new")).await;
    assert_eq!(res.status, StatusCode::FOUND, "a same-origin Referer is enough: {}", res.body);
    assert_eq!(app.count("organization").await, 1);
});

db_test!(roles_keep_each_user_to_their_own_pages_and_data, |app| {
    app.officer().await;
    let form = org_form("阳光市南山区慈善会", "social_group", 1);
    app.post_form("/api/registry/register", "/officer/orgs/new", &pairs(&form)).await;
    let form = org_form("阳光市南山区养老服务中心", "social_service", 2);
    app.post_form("/api/registry/register", "/officer/orgs/new", &pairs(&form)).await;
    let ids: Vec<i64> = {
        use sea_orm::EntityTrait;
        entity::organization::Entity::find().all(&app.db).await.unwrap().into_iter().map(|o| o.id).collect()
    };
    app.logout().await;
    // The public: no officer pages, no export, no private fields.
    assert_eq!(app.get("/officer/orgs").await.status, StatusCode::UNAUTHORIZED);
    let res = app.call("/api/registry/list", &[("filter[q]", ""), ("filter[page]", "0")]).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    let public = app.get(&format!("/public/orgs/{}", ids[0])).await;
    assert!(!public.body.contains("0755-88886666") && !public.body.contains("陈秘书"));
    // An organization user sees their own organization only.
    app.user("orguser", "Org#Sun2026ok", Role::OrgUser, Some(ids[0])).await;
    app.login("orguser", "Org#Sun2026ok").await;
    assert_eq!(app.get("/officer/orgs").await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&format!("/officer/orgs/{}", ids[1])).await.status, StatusCode::FORBIDDEN);
    let own = app.call("/api/registry/detail", &[("id", &ids[0].to_string())]).await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(own.body.contains("0755-88886666"));
    let other = app.call("/api/registry/detail", &[("id", &ids[1].to_string())]).await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
    let portal = app.get("/portal").await;
    assert!(portal.body.contains("阳光市南山区慈善会") && !portal.body.contains("养老服务中心"));
    let form = org_form("阳光市南山区读书协会", "social_group", 3);
    let res = app.call("/api/registry/register", &pairs(&form)).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("organization").await, 2);
    // Inspectors are not registry officers either.
    app.user("insp", "Insp#Pass123", Role::Inspector, None).await;
    app.login("insp", "Insp#Pass123").await;
    assert_eq!(app.get("/officer/orgs/export.csv").await.status, StatusCode::FORBIDDEN);
});

db_test!(language_switch_sets_a_cookie_and_pages_speak_english, |app| {
    let res = app.get("/lang/en?back=/public/orgs").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location().as_deref(), Some("/public/orgs"));
    let page = app.get("/public/orgs").await;
    assert!(page.body.contains("lang=\"en\"") && page.body.contains("Find a social organization"));
    app.get("/lang/zh-CN?back=//evil.example").await;
    let page = app.get("/").await;
    assert!(page.body.contains("lang=\"zh-CN\"") && page.body.contains("社会组织信息查询"));
});
