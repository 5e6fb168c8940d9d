//! Credit lists, penalties, repair, scores and zombie cases: queries and
//! transactions. Each listing is guarded by a unique index on the open
//! entries, so the same fact is never listed twice.
//!
//! One file per sub-feature: `lists` (listing, the list pages and CSV, the
//! public view, listing by decision), `record` (one organization's whole
//! credit record), `penalties` (penalties and returned letters), `repairs`
//! (credit repair), `zombies` (zombie cases), `scores` (credit scores) and
//! `kpis`. The helpers several of them share live here.

mod kpis;
mod lists;
mod penalties;
mod record;
mod repairs;
mod scores;
mod zombies;

use std::collections::HashMap;

use entity::organization;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

pub use kpis::kpis;
pub use lists::{close_all_in, entries, entries_csv_batch, list_by_decision, list_in, public_credit, ENTRY_CSV_HEADER};
pub use penalties::{record_letter, record_penalty};
pub use record::record;
pub use repairs::{apply_repair, decide_repair, pending_repair_list};
pub use scores::{rescore, rescore_all, scores};
pub use zombies::{announcements, zombie_respond, zombie_step, zombies};

pub const PER_PAGE: u64 = 20;

fn in_list(n: usize) -> String {
    vec!["?"; n].join(", ")
}

async fn orgs_by_id<C: ConnectionTrait>(db: &C, ids: Vec<i64>) -> Result<HashMap<i64, organization::Model>, DbErr> {
    Ok(organization::Entity::find()
        .filter(organization::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect())
}

/// The Chinese name of a listing reason (CSV, e-mails).
pub fn reason_zh(code: &str) -> &'static str {
    match code {
        "missed_report" => "未按规定报送年度工作报告",
        "party" => "未按规定设立党组织",
        "rectification_overdue" => "被责令整改逾期未改正",
        "fundraising_idle" => "具有公开募捐资格的慈善组织不再符合条件或六个月未开展公开募捐",
        "penalty_minor" => "受到警告或者不满5万元罚款处罚",
        "unreachable" => "通过登记的住所无法与社会组织取得联系",
        "abnormal_two_years" => "被列入活动异常名录满2年",
        "fraud_change" => "弄虚作假办理变更登记，被撤销变更登记",
        "suspension" => "受到限期停止活动行政处罚",
        "fine_large" => "受到5万元以上罚款处罚",
        "penalties_repeated" => "三年内两次以上受到警告或者不满5万元罚款处罚",
        "defaulter" => "被司法机关纳入失信被执行人名单",
        "revoked" => "被登记管理机关作出撤销登记、吊销登记证书行政处罚",
        _ => "法律、行政法规规定的其他情形",
    }
}
