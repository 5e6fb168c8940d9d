//! Welfare-lottery sales outlets (福彩销售网点): the registry with its status
//! history, monthly sales per game, the grading sheet (data, seeded here with
//! a default 100-point sheet), yearly gradings with their item scores, and
//! risk inspections with their findings and follow-up.

use crate::sql;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQL: &str = r#"
CREATE TABLE lottery_outlet (
    id {ID},
    outlet_no TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    district TEXT NOT NULL,
    lng_e6 BIGINT NOT NULL,
    lat_e6 BIGINT NOT NULL,
    operator_kind TEXT NOT NULL,
    operator_name TEXT NOT NULL,
    contact_person TEXT NOT NULL,
    contact_phone TEXT NOT NULL,
    terminals TEXT NOT NULL,
    opened_on {DATE} NOT NULL,
    status TEXT NOT NULL,
    status_since {DATE} NOT NULL,
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL
);
CREATE INDEX lottery_outlet_district ON lottery_outlet (district, status);
CREATE INDEX lottery_outlet_status ON lottery_outlet (status);
CREATE TABLE lottery_outlet_event (
    id {ID},
    outlet_id BIGINT NOT NULL REFERENCES lottery_outlet (id),
    kind TEXT NOT NULL,
    event_date {DATE} NOT NULL,
    from_status TEXT NULL,
    to_status TEXT NOT NULL,
    note TEXT NOT NULL,
    changes TEXT NOT NULL,
    actor_id BIGINT NULL,
    created_at {TS} NOT NULL
);
CREATE INDEX lottery_outlet_event_outlet ON lottery_outlet_event (outlet_id);
CREATE TABLE lottery_sales (
    outlet_id BIGINT NOT NULL REFERENCES lottery_outlet (id),
    month TEXT NOT NULL,
    game TEXT NOT NULL,
    amount_fen BIGINT NOT NULL,
    updated_at {TS} NOT NULL,
    PRIMARY KEY (outlet_id, month, game)
);
CREATE INDEX lottery_sales_month ON lottery_sales (month);
CREATE TABLE lottery_sheet (
    id {ID},
    version INTEGER NOT NULL UNIQUE,
    title TEXT NOT NULL,
    active {BOOL} NOT NULL,
    created_at {TS} NOT NULL
);
CREATE TABLE lottery_sheet_item (
    id {ID},
    sheet_id BIGINT NOT NULL REFERENCES lottery_sheet (id),
    item_no INTEGER NOT NULL,
    category TEXT NOT NULL,
    name TEXT NOT NULL,
    max_points INTEGER NOT NULL,
    auto TEXT NOT NULL,
    UNIQUE (sheet_id, item_no)
);
CREATE TABLE lottery_grading (
    id {ID},
    outlet_id BIGINT NOT NULL REFERENCES lottery_outlet (id),
    year INTEGER NOT NULL,
    sheet_id BIGINT NOT NULL REFERENCES lottery_sheet (id),
    total INTEGER NOT NULL,
    grade TEXT NOT NULL,
    capped {BOOL} NOT NULL,
    excellent {BOOL} NOT NULL,
    published {BOOL} NOT NULL,
    note TEXT NOT NULL,
    graded_by BIGINT NULL,
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL,
    UNIQUE (outlet_id, year)
);
CREATE INDEX lottery_grading_year ON lottery_grading (year, grade);
CREATE TABLE lottery_grading_score (
    grading_id BIGINT NOT NULL REFERENCES lottery_grading (id),
    item_id BIGINT NOT NULL REFERENCES lottery_sheet_item (id),
    points INTEGER NOT NULL,
    PRIMARY KEY (grading_id, item_id)
);
CREATE TABLE lottery_inspection (
    id {ID},
    outlet_id BIGINT NOT NULL REFERENCES lottery_outlet (id),
    inspected_on {DATE} NOT NULL,
    inspector TEXT NOT NULL,
    note TEXT NOT NULL,
    deadline {DATE} NULL,
    status TEXT NOT NULL,
    follow_up TEXT NOT NULL,
    rectified_on {DATE} NULL,
    created_by BIGINT NULL,
    created_at {TS} NOT NULL
);
CREATE INDEX lottery_inspection_outlet ON lottery_inspection (outlet_id);
CREATE INDEX lottery_inspection_status ON lottery_inspection (status, deadline);
CREATE TABLE lottery_finding (
    id {ID},
    inspection_id BIGINT NOT NULL REFERENCES lottery_inspection (id),
    outlet_id BIGINT NOT NULL REFERENCES lottery_outlet (id),
    item TEXT NOT NULL,
    prohibited {BOOL} NOT NULL,
    found_on {DATE} NOT NULL,
    rectified {BOOL} NOT NULL,
    UNIQUE (inspection_id, item)
);
CREATE INDEX lottery_finding_outlet ON lottery_finding (outlet_id, found_on)
"#;

/// The default sheet (100 points): (category, name, maximum, computed from).
/// Weights after the domain reference's suggested model (§9.4), with service
/// split into service, training and complaints as the issue names them.
const ITEMS: [(&str, &str, u32, &str); 7] = [
    ("compliance", "合规经营（无违规销售、代销证亮证、专营福彩）", 30, ""),
    ("image", "规范化形象与设施（店招、走势图、警示标语、开奖公告）", 20, ""),
    ("sales", "年度销量（对比本区网点平均）", 20, "sales"),
    ("service", "服务质量（兑奖、营业时间、暗访）", 10, ""),
    ("security", "安全设施（终端保管、现金、监控）", 10, ""),
    ("training", "培训（销售员参训、考核）", 5, ""),
    ("complaints", "投诉处理（有效投诉与办结）", 5, ""),
];

fn seed_sql(backend: sea_orm_migration::sea_orm::DatabaseBackend) -> String {
    let (truth, now) = match backend {
        sea_orm_migration::sea_orm::DatabaseBackend::Postgres => ("TRUE", "CURRENT_TIMESTAMP"),
        _ => ("1", "strftime('%Y-%m-%dT%H:%M:%SZ','now')"),
    };
    let total: u32 = ITEMS.iter().map(|i| i.2).sum();
    assert_eq!(total, 100, "the lottery sheet adds up to 100");
    let mut out = format!(
        "INSERT INTO lottery_sheet (id, version, title, active, created_at) \
         VALUES (1, 1, '福彩销售网点星级评定评分表（2026版）', {truth}, {now});\n"
    );
    for (i, (category, name, max, auto)) in ITEMS.iter().enumerate() {
        out.push_str(&format!(
            "INSERT INTO lottery_sheet_item (sheet_id, item_no, category, name, max_points, auto) \
             VALUES (1, {}, '{category}', '{name}', {max}, '{auto}');\n",
            i + 1
        ));
    }
    if backend == sea_orm_migration::sea_orm::DatabaseBackend::Postgres {
        out.push_str("SELECT setval('lottery_sheet_id_seq', 1);\n");
    }
    out
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run(manager, SQL).await?;
        sql::run(manager, &seed_sql(manager.get_database_backend())).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for t in [
            "lottery_finding",
            "lottery_inspection",
            "lottery_grading_score",
            "lottery_grading",
            "lottery_sheet_item",
            "lottery_sheet",
            "lottery_sales",
            "lottery_outlet_event",
            "lottery_outlet",
        ] {
            db.execute_unprepared(&format!("DROP TABLE IF EXISTS {t}")).await?;
        }
        Ok(())
    }
}
