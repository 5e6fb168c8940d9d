//! The filtered lists (name search, credit-code prefixes), an organization's
//! public and officer views, terms due.

use super::*;

/// The FROM and WHERE of a filtered list, and the column that orders it
/// "latest entries first" (the text index's own order when it drives the query).
///
/// A name query is answered from the text index: SQLite drives the query from
/// the FTS5 table (so rows come in rowid order and a page stops early), and
/// PostgreSQL uses the GIN index. A query that looks like a credit code also
/// matches code prefixes through a range on the code's index.
pub(super) fn filtered(backend: DbBackend, f: &OrgFilter) -> (String, Vec<Value>, &'static str) {
    let mut conds: Vec<String> = Vec::new();
    let mut vals: Vec<Value> = Vec::new();
    let mut from_vals: Vec<Value> = Vec::new();
    let mut from = "organization o".to_string();
    let mut latest = "o.id";
    for (col, v) in [("o.org_type", &f.org_type), ("o.district", &f.district), ("o.status", &f.status)] {
        if !v.trim().is_empty() {
            conds.push(format!("{col} = ?"));
            vals.push(v.trim().to_string().into());
        }
    }
    match f.supervisory.trim() {
        "" => {}
        // The page's values are a unit's name or `__direct`; the open data API's are `yes` and `no`.
        "__direct" | "no" => conds.push("o.supervisory_unit IS NULL".into()),
        "yes" => conds.push("o.supervisory_unit IS NOT NULL".into()),
        s => {
            conds.push("o.supervisory_unit = ?".into());
            vals.push(s.to_string().into());
        }
    }
    match f.trade.trim() {
        "" => {}
        "yes" => conds.push("o.trade_sector IS NOT NULL".into()),
        "no" => conds.push("o.trade_sector IS NULL".into()),
        s => {
            conds.push("o.trade_sector = ?".into());
            vals.push(s.to_ascii_uppercase().into());
        }
    }
    let q = crate::domain::input::query(&f.q);
    let q = q.as_str();
    let tokens = search::query_tokens(q);
    if !tokens.is_empty() {
        let text = search::query_text(q);
        let pg = backend == DbBackend::Postgres;
        // The ids whose name contains the query.
        let (name_ids, mut name_vals): (String, Vec<Value>) = if pg {
            let ph = vec!["?"; tokens.len()].join(",");
            (
                format!("SELECT n.id FROM organization n WHERE n.search_tokens @> ARRAY[{ph}]::text[] AND strpos(lower(n.name), ?) > 0"),
                tokens.into_iter().map(Value::from).collect(),
            )
        } else {
            let matcher = tokens.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(" AND ");
            (
                "SELECT f.rowid AS id FROM org_fts f CROSS JOIN organization n ON n.id = f.rowid \
                 WHERE f.org_fts MATCH ? AND instr(lower(n.name), ?) > 0"
                    .to_string(),
                vec![matcher.into()],
            )
        };
        name_vals.push(text.into());
        if search::looks_like_code(q) {
            // Code prefix as an index range (upper bound: the prefix followed by '~', above every code character).
            let prefix = q.to_ascii_uppercase();
            // SQLite's CROSS JOIN keeps the matches as the outer loop; PostgreSQL plans a plain JOIN itself.
            let (collate, join) = if pg { (" COLLATE \"C\"", "JOIN") } else { ("", "CROSS JOIN") };
            from = format!(
                "(SELECT c.id FROM organization c WHERE c.credit_code{collate} >= ? AND c.credit_code{collate} < ? \
                 UNION {name_ids}) m {join} organization o ON o.id = m.id"
            );
            from_vals.push(prefix.clone().into());
            from_vals.push(format!("{prefix}~").into());
            from_vals.extend(name_vals);
        } else if pg {
            conds.push(format!("o.id IN ({name_ids})"));
            vals.extend(name_vals);
        } else {
            from = "org_fts f CROSS JOIN organization o ON o.id = f.rowid".into();
            conds.insert(0, "f.org_fts MATCH ? AND instr(lower(o.name), ?) > 0".into());
            let mut v = name_vals;
            v.extend(vals);
            vals = v;
            latest = "f.rowid";
        }
    }
    from_vals.extend(vals);
    let where_ = if conds.is_empty() { String::new() } else { format!(" WHERE {}", conds.join(" AND ")) };
    (format!("FROM {from}{where_}"), from_vals, latest)
}

fn order_by(sort: &str, latest: &str) -> String {
    match sort {
        "new" => "o.registration_date DESC, o.id DESC".into(),
        "old" => "o.registration_date ASC, o.id ASC".into(),
        "name" => "o.name ASC, o.id ASC".into(),
        "code" => "o.credit_code ASC".into(),
        _ => format!("{latest} DESC"),
    }
}

pub use crate::registry::types::COUNT_CAP;

/// Ids of one page of the filtered list, and the total (at most `COUNT_CAP + 1`,
/// meaning "more than `COUNT_CAP`").
pub async fn search_ids<C: ConnectionTrait>(db: &C, f: &OrgFilter, per_page: u64) -> Result<(Vec<i64>, u64), DbErr> {
    let backend = db.get_database_backend();
    let (from_where, vals, latest) = filtered(backend, f);
    let count_sql = format!("SELECT COUNT(*) AS n FROM (SELECT 1 AS one {from_where} LIMIT {}) capped", COUNT_CAP + 1);
    let total: i64 = db
        .query_one_raw(db::stmt(backend, &count_sql, vals.clone()))
        .await?
        .map(|r| r.try_get("", "n"))
        .transpose()?
        .unwrap_or(0);
    let p = crate::domain::paging::Paging::new(f.page, per_page);
    let sql = format!("SELECT o.id AS id {from_where} ORDER BY {} {}", order_by(&f.sort, latest), p.limit_offset());
    let rows = db.query_all_raw(db::stmt(backend, &sql, vals)).await?;
    let ids = rows.iter().map(|r| r.try_get::<i64>("", "id")).collect::<Result<Vec<_>, _>>()?;
    Ok((ids, total as u64))
}

pub(super) async fn load_in_order<C: ConnectionTrait>(db: &C, ids: &[i64]) -> Result<Vec<organization::Model>, DbErr> {
    let mut by_id = db::orgs_by_id(db, ids.iter().copied()).await?;
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}

fn row(o: organization::Model) -> OrgRow {
    OrgRow {
        id: o.id,
        name: o.name,
        credit_code: o.credit_code,
        org_type: o.org_type,
        district: o.district,
        legal_rep: o.legal_rep,
        supervisory_unit: o.supervisory_unit,
        registration_date: o.registration_date.to_string(),
        status: o.status,
        trade_sector: o.trade_sector,
    }
}

pub async fn list<C: ConnectionTrait>(db: &C, f: &OrgFilter) -> Result<OrgPage, DbErr> {
    let (ids, total) = search_ids(db, f, PER_PAGE).await?;
    let rows = load_in_order(db, &ids).await?.into_iter().map(row).collect();
    Ok(OrgPage { rows, total, page: crate::domain::paging::Paging::new(f.page, PER_PAGE).page, per_page: PER_PAGE })
}

async fn history<C: ConnectionTrait>(db: &C, id: i64, public: bool) -> Result<Vec<EventView>, DbErr> {
    let events = org_event::Entity::find()
        .filter(org_event::Column::OrgId.eq(id))
        .order_by_desc(org_event::Column::EventDate)
        .order_by_desc(org_event::Column::Id)
        .all(db)
        .await?;
    Ok(events
        .into_iter()
        .map(|e| {
            let mut changes: Vec<ChangeItem> = serde_json::from_str(&e.changes_json).unwrap_or_default();
            if public {
                changes.retain(|c| !c.field.starts_with("contact_"));
            }
            EventView { kind: e.kind, date: e.event_date.to_string(), note: e.note, changes }
        })
        .collect())
}

fn public_view(o: &organization::Model, history: Vec<EventView>) -> PublicOrg {
    PublicOrg {
        id: o.id,
        name: o.name.clone(),
        credit_code: o.credit_code.clone(),
        org_type: o.org_type.clone(),
        domicile: o.domicile.clone(),
        district: o.district.clone(),
        legal_rep: o.legal_rep.clone(),
        capital: money::format_yuan(o.capital_fen),
        supervisory_unit: o.supervisory_unit.clone(),
        business_scope: o.business_scope.clone(),
        registration_date: o.registration_date.to_string(),
        status: o.status.clone(),
        status_date: o.status_date.map(|d| d.to_string()),
        status_reason: o.status_reason.clone(),
        history,
        trade_sector: o.trade_sector.clone(),
    }
}

/// `NotFound` unless organization `id` exists: what is said publicly about an
/// organization (credit, grade, conclusions) is only said of a registered one.
pub async fn require_org<C: ConnectionTrait>(db: &C, id: i64) -> Result<(), AppError> {
    let n = db::count(db, "SELECT COUNT(*) AS n FROM organization WHERE id = ?", vec![id.into()]).await?;
    if n == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

pub async fn public_detail<C: ConnectionTrait>(db: &C, id: i64) -> Result<PublicOrg, AppError> {
    let o = organization::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    Ok(public_view(&o, history(db, id, true).await?))
}

pub async fn detail<C: ConnectionTrait>(db: &C, id: i64) -> Result<OrgDetail, AppError> {
    let o = organization::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    let public = public_view(&o, history(db, id, false).await?);
    let annulled_revocation = match crate::penalty::service::revoked_by(db, id).await? {
        (org_status::RevokedBy::AnnulledCase(day), Some(case_id)) if o.status == OrgStatus::Revoked.as_str() => {
            Some(AnnulledRevocation {
                case_id,
                decision_number: crate::penalty::service::decision_number_of(db, case_id).await?.unwrap_or_default(),
                annulled_on: day.to_string(),
            })
        }
        _ => None,
    };
    Ok(OrgDetail {
        public,
        contact_person: o.contact_person,
        contact_phone: o.contact_phone,
        contact_email: o.contact_email,
        charter_approved_on: o.charter_approved_on.map(|d| d.to_string()),
        term_start: o.term_start.to_string(),
        term_end: o.term_end.to_string(),
        term_days_left: (o.term_end - today()).num_days(),
        annulled_revocation,
    })
}

/// Registered organizations whose term is overdue or ends within 90 days.
pub async fn terms<C: ConnectionTrait>(db: &C, today: NaiveDate, page: u64) -> Result<TermPage, DbErr> {
    use sea_orm::PaginatorTrait;
    let limit = today + chrono::Duration::days(term::DUE_WINDOW_DAYS);
    let pages = organization::Entity::find()
        .filter(organization::Column::Status.eq(OrgStatus::Active.as_str()))
        .filter(organization::Column::TermEnd.lte(limit))
        .order_by_asc(organization::Column::TermEnd)
        .order_by_asc(organization::Column::Id)
        .paginate(db, PER_PAGE);
    let total = pages.num_items().await?;
    let page = crate::domain::paging::Paging::new(page, PER_PAGE).page;
    let rows = pages
        .fetch_page(page)
        .await?
        .into_iter()
        .map(|o| TermRow {
            id: o.id,
            days_left: (o.term_end - today).num_days(),
            name: o.name,
            credit_code: o.credit_code,
            district: o.district,
            term_end: o.term_end.to_string(),
        })
        .collect();
    Ok(TermPage { rows, total, page, per_page: PER_PAGE })
}
