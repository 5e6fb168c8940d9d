//! The officers' list of active organizations by party status and its CSV;
//! the two coverages (两个覆盖) and the year's met checks for the dashboard.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Value};

use crate::db;
use crate::domain::dashboard::Share;
use crate::domain::paging::Paging;
use crate::domain::party::{self as rules, Coverage, Kind, Step};
use crate::error::AppError;
use crate::kernel::csv::Record;
use crate::party::types::*;

async fn rows<C: ConnectionTrait>(db: &C, sql: &str, vals: Vec<Value>) -> Result<Vec<QueryResult>, DbErr> {
    db.query_all_raw(db::stmt(db.get_database_backend(), sql, vals)).await
}

/// The list's `FROM … WHERE` (active organizations, the filter's conditions).
fn from_where(f: &ListFilter) -> (String, Vec<Value>) {
    let mut sql =
        String::from("FROM organization o LEFT JOIN party_org p ON p.org_id = o.id WHERE o.status = 'active'");
    let mut vals: Vec<Value> = Vec::new();
    if crate::domain::org_type::OrgType::parse(&f.org_type).is_some() {
        sql.push_str(" AND o.org_type = ?");
        vals.push(f.org_type.clone().into());
    }
    if !f.district.trim().is_empty() {
        sql.push_str(" AND o.district = ?");
        vals.push(f.district.trim().to_string().into());
    }
    if f.kind == "unrecorded" {
        sql.push_str(" AND p.id IS NULL");
    } else if let Some(k) = Kind::parse(&f.kind) {
        sql.push_str(" AND p.kind = ?");
        vals.push(k.as_str().into());
    }
    if f.no_instructor == "1" {
        sql.push_str(" AND COALESCE(p.instructor_name, '') = ''");
    }
    (sql, vals)
}

const COLUMNS: &str = "SELECT o.id AS id, o.name AS name, o.credit_code AS credit_code, o.org_type AS org_type, \
     o.district AS district, p.kind AS kind, p.joint_with AS joint_with, p.none_reason AS none_reason, \
     p.established_on AS established_on, p.full_members AS full_members, \
     p.probationary_members AS probationary_members, p.instructor_name AS instructor_name";

/// A row as read, with the columns only the CSV shows.
pub struct Read {
    row: ListRow,
    joint_with: String,
    none_reason: String,
    established_on: Option<NaiveDate>,
}

/// The newest check of each step met, counted per organization of `ids`.
async fn steps_done<C: ConnectionTrait>(db: &C, ids: &[i64]) -> Result<HashMap<i64, u32>, DbErr> {
    let mut out = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let marks = vec!["?"; ids.len()].join(", ");
    let mut newest: HashMap<(i64, String), bool> = HashMap::new();
    for r in rows(
        db,
        &format!("SELECT org_id, step, done FROM party_sync WHERE org_id IN ({marks}) ORDER BY day, id"),
        ids.iter().map(|i| Value::from(*i)).collect(),
    )
    .await?
    {
        newest.insert((r.try_get("", "org_id")?, r.try_get("", "step")?), r.try_get("", "done")?);
    }
    for ((org, _), done) in newest {
        if done {
            *out.entry(org).or_default() += 1;
        }
    }
    Ok(out)
}

async fn read<C: ConnectionTrait>(db: &C, sql: &str, vals: Vec<Value>) -> Result<Vec<Read>, DbErr> {
    let mut out = Vec::new();
    for r in rows(db, sql, vals).await? {
        let kind: Option<String> = r.try_get("", "kind")?;
        let full = r.try_get::<Option<i32>>("", "full_members")?.unwrap_or(0);
        let parsed = kind.as_deref().and_then(Kind::parse);
        out.push(Read {
            row: ListRow {
                org_id: r.try_get("", "id")?,
                name: r.try_get("", "name")?,
                credit_code: r.try_get("", "credit_code")?,
                org_type: r.try_get("", "org_type")?,
                district: r.try_get("", "district")?,
                kind,
                full_members: full,
                probationary_members: r.try_get::<Option<i32>>("", "probationary_members")?.unwrap_or(0),
                instructor: r.try_get::<Option<String>>("", "instructor_name")?.unwrap_or_default(),
                should_establish: parsed.is_some_and(|k| rules::should_establish(k, full)),
                steps_done: 0,
            },
            joint_with: r.try_get::<Option<String>>("", "joint_with")?.unwrap_or_default(),
            none_reason: r.try_get::<Option<String>>("", "none_reason")?.unwrap_or_default(),
            established_on: r.try_get("", "established_on")?,
        });
    }
    let done = steps_done(db, &out.iter().map(|r| r.row.org_id).collect::<Vec<_>>()).await?;
    for r in &mut out {
        r.row.steps_done = done.get(&r.row.org_id).copied().unwrap_or(0);
    }
    Ok(out)
}

/// Active organizations by the filter, in the register's order.
pub async fn list<C: ConnectionTrait>(db: &C, f: &ListFilter, districts: Vec<String>) -> Result<ListPage, AppError> {
    let (sql, vals) = from_where(f);
    let p = Paging::new(f.page, PER_PAGE);
    let total = db::count_from(db, &sql, vals.clone()).await?;
    let rows = read(db, &format!("{COLUMNS} {sql} ORDER BY o.id {}", p.limit_offset()), vals)
        .await?
        .into_iter()
        .map(|r| r.row)
        .collect();
    Ok(ListPage { rows, total: u64::try_from(total).unwrap_or(0), page: p.page, per_page: PER_PAGE, districts })
}

/// The list's records after organization `after` (every page, the filter's
/// rows), and the last id read.
pub async fn list_csv_after<C: ConnectionTrait>(
    db: &C,
    f: &ListFilter,
    after: i64,
    batch: u64,
) -> Result<(Vec<PartyRecord>, Option<i64>), DbErr> {
    let (sql, mut vals) = from_where(f);
    vals.push(after.into());
    let read = read(db, &format!("{COLUMNS} {sql} AND o.id > ? ORDER BY o.id LIMIT {batch}"), vals).await?;
    let last = read.last().map(|r| r.row.org_id);
    Ok((read.into_iter().map(PartyRecord).collect(), last))
}

/// One organization of the list as a CSV record (`CSV_HEADER`): codes in
/// Chinese from the same messages as the pages.
pub struct PartyRecord(Read);

impl Record for PartyRecord {
    fn key(&self) -> i64 {
        self.0.row.org_id
    }

    fn cells(&self) -> Vec<String> {
        let (r, x) = (&self.0, &self.0.row);
        let zh = crate::i18n::Lang::Zh;
        let members = |n: i32| if x.kind.is_some() { n.to_string() } else { String::new() };
        vec![
            x.credit_code.clone(),
            x.name.clone(),
            crate::i18n::coded(zh, "type_", &x.org_type, "").to_string(),
            x.district.clone(),
            match x.kind.as_deref() {
                Some(k) => crate::i18n::coded(zh, "party_kind_", k, "").to_string(),
                None => crate::i18n::lookup(zh, "party_unrecorded"),
            },
            r.joint_with.replace('\n', "；"),
            r.none_reason.clone(),
            r.established_on.map(|d| d.to_string()).unwrap_or_default(),
            members(x.full_members),
            members(x.probationary_members),
            x.instructor.clone(),
            if x.should_establish { "是" } else { "" }.to_string(),
            x.steps_done.to_string(),
        ]
    }
}

/// The two coverages of the active organizations counted in `active` (by
/// district and type, from the dashboard's tally): organization coverage
/// (a party organization, independent or joint) and work coverage (a party
/// organization or an instructor). Reads only the party records.
pub async fn coverage<C: ConnectionTrait>(
    db: &C,
    active: &BTreeMap<(String, String), u64>,
) -> Result<(Share, Share), DbErr> {
    let mut organized: BTreeMap<(String, String), u64> = BTreeMap::new();
    let mut worked: BTreeMap<(String, String), u64> = BTreeMap::new();
    for r in rows(
        db,
        "SELECT o.district AS district, o.org_type AS org_type, p.kind AS kind, \
         CAST(CASE WHEN p.instructor_name <> '' THEN 1 ELSE 0 END AS BIGINT) AS instructed, COUNT(*) AS n \
         FROM party_org p CROSS JOIN organization o WHERE o.id = p.org_id AND o.status = 'active' \
         GROUP BY o.district, o.org_type, p.kind, CASE WHEN p.instructor_name <> '' THEN 1 ELSE 0 END",
        vec![],
    )
    .await?
    {
        let key = (r.try_get::<String>("", "district")?, r.try_get::<String>("", "org_type")?);
        let Some(kind) = Kind::parse(&r.try_get::<String>("", "kind")?) else { continue };
        let n = r.try_get::<i64>("", "n")? as u64;
        let instructor = if r.try_get::<i64>("", "instructed")? == 1 { "指导员" } else { "" };
        if kind.organized() {
            *organized.entry(key.clone()).or_default() += n;
        }
        if rules::work_covered(kind, instructor) {
            *worked.entry(key).or_default() += n;
        }
    }
    let share = |num: &BTreeMap<(String, String), u64>| {
        let mut s = Share::default();
        for (k, den) in active {
            s.add(&k.0, &k.1, num.get(k).copied().unwrap_or(0), *den);
        }
        s
    };
    Ok((share(&organized), share(&worked)))
}

/// The dashboard's party figures of `year`: the coverages (from
/// [`coverage`]'s shares) by type and district, and the checks met with a
/// day in the year, by step.
pub async fn figures<C: ConnectionTrait>(
    db: &C,
    year: i32,
    organized: &Share,
    worked: &Share,
) -> Result<PartyFigures, DbErr> {
    let parts = |o: &BTreeMap<String, (u64, u64)>, w: &BTreeMap<String, (u64, u64)>| {
        o.iter()
            .map(|(k, (num, den))| {
                let worked = w.get(k).map(|x| x.0).unwrap_or(0);
                (k.clone(), Coverage { active: *den, organized: *num, worked })
            })
            .collect::<Vec<_>>()
    };
    let (from, to) = crate::domain::dashboard::year_bounds(year);
    let mut steps = Vec::new();
    for s in Step::ALL {
        let n = db::count(
            db,
            "SELECT COUNT(*) AS n FROM party_sync WHERE step = ? AND done = ? AND day >= ? AND day <= ?",
            vec![s.as_str().into(), true.into(), from.into(), to.into()],
        )
        .await?;
        steps.push((s.as_str().to_string(), n));
    }
    Ok(PartyFigures {
        total: Coverage { active: organized.den, organized: organized.num, worked: worked.num },
        by_type: parts(&organized.by_type, &worked.by_type),
        by_district: parts(&organized.by_district, &worked.by_district),
        steps,
    })
}
