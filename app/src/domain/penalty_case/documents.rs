//! The documents of a penalty case (执法文书) as pure rules: which step
//! issues which document, the placeholders a document's template may use,
//! checking a template when it is saved (an unknown placeholder, an unclosed
//! `{{`) and filling it when a document is issued (a value the case does not
//! have yet is an error, never an empty gap), dates as the documents write
//! them (二〇二六年十二月七日) and the periods they state in words, from the
//! rules' [`Settings`] (行政处罚法 §44–45: 陈述申辩 and, §63–64, a hearing
//! requested within 5 days, its notice 7 days ahead; 行政复议法 §20: 60 days;
//! 行政诉讼法 §46: 6 months).
//!
//! A template is a title and a body; the body's lines after a line of only
//! `---` are the signature block (the bureau, 〔印章〕, the date), set flush
//! right on the page and in the PDF.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::{Action, Settings};

/// A kind of document, as stored on a step (`penalty_case_step.document_kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocKind {
    /// 立案审批表.
    OpeningApproval,
    /// 不予立案审批表.
    NotOpened,
    /// 行政处罚告知书.
    Notice,
    /// 听证通知书.
    HearingNotice,
    /// 听证笔录.
    HearingRecord,
    /// 行政处罚决定书.
    Decision,
    /// 不予行政处罚决定书.
    NoPenaltyDecision,
    /// 送达回证.
    ServiceReceipt,
    /// 案件移送书.
    TransferLetter,
    /// 强制执行申请书.
    CourtApplication,
    /// 结案报告.
    ClosingReport,
}

impl DocKind {
    pub const ALL: [DocKind; 11] = [
        DocKind::OpeningApproval,
        DocKind::NotOpened,
        DocKind::Notice,
        DocKind::HearingNotice,
        DocKind::HearingRecord,
        DocKind::Decision,
        DocKind::NoPenaltyDecision,
        DocKind::ServiceReceipt,
        DocKind::TransferLetter,
        DocKind::CourtApplication,
        DocKind::ClosingReport,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::OpeningApproval => "opening_approval",
            DocKind::NotOpened => "not_opened",
            DocKind::Notice => "notice",
            DocKind::HearingNotice => "hearing_notice",
            DocKind::HearingRecord => "hearing_record",
            DocKind::Decision => "decision",
            DocKind::NoPenaltyDecision => "no_penalty_decision",
            DocKind::ServiceReceipt => "service_receipt",
            DocKind::TransferLetter => "transfer_letter",
            DocKind::CourtApplication => "court_application",
            DocKind::ClosingReport => "closing_report",
        }
    }

    pub fn parse(s: &str) -> Option<DocKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }

    /// The document a step issues (the case page lists them; the step's row
    /// keeps the kind).
    pub fn of(action: Action) -> Option<DocKind> {
        match action {
            Action::ApproveOpening => Some(DocKind::OpeningApproval),
            Action::DeclineOpening => Some(DocKind::NotOpened),
            Action::ServeNotice => Some(DocKind::Notice),
            Action::ScheduleHearing => Some(DocKind::HearingNotice),
            Action::HoldHearing | Action::AbandonHearing => Some(DocKind::HearingRecord),
            Action::DecidePenalty => Some(DocKind::Decision),
            Action::DecideNoPenalty => Some(DocKind::NoPenaltyDecision),
            Action::ServeDecision => Some(DocKind::ServiceReceipt),
            Action::Transfer => Some(DocKind::TransferLetter),
            Action::ApplyCourt => Some(DocKind::CourtApplication),
            Action::Close => Some(DocKind::ClosingReport),
            _ => None,
        }
    }

    /// The placeholders this kind's template may use: the case's own ones,
    /// and those of the step that issues it.
    pub fn placeholders(self) -> Vec<&'static str> {
        let mut out = COMMON.to_vec();
        out.extend_from_slice(match self {
            DocKind::Notice => &[
                "violation",
                "legal_basis",
                "proposed",
                "statement_days",
                "statement_deadline",
                "hearing_rights",
                "hearing_deadline",
            ],
            DocKind::HearingNotice => &["violation", "legal_basis", "hearing_date", "hearing_notice_days"],
            DocKind::HearingRecord => &["violation", "legal_basis", "hearing_date"],
            DocKind::Decision => &["violation", "legal_basis", "decision_no", "penalty", "payment", "remedies"],
            DocKind::NoPenaltyDecision => &["violation", "legal_basis", "remedies"],
            DocKind::ServiceReceipt => &["served_document", "service_method", "service_date"],
            DocKind::CourtApplication => &["violation", "legal_basis", "decision_no", "penalty"],
            DocKind::OpeningApproval => &["violation", "legal_basis"],
            // A case may be transferred or closed before a violation is chosen.
            DocKind::NotOpened | DocKind::TransferLetter | DocKind::ClosingReport => &[],
        });
        out
    }
}

/// The placeholders every document may use.
pub const COMMON: [&str; 6] = ["bureau", "party_name", "credit_code", "case_no", "facts", "date_cn"];

/// Why a template cannot be saved or filled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplateError {
    /// A `{{` without its `}}`, or a name that is not a placeholder's shape.
    Malformed,
    /// Placeholders the kind does not know (when saving).
    Unknown(Vec<String>),
    /// Placeholders the case has no value for yet (when issuing).
    Missing(Vec<String>),
    /// An empty title or body.
    Empty,
}

impl TemplateError {
    /// The message key.
    pub fn message_key(&self) -> &'static str {
        match self {
            TemplateError::Malformed => "doc_err_malformed",
            TemplateError::Unknown(_) => "doc_err_unknown_placeholder",
            TemplateError::Missing(_) => "doc_err_missing_value",
            TemplateError::Empty => "doc_err_empty",
        }
    }

    /// The placeholders concerned, for the message.
    pub fn names(&self) -> String {
        match self {
            TemplateError::Unknown(n) | TemplateError::Missing(n) => n.join("、"),
            _ => String::new(),
        }
    }
}

/// The template's pieces: literal text and placeholder names, in order.
enum Piece<'a> {
    Text(&'a str),
    Name(&'a str),
}

fn pieces(template: &str) -> Result<Vec<Piece<'_>>, TemplateError> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push(Piece::Text(&rest[..start]));
        let after = &rest[start + 2..];
        let end = after.find("}}").ok_or(TemplateError::Malformed)?;
        let name = after[..end].trim();
        let shaped = !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !shaped {
            return Err(TemplateError::Malformed);
        }
        out.push(Piece::Name(name));
        rest = &after[end + 2..];
    }
    out.push(Piece::Text(rest));
    Ok(out)
}

/// Checks a template of `kind` before it is saved: well formed, not empty,
/// and every placeholder one the kind knows.
pub fn check_template(kind: DocKind, title: &str, body: &str) -> Result<(), TemplateError> {
    if title.trim().is_empty() || body.trim().is_empty() {
        return Err(TemplateError::Empty);
    }
    let known = kind.placeholders();
    let mut unknown: Vec<String> = Vec::new();
    for text in [title, body] {
        for p in pieces(text)? {
            if let Piece::Name(n) = p {
                if !known.contains(&n) && !unknown.iter().any(|u| u == n) {
                    unknown.push(n.to_string());
                }
            }
        }
    }
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(TemplateError::Unknown(unknown))
    }
}

/// Fills `template` with `values`; every placeholder must have one.
pub fn render(template: &str, values: &BTreeMap<&str, String>) -> Result<String, TemplateError> {
    let mut out = String::with_capacity(template.len() * 2);
    let mut missing: Vec<String> = Vec::new();
    for p in pieces(template)? {
        match p {
            Piece::Text(t) => out.push_str(t),
            Piece::Name(n) => match values.get(n) {
                Some(v) => out.push_str(v),
                None if !missing.iter().any(|m| m == n) => missing.push(n.to_string()),
                None => {}
            },
        }
    }
    if missing.is_empty() {
        Ok(out)
    } else {
        Err(TemplateError::Missing(missing))
    }
}

/// A filled body split into its text and its signature block (the lines
/// after a line of only `---`).
pub fn split_signature(body: &str) -> (String, Vec<String>) {
    let mut text = Vec::new();
    let mut sig = Vec::new();
    let mut in_sig = false;
    for line in body.lines() {
        if !in_sig && line.trim() == "---" {
            in_sig = true;
        } else if in_sig {
            if !line.trim().is_empty() {
                sig.push(line.trim().to_string());
            }
        } else {
            text.push(line);
        }
    }
    (text.join("\n").trim_end().to_string(), sig)
}

const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// A number as the documents write it: 5 → 五, 15 → 十五, 60 → 六十, 31 → 三十一
/// (0–99).
pub fn cn_number(n: u32) -> String {
    let d = |i: u32| DIGITS[(i % 10) as usize];
    match n {
        0..=9 => d(n).to_string(),
        10..=19 => format!("十{}", if n == 10 { String::new() } else { d(n).to_string() }),
        20..=99 => format!("{}十{}", d(n / 10), if n.is_multiple_of(10) { String::new() } else { d(n).to_string() }),
        _ => n.to_string(),
    }
}

/// A day as the documents write it: 二〇二六年十二月七日.
pub fn date_cn(d: NaiveDate) -> String {
    let year: String =
        d.year().to_string().chars().filter_map(|c| c.to_digit(10)).map(|i| DIGITS[i as usize]).collect();
    format!("{year}年{}月{}日", cn_number(d.month()), cn_number(d.day()))
}

/// The notice's paragraph on the hearing right (§63–64), with the request
/// period; empty where the proposal gives no hearing right.
pub fn hearing_rights(right: bool, s: &Settings) -> String {
    if !right {
        return String::new();
    }
    format!(
        "根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，你（单位）有权要求举行听证。\
         如要求听证，应当在收到本告知书之日起{}日内向本机关提出，逾期视为放弃听证权利。",
        cn_number(s.hearing_request_days)
    )
}

/// The decision's statement of remedies (行政复议法 §20, 行政诉讼法 §46,
/// 行政处罚法 §73), with the periods of `s`.
pub fn remedies(s: &Settings) -> String {
    format!(
        "如不服本决定，可以在收到本决定书之日起{}日内依法申请行政复议，或者在{}个月内依法向人民法院提起行政诉讼。\
         行政复议或者行政诉讼期间，本决定不停止执行。",
        cn_number(s.reconsideration_days),
        cn_number(s.lawsuit_months)
    )
}

/// The decision's paragraph on paying a fine (行政处罚法 §67, §72): the
/// period and the daily surcharge.
pub fn payment(s: &Settings) -> String {
    let pct = s.surcharge_permille_per_day / 10;
    format!(
        "罚款应当自收到本决定书之日起{}日内缴纳。到期不缴纳罚款的，每日按罚款数额的百分之{}加处罚款。",
        cn_number(s.payment_days),
        cn_number(pct)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn dates_are_written_in_chinese_numerals() {
        assert_eq!(date_cn(day(2026, 12, 7)), "二〇二六年十二月七日");
        assert_eq!(date_cn(day(2026, 1, 10)), "二〇二六年一月十日");
        assert_eq!(date_cn(day(2030, 10, 31)), "二〇三〇年十月三十一日");
        assert_eq!(date_cn(day(2027, 11, 20)), "二〇二七年十一月二十日");
        assert_eq!(cn_number(5), "五");
        assert_eq!(cn_number(7), "七");
        assert_eq!(cn_number(60), "六十");
        assert_eq!(cn_number(6), "六");
        assert_eq!(cn_number(15), "十五");
    }

    /// The periods the documents state are the regulation's: a hearing asked
    /// for within 5 days, reconsideration within 60 days, a lawsuit within
    /// 6 months; a proposal without the right says nothing of a hearing.
    #[test]
    fn the_documents_state_the_laws_periods() {
        let s = Settings::default();
        assert_eq!(s.statement_days, 5);
        assert_eq!(s.hearing_notice_days, 7);
        let h = hearing_rights(true, &s);
        assert!(h.contains("五日内"), "{h}");
        assert_eq!(hearing_rights(false, &s), "");
        let r = remedies(&s);
        assert!(r.contains("六十日内") && r.contains("六个月内") && r.contains("不停止执行"), "{r}");
        let p = payment(&s);
        assert!(p.contains("十五日内") && p.contains("百分之三"), "{p}");
    }

    #[test]
    fn every_step_with_a_document_names_its_kind() {
        for a in Action::ALL {
            if let Some(k) = DocKind::of(a) {
                assert_eq!(DocKind::parse(k.as_str()), Some(k));
            }
        }
        let kinds: std::collections::BTreeSet<_> = Action::ALL.iter().filter_map(|a| DocKind::of(*a)).collect();
        assert_eq!(kinds.len(), DocKind::ALL.len(), "every kind is issued by a step");
    }

    #[test]
    fn a_template_with_an_unknown_placeholder_is_refused() {
        let ok = "{{party_name}}：\n经查，{{facts}}。拟作出{{proposed}}。\n---\n{{bureau}}\n〔印章〕\n{{date_cn}}";
        assert_eq!(check_template(DocKind::Notice, "行政处罚告知书", ok), Ok(()));
        assert_eq!(
            check_template(DocKind::Notice, "告知书", "{{party_name}} {{decision_no}} {{nonsense}} {{nonsense}}"),
            Err(TemplateError::Unknown(vec!["decision_no".into(), "nonsense".into()])),
            "the notice has no decision number yet"
        );
        assert_eq!(check_template(DocKind::Decision, "决定书", "{{decision_no}}"), Ok(()));
        assert_eq!(check_template(DocKind::Decision, "决定书", "{{decision_no"), Err(TemplateError::Malformed));
        assert_eq!(check_template(DocKind::Decision, "决定书", "{{ 决定 }}"), Err(TemplateError::Malformed));
        assert_eq!(check_template(DocKind::Decision, " ", "x"), Err(TemplateError::Empty));
        assert_eq!(TemplateError::Unknown(vec!["a".into(), "b".into()]).names(), "a、b");
    }

    #[test]
    fn rendering_fills_every_placeholder_or_names_the_missing() {
        let values: BTreeMap<&str, String> =
            [("party_name", "阳光市慈善协会".to_string()), ("decision_no", "阳民罚〔2026〕12号".into())]
                .into_iter()
                .collect();
        assert_eq!(
            render("{{party_name}}：本机关作出{{ decision_no }}决定。", &values),
            Ok("阳光市慈善协会：本机关作出阳民罚〔2026〕12号决定。".into())
        );
        assert_eq!(
            render("{{party_name}}{{hearing_deadline}}{{penalty}}{{penalty}}", &values),
            Err(TemplateError::Missing(vec!["hearing_deadline".into(), "penalty".into()]))
        );
    }

    #[test]
    fn the_signature_block_follows_the_rule_line() {
        let (text, sig) = split_signature("第一段\n第二段\n\n---\n阳光市民政局\n〔印章〕\n\n二〇二六年十二月七日\n");
        assert_eq!(text, "第一段\n第二段");
        assert_eq!(sig, vec!["阳光市民政局", "〔印章〕", "二〇二六年十二月七日"]);
        assert_eq!(split_signature("只有正文").1, Vec::<String>::new());
    }
}
