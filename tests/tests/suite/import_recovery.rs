//! Import jobs a dead process left running: a server starting ends them
//! (`app::imports::recover`, run by `server serve`) — failed with the reason,
//! their staged rows deleted, their page no longer refreshing — or, for an
//! organization import that was writing its checked rows in batches, finishes
//! the write; it leaves alone the jobs a live process is running (a fresh
//! heartbeat).

use std::time::{Duration, Instant};

use chrono::Utc;
use sea_orm::EntityTrait;
use sunshine_tests::{db_test, TestApp};

const FILE: &str = "统一社会信用代码,名称\r\n";

async fn job(app: &TestApp, id: i64) -> entity::import_job::Model {
    entity::import_job::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap()
}

/// A job as the real upload creates it (its heartbeat set), then left in
/// `status` with 3 rows checked and a heartbeat `age` old.
async fn left_running(app: &TestApp, status: &str, age: chrono::Duration) -> i64 {
    let id = app::kernel::import::create_job(&app.db, "organizations", false, 1, "名录.csv", "utf-8", FILE.into())
        .await
        .unwrap();
    app::db::exec(
        &app.db,
        "UPDATE import_job SET status = ?, total_rows = 3, checked_rows = 3, heartbeat_at = ? WHERE id = ?",
        vec![status.into(), (Utc::now() - age).into(), id.into()],
    )
    .await
    .unwrap();
    id
}

/// A row staged for job `job`, as the organization import stages its checked rows.
async fn stage(app: &TestApp, job: i64, n: i64) {
    stage_many(app, job, n..n + 1).await;
}

/// Rows `lines` staged for job `job`, each with its own code and name.
async fn stage_many(app: &TestApp, job: i64, lines: std::ops::Range<i64>) {
    let day = chrono::NaiveDate::from_ymd_opt(2020, 5, 1).unwrap();
    let lines: Vec<i64> = lines.collect();
    for chunk in lines.chunks(500) {
        let mut vals: Vec<sea_orm::Value> = Vec::new();
        for n in chunk {
            let name = format!("阳光市南山区第{job}-{n}号慈善会");
            vals.extend([
                job.into(),
                (*n).into(),
                format!("code{job}-{n}").into(),
                name.into(),
                day.into(),
                day.into(),
            ]);
        }
        let row = "(?, ?, ?, ?, 'social_group', '科技园路1号', '南山区', '王建国', 5000000, NULL, '慈善', '陈秘书', \
                   '0755-88880001', 'a@example.org', ?, ?)";
        app::db::exec(
            &app.db,
            &format!(
                "INSERT INTO import_row (job_id, n, credit_code, name, org_type, domicile, district, legal_rep, \
                 capital_fen, supervisory_unit, business_scope, contact_person, contact_phone, contact_email, \
                 registration_date, term_end) VALUES {}",
                vec![row; chunk.len()].join(", ")
            ),
            vals,
        )
        .await
        .unwrap();
    }
}

async fn staged(app: &TestApp, job: i64) -> u64 {
    app::db::count(&app.db, "SELECT COUNT(*) AS n FROM import_row WHERE job_id = ?", vec![job.into()]).await.unwrap()
}

const REFRESH: &str = "http-equiv=\"refresh\"";

db_test!(a_job_left_running_by_a_dead_process_fails_at_start_and_its_page_says_why, |app| {
    app.officer().await;
    // "checking 3/3" with a heartbeat ten minutes old: its process died.
    let dead = left_running(&app, "checking", chrono::Duration::minutes(10)).await;
    stage(&app, dead, 1).await;
    stage(&app, dead, 2).await;
    // Checking, its heartbeat just renewed: another live server runs it.
    let live = left_running(&app, "checking", chrono::Duration::zero()).await;
    stage(&app, live, 1).await;
    // Its write committed (the counts recorded with it), then the process died before ending the job.
    let committed = left_running(&app, "writing", chrono::Duration::minutes(10)).await;
    let txn = app::db::begin_write(&app.db).await.unwrap();
    app::kernel::import::record_written(&txn, committed, 3, 0).await.unwrap();
    txn.commit().await.unwrap();

    let page = app.get(&format!("/officer/import/{dead}")).await;
    assert!(page.body.contains(REFRESH), "a running job's page refreshes: {}", page.body);

    let r = app::imports::recover(&app.db, &app.state.settings).await.unwrap();
    assert_eq!(r, app::kernel::import::Recovered { done: 1, failed: 1, resumed: vec![] });

    let j = job(&app, dead).await;
    assert_eq!(j.status, "failed");
    assert!(j.finished_at.is_some());
    let errors: Vec<serde_json::Value> = serde_json::from_str(&j.errors_json).unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["reason"], "err_import_interrupted");
    assert_eq!(staged(&app, dead).await, 0, "its staged rows are deleted");
    assert_eq!(app.count("organization").await, 0);
    let page = app.get(&format!("/officer/import/{dead}")).await;
    assert!(page.body.contains("服务器重启时该导入尚未完成，未写入任何数据，可重新上传文件。"), "{}", page.body);
    assert!(!page.body.contains(REFRESH), "an ended job's page stops refreshing");
    app.get("/lang/en").await;
    let page = app.get(&format!("/officer/import/{dead}")).await;
    assert!(
        page.body.contains("The server restarted before this import finished; nothing was written."),
        "{}",
        page.body
    );

    let j = job(&app, live).await;
    assert_eq!((j.status.as_str(), j.finished_at), ("checking", None), "a live server's job is left alone");
    assert_eq!(staged(&app, live).await, 1, "with its staged rows");
    let page = app.get(&format!("/officer/import/{live}")).await;
    assert!(page.body.contains(REFRESH));

    let j = job(&app, committed).await;
    assert_eq!((j.status.as_str(), j.written_rows), ("done", 3), "a committed write is shown as done");

    let again = app::imports::recover(&app.db, &app.state.settings).await.unwrap();
    assert_eq!(again, app::kernel::import::Recovered::default(), "a second start changes nothing");
});

db_test!(a_running_job_keeps_its_heartbeat_fresh, |app| {
    let id = left_running(&app, "checking", chrono::Duration::minutes(10)).await;
    let old = job(&app, id).await.heartbeat_at.unwrap();
    let beat = app::kernel::import::heartbeat(app.db.clone(), id, Duration::from_secs(120));
    let deadline = Instant::now() + Duration::from_secs(30);
    while job(&app, id).await.heartbeat_at.unwrap() <= old {
        assert!(Instant::now() < deadline, "no heartbeat written");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let r = app::imports::recover(&app.db, &app.state.settings).await.unwrap();
    assert_eq!(r.failed, 0, "a job with a fresh heartbeat is not failed");
    assert_eq!(job(&app, id).await.status, "checking");
    drop(beat);
});

/// Waits until job `id` has ended.
async fn ended(app: &TestApp, id: i64) -> entity::import_job::Model {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let j = job(app, id).await;
        // The rows' commit sets `finished_at`; the status is written just
        // after it (`commit_done`), so wait for both.
        if j.finished_at.is_some() && !matches!(j.status.as_str(), "checking" | "writing") {
            return j;
        }
        assert!(Instant::now() < deadline, "job {id} still {} after 60 s", j.status);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

db_test!(an_organization_import_interrupted_while_writing_is_finished_at_start, |app| {
    app.officer().await;
    let officer = app::db::count(&app.db, "SELECT id AS n FROM app_user WHERE username = 'officer1'", vec![])
        .await
        .unwrap() as i64;
    let actor = app::audit::service::Actor { id: Some(officer), name: "officer".into(), role: "officer".into() };
    // Every row checked, 2,500 staged: more than one batch.
    let id = left_running(&app, "writing", chrono::Duration::minutes(10)).await;
    app::db::exec(&app.db, "UPDATE import_job SET created_by = ? WHERE id = ?", vec![officer.into(), id.into()])
        .await
        .unwrap();
    stage_many(&app, id, 2..2502).await;
    // The first batch was committed, then the process died.
    let txn = app::db::begin_write(&app.db).await.unwrap();
    let b = app::registry::import_service::write_batch(&txn, id, &actor).await.unwrap();
    txn.commit().await.unwrap();
    assert_eq!((b.taken, b.written, b.more), (2000, 2000, true));
    assert_eq!(app.count("organization").await, 2000);
    assert_eq!(staged(&app, id).await, 500, "a written batch leaves staging with it");

    let r = app::imports::recover(&app.db, &app.state.settings).await.unwrap();
    assert_eq!(r.resumed, vec![(id, officer)], "claimed to be finished, not failed");
    assert_eq!(r.failed, 0);
    let j = ended(&app, id).await;
    assert_eq!((j.status.as_str(), j.written_rows, j.unchanged_rows), ("done", 2500, 0), "{j:?}");
    assert_eq!(app.count("organization").await, 2500, "every row once");
    assert_eq!(staged(&app, id).await, 0);
    let events =
        app::db::count(&app.db, "SELECT COUNT(*) AS n FROM org_event WHERE kind = 'establish'", vec![]).await.unwrap();
    assert_eq!(events, 2500);
    let audited =
        app::db::count(&app.db, "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'import'", vec![]).await.unwrap();
    assert_eq!(audited, 2500);
    let last = format!("阳光市南山区第{id}-2501号慈善会");
    let hits = app.get(&format!("/public/orgs?q={}", app::ui::table::encode(&last))).await;
    assert!(hits.body.contains(&last), "the last row is searchable: {}", hits.body);
    let again = app::imports::recover(&app.db, &app.state.settings).await.unwrap();
    assert_eq!(again, app::kernel::import::Recovered::default(), "a second start changes nothing");
});

/// Three good rows, as an officer's spreadsheet has them.
fn good_file() -> String {
    let mut s = String::from(
        "统一社会信用代码,名称,类型,住所,区,法定代表人,注册资金(元),业务主管单位,业务范围,登记日期,联系人,联系电话,联系邮箱\r\n",
    );
    for i in 1..=3u32 {
        let code = app::domain::credit_code::build("51", "440300", &format!("{:08}", 70_000_000 + i)).unwrap();
        s.push_str(&format!(
            "{code},阳光市南山区第{i}号读书会,社会团体,阳光市南山区科技园路{i}号,南山区,王建国,50000,直接登记,读书交流,\
             2020-05-01,陈秘书,0755-88880001,r{i}@example.org\r\n"
        ));
    }
    s
}

db_test!(a_failed_import_runs_again_from_the_file_it_kept, |app| {
    app.officer().await;
    let officer = app::db::count(&app.db, "SELECT id AS n FROM app_user WHERE username = 'officer1'", vec![])
        .await
        .unwrap() as i64;
    // A good file whose server died while checking it: failed at the next start, its file kept.
    let kind = app::registry::types::ORG_IMPORT_KIND;
    let id =
        app::kernel::import::create_job(&app.db, kind, true, officer, "名录.csv", "utf-8", good_file()).await.unwrap();
    let old = (Utc::now() - chrono::Duration::minutes(10)).into();
    app::db::exec(&app.db, "UPDATE import_job SET heartbeat_at = ? WHERE id = ?", vec![old, id.into()]).await.unwrap();
    let r = app::imports::recover(&app.db, &app.state.settings).await.unwrap();
    assert_eq!(r.failed, 1);
    let page = app.get(&format!("/officer/import/{id}")).await;
    assert!(page.body.contains("重新运行此导入") && page.body.contains(&format!("/officer/import/{id}/again")));

    let res = app.post_form(&format!("/officer/import/{id}/again"), &format!("/officer/import/{id}"), &[]).await;
    assert_eq!(res.status, http::StatusCode::SEE_OTHER, "{}", res.body);
    let loc = res.location().unwrap();
    let new: i64 = loc.rsplit('/').next().unwrap().parse().unwrap();
    assert_ne!(new, id);
    let j = ended(&app, new).await;
    assert_eq!((j.status.as_str(), j.written_rows, j.file_name.as_str()), ("done", 3, "名录.csv"));
    assert_eq!(app.count("organization").await, 3);
    assert_eq!(job(&app, id).await.status, "failed", "the failed job stays as it was");

    // A job that did not fail is not run again.
    let res = app.post_form(&format!("/officer/import/{new}/again"), &format!("/officer/import/{new}"), &[]).await;
    assert_eq!(res.location().as_deref(), Some("/officer/import"));
    assert!(app.get("/officer/import").await.body.contains("只有失败的导入可以重新运行"));
    // Once its file is deleted, neither is the failed one, and its page no longer offers it.
    app::kernel::import::purge_uploads(&app.db, 0).await.unwrap();
    let res = app.post_form(&format!("/officer/import/{id}/again"), &format!("/officer/import/{id}"), &[]).await;
    assert_eq!(res.location().as_deref(), Some("/officer/import"));
    assert!(app.get("/officer/import").await.body.contains("该导入的文件已删除"));
    assert!(!app.get(&format!("/officer/import/{id}")).await.body.contains("重新运行此导入"));
    assert_eq!(app.count("import_job").await, 2, "no job made by a refused request");
    // Only staff run imports.
    app.logout().await;
    let res = app.post_form(&format!("/officer/import/{id}/again"), &format!("/officer/import/{id}"), &[]).await;
    assert!(res.location().unwrap_or_default().starts_with("/login"), "{:?}", res.status);
});
