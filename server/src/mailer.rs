//! The outbox worker: sends queued mail with lettre (SMTP, or `.eml` files in
//! a folder when no SMTP server is configured), retries failures with backoff
//! and records the last error. Rows are claimed with a lease (and `FOR UPDATE
//! SKIP LOCKED` on PostgreSQL), renewed just before each message only while
//! the row still carries this claim's lease, and the outcome is recorded
//! through the process's write queue (tried again until it is written), so
//! several server processes with a slow relay never send one mail twice. Every message carries a `Message-ID` made from its outbox row
//! ([`message_id`]), the same on every attempt, so a relay or a reader can
//! recognise a re-sent mail.

use std::time::Duration;

use chrono::Utc;
use entity::mail_outbox;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait, Value};

use crate::config::Config;

pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>),
}

pub struct Mailer {
    transport: Transport,
    from: Mailbox,
    /// What every `Message-ID` of this installation ends with:
    /// `{installation}@{host}` ([`id_domain`]).
    id_domain: String,
    /// How long this process's claim on a mail lasts (`MAIL_LEASE_SECONDS`).
    lease: chrono::Duration,
}

/// The host of `public_url` (`https://user@host:port/path` → `host`, an IPv6
/// address in brackets) as `http::Uri` reads it, lower case and kept to the
/// characters a `Message-ID` may hold; `localhost` when none is left.
fn host_of(public_url: &str) -> String {
    let host = public_url.trim().parse::<http::Uri>().ok().and_then(|u| u.host().map(str::to_ascii_lowercase));
    let host: String = host
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        .collect();
    match host.trim_matches('.') {
        "" => "localhost".into(),
        h => h.to_string(),
    }
}

/// `{installation}@{host}` for `public_url`: the installation is the first 8
/// bytes (hex) of the SHA-256 of the URL, so two installations on one host
/// (other ports or paths) never share an id, and one keeps its ids while its
/// `PUBLIC_URL` stays.
pub fn id_domain(public_url: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(public_url.trim().trim_end_matches('/').as_bytes());
    let installation: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("{installation}@{}", host_of(public_url))
}

/// The `Message-ID` of outbox row `id`: `<outbox-{id}.{installation}@{host}>`,
/// the same on every attempt to send the row.
pub fn message_id(id_domain: &str, id: i64) -> String {
    format!("<outbox-{id}.{id_domain}>")
}

/// Seconds to wait before attempt `n + 1`: 30 s doubling, at most one hour.
pub fn backoff_seconds(attempts: i32) -> i64 {
    let exp = attempts.clamp(0, 7) as u32;
    (30i64 * 2i64.pow(exp)).min(3600)
}

/// How the connection to the relay is secured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Security {
    /// Plain SMTP (a relay on the same machine or network): `smtp://`.
    Plain,
    /// STARTTLS when the relay offers it: `smtp://…?starttls=opportunistic`.
    StartTlsOpportunistic,
    /// STARTTLS or no mail: `smtp://…?starttls=required`.
    StartTlsRequired,
    /// TLS from the first byte: `smtps://` (port 465).
    Implicit,
}

/// An SMTP relay: host, port, (user, password), and how the connection is secured.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SmtpTarget {
    pub host: String,
    pub port: u16,
    pub credentials: Option<(String, String)>,
    pub security: Security,
}

/// Parses `smtp://[user:password@]host[:port][?starttls=required|opportunistic]`
/// (port 25 by default) or `smtps://[user:password@]host[:port]` (465). The
/// user and password may be percent-encoded (`%40` for `@`).
pub fn parse_smtp_url(url: &str) -> Result<SmtpTarget, String> {
    let (implicit, rest) = match (url.strip_prefix("smtp://"), url.strip_prefix("smtps://")) {
        (Some(r), _) => (false, r),
        (_, Some(r)) => (true, r),
        _ => return Err("SMTP_URL must start with smtp:// or smtps://".into()),
    };
    let (rest, query) = match rest.split_once('?') {
        Some((r, q)) => (r, Some(q)),
        None => (rest, None),
    };
    let rest = rest.trim_end_matches('/');
    let mut security = if implicit { Security::Implicit } else { Security::Plain };
    for pair in query.into_iter().flat_map(|q| q.split('&')).filter(|p| !p.is_empty()) {
        security = match (pair, implicit) {
            ("starttls=required", false) => Security::StartTlsRequired,
            ("starttls=opportunistic", false) => Security::StartTlsOpportunistic,
            (p, true) if p.starts_with("starttls=") => {
                return Err("smtps:// is TLS from the start: it takes no starttls".into())
            }
            (p, _) => return Err(format!("unknown option {p:?} (starttls=required or starttls=opportunistic)")),
        };
    }
    let decode = |s: &str| percent_encoding::percent_decode_str(s).decode_utf8().map(|c| c.into_owned());
    let (credentials, hostport) = match rest.rsplit_once('@') {
        Some((c, h)) => {
            let (u, p) = c.split_once(':').ok_or("credentials must be user:password")?;
            let (u, p) = (decode(u), decode(p));
            (Some((u.map_err(|_| "user: bad percent-encoding")?, p.map_err(|_| "password: bad percent-encoding")?)), h)
        }
        None => (None, rest),
    };
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) => (h.to_string(), p.parse::<u16>().map_err(|_| format!("bad port {p:?}"))?),
        None => (hostport.to_string(), if implicit { 465 } else { 25 }),
    };
    if host.is_empty() {
        return Err("missing host".into());
    }
    Ok(SmtpTarget { host, port, credentials, security })
}

/// The SMTP transport for `target`. A TLS connection checks the relay's
/// certificate against the system's roots (webpki) and the PEM file `ca_file`
/// if given (a bureau's own certificate authority).
fn smtp_transport(
    target: &SmtpTarget,
    ca_file: Option<&std::path::Path>,
) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
    let tls_parameters = || -> Result<TlsParameters, String> {
        let mut b = TlsParameters::builder(target.host.clone());
        if let Some(path) = ca_file {
            let pem = std::fs::read(path).map_err(|e| format!("SMTP_CA_FILE {}: {e}", path.display()))?;
            let cert = Certificate::from_pem(&pem).map_err(|e| format!("SMTP_CA_FILE {}: {e}", path.display()))?;
            b = b.add_root_certificate(cert);
        }
        b.build().map_err(|e| format!("SMTP TLS: {e}"))
    };
    let tls = match target.security {
        Security::Plain => Tls::None,
        Security::StartTlsOpportunistic => Tls::Opportunistic(tls_parameters()?),
        Security::StartTlsRequired => Tls::Required(tls_parameters()?),
        Security::Implicit => Tls::Wrapper(tls_parameters()?),
    };
    let mut b = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(target.host.clone())
        .port(target.port)
        .tls(tls)
        .timeout(Some(Duration::from_secs(20)));
    if let Some((u, p)) = &target.credentials {
        b = b.credentials(Credentials::new(u.clone(), p.clone()));
    }
    Ok(b.build())
}

impl Mailer {
    pub fn from_config(cfg: &Config) -> Result<Mailer, String> {
        let from: Mailbox = cfg.mail_from.parse().map_err(|e| format!("MAIL_FROM: {e}"))?;
        let transport = match &cfg.smtp_url {
            Some(url) => {
                let target = parse_smtp_url(url).map_err(|e| format!("SMTP_URL: {e}"))?;
                Transport::Smtp(smtp_transport(&target, cfg.smtp_ca_file.as_deref())?)
            }
            None => {
                std::fs::create_dir_all(&cfg.mail_dir).map_err(|e| format!("MAIL_DIR: {e}"))?;
                Transport::Files(AsyncFileTransport::new(&cfg.mail_dir))
            }
        };
        let lease = chrono::Duration::seconds(i64::try_from(cfg.mail_lease_seconds.min(86_400)).unwrap_or(120));
        Ok(Mailer { transport, from, id_domain: id_domain(&cfg.settings.public_url), lease })
    }

    fn build(&self, row: &mail_outbox::Model) -> Result<Message, String> {
        let to: Mailbox = row.to_addr.parse().map_err(|e| format!("recipient {:?}: {e}", row.to_addr))?;
        let b = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(row.subject.clone())
            .message_id(Some(message_id(&self.id_domain, row.id)));
        let msg = match (&row.attachment_name, &row.attachment_body) {
            (Some(name), Some(body)) => {
                let mime = row.attachment_mime.clone().unwrap_or_else(|| "application/octet-stream".into());
                let ct = ContentType::parse(&mime).map_err(|e| format!("attachment type: {e}"))?;
                b.multipart(
                    MultiPart::mixed()
                        .singlepart(SinglePart::plain(row.body_text.clone()))
                        .singlepart(Attachment::new(name.clone()).body(body.clone().into_bytes(), ct)),
                )
            }
            _ => b.header(ContentType::TEXT_PLAIN).body(row.body_text.clone()),
        };
        msg.map_err(|e| format!("building message: {e}"))
    }

    /// How long one message may take before it is given up (and tried again
    /// later): three quarters of the lease, so a send never outlasts the
    /// claim renewed just before it. lettre's own timeout bounds only the TCP
    /// connection; a relay that accepts it and then says nothing (a TLS
    /// handshake to a relay expecting STARTTLS, or the reverse) would
    /// otherwise hold the worker until the relay hangs up.
    pub fn send_limit(&self) -> Duration {
        (self.lease * 3 / 4).to_std().unwrap_or(Duration::from_secs(90))
    }

    async fn send(&self, row: &mail_outbox::Model) -> Result<(), String> {
        let msg = self.build(row)?;
        let limit = self.send_limit();
        let sending = async {
            match &self.transport {
                Transport::Smtp(t) => t.send(msg).await.map(|_| ()).map_err(|e| e.to_string()),
                Transport::Files(t) => t.send(msg).await.map(|_| ()).map_err(|e| e.to_string()),
            }
        };
        tokio::time::timeout(limit, sending)
            .await
            .map_err(|_| format!("the relay did not finish the message within {} s", limit.as_secs_f32()))?
    }
}

/// How long a claim on a mail lasts unless `MAIL_LEASE_SECONDS` says
/// otherwise: renewed just before each send, so it only has to outlast one
/// message.
pub const LEASE: chrono::Duration = chrono::Duration::minutes(2);

/// Mails this process claimed, and the lease they were claimed with: the
/// lease's end (to the microsecond) is what shows the claim is still ours.
#[derive(Debug)]
pub struct Claim {
    pub ids: Vec<i64>,
    lease: chrono::DateTime<Utc>,
    /// How long the claim lasts, and each renewal.
    length: chrono::Duration,
}

/// The lease's end as the database stores it (microseconds), so comparing it later matches.
fn lease_from(now: chrono::DateTime<Utc>, length: chrono::Duration) -> chrono::DateTime<Utc> {
    let end = now + length;
    chrono::DateTime::from_timestamp_micros(end.timestamp_micros()).unwrap_or(end)
}

/// Claims up to `limit` due mails for this process, for [`LEASE`].
pub async fn claim(db: &DatabaseConnection, limit: u64) -> Result<Claim, DbErr> {
    claim_for(db, limit, LEASE).await
}

/// Claims up to `limit` due mails for this process, for `length`.
pub async fn claim_for(db: &DatabaseConnection, limit: u64, length: chrono::Duration) -> Result<Claim, DbErr> {
    let backend = db.get_database_backend();
    let now = Utc::now();
    let lease = lease_from(now, length);
    let lock = if backend == DbBackend::Postgres { " FOR UPDATE SKIP LOCKED" } else { "" };
    let sql = format!(
        "UPDATE mail_outbox SET claimed_until = ? WHERE id IN (SELECT id FROM mail_outbox \
         WHERE status = 'pending' AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?) \
         ORDER BY id LIMIT {limit}{lock}) RETURNING id"
    );
    let txn = app::db::begin_write(db).await?;
    let rows = txn
        .query_all_raw(app::db::stmt(backend, &sql, vec![Value::from(lease), Value::from(now), Value::from(now)]))
        .await?;
    txn.commit_unseen().await?;
    let mut ids = rows.iter().map(|r| r.try_get::<i64>("", "id")).collect::<Result<Vec<_>, _>>()?;
    ids.sort_unstable();
    Ok(Claim { ids, lease, length })
}

/// Renews the claim on mail `id` just before it is sent: only if it is
/// still pending and still carries this claim's lease (another process that
/// took it over after the lease ran out has put its own). Returns the new
/// lease, or `None` when the mail is no longer ours to send.
async fn renew(
    db: &DatabaseConnection,
    id: i64,
    lease: chrono::DateTime<Utc>,
    length: chrono::Duration,
) -> Result<Option<chrono::DateTime<Utc>>, DbErr> {
    let next = lease_from(Utc::now(), length);
    let txn = app::db::begin_write(db).await?;
    let n = app::db::exec(
        &txn,
        "UPDATE mail_outbox SET claimed_until = ? WHERE id = ? AND status = 'pending' AND claimed_until = ?",
        vec![Value::from(next), id.into(), Value::from(lease)],
    )
    .await?;
    txn.commit_unseen().await?;
    Ok((n == 1).then_some(next))
}

/// Records what became of a send, through the process's write queue; a
/// failure to record is tried again (the claim is still ours meanwhile), so
/// a mail the relay accepted is marked sent rather than sent again.
async fn record(db: &DatabaseConnection, sql: &str, vals: Vec<Value>) {
    let mut wait = Duration::from_millis(200);
    loop {
        let done = async {
            let txn = app::db::begin_write(db).await?;
            app::db::exec(&txn, sql, vals.clone()).await?;
            txn.commit_unseen().await
        }
        .await;
        match done {
            Ok(()) => return,
            Err(e) => {
                tracing::error!(error = %e, "recording a mail's outcome failed; trying again");
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(Duration::from_secs(10));
            }
        }
    }
}

/// Sends the mails of `claim` that are still ours, one at a time, each
/// after renewing its claim. Returns (sent, failed).
pub async fn send_claimed(db: &DatabaseConnection, mailer: &Mailer, claim: Claim) -> Result<(usize, usize), DbErr> {
    let (mut sent, mut failed) = (0, 0);
    for id in claim.ids {
        let Some(_lease) = renew(db, id, claim.lease, claim.length).await? else {
            tracing::info!(id, "mail taken over by another process or already sent; not sent here");
            continue;
        };
        let Some(row) = mail_outbox::Entity::find_by_id(id).one(db).await? else { continue };
        match mailer.send(&row).await {
            Ok(()) => {
                record(
                    db,
                    "UPDATE mail_outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, claimed_until = NULL, \
                     last_error = NULL WHERE id = ?",
                    vec![Value::from(Utc::now()), row.id.into()],
                )
                .await;
                sent += 1;
            }
            Err(e) => {
                tracing::warn!(id = row.id, error = %e, "mail not sent; will retry");
                let next = Utc::now() + chrono::Duration::seconds(backoff_seconds(row.attempts));
                record(
                    db,
                    "UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = ?, claimed_until = NULL, \
                     last_error = ? WHERE id = ?",
                    vec![Value::from(next), Value::from(e), row.id.into()],
                )
                .await;
                failed += 1;
            }
        }
    }
    Ok((sent, failed))
}

/// Sends what is due once. Returns (sent, failed).
pub async fn run_once(db: &DatabaseConnection, mailer: &Mailer) -> Result<(usize, usize), DbErr> {
    let claim = claim_for(db, 20, mailer.lease).await?;
    if claim.ids.is_empty() {
        return Ok((0, 0));
    }
    send_claimed(db, mailer, claim).await
}

/// Runs the worker until the process ends.
pub fn spawn_worker(db: DatabaseConnection, mailer: Mailer, every: Duration) {
    tokio::spawn(async move {
        loop {
            match run_once(&db, &mailer).await {
                Ok((0, 0)) => tokio::time::sleep(every).await,
                Ok(_) => {}
                Err(e) => {
                    tracing::error!(error = %e, "mail worker");
                    tokio::time::sleep(every).await;
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_urls() {
        let t = |host: &str, port, creds: Option<(&str, &str)>, security| SmtpTarget {
            host: host.into(),
            port,
            credentials: creds.map(|(u, p)| (u.into(), p.into())),
            security,
        };
        assert_eq!(parse_smtp_url("smtp://127.0.0.1:2525").unwrap(), t("127.0.0.1", 2525, None, Security::Plain));
        assert_eq!(
            parse_smtp_url("smtp://u:p@mail.gov.cn").unwrap(),
            t("mail.gov.cn", 25, Some(("u", "p")), Security::Plain)
        );
        assert_eq!(
            parse_smtp_url("smtp://mzj%40gov.cn:p%3Aw%40rd@mail.gov.cn:587?starttls=required").unwrap(),
            t("mail.gov.cn", 587, Some(("mzj@gov.cn", "p:w@rd")), Security::StartTlsRequired)
        );
        assert_eq!(
            parse_smtp_url("smtp://mail.gov.cn?starttls=opportunistic").unwrap(),
            t("mail.gov.cn", 25, None, Security::StartTlsOpportunistic)
        );
        assert_eq!(parse_smtp_url("smtps://mail.gov.cn").unwrap(), t("mail.gov.cn", 465, None, Security::Implicit));
        assert!(parse_smtp_url("smtps://mail.gov.cn?starttls=required").is_err());
        assert!(parse_smtp_url("smtp://mail.gov.cn?tls=yes").is_err());
        assert!(parse_smtp_url("http://x").is_err());
        assert!(parse_smtp_url("smtp://host:x").is_err());
    }

    #[test]
    fn message_ids_name_the_row_and_the_installation() {
        assert_eq!(host_of("https://mzj.example.gov.cn/sunshine/"), "mzj.example.gov.cn");
        assert_eq!(host_of("http://u:p@Example.org:8080"), "example.org");
        assert_eq!(host_of("http://[::1]:3000/"), "[::1]");
        assert_eq!(host_of("http://127.0.0.1:3000"), "127.0.0.1");
        assert_eq!(host_of(""), "localhost");
        let d = id_domain("https://mzj.example.gov.cn/");
        assert_eq!(d, id_domain("https://mzj.example.gov.cn"), "a trailing slash is the same installation");
        assert_ne!(d, id_domain("https://mzj.example.gov.cn:8443/"), "another port is another installation");
        assert!(d.ends_with("@mzj.example.gov.cn") && d.len() == 16 + 1 + "mzj.example.gov.cn".len(), "{d}");
        assert_eq!(message_id(&d, 42), format!("<outbox-42.{d}>"));
    }

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        assert_eq!(backoff_seconds(0), 30);
        assert_eq!(backoff_seconds(1), 60);
        assert_eq!(backoff_seconds(6), 1920);
        assert_eq!(backoff_seconds(7), 3600);
        assert_eq!(backoff_seconds(50), 3600);
    }
}
