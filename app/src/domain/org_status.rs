//! Registration status and the only transitions allowed between states.

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
        }
    }
}

/// The status after `action`, or an error when the action is not allowed.
/// Only a registered organization can be changed, have its charter approved,
/// renew its term, be deregistered or be revoked; deregistered and revoked
/// organizations leave the register for good (their history is kept).
pub fn next(from: OrgStatus, action: OrgAction) -> Result<OrgStatus, TransitionError> {
    use OrgAction::*;
    use OrgStatus::*;
    match (from, action) {
        (Active, Change | CharterApproval | TermRenewal) => Ok(Active),
        (Active, Deregister) => Ok(Deregistered),
        (Active, Revoke) => Ok(Revoked),
        _ => Err(TransitionError { from, action }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACTIONS: [OrgAction; 5] = [
        OrgAction::Change,
        OrgAction::CharterApproval,
        OrgAction::TermRenewal,
        OrgAction::Deregister,
        OrgAction::Revoke,
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
    fn organizations_off_the_register_accept_nothing() {
        for from in [OrgStatus::Deregistered, OrgStatus::Revoked] {
            for action in ACTIONS {
                assert_eq!(next(from, action), Err(TransitionError { from, action }));
            }
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
