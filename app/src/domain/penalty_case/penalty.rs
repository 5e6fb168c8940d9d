//! The penalties a case can end in, and which of them give the party the
//! right to a hearing (行政处罚法 §63).

use serde::{Deserialize, Serialize};

use super::Settings;
use crate::domain::credit::PenaltyKind;

/// An administrative penalty the registration authority (or, for outlets and
/// illegal organizations, the civil-affairs department) may impose. The kinds
/// of 行政处罚法 §9 as the civil-affairs regulations name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Penalty {
    /// 警告
    Warning,
    /// 罚款
    Fine,
    /// 没收违法所得
    ConfiscateIncome,
    /// 没收非法财产（财物）
    ConfiscateProperty,
    /// 责令撤换直接负责的主管人员 (社团条例 §30, 民非条例 §25; executed under 68号令 §31)
    ReplaceOfficer,
    /// 限期停止活动 (certificate, seals and vouchers sealed, 68号令 §30)
    Suspension,
    /// 吊销公开募捐资格证书 (慈善法 §111)
    FundraisingWithdrawal,
    /// 限制从业: a ban from charity management (慈善法 §112, one to five years)
    EmploymentBan,
    /// 撤销登记 (certificate and seals taken back or declared void, 68号令 §32)
    Revocation,
    /// 吊销登记证书 (慈善法 §109, §110)
    CertificateWithdrawal,
    /// 取缔 an illegal social organization (《取缔非法社会组织办法》)
    Ban,
}

impl Penalty {
    pub const ALL: [Penalty; 11] = [
        Penalty::Warning,
        Penalty::Fine,
        Penalty::ConfiscateIncome,
        Penalty::ConfiscateProperty,
        Penalty::ReplaceOfficer,
        Penalty::Suspension,
        Penalty::FundraisingWithdrawal,
        Penalty::EmploymentBan,
        Penalty::Revocation,
        Penalty::CertificateWithdrawal,
        Penalty::Ban,
    ];

    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Penalty::Warning => "warning",
            Penalty::Fine => "fine",
            Penalty::ConfiscateIncome => "confiscate_income",
            Penalty::ConfiscateProperty => "confiscate_property",
            Penalty::ReplaceOfficer => "replace_officer",
            Penalty::Suspension => "suspension",
            Penalty::FundraisingWithdrawal => "fundraising_withdrawal",
            Penalty::EmploymentBan => "employment_ban",
            Penalty::Revocation => "revocation",
            Penalty::CertificateWithdrawal => "certificate_withdrawal",
            Penalty::Ban => "ban",
        }
    }

    pub fn parse(s: &str) -> Option<Penalty> {
        Self::ALL.into_iter().find(|p| p.as_str() == s.trim())
    }

    /// A stored list (`"warning,fine"`); `None` if any item is unknown or repeated.
    pub fn parse_list(s: &str) -> Option<Vec<Penalty>> {
        let mut out = Vec::new();
        for item in s.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            let p = Penalty::parse(item)?;
            if out.contains(&p) {
                return None;
            }
            out.push(p);
        }
        Some(out)
    }

    /// A list as stored.
    pub fn join(list: &[Penalty]) -> String {
        list.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(",")
    }

    /// The name a decision (决定书) uses.
    pub fn zh(self) -> &'static str {
        match self {
            Penalty::Warning => "警告",
            Penalty::Fine => "罚款",
            Penalty::ConfiscateIncome => "没收违法所得",
            Penalty::ConfiscateProperty => "没收非法财产",
            Penalty::ReplaceOfficer => "责令撤换直接负责的主管人员",
            Penalty::Suspension => "限期停止活动",
            Penalty::FundraisingWithdrawal => "吊销公开募捐资格证书",
            Penalty::EmploymentBan => "限制从业",
            Penalty::Revocation => "撤销登记",
            Penalty::CertificateWithdrawal => "吊销登记证书",
            Penalty::Ban => "取缔",
        }
    }

    /// An amount of money goes with it (the fine, the value confiscated).
    pub fn has_amount(self) -> bool {
        matches!(self, Penalty::Fine | Penalty::ConfiscateIncome | Penalty::ConfiscateProperty)
    }

    /// A period in months goes with it (the suspension, the ban from office).
    pub fn has_term(self) -> bool {
        matches!(self, Penalty::Suspension | Penalty::EmploymentBan)
    }

    /// How heavy the kind is, for a reduced penalty (减轻, 行政处罚法 §32),
    /// which may take a lighter kind than the discretion tier names but never a
    /// heavier one: 1 reprimand, 2 money, 3 an order about people, 4 a
    /// suspension or withdrawal of a permission, 5 the end of the organization.
    pub fn weight(self) -> u8 {
        match self {
            Penalty::Warning => 1,
            Penalty::Fine | Penalty::ConfiscateIncome | Penalty::ConfiscateProperty => 2,
            Penalty::ReplaceOfficer => 3,
            Penalty::Suspension | Penalty::FundraisingWithdrawal | Penalty::EmploymentBan => 4,
            Penalty::Revocation | Penalty::CertificateWithdrawal | Penalty::Ban => 5,
        }
    }

    /// The kind of the `penalty` record the credit rules read, where the
    /// decision writes one. Revocation, certificate withdrawal and a ban act on
    /// the register (the registry's act lists them on the serious list); the
    /// orders about people and fundraising are recorded on the case only.
    pub fn credit_kind(self) -> Option<PenaltyKind> {
        match self {
            Penalty::Warning => Some(PenaltyKind::Warning),
            Penalty::Fine => Some(PenaltyKind::Fine),
            Penalty::ConfiscateIncome | Penalty::ConfiscateProperty => Some(PenaltyKind::Confiscation),
            Penalty::Suspension => Some(PenaltyKind::Suspension),
            _ => None,
        }
    }
}

/// Who the case is against: the thresholds of a "large" amount differ.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Party {
    /// 法人或者其他组织: a social organization, an outlet's operator, an illegal organization
    #[default]
    Organization,
    /// 公民: a responsible person (慈善法 §112), an individual outlet operator
    Person,
}

impl Party {
    pub fn as_str(self) -> &'static str {
        match self {
            Party::Organization => "organization",
            Party::Person => "person",
        }
    }

    pub fn parse(s: &str) -> Option<Party> {
        [Party::Organization, Party::Person].into_iter().find(|p| p.as_str() == s.trim())
    }
}

/// One penalty with its amount (分, for a fine or a confiscation, else 0) and
/// its period (months, for a suspension or a ban from office, else 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sanction {
    pub penalty: Penalty,
    pub amount_fen: i64,
    pub months: u32,
}

impl Sanction {
    /// A penalty with neither amount nor period (a warning, a revocation).
    pub fn of(penalty: Penalty) -> Sanction {
        Sanction { penalty, amount_fen: 0, months: 0 }
    }

    pub fn fine(amount_fen: i64) -> Sanction {
        Sanction { penalty: Penalty::Fine, amount_fen, months: 0 }
    }

    pub fn months(penalty: Penalty, months: u32) -> Sanction {
        Sanction { penalty, amount_fen: 0, months }
    }
}

/// Whether the proposed penalties give the right to request a hearing
/// (行政处罚法 §63): a large fine, a large confiscation, the withdrawal of a
/// certificate or permission (吊销), a suspension or an order to close
/// (责令停产停业、责令关闭 — here 限期停止活动, 撤销登记, 取缔) and a ban from
/// an occupation (限制从业). "Large" is the setting for the party's kind,
/// compared with the sum of the fines and, apart, of the confiscations.
/// "Other heavy penalties" (§63(5)) are the officer's call: the case's
/// `other_heavy` fact.
pub fn hearing_right(proposed: &[Sanction], party: Party, s: &Settings) -> bool {
    let large = match party {
        Party::Organization => s.large_amount_org_fen,
        Party::Person => s.large_amount_person_fen,
    };
    let sum = |pred: fn(Penalty) -> bool| -> i64 {
        proposed.iter().filter(|x| pred(x.penalty)).map(|x| x.amount_fen.max(0)).sum()
    };
    let fines = sum(|p| p == Penalty::Fine);
    let confiscated = sum(|p| matches!(p, Penalty::ConfiscateIncome | Penalty::ConfiscateProperty));
    fines >= large
        || confiscated >= large
        || proposed.iter().any(|x| {
            matches!(
                x.penalty,
                Penalty::Suspension
                    | Penalty::FundraisingWithdrawal
                    | Penalty::EmploymentBan
                    | Penalty::Revocation
                    | Penalty::CertificateWithdrawal
                    | Penalty::Ban
            )
        })
}

/// Whether a decision goes beyond what the notice (告知书) told the party: a
/// kind not proposed, or a larger amount or a longer period than proposed.
/// The party was heard on the notice only, so a heavier decision needs a new
/// notice (行政处罚法 §44; §45: stating a case never makes it heavier).
pub fn exceeds_notice(proposed: &[Sanction], decided: &[Sanction]) -> bool {
    decided.iter().any(|d| match proposed.iter().find(|p| p.penalty == d.penalty) {
        None => true,
        Some(p) => d.amount_fen > p.amount_fen || d.months > p.months,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_values_round_trip() {
        for p in Penalty::ALL {
            assert_eq!(Penalty::parse(p.as_str()), Some(p));
        }
        assert_eq!(Penalty::parse("detention"), None, "行政拘留 is not the bureau's");
        let list = [Penalty::Warning, Penalty::Fine];
        assert_eq!(Penalty::parse_list(&Penalty::join(&list)), Some(list.to_vec()));
        assert_eq!(Penalty::parse_list("warning, warning"), None);
        assert_eq!(Penalty::parse_list("warning,nothing"), None);
        assert_eq!(Penalty::parse_list(""), Some(vec![]));
        assert_eq!(Party::parse("person"), Some(Party::Person));
        assert_eq!(Party::parse("company"), None);
    }

    #[test]
    fn revocation_suspension_bans_and_withdrawals_give_a_hearing_right() {
        let s = Settings::default();
        for p in [
            Penalty::Suspension,
            Penalty::Revocation,
            Penalty::CertificateWithdrawal,
            Penalty::FundraisingWithdrawal,
            Penalty::EmploymentBan,
            Penalty::Ban,
        ] {
            assert!(hearing_right(&[Sanction::of(p)], Party::Organization, &s), "{p:?}");
        }
        assert!(!hearing_right(&[Sanction::of(Penalty::Warning)], Party::Organization, &s));
        assert!(!hearing_right(&[Sanction::of(Penalty::ReplaceOfficer)], Party::Organization, &s));
        assert!(!hearing_right(&[], Party::Organization, &s));
    }

    #[test]
    fn large_amounts_give_a_hearing_right_by_the_partys_threshold() {
        let s = Settings::default();
        // Defaults: ¥10,000 for an organization, ¥1,000 for a person.
        assert!(!hearing_right(&[Sanction::fine(999_999)], Party::Organization, &s));
        assert!(hearing_right(&[Sanction::fine(1_000_000)], Party::Organization, &s));
        assert!(!hearing_right(&[Sanction::fine(99_999)], Party::Person, &s));
        assert!(hearing_right(&[Sanction::fine(100_000)], Party::Person, &s));
        // Fines add up; confiscations count apart from fines.
        let two = [Sanction::fine(600_000), Sanction::fine(400_000)];
        assert!(hearing_right(&two, Party::Organization, &s));
        let mixed =
            [Sanction::fine(600_000), Sanction { penalty: Penalty::ConfiscateIncome, amount_fen: 600_000, months: 0 }];
        assert!(!hearing_right(&mixed, Party::Organization, &s));
        let confiscated = [Sanction { penalty: Penalty::ConfiscateProperty, amount_fen: 1_000_000, months: 0 }];
        assert!(hearing_right(&confiscated, Party::Organization, &s));
        // The province's own threshold.
        let local = Settings { large_amount_org_fen: 5_000_000, ..Settings::default() };
        assert!(!hearing_right(&[Sanction::fine(1_000_000)], Party::Organization, &local));
    }

    #[test]
    fn a_decision_may_not_go_beyond_the_notice() {
        let proposed = [Sanction::of(Penalty::Warning), Sanction::fine(2_000_000)];
        assert!(!exceeds_notice(&proposed, &proposed));
        assert!(!exceeds_notice(&proposed, &[Sanction::of(Penalty::Warning)]), "lighter is fine");
        assert!(!exceeds_notice(&proposed, &[Sanction::fine(1_500_000)]));
        assert!(exceeds_notice(&proposed, &[Sanction::fine(2_000_001)]));
        assert!(exceeds_notice(&proposed, &[Sanction::of(Penalty::Revocation)]));
        let suspension = [Sanction::months(Penalty::Suspension, 3)];
        assert!(exceeds_notice(&suspension, &[Sanction::months(Penalty::Suspension, 4)]));
        assert!(!exceeds_notice(&suspension, &[Sanction::months(Penalty::Suspension, 2)]));
    }

    #[test]
    fn the_credit_record_kind_of_each_penalty() {
        assert_eq!(Penalty::Warning.credit_kind(), Some(PenaltyKind::Warning));
        assert_eq!(Penalty::Fine.credit_kind(), Some(PenaltyKind::Fine));
        assert_eq!(Penalty::ConfiscateProperty.credit_kind(), Some(PenaltyKind::Confiscation));
        assert_eq!(Penalty::Suspension.credit_kind(), Some(PenaltyKind::Suspension));
        assert_eq!(Penalty::Revocation.credit_kind(), None, "the registry's act lists it");
    }
}
