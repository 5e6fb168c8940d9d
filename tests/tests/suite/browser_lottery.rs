//! Browser test of the public outlet finder, with JavaScript on and off: the
//! plot shows every open outlet, a search by part of a name and a district
//! filter narrow the list and the plot, and a published grade shows as stars.

use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use http::StatusCode;
use sunshine_tests::browser::{browser, fill, start_driver, text_of, wait_hydrated, wait_url};
use sunshine_tests::{Backend, TestApp};

/// Three open outlets in two districts and a closed one; the first graded and published.
async fn outlets(app: &mut TestApp) {
    app.officer().await;
    let rows = [
        ("44030101", "福田区福彩投注站一号", "福田区", "114.055001", "22.541001"),
        ("44030102", "福田区福彩便民站二号", "福田区", "114.062001", "22.535001"),
        ("44030301", "南山区福彩服务站三号", "南山区", "113.930001", "22.533001"),
        ("44030302", "南山区已关闭投注站", "南山区", "113.935001", "22.530001"),
    ];
    let mut ids = Vec::new();
    for (no, name, district, lng, lat) in rows {
        let res = app
            .call(
                "/api/lottery/create",
                &[
                    ("input[outlet_no]", no),
                    ("input[name]", name),
                    ("input[district]", district),
                    ("input[address]", "阳光市某路1号"),
                    ("input[lng]", lng),
                    ("input[lat]", lat),
                    ("input[operator_kind]", "person"),
                    ("input[operator_name]", "李丽华"),
                    ("input[contact_person]", "李丽华"),
                    ("input[contact_phone]", "13900002222"),
                    ("input[terminals]", &format!("T{no}")),
                    ("input[opened_on]", "2020-01-01"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        ids.push(res.body.trim().to_string());
    }
    let today = app::kernel::clock::today().to_string();
    let res = app
        .call(
            "/api/lottery/status",
            &[("id", &ids[3]), ("input[action]", "close"), ("input[date]", &today), ("input[note]", "解除合同")],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let year = (chrono::Datelike::year(&app::kernel::clock::today()) - 1).to_string();
    let items = {
        use sea_orm::EntityTrait;
        entity::lottery_sheet_item::Entity::find().all(&app.db).await.unwrap()
    };
    let mut form: Vec<(String, String)> = vec![("id".into(), ids[0].clone()), ("input[year]".into(), year.clone())];
    form.extend(
        items
            .iter()
            .filter(|i| i.auto.is_empty())
            .map(|i| (format!("input[points][{}]", i.id), i.max_points.to_string())),
    );
    let res = app.call("/api/lottery/grade", &sunshine_tests::pairs(&form)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = app.call("/api/lottery/publish", &[("input[year]", &year)]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    app.logout().await;
}

async fn circles(c: &Client) -> usize {
    c.find_all(Locator::Css("#outlet-map circle")).await.unwrap().len()
}

/// Waits until the list shows `want` and not `gone`.
async fn wait_list(c: &Client, want: &str, gone: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let text = text_of(c, "#outlets-table").await;
        if text.contains(want) && !text.contains(gone) {
            return text;
        }
        assert!(Instant::now() < deadline, "list still {text}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn finder(javascript: bool) {
    let mut app = TestApp::new(Backend::Sqlite).await;
    outlets(&mut app).await;
    let addr = app.serve().await;
    let base = format!("http://{addr}");
    let driver = start_driver();
    let c = browser(&driver, javascript).await;

    c.goto(&format!("{base}/public/lottery")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    let list = text_of(&c, "#outlets-table").await;
    assert!(list.contains("福田区福彩投注站一号") && list.contains("南山区福彩服务站三号"), "{list}");
    assert!(!list.contains("已关闭"), "closed outlets are not listed: {list}");
    assert_eq!(circles(&c).await, 3, "every open outlet on the plot");
    // The published grade: full marks on the typed items and no sales, 80 points, is 4-star.
    assert!(list.contains("★★★★"), "{list}");

    // Search by a two-character part of a name.
    fill(&c, "filter-q", "便民").await;
    c.find(Locator::Id("filter-submit")).await.unwrap().click().await.unwrap();
    wait_url(&c, "q=").await;
    let list = wait_list(&c, "福田区福彩便民站二号", "一号").await;
    assert!(!list.contains("南山区"), "{list}");
    assert_eq!(circles(&c).await, 1);

    // By district only.
    c.goto(&format!("{base}/public/lottery")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    c.find(Locator::Css("#filter-district option[value='南山区']")).await.unwrap().click().await.unwrap();
    c.find(Locator::Id("filter-submit")).await.unwrap().click().await.unwrap();
    wait_url(&c, "district=").await;
    wait_list(&c, "南山区福彩服务站三号", "福田区").await;
    assert_eq!(circles(&c).await, 1);
    let title = c.find(Locator::Css("#outlet-map circle title")).await.unwrap().html(true).await.unwrap();
    assert!(title.contains("南山区福彩服务站三号"), "{title}");
    c.close().await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn public_finder_with_javascript() {
    finder(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn public_finder_without_javascript() {
    finder(false).await;
}
