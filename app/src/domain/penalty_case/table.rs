//! The table of violations the bureau punishes, as data beside the rules
//! that read it (`violation.rs`, whose tests take their rows from here): each row a
//! [`Violation`] of the pure rules (regulation, article, the penalties the
//! article allows, its fine and period, the discretion standard's tiers).
//! Compiled into the server and the browser, so the case form lists the
//! rows and their penalties without asking. A case stores the row's `code`;
//! a row is never renamed (add a new code instead), so stored cases keep
//! their meaning.

use std::sync::LazyLock;

use super::{FineBase, FineRule, Gravity, Penalty, Tier, Violation};

fn yuan(y: i64) -> i64 {
    y * 100
}

/// 没收违法所得, 可以并处违法经营额 1–3 倍或者违法所得 3–5 倍的罚款: the common
/// second paragraph of 社团条例 §30 and 民非条例 §25.
fn times_fines() -> Vec<FineRule> {
    vec![
        FineRule::Times { base: FineBase::IllegalTurnover, min_tenths: 10, max_tenths: 30 },
        FineRule::Times { base: FineBase::IllegalIncome, min_tenths: 30, max_tenths: 50 },
    ]
}

/// A row of 《社会团体登记管理条例》§30 (警告、责令改正, 限期停止活动, 责令撤换
/// 直接负责的主管人员; 情节严重的撤销登记; 没收并处罚款).
fn st30(item: &str, description: &str, tiers: Vec<Tier>) -> Violation {
    Violation {
        code: format!("st30_{item}"),
        regulation: "《社会团体登记管理条例》".into(),
        article: format!("第三十条第一款第（{}）项", zh_item(item)),
        description: description.into(),
        penalties: vec![
            Penalty::Warning,
            Penalty::Suspension,
            Penalty::ReplaceOfficer,
            Penalty::Revocation,
            Penalty::ConfiscateIncome,
            Penalty::Fine,
        ],
        fines: times_fines(),
        months: None,
        tiers,
        aggravating: vec!["拒不配合调查或者隐匿、销毁证据".into(), "经责令改正拒不改正".into()],
        mitigating: vec!["主动消除或者减轻违法行为危害后果".into(), "配合查处违法行为有立功表现".into()],
    }
}

fn zh_item(item: &str) -> &'static str {
    match item {
        "1" => "一",
        "2" => "二",
        "3" => "三",
        "4" => "四",
        "6" => "六",
        _ => "七",
    }
}

/// The discretion standard of not accepting supervision (the annual
/// inspection): a first time corrected on order, two years, three or refusing.
fn inspection_tiers(serious: Vec<Penalty>) -> Vec<Tier> {
    vec![
        Tier {
            gravity: Gravity::Ordinary,
            circumstances: "首次未按规定接受年度检查（报送年度工作报告），责令后改正".into(),
            penalties: vec![Penalty::Warning],
            fines: vec![],
            months: None,
        },
        Tier {
            gravity: Gravity::Grave,
            circumstances: "连续两年未按规定接受年度检查".into(),
            penalties: vec![Penalty::Warning, Penalty::Suspension],
            fines: vec![],
            months: Some((1, 6)),
        },
        Tier {
            gravity: Gravity::Serious,
            circumstances: "连续三年以上未接受年度检查，或者经责令拒不改正".into(),
            penalties: serious,
            fines: vec![],
            months: None,
        },
    ]
}

fn rows() -> Vec<Violation> {
    vec![
        st30("2", "超出章程规定的宗旨和业务范围进行活动", vec![]),
        st30("3", "拒不接受或者不按照规定接受监督检查", inspection_tiers(vec![Penalty::Revocation])),
        st30("4", "不按照规定办理变更登记", vec![]),
        st30("6", "从事营利性的经营活动", vec![]),
        st30("7", "侵占、私分、挪用社会团体资产或者所接受的捐赠、资助", vec![]),
        Violation {
            code: "mf25_3".into(),
            regulation: "《民办非企业单位登记管理暂行条例》".into(),
            article: "第二十五条第一款第（三）项".into(),
            description: "拒不接受或者不按照规定接受监督检查".into(),
            penalties: vec![
                Penalty::Warning,
                Penalty::Suspension,
                Penalty::Revocation,
                Penalty::ConfiscateIncome,
                Penalty::Fine,
            ],
            fines: times_fines(),
            months: None,
            tiers: inspection_tiers(vec![Penalty::Revocation]),
            aggravating: vec!["经责令改正拒不改正".into()],
            mitigating: vec!["主动消除或者减轻违法行为危害后果".into()],
        },
        Violation {
            code: "jjh42_1".into(),
            regulation: "《基金会管理条例》".into(),
            article: "第四十二条第一款第（一）项".into(),
            description: "未按照章程规定的宗旨和公益活动的业务范围进行活动".into(),
            penalties: vec![Penalty::Warning, Penalty::Suspension, Penalty::Revocation],
            fines: vec![],
            months: None,
            tiers: vec![],
            aggravating: vec![],
            mitigating: vec![],
        },
        Violation {
            code: "cs110".into(),
            regulation: "《中华人民共和国慈善法》".into(),
            article: "第一百一十条".into(),
            description: "慈善组织未依法履行信息公开、年度报告或者募捐方案备案等义务".into(),
            penalties: vec![
                Penalty::Warning,
                Penalty::ConfiscateIncome,
                Penalty::Suspension,
                Penalty::CertificateWithdrawal,
            ],
            fines: vec![],
            months: None,
            tiers: vec![],
            aggravating: vec!["一年内再次实施同类违法行为".into()],
            mitigating: vec![],
        },
        Violation {
            code: "cs112".into(),
            regulation: "《中华人民共和国慈善法》".into(),
            article: "第一百一十二条".into(),
            description: "慈善组织有违法行为，对直接负责的主管人员和其他直接责任人员".into(),
            penalties: vec![Penalty::Fine, Penalty::EmploymentBan],
            fines: vec![FineRule::Range { min_fen: yuan(20_000), max_fen: yuan(200_000) }],
            months: Some((12, 60)),
            tiers: vec![],
            aggravating: vec![],
            mitigating: vec![],
        },
        Violation {
            code: "cs113".into(),
            regulation: "《中华人民共和国慈善法》".into(),
            article: "第一百一十三条".into(),
            description: "不具有公开募捐资格的组织擅自开展公开募捐".into(),
            penalties: vec![Penalty::Warning, Penalty::Fine],
            fines: vec![FineRule::Range { min_fen: yuan(20_000), max_fen: yuan(200_000) }],
            months: None,
            tiers: vec![],
            aggravating: vec!["拒不退还募集财产".into()],
            mitigating: vec!["主动退还募集财产".into()],
        },
        Violation {
            code: "st35".into(),
            regulation: "《社会团体登记管理条例》".into(),
            article: "第三十五条".into(),
            description: "未经登记，擅自以社会团体名义进行活动，或者被撤销登记后继续以社会团体名义进行活动（非法社会组织）"
                .into(),
            penalties: vec![Penalty::Ban, Penalty::ConfiscateProperty],
            fines: vec![],
            months: None,
            tiers: vec![],
            aggravating: vec![],
            mitigating: vec![],
        },
        Violation {
            code: "mf27".into(),
            regulation: "《民办非企业单位登记管理暂行条例》".into(),
            article: "第二十七条".into(),
            description: "未经登记，擅自以民办非企业单位名义进行活动，或者被撤销登记后继续以民办非企业单位名义进行活动（非法社会组织）"
                .into(),
            penalties: vec![Penalty::Ban, Penalty::ConfiscateProperty],
            fines: vec![],
            months: None,
            tiers: vec![],
            aggravating: vec![],
            mitigating: vec![],
        },
        Violation {
            code: "lot41".into(),
            regulation: "《彩票管理条例》".into(),
            article: "第四十一条".into(),
            description: "彩票代销者向未成年人销售彩票或者以赊销、信用方式销售彩票".into(),
            penalties: vec![Penalty::Fine, Penalty::ConfiscateIncome],
            fines: vec![FineRule::Range { min_fen: yuan(2_000), max_fen: yuan(10_000) }],
            months: None,
            tiers: vec![],
            aggravating: vec![],
            mitigating: vec![],
        },
    ]
}

static TABLE: LazyLock<Vec<Violation>> = LazyLock::new(rows);

/// Every row of the table, in the order the form lists them.
pub fn table() -> &'static [Violation] {
    &TABLE
}

/// The row of `code`.
pub fn find(code: &str) -> Option<&'static Violation> {
    TABLE.iter().find(|v| v.code == code.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_is_consistent_and_its_code_unique() {
        for v in table() {
            assert_eq!(v.check_row(), Ok(()), "{}", v.code);
            assert_eq!(table().iter().filter(|w| w.code == v.code).count(), 1, "{}", v.code);
        }
        assert_eq!(find(" cs113 ").map(|v| v.article.as_str()), Some("第一百一十三条"));
        assert!(find("nonsense").is_none());
        assert_eq!(find("st30_3").map(|v| v.article.as_str()), Some("第三十条第一款第（三）项"));
        assert_eq!(find("st30_7").map(|v| v.article.as_str()), Some("第三十条第一款第（七）项"));
    }
}
