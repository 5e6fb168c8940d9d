//! The public finder: the list and the plot of open outlets.

use super::*;

/// Scales points `(id, name, lng, lat, grade)` into the plot, north up, keeping
/// the aspect of degrees near the city's latitude and a margin of 20 units.
pub fn plot(points: &[(i64, String, i64, i64, Option<String>)]) -> Vec<MapPoint> {
    if points.is_empty() {
        return Vec::new();
    }
    let (min_x, max_x) = points.iter().fold((i64::MAX, i64::MIN), |(a, b), p| (a.min(p.2), b.max(p.2)));
    let (min_y, max_y) = points.iter().fold((i64::MAX, i64::MIN), |(a, b), p| (a.min(p.3), b.max(p.3)));
    let margin = 20i64;
    let (w, h) = (MAP_W as i64 - 2 * margin, MAP_H as i64 - 2 * margin);
    let span = (max_x - min_x).max(max_y - min_y).max(1);
    let scale_w = |d: i64| d * w.min(h) / span;
    points
        .iter()
        .map(|(id, name, lng, lat, grade)| MapPoint {
            id: *id,
            name: name.clone(),
            x: (margin + (w - scale_w(max_x - min_x)) / 2 + scale_w(lng - min_x)) as u32,
            y: (margin + (h - scale_w(max_y - min_y)) / 2 + scale_w(max_y - lat)) as u32,
            grade: grade.clone(),
        })
        .collect()
}

/// The public finder: a page of open outlets and every match on the plot.
pub async fn public<C: ConnectionTrait>(db: &C, settings: &Settings, f: &OutletFilter) -> Result<PublicPage, DbErr> {
    let list = outlets(db, f, true).await?;
    let (from_where, vals) = outlets_where(f, true);
    let mut all = grade_vals();
    all.extend(vals);
    let sql = format!(
        "SELECT o.id AS id, o.name AS name, o.lng_e6 AS lng, o.lat_e6 AS lat, {LATEST_GRADE} {from_where} \
         ORDER BY o.id LIMIT {MAP_MAX}"
    );
    let rows = db.query_all_raw(db::stmt(db.get_database_backend(), &sql, all)).await?;
    let pts = rows
        .iter()
        .map(|r| {
            Ok((
                r.try_get("", "id")?,
                r.try_get("", "name")?,
                r.try_get("", "lng")?,
                r.try_get("", "lat")?,
                r.try_get("", "grade")?,
            ))
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    Ok(PublicPage { list, map: MapData::of(plot(&pts)), districts: settings.districts.clone() })
}
