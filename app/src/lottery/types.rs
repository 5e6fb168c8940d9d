//! Wire types of the lottery outlets. Inputs are strings as typed, checked by
//! the service with the domain's rules; a client never sets a status, a grade,
//! a total or a flag.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub const PER_PAGE: u64 = 20;

/// Creates or changes an outlet.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OutletInput {
    pub outlet_no: String,
    pub name: String,
    pub address: String,
    pub district: String,
    /// Decimal degrees.
    pub lng: String,
    pub lat: String,
    /// person | company
    pub operator_kind: String,
    pub operator_name: String,
    pub contact_person: String,
    pub contact_phone: String,
    /// Terminal numbers separated by commas.
    pub terminals: String,
    pub opened_on: String,
}

/// Suspends, resumes or closes an outlet.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StatusInput {
    pub action: String,
    pub date: String,
    pub note: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OutletFilter {
    pub q: String,
    pub district: String,
    pub status: String,
    pub page: u64,
}

/// One outlet in a list, with its latest published grade.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutletRow {
    pub id: i64,
    pub outlet_no: String,
    pub name: String,
    pub address: String,
    pub district: String,
    pub status: String,
    pub operator_name: String,
    pub grade: Option<String>,
    pub grade_year: Option<i32>,
    pub excellent: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutletPage {
    pub rows: Vec<OutletRow>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    pub kind: String,
    pub event_date: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub note: String,
    pub changes: String,
}

/// Sales of one month: the total and each game's amount (in the order of `GAMES`), in fen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthSales {
    pub month: String,
    pub total_fen: i64,
    pub by_game: Vec<i64>,
}

/// An outlet with everything officers see on its page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutletView {
    pub id: i64,
    pub input: OutletInput,
    pub status: String,
    pub status_since: String,
    pub events: Vec<EventView>,
    pub sales: Vec<MonthSales>,
    pub gradings: Vec<GradingRow>,
    pub inspections: Vec<InspectionView>,
    /// The year graded by default (last year).
    pub grading_year: i32,
}

// ---- grading ----

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetItemView {
    pub id: i64,
    pub item_no: i32,
    pub category: String,
    pub name: String,
    pub max_points: i32,
    /// `sales`: computed from the sales, not typed.
    pub auto: String,
}

/// Grades an outlet for a year. `points` maps an item id to the points typed
/// (`input[points][7]=25`); computed items are ignored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct GradingInput {
    pub year: String,
    pub points: BTreeMap<String, String>,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradingRow {
    pub id: i64,
    pub outlet_id: i64,
    pub outlet_no: String,
    pub outlet_name: String,
    pub district: String,
    pub year: i32,
    pub total: i32,
    pub grade: String,
    pub capped: bool,
    pub excellent: bool,
    pub published: bool,
    /// (item name, points, maximum)
    pub scores: Vec<(String, i32, i32)>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct GradingFilter {
    pub year: String,
    pub grade: String,
    pub q: String,
    pub page: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradingPage {
    pub year: i32,
    pub rows: Vec<GradingRow>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
    pub unpublished: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PublishInput {
    pub year: String,
}

// ---- inspections ----

/// Records a risk inspection. Failed checklist items come as checkboxes
/// `input[items][minors]=on`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct InspectionInput {
    pub inspected_on: String,
    pub inspector: String,
    pub items: Option<BTreeMap<String, String>>,
    pub note: String,
    /// Blank: the inspection date plus the configured days.
    pub deadline: String,
}

/// The follow-up of an inspection: `rectified`, or `suspend` (the outlet's
/// sales are suspended until it rectifies).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FollowUpInput {
    pub result: String,
    pub date: String,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InspectionView {
    pub id: i64,
    pub outlet_id: i64,
    pub outlet_no: String,
    pub outlet_name: String,
    pub district: String,
    pub inspected_on: String,
    pub inspector: String,
    pub note: String,
    pub deadline: Option<String>,
    /// clean | open | rectified
    pub status: String,
    pub follow_up: String,
    pub rectified_on: Option<String>,
    pub findings: Vec<String>,
    pub overdue: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct InspectionFilter {
    /// open | overdue | clean | rectified | (all)
    pub status: String,
    pub q: String,
    pub page: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InspectionPage {
    pub rows: Vec<InspectionView>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

// ---- public finder and KPIs ----

/// An outlet on the public map: position already scaled to the plot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapPoint {
    pub id: i64,
    pub name: String,
    pub x: u32,
    pub y: u32,
    pub grade: Option<String>,
}

/// Width and height of the public plot in SVG units.
pub const MAP_W: u32 = 640;
pub const MAP_H: u32 = 420;
/// Outlets drawn on the plot at most (the target is 1,700).
pub const MAP_MAX: u64 = 3000;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicPage {
    pub list: OutletPage,
    pub map: MapData,
    pub districts: Vec<String>,
}

/// Up to this many outlets the plot draws each one, named; above it one
/// path a grade, which keeps the page light (1,555 outlets: a few KB).
pub const MAP_FEW: usize = 50;

/// The public plot: the outlets one by one when there are few, else one
/// path of round dots a grade.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapData {
    pub total: usize,
    pub points: Vec<MapPoint>,
    pub groups: Vec<DotGroup>,
}

/// The outlets of one grade (`5star` … `unrated`) as one SVG path `d`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DotGroup {
    pub grade: String,
    pub n: usize,
    pub d: String,
}

/// The dots at the points as one path: `M12 34h0` each, drawn as a round dot
/// by a round line cap.
pub fn dot_path(points: impl Iterator<Item = (u32, u32)>) -> String {
    let mut d = String::new();
    for (x, y) in points {
        d.push_str(&format!("M{x} {y}h0"));
    }
    d
}

impl MapData {
    /// The plot of these points; `grade` of a point is its published grade
    /// (`None` or anything else than 3–5 star is "unrated").
    pub fn of(points: Vec<MapPoint>) -> MapData {
        let total = points.len();
        if total <= MAP_FEW {
            return MapData { total, points, groups: Vec::new() };
        }
        let grade_of = |p: &MapPoint| match p.grade.as_deref() {
            Some(g @ ("5star" | "4star" | "3star")) => g.to_string(),
            _ => "unrated".to_string(),
        };
        let groups = ["5star", "4star", "3star", "unrated"]
            .into_iter()
            .filter_map(|g| {
                let mine: Vec<&MapPoint> = points.iter().filter(|p| grade_of(p) == g).collect();
                (!mine.is_empty()).then(|| DotGroup {
                    grade: g.to_string(),
                    n: mine.len(),
                    d: dot_path(mine.iter().map(|p| (p.x, p.y))),
                })
            })
            .collect();
        MapData { total, points: Vec::new(), groups }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KpiView {
    pub year: i32,
    /// Outlets open or suspended.
    pub outlets: u64,
    pub target: u64,
    pub open: u64,
    pub suspended: u64,
    pub closed: u64,
    /// Open or suspended outlets with a grading of `year`.
    pub graded: u64,
    pub excellent: u64,
    pub open_findings: u64,
    pub overdue_inspections: u64,
    /// (grade, count) of `year`'s gradings.
    pub by_grade: Vec<(String, u64)>,
    /// The last twelve months with sales, oldest first.
    pub months: Vec<MonthSales>,
}

/// Import kinds (the shared import jobs).
pub const OUTLET_IMPORT_KIND: &str = "lottery_outlets";
pub const SALES_IMPORT_KIND: &str = "lottery_sales";

/// Columns of the outlet file: (header, field). The export writes the same headers.
pub const OUTLET_COLUMNS: [(&str, &str); 13] = [
    ("网点编号", "outlet_no"),
    ("网点名称", "name"),
    ("地址", "address"),
    ("区", "district"),
    ("经度", "lng"),
    ("纬度", "lat"),
    ("业主类型", "operator_kind"),
    ("业主", "operator_name"),
    ("联系人", "contact_person"),
    ("联系电话", "contact_phone"),
    ("终端号", "terminals"),
    ("开业日期", "opened_on"),
    ("状态", "status"),
];

/// Columns of the sales file (the lottery centre's monthly export).
pub const SALES_COLUMNS: [(&str, &str); 4] =
    [("网点编号", "outlet_no"), ("月份", "month"), ("玩法", "game"), ("销量(元)", "amount")];
