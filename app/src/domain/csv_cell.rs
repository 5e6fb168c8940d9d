//! CSV formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell
//! that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a
//! formula. Every export writes such a text cell with a leading `'`, which
//! spreadsheets show as plain text; a plain number (`-5`, `12.50`,
//! `-1,234.00`) stays a number.
//!
//! The rule is reversible, so an importer reads its own export back
//! unchanged: a cell that already starts with `'` followed (after any further
//! quotes) by such a character also gets one more `'`, and the reader strips
//! exactly one leading `'` where the rest would have been neutralised.

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula.
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether `s` is a plain decimal number: an optional sign, digits (with
/// optional thousands separators), an optional fraction and an optional `%`
/// (a share in the statistics).
pub fn is_number(s: &str) -> bool {
    let s = s.strip_suffix('%').unwrap_or(s);
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    let int_ok = if int.contains(',') {
        let mut groups = int.split(',');
        let first = groups.next().unwrap_or("");
        digits(first) && first.len() <= 3 && groups.all(|g| g.len() == 3 && digits(g))
    } else {
        digits(int)
    };
    int_ok && frac.is_none_or(digits)
}

/// Whether the export writes `s` with one more leading `'`.
fn needs_quote(s: &str) -> bool {
    let rest = s.trim_start_matches('\'');
    rest.starts_with(TRIGGERS) && !is_number(rest)
}

/// The cell as an export writes it.
pub fn neutralise(s: &str) -> Cow<'_, str> {
    if needs_quote(s) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// The cell as an export meant it: the inverse of [`neutralise`].
pub fn unneutralise(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if needs_quote(rest) => rest,
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_get_a_leading_quote() {
        for s in ["=HYPERLINK(\"http://x\",\"y\")", "+1+2", "-1+2", "@SUM(A1)", "\t=1", "\r=1", "-", "+86 755 8888"] {
            assert_eq!(neutralise(s), format!("'{s}"), "{s:?}");
        }
    }

    #[test]
    fn numbers_and_plain_text_stay_as_they_are() {
        for s in ["-5", "+5", "12.50", "-1,234.00", "0", "2024-03-15", "0755-88880001", "阳光市慈善会", "", "a=b", "'"]
        {
            assert_eq!(neutralise(s), s, "{s:?}");
        }
    }

    #[test]
    fn numbers_are_recognised() {
        for s in ["1", "-5", "+5", "12.50", "1,234", "-1,234.56", "1234567", "-3.5%", "71.4%"] {
            assert!(is_number(s), "{s}");
        }
        for s in ["", "-", "1.", ".5", "1,23", "12,3456", "1e5", "1-2", "--5", "١٢", "%", "-%", "5%%"] {
            assert!(!is_number(s), "{s}");
        }
    }

    #[test]
    fn quoted_formulas_get_one_more_quote() {
        assert_eq!(neutralise("'=1"), "''=1");
        assert_eq!(neutralise("''@x"), "'''@x");
        assert_eq!(neutralise("'-5"), "'-5", "a quoted number is left alone");
        assert_eq!(neutralise("'abc"), "'abc");
    }

    #[test]
    fn reading_undoes_writing() {
        for s in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "'=1",
            "''=1",
            "'-5",
            "-5",
            "'",
            "''",
            "'abc",
            "-",
            "'-",
            "+86 755",
            "\t",
            "plain",
            "",
        ] {
            assert_eq!(unneutralise(&neutralise(s)), s, "{s:?}");
        }
        assert_eq!(unneutralise("'=1"), "=1");
        assert_eq!(unneutralise("'abc"), "'abc", "a quote before plain text is the user's own");
        assert_eq!(unneutralise("'-5"), "'-5");
    }
}
