//! Server-side state reached by server functions and SSR through context.

use std::sync::Arc;

use leptos::prelude::*;
use sea_orm::DatabaseConnection;

use crate::error::AppError;

/// Settings the application code needs (the server's typed config builds it).
#[derive(Clone, Debug)]
pub struct Settings {
    pub bureau_name: String,
    pub region_name: String,
    /// GB/T 2260 code of the registering authority (positions 3–8 of credit codes).
    pub region_code: String,
    /// Length of a term of office in years (届期), default 5.
    pub term_years: u32,
    pub session_idle_minutes: i64,
    /// Absolute lifetime of a session in hours, however active it is (12).
    pub session_max_hours: i64,
    /// Per-client request limits (see `server::limits`).
    pub rate_limits: RateLimits,
    /// Requests one server process handles at once; past that it answers 503 at once (256).
    pub max_in_flight: usize,
    /// A request taking longer is cut off with 503 (60 s).
    pub request_timeout_seconds: u64,
    /// Memory for copies of the public pages as anonymous visitors get them,
    /// in MiB; 0: none (32; see `server::web::page_cache`).
    pub page_cache_mb: u64,
    /// The server sits behind a trusted reverse proxy: a client's address is
    /// the last `X-Forwarded-For` entry instead of the connection's peer.
    pub trust_proxy: bool,
    pub lockout_attempts: i32,
    pub lockout_minutes: i64,
    pub invite_hours: i64,
    /// Public base URL used in e-mailed links, e.g. `http://127.0.0.1:3000`.
    pub public_url: String,
    /// Districts of the city, for filters and validation.
    pub districts: Vec<String>,
    /// Key that signs the flash cookie.
    pub secret: String,
    /// The year whose annual reports are being filed (default: last year).
    pub report_year: i32,
    /// A deadline for every type in `report_year`, overriding the regulations'
    /// (基金会 31 March, others 31 May of the next year).
    pub report_deadline: Option<chrono::NaiveDate>,
    /// Target participation rate (参检率) in percent.
    pub participation_target: f64,
    /// Largest attachment accepted, in bytes.
    pub max_attachment_bytes: usize,
    /// The unreachable test: the second returned letter between these many
    /// days after the first (domain reference §5.2, unsure: 15–30).
    pub unreachable_min_days: i64,
    pub unreachable_max_days: i64,
    /// Days an organization has to respond to a zombie-cleanup notice (60).
    pub zombie_notice_days: i64,
    /// Months without any activity after which a term-expired organization is a zombie candidate (24).
    pub zombie_inactive_months: u32,
    /// Target share of organizations with sound governance, in percent (90).
    pub governance_target: f64,
    /// Rating score bands (minimum points of 5A … 1A).
    pub rating_bands: crate::domain::rating::Bands,
    /// Target rating coverage (rated ÷ eligible) in percent.
    pub rating_coverage_target: f64,
    /// Target share of 3A and above among rated organizations, in percent.
    pub rating_top_share_target: f64,
    /// Target number of new 4A and 5A grades in a year.
    pub rating_new_top_target: u64,
    /// Whether a decision of minor penalties only (a warning, a fine below
    /// ¥50,000) lowers a grade in force (true: 评估办法 §30 names any
    /// administrative penalty; the 2026 revision stopped minor penalties from
    /// barring an application, so a bureau may set false).
    pub rating_downgrade_minor: bool,
    /// Yearly minimum share of a regular campaign, percent (city level 4 %, 民发〔2017〕45号).
    pub inspection_min_percent: u32,
    /// Yearly minimum number of organizations of a regular campaign (work plan: 50).
    pub inspection_min_per_year: usize,
    /// Working days after the confirmation within which results are published (practice: 20).
    pub inspection_publish_days: u32,
    /// Public holidays skipped when counting working days.
    pub inspection_holidays: Vec<chrono::NaiveDate>,
    /// Calendar days after a "rectify" result is published within which the
    /// organization rectifies (30; the rules give no number).
    pub inspection_rectify_days: u32,
    /// Share of recognized charities a charity campaign draws, percent (5; a setting, domain §6.4).
    pub charity_sample_percent: u32,
    /// Days a supervisory unit has for its first review of an annual report (15; no regulation's number).
    pub unit_review_days: u32,
    /// Years before applying for the public-fundraising qualification in which
    /// no administrative penalty may have been decided (domain reference §8.2,
    /// unsure: 1 since 2024, 2 before).
    pub charity_clean_years: i32,
    /// Target number of welfare-lottery outlets (open or suspended), 1,700.
    pub lottery_outlet_target: u64,
    /// Outlet grade bands: lowest points (of 100) of 5-star, 4-star, 3-star.
    pub lottery_bands: crate::domain::lottery::Bands,
    /// Share of the standardized-image points (percent) a 5-star outlet needs
    /// to be standardized-excellent (no national number: domain §9.4).
    pub lottery_excellent_image_percent: u32,
    /// Days to rectify inspection findings when no deadline is typed (unsure).
    pub lottery_rectify_days: u64,
    /// Working days within which a complaint is answered (15; `HOLIDAYS` skipped).
    pub complaint_reply_days: u32,
    /// Seconds a person takes at least to fill the public complaint form (5);
    /// a faster submission is refused as a robot's.
    pub complaint_min_fill_seconds: u64,
    /// The earliest and latest date any form accepts (`domain::input`;
    /// 1949-01-01 and 2100-12-31).
    pub date_min: chrono::NaiveDate,
    pub date_max: chrono::NaiveDate,
    /// Days an import's uploaded file is kept after its job ends (7; 0 deletes
    /// it as the job ends). The rows written and the errors found stay.
    pub import_retention_days: u32,
    /// Seconds without a heartbeat after which an import job left running is
    /// taken for one whose process died (120): a server starting ends such
    /// jobs. Its runner renews the heartbeat every quarter of it.
    pub import_stale_seconds: u64,
    /// The CJK font of the penalty documents' PDFs (`PDF_FONT`: a TrueType or
    /// OpenType file or collection; default Debian's `fonts-noto-cjk` serif)
    /// and the face's index in a collection (`PDF_FONT_INDEX`; 2 is Noto
    /// Serif CJK SC in Debian's file).
    pub pdf_font: String,
    pub pdf_font_index: u32,
    /// The deadline of a charitable trust's yearly report in the next year,
    /// (month, day) (`TRUST_REPORT_DUE`, 03-31: many localities' date; the
    /// law says only "at least once a year").
    pub trust_report_due: (u32, u32),
    /// Whether a trade association's branch must be named after the
    /// organization's full name (`TRADE_BRANCH_NAME_PREFIX`, true: 民发〔2014〕38号
    /// as recalled, not read in the source; `domain::trade::BranchRules`).
    pub trade_branch_name_prefix: bool,
}

/// Requests a client may send, each limit refilled evenly over its period;
/// 0 turns a limit off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimits {
    /// Sign-ins, one-time link checks and password settings, per minute (10).
    pub sign_in_per_minute: u32,
    /// Objections lodged against rating results, per hour (10).
    pub objections_per_hour: u32,
    /// Complaints sent through the public form, per hour (5).
    pub reports_per_hour: u32,
    /// Enquiries about a complaint by tracking number and code, per hour (20).
    pub report_checks_per_hour: u32,
    /// Other requests that are not GET without a signed-in session, per minute
    /// (120; the public pages' data calls from the browser are such requests).
    pub anonymous_per_minute: u32,
    /// Requests to the open data API (`/api/open/`), per minute (120).
    pub open_data_per_minute: u32,
}

impl RateLimits {
    /// No limits.
    pub const OFF: RateLimits = RateLimits {
        sign_in_per_minute: 0,
        objections_per_hour: 0,
        reports_per_hour: 0,
        report_checks_per_hour: 0,
        anonymous_per_minute: 0,
        open_data_per_minute: 0,
    };
}

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits {
            sign_in_per_minute: 10,
            objections_per_hour: 10,
            reports_per_hour: 5,
            report_checks_per_hour: 20,
            anonymous_per_minute: 120,
            open_data_per_minute: 120,
        }
    }
}

impl Settings {
    /// The filing deadline of `org_type` for `year`.
    pub fn report_deadline_for(&self, org_type: crate::domain::org_type::OrgType, year: i32) -> chrono::NaiveDate {
        match self.report_deadline {
            Some(d) if year == self.report_year => d,
            _ => crate::domain::annual_report::deadline(org_type, year),
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            bureau_name: "阳光市民政局".into(),
            region_name: "阳光市".into(),
            region_code: "440300".into(),
            term_years: 5,
            session_idle_minutes: 30,
            session_max_hours: 12,
            rate_limits: RateLimits::default(),
            max_in_flight: 256,
            request_timeout_seconds: 60,
            page_cache_mb: 32,
            trust_proxy: false,
            lockout_attempts: 5,
            lockout_minutes: 15,
            invite_hours: 72,
            public_url: "http://127.0.0.1:3000".into(),
            districts: [
                "福田区",
                "罗湖区",
                "南山区",
                "盐田区",
                "宝安区",
                "龙岗区",
                "龙华区",
                "坪山区",
                "光明区",
                "大鹏新区",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
            secret: "dev-only-secret-change-me".into(),
            report_year: {
                use chrono::Datelike;
                chrono::Utc::now().year() - 1
            },
            report_deadline: None,
            participation_target: 97.0,
            max_attachment_bytes: 10 * 1024 * 1024,
            unreachable_min_days: 15,
            unreachable_max_days: 30,
            zombie_notice_days: 60,
            zombie_inactive_months: 24,
            governance_target: 90.0,
            rating_bands: crate::domain::rating::Bands::default(),
            rating_coverage_target: 45.0,
            rating_top_share_target: 30.0,
            rating_new_top_target: 50,
            rating_downgrade_minor: true,
            inspection_min_percent: 4,
            inspection_min_per_year: 50,
            inspection_publish_days: 20,
            inspection_holidays: Vec::new(),
            inspection_rectify_days: 30,
            charity_sample_percent: crate::domain::charity_sample::DEFAULT_PERCENT,
            unit_review_days: crate::domain::supervisory_unit::DEFAULT_REVIEW_DAYS,
            charity_clean_years: 1,
            lottery_outlet_target: 1700,
            lottery_bands: crate::domain::lottery::Bands::default(),
            lottery_excellent_image_percent: 90,
            lottery_rectify_days: 15,
            complaint_reply_days: crate::domain::complaint::DEFAULT_REPLY_DAYS,
            complaint_min_fill_seconds: crate::domain::complaint::DEFAULT_MIN_FILL_SECONDS,
            date_min: crate::domain::input::DEFAULT_DATE_MIN,
            date_max: crate::domain::input::DEFAULT_DATE_MAX,
            import_retention_days: 7,
            import_stale_seconds: 120,
            pdf_font: DEFAULT_PDF_FONT.into(),
            pdf_font_index: 2,
            trust_report_due: (3, 31),
            trade_branch_name_prefix: true,
        }
    }
}

/// Where Debian's `fonts-noto-cjk` (installed by `scripts/setup.sh`) puts the
/// serif CJK collection.
pub const DEFAULT_PDF_FONT: &str = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc";

/// What a server process shares with every request: the database, the
/// settings, and the parts that features keep for the whole process (such as
/// the report-save writer), registered by type at start-up with [`AppState::with`]
/// — the kernel knows no feature's types.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
    parts: Arc<http::Extensions>,
}

impl AppState {
    pub fn new(db: DatabaseConnection, settings: Settings) -> AppState {
        AppState { db, settings: Arc::new(settings), parts: Arc::default() }
    }

    /// This state with a feature's part added (one of each type).
    pub fn with<T: Clone + Send + Sync + 'static>(mut self, part: T) -> AppState {
        Arc::make_mut(&mut self.parts).insert(part);
        self
    }

    /// A feature's part; a part that was never registered is a fault of the
    /// server's start-up (logged, an internal error).
    pub fn part<T: Send + Sync + 'static>(&self) -> Result<&T, AppError> {
        self.parts.get::<T>().ok_or_else(|| {
            tracing::error!(part = std::any::type_name::<T>(), "application state part not registered");
            AppError::Internal
        })
    }
}

/// The application state from context.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from context");
        AppError::Internal
    })
}
