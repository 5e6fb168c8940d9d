//! The mail of double-random inspections: an inspector's list of targets
//! after the draw, sent with the list as a CSV attachment (texts
//! `mail_inspection_*`).

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

    #[test]
    fn every_letter_renders_in_both_languages() {
        assert_renders(&sample());
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
