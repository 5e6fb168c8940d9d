//! The mail of complaints, to a reporter who gave an e-mail address: the
//! receipt (the tracking number and the reply's due date, never the code) and
//! the reply (texts `mail_complaint_*`).

use crate::mail::letter;

/// A report was received.
#[derive(Clone, Debug)]
pub struct ComplaintReceived {
    pub bureau: String,
    pub number: String,
    pub due: String,
    /// The public address of the site.
    pub url: String,
}

letter!(ComplaintReceived, MAIL_COMPLAINT_RECEIVED_SUBJECT, MAIL_COMPLAINT_RECEIVED_BODY, [bureau, number, due, url]);

/// The bureau answered a report.
#[derive(Clone, Debug)]
pub struct ComplaintReplied {
    pub bureau: String,
    pub number: String,
    pub reply: String,
    pub url: String,
}

letter!(ComplaintReplied, MAIL_COMPLAINT_REPLIED_SUBJECT, MAIL_COMPLAINT_REPLIED_BODY, [bureau, number, reply, url]);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::{assert_renders, render, MAIL_LANG};

    #[test]
    fn every_letter_renders_in_both_languages() {
        let bureau = "阳光市民政局".to_string();
        let url = "http://127.0.0.1:3000".to_string();
        assert_renders(&ComplaintReceived {
            bureau: bureau.clone(),
            number: "TS2026-000123".into(),
            due: "2026-12-28".into(),
            url: url.clone(),
        });
        let replied = ComplaintReplied {
            bureau,
            number: "TS2026-000123".into(),
            reply: "经核查，情况属实，已责令整改。".into(),
            url,
        };
        assert_renders(&replied);
        let (subject, body) = render(MAIL_LANG, &replied);
        assert_eq!(subject, "【阳光市民政局】您的投诉举报 TS2026-000123 已答复");
        assert!(body.contains("经核查，情况属实，已责令整改。") && body.contains("/public/report/status"), "{body}");
    }
}
