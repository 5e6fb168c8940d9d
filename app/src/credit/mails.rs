//! The mails of credit supervision: the notice to a suspected “zombie”
//! organization and the decision on a credit repair (texts `mail_credit_*`).

use crate::mail::letter;

/// The notice to explain its activities by `respond_by`.
#[derive(Clone, Debug)]
pub struct ZombieNotice {
    pub bureau: String,
    pub org: String,
    /// The criteria met, as a phrase (`criteria_zh`).
    pub criteria: String,
    pub respond_by: String,
    /// The public address of the site.
    pub url: String,
}

letter!(
    ZombieNotice,
    MAIL_CREDIT_ZOMBIE_NOTICE_SUBJECT,
    MAIL_CREDIT_ZOMBIE_NOTICE_BODY,
    [bureau, org, criteria, respond_by, url]
);

/// A repair approved: the entry listed for `reason` was removed on `date`.
#[derive(Clone, Debug)]
pub struct RepairApproved {
    pub bureau: String,
    pub org: String,
    /// Why the organization was listed (`reason_zh`).
    pub reason: String,
    pub date: String,
}

letter!(
    RepairApproved,
    MAIL_CREDIT_REPAIR_APPROVED_SUBJECT,
    MAIL_CREDIT_REPAIR_APPROVED_BODY,
    [bureau, org, reason, date]
);

/// A repair refused, for `reason` (the officer's).
#[derive(Clone, Debug)]
pub struct RepairRefused {
    pub bureau: String,
    pub org: String,
    pub reason: String,
}

letter!(RepairRefused, MAIL_CREDIT_REPAIR_REFUSED_SUBJECT, MAIL_CREDIT_REPAIR_REFUSED_BODY, [bureau, org, reason]);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::{assert_renders, render, MAIL_LANG};

    const BUREAU: &str = "阳光市民政局";
    const ORG: &str = "阳光市慈善协会";
    const URL: &str = "http://127.0.0.1:3000";

    fn zombie() -> ZombieNotice {
        ZombieNotice {
            bureau: BUREAU.into(),
            org: ORG.into(),
            criteria: "连续两年未报送年度工作报告、无法取得联系".into(),
            respond_by: "2026-12-31".into(),
            url: URL.into(),
        }
    }

    fn approved() -> RepairApproved {
        RepairApproved {
            bureau: BUREAU.into(),
            org: ORG.into(),
            reason: "未按规定报送年度工作报告".into(),
            date: "2026-12-02".into(),
        }
    }

    fn refused() -> RepairRefused {
        RepairRefused { bureau: BUREAU.into(), org: ORG.into(), reason: "整改材料不全".into() }
    }

    #[test]
    fn every_letter_renders_in_both_languages() {
        assert_renders(&zombie());
        assert_renders(&approved());
        assert_renders(&refused());
    }

    /// Each letter against the `format!` of the service before the letters.
    #[test]
    fn chinese_texts_are_those_of_before() {
        let z = zombie();
        let by = &z.respond_by;
        assert_eq!(
            render(MAIL_LANG, &z),
            (
                format!("【{}】关于限期说明活动情况的通知", BUREAU),
                format!(
                    "{}：\n\n经核查，贵单位存在{}等情形，涉嫌长期未开展活动（“僵尸型”社会组织）。请于{by}前登录系统说明情况并报送相关材料：\
                     {}/portal/credit\n逾期未说明的，本机关将依法作出撤销登记等处理。本通知同时在本机关网站公告。\n\n{}\n",
                    ORG, z.criteria, URL, BUREAU
                ),
            )
        );
        let a = approved();
        let today = &a.date;
        assert_eq!(
            render(MAIL_LANG, &a),
            (
                format!("【{}】信用修复申请已通过", BUREAU),
                format!("{}：\n\n贵单位因“{}”被列入信用名单的记录已于{today}移出。\n\n{}\n", ORG, a.reason, BUREAU),
            )
        );
        let r = refused();
        assert_eq!(
            render(MAIL_LANG, &r),
            (
                format!("【{}】信用修复申请未通过", BUREAU),
                format!("{}：\n\n贵单位的信用修复申请未予通过，理由：{}\n\n{}\n", ORG, r.reason, BUREAU),
            )
        );
    }
}
