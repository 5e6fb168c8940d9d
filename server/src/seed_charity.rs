//! Demo data of charities, deterministic and fast: the demo organization (the
//! `org` login's) and about 60 foundations and social-service organizations
//! registered two years ago or earlier are recognized as charities, most with
//! the public-fundraising qualification; each qualified charity has filed
//! plans — finished, running and upcoming, some changed or terminated early —
//! with disclosures on time, late or missing, so the overdue list, the
//! transparency ranking and the risk grades all have something to show.
//! Historical plans are written as they were filed then (the filing-time rule
//! held on their filing date). Written once: nothing is added when a charity exists.

use app::error::AppError;
use chrono::{Datelike, Days, Months, NaiveDate, Utc};
use entity::{app_user, charity, charity_disclosure, charity_plan};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, Set,
};

const PURPOSES: [(&str, &str, &str); 6] = [
    ("阳光助学", "资助困难家庭学生完成学业", "助学金发放和学习用品采购"),
    ("银龄关爱", "为独居高龄老人提供上门探访和助餐服务", "助餐补贴、探访志愿者培训"),
    ("儿童大病救助", "救助本市患重大疾病的困难家庭儿童", "医疗费用补助"),
    ("社区应急物资", "为社区储备应急救灾物资", "采购应急包、发电机和净水设备"),
    ("乡村图书角", "为结对乡村学校建设图书角", "图书采购、书架和阅读推广活动"),
    ("残障人士就业", "帮助残障人士技能培训和就业", "职业培训课程和岗位补贴"),
];
const PLATFORMS: [&str; 4] = ["腾讯公益", "支付宝公益", "公益宝", "轻松公益"];

/// Seeds the charity demo; returns the number of charities written.
pub async fn seed_charity(
    db: &DatabaseConnection,
    seed: u64,
    today: NaiveDate,
    region_code: &str,
) -> Result<u64, AppError> {
    if charity::Entity::find().count(db).await? > 0 {
        return Ok(0);
    }
    let mut rng = StdRng::seed_from_u64(seed ^ 0x0043_4841_5249_5459);
    let demo_org =
        app_user::Entity::find().filter(app_user::Column::Username.eq("org")).one(db).await?.and_then(|u| u.org_id);
    let cutoff = today - Months::new(24);
    let rows = db
        .query_all_raw(app::db::stmt(
            db.get_database_backend(),
            "SELECT id FROM organization WHERE status = 'active' AND org_type IN ('foundation', 'social_service') \
             AND registration_date <= ? ORDER BY id LIMIT 60",
            vec![cutoff.into()],
        ))
        .await?;
    let mut ids: Vec<i64> = rows.iter().map(|r| r.try_get::<i64>("", "id")).collect::<Result<_, _>>()?;
    if let Some(d) = demo_org {
        ids.retain(|i| *i != d);
        ids.insert(0, d);
    }
    let txn = app::db::begin_write(db).await?;
    let now = Utc::now();
    let mut seq = 0;
    let mut written = 0;
    for (n, org_id) in ids.iter().enumerate() {
        let registered: NaiveDate = txn
            .query_one_raw(app::db::stmt(
                txn.get_database_backend(),
                "SELECT registration_date FROM organization WHERE id = ?",
                vec![(*org_id).into()],
            ))
            .await?
            .map(|r| r.try_get("", "registration_date"))
            .transpose()?
            .unwrap_or(today);
        // Recognized after registration, at the latest yesterday.
        let recognized =
            (today - Days::new(rng.gen_range(400..1500))).max(registered + Days::new(30)).min(today - Days::new(1));
        // The demo organization and four in five of the others hold the qualification, a year after
        // registration or recognition (74号 §5).
        let qualified = (n == 0 || rng.gen_range(0..5) > 0)
            .then(|| (registered.min(recognized) + Months::new(12)).max(recognized) + Days::new(rng.gen_range(1..35)));
        let qualified = qualified.filter(|q| *q < today);
        charity::ActiveModel {
            org_id: Set(*org_id),
            recognized_on: Set(recognized),
            recognition_note: Set("理事会决议申请认定，章程符合《慈善法》规定".into()),
            qualified_on: Set(qualified),
            certificate_no: Set(qualified.map(|q| format!("{region_code}-GM-{}-{org_id:05}", q.year()))),
            withdrawn_on: Set(None),
            withdraw_reason: Set(None),
            withdrawn_for_violation: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&*txn)
        .await?;
        written += 1;
        let event = |kind: &'static str, on: NaiveDate, note: String| {
            app::db::exec(
                &*txn,
                "INSERT INTO charity_event (org_id, kind, event_date, note, actor, created_at) VALUES (?, ?, ?, ?, 'seed-demo', ?)",
                vec![(*org_id).into(), kind.into(), on.into(), note.into(), now.into()],
            )
        };
        event("recognized", recognized, "理事会决议申请认定".into()).await?;
        let Some(q) = qualified else { continue };
        event("qualified", q, format!("{region_code}-GM-{}-{org_id:05}", q.year())).await?;

        // Plans: one or three, starting after the qualification.
        let plans = if n == 0 { 3 } else { rng.gen_range(1..=3) };
        for k in 0..plans {
            let span = [(q + Days::new(30), 9), (today - Days::new(150), 8), (today + Days::new(20), 4)];
            let (start, months) = span[(k + n) % 3];
            let start = start.max(q + Days::new(11));
            let end = start + Months::new(months);
            let filed = start - Days::new(rng.gen_range(10..30));
            if filed > today {
                continue;
            }
            seq += 1;
            let (title, purpose, uses) = PURPOSES[(n + k) % PURPOSES.len()];
            let internet = rng.gen_range(0..3) > 0;
            let target = rng.gen_range(20..500) as i64 * 1_000_000;
            let terminated =
                (rng.gen_range(0..10) == 0 && start < today && end > today + Days::new(1)).then_some(today);
            let p = charity_plan::ActiveModel {
                org_id: Set(*org_id),
                filing_no: Set(format!("{region_code}-{}-{:06}", filed.year(), seq)),
                title: Set(format!("{}{}募捐", start.year(), title)),
                purpose: Set(purpose.into()),
                start_on: Set(start),
                end_on: Set(end),
                region: Set("阳光市".into()),
                method: Set(if internet { "internet" } else { "event" }.into()),
                platform: Set(if internet { PLATFORMS[(n + k) % PLATFORMS.len()].to_string() } else { String::new() }),
                target_fen: Set(target),
                uses: Set(uses.into()),
                beneficiaries: Set("本市符合条件的困难群众".into()),
                bank_account: Set(format!("阳光银行公益专户 6222 0200 {:04}", (seq * 37) % 10_000)),
                person_in_charge: Set("项目负责人".into()),
                office_address: Set("阳光市福田区公益大厦".into()),
                cost_budget_fen: Set(target / 50),
                leftover: Set("转入同类慈善项目继续使用".into()),
                emergency: Set(false),
                filed_on: Set(filed),
                terminated_on: Set(terminated),
                termination_reason: Set(terminated.map(|_| "募捐目标已提前完成".to_string())),
                version: Set(if terminated.is_some() { 2 } else { 1 }),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&*txn)
            .await?;
            let json = serde_json::json!({"title": p.title, "purpose": p.purpose}).to_string();
            app::db::exec(
                &*txn,
                "INSERT INTO charity_plan_change (plan_id, kind, changed_on, reason, before_json, after_json, created_at) \
                 VALUES (?, 'filed', ?, '', '{}', ?, ?)",
                vec![p.id.into(), filed.into(), json.into(), now.into()],
            )
            .await?;
            if let Some(t) = terminated {
                app::db::exec(
                    &*txn,
                    "INSERT INTO charity_plan_change (plan_id, kind, changed_on, reason, before_json, after_json, created_at) \
                     VALUES (?, 'terminated', ?, '募捐目标已提前完成', ?, ?, ?)",
                    vec![
                        p.id.into(),
                        t.into(),
                        serde_json::json!({"end_on": end.to_string()}).to_string().into(),
                        serde_json::json!({"terminated_on": t.to_string()}).to_string().into(),
                        now.into(),
                    ],
                )
                .await?;
            }
            // Disclosures of the dues already past: mostly on time, some late, some missing.
            let end = terminated.unwrap_or(end);
            for d in app::domain::charity::campaign_dues(start, end) {
                if d.due_on >= today {
                    continue;
                }
                let roll = rng.gen_range(0..10);
                let on = match roll {
                    0 => continue,
                    1 => d.due_on + Days::new(rng.gen_range(5..40)),
                    _ => d.due_on - Days::new(rng.gen_range(0..20)),
                };
                let on = on.min(today);
                let raised = target / rng.gen_range(3..8);
                let spent = raised * rng.gen_range(50..98) / 100;
                let off = if rng.gen_range(0..25) == 0 { raised / 20 } else { 0 };
                charity_disclosure::ActiveModel {
                    org_id: Set(*org_id),
                    plan_id: Set(p.id),
                    kind: Set(d.kind.into()),
                    period_no: Set(d.period_no),
                    disclosed_on: Set(on),
                    raised_fen: Set(raised),
                    spent_fen: Set(spent),
                    cost_fen: Set(raised / 100),
                    off_plan_fen: Set(off),
                    uses: Set(if roll == 2 {
                        "按方案使用".into()
                    } else {
                        format!("{uses}，受益对象名单和票据已存档备查，详见项目报告")
                    }),
                    created_at: Set(now),
                    ..Default::default()
                }
                .insert(&*txn)
                .await?;
            }
        }
        // Annual reports of the years since recognition: most on time.
        for y in recognized.year()..today.year() {
            let due = app::domain::charity::annual_due(y);
            if due >= today || rng.gen_range(0..8) == 0 {
                continue;
            }
            charity_disclosure::ActiveModel {
                org_id: Set(*org_id),
                plan_id: Set(0),
                kind: Set("annual".into()),
                period_no: Set(y),
                disclosed_on: Set(due - Days::new(rng.gen_range(0..60))),
                raised_fen: Set(0),
                spent_fen: Set(0),
                cost_fen: Set(0),
                off_plan_fen: Set(0),
                uses: Set(format!("{y}年度工作报告和经审计的财务会计报告全文")),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&*txn)
            .await?;
        }
    }
    txn.commit().await?;
    Ok(written)
}
