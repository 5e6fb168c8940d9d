//! Registration status and the only transitions allowed between states.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrgStatus {
    /// 正常 (registered and active)
    Active,
    /// 注销 (deregistered at the organization's request or on dissolution)
    Deregistered,
    /// 撤销 (registration revoked as a penalty)
    Revoked,
}

/// A registration act an officer performs on an organization.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrgAction {
    /// 变更登记
    Change,
    /// 章程核准
    CharterApproval,
    /// 换届
    TermRenewal,
    /// 注销登记
    Deregister,
    /// 撤销登记
    Revoke,
    /// 恢复登记: a revocation whose penalty decision was annulled is undone
    /// (see [`may_reinstate`]).
    Reinstate,
}

/// What revoked an organization's registration, as the register finds it
/// among the penalty cases' decisions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RevokedBy {
    /// No penalty case's decision revokes it (a revocation recorded before
    /// the cases, or imported).
    NoCase,
    /// A penalty case's decision that still stands.
    Case,
    /// A penalty case's decision annulled on this day (reconsideration, a
    /// court or the bureau itself), none standing.
    AnnulledCase(NaiveDate),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransitionError {
    pub from: OrgStatus,
    pub action: OrgAction,
}

impl OrgStatus {
    pub const ALL: [OrgStatus; 3] = [OrgStatus::Active, OrgStatus::Deregistered, OrgStatus::Revoked];

    pub fn as_str(self) -> &'static str {
        match self {
            OrgStatus::Active => "active",
            OrgStatus::Deregistered => "deregistered",
            OrgStatus::Revoked => "revoked",
        }
    }

    pub fn parse(s: &str) -> Option<OrgStatus> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    pub fn label_key(self) -> &'static str {
        match self {
            OrgStatus::Active => "status_active",
            OrgStatus::Deregistered => "status_deregistered",
            OrgStatus::Revoked => "status_revoked",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            OrgStatus::Active => "正常",
            OrgStatus::Deregistered => "注销",
            OrgStatus::Revoked => "撤销",
        }
    }

    /// Whether the organization is still on the register.
    pub fn is_registered(self) -> bool {
        self == OrgStatus::Active
    }
}

impl OrgAction {
    pub fn as_str(self) -> &'static str {
        match self {
            OrgAction::Change => "change",
            OrgAction::CharterApproval => "charter",
            OrgAction::TermRenewal => "term_renewal",
            OrgAction::Deregister => "deregister",
            OrgAction::Revoke => "revoke",
            OrgAction::Reinstate => "reinstate",
        }
    }
}

/// The status after `action`, or an error when the action is not allowed.
/// Only a registered organization can be changed, have its charter approved,
/// renew its term, be deregistered or be revoked; deregistered and revoked
/// organizations leave the register for good (their history is kept), but
/// for a revoked one reinstated when the decision that revoked it is
/// annulled ([`may_reinstate`] says when).
pub fn next(from: OrgStatus, action: OrgAction) -> Result<OrgStatus, TransitionError> {
    use OrgAction::*;
    use OrgStatus::*;
    match (from, action) {
        (Active, Change | CharterApproval | TermRenewal) => Ok(Active),
        (Active, Deregister) => Ok(Deregistered),
        (Active, Revoke) => Ok(Revoked),
        (Revoked, Reinstate) => Ok(Active),
        _ => Err(TransitionError { from, action }),
    }
}

/// Whether a revoked organization may be reinstated (恢复登记) on `on`: only
/// when its revocation came from a penalty case's decision that has since
/// been annulled — an annulled decision is void from the start (行政复议法
/// §64, 行政诉讼法 §70), so the register restores what the decision took,
/// and not before the annulment. A revocation no case decided, or one whose
/// decision stands, is not the registry's to undo. `Err` is the message key.
pub fn may_reinstate(from: OrgStatus, by: RevokedBy, on: NaiveDate) -> Result<OrgStatus, &'static str> {
    if from != OrgStatus::Revoked {
        return Err("err_reinstate_not_revoked");
    }
    match by {
        RevokedBy::NoCase => Err("err_reinstate_not_by_case"),
        RevokedBy::Case => Err("err_reinstate_case_stands"),
        RevokedBy::AnnulledCase(day) if on < day => Err("err_reinstate_before_annulment"),
        RevokedBy::AnnulledCase(_) => Ok(OrgStatus::Active),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACTIONS: [OrgAction; 6] = [
        OrgAction::Change,
        OrgAction::CharterApproval,
        OrgAction::TermRenewal,
        OrgAction::Deregister,
        OrgAction::Revoke,
        OrgAction::Reinstate,
    ];

    #[test]
    fn active_organizations_accept_every_action() {
        assert_eq!(next(OrgStatus::Active, OrgAction::Change), Ok(OrgStatus::Active));
        assert_eq!(next(OrgStatus::Active, OrgAction::CharterApproval), Ok(OrgStatus::Active));
        assert_eq!(next(OrgStatus::Active, OrgAction::TermRenewal), Ok(OrgStatus::Active));
        assert_eq!(next(OrgStatus::Active, OrgAction::Deregister), Ok(OrgStatus::Deregistered));
        assert_eq!(next(OrgStatus::Active, OrgAction::Revoke), Ok(OrgStatus::Revoked));
    }

    #[test]
    fn organizations_off_the_register_accept_nothing_but_a_reinstatement() {
        for from in [OrgStatus::Deregistered, OrgStatus::Revoked] {
            for action in ACTIONS {
                if (from, action) == (OrgStatus::Revoked, OrgAction::Reinstate) {
                    assert_eq!(next(from, action), Ok(OrgStatus::Active));
                } else {
                    assert_eq!(next(from, action), Err(TransitionError { from, action }));
                }
            }
        }
        let action = OrgAction::Reinstate;
        assert_eq!(next(OrgStatus::Active, action), Err(TransitionError { from: OrgStatus::Active, action }));
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn a_revocation_is_undone_only_after_its_case_is_annulled() {
        let annulled = RevokedBy::AnnulledCase(day(10));
        assert_eq!(may_reinstate(OrgStatus::Revoked, annulled, day(10)), Ok(OrgStatus::Active));
        assert_eq!(may_reinstate(OrgStatus::Revoked, annulled, day(23)), Ok(OrgStatus::Active));
        assert_eq!(may_reinstate(OrgStatus::Revoked, annulled, day(9)), Err("err_reinstate_before_annulment"));
        // The decision stands (not annulled, or another one revoking still does).
        assert_eq!(may_reinstate(OrgStatus::Revoked, RevokedBy::Case, day(23)), Err("err_reinstate_case_stands"));
        // Revoked without a case: not the registry's to undo.
        assert_eq!(may_reinstate(OrgStatus::Revoked, RevokedBy::NoCase, day(23)), Err("err_reinstate_not_by_case"));
        // Only a revoked organization.
        for from in [OrgStatus::Active, OrgStatus::Deregistered] {
            assert_eq!(may_reinstate(from, annulled, day(23)), Err("err_reinstate_not_revoked"));
        }
    }

    #[test]
    fn stored_values_round_trip() {
        for s in OrgStatus::ALL {
            assert_eq!(OrgStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(OrgStatus::parse("unknown"), None);
    }
}
