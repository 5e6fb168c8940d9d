//! The penalty cases' documents (issue 20): the templates the bureau edits,
//! one row a version (`document_template`: the newest version of a kind is
//! the one in use; version 1, written here, is the default a reset copies
//! back), and each issued document with the text it was issued with
//! (`penalty_document`, one a step: a later edit of the template never
//! changes a document already issued).
//!
//! A template's body may use `{{placeholder}}`s (see
//! `app::domain::penalty_case::documents`); the lines after a line of only
//! `---` are the signature block (the bureau, the seal's place, the date).

use crate::sql;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQL: &str = r#"
CREATE TABLE document_template (
    id {ID},
    kind TEXT NOT NULL,
    version INTEGER NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    created_by BIGINT NULL,
    created_at {TS} NOT NULL
);
CREATE UNIQUE INDEX document_template_kind_version ON document_template (kind, version);
CREATE TABLE penalty_document (
    id {ID},
    case_id BIGINT NOT NULL REFERENCES penalty_case (id),
    step_id BIGINT NOT NULL UNIQUE REFERENCES penalty_case_step (id),
    kind TEXT NOT NULL,
    template_version INTEGER NOT NULL,
    number TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    issued_on {DATE} NOT NULL,
    created_at {TS} NOT NULL
);
CREATE INDEX penalty_document_case ON penalty_document (case_id, kind)
"#;

const SIGNATURE: &str = "---\n{{bureau}}\n〔印章〕\n{{date_cn}}";

/// The default templates: kind, title, body (without the signature block
/// where [`SIGNATURE`] follows).
const DEFAULTS: [(&str, &str, &str, bool); 11] = [
    (
        "opening_approval",
        "立案审批表",
        "案号：{{case_no}}\n当事人：{{party_name}}（统一社会信用代码：{{credit_code}}）\n涉嫌违法事实：{{facts}}\n涉嫌违法情形：{{violation}}\n法律依据：{{legal_basis}}\n承办人意见：上述行为涉嫌违法，属于本机关管辖，建议立案调查。\n负责人审批意见：同意立案。",
        true,
    ),
    (
        "not_opened",
        "不予立案审批表",
        "案号：{{case_no}}\n当事人：{{party_name}}（统一社会信用代码：{{credit_code}}）\n反映的情况：{{facts}}\n承办人意见：经审查，不符合立案条件，建议不予立案。\n负责人审批意见：同意不予立案。",
        true,
    ),
    (
        "notice",
        "行政处罚告知书",
        "{{party_name}}（统一社会信用代码：{{credit_code}}）：\n经查，{{facts}}。\n你（单位）的上述行为属于{{violation}}的情形。依据{{legal_basis}}的规定，本机关拟对你（单位）作出如下行政处罚：{{proposed}}。\n根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你（单位）有权进行陈述和申辩。请于{{statement_deadline}}前（收到本告知书之日起{{statement_days}}日内）向本机关提出陈述、申辩意见，逾期未提出的，视为放弃上述权利。\n{{hearing_rights}}\n特此告知。",
        true,
    ),
    (
        "hearing_notice",
        "听证通知书",
        "{{party_name}}：\n根据你（单位）的申请，本机关决定于{{hearing_date}}在本机关听证室就你（单位）涉嫌{{violation}}一案（{{case_no}}）举行听证。\n请你（单位）的法定代表人或者委托代理人（不超过二人）携带身份证明、授权委托书和有关证据材料准时参加。你（单位）认为听证主持人与本案有直接利害关系的，有权申请回避。无正当理由拒不出席听证或者未经许可中途退出听证的，视为放弃听证权利，本机关终止听证。\n本通知于举行听证{{hearing_notice_days}}日前送达。\n特此通知。",
        true,
    ),
    (
        "hearing_record",
        "听证笔录",
        "案号：{{case_no}}\n案由：涉嫌{{violation}}\n当事人：{{party_name}}（统一社会信用代码：{{credit_code}}）\n听证时间：{{hearing_date}}\n听证地点：{{bureau}}听证室\n听证主持人：　　　　　　记录人：\n调查人员提出的违法事实、证据和处罚建议：{{facts}}。依据{{legal_basis}}。\n当事人的陈述、申辩和质证意见：\n\n\n当事人核对无误后签字：\n---\n听证主持人（签字）：\n记录人（签字）：\n{{date_cn}}",
        false,
    ),
    (
        "decision",
        "行政处罚决定书",
        "当事人：{{party_name}}\n统一社会信用代码：{{credit_code}}\n经查，{{facts}}。\n以上事实有本机关调查取得的证据为证。本机关已依法向你（单位）送达行政处罚告知书，告知了拟作出行政处罚的事实、理由、依据以及依法享有的陈述、申辩和要求听证等权利。\n本机关认为，你（单位）的上述行为属于{{violation}}的情形。依据{{legal_basis}}的规定，本机关决定对你（单位）作出如下行政处罚：{{penalty}}。\n{{payment}}\n{{remedies}}\n特此决定。",
        true,
    ),
    (
        "no_penalty_decision",
        "不予行政处罚决定书",
        "当事人：{{party_name}}\n统一社会信用代码：{{credit_code}}\n经查，{{facts}}。\n本机关认为，上述行为涉嫌{{violation}}（{{legal_basis}}），经调查，依照《中华人民共和国行政处罚法》第五十七条第一款的规定，决定不予行政处罚。\n{{remedies}}\n特此决定。",
        true,
    ),
    (
        "service_receipt",
        "送达回证",
        "案号：{{case_no}}\n送达文书：{{served_document}}\n受送达人：{{party_name}}\n送达方式：{{service_method}}\n送达日期：{{service_date}}\n送达地点：\n受送达人签收：　　　　　　（签名或者盖章）\n送达人：\n见证人：\n备注：",
        true,
    ),
    (
        "transfer_letter",
        "案件移送书",
        "（接收单位）：\n本机关在办理{{party_name}}（统一社会信用代码：{{credit_code}}）一案（{{case_no}}）中发现：{{facts}}。\n该案不属于本机关管辖或者涉嫌犯罪，依据《中华人民共和国行政处罚法》第二十七条和《社会组织登记管理机关行政处罚程序规定》的规定，现将该案移送你单位依法处理。\n附件：案件材料　　份",
        true,
    ),
    (
        "court_application",
        "强制执行申请书",
        "申请人：{{bureau}}\n被申请人：{{party_name}}（统一社会信用代码：{{credit_code}}）\n申请事项：请求依法强制执行本机关作出的{{decision_no}}行政处罚决定书，即：{{penalty}}。\n事实与理由：{{facts}}。本机关依据{{legal_basis}}作出上述决定并依法送达。被申请人在法定期限内未申请行政复议或者提起行政诉讼，又不履行该决定，经书面催告仍未履行。依据《中华人民共和国行政强制法》第五十三条、第五十四条的规定，特申请强制执行。\n此致\n人民法院",
        true,
    ),
    (
        "closing_report",
        "结案报告",
        "案号：{{case_no}}\n当事人：{{party_name}}（统一社会信用代码：{{credit_code}}）\n案件事实：{{facts}}。\n办理情况：本案已依法办理终结，有关文书已送达并归档。\n承办人意见：建议结案。\n负责人审批意见：同意结案。",
        true,
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run(manager, SQL).await?;
        let backend = manager.get_database_backend();
        let db = manager.get_connection();
        let insert = match backend {
            sea_orm_migration::sea_orm::DatabaseBackend::Postgres => {
                "INSERT INTO document_template (kind, version, title, body, created_by, created_at) \
                 VALUES ($1, 1, $2, $3, NULL, CURRENT_TIMESTAMP)"
            }
            _ => {
                "INSERT INTO document_template (kind, version, title, body, created_by, created_at) \
                 VALUES (?, 1, ?, ?, NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"
            }
        };
        for (kind, title, body, signed) in DEFAULTS {
            let body = if signed { format!("{body}\n{SIGNATURE}") } else { body.to_string() };
            db.execute_raw(Statement::from_sql_and_values(backend, insert, [kind.into(), title.into(), body.into()]))
                .await?;
        }
        Ok(())
    }
}
