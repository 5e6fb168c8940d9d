//! An inspection's checklist answered item by item (issue 21): for every item
//! of the campaign's checklist (抽查事项清单) the inspector answers compliant
//! (合规), not compliant (不合规) or not applicable (不适用), with a note that a
//! "not compliant" must have. A result that found an item not compliant
//! cannot say "no problem found".
//!
//! Sources: 《社会组织抽查暂行办法》(民发〔2017〕45号) — an inspection covers the
//! items of the published list, and what was found is recorded and published;
//! the 涉企收费 special check's eight items (`domain::trade::FEE_CHECKLIST`)
//! are asked one by one the same way.
//!
//! The form sends one answer per item, keyed `i<n>` (`n` the item's index in
//! the checklist, from 0); the stored position counts from 1.

use std::collections::BTreeMap;

use crate::domain::input::{self, Lines};
use crate::error::FieldError;

/// The most characters of an answer's note (one line).
pub const NOTE_MAX: usize = 500;

/// The inspector's answer to one item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// 合规
    Compliant,
    /// 不合规: a note says what was wrong.
    NotCompliant,
    /// 不适用: the item does not apply to this organization.
    NotApplicable,
}

impl Answer {
    pub const ALL: [Answer; 3] = [Answer::Compliant, Answer::NotCompliant, Answer::NotApplicable];

    /// The stored code (`insp_answer_<code>` names it).
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Compliant => "yes",
            Answer::NotCompliant => "no",
            Answer::NotApplicable => "na",
        }
    }

    pub fn parse(s: &str) -> Option<Answer> {
        Answer::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// One item answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answered {
    /// The item's position in the checklist, from 1.
    pub position: usize,
    /// The item as the checklist words it.
    pub item: String,
    pub answer: Answer,
    /// Trimmed; empty when none was written.
    pub note: String,
}

/// The form's key of the item at `index` (from 0).
pub fn key(index: usize) -> String {
    format!("i{index}")
}

/// The field of an item's answer, as errors name it (`answer_i<n>`).
pub fn answer_field(index: usize) -> String {
    format!("answer_{}", key(index))
}

/// The field of an item's note (`note_i<n>`).
pub fn note_field(index: usize) -> String {
    format!("note_{}", key(index))
}

/// The index a form key stands for: exactly `i` and the index's digits
/// (`i01` or `i+1` stand for none).
fn index_of(k: &str) -> Option<usize> {
    let n: usize = k.strip_prefix('i')?.parse().ok()?;
    (key(n) == k).then_some(n)
}

/// Checks the answers of a result form against the campaign's `items`, every
/// field at once: each item answered with a known answer (`answer_i<n>`:
/// `err_insp_answer_required`, `err_invalid_choice`); each note one line of at
/// most [`NOTE_MAX`] characters, and written for a "not compliant"
/// (`note_i<n>`: `err_insp_answer_note`); no answer or note for an item the
/// checklist does not have (`items`: `err_insp_unknown_item`); and at least
/// one item actually checked, i.e. not all "not applicable" (`items`:
/// `err_insp_all_na`). Returns the answers in checklist order.
pub fn check_answers(
    items: &[&str],
    answers: &BTreeMap<String, String>,
    notes: &BTreeMap<String, String>,
) -> Result<Vec<Answered>, Vec<FieldError>> {
    let mut errors = Vec::new();
    if answers.keys().chain(notes.keys()).any(|k| index_of(k).is_none_or(|n| n >= items.len())) {
        errors.push(FieldError::new("items", "err_insp_unknown_item"));
    }
    let mut out = Vec::with_capacity(items.len());
    for (n, item) in items.iter().enumerate() {
        let raw = answers.get(&key(n)).map(|s| s.trim()).unwrap_or("");
        let answer = match Answer::parse(raw) {
            Some(a) => Some(a),
            None if raw.is_empty() => {
                errors.push(FieldError::new(&answer_field(n), "err_insp_answer_required"));
                None
            }
            None => {
                errors.push(FieldError::new(&answer_field(n), "err_invalid_choice"));
                None
            }
        };
        let note =
            match input::text(&note_field(n), notes.get(&key(n)).map_or("", String::as_str), NOTE_MAX, Lines::Single) {
                Ok(note) => note,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
        if answer == Some(Answer::NotCompliant) && note.is_empty() {
            errors.push(FieldError::new(&note_field(n), "err_insp_answer_note"));
        }
        if let Some(answer) = answer {
            out.push(Answered { position: n + 1, item: item.to_string(), answer, note: note.to_string() });
        }
    }
    if errors.is_empty() && out.iter().all(|a| a.answer == Answer::NotApplicable) {
        errors.push(FieldError::new("items", "err_insp_all_na"));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// A result with an item answered "not compliant" cannot be "no problem
/// found" (`none`): the error on `outcome`, if so. It reads the answers'
/// codes as sent, so the form hears of it with the answers' own errors.
pub fn check_outcome<'a>(codes: impl IntoIterator<Item = &'a str>, outcome: &str) -> Option<FieldError> {
    let no = Answer::NotCompliant.as_str();
    (outcome == "none" && codes.into_iter().any(|c| c.trim() == no))
        .then(|| FieldError::new("outcome", "err_insp_outcome_not_compliant"))
}

/// The items checked, as `inspection_target.checked_items` keeps them: every
/// item answered other than "not applicable", in checklist order.
pub fn checked_items(answers: &[Answered]) -> Vec<&str> {
    answers.iter().filter(|a| a.answer != Answer::NotApplicable).map(|a| a.item.as_str()).collect()
}

/// How many items were answered each way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub compliant: usize,
    pub not_compliant: usize,
    pub not_applicable: usize,
}

/// Counts stored answer codes (unknown codes are not counted).
pub fn tally<'a>(codes: impl IntoIterator<Item = &'a str>) -> Tally {
    let mut t = Tally::default();
    for code in codes {
        match Answer::parse(code) {
            Some(Answer::Compliant) => t.compliant += 1,
            Some(Answer::NotCompliant) => t.not_compliant += 1,
            Some(Answer::NotApplicable) => t.not_applicable += 1,
            None => {}
        }
    }
    t
}

/// One answer as a line of a CSV cell or a letter: `2. 财务管理：不合规（凭证不全）`,
/// the answer's text given in the reader's language.
pub fn answer_line(position: usize, item: &str, answer_text: &str, note: &str) -> String {
    if note.is_empty() {
        format!("{position}. {item}：{answer_text}")
    } else {
        format!("{position}. {item}：{answer_text}（{note}）")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::trade::FEE_CHECKLIST;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn fee_items() -> Vec<&'static str> {
        FEE_CHECKLIST.iter().map(|(zh, _)| *zh).collect()
    }

    /// The eight items of the 涉企收费 check: all compliant but the second
    /// (compulsory charges found) and the seventh (no entrusted tasks).
    fn fee_answers() -> (BTreeMap<String, String>, BTreeMap<String, String>) {
        let answers = (0..8)
            .map(|n| {
                let a = match n {
                    1 => "no",
                    6 => "na",
                    _ => "yes",
                };
                (key(n), a.to_string())
            })
            .collect();
        let notes = map(&[("i1", " 会员大会决议强制收取赞助费 "), ("i6", "")]);
        (answers, notes)
    }

    fn fields(errors: &[FieldError]) -> Vec<(&str, &str)> {
        errors.iter().map(|e| (e.field.as_str(), e.message.as_str())).collect()
    }

    #[test]
    fn every_item_of_the_fee_check_is_answered_in_order() {
        let (answers, notes) = fee_answers();
        let out = check_answers(&fee_items(), &answers, &notes).unwrap();
        assert_eq!(out.len(), 8);
        assert_eq!(out[0].position, 1);
        assert_eq!(
            out[1],
            Answered {
                position: 2,
                item: "是否强制收费".into(),
                answer: Answer::NotCompliant,
                note: "会员大会决议强制收取赞助费".into(),
            },
            "the note is trimmed"
        );
        assert_eq!(out[6].answer, Answer::NotApplicable);
        let checked = checked_items(&out);
        assert_eq!(checked.len(), 7, "n.a. is not an item checked");
        assert!(!checked.contains(&"是否利用行政委托事项违规收费"));
        let t = tally(out.iter().map(|a| a.answer.as_str()));
        assert_eq!(t, Tally { compliant: 6, not_compliant: 1, not_applicable: 1 });
    }

    #[test]
    fn a_missing_or_unknown_answer_and_a_no_without_note_are_refused() {
        let items = fee_items();
        let (mut answers, mut notes) = fee_answers();
        answers.remove("i3");
        answers.insert("i4".into(), "maybe".into());
        notes.insert("i1".into(), "  ".into());
        let e = check_answers(&items, &answers, &notes).unwrap_err();
        assert_eq!(
            fields(&e),
            vec![
                ("note_i1", "err_insp_answer_note"),
                ("answer_i3", "err_insp_answer_required"),
                ("answer_i4", "err_invalid_choice"),
            ]
        );
    }

    #[test]
    fn an_item_the_checklist_does_not_have_is_refused() {
        let items = fee_items();
        for bad in ["i8", "i-1", "x1", "i", "i01", "i+1", "I1"] {
            let (mut answers, notes) = fee_answers();
            answers.insert(bad.into(), "yes".into());
            let e = check_answers(&items, &answers, &notes).unwrap_err();
            assert_eq!(fields(&e), vec![("items", "err_insp_unknown_item")], "{bad}");
        }
        let (answers, mut notes) = fee_answers();
        notes.insert("i9".into(), "多余的说明".into());
        assert_eq!(
            fields(&check_answers(&items, &answers, &notes).unwrap_err()),
            vec![("items", "err_insp_unknown_item")]
        );
    }

    #[test]
    fn notes_are_one_line_of_at_most_500_characters() {
        let items = fee_items();
        let (answers, mut notes) = fee_answers();
        notes.insert("i0".into(), "财".repeat(NOTE_MAX));
        assert!(check_answers(&items, &answers, &notes).is_ok(), "500 characters, a note on a compliant item");
        notes.insert("i0".into(), "财".repeat(NOTE_MAX + 1));
        notes.insert("i2".into(), "第一行\n第二行".into());
        let e = check_answers(&items, &answers, &notes).unwrap_err();
        assert_eq!(fields(&e), vec![("note_i0", "err_too_long"), ("note_i2", "err_single_line")]);
    }

    #[test]
    fn a_checklist_answered_all_not_applicable_checked_nothing() {
        let items = ["年度报告", "财务管理"];
        let e = check_answers(&items, &map(&[("i0", "na"), ("i1", "na")]), &BTreeMap::new()).unwrap_err();
        assert_eq!(fields(&e), vec![("items", "err_insp_all_na")]);
        assert!(check_answers(&items, &map(&[("i0", "na"), ("i1", "yes")]), &BTreeMap::new()).is_ok());
    }

    #[test]
    fn a_no_forbids_the_outcome_no_problem_found() {
        let (answers, _) = fee_answers();
        let codes = || answers.values().map(String::as_str);
        assert_eq!(check_outcome(codes(), "none"), Some(FieldError::new("outcome", "err_insp_outcome_not_compliant")));
        assert_eq!(check_outcome(codes(), "rectify"), None);
        assert_eq!(check_outcome(codes(), "penalty"), None);
        // Said with the answers' own errors: a "no" without its note, " no " as typed.
        assert!(check_outcome([" no ", ""], "none").is_some());
        let all_yes = ["yes"; 8];
        assert_eq!(check_outcome(all_yes, "none"), None);
        assert_eq!(check_outcome(all_yes, "rectify"), None, "findings beyond the checklist may still order it");
    }

    #[test]
    fn codes_round_trip_and_lines_read_as_the_pages_say() {
        for a in Answer::ALL {
            assert_eq!(Answer::parse(a.as_str()), Some(a));
        }
        assert_eq!(Answer::parse("YES"), None);
        assert_eq!(
            tally(["yes", "no", "bogus", "na", "yes"]),
            Tally { compliant: 2, not_compliant: 1, not_applicable: 1 }
        );
        assert_eq!(answer_line(2, "财务管理", "不合规", "凭证不全"), "2. 财务管理：不合规（凭证不全）");
        assert_eq!(answer_line(1, "年度报告", "合规", ""), "1. 年度报告：合规");
    }
}
