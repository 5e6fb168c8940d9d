//! Every mail carries a `Message-ID` made from its outbox row, the same on a
//! re-send, so a relay and a reader can tell a re-sent mail (a real SMTP
//! server on loopback).

use std::time::{Duration, Instant};

use app::mail::service::{enqueue, Mail};
use sea_orm::EntityTrait;
use sunshine_tests::{db_test, smtp::SmtpServer};

const PUBLIC_URL: &str = "https://mzj.example.gov.cn/";

fn mailer(smtp: &SmtpServer) -> server::mailer::Mailer {
    let mut cfg = server::config::Config::from_env().unwrap();
    cfg.smtp_url = Some(smtp.url());
    cfg.mail_from = "阳光监管 <noreply@sunshine.local>".into();
    cfg.settings.public_url = PUBLIC_URL.into();
    server::mailer::Mailer::from_config(&cfg).unwrap()
}

/// The `Message-ID` of each message received, once `n` have arrived.
fn ids(smtp: &SmtpServer, n: usize) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut messages = smtp.messages();
    while messages.len() < n {
        assert!(Instant::now() < deadline, "{} of {n} messages delivered", messages.len());
        std::thread::sleep(Duration::from_millis(50));
        messages = smtp.messages();
    }
    messages
        .iter()
        .map(|m| {
            let line = m.lines().find(|l| l.to_ascii_lowercase().starts_with("message-id:"));
            line.unwrap_or_else(|| panic!("no Message-ID: {m}"))["message-id:".len()..].trim().to_string()
        })
        .collect()
}

db_test!(a_mail_carries_the_message_id_of_its_outbox_row_on_every_attempt, |app| {
    let txn = app::db::begin_write(&app.db).await.unwrap();
    for to in ["a@example.org", "b@example.org"] {
        let mail = Mail { to: to.into(), subject: "年报提醒".into(), body: "您好。".into(), attachment: None };
        enqueue(&txn, mail).await.unwrap();
    }
    txn.commit().await.unwrap();
    let rows = entity::mail_outbox::Entity::find().all(&app.db).await.unwrap();
    let smtp = SmtpServer::start();
    let mailer = mailer(&smtp);
    assert_eq!(server::mailer::run_once(&app.db, &mailer).await.unwrap(), (2, 0));
    let mut first = ids(&smtp, 2);
    first.sort();
    let domain = server::mailer::id_domain(PUBLIC_URL);
    assert!(domain.ends_with("@mzj.example.gov.cn"), "{domain}");
    let mut expected: Vec<String> = rows.iter().map(|r| server::mailer::message_id(&domain, r.id)).collect();
    expected.sort();
    assert_eq!(first, expected, "each row's own id");
    assert_eq!(first[0], format!("<outbox-{}.{domain}>", rows.iter().map(|r| r.id).min().unwrap()));

    // The process died after the relay took the first mail, before marking it sent: it is sent again, with the same id.
    let again = rows[0].id;
    app::db::exec(
        &app.db,
        "UPDATE mail_outbox SET status = 'pending', sent_at = NULL, claimed_until = NULL WHERE id = ?",
        vec![again.into()],
    )
    .await
    .unwrap();
    assert_eq!(server::mailer::run_once(&app.db, &mailer).await.unwrap(), (1, 0));
    let all = ids(&smtp, 3);
    let same = server::mailer::message_id(&domain, again);
    assert_eq!(all.iter().filter(|id| **id == same).count(), 2, "the re-send has the same id: {all:?}");
});
