//! The lists and one trust: for officers (everything), for the trustee in
//! the portal, and for the public (accepted trusts only; natural persons
//! among the settlors masked; no contact address, no return reason, no
//! contract); the public CSV; the figures of the dashboard and the year.

use chrono::{Datelike, NaiveDate};
use entity::{charitable_trust, charitable_trust_change, charitable_trust_contract, charitable_trust_report};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::{owed, reported, with_overdue};
use crate::domain::money::format_yuan;
use crate::domain::paging::Paging;
use crate::domain::trust::{self as rules, masked, State};
use crate::error::AppError;
use crate::state::Settings;
use crate::trust::types::*;

/// Who reads.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reader {
    Public,
    Officer,
}

/// Where a read of trusts starts and how much it takes: the whole list
/// newest first, or (the export's and the open data API's keyed read) at
/// most `limit` trusts after id `after` in id order.
#[derive(Clone, Copy)]
enum Window {
    All,
    After { after: i64, limit: u64 },
}

/// Trusts whose name, trustee or filing number contains `q` and, with `year`,
/// filed in that year (public: accepted only), in `window`.
async fn matching<C: ConnectionTrait>(
    db: &C,
    q: &str,
    year: Option<i32>,
    public: bool,
    window: Window,
) -> Result<Vec<charitable_trust::Model>, DbErr> {
    let mut find = charitable_trust::Entity::find();
    if public {
        find = find.filter(charitable_trust::Column::State.eq(State::Accepted.as_str()));
    }
    let q = q.trim();
    if !q.is_empty() {
        let like = crate::db::like_expr(q);
        find = find.filter(
            sea_orm::Condition::any()
                .add(charitable_trust::Column::Name.like(like.clone()))
                .add(charitable_trust::Column::TrusteeName.like(like.clone()))
                .add(charitable_trust::Column::FilingNo.like(like)),
        );
    }
    if let Some((first, next)) =
        year.and_then(|y| Some((NaiveDate::from_ymd_opt(y, 1, 1)?, NaiveDate::from_ymd_opt(y + 1, 1, 1)?)))
    {
        find = find
            .filter(charitable_trust::Column::FiledOn.gte(first))
            .filter(charitable_trust::Column::FiledOn.lt(next));
    }
    match window {
        Window::All => {
            find.order_by_desc(charitable_trust::Column::FiledOn)
                .order_by_desc(charitable_trust::Column::Id)
                .all(db)
                .await
        }
        Window::After { after, limit } => {
            find.filter(charitable_trust::Column::Id.gt(after))
                .order_by_asc(charitable_trust::Column::Id)
                .limit(limit)
                .all(db)
                .await
        }
    }
}

fn row_of(m: &charitable_trust::Model, overdue: Vec<i32>) -> TrustRow {
    TrustRow {
        id: m.id,
        name: m.name.clone(),
        filing_no: m.filing_no.clone(),
        state: m.state.clone(),
        trustee_kind: m.trustee_kind.clone(),
        trustee_name: m.trustee_name.clone(),
        size_fen: m.size_fen,
        signed_on: m.signed_on.to_string(),
        filed_on: m.filed_on.to_string(),
        days_late: m.days_late,
        start_on: m.start_on.to_string(),
        end_on: m.end_on.map(|d| d.to_string()),
        overdue_years: overdue,
    }
}

/// Whether a trust passes the status filter of `reader`'s list.
fn passes(status: &str, m: &charitable_trust::Model, overdue: &[i32], today: NaiveDate) -> bool {
    match status.trim() {
        "" => true,
        "overdue" => !overdue.is_empty(),
        "late" => m.days_late > 0,
        "in_force" => m.state == State::Accepted.as_str() && m.end_on.is_none_or(|e| e >= today),
        "ended" => m.state == State::Accepted.as_str() && m.end_on.is_some_and(|e| e < today),
        s => m.state == s,
    }
}

/// The filtered list (every page) and the years a filter may choose.
async fn filtered<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    f: &TrustFilter,
    reader: Reader,
    today: NaiveDate,
) -> Result<(Vec<TrustRow>, Vec<i32>), DbErr> {
    let all = with_overdue(
        db,
        matching(db, &f.q, None, reader == Reader::Public, Window::All).await?,
        settings.trust_report_due,
        today,
    )
    .await?;
    let mut years: Vec<i32> = all.iter().map(|(m, _)| m.filed_on.year()).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let year = f.year.trim().parse::<i32>().ok();
    let rows = all
        .into_iter()
        .filter(|(m, _)| year.is_none_or(|y| m.filed_on.year() == y))
        .filter(|(m, o)| passes(&f.status, m, o, today))
        .map(|(m, o)| row_of(&m, o))
        .collect();
    Ok((rows, years))
}

async fn page_of<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    f: &TrustFilter,
    reader: Reader,
    today: NaiveDate,
) -> Result<TrustPage, AppError> {
    let (rows, years) = filtered(db, settings, f, reader, today).await?;
    let p = Paging::new(f.page, PER_PAGE);
    let total = rows.len() as u64;
    let rows = rows.into_iter().skip(p.offset_usize()).take(PER_PAGE as usize).collect();
    Ok(TrustPage { rows, total, page: p.page, per_page: PER_PAGE, years })
}

/// The officers' list: every filing.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    f: &TrustFilter,
    today: NaiveDate,
) -> Result<TrustPage, AppError> {
    page_of(db, settings, f, Reader::Officer, today).await
}

/// The public list: accepted trusts.
pub async fn public_list<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    f: &TrustFilter,
    today: NaiveDate,
) -> Result<TrustPage, AppError> {
    page_of(db, settings, f, Reader::Public, today).await
}

/// One trust: for the public when `public` (accepted only, masked), else for
/// officers or (with `org`) the charity that is its trustee.
pub async fn detail<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    id: i64,
    public: bool,
    org: Option<i64>,
    today: NaiveDate,
) -> Result<TrustDetail, AppError> {
    let m = charitable_trust::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    if (public && m.state != State::Accepted.as_str()) || (org.is_some() && m.trustee_org_id != org) {
        return Err(AppError::NotFound);
    }
    let settlors: Vec<SettlorView> = serde_json::from_str::<Vec<serde_json::Value>>(&m.settlors)
        .unwrap_or_default()
        .into_iter()
        .map(|v| {
            let name = v["name"].as_str().unwrap_or_default().to_string();
            let person = v["person"].as_bool().unwrap_or(true);
            SettlorView { name: if public && person { masked(&name) } else { name }, person }
        })
        .collect();
    let changes = charitable_trust_change::Entity::find()
        .filter(charitable_trust_change::Column::TrustId.eq(id))
        .order_by_asc(charitable_trust_change::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|c| ChangeView {
            kinds: c.kinds.split(',').map(String::from).collect(),
            first_on: c.first_on.to_string(),
            last_on: c.last_on.to_string(),
            description: c.description,
            old_size_fen: c.old_size_fen,
            new_size_fen: c.new_size_fen,
            due_on: c.due_on.to_string(),
            filed_on: c.filed_on.to_string(),
            days_late: c.days_late,
        })
        .collect();
    let reports: Vec<ReportView> = charitable_trust_report::Entity::find()
        .filter(charitable_trust_report::Column::TrustId.eq(id))
        .order_by_asc(charitable_trust_report::Column::Year)
        .all(db)
        .await?
        .into_iter()
        .map(|r| ReportView {
            year: r.year,
            income_fen: r.income_fen,
            spending_fen: r.spending_fen,
            charitable_fen: r.charitable_fen,
            assets_fen: r.assets_fen,
            note: r.note,
            due_on: r.due_on.to_string(),
            filed_on: r.filed_on.to_string(),
            days_late: r.days_late,
        })
        .collect();
    let done: Vec<i32> = reports.iter().map(|r| r.year).collect();
    let due = settings.trust_report_due;
    let contract = if public {
        None
    } else {
        charitable_trust_contract::Entity::find_by_id(id).one(db).await?.map(|c| c.file_name)
    };
    Ok(TrustDetail {
        id: m.id,
        name: m.name.clone(),
        filing_no: m.filing_no.clone(),
        state: m.state.clone(),
        trustee_kind: m.trustee_kind.clone(),
        trustee_org_id: m.trustee_org_id,
        trustee_name: m.trustee_name.clone(),
        contact_email: if public { String::new() } else { m.contact_email.clone() },
        settlors,
        supervisor: m.supervisor.clone(),
        purposes: m.purposes.split(',').filter(|p| !p.is_empty()).map(String::from).collect(),
        purpose_note: m.purpose_note.clone(),
        size_fen: m.size_fen,
        start_on: m.start_on.to_string(),
        end_on: m.end_on.map(|d| d.to_string()),
        beneficiaries: m.beneficiaries.clone(),
        signed_on: m.signed_on.to_string(),
        filed_on: m.filed_on.to_string(),
        filing_due: rules::filing_due(m.signed_on).to_string(),
        days_late: m.days_late,
        return_reason: if public { None } else { m.return_reason.clone() },
        reviewed_on: m.reviewed_on.map(|d| d.to_string()),
        contract,
        changes,
        reports,
        overdue_years: owed(&m, &done, due, today, true),
        reportable_years: owed(&m, &done, due, today, false),
        today: today.to_string(),
    })
}

/// The portal's page of charity `org`: whether it may file and its trusts.
pub async fn portal<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    org: i64,
    today: NaiveDate,
) -> Result<PortalTrusts, AppError> {
    let o = entity::organization::Entity::find_by_id(org).one(db).await?.ok_or(AppError::NotFound)?;
    let may_file = super::trustee_of(db, org).await?.is_some();
    let trusts = charitable_trust::Entity::find()
        .filter(charitable_trust::Column::TrusteeOrgId.eq(org))
        .order_by_desc(charitable_trust::Column::Id)
        .all(db)
        .await?;
    let rows = with_overdue(db, trusts, settings.trust_report_due, today)
        .await?
        .into_iter()
        .map(|(m, o)| row_of(&m, o))
        .collect();
    Ok(PortalTrusts { org_name: o.name, may_file, rows })
}

/// The public CSV's header: the public columns only.
pub const PUBLIC_CSV_HEADER: [&str; 10] = [
    "备案编号",
    "信托名称",
    "受托人",
    "受托人类型",
    "信托财产规模（元）",
    "签订日期",
    "备案日期",
    "逾期备案天数",
    "信托期限",
    "年度报告逾期年度",
];

impl crate::kernel::csv::Record for TrustRow {
    fn key(&self) -> i64 {
        self.id
    }

    fn cells(&self) -> Vec<String> {
        let kind = crate::i18n::coded(crate::i18n::Lang::Zh, "tr_kind_", &self.trustee_kind, "charity");
        let term = match &self.end_on {
            Some(end) => format!("{} 至 {end}", self.start_on),
            None => format!("{} 起永续", self.start_on),
        };
        vec![
            self.filing_no.clone().unwrap_or_default(),
            self.name.clone(),
            self.trustee_name.clone(),
            kind.to_string(),
            format_yuan(self.size_fen),
            self.signed_on.clone(),
            self.filed_on.clone(),
            self.days_late.to_string(),
            term,
            self.overdue_years.iter().map(i32::to_string).collect::<Vec<_>>().join(" "),
        ]
    }
}

/// The public list's trusts (with the page's filters) after id `after` (the
/// export's and the open data API's key), at most `batch`, and the last id.
pub async fn public_after<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    f: &TrustFilter,
    today: NaiveDate,
    after: i64,
    batch: u64,
) -> Result<(Vec<TrustRow>, Option<i64>), DbErr> {
    // Read in id order from the cursor; the status filter (overdue reports) is
    // computed here, so read on until `batch` trusts pass or the list ends.
    let year = f.year.trim().parse::<i32>().ok();
    let want = usize::try_from(batch).unwrap_or(usize::MAX);
    let mut rows: Vec<TrustRow> = Vec::new();
    let mut cursor = after;
    loop {
        let chunk = matching(db, &f.q, year, true, Window::After { after: cursor, limit: batch.max(1) }).await?;
        let read = chunk.len() as u64;
        cursor = match chunk.last() {
            Some(m) => m.id,
            None => break,
        };
        for (m, o) in with_overdue(db, chunk, settings.trust_report_due, today).await? {
            if rows.len() < want && passes(&f.status, &m, &o, today) {
                rows.push(row_of(&m, o));
            }
        }
        if rows.len() >= want || read < batch.max(1) {
            break;
        }
    }
    let last = rows.last().map(|r| r.id);
    Ok((rows, last))
}

/// The figures of `year` (filed and accepted in it, their size, the late
/// ones) and of now (filings to review, overdue reports), for the dashboard
/// and the year's statistics.
pub async fn stats<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    year: i32,
    today: NaiveDate,
) -> Result<TrustStats, DbErr> {
    let all = charitable_trust::Entity::find().all(db).await?;
    let ids: Vec<i64> = all.iter().map(|t| t.id).collect();
    let done = reported(db, &ids).await?;
    let mut s = TrustStats::default();
    for t in &all {
        if t.state == State::Submitted.as_str() {
            s.pending += 1;
        }
        if t.state == State::Accepted.as_str() && t.filed_on.year() == year {
            s.filed += 1;
            s.size_fen += t.size_fen;
            if t.days_late > 0 {
                s.late += 1;
            }
        }
        let years = done.get(&t.id).map(Vec::as_slice).unwrap_or(&[]);
        s.overdue_reports += owed(t, years, settings.trust_report_due, today, true).len() as u64;
    }
    Ok(s)
}
