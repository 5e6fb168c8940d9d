//! Demo data of the welfare-lottery outlets, deterministic and fast: about
//! 1,620 outlets over the districts (a few suspended or closed), fourteen
//! months of sales per game, last year's published gradings by the seeded
//! sheet, and risk inspections: clean, rectified, being rectified and overdue.
//! Written once: nothing is added when an outlet exists.

use app::audit::service::{self as audit, Actor, Entry};
use app::db;
use app::domain::lottery::{self as rules, Grade, Status};
use app::error::AppError;
use app::state::Settings;
use chrono::{Datelike, Days, Months, NaiveDate, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, Value};
use serde_json::json;

/// Outlets written.
pub const OUTLETS: usize = 1620;

/// District centres (longitude, latitude in millionths), in the order of the default districts.
const CENTRES: [(i64, i64); 10] = [
    (114_055_000, 22_541_000),
    (114_131_000, 22_548_000),
    (113_930_000, 22_533_000),
    (114_237_000, 22_557_000),
    (113_883_000, 22_555_000),
    (114_247_000, 22_720_000),
    (114_045_000, 22_696_000),
    (114_346_000, 22_708_000),
    (113_936_000, 22_749_000),
    (114_479_000, 22_588_000),
];

const SHOPS: [&str; 8] =
    ["福彩投注站", "福利彩票店", "福彩便民站", "福彩服务站", "彩票投注站", "福彩体验店", "福彩社区站", "福彩销售点"];
const STREETS: [&str; 8] = ["深南大道", "建设路", "人民路", "中心路", "新安街", "龙岗大道", "民治大道", "光明大街"];
const SURNAMES: [&str; 10] = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"];
const GIVEN: [&str; 8] = ["建国", "丽华", "志强", "秀英", "海涛", "春梅", "国平", "晓东"];

async fn insert_rows<C: ConnectionTrait>(
    db: &C,
    head: &str,
    cols: usize,
    rows: Vec<Vec<Value>>,
) -> Result<(), AppError> {
    for chunk in rows.chunks(400) {
        let one = format!("({})", vec!["?"; cols].join(", "));
        let sql = format!("{head} VALUES {}", vec![one; chunk.len()].join(", "));
        db::exec(db, &sql, chunk.iter().flatten().cloned().collect()).await?;
    }
    Ok(())
}

pub async fn seed_lottery(
    db: &DatabaseConnection,
    settings: &Settings,
    seed: u64,
    today: NaiveDate,
) -> Result<u64, AppError> {
    if entity::lottery_outlet::Entity::find().count(db).await? > 0 {
        return Ok(0);
    }
    let mut rng = StdRng::seed_from_u64(seed ^ 0x004c_4f54_5445_5259);
    let txn = db::begin_write(db).await?;
    let actor = Actor::system("seed-demo");
    let now = Utc::now();
    let districts =
        if settings.districts.is_empty() { vec!["南山区".to_string()] } else { settings.districts.clone() };
    // Outlets: (no, district index, status, opened).
    let mut outlets = Vec::with_capacity(OUTLETS);
    let mut rows = Vec::with_capacity(OUTLETS);
    for n in 0..OUTLETS {
        let d = n % districts.len();
        let (cx, cy) = CENTRES[d % CENTRES.len()];
        let lng = cx + rng.gen_range(-45_000..45_000);
        let lat = cy + rng.gen_range(-35_000..35_000);
        let no = format!("4403{:02}{:04}", d + 1, n + 1);
        let opened =
            NaiveDate::from_ymd_opt(2008 + (n % 17) as i32, 1 + (n % 12) as u32, 1 + (n % 28) as u32).unwrap_or(today);
        let status = match n % 50 {
            7 => Status::Suspended,
            31 => Status::Closed,
            _ => Status::Open,
        };
        let since = if status == Status::Open { opened } else { today - Days::new(20 + (n % 90) as u64) };
        let company = n % 9 == 0;
        let person = format!("{}{}", SURNAMES[n % SURNAMES.len()], GIVEN[(n / 10) % GIVEN.len()]);
        let operator =
            if company { format!("阳光{}商贸有限公司", GIVEN[n % GIVEN.len()]) } else { person.clone() };
        rows.push(vec![
            no.clone().into(),
            format!("{}{}{}号", districts[d].trim_end_matches('区'), SHOPS[n % SHOPS.len()], n + 1).into(),
            format!("阳光市{}{}{}号", districts[d], STREETS[(n / 3) % STREETS.len()], 1 + n % 400).into(),
            districts[d].clone().into(),
            lng.into(),
            lat.into(),
            (if company { "company" } else { "person" }).into(),
            operator.into(),
            person.into(),
            format!("139{:08}", 10_000_000 + n * 7919 % 89_999_999).into(),
            format!("T{:07}", 4_400_000 + n).into(),
            opened.into(),
            status.as_str().into(),
            since.into(),
            now.into(),
            now.into(),
        ]);
        outlets.push((no, d, status, opened));
    }
    insert_rows(
        &txn,
        "INSERT INTO lottery_outlet (outlet_no, name, address, district, lng_e6, lat_e6, operator_kind, operator_name, \
         contact_person, contact_phone, terminals, opened_on, status, status_since, created_at, updated_at)",
        16,
        rows,
    )
    .await?;
    let ids: Vec<(i64, String)> = txn
        .query_all_raw(db::stmt(
            txn.get_database_backend(),
            "SELECT id, outlet_no FROM lottery_outlet ORDER BY outlet_no",
            vec![],
        ))
        .await?
        .iter()
        .map(|r| Ok((r.try_get("", "id")?, r.try_get("", "outlet_no")?)))
        .collect::<Result<_, sea_orm::DbErr>>()?;
    let id_of: std::collections::HashMap<String, i64> = ids.into_iter().map(|(id, no)| (no, id)).collect();
    let mut events = Vec::new();
    for (no, _, status, opened) in &outlets {
        let id = id_of[no];
        events.push(vec![
            id.into(),
            "create".into(),
            (*opened).into(),
            Value::String(None),
            "open".into(),
            "".into(),
            "".into(),
            now.into(),
        ]);
        if *status != Status::Open {
            let action = if *status == Status::Closed { "close" } else { "suspend" };
            let note = if *status == Status::Closed {
                "代销合同解除，终端已收回，代销证注销"
            } else {
                "排查发现问题，停机整改"
            };
            events.push(vec![
                id.into(),
                action.into(),
                (today - Days::new(30)).into(),
                "open".into(),
                status.as_str().into(),
                note.into(),
                "".into(),
                now.into(),
            ]);
        }
    }
    insert_rows(
        &txn,
        "INSERT INTO lottery_outlet_event (outlet_id, kind, event_date, from_status, to_status, note, changes, created_at)",
        8,
        events,
    )
    .await?;
    // Sales: the fourteen months before this one, four games.
    let first = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap_or(today) - Months::new(14);
    let mut sales = Vec::new();
    let mut yearly: std::collections::HashMap<i64, i64> = std::collections::HashMap::new();
    let last_year = today.year() - 1;
    for (n, (no, _, status, _)) in outlets.iter().enumerate() {
        if *status == Status::Closed {
            continue;
        }
        let id = id_of[no];
        let size = 40 + (n * 37 % 160) as i64; // thousands of yuan a month
        for m in 0..14 {
            let month = first + Months::new(m);
            let key = format!("{:04}-{:02}", month.year(), month.month());
            for (g, share) in [("ssq", 40), ("kl8", 30), ("fc3d", 15), ("scratch", 15)] {
                let fen = size * 1000 * 100 * share / 100 * rng.gen_range(80..120) / 100;
                if month.year() == last_year {
                    *yearly.entry(id).or_default() += fen;
                }
                sales.push(vec![id.into(), key.clone().into(), g.into(), fen.into(), now.into()]);
            }
        }
    }
    insert_rows(&txn, "INSERT INTO lottery_sales (outlet_id, month, game, amount_fen, updated_at)", 5, sales).await?;
    // Inspections: every 12th outlet; some found problems.
    let mut capped = std::collections::HashSet::new();
    let mut inspections = 0;
    for (n, (no, _, status, _)) in outlets.iter().enumerate() {
        if n % 12 != 3 || *status == Status::Closed {
            continue;
        }
        let id = id_of[no];
        let on = today - Days::new(10 + (n % 300) as u64);
        let kind = n % 5;
        let items: &[&str] = match kind {
            0 | 1 => &[],
            2 => &["signs", "licence"],
            3 => &["premises"],
            _ => &["credit"],
        };
        let deadline = (!items.is_empty()).then(|| on + Days::new(15));
        let rectified = !items.is_empty() && deadline.is_some_and(|d| d < today) && n % 3 != 0;
        let st = if items.is_empty() {
            "clean"
        } else if rectified {
            "rectified"
        } else {
            "open"
        };
        let rectified_on = rectified.then(|| on + Days::new(10));
        let follow = if rectified { format!("{} 复查：已整改到位", on + Days::new(10)) } else { String::new() };
        let note = if items.is_empty() { "" } else { "现场检查发现问题，已下达整改通知" };
        let row = txn
            .query_one_raw(db::stmt(
                txn.get_database_backend(),
                "INSERT INTO lottery_inspection (outlet_id, inspected_on, inspector, note, deadline, status, follow_up, \
                 rectified_on, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?) RETURNING id",
                vec![id.into(), on.into(), "区民政局 张检查".into(), note.into(), deadline.into(), st.into(), follow.into(), rectified_on.into(), now.into()],
            ))
            .await?;
        let ins: i64 = row.map(|r| r.try_get("", "id")).transpose()?.unwrap_or(0);
        for item in items {
            db::exec(
                &txn,
                "INSERT INTO lottery_finding (inspection_id, outlet_id, item, prohibited, found_on, rectified) VALUES (?, ?, ?, ?, ?, ?)",
                vec![ins.into(), id.into(), (*item).into(), rules::is_prohibited(item).into(), on.into(), rectified.into()],
            )
            .await?;
            if rules::is_prohibited(item) && on.year() == last_year {
                capped.insert(id);
            }
        }
        inspections += 1;
    }
    // Last year's gradings, published, by the seeded sheet.
    let items: Vec<(i64, String, i32, String)> = txn
        .query_all_raw(db::stmt(
            txn.get_database_backend(),
            "SELECT id, category, max_points, auto FROM lottery_sheet_item WHERE sheet_id = 1 ORDER BY item_no",
            vec![],
        ))
        .await?
        .iter()
        .map(|r| {
            Ok((r.try_get("", "id")?, r.try_get("", "category")?, r.try_get("", "max_points")?, r.try_get("", "auto")?))
        })
        .collect::<Result<_, sea_orm::DbErr>>()?;
    let mut district_sum = vec![(0i64, 0i64); districts.len()];
    for (no, d, _, _) in &outlets {
        if let Some(f) = yearly.get(&id_of[no]) {
            district_sum[*d].0 += f;
            district_sum[*d].1 += 1;
        }
    }
    let mut graded = 0;
    for (n, (no, d, status, _)) in outlets.iter().enumerate() {
        if *status == Status::Closed || n % 10 == 9 {
            continue; // a tenth not graded yet
        }
        let id = id_of[no];
        let avg = district_sum[*d].0.checked_div(district_sum[*d].1).unwrap_or(0);
        let quality = rng.gen_range(55..100u32);
        let mut scores = Vec::new();
        let (mut total, mut image, mut image_max) = (0u32, 0u32, 0u32);
        for (item, category, max, auto) in &items {
            let max = *max as u32;
            let p = if auto == "sales" {
                rules::sales_points(yearly.get(&id).copied().unwrap_or(0), avg, max)
            } else {
                (max * quality / 100 + rng.gen_range(0..2)).min(max)
            };
            if category == "image" {
                image += p;
                image_max += max;
            }
            total += p;
            scores.push((*item, p));
        }
        let cap = capped.contains(&id);
        let g = rules::grade_for(total, &settings.lottery_bands, cap);
        let excellent = rules::excellent(g, cap, image, image_max, settings.lottery_excellent_image_percent);
        let row = txn
            .query_one_raw(db::stmt(
                txn.get_database_backend(),
                "INSERT INTO lottery_grading (outlet_id, year, sheet_id, total, grade, capped, excellent, published, note, \
                 graded_by, created_at, updated_at) VALUES (?, ?, 1, ?, ?, ?, ?, ?, '', NULL, ?, ?) RETURNING id",
                vec![id.into(), last_year.into(), (total as i32).into(), g.as_str().into(), cap.into(), excellent.into(), true.into(), now.into(), now.into()],
            ))
            .await?;
        let gid: i64 = row.map(|r| r.try_get("", "id")).transpose()?.unwrap_or(0);
        let score_rows = scores.into_iter().map(|(item, p)| vec![gid.into(), item.into(), (p as i32).into()]).collect();
        insert_rows(&txn, "INSERT INTO lottery_grading_score (grading_id, item_id, points)", 3, score_rows).await?;
        if g != Grade::Unrated {
            graded += 1;
        }
    }
    audit::record(
        &txn,
        &actor,
        Entry {
            action: "seed",
            entity: "lottery_outlet",
            entity_id: "*".into(),
            before: None,
            after: Some(json!({"outlets": OUTLETS, "inspections": inspections, "starred": graded, "seed": seed})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(OUTLETS as u64)
}
