//! The mailer over TLS, against a real TLS SMTP relay on loopback (aiosmtpd,
//! `smtp_relay.py`) whose certificate for 127.0.0.1 is made for the test by
//! the test's own authority, trusted through `SMTP_CA_FILE`:
//! `smtp://…?starttls=required` (the relay also refuses mail before STARTTLS)
//! and `smtps://` (TLS from the first byte) deliver the mail with its
//! `Message-ID`; a relay whose certificate another authority signed, or any
//! authority when `SMTP_CA_FILE` is unset, gets nothing and the mail stays
//! queued with the error recorded. A relay that accepts the connection and
//! then says nothing (implicit TLS contacted for STARTTLS: each side waits
//! for the other) fails the send after three quarters of the lease instead of
//! holding the worker. Every wait has a limit.

use crate::common;
use common::relay::Relay;

use std::path::{Path, PathBuf};
use std::time::Duration;

use entity::mail_outbox;
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
use sea_orm::{DatabaseConnection, EntityTrait};

const PUBLIC_URL: &str = "https://mzj.example.gov.cn/";

/// The test's folder, made afresh.
fn folder(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sunshine-mail-tls-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// An authority's certificate (PEM) and the issuer to sign with.
fn authority(name: &str) -> (String, Issuer<'static, KeyPair>) {
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(DnType::CommonName, name);
    let key = KeyPair::generate().unwrap();
    let cert = params.self_signed(&key).unwrap();
    (cert.pem(), Issuer::new(params, key))
}

/// A relay certificate for 127.0.0.1 signed by `issuer`, written to `dir` as
/// `{name}.pem` and `{name}.key`; returns their paths.
fn relay_certificate(dir: &Path, name: &str, issuer: &Issuer<'_, KeyPair>) -> (PathBuf, PathBuf) {
    let mut params = CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()]).unwrap();
    params.distinguished_name.push(DnType::CommonName, "relay.test");
    let key = KeyPair::generate().unwrap();
    let cert = params.signed_by(&key, issuer).unwrap();
    let (c, k) = (dir.join(format!("{name}.pem")), dir.join(format!("{name}.key")));
    std::fs::write(&c, cert.pem()).unwrap();
    std::fs::write(&k, key.serialize_pem()).unwrap();
    (c, k)
}

/// A migrated SQLite database in `dir` with one mail queued; its outbox row's id.
async fn outbox(dir: &Path) -> (DatabaseConnection, i64) {
    let db = server::connect(&format!("sqlite://{}/m.db?mode=rwc", dir.display())).await.unwrap();
    server::migrate(&db).await.unwrap();
    let txn = app::db::begin_write(&db).await.unwrap();
    let mail = app::mail::service::Mail {
        to: "mishu@example.org".into(),
        subject: "年报提醒".into(),
        body: "您好，请于截止日前报送年度工作报告。".into(),
        attachment: None,
    };
    let id = app::mail::service::enqueue(&txn, mail).await.unwrap();
    txn.commit().await.unwrap();
    (db, id)
}

fn mailer(url: String, ca_file: Option<&Path>) -> server::mailer::Mailer {
    mailer_leased(url, ca_file, 120)
}

fn mailer_leased(url: String, ca_file: Option<&Path>, lease_seconds: u64) -> server::mailer::Mailer {
    let mut cfg = server::config::Config::from_env().unwrap();
    cfg.mail_lease_seconds = lease_seconds;
    cfg.smtp_url = Some(url);
    cfg.smtp_ca_file = ca_file.map(Path::to_path_buf);
    cfg.mail_from = "阳光监管 <noreply@sunshine.local>".into();
    cfg.settings.public_url = PUBLIC_URL.into();
    server::mailer::Mailer::from_config(&cfg).unwrap()
}

/// One pass of the outbox worker, failing the test after 30 s instead of hanging.
async fn send_due(db: &DatabaseConnection, mailer: &server::mailer::Mailer) -> (usize, usize) {
    tokio::time::timeout(Duration::from_secs(30), server::mailer::run_once(db, mailer))
        .await
        .expect("the mailer answered within 30 s")
        .unwrap()
}

async fn row(db: &DatabaseConnection, id: i64) -> mail_outbox::Model {
    mail_outbox::Entity::find_by_id(id).one(db).await.unwrap().unwrap()
}

/// The mail queued in `dir` goes to a relay with `args` at `url(port)`, trusted through the test's authority.
async fn delivered_over_tls(test: &str, tls_flag: &str, url: impl Fn(u16) -> String) {
    let dir = folder(test);
    let (ca_pem, ca) = authority("Sunshine test authority");
    let ca_file = dir.join("ca.pem");
    std::fs::write(&ca_file, ca_pem).unwrap();
    let (cert, key) = relay_certificate(&dir, "relay", &ca);
    let relay = Relay::start(&dir.join("relay"), &[tls_flag, cert.to_str().unwrap(), key.to_str().unwrap()]);
    let (db, id) = outbox(&dir).await;

    assert_eq!(send_due(&db, &mailer(url(relay.port), Some(&ca_file))).await, (1, 0), "{:?}", row(&db, id).await);
    let got = relay.messages();
    assert_eq!(got.len(), 1, "one message delivered");
    let domain = server::mailer::id_domain(PUBLIC_URL);
    assert_eq!(got[0].message_id, server::mailer::message_id(&domain, id));
    assert!(got[0].raw.contains("mishu@example.org"), "{}", got[0].raw);
    let r = row(&db, id).await;
    assert_eq!((r.status.as_str(), r.attempts, r.last_error), ("sent", 1, None));
    db.close().await.ok();
    drop(relay);
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn starttls_required_delivers_to_a_relay_trusted_through_smtp_ca_file() {
    delivered_over_tls("starttls", "--starttls", |port| format!("smtp://127.0.0.1:{port}?starttls=required")).await;
}

#[tokio::test]
async fn smtps_delivers_to_a_relay_trusted_through_smtp_ca_file() {
    delivered_over_tls("smtps", "--smtps", |port| format!("smtps://127.0.0.1:{port}")).await;
}

#[tokio::test]
async fn a_relay_certificate_no_trusted_authority_signed_is_refused_and_the_mail_stays_queued() {
    let dir = folder("untrusted");
    let (ca_pem, ca) = authority("Sunshine test authority");
    let ca_file = dir.join("ca.pem");
    std::fs::write(&ca_file, ca_pem).unwrap();
    let (_, other) = authority("Someone else's authority");
    let (rogue_cert, rogue_key) = relay_certificate(&dir, "rogue", &other);
    let (cert, key) = relay_certificate(&dir, "relay", &ca);
    let (db, id) = outbox(&dir).await;

    // (relay certificate, SMTP_CA_FILE): another authority's certificate while
    // ours is trusted; our authority's certificate while it is not trusted.
    let cases = [(&rogue_cert, &rogue_key, Some(ca_file.as_path())), (&cert, &key, None)];
    for (i, (cert, key, ca_file)) in cases.into_iter().enumerate() {
        for (flag, scheme) in [("--starttls", "smtp"), ("--smtps", "smtps")] {
            let relay = Relay::start(
                &dir.join(format!("relay-{i}-{scheme}")),
                &[flag, cert.to_str().unwrap(), key.to_str().unwrap()],
            );
            let url = match scheme {
                "smtp" => format!("smtp://127.0.0.1:{}?starttls=required", relay.port),
                _ => format!("smtps://127.0.0.1:{}", relay.port),
            };
            let before = row(&db, id).await;
            assert_eq!(send_due(&db, &mailer(url.clone(), ca_file)).await, (0, 1), "{url}, CA file {ca_file:?}");
            assert!(relay.messages().is_empty(), "{url}: nothing delivered");
            let r = row(&db, id).await;
            assert_eq!(r.status, "pending", "{url}: still queued");
            assert_eq!(r.attempts, before.attempts + 1);
            let error = r.last_error.clone().unwrap_or_default();
            assert!(error.to_lowercase().contains("certificate"), "{url}: the error says why: {error}");
            // Due again at once, for the next case.
            app::db::exec(
                &db,
                "UPDATE mail_outbox SET next_attempt_at = ? WHERE id = ?",
                vec![chrono::Utc::now().into(), id.into()],
            )
            .await
            .unwrap();
        }
    }
    db.close().await.ok();
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn a_relay_that_accepts_the_connection_and_says_nothing_fails_the_send_within_the_limit() {
    let dir = folder("silent");
    let (ca_pem, ca) = authority("Sunshine test authority");
    let ca_file = dir.join("ca.pem");
    std::fs::write(&ca_file, ca_pem).unwrap();
    let (cert, key) = relay_certificate(&dir, "relay", &ca);
    // TLS from the first byte, contacted for STARTTLS: the relay waits for a
    // TLS hello, the mailer for the relay's greeting (aiosmtpd gives up after
    // a minute; lettre's timeout covers only the TCP connection).
    let relay = Relay::start(&dir.join("relay"), &["--smtps", cert.to_str().unwrap(), key.to_str().unwrap()]);
    let (db, id) = outbox(&dir).await;
    let m = mailer_leased(format!("smtp://127.0.0.1:{}?starttls=required", relay.port), Some(&ca_file), 4);
    assert_eq!(m.send_limit(), Duration::from_secs(3), "three quarters of the lease");
    let started = std::time::Instant::now();
    assert_eq!(send_due(&db, &m).await, (0, 1));
    assert!(started.elapsed() < Duration::from_secs(10), "given up after {:?}", started.elapsed());
    let r = row(&db, id).await;
    assert_eq!(r.status, "pending");
    assert!(r.last_error.as_deref().unwrap_or("").contains("did not finish"), "{:?}", r.last_error);
    assert!(relay.messages().is_empty());
    db.close().await.ok();
    std::fs::remove_dir_all(&dir).ok();
}

/// `smtp://USER:PASSWORD@host:port?starttls=required` authenticates (AUTH
/// PLAIN or LOGIN, as the relay offers) after STARTTLS, with a password whose
/// `:` and `@` are percent-encoded in the URL. Wrong credentials deliver
/// nothing: the mail stays queued with the relay's refusal as its error.
#[tokio::test]
async fn smtp_auth_after_starttls_delivers_with_the_right_credentials_and_wrong_ones_keep_the_mail_queued() {
    let dir = folder("auth");
    let (ca_pem, ca) = authority("Sunshine test authority");
    let ca_file = dir.join("ca.pem");
    std::fs::write(&ca_file, ca_pem).unwrap();
    let (cert, key) = relay_certificate(&dir, "relay", &ca);
    let (c, k) = (cert.to_str().unwrap(), key.to_str().unwrap());
    let relay = Relay::start(&dir.join("relay"), &["--starttls", c, k, "--auth", "mzj-mailer", "s3cret:@pass"]);
    let (db, id) = outbox(&dir).await;
    let url =
        |user: &str, password: &str| format!("smtp://{user}:{password}@127.0.0.1:{}?starttls=required", relay.port);
    let auth_log = || std::fs::read_to_string(relay.store.join("AUTH")).unwrap_or_default();

    // Wrong password: refused by the relay, nothing delivered, the mail kept for the next round.
    assert_eq!(send_due(&db, &mailer(url("mzj-mailer", "wrong"), Some(&ca_file))).await, (0, 1));
    assert!(relay.messages().is_empty(), "nothing delivered without authentication");
    let r = row(&db, id).await;
    assert_eq!((r.status.as_str(), r.attempts), ("pending", 1));
    let error = r.last_error.clone().unwrap_or_default();
    assert!(error.contains("535") || error.to_lowercase().contains("auth"), "the error says why: {error}");
    assert!(auth_log().starts_with("refused"), "{}", auth_log());
    assert!(!auth_log().contains("ok "), "{}", auth_log());
    app::db::exec(
        &db,
        "UPDATE mail_outbox SET next_attempt_at = ? WHERE id = ?",
        vec![chrono::Utc::now().into(), id.into()],
    )
    .await
    .unwrap();

    // The right credentials, percent-encoded in the URL: delivered once, after TLS.
    assert_eq!(send_due(&db, &mailer(url("mzj-mailer", "s3cret%3A%40pass"), Some(&ca_file))).await, (1, 0));
    let got = relay.messages();
    assert_eq!(got.len(), 1, "one message delivered");
    assert_eq!(got[0].message_id, server::mailer::message_id(&server::mailer::id_domain(PUBLIC_URL), id));
    assert!(auth_log().lines().any(|l| l.starts_with("ok ") && l.ends_with(" mzj-mailer")), "{}", auth_log());
    let r = row(&db, id).await;
    assert_eq!((r.status.as_str(), r.attempts, r.last_error), ("sent", 2, None));
    db.close().await.ok();
    drop(relay);
    std::fs::remove_dir_all(&dir).ok();
}
