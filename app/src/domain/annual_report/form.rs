//! The report form as typed, its text checks and every check before
//! submission.

use serde::{Deserialize, Serialize};

use super::statements::{
    check_spending, check_statements, error, foundation_rule, Financials, Finding, Funding, PriorYear, Severity,
};
use crate::domain::org_type::OrgType;

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
    // Party building (党建情况; `party.rs`). A report saved before the section
    // existed reads these as empty.
    /// independent | joint | none (`domain::party::Kind`).
    pub party_kind: String,
    /// Full party members among the staff.
    pub party_members: String,
    /// Party activities (组织生活、学习) held in the year.
    pub party_activities: String,
    /// "yes" | "no": the charter contains the party-building clause.
    pub party_charter: String,
    /// "yes" | "no": the party organization's secretary is on the board (with one).
    pub party_board: String,
    /// Why there is none (without one).
    pub party_none_reason: String,
    /// "yes" | "no": an instructor or liaison is assigned (without one).
    pub party_instructor: String,
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
pub use crate::domain::input::MAX_TEXT;

/// The fields of the form that may hold several lines of text; every other
/// value (counts, amounts, choices) is one line of at most `MAX_FIGURE`
/// characters.
pub const MULTI_LINE_FIELDS: [&str; 3] = ["changes", "activities", "party_none_reason"];

/// Checks every value of the form as text (`domain::input`): no control
/// characters, line breaks only in [`MULTI_LINE_FIELDS`], at most `MAX_TEXT`
/// or `MAX_FIGURE` characters. A draft is saved as typed, blanks and
/// half-typed figures included, but only after this; a submission also runs
/// [`check_form`]. Every field of [`ReportForm`] is read through its JSON, so
/// a field added later is checked too.
pub fn check_texts(form: &ReportForm) -> Vec<crate::error::FieldError> {
    use crate::domain::input::{self, Lines};
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
    match crate::domain::money::parse_yuan(value) {
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
        } else if let Err(key) = crate::domain::input::check_text(value, MAX_TEXT, crate::domain::input::Lines::Multi) {
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
    let y = crate::domain::money::format_yuan;
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
