//! Wire types of the double-random inspections (never entities).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The inspector form (strings as typed, checked on the server).
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct InspectorInput {
    pub name: String,
    pub unit: String,
    pub email: String,
    #[serde(default)]
    pub phone: String,
    pub cert_no: String,
    pub cert_valid_until: String,
    #[serde(default)]
    pub districts: String,
    /// A checkbox: present when ticked.
    #[serde(default)]
    pub active: Option<String>,
    /// The partner department's code or name; blank: the bureau.
    #[serde(default)]
    pub department: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ConflictView {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub credit_code: String,
    pub reason: String,
    pub declared_on: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct ConflictInput {
    pub credit_code: String,
    pub reason: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct InspectorView {
    pub id: i64,
    pub name: String,
    pub unit: String,
    pub email: String,
    pub phone: String,
    pub cert_no: String,
    pub cert_valid_until: String,
    pub districts: String,
    pub active: bool,
    pub has_account: bool,
    pub open_targets: i64,
    pub conflicts: Vec<ConflictView>,
    /// The partner department (None: the bureau), its code and name.
    #[serde(default)]
    pub department_id: Option<i64>,
    #[serde(default)]
    pub department_code: String,
    #[serde(default)]
    pub department: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct InspectorFilter {
    #[serde(default)]
    pub q: String,
    /// '' | active | inactive
    #[serde(default)]
    pub active: String,
    /// '' (all) | bureau | a department's code
    #[serde(default)]
    pub department: String,
    #[serde(default)]
    pub page: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct InspectorPage {
    pub rows: Vec<InspectorView>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// Columns of the inspector CSV (export and import): (header, field).
pub const INSPECTOR_COLUMNS: [(&str, &str); 8] = [
    ("姓名", "name"),
    ("单位", "unit"),
    ("电子邮箱", "email"),
    ("电话", "phone"),
    ("执法证号", "cert_no"),
    ("执法证有效期至", "cert_valid_until"),
    ("负责区", "districts"),
    ("在岗", "active"),
];

/// The optional column of the inspector CSV: the partner department's name or
/// code (blank or absent: the bureau). Files without it still import.
pub const INSPECTOR_DEPARTMENT_COLUMN: (&str, &str) = ("所属部门", "department");

/// The job kind of the inspector import.
pub const INSPECTOR_IMPORT_KIND: &str = "inspectors";

/// The campaign form.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct CampaignInput {
    pub name: String,
    pub year: String,
    pub kind: String,
    /// org (default) | outlet
    #[serde(default)]
    pub object_kind: String,
    #[serde(default)]
    pub filter_type: String,
    #[serde(default)]
    pub filter_district: String,
    #[serde(default)]
    pub filter_credit: String,
    #[serde(default)]
    pub filter_rating: String,
    /// Trade associations only (行业协会商会): empty, `yes`, or a sector code.
    #[serde(default)]
    pub filter_trade: String,
    pub strata_by: String,
    pub size_mode: String,
    pub size_value: String,
    #[serde(default)]
    pub risk_percent: String,
    pub per_target: String,
    pub max_per_inspector: String,
    pub period_from: String,
    pub period_to: String,
    pub items: String,
    pub beacon_source: String,
    /// '' (every organization) | charity (recognized charities only)
    #[serde(default)]
    pub population: String,
    /// Joint campaign: the participating departments ticked (`d<id>` keys).
    #[serde(default)]
    pub departments: Option<BTreeMap<String, String>>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct CampaignRow {
    pub id: i64,
    pub name: String,
    pub year: i32,
    pub kind: String,
    pub status: String,
    pub population_size: Option<i32>,
    pub targets: i64,
    pub published: i64,
    pub late: i64,
    pub period_from: String,
    pub period_to: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct StratumView {
    pub key: String,
    pub size: i64,
    pub sample: i64,
    pub weighted: i64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct AssigneeView {
    pub inspector_id: i64,
    pub name: String,
    pub unit: String,
    pub confirmed: bool,
    /// The partner department drawn for (None and empty: the bureau).
    #[serde(default)]
    pub department_id: Option<i64>,
    #[serde(default)]
    pub department: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct AttachmentView {
    pub id: i64,
    pub file_name: String,
    pub size: i64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct TargetView {
    pub id: i64,
    pub campaign_id: i64,
    pub position: i32,
    pub stratum: String,
    pub by_weight: bool,
    /// org | outlet
    pub object_kind: String,
    pub object_id: i64,
    pub org_name: String,
    pub credit_code: String,
    pub district: String,
    pub address: String,
    /// Contact person and phone (empty on public pages).
    pub contact: String,
    pub inspectors: Vec<AssigneeView>,
    pub status: String,
    pub checked_items: Vec<String>,
    pub findings: String,
    pub outcome: Option<String>,
    pub inspected_on: Option<String>,
    pub confirmed_on: Option<String>,
    pub publish_due: Option<String>,
    pub published_on: Option<String>,
    pub late: bool,
    pub version: i32,
    pub attachments: Vec<AttachmentView>,
    /// In a joint campaign, what each party found.
    #[serde(default)]
    pub findings_by_department: Vec<super::joint::DepartmentFinding>,
    /// The checklist answered item by item (empty for a result recorded
    /// before answers were kept, or none yet).
    #[serde(default)]
    pub answers: Vec<ItemAnswerView>,
}

/// One checklist item as the inspector answered it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ItemAnswerView {
    /// The item's position in the campaign's checklist, from 1.
    pub position: i32,
    /// The item as the checklist worded it when answered.
    pub item: String,
    /// `yes` (compliant, 合规), `no` (not compliant, 不合规) or `na` (not applicable, 不适用).
    pub answer: String,
    /// The inspector's note; always given for `no`, may be empty otherwise.
    pub note: String,
}

/// Delivery of one inspector's list.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct MailStatusView {
    pub inspector_id: i64,
    pub name: String,
    pub email: String,
    pub targets: i64,
    pub mails: i64,
    /// pending | sent | failed | none
    pub status: String,
    pub attempts: i32,
    pub last_error: String,
    pub sent_at: String,
}

/// The outcome of re-running a draw from its frozen inputs.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Verification {
    pub population_hash_ok: bool,
    pub seed_ok: bool,
    pub targets_ok: bool,
    pub inspectors_ok: bool,
}

impl Verification {
    pub fn ok(&self) -> bool {
        self.population_hash_ok && self.seed_ok && self.targets_ok && self.inspectors_ok
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct CampaignView {
    pub id: i64,
    pub name: String,
    pub year: i32,
    pub kind: String,
    pub object_kind: String,
    pub filter_type: String,
    pub filter_district: String,
    pub filter_credit: String,
    pub filter_rating: String,
    pub filter_trade: String,
    pub strata_by: String,
    pub size_mode: String,
    pub size_value: i32,
    pub risk_percent: i32,
    pub per_target: i32,
    pub max_per_inspector: i32,
    pub period_from: String,
    pub period_to: String,
    pub items: Vec<String>,
    pub beacon_source: String,
    pub status: String,
    pub population_size: Option<i32>,
    pub population_hash: Option<String>,
    pub nonce_hash: Option<String>,
    /// Revealed only after the draw.
    pub nonce: Option<String>,
    pub frozen_at: Option<String>,
    pub beacon_value: Option<String>,
    pub seed: Option<String>,
    pub algorithm: Option<String>,
    pub drawn_at: Option<String>,
    pub minimum_sample: i64,
    pub strata: Vec<StratumView>,
    pub targets: Vec<TargetView>,
    pub mails: Vec<MailStatusView>,
    pub verification: Option<Verification>,
    /// '' | charity
    #[serde(default)]
    pub population: String,
    /// A joint campaign's departments (empty: the bureau's alone).
    #[serde(default)]
    pub departments: Vec<super::joint::JointDepartmentView>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct DrawInput {
    pub beacon_value: String,
}

/// An inspector's result of one target.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct ResultInput {
    /// Each checklist item's answer (`i<n>` → `yes` | `no` | `na`; one radio
    /// group an item, `n` its index from 0).
    #[serde(default)]
    pub answers: Option<BTreeMap<String, String>>,
    /// Each item's note (`i<n>` → text; required for `no`).
    #[serde(default)]
    pub notes: Option<BTreeMap<String, String>>,
    #[serde(default)]
    pub findings: String,
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub inspected_on: String,
    #[serde(default)]
    pub version: String,
    /// A joint campaign's findings by party (`b` the bureau, `d<id>` a department).
    #[serde(default)]
    pub by_department: Option<BTreeMap<String, String>>,
}

/// An inspector's home: their assignments, newest campaign first.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct AssignmentRow {
    pub target_id: i64,
    pub campaign_id: i64,
    pub campaign: String,
    pub period_to: String,
    pub org_name: String,
    pub credit_code: String,
    pub district: String,
    pub status: String,
    pub confirmed_by_me: bool,
}

/// One target as its inspector works it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct InspectorTarget {
    pub campaign: CampaignRow,
    pub items: Vec<String>,
    pub target: TargetView,
    pub me: i64,
    pub confirmed_by_me: bool,
    /// A joint campaign's departments (id, name); empty otherwise.
    #[serde(default)]
    pub departments: Vec<(i64, String)>,
}

/// A rectification (整改) ordered by a published "rectify" result, as its
/// organization and the officers see it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct RectificationView {
    pub id: i64,
    pub target_id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub credit_code: String,
    pub campaign_id: i64,
    pub campaign: String,
    pub inspected_on: Option<String>,
    pub findings: String,
    pub ordered_on: String,
    pub due_on: String,
    /// ordered | reported | accepted | returned
    pub status: String,
    /// Past the deadline and not accepted.
    pub overdue: bool,
    /// Days to the deadline (negative once passed).
    pub days_left: i64,
    pub report: Option<String>,
    pub reported_at: Option<String>,
    pub reported_by: Option<String>,
    pub review_note: Option<String>,
    pub reviewed_at: Option<String>,
    pub reviewed_by: Option<String>,
    pub version: i32,
    /// The checklist as answered by the result that ordered it.
    #[serde(default)]
    pub answers: Vec<ItemAnswerView>,
}

/// The officers' list of rectifications.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct RectificationFilter {
    /// '' | ordered | reported | accepted | returned
    #[serde(default)]
    pub status: String,
    /// "1": only the overdue ones.
    #[serde(default)]
    pub overdue: String,
    /// A part of the organization's name or credit code.
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub page: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct RectificationPage {
    pub rows: Vec<RectificationView>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// The organization's report of what it did.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct RectificationReportInput {
    #[serde(default)]
    pub report: String,
    #[serde(default)]
    pub version: String,
}

/// An officer's review: `decision` accept | return, with a note (required to return).
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct RectificationReviewInput {
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub version: String,
}
