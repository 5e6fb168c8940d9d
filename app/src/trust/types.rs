//! Wire types of charitable trusts. Inputs are typed strings checked by the
//! service: no form sets a state, a filing number, the days late or who filed.

use serde::{Deserialize, Serialize};

/// Trusts a page (the public list and the officers' list).
pub const PER_PAGE: u64 = 20;

/// A filing as the multipart form sends it (the contract travels beside it).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FilingInput {
    pub name: String,
    /// The trust company's name (officers' form; a charity files as itself).
    pub trustee_name: String,
    /// The trust company's contact e-mail (officers' form).
    pub contact_email: String,
    /// Natural persons among the settlors, one a line (masked in public).
    pub settlor_persons: String,
    /// Organizations among the settlors, one a line.
    pub settlor_orgs: String,
    pub supervisor: String,
    /// Purpose codes separated by commas (`domain::trust::Purpose`).
    pub purposes: String,
    pub purpose_note: String,
    /// Yuan.
    pub size: String,
    pub start_on: String,
    /// Blank: a perpetual trust.
    pub end_on: String,
    pub beneficiaries: String,
    pub signed_on: String,
}

/// The contract's file as uploaded.
#[derive(Clone, Debug)]
pub struct ContractUpload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// Returning a filing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReturnInput {
    pub reason: String,
}

/// Changes filed together: one, or several made in one month.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChangeInput {
    /// The kinds of change, one checkbox each (any value: checked).
    pub kind_trustee: String,
    pub kind_supervisor: String,
    pub kind_size: String,
    pub kind_term: String,
    pub kind_purpose: String,
    pub kind_beneficiaries: String,
    pub kind_other: String,
    /// The day of the (first) change.
    pub first_on: String,
    /// The day of the last change filed with it; blank: one change.
    pub last_on: String,
    pub description: String,
    /// The new size in yuan, when the size changed.
    pub new_size: String,
}

/// A yearly report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportInput {
    pub year: String,
    pub income: String,
    pub spending: String,
    pub charitable: String,
    pub assets: String,
    pub note: String,
}

/// Filters of the lists, from the query string.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrustFilter {
    /// Part of the trust's name, the trustee's name or the filing number.
    pub q: String,
    /// The year of filing, or "".
    pub year: String,
    /// A stored state, or "" (the public list shows accepted trusts only,
    /// and filters by `in_force` | `ended` | `overdue`).
    pub status: String,
    pub page: u64,
}

/// One trust in a list (also a record of the open data API and the public CSV).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TrustRow {
    pub id: i64,
    pub name: String,
    pub filing_no: Option<String>,
    pub state: String,
    pub trustee_kind: String,
    pub trustee_name: String,
    pub size_fen: i64,
    pub signed_on: String,
    pub filed_on: String,
    pub days_late: i32,
    pub start_on: String,
    pub end_on: Option<String>,
    /// Years whose report is past its deadline and not filed.
    pub overdue_years: Vec<i32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustPage {
    pub rows: Vec<TrustRow>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
    /// The years a filter may choose.
    pub years: Vec<i32>,
}

/// A settlor as shown (a natural person's name masked on public pages).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettlorView {
    pub name: String,
    pub person: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeView {
    pub kinds: Vec<String>,
    pub first_on: String,
    pub last_on: String,
    pub description: String,
    pub old_size_fen: Option<i64>,
    pub new_size_fen: Option<i64>,
    pub due_on: String,
    pub filed_on: String,
    pub days_late: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportView {
    pub year: i32,
    pub income_fen: i64,
    pub spending_fen: i64,
    pub charitable_fen: i64,
    pub assets_fen: i64,
    pub note: String,
    pub due_on: String,
    pub filed_on: String,
    pub days_late: i32,
}

/// One trust with its history. On public pages: no contract, settlors who
/// are natural persons masked, no contact e-mail, no return reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustDetail {
    pub id: i64,
    pub name: String,
    pub filing_no: Option<String>,
    pub state: String,
    pub trustee_kind: String,
    pub trustee_org_id: Option<i64>,
    pub trustee_name: String,
    pub contact_email: String,
    pub settlors: Vec<SettlorView>,
    pub supervisor: String,
    pub purposes: Vec<String>,
    pub purpose_note: String,
    pub size_fen: i64,
    pub start_on: String,
    pub end_on: Option<String>,
    pub beneficiaries: String,
    pub signed_on: String,
    pub filed_on: String,
    pub filing_due: String,
    pub days_late: i32,
    pub return_reason: Option<String>,
    pub reviewed_on: Option<String>,
    /// The contract's file name (officers and the trustee only).
    pub contract: Option<String>,
    pub changes: Vec<ChangeView>,
    pub reports: Vec<ReportView>,
    pub overdue_years: Vec<i32>,
    /// Years a report may be filed for now (in force, not yet reported).
    pub reportable_years: Vec<i32>,
    pub today: String,
}

/// What the portal shows a charity's users: whether it may be a trustee and
/// its trusts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalTrusts {
    pub org_name: String,
    /// A charity of the register, active: it may file.
    pub may_file: bool,
    pub rows: Vec<TrustRow>,
}

/// The dashboard's and the year's figures.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustStats {
    /// Filings accepted and filed in the year.
    pub filed: u64,
    /// Their total size in 分.
    pub size_fen: i64,
    /// Of them, filed late.
    pub late: u64,
    /// Filings waiting for review (now).
    pub pending: u64,
    /// Reports found overdue and still not filed (now).
    pub overdue_reports: u64,
}
