//! Deterministic demo data: organizations with realistic Chinese names,
//! districts, people and dates, and the demo accounts. Organization `i` is
//! always the same for the same seed, so `--orgs N` tops a database up to N.

use app::audit::service::{self as audit, Actor, Entry};
use app::auth::service::{create_user, NewUser};
use app::auth::types::Role;
use app::domain::{credit_code, org_status::OrgStatus, org_type::OrgType, search, term};
use app::state::Settings;
use chrono::{Duration, NaiveDate, Utc};
use entity::{app_user, organization};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryOrder, Value};
use serde_json::json;

mod names;

pub use names::person;
use names::*;

/// The generated record of organization `i`.
pub struct DemoOrg {
    pub name: String,
    pub code: String,
    pub org_type: OrgType,
    pub district: String,
    pub domicile: String,
    pub legal_rep: String,
    pub capital_fen: i64,
    pub supervisory_unit: Option<String>,
    pub scope: String,
    pub contact_person: String,
    pub phone: String,
    pub email: String,
    pub registered: NaiveDate,
    pub status: OrgStatus,
    pub status_date: Option<NaiveDate>,
    pub term_start: NaiveDate,
    pub term_end: NaiveDate,
}

/// Organization `i` of the demo data. Names are unique for i < 2.4 million:
/// a mixed-radix reading of a scattered `i` picks district, two trade names,
/// field and form.
pub fn demo_org(seed: u64, i: u64, settings: &Settings, today: NaiveDate) -> DemoOrg {
    let mut rng = StdRng::seed_from_u64(seed.wrapping_mul(6364136223846793005).wrapping_add(i));
    let districts = &settings.districts;
    let org_type = match i % 20 {
        0..=10 => OrgType::SocialGroup,
        11..=17 => OrgType::SocialService,
        _ => OrgType::Foundation,
    };
    let nd = districts.len().max(1) as u64;
    let nz = ZIHAO.len() as u64;
    let nf = FIELDS.len() as u64;
    let total = nd * nz * nz * nf;
    let j = (i.wrapping_mul(1_000_003)) % total;
    let d = (j % nd) as usize;
    let z1 = ((j / nd) % nz) as usize;
    let z2 = ((j / nd / nz) % nz) as usize;
    let f = ((j / nd / nz / nz) % nf) as usize;
    let lap = i / total;
    let district = districts.get(d).cloned().unwrap_or_else(|| "市辖区".into());
    let form = match org_type {
        OrgType::SocialGroup => GROUP_FORMS[(i / 20 % GROUP_FORMS.len() as u64) as usize],
        OrgType::SocialService => SERVICE_FORMS[(i / 20 % SERVICE_FORMS.len() as u64) as usize],
        OrgType::Foundation => "基金会",
    };
    let zihao = if z1 == z2 { ZIHAO[z1].to_string() } else { format!("{}{}", ZIHAO[z1], ZIHAO[z2]) };
    let lap_tag = if lap > 0 { format!("第{}", lap + 1) } else { String::new() };
    let name = format!("{}{}{}{}{}{}", settings.region_name, district, zihao, lap_tag, FIELDS[f], form);
    let body = format!("{:08}", 10_000_000 + i);
    let prefix = format!("5{}", org_type.code_digit());
    let code = credit_code::build(&prefix, &settings.region_code, &body).unwrap_or_default();
    let capital_yuan: i64 = match org_type {
        OrgType::SocialGroup => rng.gen_range(3..=50) * 10_000,
        OrgType::SocialService => rng.gen_range(3..=200) * 10_000,
        OrgType::Foundation => rng.gen_range(200..=5000) * 10_000,
    };
    let days_back = rng.gen_range(30..(31 * 365));
    let registered = today - Duration::days(days_back);
    let roll: u32 = rng.gen_range(0..100);
    let status = match roll {
        0..=4 => OrgStatus::Deregistered,
        5..=7 => OrgStatus::Revoked,
        _ => OrgStatus::Active,
    };
    let status_date =
        (status != OrgStatus::Active).then(|| registered + Duration::days(rng.gen_range(1..days_back.max(2))));
    // Terms renewed every five years; about one in ten has missed its renewal.
    let mut term_start = registered;
    while term::term_end(term_start, settings.term_years) < today {
        if rng.gen_ratio(1, 10) {
            break;
        }
        term_start = term::term_end(term_start, settings.term_years);
    }
    let legal_rep = person(&mut rng);
    let contact_person = person(&mut rng);
    DemoOrg {
        scope: format!("开展{}领域的交流、培训、咨询和公益服务", FIELDS[f]),
        domicile: format!(
            "{}{}{}{}号",
            settings.region_name,
            district,
            pick(&mut rng, &STREETS),
            rng.gen_range(1..3000)
        ),
        supervisory_unit: if rng.gen_bool(0.4) { None } else { Some(pick(&mut rng, &UNITS).to_string()) },
        phone: format!("0755-{}", rng.gen_range(20_000_000..89_999_999)),
        email: format!("org{i}@example.org.cn"),
        term_end: term::term_end(term_start, settings.term_years),
        name,
        code,
        org_type,
        district,
        legal_rep,
        capital_fen: capital_yuan * 100,
        contact_person,
        registered,
        status,
        status_date,
        term_start,
    }
}

const COLUMNS: &str = "credit_code, name, org_type, domicile, district, legal_rep, capital_fen, supervisory_unit, \
    business_scope, contact_person, contact_phone, contact_email, registration_date, status, status_date, status_reason, \
    charter_approved_on, term_start, term_end, created_at, updated_at";

/// Inserts organizations `from..to` in batches. Returns how many were written.
pub async fn seed_orgs(
    db: &DatabaseConnection,
    settings: &Settings,
    seed: u64,
    from: u64,
    to: u64,
    mut progress: impl FnMut(u64),
) -> Result<u64, sea_orm::DbErr> {
    let backend = db.get_database_backend();
    let today = app::kernel::clock::today();
    let now = Utc::now();
    let batch = 400u64;
    let mut i = from;
    while i < to {
        // Ten statements' worth a transaction, the postings written in key order at its end.
        let txn_end = (i + 10 * batch).min(to);
        let txn = app::db::begin_write(db).await?;
        let mut postings = Vec::with_capacity(((txn_end - i) * 40) as usize);
        while i < txn_end {
            let end = (i + batch).min(txn_end);
            let orgs: Vec<DemoOrg> = (i..end).map(|n| demo_org(seed, n, settings, today)).collect();
            let mut values: Vec<Value> = Vec::new();
            let mut rows = Vec::new();
            for o in &orgs {
                let ph = vec!["?"; 21].join(", ");
                values.extend([
                    Value::from(o.code.clone()),
                    o.name.clone().into(),
                    o.org_type.as_str().into(),
                    o.domicile.clone().into(),
                    o.district.clone().into(),
                    o.legal_rep.clone().into(),
                    o.capital_fen.into(),
                    o.supervisory_unit.clone().into(),
                    o.scope.clone().into(),
                    o.contact_person.clone().into(),
                    o.phone.clone().into(),
                    o.email.clone().into(),
                    o.registered.into(),
                    o.status.as_str().into(),
                    o.status_date.into(),
                    o.status_date.map(|_| "组织自行申请注销或依法撤销".to_string()).into(),
                    Some(o.registered).into(),
                    o.term_start.into(),
                    o.term_end.into(),
                    now.into(),
                    now.into(),
                ]);
                rows.push(format!("({ph})"));
            }
            let sql = format!("INSERT INTO organization ({COLUMNS}) VALUES {} RETURNING id", rows.join(", "));
            let ids: Vec<i64> = txn
                .query_all_raw(app::db::stmt(backend, &sql, values))
                .await?
                .iter()
                .map(|r| r.try_get::<i64>("", "id"))
                .collect::<Result<_, _>>()?;
            let mut ev_vals: Vec<Value> = Vec::new();
            let mut ev_rows = Vec::new();
            for (id, o) in ids.iter().zip(&orgs) {
                ev_rows.push("(?, ?, ?, ?, ?, ?)");
                ev_vals.extend([
                    Value::from(*id),
                    "establish".into(),
                    o.registered.into(),
                    "".into(),
                    "[]".into(),
                    now.into(),
                ]);
                if let Some(d) = o.status_date {
                    let kind = if o.status == OrgStatus::Revoked { "revoke" } else { "deregister" };
                    let changes =
                        json!([{"field": "status", "before": "active", "after": o.status.as_str()}]).to_string();
                    ev_rows.push("(?, ?, ?, ?, ?, ?)");
                    ev_vals.extend([Value::from(*id), kind.into(), d.into(), "".into(), changes.into(), now.into()]);
                }
                postings.extend(search::postings(&o.name, &o.code).into_iter().map(|(t, p)| (t, *id, p)));
            }
            app::db::exec(
                &txn,
                &format!(
                    "INSERT INTO org_event (org_id, kind, event_date, note, changes_json, created_at) VALUES {}",
                    ev_rows.join(", ")
                ),
                ev_vals,
            )
            .await?;
            insert_reports(&txn, settings, seed, i, &ids, &orgs).await?;
            i = end;
        }
        postings.sort_unstable();
        app::registry::service::write_postings(&txn, postings).await?;
        txn.commit().await?;
        progress(i);
    }
    Ok(to.saturating_sub(from))
}

/// A demo annual report: (year, status, conclusion, figures in 分).
pub struct DemoReport {
    pub year: i32,
    pub status: &'static str,
    pub conclusion: Option<&'static str>,
    pub figures: app::domain::annual_report::Financials,
}

/// The reports of demo organization `i`: last year's mostly concluded, the
/// current filing year's in every state (filed, returned, draft, not started).
/// Organization 0 (the demo portal user's) has last year's report only, so
/// the current year is there to be filed.
pub fn demo_reports(seed: u64, i: u64, o: &DemoOrg, settings: &Settings) -> Vec<DemoReport> {
    use app::domain::annual_report::{obliged, Financials};
    if o.status != OrgStatus::Active {
        return Vec::new();
    }
    let mut rng = StdRng::seed_from_u64(seed.wrapping_mul(2862933555777941757).wrapping_add(i));
    let mut out = Vec::new();
    for year in [settings.report_year - 1, settings.report_year] {
        if !obliged(o.org_type, o.registered, year) {
            continue;
        }
        let roll: u32 = rng.gen_range(0..100);
        let (status, conclusion) = if year < settings.report_year {
            match roll {
                0..=3 => continue,
                4..=84 => ("concluded", Some("qualified")),
                85..=95 => ("concluded", Some("basic")),
                _ => ("concluded", Some("unqualified")),
            }
        } else if i == 0 {
            continue;
        } else {
            match roll {
                0..=29 => ("concluded", Some("qualified")),
                30..=34 => ("concluded", Some("basic")),
                35..=69 => ("submitted", None),
                70..=73 => ("returned", None),
                74..=81 => ("draft", None),
                _ => continue,
            }
        };
        let scale = (o.capital_fen / 100).clamp(30_000, 20_000_000);
        let income_total = scale * rng.gen_range(40..160) / 10 * 10;
        let dues = if o.org_type == OrgType::SocialGroup { income_total / 5 } else { 0 };
        let grants = income_total / 10;
        let services = income_total / 4;
        let donations = income_total - dues - grants - services;
        let spend_total = income_total * rng.gen_range(70..105) / 100;
        let admin = spend_total / 10;
        let activities = spend_total - admin;
        let assets = scale * rng.gen_range(20..60) / 10 * 10;
        let liabilities = assets / 5;
        out.push(DemoReport {
            year,
            status,
            conclusion,
            figures: Financials {
                income_donations: donations,
                income_grants: grants,
                income_services: services,
                income_dues: dues,
                income_total,
                spend_activities: activities,
                spend_admin: admin,
                spend_total,
                assets,
                liabilities,
                net_assets: assets - liabilities,
                ..Financials::default()
            },
        });
    }
    out
}

async fn insert_reports(
    txn: &sea_orm::DatabaseTransaction,
    settings: &Settings,
    seed: u64,
    from: u64,
    ids: &[i64],
    orgs: &[DemoOrg],
) -> Result<(), sea_orm::DbErr> {
    let now = Utc::now();
    let mut rows = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    for (n, (id, o)) in ids.iter().zip(orgs).enumerate() {
        for r in demo_reports(seed, from + n as u64, o, settings) {
            let filed = r.status != "draft";
            let f = &r.figures;
            let mut form = app::domain::annual_report::form_from_figures(f);
            form.changes = "无".into();
            form.activities = format!("围绕{}开展日常活动和公益服务。", o.scope.chars().take(20).collect::<String>());
            form.board_meetings = "2".into();
            form.projects = "3".into();
            form.staff_full_time = "3".into();
            form.staff_part_time = "1".into();
            form.volunteers = "20".into();
            if o.org_type == OrgType::Foundation {
                form.public_fundraising = "no".into();
                form.prior_income_total = app::domain::money::format_yuan(f.income_total);
                form.prior_net_assets = app::domain::money::format_yuan(f.net_assets);
            }
            let form = serde_json::to_string(&form).unwrap_or_else(|_| "{}".into());
            let fig = |v: i64| if filed { Some(v) } else { None };
            let when = if filed { Some(now) } else { None };
            rows.push(format!("({}, 1)", vec!["?"; 18].join(", ")));
            values.extend([
                Value::from(*id),
                r.year.into(),
                r.status.into(),
                form.into(),
                "[]".into(),
                fig(f.income_total).into(),
                fig(f.spend_total).into(),
                fig(f.assets).into(),
                fig(f.liabilities).into(),
                fig(f.net_assets).into(),
                "online".into(),
                when.into(),
                when.into(),
                r.status.eq("returned").then(|| "请补充年度活动的具体情况。".to_string()).into(),
                r.conclusion.map(str::to_string).into(),
                r.conclusion.map(|_| now).into(),
                now.into(),
                now.into(),
            ]);
        }
    }
    const COLS: usize = 18;
    for (chunk_rows, chunk_vals) in rows.chunks(200).zip(values.chunks(200 * COLS)) {
        let sql = format!(
            "INSERT INTO annual_report (org_id, report_year, status, form_json, findings_json, income_total, \
             spend_total, assets, liabilities, net_assets, source, first_submitted_at, submitted_at, return_comment, \
             conclusion, concluded_at, created_at, updated_at, version) VALUES {}",
            chunk_rows.join(", ")
        );
        app::db::exec(txn, &sql, chunk_vals.to_vec()).await?;
    }
    Ok(())
}

/// The demo accounts: (username, password, role). The organization user is
/// bound to the first organization; the supervisory unit's user to 市教育局
/// (written with the units, `seed_units`).
pub const DEMO_USERS: [(&str, &str, &str, Role); 6] = [
    ("admin", "Sunshine!Admin26", "系统管理员", Role::Admin),
    ("officer", "Sunshine!Officer26", "张登记", Role::Officer),
    ("inspector", "Sunshine!Inspect26", "李检查", Role::Inspector),
    ("org", "Sunshine!Org2026", "社会组织用户", Role::OrgUser),
    ("expert", "Sunshine!Expert26", "陈评估", Role::Expert),
    ("unit", "Sunshine!Unit2026", "王初审", Role::Unit),
];

/// Tops the database up to `orgs` organizations and creates the demo accounts
/// that do not exist yet.
pub async fn seed_demo(
    db: &DatabaseConnection,
    settings: &Settings,
    orgs: u64,
    seed: u64,
) -> Result<u64, app::error::AppError> {
    let existing = organization::Entity::find().count(db).await?;
    let started = std::time::Instant::now();
    let written = if orgs > existing {
        seed_orgs(db, settings, seed, existing, orgs, |n| {
            if n % 50_000 == 0 {
                println!("  {n} organizations ({:.0?})", started.elapsed());
            }
        })
        .await?
    } else {
        0
    };
    // The demo organization's account belongs to the first active organization (in id order: without
    // an order PostgreSQL returns any row, and gave the account a deregistered organization).
    let first_org = organization::Entity::find()
        .filter(sea_orm::ColumnTrait::eq(&organization::Column::Status, "active"))
        .order_by_asc(organization::Column::Id)
        .one(db)
        .await?
        .map(|o| o.id);
    let actor = Actor::system("seed-demo");
    let txn = app::db::begin_write(db).await?;
    for (username, password, name, role) in DEMO_USERS.into_iter().filter(|u| u.3 != Role::Unit) {
        let exists = app_user::Entity::find()
            .filter(sea_orm::ColumnTrait::eq(&app_user::Column::Username, username))
            .one(&txn)
            .await?
            .is_some();
        if !exists {
            let org = if role == Role::OrgUser { first_org } else { None };
            let email = format!("{username}@sunshine.local");
            let new =
                NewUser { username, display_name: name, email: &email, role, org_id: org, password: Some(password) };
            create_user(&txn, &actor, new).await?;
        }
    }
    if written > 0 {
        audit::record(
            &txn,
            &actor,
            Entry {
                action: "seed",
                entity: "organization",
                entity_id: "*".into(),
                before: Some(json!({"count": existing})),
                after: Some(json!({"count": existing + written, "seed": seed})),
            },
        )
        .await?;
    }
    txn.commit().await?;
    crate::seed_units::seed_units(db, settings).await?;
    crate::seed_rating::seed_rating(db, settings, seed, app::kernel::clock::today()).await?;
    crate::seed_charity::seed_charity(db, seed, app::kernel::clock::today(), &settings.region_code).await?;
    crate::seed_lottery::seed_lottery(db, settings, seed, app::kernel::clock::today()).await?;
    if written > 0 {
        app::credit::service::rescore_all(db, settings, app::kernel::clock::today()).await?;
    }
    crate::seed_inspection::seed_inspection(db, settings, app::kernel::clock::today()).await?;
    crate::seed_joint::seed_joint(db, settings, app::kernel::clock::today()).await?;
    crate::seed_complaints::seed_complaints(db, settings, app::kernel::clock::today()).await?;
    crate::seed_penalty::seed_penalty(db, settings, app::kernel::clock::today()).await?;
    crate::seed_illegal::seed_illegal(db, settings, app::kernel::clock::today()).await?;
    crate::seed_trusts::seed_trusts(db, settings, app::kernel::clock::today()).await?;
    crate::seed_trade::seed_trade(db, settings, app::kernel::clock::today()).await?;
    crate::seed_party::seed_party(db, settings, app::kernel::clock::today()).await?;
    // The year's targets of the work plan, and today's point of every trend.
    let today = app::kernel::clock::today();
    let actor = Actor::system("seed-demo");
    app::dashboard::service::add_work_plan(db, &actor, chrono::Datelike::year(&today)).await?;
    app::dashboard::service::snapshot(db, settings, today).await?;
    Ok(written)
}

use sea_orm::QueryFilter;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn demo_orgs_are_deterministic_valid_and_unique() {
        let settings = Settings::default();
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut names = HashSet::new();
        for i in 0..5000 {
            let a = demo_org(7, i, &settings, today);
            let b = demo_org(7, i, &settings, today);
            assert_eq!(a.name, b.name);
            assert_eq!(a.code, b.code);
            assert!(credit_code::validate_for_type(&a.code, a.org_type.code_digit()).is_ok(), "{}", a.code);
            assert!(names.insert(a.name.clone()), "duplicate {}", a.name);
            assert!(a.registered <= today);
            if a.org_type == OrgType::Foundation {
                assert!(a.name.ends_with("基金会"));
                assert!(a.capital_fen >= 200_000_000);
            }
        }
    }
}
