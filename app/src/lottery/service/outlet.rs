//! One outlet: its form values, its page with sales by month.

use super::*;

pub(crate) fn input_of(o: &lottery_outlet::Model) -> OutletInput {
    OutletInput {
        outlet_no: o.outlet_no.clone(),
        name: o.name.clone(),
        address: o.address.clone(),
        district: o.district.clone(),
        lng: rules::show_degrees(o.lng_e6),
        lat: rules::show_degrees(o.lat_e6),
        operator_kind: o.operator_kind.clone(),
        operator_name: o.operator_name.clone(),
        contact_person: o.contact_person.clone(),
        contact_phone: o.contact_phone.clone(),
        terminals: o.terminals.clone(),
        opened_on: o.opened_on.to_string(),
    }
}

/// Monthly sales totals and per game of the rows `(month, game, fen)`, oldest
/// first, the last `keep` months only.
pub(crate) fn months_of(rows: &[(String, String, i64)], keep: usize) -> Vec<MonthSales> {
    let mut out: Vec<MonthSales> = Vec::new();
    for (month, game, fen) in rows {
        if out.last().map(|m| &m.month) != Some(month) {
            out.push(MonthSales { month: month.clone(), total_fen: 0, by_game: vec![0; GAMES.len()] });
        }
        let m = out.last_mut().expect("pushed above");
        m.total_fen += fen;
        if let Some(i) = GAMES.iter().position(|(code, _)| code == game) {
            m.by_game[i] += fen;
        }
    }
    let skip = out.len().saturating_sub(keep);
    out.split_off(skip)
}

pub(super) async fn sales_rows<C: ConnectionTrait>(
    db: &C,
    outlet: Option<i64>,
) -> Result<Vec<(String, String, i64)>, DbErr> {
    let (filter, vals): (&str, Vec<Value>) = match outlet {
        Some(id) => ("WHERE outlet_id = ?", vec![id.into()]),
        None => ("", vec![]),
    };
    let sql = format!(
        "SELECT month, game, CAST(SUM(amount_fen) AS BIGINT) AS fen FROM lottery_sales {filter} \
         GROUP BY month, game ORDER BY month, game"
    );
    let rows = db.query_all_raw(db::stmt(db.get_database_backend(), &sql, vals)).await?;
    rows.iter().map(|r| Ok((r.try_get("", "month")?, r.try_get("", "game")?, r.try_get("", "fen")?))).collect()
}

/// An outlet with its history, sales of the last 24 months, gradings and inspections.
pub async fn outlet<C: ConnectionTrait>(db: &C, id: i64, today: NaiveDate) -> Result<OutletView, AppError> {
    let o = lottery_outlet::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    let events = lottery_outlet_event::Entity::find()
        .filter(lottery_outlet_event::Column::OutletId.eq(id))
        .order_by_asc(lottery_outlet_event::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|e| EventView {
            kind: e.kind,
            event_date: e.event_date.to_string(),
            from_status: e.from_status,
            to_status: e.to_status,
            note: e.note,
            changes: e.changes,
        })
        .collect();
    let sales = months_of(&sales_rows(db, Some(id)).await?, 24);
    Ok(OutletView {
        id,
        input: input_of(&o),
        status: o.status.clone(),
        status_since: o.status_since.to_string(),
        events,
        sales,
        gradings: crate::lottery::grading::of_outlet(db, id).await?,
        inspections: crate::lottery::inspect::of_outlet(db, id, today).await?,
        grading_year: grading_year(today),
    })
}
