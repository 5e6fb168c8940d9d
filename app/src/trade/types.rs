//! Wire types of the trade associations' records. Forms are strings (yes/no
//! choices as `yes`/`no`); views carry the anomalies found when filed.

use serde::{Deserialize, Serialize};

/// A fee charged to enterprises (涉企收费).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FeeInput {
    pub year: String,
    pub item: String,
    /// `domain::trade::FEE_KINDS`
    pub kind: String,
    pub basis: String,
    pub standard: String,
    /// Yuan collected in the year.
    pub amount: String,
    /// `yes` | `no`
    pub compulsory: String,
    /// `yes` | `no`
    pub published: String,
}

/// A branch or representative office (分支机构、代表机构).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BranchInput {
    /// `branch` | `office`
    pub kind: String,
    pub name: String,
    pub address: String,
    pub head: String,
    pub established_on: String,
    /// `active` | `closed`
    pub status: String,
    /// `yes` | `no`: set up for a region (地域性).
    pub regional: String,
    /// `yes` | `no`: set up by one of the organization's branches.
    pub under_branch: String,
}

/// An award or commendation held (评比表彰).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AwardInput {
    pub year: String,
    pub name: String,
    pub approval_no: String,
    pub approved_by: String,
    /// `yes` | `no`
    pub fee_charged: String,
}

/// A forum or seminar held (论坛、研讨会).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ForumInput {
    pub name: String,
    pub held_on: String,
    pub co_organizers: String,
    /// `yes` | `no`
    pub fee_charged: String,
    pub approval_ref: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeeView {
    pub id: i64,
    pub year: i32,
    pub item: String,
    pub kind: String,
    pub basis: String,
    pub standard: String,
    /// Yuan with two decimals.
    pub amount: String,
    pub compulsory: bool,
    pub published: bool,
    pub anomalies: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BranchView {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub address: String,
    pub head: String,
    pub established_on: String,
    pub status: String,
    pub regional: bool,
    pub under_branch: bool,
    pub anomalies: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AwardView {
    pub id: i64,
    pub year: i32,
    pub name: String,
    pub approval_no: String,
    pub approved_by: String,
    pub fee_charged: bool,
    pub anomalies: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForumView {
    pub id: i64,
    pub name: String,
    pub held_on: String,
    pub co_organizers: String,
    pub fee_charged: bool,
    pub approval_ref: String,
    pub anomalies: Vec<String>,
}

/// The records of one organization (all years, or one report's year).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TradeRecords {
    pub org_id: i64,
    pub org_name: String,
    /// None: not a trade association (nothing can be filed).
    pub sector: Option<String>,
    pub fees: Vec<FeeView>,
    pub branches: Vec<BranchView>,
    pub awards: Vec<AwardView>,
    pub forums: Vec<ForumView>,
}

impl TradeRecords {
    /// How many anomalies the records carry.
    pub fn anomaly_count(&self) -> usize {
        self.fees.iter().map(|r| r.anomalies.len()).sum::<usize>()
            + self.branches.iter().map(|r| r.anomalies.len()).sum::<usize>()
            + self.awards.iter().map(|r| r.anomalies.len()).sum::<usize>()
            + self.forums.iter().map(|r| r.anomalies.len()).sum::<usize>()
    }
}

/// A trade association's section of an annual report: the records of the
/// report's year as they were when it was submitted (`taken_at`), or as they
/// are now for a draft.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TradeSection {
    pub year: i32,
    /// When the section was kept with a submission (UTC+8 text); None: live records.
    pub taken_at: Option<String>,
    pub records: TradeRecords,
}

/// Filters of the officers' list of anomalies, from the query string.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AnomalyFilter {
    /// Part of the organization's name.
    pub q: String,
    /// `fee` | `branch` | `award` | `forum`
    pub kind: String,
    /// One anomaly key (`domain::trade::ANOMALIES`).
    pub anomaly: String,
    /// A sector code.
    pub sector: String,
    /// 0-based
    pub page: u64,
}

/// One record with anomalies.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnomalyRow {
    pub kind: String,
    pub record_id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub sector: String,
    /// The record's name (a fee's item, a branch's name, …).
    pub record: String,
    /// The year or day of the record.
    pub when: String,
    pub anomalies: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnomalyPage {
    pub rows: Vec<AnomalyRow>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}
