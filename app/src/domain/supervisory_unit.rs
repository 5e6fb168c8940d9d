//! Supervisory units (业务主管单位): their kinds, and which two of their
//! names are likely one unit spelled two ways. Free-text units typed over the
//! years hold the same department as `市教育局`, `市 教育局`, `（市）教育局`,
//! `阳光市教育局` or `市卫生健康委` beside `市卫生健康委员会`; an officer
//! confirms or dismisses each proposal, nothing is merged by itself.

use chrono::NaiveDate;

/// The kinds of unit: party organs (党委部门), government departments
/// (政府部门), people's organizations authorised to sponsor (人民团体), other.
pub const KINDS: [&str; 4] = ["party", "government", "people_org", "other"];

/// Why two names are proposed as one unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Likeness {
    /// The same after removing spaces and brackets and folding full-width
    /// letters and digits.
    SameNormalised,
    /// One ends with the other (a place prefix added: 阳光市教育局 / 市教育局).
    Suffix,
    /// The same when 委员会 is written 委 (市卫生健康委员会 / 市卫生健康委).
    Abbreviated,
}

impl Likeness {
    pub fn as_str(self) -> &'static str {
        match self {
            Likeness::SameNormalised => "same",
            Likeness::Suffix => "suffix",
            Likeness::Abbreviated => "abbreviated",
        }
    }
}

/// A name with spaces (ASCII, full-width, any whitespace) and brackets of
/// every kind removed, full-width ASCII folded to ASCII and ASCII lowercased.
pub fn normalise(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .filter(|c| !c.is_whitespace() && !"()[]{}【】〔〕〈〉《》「」『』［］｛｝<>".contains(*c))
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The shortest name that counts in a suffix match (so `局` alone never does).
const MIN_SUFFIX_CHARS: usize = 3;

/// Whether two unit names are likely the same unit, and why.
pub fn likeness(a: &str, b: &str) -> Option<Likeness> {
    let (na, nb) = (normalise(a), normalise(b));
    if na.is_empty() || nb.is_empty() {
        return None;
    }
    if na == nb {
        return Some(Likeness::SameNormalised);
    }
    let (short, long) = if na.chars().count() <= nb.chars().count() { (&na, &nb) } else { (&nb, &na) };
    if short.chars().count() >= MIN_SUFFIX_CHARS && long.ends_with(short.as_str()) {
        return Some(Likeness::Suffix);
    }
    let full = |s: &str| match s.strip_suffix("委员会") {
        Some(head) => format!("{head}委"),
        None => s.to_string(),
    };
    if full(&na) == full(&nb) {
        return Some(Likeness::Abbreviated);
    }
    None
}

/// The pairs of `units` (id, name) likely to be one unit, each pair once with
/// the smaller id first, in the order of the ids; pairs in `dismissed`
/// (smaller id first) are left out.
pub fn proposals(units: &[(i64, String)], dismissed: &[(i64, i64)]) -> Vec<(i64, i64, Likeness)> {
    let mut sorted: Vec<&(i64, String)> = units.iter().collect();
    sorted.sort_by_key(|(id, _)| *id);
    let mut out = Vec::new();
    for (i, (a, name_a)) in sorted.iter().map(|u| (u.0, &u.1)).enumerate() {
        for (b, name_b) in sorted[i + 1..].iter().map(|u| (u.0, &u.1)) {
            if dismissed.contains(&(a, b)) {
                continue;
            }
            if let Some(why) = likeness(name_a, name_b) {
                out.push((a, b, why));
            }
        }
    }
    out
}

/// Days a supervisory unit has for its first review (初审) of an annual
/// report, counted from the report's submission (a setting,
/// `UNIT_REVIEW_DAYS`; the regulations give no number).
pub const DEFAULT_REVIEW_DAYS: u32 = 15;

/// A report's first reviews from its events in order (`kind`, day): each
/// pass or return by the unit, with the day of the submission it answered.
pub fn first_reviews(events: &[(&str, NaiveDate)]) -> Vec<(NaiveDate, NaiveDate)> {
    let mut sent: Option<NaiveDate> = None;
    let mut out = Vec::new();
    for (kind, day) in events {
        match *kind {
            "submitted" | "resubmitted" => sent = Some(*day),
            "unit_passed" | "unit_returned" => {
                if let Some(s) = sent.take() {
                    out.push((s, *day));
                }
            }
            _ => {}
        }
    }
    out
}

/// Whether a first review was done within `days` of its submission.
pub fn reviewed_in_time(sent: NaiveDate, reviewed: NaiveDate, days: u32) -> bool {
    (reviewed - sent).num_days() <= i64::from(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_brackets_and_full_width_letters_are_the_same_name() {
        assert_eq!(normalise(" 市 教育局　"), "市教育局");
        assert_eq!(normalise("（市）教育局"), "市教育局");
        assert_eq!(normalise("市ＡＢＣ协会"), "市abc协会");
        assert_eq!(likeness("市教育局", "市 教育局"), Some(Likeness::SameNormalised));
        assert_eq!(likeness("市教育局", "【市】教育局"), Some(Likeness::SameNormalised));
        assert_eq!(likeness("市科技局", "市ＫＪ局"), None);
    }

    #[test]
    fn a_first_review_answers_the_submission_before_it() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        // Submitted 1 March, returned on the 10th, resubmitted 1 April, passed 30 April.
        let events = [
            ("saved", d(2, 20)),
            ("submitted", d(3, 1)),
            ("unit_returned", d(3, 10)),
            ("resubmitted", d(4, 1)),
            ("unit_passed", d(4, 30)),
            ("concluded", d(5, 20)),
        ];
        let reviews = first_reviews(&events);
        assert_eq!(reviews, vec![(d(3, 1), d(3, 10)), (d(4, 1), d(4, 30))]);
        assert!(reviewed_in_time(d(3, 1), d(3, 10), DEFAULT_REVIEW_DAYS));
        // 29 days: late against 15, on the day against 29.
        assert!(!reviewed_in_time(d(4, 1), d(4, 30), DEFAULT_REVIEW_DAYS));
        assert!(reviewed_in_time(d(4, 1), d(4, 30), 29));
        // A unit's answer with no submission before it (a report moved by hand) counts for nothing.
        assert!(first_reviews(&[("unit_passed", d(3, 1))]).is_empty());
    }

    #[test]
    fn a_place_prefix_or_a_shortened_committee_is_a_variant() {
        assert_eq!(likeness("阳光市教育局", "市教育局"), Some(Likeness::Suffix));
        assert_eq!(likeness("市教育局", "阳光市 教育局"), Some(Likeness::Suffix));
        assert_eq!(likeness("市卫生健康委员会", "市卫生健康委"), Some(Likeness::Abbreviated));
        // Too short to say: every bureau ends with 局.
        assert_eq!(likeness("市教育局", "局"), None);
        assert_eq!(likeness("市教育局", "市商务局"), None);
        assert_eq!(likeness("市卫生健康委员会", "市人力资源和社会保障局"), None);
        assert_eq!(likeness("", "市教育局"), None);
    }

    #[test]
    fn each_pair_is_proposed_once_unless_dismissed() {
        let units = vec![
            (3, "市教育局".to_string()),
            (1, "市 教育局".to_string()),
            (7, "市商务局".to_string()),
            (9, "阳光市教育局".to_string()),
            (4, "市卫生健康委".to_string()),
            (2, "市卫生健康委员会".to_string()),
        ];
        let all = proposals(&units, &[]);
        assert_eq!(
            all,
            vec![
                (1, 3, Likeness::SameNormalised),
                (1, 9, Likeness::Suffix),
                (2, 4, Likeness::Abbreviated),
                (3, 9, Likeness::Suffix),
            ]
        );
        let left = proposals(&units, &[(1, 3), (2, 4)]);
        assert_eq!(left, vec![(1, 9, Likeness::Suffix), (3, 9, Likeness::Suffix)]);
        assert!(proposals(&[(1, "市商务局".into())], &[]).is_empty());
    }
}
