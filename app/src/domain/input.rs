//! The one input layer: what a typed date, year and text must be before any
//! rule looks at it. Every validator and service reads its dates, years and
//! texts through these functions (or `error::Errors`, which calls them), so a
//! field is refused the same way everywhere, with its name and a message key:
//!
//! - a date is exactly `YYYY-MM-DD` (no sign, no five-digit year, no time) and
//!   lies within the configured range (`Settings::date_min`/`date_max`,
//!   1949-01-01 to 2100-12-31 by default) — `err_date`, `err_date_range`;
//! - a year is a number within the years of that range — `err_year`;
//! - a text has no control characters (a multi-line text may hold line breaks
//!   and tabs; a one-line text none) and at most its field's number of
//!   characters — `err_control_chars`, `err_single_line`, `err_too_long`;
//! - a search query (`q=` of a list, a filter typed as text) is never refused:
//!   [`query`] removes its control characters, trims it and keeps its first
//!   [`MAX_QUERY`] characters, so a list always answers and no query reaches
//!   SQL unbounded (`db::like` applies it; other searches call it first).
//!
//! Form bodies that are not UTF-8 never get here: the server refuses them at
//! its edge (`server/src/edge.rs`), before the form decoder would turn the bad
//! bytes into U+FFFD.

use std::sync::atomic::{AtomicI32, Ordering};

use chrono::{Datelike, NaiveDate};

use crate::error::FieldError;

/// The most characters of a one-line text (names, titles, numbers, addresses)
/// unless its field says less.
pub const MAX_LINE: usize = 200;

/// The most characters of a multi-line text (scopes, findings, reasons,
/// statements) unless its field says otherwise.
pub const MAX_TEXT: usize = 5000;

/// The most characters of a short value typed into a figure's field (an
/// amount, a count, a choice), as a draft keeps it before it is checked.
pub const MAX_FIGURE: usize = 50;

/// The most characters of a search query that are searched for; the rest is
/// dropped (see [`query`]).
pub const MAX_QUERY: usize = 100;

/// The earliest date accepted by default: the founding of the People's Republic.
pub const DEFAULT_DATE_MIN: NaiveDate = match NaiveDate::from_ymd_opt(1949, 1, 1) {
    Some(d) => d,
    None => panic!("a valid date"),
};

/// The latest date accepted by default.
pub const DEFAULT_DATE_MAX: NaiveDate = match NaiveDate::from_ymd_opt(2100, 12, 31) {
    Some(d) => d,
    None => panic!("a valid date"),
};

// The configured range, as days from the Common Era (set once at start from
// the settings; 0, the defaults, until then).
static RANGE_MIN: AtomicI32 = AtomicI32::new(0);
static RANGE_MAX: AtomicI32 = AtomicI32::new(0);

/// Sets the range of accepted dates (from `Settings` when the application
/// state is built). A range with `min > max` is ignored.
pub fn set_date_range(min: NaiveDate, max: NaiveDate) {
    if min <= max {
        RANGE_MIN.store(min.num_days_from_ce(), Ordering::Relaxed);
        RANGE_MAX.store(max.num_days_from_ce(), Ordering::Relaxed);
    }
}

/// The range of accepted dates, inclusive.
pub fn date_range() -> (NaiveDate, NaiveDate) {
    let day = |n: i32, d: NaiveDate| if n == 0 { d } else { NaiveDate::from_num_days_from_ce_opt(n).unwrap_or(d) };
    (day(RANGE_MIN.load(Ordering::Relaxed), DEFAULT_DATE_MIN), day(RANGE_MAX.load(Ordering::Relaxed), DEFAULT_DATE_MAX))
}

/// Parses `YYYY-MM-DD` strictly (surrounding blanks aside) and checks it is
/// within `min..=max`. The error is a message key: `err_date` for anything
/// that is not such a date, `err_date_range` outside the range.
pub fn parse_date_in(raw: &str, min: NaiveDate, max: NaiveDate) -> Result<NaiveDate, &'static str> {
    let s = raw.trim();
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return Err("err_date");
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
    let d = NaiveDate::from_ymd_opt(num(0..4) as i32, num(5..7), num(8..10)).ok_or("err_date")?;
    if d < min || d > max {
        return Err("err_date_range");
    }
    Ok(d)
}

/// [`parse_date_in`] within the configured range.
pub fn parse_date(raw: &str) -> Result<NaiveDate, &'static str> {
    let (min, max) = date_range();
    parse_date_in(raw, min, max)
}

/// A date as imports and spreadsheets write it, in the form [`parse_date`]
/// reads: `2024-03-15`, `2024/3/15` and `2024.3.15` become `2024-03-15`;
/// anything else is left as it is (and then refused by the parser).
pub fn normalize_date(s: &str) -> String {
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    if parts.len() == 3 {
        if let (Ok(y), Ok(m), Ok(d)) = (parts[0].parse::<i32>(), parts[1].parse::<u32>(), parts[2].parse::<u32>()) {
            if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                return date.to_string();
            }
        }
    }
    s.to_string()
}

/// The most characters of an e-mail address (RFC 5321's path limit).
pub const MAX_EMAIL: usize = 254;

/// A plausible e-mail address: one `@`, a dot in the domain, no spaces, no
/// control characters, at most [`MAX_EMAIL`] characters.
pub fn is_email(s: &str) -> bool {
    let s = s.trim();
    if s.chars().count() > MAX_EMAIL || s.chars().any(char::is_control) {
        return false;
    }
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !s.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// A required date of field `field`: `err_required` when blank.
pub fn date(field: &str, raw: &str) -> Result<NaiveDate, FieldError> {
    if raw.trim().is_empty() {
        return Err(FieldError::new(field, "err_required"));
    }
    parse_date(raw).map_err(|k| FieldError::new(field, k))
}

/// A required date of field `field` that is not after `today` (`err_date_future`).
pub fn past_date(field: &str, raw: &str, today: NaiveDate) -> Result<NaiveDate, FieldError> {
    match date(field, raw)? {
        d if d > today => Err(FieldError::new(field, "err_date_future")),
        d => Ok(d),
    }
}

/// An optional date of field `field`: `None` when blank.
pub fn optional_date(field: &str, raw: &str) -> Result<Option<NaiveDate>, FieldError> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    parse_date(raw).map(Some).map_err(|k| FieldError::new(field, k))
}

/// The years of the accepted date range.
pub fn year_range() -> std::ops::RangeInclusive<i32> {
    let (min, max) = date_range();
    min.year()..=max.year()
}

/// A year sent as a number (a server function's argument): within the
/// years of the date range, or `err_year`.
pub fn year(field: &str, y: i32) -> Result<i32, FieldError> {
    if year_range().contains(&y) {
        Ok(y)
    } else {
        Err(FieldError::new(field, "err_year"))
    }
}

/// A typed year: `err_required` when blank, `err_year` when not a year of the range.
pub fn parse_year(field: &str, raw: &str) -> Result<i32, FieldError> {
    let raw = raw.trim().trim_end_matches('年');
    if raw.is_empty() {
        return Err(FieldError::new(field, "err_required"));
    }
    match raw.parse::<i32>() {
        Ok(y) => year(field, y),
        Err(_) => Err(FieldError::new(field, "err_year")),
    }
}

/// A year to read a list or a page by (not to store): brought into the range.
pub fn clamp_year(y: i32) -> i32 {
    let r = year_range();
    y.clamp(*r.start(), *r.end())
}

/// Whether a text may have line breaks and tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lines {
    /// One line: no control character at all.
    Single,
    /// Several lines: `\n`, `\r` and `\t` are allowed, no other control character.
    Multi,
}

/// Checks a text: control characters (the C0 and C1 blocks and DEL, but for
/// line breaks and tabs in a multi-line text), then its length in characters.
/// The error is a message key.
pub fn check_text(raw: &str, max: usize, lines: Lines) -> Result<(), &'static str> {
    for c in raw.chars() {
        if matches!(c, '\n' | '\r' | '\t') {
            if lines == Lines::Single {
                return Err("err_single_line");
            }
        } else if c.is_control() {
            return Err("err_control_chars");
        }
    }
    if raw.chars().count() > max {
        return Err("err_too_long");
    }
    Ok(())
}

/// A text of field `field` (blank allowed; see [`check_text`]), trimmed.
pub fn text<'a>(field: &str, raw: &'a str, max: usize, lines: Lines) -> Result<&'a str, FieldError> {
    check_text(raw, max, lines).map_err(|k| FieldError::new(field, k))?;
    Ok(raw.trim())
}

/// A one-line text of at most `max` characters (see [`text`]).
pub fn line<'a>(field: &str, raw: &'a str, max: usize) -> Result<&'a str, FieldError> {
    text(field, raw, max, Lines::Single)
}

/// A one-line text of at most `max` characters that must not be blank
/// (`err_required`, then [`line`]'s checks).
pub fn required_line<'a>(field: &str, raw: &'a str, max: usize) -> Result<&'a str, FieldError> {
    if raw.trim().is_empty() {
        return Err(FieldError::new(field, "err_required"));
    }
    line(field, raw, max)
}

/// A search query as it is searched for: control characters removed (a query
/// is one line), blanks around it trimmed, at most [`MAX_QUERY`] characters.
/// A query is bounded rather than refused, so a list page always answers.
pub fn query(raw: &str) -> String {
    let kept: String = raw.chars().filter(|c| !c.is_control()).collect();
    kept.trim().chars().take(MAX_QUERY).collect::<String>().trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_are_strict_and_within_the_range() {
        let (min, max) = (DEFAULT_DATE_MIN, DEFAULT_DATE_MAX);
        assert_eq!(parse_date_in("2026-01-01", min, max), Ok(d(2026, 1, 1)));
        assert_eq!(parse_date_in(" 2026-11-23 ", min, max), Ok(d(2026, 11, 23)));
        assert_eq!(parse_date_in("1949-01-01", min, max), Ok(min));
        assert_eq!(parse_date_in("2100-12-31", min, max), Ok(max));
        for bad in ["+2026-01-01", "2026-1-1", "02026-01-01", "2026/01/01", "2026-01-01T00:00", "２０２６-01-01", ""]
        {
            assert_eq!(parse_date_in(bad, min, max), Err("err_date"), "{bad:?}");
        }
        assert_eq!(parse_date_in("2026-02-30", min, max), Err("err_date"));
        assert_eq!(parse_date_in("2026-13-01", min, max), Err("err_date"));
        assert_eq!(parse_date_in("0000-01-01", min, max), Err("err_date_range"));
        assert_eq!(parse_date_in("1948-12-31", min, max), Err("err_date_range"));
        assert_eq!(parse_date_in("2101-01-01", min, max), Err("err_date_range"));
        assert_eq!(parse_date_in("9999-12-31", min, max), Err("err_date_range"));
    }

    #[test]
    fn date_fields_name_themselves() {
        assert_eq!(date("start_on", ""), Err(FieldError::new("start_on", "err_required")));
        assert_eq!(date("start_on", "0000-01-01"), Err(FieldError::new("start_on", "err_date_range")));
        assert_eq!(date("start_on", "+2026-01-01"), Err(FieldError::new("start_on", "err_date")));
        assert_eq!(past_date("on", "2026-05-02", d(2026, 5, 1)), Err(FieldError::new("on", "err_date_future")));
        assert_eq!(past_date("on", "2026-05-01", d(2026, 5, 1)), Ok(d(2026, 5, 1)));
        assert_eq!(optional_date("end_on", " "), Ok(None));
        assert_eq!(optional_date("end_on", "2026-05-01"), Ok(Some(d(2026, 5, 1))));
    }

    #[test]
    fn years() {
        assert_eq!(year("year", 2025), Ok(2025));
        assert_eq!(year("year", i32::MAX), Err(FieldError::new("year", "err_year")));
        assert_eq!(year("year", 0), Err(FieldError::new("year", "err_year")));
        assert_eq!(parse_year("year", "2024年"), Ok(2024));
        assert_eq!(parse_year("year", "99999999999"), Err(FieldError::new("year", "err_year")));
        assert_eq!(parse_year("year", ""), Err(FieldError::new("year", "err_required")));
        assert_eq!(clamp_year(i32::MIN), 1949);
        assert_eq!(clamp_year(i32::MAX), 2100);
        assert_eq!(clamp_year(2030), 2030);
    }

    #[test]
    fn texts_refuse_control_characters_and_length() {
        assert_eq!(check_text("阳光市慈善总会", 10, Lines::Single), Ok(()));
        assert_eq!(check_text("第一行\n第二行\r\n\t缩进", 100, Lines::Multi), Ok(()));
        assert_eq!(check_text("第一行\n第二行", 100, Lines::Single), Err("err_single_line"));
        assert_eq!(check_text("a\tb", 100, Lines::Single), Err("err_single_line"));
        assert_eq!(check_text("a\0b", 100, Lines::Multi), Err("err_control_chars"));
        assert_eq!(check_text("a\u{1b}[31m", 100, Lines::Multi), Err("err_control_chars"));
        assert_eq!(check_text("a\u{7f}", 100, Lines::Multi), Err("err_control_chars"));
        assert_eq!(check_text("a\u{85}", 100, Lines::Multi), Err("err_control_chars"), "C1 block");
        assert_eq!(check_text("长长长", 2, Lines::Single), Err("err_too_long"));
        assert_eq!(check_text("长长", 2, Lines::Single), Ok(()), "characters, not bytes");
        assert_eq!(check_text("\u{fffd}", 2, Lines::Single), Ok(()), "a typed U+FFFD is text");
        assert_eq!(text("name", "  x  ", 5, Lines::Single), Ok("x"));
        assert_eq!(line("name", "a\0", 5), Err(FieldError::new("name", "err_control_chars")));
        assert_eq!(required_line("name", " ", 5), Err(FieldError::new("name", "err_required")));
        assert_eq!(required_line("name", "a\nb", 5), Err(FieldError::new("name", "err_single_line")));
        assert_eq!(required_line("name", " ab ", 5), Ok("ab"));
    }

    #[test]
    fn queries_are_bounded_not_refused() {
        assert_eq!(query("  慈善\0总会\n "), "慈善总会");
        assert_eq!(query("\u{1b}[2J%"), "[2J%");
        assert_eq!(query(&"长".repeat(MAX_QUERY + 50)).chars().count(), MAX_QUERY);
        assert_eq!(query("\0\t"), "");
        assert_eq!(query("a b"), "a b");
    }

    #[test]
    fn the_default_range_until_configured() {
        // (Other tests of this process read the range: nothing here changes it.)
        set_date_range(DEFAULT_DATE_MAX, DEFAULT_DATE_MIN);
        assert_eq!(date_range(), (DEFAULT_DATE_MIN, DEFAULT_DATE_MAX), "an inverted range is ignored");
        assert_eq!(year_range(), 1949..=2100);
    }
}
