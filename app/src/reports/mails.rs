//! The mails of annual reports: the officer's return and conclusion, and the
//! daily job's reminders before and after the deadline (texts `mail_reports_*`).

use chrono::NaiveDate;

use crate::i18n::{k, Key};
use crate::mail::{letter, Letter};

/// A report returned for changes, with the officer's comment.
#[derive(Clone, Debug)]
pub struct ReportReturned {
    pub bureau: String,
    pub org: String,
    pub year: i32,
    pub comment: String,
    /// The report's page in the portal.
    pub link: String,
}

letter!(ReportReturned, MAIL_REPORTS_RETURNED_SUBJECT, MAIL_REPORTS_RETURNED_BODY, [bureau, org, year, comment, link]);

/// A report concluded, with the officer's comment.
#[derive(Clone, Debug)]
pub struct ReportConcluded {
    pub bureau: String,
    pub org: String,
    pub year: i32,
    /// The conclusion as a word (`conclusion_zh`).
    pub conclusion: String,
    pub comment: String,
    pub link: String,
}

letter!(
    ReportConcluded,
    MAIL_REPORTS_CONCLUDED_SUBJECT,
    MAIL_REPORTS_CONCLUDED_BODY,
    [bureau, org, year, conclusion, comment, link]
);

/// A report concluded without a comment (the Chinese body keeps the empty
/// line where the comment would be, as it always had).
#[derive(Clone, Debug)]
pub struct ReportConcludedBare {
    pub bureau: String,
    pub org: String,
    pub year: i32,
    pub conclusion: String,
    pub link: String,
}

letter!(
    ReportConcludedBare,
    MAIL_REPORTS_CONCLUDED_BARE_SUBJECT,
    MAIL_REPORTS_CONCLUDED_BARE_BODY,
    [bureau, org, year, conclusion, link]
);

/// A report the supervisory unit returned at its first review (初审), with
/// the unit's reason.
#[derive(Clone, Debug)]
pub struct ReportReturnedByUnit {
    pub unit: String,
    pub org: String,
    pub year: i32,
    pub comment: String,
    pub link: String,
    pub bureau: String,
}

letter!(
    ReportReturnedByUnit,
    MAIL_REPORTS_UNIT_RETURNED_SUBJECT,
    MAIL_REPORTS_UNIT_RETURNED_BODY,
    [unit, org, year, comment, link, bureau]
);

/// A report submitted by an organization of a supervisory unit, waiting for
/// the unit's first review (one mail a submission, to the unit's addresses).
#[derive(Clone, Debug)]
pub struct ReportWaitsForUnit {
    pub unit: String,
    pub org: String,
    pub year: i32,
    /// The report's page in the unit's pages.
    pub link: String,
    pub bureau: String,
}

letter!(
    ReportWaitsForUnit,
    MAIL_REPORTS_UNIT_WAITING_SUBJECT,
    MAIL_REPORTS_UNIT_WAITING_BODY,
    [unit, org, year, link, bureau]
);

/// What a reminder of the daily job says: the report of `year` due on `deadline`.
#[derive(Clone, Debug)]
pub struct Reminder {
    pub bureau: String,
    pub org: String,
    pub year: i32,
    pub deadline: NaiveDate,
    pub link: String,
}

impl Reminder {
    fn values(&self) -> Vec<(&'static str, String)> {
        vec![
            ("bureau", self.bureau.clone()),
            ("org", self.org.clone()),
            ("year", self.year.to_string()),
            ("deadline", self.deadline.to_string()),
            ("link", self.link.clone()),
        ]
    }
}

/// A reminder before the deadline (30 and 7 days before it).
#[derive(Clone, Debug)]
pub struct ReportDue(pub Reminder);

impl Letter for ReportDue {
    const SUBJECT: Key = k::MAIL_REPORTS_REMINDER_SUBJECT;
    const BODY: Key = k::MAIL_REPORTS_REMINDER_BODY;
    fn values(&self) -> Vec<(&'static str, String)> {
        self.0.values()
    }
}

/// The reminder the day after the deadline.
#[derive(Clone, Debug)]
pub struct ReportOverdue(pub Reminder);

impl Letter for ReportOverdue {
    const SUBJECT: Key = k::MAIL_REPORTS_OVERDUE_SUBJECT;
    const BODY: Key = k::MAIL_REPORTS_OVERDUE_BODY;
    fn values(&self) -> Vec<(&'static str, String)> {
        self.0.values()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::{assert_renders, render, MAIL_LANG};

    const BUREAU: &str = "阳光市民政局";
    const ORG: &str = "阳光市慈善协会";
    const LINK: &str = "http://127.0.0.1:3000/portal/reports/2025";

    fn returned() -> ReportReturned {
        ReportReturned {
            bureau: BUREAU.into(),
            org: ORG.into(),
            year: 2025,
            comment: "请补充财务报表。\n第二行".into(),
            link: LINK.into(),
        }
    }

    fn concluded(comment: &str) -> (String, String) {
        let (bureau, org, year, conclusion, link) = (BUREAU.to_string(), ORG.to_string(), 2025, "基本合格", LINK);
        let (conclusion, link) = (conclusion.to_string(), link.to_string());
        if comment.is_empty() {
            let l = ReportConcludedBare { bureau, org, year, conclusion, link };
            assert_renders(&l);
            render(MAIL_LANG, &l)
        } else {
            let l = ReportConcluded { bureau, org, year, conclusion, comment: comment.into(), link };
            assert_renders(&l);
            render(MAIL_LANG, &l)
        }
    }

    fn reminder() -> Reminder {
        Reminder {
            bureau: BUREAU.into(),
            org: ORG.into(),
            year: 2025,
            deadline: NaiveDate::from_ymd_opt(2026, 5, 31).unwrap(),
            link: LINK.into(),
        }
    }

    #[test]
    fn every_letter_renders_in_both_languages() {
        assert_renders(&returned());
        concluded("账目不清");
        concluded("");
        assert_renders(&ReportDue(reminder()));
        assert_renders(&ReportOverdue(reminder()));
        let (unit, org, link, bureau) = ("市教育局".to_string(), ORG.to_string(), LINK.to_string(), BUREAU.to_string());
        let comment = "请补充理事会记录。".to_string();
        assert_renders(&ReportReturnedByUnit {
            unit: unit.clone(),
            org: org.clone(),
            year: 2025,
            comment,
            link: link.clone(),
            bureau: bureau.clone(),
        });
        assert_renders(&ReportWaitsForUnit { unit, org, year: 2025, link, bureau });
    }

    /// Each letter against the `format!` of the service and the job before the letters.
    #[test]
    fn chinese_texts_are_those_of_before() {
        let r = returned();
        let (year, comment, link) = (r.year, &r.comment, LINK);
        assert_eq!(
            render(MAIL_LANG, &r),
            (
                format!("【{}】{year}年度工作报告已退回修改", BUREAU),
                format!(
                    "{}：\n\n贵单位提交的{year}年度工作报告需要修改后重新提交。\n\n登记管理机关意见：\n{comment}\n\n请登录系统修改：{link}\n\n{}\n",
                    ORG, BUREAU
                ),
            )
        );

        for comment in ["账目不清", ""] {
            let zh = "基本合格";
            assert_eq!(
                concluded(comment),
                (
                    format!("【{}】{year}年度检查结论：{zh}", BUREAU),
                    format!(
                        "{}：\n\n贵单位{year}年度工作报告的检查结论为：{zh}。\n{}\n\n详情：{link}\n\n{}\n",
                        ORG,
                        if comment.is_empty() { String::new() } else { format!("说明：{comment}") },
                        BUREAU
                    ),
                )
            );
        }

        let (name, bureau, deadline) = (ORG, BUREAU, reminder().deadline);
        assert_eq!(
            render(MAIL_LANG, &ReportOverdue(reminder())),
            (
                format!("【{bureau}】{year}年度工作报告已逾期未报"),
                format!(
                    "{name}：\n\n贵单位{year}年度工作报告的报送截止日期为{deadline}，至今尚未提交。\
                     未按时报送将依照《社会组织信用信息管理办法》列入活动异常名录。请尽快登录系统填报：{link}\n\n{bureau}\n"
                ),
            )
        );
        assert_eq!(
            render(MAIL_LANG, &ReportDue(reminder())),
            (
                format!("【{bureau}】请于{deadline}前报送{year}年度工作报告"),
                format!(
                    "{name}：\n\n贵单位{year}年度工作报告的报送截止日期为{deadline}，目前尚未提交。请登录系统填报：{link}\n\n{bureau}\n"
                ),
            )
        );
    }
}
