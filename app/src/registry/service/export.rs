//! The register as CSV (officers' list, public list, terms due).

use super::*;

/// The header of the CSV export; the import reads the same columns.
pub const CSV_HEADER: [&str; 14] = [
    "统一社会信用代码",
    "名称",
    "类型",
    "住所",
    "区",
    "法定代表人",
    "注册资金(元)",
    "业务主管单位",
    "业务范围",
    "登记日期",
    "状态",
    "联系人",
    "联系电话",
    "联系邮箱",
];

/// One page of CSV rows (without BOM or header) after the id `after`, for a
/// streamed export in a stable order. Returns the rows and the last id.
/// With `public`, the contact columns are left out.
pub async fn export_batch<C: ConnectionTrait>(
    db: &C,
    f: &OrgFilter,
    public: bool,
    after: i64,
    batch: u64,
) -> Result<(Vec<u8>, Option<i64>), DbErr> {
    let backend = db.get_database_backend();
    let (from_where, mut vals, _) = filtered(backend, f);
    let glue = if from_where.contains(" WHERE ") { " AND " } else { " WHERE " };
    vals.push(after.into());
    let sql = format!("SELECT o.id AS id {from_where}{glue}o.id > ? ORDER BY o.id LIMIT {batch}");
    let rows = db.query_all_raw(db::stmt(backend, &sql, vals)).await?;
    let ids = rows.iter().map(|r| r.try_get::<i64>("", "id")).collect::<Result<Vec<_>, _>>()?;
    let models = load_in_order(db, &ids).await?;
    let mut w = crate::kernel::csv::CsvRows::new();
    for o in &models {
        let t = OrgType::parse(&o.org_type).map(|t| t.zh()).unwrap_or("");
        let s = OrgStatus::parse(&o.status).map(|s| s.zh()).unwrap_or("");
        let capital = money::format_yuan(o.capital_fen);
        let unit = o.supervisory_unit.clone().unwrap_or_else(|| "直接登记".into());
        let date = o.registration_date.to_string();
        let record = [
            o.credit_code.as_str(),
            &o.name,
            t,
            &o.domicile,
            &o.district,
            &o.legal_rep,
            &capital,
            &unit,
            &o.business_scope,
            &date,
            s,
            &o.contact_person,
            &o.contact_phone,
            &o.contact_email,
        ];
        let n = if public { PUBLIC_COLUMNS } else { record.len() };
        w.push(&record[..n])?;
    }
    let bytes = w.finish()?;
    Ok((bytes, ids.last().copied()))
}

/// The columns of the public export: all but the contacts.
pub const PUBLIC_COLUMNS: usize = 11;

/// One batch of the due-terms list as CSV rows, after organization id `after`.
pub async fn terms_export_batch<C: ConnectionTrait>(
    db: &C,
    today: NaiveDate,
    after: i64,
    batch: u64,
) -> Result<(Vec<u8>, Option<i64>), DbErr> {
    use sea_orm::QuerySelect;
    let limit = today + chrono::Duration::days(term::DUE_WINDOW_DAYS);
    let orgs = organization::Entity::find()
        .filter(organization::Column::Status.eq(OrgStatus::Active.as_str()))
        .filter(organization::Column::TermEnd.lte(limit))
        .filter(organization::Column::Id.gt(after))
        .order_by_asc(organization::Column::Id)
        .limit(batch)
        .all(db)
        .await?;
    let mut w = crate::kernel::csv::CsvRows::new();
    for o in &orgs {
        let days = (o.term_end - today).num_days();
        let state = if days < 0 { format!("逾期{}天", -days) } else { format!("{days}天后届满") };
        let end = o.term_end.to_string();
        w.push([o.credit_code.as_str(), &o.name, &o.district, &end, &state, &o.contact_person, &o.contact_phone])?;
    }
    let bytes = w.finish()?;
    Ok((bytes, orgs.last().map(|o| o.id)))
}

pub const TERMS_CSV_HEADER: [&str; 7] = ["统一社会信用代码", "名称", "区", "届满日期", "状态", "联系人", "联系电话"];
