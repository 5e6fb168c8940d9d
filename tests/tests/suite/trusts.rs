//! Charitable trusts (慈善信托) end to end on SQLite and PostgreSQL: a charity
//! files a trust in its portal with the contract (a plain multipart form, as
//! with JavaScript off), late filings are flagged with the days late, an
//! officer accepts it with a filing number or returns it; an officer files a
//! trust company's filing on its behalf; changes (7 days; several of a month
//! by the 10th of the next) and yearly reports are filed on accepted trusts;
//! the daily job finds overdue reports once and mails the trustee (over a real
//! SMTP server); the public list, page and CSV mask natural persons and never
//! show the contract; roles are checked on the server; bad input changes
//! nothing; the dashboard and the year's statistics count the trusts.

use app::audit::service::Actor;
use app::auth::types::Role;
use app::trust::service::{self as trusts, Trustee};
use app::trust::types::{ChangeInput, ContractUpload, FilingInput, ReportInput};
use chrono::{Datelike, Days, NaiveDate};
use http::StatusCode;
use sea_orm::EntityTrait;

use sunshine_tests::{db_test, org_form, smtp::SmtpServer, with_field, TestApp};

const PW: &str = "Charity#2026ok";
const NAME: &str = "阳光春蕾助学慈善信托";
const PERSON: &str = "欧阳明月";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

fn today() -> NaiveDate {
    app::kernel::clock::today()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A foundation registered and recognized as a charity, with its user
/// `user`; returns the organization's id. Leaves the officer signed in.
async fn charity(app: &mut TestApp, name: &str, n: u32, user: &str) -> i64 {
    app.logout().await;
    app.login("officer1", "Officer#Pass1").await;
    let form = org_form(name, "foundation", n);
    let (org, code) =
        app.register(&with_field(&form, "input[contact_email]", &format!("contact{n}@example.org"))).await;
    sunshine_tests::fixtures::recognize(app, &code).await;
    app.user(user, PW, Role::OrgUser, Some(org)).await;
    org
}

async fn as_user(app: &mut TestApp, user: &str) {
    app.logout().await;
    app.login(user, if user == "officer1" { "Officer#Pass1" } else { PW }).await;
}

/// The filing form's fields, signed `signed_days_ago`.
fn filing(signed_days_ago: u64) -> Vec<(&'static str, String)> {
    let signed = (today() - Days::new(signed_days_ago)).to_string();
    vec![
        ("name", NAME.into()),
        ("settlor_persons", PERSON.into()),
        ("settlor_orgs", "阳光春蕾实业有限公司".into()),
        ("supervisor", "阳光市明德律师事务所".into()),
        ("purposes", "education".into()),
        ("purposes", "poverty".into()),
        ("purpose_note", "".into()),
        ("size", "1,200,000".into()),
        ("start_on", signed.clone()),
        ("end_on", "".into()),
        ("beneficiaries", "本市家庭困难的在校学生，按公开条件评审选定。".into()),
        ("signed_on", signed),
    ]
}

async fn file(app: &mut TestApp, path: &str, fields: &[(&str, String)], file: &[u8]) -> sunshine_tests::Res {
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.upload_fields(path, &fields, "合同.pdf", file).await
}

/// Files through the portal; the new trust's id.
async fn file_ok(app: &mut TestApp, fields: &[(&str, String)]) -> i64 {
    let res = file(app, "/portal/trusts/file", fields, PDF).await;
    assert!(res.status.is_redirection(), "{}", res.body);
    let loc = res.location().unwrap();
    assert!(loc.starts_with("/portal/trusts/") && !loc.ends_with("/new"), "{loc}");
    loc.rsplit('/').next().unwrap().parse().unwrap()
}

async fn trust(app: &TestApp, id: i64) -> entity::charitable_trust::Model {
    entity::charitable_trust::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap()
}

fn urlencoding(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

db_test!(a_charity_files_late_an_officer_accepts_and_the_public_sees_it_masked, |app| {
    app.officer().await;
    let org = charity(&mut app, "阳光市春蕾基金会", 1, "charity").await;
    as_user(&mut app, "charity").await;
    let portal = app.get("/portal/trusts").await;
    assert_eq!(portal.status, StatusCode::OK);
    assert!(portal.body.contains("/portal/trusts/new"), "a charity may file");

    // Signed ten days ago: three days late, accepted for review with the days late.
    let id = file_ok(&mut app, &filing(10)).await;
    let t = trust(&app, id).await;
    assert_eq!((t.state.as_str(), t.days_late, t.trustee_kind.as_str()), ("submitted", 3, "charity"));
    assert_eq!((t.trustee_org_id, t.size_fen, t.filing_no.clone()), (Some(org), 120_000_000, None));
    assert_eq!(t.purposes, "education,poverty");
    let page = app.get(&format!("/portal/trusts/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    for text in [NAME, PERSON, "逾期 3 天", "待审核", "合同.pdf"] {
        assert!(page.body.contains(text), "{text}");
    }
    // Not public while under review.
    app.logout().await;
    assert!(!app.get("/public/trusts").await.body.contains(NAME));
    assert!(!app.get(&format!("/public/trusts/{id}")).await.body.contains(NAME));

    // The officer accepts it (JavaScript off: back to the trust with the number); once.
    as_user(&mut app, "officer1").await;
    let list = app.get("/officer/trusts?status=submitted").await;
    assert!(list.body.contains(NAME));
    let res = app.post_form("/api/trusts/accept", &format!("/officer/trusts/{id}"), &[("id", &id.to_string())]).await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    assert_eq!(res.location().unwrap(), format!("/officer/trusts/{id}"));
    let number = format!("慈信备{}第0001号", today().year());
    let t = trust(&app, id).await;
    assert_eq!(
        (t.state.as_str(), t.filing_no.as_deref(), t.reviewed_on),
        ("accepted", Some(number.as_str()), Some(today()))
    );
    let page = app.get(&format!("/officer/trusts/{id}")).await;
    assert!(page.body.contains(&number) && page.body.contains(&format!("慈信备{}第0001号", today().year())));
    let res = app.call("/api/trusts/accept", &[("id", &id.to_string())]).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    let res = app.call("/api/trusts/return", &[("id", &id.to_string()), ("input[reason]", "迟了")]).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    assert_eq!(trust(&app, id).await.state, "accepted");

    // The public list and page: found by a two- and a one-character part of the name and by the
    // trustee; the natural person masked; no contract, no contact.
    app.logout().await;
    for q in ["春蕾", "蕾", "阳光市春蕾基金会"] {
        let list = app.get(&format!("/public/trusts?q={}", urlencoding(q))).await;
        assert!(list.body.contains(NAME), "{q}");
    }
    assert!(!app.get(&format!("/public/trusts?q={}", urlencoding("环保"))).await.body.contains(NAME));
    let year = today().year();
    assert!(app.get(&format!("/public/trusts?year={year}&status=in_force")).await.body.contains(NAME));
    assert!(!app.get(&format!("/public/trusts?year={}", year - 1)).await.body.contains(NAME));
    assert!(!app.get("/public/trusts?status=ended").await.body.contains(NAME));
    let public = app.get(&format!("/public/trusts/{id}")).await;
    assert_eq!(public.status, StatusCode::OK);
    for text in [NAME, "欧***", "阳光春蕾实业有限公司", &number, "逾期 3 天"] {
        assert!(public.body.contains(text), "{text}");
    }
    for private in [PERSON, "合同.pdf", "/contract", "contact1@example.org"] {
        assert!(!public.body.contains(private), "{private} is not public");
    }
    let res = app.call("/api/trusts/public/one", &[("id", &id.to_string())]).await;
    assert!(res.body.contains(NAME) && !res.body.contains(PERSON) && !res.body.contains("合同.pdf"), "{}", res.body);
    // Out-of-bounds pages are clamped, not refused.
    assert_eq!(app.get("/public/trusts?page=999999999999").await.status, StatusCode::OK);

    // The CSV: the public columns with the page's filters.
    let csv = app.get(&format!("/public/trusts/export.csv?q={}", urlencoding("春蕾"))).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "a BOM for Excel");
    assert!(csv.body.contains("备案编号,信托名称,受托人"), "{}", csv.body);
    assert!(csv.body.contains(NAME) && csv.body.contains(&number) && csv.body.contains("1200000.00"), "{}", csv.body);
    assert!(!csv.body.contains(PERSON));
    assert!(!app.get("/public/trusts/export.csv?q=%E7%8E%AF%E4%BF%9D").await.body.contains(NAME));

    // The contract: officers and the trustee only.
    let path = format!("/files/trusts/{id}/contract");
    let anon = app.get(&path).await;
    assert!(anon.status.is_redirection() && anon.location().unwrap().starts_with("/login"));
    as_user(&mut app, "charity").await;
    let own = app.get(&path).await;
    assert_eq!(own.status, StatusCode::OK);
    assert_eq!(own.bytes, PDF);
    assert_eq!(own.headers.get("x-content-type-options").unwrap(), "nosniff");
    as_user(&mut app, "officer1").await;
    assert_eq!(app.get(&path).await.status, StatusCode::OK);
    let other = charity(&mut app, "阳光市扶老基金会", 2, "other").await;
    assert_ne!(other, org);
    as_user(&mut app, "other").await;
    assert_eq!(app.get(&path).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.call("/api/trusts/mine/one", &[("id", &id.to_string())]).await.status, StatusCode::NOT_FOUND);

    // Every step is audited.
    for action in ["trust_file", "trust_accept"] {
        let n = app::db::count(&app.db, "SELECT COUNT(*) AS n FROM audit_log WHERE action = ?", vec![action.into()])
            .await
            .unwrap();
        assert_eq!(n, 1, "{action}");
    }
});

db_test!(bad_filings_are_refused_with_their_messages_and_change_nothing, |app| {
    app.officer().await;
    charity(&mut app, "阳光市春蕾基金会", 1, "charity").await;
    as_user(&mut app, "charity").await;
    let audit = app.count("audit_log").await;
    let mut bad: Vec<(&str, String)> = filing(2)
        .into_iter()
        .filter(|(k, _)| *k != "purposes")
        .map(|(k, v)| match k {
            "name" | "beneficiaries" | "settlor_persons" | "settlor_orgs" => (k, String::new()),
            "size" => (k, "一百万".into()),
            "end_on" => (k, (today() - Days::new(400)).to_string()),
            "signed_on" => (k, (today() + Days::new(3)).to_string()),
            _ => (k, v),
        })
        .collect();
    bad.push(("purposes", "lottery".into()));
    let res = file(&mut app, "/portal/trusts/file", &bad, b"not a pdf").await;
    assert!(res.status.is_redirection(), "{}", res.body);
    assert_eq!(res.location().unwrap(), "/portal/trusts/new");
    let form = app.get("/portal/trusts/new").await;
    for text in [
        "请至少填写一个委托人",
        "信托合同须为 PDF 文件",
        "终止日须晚于起始日",
        "f-name-error",
        "f-size-error",
        "f-beneficiaries-error",
        "f-signed_on-error",
        "f-purposes-error",
    ] {
        assert!(form.body.contains(text), "{text}");
    }
    assert!(form.body.contains("阳光市明德律师事务所"), "what was typed comes back");
    // No contract at all.
    let res = file(&mut app, "/portal/trusts/file", &filing(2), b"").await;
    assert_eq!(res.location().unwrap(), "/portal/trusts/new");
    assert!(app.get("/portal/trusts/new").await.body.contains("请上传信托合同"));
    assert_eq!(app.count("charitable_trust").await, 0);
    assert_eq!(app.count("charitable_trust_contract").await, 0);
    assert_eq!(app.count("audit_log").await, audit, "nothing written");

    // An organization that is not a charity cannot be a trustee.
    as_user(&mut app, "officer1").await;
    let (plain, _) = app.register(&org_form("阳光市摄影协会", "social_group", 5)).await;
    app.user("photo", PW, Role::OrgUser, Some(plain)).await;
    as_user(&mut app, "photo").await;
    let portal = app.get("/portal/trusts").await;
    assert!(portal.body.contains("只有本局登记认定的慈善组织") && !portal.body.contains("/portal/trusts/new\""));
    let res = file(&mut app, "/portal/trusts/file", &filing(2), PDF).await;
    assert_eq!(res.location().unwrap(), "/portal/trusts/new");
    assert_eq!(app.count("charitable_trust").await, 0);
});

db_test!(an_officer_files_for_a_trust_company_and_returns_it, |app| {
    app.officer().await;
    let mut fields = filing(1);
    fields.retain(|(k, _)| *k != "name");
    fields.push(("name", "蓝海生态环保慈善信托".into()));
    // The company's name and e-mail are required.
    let res = file(&mut app, "/officer/trusts/file", &fields, PDF).await;
    assert_eq!(res.location().unwrap(), "/officer/trusts/new");
    let form = app.get("/officer/trusts/new").await;
    assert!(form.body.contains("f-trustee_name-error") && form.body.contains("f-contact_email-error"));
    assert!(form.body.contains("没有账户"), "the page says why officers file for trust companies");
    assert_eq!(app.count("charitable_trust").await, 0);
    fields.push(("trustee_name", "阳光国际信托有限责任公司".into()));
    fields.push(("contact_email", "trust@company.example".into()));
    let res = file(&mut app, "/officer/trusts/file", &fields, PDF).await;
    let loc = res.location().unwrap();
    assert!(loc.starts_with("/officer/trusts/"), "{loc}");
    let id: i64 = loc.rsplit('/').next().unwrap().parse().unwrap();
    let t = trust(&app, id).await;
    assert_eq!((t.trustee_kind.as_str(), t.trustee_org_id, t.days_late), ("company", None, 0));
    assert_eq!(
        (t.trustee_name.as_str(), t.contact_email.as_str()),
        ("阳光国际信托有限责任公司", "trust@company.example")
    );

    // Returning needs a reason.
    let res = app.call("/api/trusts/return", &[("id", &id.to_string()), ("input[reason]", " ")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(trust(&app, id).await.state, "submitted");
    let res = app
        .post_form(
            "/api/trusts/return",
            &format!("/officer/trusts/{id}"),
            &[("id", &id.to_string()), ("input[reason]", "合同缺委托人签章页。")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let t = trust(&app, id).await;
    assert_eq!((t.state.as_str(), t.return_reason.as_deref()), ("returned", Some("合同缺委托人签章页。")));
    assert!(app.get(&format!("/officer/trusts/{id}")).await.body.contains("合同缺委托人签章页。"));
    // A returned filing is not public and takes no changes.
    let res = app
        .call(
            "/api/trusts/change",
            &[
                ("id", &id.to_string()),
                ("input[kind_other]", "on"),
                ("input[first_on]", &today().to_string()),
                ("input[description]", "x"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    app.logout().await;
    assert_eq!(app.call("/api/trusts/public/one", &[("id", &id.to_string())]).await.status, StatusCode::NOT_FOUND);
});

/// An accepted trust of `org` (a charity), signed and filed on `filed`, from `start`.
async fn accepted(app: &TestApp, org: i64, start: NaiveDate, filed: NaiveDate) -> i64 {
    let officer = Actor::system("test");
    let user: i64 =
        app::db::column(&app.db, "SELECT id FROM app_user WHERE username = 'charity'", vec![], "id").await.unwrap()[0];
    let filer = Actor { id: Some(user), name: "charity".into(), role: "org_user".into() };
    let input = FilingInput {
        name: "阳光安老慈善信托".into(),
        settlor_persons: "赵敏".into(),
        purposes: "care".into(),
        size: "800000".into(),
        start_on: start.to_string(),
        beneficiaries: "本市失能老人。".into(),
        signed_on: start.to_string(),
        ..Default::default()
    };
    let upload = ContractUpload { file_name: "c.pdf".into(), bytes: PDF.to_vec() };
    let (id, _) =
        trusts::file(&app.db, &app.state.settings, &filer, Trustee::Charity(org), &input, Some(&upload), filed)
            .await
            .unwrap();
    let officer_id: i64 =
        app::db::column(&app.db, "SELECT id FROM app_user WHERE username = 'officer1'", vec![], "id").await.unwrap()[0];
    let officer = Actor { id: Some(officer_id), ..officer };
    trusts::accept(&app.db, &officer, id, filed).await.unwrap();
    id
}

db_test!(changes_and_yearly_reports_are_filed_with_their_deadlines, |app| {
    app.officer().await;
    let org = charity(&mut app, "阳光市春蕾基金会", 1, "charity").await;
    let y = today().year();
    let id = accepted(&app, org, day(y - 2, 3, 1), day(y - 2, 3, 5)).await;
    let filer = Actor {
        id: Some(
            app::db::column(&app.db, "SELECT id FROM app_user WHERE username = 'charity'", vec![], "id").await.unwrap()
                [0],
        ),
        name: "charity".into(),
        role: "org_user".into(),
    };
    // Several changes of one month filed together by the 10th of the next: on time on the 10th …
    let batch = ChangeInput {
        kind_supervisor: "on".into(),
        kind_size: "on".into(),
        first_on: day(y - 1, 5, 3).to_string(),
        last_on: day(y - 1, 5, 29).to_string(),
        description: "监察人变更；追加信托财产。".into(),
        new_size: "1000000".into(),
        ..Default::default()
    };
    trusts::file_change(&app.db, &filer, Some(org), id, &batch, day(y - 1, 6, 10)).await.unwrap();
    // … a change of trustee is due in 7 days even with others of the month: 4 days late.
    let trustee = ChangeInput {
        kind_trustee: "on".into(),
        kind_size: String::new(),
        new_size: String::new(),
        last_on: day(y - 1, 5, 10).to_string(),
        ..batch.clone()
    };
    trusts::file_change(&app.db, &filer, Some(org), id, &trustee, day(y - 1, 5, 14)).await.unwrap();
    let changes = app::db::column::<_, i32>(
        &app.db,
        "SELECT days_late FROM charitable_trust_change ORDER BY id",
        vec![],
        "days_late",
    )
    .await
    .unwrap();
    assert_eq!(changes, vec![0, 4]);
    let t = trust(&app, id).await;
    assert_eq!(t.size_fen, 100_000_000, "the new size is the trust's");

    // Through the portal (JS off): one change today, on time; bad input changes nothing.
    as_user(&mut app, "charity").await;
    let sid = id.to_string();
    let res = app
        .call("/api/trusts/change", &[("id", &sid), ("input[first_on]", "2026-02-30"), ("input[description]", "")])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["\"kinds\"", "\"first_on\"", "\"description\""] {
        assert!(res.body.contains(field), "{field}: {}", res.body);
    }
    let res = app
        .call(
            "/api/trusts/change",
            &[
                ("id", &sid),
                ("input[kind_size]", "on"),
                ("input[first_on]", &today().to_string()),
                ("input[description]", "追加"),
            ],
        )
        .await;
    assert!(res.body.contains("\"new_size\""), "a size change needs the size: {}", res.body);
    assert_eq!(app.count("charitable_trust_change").await, 2);
    let t0 = today().to_string();
    let res = app
        .post_form(
            "/api/trusts/change",
            &format!("/portal/trusts/{id}"),
            &[
                ("id", &sid),
                ("input[kind_beneficiaries]", "on"),
                ("input[first_on]", &t0),
                ("input[description]", "受益人范围扩大到郊区。"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    assert_eq!(res.location().unwrap(), format!("/portal/trusts/{id}"));
    assert_eq!(app.count("charitable_trust_change").await, 3);

    // Yearly reports: a year out of the term, charitable spending above spending, then one, once.
    let report = |year: i32, charitable: &'static str| {
        vec![
            ("id".to_string(), sid.clone()),
            ("input[year]".to_string(), year.to_string()),
            ("input[income]".to_string(), "500000".to_string()),
            ("input[spending]".to_string(), "300000".to_string()),
            ("input[charitable]".to_string(), charitable.to_string()),
            ("input[assets]".to_string(), "900000".to_string()),
        ]
    };
    let call = |f: &Vec<(String, String)>| f.iter().map(|(k, v)| (k.clone(), v.clone())).collect::<Vec<_>>();
    let r = call(&report(y - 3, "100000"));
    let res = app.call("/api/trusts/report", &sunshine_tests::pairs(&r)).await;
    assert!(res.body.contains("tr_err_report_year") || res.body.contains("不在信托期限内"), "{}", res.body);
    let r = call(&report(y, "100000"));
    let res = app.call("/api/trusts/report", &sunshine_tests::pairs(&r)).await;
    assert!(res.body.contains("\"year\""), "this year is not over: {}", res.body);
    let r = call(&report(y - 1, "400000"));
    let res = app.call("/api/trusts/report", &sunshine_tests::pairs(&r)).await;
    assert!(res.body.contains("\"charitable\""), "{}", res.body);
    assert_eq!(app.count("charitable_trust_report").await, 0);
    let r = call(&report(y - 1, "250000"));
    let res = app.call("/api/trusts/report", &sunshine_tests::pairs(&r)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = app.call("/api/trusts/report", &sunshine_tests::pairs(&r)).await;
    assert!(res.body.contains("tr_err_report_filed") || res.body.contains("已报送"), "{}", res.body);
    assert_eq!(app.count("charitable_trust_report").await, 1);
    let late: i32 = app::db::column(&app.db, "SELECT days_late FROM charitable_trust_report", vec![], "days_late")
        .await
        .unwrap()[0];
    let due = app::domain::trust::report_due(y - 1, (3, 31));
    assert_eq!(i64::from(late), app::domain::trust::days_late(due, today()));

    // The page shows the history; the public page too.
    let page = app.get(&format!("/portal/trusts/{id}")).await;
    for text in ["受益人范围扩大到郊区。", "监察人变更；追加信托财产。", "逾期 4 天", "¥500,000.00"]
    {
        assert!(page.body.contains(text), "{text}");
    }
    app.logout().await;
    let public = app.get(&format!("/public/trusts/{id}")).await;
    for text in ["受益人范围扩大到郊区。", "¥250,000.00", &format!("{}", y - 2)] {
        assert!(public.body.contains(text), "{text}");
    }
    assert!(!public.body.contains("赵敏") && public.body.contains("赵*"));
});

db_test!(the_daily_job_finds_overdue_reports_once_and_mails_the_trustee, |app| {
    app.officer().await;
    let org = charity(&mut app, "阳光市春蕾基金会", 1, "charity").await;
    let y = today().year();
    let id = accepted(&app, org, day(y - 2, 6, 1), day(y - 2, 6, 3)).await;
    // A trust company's trust, reported for one year of two.
    let officer = Actor {
        id: Some(
            app::db::column(&app.db, "SELECT id FROM app_user WHERE username = 'officer1'", vec![], "id")
                .await
                .unwrap()[0],
        ),
        name: "officer1".into(),
        role: "officer".into(),
    };
    let company = FilingInput {
        name: "蓝海生态环保慈善信托".into(),
        trustee_name: "阳光国际信托有限责任公司".into(),
        contact_email: "trust@company.example".into(),
        settlor_orgs: "阳光蓝海实业集团".into(),
        purposes: "environment".into(),
        size: "5000000".into(),
        start_on: day(y - 2, 1, 10).to_string(),
        beneficiaries: "本市生态修复项目。".into(),
        signed_on: day(y - 2, 1, 10).to_string(),
        ..Default::default()
    };
    let upload = ContractUpload { file_name: "c.pdf".into(), bytes: PDF.to_vec() };
    let (cid, _) = trusts::file(
        &app.db,
        &app.state.settings,
        &officer,
        Trustee::Company,
        &company,
        Some(&upload),
        day(y - 2, 1, 12),
    )
    .await
    .unwrap();
    trusts::accept(&app.db, &officer, cid, day(y - 2, 1, 15)).await.unwrap();
    let r = ReportInput {
        year: (y - 2).to_string(),
        income: "5000000".into(),
        spending: "100".into(),
        charitable: "100".into(),
        assets: "4999900".into(),
        note: String::new(),
    };
    trusts::file_report(&app.db, &app.state.settings, &officer, None, cid, &r, day(y - 1, 3, 1)).await.unwrap();

    // On 31 March nothing of last year is overdue yet (the deadline, a setting); the year before is.
    let s = &app.state.settings;
    let run = app::trust::jobs::run_daily(&app.db, s, day(y, 3, 31)).await.unwrap();
    assert_eq!((run.overdue_found, run.mails), (1, 1), "{run:?}: the charity's report of {}", y - 2);
    let run = app::trust::jobs::run_daily(&app.db, s, day(y, 4, 1)).await.unwrap();
    assert_eq!((run.overdue_found, run.mails), (2, 2), "{run:?}: both trusts' reports of {}", y - 1);
    // Once: running again finds nothing new and mails nobody.
    let run = app::trust::jobs::run_daily(&app.db, s, day(y, 4, 1)).await.unwrap();
    assert_eq!((run.overdue_found, run.mails), (0, 0));
    assert_eq!(app.count("charitable_trust_overdue").await, 3);
    let company_mails = app.mails_to("trust@company.example").await;
    assert_eq!(company_mails.len(), 1);
    assert!(company_mails[0].subject.contains("慈善信托年度报告已逾期"), "{}", company_mails[0].subject);
    assert!(
        company_mails[0].body_text.contains("蓝海生态环保慈善信托")
            && company_mails[0].body_text.contains(&(y - 1).to_string())
    );
    // The charity hears at its account's address (and its contact).
    assert_eq!(app.mails_to("charity@example.org").await.len(), 2);
    assert_eq!(app.mails_to("contact1@example.org").await.len(), 2);

    // The outbox delivers over SMTP, each mail once.
    let smtp = SmtpServer::start();
    let mut cfg = server::config::Config::from_env().unwrap();
    cfg.smtp_url = Some(smtp.url());
    let mailer = server::mailer::Mailer::from_config(&cfg).unwrap();
    let (sent, failed) = server::mailer::run_once(&app.db, &mailer).await.unwrap();
    assert_eq!(failed, 0);
    assert!(sent >= 5, "{sent}");
    assert_eq!(server::mailer::run_once(&app.db, &mailer).await.unwrap(), (0, 0));
    let mut messages = smtp.messages();
    for _ in 0..50 {
        if messages.iter().any(|m| m.contains("trust@company.example")) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        messages = smtp.messages();
    }
    assert_eq!(messages.iter().filter(|m| m.contains("trust@company.example")).count(), 1);

    // The figures: overdue reports now (last year's are once 31 March has passed), the dashboard
    // and the year's statistics.
    let stats = trusts::stats(&app.db, s, y - 2, day(y, 4, 1)).await.unwrap();
    assert_eq!((stats.filed, stats.size_fen, stats.late, stats.pending), (2, 580_000_000, 0, 0));
    assert_eq!(stats.overdue_reports, 3);
    let now_overdue = if today() > app::domain::trust::report_due(y - 1, (3, 31)) { 3 } else { 1 };
    let v = app::dashboard::service::dashboard(&app.db, s, today(), y).await.unwrap();
    let q = v.queues.iter().find(|q| q.key == "dash_q_trusts").unwrap();
    assert_eq!((q.open, q.overdue), (0, now_overdue));
    assert!(
        v.trusts.iter().any(|r| r.key == "ys_trusts_overdue_reports" && r.value == now_overdue.to_string()),
        "{:?}",
        v.trusts
    );
    let ys = app::dashboard::service::year_stats(&app.db, s, y - 2).await.unwrap();
    let sec = ys.sections.iter().find(|s| s.key == "ys_sec_trusts").unwrap();
    assert!(sec.rows.iter().any(|r| r.key == "ys_trusts_filed" && r.value == "2"), "{:?}", sec.rows);
    assert!(sec.rows.iter().any(|r| r.key == "ys_trusts_size" && r.value == "5800000.00"), "{:?}", sec.rows);

    // Filing the report ends the overdue state; the public list's filter follows.
    if now_overdue < 3 {
        return;
    }
    app.logout().await;
    assert!(app.get("/public/trusts?status=overdue").await.body.contains("阳光安老慈善信托"));
    as_user(&mut app, "charity").await;
    for year in [y - 2, y - 1] {
        let res = app
            .call(
                "/api/trusts/report",
                &[
                    ("id", &id.to_string()),
                    ("input[year]", &year.to_string()),
                    ("input[income]", "1"),
                    ("input[spending]", "1"),
                    ("input[charitable]", "1"),
                    ("input[assets]", "1"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    app.logout().await;
    assert!(!app.get("/public/trusts?status=overdue").await.body.contains("阳光安老慈善信托"));
    assert!(app.get("/public/trusts?status=overdue").await.body.contains("蓝海生态环保慈善信托"));
});

db_test!(roles_are_checked_on_the_server, |app| {
    app.officer().await;
    let org = charity(&mut app, "阳光市春蕾基金会", 1, "charity").await;
    let id = accepted(&app, org, day(today().year() - 1, 1, 5), day(today().year() - 1, 1, 6)).await;
    let sid = id.to_string();
    // Signed out: the officers' and the portal's functions and the filing routes are closed.
    app.logout().await;
    assert_eq!(app.call("/api/trusts/list", &[("filter[q]", "")]).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.call("/api/trusts/accept", &[("id", &sid)]).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.call("/api/trusts/mine", &[]).await.status, StatusCode::UNAUTHORIZED);
    let res = file(&mut app, "/officer/trusts/file", &filing(1), PDF).await;
    assert!(res.location().unwrap().starts_with("/login"));
    assert_eq!(app.get("/public/trusts").await.status, StatusCode::OK);
    // A charity's user: not the officers' functions, nor the company form.
    as_user(&mut app, "charity").await;
    assert_eq!(app.call("/api/trusts/one", &[("id", &sid)]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.call("/api/trusts/accept", &[("id", &sid)]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(file(&mut app, "/officer/trusts/file", &filing(1), PDF).await.status, StatusCode::FORBIDDEN);
    // Another charity's user: not this trust.
    as_user(&mut app, "officer1").await;
    charity(&mut app, "阳光市扶老基金会", 2, "other").await;
    as_user(&mut app, "other").await;
    assert_eq!(app.call("/api/trusts/mine/one", &[("id", &sid)]).await.status, StatusCode::NOT_FOUND);
    let res = app
        .call(
            "/api/trusts/change",
            &[
                ("id", &sid),
                ("input[kind_other]", "on"),
                ("input[first_on]", &today().to_string()),
                ("input[description]", "x"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(!app.get("/portal/trusts").await.body.contains("阳光安老慈善信托"));
    // An officer: not the portal's filing.
    as_user(&mut app, "officer1").await;
    assert_eq!(file(&mut app, "/portal/trusts/file", &filing(1), PDF).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("charitable_trust").await, 1);
    assert_eq!(app.count("charitable_trust_change").await, 0);
});

db_test!(the_demo_account_is_an_active_charity_that_files_trusts, |app| {
    // The demo's organization account belongs to the first active organization on either database
    // (PostgreSQL, asked for "one organization" without an order, gave it a deregistered one, so
    // the demo had no charity's trusts there).
    let settings = app.state.settings.clone();
    server::seed::seed_demo(&app.db, &settings, 150, 2026).await.unwrap();
    let user =
        entity::app_user::Entity::find().all(&app.db).await.unwrap().into_iter().find(|u| u.username == "org").unwrap();
    let org_id = user.org_id.unwrap();
    let org = entity::organization::Entity::find_by_id(org_id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(org.status, "active");
    let first_active = entity::organization::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|o| o.status == "active")
        .map(|o| o.id)
        .min()
        .unwrap();
    assert_eq!(org_id, first_active);
    assert!(
        trusts::trustee_of(&app.db, org_id).await.unwrap().is_some(),
        "the demo organization is a recognized charity"
    );
    let filed = entity::charitable_trust::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|t| t.trustee_org_id == Some(org_id))
        .count();
    assert!(filed >= 2, "{filed} trusts filed by the demo charity");
});
