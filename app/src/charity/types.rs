//! Wire types of charities. Inputs are typed strings checked by the service;
//! a client never sets a filing number, a version, a status or a date of filing.

use serde::{Deserialize, Serialize};

use crate::i18n::{k, text, text_with, Lang};

pub const PER_PAGE: u64 = 20;

/// What a disclosure due is, in `lang`: "第2期定期公开", "2025年度工作报告和财务会计报告"
/// or "结项公开" (`ch_due_*`). The pages, the overdue CSV and the overdue mail say it alike.
pub fn due_label_in(lang: Lang, kind: &str, period_no: i32) -> String {
    match kind {
        "periodic" => text_with(lang, k::CH_DUE_PERIODIC, &[("n", period_no.to_string())]),
        "annual" => text_with(lang, k::CH_DUE_ANNUAL, &[("year", period_no.to_string())]),
        _ => text(lang, k::CH_DUE_FINAL).to_string(),
    }
}

/// Fundraising methods (慈善法 §23).
pub const METHODS: [&str; 4] = ["internet", "box", "event", "media"];

/// An officer recognizes a registered organization as a charity.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RecognizeInput {
    pub credit_code: String,
    pub recognized_on: String,
    pub note: String,
    /// `on` when the charter complies with 慈善法 §11.
    pub charter_ok: String,
}

/// An officer grants the public-fundraising qualification.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct QualifyInput {
    pub qualified_on: String,
    /// `on` when governance (board, supervisors, internal systems) was checked sound.
    pub governance_ok: String,
}

/// An officer withdraws the qualification.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WithdrawInput {
    pub withdrawn_on: String,
    pub reason: String,
    /// `on` for a serious fundraising violation (5-year bar).
    pub violation: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ComplaintInput {
    pub received_on: String,
    pub summary: String,
}

/// A fundraising plan as filed or changed in the portal.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanInput {
    pub title: String,
    pub purpose: String,
    pub start_on: String,
    pub end_on: String,
    pub region: String,
    pub method: String,
    pub platform: String,
    /// Yuan.
    pub target: String,
    pub uses: String,
    pub beneficiaries: String,
    pub bank_account: String,
    pub person_in_charge: String,
    pub office_address: String,
    /// Yuan.
    pub cost_budget: String,
    pub leftover: String,
    /// `on` for a major emergency (filed within ten days after the start).
    pub emergency: String,
    /// Why the plan changes (changes only).
    pub reason: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TerminateInput {
    pub terminated_on: String,
    pub termination_reason: String,
}

/// A disclosure in the portal: `due` names what is disclosed as
/// `plan_id:kind:period_no` (an annual report is `0:annual:<year>`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DisclosureInput {
    pub due: String,
    /// Yuan, of the period.
    pub raised: String,
    pub spent: String,
    pub cost: String,
    pub off_plan: String,
    /// How the funds were used.
    pub report: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CharityFilter {
    /// Name, credit code, filing number, purpose or platform.
    pub q: String,
    /// `yes` qualified only, `no` without the qualification, empty for all.
    pub qualified: String,
    pub page: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CharityRow {
    pub org_id: i64,
    pub name: String,
    pub credit_code: String,
    pub org_type: String,
    pub recognized_on: String,
    pub qualified: bool,
    pub certificate_no: Option<String>,
    pub plans: i64,
    pub transparency: Option<u32>,
    /// 1–5, officers only (0 on public pages).
    pub risk: u8,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CharityList {
    pub rows: Vec<CharityRow>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueView {
    pub plan_id: i64,
    pub filing_no: String,
    /// periodic | final | annual
    pub kind: String,
    pub period_no: i32,
    pub due_on: String,
    pub disclosed_on: Option<String>,
    pub overdue: bool,
    /// The value of the disclosure form's `due` select.
    pub key: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisclosureView {
    pub id: i64,
    pub plan_id: i64,
    pub kind: String,
    pub period_no: i32,
    pub disclosed_on: String,
    pub raised_fen: i64,
    pub spent_fen: i64,
    pub cost_fen: i64,
    pub off_plan_fen: i64,
    pub uses: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanChangeView {
    /// filed | changed | terminated
    pub kind: String,
    pub changed_on: String,
    pub reason: String,
    /// Changed fields: (field, before, after).
    pub fields: Vec<(String, String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanView {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub filing_no: String,
    pub title: String,
    pub purpose: String,
    pub start_on: String,
    pub end_on: String,
    pub region: String,
    pub method: String,
    pub platform: String,
    pub target_fen: i64,
    pub uses: String,
    pub beneficiaries: String,
    pub bank_account: String,
    pub person_in_charge: String,
    pub office_address: String,
    pub cost_budget_fen: i64,
    pub leftover: String,
    pub emergency: bool,
    pub filed_on: String,
    pub terminated_on: Option<String>,
    pub termination_reason: Option<String>,
    pub version: i32,
    /// upcoming | running | ended | terminated
    pub status: String,
    pub raised_fen: i64,
    pub spent_fen: i64,
    pub cost_fen: i64,
    /// More spent than raised, costs over budget, or spending outside the uses.
    pub off_plan: bool,
    pub changes: Vec<PlanChangeView>,
    pub disclosures: Vec<DisclosureView>,
}

/// One entry of a charity's public timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineItem {
    pub date: String,
    /// recognized | qualified | withdrawn | plan_filed | plan_changed | plan_terminated | disclosure_*
    pub kind: String,
    pub text: String,
    pub plan_id: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskView {
    pub grade: u8,
    /// (message key, count, points)
    pub reasons: Vec<(String, u32, u32)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintView {
    pub received_on: String,
    pub summary: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CharityDetail {
    pub org_id: i64,
    pub name: String,
    pub credit_code: String,
    pub org_type: String,
    pub district: String,
    pub legal_rep: String,
    pub registration_date: String,
    pub recognized_on: String,
    pub recognition_note: String,
    pub qualified: bool,
    pub qualified_on: Option<String>,
    pub certificate_no: Option<String>,
    pub withdrawn_on: Option<String>,
    pub withdraw_reason: Option<String>,
    pub plans: Vec<PlanView>,
    pub annual: Vec<DisclosureView>,
    pub dues: Vec<DueView>,
    pub timeline: Vec<TimelineItem>,
    pub transparency: Option<u32>,
    /// (due, made, on time, complete)
    pub counts: (u32, u32, u32, u32),
    /// Officers only.
    pub risk: Option<RiskView>,
    pub complaints: Vec<ComplaintView>,
}

/// The organization user's charity page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalCharity {
    pub org_name: String,
    pub detail: Option<CharityDetail>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverdueRow {
    pub org_id: i64,
    pub name: String,
    pub filing_no: String,
    pub kind: String,
    pub period_no: i32,
    pub due_on: String,
    pub detected_on: String,
    pub days: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverduePage {
    pub rows: Vec<OverdueRow>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RankRow {
    pub rank: u64,
    pub org_id: i64,
    pub name: String,
    pub index: u32,
    pub due: u32,
    pub made: u32,
    pub on_time: u32,
    pub complete: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RankingPage {
    pub rows: Vec<RankRow>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// What the daily job did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CharityRun {
    pub overdue_found: u64,
    pub mails: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_due_is_named_alike_on_pages_csv_files_and_mails() {
        assert_eq!(due_label_in(Lang::Zh, "periodic", 2), "第2期定期公开");
        assert_eq!(due_label_in(Lang::Zh, "annual", 2025), "2025年度工作报告和财务会计报告");
        assert_eq!(due_label_in(Lang::Zh, "final", 0), "结项公开");
        assert_eq!(due_label_in(Lang::En, "periodic", 2), "Periodic disclosure 2");
        assert_eq!(due_label_in(Lang::En, "annual", 2025), "Annual work and financial report 2025");
        assert_eq!(due_label_in(Lang::En, "final", 0), "Final disclosure");
    }
}
