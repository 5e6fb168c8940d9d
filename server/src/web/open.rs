//! The open data API (`/api/open/v1/...`): the public lists as read-only
//! JSON for anyone who builds on them (a newspaper, a platform, another
//! department), versioned by its path.
//!
//! Each list answers a page of its records in a stable order with a cursor
//! to the next (`?cursor=…&limit=…`), takes the filters of its page, carries
//! an `ETag` (a second request with `If-None-Match` gets 304), and has the
//! same data as CSV at the same path with `.csv`. The records are the ones
//! the lists' CSV exports write (`app::kernel::csv::Record`), so the API, the
//! CSV and the export never differ and carry nothing the public pages do not
//! show. Clients are rate-limited (`RATE_OPEN_DATA_PER_MINUTE`, see
//! `crate::limits`). `/api/open/v1/openapi.json` describes it all (OpenAPI
//! 3.1, drawn from the records' types and the table below).

use app::kernel::csv::Record;
use app::state::AppState;
use axum::extract::{Query, RawQuery};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, MethodRouter};
use axum::{Extension, Json, Router};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::json;
use utoipa::openapi::path::{HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn, PathItem};
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Schema, SchemaType, Type};
use utoipa::openapi::{
    ComponentsBuilder, ContentBuilder, InfoBuilder, OpenApi, OpenApiBuilder, PathsBuilder, Ref, RefOr, Required,
    ResponseBuilder,
};

/// Where the API lives; a change that breaks a client gets a new version.
pub const BASE: &str = "/api/open/v1";
/// Records in a page unless `limit` says otherwise.
pub const DEFAULT_LIMIT: u64 = 50;
/// The most records a page may ask for.
pub const MAX_LIMIT: u64 = 200;

/// A filter of a list: its query parameter, what it does and, for a choice,
/// the values it takes (empty: free text).
pub struct Param {
    pub name: &'static str,
    pub about: &'static str,
    pub values: &'static [&'static str],
}

/// A list of the API.
pub struct Dataset {
    /// The path under [`BASE`].
    pub path: &'static str,
    pub title: &'static str,
    /// The record's schema name (its type's name).
    pub schema: &'static str,
    pub params: &'static [Param],
}

const fn text(name: &'static str, about: &'static str) -> Param {
    Param { name, about, values: &[] }
}

const fn choice(name: &'static str, about: &'static str, values: &'static [&'static str]) -> Param {
    Param { name, about, values }
}

const ORG_TYPES: &[&str] = &["social_group", "social_service", "foundation"];

pub const ORGANIZATIONS: Dataset = Dataset {
    path: "organizations",
    title: "The register of social organizations (登记信息)",
    schema: "OpenOrg",
    params: &[
        text("q", "Part of the name, or the start of the unified social credit code"),
        choice("org_type", "The organization's type", ORG_TYPES),
        text("district", "The district, as written in the register"),
        choice("status", "The registration's status", &["active", "suspended", "deregistered", "revoked"]),
        choice("supervisory", "With a supervisory unit (`yes`) or registered directly (`no`)", &["yes", "no"]),
        choice(
            "trade",
            "Trade associations and chambers of commerce (行业协会商会): all of them (`yes`), the others (`no`), \
             or those of a sector (GB/T 4754-2017 门类 code)",
            TRADE_CHOICES,
        ),
    ],
};

/// The values of the organizations' `trade` parameter.
const TRADE_CHOICES: &[&str] =
    &["yes", "no", "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T"];

pub const CREDIT_ENTRIES: Dataset = Dataset {
    path: "credit-entries",
    title: "The credit lists (活动异常名录, 严重违法失信名单)",
    schema: "OpenCreditEntry",
    params: &[
        choice("list", "Which list", &["abnormal", "serious"]),
        text("q", "Part of the organization's name, or the start of its credit code"),
        text("reason", "Why it was listed (a reason code)"),
        choice("state", "In force (default), removed, or all", &["removed", "all"]),
    ],
};

pub const RATINGS: Dataset = Dataset {
    path: "ratings",
    title: "Evaluation grades in force (社会组织评估等级)",
    schema: "OpenGrade",
    params: &[
        text("q", "Part of the organization's name, or its credit code"),
        choice("grade", "The grade", &["1A", "2A", "3A", "4A", "5A"]),
    ],
};

pub const PENALTIES: Dataset = Dataset {
    path: "penalties",
    title: "Published administrative penalty decisions (行政处罚决定)",
    schema: "PublicDecision",
    params: &[
        text("q", "A registered party's name, a credit code or a decision number"),
        text("year", "The decision's year, e.g. 2026"),
        text("kind", "A penalty kind, e.g. fine, warning, revocation"),
    ],
};

pub const CHARITIES: Dataset = Dataset {
    path: "charities",
    title: "Charities and their public fundraising qualification (慈善组织)",
    schema: "OpenCharity",
    params: &[
        text("q", "Name, credit code, a plan's filing number, purpose or platform"),
        choice("qualified", "With the public fundraising qualification (`yes`) or without (`no`)", &["yes", "no"]),
    ],
};

pub const LOTTERY_OUTLETS: Dataset = Dataset {
    path: "lottery-outlets",
    title: "Open welfare-lottery outlets with their star grade (福利彩票销售网点)",
    schema: "OpenOutlet",
    params: &[text("q", "Part of the name, the outlet number or the address"), text("district", "The district")],
};

pub const WARNINGS: Dataset = Dataset {
    path: "warnings",
    title: "Illegal social organizations banned or exposed (警示曝光台)",
    schema: "WarningRow",
    params: &[text("q", "Part of the name, the activities, a place or a website")],
};

pub const FUNDRAISING_PLANS: Dataset = Dataset {
    path: "fundraising-plans",
    title: "Filed public fundraising plans (募捐方案备案)",
    schema: "OpenPlan",
    params: &[
        text("q", "Part of the filing number, the title, the purpose or the platform"),
        text("org", "Part of the charity's name, or its credit code"),
    ],
};

pub const DISCLOSURES: Dataset = Dataset {
    path: "disclosures",
    title: "Charities' disclosures of their fundraising and yearly reports (慈善信息公开)",
    schema: "OpenDisclosure",
    params: &[
        text("org", "Part of the charity's name, or its credit code"),
        text("filing_no", "A plan's filing number, whole"),
        choice("kind", "The kind of disclosure", &["periodic", "final", "annual"]),
    ],
};

pub const INSPECTION_RESULTS: Dataset = Dataset {
    path: "inspection-results",
    title: "Published results of the double-random inspections (双随机抽查结果)",
    schema: "OpenResult",
    params: &[
        text("q", "Part of the inspected body's name, or its code"),
        text("year", "The campaign's year, e.g. 2026"),
        choice("outcome", "The result", &["none", "rectify", "penalty"]),
    ],
};

pub const TRUSTS: Dataset = Dataset {
    path: "trusts",
    title: "Filed charitable trusts (慈善信托备案)",
    schema: "TrustRow",
    params: &[
        text("q", "Part of the trust's name, the trustee's name or the filing number"),
        text("year", "The year of filing, e.g. 2026"),
        choice(
            "status",
            "In force, ended, filed late, or with a yearly report overdue",
            &["in_force", "ended", "late", "overdue"],
        ),
    ],
};

/// Every list of the API.
pub const DATASETS: [&Dataset; 11] = [
    &ORGANIZATIONS,
    &CREDIT_ENTRIES,
    &RATINGS,
    &PENALTIES,
    &CHARITIES,
    &FUNDRAISING_PLANS,
    &DISCLOSURES,
    &TRUSTS,
    &LOTTERY_OUTLETS,
    &INSPECTION_RESULTS,
    &WARNINGS,
];

pub(super) fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    let lists: [(&Dataset, MethodRouter<S>, MethodRouter<S>); 11] = [
        (&ORGANIZATIONS, get(organizations), get(organizations_csv)),
        (&CREDIT_ENTRIES, get(credit_entries), get(credit_entries_csv)),
        (&RATINGS, get(ratings), get(ratings_csv)),
        (&PENALTIES, get(penalties), get(penalties_csv)),
        (&CHARITIES, get(charities), get(charities_csv)),
        (&FUNDRAISING_PLANS, get(fundraising_plans), get(fundraising_plans_csv)),
        (&DISCLOSURES, get(disclosures), get(disclosures_csv)),
        (&TRUSTS, get(trusts), get(trusts_csv)),
        (&LOTTERY_OUTLETS, get(lottery_outlets), get(lottery_outlets_csv)),
        (&INSPECTION_RESULTS, get(inspection_results), get(inspection_results_csv)),
        (&WARNINGS, get(warnings), get(warnings_csv)),
    ];
    lists
        .into_iter()
        .fold(Router::new().route(&format!("{BASE}/openapi.json"), get(openapi_json)), |router, (d, json, csv)| {
            router.route(&d.json_path(), json).route(&d.csv_path(), csv)
        })
}

/// Where a page starts and how long it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    /// The key after which the page starts (0: the first page).
    pub after: i64,
    pub limit: u64,
}

/// A refusal of bad input: the parameter and a message; 400 in JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub parameter: String,
    pub message: String,
}

fn refused(parameter: &str, message: String) -> Refusal {
    Refusal { parameter: parameter.to_string(), message }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let body = json!({ "error": "invalid_parameter", "parameter": self.parameter, "message": self.message });
        (StatusCode::BAD_REQUEST, Json(body)).into_response()
    }
}

impl Dataset {
    /// Where the list answers JSON.
    pub fn json_path(&self) -> String {
        format!("{BASE}/{}", self.path)
    }

    /// Where it answers CSV.
    pub fn csv_path(&self) -> String {
        format!("{BASE}/{}.csv", self.path)
    }

    /// The filter and the page a query string asks for, or the 400 that says
    /// which parameter is wrong: a parameter the list does not take, a value
    /// outside a choice, a cursor or a limit that is not one.
    pub fn parse<F: DeserializeOwned>(&self, query: Option<&str>) -> Result<(F, Page), Refusal> {
        let query = query.unwrap_or("");
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(query).map_err(|_| refused("", "查询字符串无法解析".into()))?;
        let mut page = Page { after: 0, limit: DEFAULT_LIMIT };
        for (name, value) in &pairs {
            match name.as_str() {
                "cursor" => {
                    page.after = value
                        .parse::<i64>()
                        .ok()
                        .filter(|v| *v >= 0)
                        .ok_or_else(|| refused("cursor", format!("cursor「{value}」不是本接口给出的游标")))?;
                }
                "limit" => {
                    page.limit =
                        value.parse::<u64>().ok().filter(|v| (1..=MAX_LIMIT).contains(v)).ok_or_else(|| {
                            refused("limit", format!("limit 须为 1 至 {MAX_LIMIT} 的整数，收到「{value}」"))
                        })?;
                }
                _ => {
                    let Some(p) = self.params.iter().find(|p| p.name == name) else {
                        return Err(refused(name, format!("本数据集不接受参数「{name}」")));
                    };
                    if !p.values.is_empty() && !value.is_empty() && !p.values.contains(&value.as_str()) {
                        let allowed = p.values.join(", ");
                        return Err(refused(name, format!("参数「{name}」的取值须为 {allowed} 之一，收到「{value}」")));
                    }
                }
            }
        }
        let filter = serde_urlencoded::from_str(query).map_err(|_| refused("", "查询字符串无法解析".into()))?;
        Ok((filter, page))
    }
}

/// The JSON page of records read for `page` (asked with one more than its
/// limit, to know whether another page follows), with its `ETag`, or 304
/// when the client's copy is the same.
fn answer<R: Record + Serialize>(
    headers: &HeaderMap,
    page: Page,
    read: Result<(Vec<R>, Option<i64>), sea_orm::DbErr>,
) -> Response {
    let mut rows = match read {
        Ok((rows, _)) => rows,
        Err(e) => {
            tracing::error!(error = %e, "open data");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let more = rows.len() as u64 > page.limit;
    rows.truncate(page.limit as usize);
    let next = if more { rows.last().map(|r| r.key().to_string()) } else { None };
    let body = match serde_json::to_vec(&json!({ "data": rows, "next_cursor": next })) {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(error = %e, "open data");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let tag = super::assets::etag(&body, None);
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|h| super::assets::matches(h, &tag));
    let mut res = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(header::CONTENT_TYPE, "application/json")], body).into_response()
    };
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&tag) {
        h.insert(header::ETAG, v);
    }
    // Public data that changes: any cache may keep it, and asks again each time.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, no-cache"));
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    res
}

/// A list's handler: the filter and page from the query, the records read
/// one more than asked, the answer.
macro_rules! list {
    ($name:ident, $csv:ident, $dataset:expr, $filter:ty, |$state:ident, $f:ident, $after:ident, $n:ident| $read:expr, $export:path) => {
        async fn $name(Extension($state): Extension<AppState>, headers: HeaderMap, RawQuery(q): RawQuery) -> Response {
            let ($f, page) = match $dataset.parse::<$filter>(q.as_deref()) {
                Ok(x) => x,
                Err(refusal) => return refusal.into_response(),
            };
            let ($after, $n) = (page.after, page.limit + 1);
            answer(&headers, page, $read.await)
        }

        async fn $csv(Extension(state): Extension<AppState>, RawQuery(q): RawQuery) -> Response {
            match $dataset.parse::<$filter>(q.as_deref()) {
                Ok((f, _)) => $export(Extension(state), Query(f)).await,
                Err(refusal) => refusal.into_response(),
            }
        }
    };
}

list!(
    organizations,
    organizations_csv,
    ORGANIZATIONS,
    app::registry::types::OrgFilter,
    |state, f, after, n| { app::registry::service::public_orgs_after(&state.db, &f, after, n) },
    super::registry::export_public_orgs
);

list!(
    credit_entries,
    credit_entries_csv,
    CREDIT_ENTRIES,
    app::credit::types::EntryFilter,
    |state, f, after, n| { app::credit::service::entries_after(&state.db, &f, after, n) },
    super::credit::export_credit
);

list!(
    ratings,
    ratings_csv,
    RATINGS,
    app::rating::types::GradeFilter,
    |state, f, after, n| {
        app::rating::grades::grades_after(&state.db, &f, true, app::kernel::clock::today(), after, n)
    },
    super::rating::export_public_grades
);

list!(
    penalties,
    penalties_csv,
    PENALTIES,
    app::penalty::types::DecisionFilter,
    |state, f, after, n| { app::penalty::service::decisions_after(&state.db, &state.settings, &f, after, n) },
    super::penalty::export_decisions
);

list!(
    charities,
    charities_csv,
    CHARITIES,
    app::charity::types::CharityFilter,
    |state, f, after, n| {
        app::charity::service::charities_after(&state.db, &f, app::kernel::clock::today(), after, n)
    },
    super::charity::export_charities
);

list!(
    fundraising_plans,
    fundraising_plans_csv,
    FUNDRAISING_PLANS,
    app::charity::service::PlanFilter,
    |state, f, after, n| { app::charity::service::plans_after(&state.db, &f, after, n) },
    super::charity::export_plans
);

list!(
    disclosures,
    disclosures_csv,
    DISCLOSURES,
    app::charity::service::DisclosureFilter,
    |state, f, after, n| { app::charity::service::disclosures_after(&state.db, &f, after, n) },
    super::charity::export_disclosures
);

list!(
    inspection_results,
    inspection_results_csv,
    INSPECTION_RESULTS,
    app::inspection::results::ResultFilter,
    |state, f, after, n| { app::inspection::results::results_after(&state.db, &f, after, n) },
    super::inspection::export_results
);

list!(
    trusts,
    trusts_csv,
    TRUSTS,
    app::trust::types::TrustFilter,
    |state, f, after, n| {
        app::trust::service::public_after(&state.db, &state.settings, &f, app::kernel::clock::today(), after, n)
    },
    super::trusts::export_public
);

list!(
    lottery_outlets,
    lottery_outlets_csv,
    LOTTERY_OUTLETS,
    app::lottery::types::OutletFilter,
    |state, f, after, n| { app::lottery::service::public_outlets_after(&state.db, &f, after, n) },
    super::lottery::export_public_lottery_outlets
);

list!(
    warnings,
    warnings_csv,
    WARNINGS,
    app::illegal::types::WarningFilter,
    |state, f, after, n| { app::illegal::service::warnings_after(&state.db, &f, after, n) },
    super::illegal::export_warnings
);

async fn openapi_json() -> Response {
    let mut res = Json(openapi()).into_response();
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
    res.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    res
}

/// The page schema of a list: its records and the next page's cursor.
fn page_schema(record: &str) -> Schema {
    let cursor = ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .description(Some("The cursor of the next page; null on the last page"));
    Schema::Object(
        ObjectBuilder::new()
            .property("data", ArrayBuilder::new().items(Ref::from_schema_name(record)))
            .required("data")
            .property("next_cursor", cursor)
            .required("next_cursor")
            .additional_properties(Some(utoipa::openapi::schema::AdditionalProperties::FreeForm(false)))
            .build(),
    )
}

fn error_schema() -> Schema {
    Schema::Object(
        ObjectBuilder::new()
            .property("error", ObjectBuilder::new().schema_type(Type::String))
            .required("error")
            .property("parameter", ObjectBuilder::new().schema_type(Type::String))
            .required("parameter")
            .property("message", ObjectBuilder::new().schema_type(Type::String))
            .required("message")
            .build(),
    )
}

fn query_param(name: &str, about: &str, schema: ObjectBuilder) -> utoipa::openapi::path::Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Query)
        .description(Some(about))
        .required(Required::False)
        .schema(Some(schema))
        .build()
}

/// The API's OpenAPI document.
pub fn openapi() -> OpenApi {
    let mut components = ComponentsBuilder::new()
        .schema_from::<app::registry::service::OpenOrg>()
        .schema_from::<app::credit::service::OpenCreditEntry>()
        .schema_from::<app::rating::grades::OpenGrade>()
        .schema_from::<app::penalty::types::PublicDecision>()
        .schema_from::<app::penalty::types::SanctionView>()
        .schema_from::<app::charity::service::OpenCharity>()
        .schema_from::<app::charity::service::OpenPlan>()
        .schema_from::<app::charity::service::OpenDisclosure>()
        .schema_from::<app::inspection::results::OpenResult>()
        .schema_from::<app::inspection::joint::DepartmentFinding>()
        .schema_from::<app::inspection::types::ItemAnswerView>()
        .schema_from::<app::trust::types::TrustRow>()
        .schema_from::<app::lottery::service::OpenOutlet>()
        .schema_from::<app::illegal::types::WarningRow>()
        .schema("Error", error_schema());
    let mut paths = PathsBuilder::new();
    for d in DATASETS {
        let page_name = format!("{}Page", d.schema);
        components = components.schema(page_name.clone(), page_schema(d.schema));
        let mut params = vec![
            query_param(
                "cursor",
                "The `next_cursor` of the page before; absent for the first page",
                ObjectBuilder::new().schema_type(Type::String).pattern(Some("^[0-9]+$")),
            ),
            query_param(
                "limit",
                "Records in the page (default 50)",
                ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(1)).maximum(Some(MAX_LIMIT)),
            ),
        ];
        for p in d.params {
            let mut schema = ObjectBuilder::new().schema_type(Type::String);
            if !p.values.is_empty() {
                schema = schema.enum_values(Some(p.values.iter().copied()));
            }
            params.push(query_param(p.name, p.about, schema));
        }
        let bad = ResponseBuilder::new()
            .description("A parameter the list does not take, or a bad value")
            .content(
                "application/json",
                ContentBuilder::new().schema(Some(RefOr::Ref(Ref::from_schema_name("Error")))).build(),
            )
            .build();
        let json_op = OperationBuilder::new()
            .operation_id(Some(d.path.replace('-', "_")))
            .summary(Some(d.title))
            .parameters(Some(params.clone()))
            .response(
                "200",
                ResponseBuilder::new().description("A page of the list, in the order of its records' keys").content(
                    "application/json",
                    ContentBuilder::new().schema(Some(RefOr::Ref(Ref::from_schema_name(&page_name)))).build(),
                ),
            )
            .response("304", ResponseBuilder::new().description("Not modified since the ETag sent"))
            .response("400", bad.clone())
            .response("429", ResponseBuilder::new().description("Too many requests; see Retry-After"))
            .build();
        let csv_op = OperationBuilder::new()
            .operation_id(Some(format!("{}_csv", d.path.replace('-', "_"))))
            .summary(Some(format!("{} (CSV, every page, UTF-8 with BOM)", d.title)))
            .parameters(Some(params.into_iter().skip(2)))
            .response(
                "200",
                ResponseBuilder::new()
                    .description("The whole list as CSV")
                    .content("text/csv", ContentBuilder::new().build()),
            )
            .response("400", bad)
            .build();
        paths = paths
            .path(d.json_path(), PathItem::new(HttpMethod::Get, json_op))
            .path(d.csv_path(), PathItem::new(HttpMethod::Get, csv_op));
    }
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("阳光监管 open data")
                .version("1.0.0")
                .description(Some(
                    "The public lists of the civil-affairs bureau's registry as read-only JSON, paged by cursor, \
                     with the same data as CSV. Nothing here is personal beyond what the public pages show.",
                ))
                .build(),
        )
        .paths(paths.build())
        .components(Some(components.build()))
        .build()
}
