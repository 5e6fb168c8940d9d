//! The registry end to end through the in-process app, on SQLite and PostgreSQL.

use http::StatusCode;
use sunshine_tests::{db_test, org_form, pairs, TestApp};

async fn register(app: &mut TestApp, name: &str, t: &str, n: u32) -> i64 {
    app.register(&org_form(name, t, n)).await.0
}

db_test!(registration_writes_the_org_its_event_and_audit, |app| {
    app.officer().await;
    let audits = app.count("audit_log").await;
    let id = register(&mut app, "阳光市南山区慈善总会", "social_group", 1).await;
    let page = app.get(&format!("/officer/orgs/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("阳光市南山区慈善总会"));
    assert!(page.body.contains("成立登记已完成"), "the success notice shows once");
    assert!(page.body.contains("0755-88886666"), "officers see contacts");
    assert_eq!(app.count("organization").await, 1);
    assert_eq!(app.count("org_event").await, 1);
    assert_eq!(app.count("audit_log").await, audits + 1);
    // The notice is not shown twice.
    let again = app.get(&format!("/officer/orgs/{id}")).await;
    assert!(!again.body.contains("成立登记已完成"));
});

db_test!(a_wrong_credit_code_is_refused_with_its_field_and_nothing_is_written, |app| {
    app.officer().await;
    let mut form = org_form("阳光市南山区摄影协会", "social_group", 2);
    let code = form.iter_mut().find(|(k, _)| k == "input[credit_code]").unwrap();
    let mut chars: Vec<char> = code.1.chars().collect();
    chars[17] = if chars[17] == '0' { '1' } else { '0' };
    code.1 = chars.into_iter().collect();
    // With JavaScript: a 422 with the field error.
    let res = app.call("/api/registry/register", &pairs(&form)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("credit_code") && res.body.contains("err_code_check"), "{}", res.body);
    // Without JavaScript: back to the form, which shows the error under the field and keeps the values.
    let res = app.post_form("/api/registry/register", "/officer/orgs/new", &pairs(&form)).await;
    assert_eq!(res.status, StatusCode::FOUND);
    assert_eq!(res.location().as_deref(), Some("/officer/orgs/new"), "back to the form, without __err");
    let page = app.get("/officer/orgs/new").await;
    assert!(page.body.contains("error-summary"));
    assert!(page.body.contains("信用代码校验位错误"), "{}", page.body);
    assert!(page.body.contains("阳光市南山区摄影协会"), "typed values are kept");
    assert_eq!(app.count("organization").await, 0);
});

db_test!(duplicate_codes_and_names_are_refused, |app| {
    app.officer().await;
    register(&mut app, "阳光市南山区书法协会", "social_group", 3).await;
    let form = org_form("阳光市南山区书法协会", "social_group", 3);
    let res = app.call("/api/registry/register", &pairs(&form)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("err_name_taken") && res.body.contains("err_code_taken"), "{}", res.body);
    assert_eq!(app.count("organization").await, 1);
});

db_test!(change_registration_is_a_dated_event_in_the_public_history, |app| {
    app.officer().await;
    let id = register(&mut app, "阳光市南山区围棋协会", "social_group", 4).await;
    let changed = sunshine_tests::change_form(id, "阳光市南山区围棋协会", "理事会换届后变更法定代表人");
    let fields = pairs(&changed);
    let res = app.post_form("/api/registry/change", &format!("/officer/orgs/{id}/change"), &fields).await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    // Nothing changed the second time: refused.
    let res = app.call("/api/registry/change", &fields).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    app.logout().await;
    let public = app.get(&format!("/public/orgs/{id}")).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(public.body.contains("刘明") && public.body.contains("王建国"), "before and after in the history");
    assert!(public.body.contains("2025-06-01"));
    assert!(public.body.contains("80,000.00"));
    assert!(
        !public.body.contains("0755-88886666") && !public.body.contains("contact@example.org"),
        "no private contacts"
    );
    assert_eq!(app.count("org_event").await, 2);
});

db_test!(deregistration_moves_status_once_and_only_along_allowed_transitions, |app| {
    app.officer().await;
    let id = register(&mut app, "阳光市南山区足球协会", "social_group", 5).await;
    let sid = id.to_string();
    let res = app
        .call(
            "/api/registry/act",
            &[("id", &sid), ("input[act]", "deregister"), ("input[date]", "2026-01-10"), ("input[reason]", "")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "a reason is required");
    let res = app
        .post_form(
            "/api/registry/act",
            &format!("/officer/orgs/{id}"),
            &[
                ("id", &sid),
                ("input[act]", "deregister"),
                ("input[date]", "2026-01-10"),
                ("input[reason]", "会员大会决议解散"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND);
    let page = app.get(&format!("/public/orgs/{id}")).await;
    assert!(page.body.contains("已注销") && page.body.contains("会员大会决议解散"));
    let res = app
        .call(
            "/api/registry/act",
            &[("id", &sid), ("input[act]", "revoke"), ("input[date]", "2026-02-01"), ("input[reason]", "x")],
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "a deregistered organization cannot be revoked");
    assert!(res.body.contains("err_transition"));
    let listed = app.get("/public/orgs?status=deregistered").await;
    assert!(listed.body.contains("阳光市南山区足球协会"));
});

db_test!(term_renewal_and_the_due_list, |app| {
    app.officer().await;
    let id = register(&mut app, "阳光市南山区读书协会", "social_group", 6).await;
    // Registered 2024-03-15 with five-year terms: not due yet.
    let page = app.get("/officer/terms").await;
    assert!(!page.body.contains("阳光市南山区读书协会"));
    app::db::exec(
        &app.db,
        "UPDATE organization SET term_end = ? WHERE id = ?",
        vec![(app::kernel::clock::today() - chrono::Duration::days(3)).into(), id.into()],
    )
    .await
    .unwrap();
    let page = app.get("/officer/terms").await;
    assert!(page.body.contains("阳光市南山区读书协会") && page.body.contains("已逾期 3 天"), "{}", page.body);
    let sid = id.to_string();
    let today = app::kernel::clock::today().to_string();
    let res = app
        .call(
            "/api/registry/act",
            &[("id", &sid), ("input[act]", "term_renewal"), ("input[date]", &today), ("input[reason]", "")],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let page = app.get("/officer/terms").await;
    assert!(!page.body.contains("阳光市南山区读书协会"));
});

db_test!(search_finds_one_two_and_many_character_parts_and_codes, |app| {
    app.officer().await;
    register(&mut app, "阳光市南山区慈善会", "social_group", 7).await;
    register(&mut app, "阳光市福田区青少年发展基金会", "foundation", 8).await;
    register(&mut app, "阳光市南山区养老服务中心", "social_service", 9).await;
    app.logout().await;
    let find = |body: &str, name: &str| body.contains(name);
    let two = app.get("/public/orgs?q=%E6%85%88%E5%96%84").await; // 慈善
    assert!(find(&two.body, "阳光市南山区慈善会") && !find(&two.body, "养老服务中心"), "two characters");
    let one = app.get("/public/orgs?q=%E8%80%81").await; // 老
    assert!(find(&one.body, "养老服务中心") && !find(&one.body, "慈善会"), "one character");
    let many = app.get("/public/orgs?q=%E9%9D%92%E5%B0%91%E5%B9%B4%E5%8F%91%E5%B1%95").await; // 青少年发展
    assert!(find(&many.body, "青少年发展基金会"));
    let none = app.get("/public/orgs?q=%E5%B0%91%E9%9D%92").await; // 少青: bigram order matters
    assert!(!find(&none.body, "青少年发展基金会"));
    let code = app::domain::credit_code::build("53", "440300", &format!("{:08}", 20_000_008)).unwrap();
    let by_code = app.get(&format!("/public/orgs?q={}", &code[..10])).await;
    assert!(find(&by_code.body, "青少年发展基金会") && !find(&by_code.body, "慈善会"), "code prefix");
    let filtered = app.get("/public/orgs?org_type=social_service").await;
    assert!(find(&filtered.body, "养老服务中心") && !find(&filtered.body, "慈善会"));
});

db_test!(csv_export_has_bom_header_and_only_the_filtered_rows, |app| {
    app.officer().await;
    register(&mut app, "阳光市南山区慈善会", "social_group", 10).await;
    register(&mut app, "阳光市南山区养老服务中心", "social_service", 11).await;
    let res = app.get("/officer/orgs/export.csv?q=%E6%85%88%E5%96%84").await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(&res.bytes[..3], &[0xEF, 0xBB, 0xBF], "UTF-8 BOM for Excel");
    assert!(res.headers.get("content-type").unwrap().to_str().unwrap().starts_with("text/csv"));
    let text = String::from_utf8(res.bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].starts_with("统一社会信用代码,名称,类型"));
    assert!(lines[1].contains("阳光市南山区慈善会") && lines[1].contains("社会团体") && lines[1].contains("50000.00"));
    app.logout().await;
    let anon = app.get("/officer/orgs/export.csv").await;
    assert_eq!(anon.status, StatusCode::SEE_OTHER, "the public cannot export the officers' list");
});

db_test!(public_terms_and_audit_exports, |app| {
    app.officer().await;
    register(&mut app, "阳光市南山区慈善会", "social_group", 12).await;
    // The public export has no contact columns.
    let public = app.get("/public/orgs/export.csv").await;
    assert_eq!(&public.bytes[..3], &[0xEF, 0xBB, 0xBF]);
    let text = String::from_utf8(public.bytes[3..].to_vec()).unwrap();
    assert!(text.starts_with(
        "统一社会信用代码,名称,类型,住所,区,法定代表人,注册资金(元),业务主管单位,业务范围,登记日期,状态,行业协会商会行业\r\n"
    ));
    assert!(
        text.contains("阳光市南山区慈善会") && !text.contains("0755-88886666") && !text.contains("contact@example.org")
    );
    // Due terms.
    app::db::exec(
        &app.db,
        "UPDATE organization SET term_end = ?",
        vec![(app::kernel::clock::today() + chrono::Duration::days(10)).into()],
    )
    .await
    .unwrap();
    let terms = app.get("/officer/terms/export.csv").await;
    let text = String::from_utf8(terms.bytes[3..].to_vec()).unwrap();
    assert!(text.contains("阳光市南山区慈善会") && text.contains("10天后届满"), "{text}");
    // The audit trail, filtered.
    let audit = app.get("/officer/audit/export.csv?action=register").await;
    let text = String::from_utf8(audit.bytes[3..].to_vec()).unwrap();
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.lines().nth(1).unwrap().contains("register"));
    app.logout().await;
    assert_eq!(app.get("/officer/audit/export.csv").await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get("/public/orgs/export.csv").await.status, StatusCode::OK);
});
