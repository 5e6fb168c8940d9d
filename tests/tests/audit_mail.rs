//! The audit chain (verify and tamper detection) and the mail outbox against a
//! real SMTP server on loopback.

use app::audit::types::ChainCheck;
use app::mail::service::{enqueue, Attachment, Mail};
use http::StatusCode;
use sea_orm::EntityTrait;
use sunshine_tests::{db_test, org_form, pairs, smtp::SmtpServer, TestApp};

async fn some_writes(app: &mut TestApp) {
    app.officer().await;
    for (i, name) in ["阳光市南山区慈善会", "阳光市南山区摄影协会", "阳光市南山区围棋协会"].iter().enumerate()
    {
        let form = org_form(name, "social_group", i as u32);
        let res = app.post_form("/api/registry/register", "/officer/orgs/new", &pairs(&form)).await;
        assert_eq!(res.status, StatusCode::FOUND);
    }
}

db_test!(the_audit_chain_verifies_and_reports_the_first_tampered_record, |app| {
    some_writes(&mut app).await;
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
    some_writes(&mut app).await;
    app::db::exec(&app.db, "DELETE FROM audit_log WHERE seq = 2", vec![]).await.unwrap();
    assert!(matches!(app::audit::service::verify(&app.db).await.unwrap(), ChainCheck::Broken { seq: 2, .. }));
});

db_test!(deleting_the_newest_audit_record_is_detected, |app| {
    some_writes(&mut app).await;
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
