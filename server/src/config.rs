//! Typed configuration from environment variables, each with a default and
//! documented in the README. Bad values stop the server at boot.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use app::state::Settings;

#[derive(Clone, Debug)]
pub struct Config {
    /// `DATABASE_URL`: `sqlite://data/sunshine.db?mode=rwc` (default) or `postgres://…`.
    pub database_url: String,
    /// `BIND_ADDR`: `127.0.0.1:3000`.
    pub bind_addr: SocketAddr,
    /// `SMTP_URL`: `smtp://[user:password@]host[:port]`; empty (default) writes `.eml` files to `MAIL_DIR`.
    pub smtp_url: Option<String>,
    /// `SMTP_CA_FILE`: a PEM certificate authority trusted for the relay's TLS, besides the usual roots.
    pub smtp_ca_file: Option<PathBuf>,
    /// `MAIL_DIR`: `data/mail`.
    pub mail_dir: PathBuf,
    /// `MAIL_FROM`: `阳光监管 <noreply@sunshine.local>`.
    pub mail_from: String,
    /// `MAIL_POLL_SECONDS`: how often the outbox worker looks for mail (5).
    pub mail_poll_seconds: u64,
    /// `MAIL_LEASE_SECONDS`: how long a server's claim on a mail lasts before another may send it (120);
    /// renewed before each message, and a message not sent within three quarters of it is given up
    /// and tried again later.
    pub mail_lease_seconds: u64,
    /// `SITE_ROOT`: the folder with `pkg/` (the browser bundle), `target/site`.
    pub site_root: String,
    /// `MIGRATE_ON_START`: run pending migrations when serving (true).
    pub migrate_on_start: bool,
    /// `DATA_DIR`: the data folder (`data`), where the generated session secret is kept.
    pub data_dir: PathBuf,
    /// `BACKUP_DIR`: where the server writes a copy of the SQLite database once a day (empty: none).
    pub backup_dir: Option<PathBuf>,
    /// `BACKUP_KEEP`: how many daily copies are kept (14).
    pub backup_keep: usize,
    /// `AUDIT_KEY` (checked), or none until [`Config::resolve_audit_key`] reads or makes the one
    /// in the data folder (every command that writes does).
    pub audit_key: Option<String>,
    /// `settings.secret` is `SESSION_SECRET` (checked), or empty until [`Config::resolve_secret`]
    /// reads or makes the one in the data folder (serving does).
    pub settings: Settings,
}

#[derive(Debug, thiserror::Error)]
#[error("configuration: {name}: {reason}")]
pub struct ConfigError {
    pub name: &'static str,
    pub reason: String,
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn parse<T: std::str::FromStr>(name: &'static str, default: T) -> Result<T, ConfigError>
where
    T::Err: std::fmt::Display,
{
    match var(name) {
        None => Ok(default),
        Some(v) => v.trim().parse().map_err(|e: T::Err| ConfigError { name, reason: format!("{v:?}: {e}") }),
    }
}

impl Config {
    pub fn from_env() -> Result<Config, ConfigError> {
        let defaults = Settings::default();
        let secret = match var("SESSION_SECRET") {
            Some(s) => check_secret("SESSION_SECRET", s)?,
            None => String::new(),
        };
        let region_code = var("REGION_CODE").unwrap_or(defaults.region_code.clone());
        if region_code.len() != 6 || !region_code.chars().all(|c| c.is_ascii_digit()) {
            return Err(ConfigError { name: "REGION_CODE", reason: "six digits of GB/T 2260".into() });
        }
        let districts = match var("DISTRICTS") {
            Some(v) => v.split([',', '，']).map(|d| d.trim().to_string()).filter(|d| !d.is_empty()).collect(),
            None => defaults.districts.clone(),
        };
        let bind_addr: SocketAddr = parse("BIND_ADDR", "127.0.0.1:3000".parse().expect("valid default"))?;
        let settings = Settings {
            bureau_name: var("BUREAU_NAME").unwrap_or(defaults.bureau_name),
            region_name: var("REGION_NAME").unwrap_or(defaults.region_name),
            region_code,
            term_years: parse("TERM_YEARS", defaults.term_years)?,
            session_idle_minutes: parse("SESSION_IDLE_MINUTES", defaults.session_idle_minutes)?,
            session_max_hours: match parse("SESSION_MAX_HOURS", defaults.session_max_hours)? {
                h if h > 0 => h,
                h => return Err(ConfigError { name: "SESSION_MAX_HOURS", reason: format!("{h}: at least 1") }),
            },
            rate_limits: app::state::RateLimits {
                sign_in_per_minute: parse("RATE_SIGN_IN_PER_MINUTE", defaults.rate_limits.sign_in_per_minute)?,
                objections_per_hour: parse("RATE_OBJECTIONS_PER_HOUR", defaults.rate_limits.objections_per_hour)?,
                reports_per_hour: parse("RATE_REPORTS_PER_HOUR", defaults.rate_limits.reports_per_hour)?,
                report_checks_per_hour: parse(
                    "RATE_REPORT_CHECKS_PER_HOUR",
                    defaults.rate_limits.report_checks_per_hour,
                )?,
                anonymous_per_minute: parse("RATE_ANONYMOUS_PER_MINUTE", defaults.rate_limits.anonymous_per_minute)?,
                open_data_per_minute: parse("RATE_OPEN_DATA_PER_MINUTE", defaults.rate_limits.open_data_per_minute)?,
            },
            max_in_flight: match parse("MAX_IN_FLIGHT", defaults.max_in_flight)? {
                0 => return Err(ConfigError { name: "MAX_IN_FLIGHT", reason: "0: at least 1".into() }),
                n => n,
            },
            request_timeout_seconds: match parse("REQUEST_TIMEOUT_SECONDS", defaults.request_timeout_seconds)? {
                0 => return Err(ConfigError { name: "REQUEST_TIMEOUT_SECONDS", reason: "0: at least 1".into() }),
                n => n,
            },
            page_cache_mb: parse("PAGE_CACHE_MB", defaults.page_cache_mb)?,
            trust_proxy: parse("TRUST_PROXY", defaults.trust_proxy)?,
            lockout_attempts: parse("LOCKOUT_ATTEMPTS", defaults.lockout_attempts)?,
            lockout_minutes: parse("LOCKOUT_MINUTES", defaults.lockout_minutes)?,
            invite_hours: parse("INVITE_HOURS", defaults.invite_hours)?,
            public_url: var("PUBLIC_URL").unwrap_or_else(|| format!("http://{bind_addr}")),
            districts,
            secret,
            report_year: parse("REPORT_YEAR", defaults.report_year)?,
            report_deadline: match var("REPORT_DEADLINE") {
                None => None,
                Some(v) => Some(v.trim().parse().map_err(|_| ConfigError {
                    name: "REPORT_DEADLINE",
                    reason: format!("{v:?}: a date YYYY-MM-DD"),
                })?),
            },
            participation_target: parse("PARTICIPATION_TARGET", defaults.participation_target)?,
            max_attachment_bytes: parse("MAX_ATTACHMENT_MB", defaults.max_attachment_bytes / (1024 * 1024))?
                * 1024
                * 1024,
            unreachable_min_days: parse("UNREACHABLE_MIN_DAYS", defaults.unreachable_min_days)?,
            unreachable_max_days: parse("UNREACHABLE_MAX_DAYS", defaults.unreachable_max_days)?,
            zombie_notice_days: parse("ZOMBIE_NOTICE_DAYS", defaults.zombie_notice_days)?,
            zombie_inactive_months: parse("ZOMBIE_INACTIVE_MONTHS", defaults.zombie_inactive_months)?,
            governance_target: parse("GOVERNANCE_TARGET", defaults.governance_target)?,
            rating_bands: match var("RATING_BANDS") {
                None => defaults.rating_bands,
                Some(v) => app::domain::rating::Bands::parse(&v)
                    .map_err(|reason| ConfigError { name: "RATING_BANDS", reason: format!("{v:?}: {reason}") })?,
            },
            rating_coverage_target: parse("RATING_COVERAGE_TARGET", defaults.rating_coverage_target)?,
            rating_top_share_target: parse("RATING_TOP_SHARE_TARGET", defaults.rating_top_share_target)?,
            rating_new_top_target: parse("RATING_NEW_TOP_TARGET", defaults.rating_new_top_target)?,
            rating_downgrade_minor: parse("RATING_DOWNGRADE_MINOR_PENALTIES", defaults.rating_downgrade_minor)?,
            inspection_min_percent: parse("INSPECTION_MIN_PERCENT", defaults.inspection_min_percent)?,
            inspection_min_per_year: parse("INSPECTION_MIN_PER_YEAR", defaults.inspection_min_per_year)?,
            inspection_publish_days: parse("INSPECTION_PUBLISH_DAYS", defaults.inspection_publish_days)?,
            charity_sample_percent: match parse("CHARITY_SAMPLE_PERCENT", defaults.charity_sample_percent)? {
                n if app::domain::charity_sample::valid_percent(n) => n,
                n => return Err(ConfigError { name: "CHARITY_SAMPLE_PERCENT", reason: format!("{n}: 1 to 100") }),
            },
            unit_review_days: match parse("UNIT_REVIEW_DAYS", defaults.unit_review_days)? {
                0 => return Err(ConfigError { name: "UNIT_REVIEW_DAYS", reason: "0: at least 1".into() }),
                n => n,
            },
            inspection_rectify_days: match parse("INSPECTION_RECTIFY_DAYS", defaults.inspection_rectify_days)? {
                0 => return Err(ConfigError { name: "INSPECTION_RECTIFY_DAYS", reason: "0: at least 1".into() }),
                n => n,
            },
            inspection_holidays: match var("HOLIDAYS") {
                None => defaults.inspection_holidays,
                Some(v) => v
                    .split([',', '，', ' '])
                    .filter(|d| !d.trim().is_empty())
                    .map(|d| {
                        d.trim().parse().map_err(|_| ConfigError {
                            name: "HOLIDAYS",
                            reason: format!("{d:?}: dates YYYY-MM-DD separated by commas"),
                        })
                    })
                    .collect::<Result<_, _>>()?,
            },
            charity_clean_years: parse("CHARITY_CLEAN_YEARS", defaults.charity_clean_years)?,
            lottery_outlet_target: parse("LOTTERY_OUTLET_TARGET", defaults.lottery_outlet_target)?,
            lottery_bands: match var("LOTTERY_GRADE_BANDS") {
                None => defaults.lottery_bands,
                Some(v) => app::domain::lottery::Bands::parse(&v).map_err(|reason| ConfigError {
                    name: "LOTTERY_GRADE_BANDS",
                    reason: format!("{v:?}: {reason}"),
                })?,
            },
            lottery_excellent_image_percent: match parse(
                "LOTTERY_EXCELLENT_IMAGE_PERCENT",
                defaults.lottery_excellent_image_percent,
            )? {
                p if p <= 100 => p,
                p => {
                    return Err(ConfigError {
                        name: "LOTTERY_EXCELLENT_IMAGE_PERCENT",
                        reason: format!("{p}: at most 100"),
                    })
                }
            },
            lottery_rectify_days: parse("LOTTERY_RECTIFY_DAYS", defaults.lottery_rectify_days)?,
            complaint_reply_days: match parse("COMPLAINT_REPLY_DAYS", defaults.complaint_reply_days)? {
                0 => return Err(ConfigError { name: "COMPLAINT_REPLY_DAYS", reason: "0: at least 1".into() }),
                n => n,
            },
            complaint_min_fill_seconds: parse("COMPLAINT_MIN_FILL_SECONDS", defaults.complaint_min_fill_seconds)?,
            date_min: parse("DATE_MIN", defaults.date_min)?,
            date_max: parse("DATE_MAX", defaults.date_max)?,
            import_retention_days: parse("IMPORT_RETENTION_DAYS", defaults.import_retention_days)?,
            import_stale_seconds: match parse("IMPORT_STALE_SECONDS", defaults.import_stale_seconds)? {
                s if s >= 10 => s,
                s => return Err(ConfigError { name: "IMPORT_STALE_SECONDS", reason: format!("{s}: at least 10") }),
            },
            pdf_font: var("PDF_FONT").unwrap_or(defaults.pdf_font),
            pdf_font_index: parse("PDF_FONT_INDEX", defaults.pdf_font_index)?,
            trust_report_due: match var("TRUST_REPORT_DUE") {
                None => defaults.trust_report_due,
                Some(v) => app::domain::trust::parse_month_day(&v).ok_or_else(|| ConfigError {
                    name: "TRUST_REPORT_DUE",
                    reason: format!("{v:?}: a day of the year MM-DD, e.g. 03-31"),
                })?,
            },
            trade_branch_name_prefix: parse("TRADE_BRANCH_NAME_PREFIX", defaults.trade_branch_name_prefix)?,
        };
        Ok(Config {
            database_url: var("DATABASE_URL").unwrap_or_else(|| "sqlite://data/sunshine.db?mode=rwc".into()),
            bind_addr,
            smtp_url: var("SMTP_URL"),
            smtp_ca_file: var("SMTP_CA_FILE").map(PathBuf::from),
            mail_dir: var("MAIL_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("data/mail")),
            mail_from: var("MAIL_FROM").unwrap_or_else(|| "阳光监管 <noreply@sunshine.local>".into()),
            mail_poll_seconds: parse("MAIL_POLL_SECONDS", 5)?,
            mail_lease_seconds: match parse("MAIL_LEASE_SECONDS", 120)? {
                n @ 1..=86_400 => n,
                n => return Err(ConfigError { name: "MAIL_LEASE_SECONDS", reason: format!("{n}: from 1 to 86400") }),
            },
            site_root: var("SITE_ROOT").unwrap_or_else(|| "target/site".into()),
            migrate_on_start: parse("MIGRATE_ON_START", true)?,
            data_dir: var("DATA_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("data")),
            backup_dir: var("BACKUP_DIR").map(PathBuf::from),
            backup_keep: match parse("BACKUP_KEEP", 14usize)? {
                0 => return Err(ConfigError { name: "BACKUP_KEEP", reason: "0: at least 1".into() }),
                n => n,
            },
            audit_key: var("AUDIT_KEY").map(|k| check_secret("AUDIT_KEY", k)).transpose()?,
            settings,
        })
    }

    /// Sets `settings.secret` from the data folder when `SESSION_SECRET` is not set
    /// (see [`session_secret`]).
    pub fn resolve_secret(&mut self) -> Result<(), ConfigError> {
        if self.settings.secret.is_empty() {
            self.settings.secret = session_secret(None, &self.data_dir)?;
        }
        Ok(())
    }

    /// Sets `audit_key` from the data folder when `AUDIT_KEY` is not set (see
    /// [`audit_key`]); `create`: make the file if there is none (commands that
    /// write), otherwise leave the key unset (commands that only check).
    pub fn resolve_audit_key(&mut self, create: bool) -> Result<(), ConfigError> {
        if self.audit_key.is_none() {
            self.audit_key = audit_key(None, &self.data_dir, create)?;
        }
        Ok(())
    }
}

/// Shortest secret accepted, in bytes.
pub const MIN_SECRET_BYTES: usize = 32;

/// The name of the generated secret's file in the data folder.
pub const SECRET_FILE: &str = "session_secret";

/// The name of the generated audit key's file in the data folder.
pub const AUDIT_KEY_FILE: &str = "audit_key";

fn check_secret(name: &'static str, secret: String) -> Result<String, ConfigError> {
    let secret = secret.trim().to_string();
    if secret.len() < MIN_SECRET_BYTES {
        return Err(ConfigError {
            name,
            reason: format!(
                "{} bytes is too short: at least {MIN_SECRET_BYTES} bytes (for example `openssl rand -hex 32`)",
                secret.len()
            ),
        });
    }
    Ok(secret)
}

/// The key that signs flash cookies: `from_env` (`SESSION_SECRET`) when set,
/// otherwise the one kept in `<data_dir>/session_secret`, made on first start
/// (64 random hex digits, mode 0600) and read on later starts. Several servers
/// must share it: set `SESSION_SECRET` on each, or share the data folder. A
/// secret shorter than 32 bytes, or a file others may read, is refused.
pub fn session_secret(from_env: Option<String>, data_dir: &Path) -> Result<String, ConfigError> {
    let secret = kept_secret("SESSION_SECRET", SECRET_FILE, from_env, data_dir, true)?;
    secret.ok_or_else(|| ConfigError { name: "SESSION_SECRET", reason: "no secret".into() })
}

/// The key of the audit chain's MACs, its own (never the session secret):
/// `from_env` (`AUDIT_KEY`) when set, otherwise the one kept in
/// `<data_dir>/audit_key`, made (when `create`) and checked as
/// [`session_secret`]'s. None when there is neither and `create` is false.
/// Back it up with the database: without it the keyed records cannot be
/// checked, and a server refuses to write to a chain sealed by another key.
pub fn audit_key(from_env: Option<String>, data_dir: &Path, create: bool) -> Result<Option<String>, ConfigError> {
    kept_secret("AUDIT_KEY", AUDIT_KEY_FILE, from_env, data_dir, create)
}

/// A secret from the environment variable `name` (`from_env`) or the file
/// `file` of the data folder, generated there first when missing and `create`.
fn kept_secret(
    name: &'static str,
    file: &str,
    from_env: Option<String>,
    data_dir: &Path,
    create: bool,
) -> Result<Option<String>, ConfigError> {
    if let Some(s) = from_env.filter(|s| !s.trim().is_empty()) {
        return check_secret(name, s).map(Some);
    }
    let path = data_dir.join(file);
    let io = |what: &str, e: std::io::Error| ConfigError { name, reason: format!("{what} {}: {e}", path.display()) };
    if !path.exists() {
        if !create {
            return Ok(None);
        }
        std::fs::create_dir_all(data_dir).map_err(|e| io("creating the folder of", e))?;
        write_new_secret(&path).map_err(|e| io("writing", e))?;
        tracing::info!(file = %path.display(), "generated {name} (unset): keep this file with the database's backups");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).map_err(|e| io("reading", e))?.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(ConfigError {
                name,
                reason: format!("{} may be read by others (mode {mode:o}): `chmod 600` it", path.display()),
            });
        }
    }
    let secret = std::fs::read_to_string(&path).map_err(|e| io("reading", e))?;
    check_secret(name, secret)
        .map(Some)
        .map_err(|e| ConfigError { name, reason: format!("{}: {}", path.display(), e.reason) })
}

/// Writes a new random secret to `path`, readable by the owner only. The file
/// appears whole or not at all (written aside, then linked), and a secret
/// another server wrote meanwhile is kept.
fn write_new_secret(path: &Path) -> std::io::Result<()> {
    use rand::RngCore;
    use std::io::Write;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let written = opts.open(&tmp).and_then(|mut f| {
        f.write_all(hex::encode(bytes).as_bytes())?;
        f.sync_all()
    });
    let linked = written.and_then(|()| std::fs::hard_link(&tmp, path));
    std::fs::remove_file(&tmp).ok();
    match linked {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => Err(e),
        _ => Ok(()),
    }
}
