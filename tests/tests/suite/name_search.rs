//! The name search over the posting table (`name_posting`, migration 33), on
//! SQLite and PostgreSQL: every filter and order gives what a scan of every
//! name gives; the postings follow registrations, renames and imports; the
//! migration indexes existing organizations as the application does.

use app::registry::service;
use app::registry::types::{OrgFilter, COUNT_CAP};
use http::StatusCode;
use sea_orm::ConnectionTrait;
use sunshine_tests::{db_test, org_form, pairs, Backend, TestApp};

/// What the search must answer, from a scan of every organization: the
/// names containing the normalized query whose tokens hold every query
/// token, or (for a code-like query) the codes starting with it, filtered and
/// ordered in SQL; the count capped at `COUNT_CAP + 1` and one page.
async fn scanned(app: &TestApp, f: &OrgFilter, per_page: usize) -> (Vec<i64>, u64) {
    use app::domain::search;
    let backend = app.db.get_database_backend();
    let q = app::domain::input::query(&f.q);
    let text = search::query_text(&q);
    let tokens = search::query_tokens(&q);
    let mut conds: Vec<String> = Vec::new();
    let mut vals: Vec<sea_orm::Value> = Vec::new();
    for (col, v) in [("o.org_type", &f.org_type), ("o.district", &f.district), ("o.status", &f.status)] {
        if !v.is_empty() {
            conds.push(format!("{col} = ?"));
            vals.push(v.clone().into());
        }
    }
    match f.supervisory.as_str() {
        "" => {}
        "__direct" => conds.push("o.supervisory_unit IS NULL".into()),
        "yes" => conds.push("o.supervisory_unit IS NOT NULL".into()),
        s => {
            conds.push("o.supervisory_unit = ?".into());
            vals.push(s.to_string().into());
        }
    }
    if f.trade == "no" {
        conds.push("o.trade_sector IS NULL".into());
    }
    let order = match f.sort.as_str() {
        "new" => "o.registration_date DESC, o.id DESC",
        "old" => "o.registration_date ASC, o.id ASC",
        "name" => "o.name ASC, o.id ASC",
        "code" => "o.credit_code ASC",
        _ => "o.id DESC",
    };
    let where_ = if conds.is_empty() { String::new() } else { format!("WHERE {}", conds.join(" AND ")) };
    let sql = format!(
        "SELECT o.id AS id, o.name AS name, lower(o.name) AS lower, o.credit_code AS code \
         FROM organization o {where_} ORDER BY {order}"
    );
    let rows = app.db.query_all_raw(app::db::stmt(backend, &sql, vals)).await.unwrap();
    let mut ids = Vec::new();
    for r in rows {
        let id: i64 = r.try_get("", "id").unwrap();
        let name: String = r.try_get("", "name").unwrap();
        let lower: String = r.try_get("", "lower").unwrap();
        let code: String = r.try_get("", "code").unwrap();
        let by_name = !tokens.is_empty() && lower.contains(&text) && {
            let held = search::index_tokens(&name);
            tokens.iter().all(|t| held.contains(t))
        };
        let by_code = search::looks_like_code(&q) && code.starts_with(&q.to_ascii_uppercase());
        if tokens.is_empty() || by_name || by_code {
            ids.push(id);
        }
    }
    let total = ids.len().min(COUNT_CAP as usize + 1) as u64;
    let page = ids.into_iter().skip(f.page as usize * per_page).take(per_page).collect();
    (page, total)
}

/// Names whose `lower()` is not their normalized form, so the search reads
/// them instead of trusting the positions.
const ODD_NAMES: [&str; 4] =
    ["阳光市南山区 IT·慈善协会", "阳光市ÄRZTE慈善会", "阳光市南山区慈善（筹）会", "阳光市南山区会会会会慈善会"];

async fn every_filter_and_order_gives_what_a_scan_gives(backend: Backend) {
    let app = TestApp::new(backend).await;
    let settings = app.state.settings.clone();
    server::seed::seed_orgs(&app.db, &settings, 2026, 0, 1500, |_| {}).await.unwrap();
    // A few odd names, renamed as a change registration does.
    for (i, name) in ODD_NAMES.iter().enumerate() {
        let id = 100 * i as i64 + 7;
        let old: String = app
            .db
            .query_one_raw(app::db::stmt(
                backend_of(&app),
                "SELECT name FROM organization WHERE id = ?",
                vec![id.into()],
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get("", "name")
            .unwrap();
        app::db::exec(&app.db, "UPDATE organization SET name = ? WHERE id = ?", vec![(*name).into(), id.into()])
            .await
            .unwrap();
        service::reindex_name(&app.db, id, &old, name).await.unwrap();
    }
    let first = app::db::count(&app.db, "SELECT MIN(id) AS n FROM organization", vec![]).await.unwrap() as i64;
    let one: entity::organization::Model =
        <entity::organization::Entity as sea_orm::EntityTrait>::find_by_id(first + 11)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
    let code = one.credit_code.clone();
    let name: Vec<char> = one.name.chars().collect();
    let mut queries: Vec<String> = vec![
        "慈善".into(),
        "会".into(),
        "协会".into(),
        "基金".into(),
        "慈善会".into(),
        "会会会".into(),
        "善协".into(),
        "it".into(),
        "IT".into(),
        "t慈".into(),
        "ärzte".into(),
        "ÄRZTE".into(),
        "Ä".into(),
        "筹".into(),
        " ，".into(),
        "少青".into(),
        "阳光市".into(),
        name[3..5].iter().collect(),
        name[4..8].iter().collect(),
        name[name.len() - 3..].iter().collect(),
    ];
    for len in [2, 3, 8, 10, 11, 12, 13, 15, 18] {
        queries.push(code[..len].to_string());
    }
    queries.push(code[..9].to_ascii_lowercase());
    let district = one.district.clone();
    let filters: Vec<Filter> = vec![
        Box::new(|_| {}),
        Box::new(|f| f.org_type = "foundation".into()),
        Box::new(|f| f.status = "active".into()),
        Box::new(move |f| f.district = district.clone()),
        Box::new(|f| f.supervisory = "__direct".into()),
        Box::new(|f| {
            f.supervisory = "yes".into();
            f.trade = "no".into();
        }),
    ];
    let mut checked = 0;
    for q in &queries {
        for filter in &filters {
            for sort in ["", "new", "old", "name", "code"] {
                for page in [0, 2] {
                    let mut f = OrgFilter { q: q.clone(), sort: sort.into(), page, ..Default::default() };
                    filter(&mut f);
                    let got = service::search_ids(&app.db, &f, 20).await.unwrap();
                    let want = scanned(&app, &f, 20).await;
                    assert_eq!(got, want, "{f:?}");
                    checked += (want.1 > 0) as u32;
                }
            }
        }
    }
    assert!(checked > 500, "most combinations find something: {checked}");
    // The odd names are found by what their lower() holds, and only so.
    let f = OrgFilter { q: "it".into(), ..Default::default() };
    let (ids, _) = service::search_ids(&app.db, &f, 20).await.unwrap();
    assert_eq!(ids, vec![7]);
    let f = OrgFilter { q: "t慈".into(), ..Default::default() };
    assert_eq!(service::search_ids(&app.db, &f, 20).await.unwrap(), (vec![], 0), "a dot stands between");
}

/// One way of narrowing the list, applied to a filter.
type Filter = Box<dyn Fn(&mut OrgFilter)>;

fn backend_of(app: &TestApp) -> sea_orm::DbBackend {
    app.db.get_database_backend()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_filter_and_order_gives_what_a_scan_gives_sqlite() {
    every_filter_and_order_gives_what_a_scan_gives(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_filter_and_order_gives_what_a_scan_gives_postgres() {
    every_filter_and_order_gives_what_a_scan_gives(Backend::Postgres).await;
}

/// Deep pages (past `COUNT_CAP`) and the capped count: the first
/// `COUNT_CAP + 1` matches give the count, the page comes from further on.
async fn the_count_stops_at_the_cap_and_pages_go_past_it(backend: Backend) {
    let app = TestApp::new(backend).await;
    let settings = app.state.settings.clone();
    let n = COUNT_CAP + 300;
    server::seed::seed_orgs(&app.db, &settings, 2026, 0, n, |_| {}).await.unwrap();
    let last = app::db::count(&app.db, "SELECT MAX(id) AS n FROM organization", vec![]).await.unwrap() as i64;
    // Every demo name holds 阳光市 (the region), so 阳 matches all.
    for (page, first) in [(0u64, last), (500, last - 10_000), (505, last - 10_100)] {
        let f = OrgFilter { q: "阳".into(), page, ..Default::default() };
        let (ids, total) = service::search_ids(&app.db, &f, 20).await.unwrap();
        assert_eq!(total, COUNT_CAP + 1, "more than COUNT_CAP");
        assert_eq!(ids, (0..20).map(|i| first - i).collect::<Vec<_>>(), "page {page}");
    }
    let f = OrgFilter { q: "阳".into(), page: 514, ..Default::default() };
    let (ids, _) = service::search_ids(&app.db, &f, 20).await.unwrap();
    assert_eq!(ids.len(), (n - 514 * 20) as usize, "the last page");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_count_stops_at_the_cap_and_pages_go_past_it_sqlite() {
    the_count_stops_at_the_cap_and_pages_go_past_it(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_count_stops_at_the_cap_and_pages_go_past_it_postgres() {
    the_count_stops_at_the_cap_and_pages_go_past_it(Backend::Postgres).await;
}

async fn postings_of(app: &TestApp, id: i64) -> Vec<(String, i64)> {
    let rows = app
        .db
        .query_all_raw(app::db::stmt(
            backend_of(app),
            "SELECT token, pos FROM name_posting WHERE org_id = ? ORDER BY token",
            vec![id.into()],
        ))
        .await
        .unwrap();
    rows.iter().map(|r| (r.try_get("", "token").unwrap(), r.try_get("", "pos").unwrap())).collect()
}

fn sorted(mut p: Vec<(String, i64)>) -> Vec<(String, i64)> {
    p.sort();
    p
}

db_test!(registration_and_rename_keep_the_postings, |app| {
    app.officer().await;
    let form = org_form("阳光市南山区围棋协会", "social_group", 31);
    let (id, _) = app.register(&form).await;
    let code = form.iter().find(|(k, _)| k == "input[credit_code]").unwrap().1.clone();
    assert_eq!(postings_of(&app, id).await, sorted(app::domain::search::postings("阳光市南山区围棋协会", &code)));
    let fields = sunshine_tests::change_form(id, "阳光市南山区象棋研究会", "更名");
    let res = app.post_form("/api/registry/change", &format!("/officer/orgs/{id}/change"), &pairs(&fields)).await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    // The new name's postings and the code's, nothing of the old name.
    assert_eq!(postings_of(&app, id).await, sorted(app::domain::search::postings("阳光市南山区象棋研究会", &code)));
    app.logout().await;
    let new = app.get("/public/orgs?q=%E8%B1%A1%E6%A3%8B").await; // 象棋
    assert!(new.body.contains("阳光市南山区象棋研究会"), "found by the new name");
    let old = app.get("/public/orgs?q=%E5%9B%B4%E6%A3%8B").await; // 围棋
    assert!(!old.body.contains("象棋研究会") && !old.body.contains("围棋协会"), "not by the old one");
    let by_code = app.get(&format!("/public/orgs?q={}", &code[..12])).await;
    assert!(by_code.body.contains("阳光市南山区象棋研究会"), "the code's postings stay");
});

/// Migration 33 indexed the organizations on the register when it ran with a
/// copy of the application's tokenizer: the two agree.
#[test]
fn the_migration_indexes_as_the_application_does() {
    let code = "51440300MJL177390X";
    for name in
        ["阳光市南山区慈善会", "IT 协会", "Ärzte协会", "会会会会", "", "甲乙丙丁戊己庚辛壬癸".repeat(7).as_str()]
    {
        assert_eq!(
            migration::postings_of_migration_33(name, code),
            app::domain::search::postings(name, code),
            "{name}"
        );
    }
}

/// The plan of a probe: which of 2,000 ids hold the token 阳 (every demo
/// name does). PostgreSQL: as a prepared statement is planned after five
/// runs (the generic plan), it must look each id up by the key, not read the
/// token's postings and filter them against the ids (seconds at scale).
/// SQLite: the primary key, token and id.
async fn probe_plan(app: &TestApp, sql: &str) -> String {
    use sea_orm::{DbBackend, Statement, TransactionTrait};
    let ids: Vec<i64> = (1..=2000).rev().collect();
    let backend = backend_of(app);
    let (_, vals) = service::probe_statement(backend, "阳", &ids);
    if backend == DbBackend::Postgres {
        // The statement's own values as literals: text quoted, numbers as they are.
        let args = vals
            .iter()
            .map(|v| match v {
                sea_orm::Value::String(Some(t)) => format!("'{}'", t.replace('\'', "''")),
                sea_orm::Value::BigInt(Some(n)) => n.to_string(),
                other => panic!("a value of the probe: {other:?}"),
            })
            .collect::<Vec<_>>()
            .join(", ");
        let txn = app.db.begin().await.unwrap();
        txn.execute_unprepared("SET LOCAL plan_cache_mode = force_generic_plan").await.unwrap();
        let numbered = app::db::stmt(backend, sql, vec![]).sql;
        txn.execute_unprepared(&format!("PREPARE probe_plan AS {numbered}")).await.unwrap();
        let rows = txn
            .query_all_raw(Statement::from_string(backend, format!("EXPLAIN EXECUTE probe_plan({args})")))
            .await
            .unwrap();
        txn.rollback().await.unwrap();
        rows.iter().map(|r| r.try_get_by_index::<String>(0).unwrap()).collect::<Vec<_>>().join("\n")
    } else {
        let rows =
            app.db.query_all_raw(app::db::stmt(backend, &format!("EXPLAIN QUERY PLAN {sql}"), vals)).await.unwrap();
        rows.iter().map(|r| r.try_get::<String>("", "detail").unwrap()).collect::<Vec<_>>().join("\n")
    }
}

async fn a_probe_looks_each_id_up_by_the_key(backend: Backend) {
    let app = TestApp::new(backend).await;
    let settings = app.state.settings.clone();
    server::seed::seed_orgs(&app.db, &settings, 2026, 0, 1500, |_| {}).await.unwrap();
    let (sql, _) = service::probe_statement(backend_of(&app), "阳", &(1..=2000).rev().collect::<Vec<_>>());
    let plan = probe_plan(&app, &sql).await;
    match backend {
        Backend::Postgres => {
            assert!(plan.contains("Index Cond") && plan.contains("org_id = c.id"), "{plan}");
            assert!(!plan.contains("Filter"), "no posting compared with the ids one by one: {plan}");
        }
        Backend::Sqlite => assert!(plan.contains("PRIMARY KEY (token=? AND org_id=?)"), "{plan}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_probe_looks_each_id_up_by_the_key_sqlite() {
    a_probe_looks_each_id_up_by_the_key(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_probe_looks_each_id_up_by_the_key_postgres() {
    a_probe_looks_each_id_up_by_the_key(Backend::Postgres).await;
}
