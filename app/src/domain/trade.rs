//! Trade associations and chambers of commerce (行业协会商会, issue 21): who may
//! be one, their sectors, and the checks on their conduct — fees charged to
//! enterprises (涉企收费), branches and representative offices (分支机构、代表机构),
//! awards and commendations (评比表彰) and forums (论坛、研讨会). Each violated
//! rule is an anomaly named by its message key.
//!
//! Sources: 社会团体登记管理条例 §17 (a branch has no legal personality, may not
//! set up branches of its own; no regional branches); 民发〔2014〕38号 (a
//! branch's name begins with its social group's full name: a setting,
//! `TRADE_BRANCH_NAME_PREFIX`, since the rule is recalled, not read);
//! 发改经体〔2020〕1874号 and Beijing's 涉企收费 special check (no compulsory
//! membership or charges, fees published, each fee with its basis, no charges
//! for awards, commendations or inspections); 评比达标表彰活动管理办法 (an award
//! needs the approving authority's approval and charges nothing); forums are
//! approved or filed with their approving body before they are held.

use serde::{Deserialize, Serialize};

use super::org_type::OrgType;

/// A sector (行业门类) of GB/T 4754-2017: code, Chinese name, English name.
pub const SECTORS: [(&str, &str, &str); 20] = [
    ("A", "农、林、牧、渔业", "Agriculture, forestry, animal husbandry and fishery"),
    ("B", "采矿业", "Mining"),
    ("C", "制造业", "Manufacturing"),
    ("D", "电力、热力、燃气及水生产和供应业", "Electricity, heat, gas and water supply"),
    ("E", "建筑业", "Construction"),
    ("F", "批发和零售业", "Wholesale and retail trade"),
    ("G", "交通运输、仓储和邮政业", "Transport, storage and postal services"),
    ("H", "住宿和餐饮业", "Accommodation and catering"),
    ("I", "信息传输、软件和信息技术服务业", "Information transmission, software and IT services"),
    ("J", "金融业", "Finance"),
    ("K", "房地产业", "Real estate"),
    ("L", "租赁和商务服务业", "Leasing and business services"),
    ("M", "科学研究和技术服务业", "Scientific research and technical services"),
    ("N", "水利、环境和公共设施管理业", "Water, environment and public facilities management"),
    ("O", "居民服务、修理和其他服务业", "Resident services, repair and other services"),
    ("P", "教育", "Education"),
    ("Q", "卫生和社会工作", "Health and social work"),
    ("R", "文化、体育和娱乐业", "Culture, sports and entertainment"),
    ("S", "公共管理、社会保障和社会组织", "Public administration, social security and social organizations"),
    ("T", "国际组织", "International organizations"),
];

/// The stored code of a sector given as its code (any case) or its Chinese name.
pub fn sector_code(raw: &str) -> Option<&'static str> {
    let raw = raw.trim();
    SECTORS.iter().find(|(c, zh, _)| c.eq_ignore_ascii_case(raw) || *zh == raw).map(|(c, _, _)| *c)
}

/// A sector's name in the language (`zh-CN` or `en`); the code itself when unknown.
pub fn sector_name(code: &str, en: bool) -> String {
    SECTORS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, zh, e)| if en { *e } else { *zh }.to_string())
        .unwrap_or_else(|| code.to_string())
}

/// Only a social group (社会团体) can be a trade association or chamber of
/// commerce; `None` when it may, else the message key.
pub fn may_be_trade_association(t: OrgType) -> Result<(), &'static str> {
    if t == OrgType::SocialGroup {
        Ok(())
    } else {
        Err("err_trade_not_group")
    }
}

/// The registry's field: empty (not a trade association) or a sector code;
/// the stored value or the message key.
pub fn check_trade_sector(raw: &str, t: Option<OrgType>) -> Result<Option<&'static str>, &'static str> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    let code = sector_code(raw).ok_or("err_trade_sector")?;
    if let Some(t) = t {
        may_be_trade_association(t)?;
    }
    Ok(Some(code))
}

/// The kinds of record, as stored and in URLs.
pub const KINDS: [&str; 4] = ["fee", "branch", "award", "forum"];

/// What a fee is charged for.
pub const FEE_KINDS: [&str; 7] = ["membership", "service", "training", "meeting", "award", "inspection", "other"];

/// A fee charged to enterprises (涉企收费) as filed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Fee {
    pub kind: String,
    pub basis: String,
    pub compulsory: bool,
    pub published: bool,
}

/// The anomalies of a fee, in a fixed order.
pub fn fee_anomalies(f: &Fee) -> Vec<&'static str> {
    let mut out = Vec::new();
    if f.compulsory {
        out.push("trade_anom_fee_compulsory");
    }
    if !f.published {
        out.push("trade_anom_fee_unpublished");
    }
    if f.basis.trim().is_empty() {
        out.push("trade_anom_fee_no_basis");
    }
    match f.kind.as_str() {
        "award" => out.push("trade_anom_fee_award"),
        "inspection" => out.push("trade_anom_fee_inspection"),
        _ => {}
    }
    out
}

/// The kinds of branch: 分支机构 and 代表机构.
pub const BRANCH_KINDS: [&str; 2] = ["branch", "office"];

/// A branch or representative office as filed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Branch {
    pub name: String,
    /// Set up for a region (地域性分支机构).
    pub regional: bool,
    /// Set up by one of the organization's branches rather than the organization.
    pub under_branch: bool,
}

/// The settings of the branch checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BranchRules {
    /// A branch's name begins with the organization's full name (民发〔2014〕38号, recalled).
    pub name_prefix: bool,
}

impl Default for BranchRules {
    fn default() -> Self {
        BranchRules { name_prefix: true }
    }
}

/// The anomalies of a branch of organization `org_name` of type `t`.
pub fn branch_anomalies(b: &Branch, org_name: &str, t: OrgType, rules: &BranchRules) -> Vec<&'static str> {
    let mut out = Vec::new();
    if b.regional && t == OrgType::SocialGroup {
        out.push("trade_anom_branch_regional");
    }
    if b.under_branch {
        out.push("trade_anom_branch_nested");
    }
    if rules.name_prefix && !b.name.trim().starts_with(org_name.trim()) {
        out.push("trade_anom_branch_name");
    }
    out
}

/// An award or commendation (评比表彰) as filed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Award {
    pub approval_no: String,
    pub approved_by: String,
    pub fee_charged: bool,
}

pub fn award_anomalies(a: &Award) -> Vec<&'static str> {
    let mut out = Vec::new();
    if a.approval_no.trim().is_empty() || a.approved_by.trim().is_empty() {
        out.push("trade_anom_award_unapproved");
    }
    if a.fee_charged {
        out.push("trade_anom_award_fee");
    }
    out
}

/// A forum or seminar (论坛、研讨会) as filed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Forum {
    pub approval_ref: String,
}

pub fn forum_anomalies(f: &Forum) -> Vec<&'static str> {
    if f.approval_ref.trim().is_empty() {
        vec!["trade_anom_forum_unfiled"]
    } else {
        Vec::new()
    }
}

/// The checklist of the special check of fees charged to enterprises (涉企收费
/// 专项检查, after Beijing's items): Chinese as stored in a campaign's items,
/// English as shown (`domain::seeded`).
pub const FEE_CHECKLIST: [(&str, &str); 8] = [
    ("是否强制入会", "Compulsory membership"),
    ("是否强制收费", "Compulsory charges"),
    ("是否公示收费项目和标准", "Fee items and rates published"),
    ("收费是否有合法依据", "A lawful basis for each charge"),
    ("是否以评比表彰等名义收费", "Charges in the name of awards or commendations"),
    ("是否通过分支机构、代表机构收费", "Charges through branches or representative offices"),
    ("是否利用行政委托事项违规收费", "Irregular charges for tasks entrusted by government"),
    ("是否只收费不服务", "Charges without service"),
];

/// Every anomaly key, for the filters.
pub const ANOMALIES: [&str; 11] = [
    "trade_anom_fee_compulsory",
    "trade_anom_fee_unpublished",
    "trade_anom_fee_no_basis",
    "trade_anom_fee_award",
    "trade_anom_fee_inspection",
    "trade_anom_branch_regional",
    "trade_anom_branch_nested",
    "trade_anom_branch_name",
    "trade_anom_award_unapproved",
    "trade_anom_award_fee",
    "trade_anom_forum_unfiled",
];

/// The anomalies as stored: keys separated by commas.
pub fn join(keys: &[&str]) -> String {
    keys.join(",")
}

/// The stored anomalies back as keys.
pub fn split(stored: &str) -> Vec<String> {
    stored.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twenty_sectors_a_to_t() {
        let codes: String = SECTORS.iter().map(|s| s.0).collect();
        assert_eq!(codes, "ABCDEFGHIJKLMNOPQRST");
        assert_eq!(sector_code("c"), Some("C"));
        assert_eq!(sector_code("制造业"), Some("C"));
        assert_eq!(sector_code("U"), None);
        assert_eq!(sector_name("F", false), "批发和零售业");
        assert_eq!(sector_name("F", true), "Wholesale and retail trade");
    }

    #[test]
    fn only_social_groups_are_trade_associations() {
        assert_eq!(may_be_trade_association(OrgType::SocialGroup), Ok(()));
        assert_eq!(may_be_trade_association(OrgType::Foundation), Err("err_trade_not_group"));
        assert_eq!(may_be_trade_association(OrgType::SocialService), Err("err_trade_not_group"));
        assert_eq!(check_trade_sector("", Some(OrgType::Foundation)), Ok(None));
        assert_eq!(check_trade_sector("c", Some(OrgType::SocialGroup)), Ok(Some("C")));
        assert_eq!(check_trade_sector("C", Some(OrgType::Foundation)), Err("err_trade_not_group"));
        assert_eq!(check_trade_sector("Z", Some(OrgType::SocialGroup)), Err("err_trade_sector"));
    }

    #[test]
    fn fee_rules() {
        let ok =
            Fee {
                kind: "membership".into(), basis: "第三届会员大会决议".into(), compulsory: false, published: true
            };
        assert!(fee_anomalies(&ok).is_empty());
        let bad = Fee { kind: "award".into(), basis: " ".into(), compulsory: true, published: false };
        assert_eq!(
            fee_anomalies(&bad),
            vec![
                "trade_anom_fee_compulsory",
                "trade_anom_fee_unpublished",
                "trade_anom_fee_no_basis",
                "trade_anom_fee_award"
            ]
        );
        let inspection = Fee { kind: "inspection".into(), ..ok };
        assert_eq!(fee_anomalies(&inspection), vec!["trade_anom_fee_inspection"]);
    }

    #[test]
    fn branch_rules_of_article_17() {
        let org = "深圳市电子商会";
        let rules = BranchRules::default();
        let ok = Branch {
            name: "深圳市电子商会智能硬件专业委员会".into(), regional: false, under_branch: false
        };
        assert!(branch_anomalies(&ok, org, OrgType::SocialGroup, &rules).is_empty());
        let bad = Branch { name: "南山分会".into(), regional: true, under_branch: true };
        assert_eq!(
            branch_anomalies(&bad, org, OrgType::SocialGroup, &rules),
            vec!["trade_anom_branch_regional", "trade_anom_branch_nested", "trade_anom_branch_name"]
        );
        // The name rule is a setting.
        assert_eq!(
            branch_anomalies(&bad, org, OrgType::SocialGroup, &BranchRules { name_prefix: false }),
            vec!["trade_anom_branch_regional", "trade_anom_branch_nested"]
        );
    }

    #[test]
    fn awards_need_approval_and_charge_nothing() {
        let ok = Award {
            approval_no: "国评组函〔2025〕12号".into(),
            approved_by: "全国评比达标表彰工作协调小组".into(),
            fee_charged: false,
        };
        assert!(award_anomalies(&ok).is_empty());
        let bad = Award { approval_no: "".into(), approved_by: "某局".into(), fee_charged: true };
        assert_eq!(award_anomalies(&bad), vec!["trade_anom_award_unapproved", "trade_anom_award_fee"]);
    }

    #[test]
    fn forums_are_filed() {
        assert!(forum_anomalies(&Forum { approval_ref: "深民备〔2026〕3号".into() }).is_empty());
        assert_eq!(forum_anomalies(&Forum { approval_ref: " ".into() }), vec!["trade_anom_forum_unfiled"]);
    }

    #[test]
    fn stored_anomalies_round_trip() {
        let keys = ["trade_anom_fee_compulsory", "trade_anom_fee_award"];
        assert_eq!(split(&join(&keys)), keys.to_vec());
        assert!(split("").is_empty());
        assert!(ANOMALIES.iter().all(|k| k.starts_with("trade_anom_")));
    }
}
