use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditRow {
    pub seq: i64,
    pub at: String,
    pub actor_name: String,
    pub actor_role: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditFilter {
    pub q: String,
    pub entity: String,
    pub action: String,
    pub page: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// The outcome of checking the hash chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChainCheck {
    Intact {
        records: i64,
    },
    /// The first record whose content, link or position is wrong.
    Broken {
        seq: i64,
        reason: String,
    },
}
