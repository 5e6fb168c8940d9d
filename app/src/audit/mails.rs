//! The mail of the audit trail: the chain's heads the daily job published,
//! sent to every administrator (texts `mail_audit_*`), so a copy of each head
//! is kept outside the database.

use crate::mail::letter;

/// The heads published today, one line each (`DAY:LAST_SEQ:RECORDS:CHAIN_VALUE`).
#[derive(Clone, Debug)]
pub struct DayHeadsPublished {
    pub bureau: String,
    /// The days, as `YYYY-MM-DD` (or the first and last joined by ` – `).
    pub days: String,
    pub heads: String,
    /// The public address of the site.
    pub url: String,
}

letter!(DayHeadsPublished, MAIL_AUDIT_HEADS_SUBJECT, MAIL_AUDIT_HEADS_BODY, [bureau, days, heads, url]);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::assert_renders;

    #[test]
    fn every_letter_renders_in_both_languages() {
        assert_renders(&DayHeadsPublished {
            bureau: "阳光市民政局".into(),
            days: "2026-11-23".into(),
            heads: format!("2026-11-23:1234:56:{}", "ab".repeat(32)),
            url: "http://127.0.0.1:3000".into(),
        });
    }
}
