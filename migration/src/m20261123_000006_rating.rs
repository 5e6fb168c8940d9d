//! Rating (等级评估): indicator sheets per organization type (versioned data,
//! seeded with a default 1000-point sheet for each type), rounds,
//! applications, expert panels and their scores, objections, granted grades
//! with their changes, and the expiry notices sent (once each).

use crate::sql;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQL: &str = r#"
CREATE TABLE rating_sheet (
    id {ID},
    org_type TEXT NOT NULL,
    version INTEGER NOT NULL,
    title TEXT NOT NULL,
    active {BOOL} NOT NULL,
    created_at {TS} NOT NULL,
    UNIQUE (org_type, version)
);
CREATE TABLE rating_item (
    id {ID},
    sheet_id BIGINT NOT NULL REFERENCES rating_sheet (id),
    group_no INTEGER NOT NULL,
    group_name TEXT NOT NULL,
    item_no INTEGER NOT NULL,
    name TEXT NOT NULL,
    max_points INTEGER NOT NULL,
    UNIQUE (sheet_id, group_no, item_no)
);
CREATE TABLE rating_round (
    id {ID},
    year INTEGER NOT NULL,
    title TEXT NOT NULL,
    org_types TEXT NOT NULL,
    apply_from {DATE} NOT NULL,
    apply_to {DATE} NOT NULL,
    notice_days INTEGER NOT NULL,
    created_by BIGINT NULL,
    created_at {TS} NOT NULL
);
CREATE TABLE rating_expert (
    user_id BIGINT PRIMARY KEY REFERENCES app_user (id),
    affiliation TEXT NOT NULL,
    updated_at {TS} NOT NULL
);
CREATE TABLE rating_exclusion (
    expert_id BIGINT NOT NULL REFERENCES app_user (id),
    org_id BIGINT NOT NULL REFERENCES organization (id),
    reason TEXT NOT NULL,
    note TEXT NOT NULL,
    created_at {TS} NOT NULL,
    PRIMARY KEY (expert_id, org_id)
);
CREATE TABLE rating_application (
    id {ID},
    round_id BIGINT NOT NULL REFERENCES rating_round (id),
    org_id BIGINT NOT NULL REFERENCES organization (id),
    sheet_id BIGINT NOT NULL REFERENCES rating_sheet (id),
    status TEXT NOT NULL,
    self_score INTEGER NOT NULL,
    self_assessment TEXT NOT NULL,
    rerating TEXT NOT NULL,
    decision_note TEXT NOT NULL,
    final_score INTEGER NULL,
    grade TEXT NULL,
    notice_from {DATE} NULL,
    notice_to {DATE} NULL,
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL,
    UNIQUE (round_id, org_id)
);
CREATE INDEX rating_application_org ON rating_application (org_id);
CREATE INDEX rating_application_status ON rating_application (status);
CREATE TABLE rating_panel (
    application_id BIGINT NOT NULL REFERENCES rating_application (id),
    expert_id BIGINT NOT NULL REFERENCES app_user (id),
    total INTEGER NULL,
    submitted_at {TS} NULL,
    PRIMARY KEY (application_id, expert_id)
);
CREATE INDEX rating_panel_expert ON rating_panel (expert_id);
CREATE TABLE rating_score (
    application_id BIGINT NOT NULL REFERENCES rating_application (id),
    expert_id BIGINT NOT NULL REFERENCES app_user (id),
    item_id BIGINT NOT NULL REFERENCES rating_item (id),
    points INTEGER NOT NULL,
    PRIMARY KEY (application_id, expert_id, item_id)
);
CREATE TABLE rating_objection (
    id {ID},
    application_id BIGINT NOT NULL REFERENCES rating_application (id),
    name TEXT NOT NULL,
    contact TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL,
    resolution TEXT NOT NULL,
    resolved_by BIGINT NULL,
    resolved_at {TS} NULL,
    created_at {TS} NOT NULL
);
CREATE INDEX rating_objection_application ON rating_objection (application_id);
CREATE TABLE rating_grade (
    id {ID},
    org_id BIGINT NOT NULL REFERENCES organization (id),
    application_id BIGINT NULL REFERENCES rating_application (id),
    grade TEXT NOT NULL,
    granted_grade TEXT NOT NULL,
    score INTEGER NOT NULL,
    announced_on {DATE} NOT NULL,
    valid_from {DATE} NOT NULL,
    valid_to {DATE} NOT NULL,
    status TEXT NOT NULL,
    certificate_no TEXT NOT NULL UNIQUE,
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL
);
CREATE INDEX rating_grade_org ON rating_grade (org_id, status);
CREATE INDEX rating_grade_valid ON rating_grade (status, valid_to);
CREATE TABLE rating_change (
    id {ID},
    grade_id BIGINT NOT NULL REFERENCES rating_grade (id),
    kind TEXT NOT NULL,
    event TEXT NOT NULL,
    event_date {DATE} NOT NULL,
    reason TEXT NOT NULL,
    from_grade TEXT NOT NULL,
    to_grade TEXT NULL,
    actor_id BIGINT NULL,
    created_at {TS} NOT NULL
);
CREATE INDEX rating_change_grade ON rating_change (grade_id);
CREATE TABLE rating_expiry_notice (
    grade_id BIGINT PRIMARY KEY REFERENCES rating_grade (id),
    sent_at {TS} NOT NULL
)
"#;

/// The default sheets: (type, title, groups of (name, items of (name, maximum))).
/// Groups follow the national indicator groups of each type; every sheet adds
/// up to 1000 points.
type Sheet = (&'static str, &'static str, &'static [(&'static str, &'static [(&'static str, u32)])]);

const BASIC: (&str, &[(&str, u32)]) =
    ("基础条件", &[("法人资格", 30), ("章程", 20), ("登记和备案", 20), ("年度检查", 30)]);

const SHEETS: [Sheet; 3] = [
    (
        "social_group",
        "社会团体评估指标（2026版）",
        &[
            BASIC,
            (
                "内部治理",
                &[
                    ("发展规划", 30),
                    ("会员（代表）大会、理事会、监事（会）", 100),
                    ("人力资源", 50),
                    ("党建工作", 40),
                    ("财务资产管理", 120),
                    ("档案和证章管理", 40),
                ],
            ),
            (
                "工作绩效",
                &[("提供服务", 120), ("反映诉求", 60), ("规范行为", 60), ("信息公开与宣传", 60), ("特色工作", 70)],
            ),
            ("社会评价", &[("会员评价", 60), ("管理部门评价", 50), ("社会评价", 40)]),
        ],
    ),
    (
        "social_service",
        "社会服务机构评估指标（2026版）",
        &[
            BASIC,
            (
                "内部治理",
                &[
                    ("发展规划", 30),
                    ("理事会、监事（会）", 90),
                    ("人力资源", 60),
                    ("党建工作", 40),
                    ("财务资产管理", 120),
                    ("档案和证章管理", 40),
                ],
            ),
            ("业务活动和诚信建设", &[("业务活动", 150), ("服务质量", 80), ("诚信建设", 80), ("信息公开", 60)]),
            ("社会评价", &[("服务对象评价", 70), ("管理部门评价", 50), ("社会评价", 30)]),
        ],
    ),
    (
        "foundation",
        "基金会评估指标（2026版）",
        &[
            BASIC,
            (
                "内部治理",
                &[
                    ("发展规划", 30),
                    ("理事会、监事（会）", 100),
                    ("人力资源", 40),
                    ("党建工作", 40),
                    ("财务资产管理", 150),
                    ("档案和证章管理", 40),
                ],
            ),
            ("工作绩效", &[("公益项目", 120), ("公益支出", 100), ("信息公开", 80), ("社会影响", 50)]),
            ("社会评价", &[("捐赠人和受益人评价", 70), ("管理部门评价", 50), ("社会评价", 30)]),
        ],
    ),
];

/// INSERT statements of the default sheets (sheet ids 1–3 in the order above).
fn seed_sql(backend: sea_orm_migration::sea_orm::DatabaseBackend) -> String {
    let (truth, now) = match backend {
        sea_orm_migration::sea_orm::DatabaseBackend::Postgres => ("TRUE", "CURRENT_TIMESTAMP"),
        _ => ("1", "strftime('%Y-%m-%dT%H:%M:%SZ','now')"),
    };
    let mut out = String::new();
    for (sheet_no, (org_type, title, groups)) in SHEETS.iter().enumerate() {
        let total: u32 = groups.iter().flat_map(|(_, items)| items.iter().map(|(_, m)| m)).sum();
        assert_eq!(total, 1000, "sheet {org_type} adds up to 1000");
        let id = sheet_no + 1;
        out.push_str(&format!(
            "INSERT INTO rating_sheet (id, org_type, version, title, active, created_at) \
             VALUES ({id}, '{org_type}', 1, '{title}', {truth}, {now});\n"
        ));
        for (g, (group, items)) in groups.iter().enumerate() {
            for (i, (name, max)) in items.iter().enumerate() {
                out.push_str(&format!(
                    "INSERT INTO rating_item (sheet_id, group_no, group_name, item_no, name, max_points) \
                     VALUES ({id}, {}, '{group}', {}, '{name}', {max});\n",
                    g + 1,
                    i + 1
                ));
            }
        }
    }
    if backend == sea_orm_migration::sea_orm::DatabaseBackend::Postgres {
        out.push_str("SELECT setval('rating_sheet_id_seq', 3);\n");
    }
    out
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run(manager, SQL).await?;
        sql::run(manager, &seed_sql(manager.get_database_backend())).await
    }
}
