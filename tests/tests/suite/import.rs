//! CSV import: good, bad, GBK and repeated files.

use std::time::{Duration, Instant};

use http::StatusCode;
use sea_orm::EntityTrait;
use sunshine_tests::{db_test, TestApp};

const HEADER: &str = "统一社会信用代码,名称,类型,住所,区,法定代表人,注册资金(元),业务主管单位,业务范围,登记日期,联系人,联系电话,联系邮箱";

fn code(t: char, n: u32) -> String {
    app::domain::credit_code::build(&format!("5{t}"), "440300", &format!("{:08}", 60_000_000 + n)).unwrap()
}

fn good_file() -> String {
    let mut s = format!("{HEADER}\r\n");
    s.push_str(&format!("{},阳光市南山区慈善会,社会团体,阳光市南山区科技园路1号,南山区,王建国,50000,直接登记,开展慈善活动,2020-05-01,陈秘书,0755-88880001,a@example.org\r\n", code('1', 1)));
    s.push_str(&format!("{},阳光市福田区春雨养老服务中心,社会服务机构,阳光市福田区深南大道2号,福田区,李娜,\"100,000.00\",市民政局,养老服务,2021/6/8,张三,0755-88880002,b@example.org\r\n", code('2', 2)));
    s.push_str(&format!("{},阳光市罗湖区启明教育基金会,基金会,阳光市罗湖区东门路3号,罗湖区,赵敏,2000000,市教育局,资助教育,2019.1.2,李四,0755-88880003,c@example.org\r\n", code('3', 3)));
    s
}

/// Uploads and waits for the job to end; returns the job's page.
async fn import(app: &mut TestApp, name: &str, bytes: &[u8]) -> (i64, String) {
    let res = app.upload("/officer/import/upload", name, bytes).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let loc = res.location().unwrap();
    let id: i64 = loc.rsplit('/').next().unwrap().parse().unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let job = entity::import_job::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
        if job.status == "done" || job.status == "failed" {
            break;
        }
        assert!(Instant::now() < deadline, "import still {}", job.status);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let page = app.get(&loc).await;
    assert_eq!(page.status, StatusCode::OK);
    (id, page.body)
}

db_test!(a_good_file_is_imported_and_reimporting_it_changes_nothing, |app| {
    app.officer().await;
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(good_file().as_bytes());
    let (_, page) = import(&mut app, "名录.csv", &bytes).await;
    assert!(page.contains("新登记 3 个"), "{page}");
    assert_eq!(app.count("organization").await, 3);
    let search = app.get("/public/orgs?q=%E5%90%AF%E6%98%8E").await; // 启明
    assert!(search.body.contains("阳光市罗湖区启明教育基金会"));
    let audits = app.count("audit_log").await;
    let (_, page) = import(&mut app, "名录.csv", &bytes).await;
    assert!(page.contains("新登记 0 个") && page.contains("未变化 3 个"), "{page}");
    assert_eq!(app.count("organization").await, 3);
    assert_eq!(app.count("audit_log").await, audits, "nothing written the second time");
    // An exported file can be imported again: everything unchanged.
    let export = app.get("/officer/orgs/export.csv").await;
    let (_, page) = import(&mut app, "export.csv", &export.bytes).await;
    assert!(page.contains("未变化 3 个"), "{page}");
});

db_test!(a_bad_file_lists_every_problem_and_writes_nothing, |app| {
    app.officer().await;
    let mut s = good_file();
    s.push_str(&format!("{},阳光市南山区摄影协会,社会团体,阳光市南山区1号,火星区,王五,20000,直接登记,摄影交流,2022-01-01,赵六,12,not-mail\r\n", code('1', 9)));
    s.push_str(&format!("{},阳光市南山区慈善会,社会团体,阳光市南山区科技园路1号,南山区,王建国,50000,直接登记,开展慈善活动,2020-05-01,陈秘书,0755-88880001,a@example.org\r\n", code('1', 1)));
    let (id, page) = import(&mut app, "bad.csv", s.as_bytes()).await;
    assert_eq!(app.count("organization").await, 0, "nothing written");
    let job = entity::import_job::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    let errors: Vec<serde_json::Value> = serde_json::from_str(&job.errors_json).unwrap();
    let has = |line: u64, column: &str, reason: &str| {
        errors.iter().any(|e| e["line"] == line && e["column"] == column && e["reason"] == reason)
    };
    assert!(has(5, "区", "err_district_invalid"), "{errors:?}");
    assert!(has(5, "注册资金(元)", "err_capital_min_group"));
    assert!(has(5, "联系电话", "err_phone"));
    assert!(has(5, "联系邮箱", "err_email"));
    assert!(has(6, "统一社会信用代码", "err_import_duplicate_code"));
    assert!(has(6, "名称", "err_import_duplicate_name"));
    assert!(page.contains("未写入任何数据") && page.contains("请选择本市的区"), "{page}");
});

db_test!(a_gbk_file_is_read, |app| {
    app.officer().await;
    let text = good_file();
    let (bytes, _, _) = encoding_rs::GBK.encode(&text);
    let (id, page) = import(&mut app, "gbk.csv", &bytes).await;
    let job = entity::import_job::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(job.encoding, "gbk");
    assert!(page.contains("新登记 3 个"), "{page}");
    let org = app.get("/public/orgs?q=%E6%98%A5%E9%9B%A8").await; // 春雨
    assert!(org.body.contains("阳光市福田区春雨养老服务中心"));
});

db_test!(a_registered_code_with_other_items_is_refused, |app| {
    app.officer().await;
    import(&mut app, "a.csv", good_file().as_bytes()).await;
    let changed = good_file().replace("王建国", "王改名");
    let (_, page) = import(&mut app, "b.csv", changed.as_bytes()).await;
    assert!(page.contains("登记事项与文件不同"), "{page}");
    assert_eq!(app.count("organization").await, 3);
});

db_test!(only_officers_can_import, |app| {
    let res = app.upload("/officer/import/upload", "a.csv", good_file().as_bytes()).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(res.location().unwrap().starts_with("/login"));
    assert_eq!(app.count("import_job").await, 0);
    let empty = {
        app.officer().await;
        app.upload("/officer/import/upload", "empty.csv", b"").await
    };
    assert_eq!(empty.location().as_deref(), Some("/officer/import"));
    let page = app.get("/officer/import").await;
    assert!(page.body.contains("请选择要导入的 CSV 文件"), "{}", page.body);
});

/// `n` good rows (codes and names from `from`), each a distinct organization.
fn many_rows(from: u32, n: u32) -> String {
    let mut s = format!("{HEADER}\r\n");
    for i in from..from + n {
        s.push_str(&format!(
            "{},阳光市南山区第{i}号志愿者协会,社会团体,阳光市南山区科技园路{i}号,南山区,王建国,50000,直接登记,志愿服务,2020-05-01,陈秘书,0755-88880001,a{i}@example.org\r\n",
            code('1', 10_000 + i)
        ));
    }
    s
}

db_test!(a_large_file_is_written_whole_or_not_at_all, |app| {
    app.officer().await;
    let audits = app.count("audit_log").await;
    // One bad row at the very end (after several check chunks and write batches): nothing is written.
    let mut bad = many_rows(0, 1_200);
    bad.push_str(&format!("{},阳光市南山区坏行协会,社会团体,阳光市南山区1号,火星区,王五,50000,直接登记,摄影交流,2022-01-01,赵六,0755-88880001,x@example.org\r\n", code('1', 9_999)));
    let (id, page) = import(&mut app, "bad.csv", bad.as_bytes()).await;
    assert!(page.contains("未写入任何数据"), "{page}");
    let job = entity::import_job::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    assert_eq!((job.status.as_str(), job.total_rows, job.written_rows), ("failed", 1_201, 0));
    assert!(job.errors_json.contains("\"line\":1202"), "{}", job.errors_json);
    for table in ["organization", "org_event", "org_tally"] {
        assert_eq!(app.count(table).await, 0, "{table}: nothing written");
    }
    assert_eq!(app.count("audit_log").await, audits, "no audit record");
    // The same rows without it are all written, each with its event, search tokens and audit record.
    let (_, page) = import(&mut app, "good.csv", many_rows(0, 1_200).as_bytes()).await;
    assert!(page.contains("新登记 1200 个"), "{page}");
    assert_eq!(app.count("organization").await, 1_200);
    assert_eq!(app.count("org_event").await, 1_200);
    assert_eq!(app.count("audit_log").await, audits + 1_200);
    let check = app::audit::service::verify(&app.db).await.unwrap();
    assert!(
        matches!(check, app::audit::types::ChainCheck::Intact { records } if records == audits + 1_200),
        "{check:?}"
    );
    let search = app.get("/public/orgs?q=%E7%AC%AC1199%E5%8F%B7").await; // 第1199号
    assert!(search.body.contains("阳光市南山区第1199号志愿者协会"), "{}", search.body);
    // Re-importing it with 300 new rows writes only those.
    let (_, page) = import(&mut app, "more.csv", many_rows(900, 600).as_bytes()).await;
    assert!(page.contains("新登记 300 个") && page.contains("未变化 300 个"), "{page}");
    let stats = app.get("/officer/dashboard").await;
    assert_eq!(stats.status, http::StatusCode::OK);
});

/// The upload is deleted when its job ends with `import_retention_days` 0,
/// and `import_retention_days` after it otherwise.
async fn uploads_are_deleted(backend: sunshine_tests::Backend) {
    let settings = app::state::Settings { import_retention_days: 0, ..sunshine_tests::test_settings() };
    let mut app = TestApp::with_settings(backend, settings).await;
    app.officer().await;
    let (good, _) = import(&mut app, "good.csv", good_file().as_bytes()).await;
    let mut bad = good_file();
    bad.push_str("x,y\r\n");
    let (failed, _) = import(&mut app, "bad.csv", format!("{bad}{}", "名称\r\n").as_bytes()).await;
    for id in [good, failed] {
        let job = entity::import_job::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
        assert_eq!(job.content, "", "job {id} ({}) keeps no upload", job.status);
        assert!(job.finished_at.is_some());
    }
    let page = app.get(&format!("/officer/import/{good}")).await;
    assert!(page.body.contains("新登记 3 个"), "the job's outcome stays: {}", page.body);

    // Kept for the default 7 days, then deleted.
    let mut app = TestApp::new(backend).await;
    app.officer().await;
    let (old, _) = import(&mut app, "old.csv", good_file().as_bytes()).await;
    let job = entity::import_job::Entity::find_by_id(old).one(&app.db).await.unwrap().unwrap();
    assert!(job.content.contains("阳光市南山区慈善会"), "kept within the retention");
    let eight_days_ago = chrono::Utc::now() - chrono::Duration::days(8);
    let mut am: entity::import_job::ActiveModel = job.into();
    am.finished_at = sea_orm::Set(Some(eight_days_ago));
    sea_orm::ActiveModelTrait::update(am, &app.db).await.unwrap();
    let (recent, _) = import(&mut app, "new.csv", good_file().as_bytes()).await;
    let content = |id| {
        let db = app.db.clone();
        async move { entity::import_job::Entity::find_by_id(id).one(&db).await.unwrap().unwrap().content }
    };
    assert_eq!(content(old).await, "", "deleted after the retention");
    assert!(!content(recent).await.is_empty(), "the recent one is kept");
    assert_eq!(app::kernel::import::purge_uploads(&app.db, 7).await.unwrap(), 0);
}

mod uploads_are_deleted_when_the_job_ends {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        sunshine_tests::within_limit(super::uploads_are_deleted(sunshine_tests::Backend::Sqlite)).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        sunshine_tests::within_limit(super::uploads_are_deleted(sunshine_tests::Backend::Postgres)).await;
    }
}

db_test!(an_import_keeps_tallies_and_search_and_leaves_no_staged_rows, |app| {
    app.officer().await;
    // A failed import (a bad row after several staged chunks) leaves nothing: no
    // organization, tally, search hit or staged row.
    let mut bad = many_rows(0, 1_100);
    bad.push_str(&format!("{},阳光市南山区坏行协会,社会团体,阳光市南山区1号,火星区,王五,50000,直接登记,摄影交流,2022-01-01,赵六,0755-88880001,x@example.org\r\n", code('1', 9_999)));
    let (_, page) = import(&mut app, "bad.csv", bad.as_bytes()).await;
    assert!(page.contains("未写入任何数据"), "{page}");
    for table in ["organization", "org_event", "org_tally", "import_row"] {
        assert_eq!(app.count(table).await, 0, "{table}: nothing left");
    }
    let search = app.get("/public/orgs?q=%E7%AC%AC1099%E5%8F%B7").await; // 第1099号
    assert!(!search.body.contains("第1099号志愿者协会"), "no search hit");
    assert_eq!(app::dashboard::service::tally_check(&app.db).await.unwrap(), Vec::<String>::new());

    // A good one: every row counted in the tallies, found by its name, no staged row left.
    let (_, page) = import(&mut app, "good.csv", many_rows(0, 1_100).as_bytes()).await;
    assert!(page.contains("新登记 1100 个"), "{page}");
    assert_eq!(app.count("import_row").await, 0, "staged rows deleted");
    assert_eq!(app::dashboard::service::tally_check(&app.db).await.unwrap(), Vec::<String>::new());
    let n = app::db::count(&app.db, "SELECT CAST(SUM(n) AS BIGINT) AS n FROM org_tally", vec![]).await.unwrap();
    assert_eq!(n, 1_100, "org_tally counts every imported organization");
    for q in ["%E7%AC%AC1099%E5%8F%B7", "%E7%AC%AC0%E5%8F%B7"] {
        // 第1099号, 第0号
        let search = app.get(&format!("/public/orgs?q={q}")).await;
        assert!(search.body.contains("号志愿者协会"), "{q}: {}", search.body);
    }
    // A renamed organization is found by its new name only (its tokens replaced).
    let id = app::db::count(&app.db, "SELECT MIN(id) AS n FROM organization", vec![]).await.unwrap() as i64;
    let renamed = "阳光市南山区晨曦读书会";
    let old = entity::organization::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap().name;
    app::db::exec(&app.db, "UPDATE organization SET name = ? WHERE id = ?", vec![renamed.into(), id.into()])
        .await
        .unwrap();
    app::registry::service::reindex_name(&app.db, id, &old, renamed).await.unwrap();
    let search = app.get("/public/orgs?q=%E6%99%A8%E6%9B%A6").await; // 晨曦
    assert!(search.body.contains(renamed), "found by the new tokens: {}", search.body);
    let search = app.get("/public/orgs?q=%E5%BF%97%E6%84%BF").await; // 志愿
    assert!(!search.body.contains(renamed), "not by the old ones");
    // Re-importing overlapping rows writes only the new ones, and the tallies stay right.
    let (_, page) = import(&mut app, "more.csv", many_rows(1_000, 200).as_bytes()).await;
    assert!(page.contains("新登记 100 个") && page.contains("未变化 100 个"), "{page}");
    assert_eq!(app::dashboard::service::tally_check(&app.db).await.unwrap(), Vec::<String>::new());
    assert_eq!(app.count("org_event").await, 1_200);
    assert_eq!(app.count("import_row").await, 0);
});

db_test!(a_running_organization_import_holds_its_names_and_codes_and_runs_alone, |app| {
    app.officer().await;
    let officer = app::db::count(&app.db, "SELECT id AS n FROM app_user WHERE username = 'officer1'", vec![])
        .await
        .unwrap() as i64;
    let form = sunshine_tests::org_form("阳光市南山区书法协会", "social_group", 3);
    let code = form.iter().find(|(k, _)| k == "input[credit_code]").unwrap().1.clone();
    // An import still running has checked and staged this name and code.
    let kind = app::registry::types::ORG_IMPORT_KIND;
    let id =
        app::kernel::import::create_job(&app.db, kind, true, officer, "a.csv", "utf-8", good_file()).await.unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2020, 5, 1).unwrap();
    app::db::exec(
        &app.db,
        "INSERT INTO import_row (job_id, n, credit_code, name, org_type, domicile, district, legal_rep, capital_fen, \
         supervisory_unit, business_scope, contact_person, contact_phone, contact_email, registration_date, term_end) \
         VALUES (?, 2, ?, '阳光市南山区书法协会', 'social_group', '科技园路1号', '南山区', '王建国', 5000000, \
         NULL, '书法', '陈秘书', '0755-88880001', 'a@example.org', ?, ?)",
        vec![id.into(), code.clone().into(), day.into(), day.into()],
    )
    .await
    .unwrap();
    // A second organization file waits until it has ended.
    let res = app.upload("/officer/import/upload", "b.csv", good_file().as_bytes()).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.location().as_deref(), Some("/officer/import"));
    let page = app.get("/officer/import").await;
    assert!(page.body.contains("另一个社会组织导入仍在进行"), "{}", page.body);
    assert_eq!(app.count("import_job").await, 1, "no second job");
    // Registering the staged name or code by hand is refused meanwhile.
    let res = app.call("/api/registry/register", &sunshine_tests::pairs(&form)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("err_name_importing") && res.body.contains("err_code_importing"), "{}", res.body);
    assert_eq!(app.count("organization").await, 0);
    // Once the import has ended, both are free again.
    app::kernel::import::finish(&app.db, id, "failed", &[], 0, 0).await.unwrap();
    app::registry::service::unstage(&app.db, Some(id)).await.unwrap();
    let res = app.call("/api/registry/register", &sunshine_tests::pairs(&form)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(app.count("organization").await, 1);
});
