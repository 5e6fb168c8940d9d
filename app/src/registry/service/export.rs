//! The register as CSV (officers' list, public list, terms due).

use super::*;

/// The header of the CSV export; the import reads the same columns.
pub const CSV_HEADER: [&str; 15] = [
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
    "行业协会商会行业",
    "联系人",
    "联系电话",
    "联系邮箱",
];

/// The organizations the filter selects after id `after`, at most `batch`,
/// in id order, and the last id read.
async fn models_after<C: ConnectionTrait>(
    db: &C,
    f: &OrgFilter,
    after: i64,
    batch: u64,
) -> Result<(Vec<organization::Model>, Option<i64>), DbErr> {
    let backend = db.get_database_backend();
    let (from_where, mut vals) = filtered(backend, f);
    let glue = if from_where.contains(" WHERE ") { " AND " } else { " WHERE " };
    vals.push(after.into());
    let sql = format!("SELECT o.id AS id {from_where}{glue}o.id > ? ORDER BY o.id LIMIT {batch}");
    let rows = db.query_all_raw(db::stmt(backend, &sql, vals)).await?;
    let ids = rows.iter().map(|r| r.try_get::<i64>("", "id")).collect::<Result<Vec<_>, _>>()?;
    Ok((load_in_order(db, &ids).await?, ids.last().copied()))
}

/// An organization as the open data API and the public register's CSV give
/// it: the register's public columns, no contacts.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct OpenOrg {
    /// The organization's number in the register: the order of the export and the cursor.
    pub id: i64,
    /// 统一社会信用代码.
    pub credit_code: String,
    pub name: String,
    /// `social_group` (社会团体), `social_service` (社会服务机构) or `foundation` (基金会).
    pub org_type: String,
    /// 住所.
    pub domicile: String,
    pub district: String,
    /// 法定代表人.
    pub legal_rep: String,
    /// Registered capital in fen (hundredths of a yuan).
    pub capital_fen: i64,
    /// 业务主管单位; none when registered directly (直接登记).
    pub supervisory_unit: Option<String>,
    pub business_scope: String,
    /// YYYY-MM-DD.
    pub registered_on: String,
    /// `active`, `suspended`, `deregistered`, `revoked`, …
    pub status: String,
    /// A trade association's or chamber of commerce's sector (GB/T 4754-2017
    /// 门类 code, `A`–`T`); none for the other organizations.
    pub trade_sector: Option<String>,
}

impl OpenOrg {
    fn of(o: &organization::Model) -> OpenOrg {
        OpenOrg {
            id: o.id,
            credit_code: o.credit_code.clone(),
            name: o.name.clone(),
            org_type: o.org_type.clone(),
            domicile: o.domicile.clone(),
            district: o.district.clone(),
            legal_rep: o.legal_rep.clone(),
            capital_fen: o.capital_fen,
            supervisory_unit: o.supervisory_unit.clone(),
            business_scope: o.business_scope.clone(),
            registered_on: o.registration_date.to_string(),
            status: o.status.clone(),
            trade_sector: o.trade_sector.clone(),
        }
    }
}

impl crate::kernel::csv::Record for OpenOrg {
    fn key(&self) -> i64 {
        self.id
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.credit_code.clone(),
            self.name.clone(),
            OrgType::parse(&self.org_type).map(|t| t.zh()).unwrap_or("").to_string(),
            self.domicile.clone(),
            self.district.clone(),
            self.legal_rep.clone(),
            money::format_yuan(self.capital_fen),
            self.supervisory_unit.clone().unwrap_or_else(|| "直接登记".into()),
            self.business_scope.clone(),
            self.registered_on.clone(),
            OrgStatus::parse(&self.status).map(|s| s.zh()).unwrap_or("").to_string(),
            self.trade_sector.as_deref().map(|c| crate::domain::trade::sector_name(c, false)).unwrap_or_default(),
        ]
    }
}

/// The columns of the public export: all but the contacts.
pub const PUBLIC_COLUMNS: usize = 12;

/// The public register after id `after` (the public export's and the open
/// data API's key), at most `batch`, and the last id read.
pub async fn public_orgs_after<C: ConnectionTrait>(
    db: &C,
    f: &OrgFilter,
    after: i64,
    batch: u64,
) -> Result<(Vec<OpenOrg>, Option<i64>), DbErr> {
    let (models, last) = models_after(db, f, after, batch).await?;
    Ok((models.iter().map(OpenOrg::of).collect(), last))
}

/// The officers' export after id `after`: the public columns and the
/// contacts, as CSV rows (the import reads the same columns).
pub async fn export_batch<C: ConnectionTrait>(
    db: &C,
    f: &OrgFilter,
    after: i64,
    batch: u64,
) -> Result<(Vec<u8>, Option<i64>), DbErr> {
    use crate::kernel::csv::Record;
    let (models, last) = models_after(db, f, after, batch).await?;
    let mut w = crate::kernel::csv::CsvRows::new();
    for o in &models {
        let mut cells = OpenOrg::of(o).cells();
        cells.extend([o.contact_person.clone(), o.contact_phone.clone(), o.contact_email.clone()]);
        w.push(cells)?;
    }
    Ok((w.finish()?, last))
}

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
