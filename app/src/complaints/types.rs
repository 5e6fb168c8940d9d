//! Wire types of complaints. Inputs are typed strings checked by the
//! service; no form sets a status, a number, a code, an officer's name or a
//! date the rules did not allow.

use serde::{Deserialize, Serialize};

/// Complaints a page of the officers' queue.
pub const PER_PAGE: u64 = 20;

/// The most files a report may carry.
pub const MAX_FILES: usize = 3;

/// A report as the public form (or an officer recording one received by
/// phone, letter or visit) sends it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportInput {
    /// org | unregistered | fundraising | outlet
    pub subject_kind: String,
    /// The organization's name or credit code, the unregistered body's name,
    /// or the outlet's number.
    pub subject: String,
    pub what: String,
    pub place: String,
    /// `YYYY-MM-DD`, optional.
    pub happened_on: String,
    pub name: String,
    pub phone: String,
    pub email: String,
    /// The public form's signed start stamp (`<unix seconds>.<mac>`).
    pub started: String,
    /// A field people never see: a robot fills it.
    pub website: String,
}

/// What the reporter keeps: shown once after the report is received.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub number: String,
    pub code: String,
    pub due_on: String,
}

/// The public form's start stamp, rendered into the form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormStamp {
    pub started: String,
    /// The largest file accepted, in MiB (the hint).
    pub max_file_mb: u64,
    /// Working days within which the bureau answers.
    pub reply_days: u32,
}

/// A status enquiry: the tracking number and the one-time code.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StatusInput {
    pub number: String,
    pub code: String,
}

/// What the reporter sees of a complaint: its status and the reply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusView {
    pub number: String,
    pub subject_kind: String,
    pub subject_name: String,
    pub received_on: String,
    pub due_on: String,
    pub status: String,
    pub reply: Option<String>,
    pub replied_on: Option<String>,
    pub outcome: Option<String>,
    pub closed_on: Option<String>,
}

/// Filters of the officers' queue, from the query string.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ComplaintFilter {
    /// A status, or "" for every one; `open` for every status but closed.
    pub status: String,
    /// "1": only replies past their due date.
    pub overdue: String,
    /// "1": only those assigned to the signed-in officer.
    pub mine: String,
    /// Part of the tracking number or the subject's name.
    pub q: String,
    pub page: u64,
}

/// A row of the queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintRow {
    pub id: i64,
    pub number: String,
    pub subject_kind: String,
    pub subject_name: String,
    pub received_on: String,
    pub due_on: String,
    pub status: String,
    pub officer: Option<String>,
    pub overdue: bool,
    pub outcome: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintPage {
    pub rows: Vec<ComplaintRow>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
    pub overdue: u64,
}

/// One entry of a complaint's timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    pub kind: String,
    pub day: String,
    pub actor: String,
    pub note: String,
}

/// A file of a complaint (its bytes are a download).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentView {
    pub id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
}

/// An officer who can be given a complaint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficerOption {
    pub id: i64,
    pub name: String,
}

/// A complaint for officers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintDetail {
    pub id: i64,
    pub number: String,
    pub channel: String,
    pub subject_kind: String,
    pub subject_name: String,
    /// The registered organization's page, when it is one.
    pub org_id: Option<i64>,
    pub outlet_id: Option<i64>,
    pub what: String,
    pub place: String,
    pub happened_on: Option<String>,
    pub reporter_name: Option<String>,
    pub reporter_phone: Option<String>,
    pub reporter_email: Option<String>,
    pub status: String,
    pub officer_id: Option<i64>,
    pub officer: Option<String>,
    pub received_on: String,
    pub due_on: String,
    pub overdue: bool,
    pub reply: Option<String>,
    pub replied_on: Option<String>,
    pub outcome: Option<String>,
    pub referred_to: Option<String>,
    pub closed_on: Option<String>,
    /// The case closing named, or the one opened from this complaint.
    pub case_id: Option<i64>,
    /// The entry of the illegal organizations' register opened from it.
    pub illegal_id: Option<i64>,
    /// That case's decision number, once decided.
    pub case_number: Option<String>,
    pub attachments: Vec<AttachmentView>,
    pub events: Vec<EventView>,
    pub officers: Vec<OfficerOption>,
}

/// Give a complaint to an officer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AssignInput {
    pub officer_id: String,
    pub note: String,
}

/// An investigation note.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NoteInput {
    pub note: String,
}

/// The answer to the reporter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReplyInput {
    pub reply: String,
}

/// Close a complaint with its outcome.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CloseInput {
    /// unfounded | rectification_ordered | case_opened | referred
    pub outcome: String,
    /// The department it was referred to (for `referred`).
    pub referred_to: String,
    /// The row of the violation table a case is opened for (`case_opened`).
    pub violation_code: String,
    pub note: String,
}

/// A complaint as another feature's page lists it (a charity's page).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintBrief {
    pub id: i64,
    pub number: String,
    pub received_on: String,
    pub what: String,
    pub status: String,
    pub outcome: Option<String>,
}
