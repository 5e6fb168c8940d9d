//! Wire types of the dashboard. A target's value is never typed: the service
//! computes it from the records.

use serde::{Deserialize, Serialize};

use crate::domain::dashboard::{Share, Unit};

/// A target as typed in the form (all strings, checked by the service).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TargetInput {
    pub year: String,
    pub name: String,
    pub measure: String,
    pub target: String,
}

/// The targets of a year as stored: (id, the values of the form).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetList {
    pub year: i32,
    pub targets: Vec<(i64, TargetInput)>,
}

/// One measure's value now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeasureValue {
    /// `Measure::as_str`.
    pub measure: String,
    pub unit: Unit,
    /// Tenths of a percent or a count.
    pub value: i64,
    /// Numerator and denominator of a share (organizations), when it is one.
    pub share: Option<Share>,
}

/// A target with the measure's value, progress and trend.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetView {
    pub id: i64,
    pub year: i32,
    pub name: String,
    pub measure: String,
    pub unit: Unit,
    pub target: i64,
    pub value: i64,
    /// Value ÷ target in tenths of a percent (may pass 1000).
    pub progress: i64,
    pub met: bool,
    /// `YYYY-MM` and the month's value (the current month live).
    pub trend: Vec<(String, i64)>,
    pub share: Option<Share>,
}

/// Registrations and exits of one month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthFlow {
    pub month: String,
    pub registered: u64,
    pub exited: u64,
}

/// An open queue or overdue item of a feature, with where to work on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueItem {
    /// Message key of the queue's name.
    pub key: String,
    pub open: u64,
    pub overdue: u64,
    pub href: String,
}

/// The officers' dashboard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DashboardView {
    pub year: i32,
    pub today: String,
    pub report_year: i32,
    pub targets: Vec<TargetView>,
    /// Every measure, targeted or not.
    pub measures: Vec<MeasureValue>,
    /// Organizations by type and status: (type, status, count).
    pub counts: Vec<(String, String, u64)>,
    pub months: Vec<MonthFlow>,
    pub queues: Vec<QueueItem>,
    /// Suspected illegal organizations ended in the year, by outcome: (stored state, count).
    pub illegal_handled: Vec<(String, u64)>,
    /// Penalty cases by state, this year's decisions by penalty kind and
    /// complaints by outcome.
    pub enforcement: Vec<StatRow>,
    /// Charitable trusts: filed in the year, their size, late filings,
    /// filings waiting, reports overdue (`trust::service::stats`).
    pub trusts: Vec<StatRow>,
    /// Party building: the two coverages by type and district, this year's checks.
    pub party: crate::party::types::PartyFigures,
    /// How long the figures took to compute, in milliseconds.
    pub elapsed_ms: u64,
}

/// One figure of the year-end statistics.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatRow {
    /// Message key of the figure's name.
    pub key: String,
    /// A qualifier shown after the name (a grade, a type …), may be empty.
    pub detail: String,
    pub value: String,
}

/// A section of the year-end statistics.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatSection {
    pub key: String,
    pub rows: Vec<StatRow>,
}

/// The year-end statistics of a year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearStats {
    pub year: i32,
    pub bureau: String,
    pub generated: String,
    pub sections: Vec<StatSection>,
}

pub const STATS_CSV_HEADER: [&str; 4] = ["部分", "指标", "说明", "数值"];

/// The public headline figures (no personal data).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicStats {
    pub today: String,
    pub year: i32,
    pub report_year: i32,
    /// Active organizations by type.
    pub active_by_type: Vec<(String, u64)>,
    pub active_total: u64,
    pub registered_this_year: u64,
    pub participation: i64,
    /// Organizations with a grade in force by grade (5A first).
    pub rated_by_grade: Vec<(String, u64)>,
    pub abnormal_list: u64,
    pub serious_list: u64,
    pub charities: u64,
    pub qualified_charities: u64,
    pub raised_this_year_fen: i64,
    pub outlets: u64,
    pub inspections_published: u64,
}
