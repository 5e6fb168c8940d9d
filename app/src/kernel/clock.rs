//! The bureau's clock: its calendar day and how it writes an instant. China
//! Standard Time (UTC+8, no daylight saving) for every dated rule.

use chrono::{NaiveDate, Utc};

/// The bureau's calendar day: China Standard Time (UTC+8, no daylight
/// saving). Deadlines, "today" and every dated rule follow it, so from 16:00
/// UTC it is already tomorrow here, as it is in the bureau.
pub fn today() -> NaiveDate {
    local_date(Utc::now())
}

/// An instant as the bureau reads it: `YYYY-MM-DD HH:MM`, China Standard Time.
pub fn stamp(t: chrono::DateTime<Utc>) -> String {
    t.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("valid offset"))
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// The bureau's calendar day of an instant.
pub fn local_date(t: chrono::DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("valid offset")).date_naive()
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone, Utc};

    #[test]
    fn the_bureau_day_turns_at_16_utc() {
        let day = |h| super::local_date(Utc.with_ymd_and_hms(2026, 11, 23, h, 30, 0).unwrap());
        assert_eq!(day(15), NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        assert_eq!(day(16), NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(), "00:30 in Beijing");
    }
}
