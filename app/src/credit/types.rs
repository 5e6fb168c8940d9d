//! Wire types of the credit lists, penalties, repair and zombie cleanup.

use serde::{Deserialize, Serialize};

/// One list entry as shown to officers, the organization and the public.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryView {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub credit_code: String,
    pub district: String,
    pub list: String,
    pub reason: String,
    pub basis: String,
    pub listed_on: String,
    pub deciding_office: String,
    pub note: String,
    pub removed_on: Option<String>,
    pub removal_reason: Option<String>,
    /// A repair application waiting for a decision.
    pub repair_pending: bool,
}

/// Filters of the list pages (public and officer), from the query string.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EntryFilter {
    /// abnormal | serious
    pub list: String,
    pub q: String,
    pub reason: String,
    /// "" (in force) | removed | all
    pub state: String,
    pub page: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryPage {
    pub rows: Vec<EntryView>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// An officer lists an organization by decision.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ListInput {
    pub reason: String,
    pub listed_on: String,
    pub note: String,
}

/// An administrative penalty, as recorded by an officer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PenaltyInput {
    /// warning | fine | suspension | confiscation
    pub kind: String,
    /// Yuan (fines only).
    pub amount: String,
    pub decided_on: String,
    pub facts: String,
    pub basis: String,
}

/// A returned registered letter (for the unreachable test).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LetterInput {
    pub sent_on: String,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PenaltyView {
    pub kind: String,
    pub amount_fen: i64,
    pub decided_on: String,
    pub deciding_office: String,
    pub facts: String,
    pub basis: String,
    /// The decision was annulled on this day: the penalty is void (shown struck).
    pub annulled_on: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepairView {
    pub id: i64,
    pub entry_id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub list: String,
    pub reason: String,
    pub listed_on: String,
    pub statement: String,
    pub status: String,
    pub decision_reason: Option<String>,
    pub created_at: String,
}

/// The credit record of one organization.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreditRecord {
    pub org_id: i64,
    pub org_name: String,
    pub credit_code: String,
    pub score: i64,
    pub level: String,
    pub facts: Vec<(String, String)>,
    pub entries: Vec<EntryView>,
    pub penalties: Vec<PenaltyView>,
    pub letters: Vec<String>,
    pub repairs: Vec<RepairView>,
    pub zombie: Option<ZombieView>,
    /// Published results of double-random inspections (行政检查信息).
    pub inspections: Vec<InspectionFact>,
}

/// One published inspection result on a credit record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InspectionFact {
    pub campaign: String,
    pub inspected_on: String,
    /// none | rectify | penalty
    pub outcome: String,
}

/// What everyone may see of an organization's credit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicCredit {
    pub entries: Vec<EntryView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZombieView {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub credit_code: String,
    pub district: String,
    pub status: String,
    pub missed_reports: bool,
    pub unreachable: bool,
    pub inactive: bool,
    pub detected_on: String,
    pub notified_on: Option<String>,
    pub respond_by: Option<String>,
    pub response: Option<String>,
    pub closed_on: Option<String>,
    pub decision_reason: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ZombieFilter {
    pub status: String,
    pub q: String,
    pub page: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZombiePage {
    pub rows: Vec<ZombieView>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// A step on one or many zombie cases.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ZombieAction {
    /// notify | dismiss | restore | deregister | revoke
    pub action: String,
    pub reason: String,
}

/// Credit KPIs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreditKpis {
    /// (month `YYYY-MM`, abnormal listed, serious listed, removed)
    pub by_month: Vec<(String, u64, u64, u64)>,
    pub abnormal_now: u64,
    pub serious_now: u64,
    pub zombies_found: u64,
    pub zombies_notified: u64,
    pub zombies_cleared: u64,
    pub zombies_restored: u64,
    pub active_orgs: u64,
    pub sound_governance: u64,
    pub governance_target: f64,
    /// Organizations per credit level A–D.
    pub levels: Vec<(String, u64)>,
    pub last_runs: Vec<(String, String, String)>,
}

/// Organizations by credit score, for officers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScoreFilter {
    pub level: String,
    pub q: String,
    /// asc (lowest first, default) | desc
    pub sort: String,
    pub page: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreRow {
    pub org_id: i64,
    pub name: String,
    pub credit_code: String,
    pub district: String,
    pub score: i64,
    pub level: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScorePage {
    pub rows: Vec<ScoreRow>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// The outcome of a daily run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditRun {
    pub listed_missed_report: u64,
    pub escalated: u64,
    pub auto_removed: u64,
    pub zombies_found: u64,
    pub rescored: u64,
}
