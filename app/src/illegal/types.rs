//! Wire types of the illegal organizations' register. Inputs are typed
//! strings checked by the service: no form sets a state, a case, a
//! publication day the rules did not allow, or the officer's name.

use serde::{Deserialize, Serialize};

/// Entries a page (the officers' list and the warning list).
pub const PER_PAGE: u64 = 20;

/// A new entry, as the officers' form sends it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EntryInput {
    pub name: String,
    pub activities: String,
    /// Addresses, one a line.
    pub places: String,
    /// Websites and public accounts, one a line.
    pub websites: String,
    /// Bank and payment accounts, one a line.
    pub accounts: String,
    /// People involved and their roles, one a line.
    pub people: String,
    /// inspection | referral | officer | media (a complaint's entry is opened from the complaint)
    pub source: String,
    /// The referring department, the medium, the inspection's reference.
    pub source_ref: String,
    /// `YYYY-MM-DD`; blank: today.
    pub found_on: String,
}

/// A dated finding for the investigation log.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NoteInput {
    pub note: String,
    /// `YYYY-MM-DD`; blank: today.
    pub day: String,
}

/// The outcome that ends an entry.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OutcomeInput {
    /// banned | dispersed | referred | registered | unfounded
    pub outcome: String,
    /// `YYYY-MM-DD`; blank: today.
    pub day: String,
    /// The department, for a referral.
    pub referred_to: String,
    /// The organization's credit code, for "registered after all".
    pub credit_code: String,
    pub note: String,
}

/// Putting an entry on the public warning list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PublishInput {
    /// `YYYY-MM-DD`; blank: today.
    pub day: String,
}

/// Filters of the officers' list, from the query string.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EntryFilter {
    /// A stored state, `open` (suspected or investigating), or "" for all.
    pub state: String,
    /// Part of the name, the activities, a place or a website.
    pub q: String,
    pub page: u64,
}

/// One entry in the officers' list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryRow {
    pub id: i64,
    pub name: String,
    pub state: String,
    pub source: String,
    pub found_on: String,
    pub outcome_on: Option<String>,
    pub published_on: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryPage {
    pub rows: Vec<EntryRow>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// One entry of the investigation log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteView {
    pub kind: String,
    pub day: String,
    pub officer: String,
    pub note: String,
}

/// A penalty case opened for the entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseLink {
    pub id: i64,
    pub state: String,
    pub decision_number: Option<String>,
}

/// One entry with its log, for officers (personal data included).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryDetail {
    pub id: i64,
    pub name: String,
    pub activities: String,
    pub places: String,
    pub websites: String,
    pub accounts: String,
    pub people: String,
    pub source: String,
    pub source_ref: String,
    pub complaint_id: Option<i64>,
    pub found_on: String,
    pub state: String,
    pub outcome_on: Option<String>,
    pub outcome_note: Option<String>,
    pub referred_to: Option<String>,
    /// The registered organization: id, name, credit code.
    pub org: Option<(i64, String, String)>,
    pub case_id: Option<i64>,
    pub cases: Vec<CaseLink>,
    /// A case opened for it has decided a ban (the outcome "banned" is open).
    pub ban_decided: bool,
    pub published_on: Option<String>,
    /// Shown on the public warning list now.
    pub listed: bool,
    pub notes: Vec<NoteView>,
    pub today: String,
}

/// Filters of the public warning list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WarningFilter {
    /// Part of the name, the activities, a place or a website.
    pub q: String,
    pub page: u64,
}

/// One body on the public warning list: no people, no accounts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WarningRow {
    pub id: i64,
    pub name: String,
    pub activities: String,
    pub places: String,
    pub websites: String,
    /// banned, or the state of an exposed entry (suspected, investigating, dispersed, referred)
    pub state: String,
    /// The day of the ban, or of the exposure.
    pub day: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarningPage {
    pub rows: Vec<WarningRow>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}
