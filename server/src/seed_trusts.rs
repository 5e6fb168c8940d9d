//! Demo data of charitable trusts (慈善信托), deterministic and dated from
//! today: trusts of the demo charity (filed in its portal) and of a trust
//! company (filed by an officer on its behalf) in every state — waiting for
//! review, returned, accepted — some filed late, some with changes (one of
//! several changes of a month filed together), yearly reports filed on time
//! and late, two with last year's report overdue, one ended. Written through
//! the services with the day each step happened, so every row, number and
//! audit record is one the application writes. Written once: nothing is
//! added when a trust exists.

use app::audit::service::Actor;
use app::error::AppError;
use app::state::Settings;
use app::trust::service::{self as trusts, Trustee};
use app::trust::types::{ChangeInput, ContractUpload, FilingInput, ReportInput, ReturnInput};
use chrono::{Datelike, Days, NaiveDate};
use entity::{app_user, charitable_trust};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

/// A small valid PDF as the contract.
const CONTRACT: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

const COMPANY: &str = "阳光国际信托有限责任公司";

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn filing(name: &str, company: bool, persons: &str, orgs: &str, purposes: &str, size: &str) -> FilingInput {
    FilingInput {
        name: name.into(),
        trustee_name: if company { COMPANY.into() } else { String::new() },
        contact_email: if company { "trust-office@sunshine-trust.example".into() } else { String::new() },
        settlor_persons: persons.into(),
        settlor_orgs: orgs.into(),
        supervisor: "阳光市明德律师事务所".into(),
        purposes: purposes.into(),
        purpose_note: String::new(),
        size: size.into(),
        beneficiaries: "本市户籍、家庭人均收入低于最低生活保障标准两倍的对象，由受托人按公开的申请条件和评审程序选定；委托人及其利害关系人不得成为受益人。".into(),
        ..Default::default()
    }
}

fn report(year: i32, income: &str, spending: &str, charitable: &str, assets: &str) -> ReportInput {
    ReportInput {
        year: year.to_string(),
        income: income.into(),
        spending: spending.into(),
        charitable: charitable.into(),
        assets: assets.into(),
        note: "信托财产全部存放于专用账户，收支经会计师事务所审计。".into(),
    }
}

/// Files `input` signed on `signed` on day `filed`; accepted on `accepted`
/// when given.
#[expect(clippy::too_many_arguments)]
async fn filed(
    db: &DatabaseConnection,
    settings: &Settings,
    filer: &Actor,
    officer: &Actor,
    trustee: Trustee,
    mut input: FilingInput,
    (signed, start, end): (NaiveDate, NaiveDate, Option<NaiveDate>),
    filed: NaiveDate,
    accepted: Option<NaiveDate>,
) -> Result<i64, AppError> {
    input.signed_on = signed.to_string();
    input.start_on = start.to_string();
    input.end_on = end.map(|d| d.to_string()).unwrap_or_default();
    let upload = ContractUpload { file_name: format!("{}合同.pdf", input.name), bytes: CONTRACT.to_vec() };
    let (id, _) = trusts::file(db, settings, filer, trustee, &input, Some(&upload), filed).await?;
    if let Some(on) = accepted {
        trusts::accept(db, officer, id, on).await?;
    }
    Ok(id)
}

/// Seeds the trusts' demo; returns the number of trusts written.
pub async fn seed_trusts(db: &DatabaseConnection, settings: &Settings, today: NaiveDate) -> Result<u64, AppError> {
    if charitable_trust::Entity::find().count(db).await? > 0 {
        return Ok(0);
    }
    let user = |name: &'static str| app_user::Entity::find().filter(app_user::Column::Username.eq(name)).one(db);
    let (Some(officer), Some(org_user)) = (user("officer").await?, user("org").await?) else { return Ok(0) };
    let actor = |u: &app_user::Model| Actor { id: Some(u.id), name: u.display_name.clone(), role: u.role.clone() };
    let (officer_actor, org_actor) = (actor(&officer), actor(&org_user));
    let (o, c) = (&officer_actor, &org_actor);
    let charity = match org_user.org_id {
        Some(org) if trusts::trustee_of(db, org).await?.is_some() => Some(Trustee::Charity(org)),
        _ => None,
    };
    let y = today.year();
    let mut written = 0;

    // The trust company's trusts, filed by an officer on its behalf.
    // Accepted two years ago; several changes of one month filed together; a late report; last year's overdue.
    let eco = filing("蓝海生态环保慈善信托", true, "", "阳光蓝海实业集团有限公司", "environment", "5000000");
    let signed = day(y - 2, 5, 20);
    let id = filed(
        db,
        settings,
        o,
        o,
        Trustee::Company,
        eco,
        (signed, signed, None),
        day(y - 2, 5, 25),
        Some(day(y - 2, 6, 3)),
    )
    .await?;
    let batch = ChangeInput {
        kind_supervisor: "on".into(),
        kind_size: "on".into(),
        first_on: day(y - 2, 9, 3).to_string(),
        last_on: day(y - 2, 9, 26).to_string(),
        description: "9月3日监察人变更为阳光市公正会计师事务所；9月26日委托人追加信托财产200万元。".into(),
        new_size: "7000000".into(),
        ..Default::default()
    };
    trusts::file_change(db, o, None, id, &batch, day(y - 2, 10, 9)).await?;
    trusts::file_report(
        db,
        settings,
        o,
        None,
        id,
        &report(y - 2, "7000000", "850000", "800000", "6150000"),
        day(y - 1, 3, 20),
    )
    .await?;
    trusts::file_report(
        db,
        settings,
        o,
        None,
        id,
        &report(y - 1, "120000", "1300000", "1250000", "4970000"),
        day(y, 4, 12).min(today),
    )
    .await?;
    written += 1;

    // An emergency-relief trust of fixed term, ended, every report filed.
    let relief = filing("阳光应急救灾慈善信托", true, "王建国\n李秀英", "", "disaster", "2000000");
    let signed = day(y - 2, 1, 8);
    let id = filed(
        db,
        settings,
        o,
        o,
        Trustee::Company,
        relief,
        (signed, signed, Some(day(y - 1, 12, 31))),
        day(y - 2, 1, 12),
        Some(day(y - 2, 1, 20)),
    )
    .await?;
    trusts::file_report(
        db,
        settings,
        o,
        None,
        id,
        &report(y - 2, "2000000", "1200000", "1180000", "800000"),
        day(y - 1, 3, 2),
    )
    .await?;
    trusts::file_report(
        db,
        settings,
        o,
        None,
        id,
        &report(y - 1, "0", "800000", "790000", "0"),
        day(y, 3, 18).min(today),
    )
    .await?;
    written += 1;

    // Filed three days ago, waiting for review.
    let fresh = filing("春晖乡村振兴慈善信托", true, "陈志强", "阳光春晖控股有限公司", "poverty,education", "3000000");
    let signed = today - Days::new(3);
    filed(db, settings, o, o, Trustee::Company, fresh, (signed, signed, None), today, None).await?;
    written += 1;

    let Some(charity) = charity else { return Ok(written) };

    // The demo charity's trusts, filed in its portal.
    // On time, reported every year, one change of size.
    let school = filing("阳光助学慈善信托", false, "张伟\n刘芳", "", "education", "1000000");
    let signed = day(y - 2, 3, 1);
    let id =
        filed(db, settings, c, o, charity, school, (signed, signed, None), day(y - 2, 3, 6), Some(day(y - 2, 3, 12)))
            .await?;
    let more = ChangeInput {
        kind_size: "on".into(),
        first_on: day(y - 1, 6, 15).to_string(),
        description: "委托人张伟追加信托财产50万元。".into(),
        new_size: "1500000".into(),
        ..Default::default()
    };
    trusts::file_change(db, c, Some(charity_org(charity)), id, &more, day(y - 1, 6, 19)).await?;
    trusts::file_report(
        db,
        settings,
        c,
        Some(charity_org(charity)),
        id,
        &report(y - 2, "1000000", "300000", "290000", "700000"),
        day(y - 1, 3, 25),
    )
    .await?;
    trusts::file_report(
        db,
        settings,
        c,
        Some(charity_org(charity)),
        id,
        &report(y - 1, "520000", "410000", "400000", "810000"),
        day(y, 3, 30).min(today),
    )
    .await?;
    written += 1;

    // Filed five days late; last year's report overdue.
    let elderly = filing("阳光安老慈善信托", false, "赵敏", "阳光市福康医疗器械有限公司", "care", "800000");
    let signed = day(y - 1, 2, 10);
    filed(db, settings, c, o, charity, elderly, (signed, signed, None), day(y - 1, 2, 22), Some(day(y - 1, 2, 28)))
        .await?;
    written += 1;

    // Filed late and returned.
    let medical = filing("星光医疗救助慈善信托", false, "孙丽", "", "care,other", "600000");
    let medical = FilingInput { purpose_note: "资助罕见病患儿家庭的医疗和康复。".into(), ..medical };
    let signed = today - Days::new(20);
    let id = filed(db, settings, c, o, charity, medical, (signed, signed, None), today - Days::new(10), None).await?;
    let reason = ReturnInput {
        reason: "信托合同未附委托人签章页；受益人选定规则未写明评审程序。请补正后重新备案。".into(),
    };
    trusts::return_filing(db, o, id, &reason, today - Days::new(8)).await?;
    written += 1;
    Ok(written)
}

fn charity_org(t: Trustee) -> i64 {
    match t {
        Trustee::Charity(org) => org,
        Trustee::Company => 0,
    }
}
