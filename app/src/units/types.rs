//! Wire types of the supervisory units. Inputs are typed strings checked by
//! the service: no form names the unit of a unit user (the server knows it),
//! nor the author of a note.

use serde::{Deserialize, Serialize};

/// Units and organizations a page.
pub const PER_PAGE: u64 = 30;

/// A unit as the officers' form sends it (new or changed).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UnitInput {
    pub name: String,
    /// Its unified social credit code (optional).
    pub code: String,
    /// party | government | people_org | other
    pub kind: String,
    pub contact_person: String,
    pub contact_phone: String,
    pub contact_email: String,
}

/// One unit in the officers' list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRow {
    pub id: i64,
    pub name: String,
    pub code: Option<String>,
    pub kind: String,
    pub contact_person: String,
    pub contact_phone: String,
    pub contact_email: String,
    /// Organizations pointing to it.
    pub orgs: u64,
    /// Its accounts.
    pub users: u64,
}

/// Two units likely to be one, as proposed to the officer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    pub a: UnitRow,
    pub b: UnitRow,
    /// same | suffix | abbreviated
    pub why: String,
}

/// The officers' page: the units (a page of them, filtered by name) and the
/// proposed merges.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitsPage {
    pub rows: Vec<UnitRow>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
    pub proposals: Vec<Proposal>,
}

/// A merge the officer confirms: `drop` goes into `keep`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MergeInput {
    pub keep: String,
    pub drop: String,
}

/// An organization of a unit, in the unit's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitOrgRow {
    pub id: i64,
    pub name: String,
    pub credit_code: String,
    pub org_type: String,
    pub status: String,
}

/// A report of one of the unit's organizations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitReportRow {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub year: i32,
    pub status: String,
    pub submitted_at: Option<String>,
    pub conclusion: Option<String>,
}

/// A zombie case or a rectification of one of the unit's organizations, with
/// what the unit recorded about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitCaseRow {
    /// zombie | rectification
    pub subject: String,
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    /// The case's own status word (`zombie_status_*` / `insp_rect_status_*`).
    pub status: String,
    /// The day it started (detected, ordered).
    pub since: String,
    /// The deadline, if any (to respond, to rectify).
    pub due: Option<String>,
    /// The findings or grounds, as the feature keeps them.
    pub about: String,
    pub notes: Vec<UnitNote>,
}

/// A penalty case of one of the unit's organizations (read-only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitPenaltyRow {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub state: String,
    pub opened_on: Option<String>,
}

/// What a unit did (谁主管、谁负责), as officers and the unit see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitNote {
    pub id: i64,
    pub unit: String,
    pub acted_on: String,
    pub body: String,
    pub author: String,
}

/// A unit's home: its organizations (a page), the reports waiting for its
/// first review, and the open cases of its organizations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitHome {
    pub unit: String,
    pub orgs: Vec<UnitOrgRow>,
    pub org_total: u64,
    pub page: u64,
    pub per_page: u64,
    pub waiting: Vec<UnitReportRow>,
}

/// One organization as its unit sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitOrgView {
    pub org: UnitOrgRow,
    pub legal_rep: String,
    pub contact_person: String,
    pub contact_phone: String,
    pub reports: Vec<UnitReportRow>,
    pub cases: Vec<UnitCaseRow>,
    pub penalties: Vec<UnitPenaltyRow>,
}

/// A note a unit records about a zombie case or a rectification.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NoteInput {
    /// zombie | rectification
    pub subject: String,
    pub subject_id: String,
    pub body: String,
    /// `YYYY-MM-DD`; blank: today.
    pub acted_on: String,
}

/// A unit's note as officers see it beside a zombie case or a rectification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficerNote {
    pub subject_id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub note: UnitNote,
}
