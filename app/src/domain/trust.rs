//! Charitable trusts (慈善信托, 慈善法 §44–51; 银监发〔2017〕37号): the
//! charitable purposes a trust may serve, its filing's states, and the
//! deadlines — filing within 7 days of signing, a change within 7 days (several
//! changes of one month filed together by the 10th of the next month; a new
//! trustee always within 7 days), and the yearly report (by 31 March of the
//! next year by default, a setting: the law says only "at least once a year").

use chrono::{Datelike, Days, NaiveDate};

/// Days after the contract's signing within which the trustee files (§45).
pub const FILING_DAYS: u64 = 7;
/// Days after a change within which it is filed (37号 §21).
pub const CHANGE_DAYS: u64 = 7;
/// Several changes of one month may be filed together by this day of the next month.
pub const BATCH_DAY: u32 = 10;

/// The kinds of change a change filing names (a new trustee is one: always
/// due in 7 days).
pub const CHANGE_KINDS: [&str; 7] = ["trustee", "supervisor", "size", "term", "purpose", "beneficiaries", "other"];

/// The charitable purposes of 慈善法 §3.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// 扶贫、济困
    Poverty,
    /// 扶老、救孤、恤病、助残、优抚
    Care,
    /// 救助自然灾害、事故灾难和公共卫生事件等突发事件造成的损害
    Disaster,
    /// 促进教育、科学、文化、卫生、体育等事业的发展
    Education,
    /// 防治污染和其他公害，保护和改善生态环境
    Environment,
    /// 符合本法规定的其他公益活动
    Other,
}

impl Purpose {
    pub const ALL: [Purpose; 6] =
        [Purpose::Poverty, Purpose::Care, Purpose::Disaster, Purpose::Education, Purpose::Environment, Purpose::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Poverty => "poverty",
            Purpose::Care => "care",
            Purpose::Disaster => "disaster",
            Purpose::Education => "education",
            Purpose::Environment => "environment",
            Purpose::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Purpose> {
        Self::ALL.into_iter().find(|p| p.as_str() == s.trim())
    }
}

/// Who the trustee is (§46: a charity or a trust company).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrusteeKind {
    Charity,
    Company,
}

impl TrusteeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TrusteeKind::Charity => "charity",
            TrusteeKind::Company => "company",
        }
    }

    pub fn parse(s: &str) -> Option<TrusteeKind> {
        match s.trim() {
            "charity" => Some(TrusteeKind::Charity),
            "company" => Some(TrusteeKind::Company),
            _ => None,
        }
    }
}

/// Where a filing stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// Filed, waiting for the bureau's review.
    Submitted,
    /// Returned with a reason (the trustee files again).
    Returned,
    /// Accepted with a filing number (备案编号): the trust is on record.
    Accepted,
}

impl State {
    pub const ALL: [State; 3] = [State::Submitted, State::Returned, State::Accepted];

    pub fn as_str(self) -> &'static str {
        match self {
            State::Submitted => "submitted",
            State::Returned => "returned",
            State::Accepted => "accepted",
        }
    }

    pub fn parse(s: &str) -> Option<State> {
        Self::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }
}

/// What happens to a filing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// An officer accepts it (a number is given).
    Accept,
    /// An officer returns it with a reason.
    Return,
    /// The trustee files a change of the trust.
    FileChange,
    /// The trustee files a yearly report.
    FileReport,
}

/// The state `action` leads to from `from`, or the message key of why not.
pub fn next(from: State, action: Action) -> Result<State, &'static str> {
    match (from, action) {
        (State::Submitted, Action::Accept) => Ok(State::Accepted),
        (State::Submitted, Action::Return) => Ok(State::Returned),
        (State::Accepted, Action::FileChange | Action::FileReport) => Ok(State::Accepted),
        (_, Action::Accept | Action::Return) => Err("tr_err_not_submitted"),
        (_, Action::FileChange | Action::FileReport) => Err("tr_err_not_accepted"),
    }
}

/// The last day of a filing on time: 7 days after the signing.
pub fn filing_due(signed_on: NaiveDate) -> NaiveDate {
    signed_on + Days::new(FILING_DAYS)
}

/// Days after `due` that `filed_on` came (0 when on time).
pub fn days_late(due: NaiveDate, filed_on: NaiveDate) -> i64 {
    (filed_on - due).num_days().max(0)
}

/// The last day for filing changes made on `first` … `last` (the same day for
/// one change). Several changes within one calendar month may be filed
/// together by the 10th of the next month; a change of trustee, or changes
/// spread over two months, are due 7 days after the first.
pub fn change_due(first: NaiveDate, last: NaiveDate, new_trustee: bool) -> NaiveDate {
    let several_in_a_month = last > first && (first.year(), first.month()) == (last.year(), last.month());
    if several_in_a_month && !new_trustee {
        let (y, m) = if first.month() == 12 { (first.year() + 1, 1) } else { (first.year(), first.month() + 1) };
        NaiveDate::from_ymd_opt(y, m, BATCH_DAY).unwrap_or(first)
    } else {
        first + Days::new(CHANGE_DAYS)
    }
}

/// The deadline of the report of `year`: `due` = (month, day) of the next year
/// (31 March by default); a 29 February falls back to the 28th.
pub fn report_due(year: i32, due: (u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(year + 1, due.0, due.1)
        .or_else(|| NaiveDate::from_ymd_opt(year + 1, due.0, 28))
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(year + 1, 3, 31).unwrap_or_default())
}

/// Parses a report deadline setting `MM-DD` (`03-31`).
pub fn parse_month_day(s: &str) -> Option<(u32, u32)> {
    let (m, d) = s.trim().split_once('-')?;
    let (m, d) = (m.parse().ok()?, d.parse().ok()?);
    NaiveDate::from_ymd_opt(2000, m, d).map(|_| (m, d))
}

/// The years a trust in force from `start_on` to `end_on` (none: perpetual)
/// reports on, as of `today`: each complete year it was in force.
pub fn report_years(start_on: NaiveDate, end_on: Option<NaiveDate>, today: NaiveDate) -> Vec<i32> {
    let last = end_on.map_or(today.year() - 1, |e| e.year().min(today.year() - 1));
    (start_on.year()..=last).collect()
}

/// Whether the report of `year` is overdue on `today` (its deadline passed).
pub fn report_overdue(year: i32, due: (u32, u32), today: NaiveDate) -> bool {
    today > report_due(year, due)
}

/// A natural person's name as published: the surname, the rest masked (张**).
pub fn masked(name: &str) -> String {
    let mut chars = name.trim().chars();
    match chars.next() {
        Some(first) => format!("{first}{}", "*".repeat(chars.count().clamp(1, 3))),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn filing_is_due_seven_days_after_signing() {
        let signed = d(2026, 3, 2);
        assert_eq!(filing_due(signed), d(2026, 3, 9));
        assert_eq!(days_late(filing_due(signed), d(2026, 3, 9)), 0);
        assert_eq!(days_late(filing_due(signed), d(2026, 3, 5)), 0);
        assert_eq!(days_late(filing_due(signed), d(2026, 3, 10)), 1);
        assert_eq!(days_late(filing_due(signed), d(2026, 4, 8)), 30);
    }

    #[test]
    fn one_change_is_due_in_seven_days() {
        assert_eq!(change_due(d(2026, 5, 20), d(2026, 5, 20), false), d(2026, 5, 27));
        assert_eq!(change_due(d(2026, 5, 28), d(2026, 5, 28), false), d(2026, 6, 4));
    }

    #[test]
    fn several_changes_of_a_month_are_due_the_tenth_of_the_next() {
        assert_eq!(change_due(d(2026, 5, 3), d(2026, 5, 29), false), d(2026, 6, 10));
        assert_eq!(change_due(d(2026, 12, 1), d(2026, 12, 31), false), d(2027, 1, 10));
        // A filing on 10 June is on time, on the 11th one day late.
        assert_eq!(days_late(change_due(d(2026, 5, 3), d(2026, 5, 29), false), d(2026, 6, 11)), 1);
    }

    #[test]
    fn a_new_trustee_or_changes_over_two_months_are_due_in_seven_days() {
        assert_eq!(change_due(d(2026, 5, 3), d(2026, 5, 29), true), d(2026, 5, 10));
        assert_eq!(change_due(d(2026, 5, 30), d(2026, 6, 2), false), d(2026, 6, 6));
    }

    #[test]
    fn the_report_is_due_31_march_of_the_next_year_by_default() {
        assert_eq!(report_due(2025, (3, 31)), d(2026, 3, 31));
        assert!(!report_overdue(2025, (3, 31), d(2026, 3, 31)));
        assert!(report_overdue(2025, (3, 31), d(2026, 4, 1)));
        assert_eq!(report_due(2026, (2, 29)), d(2027, 2, 28));
        assert_eq!(parse_month_day("03-31"), Some((3, 31)));
        assert_eq!(parse_month_day("02-30"), None);
        assert_eq!(parse_month_day("x"), None);
    }

    #[test]
    fn report_years_run_from_the_start_to_the_last_complete_year() {
        assert_eq!(report_years(d(2024, 6, 1), None, d(2026, 12, 7)), vec![2024, 2025]);
        assert_eq!(report_years(d(2026, 6, 1), None, d(2026, 12, 7)), Vec::<i32>::new());
        assert_eq!(report_years(d(2023, 6, 1), Some(d(2024, 5, 1)), d(2026, 12, 7)), vec![2023, 2024]);
    }

    #[test]
    fn filings_are_reviewed_once_and_only_accepted_trusts_change_or_report() {
        assert_eq!(next(State::Submitted, Action::Accept), Ok(State::Accepted));
        assert_eq!(next(State::Submitted, Action::Return), Ok(State::Returned));
        assert_eq!(next(State::Accepted, Action::Accept), Err("tr_err_not_submitted"));
        assert_eq!(next(State::Returned, Action::Return), Err("tr_err_not_submitted"));
        assert_eq!(next(State::Accepted, Action::FileChange), Ok(State::Accepted));
        assert_eq!(next(State::Accepted, Action::FileReport), Ok(State::Accepted));
        assert_eq!(next(State::Submitted, Action::FileReport), Err("tr_err_not_accepted"));
        assert_eq!(next(State::Returned, Action::FileChange), Err("tr_err_not_accepted"));
    }

    #[test]
    fn names_are_masked_to_the_surname() {
        assert_eq!(masked("张三"), "张*");
        assert_eq!(masked("欧阳娜娜"), "欧***");
        assert_eq!(masked(""), "");
        assert_eq!(Purpose::parse("poverty"), Some(Purpose::Poverty));
        assert_eq!(TrusteeKind::parse("company"), Some(TrusteeKind::Company));
    }
}
