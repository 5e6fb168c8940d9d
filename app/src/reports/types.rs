//! Wire types of annual reports. The form travels as typed strings
//! ([`ReportForm`]); a client never sets a report's status, figures or review.

use serde::{Deserialize, Serialize};

pub use crate::domain::annual_report::ReportForm;

/// A finding of the checks, as shown next to its field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingView {
    pub field: String,
    pub message: String,
    /// error | warning
    pub severity: String,
}

/// One row of a report's key figures (分), for comparisons and public pages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    pub income_total: i64,
    pub spend_total: i64,
    pub assets: i64,
    pub liabilities: i64,
    pub net_assets: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentView {
    pub id: i64,
    pub kind: String,
    pub file_name: String,
    pub size_bytes: i64,
    pub created_at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportEventView {
    pub kind: String,
    pub comment: String,
    pub actor: String,
    pub at: String,
}

/// A report as the organization and the reviewing officer see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportView {
    /// 0 when nothing is saved yet.
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub credit_code: String,
    pub org_type: String,
    pub district: String,
    pub year: i32,
    /// none | draft | submitted | returned | concluded
    pub status: String,
    pub editable: bool,
    pub deadline: String,
    pub form: ReportForm,
    /// The party-building section is required (a report of the current
    /// filing year or later).
    pub party_required: bool,
    /// The party section shown was filled in from the party record, not yet saved.
    pub party_prefilled: bool,
    pub findings: Vec<FindingView>,
    /// Whether last year's figures come from a report on file (then not asked for).
    pub prior_on_file: bool,
    pub previous: Option<PreviousYear>,
    pub submitted_at: Option<String>,
    pub return_comment: Option<String>,
    pub conclusion: Option<String>,
    pub conclusion_reason: Option<String>,
    pub attachments: Vec<AttachmentView>,
    pub history: Vec<ReportEventView>,
    pub version: i32,
}

/// Last year's report, side by side with this year's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PreviousYear {
    pub year: i32,
    pub form: ReportForm,
    pub conclusion: Option<String>,
}

/// Saves a draft (`intent` = `save`) or submits (`submit`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SaveInput {
    pub year: i32,
    pub version: i32,
    pub intent: String,
    pub form: ReportForm,
}

/// An officer's decision: return with a comment, or conclude.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReviewInput {
    /// return | conclude
    pub decision: String,
    /// qualified | basic | unqualified (conclude only)
    pub conclusion: String,
    pub comment: String,
}

/// Queue filters, from the query string.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct QueueFilter {
    pub year: i32,
    pub org_type: String,
    pub district: String,
    pub status: String,
    pub q: String,
    /// 0-based
    pub page: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRow {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub credit_code: String,
    pub org_type: String,
    pub district: String,
    pub year: i32,
    pub status: String,
    pub submitted_at: Option<String>,
    pub conclusion: Option<String>,
    pub warnings: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuePage {
    pub rows: Vec<QueueRow>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
    pub year: i32,
    pub years: Vec<i32>,
    pub districts: Vec<String>,
}

/// One filing obligation of an organization.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Obligation {
    pub year: i32,
    pub deadline: String,
    pub days_left: i64,
    /// none | draft | submitted | returned | concluded
    pub status: String,
    pub conclusion: Option<String>,
    pub overdue: bool,
}

/// What an organization user sees on the portal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PortalView {
    pub org: crate::registry::types::PublicOrg,
    pub obligations: Vec<Obligation>,
    /// Years whose deadline passed without a filing (flagged for the credit rules).
    pub missed_years: Vec<i32>,
}

/// A published conclusion, with summary figures only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicConclusion {
    pub year: i32,
    pub conclusion: String,
    pub figures: Figures,
}

/// Filed ÷ obliged for one group (a district, a type, or the whole city).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participation {
    pub label: String,
    pub obliged: u64,
    pub filed: u64,
}

impl Participation {
    /// The rate in tenths of a percent (975 = 97.5 %); 0 when nobody is obliged.
    pub fn permille(&self) -> u64 {
        (self.filed * 1000).checked_div(self.obliged).unwrap_or(0)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParticipationView {
    pub year: i32,
    pub target_percent: f64,
    pub overall: Participation,
    pub by_district: Vec<Participation>,
    pub by_type: Vec<Participation>,
    pub non_filers: Vec<NonFiler>,
    pub non_filer_total: u64,
    pub page: u64,
    pub per_page: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NonFiler {
    pub org_id: i64,
    pub name: String,
    pub credit_code: String,
    pub org_type: String,
    pub district: String,
    pub deadline: String,
    /// none | draft
    pub status: String,
}

/// Columns of the historic-report import file: (header, field).
pub const IMPORT_COLUMNS: [(&str, &str); 19] = [
    ("统一社会信用代码", "credit_code"),
    ("年度", "year"),
    ("捐赠收入", "income_donations"),
    ("政府补助收入", "income_grants"),
    ("提供服务收入", "income_services"),
    ("会费收入", "income_dues"),
    ("投资收益", "income_investment"),
    ("其他收入", "income_other"),
    ("收入合计", "income_total"),
    ("业务活动成本", "spend_activities"),
    ("管理费用", "spend_admin"),
    ("募捐成本", "spend_fundraising"),
    ("其他费用", "spend_other"),
    ("费用合计", "spend_total"),
    ("资产总额", "assets"),
    ("负债总额", "liabilities"),
    ("净资产", "net_assets"),
    ("年检结论", "conclusion"),
    ("结论说明", "reason"),
];

/// A supervisory unit's first review (初审) of a report waiting for it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FirstReviewInput {
    /// pass | return
    pub decision: String,
    /// The unit's opinion (passing) or the reason (returning): required.
    pub comment: String,
}
