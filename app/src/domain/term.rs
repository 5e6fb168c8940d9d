//! Terms of office (届期) and renewal (换届) due dates.

use chrono::{Datelike, NaiveDate};

/// Days before the end of a term at which an organization is "due".
pub const DUE_WINDOW_DAYS: i64 = 90;

/// Where an organization stands with its term on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TermState {
    /// The term ended and no renewal was recorded.
    Overdue {
        days: i64,
    },
    /// The term ends within [`DUE_WINDOW_DAYS`].
    DueSoon {
        days_left: i64,
    },
    Current,
}

/// The end of a term of `years` starting on `start` (same day and month;
/// 29 February falls back to 28 February).
pub fn term_end(start: NaiveDate, years: u32) -> NaiveDate {
    let y = start.year() + years as i32;
    NaiveDate::from_ymd_opt(y, start.month(), start.day())
        .or_else(|| NaiveDate::from_ymd_opt(y, start.month(), 28))
        .unwrap_or(start)
}

pub fn state(term_end: NaiveDate, today: NaiveDate) -> TermState {
    state_from_days((term_end - today).num_days())
}

/// The state for a term that ends in `left` days (negative: ended).
pub fn state_from_days(left: i64) -> TermState {
    if left < 0 {
        TermState::Overdue { days: -left }
    } else if left <= DUE_WINDOW_DAYS {
        TermState::DueSoon { days_left: left }
    } else {
        TermState::Current
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn five_year_terms() {
        assert_eq!(term_end(d(2021, 6, 30), 5), d(2026, 6, 30));
        assert_eq!(term_end(d(2024, 2, 29), 5), d(2029, 2, 28));
    }

    #[test]
    fn ninety_day_window_boundaries() {
        let end = d(2026, 12, 31);
        assert_eq!(state(end, d(2026, 10, 2)), TermState::DueSoon { days_left: 90 });
        assert_eq!(state(end, d(2026, 10, 1)), TermState::Current);
        assert_eq!(state(end, end), TermState::DueSoon { days_left: 0 });
        assert_eq!(state(end, d(2027, 1, 1)), TermState::Overdue { days: 1 });
    }
}
