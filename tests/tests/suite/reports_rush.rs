//! Annual-report saves at the deadline rush, on SQLite and PostgreSQL: many
//! saves at once, some of them refused, none lost. On SQLite they are written
//! in group commits (`reports::saves`), one savepoint each; a refused save
//! must be undone alone, and every accepted one must be stored exactly once,
//! with its history event and its audit record in an intact chain.

use std::collections::HashMap;
use std::sync::Arc;

use app::audit::service::Actor;
use app::audit::types::ChainCheck;
use app::domain::annual_report::ReportForm;
use app::error::AppError;
use app::reports::types::SaveInput;
use chrono::{NaiveDate, Utc};
use entity::{annual_report, audit_log, organization, report_event};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use sunshine_tests::{db_test, TestApp};

/// Organizations of each kind of save in the rush.
const GROUP: usize = 25;

/// A complete, balanced 社会团体 report whose donations, income and assets
/// carry `n` yuan more than the base, so each organization's figures are its own.
fn form(n: usize) -> ReportForm {
    let y = |base: usize| (base + n).to_string();
    ReportForm {
        changes: "无".into(),
        board_meetings: "2".into(),
        activities: "举办培训12期，服务会员300人次".into(),
        projects: "3".into(),
        staff_full_time: "4".into(),
        staff_part_time: "1".into(),
        volunteers: "25".into(),
        income_donations: y(100_000),
        income_grants: "50000".into(),
        income_services: "30000".into(),
        income_dues: "20000".into(),
        income_investment: "0".into(),
        income_other: "0".into(),
        income_total: y(200_000),
        spend_activities: "150000".into(),
        spend_admin: "30000".into(),
        spend_fundraising: "0".into(),
        spend_other: "0".into(),
        spend_total: "180000".into(),
        assets: y(500_000),
        liabilities: "100000".into(),
        net_assets: y(400_000),
        ..ReportForm::default()
    }
    .without_party_organization("暂无党员")
}

fn submit(n: usize, version: i32) -> SaveInput {
    SaveInput { year: 2025, version, intent: "submit".into(), form: form(n) }
}

/// Registers `count` active 社会团体 (obliged to file for 2025) directly.
async fn orgs(app: &TestApp, count: usize) -> Vec<i64> {
    let txn = app::db::begin_write(&app.db).await.unwrap();
    let registered = NaiveDate::from_ymd_opt(2024, 3, 15).unwrap();
    let mut ids = Vec::with_capacity(count);
    for n in 0..count {
        let code = app::domain::credit_code::build("51", "440300", &format!("{:08}", 30_000_000 + n)).unwrap();
        let o = organization::ActiveModel {
            credit_code: Set(code),
            name: Set(format!("阳光市第{n}协会")),
            org_type: Set("social_group".into()),
            domicile: Set("阳光市南山区科技园路1号".into()),
            district: Set("南山区".into()),
            legal_rep: Set("王建国".into()),
            capital_fen: Set(5_000_000),
            supervisory_unit: Set(None),
            business_scope: Set("开展公益服务".into()),
            contact_person: Set("陈秘书".into()),
            contact_phone: Set("0755-88886666".into()),
            contact_email: Set(format!("contact{n}@example.org")),
            registration_date: Set(registered),
            status: Set("active".into()),
            term_start: Set(registered),
            term_end: Set(NaiveDate::from_ymd_opt(2029, 3, 14).unwrap()),
            created_at: Set(Utc::now()),
            updated_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .unwrap();
        ids.push(o.id);
    }
    txn.commit().await.unwrap();
    ids
}

fn user_of(org: i64) -> Actor {
    Actor { id: None, name: format!("org{org}"), role: "org_user".into() }
}

async fn save(app: &TestApp, org: i64, input: &SaveInput) -> Result<i64, AppError> {
    let s = &app.state;
    app::reports::service::save(&app.db, s.part().unwrap(), &s.settings, &user_of(org), org, input).await
}

async fn report(app: &TestApp, org: i64) -> Option<annual_report::Model> {
    annual_report::Entity::find()
        .filter(annual_report::Column::OrgId.eq(org))
        .filter(annual_report::Column::ReportYear.eq(2025))
        .one(&app.db)
        .await
        .unwrap()
}

/// Checks that `org`'s report is the submission of form `n` at `version`, with
/// one history event, and returns its id.
async fn submitted(app: &TestApp, org: i64, n: usize, version: i32) -> i64 {
    let r = report(app, org).await.unwrap_or_else(|| panic!("org {org} has no report"));
    assert_eq!((r.status.as_str(), r.version), ("submitted", version), "org {org}");
    assert_eq!(r.income_total, Some((200_000 + n as i64) * 100), "org {org}");
    assert_eq!(r.net_assets, Some((400_000 + n as i64) * 100), "org {org}");
    assert!(r.first_submitted_at.is_some(), "org {org}");
    let events =
        report_event::Entity::find().filter(report_event::Column::ReportId.eq(r.id)).all(&app.db).await.unwrap();
    assert_eq!(events.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(), ["submitted"], "org {org}");
    r.id
}

/// The audit records of `action` per report id.
async fn audited(app: &TestApp, action: &str) -> HashMap<i64, usize> {
    let mut out = HashMap::new();
    for a in audit_log::Entity::find().filter(audit_log::Column::Action.eq(action)).all(&app.db).await.unwrap() {
        *out.entry(a.entity_id.parse::<i64>().unwrap()).or_default() += 1;
    }
    out
}

fn is_conflict(answer: &Result<i64, AppError>, key: &str) -> bool {
    matches!(answer, Err(AppError::Conflict(k)) if k == key)
}

db_test!(concurrent_saves_are_each_stored_once_or_refused_alone, |app| {
    let ids = orgs(&app, 6 * GROUP).await;
    // ids[0..2G]: no report yet (the first G are also raced by a duplicate);
    // [2G..3G]: a draft at version 1; [3G..4G]: already submitted;
    // [4G..5G]: a submission that fails its checks and one of a version that
    // never was; [5G..6G]: a draft saved in the rush.
    let (fresh, drafts, done, broken, saved) = (
        &ids[..2 * GROUP],
        &ids[2 * GROUP..3 * GROUP],
        &ids[3 * GROUP..4 * GROUP],
        &ids[4 * GROUP..5 * GROUP],
        &ids[5 * GROUP..],
    );
    for (i, &org) in drafts.iter().enumerate() {
        let draft = SaveInput { intent: "save".into(), ..submit(1000 + i, 0) };
        save(&app, org, &draft).await.unwrap();
    }
    for (i, &org) in done.iter().enumerate() {
        save(&app, org, &submit(2000 + i, 0)).await.unwrap();
    }
    let records_before = app.count("audit_log").await;

    // Every save of the rush: (org, input, what it must get).
    #[derive(Clone, Copy, Debug, PartialEq)]
    enum Expect {
        Stored,
        /// One of two identical first submissions wins, the other is refused.
        Race,
        Stale,
        /// A save of an older version, refused as stale before the current
        /// one is submitted and as locked after.
        StaleOrLocked,
        Locked,
        Invalid,
    }
    let mut rush: Vec<(i64, SaveInput, Expect)> = Vec::new();
    for (i, &org) in fresh.iter().enumerate() {
        let expect = if i < GROUP { Expect::Race } else { Expect::Stored };
        rush.push((org, submit(i, 0), expect));
        if expect == Expect::Race {
            rush.push((org, submit(i, 0), expect));
        }
    }
    for (i, &org) in drafts.iter().enumerate() {
        rush.push((org, submit(1000 + i, 1), Expect::Stored));
        rush.push((org, submit(1000 + i, 7), Expect::StaleOrLocked));
    }
    for (i, &org) in done.iter().enumerate() {
        rush.push((org, submit(3000 + i, 1), Expect::Locked));
    }
    for (i, &org) in broken.iter().enumerate() {
        let mut input = submit(4000 + i, 0);
        input.form.income_total = "1".into();
        rush.push((org, input, Expect::Invalid));
        // A valid form of a version that never existed: refused when written.
        rush.push((org, submit(4000 + i, 7), Expect::Stale));
    }
    for (i, &org) in saved.iter().enumerate() {
        rush.push((org, SaveInput { intent: "save".into(), ..submit(5000 + i, 0) }, Expect::Stored));
    }
    // Shuffled (deterministically), so refused and accepted saves share batches.
    let len = rush.len();
    for i in 0..len {
        rush.swap(i, (i * 7919 + 13) % len);
    }

    let start = Arc::new(tokio::sync::Barrier::new(len));
    let mut tasks = Vec::with_capacity(len);
    for (org, input, expect) in rush {
        let (db, state, start) = (app.db.clone(), app.state.clone(), start.clone());
        tasks.push(tokio::spawn(async move {
            start.wait().await;
            let answer =
                app::reports::service::save(&db, state.part().unwrap(), &state.settings, &user_of(org), org, &input)
                    .await;
            (org, expect, answer)
        }));
    }
    let mut answers = Vec::with_capacity(len);
    for t in tasks {
        answers.push(t.await.unwrap());
    }

    let mut accepted = 0;
    let mut race_wins: HashMap<i64, usize> = HashMap::new();
    for (org, expect, answer) in &answers {
        match expect {
            Expect::Stored => assert!(answer.is_ok(), "org {org}: {answer:?}"),
            Expect::Race => {
                // The loser saw the winner's submitted report (locked) or,
                // writing in parallel on PostgreSQL, hit its unique key
                // (duplicate).
                if answer.is_ok() {
                    *race_wins.entry(*org).or_default() += 1;
                } else {
                    assert!(
                        is_conflict(answer, "err_report_locked") || is_conflict(answer, "err_duplicate"),
                        "org {org}: {answer:?}"
                    );
                }
            }
            Expect::Stale => assert!(is_conflict(answer, "err_report_stale"), "org {org}: {answer:?}"),
            Expect::StaleOrLocked => assert!(
                is_conflict(answer, "err_report_stale") || is_conflict(answer, "err_report_locked"),
                "org {org}: {answer:?}"
            ),
            Expect::Locked => assert!(is_conflict(answer, "err_report_locked"), "org {org}: {answer:?}"),
            Expect::Invalid => assert!(matches!(answer, Err(AppError::Validation(_))), "org {org}: {answer:?}"),
        }
        accepted += usize::from(answer.is_ok());
    }
    assert_eq!(race_wins.len(), GROUP, "one of each raced pair wins: {race_wins:?}");
    assert!(race_wins.values().all(|&n| n == 1), "{race_wins:?}");
    assert_eq!(accepted, 4 * GROUP);

    // Every accepted save is stored once, under the id it was answered with.
    let ids_answered: HashMap<i64, i64> =
        answers.iter().filter_map(|(org, _, a)| a.as_ref().ok().map(|id| (*org, *id))).collect();
    let submits = audited(&app, "report_submit").await;
    for (i, &org) in fresh.iter().enumerate() {
        let id = submitted(&app, org, i, 1).await;
        assert_eq!(ids_answered[&org], id);
        assert_eq!(submits.get(&id), Some(&1), "org {org}");
    }
    for (i, &org) in drafts.iter().enumerate() {
        let id = submitted(&app, org, 1000 + i, 2).await;
        assert_eq!(ids_answered[&org], id);
        assert_eq!(submits.get(&id), Some(&1), "org {org}");
    }
    // The refused saves changed nothing.
    for (i, &org) in done.iter().enumerate() {
        let id = submitted(&app, org, 2000 + i, 1).await;
        assert_eq!(submits.get(&id), Some(&1), "only the submission before the rush: org {org}");
    }
    for &org in broken {
        assert!(report(&app, org).await.is_none(), "org {org}");
    }
    let drafts_saved = audited(&app, "report_save").await;
    for (i, &org) in saved.iter().enumerate() {
        let r = report(&app, org).await.unwrap_or_else(|| panic!("org {org} has no draft"));
        assert_eq!((r.status.as_str(), r.version, r.income_total), ("draft", 1, None), "org {org}");
        assert!(r.form_json.contains(&format!("\"income_total\":\"{}\"", 200_000 + 5000 + i)), "org {org}");
        assert_eq!(ids_answered[&org], r.id);
        assert_eq!(drafts_saved.get(&r.id), Some(&1), "org {org}");
        assert!(
            report_event::Entity::find()
                .filter(report_event::Column::ReportId.eq(r.id))
                .all(&app.db)
                .await
                .unwrap()
                .is_empty(),
            "a draft has no history event: org {org}"
        );
    }

    // One audit record per accepted save, chained on each other.
    let records = app.count("audit_log").await;
    assert_eq!(records, records_before + accepted as i64);
    assert_eq!(app::audit::service::verify(&app.db).await.unwrap(), ChainCheck::Intact { records });
    assert_eq!(app.count("report_event").await, (4 * GROUP) as i64, "the rush's submissions and the ones before it");
});

db_test!(a_lone_save_is_answered_without_waiting, |app| {
    // A lone save is written without waiting for company.
    let org = orgs(&app, 1).await[0];
    let started = std::time::Instant::now();
    let id = save(&app, org, &submit(0, 0)).await.unwrap();
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    assert_eq!(submitted(&app, org, 0, 1).await, id);
    assert_eq!(app.count("audit_log").await, 1);
});
