//! The year's targets and the measures the system computes for them: which
//! measures exist, their units, how a typed target is read, progress against
//! a target, and the arithmetic over the tallies (counts by status, type,
//! district and month) that lets the dashboard count a million organizations
//! without reading them.

use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::org_type::OrgType;

/// How a measure's value reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unit {
    /// Tenths of a percent (975 = 97.5 %).
    Percent,
    /// A number of organizations, outlets …
    Count,
}

impl Unit {
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Percent => "percent",
            Unit::Count => "count",
        }
    }
}

/// A measure the system computes from its own records. Targets name one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Measure {
    /// 参检率: organizations that filed the report year's annual report ÷ those obliged to.
    Participation,
    /// Organizations with a grade in force ÷ those registered two full years.
    RatingCoverage,
    /// 3A and above among the organizations with a grade in force.
    RatingTopShare,
    /// 4A and 5A grades announced this year.
    NewTopGrades,
    /// Organizations drawn for inspection in this year's campaigns.
    InspectedOrgs,
    /// Active organizations with sound governance ÷ active organizations.
    Governance,
    /// Welfare-lottery outlets open or suspended.
    LotteryOutlets,
    /// Organizations registered this year.
    NewRegistrations,
    /// Zombie organizations cleared (revoked or deregistered) this year.
    ZombiesCleared,
    /// Active trade associations (行业协会商会) with a fee anomaly of this year
    /// or the report year (涉企收费: compulsory, unpublished, without basis,
    /// for awards or inspections; `domain::trade`).
    TradeFeeAnomalies,
    /// The same ÷ active trade associations.
    TradeFeeAnomalyShare,
    /// 党组织覆盖: active organizations with a party organization (independent or joint) ÷ active organizations.
    PartyOrgCoverage,
    /// 党的工作覆盖: active organizations with a party organization or an instructor ÷ active organizations.
    PartyWorkCoverage,
    /// Annual reports waiting for their supervisory unit's first review (初审) now.
    UnitReviewsWaiting,
    /// First reviews by supervisory units this year done within `UNIT_REVIEW_DAYS`
    /// of the submission ÷ first reviews this year.
    UnitReviewsInTime,
}

impl Measure {
    pub const ALL: [Measure; 15] = [
        Measure::Participation,
        Measure::RatingCoverage,
        Measure::RatingTopShare,
        Measure::NewTopGrades,
        Measure::InspectedOrgs,
        Measure::Governance,
        Measure::LotteryOutlets,
        Measure::NewRegistrations,
        Measure::ZombiesCleared,
        Measure::TradeFeeAnomalies,
        Measure::TradeFeeAnomalyShare,
        Measure::PartyOrgCoverage,
        Measure::PartyWorkCoverage,
        Measure::UnitReviewsWaiting,
        Measure::UnitReviewsInTime,
    ];

    /// Stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Participation => "participation",
            Measure::RatingCoverage => "rating_coverage",
            Measure::RatingTopShare => "rating_top_share",
            Measure::NewTopGrades => "new_top_grades",
            Measure::InspectedOrgs => "inspected_orgs",
            Measure::Governance => "governance",
            Measure::LotteryOutlets => "lottery_outlets",
            Measure::NewRegistrations => "new_registrations",
            Measure::ZombiesCleared => "zombies_cleared",
            Measure::TradeFeeAnomalies => "trade_fee_anomalies",
            Measure::TradeFeeAnomalyShare => "trade_fee_anomaly_share",
            Measure::PartyOrgCoverage => "party_org_coverage",
            Measure::PartyWorkCoverage => "party_work_coverage",
            Measure::UnitReviewsWaiting => "unit_reviews_waiting",
            Measure::UnitReviewsInTime => "unit_reviews_in_time",
        }
    }

    pub fn parse(s: &str) -> Option<Measure> {
        Self::ALL.into_iter().find(|m| m.as_str() == s)
    }

    pub fn unit(self) -> Unit {
        match self {
            Measure::Participation
            | Measure::RatingCoverage
            | Measure::RatingTopShare
            | Measure::Governance
            | Measure::TradeFeeAnomalyShare
            | Measure::PartyOrgCoverage
            | Measure::PartyWorkCoverage
            | Measure::UnitReviewsInTime => Unit::Percent,
            _ => Unit::Count,
        }
    }

    /// Whether the measure is a share of organizations that splits by
    /// district and by type.
    pub fn splits(self) -> bool {
        matches!(
            self,
            Measure::Participation
                | Measure::RatingCoverage
                | Measure::Governance
                | Measure::PartyOrgCoverage
                | Measure::PartyWorkCoverage
        )
    }
}

/// The year's targets of the work plan the system is built for (the demo
/// data and a new year's suggestions start from them): name, measure, value.
pub const WORK_PLAN: [(&str, Measure, i64); 7] = [
    ("年检参检率", Measure::Participation, 970),
    ("等级评估覆盖面", Measure::RatingCoverage, 450),
    ("3A以上社会组织占比", Measure::RatingTopShare, 300),
    ("新增4A以上社会组织", Measure::NewTopGrades, 50),
    ("“双随机”抽查社会组织", Measure::InspectedOrgs, 50),
    ("法人治理健全的社会组织占比", Measure::Governance, 900),
    ("福利彩票销售网点", Measure::LotteryOutlets, 1700),
];

/// Reads a typed target in the measure's unit: a percent with at most one
/// decimal (`97`, `97.5`, `97.5%`, from 0 to 100) gives tenths of a percent; a
/// count is a whole number. The error is a message key.
pub fn parse_target(text: &str, unit: Unit) -> Result<i64, &'static str> {
    let t = text.trim().trim_end_matches(['%', '％']).trim();
    if t.is_empty() {
        return Err("err_required");
    }
    match unit {
        Unit::Count => match t.replace([',', '，'], "").parse::<i64>() {
            Ok(n) if (0..=100_000_000).contains(&n) => Ok(n),
            Ok(_) => Err("err_dash_target_range"),
            Err(_) => Err("err_dash_target_count"),
        },
        Unit::Percent => {
            let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
            if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || frac.len() > 1 {
                return Err("err_dash_target_percent");
            }
            if !frac.bytes().all(|b| b.is_ascii_digit()) {
                return Err("err_dash_target_percent");
            }
            let whole: i64 = whole.parse().map_err(|_| "err_dash_target_percent")?;
            let tenths = whole.checked_mul(10).and_then(|w| w.checked_add(frac.parse::<i64>().unwrap_or(0)));
            tenths.filter(|t| *t <= 1000).ok_or("err_dash_target_range")
        }
    }
}

/// A value as read: `97.5%` or `1700`.
pub fn format_value(value: i64, unit: Unit) -> String {
    match unit {
        Unit::Percent => format!("{}.{}%", value / 10, value % 10),
        Unit::Count => super::money::display_count(value),
    }
}

/// A value as typed in the target form (`97.5`, `1700`).
pub fn format_input(value: i64, unit: Unit) -> String {
    match unit {
        Unit::Percent if value % 10 == 0 => (value / 10).to_string(),
        Unit::Percent => format!("{}.{}", value / 10, value % 10),
        Unit::Count => value.to_string(),
    }
}

/// `num ÷ den` in tenths of a percent, rounded down (0 when nothing is counted).
pub fn permille(num: u64, den: u64) -> i64 {
    (num.saturating_mul(1000)).checked_div(den).unwrap_or(0) as i64
}

/// How far a value has come towards its target, in tenths of a percent of
/// the target (may pass 1000); a target of 0 is met by anything.
pub fn progress(value: i64, target: i64) -> i64 {
    if target <= 0 {
        return 1000;
    }
    (value.max(0) * 1000) / target
}

/// A share split by district and by organization type: numerator and
/// denominator of each part and of the whole.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    pub num: u64,
    pub den: u64,
    pub by_district: BTreeMap<String, (u64, u64)>,
    pub by_type: BTreeMap<String, (u64, u64)>,
}

impl Share {
    /// Adds `num` of `den` organizations of `district` and `org_type`.
    pub fn add(&mut self, district: &str, org_type: &str, num: u64, den: u64) {
        self.num += num;
        self.den += den;
        let d = self.by_district.entry(district.to_string()).or_default();
        d.0 += num;
        d.1 += den;
        let t = self.by_type.entry(org_type.to_string()).or_default();
        t.0 += num;
        t.1 += den;
    }

    pub fn permille(&self) -> i64 {
        permille(self.num, self.den)
    }
}

/// One row of `org_tally` or `filing_tally`: organizations (or their filed
/// reports) of a status, type, district and month of registration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TallyRow {
    pub status: String,
    pub org_type: String,
    pub district: String,
    /// `YYYY-MM`, or the month of the end of term for the governance tally.
    pub month: String,
    pub n: u64,
}

/// `YYYY-MM` of a date.
pub fn month_of(d: NaiveDate) -> String {
    d.format("%Y-%m").to_string()
}

/// The last day of `report_year`'s registrations that oblige an organization
/// of `org_type` to report (see `annual_report::obliged`): 31 December for
/// foundations, 30 June for the others.
pub fn filing_cutoff(org_type: OrgType, report_year: i32) -> NaiveDate {
    let (m, d) = if org_type == OrgType::Foundation { (12, 31) } else { (6, 30) };
    NaiveDate::from_ymd_opt(report_year, m, d).expect("valid date")
}

/// The last registration date of organizations eligible for rating on
/// `today`: two full years registered.
pub fn rating_cutoff(today: NaiveDate, years: u32) -> NaiveDate {
    today.checked_sub_months(Months::new(12 * years)).unwrap_or(today)
}

/// Sums the tally rows of `status` registered in a month up to and including
/// `last_month` (`YYYY-MM`) into a per district and type count.
pub fn sum_through(rows: &[TallyRow], status: &str, last_month: &str) -> BTreeMap<(String, String), u64> {
    let mut out = BTreeMap::new();
    for r in rows.iter().filter(|r| r.status == status && r.month.as_str() <= last_month) {
        *out.entry((r.district.clone(), r.org_type.clone())).or_default() += r.n;
    }
    out
}

/// The month before `d`'s month, `YYYY-MM`.
pub fn month_before(d: NaiveDate) -> String {
    let first = NaiveDate::from_ymd_opt(d.year(), d.month(), 1).expect("first of month");
    month_of(first.pred_opt().expect("a day before"))
}

/// The first day of `d`'s month.
pub fn month_start(d: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(d.year(), d.month(), 1).expect("first of month")
}

/// The last day of `d`'s month.
pub fn month_end(d: NaiveDate) -> NaiveDate {
    month_start(d).checked_add_months(Months::new(1)).and_then(|n| n.pred_opt()).expect("last of month")
}

/// The first and the last day of `year`.
pub fn year_bounds(year: i32) -> (NaiveDate, NaiveDate) {
    (
        NaiveDate::from_ymd_opt(year, 1, 1).expect("1 January"),
        NaiveDate::from_ymd_opt(year, 12, 31).expect("31 December"),
    )
}

/// The months of `year` up to `today`'s (all twelve for a past year), `YYYY-MM`.
pub fn months_so_far(year: i32, today: NaiveDate) -> Vec<String> {
    let last = if today.year() > year {
        12
    } else if today.year() < year {
        0
    } else {
        today.month()
    };
    (1..=last).map(|m| format!("{year}-{m:02}")).collect()
}

/// The trend of a measure over `year`: the last snapshot of each month up to
/// `today` (months without one are left out), the current month being the
/// live `now` value.
pub fn trend(year: i32, today: NaiveDate, snapshots: &[(NaiveDate, i64)], now: i64) -> Vec<(String, i64)> {
    let mut by_month: BTreeMap<String, (NaiveDate, i64)> = BTreeMap::new();
    for &(day, v) in snapshots.iter().filter(|(d, _)| d.year() == year && *d <= today) {
        let e = by_month.entry(month_of(day)).or_insert((day, v));
        if day >= e.0 {
            *e = (day, v);
        }
    }
    let current = month_of(today);
    let mut out: Vec<(String, i64)> = months_so_far(year, today)
        .into_iter()
        .filter(|m| *m != current)
        .filter_map(|m| by_month.get(&m).map(|(_, v)| (m, *v)))
        .collect();
    if today.year() == year {
        out.push((current, now));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn every_measure_round_trips_and_the_work_plan_uses_its_units() {
        for m in Measure::ALL {
            assert_eq!(Measure::parse(m.as_str()), Some(m));
        }
        assert_eq!(Measure::parse("nothing"), None);
        // The work plan: participation 97 %, coverage 45 %, 3A+ over 30 %,
        // 50 new 4A+, at least 50 sampled, governance 90 %, 1,700 outlets.
        let plan: Vec<(Measure, i64)> = WORK_PLAN.iter().map(|(_, m, v)| (*m, *v)).collect();
        assert!(plan.contains(&(Measure::Participation, 970)));
        assert!(plan.contains(&(Measure::RatingCoverage, 450)));
        assert!(plan.contains(&(Measure::RatingTopShare, 300)));
        assert!(plan.contains(&(Measure::NewTopGrades, 50)));
        assert!(plan.contains(&(Measure::InspectedOrgs, 50)));
        assert!(plan.contains(&(Measure::Governance, 900)));
        assert!(plan.contains(&(Measure::LotteryOutlets, 1700)));
        assert_eq!(Measure::Governance.unit(), Unit::Percent);
        assert_eq!(Measure::LotteryOutlets.unit(), Unit::Count);
    }

    #[test]
    fn targets_are_read_in_their_unit() {
        assert_eq!(parse_target("97", Unit::Percent), Ok(970));
        assert_eq!(parse_target("9223372036854775807", Unit::Percent), Err("err_dash_target_range"), "no overflow");
        assert_eq!(parse_target(" 97.5% ", Unit::Percent), Ok(975));
        assert_eq!(parse_target("45％", Unit::Percent), Ok(450));
        assert_eq!(parse_target("100", Unit::Percent), Ok(1000));
        assert_eq!(parse_target("100.1", Unit::Percent), Err("err_dash_target_range"));
        assert_eq!(parse_target("97.55", Unit::Percent), Err("err_dash_target_percent"));
        assert_eq!(parse_target("-3", Unit::Percent), Err("err_dash_target_percent"));
        assert_eq!(parse_target("九十", Unit::Percent), Err("err_dash_target_percent"));
        assert_eq!(parse_target("", Unit::Percent), Err("err_required"));
        assert_eq!(parse_target("1,700", Unit::Count), Ok(1700));
        assert_eq!(parse_target("50", Unit::Count), Ok(50));
        assert_eq!(parse_target("2.5", Unit::Count), Err("err_dash_target_count"));
        assert_eq!(parse_target("-1", Unit::Count), Err("err_dash_target_range"));
        assert_eq!(format_value(975, Unit::Percent), "97.5%");
        assert_eq!(format_value(1700, Unit::Count), "1,700");
        assert_eq!(format_input(970, Unit::Percent), "97");
        assert_eq!(format_input(975, Unit::Percent), "97.5");
    }

    #[test]
    fn progress_and_shares() {
        assert_eq!(permille(97, 100), 970);
        assert_eq!(permille(2, 3), 666);
        assert_eq!(permille(5, 0), 0);
        assert_eq!(progress(485, 970), 500);
        assert_eq!(progress(1800, 1700), 1058);
        assert_eq!(progress(3, 0), 1000);
        let mut s = Share::default();
        s.add("南山区", "foundation", 1, 2);
        s.add("南山区", "social_group", 3, 3);
        s.add("福田区", "social_group", 0, 5);
        assert_eq!((s.num, s.den), (4, 10));
        assert_eq!(s.permille(), 400);
        assert_eq!(s.by_district["南山区"], (4, 5));
        assert_eq!(s.by_type["social_group"], (3, 8));
    }

    #[test]
    fn cut_offs_follow_the_rules() {
        // 社会服务机构 and 社会团体 registered after 30 June do not report for that year.
        assert_eq!(filing_cutoff(OrgType::SocialService, 2025), d(2025, 6, 30));
        assert_eq!(filing_cutoff(OrgType::Foundation, 2025), d(2025, 12, 31));
        for (t, reg) in [(OrgType::SocialGroup, d(2025, 6, 30)), (OrgType::SocialGroup, d(2025, 7, 1))] {
            assert_eq!(reg <= filing_cutoff(t, 2025), crate::domain::annual_report::obliged(t, reg, 2025));
        }
        // Two full years registered on 23 November 2026: on or before 23 November 2024.
        assert_eq!(rating_cutoff(d(2026, 11, 23), 2), d(2024, 11, 23));
        assert_eq!(rating_cutoff(d(2028, 2, 29), 2), d(2026, 2, 28));
        assert_eq!(month_before(d(2026, 1, 15)), "2025-12");
        assert_eq!(month_end(d(2024, 2, 3)), d(2024, 2, 29));
        assert_eq!(year_bounds(2024), (d(2024, 1, 1), d(2024, 12, 31)));
        assert_eq!(months_so_far(2026, d(2026, 3, 9)), vec!["2026-01", "2026-02", "2026-03"]);
        assert_eq!(months_so_far(2025, d(2026, 3, 9)).len(), 12);
    }

    #[test]
    fn tallies_sum_through_a_month() {
        let row = |status: &str, t: &str, district: &str, month: &str, n| TallyRow {
            status: status.into(),
            org_type: t.into(),
            district: district.into(),
            month: month.into(),
            n,
        };
        let rows = vec![
            row("active", "foundation", "南山区", "2024-10", 2),
            row("active", "foundation", "南山区", "2024-11", 5),
            row("active", "social_group", "南山区", "2020-01", 7),
            row("revoked", "social_group", "南山区", "2020-01", 9),
        ];
        let s = sum_through(&rows, "active", "2024-10");
        assert_eq!(s[&("南山区".to_string(), "foundation".to_string())], 2);
        assert_eq!(s[&("南山区".to_string(), "social_group".to_string())], 7);
        assert_eq!(s.len(), 2);
    }

    #[test]
    fn the_trend_takes_each_months_last_snapshot_and_todays_value() {
        let snaps = vec![
            (d(2026, 1, 10), 100),
            (d(2026, 1, 31), 120),
            (d(2026, 3, 2), 300),
            (d(2025, 12, 31), 999),
            (d(2026, 4, 1), 400),
        ];
        let t = trend(2026, d(2026, 4, 20), &snaps, 450);
        assert_eq!(t, vec![("2026-01".to_string(), 120), ("2026-03".to_string(), 300), ("2026-04".to_string(), 450)]);
        // A past year: every month's last snapshot, no live value.
        assert_eq!(trend(2025, d(2026, 4, 20), &snaps, 450), vec![("2025-12".to_string(), 999)]);
    }
}
