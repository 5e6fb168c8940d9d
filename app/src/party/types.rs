//! Wire types of party building. The record's form is
//! `domain::party::RecordInput` (typed strings checked by the rules); no form
//! sets who saved, when, or a check's organization.

use serde::{Deserialize, Serialize};

pub use crate::domain::party::{Coverage, RecordInput};

/// Organizations a page of the officers' list.
pub const PER_PAGE: u64 = 20;

/// A saved party record as shown (officers and the organization only: the
/// instructor's phone is not public).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordView {
    pub kind: String,
    /// One a line.
    pub joint_with: String,
    pub none_reason: String,
    pub established_on: String,
    pub full_members: i32,
    pub probationary_members: i32,
    pub secretary: String,
    pub instructor_name: String,
    pub instructor_unit: String,
    pub instructor_phone: String,
    pub liaison: String,
    pub updated_at: String,
}

impl RecordView {
    /// The record as the form's values.
    pub fn input(&self) -> RecordInput {
        RecordInput {
            kind: self.kind.clone(),
            joint_with: self.joint_with.clone(),
            none_reason: self.none_reason.clone(),
            established_on: self.established_on.clone(),
            full_members: self.full_members.to_string(),
            probationary_members: self.probationary_members.to_string(),
            secretary: self.secretary.clone(),
            instructor_name: self.instructor_name.clone(),
            instructor_unit: self.instructor_unit.clone(),
            instructor_phone: self.instructor_phone.clone(),
            liaison: self.liaison.clone(),
        }
    }
}

/// One saved version of the record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryView {
    pub version: i32,
    pub at: String,
    pub actor: String,
    pub record: RecordView,
}

/// The newest check of one of the six steps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncStatus {
    pub step: String,
    pub ref_id: i64,
    pub done: bool,
    pub note: String,
    pub day: String,
    pub actor: String,
}

/// An organization's party building: its record, the versions saved, and
/// the six checks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyView {
    pub org_id: i64,
    pub org_name: String,
    pub record: Option<RecordView>,
    /// The record's version (0 before the first save), sent back by the form.
    pub version: i32,
    /// Enough full members for its own party organization, without one.
    pub should_establish: bool,
    /// Work coverage: a party organization or an instructor.
    pub work_covered: bool,
    /// Newest first.
    pub history: Vec<HistoryView>,
    /// One a step of `domain::party::Step::ALL`, in that order: the newest
    /// check, if any.
    pub steps: Vec<(String, Option<SyncStatus>)>,
    /// An officer is reading (the registry's steps may be recorded).
    pub officer: bool,
    /// For officers: the registry's steps' checks (registration, charter
    /// approval, term renewal), recorded on the organization's page.
    pub checks: Vec<SyncView>,
}

/// An organization's party building in short, as the rating experts see it
/// at the sheet's party-building item.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartySummary {
    /// The year whose checks are shown.
    pub year: i32,
    pub record: Option<RecordView>,
    pub should_establish: bool,
    /// One a step of `domain::party::Step::ALL`, in that order: whether the
    /// newest check with a day in `year` was met (`None`: none recorded).
    pub steps: Vec<(String, Option<bool>)>,
}

/// What an annual report's party section declares, beside the party record,
/// on the report's annual-report check.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportDeclared {
    /// The report's section as filed (empty: left out, a report from before it).
    pub kind: String,
    pub members: String,
    pub activities: String,
    /// "yes" | "no" | "" (without a party organization).
    pub instructor: String,
    /// The party record's kind and full members, if there is a record.
    pub record_kind: Option<String>,
    pub record_members: i32,
    /// Message keys of where they disagree (`domain::party::report_mismatches`).
    pub mismatches: Vec<String>,
}

/// The experts' points on the rating sheet's party-building item, on the
/// application's rating check.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemScores {
    pub item_name: String,
    pub max_points: i32,
    /// (expert, points, sheet submitted), one a panel member who gave points.
    pub scores: Vec<(String, i32, bool)>,
    pub panel_size: u64,
    /// The mean of the points given, in tenths (`domain::party::mean_tenths`).
    pub mean_tenths: Option<i64>,
}

/// A check as typed at its step.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SyncInput {
    /// yes | no
    pub done: String,
    pub note: String,
}

/// A step's check on the step's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncView {
    pub step: String,
    pub org_id: i64,
    pub org_name: String,
    /// The step's record the check belongs to.
    pub ref_id: i64,
    /// The step happened (a charter approval or renewal is on record).
    pub applies: bool,
    pub check: Option<SyncStatus>,
    /// The annual report's step: what the report declares beside the record.
    pub declared: Option<ReportDeclared>,
    /// The rating step: the experts' points on the party-building item.
    pub item_scores: Option<ItemScores>,
}

/// Filters of the officers' list, from the query string.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ListFilter {
    pub org_type: String,
    pub district: String,
    /// independent | joint | none | unrecorded, or "" for all.
    pub kind: String,
    /// "1": only organizations without a party organization and without an instructor.
    pub no_instructor: String,
    pub page: u64,
}

/// One active organization in the officers' list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListRow {
    pub org_id: i64,
    pub name: String,
    pub credit_code: String,
    pub org_type: String,
    pub district: String,
    /// `None`: nothing recorded.
    pub kind: Option<String>,
    pub full_members: i32,
    pub probationary_members: i32,
    pub instructor: String,
    pub should_establish: bool,
    /// How many of the six steps have a check that was met.
    pub steps_done: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListPage {
    pub rows: Vec<ListRow>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
    /// The districts of the register, for the filter.
    pub districts: Vec<String>,
}

/// The dashboard's party figures: the two coverages by type and by
/// district, and this year's met checks by step.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyFigures {
    pub total: Coverage,
    pub by_type: Vec<(String, Coverage)>,
    pub by_district: Vec<(String, Coverage)>,
    /// (step, checks met with a day in the year)
    pub steps: Vec<(String, u64)>,
}

/// The officers' list's CSV header.
pub const CSV_HEADER: [&str; 13] = [
    "统一社会信用代码",
    "名称",
    "类型",
    "区",
    "党组织",
    "联合组建单位",
    "未建原因",
    "成立日期",
    "正式党员",
    "预备党员",
    "党建指导员",
    "应建未建",
    "六同步已完成",
];
