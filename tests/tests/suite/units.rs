//! Supervisory units (业务主管单位) on SQLite and PostgreSQL: migration 27
//! turns today's free-text units into records; officers merge spellings they
//! confirm (organizations move, audited) or dismiss a proposal; units get
//! accounts and see their own organizations only; reports of an organization
//! with a unit pass the unit's first review (初审) before the registry's, with
//! mails (delivered over SMTP); a unit records what it did about a zombie case
//! or a rectification and officers read it; bad input changes nothing.

use app::auth::types::Role;
use chrono::{NaiveDate, Utc};
use http::StatusCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use sunshine_tests::fixtures::report_form;
use sunshine_tests::{db_test, org_form, pairs, smtp::SmtpServer, with_field, Backend, TestApp};

use super::inspection_follow::{drawn, publish, rectification_of, RECTIFY};

/// Registers an organization with `unit` ("" for 直接登记) as the signed-in
/// officer; returns its id.
async fn register(app: &mut TestApp, name: &str, n: u32, unit: &str) -> i64 {
    let form = with_field(&org_form(name, "social_group", n), "input[supervisory_unit]", unit);
    let form = with_field(&form, "input[contact_email]", &format!("org{n}@example.org"));
    app.register(&form).await.0
}

async fn org(app: &TestApp, id: i64) -> entity::organization::Model {
    entity::organization::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap()
}

async fn unit_named(app: &TestApp, name: &str) -> entity::supervisory_unit::Model {
    entity::supervisory_unit::Entity::find()
        .filter(entity::supervisory_unit::Column::Name.eq(name))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("a unit named {name}"))
}

/// A user of `unit` (created as the accounts page would, with a password).
async fn unit_user(app: &TestApp, username: &str, unit: i64) -> i64 {
    let id = app.user(username, "Unit#Pass2026", Role::Unit, None).await;
    app::units::service::add_member_in(&app.db, id, unit).await.unwrap();
    id
}

/// The fields of a report's save or submission for 2025.
fn submission(version: i32) -> Vec<(String, String)> {
    let mut v = vec![
        ("input[year]".to_string(), "2025".to_string()),
        ("input[version]".to_string(), version.to_string()),
        ("input[intent]".to_string(), "submit".to_string()),
    ];
    v.extend(report_form());
    v
}

async fn report_of(app: &TestApp, org: i64) -> entity::annual_report::Model {
    entity::annual_report::Entity::find()
        .filter(entity::annual_report::Column::OrgId.eq(org))
        .one(&app.db)
        .await
        .unwrap()
        .expect("a report")
}

/// Migration 27 on a register with free-text units: one unit for each
/// distinct trimmed text, every organization linked, 直接登记 left alone.
async fn migration_makes_units_of_texts(backend: Backend) {
    use migration::MigratorTrait;
    let (db, _) = sunshine_tests::empty_db(backend).await;
    migration::Migrator::up(&db, Some(24)).await.unwrap();
    let now = Utc::now();
    let day = NaiveDate::from_ymd_opt(2020, 3, 15).unwrap();
    let texts = [Some(" 市教育局 "), Some("市教育局"), Some("（市）教育局"), None, Some("市商务局")];
    let mut ids = Vec::new();
    for (n, text) in texts.iter().enumerate() {
        // Inserted without reading the row back: the entity has the columns of migration 27.
        let id = entity::organization::Entity::insert(entity::organization::ActiveModel {
            credit_code: Set(
                app::domain::credit_code::build("51", "440300", &format!("{:08}", 30_000_000 + n)).unwrap()
            ),
            name: Set(format!("阳光市迁移测试{n}号协会")),
            org_type: Set("social_group".into()),
            domicile: Set("阳光市南山区科技园路1号".into()),
            district: Set("南山区".into()),
            legal_rep: Set("王建国".into()),
            capital_fen: Set(5_000_000),
            supervisory_unit: Set(text.map(str::to_string)),
            business_scope: Set("公益".into()),
            contact_person: Set("陈秘书".into()),
            contact_phone: Set("0755-88886666".into()),
            contact_email: Set("contact@example.org".into()),
            registration_date: Set(day),
            status: Set("active".into()),
            status_date: Set(None),
            status_reason: Set(None),
            charter_approved_on: Set(None),
            term_start: Set(day),
            term_end: Set(NaiveDate::from_ymd_opt(2025, 3, 14).unwrap()),
            created_at: Set(now),
            updated_at: Set(now),
            last_conclusion: Set(None),
            ..Default::default()
        })
        .exec(&db)
        .await
        .unwrap()
        .last_insert_id;
        ids.push(id);
    }
    migration::Migrator::up(&db, None).await.unwrap();
    let units = entity::supervisory_unit::Entity::find().all(&db).await.unwrap();
    let mut names: Vec<&str> = units.iter().map(|u| u.name.as_str()).collect();
    names.sort();
    assert_eq!(names, vec!["市商务局", "市教育局", "（市）教育局"], "one unit a trimmed spelling");
    let unit = |name: &str| units.iter().find(|u| u.name == name).unwrap().id;
    let orgs: Vec<entity::organization::Model> = entity::organization::Entity::find().all(&db).await.unwrap();
    let of = |id: i64| orgs.iter().find(|o| o.id == id).unwrap();
    assert_eq!(of(ids[0]).supervisory_unit_id, Some(unit("市教育局")));
    assert_eq!(of(ids[0]).supervisory_unit.as_deref(), Some("市教育局"), "the text is trimmed");
    assert_eq!(of(ids[1]).supervisory_unit_id, Some(unit("市教育局")));
    assert_eq!(of(ids[2]).supervisory_unit_id, Some(unit("（市）教育局")), "spellings are merged by officers only");
    assert_eq!((of(ids[3]).supervisory_unit_id, of(ids[3]).supervisory_unit.clone()), (None, None));
    assert_eq!(of(ids[4]).supervisory_unit_id, Some(unit("市商务局")));
    // The merge proposals see the two spellings of one unit.
    let page = app::units::service::list(&db, "", 0).await.unwrap();
    assert_eq!(page.proposals.len(), 1, "{:?}", page.proposals);
    assert_eq!(page.proposals[0].why, "same");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migration_turns_free_text_units_into_records_sqlite() {
    migration_makes_units_of_texts(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migration_turns_free_text_units_into_records_postgres() {
    migration_makes_units_of_texts(Backend::Postgres).await;
}

db_test!(officers_merge_spellings_they_confirm_and_dismiss_the_others, |app| {
    app.officer().await;
    let a = register(&mut app, "阳光市南山区书法协会", 1, "市教育局").await;
    let b = register(&mut app, "阳光市南山区围棋协会", 2, "市 教育局").await;
    let c = register(&mut app, "阳光市南山区象棋协会", 3, "市 教育局").await;
    let d = register(&mut app, "阳光市南山区外贸协会", 4, "市商务局").await;
    let e = register(&mut app, "阳光市南山区进出口协会", 5, "阳光市商务局").await;
    let direct = register(&mut app, "阳光市南山区读书会", 6, "").await;
    assert_eq!(org(&app, direct).await.supervisory_unit_id, None, "直接登记 has no unit");
    let kept = unit_named(&app, "市教育局").await;
    let spaced = unit_named(&app, "市 教育局").await;
    assert_eq!(org(&app, a).await.supervisory_unit_id, Some(kept.id));
    assert_eq!(org(&app, b).await.supervisory_unit_id, Some(spaced.id));

    // The page proposes both pairs, with the reason.
    let page = app.get("/officer/units").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("unit-proposals") && page.body.contains("阳光市商务局"), "{}", page.body);
    assert!(page.body.contains("去掉空格、括号、全角字符后名称相同"), "{}", page.body);

    // Bad input changes nothing: the same unit twice, an unknown one, none.
    let audits = app.count("audit_log").await;
    let (k, s) = (kept.id.to_string(), spaced.id.to_string());
    let res = app.call("/api/units/merge", &[("input[keep]", &k), ("input[drop]", &k)]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("err_unit_merge_same"));
    let res = app.call("/api/units/merge", &[("input[keep]", &k), ("input[drop]", "999999")]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = app.call("/api/units/merge", &[("input[keep]", ""), ("input[drop]", "")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("audit_log").await, audits);
    assert_eq!(org(&app, b).await.supervisory_unit_id, Some(spaced.id));

    // The officer keeps 市教育局 (JavaScript off: back to the list with a notice).
    let res = app.post_form("/api/units/merge", "/officer/units", &[("input[keep]", &k), ("input[drop]", &s)]).await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    assert_eq!(res.location().as_deref(), Some("/officer/units"));
    for id in [a, b, c] {
        let o = org(&app, id).await;
        assert_eq!((o.supervisory_unit_id, o.supervisory_unit.as_deref()), (Some(kept.id), Some("市教育局")));
    }
    let merged = unit_named(&app, "市 教育局").await;
    assert_eq!(merged.merged_into, Some(kept.id));
    let audit = entity::audit_log::Entity::find()
        .filter(entity::audit_log::Column::Action.eq("unit_merge"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the merge is audited");
    assert_eq!(audit.entity_id, kept.id.to_string());
    let page = app.get("/officer/units").await;
    assert!(page.body.contains("2 个组织改属保留的单位"), "the notice: {}", page.body);
    // A merged spelling typed again means the kept unit.
    let f = register(&mut app, "阳光市南山区篮球协会", 7, "市 教育局").await;
    let o = org(&app, f).await;
    assert_eq!((o.supervisory_unit_id, o.supervisory_unit.as_deref()), (Some(kept.id), Some("市教育局")));
    // Merging into a merged unit is not found.
    let res = app.call("/api/units/merge", &[("input[keep]", &s), ("input[drop]", &k)]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);

    // 市商务局 and 阳光市商务局 are different units: dismissed, not proposed again.
    let (u1, u2) = (unit_named(&app, "市商务局").await.id, unit_named(&app, "阳光市商务局").await.id);
    let res =
        app.call("/api/units/dismiss", &[("input[keep]", &u2.to_string()), ("input[drop]", &u1.to_string())]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res =
        app.call("/api/units/dismiss", &[("input[keep]", &u1.to_string()), ("input[drop]", &u2.to_string())]).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "dismissed once");
    let list = app::units::service::list(&app.db, "", 0).await.unwrap();
    assert!(list.proposals.is_empty(), "{:?}", list.proposals);
    assert_eq!(org(&app, d).await.supervisory_unit_id, Some(u1));
    assert_eq!(org(&app, e).await.supervisory_unit_id, Some(u2));

    // A unit's contacts: a bad e-mail is refused, then saved.
    let res = app
        .call(
            "/api/units/update",
            &[
                ("id", &k),
                ("input[name]", "市教育局"),
                ("input[kind]", "government"),
                ("input[contact_email]", "not-an-address"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("contact_email"));
    assert_eq!(unit_named(&app, "市教育局").await.contact_email, "");
    let res = app
        .call(
            "/api/units/update",
            &[
                ("id", &k),
                ("input[name]", "市教育局"),
                ("input[kind]", "government"),
                ("input[contact_person]", "刘科长"),
                ("input[contact_email]", "jyj@example.gov.cn"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(unit_named(&app, "市教育局").await.contact_email, "jyj@example.gov.cn");
    // A new unit whose name another unit has (even a merged spelling) is refused.
    let res = app.call("/api/units/create", &[("input[name]", "市 教育局"), ("input[kind]", "government")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("err_unit_name_taken"));
    let page = app.get(&format!("/officer/units/{k}")).await;
    assert!(page.body.contains("刘科长"), "{}", page.body);

    // Nobody but officers reaches the units' list or a merge.
    let org_user = app.user("shufa", "Shufa#2026pass", Role::OrgUser, Some(a)).await;
    assert!(org_user > 0);
    app.logout().await;
    app.login("shufa", "Shufa#2026pass").await;
    let res = app.call("/api/units/list", &[("q", ""), ("page", "0")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = app.call("/api/units/merge", &[("input[keep]", &u1.to_string()), ("input[drop]", &u2.to_string())]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
});

db_test!(a_units_users_see_their_own_organizations_only, |app| {
    app.officer().await;
    let ours = register(&mut app, "阳光市南山区教师协会", 11, "市教育局").await;
    let theirs = register(&mut app, "阳光市南山区医师协会", 12, "市卫生健康委员会").await;
    let edu = unit_named(&app, "市教育局").await;

    // Administrators create a unit's account on the accounts page; the unit must exist.
    app.logout().await;
    app.user("admin1", "Admin#Pass2026", Role::Admin, None).await;
    app.login("admin1", "Admin#Pass2026").await;
    let fields = |unit: &'static str| {
        vec![
            ("input[username]", "jiaoyu"),
            ("input[display_name]", "教育局审核员"),
            ("input[email]", "jiaoyu@example.gov.cn"),
            ("input[role]", "unit"),
            ("input[unit]", unit),
        ]
    };
    let users = app.count("app_user").await;
    let res = app.call("/api/accounts/create", &fields("市不存在局")).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("err_unit_not_found"), "{}", res.body);
    assert_eq!(app.count("app_user").await, users, "nothing created");
    let res = app.call("/api/accounts/create", &fields("市教育局")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let member = app::db::column::<_, i64>(
        &app.db,
        "SELECT m.unit_id AS unit_id FROM supervisory_unit_user m JOIN app_user a ON a.id = m.user_id \
         WHERE a.username = 'jiaoyu'",
        vec![],
        "unit_id",
    )
    .await
    .unwrap();
    assert_eq!(member, vec![edu.id]);
    let list = app.get("/officer/users").await;
    assert!(list.body.contains("业务主管单位用户") && list.body.contains("市教育局"), "{}", list.body);

    // A unit user sees its organizations, not another unit's.
    unit_user(&app, "jyj", edu.id).await;
    app.logout().await;
    app.login("jyj", "Unit#Pass2026").await;
    let home = app.get("/unit").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("阳光市南山区教师协会"), "{}", home.body);
    assert!(!home.body.contains("阳光市南山区医师协会"), "{}", home.body);
    let page = app.get(&format!("/unit/orgs/{ours}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(app.get(&format!("/unit/orgs/{theirs}")).await.status, StatusCode::NOT_FOUND);
    let res = app.call("/api/unit/org", &[("id", &theirs.to_string())]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    // Nor the officers' pages and functions, nor another feature's.
    assert_eq!(app.call("/api/units/list", &[("q", ""), ("page", "0")]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.call("/api/units/notes", &[("subject", "zombie"), ("id", "0")]).await.status, StatusCode::FORBIDDEN);
    // A user of role unit without a unit sees nothing.
    app.user("lost", "Lost#Pass2026x", Role::Unit, None).await;
    app.logout().await;
    app.login("lost", "Lost#Pass2026x").await;
    assert_eq!(app.call("/api/unit/home", &[("page", "0")]).await.status, StatusCode::FORBIDDEN);
    // Organization users do not reach a unit's pages.
    app.user("jiaoshi", "Jiaoshi#2026pw", Role::OrgUser, Some(ours)).await;
    app.logout().await;
    app.login("jiaoshi", "Jiaoshi#2026pw").await;
    assert_eq!(app.call("/api/unit/home", &[("page", "0")]).await.status, StatusCode::FORBIDDEN);
});

db_test!(reports_of_an_organization_with_a_unit_pass_its_first_review, |app| {
    app.officer().await;
    let ours = register(&mut app, "阳光市南山区家长协会", 21, "市教育局").await;
    let direct = register(&mut app, "阳光市南山区义工联合会", 22, "").await;
    let other = register(&mut app, "阳光市南山区护士协会", 23, "市卫生健康委员会").await;
    let edu = unit_named(&app, "市教育局").await;
    let res = app
        .call(
            "/api/units/update",
            &[
                ("id", &edu.id.to_string()),
                ("input[name]", "市教育局"),
                ("input[kind]", "government"),
                ("input[contact_email]", "jyj@example.gov.cn"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    unit_user(&app, "jyj", edu.id).await;
    app.user("jiazhang", "Jiazhang#2026", Role::OrgUser, Some(ours)).await;
    app.user("yigong", "Yigong#2026pw", Role::OrgUser, Some(direct)).await;
    app.user("hushi", "Hushi#2026pwd", Role::OrgUser, Some(other)).await;

    // Submitted, the report goes to the unit first; the unit is e-mailed.
    app.logout().await;
    app.login("jiazhang", "Jiazhang#2026").await;
    let res = app.call("/api/reports/save", &pairs(&submission(0))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let r = report_of(&app, ours).await;
    assert_eq!(r.status, "unit_review");
    assert!(r.first_submitted_at.is_some(), "filed on time for the registry's counts");
    for to in ["jyj@example.gov.cn", "jyj@example.org"] {
        let mails = app.mails_to(to).await;
        assert_eq!(mails.len(), 1, "one mail to {to}");
        assert!(mails[0].subject.contains("待初审"), "{}", mails[0].subject);
        assert!(mails[0].body_text.contains(&format!("/unit/reports/{}", r.id)), "{}", mails[0].body_text);
    }
    // Locked while the unit reviews it.
    let res = app.call("/api/reports/save", &pairs(&submission(r.version))).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    // An organization without a unit goes straight to the registry, no unit hears of it.
    app.logout().await;
    app.login("yigong", "Yigong#2026pw").await;
    let res = app.call("/api/reports/save", &pairs(&submission(0))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(report_of(&app, direct).await.status, "submitted");
    assert_eq!(app.mails_to("jyj@example.gov.cn").await.len(), 1);
    // Another unit's report.
    app.logout().await;
    app.login("hushi", "Hushi#2026pwd").await;
    let res = app.call("/api/reports/save", &pairs(&submission(0))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let foreign = report_of(&app, other).await;
    assert_eq!(foreign.status, "unit_review");

    // The registry cannot decide it before the unit.
    app.logout().await;
    app.login("officer1", "Officer#Pass1").await;
    let id = r.id.to_string();
    let res = app
        .call(
            "/api/reports/review",
            &[("id", &id), ("input[decision]", "conclude"), ("input[conclusion]", "qualified")],
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.body.contains("err_report_at_unit"), "{}", res.body);
    let queue = app.get("/officer/reports?status=unit_review").await;
    assert!(queue.body.contains("阳光市南山区家长协会") && queue.body.contains("待业务主管单位初审"), "{}", queue.body);

    // The unit: its waiting list, another unit's report not found, a return without a reason refused.
    app.logout().await;
    app.login("jyj", "Unit#Pass2026").await;
    let home = app.get("/unit").await;
    assert!(home.body.contains("unit-waiting") && home.body.contains("阳光市南山区家长协会"), "{}", home.body);
    assert!(!home.body.contains("阳光市南山区护士协会"));
    assert_eq!(app.get(&format!("/unit/reports/{}", foreign.id)).await.status, StatusCode::NOT_FOUND);
    let res = app
        .call(
            "/api/unit/first_review",
            &[("id", &foreign.id.to_string()), ("input[decision]", "pass"), ("input[comment]", "同意")],
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(report_of(&app, other).await.status, "unit_review");
    let res = app
        .call("/api/unit/first_review", &[("id", &id), ("input[decision]", "return"), ("input[comment]", " ")])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("comment"));
    let res = app
        .call("/api/unit/first_review", &[("id", &id), ("input[decision]", "approve"), ("input[comment]", "好")])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(report_of(&app, ours).await.status, "unit_review", "nothing changed");
    let page = app.get(&format!("/unit/reports/{id}")).await;
    assert!(page.body.contains("return-form") && page.body.contains("pass-form"), "{}", page.body);

    // Returned with the reason (JavaScript off): the organization is e-mailed.
    let res = app
        .post_form(
            "/api/unit/first_review",
            &format!("/unit/reports/{id}"),
            &[("id", &id), ("input[decision]", "return"), ("input[comment]", "请补充家长学校的活动记录。")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let r = report_of(&app, ours).await;
    assert_eq!((r.status.as_str(), r.return_comment.as_deref()), ("returned", Some("请补充家长学校的活动记录。")));
    let mails = app.mails_to("org21@example.org").await;
    assert_eq!(mails.len(), 1);
    assert!(mails[0].subject.contains("业务主管单位退回"), "{}", mails[0].subject);
    assert!(mails[0].body_text.contains("请补充家长学校的活动记录") && mails[0].body_text.contains("市教育局"));
    let res = app
        .call("/api/unit/first_review", &[("id", &id), ("input[decision]", "pass"), ("input[comment]", "同意")])
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "not waiting any more");

    // Resubmitted, it is back at the unit (a second mail), which passes it with its opinion.
    app.logout().await;
    app.login("jiazhang", "Jiazhang#2026").await;
    let res = app.call("/api/reports/save", &pairs(&submission(r.version))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(report_of(&app, ours).await.status, "unit_review");
    assert_eq!(app.mails_to("jyj@example.gov.cn").await.len(), 2);
    app.logout().await;
    app.login("jyj", "Unit#Pass2026").await;
    let res = app
        .call(
            "/api/unit/first_review",
            &[("id", &id), ("input[decision]", "pass"), ("input[comment]", "材料齐全，同意报送。")],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(report_of(&app, ours).await.status, "submitted");
    let events: Vec<String> = entity::report_event::Entity::find()
        .filter(entity::report_event::Column::ReportId.eq(r.id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| format!("{}:{}", e.kind, e.comment))
        .collect();
    assert_eq!(
        events,
        vec![
            "submitted:".to_string(),
            "unit_returned:请补充家长学校的活动记录。".into(),
            "resubmitted:".into(),
            "unit_passed:材料齐全，同意报送。".into()
        ]
    );
    let audited = app::db::count(
        &app.db,
        "SELECT COUNT(*) AS n FROM audit_log WHERE action IN ('report_unit_pass', 'report_unit_return')",
        vec![],
    )
    .await
    .unwrap();
    assert_eq!(audited, 2);

    // The registry now reviews it as before, and sees the unit's opinion.
    app.logout().await;
    app.login("officer1", "Officer#Pass1").await;
    let page = app.get(&format!("/officer/reports/{id}")).await;
    assert!(page.body.contains("材料齐全，同意报送") && page.body.contains("业务主管单位初审通过"), "{}", page.body);
    let res = app
        .call(
            "/api/reports/review",
            &[("id", &id), ("input[decision]", "conclude"), ("input[conclusion]", "qualified")],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(report_of(&app, ours).await.status, "concluded");

    // The dashboard: the other unit's report waits; both first reviews were done in time …
    async fn measure(app: &mut TestApp, m: &str) -> (i64, Option<(u64, u64)>) {
        let res = app.call("/api/dashboard/view", &[]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let v: app::dashboard::types::DashboardView = serde_json::from_str(&res.body).unwrap();
        let x = v.measures.into_iter().find(|x| x.measure == m).unwrap();
        (x.value, x.share.map(|s| (s.num, s.den)))
    }
    assert_eq!(measure(&mut app, "unit_reviews_waiting").await, (1, None));
    assert_eq!(measure(&mut app, "unit_reviews_in_time").await, (1000, Some((2, 2))));
    // … but a resubmission answered 20 days later is late (UNIT_REVIEW_DAYS, 15 by default).
    let resubmitted = entity::report_event::Entity::find()
        .filter(entity::report_event::Column::ReportId.eq(r.id))
        .filter(entity::report_event::Column::Kind.eq("resubmitted"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let earlier = resubmitted.created_at - chrono::Duration::days(20);
    let mut e: entity::report_event::ActiveModel = resubmitted.into();
    e.created_at = Set(earlier);
    e.update(&app.db).await.unwrap();
    assert_eq!(measure(&mut app, "unit_reviews_in_time").await, (500, Some((1, 2))));

    // Every mail is delivered over SMTP, once.
    let smtp = SmtpServer::start();
    let mut cfg = server::config::Config::from_env().unwrap();
    cfg.smtp_url = Some(smtp.url());
    let mailer = server::mailer::Mailer::from_config(&cfg).unwrap();
    let (sent, failed) = server::mailer::run_once(&app.db, &mailer).await.unwrap();
    assert_eq!(failed, 0);
    for _ in 0..50 {
        if smtp.messages().len() >= sent {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let to_unit = smtp.messages().iter().filter(|m| m.contains("jyj@example.gov.cn")).count();
    assert_eq!(to_unit, 2, "the unit's two waiting mails (the other unit's report went to nobody here)");
});

db_test!(a_unit_records_what_it_did_about_zombie_cases_and_rectifications, |app| {
    let d = drawn(&mut app).await;
    publish(&mut app, &d, [RECTIFY, ("none", ""), ("none", "")]).await;
    let (ours, theirs) = (d.orgs[0].0, d.orgs[1].0);
    // The first organization is under 市教育局 (a change of registration would say so).
    let (edu, name) = app::units::service::resolve_in(&app.db, Some("市教育局")).await.unwrap().unwrap();
    app::db::exec(
        &app.db,
        "UPDATE organization SET supervisory_unit = ?, supervisory_unit_id = ? WHERE id = ?",
        vec![name.into(), edu.into(), ours.into()],
    )
    .await
    .unwrap();
    let rect = rectification_of(&app, ours).await;
    let today = app::kernel::clock::today();
    let zombie = |org: i64| entity::zombie_case::ActiveModel {
        org_id: Set(org),
        status: Set("notified".into()),
        missed_reports: Set(true),
        unreachable: Set(false),
        inactive: Set(true),
        detected_on: Set(today),
        notified_on: Set(Some(today)),
        respond_by: Set(Some(today + chrono::Days::new(30))),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    let z = zombie(ours).insert(&app.db).await.unwrap();
    let foreign = zombie(theirs).insert(&app.db).await.unwrap();
    unit_user(&app, "jyj", edu).await;
    app.logout().await;
    app.login("jyj", "Unit#Pass2026").await;

    let page = app.get(&format!("/unit/orgs/{ours}")).await;
    assert!(page.body.contains(&format!("case-zombie-{}", z.id)), "{}", page.body);
    assert!(page.body.contains(&format!("case-rectification-{}", rect.id)) && page.body.contains(RECTIFY.1));
    // Bad input changes nothing: no text, a day to come, a case of another unit, an unknown kind.
    let zid = z.id.to_string();
    let note = |subject: &'static str, id: String, body: &'static str, day: String| {
        vec![
            ("input[subject]".to_string(), subject.to_string()),
            ("input[subject_id]".to_string(), id),
            ("input[body]".to_string(), body.to_string()),
            ("input[acted_on]".to_string(), day),
        ]
    };
    let tomorrow = (today + chrono::Days::new(1)).to_string();
    let res = app.call("/api/unit/note", &pairs(&note("zombie", zid.clone(), "", String::new()))).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = app.call("/api/unit/note", &pairs(&note("zombie", zid.clone(), "约谈", tomorrow))).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("acted_on"));
    let res = app.call("/api/unit/note", &pairs(&note("zombie", foreign.id.to_string(), "约谈", String::new()))).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = app.call("/api/unit/note", &pairs(&note("penalty", zid.clone(), "约谈", String::new()))).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("unit_action").await, 0);

    // Recorded (JavaScript off for the zombie case), with the day it was done.
    let day = (today - chrono::Days::new(2)).to_string();
    let res = app
        .post_form(
            "/api/unit/note",
            &format!("/unit/orgs/{ours}"),
            &pairs(&note("zombie", zid.clone(), "已约谈协会负责人，督促其一个月内召开理事会。", day.clone())),
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    assert_eq!(res.location().as_deref(), Some(format!("/unit/orgs/{ours}").as_str()));
    let res = app
        .call(
            "/api/unit/note",
            &pairs(&note("rectification", rect.id.to_string(), "已督促整改财务制度。", String::new())),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let page = app.get(&format!("/unit/orgs/{ours}")).await;
    assert!(page.body.contains("已约谈协会负责人") && page.body.contains(&day), "{}", page.body);
    let audited = app::db::count(&app.db, "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'unit_note'", vec![])
        .await
        .unwrap();
    assert_eq!(audited, 2);

    // Officers read them beside the cases.
    app.logout().await;
    app.login("officer1", "Officer#Pass1").await;
    let page = app.get(&format!("/officer/rectifications/{}", rect.id)).await;
    assert!(page.body.contains("已督促整改财务制度") && page.body.contains("市教育局"), "{}", page.body);
    let page = app.get("/officer/zombies").await;
    assert!(page.body.contains("已约谈协会负责人"), "{}", page.body);
});

db_test!(the_registration_and_change_forms_suggest_the_units_names, |app| {
    app.officer().await;
    let id = register(&mut app, "阳光市建议测试协会", 71, "阳光市教育局").await;
    register(&mut app, "阳光市建议测试二会", 72, "阳光市文化广电旅游体育局").await;
    // Rendered on the server, so the suggestions work with JavaScript off.
    for path in ["/officer/orgs/new".to_string(), format!("/officer/orgs/{id}/change")] {
        let page = app.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(page.body.contains("<datalist id=\"unit-names\">"), "{path}: {}", page.body);
        assert!(page.body.contains("<option value=\"阳光市教育局\">"), "{path}");
        assert!(page.body.contains("<option value=\"阳光市文化广电旅游体育局\">"), "{path}");
        assert!(page.body.contains("list=\"unit-names\""), "{path}: the field names its list");
    }
    // The same names through the server function the browser calls.
    let names = app.call("/api/units/names", &[]).await;
    assert_eq!(names.status, StatusCode::OK);
    assert!(names.body.contains("阳光市教育局") && names.body.contains("阳光市文化广电旅游体育局"), "{}", names.body);
    // Not for the public.
    app.logout().await;
    assert_ne!(app.call("/api/units/names", &[]).await.status, StatusCode::OK);
});

db_test!(the_demo_reports_waiting_at_a_unit_have_their_submission_event, |app| {
    let settings = app.state.settings.as_ref().clone();
    server::seed::seed_demo(&app.db, &settings, 300, 2026).await.unwrap();
    let waiting =
        app::db::count_from(&app.db, "FROM annual_report WHERE status = 'unit_review'", vec![]).await.unwrap();
    assert!(waiting > 0, "the demo unit has reports waiting");
    let without = app::db::count_from(
        &app.db,
        "FROM annual_report r WHERE r.status = 'unit_review' AND NOT EXISTS \
         (SELECT 1 FROM report_event e WHERE e.report_id = r.id AND e.kind = 'submitted')",
        vec![],
    )
    .await
    .unwrap();
    assert_eq!(without, 0, "each has its submission in its history");
    // And its unit was told of each: a mail to the unit's contact naming the report's page.
    let ids: Vec<i64> =
        app::db::column(&app.db, "SELECT id FROM annual_report WHERE status = 'unit_review'", vec![], "id")
            .await
            .unwrap();
    for id in ids {
        let told = app::db::count_from(
            &app.db,
            "FROM mail_outbox WHERE to_addr LIKE 'unit%@sunshine.local' AND body_text LIKE ?",
            vec![format!("%/unit/reports/{id}%").into()],
        )
        .await
        .unwrap();
        assert!(told >= 1, "report {id}: the unit's mail");
    }
});
