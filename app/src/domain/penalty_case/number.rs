//! Document numbers (文号) such as `阳民罚〔2026〕12号`: the bureau's prefix (a
//! setting), the year in hexagonal brackets (六角括号) and the sequence,
//! which starts again at 1 each year (`db::next_number` with
//! [`DECISION_SEQUENCE`] and the decision's year).

use super::Settings;

/// The `number_sequence` name of the decisions' numbers.
pub const DECISION_SEQUENCE: &str = "penalty_decision";

/// The highest sequence a number may carry.
const MAX_SEQ: i64 = 999_999;

/// A document number's parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocNo {
    pub prefix: String,
    pub year: i32,
    pub seq: i64,
}

impl DocNo {
    /// The number as printed: `阳民罚〔2026〕12号`.
    pub fn format(&self) -> String {
        format!("{}〔{}〕{}号", self.prefix, self.year, self.seq)
    }

    /// Reads a number as printed or typed: the year may stand in 〔〕, [], ［］,
    /// 【】, () or （）, the closing 号 may be missing, spaces around the parts
    /// are ignored and leading zeros of the sequence dropped. The year is
    /// 2000–2100, the sequence 1–999999; the prefix is not empty and holds no
    /// digit or bracket.
    pub fn parse(s: &str) -> Option<DocNo> {
        let s = s.trim();
        let s = s.strip_suffix('号').unwrap_or(s).trim_end();
        let open = s.find(['〔', '[', '［', '【', '(', '（'])?;
        let (prefix, rest) = s.split_at(open);
        let mut chars = rest.chars();
        let opener = chars.next()?;
        let closer = match opener {
            '〔' => '〕',
            '[' => ']',
            '［' => '］',
            '【' => '】',
            '(' => ')',
            _ => '）',
        };
        let (year, seq) = chars.as_str().split_once(closer)?;
        let prefix = prefix.trim();
        let (year, seq) = (year.trim(), seq.trim());
        let bad_prefix = prefix.is_empty()
            || prefix.chars().any(|c| c.is_ascii_digit() || c.is_whitespace() || "〔〕[]［］【】()（）".contains(c));
        if bad_prefix || year.len() != 4 || seq.is_empty() || seq.len() > 6 {
            return None;
        }
        if !year.bytes().chain(seq.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: i32 = year.parse().ok()?;
        let seq: i64 = seq.parse().ok()?;
        ((2000..=2100).contains(&year) && (1..=MAX_SEQ).contains(&seq)).then(|| DocNo {
            prefix: prefix.to_string(),
            year,
            seq,
        })
    }
}

/// The decision number of `seq` in `year` under the bureau's prefix.
pub fn decision_no(s: &Settings, year: i32, seq: i64) -> String {
    DocNo { prefix: s.decision_prefix.clone(), year, seq }.format()
}

/// The year and sequence of one of the bureau's decision numbers, or the
/// message key of why it is not one.
pub fn parse_decision_no(text: &str, s: &Settings) -> Result<(i32, i64), &'static str> {
    let no = DocNo::parse(text).ok_or("pen_err_doc_no")?;
    if no.prefix != s.decision_prefix {
        return Err("pen_err_doc_prefix");
    }
    Ok((no.year, no.seq))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decision_numbers_print_in_the_official_form() {
        let s = Settings::default();
        assert_eq!(decision_no(&s, 2026, 12), "阳民罚〔2026〕12号");
        assert_eq!(decision_no(&s, 2027, 1), "阳民罚〔2027〕1号", "one sequence a year");
        let other = Settings { decision_prefix: "深民罚".into(), ..Settings::default() };
        assert_eq!(decision_no(&other, 2026, 3), "深民罚〔2026〕3号");
    }

    #[test]
    fn decision_numbers_parse_back() {
        let s = Settings::default();
        assert_eq!(parse_decision_no("阳民罚〔2026〕12号", &s), Ok((2026, 12)));
        for typed in ["阳民罚[2026]12号", "阳民罚（2026）12号", "阳民罚【2026】12", " 阳民罚 〔2026〕 012 号 "]
        {
            assert_eq!(parse_decision_no(typed, &s), Ok((2026, 12)), "{typed}");
        }
        let no = DocNo::parse("阳民罚(2026)12号").unwrap();
        assert_eq!(no.format(), "阳民罚〔2026〕12号", "stored in the official form");
        assert_eq!(parse_decision_no("深民罚〔2026〕12号", &s), Err("pen_err_doc_prefix"));
        for bad in [
            "〔2026〕12号",
            "阳民罚2026-12",
            "阳民罚〔26〕12号",
            "阳民罚〔2026〕号",
            "阳民罚〔2026〕0号",
            "阳民罚〔2026〕1234567号",
            "阳民罚〔1999〕1号",
            "阳民罚〔2026〕12a号",
            "阳民罚〔2026]12号",
            "阳民罚2〔2026〕12号",
        ] {
            assert_eq!(parse_decision_no(bad, &s), Err("pen_err_doc_no"), "{bad}");
        }
    }
}
