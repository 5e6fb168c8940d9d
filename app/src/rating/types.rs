//! Wire types of rating. Inputs are typed strings checked by the service; a
//! client never sets a status, a final score, a grade or validity dates.

use serde::{Deserialize, Serialize};

pub const PER_PAGE: u64 = 20;

/// Application statuses, in the order of the lifecycle.
pub const STATUSES: [&str; 8] =
    ["applied", "eligible", "ineligible", "scoring", "scored", "notice", "granted", "not_rated"];

/// Opens a round.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RoundInput {
    pub year: String,
    pub title: String,
    /// Checked organization types as `input[org_types][social_group]=on`; at least one.
    pub org_types: std::collections::BTreeMap<String, String>,
    pub apply_from: String,
    pub apply_to: String,
    pub notice_days: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundView {
    pub id: i64,
    pub year: i32,
    pub title: String,
    pub org_types: Vec<String>,
    pub apply_from: String,
    pub apply_to: String,
    pub notice_days: i32,
    /// Whether applications are accepted today.
    pub open: bool,
    pub applications: u64,
}

/// An organization's application in the portal.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApplyInput {
    pub round_id: i64,
    /// The organization's own total on the sheet (0–1000).
    pub self_score: String,
    pub self_assessment: String,
}

/// A list filter (query string).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AppFilter {
    pub round_id: i64,
    pub status: String,
    pub q: String,
    /// 0-based
    pub page: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppRow {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub credit_code: String,
    pub org_type: String,
    pub status: String,
    pub self_score: i32,
    /// Tenths of a point.
    pub final_score: Option<i32>,
    pub grade: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundPage {
    pub round: RoundView,
    pub rows: Vec<AppRow>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemView {
    pub id: i64,
    pub group_no: i32,
    pub group_name: String,
    pub item_no: i32,
    pub name: String,
    pub max_points: i32,
    /// `rating_item.kind`: `party` for the party-building item, else ''.
    pub kind: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PanelMember {
    pub expert_id: i64,
    pub name: String,
    pub submitted: bool,
    pub total: Option<i32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectionView {
    pub id: i64,
    pub name: String,
    pub contact: String,
    pub body: String,
    /// open | upheld | dismissed
    pub status: String,
    pub resolution: String,
    pub created_at: String,
}

/// An expert who may be put on a panel, or why not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpertChoice {
    pub id: i64,
    pub name: String,
    pub affiliation: String,
    /// Empty when the expert may score this organization; else the reason key.
    pub excluded: String,
}

/// One application as the officer sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationView {
    pub id: i64,
    pub round: RoundView,
    pub org_id: i64,
    pub org_name: String,
    pub credit_code: String,
    pub org_type: String,
    pub registration_date: String,
    pub supervisory_unit: String,
    pub status: String,
    pub self_score: i32,
    pub self_assessment: String,
    /// none | simplified | full
    pub rerating: String,
    pub decision_note: String,
    pub final_score: Option<i32>,
    pub grade: Option<String>,
    pub notice_from: Option<String>,
    pub notice_to: Option<String>,
    pub panel: Vec<PanelMember>,
    pub experts: Vec<ExpertChoice>,
    pub objections: Vec<ObjectionView>,
    /// Whether the notice period is over (grant allowed when no objection is open).
    pub notice_over: bool,
    pub grade_id: Option<i64>,
}

/// Officer's eligibility decision.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EligibilityInput {
    /// eligible | ineligible
    pub decision: String,
    pub note: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PanelInput {
    /// Checked experts as `input[experts][<user id>]=on`.
    pub experts: std::collections::BTreeMap<String, String>,
}

/// One expert's sheet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetView {
    pub application_id: i64,
    pub org_name: String,
    pub org_type: String,
    pub year: i32,
    pub sheet_title: String,
    pub items: Vec<ItemView>,
    /// Points given so far, by item id (as typed).
    pub points: Vec<(i64, i32)>,
    pub submitted: bool,
    pub total: Option<i32>,
    pub self_assessment: String,
    /// Whether the application can still be scored.
    pub open: bool,
    /// The organization's party building, shown at the sheet's
    /// party-building item (`None` when the sheet has none).
    pub party: Option<crate::party::types::PartySummary>,
}

/// An expert's points: `points[item_id]` = whole points; `intent` save | submit.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScoreInput {
    pub intent: String,
    pub points: std::collections::BTreeMap<String, String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    pub application_id: i64,
    pub org_name: String,
    pub org_type: String,
    pub year: i32,
    pub status: String,
    pub submitted: bool,
    pub total: Option<i32>,
}

/// A result in its public notice period, or recently granted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeRow {
    pub application_id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub credit_code: String,
    pub org_type: String,
    pub year: i32,
    pub final_score: Option<i32>,
    pub grade: Option<String>,
    pub notice_from: String,
    pub notice_to: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ObjectionInput {
    pub application_id: i64,
    pub name: String,
    pub contact: String,
    pub body: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResolveInput {
    /// upheld | dismissed
    pub decision: String,
    /// Required when upheld: the revised final score, e.g. `812.5`.
    pub revised_score: String,
    pub resolution: String,
}

/// A granted grade.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeView {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub credit_code: String,
    pub org_type: String,
    pub district: String,
    pub grade: String,
    pub granted_grade: String,
    pub score: i32,
    pub announced_on: String,
    pub valid_from: String,
    pub valid_to: String,
    /// active | cancelled | superseded | expired
    pub status: String,
    pub certificate_no: String,
    pub changes: Vec<ChangeView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeView {
    pub kind: String,
    pub event: String,
    pub event_date: String,
    pub reason: String,
    pub from_grade: String,
    pub to_grade: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct GradeFilter {
    pub q: String,
    pub grade: String,
    /// Officers: `expiring` lists grades expiring within six months.
    pub scope: String,
    pub page: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradePage {
    pub rows: Vec<GradeView>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// A downgrade or cancellation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChangeInput {
    pub event: String,
    pub event_date: String,
    pub reason: String,
}

/// An organization's rating as its portal and public page show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgRating {
    pub grade: Option<GradeView>,
    /// Latest application: (year, status).
    pub application: Option<(i32, String)>,
    pub open_rounds: Vec<RoundView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpertRow {
    pub id: i64,
    pub username: String,
    pub name: String,
    pub affiliation: String,
    pub active: bool,
    pub exclusions: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpertPage {
    pub rows: Vec<ExpertRow>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExpertInput {
    pub expert_id: i64,
    pub affiliation: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExclusionInput {
    pub expert_id: i64,
    pub credit_code: String,
    /// conflict | former_member | supervisory_unit | other
    pub reason: String,
    pub note: String,
}

pub const EXCLUSION_REASONS: [&str; 4] = ["conflict", "former_member", "supervisory_unit", "other"];

/// Rating KPIs against their targets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KpiView {
    pub year: i32,
    pub eligible: u64,
    pub rated: u64,
    pub top: u64,
    pub new_top: u64,
    pub coverage_target: f64,
    pub top_share_target: f64,
    pub new_top_target: u64,
    /// Organizations with a grade in force, by grade (5A first).
    pub by_grade: Vec<(String, u64)>,
}

impl KpiView {
    /// Rated ÷ eligible, in tenths of a percent.
    pub fn coverage_permille(&self) -> u64 {
        (self.rated * 1000).checked_div(self.eligible).unwrap_or(0)
    }

    /// 3A and above ÷ rated, in tenths of a percent.
    pub fn top_share_permille(&self) -> u64 {
        (self.top * 1000).checked_div(self.rated).unwrap_or(0)
    }
}

pub const GRADE_CSV_HEADER: [&str; 8] =
    ["统一社会信用代码", "名称", "类型", "区", "等级", "有效期起", "有效期至", "证书编号"];
