//! Partner departments and joint campaigns (部门联合双随机抽查, issue 21):
//! the departments officers keep (市场监管, 公安, 税务 …), whose inspectors
//! join a joint campaign's teams; each department's list by e-mail to its
//! contact; the findings of a joint result by department. The draw's rule is
//! `domain::joint_draw`; the charity sizing `domain::charity_sample`.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

/// The department form (strings as typed, checked on the server).
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct DepartmentInput {
    pub name: String,
    pub code: String,
    pub contact_email: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct DepartmentView {
    pub id: i64,
    pub name: String,
    pub code: String,
    pub contact_email: String,
    /// Its inspectors in the directory (active or not).
    pub inspectors: i64,
}

/// A participating department of a campaign, and after the draw its
/// inspectors drawn, the targets they inspect and its list's delivery.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct JointDepartmentView {
    pub department_id: i64,
    pub name: String,
    pub contact_email: String,
    /// The department's inspectors drawn, by name.
    pub inspectors: Vec<String>,
    pub targets: i64,
    /// pending | sent | failed | none
    pub mail_status: String,
    pub sent_at: String,
}

/// What one party found at a target of a joint campaign.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DepartmentFinding {
    /// The department's name; empty for the bureau.
    pub department: String,
    pub body: String,
}

/// What the campaign form needs: the departments and the charity share.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct CampaignFormData {
    pub departments: Vec<DepartmentView>,
    pub charity_percent: u32,
}
