//! Money as exact integers of 分 (hundredths of a yuan).

/// Why an amount was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoneyError {
    Empty,
    Format,
    Negative,
    TooLarge,
}

impl MoneyError {
    pub fn message_key(self) -> &'static str {
        match self {
            MoneyError::Empty => "err_required",
            MoneyError::Format => "err_amount_format",
            MoneyError::Negative => "err_amount_negative",
            MoneyError::TooLarge => "err_amount_too_large",
        }
    }
}

/// Upper bound: one trillion yuan.
const MAX_FEN: i64 = 100_000_000_000_000;

/// Parses a yuan amount such as `30000`, `30,000.5` or `￥4000000.00` into 分.
/// At most two decimals; thousands separators and a currency sign are allowed.
pub fn parse_yuan(input: &str) -> Result<i64, MoneyError> {
    let s: String = input
        .trim()
        .trim_start_matches(['¥', '￥'])
        .chars()
        .filter(|c| *c != ',' && *c != '，' && !c.is_whitespace())
        .collect();
    let s = s.strip_suffix('元').unwrap_or(&s);
    if s.is_empty() {
        return Err(MoneyError::Empty);
    }
    if s.starts_with('-') {
        return Err(MoneyError::Negative);
    }
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, f),
        None => (s, ""),
    };
    if int.is_empty() || !int.chars().all(|c| c.is_ascii_digit()) {
        return Err(MoneyError::Format);
    }
    if frac.len() > 2 || !frac.chars().all(|c| c.is_ascii_digit()) {
        return Err(MoneyError::Format);
    }
    if int.len() > 13 {
        return Err(MoneyError::TooLarge);
    }
    let yuan: i64 = int.parse().map_err(|_| MoneyError::Format)?;
    let mut fen_part: i64 = if frac.is_empty() { 0 } else { frac.parse().map_err(|_| MoneyError::Format)? };
    if frac.len() == 1 {
        fen_part *= 10;
    }
    let fen = yuan * 100 + fen_part;
    if fen > MAX_FEN {
        return Err(MoneyError::TooLarge);
    }
    Ok(fen)
}

/// Formats 分 as a plain yuan amount with two decimals: `30000.00`.
pub fn format_yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// Formats 分 with thousands separators for display: `4,000,000.00`.
pub fn display_yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", group_digits(abs / 100), abs % 100)
}

/// An amount in 分 as pages show it: `¥28,141,476.06`, `-¥5.00`.
/// (CSV exports keep plain numbers: `format_yuan`.)
pub fn display_money(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}¥{}.{:02}", group_digits(abs / 100), abs % 100)
}

/// A count as pages show it: `12,345`, `-1,000`.
pub fn display_count(n: i64) -> String {
    let sign = if n < 0 { "-" } else { "" };
    format!("{sign}{}", group_digits(n.unsigned_abs()))
}

/// The digits of `n` in groups of three: `28141476` → `28,141,476`.
fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_regulation_minimums_exactly() {
        // 社团: local ≥ ¥30k; 基金会: local public ≥ ¥4m, national ≥ ¥8m.
        assert_eq!(parse_yuan("30000"), Ok(3_000_000));
        assert_eq!(parse_yuan("4,000,000.00"), Ok(400_000_000));
        assert_eq!(parse_yuan("￥8000000"), Ok(800_000_000));
        assert_eq!(parse_yuan("0.1"), Ok(10));
        assert_eq!(parse_yuan("12.34元"), Ok(1234));
    }

    #[test]
    fn refuses_bad_amounts() {
        assert_eq!(parse_yuan(" "), Err(MoneyError::Empty));
        assert_eq!(parse_yuan("-5"), Err(MoneyError::Negative));
        assert_eq!(parse_yuan("1.234"), Err(MoneyError::Format));
        assert_eq!(parse_yuan("三万"), Err(MoneyError::Format));
        assert_eq!(parse_yuan(".5"), Err(MoneyError::Format));
        assert_eq!(parse_yuan("99999999999999"), Err(MoneyError::TooLarge));
    }

    #[test]
    fn formats_round_trip() {
        assert_eq!(format_yuan(3_000_000), "30000.00");
        assert_eq!(format_yuan(5), "0.05");
        assert_eq!(display_yuan(400_000_000), "4,000,000.00");
        assert_eq!(display_yuan(99_900), "999.00");
        assert_eq!(parse_yuan(&format_yuan(123_456_789)), Ok(123_456_789));
    }

    #[test]
    fn money_and_counts_are_grouped_in_thousands() {
        assert_eq!(display_money(2_814_147_606), "¥28,141,476.06");
        assert_eq!(display_money(0), "¥0.00");
        assert_eq!(display_money(5), "¥0.05");
        assert_eq!(display_money(99_900), "¥999.00");
        assert_eq!(display_money(100_000), "¥1,000.00");
        assert_eq!(display_money(-500), "-¥5.00");
        assert_eq!(display_money(i64::MIN), "-¥92,233,720,368,547,758.08");
        assert_eq!(display_yuan(-123_456), "-1,234.56");
        assert_eq!(display_count(0), "0");
        assert_eq!(display_count(999), "999");
        assert_eq!(display_count(1_000), "1,000");
        assert_eq!(display_count(12_345), "12,345");
        assert_eq!(display_count(1_234_567), "1,234,567");
        assert_eq!(display_count(-1_000), "-1,000");
        assert_eq!(display_count(i64::MIN), "-9,223,372,036,854,775,808");
    }
}
