//! Rating of social organizations (等级评估, 1A–5A) under the revision in force
//! from 2026-03-01: voluntary application, a 1000-point indicator sheet, the
//! grade from configurable score bands, validity from 1 January of the year
//! after the announcement to 31 December of the fifth year, re-rating within
//! the first four years, and a downgrade of one grade per event.
//!
//! Score bands are not national (two local variants are known), so they are a
//! setting ([`Bands`]). The default is the 洛阳瀍河 2025 variant: ≥ 900 5A,
//! 800–899 4A, 700–799 3A, 600–699 2A; below that 1A down to a minimum of
//! 500 points, under which no grade is given (a rating is a mark of
//! credibility; a sheet half failed earns none).
//!
//! The final score is the arithmetic mean of the panel's totals (each expert
//! scores every item within its maximum), kept in tenths of a point and
//! rounded half up. Scores are compared with the bands in whole points at
//! that precision: 899.9 is 4A, 900.0 is 5A.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// The scale of an indicator sheet.
pub const SCALE: u32 = 1000;
/// Smallest expert panel.
pub const MIN_PANEL: usize = 3;
/// Largest expert panel (expert groups of 3–9).
pub const MAX_PANEL: usize = 9;
/// Full years an organization must have been registered before applying.
pub const MIN_YEARS_REGISTERED: u32 = 2;
/// Years of validity of a grade.
pub const VALID_YEARS: i32 = 5;
/// Re-rating may be requested within this many years of the validity period.
pub const RERATE_YEARS: i32 = 4;
/// A re-rating requested this early may use a simplified on-site assessment.
pub const SIMPLIFIED_YEARS: i32 = 2;
/// Months before expiry when an organization is told its grade runs out.
pub const EXPIRY_NOTICE_MONTHS: u32 = 6;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Grade {
    A1,
    A2,
    A3,
    A4,
    A5,
}

impl Grade {
    /// Highest first.
    pub const ALL: [Grade; 5] = [Grade::A5, Grade::A4, Grade::A3, Grade::A2, Grade::A1];

    pub fn as_str(self) -> &'static str {
        match self {
            Grade::A1 => "1A",
            Grade::A2 => "2A",
            Grade::A3 => "3A",
            Grade::A4 => "4A",
            Grade::A5 => "5A",
        }
    }

    pub fn parse(s: &str) -> Option<Grade> {
        Self::ALL.into_iter().find(|g| g.as_str() == s.trim())
    }

    /// The grade as letters, e.g. `AAAAA`.
    pub fn letters(self) -> &'static str {
        &"AAAAA"[..self.level() as usize]
    }

    /// 1 for 1A … 5 for 5A.
    pub fn level(self) -> u8 {
        match self {
            Grade::A1 => 1,
            Grade::A2 => 2,
            Grade::A3 => 3,
            Grade::A4 => 4,
            Grade::A5 => 5,
        }
    }

    /// One grade lower, or `None` when a 1A is downgraded (the grade is lost).
    pub fn downgraded(self) -> Option<Grade> {
        match self {
            Grade::A5 => Some(Grade::A4),
            Grade::A4 => Some(Grade::A3),
            Grade::A3 => Some(Grade::A2),
            Grade::A2 => Some(Grade::A1),
            Grade::A1 => None,
        }
    }
}

impl Grade {
    /// One grade higher (a 5A stays 5A): what an annulled decision's one-grade
    /// downgrade gives back.
    pub fn raised(self) -> Grade {
        match self {
            Grade::A1 => Grade::A2,
            Grade::A2 => Grade::A3,
            Grade::A3 => Grade::A4,
            Grade::A4 | Grade::A5 => Grade::A5,
        }
    }
}

/// Whether a penalty decision lowers the organization's grade in force by
/// one (评估办法 §30: an administrative penalty; MCA notices 2015–2018: one
/// grade an event, however many penalties the decision holds). `penalties`:
/// how many the decision imposes; `all_minor`: each is a warning or a fine
/// below ¥50,000; `minor_counts`: the setting `RATING_DOWNGRADE_MINOR_PENALTIES`.
pub fn decision_lowers(penalties: usize, all_minor: bool, minor_counts: bool) -> bool {
    penalties > 0 && (minor_counts || !all_minor)
}

/// The grade an annulment gives back after the decision's change: a lowered
/// grade is raised one grade, a lost one (a 1A downgraded) is 1A again.
pub fn after_annulment(now: Option<Grade>) -> Grade {
    now.map_or(Grade::A1, Grade::raised)
}

/// Lowest scores (whole points of 1000) of each grade.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bands {
    pub a5: u32,
    pub a4: u32,
    pub a3: u32,
    pub a2: u32,
    /// Below this no grade is given.
    pub a1: u32,
}

impl Default for Bands {
    fn default() -> Self {
        Bands { a5: 900, a4: 800, a3: 700, a2: 600, a1: 500 }
    }
}

impl Bands {
    /// Parses `"900,800,700,600,500"` (5A, 4A, 3A, 2A, 1A minimums), strictly
    /// decreasing and within the scale.
    pub fn parse(s: &str) -> Result<Bands, String> {
        let v: Vec<u32> = s
            .split([',', '，'])
            .map(|x| x.trim().parse::<u32>().map_err(|_| format!("{x:?} is not a whole number")))
            .collect::<Result<_, _>>()?;
        let [a5, a4, a3, a2, a1] = v[..] else {
            return Err("five minimums: 5A,4A,3A,2A,1A".into());
        };
        if a5 > SCALE || !(a5 > a4 && a4 > a3 && a3 > a2 && a2 > a1) {
            return Err("minimums must decrease strictly from 5A to 1A and not exceed 1000".into());
        }
        Ok(Bands { a5, a4, a3, a2, a1 })
    }

    /// Minimum of `g` in points.
    pub fn minimum(&self, g: Grade) -> u32 {
        match g {
            Grade::A5 => self.a5,
            Grade::A4 => self.a4,
            Grade::A3 => self.a3,
            Grade::A2 => self.a2,
            Grade::A1 => self.a1,
        }
    }
}

/// The grade of a final score in tenths of a point (8999 = 899.9).
pub fn grade_for(score_tenths: u32, bands: &Bands) -> Option<Grade> {
    Grade::ALL.into_iter().find(|g| score_tenths >= bands.minimum(*g) * 10)
}

/// The final score in tenths of a point: the mean of the experts' totals,
/// rounded half up. `None` without scores.
pub fn combine(totals: &[u32]) -> Option<u32> {
    if totals.is_empty() {
        return None;
    }
    let sum: u64 = totals.iter().map(|t| u64::from(*t)).sum();
    let n = totals.len() as u64;
    Some(((sum * 20 + n) / (2 * n)) as u32)
}

/// `8999` → `899.9`.
pub fn show_score(tenths: u32) -> String {
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// Parses a score typed as `899.9`, `900` or `900.0` into tenths.
pub fn parse_score(s: &str) -> Option<u32> {
    let s = s.trim();
    let (whole, frac) = s.split_once('.').unwrap_or((s, "0"));
    if whole.is_empty() || frac.len() != 1 || !whole.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v = whole.parse::<u32>().ok()?.checked_mul(10)?.checked_add(frac.parse::<u32>().ok()?)?;
    (v <= SCALE * 10).then_some(v)
}

/// Why an expert's points for one item are refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PointsError {
    Missing,
    NotANumber,
    OverMaximum,
}

impl PointsError {
    pub fn key(self) -> &'static str {
        match self {
            PointsError::Missing => "err_required",
            PointsError::NotANumber => "err_rate_points_number",
            PointsError::OverMaximum => "err_rate_points_max",
        }
    }
}

/// An expert's points for an item: a whole number from 0 to its maximum.
pub fn check_points(raw: &str, max: u32) -> Result<u32, PointsError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(PointsError::Missing);
    }
    let v: u32 = raw.parse().map_err(|_| PointsError::NotANumber)?;
    if v > max {
        return Err(PointsError::OverMaximum);
    }
    Ok(v)
}

/// Validity of a grade announced on `announced`: 1 January of the next year
/// to 31 December of the fifth year.
pub fn validity(announced: NaiveDate) -> (NaiveDate, NaiveDate) {
    let y = announced.year();
    let from = NaiveDate::from_ymd_opt(y + 1, 1, 1).expect("1 January exists");
    let to = NaiveDate::from_ymd_opt(y + VALID_YEARS, 12, 31).expect("31 December exists");
    (from, to)
}

/// Whether a grade valid until `valid_to` has run out on `today`.
pub fn expired(valid_to: NaiveDate, today: NaiveDate) -> bool {
    today > valid_to
}

/// Whether a grade valid until `valid_to` expires within six months of
/// `today` (and has not expired yet).
pub fn expires_soon(valid_to: NaiveDate, today: NaiveDate) -> bool {
    !expired(valid_to, today) && today + Months::new(EXPIRY_NOTICE_MONTHS) >= valid_to
}

/// Whether an organization registered on `registered` has been registered
/// for two full years on `on`.
pub fn registered_long_enough(registered: NaiveDate, on: NaiveDate) -> bool {
    registered + Months::new(12 * MIN_YEARS_REGISTERED) <= on
}

/// What a current grade means for a new application on `on`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rerating {
    /// No grade in force: an ordinary application.
    None,
    /// Within the first two years: re-rating with a simplified on-site assessment.
    Simplified,
    /// Within the first four years: re-rating.
    Full,
    /// In the fifth year: no re-rating; wait for the grade to expire.
    TooLate,
}

/// Re-rating rules for a grade valid from `valid_from` to `valid_to`.
pub fn rerating(valid_from: NaiveDate, valid_to: NaiveDate, on: NaiveDate) -> Rerating {
    if expired(valid_to, on) {
        return Rerating::None;
    }
    let years = |n: i32| NaiveDate::from_ymd_opt(valid_from.year() + n, valid_from.month(), valid_from.day());
    if years(SIMPLIFIED_YEARS).is_some_and(|d| on < d) {
        Rerating::Simplified
    } else if years(RERATE_YEARS).is_some_and(|d| on < d) {
        Rerating::Full
    } else {
        Rerating::TooLate
    }
}

/// Events that lower or cancel a grade.
pub const DOWNGRADE_EVENTS: [&str; 3] = ["failed_inspection", "penalty", "serious_list"];
pub const CANCEL_EVENTS: [&str; 2] = ["fraud", "serious_violation"];

/// The grade after `event`: one grade lower for a downgrade event (a 1A is
/// then lost), none for a cancellation. `None` for an unknown event.
pub fn after_event(grade: Grade, event: &str) -> Option<Option<Grade>> {
    if DOWNGRADE_EVENTS.contains(&event) {
        Some(grade.downgraded())
    } else if CANCEL_EVENTS.contains(&event) {
        Some(None)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_penalty_decision_lowers_one_grade_and_its_annulment_gives_it_back() {
        // §30: an administrative penalty lowers the grade; one grade an event.
        assert!(decision_lowers(2, false, true));
        assert!(decision_lowers(1, true, true), "a warning counts by default");
        assert!(!decision_lowers(1, true, false), "unless the bureau spares minor penalties");
        assert!(decision_lowers(1, false, false), "a fine of ¥50,000 or more always counts");
        assert!(!decision_lowers(0, true, true), "no penalty, no downgrade");
        for g in Grade::ALL {
            let lowered = after_event(g, "penalty").unwrap();
            assert_eq!(lowered, g.downgraded());
            assert_eq!(after_annulment(lowered), g, "{}", g.as_str());
        }
        assert_eq!(Grade::A5.raised(), Grade::A5);
    }

    #[test]
    fn grade_at_every_boundary_of_variant_b() {
        let b = Bands::default();
        let cases = [
            (10000, Some(Grade::A5)),
            (9000, Some(Grade::A5)),
            (8999, Some(Grade::A4)),
            (8000, Some(Grade::A4)),
            (7999, Some(Grade::A3)),
            (7000, Some(Grade::A3)),
            (6999, Some(Grade::A2)),
            (6000, Some(Grade::A2)),
            (5999, Some(Grade::A1)),
            (5000, Some(Grade::A1)),
            (4999, None),
            (0, None),
        ];
        for (score, grade) in cases {
            assert_eq!(grade_for(score, &b), grade, "score {}", show_score(score));
        }
    }

    #[test]
    fn variant_a_bands_from_configuration() {
        // 安庆: above 950 5A, 901–950 4A, 851–900 3A, 801–850 2A, 751–800 1A.
        let b = Bands::parse("951,901,851,801,751").unwrap();
        assert_eq!(grade_for(9510, &b), Some(Grade::A5));
        assert_eq!(grade_for(9500, &b), Some(Grade::A4));
        assert_eq!(grade_for(9010, &b), Some(Grade::A4));
        assert_eq!(grade_for(9000, &b), Some(Grade::A3));
        assert_eq!(grade_for(8010, &b), Some(Grade::A2));
        assert_eq!(grade_for(7510, &b), Some(Grade::A1));
        assert_eq!(grade_for(7500, &b), None);
        assert!(Bands::parse("900,900,700,600,500").is_err());
        assert!(Bands::parse("1100,800,700,600,500").is_err());
        assert!(Bands::parse("900,800,700").is_err());
        assert!(Bands::parse("900,800,x,600,500").is_err());
    }

    #[test]
    fn final_score_is_the_mean_of_the_totals_rounded_half_up() {
        assert_eq!(combine(&[]), None);
        assert_eq!(combine(&[900, 900, 900]), Some(9000));
        // 2699 / 3 = 899.666… → 899.7: a 4A, not a 5A.
        assert_eq!(combine(&[899, 900, 900]), Some(8997));
        assert_eq!(grade_for(8997, &Bands::default()), Some(Grade::A4));
        // 1799 / 2 = 899.5 exactly.
        assert_eq!(combine(&[899, 900]), Some(8995));
        // 2 / 3 = 0.666… → 0.7; 1 / 3 = 0.333… → 0.3; 0.05 rounds up.
        assert_eq!(combine(&[0, 1, 1]), Some(7));
        assert_eq!(combine(&[0, 0, 1]), Some(3));
        assert_eq!(combine(&[850, 812, 793, 901]), Some(8390));
        assert_eq!(combine(&[1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000]), Some(10000));
    }

    #[test]
    fn scores_typed_with_one_decimal() {
        assert_eq!(parse_score("899.9"), Some(8999));
        assert_eq!(parse_score("900"), Some(9000));
        assert_eq!(parse_score(" 0.0 "), Some(0));
        assert_eq!(parse_score("1000.1"), None);
        assert_eq!(parse_score("89.95"), None);
        assert_eq!(parse_score("-1"), None);
        assert_eq!(parse_score(""), None);
        assert_eq!(show_score(8999), "899.9");
    }

    #[test]
    fn points_within_the_item_maximum() {
        assert_eq!(check_points("40", 40), Ok(40));
        assert_eq!(check_points(" 0 ", 40), Ok(0));
        assert_eq!(check_points("41", 40), Err(PointsError::OverMaximum));
        assert_eq!(check_points("-1", 40), Err(PointsError::NotANumber));
        assert_eq!(check_points("3.5", 40), Err(PointsError::NotANumber));
        assert_eq!(check_points("", 40), Err(PointsError::Missing));
    }

    #[test]
    fn validity_runs_from_next_january_to_the_fifth_december() {
        // The regulation's example: announced in 2026 → 2027-01-01 to 2031-12-31.
        assert_eq!(validity(d(2026, 3, 15)), (d(2027, 1, 1), d(2031, 12, 31)));
        assert_eq!(validity(d(2026, 12, 31)), (d(2027, 1, 1), d(2031, 12, 31)));
        assert_eq!(validity(d(2027, 1, 1)), (d(2028, 1, 1), d(2032, 12, 31)));
    }

    #[test]
    fn expiry_and_the_six_month_notice() {
        let to = d(2031, 12, 31);
        assert!(!expired(to, d(2031, 12, 31)));
        assert!(expired(to, d(2032, 1, 1)));
        // 2031-06-30 + 6 months = 2031-12-30: not yet; from 1 July on.
        assert!(!expires_soon(to, d(2031, 6, 30)));
        assert!(expires_soon(to, d(2031, 7, 1)));
        assert!(expires_soon(to, d(2031, 12, 31)));
        assert!(!expires_soon(to, d(2032, 1, 1)));
    }

    #[test]
    fn two_full_years_of_registration() {
        assert!(registered_long_enough(d(2024, 3, 15), d(2026, 3, 15)));
        assert!(!registered_long_enough(d(2024, 3, 15), d(2026, 3, 14)));
        assert!(registered_long_enough(d(2024, 2, 29), d(2026, 2, 28)));
    }

    #[test]
    fn rerating_within_four_years_simplified_within_two() {
        let (from, to) = validity(d(2026, 6, 1));
        assert_eq!(rerating(from, to, d(2027, 1, 1)), Rerating::Simplified);
        assert_eq!(rerating(from, to, d(2028, 12, 31)), Rerating::Simplified);
        assert_eq!(rerating(from, to, d(2029, 1, 1)), Rerating::Full);
        assert_eq!(rerating(from, to, d(2030, 12, 31)), Rerating::Full);
        assert_eq!(rerating(from, to, d(2031, 1, 1)), Rerating::TooLate);
        assert_eq!(rerating(from, to, d(2032, 1, 1)), Rerating::None);
    }

    #[test]
    fn one_grade_down_per_event_and_cancellation() {
        assert_eq!(after_event(Grade::A5, "failed_inspection"), Some(Some(Grade::A4)));
        assert_eq!(after_event(Grade::A4, "penalty"), Some(Some(Grade::A3)));
        assert_eq!(after_event(Grade::A2, "serious_list"), Some(Some(Grade::A1)));
        assert_eq!(after_event(Grade::A1, "penalty"), Some(None));
        assert_eq!(after_event(Grade::A5, "fraud"), Some(None));
        assert_eq!(after_event(Grade::A5, "other"), None);
        let mut g = Some(Grade::A5);
        let mut steps = 0;
        while let Some(x) = g {
            g = x.downgraded();
            steps += 1;
        }
        assert_eq!(steps, 5);
    }

    #[test]
    fn grade_names() {
        assert_eq!(Grade::A4.letters(), "AAAA");
        assert_eq!(Grade::parse("3A"), Some(Grade::A3));
        assert_eq!(Grade::parse("6A"), None);
    }
}
