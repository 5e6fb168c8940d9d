//! The financial statements of a report year: their identities (§8.6) and the
//! spending rules of foundations and charities. Amounts are integer 分.

use serde::{Deserialize, Serialize};

use crate::domain::org_type::OrgType;

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

pub(super) fn error(field: &'static str, message: &'static str) -> Finding {
    Finding { field, message, severity: Severity::Error }
}

pub(super) fn warning(field: &'static str, message: &'static str) -> Finding {
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
