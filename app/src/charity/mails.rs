//! The mail of charity supervision: the daily job's notice of disclosures
//! past their deadline (texts `mail_charity_*`).

use crate::mail::letter;

/// Disclosures of a charity found past their deadline today.
#[derive(Clone, Debug)]
pub struct DisclosuresOverdue {
    pub bureau: String,
    pub org: String,
    /// The disclosures, one line each (written by the job).
    pub items: String,
    /// The public address of the site.
    pub url: String,
}

letter!(DisclosuresOverdue, MAIL_CHARITY_OVERDUE_SUBJECT, MAIL_CHARITY_OVERDUE_BODY, [bureau, org, items, url]);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::{assert_renders, render, MAIL_LANG};

    fn sample() -> DisclosuresOverdue {
        DisclosuresOverdue {
            bureau: "阳光市民政局".into(),
            org: "阳光市慈善基金会".into(),
            items: "· 2025年度工作报告和财务会计报告，应于 2026-05-31 前公开\n· 募捐方案 M2026001 第2期定期公开，应于 2026-09-30 前公开".into(),
            url: "http://127.0.0.1:3000".into(),
        }
    }

    #[test]
    fn every_letter_renders_in_both_languages() {
        assert_renders(&sample());
    }

    #[test]
    fn chinese_text_is_that_of_before() {
        let l = sample();
        let bureau = &l.bureau;
        // The text of the job's `format!` before the letters.
        assert_eq!(
            render(MAIL_LANG, &l),
            (
                format!("【{bureau}】慈善信息公开已逾期"),
                format!(
                    "{}：\n\n贵单位下列信息公开已超过期限（《慈善组织信息公开办法》）：\n{}\n\n请尽快在门户中公开：{}/portal/charity\n\
                     逾期未公开将影响透明指数和风险等级，并可依照《慈善法》第一百一十条处理。\n\n{bureau}\n",
                    l.org, l.items, l.url
                ),
            )
        );
    }
}
