//! The officers' and the public outlet lists, and their CSV.

use super::*;

pub(super) fn outlets_where(f: &OutletFilter, public: bool) -> (String, Vec<Value>) {
    let mut sql = String::from("FROM lottery_outlet o WHERE 1 = 1");
    let mut vals: Vec<Value> = Vec::new();
    if public {
        sql.push_str(" AND o.status = 'open'");
    } else if let Some(s) = Status::parse(&f.status) {
        sql.push_str(" AND o.status = ?");
        vals.push(s.as_str().into());
    }
    if !f.district.trim().is_empty() {
        sql.push_str(" AND o.district = ?");
        vals.push(f.district.trim().to_string().into());
    }
    if !f.q.trim().is_empty() {
        sql.push_str(" AND (o.name LIKE ? ESCAPE '!' OR o.outlet_no LIKE ? ESCAPE '!' OR o.address LIKE ? ESCAPE '!')");
        for _ in 0..3 {
            vals.push(like(&f.q).into());
        }
    }
    (sql, vals)
}

/// The latest published grading's columns of an outlet `o`.
pub(super) const LATEST_GRADE: &str = "(SELECT g.grade FROM lottery_grading g WHERE g.outlet_id = o.id AND g.published = ? \
     ORDER BY g.year DESC LIMIT 1) AS grade, \
     (SELECT g.year FROM lottery_grading g WHERE g.outlet_id = o.id AND g.published = ? ORDER BY g.year DESC LIMIT 1) AS grade_year, \
     (SELECT COUNT(*) FROM lottery_grading g WHERE g.outlet_id = o.id AND g.published = ? AND g.excellent = ? \
     AND g.year = (SELECT MAX(g2.year) FROM lottery_grading g2 WHERE g2.outlet_id = o.id AND g2.published = ?)) AS excellent";

pub(super) fn grade_vals() -> Vec<Value> {
    vec![true.into(), true.into(), true.into(), true.into(), true.into()]
}

pub(super) fn row_of(r: &QueryResult) -> Result<OutletRow, DbErr> {
    Ok(OutletRow {
        id: r.try_get("", "id")?,
        outlet_no: r.try_get("", "outlet_no")?,
        name: r.try_get("", "name")?,
        address: r.try_get("", "address")?,
        district: r.try_get("", "district")?,
        status: r.try_get("", "status")?,
        operator_name: r.try_get("", "operator_name")?,
        grade: r.try_get("", "grade")?,
        grade_year: r.try_get::<Option<i32>>("", "grade_year")?,
        excellent: r.try_get::<i64>("", "excellent")? > 0,
    })
}

/// A page of outlets by outlet number; `public` lists open outlets only.
pub async fn outlets<C: ConnectionTrait>(db: &C, f: &OutletFilter, public: bool) -> Result<OutletPage, DbErr> {
    let (from_where, vals) = outlets_where(f, public);
    let total = db::count_from(db, &from_where, vals.clone()).await?;
    let mut all = grade_vals();
    all.extend(vals);
    let p = Paging::new(f.page, PER_PAGE);
    let sql = format!(
        "SELECT o.id AS id, o.outlet_no AS outlet_no, o.name AS name, o.address AS address, o.district AS district, \
         o.status AS status, o.operator_name AS operator_name, {LATEST_GRADE} {from_where} \
         ORDER BY o.outlet_no {}",
        p.limit_offset()
    );
    let rows = db.query_all_raw(db::stmt(db.get_database_backend(), &sql, all)).await?;
    Ok(OutletPage {
        rows: rows.iter().map(row_of).collect::<Result<_, _>>()?,
        total: total as u64,
        page: p.page,
        per_page: PER_PAGE,
    })
}

/// Header of the outlet export: the import's columns, so a file can go back in.
pub fn csv_header() -> Vec<&'static str> {
    OUTLET_COLUMNS.iter().map(|(h, _)| *h).collect()
}

/// Header of the public export: no contacts.
pub const PUBLIC_CSV_HEADER: [&str; 7] = ["网点编号", "网点名称", "地址", "区", "经度", "纬度", "星级"];

/// The rows of the outlet list after outlet id `after`, at most `batch`, in id order.
async fn rows_after<C: ConnectionTrait>(
    db: &C,
    f: &OutletFilter,
    public: bool,
    after: i64,
    batch: u64,
) -> Result<Vec<sea_orm::QueryResult>, DbErr> {
    let (from_where, vals) = outlets_where(f, public);
    let mut all = grade_vals();
    all.extend(vals);
    all.push(after.into());
    let sql = format!(
        "SELECT o.id AS id, o.outlet_no AS outlet_no, o.name AS name, o.address AS address, o.district AS district, \
         o.lng_e6 AS lng, o.lat_e6 AS lat, o.operator_kind AS kind, o.operator_name AS operator_name, \
         o.contact_person AS cp, o.contact_phone AS phone, o.terminals AS terminals, o.opened_on AS opened_on, \
         o.status AS status, {LATEST_GRADE} {from_where} AND o.id > ? ORDER BY o.id LIMIT {batch}"
    );
    db.query_all_raw(db::stmt(db.get_database_backend(), &sql, all)).await
}

/// An open outlet as the open data API and the public CSV give it: no
/// operator or contacts.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct OpenOutlet {
    /// The outlet's number in the register: the order of the export and the cursor.
    pub id: i64,
    /// 网点编号.
    pub outlet_no: String,
    pub name: String,
    pub address: String,
    pub district: String,
    /// Longitude in degrees (WGS-84), as text with six decimals; empty when unknown.
    pub longitude: String,
    /// Latitude in degrees, as text with six decimals; empty when unknown.
    pub latitude: String,
    /// The latest star grade: `5star`, `4star`, `3star` or `unrated`; empty when never graded.
    pub grade: String,
}

impl crate::kernel::csv::Record for OpenOutlet {
    fn key(&self) -> i64 {
        self.id
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.outlet_no.clone(),
            self.name.clone(),
            self.address.clone(),
            self.district.clone(),
            self.longitude.clone(),
            self.latitude.clone(),
            rules::Grade::parse(&self.grade).map(|g| g.stars().to_string()).unwrap_or_default(),
        ]
    }
}

/// The open outlets the public search selects after outlet id `after`, at
/// most `batch`, and the last id read.
pub async fn public_outlets_after<C: ConnectionTrait>(
    db: &C,
    f: &OutletFilter,
    after: i64,
    batch: u64,
) -> Result<(Vec<OpenOutlet>, Option<i64>), DbErr> {
    let rows = rows_after(db, f, true, after, batch).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let grade: Option<String> = r.try_get("", "grade")?;
        let grade = grade.and_then(|g| rules::Grade::parse(&g)).map(|g| g.as_str().to_string()).unwrap_or_default();
        out.push(OpenOutlet {
            id: r.try_get("", "id")?,
            outlet_no: r.try_get("", "outlet_no")?,
            name: r.try_get("", "name")?,
            address: r.try_get("", "address")?,
            district: r.try_get("", "district")?,
            longitude: rules::show_degrees(r.try_get("", "lng")?),
            latitude: rules::show_degrees(r.try_get("", "lat")?),
            grade,
        });
    }
    let last = out.last().map(|o| o.id);
    Ok((out, last))
}

/// A batch of the officers' outlet list as CSV rows (the import's columns)
/// after outlet id `after`.
pub async fn csv_batch<C: ConnectionTrait>(
    db: &C,
    f: &OutletFilter,
    after: i64,
    batch: u64,
) -> Result<(Vec<u8>, Option<i64>), DbErr> {
    let rows = rows_after(db, f, false, after, batch).await?;
    let mut w = crate::kernel::csv::CsvRows::new();
    let mut last = None;
    for r in &rows {
        last = Some(r.try_get::<i64>("", "id")?);
        let kind: String = r.try_get("", "kind")?;
        let status: String = r.try_get("", "status")?;
        w.push([
            r.try_get::<String>("", "outlet_no")?,
            r.try_get("", "name")?,
            r.try_get("", "address")?,
            r.try_get("", "district")?,
            rules::show_degrees(r.try_get("", "lng")?),
            rules::show_degrees(r.try_get("", "lat")?),
            if kind == "company" { "单位".into() } else { "个人".into() },
            r.try_get("", "operator_name")?,
            r.try_get("", "cp")?,
            r.try_get("", "phone")?,
            r.try_get("", "terminals")?,
            r.try_get::<NaiveDate>("", "opened_on")?.to_string(),
            Status::parse(&status).map(|s| s.zh().to_string()).unwrap_or(status),
        ])?;
    }
    Ok((w.finish()?, last))
}
