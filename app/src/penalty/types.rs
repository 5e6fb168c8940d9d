//! Wire types of the penalty cases: the forms' inputs (never a case row: a
//! form cannot set a state, a number or a flag the rules did not allow) and
//! the views the pages show.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A new case, as the officers' form sends it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewCaseInput {
    /// officer | inspection | zombie | complaint | illegal
    pub source: String,
    /// The inspection target's, zombie case's, complaint's or illegal organization's id.
    pub source_id: String,
    /// organization | person
    pub party_kind: String,
    /// The registered organization's credit code (not needed when the
    /// source names it).
    pub credit_code: String,
    /// A person's name (for a person; an organization's is its registered name).
    pub party_name: String,
    /// A row of the violation table.
    pub violation_code: String,
    pub facts: String,
    pub discovered_on: String,
    pub violation_ended_on: String,
    /// The day the case was registered (blank: today).
    pub day: String,
}

/// Filters of the case list, from the query string.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CaseFilter {
    /// A stored state, or "" for all.
    pub state: String,
    /// Part of the party's name, its credit code or the decision number.
    pub q: String,
    /// "1": only cases with an overdue step.
    pub overdue: String,
    pub page: u64,
}

/// A penalty as pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SanctionView {
    /// The stored penalty (`fine`, `revocation`, …).
    pub penalty: String,
    pub amount_fen: i64,
    pub months: u32,
}

/// An overdue step: its kind (`decision`, `payment`, …) and the day it was due.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LateView {
    pub late: String,
    pub due: String,
    pub days: i64,
}

/// One case in the officers' list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRow {
    pub id: i64,
    pub party_name: String,
    pub credit_code: String,
    pub state: String,
    pub violation_code: String,
    pub opened_on: Option<String>,
    pub decided_on: Option<String>,
    pub decision_number: Option<String>,
    pub late: Vec<LateView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CasePage {
    pub rows: Vec<CaseRow>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// A deadline of the case: its message key and the day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineView {
    pub key: String,
    pub day: String,
    /// The day is behind today.
    pub passed: bool,
}

/// One step of the timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepView {
    pub action: String,
    pub from_state: String,
    pub to_state: String,
    pub day: String,
    pub officer: String,
    pub note: String,
    pub document_kind: Option<String>,
    pub document_number: Option<String>,
}

/// One file of evidence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceView {
    pub id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub at: String,
}

/// A service of a document as pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceView {
    pub method: String,
    pub on: String,
    /// The day it counts as served (a public notice's sixtieth day).
    pub served_on: String,
}

/// A case with its facts, timeline, evidence, deadlines and next steps.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseDetail {
    pub id: i64,
    pub org_id: Option<i64>,
    pub party_kind: String,
    pub party_name: String,
    pub credit_code: String,
    pub source: String,
    pub source_id: Option<i64>,
    /// The source as the officers know it: a complaint's tracking number.
    pub source_ref: Option<String>,
    pub state: String,
    pub violation_code: String,
    pub facts: String,
    pub discovered_on: Option<String>,
    pub violation_ended_on: Option<String>,
    pub opened_on: Option<String>,
    pub extension_days: i32,
    pub gravity: Option<String>,
    pub adjust: String,
    pub fine_base: Option<String>,
    pub fine_base_fen: Option<i64>,
    pub other_heavy: bool,
    pub hearing_right: bool,
    pub proposed: Vec<SanctionView>,
    pub decided: Vec<SanctionView>,
    pub decided_on: Option<String>,
    pub decision_number: Option<String>,
    pub decision_basis: Option<String>,
    pub notice: Option<ServiceView>,
    pub decision_service: Option<ServiceView>,
    pub statement_done: bool,
    pub hearing_waived: bool,
    pub hearing_requested_on: Option<String>,
    pub hearing_notice_on: Option<String>,
    pub hearing_on: Option<String>,
    pub legal_review_done: bool,
    pub appeal_pending: bool,
    pub fine_paid: bool,
    pub demand_served_on: Option<String>,
    pub annulled_on: Option<String>,
    /// The party's registration is revoked (an annulment leaves it so: only a registry act changes the register).
    pub registration_revoked: bool,
    /// The decision revoked the registration, and after its annulment the registry reinstated it.
    pub registration_reinstated: bool,
    pub opened_by: String,
    pub deadlines: Vec<DeadlineView>,
    pub late: Vec<LateView>,
    pub steps: Vec<StepView>,
    pub evidence: Vec<EvidenceView>,
    /// The steps offered now (stored action names), in the page's order.
    pub actions: Vec<String>,
    pub today: String,
}

/// One step, as its form sends it. Only the fields of the step's form
/// (`steps::fields`) are read.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StepInput {
    pub action: String,
    /// The day the step happened (blank: today); not in the future, not
    /// before the case's last step.
    pub day: String,
    pub note: String,
    /// in_person | left_at_address | post | electronic | public_notice
    pub method: String,
    pub electronic_consent: String,
    pub receipt_refused: String,
    pub other_methods_failed: String,
    /// The penalties: `<penalty>` = on, `<penalty>_amount` (yuan), `<penalty>_months`.
    pub sanctions: BTreeMap<String, String>,
    /// The tier (slight | ordinary | grave | serious), where the row has tiers.
    pub gravity: String,
    /// standard | lighter | heavier | reduced
    pub adjust: String,
    /// illegal_income | illegal_turnover, for a fine in multiples.
    pub fine_base: String,
    /// The illegal income or turnover, in yuan.
    pub fine_base_amount: String,
    pub other_heavy: String,
    pub legal_review_done: String,
    pub hearing_on: String,
    pub extension_days: String,
    pub demand_served_on: String,
    pub fine_paid: String,
}

/// Where a new case comes from, for its form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceView {
    pub source: String,
    pub source_id: i64,
    /// The registered organization (none for an illegal organization, named only).
    pub org_id: Option<i64>,
    pub org_name: String,
    pub credit_code: String,
}

/// A published decision (行政处罚法 §48): no personal data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PublicDecision {
    pub case_id: i64,
    pub decision_number: String,
    pub org_id: Option<i64>,
    /// The organization's name, or a person's surname with the rest masked.
    pub party_name: String,
    pub credit_code: String,
    pub regulation: String,
    pub article: String,
    pub description: String,
    pub penalties: Vec<SanctionView>,
    pub decided_on: String,
    pub office: String,
    /// The decision was annulled on this day (行政处罚法 §48: withdrawn, the
    /// withdrawal shown); its penalties are void.
    pub annulled_on: Option<String>,
}

/// The public list's search: a registered party's name, a credit code or a
/// decision number (`q`), the decision's year, a penalty kind; and the page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DecisionFilter {
    pub q: String,
    pub year: String,
    pub kind: String,
    pub page: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionPage {
    /// The years with published decisions, newest first (the search's choices).
    pub years: Vec<i32>,
    pub rows: Vec<PublicDecision>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// Counts of the cases for the dashboard and the year's statistics.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseStats {
    /// Every case by its state now (stored state, count).
    pub by_state: Vec<(String, u64)>,
    /// The cases registered in the year, by their state now.
    pub opened_by_state: Vec<(String, u64)>,
    /// The year's decisions (not annulled) by penalty kind.
    pub by_kind: Vec<(String, u64)>,
}
