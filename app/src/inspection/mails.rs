//! The mail of double-random inspections (texts `mail_inspection_*`): an
//! inspector's list of targets after the draw, sent with the list as a CSV
//! attachment; and to each drawn organization with a contact e-mail, the
//! inspection notice (检查通知书) at the draw, then at publication its result,
//! or for "rectify" the rectification notice (整改通知书) with its deadline.

use crate::mail::letter;

/// An inspector's list of targets in a campaign.
#[derive(Clone, Debug)]
pub struct InspectionList {
    /// The inspector's name.
    pub name: String,
    pub campaign: String,
    /// The inspection period, first and last day.
    pub from: String,
    pub to: String,
    /// How many targets the inspector has.
    pub n: usize,
    /// The targets, one numbered entry each (written by the caller, as in the CSV).
    pub lines: String,
    /// The items to inspect, joined.
    pub items: String,
    /// The public address of the site (no trailing slash).
    pub url: String,
    pub bureau: String,
}

letter!(
    InspectionList,
    MAIL_INSPECTION_LIST_SUBJECT,
    MAIL_INSPECTION_LIST_BODY,
    [name, campaign, from, to, n, lines, items, url, bureau]
);

/// A joint campaign's list for a partner department's contact (联合抽查):
/// the targets its inspectors inspect, with the CSV attachment.
#[derive(Clone, Debug)]
pub struct DepartmentList {
    /// The department's name.
    pub department: String,
    pub campaign: String,
    pub from: String,
    pub to: String,
    /// How many targets the department's inspectors have.
    pub n: usize,
    /// The targets, one numbered entry each (as in the CSV).
    pub lines: String,
    pub items: String,
    pub url: String,
    pub bureau: String,
}

letter!(
    DepartmentList,
    MAIL_JOINT_LIST_SUBJECT,
    MAIL_JOINT_LIST_BODY,
    [department, campaign, from, to, n, lines, items, url, bureau]
);

/// The inspection notice (检查通知书) to a drawn organization.
#[derive(Clone, Debug)]
pub struct InspectionNotice {
    /// The organization's name and credit code.
    pub org: String,
    pub code: String,
    pub campaign: String,
    pub campaign_id: i64,
    /// The inspection period, first and last day.
    pub from: String,
    pub to: String,
    /// The items to inspect, one numbered line each.
    pub items: String,
    /// The public address of the site (no trailing slash).
    pub url: String,
    pub bureau: String,
    /// The day of the notice (the draw's).
    pub date: String,
}

letter!(
    InspectionNotice,
    MAIL_INSPECTION_NOTICE_SUBJECT,
    MAIL_INSPECTION_NOTICE_BODY,
    [org, code, campaign, campaign_id, from, to, items, url, bureau, date]
);

/// A published result without a rectification: no problem found, or referred
/// for a penalty.
#[derive(Clone, Debug)]
pub struct InspectionResult {
    pub org: String,
    pub campaign: String,
    pub campaign_id: i64,
    pub inspected_on: String,
    pub published_on: String,
    /// The outcome as the pages name it (`insp_outcome_*`, in the mail's language).
    pub outcome: String,
    /// The findings, or "—" when there are none.
    pub findings: String,
    pub url: String,
    pub bureau: String,
}

letter!(
    InspectionResult,
    MAIL_INSPECTION_RESULT_SUBJECT,
    MAIL_INSPECTION_RESULT_BODY,
    [org, campaign, campaign_id, inspected_on, published_on, outcome, findings, url, bureau]
);

/// The rectification notice (整改通知书): a published "rectify" result with its
/// findings and the deadline.
#[derive(Clone, Debug)]
pub struct RectificationNotice {
    pub org: String,
    pub code: String,
    pub campaign: String,
    pub campaign_id: i64,
    pub inspected_on: String,
    pub published_on: String,
    pub findings: String,
    /// The deadline, and the days it gives (`INSPECTION_RECTIFY_DAYS`).
    pub due: String,
    pub days: u32,
    pub url: String,
    pub bureau: String,
}

letter!(
    RectificationNotice,
    MAIL_INSPECTION_RECTIFY_SUBJECT,
    MAIL_INSPECTION_RECTIFY_BODY,
    [org, code, campaign, campaign_id, inspected_on, published_on, findings, due, days, url, bureau]
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::{assert_renders, render, MAIL_LANG};

    fn sample() -> InspectionList {
        InspectionList {
            name: "李四".into(),
            campaign: "2026年度社会组织双随机抽查".into(),
            from: "2026-09-01".into(),
            to: "2026-10-31".into(),
            n: 2,
            lines: "1. 阳光市慈善协会（51110000MJ0000000X）\n   住所：人民路1号（东区）\n   联系人：王五 13800000000\n   同组检查人员：赵六（民政局）\n".into(),
            items: "年度报告；财务状况".into(),
            url: "http://127.0.0.1:3000".into(),
            bureau: "阳光市民政局".into(),
        }
    }

    fn notice() -> InspectionNotice {
        InspectionNotice {
            org: "阳光市慈善协会".into(),
            code: "51440300MJ0000000X".into(),
            campaign: "2026年度社会组织双随机抽查".into(),
            campaign_id: 7,
            from: "2026-09-01".into(),
            to: "2026-10-31".into(),
            items: "1. 年度报告\n2. 财务管理".into(),
            url: "http://127.0.0.1:3000".into(),
            bureau: "阳光市民政局".into(),
            date: "2026-08-25".into(),
        }
    }

    fn rectify() -> RectificationNotice {
        RectificationNotice {
            org: "阳光市慈善协会".into(),
            code: "51440300MJ0000000X".into(),
            campaign: "2026年度社会组织双随机抽查".into(),
            campaign_id: 7,
            inspected_on: "2026-09-10".into(),
            published_on: "2026-10-09".into(),
            findings: "财务制度不健全，未按期换届".into(),
            due: "2026-11-08".into(),
            days: 30,
            url: "http://127.0.0.1:3000".into(),
            bureau: "阳光市民政局".into(),
        }
    }

    #[test]
    fn every_letter_renders_in_both_languages() {
        assert_renders(&sample());
        assert_renders(&notice());
        assert_renders(&rectify());
        assert_renders(&InspectionResult {
            org: "阳光市慈善协会".into(),
            campaign: "2026年度社会组织双随机抽查".into(),
            campaign_id: 7,
            inspected_on: "2026-09-10".into(),
            published_on: "2026-10-09".into(),
            outcome: "未发现问题".into(),
            findings: "—".into(),
            url: "http://127.0.0.1:3000".into(),
            bureau: "阳光市民政局".into(),
        });
    }

    #[test]
    fn the_notices_say_what_the_organization_must_know() {
        let (subject, body) = render(MAIL_LANG, &notice());
        assert_eq!(subject, "【阳光市民政局】检查通知书：2026年度社会组织双随机抽查");
        for part in
            ["阳光市慈善协会", "51440300MJ0000000X", "2026-09-01 至 2026-10-31", "1. 年度报告\n2. 财务管理", "请准备"]
        {
            assert!(body.contains(part), "{part} in {body}");
        }
        assert!(body.contains("http://127.0.0.1:3000/public/inspections/7"), "{body}");
        let (subject, body) = render(MAIL_LANG, &rectify());
        assert_eq!(subject, "【阳光市民政局】整改通知书：2026年度社会组织双随机抽查");
        for part in ["财务制度不健全，未按期换届", "2026-11-08", "30", "http://127.0.0.1:3000/portal/rectifications"]
        {
            assert!(body.contains(part), "{part} in {body}");
        }
    }

    #[test]
    fn chinese_text_is_that_of_before() {
        let l = sample();
        let (subject, body) = render(MAIL_LANG, &l);
        // The text `list_mail` wrote with `format!` before the letters.
        let (lines, items) = (&l.lines, &l.items);
        let period = format!("{} 至 {}", l.from, l.to);
        let old_body = format!(
            "{name}：\n\n您已被随机抽取参加“{campaign}”（{period}）的检查，共 {n} 个检查对象，名单如下，并附 CSV 文件（可用 Excel 打开）。\n\n\
             {lines}\n抽查事项：{items}\n\n请按规定两人以上共同检查，出示执法证件和检查通知书；与检查对象有利害关系的，请及时申请回避。\n\
             检查后请登录 {url}/inspector 录入检查结果，并由同组检查人员共同确认。\n\n{bureau}",
            name = l.name,
            campaign = l.campaign,
            n = l.n,
            url = l.url,
            bureau = l.bureau,
        );
        assert_eq!(subject, format!("【双随机抽查】{}：您的检查对象名单（{} 个）", l.campaign, l.n));
        assert_eq!(body, old_body);
    }
}
