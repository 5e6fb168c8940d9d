//! Trade associations and chambers of commerce (行业协会商会) on SQLite and
//! PostgreSQL: the flag and sector on the register (registration, change,
//! import; a social group only), the filter in the officers' and public
//! lists, the exports and the open data API; their conduct filed in the
//! portal with JavaScript off and by an officer, each record checked by the
//! rules and listed with its anomalies on the officers' page and its CSV;
//! bad input and another organization's records refused with nothing
//! changed; the annual report's section kept as it was at submission.

use std::time::{Duration, Instant};

use app::auth::types::Role;
use http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::Value;

use sunshine_tests::{db_test, org_form, pairs, with_field, TestApp};

const TRADE: &str = "阳光市电子商会";

fn form(pairs_: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs_.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// A fee that breaks three rules: compulsory, unpublished, without a basis.
fn bad_fee() -> Vec<(String, String)> {
    form(&[
        ("org_id", "0"),
        ("input[year]", "2025"),
        ("input[item]", "入会费"),
        ("input[kind]", "membership"),
        ("input[basis]", ""),
        ("input[standard]", "每家企业每年8000元"),
        ("input[amount]", "240000"),
        ("input[compulsory]", "yes"),
        ("input[published]", "no"),
    ])
}

fn good_fee() -> Vec<(String, String)> {
    form(&[
        ("org_id", "0"),
        ("input[year]", "2025"),
        ("input[item]", "会费"),
        ("input[kind]", "membership"),
        ("input[basis]", "第二届会员大会第三次会议决议"),
        ("input[standard]", "理事单位每年5000元"),
        ("input[amount]", "150000"),
        ("input[compulsory]", "no"),
        ("input[published]", "yes"),
    ])
}

/// An officer registers the trade association (sector C), a social group that
/// is not one and a foundation; returns the association's id.
async fn setup(app: &mut TestApp) -> (i64, i64) {
    app.officer().await;
    let trade = with_field(&org_form(TRADE, "social_group", 1), "input[trade_sector]", "C");
    let (id, _) = app.register(&trade).await;
    let (other, _) = app.register(&org_form("阳光市南山区摄影协会", "social_group", 2)).await;
    (id, other)
}

/// A change registration of the association `id`: its name and sector.
fn change_form(id: i64, name: &str, sector: &str) -> Vec<(String, String)> {
    form(&[
        ("id", &id.to_string()),
        ("input[name]", name),
        ("input[domicile]", "阳光市南山区科技园路1号"),
        ("input[legal_rep]", "王建国"),
        ("input[business_scope]", "开展公益服务"),
        ("input[capital]", "50000"),
        ("input[supervisory_unit]", ""),
        ("input[change_date]", "2025-01-10"),
        ("input[note]", ""),
        ("input[trade_sector]", sector),
    ])
}

async fn json(app: &mut TestApp, path: &str) -> Value {
    let res = app.get(path).await;
    assert_eq!(res.status, StatusCode::OK, "{path}: {}", res.body);
    serde_json::from_str(&res.body).unwrap()
}

fn csv_text(bytes: &[u8]) -> String {
    assert_eq!(&bytes[..3], &[0xEF, 0xBB, 0xBF], "UTF-8 BOM");
    String::from_utf8(bytes[3..].to_vec()).unwrap()
}

db_test!(the_flag_and_sector_are_registered_changed_and_filtered_everywhere, |app| {
    let (id, _) = setup(&mut app).await;
    let o = entity::organization::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(o.trade_sector.as_deref(), Some("C"));
    // Only a social group can be one: a foundation with a sector is refused, nothing written.
    let n = app.count("organization").await;
    let foundation = with_field(&org_form("阳光市启明教育基金会", "foundation", 3), "input[trade_sector]", "C");
    let res = app.call("/api/registry/register", &pairs(&foundation)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("err_trade_not_group"), "{}", res.body);
    let bad = with_field(&org_form("阳光市南山区钓鱼协会", "social_group", 4), "input[trade_sector]", "Z");
    let res = app.call("/api/registry/register", &pairs(&bad)).await;
    assert!(res.body.contains("err_trade_sector"), "{}", res.body);
    assert_eq!(app.count("organization").await, n);

    // The pages say so.
    let page = app.get(&format!("/officer/orgs/{id}")).await;
    assert!(page.body.contains("制造业") && page.body.contains("trade-panel"), "{}", page.body);
    let public = app.get(&format!("/public/orgs/{id}")).await;
    assert!(public.body.contains("org-trade-sector") && public.body.contains("制造业"));

    // The filter: officers' and public lists, exports, the open data API.
    for path in ["/officer/orgs?trade=yes", "/officer/orgs?trade=C", "/public/orgs?trade=yes", "/public/orgs?trade=c"] {
        let body = app.get(path).await.body;
        assert!(body.contains(TRADE) && !body.contains("阳光市南山区摄影协会"), "{path}");
    }
    let none = app.get("/officer/orgs?trade=F").await.body;
    assert!(!none.contains(TRADE));
    let others = app.get("/officer/orgs?trade=no").await.body;
    assert!(!others.contains(TRADE) && others.contains("阳光市南山区摄影协会"));
    let export = csv_text(&app.get("/officer/orgs/export.csv?trade=yes").await.bytes);
    assert_eq!(export.lines().count(), 2, "{export}");
    assert!(export.lines().next().unwrap().contains("行业协会商会行业") && export.contains("制造业"));
    let public_csv = csv_text(&app.get("/public/orgs/export.csv?trade=C").await.bytes);
    assert_eq!(public_csv.lines().count(), 2, "{public_csv}");
    assert!(!public_csv.contains("contact@example.org"));
    let api = json(&mut app, "/api/open/v1/organizations?trade=C").await;
    let rows = api["data"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{api}");
    assert_eq!(rows[0]["trade_sector"], "C");
    let all = json(&mut app, "/api/open/v1/organizations?trade=no").await;
    assert!(all["data"].as_array().unwrap().iter().all(|r| r["trade_sector"].is_null()));
    let refused = app.get("/api/open/v1/organizations?trade=Z").await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);

    // A change of sector is a change registration with its history.
    let change = change_form(id, TRADE, "F");
    let res = app.post_form("/api/registry/change", &format!("/officer/orgs/{id}/change"), &pairs(&change)).await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let o = entity::organization::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(o.trade_sector.as_deref(), Some("F"));
    let page = app.get(&format!("/officer/orgs/{id}")).await;
    assert!(page.body.contains("批发和零售业"));
    assert!(!app.get("/officer/orgs?trade=C").await.body.contains(TRADE));
});

/// Uploads an organization file and waits for its job.
async fn import(app: &mut TestApp, bytes: &[u8]) -> String {
    let res = app.upload("/officer/import/upload", "orgs.csv", bytes).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let loc = res.location().unwrap();
    let id: i64 = loc.rsplit('/').next().unwrap().parse().unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let job = entity::import_job::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
        if job.status == "done" || job.status == "failed" {
            return job.status;
        }
        assert!(Instant::now() < deadline, "import still {}", job.status);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

const HEADER: &str =
    "统一社会信用代码,名称,类型,住所,区,法定代表人,注册资金(元),业务主管单位,业务范围,登记日期,联系人,联系电话,联系邮箱";

fn code(t: char, n: u32) -> String {
    app::domain::credit_code::build(&format!("5{t}"), "440300", &format!("{:08}", 70_000_000 + n)).unwrap()
}

db_test!(an_import_reads_the_sector_and_old_files_still_import, |app| {
    app.officer().await;
    // An old file, without the column.
    let old = format!(
        "{HEADER}\r\n{},阳光市南山区书法协会,社会团体,南山区1号,南山区,王一,50000,直接登记,书法交流,2020-05-01,陈一,0755-88880001,a@example.org\r\n",
        code('1', 1)
    );
    assert_eq!(import(&mut app, old.as_bytes()).await, "done");
    // A new one: a sector by name and by code; a foundation with a sector fails the whole file.
    let new = format!(
        "{HEADER},行业协会商会行业\r\n\
         {},阳光市电子商会,社会团体,南山区2号,南山区,王二,50000,直接登记,行业服务,2020-05-01,陈二,0755-88880002,b@example.org,制造业\r\n\
         {},阳光市餐饮行业协会,社会团体,南山区3号,南山区,王三,50000,直接登记,行业服务,2020-05-01,陈三,0755-88880003,c@example.org,h\r\n",
        code('1', 2),
        code('1', 3)
    );
    assert_eq!(import(&mut app, new.as_bytes()).await, "done");
    let sectors: Vec<(String, Option<String>)> = entity::organization::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|o| (o.name, o.trade_sector))
        .collect();
    assert!(sectors.contains(&("阳光市南山区书法协会".into(), None)), "{sectors:?}");
    assert!(sectors.contains(&("阳光市电子商会".into(), Some("C".into()))), "{sectors:?}");
    assert!(sectors.contains(&("阳光市餐饮行业协会".into(), Some("H".into()))), "{sectors:?}");
    let n = app.count("organization").await;
    let wrong = format!(
        "{HEADER},行业协会商会行业\r\n{},阳光市启明教育基金会,基金会,南山区4号,南山区,王四,2000000,直接登记,资助教育,2020-05-01,陈四,0755-88880004,d@example.org,C\r\n",
        code('3', 4)
    );
    assert_eq!(import(&mut app, wrong.as_bytes()).await, "failed");
    assert_eq!(app.count("organization").await, n);
    // An old file naming a registered trade association without the column is the same organization.
    let old_again = format!(
        "{HEADER}\r\n{},阳光市电子商会,社会团体,南山区2号,南山区,王二,50000,直接登记,行业服务,2020-05-01,陈二,0755-88880002,b@example.org\r\n",
        code('1', 2)
    );
    assert_eq!(import(&mut app, old_again.as_bytes()).await, "done");
    assert_eq!(app.count("organization").await, n);
    // The export imports again unchanged (its sector column included).
    let export = app.get("/officer/orgs/export.csv").await;
    let audits = app.count("audit_log").await;
    assert_eq!(import(&mut app, &export.bytes).await, "done");
    assert_eq!(app.count("organization").await, n);
    assert_eq!(app.count("audit_log").await, audits, "nothing written");
});

db_test!(conduct_is_filed_in_the_portal_checked_and_listed_for_officers, |app| {
    let (id, other) = setup(&mut app).await;
    app.user("shanghui", "Shanghui#2026", Role::OrgUser, Some(id)).await;
    app.user("sheying", "Sheying#2026", Role::OrgUser, Some(other)).await;
    app.logout().await;
    app.login("shanghui", "Shanghui#2026").await;

    // JavaScript off: a fee breaking three rules is filed with its anomalies.
    let res = app.post_form("/api/trade/fee", "/portal/trade", &pairs(&bad_fee())).await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    assert_eq!(res.location().as_deref(), Some("/portal/trade"));
    let fee = entity::trade_fee::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!(fee.org_id, id);
    assert_eq!(fee.amount_fen, 24_000_000);
    assert_eq!(fee.anomalies, "trade_anom_fee_compulsory,trade_anom_fee_unpublished,trade_anom_fee_no_basis");
    let res = app.call("/api/trade/fee", &pairs(&good_fee())).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let branch = form(&[
        ("org_id", "0"),
        ("input[kind]", "branch"),
        ("input[name]", "南山分会"),
        ("input[address]", "阳光市南山区桃源街道1号"),
        ("input[head]", "李四"),
        ("input[established_on]", "2024-06-01"),
        ("input[status]", "active"),
        ("input[regional]", "yes"),
        ("input[under_branch]", "no"),
    ]);
    assert_eq!(app.post_form("/api/trade/branch", "/portal/trade", &pairs(&branch)).await.status, StatusCode::FOUND);
    let award = form(&[
        ("org_id", "0"),
        ("input[year]", "2025"),
        ("input[name]", "年度优秀会员企业"),
        ("input[approval_no]", ""),
        ("input[approved_by]", ""),
        ("input[fee_charged]", "yes"),
    ]);
    assert_eq!(app.post_form("/api/trade/award", "/portal/trade", &pairs(&award)).await.status, StatusCode::FOUND);
    let forum = form(&[
        ("org_id", "0"),
        ("input[name]", "湾区电子产业发展论坛"),
        ("input[held_on]", "2025-05-20"),
        ("input[co_organizers]", "阳光市半导体协会"),
        ("input[fee_charged]", "no"),
        ("input[approval_ref]", "阳民备〔2025〕3号"),
    ]);
    assert_eq!(app.post_form("/api/trade/forum", "/portal/trade", &pairs(&forum)).await.status, StatusCode::FOUND);
    let page = app.get("/portal/trade").await;
    assert_eq!(page.status, StatusCode::OK);
    for text in [
        "强制入会或强制收费",
        "收费项目未公示",
        "设立地域性分支机构",
        "名称未冠以本会全称",
        "评比表彰未经批准",
        "湾区电子产业发展论坛",
        "发现异常 7 项",
    ] {
        assert!(page.body.contains(text), "{text}");
    }

    // Bad input: every field at once, JS off back to the form, nothing written.
    let fees = app.count("trade_fee").await;
    let broken = with_field(&with_field(&bad_fee(), "input[kind]", "bribe"), "input[amount]", "abc");
    let next_year = (chrono::Datelike::year(&app::kernel::clock::today()) + 1).to_string();
    let res = app.call("/api/trade/fee", &pairs(&with_field(&broken, "input[year]", &next_year))).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    for key in ["err_trade_year_future", "err_invalid_choice", "amount"] {
        assert!(res.body.contains(key), "{key}: {}", res.body);
    }
    let res = app.post_form("/api/trade/fee", "/portal/trade", &pairs(&broken)).await;
    assert_eq!(res.status, StatusCode::FOUND);
    assert!(res.location().unwrap().starts_with("/portal/trade"));
    let again = app.get("/portal/trade").await;
    assert!(again.body.contains("error-summary-fee"), "the form's summary after the redirect");
    assert_eq!(app.count("trade_fee").await, fees);

    // Another organization's records are not found; a non-trade organization files nothing.
    app.logout().await;
    app.login("sheying", "Sheying#2026").await;
    let res = app.call("/api/trade/remove", &[("kind", "fee"), ("id", &fee.id.to_string())]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    let res = app.call("/api/trade/fee", &pairs(&with_field(&good_fee(), "org_id", &id.to_string()))).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    assert!(res.body.contains("err_trade_not_association"));
    assert_eq!(app.count("trade_fee").await, fees);
    assert!(app.get("/portal/trade").await.body.contains("trade-not-association"));
    let res = app.call("/api/trade/anomalies", &[("filter[q]", "")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);

    // Officers: the organization's page, the list of anomalies with its filters and CSV.
    app.logout().await;
    app.login("officer1", "Officer#Pass1").await;
    let org_page = app.get(&format!("/officer/orgs/{id}")).await;
    assert!(org_page.body.contains("强制入会或强制收费") && org_page.body.contains("发现异常 7 项"));
    let list = app.get("/officer/trade").await;
    assert!(list.body.contains(TRADE) && list.body.contains("评比表彰收取费用"), "{}", list.body);
    let all: Value =
        serde_json::from_str(&app.call("/api/trade/anomalies", &[("filter[q]", "商会")]).await.body).unwrap();
    assert_eq!(all["total"], 3, "three records with anomalies: {all}");
    let fees_only = app.get("/officer/trade?kind=fee").await.body;
    assert!(fees_only.contains("入会费") && !fees_only.contains("南山分会"));
    let named = app.get("/officer/trade?anomaly=trade_anom_branch_name").await.body;
    assert!(named.contains("南山分会") && !named.contains("入会费"));
    assert!(!app.get("/officer/trade?sector=F").await.body.contains("南山分会"));
    let csv = csv_text(&app.get("/officer/trade/export.csv?kind=award").await.bytes);
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.contains("年度优秀会员企业") && csv.contains("评比表彰未经批准"));
    // An officer files for the organization, and withdraws a record; both audited.
    let audits = app.count("audit_log").await;
    let res = app
        .post_form(
            "/api/trade/forum",
            &format!("/officer/orgs/{id}/trade"),
            &pairs(&with_field(&with_field(&forum, "org_id", &id.to_string()), "input[approval_ref]", "")),
        )
        .await;
    assert_eq!(res.location().as_deref(), Some(format!("/officer/orgs/{id}/trade").as_str()));
    let unfiled = entity::trade_forum::Entity::find()
        .filter(entity::trade_forum::Column::Anomalies.eq("trade_anom_forum_unfiled"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the officer's forum");
    let res = app.call("/api/trade/remove", &[("kind", "forum"), ("id", &unfiled.id.to_string())]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(app.count("trade_forum").await, 1);
    assert_eq!(app.count("audit_log").await, audits + 2);
    // Signed out: nothing.
    app.logout().await;
    assert_eq!(app.get("/officer/trade/export.csv").await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.call("/api/trade/fee", &pairs(&good_fee())).await.status, StatusCode::UNAUTHORIZED);
});

fn save_fields(year: i32, version: i32, intent: &str) -> Vec<(String, String)> {
    let mut v = vec![
        ("input[year]".to_string(), year.to_string()),
        ("input[version]".to_string(), version.to_string()),
        ("input[intent]".to_string(), intent.to_string()),
    ];
    v.extend(sunshine_tests::fixtures::report_form());
    v
}

db_test!(the_annual_report_keeps_the_section_as_submitted, |app| {
    let (id, _) = setup(&mut app).await;
    app.user("shanghui", "Shanghui#2026", Role::OrgUser, Some(id)).await;
    app.logout().await;
    app.login("shanghui", "Shanghui#2026").await;
    let year = app.state.settings.report_year;
    let fee = with_field(&bad_fee(), "input[year]", &year.to_string());
    assert_eq!(app.call("/api/trade/fee", &pairs(&fee)).await.status, StatusCode::OK);
    // A fee of another year is not the report's.
    let older = with_field(&good_fee(), "input[year]", &(year - 1).to_string());
    assert_eq!(app.call("/api/trade/fee", &pairs(&older)).await.status, StatusCode::OK);
    let res = app.call("/api/reports/save", &pairs(&save_fields(year, 0, "submit"))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let report = entity::annual_report::Entity::find()
        .filter(entity::annual_report::Column::OrgId.eq(id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(app.count("trade_report_section").await, 1);
    // The dashboard counts the association with an open fee anomaly, among the trade associations only.
    let measures = |app: &TestApp| {
        let (db, settings) = (app.db.clone(), app.state.settings.clone());
        async move {
            let orgs = app::dashboard::service::org_tally(&db).await.unwrap();
            app::dashboard::service::measures(&db, &settings, app::kernel::clock::today(), &orgs).await.unwrap()
        }
    };
    let ms = measures(&app).await;
    let m = |name: &str| ms.iter().find(|x| x.measure == name).unwrap().clone();
    assert_eq!(m("trade_fee_anomalies").value, 1);
    let share = m("trade_fee_anomaly_share").share.unwrap();
    assert_eq!((share.num, share.den), (1, 1), "one trade association of one (the other group is not one)");
    // Filed later: not in the submitted report.
    let later = with_field(&good_fee(), "input[year]", &year.to_string());
    assert_eq!(app.call("/api/trade/fee", &pairs(&later)).await.status, StatusCode::OK);
    let section = app.call("/api/trade/report", &[("report_id", &report.id.to_string())]).await;
    assert_eq!(section.status, StatusCode::OK, "{}", section.body);
    let v: Value = serde_json::from_str(&section.body).unwrap();
    let fees = v["records"]["fees"].as_array().unwrap();
    assert_eq!(fees.len(), 1, "{v}");
    assert_eq!(fees[0]["item"], "入会费");
    assert!(v["taken_at"].is_string());
    // The officer reviewing the report sees the section with its anomalies.
    app.logout().await;
    app.login("officer1", "Officer#Pass1").await;
    let page = app.get(&format!("/officer/reports/{}", report.id)).await;
    assert!(page.body.contains("report-trade") && page.body.contains("强制入会或强制收费"), "{}", page.body);
    // Another organization's user cannot read it.
    let (other, _) = app.register(&org_form("阳光市餐饮行业协会", "social_group", 9)).await;
    app.user("canyin", "Canyin#2026", Role::OrgUser, Some(other)).await;
    app.logout().await;
    app.login("canyin", "Canyin#2026").await;
    let res = app.call("/api/trade/report", &[("report_id", &report.id.to_string())]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
});

fn campaign_fields(trade: &str, org_type: &str) -> Vec<(String, String)> {
    form(&[
        ("input[name]", "2026年行业协会商会涉企收费专项抽查"),
        ("input[year]", "2026"),
        ("input[kind]", "special"),
        ("input[filter_type]", org_type),
        ("input[filter_district]", ""),
        ("input[filter_credit]", ""),
        ("input[filter_rating]", ""),
        ("input[filter_trade]", trade),
        ("input[strata_by]", "district"),
        ("input[size_mode]", "percent"),
        ("input[size_value]", "100"),
        ("input[risk_percent]", "0"),
        ("input[per_target]", "2"),
        ("input[max_per_inspector]", "4"),
        ("input[period_from]", "2026-12-01"),
        ("input[period_to]", "2026-12-31"),
        ("input[items]", "是否强制入会\n是否公示收费项目"),
        ("input[beacon_source]", "2026-12-10 福彩3D开奖号码"),
    ])
}

db_test!(a_campaign_draws_from_trade_associations_only, |app| {
    setup(&mut app).await;
    let sizes = |v: &Value| {
        v["strata"].as_array().unwrap_or_else(|| panic!("{v}")).iter().map(|s| s["size"].as_i64().unwrap()).sum::<i64>()
    };
    // A trade association can only be a social group: refused, nothing written.
    let res = app.call("/api/inspection/campaign/create", &pairs(&campaign_fields("C", "foundation"))).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("err_trade_not_group"), "{}", res.body);
    let res = app.call("/api/inspection/campaign/create", &pairs(&campaign_fields("Z", ""))).await;
    assert!(res.body.contains("filter_trade"), "{}", res.body);
    assert_eq!(app.count("inspection_campaign").await, 0);
    for (trade, size) in [("yes", 1), ("C", 1), ("F", 0), ("", 2)] {
        let res = app.call("/api/inspection/campaign/create", &pairs(&campaign_fields(trade, ""))).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let id: i64 = serde_json::from_str(&res.body).unwrap();
        let view: Value =
            serde_json::from_str(&app.call("/api/inspection/campaign", &[("id", &id.to_string())]).await.body).unwrap();
        assert_eq!(sizes(&view), size, "{trade}: {view}");
        assert_eq!(view["filter_trade"], trade);
    }
    let id = app.count("inspection_campaign").await;
    let page = app.get(&format!("/officer/inspections/{}", id - 3)).await;
    assert!(page.body.contains("plan-trade") && page.body.contains("全部行业协会商会"), "{}", page.body);
});

/// An officer files a branch of association `id` named `name`.
async fn add_branch(app: &mut TestApp, id: i64, name: &str) {
    let branch = form(&[
        ("org_id", &id.to_string()),
        ("input[kind]", "branch"),
        ("input[name]", name),
        ("input[address]", "阳光市南山区桃源街道1号"),
        ("input[head]", "李四"),
        ("input[established_on]", "2024-06-01"),
        ("input[status]", "active"),
        ("input[regional]", "no"),
        ("input[under_branch]", "no"),
    ]);
    let res = app.call("/api/trade/branch", &pairs(&branch)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
}

/// The stored anomalies of the one branch filed.
async fn branch_anomalies(app: &TestApp) -> String {
    entity::trade_branch::Entity::find().one(&app.db).await.unwrap().unwrap().anomalies
}

db_test!(a_renamed_association_has_its_branches_checked_again, |app| {
    let (id, _) = setup(&mut app).await;
    add_branch(&mut app, id, &format!("{TRADE}智能硬件专业委员会")).await;
    assert_eq!(branch_anomalies(&app).await, "", "named after the association");
    let rename = |name: &str| change_form(id, name, "C");
    // Renamed: the branch no longer carries the association's name.
    let audits = app.count("audit_log").await;
    let res = app.call("/api/registry/change", &pairs(&rename("阳光市电子信息商会"))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(branch_anomalies(&app).await, "trade_anom_branch_name");
    assert_eq!(app.count("audit_log").await, audits + 2, "the change and the branch's re-check");
    assert!(app.get("/officer/trade?anomaly=trade_anom_branch_name").await.body.contains("智能硬件专业委员会"));
    // Renamed back: the anomaly is gone.
    let res = app.call("/api/registry/change", &pairs(&rename(TRADE))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(branch_anomalies(&app).await, "");
});

db_test!(a_changed_name_rule_checks_the_stored_branches_again, |app| {
    let (id, _) = setup(&mut app).await;
    add_branch(&mut app, id, "智能硬件专业委员会").await;
    let listed = "/officer/trade?anomaly=trade_anom_branch_name";
    assert_eq!(branch_anomalies(&app).await, "trade_anom_branch_name", "not named after the association");
    let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let on = (*app.state.settings).clone();
    assert!(on.trade_branch_name_prefix);
    // The job records the setting the flags were checked under; run again with it, nothing changes.
    let first = app::trade::jobs::run_daily(&app.db, &on, day).await.unwrap();
    assert_eq!((first.rechecked, first.changed), (true, 0), "{first:?}");
    let audits = app.count("audit_log").await;
    assert!(!app::trade::jobs::run_daily(&app.db, &on, day).await.unwrap().rechecked);
    // The rule switched off (TRADE_BRANCH_NAME_PREFIX=false): the stored flag goes, audited, once.
    let off = app::state::Settings { trade_branch_name_prefix: false, ..on.clone() };
    let run = app::trade::jobs::run_daily(&app.db, &off, day).await.unwrap();
    assert_eq!((run.rechecked, run.changed), (true, 1), "{run:?}");
    assert_eq!(branch_anomalies(&app).await, "");
    assert_eq!(app.count("audit_log").await, audits + 1, "the branch's re-check");
    let last = entity::audit_log::Entity::find().order_by_desc(entity::audit_log::Column::Seq).one(&app.db).await;
    assert_eq!(last.unwrap().unwrap().action, "trade_branch_recheck");
    assert!(!app.get(listed).await.body.contains("智能硬件专业委员会"), "no longer listed");
    let again = app::trade::jobs::run_daily(&app.db, &off, day).await.unwrap();
    assert_eq!((again.rechecked, again.changed), (false, 0), "{again:?}");
    assert_eq!(app.count("audit_log").await, audits + 1);
    // Switched on again: flagged and listed again.
    assert_eq!(app::trade::jobs::run_daily(&app.db, &on, day).await.unwrap().changed, 1);
    assert_eq!(branch_anomalies(&app).await, "trade_anom_branch_name");
    assert!(app.get(listed).await.body.contains("智能硬件专业委员会"));
});
