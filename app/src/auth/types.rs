use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    Admin,
    Officer,
    Inspector,
    OrgUser,
    /// An assessment expert (评估专家): scores the rating applications assigned to them.
    Expert,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::Admin, Role::Officer, Role::Inspector, Role::OrgUser, Role::Expert];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Officer => "officer",
            Role::Inspector => "inspector",
            Role::OrgUser => "org_user",
            Role::Expert => "expert",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Role::Admin => "role_admin",
            Role::Officer => "role_officer",
            Role::Inspector => "role_inspector",
            Role::OrgUser => "role_org_user",
            Role::Expert => "rate_role_expert",
        }
    }

    /// Registry officers and administrators do the bureau's work.
    pub fn is_staff(self) -> bool {
        matches!(self, Role::Admin | Role::Officer)
    }
}

/// The signed-in user, as pages and server functions see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub org_id: Option<i64>,
}

/// Roles allowed to do registry work.
pub const STAFF: &[Role] = &[Role::Admin, Role::Officer];
