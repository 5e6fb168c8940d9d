//! An import's checked rows: staged in `import_row`, then moved into the
//! register set-based in one transaction.

use super::*;

/// Rows per statement staged by [`stage_orgs`] (17 values a row, well under
/// SQLite's 32,766 and PostgreSQL's 65,535 parameters).
const STAGE_BULK: usize = 1000;

/// The staged columns of `import_row` copied into `organization`.
const STAGED: &str = "credit_code, name, org_type, domicile, district, legal_rep, capital_fen, supervisory_unit, \
    business_scope, contact_person, contact_phone, contact_email, registration_date, trade_sector";

/// Stages checked rows of import job `job` (line, row) in `import_row`, in
/// short write transactions of their own: nothing is visible in the register,
/// and the write lock is held for one statement at a time. Returns the lines
/// whose name an active organization with another code holds by now (taken
/// after the caller's check read the register; from the staging on,
/// [`check_unique`] refuses it to others while the import runs).
pub async fn stage_orgs(
    db: &DatabaseConnection,
    settings: &Settings,
    job: i64,
    rows: &[(u64, &ValidOrg)],
) -> Result<Vec<u64>, DbErr> {
    let mut taken = Vec::new();
    for chunk in rows.chunks(STAGE_BULK) {
        let mut vals: Vec<Value> = Vec::with_capacity(chunk.len() * 17);
        for (line, v) in chunk {
            vals.extend([
                job.into(),
                (*line as i64).into(),
                v.credit_code.clone().into(),
                v.name.clone().into(),
                v.org_type.as_str().into(),
                v.domicile.clone().into(),
                v.district.clone().into(),
                v.legal_rep.clone().into(),
                v.capital_fen.into(),
                v.supervisory_unit.clone().into(),
                v.business_scope.clone().into(),
                v.contact_person.clone().into(),
                v.contact_phone.clone().into(),
                v.contact_email.clone().into(),
                v.registration_date.into(),
                v.trade_sector.clone().into(),
                term::term_end(v.registration_date, settings.term_years).into(),
            ]);
        }
        let row = format!("({})", vec!["?"; 17].join(", "));
        let sql = format!(
            "INSERT INTO import_row (job_id, n, {STAGED}, term_end) VALUES {}",
            vec![row.as_str(); chunk.len()].join(", ")
        );
        let (lo, hi) = (chunk[0].0 as i64, chunk[chunk.len() - 1].0 as i64);
        let txn = db::begin_write(db).await?;
        db::exec(&txn, &sql, vals).await?;
        let rows = txn
            .query_all_raw(db::stmt(
                txn.get_database_backend(),
                "SELECT s.n FROM import_row s WHERE s.job_id = ? AND s.n >= ? AND s.n <= ? AND EXISTS \
                 (SELECT 1 FROM organization o WHERE o.name = s.name AND o.status = 'active' \
                 AND o.credit_code <> s.credit_code)",
                vec![job.into(), lo.into(), hi.into()],
            ))
            .await?;
        txn.commit().await?;
        for r in rows {
            taken.push(r.try_get::<i64>("", "n")? as u64);
        }
    }
    Ok(taken)
}

/// Deletes the staged rows of import job `job` (`None`: of every job that
/// ended), a few thousand a transaction.
pub async fn unstage(db: &DatabaseConnection, job: Option<i64>) -> Result<(), DbErr> {
    let (cond, vals): (&str, Vec<Value>) = match job {
        Some(id) => ("job_id = ?", vec![id.into()]),
        None => ("job_id IN (SELECT id FROM import_job WHERE finished_at IS NOT NULL)", vec![]),
    };
    let sql = format!(
        "DELETE FROM import_row WHERE (job_id, n) IN (SELECT job_id, n FROM import_row WHERE {cond} LIMIT 5000)"
    );
    loop {
        let txn = db::begin_write(db).await?;
        let n = db::exec(&txn, &sql, vals.clone()).await?;
        txn.commit().await?;
        if n == 0 {
            return Ok(());
        }
    }
}

/// Staged rows moved into the register per [`write_batch`]: on SQLite each
/// batch is a write transaction of its own, short enough that a sign-in
/// waiting behind it answers within a second.
pub const WRITE_BATCH: u64 = 2000;

/// What one [`write_batch`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Batch {
    /// Staged rows taken (and deleted from staging).
    pub taken: u64,
    /// Of those, the organizations registered (the others' codes were on the register by then).
    pub written: u64,
    /// Whether staged rows of the job are left.
    pub more: bool,
}

/// Moves the next [`WRITE_BATCH`] staged rows of import job `job` (in line
/// order) into the register inside the caller's write transaction, as
/// [`insert_org`] does one at a time (the row, its search tokens, its
/// `establish` event, its audit record) in a few set-based statements, and
/// deletes them from staging in the same transaction: a batch is written
/// once, and a job interrupted between batches resumes with the rows left. A
/// row whose code is registered by now is left out (unchanged, as a re-import
/// is). The tallies' triggers count the rows as they are written.
pub async fn write_batch(txn: &DatabaseTransaction, job: i64, actor: &Actor) -> Result<Batch, DbErr> {
    let backend = txn.get_database_backend();
    let pg = backend == DbBackend::Postgres;
    let now = Utc::now();
    let range = txn
        .query_one_raw(db::stmt(
            backend,
            "SELECT COUNT(*) AS taken, MAX(n) AS hi FROM \
             (SELECT n FROM import_row WHERE job_id = ? ORDER BY n LIMIT ?) t",
            vec![job.into(), (WRITE_BATCH as i64).into()],
        ))
        .await?
        .ok_or(DbErr::RecordNotFound("import_row".into()))?;
    let taken = range.try_get::<i64>("", "taken")? as u64;
    let Some(hi) = range.try_get::<Option<i64>>("", "hi")? else {
        return Ok(Batch::default());
    };
    let staged = STAGED.split(", ").map(|c| format!("s.{}", c.trim())).collect::<Vec<_>>().join(", ");
    let insert = format!(
        "INSERT INTO organization ({STAGED}, status, charter_approved_on, term_start, term_end, created_at, updated_at) \
         SELECT {staged}, 'active', s.registration_date, s.registration_date, s.term_end, ?, ? \
         FROM import_row s WHERE s.job_id = ? AND s.n <= ? \
         AND NOT EXISTS (SELECT 1 FROM organization r WHERE r.credit_code = s.credit_code) ORDER BY s.n"
    );
    let vals: Vec<Value> = vec![now.into(), now.into(), job.into(), hi.into()];
    // The first id written: every row of this statement has an id from it on.
    let (written, first) = if pg {
        let row = txn
            .query_one_raw(db::stmt(
                backend,
                &format!("WITH ins AS ({insert} RETURNING id) SELECT COUNT(*) AS n, MIN(id) AS lo FROM ins"),
                vals,
            ))
            .await?
            .ok_or(DbErr::RecordNotInserted)?;
        (row.try_get::<i64>("", "n")? as u64, row.try_get::<Option<i64>>("", "lo")?.unwrap_or(0))
    } else {
        // The write lock is held: nobody else writes organizations meanwhile.
        let before = db::count(txn, "SELECT MAX(id) AS n FROM organization", vec![]).await? as i64;
        (db::exec(txn, &insert, vals).await?, before + 1)
    };
    if written > 0 {
        register_written(txn, job, hi, first, actor, now).await?;
        // The units the rows name (new ones for names not known yet).
        crate::units::service::link_unlinked_in(txn).await?;
    }
    db::exec(txn, "DELETE FROM import_row WHERE job_id = ? AND n <= ?", vec![job.into(), hi.into()]).await?;
    let more = db::count(
        txn,
        "SELECT COUNT(*) AS n FROM (SELECT 1 FROM import_row WHERE job_id = ? LIMIT 1) t",
        vec![job.into()],
    )
    .await?
        > 0;
    Ok(Batch { taken, written, more })
}

/// The search postings, `establish` events and audit records of the
/// organizations a batch of job `job` (staged lines up to `hi`) just wrote,
/// their ids from `first` on.
async fn register_written(
    txn: &DatabaseTransaction,
    job: i64,
    hi: i64,
    first: i64,
    actor: &Actor,
    now: chrono::DateTime<Utc>,
) -> Result<(), DbErr> {
    let backend = txn.get_database_backend();
    let pg = backend == DbBackend::Postgres;
    // This batch's rows: from the first id on (on PostgreSQL, where another
    // transaction may write organizations after the first id, with a staged code).
    let ours = if pg {
        "o.id >= ? AND o.credit_code IN (SELECT credit_code FROM import_row WHERE job_id = ? AND n <= ?)"
    } else {
        "o.id >= ?"
    };
    let ours_vals = || -> Vec<Value> {
        if pg {
            vec![first.into(), job.into(), hi.into()]
        } else {
            vec![first.into()]
        }
    };
    let mut vals: Vec<Value> = vec![actor.id.into(), now.into()];
    vals.extend(ours_vals());
    db::exec(
        txn,
        &format!(
            "INSERT INTO org_event (org_id, kind, event_date, note, changes_json, actor_id, created_at) \
             SELECT o.id, 'establish', o.registration_date, '', '[]', ?, ? FROM organization o WHERE {ours}"
        ),
        vals,
    )
    .await?;
    // The audit records, in id order (the chain continues from the last record).
    let rows = txn
        .query_all_raw(db::stmt(
            backend,
            &format!("SELECT o.id, o.name, o.credit_code FROM organization o WHERE {ours} ORDER BY o.id"),
            ours_vals(),
        ))
        .await?;
    let mut entries = Vec::with_capacity(rows.len());
    let mut postings = Vec::with_capacity(rows.len() * 40);
    for r in &rows {
        let id: i64 = r.try_get("", "id")?;
        let name: String = r.try_get("", "name")?;
        let code: String = r.try_get("", "credit_code")?;
        postings.extend(search::postings(&name, &code).into_iter().map(|(t, p)| (t, id, p)));
        entries.push(Entry {
            action: "import",
            entity: "organization",
            entity_id: id.to_string(),
            before: None,
            after: Some(json!({"name": name, "credit_code": code, "job": job})),
        });
    }
    audit::record_many(txn, actor, entries).await?;
    write_postings(txn, postings).await
}
