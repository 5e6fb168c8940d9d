use sea_orm::entity::prelude::*;

/// A CSV import: the decoded file, its progress and its row errors.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "import_job")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub created_by: i64,
    /// organizations | annual_reports
    pub kind: String,
    pub file_name: String,
    /// utf-8 | gbk
    pub encoding: String,
    pub content: String,
    /// checking | writing | failed | done
    pub status: String,
    pub total_rows: i32,
    pub checked_rows: i32,
    pub written_rows: i32,
    pub unchanged_rows: i32,
    /// JSON array of {line, column, reason}
    pub errors_json: String,
    pub created_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
    /// Renewed by the process running the job while it works; a job left
    /// running with an old one was left by a process that died.
    pub heartbeat_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
