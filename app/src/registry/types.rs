//! Wire types of the registry. Forms never deserialize into entities: a client
//! cannot set the status, the dates of acts or the audit fields.

use serde::{Deserialize, Serialize};

/// The establishment registration form.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OrgInput {
    pub name: String,
    pub credit_code: String,
    pub org_type: String,
    pub domicile: String,
    pub district: String,
    pub legal_rep: String,
    /// Yuan, e.g. `30000` or `4,000,000.00`.
    pub capital: String,
    /// Empty means 直接登记 (no supervisory unit).
    pub supervisory_unit: String,
    pub business_scope: String,
    pub contact_person: String,
    pub contact_phone: String,
    pub contact_email: String,
    /// `YYYY-MM-DD`
    pub registration_date: String,
    /// A trade association's or chamber of commerce's sector code (行业协会商会,
    /// `domain::trade::SECTORS`); empty for any other organization.
    #[serde(default)]
    pub trade_sector: String,
}

/// The change registration form (变更登记): the registered items that can change.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChangeInput {
    pub name: String,
    pub domicile: String,
    pub legal_rep: String,
    pub business_scope: String,
    pub capital: String,
    pub supervisory_unit: String,
    pub change_date: String,
    pub note: String,
    /// As in [`OrgInput::trade_sector`].
    #[serde(default)]
    pub trade_sector: String,
}

/// Charter approval, term renewal, deregistration or revocation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ActInput {
    /// `charter` | `term_renewal` | `deregister` | `revoke`
    pub act: String,
    pub date: String,
    pub reason: String,
}

/// Filters of the lists (officer and public), from the query string.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrgFilter {
    pub q: String,
    pub org_type: String,
    pub district: String,
    pub status: String,
    pub supervisory: String,
    /// Trade associations (行业协会商会): `yes` all of them, `no` the others, or
    /// a sector code (`A`–`T`) those of that sector; empty: everyone.
    pub trade: String,
    /// `new` (default), `old`, `name`, `code`
    pub sort: String,
    /// 0-based
    pub page: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgRow {
    pub id: i64,
    pub name: String,
    pub credit_code: String,
    pub org_type: String,
    pub district: String,
    pub legal_rep: String,
    pub supervisory_unit: Option<String>,
    pub registration_date: String,
    pub status: String,
    pub trade_sector: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgPage {
    pub rows: Vec<OrgRow>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// A dated registration event with its changed items.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventView {
    pub kind: String,
    pub date: String,
    pub note: String,
    pub changes: Vec<ChangeItem>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeItem {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// What everyone may see of an organization.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicOrg {
    pub id: i64,
    pub name: String,
    pub credit_code: String,
    pub org_type: String,
    pub domicile: String,
    pub district: String,
    pub legal_rep: String,
    /// Yuan with two decimals.
    pub capital: String,
    pub supervisory_unit: Option<String>,
    pub business_scope: String,
    pub registration_date: String,
    pub status: String,
    pub status_date: Option<String>,
    pub status_reason: Option<String>,
    pub history: Vec<EventView>,
    /// The sector code of a trade association or chamber of commerce.
    pub trade_sector: Option<String>,
}

/// The officer's view: the public part plus contacts and term dates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgDetail {
    pub public: PublicOrg,
    pub contact_person: String,
    pub contact_phone: String,
    pub contact_email: String,
    pub charter_approved_on: Option<String>,
    pub term_start: String,
    pub term_end: String,
    /// Days from today (on the server) to the end of the term; negative when overdue.
    pub term_days_left: i64,
    /// A revoked organization whose revoking penalty decision was annulled:
    /// the case, for the reinstatement (恢复登记) the page offers.
    pub annulled_revocation: Option<AnnulledRevocation>,
}

/// The annulled penalty case whose decision had revoked the registration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnnulledRevocation {
    pub case_id: i64,
    pub decision_number: String,
    pub annulled_on: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TermRow {
    pub id: i64,
    pub name: String,
    pub credit_code: String,
    pub district: String,
    pub term_end: String,
    /// Negative when overdue.
    pub days_left: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TermPage {
    pub rows: Vec<TermRow>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// The districts and supervisory units offered in filters and forms.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Choices {
    pub districts: Vec<String>,
}

pub use crate::kernel::import::{ImportJobView, RowError};

/// The columns of the import file: (header, form field). The export writes the
/// same headers, so an exported file can be imported again.
pub const IMPORT_COLUMNS: [(&str, &str); 13] = [
    ("统一社会信用代码", "credit_code"),
    ("名称", "name"),
    ("类型", "org_type"),
    ("住所", "domicile"),
    ("区", "district"),
    ("法定代表人", "legal_rep"),
    ("注册资金(元)", "capital"),
    ("业务主管单位", "supervisory_unit"),
    ("业务范围", "business_scope"),
    ("登记日期", "registration_date"),
    ("联系人", "contact_person"),
    ("联系电话", "contact_phone"),
    ("联系邮箱", "contact_email"),
];

/// Columns an organization file may have (older files do not): (header, form field).
/// The export writes them too.
pub const IMPORT_OPTIONAL_COLUMNS: [(&str, &str); 1] = [("行业协会商会行业", "trade_sector")];

/// The import kind of past annual reports (see `reports::import`).
pub const REPORT_IMPORT_KIND: &str = "annual_reports";

/// The import job kind of an organization file.
pub const ORG_IMPORT_KIND: &str = "organizations";

pub use crate::domain::paging::COUNT_CAP;
