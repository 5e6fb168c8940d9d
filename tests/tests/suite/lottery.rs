//! Welfare-lottery outlets end to end on SQLite and PostgreSQL: the outlet
//! lifecycle with its history and CSV import/export (atomic, re-import
//! unchanged); sales import (good, bad, re-import, corrected amount) and the
//! trend; grading by the sheet with the sales item computed and the cap for a
//! prohibited act, publishing and the public finder; an inspection with its
//! follow-up (suspension, rectification) and the KPIs.

use std::time::{Duration, Instant};

use chrono::Datelike;
use http::StatusCode;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use sunshine_tests::{db_test, TestApp};

fn today() -> chrono::NaiveDate {
    app::kernel::clock::today()
}

fn outlet_form(no: &str, name: &str) -> Vec<(&'static str, String)> {
    vec![
        ("input[outlet_no]", no.to_string()),
        ("input[name]", name.to_string()),
        ("input[district]", "南山区".to_string()),
        ("input[address]", "阳光市南山区科技园路8号".to_string()),
        ("input[lng]", "113.934567".to_string()),
        ("input[lat]", "22.540123".to_string()),
        ("input[operator_kind]", "person".to_string()),
        ("input[operator_name]", "王建国".to_string()),
        ("input[contact_person]", "王建国".to_string()),
        ("input[contact_phone]", "13900001111".to_string()),
        ("input[terminals]", "T4400001, T4400002".to_string()),
        ("input[opened_on]", "2020-05-01".to_string()),
    ]
}

fn refs<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'a str, &'a str)> {
    v.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

async fn create(app: &mut TestApp, no: &str, name: &str) -> i64 {
    let form = outlet_form(no, name);
    let res = app.post_form("/api/lottery/create", "/officer/lottery/new", &refs(&form)).await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    res.location().unwrap().rsplit('/').next().unwrap().parse().unwrap()
}

/// Uploads a file to `path` and waits for its job; returns the job and its page.
async fn import(app: &mut TestApp, path: &str, bytes: &[u8]) -> (entity::import_job::Model, String) {
    let res = app.upload(path, "file.csv", bytes).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let loc = res.location().unwrap();
    let id: i64 = loc.rsplit('/').next().unwrap().parse().unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let job = entity::import_job::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
        if job.status == "done" || job.status == "failed" {
            let page = app.get(&loc).await;
            assert_eq!(page.status, StatusCode::OK);
            return (job, page.body);
        }
        assert!(Instant::now() < deadline, "import still {}", job.status);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn outlet(app: &TestApp, id: i64) -> entity::lottery_outlet::Model {
    entity::lottery_outlet::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap()
}

async fn outlet_by_no(app: &TestApp, no: &str) -> entity::lottery_outlet::Model {
    entity::lottery_outlet::Entity::find()
        .filter(entity::lottery_outlet::Column::OutletNo.eq(no))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

async fn set_status(app: &mut TestApp, id: i64, action: &str, date: &str) -> http::StatusCode {
    let ids = id.to_string();
    let res = app
        .call(
            "/api/lottery/status",
            &[("id", &ids), ("input[action]", action), ("input[date]", date), ("input[note]", "检查发现问题")],
        )
        .await;
    res.status
}

db_test!(outlet_lifecycle_history_and_csv, |app| {
    app.officer().await;
    // Bad input names every field and writes nothing.
    let res = app
        .call(
            "/api/lottery/create",
            &[
                ("input[outlet_no]", "12"),
                ("input[lng]", "300"),
                ("input[terminals]", "T1"),
                ("input[opened_on]", "2099-01-01"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    for f in ["outlet_no", "name", "address", "district", "lng", "lat", "operator_kind", "terminals", "opened_on"] {
        assert!(res.body.contains(&format!("\"{f}\"")), "{f} in {}", res.body);
    }
    assert_eq!(app.count("lottery_outlet").await, 0);

    let id = create(&mut app, "44030501", "南山区福彩投注站1号").await;
    // The same number again is refused under the field.
    let form = outlet_form("44030501", "另一个投注站");
    let res = app.call("/api/lottery/create", &refs(&form)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("lot_err_outlet_no_taken"), "{}", res.body);

    // Change: the history keeps the field changed.
    let mut form = outlet_form("44030501", "南山区福彩便民站");
    form.push(("id", id.to_string()));
    let res = app.post_form("/api/lottery/change", &format!("/officer/lottery/outlets/{id}/edit"), &refs(&form)).await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    assert_eq!(outlet(&app, id).await.name, "南山区福彩便民站");

    // Suspend, resume, close; nothing after closing.
    let d = today().to_string();
    assert_eq!(set_status(&mut app, id, "resume", &d).await, StatusCode::CONFLICT);
    assert_eq!(set_status(&mut app, id, "suspend", &d).await, StatusCode::OK);
    assert_eq!(outlet(&app, id).await.status, "suspended");
    assert_eq!(set_status(&mut app, id, "resume", &d).await, StatusCode::OK);
    assert_eq!(set_status(&mut app, id, "close", &d).await, StatusCode::OK);
    assert_eq!(outlet(&app, id).await.status, "closed");
    assert_eq!(set_status(&mut app, id, "resume", &d).await, StatusCode::CONFLICT);
    let events: Vec<String> = entity::lottery_outlet_event::Entity::find()
        .filter(entity::lottery_outlet_event::Column::OutletId.eq(id))
        .order_by_asc(entity::lottery_outlet_event::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(events, ["create", "change", "suspend", "resume", "close"]);
    let page = app.get(&format!("/officer/lottery/outlets/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("name: 南山区福彩投注站1号 → 南山区福彩便民站"), "history shows the change");
    assert!(page.body.contains("id=\"outlet-history\""));
    // Every write is audited.
    let audits: i64 = app.count("audit_log").await;
    assert!(audits >= 5, "{audits} audit records");

    // Import: a file with one bad row writes nothing and names line and column.
    let header = "网点编号,网点名称,地址,区,经度,纬度,业主类型,业主,联系人,联系电话,终端号,开业日期,状态";
    let good1 = "44030601,福田区福彩投注站,阳光市福田区深南大道1号,福田区,114.055001,22.541001,个人,李丽华,李丽华,13900002222,T4400101,2019/3/1,营业";
    let good2 = "44030602,罗湖区福彩服务站,阳光市罗湖区人民路2号,罗湖区,114.131001,22.548001,单位,阳光商贸有限公司,陈海涛,0755-88880000,T4400102;T4400103,2021-07-15,";
    let bad = "44030603,坏行,阳光市某路,不存在区,114.1,22.5,个人,张三,张三,139,T4400104,2021-07-15,营业";
    let file = format!("{header}\r\n{good1}\r\n{bad}\r\n{good2}\r\n");
    let before = app.count("lottery_outlet").await;
    let (job, page) = import(&mut app, "/officer/lottery/import/upload", file.as_bytes()).await;
    assert_eq!(job.status, "failed");
    assert!(
        job.errors_json.contains("\"line\":3") && job.errors_json.contains("\"column\":\"区\""),
        "{}",
        job.errors_json
    );
    assert!(page.contains("id=\"import-errors\""));
    assert!(page.contains("/officer/lottery/import"), "the job page links back to the lottery import");
    assert_eq!(app.count("lottery_outlet").await, before, "nothing written");
    let file = format!("{header}\r\n{good1}\r\n{good2}\r\n");
    let (job, _) = import(&mut app, "/officer/lottery/import/upload", file.as_bytes()).await;
    assert_eq!((job.status.as_str(), job.written_rows, job.unchanged_rows), ("done", 2, 0), "{}", job.errors_json);
    assert_eq!(outlet_by_no(&app, "44030602").await.terminals, "T4400102,T4400103");
    let (job, _) = import(&mut app, "/officer/lottery/import/upload", file.as_bytes()).await;
    assert_eq!((job.written_rows, job.unchanged_rows), (0, 2), "re-import changes nothing");

    // Export: BOM, the import's header, and it imports back unchanged.
    let csv = app.get("/officer/lottery/export.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    assert!(csv.body.contains(header) && csv.body.contains("44030602"));
    assert!(csv.body.contains(",关闭\r\n"), "the closed outlet is exported with its status");
    let (job, _) = import(&mut app, "/officer/lottery/import/upload", &csv.bytes).await;
    assert_eq!((job.status.as_str(), job.written_rows, job.unchanged_rows), ("done", 0, 3), "{}", job.errors_json);
    // Filtered list and search.
    let list = app.get("/officer/lottery?district=%E7%BD%97%E6%B9%96%E5%8C%BA").await; // 罗湖区
    assert!(list.body.contains("罗湖区福彩服务站") && !list.body.contains("福田区福彩投注站"));
    let list = app.get("/officer/lottery?status=closed").await;
    assert!(list.body.contains("南山区福彩便民站") && !list.body.contains("罗湖区福彩服务站"));
    // Officers only.
    app.logout().await;
    assert_ne!(app.get("/officer/lottery/export.csv").await.status, StatusCode::OK);
    let res = app.call("/api/lottery/create", &refs(&outlet_form("44030999", "x"))).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
});

const SALES_HEADER: &str = "网点编号,月份,玩法,销量(元)";

db_test!(sales_import_good_bad_and_reimport, |app| {
    app.officer().await;
    let a = create(&mut app, "44030501", "南山区福彩投注站1号").await;
    create(&mut app, "44030502", "南山区福彩投注站2号").await;
    let y = today().year() - 1;
    let good = format!(
        "{SALES_HEADER}\n44030501,{y}-01,双色球,\"12,000.50\"\n44030501,{y}/2,kl8,8000\n44030501,{y}年3月,福彩3D,3000\n44030502,{y}-01,双色球,5000\n"
    );
    let (job, _) = import(&mut app, "/officer/lottery/sales/import/upload", good.as_bytes()).await;
    assert_eq!((job.status.as_str(), job.written_rows, job.unchanged_rows), ("done", 4, 0), "{}", job.errors_json);
    assert_eq!(app.count("lottery_sales").await, 4);
    // Re-import: nothing counted twice.
    let (job, _) = import(&mut app, "/officer/lottery/sales/import/upload", good.as_bytes()).await;
    assert_eq!((job.written_rows, job.unchanged_rows), (0, 4));
    assert_eq!(app.count("lottery_sales").await, 4);
    // A corrected amount replaces the old one.
    let fixed = format!("{SALES_HEADER}\n44030501,{y}-01,双色球,13000\n");
    let (job, _) = import(&mut app, "/officer/lottery/sales/import/upload", fixed.as_bytes()).await;
    assert_eq!((job.written_rows, job.unchanged_rows), (1, 0));
    let row = entity::lottery_sales::Entity::find()
        .filter(entity::lottery_sales::Column::OutletId.eq(a))
        .filter(entity::lottery_sales::Column::Game.eq("ssq"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.amount_fen, 1_300_000);
    // Bad rows: unknown outlet, bad month, a sports-lottery game, negative amount, a duplicate.
    let next_year = today().year() + 1;
    let bad = format!(
        "{SALES_HEADER}\n44039999,{y}-01,双色球,100\n44030501,{y}-13,双色球,100\n44030501,{y}-04,大乐透,100\n44030501,{y}-05,kl8,-1\n44030502,{y}-06,kl8,1\n44030502,{y}-06,快乐8,2\n44030502,{next_year}-01,kl8,1\n"
    );
    let (job, page) = import(&mut app, "/officer/lottery/sales/import/upload", bad.as_bytes()).await;
    assert_eq!(job.status, "failed");
    for (line, reason) in [
        (2, "lot_err_unknown_outlet"),
        (3, "lot_err_month"),
        (4, "lot_err_game"),
        (5, "err_amount_negative"),
        (7, "lot_err_import_duplicate"),
        (8, "lot_err_month_future"),
    ] {
        assert!(job.errors_json.contains(&format!("{{\"line\":{line},")), "line {line}: {}", job.errors_json);
        assert!(job.errors_json.contains(reason), "{reason}: {}", job.errors_json);
    }
    assert!(page.contains("不是福利彩票的玩法"), "reasons are shown in words");
    assert_eq!(app.count("lottery_sales").await, 4, "nothing written");
    // The trend on the outlet page: SVG and the figures in a table.
    let page = app.get(&format!("/officer/lottery/outlets/{a}")).await;
    assert!(page.body.contains("id=\"outlet-sales\""));
    assert!(page.body.contains(&format!("{y}-01")) && page.body.contains("13,000.00"), "monthly figures");
    assert!(page.body.contains("<svg"));
});

async fn grade(app: &mut TestApp, id: i64, year: i32, points: &[(i64, &str)]) -> sunshine_tests::Res {
    let ids = id.to_string();
    let y = year.to_string();
    let mut form: Vec<(String, String)> =
        vec![("id".into(), ids), ("input[year]".into(), y), ("input[note]".into(), String::new())];
    form.extend(points.iter().map(|(item, p)| (format!("input[points][{item}]"), p.to_string())));
    app.call("/api/lottery/grade", &sunshine_tests::pairs(&form)).await
}

/// The typed items of the seeded sheet (id, category, maximum).
async fn typed_items(app: &TestApp) -> Vec<(i64, String, i32)> {
    entity::lottery_sheet_item::Entity::find()
        .order_by_asc(entity::lottery_sheet_item::Column::ItemNo)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|i| i.auto.is_empty())
        .map(|i| (i.id, i.category, i.max_points))
        .collect()
}

db_test!(grading_by_the_sheet_with_sales_cap_and_publication, |app| {
    app.officer().await;
    let sheet = entity::lottery_sheet_item::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(sheet.iter().map(|i| i.max_points).sum::<i32>(), 100, "the seeded sheet adds up to 100");
    let a = create(&mut app, "44030501", "南山区福彩投注站1号").await;
    let b = create(&mut app, "44030502", "南山区福彩投注站2号").await;
    let y = today().year() - 1;
    // A sells 30,000, B 10,000: the district's average is 20,000, so A earns the
    // whole sales item (20) and B half of it (10).
    let sales = format!("{SALES_HEADER}\n44030501,{y}-03,双色球,30000\n44030502,{y}-03,双色球,10000\n");
    let (job, _) = import(&mut app, "/officer/lottery/sales/import/upload", sales.as_bytes()).await;
    assert_eq!(job.status, "done");
    let items = typed_items(&app).await;
    let full: Vec<(i64, String)> = items.iter().map(|(id, _, m)| (*id, m.to_string())).collect();
    let full_ref: Vec<(i64, &str)> = full.iter().map(|(i, p)| (*i, p.as_str())).collect();

    // Over an item's maximum: refused under that item, nothing saved.
    let mut over = full_ref.clone();
    over[0].1 = "31";
    let res = grade(&mut app, a, y, &over).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.body.contains(&format!("\"p{}\"", items[0].0)) && res.body.contains("lot_err_points_over"),
        "{}",
        res.body
    );
    assert_eq!(app.count("lottery_grading").await, 0);

    // Full marks on the typed items: 80 + 20 for sales = 100, 5-star and excellent.
    let res = grade(&mut app, a, y, &full_ref).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let g = entity::lottery_grading::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!((g.total, g.grade.as_str(), g.capped, g.excellent, g.published), (100, "5star", false, true, false));

    // B sold credit tickets last year: a prohibited act caps the grade at 3-star.
    let on = format!("{y}-06-01");
    let ids = b.to_string();
    let res = app
        .call(
            "/api/lottery/inspect",
            &[
                ("id", &ids),
                ("input[inspected_on]", &on),
                ("input[inspector]", "张检查"),
                ("input[items][credit]", "on"),
                ("input[note]", "发现赊销"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = grade(&mut app, b, y, &full_ref).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let gb = entity::lottery_grading::Entity::find()
        .filter(entity::lottery_grading::Column::OutletId.eq(b))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((gb.total, gb.grade.as_str(), gb.capped, gb.excellent), (90, "3star", true, false));

    // Not yet public; an unpublished grading can be scored again (A without image points: 80 → 4-star).
    let public = app.get("/public/lottery").await;
    assert!(!public.body.contains("★★★★★"));
    let mut less = full_ref.clone();
    let image = items.iter().position(|(_, c, _)| c == "image").unwrap();
    less[image].1 = "0";
    let res = grade(&mut app, a, y, &less).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let g = entity::lottery_grading::Entity::find_by_id(g.id).one(&app.db).await.unwrap().unwrap();
    assert_eq!((g.total, g.grade.as_str(), g.excellent), (80, "4star", false));
    assert_eq!(app.count("lottery_grading").await, 2);
    assert_eq!(app.count("lottery_grading_score").await, 14);

    // Publish the year: the finder shows the stars; a published grading stays.
    let year = y.to_string();
    let res = app.post_form("/api/lottery/publish", "/officer/lottery/grading", &[("input[year]", &year)]).await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let res = app.call("/api/lottery/publish", &[("input[year]", &year)]).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "nothing left to publish");
    let res = grade(&mut app, a, y, &full_ref).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    app.logout().await;
    let public = app.get("/public/lottery").await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(public.body.contains("★★★★") && public.body.contains("★★★"), "published grades are public");
    assert!(public.body.contains("id=\"outlet-map\"") && public.body.matches("<circle").count() == 2);
    let csv = app.get("/public/lottery/export.csv").await;
    assert!(
        csv.body.contains("44030501") && csv.body.contains("★★★★") && !csv.body.contains("13900001111"),
        "no contacts"
    );
    app.login("officer1", "Officer#Pass1").await;
    let list = app.get(&format!("/officer/lottery/grading?year={y}&grade=3star")).await;
    assert!(list.body.contains("南山区福彩投注站2号") && !list.body.contains("南山区福彩投注站1号"));
    let csv = app.get(&format!("/officer/lottery/grading/export.csv?year={y}")).await;
    assert!(csv.body.contains("违规封顶") && csv.body.contains("44030502"));
});

db_test!(inspection_with_follow_up_and_kpis, |app| {
    app.officer().await;
    let a = create(&mut app, "44030501", "南山区福彩投注站1号").await;
    let ids = a.to_string();
    let on = (today() - chrono::Days::new(30)).to_string();
    // Findings without a description are refused.
    let res = app
        .call(
            "/api/lottery/inspect",
            &[
                ("id", &ids),
                ("input[inspected_on]", &on),
                ("input[inspector]", "张检查"),
                ("input[items][minors]", "on"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("\"note\""));
    // A clean inspection, then one with findings and no deadline (30 days ago + 15 days: overdue).
    let res = app
        .call("/api/lottery/inspect", &[("id", &ids), ("input[inspected_on]", &on), ("input[inspector]", "张检查")])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = app
        .post_form(
            "/api/lottery/inspect",
            &format!("/officer/lottery/outlets/{a}"),
            &[
                ("id", &ids),
                ("input[inspected_on]", &on),
                ("input[inspector]", "张检查"),
                ("input[items][minors]", "on"),
                ("input[items][signs]", "on"),
                ("input[note]", "向未成年人售票；警示标语缺失"),
                ("input[deadline]", ""),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let ins = entity::lottery_inspection::Entity::find()
        .filter(entity::lottery_inspection::Column::Status.eq("open"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ins.deadline, Some(today() - chrono::Days::new(15)));
    assert_eq!(app.count("lottery_finding").await, 2);
    let kpi = app.get("/officer/lottery/kpi").await;
    assert_eq!(kpi.status, StatusCode::OK);
    assert!(kpi.body.contains("id=\"kpi-findings\""));
    let overdue = app.get("/officer/lottery/inspections?status=overdue").await;
    assert!(overdue.body.contains("南山区福彩投注站1号") && overdue.body.contains("逾期未整改"));
    let csv = app.get("/officer/lottery/inspections/export.csv?status=open").await;
    assert!(csv.body.contains("向未成年人销售彩票或兑奖、缺少福彩标识或警示标语"), "{}", csv.body);

    // Follow-up: not rectified → sales suspended, the inspection stays open.
    let fid = ins.id.to_string();
    let d = today().to_string();
    let res = app
        .call(
            "/api/lottery/follow-up",
            &[("id", &fid), ("input[result]", "suspend"), ("input[date]", &d), ("input[note]", "复查未整改")],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(outlet(&app, a).await.status, "suspended");
    // Rectified: findings closed.
    let res = app
        .post_form(
            "/api/lottery/follow-up",
            &format!("/officer/lottery/outlets/{a}"),
            &[("id", &fid), ("input[result]", "rectified"), ("input[date]", &d), ("input[note]", "已整改到位")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let ins = entity::lottery_inspection::Entity::find_by_id(ins.id).one(&app.db).await.unwrap().unwrap();
    assert_eq!((ins.status.as_str(), ins.rectified_on), ("rectified", Some(today())));
    assert!(ins.follow_up.contains("复查未整改") && ins.follow_up.contains("已整改到位"));
    let open = entity::lottery_finding::Entity::find()
        .filter(entity::lottery_finding::Column::Rectified.eq(false))
        .all(&app.db)
        .await
        .unwrap();
    assert!(open.is_empty());
    let res = app
        .call(
            "/api/lottery/follow-up",
            &[("id", &fid), ("input[result]", "rectified"), ("input[date]", &d), ("input[note]", "x")],
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    // The officer resumes sales after rectification.
    assert_eq!(set_status(&mut app, a, "resume", &d).await, StatusCode::OK);

    // KPIs: one outlet against the target of 1,700, nothing open.
    let kpi = app.get("/officer/lottery/kpi").await;
    assert!(kpi.body.contains("1700"), "the target is shown");
    let v = app::lottery::service::kpi(&app.db, &app.state.settings, today()).await.unwrap();
    assert_eq!((v.outlets, v.target, v.open_findings, v.overdue_inspections), (1, 1700, 0, 0));
    let page = app.get(&format!("/officer/lottery/outlets/{a}")).await;
    assert!(page.body.contains("id=\"inspections\"") && page.body.contains("已整改"));
});

db_test!(demo_data_is_written_once_and_consistent, |app| {
    let settings = app.state.settings.clone();
    let n = server::seed_lottery::seed_lottery(&app.db, &settings, 7, today()).await.unwrap();
    assert_eq!(n as usize, server::seed_lottery::OUTLETS);
    assert_eq!(server::seed_lottery::seed_lottery(&app.db, &settings, 7, today()).await.unwrap(), 0, "written once");
    assert_eq!(app.count("lottery_outlet").await as usize, server::seed_lottery::OUTLETS);
    let v = app::lottery::service::kpi(&app.db, &settings, today()).await.unwrap();
    assert!(v.outlets < v.target && v.outlets > 1500, "{} outlets", v.outlets);
    assert!(v.suspended > 0 && v.closed > 0);
    assert!(v.graded > 1300 && v.excellent > 0, "{} graded, {} excellent", v.graded, v.excellent);
    assert!(v.open_findings > 0 && v.overdue_inspections > 0);
    assert_eq!(v.months.len(), 12);
    // Every seeded grading agrees with the rules: its total is the sum of its scores.
    let sums = app
        .db
        .query_all_raw(sea_orm::Statement::from_string(
            app.db.get_database_backend(),
            "SELECT g.total AS total, CAST(SUM(s.points) AS BIGINT) AS points FROM lottery_grading g \
             JOIN lottery_grading_score s ON s.grading_id = g.id GROUP BY g.id, g.total",
        ))
        .await
        .unwrap();
    assert!(sums.len() > 1300);
    for r in &sums {
        let (t, p): (i32, i64) = (r.try_get("", "total").unwrap(), r.try_get("", "points").unwrap());
        assert_eq!(t as i64, p);
    }
    let page = app.get("/public/lottery?district=%E5%8D%97%E5%B1%B1%E5%8C%BA").await; // 南山区
    assert_eq!(page.status, StatusCode::OK);
    // Many outlets: one path of dots a grade, not a circle each.
    let dots: usize = page
        .body
        .split("data-n=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next().and_then(|n| n.parse::<usize>().ok()))
        .sum();
    assert!(dots > 100 && page.body.matches("<circle").count() == 0, "{dots} dots");
});
