//! The keyed audit chain (issue 19 item 4): someone with database access who
//! edits a record and recomputes every later SHA-256 link and the head is
//! caught; someone who also holds the key is caught by the day heads already
//! published and e-mailed; the daily job publishes each day once and mails the
//! administrators; records chained by SHA-256 before the switch still verify.

use app::audit::chain::{self, AuditKey, DayHead, Fields, GENESIS};
use app::audit::service::{self as audit, Actor, Entry, Sealing};
use app::audit::types::ChainCheck;
use app::auth::types::Role;
use chrono::{NaiveDate, SubsecRound, Utc};
use entity::audit_log;
use http::StatusCode;
use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder};
use sunshine_tests::db_test;

/// Every record of the chain, in order.
async fn records(db: &DatabaseConnection) -> Vec<audit_log::Model> {
    audit_log::Entity::find().order_by_asc(audit_log::Column::Seq).all(db).await.unwrap()
}

/// What someone with database access does: changes who made record `seq`,
/// recomputes the link of that record and of every later one with `link`,
/// and the chain's head.
async fn rewrite(db: &DatabaseConnection, seq: i64, link: impl Fn(&str, &Fields<'_>) -> String) {
    let mut prev = GENESIS.to_string();
    for mut r in records(db).await {
        if r.seq < seq {
            prev = r.hash.clone();
            continue;
        }
        if r.seq == seq {
            r.actor_name = "someone else".into();
        }
        r.prev_hash = prev.clone();
        r.hash = link(&prev, &Fields::from(&r));
        prev = r.hash.clone();
        app::db::exec(
            db,
            "UPDATE audit_log SET actor_name = ?, prev_hash = ?, hash = ? WHERE seq = ?",
            vec![r.actor_name.into(), r.prev_hash.into(), r.hash.into(), r.seq.into()],
        )
        .await
        .unwrap();
    }
    app::db::exec(db, "UPDATE audit_head SET last_hash = ? WHERE id = 1", vec![prev.into()]).await.unwrap();
}

/// The bureau's day of the newest record.
async fn day_of_last(db: &DatabaseConnection) -> NaiveDate {
    app::kernel::clock::local_date(records(db).await.last().unwrap().at)
}

/// The heads an administrator's e-mails carry, one a line.
fn heads_in(mails: &[entity::mail_outbox::Model]) -> Vec<DayHead> {
    mails.iter().flat_map(|m| m.body_text.lines().filter_map(|l| DayHead::parse(l).ok())).collect()
}

db_test!(a_record_rewritten_with_every_later_sha256_link_and_the_head_recomputed_is_detected, |app| {
    app.some_registrations().await;
    let n = app.count("audit_log").await;
    assert_eq!(audit::verify(&app.db).await.unwrap(), ChainCheck::Intact { records: n });
    // A record slipped in after the head, the head left alone.
    app::db::exec(
        &app.db,
        "INSERT INTO audit_log (seq, at, actor_id, actor_name, actor_role, action, entity, entity_id, before_json, \
         after_json, prev_hash, hash) SELECT seq + 100, at, actor_id, actor_name, actor_role, action, entity, \
         entity_id, before_json, after_json, prev_hash, hash FROM audit_log WHERE seq = 1",
        vec![],
    )
    .await
    .unwrap();
    let f = audit::verify_with(&app.db, chain::installed_key(), vec![]).await.unwrap().failure;
    assert!(matches!(f, Some(chain::Failure { seq, .. }) if seq == 101), "{f:?}");
    app::db::exec(&app.db, "DELETE FROM audit_log WHERE seq = 101", vec![]).await.unwrap();
    // Today's records are keyed: recomputing SHA-256 links the old way breaks at the edit.
    rewrite(&app.db, 3, chain::sha_link).await;
    match audit::verify(&app.db).await.unwrap() {
        ChainCheck::Broken { seq, reason } => assert_eq!((seq, reason.as_str()), (3, "content changed")),
        other => panic!("the rewrite was not detected: {other:?}"),
    }
    // Passing every record off as one from before the key: the seal, moved
    // to the end, does not verify.
    rewrite(&app.db, 1, chain::sha_link).await;
    app::db::exec(&app.db, "UPDATE audit_head SET sealed_seq = seq, sealed_hash = last_hash WHERE id = 1", vec![])
        .await
        .unwrap();
    let v = audit::verify_with(&app.db, chain::installed_key(), vec![]).await.unwrap();
    let f = v.failure.expect("a moved seal is detected");
    assert!(f.reason.contains("does not match this audit key"), "{f:?}");
    // Without the seal the chain is never reported intact.
    app::db::exec(
        &app.db,
        "UPDATE audit_head SET sealed_seq = NULL, sealed_hash = NULL, seal = NULL WHERE id = 1",
        vec![],
    )
    .await
    .unwrap();
    match audit::verify(&app.db).await.unwrap() {
        ChainCheck::Broken { reason, .. } => assert!(reason.contains("not sealed"), "{reason}"),
        other => panic!("an unsealed chain passed: {other:?}"),
    }
});

db_test!(a_chain_recomputed_with_the_key_no_longer_matches_the_published_head, |app| {
    app.user("admin1", "Admin#Pass-2026!q", Role::Admin, None).await;
    app.some_registrations().await;
    let n = app.count("audit_log").await;
    let day = day_of_last(&app.db).await;
    let run = app::audit::jobs::run_daily(&app.db, &app.state.settings, day.succ_opt().unwrap()).await.unwrap();
    assert_eq!(run.published.len(), 1);
    assert_eq!((run.published[0].day, run.published[0].last_seq), (day, n));
    assert_eq!(audit::verify(&app.db).await.unwrap(), ChainCheck::Intact { records: n });

    // Someone who holds the key edits record 3 and recomputes every MAC and the head.
    let key = chain::installed_key().expect("the tests' key");
    rewrite(&app.db, 3, |prev, f| chain::mac_link(key, prev, f)).await;
    let v = audit::verify_with(&app.db, Some(key), vec![]).await.unwrap();
    let f = v.failure.expect("the rewrite is detected");
    assert_eq!((f.seq, f.day, f.tampered), (n, Some(day), true), "{f:?}");
    assert!(f.reason.contains(&format!("published head of {day}")), "{}", f.reason);
    assert!(matches!(audit::verify(&app.db).await.unwrap(), ChainCheck::Broken { seq, .. } if seq == n));

    // Rewriting the published head too fools the database, not the e-mail.
    let rewritten = records(&app.db).await.last().unwrap().hash.clone();
    app::db::exec(&app.db, "UPDATE audit_day_head SET last_hash = ?", vec![rewritten.into()]).await.unwrap();
    assert_eq!(audit::verify(&app.db).await.unwrap(), ChainCheck::Intact { records: n });
    let mailed = heads_in(&app.mails_to("admin1@example.org").await);
    assert_eq!(mailed, run.published, "the e-mail carries the heads as published");
    let v = audit::verify_with(&app.db, Some(key), mailed).await.unwrap();
    let f = v.failure.expect("the e-mailed head catches the rewrite");
    assert!(f.reason.contains("given") && f.tampered, "{f:?}");
});

db_test!(the_daily_job_publishes_each_day_once_and_mails_the_administrators, |app| {
    app.user("admin1", "Admin#Pass-2026!q", Role::Admin, None).await;
    app.user("admin2", "Admin#Pass-2026!q", Role::Admin, None).await;
    app.some_registrations().await;
    let n = app.count("audit_log").await;
    let day = day_of_last(&app.db).await;
    let today_records = records(&app.db).await.iter().filter(|r| app::kernel::clock::local_date(r.at) == day).count();
    let next = |d: NaiveDate, k| d + chrono::Duration::days(k);
    let settings = app.state.settings.clone();

    let first = app::audit::jobs::run_daily(&app.db, &settings, next(day, 1)).await.unwrap();
    let head = DayHead {
        day,
        last_seq: n,
        last_hash: records(&app.db).await.last().unwrap().hash.clone(),
        records: today_records as i64,
    };
    assert_eq!(first.published, vec![head.clone()]);
    assert_eq!(first.mails, 2, "one to each administrator");
    for admin in ["admin1@example.org", "admin2@example.org"] {
        let mails = app.mails_to(admin).await;
        assert_eq!(mails.len(), 1);
        assert!(mails[0].body_text.contains(&head.line()), "{}", mails[0].body_text);
        assert!(mails[0].subject.contains(&day.to_string()), "{}", mails[0].subject);
    }
    assert!(app.mails_to("officer1@example.org").await.is_empty(), "administrators only");

    // Again the same day: nothing new is published or sent.
    let again = app::audit::jobs::run_daily(&app.db, &settings, next(day, 1)).await.unwrap();
    assert_eq!((again.published.len(), again.mails), (0, 0));
    assert_eq!(app.count("audit_day_head").await, 1);

    // Two servers at once, two days later: the days missed are published once.
    let (a, b) = tokio::join!(
        app::audit::jobs::run_daily(&app.db, &settings, next(day, 3)),
        app::audit::jobs::run_daily(&app.db, &settings, next(day, 3)),
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    let mut published: Vec<DayHead> = a.published.into_iter().chain(b.published).collect();
    published.sort_by_key(|h| h.day);
    let quiet = |k| DayHead { day: next(day, k), records: 0, ..head.clone() };
    assert_eq!(published, vec![quiet(1), quiet(2)], "days without records keep the last head");
    assert_eq!(a.mails + b.mails, 2);
    assert_eq!(app.count("audit_day_head").await, 3);
    assert_eq!(app.mails_to("admin1@example.org").await.len(), 2);

    // Officers see the heads as published; the chain matches every one.
    let page = app.get("/officer/audit").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"audit-heads\"") && page.body.contains(&head.last_hash), "{}", page.body);
    let v = audit::verify_with(&app.db, chain::installed_key(), vec![]).await.unwrap();
    assert_eq!((v.records, v.heads, v.failure), (n, 3, None));
});

db_test!(records_chained_by_sha256_before_the_switch_still_verify, |app| {
    // A database as it was before the key: migrations up to 16, records
    // chained by SHA-256.
    let (db, _) = sunshine_tests::empty_db(app.backend).await;
    use migration::MigratorTrait;
    migration::Migrator::up(&db, Some(16)).await.unwrap();
    let at = Utc::now().trunc_subsecs(6) - chrono::Duration::days(2);
    let mut prev = GENESIS.to_string();
    for seq in 1..=3i64 {
        let r = audit_log::Model {
            seq,
            at,
            actor_id: None,
            actor_name: "seed".into(),
            actor_role: "system".into(),
            action: "seed".into(),
            entity: "organization".into(),
            entity_id: seq.to_string(),
            before_json: None,
            after_json: Some(format!("{{\"n\":{seq}}}")),
            prev_hash: prev.clone(),
            hash: String::new(),
        };
        let hash = chain::sha_link(&prev, &Fields::from(&r));
        app::db::exec(
            &db,
            "INSERT INTO audit_log (seq, at, actor_id, actor_name, actor_role, action, entity, entity_id, \
             before_json, after_json, prev_hash, hash) VALUES (?, ?, NULL, ?, ?, ?, ?, ?, NULL, ?, ?, ?)",
            vec![
                seq.into(),
                at.into(),
                r.actor_name.into(),
                r.actor_role.into(),
                r.action.into(),
                r.entity.into(),
                r.entity_id.into(),
                r.after_json.into(),
                prev.clone().into(),
                hash.clone().into(),
            ],
        )
        .await
        .unwrap();
        prev = hash;
    }
    app::db::exec(&db, "UPDATE audit_head SET seq = 3, last_hash = ? WHERE id = 1", vec![prev.into()]).await.unwrap();

    // The migration keeps them; until a keyed server seals them they are not
    // reported intact, then they are.
    server::migrate(&db).await.unwrap();
    match audit::verify(&db).await.unwrap() {
        ChainCheck::Broken { reason, .. } => assert!(reason.contains("not sealed"), "{reason}"),
        other => panic!("an unsealed chain passed: {other:?}"),
    }
    assert_eq!(audit::seal(&db).await.unwrap(), Sealing::SealedNow { legacy: 3 });
    assert_eq!(audit::seal(&db).await.unwrap(), Sealing::Sealed);
    let v = audit::verify_with(&db, chain::installed_key(), vec![]).await.unwrap();
    assert_eq!((v.records, v.legacy, v.failure), (3, 3, None));
    // Without the key the old records still verify by SHA-256.
    assert_eq!(audit::verify_with(&db, None, vec![]).await.unwrap().failure, None);

    // New records are keyed and chain on to the old ones.
    let txn = app::db::begin_write(&db).await.unwrap();
    let entry = Entry { action: "register", entity: "organization", entity_id: "4".into(), before: None, after: None };
    audit::record(&txn, &Actor::system("test"), entry).await.unwrap();
    txn.commit().await.unwrap();
    let all = records(&db).await;
    assert_ne!(all[3].hash, chain::sha_link(&all[3].prev_hash, &Fields::from(&all[3])), "keyed, not SHA-256");
    let v = audit::verify_with(&db, chain::installed_key(), vec![]).await.unwrap();
    assert_eq!((v.records, v.legacy, v.failure), (4, 3, None));
    // Without the key the keyed record cannot be checked.
    let f = audit::verify_with(&db, None, vec![]).await.unwrap().failure.unwrap();
    assert_eq!((f.seq, f.tampered), (4, false));

    // An old record edited, every later link recomputed by SHA-256: the seal catches it.
    rewrite(&db, 2, chain::sha_link).await;
    assert!(matches!(audit::verify(&db).await.unwrap(), ChainCheck::Broken { seq: 3, .. }));
    db.close().await.ok();
});

db_test!(a_chain_sealed_by_another_key_takes_no_write, |app| {
    app.some_registrations().await;
    let n = app.count("audit_log").await;
    let other = AuditKey::new("another-key-of-another-deployment-0123456789");
    // The chain was sealed empty when its first record was written.
    let tag = chain::seal_tag(&other, 0, GENESIS);
    app::db::exec(&app.db, "UPDATE audit_head SET seal = ? WHERE id = 1", vec![tag.into()]).await.unwrap();
    let err = audit::seal(&app.db).await.unwrap_err();
    assert!(err.to_string().contains("sealed by another audit key"), "{err}");
    let txn = app::db::begin_write(&app.db).await.unwrap();
    let entry = Entry { action: "register", entity: "organization", entity_id: "9".into(), before: None, after: None };
    assert!(audit::record(&txn, &Actor::system("test"), entry).await.is_err());
    drop(txn);
    assert_eq!(app.count("audit_log").await, n, "nothing written");
    // The chain checked with the other key reads as sealed by it, not as edited.
    let v = audit::verify_with(&app.db, Some(&other), vec![]).await.unwrap();
    let f = v.failure.expect("the records were keyed by this process's key");
    assert_eq!((f.seq, f.reason.as_str()), (1, "content changed"));
});
