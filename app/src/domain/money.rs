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
    let plain = format_yuan(fen);
    let (int, frac) = plain.split_once('.').unwrap_or((&plain, "00"));
    let (sign, digits) = int.strip_prefix('-').map(|d| ("-", d)).unwrap_or(("", int));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}.{frac}")
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
}
