//! The mail of charitable trusts: the daily job's notice of a yearly report
//! past its deadline (texts `mail_trust_overdue_*`), to the trustee (a
//! charity's addresses, a trust company's contact e-mail from its filing).

use crate::mail::letter;

/// A trust's yearly reports found past their deadline today.
#[derive(Clone, Debug)]
pub struct ReportOverdue {
    pub bureau: String,
    pub trustee: String,
    pub trust: String,
    pub filing_no: String,
    /// The years, separated by "、".
    pub years: String,
    pub due: String,
    pub url: String,
}

letter!(
    ReportOverdue,
    MAIL_TRUST_OVERDUE_SUBJECT,
    MAIL_TRUST_OVERDUE_BODY,
    [bureau, trustee, trust, filing_no, years, due, url]
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::{assert_renders, render, MAIL_LANG};

    #[test]
    fn the_notice_renders_in_both_languages_with_the_trust_and_the_years() {
        let l = ReportOverdue {
            bureau: "阳光市民政局".into(),
            trustee: "阳光市慈善基金会".into(),
            trust: "阳光助学慈善信托".into(),
            filing_no: "慈信备2025第0001号".into(),
            years: "2025".into(),
            due: "2026-03-31".into(),
            url: "http://127.0.0.1:3000".into(),
        };
        assert_renders(&l);
        let (subject, body) = render(MAIL_LANG, &l);
        assert!(subject.contains("阳光市民政局"), "{subject}");
        assert!(body.contains("慈信备2025第0001号") && body.contains("2025") && body.contains("2026-03-31"), "{body}");
    }
}
