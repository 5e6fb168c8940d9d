//! Rules of the double-random inspections other than the draw itself
//! (`sampling.rs`): the minimum sample, avoidance of inspectors, risk weights,
//! outcomes, the publication deadline, and the rectification a "rectify"
//! result orders (its steps, its deadline, when it is overdue).
//!
//! Sources: 《社会组织抽查暂行办法》(民发〔2017〕45号) — yearly minimum ratio
//! (city level 4 %), at least two inspectors on site, recusal of an inspector
//! with an interest; the bureau's work plan — at least 50 organizations a
//! year; prevailing practice — results public within 20 working days of the
//! end of the inspection (a setting). Problems found are notified to the
//! organization (民发〔2017〕45号); the rectification deadline is the bureau's
//! setting, in calendar days after publication.

use chrono::{Datelike, NaiveDate, Weekday};

/// At least two inspectors per target (民发〔2017〕45号).
pub const MIN_INSPECTORS: usize = 2;

/// Campaign kinds: 定期抽查 (yearly, the minimums apply) and 不定期抽查.
pub const KINDS: [&str; 2] = ["regular", "special"];

/// Strata: none, by organization type, by district.
pub const STRATA_BY: [&str; 3] = ["none", "org_type", "district"];

/// What a campaign inspects: social organizations or welfare-lottery outlets.
pub const OBJECT_KINDS: [&str; 2] = ["org", "outlet"];

/// An outlet's risk weight: larger samples for outlets with unrectified findings.
pub fn outlet_risk_weight(open_findings: i64) -> u32 {
    if open_findings > 0 {
        3
    } else {
        1
    }
}

/// The outcome of one inspection.
pub const OUTCOMES: [&str; 3] = ["none", "rectify", "penalty"];

/// The smallest sample a regular campaign may draw from `population`:
/// `ceil(percent × N)` and at least `min_count`, never more than N.
pub fn minimum_sample(kind: &str, population: usize, percent: u32, min_count: usize) -> usize {
    if kind != "regular" {
        return 0;
    }
    crate::domain::sampling::sample_size(population, percent, min_count)
}

/// The sample of a stratum of `size` by the campaign's rule: a percentage
/// (rounded up) or a count, never more than the stratum.
pub fn stratum_sample(size: usize, mode: &str, value: u32) -> usize {
    match mode {
        "percent" => (size * value as usize).div_ceil(100).min(size),
        _ => (value as usize).min(size),
    }
}

/// How many of a stratum's sample are drawn by risk weight.
pub fn weighted_share(n: usize, risk_percent: u32) -> usize {
    (n * risk_percent as usize / 100).min(n)
}

/// An organization's risk weight: larger samples for those on a credit list
/// or with a low credit score (国办发〔2015〕58号: 加大抽查比例).
pub fn risk_weight(serious_entries: i64, abnormal_entries: i64, credit_level: Option<&str>) -> u32 {
    if serious_entries > 0 {
        4
    } else if abnormal_entries > 0 || credit_level == Some("D") {
        3
    } else if credit_level == Some("C") {
        2
    } else {
        1
    }
}

/// What an inspector's directory entry says, for the avoidance check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InspectorFacts {
    pub id: i64,
    pub unit: String,
    /// Districts served; empty means every district.
    pub districts: Vec<String>,
    /// Organizations the inspector declared a conflict with.
    pub conflicts: Vec<i64>,
    pub active: bool,
    pub cert_valid_until: NaiveDate,
}

/// What a target says, for the avoidance check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetFacts {
    /// The organization (declared conflicts are with organizations); None for an outlet.
    pub org_id: Option<i64>,
    pub district: String,
    pub supervisory_unit: Option<String>,
}

/// Why an inspector may not inspect a target (the message key's suffix).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conflict {
    Inactive,
    CertificateExpires,
    SameUnit,
    Declared,
    OutsideDistricts,
}

impl Conflict {
    pub fn key(self) -> &'static str {
        match self {
            Conflict::Inactive => "insp_conflict_inactive",
            Conflict::CertificateExpires => "insp_conflict_cert",
            Conflict::SameUnit => "insp_conflict_unit",
            Conflict::Declared => "insp_conflict_declared",
            Conflict::OutsideDistricts => "insp_conflict_district",
        }
    }
}

/// Whether `i` must stay away from `t` during a campaign ending `period_end`:
/// inactive, certificate not valid through the period, the same unit as the
/// organization's supervisory unit, a declared conflict, or beyond the
/// inspector's districts.
pub fn conflict(i: &InspectorFacts, t: &TargetFacts, period_end: NaiveDate) -> Option<Conflict> {
    if !i.active {
        return Some(Conflict::Inactive);
    }
    if i.cert_valid_until < period_end {
        return Some(Conflict::CertificateExpires);
    }
    let unit = i.unit.trim();
    if !unit.is_empty() && t.supervisory_unit.as_deref().map(str::trim) == Some(unit) {
        return Some(Conflict::SameUnit);
    }
    if t.org_id.is_some_and(|id| i.conflicts.contains(&id)) {
        return Some(Conflict::Declared);
    }
    if !i.districts.is_empty() && !i.districts.iter().any(|d| d == &t.district) {
        return Some(Conflict::OutsideDistricts);
    }
    None
}

/// Splits a districts field ("南山区、福田区", commas or spaces) into names.
pub fn parse_districts(text: &str) -> Vec<String> {
    text.split(|c: char| c == '、' || c == ',' || c == '，' || c == ';' || c == '；' || c.is_whitespace())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// `n` working days after `from` (Saturdays, Sundays and `holidays` skipped).
pub fn add_working_days(from: NaiveDate, n: u32, holidays: &[NaiveDate]) -> NaiveDate {
    let mut d = from;
    let mut left = n;
    while left > 0 {
        d = d.succ_opt().expect("date in range");
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.contains(&d) {
            left -= 1;
        }
    }
    d
}

/// Whether a result is late: not published and past its due date, or
/// published after it.
pub fn publication_late(due: NaiveDate, published_on: Option<NaiveDate>, today: NaiveDate) -> bool {
    match published_on {
        Some(p) => p > due,
        None => today > due,
    }
}

/// Where a double-random campaign is: planned (draft), its population frozen
/// with a published hash, then drawn from that frozen population.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CampaignStatus {
    Draft,
    Frozen,
    Drawn,
}

impl CampaignStatus {
    pub const ALL: [CampaignStatus; 3] = [CampaignStatus::Draft, CampaignStatus::Frozen, CampaignStatus::Drawn];

    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            CampaignStatus::Draft => "draft",
            CampaignStatus::Frozen => "frozen",
            CampaignStatus::Drawn => "drawn",
        }
    }

    pub fn parse(s: &str) -> Option<CampaignStatus> {
        CampaignStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// A campaign's steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CampaignStep {
    /// Fix the population (and its hash) that the draw will use.
    Freeze,
    /// Draw the targets and assign the inspectors.
    Draw,
}

/// The status after `step`, or the message key of why it may not happen:
/// only a draft is frozen, only a frozen campaign is drawn, and a drawn one
/// is never drawn again.
pub fn campaign_next(status: CampaignStatus, step: CampaignStep) -> Result<CampaignStatus, &'static str> {
    match (status, step) {
        (CampaignStatus::Draft, CampaignStep::Freeze) => Ok(CampaignStatus::Frozen),
        (_, CampaignStep::Freeze) => Err("err_insp_not_draft"),
        (CampaignStatus::Frozen, CampaignStep::Draw) => Ok(CampaignStatus::Drawn),
        (_, CampaignStep::Draw) => Err("err_insp_not_frozen"),
    }
}

/// Where an organization's rectification (整改) after a published "rectify"
/// result is: ordered by the result, reported by the organization, then
/// accepted by an officer or returned to be reported again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RectificationStatus {
    Ordered,
    Reported,
    Accepted,
    Returned,
}

impl RectificationStatus {
    pub const ALL: [RectificationStatus; 4] = [
        RectificationStatus::Ordered,
        RectificationStatus::Reported,
        RectificationStatus::Accepted,
        RectificationStatus::Returned,
    ];

    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            RectificationStatus::Ordered => "ordered",
            RectificationStatus::Reported => "reported",
            RectificationStatus::Accepted => "accepted",
            RectificationStatus::Returned => "returned",
        }
    }

    pub fn parse(s: &str) -> Option<RectificationStatus> {
        RectificationStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Whether the organization may report (again): ordered or returned.
    pub fn open_to_report(self) -> bool {
        matches!(self, RectificationStatus::Ordered | RectificationStatus::Returned)
    }
}

/// A rectification's steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RectificationStep {
    /// The organization reports what it did.
    Report,
    /// An officer accepts the report: the rectification is done.
    Accept,
    /// An officer returns the report with a note: the organization reports again.
    Return,
}

/// The status after `step`, or the message key of why it may not happen: the
/// organization reports an ordered or returned rectification; an officer
/// accepts or returns a reported one; an accepted one is closed.
pub fn rectification_next(
    status: RectificationStatus,
    step: RectificationStep,
) -> Result<RectificationStatus, &'static str> {
    use RectificationStatus as S;
    match (status, step) {
        (S::Ordered | S::Returned, RectificationStep::Report) => Ok(S::Reported),
        (S::Reported, RectificationStep::Report) => Err("err_insp_rect_awaiting_review"),
        (S::Reported, RectificationStep::Accept) => Ok(S::Accepted),
        (S::Reported, RectificationStep::Return) => Ok(S::Returned),
        (S::Accepted, _) => Err("err_insp_rect_closed"),
        (_, RectificationStep::Accept | RectificationStep::Return) => Err("err_insp_rect_not_reported"),
    }
}

/// The rectification deadline: `days` calendar days after the result was
/// published (`INSPECTION_RECTIFY_DAYS`, 30 by default; the rules give no
/// number, the bureau sets it).
pub fn rectification_due(published_on: NaiveDate, days: u32) -> NaiveDate {
    published_on.checked_add_days(chrono::Days::new(days.into())).unwrap_or(NaiveDate::MAX)
}

/// Whether a rectification is overdue on `today`: its deadline has passed and
/// an officer has not accepted it (a report waiting for review, or returned,
/// still counts until accepted).
pub fn rectification_overdue(status: RectificationStatus, due_on: NaiveDate, today: NaiveDate) -> bool {
    status != RectificationStatus::Accepted && today > due_on
}

/// The most characters of an organization's rectification report and of an
/// officer's review note (the input layer's multi-line bound).
pub const RECTIFICATION_TEXT_MAX: usize = crate::domain::input::MAX_TEXT;

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn regular_campaigns_draw_at_least_four_percent_and_fifty() {
        assert_eq!(minimum_sample("regular", 2000, 4, 50), 80);
        assert_eq!(minimum_sample("regular", 1000, 4, 50), 50);
        assert_eq!(minimum_sample("regular", 30, 4, 50), 30);
        assert_eq!(minimum_sample("special", 2000, 4, 50), 0);
        assert_eq!(stratum_sample(101, "percent", 4), 5, "rounded up");
        assert_eq!(stratum_sample(10, "count", 25), 10, "never more than the stratum");
        assert_eq!(weighted_share(40, 25), 10);
    }

    #[test]
    fn risk_weights_follow_the_credit_record() {
        assert_eq!(risk_weight(1, 0, Some("A")), 4);
        assert_eq!(risk_weight(0, 2, Some("B")), 3);
        assert_eq!(risk_weight(0, 0, Some("D")), 3);
        assert_eq!(risk_weight(0, 0, Some("C")), 2);
        assert_eq!(risk_weight(0, 0, None), 1);
        assert_eq!((outlet_risk_weight(2), outlet_risk_weight(0)), (3, 1));
    }

    #[test]
    fn inspectors_recuse_for_each_reason() {
        let i = InspectorFacts {
            id: 1,
            unit: "市教育局".into(),
            districts: vec!["南山区".into()],
            conflicts: vec![9],
            active: true,
            cert_valid_until: d(2026, 12, 31),
        };
        let t = TargetFacts {
            org_id: Some(5), district: "南山区".into(), supervisory_unit: Some("市民政局".into())
        };
        let end = d(2026, 12, 15);
        assert_eq!(conflict(&i, &t, end), None);
        assert_eq!(
            conflict(&i, &TargetFacts { supervisory_unit: Some(" 市教育局".into()), ..t.clone() }, end),
            Some(Conflict::SameUnit)
        );
        assert_eq!(conflict(&i, &TargetFacts { org_id: Some(9), ..t.clone() }, end), Some(Conflict::Declared));
        assert_eq!(
            conflict(&i, &TargetFacts { district: "福田区".into(), ..t.clone() }, end),
            Some(Conflict::OutsideDistricts)
        );
        assert_eq!(conflict(&i, &t, d(2027, 1, 1)), Some(Conflict::CertificateExpires));
        assert_eq!(conflict(&InspectorFacts { active: false, ..i.clone() }, &t, end), Some(Conflict::Inactive));
        // An outlet with the id of a declared organization is no conflict.
        assert_eq!(conflict(&i, &TargetFacts { org_id: None, ..t.clone() }, end), None);
        let everywhere = InspectorFacts { districts: vec![], ..i };
        assert_eq!(conflict(&everywhere, &TargetFacts { district: "福田区".into(), ..t }, end), None);
        assert_eq!(parse_districts("南山区、福田区, 罗湖区"), vec!["南山区", "福田区", "罗湖区"]);
    }

    #[test]
    fn twenty_working_days_skip_weekends_and_holidays() {
        // Friday 2026-11-20 + 20 working days = Friday 2026-12-18.
        assert_eq!(add_working_days(d(2026, 11, 20), 20, &[]), d(2026, 12, 18));
        // A holiday on Monday 2026-11-23 pushes it to Monday 2026-12-21.
        assert_eq!(add_working_days(d(2026, 11, 20), 20, &[d(2026, 11, 23)]), d(2026, 12, 21));
        // From a Saturday, the first working day is Monday.
        assert_eq!(add_working_days(d(2026, 11, 21), 1, &[]), d(2026, 11, 23));
        assert!(!publication_late(d(2026, 12, 18), None, d(2026, 12, 18)));
        assert!(publication_late(d(2026, 12, 18), None, d(2026, 12, 19)));
        assert!(publication_late(d(2026, 12, 18), Some(d(2026, 12, 21)), d(2026, 12, 21)));
        assert!(!publication_late(d(2026, 12, 18), Some(d(2026, 12, 1)), d(2027, 1, 1)));
    }

    #[test]
    fn a_campaign_is_frozen_then_drawn_once() {
        use CampaignStatus as S;
        use CampaignStep as T;
        assert_eq!(campaign_next(S::Draft, T::Freeze), Ok(S::Frozen));
        assert_eq!(campaign_next(S::Frozen, T::Draw), Ok(S::Drawn));
        assert_eq!(campaign_next(S::Draft, T::Draw), Err("err_insp_not_frozen"), "no draw without a frozen population");
        assert_eq!(campaign_next(S::Drawn, T::Draw), Err("err_insp_not_frozen"), "never drawn twice");
        assert_eq!(campaign_next(S::Frozen, T::Freeze), Err("err_insp_not_draft"), "the population is frozen once");
        for st in S::ALL {
            assert_eq!(S::parse(st.as_str()), Some(st));
        }
    }

    #[test]
    fn a_rectification_is_reported_then_accepted_or_returned_and_reported_again() {
        use RectificationStatus as S;
        use RectificationStep as T;
        assert_eq!(rectification_next(S::Ordered, T::Report), Ok(S::Reported));
        assert_eq!(rectification_next(S::Reported, T::Accept), Ok(S::Accepted));
        assert_eq!(rectification_next(S::Reported, T::Return), Ok(S::Returned));
        assert_eq!(rectification_next(S::Returned, T::Report), Ok(S::Reported), "reported again after a return");
        assert_eq!(rectification_next(S::Reported, T::Report), Err("err_insp_rect_awaiting_review"));
        assert_eq!(rectification_next(S::Ordered, T::Accept), Err("err_insp_rect_not_reported"), "nothing to accept");
        assert_eq!(rectification_next(S::Returned, T::Return), Err("err_insp_rect_not_reported"));
        for step in [T::Report, T::Accept, T::Return] {
            assert_eq!(rectification_next(S::Accepted, step), Err("err_insp_rect_closed"), "{step:?}");
        }
        for st in S::ALL {
            assert_eq!(S::parse(st.as_str()), Some(st));
            assert_eq!(st.open_to_report(), rectification_next(st, T::Report).is_ok(), "{st:?}");
        }
        assert_eq!(S::parse("done"), None);
    }

    #[test]
    fn the_rectification_deadline_counts_calendar_days_from_publication() {
        // Published Friday 2026-11-20: 30 calendar days, weekends included.
        assert_eq!(rectification_due(d(2026, 11, 20), 30), d(2026, 12, 20));
        assert_eq!(rectification_due(d(2026, 12, 15), 30), d(2027, 1, 14), "across the year");
        assert_eq!(rectification_due(d(2026, 11, 20), 0), d(2026, 11, 20));
        assert_eq!(rectification_due(d(2026, 11, 20), u32::MAX), NaiveDate::MAX, "no overflow");
        // Overdue the day after the deadline, unless accepted.
        let due = d(2026, 12, 20);
        assert!(!rectification_overdue(RectificationStatus::Ordered, due, due));
        assert!(rectification_overdue(RectificationStatus::Ordered, due, d(2026, 12, 21)));
        assert!(rectification_overdue(RectificationStatus::Reported, due, d(2026, 12, 21)), "until accepted");
        assert!(rectification_overdue(RectificationStatus::Returned, due, d(2027, 1, 5)));
        assert!(!rectification_overdue(RectificationStatus::Accepted, due, d(2027, 6, 1)));
    }
}
