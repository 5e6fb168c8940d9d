//! Every SeaORM entity (`entity::all()`) against the schema the migrations
//! build, on SQLite and PostgreSQL: its table exists; the table's columns are
//! the entity's columns, each with the entity's nullability and type; the
//! primary key is the entity's. Every other table is named below as kept in
//! SQL, and every file of `entity/src` is in `entity::all()`, so a new table or
//! entity is noticed.

use std::collections::{BTreeMap, BTreeSet};

use sea_orm::{ColumnType, ConnectionTrait, DatabaseConnection};
use sunshine_tests::{db_test, Backend};

/// The tables with no entity, on purpose: written by set-based SQL, triggers
/// or upserts, never as one plain row of a form.
const SQL_ONLY: [&str; 27] = [
    // the dashboard's tallies and snapshots, kept by triggers and recounts
    "org_tally",
    "filing_tally",
    "governance_tally",
    "grade_tally",
    "dashboard_snapshot",
    // the daily jobs' keyed rows, each inserted with its effect, and their log
    "reminder_log",
    "filing_flag",
    "charity_overdue",
    "charitable_trust_overdue",
    "rating_expiry_notice",
    "organization_credit",
    "job_run",
    "audit_day_head",
    // counters and locks, taken with a row lock or an upsert
    "audit_head",
    "data_generation",
    "number_sequence",
    "login_lock",
    // rows staged, frozen or logged in sets
    "import_row",
    "inspection_stratum",
    "inspection_mail",
    // versions and issued texts, appended and read whole (migration 24)
    "document_template",
    "penalty_document",
    // a submitted annual report's trade-association section, kept whole (migration 28)
    "trade_report_section",
    // a joint campaign's departments and a joint result's findings, written
    // in sets with the campaign and the result (migration 30)
    "campaign_department",
    "inspection_finding",
    // a result's checklist answers, replaced in a set with the result (migration 31)
    "inspection_item_answer",
    // the name search's postings, written in sets with the names and codes (migration 33)
    "name_posting",
];

/// Columns a table has beyond its entity, on purpose.
const NOT_IN_ENTITY: [(&str, &str); 0] = [];

/// Tables that are neither an entity's nor in [`SQL_ONLY`]: the migrator's
/// own and SQLite's.
fn not_ours(table: &str) -> bool {
    table == "seaql_migrations" || table.starts_with("sqlite_")
}

/// A column as the migrated database has it.
#[derive(Debug)]
struct DbColumn {
    /// PostgreSQL's `data_type`, or SQLite's declared type.
    ty: String,
    nullable: bool,
    pk: bool,
}

async fn rows(db: &DatabaseConnection, sql: &str, values: Vec<sea_orm::Value>) -> Vec<sea_orm::QueryResult> {
    db.query_all_raw(app::db::stmt(db.get_database_backend(), sql, values)).await.unwrap()
}

async fn tables(db: &DatabaseConnection, backend: Backend) -> BTreeSet<String> {
    let sql = match backend {
        Backend::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table'",
        Backend::Postgres => {
            "SELECT table_name::text AS name FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        }
    };
    rows(db, sql, vec![]).await.iter().map(|r| r.try_get::<String>("", "name").unwrap()).collect()
}

async fn columns(db: &DatabaseConnection, backend: Backend, table: &str) -> BTreeMap<String, DbColumn> {
    let sql = match backend {
        // A primary key's column may be declared without NOT NULL on SQLite.
        Backend::Sqlite => {
            "SELECT name, type AS ty, \"notnull\" = 0 AND pk = 0 AS nullable, pk > 0 AS pk \
             FROM pragma_table_info(?)"
        }
        Backend::Postgres => {
            "SELECT c.column_name::text AS name, c.data_type::text AS ty, c.is_nullable = 'YES' AS nullable, \
             EXISTS (SELECT 1 FROM information_schema.table_constraints t \
               JOIN information_schema.key_column_usage k ON k.constraint_schema = t.constraint_schema \
                AND k.constraint_name = t.constraint_name \
               WHERE t.constraint_type = 'PRIMARY KEY' AND t.table_schema = c.table_schema \
                AND t.table_name = c.table_name AND k.column_name = c.column_name) AS pk \
             FROM information_schema.columns c WHERE c.table_schema = current_schema() AND c.table_name = ?"
        }
    };
    rows(db, sql, vec![table.into()])
        .await
        .iter()
        .map(|r| {
            let name: String = r.try_get("", "name").unwrap();
            let column = DbColumn {
                ty: r.try_get("", "ty").unwrap(),
                nullable: r.try_get("", "nullable").unwrap(),
                pk: r.try_get("", "pk").unwrap(),
            };
            (name, column)
        })
        .collect()
}

/// The types a column of the entity's type may be declared with, as the
/// migrations write them (`migration/src/sql.rs`: on SQLite a date or a
/// timestamp is TEXT and a boolean INTEGER; the `{ID}` key is INTEGER).
fn declared_as(ty: &ColumnType, backend: Backend, pk: bool) -> &'static [&'static str] {
    match (backend, ty) {
        (Backend::Postgres, ColumnType::BigInteger) => &["bigint"],
        (Backend::Postgres, ColumnType::Integer) => &["integer"],
        (Backend::Postgres, ColumnType::String(_) | ColumnType::Text) => &["text"],
        (Backend::Postgres, ColumnType::Boolean) => &["boolean"],
        (Backend::Postgres, ColumnType::Date) => &["date"],
        (Backend::Postgres, ColumnType::TimestampWithTimeZone) => &["timestamp with time zone"],
        (Backend::Postgres, ColumnType::VarBinary(_) | ColumnType::Blob) => &["bytea"],
        (Backend::Sqlite, ColumnType::BigInteger) if pk => &["BIGINT", "INTEGER"],
        (Backend::Sqlite, ColumnType::BigInteger) => &["BIGINT"],
        (Backend::Sqlite, ColumnType::Integer | ColumnType::Boolean) => &["INTEGER"],
        (
            Backend::Sqlite,
            ColumnType::String(_) | ColumnType::Text | ColumnType::Date | ColumnType::TimestampWithTimeZone,
        ) => &["TEXT"],
        (Backend::Sqlite, ColumnType::VarBinary(_) | ColumnType::Blob) => &["BLOB"],
        _ => &[],
    }
}

/// What differs between the entities and the migrated schema, one line each.
async fn differences(db: &DatabaseConnection, backend: Backend) -> Vec<String> {
    let mut out = Vec::new();
    let entities = entity::all();
    let in_db = tables(db, backend).await;
    let mut seen = BTreeSet::new();
    for e in &entities {
        let t = e.table;
        if !seen.insert(t) {
            out.push(format!("{t}: listed twice in entity::all()"));
        }
        if SQL_ONLY.contains(&t) {
            out.push(format!("{t}: has an entity and is in SQL_ONLY"));
        }
        if !in_db.contains(t) {
            out.push(format!("{t}: no such table"));
            continue;
        }
        let mut actual = columns(db, backend, t).await;
        for (name, def) in &e.columns {
            let Some(c) = actual.remove(*name) else {
                out.push(format!("{t}.{name}: in the entity, not in the table"));
                continue;
            };
            let pk = e.primary_key.contains(name);
            if def.is_null() != c.nullable {
                let say = |null: bool| if null { "NULL" } else { "NOT NULL" };
                out.push(format!("{t}.{name}: the entity says {}, the table {}", say(def.is_null()), say(c.nullable)));
            }
            let types = declared_as(def.get_column_type(), backend, pk);
            if !types.contains(&c.ty.as_str()) {
                out.push(format!("{t}.{name}: the entity's {:?} is not the table's {}", def.get_column_type(), c.ty));
            }
            if pk != c.pk {
                let say = |k: bool| if k { "in" } else { "not in" };
                out.push(format!("{t}.{name}: {} the entity's primary key, {} the table's", say(pk), say(c.pk)));
            }
        }
        for name in actual.keys() {
            if !NOT_IN_ENTITY.contains(&(t, name.as_str())) {
                out.push(format!("{t}.{name}: in the table, not in the entity"));
            }
        }
    }
    for t in &in_db {
        if !seen.contains(t.as_str()) && !SQL_ONLY.contains(&t.as_str()) && !not_ours(t) {
            out.push(format!("{t}: a table with no entity, not in SQL_ONLY"));
        }
    }
    for t in SQL_ONLY {
        if !in_db.contains(t) {
            out.push(format!("{t}: in SQL_ONLY, no such table"));
        }
    }
    out
}

db_test!(every_entity_matches_the_migrated_schema, |app| {
    let diff = differences(&app.db, app.backend).await;
    assert!(diff.is_empty(), "entities and the migrated schema ({:?}) differ:\n{}", app.backend, diff.join("\n"));
});

/// An entity file (`entity/src/<table>.rs`) not in `entity::all()` would
/// escape the comparison above.
#[test]
fn every_entity_file_is_listed() {
    let listed: BTreeSet<&str> = entity::all().iter().map(|e| e.table).collect();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../entity/src");
    let mut files = 0;
    for f in std::fs::read_dir(&dir).unwrap() {
        let path = f.unwrap().path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else { continue };
        if path.extension().is_some_and(|x| x == "rs") && stem != "lib" {
            files += 1;
            assert!(listed.contains(stem), "entity/src/{stem}.rs is not in entity::all() (entity/src/lib.rs)");
        }
    }
    assert_eq!(files, listed.len(), "entity::all() lists a table with no file of its own in entity/src");
}
