//! The audit chain (verify and tamper detection) and the mail outbox against a
//! real SMTP server on loopback.

use app::audit::types::ChainCheck;
use app::mail::service::{enqueue, Attachment, Mail};
use sea_orm::EntityTrait;
use sunshine_tests::{db_test, smtp::SmtpServer, TestApp};

db_test!(the_audit_chain_verifies_and_reports_the_first_tampered_record, |app| {
    app.some_registrations().await;
    let n = app.count("audit_log").await;
    assert!(n >= 5, "user creation, login and three registrations");
    assert_eq!(app::audit::service::verify(&app.db).await.unwrap(), ChainCheck::Intact { records: n });
    // Officers browse the trail.
    let page = app.get("/officer/audit?entity=organization").await;
    assert!(page.body.contains("register") && page.body.contains("officer1"));
    // Edit a record's content.
    app::db::exec(&app.db, "UPDATE audit_log SET actor_name = 'someone-else' WHERE seq = 3", vec![]).await.unwrap();
    match app::audit::service::verify(&app.db).await.unwrap() {
        ChainCheck::Broken { seq, .. } => assert_eq!(seq, 3),
        other => panic!("tampering not detected: {other:?}"),
    }
});

db_test!(deleting_an_audit_record_is_detected, |app| {
    app.some_registrations().await;
    app::db::exec(&app.db, "DELETE FROM audit_log WHERE seq = 2", vec![]).await.unwrap();
    assert!(matches!(app::audit::service::verify(&app.db).await.unwrap(), ChainCheck::Broken { seq: 2, .. }));
});

db_test!(deleting_the_newest_audit_record_is_detected, |app| {
    app.some_registrations().await;
    let n = app.count("audit_log").await;
    app::db::exec(&app.db, "DELETE FROM audit_log WHERE seq = ?", vec![n.into()]).await.unwrap();
    assert!(matches!(app::audit::service::verify(&app.db).await.unwrap(), ChainCheck::Broken { .. }));
});

fn mailer_for(url: Option<String>) -> server::mailer::Mailer {
    let mut cfg = server::config::Config::from_env().unwrap();
    cfg.smtp_url = url;
    cfg.mail_from = "阳光监管 <noreply@sunshine.local>".into();
    server::mailer::Mailer::from_config(&cfg).unwrap()
}

db_test!(outbox_mail_is_delivered_by_smtp_retried_when_the_server_is_down_and_never_sent_twice, |app| {
    let txn = app::db::begin_write(&app.db).await.unwrap();
    enqueue(
        &txn,
        Mail {
            to: "inspector@example.org".into(),
            subject: "双随机抽查任务".into(),
            body: "您好，附件为您的抽查名单。".into(),
            attachment: Some(Attachment {
                name: "名单.csv".into(),
                mime: "text/csv; charset=utf-8".into(),
                body: "\u{feff}名称,地址\r\n甲,乙\r\n".into(),
            }),
        },
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();

    // No server listening: the attempt fails, is recorded and scheduled later.
    let mut smtp = SmtpServer::start();
    let url = smtp.url();
    smtp.stop();
    let (sent, failed) = server::mailer::run_once(&app.db, &mailer_for(Some(url.clone()))).await.unwrap();
    assert_eq!((sent, failed), (0, 1));
    let row = entity::mail_outbox::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!(row.status, "pending");
    assert_eq!(row.attempts, 1);
    assert!(row.last_error.is_some());
    assert!(row.next_attempt_at > chrono::Utc::now());
    // Not due yet: nothing happens.
    let smtp = SmtpServer::start();
    let mailer = mailer_for(Some(smtp.url()));
    assert_eq!(server::mailer::run_once(&app.db, &mailer).await.unwrap(), (0, 0));
    app::db::exec(&app.db, "UPDATE mail_outbox SET next_attempt_at = ?", vec![chrono::Utc::now().into()])
        .await
        .unwrap();
    assert_eq!(server::mailer::run_once(&app.db, &mailer).await.unwrap(), (1, 0));
    assert_eq!(server::mailer::run_once(&app.db, &mailer).await.unwrap(), (0, 0), "never twice");
    let row = entity::mail_outbox::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!(row.status, "sent");
    let mut messages = smtp.messages();
    for _ in 0..50 {
        if !messages.is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        messages = smtp.messages();
    }
    assert_eq!(messages.len(), 1);
    let m = &messages[0];
    assert!(m.contains("inspector@example.org"));
    assert!(m.contains("Content-Type: text/csv"), "{m}");
    assert!(m.contains("multipart/mixed"));
});

/// Three mails queued to `to`.
async fn queue_three(app: &TestApp, to: &str) {
    let txn = app::db::begin_write(&app.db).await.unwrap();
    for i in 1..=3 {
        let mail = Mail { to: to.into(), subject: format!("第{i}封"), body: "您好。".into(), attachment: None };
        enqueue(&txn, mail).await.unwrap();
    }
    txn.commit().await.unwrap();
}

/// Waits until the SMTP server has `n` messages (or 5 s), and returns them.
fn delivered(smtp: &SmtpServer, n: usize) -> Vec<String> {
    for _ in 0..50 {
        let m = smtp.messages();
        if m.len() >= n {
            std::thread::sleep(std::time::Duration::from_millis(300));
            return smtp.messages();
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    smtp.messages()
}

db_test!(a_mail_another_server_took_over_after_the_lease_ran_out_is_sent_by_it_alone, |app| {
    queue_three(&app, "lease@example.org").await;
    let smtp = SmtpServer::start();
    let mailer = mailer_for(Some(smtp.url()));
    // Server A claims the three, then stalls (a slow relay) until its lease has run out.
    let slow = server::mailer::claim(&app.db, 20).await.unwrap();
    assert_eq!(slow.ids.len(), 3);
    let past = chrono::Utc::now() - chrono::Duration::seconds(1);
    app::db::exec(&app.db, "UPDATE mail_outbox SET claimed_until = ?", vec![past.into()]).await.unwrap();
    // Server B, idle, takes them over and sends them.
    let idle = server::mailer::claim(&app.db, 20).await.unwrap();
    assert_eq!(idle.ids, slow.ids);
    assert_eq!(server::mailer::send_claimed(&app.db, &mailer, idle).await.unwrap(), (3, 0));
    // A wakes up: none of them is its to send any more.
    assert_eq!(server::mailer::send_claimed(&app.db, &mailer, slow).await.unwrap(), (0, 0));
    let got = delivered(&smtp, 3);
    assert_eq!(got.len(), 3, "each mail delivered once, no second delivery");
});

db_test!(a_mail_sent_while_another_server_holds_a_stale_claim_is_not_sent_again, |app| {
    queue_three(&app, "stale@example.org").await;
    let smtp = SmtpServer::start();
    let mailer = mailer_for(Some(smtp.url()));
    // A claims the three, then its lease runs out before it sends them.
    let a = server::mailer::claim(&app.db, 20).await.unwrap();
    let past = chrono::Utc::now() - chrono::Duration::seconds(1);
    app::db::exec(&app.db, "UPDATE mail_outbox SET claimed_until = ? WHERE status = 'pending'", vec![past.into()])
        .await
        .unwrap();
    // B sends what is pending; then A, going on with its old claim, sends nothing more.
    assert_eq!(server::mailer::run_once(&app.db, &mailer).await.unwrap(), (3, 0));
    assert_eq!(server::mailer::send_claimed(&app.db, &mailer, a).await.unwrap(), (0, 0));
    assert_eq!(server::mailer::run_once(&app.db, &mailer).await.unwrap(), (0, 0));
    assert_eq!(delivered(&smtp, 3).len(), 3);
});

/// The mark "sent" cannot be written at first (as behind a long write that
/// outlasts the busy timeout): it is tried again until it is, so the next
/// round does not send the mail again. SQLite: a trigger refuses the mark
/// until the test drops it.
#[tokio::test]
async fn a_sent_mail_whose_mark_failed_at_first_is_not_sent_again() {
    let app = TestApp::new(sunshine_tests::Backend::Sqlite).await;
    let txn = app::db::begin_write(&app.db).await.unwrap();
    enqueue(
        &txn,
        Mail { to: "mark@example.org".into(), subject: "标记".into(), body: "您好。".into(), attachment: None },
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
    app::db::exec(
        &app.db,
        "CREATE TRIGGER refuse_mark BEFORE UPDATE OF status ON mail_outbox WHEN NEW.status = 'sent' \
         BEGIN SELECT RAISE(ABORT, 'database is locked'); END",
        vec![],
    )
    .await
    .unwrap();
    let smtp = SmtpServer::start();
    let mailer = mailer_for(Some(smtp.url()));
    let db = app.db.clone();
    let unblock = tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        app::db::exec(&db, "DROP TRIGGER refuse_mark", vec![]).await.unwrap();
    });
    assert_eq!(server::mailer::run_once(&app.db, &mailer).await.unwrap(), (1, 0));
    unblock.await.unwrap();
    let row = entity::mail_outbox::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!(row.status, "sent", "the mark was written once it could be");
    app::db::exec(&app.db, "UPDATE mail_outbox SET claimed_until = NULL", vec![]).await.unwrap();
    assert_eq!(server::mailer::run_once(&app.db, &mailer).await.unwrap(), (0, 0), "not sent again");
    assert_eq!(delivered(&smtp, 1).len(), 1);
}
