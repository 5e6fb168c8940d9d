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

/// The outcome of checking the chain (the details: `chain::Verification`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChainCheck {
    Intact {
        records: i64,
    },
    /// The first record whose content, link or position is wrong, that cannot
    /// be checked (no key, another key, no seal), or the last record of the
    /// first published day head the chain no longer matches; `reason` says which.
    Broken {
        seq: i64,
        reason: String,
    },
}

/// A day's head of the chain as it was published (`audit_day_head`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayHeadRow {
    /// The bureau's day, `YYYY-MM-DD`.
    pub day: String,
    /// The last record of that day or before (0: none).
    pub last_seq: i64,
    /// How many records were written that day.
    pub records: i64,
    /// The chain value of the last record.
    pub last_hash: String,
    /// When it was published (UTC, RFC 3339).
    pub published_at: String,
}
