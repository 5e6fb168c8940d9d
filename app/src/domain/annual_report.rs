//! Checks of an annual work report's figures (年度工作报告 / 年检), as pure
//! functions with the regulations' numbers (domain reference §3 and §8.6).
//! Amounts are integer 分.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::org_type::OrgType;

/// The financial statements of a report year.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Financials {
    // Income by source.
    pub income_donations: i64,
    pub income_grants: i64,
    pub income_services: i64,
    /// Membership dues (社会团体 only).
    pub income_dues: i64,
    pub income_investment: i64,
    pub income_other: i64,
    /// The total as reported; must equal the sum of the sources.
    pub income_total: i64,
    // Expenditure.
    /// Charitable or business activities (业务活动成本).
    pub spend_activities: i64,
    /// Administrative costs (管理费用), staff pay included.
    pub spend_admin: i64,
    /// Fundraising costs (募捐成本).
    pub spend_fundraising: i64,
    pub spend_other: i64,
    pub spend_total: i64,
    // Balance sheet at year end.
    pub assets: i64,
    pub liabilities: i64,
    pub net_assets: i64,
}

impl Financials {
    /// The statements from their fifteen amounts in fen, in the order of
    /// [`AMOUNT_FIELDS`] (and of [`amount_fields`]).
    pub fn from_amounts(v: [i64; 15]) -> Financials {
        Financials {
            income_donations: v[0],
            income_grants: v[1],
            income_services: v[2],
            income_dues: v[3],
            income_investment: v[4],
            income_other: v[5],
            income_total: v[6],
            spend_activities: v[7],
            spend_admin: v[8],
            spend_fundraising: v[9],
            spend_other: v[10],
            spend_total: v[11],
            assets: v[12],
            liabilities: v[13],
            net_assets: v[14],
        }
    }
}

/// The names of the fifteen amounts of the statements, in order.
pub const AMOUNT_FIELDS: [&str; 15] = [
    "income_donations",
    "income_grants",
    "income_services",
    "income_dues",
    "income_investment",
    "income_other",
    "income_total",
    "spend_activities",
    "spend_admin",
    "spend_fundraising",
    "spend_other",
    "spend_total",
    "assets",
    "liabilities",
    "net_assets",
];

/// What the previous year's report says, for the spending rules.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriorYear {
    pub income_total: i64,
    pub net_assets: i64,
}

/// How an organization raises funds, which selects the spending rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Funding {
    /// Holds the public-fundraising qualification (公募).
    Public,
    NonPublic,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Severity {
    /// Blocks submission.
    Error,
    /// Shown to the organization and the reviewing officer.
    Warning,
}

/// One finding: the field it concerns, a message key and its severity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub field: &'static str,
    pub message: &'static str,
    pub severity: Severity,
}

fn error(field: &'static str, message: &'static str) -> Finding {
    Finding { field, message, severity: Severity::Error }
}

fn warning(field: &'static str, message: &'static str) -> Finding {
    Finding { field, message, severity: Severity::Warning }
}

/// Non-negative amounts, totals equal to their parts, and the balance identity
/// assets = liabilities + net assets. Membership dues only for 社会团体.
pub fn check_statements(f: &Financials, org_type: OrgType) -> Vec<Finding> {
    let mut out = Vec::new();
    let amounts: [(&'static str, i64); 13] = [
        ("income_donations", f.income_donations),
        ("income_grants", f.income_grants),
        ("income_services", f.income_services),
        ("income_dues", f.income_dues),
        ("income_investment", f.income_investment),
        ("income_other", f.income_other),
        ("income_total", f.income_total),
        ("spend_activities", f.spend_activities),
        ("spend_admin", f.spend_admin),
        ("spend_fundraising", f.spend_fundraising),
        ("spend_other", f.spend_other),
        ("spend_total", f.spend_total),
        ("assets", f.assets),
    ];
    for (field, v) in amounts {
        if v < 0 {
            out.push(error(field, "err_amount_negative"));
        }
    }
    if f.liabilities < 0 {
        out.push(error("liabilities", "err_amount_negative"));
    }
    if org_type != OrgType::SocialGroup && f.income_dues != 0 {
        out.push(error("income_dues", "err_report_dues_only_groups"));
    }
    let income_parts =
        f.income_donations + f.income_grants + f.income_services + f.income_dues + f.income_investment + f.income_other;
    if income_parts != f.income_total {
        out.push(error("income_total", "err_report_income_total"));
    }
    let spend_parts = f.spend_activities + f.spend_admin + f.spend_fundraising + f.spend_other;
    if spend_parts != f.spend_total {
        out.push(error("spend_total", "err_report_spend_total"));
    }
    if f.assets != f.liabilities + f.net_assets {
        out.push(error("net_assets", "err_report_balance"));
    }
    out
}

/// A spending rule: the minimum of charitable spending and the maximum share
/// of administrative costs in the year's total expenditure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpendingRule {
    /// Minimum charitable spending in 分 for the year.
    pub min_activities: i64,
    /// Maximum administrative costs as a percentage of total expenditure.
    pub max_admin_percent: i64,
    /// Which base the minimum was computed from (message key).
    pub basis: &'static str,
}

/// Administrative costs under ¥200,000 are exempt from the percentage caps
/// (民发〔2016〕189号).
pub const ADMIN_CAP_EXEMPT_FEN: i64 = 20_000_000;

/// ceil(amount × percent / 100), exact on integers.
fn percent_of(amount: i64, percent: i64) -> i64 {
    (amount.max(0) * percent + 99) / 100
}

/// The rule for a foundation that is not a charity (基金会管理条例 §29): 公募
/// ≥ 70 % of last year's income; non-公募 ≥ 8 % of last year-end net assets;
/// staff pay and administrative costs ≤ 10 % of the year's expenditure.
pub fn foundation_rule(funding: Funding, prior: PriorYear) -> SpendingRule {
    match funding {
        Funding::Public => SpendingRule {
            min_activities: percent_of(prior.income_total, 70),
            max_admin_percent: 10,
            basis: "basis_prior_income",
        },
        Funding::NonPublic => SpendingRule {
            min_activities: percent_of(prior.net_assets, 8),
            max_admin_percent: 10,
            basis: "basis_prior_net_assets",
        },
    }
}

/// The rule for a charity (慈善法 §61, 民发〔2016〕189号, the tiered table of
/// domain reference §8.6; lower bounds inclusive). For non-公募 社团/社服 under
/// ¥1m the minimum is the larger of 8 % of net assets and 50 % of income.
pub fn charity_rule(org_type: OrgType, funding: Funding, prior: PriorYear) -> SpendingRule {
    const M: i64 = 1_000_000 * 100; // ¥1m in 分
    let na = prior.net_assets;
    match (funding, org_type) {
        (Funding::Public, OrgType::Foundation) => SpendingRule {
            min_activities: percent_of(prior.income_total, 70),
            max_admin_percent: 10,
            basis: "basis_prior_income",
        },
        (Funding::Public, _) => SpendingRule {
            min_activities: percent_of(prior.income_total, 70),
            max_admin_percent: 13,
            basis: "basis_prior_income",
        },
        (Funding::NonPublic, OrgType::Foundation) => {
            let (pct, cap) = if na >= 60 * M {
                (6, 12)
            } else if na >= 8 * M {
                (6, 13)
            } else if na >= 4 * M {
                (7, 15)
            } else {
                (8, 20)
            };
            SpendingRule {
                min_activities: percent_of(na, pct),
                max_admin_percent: cap,
                basis: "basis_prior_net_assets",
            }
        }
        (Funding::NonPublic, _) => {
            if na >= 10 * M {
                SpendingRule {
                    min_activities: percent_of(na, 6),
                    max_admin_percent: 13,
                    basis: "basis_prior_net_assets",
                }
            } else if na >= 5 * M {
                SpendingRule {
                    min_activities: percent_of(na, 7),
                    max_admin_percent: 14,
                    basis: "basis_prior_net_assets",
                }
            } else if na >= M {
                SpendingRule {
                    min_activities: percent_of(na, 8),
                    max_admin_percent: 15,
                    basis: "basis_prior_net_assets",
                }
            } else {
                SpendingRule {
                    min_activities: percent_of(na, 8).max(percent_of(prior.income_total, 50)),
                    max_admin_percent: 20,
                    basis: "basis_prior_net_assets_and_income",
                }
            }
        }
    }
}

/// Applies a spending rule to the year's figures. Shortfalls are warnings:
/// the officer decides the conclusion (基本合格 or 不合格 by severity).
pub fn check_spending(f: &Financials, rule: SpendingRule) -> Vec<Finding> {
    let mut out = Vec::new();
    if f.spend_activities < rule.min_activities {
        out.push(warning("spend_activities", "warn_report_spending_below_minimum"));
    }
    if f.spend_admin >= ADMIN_CAP_EXEMPT_FEN && f.spend_admin * 100 > f.spend_total * rule.max_admin_percent {
        out.push(warning("spend_admin", "warn_report_admin_over_cap"));
    }
    out
}

/// The filing deadline of a report year: 基金会 31 March, 社会团体 and
/// 社会服务机构 31 May of the next year (§3.1; a setting may override).
pub fn deadline(org_type: OrgType, report_year: i32) -> NaiveDate {
    let (m, d) = match org_type {
        OrgType::Foundation => (3, 31),
        _ => (5, 31),
    };
    NaiveDate::from_ymd_opt(report_year + 1, m, d).expect("valid date")
}

/// Whether an organization registered on `registered` must report for
/// `report_year`: not before it existed; 社会服务机构 registered in the last six
/// months of the year (after 30 June) are exempt (年检办法 §3), and so, in local
/// practice, are 社会团体 established after 30 June.
pub fn obliged(org_type: OrgType, registered: NaiveDate, report_year: i32) -> bool {
    if registered.year() > report_year {
        return false;
    }
    if registered.year() < report_year {
        return true;
    }
    let june_30 = NaiveDate::from_ymd_opt(report_year, 6, 30).expect("valid date");
    match org_type {
        OrgType::Foundation => true,
        _ => registered <= june_30,
    }
}

/// The report form as typed: every field a string, so a draft keeps exactly
/// what was entered, even when it does not yet pass the checks.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportForm {
    // Basic information and changes during the year.
    pub changes: String,
    pub board_meetings: String,
    // Activities.
    pub activities: String,
    pub projects: String,
    // Staff and volunteers.
    pub staff_full_time: String,
    pub staff_part_time: String,
    pub volunteers: String,
    /// "yes" | "no": holds the public-fundraising qualification (基金会).
    pub public_fundraising: String,
    /// Last year's figures, asked for only when the system has no report of last year.
    pub prior_income_total: String,
    pub prior_net_assets: String,
    // Financial statements, in yuan.
    pub income_donations: String,
    pub income_grants: String,
    pub income_services: String,
    pub income_dues: String,
    pub income_investment: String,
    pub income_other: String,
    pub income_total: String,
    pub spend_activities: String,
    pub spend_admin: String,
    pub spend_fundraising: String,
    pub spend_other: String,
    pub spend_total: String,
    pub assets: String,
    pub liabilities: String,
    pub net_assets: String,
}

/// The amount fields of the form, in order, with their values.
pub fn amount_fields(f: &ReportForm) -> [(&'static str, &str); 15] {
    [
        ("income_donations", &f.income_donations),
        ("income_grants", &f.income_grants),
        ("income_services", &f.income_services),
        ("income_dues", &f.income_dues),
        ("income_investment", &f.income_investment),
        ("income_other", &f.income_other),
        ("income_total", &f.income_total),
        ("spend_activities", &f.spend_activities),
        ("spend_admin", &f.spend_admin),
        ("spend_fundraising", &f.spend_fundraising),
        ("spend_other", &f.spend_other),
        ("spend_total", &f.spend_total),
        ("assets", &f.assets),
        ("liabilities", &f.liabilities),
        ("net_assets", &f.net_assets),
    ]
}

/// Longest free text accepted in a report field (the one input layer's).
pub use super::input::MAX_TEXT;

/// The fields of the form that may hold several lines of text; every other
/// value (counts, amounts, choices) is one line of at most `MAX_FIGURE`
/// characters.
pub const MULTI_LINE_FIELDS: [&str; 2] = ["changes", "activities"];

/// Checks every value of the form as text (`domain::input`): no control
/// characters, line breaks only in [`MULTI_LINE_FIELDS`], at most `MAX_TEXT`
/// or `MAX_FIGURE` characters. A draft is saved as typed, blanks and
/// half-typed figures included, but only after this; a submission also runs
/// [`check_form`]. Every field of [`ReportForm`] is read through its JSON, so
/// a field added later is checked too.
pub fn check_texts(form: &ReportForm) -> Vec<crate::error::FieldError> {
    use super::input::{self, Lines};
    let Ok(serde_json::Value::Object(values)) = serde_json::to_value(form) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (field, value) in &values {
        let Some(value) = value.as_str() else { continue };
        let (max, lines) = if MULTI_LINE_FIELDS.contains(&field.as_str()) {
            (MAX_TEXT, Lines::Multi)
        } else {
            (input::MAX_FIGURE, Lines::Single)
        };
        if let Err(e) = input::text(field, value, max, lines) {
            out.push(e);
        }
    }
    out
}

/// The outcome of checking a report form: the parsed statements when every
/// amount parsed, and every finding (errors block submission).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Checked {
    pub financials: Option<Financials>,
    pub findings: Vec<Finding>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

fn count_field(out: &mut Vec<Finding>, field: &'static str, value: &str) {
    let v = value.trim();
    if v.is_empty() {
        out.push(error(field, "err_required"));
    } else if v.parse::<u32>().is_err() {
        out.push(error(field, if v.starts_with('-') { "err_count_negative" } else { "err_count_format" }));
    }
}

fn amount(out: &mut Vec<Finding>, field: &'static str, value: &str, optional: bool) -> Option<i64> {
    if optional && value.trim().is_empty() {
        return Some(0);
    }
    match super::money::parse_yuan(value) {
        Ok(v) => Some(v),
        Err(e) => {
            out.push(error(field, e.message_key()));
            None
        }
    }
}

/// Every check before submission: required fields, counts, amounts, the
/// statements' identities and, for foundations, the spending rules against
/// last year (`prior` from last year's report when the system has it, else
/// the figures typed in the form). Membership dues may be left empty by
/// organizations other than 社会团体 (they must be zero).
pub fn check_form(form: &ReportForm, org_type: OrgType, prior: Option<PriorYear>) -> Checked {
    let mut out = Vec::new();
    for (field, value) in [("changes", &form.changes), ("activities", &form.activities)] {
        if value.trim().is_empty() {
            out.push(error(field, "err_required"));
        } else if let Err(key) = super::input::check_text(value, MAX_TEXT, super::input::Lines::Multi) {
            out.push(error(field, key));
        }
    }
    for (field, value) in [
        ("board_meetings", &form.board_meetings),
        ("projects", &form.projects),
        ("staff_full_time", &form.staff_full_time),
        ("staff_part_time", &form.staff_part_time),
        ("volunteers", &form.volunteers),
    ] {
        count_field(&mut out, field, value);
    }
    let mut parsed = Vec::with_capacity(15);
    for (field, value) in amount_fields(form) {
        let optional = field == "income_dues" && org_type != OrgType::SocialGroup;
        parsed.push(amount(&mut out, field, value, optional));
    }
    let funding = match form.public_fundraising.as_str() {
        "yes" => Some(Funding::Public),
        "no" => Some(Funding::NonPublic),
        _ => None,
    };
    let mut prior_year = prior;
    if org_type == OrgType::Foundation {
        if funding.is_none() {
            out.push(error("public_fundraising", "err_required"));
        }
        if prior_year.is_none() {
            let income = amount(&mut out, "prior_income_total", &form.prior_income_total, false);
            let net = amount(&mut out, "prior_net_assets", &form.prior_net_assets, false);
            if let (Some(income_total), Some(net_assets)) = (income, net) {
                prior_year = Some(PriorYear { income_total, net_assets });
            }
        }
    }
    let financials = if parsed.iter().all(Option::is_some) {
        let mut v = [0i64; 15];
        for (slot, x) in v.iter_mut().zip(parsed) {
            *slot = x.unwrap_or(0);
        }
        Some(Financials::from_amounts(v))
    } else {
        None
    };
    if let Some(f) = &financials {
        out.extend(check_statements(f, org_type));
        if let (OrgType::Foundation, Some(funding), Some(prior)) = (org_type, funding, prior_year) {
            out.extend(check_spending(f, foundation_rule(funding, prior)));
        }
    }
    Checked { financials, findings: out }
}

/// The form of an imported historic report, from its key figures.
pub fn form_from_figures(f: &Financials) -> ReportForm {
    let y = super::money::format_yuan;
    ReportForm {
        income_donations: y(f.income_donations),
        income_grants: y(f.income_grants),
        income_services: y(f.income_services),
        income_dues: y(f.income_dues),
        income_investment: y(f.income_investment),
        income_other: y(f.income_other),
        income_total: y(f.income_total),
        spend_activities: y(f.spend_activities),
        spend_admin: y(f.spend_admin),
        spend_fundraising: y(f.spend_fundraising),
        spend_other: y(f.spend_other),
        spend_total: y(f.spend_total),
        assets: y(f.assets),
        liabilities: y(f.liabilities),
        net_assets: y(f.net_assets),
        ..ReportForm::default()
    }
}

/// The conclusions of a review (§3.4).
pub const CONCLUSIONS: [&str; 3] = ["qualified", "basic", "unqualified"];

/// Reminders before and after a deadline: (kind, days relative to the deadline).
pub const REMINDERS: [(&str, i64); 3] = [("d30", -30), ("d7", -7), ("overdue", 1)];

/// The reminder due on `today` for a deadline, if any: the latest one whose
/// day has come. Before the deadline only the before-reminders apply; from
/// the day after the deadline only the overdue one does.
pub fn reminder_due(deadline: NaiveDate, today: NaiveDate) -> Option<&'static str> {
    let days = (today - deadline).num_days();
    if days >= 1 {
        return Some("overdue");
    }
    if days > 0 {
        return None;
    }
    REMINDERS.iter().rev().filter(|(_, offset)| *offset <= 0 && days >= *offset).map(|(kind, _)| *kind).next()
}

/// Where an annual report is in its workflow (登记管理机关的年度检查): the
/// organization fills it in (draft), submits it, the registry returns it for
/// changes or concludes it (合格、基本合格、不合格).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportStatus {
    Draft,
    Submitted,
    Returned,
    Concluded,
}

impl ReportStatus {
    pub const ALL: [ReportStatus; 4] =
        [ReportStatus::Draft, ReportStatus::Submitted, ReportStatus::Returned, ReportStatus::Concluded];

    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportStatus::Draft => "draft",
            ReportStatus::Submitted => "submitted",
            ReportStatus::Returned => "returned",
            ReportStatus::Concluded => "concluded",
        }
    }

    pub fn parse(s: &str) -> Option<ReportStatus> {
        ReportStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Whether the organization may still change the report: a draft, or one
    /// returned for changes. A submitted or concluded report is locked.
    pub fn editable(self) -> bool {
        matches!(self, ReportStatus::Draft | ReportStatus::Returned)
    }
}

/// What is done to a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportAction {
    /// The organization saves its work (or an attachment starts a draft).
    Save,
    /// The organization submits it for review.
    Submit,
    /// The registry returns it for changes.
    Return,
    /// The registry concludes it.
    Conclude,
}

/// The next status of a report (`None`: not started) after `action`, or the
/// message key of why it may not happen.
pub fn report_next(from: Option<ReportStatus>, action: ReportAction) -> Result<ReportStatus, &'static str> {
    use ReportAction as A;
    use ReportStatus as S;
    match (from, action) {
        (None | Some(S::Draft), A::Save) => Ok(S::Draft),
        (Some(S::Returned), A::Save) => Ok(S::Returned),
        (None | Some(S::Draft | S::Returned), A::Submit) => Ok(S::Submitted),
        (Some(S::Submitted | S::Concluded), A::Save | A::Submit) => Err("err_report_locked"),
        (Some(S::Submitted), A::Return) => Ok(S::Returned),
        (Some(S::Submitted), A::Conclude) => Ok(S::Concluded),
        (_, A::Return | A::Conclude) => Err("err_report_not_submitted"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YUAN: i64 = 100;

    fn balanced() -> Financials {
        Financials {
            income_donations: 800_000 * YUAN,
            income_grants: 100_000 * YUAN,
            income_services: 50_000 * YUAN,
            income_dues: 0,
            income_investment: 30_000 * YUAN,
            income_other: 20_000 * YUAN,
            income_total: 1_000_000 * YUAN,
            spend_activities: 700_000 * YUAN,
            spend_admin: 90_000 * YUAN,
            spend_fundraising: 10_000 * YUAN,
            spend_other: 0,
            spend_total: 800_000 * YUAN,
            assets: 5_000_000 * YUAN,
            liabilities: 1_000_000 * YUAN,
            net_assets: 4_000_000 * YUAN,
        }
    }

    #[test]
    fn every_value_of_a_draft_is_checked_as_text() {
        use crate::error::FieldError;
        // A half-typed draft is text like any other.
        let draft =
            ReportForm {
                changes: "第一行\n\t第二行".into(), income_total: "约 12".into(), ..ReportForm::default()
            };
        assert!(check_texts(&draft).is_empty());
        // Every field is read: a NUL in each one is refused with its name.
        let names: Vec<String> = match serde_json::to_value(ReportForm::default()) {
            Ok(serde_json::Value::Object(m)) => m.keys().cloned().collect(),
            _ => unreachable!(),
        };
        assert_eq!(names.len(), 25);
        for name in &names {
            let mut v = serde_json::to_value(ReportForm::default()).unwrap();
            v[name.as_str()] = "1\u{0}2".into();
            let form: ReportForm = serde_json::from_value(v).unwrap();
            assert_eq!(check_texts(&form), vec![FieldError::new(name, "err_control_chars")], "{name}");
        }
        let f = ReportForm { activities: "长".repeat(MAX_TEXT + 1), ..ReportForm::default() };
        assert_eq!(check_texts(&f), vec![FieldError::new("activities", "err_too_long")]);
        let f = ReportForm { projects: "3\n".into(), assets: "9".repeat(51), ..ReportForm::default() };
        assert_eq!(
            check_texts(&f),
            vec![FieldError::new("assets", "err_too_long"), FieldError::new("projects", "err_single_line")]
        );
    }

    #[test]
    fn balanced_statements_pass() {
        assert!(check_statements(&balanced(), OrgType::Foundation).is_empty());
    }

    #[test]
    fn totals_balance_and_signs_are_checked() {
        let mut f = balanced();
        f.income_total += 1;
        f.spend_total -= 1;
        f.net_assets += 1;
        f.income_other = -1;
        f.income_dues = 5;
        let fields: Vec<&str> = check_statements(&f, OrgType::Foundation).iter().map(|x| x.field).collect();
        assert_eq!(fields, vec!["income_other", "income_dues", "income_total", "spend_total", "net_assets"]);
        // Membership dues are fine for a 社会团体.
        let mut g = balanced();
        g.income_dues = 10_000 * YUAN;
        g.income_other -= 10_000 * YUAN;
        assert!(check_statements(&g, OrgType::SocialGroup).is_empty());
    }

    #[test]
    fn public_foundation_spends_seventy_percent_of_last_years_income() {
        let prior = PriorYear { income_total: 1_000_000 * YUAN, net_assets: 0 };
        let rule = foundation_rule(Funding::Public, prior);
        assert_eq!(rule.min_activities, 700_000 * YUAN);
        let mut f = balanced();
        f.spend_activities = 700_000 * YUAN;
        assert!(check_spending(&f, rule).is_empty());
        f.spend_activities -= 1;
        f.spend_other += 1;
        assert_eq!(check_spending(&f, rule)[0].message, "warn_report_spending_below_minimum");
    }

    #[test]
    fn non_public_foundation_spends_eight_percent_of_net_assets() {
        let prior = PriorYear { income_total: 0, net_assets: 2_000_000 * YUAN };
        assert_eq!(foundation_rule(Funding::NonPublic, prior).min_activities, 160_000 * YUAN);
    }

    #[test]
    fn administrative_cap_of_ten_percent_with_the_200k_exemption() {
        let rule = foundation_rule(Funding::Public, PriorYear::default());
        let mut f = balanced();
        f.spend_total = 3_000_000 * YUAN;
        f.spend_activities = 2_700_000 * YUAN - f.spend_fundraising;
        f.spend_admin = 300_000 * YUAN; // exactly 10 %
        assert!(check_spending(&f, rule).is_empty());
        f.spend_admin += 1;
        f.spend_activities -= 1;
        assert_eq!(check_spending(&f, rule)[0].message, "warn_report_admin_over_cap");
        // Under ¥200,000 of administrative costs no cap applies.
        let mut small = balanced();
        small.spend_total = 1_000_000 * YUAN;
        small.spend_admin = 199_999 * YUAN;
        assert!(check_spending(&small, foundation_rule(Funding::Public, PriorYear::default())).is_empty());
    }

    #[test]
    fn charity_tiers_at_their_inclusive_lower_bounds() {
        let na = |yuan: i64| PriorYear { income_total: 0, net_assets: yuan * YUAN };
        let f = OrgType::Foundation;
        assert_eq!(charity_rule(f, Funding::NonPublic, na(60_000_000)).max_admin_percent, 12);
        assert_eq!(charity_rule(f, Funding::NonPublic, na(59_999_999)).max_admin_percent, 13);
        assert_eq!(charity_rule(f, Funding::NonPublic, na(8_000_000)).max_admin_percent, 13);
        assert_eq!(charity_rule(f, Funding::NonPublic, na(7_999_999)).max_admin_percent, 15);
        assert_eq!(charity_rule(f, Funding::NonPublic, na(4_000_000)).min_activities, 280_000 * YUAN);
        assert_eq!(charity_rule(f, Funding::NonPublic, na(3_999_999)).max_admin_percent, 20);
        let g = OrgType::SocialGroup;
        assert_eq!(charity_rule(g, Funding::NonPublic, na(10_000_000)).min_activities, 600_000 * YUAN);
        assert_eq!(charity_rule(g, Funding::NonPublic, na(5_000_000)).max_admin_percent, 14);
        assert_eq!(charity_rule(g, Funding::NonPublic, na(1_000_000)).max_admin_percent, 15);
        // Under ¥1m: the larger of 8 % of net assets and 50 % of income.
        let small = PriorYear { income_total: 300_000 * YUAN, net_assets: 900_000 * YUAN };
        assert_eq!(charity_rule(g, Funding::NonPublic, small).min_activities, 150_000 * YUAN);
        assert_eq!(charity_rule(g, Funding::Public, small).max_admin_percent, 13);
        assert_eq!(charity_rule(f, Funding::Public, small).min_activities, 210_000 * YUAN);
    }

    #[test]
    fn deadlines_and_obligation() {
        assert_eq!(deadline(OrgType::Foundation, 2025), NaiveDate::from_ymd_opt(2026, 3, 31).unwrap());
        assert_eq!(deadline(OrgType::SocialGroup, 2025), NaiveDate::from_ymd_opt(2026, 5, 31).unwrap());
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert!(obliged(OrgType::SocialService, d(2025, 6, 30), 2025));
        assert!(!obliged(OrgType::SocialService, d(2025, 7, 1), 2025));
        assert!(obliged(OrgType::Foundation, d(2025, 12, 1), 2025));
        assert!(!obliged(OrgType::SocialGroup, d(2026, 1, 1), 2025));
        assert!(obliged(OrgType::SocialGroup, d(2019, 7, 1), 2025));
    }

    fn full_form() -> ReportForm {
        let f = balanced();
        ReportForm {
            changes: "无".into(),
            board_meetings: "2".into(),
            activities: "开展社区助老服务".into(),
            projects: "3".into(),
            staff_full_time: "5".into(),
            staff_part_time: "1".into(),
            volunteers: "40".into(),
            public_fundraising: "yes".into(),
            prior_income_total: "900000".into(),
            prior_net_assets: "3800000".into(),
            ..form_from_figures(&f)
        }
    }

    #[test]
    fn a_complete_form_passes_and_parses() {
        let c = check_form(&full_form(), OrgType::Foundation, None);
        assert_eq!(c.findings, vec![]);
        assert_eq!(c.financials.unwrap(), balanced());
    }

    #[test]
    fn required_fields_counts_and_amount_formats_name_their_field() {
        let mut form = full_form();
        form.activities = " ".into();
        form.volunteers = "-3".into();
        form.projects = "三".into();
        form.income_grants = "12.345".into();
        form.public_fundraising = String::new();
        let c = check_form(&form, OrgType::Foundation, None);
        let got: Vec<(&str, &str)> = c.findings.iter().map(|f| (f.field, f.message)).collect();
        assert_eq!(
            got,
            vec![
                ("activities", "err_required"),
                ("projects", "err_count_format"),
                ("volunteers", "err_count_negative"),
                ("income_grants", "err_amount_format"),
                ("public_fundraising", "err_required"),
            ]
        );
        assert!(c.financials.is_none() && c.has_errors());
    }

    #[test]
    fn balance_error_blocks_and_dues_are_optional_outside_groups() {
        let mut form = full_form();
        form.net_assets = "3999999.99".into();
        let c = check_form(&form, OrgType::Foundation, None);
        assert!(c.has_errors());
        assert_eq!(c.findings[0].field, "net_assets");
        let mut svc = full_form();
        svc.income_dues = String::new();
        assert!(!check_form(&svc, OrgType::SocialService, None).has_errors());
        // A 社会团体 must state its dues, even as 0.
        assert_eq!(check_form(&svc, OrgType::SocialGroup, None).findings[0].field, "income_dues");
    }

    #[test]
    fn spending_rules_use_last_years_report_when_known() {
        // Typed prior income ¥900,000 → minimum ¥630,000: ¥700,000 spent passes.
        assert!(check_form(&full_form(), OrgType::Foundation, None).findings.is_empty());
        // Last year's report on file says ¥1,100,000 → minimum ¥770,000: a warning, not an error.
        let prior = PriorYear { income_total: 1_100_000 * YUAN, net_assets: 0 };
        let c = check_form(&full_form(), OrgType::Foundation, Some(prior));
        assert_eq!(c.findings.len(), 1);
        assert_eq!(c.findings[0].severity, Severity::Warning);
        assert!(!c.has_errors());
        // Other types have no spending rule here and need no prior figures.
        let mut g = full_form();
        g.prior_income_total = String::new();
        g.income_dues = "0".into();
        assert!(check_form(&g, OrgType::SocialGroup, None).findings.is_empty());
    }

    #[test]
    fn reminders_thirty_and_seven_days_before_and_the_day_after() {
        let deadline = NaiveDate::from_ymd_opt(2026, 5, 31).unwrap();
        let on = |m, d| reminder_due(deadline, NaiveDate::from_ymd_opt(2026, m, d).unwrap());
        assert_eq!(on(4, 30), None);
        assert_eq!(on(5, 1), Some("d30"));
        assert_eq!(on(5, 23), Some("d30"));
        assert_eq!(on(5, 24), Some("d7"));
        assert_eq!(on(5, 31), Some("d7"));
        assert_eq!(on(6, 1), Some("overdue"));
        assert_eq!(on(12, 1), Some("overdue"));
    }

    #[test]
    fn a_report_moves_only_along_its_workflow() {
        use ReportAction as A;
        use ReportStatus as S;
        assert_eq!(report_next(None, A::Save), Ok(S::Draft));
        assert_eq!(report_next(Some(S::Returned), A::Save), Ok(S::Returned), "a returned report stays returned");
        assert_eq!(report_next(Some(S::Draft), A::Submit), Ok(S::Submitted));
        assert_eq!(report_next(Some(S::Returned), A::Submit), Ok(S::Submitted));
        assert_eq!(report_next(Some(S::Submitted), A::Save), Err("err_report_locked"));
        assert_eq!(report_next(Some(S::Concluded), A::Submit), Err("err_report_locked"));
        assert_eq!(report_next(Some(S::Submitted), A::Return), Ok(S::Returned));
        assert_eq!(report_next(Some(S::Submitted), A::Conclude), Ok(S::Concluded));
        assert_eq!(report_next(Some(S::Draft), A::Conclude), Err("err_report_not_submitted"));
        assert_eq!(report_next(Some(S::Concluded), A::Return), Err("err_report_not_submitted"));
        for st in S::ALL {
            assert_eq!(S::parse(st.as_str()), Some(st));
            assert_eq!(st.editable(), report_next(Some(st), A::Save).is_ok());
        }
        assert_eq!(S::parse("none"), None);
    }
}
