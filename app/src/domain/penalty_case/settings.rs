//! The case rules' settings: the laws' numbers, and what a province or the
//! bureau sets.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The case rules' settings: the laws' numbers as defaults, and what the
/// province or the bureau sets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// Days from opening to the decision (行政处罚法 §60: 90).
    pub decision_days: u32,
    /// Most days of extension the bureau's rules allow by approval; the
    /// reference names none, so 0 (§60 defers to other laws and rules).
    pub max_extension_days: u32,
    /// Days the notice gives to state a case (the notice's own period; 5, as
    /// the hearing request).
    pub statement_days: u32,
    /// Days after the notice to request a hearing (§64(1): 5).
    pub hearing_request_days: u32,
    /// Days between the hearing's notice and the hearing, at least (§64(2): 7).
    pub hearing_notice_days: u32,
    /// Days to serve a decision not handed over when announced (§61: 7).
    pub decision_service_days: u32,
    /// The short periods (the 5 and 7 days above, and 行政强制法's 10) in
    /// working days (§85; 行政强制法 §69). `false` counts calendar days.
    pub short_periods_in_working_days: bool,
    /// Public holidays (weekends are never working days); the server's `HOLIDAYS`.
    pub holidays: Vec<NaiveDate>,
    /// Days after which a public notice counts as served (reference §7.4: 60,
    /// the practice seen; the 民事诉讼法 as amended in 2023 may say 30 — check
    /// before relying on the default).
    pub public_notice_days: u32,
    /// Days to apply for reconsideration (行政复议法 §20: 60).
    pub reconsideration_days: u32,
    /// Months to sue (行政诉讼法 §46: 6).
    pub lawsuit_months: u32,
    /// Days to pay a fine (§67: 15).
    pub payment_days: u32,
    /// Late-payment surcharge a day, in thousandths of the fine (§72: 3 % = 30).
    pub surcharge_permille_per_day: u32,
    /// Days between a demand to perform and an application to the court
    /// (行政强制法 §54: 10).
    pub demand_days: u32,
    /// Months after the remedies end to apply to the court (行政强制法 §53: 3).
    pub court_months: u32,
    /// Years after which an undiscovered violation is not punished (§36: 2).
    pub limitation_years: i32,
    /// A "large" fine or confiscation (较大数额, §63), set by each province:
    /// for an organization, in 分. Default ¥10,000, the low end of the
    /// provinces' figures, so no party loses a hearing by default.
    pub large_amount_org_fen: i64,
    /// The same for a person. Default ¥1,000.
    pub large_amount_person_fen: i64,
    /// A decided case closes only when the reconsideration and lawsuit
    /// periods have run out (a closed case is not reopened by a late annulment).
    pub close_waits_for_remedies: bool,
    /// A lighter penalty (从轻) fines at most this share of the way from the
    /// tier's minimum to its maximum (the discretion standard's midpoint: 50).
    pub lighter_max_pct: u32,
    /// A heavier penalty (从重) fines at least this share of the way (50).
    pub heavier_min_pct: u32,
    /// The decision number's prefix (`阳民罚〔2026〕12号`).
    pub decision_prefix: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            decision_days: 90,
            max_extension_days: 0,
            statement_days: 5,
            hearing_request_days: 5,
            hearing_notice_days: 7,
            decision_service_days: 7,
            short_periods_in_working_days: true,
            holidays: Vec::new(),
            public_notice_days: 60,
            reconsideration_days: 60,
            lawsuit_months: 6,
            payment_days: 15,
            surcharge_permille_per_day: 30,
            demand_days: 10,
            court_months: 3,
            limitation_years: 2,
            large_amount_org_fen: 1_000_000,
            large_amount_person_fen: 100_000,
            close_waits_for_remedies: true,
            lighter_max_pct: 50,
            heavier_min_pct: 50,
            decision_prefix: "阳民罚".into(),
        }
    }
}
