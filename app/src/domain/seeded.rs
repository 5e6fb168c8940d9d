//! Names the system itself seeds or defines, in both languages (issue 17):
//! the rating sheets (`rating_sheet`, `rating_item`, migration 6), the lottery
//! grading sheet (`lottery_sheet`, `lottery_sheet_item`, migration 8), the work
//! plan's dashboard targets (`dashboard::WORK_PLAN`), the standard inspection
//! checklist (`INSPECTION_ITEMS`, the campaign form's default) and the city's
//! districts (`Settings::districts`' default).
//!
//! The rows keep their Chinese name, which is the key here: a page shows
//! `name_in(lang, stored)`, the English name in English when the stored name is
//! one the system seeded, and the stored name otherwise, so what people typed
//! (a custom checklist item, a target of their own, a configured district)
//! stays as typed.

use std::borrow::Cow;

use crate::i18n::Lang;

/// The default checklist of an inspection campaign, one item a line.
pub const INSPECTION_ITEMS: [&str; 5] = ["年度报告", "信息公开", "内部治理", "财务管理", "业务活动"];

/// The work plan's target names.
const TARGETS: &[(&str, &str)] = &[
    ("年检参检率", "Annual inspection participation"),
    ("等级评估覆盖面", "Rating coverage"),
    ("3A以上社会组织占比", "Share of organizations rated 3A or above"),
    ("新增4A以上社会组织", "New organizations rated 4A or above"),
    ("“双随机”抽查社会组织", "Organizations inspected by double-random draw"),
    ("法人治理健全的社会组织占比", "Share of organizations with sound governance"),
    ("福利彩票销售网点", "Welfare lottery outlets"),
];

/// The standard inspection checklist.
const CHECKLIST: &[(&str, &str)] = &[
    ("年度报告", "Annual report"),
    ("信息公开", "Information disclosure"),
    ("内部治理", "Internal governance"),
    ("财务管理", "Financial management"),
    ("业务活动", "Activities"),
];

/// The city's districts (the default of `DISTRICTS`).
const DISTRICTS: &[(&str, &str)] = &[
    ("福田区", "Futian District"),
    ("罗湖区", "Luohu District"),
    ("南山区", "Nanshan District"),
    ("盐田区", "Yantian District"),
    ("宝安区", "Bao'an District"),
    ("龙岗区", "Longgang District"),
    ("龙华区", "Longhua District"),
    ("坪山区", "Pingshan District"),
    ("光明区", "Guangming District"),
    ("大鹏新区", "Dapeng New District"),
];

/// The rating sheets: titles, groups and items.
const RATING: &[(&str, &str)] = &[
    ("社会团体评估指标（2026版）", "Rating indicators for social groups (2026)"),
    ("社会服务机构评估指标（2026版）", "Rating indicators for social service organizations (2026)"),
    ("基金会评估指标（2026版）", "Rating indicators for foundations (2026)"),
    ("基础条件", "Basic conditions"),
    ("法人资格", "Legal personality"),
    ("章程", "Articles of association"),
    ("登记和备案", "Registration and filing"),
    ("年度检查", "Annual inspection"),
    ("内部治理", "Internal governance"),
    ("发展规划", "Development planning"),
    ("会员（代表）大会、理事会、监事（会）", "General assembly, council and supervisors"),
    ("理事会、监事（会）", "Council and supervisors"),
    ("人力资源", "Human resources"),
    ("党建工作", "Party building"),
    ("财务资产管理", "Finance and assets"),
    ("档案和证章管理", "Records, certificates and seals"),
    ("工作绩效", "Performance"),
    ("提供服务", "Services provided"),
    ("反映诉求", "Voicing members' concerns"),
    ("规范行为", "Self-regulation"),
    ("信息公开与宣传", "Disclosure and publicity"),
    ("特色工作", "Distinctive work"),
    ("社会评价", "Public evaluation"),
    ("会员评价", "Members' evaluation"),
    ("管理部门评价", "Evaluation by the authorities"),
    ("业务活动和诚信建设", "Activities and integrity"),
    ("业务活动", "Activities"),
    ("服务质量", "Service quality"),
    ("诚信建设", "Integrity"),
    ("信息公开", "Information disclosure"),
    ("服务对象评价", "Clients' evaluation"),
    ("公益项目", "Charitable projects"),
    ("公益支出", "Charitable spending"),
    ("社会影响", "Social impact"),
    ("捐赠人和受益人评价", "Donors' and beneficiaries' evaluation"),
];

/// The lottery grading sheet: title and items.
const LOTTERY: &[(&str, &str)] = &[
    ("福彩销售网点星级评定评分表（2026版）", "Star grading sheet of welfare lottery outlets (2026)"),
    (
        "合规经营（无违规销售、代销证亮证、专营福彩）",
        "Compliance (no prohibited sales, licence displayed, welfare lottery only)",
    ),
    (
        "规范化形象与设施（店招、走势图、警示标语、开奖公告）",
        "Standard image and fittings (sign, trend charts, warnings, draw results)",
    ),
    ("年度销量（对比本区网点平均）", "Annual sales (against the district's average outlet)"),
    ("服务质量（兑奖、营业时间、暗访）", "Service (prize payment, opening hours, mystery visits)"),
    ("安全设施（终端保管、现金、监控）", "Security (terminal, cash, cameras)"),
    ("培训（销售员参训、考核）", "Training (sellers trained and tested)"),
    ("投诉处理（有效投诉与办结）", "Complaints (valid complaints and their handling)"),
];

const TABLES: [&[(&str, &str)]; 6] =
    [TARGETS, CHECKLIST, DISTRICTS, RATING, LOTTERY, &crate::domain::trade::FEE_CHECKLIST];

/// The English name of a seeded Chinese name, if it is one.
pub fn english(zh: &str) -> Option<&'static str> {
    let zh = zh.trim();
    TABLES.iter().flat_map(|t| t.iter()).find(|(z, _)| *z == zh).map(|(_, en)| *en)
}

/// The stored name as shown in `lang`: the English name of a seeded row in
/// English, the stored name otherwise.
pub fn name_in(lang: Lang, stored: &str) -> Cow<'_, str> {
    match lang {
        Lang::En => english(stored).map(Cow::Borrowed).unwrap_or(Cow::Borrowed(stored)),
        Lang::Zh => Cow::Borrowed(stored),
    }
}

/// [`name_in`] in the page's language.
pub fn shown(stored: &str) -> String {
    name_in(crate::i18n::use_lang(), stored).into_owned()
}

/// A checklist line as stored: a standard item typed (or left) in English is
/// stored under its Chinese name, so both languages show it in their own.
pub fn checklist_stored(line: &str) -> &str {
    let line = line.trim();
    CHECKLIST.iter().find(|(_, en)| en.eq_ignore_ascii_case(line)).map(|(zh, _)| *zh).unwrap_or(line)
}

/// The default checklist in `lang`, one item a line (the campaign form's
/// initial value).
pub fn default_checklist(lang: Lang) -> String {
    INSPECTION_ITEMS.iter().map(|i| name_in(lang, i)).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_seeded_name_has_one_english_name() {
        for (name, _, _) in crate::domain::dashboard::WORK_PLAN {
            assert!(english(name).is_some(), "work-plan target {name}");
        }
        for item in INSPECTION_ITEMS {
            assert!(english(item).is_some(), "checklist item {item}");
        }
        #[cfg(feature = "ssr")]
        for d in crate::state::Settings::default().districts {
            assert!(english(&d).is_some(), "district {d}");
        }
        // A name seeded twice (信息公开 in the checklist and a rating sheet)
        // has the same English both times.
        let all: Vec<_> = TABLES.iter().flat_map(|t| t.iter()).collect();
        for (zh, en) in &all {
            assert!(all.iter().all(|(z, e)| z != zh || e == en), "{zh}");
            assert!(!en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{en}");
        }
    }

    #[test]
    fn typed_names_stay_as_typed() {
        assert_eq!(name_in(Lang::En, "南山区"), "Nanshan District");
        assert_eq!(name_in(Lang::Zh, "南山区"), "南山区");
        assert_eq!(name_in(Lang::En, "消防安全"), "消防安全");
        assert_eq!(checklist_stored(" Annual report "), "年度报告");
        assert_eq!(checklist_stored("Fire safety"), "Fire safety");
        assert_eq!(default_checklist(Lang::Zh), "年度报告\n信息公开\n内部治理\n财务管理\n业务活动");
        assert!(default_checklist(Lang::En).starts_with("Annual report\nInformation disclosure"));
    }
}
