//! Officers' outlet registry: the list with its filters and CSV export, the
//! form to register or change an outlet, and the two CSV imports.

use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{StarGrade, StatusTag};
use crate::domain::lottery::Status;
use crate::i18n::{k, lookup, t, use_lang};
use crate::lottery::api::{get_districts, get_outlet, get_outlets, ChangeOutlet, CreateOutlet};
use crate::lottery::types::{OutletFilter, OutletInput, OutletPage, OUTLET_COLUMNS, SALES_COLUMNS};
use crate::registry::pages::ImportForm;
use crate::ui::form::{ErrorSummary, Field, FormState, Select};
use crate::ui::head::PageHead;
use crate::ui::layout::SectionNav;
use crate::ui::load::loaded;
use crate::ui::table::{filter_options, page_param, ExportCsv, FilterSearch, FilterSelect, FilterSubmit, ListTable};

pub(super) fn use_outlet_filter() -> Memo<OutletFilter> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| OutletFilter {
            q: q.get("q").unwrap_or_default(),
            district: q.get("district").unwrap_or_default(),
            status: q.get("status").unwrap_or_default(),
            page: page_param(q),
        })
    })
}

/// The officers' links between the lottery pages.
#[component]
pub(super) fn LotteryNav() -> impl IntoView {
    view! {
        <SectionNav label=k::LOT_TITLE links=&[
            ("/officer/lottery", k::LOT_OUTLETS),
            ("/officer/lottery/new", k::LOT_NEW),
            ("/officer/lottery/import", k::LOT_IMPORT_OUTLETS),
            ("/officer/lottery/sales/import", k::LOT_IMPORT_SALES),
            ("/officer/lottery/grading", k::LOT_GRADING),
            ("/officer/lottery/inspections", k::LOT_INSPECTIONS),
            ("/officer/lottery/kpi", k::LOT_KPI),
        ] />
    }
}

/// Search box, district and (officers) status filters.
#[component]
pub(super) fn OutletFilters(
    filter: OutletFilter,
    districts: Vec<String>,
    action: &'static str,
    officer: bool,
) -> impl IntoView {
    let lang = use_lang();
    let district_opts =
        filter_options(&filter.district, districts.into_iter().map(|d| (d.clone(), crate::domain::seeded::shown(&d))));
    let status_opts = filter_options(
        &filter.status,
        Status::ALL.into_iter().map(|s| (s.as_str(), lookup(lang, &format!("lot_status_{}", s.as_str())))),
    );
    view! {
        <Form method="GET" action=action attr:class="table-tools" attr:role="search">
            <FilterSearch label=k::LOT_FILTER_Q value=filter.q.clone() />
            <FilterSelect id="filter-district" name="district" label=k::FIELD_DISTRICT>{district_opts}</FilterSelect>
            {officer.then(|| view! {
                <FilterSelect id="filter-status" name="status" label=k::FIELD_STATUS>{status_opts}</FilterSelect>
            })}
            <FilterSubmit />
        </Form>
    }
}

/// A page of outlets as a table.
#[component]
pub(super) fn OutletTable(page: OutletPage, officer: bool) -> impl IntoView {
    if page.rows.is_empty() {
        return view! { <p class="empty">{t(k::LIST_EMPTY)}</p> }.into_any();
    }
    let rows = page
        .rows
        .iter()
        .map(|o| {
            let name = if officer {
                view! { <a href=format!("/officer/lottery/outlets/{}", o.id)>{o.name.clone()}</a> }.into_any()
            } else {
                view! { <span>{o.name.clone()}</span> }.into_any()
            };
            view! {
                <tr>
                    <td class="mono">{o.outlet_no.clone()}</td>
                    <td>{name}</td>
                    <td>{crate::domain::seeded::shown(&o.district)}</td>
                    <td>{o.address.clone()}</td>
                    {officer.then(|| view! { <td>{o.operator_name.clone()}</td><td><StatusTag status=o.status.clone() /></td> })}
                    <td>
                        <StarGrade grade=o.grade.clone() excellent=o.excellent />
                        {o.grade_year.map(|y| view! { <span class="muted">" ("{y}")"</span> })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <ListTable id="outlets-table" caption=k::LOT_OUTLETS heads={[Some(k::LOT_OUTLET_NO), Some(k::LOT_NAME), Some(k::FIELD_DISTRICT), Some(k::LOT_ADDRESS), officer.then_some(k::LOT_OPERATOR), officer.then_some(k::FIELD_STATUS), Some(k::LOT_GRADE)].into_iter().flatten().collect::<Vec<_>>()} total=page.total page=page.page per_page=page.per_page>{rows}</ListTable>
    }
    .into_any()
}

/// Every outlet: search by name, number or address; district and status filters; CSV.
#[component]
pub fn OutletsPage() -> impl IntoView {
    let filter = use_outlet_filter();
    let data = Resource::new(move || filter.get(), get_outlets);
    let districts = Resource::new(|| (), |_| get_districts());
    view! {
        <PageHead title=t(k::LOT_OUTLETS)>
            <ExportCsv path="/officer/lottery/export.csv" file="lottery-outlets.csv" />
        </PageHead>
        <LotteryNav />
        {loaded(districts, move |ds| view! { <OutletFilters filter=filter.get_untracked() districts=ds action="/officer/lottery" officer=true /> })}
        {loaded(data, move |page| view! { <OutletTable page=page officer=true /> })}
    }
}

/// The form of an outlet's registered items (new or change).
#[component]
fn OutletForm(id: Option<i64>, initial: OutletInput, districts: Vec<String>) -> impl IntoView {
    let create = ServerAction::<CreateOutlet>::new();
    let change = ServerAction::<ChangeOutlet>::new();
    let error = Signal::derive(move || {
        if id.is_some() {
            change.value().get().and_then(|r| r.err())
        } else {
            create.value().get().and_then(|r| r.err())
        }
    });
    let state = FormState::new("lot_outlet", error);
    let lang = use_lang();
    let mut district_opts = vec![(String::new(), t(k::SELECT_PLACEHOLDER).to_string())];
    district_opts.extend(districts.into_iter().map(|d| (d.clone(), crate::domain::seeded::shown(&d))));
    let kinds = vec![
        (String::new(), t(k::SELECT_PLACEHOLDER).to_string()),
        ("person".to_string(), lookup(lang, "lot_operator_person")),
        ("company".to_string(), lookup(lang, "lot_operator_company")),
    ];
    let labels = vec![
        ("outlet_no", k::LOT_OUTLET_NO),
        ("name", k::LOT_NAME),
        ("address", k::LOT_ADDRESS),
        ("district", k::FIELD_DISTRICT),
        ("lng", k::LOT_LNG),
        ("lat", k::LOT_LAT),
        ("operator_kind", k::LOT_OPERATOR_KIND),
        ("operator_name", k::LOT_OPERATOR),
        ("contact_person", k::LOT_CONTACT_PERSON),
        ("contact_phone", k::LOT_CONTACT_PHONE),
        ("terminals", k::LOT_TERMINALS),
        ("opened_on", k::LOT_OPENED_ON),
    ];
    let i = initial;
    let fields = view! {
        <ErrorSummary state=state labels=labels />
        {id.map(|id| view! { <input type="hidden" name="id" value=id /> })}
        <div class="form-grid">
            <Field state=state name="input[outlet_no]" error_name="outlet_no" label=k::LOT_OUTLET_NO hint=k::LOT_OUTLET_NO_HINT required=true initial=i.outlet_no.clone() />
            <Field state=state name="input[name]" error_name="name" label=k::LOT_NAME required=true initial=i.name.clone() />
            <Select state=state name="input[district]" error_name="district" label=k::FIELD_DISTRICT options=district_opts required=true initial=i.district.clone() />
            <Field state=state name="input[address]" error_name="address" label=k::LOT_ADDRESS required=true initial=i.address.clone() />
            <Field state=state name="input[lng]" error_name="lng" label=k::LOT_LNG hint=k::LOT_COORD_HINT required=true initial=i.lng.clone() />
            <Field state=state name="input[lat]" error_name="lat" label=k::LOT_LAT hint=k::LOT_COORD_HINT required=true initial=i.lat.clone() />
            <Select state=state name="input[operator_kind]" error_name="operator_kind" label=k::LOT_OPERATOR_KIND options=kinds required=true initial=i.operator_kind.clone() />
            <Field state=state name="input[operator_name]" error_name="operator_name" label=k::LOT_OPERATOR required=true initial=i.operator_name.clone() />
            <Field state=state name="input[contact_person]" error_name="contact_person" label=k::LOT_CONTACT_PERSON required=true initial=i.contact_person.clone() />
            <Field state=state name="input[contact_phone]" error_name="contact_phone" label=k::LOT_CONTACT_PHONE required=true initial=i.contact_phone.clone() kind="tel" />
            <Field state=state name="input[terminals]" error_name="terminals" label=k::LOT_TERMINALS hint=k::LOT_TERMINALS_HINT required=true initial=i.terminals.clone() />
            <Field state=state name="input[opened_on]" error_name="opened_on" label=k::LOT_OPENED_ON required=true initial=i.opened_on.clone() kind="date" />
        </div>
        <div class="form-actions">
            <button type="submit" class="btn btn-primary" id="outlet-submit">{t(k::LOT_SAVE)}</button>
        </div>
    };
    if id.is_some() {
        view! { <ActionForm action=change attr:class="form card" attr:novalidate=true attr:id="outlet-form">{fields}</ActionForm> }.into_any()
    } else {
        view! { <ActionForm action=create attr:class="form card" attr:novalidate=true attr:id="outlet-form">{fields}</ActionForm> }.into_any()
    }
}

#[component]
pub fn NewOutletPage() -> impl IntoView {
    let districts = Resource::new(|| (), |_| get_districts());
    view! {
        <p class="breadcrumbs"><a href="/officer/lottery">{t(k::LOT_OUTLETS)}</a></p>
        <h1 class="page-title">{t(k::LOT_NEW)}</h1>
        <p class="hint">{t(k::LOT_NEW_INTRO)}</p>
        {loaded(districts, |ds| view! { <OutletForm id=None initial=OutletInput::default() districts=ds /> })}
    }
}

#[component]
pub fn EditOutletPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(id, get_outlet);
    let districts = Resource::new(|| (), |_| get_districts());
    view! {
        <p class="breadcrumbs"><a href=move || format!("/officer/lottery/outlets/{}", id())>{t(k::LOT_BACK_TO_OUTLET)}</a></p>
        <h1 class="page-title">{t(k::LOT_CHANGE)}</h1>
        {loaded(districts, move |ds| {
            loaded(data, move |o| view! { <OutletForm id=Some(o.id) initial=o.input.clone() districts=ds.clone() /> })
        })}
    }
}

#[component]
pub fn ImportOutletsPage() -> impl IntoView {
    let columns = OUTLET_COLUMNS.iter().map(|(h, _)| *h).collect::<Vec<_>>().join(", ");
    view! {
        <LotteryNav />
        <ImportForm kind="lottery_outlets" title=k::LOT_IMPORT_OUTLETS intro=k::LOT_IMPORT_OUTLETS_INTRO columns=columns upload="/officer/lottery/import/upload" />
    }
}

#[component]
pub fn ImportSalesPage() -> impl IntoView {
    let columns = SALES_COLUMNS.iter().map(|(h, _)| *h).collect::<Vec<_>>().join(", ");
    view! {
        <LotteryNav />
        <ImportForm kind="lottery_sales" title=k::LOT_IMPORT_SALES intro=k::LOT_IMPORT_SALES_INTRO columns=columns upload="/officer/lottery/sales/import/upload" />
    }
}
