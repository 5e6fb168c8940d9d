//! Account management: invitations by e-mail with one-time links, roles that
//! may be granted, disabling and password resets.

use app::auth::types::Role;
use http::StatusCode;
use sea_orm::{EntityTrait, QueryOrder};
use sunshine_tests::{db_test, org_form, pairs, TestApp};

/// The token in the newest queued e-mail's link.
async fn last_link(app: &TestApp) -> (String, String) {
    let mail = entity::mail_outbox::Entity::find()
        .order_by_desc(entity::mail_outbox::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .expect("a queued e-mail");
    let token = mail.body_text.split("/invite/").nth(1).unwrap().split_whitespace().next().unwrap().to_string();
    (mail.to_addr, token)
}

db_test!(an_invited_organization_user_sets_a_password_once, |app| {
    app.officer().await;
    let form = org_form("阳光市南山区慈善会", "social_group", 1);
    app.post_form("/api/registry/register", "/officer/orgs/new", &pairs(&form)).await;
    let code = form.iter().find(|(k, _)| k == "input[credit_code]").unwrap().1.clone();
    let res = app
        .post_form(
            "/api/accounts/create",
            "/officer/users",
            &[
                ("input[username]", "cishanhui"),
                ("input[display_name]", "陈秘书"),
                ("input[email]", "mishu@example.org"),
                ("input[role]", "org_user"),
                ("input[org_code]", &code),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let (to, token) = last_link(&app).await;
    assert_eq!(to, "mishu@example.org");
    app.logout().await;
    // The link names the account; a weak password is refused with its field.
    let page = app.get(&format!("/invite/{token}")).await;
    assert!(page.body.contains("cishanhui"), "{}", page.body);
    let weak =
        app.call("/api/accounts/accept", &[("token", &token), ("password", "short"), ("confirm", "short")]).await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(weak.body.contains("err_password_weak"));
    let ok = app
        .post_form(
            "/api/accounts/accept",
            &format!("/invite/{token}"),
            &[("token", &token), ("password", "Cishan2026ok"), ("confirm", "Cishan2026ok")],
        )
        .await;
    assert_eq!(ok.status, StatusCode::FOUND);
    assert_eq!(ok.location().as_deref(), Some("/login"));
    app.login("cishanhui", "Cishan2026ok").await;
    assert!(app.get("/portal").await.body.contains("阳光市南山区慈善会"));
    // The link works once.
    let again = app
        .call("/api/accounts/accept", &[("token", &token), ("password", "Other2026ok"), ("confirm", "Other2026ok")])
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(app.get(&format!("/invite/{token}")).await.body.contains("此链接已使用过"));
});

db_test!(links_expire, |app| {
    app.officer().await;
    app.call(
        "/api/accounts/create",
        &[
            ("input[username]", "insp2"),
            ("input[display_name]", "检查员"),
            ("input[email]", "i@example.org"),
            ("input[role]", "inspector"),
            ("input[org_code]", ""),
        ],
    )
    .await;
    let (_, token) = last_link(&app).await;
    app::db::exec(
        &app.db,
        "UPDATE invite SET expires_at = ?",
        vec![(chrono::Utc::now() - chrono::Duration::minutes(1)).into()],
    )
    .await
    .unwrap();
    assert!(app.get(&format!("/invite/{token}")).await.body.contains("此链接已过期"));
    let res = app
        .call("/api/accounts/accept", &[("token", &token), ("password", "Inspect2026"), ("confirm", "Inspect2026")])
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
});

db_test!(officers_cannot_open_administrator_accounts_and_bad_input_names_its_fields, |app| {
    app.officer().await;
    let res = app
        .call(
            "/api/accounts/create",
            &[
                ("input[username]", "b!"),
                ("input[display_name]", ""),
                ("input[email]", "x"),
                ("input[role]", "admin"),
                ("input[org_code]", ""),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    for key in ["err_username", "err_required", "err_email", "err_role_not_allowed"] {
        assert!(res.body.contains(key), "{key}: {}", res.body);
    }
    let res = app
        .call(
            "/api/accounts/create",
            &[
                ("input[username]", "orgx"),
                ("input[display_name]", "某人"),
                ("input[email]", "x@example.org"),
                ("input[role]", "org_user"),
                ("input[org_code]", "5144030012345678XX"),
            ],
        )
        .await;
    assert!(res.body.contains("err_org_not_found"));
    assert_eq!(app.count("app_user").await, 1);
    // An administrator can.
    app.user("root", "Root#Pass123", Role::Admin, None).await;
    app.login("root", "Root#Pass123").await;
    let res = app
        .call(
            "/api/accounts/create",
            &[
                ("input[username]", "boss"),
                ("input[display_name]", "局长"),
                ("input[email]", "boss@example.org"),
                ("input[role]", "admin"),
                ("input[org_code]", ""),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let page = app.get("/officer/users?q=boss").await;
    assert!(page.body.contains("局长"));
});

db_test!(disabling_ends_sessions_and_sign_in_and_reset_links_are_mailed, |app| {
    let id = app.user("clerk", "Clerk#Pass123", Role::Inspector, None).await;
    // Sign the inspector in on this app, then disable them as an officer.
    app.login("clerk", "Clerk#Pass123").await;
    let clerk_cookie = app.cookies["sid"].clone();
    app.officer().await;
    let sid = id.to_string();
    let res = app.call("/api/accounts/active", &[("id", &sid), ("active", "false")]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(app.count("session").await, 1, "only the officer's session is left");
    app.cookies.insert("sid".into(), clerk_cookie);
    assert_eq!(app.get("/officer/orgs").await.status, StatusCode::UNAUTHORIZED);
    let res = app.call("/api/auth/login", &[("username", "clerk"), ("password", "Clerk#Pass123"), ("next", "")]).await;
    assert!(res.body.contains("err_account_disabled"), "{}", res.body);
    app.login("officer1", "Officer#Pass1").await;
    let res = app.call("/api/accounts/reset", &[("id", &sid)]).await;
    assert_eq!(res.status, StatusCode::OK);
    let (to, _) = last_link(&app).await;
    assert_eq!(to, "clerk@example.org");
});
