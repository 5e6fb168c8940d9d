//! Rules of charities (慈善法; 《慈善组织认定办法》 民政部令73; 《公开募捐管理办法》
//! 民政部令74; 《慈善组织信息公开办法》 民政部令81): recognition and
//! public-fundraising qualification checks, when a fundraising plan must be
//! filed, the disclosures a campaign owes and their deadlines, spending ratios,
//! the transparency index and the five-level risk grade.

use chrono::{Datelike, Months, NaiveDate};

/// A plan is filed at least this many days before the campaign starts (74号 §11).
pub const FILE_DAYS_BEFORE: u64 = 10;
/// In a major emergency it may be filed within this many days after the start (慈善法 §73).
pub const EMERGENCY_DAYS_AFTER: u64 = 10;
/// A campaign longer than this many months discloses during its course (81号).
pub const LONG_CAMPAIGN_MONTHS: u32 = 6;
/// … at least every this many months.
pub const PERIODIC_MONTHS: u32 = 3;
/// The final disclosure is due this many months after the campaign ends.
pub const FINAL_MONTHS: u32 = 3;
/// Registered, or recognized as a charity, at least this many years before
/// applying for the qualification (74号 §5, since 2024-09-05; was 2).
pub const QUALIFY_MIN_YEARS: i32 = 1;
/// No administrative penalty within this many years before recognition (73号 §5).
pub const RECOGNITION_PENALTY_YEARS: i32 = 2;

/// `date` plus `years` (29 February becomes 28 February).
fn plus_years(date: NaiveDate, years: i32) -> NaiveDate {
    date.with_year(date.year() + years)
        .or_else(|| NaiveDate::from_ymd_opt(date.year() + years, date.month(), 28))
        .unwrap_or(date)
}

/// Facts about an organization when it applies for recognition.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecognitionFacts {
    /// Registration status is `active`.
    pub active: bool,
    /// Open entries on the 活动异常名录.
    pub abnormal_entries: u32,
    /// Open entries on the 严重违法失信名单.
    pub serious_entries: u32,
    /// The date of the last administrative penalty, if any.
    pub last_penalty: Option<NaiveDate>,
    /// The charter complies with 慈善法 §11 (the officer confirms it).
    pub charter_ok: bool,
}

/// The reasons (message keys) a recognition is refused on `today`; empty when it may be granted.
pub fn recognition_refusals(f: &RecognitionFacts, today: NaiveDate) -> Vec<&'static str> {
    let mut out = Vec::new();
    if !f.active {
        out.push("ch_refuse_not_active");
    }
    if f.abnormal_entries > 0 {
        out.push("ch_refuse_abnormal_list");
    }
    if f.serious_entries > 0 {
        out.push("ch_refuse_serious_list");
    }
    if let Some(p) = f.last_penalty {
        if plus_years(p, RECOGNITION_PENALTY_YEARS) > today {
            out.push("ch_refuse_recent_penalty");
        }
    }
    if !f.charter_ok {
        out.push("ch_refuse_charter");
    }
    out
}

/// Facts about a charity when it applies for the public-fundraising qualification.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QualificationFacts {
    pub active: bool,
    pub registered_on: NaiveDate,
    pub recognized_on: Option<NaiveDate>,
    pub abnormal_entries: u32,
    pub serious_entries: u32,
    pub last_penalty: Option<NaiveDate>,
    /// Years before applying in which no violation may have been punished
    /// (a setting: 74号 commentary says 1; it was 2).
    pub clean_years: i32,
    /// Sound governance (board, supervisors, internal systems) as checked by the officer.
    pub governance_ok: bool,
    /// Annual reports filed on time.
    pub reports_ok: bool,
    /// The date a former qualification was withdrawn for a serious violation (5-year bar, 慈善法 §111).
    pub withdrawn_for_violation_on: Option<NaiveDate>,
}

/// The reasons (message keys) a qualification is refused on `today`; empty when it may be granted.
pub fn qualification_refusals(f: &QualificationFacts, today: NaiveDate) -> Vec<&'static str> {
    let mut out = Vec::new();
    if !f.active {
        out.push("ch_refuse_not_active");
    }
    match f.recognized_on {
        None => out.push("ch_refuse_not_charity"),
        Some(_) => {
            // Registered, or recognized, for at least one year: the earlier date counts.
            let since = f.recognized_on.map(|r| r.min(f.registered_on)).unwrap_or(f.registered_on);
            if plus_years(since, QUALIFY_MIN_YEARS) > today {
                out.push("ch_refuse_too_young");
            }
        }
    }
    if f.serious_entries > 0 {
        out.push("ch_refuse_serious_list");
    }
    if f.abnormal_entries > 0 {
        out.push("ch_refuse_abnormal_list");
    }
    if let Some(p) = f.last_penalty {
        if plus_years(p, f.clean_years) > today {
            out.push("ch_refuse_recent_penalty");
        }
    }
    if !f.governance_ok {
        out.push("ch_refuse_governance");
    }
    if !f.reports_ok {
        out.push("ch_refuse_reports");
    }
    if let Some(w) = f.withdrawn_for_violation_on {
        if plus_years(w, 5) > today {
            out.push("ch_refuse_withdrawn_bar");
        }
    }
    out
}

/// The last day on which a plan starting on `start` may be filed (ten days before).
pub fn filing_deadline(start: NaiveDate, emergency: bool) -> NaiveDate {
    if emergency {
        start + chrono::Days::new(EMERGENCY_DAYS_AFTER)
    } else {
        start - chrono::Days::new(FILE_DAYS_BEFORE)
    }
}

/// Why a plan filed on `filed_on` for `start`–`end` is refused (a message key and the field).
pub fn filing_error(
    filed_on: NaiveDate,
    start: NaiveDate,
    end: NaiveDate,
    emergency: bool,
) -> Option<(&'static str, &'static str)> {
    if end < start {
        return Some(("end_on", "ch_err_end_before_start"));
    }
    if emergency && filed_on < start {
        // An emergency filing is a filing after the start; before it the normal rule applies.
        return (filed_on > filing_deadline(start, false)).then_some(("start_on", "ch_err_file_ten_days"));
    }
    if filed_on > filing_deadline(start, emergency) {
        return Some(("start_on", if emergency { "ch_err_emergency_late" } else { "ch_err_file_ten_days" }));
    }
    None
}

/// One disclosure a campaign owes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Due {
    /// `periodic` or `final`.
    pub kind: &'static str,
    /// 1, 2, … for periodic disclosures; 0 for the final one.
    pub period_no: i32,
    pub due_on: NaiveDate,
}

/// Every disclosure a campaign running `start`–`end` owes: one every three
/// months during a campaign longer than six months (due at the end of each
/// three-month period that ends before the campaign does), and the final
/// disclosure three months after the end. A campaign terminated early ends on
/// its termination date.
pub fn campaign_dues(start: NaiveDate, end: NaiveDate) -> Vec<Due> {
    let mut out = Vec::new();
    let long = start.checked_add_months(Months::new(LONG_CAMPAIGN_MONTHS)).map(|d| end > d).unwrap_or(false);
    if long {
        let mut k = 1;
        while let Some(d) = start.checked_add_months(Months::new(PERIODIC_MONTHS * k as u32)) {
            if d >= end {
                break;
            }
            out.push(Due { kind: "periodic", period_no: k, due_on: d });
            k += 1;
        }
    }
    let final_due = end.checked_add_months(Months::new(FINAL_MONTHS)).unwrap_or(end);
    out.push(Due { kind: "final", period_no: 0, due_on: final_due });
    out
}

/// The annual work and financial report of `year` is due on 31 May of the next year (81号).
pub fn annual_due(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year + 1, 5, 31).unwrap_or_default()
}

/// A disclosure is overdue when it was not made by its due date and today is after it.
pub fn is_overdue(due_on: NaiveDate, disclosed_on: Option<NaiveDate>, today: NaiveDate) -> bool {
    match disclosed_on {
        Some(d) => d > due_on,
        None => today > due_on,
    }
}

/// A share in tenths of a percent (`part` of `whole`, 0 when `whole` is 0).
pub fn permille(part: i64, whole: i64) -> u64 {
    if whole <= 0 || part <= 0 {
        return 0;
    }
    (part as i128 * 1000 / whole as i128) as u64
}

/// Spending that breaks the plan: more spent than raised, or fundraising
/// costs beyond the plan's cost budget, or spending declared outside the plan's uses.
pub fn spending_outside_plan(raised: i64, spent: i64, cost: i64, cost_budget: i64, off_plan: i64) -> bool {
    spent > raised || cost > cost_budget || off_plan > 0
}

/// The counts the transparency index is computed from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Disclosures {
    /// Disclosures due by today.
    pub due: u32,
    /// Of them, made (on time or late).
    pub made: u32,
    /// Of them, made by the due date.
    pub on_time: u32,
    /// Made disclosures that gave every figure (raised, spent, cost) and a description of uses.
    pub complete: u32,
}

/// The transparency index, 0–100, or `None` when nothing was due yet:
///
/// `index = 50 × on_time ÷ due + 30 × made ÷ due + 20 × complete ÷ due`
///
/// Timeliness weighs most (disclosure deadlines are the law's), then whether
/// each due disclosure was made at all, then whether it gave every figure.
/// Rounded half up to a whole number.
pub fn transparency_index(d: Disclosures) -> Option<u32> {
    if d.due == 0 {
        return None;
    }
    let due = d.due as u64;
    let tenths =
        (500 * d.on_time.min(d.due) as u64 + 300 * d.made.min(d.due) as u64 + 200 * d.complete.min(d.due) as u64) * 10
            / due;
    // `tenths` is the index × 100; round half up to a whole number.
    Some(((tenths + 50) / 100) as u32)
}

/// The facts a charity's risk grade is drawn from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RiskFacts {
    pub overdue_open: u32,
    pub spending_outside_plan: u32,
    pub abnormal_entries: u32,
    pub serious_entries: u32,
    pub complaints_year: u32,
}

/// Points of each fact (documented on the officers' page).
pub const RISK_POINTS: [(&str, u32); 5] = [
    ("ch_risk_overdue", 2),
    ("ch_risk_off_plan", 3),
    ("ch_risk_abnormal", 3),
    ("ch_risk_serious", 6),
    ("ch_risk_complaint", 1),
];

/// The risk grade 1 (low) – 5 (high) and its reasons (message key, count, points):
/// 0 points → 1, 1–2 → 2, 3–5 → 3, 6–9 → 4, 10 and more → 5.
/// A serious-list entry alone makes the grade at least 4.
pub fn risk_grade(f: RiskFacts) -> (u8, Vec<(&'static str, u32, u32)>) {
    let counts = [f.overdue_open, f.spending_outside_plan, f.abnormal_entries, f.serious_entries, f.complaints_year];
    let reasons: Vec<_> =
        RISK_POINTS.iter().zip(counts).filter(|(_, n)| *n > 0).map(|((key, p), n)| (*key, n, p * n)).collect();
    let total: u32 = reasons.iter().map(|r| r.2).sum();
    let grade = match total {
        0 => 1,
        1..=2 => 2,
        3..=5 => 3,
        6..=9 => 4,
        _ => 5,
    };
    (grade, reasons)
}

/// A filing number: `<region code>` + year + a six-digit sequence, e.g. `440300-2026-000012`.
pub fn filing_no(region_code: &str, year: i32, seq: i64) -> String {
    format!("{region_code}-{year}-{seq:06}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_plan_is_filed_ten_days_before_it_starts() {
        let start = d("2026-12-11");
        assert_eq!(filing_deadline(start, false), d("2026-12-01"));
        assert_eq!(filing_error(d("2026-12-01"), start, d("2027-01-31"), false), None);
        assert_eq!(
            filing_error(d("2026-12-02"), start, d("2027-01-31"), false),
            Some(("start_on", "ch_err_file_ten_days"))
        );
        assert_eq!(filing_error(d("2026-11-01"), start, start, false), None, "a one-day campaign");
        assert_eq!(
            filing_error(d("2026-11-01"), start, d("2026-12-10"), false),
            Some(("end_on", "ch_err_end_before_start"))
        );
    }

    #[test]
    fn an_emergency_plan_is_filed_within_ten_days_after_the_start() {
        let start = d("2026-11-13");
        assert_eq!(filing_deadline(start, true), d("2026-11-23"));
        assert_eq!(filing_error(d("2026-11-23"), start, d("2027-02-13"), true), None);
        assert_eq!(
            filing_error(d("2026-11-24"), start, d("2027-02-13"), true),
            Some(("start_on", "ch_err_emergency_late"))
        );
        // Before the start an emergency plan follows the normal rule.
        assert_eq!(filing_error(d("2026-11-03"), start, d("2027-02-13"), true), None);
        assert_eq!(
            filing_error(d("2026-11-04"), start, d("2027-02-13"), true),
            Some(("start_on", "ch_err_file_ten_days"))
        );
    }

    #[test]
    fn a_short_campaign_owes_only_the_final_disclosure_three_months_after_it_ends() {
        // Exactly six months is not longer than six months.
        let dues = campaign_dues(d("2026-01-01"), d("2026-07-01"));
        assert_eq!(dues, vec![Due { kind: "final", period_no: 0, due_on: d("2026-10-01") }]);
        // Month ends are clamped: 30 November + 3 months = 28 February.
        assert_eq!(campaign_dues(d("2026-09-01"), d("2026-11-30"))[0].due_on, d("2027-02-28"));
    }

    #[test]
    fn a_long_campaign_discloses_every_three_months() {
        let dues = campaign_dues(d("2026-01-01"), d("2026-07-02"));
        assert_eq!(
            dues,
            vec![
                Due { kind: "periodic", period_no: 1, due_on: d("2026-04-01") },
                Due { kind: "periodic", period_no: 2, due_on: d("2026-07-01") },
                Due { kind: "final", period_no: 0, due_on: d("2026-10-02") },
            ]
        );
        // A year-long campaign: periods end on 1 Apr, 1 Jul, 1 Oct; the fourth would be its end.
        let dues = campaign_dues(d("2026-01-01"), d("2027-01-01"));
        assert_eq!(dues.iter().filter(|x| x.kind == "periodic").count(), 3);
        assert_eq!(dues.last().unwrap().due_on, d("2027-04-01"));
    }

    #[test]
    fn overdue_on_the_day_after_the_deadline() {
        let due = d("2026-10-01");
        assert!(!is_overdue(due, None, d("2026-10-01")));
        assert!(is_overdue(due, None, d("2026-10-02")));
        assert!(!is_overdue(due, Some(d("2026-10-01")), d("2026-12-01")));
        assert!(is_overdue(due, Some(d("2026-10-02")), d("2026-12-01")), "made late");
        assert_eq!(annual_due(2025), d("2026-05-31"));
    }

    #[test]
    fn spending_ratios_and_spending_outside_the_plan() {
        assert_eq!(permille(7_500_000, 10_000_000), 750);
        assert_eq!(permille(1, 3), 333);
        assert_eq!(permille(5, 0), 0);
        assert_eq!(permille(120, 100), 1200);
        assert!(!spending_outside_plan(100, 100, 3, 3, 0));
        assert!(spending_outside_plan(100, 101, 0, 3, 0));
        assert!(spending_outside_plan(100, 50, 4, 3, 0));
        assert!(spending_outside_plan(100, 50, 0, 3, 1));
    }

    #[test]
    fn transparency_formula() {
        assert_eq!(transparency_index(Disclosures::default()), None);
        assert_eq!(transparency_index(Disclosures { due: 4, made: 4, on_time: 4, complete: 4 }), Some(100));
        assert_eq!(transparency_index(Disclosures { due: 4, made: 0, on_time: 0, complete: 0 }), Some(0));
        // 50×2/4 + 30×3/4 + 20×3/4 = 25 + 22.5 + 15 = 62.5 → 63
        assert_eq!(transparency_index(Disclosures { due: 4, made: 3, on_time: 2, complete: 3 }), Some(63));
        // 50×1/3 + 30×1/3 + 20×0 = 26.67 → 27
        assert_eq!(transparency_index(Disclosures { due: 3, made: 1, on_time: 1, complete: 0 }), Some(27));
    }

    #[test]
    fn risk_grades_with_reasons() {
        assert_eq!(risk_grade(RiskFacts::default()), (1, vec![]));
        assert_eq!(risk_grade(RiskFacts { complaints_year: 2, ..Default::default() }).0, 2);
        let (g, r) = risk_grade(RiskFacts { overdue_open: 1, complaints_year: 1, ..Default::default() });
        assert_eq!(g, 3);
        assert_eq!(r, vec![("ch_risk_overdue", 1, 2), ("ch_risk_complaint", 1, 1)]);
        assert_eq!(risk_grade(RiskFacts { serious_entries: 1, ..Default::default() }).0, 4);
        let (g, _) = risk_grade(RiskFacts {
            overdue_open: 2,
            spending_outside_plan: 1,
            abnormal_entries: 1,
            ..Default::default()
        });
        assert_eq!(g, 5);
    }

    #[test]
    fn recognition_refused_for_a_recent_penalty_or_a_listing() {
        let today = d("2026-11-23");
        let ok = RecognitionFacts { active: true, charter_ok: true, ..Default::default() };
        assert!(recognition_refusals(&ok, today).is_empty());
        let p = RecognitionFacts { last_penalty: Some(d("2024-11-24")), ..ok.clone() };
        assert_eq!(recognition_refusals(&p, today), vec!["ch_refuse_recent_penalty"]);
        let p = RecognitionFacts { last_penalty: Some(d("2024-11-23")), ..ok.clone() };
        assert!(recognition_refusals(&p, today).is_empty(), "two full years have passed");
        let s = RecognitionFacts { serious_entries: 1, ..ok };
        assert_eq!(recognition_refusals(&s, today), vec!["ch_refuse_serious_list"]);
    }

    #[test]
    fn qualification_needs_one_year_and_a_clean_record() {
        let today = d("2026-11-23");
        let ok = QualificationFacts {
            active: true,
            registered_on: d("2025-11-23"),
            recognized_on: Some(d("2026-10-01")),
            clean_years: 1,
            governance_ok: true,
            reports_ok: true,
            ..Default::default()
        };
        assert!(qualification_refusals(&ok, today).is_empty(), "registered exactly one year ago");
        let young = QualificationFacts { registered_on: d("2025-11-24"), ..ok.clone() };
        assert_eq!(qualification_refusals(&young, today), vec!["ch_refuse_too_young"]);
        let none = QualificationFacts { recognized_on: None, ..ok.clone() };
        assert_eq!(qualification_refusals(&none, today), vec!["ch_refuse_not_charity"]);
        let serious = QualificationFacts { serious_entries: 1, ..ok.clone() };
        assert_eq!(qualification_refusals(&serious, today), vec!["ch_refuse_serious_list"]);
        let barred = QualificationFacts { withdrawn_for_violation_on: Some(d("2021-11-24")), ..ok.clone() };
        assert_eq!(qualification_refusals(&barred, today), vec!["ch_refuse_withdrawn_bar"]);
        let penalty = QualificationFacts { last_penalty: Some(d("2025-11-24")), ..ok };
        assert_eq!(qualification_refusals(&penalty, today), vec!["ch_refuse_recent_penalty"]);
    }

    #[test]
    fn filing_numbers() {
        assert_eq!(filing_no("440300", 2026, 12), "440300-2026-000012");
    }
}
