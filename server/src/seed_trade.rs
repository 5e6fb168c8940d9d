//! Demo data of trade associations and chambers of commerce (行业协会商会),
//! deterministic: forty of the demo social groups named 协会, 商会 or 联合会
//! are marked with a sector (in turn through the 20 门类), and each files
//! some conduct through the trade service (so every anomaly and audit record
//! is one the application writes): a sound membership fee, and for some a
//! compulsory or unpublished fee, a fee for an award, a professional
//! committee, a regional branch, approved and unapproved awards, forums
//! filed or not; and a draft special check of their fees (涉企收费) drawing
//! from trade associations only, with that check's items. Written once:
//! nothing is added when a trade association exists.

use app::audit::service::Actor;
use app::domain::trade::SECTORS;
use app::error::AppError;
use app::state::Settings;
use app::trade::service as trade;
use app::trade::types::{AwardInput, BranchInput, FeeInput, ForumInput};
use chrono::{Datelike, NaiveDate};
use sea_orm::{ConnectionTrait, DatabaseConnection};

const HOW_MANY: i64 = 40;

fn fee(year: i32, item: &str, kind: &str, basis: &str, amount: &str, compulsory: bool, published: bool) -> FeeInput {
    let yn = |b: bool| if b { "yes" } else { "no" }.to_string();
    FeeInput {
        year: year.to_string(),
        item: item.into(),
        kind: kind.into(),
        basis: basis.into(),
        standard: "按会员类别：理事单位每年5000元，会员单位每年2000元".into(),
        amount: amount.into(),
        compulsory: yn(compulsory),
        published: yn(published),
    }
}

/// Marks the associations and files their records; the number of associations marked.
pub async fn seed_trade(db: &DatabaseConnection, settings: &Settings, today: NaiveDate) -> Result<u64, AppError> {
    let marked =
        app::db::count(db, "SELECT COUNT(*) AS n FROM organization WHERE trade_sector IS NOT NULL", vec![]).await?;
    if marked > 0 {
        return Ok(0);
    }
    let rows = db
        .query_all_raw(app::db::stmt(
            db.get_database_backend(),
            &format!(
                "SELECT id, name FROM organization WHERE org_type = 'social_group' AND status = 'active' \
                 AND (name LIKE '%协会' OR name LIKE '%商会' OR name LIKE '%联合会') ORDER BY id LIMIT {HOW_MANY}"
            ),
            vec![],
        ))
        .await?;
    let orgs: Vec<(i64, String)> = rows
        .iter()
        .map(|r| Ok((r.try_get::<i64>("", "id")?, r.try_get::<String>("", "name")?)))
        .collect::<Result<_, sea_orm::DbErr>>()?;
    let actor = Actor::system("seed-demo");
    let year = settings.report_year;
    let held = NaiveDate::from_ymd_opt(year, 6, 18).filter(|d| *d <= today).unwrap_or(today);
    for (i, (id, name)) in orgs.iter().enumerate() {
        let sector = SECTORS[i % SECTORS.len()].0;
        let txn = app::db::begin_write(db).await?;
        app::db::exec(
            &*txn,
            "UPDATE organization SET trade_sector = ? WHERE id = ?",
            vec![sector.into(), (*id).into()],
        )
        .await?;
        txn.commit().await?;
        let basis = format!("{name}章程第十九条、第三届会员大会第二次会议决议");
        trade::add_fee(db, &actor, *id, &fee(year, "会费", "membership", &basis, "120000", false, true), today).await?;
        if i % 3 == 0 {
            let f = fee(year, "入会费", "membership", "", "60000", true, false);
            trade::add_fee(db, &actor, *id, &f, today).await?;
        }
        if i % 5 == 0 {
            let f = fee(year, "“行业十强企业”评选费", "award", &basis, "30000", false, true);
            trade::add_fee(db, &actor, *id, &f, today).await?;
        }
        if i % 2 == 0 {
            let b = BranchInput {
                kind: "branch".into(),
                name: format!("{name}专业委员会"),
                address: "阳光市福田区深南大道1号".into(),
                head: "周主任".into(),
                established_on: format!("{}-04-01", today.year() - 2),
                status: "active".into(),
                regional: "no".into(),
                under_branch: "no".into(),
            };
            trade::add_branch(db, settings, &actor, *id, &b, today).await?;
        }
        if i % 7 == 0 {
            let b = BranchInput {
                kind: "branch".into(),
                name: "南山分会".into(),
                address: "阳光市南山区桃源街道8号".into(),
                head: "吴会长".into(),
                established_on: format!("{}-09-01", today.year() - 1),
                status: "active".into(),
                regional: "yes".into(),
                under_branch: "no".into(),
            };
            trade::add_branch(db, settings, &actor, *id, &b, today).await?;
        }
        if i % 4 == 0 {
            let a = AwardInput {
                year: year.to_string(),
                name: "年度诚信经营示范单位".into(),
                approval_no: format!("阳评表〔{year}〕{}号", i + 1),
                approved_by: "阳光市评比达标表彰工作领导小组".into(),
                fee_charged: "no".into(),
            };
            trade::add_award(db, &actor, *id, &a, today).await?;
        }
        if i % 6 == 0 {
            let a = AwardInput {
                year: year.to_string(),
                name: "行业十强企业".into(),
                approval_no: String::new(),
                approved_by: String::new(),
                fee_charged: "yes".into(),
            };
            trade::add_award(db, &actor, *id, &a, today).await?;
        }
        if i % 3 == 1 || i % 8 == 0 {
            let f = ForumInput {
                name: format!("{year}年行业发展论坛"),
                held_on: held.to_string(),
                co_organizers: "阳光市工商业联合会".into(),
                fee_charged: if i % 8 == 0 { "yes" } else { "no" }.into(),
                approval_ref: if i % 8 == 0 { String::new() } else { format!("阳民社备〔{year}〕{}号", i + 1) },
            };
            trade::add_forum(db, &actor, *id, &f, today).await?;
        }
    }
    // A special check of the associations' fees, with its checklist (a draft to plan).
    let input = app::inspection::types::CampaignInput {
        name: format!("{}年行业协会商会涉企收费专项抽查", today.year()),
        year: today.year().to_string(),
        kind: "special".into(),
        object_kind: "org".into(),
        filter_trade: "yes".into(),
        strata_by: "district".into(),
        size_mode: "percent".into(),
        size_value: "20".into(),
        risk_percent: "0".into(),
        per_target: "2".into(),
        max_per_inspector: "10".into(),
        period_from: today.to_string(),
        period_to: (today + chrono::Days::new(60)).to_string(),
        items: app::domain::trade::FEE_CHECKLIST.iter().map(|(zh, _)| *zh).collect::<Vec<_>>().join("\n"),
        beacon_source: "福彩3D开奖号码（抽取当日）".into(),
        ..Default::default()
    };
    app::inspection::service::create_campaign(db, &actor, &input).await?;
    Ok(orgs.len() as u64)
}
