//! Indexes for the dashboard's few reads of the register (issue 18): the
//! active organizations registered in a span of days (the rating's boundary
//! month), those whose term ends in a span with their newest conclusion
//! 合格 (sound governance ending this month), the active trade
//! associations, the organizations that left in a year (the monthly exits)
//! and the grades announced in a year.
//!
//! Those on the register lead with `status`: planning without statistics,
//! SQLite takes an index on the equality `status = 'active'` over one on a
//! range, and so walked nine in ten organizations of the register for a few
//! dozen rows. They end with the district and type the dashboard groups by,
//! so both databases answer from the index alone, without a read of each
//! organization's row.

use crate::sql;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQL: &str = r#"
CREATE INDEX organization_active_registered ON organization (status, registration_date, district, org_type);
CREATE INDEX organization_sound_term ON organization (status, last_conclusion, term_end, district, org_type);
CREATE INDEX organization_active_trade ON organization (status, trade_sector, district, org_type);
CREATE INDEX organization_left ON organization (status, status_date);
CREATE INDEX rating_grade_announced ON rating_grade (announced_on, granted_grade)
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run(manager, SQL).await
    }
}
