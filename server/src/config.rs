//! Typed configuration from environment variables, each with a default and
//! documented in the README. Bad values stop the server at boot.

use std::net::SocketAddr;
use std::path::PathBuf;

use app::state::Settings;

#[derive(Clone, Debug)]
pub struct Config {
    /// `DATABASE_URL`: `sqlite://data/sunshine.db?mode=rwc` (default) or `postgres://…`.
    pub database_url: String,
    /// `BIND_ADDR`: `127.0.0.1:3000`.
    pub bind_addr: SocketAddr,
    /// `SMTP_URL`: `smtp://[user:password@]host[:port]`; empty (default) writes `.eml` files to `MAIL_DIR`.
    pub smtp_url: Option<String>,
    /// `MAIL_DIR`: `data/mail`.
    pub mail_dir: PathBuf,
    /// `MAIL_FROM`: `阳光监管 <noreply@sunshine.local>`.
    pub mail_from: String,
    /// `MAIL_POLL_SECONDS`: how often the outbox worker looks for mail (5).
    pub mail_poll_seconds: u64,
    /// `SITE_ROOT`: the folder with `pkg/` (the browser bundle), `target/site`.
    pub site_root: String,
    /// `MIGRATE_ON_START`: run pending migrations when serving (true).
    pub migrate_on_start: bool,
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
        let secret = var("SESSION_SECRET").unwrap_or_else(|| "dev-only-secret-change-me".into());
        if secret.len() < 16 {
            return Err(ConfigError { name: "SESSION_SECRET", reason: "must be at least 16 characters".into() });
        }
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
            inspection_min_percent: parse("INSPECTION_MIN_PERCENT", defaults.inspection_min_percent)?,
            inspection_min_per_year: parse("INSPECTION_MIN_PER_YEAR", defaults.inspection_min_per_year)?,
            inspection_publish_days: parse("INSPECTION_PUBLISH_DAYS", defaults.inspection_publish_days)?,
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
        };
        Ok(Config {
            database_url: var("DATABASE_URL").unwrap_or_else(|| "sqlite://data/sunshine.db?mode=rwc".into()),
            bind_addr,
            smtp_url: var("SMTP_URL"),
            mail_dir: var("MAIL_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("data/mail")),
            mail_from: var("MAIL_FROM").unwrap_or_else(|| "阳光监管 <noreply@sunshine.local>".into()),
            mail_poll_seconds: parse("MAIL_POLL_SECONDS", 5)?,
            site_root: var("SITE_ROOT").unwrap_or_else(|| "target/site".into()),
            migrate_on_start: parse("MIGRATE_ON_START", true)?,
            settings,
        })
    }
}
