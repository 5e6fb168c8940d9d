//! The supervision dashboard: the year's targets (data, entered by officers),
//! the daily snapshot of every measure (the trend over the year), and the
//! tallies that let the dashboard count a million organizations without
//! reading them.
//!
//! The tallies are kept by database triggers, so they change in the same
//! transaction as the records they count, whatever code writes them:
//! - `org_tally`: organizations by status, type, district and month of
//!   registration;
//! - `filing_tally`: filed annual reports (first submitted) by report year and
//!   their organization's status, type, district and month of registration;
//! - `governance_tally`: active organizations whose newest concluded annual
//!   report is 合格, by type, district and month of the end of their term.
//!
//! `organization.last_conclusion` (the conclusion of the newest concluded
//! report) is kept by the report triggers. The migration fills everything
//! from the records already there.

use crate::sql::{self, ym};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: &str = r#"
CREATE TABLE dashboard_target (
    id {ID},
    year INTEGER NOT NULL,
    name TEXT NOT NULL,
    measure TEXT NOT NULL,
    target BIGINT NOT NULL,
    unit TEXT NOT NULL,
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL,
    UNIQUE (year, name)
);
CREATE TABLE dashboard_snapshot (
    measure TEXT NOT NULL,
    day {DATE} NOT NULL,
    value BIGINT NOT NULL,
    PRIMARY KEY (measure, day)
);
CREATE TABLE org_tally (
    status TEXT NOT NULL,
    org_type TEXT NOT NULL,
    district TEXT NOT NULL,
    reg_month TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (status, org_type, district, reg_month)
);
CREATE TABLE filing_tally (
    report_year INTEGER NOT NULL,
    status TEXT NOT NULL,
    org_type TEXT NOT NULL,
    district TEXT NOT NULL,
    reg_month TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (report_year, status, org_type, district, reg_month)
);
CREATE TABLE governance_tally (
    org_type TEXT NOT NULL,
    district TEXT NOT NULL,
    term_month TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (org_type, district, term_month)
);
ALTER TABLE organization ADD COLUMN last_conclusion TEXT NULL;
CREATE INDEX organization_status_date ON organization (status_date);
CREATE INDEX organization_active_term ON organization (term_end) WHERE status = 'active';
CREATE INDEX annual_report_conclusion ON annual_report (org_id, status, report_year);
CREATE INDEX annual_report_status ON annual_report (status)
"#;

/// Fills the column and the tallies from the records.
fn backfill(b: DatabaseBackend) -> Vec<String> {
    let mut out = vec!["UPDATE organization SET last_conclusion = (SELECT r.conclusion FROM annual_report r \
         WHERE r.org_id = organization.id AND r.status = 'concluded' ORDER BY r.report_year DESC LIMIT 1)"
        .to_string()];
    out.extend(tally_backfill(b));
    out
}

/// Fills the three tallies (empty) from the records.
pub(crate) fn tally_backfill(b: DatabaseBackend) -> Vec<String> {
    vec![
        format!(
            "INSERT INTO org_tally (status, org_type, district, reg_month, n) \
             SELECT status, org_type, district, {m}, COUNT(*) FROM organization \
             GROUP BY status, org_type, district, {m}",
            m = ym(b, "registration_date")
        ),
        format!(
            "INSERT INTO filing_tally (report_year, status, org_type, district, reg_month, n) \
             SELECT r.report_year, o.status, o.org_type, o.district, {m}, COUNT(*) \
             FROM annual_report r JOIN organization o ON o.id = r.org_id WHERE r.first_submitted_at IS NOT NULL \
             GROUP BY r.report_year, o.status, o.org_type, o.district, {m}",
            m = ym(b, "o.registration_date")
        ),
        format!(
            "INSERT INTO governance_tally (org_type, district, term_month, n) \
             SELECT org_type, district, {m}, COUNT(*) FROM organization \
             WHERE status = 'active' AND last_conclusion = 'qualified' GROUP BY org_type, district, {m}",
            m = ym(b, "term_end")
        ),
    ]
}

/// The newest concluded report's conclusion of organization `id` (an SQL
/// expression).
pub(crate) fn newest_conclusion(id: &str) -> String {
    format!(
        "(SELECT r.conclusion FROM annual_report r WHERE r.org_id = {id} AND r.status = 'concluded' \
         ORDER BY r.report_year DESC LIMIT 1)"
    )
}

/// SQLite: one trigger per event, their bodies plain SQL.
fn sqlite_triggers() -> Vec<String> {
    let b = DatabaseBackend::Sqlite;
    let key = |row: &str| {
        format!(
            "status = {row}.status AND org_type = {row}.org_type AND district = {row}.district AND reg_month = {}",
            ym(b, &format!("{row}.registration_date"))
        )
    };
    let org_add = |row: &str| {
        format!(
            "INSERT INTO org_tally (status, org_type, district, reg_month, n) \
             VALUES ({row}.status, {row}.org_type, {row}.district, {}, 1) \
             ON CONFLICT (status, org_type, district, reg_month) DO UPDATE SET n = n + 1;",
            ym(b, &format!("{row}.registration_date"))
        )
    };
    let org_sub = |row: &str| format!("UPDATE org_tally SET n = n - 1 WHERE {};", key(row));
    let gov_add = |row: &str| {
        format!(
            "INSERT INTO governance_tally (org_type, district, term_month, n) \
             SELECT {row}.org_type, {row}.district, {}, 1 \
             WHERE {row}.status = 'active' AND {row}.last_conclusion = 'qualified' \
             ON CONFLICT (org_type, district, term_month) DO UPDATE SET n = n + 1;",
            ym(b, &format!("{row}.term_end"))
        )
    };
    let gov_sub = |row: &str| {
        format!(
            "UPDATE governance_tally SET n = n - 1 WHERE {row}.status = 'active' AND {row}.last_conclusion = 'qualified' \
             AND org_type = {row}.org_type AND district = {row}.district AND term_month = {};",
            ym(b, &format!("{row}.term_end"))
        )
    };
    // A filed report of organization row `o` (a table or OLD/NEW) in year `year`.
    let filing_add = |from: &str, year: &str, o: &str, filter: &str| {
        format!(
            "INSERT INTO filing_tally (report_year, status, org_type, district, reg_month, n) \
             SELECT {year}, {o}.status, {o}.org_type, {o}.district, {}, 1 FROM {from} WHERE {filter} \
             ON CONFLICT (report_year, status, org_type, district, reg_month) DO UPDATE SET n = n + 1;",
            ym(b, &format!("{o}.registration_date"))
        )
    };
    let refresh = |id: &str| {
        let newest = newest_conclusion(id);
        format!(
            "UPDATE organization SET last_conclusion = {newest} WHERE id = {id} AND last_conclusion IS NOT {newest};"
        )
    };
    let report_sub = "UPDATE filing_tally SET n = n - 1 WHERE OLD.first_submitted_at IS NOT NULL \
        AND report_year = OLD.report_year AND (status, org_type, district, reg_month) = \
        (SELECT o.status, o.org_type, o.district, substr(o.registration_date, 1, 7) FROM organization o WHERE o.id = OLD.org_id);";
    let report_add = filing_add(
        "organization o",
        "NEW.report_year",
        "o",
        "o.id = NEW.org_id AND NEW.first_submitted_at IS NOT NULL",
    );
    vec![
        format!("CREATE TRIGGER organization_tally_insert AFTER INSERT ON organization BEGIN {} {} END", org_add("NEW"), gov_add("NEW")),
        format!("CREATE TRIGGER organization_tally_delete AFTER DELETE ON organization BEGIN {} {} END", org_sub("OLD"), gov_sub("OLD")),
        format!(
            "CREATE TRIGGER organization_tally_update AFTER UPDATE OF status, org_type, district, registration_date \
             ON organization WHEN OLD.status IS NOT NEW.status OR OLD.org_type IS NOT NEW.org_type \
             OR OLD.district IS NOT NEW.district OR OLD.registration_date IS NOT NEW.registration_date BEGIN \
             {} {} \
             UPDATE filing_tally SET n = n - 1 WHERE {} AND report_year IN \
             (SELECT report_year FROM annual_report WHERE org_id = OLD.id AND first_submitted_at IS NOT NULL); \
             {} END",
            org_sub("OLD"),
            org_add("NEW"),
            key("OLD"),
            filing_add("annual_report r", "r.report_year", "NEW", "r.org_id = NEW.id AND r.first_submitted_at IS NOT NULL"),
        ),
        format!(
            "CREATE TRIGGER organization_governance_update AFTER UPDATE OF status, org_type, district, term_end, \
             last_conclusion ON organization WHEN OLD.status IS NOT NEW.status OR OLD.org_type IS NOT NEW.org_type \
             OR OLD.district IS NOT NEW.district OR OLD.term_end IS NOT NEW.term_end \
             OR OLD.last_conclusion IS NOT NEW.last_conclusion BEGIN {} {} END",
            gov_sub("OLD"),
            gov_add("NEW")
        ),
        format!(
            "CREATE TRIGGER annual_report_tally_insert AFTER INSERT ON annual_report BEGIN {report_add} {} END",
            refresh("NEW.org_id")
        ),
        format!(
            "CREATE TRIGGER annual_report_tally_delete AFTER DELETE ON annual_report BEGIN {report_sub} {} END",
            refresh("OLD.org_id")
        ),
        format!(
            "CREATE TRIGGER annual_report_tally_update AFTER UPDATE OF org_id, report_year, first_submitted_at, status, \
             conclusion ON annual_report WHEN (OLD.first_submitted_at IS NULL) IS NOT (NEW.first_submitted_at IS NULL) \
             OR OLD.report_year IS NOT NEW.report_year OR OLD.org_id IS NOT NEW.org_id OR OLD.status IS NOT NEW.status \
             OR OLD.conclusion IS NOT NEW.conclusion BEGIN {report_sub} {report_add} {} {} END",
            refresh("OLD.org_id"),
            refresh("NEW.org_id")
        ),
    ]
}

/// PostgreSQL: one plpgsql function a table, its triggers skipping updates
/// that change nothing counted.
fn postgres_triggers() -> Vec<String> {
    let b = DatabaseBackend::Postgres;
    let m = |c: &str| ym(b, c);
    let refresh = |id: &str| {
        let newest = newest_conclusion(id);
        format!(
            "UPDATE organization SET last_conclusion = {newest} WHERE id = {id} \
             AND last_conclusion IS DISTINCT FROM {newest};"
        )
    };
    vec![
        format!(
            "CREATE FUNCTION sunshine_organization_tally() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE org_tally SET n = n - 1 WHERE status = OLD.status AND org_type = OLD.org_type
      AND district = OLD.district AND reg_month = {old_reg};
    IF OLD.status = 'active' AND OLD.last_conclusion = 'qualified' THEN
      UPDATE governance_tally SET n = n - 1 WHERE org_type = OLD.org_type AND district = OLD.district
        AND term_month = {old_term};
    END IF;
    UPDATE filing_tally t SET n = t.n - 1 FROM annual_report r WHERE r.org_id = OLD.id
      AND r.first_submitted_at IS NOT NULL AND t.report_year = r.report_year AND t.status = OLD.status
      AND t.org_type = OLD.org_type AND t.district = OLD.district AND t.reg_month = {old_reg};
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO org_tally (status, org_type, district, reg_month, n)
      VALUES (NEW.status, NEW.org_type, NEW.district, {new_reg}, 1)
      ON CONFLICT (status, org_type, district, reg_month) DO UPDATE SET n = org_tally.n + 1;
    IF NEW.status = 'active' AND NEW.last_conclusion = 'qualified' THEN
      INSERT INTO governance_tally (org_type, district, term_month, n)
        VALUES (NEW.org_type, NEW.district, {new_term}, 1)
        ON CONFLICT (org_type, district, term_month) DO UPDATE SET n = governance_tally.n + 1;
    END IF;
    INSERT INTO filing_tally (report_year, status, org_type, district, reg_month, n)
      SELECT r.report_year, NEW.status, NEW.org_type, NEW.district, {new_reg}, 1 FROM annual_report r
      WHERE r.org_id = NEW.id AND r.first_submitted_at IS NOT NULL
      ON CONFLICT (report_year, status, org_type, district, reg_month) DO UPDATE SET n = filing_tally.n + 1;
  END IF;
  RETURN NULL;
END
$fn$",
            old_reg = m("OLD.registration_date"),
            new_reg = m("NEW.registration_date"),
            old_term = m("OLD.term_end"),
            new_term = m("NEW.term_end"),
        ),
        "CREATE TRIGGER organization_tally_insert_delete AFTER INSERT OR DELETE ON organization \
         FOR EACH ROW EXECUTE FUNCTION sunshine_organization_tally()"
            .into(),
        "CREATE TRIGGER organization_tally_update AFTER UPDATE ON organization FOR EACH ROW \
         WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.org_type IS DISTINCT FROM NEW.org_type \
         OR OLD.district IS DISTINCT FROM NEW.district OR OLD.registration_date IS DISTINCT FROM NEW.registration_date \
         OR OLD.term_end IS DISTINCT FROM NEW.term_end OR OLD.last_conclusion IS DISTINCT FROM NEW.last_conclusion) \
         EXECUTE FUNCTION sunshine_organization_tally()"
            .into(),
        format!(
            "CREATE FUNCTION sunshine_report_tally() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.first_submitted_at IS NOT NULL THEN
    UPDATE filing_tally t SET n = t.n - 1 FROM organization o WHERE o.id = OLD.org_id
      AND t.report_year = OLD.report_year AND t.status = o.status AND t.org_type = o.org_type
      AND t.district = o.district AND t.reg_month = {o_reg};
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.first_submitted_at IS NOT NULL THEN
    INSERT INTO filing_tally (report_year, status, org_type, district, reg_month, n)
      SELECT NEW.report_year, o.status, o.org_type, o.district, {o_reg}, 1 FROM organization o WHERE o.id = NEW.org_id
      ON CONFLICT (report_year, status, org_type, district, reg_month) DO UPDATE SET n = filing_tally.n + 1;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    {refresh_old}
  END IF;
  IF TG_OP <> 'DELETE' THEN
    {refresh_new}
  END IF;
  RETURN NULL;
END
$fn$",
            o_reg = m("o.registration_date"),
            refresh_old = refresh("OLD.org_id"),
            refresh_new = refresh("NEW.org_id"),
        ),
        "CREATE TRIGGER annual_report_tally_insert_delete AFTER INSERT OR DELETE ON annual_report \
         FOR EACH ROW EXECUTE FUNCTION sunshine_report_tally()"
            .into(),
        "CREATE TRIGGER annual_report_tally_update AFTER UPDATE ON annual_report FOR EACH ROW \
         WHEN ((OLD.first_submitted_at IS NULL) IS DISTINCT FROM (NEW.first_submitted_at IS NULL) \
         OR OLD.report_year IS DISTINCT FROM NEW.report_year OR OLD.org_id IS DISTINCT FROM NEW.org_id \
         OR OLD.status IS DISTINCT FROM NEW.status OR OLD.conclusion IS DISTINCT FROM NEW.conclusion) \
         EXECUTE FUNCTION sunshine_report_tally()"
            .into(),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run(manager, TABLES).await?;
        let backend = manager.get_database_backend();
        let db = manager.get_connection();
        let triggers = match backend {
            DatabaseBackend::Postgres => postgres_triggers(),
            _ => sqlite_triggers(),
        };
        for stmt in backfill(backend).into_iter().chain(triggers) {
            db.execute_unprepared(&stmt).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let drops: &[&str] = match manager.get_database_backend() {
            DatabaseBackend::Postgres => &[
                "DROP TRIGGER IF EXISTS organization_tally_insert_delete ON organization",
                "DROP TRIGGER IF EXISTS organization_tally_update ON organization",
                "DROP TRIGGER IF EXISTS annual_report_tally_insert_delete ON annual_report",
                "DROP TRIGGER IF EXISTS annual_report_tally_update ON annual_report",
                "DROP FUNCTION IF EXISTS sunshine_organization_tally()",
                "DROP FUNCTION IF EXISTS sunshine_report_tally()",
            ],
            _ => &[
                "DROP TRIGGER IF EXISTS organization_tally_insert",
                "DROP TRIGGER IF EXISTS organization_tally_delete",
                "DROP TRIGGER IF EXISTS organization_tally_update",
                "DROP TRIGGER IF EXISTS organization_governance_update",
                "DROP TRIGGER IF EXISTS annual_report_tally_insert",
                "DROP TRIGGER IF EXISTS annual_report_tally_delete",
                "DROP TRIGGER IF EXISTS annual_report_tally_update",
            ],
        };
        for stmt in drops {
            db.execute_unprepared(stmt).await?;
        }
        for t in ["governance_tally", "filing_tally", "org_tally", "dashboard_snapshot", "dashboard_target"] {
            db.execute_unprepared(&format!("DROP TABLE IF EXISTS {t}")).await?;
        }
        for i in
            ["organization_status_date", "organization_active_term", "annual_report_conclusion", "annual_report_status"]
        {
            db.execute_unprepared(&format!("DROP INDEX IF EXISTS {i}")).await?;
        }
        db.execute_unprepared("ALTER TABLE organization DROP COLUMN last_conclusion").await?;
        Ok(())
    }
}
