//! The filtered lists (name search, credit-code prefixes), an organization's
//! public and officer views, terms due.

use super::postings::{conditions, matching_ids, name_contains};
use super::*;

/// The FROM and WHERE of a filtered list, for the orders other than the
/// default and for the export (which reads in id order): a name query joins
/// its tokens' postings and checks the name; a query that looks like a credit
/// code also matches code prefixes through a range on the code's index. The
/// default order, "latest entries first", is answered by
/// [`postings::matching_ids`](super::postings) instead.
pub(super) fn filtered(backend: DbBackend, f: &OrgFilter) -> (String, Vec<Value>) {
    let (mut conds, mut vals) = conditions(f);
    let mut from_vals: Vec<Value> = Vec::new();
    let mut from = "organization o".to_string();
    let q = crate::domain::input::query(&f.q);
    let q = q.as_str();
    if let Some(nq) = search::NameQuery::parse(q) {
        let pg = backend == DbBackend::Postgres;
        // The ids whose name contains the query: the first token's postings joined with the others'.
        let mut name_ids = "SELECT p0.org_id AS id FROM name_posting p0".to_string();
        let mut name_vals: Vec<Value> = Vec::new();
        for (i, (token, _)) in nq.tokens.iter().enumerate().skip(1) {
            name_ids.push_str(&format!(" JOIN name_posting p{i} ON p{i}.token = ? AND p{i}.org_id = p0.org_id"));
            name_vals.push(token.clone().into());
        }
        name_ids.push_str(&format!(
            " JOIN organization n ON n.id = p0.org_id WHERE p0.token = ? AND {}",
            name_contains(backend, "n")
        ));
        name_vals.push(nq.tokens[0].0.clone().into());
        name_vals.push(nq.text.into());
        if search::looks_like_code(q) {
            // Code prefix as an index range (upper bound: the prefix followed by '~', above every code character).
            let prefix = q.to_ascii_uppercase();
            let collate = if pg { " COLLATE \"C\"" } else { "" };
            from = format!(
                "(SELECT c.id FROM organization c WHERE c.credit_code{collate} >= ? AND c.credit_code{collate} < ? \
                 UNION {name_ids}) m JOIN organization o ON o.id = m.id"
            );
            from_vals.push(prefix.clone().into());
            from_vals.push(format!("{prefix}~").into());
            from_vals.extend(name_vals);
        } else {
            conds.insert(0, format!("o.id IN ({name_ids})"));
            name_vals.extend(vals);
            vals = name_vals;
        }
    }
    from_vals.extend(vals);
    let where_ = if conds.is_empty() { String::new() } else { format!(" WHERE {}", conds.join(" AND ")) };
    (format!("FROM {from}{where_}"), from_vals)
}

/// The order of a list; `None` for the default, latest entries first.
fn order_by(sort: &str) -> Option<&'static str> {
    match sort {
        "new" => Some("o.registration_date DESC, o.id DESC"),
        "old" => Some("o.registration_date ASC, o.id ASC"),
        "name" => Some("o.name ASC, o.id ASC"),
        "code" => Some("o.credit_code ASC"),
        _ => None,
    }
}

pub use crate::registry::types::COUNT_CAP;

/// Ids of one page of the filtered list, and the total (at most `COUNT_CAP + 1`,
/// meaning "more than `COUNT_CAP`").
///
/// A name query is answered from the posting table (see
/// [`postings`](super::postings)): its first `COUNT_CAP + 1` matches (or up
/// to the page's end) in the default order give both the page and the
/// count; another order takes only the count from there and sorts every
/// match in SQL.
pub async fn search_ids<C: ConnectionTrait>(db: &C, f: &OrgFilter, per_page: u64) -> Result<(Vec<i64>, u64), DbErr> {
    let backend = db.get_database_backend();
    let p = crate::domain::paging::Paging::new(f.page, per_page);
    let cap = COUNT_CAP as usize + 1;
    let order = order_by(&f.sort);
    let need = if order.is_none() { cap.max(p.offset_usize().saturating_add(p.per_page as usize)) } else { cap };
    if let Some(ids) = matching_ids(db, f, need).await? {
        let total = ids.len().min(cap) as u64;
        if order.is_none() {
            let page = ids.into_iter().skip(p.offset_usize()).take(p.per_page as usize).collect();
            return Ok((page, total));
        }
        let (from_where, vals) = filtered(backend, f);
        return Ok((page_ids(db, &from_where, vals, order.unwrap_or("o.id DESC"), &p).await?, total));
    }
    let (from_where, vals) = filtered(backend, f);
    let count_sql = format!("SELECT COUNT(*) AS n FROM (SELECT 1 AS one {from_where} LIMIT {}) capped", COUNT_CAP + 1);
    let total: i64 = db
        .query_one_raw(db::stmt(backend, &count_sql, vals.clone()))
        .await?
        .map(|r| r.try_get("", "n"))
        .transpose()?
        .unwrap_or(0);
    Ok((page_ids(db, &from_where, vals, order.unwrap_or("o.id DESC"), &p).await?, total as u64))
}

async fn page_ids<C: ConnectionTrait>(
    db: &C,
    from_where: &str,
    vals: Vec<Value>,
    order: &str,
    p: &crate::domain::paging::Paging,
) -> Result<Vec<i64>, DbErr> {
    let sql = format!("SELECT o.id AS id {from_where} ORDER BY {order} {}", p.limit_offset());
    let rows = db.query_all_raw(db::stmt(db.get_database_backend(), &sql, vals)).await?;
    rows.iter().map(|r| r.try_get::<i64>("", "id")).collect()
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
