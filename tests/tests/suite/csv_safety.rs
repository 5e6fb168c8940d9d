//! CSV exports on SQLite and PostgreSQL: a formula typed or imported comes out
//! as text (a leading `'`), numbers stay numbers, every importer reads its
//! own export (or a file written by the same writer) back unchanged, and the
//! filtered "export CSV" link of every list answers.

use std::time::{Duration, Instant};

use http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use sunshine_tests::{db_test, org_form, pairs, TestApp};

const FORMULA: &str = "=HYPERLINK(\"http://x\",\"y\")";
/// The formula as the CSV writer writes it: quoted, quotes doubled, after a `'`.
const WRITTEN: &str = "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"";

const ORG_HEADER: &str =
    "统一社会信用代码,名称,类型,住所,区,法定代表人,注册资金(元),业务主管单位,业务范围,登记日期,联系人,联系电话,联系邮箱";

fn code(t: char, n: u32) -> String {
    app::domain::credit_code::build(&format!("5{t}"), "440300", &format!("{:08}", 70_000_000 + n)).unwrap()
}

/// A CSV line written by the export's own writer (neutralised cells).
fn written(cells: &[&str]) -> String {
    let mut w = app::kernel::csv::CsvRows::new();
    w.push(cells).unwrap();
    String::from_utf8(w.finish().unwrap()).unwrap()
}

/// Uploads `bytes` to `path` and waits for the job to end.
async fn import(app: &mut TestApp, path: &str, bytes: &[u8]) -> app::registry::types::ImportJobView {
    let res = app.upload(path, "file.csv", bytes).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let id: i64 = res.location().unwrap().rsplit('/').next().unwrap().parse().unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let job = app::kernel::import::get(&app.db, id).await.unwrap();
        if job.status == "done" || job.status == "failed" {
            return job;
        }
        assert!(Instant::now() < deadline, "import still {}", job.status);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn org_by_code(app: &TestApp, code: &str) -> entity::organization::Model {
    entity::organization::Entity::find()
        .filter(entity::organization::Column::CreditCode.eq(code))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

/// A raw file as a person types it: formulas in free-text cells. A cell
/// `''=…` is read as `'=…` (the reader strips the one `'` an export adds).
fn org_file() -> String {
    let mut s = format!("{ORG_HEADER}\r\n");
    s.push_str(&format!(
        "{},阳光市南山区公式协会,社会团体,阳光市南山区科技园路1号,南山区,王建国,50000,直接登记,\"{}\",2020-05-01,@陈秘书,0755-88880001,a@example.org\r\n",
        code('1', 1),
        FORMULA.replace('"', "\"\"")
    ));
    s.push_str(&format!(
        "{},阳光市福田区引号养老服务中心,社会服务机构,阳光市福田区深南大道2号,福田区,李娜,\"100,000.00\",市民政局,''=已带引号,2021-06-08,'张三,0755-88880002,b@example.org\r\n",
        code('2', 2)
    ));
    s
}

db_test!(formulas_typed_or_imported_reach_the_public_exports_as_text, |app| {
    app.officer().await;
    // Typed into the registration form.
    let mut form = org_form("阳光市南山区表单公式协会", "social_group", 1);
    form.iter_mut().find(|(k, _)| k == "input[business_scope]").unwrap().1 = "+1+2 开展活动".into();
    let res = app.post_form("/api/registry/register", "/officer/orgs/new", &pairs(&form)).await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    // Imported from a file.
    let job = import(&mut app, "/officer/import/upload", org_file().as_bytes()).await;
    assert_eq!((job.status.as_str(), job.written_rows), ("done", 2), "{:?}", job.errors);
    assert_eq!(org_by_code(&app, &code('1', 1)).await.business_scope, FORMULA, "stored as typed");

    for path in ["/public/orgs/export.csv", "/officer/orgs/export.csv"] {
        let csv = app.get(path).await;
        assert_eq!(csv.status, StatusCode::OK);
        assert!(csv.body.contains(WRITTEN), "{path}: {}", csv.body);
        assert!(csv.body.contains(",'+1+2 开展活动,"), "{path}: {}", csv.body);
        assert!(csv.body.contains(",''=已带引号,"), "one more quote before a quoted formula: {}", csv.body);
        assert!(!csv.body.contains(",=") && !csv.body.contains(",\"="), "{path}: a formula cell: {}", csv.body);
        // Numbers stay numbers: the capital and dates are written as they are.
        assert!(csv.body.contains(",50000.00,") && csv.body.contains(",100000.00,"), "{}", csv.body);
        assert!(csv.body.contains(",2020-05-01,"), "{}", csv.body);
    }
    let officer = app.get("/officer/orgs/export.csv").await;
    assert!(officer.body.contains(",'@陈秘书,"), "contacts too: {}", officer.body);

    // The lottery outlets' public finder export.
    let form = [
        ("input[outlet_no]", "44030701"),
        ("input[name]", "南山区福彩公式站"),
        ("input[district]", "南山区"),
        ("input[address]", FORMULA),
        ("input[lng]", "113.934567"),
        ("input[lat]", "22.540123"),
        ("input[operator_kind]", "person"),
        ("input[operator_name]", "-王建国"),
        ("input[contact_person]", "王建国"),
        ("input[contact_phone]", "13900001111"),
        ("input[terminals]", "T4400001"),
        ("input[opened_on]", "2020-05-01"),
    ];
    let res = app.post_form("/api/lottery/create", "/officer/lottery/new", &form).await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let csv = app.get("/public/lottery/export.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.contains(WRITTEN), "{}", csv.body);
    assert!(csv.body.contains(",113.934567,22.540123"), "coordinates stay numbers: {}", csv.body);
    let csv = app.get("/officer/lottery/export.csv").await;
    assert!(csv.body.contains(",'-王建国,"), "{}", csv.body);
});

db_test!(organizations_read_their_own_export_back_unchanged, |app| {
    app.officer().await;
    let job = import(&mut app, "/officer/import/upload", org_file().as_bytes()).await;
    assert_eq!((job.status.as_str(), job.written_rows), ("done", 2), "{:?}", job.errors);
    let before = (org_by_code(&app, &code('1', 1)).await, org_by_code(&app, &code('2', 2)).await);
    assert_eq!(before.1.business_scope, "'=已带引号");
    assert_eq!(before.1.contact_person, "'张三", "a quote before plain text is the user's own");
    let export = app.get("/officer/orgs/export.csv").await;
    let audits = app.count("audit_log").await;
    let job = import(&mut app, "/officer/import/upload", &export.bytes).await;
    assert_eq!((job.status.as_str(), job.written_rows, job.unchanged_rows), ("done", 0, 2), "{:?}", job.errors);
    assert_eq!(app.count("audit_log").await, audits, "nothing written");
    let after = (org_by_code(&app, &code('1', 1)).await, org_by_code(&app, &code('2', 2)).await);
    assert_eq!(before, after);
});

db_test!(inspectors_read_their_own_export_back_unchanged, |app| {
    app.officer().await;
    let header = app::inspection::types::INSPECTOR_COLUMNS.iter().map(|(h, _)| *h).collect::<Vec<_>>().join(",");
    let file = format!(
        "{header}\r\n张一,\"{}\",zhang1@example.org,0755-1,ZF-1001,2028-12-31,南山区、福田区,是\r\n\
         李二,''@市财政局,li2@example.org,,ZF-1002,2027-06-30,,否\r\n",
        FORMULA.replace('"', "\"\"")
    );
    let job = import(&mut app, "/officer/inspectors/import/upload", file.as_bytes()).await;
    assert_eq!((job.status.as_str(), job.written_rows), ("done", 2), "{:?}", job.errors);
    let db = app.db.clone();
    let all = || async { entity::inspector::Entity::find().all(&db).await.unwrap() };
    let before = all().await;
    assert!(before.iter().any(|i| i.unit == FORMULA));
    let export = app.get("/officer/inspectors/export.csv").await;
    assert!(before.iter().any(|i| i.unit == "'@市财政局"));
    assert!(export.body.contains(WRITTEN) && export.body.contains(",''@市财政局,"), "{}", export.body);
    let job = import(&mut app, "/officer/inspectors/import/upload", &export.bytes).await;
    assert_eq!((job.status.as_str(), job.written_rows, job.unchanged_rows), ("done", 0, 2), "{:?}", job.errors);
    assert_eq!(all().await, before);
});

db_test!(lottery_outlets_read_their_own_export_back_unchanged, |app| {
    app.officer().await;
    let header = "网点编号,网点名称,地址,区,经度,纬度,业主类型,业主,联系人,联系电话,终端号,开业日期,状态";
    let file = format!(
        "{header}\r\n44030601,福田区福彩投注站,\"{}\",福田区,114.055001,22.541001,个人,@李丽华,李丽华,13900002222,T4400101,2019/3/1,营业\r\n\
         44030602,罗湖区福彩服务站,''+阳光市罗湖区人民路2号,罗湖区,114.131001,22.548001,单位,阳光商贸有限公司,-陈海涛,0755-88880000,T4400102,2021-07-15,\r\n",
        FORMULA.replace('"', "\"\"")
    );
    let job = import(&mut app, "/officer/lottery/import/upload", file.as_bytes()).await;
    assert_eq!((job.status.as_str(), job.written_rows), ("done", 2), "{:?}", job.errors);
    let db = app.db.clone();
    let all = || async { entity::lottery_outlet::Entity::find().all(&db).await.unwrap() };
    let before = all().await;
    assert!(before.iter().any(|o| o.address == FORMULA));
    let export = app.get("/officer/lottery/export.csv").await;
    assert!(before.iter().any(|o| o.address == "'+阳光市罗湖区人民路2号"));
    assert!(export.body.contains(WRITTEN) && export.body.contains(",''+阳光市罗湖区人民路2号,"), "{}", export.body);
    assert!(export.body.contains(",'@李丽华,") && export.body.contains(",'-陈海涛,"), "{}", export.body);
    assert!(export.body.contains(",114.055001,22.541001,"), "{}", export.body);
    let job = import(&mut app, "/officer/lottery/import/upload", &export.bytes).await;
    assert_eq!((job.status.as_str(), job.written_rows, job.unchanged_rows), ("done", 0, 2), "{:?}", job.errors);
    assert_eq!(all().await, before);
});

db_test!(past_reports_and_lottery_sales_read_the_writers_files_unchanged, |app| {
    app.officer().await;
    // Annual reports have no export of the import's columns: a file written
    // by the exports' writer must read back as the values written.
    let form = org_form("阳光市南山区年报公式协会", "social_group", 2);
    let res = app.post_form("/api/registry/register", "/officer/orgs/new", &pairs(&form)).await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let code = form.iter().find(|(k, _)| k == "input[credit_code]").unwrap().1.clone();
    let org = org_by_code(&app, &code).await;
    let header = app::reports::types::IMPORT_COLUMNS.iter().map(|(h, _)| *h).collect::<Vec<_>>();
    let figures = ["100", "0", "0", "50", "0", "0", "150", "100", "20", "0", "0", "120", "900", "100", "800"];
    let mut file = String::from_utf8(app::kernel::csv::csv_preamble(&header)).unwrap();
    for (year, reason) in [("2023", FORMULA), ("2024", "'-财务制度不健全")] {
        let mut cells = vec![code.as_str(), year];
        cells.extend(figures);
        cells.extend(["基本合格", reason]);
        file.push_str(&written(&cells));
    }
    assert!(file.contains(WRITTEN) && file.contains(",''-财务制度不健全"), "{file}");
    assert!(file.contains(",100,0,0,50,"), "numbers as they are: {file}");
    let job = import(&mut app, "/officer/reports/import/upload", file.as_bytes()).await;
    assert_eq!((job.status.as_str(), job.written_rows), ("done", 2), "{:?}", job.errors);
    let reports = entity::annual_report::Entity::find()
        .filter(entity::annual_report::Column::OrgId.eq(org.id))
        .all(&app.db)
        .await
        .unwrap();
    let mut reasons: Vec<(i32, Option<String>)> =
        reports.iter().map(|r| (r.report_year, r.conclusion_reason.clone())).collect();
    reasons.sort();
    assert_eq!(reasons, vec![(2023, Some(FORMULA.into())), (2024, Some("'-财务制度不健全".into()))]);

    // Lottery sales: amounts are numbers and stay so.
    let outlet = [
        ("input[outlet_no]", "44030801"),
        ("input[name]", "南山区福彩销量站"),
        ("input[district]", "南山区"),
        ("input[address]", "阳光市南山区科技园路8号"),
        ("input[lng]", "113.934567"),
        ("input[lat]", "22.540123"),
        ("input[operator_kind]", "person"),
        ("input[operator_name]", "王建国"),
        ("input[contact_person]", "王建国"),
        ("input[contact_phone]", "13900001111"),
        ("input[terminals]", "T4400009"),
        ("input[opened_on]", "2020-05-01"),
    ];
    let res = app.post_form("/api/lottery/create", "/officer/lottery/new", &outlet).await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    use chrono::Datelike;
    let y = app::kernel::clock::today().year() - 1;
    let (m1, m2) = (format!("{y}-01"), format!("{y}-02"));
    let mut file =
        String::from_utf8(app::kernel::csv::csv_preamble(&["网点编号", "月份", "玩法", "销量(元)"])).unwrap();
    file.push_str(&written(&["44030801", &m1, "双色球", "12,000.50"]));
    file.push_str(&written(&["44030801", &m2, "双色球", "8000"]));
    assert!(file.contains(",\"12,000.50\"\r\n") && file.contains(",8000\r\n"), "{file}");
    let job = import(&mut app, "/officer/lottery/sales/import/upload", file.as_bytes()).await;
    assert_eq!((job.status.as_str(), job.written_rows), ("done", 2), "{:?}", job.errors);
    let mut amounts: Vec<i64> =
        entity::lottery_sales::Entity::find().all(&app.db).await.unwrap().iter().map(|s| s.amount_fen).collect();
    amounts.sort();
    assert_eq!(amounts, vec![800_000, 1_200_050]);
    let job = import(&mut app, "/officer/lottery/sales/import/upload", file.as_bytes()).await;
    assert_eq!((job.written_rows, job.unchanged_rows), (0, 2), "read back unchanged");
});

/// The href of the page's export button, as the browser would follow it.
fn export_link(page: &str) -> Option<String> {
    let at = page.find("id=\"export-csv\"").or_else(|| page.find("download="))?;
    let start = page[..at].rfind("<a ")?;
    let tag = &page[start..];
    let href = tag.split("href=\"").nth(1)?.split('"').next()?;
    Some(href.replace("&amp;", "&"))
}

db_test!(every_filtered_export_link_answers, |app| {
    app.officer().await;
    let form = org_form("阳光市南山区导出协会", "social_group", 3);
    app.post_form("/api/registry/register", "/officer/orgs/new", &pairs(&form)).await;
    // 阳光, page 2: the link keeps the filter after a `?` and drops the page.
    let query = "q=%E9%98%B3%E5%85%89&page=2";
    for list in [
        "/officer/orgs",
        "/public/orgs",
        "/officer/credit",
        "/public/credit",
        "/officer/reports",
        "/officer/rating/grades",
        "/public/rating",
        "/officer/lottery",
        "/public/lottery",
        "/officer/lottery/grading",
        "/officer/lottery/inspections",
        "/officer/inspectors",
        "/public/charity",
        "/officer/charity/overdue",
        "/officer/audit",
        "/public/warnings",
    ] {
        let page = app.get(&format!("{list}?{query}")).await;
        assert_eq!(page.status, StatusCode::OK, "{list}");
        let href = export_link(&page.body).unwrap_or_else(|| panic!("{list}: no export link"));
        assert!(href.contains(".csv?q=%E9%98%B3%E5%85%89") && !href.contains("page="), "{list}: {href}");
        let csv = app.get(&href).await;
        assert_eq!(csv.status, StatusCode::OK, "{list}: {href}");
        let kind = csv.headers.get(http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
        assert!(kind.starts_with("text/csv"), "{list}: {href}: {kind}");
    }
    let csv = app.get("/officer/orgs/export.csv?q=%E9%98%B3%E5%85%89").await;
    assert!(csv.body.contains("阳光市南山区导出协会"), "the filter applies: {}", csv.body);
});
