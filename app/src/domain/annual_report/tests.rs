use chrono::NaiveDate;

use super::*;
use crate::domain::org_type::OrgType;

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
        ReportForm { changes: "第一行\n\t第二行".into(), income_total: "约 12".into(), ..ReportForm::default() };
    assert!(check_texts(&draft).is_empty());
    // Every field is read: a NUL in each one is refused with its name.
    let names: Vec<String> = match serde_json::to_value(ReportForm::default()) {
        Ok(serde_json::Value::Object(m)) => m.keys().cloned().collect(),
        _ => unreachable!(),
    };
    assert_eq!(names.len(), 32);
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

/// 初审: an organization with a supervisory unit submits to the unit, which
/// passes the report on to the registry or returns it; the registry cannot
/// decide a report still at the unit, nor the unit one that left it.
#[test]
fn a_report_of_an_organization_with_a_unit_passes_the_units_first_review() {
    use ReportAction as A;
    use ReportStatus as S;
    assert_eq!(report_next(None, A::SubmitToUnit), Ok(S::UnitReview));
    assert_eq!(report_next(Some(S::Draft), A::SubmitToUnit), Ok(S::UnitReview));
    assert_eq!(report_next(Some(S::Returned), A::SubmitToUnit), Ok(S::UnitReview), "back to the unit after a return");
    assert_eq!(report_next(Some(S::UnitReview), A::UnitPass), Ok(S::Submitted));
    assert_eq!(report_next(Some(S::UnitReview), A::UnitReturn), Ok(S::Returned));
    assert_eq!(report_next(Some(S::UnitReview), A::Save), Err("err_report_locked"));
    assert_eq!(report_next(Some(S::UnitReview), A::SubmitToUnit), Err("err_report_locked"));
    assert_eq!(report_next(Some(S::UnitReview), A::Conclude), Err("err_report_at_unit"));
    assert_eq!(report_next(Some(S::UnitReview), A::Return), Err("err_report_at_unit"));
    for st in [S::Draft, S::Submitted, S::Returned, S::Concluded] {
        assert_eq!(report_next(Some(st), A::UnitPass), Err("err_report_not_at_unit"), "{st:?}");
        assert_eq!(report_next(Some(st), A::UnitReturn), Err("err_report_not_at_unit"), "{st:?}");
    }
    assert!(!S::UnitReview.editable());
    assert_eq!(S::parse("unit_review"), Some(S::UnitReview));
    // Without a unit, submission goes straight to the registry as before.
    assert_eq!(report_next(Some(S::Draft), A::Submit), Ok(S::Submitted));
}
