//! Demo data of rating, deterministic and fast: the expert accounts, three past
//! rounds whose grades were granted (announced five years ago and expiring this
//! year, two years ago, and this year), and the current round open for applications with applications in
//! every stage (the demo organization's re-rating on the demo expert's panel,
//! the two other experts' sheets submitted, party-building item included).
//! Written once: nothing is added when a round exists.

use app::audit::service::Actor;
use app::auth::service::{create_user, NewUser};
use app::auth::types::Role;
use app::domain::rating::{self as rules, validity};
use app::error::AppError;
use app::state::Settings;
use chrono::{Datelike, Days, Months, NaiveDate, Utc};
use entity::{app_user, rating_application, rating_grade, rating_round};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, Set,
};

/// The panel's other two experts (the demo login `expert` is the first).
const MORE_EXPERTS: [(&str, &str, &str); 2] =
    [("expert2", "王评审", "阳光大学公共管理学院"), ("expert3", "赵会计", "阳光会计师事务所")];

/// Organizations looked at for past grades (the first ones registered long enough).
const CANDIDATES: u64 = 3000;

async fn round(
    txn: &DatabaseTransaction,
    year: i32,
    title: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<i64, AppError> {
    Ok(rating_round::ActiveModel {
        year: Set(year),
        title: Set(title.into()),
        org_types: Set("social_group,social_service,foundation".into()),
        apply_from: Set(from),
        apply_to: Set(to),
        notice_days: Set(7),
        created_by: Set(None),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?
    .id)
}

struct App<'a> {
    round: i64,
    org: i64,
    org_type: &'a str,
    status: &'a str,
    score: Option<u32>,
    notice: Option<(NaiveDate, NaiveDate)>,
}

async fn application(txn: &DatabaseTransaction, settings: &Settings, a: App<'_>) -> Result<i64, AppError> {
    let sheet = app::rating::service::active_sheet(txn, a.org_type).await?;
    let now = Utc::now();
    let grade = a.score.and_then(|s| rules::grade_for(s, &settings.rating_bands)).map(|g| g.as_str().to_string());
    Ok(rating_application::ActiveModel {
        round_id: Set(a.round),
        org_id: Set(a.org),
        sheet_id: Set(sheet.id),
        status: Set(a.status.into()),
        self_score: Set(a.score.map(|s| (s / 10 + 20).min(1000) as i32).unwrap_or(820)),
        self_assessment: Set("组织机构健全，制度完善；年度开展公益服务项目多项，社会评价良好。".into()),
        rerating: Set("none".into()),
        decision_note: Set(String::new()),
        final_score: Set(a.score.map(|s| s as i32)),
        grade: Set(if a.status == "scoring" || a.status == "applied" { None } else { grade }),
        notice_from: Set(a.notice.map(|n| n.0)),
        notice_to: Set(a.notice.map(|n| n.1)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?
    .id)
}

/// Seeds the rating demo; returns the number of grades written.
pub async fn seed_rating(
    db: &DatabaseConnection,
    settings: &Settings,
    seed: u64,
    today: NaiveDate,
) -> Result<u64, AppError> {
    if rating_round::Entity::find().count(db).await? > 0 {
        return Ok(0);
    }
    let mut rng = StdRng::seed_from_u64(seed ^ 0x0000_5241_5449_4e47);
    let y = today.year();
    let txn = app::db::begin_write(db).await?;
    let actor = Actor::system("seed-demo");
    let mut experts = Vec::new();
    if let Some(u) = app_user::Entity::find().filter(app_user::Column::Username.eq("expert")).one(&txn).await? {
        experts.push(u.id);
    }
    for (username, name, unit) in MORE_EXPERTS {
        let email = format!("{username}@sunshine.local");
        let new =
            NewUser { username, display_name: name, email: &email, role: Role::Expert, org_id: None, password: None };
        let id = create_user(&txn, &actor, new).await?;
        app::db::exec(
            &txn,
            "INSERT INTO rating_expert (user_id, affiliation, updated_at) VALUES (?, ?, ?)",
            vec![id.into(), unit.into(), Utc::now().into()],
        )
        .await?;
        experts.push(id);
    }
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).expect("valid date");
    let past = [
        (
            round(&txn, y - 2, &format!("{}年度社会组织等级评估", y - 2), d(y - 2, 6, 1), d(y - 2, 7, 31)).await?,
            d(y - 2, 12, 15),
        ),
        (
            round(&txn, y - 1, &format!("{}年度社会组织等级评估", y - 1), d(y - 1, 9, 1), d(y - 1, 10, 31)).await?,
            d(y, 3, 20),
        ),
        // Announced five years ago: these grades run out this year (the expiry list and notices).
        (
            round(&txn, y - 5, &format!("{}年度社会组织等级评估", y - 5), d(y - 5, 6, 1), d(y - 5, 7, 31)).await?,
            d(y - 5, 12, 10),
        ),
    ];
    let current =
        round(&txn, y, &format!("{y}年度社会组织等级评估"), today - Days::new(10), today + Days::new(50)).await?;

    // Past grades: about a third of the organizations registered three years before each announcement.
    let rows = txn
        .query_all_raw(app::db::stmt(
            txn.get_database_backend(),
            &format!(
                "SELECT id, org_type FROM organization WHERE status = 'active' AND registration_date <= ? \
                 ORDER BY id LIMIT {CANDIDATES}"
            ),
            vec![(today - Months::new(36)).into()],
        ))
        .await?;
    let candidates = rows
        .iter()
        .map(|r| Ok((r.try_get::<i64>("", "id")?, r.try_get::<String>("", "org_type")?)))
        .collect::<Result<Vec<_>, sea_orm::DbErr>>()?;
    let mut grades = 0;
    let mut used = Vec::new();
    for (i, (org, org_type)) in candidates.iter().enumerate() {
        // The demo organization (the first one) is rated 4A two years ago and re-rates now.
        let pick = if i == 0 {
            Some((0, 8620))
        } else if rng.gen_bool(0.35) {
            Some((if rng.gen_bool(0.1) { 2 } else { rng.gen_range(0..2) }, rng.gen_range(5600..9800)))
        } else {
            None
        };
        let Some((which, score)) = pick else { continue };
        let (round_id, announced) = past[which];
        let id = application(
            &txn,
            settings,
            App { round: round_id, org: *org, org_type, status: "granted", score: Some(score), notice: None },
        )
        .await?;
        let Some(grade) = rules::grade_for(score, &settings.rating_bands) else {
            rating_application::Entity::update_many()
                .col_expr(rating_application::Column::Status, "not_rated".into())
                .filter(rating_application::Column::Id.eq(id))
                .exec(&txn)
                .await?;
            continue;
        };
        let (from, to) = validity(announced);
        rating_grade::ActiveModel {
            org_id: Set(*org),
            application_id: Set(Some(id)),
            grade: Set(grade.as_str().into()),
            granted_grade: Set(grade.as_str().into()),
            score: Set(score as i32),
            announced_on: Set(announced),
            valid_from: Set(from),
            valid_to: Set(to),
            status: Set("active".into()),
            certificate_no: Set(format!("{}-{}-{id:05}", settings.region_code, announced.year())),
            created_at: Set(Utc::now()),
            updated_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        grades += 1;
        used.push(*org);
    }

    // The current round: the demo organization on the demo expert's panel, and others in each stage.
    let fresh: Vec<&(i64, String)> = candidates.iter().filter(|(o, _)| !used.contains(o)).take(5).collect();
    if let Some((org, t)) = candidates.first() {
        let id = application(
            &txn,
            settings,
            App { round: current, org: *org, org_type: t, status: "scoring", score: None, notice: None },
        )
        .await?;
        rating_application::Entity::update_many()
            .col_expr(rating_application::Column::Rerating, "simplified".into())
            .filter(rating_application::Column::Id.eq(id))
            .exec(&txn)
            .await?;
        for e in &experts {
            app::db::exec(
                &txn,
                "INSERT INTO rating_panel (application_id, expert_id) VALUES (?, ?)",
                vec![id.into(), (*e).into()],
            )
            .await?;
        }
        // The two other experts have scored and submitted their sheets, the
        // party-building item among them; the demo expert's is still open.
        let sheet = app::rating::service::active_sheet(&txn, t).await?;
        let items = app::rating::service::items(&txn, sheet.id).await?;
        for (n, e) in experts.iter().skip(1).enumerate() {
            let mut total = 0;
            for it in &items {
                let points = if it.kind == app::domain::party::RATING_ITEM_KIND {
                    [34, 31][n % 2]
                } else {
                    it.max_points * (85 - 3 * n as i32) / 100
                };
                total += points;
                app::db::exec(
                    &txn,
                    "INSERT INTO rating_score (application_id, expert_id, item_id, points) VALUES (?, ?, ?, ?)",
                    vec![id.into(), (*e).into(), it.id.into(), points.into()],
                )
                .await?;
            }
            app::db::exec(
                &txn,
                "UPDATE rating_panel SET total = ?, submitted_at = ? WHERE application_id = ? AND expert_id = ?",
                vec![total.into(), Utc::now().into(), id.into(), (*e).into()],
            )
            .await?;
        }
    }
    let stages = [
        ("applied", None, None),
        ("applied", None, None),
        ("eligible", None, None),
        ("notice", Some(9130), Some((today - Days::new(2), today + Days::new(5)))),
        ("notice", Some(7480), Some((today - Days::new(1), today + Days::new(6)))),
    ];
    for ((org, t), (status, score, notice)) in fresh.into_iter().zip(stages) {
        application(&txn, settings, App { round: current, org: *org, org_type: t, status, score, notice }).await?;
    }
    txn.commit().await?;
    Ok(grades)
}
