//! Words and numbers as people meet them (issue 17): the audit log in the
//! user's language and time zone with links, labels and "please choose"
//! errors, thousands separators on pages (plain numbers in CSV), seeded data in
//! both languages, and the public explanation of the draw.

use chrono::Utc;
use http::StatusCode;
use sea_orm::{ConnectionTrait, EntityTrait, Value};
use sunshine_tests::{db_test, org_form, TestApp};

use app::i18n::{lookup, Lang};

/// Registers an organization through the officer's form; its id.
async fn register(app: &mut TestApp, name: &str, n: u32) -> i64 {
    app.register(&org_form(name, "foundation", n)).await.0
}

/// A page without Leptos's hydration markers.
fn visible(body: &str) -> String {
    body.replace("<!>", "")
}

fn english(app: &mut TestApp) {
    app.cookies.insert("lang".into(), "en".into());
}

db_test!(case_status_is_labelled_and_an_empty_choice_asks_to_choose, |app| {
    app.officer().await;
    let page = app.get("/officer/zombies").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("处置状态"), "the case-status filter and column");
    assert!(!page.body.contains("报送状态"), "not the filing status");
    english(&mut app);
    let page = app.get("/officer/zombies").await;
    assert!(page.body.contains("Case status"));

    // No measure chosen: "please choose"; a made-up one: "invalid option".
    let target = |measure: &'static str| {
        [("input[year]", "2026"), ("input[name]", "参检率目标"), ("input[measure]", measure), ("input[target]", "90")]
    };
    let res = app.call("/api/dashboard/target/save", &target("")).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("err_choose") && !res.body.contains("err_invalid_choice"), "{}", res.body);
    let res = app.call("/api/dashboard/target/save", &target("bogus")).await;
    assert!(res.body.contains("err_invalid_choice") && !res.body.contains("err_choose"), "{}", res.body);
    // Another select: the zombie list's measure.
    let res = app.call("/api/credit/zombie_step", &[("input[action]", ""), ("input[reason]", "")]).await;
    assert!(res.body.contains("err_choose"), "{}", res.body);
    assert_eq!(lookup(Lang::Zh, "err_choose"), "请选择一项。");
    assert_eq!(lookup(Lang::En, "err_choose"), "Please choose an option.");
});

db_test!(money_and_counts_have_thousands_separators_on_pages_not_in_csv, |app| {
    app.officer().await;
    let org = register(&mut app, "阳光市千位慈善基金会", 1).await;
    // 1,000 disclosures this year, ¥28,141,476.06 raised.
    let today = app::kernel::clock::today();
    let now = Utc::now();
    let mut sql = String::from(
        "INSERT INTO charity_disclosure (org_id, plan_id, kind, period_no, disclosed_on, raised_fen, spent_fen, \
         cost_fen, off_plan_fen, uses, created_at) VALUES ",
    );
    let mut vals: Vec<Value> = Vec::new();
    for i in 0..1000_i32 {
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push_str("(?, 1, 'periodic', ?, ?, ?, 0, 0, 0, '', ?)");
        let raised: i64 = if i == 0 { 2_814_147_606 } else { 0 };
        vals.extend([org.into(), i.into(), today.into(), raised.into(), now.into()]);
    }
    app::db::exec(&app.db, &sql, vals).await.unwrap();

    let public = app.get("/public/statistics").await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(public.body.contains("¥28,141,476.06"), "the amount raised this year");
    assert!(!public.body.contains("28141476.06"));

    let year = chrono::Datelike::year(&today);
    let stats = app.get(&format!("/officer/statistics?year={year}")).await;
    assert_eq!(stats.status, StatusCode::OK);
    assert!(stats.body.contains("¥28,141,476.06"), "raised in the year-end statistics");
    assert!(stats.body.contains(">1,000<"), "disclosures counted with a separator");
    assert!(!stats.body.contains(">2,0"), "years without one");

    let csv = app.get(&format!("/officer/statistics/export.csv?year={year}")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.contains("28141476.06") && !csv.body.contains("28,141,476"), "CSV keeps plain numbers");
    assert!(csv.body.contains(",1000") && !csv.body.contains("1,000"));
});

db_test!(the_draw_is_explained_on_a_public_page, |app| {
    for lang in [Lang::Zh, Lang::En] {
        let hint = lookup(lang, "insp_algorithm_hint");
        assert!(!hint.contains("DRAW.md"), "no file name on the campaign page: {hint}");
    }
    let page = app.get("/public/inspections/method").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("“双随机”抽取方法说明"));
    assert!(
        page.body.contains("SHA-256(种子 ‖ \":inspectors\")")
            || page.body.contains("SHA-256(种子 ‖ &quot;:inspectors&quot;)")
    );
    assert!(!page.body.contains("DRAW.md"));
    english(&mut app);
    let page = app.get("/public/inspections/method").await;
    assert!(page.body.contains("How the double-random draw works"));
    assert!(page.body.contains("Fisher–Yates"));
});

db_test!(the_audit_log_speaks_the_readers_language_in_local_time_with_links, |app| {
    app.officer().await;
    let org = register(&mut app, "阳光市审计慈善基金会", 2).await;
    // Two records written as the jobs write them: a known action on another
    // kind of record, and one the page has no words for.
    let txn = app::db::begin_write(&app.db).await.unwrap();
    let job = app::audit::service::Actor::system("daily-job");
    for (action, entity) in [("zombie_notify", "zombie_case"), ("mystery_step", "mystery_thing")] {
        let entry = app::audit::service::Entry { action, entity, entity_id: "7".into(), before: None, after: None };
        app::audit::service::record(&txn, &job, entry).await.unwrap();
    }
    txn.commit().await.unwrap();
    let filter = app::audit::types::AuditFilter { action: "register".into(), ..Default::default() };
    let at = app::audit::service::list(&app.db, &filter).await.unwrap().rows[0].at.clone();
    let utc = chrono::DateTime::parse_from_rfc3339(&at).unwrap();
    let local = (utc + chrono::Duration::hours(8)).format("%Y-%m-%d %H:%M:%S").to_string();

    let page = app.get("/officer/audit").await;
    assert_eq!(page.status, StatusCode::OK);
    let b = &visible(&page.body);
    assert!(b.contains(&format!(">{local}<")), "the time in UTC+8: {local}");
    assert!(b.contains(">成立登记<"), "the action in Chinese");
    assert!(b.contains(&format!("<a href=\"/officer/orgs/{org}\">社会组织 #{org}</a>")), "the record, linked");
    assert!(b.contains("(登记管理人员)") && !b.contains("(officer)"), "the role in Chinese");
    assert!(b.contains(">僵尸组织书面通知<") && b.contains("僵尸组织案件 #7") && b.contains("(系统)"));
    assert!(b.contains(">mystery_step<") && b.contains("mystery_thing #7"), "unknown: the raw identifier");
    assert!(!b.contains("placeholder=\"organization\"") && !b.contains("placeholder=\"register\""));
    assert!(b.contains("<option value=\"annual_report\">年度报告</option>"), "the record filter in words");

    let filtered = visible(&app.get("/officer/audit?action=zombie_notify").await.body);
    assert!(filtered.contains("<option value=\"zombie_notify\" selected"), "the chosen action stays chosen");
    assert!(!filtered.contains("<td title=\"register\">"), "only the chosen action's records");

    english(&mut app);
    let b = visible(&app.get("/officer/audit").await.body);
    assert!(b.contains(">Registered<") && b.contains(&format!("Organization #{org}")));
    assert!(b.contains("(Registry officer)") && b.contains(">Zombie case: notice sent<"));

    // The CSV keeps the identifiers and adds the words.
    let csv = app.get("/officer/audit/export.csv?action=register").await;
    let text = String::from_utf8(csv.bytes[3..].to_vec()).unwrap();
    let mut lines = text.lines();
    assert!(lines.next().unwrap().ends_with("北京时间,角色名称,操作名称,对象名称"), "{text}");
    let row = lines.next().unwrap();
    assert!(row.contains(",officer,register,organization,"), "{row}");
    assert!(row.ends_with(&format!("{local},登记管理人员,成立登记,社会组织")), "{row}");
});

/// `>{text}<` in a page without hydration markers: the text of an element.
fn shows(body: &str, text: &str) -> bool {
    visible(body).contains(&format!(">{text}<")) || visible(body).contains(&format!("> {text}<"))
}

/// The first id of a query, as text.
async fn first_id(app: &TestApp, sql: &str) -> String {
    sunshine_tests::site::ids(app, sql).await.into_iter().next().unwrap_or_else(|| panic!("none: {sql}"))
}

db_test!(seeded_names_are_english_in_english_and_typed_names_stay_as_typed, |app| {
    use app::domain::seeded::english as en_name;
    let settings = app.state.settings.as_ref().clone();
    server::seed::seed_demo(&app.db, &settings, 120, 2026).await.unwrap();
    let year = chrono::Datelike::year(&app::kernel::clock::today());
    // Seeded rows: the sheets' items and titles, the work plan's targets, the
    // checklist and the districts all have an English name.
    for sql in [
        "SELECT name FROM rating_item",
        "SELECT group_name AS name FROM rating_item",
        "SELECT title AS name FROM rating_sheet",
        "SELECT name FROM lottery_sheet_item",
        "SELECT title AS name FROM lottery_sheet",
        "SELECT name FROM dashboard_target",
    ] {
        let rows = app.db.query_all_raw(app::db::stmt(app.db.get_database_backend(), sql, vec![])).await.unwrap();
        assert!(!rows.is_empty(), "{sql}");
        for r in rows {
            let name: String = r.try_get("", "name").unwrap();
            assert!(en_name(&name).is_some(), "{sql}: {name} has no English name");
        }
    }
    // One target people typed: it stays as typed in English.
    let custom = [("input[year]", year.to_string()), ("input[name]", "社区服务覆盖率".into())];
    let mut fields: Vec<(&str, &str)> = custom.iter().map(|(k, v)| (*k, v.as_str())).collect();
    fields.extend([("input[measure]", "participation"), ("input[target]", "80")]);
    app.login("officer", server::seed::DEMO_USERS[1].1).await;
    let res = app.call("/api/dashboard/target/save", &fields).await;
    assert!(res.status.is_success() || res.status == StatusCode::FOUND, "{}", res.body);
    // A campaign typed in English with the standard items and one of its own.
    let mut input = app::inspection::types::CampaignInput {
        name: "Typed campaign".into(),
        year: year.to_string(),
        kind: "special".into(),
        object_kind: "org".into(),
        strata_by: "org_type".into(),
        size_mode: "count".into(),
        size_value: "2".into(),
        risk_percent: "0".into(),
        per_target: "2".into(),
        max_per_inspector: "4".into(),
        period_from: "2026-12-01".into(),
        period_to: "2026-12-31".into(),
        items: "Annual report\n消防安全\nInternal governance".into(),
        beacon_source: "福彩3D".into(),
        ..Default::default()
    };
    let actor = app::audit::service::Actor::system("test");
    let typed = app::inspection::service::create_campaign(&app.db, &actor, &input).await.unwrap();
    let stored = entity::inspection_campaign::Entity::find_by_id(typed).one(&app.db).await.unwrap().unwrap().items;
    assert_eq!(stored, "年度报告\n消防安全\n内部治理", "standard items are stored under their Chinese names");
    input.items.clear();

    let drawn = first_id(&app, "SELECT id FROM inspection_campaign WHERE status = 'drawn'").await;
    let outlet = first_id(&app, "SELECT id FROM lottery_outlet ORDER BY id").await;
    let expert = first_id(
        &app,
        "SELECT p.application_id FROM rating_panel p JOIN app_user u ON u.id = p.expert_id \
         WHERE u.username = 'expert' ORDER BY p.application_id",
    )
    .await;
    let target = first_id(
        &app,
        "SELECT a.target_id FROM inspection_assignment a JOIN inspector i ON i.id = a.inspector_id \
         JOIN app_user u ON u.id = i.user_id JOIN inspection_target t ON t.id = a.target_id \
         WHERE u.username = 'inspector' AND t.status = 'pending' ORDER BY a.target_id",
    )
    .await;
    let dashboard = format!("/officer/dashboard?year={year}");
    let targets = format!("/officer/dashboard/targets?year={year}");
    let officer_pages = [
        (dashboard.as_str(), &["年检参检率", "福利彩票销售网点"][..]),
        (targets.as_str(), &["年检参检率", "“双随机”抽查社会组织"][..]),
        (&format!("/officer/inspections/{drawn}"), &["年度报告", "财务管理"][..]),
        (&format!("/officer/inspections/{typed}"), &["年度报告", "内部治理"][..]),
        (
            &format!("/officer/lottery/outlets/{outlet}"),
            &["年度销量（对比本区网点平均）", "培训（销售员参训、考核）"][..],
        ),
        ("/officer/lottery", &["南山区", "大鹏新区"][..]),
        ("/officer/orgs", &["南山区", "福田区"][..]),
        ("/officer/orgs/new", &["南山区", "福田区"][..]),
        ("/public/lottery", &["南山区", "宝安区"][..]),
    ];
    let check = |page: &str, path: &str, names: &[&str], en: bool| {
        for zh in names {
            let english = en_name(zh).unwrap();
            if en {
                assert!(shows(page, english), "{path}: {english} in English");
                assert!(!shows(page, zh), "{path}: no {zh} in English");
            } else {
                assert!(shows(page, zh), "{path}: {zh} in Chinese");
                assert!(!shows(page, english), "{path}: no {english} in Chinese");
            }
        }
    };
    for en in [false, true] {
        if en {
            english(&mut app);
        } else {
            app.cookies.remove("lang");
        }
        app.login("officer", server::seed::DEMO_USERS[1].1).await;
        for (path, names) in officer_pages {
            let page = app.get(path).await;
            assert_eq!(page.status, StatusCode::OK, "{path}");
            check(&page.body, path, names, en);
        }
        // What people typed stays as typed.
        let page = app.get(&targets).await.body;
        assert!(shows(&page, "社区服务覆盖率"), "a typed target");
        let page = app.get(&format!("/officer/inspections/{typed}")).await.body;
        assert!(shows(&page, "消防安全"), "a typed checklist item");
        // The new campaign's checklist is in the reader's language.
        let page = visible(&app.get("/officer/inspections/new").await.body);
        let default = app::domain::seeded::default_checklist(if en { Lang::En } else { Lang::Zh });
        assert!(page.contains(&format!(">{default}</textarea>")), "{default}");

        app.logout().await;
        app.login("inspector", server::seed::DEMO_USERS[2].1).await;
        let path = format!("/inspector/targets/{target}");
        let page = app.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        check(&page.body, &path, &["年度报告", "业务活动"], en);

        app.logout().await;
        app.login("expert", server::seed::DEMO_USERS[4].1).await;
        let path = format!("/expert/apps/{expert}");
        let page = app.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        let b = visible(&page.body);
        let (item, title) = ("法人资格", "社会团体评估指标（2026版）");
        let sheet = app.db.query_one_raw(app::db::stmt(
            app.db.get_database_backend(),
            "SELECT s.title AS title FROM rating_application a JOIN rating_sheet s ON s.id = a.sheet_id WHERE a.id = ?",
            vec![expert.parse::<i64>().unwrap().into()],
        ));
        let title =
            sheet.await.ok().flatten().and_then(|r| r.try_get::<String>("", "title").ok()).unwrap_or(title.into());
        let (item, title) =
            if en { (en_name(item).unwrap(), en_name(&title).unwrap().to_string()) } else { (item, title) };
        assert!(b.contains(&format!("1.1 {item}")), "{path}: {item}");
        assert!(b.contains(&title), "{path}: {title}");
        assert!(en != b.contains("1.1 法人资格"), "{path}: the item in one language");
        app.logout().await;
    }
});
